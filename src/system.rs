//! The state of a simulation: atoms (positions, velocities, species, particle of origin), the
//! element table and the boundary. Arrays are in the caller's (file) order and never reordered.

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

    /// Kinetic energy `Σ ½ m v²`, eV (summed in atom order).
    pub fn kinetic_energy(&self) -> f64 {
        let mut k = 0.0;
        for i in 0..self.len() {
            let v = self.vel[i];
            k += self.mass(i) * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        }
        0.5 * MVV2E * k
    }

    /// Degrees of freedom used for the temperature: 3N − 3 (total momentum removed), as LAMMPS'
    /// `compute temp` counts them; at least 1.
    pub fn dof(&self) -> f64 {
        ((3 * self.len()) as f64 - 3.0).max(1.0)
    }

    /// Instantaneous temperature `2 K / (N_f k_B)`, K.
    pub fn temperature(&self) -> f64 {
        2.0 * self.kinetic_energy() / (self.dof() * KB)
    }

    /// Total mass, amu.
    pub fn total_mass(&self) -> f64 {
        (0..self.len()).map(|i| self.mass(i)).sum()
    }

    /// Centre of mass of the atoms selected by `keep`, Å (origin if none).
    pub fn center_of_mass_where(&self, keep: impl Fn(usize) -> bool) -> [f64; 3] {
        let mut c = [0.0; 3];
        let mut m = 0.0;
        for i in (0..self.len()).filter(|&i| keep(i)) {
            let w = self.mass(i);
            for k in 0..3 {
                c[k] += w * self.pos[i][k];
            }
            m += w;
        }
        if m > 0.0 {
            c.iter_mut().for_each(|v| *v /= m);
        }
        c
    }

    /// Centre of mass of all atoms, Å.
    pub fn center_of_mass(&self) -> [f64; 3] {
        self.center_of_mass_where(|_| true)
    }

    /// Total momentum `Σ m v`, amu·Å/ps.
    pub fn momentum(&self) -> [f64; 3] {
        let mut p = [0.0; 3];
        for i in 0..self.len() {
            for k in 0..3 {
                p[k] += self.mass(i) * self.vel[i][k];
            }
        }
        p
    }

    /// Angular momentum about the centre of mass, amu·Å²/ps.
    pub fn angular_momentum(&self) -> [f64; 3] {
        let c = self.center_of_mass();
        let mut l = [0.0; 3];
        for i in 0..self.len() {
            let r = sub(self.pos[i], c);
            let m = self.mass(i);
            let rv = cross(r, self.vel[i]);
            for k in 0..3 {
                l[k] += m * rv[k];
            }
        }
        l
    }
}

/// a − b.
#[inline]
pub fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

/// a × b.
#[inline]
pub fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}
