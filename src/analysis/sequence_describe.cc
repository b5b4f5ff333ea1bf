// TraMineR's descriptive statistics of state sequences (see analysis/sequence_describe.h).
// Everything is one pass over the n × L codes, O(n·L), except seqtab's sort of the distinct
// sequences, O(d log d).
#include "careergraph/analysis/sequence_describe.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace careergraph {
namespace {

using Code = SequenceSet::Code;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

size_t StateCount(const SequenceSet& s, const SeqDescribeOptions& o) {
  return s.alphabet().size() + (o.with_missing ? 1 : 0);
}

// The index of a code among the described states, or -1 when it is not described (void, or
// missing without with_missing).
int StateIndex(const SequenceSet& s, const SeqDescribeOptions& o, Code c) {
  if (c >= 0) return c;
  if (c == SequenceSet::kMissing && o.with_missing) return static_cast<int>(s.alphabet().size());
  return -1;
}

double WeightOf(const SequenceSet& s, const SeqDescribeOptions& o, size_t i) {
  return o.weighted && !s.weights().empty() ? s.weights()[i] : 1.0;
}

// Shannon entropy (natural log) of non-negative counts; 0 for all zeros.
double Entropy(const double* counts, size_t k) {
  double total = 0;
  for (size_t j = 0; j < k; ++j) total += counts[j];
  if (total <= 0) return 0;
  double h = 0;
  for (size_t j = 0; j < k; ++j) {
    if (counts[j] > 0) {
      const double p = counts[j] / total;
      h -= p * std::log(p);
    }
  }
  return h;
}

}  // namespace

std::vector<std::string> DescribedStates(const SequenceSet& sequences, const SeqDescribeOptions& options) {
  std::vector<std::string> states = sequences.alphabet();
  if (options.with_missing) states.emplace_back(SequenceSet::kMissingSymbol);
  return states;
}

// seqstatd(seqdata, weighted, with.missing, norm).
StateDistribution SeqStateDistribution(const SequenceSet& sequences, const SeqDescribeOptions& options,
                                       bool normalize_entropy) {
  StateDistribution d;
  d.states = DescribedStates(sequences, options);
  d.periods = sequences.columns();
  d.normalized = normalize_entropy;
  const size_t k = d.states.size(), length = sequences.length();
  d.shares.assign(k * length, 0.0);
  d.valid.assign(length, 0.0);
  d.entropy.assign(length, kNaN);
  for (size_t i = 0; i < sequences.size(); ++i) {
    const double w = WeightOf(sequences, options, i);
    d.total_weight += w;
    const Code* row = sequences.row(i);
    for (size_t t = 0; t < length; ++t) {
      const int s = StateIndex(sequences, options, row[t]);
      if (s >= 0) d.shares[static_cast<size_t>(s) * length + t] += w;
    }
  }
  const double max_entropy = k > 1 ? std::log(static_cast<double>(k)) : 1.0;
  std::vector<double> column(k);
  for (size_t t = 0; t < length; ++t) {
    double n = 0;
    for (size_t s = 0; s < k; ++s) n += d.shares[s * length + t];
    d.valid[t] = n;
    if (n <= 0) continue;
    for (size_t s = 0; s < k; ++s) column[s] = d.shares[s * length + t];
    const double h = Entropy(column.data(), k);
    d.entropy[t] = normalize_entropy ? (k > 1 ? h / max_entropy : 0.0) : h;
    for (size_t s = 0; s < k; ++s) d.shares[s * length + t] /= n;
  }
  return d;
}

// seqmeant(seqdata, weighted, with.missing, prop = FALSE, serr = TRUE).
MeanTimes SeqMeanTimes(const SequenceSet& sequences, const SeqDescribeOptions& options) {
  MeanTimes m;
  m.states = DescribedStates(sequences, options);
  const size_t k = m.states.size(), n = sequences.size(), length = sequences.length();
  // Time in each state per sequence (TraMineR's seqistatd).
  std::vector<double> times(n * k, 0.0);
  double w_total = 0, w2_total = 0;
  std::vector<double> sum(k, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const double w = WeightOf(sequences, options, i);
    w_total += w;
    w2_total += w * w;
    const Code* row = sequences.row(i);
    for (size_t t = 0; t < length; ++t) {
      const int s = StateIndex(sequences, options, row[t]);
      if (s >= 0) times[i * k + static_cast<size_t>(s)] += 1;
    }
    for (size_t s = 0; s < k; ++s) sum[s] += w * times[i * k + s];
  }
  m.total_weight = w_total;
  m.mean.assign(k, kNaN);
  m.variance.assign(k, kNaN);
  m.stdev.assign(k, kNaN);
  m.se.assign(k, kNaN);
  if (w_total <= 0) return m;
  const double denominator = w_total * w_total - w2_total;
  for (size_t s = 0; s < k; ++s) {
    const double mean = sum[s] / w_total;
    m.mean[s] = mean;
    double ss = 0;
    for (size_t i = 0; i < n; ++i) {
      const double dev = times[i * k + s] - mean;
      ss += WeightOf(sequences, options, i) * dev * dev;
    }
    if (denominator > 0) {
      m.variance[s] = ss * w_total / denominator;
      m.stdev[s] = std::sqrt(m.variance[s]);
      m.se[s] = std::sqrt(m.variance[s] / w_total);
    }
  }
  return m;
}

// seqdss + seqdur.
std::vector<StateSpell> SeqSpells(const SequenceSet& sequences, size_t sequence, const SeqDescribeOptions& options) {
  std::vector<StateSpell> spells;
  const Code* row = sequences.row(sequence);
  for (size_t t = 0; t < sequences.length(); ++t) {
    if (StateIndex(sequences, options, row[t]) < 0) continue;
    if (!spells.empty() && spells.back().state == row[t]) {
      ++spells.back().duration;
    } else {
      spells.push_back({row[t], 1});
    }
  }
  return spells;
}

std::string SpellsLabel(const SequenceSet& sequences, const std::vector<StateSpell>& spells) {
  std::string out;
  for (const StateSpell& s : spells) {
    if (!out.empty()) out += '-';
    out += fmt::format("{}/{}", sequences.Name(s.state), s.duration);
  }
  return out;
}

std::string SpellsSps(const SequenceSet& sequences, const std::vector<StateSpell>& spells) {
  std::string out;
  for (const StateSpell& s : spells) {
    if (!out.empty()) out += '-';
    out += fmt::format("({},{})", sequences.Name(s.state), s.duration);
  }
  return out;
}

// seqtab(seqdata, idxs = 0, weighted, format = "SPS"), every distinct sequence.
std::vector<SequenceFrequency> SeqFrequencies(const SequenceSet& sequences, const SeqDescribeOptions& options) {
  std::vector<SequenceFrequency> table;
  std::unordered_map<std::string, size_t> index;
  double total = 0;
  for (size_t i = 0; i < sequences.size(); ++i) {
    std::vector<StateSpell> spells = SeqSpells(sequences, i, options);
    if (spells.empty()) continue;
    const double w = WeightOf(sequences, options, i);
    total += w;
    std::string label = SpellsLabel(sequences, spells);
    auto [it, inserted] = index.try_emplace(label, table.size());
    if (inserted) {
      SequenceFrequency f;
      f.label = std::move(label);
      f.spells = std::move(spells);
      f.first_row = i;
      table.push_back(std::move(f));
    }
    SequenceFrequency& f = table[it->second];
    f.weight += w;
    ++f.count;
  }
  for (SequenceFrequency& f : table) f.percent = total > 0 ? 100.0 * f.weight / total : 0.0;
  std::sort(table.begin(), table.end(), [](const SequenceFrequency& a, const SequenceFrequency& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.label < b.label;
  });
  return table;
}

// seqsubsn's count: N(0) = 1; N(k) = 2·N(k−1) − N(last(c) − 1) when the k-th state c was seen
// before at position last(c), else 2·N(k−1).
double DistinctSubsequences(const std::vector<Code>& states) {
  std::unordered_map<Code, size_t> last;
  std::vector<double> count(states.size() + 1);
  count[0] = 1;
  for (size_t k = 1; k <= states.size(); ++k) {
    count[k] = 2 * count[k - 1];
    auto it = last.find(states[k - 1]);
    if (it != last.end()) count[k] -= count[it->second - 1];
    last[states[k - 1]] = k;
  }
  return count.back();
}

std::vector<SequenceIndicators> SeqIndicators(const SequenceSet& sequences, const SeqDescribeOptions& options) {
  const size_t k = StateCount(sequences, options);
  const double max_entropy = k > 1 ? std::log(static_cast<double>(k)) : 1.0;
  std::vector<SequenceIndicators> out(sequences.size());
  std::vector<double> counts(k);
  std::vector<Code> states;
  for (size_t i = 0; i < sequences.size(); ++i) {
    SequenceIndicators& x = out[i];
    const std::vector<StateSpell> spells = SeqSpells(sequences, i, options);
    std::fill(counts.begin(), counts.end(), 0.0);
    states.clear();
    for (const StateSpell& s : spells) {
      x.length += s.duration;
      counts[static_cast<size_t>(StateIndex(sequences, options, s.state))] += s.duration;
      states.push_back(s.state);
    }
    x.spells = static_cast<int32_t>(spells.size());
    x.transitions = spells.empty() ? 0 : x.spells - 1;
    x.entropy = k > 1 ? Entropy(counts.data(), k) / max_entropy : 0.0;
    // seqST, type 1.
    if (spells.empty()) {
      x.turbulence = kNaN;
    } else {
      const double mean = static_cast<double>(x.length) / x.spells;
      double variance = 0;
      for (const StateSpell& s : spells) variance += (s.duration - mean) * (s.duration - mean);
      variance /= x.spells;
      const double variance_max = (x.spells - 1) * (1 - mean) * (1 - mean);
      x.turbulence = std::log2(DistinctSubsequences(states) * (variance_max + 1) / (variance + 1));
    }
    // seqici: seqtransn(norm = TRUE) × seqient(norm = TRUE), square-rooted.
    const double transitions = x.length > 1 ? static_cast<double>(x.transitions) / (x.length - 1) : 0.0;
    x.complexity = std::sqrt(transitions * x.entropy);
  }
  return out;
}

}  // namespace careergraph
