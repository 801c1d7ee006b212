//! Powder X-ray diffraction by the Debye scattering equation, and the Scherrer crystallite size.
//!
//! I(q) = Σᵢ fᵢ(q)² + 2 Σ_{i<j} fᵢ(q) f_j(q) sin(q rᵢⱼ)/(q rᵢⱼ),  q = 4π sin θ / λ (Å⁻¹),
//! in electron units per atom (divided by N). The atomic form factors are the Cromer–Mann fits of
//! International Tables for Crystallography Vol. C, Table 6.1.1.4:
//! f(s) = Σ₁⁴ aₖ exp(−bₖ s²) + c, s = sin θ / λ (`data/xray_form_factors.csv`). Instantaneous
//! positions already carry the thermal disorder, so no Debye–Waller factor is applied. Default
//! wavelength: Cu Kα₁, 1.5406 Å.
//!
//! Cost: the pair distances are histogrammed per element pair in bins of 0.005 Å (O(N²) pairs,
//! parallel over atoms; about 0.1 s for 10,000 atoms on one core), then the pattern is a sum over
//! occupied bins, O(angles × bins × element pairs), parallel over angles.
//!
//! Scherrer size: D = K λ / (β cos θ), β the full width at half maximum of the strongest peak
//! (radians of 2θ), θ its Bragg angle, K = 0.9 by default (1.0747 is the exact constant for
//! spheres of diameter D with the FWHM). When the high-angle half of the peak merges into the next
//! peak before falling to half maximum, β is twice the low-angle half width.

use crate::base::error::Result;
use crate::base::parallel;
use crate::system::System;

/// Cu Kα₁ wavelength, Å.
pub const CU_K_ALPHA: f64 = 1.5406;

/// Bin width of the pair-distance histogram, Å.
const BIN: f64 = 0.005;

const TABLE: &str = include_str!("../../data/xray_form_factors.csv");

/// Cromer–Mann coefficients of one element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FormFactor {
    /// a₁..a₄.
    pub a: [f64; 4],
    /// b₁..b₄, Å².
    pub b: [f64; 4],
    /// c.
    pub c: f64,
}

impl FormFactor {
    /// Coefficients of `symbol`, or an error listing the tabulated elements.
    pub fn of(symbol: &str) -> Result<FormFactor> {
        let mut known = Vec::new();
        for line in TABLE.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let f: Vec<&str> = line.split(',').map(str::trim).collect();
            if f.len() != 11 {
                continue;
            }
            known.push(f[0]);
            if f[0] == symbol {
                let v: Vec<f64> = f[2..]
                    .iter()
                    .map(|x| x.parse().unwrap_or(f64::NAN))
                    .collect();
                return Ok(FormFactor {
                    a: [v[0], v[2], v[4], v[6]],
                    b: [v[1], v[3], v[5], v[7]],
                    c: v[8],
                });
            }
        }
        bail!(
            "no X-ray form factor for element '{symbol}' (tabulated: {})",
            known.join(", ")
        )
    }

    /// f at s = sin θ / λ (Å⁻¹), electrons.
    pub fn at(&self, s: f64) -> f64 {
        let s2 = s * s;
        (0..4)
            .map(|k| self.a[k] * libm::exp(-self.b[k] * s2))
            .sum::<f64>()
            + self.c
    }
}

/// A powder pattern.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Pattern {
    /// Scattering angles 2θ, degrees.
    pub two_theta: Vec<f64>,
    /// Intensity, electron units per atom.
    pub intensity: Vec<f64>,
    /// Wavelength, Å.
    pub wavelength: f64,
}

/// The Debye powder pattern of `sys` for 2θ from `from` to `to` degrees in steps of `step`.
pub fn debye_pattern(
    sys: &System,
    wavelength: f64,
    from: f64,
    to: f64,
    step: f64,
) -> Result<Pattern> {
    if !(wavelength > 0.0 && from >= 0.0 && to <= 180.0 && from < to && step > 0.0) {
        bail!("XRD needs a positive wavelength and 0 ≤ 2θ from < to ≤ 180° with a positive step");
    }
    let n_angles = ((to - from) / step).floor() as usize + 1;
    if n_angles > 100_000 {
        bail!("XRD: at most 100,000 angles ({n_angles} requested)");
    }
    if sys.cell.is_some() {
        bail!("XRD by the Debye equation is for finite clusters (this system is periodic)");
    }
    if sys.is_empty() {
        bail!("XRD: no atoms");
    }
    let ne = sys.elements.len();
    let ff: Vec<FormFactor> = sys
        .elements
        .iter()
        .map(|e| FormFactor::of(e))
        .collect::<Result<_>>()?;
    let hist = pair_histograms(sys);
    let counts: Vec<f64> = (0..ne)
        .map(|t| sys.species.iter().filter(|&&s| s as usize == t).count() as f64)
        .collect();
    // Occupied bins per element pair (a ≤ b): (r, count).
    let occupied: Vec<Vec<(f64, f64)>> = hist
        .iter()
        .map(|h| {
            h.iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(k, &c)| ((k as f64 + 0.5) * BIN, c as f64))
                .collect()
        })
        .collect();
    let n = sys.len() as f64;
    let two_theta: Vec<f64> = (0..n_angles).map(|k| from + k as f64 * step).collect();
    let intensity = parallel::map_range(n_angles, |k| {
        let theta = (two_theta[k] / 2.0).to_radians();
        let s = libm::sin(theta) / wavelength;
        let q = 4.0 * std::f64::consts::PI * s;
        let f: Vec<f64> = ff.iter().map(|x| x.at(s)).collect();
        let mut i = (0..ne).map(|t| counts[t] * f[t] * f[t]).sum::<f64>();
        let mut p = 0;
        for a in 0..ne {
            for b in a..ne {
                let sum: f64 = occupied[p]
                    .iter()
                    .map(|&(r, c)| {
                        let x = q * r;
                        c * if x == 0.0 { 1.0 } else { libm::sin(x) / x }
                    })
                    .sum();
                i += 2.0 * f[a] * f[b] * sum;
                p += 1;
            }
        }
        i / n
    });
    Ok(Pattern {
        two_theta,
        intensity,
        wavelength,
    })
}

/// Histograms of the distances of unordered pairs i < j, per element pair (a ≤ b, row-major
/// over the upper triangle), in bins of `BIN`.
fn pair_histograms(sys: &System) -> Vec<Vec<u64>> {
    let ne = sys.elements.len();
    let npairs = ne * (ne + 1) / 2;
    let index = |a: usize, b: usize| {
        let (a, b) = (a.min(b), a.max(b));
        a * ne - a * (a + 1) / 2 + b
    };
    let (lo, hi) = crate::base::math::bounding_box(&sys.pos);
    let diag = crate::base::math::v3(hi).distance(crate::base::math::v3(lo));
    let nbins = (diag / BIN) as usize + 2;
    // Rows of atoms in fixed blocks, each block histogrammed on its own, then added in order.
    let n = sys.len();
    let blocks = n.div_ceil(64);
    let parts: Vec<Vec<Vec<u64>>> = parallel::map_range(blocks, |blk| {
        let mut h = vec![vec![0u64; nbins]; npairs];
        for i in blk * 64..((blk + 1) * 64).min(n) {
            let (p, a) = (sys.pos[i], sys.species[i] as usize);
            for j in i + 1..n {
                let q = sys.pos[j];
                let d =
                    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt();
                h[index(a, sys.species[j] as usize)][(d / BIN) as usize] += 1;
            }
        }
        h
    });
    let mut total = vec![vec![0u64; nbins]; npairs];
    for part in parts {
        for (t, h) in total.iter_mut().zip(part) {
            for (x, y) in t.iter_mut().zip(h) {
                *x += y;
            }
        }
    }
    total
}

/// The strongest peak of a pattern and the Scherrer size from it.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Scherrer {
    /// Peak position 2θ, degrees.
    pub peak_two_theta: f64,
    /// Full width at half maximum, degrees of 2θ.
    pub fwhm_deg: f64,
    /// Crystallite size K λ / (β cos θ), Å.
    pub size: f64,
}

impl Scherrer {
    /// The crystallite size in nm.
    pub fn size_nm(&self) -> f64 {
        self.size / 10.0
    }
}

/// Scherrer analysis of the strongest peak with shape factor `k` (None if the peak's half
/// maximum is not reached inside the pattern on the low-angle side).
pub fn scherrer(p: &Pattern, k: f64) -> Option<Scherrer> {
    let y = &p.intensity;
    let (m, &ymax) = y.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
    let half = 0.5 * ymax;
    let x = &p.two_theta;
    let cross = |a: usize, b: usize| x[a] + (half - y[a]) * (x[b] - x[a]) / (y[b] - y[a]);
    let left = (1..=m)
        .rev()
        .find(|&i| y[i - 1] < half)
        .map(|i| cross(i - 1, i))?;
    // Right side: the half-maximum crossing, unless a local minimum comes first.
    let mut right = None;
    for i in m + 1..y.len() {
        if y[i] < half {
            right = Some(cross(i - 1, i));
            break;
        }
        if y[i] > y[i - 1] {
            break;
        }
    }
    let peak = x[m];
    let fwhm = right.map_or(2.0 * (peak - left), |r| r - left);
    let beta = fwhm.to_radians();
    let theta = (peak / 2.0).to_radians();
    Some(Scherrer {
        peak_two_theta: peak,
        fwhm_deg: fwhm,
        size: k * p.wavelength / (beta * libm::cos(theta)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;

    #[test]
    fn form_factors_start_at_the_atomic_number() {
        for (e, z) in [
            ("Au", 79.0),
            ("Ag", 47.0),
            ("Cu", 29.0),
            ("Ni", 28.0),
            ("Pt", 78.0),
            ("Pd", 46.0),
        ] {
            let f = FormFactor::of(e).unwrap();
            assert!((f.at(0.0) - z).abs() < 0.3, "{e}: {}", f.at(0.0));
            assert!(f.at(0.5) < 0.75 * z);
        }
        assert!(FormFactor::of("Xx").unwrap_err().to_string().contains("Au"));
        // Every element of the built-in potential has a form factor, and the table's Z matches.
        for p in crate::base::elements::metals() {
            let f = FormFactor::of(&p.symbol).unwrap();
            let z: f64 = TABLE
                .lines()
                .find(|l| l.starts_with(&format!("{},", p.symbol)))
                .and_then(|l| l.split(',').nth(1))
                .and_then(|z| z.parse().ok())
                .unwrap();
            assert!(
                (f.at(0.0) - z).abs() < 0.1,
                "{}: f(0) = {}",
                p.symbol,
                f.at(0.0)
            );
        }
    }

    #[test]
    fn gold_sphere_peaks_at_the_bragg_angles_and_scherrer_sees_its_size() {
        let a = 4.08;
        let diameter = 50.0;
        let pos = fcc_sphere(a, [0.0; 3], diameter / 2.0);
        let n = pos.len();
        let sys = system("Au", pos, vec![0; n]);
        let p = debye_pattern(&sys, CU_K_ALPHA, 30.0, 70.0, 0.05).unwrap();
        let bragg = |h2: f64| 2.0 * libm::asin(CU_K_ALPHA * h2.sqrt() / (2.0 * a)).to_degrees();
        for (h2, name) in [(3.0, "111"), (4.0, "200"), (8.0, "220")] {
            let want = bragg(h2);
            // The local maximum nearest the Bragg angle.
            let peak = (1..p.intensity.len() - 1)
                .filter(|&i| {
                    p.intensity[i] > p.intensity[i - 1] && p.intensity[i] >= p.intensity[i + 1]
                })
                .map(|i| p.two_theta[i])
                .min_by(|x, y| (x - want).abs().total_cmp(&(y - want).abs()))
                .unwrap();
            assert!(
                (peak - want).abs() < 0.5,
                "({name}) at {peak}°, Bragg {want:.2}°"
            );
        }
        let s = scherrer(&p, 1.0747).unwrap();
        assert!((s.peak_two_theta - bragg(3.0)).abs() < 0.5);
        assert!(
            (s.size / diameter - 1.0).abs() < 0.2,
            "Scherrer {} Å for a {diameter} Å sphere",
            s.size
        );
    }
}
