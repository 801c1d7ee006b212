// Browser tests in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// the page served cross-origin isolated runs the threaded build, served without the headers the
// single-threaded one, and both reproduce the CLI's positions_sha256 for the same share link; atoms
// are drawn; charts get points; bad links and oversize requests give messages; embedding works.
// Run: node tests/web/test.mjs (after scripts/build-web.sh and cargo build --release).
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'target', 'web-test');
fs.mkdirSync(OUT, { recursive: true });
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };
const HOST_PAGE = `<!doctype html><html><body><iframe id="f" width="640" height="420"></iframe><script type="module">
const f = document.getElementById('f');
window.ask = (msg) => new Promise((resolve) => {
  const id = Math.random();
  const on = (e) => { if (e.data && e.data.nanocoalesce && e.data.id === id) { removeEventListener('message', on); resolve(e.data); } };
  addEventListener('message', on);
  f.contentWindow.postMessage({ nanocoalesce: true, id, ...msg }, '*');
});
f.src = new URLSearchParams(location.search).get('src');
</script></body></html>`;

/** A static server of the repository (or of `root`); `isolate` adds COOP/COEP. */
function serve(isolate, root = ROOT) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/host.html') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(HOST_PAGE);
    }
    const file = path.join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end('not found');
    }
    const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
    if (isolate) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const LINK = 'v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42';
const STEPS = 200;
let passed = 0;
let failed = 0;
// NANOCOALESCE_WEB_ONLY=text runs only the checks whose names contain it (while developing).
const ONLY = process.env.NANOCOALESCE_WEB_ONLY;
async function check(name, fn) {
  if (ONLY && !name.includes(ONLY)) return;
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err.message}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const cliHash = execFileSync(path.join(ROOT, 'target/release/nanocoalesce'), ['run', '--link', LINK, '--steps', String(STEPS), '--threads', '2'])
  .toString().trim().split('\n').pop().replace('positions_sha256 ', '');
console.log(`CLI positions_sha256 after ${STEPS} steps: ${cliHash}`);

const isolated = await serve(true);
const plain = await serve(false);
const base = (s) => `http://127.0.0.1:${s.address().port}`;
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'chr-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const cspViolations = [];
async function open(url, initScript) {
  const page = await ctx.newPage();
  if (initScript) await page.addInitScript(initScript);
  page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
  // The page's screenshot (with its overlay) drawn into a 2-D canvas, for pixel checks.
  await page.addInitScript(() => {
    window.screenshotCanvas = async () => {
      const img = new Image();
      img.src = window.nanocoalesce.screenshot();
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return { g, img };
    };
  });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120000 });
  return page;
}

/**
 * Fraction of canvas pixels of a kind: 'lit' (clearly brighter than the background) or 'green'
 * (green well above red and blue: a-CNA's FCC colour).
 */
async function canvasFraction(page, kind) {
  return page.evaluate((k) => {
    const src = document.getElementById('atoms');
    const c = document.createElement('canvas');
    c.width = src.width; c.height = src.height;
    const g = c.getContext('2d');
    g.drawImage(src, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      // The support's floor: a blue-grey, brighter than the background (18, 20, 26), unlike the
      // neutral grey of Ag and the yellow of Au.
      const floor = d[i] > 35 && d[i] < 120 && d[i + 2] >= d[i] + 8 && d[i + 2] - d[i] < 40 && d[i + 1] > d[i];
      const hit = k === 'floor' ? floor : k === 'green' ? d[i + 1] > d[i] + 40 && d[i + 1] > d[i + 2] + 40 : d[i] + d[i + 1] + d[i + 2] > 200;
      if (hit) n++;
    }
    return n / (d.length / 4);
  }, kind);
}
const atomPixels = (page) => canvasFraction(page, 'lit');

for (const [label, server, threaded] of [['isolated', isolated, true], ['not isolated', plain, false]]) {
  await check(`${label}: loads the ${threaded ? 'threaded' : 'single-threaded'} build, draws atoms, reproduces the CLI hash`, async () => {
    const t0 = Date.now();
    const page = await open(`${base(server)}/?${LINK}`);
    const firstFrameMs = Date.now() - t0;
    const info = await page.evaluate(() => window.nanocoalesce.info());
    assert(info.isolated === threaded, `crossOriginIsolated = ${info.isolated}`);
    assert(info.parallel === threaded, `parallel build = ${info.parallel}`);
    if (threaded) assert(info.threads >= 2, `threads = ${info.threads}`);
    assert(info.wasmSimd === true && info.simd === 'simd128', `SIMD: ${info.wasmSimd}, backend ${info.simd}`);
    const status = await page.textContent('#status');
    assert(status.includes(threaded ? `threaded build, ${info.threads} threads` : 'single-threaded build'), `status bar says '${status}'`);
    assert(await page.isVisible('#thermo') && !(await page.isVisible('#mc-every')), 'MD panel: MD fields shown, swap fields hidden');
    const t1 = Date.now();
    const st = await page.evaluate((n) => window.nanocoalesce.step(n), STEPS);
    const ms = Date.now() - t1;
    assert(st.step === STEPS, `step ${st.step}`);
    assert(st.positions_sha256 === cliHash, `page hash ${st.positions_sha256} != CLI ${cliHash}`);
    await page.waitForTimeout(300);
    const lit = await atomPixels(page);
    assert(lit > 0.05, `only ${(100 * lit).toFixed(1)} % of the canvas shows atoms`);
    await page.evaluate(() => window.nanocoalesce.play());
    await page.waitForFunction(() => window.nanocoalesce.chartPoints('temperature') > 5, null, { timeout: 30000 });
    await page.evaluate(() => window.nanocoalesce.pause());
    await page.screenshot({ path: path.join(OUT, `page-${threaded ? 'threaded' : 'single'}.png`) });
    console.log(`  ${label}: ${info.threads} thread(s), first frame ${firstFrameMs} ms, ${STEPS} steps of ${st.n_atoms} atoms in ${ms} ms (${(STEPS / ms * 1000).toFixed(0)} steps/s), atoms on ${(100 * lit).toFixed(0)} % of the canvas`);
    await page.close();
  });
}

await check('a browser without WebAssembly SIMD gets the compatible build (single-threaded, no SIMD), says so, and reproduces the CLI hash', async () => {
  // An old browser's answer to the page's SIMD probe (a module with SIMD instructions, 0xfd).
  const page = await open(`${base(isolated)}/?${LINK}`, () => {
    const validate = WebAssembly.validate;
    WebAssembly.validate = (bytes) => {
      const b = new Uint8Array(bytes.buffer ? bytes.buffer : bytes);
      return b.length < 64 && b.includes(0xfd) ? false : validate(bytes);
    };
  });
  const info = await page.evaluate(() => window.nanocoalesce.info());
  assert(info.wasmSimd === false && info.simd === 'scalar' && info.parallel === false, `info ${JSON.stringify(info)}`);
  assert((await page.textContent('#status')).includes('no WebAssembly SIMD'), 'the status bar names the reason');
  const st = await page.evaluate((n) => window.nanocoalesce.step(n), STEPS);
  assert(st.positions_sha256 === cliHash, `compatible build ${st.positions_sha256} != CLI ${cliHash}`);
  await page.close();
});

await check('a malformed link shows what is wrong and falls back to the default scenario', async () => {
  const page = await open(`${base(isolated)}/?v=1&a=Au:3:blob&T=700&seed=1`);
  const err = await page.textContent('#error');
  assert(err.includes("unknown shape 'blob'"), `error box says '${err}'`);
  const st = await page.evaluate(() => window.nanocoalesce.state());
  assert(st.n_atoms === 1774, `default scenario not loaded (${st.n_atoms} atoms)`);
  assert(page.url().includes('a=Au:3:sphere'), `URL is ${page.url()}`);
  await page.close();
});

await check('hand-edited links with script, HTML or huge values never inject into the page: the message shows them as text, the DOM gains no element, nothing runs', async () => {
  const evil = [
    `v=1&a=${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}:3:sphere&T=700&seed=1`,
    `v=1&a=Au:3:${encodeURIComponent('<script>window.__pwned=1</script>')}&T=700&seed=1`,
    `v=1&a=Au:3:sphere&T=700&seed=1&pot=${encodeURIComponent('"><svg onload=window.__pwned=1>')}`,
    `v=1&a=Au:1e308:sphere&T=1e308&seed=99999999999999999999999`,
    `v=1&a=Au:3:sphere&T=700&seed=1&ev=${'1:T:900,'.repeat(300)}2:T:800`,
    `v=1&kmc=film&L=${'9'.repeat(400)}&F=1&D=1e6&theta=0.2&seed=1`,
    `v=1&a=Au:3:sphere&T=700&seed=1&embed=1&controls=${encodeURIComponent('<b>x</b>')}&lock=${encodeURIComponent('"><i>')}`,
    `v=1&a=Au:3:sphere&T=700&seed=1&pace=${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`,
  ];
  for (const link of evil) {
    const page = await open(`${base(isolated)}/?${link}`);
    const r = await page.evaluate(() => ({
      pwned: window.__pwned === 1,
      injected: document.querySelectorAll('#error *, #status *, img, svg:not(.u-over svg), script:not([src])').length,
      error: document.getElementById('error').textContent,
      atoms: document.body.dataset.ready,
    }));
    assert(!r.pwned && r.injected === 0, `${link.slice(0, 80)}: injected ${r.injected} element(s), ran: ${r.pwned}`);
    assert(r.atoms === '1', `${link.slice(0, 80)}: the page did not come up`);
    if (!link.includes('embed=1')) assert(r.error.length > 0 && r.error.length < 2000, `${link.slice(0, 80)}: message '${r.error.slice(0, 200)}'`);
    await page.close();
  }
});

const DEFAULT_PRESET = 'Two 3 nm Au particles, 873 K: too small to stay solid';
await check('the preset menu names the run: a preset (also after Reset, as a link, and as a course link with page keys, whose pace the address bar follows), or "Custom" for any other run; a preset shows its study, finding and what to watch; Step in kMC does a frame of events', async () => {
  const page = await open(`${base(isolated)}/`);
  const shown = () => page.evaluate(() => { const s = document.getElementById('preset'); return s.options[s.selectedIndex].textContent; });
  const story = () => page.evaluate(() => { const s = document.getElementById('story'); return s.hidden ? '' : s.textContent; });
  assert((await shown()) === DEFAULT_PRESET, `default run shows '${await shown()}'`);
  const first = await story();
  assert(first.includes('Study:') && first.includes('Watch:') && first.includes('Crystalline order chart'), `default story: '${first}'`);
  await page.selectOption('#preset', { label: 'kMC: neck growth of two 2 nm Au spheres, 700 K' });
  await page.waitForFunction(() => location.search.includes('kmc=neck'));
  assert((await shown()).startsWith('kMC: neck growth'), `after picking the kMC preset: '${await shown()}'`);
  const kmc = await story();
  assert(kmc.includes('Lim et al.') && kmc.includes('20 M events'), `kMC story: '${kmc}'`);
  // Step (→) advances a frame's worth at the pace: 10 speed steps at "fastest", 1000 kMC events each
  // (unless the run ends first).
  const e0 = (await page.evaluate(() => window.nanocoalesce.state())).step;
  await page.keyboard.press('ArrowRight');
  let e1 = e0;
  for (let k = 0; k < 50 && e1 === e0; k++) {
    await page.waitForTimeout(100);
    e1 = (await page.evaluate(() => window.nanocoalesce.state())).step;
  }
  assert(e1 - e0 === 10000, `one Step of a kMC run at "fastest" did ${e1 - e0} events`);
  await page.click('#reset');
  await page.waitForTimeout(500);
  assert((await shown()).startsWith('kMC: neck growth'), `after Reset: '${await shown()}'`);
  await page.evaluate(() => window.nanocoalesce.load('v=1&a=Au:2:sphere&b=Au:2:sphere&gap=4&T=600&seed=3'));
  assert((await shown()).startsWith('Custom run'), `a hand-made link shows '${await shown()}'`);
  assert((await story()) === '', `a custom run shows a story: '${await story()}'`);
  await page.evaluate((l) => window.nanocoalesce.load(l), LINK);
  assert((await shown()) === DEFAULT_PRESET, `the preset's own link shows '${await shown()}'`);
  await page.close();
  // A course page's link: the preset's with page keys (a pace, locks) is still the preset, and the
  // address bar carries the pace as it stands.
  const course = await open(`${base(isolated)}/?${LINK}&pace=2&lock=seed`);
  const named = await course.evaluate(() => { const s = document.getElementById('preset'); return s.options[s.selectedIndex].textContent; });
  assert(named === DEFAULT_PRESET, `the preset's link with pace=2&lock=seed shows '${named}'`);
  assert(course.url().includes('pace=2') && course.url().includes('lock=seed'), `address bar: ${course.url()}`);
  await course.selectOption('#speed', '5');
  assert(course.url().includes('pace=5') && !course.url().includes('pace=2'), `address bar after the pace changed: ${course.url()}`);
  await course.selectOption('#speed', '0');
  assert(!course.url().includes('pace='), `address bar at "fastest": ${course.url()}`);
  await course.close();
});

await check('every preset loads, shows its story and highlights the chart that shows its claim, in view', async () => {
  const page = await open(`${base(isolated)}/`);
  const presets = await page.evaluate(() => window.nanocoalesce.info().catalog.presets);
  assert(presets.length >= 15, `${presets.length} presets`);
  for (const p of presets) {
    await page.evaluate((l) => window.nanocoalesce.load(l), p.link);
    const r = await page.evaluate((key) => {
      const d = document.querySelector('#charts .chart.watch');
      const story = document.getElementById('story');
      if (!d) return { key: null };
      const b = d.getBoundingClientRect();
      return { key: d.dataset.key, top: b.top, bottom: b.bottom, h: innerHeight, story: story.hidden ? '' : story.textContent };
    }, p.chart);
    assert(r.key === p.chart, `${p.id}: highlighted chart ${r.key}, expected ${p.chart}`);
    assert(r.top >= 0 && r.bottom <= r.h, `${p.id}: chart ${p.chart} at ${r.top}–${r.bottom} px of ${r.h}`);
    assert(r.story.includes(p.study) && r.story.includes(p.show_after), `${p.id}: story '${r.story}'`);
  }
  await page.close();
});

for (const [w, h] of [[1280, 800], [1440, 900], [390, 844]]) {
  await check(`layout at ${w}×${h}: the view comes first and is the largest thing; nothing spills sideways; the story does not cover the view`, async () => {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: w, height: h });
    await page.goto(`${base(isolated)}/`);
    await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120000 });
    await page.evaluate(() => window.nanocoalesce.step(50));
    const g = await page.evaluate(() => {
      const rect = (id) => { const b = document.getElementById(id).getBoundingClientRect(); return { l: b.left, t: b.top, r: b.right, b: b.bottom }; };
      return { atoms: rect('atoms'), story: rect('story'), panel: rect('panel'), charts: rect('charts'), sw: document.documentElement.scrollWidth, iw: innerWidth, ih: innerHeight };
    });
    await page.screenshot({ path: path.join(OUT, `layout-${w}x${h}.png`) });
    const overlap = (a, b) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
    assert(g.sw <= g.iw, `page is ${g.sw} px wide in a ${g.iw} px window`);
    assert(!overlap(g.atoms, g.story) && !overlap(g.atoms, g.panel) && !overlap(g.atoms, g.charts), `the view overlaps: ${JSON.stringify(g)}`);
    assert(g.atoms.t < 120, `the view starts ${g.atoms.t} px down`);
    const area = (a) => Math.max(0, Math.min(a.r, g.iw) - Math.max(a.l, 0)) * Math.max(0, Math.min(a.b, g.ih) - Math.max(a.t, 0));
    const share = area(g.atoms) / (g.iw * g.ih);
    assert(share > (w < 600 ? 0.45 : 0.3), `the view covers ${(100 * share).toFixed(0)} % of the first screen`);
    // Every visible control lies inside the window sideways (and vertically, unless it sits in a
    // scrolling panel), and no two overlap.
    const controls = await page.evaluate(() => {
      const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowY; if ((o === 'auto' || o === 'scroll') && p.scrollHeight > p.clientHeight) return true; } return false; };
      return [...document.querySelectorAll('button, input, select, summary, textarea')]
        .filter((el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
        .map((el) => { const b = el.getBoundingClientRect(); return { id: el.id || el.textContent.trim().slice(0, 20), l: b.left, t: b.top, r: b.right, b: b.bottom, scrolls: scrolls(el) }; })
        .filter((c) => c.r > c.l && c.b > c.t);
    });
    assert(controls.length > 25, `${controls.length} visible controls`);
    for (const c of controls) {
      assert(c.l >= -0.5 && c.r <= g.iw + 0.5, `control ${c.id} spills sideways: ${JSON.stringify(c)}`);
      assert(c.scrolls || (c.t >= -0.5 && c.b <= g.ih + 0.5) || w < 600, `control ${c.id} is outside the window: ${JSON.stringify(c)}`);
    }
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const [a, b] = [controls[i], controls[j]];
        const inter = Math.max(0, Math.min(a.r, b.r) - Math.max(a.l, b.l)) * Math.max(0, Math.min(a.b, b.b) - Math.max(a.t, b.t));
        assert(inter < 1, `controls ${a.id} and ${b.id} overlap: ${JSON.stringify([a, b])}`);
      }
    }
    await page.close();
  });
}

await check('"new" draws a fresh seed (getrandom in wasm) that Apply writes into the scenario and the share link', async () => {
  const page = await open(`${base(isolated)}/?${LINK}`);
  const seeds = new Set();
  for (let k = 0; k < 3; k++) {
    const old = await page.inputValue('#seed');
    await page.click('#seed-new');
    await page.waitForFunction((o) => document.getElementById('seed').value !== o, old);
    seeds.add(await page.inputValue('#seed'));
  }
  assert(seeds.size === 3 && [...seeds].every((s) => /^[0-9]+$/.test(s) && Number(s) < 2 ** 53), `seeds ${[...seeds]}`);
  const seed = [...seeds].pop();
  await page.click('#apply');
  await page.waitForFunction((s) => location.search.includes(`seed=${s}`), seed);
  const sc = await page.evaluate(() => window.nanocoalesce.scenario());
  assert(String(sc.seed) === seed, `scenario seed ${sc.seed}, panel ${seed}`);
  await page.close();
});

await check('a link from a newer format version is refused with a notice', async () => {
  const page = await open(`${base(isolated)}/?v=9&a=Au:3:sphere&T=700&seed=1`);
  const err = await page.textContent('#error');
  assert(err.includes('newer nanocoalesce'), `error box says '${err}'`);
  await page.close();
});

await check('an oversize request is refused with a message and the current run is kept', async () => {
  const page = await open(`${base(isolated)}/?${LINK}`);
  const msg = await page.evaluate(() => window.nanocoalesce.load('v=1&a=Au:12:sphere&b=Au:12:sphere&T=700&seed=1').then(() => 'loaded', (e) => e.message));
  assert(msg.includes('the page runs at most'), `got '${msg}'`);
  const st = await page.evaluate(() => window.nanocoalesce.state());
  assert(st.n_atoms === 1774, 'the previous scenario should still be there');
  await page.close();
});

await check('embed mode works inside an iframe of a plain host page via postMessage', async () => {
  const src = `${base(plain)}/?${LINK}&embed=1`;
  const page = await ctx.newPage();
  await page.goto(`${base(plain)}/host.html?src=${encodeURIComponent(src)}`);
  const frame = await (await page.waitForSelector('#f')).contentFrame();
  await frame.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120000 });
  assert(await frame.evaluate(() => document.body.classList.contains('embed')), 'compact layout');
  const r = await page.evaluate(() => window.ask({ cmd: 'step', n: 20 }));
  assert(r.ok && r.result.step === 20, `step reply ${JSON.stringify(r)}`);
  const s = await page.evaluate(() => window.ask({ cmd: 'state' }));
  assert(s.ok && s.result.threads === 1 && s.result.parallel === false, `state ${JSON.stringify(s.result)}`);
  const bad = await page.evaluate(() => window.ask({ cmd: 'load', link: 'v=1&a=Au:3:sphere' }));
  assert(!bad.ok && bad.error.includes('no temperature'), `bad load reply ${JSON.stringify(bad)}`);
  await page.screenshot({ path: path.join(OUT, 'embed.png') });
  await page.close();
});

await check('the embedding demo (www/embed-demo.html): controls=basic, autoplay and locks; the host receives ready, observables and ended, and drives pause, play and load', async () => {
  const link = 'v=1&a=Au:2:sphere&b=Au:2:sphere&gap=4&T=873&seed=42&steps=600&every=50';
  const page = await ctx.newPage();
  await page.goto(`${base(isolated)}/www/embed-demo.html?link=${encodeURIComponent(link)}`);
  const events = () => page.evaluate(() => window.events.map((e) => e.event));
  await page.waitForFunction(() => window.events.some((e) => e.event === 'ready'), null, { timeout: 120000 });
  // Autoplay runs to the end (600 steps), with observables on the way.
  await page.waitForFunction(() => window.events.some((e) => e.event === 'ended'), null, { timeout: 60000 });
  const ev = await events();
  assert(ev[0] === 'ready' && ev.includes('observables'), `events ${ev}`);
  const obs = await page.evaluate(() => window.events.find((e) => e.event === 'observables'));
  assert(obs.state.step > 0 && obs.row && 'neck_diameter_A' in obs.row, `observables ${JSON.stringify(obs).slice(0, 300)}`);
  const ended = await page.evaluate(() => window.events.find((e) => e.event === 'ended'));
  assert(ended.state.step === 600, `ended at ${ended.state.step}`);
  // The frame shows the basic controls; the particles are locked, the temperature is not.
  const frame = await (await page.waitForSelector('#sim')).contentFrame();
  const ui = await frame.evaluate(() => ({
    panel: document.getElementById('panel').checkVisibility(), play: document.getElementById('play').checkVisibility(),
    steer: document.getElementById('steer-t').disabled, particles: document.getElementById('a-d').disabled, link: location.search,
  }));
  assert(!ui.panel && ui.play && !ui.steer && ui.particles && ui.link.includes('lock=particles'), `frame ${JSON.stringify(ui)}`);
  // The host drives it: load another run, play, pause.
  await page.click('#load');
  await page.waitForFunction(() => document.getElementById('log').textContent.includes('loaded the 1100 K run'));
  let s = await page.evaluate(() => window.ask({ cmd: 'state' }));
  assert(s.ok && s.result.step === 0 && s.result.target_temperature === 1100, `after load ${JSON.stringify(s.result)}`);
  await page.click('#play');
  await page.waitForFunction(() => window.ask({ cmd: 'state' }).then((r) => r.result.step > 0));
  await page.click('#pause');
  await page.waitForTimeout(300);
  const a = (await page.evaluate(() => window.ask({ cmd: 'state' }))).result.step;
  await page.waitForTimeout(400);
  const b = (await page.evaluate(() => window.ask({ cmd: 'state' }))).result.step;
  assert(a === b && a > 0, `paused at ${a}, then ${b}`);
  await page.screenshot({ path: path.join(OUT, 'embed-demo.png') });
  await page.close();
});

await check('keyboard: Tab reaches every visible control, each shows a focus ring', async () => {
  const page = await open(`${base(isolated)}/?${LINK}`);
  const want = await page.evaluate(() => [...document.querySelectorAll('button, input, select, summary, textarea')]
    .filter((el) => el.checkVisibility({ visibilityProperty: true }) && !el.disabled).map((el) => el.id || el.textContent.trim()));
  await page.click('header h1');
  const reached = new Set();
  let ringless = [];
  for (let k = 0; k < want.length + 20; k++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      return { id: el.id || el.textContent.trim(), ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 };
    });
    if (!f) continue;
    reached.add(f.id);
    if (!f.ring) ringless.push(f.id);
  }
  const missed = want.filter((id) => !reached.has(id));
  assert(missed.length === 0, `Tab does not reach: ${missed}`);
  ringless = [...new Set(ringless)].filter((id) => id !== 'sharelink');
  assert(ringless.length === 0, `no visible focus on: ${ringless}`);
  await page.close();
});

await check('accessible: every visible control has a name for screen readers, and text contrast passes WCAG AA (4.5:1)', async () => {
  const page = await open(`${base(isolated)}/?${LINK}`);
  const r = await page.evaluate(() => {
    const visible = (el) => el.checkVisibility({ visibilityProperty: true });
    const unnamed = [...document.querySelectorAll('button, input, select, summary, textarea')].filter(visible)
      .filter((el) => !((el.labels && el.labels.length && el.labels[0].textContent.trim()) || el.getAttribute('aria-label') || el.title || el.textContent.trim()))
      .map((el) => el.id || el.outerHTML.slice(0, 60));
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }).reduce((a, v, k) => a + v * [0.2126, 0.7152, 0.0722][k], 0);
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length >= 3 && (c.length === 3 || c[3] > 0.9)) return c; }
      return [17, 19, 24];
    };
    const low = [];
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || el.closest('svg, canvas, .u-legend, #overlay')) continue;
      const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join('');
      if (!text) continue;
      const s = getComputedStyle(el);
      const [a, b] = [lum(rgb(s.color)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) low.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} '${text.slice(0, 30)}' ${ratio.toFixed(2)}`);
    }
    return { unnamed, low };
  });
  assert(r.unnamed.length === 0, `controls without a name: ${r.unnamed}`);
  assert(r.low.length === 0, `low-contrast text: ${r.low.join('; ')}`);
  await page.close();
});

await check('responsive under load: with 10,000+ atoms playing, no main-thread task takes 100 ms and a control answers within 100 ms', async () => {
  const page = await open(`${base(isolated)}/?v=1&a=Au:6:sphere&b=Au:6:sphere&gap=4&T=700&seed=1&every=100`);
  const n = (await page.evaluate(() => window.nanocoalesce.state())).n_atoms;
  assert(n >= 10000, `${n} atoms`);
  // The atoms' drawing is the GPU's work, which headless Chromium does in software here (about
  // 50 ms a frame for 13,000 atoms): measured apart, then switched off to measure the rest.
  const draw = await page.evaluate(() => { const t0 = performance.now(); window.nanocoalesce.screenshot(); return performance.now() - t0; });
  await page.evaluate(() => window.nanocoalesce.drawing(false));
  await page.evaluate(() => window.nanocoalesce.play());
  await page.waitForTimeout(1000);
  const r = await page.evaluate(async () => {
    // Long tasks of the main thread: frames arriving, charts, timeline, overlay (the engine
    // steps in its worker).
    const long = [];
    const po = new PerformanceObserver((l) => long.push(...l.getEntries().map((e) => e.duration)));
    po.observe({ type: 'longtask', buffered: false });
    const frames = { n: 0 };
    const t0 = performance.now();
    await new Promise((resolve) => {
      const tick = (t) => { frames.n++; if (t - t0 < 3000) requestAnimationFrame(tick); else resolve(); };
      requestAnimationFrame(tick);
    });
    po.disconnect();
    const clicks = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      document.querySelector('#downloads summary').click();
      await new Promise((res) => requestAnimationFrame(() => res()));
      clicks.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 100));
    }
    const s = await window.nanocoalesce.state();
    return { long, frames: frames.n, clicks, step: s.step };
  });
  await page.evaluate(() => window.nanocoalesce.pause());
  const worst = Math.max(0, ...r.long);
  await page.evaluate(() => window.nanocoalesce.drawing(true));
  console.log(`  ${n} atoms playing: one software-GL draw ${draw.toFixed(0)} ms (not counted); without it ${r.frames} animation frames in 3 s, ${r.long.length} main-thread tasks over 50 ms, longest ${worst.toFixed(0)} ms; a click answered in ${r.clicks.map((c) => c.toFixed(0)).join(', ')} ms; step ${r.step}`);
  assert(r.step > 0, 'the run advanced');
  assert(worst < 100, `a main-thread task took ${worst.toFixed(0)} ms`);
  assert(Math.max(...r.clicks) < 100, `a click took ${Math.max(...r.clicks).toFixed(0)} ms`);
  await page.close();
});

await check('the pace control and frames at the pace of the view: at 1 step per frame the run goes at most 60 steps a second, at "fastest" far more, and the positions match the CLI; the worker posts no more frames than the page draws (at most two per drawn frame, plus what the half-second fallback releases); the timeline still gets every output step; software WebGL is recognised; paused, the view follows a drag at once, and it goes on at once after a spell without drawing', async () => {
  // A course page's pace in its link (pace=1); an unknown one is named, and the page plays at "fastest".
  const odd = await open(`${base(isolated)}/?v=1&a=Au:3:sphere&T=700&seed=1&pace=3`);
  assert(await odd.inputValue('#speed') === '0', 'the page opens playing as fast as it goes ("fastest")');
  const note = await odd.textContent('#error');
  assert(note.includes('pace=3 is not a pace'), `the notice for pace=3 says '${note}'`);
  await odd.close();
  const page = await open(`${base(isolated)}/?v=1&a=Au:4:sphere&b=Au:4:sphere&gap=4&T=900&seed=1&every=100&pace=1`);
  const info = await page.evaluate(() => window.nanocoalesce.info());
  assert(info.softwareRendering === true, `headless Chromium draws WebGL in software (SwiftShader); the page says softwareRendering = ${info.softwareRendering}`);
  assert(await page.inputValue('#speed') === '1', `pace=1 in the link: the pace control says ${await page.inputValue('#speed')}`);
  // Plays for 3 s at a pace; steps, seconds, frames received and drawn.
  const playFor = async (pace) => {
    if (pace !== null) await page.selectOption('#speed', pace);
    return page.evaluate(async () => {
      const c0 = window.nanocoalesce.frameCounts();
      const s0 = (await window.nanocoalesce.state()).step;
      window.nanocoalesce.play();
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, 3000));
      window.nanocoalesce.pause();
      const seconds = (performance.now() - t0) / 1000;
      const s1 = (await window.nanocoalesce.state()).step;
      const c1 = window.nanocoalesce.frameCounts();
      return { steps: s1 - s0, end: s1, seconds, received: c1.received - c0.received, drawn: c1.drawn - c0.drawn };
    });
  };
  // One step per frame: slow motion, 60 steps a second (one frame's worth may run ahead), in step
  // calls of one step; a worker that posted a frame after every call would send 60 a second.
  const slow = await playFor(null); // as the link set it
  console.log(`  3 s at 1 step per frame: ${slow.steps} steps in ${slow.seconds.toFixed(2)} s, ${slow.received} frames received, ${slow.drawn} drawn`);
  // (The pause may reach the worker a step call and a timer late: 0.1 s of slack.)
  assert(slow.steps <= 60 * (slow.seconds + 0.1) + 1, `${slow.steps} steps in ${slow.seconds.toFixed(2)} s at 1 step per frame of 60 Hz`);
  assert(slow.steps >= 20 * slow.seconds, `only ${slow.steps} steps in ${slow.seconds.toFixed(2)} s at 1 step per frame: the pace holds the run back`);
  assert(slow.drawn >= 3, `the view drew ${slow.drawn} frames in 3 s of play`);
  // At most two frames in flight: a draw shows the newer and releases both; the fallback (every
  // 0.5 s at most, for a page that draws nothing) releases at most two each time: 2 · 7 in 3 s;
  // and every output step's frame (every=100) is posted for the timeline.
  const bound = (r) => 2 * r.drawn + 2 + 14 + Math.floor(r.steps / 100) + 1;
  assert(slow.received <= bound(slow), `${slow.received} frames received, ${slow.drawn} drawn, in ${slow.steps} steps of one step each`);
  // Fastest: the engine's own speed, far beyond the slow pace, the frames still at the view's.
  const fast = await playFor('0');
  console.log(`  3 s at "fastest": ${fast.steps} steps, ${fast.received} frames received, ${fast.drawn} drawn`);
  assert(fast.steps > 2 * 60 * fast.seconds, `${fast.steps} steps in ${fast.seconds.toFixed(2)} s at "fastest", against ${slow.steps} at 1 step per frame`);
  assert(fast.steps > fast.received, `${fast.steps} steps in ${fast.received} frames: the engine ran ahead of the frames`);
  assert(fast.received <= bound(fast), `${fast.received} frames received, ${fast.drawn} drawn`);
  // However seldom the view draws, the timeline gets every output step's frame (every=100).
  const kept = await page.evaluate(() => window.nanocoalesce.timelineLength());
  assert(kept === Math.floor(fast.end / 100) + 1, `${kept} frames in the timeline after ${fast.end} steps`);
  // The pace changes the step calls, not the run: the CLI reaches the same positions.
  const paced = await page.evaluate(() => window.nanocoalesce.state());
  const cli = execFileSync(path.join(ROOT, 'target/release/nanocoalesce'), ['run', '--link', 'v=1&a=Au:4:sphere&b=Au:4:sphere&gap=4&T=900&seed=1&every=100', '--steps', String(paced.step), '--threads', '2'])
    .toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  assert(paced.positions_sha256 === cli, `after ${paced.step} steps at two paces the page's positions differ from the CLI's`);
  // Paused, the view is not paced: a drag redraws it at once.
  await page.waitForTimeout(300);
  const d0 = (await page.evaluate(() => window.nanocoalesce.frameCounts())).drawn;
  const box = await page.locator('#atoms').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) {
    await page.mouse.move(box.x + box.width / 2 + 8 * k, box.y + box.height / 2);
    await page.waitForTimeout(60);
  }
  await page.mouse.up();
  const d1 = (await page.evaluate(() => window.nanocoalesce.frameCounts())).drawn;
  assert(d1 - d0 >= 5, `a drag of ten moves redrew the paused view ${d1 - d0} times`);
  // Playing again after a spell without drawing (as after a hidden tab): the spell is not taken
  // for the cost of a frame, the view goes on at once.
  await page.evaluate(() => window.nanocoalesce.play());
  await page.waitForTimeout(500);
  // Off right after a frame is drawn (its fence not yet seen signalled).
  await page.evaluate(() => new Promise((resolve) => {
    const n = window.nanocoalesce.frameCounts().drawn;
    const tick = () => {
      if (window.nanocoalesce.frameCounts().drawn > n) { window.nanocoalesce.drawing(false); resolve(); } else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
  await page.waitForTimeout(2000);
  const e0 = await page.evaluate(() => { window.nanocoalesce.drawing(true); return window.nanocoalesce.frameCounts().drawn; });
  await page.waitForTimeout(1500);
  const e1 = await page.evaluate(() => { window.nanocoalesce.pause(); return window.nanocoalesce.frameCounts().drawn; });
  assert(e1 - e0 >= 3, `${e1 - e0} frames drawn in the 1.5 s after 2 s without drawing`);
  await page.close();
});

await check('analysis: neck, Rg, surface and rotation charts fill; CNA colouring shows FCC in a cross-section; g(r) and XRD are drawn', async () => {
  const page = await open(`${base(isolated)}/?v=1&a=Au:2.0:sphere&b=Au:2.0:sphere&gap=4&T=600&seed=5&every=100`);
  // A perfect-lattice start: the interior is FCC; cut the particles open and colour by a-CNA.
  const cls = await page.evaluate(() => window.nanocoalesce.colour('cna'));
  const fcc = cls.filter((c) => c === 1).length / cls.length;
  assert(fcc > 0.3, `only ${(100 * fcc).toFixed(0)} % FCC atoms in perfect fcc spheres`);
  await page.fill('#clip', '50');
  await page.dispatchEvent('#clip', 'input');
  await page.waitForTimeout(300);
  const green = await canvasFraction(page, 'green');
  assert(green > 0.01, `FCC-green covers only ${(100 * green).toFixed(2)} % of the canvas`);
  await page.screenshot({ path: path.join(OUT, 'cna-cross-section.png') });
  await page.evaluate(() => window.nanocoalesce.step(1000));
  const a = await page.evaluate(() => window.nanocoalesce.analysis());
  assert(a.rows.length === 11, `${a.rows.length} analysis rows after 1000 steps every 100`);
  assert(a.rows[0].neck_radius_A === 0 && a.rows[10].neck_radius_A > 2, `neck radius ${a.rows[0].neck_radius_A} → ${a.rows[10].neck_radius_A} Å`);
  // The same numbers as the CLI's observables.csv for the same link (bit-for-bit).
  const dir = path.join(OUT, 'cli-analysis');
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync(path.join(ROOT, 'target/release/nanocoalesce'), ['run', '--link', 'v=1&a=Au:2.0:sphere&b=Au:2.0:sphere&gap=4&T=600&seed=5&every=100', '--steps', '1000', '--out', dir]);
  const lines = fs.readFileSync(path.join(dir, 'observables.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(','), lastRow = lines[lines.length - 1].split(',').map(Number);
  for (const n of ['neck_radius_A', 'area_ratio', 'rg_A']) {
    const page = a.rows[10][n], cli = lastRow[head.indexOf(n)];
    assert(page === cli, `${n}: page ${page}, CLI ${cli}`);
  }
  for (const key of ['neck', 'rg', 'area', 'rotation']) {
    const n = await page.evaluate((k) => window.nanocoalesce.chartPoints(k), key);
    assert(n === 11, `chart ${key} has ${n} points`);
  }
  const fit = await page.evaluate(() => window.nanocoalesce.fit());
  assert(fit && fit.neck && fit.neck.points >= 3 && fit.neck.exponent > 0, `neck fit ${JSON.stringify(fit)}`);
  // The neck's local exponent d ln r / d ln t: one point per 7-point window since contact.
  await page.evaluate(() => window.nanocoalesce.step(1000));
  await page.evaluate(() => window.nanocoalesce.fit());
  const since = (await page.evaluate(() => window.nanocoalesce.analysis())).rows.filter((r) => r.neck_radius_A > 0).length;
  const nLocal = await page.evaluate(() => window.nanocoalesce.chartPoints('necklocal'));
  assert(since >= 10 && nLocal > 0 && nLocal <= since - 6, `${nLocal} local exponents for ${since} rows with a neck`);
  const g = await page.evaluate(() => window.nanocoalesce.rdf());
  const peak = g.r[g.total.indexOf(Math.max(...g.total))];
  assert(Math.abs(peak - 2.88) < 0.2, `g(r) first peak at ${peak} Å`);
  const x = await page.evaluate(() => window.nanocoalesce.xrd());
  const main = x.two_theta[x.intensity.indexOf(Math.max(...x.intensity.filter((_, i) => x.two_theta[i] > 30)))];
  assert(Math.abs(main - 38.2) < 1.5, `main XRD peak at ${main}°`);
  const title = await page.textContent('[data-key=xrd] .u-title');
  assert(title.includes('Scherrer size'), `XRD title '${title}'`);
  await page.screenshot({ path: path.join(OUT, 'analysis.png'), fullPage: true });
  await page.close();
});

await check('a heating ramp (T → T1) charts its caloric curve with the melting point the CLI finds', async () => {
  const link = 'v=1&a=Au:2:sphere&T=500&T1=1400&thermo=langevin&tau=0.5&steps=4000&every=20&seed=1';
  const dir = path.join(OUT, 'cli-ramp');
  fs.rmSync(dir, { recursive: true, force: true });
  const bin = path.join(ROOT, 'target/release/nanocoalesce');
  execFileSync(bin, ['run', '--link', link, '--out', dir, '--observables', 'none']);
  const cli = spawnSync(bin, ['caloric', path.join(dir, 'observables.csv')]).stderr.toString();
  const page = await open(`${base(plain)}/?${link}`);
  await page.evaluate(() => window.nanocoalesce.step(4000));
  const c = await page.evaluate(() => window.nanocoalesce.caloric());
  assert(c && c.melting_point > 500 && c.melting_point < 1400, `caloric ${JSON.stringify(c)}`);
  const title = await page.textContent('[data-key=caloric] .u-title');
  assert(title.includes(`melting point ${c.melting_point.toFixed(0)} K`), `caloric title '${title}'`);
  assert(cli.includes(`melting point ${c.melting_point.toFixed(0)} K`), `CLI says '${cli}', page ${c.melting_point} K`);
  await page.close();
});

await check('MD + MC: swaps run in the page, are charted, and match the CLI bit for bit', async () => {
  const link = 'v=1&a=Au~0.5,Ag~0.5:2:sphere&T=700&seed=6&mc=10:100';
  const cli = execFileSync(path.join(ROOT, 'target/release/nanocoalesce'), ['run', '--link', link, '--steps', '100'])
    .toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  const page = await open(`${base(plain)}/?${link}`);
  assert((await page.inputValue('#mode')) === 'mdmc', 'the panel shows MD + MC mode');
  assert(await page.isVisible('#mc-every') && await page.isVisible('#thermo'), 'MD + MC panel shows the swap and MD fields');
  const st = await page.evaluate(() => window.nanocoalesce.step(100));
  assert(st.positions_sha256 === cli, `page ${st.positions_sha256} != CLI ${cli}`);
  assert(st.swap_acceptance > 0 && st.swap_acceptance < 1, `acceptance ${st.swap_acceptance}`);
  const n = await page.evaluate(() => window.nanocoalesce.chartPoints('acceptance'));
  assert(n >= 2, `acceptance chart has ${n} points`);
  await page.close();
});

await check('live steering: a T jump, a ramp and the thermostat switched off while running give a link the CLI replays to the same positions; Space plays, → steps', async () => {
  const link = 'v=1&a=Au:1.6:sphere&b=Au:1.6:sphere&gap=4&T=600&thermo=csvr&seed=7&steps=400&every=50';
  const page = await open(`${base(isolated)}/?${link}`);
  assert(await page.isVisible('#steer'), 'the live controls are shown for MD');
  let st = await page.evaluate(() => window.nanocoalesce.step(60));
  // A jump through the controls: type 900 K, Set T.
  await page.fill('#steer-t', '900');
  await page.fill('#steer-over', '0');
  await page.click('#steer-set');
  await page.waitForFunction(() => location.search.includes('ev=60:T:900'));
  // Play for a while (the change lands at whatever step the engine is at), then a ramp and NVE.
  await page.evaluate(() => window.nanocoalesce.step(60));
  await page.fill('#steer-t', '400');
  await page.fill('#steer-over', '80');
  await page.click('#steer-set');
  await page.waitForFunction(() => location.search.includes('120:ramp:400:80'));
  await page.evaluate(() => window.nanocoalesce.step(40));
  st = await page.evaluate(() => window.nanocoalesce.state());
  assert(Math.abs(st.target_temperature - 650) < 1e-9, `target halfway down the ramp: ${st.target_temperature}`);
  assert((await page.textContent('#steer-now')).includes('650 K'), 'the read-out shows the target');
  await page.evaluate(() => window.nanocoalesce.step(40));
  await page.selectOption('#steer-thermo', 'none');
  await page.waitForFunction(() => location.search.includes('200:thermostat:none'));
  // Space plays and pauses (focus on the page, not a field), → steps.
  await page.click('header h1');
  await page.keyboard.press('Space');
  assert((await page.textContent('#play')) === 'Pause', 'Space starts the run');
  await page.keyboard.press('Space');
  assert((await page.textContent('#play')) === 'Play', 'Space pauses it');
  st = await page.evaluate(() => window.nanocoalesce.state());
  const before = st.step;
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => window.nanocoalesce.state().then((s) => s.step > b), before);
  // Run to the end and compare with the CLI's replay of the link.
  st = await page.evaluate(() => window.nanocoalesce.state());
  st = await page.evaluate((n) => window.nanocoalesce.step(n), 400 - st.step);
  assert(st.step === 400 && st.thermostat === 'none', `end: step ${st.step}, thermostat ${st.thermostat}`);
  const steeredLink = new URL(await page.evaluate(() => window.nanocoalesce.link())).search.slice(1);
  const ev = new URLSearchParams(steeredLink).get('ev');
  assert(ev.startsWith('60:T:900,120:ramp:400:80,200:thermostat:none'), `events ${ev}`);
  const cli = execFileSync(path.join(ROOT, 'target/release/nanocoalesce'), ['run', '--link', steeredLink])
    .toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  assert(st.positions_sha256 === cli, `page ${st.positions_sha256} != CLI replay ${cli} of ${steeredLink}`);
  // A change past the end is refused with a message; the run and its link are kept.
  await page.fill('#steer-t', '500');
  await page.click('#steer-set');
  await page.waitForSelector('#error:not([hidden])');
  assert((await page.textContent('#error')).includes('end of the run'), await page.textContent('#error'));
  assert(new URL(await page.evaluate(() => window.nanocoalesce.link())).search.slice(1) === steeredLink, 'link kept');
  await page.screenshot({ path: path.join(OUT, 'steer.png') });
  await page.close();
});

await check('the view and its outputs: charts that fit the run and a picker for the rest; scale bar, clock and legend over the view and in the screenshot; a WebM movie; copy link', async () => {
  const page = await open(`${base(isolated)}/?${LINK}`);
  const shown = () => page.evaluate(() => [...document.querySelectorAll('#charts .chart')].filter((d) => !d.hidden).map((d) => d.dataset.key));
  // Plain MD of one element: no swap or surface-composition chart; the default set above the fold.
  let keys = await shown();
  assert(!keys.includes('acceptance') && !keys.includes('surface') && ['temperature', 'neck', 'com'].every((k) => keys.includes(k)), `MD charts ${keys}`);
  const neck = await page.evaluate(() => document.querySelector('.chart[data-key=neck]').getBoundingClientRect().bottom);
  assert(neck <= 800, `the neck chart ends at ${neck} px (below the fold)`);
  // The picker shows a hidden chart and hides a shown one.
  assert(!keys.includes('rg'), 'Rg is in the picker, not shown by default');
  await page.click('#chart-picker summary');
  await page.check('#chart-picker input[data-key=rg]');
  await page.uncheck('#chart-picker input[data-key=com]');
  keys = await shown();
  assert(keys.includes('rg') && !keys.includes('com'), `after picking: ${keys}`);
  // An alloy with swaps: the swap acceptance and surface composition charts appear.
  await page.evaluate(() => window.nanocoalesce.load('v=1&a=Au~0.5,Ag~0.5:2:sphere&T=700&seed=6&mc=10:100'));
  keys = await shown();
  assert(keys.includes('acceptance') && keys.includes('surface') && keys.includes('rg'), `MD + MC alloy charts ${keys} (the user's picks are kept)`);
  const all = await page.evaluate(() => [...document.querySelectorAll('#charts .chart')].map((d) => d.dataset.key));
  assert(!all.includes('neck') && !all.includes('neckfit') && !all.includes('rotation'), `one particle: no two-particle charts (${all})`);
  await page.evaluate(() => window.nanocoalesce.step(100));
  await page.waitForTimeout(200);
  // Overlay: clock, scale bar, legend with both elements.
  assert((await page.textContent('.ov-clock')).includes('ps'), 'clock');
  const legend = await page.textContent('.ov-legend');
  assert(legend.includes('Au') && legend.includes('Ag'), `legend '${legend}'`);
  await page.evaluate(() => window.nanocoalesce.colour('cna'));
  assert((await page.textContent('.ov-legend')).includes('FCC'), 'CNA legend');
  const bar = await page.evaluate(() => window.nanocoalesce.scaleBar());
  assert(bar && bar.nm > 0 && bar.px > 20, `scale bar ${JSON.stringify(bar)}`);
  // The screenshot carries the bar: a white row at its place, bottom left (the raw view is dark there).
  const white = await page.evaluate(async (b) => {
    const { g, img } = await window.screenshotCanvas();
    const dpr = img.width / document.getElementById('atoms').clientWidth;
    const y = Math.round(img.height - 20 * dpr);
    const d = g.getImageData(Math.round(12 * dpr), y, Math.round((b.px - 4) * dpr), 1).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240) n++;
    return n / (d.length / 4);
  }, bar);
  assert(white > 0.95, `the screenshot's scale bar row is ${(100 * white).toFixed(0)} % white`);
  // A movie of the running view: WebM (EBML header 1A 45 DF A3), not empty.
  await page.evaluate(() => window.nanocoalesce.play());
  const mv = await page.evaluate(() => window.nanocoalesce.movie(1500));
  await page.evaluate(() => window.nanocoalesce.pause());
  assert(mv.size > 1000 && mv.type === 'video/webm' && JSON.stringify(mv.head) === JSON.stringify([0x1a, 0x45, 0xdf, 0xa3]), `movie ${JSON.stringify(mv)}`);
  // The Download menu opens and lists every output; Copy link copies the share link.
  await page.click('#downloads summary');
  for (const id of ['screenshot', 'moviebtn', 'csv', 'acsv', 'xyz', 'deckbtn']) assert(await page.isVisible(`#${id}`), `Download menu: ${id}`);
  await page.click('#downloads summary');
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base(isolated) });
  await page.click('#copylink');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert(copied === await page.inputValue('#sharelink') && copied.includes('mc=10:100'), `copied '${copied}'`);
  await page.screenshot({ path: path.join(OUT, 'view-outputs.png') });
  await page.close();
});

await check('timeline: the page keeps the frames it computed; scrubbing back shows an earlier frame (pixels differ, the step read-out matches), with CNA colours of that frame; Play returns to live', async () => {
  const link = 'v=1&a=Au:2:sphere&b=Au:2:sphere&gap=4&T=900&seed=3&every=50';
  const page = await open(`${base(isolated)}/?${link}`);
  for (let k = 0; k < 8; k++) await page.evaluate(() => window.nanocoalesce.step(50));
  const n = await page.evaluate(() => window.nanocoalesce.timelineLength());
  assert(n === 9, `${n} frames recorded (steps 0, 50, …, 400)`);
  await page.waitForTimeout(200);
  const pixels = () => page.evaluate(async () => {
    const { g, img } = await window.screenshotCanvas();
    return Array.from(g.getImageData(0, 0, img.width, img.height).data.filter((_, i) => i % 16 === 0));
  });
  const liveImg = await pixels();
  const step = await page.evaluate(() => window.nanocoalesce.scrub(1));
  assert(step === 50, `frame 1 is step ${step}`);
  const label = await page.textContent('#timeline-at');
  assert(label.startsWith('step 50') && label.includes('of 400'), `read-out '${label}'`);
  await page.waitForTimeout(200);
  const pastImg = await pixels();
  let diff = 0;
  for (let i = 0; i < liveImg.length; i++) if (Math.abs(liveImg[i] - pastImg[i]) > 30) diff++;
  assert(diff > liveImg.length * 0.01, `scrubbed view differs in ${diff} of ${liveImg.length} samples`);
  assert((await page.textContent('.ov-clock')).includes('t = 0.10 ps'), `clock of the past frame: ${await page.textContent('.ov-clock')}`);
  // CNA colouring of the past frame: computed for that frame's positions.
  await page.selectOption('#colour', 'cna');
  await page.waitForTimeout(300);
  assert((await page.textContent('#timeline-at')).startsWith('step 50'), 'still on the past frame after recolouring');
  // The slider drives it too; Play goes back to live.
  await page.fill('#timeline', '0');
  await page.dispatchEvent('#timeline', 'input');
  await page.waitForFunction(() => document.getElementById('timeline-at').textContent.startsWith('step 0'));
  await page.click('#play');
  await page.waitForFunction(() => document.getElementById('timeline-at').textContent === 'live');
  // The memory budget holds: with room for 10 frames, 1000 frames keep the first, the last and an
  // even, coarser spacing of the whole run, within the budget.
  const thin = await page.evaluate(async () => {
    const { Timeline } = await import('./www/timeline.js');
    const frame = 3 * 4 * 1000; // 1000 atoms, x y z as f32
    const t = new Timeline(10 * frame);
    t.reset(0);
    for (let k = 1; k <= 1000; k++) t.push({ step: k, state: {}, positions: new Float32Array(3000) });
    const steps = t.frames.map((f) => f.step);
    const gaps = steps.slice(1, -1).map((s, i) => s - steps[i]);
    return { bytes: t.bytes, n: t.length, first: steps[0], last: steps[steps.length - 1], even: gaps.every((g) => g === gaps[0]), gaps, sorted: steps.every((s, i) => i === 0 || s > steps[i - 1]) };
  });
  assert(thin.bytes <= 10 * 12000 && thin.n <= 10 && thin.n >= 5 && thin.first === 1 && thin.last === 1000 && thin.sorted && thin.even, `thinning ${JSON.stringify(thin)}`);
  // The charts hold theirs too: 50,000 rows (a long run) keep at most MAX_ROWS rows and 1500
  // points per chart, evenly spaced over the whole run, the newest included.
  const charts = await page.evaluate(async () => {
    const { Charts, MAX_ROWS } = await import('./www/charts.js');
    const div = document.createElement('div');
    document.body.appendChild(div);
    const c = new Charts(div, [{ key: 'x', label: 'x', column: 1 }], 0);
    for (let k = 0; k < 50000; k++) c.push([k * 0.01, Math.sin(k)], 1);
    c.redraw();
    const t = c.rows.map((r) => r[0]);
    const gaps = t.slice(1, -1).map((v, i) => Math.round((v - t[i]) * 100));
    div.remove();
    return { rows: c.rows.length, max: MAX_ROWS, points: c.points('x'), first: t[0], last: t[t.length - 1], even: gaps.every((g) => g === gaps[0]) };
  });
  assert(charts.rows <= charts.max && charts.rows > charts.max / 2 && charts.points <= 1500 && charts.points > 700 && charts.first === 0 && Math.abs(charts.last - 499.99) < 1e-9 && charts.even, `charts ${JSON.stringify(charts)}`);
  await page.click('#play');
  await page.screenshot({ path: path.join(OUT, 'timeline.png') });
  await page.close();
});

await check('potentials and integrators: an LJ, a Johnson (Fe) and a leapfrog link and a user potential file run in the page like the CLI; a bad file is refused and the run kept; the LAMMPS deck downloads as a tar', async () => {
  const bin = path.join(ROOT, 'target/release/nanocoalesce');
  const cliHash = (link) => execFileSync(bin, ['run', '--link', link, '--steps', '100']).toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  const lj = 'v=1&a=Au:2:sphere&b=Au:2:sphere&gap=4&T=600&seed=5&pot=lj';
  const page = await open(`${base(plain)}/?${lj}`);
  assert((await page.inputValue('#pot')) === 'lj', 'the panel shows the LJ potential');
  assert(page.url().includes('pot=lj'), `the share link keeps pot=lj: ${page.url()}`);
  let st = await page.evaluate(() => window.nanocoalesce.step(100));
  assert(st.positions_sha256 === cliHash(lj), 'LJ: page and CLI hashes differ');
  // Johnson's iron potential, from a link: the same run as the CLI's.
  const johnson = 'v=1&a=Fe:2:sphere&b=Fe:2:sphere&gap=3&T=300&seed=5&pot=johnson';
  await page.evaluate((l) => window.nanocoalesce.load(l), johnson);
  assert((await page.inputValue('#pot')) === 'johnson', 'the panel shows the Johnson potential');
  const jst = await page.evaluate(() => window.nanocoalesce.step(100));
  assert(jst.positions_sha256 === cliHash(johnson), 'Johnson: page and CLI hashes differ');
  // The leapfrog integrator (the integrators preset), from a link: the panel shows it, the same run as the CLI's.
  const leapfrog = 'v=1&a=Au:2:sphere&b=Au:2:sphere&gap=3&T=600&thermo=none&int=leapfrog&every=5&seed=7';
  await page.evaluate((l) => window.nanocoalesce.load(l), leapfrog);
  assert((await page.inputValue('#integrator')) === 'leapfrog', 'the panel shows the leapfrog integrator');
  assert((await page.inputValue('#sharelink')).includes('int=leapfrog'), 'the share link keeps int=leapfrog');
  const lst = await page.evaluate(() => window.nanocoalesce.step(100));
  assert(lst.positions_sha256 === cliHash(leapfrog), 'leapfrog: page and CLI hashes differ');
  await page.evaluate((l) => window.nanocoalesce.load(l), lj);
  st = await page.evaluate(() => window.nanocoalesce.step(100));
  // A malformed file: a message naming it, and the LJ run goes on untouched.
  const bad = await page.evaluate(() => window.nanocoalesce.loadPotentialFile('broken.eam.alloy', 'a\nb\nc\n2 Au\n').then(() => 'accepted', (e) => e.message));
  assert(bad.includes('broken.eam.alloy') && bad.includes('line 4'), `bad file message: ${bad}`);
  const after = await page.evaluate(() => window.nanocoalesce.state());
  assert(after.positions_sha256 === st.positions_sha256 && after.step === 100, 'the run survived the bad file');
  // The Zhou Au-Ag tables as a user file give exactly the built-in Zhou run.
  const file = path.join(OUT, 'AuAg.eam.alloy');
  execFileSync(bin, ['potential', 'zhou', 'Au', 'Ag', '-o', file]);
  const desc = await page.evaluate(([n, t]) => window.nanocoalesce.loadPotentialFile(n, t), ['AuAg.eam.alloy', fs.readFileSync(file, 'utf8')]);
  assert(desc.includes('eam/alloy Au Ag'), `description: ${desc}`);
  const zhou = 'v=1&a=Au:2:sphere&b=Ag:2:sphere&gap=4&T=600&seed=5';
  await page.evaluate((l) => window.nanocoalesce.load(l), zhou);
  const s = await page.evaluate(() => window.nanocoalesce.scenario());
  s.potential = { kind: 'setfl', file: 'AuAg.eam.alloy' };
  await page.evaluate((sc) => window.nanocoalesce.load(sc), s);
  assert((await page.inputValue('#pot')) === 'file:AuAg.eam.alloy', 'the panel shows the file');
  assert((await page.inputValue('#sharelink')).startsWith('no share link'), 'no share link for a file potential');
  st = await page.evaluate(() => window.nanocoalesce.step(100));
  assert(st.positions_sha256 === cliHash(zhou), 'user setfl run differs from the built-in Zhou run');
  // The LAMMPS deck of this scenario.
  const b64 = await page.evaluate(async () => {
    const bytes = await window.nanocoalesce.lammpsDeck();
    let s = '';
    for (let i = 0; i < bytes.length; i += 32768) s += String.fromCharCode(...bytes.subarray(i, i + 32768));
    return btoa(s);
  });
  const tar = path.join(OUT, 'deck.tar');
  fs.writeFileSync(tar, Buffer.from(b64, 'base64'));
  const list = execFileSync('tar', ['-tf', tar]).toString();
  for (const f of ['in.coalesce', 'atoms.data', 'AuAg.eam.alloy', 'scenario.json', 'README.md']) {
    assert(list.includes(`nanocoalesce-deck/${f}`), `deck lacks ${f}: ${list}`);
  }
  const input = execFileSync('tar', ['-xOf', tar, 'nanocoalesce-deck/in.coalesce']).toString();
  assert(input.includes('pair_style eam/alloy') && input.includes('run 100000'), `in.coalesce:\n${input}`);
  await page.close();
});

await check('arrangements: a tetrahedron and a random packing from links run in the page like the CLI; the panel shows the arrangement and the particles past B; a wrong particle count is refused with the run kept', async () => {
  const bin = path.join(ROOT, 'target/release/nanocoalesce');
  const cliHash = (link) => execFileSync(bin, ['run', '--link', link, '--steps', '50']).toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  const tetra = 'v=2&a=Ag:2:sphere&b=Ag:2:sphere&c=Ag:2:sphere&d=Ag:2:sphere&gap=3&arr=tetrahedron&T=600&seed=42';
  const page = await open(`${base(isolated)}/?${tetra}`);
  assert((await page.inputValue('#arr')) === 'tetrahedron', 'the panel shows the tetrahedron');
  assert(!(await page.isVisible('#arr-box')), 'no box for a tetrahedron');
  const more = await page.textContent('#more-particles');
  assert((await page.isVisible('#more-particles')) && more.includes('2 more particles'), `more particles: ${more}`);
  assert((await page.inputValue('#sharelink')).includes('arr=tetrahedron'), 'the share link keeps arr=tetrahedron');
  let st = await page.evaluate(() => window.nanocoalesce.step(50));
  assert(st.n_atoms > 0 && st.positions_sha256 === cliHash(tetra), 'tetrahedron: page and CLI hashes differ');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUT, 'tetrahedron.png') });
  // A triangle of four particles: refused by name, and the tetrahedron run stays.
  await page.selectOption('#arr', 'triangle');
  await page.click('#apply');
  await page.waitForSelector('#error:not([hidden])');
  const err = await page.textContent('#error');
  assert(err.includes('triangle takes 3 particles'), `error: ${err}`);
  assert((await page.evaluate(() => window.nanocoalesce.state())).positions_sha256 === st.positions_sha256, 'the run survived the refusal');
  // A random packing of five particles in a 90 Å box.
  const random = 'v=2&a=Au:2:sphere&b=Ag:2:sphere&c=Au:1.5:icosahedron&d=Ag:1.5:sphere&e=Au:2:cuboctahedron&gap=3&arr=random:90&T=500&seed=7';
  await page.evaluate((l) => window.nanocoalesce.load(l), random);
  assert((await page.inputValue('#arr')) === 'random' && (await page.isVisible('#arr-box')) && (await page.inputValue('#arr-box')) === '90', 'the panel shows the random packing and its box');
  st = await page.evaluate(() => window.nanocoalesce.step(50));
  assert(st.positions_sha256 === cliHash(random), 'random packing: page and CLI hashes differ');
  await page.close();
});

await check('a support: the carbon-like wall from a link runs in the page like the CLI (and LAMMPS: see tests/lammps_validation.rs), is drawn as a floor under the atoms, and its energy and contact angle are charted', async () => {
  const bin = path.join(ROOT, 'target/release/nanocoalesce');
  const link = 'v=2&a=Ag:2.5:sphere&b=Au:2.5:sphere&gap=2.5&sup=lj93&T=600&thermo=nose-hoover&seed=1';
  const cli = execFileSync(bin, ['run', '--link', link, '--steps', '200']).toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  const page = await open(`${base(isolated)}/?${link}`);
  assert((await page.inputValue('#sup')) === 'lj93', 'the panel shows the support');
  const st = await page.evaluate(() => window.nanocoalesce.step(200));
  assert(st.positions_sha256 === cli, `page ${st.positions_sha256} != CLI ${cli}`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, 'support.png') });
  const floor = await canvasFraction(page, 'floor');
  assert(floor > 0.05, `the floor covers ${(100 * floor).toFixed(1)} % of the view`);
  for (const key of ['support', 'contact']) assert(await page.isVisible(`.chart[data-key=${key}]`) || (await page.$(`.chart[data-key=${key}]`)), `chart ${key}`);
  const pts = await page.evaluate(() => window.nanocoalesce.chartPoints('support'));
  assert(pts >= 2, `support chart points ${pts}`);
  await page.screenshot({ path: path.join(OUT, 'support.png') });
  // Without the support: no floor.
  await page.evaluate((l) => window.nanocoalesce.load(l), link.replace('&sup=lj93', '').replace('v=2', 'v=1'));
  await page.waitForTimeout(400);
  const none = await canvasFraction(page, 'floor');
  assert(none < 0.01, `no support, yet ${(100 * none).toFixed(1)} % floor-coloured`);
  assert((await page.inputValue('#sup')) === 'none', 'the panel shows no support');
  await page.close();
});

await check('a crystalline substrate: a Cu(001) slab from a link runs in the page like the CLI (and LAMMPS), its atoms drawn under the particle, the misorientation charted; the menu sets and clears it', async () => {
  const bin = path.join(ROOT, 'target/release/nanocoalesce');
  const link = 'v=2&a=Cu:1.5:sphere:0,20,0&sup=slab:Cu:fcc001&T=700&thermo=nose-hoover&seed=1&every=50';
  const cli = execFileSync(bin, ['run', '--link', link, '--steps', '100']).toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  const page = await open(`${base(isolated)}/?${link}`);
  assert((await page.inputValue('#sup')) === 'slab:Cu:fcc001', 'the panel shows the substrate');
  const st = await page.evaluate(() => window.nanocoalesce.step(100));
  assert(st.positions_sha256 === cli, `page ${st.positions_sha256} != CLI ${cli}`);
  assert(st.n_atoms > 1000, `particle and slab: ${st.n_atoms} atoms`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, 'substrate.png') });
  assert(await page.$('.chart[data-key=epitaxy]'), 'the misorientation chart');
  assert(!(await page.$('.chart[data-key=support]')), 'no metal–support energy chart on a crystal');
  const pts = await page.evaluate(() => window.nanocoalesce.chartPoints('epitaxy'));
  assert(pts >= 2, `epitaxy chart points ${pts}`);
  assert((await page.inputValue('#sharelink')).includes('sup=slab:Cu:fcc001'), 'the share link keeps the substrate');
  // The menu: Au(111) under the same particle, then none.
  await page.selectOption('#sup', 'slab:Au:fcc111');
  await page.click('#apply');
  await page.waitForFunction(() => document.querySelector('#sharelink').value.includes('sup=slab:Au:fcc111'));
  await page.selectOption('#sup', 'none');
  await page.click('#apply');
  await page.waitForFunction(() => !document.querySelector('#sharelink').value.includes('sup='));
  assert((await page.evaluate(() => window.nanocoalesce.state())).n_atoms < 200, 'the free particle alone');
  await page.close();
});

await check('a press: Cu particles between Cu(001) plates at 20 kbar from a link run in the page like the CLI, the plate coloured and the density charted; the Press field clears and sets it', async () => {
  const bin = path.join(ROOT, 'target/release/nanocoalesce');
  const link = 'v=2&a=Cu:1.5:sphere&b=Cu:1.5:sphere&gap=3&sup=slab:Cu:fcc001:4:2&press=20000&T=600&thermo=nose-hoover&seed=1&every=50';
  const cli = execFileSync(bin, ['run', '--link', link, '--steps', '100']).toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  const page = await open(`${base(isolated)}/?${link}`);
  assert((await page.inputValue('#press')) === '20000', 'the panel shows the pressure');
  const st = await page.evaluate(() => window.nanocoalesce.step(100));
  assert(st.positions_sha256 === cli, `page ${st.positions_sha256} != CLI ${cli}`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, 'press.png') });
  assert(await page.$('.chart[data-key=press]'), 'the relative density chart');
  assert(await page.$('.chart[data-key=plates]'), 'the plate gap chart');
  const pts = await page.evaluate(() => window.nanocoalesce.chartPoints('press'));
  assert(pts >= 2, `press chart points ${pts}`);
  const legend = await page.textContent('#overlay');
  assert(legend.includes('upper plate') && legend.includes('lower plate'), `legend: ${legend}`);
  assert((await page.inputValue('#sharelink')).includes('press=20000'), 'the share link keeps the press');
  // The field: no press (the plate goes), then 5000 bar.
  await page.fill('#press', '');
  await page.click('#apply');
  await page.waitForFunction(() => !document.querySelector('#sharelink').value.includes('press='));
  await page.waitForFunction(() => !document.querySelector('#overlay').textContent.includes('upper plate'));
  assert(!(await page.$('.chart[data-key=press]')), 'no press chart without a press');
  await page.fill('#press', '5000');
  await page.click('#apply');
  await page.waitForFunction(() => document.querySelector('#sharelink').value.includes('press=5000'));
  // A press without a crystal is refused with a message, the run kept.
  await page.selectOption('#sup', 'none');
  await page.click('#apply');
  await page.waitForFunction(() => /needs a crystalline substrate/.test(document.body.textContent));
  assert((await page.inputValue('#sharelink')).includes('press=5000'), 'the run in place is kept');
  await page.close();
});

await check('a bulk crystal under a barostat: an NPT link runs in the page like the CLI, its box scales, the lattice constant and pressure are charted; the panel edits the crystal and the barostat', async () => {
  const bin = path.join(ROOT, 'target/release/nanocoalesce');
  const link = 'v=3&bulk=Cu~1,Ni~1:fcc:4&baro=0:0.5:aniso&T=600&thermo=nose-hoover&seed=2&every=50';
  const cli = execFileSync(bin, ['run', '--link', link, '--steps', '200']).toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  const page = await open(`${base(isolated)}/?${link}`);
  assert(!(await page.isHidden('#bulk-row')) && (await page.isHidden('#a-row')) && (await page.isHidden('#gap')), 'the panel shows the crystal, not particles');
  assert((await page.inputValue('#baro')) === '0' && (await page.inputValue('#bulk-n')) === '4', 'the panel shows the barostat and the cells');
  const st = await page.evaluate(() => window.nanocoalesce.step(200));
  assert(st.positions_sha256 === cli, `page ${st.positions_sha256} != CLI ${cli}`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, 'bulk-npt.png') });
  assert(await page.$('.chart[data-key=lattice]:not([hidden])'), 'the lattice constant chart shows');
  assert(await page.$('.chart[data-key=pressure]:not([hidden])'), 'the pressure chart shows');
  assert(!(await page.$('.chart[data-key=neck]')), 'no neck chart for a crystal');
  assert(await page.evaluate(() => window.nanocoalesce.chartPoints('lattice')) >= 2, 'lattice chart points');
  // The panel: 5 cells of pure Ni at 20 kbar.
  await page.selectOption('#bulk-el', 'Ni');
  await page.fill('#bulk-n', '5');
  await page.fill('#baro', '20000');
  await page.click('#apply');
  await page.waitForFunction(() => document.querySelector('#sharelink').value.includes('baro=20000:0.5:aniso'));
  // The element select edits a pure crystal only: this alloy keeps its chemistry.
  const share = await page.inputValue('#sharelink');
  assert(share.includes('bulk=Cu~1,Ni~1:fcc:5x5x5'), share);
  // A barostat with a thermostat it cannot use is refused with a message, the run kept.
  await page.selectOption('#thermo', 'csvr');
  await page.click('#apply');
  await page.waitForFunction(() => /works with the Nosé–Hoover thermostat/.test(document.body.textContent));
  assert((await page.inputValue('#sharelink')).includes('baro=20000'), 'the run in place is kept');
  await page.close();
});

await check('kMC mode: a kMC link runs neck growth in the page, draws the lattice atoms and the log-log neck chart, and matches the CLI; rejection kMC reports its rejected attempts', async () => {
  const link = 'v=1&kmc=neck&r=1&T=700&seed=1&events=30000';
  const cli = execFileSync(path.join(ROOT, 'target/release/nanocoalesce'), ['kmc-neck', '--link', link, '--events', '30000'], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  const page = await open(`${base(isolated)}/?${link}`);
  const s0 = await page.evaluate(() => window.nanocoalesce.state());
  assert(s0.mode === 'kmc' && s0.n_atoms === 531, `state ${JSON.stringify(s0)}`);
  // The page samples the neck at the run's log-spaced event counts (as the CLI does), whatever
  // the steps it is driven in.
  let st = null;
  for (let k = 0; k < 6; k++) st = await page.evaluate(() => window.nanocoalesce.step(5000));
  assert(st.step === 30000, `events ${st.step}`);
  assert(st.positions_sha256 === cli, `page ${st.positions_sha256} != CLI ${cli}`);
  assert(st.neck_radius > 0 && st.time_s > 0, `neck ${st.neck_radius} Å at ${st.time_s} s`);
  const title = await page.textContent('[data-key=kmcneck] .u-title');
  assert(title.includes('kMC neck growth r ∝ t^'), `neck chart title '${title}'`);
  // The local exponent d ln r / d ln t is charted and equals the CLI's local_exponent.csv; a fit
  // window typed in the page gives the CLI's --fit-from/--fit-to fit; a bad window says why.
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmc-'));
  const table = await page.evaluate(() => window.nanocoalesce.analysis());
  execFileSync(path.join(ROOT, 'target/release/nanocoalesce'), ['kmc-neck', '--link', link, '--events', '30000', '--out', outDir], { stdio: 'ignore' });
  const csvLocal = fs.readFileSync(path.join(outDir, 'local_exponent.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  assert(csvLocal.length > 5 && table.local.length === csvLocal.length
    && table.local.every((e, k) => e.t === csvLocal[k][0] && e.exponent === csvLocal[k][1]), `local exponents page ${JSON.stringify(table.local)} vs CLI ${JSON.stringify(csvLocal)}`);
  assert(await page.evaluate(() => window.nanocoalesce.chartPoints('kmclocal')) === csvLocal.length, 'local exponent chart points');
  const pts = table.rows.filter((s) => s.time_s > 0 && s.radius > 0);
  const [from, to] = [pts[2].time_s, pts[pts.length - 3].time_s];
  const pageFit = await page.evaluate(([a, b]) => window.nanocoalesce.fitWindow(String(a), String(b)), [from, to]);
  const cliFit = spawnSync(path.join(ROOT, 'target/release/nanocoalesce'), ['kmc-neck', '--link', link, '--events', '30000', '--fit-from', String(from), '--fit-to', String(to)], { encoding: 'utf8' }).stderr;
  const m = cliFit.match(/t\^([-0-9.]+) .*R² ([0-9.]+), (\d+) samples/);
  assert(m && pageFit && pageFit.exponent.toFixed(4) === m[1] && pageFit.points === Number(m[3]) && pageFit.points === pts.length - 4,
    `page fit ${JSON.stringify(pageFit)} vs CLI '${cliFit}'`);
  assert((await page.textContent('[data-key=kmcneck] .u-title')).includes('your window'), 'title says the fit is over the user window');
  assert(await page.evaluate(() => window.nanocoalesce.fitWindow('1e-3', '1e-4')) === null
    && (await page.textContent('.fit-window output')).includes('before'), 'reversed window is refused with a reason');
  assert(await page.evaluate(() => window.nanocoalesce.fitWindow('abc', '')) === null
    && (await page.textContent('.fit-window output')).includes('numbers'), 'non-numeric window is refused with a reason');
  const back = await page.evaluate(() => window.nanocoalesce.fitWindow('', ''));
  assert(back && back.exponent === table.fit.exponent, 'blank window returns to the default fit');
  // The log–log axes label times of 1e-5 s as such, not as 0.
  const labels = await page.evaluate(async () => {
    const { tickLabel, logTickLabels } = await import('./www/charts.js');
    return [[2e-5, 0.5, 3e6, null].map(tickLabel),
      logTickLabels([1e-5, 2e-5, 3e-5, 5e-5, 1e-4, 2e-4, null]),
      logTickLabels([6, 7, 8, 9, 10, 20]),
      logTickLabels([6, 7, 8, 9, 10]),
      logTickLabels([0.2, 0.5, 1, 2, 5, 10, 20, 50, 100])];
  });
  const want = [['2e-5', '0.5', '3e6', ''], ['1e-5', '', '', '', '1e-4', '', ''], ['', '', '', '', '10', '20'], ['6', '7', '8', '9', '10'],
    ['', '', '1', '', '', '10', '', '', '100']];
  assert(JSON.stringify(labels) === JSON.stringify(want), `tick labels ${JSON.stringify(labels)}`);
  await page.waitForTimeout(300);
  const lit = await atomPixels(page);
  assert(lit > 0.02, `atoms cover ${(100 * lit).toFixed(1)} % of the canvas`);
  assert((await page.textContent('#status')).includes('kinetic Monte Carlo'), 'status bar names the mode');
  for (const [sel, shown] of [['#a-d', true], ['#temp', true], ['#seed', true], ['#b-row', false], ['#thermo', false], ['#mc-every', false]]) {
    assert((await page.isVisible(sel)) === shown, `kMC panel: ${sel} should be ${shown ? 'shown' : 'hidden'}`);
  }
  await page.screenshot({ path: path.join(OUT, 'kmc.png') });
  // Faceted starts: the kMC panel offers the shapes that fit on one fcc lattice (not the twinned
  // ones), and applying a truncated octahedron runs it, as its link does in the CLI.
  const disabled = await page.$$eval('#a-shape option', (os) => os.filter((o) => o.disabled).map((o) => o.value).sort());
  assert(JSON.stringify(disabled) === JSON.stringify(['icosahedron', 'ino-decahedron', 'marks-decahedron']), `disabled kMC shapes ${disabled}`);
  await page.selectOption('#a-shape', 'truncated-octahedron');
  await page.click('#apply');
  await page.waitForFunction(() => location.search.includes('shape=truncated-octahedron'));
  const toLink = new URL(await page.evaluate(() => window.nanocoalesce.link())).search.slice(1);
  const toCli = execFileSync(path.join(ROOT, 'target/release/nanocoalesce'), ['kmc-neck', '--link', toLink, '--events', '20000'], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString().trim().split('\n');
  const toState = await page.evaluate(async () => { for (let k = 0; k < 4; k++) await window.nanocoalesce.step(5000); return window.nanocoalesce.state(); });
  assert(toState.positions_sha256 === toCli.pop().replace('positions_sha256 ', ''), 'truncated octahedra: page and CLI reach the same positions');
  // A {100} facet in contact: the neck starts facet-wide, over twice the spheres' one-site
  // neck (the CLI's first sample).
  const first = Number(toCli[1].split(',')[2]);
  const pageFirst = (await page.evaluate(() => window.nanocoalesce.analysis())).rows[0].radius;
  assert(first > 2 * s0.neck_radius && pageFirst === first, `first neck ${pageFirst} vs CLI ${first}`);
  // Rejection kMC from a link: the panel shows it, the status reports the rejected attempts as the
  // CLI does, and the positions match the CLI's.
  const rk = 'v=1&kmc=neck&r=1&T=700&eb=0.05&events=20000&seed=1&alg=rkmc';
  const rkOut = spawnSync(path.join(ROOT, 'target/release/nanocoalesce'), ['kmc-neck', '--link', rk], { encoding: 'utf8' });
  const rkCli = rkOut.stdout.trim().split('\n').pop().replace('positions_sha256 ', '');
  const rkPct = rkOut.stderr.match(/\(([0-9.]+) %\)/);
  await page.evaluate((l) => window.nanocoalesce.load(l), rk);
  assert((await page.inputValue('#kmc-alg')) === 'rkmc' && (await page.isVisible('#kmc-alg')), 'the panel shows rejection kMC');
  const rkState = await page.evaluate(async () => { for (let k = 0; k < 4; k++) await window.nanocoalesce.step(5000); return window.nanocoalesce.state(); });
  assert(rkState.positions_sha256 === rkCli, 'rejection kMC: page and CLI reach the same positions');
  assert(rkPct && Math.abs(100 * rkState.rejected_fraction - Number(rkPct[1])) < 1e-3, `rejected: page ${rkState.rejected_fraction}, CLI ${rkPct && rkPct[1]}`);
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('% of attempts rejected'));
  // At the default barriers the page refuses rejection kMC with the reason, and keeps the run.
  const refused = await page.evaluate(() => window.nanocoalesce.load('v=1&kmc=neck&r=1&T=700&seed=1&alg=rkmc').then(() => 'accepted', (e) => e.message));
  assert(refused.includes('rejection-free'), `rkMC refusal: ${refused}`);
  assert((await page.evaluate(() => window.nanocoalesce.state())).positions_sha256 === rkCli, 'the run survived the refusal');
  await page.close();
});

await check('film growth (DDA): a film link grows islands in the page, charts island density, and matches the CLI', async () => {
  const link = 'v=1&kmc=film&L=150&F=1&D=1e5&theta=0.1&seed=2';
  const cli = execFileSync(path.join(ROOT, 'target/release/nanocoalesce'), ['kmc-film', '--link', link], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString().trim().split('\n').pop().replace('positions_sha256 ', '');
  const page = await open(`${base(isolated)}/?${link}`);
  let st = await page.evaluate(() => window.nanocoalesce.state());
  assert(st.mode === 'film' && st.n_atoms === 0, `state ${JSON.stringify(st)}`);
  for (let k = 0; k < 20 && st.coverage < 0.1; k++) st = await page.evaluate(() => window.nanocoalesce.step(100000));
  assert(Math.abs(st.coverage - 0.1) < 1e-9, `coverage ${st.coverage}`);
  assert(st.positions_sha256 === cli, `page ${st.positions_sha256} != CLI ${cli}`);
  assert(st.island_density > 1e-3, `island density ${st.island_density}`);
  const title = await page.textContent('[data-key=film] .u-title');
  assert(title.includes('per site'), `chart title '${title}'`);
  await page.waitForTimeout(300);
  const lit = await atomPixels(page);
  assert(lit > 0.02, `particles cover ${(100 * lit).toFixed(1)} % of the canvas`);
  assert(!(await page.isVisible('#particles')) && !(await page.isVisible('#temp')) && await page.isVisible('#seed'), 'film panel: only the seed of the run fields');
  await page.screenshot({ path: path.join(OUT, 'film.png') });
  await page.close();
});

await check('watchdog: a worker that does not answer is reported within seconds; Stop terminates it and reloads the run, which then plays', async () => {
  const page = await open(`${base(isolated)}/?${LINK}`);
  const before = await page.evaluate(() => window.nanocoalesce.link());
  await page.evaluate(() => window.nanocoalesce.step(20));
  // The worker busy for a minute (a step that does not return).
  page.evaluate(() => window.nanocoalesce.stall(60000).catch((e) => e.message));
  const t0 = Date.now();
  await page.waitForSelector('#stall:not([hidden])', { timeout: 15000 });
  const waited = Date.now() - t0;
  assert(waited < 8000, `the notice came after ${waited} ms`);
  const text = await page.textContent('#stall-text');
  assert(/has not answered for \d+ s \(at step 20\)/.test(text), `notice '${text}'`);
  await page.screenshot({ path: path.join(OUT, 'watchdog.png') });
  await page.click('#stall-stop');
  await page.waitForFunction(() => document.querySelector('#stall').hidden && /reloaded from its start/.test(document.querySelector('#error').textContent), null, { timeout: 60000 });
  const st = await page.evaluate(() => window.nanocoalesce.state());
  assert(st.step === 0 && st.n_atoms === 1774, `after the restart: ${JSON.stringify(st)}`);
  assert(await page.evaluate(() => window.nanocoalesce.link()) === before, 'the same run (link) is loaded again');
  const after = await page.evaluate(() => window.nanocoalesce.step(10));
  assert(after.step === 10, `the fresh worker steps: ${JSON.stringify(after)}`);
  await page.close();
});

await check('a run that stops (an atom evaporates at 15000 K) says why and when; the frames so far stay in the timeline and the trajectory download', async () => {
  const link = 'v=1&a=Au:2:sphere&b=Au:2:sphere&T=15000&dt=0.02&steps=3000&every=10&seed=1';
  const cli = spawnSync(path.join(ROOT, 'target/release/nanocoalesce'), ['run', '--link', link]);
  const cliMsg = cli.stderr.toString().trim().split('\n').pop();
  assert(cli.status !== 0 && cliMsg.includes('evaporated: at step'), `CLI: ${cliMsg}`);
  const page = await open(`${base(isolated)}/?${link}`);
  await page.evaluate(() => window.nanocoalesce.play());
  await page.waitForFunction(() => !document.querySelector('#error').hidden, null, { timeout: 60000 });
  const err = await page.textContent('#error');
  // The page names the same atom and step as the CLI.
  const what = cliMsg.replace(/^error: /, '').split(';')[0];
  assert(err.startsWith(what), `page '${err}' vs CLI '${what}'`);
  assert(/The \d+ frames so far stay/.test(err), `page '${err}'`);
  assert(await page.textContent('#play') === 'Play', 'the run is stopped');
  const frames = await page.evaluate(() => window.nanocoalesce.timelineLength());
  assert(frames > 2, `${frames} frames kept`);
  const xyz = await page.evaluate(async () => { const r = await window.nanocoalesce.trajectory(); return r; });
  const steps = [...xyz.matchAll(/Step=(\d+)/g)].map((m) => Number(m[1]));
  const stopAt = Number(/at step (\d+)/.exec(err)[1]);
  assert(steps.length > 2 && Math.max(...steps) < stopAt, `trajectory steps ${steps.slice(-3)} (stopped at ${stopAt})`);
  await page.evaluate(() => window.nanocoalesce.scrub(1));
  await page.screenshot({ path: path.join(OUT, 'stopped-run.png') });
  await page.close();
});

await check('no Content-Security-Policy violations', async () => {
  assert(cspViolations.length === 0, cspViolations.slice(0, 3).join(' | '));
});

const DIST = path.join(ROOT, 'dist');
if (fs.existsSync(path.join(DIST, 'coi-sw.js'))) {
  const distServer = await serve(false, DIST);
  await check('dist/ on a host without COOP/COEP becomes isolated through its service worker and runs threaded', async () => {
    const page = await ctx.newPage();
    await page.goto(`${base(distServer)}/?${LINK}`);
    await page.waitForFunction(() => document.body.dataset.ready === '1' && self.crossOriginIsolated, null, { timeout: 120000 });
    const info = await page.evaluate(() => window.nanocoalesce.info());
    assert(info.isolated && info.parallel && info.threads >= 2, `info ${JSON.stringify(info)}`);
    const st = await page.evaluate((n) => window.nanocoalesce.step(n), STEPS);
    assert(st.positions_sha256 === cliHash, `dist hash ${st.positions_sha256}`);
    await page.close();
  });
  distServer.close();
} else {
  console.log('note: dist/ not built (scripts/build-dist.sh); its service-worker check is not run');
}

await ctx.close();
isolated.close();
plain.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
