// A list held within a budget at an even stride, however many items are pushed: at first every
// item; when the items' total size passes the budget, the stride doubles and the items off it are
// dropped, so the list always covers everything pushed at an even spacing, plus the newest item.
// The timeline (sizes in bytes), the charts (sizes of 1: a count) and the engine's records
// (src/base/thin.rs) keep their data this way.

export class StrideList {
  /** At most about `budget` of total `size(item)` (default 1 per item); at least four items. */
  constructor(budget, size = () => 1) {
    this.budget = Math.max(4, budget);
    this.size = size;
    this.clear();
  }

  clear() {
    this.items = [];
    this.seqs = [];
    this.total = 0;
    this.pushed = 0;
    this.stride = 1;
  }

  get length() { return this.items.length; }

  /** Appends `item` (replacing the newest if that one is off the stride). */
  push(item) {
    const n = this.seqs.length;
    if (n && this.seqs[n - 1] % this.stride !== 0) {
      this.total -= this.size(this.items.pop());
      this.seqs.pop();
    }
    this.items.push(item);
    this.seqs.push(this.pushed++);
    this.total += this.size(item);
    while (this.total > this.budget && this.items.length > 4) this.thin();
  }

  /** Doubles the stride and drops the items off it (the newest stays). */
  thin() {
    this.stride *= 2;
    const newest = this.pushed - 1;
    const items = [], seqs = [];
    this.seqs.forEach((s, k) => {
      if (s % this.stride === 0 || s === newest) { items.push(this.items[k]); seqs.push(s); }
      else this.total -= this.size(this.items[k]);
    });
    this.items = items;
    this.seqs = seqs;
  }
}
