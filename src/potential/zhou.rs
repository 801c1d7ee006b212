//! The Zhou–Johnson–Wadley 2004 analytic alloy EAM (Phys. Rev. B 69, 144113) for Cu, Ag, Au, Ni,
//! Pd, Pt, Al, Pb, Fe, Mo, Ta, W, Mg, Co, Ti, Zr, with parameters from the revised table that
//! LAMMPS distributes (`data/zhou2004_params.csv`).
//!
//! - density: `f(r) = fe·exp(−β1(r/re−1)) / (1+(r/re−λ1)^20)`
//! - pair: `φ(r) = A·exp(−α(r/re−1))/(1+(r/re−κ)^20) − B·exp(−β(r/re−1))/(1+(r/re−λ)^20)`
//! - embedding, ρn = ρ_l·ρe, ρo = ρ_h·ρe: for ρ < ρn `Σ_{i=0..3} Fn_i (ρ/ρn−1)^i`; for ρn ≤ ρ < ρo
//!   `Σ_{i=0..3} F_i (ρ/ρe−1)^i` with F3 = F3− below ρe and F3+ above; for ρ ≥ ρo
//!   `Fe·[1 − η ln(ρ/ρs)]·(ρ/ρs)^η`; F(0) = 0.
//! - cross pair: `φ_ab(r) = ½[f_b(r)/f_a(r)·φ_aa(r) + f_a(r)/f_b(r)·φ_bb(r)]`.
//!
//! Use [`ZhouAnalytic`] to evaluate the functions directly, or [`zhou_setfl`] to tabulate them
//! (LAMMPS' convention: Nr = Nρ = 2000, r_c = √10/2 · max(√2·re), r clamped to ≥ 0.5 Å in the
//! tables, ρ_max = max(max f(r), 2 max ρe, 100)) into a setfl file LAMMPS reads.

use super::eam::{EamModel, PairTerms};
use super::formats::setfl::{Setfl, SetflElement};
use crate::base::error::Result;

/// The parameter table, embedded so every build (native, wasm) has it.
const PARAMS_CSV: &str = include_str!("../../data/zhou2004_params.csv");

/// Parameters of one element.
#[derive(Clone, Debug, PartialEq)]
pub struct ZhouParams {
    pub symbol: String,
    pub re: f64,
    pub fe: f64,
    pub rho_e: f64,
    pub rho_s: f64,
    pub alpha: f64,
    pub beta: f64,
    pub a: f64,
    pub b: f64,
    pub kappa: f64,
    pub lambda: f64,
    pub fn_: [f64; 4],
    pub f: [f64; 3],
    pub f3_minus: f64,
    pub f3_plus: f64,
    pub eta: f64,
    pub f_e: f64,
    pub z: u32,
    pub mass: f64,
    pub beta1: f64,
    pub lambda1: f64,
    pub rho_l: f64,
    pub rho_h: f64,
}

impl ZhouParams {
    /// Parameters of `symbol` (case-insensitive), or an error listing the 16 elements.
    pub fn of(symbol: &str) -> Result<ZhouParams> {
        all_params()
            .into_iter()
            .find(|p| p.symbol.eq_ignore_ascii_case(symbol))
            .ok_or_else(|| {
                let names: Vec<String> = all_params().into_iter().map(|p| p.symbol).collect();
                crate::Error::new(format!(
                    "unknown element '{symbol}': the Zhou 2004 EAM has {}",
                    names.join(", ")
                ))
            })
    }

    /// Equilibrium fcc lattice constant implied by re: a0 = √2·re, Å.
    pub fn lattice_constant(&self) -> f64 {
        std::f64::consts::SQRT_2 * self.re
    }

    /// Electron density f(r) and its derivative.
    pub fn density(&self, r: f64) -> (f64, f64) {
        damped_exp(self.fe, self.beta1, self.lambda1, self.re, r)
    }

    /// Pair energy φ(r) of two atoms of this element and its derivative, eV and eV/Å.
    pub fn pair(&self, r: f64) -> (f64, f64) {
        let (a, da) = damped_exp(self.a, self.alpha, self.kappa, self.re, r);
        let (b, db) = damped_exp(self.b, self.beta, self.lambda, self.re, r);
        (a - b, da - db)
    }

    /// Embedding energy F(ρ) and F′(ρ), eV.
    pub fn embed(&self, rho: f64) -> (f64, f64) {
        if rho == 0.0 {
            return (0.0, 0.0);
        }
        let rho_n = self.rho_l * self.rho_e;
        let rho_o = self.rho_h * self.rho_e;
        if rho < rho_n {
            let d = rho / rho_n - 1.0;
            let c = &self.fn_;
            let f = c[0] + d * (c[1] + d * (c[2] + d * c[3]));
            let fp = (c[1] + d * (2.0 * c[2] + d * 3.0 * c[3])) / rho_n;
            (f, fp)
        } else if rho < rho_o {
            let d = rho / self.rho_e - 1.0;
            let c3 = if rho < self.rho_e {
                self.f3_minus
            } else {
                self.f3_plus
            };
            let c = &self.f;
            let f = c[0] + d * (c[1] + d * (c[2] + d * c3));
            let fp = (c[1] + d * (2.0 * c[2] + d * 3.0 * c3)) / self.rho_e;
            (f, fp)
        } else {
            let y = rho / self.rho_s;
            let ln_y = libm::log(y);
            let y_eta = libm::pow(y, self.eta);
            let f = self.f_e * (1.0 - self.eta * ln_y) * y_eta;
            let fp = -self.f_e * self.eta * self.eta * ln_y * y_eta / rho;
            (f, fp)
        }
    }
}

/// `C·exp(−k(r/re−1)) / (1 + (r/re − c)^20)` and its r-derivative.
#[inline]
fn damped_exp(amp: f64, k: f64, c: f64, re: f64, r: f64) -> (f64, f64) {
    let x = r / re;
    let e = amp * libm::exp(-k * (x - 1.0));
    let u = x - c;
    let u2 = u * u;
    let u4 = u2 * u2;
    let u5 = u4 * u;
    let u10 = u5 * u5;
    let u19 = u10 * u5 * u4;
    let den = 1.0 + u10 * u10;
    let g = e / den;
    let dg = g * (-k - 20.0 * u19 / den) / re;
    (g, dg)
}

/// All 16 elements' parameters, in table order.
pub fn all_params() -> Vec<ZhouParams> {
    let mut out = Vec::new();
    let mut header: Vec<&str> = Vec::new();
    for line in PARAMS_CSV.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        if header.is_empty() {
            header = cols;
            continue;
        }
        let get = |name: &str| -> f64 {
            let k = header
                .iter()
                .position(|h| *h == name)
                .expect("column in embedded table");
            cols[k].parse().expect("number in embedded table")
        };
        out.push(ZhouParams {
            symbol: cols[0].to_string(),
            re: get("re"),
            fe: get("fe"),
            rho_e: get("rho_e"),
            rho_s: get("rho_s"),
            alpha: get("alpha"),
            beta: get("beta"),
            a: get("A"),
            b: get("B"),
            kappa: get("kappa"),
            lambda: get("lambda"),
            fn_: [get("Fn0"), get("Fn1"), get("Fn2"), get("Fn3")],
            f: [get("F0"), get("F1"), get("F2")],
            f3_minus: get("F3_minus"),
            f3_plus: get("F3_plus"),
            eta: get("eta"),
            f_e: get("Fe"),
            z: get("Z") as u32,
            mass: get("mass"),
            beta1: get("beta1"),
            lambda1: get("lambda1"),
            rho_l: get("rho_l"),
            rho_h: get("rho_h"),
        });
    }
    out
}

/// The Zhou functions for a set of elements, evaluated analytically.
#[derive(Clone, Debug)]
pub struct ZhouAnalytic {
    params: Vec<ZhouParams>,
    symbols: Vec<String>,
    cutoff: f64,
}

impl ZhouAnalytic {
    /// The model for `symbols` (at least one; no duplicates).
    pub fn new(symbols: &[&str]) -> Result<ZhouAnalytic> {
        if symbols.is_empty() {
            bail!("the Zhou potential needs at least one element");
        }
        let mut params = Vec::new();
        for (k, s) in symbols.iter().enumerate() {
            if symbols[..k].iter().any(|t| t.eq_ignore_ascii_case(s)) {
                bail!("element '{s}' is listed twice");
            }
            params.push(ZhouParams::of(s)?);
        }
        let amax = params
            .iter()
            .map(|p| p.lattice_constant())
            .fold(0.0, f64::max);
        Ok(ZhouAnalytic {
            symbols: params.iter().map(|p| p.symbol.clone()).collect(),
            params,
            cutoff: libm::sqrt(10.0) / 2.0 * amax,
        })
    }

    /// Parameters of element t.
    pub fn params(&self, t: usize) -> &ZhouParams {
        &self.params[t]
    }

    /// Pair energy φ_ab(r) and derivative, with the cross-pair mixing rule for a ≠ b.
    pub fn pair(&self, a: usize, b: usize, r: f64) -> (f64, f64) {
        let pa = &self.params[a];
        if a == b {
            return pa.pair(r);
        }
        let pb = &self.params[b];
        let (fa, dfa) = pa.density(r);
        let (fb, dfb) = pb.density(r);
        let (phia, dphia) = pa.pair(r);
        let (phib, dphib) = pb.pair(r);
        let q = fb / fa;
        let dq = (dfb * fa - fb * dfa) / (fa * fa);
        let phi = 0.5 * (q * phia + phib / q);
        let dphi = 0.5 * (dq * phia + q * dphia + dphib / q - phib * dq / (q * q));
        (phi, dphi)
    }
}

impl EamModel for ZhouAnalytic {
    fn elements(&self) -> &[String] {
        &self.symbols
    }
    fn mass(&self, t: usize) -> f64 {
        self.params[t].mass
    }
    fn cutoff(&self) -> f64 {
        self.cutoff
    }
    fn describe(&self) -> String {
        format!("Zhou 2004 EAM (analytic) {}", self.symbols.join(" "))
    }
    fn lattice_constant(&self, t: usize) -> Option<f64> {
        Some(self.params[t].lattice_constant())
    }
    fn densities(&self, ti: usize, tj: usize, r: f64) -> (f64, f64) {
        let into_i = self.params[tj].density(r).0;
        let into_j = if ti == tj {
            into_i
        } else {
            self.params[ti].density(r).0
        };
        (into_i, into_j)
    }
    fn pair_terms(&self, ti: usize, tj: usize, r: f64) -> PairTerms {
        let dfj = self.params[tj].density(r).1;
        let dfi = if ti == tj {
            dfj
        } else {
            self.params[ti].density(r).1
        };
        let (phi, dphi) = self.pair(ti, tj, r);
        PairTerms {
            dfj,
            dfi,
            phi,
            dphi,
        }
    }
    fn embed(&self, t: usize, rho: f64) -> (f64, f64) {
        self.params[t].embed(rho)
    }
}

/// Tabulates the Zhou functions for `symbols` into a setfl (LAMMPS' `create_eam` conventions:
/// Nr = Nρ = 2000 unless given, r_c = √10/2·max(√2 re), r < 0.5 Å clamped to 0.5 Å).
pub fn zhou_setfl(symbols: &[&str], nr: usize, nrho: usize) -> Result<Setfl> {
    if nr < 5 || nrho < 5 {
        bail!("table sizes must be at least 5 (got Nr = {nr}, Nrho = {nrho})");
    }
    let model = ZhouAnalytic::new(symbols)?;
    let n = model.params.len();
    let rc = model.cutoff;
    let dr = rc / (nr - 1) as f64;
    let r_at = |k: usize| ((k as f64) * dr).max(0.5);
    let rhor: Vec<Vec<f64>> = model
        .params
        .iter()
        .map(|p| (0..nr).map(|k| p.density(r_at(k)).0).collect())
        .collect();
    let mut z2r = Vec::new();
    for i in 0..n {
        for j in 0..=i {
            z2r.push(
                (0..nr)
                    .map(|k| r_at(k) * model.pair(i, j, r_at(k)).0)
                    .collect(),
            );
        }
    }
    let fmax = rhor
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let rho_e_max = model
        .params
        .iter()
        .map(|p| p.rho_e)
        .fold(f64::NEG_INFINITY, f64::max);
    let rhomax = fmax.max(2.0 * rho_e_max).max(100.0);
    let drho = rhomax / (nrho - 1) as f64;
    let frho = model
        .params
        .iter()
        .map(|p| (0..nrho).map(|k| p.embed(k as f64 * drho).0).collect())
        .collect();
    Ok(Setfl {
        kind: super::formats::setfl::SetflKind::Alloy,
        comments: [
            "Zhou, Johnson, Wadley, Phys. Rev. B 69, 144113 (2004) analytic EAM, tabulated by nanocoalesce".into(),
            "Parameters: revised table distributed with LAMMPS tools/eam_database".into(),
            format!("Elements: {}", model.symbols.join(" ")),
        ],
        elements: model
            .params
            .iter()
            .map(|p| SetflElement {
                symbol: p.symbol.clone(),
                z: p.z,
                mass: p.mass,
                a0: p.lattice_constant(),
                lattice: "fcc".into(),
            })
            .collect(),
        nrho,
        drho,
        nr,
        dr,
        cutoff: rc,
        frho,
        rhor,
        z2r,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_16_metals() {
        let p = all_params();
        assert_eq!(p.len(), 16);
        for s in [
            "Cu", "Ag", "Au", "Ni", "Pd", "Pt", "Al", "Pb", "Fe", "Mo", "Ta", "W", "Mg", "Co",
            "Ti", "Zr",
        ] {
            assert!(p.iter().any(|q| q.symbol == s), "{s}");
        }
        assert!(ZhouParams::of("Xx")
            .unwrap_err()
            .message()
            .contains("unknown element 'Xx'"));
    }

    #[test]
    fn analytic_derivatives_match_finite_differences() {
        let m = ZhouAnalytic::new(&["Au", "Ag", "Pt"]).unwrap();
        let h = 1e-6;
        for a in 0..3 {
            let p = m.params(a);
            for k in 0..60 {
                let r = 1.8 + 0.08 * k as f64;
                let (_, d) = p.density(r);
                let num = (p.density(r + h).0 - p.density(r - h).0) / (2.0 * h);
                assert!((d - num).abs() < 1e-6 * (1.0 + d.abs()), "f' {a} {r}");
                for b in 0..3 {
                    let (_, d) = m.pair(a, b, r);
                    let num = (m.pair(a, b, r + h).0 - m.pair(a, b, r - h).0) / (2.0 * h);
                    assert!(
                        (d - num).abs() < 1e-6 * (1.0 + d.abs()),
                        "phi' {a}{b} {r}: {d} vs {num}"
                    );
                }
            }
            for k in 1..200 {
                let rho = 0.25 * k as f64;
                let (_, d) = p.embed(rho);
                let hh = 1e-6 * rho;
                let num = (p.embed(rho + hh).0 - p.embed(rho - hh).0) / (2.0 * hh);
                // Branch boundaries are C0 only: skip points within h of them.
                let near = [p.rho_l * p.rho_e, p.rho_e, p.rho_h * p.rho_e]
                    .iter()
                    .any(|b| (rho - b).abs() < 2.0 * hh);
                if !near {
                    assert!(
                        (d - num).abs() < 1e-5 * (1.0 + d.abs()),
                        "F' {a} rho={rho}: {d} vs {num}"
                    );
                }
            }
        }
    }

    #[test]
    fn mixing_rule_is_symmetric_and_reduces_to_pure() {
        let m = ZhouAnalytic::new(&["Cu", "Ag"]).unwrap();
        for k in 0..20 {
            let r = 2.0 + 0.2 * k as f64;
            let (ab, ba) = (m.pair(0, 1, r).0, m.pair(1, 0, r).0);
            assert!(
                (ab - ba).abs() <= 1e-14 * ab.abs().max(1e-300),
                "{ab} vs {ba}"
            );
        }
        let same = ZhouAnalytic::new(&["Au"]).unwrap();
        assert_eq!(same.pair(0, 0, 2.9), same.params(0).pair(2.9));
    }

    #[test]
    fn setfl_follows_the_lammps_tabulation_convention() {
        let s = zhou_setfl(&["Au", "Cu"], 2000, 2000).unwrap();
        let au = ZhouParams::of("Au").unwrap();
        assert!((s.cutoff - libm::sqrt(10.0) / 2.0 * au.lattice_constant()).abs() < 1e-12);
        assert!((s.dr * 1999.0 - s.cutoff).abs() < 1e-12);
        assert!(s.drho * 1999.0 >= 100.0 - 1e-9);
        assert_eq!(s.frho[0][0], 0.0);
        assert_eq!(s.rhor[0][0], au.density(0.5).0);
        assert_eq!(s.z2r.len(), 3);
    }
}
