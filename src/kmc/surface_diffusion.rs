//! Atoms hopping between nearest-neighbour sites of an fcc lattice with bond-counting barriers:
//! the standard kinetic Monte Carlo model of surface diffusion (in the style of Combe, Jensen and
//! Pimpinelli, Phys. Rev. Lett. 85, 110 (2000)).
//!
//! An atom with n occupied nearest neighbours hops to each allowed vacant neighbour site with rate
//! `ν exp(−(E₀ + n·E_b)/k_B T)`. A target is allowed if it lies in the box and has at least one
//! occupied neighbour besides the hopping atom (no evaporation: the model is surface diffusion,
//! not sublimation). Each atom is one leaf of a [`RateTree`] holding its total rate (rate × number
//! of allowed targets); an event picks the atom, then one of its targets uniformly. After a hop,
//! only the atoms whose rate can have changed are updated: the neighbours of the old and new sites
//! (bond counts; the vacated and filled targets) and the neighbours of vacant sites whose bond
//! count crossed 2 (targets that became allowed or forbidden) — about 25 atoms, O(25 · 12) site
//! checks plus O(25 log N) tree updates per event. The box is padded by two blocked layers, so
//! neighbour lookups need no bounds checks.
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
/// Marker for a padding site outside the box (never a target).
const BLOCKED: u32 = u32::MAX - 1;
/// Padding around the box, sites: two hops never leave the padded array.
const PAD: i32 = 2;
/// Site-state flag: occupied or padding.
const FILLED: u8 = 16;
/// Site-state flag: occupied by an atom (always together with `FILLED`).
const ATOM: u8 = 32;
/// Most atoms one event can touch: the mover, 24 neighbours of the two sites, and 12 neighbours
/// of each of those 24 sites whose count crosses the threshold.
const MAX_TOUCHED: usize = 1 + 24 + 24 * 12;
/// Site-state mask of the neighbour count.
const COUNT: u8 = 15;

/// The lattice, its atoms and their rates.
pub struct Lattice {
    dims: [i32; 3],
    /// Padded dimensions and strides of the site arrays.
    pdims: [i32; 3],
    /// Linear offsets of the 12 nearest neighbours in the padded arrays.
    off: [isize; 12],
    /// Atom on each (padded) site: EMPTY, BLOCKED or the atom index.
    site_atom: Vec<u32>,
    /// Per (padded) site: occupied nearest neighbours in the low 4 bits, `FILLED` (16) if the
    /// site holds an atom or is padding, and `ATOM` (32) if it holds an atom: one byte answers
    /// "is this an allowed target?" and "is there an atom to update here?".
    state: Vec<u8>,
    /// Site of each atom, lattice coordinates.
    pub atom_site: Vec<[i32; 3]>,
    /// Site of each atom, padded linear index.
    atom_idx: Vec<usize>,
    /// Label of each atom (e.g. the particle it started in).
    pub label: Vec<u32>,
    rates: RateTree,
    /// Precomputed ν exp(−(E₀ + n E_b)/kT) for n = 0..12.
    rate_of: [f64; 13],
    /// Per atom: bit d set if its neighbour site along NN[d] is an allowed target, kept up to
    /// date incrementally (an atom's rate is `rate_of[bonds] × popcount`).
    targets: Vec<u16>,
    stamp: Vec<u64>,
    generation: u64,
    /// Atoms to refresh after a hop (the first `MAX_TOUCHED` slots of a fixed buffer).
    todo: Box<[u32; MAX_TOUCHED]>,
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
            || dims.iter().map(|&d| d as u64 + 4).product::<u64>() > 200_000_000
        {
            bail!("kMC box {dims:?} is out of range (2 to 200 million sites)");
        }
        if labels.len() != sites.len() {
            bail!("kMC: {} labels for {} sites", labels.len(), sites.len());
        }
        let pdims = dims.map(|d| d + 2 * PAD);
        let nsites: usize = pdims.iter().map(|&d| d as usize).product();
        let off = NN.map(|d| ((d[2] * pdims[1] + d[1]) * pdims[0] + d[0]) as isize);
        let mut l = Lattice {
            dims,
            pdims,
            off,
            site_atom: vec![BLOCKED; nsites],
            state: vec![FILLED; nsites],
            atom_site: Vec::with_capacity(sites.len()),
            atom_idx: Vec::with_capacity(sites.len()),
            label: labels.to_vec(),
            rates: RateTree::new(sites.len()),
            rate_of: std::array::from_fn(|n| model.rate(n)),
            targets: vec![0; sites.len()],
            stamp: vec![0; sites.len()],
            generation: 0,
            todo: Box::new([0; MAX_TOUCHED]),
            time_s: 0.0,
            events: 0,
            seed,
        };
        for z in 0..dims[2] {
            for y in 0..dims[1] {
                for x in 0..dims[0] {
                    let i = l.index([x, y, z]);
                    l.site_atom[i] = EMPTY;
                    l.state[i] = 0;
                }
            }
        }
        for (k, s) in sites.iter().enumerate() {
            if (s[0] + s[1] + s[2]).rem_euclid(2) != 0 || !l.inside(*s) {
                bail!("kMC site {s:?} is not an fcc site inside the box");
            }
            let idx = l.index(*s);
            if l.site_atom[idx] != EMPTY {
                bail!("two atoms on kMC site {s:?}");
            }
            l.site_atom[idx] = k as u32;
            l.state[idx] |= FILLED | ATOM;
            l.atom_site.push(*s);
            l.atom_idx.push(idx);
        }
        for k in 0..l.atom_idx.len() {
            let i = l.atom_idx[k];
            for o in l.off {
                l.state[nb(i, o)] += 1;
            }
        }
        for k in 0..l.atom_idx.len() {
            l.targets[k] = l.allowed_targets(l.atom_idx[k]);
            l.refresh(k);
        }
        Ok(l)
    }

    fn inside(&self, s: [i32; 3]) -> bool {
        (0..3).all(|k| s[k] >= 0 && s[k] < self.dims[k])
    }

    /// Padded linear index of a site (inside the box or within the padding).
    fn index(&self, s: [i32; 3]) -> usize {
        let p = s.map(|v| v + PAD);
        ((p[2] * self.pdims[1] + p[1]) * self.pdims[0] + p[0]) as usize
    }

    /// Occupied nearest neighbours of site s (inside the box).
    pub fn bonds(&self, s: [i32; 3]) -> usize {
        (self.state[self.index(s)] & COUNT) as usize
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.atom_idx.len()
    }

    /// True if there are no atoms.
    pub fn is_empty(&self) -> bool {
        self.atom_idx.is_empty()
    }

    /// True if a hop into padded site t is allowed: inside, vacant, and bonded to some atom
    /// besides the one hopping there.
    #[inline]
    fn allowed(&self, t: usize) -> bool {
        (2..FILLED).contains(&self.state[t])
    }

    /// Bit d set if the neighbour of padded site i along NN[d] is an allowed target.
    #[inline]
    fn allowed_targets(&self, i: usize) -> u16 {
        let mut mask = 0;
        for (d, &o) in self.off.iter().enumerate() {
            mask |= (self.allowed(nb(i, o)) as u16) << d;
        }
        mask
    }

    /// Recomputes atom k's total rate from its bond count and its allowed-target mask.
    fn refresh(&mut self, k: usize) {
        let m = self.targets[k].count_ones();
        let n = (self.state[self.atom_idx[k]] & COUNT) as usize;
        let r = self.rate_of[n] * m as f64;
        if self.rates.get(k) != r {
            self.rates.set(k, r);
        }
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
        let mut mask = self.targets[k];
        let pick =
            crate::rng::counter_u64(self.seed, 0x6b6d64, self.events) % mask.count_ones() as u64;
        // The pick-th allowed direction (in NN order): drop the lowest `pick` set bits.
        for _ in 0..pick {
            mask &= mask - 1;
        }
        self.move_atom(k, mask.trailing_zeros() as usize);
        self.time_s += dt;
        self.events += 1;
        true
    }

    /// Moves atom k one step along NN[d] and updates what the hop changed: the bond counts of
    /// the 24 neighbour sites (and so the rates of the atoms there), the allowed-target bits of
    /// the atoms next to the vacated site, the filled site, and every vacant site whose count
    /// crossed the "bonded" threshold of 2; then refreshes the rates of the atoms touched.
    /// NN[e] and NN[e ^ 3] are opposite vectors: if u is t's neighbour along NN[e], t is u's
    /// neighbour along NN[e ^ 3], which is the bit to change in u's mask.
    fn move_atom(&mut self, k: usize, d: usize) {
        let from = self.atom_idx[k];
        let to = nb(from, self.off[d]);
        self.site_atom[from] = EMPTY;
        self.site_atom[to] = k as u32;
        self.state[from] &= COUNT;
        self.state[to] |= FILLED | ATOM;
        self.atom_idx[k] = to;
        let s = self.atom_site[k];
        self.atom_site[k] = add(s, NN[d]);
        self.generation += 1;
        let g = self.generation;
        let mut len = 0;
        // Neighbours of `from` lose a bond; a vacant one left with one bond stops being a target.
        for e in 0..12 {
            let t = nb(from, self.off[e]);
            let st = self.state[t];
            self.state[t] = st - 1;
            if st & ATOM != 0 {
                self.touch(self.site_atom[t] as usize, g, &mut len);
            } else if st == 2 {
                self.flip_target(t, g, &mut len);
            }
        }
        // Neighbours of `to` gain a bond and lose `to` as a target; a vacant one reaching two
        // bonds becomes a target (`from` is handled below).
        for e in 0..12 {
            let t = nb(to, self.off[e]);
            let st = self.state[t];
            self.state[t] = st + 1;
            if st & ATOM != 0 {
                let u = self.site_atom[t] as usize;
                self.targets[u] &= !(1 << (e ^ 3));
                self.touch(u, g, &mut len);
            } else if st == 1 && t != from {
                self.flip_target(t, g, &mut len);
            }
        }
        // The vacated site is a target for its neighbours if it keeps two bonds (it always keeps
        // the mover's), and every atom there was touched above.
        if self.allowed(from) {
            for e in 0..12 {
                let t = nb(from, self.off[e]);
                if self.state[t] & ATOM != 0 {
                    let u = self.site_atom[t] as usize;
                    self.targets[u] |= 1 << (e ^ 3);
                }
            }
        }
        self.targets[k] = self.allowed_targets(to);
        self.touch(k, g, &mut len);
        for q in 0..len {
            self.refresh(self.todo[q] as usize);
        }
    }

    /// Vacant site t became (or stopped being) an allowed target: flips the bit for t in every
    /// neighbouring atom's target mask.
    fn flip_target(&mut self, t: usize, g: u64, len: &mut usize) {
        for e in 0..12 {
            let v = nb(t, self.off[e]);
            if self.state[v] & ATOM != 0 {
                let u = self.site_atom[v] as usize;
                self.targets[u] ^= 1 << (e ^ 3);
                self.touch(u, g, len);
            }
        }
    }

    /// Lists atom a for a refresh unless it is already listed in generation g. Branch-free: the
    /// slot is always written, the length advances only for a new atom.
    #[inline]
    fn touch(&mut self, a: usize, g: u64, len: &mut usize) {
        self.todo[*len] = a as u32;
        *len += (self.stamp[a] != g) as usize;
        self.stamp[a] = g;
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
            if self.index(s) != self.atom_idx[k] || self.site_atom[self.atom_idx[k]] != k as u32 {
                return Err(format!("atom {k}: site bookkeeping"));
            }
            let n = NN
                .iter()
                .filter(|&&d| {
                    let t = add(s, d);
                    self.inside(t) && self.site_atom[self.index(t)] < BLOCKED
                })
                .count();
            if n != self.bonds(s) {
                return Err(format!("atom {k}: count {} vs {n}", self.bonds(s)));
            }
            let m = NN
                .iter()
                .filter(|&&d| {
                    let t = add(s, d);
                    if !self.inside(t) || self.site_atom[self.index(t)] != EMPTY {
                        return false;
                    }
                    let bonded = NN
                        .iter()
                        .filter(|&&e| {
                            let u = add(t, e);
                            self.inside(u) && self.site_atom[self.index(u)] < BLOCKED
                        })
                        .count();
                    bonded >= 2
                })
                .count();
            let mask = self.allowed_targets(self.atom_idx[k]);
            if mask != self.targets[k] || mask.count_ones() as usize != m {
                return Err(format!(
                    "atom {k}: targets {:012b} vs {mask:012b} ({m} allowed)",
                    self.targets[k]
                ));
            }
            let want = self.rate_of[n] * m as f64;
            if self.rates.get(k) != want {
                return Err(format!("atom {k}: rate {} vs {want}", self.rates.get(k)));
            }
        }
        Ok(())
    }
}

/// The neighbour of padded site i at linear offset o.
#[inline]
fn nb(i: usize, o: isize) -> usize {
    (i as isize + o) as usize
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
