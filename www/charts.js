// Live charts (uPlot). `Charts`: one small time-series plot per spec, fed with rows of numbers;
// a spec may draw several columns (e.g. the surface fraction of each element). Each chart keeps at
// most MAX_POINTS points and the recorded rows (CSV, fits) at most MAX_ROWS, each at an even stride
// that doubles when full (stride.js), so a long run stays covered, bounded and cheap to draw.
// `CurvePlot`: one x–y plot replaced as a whole (g(r), XRD, the log–log neck fit).
import uPlot from './vendor/uPlot.esm.js';
import { StrideList } from './stride.js';

const MAX_POINTS = 1500;
/** Rows kept for the CSV download and the fits (a 30-minute run at 60 rows a second is ~100,000). */
export const MAX_ROWS = 20000;
const PALETTE = ['#f5c542', '#7bc8ff', '#ff7b54', '#9be37b', '#d68cff', '#ff9bd2'];
const AXES = [{ stroke: '#9aa', grid: { stroke: '#2a2e35' } }, { stroke: '#9aa', grid: { stroke: '#2a2e35' }, size: 60 }];

/**
 * Axis tick label of value v: plain for moderate magnitudes, exponent form (2e-5) for very small
 * or large ones, which a fixed-decimals label would show as 0 (e.g. kMC times in seconds).
 */
export function tickLabel(v) {
  if (v == null) return '';
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(0).replace('e+', 'e') : String(+v.toPrecision(3));
}

/** Leading digit of v > 0 if v is that digit times a power of ten, else 0. */
function leadingDigit(v) {
  if (v == null || !(v > 0)) return 0;
  const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  const d = Math.round(m);
  return Math.abs(m - d) < 1e-6 ? d : 0;
}

/**
 * Tick labels of a log axis: the powers of ten; when fewer than two of them are in view, the 2s
 * and 5s as well; and when that still makes fewer than two, every tick (so an axis within one
 * decade still reads). The other minor ticks stay unlabelled.
 */
export function logTickLabels(splits) {
  const digits = splits.map(leadingDigit);
  const count = (keep) => digits.filter(keep).length;
  let keep = (d) => d === 1;
  if (count(keep) < 2) keep = (d) => d === 1 || d === 2 || d === 5;
  if (count(keep) < 2) keep = (d) => d > 0;
  return splits.map((v, k) => (keep(digits[k]) ? tickLabel(v) : ''));
}

function makePlot(container, key, title, xLabel, seriesLabels, opts = {}) {
  const div = document.createElement('div');
  div.className = 'chart';
  div.dataset.key = key;
  container.appendChild(div);
  const series = [{ label: xLabel }, ...seriesLabels.map((l, k) => ({
    label: l, stroke: opts.colors?.[k] || PALETTE[k % PALETTE.length], width: 1.5,
    points: { show: opts.points?.[k] ?? false },
    paths: opts.points?.[k] ? () => null : undefined,
  }))];
  // `log`: both axes logarithmic; `logX`: only x.
  const logAxis = [opts.log || opts.logX, opts.log];
  // `yRange`: a fixed y range (points outside are clipped).
  const scales = { x: { time: false, ...(logAxis[0] ? { distr: 3 } : {}) }, ...(logAxis[1] ? { y: { distr: 3 } } : {}), ...(opts.yRange ? { y: { range: opts.yRange } } : {}) };
  const data = [[], ...seriesLabels.map(() => [])];
  const axes = AXES.map((a, k) => (logAxis[k] ? { ...a, values: (u, splits) => logTickLabels(splits) } : a));
  const plot = new uPlot({ width: 300, height: 150, legend: { show: seriesLabels.length > 1 }, scales, axes, series, title }, data, div);
  return { div, plot };
}

export class Charts {
  /**
   * `specs`: [{ key, label, column | columns: [{ column, label }], scale?, perAtom? }], columns
   * being indices in the rows; `timeColumn`: the index of the time (ps) in a row.
   */
  constructor(container, specs, timeColumn = 1) {
    this.container = container;
    this.specs = specs.map((s) => ({ ...s, columns: s.columns || [{ column: s.column, label: s.label }] }));
    this.timeColumn = timeColumn;
    this.plots = this.specs.map((s) => makePlot(container, s.key, s.label, 'time (ps)', s.columns.map((c) => c.label), { colors: s.colors ?? (s.color ? [s.color] : null) }).plot);
    this.clear();
  }

  clear() {
    this.series = this.specs.map(() => new StrideList(MAX_POINTS));
    this.drawn = this.specs.map(() => -1); // the push count each chart was last drawn at
    this.log = new StrideList(MAX_ROWS);
    this.plots.forEach((p, k) => p.setData(this.data(k)));
  }

  /** The recorded rows (thinned: every stride-th, and the newest). */
  get rows() { return this.log.items; }

  /** Chart k's points in uPlot's column form. */
  data(k) {
    const pts = this.series[k].items;
    const cols = this.specs[k].columns.length + 1;
    return Array.from({ length: cols }, (_, j) => pts.map((p) => p[j]));
  }

  /** Adds a row. */
  push(row, nAtoms) {
    this.log.push(row);
    const t = row[this.timeColumn];
    this.specs.forEach((s, k) => {
      const pts = this.series[k].items;
      if (pts.length && t <= pts[pts.length - 1][0]) return;
      // NaN (e.g. the swap acceptance before the first attempt) is a gap, which uPlot draws.
      const values = s.columns.map((c) => {
        const v = s.perAtom ? row[c.column] / nAtoms : row[c.column];
        return Number.isFinite(v) ? v : null;
      });
      this.series[k].push([t, ...values]);
    });
  }

  /** Redraws the charts that changed (call at most once per animation frame). */
  redraw() {
    this.plots.forEach((p, k) => {
      const w = Math.max(200, this.container.clientWidth - 10);
      if (p.width !== w) p.setSize({ width: w, height: 150 });
      if (this.drawn[k] !== this.series[k].pushed) {
        this.drawn[k] = this.series[k].pushed;
        p.setData(this.data(k));
      }
    });
  }

  /** Puts every chart's cursor at time `t` (null: off), with its values in the legend. */
  mark(t) {
    for (const p of this.plots) {
      if (t === null || !p.data[0].length) p.setCursor({ left: -10, top: -10 });
      else p.setCursor({ left: p.valToPos(t, 'x'), top: 10 });
    }
  }

  /** Number of points of a chart. */
  points(key) {
    const k = this.specs.findIndex((s) => s.key === key);
    return k < 0 ? 0 : this.series[k].length;
  }

  /** The recorded values of a column (the rows kept). */
  column(c) { return this.rows.map((r) => r[c]); }

  /** All recorded rows as CSV with the given header names. */
  csv(names) {
    return [names.join(','), ...this.rows.map((r) => r.join(','))].join('\n') + '\n';
  }
}

/** An x–y plot whose data are replaced as a whole. */
export class CurvePlot {
  constructor(container, key, title, xLabel, seriesLabels, opts = {}) {
    this.container = container;
    this.title = title;
    const { div, plot } = makePlot(container, key, title, xLabel, seriesLabels, opts);
    this.div = div;
    this.plot = plot;
    this.n = 0;
  }

  /** data: [x, y1, y2, ...]; `title` replaces the title when given. */
  set(data, title) {
    this.n = data[0].length;
    const w = Math.max(200, this.container.clientWidth - 10);
    if (this.plot.width !== w) this.plot.setSize({ width: w, height: 150 });
    this.plot.setData(data);
    const t = this.div.querySelector('.u-title');
    if (t) t.textContent = title ?? this.title;
  }
}
