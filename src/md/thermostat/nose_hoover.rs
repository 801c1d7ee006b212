//! A Nosé–Hoover chain (length 3) integrated by the Martyna–Tuckerman–Klein splitting (Mol. Phys.
//! 87, 1117 (1996)), half a step on each side of velocity Verlet; masses `Q_1 = N_f k_B T τ²`,
//! `Q_k = k_B T τ²` (as LAMMPS' `fix nvt` with `tchain 3`). The chain's energy
//! `Σ_k ½ Q_k v_ηk² + N_f k_B T η_1 + Σ_{k>1} k_B T η_k` makes the conserved quantity. Cost: O(N)
//! per half-step (one kinetic-energy sum and one rescaling).

use super::{Thermostat, VerletStep};
use crate::base::error::Result;
use crate::base::units::KB;
use crate::system::System;

/// Chain length.
const CHAIN: usize = 3;

/// Nosé–Hoover chain with period τ (ps); `eta`, `v_eta` per chain link.
#[derive(Clone, Debug)]
pub struct NoseHoover {
    /// Period, ps.
    pub tau: f64,
    /// Positions of the chain variables.
    pub eta: Vec<f64>,
    /// Velocities of the chain variables, 1/ps.
    pub v_eta: Vec<f64>,
}

impl NoseHoover {
    /// A chain at rest with period `tau` (ps).
    pub fn new(tau: f64) -> NoseHoover {
        NoseHoover {
            tau,
            eta: vec![0.0; CHAIN],
            v_eta: vec![0.0; CHAIN],
        }
    }
}

impl NoseHoover {
    /// Half a step of the chain, over time h at target temperature t (K): the chain's variables
    /// move and the thermal atoms' velocities are scaled once.
    pub fn half_step(&mut self, sys: &mut System, h: f64, t: f64) {
        chain_update(sys, h, self.tau, t, &mut self.eta, &mut self.v_eta);
    }
}

impl Thermostat for NoseHoover {
    fn step(&mut self, s: &mut VerletStep) -> Result<()> {
        let h = 0.5 * s.dt;
        self.half_step(s.sys, h, s.target);
        s.verlet()?;
        self.half_step(s.sys, h, s.target);
        Ok(())
    }

    fn reservoir_energy(&self, sys: &System, t: f64) -> f64 {
        let kt = KB * t;
        let q = chain_masses(sys.dof(), kt, self.tau, self.eta.len());
        let mut e = 0.0;
        for k in 0..self.eta.len() {
            e += 0.5 * q[k] * self.v_eta[k] * self.v_eta[k]
                + if k == 0 {
                    sys.dof() * kt * self.eta[0]
                } else {
                    kt * self.eta[k]
                };
        }
        e
    }
}

/// Nosé–Hoover chain masses: Q_1 = N_f k_B T τ², Q_k = k_B T τ², eV·ps².
fn chain_masses(dof: f64, kt: f64, tau: f64, m: usize) -> Vec<f64> {
    (0..m)
        .map(|k| {
            if k == 0 {
                dof * kt * tau * tau
            } else {
                kt * tau * tau
            }
        })
        .collect()
}

/// One Martyna–Tuckerman–Klein chain update over time h (velocities rescaled once).
fn chain_update(sys: &mut System, h: f64, tau: f64, t: f64, eta: &mut [f64], v: &mut [f64]) {
    let kt = KB * t;
    let dof = sys.dof();
    let q = chain_masses(dof, kt, tau, v.len());
    let s = chain_scale(
        2.0 * sys.thermal_kinetic_energy(),
        dof * kt,
        kt,
        &q,
        h,
        eta,
        v,
    );
    super::scale_velocities(sys, sys.mobile(), s);
}

/// One Martyna–Tuckerman–Klein update over time h of a Nosé–Hoover chain (positions `eta`,
/// velocities `v` in 1/ps, masses `q` in eV·ps²) on a set of degrees of freedom with twice their
/// kinetic energy `ke2` (eV) and target `gkt` = N_f k_B T (eV); `kt` = k_B T is the target of the
/// links above the first. Returns the factor the thermostatted velocities are scaled by,
/// `exp(−h v₁)`. The same for the atoms ([`NoseHoover`]) and for a barostat's chain
/// ([`crate::md::barostat`]). Cost: O(chain).
pub(crate) fn chain_scale(
    mut ke2: f64,
    gkt: f64,
    kt: f64,
    q: &[f64],
    h: f64,
    eta: &mut [f64],
    v: &mut [f64],
) -> f64 {
    let m = v.len();
    let force = |k: usize, v: &[f64], ke2: f64| {
        if k == 0 {
            (ke2 - gkt) / q[0]
        } else {
            (q[k - 1] * v[k - 1] * v[k - 1] - kt) / q[k]
        }
    };
    let (h2, h4) = (0.5 * h, 0.25 * h);
    // Down the chain.
    v[m - 1] += h2 * force(m - 1, v, ke2);
    for k in (0..m - 1).rev() {
        let e = libm::exp(-h4 * v[k + 1]);
        v[k] *= e;
        v[k] += h2 * force(k, v, ke2);
        v[k] *= e;
    }
    // Scale the thermostatted velocities.
    let s = libm::exp(-h * v[0]);
    ke2 *= s * s;
    for k in 0..m {
        eta[k] += h * v[k];
    }
    // Up the chain.
    for k in 0..m - 1 {
        let e = libm::exp(-h4 * v[k + 1]);
        v[k] *= e;
        v[k] += h2 * force(k, v, ke2);
        v[k] *= e;
    }
    v[m - 1] += h2 * force(m - 1, v, ke2);
    s
}
