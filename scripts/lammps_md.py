"""Times LAMMPS MD on an extxyz structure the way an ordinary deck would run it, and prints one
JSON line with the wall time of the `run` command alone.

Usage: lmp-python scripts/lammps_md.py --potential FILE --structure FILE.extxyz --steps N
       --dt PS --temperature K --thermostat nose-hoover|langevin|none --damping PS --seed S
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lammps_common import lammps_with_atoms, read_extxyz  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--potential", required=True)
    ap.add_argument("--structure", required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--dt", type=float, default=0.002)
    ap.add_argument("--temperature", type=float, required=True)
    ap.add_argument("--thermostat", default="nose-hoover", choices=["nose-hoover", "langevin", "none"])
    ap.add_argument("--damping", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skin", type=float, default=1.0)
    ap.add_argument("--suffix", choices=["none", "opt", "omp"], default="none",
                    help="accelerated pair style: eam/alloy/opt or eam/alloy/omp")
    ap.add_argument("--omp-threads", type=int, default=1, help="OpenMP threads (with --suffix omp)")
    a = ap.parse_args()
    symbols, xyz, cell = read_extxyz(a.structure)
    extra = []
    if a.suffix == "opt":
        extra = ["-sf", "opt"]
    elif a.suffix == "omp":
        os.environ["OMP_NUM_THREADS"] = str(a.omp_threads)
        extra = ["-sf", "omp", "-pk", "omp", str(a.omp_threads)]
    # LAMMPS' default spatial sort (every 1000 steps) is left on: it is what a deck gets.
    lmp = lammps_with_atoms(a.potential, symbols, xyz, cell, skin=a.skin, cmdargs=extra, sort=True)
    t = a.temperature
    fixes = {
        "nose-hoover": f"fix 1 all nvt temp {t} {t} {a.damping}",
        "langevin": f"fix 1 all nve\nfix 2 all langevin {t} {t} {a.damping} {a.seed}",
        "none": "fix 1 all nve",
    }[a.thermostat]
    lmp.commands_string(f"""
velocity all create {t} {a.seed} mom yes rot yes dist gaussian
{fixes}
timestep {a.dt}
thermo 100
run 0
""")
    pe0, et0 = lmp.get_thermo("pe"), lmp.get_thermo("etotal")
    start = time.perf_counter()
    lmp.command(f"run {a.steps}")
    seconds = time.perf_counter() - start
    n = len(xyz)
    print(json.dumps({
        "suffix": a.suffix,
        "n_atoms": n, "steps": a.steps, "seconds": seconds,
        "us_per_atom_step": seconds * 1e6 / (n * max(a.steps, 1)),
        "pe_first": pe0, "pe_last": lmp.get_thermo("pe"),
        "etotal_first": et0, "etotal_last": lmp.get_thermo("etotal"),
    }))


if __name__ == "__main__":
    main()
