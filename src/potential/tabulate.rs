//! Tabulating any EAM-like model into a LAMMPS eam/fs (Finnis–Sinclair setfl) file, the format
//! that holds per-pair densities: the generic way to take a potential to LAMMPS. The tables use
//! Nr = Nρ = 2000 knots, r from 0 to the cutoff (r clamped to ≥ 0.5 Å, as LAMMPS' create_eam
//! does) and ρ from 0 to four times the largest fcc bulk density of the elements. LAMMPS then
//! reproduces the model to its cubic-spline interpolation error.

use super::crystal::fcc_density;
use super::eam::EamModel;
use super::setfl::{Setfl, SetflElement, SetflKind};
use super::LammpsPair;
use crate::base::error::Result;

/// Knots per table.
pub const TABLE_SIZE: usize = 2000;

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
pub fn lammps_fs<M: EamModel>(model: &M) -> Result<LammpsPair> {
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
