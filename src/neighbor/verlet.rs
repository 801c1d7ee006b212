//! Neighbour search: cell lists + Verlet half lists with a skin.
//!
//! At each rebuild the atoms are put in an internal *sorted* order: the cluster is cut into slabs
//! of width ≥ r_list = cutoff + skin along its longest extent, and atoms are sorted by (slab, cell).
//! Every listed pair then joins atoms of the same or adjacent slabs, so the pair loops can run a
//! task per slab that writes the atoms of two consecutive slabs, each odd slab's task after its
//! even neighbours' (and the rest concurrently): forces are scattered without atomics, and every
//! atom's sum is taken in an order that depends only on positions, never on the number of threads.
//!
//! Periodic (orthogonal, origin at 0) boxes use ghost atoms: images of atoms within r_list of the
//! box, appended after the local atoms; contributions scattered to ghosts are folded back onto their
//! owners in a fixed order. A periodic box is cut into slabs too, along the axis with the most
//! occupied slabs; each ghost belongs to the slab its position falls in (−1 below the box, n_slabs
//! above it), ghosts are sorted by slab, and of a pair across the box only the image in the higher
//! slab is listed, so a task for slab s writes the atoms and the ghosts of slabs s and s+1 alone.
//!
//! The list is rebuilt when any atom has moved more than skin/2 since the last build. A periodic
//! box may change between builds (a barostat scales it with the positions): the images then move
//! with the box, and the trigger becomes a displacement of more than `(skin − (1 − s) r_list)/2`
//! relative to the scaled build positions, s the smallest length ratio new/built (≤ 1), so that no
//! pair outside r_list at the build can come within the cutoff.

use super::grid::{bounding_box, counting_sort, Bins, CellGrid};
use crate::base::error::Result;
use crate::base::parallel;
use crate::base::simd::F64x4;

/// Most cells of the sorting and binning grids (a hand-edited absurd geometry cannot exhaust
/// memory).
const MAX_CELLS: usize = 1 << 21;

/// The cells after a cell in [`Neighbors::build_open`]'s order, as (layer, row, column) offsets, in
/// increasing order: the next column, the next row's three, the next layer's nine.
const FORWARD: [(usize, isize, isize); 13] = [
    (0, 0, 1),
    (0, 1, -1),
    (0, 1, 0),
    (0, 1, 1),
    (1, -1, -1),
    (1, -1, 0),
    (1, -1, 1),
    (1, 0, -1),
    (1, 0, 0),
    (1, 0, 1),
    (1, 1, -1),
    (1, 1, 0),
    (1, 1, 1),
];

/// The cell grid of [`Neighbors::build_open`]: cells per axis (layer, row, column), where each
/// cell's run of sorted atoms starts, and each sorted atom's cell.
struct OpenCells {
    dims: [usize; 3],
    cell_start: Vec<u32>,
    cell_of: Vec<u32>,
}

impl OpenCells {
    /// The half lists of sorted atoms `atoms` (positions `x`, list radius² `rl2`), one list after
    /// another, and their lengths: each atom's neighbours in the rest of its cell and in the
    /// [`FORWARD`] cells, in ascending order.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn half_lists(
        &self,
        x: &[F64x4],
        atoms: std::ops::Range<usize>,
        rl2: f64,
    ) -> (Vec<u32>, Vec<u32>) {
        let [d0, d1, d2] = self.dims;
        let mut nbrs = Vec::new();
        let mut counts = Vec::with_capacity(atoms.len());
        for i in atoms {
            let from = nbrs.len();
            let xi = x[i];
            let mut near = |range: std::ops::Range<usize>| within(x, xi, range, rl2, &mut nbrs);
            let own = self.cell_of[i] as usize;
            near(i + 1..self.cell_start[own + 1] as usize);
            let (a, b, c) = (own / (d1 * d2), own / d2 % d1, own % d2);
            for (da, db, dc) in FORWARD {
                let (a2, b2, c2) = (a + da, b as isize + db, c as isize + dc);
                if a2 >= d0 || b2 < 0 || b2 as usize >= d1 || c2 < 0 || c2 as usize >= d2 {
                    continue;
                }
                let k = (a2 * d1 + b2 as usize) * d2 + c2 as usize;
                near(self.cell_start[k] as usize..self.cell_start[k + 1] as usize);
            }
            counts.push((nbrs.len() - from) as u32);
        }
        (nbrs, counts)
    }
}

/// Appends to `out` the atoms j of `range` with |x_i − x_j|² < `rl2` (x_i = `xi`), in order (see
/// [`within_each`]).
#[inline(always)]
fn within(x: &[F64x4], xi: F64x4, range: std::ops::Range<usize>, rl2: f64, out: &mut Vec<u32>) {
    let rows = &x[range.clone()];
    let first = range.start as u32;
    // SAFETY: k < rows.len().
    unsafe {
        within_into(
            out,
            rows.len(),
            |k| *rows.get_unchecked(k),
            |k| first + k as u32,
            xi,
            rl2,
        )
    }
}

/// Appends to `out` the atoms listed in `atoms` with |x_i − x_j|² < `rl2` (x_i = `xi`, x_j =
/// `x[j]`), in order (see [`within_each`]).
///
/// # Safety
/// Every listed atom must be < `x.len()`.
#[inline(always)]
unsafe fn within_listed(x: &[F64x4], xi: F64x4, atoms: &[u32], rl2: f64, out: &mut Vec<u32>) {
    within_into(
        out,
        atoms.len(),
        |k| *x.get_unchecked(*atoms.get_unchecked(k) as usize),
        |k| *atoms.get_unchecked(k),
        xi,
        rl2,
    )
}

/// [`within_each`] appending the kept atoms to `out`.
///
/// # Safety
/// As [`within_each`].
#[inline(always)]
unsafe fn within_into(
    out: &mut Vec<u32>,
    count: usize,
    row: impl Fn(usize) -> F64x4,
    index: impl Fn(usize) -> u32,
    xi: F64x4,
    rl2: f64,
) {
    // Room for every candidate (and a group's spare writes past the kept ones).
    out.reserve(count + 4);
    let base = out.as_mut_ptr();
    // Slots below len + count + 4 ≤ the reserved capacity.
    let put = |slot: usize, j: u32, _: f64| base.add(slot).write(j);
    let len = within_each(xi, count, row, index, rl2, put, out.len());
    // Entries up to len were written above.
    out.set_len(len);
}

/// Writes the candidates k in 0..`count` (atom `index(k)` at `row(k)`) with |x_i − row(k)|² <
/// `r2_max` (x_i = `xi`), in order, through `put(slot, j, r²)` from slot `kept` on, and returns
/// the new count: r² four candidates at a time, each lane the scalar `(dx² + dy²) + dz²`, and
/// every candidate written at the next free slot and kept by its lane's bit, with no
/// data-dependent branch (most candidates of a cell stencil, and a third of a Verlet list, are
/// out of range, at random). A candidate's slot is at most `kept` + its place among the
/// candidates. Shared by the list builds and the force kernel's cutoff filter
/// ([`crate::potential::eam`]).
///
/// # Safety
/// `row`, `index` must be safe to call for every k < `count`, and `put` for every slot below
/// `kept + count`.
#[inline(always)]
pub(crate) unsafe fn within_each(
    xi: F64x4,
    count: usize,
    row: impl Fn(usize) -> F64x4,
    index: impl Fn(usize) -> u32,
    r2_max: f64,
    mut put: impl FnMut(usize, u32, f64),
    mut kept: usize,
) -> usize {
    let [x0, y0, z0, _] = xi.to_array();
    let (xs, ys, zs, r2v) = (
        F64x4::splat(x0),
        F64x4::splat(y0),
        F64x4::splat(z0),
        F64x4::splat(r2_max),
    );
    let groups = count / 4;
    for g in 0..groups {
        let k = 4 * g;
        let [cx, cy, cz] = F64x4::columns([row(k), row(k + 1), row(k + 2), row(k + 3)]);
        let (dx, dy, dz) = (xs - cx, ys - cy, zs - cz);
        let rsq = dx * dx + dy * dy + dz * dz;
        let inside = rsq.lt_mask(r2v);
        let r2 = rsq.to_array();
        // Written out, not looped: the browser builds do not unroll loops (optimised for size).
        put(kept, index(k), r2[0]);
        kept += (inside & 1) as usize;
        put(kept, index(k + 1), r2[1]);
        kept += (inside >> 1 & 1) as usize;
        put(kept, index(k + 2), r2[2]);
        kept += (inside >> 2 & 1) as usize;
        put(kept, index(k + 3), r2[3]);
        kept += (inside >> 3 & 1) as usize;
    }
    for k in 4 * groups..count {
        let d = (xi - row(k)).to_array();
        let rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        put(kept, index(k), rsq);
        kept += (rsq < r2_max) as usize;
    }
    kept
}

/// Internal-order neighbour data for one configuration.
#[derive(Clone, Debug, Default)]
pub struct Neighbors {
    /// Interaction cutoff, Å.
    pub cutoff: f64,
    /// Verlet skin, Å.
    pub skin: f64,
    /// Number of real (local) atoms.
    pub n_local: usize,
    /// `order[s]` = caller's index of the atom at sorted position `s`.
    pub order: Vec<u32>,
    /// The inverse: `slot[o]` = sorted position of the caller's atom `o`.
    pub slot: Vec<u32>,
    /// Positions `[x, y, z, 0]` in sorted order, locals then ghosts (length `n_all()`), Å.
    pub x: Vec<F64x4>,
    /// Species per sorted atom and ghost.
    pub types: Vec<u16>,
    /// Sorted index of each ghost's owner.
    pub ghost_owner: Vec<u32>,
    /// Lattice translation of each ghost relative to its owner's wrapped position, Å.
    pub ghost_shift: Vec<[f64; 3]>,
    /// Half list in CSR form: neighbours of sorted atom `i` are `list[first[i]..first[i+1]]`.
    pub first: Vec<u32>,
    /// Neighbour indices (sorted/ghost index space).
    pub list: Vec<u32>,
    /// Sorted-index start of each slab, plus a final entry `n_local`.
    pub slab_start: Vec<usize>,
    /// Index (in `x`) of the first ghost of each ghost slab −1, 0, …, n_slabs, plus a final entry
    /// `n_all()`: the ghosts of slab g are `ghost_start[g + 1]..ghost_start[g + 2]`.
    pub ghost_start: Vec<usize>,
    /// Slab of each ghost (−1 below the box, n_slabs above it along the slab axis).
    ghost_slab: Vec<i32>,
    /// Shift that wraps each sorted local atom into the box (zero for open boundaries).
    wrap: Vec<[f64; 3]>,
    /// The same shift in box lengths (whole numbers), for a box that has changed since the build.
    wrap_image: Vec<[f64; 3]>,
    /// Each ghost's translation in box lengths (whole numbers).
    ghost_image: Vec<[f64; 3]>,
    /// Caller-order positions at the last build, for the displacement check.
    x_built: Vec<[f64; 3]>,
    /// The periodic box at the last build.
    cell_built: Option<[f64; 3]>,
    /// Number of builds so far.
    pub builds: u64,
}

/// True if an atom of `pos` moved more than √`lim` from its build position `built` scaled by
/// `ratio` (or is not finite).
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn moved_beyond(pos: &[[f64; 3]], built: &[[f64; 3]], ratio: [f64; 3], lim: f64) -> bool {
    pos.iter().zip(built).any(|(a, b)| {
        let d = [
            a[0] - ratio[0] * b[0],
            a[1] - ratio[1] * b[1],
            a[2] - ratio[2] * b[2],
        ];
        let d2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        d2.is_nan() || d2 > lim
    })
}

/// `[m_x l_x, m_y l_y, m_z l_z]`: whole box lengths `m` in a box `l`, Å.
fn scaled(m: [f64; 3], l: [f64; 3]) -> [f64; 3] {
    [m[0] * l[0], m[1] * l[1], m[2] * l[2]]
}

/// What places atoms at a refresh, from a source atom each (a local atom's caller-order atom, a
/// ghost's owner) and its shift: the shift as built, or its whole box lengths in a box that has
/// changed since the build.
struct Images<'a> {
    source: &'a [u32],
    shift: &'a [[f64; 3]],
    image: &'a [[f64; 3]],
}

impl Images<'_> {
    /// Atoms `first..first + xs.len()`: position `at(source) + shift` and the source's species
    /// (`types`).
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn refresh(
        &self,
        first: usize,
        xs: &mut [F64x4],
        ts: &mut [u16],
        at: impl Fn(usize) -> F64x4,
        types: &[u16],
        moved_box: Option<[f64; 3]>,
    ) {
        for (k, (x, t)) in xs.iter_mut().zip(ts).enumerate() {
            let a = first + k;
            let o = self.source[a] as usize;
            let d = match moved_box {
                None => self.shift[a],
                Some(l) => scaled(self.image[a], l),
            };
            *x = at(o) + F64x4::point(d);
            *t = types[o];
        }
    }
}

impl Neighbors {
    /// An empty structure for the given cutoff and skin.
    pub fn new(cutoff: f64, skin: f64) -> Neighbors {
        Neighbors {
            cutoff,
            skin,
            ..Default::default()
        }
    }

    /// Total atoms in the internal arrays (locals + ghosts).
    pub fn n_all(&self) -> usize {
        self.x.len()
    }

    /// Number of slabs.
    pub fn n_slabs(&self) -> usize {
        self.slab_start.len() - 1
    }

    /// r_list = cutoff + skin.
    pub fn r_list(&self) -> f64 {
        self.cutoff + self.skin
    }

    /// The two index ranges of atoms a task for slab `s` may write: the local atoms of slabs s
    /// and s+1, and the ghosts of ghost slabs s and s+1 (empty without a periodic box).
    pub fn piece_ranges(&self, s: usize) -> [(usize, usize); 2] {
        let ns = self.n_slabs();
        [
            (self.slab_start[s], self.slab_start[(s + 2).min(ns)]),
            (self.ghost_start[s + 1], self.ghost_start[s + 3]),
        ]
    }

    /// Range of half-list entries belonging to slab `s`.
    pub fn slab_pairs(&self, s: usize) -> (usize, usize) {
        (
            self.first[self.slab_start[s]] as usize,
            self.first[self.slab_start[s + 1]] as usize,
        )
    }

    /// True if some atom moved more than skin/2 since the last build (relative to its build
    /// position scaled with the box, if the periodic box has changed: then by more than
    /// `(skin − (1 − s) r_list)/2`, s = min(1, smallest ratio of new to built box length)), the
    /// boundary changed kind, or there was no build yet.
    pub fn needs_rebuild(&self, pos: &[[f64; 3]], cell: Option<[f64; 3]>) -> bool {
        if self.x_built.len() != pos.len() || self.builds == 0 {
            return true;
        }
        // Whether any atom moved more than √lim from its build position scaled by `ratio`.
        let moved = |ratio: [f64; 3], lim: f64| {
            parallel::map_blocks(pos.len(), parallel::atom_chunk(pos.len()), |r| {
                moved_beyond(&pos[r.clone()], &self.x_built[r], ratio, lim)
            })
            .into_iter()
            .any(|m| m)
        };
        match (cell, self.cell_built) {
            (Some(l), Some(b)) if l != b => {
                let ratio = [l[0] / b[0], l[1] / b[1], l[2] / b[2]];
                let s = ratio.iter().copied().fold(1.0, f64::min);
                let room = 0.5 * (self.skin - (1.0 - s) * self.r_list());
                if room.is_nan() || room <= 0.0 {
                    return true;
                }
                moved(ratio, room * room)
            }
            (l, b) if l != b => true,
            _ => moved([1.0; 3], 0.25 * self.skin * self.skin),
        }
    }

    /// Copies caller-order positions and species into the internal arrays (locals and ghosts)
    /// without rebuilding the list, the images placed with the box `cell` (which may differ
    /// from the built one, see [`Neighbors::needs_rebuild`]). Valid while
    /// [`Neighbors::needs_rebuild`] is false.
    pub fn refresh(&mut self, pos: &[[f64; 3]], types: &[u16], cell: Option<[f64; 3]>) {
        let n = self.n_local;
        let moved_box = match (cell, self.cell_built) {
            (Some(l), Some(b)) if l != b => Some(l),
            _ => None,
        };
        let locals_of = Images {
            source: &self.order,
            shift: &self.wrap,
            image: &self.wrap_image,
        };
        let (locals, ghosts) = self.x.split_at_mut(n);
        let (local_types, ghost_types) = self.types.split_at_mut(n);
        parallel::for_each_chunk_pair_mut(locals, local_types, |first, xs, ts| {
            let at = |o: usize| F64x4::point(pos[o]);
            locals_of.refresh(first, xs, ts, at, types, moved_box)
        });
        let ghosts_of = Images {
            source: &self.ghost_owner,
            shift: &self.ghost_shift,
            image: &self.ghost_image,
        };
        let (locals, local_types) = (&*locals, &*local_types);
        parallel::for_each_chunk_pair_mut(ghosts, ghost_types, |first, xs, ts| {
            let at = |o: usize| locals[o];
            ghosts_of.refresh(first, xs, ts, at, local_types, moved_box)
        });
    }

    /// Rebuilds everything for caller-order positions `pos`, species `types` and an optional
    /// periodic orthogonal box `cell` (lengths, origin at 0).
    pub fn build(&mut self, pos: &[[f64; 3]], types: &[u16], cell: Option<[f64; 3]>) -> Result<()> {
        let n = pos.len();
        let rl = self.r_list();
        if let Some(l) = cell {
            for (k, &len) in l.iter().enumerate() {
                if !(len.is_finite() && len > 0.0) {
                    bail!(
                        "periodic box length {} along {} must be positive",
                        len,
                        ["x", "y", "z"][k]
                    );
                }
            }
        }
        for (i, p) in pos.iter().enumerate() {
            if !(p[0].is_finite() && p[1].is_finite() && p[2].is_finite()) {
                bail!(
                    "atom {} has a non-finite position ({}, {}, {})",
                    i + 1,
                    p[0],
                    p[1],
                    p[2]
                );
            }
        }
        let Some(l) = cell else {
            self.build_open(pos, types);
            self.built(pos, cell);
            return Ok(());
        };
        // Wrapped positions (caller order) and their wrap shifts.
        let mut xw: Vec<[f64; 3]> = pos.to_vec();
        let mut wrap = vec![[0.0; 3]; n];
        for (p, w) in xw.iter_mut().zip(wrap.iter_mut()) {
            for k in 0..3 {
                let f = (p[k] / l[k]).floor();
                let mut v = p[k] - f * l[k];
                if v >= l[k] {
                    v -= l[k];
                }
                w[k] = v - p[k];
                p[k] = v;
            }
        }
        let cut = BoxSlabs::choose(&xw, l, rl);
        let n_slabs = cut.n;
        let slab_of = |p: &[f64; 3]| -> usize { cut.slab_of_local(p) };
        let (lo, hi) = bounding_box(&xw);
        // Sort by (slab, cell, index) for locality and the slab invariant.
        let grid = CellGrid::new(lo, hi, rl, MAX_CELLS);
        let mut keys: Vec<(u32, u32, u32)> = (0..n)
            .map(|i| {
                (
                    slab_of(&xw[i]) as u32,
                    grid.cell_of(&xw[i]) as u32,
                    i as u32,
                )
            })
            .collect();
        keys.sort_unstable();
        self.order = keys.iter().map(|k| k.2).collect();
        self.slot = vec![0; n];
        for (s, &o) in self.order.iter().enumerate() {
            self.slot[o as usize] = s as u32;
        }
        let mut slab_start = vec![0usize; n_slabs + 1];
        for k in &keys {
            slab_start[k.0 as usize + 1] += 1;
        }
        for s in 0..n_slabs {
            slab_start[s + 1] += slab_start[s];
        }
        self.slab_start = slab_start;
        self.n_local = n;
        self.x = self
            .order
            .iter()
            .map(|&o| F64x4::point(xw[o as usize]))
            .collect();
        self.types = self.order.iter().map(|&o| types[o as usize]).collect();
        self.wrap = self.order.iter().map(|&o| wrap[o as usize]).collect();
        self.wrap_image = self
            .wrap
            .iter()
            .map(|w| [0, 1, 2].map(|k| (w[k] / l[k]).round()))
            .collect();
        self.make_ghosts(Some((l, cut)));
        let local_slab: Vec<i32> = keys.iter().map(|k| k.0 as i32).collect();
        // Bin all atoms (locals + ghosts) in cells of size ≥ r_list.
        let xyz: Vec<[f64; 3]> = self.x.iter().map(|v| v.xyz()).collect();
        let (glo, ghi) = bounding_box(&xyz);
        let grid = CellGrid::new(glo, ghi, rl, MAX_CELLS);
        let bins = grid.bin(&xyz);
        // Half lists, built in parallel chunks (of 64 atoms: the work per atom varies, and many
        // small chunks even it out) and concatenated in atom order, the copy in parallel too.
        const CHUNK: usize = 64;
        let rl2 = rl * rl;
        let this = &*self;
        let chunks: Vec<(Vec<u32>, Vec<u32>)> = parallel::map_range(n.div_ceil(CHUNK), |c| {
            let atoms = c * CHUNK..((c + 1) * CHUNK).min(n);
            this.periodic_half_lists(&grid, &bins, &xyz, &local_slab, atoms, rl2)
        });
        self.concatenate(chunks);
        self.built(pos, cell);
        Ok(())
    }

    /// The half lists of local atoms `atoms` in a periodic box (see [`Neighbors::build`]): the
    /// candidates of the 27 cells of `grid` around each (`bins`, over the rows `xyz` of x) within
    /// r² < `rl2`, four at a time without a branch, then the half list's choice among them
    /// ([`Neighbors::keeps_pair`]), sorted. Returns the lists one after another and their lengths.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn periodic_half_lists(
        &self,
        grid: &CellGrid,
        bins: &Bins,
        xyz: &[[f64; 3]],
        local_slab: &[i32],
        atoms: std::ops::Range<usize>,
        rl2: f64,
    ) -> (Vec<u32>, Vec<u32>) {
        let mut nbrs = Vec::new();
        let mut counts = Vec::with_capacity(atoms.len());
        for i in atoms {
            let from = nbrs.len();
            let xi = self.x[i];
            grid.for_each_cell_near(bins, &xyz[i], |cell| {
                // SAFETY: the bins list rows of xyz, one per row of x.
                unsafe { within_listed(&self.x, xi, cell, rl2, &mut nbrs) }
            });
            let mut kept = from;
            for r in from..nbrs.len() {
                let j = nbrs[r];
                nbrs[kept] = j;
                kept += self.keeps_pair(i, j as usize, local_slab) as usize;
            }
            nbrs.truncate(kept);
            nbrs[from..].sort_unstable();
            counts.push((nbrs.len() - from) as u32);
        }
        (nbrs, counts)
    }

    /// Records a build for `pos` in `cell` and checks the result.
    fn built(&mut self, pos: &[[f64; 3]], cell: Option<[f64; 3]>) {
        self.x_built = pos.to_vec();
        self.cell_built = cell;
        self.builds += 1;
        self.check_slab_invariant();
    }

    /// [`Neighbors::build`] with open boundaries: the slabs are the layers of a cell grid (cells
    /// at least r_list wide, layers across the longest extent), the atoms sorted by cell (layer
    /// first, then the other two axes; atom index within a cell) by a counting sort, so that each
    /// cell is a contiguous run of the sorted atoms. Atom i's half list is then read off the
    /// "forward" cells alone: the rest of its own cell and the 13 neighbouring cells that come
    /// after it, in order, so every listed j > i, in ascending order, within slab s or s+1 (the
    /// slab invariant), visiting half the candidates of a full 27-cell search and sorting nothing.
    fn build_open(&mut self, pos: &[[f64; 3]], types: &[u16]) {
        let n = pos.len();
        let rl = self.r_list();
        let (lo, hi) = bounding_box(pos);
        let ext = [0, 1, 2].map(|k| (hi[k] - lo[k]).max(0.0));
        let major = (0..3).fold(0, |a, k| if ext[k] > ext[a] { k } else { a });
        let axes = match major {
            0 => [0, 1, 2],
            1 => [1, 0, 2],
            _ => [2, 0, 1],
        };
        // Cells per axis (in the order major, mid, minor), the size doubled while there are too
        // many (a sparse or absurd scene).
        let mut size = rl;
        let dims = loop {
            let d = axes.map(|k| ((ext[k] / size).floor() as usize).max(1));
            if d[0] * d[1] * d[2] <= MAX_CELLS {
                break d;
            }
            size *= 2.0;
        };
        let inv = [0, 1, 2].map(|a| {
            let e = ext[axes[a]];
            if e > 0.0 {
                dims[a] as f64 / e
            } else {
                0.0
            }
        });
        let coords = |p: &[f64; 3]| -> [usize; 3] {
            [0, 1, 2]
                .map(|a| (((p[axes[a]] - lo[axes[a]]) * inv[a]).max(0.0) as usize).min(dims[a] - 1))
        };
        let cell_index = |c: [usize; 3]| (c[0] * dims[1] + c[1]) * dims[2] + c[2];
        let n_cells = dims[0] * dims[1] * dims[2];
        // Counting sort by cell, stable in the atom index.
        let cell_of: Vec<u32> = pos.iter().map(|p| cell_index(coords(p)) as u32).collect();
        let (cell_start, order) = counting_sort(&cell_of, n_cells);
        self.order = order;
        self.slot = vec![0; n];
        for (s, &o) in self.order.iter().enumerate() {
            self.slot[o as usize] = s as u32;
        }
        let layer = dims[1] * dims[2];
        self.slab_start = (0..=dims[0])
            .map(|s| cell_start[s * layer] as usize)
            .collect();
        self.n_local = n;
        self.x = self
            .order
            .iter()
            .map(|&o| F64x4::point(pos[o as usize]))
            .collect();
        self.types = self.order.iter().map(|&o| types[o as usize]).collect();
        self.wrap = vec![[0.0; 3]; n];
        self.wrap_image = vec![[0.0; 3]; n];
        self.make_ghosts(None);
        self.ghost_start = vec![n; dims[0] + 3];
        // Half lists, in parallel chunks of 64 atoms, concatenated in atom order.
        const CHUNK: usize = 64;
        let cells = OpenCells {
            dims,
            cell_start,
            cell_of: self.order.iter().map(|&o| cell_of[o as usize]).collect(),
        };
        let x = &self.x;
        let chunks: Vec<(Vec<u32>, Vec<u32>)> = parallel::map_range(n.div_ceil(CHUNK), |c| {
            cells.half_lists(x, c * CHUNK..((c + 1) * CHUNK).min(n), rl * rl)
        });
        self.concatenate(chunks);
    }

    /// The half lists from per-chunk lists and per-atom counts, in order (the copy in parallel).
    fn concatenate(&mut self, chunks: Vec<(Vec<u32>, Vec<u32>)>) {
        let (first, list) = parallel::concat_chunks(&chunks, 0);
        self.first = first.into_iter().map(|e| e as u32).collect();
        self.list = list;
    }

    /// Asserts what the pair loops rely on (they index without bounds checks): every neighbour of
    /// an atom of slab s lies after it, in the index range a task for slab s owns
    /// ([`Neighbors::piece_ranges`]), and every index is < `n_all()`. Runs once per build.
    fn check_slab_invariant(&self) {
        assert_eq!(self.first.len(), self.n_local + 1);
        assert_eq!(*self.first.last().unwrap() as usize, self.list.len());
        assert_eq!(self.types.len(), self.x.len());
        assert_eq!(self.ghost_start.len(), self.n_slabs() + 3);
        assert_eq!(*self.ghost_start.last().unwrap(), self.x.len());
        let holds = parallel::map_range(self.n_slabs(), |s| {
            let [(lo, hi), (glo, ghi)] = self.piece_ranges(s);
            (self.slab_start[s]..self.slab_start[s + 1]).all(|i| {
                self.list[self.first[i] as usize..self.first[i + 1] as usize]
                    .iter()
                    .all(|&j| {
                        let j = j as usize;
                        j > i && ((j >= lo && j < hi) || (j >= glo && j < ghi)) && j < self.x.len()
                    })
            })
        });
        assert!(
            holds.iter().all(|&h| h),
            "neighbour list breaks the slab invariant"
        );
    }

    /// Whether the half list keeps the pair (local i, j): locals once (j > i); a local–ghost pair
    /// (i, image g of o) by the end whose partner lies in the higher slab (`local_slab[i]` against
    /// the ghost's slab: the image across the box's upper face, never the lower), within one slab
    /// by the lower-indexed end, and a self-image by the positive shift. The mirror pair (o, image
    /// of i) then always gives the opposite answer, so each pair is listed once.
    #[inline]
    fn keeps_pair(&self, i: usize, j: usize, local_slab: &[i32]) -> bool {
        if j < self.n_local {
            return j > i;
        }
        let g = j - self.n_local;
        let (si, sg) = (local_slab[i], self.ghost_slab[g]);
        if si != sg {
            return sg > si;
        }
        let o = self.ghost_owner[g] as usize;
        if i != o {
            return i < o;
        }
        let s = self.ghost_shift[g];
        let first_nonzero = s.iter().copied().find(|v| *v != 0.0).unwrap_or(0.0);
        first_nonzero > 0.0
    }

    /// Creates ghost images of local atoms within r_list of a periodic box `l` cut into slabs
    /// `cut`, sorted by slab (in the order of their owners and shifts within a slab).
    fn make_ghosts(&mut self, cell: Option<([f64; 3], BoxSlabs)>) {
        self.ghost_owner.clear();
        self.ghost_shift.clear();
        self.ghost_image.clear();
        self.ghost_slab.clear();
        self.x.truncate(self.n_local);
        self.types.truncate(self.n_local);
        let Some((l, cut)) = cell else { return };
        let rl = self.r_list();
        let reach: Vec<i32> = l.iter().map(|len| (rl / len).ceil() as i32).collect();
        for s in 0..self.n_local {
            let p = self.x[s].xyz();
            for a in -reach[0]..=reach[0] {
                for b in -reach[1]..=reach[1] {
                    for c in -reach[2]..=reach[2] {
                        if a == 0 && b == 0 && c == 0 {
                            continue;
                        }
                        let d = [a as f64 * l[0], b as f64 * l[1], c as f64 * l[2]];
                        let q = [p[0] + d[0], p[1] + d[1], p[2] + d[2]];
                        if (0..3).all(|k| q[k] >= -rl && q[k] < l[k] + rl) {
                            self.ghost_owner.push(s as u32);
                            self.ghost_shift.push(d);
                            self.ghost_image.push([a as f64, b as f64, c as f64]);
                            self.ghost_slab.push(cut.slab_of_ghost(&q));
                        }
                    }
                }
            }
        }
        // Sorted by slab (stable) over slabs −1..=n.
        let keys: Vec<u32> = self.ghost_slab.iter().map(|&g| (g + 1) as u32).collect();
        let (start, perm) = counting_sort(&keys, cut.n + 2);
        self.ghost_owner = permuted(&self.ghost_owner, &perm);
        self.ghost_shift = permuted(&self.ghost_shift, &perm);
        self.ghost_image = permuted(&self.ghost_image, &perm);
        self.ghost_slab = permuted(&self.ghost_slab, &perm);
        let n = self.n_local;
        let n_ghosts = self.ghost_owner.len();
        self.x.resize(n + n_ghosts, F64x4::ZERO);
        self.types.resize(n + n_ghosts, 0);
        let (locals, ghosts) = self.x.split_at_mut(n);
        let (local_types, ghost_types) = self.types.split_at_mut(n);
        let images = Images {
            source: &self.ghost_owner,
            shift: &self.ghost_shift,
            image: &self.ghost_image,
        };
        images.refresh(0, ghosts, ghost_types, |o| locals[o], local_types, None);
        self.ghost_start = start.iter().map(|&k| n + k as usize).collect();
    }
}

/// `v[perm[k]]` for every k.
fn permuted<T: Copy>(v: &[T], perm: &[u32]) -> Vec<T> {
    perm.iter().map(|&k| v[k as usize]).collect()
}

/// The slabs of a periodic box: `n` slabs of width `l[axis] / n` ≥ r_list along `axis`.
#[derive(Clone, Copy, Debug)]
struct BoxSlabs {
    axis: usize,
    n: usize,
    length: f64,
    width: f64,
}

impl BoxSlabs {
    /// The axis with the most occupied slabs (ties: the lower axis) for wrapped positions `xw`
    /// in box `l`, slabs at least `rl` wide.
    fn choose(xw: &[[f64; 3]], l: [f64; 3], rl: f64) -> BoxSlabs {
        let cuts = [0, 1, 2].map(|axis| {
            let n = ((l[axis] / rl).floor() as usize).clamp(1, 4096);
            BoxSlabs {
                axis,
                n,
                length: l[axis],
                width: l[axis] / n as f64,
            }
        });
        let occupied = |c: &BoxSlabs| {
            let mut used = vec![false; c.n];
            for p in xw {
                used[c.slab_of_local(p)] = true;
            }
            used.iter().filter(|&&u| u).count()
        };
        let counts = cuts.map(|c| occupied(&c));
        let best = (0..3).fold(0, |a, k| if counts[k] > counts[a] { k } else { a });
        cuts[best]
    }

    /// Slab of a wrapped position (in [0, length) along the axis).
    fn slab_of_local(&self, p: &[f64; 3]) -> usize {
        ((p[self.axis] / self.width) as usize).min(self.n - 1)
    }

    /// Slab of a ghost at `q`: −1 below the box, n above it, else as a local atom there.
    fn slab_of_ghost(&self, q: &[f64; 3]) -> i32 {
        let v = q[self.axis];
        if v < 0.0 {
            -1
        } else if v >= self.length {
            self.n as i32
        } else {
            self.slab_of_local(q) as i32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::math::dist2;
    use crate::base::rng::Rng;

    fn random_cloud(n: usize, side: f64, seed: u64) -> Vec<[f64; 3]> {
        let mut r = Rng::new(seed, 1);
        (0..n)
            .map(|_| {
                [
                    r.uniform() * side,
                    r.uniform() * side * 0.5,
                    r.uniform() * side * 2.0,
                ]
            })
            .collect()
    }

    /// Brute-force set of unordered pairs (caller indices) within r, with minimum image if periodic.
    fn brute_pairs(x: &[[f64; 3]], r: f64, cell: Option<[f64; 3]>) -> Vec<(u32, u32, i64)> {
        let mut out = Vec::new();
        for i in 0..x.len() {
            for j in i..x.len() {
                let reach = if cell.is_some() { 3 } else { 0 };
                for a in -reach..=reach {
                    for b in -reach..=reach {
                        for c in -reach..=reach {
                            if i == j && (a, b, c) <= (0, 0, 0) {
                                continue;
                            }
                            let l = cell.unwrap_or([0.0; 3]);
                            let q = [
                                x[j][0] + a as f64 * l[0],
                                x[j][1] + b as f64 * l[1],
                                x[j][2] + c as f64 * l[2],
                            ];
                            if dist2(&x[i], &q) < r * r {
                                out.push((i as u32, j as u32, (dist2(&x[i], &q) * 1e6) as i64));
                            }
                        }
                    }
                }
            }
        }
        out.sort();
        out
    }

    fn listed_pairs(nb: &Neighbors) -> Vec<(u32, u32, i64)> {
        let mut out = Vec::new();
        for i in 0..nb.n_local {
            for k in nb.first[i]..nb.first[i + 1] {
                let j = nb.list[k as usize] as usize;
                let owner = if j < nb.n_local {
                    j
                } else {
                    nb.ghost_owner[j - nb.n_local] as usize
                };
                let (a, b) = (nb.order[i], nb.order[owner]);
                out.push((
                    a.min(b),
                    a.max(b),
                    (dist2(&nb.x[i].xyz(), &nb.x[j].xyz()) * 1e6) as i64,
                ));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn open_list_matches_brute_force_and_slab_invariant_holds() {
        let x = random_cloud(600, 30.0, 5);
        let types = vec![0u16; x.len()];
        let mut nb = Neighbors::new(4.0, 1.0);
        nb.build(&x, &types, None).unwrap();
        assert!(nb.n_slabs() > 2);
        let brute = brute_pairs(&x, 5.0, None);
        let listed = listed_pairs(&nb);
        assert_eq!(brute.len(), listed.len());
        for (a, b) in brute.iter().zip(&listed) {
            assert_eq!((a.0, a.1), (b.0, b.1));
            assert!((a.2 - b.2).abs() <= 1);
        }
        // Each pair joins the same or the next slab.
        let slab = |i: usize| nb.slab_start.partition_point(|&s| s <= i) - 1;
        for i in 0..nb.n_local {
            for k in nb.first[i]..nb.first[i + 1] {
                let j = nb.list[k as usize] as usize;
                assert!(j > i && slab(j) - slab(i) <= 1);
            }
        }
    }

    #[test]
    fn periodic_list_matches_brute_force_minimum_image() {
        let l = [11.0, 12.0, 13.0];
        let mut r = Rng::new(9, 2);
        let x: Vec<[f64; 3]> = (0..150)
            .map(|_| {
                [
                    r.uniform() * 30.0 - 10.0,
                    r.uniform() * l[1],
                    r.uniform() * l[2],
                ]
            })
            .collect();
        let types = vec![0u16; x.len()];
        let mut nb = Neighbors::new(4.0, 1.5);
        nb.build(&x, &types, Some(l)).unwrap();
        let brute = brute_pairs(&x, 5.5, Some(l));
        let listed = listed_pairs(&nb);
        assert_eq!(brute.len(), listed.len());
        for (a, b) in brute.iter().zip(&listed) {
            assert_eq!((a.0, a.1), (b.0, b.1));
            assert!((a.2 - b.2).abs() <= 1);
        }
    }

    /// A periodic box cut into slabs: every pair once (against brute force over images), each
    /// listed ghost in the task's own two ghost slabs, never one below the box; and a box shorter
    /// than r_list along one axis (images two boxes away) still lists every pair once.
    #[test]
    fn periodic_slabs_list_every_pair_once_within_their_pieces() {
        for (l, n, want_slabs) in [([26.0, 12.0, 9.0], 220, 4), ([4.0, 16.0, 12.0], 60, 2)] {
            let mut r = Rng::new(11, 3);
            let x: Vec<[f64; 3]> = (0..n)
                .map(|_| [0, 1, 2].map(|k| (r.uniform() * 1.2 - 0.1) * l[k]))
                .collect();
            let types = vec![0u16; x.len()];
            let mut nb = Neighbors::new(4.0, 1.5);
            nb.build(&x, &types, Some(l)).unwrap();
            assert_eq!(nb.n_slabs(), want_slabs, "box {l:?}");
            let (listed, brute) = (listed_pairs(&nb), brute_pairs(&x, 5.5, Some(l)));
            assert_eq!(listed.len(), brute.len(), "box {l:?}");
            for (a, b) in brute.iter().zip(&listed) {
                assert_eq!((a.0, a.1), (b.0, b.1));
                assert!((a.2 - b.2).abs() <= 1);
            }
            let mut ghosts_listed = 0;
            for s in 0..nb.n_slabs() {
                let [(lo, hi), (glo, ghi)] = nb.piece_ranges(s);
                for i in nb.slab_start[s]..nb.slab_start[s + 1] {
                    for &j in &nb.list[nb.first[i] as usize..nb.first[i + 1] as usize] {
                        let j = j as usize;
                        if j >= nb.n_local {
                            ghosts_listed += 1;
                            assert!(j >= glo && j < ghi && j >= nb.ghost_start[1]);
                        } else {
                            assert!(j > i && j >= lo && j < hi);
                        }
                    }
                }
            }
            assert!(ghosts_listed > 0);
        }
    }

    #[test]
    fn rebuild_trigger_is_half_the_skin() {
        let mut x = random_cloud(50, 10.0, 3);
        let types = vec![0u16; x.len()];
        let mut nb = Neighbors::new(3.0, 1.0);
        assert!(nb.needs_rebuild(&x, None));
        nb.build(&x, &types, None).unwrap();
        x[7][0] += 0.49;
        assert!(!nb.needs_rebuild(&x, None));
        assert!(nb.needs_rebuild(&x, Some([50.0; 3])));
        x[7][0] += 0.02;
        assert!(nb.needs_rebuild(&x, None));
    }

    /// A barostat scales the box and the positions together: a small change keeps the list,
    /// whose refreshed images then give every pair within the cutoff at its new distance; a
    /// change that could bring an unlisted pair within the cutoff rebuilds.
    #[test]
    fn a_scaled_box_keeps_the_list_while_it_is_valid() {
        let l = [11.0, 12.0, 13.0];
        let mut r = Rng::new(4, 2);
        let x: Vec<[f64; 3]> = (0..150)
            .map(|_| [0, 1, 2].map(|k| r.uniform() * l[k]))
            .collect();
        let types = vec![0u16; x.len()];
        let (cutoff, skin) = (4.0, 1.0);
        let mut nb = Neighbors::new(cutoff, skin);
        nb.build(&x, &types, Some(l)).unwrap();
        let s = [0.99, 1.004, 0.995];
        let scaled = |x: &[[f64; 3]]| -> Vec<[f64; 3]> {
            x.iter().map(|p| [0, 1, 2].map(|k| p[k] * s[k])).collect()
        };
        let (xs, ls) = (scaled(&x), [0, 1, 2].map(|k| l[k] * s[k]));
        assert!(!nb.needs_rebuild(&xs, Some(ls)));
        nb.refresh(&xs, &types, Some(ls));
        let within = |v: Vec<(u32, u32, i64)>| -> Vec<(u32, u32, i64)> {
            v.into_iter()
                .filter(|p| p.2 < (cutoff * cutoff * 1e6) as i64)
                .collect()
        };
        let brute = within(brute_pairs(&xs, cutoff, Some(ls)));
        let listed = within(listed_pairs(&nb));
        assert!(brute.len() > 100);
        assert_eq!(brute.len(), listed.len());
        for (a, b) in brute.iter().zip(&listed) {
            assert_eq!((a.0, a.1), (b.0, b.1));
            assert!((a.2 - b.2).abs() <= 1);
        }
        // Shrinking by skin/r_list or more leaves no room: rebuild.
        let big = 1.0 - skin / (cutoff + skin) - 1e-6;
        let xb: Vec<[f64; 3]> = x.iter().map(|p| p.map(|c| c * big)).collect();
        assert!(nb.needs_rebuild(&xb, Some(l.map(|c| c * big))));
        // A box that grows keeps the list until an atom moves skin/2 relative to it.
        let mut xg: Vec<[f64; 3]> = x.iter().map(|p| p.map(|c| c * 1.01)).collect();
        let lg = l.map(|c| c * 1.01);
        assert!(!nb.needs_rebuild(&xg, Some(lg)));
        xg[3][0] += 0.51;
        assert!(nb.needs_rebuild(&xg, Some(lg)));
    }

    #[test]
    fn non_finite_positions_are_reported() {
        let x = vec![[0.0, 0.0, 0.0], [f64::NAN, 0.0, 0.0]];
        let err = Neighbors::new(3.0, 1.0)
            .build(&x, &[0, 0], None)
            .unwrap_err();
        assert!(err.message().contains("atom 2"), "{err}");
    }
}
