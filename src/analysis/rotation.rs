//! Rigid-body rotation of the two particles, and their relative rotation, since the first frame.
//!
//! For particle p, R_p(t) is the rotation that best maps its atoms' first-frame positions
//! (relative to its centre of mass) onto their current ones (least squares, Horn's quaternion
//! method). Reported: the angle of R₀, of R₁, and of R₀R₁ᵀ — the change of the two lattices'
//! relative orientation (its decrease after contact is the "rotation to align" of the review;
//! add the initial misorientation of the scene to get the lattice misorientation). Atoms that
//! diffuse away from their particle add noise but no bias while most atoms stay in the
//! particle's lattice. Cost: O(N).

use super::{
    center_of_mass,
    linalg::{best_rotation, mul_transpose, rotation_angle_deg, Mat3},
    particle_atoms, Observable,
};
use crate::error::Result;
use crate::system::System;

/// `rotation`: rotation angles since the first frame, degrees.
#[derive(Default)]
pub struct Rotation {
    /// Per particle (0, 1): atom indices and their first-frame positions about the centre of mass.
    reference: Option<[Reference; 2]>,
}

/// A particle's atoms and their first-frame positions about its centre of mass.
type Reference = (Vec<usize>, Vec<[f64; 3]>);

fn centred(sys: &System, atoms: &[usize]) -> Vec<[f64; 3]> {
    let c = center_of_mass(sys, atoms).unwrap_or([0.0; 3]);
    atoms
        .iter()
        .map(|&i| [0, 1, 2].map(|k| sys.pos[i][k] - c[k]))
        .collect()
}

impl Rotation {
    /// The rotations of particles 0 and 1 since the first frame.
    pub fn rotations(&mut self, sys: &System) -> [Mat3; 2] {
        let reference = self.reference.get_or_insert_with(|| {
            [0, 1].map(|p| {
                let atoms = particle_atoms(sys, p);
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

impl Observable for Rotation {
    fn name(&self) -> &'static str {
        "rotation"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        ["rotation_a_deg", "rotation_b_deg", "relative_rotation_deg"]
            .map(String::from)
            .to_vec()
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        if !sys.particle.contains(&1) {
            return Ok(vec![f64::NAN; 3]);
        }
        let [ra, rb] = self.rotations(sys);
        Ok(vec![
            rotation_angle_deg(&ra),
            rotation_angle_deg(&rb),
            rotation_angle_deg(&mul_transpose(&ra, &rb)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::linalg::{quaternion_matrix, rotate};
    use crate::analysis::testutil::*;

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
        assert_eq!(obs.evaluate(&sys, 0.0).unwrap(), vec![0.0, 0.0, 0.0]);
        // Particle 0 turns 20° about z, particle 1 turns 20° about z too: no relative rotation.
        // Then particle 1 turns back 30° about x.
        let q = |deg: f64, axis: [f64; 3]| {
            let h = (deg / 2.0).to_radians();
            quaternion_matrix([
                h.cos(),
                axis[0] * h.sin(),
                axis[1] * h.sin(),
                axis[2] * h.sin(),
            ])
        };
        let (rz, rx) = (q(20.0, [0.0, 0.0, 1.0]), q(-30.0, [1.0, 0.0, 0.0]));
        let c0 = center_of_mass(&sys, &particle_atoms(&sys, 0)).unwrap();
        for i in 0..sys.len() {
            let c = if i < na { c0 } else { cb };
            let d = [0, 1, 2].map(|k| sys.pos[i][k] - c[k]);
            let r = rotate(&rz, d);
            sys.pos[i] = [0, 1, 2].map(|k| c[k] + r[k] + 3.0);
        }
        let row = obs.evaluate(&sys, 1.0).unwrap();
        assert!((row[0] - 20.0).abs() < 1e-8 && (row[1] - 20.0).abs() < 1e-8);
        assert!(row[2].abs() < 1e-5, "{row:?}");
        let cb1 = center_of_mass(&sys, &particle_atoms(&sys, 1)).unwrap();
        for i in na..sys.len() {
            let d = [0, 1, 2].map(|k| sys.pos[i][k] - cb1[k]);
            let r = rotate(&rx, d);
            sys.pos[i] = [0, 1, 2].map(|k| cb1[k] + r[k]);
        }
        let row = obs.evaluate(&sys, 2.0).unwrap();
        assert!((row[2] - 30.0).abs() < 1e-6, "{row:?}");
    }
}
