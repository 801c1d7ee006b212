//! A bulk crystal: `cells` cubic cells of an fcc or bcc lattice filling a box periodic along x,
//! y and z, of one element or a random alloy (the reference for a particle: lattice constant,
//! thermal expansion, bulk melting, with a barostat ([`crate::md::barostat`]) at a set pressure).
//!
//! The cubic lattice constant is the builders' fcc one `a` for fcc and `√(2/3) a` for bcc (the
//! same nearest-neighbour distance, as the substrate's bcc faces): a start a barostat relaxes.
//! Atoms: 4 (fcc) or 2 (bcc) per cell, basis offset by a quarter of the nearest-neighbour
//! distance from the box faces, in cell order (x fastest).

use super::{Chemistry, Cluster};
use crate::base::error::Result;
use serde::{Deserialize, Serialize};

/// The lattice of a bulk crystal.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Lattice {
    /// Face-centred cubic (4 atoms per cubic cell).
    Fcc,
    /// Body-centred cubic (2 atoms per cubic cell).
    Bcc,
}

impl Lattice {
    /// The name used in scenarios and links.
    pub fn name(&self) -> &'static str {
        match self {
            Lattice::Fcc => "fcc",
            Lattice::Bcc => "bcc",
        }
    }

    /// Parses `fcc` or `bcc`.
    pub fn from_name(s: &str) -> Result<Lattice> {
        Ok(match s {
            "fcc" => Lattice::Fcc,
            "bcc" => Lattice::Bcc,
            _ => bail!(
                "unknown lattice '{}' (use fcc or bcc)",
                s.chars().take(20).collect::<String>()
            ),
        })
    }

    /// Atoms per cubic cell.
    pub fn atoms_per_cell(&self) -> usize {
        self.basis().len()
    }

    /// The cubic cell's basis, in units of the lattice constant.
    fn basis(&self) -> &'static [[f64; 3]] {
        match self {
            Lattice::Bcc => &[[0.0, 0.0, 0.0], [0.5, 0.5, 0.5]],
            Lattice::Fcc => &[
                [0.0, 0.0, 0.0],
                [0.5, 0.5, 0.0],
                [0.5, 0.0, 0.5],
                [0.0, 0.5, 0.5],
            ],
        }
    }

    /// The cubic lattice constant for an element whose fcc lattice constant is `a_fcc`, Å.
    pub fn cubic_constant(&self, a_fcc: f64) -> f64 {
        match self {
            Lattice::Fcc => a_fcc,
            Lattice::Bcc => a_fcc * (2.0f64 / 3.0).sqrt(),
        }
    }

    /// The cubic lattice constant of a crystal of `atoms` atoms in a box of volume `volume`
    /// (Å³), Å: `(V · atoms per cell / N)^(1/3)`.
    pub fn constant_of_volume(&self, volume: f64, atoms: usize) -> f64 {
        libm::cbrt(volume * self.atoms_per_cell() as f64 / atoms.max(1) as f64)
    }
}

/// A bulk crystal (the scenario's `structure: { "bulk": … }`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bulk {
    /// Who sits on the sites: one element or a random alloy.
    pub chemistry: Chemistry,
    /// The lattice.
    pub lattice: Lattice,
    /// Cubic cells along x, y and z.
    pub cells: [u32; 3],
}

impl Bulk {
    /// Fewest cells along an axis (a box at least twice the potentials' reach, ~2.5 a).
    pub const MIN_CELLS: u32 = 3;
    /// Most atoms.
    pub const MAX_ATOMS: usize = 500_000;

    /// Number of atoms.
    pub fn atoms(&self) -> usize {
        self.cells.iter().map(|&c| c as usize).product::<usize>() * self.lattice.atoms_per_cell()
    }

    /// Checks the cells and the chemistry.
    pub fn validate(&self) -> Result<()> {
        if self.cells.iter().any(|&c| c < Self::MIN_CELLS) {
            bail!(
                "bulk cells {:?}: use at least {} cells along each axis (the box must be wider than twice the potential's reach)",
                self.cells,
                Self::MIN_CELLS
            );
        }
        if self.cells.iter().any(|&c| c > 200) || self.atoms() > Self::MAX_ATOMS {
            bail!(
                "bulk cells {:?} make {} atoms: at most {} atoms",
                self.cells,
                self.cells.iter().map(|&c| c as f64).product::<f64>()
                    * self.lattice.atoms_per_cell() as f64,
                Self::MAX_ATOMS
            );
        }
        match &self.chemistry {
            Chemistry::Pure { .. } | Chemistry::RandomAlloy { .. } => self.chemistry.validate(),
            _ => bail!("a bulk crystal is one element or a random alloy (core-shell and Janus are particle chemistries)"),
        }
    }

    /// The link form `CHEM:LATTICE:NXxNYxNZ` (e.g. `Cu:fcc:6x6x6`, `Co~1,Ni~1:fcc:5x5x5`).
    pub fn to_link(&self, chemistry_token: &str) -> String {
        let [x, y, z] = self.cells;
        format!("{chemistry_token}:{}:{x}x{y}x{z}", self.lattice.name())
    }

    /// Parses the lattice and cells parts of the link form (the chemistry is the link's).
    pub fn from_link_parts(chemistry: Chemistry, lattice: &str, cells: &str) -> Result<Bulk> {
        let n: Vec<u32> = cells
            .split('x')
            .map(|c| c.parse::<u32>())
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| {
                crate::Error::new(format!(
                    "bulk cells '{}' are not NXxNYxNZ (e.g. 6x6x6)",
                    cells.chars().take(20).collect::<String>()
                ))
            })?;
        let cells = match n.as_slice() {
            [c] => [*c; 3],
            [x, y, z] => [*x, *y, *z],
            _ => bail!(
                "bulk cells '{}' are not NXxNYxNZ (e.g. 6x6x6)",
                cells.chars().take(20).collect::<String>()
            ),
        };
        Ok(Bulk {
            chemistry,
            lattice: Lattice::from_name(lattice)?,
            cells,
        })
    }

    /// Builds the crystal at the builders' fcc lattice constants (`lattice`, per element;
    /// composition-weighted for an alloy), the species drawn from `seed`; returns the atoms (all
    /// particle 0) and the box lengths, Å.
    pub fn build(
        &self,
        lattice: &dyn Fn(&str) -> Option<f64>,
        seed: u64,
    ) -> Result<(Cluster, [f64; 3])> {
        self.validate()?;
        let a = self
            .lattice
            .cubic_constant(self.chemistry.lattice_constant(lattice)?);
        let offset = 0.25
            * a
            * match self.lattice {
                Lattice::Fcc => 0.5f64.sqrt(),
                Lattice::Bcc => 0.75f64.sqrt(),
            };
        let [nx, ny, nz] = self.cells;
        let mut positions = Vec::with_capacity(self.atoms());
        for k in 0..nz {
            for j in 0..ny {
                for i in 0..nx {
                    for b in self.lattice.basis() {
                        positions.push([
                            (i as f64 + b[0]) * a + offset,
                            (j as f64 + b[1]) * a + offset,
                            (k as f64 + b[2]) * a + offset,
                        ]);
                    }
                }
            }
        }
        let n = positions.len();
        let mut c = Cluster {
            positions,
            species: vec![0; n],
            elements: Vec::new(),
            particle: vec![0; n],
        };
        self.chemistry.assign(&mut c, seed);
        Ok((c, [nx, ny, nz].map(|m| m as f64 * a)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::elements::reference_lattice_constant;
    use crate::base::math::dist2;

    fn pure(e: &str) -> Chemistry {
        Chemistry::Pure { element: e.into() }
    }

    /// Every atom has its lattice's 12 (fcc) or 8 (bcc) nearest neighbours at the bond length
    /// across the periodic box, and the box holds the crystal's volume.
    #[test]
    fn the_crystal_is_perfect_across_the_periodic_box() {
        for (lattice, z, bond) in [
            (Lattice::Fcc, 12, 0.5f64.sqrt()),
            (Lattice::Bcc, 8, 0.75f64.sqrt()),
        ] {
            let b = Bulk {
                chemistry: pure("Cu"),
                lattice,
                cells: [3, 4, 5],
            };
            let (c, cell) = b.build(&reference_lattice_constant, 1).unwrap();
            assert_eq!(c.len(), b.atoms());
            let a = lattice.cubic_constant(reference_lattice_constant("Cu").unwrap());
            assert!(
                (lattice.constant_of_volume(cell[0] * cell[1] * cell[2], c.len()) - a).abs()
                    < 1e-12
            );
            let d = bond * a;
            for i in [0, 7, c.len() - 1] {
                let near = (0..c.len())
                    .filter(|&j| {
                        let mut r = [0.0; 3];
                        for k in 0..3 {
                            let v = c.positions[j][k] - c.positions[i][k];
                            r[k] = v - cell[k] * (v / cell[k]).round();
                        }
                        j != i && (dist2(&r, &[0.0; 3]).sqrt() - d).abs() < 1e-9
                    })
                    .count();
                assert_eq!(near, z, "{lattice:?} atom {i}");
            }
        }
    }

    #[test]
    fn link_parts_and_bad_input() {
        let b = Bulk::from_link_parts(pure("Cu"), "fcc", "6").unwrap();
        assert_eq!(b.cells, [6, 6, 6]);
        assert_eq!(b.to_link("Cu"), "Cu:fcc:6x6x6");
        let e = Bulk::from_link_parts(pure("Cu"), "hcp", "6").unwrap_err();
        assert!(e.to_string().contains("unknown lattice 'hcp'"), "{e}");
        let e = Bulk::from_link_parts(pure("Cu"), "fcc", "6x6").unwrap_err();
        assert!(e.to_string().contains("NXxNYxNZ"), "{e}");
        let e = Bulk::from_link_parts(pure("Cu"), "fcc", "2")
            .unwrap()
            .validate();
        assert!(e.unwrap_err().to_string().contains("at least 3"));
        let e = Bulk::from_link_parts(pure("Cu"), "fcc", "200")
            .unwrap()
            .validate();
        assert!(e.unwrap_err().to_string().contains("at most"));
        let core_shell = Chemistry::CoreShell {
            core: "Cu".into(),
            shell: "Ag".into(),
            core_fraction: 0.5,
        };
        let e = Bulk::from_link_parts(core_shell, "fcc", "4")
            .unwrap()
            .validate();
        assert!(e.unwrap_err().to_string().contains("random alloy"));
    }
}
