//! Taking a potential to LAMMPS: the `pair_style`/`pair_coeff` commands and the potential file
//! that compute the same energies there ([`ToLammps`], one implementation per model).
//!
//! - Tables read from a setfl, eam/fs or funcfl file are written back as the same tables (LAMMPS
//!   agrees to round-off; funcfl files as the eam/alloy tables LAMMPS converts them to).
//! - The Zhou functions are tabulated with LAMMPS' `create_eam` conventions (2000 knots).
//! - Pair potentials use LAMMPS' own shifted-force styles with the same parameters (round-off).
//! - Any other EAM-like model (SMATB) is tabulated into an eam/fs (Finnis–Sinclair setfl) file, the
//!   format that holds per-pair densities ([`tabulate_fs`]): Nr = Nρ = 2000 knots, r from 0 to the
//!   cutoff (r clamped to ≥ 0.5 Å, as LAMMPS' create_eam does) and ρ from 0 to four times the
//!   largest fcc bulk density of the elements; LAMMPS then reproduces the model to its cubic-spline
//!   interpolation error.

use super::crystal::fcc_density;
use super::eam::{Eam, EamModel};
use super::formats::setfl::{Setfl, SetflElement, SetflKind};
use super::pair::{PairFunction, PairModel};
use super::smatb::Smatb;
use super::tabulated::Tabulated;
use super::zhou::{zhou_setfl, ZhouAnalytic};
use super::Potential;
use crate::base::error::Result;

/// How to run a potential in LAMMPS: the pair commands and the potential file they read.
#[derive(Clone, Debug, PartialEq)]
pub struct LammpsPair {
    /// `pair_style` and `pair_coeff` lines for atom types 1…n in the potential's element order.
    pub commands: String,
    /// The potential file the commands name (file name, contents), if any.
    pub file: Option<(String, String)>,
    /// How closely LAMMPS reproduces our energies with it, for the deck's README.
    pub fidelity: String,
}

/// Something LAMMPS can compute too.
pub trait ToLammps {
    /// The LAMMPS pair style, coefficients and potential file that compute the same energies.
    fn lammps(&self) -> Result<LammpsPair>;
}

/// A potential of the engine that LAMMPS can run as well (every built-in one and every file).
pub trait LammpsPotential: Potential + ToLammps {}

impl<T: Potential + ToLammps> LammpsPotential for T {}

impl dyn LammpsPotential {
    /// The same potential as the engine sees it.
    pub fn into_potential(self: std::sync::Arc<Self>) -> std::sync::Arc<dyn Potential> {
        self
    }
}

impl<M: EamModel + ToLammps> ToLammps for Eam<M> {
    fn lammps(&self) -> Result<LammpsPair> {
        self.model.lammps()
    }
}

impl ToLammps for Tabulated {
    /// The same tables in the same format (funcfl input is written as the eam/alloy tables it
    /// was converted to): LAMMPS agrees to round-off.
    fn lammps(&self) -> Result<LammpsPair> {
        let setfl = self.setfl();
        let ext = match setfl.kind {
            SetflKind::Alloy => "eam.alloy",
            SetflKind::FinnisSinclair => "eam.fs",
        };
        let name = format!("{}.{ext}", self.elements().join(""));
        let mut note = format!(
            "{}: the same tables, LAMMPS agrees to round-off",
            self.describe()
        );
        if self.style() == "eam" {
            note += " (funcfl files written as the eam/alloy tables LAMMPS converts them to)";
        }
        Ok(lammps_setfl(setfl, &name, note))
    }
}

impl ToLammps for ZhouAnalytic {
    /// Tabulated with LAMMPS' create_eam conventions ([`zhou_setfl`]): LAMMPS agrees to the
    /// interpolation error.
    fn lammps(&self) -> Result<LammpsPair> {
        let refs: Vec<&str> = self.elements().iter().map(String::as_str).collect();
        let s = zhou_setfl(&refs, 2000, 2000)?;
        Ok(lammps_setfl(
            &s,
            &format!("{}.eam.alloy", self.elements().join("")),
            "Zhou 2004 analytic, tabulated for LAMMPS (2000 knots): LAMMPS agrees to the interpolation error".into(),
        ))
    }
}

impl ToLammps for Smatb {
    /// Tabulated as eam/fs ([`tabulate_fs`]).
    fn lammps(&self) -> Result<LammpsPair> {
        lammps_fs(self)
    }
}

/// Knots per table.
pub const TABLE_SIZE: usize = 2000;

impl<F: PairFunction> ToLammps for PairModel<F> {
    /// LAMMPS' own shifted-force style with the same parameters: agrees to round-off. A function
    /// LAMMPS has no style for is written as a `pair_style table` file ([`lammps_pair_table`]).
    fn lammps(&self) -> Result<LammpsPair> {
        if self.pair(0, 0).f.lammps_table() {
            return Ok(lammps_pair_table(self));
        }
        let n = self.elements().len();
        let style = self.pair(0, 0).f.lammps_style();
        let mut commands = format!("pair_style {style} {}", self.cutoff());
        for i in 0..n {
            for j in i..n {
                commands += &format!(
                    "\npair_coeff {} {} {}",
                    i + 1,
                    j + 1,
                    self.pair(i, j).f.lammps_coeffs()
                );
            }
        }
        Ok(LammpsPair {
            commands,
            file: None,
            fidelity: format!(
                "{}: LAMMPS {style} with the same parameters, agrees to round-off",
                self.describe()
            ),
        })
    }
}

/// Knots of a `pair_style table` file, from [`PAIR_TABLE_INNER`] to the cutoff.
pub const PAIR_TABLE_SIZE: usize = 10_000;
/// Inner end of a `pair_style table` file, Å (LAMMPS stops with an error for a pair closer).
pub const PAIR_TABLE_INNER: f64 = 0.5;

/// A pair model as a LAMMPS `pair_style table spline` file: one section per element pair i ≤ j,
/// [`PAIR_TABLE_SIZE`] knots evenly spaced in r from [`PAIR_TABLE_INNER`] to the cutoff, each
/// `index r U_sf(r) −U_sf′(r)`. LAMMPS splines the values, so it agrees to the interpolation error
/// (largest where the function's second derivative jumps, as at the joins of Johnson's pieces).
pub fn lammps_pair_table<F: PairFunction>(model: &PairModel<F>) -> LammpsPair {
    let n = model.elements().len();
    let rc = model.cutoff();
    let name = format!("{}.table", model.elements().join(""));
    let style = model.pair(0, 0).f.lammps_style();
    let mut text = format!(
        "# {} tabulated by nanocoalesce: index, r (A), U (eV), -dU/dr (eV/A)\n",
        model.describe()
    );
    let mut commands = format!("pair_style table spline {PAIR_TABLE_SIZE}");
    let dr = (rc - PAIR_TABLE_INNER) / (PAIR_TABLE_SIZE - 1) as f64;
    for i in 0..n {
        for j in i..n {
            let key = format!("{}_{}", model.elements()[i], model.elements()[j]);
            text += &format!("\n{key}\nN {PAIR_TABLE_SIZE} R {PAIR_TABLE_INNER} {rc}\n\n");
            for k in 0..PAIR_TABLE_SIZE {
                let r = if k + 1 == PAIR_TABLE_SIZE {
                    rc
                } else {
                    PAIR_TABLE_INNER + k as f64 * dr
                };
                let (u, du) = model.pair(i, j).value(r);
                text += &format!("{} {r:.12} {u:.12e} {:.12e}\n", k + 1, -du);
            }
            commands += &format!("\npair_coeff {} {} {name} {key} {rc}", i + 1, j + 1);
        }
    }
    LammpsPair {
        commands,
        file: Some((name, text)),
        fidelity: format!(
            "{} ({style}): a pair_style table file, {PAIR_TABLE_SIZE} knots from {PAIR_TABLE_INNER} A; LAMMPS agrees to the spline interpolation error",
            model.describe()
        ),
    }
}

/// The model's functions as eam/fs tables with `n` knots each.
pub fn tabulate_fs(model: &dyn EamModel, n: usize) -> Result<Setfl> {
    let ne = model.elements().len();
    let rc = model.cutoff();
    let dr = rc / (n - 1) as f64;
    let r_at = |k: usize| (k as f64 * dr).max(0.5);
    let mut rho_bulk: f64 = 0.0;
    for t in 0..ne {
        let a = model.lattice_constant(t).unwrap_or(4.0);
        rho_bulk = rho_bulk.max(fcc_density(model, t, a));
    }
    if !(rho_bulk.is_finite() && rho_bulk > 0.0) {
        bail!("{}: no density to tabulate", model.describe());
    }
    let rhomax = 4.0 * rho_bulk;
    let drho = rhomax / (n - 1) as f64;
    let mut rhor = Vec::with_capacity(ne * ne);
    for source in 0..ne {
        for host in 0..ne {
            rhor.push(
                (0..n)
                    .map(|k| model.densities(host, source, r_at(k)).0)
                    .collect(),
            );
        }
    }
    let mut z2r = Vec::new();
    for i in 0..ne {
        for j in 0..=i {
            z2r.push(
                (0..n)
                    .map(|k| r_at(k) * model.pair_terms(i, j, r_at(k)).phi)
                    .collect(),
            );
        }
    }
    let frho = (0..ne)
        .map(|t| (0..n).map(|k| model.embed(t, k as f64 * drho).0).collect())
        .collect();
    let elements = model
        .elements()
        .iter()
        .enumerate()
        .map(|(t, s)| SetflElement {
            symbol: s.clone(),
            z: crate::base::elements::atomic_number(s).unwrap_or(0),
            mass: model.mass(t),
            a0: model.lattice_constant(t).unwrap_or(0.0),
            lattice: "fcc".into(),
        })
        .collect();
    Ok(Setfl {
        kind: SetflKind::FinnisSinclair,
        comments: [
            format!("{} tabulated by nanocoalesce", model.describe()),
            format!("eam/fs tables, {n} knots, r_c {rc} A, rho_max {rhomax}"),
            String::new(),
        ],
        elements,
        nrho: n,
        drho,
        nr: n,
        dr,
        cutoff: rc,
        frho,
        rhor,
        z2r,
    })
}

/// LAMMPS commands for a setfl or eam/fs file `name` with contents `text`.
pub fn lammps_setfl(s: &Setfl, name: &str, fidelity: String) -> LammpsPair {
    let symbols: Vec<&str> = s.elements.iter().map(|e| e.symbol.as_str()).collect();
    LammpsPair {
        commands: format!(
            "pair_style {}\npair_coeff * * {name} {}",
            s.kind.pair_style(),
            symbols.join(" ")
        ),
        file: Some((name.to_string(), s.write())),
        fidelity,
    }
}

/// The default LAMMPS equivalent of a model: its eam/fs tabulation.
pub fn lammps_fs(model: &dyn EamModel) -> Result<LammpsPair> {
    let s = tabulate_fs(model, TABLE_SIZE)?;
    let name = format!("{}.eam.fs", model.elements().join(""));
    Ok(lammps_setfl(
        &s,
        &name,
        format!(
            "{} tabulated as eam/fs ({TABLE_SIZE} knots): LAMMPS agrees to the interpolation error",
            model.describe()
        ),
    ))
}
