//! No thermostat: plain velocity Verlet (NVE), `kick(dt/2); drift(dt); forces; kick(dt/2)`.

use super::{Thermostat, VerletStep};
use crate::base::error::Result;

/// NVE.
#[derive(Clone, Copy, Debug, Default)]
pub struct Nve;

impl Thermostat for Nve {
    fn step(&mut self, s: &mut VerletStep) -> Result<()> {
        s.verlet()
    }
}
