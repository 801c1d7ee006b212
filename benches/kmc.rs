//! Kinetic Monte Carlo throughput: BKL events per second of surface diffusion on the neck-growth
//! lattice of two touching 2 nm spheres (box of 1.3 × 10⁵ fcc sites, 4245 atoms), 700 K.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nanocoalesce::kmc::{neck::KmcNeckSpec, surface_diffusion::HopModel};

fn bench(c: &mut Criterion) {
    let spec = KmcNeckSpec {
        radius_nm: 2.0,
        lattice: 4.08,
        model: HopModel {
            temperature: 700.0,
            ..Default::default()
        },
        events: 0,
        samples: 2,
        seed: 1,
    };
    let mut lattice = spec.build().unwrap();
    // Past the first, atypically fast rearrangements.
    for _ in 0..200_000 {
        lattice.step();
    }
    let mut g = c.benchmark_group("kmc");
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("surface_diffusion_10k_events_130k_sites", |b| {
        b.iter(|| {
            for _ in 0..10_000 {
                lattice.step();
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
