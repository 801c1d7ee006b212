//! Vector maths: glam's f64 types ([`DVec3`], [`DMat3`], [`DQuat`], built with glam's `libm`
//! feature so native and wasm32 agree bit for bit) are the one vector type of the geometry code
//! (builders, analysis, velocities). Positions in a [`crate::system::System`] and the force loops
//! stay `[f64; 3]` (the same memory layout; [`v3`] and `to_array` convert at no cost), with
//! [`dist2`] for the hot loops. glam's operations round exactly as the hand-written forms they
//! replaced (`a·b = a_x b_x + a_y b_y + a_z b_z` in that order, `M v = M_0 v_x + M_1 v_y + M_2 v_z`
//! column by column); where a glam convenience would round differently (`normalize` multiplies
//! by 1/|v|, `inverse` by 1/det) the functions here keep the division.
//!
//! Also: rotations from angles ([`rotation_matrix`]) and the points of an fcc lattice
//! ([`fcc_points`]).

pub use glam::{DMat3, DQuat, DVec3};

/// A glam vector from an array.
#[inline(always)]
pub fn v3(a: [f64; 3]) -> DVec3 {
    DVec3::from_array(a)
}

/// Squared distance |a − b|² of two points, Å² (for the hot loops on arrays).
#[inline(always)]
pub fn dist2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

/// Axis-aligned bounding box of points (a unit box at the origin for none).
pub fn bounding_box(x: &[[f64; 3]]) -> ([f64; 3], [f64; 3]) {
    if x.is_empty() {
        return ([0.0; 3], [1.0; 3]);
    }
    let mut lo = x[0];
    let mut hi = x[0];
    for p in x {
        for k in 0..3 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    (lo, hi)
}

/// The shortest image of a separation `d` in an orthogonal periodic box of lengths `cell`: each
/// component shifted by the whole number of box lengths that brings it within half a box,
/// `d_k − L_k · round(d_k / L_k)`.
#[inline]
pub fn minimum_image(mut d: DVec3, cell: [f64; 3]) -> DVec3 {
    for k in 0..3 {
        d[k] -= cell[k] * (d[k] / cell[k]).round();
    }
    d
}

/// v / |v| by division (glam's `normalize` multiplies by the reciprocal, which rounds otherwise);
/// None for a zero or non-finite vector.
pub fn unit(v: DVec3) -> Option<DVec3> {
    let n = v.length();
    (n.is_finite() && n > 0.0).then(|| v / n)
}

/// A matrix from its rows.
pub fn from_rows(r: [[f64; 3]; 3]) -> DMat3 {
    DMat3::from_cols_array_2d(&r).transpose()
}

/// The rows of a matrix.
pub fn to_rows(m: &DMat3) -> [[f64; 3]; 3] {
    m.transpose().to_cols_array_2d()
}

/// Rotation matrix for rotations about the lab x, then y, then z axes by the given angles
/// (degrees): `R = R_z(γ) · R_y(β) · R_x(α)`.
pub fn rotation_matrix(deg: [f64; 3]) -> DMat3 {
    let r = deg.map(|d| d.to_radians());
    let (sx, cx) = (libm::sin(r[0]), libm::cos(r[0]));
    let (sy, cy) = (libm::sin(r[1]), libm::cos(r[1]));
    let (sz, cz) = (libm::sin(r[2]), libm::cos(r[2]));
    let rx = from_rows([[1.0, 0.0, 0.0], [0.0, cx, -sx], [0.0, sx, cx]]);
    let ry = from_rows([[cy, 0.0, sy], [0.0, 1.0, 0.0], [-sy, 0.0, cy]]);
    let rz = from_rows([[cz, -sz, 0.0], [sz, cz, 0.0], [0.0, 0.0, 1.0]]);
    rz * (ry * rx)
}

/// Inverse of a 3×3 matrix by cofactors divided by the determinant, or None if (nearly)
/// singular: |det| ≤ 1e-12 · (largest |entry|)³.
pub fn inverse(m: &DMat3) -> Option<DMat3> {
    let m = to_rows(m);
    let c = |r: usize, s: usize| {
        let (r1, r2) = ((r + 1) % 3, (r + 2) % 3);
        let (s1, s2) = ((s + 1) % 3, (s + 2) % 3);
        m[r1][s1] * m[r2][s2] - m[r1][s2] * m[r2][s1]
    };
    let det = m[0][0] * c(0, 0) + m[0][1] * c(0, 1) + m[0][2] * c(0, 2);
    let scale = m.iter().flatten().map(|v| v.abs()).fold(0.0, f64::max);
    if det.abs() <= 1e-12 * scale * scale * scale {
        return None;
    }
    let mut inv = [[0.0; 3]; 3];
    for (a, row) in inv.iter_mut().enumerate() {
        for (b, v) in row.iter_mut().enumerate() {
            *v = c(b, a) / det;
        }
    }
    Some(from_rows(inv))
}

/// The four sites of the conventional fcc cell, in units of the lattice constant.
pub const FCC_BASIS: [[f64; 3]; 4] = [
    [0.0, 0.0, 0.0],
    [0.5, 0.5, 0.0],
    [0.5, 0.0, 0.5],
    [0.0, 0.5, 0.5],
];

/// The fcc lattice points `((i, j, k) + b) · a` (Å) of the conventional cells (i, j, k) with
/// `lo ≤ i, j, k < hi` (per axis), basis site b of [`FCC_BASIS`] innermost: in the order i, j,
/// k, b ascending.
pub fn fcc_points(lo: [i64; 3], hi: [i64; 3], a: f64) -> impl Iterator<Item = [f64; 3]> {
    (lo[0]..hi[0]).flat_map(move |i| {
        (lo[1]..hi[1]).flat_map(move |j| {
            (lo[2]..hi[2]).flat_map(move |k| {
                FCC_BASIS.iter().map(move |b| {
                    [
                        (i as f64 + b[0]) * a,
                        (j as f64 + b[1]) * a,
                        (k as f64 + b[2]) * a,
                    ]
                })
            })
        })
    })
}

/// The points of an fcc lattice (conventional cell a) with a point at `center`, within `radius`
/// of it (Å), in the order of [`fcc_points`].
pub fn fcc_ball(a: f64, center: [f64; 3], radius: f64) -> Vec<[f64; 3]> {
    let n = (radius / a).ceil() as i64 + 1;
    fcc_points([-n; 3], [n + 1; 3], a)
        .map(|p| [p[0] + center[0], p[1] + center[1], p[2] + center[2]])
        .filter(|p| dist2(p, &center) <= radius * radius)
        .collect()
}

/// Fcc nearest-neighbour distance a/√2 (Å) for lattice constant a.
#[inline]
pub fn nearest_neighbour(a: f64) -> f64 {
    a / std::f64::consts::SQRT_2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotations_are_orthonormal_and_compose_x_then_y_then_z() {
        let m = rotation_matrix([30.0, -45.0, 110.0]);
        let id = m * m.transpose();
        assert!(id.abs_diff_eq(DMat3::IDENTITY, 1e-12));
        // 90° about z sends x to y.
        let v = rotation_matrix([0.0, 0.0, 90.0]) * DVec3::X;
        assert!(v.abs_diff_eq(DVec3::Y, 1e-12));
        // x first, then y: 90° about x sends y to z, then 90° about y sends z to x.
        let w = rotation_matrix([90.0, 90.0, 0.0]) * DVec3::Y;
        assert!(w.abs_diff_eq(DVec3::X, 1e-12));
    }

    #[test]
    fn glam_products_round_as_the_written_out_sums() {
        let a = from_rows([[0.1, 0.7, -0.3], [1.0 / 3.0, 0.2, 0.9], [-0.6, 0.25, 0.4]]);
        let b = from_rows([[0.3, -0.2, 0.8], [0.5, 1.0 / 7.0, 0.1], [0.9, 0.6, -0.05]]);
        let (ra, rb, rc) = (to_rows(&a), to_rows(&b), to_rows(&(a * b)));
        let v = [0.37, -1.1, 2.0 / 3.0];
        let av = a * v3(v);
        for i in 0..3 {
            for j in 0..3 {
                let s = ra[i][0] * rb[0][j] + ra[i][1] * rb[1][j] + ra[i][2] * rb[2][j];
                assert_eq!(rc[i][j].to_bits(), s.to_bits());
            }
            let s = ra[i][0] * v[0] + ra[i][1] * v[1] + ra[i][2] * v[2];
            assert_eq!(av[i].to_bits(), s.to_bits());
        }
        let (p, q) = (v3(v), v3([0.2, 0.3, -0.7]));
        assert_eq!(p.dot(q), v[0] * 0.2 + v[1] * 0.3 + v[2] * -0.7);
        assert_eq!(dist2(&p.to_array(), &q.to_array()), p.distance_squared(q));
    }

    #[test]
    fn inverse_of_a_matrix_and_of_a_singular_one() {
        let m = from_rows([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 1.0]]);
        let inv = inverse(&m).unwrap();
        assert!((m * inv).abs_diff_eq(DMat3::IDENTITY, 1e-14));
        assert!(inverse(&from_rows([
            [1.0, 2.0, 3.0],
            [2.0, 4.0, 6.0],
            [0.0, 0.0, 1.0]
        ]))
        .is_none());
    }

    #[test]
    fn fcc_points_have_twelve_neighbours_at_a_over_root_two() {
        let a = 4.08;
        let p: Vec<[f64; 3]> = fcc_points([-2; 3], [2; 3], a).collect();
        assert_eq!(p.len(), 4 * 64);
        assert_eq!(p[0], [-2.0 * a, -2.0 * a, -2.0 * a]);
        assert_eq!(p[1], [-1.5 * a, -1.5 * a, -2.0 * a]);
        let near = p
            .iter()
            .filter(|q| {
                let d = dist2(q, &[0.0; 3]).sqrt();
                d > 1e-9 && d < 1.2 * nearest_neighbour(a)
            })
            .count();
        assert_eq!(near, 12);
    }
}
