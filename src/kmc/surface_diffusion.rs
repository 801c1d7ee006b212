//! Atoms hopping between nearest-neighbour sites of an fcc lattice with bond-counting barriers:
//! the standard kinetic Monte Carlo model of surface diffusion (in the style of Combe, Jensen and
//! Pimpinelli, Phys. Rev. Lett. 85, 110 (2000)).
//!
//! An atom with n occupied nearest neighbours hops to each allowed vacant neighbour site with rate
//! `ν exp(−(E₀ + n·E_b)/k_B T)`. A target is allowed if it lies in the box and has at least one
//! occupied neighbour besides the hopping atom (no evaporation: the model is surface diffusion,
//! not sublimation). Each atom is one leaf of a [`RateTree`] holding its total rate (rate × number
//! of allowed targets); an event picks the atom, then one of its targets uniformly. After a hop,
//! the atoms within two nearest-neighbour hops of the old and new sites are updated: their bond
//! counts or the allowed targets may have changed. Cost per event: O(50 · 12) site checks plus
//! O(50 log N) tree updates.
//!
//! Sites are integer coordinates (x, y, z) with x + y + z even, in units of a/2 (a the lattice
//! constant); nearest neighbours are the 12 vectors (±1, ±1, 0) and permutations.

use super::rate_tree::RateTree;
use crate::error::Result;
use crate::units::KB;
use serde::{Deserialize, Serialize};

/// The 12 nearest-neighbour vectors of fcc in units of a/2.
pub const NN: [[i32; 3]; 12] = [
    [1, 1, 0],
    [1, -1, 0],
    [-1, 1, 0],
    [-1, -1, 0],
    [1, 0, 1],
    [1, 0, -1],
    [-1, 0, 1],
    [-1, 0, -1],
    [0, 1, 1],
    [0, 1, -1],
    [0, -1, 1],
    [0, -1, -1],
];

/// Parameters of the hop model.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct HopModel {
    /// Attempt frequency ν, 1/s.
    pub nu_per_s: f64,
    /// Barrier offset E₀, eV.
    #[serde(rename = "e0_eV")]
    pub e0: f64,
    /// Barrier per bond E_b, eV.
    #[serde(rename = "eb_eV")]
    pub eb: f64,
    /// Temperature, K.
    #[serde(rename = "temperature_K")]
    pub temperature: f64,
}

impl Default for HopModel {
    /// ν = 10¹³ s⁻¹ (a typical phonon frequency), E₀ = 0, E_b = 0.2 eV, 600 K: order-of-magnitude
    /// values for a noble metal surface (an adatom on a close-packed facet, n = 3, hops in
    /// nanoseconds; a facet atom, n = 9, is effectively frozen), not a fit to Au.
    fn default() -> Self {
        HopModel {
            nu_per_s: 1e13,
            e0: 0.0,
            eb: 0.2,
            temperature: 600.0,
        }
    }
}

impl HopModel {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        if !(self.nu_per_s.is_finite() && self.nu_per_s > 0.0) {
            bail!(
                "kMC attempt frequency {} /s must be positive",
                self.nu_per_s
            );
        }
        if !(self.e0.is_finite() && self.eb.is_finite() && self.e0 >= 0.0 && self.eb >= 0.0) {
            bail!(
                "kMC barriers E0 = {} eV, Eb = {} eV must be finite and ≥ 0",
                self.e0,
                self.eb
            );
        }
        if !(self.temperature.is_finite() && self.temperature > 0.0 && self.temperature <= 20_000.0)
        {
            bail!(
                "kMC temperature {} K is out of range (0, 20000]",
                self.temperature
            );
        }
        Ok(())
    }

    /// Hop rate of an atom with n bonds, 1/s.
    pub fn rate(&self, n: usize) -> f64 {
        self.nu_per_s * libm::exp(-(self.e0 + n as f64 * self.eb) / (KB * self.temperature))
    }
}

/// Marker for an empty site.
const EMPTY: u32 = u32::MAX;

/// The lattice, its atoms and their rates.
pub struct Lattice {
    dims: [i32; 3],
    /// Atom on each site (EMPTY if vacant).
    site_atom: Vec<u32>,
    /// Occupied nearest neighbours of each site.
    count: Vec<u8>,
    /// Site of each atom.
    pub atom_site: Vec<[i32; 3]>,
    /// Label of each atom (e.g. the particle it started in).
    pub label: Vec<u32>,
    rates: RateTree,
    /// Precomputed ν exp(−(E₀ + n E_b)/kT) for n = 0..12.
    rate_of: [f64; 13],
    stamp: Vec<u64>,
    generation: u64,
    /// Simulated time, s.
    pub time_s: f64,
    /// Events done.
    pub events: u64,
    seed: u64,
}

impl Lattice {
    /// A box of `dims` (units of a/2) holding atoms at `sites` with labels.
    pub fn new(
        dims: [i32; 3],
        sites: &[[i32; 3]],
        labels: &[u32],
        model: &HopModel,
        seed: u64,
    ) -> Result<Lattice> {
        model.validate()?;
        if dims.iter().any(|&d| d < 2)
            || dims.iter().map(|&d| d as u64).product::<u64>() > 200_000_000
        {
            bail!("kMC box {dims:?} is out of range (2 to 200 million sites)");
        }
        let nsites = dims.iter().map(|&d| d as usize).product();
        let mut l = Lattice {
            dims,
            site_atom: vec![EMPTY; nsites],
            count: vec![0; nsites],
            atom_site: Vec::with_capacity(sites.len()),
            label: labels.to_vec(),
            rates: RateTree::new(sites.len()),
            rate_of: std::array::from_fn(|n| model.rate(n)),
            stamp: vec![0; sites.len()],
            generation: 0,
            time_s: 0.0,
            events: 0,
            seed,
        };
        for (k, s) in sites.iter().enumerate() {
            if (s[0] + s[1] + s[2]).rem_euclid(2) != 0 || !l.inside(*s) {
                bail!("kMC site {s:?} is not an fcc site inside the box");
            }
            let idx = l.index(*s);
            if l.site_atom[idx] != EMPTY {
                bail!("two atoms on kMC site {s:?}");
            }
            l.site_atom[idx] = k as u32;
            l.atom_site.push(*s);
        }
        for k in 0..l.atom_site.len() {
            let s = l.atom_site[k];
            for d in NN {
                let t = add(s, d);
                if l.inside(t) {
                    let i = l.index(t);
                    l.count[i] += 1;
                }
            }
        }
        for k in 0..l.atom_site.len() {
            l.refresh(k);
        }
        Ok(l)
    }

    fn inside(&self, s: [i32; 3]) -> bool {
        (0..3).all(|k| s[k] >= 0 && s[k] < self.dims[k])
    }

    fn index(&self, s: [i32; 3]) -> usize {
        ((s[2] * self.dims[1] + s[1]) * self.dims[0] + s[0]) as usize
    }

    /// Occupied nearest neighbours of site s.
    pub fn bonds(&self, s: [i32; 3]) -> usize {
        self.count[self.index(s)] as usize
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.atom_site.len()
    }

    /// True if there are no atoms.
    pub fn is_empty(&self) -> bool {
        self.atom_site.is_empty()
    }

    /// Allowed targets of the atom at site s.
    fn targets(&self, s: [i32; 3]) -> impl Iterator<Item = [i32; 3]> + '_ {
        NN.iter().map(move |&d| add(s, d)).filter(move |&t| {
            self.inside(t) && {
                let i = self.index(t);
                self.site_atom[i] == EMPTY && self.count[i] >= 2
            }
        })
    }

    /// Recomputes atom k's total rate.
    fn refresh(&mut self, k: usize) {
        let s = self.atom_site[k];
        let n = self.bonds(s);
        let m = self.targets(s).count();
        self.rates.set(k, self.rate_of[n] * m as f64);
    }

    /// Total hop rate of atom k, 1/s.
    pub fn atom_rate(&self, k: usize) -> f64 {
        self.rates.get(k)
    }

    /// Total rate, 1/s.
    pub fn total_rate(&self) -> f64 {
        self.rates.total()
    }

    /// One BKL event: picks an atom and a target, moves it, advances the time. False if nothing
    /// can move.
    pub fn step(&mut self) -> bool {
        let Some((k, dt)) = super::bkl_step(&self.rates, self.seed, 0x6b6d63, self.events) else {
            return false;
        };
        let s = self.atom_site[k];
        let targets: Vec<[i32; 3]> = self.targets(s).collect();
        let pick = crate::rng::counter_u64(self.seed, 0x6b6d64, self.events) % targets.len() as u64;
        let t = targets[pick as usize];
        self.move_atom(k, s, t);
        self.time_s += dt;
        self.events += 1;
        true
    }

    fn move_atom(&mut self, k: usize, from: [i32; 3], to: [i32; 3]) {
        let (fi, ti) = (self.index(from), self.index(to));
        self.site_atom[fi] = EMPTY;
        self.site_atom[ti] = k as u32;
        self.atom_site[k] = to;
        for d in NN {
            let a = add(from, d);
            if self.inside(a) {
                let i = self.index(a);
                self.count[i] -= 1;
            }
            let b = add(to, d);
            if self.inside(b) {
                let i = self.index(b);
                self.count[i] += 1;
            }
        }
        // Atoms within two hops of either site.
        self.generation += 1;
        let g = self.generation;
        let mut todo = Vec::with_capacity(128);
        for c in [from, to] {
            for d1 in std::iter::once([0, 0, 0]).chain(NN) {
                let s1 = add(c, d1);
                for d2 in std::iter::once([0, 0, 0]).chain(NN) {
                    let s2 = add(s1, d2);
                    if !self.inside(s2) {
                        continue;
                    }
                    let a = self.site_atom[self.index(s2)];
                    if a != EMPTY && self.stamp[a as usize] != g {
                        self.stamp[a as usize] = g;
                        todo.push(a as usize);
                    }
                }
            }
        }
        for a in todo {
            self.refresh(a);
        }
    }

    /// Atom positions (Å) for lattice constant `a`.
    pub fn positions(&self, a: f64) -> Vec<[f64; 3]> {
        self.atom_site
            .iter()
            .map(|s| s.map(|v| v as f64 * 0.5 * a))
            .collect()
    }

    /// Checks the incremental state against a recomputation (for tests): neighbour counts and
    /// every atom's rate.
    pub fn check(&self) -> std::result::Result<(), String> {
        for (k, &s) in self.atom_site.iter().enumerate() {
            let n = NN
                .iter()
                .filter(|&&d| {
                    let t = add(s, d);
                    self.inside(t) && self.site_atom[self.index(t)] != EMPTY
                })
                .count();
            if n != self.bonds(s) {
                return Err(format!("atom {k}: count {} vs {n}", self.bonds(s)));
            }
            let want = self.rate_of[n] * self.targets(s).count() as f64;
            if self.rates.get(k) != want {
                return Err(format!("atom {k}: rate {} vs {want}", self.rates.get(k)));
            }
        }
        Ok(())
    }
}

fn add(a: [i32; 3], b: [i32; 3]) -> [i32; 3] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ball(c: [i32; 3], r2: i32) -> Vec<[i32; 3]> {
        let r = (r2 as f64).sqrt().ceil() as i32;
        let mut v = Vec::new();
        for x in -r..=r {
            for y in -r..=r {
                for z in -r..=r {
                    if (x + y + z).rem_euclid(2) == 0 && x * x + y * y + z * z <= r2 {
                        v.push([c[0] + x, c[1] + y, c[2] + z]);
                    }
                }
            }
        }
        v
    }

    #[test]
    fn incremental_rates_stay_equal_to_recomputed_ones() {
        let sites = ball([20, 20, 20], 60);
        let labels = vec![0; sites.len()];
        let model = HopModel {
            temperature: 900.0,
            ..Default::default()
        };
        let mut l = Lattice::new([40, 40, 40], &sites, &labels, &model, 1).unwrap();
        l.check().unwrap();
        for _ in 0..20 {
            for _ in 0..500 {
                assert!(l.step());
            }
            l.check().unwrap();
        }
        // Every atom keeps at least one neighbour (no evaporation) and the atoms are conserved.
        assert!(l.atom_site.iter().all(|&s| l.bonds(s) >= 1));
        assert_eq!(l.len(), sites.len());
        assert!(l.time_s > 0.0);
    }

    #[test]
    fn an_adatom_on_a_001_slab_hops_at_its_four_bond_rate() {
        // A two-layer (001) slab and one adatom in a 4-fold hollow above it: the adatom has 4
        // bonds and 4 allowed in-plane targets, so its rate is 4 ν e^{−(E0 + 4 Eb)/kT}. The first
        // event is the adatom's with probability r_adatom / R (the slab's edge atoms compete),
        // after a waiting time of mean 1/R.
        let mut sites = Vec::new();
        for x in 0..20 {
            for y in 0..20 {
                for z in 0..2 {
                    if (x + y + z) % 2 == 0 {
                        sites.push([x, y, z]);
                    }
                }
            }
        }
        let adatom = sites.len();
        sites.push([10, 10, 2]);
        let model = HopModel::default();
        let mut mean = 0.0;
        let mut adatom_first = 0;
        let mut p = 0.0;
        let runs = 2000;
        for seed in 0..runs {
            let mut l =
                Lattice::new([20, 20, 10], &sites, &vec![0; sites.len()], &model, seed).unwrap();
            if seed == 0 {
                l.check().unwrap();
                assert_eq!(l.bonds([2, 3, 1]), 8);
                assert_eq!(l.bonds([10, 10, 2]), 4);
                assert!((l.atom_rate(adatom) / (4.0 * model.rate(4)) - 1.0).abs() < 1e-12);
            }
            let r = l.total_rate();
            p = l.atom_rate(adatom) / r;
            assert!(l.step());
            if l.atom_site[adatom] != [10, 10, 2] {
                adatom_first += 1;
                assert_eq!(
                    l.atom_site[adatom][2], 2,
                    "the adatom hops within its layer"
                );
            }
            mean += l.time_s * r / runs as f64;
        }
        assert!((mean - 1.0).abs() < 0.1, "mean waiting time × R = {mean}");
        let frac = adatom_first as f64 / runs as f64;
        let sigma = (p * (1.0 - p) / runs as f64).sqrt();
        assert!(
            (frac - p).abs() < 4.0 * sigma,
            "adatom first in {frac} of runs, expected {p}"
        );
        assert!(p > 0.01, "the adatom is among the fast movers ({p})");
    }

    #[test]
    fn bad_input_is_refused() {
        let m = HopModel::default();
        assert!(Lattice::new([10, 10, 10], &[[1, 0, 0]], &[0], &m, 1).is_err());
        assert!(Lattice::new([10, 10, 10], &[[0, 0, 0], [0, 0, 0]], &[0, 0], &m, 1).is_err());
        let bad = HopModel {
            temperature: -1.0,
            ..m
        };
        assert!(Lattice::new([10, 10, 10], &[[0, 0, 0]], &[0], &bad, 1).is_err());
    }
}
