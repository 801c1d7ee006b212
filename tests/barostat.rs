//! The barostat ([`nanocoalesce::md::barostat`]) and the virial it is driven by: the virial is
//! the box derivative of the energy for every potential, a crystal at 0 bar relaxes to the
//! potential's lattice constant (iso and per axis), NPH conserves its energy, runs are
//! thread-independent, and the thermostat can be steered under the barostat.

use nanocoalesce::md::barostat::{self, Barostat, BarostatSpec, Coupling, Npt};
use nanocoalesce::md::forces::ForceEngine;
use nanocoalesce::md::integrate::{Md, Schedule};
use nanocoalesce::md::thermostat::nose_hoover::NoseHoover;
use nanocoalesce::run::files::{no_files, prepare};
use nanocoalesce::run::link;
use nanocoalesce::run::simulation::Simulation;
use nanocoalesce::run::steering::Steer;
use nanocoalesce::system::System;

/// The energy of `sys` with every x_k (and the box along k) scaled by `1 + e`.
fn energy_scaled(engine: &mut ForceEngine, sys: &System, k: usize, e: f64) -> f64 {
    let mut s = sys.clone();
    for p in &mut s.pos {
        p[k] *= 1.0 + e;
    }
    s.cell.as_mut().unwrap()[k] *= 1.0 + e;
    engine.compute(&s).unwrap()
}

/// W_kk = Σ r_k f_k = −L_k ∂E/∂L_k (positions scaled with the box): for a thermally disordered
/// periodic crystal under every built-in potential, the virial from the forces equals the
/// central difference of the energy to 1e-5 relative. The step is small, h = 1e-7 (atoms move
/// ≤ 2e-6 Å; round-off puts ~1e-6 eV into the difference), because Zhou's functions do not
/// vanish at its cutoff (√10/2 times the largest lattice constant, which is exactly the fifth
/// neighbour shell of the pure metal): a pair crossing it makes the energy jump, and with h =
/// 1e-5 some pairs of this disordered Cu crystal do.
#[test]
fn the_virial_is_the_box_derivative_of_the_energy_for_every_potential() {
    let mut bad = Vec::new();
    for (link, what) in [
        ("bulk=Cu:fcc:4", "Zhou EAM"),
        ("bulk=Cu~1,Ni~1,Ag~1:fcc:4", "Zhou EAM alloy"),
        ("bulk=Fe:bcc:5", "Zhou EAM bcc"),
        ("bulk=Au:fcc:4&pot=zhou-analytic", "Zhou analytic"),
        ("bulk=Au:fcc:4&pot=smatb", "SMATB"),
        ("bulk=Cu:fcc:4&pot=morse", "Morse"),
        ("bulk=Ag:fcc:4&pot=lj", "LJ"),
        ("bulk=Fe:bcc:5&pot=johnson", "Johnson"),
    ] {
        let sc = link::parse(&format!("v=3&{link}&T=300&seed=3&thermo=none")).unwrap();
        let (mut sys, potential) =
            prepare(&sc, &no_files).unwrap_or_else(|e| panic!("{what}: {e}"));
        // Disorder: each atom moved up to 0.1 Å.
        let mut r = nanocoalesce::base::rng::Rng::new(5, 1);
        for p in &mut sys.pos {
            for c in p.iter_mut() {
                *c += 0.2 * (r.uniform() - 0.5);
            }
        }
        let mut engine = ForceEngine::new(potential.into_potential(), 1.0);
        engine.compute(&sys).unwrap();
        let w = engine.virial;
        let h = 1e-7;
        for k in 0..3 {
            let (ep, em) = (
                energy_scaled(&mut engine, &sys, k, h),
                energy_scaled(&mut engine, &sys, k, -h),
            );
            let fd = -(ep - em) / (2.0 * h);
            println!("{what}: W_{k}{k} = {:.8} eV, −L dE/dL = {fd:.8} eV", w[k]);
            if (w[k] - fd).abs() >= 1e-5 * w[k].abs().max(1.0) {
                bad.push(format!("{what}: virial {} vs finite difference {fd}", w[k]));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A perfect crystal of `cells`³ cells strained by `strain` per axis, at rest, under a barostat
/// at 0 bar with a Nosé–Hoover thermostat at `t` K.
fn strained_npt(bulk: &str, strain: [f64; 3], coupling: Coupling, t: f64) -> Md {
    let sc = link::parse(&format!("v=3&bulk={bulk}&T={t}&seed=2")).unwrap();
    let (mut sys, potential) = prepare(&sc, &no_files).unwrap();
    for p in &mut sys.pos {
        for k in 0..3 {
            p[k] *= 1.0 + strain[k];
        }
    }
    let cell = sys.cell.as_mut().unwrap();
    for k in 0..3 {
        cell[k] *= 1.0 + strain[k];
    }
    nanocoalesce::md::velocity::maxwell_boltzmann(&mut sys, t, 2);
    let spec = BarostatSpec {
        pressure: 0.0,
        period: 0.5,
        coupling,
    };
    let npt = Npt {
        thermostat: Some(NoseHoover::new(0.1)),
        barostat: Barostat::new(spec),
    };
    let engine = ForceEngine::new(potential.into_potential(), 1.0);
    Md::new(sys, engine, Box::new(npt), 0.002, Schedule::ramp(t, t, 0)).unwrap()
}

/// Means of the box lengths over `steps` steps sampled every 10, after `settle` steps.
fn mean_box(md: &mut Md, settle: u64, steps: u64) -> [f64; 3] {
    md.run(settle).unwrap();
    let mut sum = [0.0; 3];
    let mut n = 0.0;
    for _ in 0..steps / 10 {
        md.run(10).unwrap();
        let l = md.sys.cell.unwrap();
        for k in 0..3 {
            sum[k] += l[k];
        }
        n += 1.0;
    }
    sum.map(|s| s / n)
}

/// A Cu crystal strained by +3 % (iso) relaxes at 0 bar and 5 K to Zhou's lattice constant
/// (3.615 Å; thermal expansion at 5 K is below 1e-4 of it); strained by +2 %, −2 % and +1 %
/// along x, y, z under per-axis coupling, each axis relaxes to it. Each within 0.1 %.
#[test]
fn a_crystal_at_zero_pressure_relaxes_to_the_lattice_constant() {
    let a0 = 3.615;
    for (strain, coupling) in [
        ([0.03; 3], Coupling::Iso),
        ([0.02, -0.02, 0.01], Coupling::Aniso),
    ] {
        let mut md = strained_npt("Cu:fcc:4", strain, coupling, 5.0);
        let l = mean_box(&mut md, 5000, 5000);
        let a = l.map(|x| x / 4.0);
        println!("{coupling:?} from strain {strain:?}: a = {a:?} Å (Zhou Cu {a0} Å)");
        for k in 0..3 {
            assert!(
                (a[k] / a0 - 1.0).abs() < 1e-3,
                "{coupling:?}: a_{k} = {}",
                a[k]
            );
        }
        if coupling == Coupling::Iso {
            assert!(
                a[0] == a[1] && a[1] == a[2],
                "iso changed the box's shape: {a:?}"
            );
        }
    }
}

/// NPH (no thermostat) conserves E + K + Σ ½ W ω̇² + P V (and the barostat chain's energy):
/// a Cu crystal at 800 K, 2000 steps of 2 fs, at 0 and at 20 kbar; and 20 kbar holds the
/// crystal 0.5–3 % denser than 0 bar (Zhou Cu's bulk modulus is ~140 GPa: ~1.4 %).
#[test]
fn nph_conserves_its_energy() {
    let mean_volume = |bar: f64| {
        let sc = link::parse(&format!(
            "v=3&bulk=Cu:fcc:4&T=800&seed=4&thermo=none&baro={bar}:0.5"
        ))
        .unwrap();
        let mut sim = Simulation::new(&sc, &no_files).unwrap();
        sim.run(200).unwrap();
        let e0 = sim.conserved_energy();
        let (mut worst, mut v, mut n) = (0.0f64, 0.0, 0.0);
        for _ in 0..180 {
            sim.run(10).unwrap();
            worst = worst.max((sim.conserved_energy() - e0).abs());
            v += barostat::volume(sim.system());
            n += 1.0;
        }
        println!("NPH at {bar} bar: conserved energy within {worst:.2e} eV over 1800 steps; mean V {:.1} Å³", v / n);
        assert!(
            worst < 5e-3,
            "{bar} bar: conserved energy drifted by {worst} eV"
        );
        v / n
    };
    let (v0, v20) = (mean_volume(0.0), mean_volume(20000.0));
    let dense = 1.0 - v20 / v0;
    assert!(
        (0.005..0.03).contains(&dense),
        "20 kbar: {:.2} % denser",
        100.0 * dense
    );
}

/// Same scenario, same trajectory on 1, 2 and 3 threads (the virial is summed in a fixed order),
/// with the thermostat steered from Nosé–Hoover (NPT) to none (NPH) halfway, which keeps the
/// barostat's state; a thermostat the barostat cannot use is refused with the run unchanged.
#[test]
fn barostat_runs_are_thread_independent_and_steerable() {
    let sc = link::parse("v=3&bulk=Cu:fcc:5&T=900&seed=6&baro=0:0.5:aniso&steps=400").unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut sim = Simulation::new(&sc, &no_files).unwrap();
            sim.run(200).unwrap();
            let l = sim.system().cell.unwrap();
            let refused = sim
                .steer(Steer::Thermostat {
                    thermostat: nanocoalesce::md::thermostat::ThermostatKind::Langevin,
                })
                .unwrap_err()
                .to_string();
            assert!(refused.contains("barostat"), "{refused}");
            sim.steer(Steer::Thermostat {
                thermostat: nanocoalesce::md::thermostat::ThermostatKind::None,
            })
            .unwrap();
            sim.run(200).unwrap();
            // The box kept moving from where it was (the barostat was not reset).
            assert_ne!(sim.system().cell.unwrap(), l);
            (sim.positions_sha256(), sim.system().cell.unwrap())
        })
    };
    let one = run(1);
    assert_eq!(run(2), one);
    assert_eq!(run(3), one);
}

/// What the barostat refuses, by name.
#[test]
fn barostat_errors_name_the_problem() {
    for (l, want) in [
        (
            "v=3&a=Cu:2:sphere&T=300&seed=1&baro=0",
            "periodic along x, y and z",
        ),
        (
            "v=3&bulk=Cu:fcc:4&T=300&seed=1&baro=0&thermo=csvr",
            "Nosé–Hoover",
        ),
        (
            "v=3&bulk=Cu:fcc:4&T=300&seed=1&baro=0&int=leapfrog",
            "velocity Verlet",
        ),
        ("v=3&bulk=Cu:fcc:4&T=300&seed=1&baro=2e6", "out of range"),
        ("v=3&bulk=Cu:fcc:4&T=300&seed=1&baro=0:0.001", "period_ps"),
        ("v=3&bulk=Cu:fcc:4&a=Cu:2:sphere&T=300&seed=1", "give one"),
        ("v=3&bulk=Cu:fcc:4&gap=3&T=300&seed=1", "gap"),
        ("v=3&bulk=Cu:hcp:4&T=300&seed=1", "unknown lattice"),
    ] {
        let e = link::parse(l).unwrap_err().to_string();
        assert!(e.contains(want), "{l}: {e}");
    }
}
