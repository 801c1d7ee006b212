//! File formats, and nothing else: extended XYZ, LAMMPS data files and text dumps, CSV tables,
//! PGM pictures and tar archives, read and written from and to text. A leaf of the crate: it
//! knows atoms ([`crate::system::System`]) and the element table, not the engine.

use crate::base::error::Result;

/// Comma-separated tables with a header (reading named columns back).
pub mod csv;
/// Extended XYZ frames (positions, velocities, particle labels, per-atom properties).
pub mod extxyz;
mod lammps;
/// LAMMPS data files (`read_data` / `write_data`), atom_style atomic.
pub mod lammps_data;
/// LAMMPS text dumps (`dump custom`): snapshots with columns found by name.
pub mod lammps_dump;
/// Plain PGM pictures (the film of a growth run).
pub mod pgm;
/// A minimal ustar archive writer (the page's deck download).
pub mod tar;

/// The frames of a trajectory file named `file` (for messages and its extension): a LAMMPS text
/// dump (`*.lammpstrj`, `*.dump`, or any text starting with `ITEM:`; its `v_particle` or
/// `particle` column gives the particle labels, as the exported decks write it, and each frame
/// gets its `Step`), else extended XYZ.
pub fn read_trajectory(file: &str, text: &str) -> Result<Vec<extxyz::Frame>> {
    let is_dump = file.ends_with(".lammpstrj")
        || file.ends_with(".dump")
        || text.trim_start().starts_with("ITEM:");
    if !is_dump {
        return extxyz::read_frames(text).map_err(|e| e.context(file));
    }
    let snapshots = lammps_dump::read_dump(text, None).map_err(|e| e.context(file))?;
    Ok(snapshots
        .into_iter()
        .map(|(step, mut f)| {
            if let Some(k) = f
                .props
                .iter()
                .position(|(n, _)| n == "v_particle" || n == "particle")
            {
                let (_, v) = f.props.remove(k);
                f.particle = Some(v.iter().map(|&x| x.max(0.0) as u32).collect());
            }
            f.info.insert("Step".into(), step.to_string());
            f
        })
        .collect())
}
