// kMC neck-growth mode: the lattice atoms by particle; the log–log chart of the neck radius
// against physical time with a power-law fit over a window the user may set (default: contact to
// 90 % of the largest neck); and the local exponent d ln r / d ln t against time, with the 1/3
// (just after contact) and 1/6 (intermediate stage) of lattice kMC studies for reference.
import { CurvePlot } from '../charts.js';

export class KmcMode {
  /** `request`: the worker client's request (for fits over the user's window). */
  constructor(areas, request) { this.areas = areas; this.request = request; }

  load(m) {
    this.areas.obs.hidden = true;
    this.areas.analysis.replaceChildren();
    this.samples = [];
    this.local = [];
    this.userFit = null;
    this.plot = new CurvePlot(this.areas.analysis, 'kmcneck', 'kMC: neck radius vs time (log–log)', 't (s)', ['neck radius (Å)', 'fit'], { log: true, points: [true, false] });
    this.window = this.fitWindowForm();
    this.localPlot = new CurvePlot(this.areas.analysis, 'kmclocal', 'Local exponent d ln r / d ln t, with 1/3 and 1/6', 't (s)', ['local exponent', '1/3', '1/6'], { logX: true, yRange: [-0.2, 0.8], points: [true, false, false], colors: ['#f5c542', '#9aa', '#667'] });
    this.add(m.history);
  }

  /** The fit window inputs (s); blank means the default window. */
  fitWindowForm() {
    const form = document.createElement('form');
    form.className = 'fit-window';
    form.innerHTML = '<span>Fit window (s)</span> <label>from <input name="from" type="text" inputmode="decimal" placeholder="contact" size="8"></label> <label>to <input name="to" type="text" inputmode="decimal" placeholder="90 % of max" size="8"></label> <output></output>';
    form.addEventListener('submit', (e) => e.preventDefault());
    for (const input of form.querySelectorAll('input')) input.addEventListener('change', () => this.setWindow(form.from.value, form.to.value));
    this.areas.analysis.appendChild(form);
    return form;
  }

  /**
   * Sets the fit window from two texts (seconds; blank = default end). Returns the fit, or null
   * (then the form says why) with a bad window or too few samples in it.
   */
  async setWindow(fromText, toText) {
    const out = this.window.querySelector('output');
    this.window.from.value = fromText ?? '';
    this.window.to.value = toText ?? '';
    const parse = (s) => (String(s ?? '').trim() === '' ? null : Number(s));
    const [from, to] = [parse(fromText), parse(toText)];
    out.textContent = '';
    if (from === null && to === null) { this.userFit = null; this.draw(); return this.fit; }
    if ([from, to].some((v) => v !== null && !(Number.isFinite(v) && v >= 0))) {
      out.textContent = 'times must be numbers ≥ 0 (e.g. 1e-6)';
      return null;
    }
    if (from !== null && to !== null && from >= to) { out.textContent = '“from” must be before “to”'; return null; }
    this.userFit = { from: from ?? 0, to: to ?? Infinity };
    return this.refit();
  }

  /** Fits the samples over the user's window (in the engine, as the CLI's --fit-from/--fit-to). */
  async refit() {
    const pts = this.samples.filter((s) => s.time_s > 0 && s.radius > 0);
    const { from, to } = this.userFit;
    const fit = await this.request({ type: 'fit', t: pts.map((s) => s.time_s), y: pts.map((s) => s.radius), from, to: Number.isFinite(to) ? to : 1e300 });
    this.userFit.fit = fit;
    this.window.querySelector('output').textContent = fit ? '' : 'fewer than 3 samples in this window';
    this.draw();
    return fit;
  }

  frame(m) { this.add(m.frame); }

  /** New samples, the default fit and the local exponents of all so far. */
  add(f) {
    this.samples.push(...f.samples);
    this.defaultFit = f.fit;
    this.local = f.local;
    if (this.userFit && f.samples.length) this.refit().catch(() => {});
    this.draw();
  }

  /** The fit shown: the user's window if set, else the default. */
  get fit() { return this.userFit ? this.userFit.fit ?? null : this.defaultFit; }

  draw() {
    const xs = [], ys = [], fy = [];
    for (const s of this.samples) {
      if (s.time_s > 0 && s.radius > 0) { xs.push(s.time_s); ys.push(s.radius); }
    }
    const fit = this.fit;
    for (const x of xs) fy.push(fit && x >= fit.t_from * 0.999 && x <= fit.t_to * 1.001 ? fit.prefactor * x ** fit.exponent : null);
    const where = this.userFit ? ', your window' : '';
    const title = fit ? `kMC neck growth r ∝ t^${fit.exponent.toFixed(2)} (R² ${fit.r_squared.toFixed(2)}, ${fit.points} samples${where})` : 'kMC: neck radius vs time (log–log)';
    this.plot.set([xs, ys, fy], title);
    const lt = this.local.map((e) => e.t);
    this.localPlot.set([lt, this.local.map((e) => e.exponent), lt.map(() => 1 / 3), lt.map(() => 1 / 6)]);
  }

  redraw() {}

  /** Lattice atoms are one element: colour them by particle. */
  get colour() { return 'particle'; }

  /** The panel shows particle A's size, T and the seed. */
  showIn(panel, m) { panel.showKmcNeck(m.scenario); }

  clock(s) { return `t = ${s.time_s.toExponential(2)} s · ${s.n_atoms} atoms`; }

  status(s) {
    const rejected = s.rejected_fraction == null ? '' : ` · rejection kMC: ${(100 * s.rejected_fraction).toFixed(3)} % of attempts rejected`;
    return `kinetic Monte Carlo · ${s.n_atoms} atoms · ${s.step} events · t = ${s.time_s.toExponential(3)} s · neck ${s.neck_radius.toFixed(1)} Å${rejected}`;
  }

  chartPoints(key) {
    if (key === 'kmcneck') return this.samples.length;
    if (key === 'kmclocal') return this.local.length;
    return 0;
  }

  table() { return { columns: ['events', 'time_s', 'radius', 'atoms'], rows: this.samples.slice(), fit: this.fit, local: this.local.slice() }; }
}
