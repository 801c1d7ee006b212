"""Energy and forces from LAMMPS for an extxyz structure and a setfl potential, printed as the same
JSON `nanocoalesce energy` prints: {"n_atoms", "energy_eV", "forces_eV_per_A"} in file order.

Usage: lmp-python scripts/lammps_energy.py --potential FILE --structure FILE.extxyz
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lammps_common import lammps_with_atoms, read_extxyz  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--potential", required=True)
    ap.add_argument("--structure", required=True)
    a = ap.parse_args()
    symbols, xyz, cell = read_extxyz(a.structure)
    lmp = lammps_with_atoms(a.potential, symbols, xyz, cell)
    lmp.command("run 0")
    energy = lmp.get_thermo("pe")
    ids = lmp.numpy.extract_atom("id")
    f = lmp.numpy.extract_atom("f")
    forces = [None] * len(xyz)
    for k in range(len(xyz)):
        forces[int(ids[k]) - 1] = [float(v) for v in f[k]]
    print(json.dumps({"n_atoms": len(xyz), "energy_eV": energy, "forces_eV_per_A": forces}))


if __name__ == "__main__":
    main()
