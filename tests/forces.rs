//! Forces are the exact negative gradient of the energy: central finite differences on randomly
//! perturbed alloy clusters and a periodic crystal, for the tabulated and analytic EAM.

mod common;
use common::*;
use nanocoalesce::forces::ForceEngine;
use nanocoalesce::potential::Potential;
use nanocoalesce::sim;
use std::sync::Arc;

/// Max |F − (−∇E)| over the first `check` atoms, with the scale of the forces.
fn fd_error(
    potential: &Arc<dyn Potential>,
    sys: &nanocoalesce::system::System,
    check: usize,
) -> (f64, f64) {
    let mut engine = ForceEngine::new(potential.clone(), 1.0);
    engine.compute(sys).unwrap();
    let f = engine.forces.clone();
    let h = 1e-5;
    let mut worst: f64 = 0.0;
    let mut scale: f64 = 0.0;
    let mut s = sys.clone();
    for i in 0..check.min(sys.len()) {
        for k in 0..3 {
            let x0 = s.pos[i][k];
            s.pos[i][k] = x0 + h;
            let ep = engine.compute(&s).unwrap();
            s.pos[i][k] = x0 - h;
            let em = engine.compute(&s).unwrap();
            s.pos[i][k] = x0;
            let num = -(ep - em) / (2.0 * h);
            worst = worst.max((num - f[i][k]).abs());
            scale = scale.max(f[i][k].abs());
        }
    }
    (worst, scale)
}

#[test]
fn tabulated_alloy_forces_match_finite_differences() {
    let p = sim::zhou_potential(&["Au", "Ag", "Cu"], false).unwrap();
    let sys = random_alloy(p.as_ref(), &fcc_ball(4.0, 9.0), &[0, 1, 2], 0.15, 1);
    let (err, scale) = fd_error(&p, &sys, 60);
    assert!(scale > 0.1, "forces should be non-trivial, max {scale}");
    assert!(
        err < 1e-6 * scale.max(1.0),
        "max |F + dE/dx| = {err} eV/Å (max force {scale})"
    );
}

#[test]
fn analytic_alloy_forces_match_finite_differences() {
    let p = sim::zhou_potential(&["Pt", "Pd", "Ni", "Au"], true).unwrap();
    let sys = random_alloy(p.as_ref(), &fcc_ball(3.85, 9.0), &[0, 1, 2, 3], 0.15, 2);
    let (err, scale) = fd_error(&p, &sys, 60);
    assert!(scale > 0.1);
    assert!(
        err < 1e-6 * scale.max(1.0),
        "max |F + dE/dx| = {err} eV/Å (max force {scale})"
    );
}

#[test]
fn periodic_crystal_forces_match_finite_differences_and_sum_to_zero() {
    let p = sim::zhou_potential(&["Cu", "Ag"], false).unwrap();
    let (pos, cell) = nanocoalesce::structure::fcc_bulk(3.7, 3, 3, 3);
    let mut sys = random_alloy(p.as_ref(), &pos, &[0, 1], 0.2, 3);
    sys.cell = Some(cell);
    let (err, scale) = fd_error(&p, &sys, 25);
    assert!(scale > 0.1);
    assert!(err < 1e-6 * scale.max(1.0), "max |F + dE/dx| = {err} eV/Å");
    let mut engine = ForceEngine::new(p, 1.0);
    engine.compute(&sys).unwrap();
    for k in 0..3 {
        let total: f64 = engine.forces.iter().map(|f| f[k]).sum();
        assert!(total.abs() < 1e-9, "net force {total}");
    }
}

#[test]
fn tabulated_and_analytic_zhou_agree() {
    let tab = sim::zhou_potential(&["Au", "Ag"], false).unwrap();
    let ana = sim::zhou_potential(&["Au", "Ag"], true).unwrap();
    let sys = random_alloy(tab.as_ref(), &fcc_ball(4.08, 10.0), &[0, 1], 0.1, 4);
    let (et, ea) = (energy(&tab, &sys), energy(&ana, &sys));
    // Interpolation error of 2000-point tables: well below 1 meV/atom.
    assert!(
        ((et - ea) / sys.len() as f64).abs() < 1e-4,
        "tabulated {et} vs analytic {ea}"
    );
}

#[test]
fn translation_and_rotation_leave_the_energy_unchanged() {
    let p = sim::zhou_potential(&["Au", "Cu"], false).unwrap();
    let sys = random_alloy(p.as_ref(), &fcc_ball(3.9, 8.0), &[0, 1], 0.1, 5);
    let e0 = energy(&p, &sys);
    let mut moved = sys.clone();
    let (c, s) = (0.6f64.cos(), 0.6f64.sin());
    for q in moved.pos.iter_mut() {
        *q = [
            c * q[0] - s * q[1] + 13.7,
            s * q[0] + c * q[1] - 4.2,
            q[2] + 100.0,
        ];
    }
    let e1 = energy(&p, &moved);
    assert!((e0 - e1).abs() < 1e-9 * e0.abs(), "{e0} vs {e1}");
}
