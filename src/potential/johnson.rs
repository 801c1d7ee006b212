//! Johnson's pair potential for α-iron (R. A. Johnson, Phys. Rev. 134, A1329 (1964)), the third
//! pair potential the review names beside Lennard-Jones and Morse: three cubic pieces
//! `U(r) = −a_k (r − b_k)³ + c_k r − d_k` (eV, r in Å) on [0, 2.4), [2.4, 3.0) and [3.0, 3.44) Å,
//! joined with continuous value and slope, and zero beyond r_c = 3.44 Å (between the second and
//! third neighbour shells of bcc iron, a = 2.8665 Å). Johnson fitted the pieces to the lattice
//! constant, elastic constants and vacancy energy of bcc iron; below 1.9 Å (never reached in a
//! solid) the first piece is continued. The shifted-force form of [`super::pair`] removes the
//! last ~1e-6 eV and eV/Å the rounded coefficients leave at r_c.
//!
//! Fe only (the potential has no mixing rule). LAMMPS has no Johnson style: the export writes the
//! shifted-force function as a `pair_style table` file ([`super::pair::PairFunction::lammps_table`]).

use super::pair::{PairFunction, PairModel};
use crate::base::error::Result;

/// The three pieces `(r_end, a, b, c, d)`: `U = −a (r − b)³ + c r − d` for r below `r_end`.
const PIECES: [(f64, f64, f64, f64, f64); 3] = [
    (2.4, 2.195976, 3.097910, 2.704060, 7.436448),
    (3.0, 0.639230, 3.115829, 0.477871, 1.581570),
    (3.44, 1.115035, 3.066403, 0.466892, 1.547967),
];

/// Johnson's α-Fe function.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Johnson;

impl PairFunction for Johnson {
    fn energy(&self, r: f64) -> (f64, f64) {
        match PIECES.iter().find(|p| r < p.0) {
            Some(&(_, a, b, c, d)) => {
                let x = r - b;
                (-a * x * x * x + c * r - d, -3.0 * a * x * x + c)
            }
            None => (0.0, 0.0),
        }
    }
    fn cutoff(&self) -> f64 {
        PIECES[2].0
    }
    /// The minimum, where U′ = 0 on the second piece: r = b − √(c / 3a) = 2.617 Å (U = −0.252 eV).
    fn minimum(&self) -> f64 {
        let (_, a, b, c, _) = PIECES[1];
        b - (c / (3.0 * a)).sqrt()
    }
    fn lammps_style(&self) -> &'static str {
        "table"
    }
    fn lammps_coeffs(&self) -> String {
        String::new()
    }
    fn lammps_table(&self) -> bool {
        true
    }
    /// Never called: [`johnson_model`] refuses any element but Fe.
    fn mix(a: &Johnson, _b: &Johnson) -> Johnson {
        *a
    }
}

/// The Johnson model; only iron has parameters.
pub fn johnson_model(symbols: &[&str]) -> Result<PairModel<Johnson>> {
    if let Some(s) = symbols.iter().find(|s| !s.eq_ignore_ascii_case("Fe")) {
        bail!(
            "Johnson's pair potential is for iron only (Fe); '{s}' has no parameters — choose Zhou EAM, SMATB, Morse or LJ for it"
        );
    }
    PairModel::new(
        &["Fe"],
        vec![Johnson],
        "johnson",
        "R. A. Johnson, Phys. Rev. 134, A1329 (1964)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces join with continuous value and slope, and the last one ends at zero energy and
    /// zero force (to the 6-digit rounding of the published coefficients).
    #[test]
    fn pieces_join_smoothly_and_vanish_at_the_cutoff() {
        let j = Johnson;
        for r in [2.4, 3.0] {
            let (u0, d0) = j.energy(r - 1e-12);
            let (u1, d1) = j.energy(r + 1e-12);
            assert!((u0 - u1).abs() < 1e-5, "U jumps at {r}: {u0} vs {u1}");
            assert!((d0 - d1).abs() < 1e-4, "U' jumps at {r}: {d0} vs {d1}");
        }
        let (uc, dc) = j.energy(3.44 - 1e-12);
        assert!(uc.abs() < 1e-5 && dc.abs() < 1e-4, "at r_c: {uc} {dc}");
        assert_eq!(j.energy(3.44), (0.0, 0.0));
    }

    /// The well: the minimum sits between the first (2.48 Å) and second (2.87 Å) bcc neighbour
    /// shells at a = 2.8665 Å, −0.25 eV deep.
    #[test]
    fn the_well_lies_between_the_bcc_shells() {
        let rmin = Johnson.minimum();
        assert!((2.55..2.7).contains(&rmin), "minimum at {rmin}");
        let (u, du) = Johnson.energy(rmin);
        assert!(du.abs() < 1e-9);
        assert!((-0.3..-0.2).contains(&u), "depth {u}");
    }

    /// Johnson fitted the pieces to bcc iron: the bcc lattice sum of the shifted-force function
    /// is lowest at a = 2.860 Å (experiment 2.8665 Å), and bcc is below fcc at each one's own
    /// equilibrium, as iron's ground state is.
    #[test]
    fn bcc_iron_is_the_ground_state_at_its_lattice_constant() {
        use crate::potential::crystal::{fcc_equilibrium, golden_section_min};
        let model = johnson_model(&["Fe"]).unwrap();
        let pair = model.pair(0, 0).clone();
        let bcc = |a: f64| {
            // ½ Σ_j U(r_j) over the bcc lattice (corner + body centre) in units of a/2.
            let mut e = 0.0;
            for i in -4i64..=4 {
                for j in -4i64..=4 {
                    for k in -4i64..=4 {
                        let p = i.rem_euclid(2);
                        let same = j.rem_euclid(2) == p && k.rem_euclid(2) == p;
                        if same && (i, j, k) != (0, 0, 0) {
                            let r = 0.5 * a * ((i * i + j * j + k * k) as f64).sqrt();
                            e += 0.5 * pair.value(r).0;
                        }
                    }
                }
            }
            e
        };
        let (a_bcc, e_bcc) = golden_section_min(bcc, 2.6, 3.1, 1e-9);
        assert!((a_bcc - 2.8665).abs() < 0.01, "bcc a = {a_bcc}");
        let (a_fcc, cohesive_fcc) = fcc_equilibrium(&model, 0, 3.2, 4.2);
        assert!(
            e_bcc < -cohesive_fcc,
            "bcc {e_bcc} eV at {a_bcc} Å, fcc {} eV at {a_fcc} Å",
            -cohesive_fcc
        );
    }

    #[test]
    fn only_iron_has_parameters() {
        assert!(johnson_model(&["Fe"]).is_ok());
        let e = johnson_model(&["Fe", "Cu"]).unwrap_err().to_string();
        assert!(e.contains("'Cu'") && e.contains("iron"), "{e}");
    }
}
