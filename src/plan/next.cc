// Next moves from a role (plan/plan.h), and the role checks every planning query shares.
#include <algorithm>

#include <fmt/format.h>

#include "careergraph/plan/plan.h"

namespace careergraph {
namespace {

std::string KnownRoles(const CareerModel& model) {
  std::string s;
  for (const ModelRole& r : model.roles) s += (s.empty() ? "" : ", ") + r.id;
  return s;
}

}  // namespace

Status CheckModelRole(const CareerModel& model, std::string_view flag, std::string_view id) {
  if (model.IsDestination(id)) {
    return Status::Invalid(fmt::format("{} {}: '{}' is a destination (an exit from the framework), not a role; "
                                       "give a role ({})",
                                       flag, id, id, KnownRoles(model)));
  }
  if (!model.FindRole(id)) {
    return Status::NotFound(fmt::format("{} {}: no such role (known: {})", flag, id, KnownRoles(model)));
  }
  return Status::Ok();
}


Result<NextResult> NextMoves(const CareerModel& model, std::string_view role, double days_in_role,
                             std::string_view group) {
  if (Status s = CheckModelRole(model, "--role", role); !s.ok()) return Error(s);
  const ModelRole* r = model.FindRole(role, group);
  NextResult out;
  out.role = std::string(role);
  out.group = r == model.FindRole(role) ? "" : std::string(group);
  out.days_in_role = days_in_role;
  out.spells = r->spells;
  out.events = r->events;
  out.mean_days = r->mean_days;
  out.median_days_to_move = ConditionalMedianDays(*r, days_in_role);
  out.period_days = DaysPerUnit(model.options.period);
  out.leave_within_period = 1 - StayProbability(*r, out.period_days);
  const std::vector<double> p = ConditionalShares(*r, days_in_role, model.options.duration);
  for (size_t j = 0; j < r->moves.size(); ++j) {
    if (p[j] <= 0) continue;
    const ModelMove& m = r->moves[j];
    NextMove nm;
    nm.to = m.to;
    nm.kind = m.kind;
    nm.listed = m.listed;
    nm.typical = m.typical;
    nm.observed = m.observed;
    nm.probability = p[j];
    nm.lower = m.lower;
    nm.upper = m.upper;
    nm.median_days_at_move = m.median_days_at_move;
    out.moves.push_back(std::move(nm));
  }
  std::stable_sort(out.moves.begin(), out.moves.end(),
                   [](const NextMove& a, const NextMove& b) { return a.probability > b.probability; });
  return out;
}

}  // namespace careergraph
