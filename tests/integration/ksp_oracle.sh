#!/usr/bin/env bash
# KShortestPaths (src/plan/k_shortest_paths.cc) against networkx's shortest_simple_paths
# (python3-networkx), through tests/tools/ksp_tool: seeded random graphs of 5 to 300 nodes with
# −log p weights and with tied integer weights, with and without a bound on edges. What is checked
# is listed in ksp_oracle.py. About 10 seconds.
# Usage: ksp_oracle.sh path/to/ksp_tool. Exit code 0 when every check holds.
set -euo pipefail
tool="$1"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
source "$here/lib.sh"  # for $py: Debian's python3, where apt installs networkx

"$py" "$here/ksp_oracle.py" "$tool" "$tmp"
