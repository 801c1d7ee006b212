//! `nanocoalesce analyze`: the observables of every frame of a trajectory (extxyz or LAMMPS
//! dump), the neck-growth and sintering-time fits, and g(r), XRD and per-atom classes of one frame.

use crate::cli::{finite, frame_number, read_file, with_threads, write_file};
use nanocoalesce::analysis::{self, classify::classified_frame, fit, Analyzer};
use nanocoalesce::io::csv::write_table;
use nanocoalesce::io::extxyz::{self, Frame};
use nanocoalesce::system::System;
use nanocoalesce::{Error, Result};
use std::path::Path;

/// The observables of every frame of a trajectory (default shrinkage,rg,neck,surface; `all`
/// for every one), the neck growth exponent and the sintering time (stderr), and g(r), the XRD
/// pattern (Debye equation, Cu Kα by default; Scherrer size) and the per-atom a-CNA class,
/// coordination and surface flag of frame K (default: the last).
#[derive(clap::Args)]
pub struct Args {
    /// The trajectory: extxyz, or a LAMMPS text dump (*.lammpstrj, *.dump).
    #[arg(value_name = "TRAJECTORY")]
    trajectory: Option<String>,
    /// Observables: a comma-separated list or all (shrinkage, rg, neck, surface, cna,
    /// coordination, rotation, lindemann).
    #[arg(long, value_name = "LIST")]
    observables: Option<String>,
    /// The table of observables (default: stdout).
    #[arg(short = 'o', long = "out", value_name = "TABLE.csv")]
    out: Option<String>,
    /// The frame of g(r), XRD and the per-atom file (default: the last).
    #[arg(long, value_name = "K", value_parser = frame_number)]
    frame: Option<usize>,
    /// Write g(r) of frame K here.
    #[arg(long, value_name = "FILE.csv")]
    rdf: Option<String>,
    /// Largest r of g(r), Å.
    #[arg(long, value_name = "A", value_parser = finite)]
    rmax: Option<f64>,
    /// Write the XRD pattern of frame K here.
    #[arg(long, value_name = "FILE.csv")]
    xrd: Option<String>,
    /// X-ray wavelength, Å (default Cu Kα).
    #[arg(long, value_name = "A", value_parser = finite)]
    wavelength: Option<f64>,
    /// Write frame K with per-atom cna, coordination and surface columns here.
    #[arg(long, value_name = "FILE.extxyz")]
    atoms: Option<String>,
    #[command(flatten)]
    threads: crate::cli::Threads,
}

pub fn main(a: Args) -> Result<()> {
    let Some(file) = a.trajectory.as_deref() else {
        return Err(Error::new("usage: nanocoalesce analyze TRAJECTORY.extxyz [--observables LIST] [-o TABLE.csv] [--rdf FILE.csv] [--xrd FILE.csv]"));
    };
    let frames = nanocoalesce::io::read_trajectory(file, &read_file(file)?)?;
    if frames.is_empty() {
        return Err(Error::new(format!("'{file}' holds no frames")));
    }
    let systems: Vec<System> = frames.iter().map(Frame::to_system).collect();
    let info_num = |k: usize, key: &str| -> f64 {
        frames[k]
            .info
            .get(key)
            .and_then(|t| t.parse().ok())
            .unwrap_or(k as f64)
    };
    let list = match a.observables.as_deref().unwrap_or("default") {
        "default" => analysis::DEFAULT_OBSERVABLES.join(","),
        list => list.to_string(),
    };
    let mut analyzer = Analyzer::from_names(&list).map_err(|e| e.context("--observables"))?;
    let mut names = vec!["frame".to_string(), "step".into(), "time_ps".into()];
    names.extend(analyzer.columns(&systems[0]));
    let mut rows: Vec<Vec<f64>> = Vec::new();
    with_threads(a.threads, || {
        for (k, sys) in systems.iter().enumerate() {
            if sys.len() != systems[0].len() {
                return Err(Error::new(format!(
                    "frame {k} has {} atoms, frame 0 has {}: a trajectory keeps its atoms",
                    sys.len(),
                    systems[0].len()
                )));
            }
            let mut row = vec![k as f64, info_num(k, "Step"), info_num(k, "Time")];
            row.extend(
                analyzer
                    .evaluate(sys, info_num(k, "Time"))
                    .map_err(|e| e.context(format!("frame {k}")))?,
            );
            rows.push(row);
        }
        Ok(())
    })?;
    let mut table = names.join(",") + "\n";
    for r in &rows {
        table += &nanocoalesce::io::csv::line(r.iter().copied());
        table.push('\n');
    }
    match a.out.as_deref() {
        Some(path) => write_file(Path::new(path), &table)?,
        None => print!("{table}"),
    }
    report_fits(&names, &rows);
    let k = a.frame.unwrap_or(frames.len() - 1);
    let sys = systems.get(k).ok_or_else(|| {
        Error::new(format!(
            "--frame {k}: the trajectory has {} frames",
            frames.len()
        ))
    })?;
    if let Some(path) = a.atoms.as_deref() {
        let time = frames[k].info.get("Time").map_or("0", String::as_str);
        let text = with_threads(a.threads, || {
            let mut s = String::new();
            extxyz::write_frame(&mut s, &classified_frame(sys, &frames[k].symbols, time)?);
            Ok(s)
        })?;
        write_file(Path::new(path), &text)?;
        eprintln!("per-atom cna, coordination and surface of frame {k} written to {path}");
    }
    if let Some(path) = a.rdf.as_deref() {
        let rmax = a.rmax.unwrap_or(10.0);
        let g = with_threads(a.threads, || {
            analysis::rdf::pair_distribution(sys, rmax, 0.02)
        })?;
        let mut names = vec!["r_A".to_string(), "g_total".to_string()];
        let mut columns: Vec<&[f64]> = vec![&g.r, &g.total];
        for p in &g.partials {
            names.push(format!("g_{}_{}", p.a, p.b));
            columns.push(&p.g);
        }
        write_file(Path::new(path), &write_table(&names, &columns))?;
        eprintln!("g(r) of frame {k} written to {path}");
    }
    if let Some(path) = a.xrd.as_deref() {
        let wl = a.wavelength.unwrap_or(analysis::xrd::CU_K_ALPHA);
        let p = with_threads(a.threads, || {
            analysis::xrd::debye_pattern(sys, wl, 20.0, 100.0, 0.05)
        })?;
        let names = ["two_theta_deg".to_string(), "intensity".to_string()];
        write_file(
            Path::new(path),
            &write_table(&names, &[&p.two_theta, &p.intensity]),
        )?;
        match analysis::xrd::scherrer(&p, 0.9) {
            Some(sc) => eprintln!(
                "XRD of frame {k} written to {path}; strongest peak at 2θ = {:.2}°, FWHM {:.3}°, Scherrer size (K = 0.9) {:.2} nm",
                sc.peak_two_theta,
                sc.fwhm_deg,
                sc.size_nm()
            ),
            None => eprintln!("XRD of frame {k} written to {path}; no peak for a Scherrer size"),
        }
    }
    Ok(())
}

/// Prints the neck-growth power law and the sintering time of the table (stderr).
fn report_fits(names: &[String], rows: &[Vec<f64>]) {
    let col = |name: &str| names.iter().position(|n| n == name);
    let series = |c: usize| rows.iter().map(|r| r[c]).collect::<Vec<f64>>();
    let times = series(2);
    if let Some(c) = col("neck_radius_A") {
        match fit::neck_growth(&times, &series(c)) {
            Some(f) => eprintln!(
                "neck growth: r = {:.4} Å · t^{:.4} (t in ps from contact), R² {:.4}, {} frames from {:.4} to {:.4} ps after contact",
                f.prefactor, f.exponent, f.r_squared, f.points, f.t_from, f.t_to
            ),
            None => eprintln!("neck growth: fewer than 3 frames with a neck, no power-law fit"),
        }
    }
    if let Some(c) = col("area_ratio") {
        let from = col("neck_atoms").map_or(0, |n| fit::contact_index(&series(n)));
        match fit::sintering_time(&times[from..], &series(c)[from..]) {
            Some(s) => eprintln!(
                "sintering time: tau {:.4} ps (surface area ratio relaxing to {:.4}, fitted from frame {from}, the first with a neck)",
                s.tau_ps, s.final_ratio
            ),
            None => eprintln!("sintering time: not determined (the surface area does not decrease, or less than one relaxation time is covered)"),
        }
    }
}
