//! # nanocoalesce
//!
//! A simulator of metal nanoparticle coalescence: embedded-atom-method molecular dynamics of two or
//! more nanoparticles that touch, grow a neck, rotate and merge. Units are LAMMPS `metal`
//! everywhere: Å, eV, ps, amu, K.
//!
//! The engine is pure, platform-agnostic Rust; the native CLI (`src/bin`) and the wasm bindings
//! are thin front ends over it. Layout, one concept per module:
//! - [`potential`]: the [`potential::Potential`] trait and its implementations (tabulated EAM from
//!   LAMMPS setfl files, the Zhou 2004 analytic alloy EAM).
//! - [`neighbor`]: cell lists + Verlet half lists with a skin, spatially sorted into slabs so
//!   forces can be summed in parallel in a fixed order.
//! - [`integrate`], [`thermostat`], [`velocity`]: velocity Verlet, NVE / Langevin / Nosé–Hoover
//!   chain / CSVR, Maxwell–Boltzmann initial velocities.
//! - [`structure`]: particle and scene builders. [`io`]: file formats. [`scenario`]: the one serde
//!   type that defines a run. [`sim`]: the simulation that ties them together.
//!
//! Determinism: the same scenario and seed give bit-identical trajectories for any thread count
//! and on native and wasm32 (fixed-order reductions, `libm`, counter-based random numbers).

#[macro_use]
pub mod base;
pub mod analysis;
pub mod io;
pub mod kmc;
pub mod mc;
pub mod md;
pub mod neighbor;
pub mod potential;
pub mod run;
pub mod structure;
pub mod system;

pub use base::error::{Error, Result};

#[cfg(target_arch = "wasm32")]
pub mod wasm;
