// TODO(issue 3): filled in by the work in progress; registers nothing yet.
#include "cli/commands.h"

namespace careergraph::cli {

void RegisterReport(CLI::App&, Context&) {}

}  // namespace careergraph::cli
