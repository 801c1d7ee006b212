//! Initial velocities: Maxwell–Boltzmann at temperature T, with zero total momentum and (for open
//! clusters) zero angular momentum, rescaled to exactly T — what LAMMPS' `velocity all create T
//! seed mom yes rot yes dist gaussian` does, with counter-based noise so every platform and thread
//! count gets the same velocities.

use crate::base::math::{from_rows, inverse, v3};
use crate::base::rng::counter_normal;
use crate::base::units::{KB, MVV2E};
use crate::system::System;

/// Random-stream tag for initial velocities.
const STREAM_VELOCITY: u64 = 0x7665_6c6f_6369_7479;

/// Draws velocities at temperature `t` (K) from `seed`; fixed atoms ([`System::fixed`]) and a
/// press's plate ([`System::piston`]) are set at rest and the momentum of the thermal ones is
/// removed (LAMMPS' `velocity mobile create`).
pub fn maxwell_boltzmann(sys: &mut System, t: f64, seed: u64) {
    let n = sys.mobile();
    for v in &mut sys.vel[n..] {
        *v = [0.0; 3];
    }
    for i in 0..n {
        let sigma = (KB * t / (sys.mass(i) * MVV2E)).sqrt();
        for k in 0..3 {
            sys.vel[i][k] = sigma * counter_normal(seed, STREAM_VELOCITY, (3 * i + k) as u64);
        }
    }
    zero_momentum(sys);
    if sys.cell.is_none() {
        zero_angular_momentum(sys);
    }
    scale_to_temperature(sys, t);
}

/// Removes the centre-of-mass velocity of the mobile atoms: v ← v − P/M (M over the mobile
/// atoms, P over all: the fixed atoms and a press's plate are at rest when it is called).
pub fn zero_momentum(sys: &mut System) {
    let n = sys.mobile();
    let m: f64 = (0..n).map(|i| sys.mass(i)).sum();
    if m <= 0.0 {
        return;
    }
    let p = sys.momentum();
    for v in sys.vel[..n].iter_mut() {
        *v = (v3(*v) - p / m).to_array();
    }
}

/// Removes rigid rotation about the centre of mass: ω = I⁻¹ L, v ← v − ω × (r − r_cm), with the
/// inertia tensor `I = Σ m (|r|² 1 − r rᵀ)` (nothing to remove for fewer than 3 atoms or a
/// singular tensor).
pub fn zero_angular_momentum(sys: &mut System) {
    if sys.len() < 3 {
        return;
    }
    let c = sys.center_of_mass();
    let l = sys.angular_momentum();
    let mut inertia = [[0.0; 3]; 3];
    for i in 0..sys.len() {
        let r = v3(sys.pos[i]) - c;
        let m = sys.mass(i);
        let r2 = r.length_squared();
        for a in 0..3 {
            for b in 0..3 {
                inertia[a][b] += m * (if a == b { r2 } else { 0.0 } - r[a] * r[b]);
            }
        }
    }
    let Some(inv) = inverse(&from_rows(inertia)) else {
        return;
    };
    let w = inv * l;
    for i in 0..sys.len() {
        let u = w.cross(v3(sys.pos[i]) - c);
        sys.vel[i] = (v3(sys.vel[i]) - u).to_array();
    }
}

/// Rescales velocities so the temperature is exactly `t` (no-op if all at rest).
pub fn scale_to_temperature(sys: &mut System, t: f64) {
    let now = sys.temperature();
    if now > 0.0 {
        let s = (t / now).sqrt();
        let n = sys.mobile();
        sys.vel[..n]
            .iter_mut()
            .for_each(|v| v.iter_mut().for_each(|c| *c *= s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(n: usize) -> System {
        let mut r = crate::base::rng::Rng::new(1, 1);
        System {
            elements: vec!["Au".into(), "Ag".into()],
            masses: vec![196.97, 107.87],
            species: (0..n).map(|i| (i % 2) as u16).collect(),
            particle: vec![0; n],
            pos: (0..n)
                .map(|_| [r.uniform() * 20.0, r.uniform() * 10.0, r.uniform() * 5.0])
                .collect(),
            vel: vec![[0.0; 3]; n],
            cell: None,
            fixed: 0,
            piston: 0,
        }
    }

    #[test]
    fn velocities_have_exact_temperature_and_no_drift_or_spin() {
        let mut s = cluster(500);
        maxwell_boltzmann(&mut s, 873.0, 42);
        assert!((s.temperature() - 873.0).abs() < 1e-9);
        let p = s.momentum();
        let l = s.angular_momentum();
        assert!(p.abs().max_element() < 1e-9, "p {p:?}");
        assert!(l.abs().max_element() < 1e-7, "L {l:?}");
        let mut t = cluster(500);
        maxwell_boltzmann(&mut t, 873.0, 43);
        assert_ne!(s.vel, t.vel);
    }

    #[test]
    fn velocity_components_are_gaussian_with_the_right_width() {
        let mut s = cluster(4000);
        s.species.iter_mut().for_each(|t| *t = 0);
        maxwell_boltzmann(&mut s, 600.0, 7);
        let sigma2 = KB * 600.0 / (196.97 * MVV2E);
        let vx: Vec<f64> = s.vel.iter().map(|v| v[0]).collect();
        let m2 = vx.iter().map(|v| v * v).sum::<f64>() / vx.len() as f64;
        let m4 = vx.iter().map(|v| v.powi(4)).sum::<f64>() / vx.len() as f64;
        assert!((m2 / sigma2 - 1.0).abs() < 0.06, "{}", m2 / sigma2);
        // Gaussian kurtosis is 3.
        assert!((m4 / (m2 * m2) - 3.0).abs() < 0.3, "{}", m4 / (m2 * m2));
    }
}
