#!/usr/bin/env bash
# The main job: builds both WebAssembly packages and serves the app on localhost with the headers
# that make it cross-origin isolated (threads). Prints the URL. PORT=8765 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-web.sh
PORT="${PORT:-8765}"
echo
echo "nanocoalesce: open http://127.0.0.1:$PORT/"
exec python3 scripts/serve.py . "$PORT"
