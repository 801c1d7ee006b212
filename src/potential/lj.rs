//! Lennard-Jones pair potential `U(r) = 4ε[(σ/r)¹² − (σ/r)⁶]` (ε eV, σ Å), cut off in
//! shifted-force form at `r_c = 3σ` (LAMMPS `lj/smooth/linear`). Parameters in
//! `data/pair_params.csv`: Heinz, Vaia, Farmer, Naik, J. Phys. Chem. C 112, 17281 (2008), fitted to
//! the surface energies of fcc metals. Mixed pairs: Lorentz–Berthelot, `ε = √(ε_a ε_b)`,
//! `σ = (σ_a + σ_b)/2`.

use super::pair::{pure_rows, PairFunction, PairModel};
use crate::base::error::Result;

/// One Lennard-Jones function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LennardJones {
    /// Well depth ε, eV.
    pub epsilon: f64,
    /// Zero crossing σ, Å.
    pub sigma: f64,
}

impl PairFunction for LennardJones {
    fn energy(&self, r: f64) -> (f64, f64) {
        let s2 = (self.sigma / r) * (self.sigma / r);
        let s6 = s2 * s2 * s2;
        (
            4.0 * self.epsilon * (s6 * s6 - s6),
            -24.0 * self.epsilon * (2.0 * s6 * s6 - s6) / r,
        )
    }
    fn cutoff(&self) -> f64 {
        3.0 * self.sigma
    }
    fn minimum(&self) -> f64 {
        2f64.powf(1.0 / 6.0) * self.sigma
    }
    fn lammps_style(&self) -> &'static str {
        "lj/smooth/linear"
    }
    fn lammps_coeffs(&self) -> String {
        format!("{} {} {}", self.epsilon, self.sigma, self.cutoff())
    }
    fn mix(a: &LennardJones, b: &LennardJones) -> LennardJones {
        LennardJones {
            epsilon: (a.epsilon * b.epsilon).sqrt(),
            sigma: 0.5 * (a.sigma + b.sigma),
        }
    }
}

/// The Lennard-Jones model for `symbols`.
pub fn lj_model(symbols: &[&str]) -> Result<PairModel<LennardJones>> {
    let pure = pure_rows("lj", symbols)?
        .into_iter()
        .map(|(epsilon, sigma, _)| LennardJones { epsilon, sigma })
        .collect();
    PairModel::new(symbols, pure, "lj", "Heinz et al. 2008")
}
