//! Langevin dynamics in the BAOAB splitting (Leimkuhler & Matthews, Appl. Math. Res. Express
//! 2013): `kick(dt/2); drift(dt/2); O(dt); drift(dt/2); forces; kick(dt/2)`, the O step being the
//! exact Ornstein–Uhlenbeck update per atom `v ← c v + √(1−c²) √(k_B T/m) ξ`, `c = exp(−dt/τ)`.
//! The noise for atom i at step s comes from the counters `(s·N + i)·2 + {0, 1}` (two Box–Muller
//! pairs, three normals used), so any thread count draws the same numbers. Cost: O(N) per step,
//! parallel over atoms.

use super::{Thermostat, VerletStep};
use crate::base::error::Result;
use crate::base::parallel;
use crate::base::rng::counter_normal_pair;
use crate::base::units::{KB, MVV2E};
use crate::system::System;

/// Random-stream tag of the Langevin noise.
const STREAM_LANGEVIN: u64 = 0x6c61_6e67;

/// Langevin with damping time τ (ps).
#[derive(Clone, Copy, Debug)]
pub struct Langevin {
    /// Damping time, ps.
    pub tau: f64,
    /// Noise seed.
    pub seed: u64,
}

impl Thermostat for Langevin {
    fn step(&mut self, s: &mut VerletStep) -> Result<()> {
        let dt = s.dt;
        s.kick(0.5 * dt);
        s.drift(0.5 * dt);
        ornstein_uhlenbeck(s.sys, dt, self.tau, s.target, self.seed, s.step);
        s.drift(0.5 * dt);
        s.forces()?;
        s.kick(0.5 * dt);
        Ok(())
    }
}

/// The O step: exact Ornstein–Uhlenbeck velocity update over time h at temperature t.
fn ornstein_uhlenbeck(sys: &mut System, h: f64, tau: f64, t: f64, seed: u64, step: u64) {
    let c = libm::exp(-h / tau);
    let s = (1.0 - c * c).sqrt();
    let n = sys.len() as u64;
    let mobile = sys.mobile();
    let species = &sys.species;
    let masses = &sys.masses;
    parallel::for_each_chunk_mut(&mut sys.vel[..mobile], |first, vel| {
        let noise = Noise {
            c,
            s,
            t,
            seed,
            step,
            n,
        };
        noise.apply(first, vel, species, masses)
    });
}

/// One O step's constants: `v ← c v + s σ_i g`, g counter-based normals of (seed, step, atom).
struct Noise {
    c: f64,
    s: f64,
    t: f64,
    seed: u64,
    step: u64,
    n: u64,
}

impl Noise {
    /// The O step on atoms `first..first + vel.len()`.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn apply(&self, first: usize, vel: &mut [[f64; 3]], species: &[u16], masses: &[f64]) {
        for (k, v) in vel.iter_mut().enumerate() {
            let i = first + k;
            let sigma = (KB * self.t / (masses[species[i] as usize] * MVV2E)).sqrt();
            let base = (self.step * self.n + i as u64) * 2;
            let (g0, g1) = counter_normal_pair(self.seed, STREAM_LANGEVIN, base);
            let (g2, _) = counter_normal_pair(self.seed, STREAM_LANGEVIN, base + 1);
            for (vk, g) in v.iter_mut().zip([g0, g1, g2]) {
                *vk = self.c * *vk + self.s * sigma * g;
            }
        }
    }
}
