// kMC neck-growth mode: the lattice atoms by particle, and the log–log chart of the neck radius
// against physical time with the engine's power-law fit.
import { CurvePlot } from '../charts.js';

export class KmcMode {
  constructor(areas) { this.areas = areas; }

  load(m) {
    this.areas.obs.hidden = true;
    this.areas.analysis.replaceChildren();
    this.samples = [];
    this.plot = new CurvePlot(this.areas.analysis, 'kmcneck', 'kMC: neck radius vs time (log–log)', 't (s)', ['neck radius (Å)', 'fit'], { log: true, points: [true, false] });
    this.add(m.history);
  }

  frame(m) { this.add(m.frame); }

  /** New samples and the fit of all so far. */
  add(f) {
    this.samples.push(...f.samples);
    this.fit = f.fit;
    const xs = [], ys = [], fy = [];
    for (const s of this.samples) {
      if (s.time_s > 0 && s.radius > 0) { xs.push(s.time_s); ys.push(s.radius); }
    }
    for (const x of xs) fy.push(this.fit ? this.fit.prefactor * x ** this.fit.exponent : null);
    const title = this.fit ? `kMC neck growth r ∝ t^${this.fit.exponent.toFixed(2)} (R² ${this.fit.r_squared.toFixed(2)}, ${this.fit.points} samples)` : 'kMC: neck radius vs time (log–log)';
    this.plot.set([xs, ys, fy], title);
  }

  redraw() {}

  /** Lattice atoms are one element: colour them by particle. */
  get colour() { return 'particle'; }

  /** The panel shows particle A's size, T and the seed. */
  showIn(panel, m) { panel.showKmcNeck(m.scenario); }

  status(s) {
    return `kinetic Monte Carlo · ${s.n_atoms} atoms · ${s.step} events · t = ${s.time_s.toExponential(3)} s · neck ${s.neck_radius.toFixed(1)} Å`;
  }

  chartPoints(key) { return key === 'kmcneck' ? this.samples.length : 0; }
  table() { return { columns: ['events', 'time_s', 'radius', 'atoms'], rows: this.samples.slice(), fit: this.fit }; }
}
