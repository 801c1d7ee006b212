//! Structure builders: single nanoparticles of several shapes and chemistries, and scenes of
//! several particles in a chain. Units: Å (diameters are given in nm).
//!
//! Size rule: for the faceted shapes the shell index is chosen so that the volume-equivalent
//! diameter `d_eq = a0 · ∛(6N/(4π))` (a0³/4 per atom) is closest to the requested diameter; a
//! sphere is every fcc site within `diameter/2` of a central atom.

mod chemistry;
mod decahedron;
mod icosahedron;
mod lattice;
mod polyhedra;
mod scene;

pub use chemistry::Chemistry;
pub use decahedron::{decahedron, DecaParams};
pub use icosahedron::mackay;
pub use lattice::{fcc_bulk, rotation_matrix};
pub use scene::{build_scene, SceneSpec};

use crate::error::Result;
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
    /// Regular truncated octahedron ({111} and {100} facets).
    TruncatedOctahedron,
    /// Mackay icosahedron (20 twinned tetrahedra).
    Icosahedron,
    /// Ino decahedron (five twinned tetrahedra, {100}-truncated).
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

    /// Parses a shape name (case-insensitive); the error lists the valid names.
    pub fn from_name(s: &str) -> Result<Shape> {
        let l = s.to_ascii_lowercase();
        Shape::ALL
            .into_iter()
            .find(|sh| sh.name() == l)
            .ok_or_else(|| {
                let names: Vec<&str> = Shape::ALL.iter().map(|s| s.name()).collect();
                crate::Error::new(format!(
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
    /// Volume-equivalent diameter, nm (for spheres: the diameter).
    pub diameter_nm: f64,
    /// Which element goes where.
    pub chemistry: Chemistry,
    /// Rotation about the particle's centre, degrees: about x, then y, then z (lab axes).
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
    /// Particle of origin per atom.
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

    /// Appends another cluster's atoms, labelled `particle_label`, merging the element lists.
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

    /// Mean position, Å.
    pub fn center_of_geometry(&self) -> [f64; 3] {
        let mut c = [0.0; 3];
        for p in &self.positions {
            for k in 0..3 {
                c[k] += p[k];
            }
        }
        let n = self.len().max(1) as f64;
        c.map(|v| v / n)
    }

    /// Moves every atom by d.
    pub fn translate(&mut self, d: [f64; 3]) {
        for p in &mut self.positions {
            for k in 0..3 {
                p[k] += d[k];
            }
        }
    }

    /// Rotates every atom about the origin by the x-then-y-then-z rotation (degrees).
    pub fn rotate(&mut self, deg: [f64; 3]) {
        if deg == [0.0; 3] {
            return;
        }
        let m = rotation_matrix(deg);
        for p in &mut self.positions {
            *p = lattice::apply(&m, *p);
        }
    }
}

/// Volume-equivalent diameter (Å) of N atoms of an fcc metal with lattice constant a.
pub fn equivalent_diameter(n: usize, a: f64) -> f64 {
    a * libm::cbrt(6.0 * n as f64 / (4.0 * std::f64::consts::PI))
}

/// Builds one particle centred (centre of geometry) at the origin.
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
    let positions = shape_sites(spec.shape, 10.0 * d, a);
    let mut c = Cluster {
        positions,
        ..Default::default()
    };
    let g = c.center_of_geometry();
    c.translate(g.map(|v| -v));
    spec.chemistry.assign(&mut c, seed);
    c.particle = vec![0; c.len()];
    c.rotate(spec.rotation_deg);
    Ok(c)
}

/// Sites of a shape whose size best matches `diameter` (Å), for lattice constant a (Å).
fn shape_sites(shape: Shape, diameter: f64, a: f64) -> Vec<[f64; 3]> {
    let h = 0.5 * a;
    let dnn = a / std::f64::consts::SQRT_2;
    if shape == Shape::Sphere {
        let r = 0.5 * diameter;
        let r2 = (r / h) * (r / h) * (1.0 + 1e-12);
        return lattice::fcc_sites(a, (r / h).ceil() as i64 + 1, polyhedra::in_sphere(r2));
    }
    // Atom count of size m, and the sites of the best m.
    let count = |m: usize| -> usize {
        let mi = m as i64;
        match shape {
            Shape::Cuboctahedron => lattice::count_fcc_sites(mi, polyhedra::in_cuboctahedron(mi)),
            Shape::Octahedron => lattice::count_fcc_sites(2 * mi, polyhedra::in_octahedron(mi)),
            Shape::TruncatedOctahedron => {
                lattice::count_fcc_sites(2 * mi, polyhedra::in_truncated_octahedron(mi))
            }
            Shape::Icosahedron => icosahedron::mackay_count(m),
            Shape::InoDecahedron | Shape::MarksDecahedron => {
                decahedron(deca_params(shape, m), dnn).len()
            }
            Shape::Sphere => unreachable!(),
        }
    };
    let target = diameter;
    let diff = |m: usize| (equivalent_diameter(count(m), a) - target).abs();
    // Counts grow monotonically with m: walk up until d_eq passes the target, keep the closest.
    let mut m = 1;
    while equivalent_diameter(count(m), a) < target {
        m += 1;
    }
    if m > 1 && diff(m - 1) <= diff(m) {
        m -= 1;
    }
    let mi = m as i64;
    match shape {
        Shape::Cuboctahedron => lattice::fcc_sites(a, mi, polyhedra::in_cuboctahedron(mi)),
        Shape::Octahedron => lattice::fcc_sites(a, 2 * mi, polyhedra::in_octahedron(mi)),
        Shape::TruncatedOctahedron => {
            lattice::fcc_sites(a, 2 * mi, polyhedra::in_truncated_octahedron(mi))
        }
        Shape::Icosahedron => mackay(m, dnn),
        Shape::InoDecahedron | Shape::MarksDecahedron => decahedron(deca_params(shape, m), dnn),
        Shape::Sphere => unreachable!(),
    }
}

/// Decahedron parameters for size m: order n = m + 1, Ino truncation round(n/3) rows, Marks notch
/// ⌈n/6⌉ rows.
fn deca_params(shape: Shape, m: usize) -> DecaParams {
    let n = m + 1;
    let notch = if shape == Shape::MarksDecahedron {
        n.div_ceil(6)
    } else {
        0
    };
    DecaParams {
        n,
        truncation: (n + 1) / 3,
        notch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn au(_: &str) -> Option<f64> {
        Some(4.08)
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

    /// Sorted neighbour counts within 1.2 d and the smallest distance.
    fn neighbours(p: &[[f64; 3]], dnn: f64) -> (Vec<usize>, f64) {
        let mut counts = vec![0; p.len()];
        let mut dmin = f64::INFINITY;
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                let d = (0..3)
                    .map(|k| (p[i][k] - p[j][k]).powi(2))
                    .sum::<f64>()
                    .sqrt();
                dmin = dmin.min(d);
                if d < 1.2 * dnn {
                    counts[i] += 1;
                    counts[j] += 1;
                }
            }
        }
        (counts, dmin)
    }

    #[test]
    fn every_shape_is_a_sound_cluster_of_the_requested_size() {
        let a = 4.08;
        let dnn = a / std::f64::consts::SQRT_2;
        for shape in Shape::ALL {
            for d in [1.5, 2.5] {
                let c = build_particle(&pure(shape, d), &au, 1).unwrap();
                let (counts, dmin) = neighbours(&c.positions, dnn);
                let strained = matches!(
                    shape,
                    Shape::Icosahedron | Shape::InoDecahedron | Shape::MarksDecahedron
                );
                assert!(
                    dmin >= if strained { 0.9 } else { 0.999 } * dnn,
                    "{shape:?}: dmin {dmin}"
                );
                assert!(
                    counts.iter().all(|&n| n <= 12),
                    "{shape:?}: over-coordinated atom"
                );
                let g = c.center_of_geometry();
                assert!(g.iter().all(|x| x.abs() < 1e-9), "{shape:?} centre {g:?}");
                let deq = equivalent_diameter(c.len(), a);
                if shape != Shape::Sphere {
                    // The closest size on the shape's ladder of shells: within 15 % here.
                    assert!(
                        (deq - 10.0 * d).abs() < 0.15 * 10.0 * d,
                        "{shape:?}: d_eq {deq} for {d} nm"
                    );
                }
                if !strained {
                    let interior = (0..c.len()).filter(|&i| {
                        let r = c.positions[i].iter().map(|x| x * x).sum::<f64>().sqrt();
                        r < 0.5 * 10.0 * d - 2.0 * dnn
                    });
                    for i in interior {
                        assert_eq!(
                            counts[i], 12,
                            "{shape:?}: interior atom {i} not 12-coordinated"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn sphere_is_the_sites_inside_the_radius() {
        let c = build_particle(&pure(Shape::Sphere, 3.0), &au, 1).unwrap();
        let rmax = c
            .positions
            .iter()
            .map(|p| p.iter().map(|x| x * x).sum::<f64>().sqrt())
            .fold(0.0, f64::max);
        assert!(rmax <= 15.0 + 1e-9 && rmax > 15.0 - 2.0);
        assert_eq!(c.len(), 887);
    }

    #[test]
    fn octahedron_has_eight_populated_111_facets() {
        let c = build_particle(&pure(Shape::Octahedron, 2.0), &au, 1).unwrap();
        let h = 2.04;
        let l1: Vec<i64> = c
            .positions
            .iter()
            .map(|p| ((p[0].abs() + p[1].abs() + p[2].abs()) / h).round() as i64)
            .collect();
        let lmax = *l1.iter().max().unwrap();
        // Every octant has atoms on the outer {111} plane.
        for s in 0..8 {
            let sign = [
                (s & 1) as f64 * 2.0 - 1.0,
                (s >> 1 & 1) as f64 * 2.0 - 1.0,
                (s >> 2 & 1) as f64 * 2.0 - 1.0,
            ];
            let on = c
                .positions
                .iter()
                .zip(&l1)
                .filter(|(p, &l)| l == lmax && (0..3).all(|k| p[k] * sign[k] > 0.0))
                .count();
            assert!(on > 0, "octant {s} facet empty");
        }
    }

    #[test]
    fn shapes_parse_and_errors_are_clear() {
        for s in Shape::ALL {
            assert_eq!(Shape::from_name(s.name()).unwrap(), s);
        }
        assert!(Shape::from_name("blob")
            .unwrap_err()
            .message()
            .contains("unknown shape 'blob'"));
        for d in [0.0, -1.0, f64::NAN, 41.0] {
            assert!(build_particle(&pure(Shape::Sphere, d), &au, 1)
                .unwrap_err()
                .message()
                .contains("out of range"));
        }
        let xx = ParticleSpec {
            chemistry: Chemistry::Pure {
                element: "Xx".into(),
            },
            ..pure(Shape::Sphere, 2.0)
        };
        assert!(build_particle(&xx, &|_| None, 1)
            .unwrap_err()
            .message()
            .contains("unknown element 'Xx'"));
    }

    #[test]
    fn rotation_keeps_the_centre_and_changes_orientation() {
        let mut spec = pure(Shape::Cuboctahedron, 2.0);
        let a = build_particle(&spec, &au, 1).unwrap();
        spec.rotation_deg = [0.0, 0.0, 30.0];
        let b = build_particle(&spec, &au, 1).unwrap();
        assert_eq!(a.len(), b.len());
        assert!(b.center_of_geometry().iter().all(|x| x.abs() < 1e-9));
        assert_ne!(a.positions, b.positions);
        let ra: f64 = a
            .positions
            .iter()
            .map(|p| p.iter().map(|x| x * x).sum::<f64>())
            .sum();
        let rb: f64 = b
            .positions
            .iter()
            .map(|p| p.iter().map(|x| x * x).sum::<f64>())
            .sum();
        assert!((ra - rb).abs() < 1e-6 * ra);
    }
}
