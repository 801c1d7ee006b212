//! Four f64 lanes, one type on every target: SSE2 (two 128-bit registers, the x86-64 baseline) or
//! AVX (one 256-bit register, when the build targets a CPU with it) natively, `simd128` in the
//! browser (two `v128`), plain arrays elsewhere (the browser build for engines without SIMD).
//!
//! Every operation is lane-wise and exactly rounded (IEEE 754 add, sub, mul, div, sqrt; no fused
//! multiply–add; min and max with one stated rule), so the four implementations give the same
//! bits, and a kernel written with `F64x4` gives the same trajectory on every target. Nothing
//! here sums across lanes: a kernel that needs a sum states its order itself.
//!
//! Written out lane by lane, never as loops or `map`s over the lanes: the browser builds are
//! optimised for size and do not unroll loops.
//!
//! The type is also a storage type: 32 bytes, 32-byte aligned, for per-atom `[x, y, z, w]` rows
//! (position and a spare lane; force and energy) that a kernel loads in one or two instructions.

#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::*;

#[cfg(target_arch = "wasm32")]
#[cfg(target_feature = "simd128")]
use core::arch::wasm32::*;

/// Four f64 lanes `[x, y, z, w]`; see the module doc.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
pub struct F64x4(Lanes);

#[cfg(all(target_arch = "x86_64", target_feature = "avx"))]
type Lanes = __m256d;
#[cfg(all(target_arch = "x86_64", not(target_feature = "avx")))]
type Lanes = [__m128d; 2];
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
type Lanes = [v128; 2];
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
type Lanes = [f64; 4];

/// Which implementation this build uses (for the benchmarks' and the page's reports).
pub const BACKEND: &str = if cfg!(all(target_arch = "x86_64", target_feature = "avx")) {
    "avx"
} else if cfg!(target_arch = "x86_64") {
    "sse2"
} else if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
    "simd128"
} else {
    "scalar"
};

impl Default for F64x4 {
    fn default() -> Self {
        F64x4::ZERO
    }
}

impl std::fmt::Debug for F64x4 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_array().fmt(f)
    }
}

impl PartialEq for F64x4 {
    fn eq(&self, other: &Self) -> bool {
        self.to_array() == other.to_array()
    }
}

impl F64x4 {
    /// All lanes +0.0.
    pub const ZERO: F64x4 = F64x4::from_array_const([0.0; 4]);

    const fn from_array_const(a: [f64; 4]) -> F64x4 {
        // SAFETY: every `Lanes` is 32 plain bytes holding four f64 in lane order.
        unsafe { std::mem::transmute::<[f64; 4], F64x4>(a) }
    }

    /// `[x, y, z, w]`.
    #[inline(always)]
    pub fn new(x: f64, y: f64, z: f64, w: f64) -> F64x4 {
        F64x4::from_array([x, y, z, w])
    }

    /// `[x, y, z, w]` from an array.
    #[inline(always)]
    pub fn from_array(a: [f64; 4]) -> F64x4 {
        F64x4::from_array_const(a)
    }

    /// A point `[x, y, z, 0]`.
    #[inline(always)]
    pub fn point(p: [f64; 3]) -> F64x4 {
        F64x4::new(p[0], p[1], p[2], 0.0)
    }

    /// The lanes as an array.
    #[inline(always)]
    pub fn to_array(self) -> [f64; 4] {
        // SAFETY: as in `from_array_const`.
        unsafe { std::mem::transmute::<F64x4, [f64; 4]>(self) }
    }

    /// The first three lanes.
    #[inline(always)]
    pub fn xyz(self) -> [f64; 3] {
        let a = self.to_array();
        [a[0], a[1], a[2]]
    }

    /// Lane 0.
    #[inline(always)]
    pub fn x(self) -> f64 {
        self.to_array()[0]
    }

    /// Lane 3.
    #[inline(always)]
    pub fn w(self) -> f64 {
        self.to_array()[3]
    }

    /// The first four values of `s` (unaligned load).
    #[inline(always)]
    pub fn from_slice(s: &[f64]) -> F64x4 {
        let s = &s[..4];
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        // SAFETY: s has four values; v128_load needs no alignment. (Two whole-vector loads: the
        // lane-by-lane form became eight half-vector loads in the browser build.)
        return unsafe {
            let p = s.as_ptr();
            F64x4([
                v128_load(p as *const v128),
                v128_load(p.add(2) as *const v128),
            ])
        };
        #[allow(unreachable_code)]
        F64x4::from_array([s[0], s[1], s[2], s[3]])
    }

    /// Stores the lanes into the first four values of `s`.
    #[inline(always)]
    pub fn store(self, s: &mut [f64]) {
        s[..4].copy_from_slice(&self.to_array());
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "avx"))]
impl F64x4 {
    /// All lanes `v`.
    #[inline(always)]
    pub fn splat(v: f64) -> F64x4 {
        // SAFETY: AVX is enabled for this build.
        F64x4(unsafe { _mm256_set1_pd(v) })
    }
    /// Lane-wise `a + b`.
    #[inline(always)]
    fn vadd(self, o: F64x4) -> F64x4 {
        // SAFETY (every block of this impl): AVX is enabled for this build.
        F64x4(unsafe { _mm256_add_pd(self.0, o.0) })
    }
    /// Lane-wise `a − b`.
    #[inline(always)]
    fn vsub(self, o: F64x4) -> F64x4 {
        F64x4(unsafe { _mm256_sub_pd(self.0, o.0) })
    }
    /// Lane-wise `a × b`.
    #[inline(always)]
    fn vmul(self, o: F64x4) -> F64x4 {
        F64x4(unsafe { _mm256_mul_pd(self.0, o.0) })
    }
    /// Lane-wise `a / b`.
    #[inline(always)]
    fn vdiv(self, o: F64x4) -> F64x4 {
        F64x4(unsafe { _mm256_div_pd(self.0, o.0) })
    }
    /// Lane-wise `√a`.
    #[inline(always)]
    pub fn sqrt(self) -> F64x4 {
        F64x4(unsafe { _mm256_sqrt_pd(self.0) })
    }
    /// Lane-wise `if o < a { o } else { a }` (a NaN in either gives `a`).
    #[inline(always)]
    pub fn min(self, o: F64x4) -> F64x4 {
        // minpd(x, y) = x < y ? x : y.
        F64x4(unsafe { _mm256_min_pd(o.0, self.0) })
    }
    /// Lane-wise `if a < o { o } else { a }` (a NaN in either gives `a`).
    #[inline(always)]
    pub fn max(self, o: F64x4) -> F64x4 {
        // maxpd(x, y) = x > y ? x : y.
        F64x4(unsafe { _mm256_max_pd(o.0, self.0) })
    }
    /// Lane 3 replaced by `w`.
    #[inline(always)]
    pub fn with_w(self, w: f64) -> F64x4 {
        F64x4(unsafe { _mm256_blend_pd::<0b1000>(self.0, _mm256_set1_pd(w)) })
    }
    /// Lane-wise rounding toward zero, for lanes in [0, 2³¹) (other lanes: unspecified values).
    #[inline(always)]
    pub fn trunc_small(self) -> F64x4 {
        F64x4(unsafe { _mm256_cvtepi32_pd(_mm256_cvttpd_epi32(self.0)) })
    }
    /// The lanes as integers, for whole numbers in [0, 2³¹) (other lanes: unspecified values).
    #[inline(always)]
    pub fn to_u32_small(self) -> [u32; 4] {
        unsafe { std::mem::transmute::<__m128i, [u32; 4]>(_mm256_cvttpd_epi32(self.0)) }
    }
    /// Bit l set where lane l of `self` < lane l of `o` (false for NaN).
    #[inline(always)]
    pub fn lt_mask(self, o: F64x4) -> u32 {
        unsafe { _mm256_movemask_pd(_mm256_cmp_pd::<_CMP_LT_OQ>(self.0, o.0)) as u32 }
    }
    /// Four rows `[x, y, z, ·]` as columns: `([x0, x1, x2, x3], [y…], [z…])`.
    #[inline(always)]
    pub fn columns(r: [F64x4; 4]) -> [F64x4; 3] {
        unsafe {
            let (a, b) = (
                _mm256_unpacklo_pd(r[0].0, r[1].0),
                _mm256_unpackhi_pd(r[0].0, r[1].0),
            );
            let (c, d) = (
                _mm256_unpacklo_pd(r[2].0, r[3].0),
                _mm256_unpackhi_pd(r[2].0, r[3].0),
            );
            // a = [x0 x1 z0 z1], b = [y0 y1 w0 w1], c = [x2 x3 z2 z3], d = [y2 y3 w2 w3].
            [
                F64x4(_mm256_permute2f128_pd::<0x20>(a, c)),
                F64x4(_mm256_permute2f128_pd::<0x20>(b, d)),
                F64x4(_mm256_permute2f128_pd::<0x31>(a, c)),
            ]
        }
    }
}

#[cfg(all(target_arch = "x86_64", not(target_feature = "avx")))]
impl F64x4 {
    /// All lanes `v`.
    #[inline(always)]
    pub fn splat(v: f64) -> F64x4 {
        // SAFETY (every block of this impl): SSE2 is part of the x86-64 baseline.
        let s = unsafe { _mm_set1_pd(v) };
        F64x4([s, s])
    }
    #[inline(always)]
    fn zip(self, o: F64x4, f: impl Fn(__m128d, __m128d) -> __m128d) -> F64x4 {
        F64x4([f(self.0[0], o.0[0]), f(self.0[1], o.0[1])])
    }
    /// Lane-wise `a + b`.
    #[inline(always)]
    fn vadd(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| unsafe { _mm_add_pd(a, b) })
    }
    /// Lane-wise `a − b`.
    #[inline(always)]
    fn vsub(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| unsafe { _mm_sub_pd(a, b) })
    }
    /// Lane-wise `a × b`.
    #[inline(always)]
    fn vmul(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| unsafe { _mm_mul_pd(a, b) })
    }
    /// Lane-wise `a / b`.
    #[inline(always)]
    fn vdiv(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| unsafe { _mm_div_pd(a, b) })
    }
    /// Lane-wise `√a`.
    #[inline(always)]
    pub fn sqrt(self) -> F64x4 {
        F64x4(unsafe { [_mm_sqrt_pd(self.0[0]), _mm_sqrt_pd(self.0[1])] })
    }
    /// Lane-wise `if o < a { o } else { a }` (a NaN in either gives `a`).
    #[inline(always)]
    pub fn min(self, o: F64x4) -> F64x4 {
        // minpd(x, y) = x < y ? x : y.
        o.zip(self, |b, a| unsafe { _mm_min_pd(b, a) })
    }
    /// Lane-wise `if a < o { o } else { a }` (a NaN in either gives `a`).
    #[inline(always)]
    pub fn max(self, o: F64x4) -> F64x4 {
        // maxpd(x, y) = x > y ? x : y.
        o.zip(self, |b, a| unsafe { _mm_max_pd(b, a) })
    }
    /// Lane 3 replaced by `w`.
    #[inline(always)]
    pub fn with_w(self, w: f64) -> F64x4 {
        F64x4([self.0[0], unsafe {
            _mm_unpacklo_pd(self.0[1], _mm_set_sd(w))
        }])
    }
    /// Lane-wise rounding toward zero, for lanes in [0, 2³¹) (other lanes: unspecified values).
    #[inline(always)]
    pub fn trunc_small(self) -> F64x4 {
        let t = |h| unsafe { _mm_cvtepi32_pd(_mm_cvttpd_epi32(h)) };
        F64x4([t(self.0[0]), t(self.0[1])])
    }
    /// The lanes as integers, for whole numbers in [0, 2³¹) (other lanes: unspecified values).
    #[inline(always)]
    pub fn to_u32_small(self) -> [u32; 4] {
        unsafe {
            let (lo, hi) = (_mm_cvttpd_epi32(self.0[0]), _mm_cvttpd_epi32(self.0[1]));
            std::mem::transmute::<__m128i, [u32; 4]>(_mm_unpacklo_epi64(lo, hi))
        }
    }
    /// Bit l set where lane l of `self` < lane l of `o` (false for NaN).
    #[inline(always)]
    pub fn lt_mask(self, o: F64x4) -> u32 {
        unsafe {
            let lo = _mm_movemask_pd(_mm_cmplt_pd(self.0[0], o.0[0])) as u32;
            let hi = _mm_movemask_pd(_mm_cmplt_pd(self.0[1], o.0[1])) as u32;
            lo | hi << 2
        }
    }
    /// Four rows `[x, y, z, ·]` as columns: `([x0, x1, x2, x3], [y…], [z…])`.
    #[inline(always)]
    pub fn columns(r: [F64x4; 4]) -> [F64x4; 3] {
        unsafe {
            [
                F64x4([
                    _mm_unpacklo_pd(r[0].0[0], r[1].0[0]),
                    _mm_unpacklo_pd(r[2].0[0], r[3].0[0]),
                ]),
                F64x4([
                    _mm_unpackhi_pd(r[0].0[0], r[1].0[0]),
                    _mm_unpackhi_pd(r[2].0[0], r[3].0[0]),
                ]),
                F64x4([
                    _mm_unpacklo_pd(r[0].0[1], r[1].0[1]),
                    _mm_unpacklo_pd(r[2].0[1], r[3].0[1]),
                ]),
            ]
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl F64x4 {
    /// All lanes `v`.
    #[inline(always)]
    pub fn splat(v: f64) -> F64x4 {
        let s = f64x2_splat(v);
        F64x4([s, s])
    }
    #[inline(always)]
    fn zip(self, o: F64x4, f: impl Fn(v128, v128) -> v128) -> F64x4 {
        F64x4([f(self.0[0], o.0[0]), f(self.0[1], o.0[1])])
    }
    /// Lane-wise `a + b`.
    #[inline(always)]
    fn vadd(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| f64x2_add(a, b))
    }
    /// Lane-wise `a − b`.
    #[inline(always)]
    fn vsub(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| f64x2_sub(a, b))
    }
    /// Lane-wise `a × b`.
    #[inline(always)]
    fn vmul(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| f64x2_mul(a, b))
    }
    /// Lane-wise `a / b`.
    #[inline(always)]
    fn vdiv(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| f64x2_div(a, b))
    }
    /// Lane-wise `√a`.
    #[inline(always)]
    pub fn sqrt(self) -> F64x4 {
        F64x4([f64x2_sqrt(self.0[0]), f64x2_sqrt(self.0[1])])
    }
    /// Lane-wise `if o < a { o } else { a }` (a NaN in either gives `a`).
    #[inline(always)]
    pub fn min(self, o: F64x4) -> F64x4 {
        // pmin(a, b) = b < a ? b : a.
        self.zip(o, |a, b| f64x2_pmin(a, b))
    }
    /// Lane-wise `if a < o { o } else { a }` (a NaN in either gives `a`).
    #[inline(always)]
    pub fn max(self, o: F64x4) -> F64x4 {
        // pmax(a, b) = a < b ? b : a.
        self.zip(o, |a, b| f64x2_pmax(a, b))
    }
    /// Lane 3 replaced by `w`.
    #[inline(always)]
    pub fn with_w(self, w: f64) -> F64x4 {
        F64x4([self.0[0], f64x2_replace_lane::<1>(self.0[1], w)])
    }
    /// Lane-wise rounding toward zero, for lanes in [0, 2³¹) (other lanes: unspecified values).
    #[inline(always)]
    pub fn trunc_small(self) -> F64x4 {
        F64x4([f64x2_trunc(self.0[0]), f64x2_trunc(self.0[1])])
    }
    /// The lanes as integers, for whole numbers in [0, 2³¹) (other lanes: unspecified values).
    #[inline(always)]
    pub fn to_u32_small(self) -> [u32; 4] {
        // A whole number m in [0, 2³¹) plus 2⁵² is exact and leaves m in the low 32 bits of the
        // lane; one shuffle gathers them. (LLVM turned the saturating conversions into four
        // scalar ones.)
        let magic = f64x2_splat(4_503_599_627_370_496.0);
        let (lo, hi) = (f64x2_add(self.0[0], magic), f64x2_add(self.0[1], magic));
        // SAFETY: v128 is 16 plain bytes.
        unsafe { std::mem::transmute::<v128, [u32; 4]>(i32x4_shuffle::<0, 2, 4, 6>(lo, hi)) }
    }
    /// Bit l set where lane l of `self` < lane l of `o` (false for NaN).
    #[inline(always)]
    pub fn lt_mask(self, o: F64x4) -> u32 {
        let lo = i64x2_bitmask(f64x2_lt(self.0[0], o.0[0])) as u32;
        let hi = i64x2_bitmask(f64x2_lt(self.0[1], o.0[1])) as u32;
        lo | hi << 2
    }
    /// Four rows `[x, y, z, ·]` as columns: `([x0, x1, x2, x3], [y…], [z…])`.
    #[inline(always)]
    pub fn columns(r: [F64x4; 4]) -> [F64x4; 3] {
        let lo = |a: v128, b: v128| i64x2_shuffle::<0, 2>(a, b);
        let hi = |a: v128, b: v128| i64x2_shuffle::<1, 3>(a, b);
        [
            F64x4([lo(r[0].0[0], r[1].0[0]), lo(r[2].0[0], r[3].0[0])]),
            F64x4([hi(r[0].0[0], r[1].0[0]), hi(r[2].0[0], r[3].0[0])]),
            F64x4([lo(r[0].0[1], r[1].0[1]), lo(r[2].0[1], r[3].0[1])]),
        ]
    }
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
impl F64x4 {
    /// All lanes `v`.
    #[inline(always)]
    pub fn splat(v: f64) -> F64x4 {
        F64x4([v; 4])
    }
    #[inline(always)]
    fn zip(self, o: F64x4, f: impl Fn(f64, f64) -> f64) -> F64x4 {
        let (a, b) = (self.0, o.0);
        F64x4([f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])])
    }
    /// Lane-wise `a + b`.
    #[inline(always)]
    fn vadd(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| a + b)
    }
    /// Lane-wise `a − b`.
    #[inline(always)]
    fn vsub(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| a - b)
    }
    /// Lane-wise `a × b`.
    #[inline(always)]
    fn vmul(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| a * b)
    }
    /// Lane-wise `a / b`.
    #[inline(always)]
    fn vdiv(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| a / b)
    }
    /// Lane-wise `√a`.
    #[inline(always)]
    pub fn sqrt(self) -> F64x4 {
        let a = self.0;
        F64x4([a[0].sqrt(), a[1].sqrt(), a[2].sqrt(), a[3].sqrt()])
    }
    /// Lane-wise `if o < a { o } else { a }` (a NaN in either gives `a`).
    #[inline(always)]
    pub fn min(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| if b < a { b } else { a })
    }
    /// Lane-wise `if a < o { o } else { a }` (a NaN in either gives `a`).
    #[inline(always)]
    pub fn max(self, o: F64x4) -> F64x4 {
        self.zip(o, |a, b| if a < b { b } else { a })
    }
    /// Lane 3 replaced by `w`.
    #[inline(always)]
    pub fn with_w(self, w: f64) -> F64x4 {
        let mut a = self.0;
        a[3] = w;
        F64x4(a)
    }
    /// Lane-wise rounding toward zero, for lanes in [0, 2³¹) (other lanes: unspecified values).
    #[inline(always)]
    pub fn trunc_small(self) -> F64x4 {
        let t = |v: f64| (v as i32) as f64;
        let a = self.0;
        F64x4([t(a[0]), t(a[1]), t(a[2]), t(a[3])])
    }
    /// The lanes as integers, for whole numbers in [0, 2³¹) (other lanes: unspecified values).
    #[inline(always)]
    pub fn to_u32_small(self) -> [u32; 4] {
        let a = self.0;
        [
            a[0] as i32 as u32,
            a[1] as i32 as u32,
            a[2] as i32 as u32,
            a[3] as i32 as u32,
        ]
    }
    /// Bit l set where lane l of `self` < lane l of `o` (false for NaN).
    #[inline(always)]
    pub fn lt_mask(self, o: F64x4) -> u32 {
        let (a, b) = (self.0, o.0);
        (a[0] < b[0]) as u32
            | ((a[1] < b[1]) as u32) << 1
            | ((a[2] < b[2]) as u32) << 2
            | ((a[3] < b[3]) as u32) << 3
    }
    /// Four rows `[x, y, z, ·]` as columns: `([x0, x1, x2, x3], [y…], [z…])`.
    #[inline(always)]
    pub fn columns(r: [F64x4; 4]) -> [F64x4; 3] {
        let c = |k: usize| F64x4([r[0].0[k], r[1].0[k], r[2].0[k], r[3].0[k]]);
        [c(0), c(1), c(2)]
    }
}

impl std::ops::Add for F64x4 {
    type Output = F64x4;
    #[inline(always)]
    fn add(self, o: F64x4) -> F64x4 {
        F64x4::vadd(self, o)
    }
}

impl std::ops::Sub for F64x4 {
    type Output = F64x4;
    #[inline(always)]
    fn sub(self, o: F64x4) -> F64x4 {
        F64x4::vsub(self, o)
    }
}

impl std::ops::Mul for F64x4 {
    type Output = F64x4;
    #[inline(always)]
    fn mul(self, o: F64x4) -> F64x4 {
        F64x4::vmul(self, o)
    }
}

impl std::ops::Div for F64x4 {
    type Output = F64x4;
    #[inline(always)]
    fn div(self, o: F64x4) -> F64x4 {
        F64x4::vdiv(self, o)
    }
}

impl std::ops::AddAssign for F64x4 {
    #[inline(always)]
    fn add_assign(&mut self, o: F64x4) {
        *self = *self + o;
    }
}

impl std::ops::SubAssign for F64x4 {
    #[inline(always)]
    fn sub_assign(&mut self, o: F64x4) {
        *self = *self - o;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values that tell rounding, signed zeros, infinities, NaN and subnormals apart.
    const SPECIAL: [f64; 12] = [
        0.0,
        -0.0,
        1.0,
        -2.5,
        1e-310,
        -3e-320,
        1.0 / 3.0,
        f64::MAX,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        6.02214076e23,
    ];

    type LaneOp = fn(f64, f64) -> f64;

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    /// Every operation equals the scalar operation lane by lane, bit for bit (the contract that
    /// makes trajectories identical on every backend).
    #[test]
    fn lanes_match_scalar_arithmetic_bit_for_bit() {
        for (k, &a0) in SPECIAL.iter().enumerate() {
            let a = [
                a0,
                SPECIAL[(k + 1) % 12],
                SPECIAL[(k + 5) % 12],
                SPECIAL[(k + 7) % 12],
            ];
            for &b0 in &SPECIAL {
                let b = [b0, SPECIAL[(k + 3) % 12], SPECIAL[(k + 2) % 12], -b0];
                let (va, vb) = (F64x4::from_array(a), F64x4::from_array(b));
                let ops: [(F64x4, LaneOp); 6] = [
                    (va + vb, |x, y| x + y),
                    (va - vb, |x, y| x - y),
                    (va * vb, |x, y| x * y),
                    (va / vb, |x, y| x / y),
                    (va.min(vb), |x, y| if y < x { y } else { x }),
                    (va.max(vb), |x, y| if x < y { y } else { x }),
                ];
                for (v, f) in ops {
                    let got = v.to_array();
                    for l in 0..4 {
                        assert!(same(got[l], f(a[l], b[l])), "{a:?} {b:?} lane {l}: {got:?}");
                    }
                }
                let s = va.sqrt().to_array();
                for l in 0..4 {
                    assert!(same(s[l], a[l].sqrt()));
                }
            }
        }
    }

    #[test]
    fn truncation_of_small_numbers_matches_scalar() {
        let v = [0.0, 0.999999999, 1.5, 2147483647.5];
        for k in 0..4 {
            let x = F64x4::from_array([v[k], v[(k + 1) % 4], 7.25 + k as f64, 1e-300]);
            let t = x.trunc_small().to_array();
            let a = x.to_array();
            for l in 0..4 {
                assert_eq!(t[l].to_bits(), ((a[l] as i32) as f64).to_bits());
            }
        }
        let w = F64x4::new(0.0, 1.0, 2147483647.0, 12345.0).to_u32_small();
        assert_eq!(w, [0, 1, 2147483647, 12345]);
        let mut out = [0.0; 5];
        F64x4::from_slice(&[1.0, 2.0, 3.0, 4.0, 5.0]).store(&mut out[1..]);
        assert_eq!(out, [0.0, 1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn masks_and_columns() {
        let a = F64x4::new(1.0, f64::NAN, -0.0, 3.0);
        let b = F64x4::new(2.0, 1.0, 0.0, 3.0);
        assert_eq!(a.lt_mask(b), 0b0001);
        assert_eq!(b.lt_mask(a), 0b0000);
        let r = [0, 1, 2, 3].map(|k| F64x4::new(k as f64, 10.0 + k as f64, 20.0 + k as f64, -1.0));
        let [x, y, z] = F64x4::columns(r);
        assert_eq!(x.to_array(), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(y.to_array(), [10.0, 11.0, 12.0, 13.0]);
        assert_eq!(z.to_array(), [20.0, 21.0, 22.0, 23.0]);
    }

    #[test]
    fn construction_and_lanes() {
        let v = F64x4::new(1.0, 2.0, 3.0, 4.0);
        assert_eq!(v.to_array(), [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(v.with_w(-7.0).to_array(), [1.0, 2.0, 3.0, -7.0]);
        assert_eq!(F64x4::splat(2.5).to_array(), [2.5; 4]);
        assert_eq!(
            F64x4::point([1.0, 2.0, 3.0]).to_array(),
            [1.0, 2.0, 3.0, 0.0]
        );
        assert_eq!((v.x(), v.w(), v.xyz()), (1.0, 4.0, [1.0, 2.0, 3.0]));
        assert_eq!(std::mem::align_of::<F64x4>(), 32);
        assert_eq!(std::mem::size_of::<F64x4>(), 32);
        assert_eq!(F64x4::ZERO.to_array(), [0.0; 4]);
    }
}
