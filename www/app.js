// The page: starts the simulation worker (threaded build when the page is cross-origin isolated,
// single-threaded otherwise), keeps the URL equal to the share link of the current scenario, draws
// atoms and charts, and exposes window.nanocoalesce (and, in embed mode, a postMessage API).
import { AtomRenderer } from './render.js';
import { Charts } from './charts.js';
import { PRESETS, DEFAULT_LINK } from './presets.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const embed = params.get('embed') === '1';
if (embed) document.body.classList.add('embed');

const isolated = self.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
const wantThreads = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));

const ui = {
  status: $('status'), error: $('error'), canvas: $('atoms'), charts: $('charts'), preset: $('preset'),
  play: $('play'), step: $('stepbtn'), reset: $('reset'), speed: $('speed'), colour: $('colour'),
  clip: $('clip'), clipAxis: $('clip-axis'), shot: $('screenshot'), csv: $('csv'), xyz: $('xyz'),
  apply: $('apply'), link: $('sharelink'),
};

/** Shows a readable message (never HTML). */
function showError(msg) {
  ui.error.textContent = msg;
  ui.error.hidden = !msg;
}

let renderer = null;
try {
  renderer = new AtomRenderer(ui.canvas);
} catch (err) {
  showError(String(err.message || err));
}
const charts = new Charts(ui.charts, [
  { key: 'temperature', label: 'Temperature (K)', column: 2, color: '#ff7b54' },
  { key: 'pe', label: 'Potential energy (eV/atom)', column: 4, perAtom: true, color: '#7bc8ff' },
  { key: 'com', label: 'Centre-of-mass distance (Å)', column: 8, color: '#9be37b' },
]);

// ---- worker protocol -------------------------------------------------------------------------
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
const waiting = new Map();
let info = { threads: 1, parallel: false, maxAtoms: 0, names: [] };
let current = null; // { scenario, link, elements, species, particles }
let lastState = null;
let playing = false;
let dirty = false;

function request(msg) {
  const id = nextId++;
  return new Promise((resolve, reject) => { waiting.set(id, { resolve, reject }); worker.postMessage({ ...msg, id }); });
}

worker.onmessage = (e) => {
  const m = e.data;
  const w = m.id ? waiting.get(m.id) : null;
  if (w) waiting.delete(m.id);
  switch (m.type) {
    case 'ready': info = m; w?.resolve(m); break;
    case 'loaded':
      current = m;
      lastState = m.state;
      charts.clear();
      charts.push(m.obs, m.state.n_atoms);
      if (renderer) {
        renderer.setAtoms(m.elements, m.species, m.particles, ui.colour.value);
        renderer.setPositions(m.positions);
        renderer.frameAtoms();
      }
      history.replaceState(null, '', `?${m.link}${embed ? '&embed=1' : ''}`);
      ui.link.value = location.href;
      fillPanel(m.scenario);
      dirty = true;
      w?.resolve(m.state);
      break;
    case 'frame':
      lastState = m.state;
      if (renderer) renderer.setPositions(m.positions);
      charts.push(m.obs, m.state.n_atoms);
      dirty = true;
      if (m.id) w?.resolve(m.state); else worker.postMessage({ type: 'ack' });
      break;
    case 'state': w?.resolve(m.state); break;
    case 'trajectory': w?.resolve(m.text); break;
    case 'link': w?.resolve(m.link); break;
    case 'error':
      showError(m.message);
      if (!m.id) { playing = false; ui.play.textContent = 'Play'; }
      w?.reject(new Error(m.message));
      break;
    default: break;
  }
};
worker.onerror = (e) => showError(`the simulation worker failed: ${e.message || 'unknown error'}`);

function updateStatus() {
  const s = lastState;
  const build = info.parallel ? `threaded build, ${info.threads} threads` : `single-threaded build${isolated ? '' : ' (page not cross-origin isolated)'}`;
  ui.status.textContent = s ? `${build} · ${s.n_atoms} atoms · step ${s.step} · ${s.time_ps.toFixed(2)} ps · ${s.temperature.toFixed(0)} K` : build;
}

function frameLoop() {
  if (dirty) {
    if (renderer) renderer.draw();
    charts.redraw();
    updateStatus();
    dirty = false;
  }
  requestAnimationFrame(frameLoop);
}

// ---- the parameter panel -----------------------------------------------------------------------
const SHAPES = ['sphere', 'cuboctahedron', 'octahedron', 'truncated-octahedron', 'icosahedron', 'ino-decahedron', 'marks-decahedron'];
const ELEMENTS = ['Au', 'Ag', 'Cu', 'Pt', 'Pd', 'Ni', 'Al', 'Pb', 'Fe', 'Co', 'Mo', 'Ta', 'W', 'Mg', 'Ti', 'Zr'];

function option(select, value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label ?? value;
  select.appendChild(o);
}

for (const p of PRESETS) option(ui.preset, p.link, p.name);
for (const key of ['a', 'b']) {
  for (const el of ELEMENTS) option($(`${key}-el`), el);
  for (const sh of SHAPES) option($(`${key}-shape`), sh);
}

function fillPanel(s) {
  const parts = s.structure.particles || [];
  ['a', 'b'].forEach((key, k) => {
    const p = parts[k];
    $(`${key}-row`).hidden = !p;
    if (!p) return;
    if (p.chemistry.kind === 'pure') $(`${key}-el`).value = p.chemistry.element;
    $(`${key}-d`).value = p.diameter_nm;
    $(`${key}-shape`).value = p.shape;
    $(`${key}-rot`).value = (p.rotation_deg || [0, 0, 0])[2];
  });
  $('gap').value = s.structure.gap_angstrom;
  $('temp').value = s.temperature_K;
  $('temp1').value = s.final_temperature_K ?? '';
  $('thermo').value = s.thermostat;
  $('dt').value = s.dt_ps;
  $('seed').value = s.seed;
}

function scenarioFromPanel() {
  const s = structuredClone(current.scenario);
  ['a', 'b'].forEach((key, k) => {
    const p = s.structure.particles[k];
    if (!p) return;
    if (p.chemistry.kind === 'pure') p.chemistry.element = $(`${key}-el`).value;
    p.diameter_nm = Number($(`${key}-d`).value);
    p.shape = $(`${key}-shape`).value;
    const r = p.rotation_deg || [0, 0, 0];
    p.rotation_deg = [r[0], r[1], Number($(`${key}-rot`).value)];
  });
  s.structure.gap_angstrom = Number($('gap').value);
  s.temperature_K = Number($('temp').value);
  const t1 = $('temp1').value.trim();
  if (t1 === '') delete s.final_temperature_K; else s.final_temperature_K = Number(t1);
  s.thermostat = $('thermo').value;
  s.dt_ps = Number($('dt').value);
  s.seed = Number($('seed').value);
  return s;
}

// ---- the public API (tests, scripts, embedding hosts) ------------------------------------------
async function load(what) {
  pause();
  showError('');
  const msg = typeof what === 'string' ? { type: 'load', link: what } : { type: 'load', scenario: JSON.stringify(what) };
  return request(msg);
}
function play() { playing = true; ui.play.textContent = 'Pause'; worker.postMessage({ type: 'play' }); }
function pause() { playing = false; ui.play.textContent = 'Play'; worker.postMessage({ type: 'pause' }); }
async function step(n = 1) { return request({ type: 'step', n }); }
async function state() { return request({ type: 'state' }); }

window.nanocoalesce = {
  load, play, pause, step, state,
  info: () => ({ ...info, isolated }),
  chartPoints: (key) => charts.points(key),
  screenshot: () => (renderer ? renderer.screenshot() : null),
  link: () => location.href,
};

// ---- controls --------------------------------------------------------------------------------
ui.play.addEventListener('click', () => (playing ? pause() : play()));
ui.step.addEventListener('click', () => step(Number(ui.speed.value)));
ui.reset.addEventListener('click', () => load(current ? current.link : DEFAULT_LINK).catch((e) => showError(e.message)));
ui.preset.addEventListener('change', () => load(ui.preset.value).catch((e) => showError(e.message)));
ui.apply.addEventListener('click', () => {
  if (!current) return;
  load(scenarioFromPanel()).catch((e) => showError(e.message));
});
ui.speed.addEventListener('change', () => worker.postMessage({ type: 'speed', stepsPerFrame: Number(ui.speed.value) }));
ui.colour.addEventListener('change', () => {
  if (current && renderer) { renderer.setAtoms(current.elements, current.species, current.particles, ui.colour.value); dirty = true; }
});
ui.clip.addEventListener('input', () => {
  if (!renderer) return;
  const v = Number(ui.clip.value);
  renderer.clipOn = v < 100;
  renderer.clipOffset = (v - 50) * 0.4;
  dirty = true;
});
ui.clipAxis.addEventListener('change', () => { if (renderer) { renderer.clipAxis = Number(ui.clipAxis.value); dirty = true; } });
function download(name, href) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
}
ui.shot.addEventListener('click', () => renderer && download('nanocoalesce.png', renderer.screenshot()));
ui.csv.addEventListener('click', () => download('observables.csv', URL.createObjectURL(new Blob([charts.csv(info.names)], { type: 'text/csv' }))));
ui.xyz.addEventListener('click', async () => {
  const text = await request({ type: 'trajectory' });
  download('trajectory.extxyz', URL.createObjectURL(new Blob([text], { type: 'chemical/x-extxyz' })));
});
ui.canvas.addEventListener('pointermove', () => { dirty = true; });
ui.canvas.addEventListener('wheel', () => { dirty = true; });

// ---- embedding: postMessage API for a host page ------------------------------------------------
window.addEventListener('message', async (e) => {
  const m = e.data;
  if (!m || typeof m !== 'object' || !m.nanocoalesce) return;
  const reply = (payload) => e.source?.postMessage({ nanocoalesce: true, id: m.id, ...payload }, e.origin === 'null' ? '*' : e.origin);
  try {
    let result = null;
    switch (m.cmd) {
      case 'load': result = await load(m.link ?? m.scenario); break;
      case 'play': play(); break;
      case 'pause': pause(); break;
      case 'step': result = await step(m.n ?? 1); break;
      case 'state': result = await state(); break;
      default: throw new Error(`unknown command '${m.cmd}'`);
    }
    reply({ ok: true, result });
  } catch (err) {
    reply({ ok: false, error: String(err.message || err) });
  }
});

// ---- start -----------------------------------------------------------------------------------
async function start() {
  ui.status.textContent = `loading the ${isolated ? 'threaded' : 'single-threaded'} engine…`;
  await request({ type: 'init', mt: isolated, threads: wantThreads });
  updateStatus();
  const hasLink = params.has('v') || params.has('a');
  if (hasLink) {
    try {
      await load(location.search);
    } catch (err) {
      await load(DEFAULT_LINK);
      showError(`This link could not be opened: ${err.message}. Showing the default scenario instead.`);
    }
  } else {
    await load(DEFAULT_LINK);
  }
  document.body.dataset.ready = '1';
  requestAnimationFrame(frameLoop);
}
start().catch((err) => showError(`The engine could not start: ${err.message || err}`));
