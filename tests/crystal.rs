//! Bulk fcc lattice constants and cohesive energies of the Zhou 2004 EAM: the minimum of E(a)/N of
//! a periodic crystal must reproduce the published a0 and E_c.

use nanocoalesce::md::forces::ForceEngine;
use nanocoalesce::potential::spec;
use nanocoalesce::system::System;

/// Energy per atom of a perfect periodic fcc crystal of lattice constant a.
fn energy_per_atom(engine: &mut ForceEngine, a: f64) -> f64 {
    let (pos, cell) = nanocoalesce::structure::fcc_bulk(a, 4, 4, 4);
    let n = pos.len();
    let sys = System {
        elements: engine.potential.elements().to_vec(),
        masses: vec![engine.potential.mass(0)],
        species: vec![0; n],
        particle: vec![0; n],
        pos,
        vel: vec![[0.0; 3]; n],
        cell: Some(cell),
        fixed: 0,
        piston: 0,
    };
    engine.compute(&sys).unwrap() / n as f64
}

/// Golden-section minimum of E(a)/N on [lo, hi]: (a0, E_min).
fn minimise(engine: &mut ForceEngine, lo: f64, hi: f64) -> (f64, f64) {
    nanocoalesce::potential::crystal::golden_section_min(
        |a| energy_per_atom(engine, a),
        lo,
        hi,
        1e-5,
    )
}

#[test]
fn zhou_lattice_constants_and_cohesive_energies() {
    // (element, a0 Å, E_c eV) from Zhou, Johnson & Wadley 2004.
    let table = [
        ("Au", 4.080, 3.930),
        ("Ag", 4.090, 2.850),
        ("Cu", 3.615, 3.540),
        ("Ni", 3.520, 4.450),
        ("Pd", 3.890, 3.910),
        ("Pt", 3.920, 5.770),
    ];
    for (el, a_ref, ec_ref) in table {
        for analytic in [false, true] {
            let p = spec::zhou_potential(&[el], analytic)
                .unwrap()
                .into_potential();
            let mut engine = ForceEngine::new(p, 1.0);
            let (a, e) = minimise(&mut engine, a_ref - 0.15, a_ref + 0.15);
            println!("{el} analytic={analytic}: a0 = {a:.4} Å (ref {a_ref}), Ec = {:.4} eV (ref {ec_ref})", -e);
            assert!((a - a_ref).abs() < 0.002, "{el}: a0 = {a} vs {a_ref}");
            assert!((-e - ec_ref).abs() < 0.002, "{el}: Ec = {} vs {ec_ref}", -e);
        }
    }
}

/// The classic lesson "pair potentials vs EAM": the unrelaxed vacancy formation energy of a pair
/// potential is about the cohesive energy (removing an atom breaks its bonds, and each remaining
/// bond is as strong as before), while in real metals — and in many-body potentials, where the
/// neighbours' remaining bonds strengthen — it is only a fraction (Au: E_v ≈ 0.9 eV,
/// E_c ≈ 3.8 eV). Periodic 5×5×5 fcc Au at each potential's own lattice constant.
#[test]
fn vacancy_energy_is_near_the_cohesive_energy_for_pair_potentials_only() {
    use nanocoalesce::potential::eam::Eam;
    use nanocoalesce::potential::Potential;
    use nanocoalesce::potential::{lj::lj_model, morse::morse_model, smatb::Smatb};
    use std::sync::Arc;
    let potentials: Vec<(Arc<dyn Potential>, bool)> = vec![
        (Arc::new(Eam::new(lj_model(&["Au"]).unwrap())), true),
        (Arc::new(Eam::new(morse_model(&["Au"]).unwrap())), true),
        (
            spec::zhou_potential(&["Au"], false)
                .unwrap()
                .into_potential(),
            false,
        ),
        (Arc::new(Eam::new(Smatb::new(&["Au"]).unwrap())), false),
    ];
    for (p, pair) in potentials {
        let a = p.lattice_constant(0).unwrap();
        let (pos, cell) = nanocoalesce::structure::fcc_bulk(a, 5, 5, 5);
        let n = pos.len();
        let system = |pos: Vec<[f64; 3]>| System {
            elements: p.elements().to_vec(),
            masses: vec![p.mass(0)],
            species: vec![0; pos.len()],
            particle: vec![0; pos.len()],
            vel: vec![[0.0; 3]; pos.len()],
            pos,
            cell: Some(cell),
            fixed: 0,
            piston: 0,
        };
        let mut engine = ForceEngine::new(p.clone(), 1.0);
        let e_full = engine.compute(&system(pos.clone())).unwrap();
        let e_vac = engine.compute(&system(pos[1..].to_vec())).unwrap();
        let e_coh = -e_full / n as f64;
        let e_v = e_vac - e_full * (n - 1) as f64 / n as f64;
        let ratio = e_v / e_coh;
        println!(
            "{}: a {a:.4} Å, E_c {e_coh:.3} eV, E_v {e_v:.3} eV, ratio {ratio:.2}",
            p.describe()
        );
        if pair {
            assert!(
                (0.85..1.1).contains(&ratio),
                "{}: E_v/E_c = {ratio}",
                p.describe()
            );
        } else {
            assert!(
                (0.1..0.5).contains(&ratio),
                "{}: E_v/E_c = {ratio}",
                p.describe()
            );
        }
    }
}
