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
    /// Per slab, the pairs within the cutoff that the first pass found, for the second.
    pub pairs: Vec<SlabPairs>,
    /// Force (eV/Å) and energy (eV) per atom, `[fx, fy, fz, e]`, sorted + ghost index space (one
    /// aligned row, so a pair's scatter is one vector update of one cache line).
    pub fe: Vec<crate::base::simd::F64x4>,
}

/// One slab's pairs within the cutoff, located ([`eam::PairDistance`]), in structure-of-arrays
/// form so the kernel's sweeps read them four at a time. The arrays only grow (they are reused
/// every step); the first `kept` entries are the pairs.
#[derive(Default, Debug, Clone)]
pub struct SlabPairs {
    /// Number of pairs.
    pub kept: usize,
    /// Per atom of the slab (in order), the end of its pairs: atom a's are `end[a−1]..end[a]`.
    pub end: Vec<u32>,
    /// The second atom of each pair.
    pub j: Vec<u32>,
    /// [`eam::PairDistance::knot`] of each pair.
    pub knot: Vec<u32>,
    /// [`eam::PairDistance::s`] of each pair (r² before the pairs are located).
    pub s: Vec<f64>,
    /// 1/r of each pair, Å⁻¹.
    pub inv_r: Vec<f64>,
}

impl SlabPairs {
    /// Makes every array hold at least `n` entries (new ones zero).
    pub fn reserve_entries(&mut self, n: usize) {
        if self.j.len() < n {
            self.j.resize(n, 0);
            self.knot.resize(n, 0);
            self.s.resize(n, 0.0);
            self.inv_r.resize(n, 0.0);
        }
    }

    /// Pair k's located distance.
    ///
    /// # Safety
    /// k must be less than the arrays' length (see [`SlabPairs::reserve_entries`]).
    #[inline(always)]
    pub unsafe fn at(&self, k: usize) -> eam::PairDistance {
        eam::PairDistance {
            inv_r: *self.inv_r.get_unchecked(k),
            knot: *self.knot.get_unchecked(k),
            s: *self.s.get_unchecked(k),
        }
    }
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
