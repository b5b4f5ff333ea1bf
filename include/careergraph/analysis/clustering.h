// Clustering of items (distinct sequences) on a dissimilarity matrix, with the results of R:
// Ward's hierarchical clustering (stats::hclust "ward.D2"), cutting the tree (stats::cutree),
// PAM k-medoids (cluster::pam), silhouettes (cluster::silhouette), representatives (TraMineR's
// seqrep / dissrep), CLARA for inputs too large for a matrix, and cluster quality measures.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// Items and weights. Every function takes the items' weights (empty = all 1). In sequence
// analysis the items are the DISTINCT sequences and an item's weight is how many rows (or how
// much survey weight) it stands for, WeightedCluster's way (Studer 2013). Weights must be finite
// and > 0. Where a weighted definition is not R's own it is stated below; with unit weights
// every result is R's.
//
// Labels are 1-based cluster numbers as R gives them (cluster 1 holds item 0, the next new
// number goes to the first item not yet in a numbered cluster, and so on); items are 0-based.
//
// Ties. Ward follows hclust's Fortran step by step (the same scan order, the same strict
// comparisons, the same Lance–Williams arithmetic), so equal distances merge as in R: the pair
// whose smaller index is lowest first, then its lowest partner. PAM follows cluster::pam's
// original BUILD and SWAP: BUILD takes the LAST item of largest gain, SWAP the first (new medoid
// h, old medoid i) pair in index order with the lowest cost change, items go to the
// lowest-numbered of equally near medoids. See src/analysis/clustering.cc for the details.
#ifndef CAREERGRAPH_ANALYSIS_CLUSTERING_H_
#define CAREERGRAPH_ANALYSIS_CLUSTERING_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "careergraph/analysis/distance_matrix.h"
#include "careergraph/base/progress.h"
#include "careergraph/base/status.h"

namespace careergraph {

// ---------------------------------------------------------------------------------------------
// Ward hierarchical clustering.

// A binary tree of n − 1 merges in hclust's convention.
struct Dendrogram {
  size_t n = 0;  // items
  // merge[s] joins two clusters at step s + 1: a negative entry −(i + 1) is item i, a positive
  // entry t is the cluster formed at step t (1-based). Singletons come first; two clusters come
  // in increasing order (R's hcass2).
  std::vector<std::array<int, 2>> merge;
  std::vector<double> height;  // height[s]: the Ward distance at which step s + 1 merges
  std::vector<size_t> order;   // items in plotting order (R's `order` − 1)
};

// Ward's minimum-variance method as R's hclust(d, method = "ward.D2", members = weights):
// distances are squared, merged by the Lance–Williams recurrence
//   D(i∪j, k) = [(w_i + w_k) D(i,k) + (w_j + w_k) D(j,k) − w_k D(i,j)] / (w_i + w_j + w_k)
// and heights are √D at each merge. For unit weights the heights are also those of
// cluster::agnes(d, diss = TRUE, method = "ward"). `weights` are hclust's `members`: the sizes
// of clusters that the input distances already describe (a restart from a cut). They are NOT
// the same as duplicating items: an item of weight 2 at distance d from a singleton starts at
// D = d², while two identical items merged first would be at D = 4/3·d² (the tests show the
// exact correspondence). The common WeightedCluster practice of passing counts as members is
// what this gives.
// Time O(n²) on typical data (hclust's nearest-neighbour list; O(n³) worst case); memory one
// working copy of the condensed matrix. Reports each merge to `progress`; kCancelled if it says
// so. Errors: n < 2, weights of the wrong size or not > 0, distances not finite, negative or
// above 1e150 (their squares must stay finite).
Result<Dendrogram> WardClustering(const DistanceMatrix& d, std::span<const double> weights = {},
                                  Progress* progress = nullptr);

// The tree cut into k clusters (R's cutree(tree, k)): labels 1..k, numbered in order of first
// appearance. Error when k < 1 or k > n.
Result<std::vector<int>> CutTree(const Dendrogram& tree, size_t k);

// ---------------------------------------------------------------------------------------------
// PAM k-medoids.

struct PamOptions {
  // When not empty, k distinct items to start from: BUILD is skipped (R's `medoids`, 0-based).
  std::vector<size_t> initial_medoids;
  bool swap = true;              // R's do.swap
  Progress* progress = nullptr;  // BUILD steps and SWAP iterations; kCancelled when it says so
};

struct PamResult {
  std::vector<size_t> medoids;  // medoids[c] is the medoid of cluster c + 1 (R's id.med − 1)
  std::vector<int> clustering;  // labels 1..k (R's clustering)
  double objective_build = 0;   // (weighted) mean distance to the nearest medoid after BUILD
  double objective_swap = 0;    //   and after SWAP (R's objective["build"], ["swap"])
  int swaps = 0;                // improving swaps made
};

// Partitioning Around Medoids as cluster::pam(d, k, diss = TRUE) (Kaufman & Rousseeuw 1990,
// the "original" variant, pamonce = 0). BUILD adds, k times, the item that most reduces the
// total distance to the nearest medoid; SWAP then makes the best (medoid, non-medoid) exchange
// while it lowers the total by more than 16·ε·total. With weights each item's distance counts
// w times (WeightedCluster's wcKMedoids "PAM" objective: Σ w_j d(j, medoid)); the objectives
// are divided by Σ w. Integer weights give the objectives of the data with each item repeated w
// times, and its medoids unless two medoid sets cost the same.
// Time O(k·n²) for BUILD and O(n²) a SWAP iteration (the swap costs are evaluated with the
// FastPAM1 decomposition of Schubert & Rousseeuw (2021), which gives R's values up to rounding);
// memory O(n·k) beyond the matrix. Errors: k < 1 or k > n, bad weights, bad initial medoids.
Result<PamResult> Pam(const DistanceMatrix& d, size_t k, std::span<const double> weights = {},
                      const PamOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Silhouettes.

enum class SilhouetteWeighting {
  // Weights are counts of identical items (aggregated data): item i's own cluster holds w_i − 1
  // copies of i at distance 0, so a(i) = Σ_{j∈C(i), j≠i} w_j d(i,j) / (W_C(i) − 1). Integer
  // weights give exactly the silhouette of the data with each item repeated w times (one value
  // per distinct item). s(i) = 0 when W_C(i) ≤ 1.
  kCounts,
  // Survey weights: a(i) is the weighted mean distance to the OTHER items of its cluster,
  // Σ_{j∈C(i), j≠i} w_j d(i,j) / (W_C(i) − w_i); s(i) = 0 when i is alone in its cluster.
  kSurvey,
};

struct Silhouette {
  std::vector<double> width;            // s(i) = (b(i) − a(i)) / max(a(i), b(i)), in [−1, 1]
  std::vector<int> neighbor;            // the cluster attaining b(i) (the first of equals)
  std::vector<double> cluster_average;  // (weighted) mean width per cluster 1..k
  double average = 0;                   // (weighted) mean width over all items: the ASW
};

// cluster::silhouette(labels, d): a(i) the mean distance to the other members of i's cluster,
// b(i) the smallest mean distance to the members of another cluster (weighted means with
// weights: b(i) = min_C Σ_{j∈C} w_j d(i,j) / W_C); s(i) = 0 for a singleton. `labels` are 1..k
// with every cluster non-empty and 2 ≤ k ≤ n − 1 (R gives NA otherwise: an error here).
// Time O(n²), memory O(n·k).
Result<Silhouette> ComputeSilhouette(const DistanceMatrix& d, std::span<const int> labels,
                                     std::span<const double> weights = {},
                                     SilhouetteWeighting weighting = SilhouetteWeighting::kCounts);

// ---------------------------------------------------------------------------------------------
// Representatives.

enum class RepresentativeCriterion {
  kDensity,     // most (weighted) neighbours within the radius first (TraMineR "density")
  kFrequency,   // most (weighted) items at distance 0 first ("freq")
  kCentrality,  // smallest (weighted) sum of distances first ("dist")
};

struct RepresentativeOptions {
  RepresentativeCriterion criterion = RepresentativeCriterion::kDensity;
  double pradius = 0.10;   // neighbourhood radius as a share of dmax (TraMineR's pradius / tsim)
  double coverage = 0.25;  // stop once this share of the (weighted) items is covered (trep)
  size_t nrep = 0;         // when > 0: pick this many instead (as far as there are candidates)
  double dmax = 0;         // the distance pradius refers to; 0: the largest among the items
};

struct Representative {
  size_t item = 0;                  // 0-based item of the matrix
  double score = 0;                 // its criterion value
  double assigned_weight = 0;       // items nearer to it than to any other representative (na)
  double neighbourhood_weight = 0;  //   of them, those within the radius (nb)
  double coverage = 0;              // neighbourhood_weight / total weight
  double mean_distance = 0;         // mean distance of its assigned items to it (SD / na)
};

struct Representatives {
  std::vector<Representative> items;  // in the order chosen
  double dmax = 0;
  double radius = 0;        // pradius · dmax
  double total_weight = 0;  // of the items considered
  double coverage = 0;      // share of that weight within the radius of a representative
  // TraMineR's quality Q: 1 − Σ w d(i, nearest representative) / Σ w d(i, centre), the centre
  // being the medoid-free "gravity centre" of the items (disscenter).
  double quality = 0;
};

// TraMineR's seqrep / dissrep (Gabadinho et al. 2011): candidates sorted by the criterion
// (stable: equal scores keep item order), a candidate is taken when it is farther than the
// radius from every representative already taken (strictly; the first is always taken), until
// the items strictly within the radius of some representative make up `coverage` of the total
// weight (or `nrep` are taken). Each item is assigned to its nearest representative (the
// earliest chosen of equals). `items`, when not empty, restricts everything to those items
// (e.g. one cluster; indices into the matrix, distinct); dmax then defaults to their largest
// distance. When every distance among the items is zero (a cluster of one distinct sequence), the
// representative covers them all (dissrep's `diss0` rule). Time O(m²) for m items. Errors: bad weights or items,
// pradius outside [0, 1], coverage outside [0, 1].
Result<Representatives> SelectRepresentatives(const DistanceMatrix& d, std::span<const double> weights = {},
                                              const RepresentativeOptions& options = {},
                                              std::span<const size_t> items = {});

// ---------------------------------------------------------------------------------------------
// CLARA.

struct ClaraOptions {
  size_t samples = 100;          // subsamples drawn
  size_t sample_size = 0;        // items per subsample; 0: 40 + 2k (cluster::clara's default)
  uint64_t seed = 1;             // std::mt19937_64 seed; the same seed gives the same result anywhere
  Progress* progress = nullptr;  // one step per sample; kCancelled when it says so
};

struct ClaraResult {
  std::vector<size_t> medoids;  // medoids[c] is the medoid of cluster c + 1
  std::vector<int> clustering;  // labels 1..k, every item to its nearest medoid
  double objective = 0;         // (weighted) mean distance to the nearest medoid
  size_t best_sample = 0;       // 0-based sample that gave the medoids
};

// CLARA (Kaufman & Rousseeuw 1990; cluster::clara, WeightedCluster's seqclararange) for n too
// large for a matrix: `distance(i, j)` is called on demand (it must be symmetric, ≥ 0, 0 on
// i == j; it is called from this thread only). Each sample holds the best medoids so far (as
// in cluster::clara) plus random items; its distances go into a small matrix and Pam runs on
// it; every item is then assigned to the nearest of those medoids (the lowest-numbered of
// equals) and the medoid set with the lowest total (weighted) distance wins (the earliest sample
// on ties). Unit weights: items drawn without replacement; weights: drawn with replacement with
// probability ∝ weight and duplicates aggregated into the PAM weights (WeightedCluster's way).
// When sample_size ≥ n the sample is every item and the result is Pam's. Time
// O(samples · (s² + n·k)) distance calls. Errors: k < 1 or k > n, k > sample_size, bad weights.
Result<ClaraResult> Clara(size_t n, const std::function<double(size_t, size_t)>& distance, size_t k,
                          std::span<const double> weights = {}, const ClaraOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Cluster quality.

struct ClusterStats {
  int label = 0;      // 1..k
  size_t size = 0;    // items
  double weight = 0;  // their weight
  double asw = 0;     // (weighted) mean silhouette width
};

struct ClusterQuality {
  std::vector<ClusterStats> clusters;
  double asw = 0;  // overall (weighted) average silhouette width, SilhouetteWeighting::kCounts
  // Point-biserial correlation (WeightedCluster's PBC): the Pearson correlation, over pairs
  // i < j weighted by w_i·w_j, between d(i, j) and 1 when i and j are in different clusters.
  double pbc = 0;
  // Share of the discrepancy explained (Studer et al. 2011): with SS = Σ_{i<j} w_i w_j d / W and
  // SS_W the same within each cluster, R² = 1 − SS_W / SS; r2_squared uses d² (WeightedCluster's
  // R2 and R2sq).
  double r2 = 0;
  double r2_squared = 0;
};

// Silhouettes, PBC and R² of a partition: two passes over the matrix (O(n²)). Same conditions as
// ComputeSilhouette.
Result<ClusterQuality> EvaluateClustering(const DistanceMatrix& d, std::span<const int> labels,
                                          std::span<const double> weights = {});

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_CLUSTERING_H_
