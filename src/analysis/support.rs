//! `support`: how particles sit on a support — a wall ([`crate::potential::wall`]) or a
//! crystalline substrate ([`crate::structure::slab`]): the metal–support energy and the shape of
//! the supported particle.
//!
//! - `support_energy_eV`: Σᵢ E_wall(yᵢ − plane), the metal–support energy (compare it with the
//!   metal–metal energy, the potential energy less this); NaN on a substrate (a many-body
//!   potential does not split it into particle–substrate terms);
//! - `contact_atoms`: atoms in the first layer: less than r₀ + 1 Å above the wall plane (r₀ the
//!   wall's minimum), or less than d + 1 Å above a substrate's top layer (d its layer spacing);
//! - `height_A`, `width_A`: the atoms' extent along the normal (y) and the larger of their
//!   extents along x and z, and `height_to_width`;
//! - `contact_angle_deg`: the angle of the spherical cap of that height on the contact layer,
//!   `θ = 2·atan(h / a)` with h the height and a the contact radius (the farthest contact atom
//!   from the contact atoms' centroid, in the plane): 90° for a hemisphere, → 180° for a sphere
//!   touching at a point (non-wetting), small for a wetting film.
//!
//! Without a support every column is NaN. Cost: O(N).

use super::{Observable, RunInfo};
use crate::base::error::Result;
use crate::potential::wall::Wall;
use crate::system::System;

/// `support`: metal–support energy, contact atoms, height, width, contact angle.
pub struct Support {
    wall: Option<Wall>,
    /// Height below which an atom is in the contact layer, Å (None: no support).
    contact_below: Option<f64>,
}

impl Support {
    /// For a run described by `info`.
    pub fn new(info: &RunInfo) -> Support {
        let contact_below = match (info.support, info.substrate) {
            (Some(w), _) => Some(w.plane + w.spec.rest_height() + 1.0),
            (None, Some(s)) => Some(s.surface_y + s.layer_spacing + 1.0),
            (None, None) => None,
        };
        Support {
            wall: info.support,
            contact_below,
        }
    }
}

/// The contact angle (degrees) of a cap of height `h` on a contact circle of radius `a` (Å).
pub fn cap_angle(h: f64, a: f64) -> f64 {
    2.0 * libm::atan2(h, a).to_degrees()
}

impl Observable for Support {
    fn name(&self) -> &'static str {
        "support"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        [
            "support_energy_eV",
            "contact_atoms",
            "height_A",
            "width_A",
            "height_to_width",
            "contact_angle_deg",
        ]
        .map(String::from)
        .to_vec()
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        let Some(layer) = self.contact_below else {
            return Ok(vec![f64::NAN; 6]);
        };
        let energy = self.wall.map_or(f64::NAN, |w| w.energy(&sys.pos));
        if sys.is_empty() {
            return Ok(vec![energy, 0.0, f64::NAN, f64::NAN, f64::NAN, f64::NAN]);
        }
        let (mut lo, mut hi) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
        for p in &sys.pos {
            for q in 0..3 {
                lo[q] = lo[q].min(p[q]);
                hi[q] = hi[q].max(p[q]);
            }
        }
        let contact: Vec<[f64; 3]> = sys.pos.iter().filter(|p| p[1] < layer).copied().collect();
        let height = hi[1] - lo[1];
        let width = (hi[0] - lo[0]).max(hi[2] - lo[2]);
        let angle = if contact.is_empty() {
            f64::NAN
        } else {
            let n = contact.len() as f64;
            let cx = contact.iter().map(|p| p[0]).sum::<f64>() / n;
            let cz = contact.iter().map(|p| p[2]).sum::<f64>() / n;
            let a = contact
                .iter()
                .map(|p| ((p[0] - cx).powi(2) + (p[2] - cz).powi(2)).sqrt())
                .fold(0.0, f64::max);
            cap_angle(height, a)
        };
        Ok(vec![
            energy,
            contact.len() as f64,
            height,
            width,
            height / width,
            angle,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;
    use crate::potential::wall::WallSpec;

    #[test]
    fn a_hemisphere_has_a_right_contact_angle_and_a_ball_an_obtuse_one() {
        assert!((cap_angle(1.0, 1.0) - 90.0).abs() < 1e-12);
        let ball = fcc_sphere(4.08, [0.0; 3], 12.0);
        let n = ball.len();
        let sys = system("Au", ball.clone(), vec![0; n]);
        let info = RunInfo {
            support: Some(WallSpec::CARBON.placed_under(&ball)),
            ..Default::default()
        };
        let row = Support::new(&info).evaluate(&sys, 0.0).unwrap();
        let (energy, contact, h, w, ratio, angle) =
            (row[0], row[1], row[2], row[3], row[4], row[5]);
        assert!(energy < 0.0 && contact >= 1.0, "{row:?}");
        assert!(
            (h - w).abs() < 1e-9 && (ratio - 1.0).abs() < 1e-9,
            "{row:?}"
        );
        assert!(angle > 140.0, "a ball on its tip: {angle}°");
        // The lower half of the ball: a hemisphere on its flat face.
        let half: Vec<[f64; 3]> = ball.iter().filter(|p| p[1] >= -0.1).copied().collect();
        let m = half.len();
        let info = RunInfo {
            support: Some(WallSpec::CARBON.placed_under(&half)),
            ..Default::default()
        };
        let row = Support::new(&info)
            .evaluate(&system("Au", half, vec![0; m]), 0.0)
            .unwrap();
        assert!((row[5] - 90.0).abs() < 10.0, "a hemisphere: {}°", row[5]);
        assert!(row[1] > 30.0, "its flat face is in contact: {}", row[1]);
        // Without a support: NaN.
        let none = Support::new(&RunInfo::default())
            .evaluate(&sys, 0.0)
            .unwrap();
        assert!(none.iter().all(|v| v.is_nan()));
    }
}
