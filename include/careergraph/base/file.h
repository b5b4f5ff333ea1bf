// Whole-file reading and atomic writing.
// Thread-safety: free functions; concurrent writers to one path race (last rename wins).
#ifndef CAREERGRAPH_BASE_FILE_H_
#define CAREERGRAPH_BASE_FILE_H_

#include <initializer_list>
#include <string>
#include <string_view>

#include "careergraph/base/status.h"

namespace careergraph {

// Reads a whole file; kIoError naming the path and the system's reason when it cannot.
Result<std::string> ReadFile(const std::string& path);

// Writes `contents` to `path` through a temporary file in the same directory and a rename, so
// readers see the old file or the new one, never half of it.
Status WriteFileAtomic(const std::string& path, std::string_view contents);
// The same for contents in pieces, written one after the other (a header and a large binary
// body, without copying them into one string first).
Status WriteFileAtomic(const std::string& path, std::initializer_list<std::string_view> parts);

}  // namespace careergraph

#endif  // CAREERGRAPH_BASE_FILE_H_
