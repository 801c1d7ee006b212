//! Thermostats, one file each, behind [`Thermostat`]: a thermostat's [`Thermostat::step`] advances
//! one step with its own splitting, from the moves of [`VerletStep`], around the NVE core
//! [`VerletStep::verlet`] (velocity Verlet, leapfrog or position Verlet, [`crate::md::integrator`]):
//! - [`nve::Nve`]: the NVE core alone, e.g. `kick(dt/2); drift(dt); forces; kick(dt/2)`;
//! - [`nose_hoover::NoseHoover`] and [`csvr::Csvr`]: half-steps of the thermostat around it,
//!   `thermostat(dt/2); kick(dt/2); drift(dt); forces; kick(dt/2); thermostat(dt/2)`;
//! - [`langevin::Langevin`]: the BAOAB splitting of Leimkuhler and Matthews (the most accurate for
//!   configurational sampling), `kick(dt/2); drift(dt/2); O(dt); drift(dt/2); forces;
//!   kick(dt/2)`.
//!
//! Noise is counter-based (seed, step, atom) or drawn from a stream keyed by (seed, step), so any
//! thread count gives the same numbers.

pub mod csvr;
pub mod langevin;
pub mod nose_hoover;
pub mod nve;

use crate::base::error::Result;
use crate::base::parallel;
use crate::base::units::FTM2V;
use crate::md::forces::ForceEngine;
use crate::md::integrator::Integrator;
use crate::system::System;
use serde::{Deserialize, Serialize};

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
    /// Every thermostat, in the order the page's menu lists them.
    pub const ALL: [ThermostatKind; 4] = [
        ThermostatKind::NoseHoover,
        ThermostatKind::Langevin,
        ThermostatKind::Csvr,
        ThermostatKind::None,
    ];

    /// What a menu shows.
    pub fn label(&self) -> &'static str {
        match self {
            ThermostatKind::None => "none (NVE)",
            ThermostatKind::Langevin => "Langevin",
            ThermostatKind::NoseHoover => "Nosé–Hoover",
            ThermostatKind::Csvr => "CSVR (Bussi)",
        }
    }

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

    /// A thermostat of this kind with damping/period `tau` (ps), its noise keyed by `seed`.
    pub fn build(self, tau: f64, seed: u64) -> Box<dyn Thermostat> {
        match self {
            ThermostatKind::None => Box::new(nve::Nve),
            ThermostatKind::Langevin => Box::new(langevin::Langevin { tau, seed }),
            ThermostatKind::NoseHoover => Box::new(nose_hoover::NoseHoover::new(tau)),
            ThermostatKind::Csvr => Box::new(csvr::Csvr::new(tau, seed)),
        }
    }
}

/// One time step in progress: the atoms, their forces, and the step's parameters.
pub struct VerletStep<'a> {
    /// Atoms.
    pub sys: &'a mut System,
    /// Forces (current on entry; recomputed by [`VerletStep::forces`]).
    pub engine: &'a mut ForceEngine,
    /// Time step, ps.
    pub dt: f64,
    /// Target temperature of the step, K.
    pub target: f64,
    /// Steps done before this one (0 for the first step).
    pub step: u64,
    /// The NVE core [`VerletStep::verlet`] runs.
    pub integrator: Integrator,
}

impl VerletStep<'_> {
    /// Kick: v ← v + h F/m (force/mass converted to Å/ps² by `FTM2V`).
    pub fn kick(&mut self, h: f64) {
        kick(self.sys, &self.engine.forces, h);
    }

    /// Drift: x ← x + h v.
    pub fn drift(&mut self, h: f64) {
        drift(self.sys, h);
    }

    /// Recomputes the forces at the new positions; an error names the step.
    pub fn forces(&mut self) -> Result<()> {
        self.engine
            .compute(self.sys)
            .map(|_| ())
            .map_err(|e| e.context(format!("step {}", self.step + 1)))
    }

    /// The NVE part every splitting but BAOAB shares, by the step's [`Integrator`]: velocity
    /// Verlet `kick(dt/2); drift(dt); forces; kick(dt/2)`, leapfrog `kick(dt); drift(dt); forces`
    /// (velocities half a step behind), position Verlet `drift(dt/2); forces; kick(dt);
    /// drift(dt/2); forces` (the second evaluation puts forces and energy at the step's positions).
    pub fn verlet(&mut self) -> Result<()> {
        let dt = self.dt;
        match self.integrator {
            Integrator::VelocityVerlet => {
                self.kick(0.5 * dt);
                self.drift(dt);
                self.forces()?;
                self.kick(0.5 * dt);
            }
            Integrator::Leapfrog => {
                self.kick(dt);
                self.drift(dt);
                self.forces()?;
            }
            Integrator::PositionVerlet => {
                self.drift(0.5 * dt);
                self.forces()?;
                self.kick(dt);
                self.drift(0.5 * dt);
                self.forces()?;
            }
        }
        Ok(())
    }
}

/// v ← v + h F/m for the moving atoms (thermal atoms and a press's plate).
fn kick(sys: &mut System, f: &[[f64; 3]], h: f64) {
    let n = sys.moving();
    let (masses, species) = (&sys.masses, &sys.species);
    parallel::for_each_chunk_mut(&mut sys.vel[..n], |first, vel| {
        kick_atoms(vel, &f[first..], &species[first..], masses, h)
    });
}

/// v ← v + h F/m (F/m converted to Å/ps² by `FTM2V`) for one chunk of atoms.
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn kick_atoms(vel: &mut [[f64; 3]], f: &[[f64; 3]], species: &[u16], masses: &[f64], h: f64) {
    for ((v, f), &t) in vel.iter_mut().zip(f).zip(species) {
        let a = h * FTM2V / masses[t as usize];
        v[0] += a * f[0];
        v[1] += a * f[1];
        v[2] += a * f[2];
    }
}

/// x ← x + h v for the moving atoms.
fn drift(sys: &mut System, h: f64) {
    let n = sys.moving();
    let vel = &sys.vel;
    parallel::for_each_chunk_mut(&mut sys.pos[..n], |first, pos| {
        drift_atoms(pos, &vel[first..], h)
    });
}

/// x ← x + h v for one chunk of atoms.
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn drift_atoms(pos: &mut [[f64; 3]], vel: &[[f64; 3]], h: f64) {
    for (x, v) in pos.iter_mut().zip(vel) {
        x[0] += h * v[0];
        x[1] += h * v[1];
        x[2] += h * v[2];
    }
}

/// v ← s v for the first `n` atoms (a thermostat's rescaling). It follows the kinetic-energy sum
/// the factor came from, which runs on one thread up to [`parallel::SUM_BLOCK`] atoms: so does the
/// rescaling then, on the thread that holds the velocities in its cache.
pub fn scale_velocities(sys: &mut System, n: usize, s: f64) {
    let vel = &mut sys.vel[..n];
    if n <= parallel::SUM_BLOCK {
        return scale_atoms(vel, s);
    }
    parallel::for_each_chunk_mut(vel, |_, vel| scale_atoms(vel, s));
}

/// v ← s v for one chunk of atoms.
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn scale_atoms(vel: &mut [[f64; 3]], s: f64) {
    for v in vel {
        v[0] *= s;
        v[1] *= s;
        v[2] *= s;
    }
}

/// A thermostat with its state.
pub trait Thermostat: Send + Sync {
    /// Advances one step of `s.dt` with this thermostat's splitting of velocity Verlet.
    fn step(&mut self, s: &mut VerletStep) -> Result<()>;

    /// Energy of the thermostat's own degrees of freedom (eV) at target temperature `t`, so that
    /// potential + kinetic + this is conserved; zero where no such energy is tracked.
    fn reservoir_energy(&self, _sys: &System, _t: f64) -> f64 {
        0.0
    }

    /// The barostat this integrates with, if any (kept when the thermostat changes mid-run).
    fn into_barostat(self: Box<Self>) -> Option<crate::md::barostat::Barostat> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
