//! The set-up of a neck-growth run by kinetic Monte Carlo of surface diffusion: two particles cut
//! from the same fcc lattice touch on the x axis, sharing the sites of their contact plane; atoms
//! keep the label of the particle they started in. Shapes: spheres and octahedra touch at one site
//! (a point contact), cuboctahedra and truncated octahedra face to face on a {100} facet (the
//! faceted start of Lim et al. 2009's kMC). Twinned shapes (decahedra, icosahedra) do not fit on
//! one fcc lattice and are refused. The hop model is [`super::surface_diffusion`]; time is physical
//! (s). The run with its neck measurements (the MD neck observable, at log-spaced event counts)
//! is [`crate::run::kmc_neck`].

use super::surface_diffusion::{HopModel, Lattice};
use crate::base::error::Result;
use crate::structure::Shape;
use crate::system::System;
use serde::{Deserialize, Serialize};

/// A kMC neck-growth run.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct KmcNeckSpec {
    /// Particle radius, nm (of the sphere of the same volume for a faceted shape).
    pub radius_nm: f64,
    /// Particle shape (default: sphere).
    #[serde(default = "default_shape", skip_serializing_if = "is_sphere")]
    pub shape: Shape,
    /// Lattice constant, Å (Au: 4.08).
    #[serde(rename = "lattice_A", default = "default_a")]
    pub lattice: f64,
    /// The hop model.
    #[serde(default)]
    pub model: HopModel,
    /// Number of events.
    pub events: u64,
    /// Samples of the neck (log-spaced in events).
    #[serde(default = "default_samples")]
    pub samples: usize,
    /// Random seed.
    pub seed: u64,
    /// Event selection: rejection-free (default) or rejection kMC.
    #[serde(default, skip_serializing_if = "KmcAlgorithm::is_default")]
    pub algorithm: KmcAlgorithm,
}

/// How a kMC event is chosen (the review's two classes): both give the same dynamics in physical
/// time; they differ in cost.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum KmcAlgorithm {
    /// Rejection-free (BKL / n-fold way): every pick is a hop, chosen with probability
    /// proportional to its rate ([`Lattice::step`]).
    #[default]
    RejectionFree,
    /// Rejection kMC (rkMC): an atom and a direction picked uniformly, the hop accepted with
    /// probability rate / rate_max; rejected attempts cost time and work
    /// ([`Lattice::rejection_step`]).
    Rejection,
}

impl KmcAlgorithm {
    /// Both, in the order a menu lists them.
    pub const ALL: [KmcAlgorithm; 2] = [KmcAlgorithm::RejectionFree, KmcAlgorithm::Rejection];

    /// The link and CLI name: `bkl` or `rkmc`.
    pub fn name(&self) -> &'static str {
        match self {
            KmcAlgorithm::RejectionFree => "bkl",
            KmcAlgorithm::Rejection => "rkmc",
        }
    }

    /// What a menu shows.
    pub fn label(&self) -> &'static str {
        match self {
            KmcAlgorithm::RejectionFree => "rejection-free (BKL)",
            KmcAlgorithm::Rejection => "rejection kMC (rkMC)",
        }
    }

    /// Parses `bkl` / `rejection-free` or `rkmc` / `rejection`.
    pub fn from_name(s: &str) -> Result<KmcAlgorithm> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "bkl" | "rejection-free" => KmcAlgorithm::RejectionFree,
            "rkmc" | "rejection" => KmcAlgorithm::Rejection,
            _ => bail!("unknown kMC algorithm '{s}' (use bkl or rkmc)"),
        })
    }

    /// True for the default (rejection-free), which links leave out.
    pub fn is_default(&self) -> bool {
        *self == KmcAlgorithm::RejectionFree
    }
}

fn default_a() -> f64 {
    KmcNeckSpec::DEFAULT_LATTICE
}
fn default_shape() -> Shape {
    Shape::Sphere
}
fn is_sphere(s: &Shape) -> bool {
    *s == Shape::Sphere
}
fn default_samples() -> usize {
    KmcNeckSpec::DEFAULT_SAMPLES
}

/// One sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeckSample {
    /// Events so far.
    pub events: u64,
    /// Time, s.
    pub time_s: f64,
    /// Neck radius, Å.
    pub radius: f64,
    /// Neck atoms.
    pub atoms: usize,
}

impl KmcNeckSpec {
    /// The shapes a kMC particle can take (those that fit on one fcc lattice).
    pub const SHAPES: [Shape; 4] = [
        Shape::Sphere,
        Shape::Octahedron,
        Shape::Cuboctahedron,
        Shape::TruncatedOctahedron,
    ];
    /// Lattice constant when none is given, Å (Au: order-of-magnitude values for a noble metal).
    pub const DEFAULT_LATTICE: f64 = 4.08;
    /// Neck samples when none are given.
    pub const DEFAULT_SAMPLES: usize = 60;
    /// Run length of a link that gives none, events.
    pub const DEFAULT_EVENTS: u64 = 10_000_000;
    /// Seed when none is given (CLI).
    pub const DEFAULT_SEED: u64 = 1;
    /// The element the lattice's atoms are shown and written as (the default lattice constant is
    /// gold's).
    pub const ELEMENT: &'static str = "Au";

    /// A run of two spheres of radius `radius_nm` at `temperature` (K) with the default hop model,
    /// lattice constant and sampling.
    pub fn new(radius_nm: f64, temperature: f64, events: u64, seed: u64) -> KmcNeckSpec {
        KmcNeckSpec {
            radius_nm,
            shape: Shape::Sphere,
            lattice: KmcNeckSpec::DEFAULT_LATTICE,
            model: HopModel {
                temperature,
                ..HopModel::default()
            },
            events,
            samples: KmcNeckSpec::DEFAULT_SAMPLES,
            seed,
            algorithm: KmcAlgorithm::RejectionFree,
        }
    }

    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        self.model.validate()?;
        if !(self.radius_nm.is_finite() && self.radius_nm >= 0.5 && self.radius_nm <= 20.0) {
            bail!(
                "kMC particle radius {} nm is out of range [0.5, 20]",
                self.radius_nm
            );
        }
        if !KmcNeckSpec::SHAPES.contains(&self.shape) {
            bail!(
                "kMC shape '{}' is twinned and does not fit on one fcc lattice (use sphere, \
                 octahedron, cuboctahedron or truncated-octahedron)",
                self.shape.name()
            );
        }
        if !(self.lattice.is_finite() && (2.0..=7.0).contains(&self.lattice)) {
            bail!("lattice constant {} Å is out of range [2, 7]", self.lattice);
        }
        if self.events > 10_000_000_000 {
            bail!("kMC events {} is too many (at most 1e10)", self.events);
        }
        if !(2..=10_000).contains(&self.samples) {
            bail!("kMC samples {} is out of range [2, 10000]", self.samples);
        }
        Ok(())
    }

    /// The lattice of the two touching particles (see the module docs). Sites are on the
    /// half-lattice grid (spacing a/2, x + y + z even); particle A's centre is at c_A, B's at
    /// c_A + 2h along x, h the half-extent along x, so the two share their contact plane.
    pub fn build(&self) -> Result<Lattice> {
        self.validate()?;
        let r = 10.0 * self.radius_nm / (0.5 * self.lattice);
        let inside = Inside::new(self.shape, r);
        let h = inside.half_extent();
        let margin = 6;
        let (ca, cb) = (
            [margin + h, margin + h, margin + h],
            [margin + 3 * h, margin + h, margin + h],
        );
        let mut sites = Vec::new();
        let mut labels = Vec::new();
        for x in margin - 1..=margin + 4 * h + 1 {
            for y in margin - 1..=margin + 2 * h + 1 {
                for z in margin - 1..=margin + 2 * h + 1 {
                    if (x + y + z) % 2 != 0 {
                        continue;
                    }
                    let d = |c: [i32; 3]| [x - c[0], y - c[1], z - c[2]];
                    if inside.contains(d(ca)) || inside.contains(d(cb)) {
                        sites.push([x, y, z]);
                        labels.push(u32::from(x > ca[0] + h));
                    }
                }
            }
        }
        let dims = [
            2 * margin + 4 * h + 1,
            2 * margin + 2 * h + 1,
            2 * margin + 2 * h + 1,
        ];
        Lattice::new(dims, &sites, &labels, &self.model, self.seed)
    }
}

/// The ratio k of a cut octahedron |d|₁ ≤ k·c, |d|∞ ≤ c: octahedron 1, truncated octahedron
/// 1.5 (regular: hexagons and squares of equal edges), cuboctahedron 2; None for other shapes.
fn cut_ratio(shape: Shape) -> Option<f64> {
    match shape {
        Shape::Octahedron => Some(1.0),
        Shape::TruncatedOctahedron => Some(1.5),
        Shape::Cuboctahedron => Some(2.0),
        _ => None,
    }
}

/// Which half-lattice offsets d (units a/2) from a particle's centre are inside it.
enum Inside {
    /// |d|² ≤ r², r rounded to a site.
    Sphere { r: i32 },
    /// |d|∞ ≤ c and |d|₁ ≤ ⌊k·c⌋.
    CutOctahedron { c: i32, l1: i32 },
}

impl Inside {
    /// The shape of the same volume as the sphere of radius `r` (units a/2). A cut octahedron of
    /// ratio k (1 ≤ k ≤ 2) has volume V = ((4/3)k³ − 4(k − 1)³)·c³ (the octahedron |d|₁ ≤ kc less
    /// the six pyramids beyond |d|∞ = c), so c = r·((4π/3)/((4/3)k³ − 4(k − 1)³))^(1/3).
    fn new(shape: Shape, r: f64) -> Inside {
        match cut_ratio(shape) {
            None => Inside::Sphere {
                r: libm::round(r) as i32,
            },
            Some(k) => {
                let v = 4.0 / 3.0 * k * k * k - 4.0 * libm::pow(k - 1.0, 3.0);
                let c = libm::round(r * libm::cbrt(4.0 * std::f64::consts::PI / 3.0 / v)).max(1.0);
                Inside::CutOctahedron {
                    c: c as i32,
                    l1: libm::floor(k * c) as i32,
                }
            }
        }
    }

    /// The half-extent along x (units a/2): the contact plane is at this offset.
    fn half_extent(&self) -> i32 {
        match *self {
            Inside::Sphere { r } => r,
            Inside::CutOctahedron { c, .. } => c,
        }
    }

    fn contains(&self, d: [i32; 3]) -> bool {
        match *self {
            Inside::Sphere { r } => d[0] * d[0] + d[1] * d[1] + d[2] * d[2] <= r * r,
            Inside::CutOctahedron { c, l1 } => {
                d.iter().all(|x| x.abs() <= c) && d.iter().map(|x| x.abs()).sum::<i32>() <= l1
            }
        }
    }
}

/// The lattice's atoms as a system of one element (lattice constant `a`, Å), labelled by particle.
pub fn lattice_system(l: &Lattice, a: f64, element: &str, mass: f64) -> System {
    let n = l.len();
    System {
        elements: vec![element.into()],
        masses: vec![mass],
        species: vec![0; n],
        particle: l.label.clone(),
        pos: l.positions(a),
        vel: vec![[0.0; 3]; n],
        cell: None,
        fixed: 0,
        piston: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(shape: Shape, radius_nm: f64) -> KmcNeckSpec {
        KmcNeckSpec {
            shape,
            ..KmcNeckSpec::new(radius_nm, 700.0, 0, 1)
        }
    }

    /// Atoms labelled `p`.
    fn count(l: &Lattice, p: u32) -> usize {
        l.label.iter().filter(|&&q| q == p).count()
    }

    #[test]
    fn faceted_shapes_have_the_spheres_volume_and_the_right_contact() {
        let r_nm = 2.0;
        // The same volume as the spheres, within the rounding of c to a site and the surface
        // sites a cut on the lattice includes.
        let want = spec(Shape::Sphere, r_nm).build().unwrap().len() as f64;
        for shape in [
            Shape::Sphere,
            Shape::Octahedron,
            Shape::Cuboctahedron,
            Shape::TruncatedOctahedron,
        ] {
            let l = spec(shape, r_nm).build().unwrap();
            l.check().unwrap();
            let n = l.len() as f64;
            assert!(
                (n / want - 1.0).abs() < 0.12,
                "{shape:?}: {n} atoms, {want:.0} expected"
            );
            // The two particles are mirror images about the contact plane: B has the atoms of A
            // less the shared plane.
            assert!(count(&l, 0) > count(&l, 1), "{shape:?}");
        }
        // Point contacts share one site; the {100} facets of a cuboctahedron (|y|+|z| ≤ c) and
        // of a truncated octahedron (≤ c/2) share a facet: about 4× as many sites for the former.
        let contact = |shape| {
            let l = spec(shape, r_nm).build().unwrap();
            let pos = l.positions(4.08);
            let x_max = (0..l.len())
                .filter(|&i| l.label[i] == 0)
                .map(|i| pos[i][0])
                .fold(f64::MIN, f64::max);
            (0..l.len())
                .filter(|&i| l.label[i] == 0 && (pos[i][0] - x_max).abs() < 1e-9)
                .count()
        };
        assert_eq!(contact(Shape::Sphere), 1);
        assert_eq!(contact(Shape::Octahedron), 1);
        let (cubo, to) = (
            contact(Shape::Cuboctahedron),
            contact(Shape::TruncatedOctahedron),
        );
        assert!(
            to > 20 && (3.0..5.0).contains(&(cubo as f64 / to as f64)),
            "{cubo} {to}"
        );
    }

    #[test]
    fn twinned_shapes_are_refused_by_name() {
        for shape in [
            Shape::Icosahedron,
            Shape::InoDecahedron,
            Shape::MarksDecahedron,
        ] {
            let e = spec(shape, 1.0).build().err().expect("refused").to_string();
            assert!(
                e.contains(shape.name()) && e.contains("one fcc lattice"),
                "{e}"
            );
        }
    }
}
