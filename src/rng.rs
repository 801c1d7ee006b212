//! Deterministic random numbers that do not depend on thread count or platform.
//!
//! Two flavours, both built on the SplitMix64 finaliser (a bijective 64-bit mixer):
//! - [`counter_u64`]: a *counter-based* generator: the value is a pure function of
//!   `(seed, stream, counter)`, so per-atom thermostat noise at step `s` for atom `i` can be drawn
//!   in any order, on any thread, and is identical everywhere.
//! - [`Rng`]: a small sequential stream (SplitMix64) for set-up work done in one fixed order
//!   (random alloys, initial velocities use the counter form instead).
//!
//! Gaussians use Box–Muller with `libm` so native and wasm32 agree bit for bit.

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
