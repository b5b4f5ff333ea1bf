// Sequence plots: the pictures of sequence analysis that TraMineR users expect (Gabadinho et
// al., JSS 40(4), 2011, section 5) — the state distribution plot or chronogram (seqdplot), the
// transversal entropy (seqHtplot), the sequence index plot (seqIplot), the sequence frequency
// plot (seqfplot) and the mean time in each state (seqmtplot) — drawn with the SVG writer
// (render/svg.h) from the structs of analysis/sequence_describe.h.
// Thread-safety: pure functions of their inputs; safe to call concurrently.
//
// Layout (deterministic, as render/curves.h): a title (and a grey subtitle with n), a legend of
// the states — swatch and label, wrapped into rows — above the plot so it never covers data,
// then the plot with its axes. Period labels along the time axis are thinned to every k-th
// (k from 1, 2, 3, 4, 6, 12, 24, ... so monthly labels fall on the same month) so that they
// never overlap. Every bar, area and strip carries a <title> tooltip with the exact numbers.
// Colours: `colors[k]` for state k when given, else a colour-blind-safe qualitative palette;
// missing ("*") is grey and void ("%") is not drawn. Empty inputs give a valid picture that
// says "no sequences".
#ifndef CAREERGRAPH_RENDER_SEQUENCE_PLOTS_H_
#define CAREERGRAPH_RENDER_SEQUENCE_PLOTS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/analysis/sequence_describe.h"
#include "careergraph/analysis/sequences.h"

namespace careergraph {

struct SequencePlotOptions {
  std::string title;                  // empty: a default naming the plot
  std::vector<std::string> colors;    // per state (the alphabet's order, "*" last); CSS colours
  std::vector<std::string> labels;    // long legend labels per state (seqdef's `labels`); else names
  std::string time_unit = "periods";  // names the time axis: "time (months)", "mean time (months)"
  double width = 760;                 // whole picture, pixels
  double plot_height = 360;           // the plotting area (per panel for the index plot)
  double font_size = 12;
  bool standalone = true;  // an .svg document (XML declaration) or one <svg> to inline

  // StateDistributionSvg: overlay the transversal entropy as a line on a right axis.
  bool with_entropy = false;
  // SequenceIndexSvg: row heights proportional to the sequences' weights (seqIplot's
  // `weighted`); at most this many sequences per panel (more are sampled evenly, see below).
  bool weighted = false;
  size_t max_sequences = 2000;
  // SequenceFrequencySvg: how many of the most frequent sequences (seqfplot's idxs = 1:top).
  size_t top = 10;
};

// The color of state k of `states` under `options`: options.colors[k] when given, grey for
// missing ("*"), else the palette's k-th (Okabe–Ito without black, then Tableau-like).
std::string SequenceStateColor(const std::vector<std::string>& states, size_t k, const SequencePlotOptions& options);

// seqdplot: per period, a bar of the state shares stacked in the alphabet's order (first state
// at the bottom) filling 0..1, bars touching (TraMineR's space = 0); periods with no valid state
// are left blank. With options.with_entropy, the entropy line (seqHtplot) on a right axis.
std::string StateDistributionSvg(const StateDistribution& distribution, const SequencePlotOptions& options = {});

// seqHtplot: the transversal (cross-sectional) entropy per period as a line, on 0..1 when the
// distribution's entropy is normalised; positions with no valid state break the line.
std::string EntropySvg(const StateDistribution& distribution, const SequencePlotOptions& options = {});

// TraMineR's sortv = "from.start" (and "from.end"): the row indices sorted lexicographically on
// the state codes from the first position (last, backwards), states in alphabet order, then
// missing, then void; ties keep row order.
std::vector<size_t> SequenceOrderFromStart(const SequenceSet& sequences);
std::vector<size_t> SequenceOrderFromEnd(const SequenceSet& sequences);

// seqIplot: one horizontal strip per sequence, in `order` from the top (each row index once;
// empty means row order), drawn as one rect per run of equal codes (not per cell), missing runs
// grey, void blank. `groups`, when not empty, gives each row's group label (a cluster): one
// panel per group in the order groups first appear along `order`, titled with the label and n.
// Rows are at most 14 px high and a panel at most options.plot_height, so thousands of
// sequences fit (rows may be sub-pixel; the strips use crispEdges so none shows a seam).
// A panel of more than options.max_sequences rows is sampled evenly along `order` — every
// (n/max)-th row, keeping the order's look (sorted by cluster or medoid distance) and the file
// size bounded — and says so in its title. With options.weighted, row heights are proportional
// to the weights and the vertical axis is the cumulative weight.
std::string SequenceIndexSvg(const SequenceSet& sequences, const std::vector<size_t>& order = {},
                             const std::vector<std::string>& groups = {}, const SequencePlotOptions& options = {});

// seqfplot: the options.top most frequent sequences of `frequencies` (SeqFrequencies of
// `sequences`), most frequent at the top, each a bar of its spells whose height is proportional
// to its share of the weight, with the percentage on its right; the title gives the coverage
// ("10 most frequent sequences: 38.2 % of the weight").
std::string SequenceFrequencySvg(const SequenceSet& sequences, const std::vector<SequenceFrequency>& frequencies,
                                 const SequencePlotOptions& options = {});

// seqmtplot: one horizontal bar per state of its mean time, with ±1 standard error whiskers
// when `mean_times.se` holds finite values, and the value at the end of each bar.
std::string MeanTimeSvg(const MeanTimes& mean_times, const SequencePlotOptions& options = {});

}  // namespace careergraph

#endif  // CAREERGRAPH_RENDER_SEQUENCE_PLOTS_H_
