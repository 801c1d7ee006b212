//! The one cell grid of the engine: a box cut into cells at least `size` wide, atoms binned per
//! cell (CSR, ascending atom index within a cell), and the atoms of the 27 cells around a point.
//! The Verlet lists ([`super::verlet`]) use it with open boundaries (ghost atoms stand for the
//! periodic images); the full lists of the analysis ([`super::full`]) also wrap around an
//! orthogonal periodic box.
//!
//! Cell counts are capped (the cell size is doubled until the grid has at most `max_cells`
//! cells), so a sparse or hand-edited absurd geometry cannot exhaust memory. Cost: O(N) to bin.

pub use crate::base::math::bounding_box;

/// A uniform grid of cells of edge ≥ `size` over a box.
#[derive(Clone, Debug)]
pub struct CellGrid {
    lo: [f64; 3],
    inv: [f64; 3],
    dims: [usize; 3],
    /// Box lengths of a periodic grid (positions are wrapped into `[0, L)`).
    wrap: Option<[f64; 3]>,
}

/// Atoms binned by cell (CSR, ascending atom index within a cell).
#[derive(Clone, Debug)]
pub struct Bins {
    start: Vec<u32>,
    atoms: Vec<u32>,
}

impl CellGrid {
    /// A grid over the box `[lo, hi]` with cells at least `size` wide and at most `max_cells`
    /// cells; points outside the box fall into the border cells.
    pub fn new(lo: [f64; 3], hi: [f64; 3], size: f64, max_cells: usize) -> CellGrid {
        let mut dims = [1usize; 3];
        let mut inv = [0.0; 3];
        let mut size = size;
        loop {
            for k in 0..3 {
                let ext = (hi[k] - lo[k]).max(0.0);
                dims[k] = ((ext / size).floor() as usize).max(1);
                inv[k] = dims[k] as f64 / ext.max(1e-300);
                if ext <= 0.0 {
                    inv[k] = 0.0;
                }
            }
            if dims[0] * dims[1] * dims[2] <= max_cells.max(1) {
                break;
            }
            size *= 2.0;
        }
        CellGrid {
            lo,
            inv,
            dims,
            wrap: None,
        }
    }

    /// A grid over the periodic box `[0, L)` (orthogonal, lengths `cell`): positions anywhere
    /// are wrapped into it, and the cells around one wrap across the box faces.
    pub fn periodic(cell: [f64; 3], size: f64, max_cells: usize) -> CellGrid {
        CellGrid {
            wrap: Some(cell),
            ..CellGrid::new([0.0; 3], cell, size, max_cells)
        }
    }

    /// Cells per axis.
    pub fn dims(&self) -> [usize; 3] {
        self.dims
    }

    #[inline]
    fn coords(&self, p: &[f64; 3]) -> [usize; 3] {
        let mut c = [0usize; 3];
        for k in 0..3 {
            let mut x = p[k] - self.lo[k];
            if let Some(l) = self.wrap {
                x = x.rem_euclid(l[k]);
            }
            let v = (x * self.inv[k]).max(0.0) as usize;
            c[k] = v.min(self.dims[k] - 1);
        }
        c
    }

    /// The cell of point p (x fastest).
    #[inline]
    pub fn cell_of(&self, p: &[f64; 3]) -> usize {
        let c = self.coords(p);
        (c[2] * self.dims[1] + c[1]) * self.dims[0] + c[0]
    }

    /// The points binned by cell.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn bin(&self, x: &[[f64; 3]]) -> Bins {
        let ncell = self.dims[0] * self.dims[1] * self.dims[2];
        let cells: Vec<u32> = x.iter().map(|p| self.cell_of(p) as u32).collect();
        let (start, atoms) = counting_sort(&cells, ncell);
        Bins { start, atoms }
    }

    /// Calls `f(j)` for every binned atom in the 27 cells around `p` (fewer at the edge of an
    /// open grid; each distinct cell once on a periodic grid narrower than three cells).
    #[inline]
    pub fn for_each_near(&self, bins: &Bins, p: &[f64; 3], mut f: impl FnMut(u32)) {
        self.for_each_cell_near(bins, p, |atoms| atoms.iter().for_each(|&j| f(j)));
    }

    /// Calls `f(atoms)` with the binned atoms of the 27 cells around `p`, a cell (or, on an open
    /// grid, a row of up to three adjacent cells) at a time, in the order of
    /// [`CellGrid::for_each_near`].
    #[inline]
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn for_each_cell_near(&self, bins: &Bins, p: &[f64; 3], mut f: impl FnMut(&[u32])) {
        let c = self.coords(p);
        if self.wrap.is_some() {
            let range = |k: usize| {
                let n = self.dims[k];
                let mut v = [(c[k] + n - 1) % n, c[k], (c[k] + 1) % n];
                v.sort_unstable();
                let len = if n >= 3 { 3 } else { n };
                let mut out = [0usize; 3];
                let mut m = 0;
                for x in v {
                    if m == 0 || out[m - 1] != x {
                        out[m] = x;
                        m += 1;
                    }
                }
                debug_assert_eq!(m, len);
                (out, m)
            };
            let ((zs, nz), (ys, ny), (xs, nx)) = (range(2), range(1), range(0));
            for &z in &zs[..nz] {
                for &y in &ys[..ny] {
                    for &x in &xs[..nx] {
                        let cell = (z * self.dims[1] + y) * self.dims[0] + x;
                        let (a, b) = (bins.start[cell] as usize, bins.start[cell + 1] as usize);
                        f(&bins.atoms[a..b]);
                    }
                }
            }
            return;
        }
        let range = |k: usize| c[k].saturating_sub(1)..=(c[k] + 1).min(self.dims[k] - 1);
        for z in range(2) {
            for y in range(1) {
                let row = (z * self.dims[1] + y) * self.dims[0];
                let xr = range(0);
                let a = bins.start[row + xr.start()] as usize;
                let b = bins.start[row + xr.end() + 1] as usize;
                f(&bins.atoms[a..b]);
            }
        }
    }
}

/// A stable counting sort of indices 0..keys.len() by their keys (each < `n_keys`): where each
/// key's run starts in the sorted order (`n_keys + 1` entries, the last the total), and the sorted
/// indices (ascending within a key). Cost O(n + n_keys).
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
pub fn counting_sort(keys: &[u32], n_keys: usize) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n_keys + 1];
    for &k in keys {
        start[k as usize + 1] += 1;
    }
    for k in 0..n_keys {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut order = vec![0u32; keys.len()];
    for (i, &k) in keys.iter().enumerate() {
        order[fill[k as usize] as usize] = i as u32;
        fill[k as usize] += 1;
    }
    (start, order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::math::{minimum_image, v3};
    use crate::base::rng::Rng;

    /// Every pair closer than the cell size is found from either end.
    fn check_grid(grid: &CellGrid, x: &[[f64; 3]], r: f64, cell: Option<[f64; 3]>) {
        let bins = grid.bin(x);
        for (i, p) in x.iter().enumerate() {
            let mut near = Vec::new();
            grid.for_each_near(&bins, p, |j| near.push(j as usize));
            let mut sorted = near.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), near.len(), "an atom visited twice");
            for (j, q) in x.iter().enumerate() {
                let mut d = v3(*q) - v3(*p);
                if let Some(l) = cell {
                    d = minimum_image(d, l);
                }
                if d.length_squared() < r * r {
                    assert!(near.contains(&j), "pair ({i}, {j}) missed");
                }
            }
        }
    }

    #[test]
    fn open_and_periodic_grids_find_every_close_pair() {
        let mut rng = Rng::new(2, 0);
        let x: Vec<[f64; 3]> = (0..300)
            .map(|_| [20.0, 9.0, 4.0].map(|l| (rng.uniform() - 0.2) * l))
            .collect();
        let (lo, hi) = bounding_box(&x);
        check_grid(&CellGrid::new(lo, hi, 3.0, 1 << 21), &x, 3.0, None);
        // A cap of 8 cells: fewer, larger cells, still every pair.
        let g = CellGrid::new(lo, hi, 3.0, 8);
        assert!(g.dims().iter().product::<usize>() <= 8);
        check_grid(&g, &x, 3.0, None);
        // Periodic: a 20 × 9 × 4 Å box (3 cells along y, 1 along z); points outside it wrap.
        let cell = [20.0, 9.0, 4.0];
        check_grid(&CellGrid::periodic(cell, 3.0, 1 << 21), &x, 3.0, Some(cell));
    }
}
