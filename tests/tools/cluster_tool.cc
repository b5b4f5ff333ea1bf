// cluster_tool: the clustering of analysis/clustering.h on a distance matrix from a file, for the R
// oracle (tests/integration/cluster_oracle.sh), and timings on random points.
//
// Usage: cluster_tool [--full] [--weights FILE] [--kmax K] [--no-pam] MATRIX OUT.json
//        cluster_tool --bench N [--dim D] [--seed S] [--k K]
// MATRIX: CSV of numbers. By default the condensed upper triangle read by rows (R's
// as.vector(dist) order is by columns of the lower triangle, which is the same sequence), one or
// more values a line; with --full, an n × n matrix, one row a line (the upper triangle is used).
// FILE: one weight a line (hclust's members, PAM's and the silhouette's weights).
// OUT.json: {"n", "ward": {"merge", "height", "order"}, "cutree": {"k": labels},
//            "pam": {"k": {"medoids", "clustering", "build", "swap"}},
//            "silhouette_cutree" / "silhouette_pam": {"k": {"width", "neighbor", "average", "cluster_average"}}}
// with items and medoids 1-based as R prints them, numbers as %.17g, for k = 2..K (default 8).
// --bench: N random points in [0, 1)^D (default D = 5), Euclidean distances; prints the seconds
// Ward and PAM (k = K, default 5) take. Exit 1 with a message on stderr for bad input.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "careergraph/analysis/clustering.h"

namespace {

using careergraph::DistanceMatrix;

int Fail(const std::string& what) {
  std::fprintf(stderr, "cluster_tool: %s\n", what.c_str());
  return 1;
}

bool ReadNumbers(const std::string& file, std::vector<std::vector<double>>* rows) {
  std::ifstream in(file);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::vector<double> row;
    std::stringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) {
      char* end = nullptr;
      const double v = std::strtod(cell.c_str(), &end);
      if (end == cell.c_str()) return false;
      row.push_back(v);
    }
    rows->push_back(std::move(row));
  }
  return true;
}

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

template <typename T, typename F>
std::string List(const std::vector<T>& v, F f) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + f(v[i]);
  return out + "]";
}

std::string Int(long long v) { return std::to_string(v); }

std::string SilhouetteJson(const careergraph::Silhouette& s) {
  return "{\"width\": " + List(s.width, Num) + ", \"neighbor\": " + List(s.neighbor, [](int x) { return Int(x); }) +
         ", \"average\": " + Num(s.average) + ", \"cluster_average\": " + List(s.cluster_average, Num) + "}";
}

int Bench(size_t n, size_t dim, uint64_t seed, size_t k) {
  std::mt19937_64 rng(seed);
  std::vector<double> x(n * dim);
  for (double& v : x) v = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  DistanceMatrix d(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      double s = 0;
      for (size_t c = 0; c < dim; ++c) s += (x[i * dim + c] - x[j * dim + c]) * (x[i * dim + c] - x[j * dim + c]);
      d.set(i, j, std::sqrt(s));
    }
  auto t0 = std::chrono::steady_clock::now();
  auto tree = careergraph::WardClustering(d);
  auto t1 = std::chrono::steady_clock::now();
  if (!tree) return Fail(tree.error().message());
  auto pam = careergraph::Pam(d, k);
  auto t2 = std::chrono::steady_clock::now();
  if (!pam) return Fail(pam.error().message());
  std::printf("n=%zu dim=%zu: ward %.3f s, pam k=%zu %.3f s (%d swaps, objective %.6g)\n", n, dim,
              std::chrono::duration<double>(t1 - t0).count(), k, std::chrono::duration<double>(t2 - t1).count(),
              pam->swaps, pam->objective_swap);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool full = false, do_pam = true;
  std::string weights_file, matrix_file, out_file;
  size_t kmax = 8, bench_n = 0, dim = 5, bench_k = 5;
  uint64_t seed = 1;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    auto value = [&]() -> std::string { return a + 1 < argc ? argv[++a] : ""; };
    if (arg == "--full")
      full = true;
    else if (arg == "--no-pam")
      do_pam = false;
    else if (arg == "--weights")
      weights_file = value();
    else if (arg == "--kmax")
      kmax = std::strtoull(value().c_str(), nullptr, 10);
    else if (arg == "--bench")
      bench_n = std::strtoull(value().c_str(), nullptr, 10);
    else if (arg == "--dim")
      dim = std::strtoull(value().c_str(), nullptr, 10);
    else if (arg == "--seed")
      seed = std::strtoull(value().c_str(), nullptr, 10);
    else if (arg == "--k")
      bench_k = std::strtoull(value().c_str(), nullptr, 10);
    else if (matrix_file.empty())
      matrix_file = arg;
    else if (out_file.empty())
      out_file = arg;
    else
      return Fail("unexpected argument " + arg);
  }
  if (bench_n) return Bench(bench_n, dim, seed, bench_k);
  if (out_file.empty()) {
    std::fprintf(stderr, "usage: cluster_tool [--full] [--weights FILE] [--kmax K] [--no-pam] MATRIX OUT.json\n");
    return 2;
  }

  std::vector<std::vector<double>> rows;
  if (!ReadNumbers(matrix_file, &rows)) return Fail(matrix_file + ": cannot read numbers");
  DistanceMatrix d;
  if (full) {
    const size_t n = rows.size();
    d = DistanceMatrix(n);
    for (size_t i = 0; i < n; ++i) {
      if (rows[i].size() != n) return Fail(matrix_file + ": row " + std::to_string(i + 1) + " is not of length n");
      for (size_t j = i + 1; j < n; ++j) d.set(i, j, rows[i][j]);
    }
  } else {
    std::vector<double> values;
    for (const auto& r : rows) values.insert(values.end(), r.begin(), r.end());
    const size_t n =
        static_cast<size_t>(std::llround((1 + std::sqrt(1 + 8.0 * static_cast<double>(values.size()))) / 2));
    if (n * (n - 1) / 2 != values.size()) return Fail(matrix_file + ": not a condensed matrix");
    // R's dist is by columns of the lower triangle: d(2,1), d(3,1), ..., d(n,1), d(3,2), ...,
    // which is our row-wise upper triangle.
    d = DistanceMatrix(n, std::move(values));
  }
  std::vector<double> weights;
  if (!weights_file.empty()) {
    std::vector<std::vector<double>> wr;
    if (!ReadNumbers(weights_file, &wr)) return Fail(weights_file + ": cannot read numbers");
    for (const auto& r : wr) weights.insert(weights.end(), r.begin(), r.end());
  }
  const size_t n = d.size();

  auto tree = careergraph::WardClustering(d, weights);
  if (!tree) return Fail(tree.error().message());
  std::string out =
      "{\"n\": " + Int(static_cast<long long>(n)) + ",\n\"ward\": {\"merge\": " +
      List(tree->merge, [](const std::array<int, 2>& m) { return "[" + Int(m[0]) + ", " + Int(m[1]) + "]"; }) +
      ",\n \"height\": " + List(tree->height, Num) +
      ",\n \"order\": " + List(tree->order, [](size_t i) { return Int(static_cast<long long>(i) + 1); }) + "}";
  std::string cut = ",\n\"cutree\": {", pam = ",\n\"pam\": {", sil_cut = ",\n\"silhouette_cutree\": {",
              sil_pam = ",\n\"silhouette_pam\": {";
  for (size_t k = 2; k <= kmax && k < n; ++k) {
    const std::string sep = k > 2 ? ",\n" : "";
    auto labels = careergraph::CutTree(*tree, k);
    if (!labels) return Fail(labels.error().message());
    cut += sep + "\"" + Int(static_cast<long long>(k)) + "\": " + List(*labels, [](int x) { return Int(x); });
    auto sc = careergraph::ComputeSilhouette(d, *labels, weights);
    if (!sc) return Fail(sc.error().message());
    sil_cut += sep + "\"" + Int(static_cast<long long>(k)) + "\": " + SilhouetteJson(*sc);
    if (!do_pam) continue;
    auto p = careergraph::Pam(d, k, weights);
    if (!p) return Fail(p.error().message());
    pam += sep + "\"" + Int(static_cast<long long>(k)) +
           "\": {\"medoids\": " + List(p->medoids, [](size_t i) { return Int(static_cast<long long>(i) + 1); }) +
           ", \"clustering\": " + List(p->clustering, [](int x) { return Int(x); }) +
           ", \"build\": " + Num(p->objective_build) + ", \"swap\": " + Num(p->objective_swap) + "}";
    auto sp = careergraph::ComputeSilhouette(d, p->clustering, weights);
    if (!sp) return Fail(sp.error().message());
    sil_pam += sep + "\"" + Int(static_cast<long long>(k)) + "\": " + SilhouetteJson(*sp);
  }
  out += cut + "}" + (do_pam ? pam + "}" : "") + sil_cut + "}" + (do_pam ? sil_pam + "}" : "") + "}\n";
  std::ofstream file(out_file);
  file << out;
  if (!file) return Fail(out_file + ": cannot write");
  return 0;
}
