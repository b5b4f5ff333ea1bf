// The report: every analysis of one population in one place — tracks, population, transitions,
// flows, time in role, frequent paths, titles against roles, the tracks the data supports, and
// the framework's claims (the seed's questions) with statistics and verdicts. Rendered as text for
// a terminal, as one self-contained HTML file (inline SVG and CSS, no network; readable on a
// phone, printable) and as JSON (the same numbers, for the HTTP API).
// Thread-safety: pure functions of their inputs; safe to call concurrently.
#ifndef CAREERGRAPH_REPORT_REPORT_H_
#define CAREERGRAPH_REPORT_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "careergraph/analysis/claims.h"
#include "careergraph/analysis/flows.h"
#include "careergraph/analysis/paths.h"
#include "careergraph/analysis/survival.h"
#include "careergraph/analysis/titles.h"
#include "careergraph/analysis/track_discovery.h"
#include "careergraph/analysis/transitions.h"
#include "careergraph/base/progress.h"
#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

struct ReportOptions {
  std::optional<int32_t> as_of;  // days; default: the latest date in the data
  TimeUnit unit = TimeUnit::kYears;
  size_t top = 10;  // rows of the long tables (moves, paths, titles)
};

struct ReportData {
  Framework framework;
  ReportOptions options;
  // Population.
  int64_t people = 0;
  int64_t spells = 0;
  int32_t first_date = 0;  // earliest start, days
  int32_t as_of = 0;       // days
  TransitionTable role_moves;   // role level, whole population
  TransitionTable track_moves;  // track level
  FlowTable flows;
  TenureResult tenure;  // pooled, by role, and by destination at track level
  PathTable paths;
  // Titles that name another role than the one done (alias_of set and different), by people.
  std::vector<TitleRoleCount> title_mismatches;
  int64_t titled_spells = 0;
  int64_t mismatched_spells = 0;
  std::optional<TrackDiscovery> discovery;
  std::string discovery_note;  // why there is none
  std::vector<ClaimResult> claims;
};

// Runs every analysis. kInvalidArgument for an empty population or a population whose states
// the framework does not know.
Result<ReportData> BuildReport(const Population& population, const Framework& framework,
                               const ReportOptions& options = {}, Progress* progress = nullptr);

std::string ReportText(const ReportData& report);
std::string ReportHtml(const ReportData& report);
std::string ReportJson(const ReportData& report);

}  // namespace careergraph

#endif  // CAREERGRAPH_REPORT_REPORT_H_
