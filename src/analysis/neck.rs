//! Neck between two particles: its radius and diameter at the contact plane.
//!
//! Definitions (Å):
//! - axis: the unit vector u from the centre of mass of particle 0 to that of particle 1, and
//!   s = (x − R₀)·u the position of an atom along it;
//! - contact plane: the plane s = s* perpendicular to the axis that best separates the two
//!   particles' atoms (fewest atoms of particle 0 beyond it plus atoms of particle 1 before it;
//!   s* is midway between the two atoms that bound the best split, ties broken towards the
//!   midpoint of the centres). For equal particles this is the midpoint between the centres of
//!   mass; for unequal ones it follows the real interface;
//! - neck atoms: atoms with |s − s*| < w/2, w = the bond length d (median nearest-neighbour
//!   distance, so the slab holds the one or two atomic layers on each side of the interface),
//!   that are bonded (closer than (1+√2)/2·d, the first-shell cut-off) to an atom on the other
//!   side of the plane: before contact there are none;
//! - radius: r = √(2⟨ρ²⟩), ρ the distance of a neck atom from the neck atoms' centroid within the
//!   plane, the radius of the uniformly filled disk with the same second moment as the atom
//!   centres (robust to the ragged edge of an atomic disk; 0 for a single bridging atom).
//!
//! Cost: O(N log N) (one sort along the axis) plus a neighbour search over the atoms near the plane.

use super::Observable;
use crate::base::error::Result;
use crate::base::math::{v3, DVec3};
use crate::neighbor::NeighborLists;
use crate::system::System;

/// The neck of one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeckMeasure {
    /// Neck radius, Å.
    pub radius: f64,
    /// Number of neck atoms.
    pub atoms: usize,
    /// Contact plane position along the axis from particle 0's centre of mass, Å.
    pub plane: f64,
    /// Centre-of-mass distance, Å.
    pub com_distance: f64,
}

/// `neck`: neck radius and diameter. The bond length is the first frame's (kept for the later
/// ones: it changes by a fraction of a percent while the search for it costs as much as the neck).
#[derive(Default)]
pub struct Neck {
    bond: Option<f64>,
}

/// Ratio of the first-shell cut-off to the bond length, (1 + √2)/2: midway between the first and
/// second neighbour shells of fcc.
pub const FIRST_SHELL_FACTOR: f64 = 1.207_106_781_186_547_5;

/// Measures the neck between particles 0 and 1 of `sys` with bond length `d` (Å). None if the
/// system does not have both particles.
pub fn measure_neck(sys: &System, d: f64) -> Result<Option<NeckMeasure>> {
    let (a, b) = (sys.particle_atoms(0), sys.particle_atoms(1));
    let (Some(ca), Some(cb)) = (
        sys.center_of_mass_of(a.iter().copied()),
        sys.center_of_mass_of(b.iter().copied()),
    ) else {
        return Ok(None);
    };
    let axis = cb - ca;
    let dist = axis.length();
    if dist == 0.0 {
        return Ok(None);
    }
    let u = axis / dist;
    let s_of = |i: usize| (v3(sys.pos[i]) - ca).dot(u);
    let plane = contact_plane(&a, &b, s_of, dist);

    // Atoms near the plane, and which of them are bonded across it.
    let rb = FIRST_SHELL_FACTOR * d;
    let near: Vec<usize> = (0..sys.len())
        .filter(|&i| (s_of(i) - plane).abs() < 0.5 * d + rb)
        .collect();
    let near_pos: Vec<[f64; 3]> = near.iter().map(|&i| sys.pos[i]).collect();
    let mut neck = Vec::new();
    if !near.is_empty() {
        let nl = NeighborLists::build(&near_pos, None, rb)?;
        for (k, &i) in near.iter().enumerate() {
            let si = s_of(i) - plane;
            if si.abs() >= 0.5 * d {
                continue;
            }
            let across = nl
                .of(k)
                .iter()
                .any(|n| (s_of(near[n.j as usize]) - plane) * si < 0.0);
            if across {
                neck.push(i);
            }
        }
    }
    let radius = disk_radius(sys, &neck, u);
    Ok(Some(NeckMeasure {
        radius,
        atoms: neck.len(),
        plane,
        com_distance: dist,
    }))
}

/// The plane position s* that best separates particle `a` (low s) from particle `b` (high s).
fn contact_plane(a: &[usize], b: &[usize], s_of: impl Fn(usize) -> f64, dist: f64) -> f64 {
    // (s, +1 for an atom of b, −1 for an atom of a), sorted along the axis.
    let mut v: Vec<(f64, i64)> = a.iter().map(|&i| (s_of(i), -1)).collect();
    v.extend(b.iter().map(|&i| (s_of(i), 1)));
    v.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    // Errors of the split before element k: atoms of b before it + atoms of a after it.
    let mut err = a.len() as i64;
    let mut best: Option<(i64, f64, f64)> = None; // (errors, distance to midpoint, plane)
    for k in 1..v.len() {
        err += v[k - 1].1;
        let s = 0.5 * (v[k - 1].0 + v[k].0);
        let cand = (err, (s - 0.5 * dist).abs(), s);
        if best.is_none_or(|b| (cand.0, cand.1) < (b.0, b.1)) {
            best = Some(cand);
        }
    }
    best.map_or(0.5 * dist, |b| b.2)
}

/// √(2⟨ρ²⟩) of `atoms` about their centroid, ρ measured perpendicular to the unit vector `u`.
fn disk_radius(sys: &System, atoms: &[usize], u: DVec3) -> f64 {
    if atoms.is_empty() {
        return 0.0;
    }
    let n = atoms.len() as f64;
    let mut c = DVec3::ZERO;
    for &i in atoms {
        c += v3(sys.pos[i]) / n;
    }
    let mut m2 = 0.0;
    for &i in atoms {
        let d = v3(sys.pos[i]) - c;
        let along = d.dot(u);
        let perp2 = d.length_squared() - along * along;
        m2 += perp2.max(0.0);
    }
    (2.0 * m2 / n).sqrt()
}

impl Observable for Neck {
    fn name(&self) -> &'static str {
        "neck"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        [
            "neck_radius_A",
            "neck_diameter_A",
            "neck_atoms",
            "neck_plane_A",
        ]
        .map(String::from)
        .to_vec()
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        let d = match self.bond {
            Some(d) => d,
            None => *self.bond.insert(super::bond_length(sys)?),
        };
        Ok(match measure_neck(sys, d)? {
            Some(m) => vec![m.radius, 2.0 * m.radius, m.atoms as f64, m.plane],
            None => vec![f64::NAN; 4],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;

    /// fcc sites inside the union of two overlapping spheres (radii r0, r1, centres `dist`
    /// apart on x), labelled by the side of the plane where the sphere surfaces meet.
    fn lens_pair(a: f64, r0: f64, r1: f64, dist: f64) -> (System, f64, f64) {
        // Intersection plane x = h, circle radius ρ: h = (dist² + r0² − r1²) / (2 dist).
        let h = (dist * dist + r0 * r0 - r1 * r1) / (2.0 * dist);
        let rho = (r0 * r0 - h * h).sqrt();
        let n = ((r0 + r1 + dist) / a).ceil() as i32;
        let mut pos = Vec::new();
        let mut label = Vec::new();
        for p in fcc_block(a, n) {
            let p = [p[0] + 0.13, p[1] + 0.07, p[2] - 0.05];
            let d0 = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt();
            let d1 = ((p[0] - dist).powi(2) + p[1] * p[1] + p[2] * p[2]).sqrt();
            if d0 <= r0 || d1 <= r1 {
                pos.push(p);
                label.push((p[0] > h) as u32);
            }
        }
        (system("Au", pos, label), h, rho)
    }

    #[test]
    fn neck_of_two_overlapping_spheres_matches_the_geometric_circle() {
        let a = 4.08;
        let d = a / 2f64.sqrt();
        for (r0, r1, dist) in [(15.0, 15.0, 26.0), (15.0, 15.0, 20.0), (18.0, 11.0, 24.0)] {
            let (sys, h, rho) = lens_pair(a, r0, r1, dist);
            let m = measure_neck(&sys, d).unwrap().unwrap();
            assert!(
                (m.radius - rho).abs() < d,
                "spheres {r0}, {r1} at {dist}: neck {:.2} Å vs geometric {rho:.2} Å",
                m.radius
            );
            // The plane is measured from particle 0's centre of mass (near x = 0).
            assert!((m.plane - h).abs() < d, "plane {} vs {h}", m.plane);
        }
    }

    #[test]
    fn separated_particles_have_no_neck() {
        let a = 4.08;
        let mut pos = fcc_sphere(a, [0.0; 3], 12.0);
        let na = pos.len();
        pos.extend(fcc_sphere(a, [24.0 + 3.5, 0.0, 0.0], 12.0));
        let label = (0..pos.len()).map(|i| (i >= na) as u32).collect();
        let m = measure_neck(&system("Au", pos, label), a / 2f64.sqrt())
            .unwrap()
            .unwrap();
        assert_eq!((m.atoms, m.radius), (0, 0.0));
    }
}
