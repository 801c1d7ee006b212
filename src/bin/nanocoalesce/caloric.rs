//! `nanocoalesce caloric`: the melting point of a heating run from its observables.csv.

use crate::cli::{finite, read_file};
use nanocoalesce::analysis::caloric::caloric_curve;
use nanocoalesce::io::csv::read_columns;
use nanocoalesce::{Error, Result};

/// Reads temperature_K and potential_per_atom_eV from a heating run's observables.csv, prints
/// the binned caloric curve and the melting point (largest dE/dT) and latent heat.
#[derive(clap::Args)]
pub struct Args {
    /// The observables of a heating run.
    #[arg(value_name = "OBSERVABLES.csv")]
    file: Option<String>,
    /// Temperature bin, K.
    #[arg(long, value_name = "K", value_parser = finite)]
    bin: Option<f64>,
}

pub fn main(a: Args) -> Result<()> {
    let Some(file) = a.file.as_deref() else {
        return Err(Error::new(
            "usage: nanocoalesce caloric OBSERVABLES.csv [--bin K]",
        ));
    };
    let text = read_file(file)?;
    let c = read_columns(file, &text, &["temperature_K", "potential_per_atom_eV"])?;
    let (t, e) = (&c[0], &c[1]);
    let bin = a.bin.unwrap_or(10.0);
    let c = caloric_curve(t, e, bin, 2).ok_or_else(|| {
        Error::new(format!(
            "'{file}': too few temperature bins of {bin} K for a caloric curve (need 15; run a longer ramp or give a smaller --bin)"
        ))
    })?;
    println!("temperature_K,potential_per_atom_eV");
    for (t, e) in c.temperature.iter().zip(&c.energy) {
        println!("{t},{e}");
    }
    eprintln!(
        "melting point {:.0} K (largest dE/dT), latent heat {:.4} eV/atom",
        c.melting_point, c.latent_heat
    );
    Ok(())
}
