//! Pair potentials as a special case of the EAM machinery (no embedding, no density):
//! `E = ½ Σ_i Σ_{j≠i} U_{t_i t_j}(r_ij)`, each pair function cut off in the shifted-force form
//! `U_sf(r) = U(r) − U(r_c) − (r − r_c) U′(r_c)` so that energy and force both go to zero at r_c
//! (NVE conserves energy; LAMMPS `lj/smooth/linear` and `morse/smooth/linear` are the same).
//! Running through [`super::eam::Eam`] gives pair potentials the same neighbour lists, threading
//! and Monte Carlo local energies as EAM. The functions are [`super::morse`] and [`super::lj`].

use super::crystal::fcc_equilibrium;
use super::eam::{EamModel, PairTerms};
use crate::base::error::Result;

const TABLE: &str = include_str!("../../data/pair_params.csv");

/// The rows `(element, c1, c2, c3)` of `data/pair_params.csv` for `style` (`morse`, `lj`).
pub fn table_rows(style: &str) -> Vec<(String, f64, f64, f64)> {
    TABLE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("style,"))
        .map(|l| l.split(',').map(str::trim).collect::<Vec<_>>())
        .filter(|c| c[0] == style)
        .map(|c| {
            let num = |k: usize| c[k].parse::<f64>().unwrap_or(f64::NAN);
            (c[1].to_string(), num(2), num(3), num(4))
        })
        .collect()
}

/// A pair function U(r).
pub trait PairFunction: Clone + std::fmt::Debug + Send + Sync {
    /// U(r) in eV and U′(r) in eV/Å (without any cutoff).
    fn energy(&self, r: f64) -> (f64, f64);
    /// Cutoff r_c, Å.
    fn cutoff(&self) -> f64;
    /// Distance of the minimum of U, Å (the nearest-neighbour scale).
    fn minimum(&self) -> f64;
    /// The LAMMPS shifted-force pair style (`morse/smooth/linear`, …).
    fn lammps_style(&self) -> &'static str;
    /// The LAMMPS `pair_coeff` numbers after the two types (cutoff included).
    fn lammps_coeffs(&self) -> String;
    /// True if LAMMPS has no style for the function, so the export writes it as a
    /// `pair_style table` file ([`super::lammps`]).
    fn lammps_table(&self) -> bool {
        false
    }
    /// The function for a pair of different elements from the two pure ones.
    fn mix(a: &Self, b: &Self) -> Self;
}

/// A pair function in shifted-force form.
#[derive(Clone, Debug)]
pub struct ShiftedForce<F> {
    /// The function.
    pub f: F,
    rc: f64,
    uc: f64,
    duc: f64,
}

impl<F: PairFunction> ShiftedForce<F> {
    /// Shifts `f` at its cutoff.
    pub fn new(f: F) -> ShiftedForce<F> {
        let rc = f.cutoff();
        let (uc, duc) = f.energy(rc);
        ShiftedForce { f, rc, uc, duc }
    }

    /// `U_sf(r)` and its derivative; zero at and beyond r_c.
    pub fn value(&self, r: f64) -> (f64, f64) {
        if r >= self.rc {
            return (0.0, 0.0);
        }
        let (u, du) = self.f.energy(r);
        (u - self.uc - (r - self.rc) * self.duc, du - self.duc)
    }
}

/// A pair potential over elements.
#[derive(Clone, Debug)]
pub struct PairModel<F> {
    symbols: Vec<String>,
    masses: Vec<f64>,
    /// Per ordered pair `ti * n + tj`.
    pairs: Vec<ShiftedForce<F>>,
    cutoff: f64,
    lattice: Vec<f64>,
    style: &'static str,
    source: &'static str,
}

impl<F: PairFunction> PairModel<F> {
    /// The model for `symbols` with pure-element functions `pure` (mixed for cross pairs).
    /// `style` names it (`morse`, `lj`); `source` cites the parameters.
    pub fn new(
        symbols: &[&str],
        pure: Vec<F>,
        style: &'static str,
        source: &'static str,
    ) -> Result<PairModel<F>> {
        let n = symbols.len();
        let mut masses = Vec::with_capacity(n);
        for s in symbols {
            masses.push(
                crate::base::elements::standard_mass(s)
                    .ok_or_else(|| crate::Error::new(format!("no standard mass for '{s}'")))?,
            );
        }
        let mut pairs = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                let f = if i == j {
                    pure[i].clone()
                } else {
                    F::mix(&pure[i], &pure[j])
                };
                pairs.push(ShiftedForce::new(f));
            }
        }
        let cutoff = pairs.iter().map(|p| p.rc).fold(0.0, f64::max);
        let mut model = PairModel {
            symbols: symbols.iter().map(|s| s.to_string()).collect(),
            masses,
            pairs,
            cutoff,
            lattice: vec![0.0; n],
            style,
            source,
        };
        for t in 0..n {
            let guess = std::f64::consts::SQRT_2 * pure[t].minimum();
            model.lattice[t] = fcc_equilibrium(&model, t, 0.7 * guess, 1.4 * guess).0;
        }
        Ok(model)
    }

    /// The shifted pair function of (ti, tj).
    pub fn pair(&self, ti: usize, tj: usize) -> &ShiftedForce<F> {
        &self.pairs[ti * self.symbols.len() + tj]
    }
}

impl<F: PairFunction> EamModel for PairModel<F> {
    fn elements(&self) -> &[String] {
        &self.symbols
    }
    fn mass(&self, t: usize) -> f64 {
        self.masses[t]
    }
    fn cutoff(&self) -> f64 {
        self.cutoff
    }
    fn describe(&self) -> String {
        format!(
            "{} (shifted force) {} ({})",
            self.style,
            self.symbols.join(" "),
            self.source
        )
    }
    /// The fcc lattice constant that minimises the truncated lattice sum (not the function's r0).
    fn lattice_constant(&self, t: usize) -> Option<f64> {
        Some(self.lattice[t]).filter(|a| *a > 0.0)
    }
    fn densities(&self, _ti: usize, _tj: usize, _r: f64) -> (f64, f64) {
        (0.0, 0.0)
    }
    fn pair_terms(&self, ti: usize, tj: usize, r: f64) -> PairTerms {
        let (phi, dphi) = self.pair(ti, tj).value(r);
        PairTerms {
            dfj: 0.0,
            dfi: 0.0,
            phi,
            dphi,
        }
    }
    fn embed(&self, _t: usize, _rho: f64) -> (f64, f64) {
        (0.0, 0.0)
    }
    fn has_density(&self) -> bool {
        false
    }
}

/// Looks up the pure-element rows of `style` for `symbols`, or names the missing element.
pub fn pure_rows(style: &str, symbols: &[&str]) -> Result<Vec<(f64, f64, f64)>> {
    let rows = table_rows(style);
    symbols
        .iter()
        .map(|s| {
            rows.iter()
                .find(|r| r.0.eq_ignore_ascii_case(s))
                .map(|r| (r.1, r.2, r.3))
                .ok_or_else(|| {
                    let have: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
                    crate::Error::new(format!(
                        "no {style} parameters for '{s}' (available: {})",
                        have.join(", ")
                    ))
                })
        })
        .collect()
}
