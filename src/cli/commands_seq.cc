// Sequence analysis, TraMineR's way: `careergraph seq describe|dist|cluster|plot`. The sequences
// come from the store (each person's career on a time grid: analysis/sequences.h) or from a wide
// CSV file (--input, TraMineR's layout: io/wide_table.h); the numbers from
// analysis/sequence_describe.h, sequence_distance.h and clustering.h; the pictures from
// render/sequence_plots.h.
#include "cli/commands_seq.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "careergraph/analysis/sequence_describe.h"
#include "careergraph/analysis/sequences.h"
#include "careergraph/base/file.h"
#include "careergraph/io/csv.h"
#include "careergraph/io/wide_table.h"
#include "cli/commands.h"

namespace careergraph::cli {

void AddSequenceSourceOptions(CLI::App* cmd, SeqSource* o) {
  cmd->add_option("--input", o->input,
                  "Read the sequences from this CSV file in TraMineR's wide layout (one row per individual, one "
                  "column per time unit) instead of the store");
  cmd->add_option("--states", o->states,
                  "With --input: the state columns, FIRST:LAST (header names or 1-based indexes, e.g. Sep.93:Jun.99 or "
                  "17:86)");
  cmd->add_option("--id", o->id, "With --input: the id column (default: the row number)");
  cmd->add_option("--weight", o->weight, "With --input: the weight column (default: every row weighs 1)");
  cmd->add_option("--alphabet", o->alphabet,
                  "With --input: the states as the file spells them, in order (default: every value found, sorted "
                  "ignoring case, as R's sort() orders seqdef's alphabet)")
      ->delimiter(',');
  cmd->add_option("--codes", o->codes,
                  "Short state names to show instead of the alphabet's, in the same order (TraMineR's `states`)")
      ->delimiter(',');
  cmd->add_option("--labels", o->labels, "Long state labels for the legends, in the alphabet's order")->delimiter(',');
  cmd->add_option("--recode", o->recode,
                  "A CSV file of FROM,TO rows (a header row from,to is optional) mapping states to coarser ones "
                  "(TraMineR's seqrecode); applied after "
                  "--codes");
  cmd->add_option("--unit", o->unit, "From the store: the time grid, month, quarter or year")
      ->capture_default_str()
      ->check(CLI::IsMember({"month", "quarter", "year"}));
  cmd->add_option("--align", o->align,
                  "From the store: career (position 0 is each person's first spell) or calendar (positions are "
                  "calendar periods)")
      ->capture_default_str()
      ->check(CLI::IsMember({"career", "calendar"}));
  cmd->add_option("--censored", o->censored,
                  "From the store: after a career's last observed day, void (the sequence is shorter, TraMineR's "
                  "seqdef right = \"DEL\") or missing (\"*\", right = NA; then --with-missing keeps it as a state)")
      ->capture_default_str()
      ->check(CLI::IsMember({"void", "missing"}));
  cmd->add_option("--level", o->level,
                  "From the store: the states — role, track, or grade (the role's level in its track: L1, L2, ...); "
                  "destinations stay themselves")
      ->capture_default_str()
      ->check(CLI::IsMember({"role", "track", "grade"}));
  cmd->add_option("--since", o->since, "From the store: nothing is observed before this date");
  cmd->add_option("--until", o->until, "From the store: the as-of date (default: the latest date in the data)");
  cmd->add_option("--where", o->where,
                  "From the store: only people with this attribute value, ATTR=VALUE (repeatable)");
  cmd->add_flag("--unweighted", o->unweighted, "Ignore the weights (every sequence counts 1)");
  cmd->add_flag("--with-missing", o->with_missing,
                "Treat missing positions (gaps, \"*\") as a state of their own instead of leaving them out");
}

namespace {

// FROM,TO rows (a header row "from,to" is allowed).
// The --recode file: FROM,TO rows (an optional header row "from,to", any case), each FROM a state
// of `alphabet` named once; errors name the file, line and field.
Result<std::vector<std::pair<std::string, std::string>>> ReadRecodeFile(const std::string& path,
                                                                        const std::vector<std::string>& alphabet) {
  Result<std::string> text = ReadFile(path);
  if (!text) return Error(text.error());
  auto lower = [](std::string_view v) {
    std::string l(v);
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l;
  };
  std::vector<std::pair<std::string, std::string>> mapping;
  std::vector<size_t> lines;
  CsvReader reader(*text);
  CsvRow row;
  while (reader.Next(&row)) {
    if (mapping.empty() && row.fields.size() == 2 && lower(row.fields[0]) == "from" && lower(row.fields[1]) == "to") {
      continue;
    }
    if (row.fields.size() != 2 || row.fields[0].empty() || row.fields[1].empty()) {
      return Error(Status::Invalid(fmt::format("{}:{}: expected FROM,TO (two non-empty fields), found {} field(s)",
                                               path, row.line, row.fields.size())));
    }
    const std::string from(row.fields[0]);
    if (std::find(alphabet.begin(), alphabet.end(), from) == alphabet.end()) {
      return Error(Status::Invalid(fmt::format("{}:{}:1: '{}' is not a state of the sequences; expected one of: {}",
                                               path, row.line, from, fmt::join(alphabet, ", "))));
    }
    for (size_t k = 0; k < mapping.size(); ++k) {
      if (mapping[k].first == from) {
        return Error(Status::Invalid(
            fmt::format("{}:{}:1: state '{}' is recoded already on line {}", path, row.line, from, lines[k])));
      }
    }
    mapping.emplace_back(from, std::string(row.fields[1]));
    lines.push_back(row.line);
  }
  if (!reader.status().ok()) {
    return Error(Status::Invalid(
        fmt::format("{}:{}:{}: {}", path, reader.error_line(), reader.error_column(), reader.status().message())));
  }
  return mapping;
}

Result<SequenceSet> FromWideFile(const SeqSource& o, std::vector<std::string>* labels) {
  if (o.states.empty()) return Error(Status::Invalid("--input needs --states FIRST:LAST, the state columns"));
  WideTableOptions wide;
  if (Status st = ParseColumnRange(o.states, &wide); !st.ok()) return Error(std::move(st));
  wide.id = o.id;
  wide.weight = o.weight;
  Result<std::string> text = ReadFile(o.input);
  if (!text) return Error(text.error());
  Result<WideTable> table = ParseWideTable(*text, o.input, wide);
  if (!table) return Error(table.error());
  // The alphabet: given, or every value found, sorted (TraMineR's seqdef default).
  std::vector<std::string> alphabet = o.alphabet;
  if (alphabet.empty()) {
    std::set<std::string> found;
    for (const auto& row : table->rows) {
      for (const std::string& cell : row) {
        if (cell != SequenceSet::kMissingSymbol) found.insert(cell);
      }
    }
    alphabet.assign(found.begin(), found.end());
    // As R's sort() in an English locale orders seqdef's alphabet: ignoring case first
    // (employment, FE, HE, joblessness, school, training), then by bytes.
    std::stable_sort(alphabet.begin(), alphabet.end(), [](const std::string& a, const std::string& b) {
      return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
      });
    });
  } else {
    for (size_t r = 0; r < table->rows.size(); ++r) {
      for (size_t t = 0; t < table->rows[r].size(); ++t) {
        const std::string& cell = table->rows[r][t];
        if (cell != SequenceSet::kMissingSymbol &&
            std::find(alphabet.begin(), alphabet.end(), cell) == alphabet.end()) {
          return Error(
              Status::Invalid(fmt::format("{}:{}: column {}: state '{}' is not in --alphabet ({})", o.input,
                                          table->lines[r], table->columns[t], cell, fmt::join(alphabet, ","))));
        }
      }
    }
  }
  std::vector<std::string> names = alphabet;
  if (!o.codes.empty()) {
    if (o.codes.size() != alphabet.size()) {
      return Error(Status::Invalid(fmt::format("--codes: {} codes for {} states ({})", o.codes.size(), alphabet.size(),
                                               fmt::join(alphabet, ","))));
    }
    names = o.codes;
    for (auto& row : table->rows) {
      for (std::string& cell : row) {
        const auto it = std::find(alphabet.begin(), alphabet.end(), cell);
        if (it != alphabet.end()) cell = names[static_cast<size_t>(it - alphabet.begin())];
      }
    }
  }
  *labels = o.labels.empty() ? alphabet : o.labels;
  Result<SequenceSet> set =
      SequenceSet::FromStates(names, table->rows, table->columns, table->weights, std::move(table->ids));
  if (!set) return Error(Status::Invalid(fmt::format("{}: {}", o.input, set.error().message())));
  return set;
}

Result<SequenceSet> FromStore(const Context& ctx, const SeqSource& o, std::vector<std::string>* labels) {
  for (const auto& [flag, value] : {std::pair<const char*, bool>{"--states", !o.states.empty()},
                                    {"--id", !o.id.empty()},
                                    {"--weight", !o.weight.empty()},
                                    {"--alphabet", !o.alphabet.empty()}}) {
    if (value) return Error(Status::Invalid(fmt::format("{} reads a wide file: it needs --input FILE", flag)));
  }
  GridOptions grid;
  grid.unit = *ParseGridUnit(o.unit);
  grid.align = *ParseGridAlign(o.align);
  grid.level = o.level == "track" ? TransitionLevel::kTrack : TransitionLevel::kRole;
  grid.censored_missing = o.censored == "missing";
  Result<std::optional<int32_t>> since = DateFlag("--since", o.since);
  if (!since) return Error(since.error());
  Result<std::optional<int32_t>> until = DateFlag("--until", o.until);
  if (!until) return Error(until.error());
  grid.since = *since;
  grid.until = *until;
  Result<std::vector<std::pair<std::string, std::string>>> where = WhereFlags(o.where);
  if (!where) return Error(where.error());
  grid.where = std::move(*where);
  Result<AnalysisInput> in = OpenForAnalysis(ctx);
  if (!in) return Error(in.error());
  Result<SequenceSet> set = BuildSequences(*in->population, in->session.framework, grid);
  if (!set) return Error(set.error());
  if (set->size() == 0) {
    return Error(Status::Invalid(
        fmt::format("no career is observed on the grid{}", grid.where.empty() ? "" : " (--where leaves nobody)")));
  }
  if (o.level == "grade") {
    std::vector<std::pair<std::string, std::string>> mapping;
    for (const Role& r : in->session.framework.roles) mapping.emplace_back(r.id, fmt::format("L{}", r.level));
    Result<SequenceSet> graded = RecodeSequences(*set, mapping);
    if (!graded) return Error(graded.error());
    set = std::move(graded);
  }
  // Legend labels: the framework's names for its roles, tracks and destinations.
  labels->clear();
  for (const std::string& state : set->alphabet()) {
    std::string label = state;
    for (const Role& r : in->session.framework.roles) {
      if (r.id == state) label = r.name;
    }
    for (const Track& t : in->session.framework.tracks) {
      if (t.id == state) label = t.name;
    }
    for (const Destination& d : in->session.framework.destinations) {
      if (d.id == state) label = d.name;
    }
    labels->push_back(label);
  }
  if (!o.codes.empty()) {
    if (o.codes.size() != set->alphabet().size()) {
      return Error(Status::Invalid(fmt::format("--codes: {} codes for {} states ({})", o.codes.size(),
                                               set->alphabet().size(), fmt::join(set->alphabet(), ","))));
    }
    std::vector<std::pair<std::string, std::string>> mapping;
    for (size_t k = 0; k < o.codes.size(); ++k) mapping.emplace_back(set->alphabet()[k], o.codes[k]);
    Result<SequenceSet> coded = RecodeSequences(*set, mapping);
    if (!coded) return Error(coded.error());
    set = std::move(coded);
  }
  if (!o.labels.empty()) *labels = o.labels;
  return set;
}

}  // namespace

Result<LoadedSequences> LoadSequences(const Context& ctx, const SeqSource& o) {
  LoadedSequences out;
  Result<SequenceSet> set = o.input.empty() ? FromStore(ctx, o, &out.labels) : FromWideFile(o, &out.labels);
  if (!set) return Error(set.error());
  if (!o.recode.empty()) {
    Result<std::vector<std::pair<std::string, std::string>>> mapping = ReadRecodeFile(o.recode, set->alphabet());
    if (!mapping) return Error(mapping.error());
    const std::vector<std::string> before = set->alphabet();
    Result<SequenceSet> recoded = RecodeSequences(*set, *mapping);
    if (!recoded) return Error(Status::Invalid(fmt::format("--recode {}: {}", o.recode, recoded.error().message())));
    // A recoded state's label is its new name unless exactly one old state maps to it.
    std::vector<std::string> labels;
    for (const std::string& state : recoded->alphabet()) {
      std::string label = state;
      size_t sources = 0;
      for (size_t k = 0; k < before.size(); ++k) {
        std::string target = before[k];
        for (const auto& [from, to] : *mapping) {
          if (from == before[k]) target = to;
        }
        if (target == state) {
          ++sources;
          if (k < out.labels.size()) label = out.labels[k];
        }
      }
      labels.push_back(sources == 1 ? label : state);
    }
    out.labels = std::move(labels);
    set = std::move(recoded);
  }
  if (out.labels.size() != set->alphabet().size()) {
    return Error(Status::Invalid(fmt::format("--labels: {} labels for {} states ({})", out.labels.size(),
                                             set->alphabet().size(), fmt::join(set->alphabet(), ","))));
  }
  out.set = std::move(*set);
  out.options.weighted = !o.unweighted;
  out.options.with_missing = o.with_missing;
  return out;
}

namespace {

// A double for JSON: NaN and infinities are null.
nlohmann::ordered_json Number(double x) { return std::isfinite(x) ? nlohmann::ordered_json(x) : nullptr; }
Cell NumberCell(double x) { return std::isfinite(x) ? Cell(x) : Cell(); }

const std::vector<std::string> kDescribeParts = {"overview", "statd", "meant", "trate", "tab", "sequences"};

void RegisterDescribe(CLI::App* seq, Context& ctx) {
  struct Opts {
    SeqSource source;
    std::vector<std::string> what;
    int top = 10;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = seq->add_subcommand(
      "describe",
      "Describe the sequences as TraMineR does: state distribution and entropy per period (seqstatd), mean time "
      "in each state (seqmeant), transition rates (seqtrate), the most frequent sequences (seqtab), and per "
      "sequence its spells (seqdss/seqdur), length, transitions, entropy (seqient), turbulence (seqST) and "
      "complexity (seqici)");
  AddSequenceSourceOptions(cmd, &o->source);
  cmd->add_option("--what", o->what,
                  "Which parts, comma-separated: overview, statd, meant, trate, tab, sequences (default: all but "
                  "sequences; --format csv takes exactly one)")
      ->delimiter(',')
      ->check(CLI::IsMember(kDescribeParts));
  cmd->add_option("--top", o->top, "How many of the most frequent sequences (tab) to show; 0 = all")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      std::vector<std::string> what = o->what;
      if (what.empty()) {
        if (*format == Format::kCsv) {
          return Status::Invalid(
              "--format csv writes one table: choose it with --what overview|statd|meant|trate|tab|sequences");
        }
        what = {"overview", "statd", "meant", "trate", "tab"};
      }
      if (*format == Format::kCsv && what.size() != 1) {
        return Status::Invalid(fmt::format("--format csv writes one table; --what names {}", what.size()));
      }
      auto wants = [&](std::string_view part) { return std::find(what.begin(), what.end(), part) != what.end(); };
      Result<LoadedSequences> in = LoadSequences(ctx, o->source);
      if (!in) return in.error();
      const SequenceSet& s = in->set;
      const SeqDescribeOptions& options = in->options;

      std::vector<Table> tables;
      nlohmann::ordered_json j = nlohmann::ordered_json::object();

      if (wants("overview")) {
        std::set<std::string> distinct;
        double weight = 0;
        for (size_t i = 0; i < s.size(); ++i) {
          distinct.insert(s.RowString(i));
          weight += options.weighted ? s.weights()[i] : 1.0;
        }
        const std::vector<SequenceIndicators> x = SeqIndicators(s, options);
        double length = 0, transitions = 0, entropy = 0, turbulence = 0, complexity = 0, wsum = 0;
        for (size_t i = 0; i < s.size(); ++i) {
          const double w = options.weighted ? s.weights()[i] : 1.0;
          if (x[i].length == 0) continue;
          wsum += w;
          length += w * x[i].length;
          transitions += w * x[i].transitions;
          entropy += w * x[i].entropy;
          turbulence += w * x[i].turbulence;
          complexity += w * x[i].complexity;
        }
        const std::vector<std::string> states = DescribedStates(s, options);
        nlohmann::ordered_json ov{{"sequences", s.size()},
                                  {"distinct", distinct.size()},
                                  {"positions", s.length()},
                                  {"first", s.columns().empty() ? "" : s.columns().front()},
                                  {"last", s.columns().empty() ? "" : s.columns().back()},
                                  {"states", states},
                                  {"labels", in->labels},
                                  {"weighted", options.weighted},
                                  {"total_weight", weight},
                                  {"with_missing", options.with_missing}};
        nlohmann::ordered_json means{{"length", Number(length / wsum)},
                                     {"transitions", Number(transitions / wsum)},
                                     {"entropy", Number(entropy / wsum)},
                                     {"turbulence", Number(turbulence / wsum)},
                                     {"complexity", Number(complexity / wsum)}};
        ov["mean"] = means;
        j["overview"] = ov;
        Table t;
        t.title = "Overview";
        t.columns = {"measure", "value"};
        t.AddRow({std::string("sequences"), static_cast<int64_t>(s.size())});
        t.AddRow({std::string("distinct sequences"), static_cast<int64_t>(distinct.size())});
        t.AddRow({std::string("positions"), fmt::format("{} ({} .. {})", s.length(), ov["first"].get<std::string>(),
                                                        ov["last"].get<std::string>())});
        t.AddRow({std::string("states"), fmt::format("{}", fmt::join(states, " "))});
        t.AddRow({std::string(options.weighted ? "total weight" : "total (unweighted)"), weight});
        for (const char* m : {"length", "transitions", "entropy", "turbulence", "complexity"}) {
          t.AddRow({fmt::format("mean {}", m), NumberCell(means[m].is_null() ? NAN : means[m].get<double>())});
        }
        tables.push_back(std::move(t));
      }

      if (wants("statd")) {
        const StateDistribution d = SeqStateDistribution(s, options);
        Table t;
        t.title = "State distribution per period (seqstatd): shares of the valid states, N valid, entropy H";
        t.columns = {"period"};
        for (const std::string& st : d.states) t.columns.push_back(st);
        t.columns.push_back("N");
        t.columns.push_back("H");
        nlohmann::ordered_json periods = nlohmann::ordered_json::array();
        for (size_t p = 0; p < d.periods.size(); ++p) {
          std::vector<Cell> row{d.periods[p]};
          nlohmann::ordered_json shares = nlohmann::ordered_json::object();
          for (size_t k = 0; k < d.states.size(); ++k) {
            row.emplace_back(d.share(k, p));
            shares[d.states[k]] = d.share(k, p);
          }
          row.emplace_back(d.valid[p]);
          row.push_back(NumberCell(d.entropy[p]));
          t.AddRow(std::move(row));
          periods.push_back(
              {{"period", d.periods[p]}, {"shares", shares}, {"valid", d.valid[p]}, {"entropy", Number(d.entropy[p])}});
        }
        j["statd"] = {{"states", d.states}, {"normalized_entropy", d.normalized}, {"periods", periods}};
        tables.push_back(std::move(t));
      }

      if (wants("meant")) {
        const MeanTimes m = SeqMeanTimes(s, options);
        Table t;
        t.title = fmt::format("Mean time in each state (seqmeant), in {}",
                              s.columns().empty() ? "positions" : "positions of the grid");
        t.columns = {"state", "label", "mean", "var", "stdev", "se"};
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (size_t k = 0; k < m.states.size(); ++k) {
          const std::string label = k < in->labels.size() ? in->labels[k] : m.states[k];
          t.AddRow({m.states[k], label, NumberCell(m.mean[k]), NumberCell(m.variance[k]), NumberCell(m.stdev[k]),
                    NumberCell(m.se[k])});
          rows.push_back({{"state", m.states[k]},
                          {"label", label},
                          {"mean", Number(m.mean[k])},
                          {"var", Number(m.variance[k])},
                          {"stdev", Number(m.stdev[k])},
                          {"se", Number(m.se[k])}});
        }
        j["meant"] = rows;
        tables.push_back(std::move(t));
      }

      if (wants("trate")) {
        SeqTrateOptions trate;
        trate.weighted = options.weighted;
        trate.with_missing = options.with_missing;
        if (s.length() < 2) return Status::Invalid("transition rates need sequences of two positions or more");
        Result<TransitionRates> r = SeqTransitionRates(s, trate);
        if (!r) return r.error();
        Table t;
        t.title = "Transition rates (seqtrate, lag 1)";
        t.columns = {"from"};
        for (size_t y = 0; y < r->states.size(); ++y) t.columns.push_back(r->ColumnLabel(y));
        nlohmann::ordered_json rows = nlohmann::ordered_json::object();
        for (size_t x = 0; x < r->states.size(); ++x) {
          std::vector<Cell> row{r->RowLabel(x)};
          nlohmann::ordered_json rj = nlohmann::ordered_json::object();
          for (size_t y = 0; y < r->states.size(); ++y) {
            row.emplace_back(r->at(0, x, y));
            rj[r->states[y]] = r->at(0, x, y);
          }
          t.AddRow(std::move(row));
          rows[r->states[x]] = rj;
        }
        j["trate"] = {{"states", r->states}, {"rates", rows}};
        tables.push_back(std::move(t));
      }

      if (wants("tab")) {
        const std::vector<SequenceFrequency> tab = SeqFrequencies(s, options);
        const size_t shown = o->top == 0 ? tab.size() : std::min<size_t>(tab.size(), static_cast<size_t>(o->top));
        Table t;
        double cumulated = 0;
        for (size_t k = 0; k < shown; ++k) cumulated += tab[k].percent;
        t.title = fmt::format("The {} most frequent sequences (seqtab) of {} distinct: {:.1f}% of the {}", shown,
                              tab.size(), cumulated, options.weighted ? "weight" : "sequences");
        t.columns = {"rank", "sequence", "freq", "percent", "rows"};
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (size_t k = 0; k < shown; ++k) {
          const SequenceFrequency& f = tab[k];
          t.AddRow({static_cast<int64_t>(k + 1), f.label, f.weight, f.percent, static_cast<int64_t>(f.count)});
          rows.push_back({{"rank", k + 1},
                          {"sequence", f.label},
                          {"freq", f.weight},
                          {"percent", f.percent},
                          {"rows", f.count},
                          {"example", s.ids()[f.first_row]}});
        }
        j["tab"] = {{"distinct", tab.size()}, {"shown", shown}, {"percent_shown", cumulated}, {"sequences", rows}};
        tables.push_back(std::move(t));
      }

      if (wants("sequences")) {
        const std::vector<SequenceIndicators> x = SeqIndicators(s, options);
        Table t;
        t.title =
            "Per sequence: spells (seqdss/seqdur), length, transitions, entropy (seqient), turbulence (seqST), "
            "complexity (seqici)";
        t.columns = {"id", "weight", "spells", "length", "transitions", "entropy", "turbulence", "complexity"};
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (size_t i = 0; i < s.size(); ++i) {
          const std::string spells = SpellsSps(s, SeqSpells(s, i, options));
          const double w = options.weighted ? s.weights()[i] : 1.0;
          t.AddRow({s.ids()[i], w, spells, static_cast<int64_t>(x[i].length), static_cast<int64_t>(x[i].transitions),
                    x[i].entropy, NumberCell(x[i].turbulence), x[i].complexity});
          rows.push_back({{"id", s.ids()[i]},
                          {"weight", w},
                          {"spells", spells},
                          {"length", x[i].length},
                          {"transitions", x[i].transitions},
                          {"entropy", x[i].entropy},
                          {"turbulence", Number(x[i].turbulence)},
                          {"complexity", x[i].complexity}});
        }
        j["sequences"] = rows;
        tables.push_back(std::move(t));
      }

      if (*format == Format::kJson) return WriteOutput("", j.dump(2) + "\n");
      if (*format == Format::kCsv) return WriteOutput("", Render(tables.front(), Format::kCsv));
      std::string out;
      for (const Table& t : tables) {
        if (!out.empty()) out += "\n";
        out += Render(t, Format::kTable);
      }
      return WriteOutput("", out);
    };
  });
}

}  // namespace

void RegisterSequenceCommands(CLI::App& app, Context& ctx) {
  CLI::App* seq =
      app.add_subcommand("seq", "Sequence analysis of careers, as R's TraMineR: describe, dist, cluster, plot");
  seq->require_subcommand(1);
  RegisterDescribe(seq, ctx);
  RegisterSequenceDistances(seq, ctx);
}

}  // namespace careergraph::cli
