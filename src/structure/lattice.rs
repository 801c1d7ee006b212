//! Lattice geometry shared by the builders: fcc sites, rotations, and a periodic fcc crystal.

/// Fcc sites in units of a/2: integer triples (i, j, k) with i + j + k even. Returns the sites
/// with |i|,|j|,|k| ≤ `reach` that `keep` accepts, scaled by a/2 (Å).
pub fn fcc_sites(a: f64, reach: i64, keep: impl Fn(i64, i64, i64) -> bool) -> Vec<[f64; 3]> {
    let h = 0.5 * a;
    let mut out = Vec::new();
    for i in -reach..=reach {
        for j in -reach..=reach {
            for k in -reach..=reach {
                if (i + j + k).rem_euclid(2) == 0 && keep(i, j, k) {
                    out.push([i as f64 * h, j as f64 * h, k as f64 * h]);
                }
            }
        }
    }
    out
}

/// Number of fcc sites (in a/2 units, |i|,|j|,|k| ≤ reach) that `keep` accepts.
pub fn count_fcc_sites(reach: i64, keep: impl Fn(i64, i64, i64) -> bool) -> usize {
    let mut n = 0;
    for i in -reach..=reach {
        for j in -reach..=reach {
            for k in -reach..=reach {
                if (i + j + k).rem_euclid(2) == 0 && keep(i, j, k) {
                    n += 1;
                }
            }
        }
    }
    n
}

/// Rotation matrix for rotations about the lab x, then y, then z axes by the given angles
/// (degrees): R = R_z · R_y · R_x.
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

/// 3×3 matrix product.
pub fn matmul(a: &[[f64; 3]; 3], b: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let mut c = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
        }
    }
    c
}

/// Matrix times vector.
pub fn apply(m: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2])
}

/// Fcc lattice points (Å) in a bulk orthogonal box: nx×ny×nz conventional cells of lattice
/// constant a, 4 atoms each; returns positions and the box lengths. For periodic references.
pub fn fcc_bulk(a: f64, nx: usize, ny: usize, nz: usize) -> (Vec<[f64; 3]>, [f64; 3]) {
    let basis = [
        [0.0, 0.0, 0.0],
        [0.5, 0.5, 0.0],
        [0.5, 0.0, 0.5],
        [0.0, 0.5, 0.5],
    ];
    let mut v = Vec::with_capacity(4 * nx * ny * nz);
    for i in 0..nx {
        for j in 0..ny {
            for k in 0..nz {
                for b in basis {
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
    fn rotations_are_orthonormal_and_compose_in_order() {
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
    }

    #[test]
    fn bulk_fcc_has_twelve_neighbours_at_the_nearest_distance() {
        let a = 4.08;
        let (pos, l) = fcc_bulk(a, 3, 3, 3);
        assert_eq!(pos.len(), 108);
        let dnn = a / std::f64::consts::SQRT_2;
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
                if d > 1e-9 && d < 1.1 * dnn {
                    assert!((d - dnn).abs() < 1e-9);
                    n += 1;
                }
            }
            assert_eq!(n, 12);
        }
    }
}
