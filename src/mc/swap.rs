//! Metropolis species swaps for hybrid MD/MC (alloys: segregation, core–shell ordering).
//!
//! Every `every` MD steps, `attempts` swaps are tried: atom a is drawn uniformly from the
//! candidates (all atoms, or the surface atoms of the current frame), atom b uniformly from the
//! candidates of another element; the swap of their species is accepted with probability
//! `min(1, exp(−ΔE / k_B T))` at the thermostat's current target temperature. The proposal is
//! symmetric (a swap preserves the number of candidates of each element), so this is detailed
//! balance in the canonical ensemble at fixed composition.
//!
//! ΔE is local: with `ρ_i = Σ_j f_{t_j→t_i}(r_ij)` kept per atom, a swap changes the densities of
//! a, b and their neighbours only, and the pair terms of a and b only:
//!
//! ```text
//! ΔE = Σ_{k ∈ {a,b} ∪ N(a) ∪ N(b)} [F_{t'_k}(ρ'_k) − F_{t_k}(ρ_k)]
//!    + Σ_{j ∈ N(a)\{b}} [φ_{t'_a t_j} − φ_{t_a t_j}] + Σ_{j ∈ N(b)\{a}} [φ_{t'_b t_j} − φ_{t_b t_j}]
//! ```
//!
//! — O(neighbours) per attempt, never a full recompute.
//! An accepted swap keeps each atom's kinetic energy (velocity scaled by √(m/m′), as LAMMPS'
//! `fix atom/swap` with `ke yes`). Random numbers are counter-based (seed, block, attempt), so a
//! run is reproducible. Cost per block: one neighbour search and density sum, O(N), plus O(k) per
//! attempt.

use crate::base::error::Result;
use crate::base::rng::{counter_u64, u64_to_open01};
use crate::base::units::KB;
use crate::neighbor::NeighborLists;
use crate::potential::{LocalEnergy, Potential};
use crate::system::System;
use serde::{Deserialize, Serialize};

/// Random-number stream of the swap moves (distinct from the thermostat's).
const STREAM: u64 = 0x5a4d_4d43;

/// Which atoms may swap.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SwapRegion {
    /// Every atom.
    #[default]
    All,
    /// Surface atoms of the current frame (probe-sphere criterion of the `surface` analysis).
    Surface,
}

/// Hybrid MD/MC settings (part of the scenario).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct SwapSpec {
    /// MD steps between swap blocks.
    pub every: u64,
    /// Swap attempts per block.
    pub attempts: u64,
    /// Candidate atoms.
    #[serde(default)]
    pub region: SwapRegion,
}

/// Most swap attempts per block.
pub const MAX_ATTEMPTS: u64 = 100_000;

impl SwapSpec {
    /// Checks the settings; the message names the offending one.
    pub fn validate(&self) -> Result<()> {
        if self.every == 0 || self.every > 1_000_000_000 {
            bail!(
                "mc every = {} is out of range: swap every 1 to 1e9 MD steps",
                self.every
            );
        }
        // A block runs between two MD steps and cannot be split: at ~5 µs per attempt natively
        // (more in the page), 1e5 attempts keep it under a second.
        if self.attempts > MAX_ATTEMPTS {
            bail!(
                "mc attempts = {} is too many per block (at most 1e5, about half a second): swap more often instead (a smaller EVERY)",
                self.attempts
            );
        }
        Ok(())
    }
}

/// Attempted and accepted swaps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SwapStats {
    /// Attempts (proposals of two atoms of different elements).
    pub attempted: u64,
    /// Accepted swaps.
    pub accepted: u64,
}

impl SwapStats {
    /// accepted / attempted (NaN before any attempt).
    pub fn acceptance(&self) -> f64 {
        if self.attempted == 0 {
            f64::NAN
        } else {
            self.accepted as f64 / self.attempted as f64
        }
    }
}

/// The state of one block: neighbour lists (positions are fixed during a block) and densities.
pub struct SwapBlock<'a> {
    local: &'a dyn LocalEnergy,
    nl: NeighborLists,
    rho: Vec<f64>,
    /// Scratch: density change per atom and the atoms touched.
    delta: Vec<f64>,
    touched: Vec<usize>,
}

impl<'a> SwapBlock<'a> {
    /// Prepares a block for `sys` (neighbour search and densities, O(N)).
    pub fn new(sys: &System, potential: &'a dyn Potential) -> Result<SwapBlock<'a>> {
        let local = potential.local().ok_or_else(|| {
            crate::Error::new(format!(
                "Monte Carlo swaps need an EAM potential ({} has no local energy)",
                potential.describe()
            ))
        })?;
        let nl = NeighborLists::build(&sys.pos, sys.cell, local.local_cutoff())?;
        let rho = crate::base::parallel::map_range(sys.len(), |i| {
            let ti = sys.species[i] as usize;
            nl.of(i)
                .iter()
                .map(|n| local.density(sys.species[n.j as usize] as usize, ti, n.r))
                .sum()
        });
        Ok(SwapBlock {
            local,
            nl,
            rho,
            delta: vec![0.0; sys.len()],
            touched: Vec::new(),
        })
    }

    /// Energy change (eV) of swapping the species of atoms a and b, and the new densities of the
    /// touched atoms left in `self.delta`/`self.touched` (a and b included).
    pub fn swap_energy(&mut self, sys: &System, a: usize, b: usize) -> f64 {
        let l = self.local;
        let ty = |i: usize| sys.species[i] as usize;
        let (ta, tb) = (ty(a), ty(b));
        // New type of atom j after the swap.
        let new_ty = |j: usize| {
            if j == a {
                tb
            } else if j == b {
                ta
            } else {
                ty(j)
            }
        };
        for &k in &self.touched {
            self.delta[k] = 0.0;
        }
        self.touched.clear();
        let mut de_pair = 0.0;
        for (center, t_old, t_new, other) in [(a, ta, tb, b), (b, tb, ta, a)] {
            for n in self.nl.of(center) {
                let j = n.j as usize;
                if j == other {
                    continue;
                }
                let tj = ty(j);
                de_pair += l.pair(t_new, tj, n.r) - l.pair(t_old, tj, n.r);
                if self.delta[j] == 0.0 && !self.touched.contains(&j) {
                    self.touched.push(j);
                }
                self.delta[j] += l.density(t_new, tj, n.r) - l.density(t_old, tj, n.r);
            }
        }
        // The densities of a and b themselves, recomputed with the new types.
        let mut de_embed = 0.0;
        for c in [a, b] {
            let tc = new_ty(c);
            let rho_new: f64 = self
                .nl
                .of(c)
                .iter()
                .map(|n| l.density(new_ty(n.j as usize), tc, n.r))
                .sum();
            de_embed += l.embedding(tc, rho_new) - l.embedding(ty(c), self.rho[c]);
        }
        for &k in &self.touched {
            if k == a || k == b {
                continue;
            }
            let tk = ty(k);
            de_embed += l.embedding(tk, self.rho[k] + self.delta[k]) - l.embedding(tk, self.rho[k]);
        }
        de_embed + de_pair
    }

    /// Applies the swap whose energy was just computed by [`SwapBlock::swap_energy`].
    fn apply(&mut self, sys: &mut System, a: usize, b: usize) {
        for &k in &self.touched {
            if k != a && k != b {
                self.rho[k] += self.delta[k];
            }
        }
        let (ta, tb) = (sys.species[a], sys.species[b]);
        for (i, t_new) in [(a, tb), (b, ta)] {
            let scale = (sys.masses[sys.species[i] as usize] / sys.masses[t_new as usize]).sqrt();
            sys.vel[i] = sys.vel[i].map(|v| v * scale);
            sys.species[i] = t_new;
        }
        let l = self.local;
        for c in [a, b] {
            let tc = sys.species[c] as usize;
            self.rho[c] = self
                .nl
                .of(c)
                .iter()
                .map(|n| l.density(sys.species[n.j as usize] as usize, tc, n.r))
                .sum();
        }
    }
}

/// Runs one block of `attempts` swap attempts at temperature `t_kelvin` among the atoms
/// `candidates` (ascending indices: all atoms, or those of the [`SwapRegion`], which the caller
/// selects); `block` numbers the blocks of a run (for the random numbers). Returns the block's
/// statistics.
pub fn swap_block(
    sys: &mut System,
    potential: &dyn Potential,
    t_kelvin: f64,
    attempts: u64,
    candidates: &[usize],
    seed: u64,
    block: u64,
) -> Result<SwapStats> {
    let mut stats = SwapStats::default();
    // Candidates grouped by element; `slot[i]` = position of atom i in its group.
    let ne = sys.elements.len();
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); ne];
    let mut slot = vec![usize::MAX; sys.len()];
    for &i in candidates {
        let t = sys.species[i] as usize;
        slot[i] = groups[t].len();
        groups[t].push(i);
    }
    if groups.iter().filter(|g| !g.is_empty()).count() < 2 || attempts == 0 {
        return Ok(stats);
    }
    let n = candidates.len() as u64;
    let mut block_state = SwapBlock::new(sys, potential)?;
    let beta = if t_kelvin > 0.0 {
        1.0 / (KB * t_kelvin)
    } else {
        f64::INFINITY
    };
    for k in 0..attempts {
        let c = (block * attempts + k) * 3;
        // a: uniform over candidates (in group order: group 0, then group 1, ...).
        let mut ia = counter_u64(seed, STREAM, c) % n;
        let mut ta = 0;
        while ia >= groups[ta].len() as u64 {
            ia -= groups[ta].len() as u64;
            ta += 1;
        }
        let a = groups[ta][ia as usize];
        // b: uniform over candidates of the other elements.
        let others = n - groups[ta].len() as u64;
        let mut ib = counter_u64(seed, STREAM, c + 1) % others;
        let mut tb = 0;
        loop {
            if tb != ta {
                if ib < groups[tb].len() as u64 {
                    break;
                }
                ib -= groups[tb].len() as u64;
            }
            tb += 1;
        }
        let b = groups[tb][ib as usize];
        stats.attempted += 1;
        let de = block_state.swap_energy(sys, a, b);
        let accept =
            de <= 0.0 || u64_to_open01(counter_u64(seed, STREAM, c + 2)) < libm::exp(-beta * de);
        if accept {
            block_state.apply(sys, a, b);
            let (sa, sb) = (slot[a], slot[b]);
            groups[ta][sa] = b;
            groups[tb][sb] = a;
            slot[a] = sb;
            slot[b] = sa;
            stats.accepted += 1;
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::md::forces::ForceEngine;
    use crate::potential::spec::zhou_potential;

    /// Every atom of `sys`, as swap candidates.
    fn all(sys: &System) -> Vec<usize> {
        (0..sys.len()).collect()
    }

    use std::sync::Arc;

    fn alloy(pot: &Arc<dyn Potential>, pos: Vec<[f64; 3]>, seed: u64, frac_b: f64) -> System {
        let n = pos.len();
        let species: Vec<u16> = (0..n)
            .map(|i| (u64_to_open01(counter_u64(seed, 1, i as u64)) < frac_b) as u16)
            .collect();
        System {
            elements: pot.elements().to_vec(),
            masses: (0..pot.elements().len()).map(|t| pot.mass(t)).collect(),
            species,
            particle: vec![0; n],
            pos,
            vel: vec![[0.0; 3]; n],
            cell: None,
            fixed: 0,
            piston: 0,
        }
    }

    fn energy(pot: &Arc<dyn Potential>, sys: &System) -> f64 {
        ForceEngine::new(pot.clone(), 1.0).compute(sys).unwrap()
    }

    #[test]
    fn local_energy_change_equals_a_full_recompute() {
        for analytic in [false, true] {
            let pot: Arc<dyn Potential> = zhou_potential(&["Au", "Ag", "Cu"], analytic).unwrap();
            let mut pos = crate::base::math::fcc_ball(4.0, [0.0; 3], 11.0);
            // Some disorder, so that no two neighbour shells coincide.
            for (i, p) in pos.iter_mut().enumerate() {
                for (k, x) in p.iter_mut().enumerate() {
                    *x += 0.1 * (u64_to_open01(counter_u64(9, k as u64, i as u64)) - 0.5);
                }
            }
            let mut sys = alloy(&pot, pos, 4, 0.5);
            for i in (0..sys.len()).step_by(5) {
                sys.species[i] = 2;
            }
            let mut block = SwapBlock::new(&sys, pot.as_ref()).unwrap();
            let e0 = energy(&pot, &sys);
            let mut checked = 0;
            for (a, b) in [(0, 1), (3, 40), (7, 8), (100, 101), (20, 150)] {
                if sys.species[a] == sys.species[b] {
                    continue;
                }
                let de = block.swap_energy(&sys, a, b);
                let mut swapped = sys.clone();
                swapped.species.swap(a, b);
                let full = energy(&pot, &swapped) - e0;
                assert!(
                    (de - full).abs() < 1e-9,
                    "swap ({a},{b}): local {de}, full {full}"
                );
                checked += 1;
            }
            assert!(checked >= 3);
            // After applying a swap, the kept densities are those of the new configuration.
            let (a, b) = (0..sys.len())
                .flat_map(|a| (a + 1..sys.len()).map(move |b| (a, b)))
                .find(|&(a, b)| sys.species[a] != sys.species[b])
                .unwrap();
            block.swap_energy(&sys, a, b);
            block.apply(&mut sys, a, b);
            let fresh = SwapBlock::new(&sys, pot.as_ref()).unwrap();
            for i in 0..sys.len() {
                assert!(
                    (block.rho[i] - fresh.rho[i]).abs() < 1e-12,
                    "rho of atom {i}"
                );
            }
        }
    }

    #[test]
    fn visited_states_follow_the_boltzmann_distribution() {
        // Six atoms (an octahedron), three Au and three Ag: 20 arrangements. Swaps alone at
        // 3000 K visit them with frequencies ∝ exp(−E/k_BT).
        let pot: Arc<dyn Potential> = zhou_potential(&["Au", "Ag"], false).unwrap();
        let h = 2.9 / 2f64.sqrt();
        let pos = vec![
            [h, 0.0, 0.0],
            [-h, 0.0, 0.0],
            [0.0, h * 1.05, 0.0],
            [0.0, -h, 0.0],
            [0.0, 0.0, h * 0.95],
            [0.0, 0.0, -h],
        ];
        let mut sys = alloy(&pot, pos, 1, 0.0);
        sys.species = vec![0, 0, 0, 1, 1, 1];
        let t = 3000.0;
        let key = |s: &[u16]| s.iter().fold(0usize, |k, &x| 2 * k + x as usize);
        // Exact weights by enumeration.
        let mut weights = std::collections::BTreeMap::new();
        for mask in 0usize..64 {
            if mask.count_ones() != 3 {
                continue;
            }
            let mut s = sys.clone();
            s.species = (0..6).map(|i| ((mask >> (5 - i)) & 1) as u16).collect();
            weights.insert(key(&s.species), libm::exp(-energy(&pot, &s) / (KB * t)));
        }
        let z: f64 = weights.values().sum();
        let mut counts = std::collections::BTreeMap::new();
        let blocks = 40_000;
        for blk in 0..blocks {
            let c = all(&sys);
            swap_block(&mut sys, pot.as_ref(), t, 10, &c, 77, blk).unwrap();
            *counts.entry(key(&sys.species)).or_insert(0usize) += 1;
        }
        // Total variation distance between visited and Boltzmann frequencies.
        let tv: f64 = weights
            .iter()
            .map(|(k, w)| (w / z - *counts.get(k).unwrap_or(&0) as f64 / blocks as f64).abs())
            .sum::<f64>()
            / 2.0;
        assert_eq!(weights.len(), 20);
        assert!(counts.len() == 20, "visited {} of 20 states", counts.len());
        assert!(tv < 0.02, "total variation distance {tv}");
    }

    #[test]
    fn statistics_and_determinism() {
        let pot: Arc<dyn Potential> = zhou_potential(&["Au", "Ag"], false).unwrap();
        let pos = crate::base::math::fcc_ball(4.08, [0.0; 3], 9.0);
        let sys0 = alloy(&pot, pos, 2, 0.5);
        let run = || {
            let mut s = sys0.clone();
            let c = all(&s);
            let st = swap_block(&mut s, pot.as_ref(), 800.0, 500, &c, 5, 0).unwrap();
            (s.species, st)
        };
        let (s1, st1) = run();
        let (s2, st2) = run();
        assert_eq!((s1.clone(), st1), (s2, st2));
        assert_eq!(st1.attempted, 500);
        assert!(st1.accepted > 0 && st1.accepted < 500, "{st1:?}");
        // Composition is conserved.
        let count = |s: &[u16], t| s.iter().filter(|&&x| x == t).count();
        assert_eq!(count(&s1, 1), count(&sys0.species, 1));
        // A pure system has nothing to swap.
        let mut pure = sys0.clone();
        pure.species.iter_mut().for_each(|t| *t = 0);
        let c = all(&pure);
        let st = swap_block(&mut pure, pot.as_ref(), 800.0, 100, &c, 5, 0).unwrap();
        assert_eq!(st.attempted, 0);
    }
}
