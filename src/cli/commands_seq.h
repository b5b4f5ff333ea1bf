// The `careergraph seq` commands share how they get their sequences: from the store (careers on
// a time grid) or from a wide CSV file (--input). Private to the command line.
#ifndef CAREERGRAPH_CLI_COMMANDS_SEQ_H_
#define CAREERGRAPH_CLI_COMMANDS_SEQ_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "careergraph/analysis/sequence_describe.h"
#include "careergraph/analysis/sequences.h"
#include "cli/commands.h"

namespace careergraph::cli {

// Where the sequences come from, and how states are named.
struct SeqSource {
  // A wide file.
  std::string input, states, id, weight;
  std::vector<std::string> alphabet;
  // The store's careers on a grid.
  std::string unit = "year", align = "career", level = "role", since, until;
  std::string censored = "void";  // void | missing: what follows a career's last observed day
  std::vector<std::string> where;
  // Either.
  std::vector<std::string> codes, labels;
  std::string recode;
  bool unweighted = false, with_missing = false;
};
void AddSequenceSourceOptions(CLI::App* cmd, SeqSource* source);

struct LoadedSequences {
  SequenceSet set;
  std::vector<std::string> labels;  // one per state of the alphabet, for legends
  SeqDescribeOptions options;       // weighted, with_missing
};
Result<LoadedSequences> LoadSequences(const Context& ctx, const SeqSource& source);

void RegisterSequenceCommands(CLI::App& app, Context& ctx);  // commands_seq.cc
// seq dist, seq cluster and seq plot (commands_seq_dist.cc).
void RegisterSequenceDistances(CLI::App* seq, Context& ctx);

}  // namespace careergraph::cli

#endif  // CAREERGRAPH_CLI_COMMANDS_SEQ_H_
