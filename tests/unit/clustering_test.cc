// Clustering (analysis/clustering.h) on fixtures small enough to work out by hand; the numbers in
// the comments were also printed by R 4.2 (stats::hclust, cluster 2.1.4's pam and silhouette).
// tests/integration/cluster_oracle.sh compares larger random and tied matrices with R.
#include "careergraph/analysis/clustering.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace careergraph {
namespace {

constexpr double kEps = 1e-12;

// Points on a line; distances |x_i − x_j|.
DistanceMatrix Line(const std::vector<double>& x) {
  DistanceMatrix d(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    for (size_t j = i + 1; j < x.size(); ++j) d.set(i, j, std::fabs(x[i] - x[j]));
  return d;
}

DistanceMatrix RandomPlane(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> x(2 * n);
  for (double& v : x) v = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  DistanceMatrix d(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) d.set(i, j, std::hypot(x[2 * i] - x[2 * j], x[2 * i + 1] - x[2 * j + 1]));
  return d;
}

// Ward on 0, 1, 3, 7. Squared distances D: 1, 9, 49 | 4, 36 | 16.
//   step 1: D(0,1) = 1 is least: height 1.
//     D({0,1}, 2) = (2·9 + 2·4 − 1·1)/3 = 25/3;  D({0,1}, 3) = (2·49 + 2·36 − 1)/3 = 169/3
//   step 2: 25/3 < 16 < 169/3: {0,1} + 2 at √(25/3) = 2.88675...
//     D({0,1,2}, 3) = (3·169/3 + 2·16 − 1·25/3)/4 = 289/6
//   step 3: at √(289/6) = 6.94022...
// (Ward's D = 2·n_a·n_b/(n_a + n_b)·|c_a − c_b|²: {0,1} vs 3 is 4/3·2.5² = 25/3.)
// R: merge (-1 -2) (-3 1) (-4 2), order 4 3 1 2.
TEST(ClusterWard, HeightsMergesAndOrderOnALine) {
  Result<Dendrogram> tree = WardClustering(Line({0, 1, 3, 7}));
  ASSERT_TRUE(tree) << tree.error().message();
  ASSERT_EQ(tree->height.size(), 3u);
  EXPECT_NEAR(tree->height[0], 1.0, kEps);
  EXPECT_NEAR(tree->height[1], std::sqrt(25.0 / 3), kEps);
  EXPECT_NEAR(tree->height[2], std::sqrt(289.0 / 6), kEps);
  EXPECT_EQ(tree->merge, (std::vector<std::array<int, 2>>{{-1, -2}, {-3, 1}, {-4, 2}}));
  EXPECT_EQ(tree->order, (std::vector<size_t>{3, 2, 0, 1}));
}

TEST(ClusterWard, CutTreeNumbersClustersByFirstItem) {
  Result<Dendrogram> tree = WardClustering(Line({0, 1, 3, 7}));
  ASSERT_TRUE(tree);
  EXPECT_EQ(*CutTree(*tree, 1), (std::vector<int>{1, 1, 1, 1}));
  EXPECT_EQ(*CutTree(*tree, 2), (std::vector<int>{1, 1, 1, 2}));
  EXPECT_EQ(*CutTree(*tree, 3), (std::vector<int>{1, 1, 2, 3}));
  EXPECT_EQ(*CutTree(*tree, 4), (std::vector<int>{1, 2, 3, 4}));
  // Item 0 joins last: it is still cluster 1.
  Result<Dendrogram> late = WardClustering(Line({-20, 1, 2, 3}));
  ASSERT_TRUE(late);
  EXPECT_EQ(*CutTree(*late, 2), (std::vector<int>{1, 2, 2, 2}));
  EXPECT_EQ(*CutTree(*late, 3), (std::vector<int>{1, 2, 2, 3}));
}

// The unit square's corners 0 (0,0), 1 (1,0), 2 (0,1), 3 (1,1): four sides of length 1 tie.
// hclust takes the pair whose first item is lowest, (0, 1); then D({0,1}, 2) = D({0,1}, 3) = 5/3,
// and (2, 3) at 1 comes next; the last merge is at √((3·5/3 + 3·5/3 − 2·1)/4) = √2.
// R: merge (-1 -2) (-3 -4) (1 2), heights 1 1 1.414214, order 1 2 3 4.
TEST(ClusterWard, TiesResolveAsHclust) {
  DistanceMatrix d(4);
  d.set(0, 1, 1);
  d.set(0, 2, 1);
  d.set(0, 3, std::sqrt(2.0));
  d.set(1, 2, std::sqrt(2.0));
  d.set(1, 3, 1);
  d.set(2, 3, 1);
  Result<Dendrogram> tree = WardClustering(d);
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->merge, (std::vector<std::array<int, 2>>{{-1, -2}, {-3, -4}, {1, 2}}));
  EXPECT_NEAR(tree->height[0], 1, kEps);
  EXPECT_NEAR(tree->height[1], 1, kEps);
  EXPECT_NEAR(tree->height[2], std::sqrt(2.0), kEps);
  EXPECT_EQ(tree->order, (std::vector<size_t>{0, 1, 2, 3}));
}

// hclust's members are a Lance–Williams start, not duplicates. Items 0, 0, 3, 7 (a duplicate):
// the copies merge at 0 into a cluster of 2 at 0, whose D to 3 is 2·2·1/3·3² = 12 and to 7 is
// 4/3·49 = 196/3; the tree goes on at √12 and √(…) = 7.34847. Giving item 0 weight 2 with the
// plain distances 3 and 7 starts from D = 9 instead (height 3); giving it the distances √12 and
// √(196/3) reproduces the duplicated tree. R: hclust(members = c(2, 1, 1)) on those distances
// gives 3.4641016151377544 7.3484692283495345, the duplicated data 0 and the same two.
TEST(ClusterWard, MembersAreALanceWilliamsStartNotDuplicates) {
  Result<Dendrogram> dup = WardClustering(Line({0, 0, 3, 7}));
  ASSERT_TRUE(dup);
  EXPECT_NEAR(dup->height[0], 0, kEps);
  EXPECT_NEAR(dup->height[1], std::sqrt(12.0), kEps);
  EXPECT_NEAR(dup->height[2], 7.3484692283495345, 1e-12);

  const std::vector<double> w = {2, 1, 1};
  Result<Dendrogram> naive = WardClustering(Line({0, 3, 7}), w);
  ASSERT_TRUE(naive);
  EXPECT_NEAR(naive->height[0], 3, kEps);  // not √12

  DistanceMatrix scaled(3);
  scaled.set(0, 1, std::sqrt(12.0));
  scaled.set(0, 2, std::sqrt(196.0 / 3));
  scaled.set(1, 2, 4);
  Result<Dendrogram> restart = WardClustering(scaled, w);
  ASSERT_TRUE(restart);
  EXPECT_NEAR(restart->height[0], dup->height[1], 1e-12);
  EXPECT_NEAR(restart->height[1], dup->height[2], 1e-12);
  EXPECT_EQ(restart->merge[0], (std::array<int, 2>{-1, -2}));
}

// Lance–Williams is homogeneous in the members: multiplying every weight by c changes nothing.
TEST(ClusterWard, ScalingAllWeightsLeavesTheTree) {
  DistanceMatrix d = RandomPlane(25, 3);
  std::vector<double> w(25), w3(25);
  for (size_t i = 0; i < 25; ++i) {
    w[i] = 1 + static_cast<double>(i % 4);
    w3[i] = 0.5 * w[i];
  }
  Result<Dendrogram> a = WardClustering(d, w), b = WardClustering(d, w3);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->merge, b->merge);
  for (size_t s = 0; s < a->height.size(); ++s) EXPECT_NEAR(a->height[s], b->height[s], 1e-12);
}

TEST(ClusterWard, Errors) {
  EXPECT_FALSE(WardClustering(DistanceMatrix(1)));
  EXPECT_FALSE(WardClustering(Line({0, 1, 2}), std::vector<double>{1, 1}));      // size
  EXPECT_FALSE(WardClustering(Line({0, 1, 2}), std::vector<double>{1, -1, 1}));  // negative
  EXPECT_FALSE(WardClustering(Line({0, 1, 2}), std::vector<double>{1, 0, 1}));   // zero
  DistanceMatrix nan = Line({0, 1, 2});
  nan.set(0, 2, std::nan(""));
  Result<Dendrogram> bad = WardClustering(nan);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("d(0, 2)"), std::string::npos) << bad.error().message();
  Result<Dendrogram> tree = WardClustering(Line({0, 1, 2}));
  ASSERT_TRUE(tree);
  EXPECT_FALSE(CutTree(*tree, 0));
  EXPECT_FALSE(CutTree(*tree, 4));
}

// PAM on 0, 1, 2, 10, 11, k = 2. BUILD: the first medoid has the smallest distance sum (item 2:
// 2+1+0+8+9 = 20). Then gain(i) = Σ_j max(0, D_j − d(i, j)) with D = (2, 1, 0, 8, 9): item 0: 2,
// item 1: 1 + 1 = 2, item 3: 8 + 8 = 16, item 4: 7 + 9 = 16; a tie that R's `<=` gives to the
// LAST, item 4. Build objective (2+1+0+1+0)/5 = 0.8. SWAP: 1 for 2 gives costs 1,0,1,1,0 = 3
// (T = −1), the best; then nothing improves. Swap objective 3/5 = 0.6.
// R: id.med 2 5, objective 0.8 0.6, clustering 1 1 1 2 2.
TEST(ClusterPam, BuildAndSwapOnALine) {
  Result<PamResult> p = Pam(Line({0, 1, 2, 10, 11}), 2);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->medoids, (std::vector<size_t>{1, 4}));
  EXPECT_EQ(p->clustering, (std::vector<int>{1, 1, 1, 2, 2}));
  EXPECT_NEAR(p->objective_build, 0.8, kEps);
  EXPECT_NEAR(p->objective_swap, 0.6, kEps);
  EXPECT_EQ(p->swaps, 1);
}

TEST(ClusterPam, InitialMedoidsSkipBuild) {
  PamOptions options;
  options.initial_medoids = {3, 0};
  Result<PamResult> p = Pam(Line({0, 1, 2, 10, 11}), 2, {}, options);
  ASSERT_TRUE(p);
  // From {0, 3}: costs 0,1,2,0,1 = 4 (0.8); SWAP moves 0 → 1 (3, 0.6).
  EXPECT_NEAR(p->objective_build, 0.8, kEps);
  EXPECT_NEAR(p->objective_swap, 0.6, kEps);
  EXPECT_EQ(p->medoids[0], 1u);
  options.swap = false;
  p = Pam(Line({0, 1, 2, 10, 11}), 2, {}, options);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->medoids, (std::vector<size_t>{0, 3}));
  EXPECT_NEAR(p->objective_swap, 0.8, kEps);
}

// A weight of 2 is the item twice (the copy placed next to it, so item order is kept).
TEST(ClusterPam, IntegerWeightsEqualDuplicatedItems) {
  const std::vector<double> x = {0, 0.4, 1.1, 2.5, 2.9, 7, 7.2, 9.5};
  const std::vector<double> w = {1, 3, 1, 2, 2, 1, 2, 1};  // no two medoid sets of equal cost
  std::vector<double> expanded;
  std::vector<size_t> original;
  for (size_t i = 0; i < x.size(); ++i)
    for (int c = 0; c < static_cast<int>(w[i]); ++c) {
      expanded.push_back(x[i]);
      original.push_back(i);
    }
  for (size_t k = 1; k <= 4; ++k) {
    Result<PamResult> weighted = Pam(Line(x), k, w);
    Result<PamResult> dup = Pam(Line(expanded), k);
    ASSERT_TRUE(weighted && dup);
    EXPECT_NEAR(weighted->objective_build, dup->objective_build, 1e-12) << k;
    EXPECT_NEAR(weighted->objective_swap, dup->objective_swap, 1e-12) << k;
    std::vector<size_t> a = weighted->medoids, b;
    for (size_t m : dup->medoids) b.push_back(original[m]);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << k;
  }
}

TEST(ClusterPam, Errors) {
  DistanceMatrix d = Line({0, 1, 2});
  EXPECT_FALSE(Pam(d, 0));
  EXPECT_FALSE(Pam(d, 4));
  EXPECT_FALSE(Pam(d, 2, std::vector<double>{1, 1}));
  EXPECT_FALSE(Pam(d, 2, std::vector<double>{1, -2, 1}));
  PamOptions options;
  options.initial_medoids = {0, 0};
  EXPECT_FALSE(Pam(d, 2, {}, options));
  options.initial_medoids = {0, 3};
  EXPECT_FALSE(Pam(d, 2, {}, options));
  options.initial_medoids = {0};
  EXPECT_FALSE(Pam(d, 2, {}, options));
}

// Silhouette of 0, 1, 2 | 10, 11:
//   item 0: a = (1+2)/2 = 1.5, b = (10+11)/2 = 10.5, s = 1 − 1.5/10.5 = 6/7
//   item 1: a = 1, b = 9.5, s = 17/19;  item 2: a = 1.5, b = 8.5, s = 14/17
//   item 3: a = 1, b = (10+9+8)/3 = 9, s = 8/9;  item 4: a = 1, b = 10, s = 9/10
// R: .857142857142857 .894736842105263 .823529411764706 .888888888888889 .9;
// cluster averages .858469703670942 .894444444444444.
TEST(ClusterSilhouette, WidthsByHand) {
  const std::vector<int> labels = {1, 1, 1, 2, 2};
  Result<Silhouette> s = ComputeSilhouette(Line({0, 1, 2, 10, 11}), labels);
  ASSERT_TRUE(s) << s.error().message();
  const std::vector<double> want = {6.0 / 7, 17.0 / 19, 14.0 / 17, 8.0 / 9, 0.9};
  for (size_t i = 0; i < 5; ++i) EXPECT_NEAR(s->width[i], want[i], kEps) << i;
  EXPECT_EQ(s->neighbor, (std::vector<int>{2, 2, 2, 1, 1}));
  EXPECT_NEAR(s->cluster_average[0], (want[0] + want[1] + want[2]) / 3, kEps);
  EXPECT_NEAR(s->cluster_average[1], (want[3] + want[4]) / 2, kEps);
  EXPECT_NEAR(s->average, (want[0] + want[1] + want[2] + want[3] + want[4]) / 5, kEps);
}

TEST(ClusterSilhouette, SingletonIsZeroAndNeighbourIsTheFirstOfEquals) {
  // 0, 1 | 5 | 9, 10: item 2 alone has width 0; it is 4.5 from both other clusters → cluster 1.
  Result<Silhouette> s = ComputeSilhouette(Line({0, 1, 5, 9, 10}), std::vector<int>{1, 1, 2, 3, 3});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->width[2], 0.0);
  EXPECT_EQ(s->neighbor[2], 1);
}

// Counts: a weight of 2 is the item twice; every copy has the same width.
TEST(ClusterSilhouette, CountWeightsEqualDuplicatedItems) {
  const std::vector<double> x = {0, 1, 2, 10, 11, 13};
  const std::vector<double> w = {2, 1, 3, 1, 1, 2};
  const std::vector<int> labels = {1, 1, 1, 2, 2, 3};
  std::vector<double> expanded;
  std::vector<int> expanded_labels;
  std::vector<size_t> first_copy;
  for (size_t i = 0; i < x.size(); ++i) {
    first_copy.push_back(expanded.size());
    for (int c = 0; c < static_cast<int>(w[i]); ++c) {
      expanded.push_back(x[i]);
      expanded_labels.push_back(labels[i]);
    }
  }
  Result<Silhouette> weighted = ComputeSilhouette(Line(x), labels, w, SilhouetteWeighting::kCounts);
  Result<Silhouette> dup = ComputeSilhouette(Line(expanded), expanded_labels);
  ASSERT_TRUE(weighted && dup);
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(weighted->width[i], dup->width[first_copy[i]], kEps) << i;
    EXPECT_EQ(weighted->neighbor[i], dup->neighbor[first_copy[i]]) << i;
  }
  // 13 (weight 2) alone in cluster 3: a = 0 (its copy), b = (1·2 + 1·3)/2 = 2.5, s = 1.
  EXPECT_NEAR(weighted->width[5], 1.0, kEps);
  EXPECT_NEAR(weighted->average, dup->average, kEps);
  for (size_t c = 0; c < 3; ++c) EXPECT_NEAR(weighted->cluster_average[c], dup->cluster_average[c], kEps);
}

// Survey weights: a(i) is the weighted mean over the other items. 0 (w 1), 1 (w 3), 4 (w 1) |
// 10 (w 2): item 0: a = (3·1 + 1·4)/4 = 1.75, b = 10, s = 1 − 0.175 = 0.825.
TEST(ClusterSilhouette, SurveyWeights) {
  Result<Silhouette> s = ComputeSilhouette(Line({0, 1, 4, 10, 12}), std::vector<int>{1, 1, 1, 2, 2},
                                           std::vector<double>{1, 3, 1, 2, 1}, SilhouetteWeighting::kSurvey);
  ASSERT_TRUE(s);
  // b(0) = (2·10 + 1·12)/3 = 32/3.
  EXPECT_NEAR(s->width[0], 1 - 1.75 / (32.0 / 3), kEps);
}

TEST(ClusterSilhouette, Errors) {
  DistanceMatrix d = Line({0, 1, 2, 3});
  EXPECT_FALSE(ComputeSilhouette(d, std::vector<int>{1, 1, 1, 1}));  // k = 1
  EXPECT_FALSE(ComputeSilhouette(d, std::vector<int>{1, 2, 3, 4}));  // k = n
  EXPECT_FALSE(ComputeSilhouette(d, std::vector<int>{1, 1, 3, 3}));  // cluster 2 empty
  EXPECT_FALSE(ComputeSilhouette(d, std::vector<int>{0, 1, 2, 2}));  // label 0
  EXPECT_FALSE(ComputeSilhouette(d, std::vector<int>{1, 2}));        // size
}

// Representatives of 0, 1, 2, 10, 11: dmax = 11, radius 1.1. Density (d < 1.1, itself included):
// 2, 3, 2, 2, 2, so item 1 first; its neighbourhood {0, 1, 2} covers 3/5 ≥ 25 %: one
// representative, all five assigned (mean distance (1+0+1+9+10)/5 = 4.2). Quality: SS =
// Σ_{i<j} d / 5 = 62/5, Q = (62/5 − 21)/(62/5) = −43/62.
// With 80 %: 0 and 2 are within the radius of 1 (skipped), 3 is taken; {3, 4} bring it to 100 %.
TEST(ClusterRepresentatives, DensityAndCoverage) {
  DistanceMatrix d = Line({0, 1, 2, 10, 11});
  Result<Representatives> r = SelectRepresentatives(d);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_NEAR(r->dmax, 11, kEps);
  EXPECT_NEAR(r->radius, 1.1, kEps);
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].item, 1u);
  EXPECT_EQ(r->items[0].score, 3);
  EXPECT_EQ(r->items[0].assigned_weight, 5);
  EXPECT_EQ(r->items[0].neighbourhood_weight, 3);
  EXPECT_NEAR(r->items[0].mean_distance, 4.2, kEps);
  EXPECT_NEAR(r->coverage, 0.6, kEps);
  EXPECT_NEAR(r->quality, -43.0 / 62, kEps);

  RepresentativeOptions options;
  options.coverage = 0.8;
  r = SelectRepresentatives(d, {}, options);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->items.size(), 2u);
  EXPECT_EQ(r->items[1].item, 3u);
  EXPECT_EQ(r->items[0].assigned_weight, 3);
  EXPECT_NEAR(r->items[0].mean_distance, 2.0 / 3, kEps);
  EXPECT_EQ(r->items[1].assigned_weight, 2);
  EXPECT_NEAR(r->items[1].mean_distance, 0.5, kEps);
  EXPECT_NEAR(r->items[1].coverage, 0.4, kEps);
  EXPECT_NEAR(r->coverage, 1.0, kEps);
  EXPECT_NEAR(r->quality, 47.0 / 62, kEps);  // SD = 2 + 1
}

TEST(ClusterRepresentatives, OtherCriteriaWeightsAndSubsets) {
  DistanceMatrix d = Line({0, 1, 2, 10, 11, 11});
  RepresentativeOptions options;
  // Sums of distances 35, 31, 29, 29, 31, 31: items 2 and 3 tie; item order keeps 2 first.
  options.criterion = RepresentativeCriterion::kCentrality;
  options.nrep = 1;
  Result<Representatives> r = SelectRepresentatives(d, {}, options);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->items[0].item, 2u);
  EXPECT_EQ(r->items[0].score, 29);
  options.criterion = RepresentativeCriterion::kFrequency;  // 11 twice: item 4 (stable order)
  r = SelectRepresentatives(d, {}, options);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->items[0].item, 4u);
  EXPECT_EQ(r->items[0].score, 2);
  // Weights: item 0 counting 10 gives it density 10 + 1, but item 1, whose neighbourhood holds
  // 0 (10), 1 and 2, has 12.
  options.criterion = RepresentativeCriterion::kDensity;
  r = SelectRepresentatives(d, std::vector<double>{10, 1, 1, 1, 1, 1}, options);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->items[0].item, 1u);
  EXPECT_EQ(r->items[0].score, 12);
  EXPECT_NEAR(r->total_weight, 15, kEps);
  EXPECT_NEAR(r->coverage, 12.0 / 15, kEps);
  // One cluster, {3, 4, 5}: dmax = 1, radius 0.1: 4 and 5 coincide (density 2 each), 4 first.
  options.nrep = 0;
  r = SelectRepresentatives(d, {}, options, std::vector<size_t>{3, 4, 5});
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->dmax, 1, kEps);
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].item, 4u);
  EXPECT_NEAR(r->coverage, 2.0 / 3, kEps);
  // A cluster of one distinct item (all distances zero): dissrep's diss0 rule, it covers itself.
  r = SelectRepresentatives(d, std::vector<double>{1, 1, 1, 1, 1, 2.5}, options, std::vector<size_t>{5});
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->coverage, 1, kEps);
  EXPECT_NEAR(r->items[0].neighbourhood_weight, 2.5, kEps);
  EXPECT_FALSE(SelectRepresentatives(d, {}, options, std::vector<size_t>{3, 3}));
  EXPECT_FALSE(SelectRepresentatives(d, {}, options, std::vector<size_t>{6}));
  options.pradius = 1.5;
  EXPECT_FALSE(SelectRepresentatives(d, {}, options));
}

// CLARA on a sample that is everything is PAM.
TEST(ClusterClara, WholeSampleIsPam) {
  DistanceMatrix d = RandomPlane(60, 11);
  auto distance = [&](size_t i, size_t j) { return d.at(i, j); };
  for (size_t k : {1, 3, 5}) {
    Result<PamResult> pam = Pam(d, k);
    ClaraOptions options;
    options.sample_size = 60;
    Result<ClaraResult> clara = Clara(60, distance, k, {}, options);
    ASSERT_TRUE(pam && clara) << k;
    EXPECT_EQ(clara->medoids, pam->medoids) << k;
    EXPECT_EQ(clara->clustering, pam->clustering) << k;
    EXPECT_NEAR(clara->objective, pam->objective_swap, 1e-12) << k;
  }
  Result<PamResult> pam = Pam(Line({0, 1, 2, 10, 11}), 2, std::vector<double>{1, 2, 1, 1, 3});
  Result<ClaraResult> clara = Clara(
      5,
      [](size_t i, size_t j) {
        const double x[] = {0, 1, 2, 10, 11};
        return std::fabs(x[i] - x[j]);
      },
      2, std::vector<double>{1, 2, 1, 1, 3});
  ASSERT_TRUE(pam && clara);
  EXPECT_EQ(clara->medoids, pam->medoids);
  EXPECT_NEAR(clara->objective, pam->objective_swap, 1e-12);
}

TEST(ClusterClara, SubsamplesAreDeterministicAndNearPam) {
  DistanceMatrix d = RandomPlane(400, 5);
  auto distance = [&](size_t i, size_t j) { return d.at(i, j); };
  ClaraOptions options;
  options.samples = 10;
  options.seed = 42;
  Result<ClaraResult> a = Clara(400, distance, 4, {}, options), b = Clara(400, distance, 4, {}, options);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->medoids, b->medoids);
  EXPECT_EQ(a->clustering, b->clustering);
  EXPECT_EQ(a->objective, b->objective);
  Result<PamResult> pam = Pam(d, 4);
  ASSERT_TRUE(pam);
  EXPECT_LT(a->objective, pam->objective_swap * 1.1);  // samples of 48 of 400 come close
  // Weighted draws too.
  std::vector<double> w(400);
  for (size_t i = 0; i < 400; ++i) w[i] = 1 + static_cast<double>(i % 3);
  Result<ClaraResult> c = Clara(400, distance, 4, w, options), e = Clara(400, distance, 4, w, options);
  ASSERT_TRUE(c && e);
  EXPECT_EQ(c->medoids, e->medoids);
  EXPECT_FALSE(Clara(400, distance, 0));
  EXPECT_FALSE(Clara(400, distance, 401));
  options.sample_size = 3;
  EXPECT_FALSE(Clara(400, distance, 4, {}, options));  // k > sample size
  EXPECT_FALSE(Clara(400, distance, 4, std::vector<double>{1, 2}));
}

// Quality of 0, 1, 2 | 10, 11. Pairs (10): within 1, 2, 1 | 1; between 10, 11, 9, 10, 8, 9.
// R² = 1 − SS_W/SS: SS = 62/5, SS_W = 4/3 + 1/2 = 11/6; R² = 1 − (11/6)/(62/5) = 1 − 55/372.
// With d²: SS = (1+4+1+1 + 100+121+81+100+64+81)/5 = 554/5, SS_W = 6/3 + 1/2 = 5/2.
// PBC: x = between (6 of 10 pairs), y = d; r = (10·Σxy − 6·Σy)/√((10·6 − 36)(10·Σy² − (Σy)²))
// with Σy = 62, Σxy = 57, Σy² = 554: (570 − 372)/√(24·(5540 − 3844)) = 198/√40704.
TEST(ClusterQuality, AswPbcAndR2ByHand) {
  Result<ClusterQuality> q = EvaluateClustering(Line({0, 1, 2, 10, 11}), std::vector<int>{1, 1, 1, 2, 2});
  ASSERT_TRUE(q) << q.error().message();
  ASSERT_EQ(q->clusters.size(), 2u);
  EXPECT_EQ(q->clusters[0].size, 3u);
  EXPECT_EQ(q->clusters[1].weight, 2);
  EXPECT_NEAR(q->asw, (6.0 / 7 + 17.0 / 19 + 14.0 / 17 + 8.0 / 9 + 0.9) / 5, kEps);
  EXPECT_NEAR(q->clusters[1].asw, (8.0 / 9 + 0.9) / 2, kEps);
  EXPECT_NEAR(q->r2, 1 - 55.0 / 372, kEps);
  EXPECT_NEAR(q->r2_squared, 1 - 2.5 / (554.0 / 5), kEps);
  EXPECT_NEAR(q->pbc, 198 / std::sqrt(40704.0), kEps);
}

}  // namespace
}  // namespace careergraph
