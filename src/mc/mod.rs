//! Monte Carlo for hybrid MD/MC: Metropolis species swaps ([`swap`]). Kinetic Monte Carlo on a
//! lattice lives in [`crate::kmc`].

pub mod swap;
