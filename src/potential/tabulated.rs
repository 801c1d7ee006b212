//! Tabulated EAM (`pair_style eam/alloy`, `eam/fs` and, through [`super::formats::funcfl`], `eam`): the
//! tables of a setfl file, interpolated with LAMMPS' cubic splines and LAMMPS' lookup
//! conventions, so energies and forces agree with LAMMPS on the same file to round-off.

use super::eam::{EamModel, PairTerms};
use super::formats::setfl::{pair_index, Setfl};
use super::spline::Spline;

/// Per knot, the coefficients pass 2 needs for one ordered type pair (ti, tj), in one aligned
/// row: f′_{tj} (3), f′_{ti} (3), then r·φ value and derivative (7).
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct PairRow([f64; 16]);

/// Per knot, the value coefficients of one element's density f(r) (c3..c6).
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(32))]
struct DensityRow([f64; 4]);

/// Tabulated EAM functions.
#[derive(Clone, Debug)]
pub struct Tabulated {
    symbols: Vec<String>,
    masses: Vec<f64>,
    lattice: Vec<f64>,
    cutoff: f64,
    /// F(ρ) per element.
    frho: Vec<Spline>,
    /// Fused density-value rows per ordered (source, host) pair `source * n + host` (pass 1).
    dens_rows: Vec<Vec<DensityRow>>,
    /// Fused derivative rows per ordered type pair `ti * n + tj` (pass 2).
    pair_rows: Vec<Vec<PairRow>>,
    /// 1/dr, and the last usable knot (LAMMPS' 1-based Nr − 1), as LAMMPS locates r.
    inv_dr: f64,
    last_knot: usize,
    /// Largest tabulated ρ: `(Nrho − 1) · dρ`; beyond it F is extended linearly (as LAMMPS does).
    rhomax: f64,
    /// LAMMPS pair style the tables came from (for descriptions).
    style: &'static str,
    source: String,
    /// The tables, for writing them out again.
    setfl: Setfl,
}

impl Tabulated {
    /// Splines the tables of a setfl file. `source` names it in descriptions.
    pub fn from_setfl(s: &Setfl, source: &str) -> Tabulated {
        let n = s.elements.len();
        // One spline per ordered (source, host) pair, index source * n + host.
        let rhor: Vec<Spline> = (0..n * n)
            .map(|k| Spline::new(s.density(k / n, k % n), s.dr))
            .collect();
        let z2r: Vec<Spline> = s.z2r.iter().map(|v| Spline::new(v, s.dr)).collect();
        let dens_rows = rhor
            .iter()
            .map(|sp| {
                (0..s.nr)
                    .map(|m| DensityRow([3, 4, 5, 6].map(|k| sp.row(m)[k])))
                    .collect()
            })
            .collect();
        let mut pair_rows = Vec::with_capacity(n * n);
        for ti in 0..n {
            for tj in 0..n {
                let z = &z2r[pair_index(ti, tj)];
                let rows = (0..s.nr)
                    .map(|m| {
                        let mut r = [0.0; 16];
                        // f′ of the density j gives i, then of the density i gives j.
                        r[0..3].copy_from_slice(&rhor[tj * n + ti].row(m)[0..3]);
                        r[3..6].copy_from_slice(&rhor[ti * n + tj].row(m)[0..3]);
                        r[6..13].copy_from_slice(z.row(m));
                        PairRow(r)
                    })
                    .collect();
                pair_rows.push(rows);
            }
        }
        Tabulated {
            dens_rows,
            pair_rows,
            inv_dr: 1.0 / s.dr,
            last_knot: s.nr - 1,
            symbols: s.elements.iter().map(|e| e.symbol.clone()).collect(),
            masses: s.elements.iter().map(|e| e.mass).collect(),
            // Only an fcc a0 is a lattice constant the (fcc) structure builders can use.
            lattice: s
                .elements
                .iter()
                .map(|e| {
                    if e.lattice.eq_ignore_ascii_case("fcc") {
                        e.a0
                    } else {
                        f64::NAN
                    }
                })
                .collect(),
            cutoff: s.cutoff,
            frho: s.frho.iter().map(|v| Spline::new(v, s.drho)).collect(),
            rhomax: (s.nrho - 1) as f64 * s.drho,
            style: s.kind.pair_style(),
            source: source.to_string(),
            setfl: s.clone(),
        }
    }

    /// The same tables described as LAMMPS pair style `style`, with F(ρ) extended linearly past
    /// `rhomax` instead of past the last knot (LAMMPS' `eam` style converts funcfl files onto a
    /// grid one knot shorter but keeps the file's ρ_max).
    pub fn restyled(mut self, style: &'static str, rhomax: f64) -> Tabulated {
        self.style = style;
        self.rhomax = rhomax;
        self
    }
}

impl Tabulated {
    /// The tables, as read (for writing them out again).
    pub fn setfl(&self) -> &Setfl {
        &self.setfl
    }

    /// The LAMMPS pair style the tables came from (`eam/alloy`, `eam/fs` or `eam`).
    pub fn style(&self) -> &'static str {
        self.style
    }
}

impl Tabulated {
    /// LAMMPS' r lookup: `p = r/dr + 1`, `m = min(⌊p⌋, Nr − 1)`, `p ← min(p − m, 1)`; returns the
    /// 0-based knot and the fraction.
    #[inline(always)]
    fn locate(&self, r: f64) -> (usize, f64) {
        super::spline::locate_r(r, self.inv_dr, self.last_knot)
    }
}

impl EamModel for Tabulated {
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
            "{} {} ({})",
            self.style,
            self.symbols.join(" "),
            self.source
        )
    }
    /// The file's a0 if the file says the element is fcc.
    fn lattice_constant(&self, t: usize) -> Option<f64> {
        Some(self.lattice[t]).filter(|a| a.is_finite() && *a > 0.0)
    }
    #[inline(always)]
    fn densities(&self, ti: usize, tj: usize, r: f64) -> (f64, f64) {
        let (m, p) = self.locate(r);
        // SAFETY: locate() returns m ≤ Nr − 2 < rows.len().
        let n = self.symbols.len();
        let cj = unsafe { &self.dens_rows[tj * n + ti].get_unchecked(m).0 };
        let into_i = ((cj[0] * p + cj[1]) * p + cj[2]) * p + cj[3];
        let into_j = if ti == tj {
            into_i
        } else {
            // SAFETY: as above.
            let ci = unsafe { &self.dens_rows[ti * n + tj].get_unchecked(m).0 };
            ((ci[0] * p + ci[1]) * p + ci[2]) * p + ci[3]
        };
        (into_i, into_j)
    }

    #[inline(always)]
    fn pair_terms(&self, ti: usize, tj: usize, r: f64) -> PairTerms {
        let (m, p) = self.locate(r);
        // SAFETY: locate() returns m ≤ Nr − 2 < rows.len().
        let c = unsafe {
            &self.pair_rows[ti * self.symbols.len() + tj]
                .get_unchecked(m)
                .0
        };
        let dfj = (c[0] * p + c[1]) * p + c[2];
        let dfi = (c[3] * p + c[4]) * p + c[5];
        let z2p = (c[6] * p + c[7]) * p + c[8];
        let z2 = ((c[9] * p + c[10]) * p + c[11]) * p + c[12];
        let recip = 1.0 / r;
        let phi = z2 * recip;
        PairTerms {
            dfj,
            dfi,
            phi,
            dphi: z2p * recip - phi * recip,
            inv_r: recip,
        }
    }

    #[inline(always)]
    fn embed(&self, t: usize, rho: f64) -> (f64, f64) {
        let s = &self.frho[t];
        let (m, p) = s.locate_rho(rho);
        let fp = s.deriv_at(m, p);
        let mut f = s.value_at(m, p);
        if rho > self.rhomax {
            f += fp * (rho - self.rhomax);
        }
        (f, fp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::potential::zhou::zhou_setfl;

    #[test]
    fn only_an_fcc_a0_counts_as_a_lattice_constant() {
        let mut s = zhou_setfl(&["Au", "Fe"], 100, 100).unwrap();
        s.elements[1].lattice = "BCC".into();
        s.elements[1].a0 = 2.855;
        s.elements[0].lattice = "FCC".into();
        let t = Tabulated::from_setfl(&s, "test");
        assert!((t.lattice_constant(0).unwrap() - 4.08).abs() < 0.01);
        assert_eq!(t.lattice_constant(1), None);
    }
}
