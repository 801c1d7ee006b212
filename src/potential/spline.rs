//! Cubic-spline interpolation of an evenly spaced table, exactly as LAMMPS' `pair_eam`
//! (`PairEAM::interpolate`) does it, so tabulated energies and forces agree with LAMMPS to
//! round-off.
//!
//! For knots `f_1..f_n` with spacing `δ`, LAMMPS estimates slopes (per knot interval)
//! `s_1 = f_2 − f_1`, `s_2 = (f_3 − f_1)/2`, `s_m = [(f_{m−2} − f_{m+2}) + 8 (f_{m+1} − f_{m−1})]/12`,
//! `s_{n−1} = (f_n − f_{n−2})/2`, `s_n = f_n − f_{n−1}`, and builds on each interval the cubic
//! Hermite polynomial `f(p) = c3 p³ + c4 p² + c5 p + c6` in the fractional coordinate `p ∈ [0,1]`,
//! with derivative `df/dx = (c0 p + c1) p + c2` (already divided by `δ`).

/// LAMMPS' r lookup on a table with knot spacing 1/`inv_delta`: `p = x/δ + 1`,
/// `m = clamp(⌊p⌋, 1, last_knot)` (LAMMPS' 1-based `min(m, n−1)`), `p ← min(p − m, 1)`; returns the
/// 0-based knot (≤ n − 2) and the fraction. A signed 32-bit conversion is one instruction plus
/// saturation (NaN → 0, then clamped); unsigned 64-bit conversions cost several more on x86-64.
#[inline(always)]
pub fn locate_r(x: f64, inv_delta: f64, last_knot: usize) -> (usize, f64) {
    let p = x * inv_delta + 1.0;
    let m = (p as i32).clamp(1, last_knot as i32);
    ((m - 1) as usize, (p - m as f64).min(1.0))
}

/// A LAMMPS-style spline: 7 coefficients per knot, `[c0..c6]` as in `pair_eam.cpp`.
#[derive(Clone, Debug, PartialEq)]
pub struct Spline {
    /// Coefficients per knot (0-based here; LAMMPS' knot `m` is our index `m − 1`).
    coeff: Vec<[f64; 7]>,
    /// Knot spacing δ.
    delta: f64,
    /// 1/δ.
    inv_delta: f64,
}

impl Spline {
    /// Builds the spline through `values` (at x = 0, δ, 2δ, …). Needs at least 5 knots.
    pub fn new(values: &[f64], delta: f64) -> Spline {
        let n = values.len();
        assert!(n >= 5, "spline needs at least 5 knots");
        let f = values;
        let mut s = vec![0.0; n];
        s[0] = f[1] - f[0];
        s[1] = 0.5 * (f[2] - f[0]);
        s[n - 2] = 0.5 * (f[n - 1] - f[n - 3]);
        s[n - 1] = f[n - 1] - f[n - 2];
        for m in 2..n - 2 {
            s[m] = ((f[m - 2] - f[m + 2]) + 8.0 * (f[m + 1] - f[m - 1])) / 12.0;
        }
        let mut coeff = vec![[0.0; 7]; n];
        for m in 0..n {
            coeff[m][6] = f[m];
            coeff[m][5] = s[m];
        }
        for m in 0..n - 1 {
            coeff[m][4] = 3.0 * (f[m + 1] - f[m]) - 2.0 * s[m] - s[m + 1];
            coeff[m][3] = s[m] + s[m + 1] - 2.0 * (f[m + 1] - f[m]);
        }
        for c in coeff.iter_mut() {
            c[2] = c[5] / delta;
            c[1] = 2.0 * c[4] / delta;
            c[0] = 3.0 * c[3] / delta;
        }
        Spline {
            coeff,
            delta,
            inv_delta: 1.0 / delta,
        }
    }

    /// Number of knots.
    pub fn len(&self) -> usize {
        self.coeff.len()
    }

    /// True if there are no knots (never, for a built spline).
    pub fn is_empty(&self) -> bool {
        self.coeff.is_empty()
    }

    /// Knot spacing δ.
    pub fn delta(&self) -> f64 {
        self.delta
    }

    /// Locates `x` as LAMMPS does for r (see [`locate_r`]).
    #[inline(always)]
    pub fn locate_r(&self, x: f64) -> (usize, f64) {
        locate_r(x, self.inv_delta, self.coeff.len() - 1)
    }

    /// Locates `x` as LAMMPS does for ρ: like [`Spline::locate_r`] but also `m ≥ 1` (so a
    /// negative density uses the first interval).
    #[inline(always)]
    pub fn locate_rho(&self, x: f64) -> (usize, f64) {
        let p = x * self.inv_delta + 1.0;
        let m = (p as i64).clamp(1, self.coeff.len() as i64 - 1) as usize;
        let frac = (p - m as f64).min(1.0);
        (m - 1, frac)
    }

    /// Value at knot `m`, fraction `p`: `((c3 p + c4) p + c5) p + c6`.
    #[inline(always)]
    pub fn value_at(&self, m: usize, p: f64) -> f64 {
        let c = &self.coeff[m];
        ((c[3] * p + c[4]) * p + c[5]) * p + c[6]
    }

    /// Derivative d/dx at knot `m`, fraction `p`: `(c0 p + c1) p + c2`.
    #[inline(always)]
    pub fn deriv_at(&self, m: usize, p: f64) -> f64 {
        let c = &self.coeff[m];
        (c[0] * p + c[1]) * p + c[2]
    }

    /// Value and derivative at r (LAMMPS r-table conventions).
    #[inline(always)]
    pub fn eval_r(&self, r: f64) -> (f64, f64) {
        let (m, p) = self.locate_r(r);
        (self.value_at(m, p), self.deriv_at(m, p))
    }

    /// Value and derivative at ρ (LAMMPS ρ-table conventions).
    #[inline(always)]
    pub fn eval_rho(&self, rho: f64) -> (f64, f64) {
        let (m, p) = self.locate_rho(rho);
        (self.value_at(m, p), self.deriv_at(m, p))
    }

    /// Raw coefficient rows, for hot loops that evaluate several tables at one knot.
    #[inline(always)]
    pub fn row(&self, m: usize) -> &[f64; 7] {
        &self.coeff[m]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_knots_and_cubic_polynomials() {
        // The 4th-order slope estimate is exact for cubics away from the ends, so the spline of a
        // cubic reproduces it (value and derivative) in the interior.
        let d = 0.1;
        let g = |x: f64| 0.3 * x * x * x - x * x + 2.0 * x - 0.5;
        let dg = |x: f64| 0.9 * x * x - 2.0 * x + 2.0;
        let vals: Vec<f64> = (0..50).map(|i| g(i as f64 * d)).collect();
        let s = Spline::new(&vals, d);
        for i in 0..50 {
            let (v, _) = s.eval_r(i as f64 * d);
            assert!((v - vals[i]).abs() < 1e-12);
        }
        for k in 0..200 {
            let x = 0.5 + k as f64 * 0.019;
            let (v, dv) = s.eval_r(x);
            assert!((v - g(x)).abs() < 1e-10, "x={x} v={v} g={}", g(x));
            assert!((dv - dg(x)).abs() < 1e-9, "x={x} dv={dv} dg={}", dg(x));
        }
    }

    #[test]
    fn derivative_is_consistent_with_value() {
        let d = 0.05;
        let vals: Vec<f64> = (0..100)
            .map(|i| libm::exp(-(i as f64 * d)) * libm::cos(i as f64 * d))
            .collect();
        let s = Spline::new(&vals, d);
        let h = 1e-6;
        for k in 1..400 {
            let x = 0.2 + k as f64 * 0.0113;
            let num = (s.eval_r(x + h).0 - s.eval_r(x - h).0) / (2.0 * h);
            assert!((num - s.eval_r(x).1).abs() < 1e-6);
        }
    }

    #[test]
    fn past_the_table_end_holds_the_last_value() {
        let vals: Vec<f64> = (0..10).map(|i| i as f64).collect();
        let s = Spline::new(&vals, 1.0);
        assert_eq!(s.eval_r(50.0).0, 9.0);
        assert_eq!(s.eval_rho(50.0).0, 9.0);
    }
}
