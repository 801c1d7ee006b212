// Film-growth (DDA) mode: the substrate seen from above, island density against coverage and
// coverage against time.
import { CurvePlot } from '../charts.js';

export class FilmMode {
  constructor(areas) { this.areas = areas; }

  load(m) {
    this.areas.obs.hidden = true;
    this.areas.analysis.replaceChildren();
    this.samples = [];
    this.density = new CurvePlot(this.areas.analysis, 'film', 'Island density vs coverage', 'coverage θ', ['islands per site']);
    this.coverage = new CurvePlot(this.areas.analysis, 'filmtime', 'Coverage vs time', 't (s)', ['coverage θ']);
    this.add(m.history);
  }

  frame(m) { this.add(m.frame); }

  add(f) {
    this.samples.push(...f.samples);
    const cov = [], dens = [], t = [], c2 = [];
    for (const s of this.samples) {
      if (s.coverage > 0) { cov.push(s.coverage); dens.push(s.island_density); }
      t.push(s.time_s);
      c2.push(s.coverage);
    }
    const n = dens.length ? dens[dens.length - 1] : 0;
    this.density.set([cov, dens], `Island density vs coverage (now ${n.toExponential(2)} per site)`);
    this.coverage.set([t, c2]);
  }

  redraw() {}

  get colour() { return 'element'; }

  /** The panel shows the seed. */
  showIn(panel, m) { panel.showFilm(m.scenario); }

  clock(s) { return `coverage ${s.coverage.toFixed(3)} · ${s.step} events`; }

  status(s) {
    return `film growth (DDA) · ${s.n_atoms} particles · ${s.step} events · coverage ${s.coverage.toFixed(3)} · ${s.island_density.toExponential(2)} islands per site`;
  }

  chartPoints(key) { return key === 'film' || key === 'filmtime' ? this.samples.length : 0; }
  table() { return { columns: ['time_s', 'coverage', 'island_density', 'events'], rows: this.samples.slice(), fit: null }; }
}
