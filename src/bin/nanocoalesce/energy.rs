//! `nanocoalesce energy`: energy and forces of a structure under a LAMMPS EAM potential, as JSON in
//! file order.

use crate::cli::{json_f64, read_file, required, with_threads};
use nanocoalesce::io::extxyz;
use nanocoalesce::md::forces::{ForceEngine, DEFAULT_SKIN};
use nanocoalesce::potential::lammps::LammpsPotential;
use nanocoalesce::potential::spec::PotentialSpec;
use nanocoalesce::run::files::system_from_atoms;
use nanocoalesce::system::System;
use nanocoalesce::Result;
use std::fmt::Write as _;
use std::sync::Arc;

/// Energy and forces (eV, eV/Å) of the atoms of an extxyz file, as JSON in file order.
#[derive(clap::Args)]
pub struct Args {
    /// LAMMPS EAM file(s): setfl, *.eam.fs, or funcfl *.eam (comma-separated, one per element).
    #[arg(long, value_name = "FILE")]
    potential: Option<String>,
    /// The atoms (extxyz).
    #[arg(long, value_name = "FILE.extxyz")]
    structure: Option<String>,
    #[command(flatten)]
    threads: crate::cli::Threads,
}

/// The potential of one or more LAMMPS EAM files, by extension (see
/// [`PotentialSpec::from_files`]).
pub fn potential_of_files(list: &str) -> Result<Arc<dyn LammpsPotential>> {
    PotentialSpec::from_files(list).build(&[], &|f: &str| read_file(f))
}

/// The atoms of an extxyz file with the potential of LAMMPS EAM file(s).
pub fn load_system(
    potential: Option<&str>,
    structure: Option<&str>,
) -> Result<(System, Arc<dyn LammpsPotential>)> {
    let pfile = required(potential, "potential")?;
    let sfile = required(structure, "structure")?;
    let potential = potential_of_files(pfile)?;
    let frame = extxyz::read(&read_file(sfile)?).map_err(|e| e.context(sfile))?;
    let sys = system_from_atoms(
        potential.as_ref(),
        &frame.symbols,
        frame.pos,
        frame.particle,
        frame.cell,
    )
    .map_err(|e| e.context(sfile))?;
    Ok((sys, potential))
}

pub fn main(a: Args) -> Result<()> {
    let (sys, potential) = load_system(a.potential.as_deref(), a.structure.as_deref())?;
    let (e, f) = with_threads(a.threads, || {
        let mut engine = ForceEngine::new(potential, DEFAULT_SKIN);
        engine.check_overlaps(&sys)?;
        let e = engine.compute(&sys)?;
        Ok((e, engine.forces.clone()))
    })?;
    let mut s = String::with_capacity(80 * f.len() + 100);
    let _ = write!(
        s,
        "{{\"n_atoms\": {}, \"energy_eV\": {}, \"forces_eV_per_A\": [",
        sys.len(),
        json_f64(e)
    );
    for (i, v) in f.iter().enumerate() {
        let _ = write!(
            s,
            "{}[{}, {}, {}]",
            if i > 0 { ", " } else { "" },
            json_f64(v[0]),
            json_f64(v[1]),
            json_f64(v[2])
        );
    }
    s.push_str("]}");
    println!("{s}");
    Ok(())
}
