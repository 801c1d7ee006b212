//! Fits over time series: the neck-growth power law and the characteristic sintering time.

/// y = A·tⁿ fitted by least squares on log y vs log t.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct PowerLaw {
    /// Exponent n.
    pub exponent: f64,
    /// Prefactor A (units of y per psⁿ).
    pub prefactor: f64,
    /// Coefficient of determination of the log–log fit.
    pub r_squared: f64,
    /// The fit window [t_from, t_to], ps, and the number of points in it.
    pub t_from: f64,
    /// End of the window, ps.
    pub t_to: f64,
    /// Points used.
    pub points: usize,
}

/// Fits y = A tⁿ to the points with t in [t_from, t_to], t > 0 and y > 0 (None with fewer than 3).
pub fn power_law(t: &[f64], y: &[f64], t_from: f64, t_to: f64) -> Option<PowerLaw> {
    let pts: Vec<(f64, f64)> = t
        .iter()
        .zip(y)
        .filter(|(&t, &y)| t >= t_from && t <= t_to && t > 0.0 && y > 0.0 && y.is_finite())
        .map(|(&t, &y)| (libm::log(t), libm::log(y)))
        .collect();
    if pts.len() < 3 {
        return None;
    }
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let syy: f64 = pts.iter().map(|p| (p.1 - my) * (p.1 - my)).sum();
    if sxx == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let r_squared = if syy == 0.0 {
        1.0
    } else {
        sxy * sxy / (sxx * syy)
    };
    Some(PowerLaw {
        exponent: slope,
        prefactor: libm::exp(my - slope * mx),
        r_squared,
        t_from: pts
            .iter()
            .map(|p| libm::exp(p.0))
            .fold(f64::INFINITY, f64::min),
        t_to: pts.iter().map(|p| libm::exp(p.0)).fold(0.0, f64::max),
        points: pts.len(),
    })
}

/// The local growth exponent n(t) = d ln y / d ln t at one point.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct LocalExponent {
    /// The point's time (units of the input).
    pub t: f64,
    /// The slope of ln y against ln t over the window around it.
    pub exponent: f64,
}

/// The local exponent d ln y / d ln t of a growth curve: at each point with t > 0 and y > 0 that
/// has `half_window` such points on either side, the least-squares slope of ln y against ln t over
/// those 2·half_window + 1 points (a log-log derivative smoothed over the window; with
/// log-spaced samples the window spans a fixed factor in time). Cost: O(points × window).
pub fn local_exponents(t: &[f64], y: &[f64], half_window: usize) -> Vec<LocalExponent> {
    let pts: Vec<(f64, f64)> = t
        .iter()
        .zip(y)
        .filter(|(&t, &y)| t > 0.0 && y > 0.0 && t.is_finite() && y.is_finite())
        .map(|(&t, &y)| (t, y))
        .collect();
    let w = half_window.max(1);
    if pts.len() < 2 * w + 1 {
        return Vec::new();
    }
    (w..pts.len() - w)
        .filter_map(|i| {
            let (ts, ys): (Vec<f64>, Vec<f64>) = pts[i - w..=i + w].iter().copied().unzip();
            power_law(&ts, &ys, 0.0, f64::INFINITY).map(|f| LocalExponent {
                t: pts[i].0,
                exponent: f.exponent,
            })
        })
        .collect()
}

/// The default neck-growth window: from the first time the neck radius is positive (contact,
/// t_c) to the first time it reaches 90 % of its largest value (before the neck saturates);
/// times are measured from contact (t − t_c + Δt, Δt the first frame interval, so the first point
/// is not at t = 0). Returns (shifted times, radii) of the window.
pub fn neck_growth_window(t: &[f64], r: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let Some(c) = r.iter().position(|&v| v > 0.0) else {
        return (vec![], vec![]);
    };
    let rmax = r.iter().copied().fold(0.0, f64::max);
    let end = (c..r.len())
        .find(|&k| r[k] >= 0.9 * rmax)
        .unwrap_or(r.len() - 1);
    let dt = if t.len() > 1 { t[1] - t[0] } else { 1.0 };
    let shifted: Vec<f64> = t[c..=end].iter().map(|&x| x - t[c] + dt).collect();
    (shifted, r[c..=end].to_vec())
}

/// The neck-growth power law r = A·tⁿ of a neck-radius series over the default window
/// ([`neck_growth_window`]; t in ps from contact), or None with fewer than 3 points in it.
pub fn neck_growth(t: &[f64], r: &[f64]) -> Option<PowerLaw> {
    let (ts, rs) = neck_growth_window(t, r);
    power_law(&ts, &rs, 0.0, f64::INFINITY)
}

/// Characteristic sintering time: fits a(t) = a∞ + (a₀ − a∞)·exp(−(t − t₀)/τ) to the
/// surface-area ratio a = A/A₀ (t₀ the first time given; pass the series from contact on, since
/// the first contact removes area in a jump faster than the sintering), by least squares: a∞ and
/// a₀ in closed form for each τ, τ by a scan then golden section on log τ between the first
/// interval and 100× the time span. Returns τ and a∞, or None with fewer than 4 points, when
/// the area does not decrease, or when the series does not yet determine τ (τ longer than the
/// fitted time span, or a∞ ≤ 0: the relaxation is still in its early, near-linear part).
pub fn sintering_time(t: &[f64], a: &[f64]) -> Option<Sintering> {
    if t.len() < 4 || t.len() != a.len() {
        return None;
    }
    let t0 = t[0];
    let span = t[t.len() - 1] - t0;
    if span.is_nan() || span <= 0.0 || a.iter().chain(t).any(|v| !v.is_finite()) {
        return None;
    }
    // For fixed τ, a = a∞ + c·e with e = exp(−(t−t₀)/τ): linear least squares in (a∞, c).
    let n = t.len() as f64;
    let fit = |tau: f64| {
        let e: Vec<f64> = t.iter().map(|&x| libm::exp(-(x - t0) / tau)).collect();
        let (se, see) = (e.iter().sum::<f64>(), e.iter().map(|v| v * v).sum::<f64>());
        let (sa, sea) = (
            a.iter().sum::<f64>(),
            e.iter().zip(a).map(|(e, a)| e * a).sum::<f64>(),
        );
        let det = n * see - se * se;
        if det.abs() < 1e-300 {
            return (f64::INFINITY, 0.0, 0.0);
        }
        let c = (n * sea - se * sa) / det;
        let a_inf = (sa - c * se) / n;
        let sse: f64 = e
            .iter()
            .zip(a)
            .map(|(e, a)| (a - a_inf - c * e).powi(2))
            .sum();
        (sse, a_inf, c)
    };
    let (mut lo, mut hi) = (
        libm::log((t[1] - t0).max(span * 1e-6)),
        libm::log(100.0 * span),
    );
    // Coarse scan first (the error need not be unimodal), then golden section around the best.
    let k = 200;
    let best = (0..=k)
        .map(|i| lo + (hi - lo) * i as f64 / k as f64)
        .min_by(|x, y| fit(libm::exp(*x)).0.total_cmp(&fit(libm::exp(*y)).0))?;
    let step = (hi - lo) / k as f64;
    (lo, hi) = (best - step, best + step);
    let phi = 0.5 * (libm::sqrt(5.0) - 1.0);
    for _ in 0..100 {
        let (x1, x2) = (hi - phi * (hi - lo), lo + phi * (hi - lo));
        if fit(libm::exp(x1)).0 < fit(libm::exp(x2)).0 {
            hi = x2;
        } else {
            lo = x1;
        }
    }
    let tau = libm::exp(0.5 * (lo + hi));
    let (_, a_inf, c) = fit(tau);
    (c > 0.0 && tau <= span && a_inf > 0.0).then_some(Sintering {
        tau_ps: tau,
        final_ratio: a_inf,
    })
}

/// The characteristic sintering time of a surface-area-ratio series.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Sintering {
    /// Relaxation time τ, ps.
    pub tau_ps: f64,
    /// The ratio A/A₀ the area relaxes to, a∞.
    pub final_ratio: f64,
}

/// The index of the first value that reaches `fraction` of the largest (e.g. 0.9: where a neck
/// stops growing fast), or None for an empty series.
pub fn first_at_fraction_of_max(v: &[f64], fraction: f64) -> Option<usize> {
    let max = v.iter().copied().fold(0.0, f64::max);
    v.iter().position(|&x| x >= fraction * max)
}

/// A neck-growth chart's points: from contact (the first positive radius) on, the times since
/// contact (shifted by the first frame interval, as [`neck_growth_window`]) and the radii of the
/// frames with a neck.
pub fn neck_since_contact(t: &[f64], r: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let Some(c) = r.iter().position(|&v| v > 0.0) else {
        return (vec![], vec![]);
    };
    let dt = if t.len() > 1 { t[1] - t[0] } else { 1.0 };
    (c..r.len())
        .filter(|&k| r[k] > 0.0)
        .map(|k| (t[k] - t[c] + dt, r[k]))
        .unzip()
}

/// Index of the first frame with a neck (neck radius > 0 or neck atoms > 0), or 0.
pub fn contact_index(neck: &[f64]) -> usize {
    neck.iter().position(|&v| v > 0.0).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_law_recovers_the_exponent() {
        let t: Vec<f64> = (1..=50).map(|k| k as f64 * 0.2).collect();
        let y: Vec<f64> = t.iter().map(|t| 3.0 * t.powf(0.32)).collect();
        let f = power_law(&t, &y, 0.0, 100.0).unwrap();
        assert!((f.exponent - 0.32).abs() < 1e-12 && (f.prefactor - 3.0).abs() < 1e-12);
        assert!((f.r_squared - 1.0).abs() < 1e-12 && f.points == 50);
        let g = power_law(&t, &y, 2.0, 4.0).unwrap();
        assert_eq!(g.points, 11);
        assert!(power_law(&t[..2], &y[..2], 0.0, 100.0).is_none());
    }

    #[test]
    fn growth_window_starts_at_contact_and_stops_before_saturation() {
        let t: Vec<f64> = (0..100).map(|k| k as f64).collect();
        let r: Vec<f64> = t
            .iter()
            .map(|&t| {
                if t < 10.0 {
                    0.0
                } else {
                    (t - 9.0).sqrt().min(7.0)
                }
            })
            .collect();
        let (ts, rs) = neck_growth_window(&t, &r);
        assert_eq!(ts[0], 1.0);
        assert!(rs.iter().all(|&v| v > 0.0 && v <= 7.0));
        assert!(*rs.last().unwrap() >= 6.3 && rs[rs.len() - 2] < 6.3);
        let f = power_law(&ts, &rs, 0.0, f64::INFINITY).unwrap();
        assert!((f.exponent - 0.5).abs() < 1e-9);
    }

    #[test]
    fn the_neck_chart_starts_at_contact_and_the_window_ends_at_ninety_percent() {
        let t = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5];
        let r = [0.0, 0.0, 2.0, 0.0, 5.0, 5.5];
        let (x, y) = neck_since_contact(&t, &r);
        assert_eq!(x, [0.5, 1.5, 2.0]);
        assert_eq!(y, [2.0, 5.0, 5.5]);
        assert_eq!(first_at_fraction_of_max(&r, 0.9), Some(4));
        assert_eq!(first_at_fraction_of_max(&[], 0.9), None);
    }

    #[test]
    fn local_exponents_follow_a_change_of_regime() {
        // r ∝ t^(1/3) up to t = 1, then ∝ t^(1/6) (continuous), log-spaced samples.
        let t: Vec<f64> = (0..81)
            .map(|k| libm::pow(10.0, -4.0 + 0.1 * k as f64))
            .collect();
        let r: Vec<f64> = t
            .iter()
            .map(|&t| {
                if t < 1.0 {
                    libm::cbrt(t)
                } else {
                    libm::pow(t, 1.0 / 6.0)
                }
            })
            .collect();
        let n = local_exponents(&t, &r, 3);
        assert_eq!(n.len(), t.len() - 6);
        for e in &n {
            let want = if e.t < 0.4 {
                1.0 / 3.0
            } else if e.t > 2.5 {
                1.0 / 6.0
            } else {
                continue;
            };
            assert!(
                (e.exponent - want).abs() < 1e-9,
                "n({}) = {}",
                e.t,
                e.exponent
            );
        }
        // Points without a positive time or value are skipped; too few give nothing.
        assert!(local_exponents(&[0.0, 1.0, 2.0], &[1.0, 2.0, 3.0], 1).is_empty());
    }

    #[test]
    fn sintering_time_of_an_exponential_relaxation() {
        let t: Vec<f64> = (0..80).map(|k| 5.0 + k as f64 * 0.5).collect();
        let a: Vec<f64> = t
            .iter()
            .map(|&t| 0.8 + 0.2 * (-(t - 5.0) / 7.5).exp())
            .collect();
        let Sintering {
            tau_ps: tau,
            final_ratio: a_inf,
        } = sintering_time(&t, &a).unwrap();
        assert!(
            (tau - 7.5).abs() < 1e-6 && (a_inf - 0.8).abs() < 1e-8,
            "{tau} {a_inf}"
        );
        // The same relaxation after a jump at contact: fitted from the first point after it.
        let jumped: Vec<f64> = a.iter().map(|v| v - 0.05).collect();
        let Sintering {
            tau_ps: tau,
            final_ratio: a_inf,
        } = sintering_time(&t, &jumped).unwrap();
        assert!(
            (tau - 7.5).abs() < 1e-6 && (a_inf - 0.75).abs() < 1e-8,
            "{tau} {a_inf}"
        );
        let flat = vec![1.0; 80];
        assert!(sintering_time(&t, &flat).is_none());
        // Only the first tenth of a slow relaxation: τ is not determined yet.
        let slow: Vec<f64> = t
            .iter()
            .map(|&t| 0.8 + 0.2 * (-(t - 5.0) / 400.0).exp())
            .collect();
        assert!(sintering_time(&t, &slow).is_none());
    }
}
