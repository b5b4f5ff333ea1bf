// ksp_tool: KShortestPaths on a graph and queries from a file, for the networkx oracle
// (tests/integration/ksp_oracle.sh) and the benchmark's cross-check (bench/compare_plan.py).
//
// Usage: ksp_tool FILE
// FILE: "n m", then m lines "from to weight" (weights as %.17g, so they read back exactly), then
// one query a line, "source target k [max_edges]", up to the end of the file. Output: one JSON
// object a query, in order: {"query": i, "paths": [{"nodes": [...], "cost": c}, ...]}, costs as
// %.17g. Exit 1 with a message on stderr for a malformed file.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "careergraph/plan/k_shortest_paths.h"

namespace {

int Fail(const std::string& file, size_t line, const std::string& what) {
  std::fprintf(stderr, "ksp_tool: %s:%zu: %s\n", file.c_str(), line, what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: ksp_tool FILE\n");
    return 2;
  }
  const std::string file = argv[1];
  std::ifstream in(file);
  if (!in) return Fail(file, 0, "cannot open");
  std::string text;
  size_t line_no = 0;
  auto next_line = [&](std::istringstream& fields) {
    while (std::getline(in, text)) {
      ++line_no;
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      fields.clear();
      fields.str(text);
      return true;
    }
    return false;
  };

  std::istringstream fields;
  uint64_t n = 0, m = 0;
  if (!next_line(fields) || !(fields >> n >> m) || n > UINT32_MAX) return Fail(file, line_no, "expected 'n m'");
  std::vector<careergraph::WeightedEdge> edges;
  edges.reserve(m);
  for (uint64_t i = 0; i < m; ++i) {
    uint64_t from = 0, to = 0;
    double weight = 0;
    if (!next_line(fields) || !(fields >> from >> to >> weight))
      return Fail(file, line_no, "expected 'from to weight'");
    if (from >= n || to >= n || !(weight >= 0) || weight > 1e308) return Fail(file, line_no, "bad edge");
    edges.push_back({static_cast<uint32_t>(from), static_cast<uint32_t>(to), weight});
  }
  const careergraph::WeightedDigraph graph = careergraph::WeightedDigraph::FromEdges(static_cast<uint32_t>(n), edges);
  careergraph::KShortestPaths ksp(graph);

  std::string out;
  for (size_t query = 0; next_line(fields); ++query) {
    uint64_t source = 0, target = 0, k = 0, max_edges = 0;
    if (!(fields >> source >> target >> k)) return Fail(file, line_no, "expected 'source target k [max_edges]'");
    careergraph::KShortestOptions options;
    options.k = k;
    if (fields >> max_edges) options.max_edges = max_edges;
    const std::vector<careergraph::WeightedPath> paths =
        ksp.Find(static_cast<uint32_t>(source), static_cast<uint32_t>(target), options);
    out = "{\"query\": " + std::to_string(query) + ", \"paths\": [";
    char cost[64];
    for (size_t p = 0; p < paths.size(); ++p) {
      out += p ? ", {\"nodes\": [" : "{\"nodes\": [";
      for (size_t i = 0; i < paths[p].nodes.size(); ++i) out += (i ? ", " : "") + std::to_string(paths[p].nodes[i]);
      std::snprintf(cost, sizeof cost, "%.17g", paths[p].cost);
      out += std::string("], \"cost\": ") + cost + "}";
    }
    out += "]}\n";
    std::fputs(out.c_str(), stdout);
  }
  return 0;
}
