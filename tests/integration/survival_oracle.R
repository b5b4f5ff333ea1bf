# The oracle for `careergraph tenure`: computes time in role from a careers CSV on its own
# (dates parsed with as.Date, durations as date differences, role spells built here) and runs
# R's survival package on it: survfit(Surv(time, status) ~ 1), summary(), quantile(), and the
# multi-state survfit with a factor status for the competing risks. Writes one line per number
# (tab-separated, %.17g) for tests/integration/survival_oracle.sh to compare.
#
# Usage: Rscript survival_oracle.R CAREERS.csv FRAMEWORK.toml AS_OF ROLE TRACK LEVEL OUT
#   AS_OF  YYYY, YYYY-MM or YYYY-MM-DD, or "-" for the latest date in the data
#   ROLE, TRACK  a selection, or "-"
#   LEVEL  role or track (what a cause names), or "-" for no competing risks
suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 7)
careers_file <- args[1]; framework_file <- args[2]; as_of_arg <- args[3]
role_sel <- args[4]; track_sel <- args[5]; level <- args[6]; out_file <- args[7]

# The framework: role -> track, and the destination ids (a crude reader of the TOML tables).
fw <- readLines(framework_file)
section <- ""; cur_id <- NA
role_track <- c(); destinations <- c()
for (line in fw) {
  if (grepl("^\\[\\[", line)) { section <- gsub("^\\[\\[|\\]\\].*$", "", line); cur_id <- NA; next }
  if (grepl("^\\[", line)) { section <- ""; next }
  m <- regmatches(line, regexec('^(id|track)\\s*=\\s*"([^"]*)"', line))[[1]]
  if (length(m) == 0) next
  if (section == "role" && m[2] == "id") cur_id <- m[3]
  if (section == "role" && m[2] == "track" && !is.na(cur_id)) role_track[cur_id] <- m[3]
  if (section == "destination" && m[2] == "id") destinations <- c(destinations, m[3])
}

parse_date <- function(x) {
  x <- ifelse(nchar(x) == 4, paste0(x, "-01-01"), ifelse(nchar(x) == 7, paste0(x, "-01"), x))
  as.Date(ifelse(x == "", NA, x))
}

d <- read.csv(careers_file, colClasses = "character", na.strings = character(0))
d$start_d <- parse_date(d$start)
d$end_d <- parse_date(d$end)
d <- d[order(d$person_id, d$start_d, seq_len(nrow(d))), ]

as_of <- if (as_of_arg == "-") max(c(d$start_d, d$end_d), na.rm = TRUE) else parse_date(as_of_arg)

# Role spells: runs of consecutive rows of one person in one role; destinations skipped.
spell_role <- c(); spell_start <- as.Date(character(0)); spell_end <- as.Date(character(0)); spell_next <- c()
for (rows in split(seq_len(nrow(d)), d$person_id)) {
  i <- 1
  while (i <= length(rows)) {
    r <- d$role[rows[i]]
    j <- i
    while (j < length(rows) && d$role[rows[j + 1]] == r) j <- j + 1
    if (!(r %in% destinations)) {
      spell_role <- c(spell_role, r)
      spell_start <- c(spell_start, d$start_d[rows[i]])
      spell_end <- c(spell_end, d$end_d[rows[j]])
      spell_next <- c(spell_next, if (j < length(rows)) d$role[rows[j + 1]] else "outside")
    }
    i <- j + 1
  }
}
keep <- spell_start <= as_of
if (role_sel != "-") keep <- keep & spell_role == role_sel
if (track_sel != "-") keep <- keep & role_track[spell_role] == track_sel
ended <- !is.na(spell_end) & spell_end <= as_of
time <- as.numeric(ifelse(ended, spell_end - spell_start, as_of - spell_start))[keep]
status <- as.integer(ended)[keep]
role <- spell_role[keep]
next_state <- spell_next[keep]

out <- file(out_file, "w")
num <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
put <- function(...) writeLines(paste(c(...), collapse = "\t"), out)

put("as_of", format(as_of))
put("n", length(time))
put("events", sum(status))
fit <- survfit(Surv(time, status) ~ 1)
s <- summary(fit)
if (length(s$time) > 0) {
  for (k in seq_along(s$time)) {
    put("km", num(s$time[k]), s$n.risk[k], s$n.event[k], s$n.censor[k], num(s$surv[k]), num(s$std.err[k]),
        num(s$lower[k]), num(s$upper[k]))
  }
}
quartiles <- function(f) {
  q <- quantile(f, c(0.25, 0.5, 0.75))
  sapply(1:3, function(k) c(q$quantile[k], q$lower[k], q$upper[k]))
}
q <- quartiles(fit)
for (k in 1:3) put("q", c(25, 50, 75)[k], num(q[1, k]), num(q[2, k]), num(q[3, k]))

if (role_sel == "-") {
  for (r in sort(unique(role))) {
    w <- role == r
    qr <- quartiles(survfit(Surv(time[w], status[w]) ~ 1))
    # role n events q25 q50 q75 lower25 lower50 lower75 upper25 upper50 upper75
    put("role", r, sum(w), sum(status[w]), num(qr[1, ]), num(qr[2, ]), num(qr[3, ]))
  }
}

if (level != "-" && sum(status) > 0) {
  cause <- if (level == "track") ifelse(next_state %in% names(role_track), role_track[next_state], next_state) else next_state
  cause <- ifelse(status == 1, cause, "(censored)")
  states <- sort(unique(cause[status == 1]))
  cz <- factor(cause, levels = c("(censored)", states))
  g <- survfit(Surv(time, cz) ~ 1)
  sg <- summary(g)
  for (k in seq_along(g$states)) {
    name <- g$states[k]
    if (name == "(s0)") next
    for (t in seq_along(sg$time)) {
      put("cif", name, num(sg$time[t]), sg$n.risk[t, 1], sg$n.event[t, k], num(sg$pstate[t, k]),
          num(sg$std.err[t, k]), num(sg$lower[t, k]), num(sg$upper[t, k]))
    }
  }
}
close(out)
