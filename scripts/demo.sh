#!/usr/bin/env bash
# The demo: a fresh store with the seed's framework and a simulated population of a few
# thousand careers, then the framework's tracks, a population summary, one career, and the
# report: every analysis and the seed's claims tested against the data, on the terminal and as
# one self-contained HTML file (DEMO_REPORT, default demo-report.html in the project root); then the
# planning questions for the seed's commenter (examples/commenter/): next moves and paths to architecture.
# Between the two, the careers as sequences: the most frequent and four types of careers (an SVG
# beside the report).
set -euo pipefail
cg="${1:-build/careergraph}"
here="$(cd "$(dirname "$0")/.." && pwd)"
db="${DEMO_DB:-$here/build/demo.db}"
report="${DEMO_REPORT:-$here/demo-report.html}"
rm -f "$db" "$db-wal" "$db-shm"

echo "== careergraph demo: the seed's infrastructure career framework =="
"$cg" init --db "$db"
"$cg" framework load "$here/frameworks/infrastructure.toml" --db "$db"
"$cg" simulate --people 3000 --seed 42 --start 2000 --end 2025 \
  --model "$here/frameworks/infrastructure.mobility.toml" --db "$db"
# The seed's commenter (helpdesk -> senior admin -> IT manager), for the planning questions.
"$cg" import "$here/examples/commenter/careers.csv" --assessments "$here/examples/commenter/assessments.csv" --db "$db"
echo
"$cg" framework show --db "$db"
echo
"$cg" summary --db "$db"
echo
echo "== one career: the first simulated person =="
"$cg" people show P000001 --db "$db"
echo
echo "== the report: how people really move, and the seed's questions answered from data =="
echo "(the population is simulated from frameworks/infrastructure.mobility.toml: its findings illustrate"
echo " what the report does, they are not evidence about real careers)"
"$cg" report --db "$db" --html "$report"
echo
echo "== careers as sequences (TraMineR): the most frequent track careers and four types of careers =="
"$cg" seq describe --level track --what tab --top 5 --db "$db"
echo
"$cg" seq cluster --level track --sm TRATE --k 4 --svg "${report%.html}-career-types.svg" --db "$db"
echo
echo "== where can a career go? The seed's commenter, an IT manager thinking about architecture =="
"$cg" next --person commenter --db "$db"
echo
"$cg" plan --person commenter --to infrastructure-architect --k 3 --db "$db"
echo
echo "Store: $db   Report: $report   Career types: ${report%.html}-career-types.svg"
echo "(try: $cg tenure --db $db --by-destination, $cg flows --db $db --svg flows.svg, $cg tracks discover --db $db,"
echo "      $cg gaps --person commenter --role infrastructure-architect --db $db; the walkthrough: docs/walkthrough.md)"
