//! Scenes: several particles in a chain along an axis with a surface-to-surface gap, or in a
//! compact arrangement ([`Arrangement`]: triangle, square, tetrahedron, or a random packing in a
//! box with a minimum gap).

use super::{build_particle, Cluster, ParticleSpec};
use crate::base::error::Result;
use crate::base::math::{nearest_neighbour, v3, DVec3};
use crate::base::rng::counter_u64;
use crate::neighbor::grid::{bounding_box, CellGrid};
use serde::{Deserialize, Serialize};

/// Most particles in one scene.
pub const MAX_PARTICLES: usize = 64;

/// Random stream tag for per-particle seeds ("particle").
const PARTICLE_STREAM: u64 = 0x7061_7274_6963_6c65;

/// How the particles of a scene are placed.
///
/// - `chain`: along `axis`, consecutive facing planes `gap` apart;
/// - `triangle`, `square` (3 and 4 particles, in the xy plane) and `tetrahedron` (4): particle
///   centres (centres of geometry) at the vertices of the regular figure whose edge puts the
///   facing outermost planes of the tightest pair of neighbours `gap` apart (along each edge u
///   from i to j, the edge must be at least `max_i(x·u) + max_j(−x·u) + gap`); the other
///   neighbours' facing planes are at least `gap` apart;
/// - `random`: random sequential addition in a cube of side `box_angstrom` centred at the origin,
///   each particle's bounding sphere inside the box and at least `gap` from every earlier one's
///   (at most [`RANDOM_TRIES`] tries per particle, drawn from a counter-based stream of the seed).
///
/// The chain ignores nothing; the others ignore `axis`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Default)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Arrangement {
    /// A chain along the axis.
    #[default]
    Chain,
    /// Three particles at the corners of an equilateral triangle.
    Triangle,
    /// Four particles at the corners of a square.
    Square,
    /// Four particles at the corners of a regular tetrahedron.
    Tetrahedron,
    /// A random packing in a cube.
    Random {
        /// Side of the cube, Å.
        box_angstrom: f64,
    },
}

impl Arrangement {
    /// The kinds (link names) with what a menu shows, in menu order.
    pub const MENU: [(&'static str, &'static str); 5] = [
        ("chain", "chain along the axis"),
        ("triangle", "triangle (3 particles)"),
        ("square", "square (4 particles)"),
        ("tetrahedron", "tetrahedron (4 particles)"),
        ("random", "random packing in a box"),
    ];

    /// True for the chain (the default, which scenarios and links leave out).
    pub fn is_chain(&self) -> bool {
        *self == Arrangement::Chain
    }

    /// The link form: `chain`, `triangle`, `square`, `tetrahedron`, `random:BOX_A`.
    pub fn to_link(&self) -> String {
        match self {
            Arrangement::Chain => "chain".into(),
            Arrangement::Triangle => "triangle".into(),
            Arrangement::Square => "square".into(),
            Arrangement::Tetrahedron => "tetrahedron".into(),
            Arrangement::Random { box_angstrom } => {
                format!("random:{}", crate::base::error::readable(*box_angstrom))
            }
        }
    }

    /// Parses the link form.
    pub fn from_link(v: &str) -> Result<Arrangement> {
        Ok(match v {
            "chain" => Arrangement::Chain,
            "triangle" => Arrangement::Triangle,
            "square" => Arrangement::Square,
            "tetrahedron" => Arrangement::Tetrahedron,
            _ => match v.strip_prefix("random:").map(str::parse::<f64>) {
                Some(Ok(b)) => Arrangement::Random { box_angstrom: b },
                _ => bail!(
                    "unknown arrangement '{}' (use chain, triangle, square, tetrahedron or random:BOX_A)",
                    v.chars().take(40).collect::<String>()
                ),
            },
        })
    }

    /// How many particles the figure takes (None: any number).
    pub fn particle_count(&self) -> Option<usize> {
        match self {
            Arrangement::Triangle => Some(3),
            Arrangement::Square | Arrangement::Tetrahedron => Some(4),
            _ => None,
        }
    }

    /// The vertices of the regular figure of unit edge, centred at the origin.
    fn unit_vertices(&self) -> Vec<[f64; 3]> {
        let polygon = |n: usize, start_deg: f64| -> Vec<[f64; 3]> {
            // Circumradius of a regular n-gon of unit edge: 1 / (2 sin(π/n)).
            let rc = 0.5 / libm::sin(std::f64::consts::PI / n as f64);
            (0..n)
                .map(|k| {
                    let a = (start_deg + 360.0 * k as f64 / n as f64).to_radians();
                    [rc * libm::cos(a), rc * libm::sin(a), 0.0]
                })
                .collect()
        };
        match self {
            Arrangement::Triangle => polygon(3, 90.0),
            Arrangement::Square => polygon(4, 45.0),
            Arrangement::Tetrahedron => {
                // Alternate corners of a cube of side 1/√2: edge 1.
                let h = 0.5 / std::f64::consts::SQRT_2;
                vec![[h, h, h], [h, -h, -h], [-h, h, -h], [-h, -h, h]]
            }
            _ => Vec::new(),
        }
    }
}

/// Most placement tries per particle of a random packing.
pub const RANDOM_TRIES: u64 = 100_000;

/// Random stream tag for the random packing's placements ("packing").
const PACKING_STREAM: u64 = 0x7061_636b_696e_6700;

/// Particles placed in a chain or another arrangement.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SceneSpec {
    /// The particles, in chain order.
    pub particles: Vec<ParticleSpec>,
    /// Surface-to-surface gap in Å between consecutive particles along `axis`: the distance between
    /// the facing outermost atomic planes, i.e. (min projection of particle k+1) − (max projection
    /// of particle k). May be negative (overlap), but not below −½ × the smaller diameter.
    pub gap_angstrom: f64,
    /// Direction of the chain (normalised internally; default [1, 0, 0]).
    #[serde(default = "default_axis")]
    pub axis: [f64; 3],
    /// How the particles are placed (default: a chain along `axis`).
    #[serde(default, skip_serializing_if = "Arrangement::is_chain")]
    pub arrangement: Arrangement,
}

fn default_axis() -> [f64; 3] {
    SceneSpec::DEFAULT_AXIS
}

impl SceneSpec {
    /// Gap between facing surfaces when none is given (links, the CLI), Å.
    pub const DEFAULT_GAP: f64 = 4.0;
    /// Chain direction when none is given.
    pub const DEFAULT_AXIS: [f64; 3] = [1.0, 0.0, 0.0];
}

/// The seed of particle k of a scene: a counter-based hash of (scene seed, k).
pub fn particle_seed(seed: u64, k: usize) -> u64 {
    counter_u64(seed, PARTICLE_STREAM, k as u64)
}

/// Builds the particles (particle k with [`particle_seed`]`(seed, k)`), places them along the axis
/// so that consecutive facing planes are `gap_angstrom` apart, and centres the scene (centre of
/// geometry at the origin). Atoms carry particle labels 0, 1, 2, …; atoms of different particles
/// closer than ½ × the smallest nearest-neighbour distance are an error naming the particles.
pub fn build_scene(
    scene: &SceneSpec,
    lattice: &dyn Fn(&str) -> Option<f64>,
    seed: u64,
) -> Result<Cluster> {
    let u = validate(scene)?;
    if !scene.arrangement.is_chain() {
        return build_arranged(scene, lattice, seed);
    }
    let mut out = Cluster::default();
    let mut prev_max = 0.0;
    for (k, spec) in scene.particles.iter().enumerate() {
        let mut c = build_particle(spec, lattice, particle_seed(seed, k))
            .map_err(|e| e.context(format!("particle {}", k + 1)))?;
        let (lo, hi) = extent(&c, u);
        let shift = if k == 0 {
            0.0
        } else {
            prev_max + scene.gap_angstrom - lo
        };
        c.translate(u.map(|x| x * shift));
        prev_max = hi + shift;
        out.append(&c, k as u32);
    }
    let g = out.center_of_geometry();
    out.translate(g.map(|v| -v));
    check_separation(&out, lattice)?;
    Ok(out)
}

/// Builds the particles of a non-chain arrangement (see [`Arrangement`]), each centred on its
/// place, and centres the scene.
fn build_arranged(
    scene: &SceneSpec,
    lattice: &dyn Fn(&str) -> Option<f64>,
    seed: u64,
) -> Result<Cluster> {
    let mut built = Vec::with_capacity(scene.particles.len());
    for (k, spec) in scene.particles.iter().enumerate() {
        let mut c = build_particle(spec, lattice, particle_seed(seed, k))
            .map_err(|e| e.context(format!("particle {}", k + 1)))?;
        let g = c.center_of_geometry();
        c.translate(g.map(|v| -v));
        let r = c
            .positions
            .iter()
            .map(|p| v3(*p).length())
            .fold(0.0, f64::max);
        built.push((c, r));
    }
    let radii: Vec<f64> = built.iter().map(|b| b.1).collect();
    let centres = match scene.arrangement {
        Arrangement::Random { box_angstrom } => {
            random_packing(&radii, box_angstrom, scene.gap_angstrom, seed)?
        }
        a => {
            // The edge that puts the facing planes of the tightest pair of neighbours `gap` apart:
            // along each edge u from i to j, max_i(x·u) + max_j(−x·u) + gap.
            let unit = a.unit_vertices();
            let reach = |c: &Cluster, u: DVec3| {
                c.positions
                    .iter()
                    .map(|p| v3(*p).dot(u))
                    .fold(f64::NEG_INFINITY, f64::max)
            };
            let mut edge: f64 = 0.0;
            for i in 0..unit.len() {
                for j in i + 1..unit.len() {
                    let d = v3(unit[j]) - v3(unit[i]);
                    if (d.length() - 1.0).abs() > 1e-9 {
                        continue; // not neighbours (a square's diagonal)
                    }
                    edge = edge.max(reach(&built[i].0, d) + reach(&built[j].0, -d));
                }
            }
            let edge = edge + scene.gap_angstrom;
            unit.into_iter().map(|v| v.map(|x| x * edge)).collect()
        }
    };
    let mut out = Cluster::default();
    for (k, ((mut c, _), centre)) in built.into_iter().zip(centres).enumerate() {
        c.translate(centre);
        out.append(&c, k as u32);
    }
    let g = out.center_of_geometry();
    out.translate(g.map(|v| -v));
    check_separation(&out, lattice)?;
    Ok(out)
}

/// Centres for spheres of `radii` (Å) by random sequential addition in a cube of side `side` (Å)
/// centred at the origin, each sphere inside the cube and at least `gap` (Å) from the earlier
/// ones; an error names the particle that found no place in [`RANDOM_TRIES`] tries.
fn random_packing(radii: &[f64], side: f64, gap: f64, seed: u64) -> Result<Vec<[f64; 3]>> {
    let mut centres: Vec<[f64; 3]> = Vec::with_capacity(radii.len());
    let mut counter = 0u64;
    for (k, &r) in radii.iter().enumerate() {
        let room = 0.5 * side - r;
        if room < 0.0 {
            bail!(
                "particle {} (bounding radius {:.1} Å) does not fit in the {} Å box: use a box of at least {:.0} Å",
                k + 1,
                r,
                crate::base::error::readable(side),
                (2.0 * r).ceil()
            );
        }
        let mut placed = None;
        for _ in 0..RANDOM_TRIES {
            let p = [0, 1, 2].map(|_| {
                counter += 1;
                let u = crate::base::rng::u64_to_open01(counter_u64(seed, PACKING_STREAM, counter));
                room * (2.0 * u - 1.0)
            });
            let free = centres
                .iter()
                .zip(radii)
                .all(|(c, &rc)| v3(*c).distance(v3(p)) >= r + rc + gap);
            if free {
                placed = Some(p);
                break;
            }
        }
        match placed {
            Some(p) => centres.push(p),
            None => bail!(
                "no place for particle {} of {} in the {} Å box with a {} Å gap after {RANDOM_TRIES} tries: use a larger box or fewer particles",
                k + 1,
                radii.len(),
                crate::base::error::readable(side),
                crate::base::error::readable(gap)
            ),
        }
    }
    Ok(centres)
}

/// Checks the scene parameters; returns the unit chain axis.
fn validate(scene: &SceneSpec) -> Result<[f64; 3]> {
    let np = scene.particles.len();
    if np == 0 {
        bail!("the scene has no particles (at least 1 is needed)");
    }
    if np > MAX_PARTICLES {
        bail!("the scene has {np} particles; at most {MAX_PARTICLES} are allowed");
    }
    let norm = v3(scene.axis).length();
    if !(norm.is_finite() && norm > 1e-12) {
        bail!(
            "the scene axis {:?} must be a finite, non-zero vector",
            scene.axis
        );
    }
    let gap = scene.gap_angstrom;
    // Beyond 1000 Å two particles never meet in any run the page or a laptop can do, and far
    // larger gaps lose the atoms' positions to rounding.
    if !(gap.is_finite() && gap <= 1000.0) {
        bail!(
            "the gap {} Å is out of range (at most 1000 Å; negative gaps overlap the particles by up to half the smaller diameter)",
            crate::base::error::readable(gap)
        );
    }
    if let Some(n) = scene.arrangement.particle_count() {
        if np != n {
            bail!(
                "a {} takes {n} particles; the scene has {np}",
                scene.arrangement.to_link()
            );
        }
    }
    if let Arrangement::Random { box_angstrom } = scene.arrangement {
        if !(box_angstrom.is_finite() && box_angstrom > 0.0 && box_angstrom <= 2000.0) {
            bail!(
                "the random packing's box {} Å is out of range (0, 2000] Å",
                crate::base::error::readable(box_angstrom)
            );
        }
        if gap < 0.0 {
            bail!("a random packing needs a gap of at least 0 Å (it is {gap} Å)");
        }
    } else if !scene.arrangement.is_chain() && gap < 0.0 {
        bail!(
            "a {} needs a gap of at least 0 Å (it is {gap} Å)",
            scene.arrangement.to_link()
        );
    }
    for k in 1..np {
        let smaller = 10.0
            * scene.particles[k - 1]
                .diameter_nm
                .min(scene.particles[k].diameter_nm);
        if gap < -0.5 * smaller {
            bail!(
                "gap {gap} Å overlaps particles {k} and {} by more than half the smaller diameter ({:.2} Å)",
                k + 1,
                0.5 * smaller
            );
        }
    }
    Ok(scene.axis.map(|x| x / norm))
}

/// Smallest and largest projection of the atoms on the unit vector u, Å.
fn extent(c: &Cluster, u: [f64; 3]) -> (f64, f64) {
    c.positions
        .iter()
        .map(|p| v3(*p).dot(v3(u)))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        })
}

/// The smallest nearest-neighbour distance a/√2 (Å) over the elements present.
fn smallest_nearest_neighbour(c: &Cluster, lattice: &dyn Fn(&str) -> Option<f64>) -> f64 {
    c.elements
        .iter()
        .filter_map(|e| lattice(e))
        .map(nearest_neighbour)
        .fold(f64::INFINITY, f64::min)
}

/// Axis-aligned bounding box (min corner, max corner) of each particle's atoms, grown by `margin`.
fn particle_boxes(c: &Cluster, margin: f64) -> Vec<([f64; 3], [f64; 3])> {
    let np = c
        .particle
        .iter()
        .map(|&l| l as usize + 1)
        .max()
        .unwrap_or(0);
    let mut boxes = vec![([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]); np];
    for (p, &l) in c.positions.iter().zip(&c.particle) {
        let (lo, hi) = &mut boxes[l as usize];
        for q in 0..3 {
            lo[q] = lo[q].min(p[q] - margin);
            hi[q] = hi[q].max(p[q] + margin);
        }
    }
    boxes
}

/// For the first pair of particles (k, l), k < l, in that order, with atoms closer than `limit`
/// (Å): their closest pair of atoms (i of particle k, j of particle l, distance). Only atoms
/// inside the overlap of the two particles' bounding boxes (grown by `limit`) can be that close,
/// so only those are put on the cell grid ([`crate::neighbor::grid`]) of cell size `limit`.
pub fn closest_foreign_pair(c: &Cluster, limit: f64) -> Option<(usize, usize, f64)> {
    let boxes = particle_boxes(c, limit);
    for k in 0..boxes.len() {
        for l in k + 1..boxes.len() {
            let lo = [0, 1, 2].map(|q| boxes[k].0[q].max(boxes[l].0[q]));
            let hi = [0, 1, 2].map(|q| boxes[k].1[q].min(boxes[l].1[q]));
            if (0..3).any(|q| lo[q] > hi[q]) {
                continue;
            }
            let inside = |i: usize, label: usize| {
                c.particle[i] as usize == label
                    && (0..3).all(|q| c.positions[i][q] >= lo[q] && c.positions[i][q] <= hi[q])
            };
            let first: Vec<usize> = (0..c.len()).filter(|&i| inside(i, k)).collect();
            let second: Vec<usize> = (0..c.len()).filter(|&j| inside(j, l)).collect();
            if let Some(hit) = closest_pair(c, &first, &second, limit) {
                return Some(hit);
            }
        }
    }
    None
}

/// The closest (i in `first`, j in `second`) with |r_i − r_j| < limit (ties: the lowest i, then
/// j), by a cell grid over `second`.
fn closest_pair(
    c: &Cluster,
    first: &[usize],
    second: &[usize],
    limit: f64,
) -> Option<(usize, usize, f64)> {
    let pos: Vec<[f64; 3]> = second.iter().map(|&j| c.positions[j]).collect();
    let (lo, hi) = bounding_box(&pos);
    let grid = CellGrid::new(lo, hi, limit, (2 * pos.len()).max(27));
    let bins = grid.bin(&pos);
    let mut best: Option<(usize, usize, f64)> = None;
    for &i in first {
        let p = v3(c.positions[i]);
        grid.for_each_near(&bins, &c.positions[i], |k| {
            let j = second[k as usize];
            let d = p.distance(v3(c.positions[j]));
            if d < limit && best.is_none_or(|b| (d, i, j) < (b.2, b.0, b.1)) {
                best = Some((i, j, d));
            }
        });
    }
    best
}

/// Errors if atoms of different particles are closer than ½ × the smallest nearest-neighbour
/// distance of the elements present.
fn check_separation(c: &Cluster, lattice: &dyn Fn(&str) -> Option<f64>) -> Result<()> {
    let limit = 0.5 * smallest_nearest_neighbour(c, lattice);
    if !limit.is_finite() {
        return Ok(());
    }
    if let Some((i, j, d)) = closest_foreign_pair(c, limit) {
        bail!(
            "particles {} and {} overlap: atoms {:.2} Å apart (minimum {:.2} Å); increase the gap",
            c.particle[i] + 1,
            c.particle[j] + 1,
            d,
            limit
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Chemistry, Shape};
    use super::*;

    fn au(e: &str) -> Option<f64> {
        (e == "Au").then_some(4.08)
    }

    fn particle(shape: Shape, d: f64, rotation_deg: [f64; 3]) -> ParticleSpec {
        ParticleSpec {
            shape,
            diameter_nm: d,
            chemistry: Chemistry::Pure {
                element: "Au".into(),
            },
            rotation_deg,
        }
    }

    fn sphere(d: f64) -> ParticleSpec {
        particle(Shape::Sphere, d, [0.0; 3])
    }

    /// (max projection of particle k, min projection of particle k+1) along u.
    fn facing(c: &Cluster, u: [f64; 3], k: u32) -> (f64, f64) {
        let of = |l: u32| (0..c.len()).filter(move |&i| c.particle[i] == l);
        let hi = of(k)
            .map(|i| v3(c.positions[i]).dot(v3(u)))
            .fold(f64::NEG_INFINITY, f64::max);
        let lo = of(k + 1)
            .map(|i| v3(c.positions[i]).dot(v3(u)))
            .fold(f64::INFINITY, f64::min);
        (hi, lo)
    }

    /// Centres of geometry of each particle of a built scene.
    fn centres(c: &Cluster) -> Vec<[f64; 3]> {
        let np = c.particle.iter().max().map_or(0, |&m| m as usize + 1);
        (0..np as u32)
            .map(|l| {
                let idx: Vec<usize> = (0..c.len()).filter(|&i| c.particle[i] == l).collect();
                let mut g = [0.0; 3];
                for &i in &idx {
                    for q in 0..3 {
                        g[q] += c.positions[i][q] / idx.len() as f64;
                    }
                }
                g
            })
            .collect()
    }

    /// Smallest distance between atoms of particles k and l.
    fn closest(c: &Cluster, k: u32, l: u32) -> f64 {
        let mut d = f64::INFINITY;
        for i in (0..c.len()).filter(|&i| c.particle[i] == k) {
            for j in (0..c.len()).filter(|&j| c.particle[j] == l) {
                d = d.min(v3(c.positions[i]).distance(v3(c.positions[j])));
            }
        }
        d
    }

    /// Triangle, square and tetrahedron: the centres form the regular figure (all neighbour
    /// distances equal), no atoms of neighbouring particles are closer than the gap, the tightest
    /// pair is at it (within 0.5 Å: its facing atoms need not lie on the centre line) and the
    /// others within 2 Å (their facing planes are other lattice planes); the scene is centred.
    #[test]
    fn compact_arrangements_are_regular_figures_with_the_gap_between_neighbours() {
        let au_sphere = |d| sphere(d);
        for (arr, n, neighbours) in [
            (Arrangement::Triangle, 3, vec![(0, 1), (1, 2), (0, 2)]),
            (Arrangement::Square, 4, vec![(0, 1), (1, 2), (2, 3), (0, 3)]),
            (
                Arrangement::Tetrahedron,
                4,
                vec![(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)],
            ),
        ] {
            let scene = SceneSpec {
                particles: (0..n).map(|_| au_sphere(2.0)).collect(),
                gap_angstrom: 3.0,
                axis: [1.0, 0.0, 0.0],
                arrangement: arr,
            };
            let c = build_scene(&scene, &au, 1).unwrap();
            assert!(c.center_of_geometry().iter().all(|x| x.abs() < 1e-9));
            let g = centres(&c);
            let d: Vec<f64> = neighbours
                .iter()
                .map(|&(i, j)| v3(g[i]).distance(v3(g[j])))
                .collect();
            assert!(d.iter().all(|x| (x - d[0]).abs() < 1e-9), "{arr:?}: {d:?}");
            let gaps: Vec<f64> = neighbours
                .iter()
                .map(|&(i, j)| closest(&c, i as u32, j as u32))
                .collect();
            let (lo, hi) = gaps
                .iter()
                .fold((f64::INFINITY, 0.0f64), |(a, b), &g| (a.min(g), b.max(g)));
            assert!(
                (3.0 - 1e-9..3.5).contains(&lo) && hi < 5.0,
                "{arr:?}: closest atoms {gaps:?} Å"
            );
            if arr == Arrangement::Square {
                let diag = v3(g[0]).distance(v3(g[2]));
                assert!((diag - d[0] * 2f64.sqrt()).abs() < 1e-9);
            }
        }
        let wrong = SceneSpec {
            particles: vec![sphere(2.0), sphere(2.0)],
            gap_angstrom: 3.0,
            axis: [1.0, 0.0, 0.0],
            arrangement: Arrangement::Tetrahedron,
        };
        let e = build_scene(&wrong, &au, 1).unwrap_err().to_string();
        assert!(e.contains("tetrahedron takes 4 particles"), "{e}");
    }

    /// A random packing: reproducible for a seed, different for another, every particle inside
    /// the box and at least the gap from every other; an impossible packing names the particle.
    #[test]
    fn random_packings_keep_the_gap_and_the_box() {
        let scene = |box_a: f64| SceneSpec {
            particles: (0..6).map(|k| sphere(1.5 + 0.1 * k as f64)).collect(),
            gap_angstrom: 2.0,
            axis: [1.0, 0.0, 0.0],
            arrangement: Arrangement::Random {
                box_angstrom: box_a,
            },
        };
        let a = build_scene(&scene(70.0), &au, 3).unwrap();
        assert_eq!(
            a.positions,
            build_scene(&scene(70.0), &au, 3).unwrap().positions
        );
        assert_ne!(
            a.positions,
            build_scene(&scene(70.0), &au, 4).unwrap().positions
        );
        for k in 0..6u32 {
            for l in k + 1..6 {
                assert!(closest(&a, k, l) >= 2.0 - 1e-9, "{k}-{l}");
            }
        }
        let (lo, hi) = bounding_box(&a.positions);
        assert!((0..3).all(|q| hi[q] - lo[q] <= 70.0), "{lo:?} {hi:?}");
        let e = build_scene(&scene(30.0), &au, 3).unwrap_err().to_string();
        assert!(
            e.contains("no place for particle") && e.contains("larger box"),
            "{e}"
        );
        let e = build_scene(&scene(10.0), &au, 3).unwrap_err().to_string();
        assert!(e.contains("does not fit"), "{e}");
    }

    #[test]
    fn arrangements_read_back_from_their_link_form() {
        for a in [
            Arrangement::Chain,
            Arrangement::Triangle,
            Arrangement::Square,
            Arrangement::Tetrahedron,
            Arrangement::Random { box_angstrom: 85.5 },
        ] {
            assert_eq!(Arrangement::from_link(&a.to_link()).unwrap(), a);
        }
        let e = Arrangement::from_link("pentagon").unwrap_err().to_string();
        assert!(e.contains("unknown arrangement 'pentagon'"), "{e}");
        assert!(Arrangement::from_link("random:x").is_err());
    }

    #[test]
    fn two_gold_spheres_have_facing_planes_the_gap_apart() {
        let scene = SceneSpec {
            particles: vec![sphere(3.0), sphere(3.0)],
            gap_angstrom: 4.0,
            axis: [1.0, 0.0, 0.0],
            arrangement: Default::default(),
        };
        let c = build_scene(&scene, &au, 1).unwrap();
        let (hi, lo) = facing(&c, [1.0, 0.0, 0.0], 0);
        assert!((lo - hi - 4.0).abs() < 1e-9, "gap {}", lo - hi);
        assert!(c.center_of_geometry().iter().all(|x| x.abs() < 1e-9));
        let n0 = c.particle.iter().filter(|&&p| p == 0).count();
        assert_eq!(n0, c.len() / 2);
        assert!(c.particle[..n0].iter().all(|&p| p == 0));
        assert!(c.particle[n0..].iter().all(|&p| p == 1));
        assert_eq!(c.elements, vec!["Au"]);
        // The particles' centres lie on the axis, symmetric about the origin.
        let centre = |l: u32| {
            let idx: Vec<usize> = (0..c.len()).filter(|&i| c.particle[i] == l).collect();
            let mut g = [0.0; 3];
            for &i in &idx {
                for q in 0..3 {
                    g[q] += c.positions[i][q] / idx.len() as f64;
                }
            }
            g
        };
        let (g0, g1) = (centre(0), centre(1));
        assert!(g0[1].abs() < 1e-9 && g0[2].abs() < 1e-9 && (g0[0] + g1[0]).abs() < 1e-9);
    }

    #[test]
    fn rotated_particles_keep_their_centres_and_the_gap() {
        let base = SceneSpec {
            particles: vec![
                particle(Shape::Cuboctahedron, 2.0, [0.0; 3]),
                particle(Shape::Cuboctahedron, 2.0, [0.0; 3]),
            ],
            gap_angstrom: 3.0,
            axis: [1.0, 0.0, 0.0],
            arrangement: Default::default(),
        };
        let mut turned = base.clone();
        turned.particles[1].rotation_deg = [0.0, 0.0, 45.0];
        let a = build_scene(&base, &au, 1).unwrap();
        let b = build_scene(&turned, &au, 1).unwrap();
        assert_eq!(a.len(), b.len());
        assert_ne!(a.positions, b.positions);
        let (hi, lo) = facing(&b, [1.0, 0.0, 0.0], 0);
        assert!((lo - hi - 3.0).abs() < 1e-9);
        assert!(b.center_of_geometry().iter().all(|x| x.abs() < 1e-9));
    }

    #[test]
    fn diagonal_axis_and_three_particle_chains() {
        let scene = SceneSpec {
            particles: vec![
                sphere(2.0),
                particle(Shape::Icosahedron, 1.5, [10.0, 20.0, 30.0]),
                particle(Shape::MarksDecahedron, 2.0, [0.0; 3]),
            ],
            gap_angstrom: 3.0,
            axis: [1.0, 1.0, 0.0],
            arrangement: Default::default(),
        };
        let c = build_scene(&scene, &au, 1).unwrap();
        let u = [1.0 / 2f64.sqrt(), 1.0 / 2f64.sqrt(), 0.0];
        for k in 0..2u32 {
            let (hi, lo) = facing(&c, u, k);
            assert!((lo - hi - 3.0).abs() < 1e-9);
        }
        assert_eq!(*c.particle.last().unwrap(), 2);
        assert!(c.center_of_geometry().iter().all(|x| x.abs() < 1e-9));
    }

    #[test]
    fn particle_seeds_differ_and_are_reproducible() {
        let alloy = ParticleSpec {
            chemistry: Chemistry::RandomAlloy {
                elements: vec!["Au".into(), "Ag".into()],
                fractions: vec![0.5, 0.5],
            },
            ..sphere(2.0)
        };
        let scene = SceneSpec {
            particles: vec![alloy.clone(), alloy],
            gap_angstrom: 4.0,
            axis: [1.0, 0.0, 0.0],
            arrangement: Default::default(),
        };
        let lat = |e: &str| Some(if e == "Au" { 4.08 } else { 4.09 });
        let c = build_scene(&scene, &lat, 9).unwrap();
        assert_eq!(c, build_scene(&scene, &lat, 9).unwrap());
        let half = c.len() / 2;
        assert_ne!(c.species[..half], c.species[half..]);
    }

    #[test]
    fn bad_scenes_are_refused() {
        let mk = |gap: f64, axis: [f64; 3]| SceneSpec {
            particles: vec![sphere(2.0), sphere(2.0)],
            gap_angstrom: gap,
            axis,
            arrangement: Default::default(),
        };
        let err = |s: &SceneSpec| build_scene(s, &au, 1).unwrap_err().message().to_string();
        assert!(err(&mk(-15.0, [1.0, 0.0, 0.0])).contains("more than half"));
        let overlap = err(&mk(-3.0, [1.0, 0.0, 0.0]));
        assert!(overlap.contains("particles 1 and 2 overlap"), "{overlap}");
        assert!(err(&mk(4.0, [0.0, 0.0, 0.0])).contains("non-zero"));
        assert!(err(&mk(4.0, [f64::NAN, 0.0, 0.0])).contains("non-zero"));
        assert!(err(&mk(f64::INFINITY, [1.0, 0.0, 0.0])).contains("out of range (at most 1000 Å"));
        assert!(err(&mk(1e300, [1.0, 0.0, 0.0])).contains("the gap 1e300 Å is out of range"));
        let empty = SceneSpec {
            particles: vec![],
            gap_angstrom: 1.0,
            axis: [1.0, 0.0, 0.0],
            arrangement: Default::default(),
        };
        assert!(err(&empty).contains("no particles"));
        let mut unknown = mk(4.0, [1.0, 0.0, 0.0]);
        unknown.particles[1].chemistry = Chemistry::Pure {
            element: "Xx".into(),
        };
        let e = err(&unknown);
        assert!(
            e.contains("particle 2") && e.contains("unknown element 'Xx'"),
            "{e}"
        );
    }

    #[test]
    fn overlap_search_agrees_with_brute_force() {
        let scene = SceneSpec {
            particles: vec![
                sphere(1.5),
                particle(Shape::Icosahedron, 1.5, [0.0, 30.0, 0.0]),
                sphere(1.2),
            ],
            gap_angstrom: 1.0,
            axis: [1.0, 0.5, 0.0],
            arrangement: Default::default(),
        };
        let c = build_scene(&scene, &au, 1).unwrap();
        for limit in [0.5, 1.0, 2.0, 3.0, 4.0] {
            // Brute force: the first particle pair (in order) with a close pair, and its closest.
            let mut brute: Option<(u32, u32, f64)> = None;
            for i in 0..c.len() {
                for j in 0..c.len() {
                    let (pi, pj) = (c.particle[i], c.particle[j]);
                    let d = v3(c.positions[i]).distance(v3(c.positions[j]));
                    if pi < pj && d < limit && brute.is_none_or(|b| (pi, pj, d) < b) {
                        brute = Some((pi, pj, d));
                    }
                }
            }
            let fast = closest_foreign_pair(&c, limit);
            assert_eq!(fast.is_some(), brute.is_some(), "limit {limit}");
            if let (Some((i, j, d)), Some(b)) = (fast, brute) {
                assert_eq!((c.particle[i], c.particle[j], d), b, "limit {limit}");
                assert!((v3(c.positions[i]).distance(v3(c.positions[j])) - d).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn single_particle_scene_is_the_centred_particle() {
        let scene = SceneSpec {
            particles: vec![sphere(2.0)],
            gap_angstrom: 0.0,
            axis: [0.0, 0.0, 1.0],
            arrangement: Default::default(),
        };
        let c = build_scene(&scene, &au, 3).unwrap();
        let p = build_particle(&sphere(2.0), &au, particle_seed(3, 0)).unwrap();
        assert_eq!(c.len(), p.len());
        assert!(c.particle.iter().all(|&l| l == 0));
    }

    #[test]
    fn axis_defaults_to_x_in_serde() {
        let j = r#"{"particles":[{"shape":"sphere","diameter_nm":2.0,
            "chemistry":{"kind":"pure","element":"Au"}}],"gap_angstrom":4.0}"#;
        let s: SceneSpec = serde_json::from_str(j).unwrap();
        assert_eq!(s.axis, [1.0, 0.0, 0.0]);
        assert_eq!(s.particles[0].rotation_deg, [0.0; 3]);
    }
}
