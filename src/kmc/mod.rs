//! Rejection-free kinetic Monte Carlo (BKL / Gillespie).
//!
//! In state i with transitions of rates r_ij (total R_i = Σ_j r_ij), the next event is the j with
//! `Σ_{k<j} r_ik < U₁R_i ≤ Σ_{k≤j} r_ik` and time advances by `Δt = −ln(U₂)/R_i` (U₁, U₂
//! uniform in (0, 1)). Two structures find the event:
//! - [`rate_tree::RateTree`], a sum tree: any rates, O(log n) selection and updates (used by
//!   [`bkl_step`]);
//! - [`rate_classes::RateClasses`], the n-fold way: for models whose events take a few distinct
//!   rates, O(1) updates and selection in O(number of classes).
//!
//! [`surface_diffusion`]: atoms hopping on an fcc lattice with bond-counting barriers (13 hop
//! rates, so rate classes), used for the neck growth of two particles ([`neck`]).

pub mod dda;
pub mod neck;
pub mod rate_classes;
pub mod rate_tree;
pub mod surface_diffusion;
pub mod waiting_time;

use crate::base::rng::{counter_u64, u64_to_open01};

/// The BKL step on a rate tree: the selected event and the time increment (same time units as
/// 1/rate). `counter` numbers the step (counter-based random numbers: reproducible). None when
/// the total rate is zero.
pub fn bkl_step(
    tree: &rate_tree::RateTree,
    seed: u64,
    stream: u64,
    counter: u64,
) -> Option<(usize, f64)> {
    let r = tree.total();
    if r <= 0.0 {
        return None;
    }
    let u1 = u64_to_open01(counter_u64(seed, stream, 2 * counter));
    let u2 = u64_to_open01(counter_u64(seed, stream, 2 * counter + 1));
    Some((tree.select(u1 * r), -libm::log(u2) / r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rate_tree::RateTree;

    #[test]
    fn waiting_times_of_a_single_rate_process_are_exponential() {
        // One event of rate 2.5: Δt has mean 1/2.5 and variance 1/2.5², and P(Δt > t) = e^{−2.5t}.
        let mut t = RateTree::new(1);
        t.set(0, 2.5);
        let n = 200_000;
        let dts: Vec<f64> = (0..n).map(|k| bkl_step(&t, 3, 0, k).unwrap().1).collect();
        let mean = dts.iter().sum::<f64>() / n as f64;
        let var = dts.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n as f64;
        assert!((mean * 2.5 - 1.0).abs() < 0.01, "mean {mean}");
        assert!((var * 6.25 - 1.0).abs() < 0.03, "variance {var}");
        for x in [0.2, 0.5, 1.0, 2.0] {
            let frac = dts.iter().filter(|&&d| d > x).count() as f64 / n as f64;
            let want = (-2.5 * x).exp();
            assert!(
                (frac - want).abs() < 4.0 * (want * (1.0 - want) / n as f64).sqrt() + 1e-4,
                "P(dt > {x}) = {frac}, want {want}"
            );
        }
    }

    #[test]
    fn events_are_selected_in_proportion_to_their_rates() {
        // χ² test, 7 events with rates 1..7 (6 degrees of freedom; 22.46 is the 0.999 quantile).
        let rates = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let mut t = RateTree::new(rates.len());
        for (i, &r) in rates.iter().enumerate() {
            t.set(i, r);
        }
        let n = 280_000;
        let mut counts = [0usize; 7];
        for k in 0..n {
            counts[bkl_step(&t, 11, 0, k).unwrap().0] += 1;
        }
        let total: f64 = rates.iter().sum();
        let chi2: f64 = rates
            .iter()
            .zip(&counts)
            .map(|(r, &c)| {
                let e = n as f64 * r / total;
                (c as f64 - e).powi(2) / e
            })
            .sum();
        assert!(chi2 < 22.46, "chi² = {chi2}, counts {counts:?}");
    }
}
