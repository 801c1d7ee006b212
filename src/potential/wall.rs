//! A weak, smooth support: the Lennard-Jones 9-3 wall of LAMMPS' `fix wall/lj93`, the energy of an
//! atom above a half-space of Lennard-Jones sites (Magda, Tirrell & Davis, J. Chem. Phys. 83, 1888
//! (1985)):
//!
//! `E(r) = ε [ (2/15)(σ/r)⁹ − (σ/r)³ ] − E(r_c)` for 0 < r < r_c, 0 beyond,
//!
//! r the atom's height above the wall plane (Å), ε in eV, σ in Å, shifted to zero at the cutoff as
//! LAMMPS does (the force, `F = ε [ (6/5) σ⁹/r¹⁰ − 3 σ³/r⁴ ]` along the normal, is not shifted).
//! The minimum is at r₀ = (2/5)^(1/6) σ ≈ 0.858 σ with depth ≈ 1.054 ε. The wall's normal is +y
//! (the page's vertical): the plane is `y = plane`, and particles are put on it with their lowest
//! atoms at r₀.
//!
//! The default [`WallSpec::CARBON`] is an order-of-magnitude carbon-like support, not a fit: a
//! metal–carbon Lennard-Jones pair (ε_MC = 0.0127 eV, σ = 3.0 Å) integrated over graphite's
//! carbon density ρ = 0.114 Å⁻³, `ε = (2π/3) ρ σ³ ε_MC` = 0.082 eV, so an atom in contact is bound
//! by 0.081 eV (the depth 1.054 ε less the shift at the cutoff), against the 3–4 eV cohesive energy of the metals: the weak metal–support energy of
//! the review's graphite-supported clusters (Akbarzadeh et al.). The same wall acts on every
//! element (so Monte Carlo swaps do not change its energy).

use crate::base::error::Result;
use serde::{Deserialize, Serialize};

/// A 9-3 wall's parameters (the scenario's `support`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WallSpec {
    /// The LJ 9-3 wall below the particles.
    Lj93 {
        /// Strength ε, eV.
        #[serde(rename = "epsilon_eV")]
        epsilon: f64,
        /// Length σ, Å.
        #[serde(rename = "sigma_A")]
        sigma: f64,
        /// Cutoff, Å.
        #[serde(rename = "cutoff_A")]
        cutoff: f64,
    },
}

impl WallSpec {
    /// The carbon-like default (see the module docs): ε = 0.082 eV, σ = 3.0 Å, cutoff 2.5σ.
    pub const CARBON: WallSpec = WallSpec::Lj93 {
        epsilon: 0.082,
        sigma: 3.0,
        cutoff: 7.5,
    };

    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        let WallSpec::Lj93 {
            epsilon,
            sigma,
            cutoff,
        } = *self;
        crate::base::error::check_range("support epsilon", epsilon, "eV", 0.0, 10.0)?;
        crate::base::error::check_range("support sigma", sigma, "Å", 0.5, 10.0)?;
        crate::base::error::check_range("support cutoff", cutoff, "Å", sigma, 30.0)?;
        Ok(())
    }

    /// The link form: `lj93` for the default, else `lj93:EPS:SIGMA:CUTOFF`.
    pub fn to_link(&self) -> String {
        if *self == WallSpec::CARBON {
            return "lj93".into();
        }
        let WallSpec::Lj93 {
            epsilon,
            sigma,
            cutoff,
        } = *self;
        use crate::base::error::readable;
        format!(
            "lj93:{}:{}:{}",
            readable(epsilon),
            readable(sigma),
            readable(cutoff)
        )
    }

    /// Parses the link form.
    pub fn from_link(v: &str) -> Result<WallSpec> {
        let f: Vec<&str> = v.split(':').collect();
        if f[0] != "lj93" || !(f.len() == 1 || f.len() == 4) {
            bail!("use sup=lj93 (the carbon-like default) or sup=lj93:EPS_eV:SIGMA_A:CUTOFF_A");
        }
        if f.len() == 1 {
            return Ok(WallSpec::CARBON);
        }
        let num = |s: &str, what: &str| -> Result<f64> {
            s.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| crate::Error::new(format!("support {what} '{s}' is not a number")))
        };
        let w = WallSpec::Lj93 {
            epsilon: num(f[1], "epsilon")?,
            sigma: num(f[2], "sigma")?,
            cutoff: num(f[3], "cutoff")?,
        };
        w.validate()?;
        Ok(w)
    }

    /// Height of the energy minimum above the plane, r₀ = (2/5)^(1/6) σ, Å.
    pub fn rest_height(&self) -> f64 {
        let WallSpec::Lj93 { sigma, .. } = *self;
        libm::pow(0.4, 1.0 / 6.0) * sigma
    }

    /// The wall placed so that the lowest atom (smallest y) of `pos` rests at r₀.
    pub fn placed_under(&self, pos: &[[f64; 3]]) -> Wall {
        let lowest = pos.iter().map(|p| p[1]).fold(f64::INFINITY, f64::min);
        Wall {
            spec: *self,
            plane: if lowest.is_finite() {
                lowest - self.rest_height()
            } else {
                0.0
            },
        }
    }
}

/// A placed wall: the plane y = `plane` (Å) with its parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wall {
    /// Parameters.
    pub spec: WallSpec,
    /// Position of the plane along y, Å.
    pub plane: f64,
}

impl Wall {
    /// Energy (eV) and force along +y (eV/Å) on an atom at height `r` = y − plane above the plane;
    /// None for an atom on or below the plane (no finite energy).
    pub fn energy_force(&self, r: f64) -> Option<(f64, f64)> {
        let WallSpec::Lj93 {
            epsilon,
            sigma,
            cutoff,
        } = self.spec;
        if r.is_nan() || r <= 0.0 {
            return None;
        }
        if r >= cutoff {
            return Some((0.0, 0.0));
        }
        let e = |r: f64| {
            let s3 = libm::pow(sigma / r, 3.0);
            epsilon * (2.0 / 15.0 * s3 * s3 * s3 - s3)
        };
        let s3 = libm::pow(sigma / r, 3.0);
        let f = epsilon * (6.0 / 5.0 * s3 * s3 * s3 - 3.0 * s3) / r;
        Some((e(r) - e(cutoff), f))
    }

    /// Adds the wall's energy and force to every atom; returns the total wall energy (eV), summed
    /// in atom order. An atom on or below the plane is an error naming it.
    pub fn apply(
        &self,
        pos: &[[f64; 3]],
        forces: &mut [[f64; 3]],
        energies: &mut [f64],
    ) -> Result<f64> {
        let mut total = 0.0;
        for (i, p) in pos.iter().enumerate() {
            let r = p[1] - self.plane;
            let Some((e, f)) = self.energy_force(r) else {
                bail!(
                    "atom {} went through the support: it is {:.2} Å below the wall plane (y = {:.2} Å)",
                    i + 1,
                    -r,
                    self.plane
                );
            };
            forces[i][1] += f;
            energies[i] += e;
            total += e;
        }
        Ok(total)
    }

    /// The wall energy of the atoms at `pos` (eV), in atom order (atoms through the wall count
    /// as NaN).
    pub fn energy(&self, pos: &[[f64; 3]]) -> f64 {
        pos.iter()
            .map(|p| {
                self.energy_force(p[1] - self.plane)
                    .map_or(f64::NAN, |ef| ef.0)
            })
            .sum()
    }

    /// The LAMMPS commands of the same wall (`fix wall/lj93` with its energy in `pe`).
    pub fn lammps_fix(&self) -> String {
        let WallSpec::Lj93 {
            epsilon,
            sigma,
            cutoff,
        } = self.spec;
        format!(
            "fix support all wall/lj93 ylo {} {epsilon} {sigma} {cutoff} units box\nfix_modify support energy yes",
            self.plane
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minimum_and_the_force_are_the_energy_s() {
        let w = WallSpec::CARBON.placed_under(&[[0.0, 5.0, 0.0]]);
        let r0 = WallSpec::CARBON.rest_height();
        assert!((w.plane - (5.0 - r0)).abs() < 1e-12);
        let (e0, f0) = w.energy_force(r0).unwrap();
        assert!(f0.abs() < 1e-12, "force at the minimum {f0}");
        // Depth (2/5)^(-1/2)·(1 − 1/3)·ε = 1.0541 ε, less the shift E(r_c) = ε(2/15·0.4⁹ − 0.4³).
        let shift = 0.082 * (2.0 / 15.0 * 0.4f64.powi(9) - 0.4f64.powi(3));
        assert!((e0 - (-1.0541 * 0.082 - shift)).abs() < 1e-4, "depth {e0}");
        for r in [2.0, 2.6, 3.5, 5.0, 7.0] {
            let h = 1e-6;
            let num =
                -(w.energy_force(r + h).unwrap().0 - w.energy_force(r - h).unwrap().0) / (2.0 * h);
            let (_, f) = w.energy_force(r).unwrap();
            assert!((num - f).abs() < 1e-7, "r {r}: F {f} vs −dE/dr {num}");
        }
        assert_eq!(w.energy_force(7.5).unwrap(), (0.0, 0.0));
        assert!(w.energy_force(0.0).is_none() && w.energy_force(-1.0).is_none());
    }

    #[test]
    fn an_atom_through_the_wall_is_named() {
        let w = WallSpec::CARBON.placed_under(&[[0.0, 5.0, 0.0]]);
        let pos = [[0.0, 5.0, 0.0], [1.0, w.plane - 0.5, 0.0]];
        let (mut f, mut e) = (vec![[0.0; 3]; 2], vec![0.0; 2]);
        let err = w.apply(&pos, &mut f, &mut e).unwrap_err().to_string();
        assert!(err.contains("atom 2 went through the support"), "{err}");
    }

    #[test]
    fn links_read_back() {
        for w in [
            WallSpec::CARBON,
            WallSpec::Lj93 {
                epsilon: 0.2,
                sigma: 2.5,
                cutoff: 8.0,
            },
        ] {
            assert_eq!(WallSpec::from_link(&w.to_link()).unwrap(), w);
        }
        assert!(WallSpec::from_link("lj93:1:2").is_err());
        assert!(WallSpec::from_link("graphene").is_err());
        let e = WallSpec::from_link("lj93:0.1:3:1").unwrap_err().to_string();
        assert!(e.contains("cutoff"), "{e}");
    }
}
