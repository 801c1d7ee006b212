#!/usr/bin/env bash
# Builds dist/: a static copy of the app any static host can serve (index.html, www/, the three
# wasm packages, and coi-sw.js, the service worker that adds COOP/COEP where the host cannot, so
# threads work on GitHub Pages and the like).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-web.sh
rm -rf dist
mkdir -p dist/www
cp -r www/*.js www/*.css www/modes www/pkg-mt www/pkg-st www/pkg-compat www/vendor dist/www/
cp coi-sw.js dist/
# The dist page registers the service worker before the app starts.
sed 's#<script type="module" src="www/main.js"></script>#<script type="module" src="www/coi.js"></script>\n<script type="module" src="www/main.js"></script>#' index.html > dist/index.html
echo "dist/ ready: $(du -sh dist | cut -f1); serve it with any static server"
