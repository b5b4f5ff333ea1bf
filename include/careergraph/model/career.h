// Careers as records: people, their attributes and their spells in roles, and competency
// assessments — the form imports produce, the store accepts and exports write.
// Thread-safety: plain values.
//
// A spell's `role` is a role id of the framework, or a destination id: a spell in a
// destination records that the person was outside the framework (left, or came from there).
// An absent `end` means the spell is ongoing (right-censored for analysis).
#ifndef CAREERGRAPH_MODEL_CAREER_H_
#define CAREERGRAPH_MODEL_CAREER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "careergraph/base/date.h"

namespace careergraph {

struct Spell {
  std::string role;
  std::string title;  // empty when not recorded
  Date start;
  std::optional<Date> end;
};

struct Person {
  std::string id;
  // Attribute name -> value, sorted by name; names come from the import's extra columns.
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<Spell> spells;  // sorted by start, non-overlapping
};

struct Assessment {
  std::string person_id;
  std::string competency;
  double level = 0;
  Date date;
  std::string source;  // who assessed: "self", "manager", a tool, ... (may be empty)
};

// A batch of careers, as one file holds them.
struct CareerSet {
  std::vector<Person> people;
  // For careers read from a file: the line where each person first appears (for messages
  // about a whole person, such as "already in the store"). Empty otherwise.
  std::vector<size_t> first_line;
  std::string source;  // the file they came from, when they did

  size_t SpellCount() const;
  // Every attribute name any person has, sorted.
  std::vector<std::string> AttributeNames() const;
};

}  // namespace careergraph

#endif  // CAREERGRAPH_MODEL_CAREER_H_
