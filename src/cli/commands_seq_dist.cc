// `careergraph seq dist`, `seq cluster` and `seq plot`: distances between careers (TraMineR's
// seqdist), clusters of careers with their quality and representatives, and the sequence plots.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <numeric>

#include "careergraph/analysis/clustering.h"
#include "careergraph/analysis/sequence_describe.h"
#include "careergraph/analysis/sequence_distance.h"
#include "careergraph/base/file.h"
#include "careergraph/io/csv.h"
#include "careergraph/render/sequence_plots.h"
#include "cli/commands_seq.h"

namespace careergraph::cli {
namespace {

using J = nlohmann::ordered_json;

// The distance flags `seq dist` and `seq cluster` share.
struct DistFlags {
  std::string method = "OM", indel = "auto", sm, sm_file, norm = "none";
  double cval = 2;
  bool time_varying = false;
  int threads = 0;
};

// `method_flag`: --method for `seq dist`, --distance for `seq cluster` (whose --method is the
// clustering's).
void AddDistanceOptions(CLI::App* cmd, DistFlags* o, const std::string& method_flag) {
  cmd->add_option(method_flag, o->method, "The distance: OM, HAM, DHD, LCS, LCP or RLCP (TraMineR's seqdist methods)")
      ->capture_default_str()
      ->check(CLI::IsMember({"OM", "HAM", "DHD", "LCS", "LCP", "RLCP"}));
  cmd->add_option("--indel", o->indel,
                  "OM's insertion/deletion cost, or auto (TraMineR's: half the largest substitution cost)")
      ->capture_default_str();
  cmd->add_option("--sm", o->sm,
                  "Substitution costs: CONSTANT (cval everywhere) or TRATE (2 - p(i->j) - p(j->i), TraMineR's "
                  "seqsubm); default CONSTANT for OM and HAM, time-varying TRATE for DHD")
      ->check(CLI::IsMember({"CONSTANT", "TRATE"}));
  cmd->add_option("--sm-file", o->sm_file,
                  "Substitution costs from a CSV file: a square matrix with the state names as header row and "
                  "first column (symmetric, zero diagonal)");
  cmd->add_option("--cval", o->cval, "The constant of CONSTANT costs (and TRATE's 2)")->capture_default_str();
  cmd->add_flag("--time-varying", o->time_varying, "TRATE costs per position (as DHD's)");
  cmd->add_option("--norm", o->norm, "none, auto, maxlength, gmean, maxdist or YujianBo (TraMineR's norm)")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "auto", "maxlength", "gmean", "maxdist", "YujianBo"}));
  cmd->add_option("--threads", o->threads, "Threads for the distances; 0 = every core")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
}

Result<SeqDistOptions> DistOptions(const DistFlags& f, const LoadedSequences& in) {
  SeqDistOptions o;
  o.method = *ParseSeqDistMethod(f.method);  // CLI11 checked the names
  o.norm = *ParseSeqNorm(f.norm);
  o.with_missing = in.options.with_missing;
  o.weighted = in.options.weighted;
  o.threads = f.threads;
  if (f.indel != "auto") {
    char* end = nullptr;
    const double v = std::strtod(f.indel.c_str(), &end);
    if (f.indel.empty() || end != f.indel.c_str() + f.indel.size() || !std::isfinite(v) || v <= 0) {
      return Error(Status::Invalid(fmt::format("--indel '{}': expected a number > 0 or auto", f.indel)));
    }
    o.indel = v;
  }
  if (!f.sm.empty() && !f.sm_file.empty()) return Error(Status::Invalid("--sm and --sm-file: choose one"));
  const bool uses_sm =
      o.method == SeqDistMethod::kOM || o.method == SeqDistMethod::kHAM || o.method == SeqDistMethod::kDHD;
  if (!uses_sm && (!f.sm.empty() || !f.sm_file.empty())) {
    return Error(Status::Invalid(fmt::format("--method {} takes no substitution costs", f.method)));
  }
  if (!f.sm_file.empty()) {
    Result<std::string> text = ReadFile(f.sm_file);
    if (!text) return Error(text.error());
    Result<SubstitutionCosts> sm = ParseSubstitutionCosts(*text, f.sm_file, in.set, in.options.with_missing);
    if (!sm) return Error(sm.error());
    o.sm = std::move(*sm);
  } else if (f.sm == "TRATE") {
    Result<SubstitutionCosts> sm =
        TrateCosts(in.set, f.cval, f.time_varying, in.options.weighted, in.options.with_missing);
    if (!sm) return Error(sm.error());
    o.sm = std::move(*sm);
  } else if (f.sm == "CONSTANT" || (f.sm.empty() && o.method == SeqDistMethod::kOM)) {
    // TraMineR makes OM's costs a required argument; here OM defaults to CONSTANT (cval 2, indel 1).
    Result<SubstitutionCosts> sm = ConstantCosts(in.set, f.cval, in.options.with_missing, f.time_varying);
    if (!sm) return Error(sm.error());
    o.sm = std::move(*sm);
  }
  return o;
}

// NumPy's .npy format, version 1.0: magic, header length, a Python dict literal padded with
// spaces to a multiple of 64 bytes and ending in '\n', then the little-endian float64 data.
std::string NpyHeader(size_t elements) {
  std::string dict = fmt::format("{{'descr': '<f8', 'fortran_order': False, 'shape': ({},), }}", elements);
  const size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  std::string header("\x93NUMPY\x01\x00", 8);
  header += static_cast<char>(dict.size() & 0xff);
  header += static_cast<char>(dict.size() >> 8);
  return header + dict;
}

// Writes the distances: .npy = the condensed matrix of the distinct sequences, with a sidecar
// <out>.rows.csv mapping every row to its distinct sequence; anything else = the full n × n
// matrix over every row as CSV (ids as header and first column), TraMineR's full.matrix.
Status WriteDistances(const std::string& path, const SequenceSet& set, const DistinctSequences& distinct,
                      const DistanceMatrix& d) {
  const bool npy = path.size() >= 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
  if (npy) {
    static_assert(std::endian::native == std::endian::little, "the .npy writer assumes a little-endian machine");
    const std::vector<double>& v = d.values();
    CG_RETURN_IF_ERROR(WriteFileAtomic(
        path,
        {NpyHeader(v.size()), std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double))}));
    std::string rows = "row,id,weight,distinct\n";
    for (size_t i = 0; i < set.size(); ++i) {
      rows += fmt::format("{},", i);
      AppendCsvField(&rows, set.ids()[i]);
      rows += fmt::format(",{},{}\n", set.weights()[i], distinct.of_row[i]);
    }
    return WriteOutput(path + ".rows.csv", rows);
  }
  std::string out = "id";
  for (const std::string& id : set.ids()) {
    out += ',';
    AppendCsvField(&out, id);
  }
  out += '\n';
  fmt::memory_buffer line;
  for (size_t i = 0; i < set.size(); ++i) {
    line.clear();
    std::string id;
    AppendCsvField(&id, set.ids()[i]);
    fmt::format_to(std::back_inserter(line), "{}", id);
    for (size_t j = 0; j < set.size(); ++j) {
      fmt::format_to(std::back_inserter(line), ",{}", d.at(distinct.of_row[i], distinct.of_row[j]));
    }
    out.append(line.data(), line.size());
    out += '\n';
  }
  return WriteOutput(path, out);
}

void RegisterDist(CLI::App* seq, Context& ctx) {
  struct Opts {
    SeqSource source;
    DistFlags dist;
    std::string out;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = seq->add_subcommand(
      "dist",
      "Distances between the sequences (TraMineR's seqdist): optimal matching and its kin, computed once per "
      "distinct sequence, on every core");
  AddSequenceSourceOptions(cmd, &o->source);
  AddDistanceOptions(cmd, &o->dist, "--method");
  cmd->add_option("--out", o->out,
                  "Write the matrix here: FILE.npy = the condensed upper triangle of the distinct sequences "
                  "(NumPy, SciPy's squareform layout) plus FILE.npy.rows.csv; any other name = the full matrix of "
                  "every row as CSV. Without --out, small matrices (up to 200 rows) are printed");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<LoadedSequences> in = LoadSequences(ctx, o->source);
      if (!in) return in.error();
      if (o->out.empty() && in->set.size() > 200) {
        return Status::Invalid(
            fmt::format("{0} sequences make a {0}x{0} matrix: write it to a file with --out "
                        "FILE.npy (condensed) or FILE.csv",
                        in->set.size()));
      }
      Result<SeqDistOptions> options = DistOptions(o->dist, *in);
      if (!options) return options.error();
      const auto start = std::chrono::steady_clock::now();
      const DistinctSequences distinct = FindDistinct(in->set);
      TerminalProgress progress;
      Result<DistanceMatrix> d = SeqDistances(in->set, distinct, *options, progress);
      if (!d) return d.error();
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      Result<SeqDistParams> params = ResolveSeqDist(in->set, *options);
      if (!params) return params.error();

      if (o->out.empty()) {
        const SequenceSet& s = in->set;
        if (*format == Format::kJson) {
          J rows = J::array();
          for (size_t i = 0; i < s.size(); ++i) {
            J row = J::array();
            for (size_t k = 0; k < s.size(); ++k) row.push_back(d->at(distinct.of_row[i], distinct.of_row[k]));
            rows.push_back(std::move(row));
          }
          J j{{"method", SeqDistMethodName(params->method)},
              {"norm", SeqNormName(params->norm)},
              {"indel", params->indel},
              {"ids", s.ids()},
              {"distances", rows}};
          return WriteOutput("", j.dump(2) + "\n");
        }
        Table t;
        t.title = fmt::format("{} distances ({} sequences, {} distinct)", SeqDistMethodName(params->method), s.size(),
                              distinct.size());
        t.columns = {"id"};
        for (const std::string& id : s.ids()) t.columns.push_back(id);
        for (size_t i = 0; i < s.size(); ++i) {
          std::vector<Cell> row{s.ids()[i]};
          for (size_t k = 0; k < s.size(); ++k) row.emplace_back(d->at(distinct.of_row[i], distinct.of_row[k]));
          t.AddRow(std::move(row));
        }
        return WriteOutput("", Render(t, *format));
      }

      CG_RETURN_IF_ERROR(WriteDistances(o->out, in->set, distinct, *d));
      J j{{"method", SeqDistMethodName(params->method)},
          {"norm", SeqNormName(params->norm)},
          {"indel", params->indel},
          {"with_missing", params->with_missing},
          {"sequences", in->set.size()},
          {"distinct", distinct.size()},
          {"pairs", d->values().size()},
          {"seconds", seconds},
          {"out", o->out}};
      if (*format == Format::kJson) return WriteOutput("", j.dump(2) + "\n");
      Table t;
      t.columns = {"method", "norm", "indel", "sequences", "distinct", "pairs", "seconds", "out"};
      t.AddRow({std::string(SeqDistMethodName(params->method)), std::string(SeqNormName(params->norm)), params->indel,
                static_cast<int64_t>(in->set.size()), static_cast<int64_t>(distinct.size()),
                static_cast<int64_t>(d->values().size()), seconds, o->out});
      return WriteOutput("", Render(t, *format));
    };
  });
}

SequencePlotOptions PlotOptions(const LoadedSequences& in, const std::string& title) {
  SequencePlotOptions p;
  p.title = title;
  p.labels = in.labels;
  if (in.options.with_missing) p.labels.emplace_back("missing");
  p.weighted = in.options.weighted;
  return p;
}

void RegisterCluster(CLI::App* seq, Context& ctx) {
  struct Opts {
    SeqSource source;
    DistFlags dist;
    int k = 0;
    std::string method = "ward", save_attribute, svg;
    bool members = false;
    size_t max_matrix = 20000;
    size_t samples = 100;
    uint64_t seed = 1;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = seq->add_subcommand(
      "cluster",
      "Types of careers: cluster the sequences on their distances (Ward as R's hclust ward.D2 / agnes, or PAM "
      "k-medoids as cluster::pam; CLARA beyond --max-matrix distinct sequences), with silhouettes, medoids and "
      "representative sequences (TraMineR's seqrep)");
  AddSequenceSourceOptions(cmd, &o->source);
  AddDistanceOptions(cmd, &o->dist, "--distance");
  cmd->add_option("--k", o->k, "The number of clusters")->required()->check(CLI::Range(1, 1000));
  cmd->add_option("--method", o->method, "The clustering: ward, pam or clara")
      ->capture_default_str()
      ->check(CLI::IsMember({"ward", "pam", "clara"}));
  cmd->add_option("--max-matrix", o->max_matrix,
                  "Above this many distinct sequences, cluster with CLARA on samples instead of a full matrix")
      ->capture_default_str();
  cmd->add_option("--samples", o->samples, "CLARA: the number of samples")->capture_default_str();
  cmd->add_option("--seed", o->seed, "CLARA: the random seed")->capture_default_str();
  cmd->add_flag("--members", o->members, "Also list every sequence's cluster and silhouette width");
  cmd->add_option("--save-attribute", o->save_attribute,
                  "From the store: write each person's cluster (1..k) as this person attribute, for --where/--by "
                  "in the other analyses and the report");
  cmd->add_option("--svg", o->svg, "Also write the sequence index plot, one panel per cluster, to this SVG file");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      if (!o->save_attribute.empty() && !o->source.input.empty()) {
        return Status::Invalid("--save-attribute writes to the store: it cannot be used with --input");
      }
      Result<LoadedSequences> in = LoadSequences(ctx, o->source);
      if (!in) return in.error();
      const SequenceSet& s = in->set;
      Result<SeqDistOptions> options = DistOptions(o->dist, *in);
      if (!options) return options.error();
      const DistinctSequences distinct = FindDistinct(s);
      const size_t n = distinct.size();
      const size_t k = static_cast<size_t>(o->k);
      if (k > n) {
        return Status::Invalid(fmt::format("--k {}: there are only {} distinct sequences", k, n));
      }
      // Item weights: the summed weights of each distinct sequence's rows (or its row count).
      std::vector<double> weights(n);
      for (size_t d = 0; d < n; ++d) weights[d] = in->options.weighted ? distinct.weight[d] : distinct.count[d];
      std::string method = o->method;
      if (method != "clara" && n > o->max_matrix) method = "clara";

      std::vector<int> labels;  // per distinct sequence, 1..k
      std::vector<size_t> medoids(k, SIZE_MAX);
      std::optional<DistanceMatrix> matrix;
      TerminalProgress progress;
      if (method == "clara") {
        Result<SeqDistParams> params = ResolveSeqDist(s, *options);
        if (!params) return params.error();
        std::vector<std::vector<SequenceSet::Code>> rows(n);
        for (size_t d = 0; d < n; ++d) rows[d] = SequenceContent(s, distinct.rows[d]);
        const SeqDistParams p = *params;
        ClaraOptions co;
        co.samples = o->samples;
        co.seed = o->seed;
        co.progress = &progress;
        Result<ClaraResult> c = Clara(
            n, [&](size_t a, size_t b) { return SeqDistanceReference(rows[a], rows[b], p); }, k, weights, co);
        if (!c) return c.error();
        labels = c->clustering;
        medoids = c->medoids;
      } else {
        Result<DistanceMatrix> d = SeqDistances(s, distinct, *options, progress);
        if (!d) return d.error();
        matrix = std::move(*d);
        if (method == "ward") {
          Result<Dendrogram> tree = WardClustering(*matrix, weights, &progress);
          if (!tree) return tree.error();
          Result<std::vector<int>> cut = CutTree(*tree, k);
          if (!cut) return cut.error();
          labels = std::move(*cut);
        } else {
          PamOptions po;
          po.progress = &progress;
          Result<PamResult> pam = Pam(*matrix, k, weights, po);
          if (!pam) return pam.error();
          labels = pam->clustering;
          medoids = pam->medoids;
        }
      }

      // Per cluster: its items, weight, medoid (the item with the smallest weighted sum of
      // distances to the others) and silhouette.
      std::vector<std::vector<size_t>> items(k);
      for (size_t d = 0; d < n; ++d) items[static_cast<size_t>(labels[d] - 1)].push_back(d);
      std::optional<Silhouette> silhouette;
      std::vector<std::optional<Representatives>> reps(k);
      if (matrix) {
        Result<Silhouette> sil =
            ComputeSilhouette(*matrix, labels, weights,
                              in->options.weighted ? SilhouetteWeighting::kSurvey : SilhouetteWeighting::kCounts);
        if (!sil) return sil.error();
        silhouette = std::move(*sil);
        for (size_t c = 0; c < k; ++c) {
          if (medoids[c] == SIZE_MAX) {
            double best = INFINITY;
            for (size_t a : items[c]) {
              double sum = 0;
              for (size_t b : items[c]) sum += weights[b] * matrix->at(a, b);
              if (sum < best) {
                best = sum;
                medoids[c] = a;
              }
            }
          }
          Result<Representatives> r = SelectRepresentatives(*matrix, weights, {}, items[c]);
          if (r) reps[c] = std::move(*r);
        }
      }
      double total_weight = 0;
      for (double w : weights) total_weight += w;

      if (!o->save_attribute.empty()) {
        std::vector<std::pair<std::string, std::string>> values;
        for (size_t i = 0; i < s.size(); ++i) {
          values.emplace_back(s.ids()[i], fmt::format("{}", labels[distinct.of_row[i]]));
        }
        Result<Session> session = ctx.OpenSession();
        if (!session) return session.error();
        CG_RETURN_IF_ERROR(session->store->SetAttribute(o->save_attribute, values));
      }
      if (!o->svg.empty()) {
        // Panels by cluster; within a cluster, sequences from the start (seqIplot's default).
        std::vector<size_t> order = SequenceOrderFromStart(s);
        std::stable_sort(order.begin(), order.end(),
                         [&](size_t a, size_t b) { return labels[distinct.of_row[a]] < labels[distinct.of_row[b]]; });
        std::vector<std::string> groups(s.size());
        for (size_t i = 0; i < s.size(); ++i) groups[i] = fmt::format("cluster {}", labels[distinct.of_row[i]]);
        CG_RETURN_IF_ERROR(WriteOutput(
            o->svg,
            SequenceIndexSvg(s, order, groups,
                             PlotOptions(*in, fmt::format("Sequences by cluster ({} clusters, {})", k, method)))));
      }

      const auto spells_of = [&](size_t item) {
        return SpellsLabel(s, SeqSpells(s, distinct.rows[item], in->options));
      };
      J clusters = J::array();
      Table t;
      t.title = fmt::format("{} clusters of {} sequences ({} distinct), {} on {} distances{}", k, s.size(), n, method,
                            SeqDistMethodName(options->method),
                            silhouette ? fmt::format("; average silhouette width {:.3f}", silhouette->average) : "");
      t.columns = {"cluster", "rows", "weight", "percent", "asw", "medoid", "medoid_sequence", "coverage"};
      for (size_t c = 0; c < k; ++c) {
        double w = 0;
        size_t rows = 0;
        for (size_t d : items[c]) {
          w += weights[d];
          rows += distinct.count[d];
        }
        const size_t m = medoids[c];
        J cj{{"cluster", c + 1},
             {"rows", rows},
             {"distinct", items[c].size()},
             {"weight", w},
             {"percent", 100.0 * w / total_weight},
             {"asw", silhouette ? J(silhouette->cluster_average[c]) : J(nullptr)},
             {"medoid", m == SIZE_MAX ? J(nullptr) : J(s.ids()[distinct.rows[m]])},
             {"medoid_sequence", m == SIZE_MAX ? J(nullptr) : J(spells_of(m))}};
        J rj = J::array();
        if (reps[c]) {
          for (const Representative& r : reps[c]->items) {
            rj.push_back({{"id", s.ids()[distinct.rows[r.item]]},
                          {"sequence", spells_of(r.item)},
                          {"neighbourhood_weight", r.neighbourhood_weight},
                          {"coverage", r.coverage},
                          {"mean_distance", r.mean_distance}});
          }
          cj["representatives"] = rj;
          cj["coverage"] = reps[c]->coverage;
        }
        clusters.push_back(cj);
        t.AddRow({static_cast<int64_t>(c + 1), static_cast<int64_t>(rows), w, 100.0 * w / total_weight,
                  silhouette ? Cell(silhouette->cluster_average[c]) : Cell(),
                  m == SIZE_MAX ? Cell() : Cell(s.ids()[distinct.rows[m]]), m == SIZE_MAX ? Cell() : Cell(spells_of(m)),
                  reps[c] ? Cell(reps[c]->coverage) : Cell()});
      }
      Table members;
      members.title = "Members";
      members.columns = {"id", "cluster", "silhouette"};
      J mj = J::array();
      if (o->members || *format == Format::kCsv) {
        for (size_t i = 0; i < s.size(); ++i) {
          const size_t d = distinct.of_row[i];
          std::vector<Cell> row{s.ids()[i], static_cast<int64_t>(labels[d])};
          if (silhouette) {
            row.emplace_back(silhouette->width[d]);
          } else {
            row.emplace_back();
          }
          members.AddRow(std::move(row));
          mj.push_back({{"id", s.ids()[i]},
                        {"cluster", labels[d]},
                        {"silhouette", silhouette ? J(silhouette->width[d]) : J(nullptr)}});
        }
      }
      if (*format == Format::kCsv) return WriteOutput("", Render(members, Format::kCsv));
      if (*format == Format::kJson) {
        J j{{"k", k},
            {"method", method},
            {"distance", SeqDistMethodName(options->method)},
            {"sequences", s.size()},
            {"distinct", n},
            {"average_silhouette", silhouette ? J(silhouette->average) : J(nullptr)},
            {"clusters", clusters}};
        if (!o->save_attribute.empty()) j["saved_attribute"] = o->save_attribute;
        if (o->members) j["members"] = mj;
        return WriteOutput("", j.dump(2) + "\n");
      }
      std::string out = Render(t, Format::kTable);
      for (size_t c = 0; c < k; ++c) {
        if (!reps[c] || reps[c]->items.empty()) continue;
        Table r;
        r.title = fmt::format("\nCluster {}: representative sequences (seqrep, density; {:.0f}% covered)", c + 1,
                              100 * reps[c]->coverage);
        r.columns = {"id", "sequence", "neighbours", "coverage", "mean_distance"};
        for (const Representative& x : reps[c]->items) {
          r.AddRow(
              {s.ids()[distinct.rows[x.item]], spells_of(x.item), x.neighbourhood_weight, x.coverage, x.mean_distance});
        }
        out += Render(r, Format::kTable);
      }
      if (o->members) out += "\n" + Render(members, Format::kTable);
      if (!o->save_attribute.empty()) {
        out +=
            fmt::format("\nSaved as person attribute '{}': try --where {}=1\n", o->save_attribute, o->save_attribute);
      }
      return WriteOutput("", out);
    };
  });
}

void RegisterPlot(CLI::App* seq, Context& ctx) {
  struct Opts {
    SeqSource source;
    std::string type = "chrono", svg, sort = "from.start", title;
    size_t top = 10;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = seq->add_subcommand(
      "plot",
      "Draw the sequences as SVG: chrono (state distribution, seqdplot), entropy (seqHtplot), index (every "
      "sequence, seqIplot), freq (the most frequent, seqfplot), meant (mean time, seqmtplot)");
  AddSequenceSourceOptions(cmd, &o->source);
  cmd->add_option("--type", o->type, "chrono, entropy, index, freq or meant")
      ->capture_default_str()
      ->check(CLI::IsMember({"chrono", "entropy", "index", "freq", "meant"}));
  cmd->add_option("--svg", o->svg,
                  "Write the picture to this SVG file (without it: the SVG itself on stdout with --format table, "
                  "or as the JSON's `image`)");
  cmd->add_option("--sort", o->sort, "index: from.start or from.end (TraMineR's sortv)")
      ->capture_default_str()
      ->check(CLI::IsMember({"from.start", "from.end"}));
  cmd->add_option("--top", o->top, "freq: how many sequences")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_option("--title", o->title, "The picture's title (default: one naming the plot)");
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      Result<LoadedSequences> in = LoadSequences(ctx, o->source);
      if (!in) return in.error();
      SequencePlotOptions p = PlotOptions(*in, o->title);
      p.top = o->top;
      std::string svg;
      if (o->type == "chrono" || o->type == "entropy") {
        const StateDistribution d = SeqStateDistribution(in->set, in->options);
        svg = o->type == "chrono" ? StateDistributionSvg(d, p) : EntropySvg(d, p);
      } else if (o->type == "index") {
        svg = SequenceIndexSvg(
            in->set, o->sort == "from.end" ? SequenceOrderFromEnd(in->set) : SequenceOrderFromStart(in->set), {}, p);
      } else if (o->type == "freq") {
        svg = SequenceFrequencySvg(in->set, SeqFrequencies(in->set, in->options), p);
      } else {
        svg = MeanTimeSvg(SeqMeanTimes(in->set, in->options), p);
      }
      if (o->svg.empty() && *format == Format::kTable) return WriteOutput("", svg);
      if (!o->svg.empty()) CG_RETURN_IF_ERROR(WriteOutput(o->svg, svg));
      J j{{"plot", o->type},
          {"svg", o->svg.empty() ? J(nullptr) : J(o->svg)},
          {"sequences", in->set.size()},
          {"bytes", svg.size()}};
      if (o->svg.empty()) j["image"] = svg;
      if (*format == Format::kJson) return WriteOutput("", j.dump(2) + "\n");
      Table t;
      t.columns = {"plot", "svg", "sequences", "bytes"};
      t.AddRow({o->type, o->svg, static_cast<int64_t>(in->set.size()), static_cast<int64_t>(svg.size())});
      return WriteOutput("", Render(t, *format));
    };
  });
}

}  // namespace

void RegisterSequenceDistances(CLI::App* seq, Context& ctx) {
  RegisterDist(seq, ctx);
  RegisterCluster(seq, ctx);
  RegisterPlot(seq, ctx);
}

}  // namespace careergraph::cli
