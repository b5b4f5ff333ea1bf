// The career simulator (see sim/simulator.h for the model). Randomness comes from a SplitMix64
// stream per person, written out here rather than taken from <random>'s distributions, whose
// algorithms differ between standard libraries: the same seed gives the same careers with any
// compiler.
#include "careergraph/sim/simulator.h"

#include <algorithm>
#include <cmath>
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

}  // namespace careergraph
