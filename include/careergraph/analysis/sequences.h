// Sequences: careers as state sequences on a time grid — the data of sequence analysis (the
// TraMineR family) — and their transition rates, TraMineR's `seqtrate`.
// Thread-safety: a SequenceSet is immutable once built (safe to share for reading); the free
// functions are pure.
//
// A SequenceSet holds n sequences of L positions each: one small integer per (sequence,
// position), row-major in one contiguous array. Codes 0..alphabet-1 are states; two codes are
// special, as in TraMineR: *void* (kVoid, written "%": nothing observed — before a career starts
// or after it ends) and *missing* (kMissing, written "*": a gap inside a career). Each sequence
// has a weight (1 unless given) and an id; each position a label.
//
// From a Population (BuildSequences) on a grid of months, quarters or years:
//   - calendar alignment: position t is the t-th period from the one holding the earliest
//     observed start to the one holding the as-of date; its reference day is the period's first
//     day. Labels "2004", "2004-Q1", "2004-03".
//   - career alignment: position 0 is each person's first spell; the reference day of position t
//     is t units after that spell's start (same day of the month, clamped to the month's end).
//     Labels "0", "1", ...
//   - the state at a position is the spell covering its reference day (start <= day < end): its
//     role (or the role's track), or its destination; no spell there is missing between two
//     spells and void before the first spell and after the last spell that has ended; an ongoing
//     spell covers every day up to the as-of date; after the as-of date (and before `since`)
//     everything is void.
#ifndef CAREERGRAPH_ANALYSIS_SEQUENCES_H_
#define CAREERGRAPH_ANALYSIS_SEQUENCES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "careergraph/analysis/transitions.h"
#include "careergraph/base/status.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

class SequenceSet {
 public:
  using Code = int16_t;
  static constexpr Code kMissing = -1;  // TraMineR's `nr`
  static constexpr Code kVoid = -2;     // TraMineR's `void`
  static constexpr std::string_view kMissingSymbol = "*";
  static constexpr std::string_view kVoidSymbol = "%";
  static constexpr size_t kMaxStates = 32767;

  SequenceSet() = default;

  // From a wide table of codes: `codes` holds ids.size() rows of columns.size() codes,
  // row-major. `weights` empty means all 1. kInvalidArgument when the sizes disagree, a code is
  // neither a state (0..alphabet-1) nor special, a weight is negative or not finite, or a state
  // name is empty, repeated or one of the special symbols.
  static Result<SequenceSet> FromCodes(std::vector<std::string> alphabet, std::vector<std::string> ids,
                                       std::vector<std::string> columns, std::vector<Code> codes,
                                       std::vector<double> weights = {});

  // From a wide table of state names, "*" for missing and "%" for void (TraMineR's symbols).
  // Rows shorter than the longest are padded with void at the end (TraMineR's right = "DEL").
  // Ids are `ids`, or "1".."n" when it is empty; when `columns` is empty, labels are "1".."L".
  // kInvalidArgument for a name not in `alphabet` (naming row and position), and as FromCodes.
  static Result<SequenceSet> FromStates(std::vector<std::string> alphabet,
                                        const std::vector<std::vector<std::string>>& rows,
                                        std::vector<std::string> columns = {}, std::vector<double> weights = {},
                                        std::vector<std::string> ids = {});

  size_t size() const { return ids_.size(); }        // n, sequences
  size_t length() const { return columns_.size(); }  // L, positions
  Code at(size_t sequence, size_t position) const { return codes_[sequence * length() + position]; }
  // The L codes of one sequence.
  const Code* row(size_t sequence) const { return codes_.data() + sequence * length(); }

  const std::vector<std::string>& alphabet() const { return alphabet_; }
  const std::vector<std::string>& ids() const { return ids_; }
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<double>& weights() const { return weights_; }
  const std::vector<Code>& codes() const { return codes_; }

  // A state's name, or the symbol of a special code.
  std::string_view Name(Code code) const;
  // A sequence as text, TraMineR's STS form: codes' names joined by '-'.
  std::string RowString(size_t sequence) const;

 private:
  std::vector<std::string> alphabet_;
  std::vector<std::string> ids_;
  std::vector<std::string> columns_;
  std::vector<double> weights_;
  std::vector<Code> codes_;
};

// TraMineR's seqrecode: the same sequences over a coarser alphabet. `mapping` gives (old state,
// new state) pairs; states it does not name keep their name. The new alphabet lists each new
// state once, in the order the old alphabet first reaches it. kInvalidArgument for a mapped
// state that is not in the alphabet, a state mapped twice, or a new name that is "*" or "%".
Result<SequenceSet> RecodeSequences(const SequenceSet& sequences,
                                    const std::vector<std::pair<std::string, std::string>>& mapping);

enum class GridUnit { kMonth, kQuarter, kYear };
enum class GridAlign { kCalendar, kCareer };

std::string_view GridUnitName(GridUnit unit);    // "month", "quarter", "year"
std::string_view GridAlignName(GridAlign align);  // "calendar", "career"
std::optional<GridUnit> ParseGridUnit(std::string_view name);
std::optional<GridAlign> ParseGridAlign(std::string_view name);

struct GridOptions {
  GridUnit unit = GridUnit::kYear;
  GridAlign align = GridAlign::kCalendar;
  // Alphabet: the framework's roles (framework order) or tracks, then its destinations.
  TransitionLevel level = TransitionLevel::kRole;
  // Days. Nothing is observed before `since`; `until` is the as-of date, the last day observed
  // (default: the latest start or end in the data). In calendar alignment the grid runs from the
  // period holding max(earliest start, since) to the period holding the as-of date.
  std::optional<int32_t> since;
  std::optional<int32_t> until;
  // Person attribute filters, all of which must hold (as TransitionOptions::where).
  std::vector<std::pair<std::string, std::string>> where;
  // What lies after a career's last observed day: void (the default; the sequence is shorter, as
  // TraMineR's seqdef(right = "DEL")), or missing ("*", as seqdef(right = NA)) — in career
  // alignment the positions up to the longest career, and after a last spell that ended with no
  // destination.
  bool censored_missing = false;
};

// One sequence per person who passes the filters and has at least one observed position (ids:
// person ids, store order; weights 1). kInvalidArgument for an unknown attribute in `where`, a
// state the framework does not know, `since` after the as-of date, or nothing observed at all.
Result<SequenceSet> BuildSequences(const Population& population, const Framework& framework,
                                   const GridOptions& options = {});

struct SeqTrateOptions {
  int lag = 1;                // t → t + lag; >= 1 and < the sequence length
  bool time_varying = false;  // one matrix per t instead of one over all t
  bool weighted = true;       // use the sequences' weights (else every weight is 1)
  bool with_missing = false;  // missing is a state too (the last row and column, "*")
  bool count = false;         // weighted counts instead of rates
};

struct TransitionRates {
  std::vector<std::string> states;  // the alphabet, then "*" when with_missing
  // Time-varying: the label of position t (the `from` column) of each matrix; else empty.
  std::vector<std::string> periods;
  // Row-major [matrix][from][to]; one matrix, or one per period.
  std::vector<double> values;
  bool count = false;  // values are weighted counts, not rates

  size_t matrices() const { return periods.empty() ? 1 : periods.size(); }
  double at(size_t matrix, size_t from, size_t to) const {
    return values[(matrix * states.size() + from) * states.size() + to];
  }
  // TraMineR's dimension names: "[x ->]" for rows, "[-> y]" for columns.
  std::string RowLabel(size_t from) const { return "[" + states[from] + " ->]"; }
  std::string ColumnLabel(size_t to) const { return "[-> " + states[to] + "]"; }
};

// TraMineR's seqtrate(seqdata, lag, time.varying, weighted, with.missing, count), exactly: for
// states x, y (the alphabet, plus missing when with_missing),
//
//   rate(x → y) = Σ_t Σ_i w_i·[s_i(t) = x ∧ s_i(t+lag) = y]
//               / Σ_t Σ_i w_i·[s_i(t) = x ∧ s_i(t+lag) is not void (nor missing, unless with_missing)]
//
// over t = 1..L−lag; a row whose denominator is 0 is all zeros. Time-varying gives one matrix
// per t with the sums over that t only. Staying in a state is a transition to itself.
// kInvalidArgument when lag < 1 or lag >= L.
Result<TransitionRates> SeqTransitionRates(const SequenceSet& sequences, const SeqTrateOptions& options = {});

}  // namespace careergraph

#endif  // CAREERGRAPH_ANALYSIS_SEQUENCES_H_
