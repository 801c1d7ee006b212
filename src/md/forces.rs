//! Forces on a [`System`] from a [`Potential`] (and a support's wall, if any): keeps the neighbour
//! list up to date, evaluates the potential in the list's internal order and returns forces and
//! per-atom energies in the system's order.

use crate::base::error::Result;
use crate::base::parallel;
use crate::base::simd::F64x4;
use crate::neighbor::Neighbors;
use crate::potential::wall::Wall;
use crate::potential::{Potential, Workspace};
use crate::system::System;
use std::sync::Arc;

/// Closest distance two atoms may start at, Å; anything closer is reported as overlapping.
pub const MIN_START_DISTANCE: f64 = 1.0;

/// Default Verlet skin, Å (as in common LAMMPS metal decks: `neighbor 1.0 bin`).
pub const DEFAULT_SKIN: f64 = 1.0;

/// A potential with its neighbour list and scratch space.
pub struct ForceEngine {
    /// The potential.
    pub potential: Arc<dyn Potential>,
    /// Neighbour list (internal order).
    pub nb: Neighbors,
    ws: Workspace,
    /// Forces in system order, eV/Å (valid after [`ForceEngine::compute`]).
    pub forces: Vec<[f64; 3]>,
    /// Per-atom energies in system order, eV.
    pub energies: Vec<f64>,
    /// Total potential energy, eV (the support's included).
    pub energy: f64,
    /// A support under the atoms ([`crate::potential::wall`]), if any.
    pub wall: Option<Wall>,
    /// The support's share of [`ForceEngine::energy`], eV.
    pub wall_energy: f64,
    /// External force along y on each atom of a press's plate ([`System::piston`]), eV/Å
    /// (negative: pressing down). See [`ForceEngine::compute`].
    pub piston_load: f64,
    /// The diagonal of the virial `W_kk = Σ r_k f_k` over the atoms and their periodic images,
    /// eV (the potential's forces alone, as LAMMPS' `virial_fdotr_compute`; the support's and
    /// the press's are external). With the kinetic part it gives the pressure
    /// ([`crate::md::barostat::pressure_tensor`]). Zero for an open cluster (no box, no
    /// pressure).
    pub virial: [f64; 3],
}

impl ForceEngine {
    /// An engine for `potential` with a Verlet skin in Å.
    pub fn new(potential: Arc<dyn Potential>, skin: f64) -> ForceEngine {
        let nb = Neighbors::new(potential.cutoff(), skin);
        ForceEngine {
            potential,
            nb,
            ws: Workspace::default(),
            forces: Vec::new(),
            energies: Vec::new(),
            energy: 0.0,
            wall: None,
            wall_energy: 0.0,
            piston_load: 0.0,
            virial: [0.0; 3],
        }
    }

    /// Computes forces and energies for `sys`; returns the potential energy (eV). Errors if the
    /// configuration is not finite (a run that blew up).
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn compute(&mut self, sys: &System) -> Result<f64> {
        if self.nb.needs_rebuild(&sys.pos, sys.cell) {
            self.nb.build(&sys.pos, &sys.species, sys.cell)?;
        } else {
            self.nb.refresh(&sys.pos, &sys.species, sys.cell);
        }
        let n_all = self.nb.n_all();
        self.ws.fe.clear();
        self.ws.fe.resize(n_all, F64x4::ZERO);
        self.potential.compute(&self.nb, &mut self.ws);
        // The virial gives a periodic box its pressure; an open cluster has none (and saves the
        // sum, a serial pass over the atoms of a small system every step).
        self.virial = if sys.cell.is_some() {
            self.virial_sum()
        } else {
            [0.0; 3]
        };
        self.fold_ghosts();
        let n = sys.len();
        self.forces.resize(n, [0.0; 3]);
        self.energies.resize(n, 0.0);
        let (fe, slot) = (&self.ws.fe, &self.nb.slot);
        parallel::for_each_chunk_pair_mut(&mut self.forces, &mut self.energies, |first, f, e| {
            to_system_order(&slot[first..], fe, f, e)
        });
        if let Some(w) = &self.wall {
            self.wall_energy = w.apply(&sys.pos, &mut self.forces, &mut self.energies)?;
        }
        self.rigid_plate(sys);
        let energies = &self.energies;
        self.energy = parallel::sum_blocks(n, parallel::SUM_BLOCK, |i| energies[i]);
        if !self.energy.is_finite() {
            bail!("the potential energy is not finite ({})", self.energy);
        }
        Ok(self.energy)
    }

    /// A press's plate moves as one body along y: each of its atoms gets the plate's mean y force
    /// plus [`ForceEngine::piston_load`], and no x or z force (as LAMMPS' `fix setforce 0 NULL 0`
    /// then `fix aveforce NULL load NULL`; the mean is summed in atom order). With equal masses
    /// and equal starting velocities the plate's atoms then keep equal velocities. Cost: O(plate).
    fn rigid_plate(&mut self, sys: &System) {
        let plate = sys.piston_atoms();
        if plate.is_empty() {
            return;
        }
        let n = plate.len() as f64;
        let mean = self.forces[plate.clone()].iter().map(|f| f[1]).sum::<f64>() / n;
        for f in &mut self.forces[plate] {
            *f = [0.0, mean + self.piston_load, 0.0];
        }
    }

    /// The potential energy of the press's load, `−load · Σ y` over the plate's atoms, eV (what
    /// the conserved energy adds: the work done against the set pressure, P·A·y).
    pub fn load_energy(&self, sys: &System) -> f64 {
        let plate = sys.piston_atoms();
        if plate.is_empty() {
            return 0.0;
        }
        -self.piston_load * sys.pos[plate].iter().map(|p| p[1]).sum::<f64>()
    }

    /// `Σ x_k f_k` over locals and ghosts (internal order, before the ghosts are folded), eV,
    /// summed in blocks of [`parallel::SUM_BLOCK`] (block sums in order). Translation-invariant for
    /// forces that sum to zero; cost O(N + ghosts).
    fn virial_sum(&self) -> [f64; 3] {
        let (x, fe) = (&self.nb.x, &self.ws.fe);
        parallel::map_blocks(x.len(), parallel::SUM_BLOCK, |r| {
            virial_of(&x[r.clone()], &fe[r])
        })
        .into_iter()
        .fold([0.0; 3], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2]])
    }

    /// Adds forces and energies of ghost atoms onto their owners, in ghost order.
    fn fold_ghosts(&mut self) {
        let n = self.nb.n_local;
        for g in 0..self.nb.ghost_owner.len() {
            let o = self.nb.ghost_owner[g] as usize;
            let fg = self.ws.fe[n + g];
            self.ws.fe[o] += fg;
        }
    }

    /// Errors if two atoms start closer than [`MIN_START_DISTANCE`], naming them; otherwise the
    /// closest pair (see [`ForceEngine::closest_pair`]).
    pub fn check_overlaps(&mut self, sys: &System) -> Result<Option<(usize, usize, f64)>> {
        let closest = self.closest_pair(sys)?;
        if let Some((i, j, d)) = closest {
            if d < MIN_START_DISTANCE {
                bail!(
                    "atoms {} and {} overlap: they are only {:.3} Å apart (minimum {} Å)",
                    i + 1,
                    j + 1,
                    d,
                    MIN_START_DISTANCE
                );
            }
        }
        Ok(closest)
    }

    /// The closest pair of atoms within the list range, as (i, j, distance) in system order.
    pub fn closest_pair(&mut self, sys: &System) -> Result<Option<(usize, usize, f64)>> {
        if self.nb.needs_rebuild(&sys.pos, sys.cell) {
            self.nb.build(&sys.pos, &sys.species, sys.cell)?;
        }
        let nb = &self.nb;
        let mut best: Option<(usize, usize, f64)> = None;
        for i in 0..nb.n_local {
            for &j in &nb.list[nb.first[i] as usize..nb.first[i + 1] as usize] {
                let j = j as usize;
                let d2 = crate::base::math::dist2(&nb.x[i].xyz(), &nb.x[j].xyz());
                let owner = if j < nb.n_local {
                    j
                } else {
                    nb.ghost_owner[j - nb.n_local] as usize
                };
                if best.is_none_or(|b| d2 < b.2 * b.2) {
                    let (a, b) = (nb.order[i] as usize, nb.order[owner] as usize);
                    best = Some((a.min(b), a.max(b), d2.sqrt()));
                }
            }
        }
        Ok(best)
    }
}

/// Forces and energies of the system's atoms `o = 0..f.len()` (offset by the chunk) from the
/// internal rows `fe[slot[o]]`.
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn to_system_order(slot: &[u32], fe: &[F64x4], f: &mut [[f64; 3]], e: &mut [f64]) {
    for ((f, e), &s) in f.iter_mut().zip(e).zip(slot) {
        let v = fe[s as usize].to_array();
        *f = [v[0], v[1], v[2]];
        *e = v[3];
    }
}

/// `Σ x_k f_k` (k = x, y, z) over rows in order, eV.
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn virial_of(x: &[F64x4], fe: &[F64x4]) -> [f64; 3] {
    let mut w = [0.0; 3];
    for (x, f) in x.iter().zip(fe) {
        let (x, f) = (x.to_array(), f.to_array());
        w[0] += x[0] * f[0];
        w[1] += x[1] * f[1];
        w[2] += x[2] * f[2];
    }
    w
}
