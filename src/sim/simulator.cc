// The career and assessment simulators (see sim/simulator.h for the models). Randomness comes
// from a SplitMix64 stream per person, written out here rather than taken from <random>'s
// distributions, whose algorithms differ between standard libraries: the same seed gives the
// same careers with any compiler.
#include "careergraph/sim/simulator.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include <fmt/format.h>

namespace careergraph {
namespace {

// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and good enough for simulation.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n).
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>(Uniform() * static_cast<double>(n)); }
  // Standard normal (Box–Muller, one of the pair; u1 in (0, 1] keeps the log finite).
  double Normal() {
    const double u1 = 1.0 - Uniform();
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  uint64_t state_;
};

const std::string& Pick(const Shares& shares, Rng& rng) {
  double u = rng.Uniform();
  for (const auto& [name, share] : shares) {
    if (u < share) return name;
    u -= share;
  }
  return shares.back().first;  // rounding: the shares sum to 1 within a few ulps
}

}  // namespace

Result<CareerSet> Simulate(const Framework& fw, const MobilityModel& model,
                           const SimulationOptions& options, Progress& progress) {
  if (options.end_year <= options.start_year) {
    return Error(Status::Invalid(fmt::format("--end {} must be after --start {}", options.end_year,
                                             options.start_year)));
  }
  if (options.start_year < 1000 || options.end_year > 9999) {
    return Error(Status::Invalid("--start and --end must be years between 1000 and 9999"));
  }
  if (model.entry.empty()) return Error(Status::Invalid("the mobility model has no entry mix"));
  std::unordered_map<std::string, const RoleMobility*> by_role;
  for (const RoleMobility& r : model.roles) by_role[r.role] = &r;

  const int months = (options.end_year - options.start_year) * 12;
  auto date_of = [&](int month) {
    return MakeDate(options.start_year + month / 12, month % 12 + 1, 1, DatePrecision::kMonth);
  };
  const int width = std::max<int>(6, static_cast<int>(std::to_string(options.people).size()));

  CareerSet out;
  out.people.reserve(options.people);
  progress.Start("simulating", options.people);
  for (size_t i = 0; i < options.people; ++i) {
    Rng rng(options.seed * 0x9E3779B97F4A7C15ULL + i);
    rng.Next();
    Person person;
    person.id = fmt::format("P{:0{}d}", i + 1, width);
    for (const auto& [name, shares] : model.attributes) person.attributes.emplace_back(name, Pick(shares, rng));
    std::sort(person.attributes.begin(), person.attributes.end());

    int month = static_cast<int>(rng.Below(static_cast<uint64_t>(months)));
    std::string state = Pick(model.entry, rng);
    while (true) {
      const RoleMobility* rm = by_role.at(state);
      Spell spell;
      spell.role = state;
      if (!rm->titles.empty()) spell.title = Pick(rm->titles, rng);
      spell.start = date_of(month);
      // Months in the role: at least min_months, then a geometric number of months with the
      // monthly leave hazard that makes the yearly stay probability come out as `stay`.
      const double hazard = 1.0 - std::pow(rm->stay, 1.0 / 12.0);
      const double u = 1.0 - rng.Uniform();  // (0, 1]
      const int extra = static_cast<int>(std::floor(std::log(u) / std::log1p(-hazard)));
      const int stay_months = std::max(1, rm->min_months + extra);
      const int leave_month = month + stay_months;
      if (leave_month >= months) {  // still in the role when observation ends: censored
        person.spells.push_back(std::move(spell));
        break;
      }
      spell.end = date_of(leave_month);
      person.spells.push_back(std::move(spell));
      const std::string& next = Pick(rm->moves, rng);
      if (fw.FindDestination(next)) {
        if (next != "outside") {
          person.spells.push_back(Spell{next, "", date_of(leave_month), std::nullopt});
        }
        break;
      }
      state = next;
      month = leave_month;
    }
    out.people.push_back(std::move(person));
    if ((i & 0x3FF) == 0) progress.Advance(i);
  }
  progress.Advance(options.people);
  progress.Finish();
  return out;
}

std::vector<Assessment> SimulateAssessments(const Framework& fw, const CareerSet& careers, uint64_t seed,
                                            int32_t as_of) {
  constexpr double kAptitudeSd = 0.7, kNoiseSd = 0.5;
  constexpr int32_t kWindowDays = 365;
  // Its own stream ("assess" in ASCII), so that careers and assessments of a seed are independent.
  constexpr uint64_t kStream = 0x617373657373ULL;
  // Each competency's group as an index, groups in order of first appearance.
  std::vector<size_t> group_of(fw.competencies.size());
  std::vector<std::string_view> groups;
  for (size_t c = 0; c < fw.competencies.size(); ++c) {
    auto it = std::find(groups.begin(), groups.end(), fw.competencies[c].group);
    group_of[c] = static_cast<size_t>(it - groups.begin());
    if (it == groups.end()) groups.push_back(fw.competencies[c].group);
  }
  std::vector<Assessment> out;
  std::vector<double> aptitude(groups.size());
  for (size_t i = 0; i < careers.people.size(); ++i) {
    const Person& person = careers.people[i];
    const Spell* current = nullptr;
    for (const Spell& s : person.spells) {
      if (s.start.days <= as_of && (!s.end || as_of < s.end->days)) current = &s;
    }
    const Role* role = current ? fw.FindRole(current->role) : nullptr;
    if (!role) continue;
    Rng rng((seed ^ kStream) * 0x9E3779B97F4A7C15ULL + i);
    rng.Next();
    for (double& a : aptitude) a = kAptitudeSd * rng.Normal();
    const int32_t first_day = std::max(as_of - kWindowDays + 1, current->start.days);
    for (size_t c = 0; c < fw.competencies.size(); ++c) {
      const Competency& comp = fw.competencies[c];
      int base = comp.scale_min;
      for (const Requirement& r : role->requirements) {
        if (r.competency == comp.id) base = r.level;
      }
      const double level = std::round(base + aptitude[group_of[c]] + kNoiseSd * rng.Normal());
      const int32_t day = first_day + static_cast<int32_t>(rng.Below(static_cast<uint64_t>(as_of - first_day + 1)));
      out.push_back(Assessment{person.id, comp.id, std::clamp<double>(level, comp.scale_min, comp.scale_max),
                               Date{day, DatePrecision::kDay}, "simulated"});
    }
  }
  return out;
}

}  // namespace careergraph
