// The SQLite store: one file, WAL journal, foreign keys on, schema versioned with forward
// migrations (PRAGMA user_version). The embedded default.
// Thread-safety: one SqliteStore per thread; SQLite serialises writers across processes.
#ifndef CAREERGRAPH_STORE_SQLITE_STORE_H_
#define CAREERGRAPH_STORE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "careergraph/store/store.h"

namespace careergraph {

enum class OpenMode {
  kCreate,        // create the file (and schema) when missing; migrate an older schema
  kMustExist,     // kNotFound when the file is missing (so a typo in --db does not create one)
};

// The schema version this build writes; an older file is migrated forward on open, a newer one
// is refused (kInvalidArgument: "upgrade careergraph").
inline constexpr int kSqliteSchemaVersion = 1;

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, OpenMode mode);

}  // namespace careergraph

#endif  // CAREERGRAPH_STORE_SQLITE_STORE_H_
