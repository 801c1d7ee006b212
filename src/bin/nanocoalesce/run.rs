//! `nanocoalesce run`: a whole run from a scenario file or a share link; and the run loop with
//! its outputs that `md` shares.

use crate::cli::{non_negative, scenario_of, with_threads, write_file};
use nanocoalesce::io::extxyz::{self, Frame};
use nanocoalesce::run::simulation::{Recorder, Simulation};
use nanocoalesce::{Error, Result};
use std::path::PathBuf;
use std::time::Instant;

/// A whole run from one scenario file (JSON, the type the web page and share links use) or a
/// share link; outputs as for `md`.
#[derive(clap::Args)]
pub struct Args {
    /// The scenario file.
    #[arg(value_name = "SCENARIO.json")]
    scenario: Option<String>,
    /// A share link instead of a file (the page's URL or its query).
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// Run only the first N steps of the scenario (its temperature schedule unchanged).
    #[arg(long, value_name = "N", value_parser = non_negative)]
    steps: Option<u64>,
    #[command(flatten)]
    threads: crate::cli::Threads,
    /// Output directory (observables.csv, trajectory.extxyz).
    #[arg(long, value_name = "DIR")]
    out: Option<String>,
    /// Observables of observables.csv: a list, all or none (default rg,neck,surface).
    #[arg(long, value_name = "LIST")]
    observables: Option<String>,
}

pub fn main(a: Args) -> Result<()> {
    let (scenario, loader) = scenario_of(
        a.scenario.as_deref(),
        a.link.as_deref(),
        "usage: nanocoalesce run SCENARIO.json | --link URL [--steps N] [--threads N] [--out DIR]",
    )?;
    let sim = with_threads(a.threads, || Simulation::new(&scenario, &*loader))?;
    report(
        sim,
        a.steps,
        a.out.as_deref(),
        a.observables.as_deref(),
        a.threads,
    )
}

/// Runs a simulation to its end (or to step `stop`), writing outputs every `output_every` steps
/// (and at the last step), then prints the summary, the timing line and the positions hash
/// (last).
pub fn report(
    mut sim: Simulation,
    stop: Option<u64>,
    out: Option<&str>,
    observables: Option<&str>,
    threads: crate::cli::Threads,
) -> Result<()> {
    let out = out.map(PathBuf::from);
    if let Some(dir) = &out {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::new(format!(
                "cannot create output directory '{}': {e}",
                dir.display()
            ))
        })?;
    }
    let steps = stop.map_or(sim.scenario().steps, |n| n.min(sim.scenario().steps));
    let mut recorder = match observables.unwrap_or("default") {
        list @ ("none" | "default") => Recorder::new(&sim, list)?,
        list => Recorder::new(&sim, list).map_err(|e| e.context("--observables"))?,
    };
    let mut csv = recorder.columns().join(",") + "\n";
    let mut traj = String::new();
    let mut record = |sim: &Simulation| -> Result<()> {
        csv.push_str(&nanocoalesce::io::csv::line(recorder.row(sim)?));
        csv.push('\n');
        let frame = Frame::from_system(sim.system(), sim.step(), sim.time_ps());
        extxyz::write_frame(&mut traj, &frame);
        Ok(())
    };
    println!(
        "nanocoalesce: {} atoms, {}, thermostat {}, dt {} ps, {} steps, seed {}",
        sim.n_atoms(),
        sim.potential().describe(),
        sim.scenario().thermostat.name(),
        sim.scenario().dt_ps,
        steps,
        sim.scenario().seed
    );
    let mut md_time = 0.0;
    let writing = out.is_some();
    let outcome = with_threads(threads, || {
        if writing {
            record(&sim)?;
        }
        let t = Instant::now();
        let n = steps.saturating_sub(sim.step());
        let mut paused = 0.0;
        sim.advance(n, |s| {
            if writing {
                let r = Instant::now();
                record(s)?;
                paused += r.elapsed().as_secs_f64();
            }
            Ok(())
        })?;
        md_time = t.elapsed().as_secs_f64() - paused;
        if writing && !sim.at_output_step() {
            record(&sim)?;
        }
        Ok(())
    });
    if let Some(dir) = &out {
        write_file(&dir.join("observables.csv"), &csv)?;
        write_file(&dir.join("trajectory.extxyz"), &traj)?;
    }
    // A run that blew up keeps what it wrote: the frames and rows up to the last output step,
    // all from before the failure.
    if let Err(e) = outcome {
        return Err(match &out {
            Some(dir) => e.context_after(format!(
                "the observables and frames up to the last output step are in {}",
                dir.display()
            )),
            None => e,
        });
    }
    let th = sim.thermo();
    println!(
        "final: step {} time {:.4} ps T {:.2} K PE {:.6} eV KE {:.6} eV total {:.6} eV conserved {:.6} eV",
        sim.step(),
        th.time_ps,
        th.temperature,
        th.potential,
        th.kinetic,
        th.total,
        th.conserved
    );
    if sim.scenario().mc.is_some() {
        let sw = sim.swaps();
        println!(
            "swaps: {} attempted, {} accepted (acceptance {:.4})",
            sw.attempted,
            sw.accepted,
            sw.acceptance()
        );
    }
    let per = if steps > 0 {
        md_time * 1e6 / (steps as f64 * sim.n_atoms() as f64)
    } else {
        0.0
    };
    println!("timing {md_time:.4} s, {per:.4} us/atom-step");
    println!("positions_sha256 {}", sim.positions_sha256());
    Ok(())
}
