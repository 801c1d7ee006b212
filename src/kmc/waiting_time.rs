//! Exponential waiting times of a rejection-free kMC step, `Δt = −ln(U)/R`, with a table-driven
//! logarithm: every event draws one, and `libm::log` (built for every double, ~60 instructions)
//! took 4 % of a surface-diffusion event; this takes about half that.
//!
//! U = (m + ½)·2⁻⁵² for the 52-bit integer m of a random word (as [`u64_to_open01`]). With
//! x = m + ½ = 2^e·f, f ∈ [1, 2): `−ln U = (52 − e)·ln 2 − ln f`, and
//! `ln f = ln c_j + ln(1 + r)` with c_j the centre of the j-th of 128 equal intervals of [1, 2)
//! holding f, r = f/c_j − 1 (|r| < 1/256), and ln(1 + r) by its Taylor series to r⁵ (truncation
//! error < r⁶/6 < 6·10⁻¹⁶). The result agrees with `−libm::log(U)` to 2·10⁻¹⁵ times max(1, −ln U)
//! (absolute near U = 1, where the variate is ~10⁻¹⁶ and the error a few 10⁻¹⁶; relative
//! elsewhere), and like it is plain IEEE arithmetic: the same bits on every platform.
//!
//! [`u64_to_open01`]: crate::base::rng::u64_to_open01

/// Table intervals of the mantissa: 2^`TABLE_BITS`.
const TABLE_BITS: u32 = 7;
const TABLE: usize = 1 << TABLE_BITS;

/// Tables of ln c_j and 1/c_j for the exponential variate.
#[derive(Clone, Debug)]
pub struct WaitingTime {
    /// (ln c_j, 1/c_j) for c_j = 1 + (j + ½)/128.
    table: Box<[(f64, f64); TABLE]>,
}

impl Default for WaitingTime {
    fn default() -> Self {
        Self::new()
    }
}

impl WaitingTime {
    /// Builds the tables.
    pub fn new() -> WaitingTime {
        let table = std::array::from_fn(|j| {
            let c = 1.0 + (j as f64 + 0.5) / TABLE as f64;
            (libm::log(c), 1.0 / c)
        });
        WaitingTime {
            table: Box::new(table),
        }
    }

    /// −ln U for U = (m + ½)·2⁻⁵², m the high 52 bits of `bits`: an exponential variate of mean 1
    /// (divide by the total rate for the waiting time).
    #[inline]
    pub fn neg_ln_uniform(&self, bits: u64) -> f64 {
        // m < 2⁵², so x = m + ½ is exact and ≥ ½.
        let x = (bits >> 12) as i64 as f64 + 0.5;
        let xb = x.to_bits();
        let e = (xb >> 52) as i64 - 1023;
        let f = f64::from_bits(xb & 0x000f_ffff_ffff_ffff | 0x3ff0_0000_0000_0000);
        let j = ((xb >> (52 - TABLE_BITS)) as usize) & (TABLE - 1);
        let (ln_c, inv_c) = self.table[j];
        let r = f * inv_c - 1.0;
        let ln1p = r * (1.0 - r * (0.5 - r * (1.0 / 3.0 - r * (0.25 - r * 0.2))));
        (52 - e) as f64 * core::f64::consts::LN_2 - (ln_c + ln1p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::rng::{counter_u64, u64_to_open01};

    #[test]
    fn agrees_with_libm_log_over_the_whole_range() {
        let w = WaitingTime::new();
        let mut worst: f64 = 0.0;
        let check = |bits: u64, worst: &mut f64| {
            let exact = -libm::log(u64_to_open01(bits));
            let fast = w.neg_ln_uniform(bits);
            *worst = worst.max((fast - exact).abs() / exact.max(1.0));
        };
        for k in 0..200_000 {
            check(counter_u64(3, 0, k), &mut worst);
        }
        // The edges: U next to 0 (−ln U ≈ 36) and next to 1 (−ln U ≈ 2⁻⁵³), every table
        // interval and power of two.
        for bits in [
            0,
            1 << 12,
            u64::MAX,
            u64::MAX - (1 << 12),
            1 << 63,
            (1 << 63) - 1,
        ] {
            check(bits, &mut worst);
        }
        for p in 12..64 {
            for j in 0..TABLE as u64 {
                check((1u64 << p) | (j << (p.max(19) - 7)), &mut worst);
            }
        }
        assert!(worst < 2e-15, "largest relative deviation {worst:e}");
    }

    #[test]
    fn has_the_moments_of_a_unit_exponential() {
        let w = WaitingTime::new();
        let n = 400_000;
        let (mut m1, mut m2) = (0.0, 0.0);
        for k in 0..n {
            let t = w.neg_ln_uniform(counter_u64(8, 1, k));
            assert!(t > 0.0 && t.is_finite());
            m1 += t / n as f64;
            m2 += t * t / n as f64;
        }
        // Mean 1 and second moment 2, each within 5 standard errors (σ = 1/√n and 2√5/√n).
        let s = (n as f64).sqrt();
        assert!((m1 - 1.0).abs() < 5.0 / s, "mean {m1}");
        assert!(
            (m2 - 2.0).abs() < 5.0 * 20f64.sqrt() / s,
            "second moment {m2}"
        );
    }
}
