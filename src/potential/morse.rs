//! Morse pair potential `U(r) = D[e^{−2α(r−r0)} − 2e^{−α(r−r0)}]` (D eV, α 1/Å, r0 Å), cut off in
//! shifted-force form at `r_c = r0 + 5/α` (where e^{−α(r−r0)} = e^{−5}; LAMMPS
//! `morse/smooth/linear`). Parameters in `data/pair_params.csv`: Girifalco & Weizer (1959) for
//! Ag, Cu, Ni, Al, Pb; Au from Phys. Rev. 157, 463 (1967); Pt from the eOn code's default.
//! Mixed pairs: `D = √(D_a D_b)`, α and r0 arithmetic means.

use super::pair::{pure_rows, PairFunction, PairModel};
use crate::base::error::Result;

/// One Morse function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Morse {
    /// Well depth D, eV.
    pub d: f64,
    /// Stiffness α, 1/Å.
    pub alpha: f64,
    /// Minimum r0, Å.
    pub r0: f64,
}

impl PairFunction for Morse {
    fn energy(&self, r: f64) -> (f64, f64) {
        let e = libm::exp(-self.alpha * (r - self.r0));
        (
            self.d * (e * e - 2.0 * e),
            -2.0 * self.alpha * self.d * (e * e - e),
        )
    }
    fn cutoff(&self) -> f64 {
        self.r0 + 5.0 / self.alpha
    }
    fn minimum(&self) -> f64 {
        self.r0
    }
    fn lammps_style(&self) -> &'static str {
        "morse/smooth/linear"
    }
    fn lammps_coeffs(&self) -> String {
        format!("{} {} {} {}", self.d, self.alpha, self.r0, self.cutoff())
    }
    fn mix(a: &Morse, b: &Morse) -> Morse {
        Morse {
            d: (a.d * b.d).sqrt(),
            alpha: 0.5 * (a.alpha + b.alpha),
            r0: 0.5 * (a.r0 + b.r0),
        }
    }
}

/// The Morse model for `symbols`.
pub fn morse_model(symbols: &[&str]) -> Result<PairModel<Morse>> {
    let pure = pure_rows("morse", symbols)?
        .into_iter()
        .map(|(d, alpha, r0)| Morse { d, alpha, r0 })
        .collect();
    PairModel::new(
        symbols,
        pure,
        "morse",
        "Girifalco-Weizer 1959; Au: PR 157, 463 (1967)",
    )
}
