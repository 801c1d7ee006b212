//! Small dense linear algebra for the analysis: symmetric eigenproblems (cyclic Jacobi) and the
//! best-fit rotation between two point sets (Horn's quaternion method), on glam's types.

use crate::base::math::{from_rows, DMat3, DQuat, DVec3};

/// Eigenvalues (descending) and unit eigenvectors (`vectors[k]` belongs to `values[k]`) of a
/// symmetric N×N matrix, by cyclic Jacobi rotations. Deterministic; cost O(N³) per sweep.
pub fn symmetric_eigen<const N: usize>(mut a: [[f64; N]; N]) -> ([f64; N], [[f64; N]; N]) {
    let mut v = [[0.0; N]; N];
    for (k, row) in v.iter_mut().enumerate() {
        row[k] = 1.0;
    }
    for _sweep in 0..64 {
        let off: f64 = (0..N)
            .flat_map(|p| (p + 1..N).map(move |q| (p, q)))
            .map(|(p, q)| a[p][q] * a[p][q])
            .sum();
        let scale: f64 = (0..N).map(|p| a[p][p] * a[p][p]).sum::<f64>() + off;
        if off <= 1e-30 * scale || off == 0.0 {
            break;
        }
        for p in 0..N {
            for q in p + 1..N {
                if a[p][q] == 0.0 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..N {
                    let (akp, akq) = (a[k][p], a[k][q]);
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for k in 0..N {
                    let (apk, aqk) = (a[p][k], a[q][k]);
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
                for row in v.iter_mut() {
                    let (vp, vq) = (row[p], row[q]);
                    row[p] = c * vp - s * vq;
                    row[q] = s * vp + c * vq;
                }
            }
        }
    }
    let mut idx: Vec<usize> = (0..N).collect();
    idx.sort_by(|&x, &y| a[y][y].total_cmp(&a[x][x]));
    let mut values = [0.0; N];
    let mut vectors = [[0.0; N]; N];
    for (k, &i) in idx.iter().enumerate() {
        values[k] = a[i][i];
        for r in 0..N {
            vectors[k][r] = v[r][i];
        }
    }
    (values, vectors)
}

/// The rotation R that best maps the centred points `a` onto the centred points `b` (minimises
/// Σ w |R aᵢ − bᵢ|²), by Horn's quaternion method: the quaternion is the eigenvector of the
/// largest eigenvalue of a 4×4 matrix built from the correlation Σ w aᵢ bᵢᵀ. O(n).
pub fn best_rotation(a: &[DVec3], b: &[DVec3]) -> DMat3 {
    let mut s = [[0.0; 3]; 3];
    for (p, q) in a.iter().zip(b) {
        for i in 0..3 {
            for j in 0..3 {
                s[i][j] += p[i] * q[j];
            }
        }
    }
    let [[sxx, sxy, sxz], [syx, syy, syz], [szx, szy, szz]] = s;
    let k = [
        [sxx + syy + szz, syz - szy, szx - sxz, sxy - syx],
        [syz - szy, sxx - syy - szz, sxy + syx, szx + sxz],
        [szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy],
        [sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz],
    ];
    let (_, vecs) = symmetric_eigen(k);
    let [w, x, y, z] = vecs[0];
    quaternion_matrix(DQuat::from_xyzw(x, y, z, w))
}

/// Rotation matrix of the quaternion q (normalised here: `|q|² = w² + x² + y² + z²` in that
/// order, then each component divided by |q|).
pub fn quaternion_matrix(q: DQuat) -> DMat3 {
    let c = [q.w, q.x, q.y, q.z];
    let n = (c.iter().map(|v| v * v).sum::<f64>()).sqrt();
    let [w, x, y, z] = c.map(|v| v / n);
    from_rows([
        [
            w * w + x * x - y * y - z * z,
            2.0 * (x * y - w * z),
            2.0 * (x * z + w * y),
        ],
        [
            2.0 * (x * y + w * z),
            w * w - x * x + y * y - z * z,
            2.0 * (y * z - w * x),
        ],
        [
            2.0 * (x * z - w * y),
            2.0 * (y * z + w * x),
            w * w - x * x - y * y + z * z,
        ],
    ])
}

/// The unit quaternion of a rotation by `deg` degrees about `axis` (any length).
pub fn axis_angle(axis: DVec3, deg: f64) -> DQuat {
    let h = (deg / 2.0).to_radians();
    let u = axis / axis.length();
    DQuat::from_xyzw(u.x * h.sin(), u.y * h.sin(), u.z * h.sin(), h.cos())
}

/// Rotation angle of a rotation matrix, degrees (0 to 180): `acos((tr R − 1)/2)`.
pub fn rotation_angle_deg(r: &DMat3) -> f64 {
    let c = ((r.x_axis.x + r.y_axis.y + r.z_axis.z - 1.0) / 2.0).clamp(-1.0, 1.0);
    libm::acos(c).to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_diagonalises_a_symmetric_matrix() {
        let a = [[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 1.0]];
        let (vals, vecs) = symmetric_eigen(a);
        assert!(vals[0] >= vals[1] && vals[1] >= vals[2]);
        for k in 0..3 {
            let av = [0, 1, 2].map(|i| (0..3).map(|j| a[i][j] * vecs[k][j]).sum::<f64>());
            for i in 0..3 {
                assert!((av[i] - vals[k] * vecs[k][i]).abs() < 1e-12);
            }
        }
        assert!((vals.iter().sum::<f64>() - 8.0).abs() < 1e-12);
    }

    #[test]
    fn best_rotation_recovers_a_known_rotation() {
        let r = quaternion_matrix(axis_angle(DVec3::new(1.0, 2.0, -0.5), 37.0));
        let a: Vec<DVec3> = vec![
            DVec3::new(1.0, 0.0, 0.0),
            DVec3::new(0.0, 2.0, 0.0),
            DVec3::new(0.0, 0.0, 3.0),
            DVec3::new(-1.0, -2.0, -3.0),
        ];
        let b: Vec<DVec3> = a.iter().map(|p| r * *p).collect();
        let got = best_rotation(&a, &b);
        assert!(got.abs_diff_eq(r, 1e-10));
        assert!((rotation_angle_deg(&got) - 37.0).abs() < 1e-8);
    }
}
