//! Radius of gyration and principal axes of the whole system.
//!
//! Gyration tensor G = Σ mᵢ (xᵢ − R)(xᵢ − R)ᵀ / Σ mᵢ; Rg² = tr G; the principal radii are the
//! square roots of G's eigenvalues λ₁ ≥ λ₂ ≥ λ₃ and the aspect ratio is √(λ₁/λ₃) (1 for a sphere,
//! ≈ 2 for two touching equal spheres, → 1 as they merge). Cost: O(N).

use super::{linalg::symmetric_eigen, Observable};
use crate::base::error::Result;
use crate::base::math::v3;
use crate::system::System;

/// `rg`: radius of gyration, principal radii, aspect ratio.
pub struct Gyration;

/// Radius of gyration, principal radii (descending) and principal axes (unit vectors) of `atoms`.
pub fn gyration(sys: &System, atoms: &[usize]) -> Option<(f64, [f64; 3], [[f64; 3]; 3])> {
    let c = sys.center_of_mass_of(atoms.iter().copied())?;
    let mut g = [[0.0; 3]; 3];
    let mut m = 0.0;
    for &i in atoms {
        let w = sys.mass(i);
        let d = v3(sys.pos[i]) - c;
        for a in 0..3 {
            for b in 0..3 {
                g[a][b] += w * d[a] * d[b];
            }
        }
        m += w;
    }
    let g = g.map(|r| r.map(|v| v / m));
    let (vals, vecs) = symmetric_eigen(g);
    let radii = vals.map(|v| v.max(0.0).sqrt());
    Some(((g[0][0] + g[1][1] + g[2][2]).sqrt(), radii, vecs))
}

impl Observable for Gyration {
    fn name(&self) -> &'static str {
        "rg"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        ["rg_A", "rg1_A", "rg2_A", "rg3_A", "aspect_ratio"]
            .map(String::from)
            .to_vec()
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        let all: Vec<usize> = (0..sys.len()).collect();
        Ok(match gyration(sys, &all) {
            Some((rg, r, _)) => vec![rg, r[0], r[1], r[2], r[0] / r[2]],
            None => vec![f64::NAN; 5],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;

    #[test]
    fn a_sphere_has_rg_sqrt_three_fifths_r_and_aspect_one() {
        // A uniform ball of radius R: Rg = √(3/5) R. On a lattice the boundary is ragged, so
        // compare with R of the equivalent-volume ball.
        let a = 4.08;
        let pos = fcc_sphere(a, [0.3, 0.2, 0.1], 30.0);
        let n = pos.len();
        let sys = system("Au", pos, vec![0; n]);
        let v = n as f64 * a * a * a / 4.0;
        let r_eq = (3.0 * v / (4.0 * std::f64::consts::PI)).cbrt();
        let out = Gyration.evaluate(&sys, 0.0).unwrap();
        assert!(
            (out[0] / ((0.6f64).sqrt() * r_eq) - 1.0).abs() < 0.01,
            "{out:?}"
        );
        assert!((out[4] - 1.0).abs() < 0.01, "{out:?}");
    }

    #[test]
    fn a_rod_has_its_long_axis_first() {
        // Points on a line segment of length L along (1,1,0)/√2: Rg = L/√12, λ₂ = λ₃ = 0.
        let pos: Vec<[f64; 3]> = (0..=1000)
            .map(|k| {
                let s = k as f64 / 1000.0 * 10.0 - 5.0;
                [s / 2f64.sqrt(), s / 2f64.sqrt(), 0.0]
            })
            .collect();
        let sys = system("Au", pos, vec![0; 1001]);
        let all: Vec<usize> = (0..1001).collect();
        let (rg, r, axes) = gyration(&sys, &all).unwrap();
        let exact = (10.0f64 * 10.0 / 12.0 * 1002.0 / 1000.0).sqrt();
        assert!((rg - exact).abs() < 1e-9, "{rg} vs {exact}");
        assert!(r[1] < 1e-6 && r[2] < 1e-6);
        assert!((axes[0][0].abs() - 0.5f64.sqrt()).abs() < 1e-9);
    }
}
