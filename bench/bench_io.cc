// bench_io: whole-pipeline throughput of careergraph's career I/O on a simulated population of
// about a million spells. Each step runs up to --runs times (within --budget seconds); the table
// reports the best and the median run as spells per second.
//
//   csv_parse      ParseCareerBatch on CSV text held in memory, full validation against the framework
//   json_parse     ParseCareerBatch on the same careers as JSON text held in memory
//   csv_import     read the CSV file + ParseCareerBatch + open a fresh SQLite store + SaveFramework +
//                  Store::ImportCareers + close (the WAL is checkpointed into the file)
//   store_import   the Store::ImportCareers + close part of csv_import alone
//   load           open the store + Store::LoadPopulation (the columnar in-memory form)
//   export_csv     WriteCareersCsv on an in-memory Population (what export writes from)
//   careerset_copy reference, not a pipeline: copying the CareerSet that ParseCareers returns, i.e.
//                  the cost of allocating and filling that structure with no parsing at all
//
// Each run happens in a forked child process, so that every run starts from the same heap as a
// fresh `careergraph import` would (the inputs are shared with the parent, copy-on-write, and the
// memory the step allocates is new to the process). --in-process runs them in this process
// instead, where later runs reuse memory that earlier runs freed ("warm" numbers).
//
// Usage: bench_io [--people N] [--seed S] [--runs R] [--budget SECONDS] [--steps ID,...]
//                 [--in-process] [--workdir DIR] [--frameworks DIR] [--json]
// The CSV and JSON files it writes to --workdir (careers.csv, careers.json) are the inputs of
// bench/compare_pandas.py. With --json the results go to stdout as JSON and the log to stderr.
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "careergraph/base/file.h"
#include "careergraph/framework/loader.h"
#include "careergraph/io/careers.h"
#include "careergraph/model/population.h"
#include "careergraph/sim/simulator.h"
#include "careergraph/store/sqlite_store.h"
#include "careergraph/store/store.h"
#include "bench_util.h"

#ifndef CG_SOURCE_DIR
#define CG_SOURCE_DIR "."
#endif

namespace cg = careergraph;
namespace fs = std::filesystem;

namespace {

using careergraph::bench::Clock;
using careergraph::bench::Die;
using careergraph::bench::Log;
using careergraph::bench::Median;
using careergraph::bench::Since;
using careergraph::bench::Thousands;

struct Options {
  size_t people = 600000;  // 1,008,734 spells with seed 42 (the millionth is person 594,780's)
  uint64_t seed = 42;
  size_t min_spells = 1000000;
  int runs = 3;
  double budget_s = 16;  // no further run of a step once its runs would exceed this
  std::string steps;   // comma-separated ids to run (empty = all)
  std::string workdir;
  std::string frameworks = std::string(CG_SOURCE_DIR) + "/frameworks";
  bool json = false;
  bool fork = true;
};

// What one run times: the whole step, and optionally a part of it.
struct Timing {
  double seconds = 0;
  double part = -1;  // < 0: none
};

struct Measurement {
  std::string id;
  std::string name;
  size_t items = 0;              // spells processed per run
  std::vector<double> seconds;   // one per run
  std::optional<double> aim;     // spells/s the issue aims for
  std::vector<double> parts;     // the timed part of each run, when the step has one
  double Best() const { return *std::min_element(seconds.begin(), seconds.end()); }
  double Median() const { return careergraph::bench::Median(seconds); }
};

// Runs `body` in a forked child and returns what it timed.
Timing RunForked(const std::function<Timing()>& body) { return careergraph::bench::RunForked<Timing>(careergraph::bench::g_program, body); }

void RemoveDb(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// Runs `body` up to `runs` times; `body` returns the seconds of what it times (so that set-up
// and checks inside it stay out of the measurement). No further run starts once another would
// take the step's runs (wall time, set-up included) past `budget_s` seconds, so that slow steps
// run once or twice and the whole benchmark stays within a few minutes on a small machine; the
// report says how many runs each step had.
Measurement Measure(std::string id, std::string name, size_t items, const Options& opt,
                    std::optional<double> aim, const std::function<Timing()>& body) {
  Measurement m{std::move(id), std::move(name), items, {}, aim, {}};
  double wall = 0;
  for (int r = 0; r < opt.runs; ++r) {
    const auto t0 = Clock::now();
    const Timing t = opt.fork ? RunForked(body) : body();
    const double run_wall = Since(t0);
    wall += run_wall;
    m.seconds.push_back(t.seconds);
    if (t.part >= 0) m.parts.push_back(t.part);
    Log("  {:<14} run {}/{}: {:7.3f} s  {:>12.0f} spells/s\n", m.id, r + 1, opt.runs, t.seconds,
        static_cast<double>(items) / t.seconds);
    if (r + 1 < opt.runs && wall + run_wall > opt.budget_s) {
      Log("  {:<14} (run budget of {:.0f} s reached: {} run(s))\n", m.id, opt.budget_s, m.seconds.size());
      break;
    }
  }
  return m;
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  auto value = [&](int& i) { return careergraph::bench::FlagValue(argc, argv, i); };
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--people") o.people = std::stoul(value(i));
    else if (a == "--seed") o.seed = std::stoull(value(i));
    else if (a == "--min-spells") o.min_spells = std::stoul(value(i));
    else if (a == "--runs") o.runs = std::max(1, std::stoi(value(i)));
    else if (a == "--budget") o.budget_s = std::stod(value(i));
    else if (a == "--steps") o.steps = fmt::format(",{},", value(i));
    else if (a == "--workdir") o.workdir = value(i);
    else if (a == "--frameworks") o.frameworks = value(i);
    else if (a == "--json") o.json = true;
    else if (a == "--in-process") o.fork = false;
    else if (a == "-h" || a == "--help") {
      fmt::print("usage: bench_io [--people N] [--seed S] [--min-spells N] [--runs R] [--budget SECONDS]\n"
                 "                [--steps csv_parse,json_parse,csv_import,load,export_csv,careerset_copy]\n"
                 "                [--in-process] [--workdir DIR] [--frameworks DIR] [--json]\n");
      std::exit(0);
    } else {
      fmt::print(stderr, "bench_io: unknown argument '{}' (try --help)\n", a);
      std::exit(2);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  cg::bench::g_program = "bench_io";
  Options opt = ParseArgs(argc, argv);
  cg::bench::g_log_to_stderr = opt.json;
  if (opt.workdir.empty()) {
    opt.workdir = (fs::temp_directory_path() / fmt::format("careergraph-bench-{}", ::getpid())).string();
  }
  fs::create_directories(opt.workdir);
  const std::string csv_path = opt.workdir + "/careers.csv";
  const std::string json_path = opt.workdir + "/careers.json";
  const std::string db_path = opt.workdir + "/careergraph.db";

  // --- the population ---
  std::string fw_text;
  cg::Result<cg::Framework> fw = cg::LoadFrameworkFile(opt.frameworks + "/infrastructure.toml", &fw_text);
  if (!fw) Die("loading the framework", fw.error());
  cg::Result<cg::MobilityModel> model =
      cg::LoadMobilityModelFile(opt.frameworks + "/infrastructure.mobility.toml", *fw);
  if (!model) Die("loading the mobility model", model.error());

  cg::SimulationOptions sim;
  sim.people = opt.people;
  sim.seed = opt.seed;
  auto t0 = Clock::now();
  cg::Result<cg::CareerSet> careers = cg::Simulate(*fw, *model, sim);
  if (!careers) Die("simulating", careers.error());
  // Person i depends only on (seed, i), so more people only add spells: grow until there are
  // enough (the default --people already gives a million with the default seed).
  while (careers->SpellCount() < opt.min_spells) {
    const double per_person = static_cast<double>(careers->SpellCount()) / static_cast<double>(sim.people);
    sim.people = static_cast<size_t>(static_cast<double>(opt.min_spells) / per_person * 1.01) + 1;
    Log("only {} spells; simulating {} people\n", careers->SpellCount(), sim.people);
    careers = cg::Simulate(*fw, *model, sim);
    if (!careers) Die("simulating", careers.error());
  }
  const size_t people = careers->people.size();
  const size_t spells = careers->SpellCount();
  Log("simulated {} people, {} spells ({:.2f} per person, seed {}) in {:.1f} s\n",
      Thousands(static_cast<double>(people)), Thousands(static_cast<double>(spells)),
      static_cast<double>(spells) / static_cast<double>(people), opt.seed, Since(t0));

  const std::string csv_text = cg::WriteCareersCsv(*careers);
  const std::string json_text = cg::WriteCareersJson(*careers);
  if (cg::Status s = cg::WriteFileAtomic(csv_path, csv_text); !s.ok()) Die("writing the CSV", s);
  if (cg::Status s = cg::WriteFileAtomic(json_path, json_text); !s.ok()) Die("writing the JSON", s);
  Log("wrote {} ({:.1f} MB) and {} ({:.1f} MB)\n", csv_path, static_cast<double>(csv_text.size()) / 1e6,
      json_path, static_cast<double>(json_text.size()) / 1e6);

  std::vector<Measurement> results;
  auto want = [&](std::string_view id) {
    return opt.steps.empty() || opt.steps.find(fmt::format(",{},", id)) != std::string::npos;
  };
  auto measure = [&](std::string id, std::string name, std::optional<double> aim,
                     const std::function<Timing()>& body) {
    results.push_back(Measure(std::move(id), std::move(name), spells, opt, aim, body));
    return &results.back();
  };

  // --- CSV parse (in memory, full validation) ---
  if (want("csv_parse")) measure("csv_parse", "CSV parse + validate (in memory)", 1e6, [&] {
    auto t = Clock::now();
    cg::Result<cg::CareerBatch> c = cg::ParseCareerBatch(csv_text, csv_path, cg::CareerFormat::kCsv, *fw);
    const double s = Since(t);
    if (!c) Die("parsing the CSV", c.error());
    if (c->population.spells() != spells) Die("parsing the CSV", cg::Status::Internal("spell count differs"));
    return Timing{s};  // the batch's destruction is not timed
  });

  // --- JSON parse (in memory, full validation) ---
  if (want("json_parse")) measure("json_parse", "JSON parse + validate (in memory)", std::nullopt, [&] {
    auto t = Clock::now();
    cg::Result<cg::CareerBatch> c = cg::ParseCareerBatch(json_text, json_path, cg::CareerFormat::kJson, *fw);
    const double s = Since(t);
    if (!c) Die("parsing the JSON", c.error());
    if (c->population.spells() != spells) Die("parsing the JSON", cg::Status::Internal("spell count differs"));
    return Timing{s};
  });

  // --- CSV file -> fresh SQLite store ---
  // Every run writes a new store from scratch; the last one is what `load` reads.
  auto import = [&] {
    RemoveDb(db_path);
    auto t = Clock::now();
    double store_s = 0;
    {
      cg::Result<cg::CareerBatch> c = cg::ReadCareerBatchFile(csv_path, *fw);
      if (!c) Die("reading the CSV", c.error());
      cg::Result<std::unique_ptr<cg::Store>> store = cg::OpenSqliteStore(db_path, cg::OpenMode::kCreate);
      if (!store) Die("opening the store", store.error());
      if (cg::Status s = (*store)->SaveFramework(*fw, fw_text); !s.ok()) Die("saving the framework", s);
      auto ti = Clock::now();
      if (cg::Status s = (*store)->ImportCareers(*c, cg::ImportMode::kNew); !s.ok()) Die("importing", s);
      store->reset();  // closes the database: checkpoints the WAL into the file
      store_s = Since(ti);
    }  // the batch is freed inside the timing too: a CLI import pays for it
    return Timing{Since(t), store_s};
  };
  if (want("csv_import")) {
    const Measurement* m = measure("csv_import", "CSV file -> fresh SQLite store", 3e5, import);
    results.push_back(Measurement{"store_import", "  of which Store::ImportCareers + close", spells,
                                  m->parts, std::nullopt, {}});
  } else if (want("load")) {
    (void)(opt.fork ? RunForked(import) : import());  // untimed: `load` needs a store
  }
  std::error_code ec;
  const uintmax_t db_size = fs::file_size(db_path, ec);
  const uintmax_t db_bytes = ec ? 0 : db_size;

  // --- store -> memory ---
  if (want("load")) measure("load", "Store::LoadPopulation (open + load)", 2e6, [&] {
    auto t = Clock::now();
    cg::Result<std::unique_ptr<cg::Store>> store = cg::OpenSqliteStore(db_path, cg::OpenMode::kMustExist);
    if (!store) Die("opening the store", store.error());
    cg::Result<cg::Population> pop = (*store)->LoadPopulation();
    const double s = Since(t);
    if (!pop) Die("loading", pop.error());
    if (pop->spells() != spells) Die("loading", cg::Status::Internal("spell count differs"));
    return Timing{s};
  });

  // --- export ---
  // What `careergraph export` writes from: the loaded Population.
  const cg::Population population = cg::Population::FromCareers(*careers);
  if (want("export_csv")) measure("export_csv", "WriteCareersCsv (in memory, from columns)", std::nullopt, [&] {
    auto t = Clock::now();
    std::string out = cg::WriteCareersCsv(population);
    const double s = Since(t);
    if (out.size() != csv_text.size()) Die("exporting", cg::Status::Internal("CSV size differs"));
    return Timing{s};
  });

  // --- reference: the cost of the parsers' output structure alone ---
  if (want("careerset_copy")) measure("careerset_copy", "reference: copy the CareerSet", std::nullopt, [&] {
    auto t = Clock::now();
    cg::CareerSet copy = *careers;
    const double s = Since(t);
    if (copy.SpellCount() != spells) Die("copying", cg::Status::Internal("spell count differs"));
    return Timing{s};
  });

  // Peak resident sets: this process (the inputs), and the largest run (a forked child, whose
  // figure includes the pages it shares with this process).
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double max_rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  getrusage(RUSAGE_CHILDREN, &ru);
  const double max_run_rss_mb = opt.fork ? static_cast<double>(ru.ru_maxrss) / 1024.0 : max_rss_mb;

  if (opt.json) {
    nlohmann::json j;
    j["tool"] = "careergraph";
    j["people"] = people;
    j["spells"] = spells;
    j["seed"] = opt.seed;
    j["runs"] = opt.runs;
    j["budget_s"] = opt.budget_s;
    j["forked_runs"] = opt.fork;
    j["csv_path"] = csv_path;
    j["json_path"] = json_path;
    j["csv_bytes"] = csv_text.size();
    j["json_bytes"] = json_text.size();
    j["db_bytes"] = db_bytes;
    j["sqlite_version"] = sqlite3_libversion();
    j["max_rss_mb"] = max_rss_mb;
    j["max_run_rss_mb"] = max_run_rss_mb;
    j["results"] = nlohmann::json::array();
    for (const Measurement& m : results) {
      nlohmann::json r;
      r["id"] = m.id;
      r["name"] = m.name;
      r["items"] = m.items;
      r["seconds"] = m.seconds;
      r["best_s"] = m.Best();
      r["median_s"] = m.Median();
      r["best_per_s"] = static_cast<double>(m.items) / m.Best();
      r["median_per_s"] = static_cast<double>(m.items) / m.Median();
      r["aim_per_s"] = m.aim ? nlohmann::json(*m.aim) : nlohmann::json(nullptr);
      j["results"].push_back(r);
    }
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("\ncareergraph I/O: {} people, {} spells, best and median of up to {} runs (SQLite {})\n",
               Thousands(static_cast<double>(people)), Thousands(static_cast<double>(spells)),
               opt.runs, sqlite3_libversion());
    fmt::print("{:<42} {:>4} {:>9} {:>14} {:>14} {:>11}  {}\n", "step", "runs", "median s",
               "best spells/s", "median sp/s", "aim", "");
    for (const Measurement& m : results) {
      const double med = static_cast<double>(m.items) / m.Median();
      std::string verdict;
      if (m.aim) verdict = med >= *m.aim ? "meets aim" : fmt::format("MISSES aim ({:.0f}%)", 100 * med / *m.aim);
      fmt::print("{:<42} {:>4} {:>9.3f} {:>14} {:>14} {:>11}  {}\n", m.name, m.seconds.size(), m.Median(),
                 Thousands(static_cast<double>(m.items) / m.Best()), Thousands(med),
                 m.aim ? Thousands(*m.aim) : "", verdict);
    }
    fmt::print("CSV {:.1f} MB, JSON {:.1f} MB, SQLite store {:.1f} MB; peak RSS {:.0f} MB (inputs), "
               "{:.0f} MB (largest run)\n",
               static_cast<double>(csv_text.size()) / 1e6, static_cast<double>(json_text.size()) / 1e6,
               static_cast<double>(db_bytes) / 1e6, max_rss_mb, max_run_rss_mb);
  }
  return 0;
}
