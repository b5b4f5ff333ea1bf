// bench_analysis: the mobility analyses on a large simulated population held in memory —
// transitions (role and track level), flows and time in role (Kaplan–Meier pooled and per role,
// and competing risks) — timed and with their peak extra memory, and the spells written as
// binary columns for the peers (bench/compare_analysis.py with pandas, compare_survfit.R with R).
//
//   transitions      ComputeTransitions, role level
//   transitions_track  ComputeTransitions, track level
//   flows            ComputeFlows (role-level moves aggregated by track and level)
//   tenure           ComputeTenure: role spells, pooled Kaplan–Meier with Greenwood intervals and
//                    quartiles, and per-role quartiles
//   tenure_cr        ComputeTenure with by_destination (Aalen–Johansen, track level)
//   all              transitions + flows + tenure, one after another (what `careergraph report`
//                    starts with)
//
// Each run happens in a forked child (bench_util.h). Memory: the child resets its peak resident
// set before the step and reports the peak minus the resident set before it — what the step
// added — against the bytes of the population's spell columns (state, title, start, end and
// precisions: 18 bytes a spell).
//
// Usage: bench_analysis [--spells N] [--seed S] [--runs R] [--budget SECONDS] [--workdir DIR]
//                       [--frameworks DIR] [--json]
// The population: people simulated in chunks of 500,000 (chunk k with seed S + k) until there are
// N spells (default 10,000,000). Written to --workdir: person.i32, state.i32, start.i32, end.i32
// (little-endian int32 columns, one row a spell, ongoing end = 2147483647), states.tsv
// (code, id, 1 for a role), and reference.json (our counts and estimates for the peers to check).
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_util.h"
#include "careergraph/analysis/flows.h"
#include "careergraph/analysis/survival.h"
#include "careergraph/analysis/transitions.h"
#include "careergraph/framework/loader.h"
#include "careergraph/model/population.h"
#include "careergraph/sim/simulator.h"

#ifndef CG_SOURCE_DIR
#define CG_SOURCE_DIR "."
#endif

namespace cg = careergraph;
namespace fs = std::filesystem;
using cg::bench::Clock;
using cg::bench::Die;
using cg::bench::Log;
using cg::bench::Since;

namespace {

struct Options {
  size_t spells = 10000000;
  uint64_t seed = 42;
  int runs = 3;
  double budget_s = 20;
  std::string workdir;
  std::string frameworks = std::string(CG_SOURCE_DIR) + "/frameworks";
  bool json = false;
};

struct Run {
  double seconds = 0;
  long peak_extra_kb = 0;  // -1: not measurable
  int64_t check = 0;       // a count the step produced (sanity: equal across runs)
};

// Appends `src` to `dst`, re-interning states and titles (person ids get the chunk's prefix).
void Append(cg::Population& dst, const cg::Population& src, const std::string& prefix) {
  std::vector<uint32_t> state(src.states.size()), title(src.titles.size());
  for (uint32_t s = 0; s < src.states.size(); ++s) state[s] = dst.states.Intern(src.states.Get(s));
  for (uint32_t t = 0; t < src.titles.size(); ++t) title[t] = dst.titles.Intern(src.titles.Get(t));
  if (dst.spell_begin.empty()) dst.spell_begin.push_back(0);
  for (size_t p = 0; p < src.people(); ++p) {
    dst.person_ids.push_back(prefix + src.person_ids[p]);
    for (uint32_t i = src.spell_begin[p]; i < src.spell_begin[p + 1]; ++i) {
      dst.state.push_back(state[src.state[i]]);
      dst.title.push_back(title[src.title[i]]);
      dst.start.push_back(src.start[i]);
      dst.end.push_back(src.end[i]);
      dst.start_precision.push_back(src.start_precision[i]);
      dst.end_precision.push_back(src.end_precision[i]);
    }
    dst.spell_begin.push_back(static_cast<uint32_t>(dst.state.size()));
  }
}

template <typename T>
void WriteColumn(const std::string& path, const std::vector<T>& v) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
  if (!out) Die("writing " + path, cg::Status::Internal("write failed"));
}

}  // namespace

int main(int argc, char** argv) {
  cg::bench::g_program = "bench_analysis";
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&] { return cg::bench::FlagValue(argc, argv, i); };
    if (a == "--spells") opt.spells = std::stoul(value());
    else if (a == "--seed") opt.seed = std::stoull(value());
    else if (a == "--runs") opt.runs = std::max(1, std::stoi(value()));
    else if (a == "--budget") opt.budget_s = std::stod(value());
    else if (a == "--workdir") opt.workdir = value();
    else if (a == "--frameworks") opt.frameworks = value();
    else if (a == "--json") opt.json = true;
    else if (a == "-h" || a == "--help") {
      fmt::print("usage: bench_analysis [--spells N] [--seed S] [--runs R] [--budget SECONDS] [--workdir DIR]\n"
                 "                      [--frameworks DIR] [--json]\n");
      return 0;
    } else {
      fmt::print(stderr, "bench_analysis: unknown argument '{}' (try --help)\n", a);
      return 2;
    }
  }
  cg::bench::g_log_to_stderr = opt.json;
  if (opt.workdir.empty()) opt.workdir = (fs::temp_directory_path() / "careergraph-bench-analysis").string();
  fs::create_directories(opt.workdir);

  cg::Result<cg::Framework> fw = cg::LoadFrameworkFile(opt.frameworks + "/infrastructure.toml");
  if (!fw) Die("loading the framework", fw.error());
  cg::Result<cg::MobilityModel> model = cg::LoadMobilityModelFile(opt.frameworks + "/infrastructure.mobility.toml", *fw);
  if (!model) Die("loading the mobility model", model.error());

  // --- the population, in chunks ---
  const auto t_sim = Clock::now();
  cg::Population pop;
  pop.Reserve(opt.spells / 5 * 3 + 1000, opt.spells + 1000000);
  for (uint64_t chunk = 0; pop.spells() < opt.spells; ++chunk) {
    cg::SimulationOptions sim;
    sim.people = 500000;
    sim.seed = opt.seed + chunk;
    cg::Result<cg::CareerSet> careers = cg::Simulate(*fw, *model, sim);
    if (!careers) Die("simulating", careers.error());
    Append(pop, cg::Population::FromCareers(*careers), fmt::format("c{}-", chunk));
    Log("  simulated {} people, {} spells\n", pop.people(), pop.spells());
  }
  const double spell_bytes = static_cast<double>(pop.spells()) * 18;
  Log("population: {} people, {} spells ({:.0f} MB of spell columns), simulated in {:.1f} s\n", pop.people(),
      pop.spells(), spell_bytes / 1e6, Since(t_sim));

  // --- the peers' input ---
  {
    std::vector<int32_t> person(pop.spells()), state(pop.spells());
    for (size_t p = 0; p < pop.people(); ++p) {
      for (uint32_t i = pop.spell_begin[p]; i < pop.spell_begin[p + 1]; ++i) {
        person[i] = static_cast<int32_t>(p);
        state[i] = static_cast<int32_t>(pop.state[i]);
      }
    }
    WriteColumn(opt.workdir + "/person.i32", person);
    WriteColumn(opt.workdir + "/state.i32", state);
    WriteColumn(opt.workdir + "/start.i32", pop.start);
    WriteColumn(opt.workdir + "/end.i32", pop.end);
    std::ofstream states(opt.workdir + "/states.tsv");
    for (uint32_t s = 0; s < pop.states.size(); ++s) {
      states << s << '\t' << pop.states.Get(s) << '\t' << (fw->FindRole(pop.states.Get(s)) ? 1 : 0) << '\n';
    }
  }

  // --- the steps ---
  struct Step {
    std::string id, name;
    std::function<int64_t()> body;  // returns a check count
  };
  auto transitions = [&](cg::TransitionLevel level) {
    cg::TransitionOptions o;
    o.level = level;
    cg::Result<cg::TransitionTable> t = cg::ComputeTransitions(pop, *fw, o);
    if (!t) Die("transitions", t.error());
    return t->total;
  };
  auto flows = [&] {
    cg::Result<cg::FlowTable> f = cg::ComputeFlows(pop, *fw);
    if (!f) Die("flows", f.error());
    return f->total;
  };
  auto tenure = [&](bool by_destination) {
    cg::TenureOptions o;
    o.by_destination = by_destination;
    cg::Result<cg::TenureResult> t = cg::ComputeTenure(pop, *fw, o);
    if (!t) Die("tenure", t.error());
    return t->survival.events;
  };
  const std::vector<Step> steps = {
      {"transitions", "ComputeTransitions (role level)", [&] { return transitions(cg::TransitionLevel::kRole); }},
      {"transitions_track", "ComputeTransitions (track level)", [&] { return transitions(cg::TransitionLevel::kTrack); }},
      {"flows", "ComputeFlows", flows},
      {"tenure", "ComputeTenure (Kaplan–Meier, pooled and per role)", [&] { return tenure(false); }},
      {"tenure_cr", "ComputeTenure --by-destination (+ Aalen–Johansen)", [&] { return tenure(true); }},
      {"all", "transitions + flows + tenure", [&] { return transitions(cg::TransitionLevel::kRole) + flows() + tenure(false); }},
  };
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const Step& step : steps) {
    std::vector<double> seconds;
    long peak = 0;
    int64_t check = 0;
    double wall = 0;
    for (int r = 0; r < opt.runs; ++r) {
      const auto t0 = Clock::now();
      const Run run = cg::bench::RunForked<Run>(cg::bench::g_program, [&]() -> Run {
        Run out;
        const bool reset = cg::bench::ResetPeakRss();
        const long before = cg::bench::ProcStatusKb("VmRSS");
        const auto s0 = Clock::now();
        out.check = step.body();
        out.seconds = Since(s0);
        out.peak_extra_kb = reset ? cg::bench::ProcStatusKb("VmHWM") - before : -1;
        return out;
      });
      wall += Since(t0);
      seconds.push_back(run.seconds);
      peak = std::max(peak, run.peak_extra_kb);
      check = run.check;
      Log("  {:<18} run {}/{}: {:7.3f} s  {:>12.0f} spells/s  peak +{:.0f} MB\n", step.id, r + 1, opt.runs, run.seconds,
          static_cast<double>(pop.spells()) / run.seconds, static_cast<double>(run.peak_extra_kb) / 1024);
      if (wall > opt.budget_s) break;
    }
    const double median = cg::bench::Median(seconds);
    const double best = *std::min_element(seconds.begin(), seconds.end());
    results.push_back({{"id", step.id}, {"name", step.name}, {"seconds", seconds}, {"median_s", median},
                       {"best_s", best}, {"peak_extra_mb", static_cast<double>(peak) / 1024},
                       {"peak_over_spells", static_cast<double>(peak) * 1024 / spell_bytes}, {"check", check}});
  }

  // --- what the peers must reproduce ---
  cg::Result<cg::TransitionTable> moves = cg::ComputeTransitions(pop, *fw);
  cg::Result<cg::TenureResult> km = cg::ComputeTenure(pop, *fw);
  if (!moves || !km) Die("reference", cg::Status::Internal("analysis failed"));
  nlohmann::ordered_json ref;
  ref["moves"] = nlohmann::ordered_json::array();
  for (const cg::TransitionCount& m : moves->moves) ref["moves"].push_back({m.from, m.to, m.count});
  ref["moves_total"] = moves->total;
  ref["tenure"] = {{"as_of", km->as_of}, {"n", km->survival.n}, {"events", km->survival.events},
                   {"median_days", km->survival.median().time ? nlohmann::ordered_json(*km->survival.median().time) : nlohmann::ordered_json()}};
  std::ofstream(opt.workdir + "/reference.json") << ref.dump(1) << "\n";

  nlohmann::ordered_json out{{"people", pop.people()}, {"spells", pop.spells()}, {"spell_bytes", spell_bytes},
                             {"seed", opt.seed}, {"results", results}};
  if (opt.json) fmt::print("{}\n", out.dump(2));
  return 0;
}
