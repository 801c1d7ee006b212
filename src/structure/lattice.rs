//! Lattice geometry shared by the builders: fcc sites on an integer grid, rotations, and a periodic
//! fcc crystal.
//!
//! Fcc sites are integer triples `(i, j, k)` in units of `a/2`. The atom-centred lattice is the set
//! with `i + j + k` even (parity 0); the set with `i + j + k` odd (parity 1) is the same lattice
//! shifted by `(a/2, 0, 0)`, i.e. centred on an octahedral interstice. Polyhedra with an even number
//! of atoms along an edge are centred that way.

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

/// Rotation matrix for rotations about the lab x, then y, then z axes by the given angles
/// (degrees): `R = R_z(γ) · R_y(β) · R_x(α)`.
pub fn rotation_matrix(deg: [f64; 3]) -> [[f64; 3]; 3] {
    let r = deg.map(|d| d.to_radians());
    let (sx, cx) = (libm::sin(r[0]), libm::cos(r[0]));
    let (sy, cy) = (libm::sin(r[1]), libm::cos(r[1]));
    let (sz, cz) = (libm::sin(r[2]), libm::cos(r[2]));
    let rx = [[1.0, 0.0, 0.0], [0.0, cx, -sx], [0.0, sx, cx]];
    let ry = [[cy, 0.0, sy], [0.0, 1.0, 0.0], [-sy, 0.0, cy]];
    let rz = [[cz, -sz, 0.0], [sz, cz, 0.0], [0.0, 0.0, 1.0]];
    matmul(&rz, &matmul(&ry, &rx))
}

/// 3×3 matrix product `a · b`.
pub fn matmul(a: &[[f64; 3]; 3], b: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let mut c = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
        }
    }
    c
}

/// Matrix times vector, `m · v`.
pub fn apply(m: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2])
}

/// Dot product.
#[inline]
pub fn dot(u: [f64; 3], v: [f64; 3]) -> f64 {
    u[0] * v[0] + u[1] * v[1] + u[2] * v[2]
}

/// Euclidean distance between two points.
#[inline]
pub fn distance(p: [f64; 3], q: [f64; 3]) -> f64 {
    let d = [p[0] - q[0], p[1] - q[1], p[2] - q[2]];
    dot(d, d).sqrt()
}

/// Fcc nearest-neighbour distance `a/√2` (Å) for lattice constant a.
#[inline]
pub fn nearest_neighbour(a: f64) -> f64 {
    a / std::f64::consts::SQRT_2
}

/// The four sites of the conventional fcc cell, in units of the lattice constant.
pub const FCC_BASIS: [[f64; 3]; 4] = [
    [0.0, 0.0, 0.0],
    [0.5, 0.5, 0.0],
    [0.5, 0.0, 0.5],
    [0.0, 0.5, 0.5],
];

/// Fcc lattice points (Å) in a bulk orthogonal box: nx×ny×nz conventional cells of lattice
/// constant a, 4 atoms each (basis (0,0,0), (½,½,0), (½,0,½), (0,½,½)); returns the positions and the
/// box lengths `[nx a, ny a, nz a]`. For periodic (bulk) reference calculations.
pub fn fcc_bulk(a: f64, nx: usize, ny: usize, nz: usize) -> (Vec<[f64; 3]>, [f64; 3]) {
    let mut v = Vec::with_capacity(4 * nx * ny * nz);
    for i in 0..nx {
        for j in 0..ny {
            for k in 0..nz {
                for b in FCC_BASIS {
                    v.push([
                        (i as f64 + b[0]) * a,
                        (j as f64 + b[1]) * a,
                        (k as f64 + b[2]) * a,
                    ]);
                }
            }
        }
    }
    (v, [nx as f64 * a, ny as f64 * a, nz as f64 * a])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotations_are_orthonormal_and_compose_x_then_y_then_z() {
        let m = rotation_matrix([30.0, -45.0, 110.0]);
        let mt = [0, 1, 2].map(|i| [0, 1, 2].map(|j| m[j][i]));
        let id = matmul(&m, &mt);
        for i in 0..3 {
            for j in 0..3 {
                assert!((id[i][j] - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        // 90° about z sends x to y.
        let v = apply(&rotation_matrix([0.0, 0.0, 90.0]), [1.0, 0.0, 0.0]);
        assert!((v[1] - 1.0).abs() < 1e-12 && v[0].abs() < 1e-12);
        // x first, then y: 90° about x sends y to z, then 90° about y sends z to x.
        let w = apply(&rotation_matrix([90.0, 90.0, 0.0]), [0.0, 1.0, 0.0]);
        assert!((w[0] - 1.0).abs() < 1e-12 && w[1].abs() < 1e-12 && w[2].abs() < 1e-12);
    }

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
                .min_by(|x, y| dot(*x, *x).total_cmp(&dot(*y, *y)))
                .unwrap();
            let near: Vec<f64> = p
                .iter()
                .map(|q| distance(centre, *q))
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
