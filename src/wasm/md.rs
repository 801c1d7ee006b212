//! The MD (+ MC) engine of the page: a [`Simulation`] with the analysis recorded at the output
//! cadence (the same rows as the CLI's observables.csv) and the frames kept for the extxyz
//! download.

use super::{to_js, Capabilities, Common, PageEngine, Scherrer, Xrd, MAX_PAGE_ATOMS};
use crate::analysis::{self, classify::classifier, xrd};
use crate::base::error::Result;
use crate::base::thin::ThinnedLog;
use crate::io::extxyz::{self, Frame};
use crate::run::files::{prepare, MemoryFiles};
use crate::run::lammps_deck::lammps_deck;
use crate::run::scenario::Scenario;
use crate::run::simulation::{Recorder, Simulation, Thermo};
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

/// The observables the page charts besides the thermo row (which has the centre-of-mass
/// distance).
const PAGE_OBSERVABLES: &str = "rg,neck,surface,rotation,cna";

/// The page's observables of a bulk crystal (a periodic box has no surface, neck or particles
/// to rotate): its crystalline order, with the box ([`crate::analysis::setup_observables`]).
const PAGE_BULK_OBSERVABLES: &str = "cna";

/// Memory for the frames kept for the extxyz download, bytes (as [`Snapshot::bytes`] counts
/// them: 24 MB hold what takes about 50 MB as extxyz text): when full, the frames are kept at a
/// doubled stride (see [`ThinnedLog`]), so a long run keeps its whole length.
pub const TRAJECTORY_BUDGET: usize = 24 << 20;

/// A frame kept for the trajectory download: the atoms at an output step, written as extxyz
/// text only when the trajectory is downloaded. (Writing it at every output step, 17 significant
/// digits for 6 numbers per atom, cost 1.4 ms natively for 1918 atoms, 7.5 ms for 10,178: a fifth
/// of the output step's cost beside the analysis; a copy costs microseconds.)
struct Snapshot {
    atoms: crate::system::System,
    step: u64,
    time_ps: f64,
}

impl Snapshot {
    /// Memory of the copy, bytes: positions, velocities, species and particle labels.
    fn bytes(&self) -> usize {
        let a = &self.atoms;
        std::mem::size_of_val(&a.pos[..])
            + std::mem::size_of_val(&a.vel[..])
            + std::mem::size_of_val(&a.species[..])
            + std::mem::size_of_val(&a.particle[..])
    }

    /// The frame as extxyz text (what [`extxyz::write_frame`] writes of the atoms then).
    fn write(&self, out: &mut String) {
        let frame = Frame::from_system(&self.atoms, self.step, self.time_ps);
        extxyz::write_frame(out, &frame);
    }
}

/// Memory for the analysis rows (charts and the CSV download), bytes, as estimated by
/// [`row_bytes`]; thinned the same way.
pub const ROWS_BUDGET: usize = 16 << 20;

/// Estimated heap size of an analysis row, bytes: a B-tree entry (a short key and a value) is
/// about 64 bytes.
fn row_bytes(row: &Row) -> usize {
    64 * row.len() + 64
}

/// An analysis row: the time, temperature and potential energy per atom, and every analysis
/// column by name.
type Row = BTreeMap<String, f64>;

pub struct MdEngine {
    sim: Simulation,
    recorder: Recorder,
    /// Files the scenario names (user potential files), for rebuilding it (LAMMPS export).
    files: MemoryFiles,
    /// The analysis rows so far (thinned within [`ROWS_BUDGET`]), and the sequence number of
    /// the first the page has not been sent.
    rows: ThinnedLog<Row>,
    sent: u64,
    /// Recorded frames (thinned within [`TRAJECTORY_BUDGET`]).
    trajectory: ThinnedLog<Snapshot>,
}

/// The state of an MD run.
#[derive(Serialize)]
struct MdState {
    #[serde(flatten)]
    common: Common,
    time_ps: f64,
    temperature: f64,
    potential_energy: f64,
    kinetic_energy: f64,
    com_distance: f64,
    swap_acceptance: f64,
    /// The thermostat's target for the current step, K (steered or scheduled).
    target_temperature: f64,
    /// The thermostat in force (`none`: NVE).
    thermostat: &'static str,
    /// The run's length, steps.
    total_steps: u64,
    thermo: Thermo,
}

/// What the charts get after a step call: the thermodynamic state now and the analysis rows
/// recorded since the last frame.
#[derive(Serialize)]
struct MdFrame<'a> {
    thermo: Thermo,
    rows: Vec<&'a Row>,
}

/// Everything the charts need from the start.
#[derive(Serialize)]
struct MdHistory<'a> {
    analysis_columns: &'a [String],
    thermo_columns: &'static [&'static str],
    rows: Vec<&'a Row>,
    thermo: Thermo,
    /// True when the run has Monte Carlo swaps.
    swaps: bool,
}

impl MdEngine {
    pub fn new(scenario: Scenario, files: MemoryFiles) -> Result<MdEngine> {
        let (sys, potential) = prepare(&scenario, &|name: &str| files.load(name))?;
        if sys.len() > MAX_PAGE_ATOMS {
            bail!(
                "this scenario has {} atoms; the page runs at most {MAX_PAGE_ATOMS} (use smaller particles, or the nanocoalesce CLI / LAMMPS for larger runs)",
                sys.len()
            );
        }
        let sim =
            crate::base::parallel::in_pool(|| Simulation::from_system(&scenario, sys, potential))?;
        let info = sim.run_info();
        // The page's set, and what the run's support or press adds (as the CLI's default does).
        let bulk = matches!(
            scenario.structure,
            crate::run::scenario::StructureSpec::Bulk { .. }
        );
        let mut list = vec![if bulk {
            PAGE_BULK_OBSERVABLES
        } else {
            PAGE_OBSERVABLES
        }];
        list.extend(crate::analysis::setup_observables(&info));
        let recorder = Recorder::new(&sim, &list.join(","))?;
        let mut e = MdEngine {
            sim,
            recorder,
            files,
            rows: ThinnedLog::new(ROWS_BUDGET),
            sent: 0,
            trajectory: ThinnedLog::new(TRAJECTORY_BUDGET),
        };
        crate::base::parallel::in_pool(|| e.record())?;
        Ok(e)
    }

    /// At an output step: an analysis row and a trajectory frame.
    fn record(&mut self) -> Result<()> {
        record(
            &mut self.recorder,
            &mut self.rows,
            &mut self.trajectory,
            &self.sim,
        )
    }
}

/// Per-atom classes of `sys` for colouring (`cna`, `coordination`, `surface`), capped at 255.
fn classes_of(sys: &crate::system::System, kind: &str) -> Result<Vec<u8>> {
    let c = classifier(kind)?;
    let d = analysis::bond_length(sys)?;
    Ok(c.classify(sys, d)?
        .into_iter()
        .map(|v| v.min(255) as u8)
        .collect())
}

/// Records an output step of `sim`: an analysis row and a trajectory frame.
fn record(
    recorder: &mut Recorder,
    rows: &mut ThinnedLog<Row>,
    trajectory: &mut ThinnedLog<Snapshot>,
    sim: &Simulation,
) -> Result<()> {
    let values = recorder.analysis(sim)?;
    let mut row: Row = recorder
        .analysis_columns()
        .iter()
        .cloned()
        .zip(values)
        .collect();
    // The output step's temperature and energy, for the caloric curve of a ramp (the same points
    // as the CLI's observables.csv).
    let thermo = sim.thermo();
    row.insert("time_ps".into(), sim.time_ps());
    row.insert("temperature_K".into(), thermo.temperature);
    row.insert("potential_per_atom_eV".into(), thermo.potential_per_atom);
    let bytes = row_bytes(&row);
    rows.push(row, bytes);
    let snapshot = Snapshot {
        atoms: sim.system().clone(),
        step: sim.step(),
        time_ps: sim.time_ps(),
    };
    let bytes = snapshot.bytes();
    trajectory.push(snapshot, bytes);
    Ok(())
}

impl PageEngine for MdEngine {
    fn mode(&self) -> &'static str {
        "md"
    }

    fn step(&mut self, n: u32) -> Result<u32> {
        let (recorder, rows, trajectory) =
            (&mut self.recorder, &mut self.rows, &mut self.trajectory);
        let before = self.sim.step();
        // The run ends at the scenario's length (then steps do nothing and the page says so).
        let n = (n as u64).min(self.sim.scenario().steps.saturating_sub(before));
        self.sim
            .advance(n, |sim| record(recorder, rows, trajectory, sim))?;
        Ok((self.sim.step() - before) as u32)
    }

    fn units_per_speed_step(&self) -> u32 {
        1
    }

    fn steer(&mut self, change: crate::run::steering::Steer) -> Result<()> {
        self.sim.steer(change)
    }

    fn positions(&self) -> Vec<[f64; 3]> {
        self.sim.positions().to_vec()
    }

    fn elements(&self) -> Vec<String> {
        self.sim.system().elements.clone()
    }

    fn species(&self) -> Vec<u16> {
        self.sim.system().species.clone()
    }

    fn particles(&self) -> Vec<u32> {
        self.sim.system().particle.clone()
    }

    fn state(&self, hash: bool) -> Result<JsValue> {
        let th = self.sim.thermo();
        to_js(&MdState {
            common: Common::of(self, self.sim.step(), self.sim.n_atoms(), hash),
            time_ps: th.time_ps,
            temperature: th.temperature,
            potential_energy: th.potential,
            kinetic_energy: th.kinetic,
            com_distance: th.com_distance,
            swap_acceptance: th.swap_acceptance,
            target_temperature: th.target_temperature,
            thermostat: self.sim.thermostat().name(),
            total_steps: self.sim.scenario().steps,
            thermo: th,
        })
    }

    fn frame(&mut self) -> Result<JsValue> {
        let v = to_js(&MdFrame {
            thermo: self.sim.thermo(),
            rows: self.rows.since(self.sent).collect(),
        });
        self.sent = self.rows.pushed();
        v
    }

    fn history(&self) -> Result<JsValue> {
        to_js(&MdHistory {
            analysis_columns: self.recorder.analysis_columns(),
            thermo_columns: Thermo::COLUMNS,
            rows: self.rows.iter().collect(),
            thermo: self.sim.thermo(),
            swaps: self.sim.scenario().mc.is_some(),
        })
    }

    fn link(&self) -> Option<String> {
        crate::run::link::to_query(self.sim.scenario()).ok()
    }

    fn positions_sha256(&self) -> String {
        self.sim.positions_sha256()
    }

    fn view(&self) -> super::View {
        super::View {
            support_y: self.sim.run_info().support.map(|w| w.plane),
            ..Default::default()
        }
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            analysis: true,
            growing: false,
            swaps: self.sim.scenario().mc.is_some(),
        }
    }

    fn atom_classes(&self, kind: &str) -> Result<Vec<u8>> {
        classes_of(self.sim.system(), kind)
    }

    fn atom_classes_of(&self, kind: &str, positions: &[f32], species: &[u16]) -> Result<Vec<u8>> {
        let mut sys = self.sim.system().clone();
        if positions.len() != 3 * sys.len() || species.len() != sys.len() {
            bail!(
                "a recorded frame of {} atoms does not match this run's {}",
                species.len(),
                sys.len()
            );
        }
        for (i, p) in sys.pos.iter_mut().enumerate() {
            *p = [0, 1, 2].map(|k| f64::from(positions[3 * i + k]));
        }
        sys.species = species.to_vec();
        classes_of(&sys, kind)
    }

    fn rdf(&self, r_max: f64, dr: f64) -> Result<analysis::rdf::Rdf> {
        analysis::rdf::pair_distribution(self.sim.system(), r_max, dr)
    }

    fn xrd(&self, from: f64, to: f64, step: f64) -> Result<Xrd> {
        let p = xrd::debye_pattern(self.sim.system(), xrd::CU_K_ALPHA, from, to, step)?;
        let scherrer = xrd::scherrer(&p, 0.9).map(|s| Scherrer {
            peak_two_theta: s.peak_two_theta,
            fwhm_deg: s.fwhm_deg,
            size_nm: s.size_nm(),
        });
        Ok(Xrd {
            two_theta: p.two_theta,
            intensity: p.intensity,
            scherrer,
        })
    }

    fn lammps_deck_tar(&self) -> Result<Vec<u8>> {
        let scenario = self.sim.scenario();
        let files = &self.files;
        let sim = Simulation::new(scenario, &|name: &str| files.load(name))?;
        let deck = lammps_deck(scenario, &sim)?;
        Ok(crate::io::tar::ustar("nanocoalesce-deck", &deck.files))
    }

    fn trajectory_extxyz(&self) -> Result<String> {
        let mut text = String::new();
        for frame in self.trajectory.iter() {
            frame.write(&mut text);
        }
        Ok(text)
    }

    fn table_csv(&self) -> String {
        let names: Vec<String> = std::iter::once("time_ps".to_string())
            .chain(self.recorder.analysis_columns().iter().cloned())
            .collect();
        let columns: Vec<Vec<f64>> = names
            .iter()
            .map(|n| self.rows.iter().map(|r| r[n]).collect())
            .collect();
        let refs: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        crate::io::csv::write_table(&names, &refs)
    }

    fn scenario(&self) -> Result<JsValue> {
        to_js(self.sim.scenario()).map_err(|e| {
            e.context("the scenario's seed or step counts must stay below 2^53 in the page")
        })
    }
}
