#!/usr/bin/env bash
# Fuzzes every parser and the link reader (fuzz/fuzz_targets/*.rs) with cargo-fuzz on the
# nightly toolchain, SECONDS each (default 30), from the seeds in fuzz/corpus/ (copied to
# target/fuzz-corpus/, so runs do not change the repository). A panic, a hang (an input over 10 s)
# or running out of memory (2 GB) fails, with the input saved under fuzz/artifacts/TARGET/ — make
# it a regression test. Prints the executions per target.
# With NANOCOALESCE_FUZZ_RUNS=N each target instead runs exactly N inputs from a fixed random seed
# (NANOCOALESCE_FUZZ_SEED, default 1), so the run is reproducible: that is the test command's short
# form. A long exploratory run (new seed each time): bash scripts/fuzz.sh 1800
# Usage: bash scripts/fuzz.sh [SECONDS] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
shift || true
NIGHTLY="${NIGHTLY:-nightly}"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --version 0.13.2 --locked >&2
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(potential_file extxyz lammps_data lammps_dump link scenario_json link_run)
fi
cargo +"$NIGHTLY" fuzz build -s none >&2
budget=(-max_total_time="$secs")
what="in ${secs} s"
if [ -n "${NANOCOALESCE_FUZZ_RUNS:-}" ]; then
    budget=(-runs="$NANOCOALESCE_FUZZ_RUNS" -seed="${NANOCOALESCE_FUZZ_SEED:-1}")
    what="(fixed seed ${NANOCOALESCE_FUZZ_SEED:-1})"
fi
status=0
for t in "${targets[@]}"; do
    work="target/fuzz-corpus/$t"
    mkdir -p "$work" "fuzz/artifacts/$t"
    cp -n fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
    log="target/fuzz-$t.log"
    if cargo +"$NIGHTLY" fuzz run -s none "$t" "$work" -- "${budget[@]}" -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 >"$log" 2>&1; then
        runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
        echo "fuzz $t: ${runs} executions ${what}, no failure"
    else
        echo "fuzz $t: FAILED (see $log; the input is in fuzz/artifacts/$t/)"
        tail -n 30 "$log"
        status=1
    fi
done
exit $status
