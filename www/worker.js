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

function post(msg, transfer) { self.postMessage(msg, transfer || []); }

function state() {
  const obs = engine.observables();
  return {
    step: engine.steps_done(), time_ps: obs[1], threads: pkg.thread_count(), parallel: pkg.is_parallel(),
    n_atoms: engine.n_atoms(), temperature: obs[2], potential_energy: obs[4], kinetic_energy: obs[5],
    com_distance: obs[8], positions_sha256: engine.positions_sha256(),
  };
}

function frame(id) {
  const positions = engine.positions();
  const obs = Array.from(engine.observables());
  record();
  post({ type: 'frame', id, positions, obs, state: state() }, [positions.buffer]);
}

function record() {
  const every = JSON.parse(engine.scenario_json()).output_every;
  const step = engine.steps_done();
  if (step % every === 0 && step !== lastRecorded && trajectory.length < MAX_FRAMES) {
    trajectory.push(engine.extxyz_frame());
    lastRecorded = step;
  }
}

function load(msg) {
  let json = msg.scenario;
  let link = null;
  if (msg.link !== undefined) {
    json = pkg.scenario_from_link(msg.link); // throws with a message naming the problem
  }
  const next = new pkg.Engine(json);
  if (engine) engine.free();
  engine = next;
  link = pkg.link_from_scenario(engine.scenario_json());
  trajectory = [];
  lastRecorded = -1;
  const positions = engine.positions();
  record();
  post({
    type: 'loaded', id: msg.id, scenario: JSON.parse(engine.scenario_json()), link,
    elements: engine.elements(), species: engine.species(), particles: engine.particles(),
    names, positions, obs: Array.from(engine.observables()), state: state(),
  }, [positions.buffer]);
}

// Steps while playing; a frame is posted only when fewer than two are in flight, so the simulation
// never waits for a slow renderer (frames are dropped instead).
let pumping = false;
async function pump() {
  if (pumping) return;
  pumping = true;
  while (playing && engine) {
    try {
      engine.step(stepsPerFrame);
    } catch (err) {
      playing = false;
      post({ type: 'error', message: String(err.message || err) });
      break;
    }
    if (inFlight < 2) {
      inFlight++;
      frame(null);
    } else {
      record();
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
        let left = m.n;
        while (left > 0) { const k = Math.min(left, 50); engine.step(k); left -= k; record(); }
        frame(m.id);
        playing = wasPlaying;
        if (playing) pump();
        break;
      }
      case 'state': post({ type: 'state', id: m.id, state: state() }); break;
      case 'trajectory': post({ type: 'trajectory', id: m.id, text: trajectory.join('') }); break;
      case 'link': post({ type: 'link', id: m.id, link: pkg.link_from_scenario(m.scenario) }); break;
      default: throw new Error(`unknown message ${m.type}`);
    }
  } catch (err) {
    post({ type: 'error', id: m.id, message: String(err.message || err) });
  }
};
