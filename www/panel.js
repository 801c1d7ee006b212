// The parameter panel: its menus filled from the engine's catalog, the fields the chosen mode
// uses (hidden fields keep their values), the scenario shown in it and read back from it, and
// the potential files the user loaded.

const $ = (id) => document.getElementById(id);

function option(select, value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label ?? value;
  select.appendChild(o);
}

// The fields each mode hides: kMC neck growth takes particle A's size, T and the seed; film
// growth only the seed; swaps only MD + MC.
const HIDDEN = {
  md: ['mc-every', 'mc-att', 'mc-region', 'kmc-alg'],
  mdmc: ['kmc-alg'],
  kmc: ['a-el', 'a-rot', 'b-row', 'gap', 'arr', 'arr-box', 'sup', 'press', 'baro', 'bulk-row', 'more-particles', 'temp1', 'thermo', 'dt', 'integrator', 'potential-section', 'mc-every', 'mc-att', 'mc-region'],
  film: ['particles', 'press', 'baro', 'temp', 'temp1', 'thermo', 'dt', 'integrator', 'potential-section', 'mc-every', 'mc-att', 'mc-region', 'kmc-alg'],
};

// What a bulk crystal (a periodic box, no particles) does not use; and what particles do not.
const BULK_HIDES = ['a-row', 'b-row', 'gap', 'arr', 'arr-box', 'sup', 'press', 'more-particles'];
const PARTICLES_HIDE = ['bulk-row', 'baro'];

export class Panel {
  /** Fills the menus from the engine's catalog. */
  constructor(catalog) {
    this.catalog = catalog;
    this.fileSpecs = new Map(); // option value `file:NAME` → the scenario's potential spec
    for (const key of ['a', 'b']) {
      for (const el of catalog.elements) option($(`${key}-el`), el);
      for (const sh of catalog.shapes) option($(`${key}-shape`), sh);
    }
    for (const el of catalog.elements) option($('bulk-el'), el);
    $('thermo').replaceChildren();
    for (const t of catalog.thermostats) option($('thermo'), t.value, t.label);
    $('arr').replaceChildren();
    for (const t of catalog.arrangements) option($('arr'), t.value, t.label);
    $('arr').addEventListener('change', () => this.showModeFields());
    $('sup').replaceChildren();
    for (const t of catalog.supports) option($('sup'), t.value, t.label);
    $('kmc-alg').replaceChildren();
    for (const t of catalog.kmc_algorithms) option($('kmc-alg'), t.value, t.label);
    $('integrator').replaceChildren();
    for (const t of catalog.integrators) option($('integrator'), t.value, t.label);
    $('pot').replaceChildren();
    for (const p of catalog.potentials) option($('pot'), p.value, p.label);
    this.showing = null; // the mode of the run shown: md, kmc or film
    $('mode').addEventListener('change', () => this.showModeFields());
    this.showModeFields();
  }

  mode() { return $('mode').value; }

  showModeFields() {
    const hide = new Set(HIDDEN[$('mode').value] ?? []);
    // kMC particles live on one fcc lattice: the twinned shapes are not offered there.
    const kmc = $('mode').value === 'kmc';
    for (const o of $('a-shape').options) o.disabled = kmc && !this.catalog.kmc_shapes.includes(o.value);
    if ($('a-shape').selectedOptions[0]?.disabled) $('a-shape').value = 'sphere';
    const box = (id) => { const el = $(id); return el.closest('label') ?? el; };
    for (const id of new Set(Object.values(HIDDEN).flat())) box(id).hidden = hide.has(id);
    // An MD scenario of one particle has no particle B to edit.
    if (this.showing === 'md' && !this.hasB) $('b-row').hidden = true;
    // The box is the random packing's only.
    if ($('arr').value !== 'random') box('arr-box').hidden = true;
    if (this.showing !== 'md' || !this.moreParticles) $('more-particles').hidden = true;
    if ($('mode').value === 'md' || $('mode').value === 'mdmc') {
      for (const id of this.bulk ? BULK_HIDES : PARTICLES_HIDE) box(id).hidden = true;
      if (this.bulk) $('bulk-row').hidden = false;
    }
  }

  /** Shows an MD scenario. */
  showScenario(s) {
    this.showing = 'md';
    this.mdScenario = s;
    const bulk = s.structure.bulk;
    this.bulk = Boolean(bulk);
    if (bulk) {
      if (bulk.chemistry.kind === 'pure') $('bulk-el').value = bulk.chemistry.element;
      $('bulk-lat').value = bulk.lattice;
      $('bulk-n').value = bulk.cells[0];
    }
    $('baro').value = s.barostat?.pressure_bar ?? '';
    const parts = s.structure.particles || [];
    this.hasB = Boolean(parts[1]);
    ['a', 'b'].forEach((key, k) => {
      const p = parts[k];
      $(`${key}-row`).hidden = !p;
      if (!p) return;
      if (p.chemistry.kind === 'pure') $(`${key}-el`).value = p.chemistry.element;
      $(`${key}-d`).value = p.diameter_nm;
      $(`${key}-shape`).value = p.shape;
      $(`${key}-rot`).value = (p.rotation_deg || [0, 0, 0])[2];
    });
    $('gap').value = s.structure.gap_angstrom ?? 4;
    const arr = s.structure.arrangement || { kind: 'chain' };
    $('arr').value = arr.kind;
    $('arr-box').value = arr.box_angstrom ?? 100;
    // The support: a menu entry, or the link's own wall or crystal kept as an extra entry.
    for (const o of [...$('sup').options]) if (o.value === 'link') o.remove();
    this.linkSupport = null;
    const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    const known = this.catalog.supports.find((c) => same(c.spec, s.support) && same(c.substrate, s.substrate));
    if (known) $('sup').value = known.value;
    else {
      this.linkSupport = { support: s.support, substrate: s.substrate };
      const label = s.support
        ? `LJ 9-3 wall ε ${s.support.epsilon_eV} eV, σ ${s.support.sigma_A} Å (from the link)`
        : `${s.substrate.element} ${s.substrate.face} crystal, ${s.substrate.layers} layers (from the link)`;
      option($('sup'), 'link', label);
      $('sup').value = 'link';
    }
    // Particles past B come from the link; the panel keeps them as they are.
    this.moreParticles = Math.max(0, parts.length - 2);
    $('more-particles').textContent = this.moreParticles
      ? `and ${this.moreParticles} more particle${this.moreParticles > 1 ? 's' : ''} from the link (${parts.slice(2).map((p) => p.diameter_nm + ' nm ' + p.shape).join(', ')}), kept as they are`
      : '';
    $('more-particles').hidden = !this.moreParticles;
    if (this.bulk) $('a-row').hidden = $('b-row').hidden = true;
    $('press').value = s.press?.pressure_bar ?? '';
    $('temp').value = s.temperature_K;
    $('temp1').value = s.final_temperature_K ?? '';
    $('thermo').value = s.thermostat;
    $('dt').value = s.dt_ps;
    $('integrator').value = s.integrator || 'velocity-verlet';
    $('seed').value = s.seed;
    $('mode').value = s.mc ? 'mdmc' : 'md';
    this.showModeFields();
    const pot = s.potential || { kind: 'zhou' };
    const file = pot.file || (pot.files && pot.files.join(','));
    const value = file ? `file:${file}` : pot.kind === 'zhou' && pot.analytic ? 'zhou-analytic' : pot.kind;
    if (file) this.fileSpecs.set(value, pot);
    if (![...$('pot').options].some((o) => o.value === value)) option($('pot'), value, value.replace(/^file:/, 'file: '));
    $('pot').value = value;
    if (s.mc) {
      $('mc-every').value = s.mc.every;
      $('mc-att').value = s.mc.attempts;
      $('mc-region').value = s.mc.region || 'all';
    }
  }

  /** Shows a kMC neck run from its spec: particle A's diameter = 2 r, T, seed. */
  showKmcNeck(spec) {
    this.showing = 'kmc';
    $('a-d').value = 2 * spec.radius_nm;
    $('a-shape').value = spec.shape ?? 'sphere';
    $('temp').value = spec.model.temperature_K;
    $('seed').value = spec.seed;
    $('kmc-alg').value = spec.algorithm === 'rejection' ? 'rkmc' : 'bkl';
    $('mode').value = 'kmc';
    this.showModeFields();
  }

  /** Shows a film run from its spec: the seed. */
  showFilm(spec) {
    this.showing = 'film';
    $('seed').value = spec.seed;
    $('mode').value = 'film';
    this.showModeFields();
  }

  /**
   * What "Apply and restart" loads: a kMC or film link from the panel's fields, or the MD
   * scenario of the panel (from the MD scenario shown). `request` asks the engine.
   */
  async applied(request) {
    switch ($('mode').value) {
      case 'film': return request({ type: 'film-link', seed: this.seed() });
      case 'kmc': return request({ type: 'kmc-link', fields: this.kmcFields() });
      default:
        if (this.showing !== 'md') throw new Error('Pick a preset for an MD run (the panel shows the last MD scenario).');
        return this.scenario(this.mdScenario);
    }
  }

  /** The MD scenario in the panel, from the last one shown. */
  scenario(base) {
    const s = structuredClone(base);
    if (s.structure.bulk) return this.bulkScenario(s);
    ['a', 'b'].forEach((key, k) => {
      const p = s.structure.particles[k];
      if (!p) return;
      if (p.chemistry.kind === 'pure') p.chemistry.element = $(`${key}-el`).value;
      p.diameter_nm = Number($(`${key}-d`).value);
      p.shape = $(`${key}-shape`).value;
      const r = p.rotation_deg || [0, 0, 0];
      p.rotation_deg = [r[0], r[1], Number($(`${key}-rot`).value)];
    });
    s.structure.gap_angstrom = Number($('gap').value);
    const sup = $('sup').value;
    const choice = sup === 'link' ? this.linkSupport : this.catalog.supports.find((c) => c.value === sup) ?? {};
    if (choice.spec ?? choice.support) s.support = choice.spec ?? choice.support; else delete s.support;
    if (choice.substrate) s.substrate = choice.substrate; else delete s.substrate;
    const press = $('press').value.trim();
    if (press === '') delete s.press;
    else s.press = { pressure_bar: Number(press), plate_layers: base.press?.plate_layers ?? 3 };
    const kind = $('arr').value;
    if (kind === 'chain') delete s.structure.arrangement;
    else s.structure.arrangement = kind === 'random' ? { kind, box_angstrom: Number($('arr-box').value) } : { kind };
    return this.conditions(s);
  }

  /** A bulk scenario with the panel's crystal and barostat (the cells the same along each axis). */
  bulkScenario(s) {
    const b = s.structure.bulk;
    if (b.chemistry.kind === 'pure') b.chemistry.element = $('bulk-el').value;
    b.lattice = $('bulk-lat').value;
    const n = Number($('bulk-n').value);
    b.cells = [n, n, n];
    const p = $('baro').value.trim();
    if (p === '') delete s.barostat;
    else s.barostat = { ...(s.barostat ?? { period_ps: 1 }), pressure_bar: Number(p) };
    return this.conditions(s);
  }

  /** The run's conditions from the panel (temperature, thermostat, time step, seed, potential, swaps). */
  conditions(s) {
    s.temperature_K = Number($('temp').value);
    const t1 = $('temp1').value.trim();
    if (t1 === '') delete s.final_temperature_K; else s.final_temperature_K = Number(t1);
    s.thermostat = $('thermo').value;
    s.dt_ps = Number($('dt').value);
    if ($('integrator').value === 'velocity-verlet') delete s.integrator; else s.integrator = $('integrator').value;
    s.seed = Number($('seed').value);
    s.potential = this.potentialSpec($('pot').value);
    if ($('mode').value === 'mdmc') s.mc = { every: Number($('mc-every').value), attempts: Number($('mc-att').value), region: $('mc-region').value };
    else delete s.mc;
    return s;
  }

  /** The kMC fields: `{ radius_nm, shape, temperature, seed }`. */
  kmcFields() {
    return { radius_nm: Number($('a-d').value) / 2, shape: $('a-shape').value, temperature: Number($('temp').value), seed: Number($('seed').value), algorithm: $('kmc-alg').value === 'rkmc' ? 'rejection' : 'rejection-free' };
  }

  seed() { return Number($('seed').value); }
  setSeed(s) { $('seed').value = s; }

  potentialSpec(value) {
    if (value.startsWith('file:')) return this.fileSpecs.get(value);
    if (value === 'zhou-analytic') return { kind: 'zhou', analytic: true };
    return { kind: value };
  }

  /** Adds a checked potential file (`{ description, spec }`) and selects it. */
  addPotentialFile(name, checked) {
    const value = `file:${name}`;
    this.fileSpecs.set(value, checked.spec);
    if (![...$('pot').options].some((o) => o.value === value)) option($('pot'), value, `file: ${name}`);
    $('pot').value = value;
    $('potential-section').open = true;
  }
}
