// The timeline: the frames the page has been sent (positions, species, state), kept within a
// memory budget at a stride — at first every frame; each time the budget is passed the stride
// doubles and the frames off it are dropped — so the whole run stays reachable at an even, coarser
// spacing (plus the newest frame), and a scrubber to view any of them again. The engine keeps its
// trajectory download the same way (src/base/thin.rs).

/** Memory for the recorded positions and species, bytes. */
export const BUDGET_BYTES = 64 * 1024 * 1024;

const size = (f) => f.positions.byteLength + (f.species?.byteLength ?? 0);

export class Timeline {
  constructor(budget = BUDGET_BYTES) {
    this.budget = budget;
    this.reset(0);
  }

  /** Forgets every frame; frames closer than `minSteps` apart are not kept (the output cadence). */
  reset(minSteps) {
    this.frames = [];
    this.bytes = 0;
    this.minSteps = minSteps;
    this.pushed = 0;
    this.stride = 1;
  }

  get length() { return this.frames.length; }

  at(k) { return this.frames[Math.max(0, Math.min(this.frames.length - 1, k))]; }

  /** Keeps a frame `{ step, state, positions, species }` (after the last kept by ≥ minSteps). */
  push(f) {
    const last = this.frames[this.frames.length - 1];
    if (last && (f.step <= last.step || f.step - last.step < this.minSteps)) return false;
    if (last && last.seq % this.stride !== 0) { this.frames.pop(); this.bytes -= size(last); } // the newest off the stride
    this.frames.push({ ...f, seq: this.pushed++ });
    this.bytes += size(f);
    while (this.bytes > this.budget && this.frames.length > 4) this.thin();
    return true;
  }

  /** Doubles the stride and drops the frames off it (the newest stays). */
  thin() {
    this.stride *= 2;
    const newest = this.pushed - 1;
    this.frames = this.frames.filter((f) => {
      const keep = f.seq % this.stride === 0 || f.seq === newest;
      if (!keep) this.bytes -= size(f);
      return keep;
    });
  }
}
