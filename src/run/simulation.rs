//! A simulation assembled from a [`Scenario`]: the atoms and potential ([`super::files`]),
//! Maxwell–Boltzmann velocities, the thermostat and the MD loop, hybrid MD/MC swap blocks, and
//! what a run reports at each output step ([`Thermo`], [`Recorder`]). Front ends reach the state
//! through accessors only.

use super::files::{prepare, Loader};
use super::scenario::{Scenario, StructureSpec};
use super::steering::{self, Steer, SteerEvent};
use crate::analysis::{self, Analyzer, Frame, PressInfo, SubstrateInfo};
use crate::base::error::Result;
use crate::mc::swap::{swap_block, SwapRegion, SwapStats};
use crate::md::forces::ForceEngine;
use crate::md::integrate::{Md, Schedule};
use crate::md::velocity;
use crate::potential::lammps::LammpsPotential;
use crate::system::System;
use serde::Serialize;
use std::sync::Arc;

/// Declares the thermodynamic row once: the struct, its CSV column names and its values.
macro_rules! thermo_row {
    ($( $(#[$doc:meta])* $field:ident => $column:literal ),* $(,)?) => {
        /// The thermodynamic state of a simulation at one step, named as its CSV columns
        /// (`observables.csv` of the CLI, the page's charts; serialised with the column names).
        #[derive(Clone, Copy, Debug, PartialEq, Serialize)]
        pub struct Thermo {
            $( $(#[$doc])* #[serde(rename = $column)] pub $field: f64, )*
        }

        impl Thermo {
            /// The column names, in row order.
            pub const COLUMNS: &'static [&'static str] = &[$($column),*];

            /// The values, in the order of [`Thermo::COLUMNS`].
            pub fn values(&self) -> Vec<f64> {
                vec![$(self.$field),*]
            }
        }
    };
}

thermo_row! {
    /// Steps done.
    step => "step",
    /// Simulated time, ps.
    time_ps => "time_ps",
    /// Instantaneous temperature, K.
    temperature => "temperature_K",
    /// Thermostat target at this step, K.
    target_temperature => "target_temperature_K",
    /// Potential energy, eV.
    potential => "potential_eV",
    /// Kinetic energy, eV.
    kinetic => "kinetic_eV",
    /// Potential + kinetic energy, eV.
    total => "total_eV",
    /// Total energy + the thermostat reservoir's (constant up to integration error in NVE, for
    /// the Nosé–Hoover chain and CSVR), eV.
    conserved => "conserved_eV",
    /// Distance of the centres of mass of particles 0 and 1, Å (NaN without two particles; the
    /// `shrinkage` observable).
    com_distance => "com_distance_A",
    /// Potential energy per atom, eV.
    potential_per_atom => "potential_per_atom_eV",
    /// Accepted / attempted Monte Carlo swaps so far (NaN before any attempt).
    swap_acceptance => "swap_acceptance",
}

/// Steps from `step` to the next multiple of `every`, or to `end` if that comes first.
fn steps_to_next(step: u64, every: u64, end: u64) -> u64 {
    (every - step % every).min(end - step)
}

/// A running simulation.
pub struct Simulation {
    md: Md,
    scenario: Scenario,
    potential: Arc<dyn LammpsPotential>,
    swaps: SwapStats,
    /// The thermostat in force (the scenario's, or a steering event's).
    thermostat: crate::md::thermostat::ThermostatKind,
    /// The crystalline substrate, if any: its atoms are the last `substrate_atoms`.
    substrate: Option<SubstrateInfo>,
    substrate_atoms: usize,
    press: Option<PressInfo>,
}

/// The substrate of a system built by [`super::files::prepare`] for `scenario` and what the
/// analysis needs to know of it, with the number of atoms after the particles' (the substrate
/// labelled with the number of particles n, and a press's plate labelled n + 1).
fn substrate_of(scenario: &Scenario, sys: &System) -> Option<(SubstrateInfo, usize)> {
    let slab = scenario.substrate.as_ref()?;
    let StructureSpec::Scene(scene) = &scenario.structure else {
        return None;
    };
    let label = scene.particles.len() as u32;
    let first = sys.particle.iter().position(|&p| p >= label)?;
    let ys: Vec<f64> = (first..sys.len())
        .filter(|&i| sys.particle[i] == label)
        .map(|i| sys.pos[i][1])
        .collect();
    let top = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let bottom = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let orientation = |k: usize| {
        scene
            .particles
            .get(k)
            .map(|p| crate::base::math::rotation_matrix(p.rotation_deg))
    };
    Some((
        SubstrateInfo {
            orientation: slab.face.orientation(),
            surface_y: top,
            layer_spacing: (top - bottom) / (slab.layers - 1) as f64,
            particles: [orientation(0), orientation(1)],
        },
        sys.len() - first,
    ))
}

/// What the analysis knows of the press a system built for `scenario` is in (None without one):
/// the box's cross-section, the layer spacing and the particles' atoms' bulk volume (each
/// element's fcc lattice constant under `potential`, or its reference one).
fn press_of(
    scenario: &Scenario,
    sys: &System,
    substrate: Option<&SubstrateInfo>,
    particle_atoms: usize,
    potential: &dyn LammpsPotential,
) -> Option<PressInfo> {
    scenario.press?;
    let (cell, s) = (sys.cell?, substrate?);
    let a = |t: usize| {
        potential
            .lattice_constant(t)
            .or_else(|| crate::base::elements::reference_lattice_constant(&sys.elements[t]))
            .unwrap_or(f64::NAN)
    };
    let solid_volume = (0..particle_atoms)
        .map(|i| a(sys.species[i] as usize).powi(3) / 4.0)
        .sum();
    Some(PressInfo {
        area: cell[0] * cell[2],
        layer_spacing: s.layer_spacing,
        solid_volume,
    })
}

/// The thermostat of kind `kind` for `scenario` (fresh state), around `barostat` if there is
/// one (NPT with Nosé–Hoover, NPH with none; the scenario refuses other kinds with a barostat).
fn thermostat_for(
    scenario: &Scenario,
    kind: crate::md::thermostat::ThermostatKind,
    barostat: Option<crate::md::barostat::Barostat>,
) -> Box<dyn crate::md::thermostat::Thermostat> {
    use crate::md::thermostat::{nose_hoover::NoseHoover, ThermostatKind};
    match barostat {
        None => kind.build(scenario.damping_ps, scenario.seed),
        Some(barostat) => Box::new(crate::md::barostat::Npt {
            thermostat: (kind == ThermostatKind::NoseHoover)
                .then(|| NoseHoover::new(scenario.damping_ps)),
            barostat,
        }),
    }
}

impl Simulation {
    /// Builds everything a scenario names and computes the initial forces.
    pub fn new(scenario: &Scenario, load: Loader) -> Result<Simulation> {
        let (sys, potential) = prepare(scenario, load)?;
        Simulation::from_system(scenario, sys, potential)
    }

    /// Starts from given atoms and potential, with the run parameters of `scenario`.
    pub fn from_system(
        scenario: &Scenario,
        mut sys: System,
        potential: Arc<dyn LammpsPotential>,
    ) -> Result<Simulation> {
        scenario.validate()?;
        let mut engine = ForceEngine::new(potential.clone(), scenario.skin);
        velocity::maxwell_boltzmann(&mut sys, scenario.temperature, scenario.seed);
        if scenario.barostat.is_some() {
            crate::md::barostat::check_system(&sys)?;
        }
        let thermostat = thermostat_for(
            scenario,
            scenario.thermostat,
            scenario.barostat.map(crate::md::barostat::Barostat::new),
        );
        let schedule = Schedule {
            changes: steering::temperature_changes(&scenario.events),
            ..Schedule::ramp(
                scenario.temperature,
                scenario.final_temperature.unwrap_or(scenario.temperature),
                scenario.steps,
            )
        };
        engine.wall = scenario.support.map(|w| w.placed_under(&sys.pos));
        let substrate = substrate_of(scenario, &sys);
        let extra = substrate.as_ref().map_or(0, |s| s.1);
        let press = press_of(
            scenario,
            &sys,
            substrate.as_ref().map(|s| &s.0),
            sys.len() - extra,
            potential.as_ref(),
        );
        if let (Some(p), Some(info)) = (scenario.press, &press) {
            engine.piston_load = p.load_per_atom(info.area, sys.piston);
        }
        let mut md = Md::new(sys, engine, thermostat, scenario.dt_ps, schedule)?;
        md.integrator = scenario.integrator;
        Ok(Simulation {
            md,
            scenario: scenario.clone(),
            potential,
            swaps: Default::default(),
            thermostat: scenario.thermostat,
            substrate: substrate.map(|s| s.0),
            substrate_atoms: extra,
            press,
        })
    }

    /// What the analysis may know of the run beyond its atoms: the scenario's
    /// ([`Scenario::run_info`]), the support as placed under the atoms and the substrate.
    pub fn run_info(&self) -> crate::analysis::RunInfo {
        crate::analysis::RunInfo {
            support: self.md.engine.wall,
            substrate: self.substrate,
            press: self.press,
            ..self.scenario.run_info()
        }
    }

    /// The particles' atoms, which the observables describe: the whole system, or on a
    /// crystalline substrate a copy without the substrate's atoms (an open cluster: positions are
    /// unwrapped, so each particle stays whole).
    pub fn particles(&self) -> std::borrow::Cow<'_, System> {
        let sys = &self.md.sys;
        if self.substrate_atoms == 0 {
            return std::borrow::Cow::Borrowed(sys);
        }
        let n = sys.len() - self.substrate_atoms;
        std::borrow::Cow::Owned(System {
            elements: sys.elements.clone(),
            masses: sys.masses.clone(),
            species: sys.species[..n].to_vec(),
            particle: sys.particle[..n].to_vec(),
            pos: sys.pos[..n].to_vec(),
            vel: sys.vel[..n].to_vec(),
            cell: None,
            fixed: 0,
            piston: 0,
        })
    }

    /// Atoms after the particles': a crystalline substrate's and a press's plate's (the last
    /// ones; 0 without a substrate).
    pub fn substrate_atoms(&self) -> usize {
        self.substrate_atoms
    }

    /// Heights of a press's plates, Å: the mean y of the substrate's top layer and of the upper
    /// plate's bottom layer, each summed in atom order (None without a press). Cost: O(layer).
    pub fn plates(&self) -> Option<[f64; 2]> {
        self.press?;
        let sys = &self.md.sys;
        let plate = sys.piston_atoms();
        let layer = plate.len() / self.scenario.press?.plate_layers.max(1) as usize;
        if layer == 0 {
            return None;
        }
        let mean_y = |from: usize| {
            sys.pos[from..from + layer]
                .iter()
                .map(|p| p[1])
                .sum::<f64>()
                / layer as f64
        };
        let first_substrate = sys.len() - self.substrate_atoms;
        Some([mean_y(first_substrate), mean_y(plate.start)])
    }

    /// The frame the observables see now: the particles' atoms, the time and the plates.
    pub fn frame<R>(&self, f: impl FnOnce(&Frame) -> R) -> R {
        let particles = self.particles();
        f(&Frame {
            sys: &particles,
            time_ps: self.time_ps(),
            plates: self.plates(),
            virial: particles.cell.map(|_| self.md.engine.virial),
        })
    }

    /// The load on each atom of a press's upper plate along y, eV/Å (0 without a press).
    pub fn piston_load(&self) -> f64 {
        self.md.engine.piston_load
    }

    /// The support's share of the potential energy, eV (0 without a support).
    pub fn support_energy(&self) -> f64 {
        self.md.engine.wall_energy
    }

    /// Makes a change now (after [`Simulation::step`] steps): it becomes an event of the
    /// scenario, so the scenario (and its link) replays the steered run. Refused, with the run
    /// unchanged, if it is not a valid event here (e.g. at the end of the run).
    pub fn steer(&mut self, change: Steer) -> Result<()> {
        let mut events = self.scenario.events.clone();
        events.push(SteerEvent {
            step: self.md.step,
            change,
        });
        let mut steered = self.scenario.clone();
        steered.events = events;
        steered.validate()?;
        self.md.schedule.changes = steering::temperature_changes(&steered.events);
        self.scenario = steered;
        self.switch_thermostat();
        Ok(())
    }

    /// Puts in the thermostat the events name for the steps after the current one (fresh state
    /// when it changes kind).
    fn switch_thermostat(&mut self) {
        let want = steering::thermostat_at(
            &self.scenario.events,
            self.scenario.thermostat,
            self.md.step,
        );
        if want != self.thermostat {
            let old = std::mem::replace(
                &mut self.md.thermostat,
                Box::new(crate::md::thermostat::nve::Nve),
            );
            self.md.thermostat = thermostat_for(&self.scenario, want, old.into_barostat());
            self.thermostat = want;
        }
    }

    /// The thermostat in force.
    pub fn thermostat(&self) -> crate::md::thermostat::ThermostatKind {
        self.thermostat
    }

    /// Advances `n` MD steps, switching thermostats at the steps the events name.
    fn run_md(&mut self, n: u64) -> Result<()> {
        let end = self.md.step + n;
        while self.md.step < end {
            self.switch_thermostat();
            let next = steering::next_thermostat_switch(&self.scenario.events, self.md.step)
                .map_or(end, |s| s.min(end));
            self.md.run(next - self.md.step)?;
        }
        self.switch_thermostat();
        Ok(())
    }

    /// Advances `n` MD steps; with hybrid MD/MC, a block of swap attempts follows every
    /// `mc.every`-th step (at that step's target temperature), then the forces are recomputed.
    pub fn run(&mut self, n: u64) -> Result<()> {
        let Some(mc) = self.scenario.mc else {
            return self.run_md(n);
        };
        let end = self.md.step + n;
        while self.md.step < end {
            let k = steps_to_next(self.md.step, mc.every, end);
            self.run_md(k)?;
            if self.md.step.is_multiple_of(mc.every) {
                let step = self.md.step;
                let st = self
                    .swap_block(mc.attempts, mc.region, step / mc.every)
                    .map_err(|e| e.context(format!("Monte Carlo swaps at step {step}")))?;
                self.swaps.attempted += st.attempted;
                self.swaps.accepted += st.accepted;
                if st.accepted > 0 {
                    self.md.engine.compute(&self.md.sys)?;
                }
            }
        }
        Ok(())
    }

    /// One block of swap attempts among the atoms of `region` at the current target temperature.
    fn swap_block(&mut self, attempts: u64, region: SwapRegion, block: u64) -> Result<SwapStats> {
        // The substrate, if any, is left as built: swaps run among the particles' atoms.
        let n = self.md.sys.len() - self.substrate_atoms;
        let candidates: Vec<usize> = match region {
            SwapRegion::All => (0..n).collect(),
            SwapRegion::Surface => {
                let view = self.particles();
                let d = analysis::bond_length(&view)?;
                let s = analysis::surface::measure_surface(&view, d)?;
                (0..n).filter(|&i| s.is_surface[i]).collect()
            }
        };
        let sys = &mut self.md.sys;
        let t = self.md.schedule.at(self.md.step);
        swap_block(
            sys,
            self.potential.as_ref(),
            t,
            attempts,
            &candidates,
            self.scenario.seed,
            block,
        )
    }

    /// Advances `n` steps, stopping at every multiple of the output cadence (`output_every`) to
    /// call `at_output` — the one place the cadence is kept (CLI, page).
    pub fn advance(
        &mut self,
        n: u64,
        mut at_output: impl FnMut(&Simulation) -> Result<()> + Send,
    ) -> Result<()> {
        crate::base::parallel::with_team(|| {
            let every = self.scenario.output_every;
            let end = self.md.step + n;
            while self.md.step < end {
                let k = steps_to_next(self.md.step, every, end);
                self.run(k)?;
                if self.md.step.is_multiple_of(every) {
                    at_output(self)?;
                }
            }
            Ok(())
        })
    }

    /// True if the current step is an output step (a multiple of `output_every`).
    pub fn at_output_step(&self) -> bool {
        self.md.step.is_multiple_of(self.scenario.output_every)
    }

    /// The thermodynamic row of the current step.
    pub fn thermo(&self) -> Thermo {
        let md = &self.md;
        let ke = md.sys.kinetic_energy();
        let pe = md.potential_energy();
        Thermo {
            step: md.step as f64,
            time_ps: md.time(),
            temperature: md.sys.temperature(),
            target_temperature: md.schedule.at(md.step),
            potential: pe,
            kinetic: ke,
            total: pe + ke,
            conserved: md.conserved_energy(),
            com_distance: analysis::shrinkage::com_distance(&self.particles()),
            potential_per_atom: pe / md.sys.len().max(1) as f64,
            swap_acceptance: self.swaps.acceptance(),
        }
    }

    /// The atoms (positions, velocities, species, particles, box).
    pub fn system(&self) -> &System {
        &self.md.sys
    }

    /// The scenario it runs.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The potential, with its LAMMPS equivalent.
    pub fn potential(&self) -> &dyn LammpsPotential {
        self.potential.as_ref()
    }

    /// Steps done.
    pub fn step(&self) -> u64 {
        self.md.step
    }

    /// Simulated time, ps.
    pub fn time_ps(&self) -> f64 {
        self.md.time()
    }

    /// Number of atoms.
    pub fn n_atoms(&self) -> usize {
        self.md.sys.len()
    }

    /// Positions, Å.
    pub fn positions(&self) -> &[[f64; 3]] {
        &self.md.sys.pos
    }

    /// Potential energy, eV.
    pub fn potential_energy(&self) -> f64 {
        self.md.potential_energy()
    }

    /// Monte Carlo swap statistics so far.
    pub fn swaps(&self) -> SwapStats {
        self.swaps
    }

    /// SHA-256 of the positions (see [`crate::system::positions_sha256`]).
    pub fn positions_sha256(&self) -> String {
        self.md.sys.positions_sha256()
    }

    /// Neighbour-list builds so far (a measure of the work done).
    pub fn neighbor_builds(&self) -> u64 {
        self.md.engine.nb.builds
    }

    /// Slabs of the neighbour list (the units of parallel work of the force loops).
    pub fn neighbor_slabs(&self) -> usize {
        self.md.engine.nb.n_slabs()
    }

    /// The thermostat's target temperature at `step`, K.
    pub fn target_temperature_at(&self, step: u64) -> f64 {
        self.md.schedule.at(step)
    }

    /// Potential + kinetic + thermostat reservoir energy, eV.
    pub fn conserved_energy(&self) -> f64 {
        self.md.conserved_energy()
    }
}

/// What a run records at each output step: the [`Thermo`] row and the analysis columns.
pub struct Recorder {
    analyzer: Analyzer,
    columns: Vec<String>,
}

impl Recorder {
    /// A recorder of the observables `list` (comma-separated names, `all`, `default` for
    /// [`analysis::DEFAULT_RUN_OBSERVABLES`], or `none`) for a simulation.
    pub fn new(sim: &Simulation, list: &str) -> Result<Recorder> {
        let info = sim.run_info();
        let mut analyzer = match list {
            "none" => Analyzer::from_names("")?,
            "default" => {
                let mut names = analysis::DEFAULT_RUN_OBSERVABLES.to_vec();
                names.extend(analysis::setup_observables(&info));
                Analyzer::for_run(&names.join(","), &info)?
            }
            list => Analyzer::for_run(list, &info)?,
        };
        // The thermo row carries `shrinkage` (com_distance_A) already.
        analyzer.remove("shrinkage");
        let mut columns: Vec<String> = Thermo::COLUMNS.iter().map(|s| s.to_string()).collect();
        columns.extend(analyzer.columns(&sim.particles()));
        Ok(Recorder { analyzer, columns })
    }

    /// The column names of [`Recorder::row`].
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The names of the analysis columns alone.
    pub fn analysis_columns(&self) -> &[String] {
        &self.columns[Thermo::COLUMNS.len()..]
    }

    /// The thermo row followed by the analysis of the current state.
    pub fn row(&mut self, sim: &Simulation) -> Result<Vec<f64>> {
        let mut row = sim.thermo().values();
        row.extend(self.analysis(sim)?);
        Ok(row)
    }

    /// The analysis columns of the current state.
    pub fn analysis(&mut self, sim: &Simulation) -> Result<Vec<f64>> {
        sim.frame(|f| self.analyzer.evaluate_frame(f))
    }
}
