#!/usr/bin/env bash
# Times nanocoalesce and serial LAMMPS on the same deck, in one run, and prints the ratio; then the
# 2-thread speedup of nanocoalesce on ~8,000 atoms.
#   (a) two 3.2 nm Au spheres 4 Å apart (1918 atoms, the deck the core issue names), Zhou 2004
#       EAM (the setfl nanocoalesce writes, read by both), Nosé–Hoover 900 K (damping 0.1 ps),
#       dt 2 fs, STEPS (default 1000) steps, skin 1 Å, 1 thread;
#   (b) two 5.1 nm Au spheres (8,000 atoms and more), STEPS_BIG (default 400) steps, 1 vs 2 threads.
# Each timing is the best of REPS (default 3) runs, alternating the programs, so that machine noise
# hits both alike. Only the MD loop is timed (LAMMPS: the `run` command; ours: the `timing` line).
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS="${STEPS:-1000}"
STEPS_BIG="${STEPS_BIG:-400}"
REPS="${REPS:-3}"
lmp="$(bash scripts/setup-lammps.sh | tail -n 1)"
cargo build --release --quiet
nc=target/release/nanocoalesce
dir=target/bench-vs-lammps
mkdir -p "$dir"
$nc potential zhou Au -o "$dir/Au.eam.alloy" >/dev/null
$nc build --particle Au:3.2:sphere --particle Au:3.2:sphere --gap 4 -o "$dir/pair3nm.extxyz" >/dev/null
$nc build --particle Au:5.1:sphere --particle Au:5.1:sphere --gap 4 -o "$dir/pair5nm.extxyz" >/dev/null

ours() { # structure steps threads -> us/atom-step
    $nc md --potential "$dir/Au.eam.alloy" --structure "$1" --steps "$2" --dt 0.002 --temperature 900 \
        --thermostat nose-hoover --damping 0.1 --seed 1 --threads "$3" --skin 1.0 |
        awk '/^timing/ { print $4 }'
}
theirs() { # structure steps -> us/atom-step
    "$lmp" scripts/lammps_md.py --potential "$dir/Au.eam.alloy" --structure "$1" --steps "$2" --dt 0.002 \
        --temperature 900 --thermostat nose-hoover --damping 0.1 --seed 1 --skin 1.0 |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["us_per_atom_step"])'
}
best() { sort -g | head -n 1; }

n3=$(head -n 1 "$dir/pair3nm.extxyz")
n5=$(head -n 1 "$dir/pair5nm.extxyz")
a=(); b=(); c=(); d=()
for _ in $(seq "$REPS"); do
    a+=("$(theirs "$dir/pair3nm.extxyz" "$STEPS")")
    b+=("$(ours "$dir/pair3nm.extxyz" "$STEPS" 1)")
    c+=("$(ours "$dir/pair5nm.extxyz" "$STEPS_BIG" 1)")
    d+=("$(ours "$dir/pair5nm.extxyz" "$STEPS_BIG" 2)")
done
lmp_t=$(printf '%s\n' "${a[@]}" | best)
our_t=$(printf '%s\n' "${b[@]}" | best)
one_t=$(printf '%s\n' "${c[@]}" | best)
two_t=$(printf '%s\n' "${d[@]}" | best)
echo
echo "two 3.2 nm Au spheres ($n3 atoms), Nose-Hoover 900 K, dt 2 fs, $STEPS steps, best of $REPS:"
printf '  LAMMPS (serial)        %8.4f us/atom-step\n' "$lmp_t"
printf '  nanocoalesce 1 thread  %8.4f us/atom-step\n' "$our_t"
printf '  ratio ours/LAMMPS      %8.3f   (target <= 0.8)\n' "$(python3 -c "print($our_t / $lmp_t)")"
echo "two 5.1 nm Au spheres ($n5 atoms), $STEPS_BIG steps, best of $REPS:"
printf '  nanocoalesce 1 thread  %8.4f us/atom-step\n' "$one_t"
printf '  nanocoalesce 2 threads %8.4f us/atom-step\n' "$two_t"
printf '  speedup 2 threads      %8.3f   (target >= 1.6)\n' "$(python3 -c "print($one_t / $two_t)")"
