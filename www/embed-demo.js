// A course page that embeds nanocoalesce: it starts the simulation in an iframe, drives it with
// commands (play, pause, load) and shows the events it sends (ready, observables, ended).
const LINK = 'v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&seed=42';
const PAGE = 'embed=1&controls=basic&autoplay=1&lock=particles,potential';
const frame = document.getElementById('sim');
const log = document.getElementById('log');
const params = new URLSearchParams(location.search);
frame.src = `../index.html?${params.get('link') ?? LINK}&${params.get('page') ?? PAGE}`;

/** Every event received, for scripts and tests. */
window.events = [];
let nextId = 1;
const waiting = new Map();

window.addEventListener('message', (e) => {
  const m = e.data;
  if (e.source !== frame.contentWindow || !m || !m.nanocoalesce) return;
  if (m.event) {
    window.events.push(m);
    if (m.event === 'observables') {
      const s = m.state;
      document.getElementById('readout').textContent = `t = ${s.time_ps?.toFixed(2)} ps, T = ${s.temperature?.toFixed(0)} K${m.row?.neck_diameter_A !== undefined ? `, neck ${m.row.neck_diameter_A.toFixed(1)} Å` : ''}`;
    } else {
      log.textContent += `${m.event}${m.state ? ` at step ${m.state.step}` : ''}\n`;
    }
  } else if (waiting.has(m.id)) {
    waiting.get(m.id)(m);
    waiting.delete(m.id);
  }
});

/** Sends a command; resolves with the reply `{ ok, result | error }`. */
window.ask = (msg) => new Promise((resolve) => {
  const id = nextId++;
  waiting.set(id, resolve);
  frame.contentWindow.postMessage({ nanocoalesce: true, id, ...msg }, '*');
});

document.getElementById('play').addEventListener('click', () => window.ask({ cmd: 'play' }));
document.getElementById('pause').addEventListener('click', () => window.ask({ cmd: 'pause' }));
document.getElementById('load').addEventListener('click', async () => {
  const r = await window.ask({ cmd: 'load', link: LINK.replace('T=873', 'T=1100') });
  log.textContent += r.ok ? 'loaded the 1100 K run\n' : `refused: ${r.error}\n`;
});
