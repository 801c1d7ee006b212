//! Surface atoms, surface area and surface composition, by a probe sphere (Shrake–Rupley).
//!
//! Every atom is a sphere of radius d/2 (d the bond length, the median nearest-neighbour
//! distance); a probe sphere of radius d/2 rolls over them. The probe centre can reach the points
//! at distance R = d from an atom's centre that lie farther than R from every other atom: those
//! points form the probe-accessible surface. It is sampled with M = 96 points per atom on a
//! Fibonacci sphere (fixed, so the result is deterministic).
//! The bond length d is the first frame's (kept for the later ones).
//! - surface atom: at least one of its points is accessible (the probe touches it). A probe of
//!   radius d/2 cannot pass through the holes of close-packed or (100) layers, so sub-surface
//!   atoms are never counted;
//! - surface area: A = Σᵢ 4πR² · (accessible points of i)/M, Å² (the area of the surface traced by
//!   the probe centre; it is reported mostly as A/A₀ relative to the first frame);
//! - surface fraction of element e: surface atoms of e / surface atoms (segregation);
//! - sintering time τ: see [`super::fit::sintering_time`] on the A/A₀ series.
//!
//! Cost: one neighbour search within 2R plus O(N·M·k) point tests, k the few nearest neighbours
//! that usually bury a point (nearest first, early exit); about 0.1 s for 10,000 atoms on one core
//! (parallel over atoms).

use super::Observable;
use crate::base::error::Result;
use crate::base::math::{v3, DVec3};
use crate::base::parallel;
use crate::neighbor::NeighborLists;
use crate::system::System;

/// Points per atom.
pub const POINTS: usize = 96;

/// Unit vectors of a Fibonacci sphere of `m` points.
pub fn fibonacci_sphere(m: usize) -> Vec<DVec3> {
    let golden = std::f64::consts::PI * (3.0 - libm::sqrt(5.0));
    (0..m)
        .map(|k| {
            let z = 1.0 - (2.0 * k as f64 + 1.0) / m as f64;
            let r = libm::sqrt(1.0 - z * z);
            let phi = golden * k as f64;
            DVec3::new(r * libm::cos(phi), r * libm::sin(phi), z)
        })
        .collect()
}

/// Per atom: the number of accessible points (0 for buried atoms), with probe-accessible radius
/// `r_access` (Å).
pub fn accessible_points(sys: &System, r_access: f64) -> Result<Vec<u32>> {
    let nl = NeighborLists::build(&sys.pos, sys.cell, 2.0 * r_access)?;
    let dirs = fibonacci_sphere(POINTS);
    let r2 = r_access * r_access;
    Ok(parallel::map_range(sys.len(), |i| {
        open_points(nl.of(i), &dirs, r_access, r2)
    }))
}

/// How many of the probe points `u · r_access` around an atom lie farther than √`r2` from all of
/// its neighbours (vectors `n.d`).
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn open_points(neigh: &[crate::neighbor::Neighbor], dirs: &[DVec3], r_access: f64, r2: f64) -> u32 {
    dirs.iter()
        .filter(|u| {
            let p = **u * r_access;
            !neigh.iter().any(|n| p.distance_squared(v3(n.d)) < r2)
        })
        .count() as u32
}

/// Surface atoms and the surface area of one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct SurfaceMeasure {
    /// True for surface atoms.
    pub is_surface: Vec<bool>,
    /// Probe-accessible surface area, Å².
    pub area: f64,
}

/// Surface atoms and area with bond length `d` (Å).
pub fn measure_surface(sys: &System, d: f64) -> Result<SurfaceMeasure> {
    let pts = accessible_points(sys, d)?;
    let per_point = 4.0 * std::f64::consts::PI * d * d / POINTS as f64;
    Ok(SurfaceMeasure {
        area: pts.iter().map(|&p| p as f64).sum::<f64>() * per_point,
        is_surface: pts.iter().map(|&p| p > 0).collect(),
    })
}

/// `surface` as a per-atom classifier: 1 for surface atoms, 0 for the others.
pub struct SurfaceAtoms;

impl super::classify::AtomClassifier for SurfaceAtoms {
    fn name(&self) -> &'static str {
        "surface"
    }
    fn classify(&self, sys: &System, d: f64) -> Result<Vec<u32>> {
        Ok(measure_surface(sys, d)?
            .is_surface
            .into_iter()
            .map(u32::from)
            .collect())
    }
}

/// `surface`: surface atoms, area, area relative to the first frame, surface fraction per element.
///
/// The bond length (probe size) is taken from the first frame and kept, so that the areas of all
/// frames are measured with the same probe.
#[derive(Default)]
pub struct Surface {
    first: Option<(f64, f64)>,
}

impl Observable for Surface {
    fn name(&self) -> &'static str {
        "surface"
    }
    fn columns(&self, sys: &System) -> Vec<String> {
        let mut c: Vec<String> = ["surface_atoms", "surface_area_A2", "area_ratio"]
            .map(String::from)
            .to_vec();
        c.extend(sys.elements.iter().map(|e| format!("surface_frac_{e}")));
        c
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        let d = match self.first {
            Some((d, _)) => d,
            None => super::bond_length(sys)?,
        };
        let m = measure_surface(sys, d)?;
        let a0 = self.first.get_or_insert((d, m.area)).1;
        let n_surf = m.is_surface.iter().filter(|&&s| s).count();
        let mut row = vec![n_surf as f64, m.area, m.area / a0];
        for t in 0..sys.elements.len() {
            let k = (0..sys.len())
                .filter(|&i| m.is_surface[i] && sys.species[i] as usize == t)
                .count();
            row.push(if n_surf > 0 {
                k as f64 / n_surf as f64
            } else {
                f64::NAN
            });
        }
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;
    use crate::structure::size::Ladder;

    #[test]
    fn a_lone_atom_exposes_its_whole_sphere() {
        let sys = system("Au", vec![[0.0; 3], [50.0, 0.0, 0.0]], vec![0, 0]);
        let m = measure_surface(&sys, 2.88).unwrap();
        let want = 2.0 * 4.0 * std::f64::consts::PI * 2.88 * 2.88;
        assert!((m.area - want).abs() < 1e-9 * want);
        assert_eq!(m.is_surface, vec![true, true]);
    }

    #[test]
    fn cuboctahedron_surface_is_its_outer_shell() {
        // A cuboctahedron of k shells has 10k² + 2 atoms in its outer shell.
        for k in 3..=6usize {
            let pos = Ladder::Cuboctahedron.positions(k, 4.08);
            let n = pos.len();
            let sys = system("Au", pos, vec![0; n]);
            let m = measure_surface(&sys, 4.08 / 2f64.sqrt()).unwrap();
            let count = m.is_surface.iter().filter(|&&s| s).count();
            assert_eq!(count, 10 * k * k + 2, "k = {k}: {n} atoms");
        }
    }

    #[test]
    fn sphere_area_is_near_the_smooth_sphere_and_grows_as_r_squared() {
        let a = 4.08;
        let d = a / 2f64.sqrt();
        let area = |r: f64| {
            let pos = fcc_sphere(a, [0.1, 0.2, 0.3], r);
            let n = pos.len();
            measure_surface(&system("Au", pos, vec![0; n]), d)
                .unwrap()
                .area
        };
        // The accessible surface is roughly a sphere of radius r + d, made 5–15 % larger by the
        // atomic steps of a lattice sphere; the ratio of two sizes follows (r + d)².
        let (a15, a25) = (area(15.0), area(25.0));
        let smooth = |r: f64| 4.0 * std::f64::consts::PI * (r + d).powi(2);
        for (got, r) in [(a15, 15.0), (a25, 25.0)] {
            let ratio = got / smooth(r);
            assert!(
                (1.0..1.15).contains(&ratio),
                "r {r}: {got} Å² vs smooth {}",
                smooth(r)
            );
        }
        let want = smooth(25.0) / smooth(15.0);
        assert!(
            (a25 / a15 / want - 1.0).abs() < 0.05,
            "{} vs {want}",
            a25 / a15
        );
    }
}
