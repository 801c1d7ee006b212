//! The perfect fcc crystal of one element under an EAM-like model: energy per atom by a lattice
//! sum, and the equilibrium lattice constant and cohesive energy by minimising it. Used for the
//! lattice constant the structure builders take from potentials that do not state one (pair
//! potentials: a truncated Morse or LJ crystal is not at the parameters' r0), and in tests.

use super::eam::EamModel;
use crate::base::math::{fcc_points, v3};

/// Distances (Å) from a site of a perfect fcc crystal with lattice constant a to every other site
/// closer than rc.
pub fn fcc_distances(a: f64, rc: f64) -> Vec<f64> {
    let n = (rc / a).ceil() as i64 + 1;
    fcc_points([-n; 3], [n + 1; 3], a)
        .map(|d| v3(d).length())
        .filter(|&r| r > 1e-9 && r < rc)
        .collect()
}

/// Host density of a perfect fcc crystal of element t with lattice constant a: `Σ_j f(r_j)`.
pub fn fcc_density(model: &dyn EamModel, t: usize, a: f64) -> f64 {
    fcc_distances(a, model.cutoff())
        .iter()
        .map(|&r| model.densities(t, t, r).0)
        .sum()
}

/// Energy per atom (eV) of a perfect fcc crystal of element t with lattice constant a (Å):
/// `F(ρ) + ½ Σ_j φ(r_j)`, `ρ = Σ_j f(r_j)`, over all lattice sites within the cutoff.
pub fn fcc_energy(model: &dyn EamModel, t: usize, a: f64) -> f64 {
    let (mut rho, mut pair) = (0.0, 0.0);
    for r in fcc_distances(a, model.cutoff()) {
        rho += model.densities(t, t, r).0;
        pair += model.pair_terms(t, t, r).phi;
    }
    model.embed(t, rho).0 + 0.5 * pair
}

/// The minimum of a unimodal f on [lo, hi] by golden-section search, to an interval shorter than
/// `tol`: (x, f(x)) at the interval's midpoint.
pub fn golden_section_min(mut f: impl FnMut(f64) -> f64, lo: f64, hi: f64, tol: f64) -> (f64, f64) {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (lo, hi);
    let mut c = b - g * (b - a);
    let mut d = a + g * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    while b - a > tol {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = f(d);
        }
    }
    let x = 0.5 * (a + b);
    (x, f(x))
}

/// Equilibrium lattice constant (Å) and cohesive energy (eV/atom, positive when bound) of fcc
/// element t: golden-section minimisation of [`fcc_energy`] over a ∈ [lo, hi].
pub fn fcc_equilibrium(model: &dyn EamModel, t: usize, lo: f64, hi: f64) -> (f64, f64) {
    let (a0, e) = golden_section_min(|a| fcc_energy(model, t, a), lo, hi, 1e-7);
    (a0, -e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::potential::smatb::Smatb;
    use crate::potential::zhou::ZhouAnalytic;

    #[test]
    fn zhou_reproduces_its_published_lattice_constants_and_cohesive_energies() {
        // Zhou et al. (PRB 69, 144113, 2004), as the project's science spec quotes them: Au 4.080 Å / 3.930 eV, Cu 3.615 / 3.540, Pt 3.920 / 5.770.
        let m = ZhouAnalytic::new(&["Au", "Cu", "Pt"]).unwrap();
        for (t, a_ref, e_ref) in [(0, 4.080, 3.930), (1, 3.615, 3.540), (2, 3.920, 5.770)] {
            let (a, e) = fcc_equilibrium(&m, t, 3.0, 5.0);
            assert!((a - a_ref).abs() < 0.005, "a {a} vs {a_ref}");
            assert!((e - e_ref).abs() < 0.01, "E {e} vs {e_ref}");
        }
    }

    #[test]
    fn smatb_crystals_sit_near_their_fitted_lattice_and_cohesion() {
        // Cleri & Rosato fitted to the experimental lattice constants and cohesive energies
        // (Kittel): Au 4.08 Å / 3.81 eV, Ag 4.09 / 2.95, Cu 3.615 / 3.49, Pt 3.92 / 5.84,
        // Pd 3.89 / 3.89, Ni 3.52 / 4.44, Al 4.05 / 3.39, Pb 4.95 / 2.03. With the third-shell
        // cutoff the minimum lies within 1.5 % and the cohesion within 6 % — except Ni, whose
        // long-ranged attraction (q = 1.189) loses most to the truncation: 3.59 Å, 3.61 eV
        // (documented in the module).
        let els = ["Au", "Ag", "Cu", "Pt", "Pd", "Ni", "Al", "Pb"];
        let refs = [
            (4.08, 3.81),
            (4.09, 2.95),
            (3.615, 3.49),
            (3.92, 5.84),
            (3.89, 3.89),
            (3.52, 4.44),
            (4.05, 3.39),
            (4.95, 2.03),
        ];
        let m = Smatb::new(&els).unwrap();
        for (t, (a_ref, e_ref)) in refs.iter().enumerate() {
            let (a, e) = fcc_equilibrium(&m, t, 0.8 * a_ref, 1.2 * a_ref);
            let (da, de) = if els[t] == "Ni" {
                (0.025, 0.2)
            } else {
                (0.015, 0.06)
            };
            assert!((a / a_ref - 1.0).abs() < da, "{}: a {a} vs {a_ref}", els[t]);
            assert!((e / e_ref - 1.0).abs() < de, "{}: E {e} vs {e_ref}", els[t]);
        }
    }
}
