#include "careergraph/framework/export.h"

#include <sstream>

#include <nlohmann/json.hpp>

#include "framework/toml_config.h"

namespace careergraph {
namespace {

std::string_view RuleName(PolicyRule r) { return r == PolicyRule::kAny ? "any" : "listed"; }

// Calls f(key, value) for each field a claim sets, in the order the format documents them:
// strings, then id lists, thresholds and min_n through the other two callbacks.
template <typename S, typename L, typename N>
void ForEachClaimField(const Claim& c, S&& str, L&& list, N&& num) {
  str("id", c.id);
  str("statement", c.statement);
  str("kind", std::string(ClaimKindName(c.kind)));
  if (!c.tracks.empty()) list("tracks", c.tracks);
  if (!c.to.empty()) list("to", c.to);
  if (!c.ignore.empty()) list("ignore", c.ignore);
  for (auto [key, value] : {std::pair<const char*, const std::string*>{"from_track", &c.from_track},
                            {"to_track", &c.to_track}, {"from_role", &c.from_role}, {"to_role", &c.to_role},
                            {"role", &c.role}, {"later", &c.later}, {"title_of", &c.title_of}}) {
    if (!value->empty()) str(key, *value);
  }
  if (c.at_least) num("at_least", *c.at_least, false);
  if (c.at_most) num("at_most", *c.at_most, false);
  num("min_n", static_cast<double>(c.min_n), true);
  if (!c.note.empty()) str("note", c.note);
}

}  // namespace

std::string FrameworkToJson(const Framework& fw) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["id"] = fw.id;
  j["name"] = fw.name;
  j["version"] = fw.version;
  j["description"] = fw.description;
  if (!fw.source.empty()) j["source"] = fw.source;
  j["competencies"] = ordered_json::array();
  for (const Competency& c : fw.competencies) {
    ordered_json cj{{"id", c.id}, {"name", c.name}, {"group", c.group},
                    {"scale", {c.scale_min, c.scale_max}}, {"description", c.description}};
    if (!c.levels.empty()) cj["levels"] = c.levels;
    j["competencies"].push_back(std::move(cj));
  }
  j["tracks"] = ordered_json::array();
  for (const Track& t : fw.tracks) {
    ordered_json roles = ordered_json::array();
    for (const Role* r : fw.RolesOfTrack(t.id)) roles.push_back(r->id);
    j["tracks"].push_back({{"id", t.id}, {"name", t.name}, {"kind", t.kind},
                           {"description", t.description}, {"roles", roles}});
  }
  j["roles"] = ordered_json::array();
  for (const Role& r : fw.roles) {
    ordered_json req = ordered_json::object();
    for (const Requirement& q : r.requirements) req[q.competency] = q.level;
    j["roles"].push_back({{"id", r.id}, {"name", r.name}, {"track", r.track}, {"level", r.level},
                          {"description", r.description}, {"aliases", r.aliases},
                          {"requires", req}});
  }
  j["destinations"] = ordered_json::array();
  for (const Destination& d : fw.destinations) {
    j["destinations"].push_back({{"id", d.id}, {"name", d.name}, {"description", d.description}});
  }
  j["moves"] = ordered_json::array();
  for (const Move& m : fw.moves) {
    const MoveClass c = fw.Classify(m.from, m.to);
    ordered_json mj{{"from", m.from}, {"to", m.to}, {"kind", MoveKindName(m.kind)}};
    if (m.kind == MoveKind::kCrossTrack) {
      mj["level_change"] = c.level_change == LevelChange::kRises   ? "rises"
                           : c.level_change == LevelChange::kFalls ? "falls"
                                                                   : "same";
    }
    mj["typical"] = m.typical;
    mj["note"] = m.note;
    j["moves"].push_back(std::move(mj));
  }
  j["claims"] = ordered_json::array();
  for (const Claim& c : fw.claims) {
    ordered_json cj = ordered_json::object();
    ForEachClaimField(
        c, [&](const char* k, const std::string& v) { cj[k] = v; },
        [&](const char* k, const std::vector<std::string>& v) { cj[k] = v; },
        [&](const char* k, double v, bool integer) {
          if (integer) cj[k] = static_cast<int64_t>(v); else cj[k] = v;
        });
    j["claims"].push_back(std::move(cj));
  }
  j["policy"] = {{"cross_track", RuleName(fw.policy.cross_track)},
                 {"step_back", RuleName(fw.policy.step_back)},
                 {"skip_level", RuleName(fw.policy.skip_level)},
                 {"entry", RuleName(fw.policy.entry)},
                 {"exit", RuleName(fw.policy.exit)}};
  return j.dump(2) + "\n";
}

std::string FrameworkToToml(const Framework& fw) {
  toml::table doc;
  toml::table header{{"id", fw.id}, {"name", fw.name}, {"version", fw.version},
                     {"description", fw.description}};
  if (!fw.source.empty()) header.insert("source", fw.source);
  doc.insert("framework", std::move(header));
  toml::array comps;
  for (const Competency& c : fw.competencies) {
    toml::table t{{"id", c.id}, {"name", c.name}, {"group", c.group},
                  {"scale", toml::array{c.scale_min, c.scale_max}}, {"description", c.description}};
    if (!c.levels.empty()) {
      toml::array levels;
      for (const std::string& l : c.levels) levels.push_back(l);
      t.insert("levels", std::move(levels));
    }
    comps.push_back(std::move(t));
  }
  doc.insert("competency", std::move(comps));
  toml::array tracks;
  for (const Track& t : fw.tracks) {
    tracks.push_back(toml::table{{"id", t.id}, {"name", t.name}, {"kind", t.kind}, {"description", t.description}});
  }
  doc.insert("track", std::move(tracks));
  toml::array roles;
  for (const Role& r : fw.roles) {
    toml::array aliases;
    for (const std::string& a : r.aliases) aliases.push_back(a);
    toml::table req;
    for (const Requirement& q : r.requirements) req.insert(q.competency, q.level);
    req.is_inline(true);
    roles.push_back(toml::table{{"id", r.id}, {"name", r.name}, {"track", r.track}, {"level", r.level},
                                {"description", r.description}, {"aliases", std::move(aliases)},
                                {"requires", std::move(req)}});
  }
  doc.insert("role", std::move(roles));
  toml::array dests;
  for (const Destination& d : fw.destinations) {
    dests.push_back(toml::table{{"id", d.id}, {"name", d.name}, {"description", d.description}});
  }
  doc.insert("destination", std::move(dests));
  toml::array moves;
  for (const Move& m : fw.moves) {
    moves.push_back(toml::table{{"from", m.from}, {"to", m.to}, {"typical", m.typical}, {"note", m.note}});
  }
  if (!moves.empty()) doc.insert("move", std::move(moves));
  doc.insert("policy", toml::table{{"cross_track", RuleName(fw.policy.cross_track)},
                                   {"step_back", RuleName(fw.policy.step_back)},
                                   {"skip_level", RuleName(fw.policy.skip_level)},
                                   {"entry", RuleName(fw.policy.entry)},
                                   {"exit", RuleName(fw.policy.exit)}});
  toml::array claims;
  for (const Claim& c : fw.claims) {
    toml::table t;
    ForEachClaimField(
        c, [&](const char* k, const std::string& v) { t.insert(k, v); },
        [&](const char* k, const std::vector<std::string>& v) {
          toml::array a;
          for (const std::string& s : v) a.push_back(s);
          t.insert(k, std::move(a));
        },
        [&](const char* k, double v, bool integer) {
          if (integer) t.insert(k, static_cast<int64_t>(v)); else t.insert(k, v);
        });
    claims.push_back(std::move(t));
  }
  if (!claims.empty()) doc.insert("claim", std::move(claims));
  std::ostringstream out;
  // Single-line basic strings only: toml++ 3.3 writes a string holding three single quotes as
  // a broken literal string, and a multi-line string's leading newline is lost on reading.
  constexpr toml::format_flags kFlags =
      toml::toml_formatter::default_flags &
      ~(toml::format_flags::allow_literal_strings | toml::format_flags::allow_multi_line_strings);
  out << toml::toml_formatter(doc, kFlags) << "\n";
  return out.str();
}

}  // namespace careergraph
