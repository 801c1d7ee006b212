//! Decahedra: five fcc tetrahedra sharing a five-fold axis (z), twinned on the five {111} planes that
//! contain the axis.
//!
//! Parameters follow the (m, n, p) convention of Baletto & Ferrando, Rev. Mod. Phys. 77, 371 (2005):
//! - `m`: atoms along the edge of each {100} side facet perpendicular to the five-fold axis,
//! - `n`: atoms along the edge of each {100} side facet parallel to the axis (n = 1: no visible
//!   {100} facets),
//! - `p`: depth of the Marks re-entrance at the five twin boundaries; p = 1 means none.
//!
//! So (m, 1, 1) is the regular (Mackay) decahedron with m atoms per edge (7, 23, 54, 105, 181, …),
//! (m, n, 1) the Ino decahedron, and p ≥ 2 the Marks decahedron (e.g. (2,2,2) = 75, (2,3,2) = 101,
//! (3,2,2) = 146 atoms).
//!
//! Construction. Let r = p − 1. Start from the regular decahedron of order `K = m + n + 2r − 2`
//! (K + 1 atoms along the axis): apexes at z = ±K d/2 and five equatorial vertices `E_i` at radius
//! `K d √3/2`, azimuth 72°·i, so every edge touching the axis has length K d and the equatorial
//! edges are stretched by 2 sin 36° · √3/2 = 1.018 (the usual strain that closes the 7.35° gap
//! between five ideal tetrahedra). Tetrahedron i holds the sites with integer barycentric weights
//! (a on the top apex, b on `E_i`, c on `E_{i+1}`, the rest on the bottom apex), at
//! `xy = (d√3/2)(b û_i + c û_{i+1})`, `z = d (a + (b + c)/2 − K/2)`. It keeps the sites with
//! - `b + c ≤ m + 2r − 1`: the {100} facet (Ino truncation of the equatorial edges), whose outer
//!   layer is n atoms tall,
//! - `b ≤ m + r − 1` and `c ≤ m + r − 1`: the Marks notch, bounded by {111} planes parallel to the
//!   tetrahedron's other twin plane, cutting r layers back from each twin boundary; the {100} facet
//!   is then m atoms wide.
//!
//! Each twin plane is generated once (tetrahedron i keeps c ≥ 1, so it owns the plane b = 0 shared
//! with its neighbour) and the axis separately, so no floating-point de-duplication is needed.
//! Atom count: `N = (K + 1) + 5 Σ_{b, c} (K − b − c + 1)` over the kept (b, c ≥ 1) pairs.

/// Decahedron shell parameters (m, n, p); see the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecaParams {
    /// Atoms along the {100} facet edge perpendicular to the five-fold axis (≥ 1).
    pub m: usize,
    /// Atoms along the {100} facet edge parallel to the axis (≥ 1).
    pub n: usize,
    /// Marks re-entrance depth (≥ 1; 1 = none, i.e. Ino).
    pub p: usize,
}

impl DecaParams {
    /// Notch depth r = p − 1.
    fn notch(&self) -> i64 {
        self.p.max(1) as i64 - 1
    }

    /// Order K = m + n + 2r − 2 of the uncut decahedron (K + 1 atoms on the axis).
    pub fn order(&self) -> i64 {
        self.m.max(1) as i64 + self.n.max(1) as i64 + 2 * self.notch() - 2
    }

    /// Outermost {100} layer kept: b + c ≤ m + 2r − 1.
    fn facet_layer(&self) -> i64 {
        self.m.max(1) as i64 + 2 * self.notch() - 1
    }

    /// Marks bound: b, c ≤ m + r − 1.
    fn notch_bound(&self) -> i64 {
        self.m.max(1) as i64 + self.notch() - 1
    }

    /// The kept (b, c) pairs of one tetrahedron (c ≥ 1), in order b, then c.
    fn kept_pairs(&self) -> impl Iterator<Item = (i64, i64)> {
        let (g, s) = (self.notch_bound(), self.facet_layer());
        (0..=g).flat_map(move |b| (1..=g).filter(move |&c| b + c <= s).map(move |c| (b, c)))
    }
}

/// Atoms in the (m, n, p) decahedron: `(K + 1) + 5 Σ (K − b − c + 1)`.
pub fn decahedron_count(p: DecaParams) -> usize {
    let k = p.order();
    let per_unit: i64 = p.kept_pairs().map(|(b, c)| k - b - c + 1).sum();
    (k + 1 + 5 * per_unit) as usize
}

/// The unit vectors û_i = (cos 72°i, sin 72°i) towards the equatorial vertices.
fn equatorial_directions() -> [[f64; 2]; 5] {
    [0, 1, 2, 3, 4].map(|i| {
        let phi = 0.4 * std::f64::consts::PI * i as f64;
        [libm::cos(phi), libm::sin(phi)]
    })
}

/// Builds the (m, n, p) decahedron with nearest-neighbour distance d (Å), five-fold axis along z,
/// centred at the origin: the axis atoms bottom to top, then tetrahedron 0..5.
pub fn decahedron(p: DecaParams, d: f64) -> Vec<[f64; 3]> {
    let k = p.order();
    let u = equatorial_directions();
    let w = 0.5 * libm::sqrt(3.0) * d;
    let z = |a: i64, bc: i64| d * (a as f64 + 0.5 * bc as f64 - 0.5 * k as f64);
    let mut out = Vec::with_capacity(decahedron_count(p));
    for a in 0..=k {
        out.push([0.0, 0.0, z(a, 0)]);
    }
    for i in 0..5 {
        let (u1, u2) = (u[i], u[(i + 1) % 5]);
        for (b, c) in p.kept_pairs() {
            let (bf, cf) = (b as f64, c as f64);
            let xy = [w * (bf * u1[0] + cf * u2[0]), w * (bf * u1[1] + cf * u2[1])];
            for a in 0..=(k - b - c) {
                out.push([xy[0], xy[1], z(a, b + c)]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    fn distance(p: [f64; 3], q: [f64; 3]) -> f64 {
        crate::base::math::v3(p).distance(crate::base::math::v3(q))
    }
    use super::super::testutil::{maps_onto_itself, min_distance, neighbour_counts};
    use super::*;

    const D: f64 = 2.885;

    fn deca(m: usize, n: usize, p: usize) -> Vec<[f64; 3]> {
        decahedron(DecaParams { m, n, p }, D)
    }

    #[test]
    fn regular_decahedral_numbers() {
        // Centred pentagonal bipyramids: 7, 23, 54, 105, 181.
        let counts: Vec<usize> = (2..=6).map(|m| deca(m, 1, 1).len()).collect();
        assert_eq!(counts, vec![7, 23, 54, 105, 181]);
    }

    #[test]
    fn ino_and_marks_numbers() {
        // Ino decahedra with m = n share the icosahedral closed-shell numbers.
        let ino: Vec<usize> = (2..=5).map(|m| deca(m, m, 1).len()).collect();
        assert_eq!(ino, vec![13, 55, 147, 309]);
        // The classic Marks decahedra.
        assert_eq!(deca(2, 2, 2).len(), 75);
        assert_eq!(deca(2, 3, 2).len(), 101);
        assert_eq!(deca(3, 2, 2).len(), 146);
        for m in 1..6 {
            for n in 1..5 {
                for p in 1..4 {
                    let prm = DecaParams { m, n, p };
                    assert_eq!(decahedron(prm, D).len(), decahedron_count(prm));
                }
            }
        }
    }

    #[test]
    fn sound_geometry_and_symmetry() {
        for (m, n, p) in [(3, 3, 1), (4, 2, 1), (3, 3, 2), (4, 4, 3)] {
            let pts = deca(m, n, p);
            assert!(min_distance(&pts) > 0.999 * D, "({m},{n},{p})");
            let counts = neighbour_counts(&pts, 1.2 * D);
            assert!(counts.iter().all(|&c| c <= 12));
            // Axis atoms other than the two apexes are 12-coordinated.
            let k = DecaParams { m, n, p }.order() as usize;
            for i in 1..k {
                assert_eq!(counts[i], 12, "axis atom {i} of ({m},{n},{p})");
            }
            // Five-fold rotation about z, mirror z → −z, and mirror in the twin plane y = 0.
            let (c, s) = (
                libm::cos(0.4 * std::f64::consts::PI),
                libm::sin(0.4 * std::f64::consts::PI),
            );
            let rot: Vec<_> = pts
                .iter()
                .map(|q| [c * q[0] - s * q[1], s * q[0] + c * q[1], q[2]])
                .collect();
            let mz: Vec<_> = pts.iter().map(|q| [q[0], q[1], -q[2]]).collect();
            let my: Vec<_> = pts.iter().map(|q| [q[0], -q[1], q[2]]).collect();
            for img in [rot, mz, my] {
                assert!(maps_onto_itself(&pts, &img, 1e-6), "({m},{n},{p})");
            }
        }
    }

    #[test]
    fn side_facets_are_m_by_n_and_marks_has_notches() {
        for (m, n, p) in [(3, 2, 1), (4, 3, 1), (3, 2, 2), (4, 3, 3)] {
            let pts = deca(m, n, p);
            // Facet normal between û_0 and û_1: azimuth 36°.
            let (c, s) = (
                libm::cos(0.2 * std::f64::consts::PI),
                libm::sin(0.2 * std::f64::consts::PI),
            );
            let proj = |q: &[f64; 3]| c * q[0] + s * q[1];
            let top = pts.iter().map(proj).fold(f64::NEG_INFINITY, f64::max);
            let facet: Vec<&[f64; 3]> = pts.iter().filter(|q| proj(q) > top - 1e-6).collect();
            assert_eq!(facet.len(), m * n, "({m},{n},{p}) facet");
            let heights = {
                let mut z: Vec<i64> = facet
                    .iter()
                    .map(|q| (q[2] / D * 2.0).round() as i64)
                    .collect();
                z.sort();
                z.dedup();
                z.len()
            };
            assert_eq!(heights, n);
            // Along the twin direction û_0 (= x): the outermost atoms lie on the twin plane y = 0
            // for Ino, but beside it (a re-entrant notch) for Marks.
            let xmax = pts.iter().map(|q| q[0]).fold(f64::NEG_INFINITY, f64::max);
            let on_twin_max = pts
                .iter()
                .filter(|q| q[1].abs() < 1e-9)
                .map(|q| q[0])
                .fold(f64::NEG_INFINITY, f64::max);
            if p == 1 {
                assert!((on_twin_max - xmax).abs() < 1e-9);
            } else {
                // Depth along x: r · (d√3/2) · cos 72° with r = p − 1.
                let depth =
                    (p - 1) as f64 * 0.5 * 3f64.sqrt() * D * libm::cos(0.4 * std::f64::consts::PI);
                assert!(
                    (xmax - on_twin_max - depth).abs() < 1e-9,
                    "({m},{n},{p}) notch"
                );
            }
        }
        // (2,2,2): K = 4, so the axis holds 5 atoms from z = −2d to z = +2d.
        let pts = deca(2, 2, 2);
        assert!(distance(pts[0], [0.0, 0.0, -2.0 * D]) < 1e-9);
        assert!(distance(pts[4], [0.0, 0.0, 2.0 * D]) < 1e-9);
    }
}
