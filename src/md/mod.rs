//! Molecular dynamics: forces from a potential on an up-to-date neighbour list ([`forces`]), the
//! integrator and the temperature schedule ([`integrate`]), the thermostats ([`thermostat`], one
//! file each), and initial velocities ([`velocity`]).

pub mod blowup;
pub mod forces;
pub mod integrate;
pub mod thermostat;
pub mod velocity;
