//! End to end: link → build the scene → 20 steps, for small scenes (at most 3 particles of at
//! most 2.5 nm, a substrate of at most 8 layers, and at most 20,000 swap attempts in the 20 steps, so an execution stays fast: a
//! valid run may legitimately take seconds, which the instrumented build would report as a hang);
//! every failure is an error, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nanocoalesce::run::{files::no_files, link, scenario::StructureSpec, simulation::Simulation};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(s) = link::parse(&text) else { return };
    let StructureSpec::Scene(scene) = &s.structure else { return };
    if scene.particles.len() > 3 || scene.particles.iter().any(|p| p.diameter_nm > 2.5) {
        return;
    }
    if s.substrate.as_ref().is_some_and(|slab| slab.layers > 8) {
        return;
    }
    let steps = 20.min(s.steps);
    if s.mc.is_some_and(|mc| (steps / mc.every) * mc.attempts > 20_000) {
        return;
    }
    if let Ok(mut sim) = Simulation::new(&s, &no_files) {
        let _ = sim.run(steps);
    }
});
