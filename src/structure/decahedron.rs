//! Decahedra: five fcc tetrahedra sharing a five-fold axis, twinned on the planes that contain the
//! axis and one equatorial vertex.
//!
//! Regular decahedron of order n (n + 1 atoms along the axis): apexes T, B = (0, 0, ±n d/2),
//! equatorial vertices E_i at radius ρ = n d √3/2 and azimuth 72° i (so |T − E_i| = n d; the
//! equatorial edges are stretched by 1.8 %, the usual strain that closes the 7.35° gap between five
//! ideal tetrahedra). Each tetrahedron (T, B, E_i, E_{i+1}) is filled with its fcc grid
//! `B + (a (T − B) + b (E_i − B) + c (E_{i+1} − B))/n`, a + b + c ≤ n; shared twin planes are kept
//! once. Series: 7, 23, 54, 105, 181, …
//!
//! Ino decahedron: the regular one with the five equatorial vertices truncated by planes parallel
//! to the axis (the {100} facets), `p·ê_i ≤ ρ − t·(ρ/n)` for truncation depth t rows.
//! Marks decahedron: the Ino one with a re-entrant V-notch at the outer end of each twin plane:
//! atoms with `p·ê_i − (ρ − (t + s)·ρ/n) > |distance to twin plane i| · cot 35°` are removed
//! (s = notch depth in rows).

use std::collections::BTreeSet;

/// Parameters: order n, truncation depth t (Ino, rows), notch depth s (Marks, rows).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DecaParams {
    /// Order: n + 1 atoms along the axis of the uncut decahedron.
    pub n: usize,
    /// {100} truncation depth, in rows (0 = regular).
    pub truncation: usize,
    /// Re-entrant notch depth at the twin boundaries, in rows (0 = Ino).
    pub notch: usize,
}

/// Builds a decahedron with nearest-neighbour distance d (Å), centred at the origin.
pub fn decahedron(p: DecaParams, d: f64) -> Vec<[f64; 3]> {
    let n = p.n.max(1);
    let nf = n as f64;
    let half = 0.5 * nf * d;
    let rho = nf * d * libm::sqrt(3.0) / 2.0;
    let top = [0.0, 0.0, half];
    let bot = [0.0, 0.0, -half];
    let eq: Vec<[f64; 3]> = (0..5)
        .map(|i| {
            let phi = 2.0 * std::f64::consts::PI * i as f64 / 5.0;
            [rho * libm::cos(phi), rho * libm::sin(phi), 0.0]
        })
        .collect();
    let row = rho / nf;
    let cut = rho - p.truncation as f64 * row + 1e-9 * d;
    let notch_start = rho - (p.truncation + p.notch) as f64 * row;
    let cot = 1.0 / libm::tan(35f64.to_radians());
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for i in 0..5 {
        let (e1, e2) = (eq[i], eq[(i + 1) % 5]);
        for a in 0..=n {
            for b in 0..=(n - a) {
                for c in 0..=(n - a - b) {
                    let q = [0, 1, 2].map(|k| {
                        bot[k]
                            + (a as f64 * (top[k] - bot[k])
                                + b as f64 * (e1[k] - bot[k])
                                + c as f64 * (e2[k] - bot[k]))
                                / nf
                    });
                    if !keeps(&q, &eq, rho, cut, notch_start, cot, p.notch > 0) {
                        continue;
                    }
                    let key = q.map(|x| (x * 1e6).round() as i64);
                    if seen.insert(key) {
                        out.push(q);
                    }
                }
            }
        }
    }
    out
}

/// Whether a site survives the Ino truncation and the Marks notches.
fn keeps(
    q: &[f64; 3],
    eq: &[[f64; 3]],
    rho: f64,
    cut: f64,
    notch_start: f64,
    cot: f64,
    notch: bool,
) -> bool {
    for e in eq {
        let u = [e[0] / rho, e[1] / rho];
        let along = q[0] * u[0] + q[1] * u[1];
        if along > cut {
            return false;
        }
        if notch {
            // Distance to the twin plane through the axis and this vertex.
            let dist = (q[0] * u[1] - q[1] * u[0]).abs();
            if along - notch_start > dist * cot + 1e-9 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_decahedral_numbers() {
        let counts: Vec<usize> = (1..=5)
            .map(|n| {
                decahedron(
                    DecaParams {
                        n,
                        truncation: 0,
                        notch: 0,
                    },
                    2.885,
                )
                .len()
            })
            .collect();
        assert_eq!(counts, vec![7, 23, 54, 105, 181]);
    }

    #[test]
    fn truncation_and_notches_remove_atoms_and_keep_five_fold_symmetry() {
        let d = 2.885;
        let reg = decahedron(
            DecaParams {
                n: 6,
                truncation: 0,
                notch: 0,
            },
            d,
        );
        let ino = decahedron(
            DecaParams {
                n: 6,
                truncation: 2,
                notch: 0,
            },
            d,
        );
        let marks = decahedron(
            DecaParams {
                n: 6,
                truncation: 2,
                notch: 1,
            },
            d,
        );
        assert!(reg.len() > ino.len() && ino.len() > marks.len());
        for pts in [&ino, &marks] {
            let (c, s) = (
                libm::cos(0.4 * std::f64::consts::PI),
                libm::sin(0.4 * std::f64::consts::PI),
            );
            for p in pts.iter() {
                let r = [c * p[0] - s * p[1], s * p[0] + c * p[1], p[2]];
                let best = pts
                    .iter()
                    .map(|q| (0..3).map(|k| (q[k] - r[k]).powi(2)).sum::<f64>())
                    .fold(f64::INFINITY, f64::min);
                assert!(best.sqrt() < 1e-6);
            }
        }
    }
}
