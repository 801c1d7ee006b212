//! Monte Carlo: Metropolis species swaps for hybrid MD/MC ([`swap`]) and rejection-free kinetic
//! Monte Carlo on a lattice ([`kmc`]).

pub mod kmc;
pub mod swap;
