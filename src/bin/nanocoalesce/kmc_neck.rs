//! `nanocoalesce kmc-neck`: neck growth between two touching fcc spheres by kinetic Monte Carlo
//! of surface diffusion.

use crate::cli::{create_dir, finite, non_negative, write_file, Seed};
use nanocoalesce::analysis::fit::LocalExponent;
use nanocoalesce::io::extxyz::{self, Frame};
use nanocoalesce::kmc::neck::{KmcAlgorithm, KmcNeckSpec};
use nanocoalesce::kmc::surface_diffusion::HopModel;
use nanocoalesce::run::kmc_neck::{fit_growth_between, NeckRun, NeckSample, LOCAL_HALF_WINDOW};
use nanocoalesce::run::link;
use nanocoalesce::structure::Shape;
use nanocoalesce::{bail, Result};
use std::path::PathBuf;
use std::time::Instant;

/// Grows the neck between two touching fcc spheres by kinetic Monte Carlo of surface diffusion
/// (hop rate ν·exp(−(E0 + n·Eb)/kT) for an atom with n bonds; defaults ν = 1e13 /s, E0 = 0,
/// Eb = 0.2 eV, a = 4.08 Å), prints neck radius vs time (s), the fitted growth exponent (over
/// --fit-from … --fit-to if given) and the local exponent d ln r / d ln t per decade of time, and
/// with --out writes neck.csv, local_exponent.csv and the final atoms as final.extxyz. With
/// --link, the run of a kMC share link (--events overrides its length).
#[derive(clap::Args)]
pub struct Args {
    /// A kMC share link (`kmc=neck`) instead of the options below.
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// Particle radius, nm.
    #[arg(long = "radius-nm", value_name = "R", value_parser = finite)]
    radius_nm: Option<f64>,
    /// Particle shape: sphere (default), octahedron (tip to tip), cuboctahedron or
    /// truncated-octahedron (face to face on {100}); radius is that of the sphere of equal volume.
    #[arg(long, value_name = "SHAPE")]
    shape: Option<String>,
    /// Temperature, K.
    #[arg(long, value_name = "K", value_parser = finite)]
    temperature: Option<f64>,
    /// Number of events.
    #[arg(long, value_name = "N", value_parser = non_negative)]
    events: Option<u64>,
    /// Attempt frequency ν, 1/s.
    #[arg(long, value_name = "HZ", value_parser = finite)]
    nu: Option<f64>,
    /// Barrier offset E0, eV.
    #[arg(long, value_name = "EV", value_parser = finite)]
    e0: Option<f64>,
    /// Barrier per bond Eb, eV.
    #[arg(long, value_name = "EV", value_parser = finite)]
    eb: Option<f64>,
    /// Lattice constant, Å.
    #[arg(long, value_name = "A", value_parser = finite)]
    lattice: Option<f64>,
    /// Neck samples (log-spaced in events).
    #[arg(long, value_name = "S", value_parser = crate::cli::positive)]
    samples: Option<usize>,
    /// Random seed, or `random` for a fresh one.
    #[arg(long, value_name = "S|random", value_parser = crate::cli::seed)]
    seed: Option<Seed>,
    /// Fit window start, s (default: the first sample after contact).
    #[arg(long = "fit-from", value_name = "S", value_parser = finite)]
    fit_from: Option<f64>,
    /// Fit window end, s (default: the first sample at 90 % of the largest neck).
    #[arg(long = "fit-to", value_name = "S", value_parser = finite)]
    fit_to: Option<f64>,
    /// Output directory (neck.csv, local_exponent.csv, final.extxyz).
    #[arg(long, value_name = "DIR")]
    out: Option<String>,
    /// Event selection: bkl (rejection-free, default) or rkmc (rejection kMC; prints the
    /// fraction of rejected attempts).
    #[arg(long, value_name = "bkl|rkmc")]
    algorithm: Option<String>,
}

/// The run the options or the link describe.
fn spec_of(a: &Args) -> Result<KmcNeckSpec> {
    if let Some(url) = a.link.as_deref() {
        let mut s = link::parse_kmc(url).map_err(|e| e.context("--link"))?;
        if let Some(n) = a.events {
            s.events = n;
        }
        if let Some(sh) = &a.shape {
            s.shape = Shape::from_name(sh)?;
        }
        if let Some(alg) = &a.algorithm {
            s.algorithm = KmcAlgorithm::from_name(alg)?;
        }
        return Ok(s);
    }
    let d = HopModel::default();
    Ok(KmcNeckSpec {
        radius_nm: crate::cli::required(a.radius_nm, "radius-nm")?,
        shape: a
            .shape
            .as_deref()
            .map_or(Ok(Shape::Sphere), Shape::from_name)?,
        lattice: a.lattice.unwrap_or(KmcNeckSpec::DEFAULT_LATTICE),
        model: HopModel {
            nu_per_s: a.nu.unwrap_or(d.nu_per_s),
            e0: a.e0.unwrap_or(d.e0),
            eb: a.eb.unwrap_or(d.eb),
            temperature: crate::cli::required(a.temperature, "temperature")?,
        },
        events: crate::cli::required(a.events, "events")?,
        samples: a.samples.unwrap_or(KmcNeckSpec::DEFAULT_SAMPLES),
        seed: Seed::resolve(a.seed, KmcNeckSpec::DEFAULT_SEED)?,
        algorithm: a
            .algorithm
            .as_deref()
            .map_or(Ok(KmcAlgorithm::default()), KmcAlgorithm::from_name)?,
    })
}

/// The user's fit window [from, to] (s), None for the default; refused if reversed or negative.
fn fit_window(from: Option<f64>, to: Option<f64>) -> Result<Option<(f64, f64)>> {
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    let (from, to) = (from.unwrap_or(0.0), to.unwrap_or(f64::INFINITY));
    if from < 0.0 || from >= to {
        bail!("--fit-from ({from} s) must be ≥ 0 and before --fit-to ({to} s)");
    }
    Ok(Some((from, to)))
}

pub fn main(a: Args) -> Result<()> {
    let spec = spec_of(&a)?;
    spec.validate()?;
    let window = fit_window(a.fit_from, a.fit_to)?;
    let out = a.out.as_deref().map(PathBuf::from);
    let t0 = Instant::now();
    println!("{}", NeckSample::CSV_HEADER);
    let mut run = NeckRun::new(&spec)?;
    println!("{}", run.samples()[0].csv_line());
    // A run that stops early (frozen, or a clock that overflowed) still writes what it has.
    let stopped = run
        .advance(u64::MAX, |s| println!("{}", s.csv_line()))
        .err();
    let secs = t0.elapsed().as_secs_f64();
    let lattice = run.lattice();
    eprintln!(
        "{} atoms, {} events in {secs:.3} s ({:.3} M events/s, neck measurements included)",
        lattice.len(),
        lattice.events,
        lattice.events as f64 / secs / 1e6
    );
    if let Some(f) = run.rejected_fraction() {
        eprintln!(
            "rejection kMC: {} of {} attempts rejected ({:.4} %): {:.0} attempts per event",
            lattice.rejected,
            lattice.attempts,
            100.0 * f,
            lattice.attempts as f64 / lattice.events.max(1) as f64
        );
    }
    let fit = match window {
        None => run.fit(),
        Some((from, to)) => fit_growth_between(run.samples(), from, to),
    };
    match fit {
        Some(f) => eprintln!(
            "neck growth: r = {:.4e} Å · t^{:.4} (t in s), R² {:.4}, {} samples from {:.4e} to {:.4e} s",
            f.prefactor, f.exponent, f.r_squared, f.points, f.t_from, f.t_to
        ),
        None => eprintln!("neck growth: too few samples in the fit window (3 needed)"),
    }
    let local = run.local_growth();
    eprintln!("{}", local_summary(&local));
    if let Some(dir) = out {
        create_dir(&dir)?;
        write_file(&dir.join("neck.csv"), &run.samples_csv())?;
        let mut csv = String::from("time_s,local_exponent\n");
        for e in &local {
            csv.push_str(&format!("{},{}\n", e.t, e.exponent));
        }
        write_file(&dir.join("local_exponent.csv"), &csv)?;
        let sys = run.system();
        let mut text = String::new();
        extxyz::write_frame(
            &mut text,
            &Frame::from_system(&sys, lattice.events, lattice.time_s * 1e12),
        );
        write_file(&dir.join("final.extxyz"), &text)?;
    }
    println!("positions_sha256 {}", run.positions_sha256());
    stopped.map_or(Ok(()), Err)
}

/// The local exponent averaged over each decade of time: `local exponent d ln r / d ln t
/// (7-sample windows), per decade of t: 1e-7 s 0.41 | 1e-6 s 0.22 | …`.
fn local_summary(local: &[LocalExponent]) -> String {
    let mut parts = Vec::new();
    let mut k = 0;
    while k < local.len() {
        let decade = libm::floor(libm::log10(local[k].t));
        let end = local[k..]
            .iter()
            .position(|e| libm::floor(libm::log10(e.t)) != decade)
            .map_or(local.len(), |p| k + p);
        let mean = local[k..end].iter().map(|e| e.exponent).sum::<f64>() / (end - k) as f64;
        parts.push(format!("1e{decade} s {mean:.2}"));
        k = end;
    }
    if parts.is_empty() {
        return "local exponent: too few samples".into();
    }
    format!(
        "local exponent d ln r / d ln t ({}-sample windows), mean per decade of t: {}",
        2 * LOCAL_HALF_WINDOW + 1,
        parts.join(" | ")
    )
}
