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

void Population::Reserve(size_t n_people, size_t n_spells) {
  person_ids.reserve(n_people);
  spell_begin.reserve(n_people + 1);
  state.reserve(n_spells);
  title.reserve(n_spells);
  start.reserve(n_spells);
  end.reserve(n_spells);
  start_precision.reserve(n_spells);
  end_precision.reserve(n_spells);
}

void Population::AddSpell(uint32_t state_id, uint32_t title_id, Date start_date,
                          std::optional<Date> end_date) {
  state.push_back(state_id);
  title.push_back(title_id);
  start.push_back(start_date.days);
  start_precision.push_back(static_cast<uint8_t>(start_date.precision));
  end.push_back(end_date ? end_date->days : kOngoing);
  end_precision.push_back(static_cast<uint8_t>(end_date ? end_date->precision : DatePrecision::kDay));
}

Population Population::FromCareers(const CareerSet& careers) {
  Population pop;
  pop.titles.Intern("");
  pop.attribute_names = careers.AttributeNames();
  pop.attribute.assign(pop.attribute_names.size(), {});
  pop.Reserve(careers.people.size(), careers.SpellCount());
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
      pop.AddSpell(pop.states.Intern(s.role), pop.titles.Intern(s.title), s.start, s.end);
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

Population SelectPeople(const Population& pop, const std::vector<uint8_t>& keep) {
  Population out;
  out.attribute_names = pop.attribute_names;
  out.attribute.assign(pop.attribute.size(), {});
  out.attribute_values = pop.attribute_values;
  out.states = pop.states;
  out.titles = pop.titles;
  out.spell_begin.push_back(0);
  for (size_t p = 0; p < pop.people(); ++p) {
    if (!keep[p]) continue;
    out.person_ids.push_back(pop.person_ids[p]);
    for (size_t a = 0; a < pop.attribute.size(); ++a) out.attribute[a].push_back(pop.attribute[a][p]);
    const uint32_t b = pop.spell_begin[p], e = pop.spell_begin[p + 1];
    out.state.insert(out.state.end(), pop.state.begin() + b, pop.state.begin() + e);
    out.title.insert(out.title.end(), pop.title.begin() + b, pop.title.begin() + e);
    out.start.insert(out.start.end(), pop.start.begin() + b, pop.start.begin() + e);
    out.end.insert(out.end.end(), pop.end.begin() + b, pop.end.begin() + e);
    out.start_precision.insert(out.start_precision.end(), pop.start_precision.begin() + b,
                               pop.start_precision.begin() + e);
    out.end_precision.insert(out.end_precision.end(), pop.end_precision.begin() + b, pop.end_precision.begin() + e);
    out.spell_begin.push_back(static_cast<uint32_t>(out.state.size()));
  }
  return out;
}

CareerBatch CareerBatch::FromCareers(const CareerSet& careers) {
  return CareerBatch{Population::FromCareers(careers), careers.first_line, careers.source};
}

CareerSet CareerBatch::ToCareerSet() const {
  CareerSet out;
  out.people.reserve(population.people());
  for (size_t p = 0; p < population.people(); ++p) out.people.push_back(population.PersonAt(p));
  out.first_line = first_line;
  out.source = source;
  return out;
}

}  // namespace careergraph
