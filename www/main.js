// The page: starts the simulation worker (threaded build when the page is cross-origin isolated,
// single-threaded otherwise), keeps the URL equal to the share link of the current run, draws
// atoms and charts through the adapter of the run's mode (MD, kMC neck growth, film growth), and
// exposes window.nanocoalesce (and, in embed mode, a postMessage API).
import { AtomRenderer } from './render.js';
import { EngineClient } from './client.js';
import { Panel } from './panel.js';
import { MdMode } from './modes/md.js';
import { KmcMode } from './modes/kmc.js';
import { FilmMode } from './modes/film.js';
import { download, save } from './downloads.js';
import { installApi, emit } from './embed.js';
import { showStory, highlightChart } from './story.js';
import { Steering } from './steer.js';
import { ViewOverlay, legendEntries } from './overlay.js';
import { MovieRecorder } from './movie.js';
import { ChartPicker } from './chartpicker.js';
import { Timeline } from './timeline.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const embed = params.get('embed') === '1';
if (embed) document.body.classList.add('embed');
// For course pages: how much of the page shows (embedded pages default to the view and its
// basic controls), autoplay, and parameters the reader may not change.
const controls = ['none', 'basic', 'full'].includes(params.get('controls')) ? params.get('controls') : (embed ? 'basic' : 'full');
document.body.dataset.controls = controls;
const autoplay = params.get('autoplay') === '1';
const LOCKS = {
  T: ['temp', 'temp1', 'steer-t', 'steer-range', 'steer-over', 'steer-set'],
  thermostat: ['thermo', 'steer-thermo'],
  particles: ['a-el', 'a-d', 'a-shape', 'a-rot', 'b-el', 'b-d', 'b-shape', 'b-rot', 'gap'],
  potential: ['pot', 'potfile'],
  mode: ['mode', 'mc-every', 'mc-att', 'mc-region'],
  seed: ['seed', 'seed-new'],
};
const locked = new Set((params.get('lock') ?? '').split(',').map((s) => s.trim()).filter(Boolean));
if (locked.has('all')) Object.keys(LOCKS).forEach((k) => locked.add(k));
/** Disables the controls of the locked parameters (and, locking all, the panel's Apply). */
function applyLocks() {
  for (const k of locked) for (const id of LOCKS[k] ?? []) { const el = document.getElementById(id); if (el) { el.disabled = true; el.title = 'locked by the page that embeds this'; } }
  if (locked.has('all')) for (const id of ['apply', 'preset']) $(id).disabled = true;
}
/** The keys the page reads for itself (the engine's link parser passes over them: PAGE_KEYS in
 * src/run/link.rs). */
const PAGE_KEYS = ['embed', 'controls', 'autoplay', 'lock', 'coi', 'pace'];
/** The page keys of this URL but the pace (embed, controls, …), kept when the address bar shows a
 * new link; showLink adds the pace as it stands. */
const pageKeys = PAGE_KEYS.filter((k) => k !== 'pace' && params.has(k)).map((k) => `&${k}=${encodeURIComponent(params.get(k))}`).join('');

const isolated = self.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
const wantThreads = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
// A module using WebAssembly SIMD (i8x16.splat, i8x16.popcnt of the final spec): browsers that
// cannot compile it (Safari before 16.4, Chrome before 91, Firefox before 89) get the compatible
// build, slower, with the same results.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
const simd = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
// The pace control's value goes with every start of a worker (a fresh one after a stall too).
const engineInit = () => request({ type: 'init', mt: isolated && simd, simd, threads: wantThreads, stepsPerFrame: pace() });

const ui = {
  status: $('status'), error: $('error'), canvas: $('atoms'), preset: $('preset'),
  play: $('play'), step: $('stepbtn'), reset: $('reset'), speed: $('speed'), colour: $('colour'),
  clip: $('clip'), clipAxis: $('clip-axis'), shot: $('screenshot'), csv: $('csv'), xyz: $('xyz'),
  apply: $('apply'), link: $('sharelink'), rdf: $('rdfbtn'), xrd: $('xrdbtn'),
  acsv: $('acsv'), potfile: $('potfile'), deck: $('deckbtn'), seedNew: $('seed-new'),
  camReset: $('cam-reset'), ortho: $('ortho'), spin: $('autorotate'), movie: $('moviebtn'), copyLink: $('copylink'), downloads: $('downloads'),
};

/** The pace control: 0 for as fast as the engine goes, else at most that many steps per frame
 * of a 60 Hz display (worker.js). */
const pace = () => Number(ui.speed.value);
/** The Step button (→): a frame's worth at the pace, 10 speed steps at "fastest" (MD steps; in
 * kMC each is a batch of events: the worker's units_per_speed_step). */
const stepFrame = () => request({ type: 'step', speedSteps: pace() || 10 }).catch(fail);

/** `pace=N` in the URL (a course page's slow motion) sets the pace control's starting value;
 * returns a notice naming any other value (the page then plays at "fastest"), else null. */
function applyPaceKey() {
  const v = params.get('pace');
  if (v === null) return null;
  if ([...ui.speed.options].some((o) => o.value === v)) {
    ui.speed.value = v;
    return null;
  }
  const shown = v.length > 40 ? `${v.slice(0, 40)}…` : v;
  const steps = [...ui.speed.options].map((o) => o.value).filter((x) => x !== '0');
  return `pace=${shown} is not a pace (0 for "fastest", or ${steps.slice(0, -1).join(', ')} or ${steps.at(-1)} steps per frame): playing at "fastest".`;
}

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

const client = new EngineClient();
const request = (msg) => client.request(msg);
const areas = { obs: $('obs'), analysis: $('analysis'), curves: $('curves') };
const modes = { md: new MdMode(areas, request), kmc: new KmcMode(areas, request), film: new FilmMode(areas) };

let info = { threads: 1, parallel: false, catalog: null };
let panel = null;
let steering = null;
let current = null; // the loaded run: { mode, link, scenario, elements, species, particles, view }
let adapter = null; // the mode adapter of the current run
let lastState = null;
let classes = null;
let playing = false;
let dirty = false;

function recolour() {
  if (current && renderer) {
    renderer.setAtoms(current.elements, current.species, current.particles, ui.colour.value, classes);
    dirty = true;
  }
  if (current) {
    const nParticles = current.particles.reduce((m, p) => Math.max(m, p + 1), 0);
    overlay.update({ entries: legendEntries(ui.colour.value, current.elements, nParticles, adapter?.tailLabels ?? []) });
  }
}

const overlay = new ViewOverlay($('overlay'));
const picker = new ChartPicker($('chart-picker'), $('charts'));
/** The clock, scale bar and legend of the view now. */
function updateOverlay() {
  if (!renderer) return;
  overlay.update({
    clock: lastState && adapter?.clock ? adapter.clock(viewing === null ? lastState : timeline.at(viewing).state) : '',
    angstromPerCssPx: renderer.angstromPerPixel() * devicePixelRatio,
    widthCssPx: ui.canvas.clientWidth,
  });
}
/** The view with its overlay, as a 2-D canvas (screenshots, movie frames). */
function composite(out) {
  renderer.draw();
  updateOverlay();
  return overlay.composite(ui.canvas, ui.canvas.width / Math.max(1, ui.canvas.clientWidth), out);
}
const movie = new MovieRecorder((c) => composite(c));

/** Frames the view as the engine asks: orbit the atoms, or look down on a substrate. */
function frameView(view) {
  if (!renderer) return;
  if (view.top_down) {
    renderer.target = view.center;
    renderer.dist = 1.25 * view.side;
    renderer.yaw = 0;
    renderer.pitch = 0; // the eye on +z, looking down on the x–y substrate
  } else {
    renderer.frameAtoms();
  }
}

/** Puts the run's share link in the address bar and the link field. */
function showLink(link) {
  if (link !== null) {
    history.replaceState(null, '', `?${link}${pageKeys}${pace() ? `&pace=${pace()}` : ''}`);
    ui.link.value = location.href;
  } else {
    ui.link.value = 'no share link: this run uses your potential file (a link cannot carry it)';
  }
}

/** After a live change: the scenario (and link) now carry it as an event. */
function steered(r) {
  current.link = r.link;
  current.scenario = r.scenario;
  lastState = r.state;
  showLink(r.link);
  dirty = true;
}

function loaded(m) {
  current = m;
  adapter = modes[m.mode];
  lastState = m.state;
  adapter.load(m);
  classes = m.classes;
  viewing = null;
  $('timeline-at').textContent = 'live';
  timeline.reset(m.mode === 'md' ? m.scenario.output_every ?? 0 : 0);
  $('timeline').max = '0';
  record({ state: m.state, positions: m.positions, species: m.species, particles: m.particles });
  if (renderer) {
    renderer.setPositions(m.positions);
    frameView(m.view);
    renderer.setSupport(m.view.support_y);
  }
  if (adapter.colour) ui.colour.value = adapter.colour;
  recolour();
  showLink(m.link);
  steering?.load(m.mode, m.state);
  adapter.showIn(panel, m);
  showPreset(m.link);
  dirty = true;
  panelDrawn = -Infinity; // a new run's panel at the next animation frame, whatever came before
}

let framesReceived = 0;
client.onFrame = (m) => {
  framesReceived++;
  lastState = m.state;
  steering?.show(m.state); // writes only a changed read-out
  panelDue = true;
  if (m.species) { current.species = m.species; if (m.particles) current.particles = m.particles; }
  record(m);
  adapter.frame(m);
  emitObservables();
  if (viewing !== null) return; // showing a past frame: the view stays on it
  if (renderer) {
    renderer.setPositions(m.positions);
    if (m.species) recolour();
  }
  if (m.classes) { classes = m.classes; recolour(); }
  dirty = true;
};

// ---- timeline ----------------------------------------------------------------------------------
const timeline = new Timeline();
let viewing = null; // index of the past frame shown, or null (live)
/** Keeps a frame for the timeline. */
function record(m) {
  if (timeline.push({ step: m.state.step, state: m.state, positions: m.positions, species: m.species ?? current.species, particles: m.particles ?? current.particles })) {
    $('timeline').max = String(timeline.length - 1);
    $('timeline').disabled = timeline.length < 2; // nothing to go back to yet
    if (viewing === null) $('timeline').value = $('timeline').max;
  }
}
/** Shows recorded frame `k` (the last one: back to live). Returns its step. */
async function scrub(k) {
  if (!current || !timeline.length) return null;
  k = Math.max(0, Math.min(timeline.length - 1, k));
  $('timeline').value = String(k);
  const f = timeline.at(k);
  if (k === timeline.length - 1 && !playing) return live(), f.step;
  if (playing) pause();
  viewing = k;
  $('timeline-at').textContent = `step ${f.step}${f.state.time_ps !== undefined ? ` · ${f.state.time_ps.toFixed(2)} ps` : ''} (of ${lastState.step})`;
  adapter.markTime?.(f.state.time_ps);
  if (renderer) {
    renderer.setPositions(f.positions);
    const mode = classMode(ui.colour.value);
    const cls = mode ? await request({ type: 'classes-of', mode, positions: f.positions, species: f.species }) : null;
    if (viewing !== k) return f.step; // scrubbed on meanwhile
    renderer.setAtoms(current.elements, f.species, f.particles, ui.colour.value, cls);
  }
  dirty = true;
  return f.step;
}
/** Back to the run as it is now. */
function live() {
  if (viewing === null) return;
  viewing = null;
  $('timeline').value = $('timeline').max;
  $('timeline-at').textContent = 'live';
  adapter.markTime?.(null);
  const f = timeline.at(timeline.length - 1);
  if (renderer && f) renderer.setPositions(f.positions);
  request({ type: 'colour', mode: classMode(ui.colour.value) }).then((c) => { classes = c; recolour(); }).catch(fail);
  dirty = true;
}
$('timeline').addEventListener('input', () => scrub(Number($('timeline').value)).catch(fail));
client.onEnded = () => {
  playing = false;
  ui.play.textContent = 'Play';
  emit('ended', { state: lastState });
};
let lastObservables = 0;
/** The state and the latest analysis row, to the host, at most twice a second. */
function emitObservables() {
  const now = performance.now();
  if (window.parent === window || now - lastObservables < 500) return;
  lastObservables = now;
  const rows = adapter?.table().rows ?? [];
  emit('observables', { state: lastState, row: rows[rows.length - 1] ?? null });
}
client.onError = (msg) => {
  // A run that stopped (blew up, froze, an atom evaporated): its frames and data so far stay.
  const kept = timeline.length > 1 ? ` The ${timeline.length} frames so far stay: scrub the timeline, or save them from Download.` : '';
  showError(`${msg}${/[.!?]$/.test(msg) ? '' : '.'}${kept}`);
  playing = false;
  ui.play.textContent = 'Play';
};

// ---- watchdog: a worker that does not answer -----------------------------------------------------
client.onStall = (seconds) => {
  $('stall-text').textContent = `The engine has not answered for ${Math.round(seconds)} s${lastState ? ` (at step ${lastState.step})` : ''}: a step is taking very long. Wait, or stop it: the run is then reloaded from its start, with the same settings.`;
  $('stall').hidden = false;
};
client.onRecover = () => { $('stall').hidden = true; };
/** Terminates the worker that does not answer, starts a fresh one and reloads the last run. */
async function stopStalled() {
  const at = lastState?.step;
  const what = current ? (current.link ?? current.scenario) : info.catalog.default_link;
  $('stall').hidden = true;
  playing = false;
  ui.play.textContent = 'Play';
  client.restart('the engine was stopped');
  info = await engineInit();
  await load(what);
  showError(`Stopped${at !== undefined ? ` at step ${at}` : ''}: the engine had not answered. The run was reloaded from its start (same scenario and link).`);
}
$('stall-stop').addEventListener('click', () => stopStalled().catch(fail));

function updateStatus() {
  const why = !simd ? ' (no WebAssembly SIMD in this browser: slower)' : isolated ? '' : ' (page not cross-origin isolated)';
  const build = info.parallel ? `threaded build, ${info.threads} threads` : `single-threaded build${why}`;
  const text = lastState && adapter ? adapter.status(lastState, build) : build;
  if (ui.status.textContent !== text) ui.status.textContent = text; // an unchanged text is not laid out again
}

// The atoms are drawn at every frame (a software renderer's at its share, see render.js); the
// panel (charts, status line) is brought up to date at most every PANEL_MS:
// a new thermodynamic point and step number come with every frame, and redrawing the charts and
// re-laying out the panel at the frame rate kept the main thread busy 45 % of the time (24 % at
// this pace) on the cores the engine's threads need: the 1918-atom pair, not drawn, went from
// about 800 to 1400 steps per second on two cores.
const PANEL_MS = 100;
let panelDue = false;
let panelDrawn = -Infinity;
function frameLoop(now) {
  if (renderer?.autoRotate) dirty = true;
  const ready = !renderer || !drawing || renderer.ready(now, playing);
  if (dirty && ready) {
    if (renderer && drawing) { renderer.draw(); updateOverlay(); }
    panelDue = true;
    dirty = false;
  }
  if (panelDue && now - panelDrawn >= PANEL_MS) {
    if (adapter) adapter.redraw();
    if (rehighlight) { highlightChart($('charts'), rehighlight); rehighlight = null; }
    updateStatus();
    panelDue = false;
    panelDrawn = now;
  }
  if (!dirty) client.ackFrames(); // what came in is shown: the worker may post the next frames
  requestAnimationFrame(frameLoop);
}

// ---- presets -----------------------------------------------------------------------------------
// The preset menu names the run on screen: a preset's link and the canonical link the engine
// returns for it differ in order and defaults, so the pair is learnt when a preset loads.
const presetByLink = new Map();
let requested = null;
const paramsKey = (l) => [...new URLSearchParams(l)].filter(([k]) => !PAGE_KEYS.includes(k)).map(([k, v]) => `${k}=${v}`).sort().join('&');
function showPreset(link) {
  let p = link ? presetByLink.get(link) : undefined;
  if (!p && typeof requested === 'string') {
    const key = paramsKey(requested);
    p = info.catalog.presets.find((q) => paramsKey(q.link) === key)?.link;
    if (p && link) presetByLink.set(link, p);
  }
  ui.preset.value = p ?? '';
  const preset = info.catalog.presets.find((q) => q.link === p);
  picker.refresh(preset?.chart);
  showStory($('story'), preset);
  highlightChart($('charts'), preset?.chart);
  rehighlight = preset?.chart ?? null;
}
// The charts' first redraw at the column's width changes their heights (legends re-wrap): the
// highlighted chart is scrolled to again after it.
let rehighlight = null;
// Off only to measure the rest of the page's work without the atoms' drawing (which headless
// Chromium does in software): `window.nanocoalesce.drawing(false)`.
let drawing = true;
function fillPresets() {
  const o = document.createElement('option');
  o.value = '';
  o.textContent = 'Custom run (from a link or the panel)';
  o.hidden = true; // shown (not offered) when the run is no preset
  ui.preset.replaceChildren(o);
  for (const p of info.catalog.presets) {
    const q = document.createElement('option');
    q.value = p.link;
    q.textContent = p.name;
    ui.preset.appendChild(q);
  }
}

// ---- potential files -----------------------------------------------------------------------------
/** Reads a potential file into the worker (parsed in wasm); selects it in the panel. */
async function loadPotentialFile(name, text) {
  const checked = await request({ type: 'potential-file', name, text });
  panel.addPotentialFile(name, checked);
  ui.status.textContent = `Loaded ${checked.description}. Press "Apply and restart" to run with it.`;
  return checked.description;
}
async function readPotentialFile(file) {
  if (file.size > 64 * 1024 * 1024) throw new Error(`${file.name} is ${Math.round(file.size / 1048576)} MB; potential files are at most 64 MB`);
  return loadPotentialFile(file.name, await file.text());
}

// ---- the public API (tests, scripts, embedding hosts) ------------------------------------------
async function load(what) {
  pause();
  showError('');
  requested = what;
  const msg = typeof what === 'string' ? { type: 'load', link: what } : { type: 'load', scenario: what };
  const m = await request(msg);
  loaded(m);
  return m.state;
}
function play() { live(); playing = true; ui.play.textContent = 'Pause'; client.send({ type: 'play' }); }
function pause() { playing = false; ui.play.textContent = 'Play'; client.send({ type: 'pause' }); }
async function step(n = 1) { return request({ type: 'step', n }); }
async function state() { return request({ type: 'state' }); }
/** The current adapter if it offers `what` (g(r) and XRD are for MD runs). */
const offering = (what) => {
  if (!adapter || !adapter[what]) throw new Error(`${what === 'rdf' ? 'g(r)' : 'XRD'} is for MD runs`);
  return adapter;
};
async function rdf() { const r = await offering('rdf').rdf(lastState.time_ps); picker.show('rdf'); return r; }
async function xrd() { const r = await offering('xrd').xrd(lastState.time_ps); picker.show('xrd'); return r; }
/** The LAMMPS deck of the current scenario, as tar bytes (and a download when `save`). */
async function lammpsDeck(saveIt = false) {
  const bytes = await request({ type: 'deck' });
  if (saveIt) save('nanocoalesce-deck.tar', bytes, 'application/x-tar');
  return bytes;
}

/** A live change (see steer.js): `{kind: 'temperature', temperature_K}`, `{kind: 'ramp',
 * temperature_K, steps}` or `{kind: 'thermostat', thermostat}`. */
async function steer(change) { return steering.steer(change); }

installApi({
  load, play, pause, step, state, steer, rdf, xrd, lammpsDeck, loadPotentialFile,
  scenario: () => (current ? structuredClone(current.scenario) : null),
  analysis: () => (adapter ? adapter.table() : { columns: [], rows: [], fit: null }),
  fit: async () => (adapter?.updateFit ? adapter.updateFit(true) : adapter?.fit ?? null),
  caloric: async () => (adapter?.caloricPlot ? adapter.updateCaloric(true) : null),
  fitWindow: async (from, to) => (adapter?.setWindow ? adapter.setWindow(from, to) : null),
  colour: async (mode) => { ui.colour.value = mode; classes = await request({ type: 'colour', mode: classMode(mode) }); recolour(); return classes ? Array.from(classes) : null; },
  info: () => ({ ...info, isolated, wasmSimd: simd, softwareRendering: renderer?.software ?? null }),
  /** Shows recorded frame k of the timeline (its step), or the number of frames. */
  scrub: (k) => scrub(k),
  timelineLength: () => timeline.length,
  drawing: (on) => { drawing = Boolean(on); dirty = true; },
  /** Frames the worker has posted (while running, or for a step) and frames of the atoms drawn, so far. */
  frameCounts: () => ({ received: framesReceived, drawn: renderer?.frames ?? 0 }),
  chartPoints: (key) => (adapter ? adapter.chartPoints(key) : 0),
  screenshot: () => (renderer ? composite().toDataURL('image/png') : null),
  /** The scale bar shown: `{ nm, px }` (CSS pixels). */
  scaleBar: () => overlay.state.bar,
  /** Records `ms` of the view as WebM; `{ size, type, head }` (head: the first 4 bytes). */
  movie: async (ms = 1000) => {
    movie.start();
    await new Promise((r) => setTimeout(r, ms));
    const blob = await movie.stop();
    const head = Array.from(new Uint8Array(await blob.slice(0, 4).arrayBuffer()));
    return { size: blob.size, type: blob.type, head };
  },
  link: () => location.href,
  /** The recorded trajectory as extxyz text (what Download saves). */
  trajectory: () => request({ type: 'trajectory' }),
  /** Keeps the worker busy for `ms` (the tests' stand-in for a step that does not return). */
  stall: (ms) => request({ type: 'stall', ms }),
  /** The watchdog's Stop, as the button does it. */
  stopStalled: () => stopStalled(),
});

/** The per-atom class a colour mode needs from the engine, or null. */
function classMode(colour) {
  return info.catalog.classifiers.includes(colour) ? colour : null;
}

// ---- controls --------------------------------------------------------------------------------
const fail = (e) => showError(e.message);
ui.play.addEventListener('click', () => (playing ? pause() : play()));
ui.step.addEventListener('click', stepFrame);
ui.reset.addEventListener('click', () => load(current ? (current.link ?? current.scenario) : info.catalog.default_link).catch(fail));
ui.preset.addEventListener('change', () => load(ui.preset.value).catch(fail));
ui.apply.addEventListener('click', async () => {
  if (!current) return;
  try {
    await load(await panel.applied(request));
  } catch (e) { fail(e); }
});
ui.seedNew?.addEventListener('click', async () => {
  try { panel.setSeed(await request({ type: 'fresh-seed' })); } catch (e) { fail(e); }
});
ui.speed.addEventListener('change', () => {
  client.send({ type: 'speed', stepsPerFrame: pace() });
  if (current?.link) showLink(current.link); // the address bar and the share link carry the pace
});
ui.colour.addEventListener('change', () => {
  request({ type: 'colour', mode: classMode(ui.colour.value) }).then((c) => {
    classes = c;
    if (viewing !== null) scrub(viewing).catch(fail); // colour the past frame shown
    else recolour();
  }).catch(fail);
  if (viewing === null) recolour();
});
ui.rdf.addEventListener('click', () => rdf().catch(fail));
ui.xrd.addEventListener('click', () => xrd().catch(fail));
ui.deck.addEventListener('click', () => lammpsDeck(true).catch(fail));
ui.potfile.addEventListener('change', () => {
  const f = ui.potfile.files[0];
  if (f) readPotentialFile(f).catch(fail);
  ui.potfile.value = '';
});
// Drop a potential file anywhere on the page; a bad file is reported and the current run goes on.
document.addEventListener('dragover', (e) => { e.preventDefault(); });
document.addEventListener('drop', (e) => {
  e.preventDefault();
  const f = e.dataTransfer?.files?.[0];
  if (f) readPotentialFile(f).catch(fail);
});
ui.acsv.addEventListener('click', async () => {
  try { save('analysis.csv', await request({ type: 'table-csv' }), 'text/csv'); } catch (e) { fail(e); }
});
ui.clip.addEventListener('input', () => {
  if (!renderer) return;
  const v = Number(ui.clip.value);
  renderer.clipOn = v < 100;
  renderer.clipOffset = (v - 50) * 0.4;
  dirty = true;
});
ui.clipAxis.addEventListener('change', () => { if (renderer) { renderer.clipAxis = Number(ui.clipAxis.value); dirty = true; } });
ui.shot.addEventListener('click', () => renderer && download('nanocoalesce.png', composite().toDataURL('image/png')));
ui.movie.addEventListener('click', async () => {
  try {
    if (!movie.recording) {
      movie.start();
      ui.movie.textContent = 'Stop and save movie';
      ui.movie.classList.add('recording');
      if (!playing) play();
    } else {
      const blob = await movie.stop();
      ui.movie.textContent = 'Movie (WebM)';
      ui.movie.classList.remove('recording');
      save('nanocoalesce.webm', blob, 'video/webm');
    }
  } catch (e) { fail(e); }
});
// The menu closes after a choice (a recording movie keeps it open, to show "Stop").
ui.downloads.addEventListener('click', (e) => { if (e.target.closest('button') && !movie.recording) ui.downloads.open = false; });
ui.copyLink.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(ui.link.value);
    ui.status.textContent = 'Share link copied: it replays this run, steering included.';
  } catch {
    ui.link.select(); // no clipboard permission: selected for Ctrl+C
    ui.status.textContent = 'Press Ctrl+C to copy the selected link.';
  }
});
ui.camReset.addEventListener('click', () => { if (renderer && current) { if (current.view?.top_down) frameView(current.view); else renderer.resetCamera(); dirty = true; } });
ui.ortho.addEventListener('change', () => { if (renderer) { renderer.orthographic = ui.ortho.checked; dirty = true; } });
const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
function applyMotionPreference() {
  ui.spin.disabled = reducedMotion.matches;
  if (reducedMotion.matches) { ui.spin.checked = false; if (renderer) renderer.autoRotate = false; }
}
reducedMotion.addEventListener?.('change', applyMotionPreference);
applyMotionPreference();
ui.spin.addEventListener('change', () => { if (renderer) { renderer.autoRotate = ui.spin.checked && !reducedMotion.matches; dirty = true; } });
ui.csv.addEventListener('click', () => adapter?.thermoCsv && save('observables.csv', adapter.thermoCsv(), 'text/csv'));
ui.xyz.addEventListener('click', async () => {
  try { save('trajectory.extxyz', await request({ type: 'trajectory' }), 'chemical/x-extxyz'); } catch (e) { fail(e); }
});
ui.canvas.addEventListener('pointermove', () => { dirty = true; });
// Keys: Space plays/pauses, → steps (not while typing in a field or on a focused control, where
// the key has its own meaning).
document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest?.('input, select, textarea, button, summary, a')) return;
  if (e.key === ' ') { e.preventDefault(); if (playing) pause(); else play(); }
  else if (e.key === 'ArrowRight') { e.preventDefault(); stepFrame(); }
});
ui.canvas.addEventListener('wheel', () => { dirty = true; });

// ---- start -----------------------------------------------------------------------------------
async function start() {
  ui.status.textContent = `loading the ${isolated && simd ? 'threaded' : 'single-threaded'} engine…`;
  const paceNote = applyPaceKey(); // before the worker starts: it gets the pace at init
  info = await engineInit();
  panel = new Panel(info.catalog);
  steering = new Steering(info.catalog, request, steered, fail);
  fillPresets();
  updateStatus();
  const hasLink = params.has('v') || params.has('a');
  if (hasLink) {
    try {
      await load(location.search);
    } catch (err) {
      await load(info.catalog.default_link);
      showError(`This link could not be opened: ${err.message}. Showing the default scenario instead.`);
    }
  } else {
    await load(info.catalog.default_link);
  }
  if (paceNote) showError(ui.error.hidden ? paceNote : `${ui.error.textContent} ${paceNote}`);
  applyLocks();
  document.body.dataset.ready = '1';
  emit('ready', { state: lastState, link: current?.link ?? null, threads: info.threads });
  if (autoplay) play();
  requestAnimationFrame(frameLoop);
}
start().catch((err) => showError(`The engine could not start: ${err.message || err}`));
