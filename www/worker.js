// The simulation Web Worker: loads the threaded or single-threaded wasm build, owns the Engine, and
// answers the main thread. While playing it steps in chunks and posts frames, keeping at most two
// frames in flight so a slow renderer never queues up work.
let pkg = null;
let engine = null;
let playing = false;
let stepsPerFrame = 10;
let inFlight = 0;
let names = [];
let trajectory = [];
let lastRecorded = -1;
const MAX_FRAMES = 400;
let every = 100; // output cadence (steps): trajectory frames and analysis rows
let pendingAnalysis = []; // analysis rows [time_ps, ...values] not yet sent
let colourMode = 'element';
let kmc = null; // the KmcEngine or FilmEngine in kinetic Monte Carlo mode (then `engine` is null)
let film = false; // true when `kmc` is a FilmEngine
const KMC_EVENTS_PER_STEP = 1000; // events per "step" of the speed control in kMC mode
const CLASS_MODES = ['cna', 'coordination', 'surface'];

function post(msg, transfer) { self.postMessage(msg, transfer || []); }

function kmcState() {
  const s = kmc.samples();
  if (film) {
    return {
      mode: 'film', step: kmc.events(), time_s: kmc.time_s(), threads: pkg.thread_count(), parallel: pkg.is_parallel(),
      n_atoms: kmc.n_atoms(), coverage: s[s.length - 3], island_density: s[s.length - 2], positions_sha256: kmc.positions_sha256(),
      temperature: NaN,
    };
  }
  return {
    mode: 'kmc', step: kmc.events(), time_s: kmc.time_s(), threads: pkg.thread_count(), parallel: pkg.is_parallel(),
    n_atoms: kmc.n_atoms(), neck_radius: s.length ? s[s.length - 2] : 0, positions_sha256: kmc.positions_sha256(),
    temperature: NaN,
  };
}

function kmcFrame(id, type = 'frame') {
  const positions = kmc.positions();
  post({ type, id, kmc: true, film, positions, samples: Array.from(kmc.samples()), fit: film ? [] : Array.from(kmc.fit()), state: kmcState() }, [positions.buffer]);
}

function loadKmc(msg) {
  const isFilm = /(^|[?&])kmc=film(&|$)/.test(msg.link);
  const next = isFilm ? new pkg.FilmEngine(msg.link) : new pkg.KmcEngine(msg.link); // throws naming the problem
  if (kmc) kmc.free();
  if (engine) { engine.free(); engine = null; }
  kmc = next;
  film = isFilm;
  const positions = kmc.positions();
  const n = kmc.n_atoms();
  post({
    type: 'loaded', id: msg.id, kmc: true, film, link: kmc.link(), elements: ['Au'], species: new Uint16Array(n),
    particles: film ? new Uint32Array(n) : kmc.particles(), positions, samples: Array.from(kmc.samples()),
    fit: film ? [] : Array.from(kmc.fit()), state: kmcState(),
  }, [positions.buffer]);
}

function state() {
  if (kmc) return kmcState();
  const obs = engine.observables();
  return {
    step: engine.steps_done(), time_ps: obs[1], threads: pkg.thread_count(), parallel: pkg.is_parallel(),
    n_atoms: engine.n_atoms(), temperature: obs[2], potential_energy: obs[4], kinetic_energy: obs[5],
    com_distance: obs[8], swap_acceptance: obs[10], positions_sha256: engine.positions_sha256(),
  };
}

/** Per-atom classes for the current colour mode (null for element / particle colouring). */
function classes() {
  return CLASS_MODES.includes(colourMode) ? engine.atom_classes(colourMode) : null;
}

function frame(id) {
  const positions = engine.positions();
  const obs = Array.from(engine.observables());
  const analysis = pendingAnalysis;
  pendingAnalysis = [];
  const cls = analysis.length ? classes() : null;
  const transfer = [positions.buffer];
  if (cls) transfer.push(cls.buffer);
  post({ type: 'frame', id, positions, obs, analysis, classes: cls, state: state() }, transfer);
}

/** At every multiple of the output cadence: a trajectory frame and an analysis row. */
function record() {
  const step = engine.steps_done();
  if (step % every !== 0 || step === lastRecorded) return;
  lastRecorded = step;
  if (trajectory.length < MAX_FRAMES) trajectory.push(engine.extxyz_frame());
  pendingAnalysis.push([engine.observables()[1], ...engine.analyze()]);
}

/** Steps n, stopping at every multiple of the cadence to record it. */
function advance(n) {
  let left = n;
  while (left > 0) {
    const step = engine.steps_done();
    const k = Math.min(left, every - (step % every));
    engine.step(k);
    left -= k;
    record();
  }
}

// Potential files the user dropped on the page, by name (the scenario's potential names one).
const files = {};

function load(msg) {
  if (msg.link !== undefined && pkg.is_kmc_link(msg.link)) return loadKmc(msg);
  let json = msg.scenario;
  let link = null;
  if (msg.link !== undefined) {
    json = pkg.scenario_from_link(msg.link); // throws with a message naming the problem
  }
  const next = new pkg.Engine(json, JSON.stringify(files));
  if (engine) engine.free();
  if (kmc) { kmc.free(); kmc = null; }
  engine = next;
  const scenario = JSON.parse(engine.scenario_json());
  every = Math.max(1, scenario.output_every | 0);
  try {
    link = pkg.link_from_scenario(engine.scenario_json());
  } catch (err) {
    link = null; // e.g. a potential file: no share link can hold it
  }
  trajectory = [];
  lastRecorded = -1;
  pendingAnalysis = [];
  const positions = engine.positions();
  record();
  const analysis = pendingAnalysis;
  pendingAnalysis = [];
  post({
    type: 'loaded', id: msg.id, scenario, link,
    elements: engine.elements(), species: engine.species(), particles: engine.particles(),
    names, analysisNames: ['time_ps', ...engine.analysis_names()], analysis, classes: classes(),
    positions, obs: Array.from(engine.observables()), state: state(),
  }, [positions.buffer]);
}

// Steps while playing; a frame is posted only when fewer than two are in flight, so the simulation
// never waits for a slow renderer (frames are dropped instead).
let pumping = false;
async function pump() {
  if (pumping) return;
  pumping = true;
  while (playing && (engine || kmc)) {
    if (kmc) {
      const done = kmc.step(stepsPerFrame * KMC_EVENTS_PER_STEP * (film ? 10 : 1));
      if (inFlight < 2) { inFlight++; kmcFrame(null); }
      if (!done) playing = false;
      await new Promise((r) => setTimeout(r, 0));
      continue;
    }
    try {
      advance(stepsPerFrame);
    } catch (err) {
      playing = false;
      post({ type: 'error', message: String(err.message || err) });
      break;
    }
    if (inFlight < 2) {
      inFlight++;
      frame(null);
    }
    await new Promise((r) => setTimeout(r, 0)); // let messages in
  }
  pumping = false;
}

self.onmessage = async (e) => {
  const m = e.data;
  try {
    switch (m.type) {
      case 'init': {
        pkg = await import(m.mt ? './pkg-mt/nanocoalesce.js' : './pkg-st/nanocoalesce.js');
        await pkg.default();
        if (m.mt && pkg.is_parallel()) await pkg.initThreadPool(m.threads);
        names = Array.from(pkg.observable_names());
        post({ type: 'ready', id: m.id, threads: pkg.thread_count(), parallel: pkg.is_parallel(), maxAtoms: pkg.max_page_atoms(), names });
        break;
      }
      case 'load': load(m); break;
      case 'play': playing = true; pump(); break;
      case 'pause': playing = false; break;
      case 'ack': inFlight = Math.max(0, inFlight - 1); break;
      case 'speed': stepsPerFrame = Math.max(1, Math.min(1000, m.stepsPerFrame | 0)); break;
      case 'step': {
        const wasPlaying = playing;
        playing = false;
        if (kmc) { kmc.step(m.n); kmcFrame(m.id); } else { advance(m.n); frame(m.id); }
        playing = wasPlaying;
        if (playing) pump();
        break;
      }
      case 'state': post({ type: 'state', id: m.id, state: state() }); break;
      case 'colour': {
        if (kmc) { post({ type: 'classes', id: m.id, classes: null }); break; }
        colourMode = m.mode;
        const cls = classes();
        post({ type: 'classes', id: m.id, classes: cls }, cls ? [cls.buffer] : []);
        break;
      }
      case 'rdf': post({ type: 'curve', id: m.id, curve: JSON.parse(engine.rdf_json(m.rmax ?? 10, m.dr ?? 0.05)) }); break;
      case 'xrd': post({ type: 'curve', id: m.id, curve: JSON.parse(engine.xrd_json(m.from ?? 20, m.to ?? 90, m.step ?? 0.1)) }); break;
      case 'fit': post({ type: 'curve', id: m.id, curve: { neck: Array.from(pkg.fit_neck_growth(m.t, m.r)), sintering: Array.from(pkg.fit_sintering_time(m.t2 ?? m.t, m.a ?? [])) } }); break;
      case 'trajectory': post({ type: 'trajectory', id: m.id, text: trajectory.join('') }); break;
      case 'link': post({ type: 'link', id: m.id, link: pkg.link_from_scenario(m.scenario) }); break;
      case 'potential-file': {
        const description = pkg.check_potential_file(m.name, m.text); // throws naming the problem
        files[m.name] = m.text;
        post({ type: 'potential-file', id: m.id, description, spec: JSON.parse(pkg.potential_spec_of_file(m.name)) });
        break;
      }
      case 'deck': {
        if (!engine) throw new Error('the LAMMPS export needs an MD scenario (not kMC)');
        const bytes = engine.lammps_deck_tar();
        post({ type: 'deck', id: m.id, bytes }, [bytes.buffer]);
        break;
      }
      default: throw new Error(`unknown message ${m.type}`);
    }
  } catch (err) {
    post({ type: 'error', id: m.id, message: String(err.message || err) });
  }
};
