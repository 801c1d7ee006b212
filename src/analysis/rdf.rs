//! Partial pair distribution functions g_ab(r).
//!
//! g_ab(r) = V · n_ab(r) / (N_a N_b · 4πr² Δr), n_ab(r) the number of ordered pairs (i of
//! element a, j ≠ i of element b) at distances in [r, r + Δr), evaluated at bin centres. V is the
//! box volume for a periodic system (g → 1 at large r) and, for an open cluster, the volume of the
//! ball with the cluster's radius of gyration, (4π/3)(√(5/3)·Rg)³ (g then falls to 0 beyond the
//! cluster size; peak positions and areas are what matter). Σ over b of ρ_b ∫ 4πr² g_ab dr over a
//! peak gives the number of b neighbours of an a atom in that shell.
//!
//! Cost: one neighbour search within r_max, O(N·k) with k the neighbours within r_max; then
//! O(bins · element pairs).

use crate::base::error::Result;
use crate::neighbor::NeighborLists;
use crate::system::System;

/// The g(r) of one pair of elements.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Partial {
    /// First element.
    pub a: String,
    /// Second element.
    pub b: String,
    /// g_ab at each bin.
    pub g: Vec<f64>,
}

/// Partial g(r) curves.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Rdf {
    /// Bin centres, Å.
    pub r: Vec<f64>,
    /// The partial curves for a ≤ b in the system's element order.
    pub partials: Vec<Partial>,
    /// The total g(r) (all atoms as one species).
    pub total: Vec<f64>,
    /// The normalisation volume, Å³.
    pub volume: f64,
}

/// g(r) up to `r_max` (Å) in bins of `dr` (Å).
pub fn pair_distribution(sys: &System, r_max: f64, dr: f64) -> Result<Rdf> {
    if !(dr > 0.0 && r_max > dr && r_max / dr <= 1e6) {
        bail!("g(r) needs 0 < dr < r_max and at most 10⁶ bins (dr {dr} Å, r_max {r_max} Å)");
    }
    let nbins = (r_max / dr).floor() as usize;
    let ne = sys.elements.len();
    let volume = match sys.cell {
        Some(l) => l[0] * l[1] * l[2],
        None => {
            let all: Vec<usize> = (0..sys.len()).collect();
            let rg = super::gyration::gyration(sys, &all).map_or(0.0, |g| g.0);
            4.0 / 3.0 * std::f64::consts::PI * ((5.0f64 / 3.0).sqrt() * rg).powi(3)
        }
    };
    let nl = NeighborLists::build(&sys.pos, sys.cell, r_max)?;
    let mut hist = vec![vec![0u64; nbins]; ne * ne];
    for i in 0..sys.len() {
        let a = sys.species[i] as usize;
        for n in nl.of(i) {
            let k = (n.r / dr) as usize;
            if k < nbins {
                hist[a * ne + sys.species[n.j as usize] as usize][k] += 1;
            }
        }
    }
    let count: Vec<f64> = (0..ne)
        .map(|t| sys.species.iter().filter(|&&s| s as usize == t).count() as f64)
        .collect();
    let r: Vec<f64> = (0..nbins).map(|k| (k as f64 + 0.5) * dr).collect();
    let shell = |k: usize| {
        let (lo, hi) = (k as f64 * dr, (k + 1) as f64 * dr);
        4.0 / 3.0 * std::f64::consts::PI * (hi * hi * hi - lo * lo * lo)
    };
    let norm = |pairs: u64, na: f64, nb: f64, k: usize| {
        if na == 0.0 || nb == 0.0 {
            0.0
        } else {
            volume * pairs as f64 / (na * nb * shell(k))
        }
    };
    let mut partials = Vec::new();
    for a in 0..ne {
        for b in a..ne {
            let g = (0..nbins)
                .map(|k| {
                    let pairs = if a == b {
                        hist[a * ne + a][k]
                    } else {
                        (hist[a * ne + b][k] + hist[b * ne + a][k]) / 2
                    };
                    norm(pairs, count[a], count[b], k)
                })
                .collect();
            partials.push(Partial {
                a: sys.elements[a].clone(),
                b: sys.elements[b].clone(),
                g,
            });
        }
    }
    let n = sys.len() as f64;
    let total = (0..nbins)
        .map(|k| norm(hist.iter().map(|h| h[k]).sum(), n, n, k))
        .collect();
    Ok(Rdf {
        r,
        partials,
        total,
        volume,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::system;

    #[test]
    fn fcc_crystal_peaks_sit_on_the_neighbour_shells_with_the_right_counts() {
        let a = 4.08;
        let (pos, cell) = crate::structure::lattice::fcc_bulk(a, 5, 5, 5);
        let n = pos.len();
        let mut sys = system("Au", pos, vec![0; n]);
        sys.cell = Some(cell);
        let dr = 0.01;
        let g = pair_distribution(&sys, 8.0, dr).unwrap();
        let rho = n as f64 / g.volume;
        // Shells of fcc: r = a√(m/2) with 12, 6, 24, 12, 24 neighbours for m = 1..5.
        for (m, count) in [
            (1.0, 12.0),
            (2.0, 6.0),
            (3.0, 24.0),
            (4.0, 12.0),
            (5.0, 24.0),
        ] {
            let r0: f64 = a * (m / 2.0f64).sqrt();
            let integral: f64 =
                g.r.iter()
                    .zip(&g.total)
                    .filter(|(r, _)| (**r - r0).abs() < 0.2)
                    .map(|(r, v)| rho * 4.0 * std::f64::consts::PI * r * r * v * dr)
                    .sum();
            assert!(
                (integral - count).abs() < 0.05 * count,
                "shell {m}: {integral}"
            );
            let peak =
                g.r.iter()
                    .zip(&g.total)
                    .filter(|(r, _)| (**r - r0).abs() < 0.2)
                    .max_by(|x, y| x.1.total_cmp(y.1))
                    .unwrap()
                    .0;
            assert!(
                (peak - r0).abs() <= dr,
                "shell {m}: peak at {peak}, want {r0}"
            );
        }
        // Nothing between the shells.
        let gap: f64 =
            g.r.iter()
                .zip(&g.total)
                .filter(|(r, _)| **r > 3.1 && **r < 3.9)
                .map(|x| *x.1)
                .sum();
        assert_eq!(gap, 0.0);
    }

    #[test]
    fn partials_of_an_ordered_alloy_split_the_shells_by_species() {
        // L1₂-like labelling of a periodic fcc crystal: corner sites Cu, face sites Au. Each Cu
        // has 12 Au first neighbours and no Cu ones.
        let a = 3.9;
        let (pos, cell) = crate::structure::lattice::fcc_bulk(a, 4, 4, 4);
        let n = pos.len();
        let species: Vec<u16> = pos
            .iter()
            .map(|p| {
                let f = p.map(|v| ((v / (0.5 * a)).round() as i64).rem_euclid(2));
                (f == [0, 0, 0]) as u16
            })
            .collect();
        let sys = System {
            elements: vec!["Au".into(), "Cu".into()],
            masses: vec![196.97, 63.55],
            species,
            particle: vec![0; n],
            pos,
            vel: vec![[0.0; 3]; n],
            cell: Some(cell),
            fixed: 0,
            piston: 0,
        };
        let g = pair_distribution(&sys, 3.5, 0.01).unwrap();
        let cu_cu = &g
            .partials
            .iter()
            .find(|p| p.a == "Cu" && p.b == "Cu")
            .unwrap()
            .g;
        let au_cu = &g
            .partials
            .iter()
            .find(|p| p.a == "Au" && p.b == "Cu")
            .unwrap()
            .g;
        let first = |v: &Vec<f64>| -> f64 {
            g.r.iter()
                .zip(v)
                .filter(|(r, _)| (**r - a / 2f64.sqrt()).abs() < 0.2)
                .map(|x| *x.1)
                .sum()
        };
        assert_eq!(first(cu_cu), 0.0);
        assert!(first(au_cu) > 0.0);
    }
}
