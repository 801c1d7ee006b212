//! The LAMMPS EAM file formats: setfl (`eam/alloy`) and its Finnis–Sinclair variant (`eam/fs`),
//! read and written ([`setfl`]), and DYNAMO funcfl (`eam`), read and converted to setfl tables
//! as LAMMPS converts it ([`funcfl`]).

pub mod funcfl;
pub mod setfl;
