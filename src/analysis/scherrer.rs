//! The XRD crystallite size at every output step, as a diffraction experiment during sintering
//! would see it: the Debye pattern of the whole system ([`super::xrd::debye_pattern`], Cu Kα₁)
//! for 2θ = 30–50° (the (111) and (200) peaks of the fcc metals), and the Scherrer size
//! D = K λ / (β cos θ) of its strongest peak with K = 0.9, as the page's XRD button reports.
//!
//! Two separate crystalline particles give the size of one; as the neck grows and the lattices
//! align, coherent scattering across the interface widens the crystallite; melting destroys the
//! peak (NaN when the half maximum is not reached). Cost: O(N²) for the pair-distance histogram
//! (about 10 ms for 2000 atoms on one core), then O(400 angles × bins).

use super::xrd::{debye_pattern, scherrer, CU_K_ALPHA};
use super::Observable;
use crate::base::error::Result;
use crate::system::System;

/// The shape factor K (0.9, the usual value; 1.0747 is exact for spheres with the FWHM).
pub const SHAPE_FACTOR: f64 = 0.9;

/// `scherrer`: Scherrer size, peak position and width of the strongest peak in 30–50°.
pub struct ScherrerSize;

/// The Scherrer size (nm), peak 2θ (°) and FWHM (° of 2θ) of `sys`, NaN when there is no peak.
pub fn crystallite_size(sys: &System) -> Result<[f64; 3]> {
    let p = debye_pattern(sys, CU_K_ALPHA, 30.0, 50.0, 0.05)?;
    Ok(scherrer(&p, SHAPE_FACTOR).map_or([f64::NAN; 3], |s| {
        [s.size_nm(), s.peak_two_theta, s.fwhm_deg]
    }))
}

impl Observable for ScherrerSize {
    fn name(&self) -> &'static str {
        "scherrer"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        ["scherrer_size_nm", "xrd_peak_2theta_deg", "xrd_fwhm_deg"]
            .map(String::from)
            .to_vec()
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        Ok(crystallite_size(sys)?.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;

    #[test]
    fn a_bigger_crystal_gives_a_bigger_size_and_two_apart_give_the_size_of_one() {
        let a = 4.08;
        let size = |pos: Vec<[f64; 3]>, part: Vec<u32>| {
            let mut s = ScherrerSize;
            let sys = system("Au", pos, part);
            let row = s.evaluate(&sys, 0.0).unwrap();
            assert_eq!(row.len(), s.columns(&sys).len());
            assert!((row[1] - 38.2).abs() < 0.6, "(111) at {}°", row[1]);
            row[0]
        };
        let one = |c: [f64; 3]| fcc_sphere(a, c, 15.0);
        let d3 = size(one([0.0; 3]), vec![0; one([0.0; 3]).len()]);
        let d5 = size(
            fcc_sphere(a, [0.0; 3], 25.0),
            vec![0; fcc_sphere(a, [0.0; 3], 25.0).len()],
        );
        assert!(d5 > 1.4 * d3, "3 nm: {d3} nm, 5 nm: {d5} nm");
        assert!(
            (d3 / 3.0 - 0.9 / 1.0747).abs() < 0.2,
            "3 nm sphere: {d3} nm"
        );
        // Two 3 nm spheres 40 Å apart (incoherent at this width: their cross terms broaden
        // nothing) give about the size of one.
        let mut pos = one([-20.0, 0.0, 0.0]);
        let n = pos.len();
        pos.extend(one([20.0, 0.0, 0.0]));
        let part = (0..pos.len()).map(|i| (i >= n) as u32).collect();
        let d2 = size(pos, part);
        assert!(
            (d2 / d3 - 1.0).abs() < 0.25,
            "two apart: {d2} nm, one: {d3} nm"
        );
    }
}
