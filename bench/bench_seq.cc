// bench_seq: all-pairs optimal matching (TraMineR's seqdist, method "OM", indel 1, TRATE costs)
// on mvad and on larger sets made from it, timed with the peak memory it added.
//
//   mvad       the 712 rows of tests/data/sequences/mvad.csv, Sep.93–Jun.99 (70 months, 490
//              distinct sequences)
//   N          N sequences of 70 months, each a uniformly drawn mvad row with 1–3 small random
//              edits (an edit overwrites a random stretch of 1–6 months with a random state), so
//              nearly all are distinct and they keep mvad's ~6 runs
//
// Each timed run — FindDistinct, TrateCosts and SeqDistances, what `careergraph seq dist` does
// between reading the file and writing the matrix — happens in a forked child (bench_util.h),
// which reports the peak resident set it added. Reported: median seconds, distinct sequences,
// pairs, the plain dynamic programme's cells (Σ over the pairs of n·m) per second, and the
// machine's peak for comparison: cores × SIMD double lanes × clock ("cpu MHz" of /proc/cpuinfo).
//
// Usage: bench_seq [--sizes 5000,10000,20000] [--no-mvad] [--seed S] [--runs R] [--budget SECONDS]
//                  [--threads T] [--write-data DIR] [--json]
// --write-data DIR writes DIR/mvad.csv and DIR/seqN.csv (id, then the 70 state columns Sep.93..
// Jun.99, state names as in mvad) so that the CLI and R read the same sequences.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_util.h"
#include "careergraph/analysis/sequence_distance.h"
#include "careergraph/analysis/sequences.h"
#include "careergraph/base/file.h"
#include "careergraph/io/csv.h"
#include "careergraph/io/wide_table.h"

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
  std::vector<size_t> sizes = {5000, 10000, 20000};
  bool mvad = true;
  uint64_t seed = 42;
  int runs = 3;
  double budget_s = 120;
  int threads = 0;
  std::string write_data;
  bool json = false;
};

struct Run {
  double seconds = 0;
  long peak_extra_kb = 0;  // -1: not measurable
  uint64_t distinct = 0;
  double checksum = 0;  // Σ of the distances (sanity: equal across runs)
};

// mvad's 70 monthly states, as state names (rows × 70).
std::vector<std::vector<std::string>> LoadMvad(std::vector<std::string>* columns) {
  const std::string path = std::string(CG_SOURCE_DIR) + "/tests/data/sequences/mvad.csv";
  cg::Result<std::string> text = cg::ReadFile(path);
  if (!text) Die("reading " + path, text.error());
  cg::WideTableOptions o;
  o.first = "Sep.93";
  o.last = "Jun.99";
  o.id = "id";
  o.weight = "weight";
  cg::Result<cg::WideTable> t = cg::ParseWideTable(*text, path, o);
  if (!t) Die("parsing mvad", t.error());
  *columns = t->columns;
  return t->rows;
}

std::vector<std::string> Alphabet(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> states;
  for (const auto& r : rows) states.insert(states.end(), r.begin(), r.end());
  std::sort(states.begin(), states.end());
  states.erase(std::unique(states.begin(), states.end()), states.end());
  return states;
}

// N resampled mvad rows with 1–3 edits each (seeded).
std::vector<std::vector<std::string>> Resample(const std::vector<std::vector<std::string>>& mvad,
                                               const std::vector<std::string>& alphabet, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick_row(0, mvad.size() - 1);
  std::uniform_int_distribution<int> edits(1, 3), stretch(1, 6);
  std::uniform_int_distribution<size_t> pick_state(0, alphabet.size() - 1);
  std::vector<std::vector<std::string>> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    std::vector<std::string> r = mvad[pick_row(rng)];
    const int e = edits(rng);
    for (int k = 0; k < e; ++k) {
      const size_t start = std::uniform_int_distribution<size_t>(0, r.size() - 1)(rng);
      const size_t len = static_cast<size_t>(stretch(rng));
      const std::string& s = alphabet[pick_state(rng)];
      for (size_t t = start; t < std::min(r.size(), start + len); ++t) r[t] = s;
    }
    out.push_back(std::move(r));
  }
  return out;
}

void WriteWide(const std::string& path, const std::vector<std::string>& columns,
               const std::vector<std::vector<std::string>>& rows) {
  std::string text = "id";
  for (const std::string& c : columns) text += "," + c;
  text += '\n';
  for (size_t i = 0; i < rows.size(); ++i) {
    text += fmt::format("s{}", i + 1);
    for (const std::string& s : rows[i]) {
      text += ',';
      cg::AppendCsvField(&text, s);
    }
    text += '\n';
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) Die("writing " + path, cg::Status::Internal("write failed"));
}

// The clock in GHz and where it came from.
std::pair<double, std::string> ClockGhz() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("cpu MHz", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) return {std::stod(line.substr(colon + 1)) / 1000, "/proc/cpuinfo cpu MHz"};
    }
  }
  return {0, "unknown"};
}

int Lanes(std::string_view isa) { return isa == "avx512" ? 8 : isa == "avx2" ? 4 : 2; }

}  // namespace

int main(int argc, char** argv) {
  cg::bench::g_program = "bench_seq";
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&] { return cg::bench::FlagValue(argc, argv, i); };
    if (a == "--sizes") {
      opt.sizes.clear();
      std::stringstream ss(value());
      std::string item;
      while (std::getline(ss, item, ',')) {
        if (!item.empty()) opt.sizes.push_back(std::stoul(item));
      }
    } else if (a == "--no-mvad") {
      opt.mvad = false;
    } else if (a == "--seed") {
      opt.seed = std::stoull(value());
    } else if (a == "--runs") {
      opt.runs = std::max(1, std::stoi(value()));
    } else if (a == "--budget") {
      opt.budget_s = std::stod(value());
    } else if (a == "--threads") {
      opt.threads = std::stoi(value());
    } else if (a == "--write-data") {
      opt.write_data = value();
    } else if (a == "--json") {
      opt.json = true;
    } else if (a == "-h" || a == "--help") {
      fmt::print(
          "usage: bench_seq [--sizes 5000,10000,20000] [--no-mvad] [--seed S] [--runs R] [--budget SECONDS]\n"
          "                 [--threads T] [--write-data DIR] [--json]\n");
      return 0;
    } else {
      fmt::print(stderr, "bench_seq: unknown argument '{}' (try --help)\n", a);
      return 2;
    }
  }
  cg::bench::g_log_to_stderr = opt.json;

  std::vector<std::string> columns;
  const std::vector<std::vector<std::string>> mvad = LoadMvad(&columns);
  const std::vector<std::string> alphabet = Alphabet(mvad);
  struct Data {
    std::string id;
    std::vector<std::vector<std::string>> rows;
  };
  std::vector<Data> data;
  if (opt.mvad) data.push_back({"mvad", mvad});
  for (size_t n : opt.sizes) data.push_back({fmt::format("{}", n), Resample(mvad, alphabet, n, opt.seed + n)});
  if (!opt.write_data.empty()) {
    fs::create_directories(opt.write_data);
    for (const Data& d : data) {
      const std::string path = opt.write_data + "/" + (d.id == "mvad" ? "mvad.csv" : "seq" + d.id + ".csv");
      WriteWide(path, columns, d.rows);
      Log("wrote {} ({} sequences)\n", path, d.rows.size());
    }
  }

  const unsigned cores = opt.threads > 0 ? static_cast<unsigned>(opt.threads) : std::thread::hardware_concurrency();
  const std::string isa(cg::SeqDistLaneIsa());
  const auto [ghz, clock_source] = ClockGhz();
  const double peak_cells = cores * Lanes(isa) * ghz * 1e9;
  Log("kernel: {} ({} double lanes), {} cores at {:.2f} GHz ({}): peak {:.3g} lane-cells/s\n", isa, Lanes(isa), cores,
      ghz, clock_source, peak_cells);

  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const Data& d : data) {
    cg::Result<cg::SequenceSet> set = cg::SequenceSet::FromStates(alphabet, d.rows, columns);
    if (!set) Die("sequences " + d.id, set.error());
    // The plain programme's cells: Σ_{i<j} n_i·n_j over the distinct sequences.
    const cg::DistinctSequences distinct = cg::FindDistinct(*set);
    double sum = 0, sum2 = 0;
    for (uint32_t r : distinct.rows) {
      double len = 0;
      for (size_t t = 0; t < set->length(); ++t) len += set->at(r, t) != cg::SequenceSet::kVoid;
      sum += len;
      sum2 += len * len;
    }
    const double cells = (sum * sum - sum2) / 2;
    const double pairs = static_cast<double>(distinct.size()) * (distinct.size() - 1) / 2;
    std::vector<double> seconds;
    long peak = 0;
    double checksum = 0;
    double wall = 0;
    for (int r = 0; r < opt.runs; ++r) {
      const auto t0 = Clock::now();
      const Run run = cg::bench::RunForked<Run>(cg::bench::g_program, [&]() -> Run {
        Run out;
        const bool reset = cg::bench::ResetPeakRss();
        const long before = cg::bench::ProcStatusKb("VmRSS");
        const auto s0 = Clock::now();
        const cg::DistinctSequences dist = cg::FindDistinct(*set);
        cg::Result<cg::SubstitutionCosts> sm = cg::TrateCosts(*set, 2, false, true, false);
        if (!sm) Die("TRATE costs", sm.error());
        cg::SeqDistOptions o;
        o.method = cg::SeqDistMethod::kOM;
        o.sm = std::move(*sm);
        o.indel = 1;
        o.threads = opt.threads;
        cg::Result<cg::DistanceMatrix> m = cg::SeqDistances(*set, dist, o);
        if (!m) Die("distances", m.error());
        out.seconds = Since(s0);
        out.peak_extra_kb = reset ? cg::bench::ProcStatusKb("VmHWM") - before : -1;
        out.distinct = dist.size();
        for (double v : m->values()) out.checksum += v;
        return out;
      });
      wall += Since(t0);
      seconds.push_back(run.seconds);
      peak = std::max(peak, run.peak_extra_kb);
      checksum = run.checksum;
      Log("  {:<6} run {}/{}: {:7.3f} s  {:.3g} cells/s  peak +{:.0f} MB  (checksum {:.6f})\n", d.id, r + 1, opt.runs,
          run.seconds, cells / run.seconds, static_cast<double>(run.peak_extra_kb) / 1024, run.checksum);
      if (wall > opt.budget_s) break;
    }
    const double median = cg::bench::Median(seconds);
    results.push_back({{"id", d.id},
                       {"sequences", d.rows.size()},
                       {"distinct", distinct.size()},
                       {"pairs", pairs},
                       {"cells", cells},
                       {"seconds", seconds},
                       {"median_s", median},
                       {"best_s", *std::min_element(seconds.begin(), seconds.end())},
                       {"cells_per_s", cells / median},
                       {"peak_extra_mb", static_cast<double>(peak) / 1024},
                       {"checksum", checksum}});
  }
  nlohmann::ordered_json out{{"seed", opt.seed},
                             {"isa", isa},
                             {"lanes", Lanes(isa)},
                             {"cores", cores},
                             {"ghz", ghz},
                             {"clock_source", clock_source},
                             {"peak_lane_cells_per_s", peak_cells},
                             {"results", results}};
  if (opt.json) fmt::print("{}\n", out.dump(2));
  return 0;
}
