//! Molecular dynamics: forces from a potential on an up-to-date neighbour list ([`forces`]), the
//! run and its temperature schedule ([`integrate`]), the Verlet integrators ([`integrator`]), the thermostats ([`thermostat`], one
//! file each), the barostat ([`barostat`]), and initial velocities ([`velocity`]).

pub mod barostat;
pub mod blowup;
pub mod forces;
pub mod integrate;
pub mod integrator;
pub mod thermostat;
pub mod velocity;
