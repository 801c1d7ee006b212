// The simulation Web Worker: loads the threaded or single-threaded wasm build and hosts one
// engine (any mode: the engine's own interface is the same for MD, kMC and film). While playing
// it steps in chunks and posts frames, keeping at most two frames in flight so a slow renderer
// never queues up work. Everything it posts is a typed value from the engine.
let pkg = null;
let engine = null;
let playing = false;
// The pace control: 0 plays as fast as the engine goes (in step calls of FASTEST_CALL speed
// steps); n > 0 plays at most n speed steps per frame of a 60 Hz display (slow motion: n = 1 is
// 60 MD steps a second), slower only if the engine cannot keep up. A speed step is one MD step, or
// the engine's batch of kMC events (units_per_speed_step).
let speed = 0;
const FASTEST_CALL = 10;
const PACE_HZ = 60;
let paceFrom = 0; // when the pace was last (re)started, ms (performance.now)
let paceDone = 0; // units stepped since then
function restartPace() { paceFrom = performance.now(); paceDone = 0; }
/** Sets the pace from the page's control (0 to 1000 speed steps per frame; 0 is "fastest"). */
function setPace(stepsPerFrame) {
  speed = Math.max(0, Math.min(1000, stepsPerFrame | 0));
  restartPace();
}
/** Milliseconds until the pace allows a step call of `n` units (0: now). The run catches up at
 * most one frame's units after a spell it could not keep the pace (a slow call, a pause). */
function paceWait(n) {
  if (speed === 0) return 0;
  const perMs = (n * PACE_HZ) / 1000;
  const due = (performance.now() - paceFrom) * perMs + n; // one frame's worth at once
  paceDone = Math.max(paceDone, due - 2 * n);
  return paceDone + n <= due ? 0 : Math.min(1000 / PACE_HZ, (paceDone + n - due) / perMs);
}
let inFlight = 0;
let classMode = null; // a per-atom class to send with each frame ('cna', …), or null
let caps = { analysis: false, growing: false }; // what the engine offers
const files = {}; // potential files the user dropped on the page, by name

function post(msg, transfer) { self.postMessage(msg, transfer || []); }

/** Per-atom classes of the current state, if a class colouring is on (MD only). */
function classes() {
  return classMode && caps.analysis ? engine.atom_classes(classMode) : null;
}

/** The frame message: positions, what happened since the last frame, state, classes. */
function frameMessage(id, type = 'frame', hash = id !== null) {
  const positions = engine.positions();
  const cls = classes();
  const transfer = [positions.buffer];
  if (cls) transfer.push(cls.buffer);
  // A frame posted while running carries no positions hash (a pass over every position, with the
  // engine's threads waiting); a requested one (a step from the page's interface) and the run's
  // last one do.
  const state = hash ? engine.state() : engine.frame_state();
  const msg = { type, id, positions, frame: engine.frame(), state, classes: cls };
  if (type === 'frame' && caps.growing) {
    // The particle count grows: species and particles come with the positions.
    msg.species = engine.species();
    msg.particles = engine.particles();
  } else if (caps.swaps) {
    msg.species = engine.species(); // MC swaps change who is where
  }
  return [msg, transfer];
}

function load(msg) {
  const what = msg.link !== undefined ? { link: msg.link } : { scenario: msg.scenario };
  const next = new pkg.Engine(what, files); // throws naming the problem
  if (engine) engine.free();
  engine = next;
  cap = Infinity;
  restartPace(); // in this engine's units
  caps = engine.capabilities();
  const scenario = engine.scenario();
  outputEvery = engine.mode() === 'md' ? scenario.output_every ?? 0 : 0;
  stepNow = engine.frame_state().step;
  engine.frame(); // the history below holds everything so far
  const positions = engine.positions();
  post({
    type: 'loaded', id: msg.id, mode: engine.mode(), link: engine.link() ?? null, scenario,
    elements: engine.elements(), species: engine.species(), particles: engine.particles(),
    history: engine.history(), view: engine.view(), capabilities: caps, classes: classes(), positions, state: engine.state(),
  }, [positions.buffer]);
}

// Steps while playing; a frame is posted only when fewer than two are in flight (posted and not yet
// shown: the page acknowledges frames once it has drawn them), so the simulation never waits for
// a slow renderer, and posts no more frames than the page shows (the others are dropped). One step
// call is kept to about CHUNK_MS of work (fewer steps than the speed asks for a large system), so
// a pause, a live change or the page's watchdog never waits long; the trajectory is the same for
// any chunking.
const CHUNK_MS = 100;
// Lets the page's messages in (pause, acks, live changes) between chunks, through a message to
// itself: a timer would do it too, but nested setTimeout(0)s wait 4 ms each (the browsers' clamp),
// which left the engine idle 4 ms per chunk (at 10 steps per frame and 1918 atoms, as long as
// the steps themselves).
const yieldChannel = new MessageChannel();
let resumePump = null;
yieldChannel.port1.onmessage = () => resumePump();
const messagesIn = () => new Promise((r) => { resumePump = r; yieldChannel.port2.postMessage(null); });
let cap = Infinity; // units per step call
let pumping = false;
// An MD run's output cadence and the step it is at: a step call while playing ends at the next
// output step, and the frame of an output step is always posted, so that the page's timeline (which
// keeps a frame per output step) gets each one however seldom the view draws.
let outputEvery = 0;
let stepNow = 0;
const MAX_IN_FLIGHT = 16;
async function pump() {
  if (pumping) return;
  pumping = true;
  while (playing && engine) {
    let done = 0;
    try {
      const want = (speed || FASTEST_CALL) * engine.units_per_speed_step();
      const wait = paceWait(want);
      if (wait > 0) {
        await new Promise((r) => setTimeout(r, wait)); // messages (pause, acks) come in meanwhile
        continue;
      }
      const whole = Math.max(1, Math.min(want, cap));
      const n = outputEvery > 0 ? Math.min(whole, outputEvery - (stepNow % outputEvery)) : whole;
      const t0 = performance.now();
      done = engine.step(n);
      stepNow += done;
      paceDone += done;
      const ms = performance.now() - t0;
      if (ms > 2 * CHUNK_MS) cap = Math.max(1, Math.floor((n * CHUNK_MS) / ms));
      else if (ms < CHUNK_MS / 2 && n === whole && n < want) cap = Math.min(want, 2 * n);
    } catch (err) {
      playing = false;
      post({ type: 'error', message: String(err.message || err) });
      // The call may have stepped part of the way: the count from the engine, for a later Play.
      try { stepNow = engine.frame_state().step; } catch { /* the engine says no more */ }
      break;
    }
    // The run's last frame is always posted (in flight or not), so the page ends on the final step;
    // so is an output step's, for the timeline, unless the page is that far behind (output every
    // step or two, say).
    const output = outputEvery > 0 && done > 0 && stepNow % outputEvery === 0 && inFlight < MAX_IN_FLIGHT;
    if (inFlight < 2 || done === 0 || output) {
      inFlight++;
      const [m, t] = frameMessage(null, 'frame', done === 0);
      post(m, t);
    }
    if (done === 0) { playing = false; post({ type: 'ended' }); } // the run is over
    await messagesIn();
  }
  pumping = false;
}

self.onmessage = async (e) => {
  const m = e.data;
  try {
    switch (m.type) {
      case 'init': {
        // Three builds: threaded (needs cross-origin isolation), single-threaded, and compatible
        // (single-threaded without WebAssembly SIMD, for browsers that lack it). All three give
        // the same trajectories.
        pkg = await import(!m.simd ? './pkg-compat/nanocoalesce.js' : m.mt ? './pkg-mt/nanocoalesce.js' : './pkg-st/nanocoalesce.js');
        await pkg.default();
        if (pkg.is_parallel()) await pkg.initThreadPool(m.threads);
        setPace(m.stepsPerFrame); // the page's pace control, as it stands
        post({ type: 'ready', id: m.id, threads: pkg.thread_count(), parallel: pkg.is_parallel(), simd: pkg.simd_backend(), catalog: pkg.catalog() });
        break;
      }
      case 'load': load(m); break;
      case 'play': playing = true; restartPace(); pump(); break;
      case 'pause': playing = false; break;
      case 'ack': inFlight = Math.max(0, inFlight - (m.frames || 1)); break;
      case 'speed': setPace(m.stepsPerFrame); break;
      case 'step': {
        const wasPlaying = playing;
        playing = false;
        // The page's Step button asks in steps of the pace control (a batch of kMC events each),
        // the scripting interface in the engine's units.
        const n = m.speedSteps !== undefined ? m.speedSteps * engine.units_per_speed_step() : m.n;
        stepNow += engine.step(n);
        const [msg, t] = frameMessage(m.id);
        post(msg, t);
        playing = wasPlaying;
        if (playing) pump();
        break;
      }
      case 'state': post({ type: 'reply', id: m.id, value: engine.state() }); break;
      case 'stall': {
        // The browser tests' stand-in for a step that does not return: busy for m.ms.
        const end = performance.now() + m.ms;
        while (performance.now() < end) { /* busy */ }
        post({ type: 'reply', id: m.id, value: null });
        break;
      }
      case 'steer': {
        // Between two step calls (the pump lets messages in between them): the event's step is
        // the step the engine is at, as the replay will see it.
        engine.steer(m.change); // throws naming the problem; the run goes on unchanged
        post({ type: 'reply', id: m.id, value: { link: engine.link() ?? null, scenario: engine.scenario(), state: engine.state() } });
        break;
      }
      case 'colour': {
        classMode = m.mode;
        const cls = classes();
        post({ type: 'reply', id: m.id, value: cls }, cls ? [cls.buffer] : []);
        break;
      }
      case 'classes-of': {
        const cls = engine.atom_classes_of(m.mode, m.positions, m.species);
        post({ type: 'reply', id: m.id, value: cls }, [cls.buffer]);
        break;
      }
      case 'rdf': post({ type: 'reply', id: m.id, value: engine.rdf(m.rmax ?? 10, m.dr ?? 0.05) }); break;
      case 'xrd': post({ type: 'reply', id: m.id, value: engine.xrd(m.from ?? 20, m.to ?? 90, m.step ?? 0.1) }); break;
      case 'caloric': post({ type: 'reply', id: m.id, value: pkg.caloric_curve(m.t, m.e, m.bin ?? 10) }); break;
      case 'fit': post({ type: 'reply', id: m.id, value: pkg.power_law_fit(m.t, m.y, m.from, m.to) }); break;
      case 'neck-chart': post({ type: 'reply', id: m.id, value: pkg.neck_chart(m.t, m.r, m.a ?? []) }); break;
      case 'trajectory': post({ type: 'reply', id: m.id, value: engine.trajectory_extxyz() }); break;
      case 'table-csv': post({ type: 'reply', id: m.id, value: engine.table_csv() }); break;
      case 'link': post({ type: 'reply', id: m.id, value: pkg.link_from_scenario(m.scenario) }); break;
      case 'kmc-link': post({ type: 'reply', id: m.id, value: pkg.kmc_neck_link(m.fields) }); break;
      case 'film-link': post({ type: 'reply', id: m.id, value: pkg.film_link(m.seed) }); break;
      case 'fresh-seed': post({ type: 'reply', id: m.id, value: pkg.fresh_seed() }); break;
      case 'potential-file': {
        const checked = pkg.check_potential_file(m.name, m.text); // throws naming the problem
        files[m.name] = m.text;
        post({ type: 'reply', id: m.id, value: checked });
        break;
      }
      case 'deck': {
        const bytes = engine.lammps_deck_tar();
        post({ type: 'reply', id: m.id, value: bytes }, [bytes.buffer]);
        break;
      }
      default: throw new Error(`unknown message ${m.type}`);
    }
  } catch (err) {
    post({ type: 'error', id: m.id, message: String(err.message || err) });
  }
};
