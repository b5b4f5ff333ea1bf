// `careergraph tracks discover`: how many tracks the observed moves support — roles grouped by
// modularity on the move graph, each group ordered by the net direction of moves, compared with
// the framework's tracks (analysis/track_discovery.h). Table, JSON (one object, with the graph's
// edges and the partition so it can be checked independently) or CSV (the role → group table).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/analysis/track_discovery.h"
#include "cli/commands.h"

namespace careergraph::cli {
namespace {

struct DiscoverOpts {
  int groups = 0;
  double resolution = 1.0;
  int64_t min_moves = 1;
  int null_samples = 19;
  int bootstrap = 0;
  std::string since, until;
  std::vector<std::string> where;
  std::vector<std::string> tracks;
  CLI::Option* groups_option = nullptr;
};

Result<TrackDiscoveryOptions> ParseOptions(const DiscoverOpts& o) {
  TrackDiscoveryOptions options;
  if (o.groups_option->count() > 0) options.groups = o.groups;
  options.resolution = o.resolution;
  options.min_moves = o.min_moves;
  options.null_samples = o.null_samples;
  options.bootstrap = o.bootstrap;
  Result<std::optional<int32_t>> since = DateFlag("--since", o.since);
  if (!since) return Error(since.error());
  Result<std::optional<int32_t>> until = DateFlag("--until", o.until);
  if (!until) return Error(until.error());
  options.filter.since = *since;
  options.filter.until = *until;
  Result<std::vector<std::pair<std::string, std::string>>> where = WhereFlags(o.where);
  if (!where) return Error(where.error());
  options.filter.where = std::move(*where);
  return options;
}

Cell Optional(const std::optional<double>& v) { return v ? Cell(*v) : Cell(); }

nlohmann::ordered_json OptionalJson(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

std::string Chain(const std::vector<std::string>& roles) {
  std::string s;
  for (const std::string& r : roles) s += (s.empty() ? "" : " → ") + r;
  return s;
}

nlohmann::ordered_json ToJson(const TrackDiscovery& d) {
  using json = nlohmann::ordered_json;
  json j;
  j["method"] = d.exact ? "exhaustive" : "agglomerative";
  j["resolution"] = d.resolution;
  j["min_moves"] = d.min_moves;
  j["forced"] = d.forced;
  j["moves"] = d.moves;
  j["roles_placed"] = d.placed_roles;
  j["framework_tracks"] = d.framework_tracks;
  j["group_count"] = d.groups.size();
  j["modularity"] = d.modularity;
  j["best_k"] = d.best_k;
  j["supported"] = d.supported;
  j["null_samples"] = d.null_modularity.size();
  j["null_modularity"] = d.null_modularity;
  j["p_value"] = OptionalJson(d.p_value);
  j["bootstrap"] = {{"resamples", d.bootstrap}, {"best_k", d.bootstrap_k}, {"mean_ari", OptionalJson(d.bootstrap_ari)}};
  j["modularity_by_k"] = json::array();
  for (size_t k = 0; k < d.modularity_by_k.size(); ++k) {
    j["modularity_by_k"].push_back({{"k", k + 1}, {"modularity", d.modularity_by_k[k]}});
  }
  j["agreement"] = {{"ari", d.ari}, {"nmi", d.nmi}, {"tau_b", OptionalJson(d.tau_b)}};
  j["groups"] = json::array();
  for (const DiscoveredGroup& g : d.groups) {
    j["groups"].push_back({{"group", g.number}, {"roles", g.roles}, {"track", g.track}, {"overlap", g.overlap},
                           {"internal_moves", g.internal_moves}, {"backward_moves", g.backward_moves},
                           {"strength", g.strength}, {"tau_b", OptionalJson(g.tau_b)},
                           {"stability", OptionalJson(g.stability)}});
  }
  j["unplaced"] = d.unplaced;
  j["placed_differently"] = json::array();
  for (const PlacedDifferently& p : d.placed_differently) {
    json pull = json::array();
    for (const RoleMoveCount& m : p.pull) pull.push_back({{"from", m.from}, {"to", m.to}, {"count", m.count}});
    j["placed_differently"].push_back({{"role", p.role}, {"framework_track", p.framework_track}, {"group", p.group},
                                       {"group_track", p.group_track}, {"moves_with_group", p.moves_with_group},
                                       {"moves_with_track", p.moves_with_track}, {"pull", std::move(pull)}});
  }
  j["roles"] = json::array();
  for (const RolePlacement& r : d.roles) {
    j["roles"].push_back({{"role", r.role}, {"framework_track", r.framework_track},
                          {"framework_level", r.framework_level}, {"moves", r.moves},
                          {"group", r.group > 0 ? json(r.group) : json(nullptr)},
                          {"position", r.position > 0 ? json(r.position) : json(nullptr)}, {"differs", r.differs},
                          {"stability", OptionalJson(r.stability)}});
  }
  j["edges"] = json::array();
  for (const RoleMoveCount& e : d.edges) j["edges"].push_back({{"from", e.from}, {"to", e.to}, {"count", e.count}});
  return j;
}

Table RoleTable(const TrackDiscovery& d) {
  Table t;
  t.columns = {"role", "framework_track", "framework_level", "moves", "group", "position", "group_track", "differs",
               "stability"};
  for (const RolePlacement& r : d.roles) {
    const bool placed = r.group > 0;
    t.AddRow({r.role, r.framework_track, int64_t{r.framework_level}, r.moves,
              placed ? Cell(int64_t{r.group}) : Cell(), placed ? Cell(int64_t{r.position}) : Cell(),
              placed ? Cell(d.groups[static_cast<size_t>(r.group - 1)].track) : Cell(), r.differs,
              Optional(r.stability)});
  }
  return t;
}

// The number of groups and why, in one line.
std::string Verdict(const TrackDiscovery& d) {
  const size_t samples = d.null_modularity.size();
  const double null_max = samples ? *std::max_element(d.null_modularity.begin(), d.null_modularity.end()) : 0;
  const double best_q = d.modularity_by_k[static_cast<size_t>(d.best_k - 1)];
  const int supported = d.supported ? d.best_k : 1;
  std::string why;
  if (d.best_k == 1) {
    why = "no split has a higher modularity than one group";
  } else if (samples == 0) {
    why = fmt::format("the largest modularity, Q = {:.4f} at k = {}; not tested against random rewirings", best_q,
                      d.best_k);
  } else if (d.supported) {
    why = fmt::format("Q = {:.4f} at k = {} beats all {} random rewirings of the graph (their best: {:.4f}; p = {:.2f})",
                      best_q, d.best_k, samples, null_max, *d.p_value);
  } else {
    why = fmt::format("the best split (k = {}, Q = {:.4f}) does not beat random rewirings of the graph "
                      "(their best: {:.4f}; p = {:.2f})", d.best_k, best_q, null_max, *d.p_value);
  }
  if (d.forced) {
    return fmt::format("{} group{} (forced; Q = {:.4f}). Unforced: {} group{}, as {}", d.groups.size(),
                       d.groups.size() == 1 ? "" : "s", d.modularity, supported, supported == 1 ? "" : "s", why);
  }
  return fmt::format("{} group{}: {}", d.groups.size(), d.groups.size() == 1 ? "" : "s", why);
}

std::string Text(const TrackDiscovery& d) {
  auto tau = [](const std::optional<double>& v) { return v ? fmt::format("{:.2f}", *v) : std::string("n/a"); };
  std::string out = fmt::format(
      "Tracks discovered from {} moves between {} roles ({} search, resolution {}, roles with {}+ moves)\n"
      "{}\n"
      "The framework has {} track{} among these roles. Agreement: adjusted Rand index {:.3f}, normalised mutual "
      "information {:.3f}, Kendall tau-b of the order {}\n\n",
      d.moves, d.placed_roles, d.exact ? "exhaustive" : "agglomerative", d.resolution, d.min_moves, Verdict(d),
      d.framework_tracks, d.framework_tracks == 1 ? "" : "s", d.ari, d.nmi, tau(d.tau_b));

  Table groups;
  groups.title = "Discovered groups (roles bottom → top: the order with the fewest backward moves)";
  groups.columns = {"group", "matched_track", "overlap", "roles", "internal_moves", "backward_moves", "tau_b"};
  if (d.bootstrap > 0) groups.columns.push_back("stability");
  for (const DiscoveredGroup& g : d.groups) {
    std::vector<Cell> row{int64_t{g.number}, g.track, fmt::format("{}/{}", g.overlap, g.roles.size()), Chain(g.roles),
                          g.internal_moves, g.backward_moves, Optional(g.tau_b)};
    if (d.bootstrap > 0) row.push_back(Optional(g.stability));
    groups.AddRow(std::move(row));
  }
  out += Render(groups, Format::kTable);

  Table curve;
  curve.title = d.forced ? "\nModularity by number of groups (the number was forced)"
                         : "\nModularity by number of groups (the largest Q decides)";
  curve.columns = {"k", "Q", ""};
  for (size_t k = 1; k <= d.modularity_by_k.size(); ++k) {
    curve.AddRow({static_cast<int64_t>(k), fmt::format("{:.4f}", d.modularity_by_k[k - 1]),
                  k == d.groups.size() ? std::string("← chosen")
                  : static_cast<int>(k) == d.best_k ? std::string("← largest, not supported")
                                                    : std::string()});
  }
  out += Render(curve, Format::kTable);

  if (d.bootstrap > 0) {
    std::string ks;
    for (size_t k = 0; k < d.bootstrap_k.size(); ++k) {
      if (d.bootstrap_k[k] > 0) ks += fmt::format("{}k = {} in {}", ks.empty() ? "" : ", ", k + 1, d.bootstrap_k[k]);
    }
    out += fmt::format("\nBootstrap ({} resamples of people): the largest Q at {}; mean adjusted Rand index with this "
                       "grouping {}\n",
                       d.bootstrap, ks.empty() ? "none" : ks,
                       d.bootstrap_ari ? fmt::format("{:.3f}", *d.bootstrap_ari) : std::string("n/a"));
    Table unstable;
    unstable.title = "Roles by stability (share of the other roles they keep or avoid as here; least stable first)";
    unstable.columns = {"role", "group", "stability"};
    std::vector<const RolePlacement*> rows;
    for (const RolePlacement& r : d.roles) {
      if (r.stability) rows.push_back(&r);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const RolePlacement* a, const RolePlacement* b) { return *a->stability < *b->stability; });
    for (const RolePlacement* r : rows) unstable.AddRow({r->role, int64_t{r->group}, *r->stability});
    out += Render(unstable, Format::kTable);
  }
  if (d.placed_differently.empty()) {
    out += "\nEvery placed role is in the group matched to its framework track.\n";
  } else {
    Table diff;
    diff.title = "\nRoles the data places differently (pulled by: the largest moves with the rest of the group)";
    diff.columns = {"role", "framework_track", "group", "group_track", "moves_with_group", "moves_with_track",
                    "pulled_by"};
    for (const PlacedDifferently& p : d.placed_differently) {
      std::string pull;
      for (size_t i = 0; i < p.pull.size() && i < 3; ++i) {
        pull += fmt::format("{}{} → {} {}", pull.empty() ? "" : "; ", p.pull[i].from, p.pull[i].to, p.pull[i].count);
      }
      diff.AddRow({p.role, p.framework_track, int64_t{p.group}, p.group_track, p.moves_with_group,
                   p.moves_with_track, pull});
    }
    out += Render(diff, Format::kTable);
  }
  if (!d.unplaced.empty()) {
    std::string names;
    for (const std::string& r : d.unplaced) names += (names.empty() ? "" : ", ") + r;
    out += fmt::format("\nUnplaced (fewer than {} moves to or from other roles): {}\n", d.min_moves, names);
  }
  return out;
}

void RegisterDiscover(CLI::App* tracks, Context& ctx) {
  auto o = std::make_shared<DiscoverOpts>();
  CLI::App* cmd = tracks->add_subcommand(
      "discover", "Infer tracks from observed moves alone (modularity on the move graph), order each by the net "
                  "direction of moves, and compare with the framework's tracks");
  o->groups_option = cmd->add_option("--groups", o->groups, "Force this many groups (default: the number with the largest modularity, when it beats random rewirings; else 1)");
  cmd->add_option("--resolution", o->resolution, "Modularity resolution γ (> 0; larger gives more, smaller groups)")
      ->capture_default_str();
  cmd->add_option("--min-moves", o->min_moves, "Roles with fewer moves to or from other roles are left unplaced")
      ->capture_default_str();
  cmd->add_option("--null-samples", o->null_samples,
                  "Random rewirings (same move counts per role) the best split must beat to count (0: no test)")
      ->capture_default_str();
  cmd->add_option("--bootstrap", o->bootstrap,
                  "Resample people this many times to show how stable the grouping is (0: no; 100 takes seconds)")
      ->capture_default_str();
  cmd->add_option("--tracks", o->tracks, "Only the roles of these framework tracks (repeatable), e.g. to ask whether the data separates two of them")
      ->delimiter(',');
  cmd->add_option("--since", o->since, "Only moves on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)");
  cmd->add_option("--until", o->until, "Only moves on or before this date");
  cmd->add_option("--where", o->where, "Only people with this attribute value, ATTR=VALUE (repeatable: all must hold)");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<TrackDiscoveryOptions> options = ParseOptions(*o);
      if (!options) return options.error();
      CG_RETURN_IF_ERROR(CheckTrackDiscoveryOptions(*options));  // before the store is opened
      Result<AnalysisInput> in = OpenForAnalysis(ctx);
      if (!in) return in.error();
      const Framework& fw = in->session.framework;
      for (const std::string& t : o->tracks) {
        if (!fw.FindTrack(t)) {
          std::string known;
          for (const Track& k : fw.tracks) known += (known.empty() ? "" : ", ") + k.id;
          return Status::Invalid(fmt::format("--tracks '{}': not a track of framework '{}' {}; it has {}", t, fw.id,
                                             fw.version, known));
        }
        for (const Role* r : fw.RolesOfTrack(t)) options->only_roles.push_back(r->id);
      }
      TerminalProgress progress;  // rewirings and resamples: a bar (or the server's time limit)
      options->progress = &progress;
      Result<TrackDiscovery> d = DiscoverTracks(*in->population, in->session.framework, *options);
      options->progress = nullptr;
      if (!d) return d.error();
      if (*format == Format::kJson) return WriteOutput("", ToJson(*d).dump(2) + "\n");
      if (*format == Format::kCsv) return WriteOutput("", Render(RoleTable(*d), Format::kCsv));
      return WriteOutput("", Text(*d));
    };
  });
}

}  // namespace

void RegisterTracks(CLI::App& app, Context& ctx) {
  CLI::App* tracks = app.add_subcommand("tracks", "Tracks as the data shows them: `tracks discover`");
  tracks->require_subcommand(1);
  RegisterDiscover(tracks, ctx);
}

}  // namespace careergraph::cli
