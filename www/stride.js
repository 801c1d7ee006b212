// A list held to at most `max` items at an even stride, however many are pushed: at first every
// item; when full, the stride doubles and the items off it are dropped, so the list always covers
// everything pushed at an even spacing, plus the newest item. The timeline, the charts and the
// engine's records (src/base/thin.rs) keep their data this way.

export class StrideList {
  constructor(max) {
    this.max = Math.max(4, max);
    this.clear();
  }

  clear() {
    this.items = [];
    this.seqs = [];
    this.pushed = 0;
    this.stride = 1;
  }

  get length() { return this.items.length; }

  /** Appends `item` (replacing the newest if that one is off the stride). */
  push(item) {
    const n = this.seqs.length;
    if (n && this.seqs[n - 1] % this.stride !== 0) { this.items.pop(); this.seqs.pop(); }
    this.items.push(item);
    this.seqs.push(this.pushed++);
    if (this.items.length > this.max) this.thin();
  }

  /** Doubles the stride and drops the items off it (the newest stays). */
  thin() {
    this.stride *= 2;
    const newest = this.pushed - 1;
    const items = [], seqs = [];
    this.seqs.forEach((s, k) => {
      if (s % this.stride === 0 || s === newest) { items.push(this.items[k]); seqs.push(s); }
    });
    this.items = items;
    this.seqs = seqs;
  }
}
