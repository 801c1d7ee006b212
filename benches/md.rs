//! Criterion benchmarks: force evaluation and one MD step for pairs of Au spheres
//! (2×~1000 and 2×~4000 atoms), on 1 thread and on all threads.

use criterion::{criterion_group, criterion_main, Criterion};
use nanocoalesce::md::forces::ForceEngine;
use nanocoalesce::md::thermostat::ThermostatKind;
use nanocoalesce::run::files::{no_files, prepare};
use nanocoalesce::run::scenario::{PotentialSpec, Scenario, StructureSpec};
use nanocoalesce::run::simulation::Simulation;
use nanocoalesce::structure::{Chemistry, ParticleSpec, SceneSpec, Shape};

fn au_pair(diameter_nm: f64) -> Scenario {
    let p = ParticleSpec {
        shape: Shape::Sphere,
        diameter_nm,
        chemistry: Chemistry::Pure {
            element: "Au".into(),
        },
        rotation_deg: [0.0; 3],
    };
    Scenario {
        version: 1,
        structure: StructureSpec::Scene(SceneSpec {
            particles: vec![p.clone(), p],
            gap_angstrom: 4.0,
            axis: [1.0, 0.0, 0.0],
            arrangement: Default::default(),
        }),
        potential: PotentialSpec::Zhou {
            elements: None,
            analytic: false,
        },
        temperature: 900.0,
        final_temperature: None,
        thermostat: ThermostatKind::NoseHoover,
        damping_ps: 0.1,
        dt_ps: 0.002,
        integrator: Default::default(),
        steps: 1_000_000,
        seed: 1,
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

fn bench_pairs(c: &mut Criterion) {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    for (label, d) in [("2x1000", 3.2), ("2x4000", 5.1)] {
        let sc = au_pair(d);
        for nt in [1, threads] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(nt)
                .build()
                .unwrap();
            let (sys, pot) = prepare(&sc, &no_files).unwrap();
            let n = sys.len();
            let mut engine = ForceEngine::new(pot.into_potential(), 1.0);
            pool.install(|| engine.compute(&sys)).unwrap();
            c.bench_function(&format!("forces/{label} ({n} atoms)/{nt} thread(s)"), |b| {
                b.iter(|| pool.install(|| engine.compute(&sys).unwrap()))
            });
            let mut s = pool.install(|| Simulation::new(&sc, &no_files)).unwrap();
            pool.install(|| s.run(20)).unwrap();
            c.bench_function(
                &format!("md step nose-hoover/{label} ({n} atoms)/{nt} thread(s)"),
                |b| b.iter(|| pool.install(|| s.run(1).unwrap())),
            );
            if threads == 1 {
                break;
            }
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(4));
    targets = bench_pairs
}
criterion_main!(benches);
