//! Lattice geometry shared by the builders: fcc sites on an integer grid and a periodic fcc
//! crystal (rotations and the fcc basis are in [`crate::base::math`]).
//!
//! Fcc sites are integer triples `(i, j, k)` in units of `a/2`. The atom-centred lattice is the set
//! with `i + j + k` even (parity 0); the set with `i + j + k` odd (parity 1) is the same lattice
//! shifted by `(a/2, 0, 0)`, i.e. centred on an octahedral interstice. Polyhedra with an even number
//! of atoms along an edge are centred that way.

use crate::base::math::fcc_points;

/// An fcc site in units of a/2.
pub type Site = [i64; 3];

/// Whether `(i, j, k)` belongs to the fcc sublattice of the given parity (0 or 1).
#[inline]
pub fn on_lattice(s: Site, parity: i64) -> bool {
    (s[0] + s[1] + s[2] - parity).rem_euclid(2) == 0
}

/// Sites with |i|, |j|, |k| ≤ `reach` on the sublattice of `parity` that `keep` accepts, in the
/// fixed order i, then j, then k ascending.
pub fn sites_where(reach: i64, parity: i64, keep: impl Fn(Site) -> bool) -> Vec<Site> {
    let mut out = Vec::new();
    for i in -reach..=reach {
        for j in -reach..=reach {
            for k in -reach..=reach {
                let s = [i, j, k];
                if on_lattice(s, parity) && keep(s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// Number of integers k in [−kmax, kmax] with k ≡ q (mod 2); 0 if kmax < 0.
pub fn count_with_parity(kmax: i64, q: i64) -> usize {
    if kmax < 0 {
        return 0;
    }
    if q.rem_euclid(2) == 0 {
        (2 * (kmax / 2) + 1) as usize
    } else {
        (2 * ((kmax + 1) / 2)) as usize
    }
}

/// Sites (units of a/2) scaled to Å: `(i, j, k) · a/2`.
pub fn to_angstrom(sites: &[Site], a: f64) -> Vec<[f64; 3]> {
    let h = 0.5 * a;
    sites.iter().map(|s| s.map(|x| x as f64 * h)).collect()
}

/// Fcc lattice points (Å) in a bulk orthogonal box: nx×ny×nz conventional cells of lattice
/// constant a, 4 atoms each (basis (0,0,0), (½,½,0), (½,0,½), (0,½,½)); returns the positions and the
/// box lengths `[nx a, ny a, nz a]`. For periodic (bulk) reference calculations.
pub fn fcc_bulk(a: f64, nx: usize, ny: usize, nz: usize) -> (Vec<[f64; 3]>, [f64; 3]) {
    let hi = [nx as i64, ny as i64, nz as i64];
    (
        fcc_points([0; 3], hi, a).collect(),
        [nx as f64 * a, ny as f64 * a, nz as f64 * a],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::math::{nearest_neighbour, v3};

    #[test]
    fn parity_counts_match_enumeration() {
        for kmax in -1..7 {
            for q in 0..2 {
                let n = (-kmax..=kmax).filter(|k| (k - q) % 2 == 0).count();
                assert_eq!(count_with_parity(kmax, q), n, "kmax {kmax} q {q}");
            }
        }
    }

    #[test]
    fn both_sublattices_are_fcc_with_twelve_neighbours_at_a_over_root_two() {
        for parity in 0..2 {
            let s = sites_where(3, parity, |_| true);
            let p = to_angstrom(&s, 4.0);
            let centre = p
                .iter()
                .copied()
                .min_by(|x, y| v3(*x).length_squared().total_cmp(&v3(*y).length_squared()))
                .unwrap();
            let near: Vec<f64> = p
                .iter()
                .map(|q| v3(centre).distance(v3(*q)))
                .filter(|&d| d > 1e-9 && d < 1.2 * nearest_neighbour(4.0))
                .collect();
            assert_eq!(near.len(), 12);
            assert!(near
                .iter()
                .all(|d| (d - nearest_neighbour(4.0)).abs() < 1e-12));
        }
    }

    #[test]
    fn bulk_fcc_has_twelve_neighbours_at_the_nearest_distance() {
        let a = 4.08;
        for (nx, ny, nz) in [(3, 3, 3), (3, 4, 5)] {
            let (pos, l) = fcc_bulk(a, nx, ny, nz);
            assert_eq!(pos.len(), 4 * nx * ny * nz);
            assert_eq!(l, [nx as f64 * a, ny as f64 * a, nz as f64 * a]);
            let dnn = nearest_neighbour(a);
            for p in &pos {
                let mut n = 0;
                for q in &pos {
                    let d: f64 = (0..3)
                        .map(|k| {
                            let mut x = q[k] - p[k];
                            x -= l[k] * (x / l[k]).round();
                            x * x
                        })
                        .sum::<f64>()
                        .sqrt();
                    assert!(d < 1e-9 || d > dnn - 1e-9, "atoms closer than a/√2");
                    if d > 1e-9 && d < 1.1 * dnn {
                        assert!((d - dnn).abs() < 1e-9);
                        n += 1;
                    }
                }
                assert_eq!(n, 12);
            }
        }
    }
}
