// Time in role (see analysis/survival.h). Every estimate is computed from a life table — the
// distinct times with their event (per cause) and censoring counts — walked once: O(times) for
// Kaplan–Meier, O(times × causes) for the competing risks, whose infinitesimal-jackknife
// variance is carried forward per time instead of per observation. The estimators on arrays
// build the table by counting over the range of times when it is not much wider than the number
// of observations (durations in days are), else by one sort. ComputeTenure skips the arrays:
// its one pass over the population counts each role spell straight into per-role (and per-cause)
// histograms over 0..as-of − earliest start, unless that range is much wider than the spells.
#include "careergraph/analysis/survival.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_set>

#include <fmt/format.h>

namespace careergraph {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Distinct observed times and their counts. With causes, cause_events[j * n_causes + c - 1].
struct LifeTable {
  std::vector<int32_t> time;
  std::vector<int64_t> events;
  std::vector<int64_t> censored;
  std::vector<int64_t> cause_events;
};

// The table of dense counts: counts[r * width + c] observations at time lo + r, column 0
// censored and column c an event of cause c (Kaplan–Meier: width 2, no per-cause counts).
LifeTable FromCounts(const int64_t* counts, size_t range, size_t width, int32_t lo, bool km) {
  LifeTable t;
  const size_t k_causes = width - 1;
  for (size_t r = 0; r < range; ++r) {
    const int64_t* row = counts + r * width;
    int64_t events = 0;
    for (size_t c = 1; c < width; ++c) events += row[c];
    if (events == 0 && row[0] == 0) continue;
    t.time.push_back(static_cast<int32_t>(lo + static_cast<int64_t>(r)));
    t.events.push_back(events);
    t.censored.push_back(row[0]);
    if (!km) t.cause_events.insert(t.cause_events.end(), row + 1, row + 1 + k_causes);
  }
  return t;
}

// `code[i]`: 0 censored, else the cause (1..n_causes; for Kaplan–Meier any nonzero status is
// cause 1).
template <typename Code>
Result<LifeTable> Tabulate(std::span<const int32_t> time, std::span<const Code> code, uint32_t n_causes) {
  if (time.size() != code.size()) {
    return Error(Status::Invalid(fmt::format("{} times but {} statuses", time.size(), code.size())));
  }
  const size_t n = time.size();
  LifeTable t;
  if (n == 0) return t;
  int32_t lo = std::numeric_limits<int32_t>::max(), hi = std::numeric_limits<int32_t>::min();
  uint64_t max_code = 0;
  for (size_t i = 0; i < n; ++i) {
    lo = std::min(lo, time[i]);
    hi = std::max(hi, time[i]);
    max_code = std::max<uint64_t>(max_code, static_cast<uint64_t>(code[i]));
  }
  if (lo < 0) return Error(Status::Invalid(fmt::format("a duration is negative ({} days)", lo)));
  const bool km = n_causes == 0;  // Kaplan–Meier: any nonzero code is an event
  const uint32_t k_causes = km ? 1 : n_causes;
  if (!km && max_code > n_causes) {
    return Error(Status::Invalid(fmt::format("cause {} is above the {} causes", max_code, n_causes)));
  }
  const size_t width = k_causes + 1;  // column 0: censored; c: events of cause c
  auto column = [&](size_t i) -> size_t {
    return km ? (code[i] != 0 ? 1 : 0) : static_cast<size_t>(code[i]);
  };
  auto add_time = [&](int32_t when) {
    t.time.push_back(when);
    t.events.push_back(0);
    t.censored.push_back(0);
    if (!km) t.cause_events.resize(t.cause_events.size() + k_causes, 0);
  };
  auto add_count = [&](size_t col, int64_t count) {
    if (col == 0) {
      t.censored.back() += count;
    } else {
      t.events.back() += count;
      if (!km) t.cause_events[t.cause_events.size() - k_causes + col - 1] += count;
    }
  };

  const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  if (range * width <= 4 * static_cast<uint64_t>(n) + 65536) {
    std::vector<int64_t> counts(range * width, 0);
    for (size_t i = 0; i < n; ++i) ++counts[static_cast<size_t>(time[i] - lo) * width + column(i)];
    return FromCounts(counts.data(), range, width, lo, km);
  }
  // Wide range: one sort of (time, column) keys.
  std::vector<uint64_t> keys(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = (static_cast<uint64_t>(time[i] - lo) << 32) | static_cast<uint64_t>(column(i));
  }
  std::sort(keys.begin(), keys.end());
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && keys[j] == keys[i]) ++j;
    const int32_t when = static_cast<int32_t>(lo + static_cast<int64_t>(keys[i] >> 32));
    if (t.time.empty() || t.time.back() != when) add_time(when);
    add_count(static_cast<size_t>(keys[i] & 0xffffffffu), static_cast<int64_t>(j - i));
    i = j;
  }
  return t;
}

// quantile.survfit's findq for probs 25, 50, 75 %, on x = (0, times) and y = (0, 1 − curve):
// duplicated y values dropped (the first kept), NaN ignored; indx1 = the point whose y + tol is
// the smallest at or above p, indx2 the same with y − tol; the quantile is the mean of their
// times; when the last y is within tol of p, the mean of indx1's time and the last time.
std::array<std::optional<double>, 3> FindQuantiles(const std::vector<double>& x, const std::vector<double>& y) {
  static constexpr std::array<double, 3> kProbs = {0.25, 0.5, 0.75};
  std::array<std::optional<double>, 3> out;
  double ymax = -std::numeric_limits<double>::infinity();
  for (double v : y) {
    if (!std::isnan(v)) ymax = std::max(ymax, v);
  }
  if (ymax < kProbs[0]) return out;  // R: max(y, na.rm = TRUE) < min(p) gives NA for all
  const double xmax = x.back();
  std::vector<double> ux, uy;
  {
    std::unordered_set<uint64_t> seen;
    bool seen_nan = false;
    for (size_t i = 0; i < y.size(); ++i) {
      const double v = y[i];
      if (std::isnan(v)) {
        if (seen_nan) continue;
        seen_nan = true;
      } else {
        const double key_v = v == 0 ? 0.0 : v;  // -0 == 0
        uint64_t bits;
        static_assert(sizeof(bits) == sizeof(key_v));
        std::memcpy(&bits, &key_v, sizeof(bits));
        if (i > 0 && v == y[i - 1]) continue;  // the common case, without hashing
        if (!seen.insert(bits).second) continue;
      }
      ux.push_back(x[i]);
      uy.push_back(v);
    }
  }
  auto first_at_or_above = [&](double p, double shift) -> std::optional<size_t> {
    std::optional<size_t> best;
    double best_v = 0;
    for (size_t i = 0; i < uy.size(); ++i) {
      if (std::isnan(uy[i])) continue;
      const double v = uy[i] + shift;
      if (v >= p && (!best || v < best_v)) {
        best = i;
        best_v = v;
      }
    }
    return best;
  };
  for (size_t q = 0; q < kProbs.size(); ++q) {
    const double p = kProbs[q];
    const std::optional<size_t> i1 = first_at_or_above(p, kQuantileTolerance);
    const std::optional<size_t> i2 = first_at_or_above(p, -kQuantileTolerance);
    if (i1 && i2) out[q] = (ux[*i1] + ux[*i2]) / 2;
    if (!std::isnan(uy.back()) && std::abs(p - uy.back()) < kQuantileTolerance) {
      out[q] = i1 ? std::optional<double>((ux[*i1] + xmax) / 2) : std::nullopt;
    }
  }
  return out;
}

// The log-transformed interval of a probability p with standard error se of p (multi-state
// curves; R's survfit_confint with logse = FALSE).
void LogInterval(double p, double se, double* lower, double* upper) {
  if (!(p > 0)) {
    *lower = *upper = kNaN;
    return;
  }
  const double s = se == 0 ? 0 : kZ95 * (se / p);
  *lower = std::exp(std::log(p) - s);
  *upper = std::min(std::exp(std::log(p) + s), 1.0);
}

std::string KnownIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += fmt::format("{}'{}'", out.empty() ? "" : ", ", id);
  return out;
}

}  // namespace

std::string_view TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDays: return "days";
    case TimeUnit::kMonths: return "months";
    case TimeUnit::kYears: return "years";
  }
  return "years";
}

std::optional<TimeUnit> ParseTimeUnit(std::string_view name) {
  if (name == "days") return TimeUnit::kDays;
  if (name == "months") return TimeUnit::kMonths;
  if (name == "years") return TimeUnit::kYears;
  return std::nullopt;
}

double DaysPerUnit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDays: return 1;
    case TimeUnit::kMonths: return 365.25 / 12;
    case TimeUnit::kYears: return 365.25;
  }
  return 365.25;
}

namespace {

KaplanMeier KaplanMeierOf(const LifeTable& table) {
  KaplanMeier km;
  for (size_t j = 0; j < table.time.size(); ++j) km.n += table.events[j] + table.censored[j];
  const size_t n_times = table.time.size();
  km.curve.resize(n_times);
  int64_t at_risk = km.n;
  double s = 1, greenwood = 0;
  std::vector<double> x(n_times + 1, 0), y_surv(n_times + 1, 0), y_lower(n_times + 1, 0), y_upper(n_times + 1, 0);
  for (size_t j = 0; j < n_times; ++j) {
    SurvivalPoint& p = km.curve[j];
    p.time = table.time[j];
    p.at_risk = at_risk;
    p.events = table.events[j];
    p.censored = table.censored[j];
    if (p.events > 0) {
      const double nr = static_cast<double>(at_risk), d = static_cast<double>(p.events);
      s *= (nr - d) / nr;
      greenwood = at_risk > p.events ? greenwood + d / (nr * (nr - d)) : std::numeric_limits<double>::infinity();
    }
    p.survival = s;
    if (s > 0) {
      const double se = std::sqrt(greenwood);
      p.std_err = s * se;
      p.lower = std::exp(std::log(s) - kZ95 * se);
      p.upper = std::min(std::exp(std::log(s) + kZ95 * se), 1.0);
    } else {
      p.std_err = p.lower = p.upper = kNaN;
    }
    km.events += p.events;
    at_risk -= p.events + p.censored;
    x[j + 1] = p.time;
    y_surv[j + 1] = 1 - p.survival;
    y_lower[j + 1] = 1 - p.lower;
    y_upper[j + 1] = 1 - p.upper;
  }
  for (size_t q = 0; q < 3; ++q) km.quartiles[q].percent = 25.0 * static_cast<double>(q + 1);
  if (n_times == 0) return km;
  const auto est = FindQuantiles(x, y_surv);
  const auto lo = FindQuantiles(x, y_lower);  // the lower survival curve crosses first
  const auto hi = FindQuantiles(x, y_upper);
  for (size_t q = 0; q < 3; ++q) {
    km.quartiles[q].time = est[q];
    km.quartiles[q].lower = lo[q];
    km.quartiles[q].upper = hi[q];
  }
  return km;
}

CompetingRisks CompetingRisksOf(const LifeTable& table, size_t k_causes);

}  // namespace

Result<KaplanMeier> EstimateKaplanMeier(std::span<const int32_t> time, std::span<const uint8_t> status) {
  Result<LifeTable> table = Tabulate(time, status, 0);
  if (!table) return Error(table.error());
  return KaplanMeierOf(*table);
}

SurvivalAt KaplanMeierAt(const KaplanMeier& km, double t) {
  SurvivalAt out;
  out.time = t;
  // First row with time >= t: its at-risk count.
  auto ge = std::lower_bound(km.curve.begin(), km.curve.end(), t,
                             [](const SurvivalPoint& p, double v) { return static_cast<double>(p.time) < v; });
  out.at_risk = ge == km.curve.end() ? 0 : ge->at_risk;
  // Last row with time <= t: its estimate.
  auto gt = std::upper_bound(km.curve.begin(), km.curve.end(), t,
                             [](double v, const SurvivalPoint& p) { return v < static_cast<double>(p.time); });
  if (gt != km.curve.begin()) {
    const SurvivalPoint& p = *(gt - 1);
    out.survival = p.survival;
    out.lower = p.lower;
    out.upper = p.upper;
  }
  return out;
}

std::vector<double> RegularTimes(double last_days, TimeUnit unit) {
  const double per = DaysPerUnit(unit);
  const double m = last_days / per;
  std::vector<double> out{0};
  if (!(m > 0)) return out;
  const double raw = m / 10;
  double step = std::pow(10.0, std::floor(std::log10(raw)));
  for (double f : {1.0, 2.0, 5.0, 10.0}) {
    if (step * f >= raw) {
      step *= f;
      break;
    }
  }
  for (int k = 1; k * step <= m * (1 + 1e-12); ++k) out.push_back(k * step * per);
  return out;
}

Result<CompetingRisks> EstimateCompetingRisks(std::span<const int32_t> time, std::span<const uint32_t> cause,
                                              uint32_t n_causes) {
  if (n_causes == 0) return Error(Status::Invalid("competing risks need at least one cause"));
  Result<LifeTable> table = Tabulate(time, cause, n_causes);
  if (!table) return Error(table.error());
  return CompetingRisksOf(*table, n_causes);
}

namespace {

CompetingRisks CompetingRisksOf(const LifeTable& table, size_t k_causes) {
  const size_t n_times = table.time.size();
  CompetingRisks cr;
  for (size_t j = 0; j < n_times; ++j) cr.n += table.events[j] + table.censored[j];
  cr.time = table.time;
  cr.events_at = table.events;
  cr.censored_at = table.censored;
  cr.at_risk.resize(n_times);
  cr.survival.resize(n_times);
  cr.survival_std_err.resize(n_times);
  cr.causes.resize(k_causes);
  for (IncidenceCurve& c : cr.causes) {
    c.events_at.resize(n_times);
    c.incidence.resize(n_times);
    c.std_err.resize(n_times);
    c.lower.resize(n_times);
    c.upper.resize(n_times);
  }

  // Influence of one observation's weight on the state probabilities p = (S, F_1..F_K):
  // U(t_j) = U(t_j−1) H_j + p(t_j−1) ∂H_j/∂w, where H_j moves h_k = d_k / n from the role to
  // cause k. Every observation still at risk has the same influence `a`; the ones that have left
  // are only carried forward by H_j, so their squares and cross-products with the role state
  // (m00, m0k, mkk) are enough. The variance at t_j is m + (still at risk) · a².
  double s = 1;
  double a0 = 0, m00 = 0;
  std::vector<double> ak(k_causes, 0), m0k(k_causes, 0), mkk(k_causes, 0), f(k_causes, 0);
  int64_t at_risk = cr.n;
  for (size_t j = 0; j < n_times; ++j) {
    const int64_t d_all = table.events[j], c_all = table.censored[j];
    const int64_t* d = &table.cause_events[j * k_causes];
    cr.at_risk[j] = at_risk;
    const double nr = static_cast<double>(at_risk);
    const double d_tot = static_cast<double>(d_all), c_tot = static_cast<double>(c_all);
    const double e = s / nr;
    if (d_all > 0) {
      const double h = d_tot / nr, keep = 1 - h;
      for (size_t k = 0; k < k_causes; ++k) {
        const double hk = static_cast<double>(d[k]) / nr;
        mkk[k] += 2 * hk * m0k[k] + hk * hk * m00;
        m0k[k] = keep * (m0k[k] + hk * m00);
        ak[k] += a0 * hk - e * hk;
        f[k] += s * hk;
      }
      m00 *= keep * keep;
      a0 = a0 * keep + e * h;
      s *= (nr - d_tot) / nr;
    }
    // Observations leaving now: censored ones carry `a`; an event of cause c carries `a` with
    // −e on the role and +e on c.
    const double a0e = a0 - e;
    m00 += c_tot * a0 * a0 + d_tot * a0e * a0e;
    const double rest = static_cast<double>(at_risk - d_all - c_all);
    for (size_t k = 0; k < k_causes; ++k) {
      const double dk = static_cast<double>(d[k]);
      m0k[k] += c_tot * a0 * ak[k] + a0e * (d_tot * ak[k] + dk * e);
      mkk[k] += (c_tot + d_tot) * ak[k] * ak[k] + dk * (2 * ak[k] * e + e * e);
      IncidenceCurve& cc = cr.causes[k];
      cc.events_at[j] = d[k];
      cc.events += d[k];
      cc.incidence[j] = f[k];
      cc.std_err[j] = std::sqrt(std::max(0.0, mkk[k] + rest * ak[k] * ak[k]));
      LogInterval(f[k], cc.std_err[j], &cc.lower[j], &cc.upper[j]);
    }
    cr.survival[j] = s;
    cr.survival_std_err[j] = std::sqrt(std::max(0.0, m00 + rest * a0 * a0));
    cr.events += d_all;
    at_risk -= d_all + c_all;
  }
  return cr;
}

}  // namespace

int32_t LatestDate(const Population& pop) {
  int32_t latest = std::numeric_limits<int32_t>::min();
  for (int32_t v : pop.start) latest = std::max(latest, v);
  for (int32_t v : pop.end) {
    if (v != Population::kOngoing) latest = std::max(latest, v);
  }
  return pop.spells() == 0 ? 0 : latest;
}

namespace {

constexpr uint32_t kNoRole = std::numeric_limits<uint32_t>::max();

// What walking a population's role spells needs, per population state (and one more for the
// implicit `outside` after a career's last spell): the role's position, whether the selection
// takes it, and the cause it names as a next state.
struct Walk {
  int32_t as_of = 0;
  std::vector<std::string> roles;   // framework order
  std::vector<std::string> causes;  // at the level: roles or tracks, destinations, outside
  std::vector<uint32_t> pos;        // kNoRole for destinations
  std::vector<uint32_t> cause;
  std::vector<char> selected;
  uint32_t outside = 0;
};

Result<Walk> Prepare(const Population& pop, const Framework& fw, const TenureOptions& options) {
  const bool by_track = options.level == TransitionLevel::kTrack;
  Walk w;
  std::vector<std::string> track_ids;
  for (const Track& t : fw.tracks) track_ids.push_back(t.id);
  StringMap<uint32_t> role_pos;
  for (const Track& t : fw.tracks) {
    for (const Role* r : fw.RolesOfTrack(t.id)) {
      role_pos.emplace(r->id, static_cast<uint32_t>(w.roles.size()));
      w.roles.push_back(r->id);
    }
  }
  const Role* only_role = nullptr;
  if (!options.role.empty()) {
    only_role = fw.FindRole(options.role);
    if (!only_role) {
      return Error(Status::Invalid(fmt::format("--role '{}': not a role of framework '{}' {}; expected one of {}",
                                               options.role, fw.id, fw.version, KnownIds(w.roles))));
    }
  }
  if (!options.track.empty()) {
    if (!fw.FindTrack(options.track)) {
      return Error(Status::Invalid(fmt::format("--track '{}': not a track of framework '{}' {}; expected one of {}",
                                               options.track, fw.id, fw.version, KnownIds(track_ids))));
    }
    if (only_role && only_role->track != options.track) {
      return Error(Status::Invalid(fmt::format("--role '{}' is in track '{}', not in --track '{}'", options.role,
                                               only_role->track, options.track)));
    }
  }

  w.causes = UnitIds(fw, options.level, true);
  StringMap<uint32_t> cause_of_id;
  for (size_t k = 0; k < w.causes.size(); ++k) cause_of_id.emplace(w.causes[k], static_cast<uint32_t>(k));

  const size_t n_states = pop.states.size();
  w.pos.assign(n_states + 1, kNoRole);
  w.cause.assign(n_states + 1, 0);
  w.selected.assign(n_states + 1, 0);
  for (size_t st = 0; st <= n_states; ++st) {
    const std::string& id = st < n_states ? pop.states.Get(static_cast<uint32_t>(st)) : std::string(kOutside);
    const Role* r = fw.FindRole(id);
    if (!r && !fw.FindDestination(id) && id != kOutside) {
      return Error(Status::Invalid(
          fmt::format("the careers use '{}', which framework '{}' {} does not define", id, fw.id, fw.version)));
    }
    if (r) {
      w.pos[st] = role_pos.at(r->id);
      w.selected[st] = (!only_role || r == only_role) && (options.track.empty() || r->track == options.track);
    }
    w.cause[st] = cause_of_id.at(r && by_track ? r->track : id);
  }
  w.outside = static_cast<uint32_t>(n_states);
  w.as_of = options.as_of ? *options.as_of : LatestDate(pop);
  return w;
}

// Calls f(person, role position, duration in days, ended, cause index) for every selected role spell.
template <typename F>
void ForEachRoleSpell(const Population& pop, const Walk& w, F&& f) {
  const int32_t as_of = w.as_of;
  for (size_t p = 0; p < pop.people(); ++p) {
    const uint32_t e = pop.spell_begin[p + 1];
    for (uint32_t i = pop.spell_begin[p]; i < e;) {
      const uint32_t st = pop.state[i];
      uint32_t j = i;
      while (j + 1 < e && pop.state[j + 1] == st) ++j;  // a title change is not a move
      const int32_t start = pop.start[i], end = pop.end[j];
      const uint32_t next = j + 1 < e ? pop.state[j + 1] : w.outside;
      i = j + 1;
      if (!w.selected[st] || start > as_of) continue;  // destinations are never selected
      const bool ended = end != Population::kOngoing && end <= as_of;
      f(p, w.pos[st], (ended ? end : as_of) - start, ended, w.cause[next]);
    }
  }
}

// Keeps the causes with at least one event.
void KeepCausesWithEvents(const std::vector<std::string>& names, CompetingRisks cr, TenureResult* result) {
  std::vector<IncidenceCurve> kept;
  for (size_t k = 0; k < cr.causes.size(); ++k) {
    if (cr.causes[k].events == 0) continue;
    result->causes.push_back(names[k]);
    kept.push_back(std::move(cr.causes[k]));
  }
  cr.causes = std::move(kept);
  result->incidence = std::move(cr);
}

RoleTenure RoleTenureOf(const Framework& fw, const std::string& role, const KaplanMeier& km) {
  RoleTenure rt;
  rt.role = role;
  rt.track = fw.FindRole(role)->track;
  rt.n = km.n;
  rt.events = km.events;
  rt.quartiles = km.quartiles;
  return rt;
}

// The general path: the spells as arrays, then the estimators on them (and on each role's slice
// after a counting sort by role).
Result<TenureResult> TenureFromArrays(const Population& pop, const Framework& fw, const TenureOptions& options,
                                      const Walk& w, TenureResult result) {
  const bool by_role = options.role.empty(), by_dest = options.by_destination;
  std::vector<int32_t> time;
  std::vector<uint8_t> status;
  std::vector<uint32_t> role, cause;
  ForEachRoleSpell(pop, w, [&](size_t, uint32_t r, int32_t t, bool ended, uint32_t c) {
    time.push_back(t);
    status.push_back(ended ? 1 : 0);
    if (by_role) role.push_back(r);
    if (by_dest) cause.push_back(ended ? c + 1 : 0);
  });
  Result<KaplanMeier> km = EstimateKaplanMeier(time, status);
  if (!km) return Error(km.error());
  result.survival = std::move(*km);
  if (by_dest) {
    Result<CompetingRisks> cr = EstimateCompetingRisks(time, cause, static_cast<uint32_t>(w.causes.size()));
    if (!cr) return Error(cr.error());
    KeepCausesWithEvents(w.causes, std::move(*cr), &result);
  }
  if (by_role) {
    const size_t n_roles = w.roles.size(), n = time.size();
    std::vector<size_t> offset(n_roles + 1, 0);
    for (uint32_t r : role) ++offset[r + 1];
    for (size_t r = 0; r < n_roles; ++r) offset[r + 1] += offset[r];
    std::vector<int32_t> sorted_time(n);
    std::vector<uint8_t> sorted_status(n);
    std::vector<size_t> fill(offset.begin(), offset.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      const size_t at = fill[role[i]]++;
      sorted_time[at] = time[i];
      sorted_status[at] = status[i];
    }
    for (size_t r = 0; r < n_roles; ++r) {
      const size_t len = offset[r + 1] - offset[r];
      if (len == 0) continue;
      Result<KaplanMeier> rk = EstimateKaplanMeier(std::span<const int32_t>(sorted_time.data() + offset[r], len),
                                                   std::span<const uint8_t>(sorted_status.data() + offset[r], len));
      if (!rk) return Error(rk.error());
      result.by_role.push_back(RoleTenureOf(fw, w.roles[r], *rk));
    }
  }
  return result;
}

}  // namespace

Result<RoleSpells> ExtractRoleSpells(const Population& pop, const Framework& fw, const TenureOptions& options) {
  Result<Walk> w = Prepare(pop, fw, options);
  if (!w) return Error(w.error());
  RoleSpells out;
  out.as_of = w->as_of;
  out.roles = w->roles;
  out.causes = w->causes;
  ForEachRoleSpell(pop, *w, [&](size_t p, uint32_t r, int32_t t, bool ended, uint32_t c) {
    out.person.push_back(static_cast<uint32_t>(p));
    out.time.push_back(t);
    out.status.push_back(ended ? 1 : 0);
    out.role.push_back(r);
    out.cause.push_back(ended ? c + 1 : 0);
  });
  return out;
}

// Durations are days between dates, so they span at most as-of − the earliest start: usually a
// few thousand values. Then the walk counts straight into per-role (and per-cause) histograms —
// no per-spell arrays at all — and the estimators read the histograms. A population spread over
// a range much wider than its size takes the general path.
Result<TenureResult> ComputeTenure(const Population& pop, const Framework& fw, const TenureOptions& options) {
  Result<Walk> w = Prepare(pop, fw, options);
  if (!w) return Error(w.error());
  TenureResult result;
  result.as_of = w->as_of;
  result.role = options.role;
  result.track = options.track;
  result.level = options.level;
  const bool by_role = options.role.empty(), by_dest = options.by_destination;

  int32_t earliest = std::numeric_limits<int32_t>::max();
  for (int32_t v : pop.start) earliest = std::min(earliest, v);
  if (pop.spells() == 0 || earliest > w->as_of) {  // no spell starts by the as-of date
    result.survival = KaplanMeierOf(LifeTable());
    if (by_dest) KeepCausesWithEvents(w->causes, CompetingRisksOf(LifeTable(), w->causes.size()), &result);
    return result;
  }
  const uint64_t range = static_cast<uint64_t>(static_cast<int64_t>(w->as_of) - earliest) + 1;
  const size_t slots = by_role ? w->roles.size() : 1, width = w->causes.size() + 1;
  const uint64_t counters = range * 2 * slots + (by_dest ? range * width : 0);
  if (counters > pop.spells() + (uint64_t{1} << 20)) return TenureFromArrays(pop, fw, options, *w, std::move(result));

  std::vector<int64_t> km_counts(range * 2 * slots, 0);  // [(slot * range + t) * 2 + ended]
  std::vector<int64_t> cr_counts(by_dest ? range * width : 0, 0);  // [t * width + cause + 1 or 0]
  ForEachRoleSpell(pop, *w, [&](size_t, uint32_t r, int32_t t, bool ended, uint32_t c) {
    const size_t slot = by_role ? r : 0;
    ++km_counts[(slot * range + static_cast<size_t>(t)) * 2 + (ended ? 1 : 0)];
    if (by_dest) ++cr_counts[static_cast<size_t>(t) * width + (ended ? c + 1 : 0)];
  });
  if (by_role) {
    std::vector<int64_t> pooled(range * 2, 0);
    for (size_t r = 0; r < slots; ++r) {
      const int64_t* slice = km_counts.data() + r * range * 2;
      int64_t n = 0;
      for (size_t i = 0; i < range * 2; ++i) {
        pooled[i] += slice[i];
        n += slice[i];
      }
      if (n > 0) result.by_role.push_back(RoleTenureOf(fw, w->roles[r], KaplanMeierOf(FromCounts(slice, range, 2, 0, true))));
    }
    result.survival = KaplanMeierOf(FromCounts(pooled.data(), range, 2, 0, true));
  } else {
    result.survival = KaplanMeierOf(FromCounts(km_counts.data(), range, 2, 0, true));
  }
  if (by_dest) {
    KeepCausesWithEvents(w->causes, CompetingRisksOf(FromCounts(cr_counts.data(), range, width, 0, false), width - 1),
                         &result);
  }
  return result;
}

}  // namespace careergraph
