//! Canonical sampling through velocity rescaling (Bussi, Donadio & Parrinello, J. Chem. Phys. 126,
//! 014101 (2007)), half a step on each side of velocity Verlet: the kinetic energy K follows
//! `dK = (K̄ − K) dt/τ + 2√(K K̄/N_f) dW/√τ`, sampled exactly over each half-step by one rescaling
//! of all velocities. The heat removed so far makes the conserved quantity. Random numbers come
//! from a stream keyed by (seed, 2·step + half). Cost: O(N) per half-step.

use super::{Thermostat, VerletStep};
use crate::base::error::Result;
use crate::base::rng::Rng;
use crate::base::units::KB;
use crate::system::System;

/// Random-stream tag of the CSVR draws.
const STREAM_CSVR: u64 = 0x6373_7672;

/// CSVR with time τ (ps).
#[derive(Clone, Debug)]
pub struct Csvr {
    /// Relaxation time, ps.
    pub tau: f64,
    /// Seed of the draws.
    pub seed: u64,
    /// Kinetic energy removed so far, eV.
    pub work: f64,
}

impl Csvr {
    /// A CSVR thermostat with relaxation time `tau` (ps).
    pub fn new(tau: f64, seed: u64) -> Csvr {
        Csvr {
            tau,
            seed,
            work: 0.0,
        }
    }

    /// Rescales the velocities for half a step `h` at target `t`; `half` is 0 before the Verlet
    /// step, 1 after.
    fn half_step(&mut self, sys: &mut System, h: f64, t: f64, step: u64, half: u64) {
        let k0 = sys.thermal_kinetic_energy();
        let mut rng = Rng::new(self.seed ^ STREAM_CSVR, 2 * step + half);
        let alpha = csvr_scale(k0, t, sys.dof(), h, self.tau, &mut rng);
        super::scale_velocities(sys, sys.mobile(), alpha);
        self.work += k0 - sys.thermal_kinetic_energy();
    }
}

impl Thermostat for Csvr {
    fn step(&mut self, s: &mut VerletStep) -> Result<()> {
        let h = 0.5 * s.dt;
        self.half_step(s.sys, h, s.target, s.step, 0);
        s.verlet()?;
        self.half_step(s.sys, h, s.target, s.step, 1);
        Ok(())
    }

    fn reservoir_energy(&self, _: &System, _: f64) -> f64 {
        self.work
    }
}

/// Bussi's velocity scale factor α for kinetic energy k (eV), target temperature t, N_f degrees
/// of freedom, over time h with relaxation time τ: the new K = α² k is an exact draw of the CSVR
/// process (Bussi, Donadio, Parrinello, JCP 126, 014101 (2007), appendix).
pub fn csvr_scale(k: f64, t: f64, dof: f64, h: f64, tau: f64, rng: &mut Rng) -> f64 {
    if k <= 0.0 {
        return 1.0;
    }
    let kbar = 0.5 * dof * KB * t;
    let c = if tau > 0.0 { libm::exp(-h / tau) } else { 0.0 };
    let r1 = rng.normal();
    let sum_sq = rng.chi_squared(dof - 1.0);
    let f = kbar / (dof * k);
    let a2 = c + (1.0 - c) * f * (sum_sq + r1 * r1) + 2.0 * r1 * (c * (1.0 - c) * f).sqrt();
    let sign = if r1 + (c / ((1.0 - c) * f)).sqrt() < 0.0 {
        -1.0
    } else {
        1.0
    };
    sign * a2.max(0.0).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csvr_kinetic_energy_samples_the_canonical_distribution() {
        // With no forces, repeated CSVR steps must make K Gamma-distributed: mean N_f kT/2,
        // variance N_f (kT)²/2.
        let dof = 30.0;
        let t = 500.0;
        let kt = KB * t;
        let mut k = 0.1 * kt;
        let mut r = Rng::new(5, 5);
        let (mut s, mut s2, mut n) = (0.0, 0.0, 0.0);
        for step in 0..200_000 {
            let a = csvr_scale(k, t, dof, 0.001, 0.05, &mut r);
            k *= a * a;
            if step > 2000 {
                s += k;
                s2 += k * k;
                n += 1.0;
            }
        }
        let mean = s / n;
        let var = s2 / n - mean * mean;
        assert!(
            (mean / (0.5 * dof * kt) - 1.0).abs() < 0.03,
            "mean {}",
            mean / (0.5 * dof * kt)
        );
        assert!(
            (var / (0.5 * dof * kt * kt) - 1.0).abs() < 0.1,
            "var {}",
            var / (0.5 * dof * kt * kt)
        );
    }
}
