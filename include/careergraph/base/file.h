// Whole-file reading and atomic writing.
// Thread-safety: free functions; concurrent writers to one path race (last rename wins).
#ifndef CAREERGRAPH_BASE_FILE_H_
#define CAREERGRAPH_BASE_FILE_H_

#include <string>
#include <string_view>

#include "careergraph/base/status.h"

namespace careergraph {

// Reads a whole file; kIoError naming the path and the system's reason when it cannot.
Result<std::string> ReadFile(const std::string& path);

// Writes `contents` to `path` through a temporary file in the same directory and a rename, so
// readers see the old file or the new one, never half of it.
Status WriteFileAtomic(const std::string& path, std::string_view contents);

}  // namespace careergraph

#endif  // CAREERGRAPH_BASE_FILE_H_
