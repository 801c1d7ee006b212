#!/usr/bin/env bash
# Builds the three WebAssembly packages of the engine and the page's vendored modules:
#   www/pkg-mt/      threaded (rayon over Web Workers, shared memory; needs cross-origin isolation)
#   www/pkg-st/      single-threaded (any page)
#   www/pkg-compat/  single-threaded without WebAssembly SIMD, for browsers that lack it (Safari
#                    before 16.4, Chrome before 91, Firefox before 89); the same trajectories
#   www/vendor/      uPlot (charts), from npm
# The first two use simd128: the force kernel's four-lane arithmetic (src/base/simd.rs).
# Installs what it needs on first use: the nightly's rust-src and wasm32 target (every browser build
# rebuilds std), wasm-bindgen-cli at exactly the version in Cargo.lock, npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
NIGHTLY="${NIGHTLY:-nightly}"
T=wasm32-unknown-unknown

rustup component add rust-src --toolchain "$NIGHTLY" >/dev/null 2>&1 || rustup component add rust-src --toolchain "$NIGHTLY"
rustup target add "$T" --toolchain "$NIGHTLY" >/dev/null 2>&1 || rustup target add "$T" --toolchain "$NIGHTLY"
ver="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')"
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | cut -d' ' -f2)" != "$ver" ]; then
    echo "installing wasm-bindgen-cli $ver (a few minutes, once) ..." >&2
    cargo install wasm-bindgen-cli --version "$ver"   # not --locked: see the wasm recipe
fi
[ -d node_modules/uplot ] && [ -d node_modules/binaryen ] || npm install --no-audit --no-fund

# Each build: the `wasm` profile (Cargo.toml) with std rebuilt (.cargo/wasm.toml). Their flags come
# from .cargo/*.toml, which a RUSTFLAGS in the environment would replace.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
build() { # target-dir, extra cargo arguments...
    local dir="$1"; shift
    cargo +"$NIGHTLY" build --profile wasm --target "$T" --lib --no-default-features \
        --config .cargo/wasm.toml "$@" --target-dir "target/$dir"
}
echo "== threaded wasm (simd128)" >&2
build mt --features wasm-threads --config .cargo/threads.toml
wasm-bindgen --target web --out-dir www/pkg-mt "target/mt/$T/wasm/nanocoalesce.wasm"
echo "== single-threaded wasm (simd128)" >&2
build st --config .cargo/simd.toml
wasm-bindgen --target web --out-dir www/pkg-st "target/st/$T/wasm/nanocoalesce.wasm"
echo "== compatible wasm (single-threaded, no SIMD)" >&2
build compat
wasm-bindgen --target web --out-dir www/pkg-compat "target/compat/$T/wasm/nanocoalesce.wasm"

for pkg in www/pkg-mt www/pkg-st www/pkg-compat; do
    node_modules/.bin/wasm-opt -O3 --enable-simd --enable-threads --enable-bulk-memory --enable-mutable-globals \
        --enable-sign-ext --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
        "$pkg/nanocoalesce_bg.wasm" -o "$pkg/nanocoalesce_bg.wasm"
done
# The fast builds compute with SIMD, the compatible one must not (its whole point).
simd_ops() { node_modules/.bin/wasm-dis "$1/nanocoalesce_bg.wasm" | grep -c 'f64x2\|v128' || true; }
for pkg in www/pkg-mt www/pkg-st; do
    [ "$(simd_ops "$pkg")" -gt 0 ] || { echo "$pkg has no SIMD instructions" >&2; exit 1; }
done
[ "$(simd_ops www/pkg-compat)" -eq 0 ] || { echo "www/pkg-compat has SIMD instructions" >&2; exit 1; }
grep -q 'shared:true\|shared: true' www/pkg-mt/nanocoalesce.js || { echo "threaded build has no shared memory" >&2; exit 1; }

mkdir -p www/vendor
cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css www/vendor/
for f in www/pkg-mt/nanocoalesce_bg.wasm www/pkg-st/nanocoalesce_bg.wasm www/pkg-compat/nanocoalesce_bg.wasm; do
    printf '%s: %s bytes, %s gzipped\n' "$f" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)" >&2
done
