// Fuzzes the smaller parsers against frameworks/infrastructure.toml: the first input byte picks
// one — assessments CSV (ParseAssessments), title map CSV (ParseTitleMap), mobility model TOML
// (ParseMobilityModel), a wide sequence table ('W', ParseWideTable) or a substitution cost matrix
// ('S', ParseSubstitutionCosts, for states A, B, C and missing) — and the rest is its text.
// Property: no crash or sanitizer report; an error always has a message; a parsed mobility model
// has shares that sum to 1; parsed costs are square over the states, finite, non-negative,
// symmetric to the tolerance, zero on the diagonal, with indel max/2.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "careergraph/analysis/sequence_distance.h"
#include "careergraph/io/careers.h"
#include "careergraph/io/wide_table.h"
#include "careergraph/sim/simulator.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  (void)careergraph::fuzz::BundledFramework();
  return 0;
}

namespace {

template <typename R>
void CheckError(const R& r) {
  if (!r && (r.error().ok() || r.error().message().empty())) {
    careergraph::fuzz::Fail("an error without a message", "");
  }
}

void CheckShares(const careergraph::Shares& shares, const char* what) {
  if (shares.empty()) return;
  double total = 0;
  for (const auto& [name, share] : shares) total += share;
  if (std::fabs(total - 1) > 1e-9) careergraph::fuzz::Fail(what, std::to_string(total));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace careergraph;
  if (size == 0) return 0;
  const Framework& fw = fuzz::BundledFramework();
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] == 'W') {  // a wide sequence table: states in columns 2..4, ids in column 1
    WideTableOptions o;
    o.first = "2";
    o.last = "4";
    o.id = "1";
    o.weight = size > 1 && data[1] == 'w' ? "5" : "";
    Result<WideTable> t = ParseWideTable(text, "fuzz.csv", o);
    CheckError(t);
    if (t) {
      if (t->rows.size() != t->ids.size() || t->rows.size() != t->lines.size()) fuzz::Fail("wide: sizes disagree", "");
      for (const auto& row : t->rows) {
        if (row.empty() || row.size() > t->columns.size() || row.back() == "*" || row.back().empty()) {
          fuzz::Fail("wide: a bad row", "");
        }
      }
    }
    return 0;
  }
  if (data[0] == 'S' || data[0] == 's') {  // a cost matrix; 's': with missing as a state
    static const SequenceSet seqs =
        *SequenceSet::FromStates({"A", "B", "C"}, {{"A", "B", "C"}, {"C", "*", "A"}});
    const bool with_missing = data[0] == 's';
    Result<SubstitutionCosts> c = ParseSubstitutionCosts(text, "fuzz.csv", seqs, with_missing);
    CheckError(c);
    if (c) {
      const size_t k = c->states.size();
      if (k != (with_missing ? 4u : 3u) || c->periods != 1 || c->values.size() != k * k) fuzz::Fail("costs: shape", "");
      double max = 0;
      for (double v : c->values) {
        if (!std::isfinite(v) || v < 0) fuzz::Fail("costs: a bad value", std::to_string(v));
        max = std::fmax(max, v);
      }
      for (size_t i = 0; i < k; ++i) {
        if (c->at(0, i, i) != 0) fuzz::Fail("costs: diagonal", "");
        for (size_t j = 0; j < k; ++j) {
          if (std::fabs(c->at(0, i, j) - c->at(0, j, i)) > 1e-7 * max) fuzz::Fail("costs: asymmetric", "");
        }
      }
      if (c->indel != max / 2) fuzz::Fail("costs: indel", "");
    }
    return 0;
  }
  switch (data[0] % 3) {
    case 0:
      CheckError(ParseAssessments(text, "fuzz.csv", fw));
      break;
    case 1:
      CheckError(ParseTitleMap(text, "fuzz.csv", fw));
      break;
    default: {
      Result<MobilityModel> m = ParseMobilityModel(text, "fuzz.toml", fw);
      CheckError(m);
      if (m) {
        CheckShares(m->entry, "entry shares do not sum to 1");
        for (const RoleMobility& r : m->roles) {
          CheckShares(r.moves, "move shares do not sum to 1");
          CheckShares(r.titles, "title shares do not sum to 1");
        }
      }
    }
  }
  return 0;
}
