//! The embedded-atom method, generic over the functions that define a particular EAM.
//!
//! `E = Σ_i [F_{t_i}(ρ_i) + ½ Σ_{j≠i} φ_{t_i t_j}(r_ij)]`, `ρ_i = Σ_{j≠i} f_{t_j}(r_ij)`.
//! Force on i from pair (i, j): `−[F′_i f′_{t_j}(r) + F′_j f′_{t_i}(r) + φ′(r)] (r_i − r_j)/r`.
//!
//! Two pair passes over the half list, run slab-parallel, an odd slab's task after its even
//! neighbours' ([`for_each_slab`], [`crate::neighbor`]). Pass 1, per slab: a branch-free sweep
//! keeps the pairs within the cutoff with their r²; one four-lane sweep ([`locate_pairs`]) turns
//! every r² into 1/r and the place of r on the model's table; a third sweep accumulates ρ. Pass 2
//! reuses those and scatters forces and pair energies, one four-lane update per pair. Every sum
//! runs in pair order, so the lane width changes nothing. Per-atom energies follow LAMMPS:
//! `e_i = F(ρ_i) + ½ Σ_j φ_ij`.

use super::{Potential, SlabPairs, Workspace};
use crate::base::parallel;
use crate::base::simd::F64x4;
use crate::neighbor::verlet::within_each;
use crate::neighbor::Neighbors;

/// What a pair of atoms contributes, evaluated at distance r.
#[derive(Clone, Copy, Debug, Default)]
pub struct PairTerms {
    /// f′_{t_j}(r): derivative of the density atom j gives atom i.
    pub dfj: f64,
    /// f′_{t_i}(r): derivative of the density atom i gives atom j.
    pub dfi: f64,
    /// φ_{t_i t_j}(r), eV.
    pub phi: f64,
    /// φ′(r), eV/Å.
    pub dphi: f64,
}

/// An evenly spaced r grid (LAMMPS' tabulated EAM): knots at r = k/`inv_dr`, k = 0..=`last_knot`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RGrid {
    /// 1/Δr, Å⁻¹.
    pub inv_dr: f64,
    /// LAMMPS' Nr − 1 (the 1-based index of the last usable knot interval).
    pub last_knot: u32,
}

/// A pair's distance as the force kernel hands it to a model: computed once per pair and step
/// ([`locate_pairs`]) and used by both passes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairDistance {
    /// 1/r, Å⁻¹.
    pub inv_r: f64,
    /// On a model with an [`RGrid`]: the 0-based knot interval of r (LAMMPS' `m − 1`); else 0.
    pub knot: u32,
    /// On a model with an [`RGrid`]: the fraction of r within its interval, in [0, 1] (LAMMPS' `p`);
    /// else r itself, Å.
    pub s: f64,
}

impl PairDistance {
    /// The distance r located on `grid` (or not): exactly the operations of [`locate_pairs`],
    /// one lane. LAMMPS' lookup: `p = r/Δr + 1`, `m = min(⌊p⌋, Nr − 1)`, `s = min(p − m, 1)`,
    /// with m also kept ≥ 1 (and a NaN r given m = Nr − 1), so that no r can index outside the
    /// table.
    #[inline(always)]
    pub fn locate(r: f64, grid: Option<RGrid>) -> PairDistance {
        let inv_r = 1.0 / r;
        match grid {
            None => PairDistance {
                inv_r,
                knot: 0,
                s: r,
            },
            Some(g) => {
                let last = g.last_knot as f64;
                let p = r * g.inv_dr + 1.0;
                // The lane rules of F64x4::min and max: a NaN p gives the constant.
                let m = if p < last { p } else { last };
                let m = if 1.0 < m { m } else { 1.0 };
                let m = (m as i32) as f64;
                let s = p - m;
                PairDistance {
                    inv_r,
                    knot: (m - 1.0) as i32 as u32,
                    s: if 1.0 < s { 1.0 } else { s },
                }
            }
        }
    }
}

/// The functions that define an EAM potential.
pub trait EamModel: Send + Sync {
    /// Element symbols.
    fn elements(&self) -> &[String];
    /// Mass of element t, amu.
    fn mass(&self, t: usize) -> f64;
    /// Cutoff radius, Å.
    fn cutoff(&self) -> f64;
    /// Densities a pair exchanges at distance r: `(f_{tj}(r), f_{ti}(r))` = (into i, into j).
    fn densities(&self, ti: usize, tj: usize, r: f64) -> (f64, f64);
    /// Derivatives and pair energy of a pair at distance r.
    fn pair_terms(&self, ti: usize, tj: usize, r: f64) -> PairTerms;
    /// Embedding energy and its derivative `(F_t(ρ), F′_t(ρ))`.
    fn embed(&self, t: usize, rho: f64) -> (f64, f64);
    /// Description for messages.
    fn describe(&self) -> String;
    /// Equilibrium fcc lattice constant of element t, if known, Å.
    fn lattice_constant(&self, _t: usize) -> Option<f64> {
        None
    }
    /// The r grid the kernel should locate pairs on ([`PairDistance`]), if the model is a table.
    fn grid(&self) -> Option<RGrid> {
        None
    }
    /// False for a pair potential (no density, no embedding): pass 1 then computes no ρ.
    fn has_density(&self) -> bool {
        true
    }
    /// True if the kernel compiles its pair passes a second time for a one-element potential,
    /// with the element known (no species looked up per pair, no table offsets computed): worth
    /// it where a pair costs a table lookup, not where it costs `exp` or `pow`.
    fn one_element_passes(&self) -> bool {
        false
    }
    /// [`EamModel::densities`] at a located distance (the kernel's form; by default through r,
    /// which is `d.s` for a model without a grid).
    #[inline(always)]
    fn densities_at(&self, ti: usize, tj: usize, d: PairDistance) -> (f64, f64) {
        self.densities(ti, tj, d.s)
    }
    /// [`EamModel::pair_terms`] at a located distance (as [`EamModel::densities_at`]).
    #[inline(always)]
    fn pair_terms_at(&self, ti: usize, tj: usize, d: PairDistance) -> PairTerms {
        self.pair_terms(ti, tj, d.s)
    }
}

/// An EAM potential over a model.
pub struct Eam<M: EamModel> {
    /// The functions.
    pub model: M,
}

impl<M: EamModel> Eam<M> {
    /// Wraps a model.
    pub fn new(model: M) -> Self {
        Eam { model }
    }
}

/// The part of a per-atom array a slab task may write (see [`Neighbors::piece_ranges`]): the
/// local atoms of slabs s and s+1 and the ghosts of ghost slabs s and s+1, addressed by atom
/// index from the array's start (the kernels write partners through `base` unchecked, relying on
/// the slab invariant that `Neighbors::build` asserts; the task's own atoms, checked).
struct Piece<'a, A> {
    /// The whole array's first entry.
    base: *mut A,
    /// The local atoms the task owns.
    local: std::ops::Range<usize>,
    _borrow: std::marker::PhantomData<&'a mut [A]>,
}

impl<A> Piece<'_, A> {
    /// Local atom `i`'s entry (checked).
    #[inline(always)]
    fn local(&mut self, i: usize) -> &mut A {
        assert!(
            self.local.contains(&i),
            "atom {i} is outside the task's slabs"
        );
        // SAFETY: i is in the task's local part, within the array.
        unsafe { &mut *self.base.add(i) }
    }
}

/// Runs `task(s, piece, pairs_of_s)` for every slab s, in parallel: `piece` is what the task may
/// write of the per-atom array `a` (the atoms of slabs s and s+1 and their ghosts), `pairs_of_s`
/// its own entry of `per_slab`. Tasks of neighbouring slabs share a slab, so they run as a chain
/// ([`parallel::for_each_chain_task`]): an even slab's task always before its odd neighbours',
/// the busiest slabs (by listed pairs) offered first; the results do not depend on the timing.
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn for_each_slab<A: Send, P: Send, F>(nb: &Neighbors, a: &mut [A], per_slab: &mut [P], task: F)
where
    F: Fn(usize, &mut Piece<'_, A>, &mut P) + Sync + Send,
{
    let ns = nb.n_slabs();
    assert_eq!(per_slab.len(), ns, "one entry per slab");
    let pieces_of = PieceSource {
        base: a.as_mut_ptr(),
        len: a.len(),
        per_slab: per_slab.as_mut_ptr(),
    };
    let pieces_of = &pieces_of;
    let weight = |s: usize| {
        let (lo, hi) = nb.slab_pairs(s);
        hi - lo
    };
    parallel::for_each_chain_task(ns, weight, &|s| {
        let [local, ghost] = nb.piece_ranges(s);
        assert!(local.1 <= pieces_of.len && ghost.1 <= pieces_of.len);
        // SAFETY: task s alone writes these ranges while it runs (the chain never runs two
        // neighbouring slabs' tasks at once, and only they share atoms), and entry s of
        // `per_slab`; both arrays are borrowed for the whole pattern.
        let (mut piece, own) = unsafe {
            (
                Piece {
                    base: pieces_of.base,
                    local: local.0..local.1,
                    _borrow: std::marker::PhantomData,
                },
                &mut *pieces_of.per_slab.add(s),
            )
        };
        task(s, &mut piece, own)
    });
}

/// The arrays [`for_each_slab`]'s tasks write, each task its own part.
struct PieceSource<A, P> {
    base: *mut A,
    len: usize,
    per_slab: *mut P,
}
// SAFETY: shared between the tasks of one chain, which write disjoint parts at any one time.
unsafe impl<A: Send, P: Send> Sync for PieceSource<A, P> {}

impl<M: EamModel> super::LocalEnergy for Eam<M> {
    fn density(&self, source: usize, host: usize, r: f64) -> f64 {
        if r >= self.model.cutoff() {
            return 0.0;
        }
        self.model.densities(host, source, r).0
    }
    fn pair(&self, ti: usize, tj: usize, r: f64) -> f64 {
        if r >= self.model.cutoff() {
            return 0.0;
        }
        self.model.pair_terms(ti, tj, r).phi
    }
    fn embedding(&self, t: usize, rho: f64) -> f64 {
        self.model.embed(t, rho).0
    }
    fn local_cutoff(&self) -> f64 {
        self.model.cutoff()
    }
}

impl<M: EamModel> Potential for Eam<M> {
    fn local(&self) -> Option<&dyn super::LocalEnergy> {
        Some(self)
    }
    fn describe(&self) -> String {
        self.model.describe()
    }
    fn elements(&self) -> &[String] {
        self.model.elements()
    }
    fn mass(&self, t: usize) -> f64 {
        self.model.mass(t)
    }
    fn cutoff(&self) -> f64 {
        self.model.cutoff()
    }
    fn lattice_constant(&self, t: usize) -> Option<f64> {
        self.model.lattice_constant(t)
    }

    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn compute(&self, nb: &Neighbors, ws: &mut Workspace) {
        let n_all = nb.n_all();
        let n = nb.n_local;
        let m = &self.model;
        ws.rho.clear();
        ws.rho.resize(n_all, 0.0);
        ws.fp.clear();
        ws.fp.resize(n_all, 0.0);
        ws.pairs.resize_with(nb.n_slabs(), SlabPairs::default);
        let (x, ty) = (&nb.x, &nb.types);
        // The pair loops index without bounds checks; they rely on the slab invariant that
        // `Neighbors::build` asserts, and on these lengths.
        assert!(x.len() == n_all && ty.len() == n_all && ws.fe.len() == n_all);

        // Pass 1: the pairs within the cutoff, located, and the densities.
        for_each_slab(nb, &mut ws.rho, &mut ws.pairs, |s, rho, pairs_out| {
            // Filled as a local: the slabs' Vec headers share cache lines, and writing a length
            // through the reference for every pair would make the threads fight over them
            // (false sharing, which halved this pass's speed on two threads).
            let mut pairs = std::mem::take(pairs_out);
            keep_pairs(nb, s, m.cutoff(), &mut pairs);
            locate_pairs(m.grid(), &mut pairs);
            if m.has_density() {
                match one_element(m) {
                    true => density_pass::<M, true>(m, nb, s, rho, &pairs),
                    false => density_pass::<M, false>(m, nb, s, rho, &pairs),
                }
            }
            *pairs_out = pairs;
        });
        fold_ghosts_scalar(nb, &mut ws.rho);

        // Embedding energies and derivatives (per atom, independent).
        let rho = &ws.rho;
        parallel::for_each_chunk_pair_mut(&mut ws.fe[..n], &mut ws.fp[..n], |first, fe, fp| {
            embed_atoms(m, &ty[first..], &rho[first..], fe, fp)
        });
        for g in 0..n_all - n {
            ws.fp[n + g] = ws.fp[nb.ghost_owner[g] as usize];
        }

        // Pass 2: forces and pair energies.
        let fp = &ws.fp;
        for_each_slab(
            nb,
            &mut ws.fe,
            &mut ws.pairs,
            |s, fe, pairs| match one_element(m) {
                true => force_pass::<M, true>(m, nb, s, fp, fe, pairs),
                false => force_pass::<M, false>(m, nb, s, fp, fe, pairs),
            },
        );
    }
}

/// True if the pair passes run their one-element compilation for `m` (decided where the model is
/// known at compile time, so that a model that never asks for it has none).
#[inline(always)]
fn one_element<M: EamModel>(m: &M) -> bool {
    m.one_element_passes() && m.elements().len() == 1
}

/// F(ρ) into the energy lane of `fe` and F′(ρ) into `fp`, atom by atom (species `ty`, densities
/// `rho`, from the first of the chunk).
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn embed_atoms<M: EamModel>(m: &M, ty: &[u16], rho: &[f64], fe: &mut [F64x4], fp: &mut [f64]) {
    for (((fe, fp), &t), &r) in fe.iter_mut().zip(fp).zip(ty).zip(rho) {
        let (f, d) = m.embed(t as usize, r);
        *fe = fe.with_w(f);
        *fp = d;
    }
}

/// Pass 1a over slab s: every listed pair written at the next free place (j, r²) and kept if
/// r² < r_c², with no data-dependent branch (about a third of the list is skin), r² four lanes at
/// a time (each lane the scalar `(dx² + dy²) + dz²`); `end[a]` closes the pairs of the slab's a-th
/// atom. The kept count is rounded up to whole four-lane groups with harmless padding (r² = 1).
/// Never inlined, as the other passes: the browser's compiler allocates registers far better in a
/// small hot function than in the whole force evaluation (measured: the single-threaded page build
/// ran 1.3× slower with the passes inlined).
#[inline(never)]
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn keep_pairs(nb: &Neighbors, s: usize, cutoff: f64, pairs: &mut SlabPairs) {
    let x = &nb.x;
    let rc2 = cutoff * cutoff;
    let (a, b) = (nb.slab_start[s], nb.slab_start[s + 1]);
    let entries = &nb.list[nb.first[a] as usize..nb.first[b] as usize];
    let room = entries.len().next_multiple_of(4);
    pairs.reserve_entries(room);
    // Written by index, not pushed: no call (to grow the vector) in the loop, around which the
    // browser's compiler would keep the loop's values on the stack.
    pairs.end.resize(b - a, 0);
    let mut out = KeptPairs {
        j: &mut pairs.j[..room],
        rsq: &mut pairs.s[..room],
        rc2,
    };
    let mut kept = 0;
    let base = nb.first[a] as usize;
    for (i, end) in (a..b).zip(pairs.end.iter_mut()) {
        let (from, to) = (nb.first[i] as usize - base, nb.first[i + 1] as usize - base);
        kept = out.keep(x, x[i], &entries[from..to], kept);
        *end = kept as u32;
    }
    out.rsq[kept..kept.next_multiple_of(4)].fill(1.0);
    pairs.kept = kept;
}

/// Where [`keep_pairs`] writes: pair partners and r², and the squared cutoff.
struct KeptPairs<'a> {
    j: &'a mut [u32],
    rsq: &'a mut [f64],
    rc2: f64,
}

impl KeptPairs<'_> {
    /// The entries of `list` (neighbours of the atom at `xi`) written from `kept` on, each kept
    /// if within the cutoff, with its r² (the four-lane, branch-free filter of the list builds,
    /// [`crate::neighbor::verlet::within_each`]); returns the new count.
    #[inline(always)]
    fn keep(&mut self, x: &[F64x4], xi: F64x4, list: &[u32], kept: usize) -> usize {
        let (js, rsq) = (&mut *self.j, &mut *self.rsq);
        // SAFETY: list indices are < n_all = x.len() (asserted by Neighbors::build); a slot is
        // below kept + list.len() ≤ (index of this atom's last entry) + 1 ≤ room, the length of
        // both outputs.
        unsafe {
            within_each(
                xi,
                list.len(),
                |k| *x.get_unchecked(*list.get_unchecked(k) as usize),
                |k| *list.get_unchecked(k),
                self.rc2,
                |slot, j, r2| {
                    *js.get_unchecked_mut(slot) = j;
                    *rsq.get_unchecked_mut(slot) = r2;
                },
                kept,
            )
        }
    }
}

/// Pass 1b: for the kept pairs (r² in `pairs.s`), four lanes at a time: r = √r²,
/// 1/r, and where r falls on `grid` (LAMMPS' lookup, see [`PairDistance::locate`], which does the
/// same operations one lane at a time): `s` becomes the fraction within the interval (or r, with
/// no grid) and `knot` the interval. Cost: about a dozen instructions per pair.
#[inline(never)]
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn locate_pairs(grid: Option<RGrid>, pairs: &mut SlabPairs) {
    let padded = pairs.kept.next_multiple_of(4);
    let (sv, inv_r, knot) = (
        &mut pairs.s[..padded],
        &mut pairs.inv_r[..padded],
        &mut pairs.knot[..padded],
    );
    let one = F64x4::splat(1.0);
    match grid {
        None => {
            for (s4, i4) in sv.chunks_exact_mut(4).zip(inv_r.chunks_exact_mut(4)) {
                let r = F64x4::from_slice(s4).sqrt();
                (one / r).store(i4);
                r.store(s4);
            }
        }
        Some(g) => {
            let (inv_dr, last) = (F64x4::splat(g.inv_dr), F64x4::splat(g.last_knot as f64));
            for ((s4, i4), k4) in sv
                .chunks_exact_mut(4)
                .zip(inv_r.chunks_exact_mut(4))
                .zip(knot.chunks_exact_mut(4))
            {
                let r = F64x4::from_slice(s4).sqrt();
                (one / r).store(i4);
                let p = r * inv_dr + one;
                // m in [1, Nr − 1] whatever p is (a NaN p gives Nr − 1): see PairDistance::locate.
                let m = one.max(last.min(p)).trunc_small();
                (p - m).min(one).store(s4);
                k4.copy_from_slice(&(m - one).to_u32_small());
            }
        }
    }
}

/// Pass 1c over slab s: ρ of its atoms and their neighbours (into the task's piece), each atom's
/// own sum taken in pair order. With `ONE`, every species is 0 (a one-element model, see
/// [`EamModel::one_element_passes`]): the same operations on the same values.
#[inline(never)]
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn density_pass<M: EamModel, const ONE: bool>(
    m: &M,
    nb: &Neighbors,
    s: usize,
    rho: &mut Piece<'_, f64>,
    pairs: &SlabPairs,
) {
    let ty = &nb.types;
    let a = nb.slab_start[s];
    let mut k = 0;
    for (ia, &end) in pairs.end.iter().enumerate() {
        let i = a + ia;
        let ti = if ONE { 0 } else { ty[i] as usize };
        let mut rho_i = 0.0;
        for k in k..end as usize {
            // SAFETY: k < kept ≤ the lengths of the pair arrays (keep_pairs, locate_pairs);
            // j < ty.len(), and j is in the task's piece because every listed neighbour lies in
            // slab s or s+1 or is a ghost of those slabs (the slab invariant, asserted by
            // `Neighbors::build`).
            unsafe {
                let j = *pairs.j.get_unchecked(k) as usize;
                let d = pairs.at(k);
                let tj = if ONE {
                    0
                } else {
                    *ty.get_unchecked(j) as usize
                };
                let (into_i, into_j) = m.densities_at(ti, tj, d);
                rho_i += into_i;
                *rho.base.add(j) += into_j;
            }
        }
        k = end as usize;
        *rho.local(i) += rho_i;
    }
}

/// Pass 2 over slab s: forces and pair energies into the task's piece of `fe`. Per pair
/// `w = (x_i − x_j) f_pair`, `f_pair = −(F′_i f′_j + F′_j f′_i + φ′)/r`: atom i gains `[w, ½φ]`,
/// atom j `[−w, ½φ]`, each one four-lane update (the same sums, in the same order, as lane-by-lane
/// scalar code); atom i's own sum is kept in registers and stored once. `ONE` as in
/// [`density_pass`].
#[inline(never)]
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn force_pass<M: EamModel, const ONE: bool>(
    m: &M,
    nb: &Neighbors,
    s: usize,
    fp: &[f64],
    fe: &mut Piece<'_, F64x4>,
    pairs: &SlabPairs,
) {
    let (x, ty) = (&nb.x, &nb.types);
    let a = nb.slab_start[s];
    let mut k = 0;
    for (ia, &end) in pairs.end.iter().enumerate() {
        let i = a + ia;
        let (xi, ti, fpi) = (x[i], if ONE { 0 } else { ty[i] as usize }, fp[i]);
        let mut fi = F64x4::ZERO;
        for k in k..end as usize {
            // SAFETY: as in density_pass; j < x.len() = fp.len() = ty.len().
            let (w, half, j) = unsafe {
                let j = *pairs.j.get_unchecked(k) as usize;
                let d = pairs.at(k);
                let (tj, fpj, xj) = (
                    if ONE {
                        0
                    } else {
                        *ty.get_unchecked(j) as usize
                    },
                    *fp.get_unchecked(j),
                    *x.get_unchecked(j),
                );
                let t = m.pair_terms_at(ti, tj, d);
                let psip = fpi * t.dfj + fpj * t.dfi + t.dphi;
                let fpair = -psip * d.inv_r;
                ((xi - xj) * F64x4::splat(fpair), 0.5 * t.phi, j)
            };
            fi += w.with_w(half);
            // SAFETY: j is in the task's piece (slab invariant, as in density_pass).
            unsafe { *fe.base.add(j) -= w.with_w(-half) };
        }
        k = end as usize;
        *fe.local(i) += fi;
    }
}

/// Adds ghost entries of a per-atom scalar onto their owners, in ghost order.
pub fn fold_ghosts_scalar(nb: &Neighbors, v: &mut [f64]) {
    let n = nb.n_local;
    for g in 0..nb.ghost_owner.len() {
        let o = nb.ghost_owner[g] as usize;
        v[o] += v[n + g];
        v[n + g] = 0.0;
    }
}
