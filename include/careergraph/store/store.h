// Store: where frameworks, careers and assessments persist. SQLite is the embedded default
// (store/sqlite_store.h); a PostgreSQL store implements the same interface.
// Thread-safety: a Store object is used by one thread at a time; open one per thread.
//
// Every write is atomic: it either completes or leaves the store exactly as it was. Analysis
// never talks to a Store: it loads a Population (model/population.h) once and works on that.
#ifndef CAREERGRAPH_STORE_STORE_H_
#define CAREERGRAPH_STORE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "careergraph/base/progress.h"
#include "careergraph/base/status.h"
#include "careergraph/model/career.h"
#include "careergraph/model/framework.h"
#include "careergraph/model/population.h"

namespace careergraph {

struct FrameworkInfo {
  std::string id;
  std::string version;
  std::string name;
  std::string loaded_at;  // ISO 8601, UTC
  bool active = false;
};

// A framework as the store keeps it: its file's text (the source of truth) and its identity.
struct StoredFramework {
  FrameworkInfo info;
  std::string text;
};

struct StoreStats {
  size_t people = 0;
  size_t spells = 0;
  size_t assessments = 0;
  size_t frameworks = 0;
  int schema_version = 0;
};

enum class ImportMode {
  kNew,      // every person must be new to the store
  kReplace,  // a person already in the store has their career replaced by the imported one
};

class Store {
 public:
  virtual ~Store() = default;

  // --- frameworks ---
  // Stores a framework version and makes it the active one. Loading the same id and version
  // again with the same text just activates it; with different text it is kAlreadyExists (a
  // changed framework needs a new version).
  virtual Status SaveFramework(const Framework& framework, std::string_view text) = 0;
  virtual Result<std::vector<FrameworkInfo>> ListFrameworks() = 0;
  // The active framework when `id` is empty; the newest loaded version of `id` when `version` is
  // empty. kNotFound when there is none.
  virtual Result<StoredFramework> GetFramework(std::string_view id = {},
                                               std::string_view version = {}) = 0;

  // --- careers and assessments ---
  // Imports careers and assessments in one transaction: all of it or nothing. With kNew, a
  // person already in the store is kAlreadyExists; an assessment of a person who is neither in
  // the store nor in `careers` is kNotFound.
  virtual Status Import(const CareerBatch& careers, const std::vector<Assessment>& assessments,
                        ImportMode mode, Progress& progress = NullProgress()) = 0;
  Status ImportCareers(const CareerBatch& careers, ImportMode mode, Progress& progress = NullProgress()) {
    return Import(careers, {}, mode, progress);
  }
  Status ImportCareers(const CareerSet& careers, ImportMode mode, Progress& progress = NullProgress()) {
    return Import(CareerBatch::FromCareers(careers), {}, mode, progress);
  }
  Status ImportAssessments(const std::vector<Assessment>& assessments) {
    return Import(CareerBatch{}, assessments, ImportMode::kNew);
  }
  // Sets one attribute for many people in one transaction: `values` holds (person id, value)
  // pairs; everyone else loses the attribute (so a re-run leaves no stale values). All or
  // nothing: a person the store does not hold is kNotFound naming them, and nothing changes.
  // How `careergraph seq cluster --save-attribute` writes cluster membership back.
  virtual Status SetAttribute(std::string_view name,
                              const std::vector<std::pair<std::string, std::string>>& values) = 0;
  // Ids of the given people that the store already holds.
  virtual Result<std::vector<std::string>> ExistingPeople(const std::vector<std::string>& ids) = 0;
  // Every role or destination id that some stored spell uses, sorted.
  virtual Result<std::vector<std::string>> UsedStates() = 0;
  // Every competency id that some stored assessment uses, sorted.
  virtual Result<std::vector<std::string>> UsedCompetencies() = 0;
  // Every career as records (LoadPopulation, converted; export writes from the Population).
  Result<CareerSet> ExportCareers(Progress& progress = NullProgress()) {
    Result<Population> pop = LoadPopulation(progress);
    if (!pop) return tl::unexpected(pop.error());
    return CareerBatch{std::move(*pop), {}, {}}.ToCareerSet();
  }
  virtual Result<Population> LoadPopulation(Progress& progress = NullProgress()) = 0;
  // One person's career; kNotFound when the id is unknown.
  virtual Result<Person> GetPerson(std::string_view id) = 0;
  // People ids in store order, `limit` of them from `offset` (limit 0 = all).
  virtual Result<std::vector<std::string>> ListPeople(size_t offset, size_t limit) = 0;

  // A person's assessments, or everyone's when `person_id` is empty; by person, date.
  virtual Result<std::vector<Assessment>> GetAssessments(std::string_view person_id = {}) = 0;

  virtual Result<StoreStats> Stats() = 0;

  // A number that changes whenever another connection (another Store object, another process)
  // commits a change: compare two values read from the same Store object to learn whether the
  // data changed in between (SQLite: PRAGMA data_version). How the server knows its cached
  // results are stale.
  virtual Result<uint64_t> ChangeCounter() = 0;
};

}  // namespace careergraph

#endif  // CAREERGRAPH_STORE_STORE_H_
