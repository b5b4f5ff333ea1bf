#include "careergraph/plan/model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/analysis/claims.h"
#include "careergraph/base/date.h"
#include "careergraph/plan/plan.h"

namespace careergraph {
namespace {

using Json = nlohmann::ordered_json;


size_t BandOf(double days) {
  size_t b = 0;
  while (b < kDurationBandEdges.size() && days >= kDurationBandEdges[b]) ++b;
  return b;
}

// R's median: the middle value, or the mean of the two middle ones.
double Median(std::vector<int32_t>& v) {
  if (v.empty()) return 0;
  const size_t h = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
  const double hi = v[h];
  if (v.size() % 2 == 1) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
  return (lo + hi) / 2;
}

// The raw counts of one role over a selection of its spells.
struct RoleCounts {
  std::vector<int32_t> time;
  std::vector<uint8_t> status;
  std::vector<int64_t> to;                    // per cause (0-based), allowed or not
  std::vector<std::array<int64_t, kDurationBands>> to_band;  // per cause
  std::vector<std::vector<int32_t>> durations;  // per cause: time in role at the move
};

struct Candidates {
  std::vector<std::string> ids;  // every cause: roles, destinations, outside (framework order)
  std::vector<std::vector<MoveClass>> cls;  // [role][cause]
};

// The shares of one role from counts and a per-cause prior (pseudo-moves, zero where the policy
// forbids). `base` shrinks toward given shares with `strength` pseudo-moves instead of the
// framework prior (groups).
void FillShares(const Candidates& cand, size_t r, const RoleCounts& c, double prior,
                const ModelRole* base, double strength, ModelRole* out) {
  const size_t n = cand.ids.size();
  std::vector<double> alpha(n, 0), count(n, 0);
  out->forbidden = 0;
  for (size_t j = 0; j < n; ++j) {
    const MoveClass& m = cand.cls[r][j];
    if (!m.allowed || cand.ids[j] == out->id) {
      out->forbidden += c.to[j];
      continue;
    }
    count[j] = static_cast<double>(c.to[j]);
    if (base) {
      const ModelMove* bm = base->Find(cand.ids[j]);
      alpha[j] = bm ? strength * bm->probability : 0;
    } else if (m.listed) {
      alpha[j] = prior * (m.typical ? 2 : 1);
    }
  }
  const double total = std::accumulate(count.begin(), count.end(), 0.0) + std::accumulate(alpha.begin(), alpha.end(), 0.0);
  std::array<double, kDurationBands> band_total{};
  for (size_t j = 0; j < n; ++j) {
    if (!cand.cls[r][j].allowed) continue;
    for (size_t b = 0; b < kDurationBands; ++b) band_total[b] += static_cast<double>(c.to_band[j][b]);
  }
  out->moves.clear();
  for (size_t j = 0; j < n; ++j) {
    if (count[j] + alpha[j] <= 0 && c.to[j] == 0) continue;
    ModelMove mv;
    mv.to = cand.ids[j];
    const MoveClass& m = cand.cls[r][j];
    mv.kind = m.kind;
    mv.listed = m.listed;
    mv.typical = m.typical;
    mv.observed = c.to[j];
    mv.prior = alpha[j];
    if (total > 0 && m.allowed) {
      mv.probability = (count[j] + alpha[j]) / total;
      const Interval ci = WilsonInterval(count[j] + alpha[j], total);
      mv.lower = ci.lower;
      mv.upper = ci.upper;
    }
    for (size_t b = 0; b < kDurationBands; ++b) {
      const double nb = m.allowed ? static_cast<double>(c.to_band[j][b]) : 0;
      mv.by_duration[b] = (nb + kDurationShrinkage * mv.probability) / (band_total[b] + kDurationShrinkage);
    }
    std::vector<int32_t> d = c.durations[j];
    mv.median_days_at_move = Median(d);
    out->moves.push_back(std::move(mv));
  }
  // By probability, then framework order (the candidates are in framework order already).
  std::stable_sort(out->moves.begin(), out->moves.end(),
                   [](const ModelMove& a, const ModelMove& b) { return a.probability > b.probability; });
}

Status FillTime(const RoleCounts& c, ModelRole* out) {
  out->spells = static_cast<int64_t>(c.time.size());
  out->events = 0;
  out->exposure_days = 0;
  out->band_events = {};
  for (size_t i = 0; i < c.time.size(); ++i) {
    out->exposure_days += c.time[i];
    if (c.status[i]) {
      ++out->events;
      ++out->band_events[BandOf(c.time[i])];
    }
  }
  out->mean_days = out->events > 0 ? std::optional<double>(out->exposure_days / static_cast<double>(out->events))
                                   : std::nullopt;
  Result<KaplanMeier> km = EstimateKaplanMeier(c.time, c.status);
  if (!km) return km.error();
  out->quartiles = km->quartiles;
  out->survival.clear();
  for (const SurvivalPoint& p : km->curve) {
    if (p.events > 0) out->survival.emplace_back(p.time, p.survival);
  }
  return Status::Ok();
}

std::vector<RoleCounts> CountRoles(const RoleSpells& rs, size_t n_causes, const std::vector<uint8_t>* keep_spell) {
  std::vector<RoleCounts> counts(rs.roles.size());
  for (RoleCounts& c : counts) {
    c.to.assign(n_causes, 0);
    c.to_band.assign(n_causes, {});
    c.durations.assign(n_causes, {});
  }
  for (size_t i = 0; i < rs.time.size(); ++i) {
    if (keep_spell && !(*keep_spell)[i]) continue;
    RoleCounts& c = counts[rs.role[i]];
    c.time.push_back(rs.time[i]);
    c.status.push_back(rs.status[i]);
    if (rs.status[i]) {
      const uint32_t j = rs.cause[i] - 1;
      ++c.to[j];
      ++c.to_band[j][BandOf(rs.time[i])];
      c.durations[j].push_back(rs.time[i]);
    }
  }
  return counts;
}

std::string NowUtc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

double SurvivalOf(const ModelRole& role, double t) {
  // The last event time at or before t.
  auto it = std::upper_bound(role.survival.begin(), role.survival.end(), t,
                             [](double v, const std::pair<int32_t, double>& p) { return v < p.first; });
  return it == role.survival.begin() ? 1.0 : std::prev(it)->second;
}

}  // namespace

const ModelMove* ModelRole::Find(std::string_view to) const {
  for (const ModelMove& m : moves) {
    if (m.to == to) return &m;
  }
  return nullptr;
}

const std::vector<ModelRole>& CareerModel::Roles(std::string_view group) const {
  if (!group.empty()) {
    for (const ModelGroup& g : groups) {
      if (g.value == group) return g.roles;
    }
  }
  return roles;
}

const ModelRole* CareerModel::FindRole(std::string_view id, std::string_view group) const {
  for (const ModelRole& r : Roles(group)) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

bool CareerModel::IsDestination(std::string_view id) const {
  return std::find(destinations.begin(), destinations.end(), id) != destinations.end();
}

std::string PopulationFingerprint(const Population& pop) {
  // FNV-1a, 64 bits, over every person id, every spell's state id and dates.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* data, size_t n) {
    const auto* b = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) {
      h ^= b[i];
      h *= 1099511628211ull;
    }
  };
  for (size_t p = 0; p < pop.people(); ++p) {
    mix(pop.person_ids[p].data(), pop.person_ids[p].size() + 1);
    for (uint32_t i = pop.spell_begin[p]; i < pop.spell_begin[p + 1]; ++i) {
      const std::string& s = pop.states.Get(pop.state[i]);
      mix(s.data(), s.size() + 1);
      mix(&pop.start[i], sizeof(int32_t));
      mix(&pop.end[i], sizeof(int32_t));
    }
  }
  return fmt::format("{:016x}", h);
}

Result<CareerModel> FitModel(const Population& pop, const Framework& fw, const ModelOptions& options) {
  if (!(options.prior >= 0) || !std::isfinite(options.prior)) {
    return Error(Status::Invalid(fmt::format("--prior: expected a number >= 0, got {}", options.prior)));
  }
  if (!(options.min_group >= 0) || !std::isfinite(options.min_group)) {
    return Error(Status::Invalid(fmt::format("--min-group: expected a number >= 0, got {}", options.min_group)));
  }
  size_t attribute = 0;
  if (!options.by.empty()) {
    auto it = std::find(pop.attribute_names.begin(), pop.attribute_names.end(), options.by);
    if (it == pop.attribute_names.end()) {
      std::string known;
      for (const std::string& a : pop.attribute_names) known += (known.empty() ? "" : ", ") + a;
      return Error(Status::Invalid(fmt::format("--by: no person attribute '{}' (known: {})", options.by,
                                               known.empty() ? "none" : known)));
    }
    attribute = static_cast<size_t>(it - pop.attribute_names.begin());
  }
  TenureOptions to;
  to.as_of = options.as_of;
  to.level = TransitionLevel::kRole;
  Result<RoleSpells> rs = ExtractRoleSpells(pop, fw, to);
  if (!rs) return Error(rs.error());

  CareerModel model;
  model.framework_id = fw.id;
  model.framework_version = fw.version;
  model.options = options;
  model.data.people = static_cast<int64_t>(pop.people());
  model.data.spells = static_cast<int64_t>(pop.spells());
  model.data.as_of = rs->as_of;
  model.data.fingerprint = PopulationFingerprint(pop);
  model.fitted_at = NowUtc();
  for (uint8_t s : rs->status) model.data.moves += s;
  for (const Destination& d : fw.destinations) model.destinations.push_back(d.id);
  if (!fw.FindDestination(kOutside)) model.destinations.push_back(kOutside);

  Candidates cand;
  cand.ids = rs->causes;
  cand.cls.resize(rs->roles.size());
  for (size_t r = 0; r < rs->roles.size(); ++r) {
    for (const std::string& j : cand.ids) cand.cls[r].push_back(fw.Classify(rs->roles[r], j));
  }

  std::vector<RoleCounts> pooled = CountRoles(*rs, cand.ids.size(), nullptr);
  model.roles.resize(rs->roles.size());
  for (size_t r = 0; r < rs->roles.size(); ++r) {
    ModelRole& role = model.roles[r];
    role.id = rs->roles[r];
    if (Status st = FillTime(pooled[r], &role); !st.ok()) return Error(st);
    FillShares(cand, r, pooled[r], options.prior, nullptr, 0, &role);
  }
  if (!options.duration) {
    for (ModelRole& role : model.roles) {
      for (ModelMove& m : role.moves) m.by_duration.fill(m.probability);
    }
  }
  std::vector<double> in_framework = ExpectedDaysInFramework(model.roles, model.destinations);
  for (size_t r = 0; r < model.roles.size(); ++r) model.roles[r].expected_days_in_framework = in_framework[r];

  if (!options.by.empty()) {
    const std::vector<uint32_t>& column = pop.attribute[attribute];
    std::vector<uint32_t> values;
    for (uint32_t v : column) {
      if (v != Interner::kNone) values.push_back(v);
    }
    std::sort(values.begin(), values.end(), [&](uint32_t a, uint32_t b) {
      return pop.attribute_values.Get(a) < pop.attribute_values.Get(b);
    });
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (uint32_t v : values) {
      ModelGroup g;
      g.value = pop.attribute_values.Get(v);
      for (uint32_t pv : column) g.people += pv == v;
      std::vector<uint8_t> keep(rs->time.size());
      for (size_t i = 0; i < keep.size(); ++i) keep[i] = column[rs->person[i]] == v;
      std::vector<RoleCounts> counts = CountRoles(*rs, cand.ids.size(), &keep);
      g.roles.resize(model.roles.size());
      for (size_t r = 0; r < model.roles.size(); ++r) {
        const ModelRole& base = model.roles[r];
        ModelRole& role = g.roles[r];
        role.id = base.id;
        if (Status st = FillTime(counts[r], &role); !st.ok()) return Error(st);
        // A thin group keeps the pooled curve for its conditional medians.
        if (static_cast<double>(role.spells) < options.min_group) {
          role.quartiles = base.quartiles;
          role.survival = base.survival;
        }
        // Shrink the mean time toward the pooled one: min_group pseudo-events of the pooled mean.
        if (base.mean_days) {
          role.mean_days = (role.exposure_days + options.min_group * *base.mean_days) /
                           (static_cast<double>(role.events) + options.min_group);
        }
        FillShares(cand, r, counts[r], 0, &base, options.min_group, &role);
        if (!options.duration) {
          for (ModelMove& m : role.moves) m.by_duration.fill(m.probability);
        }
      }
      std::vector<double> days = ExpectedDaysInFramework(g.roles, model.destinations);
      for (size_t r = 0; r < g.roles.size(); ++r) g.roles[r].expected_days_in_framework = days[r];
      model.groups.push_back(std::move(g));
    }
  }
  return model;
}

double StayProbability(const ModelRole& role, double period_days) {
  if (!role.mean_days || *role.mean_days <= 0) return role.mean_days ? 0 : 1;
  return std::exp(-period_days / *role.mean_days);
}

std::vector<double> ConditionalShares(const ModelRole& role, double s, bool use_duration) {
  std::vector<double> p(role.moves.size());
  for (size_t j = 0; j < p.size(); ++j) p[j] = role.moves[j].probability;
  if (!use_duration || role.survival.empty()) return p;
  // Weight of band b: P(leave in b | still in the role at s) ∝ S(max(s, lo_b)) − S(hi_b), with
  // S(∞) = 0 (whatever the curve leaves over is spent in the last band).
  std::array<double, kDurationBands> w{};
  double sum = 0;
  for (size_t b = 0; b < kDurationBands; ++b) {
    const double lo = b == 0 ? 0 : kDurationBandEdges[b - 1];
    const double hi = b < kDurationBandEdges.size() ? kDurationBandEdges[b] : std::numeric_limits<double>::infinity();
    if (hi <= s) continue;
    const double s_lo = SurvivalOf(role, std::max(s, lo) - 1);  // survival just before lo: still there at lo
    const double s_hi = std::isinf(hi) ? 0 : SurvivalOf(role, hi - 1);
    w[b] = std::max(0.0, s_lo - s_hi);
    sum += w[b];
  }
  if (sum <= 0) {
    w = {};
    w[BandOf(s)] = 1;
    sum = 1;
  }
  for (size_t j = 0; j < p.size(); ++j) {
    double v = 0;
    for (size_t b = 0; b < kDurationBands; ++b) v += w[b] * role.moves[j].by_duration[b];
    p[j] = v / sum;
  }
  return p;
}

std::optional<double> ConditionalMedianDays(const ModelRole& role, double s) {
  const double half = SurvivalOf(role, s) / 2;
  for (const auto& [t, surv] : role.survival) {
    if (t > s && surv <= half + kQuantileTolerance) return t - s;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// JSON.

namespace {

Json Num(std::optional<double> v) { return v && std::isfinite(*v) ? Json(*v) : Json(nullptr); }

Json RoleJson(const ModelRole& r) {
  Json j;
  j["id"] = r.id;
  j["spells"] = r.spells;
  j["events"] = r.events;
  j["exposure_days"] = r.exposure_days;
  j["mean_days"] = Num(r.mean_days);
  j["expected_days_in_framework"] = Num(r.expected_days_in_framework);
  Json q = Json::array();
  for (const SurvivalQuantile& sq : r.quartiles) {
    q.push_back({{"percent", sq.percent}, {"days", Num(sq.time)}, {"lower", Num(sq.lower)}, {"upper", Num(sq.upper)}});
  }
  j["quartiles"] = q;
  Json s = Json::array();
  for (const auto& [t, v] : r.survival) s.push_back(Json::array({t, v}));
  j["survival"] = s;
  j["band_events"] = r.band_events;
  j["forbidden"] = r.forbidden;
  Json moves = Json::array();
  for (const ModelMove& m : r.moves) {
    moves.push_back({{"to", m.to},
                     {"kind", std::string(MoveKindName(m.kind))},
                     {"listed", m.listed},
                     {"typical", m.typical},
                     {"observed", m.observed},
                     {"prior", m.prior},
                     {"probability", m.probability},
                     {"lower", m.lower},
                     {"upper", m.upper},
                     {"by_duration", m.by_duration},
                     {"median_days_at_move", m.median_days_at_move}});
  }
  j["moves"] = moves;
  return j;
}

// Reads fields with messages that name the file and the field's path.
class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}
  Status Fail(const std::string& path, std::string_view expected) const {
    return Status::Invalid(fmt::format("{}: field {}: expected {}", file_, path, expected));
  }
  Result<const Json*> Field(const Json& obj, const std::string& path, const char* key, std::string_view what) const {
    if (!obj.is_object() || !obj.contains(key)) return Error(Fail(path + "." + key, what));
    return &obj[key];
  }
  Result<double> Number(const Json& obj, const std::string& path, const char* key, double lo, double hi) const {
    Result<const Json*> f = Field(obj, path, key, fmt::format("a number in [{}, {}]", lo, hi));
    if (!f) return Error(f.error());
    if (!(*f)->is_number() || !((*f)->get<double>() >= lo && (*f)->get<double>() <= hi)) {
      return Error(Fail(path + "." + key, fmt::format("a number in [{}, {}]", lo, hi)));
    }
    return (*f)->get<double>();
  }
  Result<std::optional<double>> OptNumber(const Json& obj, const std::string& path, const char* key) const {
    Result<const Json*> f = Field(obj, path, key, "a number >= 0 or null");
    if (!f) return Error(f.error());
    if ((*f)->is_null()) return std::optional<double>();
    if (!(*f)->is_number() || !((*f)->get<double>() >= 0) || !std::isfinite((*f)->get<double>())) {
      return Error(Fail(path + "." + key, "a number >= 0 or null"));
    }
    return std::optional<double>((*f)->get<double>());
  }
  Result<int64_t> Count(const Json& obj, const std::string& path, const char* key) const {
    Result<const Json*> f = Field(obj, path, key, "a whole number >= 0");
    if (!f) return Error(f.error());
    if (!(*f)->is_number_integer() || (*f)->get<int64_t>() < 0) return Error(Fail(path + "." + key, "a whole number >= 0"));
    return (*f)->get<int64_t>();
  }
  Result<std::string> String(const Json& obj, const std::string& path, const char* key) const {
    Result<const Json*> f = Field(obj, path, key, "a string");
    if (!f) return Error(f.error());
    if (!(*f)->is_string()) return Error(Fail(path + "." + key, "a string"));
    return (*f)->get<std::string>();
  }
  Result<bool> Bool(const Json& obj, const std::string& path, const char* key) const {
    Result<const Json*> f = Field(obj, path, key, "true or false");
    if (!f) return Error(f.error());
    if (!(*f)->is_boolean()) return Error(Fail(path + "." + key, "true or false"));
    return (*f)->get<bool>();
  }
  Result<const Json*> Array(const Json& obj, const std::string& path, const char* key) const {
    Result<const Json*> f = Field(obj, path, key, "an array");
    if (!f) return Error(f.error());
    if (!(*f)->is_array()) return Error(Fail(path + "." + key, "an array"));
    return *f;
  }

 private:
  std::string_view file_;
};

#define CG_MODEL_CONCAT_(a, b) a##b
#define CG_MODEL_CONCAT(a, b) CG_MODEL_CONCAT_(a, b)
#define CG_ASSIGN_OR_RETURN_(tmp, lhs, expr) \
  auto tmp = (expr);                         \
  if (!tmp) return Error(tmp.error());       \
  lhs = *tmp
// Assigns the value of a Result-returning expression, or returns its error.
#define CG_ASSIGN_OR_RETURN(lhs, expr) CG_ASSIGN_OR_RETURN_(CG_MODEL_CONCAT(cg_result_, __LINE__), lhs, expr)

constexpr double kInf = std::numeric_limits<double>::infinity();

Result<ModelRole> RoleFromJson(const Reader& rd, const Json& j, const std::string& path, const Framework& fw,
                               const CareerModel& model) {
  ModelRole r;
  CG_ASSIGN_OR_RETURN(r.id, rd.String(j, path, "id"));
  if (!fw.FindRole(r.id)) return Error(rd.Fail(path + ".id", "a role of the framework"));
  CG_ASSIGN_OR_RETURN(r.spells, rd.Count(j, path, "spells"));
  CG_ASSIGN_OR_RETURN(r.events, rd.Count(j, path, "events"));
  if (r.events > r.spells) return Error(rd.Fail(path + ".events", "at most `spells`"));
  CG_ASSIGN_OR_RETURN(r.exposure_days, rd.Number(j, path, "exposure_days", 0, 1e15));
  CG_ASSIGN_OR_RETURN(r.mean_days, rd.OptNumber(j, path, "mean_days"));
  std::optional<double> in_fw;
  CG_ASSIGN_OR_RETURN(in_fw, rd.OptNumber(j, path, "expected_days_in_framework"));
  r.expected_days_in_framework = in_fw ? *in_fw : kInf;
  const Json* q = nullptr;
  CG_ASSIGN_OR_RETURN(q, rd.Array(j, path, "quartiles"));
  if (q->size() != 3) return Error(rd.Fail(path + ".quartiles", "3 quartiles (25, 50, 75 %)"));
  for (size_t i = 0; i < 3; ++i) {
    const std::string qp = fmt::format("{}.quartiles[{}]", path, i);
    CG_ASSIGN_OR_RETURN(r.quartiles[i].percent, rd.Number((*q)[i], qp, "percent", 0, 100));
    CG_ASSIGN_OR_RETURN(r.quartiles[i].time, rd.OptNumber((*q)[i], qp, "days"));
    CG_ASSIGN_OR_RETURN(r.quartiles[i].lower, rd.OptNumber((*q)[i], qp, "lower"));
    CG_ASSIGN_OR_RETURN(r.quartiles[i].upper, rd.OptNumber((*q)[i], qp, "upper"));
  }
  const Json* s = nullptr;
  CG_ASSIGN_OR_RETURN(s, rd.Array(j, path, "survival"));
  double last_t = -1, last_s = 1;
  for (size_t i = 0; i < s->size(); ++i) {
    const Json& p = (*s)[i];
    const std::string sp = fmt::format("{}.survival[{}]", path, i);
    if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number()) {
      return Error(rd.Fail(sp, "[days, survival]"));
    }
    const int64_t t = p[0].get<int64_t>();
    const double v = p[1].get<double>();
    if (t <= last_t || t > std::numeric_limits<int32_t>::max() || !(v >= 0 && v <= last_s)) {
      return Error(rd.Fail(sp, "[days, survival] with days increasing and survival in [0, 1], not increasing"));
    }
    last_t = static_cast<double>(t);
    last_s = v;
    r.survival.emplace_back(static_cast<int32_t>(t), v);
  }
  const Json* be = nullptr;
  CG_ASSIGN_OR_RETURN(be, rd.Array(j, path, "band_events"));
  if (be->size() != kDurationBands) return Error(rd.Fail(path + ".band_events", "3 counts"));
  for (size_t b = 0; b < kDurationBands; ++b) {
    if (!(*be)[b].is_number_integer() || (*be)[b].get<int64_t>() < 0) {
      return Error(rd.Fail(fmt::format("{}.band_events[{}]", path, b), "a whole number >= 0"));
    }
    r.band_events[b] = (*be)[b].get<int64_t>();
  }
  CG_ASSIGN_OR_RETURN(r.forbidden, rd.Count(j, path, "forbidden"));
  const Json* moves = nullptr;
  CG_ASSIGN_OR_RETURN(moves, rd.Array(j, path, "moves"));
  double sum = 0;
  for (size_t i = 0; i < moves->size(); ++i) {
    const Json& m = (*moves)[i];
    const std::string mp = fmt::format("{}.moves[{}]", path, i);
    ModelMove mv;
    CG_ASSIGN_OR_RETURN(mv.to, rd.String(m, mp, "to"));
    if (mv.to == r.id || (!fw.FindRole(mv.to) && !model.IsDestination(mv.to))) {
      return Error(rd.Fail(mp + ".to", "another role or a destination of the framework"));
    }
    if (r.Find(mv.to)) return Error(rd.Fail(mp + ".to", fmt::format("each state once ('{}' is repeated)", mv.to)));
    std::string kind;
    CG_ASSIGN_OR_RETURN(kind, rd.String(m, mp, "kind"));
    const MoveClass cls = fw.Classify(r.id, mv.to);
    if (kind != MoveKindName(cls.kind)) {
      return Error(rd.Fail(mp + ".kind", fmt::format("'{}' (the framework's kind of this move)", MoveKindName(cls.kind))));
    }
    mv.kind = cls.kind;
    CG_ASSIGN_OR_RETURN(mv.listed, rd.Bool(m, mp, "listed"));
    CG_ASSIGN_OR_RETURN(mv.typical, rd.Bool(m, mp, "typical"));
    CG_ASSIGN_OR_RETURN(mv.observed, rd.Count(m, mp, "observed"));
    CG_ASSIGN_OR_RETURN(mv.prior, rd.Number(m, mp, "prior", 0, 1e15));
    CG_ASSIGN_OR_RETURN(mv.probability, rd.Number(m, mp, "probability", 0, 1));
    if (mv.probability > 0 && !cls.allowed) return Error(rd.Fail(mp + ".probability", "0 (the policy forbids this move)"));
    CG_ASSIGN_OR_RETURN(mv.lower, rd.Number(m, mp, "lower", 0, 1));
    CG_ASSIGN_OR_RETURN(mv.upper, rd.Number(m, mp, "upper", 0, 1));
    const Json* bd = nullptr;
    CG_ASSIGN_OR_RETURN(bd, rd.Array(m, mp, "by_duration"));
    if (bd->size() != kDurationBands) return Error(rd.Fail(mp + ".by_duration", "3 probabilities"));
    for (size_t b = 0; b < kDurationBands; ++b) {
      if (!(*bd)[b].is_number() || !((*bd)[b].get<double>() >= 0 && (*bd)[b].get<double>() <= 1)) {
        return Error(rd.Fail(fmt::format("{}.by_duration[{}]", mp, b), "a number in [0, 1]"));
      }
      mv.by_duration[b] = (*bd)[b].get<double>();
    }
    CG_ASSIGN_OR_RETURN(mv.median_days_at_move, rd.Number(m, mp, "median_days_at_move", 0, 1e9));
    sum += mv.probability;
    r.moves.push_back(std::move(mv));
  }
  if (!r.moves.empty() && sum > 0 && std::abs(sum - 1) > 1e-9) {
    return Error(rd.Fail(path + ".moves", fmt::format("probabilities summing to 1 (they sum to {:.12g})", sum)));
  }
  return r;
}

Result<std::vector<ModelRole>> RolesFromJson(const Reader& rd, const Json& arr, const std::string& path,
                                             const Framework& fw, const CareerModel& model) {
  std::vector<ModelRole> roles;
  for (size_t i = 0; i < arr.size(); ++i) {
    Result<ModelRole> r = RoleFromJson(rd, arr[i], fmt::format("{}[{}]", path, i), fw, model);
    if (!r) return Error(r.error());
    if (i >= fw.roles.size() || r->id != fw.roles[i].id) {
      return Error(rd.Fail(fmt::format("{}[{}].id", path, i),
                           fmt::format("'{}' (every role of the framework, in its order)",
                                       i < fw.roles.size() ? fw.roles[i].id : std::string("no more roles"))));
    }
    roles.push_back(std::move(*r));
  }
  if (roles.size() != fw.roles.size()) {
    return Error(rd.Fail(path, fmt::format("{} roles, one per role of the framework", fw.roles.size())));
  }
  return roles;
}

}  // namespace

std::string ModelToJson(const CareerModel& m) {
  Json j;
  j["careergraph_model"] = m.format;
  j["framework"] = {{"id", m.framework_id}, {"version", m.framework_version}};
  j["data"] = {{"people", m.data.people},
               {"spells", m.data.spells},
               {"moves", m.data.moves},
               {"as_of", Date{m.data.as_of, DatePrecision::kDay}.ToString()},
               {"fingerprint", m.data.fingerprint}};
  j["fitted_at"] = m.fitted_at;
  j["options"] = {{"prior", m.options.prior},
                  {"duration", m.options.duration},
                  {"by", m.options.by},
                  {"min_group", m.options.min_group},
                  {"period", std::string(TimeUnitName(m.options.period))}};
  j["destinations"] = m.destinations;
  Json roles = Json::array();
  for (const ModelRole& r : m.roles) roles.push_back(RoleJson(r));
  j["roles"] = roles;
  Json groups = Json::array();
  for (const ModelGroup& g : m.groups) {
    Json gr = Json::array();
    for (const ModelRole& r : g.roles) gr.push_back(RoleJson(r));
    groups.push_back({{"value", g.value}, {"people", g.people}, {"roles", gr}});
  }
  j["groups"] = groups;
  return j.dump(2) + "\n";
}

Result<CareerModel> ModelFromJson(std::string_view text, std::string_view file, const Framework& fw) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Error(Status::Invalid(fmt::format("{}: not valid JSON (a model file is what `careergraph model fit --out` writes)", file)));
  }
  Reader rd(file);
  CareerModel m;
  if (!j.is_object() || !j.contains("careergraph_model")) {
    return Error(Status::Invalid(fmt::format("{}: not a careergraph model (no field careergraph_model)", file)));
  }
  int64_t format = 0;
  CG_ASSIGN_OR_RETURN(format, rd.Count(j, "", "careergraph_model"));
  if (format != kModelFormatVersion) {
    return Error(Status::Invalid(fmt::format("{}: model format {} is not supported (this careergraph reads format {})",
                                             file, format, kModelFormatVersion)));
  }
  m.format = static_cast<int>(format);
  const Json* f = nullptr;
  CG_ASSIGN_OR_RETURN(f, rd.Field(j, "", "framework", "an object"));
  CG_ASSIGN_OR_RETURN(m.framework_id, rd.String(*f, ".framework", "id"));
  CG_ASSIGN_OR_RETURN(m.framework_version, rd.String(*f, ".framework", "version"));
  if (m.framework_id != fw.id || m.framework_version != fw.version) {
    return Error(Status::Invalid(fmt::format(
        "{}: the model was fitted for framework {} {}, but the active framework is {} {}; fit it again "
        "(careergraph model fit)",
        file, m.framework_id, m.framework_version, fw.id, fw.version)));
  }
  const Json* d = nullptr;
  CG_ASSIGN_OR_RETURN(d, rd.Field(j, "", "data", "an object"));
  CG_ASSIGN_OR_RETURN(m.data.people, rd.Count(*d, ".data", "people"));
  CG_ASSIGN_OR_RETURN(m.data.spells, rd.Count(*d, ".data", "spells"));
  CG_ASSIGN_OR_RETURN(m.data.moves, rd.Count(*d, ".data", "moves"));
  std::string as_of;
  CG_ASSIGN_OR_RETURN(as_of, rd.String(*d, ".data", "as_of"));
  Result<Date> date = ParseDate(as_of);
  if (!date) return Error(rd.Fail(".data.as_of", "a date YYYY-MM-DD"));
  m.data.as_of = date->days;
  CG_ASSIGN_OR_RETURN(m.data.fingerprint, rd.String(*d, ".data", "fingerprint"));
  CG_ASSIGN_OR_RETURN(m.fitted_at, rd.String(j, "", "fitted_at"));
  const Json* o = nullptr;
  CG_ASSIGN_OR_RETURN(o, rd.Field(j, "", "options", "an object"));
  CG_ASSIGN_OR_RETURN(m.options.prior, rd.Number(*o, ".options", "prior", 0, 1e15));
  CG_ASSIGN_OR_RETURN(m.options.duration, rd.Bool(*o, ".options", "duration"));
  CG_ASSIGN_OR_RETURN(m.options.by, rd.String(*o, ".options", "by"));
  CG_ASSIGN_OR_RETURN(m.options.min_group, rd.Number(*o, ".options", "min_group", 0, 1e15));
  std::string period;
  CG_ASSIGN_OR_RETURN(period, rd.String(*o, ".options", "period"));
  std::optional<TimeUnit> unit = ParseTimeUnit(period);
  if (!unit) return Error(rd.Fail(".options.period", "days, months or years"));
  m.options.period = *unit;
  const Json* dest = nullptr;
  CG_ASSIGN_OR_RETURN(dest, rd.Array(j, "", "destinations"));
  for (size_t i = 0; i < dest->size(); ++i) {
    const Json& v = (*dest)[i];
    if (!v.is_string() || fw.FindRole(v.get<std::string>()) ||
        (!fw.FindDestination(v.get<std::string>()) && v.get<std::string>() != kOutside)) {
      return Error(rd.Fail(fmt::format(".destinations[{}]", i), "a destination of the framework (or outside)"));
    }
    m.destinations.push_back(v.get<std::string>());
  }
  const Json* roles = nullptr;
  CG_ASSIGN_OR_RETURN(roles, rd.Array(j, "", "roles"));
  CG_ASSIGN_OR_RETURN(m.roles, RolesFromJson(rd, *roles, ".roles", fw, m));
  const Json* groups = nullptr;
  CG_ASSIGN_OR_RETURN(groups, rd.Array(j, "", "groups"));
  for (size_t i = 0; i < groups->size(); ++i) {
    const std::string gp = fmt::format(".groups[{}]", i);
    ModelGroup g;
    CG_ASSIGN_OR_RETURN(g.value, rd.String((*groups)[i], gp, "value"));
    CG_ASSIGN_OR_RETURN(g.people, rd.Count((*groups)[i], gp, "people"));
    const Json* gr = nullptr;
    CG_ASSIGN_OR_RETURN(gr, rd.Array((*groups)[i], gp, "roles"));
    CG_ASSIGN_OR_RETURN(g.roles, RolesFromJson(rd, *gr, gp + ".roles", fw, m));
    m.groups.push_back(std::move(g));
  }
  if (!m.groups.empty() && m.options.by.empty()) return Error(rd.Fail(".options.by", "the attribute the groups are of"));
  return m;
}

}  // namespace careergraph
