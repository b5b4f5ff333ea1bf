#include "cli/commands.h"

namespace careergraph::cli {

void RegisterEvaluate(CLI::App& app, Context& ctx) {
  (void)app;
  (void)ctx;
}

}  // namespace careergraph::cli
