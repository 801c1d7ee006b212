//! Hybrid MD/MC: swaps drive an Ag–Au particle toward its known equilibrium segregation (Ag, the
//! element of lower surface energy, to the surface) far faster than MD alone; runs with swaps are
//! bit-identical for any thread count and native CLI.

use nanocoalesce::analysis::{bond_length, surface::measure_surface};
use nanocoalesce::run::files::no_files;
use nanocoalesce::run::simulation::Simulation;

/// Fraction of Ag among the surface atoms.
fn surface_ag(s: &Simulation) -> f64 {
    let sys = &s.system();
    let d = bond_length(sys).unwrap();
    let m = measure_surface(sys, d).unwrap();
    let ag = sys.elements.iter().position(|e| e == "Ag").unwrap() as u16;
    let surf: Vec<usize> = (0..sys.len()).filter(|&i| m.is_surface[i]).collect();
    surf.iter().filter(|&&i| sys.species[i] == ag).count() as f64 / surf.len() as f64
}

fn run(mc: &str, steps: u64, threads: usize) -> Simulation {
    let link = format!(
        "v=1&a=Au~0.5,Ag~0.5:2.5:sphere&T=700&thermo=langevin&tau=0.1&steps={steps}&seed=6{mc}"
    );
    let scenario = nanocoalesce::run::link::parse(&link).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let mut s = Simulation::new(&scenario, &no_files).unwrap();
        s.run(steps).unwrap();
        s
    })
}

#[test]
fn swaps_segregate_silver_to_the_surface_faster_than_md_alone() {
    let steps = 1000;
    let md = run("", steps, 2);
    let mc = run("&mc=10:200", steps, 2);
    let start = {
        let scenario =
            nanocoalesce::run::link::parse("v=1&a=Au~0.5,Ag~0.5:2.5:sphere&T=700&seed=6").unwrap();
        surface_ag(&Simulation::new(&scenario, &no_files).unwrap())
    };
    let (f_md, f_mc) = (surface_ag(&md), surface_ag(&mc));
    eprintln!(
        "surface Ag fraction: start {start:.3}, MD {f_md:.3}, MD+MC {f_mc:.3}; acceptance {:.3} of {}",
        mc.swaps().acceptance(),
        mc.swaps().attempted
    );
    assert!(mc.swaps().attempted == 100 * 200);
    assert!(mc.swaps().acceptance() > 0.01 && mc.swaps().acceptance() < 0.9);
    assert!(
        f_mc > start + 0.15,
        "swaps should enrich the surface in Ag: {start} → {f_mc}"
    );
    assert!(
        f_md < start + 0.05,
        "2 ps of MD alone barely segregates: {start} → {f_md}"
    );
    // Potential energy drops with the ordering.
    assert!(mc.potential_energy() < md.potential_energy());
}

#[test]
fn hybrid_runs_are_identical_for_any_thread_count() {
    let a = run("&mc=5:50", 60, 1);
    let b = run("&mc=5:50", 60, 2);
    assert_eq!(a.system().species, b.system().species);
    assert_eq!(
        nanocoalesce::system::positions_sha256(&a.system().pos),
        nanocoalesce::system::positions_sha256(&b.system().pos)
    );
    assert_eq!(a.swaps(), b.swaps());
}
