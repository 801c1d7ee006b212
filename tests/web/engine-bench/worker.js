// The engine in a Web Worker, as www/worker.js hosts it, timed around Engine.step alone: no frames
// are posted, nothing is drawn. Analysis runs only at the link's output cadence (`every`).
let pkg = null;
self.onmessage = async (e) => {
  const m = e.data;
  try {
    let value;
    if (m.type === 'init') {
      // A build of the page (www/pkg-mt or www/pkg-st), or another one's module path (experiments).
      pkg = await import(m.pkg || (m.mt ? '../../../www/pkg-mt/nanocoalesce.js' : '../../../www/pkg-st/nanocoalesce.js'));
      await pkg.default();
      if (pkg.is_parallel()) await pkg.initThreadPool(m.threads);
      value = { threads: pkg.thread_count(), parallel: pkg.is_parallel() };
    } else if (m.type === 'run') {
      const engine = new pkg.Engine({ link: m.link }, {});
      engine.step(m.warmup);
      const seconds = [];
      for (let r = 0; r < m.reps; r++) {
        const t = performance.now();
        engine.step(m.steps);
        seconds.push((performance.now() - t) / 1000);
      }
      value = { n_atoms: engine.state().n_atoms, seconds, sha: engine.state().positions_sha256 };
      engine.free();
    }
    self.postMessage({ id: m.id, ok: true, value });
  } catch (err) {
    self.postMessage({ id: m.id, ok: false, error: String(err.message || err) });
  }
};
