//! Neighbour search on one cell grid ([`grid`]): the Verlet half lists of the force loops
//! ([`verlet`], slab-sorted so pair sums run in parallel in a fixed order) and the full lists of
//! the analysis and of Monte Carlo moves ([`full`], every neighbour within a radius, nearest
//! first).

pub mod full;
pub mod grid;
pub mod verlet;

pub use full::{typical_bond_length, Neighbor, NeighborLists, NeighborSearch};
pub use verlet::Neighbors;
