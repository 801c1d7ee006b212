// The timeline: the frames the page has been sent (positions, species, state), kept within a
// memory budget at an even stride (stride.js: each time the budget is passed the stride doubles
// and the frames off it are dropped), so the whole run stays reachable at an even, coarser
// spacing, plus the newest frame; and a scrubber to view any of them again.
import { StrideList } from './stride.js';

/** Memory for the recorded positions and species, bytes. */
export const BUDGET_BYTES = 64 * 1024 * 1024;

const size = (f) => f.positions.byteLength + (f.species?.byteLength ?? 0);

export class Timeline {
  constructor(budget = BUDGET_BYTES) {
    this.list = new StrideList(budget, size);
    this.reset(0);
  }

  /** Forgets every frame; frames closer than `minSteps` apart are not kept (the output cadence). */
  reset(minSteps) {
    this.list.clear();
    this.minSteps = minSteps;
  }

  get frames() { return this.list.items; }
  get bytes() { return this.list.total; }
  get length() { return this.list.length; }

  at(k) { return this.frames[Math.max(0, Math.min(this.frames.length - 1, k))]; }

  /** Keeps a frame `{ step, state, positions, species }` (after the last kept by ≥ minSteps). */
  push(f) {
    const last = this.frames[this.frames.length - 1];
    if (last && (f.step <= last.step || f.step - last.step < this.minSteps)) return false;
    this.list.push(f);
    return true;
  }
}
