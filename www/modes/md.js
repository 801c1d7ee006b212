// MD (+ MC) mode: thermodynamic charts per frame, analysis charts per output step (neck, Rg,
// surface area, rotation, surface composition for alloys), the log–log neck chart with the
// engine's power-law fit and sintering time, and the g(r) / XRD curves on demand.
import { Charts, CurvePlot } from '../charts.js';

const THERMO_CHARTS = [
  { key: 'temperature', label: 'Temperature (K)', columns: [{ column: 'temperature_K', label: 'T' }, { column: 'target_temperature_K', label: 'target' }], colors: ['#ff7b54', '#778'] },
  { key: 'pe', label: 'Potential energy (eV/atom)', column: 'potential_eV', perAtom: true, color: '#7bc8ff' },
  { key: 'energy', label: 'Total energy, potential + kinetic (eV/atom)', column: 'total_eV', perAtom: true, color: '#f0a0c0' },
  { key: 'com', label: 'Centre-of-mass distance (Å)', column: 'com_distance_A', color: '#9be37b', pairOnly: true },
  { key: 'acceptance', label: 'MC swap acceptance', column: 'swap_acceptance', color: '#d68cff', swapsOnly: true },
];

export class MdMode {
  /** `areas`: { obs, analysis, curves } containers; `request`: the worker client's request. */
  constructor(areas, request) {
    this.areas = areas;
    this.request = request;
    this.fitPending = false;
    this.lastFit = 0;
    this.fitResult = null;
    this.curves = null;
  }

  /** Builds the charts for a loaded run from its history. */
  load(m) {
    const h = m.history;
    this.substrate = !!m.scenario.substrate;
    // The labels after the particles': the substrate (the lower plate of a press) and the plate.
    this.tailLabels = !this.substrate ? [] : m.scenario.press ? ['lower plate (substrate)', 'upper plate'] : ['substrate'];
    this.nAtoms = m.state.n_atoms;
    this.thermoColumns = h.thermo_columns;
    this.columns = ['time_ps', 'temperature_K', 'potential_per_atom_eV', ...h.analysis_columns];
    const tcol = (n) => this.thermoColumns.indexOf(n);
    this.areas.obs.hidden = false;
    this.areas.obs.replaceChildren();
    // Charts of two particles (neck, shrinkage, rotation) only for a scene of two or more.
    const parts = m.scenario.structure.particles;
    this.pair = !m.scenario.structure.bulk && (!parts || parts.length >= 2);
    this.thermo = new Charts(this.areas.obs, THERMO_CHARTS.filter((c) => (!c.swapsOnly || h.swaps) && (!c.pairOnly || this.pair))
      .map((c) => (c.columns ? { ...c, columns: c.columns.map((x) => ({ ...x, column: tcol(x.column) })) } : { ...c, column: tcol(c.column) })), tcol('time_ps'));
    this.thermo.push(this.thermoRow(h.thermo), this.nAtoms);
    this.areas.analysis.replaceChildren();
    const col = (n) => this.columns.indexOf(n);
    const specs = [
      { key: 'neck', label: 'Neck diameter (Å)', column: col('neck_diameter_A'), color: '#f5c542', pairOnly: true },
      { key: 'rg', label: 'Radius of gyration (Å)', column: col('rg_A'), color: '#d68cff' },
      { key: 'area', label: 'Surface area A/A₀', column: col('area_ratio'), color: '#7bc8ff' },
      { key: 'rotation', label: 'Rotation of the particles (°)', pairOnly: true, columns: [{ column: col('relative_rotation_deg'), label: 'relative rotation' }, { column: col('misorientation_deg'), label: 'lattice misorientation' }] },
    ];
    specs.push({ key: 'cna', label: 'Crystalline order (a-CNA fraction)', columns: [['frac_fcc', 'FCC'], ['frac_hcp', 'HCP'], ['frac_ico', 'ICO'], ['frac_other', 'other']].map(([c, label]) => ({ column: col(c), label })) });
    // A wall has a metal–support energy; a crystalline substrate (many-body) has none to show.
    if (col('support_energy_eV') >= 0 && m.scenario.support) {
      specs.push({ key: 'support', label: 'Metal–support energy (eV)', column: col('support_energy_eV'), color: '#9be37b' });
    }
    if (col('contact_angle_deg') >= 0) {
      specs.push({ key: 'contact', label: 'Contact angle on the support (°)', column: col('contact_angle_deg'), color: '#ff7b54' });
    }
    if (col('misorientation_a_substrate_deg') >= 0) {
      const both = [{ column: col('misorientation_a_substrate_deg'), label: 'particle A' }];
      if (this.pair) both.push({ column: col('misorientation_b_substrate_deg'), label: 'particle B' });
      specs.push({ key: 'epitaxy', label: 'Misorientation to the substrate lattice (°)', columns: both });
    }
    if (col('relative_density') >= 0 && m.scenario.press) {
      specs.push({ key: 'press', label: 'Relative density of the compact between the plates', column: col('relative_density'), color: '#ffb347' });
      specs.push({ key: 'plates', label: 'Gap between the plates (Å)', column: col('plate_gap_A'), color: '#9fd3c7' });
    }
    // A bulk crystal: its lattice constant (the box under a barostat) and pressure.
    if (col('lattice_constant_A') >= 0 && m.scenario.structure.bulk) {
      specs.push({ key: 'lattice', label: 'Lattice constant of the crystal (Å)', column: col('lattice_constant_A'), color: '#7bc8ff' });
      specs.push({ key: 'pressure', label: 'Pressure (bar)', column: col('pressure_bar'), color: '#ff7b54' });
    }
    if (m.elements.length > 1 && !m.scenario.structure.bulk) {
      specs.push({ key: 'surface', label: 'Surface composition (fraction)', columns: m.elements.map((e) => ({ column: col(`surface_frac_${e}`), label: e })) });
    }
    this.analysis = new Charts(this.areas.analysis, specs.filter((s) => (s.columns ? s.columns[0].column : s.column) >= 0 && (!s.pairOnly || this.pair)), 0);
    this.neckPlot = !this.pair ? null : new CurvePlot(this.areas.analysis, 'neckfit', 'Neck radius vs time since contact (log–log)', 't − t_contact (ps)', ['neck radius (Å)', 'fit'], { log: true, points: [true, false] });
    this.localPlot = !this.pair ? null : new CurvePlot(this.areas.analysis, 'necklocal', 'Local exponent d ln r / d ln t of the neck', 't − t_contact (ps)', ['local exponent'], { logX: true, points: [true] });
    for (const row of h.rows) this.analysis.push(this.analysisRow(row), this.nAtoms);
    // A heating or cooling ramp: the caloric curve (potential energy per atom against T) with the
    // melting point the engine reads off it.
    this.caloricPlot = m.scenario.final_temperature_K !== undefined
      ? new CurvePlot(this.areas.analysis, 'caloric', 'Caloric curve: potential energy per atom vs temperature', 'T (K)', ['E (eV/atom)', 'binned'], { points: [true, false] })
      : null;
    if (!this.curves) {
      this.curves = {
        rdf: new CurvePlot(this.areas.curves, 'rdf', 'g(r): press "g(r)"', 'r (Å)', ['g(r)']),
        xrd: new CurvePlot(this.areas.curves, 'xrd', 'XRD: press "XRD"', '2θ (°)', ['I (e.u./atom)']),
      };
    }
    this.fitResult = null;
  }

  /** On a crystal the particles and the substrate may be one element: colour by particle. */
  get colour() { return this.substrate ? 'particle' : null; }

  thermoRow(t) { return this.thermoColumns.map((c) => t[c]); }
  analysisRow(r) { return this.columns.map((c) => r[c]); }

  /** A frame from the worker: the thermodynamic state and the new analysis rows. */
  frame(m) {
    this.nAtoms = m.state.n_atoms;
    this.thermo.push(this.thermoRow(m.frame.thermo), this.nAtoms);
    if (m.frame.rows.length) {
      for (const row of m.frame.rows) this.analysis.push(this.analysisRow(row), this.nAtoms);
      this.updateFit();
    }
    if (this.caloricPlot && m.frame.rows.length) this.updateCaloric();
  }

  /** The caloric curve of the output rows so far, at most once a second unless `force` (which
   * waits for a computation under way and then computes afresh). */
  async updateCaloric(force = false) {
    if (this.caloricPending) {
      if (!force) return this.caloric;
      await this.caloricPending.catch(() => {});
    } else if (!force && performance.now() - (this.lastCaloric ?? 0) < 1000) {
      return this.caloric;
    }
    this.lastCaloric = performance.now();
    this.caloricPending = this.computeCaloric();
    try {
      await this.caloricPending;
    } catch (err) {
      // Optional, as the fit: a failure leaves the chart as it was.
    } finally {
      this.caloricPending = null;
    }
    return this.caloric;
  }

  async computeCaloric() {
    // The output-step rows: the same points as the CLI's observables.csv.
    const t = this.analysis.column(this.columns.indexOf('temperature_K'));
    const e = this.analysis.column(this.columns.indexOf('potential_per_atom_eV'));
    const c = await this.request({ type: 'caloric', t, e, bin: 10 });
    this.caloric = c;
    const order = t.map((_, k) => k).sort((a, b) => t[a] - t[b]);
    const xs = order.map((k) => t[k]), ys = order.map((k) => e[k]);
    const binned = xs.map((x) => {
      if (!c) return null;
      const k = c.temperature.findIndex((tb) => Math.abs(tb - x) <= 5);
      return k >= 0 ? c.energy[k] : null;
    });
    const title = c ? `Caloric curve: melting point ${c.melting_point.toFixed(0)} K (largest dE/dT), latent heat ${c.latent_heat.toFixed(3)} eV/atom` : 'Caloric curve: potential energy per atom vs temperature';
    this.caloricPlot.set([xs, ys, binned], title);
  }

  redraw() { this.thermo.redraw(); this.analysis.redraw(); }

  /** The panel shows the scenario. */
  showIn(panel, m) { panel.showScenario(m.scenario); }

  /** Cursors at time `t` (ps; null: off) on the time charts (the timeline). */
  markTime(t) { this.thermo.mark(t); this.analysis.mark(t); }

  /** The view's clock: time, temperature and the thermostat's target. */
  clock(s) {
    const target = s.thermostat === 'none' ? 'NVE' : `target ${s.target_temperature.toFixed(0)} K`;
    return `t = ${s.time_ps.toFixed(2)} ps · T = ${s.temperature.toFixed(0)} K (${target})`;
  }

  status(s, build) {
    const end = s.step >= s.total_steps ? ` · run finished (${s.total_steps} steps; Reset replays it)` : '';
    return `${build} · ${s.n_atoms} atoms · step ${s.step} · ${s.time_ps.toFixed(2)} ps · ${s.temperature.toFixed(0)} K${end}`;
  }

  chartPoints(key) {
    if (key === 'necklocal') return this.local?.length ?? 0;
    return this.thermo.points(key) || this.analysis.points(key);
  }

  /** The analysis so far: column names, rows by name, the last fit. */
  table() {
    return { columns: this.columns, rows: this.analysis.rows.map((r) => Object.fromEntries(this.columns.map((c, k) => [c, r[k]]))), fit: this.fitResult };
  }

  thermoCsv() { return this.thermo.csv(this.thermoColumns); }

  /** The neck chart and its fits (computed by the engine), at most once a second unless `force`. */
  async updateFit(force = false) {
    if (this.fitPending || (!force && performance.now() - this.lastFit < 1000)) return this.fitResult;
    const cr = this.columns.indexOf('neck_radius_A'), ca = this.columns.indexOf('area_ratio');
    if (cr < 0 || !this.neckPlot) return this.fitResult;
    this.fitPending = true;
    this.lastFit = performance.now();
    try {
      const c = await this.request({ type: 'neck-chart', t: this.analysis.column(0), r: this.analysis.column(cr), a: ca >= 0 ? this.analysis.column(ca) : [] });
      const f = c.fit;
      let title = 'Neck radius vs time since contact (log–log)';
      if (f) title = `Neck growth r ∝ t^${f.exponent.toFixed(2)} (R² ${f.r_squared.toFixed(2)}, ${f.points} points, ${f.t_from.toFixed(2)}–${f.t_to.toFixed(2)} ps)`;
      if (c.sintering) title += ` · sintering time τ ${c.sintering.tau_ps.toFixed(1)} ps`;
      this.neckPlot.set([c.t, c.r, c.t.map((x) => (f ? f.prefactor * x ** f.exponent : null))], title);
      this.localPlot.set([c.local.map((e) => e.t), c.local.map((e) => e.exponent)]);
      this.local = c.local;
      this.fitResult = { neck: f, sintering: c.sintering };
    } catch (err) {
      // The fit is optional: a failure leaves the chart as it was.
    } finally {
      this.fitPending = false;
    }
    return this.fitResult;
  }

  /** g(r) of the current state, drawn and returned. */
  async rdf(timePs) {
    const c = await this.request({ type: 'rdf', rmax: 10, dr: 0.05 });
    this.curves.rdf.set([c.r, c.total], `g(r) at ${timePs.toFixed(2)} ps`);
    return c;
  }

  /** XRD (Cu Kα) of the current state, drawn and returned. */
  async xrd(timePs) {
    const c = await this.request({ type: 'xrd', from: 20, to: 90, step: 0.1 });
    const sc = c.scherrer ? ` · main peak ${c.scherrer.peak_two_theta.toFixed(1)}°, Scherrer size ${c.scherrer.size_nm.toFixed(2)} nm` : '';
    this.curves.xrd.set([c.two_theta, c.intensity], `XRD (Cu Kα) at ${timePs.toFixed(2)} ps${sc}`);
    return c;
  }
}
