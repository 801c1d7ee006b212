//! Thermostats around velocity Verlet. Deterministic ones act as half-steps around the Verlet
//! step: `thermostat(dt/2); kick(dt/2); drift(dt); forces; kick(dt/2); thermostat(dt/2)`;
//! Langevin acts in the middle of the drift (the BAOAB splitting of Leimkuhler and Matthews, the
//! most accurate for configurational sampling): `kick(dt/2); drift(dt/2); O(dt); drift(dt/2);
//! forces; kick(dt/2)`.
//!
//! - [`Thermostat::Langevin`]: exact Ornstein–Uhlenbeck update per atom,
//!   `v ← c v + √(1−c²) √(k_B T/m) ξ`, `c = exp(−dt/τ)`, with counter-based Gaussian noise keyed by
//!   (seed, step, atom), so any thread count gives the same numbers.
//! - [`Thermostat::NoseHoover`]: a Nosé–Hoover chain (length 3 by default) integrated by the
//!   Martyna–Tuckerman–Klein splitting; masses `Q_1 = N_f k_B T τ²`, `Q_k = k_B T τ²`.
//! - [`Thermostat::Csvr`]: Bussi–Donadio–Parrinello stochastic velocity rescaling: the kinetic
//!   energy K follows `dK = (K̄ − K) dt/τ + 2√(K K̄/N_f) dW/√τ`, sampled exactly over h.

use crate::base::parallel;
use crate::base::rng::{counter_normal_pair, Rng};
use crate::base::units::{KB, MVV2E};
use crate::system::System;
use serde::{Deserialize, Serialize};

/// Random-stream tags.
const STREAM_LANGEVIN: u64 = 0x6c61_6e67;
const STREAM_CSVR: u64 = 0x6373_7672;

/// Which thermostat, as a user chooses it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ThermostatKind {
    /// NVE.
    None,
    /// Langevin.
    Langevin,
    /// Nosé–Hoover chain.
    NoseHoover,
    /// Bussi CSVR.
    Csvr,
}

impl ThermostatKind {
    /// Parses `none|langevin|nose-hoover|csvr`.
    pub fn from_name(s: &str) -> crate::Result<ThermostatKind> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "none" | "nve" => ThermostatKind::None,
            "langevin" => ThermostatKind::Langevin,
            "nose-hoover" | "nosehoover" | "nh" | "nvt" => ThermostatKind::NoseHoover,
            "csvr" | "bussi" => ThermostatKind::Csvr,
            _ => bail!("unknown thermostat '{s}' (use none, langevin, nose-hoover or csvr)"),
        })
    }

    /// The name used on the command line and in scenarios.
    pub fn name(&self) -> &'static str {
        match self {
            ThermostatKind::None => "none",
            ThermostatKind::Langevin => "langevin",
            ThermostatKind::NoseHoover => "nose-hoover",
            ThermostatKind::Csvr => "csvr",
        }
    }
}

/// A thermostat with its state.
#[derive(Clone, Debug)]
pub enum Thermostat {
    /// NVE.
    None,
    /// Langevin with damping time τ (ps).
    Langevin { tau: f64, seed: u64 },
    /// Nosé–Hoover chain with period τ (ps); `eta`, `v_eta` per chain link.
    NoseHoover {
        tau: f64,
        eta: Vec<f64>,
        v_eta: Vec<f64>,
    },
    /// CSVR with time τ (ps).
    Csvr { tau: f64, seed: u64, work: f64 },
}

impl Thermostat {
    /// A thermostat of the given kind; `tau` is the damping/period in ps.
    pub fn new(kind: ThermostatKind, tau: f64, seed: u64) -> Thermostat {
        match kind {
            ThermostatKind::None => Thermostat::None,
            ThermostatKind::Langevin => Thermostat::Langevin { tau, seed },
            ThermostatKind::NoseHoover => Thermostat::NoseHoover {
                tau,
                eta: vec![0.0; 3],
                v_eta: vec![0.0; 3],
            },
            ThermostatKind::Csvr => Thermostat::Csvr {
                tau,
                seed,
                work: 0.0,
            },
        }
    }

    /// Applies the thermostat for a time `h` (half a step) at target temperature `t`; `step` and
    /// `half` (0 before the Verlet step, 1 after) key the random numbers.
    pub fn half_step(&mut self, sys: &mut System, h: f64, t: f64, step: u64, half: u64) {
        match self {
            Thermostat::None => {}
            Thermostat::Langevin { .. } => {}
            Thermostat::NoseHoover { tau, eta, v_eta } => {
                nose_hoover_chain(sys, h, *tau, t, eta, v_eta)
            }
            Thermostat::Csvr { tau, seed, work } => {
                let k0 = sys.kinetic_energy();
                let mut rng = Rng::new(*seed ^ STREAM_CSVR, 2 * step + half);
                let alpha = csvr_scale(k0, t, sys.dof(), h, *tau, &mut rng);
                sys.vel
                    .iter_mut()
                    .for_each(|v| v.iter_mut().for_each(|c| *c *= alpha));
                *work += k0 - sys.kinetic_energy();
            }
        }
    }

    /// True if the thermostat acts in the middle of the drift ([`Thermostat::mid_drift`]).
    pub fn splits_drift(&self) -> bool {
        matches!(self, Thermostat::Langevin { .. })
    }

    /// The mid-drift update over a full step `dt` (Langevin's O step; no-op for the others).
    pub fn mid_drift(&mut self, sys: &mut System, dt: f64, t: f64, step: u64) {
        if let Thermostat::Langevin { tau, seed } = self {
            langevin(sys, dt, *tau, t, *seed, step);
        }
    }

    /// Energy of the thermostat's own degrees of freedom (eV), so that potential + kinetic + this
    /// is conserved: the Nosé–Hoover chain's energy, or the heat CSVR has removed. Zero for
    /// Langevin (whose heat is not tracked) and NVE.
    pub fn reservoir_energy(&self, sys: &System, t: f64) -> f64 {
        match self {
            Thermostat::NoseHoover { tau, eta, v_eta } => {
                let kt = KB * t;
                let q = chain_masses(sys.dof(), kt, *tau, eta.len());
                let mut e = 0.0;
                for k in 0..eta.len() {
                    e += 0.5 * q[k] * v_eta[k] * v_eta[k]
                        + if k == 0 {
                            sys.dof() * kt * eta[0]
                        } else {
                            kt * eta[k]
                        };
                }
                e
            }
            Thermostat::Csvr { work, .. } => *work,
            _ => 0.0,
        }
    }
}

/// Ornstein–Uhlenbeck velocity update over time h; noise for atom i at `step` comes from the
/// counters `(step·N + i)·2 + {0,1}` (two Box–Muller pairs, three normals used).
fn langevin(sys: &mut System, h: f64, tau: f64, t: f64, seed: u64, step: u64) {
    let c = libm::exp(-h / tau);
    let s = (1.0 - c * c).sqrt();
    let n = sys.len() as u64;
    let species = &sys.species;
    let masses = &sys.masses;
    const CHUNK: usize = 1024;
    parallel::for_each_chunk_mut(&mut sys.vel, CHUNK, |ci, vel| {
        for (k, v) in vel.iter_mut().enumerate() {
            let i = ci * CHUNK + k;
            let sigma = (KB * t / (masses[species[i] as usize] * MVV2E)).sqrt();
            let base = (step * n + i as u64) * 2;
            let (g0, g1) = counter_normal_pair(seed, STREAM_LANGEVIN, base);
            let (g2, _) = counter_normal_pair(seed, STREAM_LANGEVIN, base + 1);
            for (vk, g) in v.iter_mut().zip([g0, g1, g2]) {
                *vk = c * *vk + s * sigma * g;
            }
        }
    });
}

/// Nosé–Hoover chain masses: Q_1 = N_f k_B T τ², Q_k = k_B T τ², eV·ps².
fn chain_masses(dof: f64, kt: f64, tau: f64, m: usize) -> Vec<f64> {
    (0..m)
        .map(|k| {
            if k == 0 {
                dof * kt * tau * tau
            } else {
                kt * tau * tau
            }
        })
        .collect()
}

/// One Martyna–Tuckerman–Klein chain update over time h (velocities rescaled once).
fn nose_hoover_chain(sys: &mut System, h: f64, tau: f64, t: f64, eta: &mut [f64], v: &mut [f64]) {
    let m = v.len();
    let kt = KB * t;
    let dof = sys.dof();
    let q = chain_masses(dof, kt, tau, m);
    let mut ke2 = 2.0 * sys.kinetic_energy();
    let force = |k: usize, v: &[f64], ke2: f64| {
        if k == 0 {
            (ke2 - dof * kt) / q[0]
        } else {
            (q[k - 1] * v[k - 1] * v[k - 1] - kt) / q[k]
        }
    };
    let (h2, h4) = (0.5 * h, 0.25 * h);
    // Down the chain.
    v[m - 1] += h2 * force(m - 1, v, ke2);
    for k in (0..m - 1).rev() {
        let e = libm::exp(-h4 * v[k + 1]);
        v[k] *= e;
        v[k] += h2 * force(k, v, ke2);
        v[k] *= e;
    }
    // Scale the particles.
    let s = libm::exp(-h * v[0]);
    sys.vel
        .iter_mut()
        .for_each(|p| p.iter_mut().for_each(|c| *c *= s));
    ke2 *= s * s;
    for k in 0..m {
        eta[k] += h * v[k];
    }
    // Up the chain.
    for k in 0..m - 1 {
        let e = libm::exp(-h4 * v[k + 1]);
        v[k] *= e;
        v[k] += h2 * force(k, v, ke2);
        v[k] *= e;
    }
    v[m - 1] += h2 * force(m - 1, v, ke2);
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

    #[test]
    fn thermostat_names_parse() {
        for k in [
            ThermostatKind::None,
            ThermostatKind::Langevin,
            ThermostatKind::NoseHoover,
            ThermostatKind::Csvr,
        ] {
            assert_eq!(ThermostatKind::from_name(k.name()).unwrap(), k);
        }
        assert!(ThermostatKind::from_name("berendsen")
            .unwrap_err()
            .message()
            .contains("unknown thermostat"));
    }
}
