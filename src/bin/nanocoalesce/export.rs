//! `nanocoalesce export-lammps`: a runnable LAMMPS deck for a scenario.

use crate::cli::{create_dir, json_f64, non_negative, scenario_of, with_threads, write_file};
use nanocoalesce::run::lammps_deck::{lammps_deck, Deck};
use nanocoalesce::run::simulation::Simulation;
use nanocoalesce::{Error, Result};
use std::path::{Path, PathBuf};

/// A runnable LAMMPS deck for the scenario: atoms.data with our initial velocities, the
/// potential file, in.coalesce, scenario.json, README.md; run it with
/// `mpirun -np N lmp -in in.coalesce`.
#[derive(clap::Args)]
pub struct Args {
    /// The scenario file.
    #[arg(value_name = "SCENARIO.json")]
    scenario: Option<String>,
    /// A share link instead of a file.
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// Output directory.
    #[arg(long, value_name = "DIR")]
    out: Option<String>,
    /// Run length of the deck, steps (default: the scenario's).
    #[arg(long, value_name = "N", value_parser = non_negative)]
    steps: Option<u64>,
    #[command(flatten)]
    threads: crate::cli::Threads,
}

/// Writes the files of a LAMMPS deck into `dir`.
pub fn write_deck(dir: &Path, deck: &Deck) -> Result<()> {
    create_dir(dir)?;
    for (name, text) in &deck.files {
        write_file(&dir.join(name), text)?;
    }
    Ok(())
}

pub fn main(a: Args) -> Result<()> {
    let usage =
        "usage: nanocoalesce export-lammps SCENARIO.json | --link URL --out DIR [--steps N]";
    let (mut scenario, loader) = scenario_of(a.scenario.as_deref(), a.link.as_deref(), usage)?;
    if let Some(n) = a.steps {
        scenario.steps = n;
    }
    let out = PathBuf::from(a.out.ok_or_else(|| Error::new(usage))?);
    let sim = with_threads(a.threads, || Simulation::new(&scenario, &*loader))?;
    let deck = lammps_deck(&scenario, &sim)?;
    write_deck(&out, &deck)?;
    for (name, _) in &deck.files {
        println!("wrote {}", out.join(name).display());
    }
    println!(
        "initial_potential_energy_eV {}",
        json_f64(sim.potential_energy())
    );
    println!(
        "run it: cd {} && mpirun -np 4 lmp -in in.coalesce",
        out.display()
    );
    Ok(())
}
