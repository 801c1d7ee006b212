//! `nanocoalesce md`: molecular dynamics of the atoms of an extxyz file under a LAMMPS EAM
//! potential (the scenario is made from the options).

use crate::cli::{finite, non_negative, required, with_threads, Seed};
use crate::energy::load_system;
use nanocoalesce::md::forces::DEFAULT_SKIN;
use nanocoalesce::md::integrator::Integrator;
use nanocoalesce::md::thermostat::ThermostatKind;
use nanocoalesce::run::link::parse_mc;
use nanocoalesce::run::scenario::{PotentialSpec, Scenario, StructureSpec, SCENARIO_VERSION};
use nanocoalesce::run::simulation::Simulation;
use nanocoalesce::Result;

/// Molecular dynamics of an extxyz structure; with --out DIR writes observables.csv (energies,
/// temperature and the analysis observables) and trajectory.extxyz every --every steps, and
/// prints `positions_sha256 <hex>` last: SHA-256 of the final positions (little-endian f64,
/// x y z per atom, in atom order).
#[derive(clap::Args)]
pub struct Args {
    /// LAMMPS EAM file(s): setfl, *.eam.fs, or funcfl *.eam (comma-separated, one per element).
    #[arg(long, value_name = "FILE")]
    potential: Option<String>,
    /// The atoms (extxyz).
    #[arg(long, value_name = "FILE.extxyz")]
    structure: Option<String>,
    /// Number of steps.
    #[arg(long, value_name = "N", value_parser = non_negative)]
    steps: Option<u64>,
    /// Time step, ps.
    #[arg(long, value_name = "PS", value_parser = finite)]
    dt: Option<f64>,
    /// Temperature of the initial velocities and the thermostat, K.
    #[arg(long, value_name = "K", value_parser = finite)]
    temperature: Option<f64>,
    /// End of a linear temperature ramp, K.
    #[arg(long, value_name = "K", value_parser = finite)]
    final_temperature: Option<f64>,
    /// none (NVE after drawing velocities), langevin, nose-hoover or csvr.
    #[arg(long, value_name = "KIND")]
    thermostat: Option<String>,
    /// Thermostat damping time, ps.
    #[arg(long, value_name = "PS", value_parser = finite)]
    damping: Option<f64>,
    /// Random seed (velocities, thermostat noise), or `random` for a fresh one.
    #[arg(long, value_name = "S|random", value_parser = crate::cli::seed)]
    seed: Option<Seed>,
    #[command(flatten)]
    threads: crate::cli::Threads,
    /// Output directory.
    #[arg(long, value_name = "DIR")]
    out: Option<String>,
    /// Output cadence, steps.
    #[arg(long, value_name = "M", value_parser = crate::cli::positive_u64)]
    every: Option<u64>,
    /// Verlet skin, Å.
    #[arg(long, value_name = "A", value_parser = finite)]
    skin: Option<f64>,
    /// Observables of observables.csv: a list, all or none (default rg,neck,surface).
    #[arg(long, value_name = "LIST")]
    observables: Option<String>,
    /// Hybrid MD/MC: EVERY:ATTEMPTS[:surface] Metropolis swaps every EVERY steps.
    #[arg(long, value_name = "EVERY:ATTEMPTS[:surface]")]
    mc: Option<String>,
    /// Integrator: velocity-verlet (default), leapfrog or position-verlet.
    #[arg(long)]
    integrator: Option<String>,
    /// A barostat for a periodic structure: BAR[:PERIOD_PS[:iso|aniso]] (NPT with
    /// --thermostat nose-hoover, NPH with none).
    #[arg(long, value_name = "BAR[:PERIOD_PS[:iso|aniso]]")]
    barostat: Option<String>,
}

pub fn main(a: Args) -> Result<()> {
    let steps = required(a.steps, "steps")?;
    let temperature = required(a.temperature, "temperature")?;
    let scenario = Scenario {
        version: SCENARIO_VERSION,
        structure: StructureSpec::File {
            file: required(a.structure.clone(), "structure")?,
        },
        potential: PotentialSpec::from_files(required(a.potential.as_deref(), "potential")?),
        temperature,
        final_temperature: a.final_temperature,
        thermostat: ThermostatKind::from_name(a.thermostat.as_deref().unwrap_or("none"))?,
        damping_ps: a.damping.unwrap_or(Scenario::DEFAULT_DAMPING_PS),
        dt_ps: required(a.dt, "dt")?,
        integrator: match a.integrator.as_deref() {
            None => Integrator::default(),
            Some(i) => Integrator::from_name(i)?,
        },
        steps,
        seed: Seed::resolve(a.seed, 1)?,
        output_every: a.every.unwrap_or(Scenario::DEFAULT_OUTPUT_EVERY),
        skin: a.skin.unwrap_or(DEFAULT_SKIN),
        mc: match a.mc.as_deref() {
            None => None,
            Some(v) => Some(parse_mc(v).map_err(|e| e.context("--mc"))?),
        },
        support: None,
        substrate: None,
        press: None,
        barostat: match a.barostat.as_deref() {
            None => None,
            Some(v) => Some(
                nanocoalesce::md::barostat::BarostatSpec::from_link(v)
                    .map_err(|e| e.context("--barostat"))?,
            ),
        },
        events: Vec::new(),
    };
    scenario.validate()?;
    let (sys, potential) = load_system(a.potential.as_deref(), a.structure.as_deref())?;
    let sim = with_threads(a.threads, || {
        Simulation::from_system(&scenario, sys, potential)
    })?;
    crate::run::report(
        sim,
        None,
        a.out.as_deref(),
        a.observables.as_deref(),
        a.threads,
    )
}
