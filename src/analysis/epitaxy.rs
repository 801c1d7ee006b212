//! `epitaxy`: how far the lattices of particles 0 and 1 are from the orientation of the
//! crystalline substrate under them ([`crate::structure::slab`]) — Yeadon et al.'s Cu particles
//! on Cu(001) turn into registry with the substrate, and this is the angle that goes to zero.
//!
//! The particle's lattice orientation Oₚ(t) (crystal frame → lab) is fitted to its bonds, not to
//! a rigid motion of its atoms (a supported particle spreads, and its atoms rearrange, while its
//! lattice turns): every bond between two atoms of the particle shorter than 1.2 × the typical
//! bond length is matched to the nearest ideal nearest-neighbour direction of the lattice in the
//! current estimate (the 12 ⟨110⟩ of fcc: the builders make fcc particles, whatever the element),
//! and the rotation that best maps those ideal directions onto the unit bonds (Horn's method) is
//! the new estimate; four passes, starting from the previous frame's estimate (the first frame's
//! from the built scene's orientation), so the fit follows the lattice as it turns. The column is
//! the cubic misorientation of Oₚ(t) to the substrate's orientation O_s: the smallest rotation
//! angle of O_sᵀ·Oₚ(t)·S over the 24 proper rotations S of the cube, degrees (0 in registry, cube
//! on cube; at most 62.8°). Meaningful for fcc particles, not for icosahedra or decahedra
//! (five-fold twins have no single lattice). On a bcc face an fcc particle cannot lie cube on
//! cube: its registry is an orientation relationship (Nishiyama–Wassermann, Kurdjumov–Sachs) at a
//! nonzero angle, so there the column is the angle between the two cube frames, not a distance
//! to registry. NaN without a substrate or without the particle.
//! Cost: O(N).

use super::rotation::cubic_misorientation_deg;
use super::{linalg::best_rotation, Observable, RunInfo, SubstrateInfo};
use crate::base::error::Result;
use crate::base::math::{v3, DMat3, DVec3};
use crate::neighbor::NeighborLists;
use crate::system::System;

/// `epitaxy`: misorientation of particles 0 and 1 to the substrate, degrees.
pub struct Epitaxy {
    substrate: Option<SubstrateInfo>,
    /// The lattice orientations fitted at the last frame (None before the first).
    fitted: [Option<DMat3>; 2],
}

/// The 12 ideal nearest-neighbour directions (unit) of the fcc lattice, ⟨110⟩.
fn fcc_bonds() -> Vec<DVec3> {
    let mut out = Vec::new();
    for x in [-1.0f64, 0.0, 1.0] {
        for y in [-1.0f64, 0.0, 1.0] {
            for z in [-1.0f64, 0.0, 1.0] {
                if [x, y, z].iter().filter(|c| **c == 0.0).count() == 1 {
                    out.push(v3([x, y, z]).normalize());
                }
            }
        }
    }
    out
}

/// The lattice orientation (crystal frame → lab) that best maps the `ideal` directions onto the
/// unit `bonds`, refined from `start` by matching each bond to its nearest ideal direction.
pub fn fit_lattice_orientation(bonds: &[DVec3], ideal: &[DVec3], start: DMat3) -> DMat3 {
    let mut o = start;
    for _ in 0..4 {
        let lab: Vec<DVec3> = ideal.iter().map(|e| o * *e).collect();
        let matched: Vec<DVec3> = bonds
            .iter()
            .map(|b| {
                let k = (0..lab.len())
                    .max_by(|&i, &j| lab[i].dot(*b).total_cmp(&lab[j].dot(*b)))
                    .unwrap_or(0);
                ideal[k]
            })
            .collect();
        o = best_rotation(&matched, bonds);
    }
    o
}

/// Unit vectors of the bonds between atoms of particle `p` (each bond both ways), shorter than
/// 1.2 × `bond`.
fn particle_bonds(sys: &System, p: u32, bond: f64) -> Result<Vec<DVec3>> {
    let atoms = sys.particle_atoms(p);
    let pos: Vec<[f64; 3]> = atoms.iter().map(|&i| sys.pos[i]).collect();
    let nl = NeighborLists::build(&pos, None, 1.2 * bond)?;
    Ok(nl.list.iter().map(|n| v3(n.d) / n.r).collect())
}

impl Epitaxy {
    /// For a run described by `info`.
    pub fn new(info: &RunInfo) -> Epitaxy {
        Epitaxy {
            substrate: info.substrate,
            fitted: [None, None],
        }
    }
}

impl Observable for Epitaxy {
    fn name(&self) -> &'static str {
        "epitaxy"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        [
            "misorientation_a_substrate_deg",
            "misorientation_b_substrate_deg",
        ]
        .map(String::from)
        .to_vec()
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        let Some(sub) = self.substrate else {
            return Ok(vec![f64::NAN; 2]);
        };
        let ideal = fcc_bonds();
        let bond = match crate::neighbor::typical_bond_length(&sys.pos, None, 5.0)? {
            Some(b) => b,
            None => return Ok(vec![f64::NAN; 2]),
        };
        let mut row = vec![f64::NAN; 2];
        for p in 0..2 {
            let Some(start) = self.fitted[p].or(sub.particles[p]) else {
                continue;
            };
            let bonds = particle_bonds(sys, p as u32, bond)?;
            if bonds.len() < 12 {
                continue;
            }
            let o = fit_lattice_orientation(&bonds, &ideal, start);
            self.fitted[p] = Some(o);
            row[p] = cubic_misorientation_deg(&sub.orientation, &o);
        }
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::linalg::{axis_angle, quaternion_matrix};
    use crate::analysis::testutil::*;
    use crate::base::math::{v3, DMat3};
    use crate::structure::slab::Face;

    fn about_y(deg: f64) -> DMat3 {
        quaternion_matrix(axis_angle(v3([0.0, 1.0, 0.0]), deg))
    }

    /// A particle whose lattice is turned 20° about the normal of an fcc(001) substrate is 20°
    /// off (also when the scene's stated orientation is a few degrees wrong and the atoms are
    /// jiggled: the fit finds the lattice the bonds show); turned back rigidly by 20° it is in
    /// registry; on fcc(111) a cube-aligned particle is far off unless built in the substrate's
    /// own orientation.
    #[test]
    fn a_particle_turning_into_registry_goes_to_zero() {
        let turn = about_y(20.0);
        let mut rng = crate::base::rng::Rng::new(3, 3);
        let pos: Vec<[f64; 3]> = fcc_sphere(3.615, [0.0; 3], 9.0)
            .into_iter()
            .map(|p| {
                let jiggle = v3([rng.normal(), rng.normal(), rng.normal()]) * 0.08;
                (turn * v3(p) + jiggle).to_array()
            })
            .collect();
        let n = pos.len();
        let mut sys = system("Cu", pos, vec![0; n]);
        let info = |o: DMat3, face: Face| RunInfo {
            substrate: Some(SubstrateInfo {
                orientation: face.orientation(),
                surface_y: -10.0,
                layer_spacing: 1.8,
                particles: [Some(o), None],
            }),
            ..Default::default()
        };
        let mut obs = Epitaxy::new(&info(about_y(24.0), Face::Fcc001));
        let row = obs.evaluate(&sys, 0.0).unwrap();
        assert!((row[0] - 20.0).abs() < 0.5 && row[1].is_nan(), "{row:?}");
        let back = about_y(-20.0);
        for p in &mut sys.pos {
            *p = (back * v3(*p)).to_array();
        }
        assert!(obs.evaluate(&sys, 1.0).unwrap()[0] < 0.5);
        // (111): a cube-aligned lattice is far from it; one built in its orientation is not.
        let ball = fcc_sphere(3.615, [0.0; 3], 9.0);
        let sys = system("Cu", ball.clone(), vec![0; n]);
        let cube = Epitaxy::new(&info(DMat3::IDENTITY, Face::Fcc111)).evaluate(&sys, 0.0);
        let angle = cube.unwrap()[0];
        assert!(angle > 40.0, "{angle}");
        let own = Face::Fcc111.orientation();
        let turned = ball.iter().map(|p| (own * v3(*p)).to_array()).collect();
        let sys = system("Cu", turned, vec![0; n]);
        let same = Epitaxy::new(&info(own, Face::Fcc111)).evaluate(&sys, 0.0);
        assert!(same.unwrap()[0] < 1e-6);
        // Without a substrate: NaN.
        let none = Epitaxy::new(&RunInfo::default())
            .evaluate(&sys, 0.0)
            .unwrap();
        assert!(none.iter().all(|v| v.is_nan()));
    }
}
