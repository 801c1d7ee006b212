//! Melting from a heating ramp: the caloric curve (potential energy per atom vs temperature) of a
//! free Au nanoparticle has a jump (the latent heat) at a melting point well below bulk melting
//! (1337 K), and larger particles melt at higher temperature. CI runs the short form (one 2.2 nm
//! particle, 40,000 steps); `NANOCOALESCE_LONG=1` adds a 3.2 nm particle and a slower ramp.

use nanocoalesce::analysis::caloric::caloric_curve;
use nanocoalesce::run::files::no_files;
use nanocoalesce::run::simulation::Simulation;

fn long() -> bool {
    std::env::var("NANOCOALESCE_LONG").is_ok_and(|v| v != "0")
}

/// (melting point K, latent heat eV/atom) of an Au sphere of `d_nm` heated 500 → 1300 K.
fn melting_point(d_nm: f64, steps: u64) -> (f64, f64) {
    let link = format!(
        "v=1&a=Au:{d_nm}:sphere&T=500&T1=1300&thermo=langevin&tau=0.5&steps={steps}&seed=3"
    );
    let scenario = nanocoalesce::run::link::parse(&link).unwrap();
    let mut s = Simulation::new(&scenario, &no_files).unwrap();
    let n = s.system().len() as f64;
    let (mut t, mut e) = (Vec::new(), Vec::new());
    while s.step() < steps {
        s.run(50).unwrap();
        t.push(s.system().temperature());
        e.push(s.potential_energy() / n);
    }
    let c = caloric_curve(&t, &e, 20.0, 2).expect("enough bins");
    (c.melting_point, c.latent_heat)
}

#[test]
fn gold_nanoparticle_melts_below_bulk_with_a_latent_heat() {
    let steps = if long() { 150_000 } else { 40_000 };
    let (tm, l) = melting_point(2.2, steps);
    eprintln!("Au 2.2 nm: melting point {tm:.0} K, latent heat {l:.3} eV/atom ({steps} steps)");
    assert!((650.0..1150.0).contains(&tm), "melting point {tm} K");
    assert!(l > 0.02 && l < 0.2, "latent heat {l} eV/atom");
    if long() {
        let (tm3, l3) = melting_point(3.2, 200_000);
        eprintln!("Au 3.2 nm: melting point {tm3:.0} K, latent heat {l3:.3} eV/atom");
        assert!(
            tm3 > tm,
            "a 3.2 nm particle should melt above a 2.2 nm one ({tm3} vs {tm} K)"
        );
    }
}
