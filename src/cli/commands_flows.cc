// `careergraph flows`: the track-to-track flow table (cross-track flows, the track matrix,
// entries and exits by track) as a table, JSON or CSV, and optionally the Sankey diagram as SVG.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/analysis/flows.h"
#include "careergraph/render/sankey.h"
#include "cli/commands.h"

namespace careergraph::cli {
namespace {

struct FlowsOpts {
  std::string since, until, svg;
  std::vector<std::string> where;
  bool cross_only = false;
};

Result<TransitionOptions> ParseOptions(const FlowsOpts& o) {
  TransitionOptions options;
  Result<std::optional<int32_t>> since = DateFlag("--since", o.since);
  if (!since) return Error(since.error());
  Result<std::optional<int32_t>> until = DateFlag("--until", o.until);
  if (!until) return Error(until.error());
  options.since = *since;
  options.until = *until;
  Result<std::vector<std::pair<std::string, std::string>>> where = WhereFlags(o.where);
  if (!where) return Error(where.error());
  options.where = std::move(*where);
  return options;
}

// The four sections as one long table; `section` says which, and from/to are tracks or
// destinations (entries come from a destination, exits go to one).
Table LongTable(const FlowTable& f) {
  Table t;
  t.columns = {"section", "from", "from_level", "from_role", "to", "to_level", "to_role",
               "count", "promotions", "step_backs", "share"};
  for (const CrossTrackFlow& c : f.cross_track) {
    t.AddRow({std::string("cross-track"), c.from_track, int64_t{c.from_level}, c.from_role, c.to_track,
              int64_t{c.to_level}, c.to_role, c.count, Cell(), Cell(), c.share});
  }
  for (const TrackPairCount& c : f.matrix) {
    const bool diagonal = c.from == c.to;
    t.AddRow({std::string("matrix"), c.from, Cell(), Cell(), c.to, Cell(), Cell(), c.count,
              diagonal ? Cell(c.promotions) : Cell(), diagonal ? Cell(c.step_backs) : Cell(), c.share});
  }
  for (const BoundaryFlow& b : f.entries) {
    t.AddRow({std::string("entries"), b.destination, Cell(), Cell(), b.track, int64_t{b.level}, b.role, b.count,
              Cell(), Cell(), b.share});
  }
  for (const BoundaryFlow& b : f.exits) {
    t.AddRow({std::string("exits"), b.track, int64_t{b.level}, b.role, b.destination, Cell(), Cell(), b.count,
              Cell(), Cell(), b.share});
  }
  return t;
}

std::string Json(const FlowTable& f) {
  using J = nlohmann::ordered_json;
  J j;
  j["people"] = f.people;
  j["total"] = f.total;
  j["censored"] = f.censored;
  j["tracks"] = f.tracks;
  j["destinations"] = f.destinations;
  j["cross_track"] = J::array();
  for (const CrossTrackFlow& c : f.cross_track) {
    j["cross_track"].push_back({{"from", c.from_track}, {"from_level", c.from_level}, {"from_role", c.from_role},
                                {"to", c.to_track}, {"to_level", c.to_level}, {"to_role", c.to_role},
                                {"count", c.count}, {"share", c.share}});
  }
  j["track_matrix"] = J::array();
  for (const TrackPairCount& c : f.matrix) {
    J cell{{"from", c.from}, {"to", c.to}, {"count", c.count}};
    if (c.from == c.to) {
      cell["promotions"] = c.promotions;
      cell["step_backs"] = c.step_backs;
    }
    cell["share"] = c.share;
    j["track_matrix"].push_back(std::move(cell));
  }
  j["entries"] = J::array();
  for (const BoundaryFlow& b : f.entries) {
    j["entries"].push_back({{"from", b.destination}, {"to", b.track}, {"to_level", b.level}, {"to_role", b.role},
                            {"count", b.count}, {"share", b.share}});
  }
  j["exits"] = J::array();
  for (const BoundaryFlow& b : f.exits) {
    j["exits"].push_back({{"from", b.track}, {"from_level", b.level}, {"from_role", b.role}, {"to", b.destination},
                          {"count", b.count}, {"share", b.share}});
  }
  for (const auto& [key, totals] : {std::pair<const char*, const std::vector<TrackTotal>*>{"entries_by_track", &f.entries_by_track},
                                    {"exits_by_track", &f.exits_by_track}}) {
    j[key] = J::array();
    for (const TrackTotal& t : *totals) j[key].push_back({{"track", t.track}, {"count", t.count}});
  }
  return j.dump(2) + "\n";
}

std::string Text(const FlowTable& f) {
  int64_t cross = 0;
  for (const CrossTrackFlow& c : f.cross_track) cross += c.count;
  std::string out = fmt::format("Flows between tracks ({} moves of {} people; still running: {})\n\n",
                                f.total, f.people, f.censored);

  Table c;
  c.title = fmt::format("Cross-track flows ({} moves; share: of all cross-track moves)", cross);
  c.columns = {"from", "from_level", "from_role", "to", "to_level", "to_role", "count", "share"};
  for (const CrossTrackFlow& x : f.cross_track) {
    c.AddRow({x.from_track, int64_t{x.from_level}, x.from_role, x.to_track, int64_t{x.to_level}, x.to_role, x.count,
              x.share});
  }
  out += Render(c, Format::kTable) + "\n";

  Table m;
  m.title = "Track matrix (rows: from, columns: to; the diagonal holds the moves within a track, split into "
            "promotions and step-backs on the right)";
  m.columns = {"from"};
  m.columns.insert(m.columns.end(), f.tracks.begin(), f.tracks.end());
  m.columns.insert(m.columns.end(), {"promotions", "step_backs"});
  for (size_t r = 0; r < f.tracks.size(); ++r) {
    std::vector<Cell> row{f.tracks[r]};
    for (size_t k = 0; k < f.tracks.size(); ++k) row.emplace_back(f.matrix[r * f.tracks.size() + k].count);
    const TrackPairCount& d = f.matrix[r * f.tracks.size() + r];
    row.insert(row.end(), {d.promotions, d.step_backs});
    m.AddRow(std::move(row));
  }
  out += Render(m, Format::kTable) + "\n";

  auto totals = [](const std::vector<TrackTotal>& t) {
    std::string s;
    for (const TrackTotal& x : t) s += fmt::format("{}{} {}", s.empty() ? "" : ", ", x.track, x.count);
    return s;
  };
  Table in;
  in.title = fmt::format("Entries by track: {} (share: of the track's entries)", totals(f.entries_by_track));
  in.columns = {"from", "to", "level", "role", "count", "share"};
  for (const BoundaryFlow& b : f.entries) in.AddRow({b.destination, b.track, int64_t{b.level}, b.role, b.count, b.share});
  out += Render(in, Format::kTable) + "\n";

  Table ex;
  ex.title = fmt::format("Exits by track: {} (share: of the track's exits)", totals(f.exits_by_track));
  ex.columns = {"from", "level", "role", "to", "count", "share"};
  for (const BoundaryFlow& b : f.exits) ex.AddRow({b.track, int64_t{b.level}, b.role, b.destination, b.count, b.share});
  out += Render(ex, Format::kTable);
  return out;
}

}  // namespace

void RegisterFlows(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<FlowsOpts>();
  CLI::App* cmd = app.add_subcommand(
      "flows", "Track-to-track flows: who crossed from which track and level to which, entries and exits by track, and a Sankey diagram (--svg)");
  cmd->add_option("--since", o->since, "Only moves on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)");
  cmd->add_option("--until", o->until, "Only moves on or before this date");
  cmd->add_option("--where", o->where, "Only people with this attribute value, ATTR=VALUE (repeatable: all must hold)");
  cmd->add_option("--svg", o->svg, "Also write the Sankey diagram to this SVG file");
  cmd->add_flag("--cross-only", o->cross_only, "In the diagram, leave out the moves within a track (promotions, step-backs)");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<TransitionOptions> options = ParseOptions(*o);
      if (!options) return options.error();
      Result<AnalysisInput> in = OpenForAnalysis(ctx);
      if (!in) return in.error();
      Result<FlowTable> flows = ComputeFlows(*in->population, in->session.framework, *options);
      if (!flows) return flows.error();
      if (!o->svg.empty()) {
        const SankeyDiagram d = FlowSankey(*flows, in->session.framework, !o->cross_only);
        CG_RETURN_IF_ERROR(WriteOutput(o->svg, RenderSankey(d)));
      }
      switch (*format) {
        case Format::kJson: return WriteOutput("", Json(*flows));
        case Format::kCsv: return WriteOutput("", Render(LongTable(*flows), Format::kCsv));
        case Format::kTable: break;
      }
      return WriteOutput("", Text(*flows));
    };
  });
}

}  // namespace careergraph::cli
