//! The state of a simulation: atoms (positions, velocities, species, particle of origin), the
//! element table and the boundary, and its fingerprint ([`positions_sha256`]). Arrays are in the
//! caller's (file) order and never reordered.

use crate::base::math::{v3, DVec3};
use crate::base::parallel;
use crate::base::units::{KB, MVV2E};

/// Atoms and their box.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct System {
    /// Element symbols; `species[i]` indexes this (same order as the potential's elements).
    pub elements: Vec<String>,
    /// Mass per element, amu.
    pub masses: Vec<f64>,
    /// Element index per atom.
    pub species: Vec<u16>,
    /// Particle of origin per atom (0, 1, …), kept through the run for coalescence analysis.
    pub particle: Vec<u32>,
    /// Positions, Å (unwrapped, continuous).
    pub pos: Vec<[f64; 3]>,
    /// Velocities, Å/ps.
    pub vel: Vec<[f64; 3]>,
    /// Periodic orthogonal box lengths (origin at 0), or `None` for an open cluster.
    pub cell: Option<[f64; 3]>,
    /// The last `fixed` atoms are held in place (a substrate's bottom layers, as LAMMPS' mobile
    /// group leaves them out of `fix nve`): at rest, never kicked, drifted or thermostatted, and
    /// outside the temperature's degrees of freedom. 0: every atom moves.
    pub fixed: usize,
    /// The `piston` atoms just before the fixed ones are a press's top plate: they move as one
    /// rigid body along y (the force engine gives each the plate's mean y force plus its load,
    /// and no x or z force, as LAMMPS' `fix setforce` + `fix aveforce`), are not thermostatted,
    /// and are outside the temperature's degrees of freedom. 0: no plate.
    pub piston: usize,
}

impl System {
    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.pos.len()
    }

    /// True if there are no atoms.
    pub fn is_empty(&self) -> bool {
        self.pos.is_empty()
    }

    /// Mass of atom i, amu.
    #[inline]
    pub fn mass(&self, i: usize) -> f64 {
        self.masses[self.species[i] as usize]
    }

    /// Number of thermal atoms, the first ones: those thermostatted and counted in the
    /// temperature (all but a press's plate and the fixed atoms).
    #[inline]
    pub fn mobile(&self) -> usize {
        self.len().saturating_sub(self.fixed + self.piston)
    }

    /// Number of atoms that are integrated, the first ones (the thermal atoms and a press's
    /// plate; all but the fixed).
    #[inline]
    pub fn moving(&self) -> usize {
        self.len().saturating_sub(self.fixed)
    }

    /// The atoms of a press's plate (empty without one).
    pub fn piston_atoms(&self) -> std::ops::Range<usize> {
        self.mobile()..self.moving()
    }

    /// Kinetic energy `Σ ½ m v²`, eV (summed in atom order).
    pub fn kinetic_energy(&self) -> f64 {
        self.kinetic_energy_of_first(self.len())
    }

    /// `Σ ½ m v²` over the first `n` atoms, eV: `½ Σ m v²` summed in atom order within blocks of
    /// [`parallel::SUM_BLOCK`] atoms and the block sums in order (the same on any number of
    /// threads).
    fn kinetic_energy_of_first(&self, n: usize) -> f64 {
        let k = parallel::map_blocks(n, parallel::SUM_BLOCK, |r| self.mv2_of(r))
            .into_iter()
            .fold(0.0, |s, v| s + v);
        0.5 * MVV2E * k
    }

    /// `Σ m v²` over atoms `r`, in order, amu Å²/ps².
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn mv2_of(&self, r: std::ops::Range<usize>) -> f64 {
        r.fold(0.0, |s, i| {
            s + self.mass(i) * v3(self.vel[i]).length_squared()
        })
    }

    /// Kinetic energy of the thermal atoms (the first [`System::mobile`]), eV: what the
    /// temperature and the thermostats see.
    pub fn thermal_kinetic_energy(&self) -> f64 {
        self.kinetic_energy_of_first(self.mobile())
    }

    /// Degrees of freedom used for the temperature: 3N − 3 over the N mobile atoms (total
    /// momentum removed), as LAMMPS' `compute temp` counts them for the group that moves; at
    /// least 1.
    pub fn dof(&self) -> f64 {
        ((3 * self.mobile()) as f64 - 3.0).max(1.0)
    }

    /// Instantaneous temperature `2 K / (N_f k_B)` of the thermal atoms, K.
    pub fn temperature(&self) -> f64 {
        2.0 * self.thermal_kinetic_energy() / (self.dof() * KB)
    }

    /// Total mass, amu.
    pub fn total_mass(&self) -> f64 {
        (0..self.len()).map(|i| self.mass(i)).sum()
    }

    /// Indices of the atoms of particle `p`.
    pub fn particle_atoms(&self, p: u32) -> Vec<usize> {
        (0..self.len()).filter(|&i| self.particle[i] == p).collect()
    }

    /// Mass-weighted centre of `atoms`, `Σ mᵢ xᵢ / Σ mᵢ` summed in the given order, Å (None if
    /// there are none).
    pub fn center_of_mass_of(&self, atoms: impl IntoIterator<Item = usize>) -> Option<DVec3> {
        let mut c = DVec3::ZERO;
        let mut m = 0.0;
        let mut any = false;
        for i in atoms {
            let w = self.mass(i);
            c += v3(self.pos[i]) * w;
            m += w;
            any = true;
        }
        any.then(|| c / m)
    }

    /// Centre of mass of all atoms, Å (the origin for no atoms).
    pub fn center_of_mass(&self) -> DVec3 {
        self.center_of_mass_of(0..self.len()).unwrap_or(DVec3::ZERO)
    }

    /// Total momentum `Σ m v`, amu·Å/ps.
    pub fn momentum(&self) -> DVec3 {
        let mut p = DVec3::ZERO;
        for i in 0..self.len() {
            p += v3(self.vel[i]) * self.mass(i);
        }
        p
    }

    /// Angular momentum about the centre of mass `Σ m (r − r_cm) × v`, amu·Å²/ps.
    pub fn angular_momentum(&self) -> DVec3 {
        let c = self.center_of_mass();
        let mut l = DVec3::ZERO;
        for i in 0..self.len() {
            let r = v3(self.pos[i]) - c;
            l += r.cross(v3(self.vel[i])) * self.mass(i);
        }
        l
    }

    /// The fingerprint of the state: [`positions_sha256`] of the positions.
    pub fn positions_sha256(&self) -> String {
        positions_sha256(&self.pos)
    }
}

/// SHA-256 of positions as little-endian IEEE-754 f64, x, y, z per atom in atom order, as hex:
/// what the CLI prints last and the page's `state()` reports, to show that two runs are the same.
pub fn positions_sha256(pos: &[[f64; 3]]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in pos {
        for c in p {
            h.update(c.to_le_bytes());
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
