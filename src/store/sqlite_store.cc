// The SQLite store. Careers are normalised into small integer keys (people, states, titles,
// attribute names) so that a spell row is six integers: imports write ~1 M rows/s and loads
// read them back without touching a string per row. Writes run in one IMMEDIATE transaction
// that rolls back on any error, which is what makes imports atomic.
#include "careergraph/store/sqlite_store.h"

#include <sqlite3.h>

#include <ctime>
#include <filesystem>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

namespace careergraph {
namespace {

// Each entry migrates the schema from version i to i + 1. Append only: never edit a shipped
// migration, add the next one.
constexpr const char* kMigrations[] = {
    // 0 -> 1: the first schema.
    R"sql(
CREATE TABLE framework(
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (id, version));
CREATE TABLE setting(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE person(id INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE);
CREATE TABLE attribute_name(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE person_attribute(
  person INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  attribute INTEGER NOT NULL REFERENCES attribute_name(id),
  value TEXT NOT NULL,
  PRIMARY KEY (person, attribute)) WITHOUT ROWID;
CREATE TABLE state(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE title(id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
INSERT INTO title(id, text) VALUES (0, '');
CREATE TABLE spell(
  person INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  state INTEGER NOT NULL REFERENCES state(id),
  title INTEGER NOT NULL REFERENCES title(id),
  start INTEGER NOT NULL,
  "end" INTEGER,
  PRIMARY KEY (person, seq)) WITHOUT ROWID;
CREATE TABLE assessment(
  id INTEGER PRIMARY KEY,
  person INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  competency TEXT NOT NULL,
  level REAL NOT NULL,
  date INTEGER NOT NULL,
  source TEXT NOT NULL);
CREATE INDEX assessment_by_person ON assessment(person, date);
CREATE TABLE import_log(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  source TEXT NOT NULL,
  people INTEGER NOT NULL,
  spells INTEGER NOT NULL);
)sql",
};
static_assert(std::size(kMigrations) == kSqliteSchemaVersion);

// Imports at least this large switch to a rollback journal for their transaction (see Import).
constexpr size_t kBulkImportSpells = 100000;

std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A prepared statement; finalised on destruction.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(stmt_); }

  sqlite3_stmt** out() { return &stmt_; }
  sqlite3_stmt* get() const { return stmt_; }

  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string_view Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override { sqlite3_close_v2(db_); }

  Status Configure(bool created) {
    // First: even the pragmas below may wait for a lock another connection holds (a server's
    // readers and an import at the same time).
    sqlite3_busy_timeout(db_, 5000);
    CG_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys = ON"));
    CG_RETURN_IF_ERROR(Exec("PRAGMA journal_mode = WAL"));
    CG_RETURN_IF_ERROR(Exec("PRAGMA synchronous = NORMAL"));
    CG_RETURN_IF_ERROR(Exec("PRAGMA cache_size = -65536"));  // 64 MiB
    // Reads map the file instead of copying pages: loading a population reads all of it.
    CG_RETURN_IF_ERROR(Exec("PRAGMA mmap_size = 1073741824"));
    Stmt st;
    CG_RETURN_IF_ERROR(Prepare("PRAGMA user_version", &st));
    if (sqlite3_step(st.get()) != SQLITE_ROW) return Fail("reading the schema version");
    const int version = static_cast<int>(st.Int(0));
    if (version > kSqliteSchemaVersion) {
      return Status::Invalid(fmt::format(
          "{}: the store has schema version {}, newer than this careergraph understands ({}); "
          "upgrade careergraph", path_, version, kSqliteSchemaVersion));
    }
    if (version == 0 && !created) {
      // An existing file without our schema: refuse unless it is an empty database.
      Stmt tables;
      CG_RETURN_IF_ERROR(Prepare("SELECT count(*) FROM sqlite_master", &tables));
      if (sqlite3_step(tables.get()) == SQLITE_ROW && tables.Int(0) > 0) {
        return Status::Invalid(fmt::format("{}: not a careergraph store (it has other tables)", path_));
      }
    }
    for (int v = version; v < kSqliteSchemaVersion; ++v) {
      Transaction tx(this);
      CG_RETURN_IF_ERROR(tx.status());
      CG_RETURN_IF_ERROR(Exec(kMigrations[v]));
      CG_RETURN_IF_ERROR(Exec(fmt::format("PRAGMA user_version = {}", v + 1)));
      CG_RETURN_IF_ERROR(tx.Commit());
    }
    return Status::Ok();
  }

  // --- frameworks ---

  Status SaveFramework(const Framework& fw, std::string_view text) override {
    Transaction tx(this);
    CG_RETURN_IF_ERROR(tx.status());
    Stmt find;
    CG_RETURN_IF_ERROR(Prepare("SELECT text FROM framework WHERE id = ? AND version = ?", &find));
    find.Bind(1, fw.id);
    find.Bind(2, fw.version);
    const int rc = sqlite3_step(find.get());
    if (rc == SQLITE_ROW) {
      if (find.Text(0) != text) {
        return Status::AlreadyExists(fmt::format(
            "framework '{}' version {} is already in the store with different contents; give the "
            "changed framework a new version", fw.id, fw.version));
      }
    } else if (rc != SQLITE_DONE) {
      return Fail("looking up the framework");
    } else {
      Stmt ins;
      CG_RETURN_IF_ERROR(Prepare(
          "INSERT INTO framework(id, version, name, text, loaded_at, seq) VALUES "
          "(?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM framework))", &ins));
      ins.Bind(1, fw.id);
      ins.Bind(2, fw.version);
      ins.Bind(3, fw.name);
      ins.Bind(4, text);
      ins.Bind(5, NowUtc());
      if (sqlite3_step(ins.get()) != SQLITE_DONE) return Fail("saving the framework");
    }
    CG_RETURN_IF_ERROR(SetSetting("active_framework_id", fw.id));
    CG_RETURN_IF_ERROR(SetSetting("active_framework_version", fw.version));
    return tx.Commit();
  }

  Result<std::vector<FrameworkInfo>> ListFrameworks() override {
    const std::string active_id = GetSetting("active_framework_id");
    const std::string active_version = GetSetting("active_framework_version");
    Stmt st;
    if (Status s = Prepare("SELECT id, version, name, loaded_at FROM framework ORDER BY seq", &st); !s.ok()) return Error(s);
    std::vector<FrameworkInfo> out;
    while (sqlite3_step(st.get()) == SQLITE_ROW) {
      FrameworkInfo info{std::string(st.Text(0)), std::string(st.Text(1)), std::string(st.Text(2)),
                         std::string(st.Text(3)), false};
      info.active = info.id == active_id && info.version == active_version;
      out.push_back(std::move(info));
    }
    return out;
  }

  Result<StoredFramework> GetFramework(std::string_view id, std::string_view version) override {
    std::string want_id(id), want_version(version);
    if (want_id.empty()) {
      want_id = GetSetting("active_framework_id");
      want_version = GetSetting("active_framework_version");
      if (want_id.empty()) {
        return Error(Status::NotFound(fmt::format(
            "{}: no framework loaded; run `careergraph framework load FILE` first", path_)));
      }
    }
    Stmt st;
    Status s = want_version.empty()
                   ? Prepare("SELECT id, version, name, loaded_at, text FROM framework WHERE id = ? "
                             "ORDER BY seq DESC LIMIT 1", &st)
                   : Prepare("SELECT id, version, name, loaded_at, text FROM framework WHERE id = ? "
                             "AND version = ?", &st);
    if (!s.ok()) return Error(s);
    st.Bind(1, want_id);
    if (!want_version.empty()) st.Bind(2, want_version);
    if (sqlite3_step(st.get()) != SQLITE_ROW) {
      return Error(Status::NotFound(fmt::format("no framework '{}'{} in the store", want_id,
                                                want_version.empty() ? "" : " version " + want_version)));
    }
    StoredFramework out;
    out.info = {std::string(st.Text(0)), std::string(st.Text(1)), std::string(st.Text(2)),
                std::string(st.Text(3)), false};
    out.info.active = out.info.id == GetSetting("active_framework_id") &&
                      out.info.version == GetSetting("active_framework_version");
    out.text = st.Text(4);
    return out;
  }

  // --- careers ---

  Status Import(const CareerBatch& careers, const std::vector<Assessment>& assessments,
                ImportMode mode, Progress& progress) override {
    // Foreign keys are not checked during the import: every id it writes comes from the
    // dictionaries it reads or fills in the same transaction, so none can dangle, and checking
    // each of a million rows costs a quarter of the import. (The pragma cannot change inside a
    // transaction, hence here.)
    CG_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys = OFF"));
    // A bulk import writes its pages once, into the file, under a rollback journal (which
    // for new pages records next to nothing), instead of into the WAL and then again at the
    // checkpoint. Still one atomic transaction; WAL comes back right after.
    const bool bulk = careers.population.spells() >= kBulkImportSpells;
    if (bulk) CG_RETURN_IF_ERROR(Exec("PRAGMA journal_mode = DELETE"));
    Status s = [&]() -> Status {
      Transaction tx(this);
      CG_RETURN_IF_ERROR(tx.status());
      CG_RETURN_IF_ERROR(WriteCareers(careers, mode, progress));
      CG_RETURN_IF_ERROR(WriteAssessments(assessments));
      return tx.Commit();
    }();
    Status restored = Exec("PRAGMA foreign_keys = ON");
    if (bulk && restored.ok()) restored = Exec("PRAGMA journal_mode = WAL");
    return s.ok() ? restored : s;
  }

  Result<std::vector<std::string>> UsedCompetencies() override {
    Stmt st;
    if (Status s = Prepare("SELECT DISTINCT competency FROM assessment ORDER BY competency", &st); !s.ok()) {
      return Error(s);
    }
    std::vector<std::string> out;
    while (sqlite3_step(st.get()) == SQLITE_ROW) out.emplace_back(st.Text(0));
    return out;
  }

 private:
  // Writes careers inside the caller's transaction. New people are inserted straight away
  // (the UNIQUE index on external_id finds the ones already there); only --replace looks each
  // person up first.
  Status WriteCareers(const CareerBatch& careers, ImportMode mode, Progress& progress) {
    const Population& pop = careers.population;
    if (pop.people() == 0) return Status::Ok();
    Stmt find_person, insert_person, clear_spells, clear_attrs, insert_spell, insert_attr;
    CG_RETURN_IF_ERROR(Prepare("SELECT id FROM person WHERE external_id = ?", &find_person));
    CG_RETURN_IF_ERROR(Prepare("INSERT INTO person(external_id) VALUES (?)", &insert_person));
    CG_RETURN_IF_ERROR(Prepare("DELETE FROM spell WHERE person = ?", &clear_spells));
    CG_RETURN_IF_ERROR(Prepare("DELETE FROM person_attribute WHERE person = ?", &clear_attrs));
    CG_RETURN_IF_ERROR(Prepare("INSERT INTO spell(person, seq, state, title, start, \"end\") "
                               "VALUES (?, ?, ?, ?, ?, ?)", &insert_spell));
    CG_RETURN_IF_ERROR(Prepare("INSERT INTO person_attribute(person, attribute, value) VALUES (?, ?, ?)",
                               &insert_attr));
    // The batch's interned ids mapped to the store's, once per distinct value.
    auto map_ids = [&](const char* table, const char* column, const std::vector<std::string>& values,
                       std::vector<int64_t>* ids) -> Status {
      Dictionary dict(this, table, column);
      CG_RETURN_IF_ERROR(dict.Load());
      ids->clear();
      for (const std::string& v : values) {
        Result<int64_t> id = dict.Id(v);
        if (!id) return id.error();
        ids->push_back(*id);
      }
      return Status::Ok();
    };
    std::vector<int64_t> state_id, title_id, attr_id;
    CG_RETURN_IF_ERROR(map_ids("state", "name", pop.states.strings(), &state_id));
    CG_RETURN_IF_ERROR(map_ids("title", "text", pop.titles.strings(), &title_id));
    CG_RETURN_IF_ERROR(map_ids("attribute_name", "name", pop.attribute_names, &attr_id));

    progress.Start("importing", pop.spells());
    for (size_t p = 0; p < pop.people(); ++p) {
      const std::string& external = pop.person_ids[p];
      int64_t person = -1;
      if (mode == ImportMode::kReplace) {
        find_person.Bind(1, external);
        const int rc = sqlite3_step(find_person.get());
        if (rc == SQLITE_ROW) person = find_person.Int(0);
        else if (rc != SQLITE_DONE) return Fail("looking up a person");
        sqlite3_reset(find_person.get());
      }
      if (person >= 0) {
        clear_spells.Bind(1, person);
        clear_attrs.Bind(1, person);
        if (sqlite3_step(clear_spells.get()) != SQLITE_DONE ||
            sqlite3_step(clear_attrs.get()) != SQLITE_DONE) {
          return Fail("replacing a person's career");
        }
        sqlite3_reset(clear_spells.get());
        sqlite3_reset(clear_attrs.get());
      } else {
        insert_person.Bind(1, external);
        const int rc = sqlite3_step(insert_person.get());
        sqlite3_reset(insert_person.get());
        if (rc == SQLITE_CONSTRAINT_UNIQUE) {
          const std::string where = p < careers.first_line.size()
                                        ? fmt::format("{}:{}: ", careers.source, careers.first_line[p])
                                        : std::string();
          return Status::AlreadyExists(fmt::format(
              "{}person '{}' is already in the store; use --replace to replace their career",
              where, external));
        }
        if (rc != SQLITE_DONE) return Fail("inserting a person");
        person = sqlite3_last_insert_rowid(db_);
      }
      for (size_t a = 0; a < pop.attribute_names.size(); ++a) {
        const uint32_t v = pop.attribute[a][p];
        if (v == Interner::kNone) continue;
        insert_attr.Bind(1, person);
        insert_attr.Bind(2, attr_id[a]);
        insert_attr.Bind(3, pop.attribute_values.Get(v));
        if (sqlite3_step(insert_attr.get()) != SQLITE_DONE) return Fail("inserting an attribute");
        sqlite3_reset(insert_attr.get());
      }
      for (uint32_t i = pop.spell_begin[p]; i < pop.spell_begin[p + 1]; ++i) {
        insert_spell.Bind(1, person);
        insert_spell.Bind(2, static_cast<int64_t>(i - pop.spell_begin[p]));
        insert_spell.Bind(3, state_id[pop.state[i]]);
        insert_spell.Bind(4, title_id[pop.title[i]]);
        insert_spell.Bind(5, Date{pop.start[i], static_cast<DatePrecision>(pop.start_precision[i])}.Pack());
        if (pop.end[i] != Population::kOngoing) {
          insert_spell.Bind(6, Date{pop.end[i], static_cast<DatePrecision>(pop.end_precision[i])}.Pack());
        } else {
          insert_spell.BindNull(6);
        }
        if (sqlite3_step(insert_spell.get()) != SQLITE_DONE) return Fail("inserting a spell");
        sqlite3_reset(insert_spell.get());
      }
      if ((p & 0x3FF) == 0) progress.Advance(pop.spell_begin[p + 1]);
    }
    Stmt log;
    CG_RETURN_IF_ERROR(Prepare("INSERT INTO import_log(at, source, people, spells) VALUES (?, ?, ?, ?)", &log));
    log.Bind(1, NowUtc());
    log.Bind(2, careers.source);
    log.Bind(3, static_cast<int64_t>(pop.people()));
    log.Bind(4, static_cast<int64_t>(pop.spells()));
    if (sqlite3_step(log.get()) != SQLITE_DONE) return Fail("logging the import");
    progress.Advance(pop.spells());
    progress.Finish();
    return Status::Ok();
  }

  // Writes assessments inside the caller's transaction (after the careers of the same import,
  // so their people can be among them).
  Status WriteAssessments(const std::vector<Assessment>& assessments) {
    if (assessments.empty()) return Status::Ok();
    Stmt find, ins;
    CG_RETURN_IF_ERROR(Prepare("SELECT id FROM person WHERE external_id = ?", &find));
    CG_RETURN_IF_ERROR(Prepare("INSERT INTO assessment(person, competency, level, date, source) "
                               "VALUES (?, ?, ?, ?, ?)", &ins));
    std::string missing;
    size_t n_missing = 0;
    for (const Assessment& a : assessments) {
      find.Bind(1, a.person_id);
      const bool found = sqlite3_step(find.get()) == SQLITE_ROW;
      const int64_t person = found ? find.Int(0) : -1;
      sqlite3_reset(find.get());
      if (!found) {
        if (++n_missing <= 10) missing += fmt::format("{}'{}'", missing.empty() ? "" : ", ", a.person_id);
        continue;
      }
      ins.Bind(1, person);
      ins.Bind(2, a.competency);
      ins.Bind(3, a.level);
      ins.Bind(4, a.date.Pack());
      ins.Bind(5, a.source);
      if (sqlite3_step(ins.get()) != SQLITE_DONE) return Fail("inserting an assessment");
      sqlite3_reset(ins.get());
    }
    if (n_missing) {
      return Status::NotFound(fmt::format("{} {} people not in the store ({}{}); import their "
                                          "careers first", n_missing,
                                          n_missing == 1 ? "assessment names" : "assessments name",
                                          missing, n_missing > 10 ? ", ..." : ""));
    }
    return Status::Ok();
  }

 public:

  Result<std::vector<std::string>> ExistingPeople(const std::vector<std::string>& ids) override {
    Stmt st;
    if (Status s = Prepare("SELECT 1 FROM person WHERE external_id = ?", &st); !s.ok()) return Error(s);
    std::vector<std::string> out;
    for (const std::string& id : ids) {
      st.Bind(1, id);
      if (sqlite3_step(st.get()) == SQLITE_ROW) out.push_back(id);
      sqlite3_reset(st.get());
    }
    return out;
  }

  Status SetAttribute(std::string_view name,
                      const std::vector<std::pair<std::string, std::string>>& values) override {
    if (name.empty()) return Status::Invalid("an attribute needs a name");
    Transaction tx(this);
    CG_RETURN_IF_ERROR(tx.status());
    Dictionary names(this, "attribute_name", "name");
    CG_RETURN_IF_ERROR(names.Load());
    Result<int64_t> attribute = names.Id(name);
    if (!attribute) return attribute.error();
    Stmt clear, find, insert;
    CG_RETURN_IF_ERROR(Prepare("DELETE FROM person_attribute WHERE attribute = ?", &clear));
    CG_RETURN_IF_ERROR(Prepare("SELECT id FROM person WHERE external_id = ?", &find));
    CG_RETURN_IF_ERROR(Prepare("INSERT INTO person_attribute(person, attribute, value) VALUES (?, ?, ?)", &insert));
    clear.Bind(1, *attribute);
    if (sqlite3_step(clear.get()) != SQLITE_DONE) return Fail("clearing an attribute");
    for (const auto& [person, value] : values) {
      find.Bind(1, person);
      const int rc = sqlite3_step(find.get());
      if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE) return Fail("finding a person");
        return Status::NotFound(fmt::format("{}: no person '{}' in the store", path_, person));
      }
      const int64_t id = find.Int(0);
      sqlite3_reset(find.get());
      insert.Bind(1, id);
      insert.Bind(2, *attribute);
      insert.Bind(3, std::string_view(value));
      if (sqlite3_step(insert.get()) != SQLITE_DONE) return Fail("setting an attribute");
      sqlite3_reset(insert.get());
    }
    return tx.Commit();
  }

  Result<std::vector<std::string>> UsedStates() override {
    Stmt st;
    if (Status s = Prepare("SELECT name FROM state WHERE id IN (SELECT DISTINCT state FROM spell) "
                           "ORDER BY name", &st); !s.ok()) {
      return Error(s);
    }
    std::vector<std::string> out;
    while (sqlite3_step(st.get()) == SQLITE_ROW) out.emplace_back(st.Text(0));
    return out;
  }

  Result<Population> LoadPopulation(Progress& progress) override {
    Population pop;
    pop.titles.Intern("");
    // Read everything in one snapshot.
    Transaction tx(this, /*write=*/false);
    if (!tx.status().ok()) return Error(tx.status());
    std::unordered_map<int64_t, uint32_t> state_map, title_map;
    {
      Stmt st;
      if (Status s = Prepare("SELECT id, name FROM state ORDER BY id", &st); !s.ok()) return Error(s);
      while (sqlite3_step(st.get()) == SQLITE_ROW) state_map[st.Int(0)] = pop.states.Intern(st.Text(1));
      Stmt tt;
      if (Status s = Prepare("SELECT id, text FROM title ORDER BY id", &tt); !s.ok()) return Error(s);
      while (sqlite3_step(tt.get()) == SQLITE_ROW) title_map[tt.Int(0)] = pop.titles.Intern(tt.Text(1));
    }
    // Dense vectors instead of hash lookups in the per-spell loop.
    auto densify = [](const std::unordered_map<int64_t, uint32_t>& m) {
      int64_t max_id = -1;
      for (const auto& [k, v] : m) max_id = std::max(max_id, k);
      std::vector<uint32_t> dense(static_cast<size_t>(max_id + 1), Interner::kNone);
      for (const auto& [k, v] : m) dense[static_cast<size_t>(k)] = v;
      return dense;
    };
    const std::vector<uint32_t> state_of = densify(state_map);
    const std::vector<uint32_t> title_of = densify(title_map);

    Stmt count;
    if (Status s = Prepare("SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM spell)", &count); !s.ok()) return Error(s);
    sqlite3_step(count.get());
    const auto n_people = static_cast<size_t>(count.Int(0));
    const auto n_spells = static_cast<size_t>(count.Int(1));
    pop.Reserve(n_people, n_spells);

    // Person rowids are dense from 1 unless people were deleted; a vector indexed by rowid
    // beats a hash map in the per-spell loop.
    std::vector<uint32_t> person_index;
    {
      Stmt st;
      if (Status s = Prepare("SELECT id, external_id FROM person ORDER BY id", &st); !s.ok()) return Error(s);
      while (sqlite3_step(st.get()) == SQLITE_ROW) {
        const auto rowid = static_cast<size_t>(st.Int(0));
        if (rowid >= person_index.size()) person_index.resize(std::max(rowid + 1, person_index.size() * 2), Interner::kNone);
        person_index[rowid] = static_cast<uint32_t>(pop.person_ids.size());
        pop.person_ids.emplace_back(st.Text(1));
      }
    }
    progress.Start("loading", n_spells);
    {
      Stmt st;
      if (Status s = Prepare("SELECT person, state, title, start, \"end\" FROM spell ORDER BY person, seq", &st); !s.ok()) return Error(s);
      int64_t current = -1;
      size_t next_person = 0;
      int rc;
      while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
        const int64_t person = st.Int(0);
        if (person != current) {
          const uint32_t p = person_index.at(static_cast<size_t>(person));
          // People without spells (possible after a failed replace in an older version) get
          // empty ranges.
          while (next_person <= p) {
            pop.spell_begin.push_back(static_cast<uint32_t>(pop.state.size()));
            ++next_person;
          }
          current = person;
        }
        pop.AddSpell(state_of[static_cast<size_t>(st.Int(1))], title_of[static_cast<size_t>(st.Int(2))],
                     Date::Unpack(st.Int(3)),
                     st.IsNull(4) ? std::nullopt : std::optional<Date>(Date::Unpack(st.Int(4))));
        if ((pop.state.size() & 0xFFFF) == 0) progress.Advance(pop.state.size());
      }
      if (rc != SQLITE_DONE) return Error(Fail("loading spells"));
      while (next_person <= n_people) {
        pop.spell_begin.push_back(static_cast<uint32_t>(pop.state.size()));
        ++next_person;
      }
    }
    {
      std::vector<std::string> names;
      std::unordered_map<int64_t, size_t> name_index;
      Stmt st;
      if (Status s = Prepare("SELECT id, name FROM attribute_name ORDER BY name", &st); !s.ok()) return Error(s);
      while (sqlite3_step(st.get()) == SQLITE_ROW) {
        name_index[st.Int(0)] = names.size();
        names.emplace_back(st.Text(1));
      }
      pop.attribute_names = names;
      pop.attribute.assign(names.size(), std::vector<uint32_t>(n_people, Interner::kNone));
      Stmt av;
      if (Status s = Prepare("SELECT person, attribute, value FROM person_attribute", &av); !s.ok()) return Error(s);
      while (sqlite3_step(av.get()) == SQLITE_ROW) {
        pop.attribute[name_index.at(av.Int(1))][person_index.at(static_cast<size_t>(av.Int(0)))] =
            pop.attribute_values.Intern(av.Text(2));
      }
    }
    progress.Advance(pop.state.size());
    progress.Finish();
    return pop;
  }

  Result<Person> GetPerson(std::string_view id) override {
    Stmt st;
    if (Status s = Prepare("SELECT id FROM person WHERE external_id = ?", &st); !s.ok()) return Error(s);
    st.Bind(1, id);
    if (sqlite3_step(st.get()) != SQLITE_ROW) {
      return Error(Status::NotFound(fmt::format("no person '{}' in the store", id)));
    }
    const int64_t key = st.Int(0);
    Person p;
    p.id = id;
    Stmt attrs;
    if (Status s = Prepare("SELECT n.name, a.value FROM person_attribute a JOIN attribute_name n "
                           "ON n.id = a.attribute WHERE a.person = ? ORDER BY n.name", &attrs); !s.ok()) return Error(s);
    attrs.Bind(1, key);
    while (sqlite3_step(attrs.get()) == SQLITE_ROW) p.attributes.emplace_back(attrs.Text(0), attrs.Text(1));
    Stmt spells;
    if (Status s = Prepare("SELECT st.name, t.text, s.start, s.\"end\" FROM spell s JOIN state st ON "
                           "st.id = s.state JOIN title t ON t.id = s.title WHERE s.person = ? "
                           "ORDER BY s.seq", &spells); !s.ok()) return Error(s);
    spells.Bind(1, key);
    while (sqlite3_step(spells.get()) == SQLITE_ROW) {
      Spell sp{std::string(spells.Text(0)), std::string(spells.Text(1)), Date::Unpack(spells.Int(2)), std::nullopt};
      if (!spells.IsNull(3)) sp.end = Date::Unpack(spells.Int(3));
      p.spells.push_back(std::move(sp));
    }
    return p;
  }

  Result<std::vector<std::string>> ListPeople(size_t offset, size_t limit) override {
    Stmt st;
    if (Status s = Prepare("SELECT external_id FROM person ORDER BY id LIMIT ? OFFSET ?", &st); !s.ok()) return Error(s);
    st.Bind(1, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
    st.Bind(2, static_cast<int64_t>(offset));
    std::vector<std::string> out;
    while (sqlite3_step(st.get()) == SQLITE_ROW) out.emplace_back(st.Text(0));
    return out;
  }

  // --- assessments ---

  Result<std::vector<Assessment>> GetAssessments(std::string_view person_id) override {
    Stmt st;
    const char* sql = person_id.empty()
        ? "SELECT p.external_id, a.competency, a.level, a.date, a.source FROM assessment a JOIN "
          "person p ON p.id = a.person ORDER BY a.person, a.date, a.id"
        : "SELECT p.external_id, a.competency, a.level, a.date, a.source FROM assessment a JOIN "
          "person p ON p.id = a.person WHERE p.external_id = ? ORDER BY a.date, a.id";
    if (Status s = Prepare(sql, &st); !s.ok()) return Error(s);
    if (!person_id.empty()) st.Bind(1, person_id);
    std::vector<Assessment> out;
    while (sqlite3_step(st.get()) == SQLITE_ROW) {
      out.push_back({std::string(st.Text(0)), std::string(st.Text(1)), st.Real(2),
                     Date::Unpack(st.Int(3)), std::string(st.Text(4))});
    }
    return out;
  }

  Result<uint64_t> ChangeCounter() override {
    Stmt st;
    if (Status s = Prepare("PRAGMA data_version", &st); !s.ok()) return Error(s);
    if (sqlite3_step(st.get()) != SQLITE_ROW) return Error(Fail("reading the data version"));
    return static_cast<uint64_t>(st.Int(0));
  }

  Result<StoreStats> Stats() override {
    Stmt st;
    if (Status s = Prepare("SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM spell), "
                           "(SELECT count(*) FROM assessment), (SELECT count(*) FROM framework)", &st); !s.ok()) {
      return Error(s);
    }
    if (sqlite3_step(st.get()) != SQLITE_ROW) return Error(Fail("counting"));
    return StoreStats{static_cast<size_t>(st.Int(0)), static_cast<size_t>(st.Int(1)),
                      static_cast<size_t>(st.Int(2)), static_cast<size_t>(st.Int(3)),
                      kSqliteSchemaVersion};
  }

 private:
  // BEGIN IMMEDIATE (or a read transaction) that rolls back unless committed.
  class Transaction {
   public:
    explicit Transaction(SqliteStore* store, bool write = true) : store_(store) {
      status_ = store_->Exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
      open_ = status_.ok();
    }
    ~Transaction() {
      if (open_) (void)store_->Exec("ROLLBACK");
    }
    const Status& status() const { return status_; }
    Status Commit() {
      Status s = store_->Exec("COMMIT");
      if (s.ok()) open_ = false;
      return s;
    }

   private:
    SqliteStore* store_;
    Status status_;
    bool open_ = false;
  };

  // A text → id table (state, title, attribute_name), cached in memory during an import.
  class Dictionary {
   public:
    Dictionary(SqliteStore* store, std::string table, std::string column)
        : store_(store), table_(std::move(table)), column_(std::move(column)) {}
    Status Load() {
      Stmt st;
      CG_RETURN_IF_ERROR(store_->Prepare(fmt::format("SELECT id, {} FROM {}", column_, table_), &st));
      while (sqlite3_step(st.get()) == SQLITE_ROW) ids_.emplace(std::string(st.Text(1)), st.Int(0));
      return store_->Prepare(fmt::format("INSERT INTO {}({}) VALUES (?)", table_, column_), &insert_);
    }
    Result<int64_t> Id(std::string_view text) {
      if (auto it = ids_.find(text); it != ids_.end()) return it->second;
      insert_.Bind(1, text);
      if (sqlite3_step(insert_.get()) != SQLITE_DONE) return Error(store_->Fail("adding to " + table_));
      sqlite3_reset(insert_.get());
      const int64_t id = sqlite3_last_insert_rowid(store_->db_);
      ids_.emplace(std::string(text), id);
      return id;
    }

   private:
    SqliteStore* store_;
    std::string table_, column_;
    StringMap<int64_t> ids_;
    Stmt insert_;
  };

  Status Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      Status s = Status::IoError(fmt::format("{}: {}", path_, err ? err : "unknown SQLite error"));
      sqlite3_free(err);
      return s;
    }
    return Status::Ok();
  }

  Status Prepare(const std::string& sql, Stmt* st) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), st->out(), nullptr) != SQLITE_OK) {
      return Fail("preparing a statement");
    }
    return Status::Ok();
  }

  Status Fail(std::string_view what) {
    return Status::IoError(fmt::format("{}: {} failed: {}", path_, what, sqlite3_errmsg(db_)));
  }

  std::string GetSetting(std::string_view key) {
    Stmt st;
    if (!Prepare("SELECT value FROM setting WHERE key = ?", &st).ok()) return {};
    st.Bind(1, key);
    return sqlite3_step(st.get()) == SQLITE_ROW ? std::string(st.Text(0)) : std::string();
  }

  Status SetSetting(std::string_view key, std::string_view value) {
    Stmt st;
    CG_RETURN_IF_ERROR(Prepare("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                               "UPDATE SET value = excluded.value", &st));
    st.Bind(1, key);
    st.Bind(2, value);
    if (sqlite3_step(st.get()) != SQLITE_DONE) return Fail("saving a setting");
    return Status::Ok();
  }

  sqlite3* db_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, OpenMode mode) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!exists && mode == OpenMode::kMustExist) {
    return Error(Status::NotFound(fmt::format(
        "{}: no such store; run `careergraph init` (or pass --db PATH to an existing one)", path)));
  }
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (mode == OpenMode::kCreate ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Status s = Status::IoError(fmt::format("{}: cannot open the store: {}", path,
                                           db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close_v2(db);
    return Error(s);
  }
  sqlite3_extended_result_codes(db, 1);
  auto store = std::make_unique<SqliteStore>(db, path);
  if (Status s = store->Configure(!exists); !s.ok()) {
    // A file that is not a database reports itself here.
    if (s.message().find("file is not a database") != std::string::npos) {
      return Error(Status::Invalid(fmt::format("{}: not a careergraph store (not an SQLite database)", path)));
    }
    return Error(s);
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace careergraph
