// Career files. Both front ends (CSV rows, JSON objects) feed one CareerBuilder, which owns
// every rule about careers: ids, roles and titles, dates, overlaps, constant attributes. So a
// rule is written once and the two formats cannot drift apart.
#include "careergraph/io/careers.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/base/diagnostics.h"
#include "careergraph/base/file.h"
#include "careergraph/io/csv.h"

namespace careergraph {
namespace {

constexpr std::string_view kCoreColumns[] = {"person_id", "role", "title", "start", "end"};

// Up to `n` names nearest to `name` by edit distance, nearest first, ties by name.
std::vector<std::string> Nearest(std::string_view name, const std::vector<std::string>& candidates,
                                 size_t n) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const std::string& c : candidates) scored.emplace_back(EditDistance(name, c), c);
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < n; ++i) {
    // Suggest only names within half their length: beyond that a suggestion is noise.
    if (scored[i].first * 2 > std::max(name.size(), scored[i].second.size())) break;
    out.push_back(scored[i].second);
  }
  return out;
}

// A value as it may appear inside a one-line message: control characters escaped, long values
// cut, so a stray line break in a field cannot split a diagnostic in two.
std::string Printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 200)) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  if (s.size() > 200) out += "...";
  return out;
}

std::string QuotedList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += fmt::format("{}'{}'", out.empty() ? "" : ", ", s);
  return out;
}

std::string LineList(const std::vector<size_t>& lines) {
  std::string out;
  const size_t shown = std::min<size_t>(lines.size(), 10);
  for (size_t i = 0; i < shown; ++i) out += fmt::format("{}{}", i ? ", " : "", lines[i]);
  if (lines.size() > shown) out += fmt::format(" and {} more", lines.size() - shown);
  return out;
}

// Everything about careers that is independent of the file format. Rows are collected as
// small fixed-size records with interned people, states and titles (no string per spell), then
// ordered by person and start with a counting sort and laid out as a Population: a million
// spells cost ~30 MB on the way instead of a few hundred.
class CareerBuilder {
 public:
  CareerBuilder(const Framework& fw, const TitleMap& extra, std::string file, Diagnostics* diags)
      : fw_(fw), extra_(extra), file_(std::move(file)), diags_(diags) {
    for (const Role& r : fw_.roles) state_ids_.push_back(r.id);
    for (const Destination& d : fw_.destinations) state_ids_.push_back(d.id);
    for (const std::string& id : state_ids_) states_.Intern(id);
    titles_.Intern("");
  }

  // Room for `rows` rows, and for as many people at most (reserved memory that stays unused
  // costs address space, not time), so nothing is regrown and copied on the way.
  void Reserve(size_t rows) {
    cols_.Reserve(0, rows);
    row_person_.reserve(rows);
    row_line_.reserve(rows);
    person_ids_.reserve(rows);
    first_line_.reserve(rows);
    person_index_.reserve(rows / 2);
    reserved_ = rows;
    for (auto& v : attr_value_) v.reserve(rows);
    for (auto& v : attr_line_) v.reserve(rows);
  }

  // Registers an attribute column; returns its index.
  size_t AttributeIndex(std::string_view name) {
    auto it = attr_index_.find(name);
    if (it != attr_index_.end()) return it->second;
    attr_names_.emplace_back(name);
    attr_index_.emplace(std::string(name), attr_names_.size() - 1);
    attr_value_.emplace_back(person_ids_.size(), Interner::kNone);
    attr_line_.emplace_back(person_ids_.size(), 0);
    attr_value_.back().reserve(reserved_);
    attr_line_.back().reserve(reserved_);
    return attr_names_.size() - 1;
  }

  // One spell. `attrs` holds (attribute index, value) pairs; empty values mean "not given".
  void AddSpell(size_t line, std::string_view person_id, std::string_view role,
                std::string_view title, std::string_view start, std::string_view end,
                const std::vector<std::pair<size_t, std::string_view>>& attrs) {
    bool ok = true;
    auto bad = [&](std::string_view field, std::string message) {
      diags_->Add(file_, line, 0, fmt::format("field '{}': {}", field, message));
      ok = false;
    };
    auto utf8 = [&](std::string_view field, std::string_view value) {
      if (IsValidUtf8(value)) return true;
      bad(field, "is not valid UTF-8; save the file as UTF-8");
      return false;
    };
    if (!utf8("person_id", person_id) || !utf8("role", role) || !utf8("title", title)) return;
    if (person_id.empty()) bad("person_id", "is empty; every spell needs the id of its person");

    // Role: given, or resolved from the title.
    uint32_t state = Interner::kNone;
    if (!role.empty()) {
      state = states_.Find(role);
      if (state == Interner::kNone) {
        const auto near = Nearest(role, state_ids_, 3);
        bad("role", fmt::format("unknown role '{}' in framework '{}' {}{}", Printable(role), fw_.id,
                                fw_.version,
                                near.empty() ? "; expected a role or destination id"
                                             : fmt::format("; did you mean {}?", QuotedList(near))));
      }
    } else if (title.empty()) {
      bad("role", "role and title are both empty; give the role id, or a title that one of the "
                  "framework's aliases (or --map) resolves");
    } else {
      const std::string norm = NormalizeTitle(title);
      if (auto it = extra_.find(norm); it != extra_.end()) {
        state = states_.Find(it->second);
      } else if (const Role* r = fw_.RoleForTitle(title)) {
        state = states_.Find(r->id);
      } else {
        auto& u = unresolved_[norm];
        if (u.lines.empty()) u.title = title;
        u.lines.push_back(line);
        ok = false;
      }
    }

    Date start_date;
    std::optional<Date> end_date;
    bool start_ok = false;
    if (start.empty()) {
      bad("start", "is empty; expected YYYY, YYYY-MM or YYYY-MM-DD");
    } else if (Result<Date> d = ParseDate(start)) {
      start_date = *d;
      start_ok = true;
    } else {
      bad("start", Printable(d.error().message()));
    }
    if (!end.empty()) {
      if (Result<Date> d = ParseDate(end)) {
        end_date = *d;
        if (start_ok && end_date->days < start_date.days) {
          bad("end", fmt::format("{} is before the start {}; a spell must end on or after it "
                                 "starts", end, start));
        }
      } else {
        bad("end", Printable(d.error().message()));
      }
    }

    // Person and attributes. Rows of one person usually follow each other: check the last one
    // before hashing.
    if (person_id.empty()) return;
    uint32_t p;
    if (last_person_ != Interner::kNone && person_ids_[last_person_] == person_id) {
      p = last_person_;
    } else {
      auto [it, fresh] = person_index_.try_emplace(std::string(person_id), static_cast<uint32_t>(person_ids_.size()));
      if (fresh) {
        person_ids_.emplace_back(person_id);
        first_line_.push_back(line);
        for (size_t a = 0; a < attr_names_.size(); ++a) {
          attr_value_[a].push_back(Interner::kNone);
          attr_line_[a].push_back(0);
        }
      }
      p = it->second;
      last_person_ = p;
    }
    for (const auto& [index, value] : attrs) {
      if (value.empty()) continue;
      if (!IsValidUtf8(value)) {
        bad(attr_names_[index], "is not valid UTF-8; save the file as UTF-8");
        continue;
      }
      uint32_t& v = attr_value_[index][p];
      if (v == Interner::kNone) {
        v = attr_values_.Intern(value);
        attr_line_[index][p] = static_cast<uint32_t>(line);
      } else if (attr_values_.Get(v) != value) {
        bad(attr_names_[index],
            fmt::format("person '{}' has '{}' here but '{}' on line {}; an attribute is constant "
                        "per person", Printable(person_id), Printable(value),
                        Printable(attr_values_.Get(v)), attr_line_[index][p]));
      }
    }
    if (!ok) return;
    if (title != titles_.Get(last_title_)) last_title_ = titles_.Intern(title);
    cols_.AddSpell(state, last_title_, start_date, end_date);
    row_person_.push_back(p);
    row_line_.push_back(static_cast<uint32_t>(line));
  }

  Result<CareerBatch> Finish() {
    ReportUnresolvedTitles();
    OrderByPersonAndStart();
    CheckOverlaps();
    if (!diags_->empty()) return Error(diags_->ToStatus());

    CareerBatch out;
    out.source = file_;
    out.first_line = std::move(first_line_);
    Population& pop = out.population;
    pop = std::move(cols_);  // the spell columns, now in person-then-start order
    pop.person_ids = std::move(person_ids_);
    pop.states = std::move(states_);
    pop.titles = std::move(titles_);
    pop.attribute_values = std::move(attr_values_);
    pop.spell_begin.assign(pop.person_ids.size() + 1, 0);
    for (uint32_t p : row_person_) ++pop.spell_begin[p + 1];
    for (size_t p = 0; p < pop.person_ids.size(); ++p) pop.spell_begin[p + 1] += pop.spell_begin[p];
    // Attribute columns in name order, as the store and the writers expect.
    std::vector<size_t> order(attr_names_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return attr_names_[a] < attr_names_[b]; });
    for (size_t a : order) {
      // A column nobody has a value in (an all-empty CSV column) is not an attribute.
      if (std::all_of(attr_value_[a].begin(), attr_value_[a].end(), [](uint32_t v) { return v == Interner::kNone; })) {
        continue;
      }
      pop.attribute_names.push_back(attr_names_[a]);
      pop.attribute.push_back(std::move(attr_value_[a]));
    }
    return out;
  }

 private:
  struct Unresolved {
    std::string title;
    std::vector<size_t> lines;
  };

  // Reorders the row columns by person (in order of first appearance), each person's rows by
  // start. The usual file already lists each person's rows together and in order: then
  // nothing moves. Otherwise a stable counting sort on the person, then a stable sort of each
  // person's rows by start, as one permutation applied to every column.
  void OrderByPersonAndStart() {
    const size_t n = row_person_.size();
    const bool grouped = std::is_sorted(row_person_.begin(), row_person_.end());
    std::vector<uint32_t> order;
    auto by_start = [&](uint32_t a, uint32_t b) { return cols_.start[a] < cols_.start[b]; };
    if (grouped) {
      bool sorted = true;
      for (size_t i = 1; i < n && sorted; ++i) {
        sorted = row_person_[i] != row_person_[i - 1] || cols_.start[i] >= cols_.start[i - 1];
      }
      if (sorted) return;
      order.resize(n);
      std::iota(order.begin(), order.end(), uint32_t{0});
    } else {
      std::vector<uint32_t> next(person_ids_.size() + 1, 0);
      for (uint32_t p : row_person_) ++next[p + 1];
      for (size_t p = 0; p < person_ids_.size(); ++p) next[p + 1] += next[p];
      order.resize(n);
      for (uint32_t i = 0; i < n; ++i) order[next[row_person_[i]]++] = i;
    }
    for (size_t i = 0; i < n;) {
      size_t j = i + 1;
      while (j < n && row_person_[order[j]] == row_person_[order[i]]) ++j;
      if (!std::is_sorted(order.begin() + i, order.begin() + j, by_start)) {
        std::stable_sort(order.begin() + i, order.begin() + j, by_start);
      }
      i = j;
    }
    auto permute = [&](auto& column) {
      std::remove_reference_t<decltype(column)> out(column.size());
      for (size_t i = 0; i < n; ++i) out[i] = column[order[i]];
      column = std::move(out);
    };
    permute(row_person_);
    permute(row_line_);
    permute(cols_.state);
    permute(cols_.title);
    permute(cols_.start);
    permute(cols_.end);
    permute(cols_.start_precision);
    permute(cols_.end_precision);
  }

  void CheckOverlaps() {
    for (size_t i = 1; i < row_person_.size(); ++i) {
      if (row_person_[i - 1] != row_person_[i]) continue;
      auto date = [&](int32_t days, uint8_t precision) { return Date{days, static_cast<DatePrecision>(precision)}; };
      const Date cur_start = date(cols_.start[i], cols_.start_precision[i]);
      const Date prev_start = date(cols_.start[i - 1], cols_.start_precision[i - 1]);
      const std::string& person = person_ids_[row_person_[i]];
      const std::string& prev_state = states_.Get(cols_.state[i - 1]);
      if (cols_.end[i - 1] == Population::kOngoing) {
        diags_->Add(file_, row_line_[i], 0,
                    fmt::format("field 'start': person '{}' starts a spell on {} while the spell on "
                                "line {} ({} from {}) is still open (no end); spells of a person "
                                "must not overlap", Printable(person), cur_start.ToString(),
                                row_line_[i - 1], prev_state, prev_start.ToString()));
      } else if (cols_.start[i] < cols_.end[i - 1] || cols_.start[i] == cols_.start[i - 1]) {
        const Date prev_end = date(cols_.end[i - 1], cols_.end_precision[i - 1]);
        diags_->Add(file_, row_line_[i], 0,
                    fmt::format("field 'start': person '{}' starts a spell on {} before the spell "
                                "on line {} ({} {} to {}) ends; spells of a person must not "
                                "overlap", Printable(person), cur_start.ToString(), row_line_[i - 1],
                                prev_state, prev_start.ToString(), prev_end.ToString()));
      }
    }
  }

  void ReportUnresolvedTitles() {
    if (unresolved_.empty()) return;
    std::vector<std::string> aliases;
    std::map<std::string, std::string> alias_role;
    for (const Role& r : fw_.roles) {
      for (const std::string& a : r.aliases) {
        aliases.push_back(NormalizeTitle(a));
        alias_role[aliases.back()] = fmt::format("'{}' ({})", a, r.id);
      }
    }
    std::vector<const Unresolved*> list;
    for (const auto& [norm, u] : unresolved_) list.push_back(&u);
    std::sort(list.begin(), list.end(),
              [](const Unresolved* a, const Unresolved* b) { return a->lines[0] < b->lines[0]; });
    for (const Unresolved* u : list) {
      std::string near;
      for (const std::string& n : Nearest(NormalizeTitle(u->title), aliases, 3)) {
        near += fmt::format("{}{}", near.empty() ? "" : ", ", alias_role[n]);
      }
      diags_->Add(file_, u->lines[0], 0,
                  fmt::format("field 'title': title '{}' ({} {}) matches no alias of any role{}; "
                              "give the role, add the title to a role's aliases, or map it with "
                              "--map FILE",
                              Printable(u->title), u->lines.size() == 1 ? "line" : "lines",
                              LineList(u->lines),
                              near.empty() ? "" : fmt::format("; nearest aliases: {}", near)));
    }
  }

  const Framework& fw_;
  const TitleMap& extra_;
  std::string file_;
  Diagnostics* diags_;
  std::vector<std::string> state_ids_;  // for suggestions
  Interner states_;                     // roles then destinations of the framework
  Interner titles_;                     // 0 = no title
  // Rows, as columns: the spell columns of a Population (cols_.state, .title, .start, ...) in
  // file order until Finish orders them, and beside them each row's person and line.
  Population cols_;
  std::vector<uint32_t> row_person_;
  std::vector<uint32_t> row_line_;
  // People in order of first appearance.
  std::vector<std::string> person_ids_;
  StringMap<uint32_t> person_index_;
  uint32_t last_person_ = Interner::kNone;
  uint32_t last_title_ = 0;
  size_t reserved_ = 0;  // rows (and so people at most) Reserve() made room for  // titles repeat on consecutive rows: compare before hashing
  std::vector<size_t> first_line_;
  // Attributes: names in column order; per attribute, a value id (or kNone) and the line that
  // gave it, per person.
  std::vector<std::string> attr_names_;
  StringMap<size_t> attr_index_;
  std::vector<std::vector<uint32_t>> attr_value_;
  std::vector<std::vector<uint32_t>> attr_line_;
  Interner attr_values_;
  std::map<std::string, Unresolved> unresolved_;
};

// Reads the header row and checks that the core columns are there exactly once.
struct CsvHeader {
  size_t core[5] = {};  // column index of each core column
  std::vector<std::pair<size_t, size_t>> attributes;  // (column, builder attribute index)
  size_t columns = 0;
};

Result<CsvHeader> ReadHeader(const CsvRow& row, std::string_view file, CareerBuilder* builder) {
  Diagnostics diags;
  CsvHeader h;
  h.columns = row.fields.size();
  bool found[5] = {};
  std::map<std::string_view, size_t> seen;
  for (size_t c = 0; c < row.fields.size(); ++c) {
    std::string_view name = row.fields[c];
    if (!IsValidUtf8(name)) {
      diags.Add(std::string(file), row.line, 0, fmt::format("header column {} is not valid UTF-8", c + 1));
      continue;
    }
    if (name.empty()) {
      diags.Add(std::string(file), row.line, 0,
                fmt::format("header column {} has no name; every column needs one", c + 1));
      continue;
    }
    if (auto [it, fresh] = seen.emplace(name, c); !fresh) {
      diags.Add(std::string(file), row.line, 0,
                fmt::format("column '{}' appears twice in the header (columns {} and {})", name,
                            it->second + 1, c + 1));
      continue;
    }
    bool core = false;
    for (size_t k = 0; k < 5; ++k) {
      if (name == kCoreColumns[k]) {
        h.core[k] = c;
        found[k] = core = true;
      }
    }
    if (!core) h.attributes.emplace_back(c, builder->AttributeIndex(name));
  }
  for (size_t k = 0; k < 5; ++k) {
    if (!found[k]) {
      diags.Add(std::string(file), row.line, 0,
                fmt::format("the header has no '{}' column; expected person_id,role,title,start,"
                            "end and then any attribute columns", kCoreColumns[k]));
    }
  }
  if (!diags.empty()) return Error(diags.ToStatus());
  return h;
}

Result<CareerBatch> ParseCsv(std::string_view text, std::string_view file, const Framework& fw,
                           const TitleMap& extra, Progress& progress) {
  Diagnostics diags;
  CareerBuilder builder(fw, extra, std::string(file), &diags);
  CsvReader reader(text);
  CsvRow row;
  if (!reader.Next(&row)) {
    if (!reader.status().ok()) {
      diags.Add(std::string(file), reader.error_line(), reader.error_column(), reader.status().message());
      return Error(diags.ToStatus());
    }
    return Error(Status::Invalid(fmt::format("{}:1: the file is empty; expected the header "
                                             "person_id,role,title,start,end", file)));
  }
  Result<CsvHeader> header = ReadHeader(row, file, &builder);
  if (!header) return Error(header.error());
  builder.Reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
  progress.Start("reading", text.size());
  std::vector<std::pair<size_t, std::string_view>> attrs;
  size_t rows = 0;
  while (reader.Next(&row)) {
    if (row.fields.size() != header->columns) {
      diags.Add(std::string(file), row.line, 0,
                fmt::format("has {} fields; the header has {} columns", row.fields.size(),
                            header->columns));
      continue;
    }
    attrs.clear();
    for (const auto& [column, index] : header->attributes) attrs.emplace_back(index, row.fields[column]);
    const auto& f = row.fields;
    const size_t* c = header->core;
    builder.AddSpell(row.line, f[c[0]], f[c[1]], f[c[2]], f[c[3]], f[c[4]], attrs);
    if ((++rows & 0xFFFF) == 0) progress.Advance(reader.bytes_consumed());
  }
  progress.Finish();
  if (!reader.status().ok()) {
    diags.Add(std::string(file), reader.error_line(), reader.error_column(), reader.status().message());
  }
  return builder.Finish();
}

// A light pass over JSON text that nlohmann's DOM cannot give us: the line of every '{' in
// document order, and keys repeated within one object. With nlohmann's ordered_json (which keeps
// keys in document order) a pre-order walk of the parsed value meets objects in this same order,
// which is how JSON values get their line numbers. Repeated keys would break that alignment
// (the DOM keeps one of them), and are an error anyway.
struct JsonScan {
  std::vector<size_t> object_lines;
  struct Duplicate {
    size_t line, first_line;
    std::string key;
  };
  std::vector<Duplicate> duplicates;
};

JsonScan ScanJson(std::string_view text) {
  struct Frame {
    bool object;
    bool expect_key;
    std::map<std::string, size_t> keys;
  };
  JsonScan scan;
  std::vector<Frame> stack;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '"') {
      const size_t begin = ++i, at = line;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\') ++i;
        else if (text[i] == '\n') ++line;
        ++i;
      }
      if (!stack.empty() && stack.back().object && stack.back().expect_key) {
        Frame& f = stack.back();
        f.expect_key = false;
        std::string key(text.substr(begin, std::min(i, text.size()) - begin));
        auto [it, fresh] = f.keys.emplace(key, at);
        if (!fresh) scan.duplicates.push_back({at, it->second, std::move(key)});
      }
    } else if (c == '{') {
      scan.object_lines.push_back(line);
      stack.push_back({true, true, {}});
    } else if (c == '[') {
      stack.push_back({false, false, {}});
    } else if ((c == '}' || c == ']') && !stack.empty()) {
      stack.pop_back();
    } else if (c == ',' && !stack.empty() && stack.back().object) {
      stack.back().expect_key = true;
    }
  }
  return scan;
}

using OrderedJson = nlohmann::ordered_json;

Result<CareerBatch> ParseJson(std::string_view text, std::string_view file, const Framework& fw,
                            const TitleMap& extra, Progress& progress) {
  OrderedJson doc = OrderedJson::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    // Parse again with exceptions to learn where it failed (nlohmann reports the byte).
    try {
      OrderedJson again = OrderedJson::parse(text);
      return Error(Status::Internal(fmt::format("{}: the JSON parser disagreed with itself", file)));
    } catch (const nlohmann::json::parse_error& e) {
      const size_t byte = std::min(e.byte == 0 ? 0 : e.byte - 1, text.size());
      const size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + byte, '\n'));
      const size_t line_start = text.rfind('\n', byte == 0 ? 0 : byte - 1);
      const size_t column = byte - (line_start == std::string_view::npos || byte == 0 ? 0 : line_start + 1) + 1;
      std::string what = e.what();
      if (auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
      return Error(Status::Invalid(fmt::format("{}:{}:{}: JSON {}", file, line, column, what)));
    } catch (const std::exception& e) {
      return Error(Status::Invalid(fmt::format("{}: JSON: {}", file, e.what())));
    }
    return Error(Status::Invalid(fmt::format("{}: not valid JSON", file)));
  }
  const JsonScan scan = ScanJson(text);
  if (!scan.duplicates.empty()) {
    Diagnostics diags;
    for (const JsonScan::Duplicate& d : scan.duplicates) {
      diags.Add(std::string(file), d.line, 0,
                fmt::format("field '{}': the key appears twice in one object (first on line {}); "
                            "a key may appear only once", Printable(d.key), d.first_line));
    }
    return Error(diags.ToStatus());
  }
  const std::vector<size_t>& lines = scan.object_lines;
  size_t next_object = 0;
  auto line_of_next_object = [&]() { return next_object < lines.size() ? lines[next_object++] : 0; };
  // Counts the objects inside a value we skip over, to keep the object count aligned. With an
  // explicit stack, not recursion: a file of nested arrays must not overflow the call stack.
  std::vector<const OrderedJson*> pending;
  auto skip = [&](const OrderedJson& root) {
    pending.assign(1, &root);
    while (!pending.empty()) {
      const OrderedJson& v = *pending.back();
      pending.pop_back();
      if (v.is_object()) ++next_object;
      if (v.is_object() || v.is_array()) {
        for (const auto& child : v) pending.push_back(&child);
      }
    }
  };

  Diagnostics diags;
  CareerBuilder builder(fw, extra, std::string(file), &diags);
  if (!doc.is_array()) {
    return Error(Status::Invalid(fmt::format("{}:1: expected a JSON array of people "
                                             "([{{\"person_id\": ..., \"spells\": [...]}}, ...])", file)));
  }
  progress.Start("reading", doc.size());
  std::vector<std::pair<size_t, std::string_view>> attrs;
  std::string scratch[5];
  size_t element = 0;
  for (const OrderedJson& person : doc) {
    ++element;
    if (!person.is_object()) {
      skip(person);
      diags.Add(std::string(file), 0, 0,
                fmt::format("element {} of the array is {} {}; expected an object (a person)", element,
                            person.is_array() || person.is_object() ? "an" : "a", person.type_name()));
      continue;
    }
    const size_t person_line = line_of_next_object();
    auto report = [&](size_t line, std::string_view field, std::string message) {
      diags.Add(std::string(file), line, 0, fmt::format("field '{}': {}", field, message));
    };
    std::string person_id;
    bool has_spells = false;
    std::vector<std::pair<const OrderedJson*, size_t>> spells;  // (spell, line)
    attrs.clear();
    std::vector<std::string> attr_storage;
    attr_storage.reserve(person.size() + 8);
    // Keys are visited in document order so that objects are counted in document order.
    for (const auto& [key, value] : person.items()) {
      if (key == "person_id") {
        if (value.is_string()) person_id = value.get<std::string>();
        else report(person_line, "person_id", fmt::format("must be a string; found {}", value.type_name()));
        skip(value);
      } else if (key == "spells") {
        has_spells = true;
        if (!value.is_array()) {
          report(person_line, "spells", "must be an array of spells");
          skip(value);
          continue;
        }
        if (value.empty()) report(person_line, "spells", "is empty; a person needs at least one spell");
        for (const OrderedJson& spell : value) {
          if (!spell.is_object()) {
            skip(spell);
            report(person_line, "spells", "each spell must be an object");
            continue;
          }
          const size_t line = line_of_next_object();
          for (const auto& [k, v] : spell.items()) skip(v);
          spells.emplace_back(&spell, line);
        }
      } else if (key == "attributes") {
        if (!value.is_object()) {
          report(person_line, "attributes", "must be an object of name: value strings");
          skip(value);
          continue;
        }
        ++next_object;
        for (const auto& [name, v] : value.items()) {
          skip(v);
          if (!v.is_string()) {
            report(person_line, name, "an attribute value must be a string");
            continue;
          }
          attr_storage.push_back(v.get<std::string>());
        }
      } else {
        report(person_line, key, "unknown field of a person; expected person_id, attributes, spells");
        skip(value);
      }
    }
    if (auto a = person.find("attributes"); a != person.end() && a->is_object()) {
      size_t i = 0;
      for (const auto& [name, v] : a->items()) {
        if (v.is_string()) attrs.emplace_back(builder.AttributeIndex(name), attr_storage[i++]);
      }
    }
    if (!has_spells) report(person_line, "spells", "missing; a person needs at least one spell");
    if (person_id.empty() && person.contains("person_id") && person["person_id"].is_string()) {
      report(person_line, "person_id", "is empty; every person needs an id");
      continue;
    }
    if (!person.contains("person_id")) {
      report(person_line, "person_id", "missing; every person needs an id");
      continue;
    }
    for (const auto& [spell, line] : spells) {
      for (auto& s : scratch) s.clear();
      bool ok = true;
      for (const auto& [key, value] : spell->items()) {
        const auto* col = std::find(std::begin(kCoreColumns) + 1, std::end(kCoreColumns), key);
        if (col == std::end(kCoreColumns)) {
          report(line, key, "unknown field of a spell; expected role, title, start, end");
          ok = false;
          continue;
        }
        if (value.is_null() && key != "start") continue;
        if (!value.is_string()) {
          report(line, key, fmt::format("must be a string; found {}", value.type_name()));
          ok = false;
          continue;
        }
        scratch[col - std::begin(kCoreColumns)] = value.get<std::string>();
      }
      if (ok) builder.AddSpell(line, person_id, scratch[1], scratch[2], scratch[3], scratch[4], attrs);
    }
    progress.Advance(1);
  }
  progress.Finish();
  return builder.Finish();
}

}  // namespace

CareerFormat CareerFormatForPath(std::string_view path) {
  return path.size() >= 5 && path.substr(path.size() - 5) == ".json" ? CareerFormat::kJson
                                                                     : CareerFormat::kCsv;
}

Result<CareerBatch> ParseCareerBatch(std::string_view text, std::string_view file_name,
                                     CareerFormat format, const Framework& framework,
                                     const TitleMap& extra, Progress& progress) {
  return format == CareerFormat::kJson ? ParseJson(text, file_name, framework, extra, progress)
                                       : ParseCsv(text, file_name, framework, extra, progress);
}

Result<CareerBatch> ReadCareerBatchFile(const std::string& path, const Framework& framework,
                                        const TitleMap& extra, Progress& progress) {
  Result<std::string> text = ReadFile(path);
  if (!text) return Error(text.error());
  return ParseCareerBatch(*text, path, CareerFormatForPath(path), framework, extra, progress);
}

Result<CareerSet> ParseCareers(std::string_view text, std::string_view file_name,
                               CareerFormat format, const Framework& framework,
                               const TitleMap& extra, Progress& progress) {
  Result<CareerBatch> batch = ParseCareerBatch(text, file_name, format, framework, extra, progress);
  if (!batch) return Error(batch.error());
  return batch->ToCareerSet();
}

Result<CareerSet> ReadCareersFile(const std::string& path, const Framework& framework,
                                  const TitleMap& extra, Progress& progress) {
  Result<CareerBatch> batch = ReadCareerBatchFile(path, framework, extra, progress);
  if (!batch) return Error(batch.error());
  return batch->ToCareerSet();
}

Result<TitleMap> ReadTitleMapFile(const std::string& path, const Framework& fw) {
  Result<std::string> text = ReadFile(path);
  if (!text) return Error(text.error());
  return ParseTitleMap(*text, path, fw);
}

Result<TitleMap> ParseTitleMap(std::string_view text, std::string_view file_name, const Framework& fw) {
  const std::string path(file_name);
  Diagnostics diags;
  CsvReader reader(text);
  CsvRow row;
  if (!reader.Next(&row) || row.fields.size() != 2 || row.fields[0] != "title" ||
      row.fields[1] != "role") {
    return Error(Status::Invalid(fmt::format("{}:1: expected the header 'title,role'", path)));
  }
  TitleMap map;
  std::map<std::string, size_t> seen;
  while (reader.Next(&row)) {
    if (row.fields.size() != 2) {
      diags.Add(path, row.line, 0, fmt::format("has {} fields; expected 2 (title,role)", row.fields.size()));
      continue;
    }
    const std::string norm = NormalizeTitle(row.fields[0]);
    if (norm.empty() || !IsValidUtf8(row.fields[0])) {
      diags.Add(path, row.line, 0, "field 'title': expected a UTF-8 title with letters or digits");
      continue;
    }
    if (fw.FindDestination(row.fields[1])) {
      diags.Add(path, row.line, 0, fmt::format("field 'role': '{}' is a destination, not a role; a "
                                               "title maps to a role", row.fields[1]));
      continue;
    }
    if (!fw.FindRole(row.fields[1])) {
      std::vector<std::string> ids;
      for (const Role& r : fw.roles) ids.push_back(r.id);
      const auto near = Nearest(row.fields[1], ids, 3);
      diags.Add(path, row.line, 0,
                fmt::format("field 'role': unknown role '{}' in framework '{}' {}{}",
                            Printable(row.fields[1]), fw.id, fw.version,
                            near.empty() ? "" : fmt::format("; did you mean {}?", QuotedList(near))));
      continue;
    }
    if (auto [it, fresh] = seen.emplace(norm, row.line); !fresh) {
      diags.Add(path, row.line, 0, fmt::format("field 'title': '{}' is already mapped on line {}",
                                               row.fields[0], it->second));
      continue;
    }
    map.emplace(norm, std::string(row.fields[1]));
  }
  if (!reader.status().ok()) diags.Add(path, reader.error_line(), reader.error_column(), reader.status().message());
  if (!diags.empty()) return Error(diags.ToStatus());
  return map;
}

Result<std::vector<Assessment>> ParseAssessments(std::string_view text, std::string_view file_name,
                                                 const Framework& fw, std::vector<size_t>* lines) {
  std::vector<std::string> competency_ids;
  for (const Competency& c : fw.competencies) competency_ids.push_back(c.id);
  const std::string file(file_name);
  Diagnostics diags;
  CsvReader reader(text);
  CsvRow row;
  if (!reader.Next(&row)) {
    return Error(Status::Invalid(fmt::format("{}:1: expected the header person_id,competency,level,date[,source]", file)));
  }
  const bool with_source = row.fields.size() == 5 && row.fields[4] == "source";
  if (row.fields.size() < 4 || row.fields[0] != "person_id" || row.fields[1] != "competency" ||
      row.fields[2] != "level" || row.fields[3] != "date" || (row.fields.size() == 5 && !with_source) ||
      row.fields.size() > 5) {
    return Error(Status::Invalid(fmt::format("{}:{}: expected the header person_id,competency,level,date[,source]", file, row.line)));
  }
  const size_t columns = row.fields.size();
  std::vector<Assessment> out;
  while (reader.Next(&row)) {
    if (row.fields.size() != columns) {
      diags.Add(file, row.line, 0, fmt::format("has {} fields; the header has {} columns", row.fields.size(), columns));
      continue;
    }
    Assessment a;
    bool ok = true;
    auto bad = [&](std::string_view field, std::string message) {
      diags.Add(file, row.line, 0, fmt::format("field '{}': {}", field, message));
      ok = false;
    };
    for (std::string_view f : row.fields) {
      if (!IsValidUtf8(f)) {
        bad("row", "is not valid UTF-8");
        break;
      }
    }
    if (!ok) continue;
    a.person_id = row.fields[0];
    if (a.person_id.empty()) bad("person_id", "is empty");
    a.competency = row.fields[1];
    const Competency* c = fw.FindCompetency(a.competency);
    if (!c) {
      const auto near = Nearest(a.competency, competency_ids, 3);
      bad("competency", fmt::format("unknown competency '{}' in framework '{}' {}{}", Printable(a.competency),
                                    fw.id, fw.version,
                                    near.empty() ? "" : fmt::format("; did you mean {}?", QuotedList(near))));
    }
    std::string_view level = row.fields[2];
    const char* end = level.data() + level.size();
    auto [ptr, ec] = std::from_chars(level.data(), end, a.level);
    if (level.empty() || ec != std::errc() || ptr != end) {
      bad("level", fmt::format("'{}' is not a number", Printable(level)));
    } else if (c && (a.level < c->scale_min || a.level > c->scale_max)) {
      bad("level", fmt::format("{} is outside the scale [{}, {}] of '{}'", level, c->scale_min,
                               c->scale_max, c->id));
    }
    if (Result<Date> d = ParseDate(row.fields[3])) a.date = *d;
    else bad("date", d.error().message());
    if (with_source) a.source = row.fields[4];
    if (ok) {
      out.push_back(std::move(a));
      if (lines) lines->push_back(row.line);
    }
  }
  if (!reader.status().ok()) diags.Add(file, reader.error_line(), reader.error_column(), reader.status().message());
  if (!diags.empty()) return Error(diags.ToStatus());
  return out;
}

std::string WriteCareersCsv(const Population& pop) {
  std::string out = "person_id,role,title,start,end";
  for (const std::string& a : pop.attribute_names) {
    out += ',';
    AppendCsvField(&out, a);
  }
  out += '\n';
  out.reserve(pop.spells() * (48 + 12 * pop.attribute_names.size()));
  std::string line;  // the person's attribute cells, the same on each of their rows
  for (size_t p = 0; p < pop.people(); ++p) {
    line.clear();
    for (size_t a = 0; a < pop.attribute_names.size(); ++a) {
      line += ',';
      if (pop.attribute[a][p] != Interner::kNone) AppendCsvField(&line, pop.attribute_values.Get(pop.attribute[a][p]));
    }
    for (uint32_t i = pop.spell_begin[p]; i < pop.spell_begin[p + 1]; ++i) {
      AppendCsvField(&out, pop.person_ids[p]);
      out += ',';
      AppendCsvField(&out, pop.states.Get(pop.state[i]));
      out += ',';
      AppendCsvField(&out, pop.titles.Get(pop.title[i]));
      out += ',';
      Date{pop.start[i], static_cast<DatePrecision>(pop.start_precision[i])}.AppendTo(&out);
      out += ',';
      if (pop.end[i] != Population::kOngoing) {
        Date{pop.end[i], static_cast<DatePrecision>(pop.end_precision[i])}.AppendTo(&out);
      }
      out += line;
      out += '\n';
    }
  }
  return out;
}

std::string WriteCareersJson(const Population& pop) {
  // Written by hand rather than through a DOM so a million spells do not need a million
  // temporary objects; strings are escaped by nlohmann's serializer.
  auto str = [](std::string* out, std::string_view s) { *out += nlohmann::json(s).dump(); };
  std::string out = "[";
  for (size_t p = 0; p < pop.people(); ++p) {
    out += p ? ",\n  " : "\n  ";
    out += "{\"person_id\": ";
    str(&out, pop.person_ids[p]);
    bool first = true;
    for (size_t a = 0; a < pop.attribute_names.size(); ++a) {
      if (pop.attribute[a][p] == Interner::kNone) continue;
      out += first ? ", \"attributes\": {" : ", ";
      first = false;
      str(&out, pop.attribute_names[a]);
      out += ": ";
      str(&out, pop.attribute_values.Get(pop.attribute[a][p]));
    }
    if (!first) out += "}";
    out += ", \"spells\": [";
    for (uint32_t i = pop.spell_begin[p]; i < pop.spell_begin[p + 1]; ++i) {
      out += i > pop.spell_begin[p] ? ",\n    " : "\n    ";
      out += "{\"role\": ";
      str(&out, pop.states.Get(pop.state[i]));
      if (!pop.titles.Get(pop.title[i]).empty()) {
        out += ", \"title\": ";
        str(&out, pop.titles.Get(pop.title[i]));
      }
      out += ", \"start\": \"";
      Date{pop.start[i], static_cast<DatePrecision>(pop.start_precision[i])}.AppendTo(&out);
      if (pop.end[i] == Population::kOngoing) {
        out += "\", \"end\": null}";
      } else {
        out += "\", \"end\": \"";
        Date{pop.end[i], static_cast<DatePrecision>(pop.end_precision[i])}.AppendTo(&out);
        out += "\"}";
      }
    }
    out += "]}";
  }
  out += pop.people() == 0 ? "]\n" : "\n]\n";
  return out;
}

std::string WriteCareers(const Population& careers, CareerFormat format) {
  return format == CareerFormat::kJson ? WriteCareersJson(careers) : WriteCareersCsv(careers);
}

std::string WriteCareersCsv(const CareerSet& careers) { return WriteCareersCsv(Population::FromCareers(careers)); }
std::string WriteCareersJson(const CareerSet& careers) { return WriteCareersJson(Population::FromCareers(careers)); }
std::string WriteCareers(const CareerSet& careers, CareerFormat format) {
  return WriteCareers(Population::FromCareers(careers), format);
}

std::string WriteAssessmentsCsv(const std::vector<Assessment>& assessments) {
  std::string out = "person_id,competency,level,date,source\n";
  for (const Assessment& a : assessments) {
    AppendCsvField(&out, a.person_id);
    out += ',';
    AppendCsvField(&out, a.competency);
    out += fmt::format(",{},{},", a.level, a.date.ToString());
    AppendCsvField(&out, a.source);
    out += '\n';
  }
  return out;
}

}  // namespace careergraph
