//! A complete LAMMPS deck for a scenario, for runs beyond one machine (10⁵–10⁷ atoms,
//! nanoseconds, sweeps under MPI): `mpirun -np N lmp -in in.coalesce`.
//!
//! Files: `atoms.data` (the scenario's atoms *with the initial velocities nanocoalesce drew*, so
//! an NVE run follows the same trajectory), the potential file (written by nanocoalesce: the same
//! tables we use, or the model tabulated), `in.coalesce` (same timestep, ensemble, thermostat,
//! damping, temperature ramp, neighbour skin, MC swaps via `fix atom/swap`, the observables as
//! computes and a dump that `nanocoalesce analyze` reads), `scenario.json` and a README. A
//! steered scenario (see [`super::steering`]) gets one `run` per segment of its schedule, each
//! with its thermostat's fixes ramping the target linearly as ours does.
//!
//! Equivalences: Nosé–Hoover chain → `fix nvt` (chain of 3, Q = N_f k_B T τ², as ours);
//! Langevin → `fix nve` + `fix langevin` (friction m/τ; LAMMPS integrates it differently, so the
//! same statistics, not the same trajectory); CSVR → `fix nve` + `fix temp/csvr`; NVE → `fix
//! nve`; a barostat → `fix npt` (with Nosé–Hoover) or `fix nph` (without), `iso`/`aniso`,
//! `pchain 3 mtk yes fixedpoint 0 0 0`, as ours. Thermostat noise comes from LAMMPS' generators (seeded from the scenario seed).

use super::scenario::{Scenario, StructureSpec};
use super::simulation::Simulation;
use crate::base::error::Result;
use crate::mc::swap::SwapRegion;
use crate::md::integrator::Integrator;
use crate::md::thermostat::ThermostatKind;
use std::fmt::Write;

/// The files of a deck, (name, contents), in the order a reader would open them.
#[derive(Clone, Debug)]
pub struct Deck {
    pub files: Vec<(String, String)>,
}

impl Deck {
    /// The contents of file `name`, if the deck has it.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_str())
    }
}

/// A LAMMPS random seed (1 … 9·10⁸) derived from the scenario seed and a salt.
fn lammps_seed(seed: u64, salt: u64) -> u64 {
    crate::base::rng::counter_u64(seed, 0x6c6d70, salt) % 900_000_000 + 1
}

/// `id` ranges `a:b` of the atoms (1-based) of each particle label, in label order.
fn particle_ranges(particle: &[u32]) -> Vec<(u32, String)> {
    let mut labels: Vec<u32> = particle.to_vec();
    labels.sort_unstable();
    labels.dedup();
    labels
        .into_iter()
        .map(|p| {
            let mut ranges = Vec::new();
            let mut i = 0;
            while i < particle.len() {
                if particle[i] == p {
                    let start = i;
                    while i < particle.len() && particle[i] == p {
                        i += 1;
                    }
                    ranges.push(format!("{}:{}", start + 1, i));
                } else {
                    i += 1;
                }
            }
            (p, ranges.join(" "))
        })
        .collect()
}

/// A stretch of a run with one thermostat and a linear target, `t0` → `t1` K over steps
/// `from`..`to`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Segment {
    from: u64,
    to: u64,
    thermostat: ThermostatKind,
    t0: f64,
    t1: f64,
}

/// The segments of a scenario's schedule and thermostat events (one when nothing was steered).
fn run_segments(scenario: &Scenario) -> Vec<Segment> {
    let schedule = crate::md::integrate::Schedule {
        changes: crate::run::steering::temperature_changes(&scenario.events),
        ..crate::md::integrate::Schedule::ramp(
            scenario.temperature,
            scenario.final_temperature.unwrap_or(scenario.temperature),
            scenario.steps,
        )
    };
    let mut cuts = schedule.breakpoints();
    cuts.extend(scenario.events.iter().map(|e| e.step));
    cuts.retain(|&s| s <= scenario.steps);
    cuts.push(scenario.steps);
    cuts.sort_unstable();
    cuts.dedup();
    if cuts.len() == 1 {
        cuts.push(0); // a run of 0 steps: one empty segment, `run 0`
    }
    cuts.windows(2)
        .map(|w| Segment {
            from: w[0],
            to: w[1],
            thermostat: crate::run::steering::thermostat_at(
                &scenario.events,
                scenario.thermostat,
                w[0],
            ),
            t0: schedule.at_after(w[0]),
            t1: schedule.at(w[1]),
        })
        .collect()
}

/// Writes the fixes of one segment's ensemble for the atoms of group `g`; returns their ids.
fn ensemble_fixes(
    w: &mut String,
    seg: &Segment,
    tau: f64,
    seed: u64,
    g: &str,
    barostat: Option<&crate::md::barostat::BarostatSpec>,
) -> Vec<&'static str> {
    let (t0, t1) = (seg.t0, seg.t1);
    if let Some(b) = barostat {
        // As ours: MTK terms, a chain of 3 on the barostat, the box scaled about the origin.
        let p = format!(
            "{} {p} {p} {} pchain 3 mtk yes fixedpoint 0 0 0",
            b.coupling.name(),
            b.period,
            p = b.pressure
        );
        match seg.thermostat {
            ThermostatKind::NoseHoover => {
                let _ = writeln!(w, "fix ensemble {g} npt temp {t0} {t1} {tau} tchain 3 {p}");
            }
            _ => {
                let _ = writeln!(w, "fix ensemble {g} nph {p} ptemp {t0}");
            }
        }
        return vec!["ensemble"];
    }
    match seg.thermostat {
        ThermostatKind::None => {
            let _ = writeln!(w, "fix ensemble {g} nve");
            vec!["ensemble"]
        }
        ThermostatKind::NoseHoover => {
            let _ = writeln!(w, "fix ensemble {g} nvt temp {t0} {t1} {tau} tchain 3");
            vec!["ensemble"]
        }
        ThermostatKind::Langevin => {
            let _ = writeln!(w, "fix ensemble {g} nve");
            let _ = writeln!(
                w,
                "fix thermostat {g} langevin {t0} {t1} {tau} {} zero yes",
                lammps_seed(seed, 1)
            );
            vec!["ensemble", "thermostat"]
        }
        ThermostatKind::Csvr => {
            let _ = writeln!(w, "fix ensemble {g} nve");
            let _ = writeln!(
                w,
                "fix thermostat {g} temp/csvr {t0} {t1} {tau} {}",
                lammps_seed(seed, 2)
            );
            vec!["ensemble", "thermostat"]
        }
    }
}

/// The deck for a scenario, from its simulation at step 0.
pub fn lammps_deck(scenario: &Scenario, sim: &Simulation) -> Result<Deck> {
    let sys = sim.system();
    let pair = sim.potential().lammps()?;
    let elements = sys.elements.clone();
    let masses = sys.masses.clone();
    let frame = crate::io::extxyz::Frame::from_system(sys, 0, 0.0);
    let data = crate::io::lammps_data::write_data(&frame, &elements, &masses, None)?;
    let t0 = scenario.temperature;
    let tau = scenario.damping_ps;
    let every = scenario.output_every.max(1);
    let mut inp = String::new();
    let w = &mut inp;
    let _ = writeln!(
        w,
        "# LAMMPS deck written by nanocoalesce {} for the scenario in scenario.json.",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        w,
        "# Run: mpirun -np 4 lmp -in in.coalesce   (serial: lmp -in in.coalesce)"
    );
    let _ = writeln!(w, "# Potential: {}", pair.fidelity);
    let _ = writeln!(w, "# Integrator: {}", integrator_note(scenario.integrator));
    let _ = writeln!(w, "\nunits metal\natom_style atomic\natom_modify map array");
    let _ = writeln!(
        w,
        "boundary {}",
        if sys.cell.is_some() { "p p p" } else { "m m m" }
    );
    let _ = writeln!(w, "read_data atoms.data\n");
    let _ = writeln!(w, "{}\n", pair.commands);
    // Who is thermostatted: every atom, or all but a substrate's fixed bottom layers (left out of
    // the integration and of the temperature, as nanocoalesce's fixed atoms) and a press's plate
    // (integrated by its own fix nve, outside the temperature).
    let moving = if sys.fixed > 0 || sys.piston > 0 {
        let n = sys.len();
        let mut out = Vec::new();
        if sys.fixed > 0 {
            let _ = writeln!(
                w,
                "# The substrate's bottom layers are held fixed: left out of the integration and the temperature"
            );
            let _ = writeln!(w, "group fixed id {}:{n}", n - sys.fixed + 1);
            let _ = writeln!(w, "velocity fixed set 0 0 0");
            out.push("fixed");
        }
        if sys.piston > 0 {
            let plate = sys.piston_atoms();
            let _ = writeln!(
                w,
                "# The press's upper plate: one rigid body along y (its atoms get the plate's mean y force plus the"
            );
            let _ = writeln!(
                w,
                "# load P·A/N, no x or z force), integrated without a thermostat and left out of the temperature"
            );
            let _ = writeln!(w, "group piston id {}:{}", plate.start + 1, plate.end);
            let _ = writeln!(w, "velocity piston set 0 0 0");
            let _ = writeln!(w, "fix pistonxz piston setforce 0.0 NULL 0.0");
            let _ = writeln!(
                w,
                "fix pistonload piston aveforce NULL {:e} NULL",
                sim.piston_load()
            );
            let _ = writeln!(w, "fix pistonnve piston nve");
            out.push("piston");
        }
        let _ = writeln!(w, "group mobile subtract all {}\n", out.join(" "));
        "mobile"
    } else {
        "all"
    };
    // The particles (the observables and swaps see them alone on a substrate).
    let particles = if sim.substrate_atoms() > 0 {
        let _ = writeln!(
            w,
            "group particles id 1:{}\n",
            sys.len() - sim.substrate_atoms()
        );
        "particles"
    } else {
        "all"
    };
    if let Some(wall) = sim.run_info().support {
        let _ = writeln!(
            w,
            "# The support: a Lennard-Jones 9-3 wall, its energy counted in pe (as nanocoalesce's)"
        );
        let _ = writeln!(w, "{}\n", wall.lammps_fix());
    }
    let _ = writeln!(
        w,
        "neighbor {} bin\nneigh_modify every 1 delay 0 check yes\ntimestep {}\n",
        scenario.skin, scenario.dt_ps
    );
    // Observables: radius of gyration, and the centre-of-mass distance of particles 0 and 1.
    let _ = writeln!(
        w,
        "# Observables (nanocoalesce analyze traj.lammpstrj computes the rest: neck, surface, …)"
    );
    let _ = writeln!(w, "compute rg {particles} gyration");
    if moving != "all" {
        let _ = writeln!(w, "compute tmobile {moving} temp");
    }
    // Groups by particle label (a substrate's atoms have the last label).
    let ranges = particle_ranges(&sys.particle);
    let n_particles =
        ranges.len() - (sim.substrate_atoms() > 0) as usize - (sys.piston > 0) as usize;
    let mut thermo = String::from("step time temp pe ke etotal c_rg");
    if scenario.barostat.is_some() {
        thermo += " vol press lx ly lz";
    }
    let mut dump_extra = "";
    if ranges.len() >= 2 {
        for (p, r) in &ranges {
            let _ = writeln!(w, "group p{p} id {r}");
        }
        // Per-atom particle label (for `nanocoalesce analyze traj.lammpstrj`).
        let label: Vec<String> = ranges
            .iter()
            .filter(|(p, _)| *p > 0)
            .map(|(p, _)| format!("{p}*gmask(p{p})"))
            .collect();
        let _ = writeln!(w, "variable particle atom \"{}\"", label.join("+"));
        dump_extra = " v_particle";
    }
    if n_particles >= 2 {
        let (a, b) = (ranges[0].0, ranges[1].0);
        let _ = writeln!(
            w,
            "variable dcom equal sqrt((xcm(p{a},x)-xcm(p{b},x))^2+(xcm(p{a},y)-xcm(p{b},y))^2+(xcm(p{a},z)-xcm(p{b},z))^2)"
        );
        thermo += " v_dcom";
    }
    let _ = writeln!(w, "thermo_style custom {thermo}");
    let _ = writeln!(w, "thermo_modify format float %.12g");
    if moving != "all" {
        let _ = writeln!(w, "thermo_modify temp tmobile");
    }
    let _ = writeln!(w, "thermo {every}");
    let _ = writeln!(
        w,
        "dump traj all custom {every} traj.lammpstrj id type element x y z vx vy vz{dump_extra}"
    );
    let _ = writeln!(
        w,
        "dump_modify traj element {} sort id time yes format float %.15g\n",
        elements.join(" ")
    );
    // One run per segment of the steered schedule: between two breakpoints (events, ramp ends)
    // the target is linear and the thermostat one kind, as one LAMMPS fix ramps it.
    let segments = run_segments(scenario);
    let mut fixes = ensemble_fixes(
        w,
        &segments[0],
        tau,
        scenario.seed,
        moving,
        scenario.barostat.as_ref(),
    );
    if let Some(mc) = &scenario.mc {
        let n = elements.len();
        let pairs = n * (n - 1) / 2;
        if pairs > 0 {
            if mc.region == SwapRegion::Surface {
                let _ = writeln!(
                    w,
                    "# nanocoalesce swapped among surface atoms only; LAMMPS atom/swap has no such \
                     option, so these swaps are among all atoms."
                );
            }
            let per = (mc.attempts as usize).div_ceil(pairs);
            let mut k = 0;
            for i in 1..=n {
                for j in i + 1..=n {
                    k += 1;
                    let _ = writeln!(
                        w,
                        "fix swap{k} {particles} atom/swap {} {per} {} {t0} ke yes types {i} {j}",
                        mc.every,
                        lammps_seed(scenario.seed, 10 + k as u64)
                    );
                }
            }
        }
    }
    for (k, seg) in segments.iter().enumerate() {
        if k > 0 {
            let _ = writeln!(
                w,
                "\n# Steered: steps {}–{}, thermostat {}, target {} → {} K",
                seg.from,
                seg.to,
                seg.thermostat.name(),
                seg.t0,
                seg.t1
            );
            for f in &fixes {
                let _ = writeln!(w, "unfix {f}");
            }
            fixes = ensemble_fixes(
                w,
                seg,
                tau,
                scenario.seed,
                moving,
                scenario.barostat.as_ref(),
            );
            let _ = writeln!(w, "run {}", seg.to - seg.from);
        } else {
            let _ = writeln!(w, "\nrun {}", seg.to - seg.from);
        }
    }
    let _ = writeln!(w, "write_data final.data");
    let mut files = vec![
        ("in.coalesce".to_string(), inp),
        ("atoms.data".to_string(), data),
    ];
    if let Some(f) = pair.file.clone() {
        files.push(f);
    }
    let json = serde_json::to_string_pretty(scenario)
        .map_err(|e| crate::Error::new(format!("cannot write the scenario: {e}")))?;
    files.push(("scenario.json".into(), json + "\n"));
    files.push((
        "README.md".into(),
        readme(scenario, sys.len(), &pair.fidelity),
    ));
    Ok(Deck { files })
}

/// The points of a parameter sweep: the scenario at each temperature (constant, no ramp) and,
/// if `diameters_nm` is not empty, with every particle at each diameter. Names like
/// `T700_d3` (or `T700`) become directory names.
pub fn sweep_points(
    base: &Scenario,
    temperatures: &[f64],
    diameters_nm: &[f64],
) -> Result<Vec<(String, Scenario)>> {
    if temperatures.is_empty() {
        bail!("a sweep needs at least one temperature");
    }
    let scene = match &base.structure {
        StructureSpec::Scene(s) => Some(s),
        _ => None,
    };
    if !diameters_nm.is_empty() && scene.is_none() {
        bail!("a sweep over diameters needs a scenario whose structure is a scene of particles");
    }
    let ds: Vec<Option<f64>> = if diameters_nm.is_empty() {
        vec![None]
    } else {
        diameters_nm.iter().map(|&d| Some(d)).collect()
    };
    let mut out = Vec::new();
    for &t in temperatures {
        for d in &ds {
            let mut s = base.clone();
            s.temperature = t;
            s.final_temperature = None;
            let mut name = format!("T{t}");
            if let (Some(d), StructureSpec::Scene(scene)) = (d, &mut s.structure) {
                for p in &mut scene.particles {
                    p.diameter_nm = *d;
                }
                name += &format!("_d{d}");
            }
            s.validate()
                .map_err(|e| e.context(format!("sweep point {name}")))?;
            out.push((name, s));
        }
    }
    Ok(out)
}

/// A Slurm job-array script running one sweep point (a line of `points.txt`) per array task.
pub fn slurm_script(points: usize) -> String {
    format!(
        "#!/bin/bash\n\
         # One array task per sweep point (the lines of points.txt), each an MPI LAMMPS run.\n\
         # Submit with: sbatch submit.slurm   (set the partition, tasks and time for your cluster;\n\
         # LMP names the LAMMPS binary, default lmp).\n\
         #SBATCH --job-name=nanocoalesce-sweep\n\
         #SBATCH --array=0-{}\n\
         #SBATCH --ntasks=4\n\
         #SBATCH --time=24:00:00\n\
         #SBATCH --output=slurm-%A_%a.out\n\
         set -euo pipefail\n\
         cd \"${{SLURM_SUBMIT_DIR:-.}}\"\n\
         point=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" points.txt)\n\
         cd \"$point\"\n\
         srun \"${{LMP:-lmp}}\" -in in.coalesce\n",
        points.saturating_sub(1)
    )
}

/// A shell script running every sweep point one after another on one machine.
pub fn local_script() -> String {
    "#!/bin/bash\n\
     # Runs every sweep point in turn: NP MPI ranks each (default 4), LAMMPS binary LMP (default lmp).\n\
     set -euo pipefail\n\
     cd \"$(dirname \"$0\")\"\n\
     while read -r point; do\n\
     \x20 (cd \"$point\" && mpirun -np \"${NP:-4}\" \"${LMP:-lmp}\" -in in.coalesce)\n\
     done < points.txt\n"
        .to_string()
}

fn readme(s: &Scenario, n: usize, fidelity: &str) -> String {
    format!(
        "# LAMMPS deck from nanocoalesce\n\n\
         {n} atoms, {} steps of {} ps at {} K (thermostat {:?}, seed {}).\n\n\
         Run it with LAMMPS (any build with the MANYBODY package; atom/swap needs MC):\n\n\
         ```\nmpirun -np 4 lmp -in in.coalesce\n```\n\n\
         Files: `atoms.data` (atoms and the initial velocities nanocoalesce drew), `in.coalesce`, \
         the potential file, `scenario.json` (open it in nanocoalesce: `nanocoalesce run \
         scenario.json`). Output: `log.lammps` (thermo: step, time, T, PE, KE, E, Rg, particle \
         distance), `traj.lammpstrj` (analyse with `nanocoalesce analyze traj.lammpstrj`), \
         `final.data`.\n\nPotential: {fidelity}.\n\nIntegrator: {}.\n",
        s.steps,
        s.dt_ps,
        s.temperature,
        s.thermostat,
        s.seed,
        integrator_note(s.integrator)
    )
}

/// What LAMMPS integrates with, against the scenario's integrator: LAMMPS' `run_style verlet` is
/// velocity Verlet, and it has no leapfrog or position Verlet.
fn integrator_note(i: Integrator) -> &'static str {
    match i {
        Integrator::VelocityVerlet => "velocity Verlet, as LAMMPS' run_style verlet",
        Integrator::Leapfrog => {
            "the scenario uses leapfrog, which LAMMPS does not have; this deck runs velocity Verlet, \
             whose positions are leapfrog's (to round-off) and whose velocities are on-step rather \
             than half a step behind"
        }
        Integrator::PositionVerlet => {
            "the scenario uses position Verlet, which LAMMPS does not have; this deck runs velocity \
             Verlet (the same second-order accuracy, positions differing at O(dt^2))"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_points_cover_the_grid_and_the_slurm_array_matches() {
        let base =
            crate::run::link::parse("v=1&a=Au:2:sphere&b=Au:2:sphere&gap=4&T=700&T1=900&seed=3")
                .unwrap();
        let pts = sweep_points(&base, &[500.0, 700.0], &[2.0, 3.0, 4.0]).unwrap();
        let names: Vec<&str> = pts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["T500_d2", "T500_d3", "T500_d4", "T700_d2", "T700_d3", "T700_d4"]
        );
        let (_, s) = &pts[2];
        assert_eq!((s.temperature, s.final_temperature), (500.0, None));
        let StructureSpec::Scene(scene) = &s.structure else {
            panic!()
        };
        assert!(scene.particles.iter().all(|p| p.diameter_nm == 4.0));
        assert!(slurm_script(6).contains("#SBATCH --array=0-5"));
        assert!(sweep_points(&base, &[], &[]).is_err());
        assert!(sweep_points(&base, &[-5.0], &[])
            .unwrap_err()
            .message()
            .contains("T-5"));
    }

    #[test]
    fn run_segments_follow_the_events_and_a_zero_step_run_has_one() {
        let seg = |l: &str| run_segments(&crate::run::link::parse(l).unwrap());
        let zero = seg("v=1&a=Au:2:sphere&T=300&seed=5&steps=0");
        assert_eq!(zero.len(), 1);
        assert_eq!(
            (zero[0].from, zero[0].to, zero[0].t0, zero[0].t1),
            (0, 0, 300.0, 300.0)
        );
        let plain = seg("v=1&a=Au:2:sphere&T=300&T1=500&seed=5&steps=100");
        assert_eq!(plain.len(), 1);
        assert_eq!((plain[0].t0, plain[0].t1), (300.0, 500.0));
        let s = seg("v=1&a=Au:2:sphere&T=600&thermo=csvr&seed=5&steps=300&ev=60:T:900,120:ramp:400:80,200:thermostat:none");
        let got: Vec<_> = s
            .iter()
            .map(|g| (g.from, g.to, g.thermostat, g.t0, g.t1))
            .collect();
        use ThermostatKind::{Csvr, None as Nve};
        assert_eq!(
            got,
            vec![
                (0, 60, Csvr, 600.0, 600.0),
                (60, 120, Csvr, 900.0, 900.0),
                (120, 200, Csvr, 900.0, 400.0),
                (200, 300, Nve, 400.0, 400.0)
            ]
        );
    }

    #[test]
    fn particle_ranges_cover_every_atom_once() {
        let r = particle_ranges(&[0, 0, 1, 1, 1, 0, 2]);
        assert_eq!(
            r,
            vec![
                (0, "1:2 6:6".to_string()),
                (1, "3:5".to_string()),
                (2, "7:7".to_string())
            ]
        );
    }
}
