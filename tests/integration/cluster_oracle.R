# The R side of tests/integration/cluster_oracle.sh: makes one seeded data set and writes what R
# computes on it.
# Usage: Rscript cluster_oracle.R CASE DIR
# CASE is one of the cases below. Writes DIR/d.csv (the condensed matrix, R's dist order, or with
# a "full" case the n x n matrix), DIR/w.csv (weights, when the case has them), DIR/args (the
# cluster_tool flags the case needs) and DIR/r.tsv, one result a line, vectors space-separated,
# numbers as %.17g:
#   merge STEP A B | height STEP H | order I... | agnes H... (sorted) | cutree K L...
#   pam K MEDOIDS... ; CLUSTERING... ; BUILD SWAP | sil_cutree / sil_pam K WIDTHS ; NEIGHBORS ; AVG ; CLUSTER_AVGS
suppressPackageStartupMessages(library(cluster))
args <- commandArgs(trailingOnly = TRUE)
case <- args[1]
dir <- args[2]

num <- function(v) paste(sprintf("%.17g", v), collapse = " ")
int <- function(v) paste(as.integer(v), collapse = " ")

kmax <- 8
weights <- NULL
full <- FALSE
pam_too <- TRUE
# agnes breaks ties between equal distances its own way, so on the tie cases it builds another
# (equally valid) tree with other heights; its heights are compared where there are no ties.
agnes_too <- TRUE
if (case == "euclid30") {
  set.seed(30); d <- dist(matrix(runif(30 * 2), 30))
} else if (case == "euclid200") {
  set.seed(200); d <- dist(matrix(rnorm(200 * 5), 200))
} else if (case == "euclid1000") {
  set.seed(1000); d <- dist(matrix(runif(1000 * 3), 1000))
} else if (case == "ties") {
  # Integer points on a small grid, Manhattan distances: many equal distances, duplicate points.
  set.seed(7); d <- dist(matrix(sample(0:3, 80 * 2, replace = TRUE), 80), method = "manhattan")
  full <- TRUE; agnes_too <- FALSE
} else if (case == "ties_small") {
  # Ten points, distances 1..3 only.
  set.seed(11); m <- matrix(sample(1:3, 100, replace = TRUE), 10); m <- pmin(m, t(m)); diag(m) <- 0
  d <- as.dist(m); full <- TRUE; agnes_too <- FALSE
} else if (case == "weighted") {
  # hclust's members: Ward on aggregated items (counts 1..6).
  set.seed(42); d <- dist(matrix(runif(150 * 3), 150)); weights <- sample(1:6, 150, replace = TRUE)
  pam_too <- FALSE
} else if (case == "weighted_real") {
  set.seed(43); d <- dist(matrix(rnorm(60 * 2), 60)); weights <- rexp(60) + 0.1
  pam_too <- FALSE
} else {
  stop("unknown case ", case)
}
n <- attr(d, "Size")

if (full) {
  write.table(format(as.matrix(d), digits = 17), file.path(dir, "d.csv"), sep = ",", quote = FALSE,
              row.names = FALSE, col.names = FALSE)
} else {
  writeLines(sprintf("%.17g", as.vector(d)), file.path(dir, "d.csv"))
}
flags <- c(if (full) "--full", if (!pam_too) "--no-pam", "--kmax", kmax)
if (!is.null(weights)) {
  writeLines(sprintf("%.17g", weights), file.path(dir, "w.csv"))
  flags <- c(flags, "--weights", file.path(dir, "w.csv"))
}
writeLines(flags, file.path(dir, "args"))

out <- character()
h <- hclust(d, method = "ward.D2", members = weights)
for (s in seq_len(n - 1)) out <- c(out, paste("merge", s, h$merge[s, 1], h$merge[s, 2]))
for (s in seq_len(n - 1)) out <- c(out, paste("height", s, sprintf("%.17g", h$height[s])))
out <- c(out, paste("order", int(h$order)))
if (is.null(weights) && agnes_too) {
  a <- agnes(d, diss = TRUE, method = "ward")
  out <- c(out, paste("agnes", num(sort(a$height))))
}
sil_line <- function(tag, k, labels) {
  s <- silhouette(labels, d)
  sm <- summary(s)
  paste(tag, k, num(s[, "sil_width"]), ";", int(s[, "neighbor"]), ";", num(sm$avg.width), ";",
        num(sm$clus.avg.widths))
}
for (k in 2:min(kmax, n - 1)) {
  labels <- cutree(h, k)
  out <- c(out, paste("cutree", k, int(labels)))
  if (is.null(weights)) out <- c(out, sil_line("sil_cutree", k, labels))
  if (pam_too) {
    p <- pam(d, k, diss = TRUE)
    out <- c(out, paste("pam", k, int(p$id.med), ";", int(p$clustering), ";", num(p$objective[["build"]]),
                        num(p$objective[["swap"]])))
    out <- c(out, sil_line("sil_pam", k, p$clustering))
  }
}
writeLines(out, file.path(dir, "r.tsv"))
