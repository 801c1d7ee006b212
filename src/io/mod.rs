//! File formats.

pub mod extxyz;
pub mod lammps_data;
pub mod lammps_deck;
pub mod tar;
