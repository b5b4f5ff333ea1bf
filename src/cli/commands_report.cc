// `careergraph report`: every analysis of the stored population in one report — text on the
// terminal (or JSON), and with --html one self-contained HTML file (report/report.h).
#include <fmt/format.h>

#include "careergraph/report/report.h"
#include "cli/commands.h"

namespace careergraph::cli {

void RegisterReport(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string html, as_of, unit = "years";
    size_t top = 10;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "report", "The whole picture: tracks, population, moves, flows, time in role, paths, titles, the tracks the "
                "data supports, and the framework's claims tested against the data");
  cmd->add_option("--html", o->html, "Also write the report as one self-contained HTML file (inline SVG, no network)");
  cmd->add_option("--as-of", o->as_of, "Censor ongoing spells at this date (default: the latest date in the data)");
  cmd->add_option("--unit", o->unit, "Unit of durations")->capture_default_str()->check(CLI::IsMember({"days", "months", "years"}));
  cmd->add_option("--top", o->top, "Rows of the long tables (moves, paths, titles)")->capture_default_str()->check(CLI::Range(1, 1000));
  AddCommonOptions(cmd, &ctx, true);
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o]() -> Status {
      Result<Format> format = ctx.OutputFormat();
      if (!format) return format.error();
      if (*format == Format::kCsv) {
        return Status::Invalid("--format csv: the report has many tables; use table or json (or the analysis commands' csv)");
      }
      ReportOptions options;
      Result<std::optional<int32_t>> as_of = DateFlag("--as-of", o->as_of);
      if (!as_of) return as_of.error();
      options.as_of = *as_of;
      options.unit = *ParseTimeUnit(o->unit);
      options.top = o->top;
      Result<AnalysisInput> in = OpenForAnalysis(ctx);
      if (!in) return in.error();
      TerminalProgress progress;
      Result<ReportData> report = BuildReport(*in->population, in->session.framework, options, &progress);
      if (!report) return report.error();
      if (!o->html.empty()) {
        Status s = WriteOutput(o->html, ReportHtml(*report));
        if (!s.ok()) return s;
      }
      Status s = WriteOutput("", *format == Format::kJson ? ReportJson(*report) : ReportText(*report));
      if (!s.ok()) return s;
      if (!o->html.empty() && *format == Format::kTable) fmt::print(stderr, "wrote {}\n", o->html);
      return Status::Ok();
    };
  });
}

}  // namespace careergraph::cli
