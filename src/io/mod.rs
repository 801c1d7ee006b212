//! File formats.

/// Extended XYZ frames (positions, velocities, particle labels, per-atom properties).
pub mod extxyz;
mod lammps;
/// LAMMPS data files (`read_data` / `write_data`), atom_style atomic.
pub mod lammps_data;
/// A runnable LAMMPS deck for a scenario, and parameter sweeps with a Slurm job array.
pub mod lammps_deck;
/// LAMMPS text dumps (`dump custom`): snapshots with columns found by name.
pub mod lammps_dump;
/// A minimal ustar archive writer (the page's deck download).
pub mod tar;
