//! `box`: the periodic box of a bulk run (under a barostat, [`crate::md::barostat`]): its
//! volume, the volume per atom, the crystal's cubic lattice constant `a = (V · atoms per cell /
//! N)^(1/3)` (for a bulk crystal, whose lattice the run knows; NaN otherwise), the pressure
//! `P = (Σ m v² + Σ r·f) / 3V` (bar, from the forces' virial the run passes in the frame; NaN for
//! a trajectory file) and the box lengths.
//!
//! Without a periodic box every column is NaN. Cost: O(N) (the kinetic part of the pressure).

use super::{Frame, Observable, RunInfo};
use crate::base::error::Result;
use crate::structure::bulk::Lattice;
use crate::system::System;

/// `box`: volume, volume per atom, lattice constant, pressure and lengths of the periodic box.
pub struct BoxObservable {
    lattice: Option<Lattice>,
}

impl BoxObservable {
    /// For a run described by `info`.
    pub fn new(info: &RunInfo) -> BoxObservable {
        BoxObservable { lattice: info.bulk }
    }
}

impl Observable for BoxObservable {
    fn name(&self) -> &'static str {
        "box"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        [
            "box_volume_A3",
            "volume_per_atom_A3",
            "lattice_constant_A",
            "pressure_bar",
            "box_x_A",
            "box_y_A",
            "box_z_A",
        ]
        .map(String::from)
        .to_vec()
    }
    fn evaluate(&mut self, sys: &System, time_ps: f64) -> Result<Vec<f64>> {
        self.evaluate_frame(&Frame {
            sys,
            time_ps,
            plates: None,
            virial: None,
        })
    }
    fn evaluate_frame(&mut self, frame: &Frame) -> Result<Vec<f64>> {
        let sys = frame.sys;
        let Some(l) = sys.cell else {
            return Ok(vec![f64::NAN; 7]);
        };
        let v = l[0] * l[1] * l[2];
        let n = sys.len();
        let a = self
            .lattice
            .map_or(f64::NAN, |lat| lat.constant_of_volume(v, n));
        let p = frame
            .virial
            .map_or(f64::NAN, |w| crate::md::barostat::pressure(sys, w));
        Ok(vec![v, v / n.max(1) as f64, a, p, l[0], l[1], l[2]])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::system;

    /// A 3×3×3 fcc crystal at a = 4 Å: V = 1728 Å³, 16 Å³ per atom, a read back; no virial, no
    /// pressure; an open cluster gives NaN.
    #[test]
    fn volume_and_lattice_constant_of_a_crystal() {
        let (pos, cell) = crate::structure::lattice::fcc_bulk(4.0, 3, 3, 3);
        let n = pos.len();
        let mut sys = system("Cu", pos, vec![0; n]);
        sys.cell = Some(cell);
        let info = RunInfo {
            bulk: Some(Lattice::Fcc),
            ..Default::default()
        };
        let row = BoxObservable::new(&info).evaluate(&sys, 0.0).unwrap();
        assert!((row[0] - 1728.0).abs() < 1e-9 && (row[1] - 16.0).abs() < 1e-12);
        assert!((row[2] - 4.0).abs() < 1e-12, "{row:?}");
        assert!(row[3].is_nan());
        sys.cell = None;
        let row = BoxObservable::new(&info).evaluate(&sys, 0.0).unwrap();
        assert!(row.iter().all(|x| x.is_nan()));
    }
}
