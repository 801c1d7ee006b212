//! Interatomic potentials behind one trait, as LAMMPS pair styles are.
//!
//! A [`Potential`] knows its elements (symbols and masses), its cutoff, and how to add forces and
//! per-atom energies for the atoms of a [`Neighbors`] structure (internal sorted order, ghosts
//! included). One kernel, many models:
//! - [`eam::Eam`] over an [`eam::EamModel`]: the embedded-atom method,
//!   `E = Σ_i F_i(ρ_i) + ½ Σ_i Σ_{j≠i} φ_ij(r_ij)`, `ρ_i = Σ_{j≠i} f_j(r_ij)`; the models are
//!   [`tabulated::Tabulated`] (LAMMPS setfl/eam-fs/funcfl tables with LAMMPS' own splines,
//!   [`spline`]), [`zhou::ZhouAnalytic`] (the Zhou–Johnson–Wadley 2004 functions evaluated
//!   directly), [`smatb::Smatb`] (second-moment tight binding) and [`pair::PairModel`] over
//!   [`morse`], [`lj`] and [`johnson`] (shifted-force pair potentials: an EAM without embedding);
//! - [`formats`]: the LAMMPS file formats (setfl, eam/fs, funcfl) read and written;
//! - [`crystal`]: fcc lattice sums (lattice constants and cohesive energies of any model);
//! - [`lammps`]: what computes the same energies in LAMMPS, per model ([`lammps::ToLammps`]);
//! - [`wall`]: the Lennard-Jones 9-3 wall of a weak support (an external field on every atom);
//! - [`spec`]: the potential a scenario names ([`spec::PotentialSpec`]), built for the
//!   structure's elements or read from files.
//!
//! Arrows inside: models → [`eam`] (the kernel and its model trait) → this module's traits;
//! [`lammps`] and [`spec`] sit on top, so the force kernel knows nothing of LAMMPS.

pub mod crystal;
pub mod eam;
pub mod formats;
pub mod johnson;
pub mod lammps;
pub mod lj;
pub mod morse;
pub mod pair;
pub mod smatb;
pub mod spec;
pub mod spline;
pub mod tabulated;
pub mod wall;
pub mod zhou;

use crate::base::error::Result;
use crate::neighbor::Neighbors;

/// Scratch space reused between force evaluations (sized by the potential as needed).
#[derive(Default, Debug, Clone)]
pub struct Workspace {
    /// Per-atom scalar (e.g. host electron density ρ), sorted + ghost index space.
    pub rho: Vec<f64>,
    /// Per-atom scalar (e.g. embedding derivative F′(ρ)).
    pub fp: Vec<f64>,
    /// Per-slab compact lists of interacting pairs `(i, j, r)` found in the first pass.
    pub pairs: Vec<Vec<(u32, u32, f64)>>,
    /// Force (eV/Å) and energy (eV) per atom, `[fx, fy, fz, e]`, sorted + ghost index space (one
    /// array so a pair's scatter touches one cache line).
    pub fe: Vec<[f64; 4]>,
}

/// The functions of an EAM-like potential, `E = Σ_i F_{t_i}(ρ_i) + ½ Σ_{i≠j} φ_{t_i t_j}(r_ij)`,
/// `ρ_i = Σ_{j≠i} f_{t_j→t_i}(r_ij)`, for local energy changes. All are zero at r ≥ cutoff.
pub trait LocalEnergy: Send + Sync {
    /// Density an atom of type `source` gives a host atom of type `host` at distance r.
    fn density(&self, source: usize, host: usize, r: f64) -> f64;
    /// Pair energy φ_{ti tj}(r), eV.
    fn pair(&self, ti: usize, tj: usize, r: f64) -> f64;
    /// Embedding energy F_t(ρ), eV.
    fn embedding(&self, t: usize, rho: f64) -> f64;
    /// Cutoff, Å.
    fn local_cutoff(&self) -> f64;
}

/// An interatomic potential.
pub trait Potential: Send + Sync {
    /// A short description, e.g. `eam/alloy Au Ag (file AuAg.eam.alloy)`.
    fn describe(&self) -> String;
    /// Element symbols; species index `t` of an atom refers to `elements()[t]`.
    fn elements(&self) -> &[String];
    /// Mass of element `t`, amu.
    fn mass(&self, t: usize) -> f64;
    /// Interaction cutoff, Å.
    fn cutoff(&self) -> f64;
    /// Equilibrium fcc lattice constant of element `t` if the potential states one, Å (used by the
    /// structure builders).
    fn lattice_constant(&self, _t: usize) -> Option<f64> {
        None
    }
    /// The potential's site-energy functions, if it has them (EAM does): what Monte Carlo needs
    /// to compute the energy change of a local move without a full recompute.
    fn local(&self) -> Option<&dyn LocalEnergy> {
        None
    }
    /// Computes forces and per-atom energies `ws.fe` (zeroed by the caller, length `nb.n_all()`)
    /// for the atoms in `nb`. Contributions on ghosts are folded back by the caller.
    fn compute(&self, nb: &Neighbors, ws: &mut Workspace);

    /// Index of an element symbol, or an error naming the missing element.
    fn element_index(&self, symbol: &str) -> Result<u16> {
        match self
            .elements()
            .iter()
            .position(|e| e.eq_ignore_ascii_case(symbol))
        {
            Some(k) => Ok(k as u16),
            None => bail!(
                "element '{symbol}' is not in the potential (which has {})",
                self.elements().join(", ")
            ),
        }
    }
}
