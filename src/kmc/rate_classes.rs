//! Events grouped into classes of equal rate: the "n-fold way" of Bortz, Kalos and Lebowitz
//! (J. Comput. Phys. 17, 10 (1975)), for models whose per-event rates take a few values.
//!
//! Every item (an atom) owns `mult` events (0 ≤ mult ≤ `max_mult`, e.g. its allowed hop
//! targets), all of the per-event rate `rate[class]` of its class (e.g. its bond count). The
//! items of each (class, mult) pair sit in one list, and each class keeps the integer weight
//! W_c = Σ mult over its items, so the total rate is R = Σ_c `rate[c]` · W_c, with each term
//! formed from its integer whenever W_c changes and the sum taken at every selection: it never
//! drifts by round-off, whatever the number of updates.
//!
//! Selection of the event at cumulative rate x = U₁R: scan the classes for the c with
//! Σ_{c'<c} rate[c']W_{c'} ≤ x < Σ_{c'≤c} rate[c']W_{c'}, then pick one of that class's W_c events
//! uniformly with an integer random number y ∈ [0, W_c): the (class, mult) lists of items in
//! order, item ⌊y'/mult⌋ of the list, its event y' mod mult. P(item, event) = `rate[c]`/R exactly.
//! Updates are O(1) (a swap-remove and a push); selection is O(classes + max_mult), independent
//! of the number of items, against O(log n) dependent memory reads for a sum tree. Items without
//! events (mult 0, e.g. bulk atoms) share one key and sit in no list, so a class change of such
//! an item costs nothing.

/// Most (class, mult) keys: keys are one byte, so that every per-key and per-class array has 256
/// entries and is indexed without bounds checks.
pub const MAX_KEYS: usize = 256;
/// Bits of the multiplicity in a key (key = class << MULT_BITS | mult).
const MULT_BITS: u32 = 4;
/// Largest multiplicity.
pub const MAX_MULT: usize = (1 << MULT_BITS) - 1;
/// Most classes.
pub const MAX_CLASSES: usize = MAX_KEYS >> MULT_BITS;

/// Items in rate classes with integer multiplicities. The items themselves live in the caller's
/// array of records implementing [`Slotted`], so that one cache line holds an item's model state
/// and its place in the lists.
#[derive(Clone, Debug)]
pub struct RateClasses {
    /// Number of classes.
    classes: usize,
    /// Per-event rate of each class.
    rate: [f64; MAX_CLASSES],
    /// W_c = Σ mult over the items of class c (signed: converts to f64 in one instruction).
    weight: [i64; MAX_CLASSES],
    /// `rate[c]` · W_c, formed from the integer at every change of W_c (so the same value as a
    /// recomputation: it never drifts).
    class_total: [f64; MAX_CLASSES],
    /// Bit m of `filled[c]` set if the list of (class c, mult m ≥ 1) has items: the selection
    /// visits only those lists.
    filled: [u16; MAX_CLASSES],
    /// Items of each (class, mult ≥ 1), at key class << MULT_BITS | mult; key 0 (any class,
    /// mult 0) has an empty list.
    lists: Box<[Vec<u32>; MAX_KEYS]>,
}

/// Where an item is in the lists: its (class, mult) key (0 for no events) and its position in
/// that key's list. A new item starts at `Slot::default()` (no events).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Slot {
    /// Position in its key's list.
    pub pos: u32,
    /// class << MULT_BITS | mult, or 0.
    pub key: u8,
}

/// A record that carries its item's [`Slot`] (as a field, or as two fields so that the record
/// packs tighter).
pub trait Slotted {
    /// The item's slot.
    fn slot(&self) -> Slot;
    /// Moves the item to a new slot.
    fn set_slot(&mut self, slot: Slot);
    /// Moves the item within its list.
    fn set_pos(&mut self, pos: u32);
}

impl Slotted for Slot {
    fn slot(&self) -> Slot {
        *self
    }
    fn set_slot(&mut self, slot: Slot) {
        *self = slot;
    }
    fn set_pos(&mut self, pos: u32) {
        self.pos = pos;
    }
}

impl RateClasses {
    /// No items with events yet (every item at `Slot::default()`). `rate[c]` is the per-event
    /// rate of class c (finite, ≥ 0), for 1 to [`MAX_CLASSES`] classes; multiplicities go up to
    /// [`MAX_MULT`].
    pub fn new(rate: &[f64]) -> RateClasses {
        assert!(rate.iter().all(|r| r.is_finite() && *r >= 0.0));
        assert!(!rate.is_empty() && rate.len() <= MAX_CLASSES);
        let mut r = [0.0; MAX_CLASSES];
        r[..rate.len()].copy_from_slice(rate);
        RateClasses {
            classes: rate.len(),
            rate: r,
            weight: [0; MAX_CLASSES],
            class_total: [0.0; MAX_CLASSES],
            filled: [0; MAX_CLASSES],
            lists: Box::new(std::array::from_fn(|_| Vec::new())),
        }
    }

    /// Puts item i (of `items`, at most 2³² − 1 of them) in class c with `mult` events (with
    /// mult 0 the class is irrelevant). O(1).
    #[inline(always)]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn set<T: Slotted>(&mut self, items: &mut [T], i: usize, class: usize, mult: usize) {
        debug_assert!(class < self.classes && mult <= MAX_MULT);
        let new = if mult == 0 {
            0
        } else {
            (class << MULT_BITS | mult) as u8
        };
        let Slot { pos: p, key: old } = items[i].slot();
        if new == old {
            return;
        }
        // Key 0 has multiplicity 0: its weight terms vanish without a branch.
        let (old_class, old_mult) = split(old);
        let (new_class, new_mult) = split(new);
        self.add_weight(old_class, -(old_mult as i64));
        self.add_weight(new_class, new_mult as i64);
        if old != 0 {
            // Swap-remove i from its old list: the last item takes its place (if i is the last,
            // its own slot is overwritten below).
            let list = &mut self.lists[old as usize];
            let last = *list.last().expect("item in its list");
            items[last as usize].set_pos(p);
            list.swap_remove(p as usize);
            self.filled[old_class] &= !((list.is_empty() as u16) << old_mult);
        }
        let mut pos = 0;
        if new != 0 {
            let list = &mut self.lists[new as usize];
            pos = list.len() as u32;
            list.push(i as u32);
            self.filled[new_class] |= 1 << new_mult;
        }
        items[i].set_slot(Slot { pos, key: new });
    }

    /// Adds dw to W_c and forms the class total `rate[c]` · W_c again from the integer.
    #[inline(always)]
    fn add_weight(&mut self, c: usize, dw: i64) {
        self.weight[c] += dw;
        self.class_total[c] = self.rate[c] * self.weight[c] as f64;
    }

    /// Class and multiplicity of an item; (0, 0) for an item without events.
    pub fn get<T: Slotted>(&self, item: &T) -> (usize, usize) {
        split(item.slot().key)
    }

    /// Total rate of an item: `rate[class] · mult`.
    pub fn item_rate<T: Slotted>(&self, item: &T) -> f64 {
        let (c, m) = self.get(item);
        self.rate[c] * m as f64
    }

    /// Per-event rate of class c.
    pub fn class_rate(&self, c: usize) -> f64 {
        self.rate[c % MAX_CLASSES]
    }

    /// Total rate R = Σ_c `rate[c]` · W_c, summed pairwise in a fixed order (`pairwise_sum`).
    pub fn total(&self) -> f64 {
        pairwise_sum(&self.class_total)
    }

    /// The event at cumulative rate x = uR, for `u` uniform in (0, 1) and R the total rate,
    /// with `bits` a uniform random u64 choosing among the class's events: (item, event index <
    /// mult, R). None if no item has an event.
    #[inline]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn select(&self, u: f64, bits: u64) -> Option<(usize, usize, f64)> {
        let totals = &self.class_total;
        let total = pairwise_sum(totals);
        if total <= 0.0 {
            return None;
        }
        // The class: the first whose cumulative rate exceeds x; round-off past the end falls back
        // to the last class with events.
        let mut x = u * total;
        let mut class = None;
        for (c, &t) in totals[..self.classes].iter().enumerate() {
            if t > 0.0 {
                class = Some(c);
                if x < t {
                    break;
                }
                x -= t;
            }
        }
        let c = class?;
        // y uniform in [0, W_c): the high word of bits · W_c.
        let mut y = ((bits as u128 * self.weight[c] as u128) >> 64) as u64;
        let base = c << MULT_BITS;
        // The lists of the class with items, by increasing multiplicity.
        let mut filled = self.filled[c];
        while filled != 0 {
            let m = filled.trailing_zeros() as usize;
            filled &= filled - 1;
            let list = &self.lists[(base + m) & (MAX_KEYS - 1)];
            let w = (m * list.len()) as u64;
            if y < w {
                let slot = div_small(y, m);
                let event = y - slot * m as u64;
                return Some((list[slot as usize] as usize, event as usize, total));
            }
            y -= w;
        }
        unreachable!("W_c is the sum of the class's list weights")
    }

    /// Checks the lists, positions and weights against a recount (for tests).
    pub fn check<T: Slotted>(&self, items: &[T]) -> Result<(), String> {
        let mut weight = vec![0i64; self.classes];
        let mut listed = 0;
        for (i, Slot { pos, key }) in items.iter().map(Slotted::slot).enumerate() {
            if key == 0 {
                continue;
            }
            listed += 1;
            if self.lists[key as usize].get(pos as usize) != Some(&(i as u32)) {
                return Err(format!("item {i} is not at its list position"));
            }
            let (c, m) = split(key);
            weight[c] += m as i64;
        }
        if self.lists.iter().map(Vec::len).sum::<usize>() != listed {
            return Err("list lengths do not add up to the items".into());
        }
        for (c, &w) in weight.iter().enumerate() {
            if self.weight[c] != w {
                return Err(format!(
                    "class {c}: weight {} (recount {w})",
                    self.weight[c]
                ));
            }
        }
        if self.weight[self.classes..].iter().any(|&w| w != 0) {
            return Err("weight in a class past the last".into());
        }
        for c in 0..MAX_CLASSES {
            if self.class_total[c] != self.rate[c] * self.weight[c] as f64 {
                return Err(format!("class {c}: total out of step with its weight"));
            }
            for m in 1..=MAX_MULT {
                let filled = self.filled[c] >> m & 1 == 1;
                if filled == self.lists[c << MULT_BITS | m].is_empty() {
                    return Err(format!("class {c}, mult {m}: filled bit {filled}"));
                }
            }
        }
        Ok(())
    }
}

/// Σ x in a fixed pairwise order ((x₀ + x₁) + (x₂ + x₃)) + …: the same result everywhere, and a
/// dependency chain of 4 additions instead of 15 (the selection waits for this sum).
#[inline(always)]
fn pairwise_sum(x: &[f64; MAX_CLASSES]) -> f64 {
    let p: [f64; 8] = std::array::from_fn(|i| x[2 * i] + x[2 * i + 1]);
    let q: [f64; 4] = std::array::from_fn(|i| p[2 * i] + p[2 * i + 1]);
    (q[0] + q[1]) + (q[2] + q[3])
}

/// Class and multiplicity of key k (both below 16, so they index the per-class arrays without
/// bounds checks).
#[inline(always)]
fn split(k: u8) -> (usize, usize) {
    ((k >> MULT_BITS) as usize, k as usize & MAX_MULT)
}

/// ⌊y/m⌋ for y < 2³⁶ and 1 ≤ m ≤ [`MAX_MULT`], by a multiplication: with r = ⌈2⁴⁰/m⌉ = (2⁴⁰ + e)/m,
/// e < m, y·r/2⁴⁰ = y/m + y·e/(m·2⁴⁰), and y·e < 2⁴⁰ keeps the error below the gap to the next
/// integer. (A hardware division would sit on the path from the random number to the atom.)
#[inline(always)]
fn div_small(y: u64, m: usize) -> u64 {
    const RECIPROCAL: [u64; MAX_MULT + 1] = {
        let mut r = [0; MAX_MULT + 1];
        let mut m = 1;
        while m <= MAX_MULT {
            r[m] = (1u64 << 40).div_ceil(m as u64);
            m += 1;
        }
        r
    };
    debug_assert!(y < 1 << 36 && (1..=MAX_MULT).contains(&m));
    ((y as u128 * RECIPROCAL[m & MAX_MULT] as u128) >> 40) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::rng::{counter_u64, u64_to_open01, Rng};

    fn random_classes(
        rng: &mut Rng,
        n: usize,
        updates: usize,
    ) -> (RateClasses, Vec<Slot>, Vec<(usize, usize)>) {
        let rates: Vec<f64> = (0..13).map(|c| libm::exp(-2.0 * c as f64)).collect();
        let mut t = RateClasses::new(&rates);
        let mut slots = vec![Slot::default(); n];
        let mut items = vec![(0, 0); n];
        for _ in 0..updates {
            let i = rng.below(n);
            let cm = (rng.below(13), rng.below(13));
            t.set(&mut slots, i, cm.0, cm.1);
            items[i] = cm;
        }
        (t, slots, items)
    }

    #[test]
    fn division_by_a_multiplicity_is_exact() {
        let mut rng = Rng::new(3, 0);
        for m in 1..=MAX_MULT {
            let edges = [
                0,
                1,
                m as u64 - 1,
                m as u64,
                (1 << 36) - 1,
                (1 << 36) - 1 - m as u64,
            ];
            let random = (0..20_000).map(|_| rng.next_u64() >> 28);
            for y in edges.into_iter().chain(random) {
                assert_eq!(div_small(y, m), y / m as u64, "{y} / {m}");
            }
        }
    }

    #[test]
    fn stay_consistent_with_brute_force_sums_after_many_updates() {
        let mut rng = Rng::new(5, 0);
        let (t, slots, items) = random_classes(&mut rng, 1000, 200_000);
        t.check(&slots).unwrap();
        let brute: f64 = items
            .iter()
            .map(|&(c, m)| libm::exp(-2.0 * c as f64) * m as f64)
            .sum();
        assert!((t.total() - brute).abs() <= 1e-12 * brute);
        for (i, &(c, m)) in items.iter().enumerate() {
            assert_eq!(t.get(&slots[i]), if m == 0 { (0, 0) } else { (c, m) });
        }
    }

    #[test]
    fn events_are_selected_in_proportion_to_their_rates() {
        // 30 items in random classes; every (item, event) pair should be picked with probability
        // rate[class]/R. χ² over the items (pooled over their events) and over the event index
        // within the items of multiplicity 3.
        let mut rng = Rng::new(9, 0);
        let rates = vec![4.0, 2.0, 1.0, 0.5];
        let mut t = RateClasses::new(&rates);
        let mut slots = vec![Slot::default(); 30];
        let mut items = Vec::new();
        for i in 0..30 {
            let (c, m) = (rng.below(4), 1 + rng.below(4));
            t.set(&mut slots, i, c, m);
            items.push((c, m));
        }
        t.set(&mut slots, 7, 0, 0); // an item without events is never picked
        items[7] = (0, 0);
        let total = t.total();
        let n = 400_000;
        let mut counts = vec![0usize; 30];
        let mut event_counts = [0usize; 3];
        for k in 0..n {
            let u = u64_to_open01(counter_u64(2, 0, 2 * k));
            let (i, e, r) = t.select(u, counter_u64(2, 0, 2 * k + 1)).unwrap();
            assert_eq!(r, total);
            assert!(e < items[i].1);
            counts[i] += 1;
            if items[i].1 == 3 {
                event_counts[e] += 1;
            }
        }
        assert_eq!(counts[7], 0);
        let chi2: f64 = items
            .iter()
            .zip(&counts)
            .filter(|((_, m), _)| *m > 0)
            .map(|(&(c, m), &k)| {
                let e = n as f64 * rates[c] * m as f64 / total;
                (k as f64 - e).powi(2) / e
            })
            .sum();
        // 28 degrees of freedom: 56.89 is the 0.999 quantile.
        assert!(chi2 < 56.89, "chi² = {chi2}, counts {counts:?}");
        assert!(items.iter().filter(|&&(_, m)| m == 3).count() > 1);
        let per = event_counts.iter().sum::<usize>() as f64 / 3.0;
        let chi2e: f64 = event_counts
            .iter()
            .map(|&k| (k as f64 - per).powi(2) / per)
            .sum();
        assert!(chi2e < 13.82, "events within an item: {event_counts:?}");
    }
}
