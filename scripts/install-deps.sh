#!/usr/bin/env bash
# Installs what careergraph needs to build, test, fuzz and benchmark, from Debian's packages.
# Idempotent: installs only what is missing; a no-op when everything is there.
# Usage: scripts/install-deps.sh [build|test|bench]   (default: test, which includes build)
set -euo pipefail

want="${1:-test}"

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev
  libexpected-dev libsqlite3-dev sqlite3 libeigen3-dev libcpp-httplib-dev zlib1g-dev libtbb-dev
)
# The web UI is bundled with Node.js and npm: Debian's, unless the machine has its own.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  build_pkgs+=(nodejs npm)
fi
test_pkgs=(
  libgtest-dev libgmock-dev clang libclang-rt-14-dev llvm
  python3 python3-jsonschema python3-networkx r-base-core r-cran-survival r-cran-markovchain r-cran-cluster
  chromium
)
bench_pkgs=(
  libbenchmark-dev python3-pandas hyperfine r-base-core r-cran-survival wrk
)

pkgs=("${build_pkgs[@]}")
case "$want" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "install-deps.sh: unknown set '$want' (expected build, test or bench)" >&2; exit 1 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
