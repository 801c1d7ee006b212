//! A binary sum tree over event rates: O(log n) update and selection, for rejection-free kinetic
//! Monte Carlo (BKL / Gillespie).
//!
//! Leaves hold the rates r_i; every inner node holds the sum of its two children, recomputed (not
//! incremented) on update, so the tree never drifts from its leaves by round-off accumulated over
//! many updates. `select(x)` for x in [0, R) returns the i with Σ_{k<i} r_k ≤ x < Σ_{k≤i} r_k.

/// Sum tree over `len` rates.
#[derive(Clone, Debug)]
pub struct RateTree {
    size: usize,
    len: usize,
    node: Vec<f64>,
}

impl RateTree {
    /// A tree of `len` zero rates.
    pub fn new(len: usize) -> RateTree {
        let size = len.next_power_of_two().max(1);
        RateTree {
            size,
            len,
            node: vec![0.0; 2 * size],
        }
    }

    /// Number of rates.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if there are no rates.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Rate i.
    pub fn get(&self, i: usize) -> f64 {
        self.node[self.size + i]
    }

    /// Sets rate i (≥ 0, finite). O(log n).
    pub fn set(&mut self, i: usize, rate: f64) {
        debug_assert!(rate >= 0.0 && rate.is_finite());
        // The running sum stays in a register: each level adds the sibling (IEEE addition is
        // commutative, so this equals left + right exactly) without reloading the node just
        // stored, which would put store-to-load forwarding on the critical path.
        // `node` has 2·size entries (a power of two), so masking with 2·size − 1 is the identity on
        // valid indices and lets the compiler drop the bounds checks.
        let node = &mut self.node[..2 * self.size];
        let mask = node.len() - 1;
        let mut k = self.size + i;
        let mut sum = rate;
        node[k & mask] = sum;
        while k > 1 {
            sum += node[(k ^ 1) & mask];
            k /= 2;
            node[k & mask] = sum;
        }
    }

    /// Total rate R.
    pub fn total(&self) -> f64 {
        self.node[1]
    }

    /// The event at cumulative rate x ∈ [0, R): descends left when x < left sum. O(log n).
    /// Never returns an event of zero rate.
    pub fn select(&self, mut x: f64) -> usize {
        let mut k = 1;
        while k < self.size {
            let left = self.node[2 * k];
            if x < left || self.node[2 * k + 1] == 0.0 {
                k *= 2;
            } else {
                x -= left;
                k = 2 * k + 1;
            }
        }
        // Round-off can land on a zero leaf next to the boundary; step back to a non-zero one.
        let mut i = k - self.size;
        while self.get(i) == 0.0 && i > 0 {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::rng::Rng;

    #[test]
    fn stays_consistent_with_brute_force_sums_after_many_updates() {
        let n = 1000;
        let mut t = RateTree::new(n);
        let mut rates = vec![0.0; n];
        let mut rng = Rng::new(1, 0);
        for _ in 0..200_000 {
            let i = (rng.next_u64() % n as u64) as usize;
            let r = if rng.uniform() < 0.2 {
                0.0
            } else {
                rng.uniform() * 10f64.powi((rng.uniform() * 6.0) as i32 - 3)
            };
            t.set(i, r);
            rates[i] = r;
        }
        let brute: f64 = rates.iter().sum();
        assert!((t.total() - brute).abs() <= 1e-12 * brute);
        // Selection matches a linear scan of the cumulative sums.
        for _ in 0..2000 {
            let x = rng.uniform() * t.total();
            let i = t.select(x);
            let below: f64 = rates[..i].iter().sum();
            assert!(rates[i] > 0.0);
            assert!(
                below <= x * (1.0 + 1e-12) + 1e-15 && x <= (below + rates[i]) * (1.0 + 1e-12),
                "x {x}, i {i}"
            );
        }
    }
}
