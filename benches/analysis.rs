//! Criterion benchmarks: the analysis the page records at every output step (rg, neck, surface,
//! rotation, cna: `PAGE_OBSERVABLES` in src/wasm/md.rs), observable by observable, and the bond
//! length most of them start from, on a hot pair of Au spheres (2×~1000 and 2×~5000 atoms) on one
//! thread: what an output step costs beside the MD steps between two of them.

use criterion::{criterion_group, criterion_main, Criterion};
use nanocoalesce::run::files::no_files;
use nanocoalesce::run::link;
use nanocoalesce::run::simulation::{Recorder, Simulation};

fn bench_analysis(c: &mut Criterion) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    for d in [3.2, 5.5] {
        let sc = link::parse(&format!(
            "v=1&a=Au:{d}:sphere&b=Au:{d}:sphere&gap=4&T=900&seed=1"
        ))
        .unwrap();
        let mut sim = pool.install(|| Simulation::new(&sc, &no_files)).unwrap();
        // Hot and touching: 200 steps of 2 fs at 900 K.
        pool.install(|| sim.run(200)).unwrap();
        let n = sim.system().len();
        for list in ["surface", "cna", "rg,neck,surface,rotation,cna"] {
            let mut rec = Recorder::new(&sim, list).unwrap();
            pool.install(|| rec.analysis(&sim)).unwrap();
            c.bench_function(&format!("analysis {list}/{n} atoms/1 thread"), |b| {
                b.iter(|| pool.install(|| rec.analysis(&sim).unwrap()))
            });
        }
        c.bench_function(&format!("bond length/{n} atoms/1 thread"), |b| {
            b.iter(|| pool.install(|| nanocoalesce::analysis::bond_length(sim.system()).unwrap()))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(3));
    targets = bench_analysis
}
criterion_main!(benches);
