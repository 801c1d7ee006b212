//! Structure builders: single nanoparticles of several shapes and chemistries, and scenes of
//! several particles in a chain. Units: Å for positions (diameters are given in nm).
//!
//! Size rule ([`size`]): a faceted shape takes the closed-shell size whose volume-equivalent
//! diameter `d_eq = a0 · ∛(6N/(4π))` (a0³/4 of volume per atom) is closest to the requested
//! diameter. A sphere is every fcc site within exactly `diameter/2` of a central atom.
//!
//! Layout: [`lattice`] (fcc sites, rotations, bulk crystal), [`sphere`], [`polyhedra`]
//! (cuboctahedron, octahedron, truncated octahedron), [`icosahedron`], [`decahedron`] (Ino and
//! Marks), [`size`] (shell ladders), [`chemistry`] (who sits where), [`scene`] (chains of
//! particles).

pub mod bulk;
pub mod chemistry;
pub mod decahedron;
pub mod icosahedron;
pub mod lattice;
pub mod polyhedra;
pub mod press;
pub mod scene;
pub mod size;
pub mod slab;
pub mod sphere;
#[cfg(test)]
mod testutil;

pub use chemistry::Chemistry;
pub use lattice::fcc_bulk;
pub use scene::{build_scene, Arrangement, SceneSpec, MAX_PARTICLES};
pub use size::{equivalent_diameter, Ladder};

use crate::base::error::{Error, Result};
use crate::base::math::{rotation_matrix, v3, DVec3};
use serde::{Deserialize, Serialize};

/// Largest particle diameter accepted, nm.
pub const MAX_DIAMETER_NM: f64 = 40.0;

/// Particle shape.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Fcc sites within a sphere.
    Sphere,
    /// Closed-shell cuboctahedron ({100} and {111} facets).
    Cuboctahedron,
    /// Regular octahedron ({111} facets).
    Octahedron,
    /// Truncated octahedron ({111} and {100} facets).
    TruncatedOctahedron,
    /// Mackay icosahedron (20 twinned tetrahedra).
    Icosahedron,
    /// Ino decahedron (five twinned tetrahedra with {100} side facets).
    InoDecahedron,
    /// Marks decahedron (Ino with re-entrant notches at the twin boundaries).
    MarksDecahedron,
}

impl Shape {
    /// Every shape.
    pub const ALL: [Shape; 7] = [
        Shape::Sphere,
        Shape::Cuboctahedron,
        Shape::Octahedron,
        Shape::TruncatedOctahedron,
        Shape::Icosahedron,
        Shape::InoDecahedron,
        Shape::MarksDecahedron,
    ];

    /// The kebab-case name used in scenarios, links and the CLI.
    pub fn name(&self) -> &'static str {
        match self {
            Shape::Sphere => "sphere",
            Shape::Cuboctahedron => "cuboctahedron",
            Shape::Octahedron => "octahedron",
            Shape::TruncatedOctahedron => "truncated-octahedron",
            Shape::Icosahedron => "icosahedron",
            Shape::InoDecahedron => "ino-decahedron",
            Shape::MarksDecahedron => "marks-decahedron",
        }
    }

    /// Parses a shape name (case-insensitive, surrounding blanks ignored); the error lists the
    /// valid names.
    pub fn from_name(s: &str) -> Result<Shape> {
        let l = s.trim().to_ascii_lowercase();
        Shape::ALL
            .into_iter()
            .find(|sh| sh.name() == l)
            .ok_or_else(|| {
                let names: Vec<&str> = Shape::ALL.iter().map(|s| s.name()).collect();
                Error::new(format!(
                    "unknown shape '{s}' (use one of: {})",
                    names.join(", ")
                ))
            })
    }
}

/// One particle: shape, size, chemistry and orientation.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ParticleSpec {
    /// Shape.
    pub shape: Shape,
    /// Volume-equivalent diameter in nm (for spheres: the diameter of the cutting sphere); see the
    /// module docs for the size rule.
    pub diameter_nm: f64,
    /// Which element goes where.
    pub chemistry: Chemistry,
    /// Rotation of the particle about its own centre, degrees, applied as rotations about x, then
    /// y, then z (lab axes). Default [0, 0, 0].
    #[serde(default)]
    pub rotation_deg: [f64; 3],
}

/// A built set of atoms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cluster {
    /// Positions, Å.
    pub positions: Vec<[f64; 3]>,
    /// Element index per atom, into `elements`.
    pub species: Vec<u16>,
    /// Element symbols, in order of first appearance.
    pub elements: Vec<String>,
    /// Which particle of a scene each atom came from (0, 1, 2, …).
    pub particle: Vec<u32>,
}

impl Cluster {
    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// True if there are no atoms.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Element symbol of atom i.
    pub fn element_of(&self, i: usize) -> &str {
        &self.elements[self.species[i] as usize]
    }

    /// Appends another cluster's atoms, labelled `particle_label`; elements new to `self` are added
    /// to the end of its element list and the other cluster's species are renumbered.
    pub fn append(&mut self, other: &Cluster, particle_label: u32) {
        let map: Vec<u16> = other
            .elements
            .iter()
            .map(|e| match self.elements.iter().position(|x| x == e) {
                Some(k) => k as u16,
                None => {
                    self.elements.push(e.clone());
                    (self.elements.len() - 1) as u16
                }
            })
            .collect();
        self.positions.extend_from_slice(&other.positions);
        self.species
            .extend(other.species.iter().map(|&t| map[t as usize]));
        self.particle
            .extend(std::iter::repeat_n(particle_label, other.len()));
    }

    /// Mean position (Å); the origin for an empty cluster.
    pub fn center_of_geometry(&self) -> [f64; 3] {
        let mut c = DVec3::ZERO;
        for p in &self.positions {
            c += v3(*p);
        }
        (c / self.len().max(1) as f64).to_array()
    }

    /// Moves every atom by d (Å).
    pub fn translate(&mut self, d: [f64; 3]) {
        for p in &mut self.positions {
            *p = (v3(*p) + v3(d)).to_array();
        }
    }

    /// Rotates every atom about the origin: about x, then y, then z by the given degrees.
    pub fn rotate(&mut self, deg: [f64; 3]) {
        if deg == [0.0; 3] {
            return;
        }
        let m = rotation_matrix(deg);
        for p in &mut self.positions {
            *p = (m * v3(*p)).to_array();
        }
    }
}

/// Builds one particle centred (centre of geometry) at the origin.
///
/// `lattice` maps an element symbol to its fcc lattice constant a0 in Å (None = unknown element,
/// an error naming it); several elements use the composition-weighted (Vegard) mean. The shape is
/// built centred, then the chemistry is assigned (Janus split along the local x axis), then the
/// particle is rotated by `rotation_deg`. `seed` drives random alloys. Errors (never panics) for a
/// diameter that is not finite or outside (0, 40] nm, a non-finite rotation, bad fractions, or an
/// unknown element.
pub fn build_particle(
    spec: &ParticleSpec,
    lattice: &dyn Fn(&str) -> Option<f64>,
    seed: u64,
) -> Result<Cluster> {
    let d = spec.diameter_nm;
    if !(d.is_finite() && d > 0.0 && d <= MAX_DIAMETER_NM) {
        bail!("particle diameter {d} nm is out of range (0, {MAX_DIAMETER_NM}] nm");
    }
    if spec.rotation_deg.iter().any(|r| !r.is_finite()) {
        bail!(
            "particle rotation {:?} must be finite numbers of degrees",
            spec.rotation_deg
        );
    }
    spec.chemistry.validate()?;
    let a = spec.chemistry.lattice_constant(lattice)?;
    let mut c = Cluster {
        positions: shape_positions(spec.shape, 10.0 * d, a),
        ..Default::default()
    };
    let g = c.center_of_geometry();
    c.translate(g.map(|v| -v));
    spec.chemistry.assign(&mut c, seed);
    c.particle = vec![0; c.len()];
    c.rotate(spec.rotation_deg);
    Ok(c)
}

/// Atom positions (Å) of `shape` sized for a requested diameter (Å) at lattice constant a (Å).
fn shape_positions(shape: Shape, diameter: f64, a: f64) -> Vec<[f64; 3]> {
    match Ladder::of(shape) {
        None => lattice::to_angstrom(&sphere::sphere_sites(a, 0.5 * diameter), a),
        Some(l) => l.positions(l.best_index(diameter, a), a),
    }
}

/// A one-line description of the size a particle of `shape` and `diameter_nm` gets at lattice
/// constant a (Å): atom count, volume-equivalent diameter and shell parameters. Builds nothing
/// except for spheres.
pub fn describe_size(shape: Shape, diameter_nm: f64, a: f64) -> String {
    let (n, params) = match Ladder::of(shape) {
        None => (
            sphere::sphere_sites(a, 5.0 * diameter_nm).len(),
            format!("radius {:.3} Å", 5.0 * diameter_nm),
        ),
        Some(l) => {
            let k = l.best_index(10.0 * diameter_nm, a);
            (l.count(k), l.describe(k))
        }
    };
    format!(
        "{} of {n} atoms, d_eq {:.3} nm ({params})",
        shape.name(),
        0.1 * equivalent_diameter(n, a)
    )
}

#[cfg(test)]
mod tests {
    use crate::base::math::{nearest_neighbour, v3};
    fn dot(p: [f64; 3], q: [f64; 3]) -> f64 {
        v3(p).dot(v3(q))
    }
    use super::testutil::{min_distance, neighbour_counts};
    use super::*;

    const A: f64 = 4.08;

    fn au(e: &str) -> Option<f64> {
        (e == "Au").then_some(A)
    }

    fn pure(shape: Shape, d: f64) -> ParticleSpec {
        ParticleSpec {
            shape,
            diameter_nm: d,
            chemistry: Chemistry::Pure {
                element: "Au".into(),
            },
            rotation_deg: [0.0; 3],
        }
    }

    fn is_fcc(shape: Shape) -> bool {
        !matches!(
            shape,
            Shape::Icosahedron | Shape::InoDecahedron | Shape::MarksDecahedron
        )
    }

    /// Atoms of an fcc shape whose 12 lattice neighbours all lie inside the shape's bounding planes:
    /// for spheres |p| ≤ R − a/√2; for the cut octahedra, atoms on no outermost {111} or {100}
    /// layer (the support h(n) = max n·p over the 14 facet normals).
    fn fcc_interior(shape: Shape, d_nm: f64, p: &[[f64; 3]]) -> Vec<bool> {
        let dnn = nearest_neighbour(A);
        if shape == Shape::Sphere {
            let r = 5.0 * d_nm;
            return p.iter().map(|q| dot(*q, *q).sqrt() <= r - dnn).collect();
        }
        let normals = polyhedra::facet_normals();
        let support: Vec<f64> = normals
            .iter()
            .map(|n| {
                p.iter()
                    .map(|q| dot(*n, *q))
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        p.iter()
            .map(|q| {
                normals
                    .iter()
                    .zip(&support)
                    .all(|(n, h)| dot(*n, *q) < h - 0.25 * A)
            })
            .collect()
    }

    #[test]
    fn every_shape_is_a_sound_cluster_of_the_requested_size() {
        let dnn = nearest_neighbour(A);
        for shape in Shape::ALL {
            for d in [1.2, 2.0, 3.0] {
                let c = build_particle(&pure(shape, d), &au, 1).unwrap();
                let dmin = min_distance(&c.positions);
                let floor = if shape == Shape::Icosahedron {
                    0.9
                } else {
                    0.95
                };
                assert!(dmin >= floor * dnn, "{shape:?} {d} nm: dmin {dmin}");
                let g = c.center_of_geometry();
                assert!(g.iter().all(|x| x.abs() < 1e-9), "{shape:?} centre {g:?}");
                let counts = neighbour_counts(&c.positions, 1.2 * dnn);
                assert!(
                    counts.iter().all(|&n| n <= 12),
                    "{shape:?}: over-coordinated"
                );
                if is_fcc(shape) {
                    let interior = fcc_interior(shape, d, &c.positions);
                    assert!(interior.iter().any(|&x| x), "{shape:?} {d} nm: no interior");
                    for (i, _) in interior.iter().enumerate().filter(|(_, &x)| x) {
                        assert_eq!(counts[i], 12, "{shape:?} {d} nm: interior atom {i}");
                    }
                }
                assert_eq!(c.particle, vec![0; c.len()]);
                assert_eq!(c.elements, vec!["Au"]);
            }
        }
    }

    #[test]
    fn volume_equivalent_diameter_is_within_one_shell_step() {
        for shape in Shape::ALL {
            let Some(l) = Ladder::of(shape) else { continue };
            for d in [1.0, 1.7, 2.5, 4.0, 6.0] {
                let n = build_particle(&pure(shape, d), &au, 1).unwrap().len();
                let k = l.best_index(10.0 * d, A);
                assert_eq!(n, l.count(k));
                let deq = equivalent_diameter(n, A);
                if 10.0 * d < equivalent_diameter(l.count(1), A) {
                    // Below the smallest rung (e.g. the 75-atom Marks decahedron): take that rung.
                    assert_eq!(k, 1);
                    continue;
                }
                let below = equivalent_diameter(l.count(k.saturating_sub(1).max(1)), A);
                let above = equivalent_diameter(l.count(k + 1), A);
                assert!(
                    (deq - 10.0 * d).abs() <= (above - below).max(above - deq),
                    "{shape:?} {d} nm: d_eq {deq}"
                );
            }
        }
    }

    #[test]
    fn sphere_is_the_sites_inside_the_radius() {
        let c = build_particle(&pure(Shape::Sphere, 3.0), &au, 1).unwrap();
        let r: Vec<f64> = c.positions.iter().map(|p| dot(*p, *p).sqrt()).collect();
        let rmax = r.iter().copied().fold(0.0, f64::max);
        assert!(rmax <= 15.0 + 1e-9 && rmax > 15.0 - nearest_neighbour(A));
        // The central atom sits at the origin.
        assert!(r.iter().any(|&x| x < 1e-12));
        // Volume: N a³/4 ≈ (4π/3) R³ up to a surface term.
        let ideal = 4.0 * std::f64::consts::PI / 3.0 * (15.0 * 15.0 * 15.0) / (A * A * A / 4.0);
        assert!((c.len() as f64 - ideal).abs() < 0.1 * ideal, "{}", c.len());
    }

    #[test]
    fn octahedron_has_eight_full_111_facets() {
        let c = build_particle(&pure(Shape::Octahedron, 2.0), &au, 1).unwrap();
        let l1 = |p: &[f64; 3]| p[0].abs() + p[1].abs() + p[2].abs();
        let lmax = c.positions.iter().map(l1).fold(0.0, f64::max);
        // Edge atoms: lmax = (n − 1) a/2.
        let n = (lmax / (0.5 * A)).round() as usize + 1;
        assert_eq!(c.len(), (2 * n * n * n + n) / 3);
        for s in 0..8 {
            let sign = [0, 1, 2].map(|k| if s >> k & 1 == 1 { -1.0 } else { 1.0 });
            let on = c
                .positions
                .iter()
                .filter(|p| (dot(**p, sign) - lmax).abs() < 1e-9)
                .count();
            assert_eq!(on, n * (n + 1) / 2, "facet {s}");
        }
    }

    #[test]
    fn icosahedron_from_build_particle_has_a_twelve_fold_centre() {
        let c = build_particle(&pure(Shape::Icosahedron, 1.8), &au, 1).unwrap();
        assert!([55, 147, 309].contains(&c.len()));
        let dnn = nearest_neighbour(A);
        let centre = c
            .positions
            .iter()
            .position(|p| dot(*p, *p).sqrt() < 1e-9)
            .unwrap();
        let near: Vec<f64> = c
            .positions
            .iter()
            .map(|p| dot(*p, *p).sqrt())
            .filter(|&r| r > 1e-9 && r < 1.2 * dnn)
            .collect();
        assert_eq!(near.len(), 12, "centre atom {centre}");
        assert!(near.iter().all(|r| (r - near[0]).abs() < 1e-9));
    }

    #[test]
    fn shapes_parse_and_errors_are_clear() {
        for s in Shape::ALL {
            assert_eq!(Shape::from_name(s.name()).unwrap(), s);
            let j = serde_json::to_string(&s).unwrap();
            assert_eq!(j, format!("\"{}\"", s.name()));
        }
        assert_eq!(
            Shape::from_name(" Marks-Decahedron ").unwrap(),
            Shape::MarksDecahedron
        );
        let e = Shape::from_name("blob").unwrap_err();
        assert!(e.message().contains("unknown shape 'blob'"));
        assert!(e.message().contains("truncated-octahedron"));
        for d in [0.0, -1.0, f64::NAN, f64::INFINITY, 41.0] {
            assert!(build_particle(&pure(Shape::Sphere, d), &au, 1)
                .unwrap_err()
                .message()
                .contains("out of range"));
        }
        let mut spec = pure(Shape::Sphere, 2.0);
        spec.rotation_deg = [0.0, f64::NAN, 0.0];
        assert!(build_particle(&spec, &au, 1).is_err());
        let xx = ParticleSpec {
            chemistry: Chemistry::Pure {
                element: "Xx".into(),
            },
            ..pure(Shape::Sphere, 2.0)
        };
        assert!(build_particle(&xx, &au, 1)
            .unwrap_err()
            .message()
            .contains("unknown element 'Xx'"));
    }

    #[test]
    fn rotation_keeps_the_centre_and_changes_orientation() {
        for shape in [Shape::Cuboctahedron, Shape::MarksDecahedron] {
            let mut spec = pure(shape, 2.0);
            let a = build_particle(&spec, &au, 1).unwrap();
            spec.rotation_deg = [15.0, -40.0, 30.0];
            let b = build_particle(&spec, &au, 1).unwrap();
            assert_eq!(a.len(), b.len());
            assert!(b.center_of_geometry().iter().all(|x| x.abs() < 1e-9));
            assert_ne!(a.positions, b.positions);
            // Same atoms, rotated: the distances from the centre are preserved one by one.
            let m = rotation_matrix(spec.rotation_deg);
            for (p, q) in a.positions.iter().zip(&b.positions) {
                let r = m * v3(*p);
                assert!(r.distance(v3(*q)) < 1e-9);
            }
        }
    }

    #[test]
    fn cluster_append_merges_elements_and_labels() {
        let mut a = Cluster {
            positions: vec![[0.0; 3], [1.0, 0.0, 0.0]],
            species: vec![0, 1],
            elements: vec!["Au".into(), "Ag".into()],
            particle: vec![0, 0],
        };
        let b = Cluster {
            positions: vec![[5.0, 0.0, 0.0], [6.0, 0.0, 0.0]],
            species: vec![0, 1],
            elements: vec!["Cu".into(), "Au".into()],
            particle: vec![0, 0],
        };
        a.append(&b, 1);
        assert_eq!(a.elements, vec!["Au", "Ag", "Cu"]);
        let syms: Vec<&str> = (0..a.len()).map(|i| a.element_of(i)).collect();
        assert_eq!(syms, vec!["Au", "Ag", "Cu", "Au"]);
        assert_eq!(a.particle, vec![0, 0, 1, 1]);
        assert_eq!(a.center_of_geometry(), [3.0, 0.0, 0.0]);
        a.translate([-3.0, 1.0, 0.0]);
        assert_eq!(a.positions[0], [-3.0, 1.0, 0.0]);
        assert!(Cluster::default().is_empty());
        assert_eq!(Cluster::default().center_of_geometry(), [0.0; 3]);
    }

    #[test]
    fn describe_size_names_the_parameters() {
        let s = describe_size(Shape::MarksDecahedron, 1.5, A);
        assert!(s.contains("(m, n, p)"), "{s}");
        let s = describe_size(Shape::Cuboctahedron, 1.0, A);
        assert!(s.contains("55 atoms") || s.contains("147 atoms"), "{s}");
    }
}
