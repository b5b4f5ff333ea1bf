// Population: the in-memory, columnar form of all careers that analysis works on.
// Thread-safety: immutable once loaded; safe to share between threads for reading.
//
// Spells are stored as parallel arrays sorted by person and start, with role, title and
// attribute values interned to small integers, so a scan over a million spells touches a few
// contiguous arrays and no strings.
#ifndef CAREERGRAPH_MODEL_POPULATION_H_
#define CAREERGRAPH_MODEL_POPULATION_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/base/date.h"
#include "careergraph/base/string_map.h"
#include "careergraph/model/career.h"

namespace careergraph {

// A string table: each distinct string gets a dense id, in order of first appearance.
class Interner {
 public:
  uint32_t Intern(std::string_view s);
  // kNone when `s` was never interned.
  uint32_t Find(std::string_view s) const;
  const std::string& Get(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }
  const std::vector<std::string>& strings() const { return strings_; }

  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

 private:
  std::vector<std::string> strings_;
  StringMap<uint32_t> index_;
};

struct Population {
  static constexpr int32_t kOngoing = std::numeric_limits<int32_t>::max();

  // People, in store order; the spells of person p are [spell_begin[p], spell_begin[p + 1]).
  std::vector<std::string> person_ids;
  std::vector<uint32_t> spell_begin;  // size = people + 1

  // Attributes: attribute_names[a]; value of person p is values.Get(attribute[a][p]), or
  // absent when attribute[a][p] == Interner::kNone.
  std::vector<std::string> attribute_names;
  std::vector<std::vector<uint32_t>> attribute;
  Interner attribute_values;

  // Spells, sorted by person then start.
  Interner states;  // role and destination ids
  Interner titles;  // titles; id 0 is "" (no title)
  std::vector<uint32_t> state;
  std::vector<uint32_t> title;
  std::vector<int32_t> start;  // days since 1970-01-01
  std::vector<int32_t> end;    // days, or kOngoing
  std::vector<uint8_t> start_precision;
  std::vector<uint8_t> end_precision;

  size_t people() const { return person_ids.size(); }
  size_t spells() const { return state.size(); }

  // Building: reserve room, then append spells in person-then-start order.
  void Reserve(size_t n_people, size_t n_spells);
  void AddSpell(uint32_t state_id, uint32_t title_id, Date start_date, std::optional<Date> end_date);

  // Builds the columnar form from records (persons in order, spells sorted).
  static Population FromCareers(const CareerSet& careers);
  // The record form of person p.
  Person PersonAt(size_t p) const;
};

// The people with keep[p] != 0 (keep has one entry per person), in the same order, with their
// spells and attributes; the string tables are copied whole, so state, title and attribute
// value ids mean the same in both populations.
Population SelectPeople(const Population& population, const std::vector<uint8_t>& keep);

// Careers as an import reads them: a Population (people in order of first appearance, spells
// by start, attributes by name) with where it came from — the file, and the line where each
// person first appears — for messages about whole people.
struct CareerBatch {
  Population population;
  std::vector<size_t> first_line;  // empty when not read from a file
  std::string source;

  static CareerBatch FromCareers(const CareerSet& careers);
  CareerSet ToCareerSet() const;
};

}  // namespace careergraph

#endif  // CAREERGRAPH_MODEL_POPULATION_H_
