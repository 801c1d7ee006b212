//! # nanocoalesce
//!
//! A simulator of metal nanoparticle coalescence: embedded-atom-method molecular dynamics of two or
//! more nanoparticles that touch, grow a neck, rotate and merge, with hybrid MD/MC and kinetic
//! Monte Carlo. Units are LAMMPS `metal` everywhere: Å, eV, ps, amu, K.
//!
//! The engine is pure, platform-agnostic Rust; the native CLI (`src/bin/nanocoalesce/`) and the
//! wasm bindings (`wasm`, built for wasm32 only) are thin front ends over it. The modules are layers, each
//! importing only from the ones before it (`tests/layers.rs` checks it):
//!
//! | layer | modules | what |
//! |---|---|---|
//! | 0 | [`base`] | errors, units, deterministic random numbers, parallel patterns, vector maths (glam), the element table |
//! | 1 | [`system`] | atoms, their box, and the positions fingerprint |
//! | 2 | [`io`], [`neighbor`] | file formats (a leaf); the one cell grid, Verlet half lists, full lists |
//! | 3 | [`potential`], [`structure`] | EAM kernel and models, pair potentials, LAMMPS formats and export, the potential a scenario names; particle and scene builders |
//! | 4 | [`md`] | forces, velocity Verlet, thermostats (one file each), initial velocities |
//! | 5 | [`mc`], [`kmc`] | Metropolis swaps; kinetic Monte Carlo (rate structures, lattice surface diffusion, film growth) |
//! | 6 | [`analysis`] | the observables papers report, one file each; per-atom classifiers; curves and fits |
//! | 7 | [`run`] | the scenario, share links, the simulation and its outputs, the kMC runs, the LAMMPS deck, presets |
//! | 8 | `wasm` | the page's engines over one trait, typed values across the boundary |
//!
//! Determinism: the same scenario and seed give bit-identical trajectories for any thread count
//! and on native and wasm32 (fixed-order reductions, `libm`, counter-based random numbers).

// The browser builds are optimised for size, their hot paths for speed (`#[optimize(speed)]`,
// nightly; the browser builds use the nightly toolchain already): see scripts/build-web.sh.
#![cfg_attr(target_arch = "wasm32", feature(optimize_attribute))]

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
