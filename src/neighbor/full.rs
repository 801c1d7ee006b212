//! Full neighbour lists for analysis: every atom's neighbours within a radius, nearest first.
//!
//! On the one cell grid ([`super::grid`]) with cells at least `radius` wide; open boundaries, or an orthogonal periodic box
//! (minimum image; the box must be at least twice the radius in each direction). Cost: O(N · k)
//! for k neighbours per atom, parallel over atoms; lists are sorted by (distance, index), so the
//! result does not depend on the thread count.

use super::grid::{Bins, CellGrid};
use crate::base::error::Result;
use crate::base::math::{bounding_box, minimum_image, v3};
use crate::base::parallel;

/// One neighbour of an atom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Neighbor {
    /// Index of the neighbour.
    pub j: u32,
    /// Distance, Å.
    pub r: f64,
    /// Vector from the atom to the neighbour (minimum image), Å.
    pub d: [f64; 3],
}

/// Neighbours of every atom within `radius`, in CSR form.
#[derive(Clone, Debug, Default)]
pub struct NeighborLists {
    /// `list[first[i]..first[i + 1]]` are atom i's neighbours, nearest first.
    pub first: Vec<usize>,
    /// All neighbours.
    pub list: Vec<Neighbor>,
    /// The search radius, Å.
    pub radius: f64,
}

impl NeighborLists {
    /// Builds the lists for `pos` (Å) within `radius` (Å); `cell` is an orthogonal periodic box.
    pub fn build(pos: &[[f64; 3]], cell: Option<[f64; 3]>, radius: f64) -> Result<NeighborLists> {
        let search = NeighborSearch::new(pos, cell, radius)?;
        // Chunks of atoms, one allocation each, concatenated in atom order.
        let chunks: Vec<(Vec<Neighbor>, Vec<u32>)> = search.map_chunks(|atoms, _| {
            let mut list = Vec::new();
            let mut counts = Vec::with_capacity(atoms.len());
            for i in atoms {
                let from = list.len();
                search.sorted(i, &mut list);
                counts.push((list.len() - from) as u32);
            }
            (list, counts)
        });
        let fill = Neighbor {
            j: 0,
            r: 0.0,
            d: [0.0; 3],
        };
        let (first, list) = parallel::concat_chunks(&chunks, fill);
        Ok(NeighborLists {
            first,
            list,
            radius,
        })
    }

    /// Atom i's neighbours, nearest first.
    pub fn of(&self, i: usize) -> &[Neighbor] {
        &self.list[self.first[i]..self.first[i + 1]]
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.first.len().saturating_sub(1)
    }

    /// True if there are no atoms.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Atoms per chunk of [`NeighborSearch::map_chunks`]: one scratch list and one allocation of
/// results per chunk (an allocation per atom serialises the threads of the browser's build on
/// its allocator's lock).
const CHUNK: usize = 64;

/// A neighbour search within `radius` over a set of positions: the cell grid is built once and
/// asked atom by atom, so that an analysis that looks at one atom's neighbours at a time keeps
/// no lists (a 10,000-atom frame's lists within two bond lengths take 19 MB, whose allocation
/// and copying cost more than the search itself). A query gives an atom's list in
/// [`NeighborLists`], in the order asked for.
pub struct NeighborSearch<'a> {
    grid: CellGrid,
    bins: Bins,
    pos: &'a [[f64; 3]],
    cell: Option<[f64; 3]>,
    radius: f64,
}

impl<'a> NeighborSearch<'a> {
    /// A search of `pos` (Å) within `radius` (Å); `cell` is an orthogonal periodic box, at least
    /// twice the radius across. Errors on a radius that is not positive, a smaller box or a
    /// position that is not finite. Cost: O(N) to bin.
    pub fn new(
        pos: &'a [[f64; 3]],
        cell: Option<[f64; 3]>,
        radius: f64,
    ) -> Result<NeighborSearch<'a>> {
        if !(radius.is_finite() && radius > 0.0) {
            bail!("the neighbour search radius must be positive (got {radius} Å)");
        }
        if let Some(l) = cell {
            if l.iter().any(|&x| x.is_nan() || x < 2.0 * radius) {
                bail!(
                    "the periodic box {:?} Å is smaller than twice the analysis radius {radius} Å",
                    l
                );
            }
        }
        if pos.iter().flatten().any(|x| !x.is_finite()) {
            bail!("a position is not finite");
        }
        // At most ~2 cells per atom in total keeps memory bounded for sparse scenes.
        let max_cells = (2 * pos.len()).max(27);
        let grid = match cell {
            Some(l) => CellGrid::periodic(l, radius, max_cells),
            None => {
                let (lo, hi) = bounding_box(pos);
                CellGrid::new(lo, hi, radius, max_cells)
            }
        };
        let bins = grid.bin(pos);
        Ok(NeighborSearch {
            grid,
            bins,
            pos,
            cell,
            radius,
        })
    }

    /// Appends atom i's neighbours within the radius to `out`, in no particular order (that of
    /// the grid's cells). Each candidate is written at the end and kept by advancing the length,
    /// with no branch on the distance (a fifth to a tenth are kept, unpredictably); the kept get
    /// their √r² after. Cost: O(atoms in the 27 cells around i).
    /// (Never inlined: one copy serves every analysis, which keeps the browser's packages small.)
    #[inline(never)]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn unsorted(&self, i: usize, out: &mut Vec<Neighbor>) {
        let from = out.len();
        let p = self.pos[i];
        let r2 = self.radius * self.radius;
        self.grid.for_each_cell_near(&self.bins, &p, |atoms| {
            keep_within(out, atoms, self.pos, p, self.cell, r2, i)
        });
        for n in &mut out[from..] {
            n.r = n.r.sqrt();
        }
    }

    /// Appends atom i's neighbours within the radius to `out`, sorted by (distance, index): its
    /// list in [`NeighborLists`].
    pub fn sorted(&self, i: usize, out: &mut Vec<Neighbor>) {
        let from = out.len();
        self.unsorted(i, out);
        out[from..].sort_unstable_by(nearest_first);
    }

    /// Atom i's `k` nearest neighbours within the radius (fewer if it has fewer) into `out`
    /// (emptied first), sorted by (distance, index): the first `k` of its list in
    /// [`NeighborLists`], kept by insertion as the candidates come, the others never sorted.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn nearest(&self, i: usize, k: usize, out: &mut Vec<Neighbor>) {
        out.clear();
        if k == 0 {
            return;
        }
        self.unsorted(i, out);
        // out[..kept] holds the nearest so far, sorted; a candidate is read before its place
        // can be written (kept ≤ its index).
        let mut kept = 0;
        for c in 0..out.len() {
            let n = out[c];
            if kept == k && nearest_first(&n, &out[k - 1]).is_ge() {
                continue;
            }
            // Insert n, dropping the last if k are kept.
            let mut at = kept.min(k - 1);
            while at > 0 && nearest_first(&n, &out[at - 1]).is_lt() {
                out[at] = out[at - 1];
                at -= 1;
            }
            out[at] = n;
            kept = (kept + 1).min(k);
        }
        out.truncate(kept);
    }

    /// `f(atoms, scratch)` for consecutive chunks of atoms, in parallel, each with an empty
    /// scratch list to reuse; the results in chunk order.
    pub fn map_chunks<T: Send>(
        &self,
        f: impl Fn(std::ops::Range<usize>, &mut Vec<Neighbor>) -> T + Sync + Send,
    ) -> Vec<T> {
        let n = self.pos.len();
        parallel::map_range(n.div_ceil(CHUNK), |c| {
            f(c * CHUNK..((c + 1) * CHUNK).min(n), &mut Vec::new())
        })
    }

    /// `f(i, scratch)` for every atom i, in parallel, with a scratch list to reuse (emptied
    /// before each call); the results in atom order.
    pub fn map<T: Send>(&self, f: impl Fn(usize, &mut Vec<Neighbor>) -> T + Sync + Send) -> Vec<T> {
        let chunks = self.map_chunks(|atoms, scratch| {
            atoms
                .map(|i| {
                    scratch.clear();
                    f(i, scratch)
                })
                .collect::<Vec<T>>()
        });
        let mut out = Vec::with_capacity(self.pos.len());
        for c in chunks {
            out.extend(c);
        }
        out
    }
}

/// Appends the candidates `atoms` that lie within √`r2` of `p` (minimum image in `cell`), all but
/// atom `me`, to `out` with r² in `r` ([`NeighborSearch::unsorted`]'s inner loop: its own function
/// so that the browser build compiles it for speed, which a closure would not inherit).
#[inline(never)]
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn keep_within(
    out: &mut Vec<Neighbor>,
    atoms: &[u32],
    pos: &[[f64; 3]],
    p: [f64; 3],
    cell: Option<[f64; 3]>,
    r2: f64,
    me: usize,
) {
    out.reserve(atoms.len());
    let spare = &mut out.spare_capacity_mut()[..atoms.len()];
    let mut kept = 0;
    for &j in atoms {
        let mut d = v3(pos[j as usize]) - v3(p);
        if let Some(l) = cell {
            d = minimum_image(d, l);
        }
        let rr = d.length_squared();
        spare[kept].write(Neighbor {
            j,
            r: rr,
            d: d.to_array(),
        });
        kept += usize::from(rr < r2 && j as usize != me);
    }
    // SAFETY: the first `kept` spare entries were written just above.
    unsafe { out.set_len(out.len() + kept) };
}

/// The lists' order: by distance, then by index (a total order: no two entries of one list
/// share an index).
fn nearest_first(a: &Neighbor, b: &Neighbor) -> std::cmp::Ordering {
    a.r.total_cmp(&b.r).then(a.j.cmp(&b.j))
}

/// The typical bond length of `pos`, Å: the mean length of the first-shell bonds, i.e. of all
/// pairs closer than (1+√2)/2 times the median nearest-neighbour distance (the median alone is
/// biased low in a hot solid, where each atom's nearest neighbour is the closest of twelve
/// fluctuating ones), summed atom by atom, each atom's bonds nearest first. None for < 2 atoms
/// or atoms further apart than `max_radius`.
///
/// Cost: the lists within [`NEAREST_FIRST_RADIUS`] (past the first shell of every metal but the
/// alkalis: about 12 neighbours per atom, where the lists within 5 Å have 40), parallel over
/// atoms; a second search only for what lies beyond it (an atom with no neighbour there, a cut
/// farther out).
pub fn typical_bond_length(
    pos: &[[f64; 3]],
    cell: Option<[f64; 3]>,
    max_radius: f64,
) -> Result<Option<f64>> {
    let near = NeighborLists::build(pos, cell, NEAREST_FIRST_RADIUS.min(max_radius))?;
    // Each atom's nearest distance: its list's first; farther out for an atom with none.
    let mut far: Option<(NeighborSearch, Vec<Neighbor>)> = None;
    let mut d = Vec::with_capacity(pos.len());
    for i in 0..near.len() {
        match near.of(i).first() {
            Some(n) => d.push(n.r),
            None if NEAREST_FIRST_RADIUS < max_radius => {
                let (far, list) = match &mut far {
                    Some(f) => f,
                    None => far.insert((NeighborSearch::new(pos, cell, max_radius)?, Vec::new())),
                };
                far.nearest(i, 1, list);
                d.extend(list.first().map(|n| n.r));
            }
            None => {}
        }
    }
    if d.is_empty() {
        return Ok(None);
    }
    let mid = d.len() / 2;
    let median = kth_smallest(&mut d, mid);
    let cut = 0.5 * (1.0 + std::f64::consts::SQRT_2) * median;
    // The first shell's bonds, those of the lists within max_radius shorter than the cut: in the
    // near lists if the cut lies within their radius, else in lists just past the cut (a margin
    // past it, so that no rounding of √r² against r² can drop a bond).
    let reach = cut * (1.0 + 1e-9);
    let shell = if reach < near.radius {
        near
    } else {
        NeighborLists::build(pos, cell, reach.min(max_radius))?
    };
    let (sum, count) = (shell.list.iter())
        .filter(|n| n.r < cut)
        .fold((0.0, 0usize), |(s, c), n| (s + n.r, c + 1));
    Ok(Some(sum / count as f64))
}

/// The k-th smallest of `v` (0-based) in the order of `f64::total_cmp`, `v` reordered: what
/// `v.sort_by(f64::total_cmp)` puts at k. Quickselect with a median-of-three pivot and a
/// three-way partition (runs of equal values cost nothing more); a few lines of code where the
/// standard library's selection adds 2 kB to the browser's packages. Expected O(n); quadratic
/// only for contrived orders. Panics if k is out of range.
fn kth_smallest(v: &mut [f64], k: usize) -> f64 {
    use std::cmp::Ordering::{Equal, Greater, Less};
    assert!(k < v.len(), "rank {k} of {} values", v.len());
    let (mut lo, mut hi) = (0, v.len());
    loop {
        if hi - lo == 1 {
            return v[lo];
        }
        let (a, b, c) = (v[lo], v[lo + (hi - lo) / 2], v[hi - 1]);
        let pivot = if a.total_cmp(&b).is_lt() == b.total_cmp(&c).is_lt() {
            b
        } else if a.total_cmp(&b).is_lt() == a.total_cmp(&c).is_lt() {
            c
        } else {
            a
        };
        // v[lo..lt] < pivot, v[lt..i] = pivot, v[gt..hi] > pivot.
        let (mut lt, mut i, mut gt) = (lo, lo, hi);
        while i < gt {
            match v[i].total_cmp(&pivot) {
                Less => {
                    v.swap(lt, i);
                    lt += 1;
                    i += 1;
                }
                Greater => {
                    gt -= 1;
                    v.swap(i, gt);
                }
                Equal => i += 1,
            }
        }
        if k < lt {
            hi = lt;
        } else if k >= gt {
            lo = gt;
        } else {
            return pivot;
        }
    }
}

/// Radius of the first search for an atom's nearest neighbour and first shell, Å: past the
/// nearest-neighbour distance of every metal (2.2–3.2 Å; alkali metals excepted) and short
/// enough that its cells hold a few atoms each.
pub const NEAREST_FIRST_RADIUS: f64 = 3.5;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::rng::Rng;

    fn brute(pos: &[[f64; 3]], cell: Option<[f64; 3]>, r: f64, i: usize) -> Vec<(u32, f64)> {
        let mut v = Vec::new();
        for j in 0..pos.len() {
            if j == i {
                continue;
            }
            let mut d = v3(pos[j]) - v3(pos[i]);
            if let Some(l) = cell {
                d = minimum_image(d, l);
            }
            let rr = d.length();
            if rr < r {
                v.push((j as u32, rr));
            }
        }
        v.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        v
    }

    /// 400 random points in a 13 × 17 × 11 Å box (a tenth of them outside it, where a periodic
    /// search must wrap them).
    fn random_points(rng: &mut Rng) -> Vec<[f64; 3]> {
        (0..400)
            .map(|_| [13.0, 17.0, 11.0].map(|l| (rng.uniform() - 0.1) * l))
            .collect()
    }

    #[test]
    fn cell_lists_match_brute_force_open_and_periodic() {
        let mut rng = Rng::new(5, 0);
        for cell in [None, Some([13.0, 17.0, 11.0])] {
            let pos = random_points(&mut rng);
            let nl = NeighborLists::build(&pos, cell, 4.2).unwrap();
            for i in 0..pos.len() {
                let got: Vec<(u32, f64)> = nl.of(i).iter().map(|n| (n.j, n.r)).collect();
                let want = brute(&pos, cell, 4.2, i);
                assert_eq!(got.len(), want.len(), "atom {i} in {cell:?}");
                for (g, w) in got.iter().zip(&want) {
                    assert_eq!(g.0, w.0);
                    assert!((g.1 - w.1).abs() < 1e-12);
                }
            }
        }
    }

    /// Every query of a search gives the lists' neighbours: `unsorted` the same set, `sorted`
    /// the same list, `nearest(k)` its first k (bit for bit, as the analysis' results must not
    /// depend on which query found them).
    #[test]
    fn searches_agree_with_the_lists() {
        let mut rng = Rng::new(9, 0);
        for cell in [None, Some([13.0, 17.0, 11.0])] {
            let pos = random_points(&mut rng);
            let nl = NeighborLists::build(&pos, cell, 4.2).unwrap();
            let search = NeighborSearch::new(&pos, cell, 4.2).unwrap();
            let key = |n: &Neighbor| (n.j, n.r.to_bits(), n.d.map(f64::to_bits));
            let mut some_cut = false;
            for i in 0..pos.len() {
                let list: Vec<_> = nl.of(i).iter().map(key).collect();
                let mut out = Vec::new();
                search.sorted(i, &mut out);
                assert_eq!(out.iter().map(key).collect::<Vec<_>>(), list, "atom {i}");
                out.clear();
                search.unsorted(i, &mut out);
                let mut set: Vec<_> = out.iter().map(key).collect();
                set.sort();
                let mut want = list.clone();
                want.sort();
                assert_eq!(set, want, "atom {i}");
                for k in [0, 1, 3, 14] {
                    search.nearest(i, k, &mut out);
                    let first: Vec<_> = list.iter().take(k).cloned().collect();
                    assert_eq!(
                        out.iter().map(key).collect::<Vec<_>>(),
                        first,
                        "atom {i}, k {k}"
                    );
                    some_cut |= list.len() > k;
                }
            }
            assert!(some_cut, "some lists are longer than the nearest asked for");
            let got = search.map(|i, scratch| {
                search.sorted(i, scratch);
                scratch.len()
            });
            assert_eq!(
                got,
                (0..pos.len()).map(|i| nl.of(i).len()).collect::<Vec<_>>()
            );
        }
    }

    /// The k-th smallest is what a sort puts at k, for every k, on random values, runs of
    /// equal ones, sorted and reversed orders, signed zeros.
    #[test]
    fn kth_smallest_is_the_sorted_value() {
        let mut rng = Rng::new(2, 0);
        let random: Vec<f64> = (0..200).map(|_| rng.uniform() * 10.0).collect();
        let runs: Vec<f64> = (0..200).map(|_| (rng.uniform() * 4.0).floor()).collect();
        let up: Vec<f64> = (0..50).map(|i| i as f64).collect();
        let down: Vec<f64> = up.iter().rev().cloned().collect();
        for v in [
            random,
            runs,
            up,
            down,
            vec![2.5; 7],
            vec![0.0, -0.0, 1.0],
            vec![3.0],
        ] {
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            for k in 0..v.len() {
                let mut w = v.clone();
                assert_eq!(
                    kth_smallest(&mut w, k).to_bits(),
                    sorted[k].to_bits(),
                    "k {k}"
                );
            }
        }
    }

    /// The bond length as it was first written: every list within `max_radius` built and kept,
    /// the median of the lists' first distances, the sum over all of them in list order.
    fn bond_length_from_lists(
        pos: &[[f64; 3]],
        cell: Option<[f64; 3]>,
        max_radius: f64,
    ) -> Option<f64> {
        let nl = NeighborLists::build(pos, cell, max_radius).unwrap();
        let mut d: Vec<f64> = (0..nl.len())
            .filter_map(|i| nl.of(i).first().map(|n| n.r))
            .collect();
        if d.is_empty() {
            return None;
        }
        d.sort_by(f64::total_cmp);
        let cut = 0.5 * (1.0 + std::f64::consts::SQRT_2) * d[d.len() / 2];
        let (sum, count) = nl
            .list
            .iter()
            .filter(|n| n.r < cut)
            .fold((0.0, 0usize), |(s, c), n| (s + n.r, c + 1));
        Some(sum / count as f64)
    }

    /// The searches of typical_bond_length give the bits of the straightforward algorithm: a hot
    /// crystal (periodic), a hot cluster with stray atoms (some with no neighbour within the
    /// first search's radius), and a crystal whose cut lies beyond it (a second search).
    #[test]
    fn bond_length_is_the_bits_of_the_lists_algorithm() {
        let mut rng = Rng::new(21, 0);
        let mut hot = |a: f64, cells: i64| -> Vec<[f64; 3]> {
            crate::base::math::fcc_points([0; 3], [cells; 3], a)
                .map(|p| p.map(|x| x + 0.12 * rng.normal()))
                .collect()
        };
        let periodic = (hot(4.08, 4), Some([4.0 * 4.08; 3]));
        let mut stray = hot(4.08, 4);
        stray.extend([[40.0, 0.0, 0.0], [44.5, 0.0, 0.0], [0.0, 52.0, 0.0]]);
        let wide = hot(4.9, 4); // d = 3.46 Å: the cut 4.2 Å lies past NEAREST_FIRST_RADIUS
        for (pos, cell, max_radius) in [
            (periodic.0, periodic.1, 5.0),
            (stray, None, 5.0),
            (wide, None, 5.0),
            (hot(4.08, 3), None, 3.0),
        ] {
            let got = typical_bond_length(&pos, cell, max_radius).unwrap();
            let want = bond_length_from_lists(&pos, cell, max_radius);
            assert_eq!(
                got.map(f64::to_bits),
                want.map(f64::to_bits),
                "{got:?} vs {want:?}"
            );
        }
        assert_eq!(
            typical_bond_length(&[[0.0; 3], [9.0, 0.0, 0.0]], None, 5.0).unwrap(),
            None
        );
    }

    #[test]
    fn bond_length_of_a_crystal_and_of_a_thermally_displaced_one() {
        let mut pos: Vec<[f64; 3]> = crate::base::math::fcc_points([0; 3], [4; 3], 4.08).collect();
        let cell = [4.0 * 4.08; 3];
        let d = 4.08 / 2f64.sqrt();
        let b = typical_bond_length(&pos, Some(cell), 5.0).unwrap().unwrap();
        assert!((b - d).abs() < 1e-12);
        // Gaussian displacements of 0.1 Å per component (about Au at 900 K): the mean first-shell
        // distance stays within 1 % of d, while the median nearest-neighbour distance drops.
        let mut rng = Rng::new(3, 0);
        for p in pos.iter_mut() {
            for x in p.iter_mut() {
                *x += 0.1 * rng.normal();
            }
        }
        let b = typical_bond_length(&pos, Some(cell), 5.0).unwrap().unwrap();
        assert!((b / d - 1.0).abs() < 0.01, "{b}");
        let nl = NeighborLists::build(&pos, Some(cell), 5.0).unwrap();
        let mut nn: Vec<f64> = (0..nl.len()).map(|i| nl.of(i)[0].r).collect();
        nn.sort_by(f64::total_cmp);
        assert!(nn[nn.len() / 2] < 0.97 * d);
    }

    #[test]
    fn refuses_a_box_smaller_than_twice_the_radius() {
        let e = NeighborLists::build(&[[0.0; 3]], Some([5.0, 5.0, 5.0]), 3.0).unwrap_err();
        assert!(e.to_string().contains("twice the analysis radius"), "{e}");
    }
}
