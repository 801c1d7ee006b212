//! The caloric curve of a heating ramp and the melting point read off it.
//!
//! Points (T, E) (K, eV/atom) are binned in temperature (bin width `bin_K`); in each bin E is
//! averaged. The slope dE/dT (the heat capacity per atom) is the least-squares slope of the bin
//! means over a sliding window of ±`half_window` bins; the melting point is the temperature of
//! its maximum (the latent-heat jump), and the jump height is the difference between the linear
//! fits of the solid branch (lowest third of the bins) and the liquid branch (highest third)
//! at that temperature. Cost: O(points + bins · window).

/// A caloric curve and its melting point.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CaloricCurve {
    /// Bin-centre temperatures, K.
    pub temperature: Vec<f64>,
    /// Mean potential energy per atom in each bin, eV.
    pub energy: Vec<f64>,
    /// Melting point (maximum of dE/dT), K.
    pub melting_point: f64,
    /// Height of the jump at the melting point, eV/atom (the latent heat per atom).
    pub latent_heat: f64,
}

/// Least-squares slope and intercept of y vs x.
fn line(x: &[f64], y: &[f64]) -> Option<(f64, f64)> {
    let n = x.len() as f64;
    if x.len() < 2 {
        return None;
    }
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let sxx: f64 = x.iter().map(|v| (v - mx) * (v - mx)).sum();
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    (sxx > 0.0).then(|| (sxy / sxx, my - sxy / sxx * mx))
}

/// The caloric curve of (T, E/atom) points and its melting point; None with too few bins
/// (fewer than 3·(2·half_window + 1)).
pub fn caloric_curve(t: &[f64], e: &[f64], bin_k: f64, half_window: usize) -> Option<CaloricCurve> {
    let pts: Vec<(f64, f64)> = t
        .iter()
        .zip(e)
        .filter(|(t, e)| t.is_finite() && e.is_finite())
        .map(|(&t, &e)| (t, e))
        .collect();
    if pts.is_empty() || bin_k.is_nan() || bin_k <= 0.0 {
        return None;
    }
    let tmin = pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let tmax = pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let nb = (((tmax - tmin) / bin_k).floor() as usize + 1).min(100_000);
    let mut sum = vec![0.0; nb];
    let mut cnt = vec![0usize; nb];
    for (t, e) in &pts {
        let k = (((t - tmin) / bin_k) as usize).min(nb - 1);
        sum[k] += e;
        cnt[k] += 1;
    }
    let (temperature, energy): (Vec<f64>, Vec<f64>) = (0..nb)
        .filter(|&k| cnt[k] > 0)
        .map(|k| (tmin + (k as f64 + 0.5) * bin_k, sum[k] / cnt[k] as f64))
        .unzip();
    let w = 2 * half_window + 1;
    if temperature.len() < 3 * w {
        return None;
    }
    let mut best = (f64::NEG_INFINITY, 0);
    for c in half_window..temperature.len() - half_window {
        let r = c - half_window..=c + half_window;
        if let Some((slope, _)) = line(&temperature[r.clone()], &energy[r]) {
            if slope > best.0 {
                best = (slope, c);
            }
        }
    }
    let tm = temperature[best.1];
    let third = temperature.len() / 3;
    let (ss, si) = line(&temperature[..third], &energy[..third])?;
    let n = temperature.len();
    let (ls, li) = line(&temperature[n - third..], &energy[n - third..])?;
    Some(CaloricCurve {
        melting_point: tm,
        latent_heat: (ls * tm + li) - (ss * tm + si),
        temperature,
        energy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn melting_point_of_a_smoothed_step() {
        // E(T) = −3.8 + 3k_B·T + L/(1 + exp(−(T − Tm)/w)), with a deterministic wiggle.
        let (tm, l, w) = (1050.0, 0.1, 8.0);
        let t: Vec<f64> = (0..4000).map(|k| 300.0 + k as f64 * 0.3).collect();
        let e: Vec<f64> = t
            .iter()
            .enumerate()
            .map(|(k, &t)| {
                -3.8 + 3.0 * 8.617e-5 * t
                    + l / (1.0 + (-(t - tm) / w).exp())
                    + 0.002 * ((k * 7919 % 101) as f64 / 101.0 - 0.5)
            })
            .collect();
        let c = caloric_curve(&t, &e, 10.0, 2).unwrap();
        assert!((c.melting_point - tm).abs() <= 10.0, "{}", c.melting_point);
        assert!((c.latent_heat - l).abs() < 0.01, "{}", c.latent_heat);
    }
}
