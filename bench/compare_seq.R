# The peer for bench/run_seq.sh: base R's utils::adist on the same sequences, one character per
# state, with insertions = deletions = 1 and substitutions = 2 — optimal matching with CONSTANT
# costs 2 and indel 1 (`careergraph seq dist --method OM --sm CONSTANT --indel 1`) — timed, and
# checked against our matrix.
#
# Usage: Rscript bench/compare_seq.R DATA.csv OURS.npy LABEL
#   DATA.csv   wide CSV: id, then the state columns (bench_seq --write-data)
#   OURS.npy   our condensed matrix of the distinct sequences, with OURS.npy.rows.csv beside it
# Prints one JSON object: seconds for adist (all rows, as R users call it: the full n × n matrix),
# peak memory added (gc's "max used" beyond what was in use before), and the largest difference
# from ours over every pair of rows.
args <- commandArgs(trailingOnly = TRUE)
data_path <- args[1]
npy_path <- args[2]
label <- args[3]

d <- read.csv(data_path, colClasses = "character", check.names = FALSE)
states <- as.matrix(d[, -1])
alphabet <- sort(unique(as.vector(states)))
stopifnot(length(alphabet) <= 26)
codes <- matrix(letters[match(states, alphabet)], nrow = nrow(states))
x <- apply(codes, 1, paste, collapse = "")

before <- sum(gc(reset = TRUE, full = TRUE)[, 2])
t <- system.time(r <- utils::adist(x, costs = list(insertions = 1, deletions = 1, substitutions = 2)))[["elapsed"]]
mem <- sum(gc()[, 6]) - before

# Our .npy: a version 1.0 header (magic, 2-byte length, dict) then little-endian doubles.
con <- file(npy_path, "rb")
magic <- readBin(con, "raw", 8)
hlen <- readBin(con, "integer", 1, size = 2, signed = FALSE, endian = "little")
invisible(readBin(con, "raw", hlen))
rows <- read.csv(paste0(npy_path, ".rows.csv"))
k <- max(rows$distinct) + 1
condensed <- readBin(con, "double", k * (k - 1) / 2, size = 8, endian = "little")
close(con)
stopifnot(length(condensed) == k * (k - 1) / 2)
# Pair (i, j), i < j, 0-based, at i·k − i(i+1)/2 + (j − i − 1).
dist_of <- function(a, b) {
  i <- pmin(a, b)
  j <- pmax(a, b)
  out <- numeric(length(i))
  off <- i != j
  out[off] <- condensed[(i * k - i * (i + 1) / 2 + (j - i - 1))[off] + 1]
  out
}
di <- rows$distinct[match(d[[1]], rows$id)]
n <- length(x)
max_diff <- 0
for (a in seq_len(n)) {
  ours <- dist_of(rep(di[a], n), di)
  max_diff <- max(max_diff, abs(ours - r[a, ]))
}
cat(sprintf('{"tool": "R adist", "id": "%s", "R": "%s", "rows": %d, "seconds": %.4f, "peak_extra_mb": %.1f, "max_abs_diff": %.3g}\n',
            label, R.version.string, n, t, mem, max_diff))
