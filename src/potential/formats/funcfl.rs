//! DYNAMO `funcfl` files (LAMMPS `pair_style eam`): one element per file, read and converted to
//! setfl tables exactly as LAMMPS converts them, so energies and forces agree with LAMMPS.
//!
//! Layout: line 1 a comment; line 2 `Z mass a0 lattice`; line 3 `Nrho drho Nr dr cutoff`; then
//! F(ρ) (Nrho values, eV), Z(r) (Nr values, effective charge in units of e) and ρ(r) (Nr values).
//! The pair energy of elements i and j is `φ_ij(r) = 27.2 · 0.529 · Z_i(r) Z_j(r) / r` eV
//! (Hartree · Bohr; LAMMPS' constants). LAMMPS (pair_eam.cpp `file2array`) puts all files on one
//! grid: dr = max dr, dρ = max dρ, Nr = ⌊r_max/dr + ½⌋ with r_max = max (Nr − 1)·dr (the same for
//! Nρ), and resamples every table at the new knots with 4-point Lagrange interpolation at
//! `p = r/dr_file + 1`, `k = clamp(⌊p⌋, 2, N_file − 2)`, `p ← min(p − k, 2)`. F(ρ) is extended
//! linearly past the files' largest `(Nρ − 1)·dρ`.

use super::setfl::{parse_num, Setfl, SetflElement, SetflKind, Tokens};
use crate::base::error::{Error, Result};

/// Hartree · Bohr in eV · Å, as LAMMPS writes it for funcfl pair energies.
pub const HARTREE_BOHR: f64 = 27.2 * 0.529;

/// The tables of one funcfl file.
#[derive(Clone, Debug, PartialEq)]
pub struct Funcfl {
    /// Line 1.
    pub comment: String,
    /// Element (from the atomic number on line 2).
    pub element: SetflElement,
    /// Number of ρ knots.
    pub nrho: usize,
    /// ρ spacing.
    pub drho: f64,
    /// Number of r knots.
    pub nr: usize,
    /// r spacing, Å.
    pub dr: f64,
    /// Cutoff, Å.
    pub cutoff: f64,
    /// F(ρ), eV.
    pub frho: Vec<f64>,
    /// Effective charge Z(r), e.
    pub zr: Vec<f64>,
    /// Density ρ(r).
    pub rhor: Vec<f64>,
}

impl Funcfl {
    /// Parses funcfl text. The element is named by the atomic number on line 2.
    pub fn parse(text: &str) -> Result<Funcfl> {
        let mut t = Tokens::new(text);
        let comment = t.next_line("the comment line")?.1.trim().to_string();
        let (ln, l2) = t.next_line("line 2 (Z mass a0 lattice)")?;
        let h: Vec<&str> = l2.split_whitespace().collect();
        let bad2 = || {
            Error::new(format!(
                "line {ln}: expected 'Z mass a0 lattice', got '{}'",
                l2.trim()
            ))
        };
        if h.len() < 2 {
            return Err(bad2());
        }
        let z: u32 = h[0].parse().map_err(|_| bad2())?;
        let mass = parse_num(h[1]).ok_or_else(bad2)?;
        let symbol = crate::base::elements::symbol_of(z).ok_or_else(|| {
            Error::new(format!(
                "line {ln}: atomic number {z} is not an element (1 to 92)"
            ))
        })?;
        if !(mass.is_finite() && mass > 0.0) {
            bail!("line {ln}: mass {mass} must be positive");
        }
        let a0 = h.get(2).and_then(|v| parse_num(v)).unwrap_or(0.0);
        let (nrho, drho, nr, dr, cutoff) = t.grid_line("line 3")?;
        let frho = t.numbers(nrho, &format!("F(rho) of {symbol}"))?;
        let zr = t.numbers(nr, &format!("Z(r) of {symbol}"))?;
        let rhor = t.numbers(nr, &format!("rho(r) of {symbol}"))?;
        t.finish()?;
        Ok(Funcfl {
            comment,
            element: SetflElement {
                symbol: symbol.to_string(),
                z,
                mass,
                a0,
                lattice: h.get(3).unwrap_or(&"").to_string(),
            },
            nrho,
            drho,
            nr,
            dr,
            cutoff,
            frho,
            zr,
            rhor,
        })
    }
}

/// LAMMPS' resampling of a funcfl table `f` (spacing `delta_file`) at x: 4-point Lagrange
/// interpolation on the knots around x (1-based knot index k as in pair_eam.cpp).
fn resample(f: &[f64], delta_file: f64, x: f64) -> f64 {
    let sixth = 1.0 / 6.0;
    let mut p = x / delta_file + 1.0;
    let k = (p as usize).min(f.len() - 2).max(2);
    p -= k as f64;
    p = p.min(2.0);
    let cof1 = -sixth * p * (p - 1.0) * (p - 2.0);
    let cof2 = 0.5 * (p * p - 1.0) * (p - 2.0);
    let cof3 = -0.5 * p * (p + 1.0) * (p - 2.0);
    let cof4 = sixth * p * (p * p - 1.0);
    // 1-based f[k-1], f[k], f[k+1], f[k+2] are 0-based k-2 … k+1.
    cof1 * f[k - 2] + cof2 * f[k - 1] + cof3 * f[k] + cof4 * f[k + 1]
}

/// Converts funcfl files (one per element, in type order) to setfl tables on one grid, as LAMMPS'
/// `pair_style eam` does; also returns the ρ past which F is extended linearly.
pub fn funcfl_setfl(files: &[Funcfl]) -> Result<(Setfl, f64)> {
    if files.is_empty() {
        bail!("no funcfl files");
    }
    let dr = files.iter().map(|f| f.dr).fold(0.0, f64::max);
    let drho = files.iter().map(|f| f.drho).fold(0.0, f64::max);
    let rmax = files
        .iter()
        .map(|f| (f.nr - 1) as f64 * f.dr)
        .fold(0.0, f64::max);
    let rhomax = files
        .iter()
        .map(|f| (f.nrho - 1) as f64 * f.drho)
        .fold(0.0, f64::max);
    let nr = (rmax / dr + 0.5) as usize;
    let nrho = (rhomax / drho + 0.5) as usize;
    if nr < 5 || nrho < 5 {
        bail!("funcfl tables too short after conversion (Nr = {nr}, Nrho = {nrho})");
    }
    let frho = files
        .iter()
        .map(|f| {
            (0..nrho)
                .map(|m| resample(&f.frho, f.drho, m as f64 * drho))
                .collect()
        })
        .collect();
    let rhor = files
        .iter()
        .map(|f| {
            (0..nr)
                .map(|m| resample(&f.rhor, f.dr, m as f64 * dr))
                .collect()
        })
        .collect();
    let mut z2r = Vec::new();
    for (i, fi) in files.iter().enumerate() {
        for fj in &files[..=i] {
            z2r.push(
                (0..nr)
                    .map(|m| {
                        let r = m as f64 * dr;
                        let zi = resample(&fi.zr, fi.dr, r);
                        let zj = resample(&fj.zr, fj.dr, r);
                        HARTREE_BOHR * zi * zj
                    })
                    .collect(),
            );
        }
    }
    let cutoff = files.iter().map(|f| f.cutoff).fold(0.0, f64::max);
    let setfl = Setfl {
        kind: SetflKind::Alloy,
        comments: [
            "converted from DYNAMO funcfl file(s) as LAMMPS pair_style eam does".into(),
            files
                .iter()
                .map(|f| f.comment.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            String::new(),
        ],
        elements: files.iter().map(|f| f.element.clone()).collect(),
        nrho,
        drho,
        nr,
        dr,
        cutoff,
        frho,
        rhor,
        z2r,
    };
    Ok((setfl, rhomax))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small funcfl text with smooth made-up tables (F = −√ρ-like, Z and ρ decaying).
    fn sample() -> String {
        let (nrho, drho, nr, dr, rc) = (40, 0.05, 30, 0.2, 5.6);
        let mut s = String::from("test funcfl\n79 196.97 4.08 FCC\n");
        s += &format!("{nrho} {drho} {nr} {dr} {rc}\n");
        let line = |v: Vec<f64>| {
            v.chunks(5)
                .map(|c| {
                    c.iter()
                        .map(|x| format!("{x:e}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        };
        s += &line((0..nrho).map(|k| -(k as f64 * drho).sqrt()).collect());
        s += &line((0..nr).map(|k| 10.0 * (-(k as f64 * dr)).exp()).collect());
        s += &line((0..nr).map(|k| (-(k as f64 * dr) / 2.0).exp()).collect());
        s
    }

    #[test]
    fn parses_and_names_the_element_by_atomic_number() {
        let f = Funcfl::parse(&sample()).unwrap();
        assert_eq!(f.element.symbol, "Au");
        assert_eq!(f.element.mass, 196.97);
        assert_eq!((f.nrho, f.nr), (40, 30));
        assert_eq!(f.zr[0], 10.0);
    }

    #[test]
    fn conversion_keeps_knot_values_and_uses_the_hartree_bohr_pair_rule() {
        let f = Funcfl::parse(&sample()).unwrap();
        let (s, rhomax) = funcfl_setfl(std::slice::from_ref(&f)).unwrap();
        // LAMMPS' grid is one knot shorter; F's linear extension starts at the file's end.
        assert_eq!((s.nr, s.nrho), (29, 39));
        assert!((rhomax - 39.0 * 0.05).abs() < 1e-12);
        // Resampling on the same grid returns the knots (Lagrange interpolation is exact there).
        for m in [0, 1, 5, 17, 28] {
            assert!((s.rhor[0][m] - f.rhor[m]).abs() < 1e-14 * f.rhor[m].abs().max(1.0));
            let want = HARTREE_BOHR * f.zr[m] * f.zr[m];
            assert!(
                (s.z2r[0][m] - want).abs() < 1e-12 * want.abs().max(1.0),
                "m {m}"
            );
        }
        for m in [0, 3, 38] {
            assert!((s.frho[0][m] - f.frho[m]).abs() < 1e-14);
        }
    }

    #[test]
    fn malformed_files_are_reported() {
        let good = sample();
        for (text, want) in [
            (good.replacen("79 196.97", "0 196.97", 1), "atomic number 0"),
            (good.replacen("79 196.97", "79 -3", 1), "mass -3"),
            (good.replacen("40 0.05", "40 x", 1), "expected 'Nrho drho"),
            (
                good.lines().take(6).collect::<Vec<_>>().join("\n"),
                "file ends after",
            ),
            (format!("{good}1 2 3\n"), "unexpected data"),
        ] {
            let e = Funcfl::parse(&text).unwrap_err();
            assert!(e.message().contains(want), "'{want}' not in '{e}'");
        }
    }
}
