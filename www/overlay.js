// What the view shows besides the atoms: a scale bar in nm, the time and temperature, and the
// colour legend (elements, a-CNA classes, particles, …). Drawn as HTML over the canvas for the live
// view, and into a 2-D canvas over the atoms' image for screenshots and movies (`composite`).
import { ELEMENT_COLORS, CNA_COLORS, PARTICLE_COLORS, coordinationColor } from './render.js';

const css = (c) => `rgb(${c.map((v) => Math.round(255 * v)).join(',')})`;

/** A round scale-bar length (nm) about a fifth of `widthPx` at `nmPerPx`, and its length in px. */
export function scaleBar(nmPerPx, widthPx) {
  const want = 0.2 * widthPx * nmPerPx;
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500];
  const nm = steps.reduce((best, s) => (Math.abs(Math.log(s / want)) < Math.abs(Math.log(best / want)) ? s : best), steps[0]);
  return { nm, px: nm / nmPerPx };
}

/**
 * The legend entries [{ label, color }] of a colouring; `tail` names the last particle labels
 * (a substrate's, a press's upper plate's) in order.
 */
export function legendEntries(mode, elements, nParticles, tail = []) {
  switch (mode) {
    case 'cna': return [[1, 'FCC'], [2, 'HCP'], [3, 'BCC'], [4, 'ICO'], [0, 'other']].map(([k, label]) => ({ label, color: css(CNA_COLORS[k]) }));
    case 'particle': return Array.from({ length: Math.max(1, nParticles) }, (_, k) => ({
      label: k >= nParticles - tail.length ? tail[k - (nParticles - tail.length)] : `particle ${String.fromCharCode(65 + k)}`,
      color: css(PARTICLE_COLORS[k % PARTICLE_COLORS.length]),
    }));
    case 'coordination': return [[4, '≤ 4'], [8, '8'], [12, '≥ 12']].map(([n, label]) => ({ label: `${label} neighbours`, color: css(coordinationColor(n)) }));
    case 'surface': return elements.map((e) => ({ label: `${e} surface`, color: css(ELEMENT_COLORS[e] || [0.8, 0.8, 0.8]) })).concat([{ label: 'interior (dim)', color: '#444' }]);
    default: return elements.map((e) => ({ label: e, color: css(ELEMENT_COLORS[e] || [0.8, 0.8, 0.8]) }));
  }
}

export class ViewOverlay {
  /** `root`: the element laid over the canvas. */
  constructor(root) {
    this.root = root;
    root.innerHTML = '<div class="ov-clock"></div><div class="ov-scale"><div class="ov-bar"></div><span></span></div><ul class="ov-legend" aria-label="colour legend"></ul>';
    this.clock = root.querySelector('.ov-clock');
    this.bar = root.querySelector('.ov-bar');
    this.barLabel = root.querySelector('.ov-scale span');
    this.legend = root.querySelector('.ov-legend');
    this.state = { clock: '', bar: null, entries: [] };
  }

  /** Updates the clock text, the scale bar (from Å per CSS pixel) and the legend entries. */
  update({ clock, angstromPerCssPx, widthCssPx, entries }) {
    if (clock !== undefined && clock !== this.state.clock) { this.clock.textContent = clock; this.state.clock = clock; }
    if (angstromPerCssPx > 0) {
      const b = scaleBar(angstromPerCssPx / 10, widthCssPx);
      this.bar.style.width = `${b.px.toFixed(1)}px`;
      this.barLabel.textContent = `${b.nm} nm`;
      this.state.bar = b;
    }
    if (entries && JSON.stringify(entries) !== JSON.stringify(this.state.entries)) {
      this.state.entries = entries;
      this.legend.replaceChildren(...entries.map((e) => {
        const li = document.createElement('li');
        const sw = document.createElement('span');
        sw.className = 'ov-swatch';
        sw.style.background = e.color;
        li.append(sw, e.label);
        return li;
      }));
    }
  }

  /**
   * The atoms' canvas with the overlay drawn on it, in a new 2-D canvas (device pixels): clock top
   * left, scale bar bottom left, legend bottom right. Into `out` if given (a movie's frames).
   */
  composite(glCanvas, dpr, out) {
    const c = out ?? document.createElement('canvas');
    if (c.width !== glCanvas.width || c.height !== glCanvas.height) { c.width = glCanvas.width; c.height = glCanvas.height; }
    const g = c.getContext('2d');
    g.drawImage(glCanvas, 0, 0);
    const s = dpr;
    g.font = `${Math.round(13 * s)}px system-ui, sans-serif`;
    g.textBaseline = 'top';
    g.fillStyle = '#dde';
    g.fillText(this.state.clock, 10 * s, 8 * s);
    const b = this.state.bar;
    if (b) {
      const y = c.height - 22 * s;
      g.fillStyle = '#fff';
      g.fillRect(10 * s, y, b.px * s, 4 * s);
      g.fillStyle = '#dde';
      g.fillText(`${b.nm} nm`, 10 * s, y + 7 * s);
    }
    const entries = this.state.entries;
    g.textBaseline = 'middle';
    entries.forEach((e, k) => {
      const y = c.height - (10 + 18 * (entries.length - k)) * s;
      const w = g.measureText(e.label).width;
      const x = c.width - 10 * s - w;
      g.fillStyle = e.color;
      g.fillRect(x - 16 * s, y - 5 * s, 10 * s, 10 * s);
      g.fillStyle = '#dde';
      g.fillText(e.label, x, y);
    });
    return c;
  }
}
