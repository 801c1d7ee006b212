//! Deterministic random numbers that do not depend on thread count or platform.
//!
//! Two flavours, both built on the SplitMix64 finaliser (a bijective 64-bit mixer):
//! - [`counter_u64`]: a *counter-based* generator: the value is a pure function of
//!   `(seed, stream, counter)`, so per-atom thermostat noise at step `s` for atom `i` can be drawn
//!   in any order, on any thread, and is identical everywhere.
//! - [`Rng`]: a small sequential stream (SplitMix64) for set-up work done in one fixed order
//!   (random alloys, initial velocities use the counter form instead).
//!
//! Gaussians use Box–Muller with `libm` so native and wasm32 agree bit for bit; Gamma and χ²
//! deviates (CSVR) come from Marsaglia–Tsang on the same stream. [`Rng`] implements rand_core's
//! `TryRng` (hence `rand_core::Rng`) and `SeedableRng`, so it composes with the rand ecosystem,
//! while its values stay fixed by this file, whatever version of those crates is in use.

/// SplitMix64 finaliser: a bijection on u64 with good avalanche.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Counter-based random u64: a pure function of the seed, a stream id (e.g. "thermostat noise")
/// and a counter (e.g. `step * 3N + 3 * atom + component`).
#[inline]
pub fn counter_u64(seed: u64, stream: u64, counter: u64) -> u64 {
    keyed_u64(stream_key(seed, stream), counter)
}

/// The key of one (seed, stream) pair: `keyed_u64(stream_key(seed, stream), c)` equals
/// `counter_u64(seed, stream, c)`, for loops that draw many numbers from one stream.
#[inline]
pub fn stream_key(seed: u64, stream: u64) -> u64 {
    let a = mix64(seed ^ 0x9e37_79b9_7f4a_7c15);
    mix64(a ^ stream.wrapping_mul(0xd1b5_4a32_d192_ed03))
}

/// Counter-based random u64 from a precomputed [`stream_key`].
#[inline]
pub fn keyed_u64(key: u64, counter: u64) -> u64 {
    mix64(
        key ^ counter
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .wrapping_add(0x632b_e59b_d9b4_e019),
    )
}

/// Maps a u64 to a uniform double in the open interval (0, 1) (52 random bits, never 0 or 1).
#[inline]
pub fn u64_to_open01(x: u64) -> f64 {
    // 52 random bits centred in their bins: (k + 0.5)/2^52 is exact and never 0 or 1.
    ((x >> 12) as f64 + 0.5) * (1.0 / (1u64 << 52) as f64)
}

/// Two independent standard normal deviates from two uniforms in (0,1) (Box–Muller, libm).
#[inline]
pub fn box_muller(u1: f64, u2: f64) -> (f64, f64) {
    let r = libm::sqrt(-2.0 * libm::log(u1));
    let t = 2.0 * core::f64::consts::PI * u2;
    (r * libm::cos(t), r * libm::sin(t))
}

/// Counter-based standard normal deviate for `(seed, stream, counter)`.
#[inline]
pub fn counter_normal(seed: u64, stream: u64, counter: u64) -> f64 {
    let u1 = u64_to_open01(counter_u64(seed, stream, 2 * counter));
    let u2 = u64_to_open01(counter_u64(seed, stream, 2 * counter + 1));
    box_muller(u1, u2).0
}

/// Two independent counter-based standard normal deviates for `(seed, stream, counter)`.
#[inline]
pub fn counter_normal_pair(seed: u64, stream: u64, counter: u64) -> (f64, f64) {
    let u1 = u64_to_open01(counter_u64(seed, stream, 2 * counter));
    let u2 = u64_to_open01(counter_u64(seed, stream, 2 * counter + 1));
    box_muller(u1, u2)
}

/// A sequential SplitMix64 stream, for set-up work done in one fixed order.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A stream for `seed` and a purpose tag `stream` (different tags give independent streams).
    pub fn new(seed: u64, stream: u64) -> Self {
        Rng {
            state: counter_u64(seed, stream, 0),
        }
    }

    /// Next raw u64.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix64(self.state)
    }

    /// Uniform in (0, 1).
    pub fn uniform(&mut self) -> f64 {
        u64_to_open01(self.next_u64())
    }

    /// Standard normal deviate.
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform();
        let u2 = self.uniform();
        box_muller(u1, u2).0
    }

    /// Uniform integer in `0..n` (n > 0), by multiply-shift (bias < n / 2^64).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Gamma(shape a, scale 1) deviate, a > 0: Marsaglia–Tsang (ACM TOMS 26, 363 (2000)), with
    /// the boost `Gamma(a) = Gamma(a + 1) · U^{1/a}` for a < 1.
    pub fn gamma(&mut self, a: f64) -> f64 {
        if a < 1.0 {
            let u = self.uniform();
            return self.gamma(a + 1.0) * libm::pow(u, 1.0 / a);
        }
        let d = a - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            if libm::log(u) < 0.5 * x * x + d - d * v + d * libm::log(v) {
                return d * v;
            }
        }
    }

    /// Sum of `n` squared standard normals (χ² with n degrees of freedom), as 2·Gamma(n/2);
    /// 0 for n ≤ 0.
    pub fn chi_squared(&mut self, n: f64) -> f64 {
        if n <= 0.0 {
            return 0.0;
        }
        2.0 * self.gamma(0.5 * n)
    }
}

impl rand_core::TryRng for Rng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((Rng::next_u64(self) >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(Rng::next_u64(self))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let b = Rng::next_u64(self).to_le_bytes();
            chunk.copy_from_slice(&b[..chunk.len()]);
        }
        Ok(())
    }
}

impl rand_core::SeedableRng for Rng {
    /// The seed's 8 bytes, little-endian: the stream of `Rng::new(seed, 0)`.
    type Seed = [u8; 8];

    fn from_seed(seed: [u8; 8]) -> Rng {
        Rng::new(u64::from_le_bytes(seed), 0)
    }

    fn seed_from_u64(seed: u64) -> Rng {
        Rng::new(seed, 0)
    }
}

/// A fresh seed from the operating system's (or the browser's) random source, for runs whose
/// user asks for a new one; the seed is then written into the scenario, so the run replays.
pub fn fresh_seed() -> crate::Result<u64> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b)
        .map_err(|e| crate::Error::new(format!("no random source for a fresh seed: {e}")))?;
    // Seeds stay below 2^53 so that a JavaScript number (the page, JSON) holds them exactly.
    Ok(u64::from_le_bytes(b) >> 11)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_rng_is_a_pure_function() {
        assert_eq!(counter_u64(1, 2, 3), counter_u64(1, 2, 3));
        assert_ne!(counter_u64(1, 2, 3), counter_u64(1, 2, 4));
        assert_ne!(counter_u64(1, 2, 3), counter_u64(2, 2, 3));
        assert_ne!(counter_u64(1, 2, 3), counter_u64(1, 3, 3));
    }

    #[test]
    fn normal_deviates_have_unit_variance() {
        let n = 200_000u64;
        let (mut s, mut s2) = (0.0, 0.0);
        for c in 0..n {
            let g = counter_normal(42, 7, c);
            s += g;
            s2 += g * g;
        }
        let mean = s / n as f64;
        let var = s2 / n as f64 - mean * mean;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "var {var}");
    }

    #[test]
    fn gamma_deviates_have_the_right_mean_and_variance() {
        let mut r = Rng::new(11, 0);
        for a in [0.5, 1.0, 3.5, 500.0] {
            let n = 40_000;
            let xs: Vec<f64> = (0..n).map(|_| r.gamma(a)).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
            assert!((mean / a - 1.0).abs() < 0.03, "a={a} mean={mean}");
            assert!((var / a - 1.0).abs() < 0.06, "a={a} var={var}");
        }
    }

    #[test]
    fn rand_core_traits_give_the_same_stream() {
        use rand_core::{Rng as _, SeedableRng};
        let mut a = Rng::new(5, 0);
        let mut b = <Rng as SeedableRng>::seed_from_u64(5);
        let mut c = Rng::from_seed(5u64.to_le_bytes());
        for _ in 0..10 {
            let x = a.next_u64();
            assert_eq!(rand_core::Rng::next_u64(&mut b), x);
            assert_eq!(rand_core::Rng::next_u64(&mut c), x);
        }
        let mut bytes = [0u8; 12];
        let mut d = Rng::new(5, 0);
        d.fill_bytes(&mut bytes);
        let mut e = Rng::new(5, 0);
        assert_eq!(bytes[..8], e.next_u64().to_le_bytes());
        assert_eq!(bytes[8..], e.next_u64().to_le_bytes()[..4]);
    }

    #[test]
    fn fresh_seeds_differ_and_fit_a_javascript_number() {
        let (a, b) = (fresh_seed().unwrap(), fresh_seed().unwrap());
        assert_ne!(a, b);
        assert!(a < 1 << 53 && b < 1 << 53);
    }

    #[test]
    fn uniforms_stay_in_open_interval() {
        assert!(u64_to_open01(0) > 0.0);
        assert!(u64_to_open01(u64::MAX) < 1.0);
        let mut r = Rng::new(3, 4);
        let mut counts = [0usize; 10];
        for _ in 0..100_000 {
            counts[r.below(10)] += 1;
        }
        for c in counts {
            assert!((c as f64 - 10_000.0).abs() < 500.0, "{counts:?}");
        }
    }
}
