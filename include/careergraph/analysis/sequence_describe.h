// Describing state sequences as R's TraMineR does (Gabadinho, Ritschard, Müller & Studer,
// "Analyzing and Visualizing State Sequences in R with TraMineR", JSS 40(4), 2011): the
// cross-sectional state distribution and its entropy (seqstatd), the mean time in each state
// (seqmeant), the frequency table of whole sequences (seqtab), the distinct successive states
// and their durations (seqdss, seqdur), and per-sequence indicators — length (seqlength),
// transitions (seqtransn), within-sequence entropy (seqient), turbulence (seqST) and the
// complexity index (seqici). Each function names the TraMineR function whose definition it
// follows; docs/sequences.md gives the formulas.
// Thread-safety: the functions are pure.
//
// Common conventions (TraMineR's):
//   - void ("%") is not part of a sequence; missing ("*") is a state only when `with_missing`
//     (it is the last state, after the alphabet), and is otherwise left out: it is not counted
//     in a position's valid states, in a sequence's length or time in a state, and the spells on
//     either side of a missing stretch join when they are the same state (seqdss with.missing =
//     FALSE drops the missing positions first).
//   - weighted uses the set's weights (TraMineR's default); unweighted gives every sequence 1.
//   - entropies use the natural logarithm and, normalised, are divided by the log of the
//     number of states (the alphabet, plus missing when `with_missing`).
#ifndef CAREERGRAPH_ANALYSIS_SEQUENCE_DESCRIBE_H_
#define CAREERGRAPH_ANALYSIS_SEQUENCE_DESCRIBE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "careergraph/analysis/sequences.h"

namespace careergraph {

struct SeqDescribeOptions {
  bool weighted = true;
  bool with_missing = false;
};

// The states of the descriptions: the alphabet, then "*" when with_missing.
std::vector<std::string> DescribedStates(const SequenceSet& sequences, const SeqDescribeOptions& options);

// seqstatd: per position t, the share of each state among the (weighted) valid states there,
// the weighted number of valid states, and the Shannon entropy of the distribution. A position
// with no valid state has shares 0 and entropy NaN (TraMineR gives NaN too).
struct StateDistribution {
  std::vector<std::string> states;
  std::vector<std::string> periods;  // the set's column labels
  std::vector<double> shares;        // [state][period], row-major
  std::vector<double> valid;         // per period
  std::vector<double> entropy;       // per period
  bool normalized = true;            // entropy divided by log(number of states)
  double total_weight = 0;           // TraMineR's nbseq

  double share(size_t state, size_t period) const { return shares[state * periods.size() + period]; }
};
StateDistribution SeqStateDistribution(const SequenceSet& sequences, const SeqDescribeOptions& options = {},
                                       bool normalize_entropy = true);

// seqmeant(serr = TRUE): per state, the weighted mean number of positions in that state per
// sequence, the weighted variance Σw(x − mean)² · W/(W² − Σw²), its square root and the
// standard error sqrt(var/W), W = Σw. (Var is NaN when W² = Σw², e.g. one sequence.)
struct MeanTimes {
  std::vector<std::string> states;
  std::vector<double> mean, variance, stdev, se;
  double total_weight = 0;
};
MeanTimes SeqMeanTimes(const SequenceSet& sequences, const SeqDescribeOptions& options = {});

// A sequence's distinct successive states and their durations (seqdss, seqdur): its spells.
struct StateSpell {
  SequenceSet::Code state;  // a state, or kMissing when with_missing
  int32_t duration;
};
std::vector<StateSpell> SeqSpells(const SequenceSet& sequences, size_t sequence,
                                  const SeqDescribeOptions& options = {});

// Formats of spells: TraMineR's seqtab labels ("SC/24-HE/46") and its SPS form
// ("(SC,24)-(HE,46)"); an empty sequence is "" in both.
std::string SpellsLabel(const SequenceSet& sequences, const std::vector<StateSpell>& spells);
std::string SpellsSps(const SequenceSet& sequences, const std::vector<StateSpell>& spells);

// seqtab: the distinct sequences (as spells) with their weighted frequency, share of the total
// weight (percent) and number of rows, most frequent first. Ties (equal weighted frequency) are
// ordered by their label, byte by byte — the order of R's table() before its stable sort, in
// the C locale. Sequences with no valid position are left out (TraMineR drops empty
// sequences too). `first_row` is the first row holding the sequence.
struct SequenceFrequency {
  std::string label;
  std::vector<StateSpell> spells;
  double weight = 0;
  double percent = 0;
  uint32_t count = 0;
  size_t first_row = 0;
};
std::vector<SequenceFrequency> SeqFrequencies(const SequenceSet& sequences, const SeqDescribeOptions& options = {});

// Per-sequence indicators:
//   length       seqlength: valid positions (missing included only when with_missing).
//   spells       seqdss's length, the number of distinct successive states.
//   transitions  seqtransn: spells − 1 (0 for an empty sequence).
//   entropy      seqient(norm = TRUE): the entropy of the sequence's own state distribution,
//                divided by log(number of states).
//   turbulence   seqST(type = 1, norm = FALSE), Elzinga's: log2(φ · (s²max + 1)/(s² + 1)),
//                φ = the number of distinct subsequences of the spells' states (the empty one
//                included; seqsubsn), s² = the variance (denominator n) of the spell durations,
//                s²max = (spells − 1)(1 − mean duration)². NaN for an empty sequence.
//   complexity   seqici: sqrt(transitions/(length − 1) · entropy), 0 when length <= 1.
struct SequenceIndicators {
  int32_t length = 0;
  int32_t spells = 0;
  int32_t transitions = 0;
  double entropy = 0;
  double turbulence = 0;
  double complexity = 0;
};
std::vector<SequenceIndicators> SeqIndicators(const SequenceSet& sequences, const SeqDescribeOptions& options = {});

// The number of distinct subsequences (the empty one included) of a string of states — φ of
// the turbulence; a double, as it grows as 2^length.
double DistinctSubsequences(const std::vector<SequenceSet::Code>& states);

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_SEQUENCE_DESCRIBE_H_
