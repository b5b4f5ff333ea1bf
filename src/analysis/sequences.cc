// Sequences on a time grid and TraMineR's seqtrate (see analysis/sequences.h). Building walks
// each person's spells once against the increasing reference days of the positions: O(people ×
// positions + spells). The rates are one pass over the codes into dense count arrays: O(n × L).
#include "careergraph/analysis/sequences.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "careergraph/analysis/transitions.h"
#include "careergraph/base/date.h"

namespace careergraph {
namespace {

// Months per grid unit.
int Months(GridUnit unit) { return unit == GridUnit::kMonth ? 1 : unit == GridUnit::kQuarter ? 3 : 12; }

// Calendar periods are numbered from year 0: the period holding a day, and a period's first day.
int64_t PeriodOf(int32_t days, GridUnit unit) {
  const Date d{days, DatePrecision::kDay};
  return (static_cast<int64_t>(d.Year()) * 12 + (d.Month() - 1)) / Months(unit);
}
int32_t PeriodStart(int64_t period, GridUnit unit) {
  const int64_t month = period * Months(unit);
  return DaysFromCivil(static_cast<int>(month / 12), static_cast<int>(month % 12) + 1, 1);
}
std::string PeriodLabel(int64_t period, GridUnit unit) {
  const int64_t month = period * Months(unit);
  const int64_t year = month / 12;
  switch (unit) {
    case GridUnit::kMonth: return fmt::format("{}-{:02}", year, month % 12 + 1);
    case GridUnit::kQuarter: return fmt::format("{}-Q{}", year, month % 12 / 3 + 1);
    case GridUnit::kYear: break;
  }
  return fmt::format("{}", year);
}

// The day `units` grid units after `days`: the same day of the month, clamped to the month's end.
int32_t AddUnits(int32_t days, int64_t units, GridUnit unit) {
  const Date d{days, DatePrecision::kDay};
  const int64_t month = static_cast<int64_t>(d.Year()) * 12 + (d.Month() - 1) + units * Months(unit);
  const int y = static_cast<int>(month / 12), m = static_cast<int>(month % 12) + 1;
  const int32_t first = DaysFromCivil(y, m, 1);
  const int32_t next = m == 12 ? DaysFromCivil(y + 1, 1, 1) : DaysFromCivil(y, m + 1, 1);
  return first + std::min(d.Day(), next - first) - 1;
}

Status CheckAlphabet(const std::vector<std::string>& alphabet) {
  if (alphabet.size() > SequenceSet::kMaxStates) {
    return Status::Invalid(fmt::format("an alphabet of {} states is more than the {} a sequence set holds",
                                       alphabet.size(), SequenceSet::kMaxStates));
  }
  std::set<std::string_view> seen;
  for (const std::string& s : alphabet) {
    if (s.empty() || s == SequenceSet::kMissingSymbol || s == SequenceSet::kVoidSymbol) {
      return Status::Invalid(fmt::format("state name '{}' is not allowed: states need a name other than "
                                         "'*' (missing) and '%' (void)", s));
    }
    if (!seen.insert(s).second) return Status::Invalid(fmt::format("state '{}' is in the alphabet twice", s));
  }
  return Status::Ok();
}

}  // namespace

Result<SequenceSet> SequenceSet::FromCodes(std::vector<std::string> alphabet, std::vector<std::string> ids,
                                           std::vector<std::string> columns, std::vector<Code> codes,
                                           std::vector<double> weights) {
  if (Status st = CheckAlphabet(alphabet); !st.ok()) return Error(std::move(st));
  const size_t n = ids.size(), length = columns.size();
  if (codes.size() != n * length) {
    return Error(Status::Invalid(fmt::format("{} codes for {} sequences of {} positions; expected {}", codes.size(),
                                             n, length, n * length)));
  }
  const Code n_states = static_cast<Code>(alphabet.size());
  for (size_t k = 0; k < codes.size(); ++k) {
    const Code c = codes[k];
    if (c >= n_states || (c < 0 && c != kMissing && c != kVoid)) {
      return Error(Status::Invalid(fmt::format("sequence {} position {}: code {} is not a state (0..{}), "
                                               "missing ({}) or void ({})", k / length + 1, k % length + 1, c,
                                               n_states - 1, kMissing, kVoid)));
    }
  }
  if (weights.empty()) weights.assign(n, 1.0);
  if (weights.size() != n) {
    return Error(Status::Invalid(fmt::format("{} weights for {} sequences", weights.size(), n)));
  }
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0) {
      return Error(Status::Invalid(fmt::format("sequence {}: weight {} must be a finite number >= 0", i + 1, weights[i])));
    }
  }
  SequenceSet s;
  s.alphabet_ = std::move(alphabet);
  s.ids_ = std::move(ids);
  s.columns_ = std::move(columns);
  s.weights_ = std::move(weights);
  s.codes_ = std::move(codes);
  return s;
}

Result<SequenceSet> SequenceSet::FromStates(std::vector<std::string> alphabet,
                                            const std::vector<std::vector<std::string>>& rows,
                                            std::vector<std::string> columns, std::vector<double> weights,
                                            std::vector<std::string> ids) {
  if (Status st = CheckAlphabet(alphabet); !st.ok()) return Error(std::move(st));
  size_t length = columns.size();
  for (const auto& r : rows) length = std::max(length, r.size());
  if (columns.empty()) {
    for (size_t t = 0; t < length; ++t) columns.push_back(std::to_string(t + 1));
  } else if (columns.size() != length) {
    return Error(Status::Invalid(fmt::format("{} column labels for sequences of up to {} positions", columns.size(), length)));
  }
  if (ids.empty()) {
    for (size_t i = 0; i < rows.size(); ++i) ids.push_back(std::to_string(i + 1));
  }
  std::vector<Code> codes(rows.size() * length, kVoid);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t t = 0; t < rows[i].size(); ++t) {
      const std::string& s = rows[i][t];
      Code& c = codes[i * length + t];
      if (s == kMissingSymbol) {
        c = kMissing;
      } else if (s == kVoidSymbol) {
        c = kVoid;
      } else {
        auto it = std::find(alphabet.begin(), alphabet.end(), s);
        if (it == alphabet.end()) {
          return Error(Status::Invalid(fmt::format("sequence {} position {}: '{}' is not in the alphabet", i + 1, t + 1, s)));
        }
        c = static_cast<Code>(it - alphabet.begin());
      }
    }
  }
  return FromCodes(std::move(alphabet), std::move(ids), std::move(columns), std::move(codes), std::move(weights));
}

std::string_view SequenceSet::Name(Code code) const {
  if (code == kMissing) return kMissingSymbol;
  if (code == kVoid) return kVoidSymbol;
  return alphabet_[static_cast<size_t>(code)];
}

std::string SequenceSet::RowString(size_t sequence) const {
  std::string out;
  const Code* r = row(sequence);
  for (size_t t = 0; t < length(); ++t) {
    if (t) out += '-';
    out += Name(r[t]);
  }
  return out;
}

Result<SequenceSet> RecodeSequences(const SequenceSet& sequences,
                                    const std::vector<std::pair<std::string, std::string>>& mapping) {
  const std::vector<std::string>& old_alphabet = sequences.alphabet();
  std::vector<std::string> target(old_alphabet);
  std::vector<bool> mapped(old_alphabet.size(), false);
  for (const auto& [from, to] : mapping) {
    const auto it = std::find(old_alphabet.begin(), old_alphabet.end(), from);
    if (it == old_alphabet.end()) {
      return Error(Status::Invalid(fmt::format("recoding '{}': not a state of the sequences (the states: {})", from,
                                               fmt::join(old_alphabet, ", "))));
    }
    const size_t k = static_cast<size_t>(it - old_alphabet.begin());
    if (mapped[k]) return Error(Status::Invalid(fmt::format("recoding '{}': the state is mapped twice", from)));
    mapped[k] = true;
    target[k] = to;
  }
  std::vector<std::string> alphabet;
  std::vector<SequenceSet::Code> code_of(old_alphabet.size());
  for (size_t k = 0; k < target.size(); ++k) {
    auto it = std::find(alphabet.begin(), alphabet.end(), target[k]);
    if (it == alphabet.end()) it = alphabet.insert(alphabet.end(), target[k]);
    code_of[k] = static_cast<SequenceSet::Code>(it - alphabet.begin());
  }
  std::vector<SequenceSet::Code> codes = sequences.codes();
  for (SequenceSet::Code& c : codes) {
    if (c >= 0) c = code_of[static_cast<size_t>(c)];
  }
  return SequenceSet::FromCodes(std::move(alphabet), sequences.ids(), sequences.columns(), std::move(codes),
                                sequences.weights());
}

std::string_view GridUnitName(GridUnit unit) {
  switch (unit) {
    case GridUnit::kMonth: return "month";
    case GridUnit::kQuarter: return "quarter";
    case GridUnit::kYear: break;
  }
  return "year";
}

std::string_view GridAlignName(GridAlign align) { return align == GridAlign::kCareer ? "career" : "calendar"; }

std::optional<GridUnit> ParseGridUnit(std::string_view name) {
  if (name == "month") return GridUnit::kMonth;
  if (name == "quarter") return GridUnit::kQuarter;
  if (name == "year") return GridUnit::kYear;
  return std::nullopt;
}

std::optional<GridAlign> ParseGridAlign(std::string_view name) {
  if (name == "calendar") return GridAlign::kCalendar;
  if (name == "career") return GridAlign::kCareer;
  return std::nullopt;
}

Result<SequenceSet> BuildSequences(const Population& pop, const Framework& fw, const GridOptions& options) {
  using Code = SequenceSet::Code;
  const bool by_track = options.level == TransitionLevel::kTrack;

  // The alphabet: roles by track and level (or tracks), then destinations.
  std::vector<std::string> alphabet = UnitIds(fw, options.level, false);
  StringMap<Code> code_of;
  for (size_t c = 0; c < alphabet.size(); ++c) code_of.emplace(alphabet[c], static_cast<Code>(c));
  auto add = [&](const std::string& id) {
    if (code_of.emplace(id, static_cast<Code>(alphabet.size())).second) alphabet.push_back(id);
  };
  std::vector<Code> state_code(pop.states.size());
  for (size_t s = 0; s < pop.states.size(); ++s) {
    const std::string& id = pop.states.Get(static_cast<uint32_t>(s));
    const Role* r = fw.FindRole(id);
    if (!r && !fw.FindDestination(id) && id != kOutside) {
      return Error(Status::Invalid(
          fmt::format("the careers use '{}', which framework '{}' {} does not define", id, fw.id, fw.version)));
    }
    if (id == kOutside) add(id);  // the implicit destination, when the framework does not name it
    state_code[s] = code_of.at(r && by_track ? r->track : id);
  }
  if (alphabet.size() > SequenceSet::kMaxStates) {
    return Error(Status::Invalid(fmt::format("{} states are more than a sequence set holds", alphabet.size())));
  }

  // Person filter (the same rules and message as ComputeTransitions).
  Result<std::vector<uint8_t>> keep = PeopleWhere(pop, options.where);
  if (!keep) return Error(keep.error());

  // The observation window [since, as_of]; dates over all the data, so that filtered sets share
  // the grid of the whole population.
  int32_t earliest = INT32_MAX, latest = INT32_MIN;
  for (size_t i = 0; i < pop.spells(); ++i) {
    earliest = std::min(earliest, pop.start[i]);
    latest = std::max(latest, pop.start[i]);
    if (pop.end[i] != Population::kOngoing) latest = std::max(latest, pop.end[i]);
  }
  if (pop.spells() == 0) return SequenceSet();
  const int32_t as_of = options.until.value_or(latest);
  const int32_t since = options.since.value_or(INT32_MIN);
  if (since > as_of) {
    return Error(Status::Invalid(fmt::format("the observation starts ({}) after the as-of date ({})",
                                             Date{since, DatePrecision::kDay}.ToString(),
                                             Date{as_of, DatePrecision::kDay}.ToString())));
  }

  if (as_of < earliest) {
    return Error(Status::Invalid(fmt::format("the as-of date {} is before the first spell starts ({}): nothing "
                                             "is observed", Date{as_of, DatePrecision::kDay}.ToString(),
                                             Date{earliest, DatePrecision::kDay}.ToString())));
  }

  // Calendar grid: the first period starting on or after max(earliest start, since), through the
  // period holding the as-of date. (Periods starting before the earliest start are void for all.)
  const GridUnit unit = options.unit;
  const bool calendar = options.align == GridAlign::kCalendar;
  std::vector<int32_t> grid_days;
  std::vector<std::string> columns;
  if (calendar) {
    const int32_t from = std::max(earliest, since);
    int64_t first = PeriodOf(from, unit);
    if (PeriodStart(first, unit) < from) ++first;
    const int64_t last = PeriodOf(as_of, unit);
    if (first > last) {
      return Error(Status::Invalid(fmt::format("no {} starts between {} and the as-of date {}; use a finer grid",
                                               GridUnitName(unit), Date{from, DatePrecision::kDay}.ToString(),
                                               Date{as_of, DatePrecision::kDay}.ToString())));
    }
    for (int64_t p = first; p <= last; ++p) {
      grid_days.push_back(PeriodStart(p, unit));
      columns.push_back(PeriodLabel(p, unit));
    }
  }

  const Code censored = options.censored_missing ? SequenceSet::kMissing : SequenceSet::kVoid;
  std::vector<std::string> ids;
  std::vector<Code> codes;
  std::vector<size_t> row_length;  // career alignment: each row's own length before padding
  std::vector<int32_t> days;       // reference days of one person's positions (career alignment)
  for (size_t p = 0; p < pop.people(); ++p) {
    const uint32_t b = pop.spell_begin[p], e = pop.spell_begin[p + 1];
    if (!(*keep)[p] || b == e) continue;
    const std::vector<int32_t>* ref = &grid_days;
    if (!calendar) {
      // Positions up to the last day the person is observed in a spell.
      const int32_t last_end = pop.end[e - 1];
      const int32_t last_day = last_end == Population::kOngoing ? as_of : std::min(as_of, last_end - 1);
      days.clear();
      for (int64_t t = 0;; ++t) {
        const int32_t d = AddUnits(pop.start[b], t, unit);
        if (d > last_day) break;
        days.push_back(d);
      }
      ref = &days;
    }
    const size_t at = codes.size();
    codes.resize(at + ref->size(), SequenceSet::kVoid);
    bool observed = false;
    uint32_t k = b;  // the first spell that has not ended by the reference day
    for (size_t t = 0; t < ref->size(); ++t) {
      const int32_t d = (*ref)[t];
      if (d < since || d > as_of) continue;  // void: outside the observation window
      while (k < e && pop.end[k] != Population::kOngoing && pop.end[k] <= d) ++k;
      Code c;
      if (k == e) c = censored;                                   // after the last spell, ended
      else if (pop.start[k] <= d) c = state_code[pop.state[k]];  // in spell k
      else if (k == b) c = SequenceSet::kVoid;                   // before the first spell
      else c = SequenceSet::kMissing;                            // a gap between two spells
      codes[at + t] = c;
      observed = observed || c != SequenceSet::kVoid;
    }
    if (!observed) {
      codes.resize(at);
      continue;
    }
    ids.push_back(pop.person_ids[p]);
    row_length.push_back(ref->size());
  }

  if (!calendar) {
    // Rows were appended at their own lengths: pad each with void to the longest.
    size_t length = 0;
    for (size_t n : row_length) length = std::max(length, n);
    std::vector<Code> padded(ids.size() * length, censored);
    auto from = codes.begin();
    for (size_t i = 0; i < ids.size(); ++i) {
      const auto n = static_cast<ptrdiff_t>(row_length[i]);
      std::copy(from, from + n, padded.begin() + static_cast<ptrdiff_t>(i * length));
      from += n;
    }
    codes = std::move(padded);
    for (size_t t = 0; t < length; ++t) columns.push_back(std::to_string(t));
  }
  return SequenceSet::FromCodes(std::move(alphabet), std::move(ids), std::move(columns), std::move(codes));
}

Result<TransitionRates> SeqTransitionRates(const SequenceSet& seq, const SeqTrateOptions& options) {
  using Code = SequenceSet::Code;
  const size_t length = seq.length();
  if (options.lag < 1) return Error(Status::Invalid(fmt::format("lag {}: must be at least 1", options.lag)));
  if (static_cast<size_t>(options.lag) >= length) {
    return Error(Status::Invalid(fmt::format("lag {} needs sequences of more than {} positions; these have {}",
                                             options.lag, options.lag, length)));
  }
  const size_t lag = static_cast<size_t>(options.lag);
  const size_t n_alpha = seq.alphabet().size();
  const size_t n_states = n_alpha + (options.with_missing ? 1 : 0);
  const size_t steps = length - lag;

  TransitionRates out;
  out.states = seq.alphabet();
  if (options.with_missing) out.states.emplace_back(SequenceSet::kMissingSymbol);
  out.count = options.count;
  if (options.time_varying) out.periods.assign(seq.columns().begin(), seq.columns().begin() + static_cast<ptrdiff_t>(steps));
  const size_t matrices = out.matrices();

  // A code's row/column, or n_states when it is not one (void; missing unless with_missing).
  auto index = [&](Code c) -> size_t {
    if (c >= 0) return static_cast<size_t>(c);
    return c == SequenceSet::kMissing && options.with_missing ? n_alpha : n_states;
  };
  std::vector<double> num(matrices * n_states * n_states, 0.0), den(matrices * n_states, 0.0);
  for (size_t i = 0; i < seq.size(); ++i) {
    const double w = options.weighted ? seq.weights()[i] : 1.0;
    const Code* r = seq.row(i);
    for (size_t t = 0; t < steps; ++t) {
      const size_t x = index(r[t]), y = index(r[t + lag]);
      if (x == n_states || y == n_states) continue;  // from not a state, or to void (or missing)
      const size_t m = options.time_varying ? t : 0;
      den[m * n_states + x] += w;
      num[(m * n_states + x) * n_states + y] += w;
    }
  }
  out.values.assign(num.size(), 0.0);
  for (size_t m = 0; m < matrices; ++m) {
    for (size_t x = 0; x < n_states; ++x) {
      const double d = den[m * n_states + x];
      if (d == 0) continue;  // TraMineR: a row with no transitions is all zeros
      for (size_t y = 0; y < n_states; ++y) {
        const size_t k = (m * n_states + x) * n_states + y;
        out.values[k] = options.count ? num[k] : num[k] / d;
      }
    }
  }
  return out;
}

}  // namespace careergraph
