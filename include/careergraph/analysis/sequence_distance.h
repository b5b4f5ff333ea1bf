// Sequence distances: all-pairs dissimilarities between state sequences as TraMineR's `seqdist`
// computes them (OM, HAM, DHD, LCS, LCP, RLCP and their normalisations), with the substitution
// costs of its `seqcost`/`seqsubm` (CONSTANT, TRATE) or read from a CSV file.
// Thread-safety: the functions are pure; SeqDistances runs on several threads (TBB) itself and
// calls `progress` only from the calling thread.
//
// A sequence's content is its codes with void ("%") removed — TraMineR's seqdef deletes leading
// and trailing voids (left/right = "DEL") — so sequences may differ in length. Missing ("*") is an
// extra state, index alphabet().size(), when `with_missing` holds; otherwise missing data is an
// error. As TraMineR does, distances are computed between the *distinct* sequences only
// (FindDistinct); DistinctSequences maps them back to rows.
//
// Example:
//   DistinctSequences distinct = FindDistinct(seq);
//   Result<SubstitutionCosts> sm = TrateCosts(seq, 2, false, true, false);
//   SeqDistOptions o;  o.sm = *sm;  o.indel = 1;
//   Result<DistanceMatrix> d = SeqDistances(seq, distinct, o);
//   double d01 = d->at(distinct.of_row[0], distinct.of_row[1]);
#ifndef CAREERGRAPH_ANALYSIS_SEQUENCE_DISTANCE_H_
#define CAREERGRAPH_ANALYSIS_SEQUENCE_DISTANCE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/analysis/distance_matrix.h"
#include "careergraph/analysis/sequences.h"
#include "careergraph/base/progress.h"
#include "careergraph/base/status.h"

namespace careergraph {

// The distinct contents of a sequence set (TraMineR's `unique(seqdata)` before `seqdist`).
// Distinct sequences are numbered in order of first appearance.
struct DistinctSequences {
  std::vector<uint32_t> rows;    // per distinct sequence: the first row holding it
  std::vector<uint32_t> of_row;  // per row: its distinct sequence
  std::vector<double> weight;    // per distinct sequence: the summed weights of its rows
  std::vector<uint32_t> count;   // per distinct sequence: its number of rows

  size_t size() const { return rows.size(); }
};

// Rows with the same content (codes with void removed) are one distinct sequence. O(n·L).
DistinctSequences FindDistinct(const SequenceSet& sequences);

// The content of one row: its codes with void removed (what SeqDistanceReference takes).
std::vector<SequenceSet::Code> SequenceContent(const SequenceSet& sequences, size_t row);

enum class SeqDistMethod { kOM, kHAM, kDHD, kLCS, kLCP, kRLCP };
// kAuto is TraMineR's "auto": maxlength for OM, HAM and DHD; gmean for LCS, LCP and RLCP.
enum class SeqNorm { kNone, kAuto, kMaxLength, kGMean, kMaxDist, kYujianBo };

std::string_view SeqDistMethodName(SeqDistMethod method);  // "OM", "HAM", "DHD", "LCS", "LCP", "RLCP"
std::string_view SeqNormName(SeqNorm norm);  // "none", "auto", "maxlength", "gmean", "maxdist", "YujianBo"
std::optional<SeqDistMethod> ParseSeqDistMethod(std::string_view name);  // TraMineR's names, exactly
std::optional<SeqNorm> ParseSeqNorm(std::string_view name);              // likewise

// Substitution costs, TraMineR's `seqcost(...)$sm`: one matrix, or one per position (DHD).
struct SubstitutionCosts {
  std::vector<std::string> states;  // the alphabet, then "*" when missing is a state
  size_t periods = 1;               // 1, or the sequence length L for time-varying costs
  std::vector<double> values;       // row-major [period][from][to]
  // The indel cost seqdist uses with these costs when none is given (indel = "auto"): what
  // seqcost returns beside them (CONSTANT: cval/2, i.e. 1 for seqdist's cval 2; TRATE: half the
  // largest cost, taken before the missing state's costs are set) and max(sm)/2 for a matrix read
  // from a file.
  double indel = 1;

  double at(size_t t, size_t i, size_t j) const { return values[(t * states.size() + i) * states.size() + j]; }
};

// seqcost(method = "CONSTANT", cval, with.missing): cval off the diagonal, 0 on it (missing costs
// cval too). With time_varying, the same matrix for each of the L positions. When with_missing is
// asked for but the data has no missing value, TraMineR ignores it (no "*" state); so do these.
// kInvalidArgument when cval is negative or not finite.
Result<SubstitutionCosts> ConstantCosts(const SequenceSet& sequences, double cval, bool with_missing,
                                        bool time_varying = false);

// seqcost(method = "TRATE", cval, time.varying, weighted, with.missing), from SeqTransitionRates
// (lag 1):
//   - constant:     sm(i, j) = cval − p(i→j) − p(j→i)          (seqdist's OM default cval: 2)
//   - time-varying: for position t = 1..L (rates p_t of the transitions t → t+1),
//                   sm_t(i, j) = max(0, cval − p_{t−1}(i→j) − p_{t−1}(j→i) − p_t(i→j) − p_t(j→i))
//                   inside; at t = 1 and t = L, where one side is missing,
//                   sm_t(i, j) = max(0, cval − 2·(p(i→j) + p(j→i))) with the one matrix there is
//                   (seqcost's `tratecostBoth`; seqdist's DHD default cval: 4).
// Missing ("*", with_missing) costs cval against every state, as seqcost's `miss.cost`.
// kInvalidArgument when the sequences have fewer than 2 positions or cval is not finite.
Result<SubstitutionCosts> TrateCosts(const SequenceSet& sequences, double cval, bool time_varying, bool weighted,
                                     bool with_missing);

// A CSV square matrix: a header row and a first column naming the states (any order; the header's
// first cell is ignored), every state of the alphabet exactly once ("*" too with with_missing when
// the data has missing values; accepted and dropped otherwise), values non-negative and finite,
// a zero diagonal and symmetric (to 1e-7 × the largest cost, TraMineR's tolerance). kInvalidArgument
// with "FILE:LINE:COLUMN: ..." saying what was expected. `indel` is max(sm)/2.
Result<SubstitutionCosts> ParseSubstitutionCosts(std::string_view text, std::string_view file,
                                                 const SequenceSet& sequences, bool with_missing);

struct SeqDistOptions {
  SeqDistMethod method = SeqDistMethod::kOM;
  // OM's indel cost; empty is TraMineR's indel = "auto": sm->indel. Must be > 0. LCS uses 1.
  std::optional<double> indel;
  // Empty: TraMineR's default for the method — HAM: CONSTANT 1; DHD: TRATE time-varying with
  // cval 4 (weighted as `weighted`); OM has none (kInvalidArgument, as seqdist's "sm missing").
  // LCS (CONSTANT 2), LCP and RLCP ignore it. HAM and OM take one matrix, DHD one per position.
  std::optional<SubstitutionCosts> sm;
  SeqNorm norm = SeqNorm::kNone;
  // Missing ("*") as an extra state. Without it, missing data is kInvalidArgument; with it and no
  // missing data it is ignored (TraMineR's warning).
  bool with_missing = false;
  bool weighted = true;  // for the default TRATE costs of DHD
  int threads = 0;       // 0: all cores
};

// Everything SeqDistances derives from its options: defaults filled in, checked against the data.
struct SeqDistParams {
  SeqDistMethod method = SeqDistMethod::kOM;
  SeqNorm norm = SeqNorm::kNone;  // never kAuto
  SubstitutionCosts sm;           // for OM, HAM, DHD and LCS
  double indel = 1;               // for OM and LCS
  bool with_missing = false;      // effective: false when the data has no missing value
  size_t states = 0;              // alphabet size, + 1 with missing
};

// The defaults and checks of seqdist: kInvalidArgument naming the problem — missing data without
// with_missing (the sequence id and column), HAM/DHD on sequences of different lengths (two ids
// and lengths), costs for another alphabet, a matrix where DHD needs one per position (or the
// reverse), indel <= 0, a norm the method does not take.
Result<SeqDistParams> ResolveSeqDist(const SequenceSet& sequences, const SeqDistOptions& options);

// Distances between the DISTINCT sequences (index = distinct index), condensed. OM and LCS run the
// plain dynamic programme on one sequence against 8/4/2 others in SIMD lanes (bit for bit
// SeqDistanceReference), or on run-length encodings when sequences are long in few runs (see
// sequence_distance.cc), exact for any costs and indel; the others in O(runs) per pair. kCancelled when
// progress.Cancelled() turns true (checked every ~1% of the pairs); otherwise the errors of ResolveSeqDist.
Result<DistanceMatrix> SeqDistances(const SequenceSet& sequences, const DistinctSequences& distinct,
                                    const SeqDistOptions& options, Progress& progress = NullProgress());

// One pair by the plain cell-by-cell dynamic programme (TraMineR's OMdistance, without its
// prefix/suffix skipping) or position by position (HAM, DHD, LCP, RLCP), normalised: the
// reference SeqDistances is tested against. `x`, `y`: a sequence's content (SequenceSet codes,
// void removed; kMissing allowed when params.with_missing). HAM and DHD need equal lengths.
double SeqDistanceReference(std::span<const SequenceSet::Code> x, std::span<const SequenceSet::Code> y,
                            const SeqDistParams& params);

// The instruction set of the OM/LCS lane kernel SeqDistances uses on this CPU: "avx512" (8 double
// lanes), "avx2" (4) or "baseline" (x86-64's SSE2, 2). The environment variable
// CG_SEQDIST_ISA=avx2|baseline narrows the choice (read by every call, and by every SeqDistances).
std::string_view SeqDistLaneIsa();

// TraMineR's normalizeDistance (distancecalculator.h): `raw` with the method's maximum distance
// `maxdist` and the two lengths.
double NormalizeSeqDistance(SeqNorm norm, double raw, double maxdist, double n, double m);

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_SEQUENCE_DISTANCE_H_
