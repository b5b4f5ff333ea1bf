#!/usr/bin/env bash
# docs/walkthrough.md is current: scripts/walkthrough.sh, run again with this build, writes the
# same document byte for byte (every command of the worked example still runs and prints what
# the document shows).
# Usage: walkthrough.sh path/to/careergraph. Exit code 0 when the document is current.
set -euo pipefail
cg="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/walkthrough.sh" "$cg" "$tmp/walkthrough.md"
if ! diff -u "$root/docs/walkthrough.md" "$tmp/walkthrough.md" >"$tmp/diff"; then
  echo "FAIL docs/walkthrough.md is out of date; regenerate it with scripts/walkthrough.sh:"
  head -60 "$tmp/diff"
  exit 1
fi
echo "walkthrough: docs/walkthrough.md is current"
