//! `nanocoalesce sweep`: one LAMMPS deck per temperature (× particle diameter) point, with a Slurm
//! job array and a local script.

use crate::cli::{scenario_of, with_threads, write_file};
use crate::export::write_deck;
use nanocoalesce::run::lammps_deck::{lammps_deck, local_script, slurm_script, sweep_points};
use nanocoalesce::run::simulation::Simulation;
use nanocoalesce::{Error, Result};
use std::path::PathBuf;

/// One deck per temperature (× particle diameter) point, points.txt, a Slurm job-array script
/// submit.slurm and run_all.sh.
#[derive(clap::Args)]
pub struct Args {
    /// The scenario file.
    #[arg(value_name = "SCENARIO.json")]
    scenario: Option<String>,
    /// A share link instead of a file.
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// Temperatures, K, comma-separated.
    #[arg(long, value_name = "T1,T2,...")]
    temperatures: Option<String>,
    /// Particle diameters, nm, comma-separated (every particle of the scene takes each).
    #[arg(long, value_name = "D1,D2,...")]
    diameters: Option<String>,
    /// Output directory.
    #[arg(long, value_name = "DIR")]
    out: Option<String>,
    #[command(flatten)]
    threads: crate::cli::Threads,
}

/// Parses a comma-separated list of numbers of option `name`.
fn number_list(v: Option<&str>, name: &str) -> Result<Vec<f64>> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    v.split(',')
        .map(|x| {
            x.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| Error::new(format!("--{name}: '{x}' is not a number")))
        })
        .collect()
}

pub fn main(a: Args) -> Result<()> {
    let usage = "usage: nanocoalesce sweep SCENARIO.json | --link URL --temperatures T1,T2,... \
                 [--diameters D1,D2,...] --out DIR";
    let (scenario, loader) = scenario_of(a.scenario.as_deref(), a.link.as_deref(), usage)?;
    let out = PathBuf::from(a.out.clone().ok_or_else(|| Error::new(usage))?);
    let points = sweep_points(
        &scenario,
        &number_list(a.temperatures.as_deref(), "temperatures")?,
        &number_list(a.diameters.as_deref(), "diameters")?,
    )?;
    let mut list = String::new();
    for (name, s) in &points {
        let sim = with_threads(a.threads, || Simulation::new(s, &*loader))
            .map_err(|e| e.context(format!("sweep point {name}")))?;
        write_deck(&out.join(name), &lammps_deck(s, &sim)?)?;
        println!("{name}: {} atoms", sim.n_atoms());
        list += &format!("{name}\n");
    }
    write_file(&out.join("points.txt"), &list)?;
    write_file(&out.join("submit.slurm"), &slurm_script(points.len()))?;
    write_file(&out.join("run_all.sh"), &local_script())?;
    println!(
        "wrote {} decks under {}; on a Slurm cluster: cd {} && sbatch submit.slurm",
        points.len(),
        out.display(),
        out.display()
    );
    Ok(())
}
