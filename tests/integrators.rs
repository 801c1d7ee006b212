//! The three integrators (velocity Verlet, leapfrog, position Verlet): the same trajectory to the
//! expected order, and how well each conserves the total energy read at the step's time.

use nanocoalesce::base::units::FTM2V;
use nanocoalesce::md::forces::ForceEngine;
use nanocoalesce::md::integrate::{Md, Schedule};
use nanocoalesce::md::integrator::Integrator;
use nanocoalesce::md::thermostat::nve::Nve;
use nanocoalesce::md::velocity;
use nanocoalesce::run::files::{no_files, prepare};
use nanocoalesce::run::link;
use nanocoalesce::run::simulation::Simulation;

/// Two 2 nm Au spheres 3 Å apart (Zhou EAM), velocities drawn at 600 K.
const PAIR: &str = "v=1&a=Au:2:sphere&b=Au:2:sphere&gap=3&T=600&seed=7&thermo=none";

/// Positions after `steps` steps of `dt` (ps) from the same start (x0, v0). With `consistent`,
/// leapfrog starts from v(−dt/2) = v0 − (dt/2) F0/m, the half-step velocity that makes it the
/// same trajectory as velocity Verlet's.
fn positions(integrator: Integrator, dt: f64, steps: u64, consistent: bool) -> Vec<[f64; 3]> {
    let sc = link::parse(PAIR).unwrap();
    let (mut sys, potential) = prepare(&sc, &no_files).unwrap();
    velocity::maxwell_boltzmann(&mut sys, sc.temperature, sc.seed);
    let engine = ForceEngine::new(potential.into_potential(), 1.0);
    let mut md = Md::new(
        sys,
        engine,
        Box::new(Nve),
        dt,
        Schedule::ramp(600.0, 600.0, steps),
    )
    .unwrap();
    md.integrator = integrator;
    if consistent && integrator == Integrator::Leapfrog {
        for i in 0..md.sys.len() {
            let a = 0.5 * dt * FTM2V / md.sys.mass(i);
            for k in 0..3 {
                md.sys.vel[i][k] -= a * md.engine.forces[i][k];
            }
        }
    }
    md.run(steps).unwrap();
    md.sys.pos
}

fn sci(v: &[f64]) -> String {
    let s: Vec<String> = v.iter().map(|x| format!("{x:.2e}")).collect();
    s.join(", ")
}

fn largest_difference(a: &[[f64; 3]], b: &[[f64; 3]]) -> f64 {
    a.iter()
        .zip(b)
        .flat_map(|(p, q)| (0..3).map(move |k| (p[k] - q[k]).abs()))
        .fold(0.0, f64::max)
}

/// Leapfrog from v(−dt/2) is velocity Verlet rewritten: after 200 steps of 2 fs the positions
/// agree to round-off (the two differ only in the order of their additions).
#[test]
fn leapfrog_from_the_half_step_velocity_is_velocity_verlet() {
    let vv = positions(Integrator::VelocityVerlet, 0.002, 200, true);
    let lf = positions(Integrator::Leapfrog, 0.002, 200, true);
    let d = largest_difference(&vv, &lf);
    println!("leapfrog vs velocity Verlet after 200 steps: {d:.2e} Å");
    assert!(d < 1e-8, "leapfrog and velocity Verlet differ by {d} Å");
}

/// All three are second order: over 0.2 ps, against velocity Verlet at dt = 0.125 fs, the
/// largest position error falls by a factor near 4 each time dt halves (4 → 2 → 1 fs).
#[test]
fn all_three_converge_at_second_order() {
    let total: f64 = 0.2;
    let reference = positions(Integrator::VelocityVerlet, 0.000125, 1600, true);
    for integrator in Integrator::ALL {
        let errors: Vec<f64> = [0.004f64, 0.002, 0.001]
            .iter()
            .map(|&dt| {
                let steps = (total / dt).round() as u64;
                largest_difference(&positions(integrator, dt, steps, true), &reference)
            })
            .collect();
        let ratios = [errors[0] / errors[1], errors[1] / errors[2]];
        println!(
            "{}: errors {} Å, ratios {ratios:.2?}",
            integrator.name(),
            sci(&errors)
        );
        for r in ratios {
            assert!(
                (3.0..5.5).contains(&r),
                "{}: error ratio {r} (errors {errors:?})",
                integrator.name()
            );
        }
    }
}

/// Standard deviation of the total energy per atom (eV) of an NVE run of `ps` picoseconds with
/// integrator `int` at time step `dt` (ps), sampled every step, as the page charts it.
fn energy_fluctuation(int: &str, dt: f64, ps: f64) -> f64 {
    let steps = (ps / dt).round() as u64;
    let sc = link::parse(&format!("{PAIR}&int={int}&dt={dt}&steps={steps}&every=1")).unwrap();
    let mut sim = Simulation::new(&sc, &no_files).unwrap();
    let n = sim.n_atoms() as f64;
    let mut e = Vec::new();
    for _ in 0..steps {
        sim.run(1).unwrap();
        e.push(sim.thermo().total / n);
    }
    let mean = e.iter().sum::<f64>() / e.len() as f64;
    (e.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / e.len() as f64).sqrt()
}

/// The teaching preset's claim (`integrators-energy`): at the same time step, velocity and
/// position Verlet hold the total energy to fluctuations that grow as dt², while leapfrog's
/// energy, read with velocities half a step behind the positions, fluctuates far more and grows
/// only as dt.
#[test]
fn leapfrog_energy_read_at_half_steps_fluctuates_more() {
    let mut table = Vec::new();
    for int in ["velocity-verlet", "position-verlet", "leapfrog"] {
        let f: Vec<f64> = [0.001, 0.002, 0.004]
            .iter()
            .map(|&dt| energy_fluctuation(int, dt, 1.0))
            .collect();
        println!(
            "{int}: energy fluctuation at 1, 2, 4 fs: {} eV/atom",
            sci(&f)
        );
        table.push(f);
    }
    let (vv, pv, lf) = (&table[0], &table[1], &table[2]);
    for f in [vv, pv] {
        for k in 0..2 {
            let r = f[k + 1] / f[k];
            assert!((3.0..5.5).contains(&r), "dt² growth expected, ratio {r}");
        }
    }
    for k in 0..3 {
        assert!(
            lf[k] > 5.0 * vv[k],
            "leapfrog {} vs velocity Verlet {}",
            lf[k],
            vv[k]
        );
    }
    for k in 0..2 {
        let r = lf[k + 1] / lf[k];
        assert!(
            (1.5..2.8).contains(&r),
            "leapfrog: dt growth expected, ratio {r}"
        );
    }
}

/// The choice is part of the scenario and its link, and a Langevin run refuses the two others
/// (Langevin has its own splitting).
#[test]
fn the_integrator_round_trips_through_the_link_and_refuses_langevin() {
    let sc = link::parse(&format!("{PAIR}&int=position-verlet")).unwrap();
    assert_eq!(sc.integrator, Integrator::PositionVerlet);
    let q = link::to_query(&sc).unwrap();
    assert!(q.contains("int=position-verlet"), "{q}");
    assert_eq!(link::parse(&q).unwrap(), sc);
    assert!(!link::to_query(&link::parse(PAIR).unwrap())
        .unwrap()
        .contains("int="));
    let e = link::parse(&PAIR.replace("thermo=none", "thermo=langevin&int=leapfrog"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("Langevin") && e.contains("leapfrog"), "{e}");
    let e = link::parse(&format!("{PAIR}&int=rk4"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown integrator 'rk4'"), "{e}");
}

/// Every thermostat with every integrator it takes (Langevin with velocity Verlet only).
fn thermostat_integrator_pairs() -> Vec<(&'static str, &'static str)> {
    let mut cases = vec![("langevin", "velocity-verlet")];
    for thermo in ["none", "nose-hoover", "csvr"] {
        for int in ["velocity-verlet", "leapfrog", "position-verlet"] {
            cases.push((thermo, int));
        }
    }
    cases
}

/// On a crystalline substrate the fixed bottom layers do not move, and have no velocity, under
/// every thermostat and integrator (Langevin with velocity Verlet, its only one), while the
/// mobile atoms move and the thermostat's temperature is theirs (3N − 3 over the mobile atoms).
#[test]
fn fixed_layers_stay_put_under_every_thermostat_and_integrator() {
    let base = "v=2&a=Cu:1.2:sphere&sup=slab:Cu:fcc001:4:2&T=600&seed=3&steps=200&every=200";
    for (thermo, int) in thermostat_integrator_pairs() {
        let l = format!("{base}&thermo={thermo}&int={int}");
        let sc = link::parse(&l).unwrap();
        let mut sim = Simulation::new(&sc, &no_files).unwrap();
        let start = sim.system().clone();
        let fixed = start.fixed;
        assert!(
            fixed > 0 && fixed < start.len() / 2,
            "{fixed} fixed of {}",
            start.len()
        );
        sim.run(200).unwrap();
        let sys = sim.system();
        let n = sys.len();
        assert_eq!(
            &sys.pos[n - fixed..],
            &start.pos[n - fixed..],
            "{thermo}/{int}: fixed atoms moved"
        );
        assert!(
            sys.vel[n - fixed..].iter().all(|v| *v == [0.0; 3]),
            "{thermo}/{int}: fixed atoms have velocity"
        );
        let moved = (0..n - fixed)
            .filter(|&i| sys.pos[i] != start.pos[i])
            .count();
        assert_eq!(moved, n - fixed, "{thermo}/{int}: every mobile atom moves");
        // The temperature is the mobile atoms' kinetic energy over their 3N − 3 degrees of freedom.
        let ke: f64 = (0..n - fixed)
            .map(|i| 0.5 * sys.mass(i) * sys.vel[i].iter().map(|v| v * v).sum::<f64>())
            .sum::<f64>()
            * nanocoalesce::base::units::MVV2E;
        let t = 2.0 * ke / ((3 * (n - fixed) - 3) as f64 * nanocoalesce::base::units::KB);
        assert!(
            (sys.temperature() / t - 1.0).abs() < 1e-12,
            "{thermo}/{int}"
        );
    }
}

/// In a press the upper plate moves as one rigid body along y under every thermostat and
/// integrator: its atoms keep equal velocities (none along x or z), it is not thermostatted
/// (the temperature is the thermal atoms' alone), it comes down under 20 kbar, and the fixed
/// layers stay put.
#[test]
fn a_press_plate_moves_rigidly_under_every_thermostat_and_integrator() {
    let base = "v=2&a=Cu:1.2:sphere&b=Cu:1.2:sphere&gap=3&sup=slab:Cu:fcc001:4:2&press=20000&T=600&seed=3&steps=200&every=200";
    for (thermo, int) in thermostat_integrator_pairs() {
        let sc = link::parse(&format!("{base}&thermo={thermo}&int={int}")).unwrap();
        let mut sim = Simulation::new(&sc, &no_files).unwrap();
        let start = sim.system().clone();
        let plate = start.piston_atoms();
        assert!(plate.len() > 50 && start.fixed > 0, "{plate:?}");
        sim.run(200).unwrap();
        let sys = sim.system();
        let v0 = sys.vel[plate.start];
        assert!(
            v0[1] < 0.0 && v0[0] == 0.0 && v0[2] == 0.0,
            "{thermo}/{int}: {v0:?}"
        );
        for i in plate.clone() {
            assert_eq!(sys.vel[i], v0, "{thermo}/{int}: plate atom {i}");
            assert_eq!(sys.pos[i][0], start.pos[i][0]);
            assert_eq!(sys.pos[i][2], start.pos[i][2]);
            let dy = sys.pos[i][1] - start.pos[i][1];
            let dy0 = sys.pos[plate.start][1] - start.pos[plate.start][1];
            assert!((dy - dy0).abs() < 1e-12, "{thermo}/{int}: the plate bends");
        }
        let n = sys.len();
        assert_eq!(&sys.pos[n - sys.fixed..], &start.pos[n - start.fixed..]);
        let m = sys.mobile();
        let ke: f64 = (0..m)
            .map(|i| 0.5 * sys.mass(i) * sys.vel[i].iter().map(|v| v * v).sum::<f64>())
            .sum::<f64>()
            * nanocoalesce::base::units::MVV2E;
        let t = 2.0 * ke / ((3 * m - 3) as f64 * nanocoalesce::base::units::KB);
        assert!(
            (sys.temperature() / t - 1.0).abs() < 1e-12,
            "{thermo}/{int}"
        );
    }
}

/// NVE in a press conserves the energy with the load's work counted (potential + kinetic +
/// P·A·y of the plate): over 1000 steps of 2 fs the conserved energy moves by less than 1 % of
/// the work the load does.
#[test]
fn nve_in_a_press_conserves_energy_with_the_load_work() {
    let l = "v=2&a=Cu:1.2:sphere&b=Cu:1.2:sphere&gap=3&sup=slab:Cu:fcc001:4:2&press=20000&T=600&thermo=none&seed=3&steps=1000&every=1000";
    let sc = link::parse(l).unwrap();
    let mut sim = Simulation::new(&sc, &no_files).unwrap();
    let e0 = sim.conserved_energy();
    let t0 = sim.thermo().total;
    let mut worst: f64 = 0.0;
    for _ in 0..10 {
        sim.run(100).unwrap();
        worst = worst.max((sim.conserved_energy() - e0).abs());
    }
    let work = (sim.thermo().total - t0).abs();
    println!("press NVE: load work {work:.3} eV, conserved energy within {worst:.2e} eV");
    assert!(work > 1.0, "the load did work: {work} eV");
    assert!(worst < 0.01 * work, "{worst} eV against {work} eV of work");
}
