#include "careergraph/model/population.h"

namespace careergraph {

uint32_t Interner::Intern(std::string_view s) {
  auto it = index_.find(s);
  if (it != index_.end()) return it->second;
  const auto id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  index_.emplace(strings_.back(), id);
  return id;
}

uint32_t Interner::Find(std::string_view s) const {
  auto it = index_.find(s);
  return it == index_.end() ? kNone : it->second;
}

Population Population::FromCareers(const CareerSet& careers) {
  Population pop;
  pop.titles.Intern("");
  pop.attribute_names = careers.AttributeNames();
  pop.attribute.assign(pop.attribute_names.size(), {});
  const size_t n_spells = careers.SpellCount();
  pop.state.reserve(n_spells);
  pop.title.reserve(n_spells);
  pop.start.reserve(n_spells);
  pop.end.reserve(n_spells);
  pop.start_precision.reserve(n_spells);
  pop.end_precision.reserve(n_spells);
  pop.spell_begin.push_back(0);
  for (const Person& person : careers.people) {
    pop.person_ids.push_back(person.id);
    for (size_t a = 0; a < pop.attribute_names.size(); ++a) {
      uint32_t v = Interner::kNone;
      for (const auto& [name, value] : person.attributes) {
        if (name == pop.attribute_names[a]) v = pop.attribute_values.Intern(value);
      }
      pop.attribute[a].push_back(v);
    }
    for (const Spell& s : person.spells) {
      pop.state.push_back(pop.states.Intern(s.role));
      pop.title.push_back(pop.titles.Intern(s.title));
      pop.start.push_back(s.start.days);
      pop.start_precision.push_back(static_cast<uint8_t>(s.start.precision));
      pop.end.push_back(s.end ? s.end->days : kOngoing);
      pop.end_precision.push_back(static_cast<uint8_t>(s.end ? s.end->precision : DatePrecision::kDay));
    }
    pop.spell_begin.push_back(static_cast<uint32_t>(pop.state.size()));
  }
  return pop;
}

Person Population::PersonAt(size_t p) const {
  Person person;
  person.id = person_ids[p];
  for (size_t a = 0; a < attribute_names.size(); ++a) {
    if (attribute[a][p] != Interner::kNone) {
      person.attributes.emplace_back(attribute_names[a], attribute_values.Get(attribute[a][p]));
    }
  }
  for (uint32_t i = spell_begin[p]; i < spell_begin[p + 1]; ++i) {
    Spell s;
    s.role = states.Get(state[i]);
    s.title = titles.Get(title[i]);
    s.start = Date{start[i], static_cast<DatePrecision>(start_precision[i])};
    if (end[i] != kOngoing) s.end = Date{end[i], static_cast<DatePrecision>(end_precision[i])};
    person.spells.push_back(std::move(s));
  }
  return person;
}

}  // namespace careergraph
