// Browser performance of the page (numbers, not gates): wasm single-thread vs native single-thread
// on the same scenario, threaded speedup in the page, steps per second for a ~10,000-atom pair while
// rendering (with the frame rate), time from navigation to the first frame, gzipped wasm sizes.
// Run: node tests/web/bench.mjs (after scripts/build-web.sh and cargo build --release).
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
    const file = path.join(ROOT, p === '/' ? 'index.html' : p);
    if (!file.startsWith(ROOT) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
    const h = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' };
    if (isolate) Object.assign(h, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    res.writeHead(200, h);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

const SMALL = 'v=1&a=Au:3.2:sphere&b=Au:3.2:sphere&gap=4&T=900&seed=1';
const BIG = 'v=1&a=Au:5.5:sphere&b=Au:5.5:sphere&gap=4&T=900&seed=1';
const STEPS = Number(process.env.STEPS || 300);
const nc = path.join(ROOT, 'target/release/nanocoalesce');
const native = (threads) => Number(execFileSync(nc, ['run', '--link', SMALL, '--steps', String(STEPS), '--threads', String(threads)]).toString().match(/timing ([0-9.]+) s/)[1]);

const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'chr-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
async function pageRun(server, link) {
  const page = await ctx.newPage();
  const t0 = Date.now();
  await page.goto(`http://127.0.0.1:${server.address().port}/?${link}`);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 300000 });
  return { page, firstFrame: Date.now() - t0 };
}
async function timedSteps(page, n) {
  await page.evaluate(() => window.nanocoalesce.step(20)); // warm-up (V8 tier-up)
  return page.evaluate(async (k) => { const t = performance.now(); await window.nanocoalesce.step(k); return (performance.now() - t) / 1000; }, n);
}

const iso = await serve(true);
const plain = await serve(false);
const nat1 = Math.min(native(1), native(1));
const st = await pageRun(plain, SMALL);
const tSt = Math.min(await timedSteps(st.page, STEPS), await timedSteps(st.page, STEPS));
const mt = await pageRun(iso, SMALL);
const tMt = Math.min(await timedSteps(mt.page, STEPS), await timedSteps(mt.page, STEPS));
const threads = (await mt.page.evaluate(() => window.nanocoalesce.info())).threads;
const nAtoms = (await mt.page.evaluate(() => window.nanocoalesce.state())).n_atoms;
console.log(`${nAtoms} atoms, ${STEPS} steps: native 1 thread ${nat1.toFixed(3)} s; wasm single-threaded ${tSt.toFixed(3)} s (${(tSt / nat1).toFixed(2)}x native); wasm threaded (${threads} threads) ${tMt.toFixed(3)} s (speedup ${(tSt / tMt).toFixed(2)}x)`);
console.log(`time to first frame: single-threaded ${st.firstFrame} ms, threaded ${mt.firstFrame} ms`);

const big = await pageRun(iso, BIG);
const bigAtoms = (await big.page.evaluate(() => window.nanocoalesce.state())).n_atoms;
for (const spf of [2, 5, 10]) {
  await big.page.fill('#speed', String(spf));
  await big.page.dispatchEvent('#speed', 'change');
  const r = await big.page.evaluate(async () => {
    const s0 = (await window.nanocoalesce.state()).step;
    let frames = 0;
    let run = true;
    const count = () => { frames++; if (run) requestAnimationFrame(count); };
    requestAnimationFrame(count);
    window.nanocoalesce.play();
    const t = performance.now();
    await new Promise((res) => setTimeout(res, 8000));
    window.nanocoalesce.pause();
    run = false;
    const dt = (performance.now() - t) / 1000;
    const s1 = (await window.nanocoalesce.state()).step;
    return { stepsPerSecond: (s1 - s0) / dt, fps: frames / dt };
  });
  console.log(`${bigAtoms} atoms, threaded, ${spf} steps/frame while rendering: ${r.stepsPerSecond.toFixed(0)} steps/s at ${r.fps.toFixed(0)} fps`);
}
for (const b of ['pkg-mt', 'pkg-st']) {
  const f = fs.readFileSync(path.join(ROOT, 'www', b, 'nanocoalesce_bg.wasm'));
  console.log(`${b}: ${f.length} bytes, ${zlib.gzipSync(f, { level: 9 }).length} gzipped`);
}
await ctx.close();
iso.close();
plain.close();
