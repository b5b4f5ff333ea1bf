# The R peer of bench_analysis: Kaplan–Meier time in role with survival::survfit on the same
# spells, timed (a) from the time/status vectors alone — survfit(Surv(time, status) ~ 1) — and
# (b) from the spell columns, with the role spells computed in vectorised base R first (what
# careergraph's ComputeTenure does from a Population). The result must equal careergraph's
# (n, events, median), from WORKDIR/reference.json.
#
#   Rscript bench/compare_survfit.R WORKDIR [RUNS]
#
# Role spells (analysis/survival.h): runs of consecutive spells of one person in one state;
# runs in roles only; event when the run ended on or before the as-of date (the latest date in
# the data), else censored at as-of − start; runs starting after as-of left out.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
work <- args[1]
runs <- if (length(args) >= 2) as.integer(args[2]) else 3L
col <- function(name) {
  path <- file.path(work, paste0(name, ".i32"))
  readBin(path, "integer", n = file.size(path) / 4, size = 4, endian = "little")
}
person <- col("person"); state <- col("state"); start <- col("start"); end <- col("end")
states <- read.delim(file.path(work, "states.tsv"), header = FALSE, col.names = c("code", "id", "role"))
is_role <- logical(nrow(states)); is_role[states$code + 1] <- states$role == 1
ongoing <- 2147483647L

role_spells <- function() {
  n <- length(person)
  brk <- c(TRUE, person[-1] != person[-n] | state[-1] != state[-n])
  last <- c(brk[-1], TRUE)
  rs <- start[brk]; re <- end[last]; rst <- state[brk]
  as_of <- max(max(start), max(end[end != ongoing]))
  keep <- is_role[rst + 1] & rs <= as_of
  rs <- rs[keep]; re <- re[keep]
  ended <- re != ongoing & re <= as_of
  list(time = ifelse(ended, re - rs, as_of - rs), status = as.integer(ended))
}

pre <- role_spells()
ref_text <- paste(readLines(file.path(work, "reference.json")), collapse = "")
ref_n <- as.numeric(sub('.*"n": *([0-9]+).*', "\\1", ref_text))
ref_events <- as.numeric(sub('.*"events": *([0-9]+).*', "\\1", ref_text))
ref_median <- as.numeric(sub('.*"median_days": *([0-9.]+).*', "\\1", ref_text))

time_it <- function(expr_fun) {
  before <- sum(gc(reset = TRUE, full = TRUE)[, 2])  # Mb in use now (the loaded columns)
  t <- system.time(res <- expr_fun())[["elapsed"]]
  mem <- sum(gc()[, 6]) - before  # "max used" (Mb) since the reset, beyond what was in use
  list(seconds = t, mem_mb = mem, res = res)
}

out <- list()
for (step in c("survfit", "prep_survfit")) {
  secs <- c(); mem <- 0
  for (r in seq_len(runs)) {
    m <- if (step == "survfit") {
      time_it(function() survfit(Surv(pre$time, pre$status) ~ 1))
    } else {
      time_it(function() { s <- role_spells(); survfit(Surv(s$time, s$status) ~ 1) })
    }
    fit <- m$res
    n <- fit$n; ev <- sum(fit$n.event); med <- unname(summary(fit)$table["median"])
    if (n != ref_n || ev != ref_events || abs(med - ref_median) > 1e-9) {
      stop(sprintf("R %s: n %d events %d median %g, careergraph %g %g %g", step, n, ev, med, ref_n, ref_events, ref_median))
    }
    secs <- c(secs, m$seconds); mem <- max(mem, m$mem_mb)
    message(sprintf("  R %-13s run %d/%d: %7.3f s  peak +%.0f MB  (n %d, events %d, median %g days: equal)",
                    step, r, runs, m$seconds, mem, n, ev, med))
  }
  out[[step]] <- sprintf('{"tool": "R", "id": "%s", "seconds": [%s], "median_s": %.6f, "best_s": %.6f, "peak_extra_mb": %.1f}',
                         step, paste(sprintf("%.6f", secs), collapse = ", "), median(secs), min(secs), mem)
}
cat(sprintf('{"R": "%s", "survival": "%s", "results": [%s]}\n', R.version.string,
            as.character(packageVersion("survival")), paste(unlist(out), collapse = ", ")))
