//! The size rule: how a requested diameter becomes a shell count.
//!
//! Every faceted shape comes as a ladder of closed-shell sizes k = 1, 2, 3, … with atom counts N(k).
//! The chosen k is the one whose volume-equivalent diameter
//!
//! `d_eq(N) = a0 · ∛(6N / (4π))`   (Å; a0³/4 of volume per fcc atom)
//!
//! is closest to the requested diameter (ties go to the smaller size). Ladders (atom counts):
//! - cuboctahedron: k shells, 13, 55, 147, 309, 561, …
//! - octahedron: k + 1 atoms per edge, 6, 19, 44, 85, 146, 231, …
//! - truncated octahedron: octahedron of k + 3 atoms per edge cut by ⌊(k+3)/3⌋ layers at each
//!   vertex, 38, 79, 116, 201, 314, 405, 586, …
//! - icosahedron: k Mackay shells, 13, 55, 147, 309, 561, …
//! - Ino decahedron: (m, n, p) = (k+1, k+1, 1), 13, 55, 147, 309, 561, …
//! - Marks decahedron: one rung per decahedron order K = k + 3 (K + 1 atoms on the five-fold axis):
//!   re-entrance r = max(1, round(K/8)), p = r + 1, and the remaining K + 2 − 2r split as
//!   m = ⌈(K + 2 − 2r)/2⌉, n = ⌊(K + 2 − 2r)/2⌋, so m ≈ n ≈ 3r (a notch about a third of the facet
//!   width): (2,2,2) = 75, (3,2,2) = 146, (3,3,2) = 192, (4,3,2) = 318, (4,4,2) = 389, …
//!
//! Spheres are not on a ladder: they are every fcc site within the requested radius.

use super::decahedron::{decahedron, decahedron_count, DecaParams};
use super::icosahedron::{mackay, mackay_count};
use super::lattice::to_angstrom;
use super::polyhedra::CutOctahedron;
use super::Shape;
use crate::base::math::nearest_neighbour;

/// Largest size index tried (far beyond 40 nm for any real fcc metal).
const MAX_INDEX: usize = 4000;

/// Volume-equivalent diameter (Å) of N atoms of an fcc metal with lattice constant a (Å):
/// `a · ∛(6N/(4π))`.
pub fn equivalent_diameter(n: usize, a: f64) -> f64 {
    a * libm::cbrt(6.0 * n as f64 / (4.0 * std::f64::consts::PI))
}

/// The ladder of closed-shell sizes of a faceted shape (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ladder {
    /// k shells.
    Cuboctahedron,
    /// k + 1 atoms per edge.
    Octahedron,
    /// k + 3 atoms per edge of the parent octahedron.
    TruncatedOctahedron,
    /// k Mackay shells.
    Icosahedron,
    /// (k+1, k+1, 1).
    InoDecahedron,
    /// Order K = k + 3; see the module docs.
    MarksDecahedron,
}

impl Ladder {
    /// The ladder of a shape; `None` for the sphere.
    pub fn of(shape: Shape) -> Option<Ladder> {
        Some(match shape {
            Shape::Sphere => return None,
            Shape::Cuboctahedron => Ladder::Cuboctahedron,
            Shape::Octahedron => Ladder::Octahedron,
            Shape::TruncatedOctahedron => Ladder::TruncatedOctahedron,
            Shape::Icosahedron => Ladder::Icosahedron,
            Shape::InoDecahedron => Ladder::InoDecahedron,
            Shape::MarksDecahedron => Ladder::MarksDecahedron,
        })
    }

    /// The cut octahedron of fcc ladders at size k (None for the twinned shapes).
    fn cut_octahedron(self, k: usize) -> Option<CutOctahedron> {
        match self {
            Ladder::Cuboctahedron => Some(CutOctahedron::cuboctahedron(k)),
            Ladder::Octahedron => Some(CutOctahedron::octahedron(k + 1)),
            Ladder::TruncatedOctahedron => Some(CutOctahedron::truncated_octahedron(k + 3)),
            _ => None,
        }
    }

    /// Decahedron parameters at size k (None for the other shapes).
    pub fn deca_params(self, k: usize) -> Option<DecaParams> {
        match self {
            Ladder::InoDecahedron => Some(DecaParams {
                m: k + 1,
                n: k + 1,
                p: 1,
            }),
            Ladder::MarksDecahedron => {
                let order = k + 3;
                let r = ((order + 4) / 8).max(1);
                let rest = order + 2 - 2 * r;
                Some(DecaParams {
                    m: rest.div_ceil(2),
                    n: rest / 2,
                    p: r + 1,
                })
            }
            _ => None,
        }
    }

    /// Atom count N(k), without building the atoms.
    pub fn count(self, k: usize) -> usize {
        if let Some(c) = self.cut_octahedron(k) {
            return c.count();
        }
        if let Some(p) = self.deca_params(k) {
            return decahedron_count(p);
        }
        mackay_count(k)
    }

    /// Atom positions (Å) of size k for lattice constant a, centred at the origin.
    pub fn positions(self, k: usize, a: f64) -> Vec<[f64; 3]> {
        let d = nearest_neighbour(a);
        if let Some(c) = self.cut_octahedron(k) {
            return to_angstrom(&c.sites(), a);
        }
        if let Some(p) = self.deca_params(k) {
            return decahedron(p, d);
        }
        mackay(k, d)
    }

    /// Human-readable size parameters, e.g. "4 atoms per edge" or "(m, n, p) = (3, 3, 2)".
    pub fn describe(self, k: usize) -> String {
        match self {
            Ladder::Cuboctahedron | Ladder::Icosahedron => plural(k, "shell"),
            Ladder::Octahedron => format!("{} atoms per edge", k + 1),
            Ladder::TruncatedOctahedron => format!(
                "{} atoms per octahedron edge, {} cut at each vertex",
                k + 3,
                plural((k + 3) / 3, "layer")
            ),
            Ladder::InoDecahedron | Ladder::MarksDecahedron => {
                let p = self
                    .deca_params(k)
                    .unwrap_or(DecaParams { m: 0, n: 0, p: 0 });
                format!("(m, n, p) = ({}, {}, {})", p.m, p.n, p.p)
            }
        }
    }

    /// The size index k ≥ 1 whose d_eq is closest to `target` (Å) for lattice constant a (Å).
    /// N(k) grows with k, so walk up until d_eq passes the target and keep the closer neighbour.
    pub fn best_index(self, target: f64, a: f64) -> usize {
        let d = |k: usize| equivalent_diameter(self.count(k), a);
        let mut k = 1;
        while k < MAX_INDEX && d(k) < target {
            k += 1;
        }
        if k > 1 && (d(k - 1) - target).abs() <= (d(k) - target).abs() {
            k - 1
        } else {
            k
        }
    }
}

/// "1 shell", "2 shells".
fn plural(k: usize, word: &str) -> String {
    if k == 1 {
        format!("1 {word}")
    } else {
        format!("{k} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Ladder; 6] = [
        Ladder::Cuboctahedron,
        Ladder::Octahedron,
        Ladder::TruncatedOctahedron,
        Ladder::Icosahedron,
        Ladder::InoDecahedron,
        Ladder::MarksDecahedron,
    ];

    #[test]
    fn ladder_series() {
        let series = |l: Ladder| (1..=4).map(|k| l.count(k)).collect::<Vec<_>>();
        assert_eq!(series(Ladder::Cuboctahedron), vec![13, 55, 147, 309]);
        assert_eq!(series(Ladder::Octahedron), vec![6, 19, 44, 85]);
        assert_eq!(series(Ladder::TruncatedOctahedron), vec![38, 79, 116, 201]);
        assert_eq!(series(Ladder::Icosahedron), vec![13, 55, 147, 309]);
        assert_eq!(series(Ladder::InoDecahedron), vec![13, 55, 147, 309]);
        let marks = (1..=5)
            .map(|k| Ladder::MarksDecahedron.count(k))
            .collect::<Vec<_>>();
        assert_eq!(marks, vec![75, 146, 192, 318, 389]);
        for k in 1..=40 {
            let p = Ladder::MarksDecahedron.deca_params(k).unwrap();
            assert!(p.p >= 2 && p.m >= p.n && p.n + 1 >= p.m, "{p:?}");
            assert_eq!(p.order() as usize, k + 3);
            assert!(Ladder::MarksDecahedron.count(k + 1) > Ladder::MarksDecahedron.count(k));
        }
        for l in ALL {
            for k in 1..=6 {
                assert_eq!(l.positions(k, 4.0).len(), l.count(k), "{l:?} k = {k}");
                assert!(l.count(k + 1) > l.count(k));
            }
        }
    }

    #[test]
    fn equivalent_diameter_is_the_sphere_of_the_same_volume() {
        let (n, a) = (1000, 4.0);
        let d = equivalent_diameter(n, a);
        let v_sphere = std::f64::consts::PI / 6.0 * d * d * d;
        assert!((v_sphere - n as f64 * a * a * a / 4.0).abs() < 1e-9 * v_sphere);
    }

    #[test]
    fn chosen_size_is_the_closest_rung() {
        let a = 4.08;
        for l in ALL {
            for target in [6.0, 10.0, 17.3, 25.0, 31.0, 48.0] {
                let k = l.best_index(target, a);
                let err = |k: usize| (equivalent_diameter(l.count(k), a) - target).abs();
                assert!(err(k) <= err(k + 1), "{l:?} {target}");
                if k > 1 {
                    assert!(err(k) <= err(k - 1), "{l:?} {target}");
                    // Within one shell step of the request.
                    let step = equivalent_diameter(l.count(k + 1), a)
                        - equivalent_diameter(l.count(k - 1), a);
                    assert!(err(k) <= step, "{l:?} {target}");
                }
            }
        }
    }

    #[test]
    fn forty_nanometres_is_fast_to_size() {
        // Counting is O(k²) per rung, so even the largest particles pick their size instantly.
        for l in ALL {
            let k = l.best_index(400.0, 3.5);
            let d = equivalent_diameter(l.count(k), 3.5);
            assert!((d - 400.0).abs() < 15.0, "{l:?}: {d}");
        }
    }
}
