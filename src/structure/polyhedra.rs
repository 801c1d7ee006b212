//! Fcc polyhedra cut from the fcc lattice by {111} and {100} planes: the cuboctahedron, the
//! octahedron and the truncated octahedron are all "cut octahedra"
//!
//! `{ (i, j, k) : |i| + |j| + |k| ≤ S,  |i|, |j|, |k| ≤ C,  i + j + k ≡ P (mod 2) }`
//!
//! in units of a/2: eight {111} facets at `|i|+|j|+|k| = S` and six {100} facets at `|i| = C`.
//! Sizes:
//! - cuboctahedron of m shells: S = 2m, C = m, P = 0 (atom-centred). Closed shells
//!   `N = (10m³ + 15m² + 11m + 3)/3` = 13, 55, 147, 309, 561, … (m = 1, 2, …); square facets of
//!   (m+1)² atoms, triangular facets of (m+1)(m+2)/2.
//! - octahedron with n atoms along each edge: S = C = n − 1, P = (n − 1) mod 2 (odd n: centred on an
//!   atom; even n: on an octahedral interstice). `N = (2n³ + n)/3` = 6, 19, 44, 85, 146, 231, …
//!   (n = 2, 3, …); each {111} facet is a triangle of n(n+1)/2 atoms.
//! - truncated octahedron: the octahedron of edge n (n ≥ 4) with c = ⌊n/3⌋ {100} layers cut off each
//!   of its six vertices (the "cut at a third of the edge" rule; for n = 3c + 1 all edges are equal,
//!   the regular truncated octahedron). `N = (2n³ + n)/3 − c(c+1)(2c+1)` = 38, 79, 116, 201, 314,
//!   405, 586, … (n = 4, 5, …); square {100} facets of (c+1)² atoms, hexagonal {111} facets.

use super::lattice::{count_with_parity, Site};

/// The fcc sites of a cut octahedron (see the module docs), in units of a/2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CutOctahedron {
    /// {111} bound S: |i| + |j| + |k| ≤ S.
    pub sum_max: i64,
    /// {100} bound C: |i|, |j|, |k| ≤ C.
    pub coord_max: i64,
    /// Sublattice parity P: i + j + k ≡ P (mod 2).
    pub parity: i64,
}

impl CutOctahedron {
    /// The closed-shell cuboctahedron of `m` shells (m ≥ 1): S = 2m, C = m, atom-centred.
    pub fn cuboctahedron(m: usize) -> Self {
        let m = m as i64;
        CutOctahedron {
            sum_max: 2 * m,
            coord_max: m,
            parity: 0,
        }
    }

    /// The regular octahedron with `n` atoms along each edge (n ≥ 1): S = C = n − 1.
    pub fn octahedron(n: usize) -> Self {
        let l = n.max(1) as i64 - 1;
        CutOctahedron {
            sum_max: l,
            coord_max: l,
            parity: l.rem_euclid(2),
        }
    }

    /// The octahedron of edge `n` atoms with ⌊n/3⌋ layers cut off each vertex (n ≥ 4).
    pub fn truncated_octahedron(n: usize) -> Self {
        let oct = Self::octahedron(n);
        CutOctahedron {
            coord_max: oct.sum_max - vertex_cut(n),
            ..oct
        }
    }

    /// Whether a site (a/2 units) lies inside and on the right sublattice.
    pub fn contains(&self, s: Site) -> bool {
        super::lattice::on_lattice(s, self.parity)
            && s.iter().all(|x| x.abs() <= self.coord_max)
            && s.iter().map(|x| x.abs()).sum::<i64>() <= self.sum_max
    }

    /// Number of sites, counted column by column along k (O(C²) work).
    pub fn count(&self) -> usize {
        let c = self.coord_max;
        let mut n = 0;
        for i in -c..=c {
            for j in -c..=c {
                let kmax = c.min(self.sum_max - i.abs() - j.abs());
                n += count_with_parity(kmax, self.parity - i - j);
            }
        }
        n
    }

    /// The sites, ordered by i, then j, then k.
    pub fn sites(&self) -> Vec<Site> {
        let c = self.coord_max;
        let mut out = Vec::with_capacity(self.count());
        for i in -c..=c {
            for j in -c..=c {
                let kmax = c.min(self.sum_max - i.abs() - j.abs());
                for k in -kmax..=kmax {
                    if (i + j + k - self.parity).rem_euclid(2) == 0 {
                        out.push([i, j, k]);
                    }
                }
            }
        }
        out
    }
}

/// Layers cut from each vertex of the edge-n octahedron to make the truncated octahedron: ⌊n/3⌋.
pub fn vertex_cut(n: usize) -> i64 {
    (n / 3) as i64
}

/// The 14 outward facet normals of the cut octahedra (unnormalised): 8 ⟨111⟩ and 6 ⟨100⟩.
pub fn facet_normals() -> Vec<[f64; 3]> {
    let mut v = Vec::with_capacity(14);
    for s in 0..8 {
        v.push([0, 1, 2].map(|k| if s >> k & 1 == 1 { -1.0 } else { 1.0 }));
    }
    for k in 0..3 {
        for sign in [-1.0, 1.0] {
            let mut n = [0.0; 3];
            n[k] = sign;
            v.push(n);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Atoms on the facet {x : n·x = max over the cluster}, for integer normal n.
    fn facet_population(sites: &[Site], n: [i64; 3]) -> usize {
        let proj = |s: &Site| s[0] * n[0] + s[1] * n[1] + s[2] * n[2];
        let top = sites.iter().map(proj).max().unwrap();
        sites.iter().filter(|s| proj(s) == top).count()
    }

    fn normals_111() -> Vec<[i64; 3]> {
        (0..8)
            .map(|s| [0, 1, 2].map(|k| if s >> k & 1 == 1 { -1 } else { 1 }))
            .collect()
    }

    fn normals_100() -> Vec<[i64; 3]> {
        let mut v = Vec::new();
        for k in 0..3 {
            for sign in [-1, 1] {
                let mut n = [0; 3];
                n[k] = sign;
                v.push(n);
            }
        }
        v
    }

    #[test]
    fn cuboctahedron_magic_numbers_and_facets() {
        let counts: Vec<usize> = (1..=5)
            .map(|m| CutOctahedron::cuboctahedron(m).sites().len())
            .collect();
        assert_eq!(counts, vec![13, 55, 147, 309, 561]);
        for m in 1..=6usize {
            let shape = CutOctahedron::cuboctahedron(m);
            let s = shape.sites();
            assert_eq!(shape.count(), s.len());
            assert_eq!(3 * s.len(), 10 * m.pow(3) + 15 * m * m + 11 * m + 3);
            for n in normals_100() {
                assert_eq!(facet_population(&s, n), (m + 1) * (m + 1));
            }
            for n in normals_111() {
                assert_eq!(facet_population(&s, n), (m + 1) * (m + 2) / 2);
            }
        }
    }

    #[test]
    fn octahedron_series_and_triangular_111_facets() {
        let counts: Vec<usize> = (2..=7)
            .map(|n| CutOctahedron::octahedron(n).sites().len())
            .collect();
        assert_eq!(counts, vec![6, 19, 44, 85, 146, 231]);
        for n in 1..=9usize {
            let shape = CutOctahedron::octahedron(n);
            let s = shape.sites();
            assert_eq!(shape.count(), s.len());
            assert_eq!(3 * s.len(), 2 * n.pow(3) + n);
            // Every atom satisfies |i|+|j|+|k| ≤ n − 1 and each {111} facet is the full triangle
            // of n(n+1)/2 atoms; each of the six vertices is a single atom.
            assert!(s
                .iter()
                .all(|p| p.iter().map(|x| x.abs()).sum::<i64>() < n as i64));
            for nn in normals_111() {
                assert_eq!(facet_population(&s, nn), n * (n + 1) / 2);
            }
            for nn in normals_100() {
                assert_eq!(facet_population(&s, nn), 1);
            }
        }
    }

    #[test]
    fn truncated_octahedron_series_square_and_hexagonal_facets() {
        let counts: Vec<usize> = (4..=10)
            .map(|n| CutOctahedron::truncated_octahedron(n).sites().len())
            .collect();
        assert_eq!(counts, vec![38, 79, 116, 201, 314, 405, 586]);
        for n in 4..=13usize {
            let shape = CutOctahedron::truncated_octahedron(n);
            let s = shape.sites();
            let c = vertex_cut(n) as usize;
            assert_eq!(shape.count(), s.len());
            assert_eq!(
                s.len(),
                (2 * n.pow(3) + n) / 3 - c * (c + 1) * (2 * c + 1),
                "n = {n}"
            );
            for nn in normals_100() {
                assert_eq!(facet_population(&s, nn), (c + 1) * (c + 1));
            }
            // Hexagon: the octahedron's triangle minus three corner triangles of c layers.
            for nn in normals_111() {
                assert_eq!(
                    facet_population(&s, nn),
                    n * (n + 1) / 2 - 3 * c * (c + 1) / 2
                );
            }
        }
    }

    #[test]
    fn sites_are_exactly_the_members() {
        for shape in [
            CutOctahedron::cuboctahedron(3),
            CutOctahedron::octahedron(6),
            CutOctahedron::truncated_octahedron(8),
        ] {
            let s = shape.sites();
            let r = shape.sum_max;
            let members =
                super::super::lattice::sites_where(r, shape.parity, |x| shape.contains(x));
            assert_eq!(s, members);
        }
    }
}
