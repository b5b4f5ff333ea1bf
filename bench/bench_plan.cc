// bench_plan: KShortestPaths (plan/k_shortest_paths.h) on a framework-sized graph, query by query,
// with the graph and queries written out for the peer (bench/compare_plan.py, networkx's
// shortest_simple_paths) to run and check.
//
// The graph, from --seed: 1,000 roles, 40 tracks × 25 levels (role = track·25 + level), 20 moves
// out of every role, 20,000 edges, like a large framework's fitted move probabilities:
//   * promotions to the next level (relative weight 8) and the one after (2),
//   * a step back one level (1),
//   * 6 cross-track moves to a random other track at the same level or one either side (1.5 each),
//   * random moves to any role until the role has 20 distinct moves (0.3 each; the top level,
//     without promotions, gets more of them).
// Each weight is multiplied by a uniform factor in [0.5, 1.5), the role's weights are normalised
// to probabilities p, and the edge weight is −log p, so the shortest paths are the likeliest
// sequences of moves.
//
// The queries: --queries (default 2,000) random (source, target) pairs, source ≠ target, target
// reachable from the source. Run 1: k = --k (5). Run 2: the same with max_edges = --max-edges (8).
// One KShortestPaths object per run (its scratch is reused, as a server thread would); a warm-up
// pass over the first 100 queries first; then each query timed alone, by steady_clock and by the
// thread's CPU clock (which leaves out the time the scheduler gives other processes: on a shared
// 2-core machine, a query preempted once takes a 4 ms time slice longer by the wall clock).
//
// Written to --workdir: graph.txt ("n m", then "from to weight" with %.17g weights), queries.txt
// ("source target k [max_edges]", run 1 then run 2), ours.jsonl (one line a query: the paths'
// costs, for the peer to check, and the query's wall and CPU times).
//
// Usage: bench_plan [--seed S] [--queries N] [--k K] [--max-edges L] [--workdir DIR] [--json]
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_util.h"
#include "careergraph/plan/k_shortest_paths.h"

namespace cg = careergraph;
namespace fs = std::filesystem;
using cg::bench::Clock;
using cg::bench::Log;

namespace {

constexpr uint32_t kTracks = 40, kLevels = 25, kOutDegree = 20;

struct Options {
  uint64_t seed = 42;
  size_t queries = 2000;
  size_t k = 5;
  size_t max_edges = 8;
  std::string workdir;
  bool json = false;
};

std::vector<cg::WeightedEdge> FrameworkGraph(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  const uint32_t n = kTracks * kLevels;
  auto role = [](uint32_t track, uint32_t level) { return track * kLevels + level; };
  std::vector<cg::WeightedEdge> edges;
  edges.reserve(size_t{n} * kOutDegree);
  std::vector<std::pair<uint32_t, double>> out;  // head, relative weight
  for (uint32_t track = 0; track < kTracks; ++track) {
    for (uint32_t level = 0; level < kLevels; ++level) {
      const uint32_t u = role(track, level);
      out.clear();
      auto add = [&](uint32_t v, double w) {
        if (v == u || out.size() >= kOutDegree) return;
        for (const auto& [head, _] : out) {
          if (head == v) return;
        }
        out.emplace_back(v, w * jitter(rng));
      };
      if (level + 1 < kLevels) add(role(track, level + 1), 8);
      if (level + 2 < kLevels) add(role(track, level + 2), 2);
      if (level > 0) add(role(track, level - 1), 1);
      for (int cross = 0; cross < 6; ++cross) {
        const uint32_t other = (track + 1 + static_cast<uint32_t>(rng() % (kTracks - 1))) % kTracks;
        const int to_level =
            std::clamp(static_cast<int>(level) + static_cast<int>(rng() % 3) - 1, 0, static_cast<int>(kLevels) - 1);
        add(role(other, static_cast<uint32_t>(to_level)), 1.5);
      }
      while (out.size() < kOutDegree) add(static_cast<uint32_t>(rng() % n), 0.3);
      double total = 0;
      for (const auto& [_, w] : out) total += w;
      for (const auto& [v, w] : out) edges.push_back({u, v, -std::log(w / total)});
    }
  }
  return edges;
}

struct Query {
  uint32_t source, target;
};

struct Stats {
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
  double cpu_p50 = 0, cpu_p99 = 0;
};

double Percentile(const std::vector<double>& sorted, double q) {
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(q * static_cast<double>(sorted.size())))];
}

Stats Summarise(std::vector<double> us, std::vector<double> cpu_us) {
  std::sort(us.begin(), us.end());
  std::sort(cpu_us.begin(), cpu_us.end());
  auto at = [&](double q) { return Percentile(us, q); };
  Stats s;
  s.p50 = cg::bench::Median(us);
  s.p90 = at(0.90);
  s.p99 = at(0.99);
  s.max = us.back();
  double sum = 0;
  for (double x : us) sum += x;
  s.mean = sum / static_cast<double>(us.size());
  s.cpu_p50 = cg::bench::Median(cpu_us);
  s.cpu_p99 = Percentile(cpu_us, 0.99);
  return s;
}

// This thread's CPU time: unlike the wall clock, it does not count the time the scheduler gave
// another process (the 2-core machine the numbers come from is shared).
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

}  // namespace

int main(int argc, char** argv) {
  cg::bench::g_program = "bench_plan";
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&] { return cg::bench::FlagValue(argc, argv, i); };
    if (a == "--seed") opt.seed = std::stoull(value());
    else if (a == "--queries") opt.queries = std::max<size_t>(1, std::stoul(value()));
    else if (a == "--k") opt.k = std::max<size_t>(1, std::stoul(value()));
    else if (a == "--max-edges") opt.max_edges = std::stoul(value());
    else if (a == "--workdir") opt.workdir = value();
    else if (a == "--json") opt.json = true;
    else if (a == "-h" || a == "--help") {
      fmt::print("usage: bench_plan [--seed S] [--queries N] [--k K] [--max-edges L] [--workdir DIR] [--json]\n");
      return 0;
    } else {
      fmt::print(stderr, "bench_plan: unknown argument '{}' (try --help)\n", a);
      return 2;
    }
  }
  cg::bench::g_log_to_stderr = opt.json;
  if (opt.workdir.empty()) opt.workdir = (fs::temp_directory_path() / "careergraph-bench-plan").string();
  fs::create_directories(opt.workdir);

  // --- the graph and the queries ---
  const std::vector<cg::WeightedEdge> edges = FrameworkGraph(opt.seed);
  const uint32_t n = kTracks * kLevels;
  const cg::WeightedDigraph graph = cg::WeightedDigraph::FromEdges(n, edges);
  {
    std::FILE* f = std::fopen((opt.workdir + "/graph.txt").c_str(), "w");
    if (!f) cg::bench::Die("writing graph.txt", cg::Status::Internal(opt.workdir + ": cannot write"));
    std::fprintf(f, "%u %zu\n", n, edges.size());
    for (const cg::WeightedEdge& e : edges) std::fprintf(f, "%u %u %.17g\n", e.from, e.to, e.weight);
    std::fclose(f);
  }
  std::vector<Query> queries;
  {
    std::mt19937_64 rng(opt.seed + 1);
    cg::KShortestPaths probe(graph);
    cg::KShortestOptions one;
    one.k = 1;
    while (queries.size() < opt.queries) {
      const Query q{static_cast<uint32_t>(rng() % n), static_cast<uint32_t>(rng() % n)};
      if (q.source != q.target && !probe.Find(q.source, q.target, one).empty()) queries.push_back(q);
    }
  }
  Log("graph: {} roles, {} moves (seed {}); {} queries, k = {}, max_edges = {} in run 2\n", n, graph.edges(), opt.seed,
      queries.size(), opt.k, opt.max_edges);

  // --- the runs ---
  struct RunResult {
    std::string id;
    std::optional<size_t> max_edges;
    Stats stats;
    double paths_per_query = 0, edges_per_path = 0;
  };
  std::vector<RunResult> runs;
  std::ofstream qfile(opt.workdir + "/queries.txt");
  std::ofstream ours(opt.workdir + "/ours.jsonl");
  for (const std::optional<size_t> bound : {std::optional<size_t>(), std::optional<size_t>(opt.max_edges)}) {
    cg::KShortestOptions o;
    o.k = opt.k;
    o.max_edges = bound;
    cg::KShortestPaths ksp(graph);
    for (size_t i = 0; i < std::min<size_t>(100, queries.size()); ++i)
      (void)ksp.Find(queries[i].source, queries[i].target, o);
    std::vector<double> us, cpu_us;
    us.reserve(queries.size());
    cpu_us.reserve(queries.size());
    size_t paths = 0, path_edges = 0;
    for (const Query& q : queries) {
      const double cpu0 = ThreadCpuSeconds();
      const auto t0 = Clock::now();
      const std::vector<cg::WeightedPath> found = ksp.Find(q.source, q.target, o);
      us.push_back(cg::bench::Since(t0) * 1e6);
      cpu_us.push_back((ThreadCpuSeconds() - cpu0) * 1e6);
      paths += found.size();
      nlohmann::json costs = nlohmann::json::array();
      for (const cg::WeightedPath& p : found) {
        path_edges += p.nodes.size() - 1;
        costs.push_back(p.cost);
      }
      qfile << q.source << ' ' << q.target << ' ' << opt.k;
      if (bound) qfile << ' ' << *bound;
      qfile << '\n';
      ours << nlohmann::json{{"run", bound ? 2 : 1}, {"source", q.source}, {"target", q.target},
                             {"costs", costs},       {"us", us.back()},    {"cpu_us", cpu_us.back()}}
                  .dump()
           << '\n';
    }
    RunResult r;
    r.id = bound ? fmt::format("k{}_max{}", opt.k, *bound) : fmt::format("k{}", opt.k);
    r.max_edges = bound;
    r.stats = Summarise(us, cpu_us);
    r.paths_per_query = static_cast<double>(paths) / static_cast<double>(queries.size());
    r.edges_per_path = paths ? static_cast<double>(path_edges) / static_cast<double>(paths) : 0;
    Log("  {:<10} p50 {:7.1f} µs  p90 {:7.1f} µs  p99 {:7.1f} µs  max {:7.1f} µs  mean {:7.1f} µs;  "
        "CPU p50 {:7.1f} µs  p99 {:7.1f} µs  ({:.2f} paths a query, {:.2f} edges a path)\n",
        r.id, r.stats.p50, r.stats.p90, r.stats.p99, r.stats.max, r.stats.mean, r.stats.cpu_p50, r.stats.cpu_p99,
        r.paths_per_query, r.edges_per_path);
    runs.push_back(r);
  }
  const std::string cpu = CpuModel();
  Log("machine: {}, {} hardware threads\n", cpu, std::thread::hardware_concurrency());

  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const RunResult& r : runs) {
    results.push_back({{"id", r.id},
                       {"k", opt.k},
                       {"max_edges", r.max_edges ? nlohmann::ordered_json(*r.max_edges) : nlohmann::ordered_json()},
                       {"p50_us", r.stats.p50},
                       {"p90_us", r.stats.p90},
                       {"p99_us", r.stats.p99},
                       {"max_us", r.stats.max},
                       {"mean_us", r.stats.mean},
                       {"cpu_p50_us", r.stats.cpu_p50},
                       {"cpu_p99_us", r.stats.cpu_p99},
                       {"paths_per_query", r.paths_per_query},
                       {"edges_per_path", r.edges_per_path}});
  }
  nlohmann::ordered_json out{{"nodes", n},        {"edges", graph.edges()},
                             {"seed", opt.seed},  {"queries", queries.size()},
                             {"cpu", cpu},        {"threads", std::thread::hardware_concurrency()},
                             {"results", results}};
  if (opt.json) fmt::print("{}\n", out.dump(2));
  return 0;
}
