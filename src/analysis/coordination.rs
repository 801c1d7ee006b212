//! Coordination numbers: neighbours within the first-shell cut-off r_c = (1+√2)/2 · d (d the bond
//! length, median nearest-neighbour distance; midway between the first and second fcc shells).
//! 12 in the fcc bulk, 9 on {111} facets, 8 on {100}, 7 at edges. Cost: one neighbour search, O(N),
//! counted atom by atom (no lists kept).

use super::{neck::FIRST_SHELL_FACTOR, Observable};
use crate::base::error::Result;
use crate::neighbor::NeighborSearch;
use crate::system::System;

/// Coordination number of every atom with bond length `d` (Å).
pub fn coordination_numbers(sys: &System, d: f64) -> Result<Vec<u32>> {
    let search = NeighborSearch::new(&sys.pos, sys.cell, FIRST_SHELL_FACTOR * d)?;
    Ok(search.map(|i, neighbours| {
        search.unsorted(i, neighbours);
        neighbours.len() as u32
    }))
}

/// `coordination` as a per-atom classifier: each atom's coordination number.
pub struct Coordination;

impl super::classify::AtomClassifier for Coordination {
    fn name(&self) -> &'static str {
        "coordination"
    }
    fn classify(&self, sys: &System, d: f64) -> Result<Vec<u32>> {
        coordination_numbers(sys, d)
    }
}

/// `coordination`: mean coordination number.
pub struct MeanCoordination;

impl Observable for MeanCoordination {
    fn name(&self) -> &'static str {
        "coordination"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        vec!["mean_coordination".into()]
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        let d = super::bond_length(sys)?;
        let c = coordination_numbers(sys, d)?;
        Ok(vec![
            c.iter().map(|&v| v as f64).sum::<f64>() / c.len().max(1) as f64,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;
    use crate::structure::size::Ladder;

    #[test]
    fn cuboctahedron_coordinations_by_hand() {
        // The 13-atom cuboctahedron: the centre has 12 neighbours; each shell atom has the centre
        // and 4 shell neighbours (the vertices it shares edges with): 5.
        let pos = Ladder::Cuboctahedron.positions(1, 4.08);
        let sys = system("Au", pos, vec![0; 13]);
        let mut c = coordination_numbers(&sys, 4.08 / 2f64.sqrt()).unwrap();
        c.sort_unstable();
        assert_eq!(c, [vec![5; 12], vec![12]].concat());
        // The 55-atom one: 13 inner atoms with 12; 12 vertices with 5 (4 edge atoms + the inner
        // vertex below); 24 edge atoms with 7; 6 (100) facet centres with 8.
        let pos = Ladder::Cuboctahedron.positions(2, 4.08);
        let sys = system("Au", pos, vec![0; 55]);
        let c = coordination_numbers(&sys, 4.08 / 2f64.sqrt()).unwrap();
        assert_eq!(c.iter().filter(|&&v| v == 12).count(), 13);
        assert_eq!(c.iter().filter(|&&v| v == 5).count(), 12);
        assert_eq!(c.iter().filter(|&&v| v == 7).count(), 24);
        assert_eq!(c.iter().filter(|&&v| v == 8).count(), 6);
    }

    #[test]
    fn bulk_is_twelve() {
        let (pos, cell) = crate::structure::lattice::fcc_bulk(4.08, 3, 3, 3);
        let n = pos.len();
        let mut sys = system("Au", pos, vec![0; n]);
        sys.cell = Some(cell);
        assert!(coordination_numbers(&sys, 2.885)
            .unwrap()
            .iter()
            .all(|&c| c == 12));
    }
}
