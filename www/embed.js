// The page's programmatic interface: `window.nanocoalesce` for scripts and tests, and, for a page
// embedding this one in an iframe, the same commands over postMessage:
// `frame.contentWindow.postMessage({ nanocoalesce: true, id, cmd, ... }, '*')` with `cmd` one of
// load (link or scenario), play, pause, step (n), state, analysis; the reply is
// `{ nanocoalesce: true, id, ok, result | error }`. The page also tells its host what happens:
// `{ nanocoalesce: true, event: 'ready' | 'observables' | 'ended', ... }` (`observables` at most
// twice a second while running).

/** Posts an event to the embedding page, if any. */
export function emit(event, payload = {}) {
  if (window.parent !== window) window.parent.postMessage({ nanocoalesce: true, event, ...payload }, '*');
}

/** Installs `window.nanocoalesce` (the object `api`) and the postMessage commands. */
export function installApi(api) {
  window.nanocoalesce = api;
  window.addEventListener('message', async (e) => {
    const m = e.data;
    if (!m || typeof m !== 'object' || !m.nanocoalesce) return;
    const reply = (payload) => e.source?.postMessage({ nanocoalesce: true, id: m.id, ...payload }, e.origin === 'null' ? '*' : e.origin);
    try {
      let result = null;
      switch (m.cmd) {
        case 'load': result = await api.load(m.link ?? m.scenario); break;
        case 'play': api.play(); break;
        case 'pause': api.pause(); break;
        case 'step': result = await api.step(m.n ?? 1); break;
        case 'state': result = await api.state(); break;
        case 'scrub': result = await api.scrub(m.k ?? 0); break;
        case 'steer': result = (await api.steer(m.change)).link; break;
        case 'analysis': result = api.analysis(); break;
        default: throw new Error(`unknown command '${m.cmd}'`);
      }
      reply({ ok: true, result });
    } catch (err) {
      reply({ ok: false, error: String(err.message || err) });
    }
  });
}
