//! Tabulated EAM (`pair_style eam/alloy`, `eam/fs` and, through [`super::formats::funcfl`], `eam`): the
//! tables of a setfl file, interpolated with LAMMPS' cubic splines and LAMMPS' lookup
//! conventions, so energies and forces agree with LAMMPS on the same file to round-off.

use super::eam::{EamModel, PairDistance, PairTerms, RGrid};
use super::formats::setfl::{pair_index, Setfl};
use super::spline::Spline;
use crate::base::simd::F64x4;

/// Per knot, the coefficients pass 2 needs for one ordered type pair (ti, tj), as four lanes
/// `[f′_{tj}, f′_{ti}, (rφ)′, rφ]` evaluated by one vector Horner scheme: `v = (a p + b) p + c`
/// gives the three derivatives (quadratics) and the first three steps of rφ (a cubic), whose last
/// step is `v_w p + d`. Lane by lane these are exactly LAMMPS' operations
/// (`(c0 p + c1) p + c2` and `((c3 p + c4) p + c5) p + c6`). Two cache lines, aligned.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct PairRow {
    a: F64x4,
    b: F64x4,
    c: F64x4,
    d: f64,
}

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
    /// Density-value rows, Nr per ordered (source, host) pair, at `(source · n + host) · Nr + m`
    /// (pass 1).
    dens_rows: Vec<DensityRow>,
    /// Derivative rows, Nr per ordered type pair, at `(ti · n + tj) · Nr + m` (pass 2).
    pair_rows: Vec<PairRow>,
    /// Knots per table, Nr.
    nr: usize,
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
            .flat_map(|sp| (0..s.nr).map(|m| DensityRow([3, 4, 5, 6].map(|k| sp.row(m)[k]))))
            .collect();
        let mut pair_rows = Vec::with_capacity(n * n * s.nr);
        for ti in 0..n {
            for tj in 0..n {
                let z = &z2r[pair_index(ti, tj)];
                pair_rows.extend((0..s.nr).map(|m| {
                    // f′ of the density j gives i, of the density i gives j, (rφ)′, rφ.
                    let (fj, fi, z) =
                        (rhor[tj * n + ti].row(m), rhor[ti * n + tj].row(m), z.row(m));
                    let lane = |k: usize| F64x4::new(fj[k], fi[k], z[k], z[k + 3]);
                    PairRow {
                        a: lane(0),
                        b: lane(1),
                        c: lane(2),
                        d: z[6],
                    }
                }));
            }
        }
        Tabulated {
            dens_rows,
            pair_rows,
            nr: s.nr,
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

impl EamModel for Tabulated {
    fn one_element_passes(&self) -> bool {
        true
    }

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
    fn densities(&self, ti: usize, tj: usize, r: f64) -> (f64, f64) {
        self.densities_at(ti, tj, PairDistance::locate(r, self.grid()))
    }

    fn pair_terms(&self, ti: usize, tj: usize, r: f64) -> PairTerms {
        self.pair_terms_at(ti, tj, PairDistance::locate(r, self.grid()))
    }

    fn grid(&self) -> Option<RGrid> {
        Some(RGrid {
            inv_dr: self.inv_dr,
            last_knot: self.last_knot as u32,
        })
    }

    /// The density spline rows at knot `d.knot`: `((c3 s + c4) s + c5) s + c6`, LAMMPS' order.
    #[inline(always)]
    fn densities_at(&self, ti: usize, tj: usize, d: PairDistance) -> (f64, f64) {
        let (m, p) = (d.knot as usize, d.s);
        let (n, nr) = (self.symbols.len(), self.nr);
        let cj = &self.dens_rows[(tj * n + ti) * nr + m].0;
        let into_i = ((cj[0] * p + cj[1]) * p + cj[2]) * p + cj[3];
        let into_j = if ti == tj {
            into_i
        } else {
            let ci = &self.dens_rows[(ti * n + tj) * nr + m].0;
            ((ci[0] * p + ci[1]) * p + ci[2]) * p + ci[3]
        };
        (into_i, into_j)
    }

    /// The four splines of a pair in one four-lane Horner scheme ([`PairRow`]); φ = (rφ)/r,
    /// φ′ = (rφ)′/r − φ/r.
    #[inline(always)]
    fn pair_terms_at(&self, ti: usize, tj: usize, d: PairDistance) -> PairTerms {
        let (m, p, recip) = (d.knot as usize, d.s, d.inv_r);
        let row = &self.pair_rows[(ti * self.symbols.len() + tj) * self.nr + m];
        let pv = F64x4::splat(p);
        let [dfj, dfi, z2p, z2_3] = ((row.a * pv + row.b) * pv + row.c).to_array();
        let z2 = z2_3 * p + row.d;
        let phi = z2 * recip;
        PairTerms {
            dfj,
            dfi,
            phi,
            dphi: z2p * recip - phi * recip,
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
