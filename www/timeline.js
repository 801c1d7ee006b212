// The timeline: the frames the page has been sent (positions, species, state), kept within a
// memory budget — when full, every other frame of the older half is dropped, so the whole run
// stays reachable at a coarser spacing — and a scrubber to view any of them again.

/** Memory for the recorded positions and species, bytes. */
export const BUDGET_BYTES = 64 * 1024 * 1024;

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
  }

  get length() { return this.frames.length; }

  at(k) { return this.frames[Math.max(0, Math.min(this.frames.length - 1, k))]; }

  /** Keeps a frame `{ step, state, positions, species }` (after the last kept by ≥ minSteps). */
  push(f) {
    const last = this.frames[this.frames.length - 1];
    if (last && (f.step <= last.step || f.step - last.step < this.minSteps)) return false;
    this.frames.push(f);
    this.bytes += f.positions.byteLength + (f.species?.byteLength ?? 0);
    while (this.bytes > this.budget && this.frames.length > 4) this.thin();
    return true;
  }

  /** Drops every other frame of the older half (the first frame stays). */
  thin() {
    const half = this.frames.length >> 1;
    const kept = [];
    for (let k = 0; k < this.frames.length; k++) {
      const f = this.frames[k];
      if (k < half && k % 2 === 1) this.bytes -= f.positions.byteLength + (f.species?.byteLength ?? 0);
      else kept.push(f);
    }
    this.frames = kept;
  }
}
