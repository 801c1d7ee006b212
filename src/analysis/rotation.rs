//! Rigid-body rotation of the two particles, and their relative rotation, since the first frame.
//!
//! For particle p, R_p(t) is the rotation that best maps its atoms' first-frame positions
//! (relative to its centre of mass) onto their current ones (least squares, Horn's quaternion
//! method). Reported: the angle of R₀, of R₁, and of R₀R₁ᵀ — the change of the two lattices'
//! relative orientation (its decrease after contact is the "rotation to align" of the review;
//! add the initial misorientation of the scene to get the lattice misorientation). Atoms that
//! diffuse away from their particle add noise but no bias while most atoms stay in the
//! particle's lattice. When the particles' initial lattice orientations are known (the rotations
//! of a built scene: each particle is built in its crystal frame, then rotated), the lattice
//! misorientation is reported too: the smallest rotation angle of O₀(t)ᵀO₁(t)S over the 24 proper
//! rotations S of the cube, Oₚ(t) = Rₚ(t)·Oₚ(0) (for icosahedra and decahedra: of their building
//! frames). Cost: O(N).

use super::{
    linalg::{best_rotation, rotation_angle_deg},
    Observable,
};
use crate::base::error::Result;
use crate::base::math::{from_rows, v3, DMat3, DVec3};
use crate::system::System;

/// `rotation`: rotation angles since the first frame, degrees.
#[derive(Default)]
pub struct Rotation {
    /// Initial lattice orientations of particles 0 and 1 (crystal frame → lab), if known.
    pub initial: Option<[DMat3; 2]>,
    /// Per particle (0, 1): atom indices and their first-frame positions about the centre of mass.
    reference: Option<[Reference; 2]>,
}

/// A particle's atoms and their first-frame positions about its centre of mass.
type Reference = (Vec<usize>, Vec<DVec3>);

/// The positions of `atoms` about their centre of mass, Å.
pub(crate) fn centred(sys: &System, atoms: &[usize]) -> Vec<DVec3> {
    let c = sys
        .center_of_mass_of(atoms.iter().copied())
        .unwrap_or(DVec3::ZERO);
    atoms.iter().map(|&i| v3(sys.pos[i]) - c).collect()
}

impl Rotation {
    /// With the particles' initial lattice orientations (crystal frame → lab), if known.
    pub fn with_orientations(initial: Option<[DMat3; 2]>) -> Rotation {
        Rotation {
            initial,
            reference: None,
        }
    }

    /// The rotations of particles 0 and 1 since the first frame.
    pub fn rotations(&mut self, sys: &System) -> [DMat3; 2] {
        let reference = self.reference.get_or_insert_with(|| {
            [0, 1].map(|p| {
                let atoms = sys.particle_atoms(p);
                let x = centred(sys, &atoms);
                (atoms, x)
            })
        });
        [0, 1].map(|p| {
            let (atoms, x0) = &reference[p];
            best_rotation(x0, &centred(sys, atoms))
        })
    }
}

/// The 24 proper rotations of the cube: signed permutation matrices with determinant +1.
pub fn cubic_rotations() -> Vec<DMat3> {
    let perms = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let mut out = Vec::with_capacity(24);
    for p in perms {
        for signs in 0..8 {
            let mut m = [[0.0; 3]; 3];
            for (i, &j) in p.iter().enumerate() {
                m[i][j] = if signs >> i & 1 == 1 { -1.0 } else { 1.0 };
            }
            let det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
            if det > 0.0 {
                out.push(from_rows(m));
            }
        }
    }
    out
}

/// Misorientation angle (degrees, 0 to 62.8) between two cubic lattices with orientations `a`
/// and `b` (crystal frame → lab): min over cube rotations S of the angle of aᵀ·b·S.
pub fn cubic_misorientation_deg(a: &DMat3, b: &DMat3) -> f64 {
    let d = a.transpose() * *b;
    cubic_rotations()
        .iter()
        .map(|s| rotation_angle_deg(&(d * *s)))
        .fold(f64::INFINITY, f64::min)
}

impl Observable for Rotation {
    fn name(&self) -> &'static str {
        "rotation"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        [
            "rotation_a_deg",
            "rotation_b_deg",
            "relative_rotation_deg",
            "misorientation_deg",
        ]
        .map(String::from)
        .to_vec()
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        if !sys.particle.contains(&1) {
            return Ok(vec![f64::NAN; 4]);
        }
        let [ra, rb] = self.rotations(sys);
        let mis = self.initial.map_or(f64::NAN, |[oa, ob]| {
            cubic_misorientation_deg(&(ra * oa), &(rb * ob))
        });
        Ok(vec![
            rotation_angle_deg(&ra),
            rotation_angle_deg(&rb),
            rotation_angle_deg(&(ra * rb.transpose())),
            mis,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::linalg::{axis_angle, quaternion_matrix};
    use crate::analysis::testutil::*;

    /// The rotation by `deg` degrees about `axis`.
    fn q(deg: f64, axis: [f64; 3]) -> DMat3 {
        quaternion_matrix(axis_angle(v3(axis), deg))
    }

    #[test]
    fn rigidly_rotated_particles_report_their_angles() {
        let a = 4.08;
        let mut pos = fcc_sphere(a, [0.0; 3], 10.0);
        let na = pos.len();
        let cb = [21.0, 0.0, 0.0];
        pos.extend(fcc_sphere(a, cb, 10.0));
        let label: Vec<u32> = (0..pos.len()).map(|i| (i >= na) as u32).collect();
        let mut sys = system("Au", pos, label);
        let mut obs = Rotation::default();
        let row = obs.evaluate(&sys, 0.0).unwrap();
        assert_eq!(row[..3], [0.0, 0.0, 0.0]);
        assert!(row[3].is_nan(), "no initial orientations given");
        // Particle 0 turns 20° about z, particle 1 turns 20° about z too: no relative rotation.
        // Then particle 1 turns back 30° about x.
        let (rz, rx) = (q(20.0, [0.0, 0.0, 1.0]), q(-30.0, [1.0, 0.0, 0.0]));
        let c0 = sys.center_of_mass_of(sys.particle_atoms(0)).unwrap();
        for i in 0..sys.len() {
            let c = if i < na { c0 } else { v3(cb) };
            let r = rz * (v3(sys.pos[i]) - c);
            sys.pos[i] = (c + r + 3.0).to_array();
        }
        let row = obs.evaluate(&sys, 1.0).unwrap();
        assert!((row[0] - 20.0).abs() < 1e-8 && (row[1] - 20.0).abs() < 1e-8);
        assert!(row[2].abs() < 1e-5, "{row:?}");
        let cb1 = sys.center_of_mass_of(sys.particle_atoms(1)).unwrap();
        for i in na..sys.len() {
            sys.pos[i] = (cb1 + rx * (v3(sys.pos[i]) - cb1)).to_array();
        }
        let row = obs.evaluate(&sys, 2.0).unwrap();
        assert!((row[2] - 30.0).abs() < 1e-6, "{row:?}");
    }

    #[test]
    fn cube_group_and_misorientation() {
        let g = cubic_rotations();
        assert_eq!(g.len(), 24);
        let id = q(0.0, [0.0, 0.0, 1.0]);
        // 90° about a cube axis is a symmetry: no misorientation; 30° about z is 30°; 60° about
        // [111] is the Σ3 twin (60°); 100° about z is equivalent to 10°.
        assert!(cubic_misorientation_deg(&id, &q(90.0, [0.0, 0.0, 1.0])) < 1e-6);
        assert!((cubic_misorientation_deg(&id, &q(30.0, [0.0, 0.0, 1.0])) - 30.0).abs() < 1e-6);
        assert!((cubic_misorientation_deg(&id, &q(60.0, [1.0, 1.0, 1.0])) - 60.0).abs() < 1e-6);
        assert!((cubic_misorientation_deg(&id, &q(100.0, [0.0, 0.0, 1.0])) - 10.0).abs() < 1e-6);
        // Relative to a common rotation nothing changes.
        let r = q(37.0, [1.0, 2.0, 3.0]);
        let (a, b) = (r * id, r * q(30.0, [0.0, 0.0, 1.0]));
        assert!((cubic_misorientation_deg(&a, &b) - 30.0).abs() < 1e-6);
    }

    #[test]
    fn misorientation_follows_the_scene_rotations_and_the_motion() {
        let a = 4.08;
        let mut pos = fcc_sphere(a, [0.0; 3], 9.0);
        let na = pos.len();
        let cb = [20.0, 0.0, 0.0];
        pos.extend(fcc_sphere(a, cb, 9.0));
        let label: Vec<u32> = (0..pos.len()).map(|i| (i >= na) as u32).collect();
        let mut sys = system("Au", pos, label);
        let rz = |deg: f64| q(deg, [0.0, 0.0, 1.0]);
        // Particle 1 was built turned by 25° about z; then it turns back by 25°: aligned.
        let mut obs = Rotation {
            initial: Some([rz(0.0), rz(25.0)]),
            ..Default::default()
        };
        assert!((obs.evaluate(&sys, 0.0).unwrap()[3] - 25.0).abs() < 1e-6);
        let back = rz(-25.0);
        for i in na..sys.len() {
            sys.pos[i] = (v3(cb) + back * (v3(sys.pos[i]) - v3(cb))).to_array();
        }
        assert!(obs.evaluate(&sys, 1.0).unwrap()[3] < 1e-4);
    }
}
