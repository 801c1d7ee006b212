//! `press`: how far a press ([`crate::structure::press`]) has compacted the particles between its
//! plates.
//!
//! - `plate_gap_A`: g = y_upper − y_lower, the mean height of the upper plate's bottom layer less
//!   that of the lower plate's top layer;
//! - `relative_density`: ρ = V_s / (A·h), the particles' atoms as bulk crystal (V_s = Σ aₑ³/4 over
//!   their atoms, aₑ the element's fcc lattice constant) over the volume between the plates,
//!   A = Lx·Lz and h = g − d (d the plates' layer spacing: n close-packed layers of the plates'
//!   crystal fill h = n·d), so a fully dense epitaxial film gives ρ = 1;
//! - `void_fraction`: 1 − ρ;
//! - `press_shrinkage`: 1 − h/h₀, h₀ the first frame's: the compact's strain along the load.
//!
//! Without a press (or for a trajectory file, whose plates are not known) every column is NaN.
//! Cost: O(1) (the simulation measures the plates, O(layer atoms)).

use super::{Frame, Observable, PressInfo, RunInfo};
use crate::base::error::Result;
use crate::system::System;

/// `press`: plate gap, relative density, void fraction and shrinkage of the compact.
pub struct PressObservable {
    info: Option<PressInfo>,
    /// The first frame's compact thickness h₀, Å.
    first: Option<f64>,
}

impl PressObservable {
    /// For a run described by `info`.
    pub fn new(info: &RunInfo) -> PressObservable {
        PressObservable {
            info: info.press,
            first: None,
        }
    }
}

/// Relative density `V_s / (A (g − d))` of a compact of solid volume `solid` (Å³) between plates
/// `gap` apart (Å) over cross-section `area` (Å²), the plates' layer spacing `d` (Å).
pub fn relative_density(solid: f64, area: f64, gap: f64, d: f64) -> f64 {
    solid / (area * (gap - d))
}

impl Observable for PressObservable {
    fn name(&self) -> &'static str {
        "press"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        [
            "plate_gap_A",
            "relative_density",
            "void_fraction",
            "press_shrinkage",
        ]
        .map(String::from)
        .to_vec()
    }
    fn evaluate(&mut self, _: &System, _: f64) -> Result<Vec<f64>> {
        Ok(vec![f64::NAN; 4])
    }
    fn evaluate_frame(&mut self, frame: &Frame) -> Result<Vec<f64>> {
        let (Some(p), Some([lower, upper])) = (self.info, frame.plates) else {
            return Ok(vec![f64::NAN; 4]);
        };
        let gap = upper - lower;
        let h = gap - p.layer_spacing;
        let h0 = *self.first.get_or_insert(h);
        let rho = relative_density(p.solid_volume, p.area, gap, p.layer_spacing);
        Ok(vec![gap, rho, 1.0 - rho, 1.0 - h / h0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::system;

    /// A film of n layers of Cu(001) (a = 3.615 Å, d = a/2) filling a 10 × 10 cell between plates
    /// has ρ = 1; the same atoms between plates twice as far apart (h doubled) have ρ = ½, and
    /// the shrinkage counts from the first frame.
    #[test]
    fn a_dense_film_has_relative_density_one() {
        let a: f64 = 3.615;
        let d = a / 2.0;
        let (area, n_layers) = (10.0 * a * 10.0 * a, 4.0);
        let atoms = 2.0 * 100.0 * n_layers;
        let info = RunInfo {
            press: Some(PressInfo {
                area,
                layer_spacing: d,
                solid_volume: atoms * a.powi(3) / 4.0,
            }),
            ..Default::default()
        };
        let mut obs = PressObservable::new(&info);
        let sys = system("Cu", vec![[0.0; 3]], vec![0]);
        let frame = |gap: f64| Frame {
            virial: None,
            sys: &sys,
            time_ps: 0.0,
            plates: Some([1.0, 1.0 + gap]),
        };
        let dense = (n_layers + 1.0) * d;
        let loose = obs.evaluate_frame(&frame(2.0 * n_layers * d + d)).unwrap();
        assert!((loose[1] - 0.5).abs() < 1e-12 && (loose[2] - 0.5).abs() < 1e-12);
        assert_eq!(loose[3], 0.0);
        let row = obs.evaluate_frame(&frame(dense)).unwrap();
        assert!((row[0] - dense).abs() < 1e-12);
        assert!((row[1] - 1.0).abs() < 1e-12, "{row:?}");
        assert!((row[3] - 0.5).abs() < 1e-12);
        // No plates known: NaN.
        assert!(obs.evaluate(&sys, 0.0).unwrap().iter().all(|x| x.is_nan()));
        let none = PressObservable::new(&RunInfo::default())
            .evaluate_frame(&frame(dense))
            .unwrap();
        assert!(none.iter().all(|x| x.is_nan()));
    }
}
