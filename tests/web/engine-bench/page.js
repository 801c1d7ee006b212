// Starts the benchmark worker and exposes window.bench.run(options) -> timings (see worker.js).
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let next = 0;
const waiting = new Map();
worker.onmessage = (e) => {
  const { id, ok, value, error } = e.data;
  const w = waiting.get(id);
  waiting.delete(id);
  if (ok) w.resolve(value); else w.reject(new Error(error));
};
function call(type, args) {
  const id = next++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, type, ...args });
  });
}
window.bench = {
  isolated: self.crossOriginIsolated === true,
  /** Loads a build: { mt: bool, threads: n }. */
  init: (opts) => call('init', opts),
  /** Times `steps` steps of `link` `reps` times after `warmup` steps: { n_atoms, seconds[] }. */
  run: (opts) => call('run', opts),
};
document.body.dataset.ready = '1';
