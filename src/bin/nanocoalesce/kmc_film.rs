//! `nanocoalesce kmc-film`: film growth by deposition, diffusion and aggregation of nanoparticles.

use crate::cli::{create_dir, finite, required, write_file, Seed};
use nanocoalesce::kmc::dda::DdaSpec;
use nanocoalesce::run::film::{FilmRun, FilmSample};
use nanocoalesce::run::link;
use nanocoalesce::Result;
use std::path::PathBuf;
use std::time::Instant;

/// Grows a film by deposition, diffusion and aggregation of nanoparticles on an L × L substrate
/// (flux F per site per s, hop rate D per direction), prints coverage and island density vs time,
/// and with --out writes film.csv and the picture film.pgm. With --link, the run of a film share
/// link.
#[derive(clap::Args)]
pub struct Args {
    /// A film share link (`kmc=film`) instead of the options below.
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// Lattice side L, sites.
    #[arg(long, value_name = "L", value_parser = crate::cli::positive)]
    size: Option<usize>,
    /// Deposition flux F, particles per site per second.
    #[arg(long, value_name = "F", value_parser = finite)]
    flux: Option<f64>,
    /// Hop rate D of an isolated particle to one neighbour, 1/s.
    #[arg(long, value_name = "D", value_parser = finite)]
    diffusion: Option<f64>,
    /// Final coverage.
    #[arg(long, value_name = "THETA", value_parser = finite)]
    coverage: Option<f64>,
    /// Random seed, or `random` for a fresh one.
    #[arg(long, value_name = "S|random", value_parser = crate::cli::seed)]
    seed: Option<Seed>,
    /// Output directory (film.csv, film.pgm).
    #[arg(long, value_name = "DIR")]
    out: Option<String>,
}

pub fn main(a: Args) -> Result<()> {
    let spec = match a.link.as_deref() {
        Some(url) => link::parse_film(url).map_err(|e| e.context("--link"))?,
        None => DdaSpec {
            size: required(a.size, "size")?,
            flux: required(a.flux, "flux")?,
            diffusion: required(a.diffusion, "diffusion")?,
            coverage: required(a.coverage, "coverage")?,
            seed: Seed::resolve(a.seed, 1)?,
        },
    };
    let mut run = FilmRun::new(spec)?;
    println!("{}", FilmSample::CSV_HEADER);
    let t0 = Instant::now();
    run.advance(u64::MAX, |s: &FilmSample| println!("{}", s.csv_line()));
    let secs = t0.elapsed().as_secs_f64();
    let film = run.film();
    let (events, coverage) = (film.events, film.coverage());
    let density = run.island_density();
    eprintln!(
        "{events} events in {secs:.3} s ({:.2} M events/s); coverage {coverage:.3}, {density:.4e} islands per site",
        events as f64 / secs / 1e6,
    );
    if let Some(dir) = a.out.as_deref().map(PathBuf::from) {
        create_dir(&dir)?;
        write_file(&dir.join("film.csv"), &run.samples_csv())?;
        write_file(&dir.join("film.pgm"), &run.picture_pgm())?;
    }
    println!("positions_sha256 {}", run.positions_sha256());
    Ok(())
}
