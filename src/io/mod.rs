//! File formats.

/// Extended XYZ frames (positions, velocities, particle labels, per-atom properties).
pub mod extxyz;
mod lammps;
/// LAMMPS data files (`read_data` / `write_data`), atom_style atomic.
pub mod lammps_data;
/// LAMMPS text dumps (`dump custom`): snapshots with columns found by name.
pub mod lammps_dump;
