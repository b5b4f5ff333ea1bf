// TODO(issue 3): filled in by the work in progress; registers nothing yet.
#include "cli/commands.h"

namespace careergraph::cli {

void RegisterFlows(CLI::App&, Context&) {}

}  // namespace careergraph::cli
