//! Mackay icosahedra: 20 slightly distorted fcc tetrahedra sharing a central atom, built shell by
//! shell. Shell k (k ≥ 1) is the surface of an icosahedron whose edges hold k + 1 atoms spaced
//! exactly `d` (the fcc nearest-neighbour distance a0/√2): its 12 vertices, k − 1 atoms inside each
//! of the 30 edges, and (k − 1)(k − 2)/2 inside each of the 20 triangular faces, at
//! `A + (i/k)(B − A) + (j/k)(C − A)`. Shell k holds 10k² + 2 atoms; the radial spacing between
//! shells is `d · sin(2π/5) = 0.951 d` (the Mackay strain). Closed icosahedra of K shells hold
//! `N = (10K³ + 15K² + 11K + 3)/3` = 13, 55, 147, 309, 561, … atoms (K = 1, 2, …).
//!
//! Orientation: vertices at the cyclic permutations of (0, ±1, ±φ), so three two-fold axes lie along
//! x, y and z.

use crate::base::math::{v3, DVec3};

/// The 12 vertices of an icosahedron of edge 2: cyclic permutations of (0, ±1, ±φ), φ = (1+√5)/2.
pub fn vertices() -> [DVec3; 12] {
    let phi = 0.5 * (1.0 + libm::sqrt(5.0));
    let mut v = [DVec3::ZERO; 12];
    let mut n = 0;
    for rot in 0..3 {
        for s1 in [-1.0, 1.0] {
            for s2 in [-1.0, 1.0] {
                let base = [0.0, s1, s2 * phi];
                v[n] = v3([0, 1, 2].map(|q| base[(q + 3 - rot) % 3]));
                n += 1;
            }
        }
    }
    v
}

/// Whether two vertices of [`vertices`] are joined by an edge (distance 2).
fn adjacent(v: &[DVec3; 12], i: usize, j: usize) -> bool {
    i != j && (v[i].distance(v[j]) - 2.0).abs() < 1e-9
}

/// The 30 edges, as vertex pairs (i < j).
pub fn edges(v: &[DVec3; 12]) -> Vec<[usize; 2]> {
    let mut out = Vec::with_capacity(30);
    for i in 0..12 {
        for j in i + 1..12 {
            if adjacent(v, i, j) {
                out.push([i, j]);
            }
        }
    }
    out
}

/// The 20 faces, as vertex triples (i < j < k) that are pairwise adjacent.
pub fn faces(v: &[DVec3; 12]) -> Vec<[usize; 3]> {
    let mut out = Vec::with_capacity(20);
    for [i, j] in edges(v) {
        for k in j + 1..12 {
            if adjacent(v, i, k) && adjacent(v, j, k) {
                out.push([i, j, k]);
            }
        }
    }
    out
}

/// `p + s (q − p) + t (r − p)`.
fn affine(p: DVec3, q: DVec3, r: DVec3, s: f64, t: f64) -> [f64; 3] {
    (p + (q - p) * s + (r - p) * t).to_array()
}

/// A Mackay icosahedron of `shells` shells around a central atom, nearest-neighbour distance d (Å):
/// the centre, then each shell's vertices, edge atoms and face atoms.
pub fn mackay(shells: usize, d: f64) -> Vec<[f64; 3]> {
    let v = vertices();
    let (e, f) = (edges(&v), faces(&v));
    let mut out = Vec::with_capacity(mackay_count(shells));
    out.push([0.0; 3]);
    for k in 1..=shells {
        // Raw vertices have edge 2; shell k has edge k·d.
        let w = v.map(|p| p * 0.5 * k as f64 * d);
        let kf = k as f64;
        out.extend(w.iter().map(|p| p.to_array()));
        for [a, b] in &e {
            for i in 1..k {
                out.push(affine(w[*a], w[*b], w[*b], i as f64 / kf, 0.0));
            }
        }
        for [a, b, c] in &f {
            for i in 1..k {
                for j in 1..(k - i) {
                    out.push(affine(w[*a], w[*b], w[*c], i as f64 / kf, j as f64 / kf));
                }
            }
        }
    }
    out
}

/// Atoms in a Mackay icosahedron of K shells: `(10K³ + 15K² + 11K + 3)/3`.
pub fn mackay_count(shells: usize) -> usize {
    let k = shells;
    (10 * k * k * k + 15 * k * k + 11 * k + 3) / 3
}

#[cfg(test)]
mod tests {
    fn distance(p: [f64; 3], q: [f64; 3]) -> f64 {
        v3(p).distance(v3(q))
    }
    use super::super::testutil::{maps_onto_itself, neighbour_counts};
    use super::*;

    const D: f64 = 2.885;

    /// Rotation by angle θ about the unit axis u (Rodrigues).
    fn rotate_about(u: DVec3, th: f64, p: [f64; 3]) -> [f64; 3] {
        let (c, s, p) = (libm::cos(th), libm::sin(th), v3(p));
        (p * c + u.cross(p) * s + u * u.dot(p) * (1.0 - c)).to_array()
    }

    #[test]
    fn magic_numbers_and_topology() {
        let v = vertices();
        assert_eq!((edges(&v).len(), faces(&v).len()), (30, 20));
        for (k, n) in [(0, 1), (1, 13), (2, 55), (3, 147), (4, 309), (5, 561)] {
            assert_eq!(mackay(k, D).len(), n);
            assert_eq!(mackay_count(k), n);
        }
    }

    #[test]
    fn five_fold_axis_through_a_vertex() {
        let pts = mackay(3, D);
        let v = vertices();
        let axis = v[0] / v[0].length();
        let th = 2.0 * std::f64::consts::PI / 5.0;
        let img: Vec<[f64; 3]> = pts.iter().map(|p| rotate_about(axis, th, *p)).collect();
        assert!(maps_onto_itself(&pts, &img, 1e-6));
        // A rotation by 36° is not a symmetry.
        let img: Vec<[f64; 3]> = pts
            .iter()
            .map(|p| rotate_about(axis, th / 2.0, *p))
            .collect();
        assert!(!maps_onto_itself(&pts, &img, 1e-6));
    }

    #[test]
    fn centre_has_twelve_neighbours_on_a_sphere_and_edges_are_d() {
        let pts = mackay(2, D);
        let r: Vec<f64> = pts[1..13].iter().map(|p| distance(*p, [0.0; 3])).collect();
        for x in &r {
            assert!((x - r[0]).abs() < 1e-9);
        }
        // Circumradius of an icosahedron of edge d is d·sin(2π/5).
        assert!((r[0] - D * libm::sin(0.4 * std::f64::consts::PI)).abs() < 1e-9);
        let close = pts[1..]
            .iter()
            .filter(|p| distance(**p, [0.0; 3]) < 1.2 * D)
            .count();
        assert_eq!(close, 12);
        // Along every edge of the outer shell consecutive atoms are exactly d apart.
        let v = vertices();
        let w = v.map(|p| p * D);
        for [a, b] in edges(&v) {
            assert!((w[a].distance(w[b]) - 2.0 * D).abs() < 1e-9);
        }
    }

    #[test]
    fn interior_atoms_are_twelve_coordinated() {
        let shells = 4;
        let pts = mackay(shells, D);
        let counts = neighbour_counts(&pts, 1.2 * D);
        // Shell of an atom, from the face normals: max_f n̂_f·p = k · d · (inradius of unit edge).
        let v = vertices();
        let normals: Vec<DVec3> = faces(&v)
            .iter()
            .map(|f| {
                let c = v[f[0]] + v[f[1]] + v[f[2]];
                c / c.length()
            })
            .collect();
        let inradius = normals
            .iter()
            .map(|n| n.dot(v[0]) * 0.5)
            .fold(f64::NEG_INFINITY, f64::max);
        for (p, &c) in pts.iter().zip(&counts) {
            let depth = normals
                .iter()
                .map(|n| n.dot(v3(*p)))
                .fold(f64::NEG_INFINITY, f64::max);
            let shell = (depth / (inradius * D)).round() as usize;
            assert!(c <= 12);
            if shell < shells {
                assert_eq!(c, 12, "shell {shell} atom {p:?}");
            }
        }
    }
}
