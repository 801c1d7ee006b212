//! A simulation assembled from a [`Scenario`]: structure, potential, velocities, thermostat and
//! the MD loop, plus the per-output observables row. Files are read through a loader the front end
//! provides, so the engine itself does no I/O.

use crate::base::error::{Error, Result};
use crate::forces::ForceEngine;
use crate::integrate::{Md, Schedule};
use crate::io::extxyz;
use crate::potential::eam::Eam;
use crate::potential::funcfl::{funcfl_setfl, Funcfl};
use crate::potential::lj::lj_model;
use crate::potential::morse::morse_model;
use crate::potential::setfl::Setfl;
use crate::potential::smatb::Smatb;
use crate::potential::tabulated::Tabulated;
use crate::potential::zhou::{zhou_setfl, ZhouAnalytic};
use crate::potential::Potential;
use crate::scenario::{PotentialSpec, Scenario, StructureSpec};
use crate::structure::{build_scene, Cluster};
use crate::system::System;
use crate::thermostat::{Thermostat, ThermostatKind};
use crate::velocity;
use std::sync::Arc;

/// Reads a file named in a scenario (path as written there) and returns its text.
pub type Loader<'a> = &'a dyn Fn(&str) -> Result<String>;

/// Closest distance two atoms may start at, Å; anything closer is reported as overlapping.
pub const MIN_START_DISTANCE: f64 = 1.0;

/// Table size used when tabulating the Zhou potential (LAMMPS' convention).
pub const ZHOU_TABLE_SIZE: usize = 2000;

/// The Zhou 2004 EAM for `elements`: analytic, or tabulated as the setfl file LAMMPS would read.
pub fn zhou_potential(elements: &[&str], analytic: bool) -> Result<Arc<dyn Potential>> {
    if analytic {
        Ok(Arc::new(Eam::new(ZhouAnalytic::new(elements)?)))
    } else {
        let s = zhou_setfl(elements, ZHOU_TABLE_SIZE, ZHOU_TABLE_SIZE)?;
        Ok(Arc::new(Eam::new(Tabulated::from_setfl(
            &s,
            "Zhou 2004, tabulated",
        ))))
    }
}

/// Reads a setfl file's text into a potential; `name` is used in messages.
pub fn setfl_potential(text: &str, name: &str) -> Result<Arc<dyn Potential>> {
    let s = Setfl::parse(text).map_err(|e| e.context(name))?;
    Ok(Arc::new(Eam::new(Tabulated::from_setfl(&s, name))))
}

/// Reads an eam/fs (Finnis–Sinclair setfl) file's text into a potential.
pub fn eam_fs_potential(text: &str, name: &str) -> Result<Arc<dyn Potential>> {
    let s = Setfl::parse_fs(text).map_err(|e| e.context(name))?;
    Ok(Arc::new(Eam::new(Tabulated::from_setfl(&s, name))))
}

/// Reads DYNAMO funcfl files `(name, text)`, one per element, into one potential, converted as
/// LAMMPS' `pair_style eam` converts them.
pub fn funcfl_potential(files: &[(String, String)]) -> Result<Arc<dyn Potential>> {
    let parsed = files
        .iter()
        .map(|(name, text)| Funcfl::parse(text).map_err(|e| e.context(name)))
        .collect::<Result<Vec<_>>>()?;
    for (k, f) in parsed.iter().enumerate() {
        if parsed[..k]
            .iter()
            .any(|g| g.element.symbol == f.element.symbol)
        {
            bail!("two funcfl files for {} ({})", f.element.symbol, files[k].0);
        }
    }
    let (s, rhomax) = funcfl_setfl(&parsed)?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    Ok(Arc::new(Eam::new(
        Tabulated::from_setfl(&s, &names.join(", ")).restyled("eam", rhomax),
    )))
}

/// A [`System`] from element symbols and positions, with species mapped to the potential's elements.
pub fn system_from_atoms(
    potential: &dyn Potential,
    symbols: &[String],
    pos: Vec<[f64; 3]>,
    particle: Option<Vec<u32>>,
    cell: Option<[f64; 3]>,
) -> Result<System> {
    let n = pos.len();
    if n == 0 {
        bail!("the structure has no atoms");
    }
    let mut species = Vec::with_capacity(n);
    for (i, s) in symbols.iter().enumerate() {
        species.push(
            potential
                .element_index(s)
                .map_err(|e| e.context(format!("atom {}", i + 1)))?,
        );
    }
    let elements: Vec<String> = potential.elements().to_vec();
    let masses = (0..elements.len()).map(|t| potential.mass(t)).collect();
    Ok(System {
        elements,
        masses,
        species,
        particle: particle.unwrap_or_else(|| vec![0; n]),
        pos,
        vel: vec![[0.0; 3]; n],
        cell,
    })
}

/// Errors if two atoms start closer than [`MIN_START_DISTANCE`].
pub fn check_overlaps(engine: &mut ForceEngine, sys: &System) -> Result<()> {
    if let Some((i, j, d)) = engine.closest_pair(sys)? {
        if d < MIN_START_DISTANCE {
            bail!(
                "atoms {} and {} overlap: they are only {:.3} Å apart (minimum {} Å)",
                i + 1,
                j + 1,
                d,
                MIN_START_DISTANCE
            );
        }
    }
    Ok(())
}

/// The potential a spec names; `present` are the structure's elements, the default element list.
pub fn potential_of_spec(
    spec: &PotentialSpec,
    present: &[String],
    load: Loader,
) -> Result<Arc<dyn Potential>> {
    let list = |elements: &Option<Vec<String>>| -> Vec<String> {
        elements.clone().unwrap_or_else(|| present.to_vec())
    };
    Ok(match spec {
        PotentialSpec::Zhou { elements, analytic } => {
            let l = list(elements);
            let r: Vec<&str> = l.iter().map(String::as_str).collect();
            zhou_potential(&r, *analytic)?
        }
        PotentialSpec::Smatb { elements } => {
            let l = list(elements);
            let r: Vec<&str> = l.iter().map(String::as_str).collect();
            Arc::new(Eam::new(Smatb::new(&r)?))
        }
        PotentialSpec::Morse { elements } => {
            let l = list(elements);
            let r: Vec<&str> = l.iter().map(String::as_str).collect();
            Arc::new(Eam::new(morse_model(&r)?))
        }
        PotentialSpec::Lj { elements } => {
            let l = list(elements);
            let r: Vec<&str> = l.iter().map(String::as_str).collect();
            Arc::new(Eam::new(lj_model(&r)?))
        }
        PotentialSpec::Setfl { file } => setfl_potential(&load(file)?, file)?,
        PotentialSpec::EamFs { file } => eam_fs_potential(&load(file)?, file)?,
        PotentialSpec::Funcfl { files } => {
            let texts = files
                .iter()
                .map(|f| Ok((f.clone(), load(f)?)))
                .collect::<Result<Vec<_>>>()?;
            funcfl_potential(&texts)?
        }
    })
}

/// Files held in memory (e.g. potential files dropped on the page), by the name a scenario uses.
#[derive(Clone, Debug, Default)]
pub struct MemoryFiles(pub std::collections::BTreeMap<String, String>);

impl MemoryFiles {
    /// The text of file `name`, or an error saying it has not been loaded.
    pub fn load(&self, name: &str) -> Result<String> {
        self.0.get(name).cloned().ok_or_else(|| {
            Error::new(format!(
                "the scenario needs the file '{name}', which has not been loaded (drop it on the page)"
            ))
        })
    }
}

/// The potential of a LAMMPS EAM file given by name (the extension picks the format, see
/// [`PotentialSpec::from_files`]) and text; errors name the file and the problem.
pub fn potential_from_file(name: &str, text: &str) -> Result<Arc<dyn Potential>> {
    let spec = PotentialSpec::from_files(name);
    let loader = |_: &str| -> Result<String> { Ok(text.to_string()) };
    potential_of_spec(&spec, &[], &loader)
}

/// True if some element's fcc lattice constant under the potential differs from the Zhou one
/// the builders use by default by more than 0.1 %.
fn own_lattice_differs(p: &dyn Potential) -> bool {
    (0..p.elements().len()).any(|t| {
        match (
            p.lattice_constant(t),
            crate::base::elements::reference_lattice_constant(&p.elements()[t]),
        ) {
            (Some(a), Some(b)) => (a / b - 1.0).abs() > 1e-3,
            _ => false,
        }
    })
}

/// The atoms a scenario starts from, with the potential it names.
pub fn prepare(scenario: &Scenario, load: Loader) -> Result<(System, Arc<dyn Potential>)> {
    scenario.validate()?;
    // Atoms first (symbols), so the Zhou potential can default to the structure's elements.
    let (symbols, pos, particle, cell) = match &scenario.structure {
        StructureSpec::Scene(scene) => {
            let c: Cluster = build_scene(
                scene,
                &|el: &str| crate::base::elements::reference_lattice_constant(el),
                scenario.seed,
            )?;
            let symbols = c
                .species
                .iter()
                .map(|&t| c.elements[t as usize].clone())
                .collect::<Vec<_>>();
            (symbols, c.positions, Some(c.particle), None)
        }
        StructureSpec::File { file } => {
            let f = extxyz::read(&load(file)?).map_err(|e| e.context(file))?;
            (f.symbols, f.pos, f.particle, f.cell)
        }
    };
    // The structure's elements in order of appearance: the default element list.
    let mut present: Vec<String> = Vec::new();
    for s in &symbols {
        if !present.iter().any(|x| x.eq_ignore_ascii_case(s)) {
            present.push(s.clone());
        }
    }
    let potential = potential_of_spec(&scenario.potential, &present, load)?;
    // Particles are built with the Zhou lattice constants; a potential whose fcc crystal has
    // another one (SMATB, pair potentials) gets its particles rebuilt at its own, so they start
    // unstrained.
    let (symbols, pos, particle) = match &scenario.structure {
        StructureSpec::Scene(scene) if own_lattice_differs(potential.as_ref()) => {
            let p = potential.clone();
            let lattice = move |el: &str| {
                p.element_index(el)
                    .ok()
                    .and_then(|t| p.lattice_constant(t as usize))
                    .or_else(|| crate::base::elements::reference_lattice_constant(el))
            };
            let c: Cluster = build_scene(scene, &lattice, scenario.seed)?;
            let symbols = c
                .species
                .iter()
                .map(|&t| c.elements[t as usize].clone())
                .collect::<Vec<_>>();
            (symbols, c.positions, Some(c.particle))
        }
        _ => (symbols, pos, particle),
    };
    let sys = system_from_atoms(potential.as_ref(), &symbols, pos, particle, cell)?;
    Ok((sys, potential))
}

/// A running simulation.
pub struct Simulation {
    /// The MD state.
    pub md: Md,
    /// What defines it.
    pub scenario: Scenario,
    /// Monte Carlo swap statistics so far (hybrid MD/MC).
    pub swaps: crate::mc::swap::SwapStats,
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
        potential: Arc<dyn Potential>,
    ) -> Result<Simulation> {
        scenario.validate()?;
        let mut engine = ForceEngine::new(potential, scenario.skin);
        check_overlaps(&mut engine, &sys)?;
        velocity::maxwell_boltzmann(&mut sys, scenario.temperature, scenario.seed);
        let thermostat = Thermostat::new(scenario.thermostat, scenario.damping_ps, scenario.seed);
        let schedule = Schedule {
            start: scenario.temperature,
            end: scenario.final_temperature.unwrap_or(scenario.temperature),
            steps: scenario.steps,
        };
        let md = Md::new(sys, engine, thermostat, scenario.dt_ps, schedule)?;
        Ok(Simulation {
            md,
            scenario: scenario.clone(),
            swaps: Default::default(),
        })
    }

    /// Advances `n` MD steps; with hybrid MD/MC, a block of swap attempts follows every
    /// `mc.every`-th step (at that step's target temperature), then the forces are recomputed.
    pub fn run(&mut self, n: u64) -> Result<()> {
        let Some(mc) = self.scenario.mc else {
            return self.md.run(n);
        };
        let end = self.md.step + n;
        while self.md.step < end {
            let k = (mc.every - self.md.step % mc.every).min(end - self.md.step);
            self.md.run(k)?;
            if self.md.step.is_multiple_of(mc.every) {
                let t = self.md.schedule.at(self.md.step);
                let potential = self.md.engine.potential.clone();
                let block = self.md.step / mc.every;
                let st = crate::mc::swap::swap_block(
                    &mut self.md.sys,
                    potential.as_ref(),
                    t,
                    mc.attempts,
                    mc.region,
                    self.scenario.seed,
                    block,
                )
                .map_err(|e| e.context(format!("Monte Carlo swaps at step {}", self.md.step)))?;
                self.swaps.attempted += st.attempted;
                self.swaps.accepted += st.accepted;
                if st.accepted > 0 {
                    self.md.engine.compute(&self.md.sys)?;
                }
            }
        }
        Ok(())
    }

    /// Names of the columns of [`Simulation::observables`].
    pub fn observable_names() -> &'static [&'static str] {
        &[
            "step",
            "time_ps",
            "temperature_K",
            "target_temperature_K",
            "potential_eV",
            "kinetic_eV",
            "total_eV",
            "conserved_eV",
            "com_distance_A",
            "potential_per_atom_eV",
            "swap_acceptance",
        ]
    }

    /// The current observables row (same order as [`Simulation::observable_names`]).
    pub fn observables(&self) -> Vec<f64> {
        let md = &self.md;
        let ke = md.sys.kinetic_energy();
        vec![
            md.step as f64,
            md.time(),
            md.sys.temperature(),
            md.schedule.at(md.step),
            md.potential_energy(),
            ke,
            md.potential_energy() + ke,
            md.conserved_energy(),
            com_distance(&md.sys),
            md.potential_energy() / md.sys.len().max(1) as f64,
            self.swaps.acceptance(),
        ]
    }

    /// True if the thermostat is active.
    pub fn is_nvt(&self) -> bool {
        self.scenario.thermostat != ThermostatKind::None
    }
}

/// Distance between the centres of mass of particles 0 and 1, Å (0 if there is one particle).
pub fn com_distance(sys: &System) -> f64 {
    if !sys.particle.contains(&1) {
        return 0.0;
    }
    let a = sys.center_of_mass_where(|i| sys.particle[i] == 0);
    let b = sys.center_of_mass_where(|i| sys.particle[i] == 1);
    crate::base::math::dist2(&a, &b).sqrt()
}

/// SHA-256 of positions as little-endian IEEE-754 f64, x, y, z per atom in atom order, as hex.
pub fn positions_sha256(pos: &[[f64; 3]]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in pos {
        for c in p {
            h.update(c.to_le_bytes());
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A loader for front ends without files.
pub fn no_files(path: &str) -> Result<String> {
    Err(Error::new(format!(
        "cannot read '{path}': files are not available here"
    )))
}
