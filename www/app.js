// The page: starts the simulation worker (threaded build when the page is cross-origin isolated,
// single-threaded otherwise), keeps the URL equal to the share link of the current scenario, draws
// atoms and charts, and exposes window.nanocoalesce (and, in embed mode, a postMessage API).
import { AtomRenderer } from './render.js';
import { Charts, CurvePlot } from './charts.js';
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
  apply: $('apply'), link: $('sharelink'), analysis: $('analysis'), curves: $('curves'),
  rdf: $('rdfbtn'), xrd: $('xrdbtn'), legend: $('legend'), acsv: $('acsv'),
  pot: $('pot'), potfile: $('potfile'), deck: $('deckbtn'),
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
const charts = new Charts($('obs'), [
  { key: 'temperature', label: 'Temperature (K)', column: 2, color: '#ff7b54' },
  { key: 'pe', label: 'Potential energy (eV/atom)', column: 4, perAtom: true, color: '#7bc8ff' },
  { key: 'com', label: 'Centre-of-mass distance (Å)', column: 8, color: '#9be37b' },
  { key: 'acceptance', label: 'MC swap acceptance (MD + MC mode)', column: 10, color: '#d68cff' },
]);

// Analysis charts: rebuilt for each scenario (the surface-composition chart has one line per
// element). Rows are [time_ps, ...the engine's analysis columns].
let analysis = null;
let analysisNames = [];
let neckPlot = null;
const curves = {
  rdf: new CurvePlot(ui.curves, 'rdf', 'g(r): press "g(r)"', 'r (Å)', ['g(r)']),
  xrd: new CurvePlot(ui.curves, 'xrd', 'XRD: press "XRD"', '2θ (°)', ['I (e.u./atom)']),
};
function setupAnalysis(names, elements) {
  analysisNames = names;
  ui.analysis.replaceChildren();
  const col = (n) => names.indexOf(n);
  const specs = [
    { key: 'neck', label: 'Neck diameter (Å)', column: col('neck_diameter_A'), color: '#f5c542' },
    { key: 'rg', label: 'Radius of gyration (Å)', column: col('rg_A'), color: '#d68cff' },
    { key: 'area', label: 'Surface area A/A₀', column: col('area_ratio'), color: '#7bc8ff' },
    { key: 'rotation', label: 'Rotation of the particles (°)', columns: [{ column: col('relative_rotation_deg'), label: 'relative rotation' }, { column: col('misorientation_deg'), label: 'lattice misorientation' }] },
  ];
  if (elements.length > 1) {
    specs.push({ key: 'surface', label: 'Surface composition (fraction)', columns: elements.map((e) => ({ column: col(`surface_frac_${e}`), label: e })) });
  }
  analysis = new Charts(ui.analysis, specs.filter((s) => (s.columns ? s.columns[0].column : s.column) >= 0), 0);
  neckPlot = new CurvePlot(ui.analysis, 'neckfit', 'Neck radius vs time since contact (log–log)', 't − t_contact (ps)', ['neck radius (Å)', 'fit'], { log: true, points: [true, false] });
}

// The neck-growth fit is computed by the engine, at most once a second.
let fitPending = false;
let lastFit = 0;
async function updateNeckFit(force = false) {
  if (!analysis || fitPending || (!force && performance.now() - lastFit < 1000)) return;
  const ct = 0, cr = analysisNames.indexOf('neck_radius_A'), ca = analysisNames.indexOf('area_ratio');
  if (cr < 0) return;
  fitPending = true;
  lastFit = performance.now();
  try {
    const t = analysis.column(ct), r = analysis.column(cr);
    const c = r.findIndex((v) => v > 0);
    // The sintering time is fitted from the first frame with a neck (contact removes area in a jump).
    const from = Math.max(0, c);
    const res = await request({ type: 'fit', t, r, t2: t.slice(from), a: ca >= 0 ? analysis.column(ca).slice(from) : [] });
    const dt = t.length > 1 ? t[1] - t[0] : 1;
    const xs = [], ys = [], fit = [];
    if (c >= 0) {
      for (let i = c; i < t.length; i++) {
        if (r[i] > 0) { xs.push(t[i] - t[c] + dt); ys.push(r[i]); }
      }
    }
    const f = res.neck;
    for (const x of xs) fit.push(f.length ? f[1] * x ** f[0] : null);
    let title = 'Neck radius vs time since contact (log–log)';
    if (f.length) title = `Neck growth r ∝ t^${f[0].toFixed(2)} (R² ${f[2].toFixed(2)}, ${f[5]} points, ${f[3].toFixed(2)}–${f[4].toFixed(2)} ps)`;
    if (res.sintering.length) title += ` · sintering time τ ${res.sintering[0].toFixed(1)} ps`;
    neckPlot.set([xs, ys, fit], title);
    lastFitResult = { neck: f, sintering: res.sintering };
  } catch (err) {
    // The fit is optional: a failure leaves the chart as it was.
  } finally {
    fitPending = false;
  }
}
let lastFitResult = null;

// Per-atom colouring by analysis classes (CNA, coordination, surface).
let classes = null;
const LEGENDS = {
  element: '', particle: 'colour: particle of origin',
  cna: 'a-CNA: green FCC · red HCP · blue BCC · yellow ICO · white other',
  coordination: 'coordination: blue ≤ 4 · green 8 · red 12',
  surface: 'bright: surface atoms (probe sphere) · dim: interior',
};
function recolour() {
  if (current && renderer) {
    renderer.setAtoms(current.elements, current.species, current.particles, ui.colour.value, classes);
    dirty = true;
  }
  ui.legend.textContent = LEGENDS[ui.colour.value] || '';
}

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
      if (m.kmc) { loadedKmc(m); w?.resolve(m.state); break; }
      kmcMode = false;
      $('obs').hidden = false;
      current = m;
      lastState = m.state;
      charts.clear();
      charts.push(m.obs, m.state.n_atoms);
      setupAnalysis(m.analysisNames, m.elements);
      for (const row of m.analysis) analysis.push(row, m.state.n_atoms);
      classes = m.classes;
      if (renderer) {
        renderer.setPositions(m.positions);
        renderer.frameAtoms();
      }
      recolour();
      if (m.link !== null) {
        history.replaceState(null, '', `?${m.link}${embed ? '&embed=1' : ''}`);
        ui.link.value = location.href;
      } else {
        ui.link.value = 'no share link: this run uses your potential file (a link cannot carry it)';
      }
      fillPanel(m.scenario);
      showPreset(m.link);
      dirty = true;
      w?.resolve(m.state);
      break;
    case 'frame':
      if (m.kmc) {
        lastState = m.state;
        if (m.film) {
          // The particle count grows: colours are re-set with the positions.
          current.species = new Uint16Array(m.state.n_atoms);
          current.particles = new Uint32Array(m.state.n_atoms);
          if (renderer) { renderer.setPositions(m.positions); recolour(); }
          showFilm(m.samples);
        } else {
          if (renderer) renderer.setPositions(m.positions);
          showKmcNeck(m.samples, m.fit);
        }
        dirty = true;
        if (m.id) w?.resolve(m.state); else worker.postMessage({ type: 'ack' });
        break;
      }
      lastState = m.state;
      if (renderer) renderer.setPositions(m.positions);
      charts.push(m.obs, m.state.n_atoms);
      if (m.analysis.length) {
        for (const row of m.analysis) analysis.push(row, m.state.n_atoms);
        updateNeckFit();
      }
      if (m.classes) { classes = m.classes; recolour(); }
      dirty = true;
      if (m.id) w?.resolve(m.state); else worker.postMessage({ type: 'ack' });
      break;
    case 'state': w?.resolve(m.state); break;
    case 'classes': classes = m.classes; recolour(); w?.resolve(); break;
    case 'curve': w?.resolve(m.curve); break;
    case 'trajectory': w?.resolve(m.text); break;
    case 'link': w?.resolve(m.link); break;
    case 'potential-file': w?.resolve(m); break;
    case 'deck': w?.resolve(m.bytes); break;
    case 'error':
      showError(m.message);
      if (!m.id) { playing = false; ui.play.textContent = 'Play'; }
      w?.reject(new Error(m.message));
      break;
    default: break;
  }
};
worker.onerror = (e) => showError(`the simulation worker failed: ${e.message || 'unknown error'}`);

// ---- kinetic Monte Carlo mode -------------------------------------------------------------------
let kmcMode = false;
let kmcFit = null;
function loadedKmc(m) {
  kmcMode = true;
  current = { ...m, scenario: null };
  lastState = m.state;
  charts.clear();
  ui.analysis.replaceChildren();
  analysis = null;
  analysisNames = [];
  if (m.film) {
    filmPlot = new CurvePlot(ui.analysis, 'film', 'Island density vs coverage', 'coverage θ', ['islands per site']);
    filmTime = new CurvePlot(ui.analysis, 'filmtime', 'Coverage vs time', 't (s)', ['coverage θ']);
    showFilm(m.samples);
  } else {
    neckPlot = new CurvePlot(ui.analysis, 'kmcneck', 'kMC: neck radius vs time (log–log)', 't (s)', ['neck radius (Å)', 'fit'], { log: true, points: [true, false] });
    showKmcNeck(m.samples, m.fit);
  }
  classes = null;
  if (renderer) {
    renderer.setPositions(m.positions);
    if (m.film) {
      // Look straight down on the substrate.
      const side = 3 * Number(new URLSearchParams(m.link).get('L'));
      renderer.target = [side / 2, side / 2, 0];
      renderer.dist = 1.25 * side;
      renderer.yaw = 0;
      renderer.pitch = 0; // the eye on +z, looking down on the x–y substrate
    } else renderer.frameAtoms();
  }
  ui.colour.value = m.film ? 'element' : 'particle';
  recolour();
  history.replaceState(null, '', `?${m.link}${embed ? '&embed=1' : ''}`);
  ui.link.value = location.href;
  $('mode').value = m.film ? 'film' : 'kmc';
  showModeFields();
  $('obs').hidden = true;
  // The panel shows the kMC run: particle A's diameter = 2 r, temperature, seed.
  const q = new URLSearchParams(m.link);
  if (!m.film) {
    $('a-d').value = 2 * Number(q.get('r'));
    $('temp').value = q.get('T');
  }
  $('seed').value = q.get('seed');
  showPreset(m.link);
  dirty = true;
}
let filmPlot = null;
let filmTime = null;
/** samples: flat [coverage, island density, time s]*. */
function showFilm(samples) {
  const cov = [], dens = [], t = [], c2 = [];
  for (let i = 0; i < samples.length; i += 3) {
    if (samples[i] > 0) { cov.push(samples[i]); dens.push(samples[i + 1]); }
    t.push(samples[i + 2]);
    c2.push(samples[i]);
  }
  const n = dens.length ? dens[dens.length - 1] : 0;
  filmPlot.set([cov, dens], `Island density vs coverage (now ${n.toExponential(2)} per site)`);
  filmTime.set([t, c2]);
}
/** samples: flat [t_s, radius_A, atoms]*; fit: [exponent, prefactor, R², points, t_to] or []. */
function showKmcNeck(samples, fit) {
  const xs = [], ys = [], fy = [];
  for (let i = 0; i < samples.length; i += 3) {
    if (samples[i] > 0 && samples[i + 1] > 0) { xs.push(samples[i]); ys.push(samples[i + 1]); }
  }
  for (const x of xs) fy.push(fit.length ? fit[1] * x ** fit[0] : null);
  kmcFit = fit.length ? { exponent: fit[0], prefactor: fit[1], r_squared: fit[2], points: fit[3], t_to: fit[4] } : null;
  const title = kmcFit ? `kMC neck growth r ∝ t^${fit[0].toFixed(2)} (R² ${fit[2].toFixed(2)}, ${fit[3]} samples)` : 'kMC: neck radius vs time (log–log)';
  neckPlot.set([xs, ys, fy], title);
}

function updateStatus() {
  const s = lastState;
  if (kmcMode && s && s.mode === 'film') {
    ui.status.textContent = `film growth (DDA) · ${s.n_atoms} particles · ${s.step} events · coverage ${s.coverage.toFixed(3)} · ${s.island_density.toExponential(2)} islands per site`;
    return;
  }
  if (kmcMode && s) {
    ui.status.textContent = `kinetic Monte Carlo · ${s.n_atoms} atoms · ${s.step} events · t = ${s.time_s.toExponential(3)} s · neck ${s.neck_radius.toFixed(1)} Å`;
    return;
  }
  const build = info.parallel ? `threaded build, ${info.threads} threads` : `single-threaded build${isolated ? '' : ' (page not cross-origin isolated)'}`;
  ui.status.textContent = s ? `${build} · ${s.n_atoms} atoms · step ${s.step} · ${s.time_ps.toFixed(2)} ps · ${s.temperature.toFixed(0)} K` : build;
}

function frameLoop() {
  if (dirty) {
    if (renderer) renderer.draw();
    charts.redraw();
    if (analysis) analysis.redraw();
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

// The panel shows only the fields the chosen run uses (hidden fields keep their values): kMC neck
// growth takes particle A's size, T and the seed; film growth only the seed; swaps only MD + MC.
const MODE_FIELDS = {
  md: ['mc-every', 'mc-att', 'mc-region'],
  mdmc: [],
  kmc: ['a-el', 'a-shape', 'a-rot', 'b-row', 'gap', 'temp1', 'thermo', 'dt', 'pot', 'potfile', 'mc-every', 'mc-att', 'mc-region'],
  film: ['particles', 'temp', 'temp1', 'thermo', 'dt', 'pot', 'potfile', 'mc-every', 'mc-att', 'mc-region'],
};
const fieldBox = (id) => { const el = $(id); return el.closest('label') ?? el; };
function showModeFields() {
  const hide = new Set(MODE_FIELDS[$('mode').value] ?? []);
  for (const id of new Set(Object.values(MODE_FIELDS).flat())) fieldBox(id).hidden = hide.has(id);
}
$('mode').addEventListener('change', showModeFields);
showModeFields();
{
  // Shown (not offered) when the run is no preset: a hand-made link, the panel, a file.
  const o = document.createElement('option');
  o.value = '';
  o.textContent = 'Custom run (from a link or the panel)';
  o.hidden = true;
  ui.preset.prepend(o);
}

// The preset menu names the run on screen: a preset's link and the canonical link the engine
// returns for it differ in order and defaults, so the pair is learnt when a preset loads.
const presetByLink = new Map();
let requested = null;
const paramsKey = (l) => [...new URLSearchParams(l)].filter(([k]) => k !== 'embed').map(([k, v]) => `${k}=${v}`).sort().join('&');
function showPreset(link) {
  let p = link ? presetByLink.get(link) : undefined;
  if (!p && typeof requested === 'string') {
    const key = paramsKey(requested);
    p = PRESETS.find((q) => paramsKey(q.link) === key)?.link;
    if (p && link) presetByLink.set(link, p);
  }
  ui.preset.value = p ?? '';
}
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
  $('mode').value = s.mc ? 'mdmc' : 'md';
  showModeFields();
  const pot = s.potential || { kind: 'zhou' };
  const potValue = pot.file || (pot.files && pot.files.join(',')) ? `file:${pot.file || pot.files.join(',')}`
    : pot.kind === 'zhou' && pot.analytic ? 'zhou-analytic' : pot.kind;
  if (potValue.startsWith('file:')) fileSpecs.set(potValue, pot);
  if (![...ui.pot.options].some((o) => o.value === potValue)) option(ui.pot, potValue, potValue.replace(/^file:/, 'file: '));
  ui.pot.value = potValue;
  if (s.mc) {
    $('mc-every').value = s.mc.every;
    $('mc-att').value = s.mc.attempts;
    $('mc-region').value = s.mc.region || 'all';
  }
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
  s.potential = potentialSpec(ui.pot.value);
  if ($('mode').value === 'mdmc') s.mc = { every: Number($('mc-every').value), attempts: Number($('mc-att').value), region: $('mc-region').value };
  else delete s.mc;
  return s;
}

// Potential files the user loaded: option value `file:NAME` → the scenario's potential spec.
const fileSpecs = new Map();
function potentialSpec(value) {
  if (value.startsWith('file:')) return fileSpecs.get(value);
  if (value === 'zhou-analytic') return { kind: 'zhou', analytic: true };
  return { kind: value };
}

/** Reads a potential file into the worker (parsed in wasm); selects it in the panel. */
async function loadPotentialFile(name, text) {
  const m = await request({ type: 'potential-file', name, text });
  const value = `file:${name}`;
  fileSpecs.set(value, m.spec);
  if (![...ui.pot.options].some((o) => o.value === value)) option(ui.pot, value, `file: ${name}`);
  ui.pot.value = value;
  ui.status.textContent = `Loaded ${m.description}. Press "Apply and restart" to run with it.`;
  return m.description;
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
  const msg = typeof what === 'string' ? { type: 'load', link: what } : { type: 'load', scenario: JSON.stringify(what) };
  return request(msg);
}
function play() { playing = true; ui.play.textContent = 'Pause'; worker.postMessage({ type: 'play' }); }
function pause() { playing = false; ui.play.textContent = 'Play'; worker.postMessage({ type: 'pause' }); }
async function step(n = 1) { return request({ type: 'step', n }); }
async function state() { return request({ type: 'state' }); }

/** g(r) of the current state, drawn and returned ({ r, total, partials }). */
async function rdf() {
  const c = await request({ type: 'rdf', rmax: 10, dr: 0.05 });
  curves.rdf.set([c.r, c.total], `g(r) at ${lastState.time_ps.toFixed(2)} ps`);
  return c;
}
/** XRD pattern (Cu Kα) of the current state, drawn and returned. */
async function xrd() {
  const c = await request({ type: 'xrd', from: 20, to: 90, step: 0.1 });
  const sc = c.scherrer ? ` · main peak ${c.scherrer.peak.toFixed(1)}°, Scherrer size ${c.scherrer.size_nm.toFixed(2)} nm` : '';
  curves.xrd.set([c.two_theta, c.intensity], `XRD (Cu Kα) at ${lastState.time_ps.toFixed(2)} ps${sc}`);
  return c;
}

/** The LAMMPS deck of the current scenario, as tar bytes (and a download when `save`). */
async function lammpsDeck(save = false) {
  const bytes = await request({ type: 'deck' });
  if (save) download('nanocoalesce-deck.tar', URL.createObjectURL(new Blob([bytes], { type: 'application/x-tar' })));
  return bytes;
}

window.nanocoalesce = {
  load, play, pause, step, state, rdf, xrd, lammpsDeck, loadPotentialFile,
  scenario: () => (current && current.scenario ? structuredClone(current.scenario) : null),
  analysis: () => ({ names: analysisNames, rows: analysis ? analysis.rows.slice() : [], fit: kmcMode ? kmcFit : lastFitResult }),
  fit: async () => { await updateNeckFit(true); return lastFitResult; },
  colour: async (mode) => { ui.colour.value = mode; await request({ type: 'colour', mode }); recolour(); return classes ? Array.from(classes) : null; },
  info: () => ({ ...info, isolated }),
  chartPoints: (key) => charts.points(key) || (analysis ? analysis.points(key) : 0),
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
  if ($('mode').value === 'film') {
    load(`v=1&kmc=film&L=200&F=1&D=1e6&theta=0.25&seed=${Number($('seed').value)}`).catch((e) => showError(e.message));
    return;
  }
  if ($('mode').value === 'kmc') {
    const r = Number($('a-d').value) / 2;
    load(`v=1&kmc=neck&r=${r}&T=${Number($('temp').value)}&seed=${Number($('seed').value)}`).catch((e) => showError(e.message));
    return;
  }
  if (kmcMode) { showError('Pick a preset for an MD run (the panel shows the last MD scenario).'); return; }
  load(scenarioFromPanel()).catch((e) => showError(e.message));
});
ui.speed.addEventListener('change', () => worker.postMessage({ type: 'speed', stepsPerFrame: Number(ui.speed.value) }));
ui.colour.addEventListener('change', () => {
  request({ type: 'colour', mode: ui.colour.value }).catch((e) => showError(e.message));
  recolour();
});
ui.rdf.addEventListener('click', () => rdf().catch((e) => showError(e.message)));
ui.deck.addEventListener('click', () => lammpsDeck(true).catch((e) => showError(e.message)));
ui.potfile.addEventListener('change', () => {
  const f = ui.potfile.files[0];
  if (f) readPotentialFile(f).catch((e) => showError(e.message));
  ui.potfile.value = '';
});
// Drop a potential file anywhere on the page; a bad file is reported and the current run goes on.
document.addEventListener('dragover', (e) => { e.preventDefault(); });
document.addEventListener('drop', (e) => {
  e.preventDefault();
  const f = e.dataTransfer?.files?.[0];
  if (f) readPotentialFile(f).catch((err) => showError(err.message));
});
ui.xrd.addEventListener('click', () => xrd().catch((e) => showError(e.message)));
ui.acsv.addEventListener('click', () => analysis && download('analysis.csv', URL.createObjectURL(new Blob([analysis.csv(analysisNames)], { type: 'text/csv' }))));
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
      case 'analysis': result = window.nanocoalesce.analysis(); break;
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
