//! Pressure-assisted sintering: the particles between two plates of a crystal, pushed together at
//! a set pressure, in a box periodic along x and z (Kim & Chung's Ag-coated Cu paste pressed
//! between Cu plates).
//!
//! The lower plate is the crystalline substrate ([`crate::structure::slab`]: its bottom layers
//! fixed, the others thermal). The upper plate is `plate_layers` layers of the same crystal laid
//! on the particles ([`Slab::support_under_plate`]); it moves as one rigid body along y only,
//! under the load `F = −P·A` shared by its N atoms (A = Lx·Lz the box's cross-section) plus the
//! force the particles exert on it: each of its atoms gets `f_y = ⟨f_y⟩ + F/N` (LAMMPS:
//! `fix setforce 0 NULL 0` and `fix aveforce NULL F/N NULL` on the plate, integrated by
//! `fix nve`, not thermostatted). At P = 0 the plate still lies on the particles (a control run
//! with the same contacts but no load). The conserved energy counts the load's work, P·A·y.
//!
//! Units: pressure in bar (LAMMPS `metal`); 1 eV/Å³ = [`BAR_PER_EV_PER_A3`] bar.

use crate::base::error::Result;
use serde::{Deserialize, Serialize};

/// Bar per eV/Å³: 1.602176634 × 10⁶ (1 eV/Å³ = 1.602176634 × 10¹¹ Pa, 1 bar = 10⁵ Pa).
pub const BAR_PER_EV_PER_A3: f64 = crate::base::units::NKTV2P;

fn default_plate_layers() -> u32 {
    Press::DEFAULT_PLATE_LAYERS
}

/// A press (the scenario's `press`; needs a `substrate`, the lower plate).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Press {
    /// The set pressure on the upper plate, bar (0 allowed: a plate without load).
    #[serde(rename = "pressure_bar")]
    pub pressure: f64,
    /// Atomic layers of the upper plate.
    #[serde(default = "default_plate_layers")]
    pub plate_layers: u32,
}

impl Press {
    /// Layers of the upper plate when none are given.
    pub const DEFAULT_PLATE_LAYERS: u32 = 3;
    /// Highest set pressure, bar (20 GPa: beyond it metals are crushed, not sintered).
    pub const MAX_BAR: f64 = 200_000.0;

    /// A press at `pressure` bar with the default plate.
    pub fn new(pressure: f64) -> Press {
        Press {
            pressure,
            plate_layers: Press::DEFAULT_PLATE_LAYERS,
        }
    }

    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        crate::base::error::check_range(
            "press pressure",
            self.pressure,
            "bar",
            0.0,
            Press::MAX_BAR,
        )?;
        if !(2..=10).contains(&self.plate_layers) {
            bail!(
                "press plate_layers = {} is out of range [2, 10]",
                self.plate_layers
            );
        }
        Ok(())
    }

    /// The link form: `BAR`, or `BAR:LAYERS` with other than the default plate.
    pub fn to_link(&self) -> String {
        let p = crate::base::error::readable(self.pressure);
        if self.plate_layers == Press::DEFAULT_PLATE_LAYERS {
            p
        } else {
            format!("{p}:{}", self.plate_layers)
        }
    }

    /// Parses the link form.
    pub fn from_link(v: &str) -> Result<Press> {
        let f: Vec<&str> = v.split(':').collect();
        if f.len() > 2 {
            bail!("use press=BAR or press=BAR:PLATE_LAYERS (e.g. press=20000)");
        }
        let pressure = f[0]
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| {
                crate::Error::new(format!("press pressure '{}' is not a number", f[0]))
            })?;
        let mut p = Press::new(pressure);
        if let Some(l) = f.get(1) {
            p.plate_layers = l.parse::<u32>().map_err(|_| {
                crate::Error::new(format!("press plate layers '{l}' is not a whole number"))
            })?;
        }
        p.validate()?;
        Ok(p)
    }

    /// Room between the particles' footprint and the box's side, Å, for particles `gap` Å apart:
    /// half the gap, so that each particle meets its periodic images across about the same gap
    /// as its neighbours (the box rounds up to whole surface periods): a periodic compact, as in
    /// a pressed paste, whose pores the pressure closes.
    pub fn margin(gap: f64) -> f64 {
        0.5 * gap.max(0.0)
    }

    /// The load on each of the plate's `atoms` atoms for a box cross-section `area` (Å²), eV/Å:
    /// `−P·A / (N · BAR_PER_EV_PER_A3)` (negative: downwards, along −y).
    pub fn load_per_atom(&self, area: f64, atoms: usize) -> f64 {
        -self.pressure * area / (BAR_PER_EV_PER_A3 * atoms.max(1) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::slab::{Face, Slab};
    use crate::structure::Cluster;

    #[test]
    fn links_round_trip_and_bad_ones_are_named() {
        assert_eq!(Press::from_link("20000").unwrap(), Press::new(20000.0));
        let p = Press {
            pressure: 1500.5,
            plate_layers: 4,
        };
        assert_eq!(Press::from_link(&p.to_link()).unwrap(), p);
        assert_eq!(Press::new(0.0).to_link(), "0");
        for (bad, says) in [
            ("-1", "out of range"),
            ("1e9", "out of range"),
            ("lots", "not a number"),
            ("100:1", "plate_layers = 1 is out of range"),
            ("100:x", "not a whole number"),
            ("1:2:3", "use press=BAR"),
        ] {
            let e = Press::from_link(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    /// 1 GPa on 100 Å² is 10⁻⁷ N = 0.6241509 eV/Å, shared by the plate's atoms.
    #[test]
    fn the_load_is_pressure_times_area() {
        let f = Press::new(10_000.0).load_per_atom(100.0, 4);
        assert!((4.0 * f + 0.624_150_907).abs() < 1e-8, "{f}");
    }

    /// The plate lies a bond length above the particle, is a crystal of the substrate's lattice
    /// (full in-plane neighbour shells across the periodic sides, the layer spacing between its
    /// layers), and its atoms come just before the fixed ones, labelled n + 1.
    #[test]
    fn the_plate_is_a_mirrored_layer_stack_on_the_particles() {
        let particle = Cluster {
            positions: vec![[0.0, 0.0, 0.0], [2.5, 0.0, 0.0], [1.25, 2.1, 0.0]],
            species: vec![0; 3],
            elements: vec!["Cu".into()],
            particle: vec![0; 3],
        };
        for face in Face::ALL {
            let slab = Slab::new("Cu", face);
            let a_fcc = 3.615;
            let a = face.lattice_constant(a_fcc);
            let (bond, d) = (face.bond(a), face.layer_spacing() * a);
            let s = slab
                .support_under_plate(particle.clone(), a_fcc, 3, Slab::MARGIN)
                .unwrap();
            let bare = slab.support(particle.clone(), a_fcc).unwrap();
            assert_eq!(s.plate_atoms, 3 * s.layer_atoms);
            assert_eq!(s.substrate_atoms, bare.substrate_atoms + s.plate_atoms);
            assert_eq!(s.fixed_atoms, bare.fixed_atoms);
            let n = s.atoms.len();
            let plate = n - s.fixed_atoms - s.plate_atoms..n - s.fixed_atoms;
            assert!(s.atoms.particle[plate.clone()].iter().all(|&p| p == 2));
            assert!(s.atoms.particle[n - s.fixed_atoms..]
                .iter()
                .all(|&p| p == 1));
            let highest = s.atoms.positions[..3]
                .iter()
                .map(|p| p[1])
                .fold(f64::MIN, f64::max);
            assert!((s.plate_y - highest - bond).abs() < 1e-9, "{face:?}");
            let ys: Vec<f64> = s.atoms.positions[plate.clone()]
                .iter()
                .map(|p| p[1])
                .collect();
            let lowest = ys.iter().copied().fold(f64::MAX, f64::min);
            let top = ys.iter().copied().fold(f64::MIN, f64::max);
            assert!((lowest - s.plate_y).abs() < 1e-9 && (top - lowest - 2.0 * d).abs() < 1e-9);
            assert!(s.cell[1] >= top + Slab::VACUUM - 1e-9);
            // The plate's middle layer has its full shell (12 fcc, 8 bcc) at the bond length.
            let pos: Vec<[f64; 3]> = s.atoms.positions[plate].to_vec();
            let nl = crate::neighbor::NeighborLists::build(&pos, Some(s.cell), 1.1 * bond).unwrap();
            let want = if face.is_bcc() { 8 } else { 12 };
            for (i, p) in pos.iter().enumerate() {
                if (p[1] - s.plate_y - d).abs() < 1e-6 {
                    let nb = nl.of(i);
                    assert_eq!(nb.len(), want, "{face:?}");
                    assert!(nb.iter().all(|x| (x.r - bond).abs() < 1e-6));
                }
            }
        }
    }
}
