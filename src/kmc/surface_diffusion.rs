//! Atoms hopping between nearest-neighbour sites of an fcc lattice with bond-counting barriers:
//! the standard kinetic Monte Carlo model of surface diffusion (in the style of Combe, Jensen and
//! Pimpinelli, Phys. Rev. Lett. 85, 110 (2000)).
//!
//! An atom with n occupied nearest neighbours hops to each allowed vacant neighbour site with rate
//! `ν exp(−(E₀ + n·E_b)/k_B T)`. A target is allowed if it lies in the box and has at least one
//! occupied neighbour besides the hopping atom (no evaporation: the model is surface diffusion,
//! not sublimation). All hops of an atom with n bonds have the same rate, so the atoms sit in
//! [`RateClasses`] by bond count n (13 classes), each with its number of allowed targets as
//! multiplicity: an event picks the class, then one of its hops uniformly (the n-fold way of
//! Bortz, Kalos and Lebowitz), with O(1) work per rate change. After a hop,
//! only the atoms whose rate can have changed are updated: the neighbours of the old and new sites
//! (bond counts; the vacated and filled targets) and the neighbours of vacant sites whose bond
//! count crossed 2 (targets that became allowed or forbidden): 18 site words, at most 33 atoms,
//! and a handful of class updates per event. Well-bonded atoms (6 or more bonds at the usual
//! temperatures) hold an upper bound of their rate instead, which changes only now and then, and
//! an event picked from the bound is a hop with the probability true rate / bound, else a null
//! event (thinning, exact: see `Lattice::band`). The box is padded by two blocked layers, so
//! neighbour lookups need no bounds checks.
//!
//! Sites are integer coordinates (x, y, z) with x + y + z even, in units of a/2 (a the lattice
//! constant); nearest neighbours are the 12 vectors (±1, ±1, 0) and permutations.

use super::rate_classes::{RateClasses, Slot, Slotted};
use super::waiting_time::WaitingTime;
use crate::base::error::{check_range, readable, Result};
use crate::base::rng::{keyed_u64, stream_key, u64_to_open01};
use crate::base::units::KB;
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
        // Bounded so that every rate (and a lattice's sum of them) is a finite number.
        check_range("kMC attempt frequency nu", self.nu_per_s, "/s", 1.0, 1e16)?;
        check_range("kMC barrier offset e0", self.e0, "eV", 0.0, 10.0)?;
        check_range("kMC barrier per bond eb", self.eb, "eV", 0.0, 5.0)?;
        check_range("kMC temperature T", self.temperature, "K", 1.0, 20_000.0)?;
        if self.rate(0) <= 0.0 {
            bail!(
                "kMC: at T = {} K with e0 = {} eV every hop rate ν·exp(−(e0 + n·eb)/k_B·T) is 0 in \
                 double precision, so no atom could ever move: raise T or lower e0",
                readable(self.temperature),
                readable(self.e0)
            );
        }
        Ok(())
    }

    /// Hop rate of an atom with n bonds, 1/s.
    pub fn rate(&self, n: usize) -> f64 {
        self.nu_per_s * libm::exp(-(self.e0 + n as f64 * self.eb) / (KB * self.temperature))
    }
}

/// Padding around the box, sites: two hops never leave the padded array.
const PAD: i32 = 2;
/// Site-word flag: occupied or padding.
const FILLED: u32 = 16;
/// Site-word flag: occupied by an atom (always together with `FILLED`).
const ATOM: u32 = 32;
/// Site-word mask of the state (neighbour count and flags).
const STATE: u32 = 0x3f;
/// Site-word field of a slow atom's lag δ = n − n_s (0 to 3): how many bonds it has gained since
/// its rate class n_s was set (see `Lattice::band`); 0 for every other site.
const LAG: u32 = 0xc0;
/// One unit of [`LAG`].
const LAG_ONE: u32 = 0x40;
/// Shift of the atom index in a site word.
const ATOM_SHIFT: u32 = 8;
/// Most atoms (2²⁴) a site word can name.
const MAX_ATOMS: usize = 1 << (32 - ATOM_SHIFT);
/// Site-word mask of the neighbour count.
const COUNT: u32 = 15;
/// Slots of the list of atoms one event touches (a power of two ≥ 33: the mover, the 18 other
/// sites next to its two sites, and one atom for each of at most 14 target flips).
const TOUCHED_SLOTS: usize = 64;

/// For hop direction d, `VIA[d][e]` = f if NN[d] + NN[e] = NN[f], else 12: the neighbour of the
/// target along NN[e] is then the neighbour of the vacated site along NN[f], one of the 4 sites
/// next to both ends of the hop.
const VIA: [[usize; 12]; 12] = {
    let mut via = [[12; 12]; 12];
    let mut d = 0;
    while d < 12 {
        let mut e = 0;
        while e < 12 {
            let mut f = 0;
            while f < 12 {
                if NN[d][0] + NN[e][0] == NN[f][0]
                    && NN[d][1] + NN[e][1] == NN[f][1]
                    && NN[d][2] + NN[e][2] == NN[f][2]
                {
                    via[d][e] = f;
                }
                f += 1;
            }
            e += 1;
        }
        d += 1;
    }
    via
};

/// An array whose length is a power of two, indexed modulo its length: `i & (len − 1)` is in
/// range by construction, so the hot loops carry no bounds checks. The callers keep every index
/// below the length anyway (atoms stay inside the padded box, atom indices come from the site
/// words); debug builds assert it.
#[derive(Clone, Debug)]
struct Pow2<T>(Box<[T]>);

impl<T: Clone> Pow2<T> {
    /// At least `n` copies of `v` (the length rounded up to a power of two, at least 1).
    fn new(n: usize, v: T) -> Self {
        Pow2(vec![v; n.max(1).next_power_of_two()].into_boxed_slice())
    }
}

impl<T> Pow2<T> {
    /// The elements, borrowed with the same indexing: a pair (pointer, length) that the hop
    /// update keeps in registers.
    fn view(&mut self) -> View<'_, T> {
        View(&mut self.0)
    }
}

impl<T> std::ops::Index<usize> for Pow2<T> {
    type Output = T;
    #[inline(always)]
    fn index(&self, i: usize) -> &T {
        // SAFETY: a `Pow2` is never empty (`Pow2::new`, the only constructor), see `masked`.
        unsafe { self.0.get_unchecked(masked(self.0.len(), i)) }
    }
}

impl<T> std::ops::IndexMut<usize> for Pow2<T> {
    #[inline(always)]
    fn index_mut(&mut self, i: usize) -> &mut T {
        let j = masked(self.0.len(), i);
        // SAFETY: as in `index`.
        unsafe { self.0.get_unchecked_mut(j) }
    }
}

/// A [`Pow2`]'s elements, borrowed ([`Pow2::view`], the only constructor: never empty).
struct View<'a, T>(&'a mut [T]);

impl<T> View<'_, T> {
    /// Element i modulo the length.
    #[inline(always)]
    fn at(&mut self, i: usize) -> &mut T {
        let j = masked(self.0.len(), i);
        // SAFETY: the slice is a `Pow2`'s, never empty, see `masked`.
        unsafe { self.0.get_unchecked_mut(j) }
    }
}

/// i & (len − 1): below len for any len ≥ 1, so an index into a non-empty slice of that length
/// without a bounds check. Debug builds assert len ≥ 1 and i < len (which the callers keep
/// anyway).
#[inline(always)]
fn masked(len: usize, i: usize) -> usize {
    debug_assert!(len > 0 && i < len);
    i & len.wrapping_sub(1)
}

/// What an event needs to know of one atom, in 12 bytes, aligned to 16 (a quarter of a cache
/// line, never straddling two).
#[derive(Clone, Copy, Debug, Default)]
#[repr(align(16))]
struct AtomState {
    /// Index of its site (see [`Lattice::index`]).
    site: u32,
    /// Position in its rate-class list ([`Slot::pos`]).
    pos: u32,
    /// Bit d set if its neighbour site along NN[d] is an allowed target, kept up to date
    /// incrementally (its rate is `rate(bonds) × popcount`).
    targets: u16,
    /// Occupied nearest-neighbour sites.
    bonds: u8,
    /// Rate-class key ([`Slot::key`]).
    key: u8,
}

const _: () = assert!(std::mem::size_of::<AtomState>() == 16);

impl Slotted for AtomState {
    #[inline(always)]
    fn slot(&self) -> Slot {
        Slot {
            pos: self.pos,
            key: self.key,
        }
    }
    #[inline(always)]
    fn set_slot(&mut self, slot: Slot) {
        self.pos = slot.pos;
        self.key = slot.key;
    }
    #[inline(always)]
    fn set_pos(&mut self, pos: u32) {
        self.pos = pos;
    }
}

/// The lattice, its atoms and their rates.
#[derive(Clone)]
pub struct Lattice {
    dims: [i32; 3],
    /// Padded dimensions and strides of the site arrays.
    pdims: [i32; 3],
    /// Linear offsets of the 12 nearest neighbours in the padded arrays.
    off: [isize; 12],
    /// One word per (padded) site: occupied nearest neighbours in the low 4 bits, `FILLED` if the
    /// site holds an atom or is padding, `ATOM` if it holds an atom, and then the atom's index
    /// from bit 8: one load answers "is this an allowed target?" and "which atom is here?".
    site: Pow2<u32>,
    /// Per atom: site, allowed targets, bond count, place in the rate classes (the entries past
    /// the last atom are unused).
    atom: Pow2<AtomState>,
    /// Number of atoms.
    atoms: usize,
    /// Label of each atom (e.g. the particle it started in).
    pub label: Vec<u32>,
    /// Index of the record of each atom (atoms are numbered as given to [`Lattice::new`] in the
    /// interface, and stored in Z-curve order of their initial sites).
    internal: Vec<u32>,
    /// Atoms by bond count (class) and number of allowed targets (multiplicity).
    rates: RateClasses,
    /// Atoms to refresh after a hop (the first entries of a fixed buffer).
    todo: [u32; TOUCHED_SLOTS],
    /// Simulated time, s.
    pub time_s: f64,
    /// Events done.
    pub events: u64,
    /// Exponential variates for the waiting times.
    waiting: WaitingTime,
    /// Attempts made (events and null events), the counter of the random streams.
    pub attempts: u64,
    /// Attempts rejected by [`Lattice::rejection_step`] (rkMC).
    pub rejected: u64,
    /// Counter-based random streams: event choice, hop choice, waiting time, acceptance.
    streams: [u64; 4],
    /// First bond count of the slow band (13: none). Atoms with n bonds, `band` ≤ n ≤ 11, are
    /// "slow": they sit in the rate class of a bond count n_s ≤ n with all 12 directions as
    /// events, an upper bound on their rate `rate(n) × allowed targets`, and an event picked
    /// there is a hop only if its direction is an allowed target, and then with probability
    /// rate(n)/rate(n_s); otherwise it is a null event (time passes, nothing moves). This is
    /// thinning of the Markov chain (Gillespie's "rejection" with a dominating rate), exact for
    /// any bound. A slow atom's bond count changes without touching its record or its class
    /// while n_s ≤ n ≤ n_s + 3 (the lag n − n_s is kept in its site word): most atoms next to a
    /// hop are facet and edge atoms with 6–11 bonds, whose rates are 10⁻³ and less of the fast
    /// atoms', so the bound costs few null events and saves most of the updates (see
    /// [`slow_band`]).
    band: usize,
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
        Self::with_band(dims, sites, labels, model, seed, slow_band(model))
    }

    /// [`Lattice::new`] with a given slow band (tests: any band gives the same dynamics).
    fn with_band(
        dims: [i32; 3],
        sites: &[[i32; 3]],
        labels: &[u32],
        model: &HopModel,
        seed: u64,
        band: usize,
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
        if sites.len() >= MAX_ATOMS {
            bail!(
                "kMC: {} atoms are more than the {} the lattice can hold",
                sites.len(),
                MAX_ATOMS - 1
            );
        }
        // Odd padded lengths along x and y (one more padding layer on the high side if needed):
        // then the raster index of (x, y, z) has the parity of x + y + z, even on the fcc
        // sublattice, and half of it is a dense index of the fcc sites.
        let pdims = [
            (dims[0] + 2 * PAD) | 1,
            (dims[1] + 2 * PAD) | 1,
            dims[2] + 2 * PAD,
        ];
        let nsites = pdims.iter().map(|&d| d as usize).product::<usize>() / 2 + 1;
        let off = NN.map(|d| ((d[2] * pdims[1] + d[1]) * pdims[0] + d[0]) as isize / 2);
        let mut l = Lattice {
            dims,
            pdims,
            off,
            site: Pow2::new(nsites, FILLED),
            atom: Pow2::new(sites.len(), AtomState::default()),
            atoms: sites.len(),
            label: labels.to_vec(),
            internal: Vec::new(),
            rates: RateClasses::new(&std::array::from_fn::<_, 13, _>(|n| model.rate(n))),
            todo: [0; TOUCHED_SLOTS],
            time_s: 0.0,
            events: 0,
            waiting: WaitingTime::new(),
            attempts: 0,
            rejected: 0,
            streams: random_streams(seed),
            band: band.clamp(1, 13),
        };
        for s in fcc_sites([0; 3], dims) {
            let i = l.index(s);
            l.site[i] = 0;
        }
        for s in sites {
            if (s[0] + s[1] + s[2]).rem_euclid(2) != 0 || !l.inside(*s) {
                bail!("kMC site {s:?} is not an fcc site inside the box");
            }
        }
        // The atoms are stored in Z-curve order of their sites, so that neighbouring atoms' records
        // tend to share cache lines.
        let mut keyed: Vec<(u64, u32)> = (0..sites.len() as u32)
            .map(|k| (z_curve(sites[k as usize]), k))
            .collect();
        keyed.sort_unstable();
        let external: Vec<u32> = keyed.into_iter().map(|(_, k)| k).collect();
        l.internal = vec![0; sites.len()];
        for (k, &e) in external.iter().enumerate() {
            l.internal[e as usize] = k as u32;
        }
        for (k, &e) in external.iter().enumerate() {
            let s = &sites[e as usize];
            let idx = l.index(*s);
            if l.site[idx] != 0 {
                bail!("two atoms on kMC site {s:?}");
            }
            l.site[idx] = (k as u32) << ATOM_SHIFT | FILLED | ATOM;
            l.atom[k].site = idx as u32;
        }
        for k in 0..sites.len() {
            let i = l.atom[k].site as usize;
            for o in l.off {
                l.site[nb(i, o)] += 1;
            }
        }
        for k in 0..sites.len() {
            let i = l.atom[k].site as usize;
            l.atom[k].targets = l.allowed_targets(i);
            l.atom[k].bonds = (l.site[i] & COUNT) as u8;
            l.refresh(k);
        }
        Ok(l)
    }

    fn inside(&self, s: [i32; 3]) -> bool {
        (0..3).all(|k| s[k] >= 0 && s[k] < self.dims[k])
    }

    /// Index of an fcc site (x + y + z even, inside the box or within the padding): half its
    /// raster index in the padded box, which is even (see [`Lattice::new`]).
    fn index(&self, s: [i32; 3]) -> usize {
        debug_assert!((s[0] + s[1] + s[2]).rem_euclid(2) == 0);
        let p = s.map(|v| v + PAD);
        ((p[2] * self.pdims[1] + p[1]) * self.pdims[0] + p[0]) as usize / 2
    }

    /// Lattice coordinates of the fcc site of index i.
    fn coords(&self, i: usize) -> [i32; 3] {
        let [px, py, _] = self.pdims.map(|d| d as usize);
        let r = 2 * i;
        [r % px, r / px % py, r / (px * py)].map(|v| v as i32 - PAD)
    }

    /// Site of atom k, lattice coordinates.
    pub fn site_of(&self, k: usize) -> [i32; 3] {
        self.coords(self.atom[self.internal[k] as usize].site as usize)
    }

    /// Sites of all atoms, lattice coordinates.
    pub fn atom_sites(&self) -> Vec<[i32; 3]> {
        (0..self.atoms).map(|k| self.site_of(k)).collect()
    }

    /// Occupied nearest neighbours of fcc site s (x + y + z even, inside the box).
    pub fn bonds(&self, s: [i32; 3]) -> usize {
        (self.site[self.index(s)] & COUNT) as usize
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.atoms
    }

    /// True if there are no atoms.
    pub fn is_empty(&self) -> bool {
        self.atoms == 0
    }

    /// True if a hop into padded site t is allowed: inside, vacant, and bonded to some atom
    /// besides the one hopping there.
    #[inline]
    fn allowed(&self, t: usize) -> bool {
        is_target(self.site[t])
    }

    /// Bit d set if the neighbour of padded site i along NN[d] is an allowed target.
    #[inline]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn allowed_targets(&self, i: usize) -> u16 {
        let mut mask = 0;
        for (d, &o) in self.off.iter().enumerate() {
            mask |= (self.allowed(nb(i, o)) as u16) << d;
        }
        mask
    }

    /// Puts atom k in its rate class from its bond count n (in its site word), after a change
    /// next to it:
    /// - n < `band`: class n with its allowed targets as multiplicity (the mask is recomputed if
    ///   the atom was slow, whose mask is not kept up to date);
    /// - `band` ≤ n ≤ 11: slow, class n with all 12 directions as events, lag 0;
    /// - n = 12: no events.
    ///
    /// The record's `bonds` is n from then on: the count of the last refresh, which tells the
    /// next one whether the mask is current.
    #[inline(always)]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn refresh(&mut self, k: usize) {
        let i = self.atom[k].site as usize;
        let w = self.site[i];
        let n = (w & COUNT) as usize;
        let mult = if n < self.band {
            if self.atom[k].bonds as usize >= self.band {
                self.atom[k].targets = self.allowed_targets(i);
            }
            targets_count(self.atom[k].targets)
        } else {
            self.site[i] = w & !LAG;
            if n < 12 {
                12
            } else {
                0
            }
        };
        self.atom[k].bonds = n as u8;
        self.rates.set(&mut self.atom.0, k, n, mult);
    }

    /// Rate of the hops of record k (internal numbering), 1/s: `rate(n) × allowed targets`,
    /// counted afresh for a slow atom (whose class holds only a bound).
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn record_rate(&self, k: usize) -> f64 {
        let a = &self.atom[k];
        let (class, _) = self.rates.get(a);
        if class < self.band {
            self.rates.item_rate(a)
        } else {
            let i = a.site as usize;
            let n = (self.site[i] & COUNT) as usize;
            self.rates.class_rate(n) * targets_count(self.allowed_targets(i)) as f64
        }
    }

    /// Total hop rate of atom k, 1/s.
    pub fn atom_rate(&self, k: usize) -> f64 {
        self.record_rate(self.internal[k] as usize)
    }

    /// Total hop rate R of all atoms, 1/s: the mean waiting time to the next hop is 1/R. (O(n):
    /// the slow atoms' rates are counted afresh.)
    pub fn total_rate(&self) -> f64 {
        (0..self.atoms).map(|k| self.record_rate(k)).sum()
    }

    /// One BKL event: picks an atom and a target, moves it, advances the time. False if nothing
    /// can move. With a slow band (see `Lattice::band`) an attempt can be a null event, and
    /// the step repeats until a hop, adding up the waiting times.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn step(&mut self) -> bool {
        let mut nulls = 0u32;
        loop {
            let attempt = self.attempts;
            let [s1, s2, s3] = [0, 1, 2].map(|s| keyed_u64(self.streams[s], attempt));
            let Some((k, pick, total)) = self.rates.select(u64_to_open01(s1), s2) else {
                return false;
            };
            self.attempts += 1;
            self.time_s += self.waiting.neg_ln_uniform(s3) / total;
            let d = if self.rates.get(&self.atom[k]).0 < self.band {
                // The pick-th allowed direction (in NN order): drop the lowest `pick` set bits.
                let mut mask = self.atom[k].targets;
                for _ in 0..pick {
                    mask &= mask - 1;
                }
                mask.trailing_zeros() as usize
            } else if let Some(d) = self.slow_hop(k, pick, attempt) {
                d
            } else {
                // A state where only slow atoms have bounds and none can hop would repeat null
                // events for ever: check now and then that something can move.
                nulls += 1;
                if nulls.is_multiple_of(4096) && self.total_rate() <= 0.0 {
                    return false;
                }
                continue;
            };
            self.move_atom(k, d);
            self.events += 1;
            return true;
        }
    }

    /// One rejection-kMC (rkMC) event: attempts pick an atom and one of its 12 directions
    /// uniformly and accept the hop with probability `rate(n) / rate(0)` if the target is allowed
    /// (n the atom's bonds; rate(0) bounds every rate), each attempt advancing the clock by an
    /// exponential waiting time of mean `1 / (12 N rate(0))`. The same Markov chain in physical
    /// time as [`Lattice::step`]'s rejection-free selection, with the rejected attempts done
    /// explicitly ([`Lattice::rejected`] counts them). Gives up after `max_attempts` attempts
    /// without a hop and returns false (the caller decides whether that is a frozen state or just
    /// a long wait); with no atoms, false at once. Random numbers: the same counter-based streams,
    /// keyed by the attempt.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn rejection_step(&mut self, max_attempts: u64) -> bool {
        if self.atoms == 0 {
            return false;
        }
        let r_max = self.rates.class_rate(0);
        let bound = 12.0 * self.atoms as f64 * r_max;
        for _ in 0..max_attempts {
            let attempt = self.attempts;
            let [s1, s2, s3, s4] = [0, 1, 2, 3].map(|s| keyed_u64(self.streams[s], attempt));
            self.attempts += 1;
            self.time_s += self.waiting.neg_ln_uniform(s3) / bound;
            let k = (((s1 >> 11) as u128 * self.atoms as u128) >> 53) as usize;
            let d = (s2 % 12) as usize;
            let i = self.atom[k].site as usize;
            let n = (self.site[i] & COUNT) as usize;
            if self.allowed(nb(i, self.off[d]))
                && u64_to_open01(s4) * r_max < self.rates.class_rate(n)
            {
                self.move_atom(k, d);
                self.events += 1;
                return true;
            }
            self.rejected += 1;
        }
        false
    }

    /// The event of slow atom k (record index) along NN[e], of attempt `attempt`: `Some(e)` if it
    /// is a hop (the target is allowed, and then with probability rate(n)/rate(n_s) for an atom
    /// with n bonds in class n_s), `None` for a null event, after which the atom's class is
    /// brought to its bond count (the bound tightened to a single factor: its 12 directions).
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn slow_hop(&mut self, k: usize, e: usize, attempt: u64) -> Option<usize> {
        let a = self.atom[k];
        let i = a.site as usize;
        let n = (self.site[i] & COUNT) as usize;
        let class = self.rates.get(&a).0;
        let hop = self.allowed(nb(i, self.off[e % 12]))
            && (n == class || {
                let u = u64_to_open01(keyed_u64(self.streams[3], attempt));
                u * self.rates.class_rate(class) < self.rates.class_rate(n)
            });
        if !hop && n != class {
            self.refresh(k);
        }
        hop.then_some(e)
    }

    /// Moves atom k one step along NN[d] ([`Hop::apply`], compiled once per direction) and
    /// refreshes the rates of the atoms it changed.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn move_atom(&mut self, k: usize, d: usize) {
        let mut hop = Hop {
            site: self.site.view(),
            atom: self.atom.view(),
            off: &self.off,
            todo: &mut self.todo,
            len: 0,
            from: 0,
            to: 0,
            flips: 0,
            band: self.band,
        };
        match d {
            0 => hop.apply::<0>(k),
            1 => hop.apply::<1>(k),
            2 => hop.apply::<2>(k),
            3 => hop.apply::<3>(k),
            4 => hop.apply::<4>(k),
            5 => hop.apply::<5>(k),
            6 => hop.apply::<6>(k),
            7 => hop.apply::<7>(k),
            8 => hop.apply::<8>(k),
            9 => hop.apply::<9>(k),
            10 => hop.apply::<10>(k),
            _ => hop.apply::<11>(k),
        }
        hop.flip_targets();
        let len = hop.len;
        for q in 0..len {
            self.refresh(self.todo[q & (TOUCHED_SLOTS - 1)] as usize);
        }
    }

    /// Atom positions (Å) for lattice constant `a`.
    pub fn positions(&self, a: f64) -> Vec<[f64; 3]> {
        (0..self.atoms)
            .map(|k| self.site_of(k).map(|v| v as f64 * 0.5 * a))
            .collect()
    }

    /// Checks the incremental state against a recomputation (for tests): neighbour counts and
    /// every atom's rate.
    pub fn check(&self) -> std::result::Result<(), String> {
        // The recount uses only the atoms' coordinates, not the incremental site words.
        let sites = self.atom_sites();
        let occupied: std::collections::HashSet<[i32; 3]> = sites.iter().copied().collect();
        if occupied.len() != self.len() {
            return Err("two atoms on one site".into());
        }
        let bonded = |t: [i32; 3]| {
            NN.iter()
                .filter(|&&d| occupied.contains(&add(t, d)))
                .count()
        };
        for (k, &s) in sites.iter().enumerate() {
            let r = self.internal[k];
            let a = self.atom[r as usize];
            let i = a.site as usize;
            if !self.inside(s) || self.index(s) != i || self.site[i] >> ATOM_SHIFT != r {
                return Err(format!("atom {k}: site bookkeeping"));
            }
            let n = bonded(s);
            if n != self.bonds(s) {
                return Err(format!("atom {k}: count {} vs {n}", self.bonds(s)));
            }
            let lag = (self.site[i] & LAG) / LAG_ONE;
            if n >= self.band {
                // Slow (class n_s = n − lag, band ≤ n_s ≤ 11, all 12 directions) or, with 12
                // bonds and no lag, without events.
                let (class, mult) = self.rates.get(&a);
                let slow = mult == 12 && class + lag as usize == n && class >= self.band;
                if !(slow && class <= 11 || mult == 0 && n == 12 && lag == 0) {
                    return Err(format!(
                        "atom {k}: {n} bonds, lag {lag}, class {:?}",
                        (class, mult)
                    ));
                }
                continue;
            }
            if lag != 0 || n != a.bonds as usize {
                return Err(format!("atom {k}: lag {lag}, count {} vs {n}", a.bonds));
            }
            let m = NN
                .iter()
                .filter(|&&d| {
                    let t = add(s, d);
                    self.inside(t) && !occupied.contains(&t) && bonded(t) >= 2
                })
                .count();
            let mask = self.allowed_targets(i);
            if mask != a.targets || mask.count_ones() as usize != m {
                return Err(format!(
                    "atom {k}: targets {:012b} vs {mask:012b} ({m} allowed)",
                    a.targets
                ));
            }
            let class = if m == 0 { (0, 0) } else { (n, m) };
            if self.rates.get(&a) != class {
                return Err(format!(
                    "atom {k}: class {:?} vs {class:?}",
                    self.rates.get(&a)
                ));
            }
        }
        for s in fcc_sites([-PAD; 3], self.dims.map(|d| d + PAD)) {
            let w = self.site[self.index(s)];
            if w & LAG != 0 && w & ATOM == 0 {
                return Err(format!("site {s:?}: lag without an atom"));
            }
        }
        self.rates.check(&self.atom.0)
    }
}

/// Runs `$body` for each of the 12 directions `$e` = 0, …, 11 as constants (unrolled: the
/// neighbour offset and the bit masks of each direction are then fixed at compile time).
macro_rules! each_direction {
    ($e:ident => $body:expr) => {{
        each_direction!(@ $e => $body; 0 1 2 3 4 5 6 7 8 9 10 11)
    }};
    (@ $e:ident => $body:expr; $($d:literal)*) => {{
        $({
            let $e: usize = $d;
            $body;
        })*
    }};
}

/// What one hop changes, borrowed from the lattice: the site words and atom records (both of
/// power-of-two length, indexed modulo it, see [`Pow2`]) and the list of atoms touched.
struct Hop<'a> {
    site: View<'a, u32>,
    atom: View<'a, AtomState>,
    off: &'a [isize; 12],
    todo: &'a mut [u32; TOUCHED_SLOTS],
    /// Atoms listed in `todo`.
    len: usize,
    /// The hop's two ends.
    from: usize,
    to: usize,
    /// Vacant sites whose targethood changed: bit f for the neighbour of `from` along NN[f],
    /// bit 12 + e for the neighbour of `to` along NN[e].
    flips: u32,
    /// [`Lattice::band`].
    band: usize,
}

impl Hop<'_> {
    #[inline(always)]
    fn word(&mut self, i: usize) -> &mut u32 {
        self.site.at(i)
    }

    #[inline(always)]
    fn atom(&mut self, u: usize) -> &mut AtomState {
        self.atom.at(u)
    }

    /// Moves atom k one step along NN[D] from `from` to `to` and updates what the hop changed.
    /// The 12 neighbours of `from` and the 12 of `to` are:
    /// - `to` and `from` themselves: `to` loses the bond to `from` and `from` gains the one to
    ///   `to`;
    /// - 7 sites next to `from` only ([`Hop::leave`]): they lose a bond;
    /// - 7 sites next to `to` only ([`Hop::enter`]): they gain a bond;
    /// - 4 sites next to both ([`Hop::common`]): their bond count stays, and an atom there
    ///   trades `to` for `from` as a target.
    ///
    /// D is a constant, so which neighbour is which is settled at compile time. Every atom
    /// changed is listed for a rate refresh. Vacant sites whose targethood changed are marked
    /// in `flips`; [`Hop::flip_targets`] updates the atoms next to them once both passes are
    /// done. NN[e] and NN[e ^ 3] are opposite vectors: if u is
    /// t's neighbour along NN[e], t is u's neighbour along NN[e ^ 3], which is the bit to change
    /// in u's mask.
    #[inline(always)]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn apply<const D: usize>(&mut self, k: usize) {
        let from = self.atom(k).site as usize;
        let to = nb(from, self.off[D]);
        (self.from, self.to) = (from, to);
        let from_word = (*self.word(from) & COUNT) + 1;
        *self.word(from) = from_word;
        let from_bit = (from_word >= 2) as u16;
        *self.word(to) = (*self.word(to) - 1) | (k as u32) << ATOM_SHIFT | FILLED | ATOM;
        self.atom(k).site = to as u32;
        // The mover's targets: `from` (along NN[D ^ 3] from `to`), the common sites, and the
        // sites next to `to` only.
        let mut targets = from_bit << (D ^ 3);
        each_direction!(f => if f != D {
            let e = VIA[D ^ 3][f];
            if e < 12 {
                targets |= self.common(from, f, e, from_bit);
            } else {
                self.leave(from, f, from_bit);
            }
        });
        each_direction!(e => if e != D ^ 3 && VIA[D][e] == 12 {
            targets |= self.enter(to, e);
        });
        let bonds = (*self.word(to) & COUNT) as u8;
        let a = self.atom(k);
        a.targets = targets;
        a.bonds = bonds;
        self.touch(k);
    }

    /// The target flips marked by the passes, once both are done, in the order of the passes.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn flip_targets(&mut self) {
        let mut flips = self.flips;
        while flips != 0 {
            let b = flips.trailing_zeros() as usize;
            flips &= flips - 1;
            if b < 12 {
                self.flip_target(nb(self.from, self.off[b]), 12);
            } else {
                // Seen from the neighbour of `to` along NN[e], the mover is along NN[e ^ 3].
                let e = b - 12;
                self.flip_target(nb(self.to, self.off[e]), e ^ 3);
            }
        }
    }

    /// The neighbour of `from` along NN[f] and of nobody else: it loses the bond to `from`; an
    /// atom there gains `from` as a target if `from` ends with two bonds (`from_bit`), a vacant
    /// site left with one bond stops being a target of the one atom still next to it. A slow
    /// atom with a lag only loses one unit of lag (its class still bounds its rate); any other
    /// atom is listed for a refresh (a slow one without lag then moves to its new class).
    #[inline(always)]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn leave(&mut self, from: usize, f: usize, from_bit: u16) {
        let t = nb(from, self.off[f]);
        let mut w = *self.word(t) - 1;
        if w & ATOM != 0 {
            if w & LAG == 0 {
                let u = (w >> ATOM_SHIFT) as usize;
                self.atom(u).targets |= from_bit << (f ^ 3);
                self.touch(u);
            } else {
                w -= LAG_ONE;
            }
        }
        *self.word(t) = w;
        // A vacant site left with one bond (the atom hopping there would be its only one).
        self.flips |= ((w & STATE == 1) as u32) << f;
    }

    /// The neighbour of `to` along NN[e] and of nobody else: it gains the bond to the mover; an
    /// atom there loses `to` as a target, a vacant site reaching two bonds becomes a target of
    /// the one atom next to it besides the mover. A slow atom gains one unit of lag (a refresh
    /// once it has 3); any other atom is listed for a refresh. Returns the mover's target bit e.
    #[inline(always)]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn enter(&mut self, to: usize, e: usize) -> u16 {
        let t = nb(to, self.off[e]);
        let mut w = *self.word(t) + 1;
        if w & ATOM != 0 {
            // Slow before the bond: at least `band` bonds, now more.
            if (w & COUNT) as usize <= self.band || w & LAG == LAG {
                let u = (w >> ATOM_SHIFT) as usize;
                self.atom(u).targets &= !(1 << (e ^ 3));
                self.touch(u);
            } else {
                w += LAG_ONE;
            }
        }
        *self.word(t) = w;
        // A vacant site reaching two bonds (the mover and one more).
        self.flips |= ((w & STATE == 2) as u32) << (12 + e);
        (is_target(w) as u16) << e
    }

    /// The site next to both ends, along NN[f] from `from` and NN[e] from `to`: its bond count
    /// is the same before and after (one bond lost, one gained), so its word and its targethood
    /// for other atoms stay. An atom there (unless slow) gains `from` (if `from_bit`) and loses
    /// `to` as targets. Returns the mover's target bit e.
    #[inline(always)]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn common(&mut self, from: usize, f: usize, e: usize, from_bit: u16) -> u16 {
        let w = *self.word(nb(from, self.off[f]));
        if w & ATOM != 0 && ((w & COUNT) as usize) < self.band {
            let u = (w >> ATOM_SHIFT) as usize;
            let a = self.atom(u);
            a.targets = (a.targets & !(1 << (e ^ 3))) | from_bit << (f ^ 3);
            self.touch(u);
        }
        (is_target(w) as u16) << e
    }

    /// Vacant site t became (or stopped being) an allowed target of the one atom next to it
    /// other than the one along NN[skip] (the mover; `skip` = 12 for none): flips the bit for t
    /// in that atom's target mask, unless the atom is slow (its mask is not kept).
    #[inline(always)]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn flip_target(&mut self, t: usize, skip: usize) {
        let (u, e, bonds) = other_atom(self.site.0, self.off, t, skip);
        if bonds < self.band {
            self.atom(u).targets ^= 1 << (e ^ 3);
            self.touch(u);
        }
    }

    /// Lists atom u for a refresh. Each atom next to `from` or `to` is listed once; the atom of
    /// a target flip may be listed twice, and its second refresh finds nothing to do.
    #[inline(always)]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn touch(&mut self, u: usize) {
        self.todo[self.len & (TOUCHED_SLOTS - 1)] = u as u32;
        self.len += 1;
    }
}

/// The one atom next to vacant site t other than the one along NN[skip] (`skip` = 12 for none):
/// its index, its direction e from t and its bond count. Exactly one exists where the hop update
/// asks (t has one bond, or two of which one is the mover), so the scan stops there. Not inlined: it runs about
/// 1.5 times per event, and a copy at each of the 14 places in each of the 12 hop directions
/// would crowd the instruction cache.
#[inline(never)]
fn other_atom(site: &[u32], off: &[isize; 12], t: usize, skip: usize) -> (usize, usize, usize) {
    for (e, &o) in off.iter().enumerate() {
        let w = site[nb(t, o)];
        if w & ATOM != 0 && e != skip {
            return ((w >> ATOM_SHIFT) as usize, e, (w & COUNT) as usize);
        }
    }
    debug_assert!(
        false,
        "a vacant site crossing 2 bonds has an atom next to it"
    );
    (0, skip, usize::MAX)
}

/// Set bits of a 12-bit target mask, from a 4 KB table: x86-64 without the `popcnt` extension
/// (the baseline target) counts bits in a dozen instructions, and this runs ~6 times per event.
#[inline]
fn targets_count(mask: u16) -> usize {
    const TABLE: [u8; 4096] = {
        let mut t = [0u8; 4096];
        let mut i = 0;
        while i < 4096 {
            t[i] = (i as u32).count_ones() as u8;
            i += 1;
        }
        t
    };
    TABLE[(mask & 0xfff) as usize] as usize
}

/// True if a site with word w is an allowed target: vacant (not `FILLED`) with at least two
/// occupied neighbours, one of them the atom hopping there.
#[inline(always)]
fn is_target(w: u32) -> bool {
    (w & STATE).wrapping_sub(2) < FILLED - 2
}

/// The fcc sites (x + y + z even) of the block lo ≤ s < hi, z slowest, x fastest.
fn fcc_sites(lo: [i32; 3], hi: [i32; 3]) -> impl Iterator<Item = [i32; 3]> {
    (lo[2]..hi[2]).flat_map(move |z| {
        (lo[1]..hi[1]).flat_map(move |y| {
            (lo[0]..hi[0])
                .filter(move |x| (x + y + z).rem_euclid(2) == 0)
                .map(move |x| [x, y, z])
        })
    })
}

/// The counter-based random streams of a seed: event choice, hop choice, waiting time,
/// acceptance of a slow atom's hop.
fn random_streams(seed: u64) -> [u64; 4] {
    [0x6b6d63, 0x6b6d64, 0x6b6d65, 0x6b6d66].map(|s| stream_key(seed, s))
}

/// The slow band of a model ([`Lattice::band`]): atoms with 6 or more bonds when a bond more
/// slows a hop at least tenfold (e^{−E_b/k_BT} ≤ 0.1: below 1008 K for E_b = 0.2 eV), none (13)
/// otherwise. On the neck lattice (4 nm spheres) at 500, 700 and 900 K the slow atoms' bound is
/// 0.1 %, 0.3 % and 0.4 % of the total rate, which is the fraction of null events, and about 4.5
/// of the 5 atoms next to a hop are slow and need no update. (Band 6 took the fewest
/// instructions per event at 700 K among bands 4 to 8.)
fn slow_band(model: &HopModel) -> usize {
    if model.rate(1) <= 0.1 * model.rate(0) {
        6
    } else {
        13
    }
}

/// Position of a site along the Z-order (Morton) curve: the bits of x, y and z interleaved (21
/// low bits of each, which covers any box the lattice accepts along its longest side in the
/// common case, and is still a valid sort key beyond).
fn z_curve(s: [i32; 3]) -> u64 {
    let spread = |v: i32| {
        let mut x = v as u64 & 0x1f_ffff;
        x = (x | x << 32) & 0x1f_0000_0000_ffff;
        x = (x | x << 16) & 0x1f_0000_ff00_00ff;
        x = (x | x << 8) & 0x100f_00f0_0f00_f00f;
        x = (x | x << 4) & 0x10c3_0c30_c30c_30c3;
        (x | x << 2) & 0x1249_2492_4924_9249
    };
    spread(s[0]) | spread(s[1]) << 1 | spread(s[2]) << 2
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

    /// The fcc sites within √r2 of c (an fcc site itself).
    fn ball(c: [i32; 3], r2: i32) -> Vec<[i32; 3]> {
        let r = (r2 as f64).sqrt().ceil() as i32;
        fcc_sites(c.map(|v| v - r), c.map(|v| v + r + 1))
            .filter(|s| (0..3).map(|k| (s[k] - c[k]).pow(2)).sum::<i32>() <= r2)
            .collect()
    }

    #[test]
    fn incremental_rates_stay_equal_to_recomputed_ones() {
        let sites = ball([20, 20, 20], 60);
        let labels = vec![0; sites.len()];
        let model = HopModel {
            temperature: 900.0,
            ..Default::default()
        };
        // The model's own slow band (6), a wide one (3: most atoms slow, many lags and null
        // events) and none (13).
        assert_eq!(slow_band(&model), 6);
        for band in [6, 3, 13] {
            let mut l = Lattice::with_band([40, 40, 40], &sites, &labels, &model, 1, band).unwrap();
            l.check().unwrap();
            for _ in 0..20 {
                for _ in 0..500 {
                    assert!(l.step());
                }
                l.check().unwrap();
            }
            // Every atom keeps at least one neighbour (no evaporation) and the atoms are
            // conserved.
            assert!(l.atom_sites().iter().all(|&s| l.bonds(s) >= 1));
            assert_eq!(l.len(), sites.len());
            assert!(l.time_s > 0.0);
            assert_eq!(l.events, 10_000);
            if band == 3 {
                assert!(l.attempts > l.events, "no null event with most atoms slow");
            }
        }
    }

    #[test]
    fn hops_from_a_state_with_slow_atoms_follow_the_exact_rates() {
        // Thinning must leave the dynamics exact. From one state (a small ball after 3000
        // events, so that slow atoms carry lags), many independent next hops: the bond count of
        // the mover must follow the exact rates (Σ rate(n) × allowed targets over the atoms with
        // n bonds, counted afresh), and the waiting time must have mean 1/R. The slow band
        // starts at 2 bonds (the model's own would be 6), so that slow atoms carry all of the
        // rate and null events are frequent.
        let model = HopModel {
            eb: 0.1,
            temperature: 480.0,
            ..Default::default()
        };
        let sites = ball([8, 8, 8], 18);
        let labels = vec![0; sites.len()];
        let mut l = Lattice::with_band([16, 16, 16], &sites, &labels, &model, 1, 2).unwrap();
        for _ in 0..3000 {
            assert!(l.step());
        }
        l.check().unwrap();
        let start = l.atom_sites();
        let lags = start
            .iter()
            .filter(|&&s| l.site[l.index(s)] & LAG != 0)
            .count();
        assert!(lags > 0, "no slow atom has a lag");
        let share = rate_shares(&l);
        let slow: f64 = share[2..].iter().sum();
        assert!(slow > 0.05, "slow atoms' share {slow}");
        let runs = 20_000;
        let (movers, mean, _) = next_movers(&l, runs, |m| m.step());
        assert!(
            (mean - 1.0).abs() < 4.0 / (runs as f64).sqrt(),
            "mean wait × R = {mean}"
        );
        let (chi2, bins) = chi2(&movers, &share, runs);
        assert!(bins >= 4, "bins {bins}: {share:?}");
        // At most 7 degrees of freedom: 24.3 is their 0.999 quantile.
        assert!(
            chi2 < 24.3,
            "χ² = {chi2} over {bins} bins: {movers:?} vs {share:?}"
        );
    }

    /// Each bond count's share of the total hop rate of `l` (rates counted afresh).
    fn rate_shares(l: &Lattice) -> [f64; 13] {
        let r = l.total_rate();
        let mut share = [0.0; 13];
        for (k, &s) in l.atom_sites().iter().enumerate() {
            share[l.bonds(s)] += l.atom_rate(k) / r;
        }
        share
    }

    /// `runs` independent next events from `l` (seeds 0, 1, …), each by `step`: how many
    /// movers had each bond count, the mean waiting time × R, and the attempts used.
    fn next_movers(
        l: &Lattice,
        runs: usize,
        step: impl Fn(&mut Lattice) -> bool,
    ) -> ([usize; 13], f64, u64) {
        let start = l.atom_sites();
        let r = l.total_rate();
        let (mut movers, mut mean, mut attempts) = ([0usize; 13], 0.0, 0u64);
        for seed in 0..runs as u64 {
            let mut m = l.clone();
            m.streams = random_streams(seed);
            let a0 = m.attempts;
            assert!(step(&mut m));
            attempts += m.attempts - a0;
            let k = (0..start.len())
                .find(|&k| m.site_of(k) != start[k])
                .expect("one atom moved");
            movers[l.bonds(start[k])] += 1;
            mean += (m.time_s - l.time_s) * r / runs as f64;
        }
        (movers, mean, attempts)
    }

    /// χ² of observed bond counts of movers against expected shares (bins expected at least 20
    /// times, the rest pooled), with the number of bins.
    fn chi2(movers: &[usize; 13], share: &[f64; 13], runs: usize) -> (f64, usize) {
        let (mut chi2, mut bins, mut rest, mut rest_e) = (0.0, 0, 0.0, 0.0);
        for n in 0..13 {
            let e = share[n] * runs as f64;
            if e >= 20.0 {
                chi2 += (movers[n] as f64 - e).powi(2) / e;
                bins += 1;
            } else {
                rest += movers[n] as f64;
                rest_e += e;
            }
        }
        if rest_e > 0.0 {
            chi2 += (rest - rest_e).powi(2) / rest_e.max(1.0);
            bins += 1;
        }
        (chi2, bins)
    }

    /// Rejection kMC is the same Markov chain as the rejection-free algorithm: from one state,
    /// the bond count of the next mover follows the exact rates (selection frequencies, χ²), the
    /// first passage to the next event has mean 1/R, the fraction of rejected attempts is
    /// 1 − R/(12 N rate(0)); and the time to 200 events agrees with the rejection-free runs'
    /// over independent seeds.
    #[test]
    fn rejection_kmc_has_the_statistics_of_the_rejection_free_algorithm() {
        let model = HopModel {
            eb: 0.1,
            temperature: 700.0,
            ..Default::default()
        };
        let sites = ball([8, 8, 8], 18);
        let labels = vec![0; sites.len()];
        let mut l = Lattice::new([16, 16, 16], &sites, &labels, &model, 1).unwrap();
        for _ in 0..2000 {
            assert!(l.step());
        }
        let start = l.atom_sites();
        let r = l.total_rate();
        let share = rate_shares(&l);
        let runs = 20_000;
        let (movers, mean, attempts) = next_movers(&l, runs, |m| m.rejection_step(u64::MAX));
        assert!(
            (mean - 1.0).abs() < 4.0 / (runs as f64).sqrt(),
            "mean first passage × R = {mean}"
        );
        let (chi2, bins) = chi2(&movers, &share, runs);
        assert!(bins >= 4, "bins {bins}: {share:?}");
        assert!(
            chi2 < 24.3,
            "χ² = {chi2} over {bins} bins: {movers:?} vs {share:?}"
        );
        let accepted = runs as f64 / attempts as f64;
        let expected = r / (12.0 * start.len() as f64 * model.rate(0));
        assert!(
            (accepted / expected - 1.0).abs() < 0.03,
            "accepted fraction {accepted} vs {expected}"
        );
        // Many events: the time to 200 events, rejection-free vs rejection kMC, 400 seeds each.
        let time_to = |rejection: bool| -> (f64, f64) {
            let t: Vec<f64> = (0..400)
                .map(|seed| {
                    let mut m = l.clone();
                    m.streams = random_streams(1000 + seed + rejection as u64 * 5000);
                    let t0 = m.time_s;
                    for _ in 0..200 {
                        assert!(if rejection {
                            m.rejection_step(u64::MAX)
                        } else {
                            m.step()
                        });
                    }
                    m.time_s - t0
                })
                .collect();
            let mean = t.iter().sum::<f64>() / t.len() as f64;
            let var = t.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (t.len() - 1) as f64;
            (mean, (var / t.len() as f64).sqrt())
        };
        let (bkl, e1) = time_to(false);
        let (rkmc, e2) = time_to(true);
        assert!(
            (bkl - rkmc).abs() < 4.0 * (e1 * e1 + e2 * e2).sqrt(),
            "time to 200 events: rejection-free {bkl:e} ± {e1:e} s, rkMC {rkmc:e} ± {e2:e} s"
        );
    }

    #[test]
    fn a_full_box_has_no_hops() {
        // Every site of the box taken: no vacant target anywhere. The face atoms (8 bonds) are
        // slow and bound their rates by classes, so attempts are null events; the step must
        // notice that nothing can move instead of trying for ever.
        let sites: Vec<_> = fcc_sites([0; 3], [8; 3]).collect();
        let mut l = Lattice::new(
            [8, 8, 8],
            &sites,
            &vec![0; sites.len()],
            &HopModel::default(),
            3,
        )
        .unwrap();
        assert_eq!(l.total_rate(), 0.0);
        assert!(!l.step());
        assert!(l.attempts > 0 && l.events == 0);
    }

    #[test]
    fn an_adatom_on_a_001_slab_hops_at_its_four_bond_rate() {
        // A two-layer (001) slab and one adatom in a 4-fold hollow above it: the adatom has 4
        // bonds and 4 allowed in-plane targets, so its rate is 4 ν e^{−(E0 + 4 Eb)/kT}. The first
        // event is the adatom's with probability r_adatom / R (the slab's edge atoms compete),
        // after a waiting time of mean 1/R.
        let mut sites: Vec<_> = fcc_sites([0; 3], [20, 20, 2]).collect();
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
            if l.site_of(adatom) != [10, 10, 2] {
                adatom_first += 1;
                assert_eq!(l.site_of(adatom)[2], 2, "the adatom hops within its layer");
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
    fn each_hop_direction_has_four_common_neighbours() {
        // The sites next to both ends of a nearest-neighbour hop in fcc: 4 of the 12, the same
        // sites seen from either end.
        for d in 0..12 {
            let common: Vec<usize> = (0..12).filter(|&e| VIA[d][e] < 12).collect();
            assert_eq!(common.len(), 4, "direction {d}");
            for &e in &common {
                let f = VIA[d][e];
                assert_eq!(add(NN[d], NN[e]), NN[f]);
                // Seen from the target, the vacated site is along NN[d ^ 3].
                assert_eq!(VIA[d ^ 3][f], e);
            }
        }
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
