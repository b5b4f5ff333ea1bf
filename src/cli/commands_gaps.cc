#include "cli/commands.h"

namespace careergraph::cli {

void RegisterGaps(CLI::App& app, Context& ctx) {
  (void)app;
  (void)ctx;
}

}  // namespace careergraph::cli
