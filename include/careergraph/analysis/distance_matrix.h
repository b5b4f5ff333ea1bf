// DistanceMatrix: a symmetric n × n matrix of dissimilarities with a zero diagonal, stored as
// its strict upper triangle only ("condensed", the layout of SciPy's squareform and R's `dist`
// read by rows): n(n−1)/2 doubles, pair (i, j) with i < j at
//
//   Index(n, i, j) = i·n − i(i+1)/2 + (j − i − 1).
//
// The distances between sequences (analysis/sequence_distance.h) are written here and the
// clustering (analysis/clustering.h) reads them.
// Thread-safety: const methods are safe to share; distinct pairs may be written concurrently.
#ifndef CAREERGRAPH_ANALYSIS_DISTANCE_MATRIX_H_
#define CAREERGRAPH_ANALYSIS_DISTANCE_MATRIX_H_

#include <cstddef>
#include <utility>
#include <vector>

namespace careergraph {

class DistanceMatrix {
 public:
  DistanceMatrix() = default;
  explicit DistanceMatrix(size_t n) : n_(n), values_(n < 2 ? 0 : n * (n - 1) / 2, 0.0) {}
  // From a condensed vector; values.size() must be n(n−1)/2.
  DistanceMatrix(size_t n, std::vector<double> values) : n_(n), values_(std::move(values)) {}

  static size_t Index(size_t n, size_t i, size_t j) { return i * n - i * (i + 1) / 2 + (j - i - 1); }

  size_t size() const { return n_; }  // n, the items
  double at(size_t i, size_t j) const {
    if (i == j) return 0.0;
    if (i > j) std::swap(i, j);
    return values_[Index(n_, i, j)];
  }
  void set(size_t i, size_t j, double d) {
    if (i > j) std::swap(i, j);
    values_[Index(n_, i, j)] = d;
  }
  // The condensed values, n(n−1)/2 of them.
  const std::vector<double>& values() const { return values_; }
  std::vector<double>& values() { return values_; }

 private:
  size_t n_ = 0;
  std::vector<double> values_;
};

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_DISTANCE_MATRIX_H_
