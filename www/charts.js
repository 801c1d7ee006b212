// Live charts (uPlot): one small time-series plot per observable. Points are thinned to at most
// MAX_POINTS by dropping every other one when full, so long runs stay cheap to draw.
import uPlot from './vendor/uPlot.esm.js';

const MAX_POINTS = 1500;

export class Charts {
  /** `specs`: [{ key, label, column, scale }] with `column` the index in the observables row. */
  constructor(container, specs) {
    this.container = container;
    this.specs = specs;
    this.data = specs.map(() => [[], []]);
    this.plots = specs.map((s, k) => {
      const div = document.createElement('div');
      div.className = 'chart';
      div.dataset.key = s.key;
      container.appendChild(div);
      return new uPlot({
        width: 300, height: 150, legend: { show: false }, scales: { x: { time: false } },
        axes: [{ stroke: '#9aa', grid: { stroke: '#2a2e35' } }, { stroke: '#9aa', grid: { stroke: '#2a2e35' }, size: 60 }],
        series: [{ label: 'time (ps)', value: (u, v) => (v == null ? '' : `${v.toFixed(2)} ps`) }, { label: s.label, stroke: s.color || '#f5c542', width: 1.5 }],
        title: s.label,
      }, this.data[k], div);
    });
    this.rows = [];
  }

  clear() {
    this.data = this.specs.map(() => [[], []]);
    this.rows = [];
    this.plots.forEach((p, k) => p.setData(this.data[k]));
  }

  /** Adds an observables row (time in column 1). */
  push(row, nAtoms) {
    this.rows.push(row);
    this.specs.forEach((s, k) => {
      const [t, y] = this.data[k];
      const v = s.perAtom ? row[s.column] / nAtoms : row[s.column];
      if (t.length && row[1] <= t[t.length - 1]) return;
      t.push(row[1]);
      y.push(v);
      if (t.length > MAX_POINTS) {
        this.data[k] = [t.filter((_, i) => i % 2 === 0), y.filter((_, i) => i % 2 === 0)];
      }
    });
  }

  /** Redraws (call at most once per animation frame). */
  redraw() {
    this.plots.forEach((p, k) => {
      const w = Math.max(200, this.container.clientWidth - 10);
      if (p.width !== w) p.setSize({ width: w, height: 150 });
      p.setData(this.data[k]);
    });
  }

  /** Number of points of a chart. */
  points(key) {
    const k = this.specs.findIndex((s) => s.key === key);
    return k < 0 ? 0 : this.data[k][0].length;
  }

  /** All recorded rows as CSV with the given header names. */
  csv(names) {
    return [names.join(','), ...this.rows.map((r) => r.join(','))].join('\n') + '\n';
  }
}
