//! Helpers shared by the integration tests.
#![allow(dead_code)]

use nanocoalesce::base::rng::Rng;
use nanocoalesce::md::forces::ForceEngine;
use nanocoalesce::potential::Potential;
use nanocoalesce::system::System;
use std::sync::Arc;

/// Fcc lattice sites (conventional cubic cell `a`) within `radius` of the origin.
pub fn fcc_ball(a: f64, radius: f64) -> Vec<[f64; 3]> {
    nanocoalesce::base::math::fcc_ball(a, [0.0; 3], radius)
}

/// A system of the potential's elements at `pos`, species drawn at random from `species_pool`,
/// each atom displaced uniformly by up to `jitter` Å per component.
pub fn random_alloy(
    potential: &dyn Potential,
    pos: &[[f64; 3]],
    species_pool: &[u16],
    jitter: f64,
    seed: u64,
) -> System {
    let mut r = Rng::new(seed, 99);
    let n = pos.len();
    let pos: Vec<[f64; 3]> = pos
        .iter()
        .map(|p| [0, 1, 2].map(|k| p[k] + jitter * (2.0 * r.uniform() - 1.0)))
        .collect();
    let species: Vec<u16> = (0..n)
        .map(|_| species_pool[r.below(species_pool.len())])
        .collect();
    let elements = potential.elements().to_vec();
    let masses = (0..elements.len()).map(|t| potential.mass(t)).collect();
    System {
        elements,
        masses,
        species,
        particle: vec![0; n],
        pos,
        vel: vec![[0.0; 3]; n],
        cell: None,
        fixed: 0,
        piston: 0,
    }
}

/// Potential energy of a system, eV.
pub fn energy(potential: &Arc<dyn Potential>, sys: &System) -> f64 {
    let mut e = ForceEngine::new(potential.clone(), 1.0);
    e.compute(sys).unwrap()
}

/// An external tool's Python (installed by a setup script into target/), found through
/// `env_var` or at `<repo>/default_path`. Without it: a failure under CI, else a skip notice and
/// None.
pub fn tool_python(
    env_var: &str,
    default_path: &str,
    tool: &str,
    setup: &str,
) -> Option<std::path::PathBuf> {
    let p = std::env::var_os(env_var)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(default_path));
    if p.exists() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{tool} not found at {}: run {setup} (scripts/test.sh does)",
            p.display()
        );
    }
    eprintln!("skipped: {tool} not installed (run {setup})");
    None
}
