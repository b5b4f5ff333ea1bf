// The report (see report/report.h): BuildReport runs the analyses once; the three renderers
// only format what it holds. Text sections are render/table.h tables; the HTML inlines the SVG
// of render/sankey.h and render/curves.h with a small stylesheet and no script.
#include "careergraph/report/report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/base/date.h"
#include "careergraph/render/curves.h"
#include "careergraph/render/sankey.h"
#include "careergraph/render/svg.h"
#include "careergraph/render/table.h"

namespace careergraph {
namespace {

std::string DateText(int32_t days) { return Date{days, DatePrecision::kDay}.ToString(); }

std::string Percent(double share) { return fmt::format("{:.1f}%", 100 * share); }

// A duration in days shown in the report's unit ("3.2 years").
std::string Duration(std::optional<double> days, TimeUnit unit) {
  if (!days) return "–";
  return fmt::format("{:.1f}", *days / DaysPerUnit(unit));
}

std::string QuantileText(const SurvivalQuantile& q, TimeUnit unit) {
  if (!q.time) return "not reached";
  return fmt::format("{} ({}–{})", Duration(q.time, unit), Duration(q.lower, unit), Duration(q.upper, unit));
}

// "3.7 years (95% CI 3.6–3.8)".
std::string MedianSentence(const SurvivalQuantile& q, TimeUnit unit) {
  if (!q.time) return "not reached";
  return fmt::format("{} {} (95% CI {}–{})", Duration(q.time, unit), TimeUnitName(unit), Duration(q.lower, unit),
                     Duration(q.upper, unit));
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string RoleName(const Framework& fw, const std::string& id) {
  if (const Role* r = fw.FindRole(id)) return r->name;
  if (const Destination* d = fw.FindDestination(id)) return d->name;
  if (const Track* t = fw.FindTrack(id)) return t->name;
  return id;
}

// ---------------------------------------------------------------------------------------------
// The sections as tables; text and HTML both render these.

Table TracksTable(const Framework& fw) {
  Table t;
  t.columns = {"track", "kind", "roles, bottom to top"};
  for (const Track& tr : fw.tracks) {
    std::vector<std::string> roles;
    for (const Role* r : fw.RolesOfTrack(tr.id)) roles.push_back(fmt::format("{} ({})", r->name, r->level));
    t.AddRow({tr.name, tr.kind, Join(roles, " → ")});
  }
  return t;
}

Table PopulationTable(const ReportData& r) {
  const TransitionTable& m = r.role_moves;
  auto k = [&](MoveKind kind) { return m.by_kind[static_cast<size_t>(kind)]; };
  Table t;
  t.columns = {"measure", "value"};
  t.AddRow({std::string("people"), r.people});
  t.AddRow({std::string("spells"), r.spells});
  t.AddRow({std::string("first start"), DateText(r.first_date)});
  t.AddRow({std::string("as of (latest date in the data)"), DateText(r.as_of)});
  t.AddRow({std::string("careers still running (censored)"), m.censored});
  t.AddRow({std::string("moves"), m.total});
  t.AddRow({std::string("  promotions"), k(MoveKind::kPromotion)});
  t.AddRow({std::string("  step-backs"), k(MoveKind::kStepBack)});
  t.AddRow({std::string("  cross-track"), k(MoveKind::kCrossTrack)});
  t.AddRow({std::string("  entries"), k(MoveKind::kEntry)});
  t.AddRow({std::string("  exits"), k(MoveKind::kExit)});
  return t;
}

Table TopMovesTable(const ReportData& r) {
  std::vector<const TransitionCount*> moves;
  for (const TransitionCount& m : r.role_moves.moves) {
    if (m.kind != MoveKind::kEntry && m.kind != MoveKind::kExit) moves.push_back(&m);
  }
  std::stable_sort(moves.begin(), moves.end(), [](auto* a, auto* b) { return a->count > b->count; });
  Table t;
  t.columns = {"from", "to", "kind", "moves", "rate", "in framework"};
  for (size_t i = 0; i < moves.size() && i < r.options.top; ++i) {
    const TransitionCount& m = *moves[i];
    t.AddRow({m.from, m.to, std::string(MoveKindName(m.kind)), m.count, m.rate,
              std::string(m.typical ? "typical" : m.listed ? "listed" : m.allowed ? "allowed" : "against policy")});
  }
  return t;
}

Table TrackMatrixTable(const ReportData& r) {
  Table t;
  t.columns = {"from \\ to"};
  for (const std::string& tr : r.flows.tracks) t.columns.push_back(tr);
  for (const std::string& from : r.flows.tracks) {
    std::vector<Cell> row;
    row.emplace_back(std::in_place_type<std::string>, from);
    for (const std::string& to : r.flows.tracks) row.emplace_back(r.flows.Cell(from, to).count);
    t.AddRow(std::move(row));
  }
  return t;
}

Table BoundaryTable(const ReportData& r) {
  Table t;
  t.columns = {"track", "entries", "exits"};
  for (size_t i = 0; i < r.flows.tracks.size(); ++i) {
    t.AddRow({r.flows.tracks[i], r.flows.entries_by_track[i].count, r.flows.exits_by_track[i].count});
  }
  return t;
}

Table CrossTrackTable(const ReportData& r) {
  Table t;
  t.columns = {"from", "level", "to", "level", "moves", "share"};
  for (size_t i = 0; i < r.flows.cross_track.size() && i < r.options.top; ++i) {
    const CrossTrackFlow& f = r.flows.cross_track[i];
    t.AddRow({f.from_role, static_cast<int64_t>(f.from_level), f.to_role, static_cast<int64_t>(f.to_level), f.count,
              f.share});
  }
  return t;
}

Table TenureTable(const ReportData& r) {
  Table t;
  const std::string u(TimeUnitName(r.options.unit));
  t.columns = {"role", "track", "spells", "ended", "median " + u + " (95% CI)", "25% left by", "75% left by"};
  for (const RoleTenure& rt : r.tenure.by_role) {
    t.AddRow({rt.role, rt.track, rt.n, rt.events, QuantileText(rt.quartiles[1], r.options.unit),
              Duration(rt.quartiles[0].time, r.options.unit), Duration(rt.quartiles[2].time, r.options.unit)});
  }
  return t;
}

Table PathsTable(const std::vector<PathCount>& paths, size_t top) {
  Table t;
  t.columns = {"path", "people", "share"};
  for (size_t i = 0; i < paths.size() && i < top; ++i) {
    t.AddRow({Join(paths[i].states, " → "), paths[i].people, paths[i].share});
  }
  return t;
}

Table TitlesTable(const ReportData& r) {
  Table t;
  t.columns = {"role done", "title carried", "title names", "people", "share of role"};
  for (size_t i = 0; i < r.title_mismatches.size() && i < r.options.top; ++i) {
    const TitleRoleCount& c = r.title_mismatches[i];
    t.AddRow({c.role, c.title, c.alias_of, c.people, c.share_of_role});
  }
  return t;
}

Table DiscoveryTable(const TrackDiscovery& d) {
  Table t;
  t.columns = {"group", "roles, bottom to top", "matches track", "moves inside", "backward"};
  for (const DiscoveredGroup& g : d.groups) {
    t.AddRow({static_cast<int64_t>(g.number), Join(g.roles, " → "), g.track, g.internal_moves, g.backward_moves});
  }
  return t;
}

Table ClaimsTable(const ReportData& r) {
  Table t;
  t.columns = {"claim", "value", "95% CI", "n", "verdict"};
  for (const ClaimResult& c : r.claims) {
    const bool share = c.interval.has_value();
    t.AddRow({c.id,
              share ? Cell(Percent(c.value)) : Cell(fmt::format("{}", c.value)),
              share ? Cell(fmt::format("{}–{}", Percent(c.interval->lower), Percent(c.interval->upper))) : Cell(),
              c.n, std::string(VerdictName(c.verdict))});
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// HTML.

constexpr const char* kCss = R"css(
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--ok:#1a7f37;--no:#cf222e;--nd:#6e7781}
*{box-sizing:border-box}
body{font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:1000px;margin:0 auto;padding:16px}
h1{font-size:1.6em;margin:.3em 0}
h2{font-size:1.25em;border-bottom:1px solid var(--line);padding-bottom:.2em;margin-top:1.8em}
h3{font-size:1.05em;margin-top:1.2em}
p.lead,.muted{color:var(--muted)}
nav ol{columns:2;padding-left:1.2em;margin:.5em 0}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:1em 0}
figure svg{width:100%;height:auto}
figcaption{color:var(--muted);font-size:.9em}
.claim{border:1px solid var(--line);border-left-width:6px;border-radius:6px;padding:10px 14px;margin:12px 0}
.claim.supported{border-left-color:var(--ok)}
.claim.not-supported{border-left-color:var(--no)}
.claim.not-enough-data{border-left-color:var(--nd)}
.claim h3{margin:0 0 .3em}
.verdict{display:inline-block;font-weight:600;font-size:.85em;padding:1px 8px;border-radius:10px;color:#fff}
.supported .verdict{background:var(--ok)}
.not-supported .verdict{background:var(--no)}
.not-enough-data .verdict{background:var(--nd)}
.summary{display:flex;flex-wrap:wrap;gap:8px}
.summary div{background:var(--soft);border-radius:6px;padding:6px 10px}
.summary b{display:block;font-size:1.2em}
@media (max-width:600px){body{font-size:14px}nav ol{columns:1}main{padding:10px}}
@media print{body{font-size:11pt}main{max-width:none;padding:0}nav{display:none}
 h2{break-after:avoid}.claim,figure,table{break-inside:avoid}a{color:inherit;text-decoration:none}}
)css";

std::string Esc(std::string_view s) { return XmlEscape(s); }

std::string HtmlTable(const Table& t) {
  std::string out = "<div class=\"scroll\"><table><thead><tr>";
  for (const std::string& c : t.columns) out += "<th scope=\"col\">" + Esc(c) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (const Cell& c : row) {
      const bool num = std::holds_alternative<int64_t>(c) || std::holds_alternative<double>(c);
      std::string text;
      if (const auto* s = std::get_if<std::string>(&c)) text = *s;
      if (const auto* i = std::get_if<int64_t>(&c)) text = fmt::format("{}", *i);
      if (const auto* d = std::get_if<double>(&c)) text = fmt::format("{:.2f}", *d);
      if (const auto* b = std::get_if<bool>(&c)) text = *b ? "yes" : "no";
      out += num ? "<td class=\"num\">" : "<td>";
      out += Esc(text) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

std::string VerdictClass(Verdict v) {
  switch (v) {
    case Verdict::kSupported: return "supported";
    case Verdict::kNotSupported: return "not-supported";
    case Verdict::kNotEnoughData: return "not-enough-data";
  }
  return "not-enough-data";
}

}  // namespace

Result<ReportData> BuildReport(const Population& pop, const Framework& fw, const ReportOptions& options,
                               Progress* progress) {
  Progress& p = progress ? *progress : NullProgress();
  if (pop.people() == 0) return Error(Status::Invalid("the population is empty: there is nothing to report"));
  ReportData r;
  r.framework = fw;
  r.options = options;
  r.people = static_cast<int64_t>(pop.people());
  r.spells = static_cast<int64_t>(pop.spells());
  r.first_date = pop.start.empty() ? 0 : *std::min_element(pop.start.begin(), pop.start.end());
  r.as_of = options.as_of ? *options.as_of : LatestDate(pop);
  p.Start("report", 8);

  Result<TransitionTable> role_moves = ComputeTransitions(pop, fw);
  if (!role_moves) return Error(role_moves.error());
  r.role_moves = std::move(*role_moves);
  TransitionOptions by_track;
  by_track.level = TransitionLevel::kTrack;
  Result<TransitionTable> track_moves = ComputeTransitions(pop, fw, by_track);
  if (!track_moves) return Error(track_moves.error());
  r.track_moves = std::move(*track_moves);
  p.Advance(1);
  if (p.Cancelled()) return Error(Status::Cancelled("the report stopped before it was done"));

  Result<FlowTable> flows = FlowsFromMoves(r.role_moves, fw);
  if (!flows) return Error(flows.error());
  r.flows = std::move(*flows);
  p.Advance(2);
  if (p.Cancelled()) return Error(Status::Cancelled("the report stopped before it was done"));

  TenureOptions tenure;
  tenure.as_of = r.as_of;
  tenure.by_destination = true;
  tenure.level = TransitionLevel::kTrack;
  Result<TenureResult> t = ComputeTenure(pop, fw, tenure);
  if (!t) return Error(t.error());
  r.tenure = std::move(*t);
  p.Advance(3);
  if (p.Cancelled()) return Error(Status::Cancelled("the report stopped before it was done"));

  PathOptions paths;
  paths.top = options.top;
  paths.min_support = 2;
  Result<PathTable> pt = ComputePaths(pop, fw, paths);
  if (!pt) return Error(pt.error());
  r.paths = std::move(*pt);
  p.Advance(4);
  if (p.Cancelled()) return Error(Status::Cancelled("the report stopped before it was done"));

  Result<TitleTable> titles = ComputeTitles(pop, fw);
  if (!titles) return Error(titles.error());
  for (const TitleRoleCount& c : titles->rows) {
    if (c.title.empty()) continue;
    r.titled_spells += c.spells;
    if (!c.alias_of.empty() && c.alias_of != c.role) {
      r.mismatched_spells += c.spells;
      r.title_mismatches.push_back(c);
    }
  }
  std::stable_sort(r.title_mismatches.begin(), r.title_mismatches.end(),
                   [](const TitleRoleCount& a, const TitleRoleCount& b) { return a.people > b.people; });
  p.Advance(5);
  if (p.Cancelled()) return Error(Status::Cancelled("the report stopped before it was done"));

  Result<TrackDiscovery> d = DiscoverTracks(pop, fw);
  if (d) {
    r.discovery = std::move(*d);
  } else {
    r.discovery_note = d.error().message();
  }
  p.Advance(6);
  if (p.Cancelled()) return Error(Status::Cancelled("the report stopped before it was done"));

  ClaimInputs in;
  in.role_moves = &r.role_moves;
  in.discover = [&](const std::vector<std::string>& roles) -> Result<TrackEvidence> {
    TrackDiscoveryOptions o;
    o.only_roles = roles;
    Result<TrackDiscovery> sub = DiscoverTracks(pop, fw, o);
    if (!sub) return Error(sub.error());
    TrackEvidence ev;
    ev.groups = static_cast<int>(sub->groups.size());
    ev.moves = sub->moves;
    ev.modularity = sub->modularity;
    for (const DiscoveredGroup& g : sub->groups) ev.members.push_back(g.roles);
    return ev;
  };
  Result<std::vector<ClaimResult>> claims = EvaluateClaims(pop, fw, in);
  if (!claims) return Error(claims.error());
  r.claims = std::move(*claims);
  p.Advance(8);
  if (p.Cancelled()) return Error(Status::Cancelled("the report stopped before it was done"));
  p.Finish();
  return r;
}

std::string ReportText(const ReportData& r) {
  const Framework& fw = r.framework;
  std::string out;
  auto section = [&](std::string_view title) {
    out += fmt::format("\n{}\n{}\n", title, std::string(title.size(), '='));
  };
  out += fmt::format("careergraph report — framework {} ({} {}), {} people, as of {}\n", fw.name, fw.id, fw.version,
                     r.people, DateText(r.as_of));

  section("The seed's questions");
  out += Render(ClaimsTable(r), Format::kTable);
  for (const ClaimResult& c : r.claims) {
    out += fmt::format("\n[{}] {}\n  {}\n", VerdictName(c.verdict), c.statement, c.reason);
  }

  section("Tracks");
  out += Render(TracksTable(fw), Format::kTable);
  section("Population");
  out += Render(PopulationTable(r), Format::kTable);
  section("Most common moves between roles");
  out += Render(TopMovesTable(r), Format::kTable);
  section("Flows between tracks");
  out += "Moves from track (rows) to track (columns); the diagonal counts promotions and step-backs.\n";
  out += Render(TrackMatrixTable(r), Format::kTable);
  out += "\n";
  out += Render(BoundaryTable(r), Format::kTable);
  out += "\nMost common crossings between tracks:\n";
  out += Render(CrossTrackTable(r), Format::kTable);
  section("Time in role");
  const KaplanMeier& km = r.tenure.survival;
  out += fmt::format("All roles: {} spells, {} ended; median {}, a quarter left by {}, three quarters by {}.\n",
                     km.n, km.events, MedianSentence(km.median(), r.options.unit),
                     Duration(km.quartiles[0].time, r.options.unit), Duration(km.quartiles[2].time, r.options.unit));
  out += Render(TenureTable(r), Format::kTable);
  if (!r.tenure.causes.empty()) {
    out += "\nWhere people went when they left a role (share of all spells, by the last time observed):\n";
    for (size_t k = 0; k < r.tenure.causes.size(); ++k) {
      const IncidenceCurve& c = r.tenure.incidence.causes[k];
      out += fmt::format("  {:<16} {:>7} moves  {}\n", r.tenure.causes[k], c.events,
                         c.incidence.empty() ? "–" : Percent(c.incidence.back()));
    }
  }
  section("Frequent paths");
  out += Render(PathsTable(r.paths.sub_paths, r.options.top), Format::kTable);
  out += "\nWhole careers:\n";
  out += Render(PathsTable(r.paths.whole_careers, r.options.top), Format::kTable);
  section("Titles against roles");
  out += fmt::format("{} of {} titled spells ({}) carry a title that names another role than the one done.\n",
                     r.mismatched_spells, r.titled_spells,
                     r.titled_spells ? Percent(static_cast<double>(r.mismatched_spells) / static_cast<double>(r.titled_spells)) : "–");
  if (!r.title_mismatches.empty()) out += Render(TitlesTable(r), Format::kTable);
  section("Tracks the data supports");
  if (r.discovery) {
    const TrackDiscovery& d = *r.discovery;
    out += fmt::format("{} groups from {} moves between roles (modularity {:.3f}); agreement with the framework's tracks: "
                       "adjusted Rand {:.2f}, NMI {:.2f}.\n",
                       d.groups.size(), d.moves, d.modularity, d.ari, d.nmi);
    out += Render(DiscoveryTable(d), Format::kTable);
    for (const PlacedDifferently& pd : d.placed_differently) {
      out += fmt::format("  {} (framework: {}) sits with group {} ({} moves with it, {} with its own track)\n", pd.role,
                         pd.framework_track, pd.group, pd.moves_with_group, pd.moves_with_track);
    }
  } else {
    out += r.discovery_note + "\n";
  }
  return out;
}

std::string ReportHtml(const ReportData& r) {
  const Framework& fw = r.framework;
  const TimeUnit unit = r.options.unit;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += fmt::format("<title>careergraph report — {}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n", Esc(fw.name), kCss);
  h += fmt::format("<h1>Career report: {}</h1>\n", Esc(fw.name));
  h += fmt::format("<p class=\"lead\">Framework <code>{}</code> version {} · {} people · {} spells · data from {} to {} "
                   "(careers still running are censored at {}).</p>\n",
                   Esc(fw.id), Esc(fw.version), r.people, r.spells, DateText(r.first_date), DateText(r.as_of),
                   DateText(r.as_of));
  h += "<nav aria-label=\"Contents\"><ol><li><a href=\"#claims\">The seed's questions</a></li>"
       "<li><a href=\"#tracks\">Tracks</a></li><li><a href=\"#population\">Population</a></li>"
       "<li><a href=\"#moves\">Moves</a></li><li><a href=\"#flows\">Flows between tracks</a></li>"
       "<li><a href=\"#tenure\">Time in role</a></li><li><a href=\"#paths\">Frequent paths</a></li>"
       "<li><a href=\"#titles\">Titles against roles</a></li><li><a href=\"#discovered\">Tracks the data supports</a></li>"
       "</ol></nav>\n";

  // Claims.
  int counts[3] = {0, 0, 0};
  for (const ClaimResult& c : r.claims) ++counts[static_cast<int>(c.verdict)];
  h += "<section id=\"claims\"><h2>The seed's questions</h2>\n";
  h += fmt::format("<p>Each claim is stated in the framework and tested against this data: {} supported, {} not "
                   "supported, {} without enough data to tell. Shares carry a 95 % Wilson interval; a share claim "
                   "is supported only when the whole interval is on the claimed side of its threshold.</p>\n",
                   counts[0], counts[1], counts[2]);
  for (const ClaimResult& c : r.claims) {
    h += fmt::format("<article class=\"claim {}\" id=\"claim-{}\"><h3>{}</h3>\n<p><span class=\"verdict\">{}</span> {}</p>\n",
                     VerdictClass(c.verdict), Esc(c.id), Esc(c.statement), VerdictName(c.verdict), Esc(c.reason));
    h += fmt::format("<p class=\"muted\">Statistic: {}.", Esc(c.statistic));
    if (c.interval) {
      h += fmt::format(" Value {} (95 % CI {}–{}), n = {}.", Percent(c.value), Percent(c.interval->lower),
                       Percent(c.interval->upper), c.n);
    }
    h += "</p>\n";
    if (!c.details.empty()) {
      Table t;
      t.columns = {"", "count", "of"};
      for (const ClaimDetail& d : c.details) t.AddRow({d.label, d.count, d.of ? Cell(d.of) : Cell()});
      h += "<details><summary>Counts</summary>" + HtmlTable(t) + "</details>\n";
    }
    h += "</article>\n";
  }
  h += "</section>\n";

  h += "<section id=\"tracks\"><h2>Tracks</h2>\n" + HtmlTable(TracksTable(fw)) + "</section>\n";
  h += "<section id=\"population\"><h2>Population</h2>\n<div class=\"summary\">";
  for (const auto& [label, value] : std::vector<std::pair<std::string, int64_t>>{
           {"people", r.people}, {"spells", r.spells}, {"moves", r.role_moves.total},
           {"careers running", r.role_moves.censored}}) {
    h += fmt::format("<div><b>{}</b>{}</div>", value, Esc(label));
  }
  h += "</div>\n" + HtmlTable(PopulationTable(r)) + "</section>\n";
  h += "<section id=\"moves\"><h2>Most common moves between roles</h2>\n<p>Rate: the share of all moves out of the "
       "role that go this way (entries and exits included in the base).</p>\n" +
       HtmlTable(TopMovesTable(r)) + "</section>\n";

  h += "<section id=\"flows\"><h2>Flows between tracks</h2>\n";
  h += "<figure>" + RenderSankey(FlowSankey(r.flows, fw), {}, false) +
       "<figcaption>Where moves come from (left: entries from outside, then tracks) and where they go (right: "
       "tracks, then exits). Ribbon widths are counts; a track's ribbon to itself is its promotions and "
       "step-backs.</figcaption></figure>\n";
  h += "<h3>Track to track</h3>" + HtmlTable(TrackMatrixTable(r));
  h += "<h3>Entries and exits by track</h3>" + HtmlTable(BoundaryTable(r));
  h += "<h3>Most common crossings</h3>" + HtmlTable(CrossTrackTable(r)) + "</section>\n";

  h += "<section id=\"tenure\"><h2>Time in role</h2>\n";
  const KaplanMeier& km = r.tenure.survival;
  h += fmt::format("<p>{} role spells, {} ended. Median time in role {}; ongoing spells are censored at {}.</p>\n",
                   km.n, km.events, Esc(MedianSentence(km.median(), unit)), DateText(r.as_of));
  h += "<figure>" + SurvivalSvg(km, unit, "Still in the role (Kaplan–Meier, all roles)", false) +
       "<figcaption>Share of role spells still running after each time, with its 95 % band; the number "
       "still at risk under the axis.</figcaption></figure>\n";
  if (!r.tenure.causes.empty()) {
    h += "<figure>" + IncidenceSvg(r.tenure.incidence, r.tenure.causes, unit, "Where people go when they leave a role", false) +
         "<figcaption>Cumulative incidence of each next track or destination (Aalen–Johansen): the share of "
         "spells that have ended that way by each time.</figcaption></figure>\n";
  }
  h += HtmlTable(TenureTable(r)) + "</section>\n";

  h += "<section id=\"paths\"><h2>Frequent paths</h2>\n<h3>Sub-paths</h3>" + HtmlTable(PathsTable(r.paths.sub_paths, r.options.top));
  h += "<h3>Whole careers</h3>" + HtmlTable(PathsTable(r.paths.whole_careers, r.options.top)) + "</section>\n";

  h += "<section id=\"titles\"><h2>Titles against roles</h2>\n";
  h += fmt::format("<p>{} of {} titled spells carry a title that names another role than the one done.</p>\n",
                   r.mismatched_spells, r.titled_spells);
  if (!r.title_mismatches.empty()) h += HtmlTable(TitlesTable(r));
  h += "</section>\n";

  h += "<section id=\"discovered\"><h2>Tracks the data supports</h2>\n";
  if (r.discovery) {
    const TrackDiscovery& d = *r.discovery;
    h += fmt::format("<p>Grouping roles by the moves between them alone (modularity maximisation) gives <b>{}</b> "
                     "groups from {} moves (modularity {:.3f}). Agreement with the framework's {} tracks: adjusted "
                     "Rand index {:.2f}, normalised mutual information {:.2f}.</p>\n",
                     d.groups.size(), d.moves, d.modularity, d.framework_tracks, d.ari, d.nmi);
    h += HtmlTable(DiscoveryTable(d));
    if (!d.placed_differently.empty()) {
      h += "<ul>";
      for (const PlacedDifferently& pd : d.placed_differently) {
        h += fmt::format("<li><b>{}</b> ({}) sits with group {} — {} moves with it, {} with its own track.</li>",
                         Esc(RoleName(fw, pd.role)), Esc(pd.framework_track), pd.group, pd.moves_with_group,
                         pd.moves_with_track);
      }
      h += "</ul>\n";
    }
  } else {
    h += "<p>" + Esc(r.discovery_note) + "</p>\n";
  }
  h += "</section>\n";
  h += "<footer class=\"muted\"><p>Made by careergraph. Every number in this file comes from the data and the "
       "framework named above; methods in docs/analysis.md.</p></footer>\n</main>\n</body>\n</html>\n";
  return h;
}

std::string ReportJson(const ReportData& r) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["framework"] = {{"id", r.framework.id}, {"version", r.framework.version}, {"name", r.framework.name}};
  j["population"] = {{"people", r.people}, {"spells", r.spells}, {"first_date", DateText(r.first_date)},
                     {"as_of", DateText(r.as_of)}, {"moves", r.role_moves.total}, {"censored", r.role_moves.censored}};
  ordered_json kinds = ordered_json::object();
  for (MoveKind k : {MoveKind::kPromotion, MoveKind::kStepBack, MoveKind::kCrossTrack, MoveKind::kEntry, MoveKind::kExit}) {
    kinds[std::string(MoveKindName(k))] = r.role_moves.by_kind[static_cast<size_t>(k)];
  }
  j["population"]["by_kind"] = kinds;
  j["claims"] = ordered_json::array();
  for (const ClaimResult& c : r.claims) {
    ordered_json cj{{"id", c.id}, {"statement", c.statement}, {"kind", ClaimKindName(c.kind)},
                    {"verdict", VerdictName(c.verdict)}, {"statistic", c.statistic}, {"value", c.value},
                    {"successes", c.successes}, {"n", c.n}};
    cj["interval"] = c.interval ? ordered_json{{"lower", c.interval->lower}, {"upper", c.interval->upper}} : ordered_json();
    cj["threshold"] = c.threshold ? ordered_json(*c.threshold) : ordered_json();
    if (c.threshold) cj["threshold_side"] = c.at_most ? "at_most" : "at_least";
    cj["reason"] = c.reason;
    cj["details"] = ordered_json::array();
    for (const ClaimDetail& d : c.details) cj["details"].push_back({{"label", d.label}, {"count", d.count}, {"of", d.of}});
    j["claims"].push_back(std::move(cj));
  }
  auto table_json = [](const Table& t) { return ordered_json::parse(Render(t, Format::kJson)); };
  j["top_moves"] = table_json(TopMovesTable(r));
  j["track_matrix"] = table_json(TrackMatrixTable(r));
  j["entries_exits_by_track"] = table_json(BoundaryTable(r));
  j["cross_track"] = table_json(CrossTrackTable(r));
  const KaplanMeier& km = r.tenure.survival;
  auto q = [&](const SurvivalQuantile& s) {
    auto v = [&](std::optional<double> d) { return d ? ordered_json(*d / DaysPerUnit(r.options.unit)) : ordered_json(); };
    return ordered_json{{"time", v(s.time)}, {"lower", v(s.lower)}, {"upper", v(s.upper)}};
  };
  j["tenure"] = {{"unit", TimeUnitName(r.options.unit)}, {"n", km.n}, {"events", km.events},
                 {"median", q(km.quartiles[1])}, {"q25", q(km.quartiles[0])}, {"q75", q(km.quartiles[2])}};
  j["tenure"]["by_role"] = ordered_json::array();
  for (const RoleTenure& rt : r.tenure.by_role) {
    j["tenure"]["by_role"].push_back({{"role", rt.role}, {"track", rt.track}, {"n", rt.n}, {"events", rt.events},
                                      {"median", q(rt.quartiles[1])}, {"q25", q(rt.quartiles[0])}, {"q75", q(rt.quartiles[2])}});
  }
  j["paths"] = {{"sub_paths", table_json(PathsTable(r.paths.sub_paths, r.options.top))},
                {"whole_careers", table_json(PathsTable(r.paths.whole_careers, r.options.top))}};
  j["titles"] = {{"titled_spells", r.titled_spells}, {"mismatched_spells", r.mismatched_spells},
                 {"mismatches", table_json(TitlesTable(r))}};
  if (r.discovery) {
    const TrackDiscovery& d = *r.discovery;
    ordered_json groups = ordered_json::array();
    for (const DiscoveredGroup& g : d.groups) groups.push_back({{"roles", g.roles}, {"track", g.track}});
    j["discovered_tracks"] = {{"groups", groups}, {"modularity", d.modularity}, {"ari", d.ari}, {"nmi", d.nmi}};
  } else {
    j["discovered_tracks"] = {{"error", r.discovery_note}};
  }
  return j.dump(2) + "\n";
}

}  // namespace careergraph
