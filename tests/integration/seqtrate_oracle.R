# An independent computation of TraMineR's seqtrate (lag 1, not time-varying, with.missing =
# FALSE, unit weights) for careergraph's time-grid view, from the careers CSV alone: the grid
# built in base R from the rules of docs/analysis.md ("From careers to sequences", calendar
# alignment), then the sums of seqtrate's definition. TraMineR itself is not packaged for
# Debian; this follows its seqtrate.R: rate(x -> y) = sum over t, i of [s(t) = x, s(t+1) = y]
# over sum of [s(t) = x, s(t+1) neither void nor missing].
#
#   Rscript seqtrate_oracle.R CAREERS.csv UNIT(year|quarter|month) OUT.csv
# Writes from,to,rate for every pair of states seen on the grid.
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = "character", na.strings = character(0))
unit <- args[2]
as_date <- function(x) {
  x <- ifelse(nchar(x) == 4, paste0(x, "-01-01"), ifelse(nchar(x) == 7, paste0(x, "-01"), x))
  as.Date(x)
}
start <- as_date(d$start)
end <- rep(as.Date(NA), nrow(d)); end[d$end != ""] <- as_date(d$end[d$end != ""])
as_of <- max(c(start, end), na.rm = TRUE)
earliest <- min(start)
# Reference days: the first day of each period, from the first period starting on or after the
# earliest start to the period holding the as-of date.
y <- as.integer(format(earliest, "%Y")); m <- as.integer(format(earliest, "%m")); dd <- as.integer(format(earliest, "%d"))
step <- switch(unit, year = 12L, quarter = 3L, month = 1L)
first_month <- if (unit == "year") 1L else if (unit == "quarter") 3L * ((m - 1L) %/% 3L) + 1L else m
first <- as.Date(sprintf("%04d-%02d-01", y, first_month))
if (first < earliest) first <- seq(first, by = paste(step, "months"), length.out = 2)[2]
days <- seq(first, by = paste(step, "months"), length.out = 2000)
days <- days[days <= as_of]
L <- length(days)
VOID <- "%"; MISS <- "*"
people <- unique(d$person_id)
grid <- matrix(VOID, nrow = length(people), ncol = L)
rows <- split(seq_len(nrow(d)), factor(d$person_id, levels = people))
for (p in seq_along(people)) {
  idx <- rows[[p]]
  s <- start[idx]; e <- end[idx]; st <- d$role[idx]
  e_fill <- e; e_fill[is.na(e_fill)] <- as_of + 1  # ongoing: covers every day up to as-of
  first_start <- min(s)
  last_end <- if (any(is.na(e))) NA else max(e)
  row <- rep(MISS, L)
  row[days < first_start] <- VOID
  if (!is.na(last_end)) row[days >= last_end] <- VOID
  for (k in seq_along(idx)) {
    cover <- days >= s[k] & days < e_fill[k]
    row[cover] <- st[k]
  }
  grid[p, ] <- row
}
from <- as.vector(grid[, -L, drop = FALSE]); to <- as.vector(grid[, -1, drop = FALSE])
states <- sort(setdiff(unique(as.vector(grid)), c(VOID, MISS)))
out <- data.frame(from = character(0), to = character(0), rate = numeric(0))
for (x in states) {
  denom <- sum(from == x & to != VOID & to != MISS)
  for (yy in states) {
    num <- sum(from == x & to == yy)
    out[nrow(out) + 1, ] <- list(x, yy, if (denom == 0) 0 else num / denom)
  }
}
write.csv(out, args[3], row.names = FALSE)
