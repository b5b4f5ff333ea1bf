// Competency gaps and readiness: how far a person's assessed competencies are from what a role
// requires, one readiness score per person and role, what one role asks beyond another, and
// who in the population is closest to a role (the succession view).
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// The formulas (readiness, partial credit, weights, unassessed competencies) are defined in
// docs/planning.md, section "Gaps and readiness"; the code follows them to the letter.
#ifndef CAREERGRAPH_PLAN_GAPS_H_
#define CAREERGRAPH_PLAN_GAPS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/base/date.h"
#include "careergraph/base/status.h"
#include "careergraph/model/career.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

// The assessments that count: per (person, competency) the latest dated on or before `as_of`
// (every date when nullopt); of several on the same date, the last in input order. Sorted by
// person (in the input order of their first assessment that counts), then competency in
// framework order (competencies the framework does not know are dropped).
std::vector<Assessment> LatestAssessments(std::span<const Assessment> assessments, const Framework& framework,
                                          std::optional<int32_t> as_of = std::nullopt);

// One requirement of the role against the person's latest assessment.
struct CompetencyGap {
  std::string competency;  // id
  std::string name;
  std::string group;       // the competency's group: "technical", "non-technical", custom
  int required = 0;        // the role's required level
  std::optional<double> assessed;  // absent: no assessment counts
  std::optional<Date> assessed_on;
  std::string source;      // of the assessment that counts
  double gap = 0;          // required − assessed when positive, else 0; unassessed: required − scale minimum
  double credit = 0;       // 0..1, the partial credit towards the requirement
  double weight = 0;       // the requirement's weight in the readiness score: required − scale minimum + 1
};

struct GroupReadiness {
  std::string group;
  int requirements = 0;  // requirements of the role in this group
  int met = 0;           // of them, assessed at or above the required level (or required at the scale minimum)
  int unassessed = 0;    // of them, without an assessment that counts (credit 0 unless at the scale minimum)
  double gap = 0;        // sum of the gaps
  double readiness = 0;  // 0..100, the score over this group's requirements only
};

struct GapReport {
  std::string person;
  std::string role;
  std::vector<CompetencyGap> competencies;  // the role's requirements, framework order
  std::vector<GroupReadiness> groups;       // groups in framework order of first appearance
  double readiness = 0;                     // 0..100
  int met = 0;
  int unassessed = 0;
  double gap = 0;  // sum of the gaps
};

// `assessments`: any assessments (only `person`'s are used; LatestAssessments picks the ones
// that count, on or before `as_of`). kNotFound for an unknown role (the message names --role and
// lists the known roles) or a destination id given as the role. The person is not checked: with
// no assessment, every requirement above the scale minimum scores 0.
Result<GapReport> ComputeGaps(const Framework& framework, std::string_view role, std::string_view person,
                              std::span<const Assessment> assessments,
                              std::optional<int32_t> as_of = std::nullopt);

// What role `to` asks beyond role `from`, per competency either requires (a competency one of
// them does not list counts at its scale minimum there). Errors as ComputeGaps.
struct RequirementDiff {
  std::string competency, name, group;
  std::optional<int> from_level, to_level;  // as the roles list them
  int delta = 0;                            // to − from, scale minimum standing in for absent
};
struct RoleDiff {
  std::string from, to;
  std::vector<RequirementDiff> competencies;  // framework order
  struct Group {
    std::string group;
    int raised = 0, lowered = 0;  // competencies asked higher / lower in `to`
    int increase = 0;             // sum of the positive deltas
  };
  std::vector<Group> groups;
  int increase = 0;  // sum of the positive deltas over every competency
};
Result<RoleDiff> DiffRoles(const Framework& framework, std::string_view from, std::string_view to);

// The succession view: who is closest to `role`.
struct ReadinessOptions {
  std::string role;
  size_t top = 10;                      // 0 = everyone
  // Assessments (the latest on or before) and current roles as of this date. Absent: current roles
  // at the latest date in the population, and every assessment counts (the latest of each).
  std::optional<int32_t> as_of;
  bool include_holders = false;         // also people who hold the role now
};
struct ReadinessRow {
  std::string person;
  std::string current_role;  // role held at as_of
  double readiness = 0;      // 0..100
  int met = 0, requirements = 0, unassessed = 0;
  double gap = 0;
  std::string largest_gap;   // competency id with the largest gap, first in framework order ("" when none)
  double largest_gap_size = 0;
};
// Candidates: people holding a role at `as_of` (the spell with start <= as_of < end is in a role,
// not a destination) with at least one assessment that counts; holders of `role` itself only with
// include_holders. Sorted by readiness (descending), then gap (ascending), then person id; the
// first `top`. Errors as ComputeGaps. O(spells + assessments + candidates × requirements).
Result<std::vector<ReadinessRow>> RankReadiness(const Population& population, const Framework& framework,
                                                std::span<const Assessment> assessments,
                                                const ReadinessOptions& options);

}  // namespace careergraph

#endif  // CAREERGRAPH_PLAN_GAPS_H_
