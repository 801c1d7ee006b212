//! `nanocoalesce potential`: the Zhou 2004 alloy EAM tabulated as a LAMMPS setfl file.

use crate::cli::write_file;
use nanocoalesce::potential::spec::ZHOU_TABLE_SIZE;
use nanocoalesce::potential::zhou::zhou_setfl;
use nanocoalesce::{Error, Result};
use std::path::Path;

/// The Zhou–Johnson–Wadley 2004 alloy EAM for the listed elements, tabulated as a LAMMPS setfl
/// (eam/alloy) file.
#[derive(clap::Args)]
pub struct Args {
    /// The potential family (zhou) and the elements, e.g. `zhou Au Ag`.
    #[arg(value_name = "zhou EL [EL ...]")]
    words: Vec<String>,
    /// Output file.
    #[arg(short = 'o', long = "out", value_name = "FILE.eam.alloy")]
    out: Option<String>,
    /// Knots of the r tables.
    #[arg(long, value_name = "N", value_parser = crate::cli::positive)]
    nr: Option<usize>,
    /// Knots of the ρ tables.
    #[arg(long, value_name = "N", value_parser = crate::cli::positive)]
    nrho: Option<usize>,
}

pub fn main(a: Args) -> Result<()> {
    let Some((kind, elements)) = a.words.split_first() else {
        return Err(Error::new(
            "usage: nanocoalesce potential zhou EL [EL ...] -o FILE.eam.alloy",
        ));
    };
    if kind != "zhou" {
        return Err(Error::new(format!(
            "unknown potential family '{kind}' (available: zhou)"
        )));
    }
    if elements.is_empty() {
        return Err(Error::new(
            "list at least one element, e.g. nanocoalesce potential zhou Au Ag -o AuAg.eam.alloy",
        ));
    }
    let nr = a.nr.unwrap_or(ZHOU_TABLE_SIZE);
    let nrho = a.nrho.unwrap_or(ZHOU_TABLE_SIZE);
    if nr > 1_000_000 || nrho > 1_000_000 {
        return Err(Error::new("--nr/--nrho at most 1000000"));
    }
    let refs: Vec<&str> = elements.iter().map(String::as_str).collect();
    let setfl = zhou_setfl(&refs, nr, nrho)?;
    let out = a
        .out
        .ok_or_else(|| Error::new("missing output file: give -o FILE"))?;
    write_file(Path::new(&out), &setfl.write())?;
    println!(
        "wrote Zhou 2004 EAM for {} to {out} (Nr = {nr}, Nrho = {nrho}, cutoff {:.6} Å)",
        elements.join(" "),
        setfl.cutoff
    );
    Ok(())
}
