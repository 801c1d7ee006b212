#!/usr/bin/env bash
# Installs OVITO's Python module (PyPI `ovito`, runs headless) into a venv, once, for the
# validation of our adaptive common neighbour analysis against OVITO's; prints, as its last line,
# the venv's python. Venv: $NANOCOALESCE_OVITO_VENV, default <repo>/target/ovito-venv (~600 MB).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="${NANOCOALESCE_OVITO_VENV:-$repo/target/ovito-venv}"
py="$venv/bin/python"
if [ ! -x "$py" ] || ! "$py" -c 'import ovito' >/dev/null 2>&1; then
    echo "installing OVITO from PyPI into $venv ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check ovito >&2
fi
"$py" -c 'import ovito; print("OVITO", ovito.version_string, ": ok")' >&2
echo "$py"
