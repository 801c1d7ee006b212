//! The three Verlet integrators the review names, as the NVE core every thermostat but Langevin
//! wraps ([`crate::md::thermostat::VerletStep::verlet`]). All three are time-reversible,
//! symplectic and second order; in exact arithmetic they generate the same positions from
//! consistent starts (leapfrog and velocity Verlet exactly; position Verlet to O(dt²)) and differ
//! in *when* their velocities and energies are known:
//!
//! - **velocity Verlet** (default, LAMMPS' `run_style verlet`): `v ← v + (dt/2) F/m; x ← x + dt v;
//!   F ← F(x); v ← v + (dt/2) F/m`. Positions, velocities, forces and energies at the same time t.
//!   One force evaluation per step.
//! - **leapfrog**: `v(t+dt/2) = v(t−dt/2) + dt F(t)/m; x(t+dt) = x(t) + dt v(t+dt/2)`. The stored
//!   velocities are half a step behind the positions (the initial velocities are taken as
//!   v(−dt/2)), so the kinetic energy (and temperature, and the total energy) read at step n mixes
//!   times n and n − ½: the total energy fluctuates more at the same dt although the positions
//!   are those of velocity Verlet. One force evaluation per step.
//! - **position Verlet** (drift–kick–drift): `x ← x + (dt/2) v; F ← F(x); v ← v + dt F/m;
//!   x ← x + (dt/2) v`. The forces of the step are those at the half-step positions; here the
//!   forces and energy are then computed again at the step's positions, so that every output
//!   (and the next thermostat half step) sees them at time t: two force evaluations per step.
//!
//! Langevin dynamics uses its own BAOAB splitting ([`crate::md::thermostat::langevin`]) and is
//! refused with the two other integrators.

use serde::{Deserialize, Serialize};

/// Which integrator.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Integrator {
    /// Velocity Verlet.
    #[default]
    VelocityVerlet,
    /// Leapfrog (velocities at half steps).
    Leapfrog,
    /// Position Verlet (drift–kick–drift).
    PositionVerlet,
}

impl Integrator {
    /// Every integrator, in the order the page's menu lists them.
    pub const ALL: [Integrator; 3] = [
        Integrator::VelocityVerlet,
        Integrator::Leapfrog,
        Integrator::PositionVerlet,
    ];

    /// The name used in scenarios, links and on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Integrator::VelocityVerlet => "velocity-verlet",
            Integrator::Leapfrog => "leapfrog",
            Integrator::PositionVerlet => "position-verlet",
        }
    }

    /// What a menu shows.
    pub fn label(&self) -> &'static str {
        match self {
            Integrator::VelocityVerlet => "velocity Verlet",
            Integrator::Leapfrog => "leapfrog",
            Integrator::PositionVerlet => "position Verlet",
        }
    }

    /// Parses a name (`velocity-verlet`/`vv`, `leapfrog`/`lf`, `position-verlet`/`pv`).
    pub fn from_name(s: &str) -> crate::Result<Integrator> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "velocity-verlet" | "vv" => Integrator::VelocityVerlet,
            "leapfrog" | "lf" => Integrator::Leapfrog,
            "position-verlet" | "pv" => Integrator::PositionVerlet,
            _ => {
                bail!("unknown integrator '{s}' (use velocity-verlet, leapfrog or position-verlet)")
            }
        })
    }

    /// True for the default (velocity Verlet), which scenarios and links leave out.
    pub fn is_default(&self) -> bool {
        *self == Integrator::VelocityVerlet
    }

    /// Force evaluations per step.
    pub fn force_evaluations(&self) -> u32 {
        match self {
            Integrator::PositionVerlet => 2,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for i in Integrator::ALL {
            assert_eq!(Integrator::from_name(i.name()).unwrap(), i);
        }
        let e = Integrator::from_name("rk4").unwrap_err().to_string();
        assert!(e.contains("unknown integrator 'rk4'"), "{e}");
    }
}
