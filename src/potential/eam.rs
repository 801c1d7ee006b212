//! The embedded-atom method, generic over the functions that define a particular EAM.
//!
//! `E = Σ_i [F_{t_i}(ρ_i) + ½ Σ_{j≠i} φ_{t_i t_j}(r_ij)]`, `ρ_i = Σ_{j≠i} f_{t_j}(r_ij)`.
//! Force on i from pair (i, j): `−[F′_i f′_{t_j}(r) + F′_j f′_{t_i}(r) + φ′(r)] (r_i − r_j)/r`.
//!
//! Two pair passes over the half list, run slab-parallel in two phases (see
//! [`crate::neighbor`]): the first accumulates ρ and keeps the interacting pairs with their
//! distances, the second scatters forces and pair energies. Per-atom energies follow LAMMPS:
//! `e_i = F(ρ_i) + ½ Σ_j φ_ij`.

use super::{Potential, Workspace};
use crate::base::parallel;
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
    /// 1/r, Å⁻¹.
    pub inv_r: f64,
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

/// Runs `task(s, piece_start, piece, pairs_of_s)` for every slab s, even slabs first (in
/// parallel), then odd ones. `piece` is the part of the per-atom array `a` for the atoms of slabs
/// s and s+1, so that index `i − piece_start` addresses atom i.
fn for_each_slab_phase<A: Send, P: Send, F>(
    nb: &Neighbors,
    a: &mut [A],
    per_slab: &mut [P],
    task: F,
) where
    F: Fn(usize, usize, &mut [A], &mut P) + Sync + Send,
{
    let ns = nb.n_slabs();
    for phase in 0..2 {
        let slabs: Vec<usize> = (phase..ns).step_by(2).collect();
        let ranges: Vec<(usize, usize)> = slabs.iter().map(|&s| nb.piece_range(s)).collect();
        let pieces = parallel::split_ranges_mut(a, &ranges);
        let slab_ranges: Vec<(usize, usize)> = slabs.iter().map(|&s| (s, s + 1)).collect();
        let pp = parallel::split_ranges_mut(per_slab, &slab_ranges);
        let items: Vec<_> = slabs
            .iter()
            .zip(ranges.iter())
            .zip(pieces.into_iter().zip(pp))
            .collect();
        parallel::for_each_indexed(items, |_, ((&s, &(start, _)), (piece, xp))| {
            task(s, start, piece, &mut xp[0])
        });
    }
}

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

    fn compute(&self, nb: &Neighbors, ws: &mut Workspace) {
        let n_all = nb.n_all();
        let n = nb.n_local;
        let m = &self.model;
        let rc = m.cutoff();
        let rc2 = rc * rc;
        ws.rho.clear();
        ws.rho.resize(n_all, 0.0);
        ws.fp.clear();
        ws.fp.resize(n_all, 0.0);
        ws.pairs.resize_with(nb.n_slabs(), Vec::new);
        let x = &nb.x;
        let ty = &nb.types;
        // The pair loops index without bounds checks; they rely on the slab invariant that
        // `Neighbors::build` asserts, and on these lengths.
        assert!(x.len() == n_all && ty.len() == n_all && ws.fe.len() == n_all);

        // Pass 1: densities, and the pairs within the cutoff.
        for_each_slab_phase(
            nb,
            &mut ws.rho,
            &mut ws.pairs,
            |s, start, rho, pairs_out| {
                // Filled as a local: the slabs' Vec headers share cache lines, and a push through
                // the reference would write its length there for every pair (false sharing between
                // the threads, which halved this pass's speed on two threads).
                let mut pairs = std::mem::take(pairs_out);
                pairs.clear();
                // Candidates within the cutoff are collected without a data-dependent branch (about a
                // third of the list is skin), then processed in a second, branch-free loop.
                let mut near: Vec<(u32, f64)> = Vec::new();
                let (a, b) = (nb.slab_start[s], nb.slab_start[s + 1]);
                for i in a..b {
                    let xi = x[i];
                    let ti = ty[i] as usize;
                    let list = &nb.list[nb.first[i] as usize..nb.first[i + 1] as usize];
                    near.resize(list.len(), (0, 0.0));
                    let mut cnt = 0;
                    for &j in list {
                        // SAFETY: list indices are < n_all = x.len() (asserted by Neighbors::build).
                        let xj = unsafe { *x.get_unchecked(j as usize) };
                        let d = [xi[0] - xj[0], xi[1] - xj[1], xi[2] - xj[2]];
                        let rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
                        // SAFETY: cnt ≤ (index of this entry) < list.len() = near.len().
                        unsafe { *near.get_unchecked_mut(cnt) = (j, rsq) };
                        cnt += (rsq < rc2) as usize;
                    }
                    let mut rho_i = 0.0;
                    for &(j, rsq) in &near[..cnt] {
                        let j = j as usize;
                        let r = rsq.sqrt();
                        // SAFETY: j < x.len() = ty.len(), and start ≤ j < start + rho.len()
                        // because every listed neighbour lies in slab s, s+1 or the ghosts (the
                        // slab invariant, asserted by `Neighbors::build`).
                        let (into_i, into_j) =
                            m.densities(ti, unsafe { *ty.get_unchecked(j) } as usize, r);
                        rho_i += into_i;
                        unsafe { *rho.get_unchecked_mut(j - start) += into_j };
                        pairs.push((i as u32, j as u32, r));
                    }
                    rho[i - start] += rho_i;
                }
                *pairs_out = pairs;
            },
        );
        fold_ghosts_scalar(nb, &mut ws.rho);

        // Embedding energies and derivatives (per atom, independent).
        let rho = &ws.rho;
        let fe: Vec<(f64, f64)> = parallel::map_range(n, |i| m.embed(ty[i] as usize, rho[i]));
        for (i, &(f, fp)) in fe.iter().enumerate() {
            ws.fe[i][3] = f;
            ws.fp[i] = fp;
        }
        for g in 0..n_all - n {
            ws.fp[n + g] = ws.fp[nb.ghost_owner[g] as usize];
        }

        // Pass 2: forces and pair energies.
        let fp = &ws.fp;
        for_each_slab_phase(nb, &mut ws.fe, &mut ws.pairs, |_, start, fe, pairs| {
            // Pairs come grouped by their first atom: accumulate its force and energy in
            // registers and store them once per group.
            for group in pairs.chunk_by(|a, b| a.0 == b.0) {
                let i = group[0].0 as usize;
                let (xi, ti, fpi) = (x[i], ty[i] as usize, fp[i]);
                let mut fi = [0.0; 3];
                let mut ei = 0.0;
                for &(_, j, r) in group {
                    let j = j as usize;
                    // SAFETY: pairs come from pass 1, whose j satisfy the slab invariant.
                    let (tj, fpj, xj) = unsafe {
                        (
                            *ty.get_unchecked(j) as usize,
                            *fp.get_unchecked(j),
                            *x.get_unchecked(j),
                        )
                    };
                    let t = m.pair_terms(ti, tj, r);
                    let psip = fpi * t.dfj + fpj * t.dfi + t.dphi;
                    let fpair = -psip * t.inv_r;
                    let d = [xi[0] - xj[0], xi[1] - xj[1], xi[2] - xj[2]];
                    fi[0] += d[0] * fpair;
                    fi[1] += d[1] * fpair;
                    fi[2] += d[2] * fpair;
                    let half = 0.5 * t.phi;
                    // SAFETY: start ≤ j < start + fe.len() (slab invariant).
                    let fej = unsafe { fe.get_unchecked_mut(j - start) };
                    fej[0] -= d[0] * fpair;
                    fej[1] -= d[1] * fpair;
                    fej[2] -= d[2] * fpair;
                    fej[3] += half;
                    ei += half;
                }
                let fei = &mut fe[i - start];
                fei[0] += fi[0];
                fei[1] += fi[1];
                fei[2] += fi[2];
                fei[3] += ei;
            }
        });
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
