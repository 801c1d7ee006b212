// Which charts show: the set a student needs first (temperature, neck, shrinkage, surface
// composition of alloys, a bulk crystal's lattice constant and pressure, the mode's own charts)
// and the preset's chart; the others behind a picker of toggles above the charts. Hidden charts keep recording; g(r) and XRD show once asked.

/** Charts shown by default (when the run makes them). */
const DEFAULT = new Set(['temperature', 'neck', 'com', 'surface', 'acceptance', 'caloric', 'lattice', 'pressure', 'kmcneck', 'kmclocal', 'film', 'filmtime']);

export class ChartPicker {
  /** `root`: the picker's element; `charts`: the charts column. */
  constructor(root, charts) {
    this.root = root;
    this.charts = charts;
    this.chosen = new Map(); // key → shown, as the user set it (kept across runs)
  }

  /** Rebuilds the toggles for the charts of the run now shown; `must`: a chart always shown. */
  refresh(must) {
    const charts = [...this.charts.querySelectorAll('.chart[data-key]')];
    this.root.replaceChildren();
    const summary = document.createElement('summary');
    this.root.appendChild(summary);
    this.summary = summary;
    for (const div of charts) {
      const key = div.dataset.key;
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.dataset.key = key;
      box.checked = key === must || (this.chosen.get(key) ?? DEFAULT.has(key));
      const name = div.querySelector('.u-title')?.textContent?.replace(/:.*$/, '').replace(/\s+\([^)]*\)$/, '') || key;
      label.append(box, ` ${name}`);
      label.title = div.querySelector('.u-title')?.textContent ?? key;
      box.addEventListener('change', () => { this.chosen.set(key, box.checked); this.apply(div, box.checked); this.count(); });
      this.root.appendChild(label);
      this.apply(div, box.checked);
    }
    this.count();
  }

  /** The summary line: how many of the run's charts show. */
  count() {
    const boxes = [...this.root.querySelectorAll('input')];
    this.summary.textContent = `Charts: ${boxes.filter((b) => b.checked).length} of ${boxes.length} shown`;
  }

  apply(div, shown) {
    div.hidden = !shown;
    // Charts sized while hidden: redraw at the column's width when shown.
    if (shown) window.dispatchEvent(new Event('resize'));
  }

  /** Shows a chart (e.g. g(r) once computed). */
  show(key) {
    const box = this.root.querySelector(`input[data-key="${key}"]`);
    const div = this.charts.querySelector(`.chart[data-key="${key}"]`);
    if (box) box.checked = true;
    if (div) div.hidden = false;
    if (box) this.count();
  }
}
