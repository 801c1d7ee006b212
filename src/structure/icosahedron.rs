//! Mackay icosahedra, built shell by shell: shell k is the surface of an icosahedron whose edges
//! hold k + 1 atoms; the atoms of each triangular face are `A + (i/k)(B − A) + (j/k)(C − A)`.
//! Nearest neighbours along the edges are exactly `d` (the fcc nearest-neighbour distance), so
//! the radial spacing between shells is 0.951 d (the usual Mackay strain). Shell k holds
//! 10k² + 2 atoms; closed icosahedra have 1, 13, 55, 147, 309, 561, … atoms.

use std::collections::BTreeSet;

/// The 12 vertices of an icosahedron of circumradius 1 (a vertex on +z is not required).
pub fn unit_vertices() -> [[f64; 3]; 12] {
    let phi = 0.5 * (1.0 + libm::sqrt(5.0));
    let norm = libm::sqrt(1.0 + phi * phi);
    let (a, b) = (1.0 / norm, phi / norm);
    [
        [-a, b, 0.0],
        [a, b, 0.0],
        [-a, -b, 0.0],
        [a, -b, 0.0],
        [0.0, -a, b],
        [0.0, a, b],
        [0.0, -a, -b],
        [0.0, a, -b],
        [b, 0.0, -a],
        [b, 0.0, a],
        [-b, 0.0, -a],
        [-b, 0.0, a],
    ]
}

/// The 20 faces, as vertex triples: the triples whose three edges are all of minimal length.
pub fn faces(v: &[[f64; 3]; 12]) -> Vec<[usize; 3]> {
    let d2 =
        |p: &[f64; 3], q: &[f64; 3]| (0..3).map(|k| (p[k] - q[k]) * (p[k] - q[k])).sum::<f64>();
    let edge2 = (1..12)
        .map(|j| d2(&v[0], &v[j]))
        .fold(f64::INFINITY, f64::min);
    let near = |i: usize, j: usize| (d2(&v[i], &v[j]) - edge2).abs() < 1e-9;
    let mut out = Vec::new();
    for i in 0..12 {
        for j in i + 1..12 {
            for k in j + 1..12 {
                if near(i, j) && near(j, k) && near(i, k) {
                    out.push([i, j, k]);
                }
            }
        }
    }
    out
}

/// Edge length of the icosahedron of circumradius 1: 1/sin(2π/5) = 1.0515.
pub fn edge_over_radius() -> f64 {
    1.0 / libm::sin(2.0 * std::f64::consts::PI / 5.0)
}

/// A Mackay icosahedron of `shells` shells around a central atom, nearest-neighbour distance d (Å).
pub fn mackay(shells: usize, d: f64) -> Vec<[f64; 3]> {
    let v = unit_vertices();
    let f = faces(&v);
    let mut out = vec![[0.0; 3]];
    for k in 1..=shells {
        // Edge of shell k is k·d, so its circumradius is k·d / edge_over_radius.
        let radius = k as f64 * d / edge_over_radius();
        let mut seen = BTreeSet::new();
        for face in &f {
            let [a, b, c] = face.map(|i| v[i].map(|x| x * radius));
            for i in 0..=k {
                for j in 0..=(k - i) {
                    let (s, t) = (i as f64 / k as f64, j as f64 / k as f64);
                    let p = [0, 1, 2].map(|q| a[q] + s * (b[q] - a[q]) + t * (c[q] - a[q]));
                    // Points shared by faces appear several times: keep the first (rounded key).
                    let key = p.map(|x| (x * 1e6).round() as i64);
                    if seen.insert(key) {
                        out.push(p);
                    }
                }
            }
        }
    }
    out
}

/// Atoms in a Mackay icosahedron of `shells` shells: (10K³ + 15K² + 11K + 3)/3.
pub fn mackay_count(shells: usize) -> usize {
    let k = shells;
    (10 * k * k * k + 15 * k * k + 11 * k + 3) / 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_and_shell_counts() {
        for (k, n) in [(0, 1), (1, 13), (2, 55), (3, 147), (4, 309), (5, 561)] {
            assert_eq!(mackay(k, 2.885).len(), n);
            assert_eq!(mackay_count(k), n);
        }
        assert_eq!(faces(&unit_vertices()).len(), 20);
    }

    #[test]
    fn five_fold_symmetry_about_a_vertex() {
        let d = 2.885;
        let pts = mackay(3, d);
        let axis = unit_vertices()[0];
        // Rotate by 72° about the vertex axis (Rodrigues) and check the set maps onto itself.
        let th = 2.0 * std::f64::consts::PI / 5.0;
        let (c, s) = (libm::cos(th), libm::sin(th));
        let rot = |p: [f64; 3]| {
            let kxp = [
                axis[1] * p[2] - axis[2] * p[1],
                axis[2] * p[0] - axis[0] * p[2],
                axis[0] * p[1] - axis[1] * p[0],
            ];
            let kdp = axis[0] * p[0] + axis[1] * p[1] + axis[2] * p[2];
            [0, 1, 2].map(|q| p[q] * c + kxp[q] * s + axis[q] * kdp * (1.0 - c))
        };
        for p in &pts {
            let r = rot(*p);
            let best = pts
                .iter()
                .map(|q| (0..3).map(|k| (q[k] - r[k]).powi(2)).sum::<f64>())
                .fold(f64::INFINITY, f64::min);
            assert!(best.sqrt() < 1e-6, "no image for {p:?}");
        }
    }

    #[test]
    fn centre_has_twelve_neighbours_on_a_sphere() {
        let d = 2.885;
        let pts = mackay(2, d);
        let r: Vec<f64> = pts[1..13]
            .iter()
            .map(|p| (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt())
            .collect();
        for x in &r {
            assert!((x - r[0]).abs() < 1e-9);
        }
        let close = pts[1..]
            .iter()
            .filter(|p| (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt() < 1.2 * d)
            .count();
        assert_eq!(close, 12);
    }
}
