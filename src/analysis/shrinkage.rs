//! Shrinkage: the distance between the centres of mass of the two original particles.
//!
//! d(t) = |R₁ − R₀|, Rₚ = Σ_{i∈p} mᵢ xᵢ / Σ_{i∈p} mᵢ over the atoms labelled p (atoms keep their
//! particle label for the whole run). Shrinkage is usually reported as Δd/d₀. Cost: O(N).

use super::Observable;
use crate::base::error::Result;
use crate::system::System;

/// `shrinkage`: centre-of-mass distance of particles 0 and 1.
pub struct Shrinkage;

/// Distance between the centres of mass of particles 0 and 1, Å (NaN without two particles).
pub fn com_distance(sys: &System) -> f64 {
    match (
        sys.center_of_mass_of(sys.particle_atoms(0)),
        sys.center_of_mass_of(sys.particle_atoms(1)),
    ) {
        (Some(a), Some(b)) => a.distance(b),
        _ => f64::NAN,
    }
}

impl Observable for Shrinkage {
    fn name(&self) -> &'static str {
        "shrinkage"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        vec!["com_distance_A".into()]
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        Ok(vec![com_distance(sys)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;

    #[test]
    fn distance_of_two_known_clusters() {
        let mut pos = fcc_sphere(4.08, [0.0; 3], 8.0);
        let na = pos.len();
        pos.extend(fcc_sphere(4.08, [20.4, 0.0, 0.0], 8.0));
        let label = (0..pos.len()).map(|i| (i >= na) as u32).collect();
        let sys = system("Au", pos, label);
        assert!((com_distance(&sys) - 20.4).abs() < 1e-9);
        let one = system("Au", fcc_sphere(4.08, [0.0; 3], 8.0), vec![0; na]);
        assert!(com_distance(&one).is_nan());
    }
}
