//! Forces are the exact negative gradient of the energy: central finite differences on randomly
//! perturbed alloy clusters and a periodic crystal, for the tabulated and analytic EAM.

mod common;
use common::*;
use nanocoalesce::md::forces::ForceEngine;
use nanocoalesce::potential::spec;
use nanocoalesce::potential::Potential;
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
    let p = spec::zhou_potential(&["Au", "Ag", "Cu"], false)
        .unwrap()
        .into_potential();
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
    let p = spec::zhou_potential(&["Pt", "Pd", "Ni", "Au"], true)
        .unwrap()
        .into_potential();
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
    let p = spec::zhou_potential(&["Cu", "Ag"], false)
        .unwrap()
        .into_potential();
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
    let tab = spec::zhou_potential(&["Au", "Ag"], false)
        .unwrap()
        .into_potential();
    let ana = spec::zhou_potential(&["Au", "Ag"], true)
        .unwrap()
        .into_potential();
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
    let p = spec::zhou_potential(&["Au", "Cu"], false)
        .unwrap()
        .into_potential();
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

/// An eam/fs file from the Zhou Au–Ag tables with the cross-element densities made different
/// (×1.3 for Au at Ag, ×0.8 for Ag at Au), so the per-pair densities matter.
fn fs_text() -> String {
    use nanocoalesce::potential::formats::setfl::SetflKind;
    let mut s = nanocoalesce::potential::zhou::zhou_setfl(&["Au", "Ag"], 800, 800).unwrap();
    let alloy = s.rhor.clone();
    s.kind = SetflKind::FinnisSinclair;
    s.rhor = (0..4)
        .map(|k| {
            let factor = [1.0, 1.3, 0.8, 1.0][k];
            alloy[k / 2].iter().map(|v| v * factor).collect()
        })
        .collect();
    s.write()
}

#[test]
fn eam_fs_forces_match_finite_differences() {
    let p = spec::eam_fs_potential(&fs_text(), "test.eam.fs")
        .unwrap()
        .into_potential();
    let sys = random_alloy(p.as_ref(), &fcc_ball(4.08, 9.0), &[0, 1], 0.15, 3);
    let (err, scale) = fd_error(&p, &sys, 60);
    assert!(scale > 0.1);
    assert!(
        err < 1e-6 * scale.max(1.0),
        "max |F + dE/dx| = {err} eV/Å (max force {scale})"
    );
    // The cross densities change the energy: the same atoms under the eam/alloy tables differ.
    let alloy = spec::zhou_potential(&["Au", "Ag"], false)
        .unwrap()
        .into_potential();
    let mut e1 = ForceEngine::new(p.clone(), 1.0);
    let mut e2 = ForceEngine::new(alloy, 1.0);
    let (a, b) = (e1.compute(&sys).unwrap(), e2.compute(&sys).unwrap());
    assert!((a - b).abs() > 1.0, "eam/fs {a} vs eam/alloy {b}");
}

/// A DYNAMO funcfl text for element `z`: Zhou's F(ρ) of `symbol`, Zhou's f(r) times
/// (1 − r/r_c)³ (smooth at the cutoff), and a repulsive effective charge Z(r) = z0 (1 − r/r_c)³.
fn funcfl_text(symbol: &str, z: u32, z0: f64) -> String {
    let p = nanocoalesce::potential::zhou::ZhouParams::of(symbol).unwrap();
    let (nrho, drho, nr, rc) = (600, 0.1, 600, 5.5);
    let dr = rc / (nr - 1) as f64;
    let mut s = format!(
        "{symbol} test\n{z} {} {} FCC\n",
        p.mass,
        p.lattice_constant()
    );
    s += &format!("{nrho} {drho:e} {nr} {dr:e} {rc:e}\n");
    let mut table = |v: Vec<f64>| {
        for c in v.chunks(5) {
            s += &c
                .iter()
                .map(|x| format!("{x:e}"))
                .collect::<Vec<_>>()
                .join(" ");
            s.push('\n');
        }
    };
    table((0..nrho).map(|k| p.embed(k as f64 * drho).0).collect());
    table(
        (0..nr)
            .map(|k| z0 * (1.0 - k as f64 * dr / rc).powi(3))
            .collect(),
    );
    table(
        (0..nr)
            .map(|k| {
                let r = k as f64 * dr;
                p.density(r.max(0.5)).0 * (1.0 - r / rc).powi(3)
            })
            .collect(),
    );
    s
}

#[test]
fn funcfl_alloy_forces_match_finite_differences() {
    let p = spec::funcfl_potential(&[
        ("Cu.eam".into(), funcfl_text("Cu", 29, 3.0)),
        ("Ag.eam".into(), funcfl_text("Ag", 47, 4.0)),
    ])
    .unwrap()
    .into_potential();
    assert!(p.describe().starts_with("eam Cu Ag"), "{}", p.describe());
    let sys = random_alloy(p.as_ref(), &fcc_ball(3.9, 9.0), &[0, 1], 0.15, 4);
    let (err, scale) = fd_error(&p, &sys, 60);
    assert!(scale > 0.1);
    assert!(
        err < 1e-6 * scale.max(1.0),
        "max |F + dE/dx| = {err} eV/Å (max force {scale})"
    );
}

/// SMATB (with its polynomial tails inside the cutoff for many pairs), Morse, LJ and Johnson
/// (shifted force) on perturbed clusters (alloys where the potential has more than one element).
#[test]
fn smatb_morse_lj_and_johnson_forces_match_finite_differences() {
    use nanocoalesce::potential::eam::Eam;
    use nanocoalesce::potential::{
        johnson::johnson_model, lj::lj_model, morse::morse_model, smatb::Smatb,
    };
    let johnson = Arc::new(Eam::new(johnson_model(&["Fe"]).unwrap()));
    let a_johnson = johnson.lattice_constant(0).unwrap();
    let cases: Vec<(Arc<dyn Potential>, f64)> = vec![
        (johnson, a_johnson),
        (Arc::new(Eam::new(Smatb::new(&["Ag", "Cu"]).unwrap())), 3.9),
        (Arc::new(Eam::new(Smatb::new(&["Pt", "Pd"]).unwrap())), 3.9),
        (
            Arc::new(Eam::new(morse_model(&["Au", "Ag"]).unwrap())),
            4.08,
        ),
        (Arc::new(Eam::new(lj_model(&["Au", "Cu"]).unwrap())), 3.9),
    ];
    for (k, (p, a)) in cases.into_iter().enumerate() {
        let types: &[u16] = if p.elements().len() > 1 {
            &[0, 1]
        } else {
            &[0]
        };
        let sys = random_alloy(p.as_ref(), &fcc_ball(a, 9.0), types, 0.15, 10 + k as u64);
        let (err, scale) = fd_error(&p, &sys, 40);
        assert!(scale > 0.1, "{}: forces too small", p.describe());
        assert!(
            err < 1e-6 * scale.max(1.0),
            "{}: max |F + dE/dx| = {err} eV/Å (max force {scale})",
            p.describe()
        );
    }
}

/// The table model's pair passes compiled for one element (no species looked up per pair) give
/// the same bits as the general passes: the same one-element potential through a wrapper that
/// does not ask for them, forces and energy compared bit for bit on a perturbed 1,400-atom ball.
#[test]
fn one_element_table_passes_give_the_general_passes_bits() {
    use nanocoalesce::potential::eam::{Eam, EamModel, PairDistance, PairTerms, RGrid};
    use nanocoalesce::potential::tabulated::Tabulated;
    use nanocoalesce::potential::zhou::zhou_setfl;
    /// The model, with the kernel's default (general) passes.
    struct General(Tabulated);
    impl EamModel for General {
        fn elements(&self) -> &[String] {
            self.0.elements()
        }
        fn mass(&self, t: usize) -> f64 {
            self.0.mass(t)
        }
        fn cutoff(&self) -> f64 {
            self.0.cutoff()
        }
        fn densities(&self, ti: usize, tj: usize, r: f64) -> (f64, f64) {
            self.0.densities(ti, tj, r)
        }
        fn pair_terms(&self, ti: usize, tj: usize, r: f64) -> PairTerms {
            self.0.pair_terms(ti, tj, r)
        }
        fn embed(&self, t: usize, rho: f64) -> (f64, f64) {
            self.0.embed(t, rho)
        }
        fn describe(&self) -> String {
            self.0.describe()
        }
        fn grid(&self) -> Option<RGrid> {
            self.0.grid()
        }
        fn densities_at(&self, ti: usize, tj: usize, d: PairDistance) -> (f64, f64) {
            self.0.densities_at(ti, tj, d)
        }
        fn pair_terms_at(&self, ti: usize, tj: usize, d: PairDistance) -> PairTerms {
            self.0.pair_terms_at(ti, tj, d)
        }
    }
    let table = || Tabulated::from_setfl(&zhou_setfl(&["Au"], 2000, 2000).unwrap(), "Au");
    assert!(table().one_element_passes());
    let one: Arc<dyn Potential> = Arc::new(Eam::new(table()));
    let general: Arc<dyn Potential> = Arc::new(Eam::new(General(table())));
    let sys = random_alloy(one.as_ref(), &fcc_ball(4.08, 17.0), &[0], 0.2, 7);
    assert!(sys.len() > 1000, "{} atoms", sys.len());
    let run = |p: &Arc<dyn Potential>| {
        let mut engine = ForceEngine::new(p.clone(), 1.0);
        let e = engine.compute(&sys).unwrap();
        (e.to_bits(), engine.forces.clone())
    };
    let (e1, f1) = run(&one);
    let (e2, f2) = run(&general);
    assert_eq!(e1, e2, "energies differ");
    let bits = |f: &[[f64; 3]]| f.iter().flatten().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&f1), bits(&f2), "forces differ");
}
