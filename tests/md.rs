//! Molecular dynamics: NVE energy conservation, thermostat temperatures, determinism across thread
//! counts. Step counts are the CI (short) form; set `NANOCOALESCE_LONG=1` for the long tier
//! (10× longer runs and tighter statistics).

use nanocoalesce::md::thermostat::ThermostatKind;
use nanocoalesce::run::files::no_files;
use nanocoalesce::run::scenario::{PotentialSpec, Scenario, StructureSpec};
use nanocoalesce::run::simulation::Simulation;
use nanocoalesce::structure::{Chemistry, ParticleSpec, SceneSpec, Shape};

fn long_tier() -> bool {
    std::env::var("NANOCOALESCE_LONG").is_ok_and(|v| v != "0")
}

fn sphere(el: &str, d: f64) -> ParticleSpec {
    ParticleSpec {
        shape: Shape::Sphere,
        diameter_nm: d,
        chemistry: Chemistry::Pure { element: el.into() },
        rotation_deg: [0.0; 3],
    }
}

fn scenario(
    particles: Vec<ParticleSpec>,
    t: f64,
    thermostat: ThermostatKind,
    steps: u64,
    seed: u64,
) -> Scenario {
    Scenario {
        version: 1,
        structure: StructureSpec::Scene(SceneSpec {
            particles,
            gap_angstrom: 4.0,
            axis: [1.0, 0.0, 0.0],
            arrangement: Default::default(),
        }),
        potential: PotentialSpec::Zhou {
            elements: None,
            analytic: false,
        },
        temperature: t,
        final_temperature: None,
        thermostat,
        damping_ps: 0.1,
        dt_ps: 0.002,
        integrator: Default::default(),
        steps,
        seed,
        output_every: 100,
        skin: 1.0,
        mc: None,
        support: None,
        substrate: None,
        press: None,
        barostat: None,
        events: Vec::new(),
    }
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// NVE: two 2 nm Au spheres at 600 K, dt = 2 fs, 10,000 steps: drift and largest excursion of
/// the total energy ≤ 2e-5 eV/atom.
#[test]
fn nve_conserves_energy() {
    let steps = 10_000;
    let sc = scenario(
        vec![sphere("Au", 2.0), sphere("Au", 2.0)],
        600.0,
        ThermostatKind::None,
        steps,
        7,
    );
    let mut s = Simulation::new(&sc, &no_files).unwrap();
    let n = s.system().len() as f64;
    let e0 = s.conserved_energy();
    let mut max_dev: f64 = 0.0;
    for _ in 0..steps / 10 {
        s.run(10).unwrap();
        max_dev = max_dev.max((s.conserved_energy() - e0).abs() / n);
    }
    let drift = (s.conserved_energy() - e0) / n;
    println!("NVE {n} atoms, {steps} steps: drift {drift:.3e} eV/atom, max excursion {max_dev:.3e} eV/atom");
    assert!(drift.abs() <= 2e-5, "drift {drift}");
    assert!(max_dev <= 2e-5, "max excursion {max_dev}");
    // The particles attract: potential energy must have turned into heat (something happened).
    assert!(s.system().temperature() > 600.0 * 0.3);
}

/// Time-averaged temperature of a thermostatted 3 nm Au particle after equilibration.
fn mean_temperature(kind: ThermostatKind, target: f64) -> (f64, f64) {
    let steps = if long_tier() { 100_000 } else { 12_000 };
    let sc = scenario(vec![sphere("Au", 3.0)], target, kind, steps, 11);
    let mut s = Simulation::new(&sc, &no_files).unwrap();
    let e0 = s.conserved_energy();
    s.run(1000).unwrap();
    let (mut sum, mut count) = (0.0, 0.0);
    while s.step() < steps {
        s.run(5).unwrap();
        sum += s.system().temperature();
        count += 1.0;
    }
    let drift = (s.conserved_energy() - e0) / s.system().len() as f64;
    (sum / count, drift)
}

#[test]
fn langevin_holds_the_target_temperature() {
    let (t, _) = mean_temperature(ThermostatKind::Langevin, 700.0);
    println!("Langevin: <T> = {t:.2} K (target 700)");
    assert!((t / 700.0 - 1.0).abs() < 0.02, "<T> = {t}");
}

#[test]
fn nose_hoover_chain_holds_the_target_temperature_and_conserves_its_energy() {
    let (t, drift) = mean_temperature(ThermostatKind::NoseHoover, 700.0);
    println!(
        "Nose-Hoover: <T> = {t:.2} K (target 700), conserved-energy drift {drift:.2e} eV/atom"
    );
    assert!((t / 700.0 - 1.0).abs() < 0.02, "<T> = {t}");
    assert!(drift.abs() < 2e-4, "extended energy drift {drift}");
}

#[test]
fn csvr_holds_the_target_temperature_and_conserves_its_energy() {
    let (t, drift) = mean_temperature(ThermostatKind::Csvr, 700.0);
    println!("CSVR: <T> = {t:.2} K (target 700), effective-energy drift {drift:.2e} eV/atom");
    assert!((t / 700.0 - 1.0).abs() < 0.02, "<T> = {t}");
    assert!(drift.abs() < 2e-4, "effective energy drift {drift}");
}

#[test]
fn temperature_ramp_follows_the_schedule() {
    let mut sc = scenario(
        vec![sphere("Au", 1.6)],
        300.0,
        ThermostatKind::Csvr,
        3000,
        3,
    );
    sc.final_temperature = Some(900.0);
    sc.damping_ps = 0.02;
    let mut s = Simulation::new(&sc, &no_files).unwrap();
    s.run(3000).unwrap();
    let mut sum = 0.0;
    for _ in 0..200 {
        s.run(1).unwrap();
        sum += s.system().temperature();
    }
    let t_end = sum / 200.0;
    assert_eq!(s.target_temperature_at(1500), 600.0);
    assert!(
        (t_end - 900.0).abs() < 60.0,
        "T at the end of the ramp {t_end}"
    );
}

/// Same scenario and seed: bit-identical positions for 1, 2 and 3 threads (every thermostat,
/// enough atoms for several slabs and several neighbour-list rebuilds); another seed differs.
#[test]
fn trajectories_are_bit_identical_for_any_thread_count() {
    for kind in [
        ThermostatKind::None,
        ThermostatKind::Langevin,
        ThermostatKind::NoseHoover,
        ThermostatKind::Csvr,
    ] {
        let sc = scenario(
            vec![sphere("Au", 2.2), sphere("Au", 2.2)],
            1100.0,
            kind,
            300,
            5,
        );
        let run = |threads: usize, seed: u64| {
            let mut sc = sc.clone();
            sc.seed = seed;
            in_pool(threads, || {
                let mut s = Simulation::new(&sc, &no_files).unwrap();
                assert!(s.neighbor_slabs() >= 4, "want several slabs");
                s.run(300).unwrap();
                assert!(s.neighbor_builds() > 2, "want list rebuilds");
                nanocoalesce::system::positions_sha256(&s.system().pos)
            })
        };
        let h1 = run(1, 5);
        assert_eq!(h1, run(2, 5), "{kind:?}: 1 vs 2 threads");
        assert_eq!(h1, run(3, 5), "{kind:?}: 1 vs 3 threads");
        assert_ne!(h1, run(2, 6), "{kind:?}: seeds 5 and 6 must differ");
    }
}

/// On a crystalline substrate (a periodic box, fixed layers, Langevin noise over the mobile
/// atoms only): bit-identical positions for 1, 2 and 3 threads. The box is cut into slabs like an
/// open cluster, its ghost images sorted into them, so the force loop runs in parallel.
#[test]
fn substrate_runs_are_bit_identical_for_any_thread_count() {
    for link in [
        "v=2&a=Cu:1.5:sphere:0,20,0&sup=slab:Cu:fcc001&T=900&thermo=langevin&seed=4",
        // In a press: the plate's mean force is summed in atom order.
        "v=2&a=Cu:1.2:sphere&b=Cu:1.2:sphere&sup=slab:Cu:fcc001:4:2&press=20000&T=900&thermo=csvr&seed=4",
    ] {
        let sc = nanocoalesce::run::link::parse(link).unwrap();
        let run = |threads: usize| {
            in_pool(threads, || {
                let mut s = Simulation::new(&sc, &no_files).unwrap();
                s.run(200).unwrap();
                assert!(s.neighbor_slabs() >= 3, "want several slabs: {link}");
                nanocoalesce::system::positions_sha256(&s.system().pos)
            })
        };
        let h1 = run(1);
        assert_eq!(h1, run(2), "1 vs 2 threads: {link}");
        assert_eq!(h1, run(3), "1 vs 3 threads: {link}");
    }
}

/// Live steering: a run steered at steps 60 (jump to 900 K), 120 (ramp to 400 K over 80 steps)
/// and 200 (thermostat off) follows the changes (the target read-out; NVE keeps the total
/// energy after 200), and replaying its scenario — directly, through its share link, on 1 or 2
/// threads — reaches the same positions bit for bit. An event past the end is refused and the
/// run is unchanged.
#[test]
fn a_steered_run_replays_from_its_scenario_and_link() {
    use nanocoalesce::run::link;
    use nanocoalesce::run::steering::Steer;
    let base = scenario(
        vec![sphere("Au", 1.6), sphere("Au", 1.6)],
        600.0,
        ThermostatKind::Csvr,
        300,
        7,
    );
    let mut live = Simulation::new(&base, &no_files).unwrap();
    live.run(60).unwrap();
    live.steer(Steer::Temperature { temperature: 900.0 })
        .unwrap();
    live.run(60).unwrap();
    assert_eq!(live.target_temperature_at(61), 900.0);
    live.steer(Steer::Ramp {
        temperature: 400.0,
        steps: 80,
    })
    .unwrap();
    live.run(40).unwrap();
    assert_eq!(live.thermo().target_temperature, 650.0);
    live.run(40).unwrap();
    live.steer(Steer::Thermostat {
        thermostat: ThermostatKind::None,
    })
    .unwrap();
    let e200 = live.thermo().total;
    live.run(100).unwrap();
    let per_atom = (live.thermo().total - e200).abs() / live.n_atoms() as f64;
    assert!(
        per_atom < 1e-4,
        "NVE after the switch: drift {per_atom} eV/atom"
    );
    assert_eq!(live.thermostat(), ThermostatKind::None);
    let err = live
        .steer(Steer::Temperature { temperature: 500.0 })
        .unwrap_err()
        .to_string();
    assert!(err.contains("end of the run"), "{err}");
    let steered = live.scenario().clone();
    assert_eq!(steered.events.len(), 3);
    let hash = live.positions_sha256();

    let query = link::to_query(&steered).unwrap();
    assert!(
        query.contains("ev=60:T:900,120:ramp:400:80,200:thermostat:none"),
        "{query}"
    );
    let from_link = link::parse(&query).unwrap();
    assert_eq!(from_link.events, steered.events);
    for (threads, s) in [(1, &steered), (2, &steered), (2, &from_link)] {
        let h = in_pool(threads, || {
            let mut sim = Simulation::new(s, &no_files).unwrap();
            // In chunks that straddle the events, as the page and the CLI cut runs differently.
            for n in [37, 100, 13, 150] {
                sim.run(n).unwrap();
            }
            sim.positions_sha256()
        });
        assert_eq!(h, hash, "{threads} thread(s)");
    }
    // Without the events the run differs (the test can fail).
    let mut plain = Simulation::new(&base, &no_files).unwrap();
    plain.run(300).unwrap();
    assert_ne!(plain.positions_sha256(), hash);
}
