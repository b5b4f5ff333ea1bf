// The framework TOML loader. toml++ parses (with exceptions off, see toml_config.h); this file
// walks the document once, converting and checking every field, and then checks the
// references between sections. Problems are collected, never thrown, so one run reports all.
#include "careergraph/framework/loader.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "careergraph/base/diagnostics.h"
#include "careergraph/base/file.h"
#include "framework/toml_config.h"

namespace careergraph {
namespace {

// Where a node sits in the file, for messages.
struct Pos {
  size_t line = 0;
  size_t column = 0;
};

// The first definition of an id, for "duplicate" messages.
struct Claimed {
  Pos pos;
  std::string what;  // "role", "destination", ...
};

Pos PosOf(const toml::source_region& r) { return {r.begin.line, r.begin.column}; }

std::string_view TypeName(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

constexpr const char* kIdRule =
    "expected lower-case letters, digits, '-' or '_', starting with a letter or digit, at most 64 "
    "characters";

// A value as the user wrote it, for messages: strings quoted, other values in TOML form.
std::string ValueText(const toml::node& n) {
  if (const auto* s = n.as_string()) return fmt::format("\"{}\"", s->get());
  if (const auto* i = n.as_integer()) return std::to_string(i->get());
  if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
  if (const auto* f = n.as_floating_point()) return fmt::format("{}", f->get());
  return std::string(TypeName(n));
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(id[0])) return false;
  return std::all_of(id.begin(), id.end(),
                     [&](char c) { return lower_or_digit(c) || c == '-' || c == '_'; });
}

class Loader {
 public:
  explicit Loader(std::string_view file) : file_(file) {}

  Result<Framework> Run(std::string_view text) {
    if (std::optional<TomlPosition> at = FindNonAsciiOutsideStrings(text)) {
      Report({at->line, at->column}, "TOML syntax error: a non-ASCII character outside a string or "
                                     "comment; quote the value (\"...\") or the key");
      return Error(diags_.ToStatus());
    }
    toml::parse_result parsed = toml::parse(text, file_);
    if (!parsed) {
      const toml::parse_error& e = parsed.error();
      std::string hint;
      // toml++ sees an unclosed string as a line break inside it; say the likelier cause too.
      if (e.description().find("control characters") != std::string_view::npos) {
        hint = " (is a string missing its closing quote?)";
      }
      Report(PosOf(e.source()), fmt::format("TOML syntax error: {}{}", e.description(), hint));
      return Error(diags_.ToStatus());
    }
    const toml::table& doc = parsed.table();
    CheckKeys(doc, "the file", {"framework", "competency", "track", "role", "destination", "move",
                                "policy", "claim"});
    ReadHeader(doc);
    ForEachTable(doc, "competency", [&](const toml::table& t) { ReadCompetency(t); });
    ForEachTable(doc, "track", [&](const toml::table& t) { ReadTrack(t); });
    ForEachTable(doc, "role", [&](const toml::table& t) { ReadRole(t); });
    ForEachTable(doc, "destination", [&](const toml::table& t) { ReadDestination(t); });
    ReadPolicy(doc);
    fw_.Index();  // references are checked against the indexes
    CheckRoles();
    ForEachTable(doc, "move", [&](const toml::table& t) { ReadMove(t); });
    fw_.Index();
    ForEachTable(doc, "claim", [&](const toml::table& t) { ReadClaim(t); });
    if (!diags_.empty()) {
      diags_.SortByPosition();  // checks run in phases; the user reads the file top to bottom
      return Error(diags_.ToStatus());
    }
    return std::move(fw_);
  }

 private:
  void Report(Pos p, std::string message) { diags_.Add(file_, p.line, p.column, std::move(message)); }

  // Rejects keys the format does not know, naming the ones it does (typos are the usual cause).
  void CheckKeys(const toml::table& t, std::string_view where,
                 std::initializer_list<std::string_view> known) {
    for (auto&& [key, value] : t) {
      if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
      std::string list;
      for (std::string_view k : known) list += fmt::format("{}'{}'", list.empty() ? "" : ", ", k);
      Report(PosOf(key.source()), fmt::format("unknown key '{}' in {}; expected one of {}",
                                              key.str(), where, list));
    }
  }

  template <typename F>
  void ForEachTable(const toml::table& doc, std::string_view name, F&& f) {
    const toml::node* n = doc.get(name);
    if (!n) return;
    const toml::array* arr = n->as_array();
    if (!arr) {
      Report(PosOf(n->source()), fmt::format("'{}' must be an array of tables, written [[{}]]; "
                                             "found {}", name, name, TypeName(*n)));
      return;
    }
    for (const toml::node& item : *arr) {
      if (const toml::table* t = item.as_table()) {
        f(*t);
      } else {
        Report(PosOf(item.source()),
               fmt::format("each [[{}]] entry must be a table; found {}", name, TypeName(item)));
      }
    }
  }

  // Reads a string field. Missing required fields are reported at the table's header.
  std::string String(const toml::table& t, std::string_view key, std::string_view where,
                     bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) Report(PosOf(t.source()), fmt::format("{}: missing required field '{}' (a string)", where, key));
      return {};
    }
    if (const auto* s = n->as_string()) {
      if (required && s->get().empty()) {
        Report(PosOf(n->source()), fmt::format("{}: field '{}' must not be empty", where, key));
      }
      return s->get();
    }
    Report(PosOf(n->source()),
           fmt::format("{}: field '{}' must be a string; found {}", where, key, TypeName(*n)));
    return {};
  }

  std::optional<int64_t> Integer(const toml::table& t, std::string_view key, std::string_view where,
                                 bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) Report(PosOf(t.source()), fmt::format("{}: missing required field '{}' (an integer)", where, key));
      return std::nullopt;
    }
    if (const auto* i = n->as_integer()) return i->get();
    Report(PosOf(n->source()),
           fmt::format("{}: field '{}' must be an integer; found {}", where, key, TypeName(*n)));
    return std::nullopt;
  }

  bool Boolean(const toml::table& t, std::string_view key, std::string_view where) {
    const toml::node* n = t.get(key);
    if (!n) return false;
    if (const auto* b = n->as_boolean()) return b->get();
    Report(PosOf(n->source()),
           fmt::format("{}: field '{}' must be true or false; found {}", where, key, TypeName(*n)));
    return false;
  }

  // Reads and checks an id; returns "" (and reports) when it is missing or malformed.
  std::string Id(const toml::table& t, std::string_view what) {
    std::string id = String(t, "id", fmt::format("[[{}]]", what), true);
    if (id.empty()) return id;
    if (!IsValidId(id)) {
      Report(PosOf(t.get("id")->source()), fmt::format("[[{}]] id '{}': {}", what, id, kIdRule));
      return {};
    }
    return id;
  }

  // Ids share one namespace per kind; roles and destinations share one (they are both states).
  bool Claim(std::map<std::string, Claimed>* seen, const std::string& id, const toml::table& t,
             std::string_view what) {
    if (id.empty()) return false;
    Pos here = PosOf(t.get("id")->source());
    auto [it, fresh] = seen->emplace(id, Claimed{here, std::string(what)});
    if (!fresh) {
      if (it->second.what == what) {
        Report(here, fmt::format("duplicate {} id '{}' (first defined at line {})", what, id,
                                 it->second.pos.line));
      } else {
        Report(here, fmt::format("{} id '{}' is already the id of a {} (line {}); roles and "
                                 "destinations share one id space", what, id, it->second.what,
                                 it->second.pos.line));
      }
    }
    return fresh;
  }

  void ReadHeader(const toml::table& doc) {
    const toml::node* n = doc.get("framework");
    if (!n) {
      Report({1, 1}, "missing the [framework] table (id, name, version, description)");
      return;
    }
    const toml::table* t = n->as_table();
    if (!t) {
      Report(PosOf(n->source()), fmt::format("'framework' must be a table; found {}", TypeName(*n)));
      return;
    }
    CheckKeys(*t, "[framework]", {"id", "name", "version", "description", "source"});
    fw_.id = String(*t, "id", "[framework]", true);
    if (!fw_.id.empty() && !IsValidId(fw_.id)) {
      Report(PosOf(t->get("id")->source()),
             fmt::format("[framework] id '{}': {}", fw_.id, kIdRule));
    }
    fw_.name = String(*t, "name", "[framework]", true);
    fw_.version = String(*t, "version", "[framework]", true);
    fw_.description = String(*t, "description", "[framework]", false);
    fw_.source = String(*t, "source", "[framework]", false);
  }

  void ReadCompetency(const toml::table& t) {
    CheckKeys(t, "[[competency]]", {"id", "name", "group", "scale", "description", "levels"});
    Competency c;
    c.id = Id(t, "competency");
    const bool fresh = Claim(&competency_ids_, c.id, t, "competency");
    const std::string where = fmt::format("competency '{}'", c.id);
    c.name = String(t, "name", where, true);
    c.group = String(t, "group", where, true);
    c.description = String(t, "description", where, false);
    const toml::node* scale = t.get("scale");
    if (!scale) {
      Report(PosOf(t.source()), fmt::format("{}: missing required field 'scale' ([min, max] integers)", where));
    } else {
      const toml::array* a = scale->as_array();
      if (!a || a->size() != 2 || !(*a)[0].as_integer() || !(*a)[1].as_integer()) {
        Report(PosOf(scale->source()),
               fmt::format("{}: 'scale' must be [min, max], two integers", where));
      } else {
        const int64_t lo = (*a)[0].as_integer()->get();
        const int64_t hi = (*a)[1].as_integer()->get();
        if (lo >= hi || lo < 0 || hi > 100) {
          Report(PosOf(scale->source()),
                 fmt::format("{}: scale [{}, {}] must have min < max, within 0..100", where, lo, hi));
        } else {
          c.scale_min = static_cast<int>(lo);
          c.scale_max = static_cast<int>(hi);
        }
      }
    }
    if (const toml::node* levels = t.get("levels")) {
      const toml::array* a = levels->as_array();
      if (!a || (!a->empty() && !a->is_homogeneous(toml::node_type::string))) {  // [] is homogeneous to us
        Report(PosOf(levels->source()), fmt::format("{}: 'levels' must be an array of strings", where));
      } else {
        for (const toml::node& l : *a) c.levels.push_back(l.as_string()->get());
        const size_t want = static_cast<size_t>(std::max(0, c.scale_max - c.scale_min + 1));
        if (c.levels.size() != want) {
          Report(PosOf(levels->source()),
                 fmt::format("{}: 'levels' has {} descriptions; the scale [{}, {}] needs {}", where,
                             c.levels.size(), c.scale_min, c.scale_max, want));
        }
      }
    }
    if (fresh) fw_.competencies.push_back(std::move(c));
  }

  void ReadTrack(const toml::table& t) {
    CheckKeys(t, "[[track]]", {"id", "name", "kind", "description"});
    Track tr;
    tr.id = Id(t, "track");
    const bool fresh = Claim(&track_ids_, tr.id, t, "track");
    const std::string where = fmt::format("track '{}'", tr.id);
    tr.name = String(t, "name", where, true);
    tr.kind = String(t, "kind", where, true);
    tr.description = String(t, "description", where, false);
    if (fresh) {
      track_pos_[tr.id] = PosOf(t.source());
      fw_.tracks.push_back(std::move(tr));
    }
  }

  void ReadRole(const toml::table& t) {
    CheckKeys(t, "[[role]]", {"id", "name", "track", "level", "description", "aliases", "requires"});
    Role r;
    r.id = Id(t, "role");
    const bool fresh = Claim(&state_ids_, r.id, t, "role");
    const std::string where = fmt::format("role '{}'", r.id);
    r.name = String(t, "name", where, true);
    r.track = String(t, "track", where, true);
    if (!r.track.empty()) tracks_with_roles_.insert(r.track);
    r.description = String(t, "description", where, false);
    if (auto level = Integer(t, "level", where, true)) {
      if (*level < 1 || *level > 1000) {
        Report(PosOf(t.get("level")->source()),
               fmt::format("{}: level {} must be between 1 and 1000", where, *level));
      } else {
        r.level = static_cast<int>(*level);
      }
    }
    if (const toml::node* aliases = t.get("aliases")) {
      const toml::array* a = aliases->as_array();
      if (!a || (!a->empty() && !a->is_homogeneous(toml::node_type::string))) {  // [] is homogeneous to us
        Report(PosOf(aliases->source()), fmt::format("{}: 'aliases' must be an array of strings", where));
      } else {
        for (const toml::node& n : *a) {
          const std::string& alias = n.as_string()->get();
          const std::string norm = NormalizeTitle(alias);
          if (norm.empty()) {
            Report(PosOf(n.source()), fmt::format("{}: alias '{}' has no letters or digits", where, alias));
            continue;
          }
          auto [it, fresh_alias] = alias_owner_.emplace(norm, AliasOwner{r.id, alias, PosOf(n.source())});
          if (!fresh_alias) {
            const AliasOwner& owner = it->second;
            Report(PosOf(n.source()),
                   owner.role == r.id
                       ? fmt::format("{}: alias '{}' is listed twice", where, alias)
                       : fmt::format("{}: alias '{}' is already claimed by role '{}' as '{}' (line "
                                     "{}); a title may mean only one role",
                                     where, alias, owner.role, owner.alias, owner.pos.line));
            continue;
          }
          r.aliases.push_back(alias);
        }
      }
    }
    if (const toml::node* req = t.get("requires")) {
      if (const toml::table* rt = req->as_table()) {
        for (auto&& [key, value] : *rt) {
          Requirement q{std::string(key.str()), 0};
          if (const auto* lvl = value.as_integer()) {
            // Checked against the scale later, on the 64-bit value so huge numbers cannot wrap.
            pending_requirements_.push_back({r.id, q.competency, lvl->get(), PosOf(value.source()),
                                             PosOf(key.source())});
            q.level = static_cast<int>(std::clamp<int64_t>(lvl->get(), -1, 101));
            r.requirements.push_back(std::move(q));
          } else {
            Report(PosOf(value.source()),
                   fmt::format("{}: required level of '{}' must be an integer; found {}", where,
                               key.str(), TypeName(value)));
          }
        }
      } else {
        Report(PosOf(req->source()),
               fmt::format("{}: 'requires' must be a table {{ competency = level, ... }}; found {}",
                           where, TypeName(*req)));
      }
    }
    if (fresh) {
      role_pos_[r.id] = {PosOf(t.source()), t.get("track") ? PosOf(t.get("track")->source()) : PosOf(t.source()),
                         t.get("level") ? PosOf(t.get("level")->source()) : PosOf(t.source())};
      fw_.roles.push_back(std::move(r));
    }
  }

  void ReadDestination(const toml::table& t) {
    CheckKeys(t, "[[destination]]", {"id", "name", "description"});
    Destination d;
    d.id = Id(t, "destination");
    const bool fresh = Claim(&state_ids_, d.id, t, "destination");
    const std::string where = fmt::format("destination '{}'", d.id);
    d.name = String(t, "name", where, true);
    d.description = String(t, "description", where, false);
    if (fresh) fw_.destinations.push_back(std::move(d));
  }

  void ReadPolicy(const toml::table& doc) {
    const toml::node* n = doc.get("policy");
    if (!n) return;
    const toml::table* t = n->as_table();
    if (!t) {
      Report(PosOf(n->source()), fmt::format("'policy' must be a table; found {}", TypeName(*n)));
      return;
    }
    CheckKeys(*t, "[policy]", {"cross_track", "step_back", "skip_level", "entry", "exit"});
    auto rule = [&](std::string_view key, PolicyRule* out) {
      const toml::node* v = t->get(key);
      if (!v) return;
      const auto* s = v->as_string();
      if (s && s->get() == "any") {
        *out = PolicyRule::kAny;
      } else if (s && s->get() == "listed") {
        *out = PolicyRule::kListed;
      } else {
        Report(PosOf(v->source()), fmt::format("[policy] {}: {} is not \"any\" or \"listed\"", key, ValueText(*v)));
      }
    };
    rule("cross_track", &fw_.policy.cross_track);
    rule("step_back", &fw_.policy.step_back);
    rule("skip_level", &fw_.policy.skip_level);
    rule("entry", &fw_.policy.entry);
    rule("exit", &fw_.policy.exit);
  }

  // Checks that need every competency, track and role: references and unique levels.
  void CheckRoles() {
    std::map<std::pair<std::string, int>, std::string> level_owner;
    std::set<std::string> used_tracks;
    for (const Role& r : fw_.roles) {
      const RolePos& rp = role_pos_[r.id];
      if (!r.track.empty()) {
        if (!fw_.FindTrack(r.track)) {
          Report(rp.track, fmt::format("role '{}': unknown track '{}'; expected one of {}", r.id,
                                       r.track, IdList(fw_.tracks)));
        } else {
          used_tracks.insert(r.track);
          if (r.level > 0) {
            auto [it, fresh] = level_owner.emplace(std::make_pair(r.track, r.level), r.id);
            if (!fresh) {
              Report(rp.level, fmt::format("role '{}': level {} of track '{}' is already taken by "
                                           "role '{}'; levels order a track and must differ",
                                           r.id, r.level, r.track, it->second));
            }
          }
        }
      }
    }
    for (const PendingRequirement& p : pending_requirements_) {
      const Competency* c = fw_.FindCompetency(p.competency);
      if (!c) {
        Report(p.key_pos, fmt::format("role '{}' requires unknown competency '{}'; expected one of {}",
                                      p.role, p.competency, IdList(fw_.competencies)));
      } else if (p.level < c->scale_min || p.level > c->scale_max) {
        Report(p.value_pos,
               fmt::format("role '{}' requires {} level {}, outside the competency's scale [{}, {}]",
                           p.role, c->id, p.level, c->scale_min, c->scale_max));
      }
    }
    for (const Track& tr : fw_.tracks) {
      if (!used_tracks.count(tr.id) && !tracks_with_roles_.count(tr.id)) {
        Report(track_pos_[tr.id], fmt::format("track '{}' has no roles; add a [[role]] with "
                                              "track = \"{}\" or remove the track", tr.id, tr.id));
      }
    }
  }

  void ReadMove(const toml::table& t) {
    CheckKeys(t, "[[move]]", {"from", "to", "kind", "typical", "note"});
    Move m;
    m.from = String(t, "from", "[[move]]", true);
    m.to = String(t, "to", "[[move]]", true);
    const std::string where = fmt::format("move '{}' -> '{}'", m.from, m.to);
    m.typical = Boolean(t, "typical", where);
    m.note = String(t, "note", where, false);
    if (m.from.empty() || m.to.empty()) return;
    bool ok = true;
    for (auto [key, id] : {std::pair<std::string_view, const std::string*>{"from", &m.from},
                           {"to", &m.to}}) {
      if (!fw_.IsState(*id)) {
        Report(PosOf(t.get(key)->source()),
               fmt::format("{}: unknown role or destination '{}' in '{}'", where, *id, key));
        ok = false;
      }
    }
    if (!ok) return;
    if (m.from == m.to) {
      Report(PosOf(t.source()), fmt::format("{}: a move must go from one state to another, not "
                                            "to itself", where));
      return;
    }
    if (fw_.FindDestination(m.from) && fw_.FindDestination(m.to)) {
      Report(PosOf(t.source()), fmt::format("{}: both ends are destinations; a move needs a role "
                                            "at one end at least", where));
      return;
    }
    const MoveKind derived = fw_.Classify(m.from, m.to).kind;
    m.kind = derived;
    if (const toml::node* k = t.get("kind")) {
      const auto* s = k->as_string();
      std::optional<MoveKind> given = s ? ParseMoveKind(s->get()) : std::nullopt;
      if (!given) {
        Report(PosOf(k->source()), fmt::format("{}: kind {} is not one of \"promotion\", "
                                               "\"step-back\", \"cross-track\", \"entry\", \"exit\"",
                                               where, ValueText(*k)));
      } else if (*given != derived) {
        Report(PosOf(k->source()),
               fmt::format("{}: kind \"{}\" contradicts the framework, which makes it \"{}\" "
                           "(leave 'kind' out to derive it)",
                           where, MoveKindName(*given), MoveKindName(derived)));
      }
    }
    auto [it, fresh] = move_pos_.emplace(std::make_pair(m.from, m.to), PosOf(t.source()));
    if (!fresh) {
      Report(PosOf(t.source()), fmt::format("{}: listed twice (first at line {})", where, it->second.line));
      return;
    }
    fw_.moves.push_back(std::move(m));
  }

  // [[claim]]: the fields each kind takes, every id resolved, thresholds in [0, 1].
  void ReadClaim(const toml::table& t) {
    struct KindSpec {
      ClaimKind kind;
      std::vector<std::string_view> required;  // beyond id, statement, kind
      bool threshold;                          // at_least or at_most required
    };
    static const std::vector<KindSpec> kSpecs = {
        {ClaimKind::kEnterAndLeaveAnywhere, {"tracks"}, false},
        {ClaimKind::kLeaversGoTo, {"from_track", "to"}, true},
        {ClaimKind::kCrossingsAllLevels, {"from_track", "to_track"}, false},
        {ClaimKind::kTopCrossing, {"from_track", "to_track", "from_role", "to_role"}, false},
        {ClaimKind::kRoleLaterHolds, {"role", "later"}, true},
        {ClaimKind::kTitleShare, {"role", "title_of"}, true},
        {ClaimKind::kBothDirections, {"tracks"}, true},
        {ClaimKind::kTrackCount, {"tracks"}, false},
    };
    CheckKeys(t, "[[claim]]", {"id", "statement", "kind", "tracks", "to", "from_track", "to_track",
                               "from_role", "to_role", "role", "later", "title_of", "ignore", "at_least",
                               "at_most", "min_n", "note"});
    careergraph::Claim c;
    c.id = Id(t, "claim");
    if (!c.id.empty() && !claim_ids_.insert(c.id).second) {
      Report(PosOf(t.get("id")->source()), fmt::format("[[claim]] id '{}' is used twice", c.id));
      return;
    }
    const std::string where = fmt::format("claim '{}'", c.id);
    c.statement = String(t, "statement", where, true);
    c.note = String(t, "note", where, false);
    const std::string kind = String(t, "kind", where, true);
    std::optional<ClaimKind> k = ParseClaimKind(kind);
    if (!k) {
      if (!kind.empty()) {
        std::string names;
        for (const KindSpec& spec : kSpecs) names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", ClaimKindName(spec.kind));
        Report(PosOf(t.get("kind")->source()), fmt::format("{}: kind \"{}\" is not one of {}", where, kind, names));
      }
      return;
    }
    c.kind = *k;
    const KindSpec& spec = kSpecs[static_cast<size_t>(*k)];
    static const std::vector<std::string_view> kSpecific = {"tracks", "to", "from_track", "to_track", "from_role",
                                                            "to_role", "role", "later", "title_of", "ignore"};
    for (std::string_view key : kSpecific) {
      const bool optional = key == "ignore" && c.kind == ClaimKind::kLeaversGoTo;
      const bool wanted = optional || std::find(spec.required.begin(), spec.required.end(), key) != spec.required.end();
      const toml::node* n = t.get(key);
      if (!wanted && n) {
        std::string takes;
        for (std::string_view r : spec.required) takes += fmt::format("{}'{}'", takes.empty() ? "" : ", ", r);
        Report(PosOf(n->source()), fmt::format("{}: field '{}' does not apply to kind \"{}\", which takes {}",
                                               where, key, kind, takes));
      } else if (wanted && !n && !optional) {
        Report(PosOf(t.source()), fmt::format("{}: kind \"{}\" needs field '{}'", where, kind, key));
      }
    }
    auto track_ref = [&](std::string_view key, std::string* out) {
      if (!t.get(key)) return;
      *out = String(t, key, where, true);
      if (!out->empty() && !fw_.FindTrack(*out)) {
        Report(PosOf(t.get(key)->source()), fmt::format("{}: unknown track '{}' in '{}'; expected one of {}",
                                                        where, *out, key, IdList(fw_.tracks)));
      }
    };
    auto role_ref = [&](std::string_view key, std::string* out) {
      if (!t.get(key)) return;
      *out = String(t, key, where, true);
      if (!out->empty() && !fw_.FindRole(*out)) {
        Report(PosOf(t.get(key)->source()), fmt::format("{}: unknown role '{}' in '{}'", where, *out, key));
      }
    };
    // A list of ids; `destinations_too` admits destination ids beside track ids.
    auto id_list = [&](std::string_view key, std::vector<std::string>* out, bool destinations_too) {
      const toml::node* n = t.get(key);
      if (!n) return;
      const toml::array* arr = n->as_array();
      if (!arr || arr->empty()) {
        Report(PosOf(n->source()), fmt::format("{}: '{}' must be a non-empty array of {} ids", where, key,
                                               destinations_too ? "track or destination" : "track"));
        return;
      }
      for (const toml::node& item : *arr) {
        const auto* s = item.as_string();
        if (!s) {
          Report(PosOf(item.source()), fmt::format("{}: '{}' entries must be strings; found {}", where, key, TypeName(item)));
          continue;
        }
        const std::string& id = s->get();
        if (!fw_.FindTrack(id) && !(destinations_too && fw_.FindDestination(id))) {
          Report(PosOf(item.source()),
                 fmt::format("{}: unknown {} '{}' in '{}'", where,
                             destinations_too ? "track or destination" : "track", id, key));
          continue;
        }
        out->push_back(id);
      }
    };
    id_list("tracks", &c.tracks, false);
    id_list("to", &c.to, true);
    if (const toml::node* n = t.get("ignore"); n && c.kind == ClaimKind::kLeaversGoTo) {
      const toml::array* arr = n->as_array();
      if (!arr) {
        Report(PosOf(n->source()), fmt::format("{}: 'ignore' must be an array of destination ids", where));
      } else {
        for (const toml::node& item : *arr) {
          const auto* s = item.as_string();
          if (!s || !fw_.FindDestination(s->get())) {
            Report(PosOf(item.source()), fmt::format("{}: 'ignore' entries must be destination ids; found {}", where,
                                                     ValueText(item)));
          } else {
            c.ignore.push_back(s->get());
          }
        }
      }
    }
    track_ref("from_track", &c.from_track);
    track_ref("to_track", &c.to_track);
    role_ref("from_role", &c.from_role);
    role_ref("to_role", &c.to_role);
    role_ref("role", &c.role);
    role_ref("later", &c.later);
    role_ref("title_of", &c.title_of);
    if (c.kind == ClaimKind::kBothDirections && t.get("tracks") && c.tracks.size() != 2) {
      Report(PosOf(t.get("tracks")->source()), fmt::format("{}: kind \"both-directions\" takes exactly two tracks", where));
    }
    if (c.kind == ClaimKind::kTopCrossing) {
      const Role* fr = c.from_role.empty() ? nullptr : fw_.FindRole(c.from_role);
      const Role* tr = c.to_role.empty() ? nullptr : fw_.FindRole(c.to_role);
      if (fr && !c.from_track.empty() && fr->track != c.from_track) {
        Report(PosOf(t.get("from_role")->source()), fmt::format("{}: from_role '{}' is not in from_track '{}'", where, c.from_role, c.from_track));
      }
      if (tr && !c.to_track.empty() && tr->track != c.to_track) {
        Report(PosOf(t.get("to_role")->source()), fmt::format("{}: to_role '{}' is not in to_track '{}'", where, c.to_role, c.to_track));
      }
    }
    auto share = [&](std::string_view key) -> std::optional<double> {
      const toml::node* n = t.get(key);
      if (!n) return std::nullopt;
      std::optional<double> v;
      if (const auto* f = n->as_floating_point()) v = f->get();
      if (const auto* i = n->as_integer()) v = static_cast<double>(i->get());
      if (!v || !(*v >= 0 && *v <= 1)) {
        Report(PosOf(n->source()), fmt::format("{}: '{}' must be a share between 0 and 1; found {}", where, key, ValueText(*n)));
        return std::nullopt;
      }
      return v;
    };
    c.at_least = share("at_least");
    c.at_most = share("at_most");
    if (t.get("at_least") && t.get("at_most")) {
      Report(PosOf(t.get("at_most")->source()), fmt::format("{}: give 'at_least' or 'at_most', not both", where));
    } else if (spec.threshold && !t.get("at_least") && !t.get("at_most")) {
      Report(PosOf(t.source()), fmt::format("{}: kind \"{}\" needs a threshold, 'at_least' or 'at_most' (a share)", where, kind));
    } else if (!spec.threshold && (t.get("at_least") || t.get("at_most"))) {
      const toml::node* n = t.get("at_least") ? t.get("at_least") : t.get("at_most");
      Report(PosOf(n->source()), fmt::format("{}: kind \"{}\" takes no threshold", where, kind));
    }
    if (std::optional<int64_t> n = Integer(t, "min_n", where, false)) {
      if (*n < 1) {
        Report(PosOf(t.get("min_n")->source()), fmt::format("{}: 'min_n' must be at least 1; found {}", where, *n));
      } else {
        c.min_n = *n;
      }
    }
    fw_.claims.push_back(std::move(c));
  }

  template <typename T>
  static std::string IdList(const std::vector<T>& items) {
    if (items.empty()) return "(none defined)";
    std::string out;
    for (const T& i : items) out += fmt::format("{}'{}'", out.empty() ? "" : ", ", i.id);
    return out;
  }

  struct RolePos {
    Pos table, track, level;
  };
  struct PendingRequirement {
    std::string role;
    std::string competency;
    int64_t level;
    Pos value_pos;
    Pos key_pos;
  };

  std::string file_;
  Diagnostics diags_;
  Framework fw_;
  std::map<std::string, Claimed> competency_ids_, track_ids_, state_ids_;
  std::set<std::string> claim_ids_;
  std::set<std::string> tracks_with_roles_;  // named by any [[role]], valid or not
  struct AliasOwner {
    std::string role;
    std::string alias;  // as written
    Pos pos;
  };
  std::map<std::string, AliasOwner> alias_owner_;  // normalised alias -> first claim
  std::map<std::string, Pos> track_pos_;
  std::map<std::string, RolePos> role_pos_;
  std::map<std::pair<std::string, std::string>, Pos> move_pos_;
  std::vector<PendingRequirement> pending_requirements_;
};

}  // namespace

Result<Framework> ParseFramework(std::string_view toml_text, std::string_view file_name) {
  return Loader(file_name).Run(toml_text);
}

Result<Framework> LoadFrameworkFile(const std::string& path, std::string* text) {
  Result<std::string> contents = ReadFile(path);
  if (!contents) return Error(contents.error());
  Result<Framework> fw = ParseFramework(*contents, path);
  if (fw && text) *text = std::move(*contents);
  return fw;
}

}  // namespace careergraph
