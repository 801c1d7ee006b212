// Browser performance of the engine and the page (numbers, not gates), in one run beside native:
//  1. engine only (tests/web/engine-bench/: the engine in a Web Worker, no rendering, no analysis:
//     the link's output cadence is past the run): native 1 and 2 threads, wasm single-threaded,
//     wasm threaded on 1 and 2 threads, for a ~1,900- and a ~10,000-atom pair;
//  2. the same with the analysis at the page's default cadence (every 100 steps);
//  3. the whole page playing, drawing the atoms and not (steps per second, frames drawn per second);
//  time from navigation to the first frame, gzipped wasm sizes.
// Each figure is the best of REPS (default 5) rounds, each round timing every contender once in
// turn after a warm-up (the host is shared and noisy; alternating spreads a slow spell over all).
// Run: node tests/web/bench.mjs
// (after scripts/build-web.sh and cargo build --release). STEPS (300) and STEPS_BIG (100) set the lengths.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
function serve(isolate) {
  const server = http.createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    let file = path.join(ROOT, p === '/' ? 'index.html' : p);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(ROOT) || !fs.existsSync(file)) { res.writeHead(404); return res.end(); }
    const h = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' };
    if (isolate) Object.assign(h, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    res.writeHead(200, h);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

const REPS = Number(process.env.REPS || 5);
const NO_ANALYSIS = 'every=100000000';
const SMALL = { name: 'two 3.2 nm Au spheres', link: 'v=1&a=Au:3.2:sphere&b=Au:3.2:sphere&gap=4&T=900&seed=1', steps: Number(process.env.STEPS || 300) };
const BIG = { name: 'two 5.5 nm Au spheres', link: 'v=1&a=Au:5.5:sphere&b=Au:5.5:sphere&gap=4&T=900&seed=1', steps: Number(process.env.STEPS_BIG || 100) };
const nc = path.join(ROOT, 'target/release/nanocoalesce');
const WARMUP = 20;

/** Native engine time for `steps` steps after the warm-up (the CLI's timing line covers the MD loop). */
function native(run, threads) {
  const out = execFileSync(nc, ['run', '--link', run.link, '--steps', String(run.steps + WARMUP), '--threads', String(threads)]).toString();
  return { seconds: Number(out.match(/timing ([0-9.]+) s/)[1]) * run.steps / (run.steps + WARMUP), sha: out.match(/positions_sha256 ([0-9a-f]+)/)[1] };
}

/** Best of REPS rounds of every contender, taken in turn within each round, so that a slow spell
 * of the (shared, noisy) host falls on all of them rather than on one. */
async function rounds(contenders) {
  const best = {};
  for (let r = 0; r < REPS; r++) {
    for (const [name, time] of Object.entries(contenders)) {
      const t = await time();
      if (!best[name] || t.seconds < best[name].seconds) best[name] = t;
    }
  }
  return best;
}

const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'chr-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const iso = await serve(true);
const plain = await serve(false);
const url = (server, p) => `http://127.0.0.1:${server.address().port}${p}`;

/** An engine-bench page with one build loaded: { mt, threads }. */
async function enginePage(mt, threads) {
  const page = await ctx.newPage();
  await page.goto(url(mt ? iso : plain, '/tests/web/engine-bench/'));
  await page.waitForFunction(() => document.body.dataset.ready === '1');
  const info = await page.evaluate((o) => window.bench.init(o), { mt, threads });
  return { page, info };
}
async function engineTime(ep, run, extra) {
  const r = await ep.page.evaluate((o) => window.bench.run(o), { link: `${run.link}&${extra}`, steps: run.steps, warmup: WARMUP, reps: 1 });
  return { seconds: r.seconds[0], n: r.n_atoms, sha: r.sha };
}
const f3 = (v) => v.toFixed(3);

const builds = { st: await enginePage(false, 1), mt1: await enginePage(true, 1), mt2: await enginePage(true, 2) };
console.log(`engine only (no rendering, no analysis), best of ${REPS}; wasm threaded pool: ${builds.mt2.info.threads} threads`);
for (const run of [SMALL, BIG]) {
  const { n1, n2, st, mt1, mt2 } = await rounds({
    n1: async () => native(run, 1),
    n2: async () => native(run, 2),
    st: () => engineTime(builds.st, run, NO_ANALYSIS),
    mt1: () => engineTime(builds.mt1, run, NO_ANALYSIS),
    mt2: () => engineTime(builds.mt2, run, NO_ANALYSIS),
  });
  console.log(`  ${run.name}, ${st.n} atoms, ${run.steps} steps:`);
  console.log(`    native 1 thread ${f3(n1.seconds)} s, 2 threads ${f3(n2.seconds)} s (speedup ${(n1.seconds / n2.seconds).toFixed(2)}x)`);
  console.log(`    wasm single-threaded ${f3(st.seconds)} s = ${(st.seconds / n1.seconds).toFixed(2)}x native 1 thread`);
  console.log(`    wasm threaded build on 1 thread ${f3(mt1.seconds)} s, on 2 threads ${f3(mt2.seconds)} s = ${(mt2.seconds / n2.seconds).toFixed(2)}x native 2 threads; speedup over single-threaded wasm ${(st.seconds / mt2.seconds).toFixed(2)}x`);
  console.log(`    wasm threaded, 2 threads: ${(run.steps / mt2.seconds).toFixed(0)} steps/s`);
  const same = [n2, st, mt1, mt2].every((t) => t.sha === n1.sha);
  console.log(`    the same trajectory (positions_sha256) natively on 1 and 2 threads and in every wasm run: ${same ? 'yes' : 'NO'}`);
}

console.log(`engine with the page's analysis at the default cadence (every 100 steps), best of ${REPS}:`);
for (const run of [SMALL, BIG]) {
  const { st, mt2, st0, mt0 } = await rounds({
    st: () => engineTime(builds.st, run, 'every=100'),
    mt2: () => engineTime(builds.mt2, run, 'every=100'),
    st0: () => engineTime(builds.st, run, NO_ANALYSIS),
    mt0: () => engineTime(builds.mt2, run, NO_ANALYSIS),
  });
  console.log(`  ${run.name}, ${st.n} atoms, ${run.steps} steps: single-threaded ${f3(st.seconds)} s (analysis ${(100 * (st.seconds - st0.seconds) / st.seconds).toFixed(0)} %), threaded ${f3(mt2.seconds)} s (analysis ${(100 * (mt2.seconds - mt0.seconds) / mt2.seconds).toFixed(0)} %), speedup ${(st.seconds / mt2.seconds).toFixed(2)}x`);
}
for (const b of Object.values(builds)) await b.page.close();

// The whole page: rendering (software WebGL on this host), charts, analysis.
async function pageRun(server, link) {
  const page = await ctx.newPage();
  const t0 = Date.now();
  await page.goto(url(server, `/?${link}`));
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 300000 });
  return { page, firstFrame: Date.now() - t0 };
}
const st = await pageRun(plain, SMALL.link);
const mt = await pageRun(iso, SMALL.link);
console.log(`whole page: time to first frame: single-threaded ${st.firstFrame} ms, threaded ${mt.firstFrame} ms`);
await st.page.close();
await mt.page.close();
// Steps per second and frames of the atoms drawn per second, playing for 8 s at the pace `spf`
// (0: "fastest", the page's default; n: at most n steps per frame of 60 Hz), drawing or not (then
// the page's own work beside the engine: frames, charts, analysis at its cadence).
async function playRate(page, spf, draw) {
  await page.selectOption('#speed', String(spf));
  return page.evaluate(async (draw) => {
    window.nanocoalesce.drawing(draw);
    const s0 = (await window.nanocoalesce.state()).step;
    const f0 = window.nanocoalesce.frameCounts().drawn;
    window.nanocoalesce.play();
    const t = performance.now();
    await new Promise((res) => setTimeout(res, 8000));
    window.nanocoalesce.pause();
    const dt = (performance.now() - t) / 1000;
    const s1 = (await window.nanocoalesce.state()).step;
    window.nanocoalesce.drawing(true);
    return { stepsPerSecond: (s1 - s0) / dt, fps: (window.nanocoalesce.frameCounts().drawn - f0) / dt };
  }, draw);
}
for (const run of [SMALL, BIG]) {
  const p = await pageRun(iso, run.link);
  const n = (await p.page.evaluate(() => window.nanocoalesce.state())).n_atoms;
  const rows = [];
  for (const [spf, draw] of run === SMALL ? [[0, true], [0, false], [10, true]] : [[0, true], [0, false]]) {
    const r = await playRate(p.page, spf, draw);
    const pace = spf ? `${spf} steps/frame (at most ${60 * spf} steps/s)` : 'fastest';
    rows.push(`${pace} ${draw ? 'drawing' : 'not drawing'}: ${r.stepsPerSecond.toFixed(0)} steps/s${draw ? ` at ${r.fps.toFixed(1)} frames/s` : ''}`);
  }
  const sw = (await p.page.evaluate(() => window.nanocoalesce.info())).softwareRendering;
  console.log(`whole page, threaded, ${n} atoms (WebGL ${sw ? 'in software' : 'on a GPU'}): ${rows.join('; ')}`);
  await p.page.close();
}

for (const b of ['pkg-mt', 'pkg-st', 'pkg-compat']) {
  const f = fs.readFileSync(path.join(ROOT, 'www', b, 'nanocoalesce_bg.wasm'));
  console.log(`${b}: ${f.length} bytes, ${zlib.gzipSync(f, { level: 9 }).length} gzipped`);
}
await ctx.close();
iso.close();
plain.close();
