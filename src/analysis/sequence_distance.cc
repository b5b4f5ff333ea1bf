// Sequence distances (see analysis/sequence_distance.h): TraMineR's seqdist and seqcost.
//
// Definitions followed, from TraMineR's sources (R/seqdist.R, R/seqcost.R, R/checkcost.R,
// src/OMdistance.cpp, src/DHDdistance.cpp, src/LCPdistance.cpp, src/distancecalculator.h):
//   OM   D[i][j] = min(D[i−1][j] + indel, D[i][j−1] + indel, D[i−1][j−1] + (x_i = y_j ? 0 : sm[x_i][y_j])),
//        maxdist = |n−m|·indel + min(max_{a<b} sm[a][b], 2·indel)·min(n, m)  (YujianBo: 2·indel)
//   LCS  OM with indel 1 and CONSTANT costs 2: n + m − 2·LCS, maxdist n + m
//   HAM, DHD  Σ_t sm_t[x_t][y_t], maxdist = Σ_{t < L} max(sm_t)  (HAM: sm_t = sm)
//   LCP  n + m − 2·(common prefix), RLCP the same with the common suffix; maxdist n + m
// and normalizeDistance: maxlength raw/max(n, m); gmean 1 − (maxdist − raw)/(2·√n·√m) (1 when one
// sequence is empty); maxdist raw/maxdist; YujianBo 2·raw/(raw + maxdist); 0 whenever raw = 0.
//
// OM and LCS usually run the lane kernel (below, before Scratch): the plain programme on W pairs at
// once, the reference's doubles bit for bit. The other fast path, chosen only when sequences are
// long in few runs: edit distance on run-length encodings (Arbell, Landau & Mitchell
// 2002; Mäkinen, Navarro & Ukkonen 2003), in "gain" form. With g(a, b) = 2·indel − min(sm[a][b],
// 2·indel) (2·indel when a = b), OM = indel·(n + m) − G where G is the best total gain of a
// monotone matching of positions (a diagonal step gains g, an indel gains nothing, a substitution
// dearer than two indels is never used): G[i][j] = max(G[i−1][j], G[i][j−1], G[i−1][j−1] + g).
// Runs of x (height h) and of y (width q) cut the table into blocks of one gain g each. Every path
// inside a block can put its diagonal steps last, so a block's output border follows from its
// input border (top row T(0..q), left column L(0..h), both non-decreasing) in closed form:
//   bottom B(v) = max( max_{v−h ≤ v' ≤ v} T(v') + g·(v − v'),  max_{h−v ≤ u ≤ h} L(u) + g·(h − u) )
//   right  R(u) = max( max_{u−q ≤ u' ≤ u} L(u') + g·(u − u'),  max_{q−u ≤ v ≤ q} T(v) + g·(q − v) )
// (indices clipped at 0): a sliding-window maximum and a suffix maximum of T(v) − g·v and
// L(u) − g·u, O(h + q) per block (van Herk / Gil–Werman for the window). Two cases are O(1) a cell:
// g = 0 (B(v) = max(T(v), L(h))) and g = the largest gain (increments of G never exceed it, so the
// best path is the full diagonal: B(v) = T(v − h) + g·h or L(h − v) + g·v). Only the borders are
// computed — (S−1)·n + (R−1)·m cells for R and S runs instead of n·m — after the common prefix and
// suffix are cut off (exact for a constant indel, as TraMineR's OMdistance does), and one run
// against many is a greedy choice of the best min(h, m) columns. Memory: O(n + m) per thread.
#include "careergraph/analysis/sequence_distance.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <numeric>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "careergraph/io/csv.h"

namespace careergraph {
namespace {

using Code = SequenceSet::Code;

bool HasMissing(const SequenceSet& seq) {
  return std::find(seq.codes().begin(), seq.codes().end(), SequenceSet::kMissing) != seq.codes().end();
}

// The states of costs for this data: the alphabet, then "*" when missing is one.
std::vector<std::string> CostStates(const SequenceSet& seq, bool with_missing) {
  std::vector<std::string> states = seq.alphabet();
  if (with_missing) states.emplace_back(SequenceSet::kMissingSymbol);
  return states;
}

// A code's state index: states 0..A−1, missing A.
inline size_t StateIndex(Code c, size_t alphabet) { return c >= 0 ? static_cast<size_t>(c) : alphabet; }

double MaxOffDiagonal(const SubstitutionCosts& sm, size_t t) {
  double m = 0;
  const size_t k = sm.states.size();
  for (size_t i = 0; i < k; ++i) {
    for (size_t j = i + 1; j < k; ++j) m = std::max(m, sm.at(t, i, j));
  }
  return m;
}

double MaxEntry(const SubstitutionCosts& sm, size_t t) {
  double m = 0;
  const size_t k = sm.states.size();
  for (size_t i = 0; i < k * k; ++i) m = std::max(m, sm.values[t * k * k + i]);
  return m;
}

// OM's maxdist (OMdistance::setParameters and distance).
double OmMaxDist(const SeqDistParams& p, double maxscost, double n, double m) {
  return std::abs(n - m) * p.indel + maxscost * std::min(n, m);
}

double OmMaxSubCost(const SeqDistParams& p) {
  if (p.norm == SeqNorm::kYujianBo) return 2 * p.indel;
  return std::min(MaxOffDiagonal(p.sm, 0), 2 * p.indel);
}

// HAM/DHD's maxdist: Σ over the positions of the longest sequence of the largest cost there.
double HammingMaxDist(const SeqDistParams& p, size_t length) {
  double sum = 0;
  for (size_t t = 0; t < length; ++t) sum += MaxEntry(p.sm, p.sm.periods == 1 ? 0 : t);
  return sum;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Names.

std::string_view SeqDistMethodName(SeqDistMethod method) {
  switch (method) {
    case SeqDistMethod::kOM:
      return "OM";
    case SeqDistMethod::kHAM:
      return "HAM";
    case SeqDistMethod::kDHD:
      return "DHD";
    case SeqDistMethod::kLCS:
      return "LCS";
    case SeqDistMethod::kLCP:
      return "LCP";
    case SeqDistMethod::kRLCP:
      return "RLCP";
  }
  return "OM";
}

std::string_view SeqNormName(SeqNorm norm) {
  switch (norm) {
    case SeqNorm::kNone:
      return "none";
    case SeqNorm::kAuto:
      return "auto";
    case SeqNorm::kMaxLength:
      return "maxlength";
    case SeqNorm::kGMean:
      return "gmean";
    case SeqNorm::kMaxDist:
      return "maxdist";
    case SeqNorm::kYujianBo:
      return "YujianBo";
  }
  return "none";
}

std::optional<SeqDistMethod> ParseSeqDistMethod(std::string_view name) {
  for (SeqDistMethod m : {SeqDistMethod::kOM, SeqDistMethod::kHAM, SeqDistMethod::kDHD, SeqDistMethod::kLCS,
                          SeqDistMethod::kLCP, SeqDistMethod::kRLCP}) {
    if (SeqDistMethodName(m) == name) return m;
  }
  return std::nullopt;
}

std::optional<SeqNorm> ParseSeqNorm(std::string_view name) {
  for (SeqNorm n :
       {SeqNorm::kNone, SeqNorm::kAuto, SeqNorm::kMaxLength, SeqNorm::kGMean, SeqNorm::kMaxDist, SeqNorm::kYujianBo}) {
    if (SeqNormName(n) == name) return n;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Distinct sequences: the content of each row (as bytes) hashed once.

DistinctSequences FindDistinct(const SequenceSet& seq) {
  DistinctSequences out;
  const size_t n = seq.size(), length = seq.length();
  std::vector<Code> contents(n * length);
  std::vector<size_t> lengths(n);
  for (size_t i = 0; i < n; ++i) {
    const Code* r = seq.row(i);
    size_t k = 0;
    for (size_t t = 0; t < length; ++t) {
      if (r[t] != SequenceSet::kVoid) contents[i * length + k++] = r[t];
    }
    lengths[i] = k;
  }
  std::unordered_map<std::string_view, uint32_t> index;
  index.reserve(n);
  out.of_row.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view key(reinterpret_cast<const char*>(contents.data() + i * length), lengths[i] * sizeof(Code));
    auto [it, inserted] = index.emplace(key, static_cast<uint32_t>(out.rows.size()));
    if (inserted) {
      out.rows.push_back(static_cast<uint32_t>(i));
      out.weight.push_back(0);
      out.count.push_back(0);
    }
    out.of_row[i] = it->second;
    out.weight[it->second] += seq.weights()[i];
    ++out.count[it->second];
  }
  return out;
}

std::vector<Code> SequenceContent(const SequenceSet& seq, size_t row) {
  std::vector<Code> out;
  const Code* r = seq.row(row);
  for (size_t t = 0; t < seq.length(); ++t) {
    if (r[t] != SequenceSet::kVoid) out.push_back(r[t]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Costs (seqcost).

Result<SubstitutionCosts> ConstantCosts(const SequenceSet& seq, double cval, bool with_missing, bool time_varying) {
  if (!std::isfinite(cval) || cval < 0) {
    return Error(Status::Invalid(fmt::format("constant substitution cost {}: expected a finite number >= 0", cval)));
  }
  SubstitutionCosts out;
  out.states = CostStates(seq, with_missing && HasMissing(seq));
  out.periods = time_varying ? std::max<size_t>(seq.length(), 1) : 1;
  const size_t k = out.states.size();
  out.values.assign(out.periods * k * k, cval);
  for (size_t t = 0; t < out.periods; ++t) {
    for (size_t i = 0; i < k; ++i) out.values[(t * k + i) * k + i] = 0;
  }
  out.indel = cval / 2;
  return out;
}

Result<SubstitutionCosts> TrateCosts(const SequenceSet& seq, double cval, bool time_varying, bool weighted,
                                     bool with_missing) {
  if (!std::isfinite(cval))
    return Error(Status::Invalid(fmt::format("TRATE constant {}: expected a finite number", cval)));
  if (seq.length() < 2) {
    return Error(Status::Invalid(fmt::format(
        "TRATE costs come from the transition rates, which need sequences of at least 2 positions; these have {}",
        seq.length())));
  }
  const bool missing = with_missing && HasMissing(seq);
  SeqTrateOptions o;
  o.time_varying = time_varying;
  o.weighted = weighted;
  o.with_missing = missing;
  Result<TransitionRates> tr = SeqTransitionRates(seq, o);
  if (!tr) return Error(tr.error());
  SubstitutionCosts out;
  out.states = CostStates(seq, missing);
  const size_t k = out.states.size();
  const size_t alphabet = seq.alphabet().size();
  if (!time_varying) {
    out.values.assign(k * k, 0.0);
    double max_cost = 0;
    for (size_t i = 0; i < k; ++i) {
      for (size_t j = i + 1; j < k; ++j) {
        const double c = cval - tr->at(0, i, j) - tr->at(0, j, i);
        out.values[i * k + j] = out.values[j * k + i] = c;
        max_cost = std::max(max_cost, c);
      }
    }
    // seqcost: ret$indel <- 0.5 * max(costs), before miss.cost replaces the missing state's costs.
    out.indel = 0.5 * max_cost;
  } else {
    const size_t L = seq.length();
    out.periods = L;
    out.values.assign(L * k * k, 0.0);
    for (size_t t = 0; t < L; ++t) {  // t is TraMineR's t − 1; matrix m is the transition m → m+1
      const bool first = t == 0, last = t + 1 == L;
      for (size_t i = 0; i < k; ++i) {
        for (size_t j = i + 1; j < k; ++j) {
          double cost = 0;
          if (!first) cost -= tr->at(t - 1, i, j) + tr->at(t - 1, j, i);
          if (!last) cost -= tr->at(t, i, j) + tr->at(t, j, i);
          const double c = std::max(0.0, first || last ? cval + 2 * cost : cval + cost);
          out.values[(t * k + i) * k + j] = out.values[(t * k + j) * k + i] = c;
        }
      }
    }
    out.indel = 1;  // seqcost leaves its default indel for time-varying costs
  }
  if (missing) {  // miss.cost = cval, fixed
    for (size_t t = 0; t < out.periods; ++t) {
      for (size_t i = 0; i < alphabet; ++i) {
        out.values[(t * k + i) * k + alphabet] = out.values[(t * k + alphabet) * k + i] = cval;
      }
    }
  }
  return out;
}

namespace {

struct CsvCell {
  std::string text;  // without surrounding blanks: they are not part of a name or a number
  size_t column;     // 1-based field number
};

struct CsvLine {
  size_t line;  // 1-based, where the record starts
  std::vector<CsvCell> cells;
};

// The cost file's records (CsvReader: RFC 4180, blank lines skipped). A malformed record is
// "FILE:LINE:FIELD: what was expected".
Result<std::vector<CsvLine>> ReadCostLines(std::string_view text, std::string_view file) {
  std::vector<CsvLine> lines;
  CsvReader reader(text);
  CsvRow row;
  while (reader.Next(&row)) {
    CsvLine line{row.line, {}};
    for (size_t c = 0; c < row.fields.size(); ++c) {
      const std::string_view f = row.fields[c];
      const size_t b = f.find_first_not_of(" \t");
      const size_t e = f.find_last_not_of(" \t");
      line.cells.push_back(
          CsvCell{b == std::string_view::npos ? std::string() : std::string(f.substr(b, e - b + 1)), c + 1});
    }
    lines.push_back(std::move(line));
  }
  if (!reader.status().ok()) {
    // Messages here name the field, not the byte: count the commas outside quotes before the
    // reader's column on its line (column 0, an unclosed quote: the field after those read).
    size_t field = row.fields.size() + 1;
    if (reader.error_column() > 0) {
      size_t start = 0;
      for (size_t l = 1; l < reader.error_line() && start != std::string_view::npos; ++l) {
        start = text.find('\n', start);
        if (start != std::string_view::npos) ++start;
      }
      if (start != std::string_view::npos) {
        field = 1;
        bool quoted = false;
        for (size_t i = start; i < text.size() && i < start + reader.error_column() - 1; ++i) {
          if (text[i] == '"') quoted = !quoted;
          if (text[i] == ',' && !quoted) ++field;
        }
      }
    }
    return Error(
        Status::Invalid(fmt::format("{}:{}:{}: {}", file, reader.error_line(), field, reader.status().message())));
  }
  return lines;
}

}  // namespace

Result<SubstitutionCosts> ParseSubstitutionCosts(std::string_view text, std::string_view file, const SequenceSet& seq,
                                                 bool with_missing) {
  const bool missing = with_missing && HasMissing(seq);
  SubstitutionCosts out;
  out.states = CostStates(seq, missing);
  const size_t k = out.states.size();
  std::unordered_map<std::string, size_t> state_index;
  for (size_t i = 0; i < k; ++i) state_index.emplace(out.states[i], i);
  // "*" asked for but absent from the data: TraMineR drops with.missing; the file may still list it.
  const bool tolerate_star = with_missing && !missing;
  constexpr size_t kDropped = static_cast<size_t>(-1);
  auto lookup = [&](const std::string& name) -> std::optional<size_t> {
    if (auto it = state_index.find(name); it != state_index.end()) return it->second;
    if (tolerate_star && name == SequenceSet::kMissingSymbol) return kDropped;
    return std::nullopt;
  };
  const std::string expected = fmt::format("{}", fmt::join(out.states, ", "));

  Result<std::vector<CsvLine>> lines = ReadCostLines(text, file);
  if (!lines) return Error(lines.error());
  if (lines->empty()) {
    return Error(Status::Invalid(
        fmt::format("{}: empty; expected a square cost matrix with a header row of state names ({})", file, expected)));
  }
  const std::vector<CsvCell>* header = &(*lines)[0].cells;
  const size_t header_line = (*lines)[0].line;
  std::vector<size_t> col_state;  // per header cell after the first
  std::vector<bool> seen_col(k, false);
  for (size_t c = 1; c < header->size(); ++c) {
    const CsvCell& cell = (*header)[c];
    std::optional<size_t> s = lookup(cell.text);
    if (!s) {
      return Error(Status::Invalid(fmt::format("{}:{}:{}: '{}' is not a state; expected one of: {}", file, header_line,
                                               cell.column, cell.text, expected)));
    }
    if (*s != kDropped) {
      if (seen_col[*s]) {
        return Error(Status::Invalid(fmt::format("{}:{}:{}: state '{}' twice in the header; expected each state once",
                                                 file, header_line, cell.column, cell.text)));
      }
      seen_col[*s] = true;
    }
    col_state.push_back(*s);
  }
  for (size_t s = 0; s < k; ++s) {
    if (!seen_col[s]) {
      return Error(Status::Invalid(fmt::format("{}:{}: state '{}' has no column; expected every state once: {}", file,
                                               header_line, out.states[s], expected)));
    }
  }
  out.values.assign(k * k, 0.0);
  std::vector<size_t> row_line(k, 0);
  std::vector<size_t> cell_col(k * k, 0);  // field number of each value, for messages
  for (size_t l = 1; l < lines->size(); ++l) {
    const size_t ln = (*lines)[l].line;
    const std::vector<CsvCell>* cells = &(*lines)[l].cells;
    if (cells->size() != header->size()) {
      return Error(Status::Invalid(
          fmt::format("{}:{}: {} fields; expected {}, as the header has", file, ln, cells->size(), header->size())));
    }
    const CsvCell& name = (*cells)[0];
    std::optional<size_t> r = lookup(name.text);
    if (!r) {
      return Error(Status::Invalid(
          fmt::format("{}:{}:1: '{}' is not a state; expected one of: {}", file, ln, name.text, expected)));
    }
    if (*r != kDropped && row_line[*r] != 0) {
      return Error(
          Status::Invalid(fmt::format("{}:{}:1: state '{}' has a row already (line {}); expected each state once", file,
                                      ln, name.text, row_line[*r])));
    }
    if (*r != kDropped) row_line[*r] = ln;
    for (size_t c = 1; c < cells->size(); ++c) {
      const CsvCell& cell = (*cells)[c];
      char* end = nullptr;
      const double v = cell.text.empty() ? std::nan("") : std::strtod(cell.text.c_str(), &end);
      if (cell.text.empty() || end != cell.text.c_str() + cell.text.size() || !std::isfinite(v) || v < 0) {
        return Error(Status::Invalid(
            fmt::format("{}:{}:{}: '{}': expected a finite cost >= 0", file, ln, cell.column, cell.text)));
      }
      if (*r == kDropped || col_state[c - 1] == kDropped) continue;
      out.values[*r * k + col_state[c - 1]] = v;
      cell_col[*r * k + col_state[c - 1]] = cell.column;
    }
  }
  for (size_t s = 0; s < k; ++s) {
    if (row_line[s] == 0) {
      return Error(
          Status::Invalid(fmt::format("{}: state '{}' has no row; expected a square matrix with every state once: {}",
                                      file, out.states[s], expected)));
    }
  }
  double max_cost = 0;
  for (double v : out.values) max_cost = std::max(max_cost, v);
  const double tol = 1e-7 * max_cost;  // checkcost's tolerance
  for (size_t i = 0; i < k; ++i) {
    if (out.values[i * k + i] != 0) {
      return Error(
          Status::Invalid(fmt::format("{}:{}:{}: the cost of '{}' to itself is {}; expected 0 on the diagonal", file,
                                      row_line[i], cell_col[i * k + i], out.states[i], out.values[i * k + i])));
    }
    for (size_t j = i + 1; j < k; ++j) {
      if (std::abs(out.values[i * k + j] - out.values[j * k + i]) > tol) {
        const size_t a = std::max(i, j) == i ? i : j;  // report the cell on the later line
        const size_t b = a == i ? j : i;
        const size_t ra = row_line[a] > row_line[b] ? a : b, rb = ra == a ? b : a;
        return Error(Status::Invalid(fmt::format(
            "{}:{}:{}: '{}' to '{}' costs {} but '{}' to '{}' costs {} (line {}); expected a symmetric matrix", file,
            row_line[ra], cell_col[ra * k + rb], out.states[ra], out.states[rb], out.values[ra * k + rb],
            out.states[rb], out.states[ra], out.values[rb * k + ra], row_line[rb])));
      }
    }
  }
  out.indel = max_cost / 2;  // seqdist: indel "auto" with an sm matrix is max(sm)/2
  return out;
}

// ---------------------------------------------------------------------------------------------
// Normalisation and parameters.

double NormalizeSeqDistance(SeqNorm norm, double raw, double maxdist, double n, double m) {
  if (raw == 0) return 0;
  switch (norm) {
    case SeqNorm::kNone:
    case SeqNorm::kAuto:
      return raw;
    case SeqNorm::kMaxLength:
      if (n > m) return raw / n;
      if (m > 0) return raw / m;
      return 0;
    case SeqNorm::kGMean:
      if (n * m == 0) return n != m ? 1 : 0;
      return 1 - (maxdist - raw) / (2 * std::sqrt(n) * std::sqrt(m));
    case SeqNorm::kMaxDist:
      if (maxdist == 0) return 1;
      return raw / maxdist;
    case SeqNorm::kYujianBo:
      if (maxdist == 0) return 1;
      return 2 * raw / (raw + maxdist);
  }
  return raw;
}

Result<SeqDistParams> ResolveSeqDist(const SequenceSet& seq, const SeqDistOptions& options) {
  SeqDistParams p;
  p.method = options.method;
  const std::string_view method = SeqDistMethodName(p.method);
  p.norm = options.norm;
  if (p.norm == SeqNorm::kAuto) {
    const bool om_like =
        p.method == SeqDistMethod::kOM || p.method == SeqDistMethod::kHAM || p.method == SeqDistMethod::kDHD;
    p.norm = om_like ? SeqNorm::kMaxLength : SeqNorm::kGMean;
  }
  // Missing data (seqdist: "'with.missing' must be TRUE when 'seqdata' ... contain missing values").
  const size_t n = seq.size(), length = seq.length();
  bool has_missing = false;
  for (size_t i = 0; i < n && !has_missing; ++i) {
    for (size_t t = 0; t < length; ++t) {
      if (seq.at(i, t) != SequenceSet::kMissing) continue;
      if (!options.with_missing) {
        return Error(Status::Invalid(fmt::format(
            "sequence '{}' has missing data ('*') at position {} ({}); use with_missing (--with-missing) to make "
            "missing an extra state",
            seq.ids()[i], t + 1, seq.columns()[t])));
      }
      has_missing = true;
      break;
    }
  }
  p.with_missing = options.with_missing && has_missing;
  p.states = seq.alphabet().size() + (p.with_missing ? 1 : 0);

  // HAM and DHD: "is not defined for sequence of different length".
  if (p.method == SeqDistMethod::kHAM || p.method == SeqDistMethod::kDHD) {
    size_t first_len = 0;
    for (size_t i = 0; i < n; ++i) {
      size_t len = 0;
      for (size_t t = 0; t < length; ++t) len += seq.at(i, t) != SequenceSet::kVoid;
      if (i == 0) first_len = len;
      if (len != first_len) {
        return Error(Status::Invalid(
            fmt::format("{} is not defined for sequences of different lengths: '{}' has {} positions, '{}' has {}",
                        method, seq.ids()[0], first_len, seq.ids()[i], len)));
      }
    }
  }

  // Costs.
  switch (p.method) {
    case SeqDistMethod::kLCP:
    case SeqDistMethod::kRLCP:
      return p;
    case SeqDistMethod::kLCS: {
      Result<SubstitutionCosts> sm = ConstantCosts(seq, 2, p.with_missing);
      if (!sm) return Error(sm.error());
      p.sm = std::move(*sm);
      p.indel = 1;
      return p;
    }
    case SeqDistMethod::kHAM: {
      Result<SubstitutionCosts> sm =
          options.sm ? Result<SubstitutionCosts>(*options.sm) : ConstantCosts(seq, 1, p.with_missing);
      if (!sm) return Error(sm.error());
      p.sm = std::move(*sm);
      break;
    }
    case SeqDistMethod::kDHD: {
      Result<SubstitutionCosts> sm = options.sm ? Result<SubstitutionCosts>(*options.sm)
                                                : TrateCosts(seq, 4, true, options.weighted, p.with_missing);
      if (!sm) return Error(sm.error());
      p.sm = std::move(*sm);
      break;
    }
    case SeqDistMethod::kOM: {
      if (!options.sm) {
        return Error(Status::Invalid(
            "OM needs substitution costs: CONSTANT, TRATE or a cost matrix file (TraMineR's seqdist has no default "
            "'sm' for OM)"));
      }
      p.sm = *options.sm;
      p.indel = options.indel.value_or(p.sm.indel);
      if (!std::isfinite(p.indel) || p.indel <= 0) {
        return Error(Status::Invalid(fmt::format("indel cost {}: expected a finite number > 0", p.indel)));
      }
      break;
    }
  }
  const SubstitutionCosts& sm = p.sm;
  const std::vector<std::string> want = CostStates(seq, p.with_missing);
  if (sm.states != want) {
    return Error(Status::Invalid(fmt::format("the substitution costs are for the states [{}]; the sequences have [{}]",
                                             fmt::join(sm.states, ", "), fmt::join(want, ", "))));
  }
  const size_t k = want.size();
  if (p.method == SeqDistMethod::kDHD && sm.periods != length) {
    return Error(Status::Invalid(fmt::format(
        "DHD takes one cost matrix per position ({} here), e.g. TRATE time-varying; these costs have {} (with one "
        "matrix for every position, DHD is HAM)",
        length, sm.periods)));
  }
  if (p.method != SeqDistMethod::kDHD && sm.periods != 1) {
    return Error(Status::Invalid(fmt::format("{} takes one cost matrix; these costs have one per position", method)));
  }
  if (sm.values.size() != sm.periods * k * k) {
    return Error(Status::Invalid(
        fmt::format("substitution costs: {} values for {} matrices of {} states", sm.values.size(), sm.periods, k)));
  }
  for (size_t t = 0; t < sm.periods; ++t) {
    for (size_t i = 0; i < k; ++i) {
      for (size_t j = 0; j < k; ++j) {
        const double v = sm.at(t, i, j);
        if (!std::isfinite(v) || v < 0) {
          return Error(Status::Invalid(fmt::format("substitution cost '{}' to '{}' is {}; expected a finite cost >= 0",
                                                   sm.states[i], sm.states[j], v)));
        }
        if (i == j && v != 0) {
          return Error(
              Status::Invalid(fmt::format("substitution cost of '{}' to itself is {}; expected 0", sm.states[i], v)));
        }
      }
    }
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// The reference: plain dynamic programme / position by position.

double SeqDistanceReference(std::span<const Code> x, std::span<const Code> y, const SeqDistParams& p) {
  const size_t alphabet = p.states - (p.with_missing ? 1 : 0);
  const size_t n = x.size(), m = y.size();
  const double dn = static_cast<double>(n), dm = static_cast<double>(m);
  switch (p.method) {
    case SeqDistMethod::kOM:
    case SeqDistMethod::kLCS: {
      std::vector<double> prev(m + 1), cur(m + 1);
      for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<double>(j) * p.indel;
      for (size_t i = 1; i <= n; ++i) {
        cur[0] = static_cast<double>(i) * p.indel;
        const size_t a = StateIndex(x[i - 1], alphabet);
        for (size_t j = 1; j <= m; ++j) {
          const size_t b = StateIndex(y[j - 1], alphabet);
          const double indel = std::min(prev[j], cur[j - 1]) + p.indel;
          const double sub = prev[j - 1] + (a == b ? 0.0 : p.sm.at(0, a, b));
          cur[j] = sub < indel ? sub : indel;
        }
        std::swap(prev, cur);
      }
      return NormalizeSeqDistance(p.norm, prev[m], OmMaxDist(p, OmMaxSubCost(p), dn, dm), dn, dm);
    }
    case SeqDistMethod::kHAM:
    case SeqDistMethod::kDHD: {
      double cost = 0;
      for (size_t t = 0; t < std::min(n, m); ++t) {
        cost += p.sm.at(p.sm.periods == 1 ? 0 : t, StateIndex(x[t], alphabet), StateIndex(y[t], alphabet));
      }
      return NormalizeSeqDistance(p.norm, cost, HammingMaxDist(p, std::max(n, m)), dn, dm);
    }
    case SeqDistMethod::kLCP:
    case SeqDistMethod::kRLCP: {
      size_t k = 0;
      if (p.method == SeqDistMethod::kLCP) {
        while (k < std::min(n, m) && x[k] == y[k]) ++k;
      } else {
        while (k < std::min(n, m) && x[n - 1 - k] == y[m - 1 - k]) ++k;
      }
      return NormalizeSeqDistance(p.norm, dn + dm - 2.0 * static_cast<double>(k), dn + dm, dn, dm);
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The fast path.

namespace {

// Every distinct sequence's runs, pre-encoded once: states (0..K−1, missing K−1 with missing) and
// lengths, flat.
struct RunTable {
  std::vector<uint32_t> begin;  // per sequence, into state/len; size n + 1
  std::vector<uint16_t> state;
  std::vector<int32_t> len;
  std::vector<int32_t> length;  // content length per sequence
  std::vector<uint16_t> codes;  // content, state indices, for DHD
  std::vector<uint32_t> code_begin;
};

RunTable EncodeRuns(const SequenceSet& seq, const DistinctSequences& distinct, size_t alphabet) {
  RunTable rt;
  const size_t n = distinct.size();
  rt.begin.reserve(n + 1);
  rt.begin.push_back(0);
  rt.code_begin.push_back(0);
  for (size_t d = 0; d < n; ++d) {
    const Code* r = seq.row(distinct.rows[d]);
    int32_t len = 0;
    for (size_t t = 0; t < seq.length(); ++t) {
      if (r[t] == SequenceSet::kVoid) continue;
      const auto s = static_cast<uint16_t>(StateIndex(r[t], alphabet));
      rt.codes.push_back(s);
      ++len;
      if (rt.state.size() > rt.begin.back() && rt.state.back() == s) {
        ++rt.len.back();
      } else {
        rt.state.push_back(s);
        rt.len.push_back(1);
      }
    }
    rt.begin.push_back(static_cast<uint32_t>(rt.state.size()));
    rt.code_begin.push_back(static_cast<uint32_t>(rt.codes.size()));
    rt.length.push_back(len);
  }
  return rt;
}

struct Runs {
  const uint16_t* state;
  const int32_t* len;
  int count;
  int length;
};

// ---------------------------------------------------------------------------------------------
// The lane kernel: the plain dynamic programme, one x against a batch of W y's at once (one y per
// SIMD lane; inter-sequence vectorisation as in Rognes's SWIPE, 2011). Each lane runs exactly the
// reference's operations in the reference's order, rewritten without changing a bit:
//   D[i][j] = min(min(D[i−1][j−1] + sm[x_i][y_j], D[i−1][j] + indel), D[i][j−1] + indel)
// since fl(min(a, b) + c) = min(fl(a + c), fl(b + c)) (rounding is monotone) and min is exact; so
// the distances are the reference's, bit for bit. Shorter y's are padded (cost 0 past their end)
// and read at their own length m_k in the last row: D[n][m_k] never looks right of column m_k.
// The substitution costs come from a per-batch profile, prof[a][j] = the W lanes' sm[a][y_k,j],
// for the states a that occur in x. The table is swept in vertical strips of S columns whose row
// (D and D + indel) stays in registers; only the strip's right border column goes to memory, so a
// cell costs two additions, two minima and one load of the profile, and the rows of a strip form a
// wavefront the out-of-order core overlaps. Compiled for AVX-512 (W = 8), AVX2 (W = 4) and the
// x86-64 baseline (W = 2), chosen at run time. Memory: K·m·W + (n + m)·W doubles per thread.

template <int W>
struct LaneVector {
  typedef double V __attribute__((vector_size(W * sizeof(double))));
};

// D[n][·] for x (n codes) against the lanes: `prof` is [state][column 0..mpad−1][lane], mpad a
// multiple of S; `col` has room for (n + 1)·W doubles, `last` for (mpad + 1)·W; all 64-byte aligned.
// On return last[j·W + k] = D[n][j] of lane k.
template <int W, int S>
[[gnu::always_inline]] inline void OmLaneBody(const uint16_t* x, int n, const double* prof, int mpad, double indel,
                                              double* col, double* last) {
  using V = typename LaneVector<W>::V;
  const V vindel = V{} + indel;
  V* c = reinterpret_cast<V*>(col);
  V* out = reinterpret_cast<V*>(last);
  for (int i = 0; i <= n; ++i) c[i] = V{} + static_cast<double>(i) * indel;
  out[0] = c[n];
  for (int j0 = 0; j0 < mpad; j0 += S) {
    V d[S], dp[S];  // D[i][j0 + 1 + s] and D[i][j0 + 1 + s] + indel, row i = 0 first
    for (int s = 0; s < S; ++s) {
      d[s] = V{} + static_cast<double>(j0 + s + 1) * indel;
      dp[s] = d[s] + vindel;
    }
    V up_left = c[0];
    c[0] = d[S - 1];
    for (int i = 1; i <= n; ++i) {
      const V* pr = reinterpret_cast<const V*>(prof) + static_cast<size_t>(x[i - 1]) * mpad + j0;
      const V left = c[i];
      V diag = up_left;
      up_left = left;
      V leftp = left + vindel;
      for (int s = 0; s < S; ++s) {
        const V sub = diag + pr[s];
        diag = d[s];
        const V t = sub < dp[s] ? sub : dp[s];
        const V v = t < leftp ? t : leftp;
        d[s] = v;
        leftp = v + vindel;
        dp[s] = leftp;
      }
      c[i] = d[S - 1];
    }
    for (int s = 0; s < S; ++s) out[j0 + 1 + s] = d[s];
  }
}

using OmLaneFn = void (*)(const uint16_t*, int, const double*, int, double, double*, double*);

__attribute__((target("avx512f"))) void OmLanesAvx512(const uint16_t* x, int n, const double* prof, int mpad,
                                                      double indel, double* col, double* last) {
  OmLaneBody<8, 8>(x, n, prof, mpad, indel, col, last);
}

__attribute__((target("avx2"))) void OmLanesAvx2(const uint16_t* x, int n, const double* prof, int mpad, double indel,
                                                 double* col, double* last) {
  OmLaneBody<4, 4>(x, n, prof, mpad, indel, col, last);
}

void OmLanesBaseline(const uint16_t* x, int n, const double* prof, int mpad, double indel, double* col, double* last) {
  OmLaneBody<2, 4>(x, n, prof, mpad, indel, col, last);
}

struct OmLaneKernel {
  OmLaneFn fn;
  int lanes;  // W
  int strip;  // S
  const char* isa;
};

// The widest kernel the CPU runs; CG_SEQDIST_ISA=avx2|baseline narrows it (for tests and benchmarks).
OmLaneKernel SelectOmLaneKernel() {
  const char* want = std::getenv("CG_SEQDIST_ISA");
  const std::string_view w = want ? want : "";
  __builtin_cpu_init();
  if (w.empty() || w == "avx512") {
    if (__builtin_cpu_supports("avx512f")) return {OmLanesAvx512, 8, 8, "avx512"};
  }
  if (w.empty() || w == "avx512" || w == "avx2") {
    if (__builtin_cpu_supports("avx2")) return {OmLanesAvx2, 4, 4, "avx2"};
  }
  return {OmLanesBaseline, 2, 4, "baseline"};
}

// A 64-byte-aligned stretch of doubles that only grows.
class AlignedDoubles {
 public:
  double* Get(size_t count) {
    if (count + 8 > buf_.size()) buf_.resize(count + 8);
    const auto addr = reinterpret_cast<uintptr_t>(buf_.data());
    return buf_.data() + ((64 - addr % 64) % 64) / sizeof(double);
  }

 private:
  std::vector<double> buf_;
};

struct LaneScratch {
  AlignedDoubles prof, col, last;
  std::vector<uint8_t> in_x;  // per state: occurs in x
};

// Per-thread working memory of the OM kernel.
struct Scratch {
  std::vector<uint16_t> xs, ys;
  std::vector<int32_t> xl, yl;
  std::vector<double> top, left, right, tb, a_t, a_l, w, pre, suf, suf2;
  std::vector<std::pair<double, int32_t>> greedy;
  LaneScratch lanes;

  void Reserve(size_t max_len) {
    for (auto* v : {&xs, &ys}) v->resize(max_len + 1);
    for (auto* v : {&xl, &yl}) v->resize(max_len + 1);
    for (auto* v : {&top, &left, &right, &tb, &a_t, &a_l, &w, &pre, &suf, &suf2}) v->resize(max_len + 2);
    greedy.resize(max_len + 1);
  }
};

// Out[v] = max(A[max(0, v − width + 1) .. v]) for v = 0..N−1 (van Herk / Gil–Werman: maxima from
// the starts and from the ends of aligned blocks of `width`).
void WindowMax(const double* a, int count, int width, double* out, double* pre, double* suf) {
  if (width >= count) {
    double m = a[0];
    for (int v = 0; v < count; ++v) out[v] = m = std::max(m, a[v]);
    return;
  }
  for (int b = 0; b < count; b += width) {
    const int e = std::min(count, b + width);
    double m = a[b];
    for (int v = b; v < e; ++v) pre[v] = m = std::max(m, a[v]);
    m = a[e - 1];
    for (int v = e - 1; v >= b; --v) suf[v] = m = std::max(m, a[v]);
  }
  for (int v = 0; v < width; ++v) out[v] = pre[v];
  for (int v = width; v < count; ++v) out[v] = std::max(suf[v - width + 1], pre[v]);
}

// One block of gain g, height h, width q: from its top row T[0..q] and left column L[0..h]
// (T[0] = L[0]) to its bottom row B[1..q] and right column R[0..h] (either may be null).
void Block(const double* T, const double* L, int h, int q, double g, double gmax, double* B, double* R, Scratch& s) {
  if (g <= 0) {
    if (B) {
      const double lh = L[h];
      for (int v = 1; v <= q; ++v) B[v] = std::max(T[v], lh);
    }
    if (R) {
      const double tq = T[q];
      for (int u = 0; u <= h; ++u) R[u] = std::max(L[u], tq);
    }
    return;
  }
  if (g >= gmax) {  // G never rises faster than gmax: the full diagonal is best
    if (R) {
      for (int u = 0; u <= h; ++u) R[u] = u >= q ? L[u - q] + g * q : T[q - u] + g * u;
    }
    if (B) {
      for (int v = 1; v <= q; ++v) B[v] = v >= h ? T[v - h] + g * h : L[h - v] + g * v;
    }
    return;
  }
  double* at = s.a_t.data();
  double* al = s.a_l.data();
  for (int v = 0; v <= q; ++v) at[v] = T[v] - g * v;
  for (int u = 0; u <= h; ++u) al[u] = L[u] - g * u;
  if (R) {
    // suffix maxima of A_T, window maxima (width q + 1) of A_L
    double* suf = s.suf2.data();
    double m = at[q];
    for (int v = q; v >= 0; --v) suf[v] = m = std::max(m, at[v]);
    WindowMax(al, h + 1, q + 1, s.w.data(), s.pre.data(), s.suf.data());
    const double* w = s.w.data();
    for (int u = 0; u <= h; ++u) R[u] = std::max(w[u] + g * u, g * q + suf[std::max(0, q - u)]);
  }
  if (B) {
    double* suf = s.suf2.data();
    double m = al[h];
    for (int u = h; u >= 0; --u) suf[u] = m = std::max(m, al[u]);
    WindowMax(at, q + 1, h + 1, s.w.data(), s.pre.data(), s.suf.data());
    const double* w = s.w.data();
    for (int v = 1; v <= q; ++v) B[v] = std::max(w[v] + g * v, g * h + suf[std::max(0, h - v)]);
  }
}

// The best total gain between x and y (OM = indel·(n + m) − gain).
double OmGain(Runs x, Runs y, const double* gain, size_t k, double gmax, Scratch& s) {
  uint16_t* xs = s.xs.data();
  uint16_t* ys = s.ys.data();
  int32_t* xl = s.xl.data();
  int32_t* yl = s.yl.data();
  std::memcpy(xs, x.state, sizeof(uint16_t) * x.count);
  std::memcpy(ys, y.state, sizeof(uint16_t) * y.count);
  std::memcpy(xl, x.len, sizeof(int32_t) * x.count);
  std::memcpy(yl, y.len, sizeof(int32_t) * y.count);
  int xb = 0, xe = x.count, yb = 0, ye = y.count;
  double base = 0;              // gain of the common prefix and suffix
  const double same = gain[0];  // g(a, a) = 2·indel for every a
  while (xb < xe && yb < ye && xs[xb] == ys[yb]) {
    const int32_t t = std::min(xl[xb], yl[yb]);
    base += same * t;
    xl[xb] -= t;
    yl[yb] -= t;
    xb += xl[xb] == 0;
    yb += yl[yb] == 0;
  }
  while (xb < xe && yb < ye && xs[xe - 1] == ys[ye - 1]) {
    const int32_t t = std::min(xl[xe - 1], yl[ye - 1]);
    base += same * t;
    xl[xe - 1] -= t;
    yl[ye - 1] -= t;
    xe -= xl[xe - 1] == 0;
    ye -= yl[ye - 1] == 0;
  }
  if (xb == xe || yb == ye) return base;
  // One run against several: its h positions take the h best columns (any set is a monotone matching).
  if (xe - xb == 1 || ye - yb == 1) {
    const bool x_one = xe - xb == 1;
    const uint16_t a = x_one ? xs[xb] : ys[yb];
    int32_t left = x_one ? xl[xb] : yl[yb];
    const uint16_t* os = x_one ? ys : xs;
    const int32_t* ol = x_one ? yl : xl;
    const int ob = x_one ? yb : xb, oe = x_one ? ye : xe;
    auto* g = s.greedy.data();
    int c = 0;
    for (int i = ob; i < oe; ++i) {
      g[c++] = {x_one ? gain[a * k + os[i]] : gain[os[i] * k + a], ol[i]};
    }
    std::sort(g, g + c, [](const auto& p, const auto& q) { return p.first > q.first; });
    double total = base;
    for (int i = 0; i < c && left > 0; ++i) {
      const int32_t take = std::min(left, g[i].second);
      total += g[i].first * take;
      left -= take;
    }
    return total;
  }
  // Blocks.
  int m = 0;
  for (int j = yb; j < ye; ++j) m += yl[j];
  double* top = s.top.data();
  std::fill(top, top + m + 1, 0.0);
  double* left = s.left.data();
  double* right = s.right.data();
  double* tb = s.tb.data();
  double corner = 0;
  for (int r = xb; r < xe; ++r) {
    const int h = xl[r];
    const uint16_t a = xs[r];
    const bool last_row = r + 1 == xe;
    std::fill(left, left + h + 1, 0.0);
    double old_corner = top[0];  // T(0) of the next block: the top row before this row overwrote it
    int y0 = 0;
    for (int c = yb; c < ye; ++c) {
      const int q = yl[c];
      const bool last_col = c + 1 == ye;
      tb[0] = old_corner;
      std::memcpy(tb + 1, top + y0 + 1, sizeof(double) * q);
      old_corner = top[y0 + q];
      left[0] = tb[0];
      const double g = gain[a * k + ys[c]];
      if (last_row && last_col) {
        // Only the bottom-right corner: R(h).
        Block(tb, left, h, q, g, gmax, nullptr, right, s);
        corner = right[h];
      } else {
        Block(tb, left, h, q, g, gmax, last_row ? nullptr : top + y0, last_col ? nullptr : right, s);
        std::swap(left, right);
      }
      y0 += q;
    }
  }
  return base + corner;
}

// The distance of one pair of distinct sequences, normalised.
struct Kernel {
  const SeqDistParams& p;
  const RunTable& rt;
  std::vector<double> gain;  // OM/LCS: g(a, b)
  double gmax = 0;
  double maxscost = 0;
  double ham_maxdist = 0;
  std::vector<double> cum;  // DHD: cumulative costs [a][b][t], when small enough
  std::vector<double> smz;  // OM/LCS: sm[a][b], exactly 0 for a = b, for the lane kernel
  OmLaneKernel lane = SelectOmLaneKernel();
  size_t k;

  Kernel(const SeqDistParams& params, const RunTable& runs) : p(params), rt(runs), k(params.states) {
    if (p.method == SeqDistMethod::kOM || p.method == SeqDistMethod::kLCS) {
      gain.assign(k * k, 0.0);
      for (size_t a = 0; a < k; ++a) {
        for (size_t b = 0; b < k; ++b) {
          gain[a * k + b] = a == b ? 2 * p.indel : 2 * p.indel - std::min(p.sm.at(0, a, b), 2 * p.indel);
          gmax = std::max(gmax, gain[a * k + b]);
        }
      }
      maxscost = OmMaxSubCost(p);
      smz.assign(k * k, 0.0);
      for (size_t a = 0; a < k; ++a) {
        for (size_t b = 0; b < k; ++b) smz[a * k + b] = a == b ? 0.0 : p.sm.at(0, a, b);
      }
    }
    if (p.method == SeqDistMethod::kHAM || p.method == SeqDistMethod::kDHD) {
      size_t max_len = 0;
      for (int32_t l : rt.length) max_len = std::max(max_len, static_cast<size_t>(l));
      ham_maxdist = HammingMaxDist(p, max_len);
      const size_t periods = p.sm.periods;
      if (p.method == SeqDistMethod::kDHD && k * k * (periods + 1) <= (size_t{1} << 22)) {
        cum.assign(k * k * (periods + 1), 0.0);
        for (size_t ab = 0; ab < k * k; ++ab) {
          double sum = 0;
          for (size_t t = 0; t < periods; ++t) {
            cum[ab * (periods + 1) + t] = sum;
            sum += p.sm.values[t * k * k + ab];
          }
          cum[ab * (periods + 1) + periods] = sum;
        }
      }
    }
  }

  // OM/LCS by the lane kernel: out[j − j_begin] = the distance of i and j, for j in [j_begin, j_end).
  void OmRow(size_t i, size_t j_begin, size_t j_end, double* out, Scratch& s) const {
    constexpr int kMaxLanes = 8;
    const int lanes = lane.lanes, strip = lane.strip;
    const uint16_t* x = rt.codes.data() + rt.code_begin[i];
    const int n = rt.length[i];
    LaneScratch& ls = s.lanes;
    ls.in_x.assign(k, 0);
    for (int t = 0; t < n; ++t) ls.in_x[x[t]] = 1;
    double* col = ls.col.Get(static_cast<size_t>(n + 1) * lanes);
    for (size_t j = j_begin; j < j_end; j += lanes) {
      const int used = static_cast<int>(std::min<size_t>(lanes, j_end - j));
      const uint16_t* y[kMaxLanes];
      int m[kMaxLanes];
      int mmax = 0;
      for (int l = 0; l < lanes; ++l) {
        y[l] = l < used ? rt.codes.data() + rt.code_begin[j + l] : nullptr;
        m[l] = l < used ? rt.length[j + l] : 0;
        mmax = std::max(mmax, m[l]);
      }
      const int mpad = (mmax + strip - 1) / strip * strip;
      double* prof = ls.prof.Get(k * static_cast<size_t>(mpad) * lanes);
      for (size_t a = 0; a < k; ++a) {
        if (!ls.in_x[a]) continue;
        double* pa = prof + a * static_cast<size_t>(mpad) * lanes;
        const double* cost = smz.data() + a * k;
        for (int l = 0; l < lanes; ++l) {
          for (int c = 0; c < m[l]; ++c) pa[c * lanes + l] = cost[y[l][c]];
          for (int c = m[l]; c < mpad; ++c) pa[c * lanes + l] = 0;
        }
      }
      double* last = ls.last.Get(static_cast<size_t>(mpad + 1) * lanes);
      lane.fn(x, n, prof, mpad, p.indel, col, last);
      for (int l = 0; l < used; ++l) {
        const double raw = last[m[l] * lanes + l];
        out[j - j_begin + l] = NormalizeSeqDistance(p.norm, raw, OmMaxDist(p, maxscost, n, m[l]), n, m[l]);
      }
    }
  }

  Runs RunsOf(size_t d) const {
    const uint32_t b = rt.begin[d];
    return Runs{rt.state.data() + b, rt.len.data() + b, static_cast<int>(rt.begin[d + 1] - b), rt.length[d]};
  }

  double operator()(size_t i, size_t j, Scratch& s) const {
    const Runs x = RunsOf(i), y = RunsOf(j);
    const double n = x.length, m = y.length;
    switch (p.method) {
      case SeqDistMethod::kOM:
      case SeqDistMethod::kLCS: {
        const double raw = p.indel * (n + m) - OmGain(x, y, gain.data(), k, gmax, s);
        return NormalizeSeqDistance(p.norm, raw, OmMaxDist(p, maxscost, n, m), n, m);
      }
      case SeqDistMethod::kHAM:
      case SeqDistMethod::kDHD: {
        double cost = 0;
        int rx = 0, ry = 0, ox = 0, oy = 0, t = 0;  // merged walk over both run lists
        const size_t periods = p.sm.periods;
        while (rx < x.count && ry < y.count) {
          const int seg = std::min(x.len[rx] - ox, y.len[ry] - oy);
          const size_t ab = x.state[rx] * k + y.state[ry];
          if (x.state[rx] != y.state[ry] || p.method == SeqDistMethod::kDHD) {
            if (p.method == SeqDistMethod::kHAM) {
              cost += seg * p.sm.values[ab];
            } else if (!cum.empty()) {
              cost += cum[ab * (periods + 1) + t + seg] - cum[ab * (periods + 1) + t];
            } else {
              for (int u = t; u < t + seg; ++u) cost += p.sm.values[u * k * k + ab];
            }
          }
          t += seg;
          ox += seg;
          oy += seg;
          if (ox == x.len[rx]) ++rx, ox = 0;
          if (oy == y.len[ry]) ++ry, oy = 0;
        }
        return NormalizeSeqDistance(p.norm, cost, ham_maxdist, n, m);
      }
      case SeqDistMethod::kLCP: {
        int32_t common = 0;
        for (int r = 0; r < std::min(x.count, y.count); ++r) {
          if (x.state[r] != y.state[r]) break;
          common += std::min(x.len[r], y.len[r]);
          if (x.len[r] != y.len[r]) break;
        }
        return NormalizeSeqDistance(p.norm, n + m - 2.0 * common, n + m, n, m);
      }
      case SeqDistMethod::kRLCP: {
        int32_t common = 0;
        for (int r = 0; r < std::min(x.count, y.count); ++r) {
          const int rx = x.count - 1 - r, ry = y.count - 1 - r;
          if (x.state[rx] != y.state[ry]) break;
          common += std::min(x.len[rx], y.len[ry]);
          if (x.len[rx] != y.len[ry]) break;
        }
        return NormalizeSeqDistance(p.norm, n + m - 2.0 * common, n + m, n, m);
      }
    }
    return 0;
  }
};

}  // namespace

std::string_view SeqDistLaneIsa() { return SelectOmLaneKernel().isa; }

Result<DistanceMatrix> SeqDistances(const SequenceSet& seq, const DistinctSequences& distinct,
                                    const SeqDistOptions& options, Progress& progress) {
  Result<SeqDistParams> params = ResolveSeqDist(seq, options);
  if (!params) return Error(params.error());
  if (distinct.of_row.size() != seq.size()) {
    return Error(Status::Invalid(fmt::format("the distinct sequences are of {} rows; the sequence set has {}",
                                             distinct.of_row.size(), seq.size())));
  }
  const size_t n = distinct.size();
  const RunTable rt = EncodeRuns(seq, distinct, seq.alphabet().size());
  const Kernel kernel(*params, rt);
  DistanceMatrix out(n);
  const uint64_t total = n < 2 ? 0 : static_cast<uint64_t>(n) * (n - 1) / 2;
  progress.Start("sequence distances", total);
  if (total == 0) {
    progress.Finish();
    return out;
  }
  size_t max_len = 1;
  for (int32_t l : rt.length) max_len = std::max(max_len, static_cast<size_t>(l));

  // Chunks of consecutive rows of the condensed triangle holding about the same number of pairs
  // (rows near the top are longer), run in waves of ~1% of the pairs; progress and cancellation
  // between waves, on this thread.
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  const size_t threads = static_cast<size_t>(arena.max_concurrency());
  const uint64_t chunk_pairs = std::max<uint64_t>(256, total / (threads * 256));
  std::vector<size_t> chunk_row{0};
  std::vector<uint64_t> chunk_end_pairs;
  uint64_t acc = 0, in_chunk = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    acc += n - 1 - i;
    in_chunk += n - 1 - i;
    if (in_chunk >= chunk_pairs || i + 2 == n) {
      chunk_row.push_back(i + 1);
      chunk_end_pairs.push_back(acc);
      in_chunk = 0;
    }
  }
  const size_t chunks = chunk_end_pairs.size();
  const size_t per_wave = std::max<size_t>(4 * threads, chunks / 100);
  tbb::enumerable_thread_specific<Scratch> scratch([max_len] {
    Scratch s;
    s.Reserve(max_len);
    return s;
  });
  double* values = out.values().data();
  // OM/LCS: the lane kernel costs ~n·m/W cell updates a pair, the run-length one ~(R·m + S·n) border
  // cells at ~4.6 times the price (measured: resampled mvad, 70 positions, 6 runs: lanes 6.3× faster;
  // mvad itself: lanes 1.5× faster). So runs win only when sequences are ~10·W times longer than
  // their number of runs (long careers in few spells). CG_SEQDIST_RLE=1 forces the run-length kernel.
  bool om_lanes = false;
  if (params->method == SeqDistMethod::kOM || params->method == SeqDistMethod::kLCS) {
    const double runs = static_cast<double>(rt.state.size()), cells = static_cast<double>(rt.codes.size());
    om_lanes = std::getenv("CG_SEQDIST_RLE") == nullptr && cells <= 10.0 * kernel.lane.lanes * runs;
  }
  uint64_t done = 0;
  for (size_t c0 = 0; c0 < chunks; c0 += per_wave) {
    const size_t c1 = std::min(chunks, c0 + per_wave);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<size_t>(c0, c1, 1), [&](const tbb::blocked_range<size_t>& range) {
        Scratch& s = scratch.local();
        for (size_t c = range.begin(); c != range.end(); ++c) {
          for (size_t i = chunk_row[c]; i < chunk_row[c + 1]; ++i) {
            double* row = values + DistanceMatrix::Index(n, i, i + 1);
            if (om_lanes) {
              kernel.OmRow(i, i + 1, n, row, s);
            } else {
              for (size_t j = i + 1; j < n; ++j) row[j - i - 1] = kernel(i, j, s);
            }
          }
        }
      });
    });
    const uint64_t now = chunk_end_pairs[c1 - 1];
    progress.Advance(now - done);
    done = now;
    if (progress.Cancelled()) {
      return Error(Status::Cancelled(fmt::format("sequence distances cancelled after {} of {} pairs", done, total)));
    }
  }
  progress.Finish();
  return out;
}

}  // namespace careergraph
