//! Kinetic Monte Carlo throughput: BKL events per second of surface diffusion (n-fold way rate
//! classes) on the neck-growth lattice of two touching spheres at 700 K:
//! - radius 4 nm: box of 93 × 53 × 53 half-lattice units = 1.3 × 10⁵ fcc sites, 33,513 atoms
//!   (the "10⁵-site lattice");
//! - radius 2 nm: 2.9 × 10⁴ fcc sites, 4245 atoms.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nanocoalesce::kmc::{neck::KmcNeckSpec, surface_diffusion::HopModel};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("kmc");
    g.throughput(Throughput::Elements(10_000));
    for (radius_nm, name) in [
        (4.0, "surface_diffusion_10k_events_130k_sites"),
        (2.0, "surface_diffusion_10k_events_29k_sites"),
    ] {
        let spec = KmcNeckSpec {
            radius_nm,
            shape: nanocoalesce::structure::Shape::Sphere,
            lattice: 4.08,
            model: HopModel {
                temperature: 700.0,
                ..Default::default()
            },
            events: 0,
            samples: 2,
            seed: 1,
            algorithm: Default::default(),
        };
        let mut lattice = spec.build().unwrap();
        // Past the first, atypically fast rearrangements.
        for _ in 0..200_000 {
            lattice.step();
        }
        g.bench_function(name, |b| {
            b.iter(|| {
                for _ in 0..10_000 {
                    lattice.step();
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
