//! Velocity Verlet with a thermostat, and the temperature schedule.
//!
//! `v ← v + (dt/2) F/m; x ← x + dt v; F ← F(x); v ← v + (dt/2) F/m`, with the thermostat's
//! half-steps before and after (or, for Langevin, its O step in the middle of the drift; see
//! [`crate::thermostat`]). Force/mass in eV/(Å·amu) is converted to Å/ps² by `FTM2V`.

use crate::base::error::Result;
use crate::base::units::FTM2V;
use crate::forces::ForceEngine;
use crate::system::System;
use crate::thermostat::Thermostat;

/// Instantaneous temperature above which a run is declared blown up, K (ten times the highest
/// temperature a scenario may ask for).
pub const BLOWUP_TEMPERATURE: f64 = 2.0e5;

/// Target temperature over a run: linear from `start` to `end` over `steps` steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schedule {
    /// Temperature at step 0, K.
    pub start: f64,
    /// Temperature at the last step, K.
    pub end: f64,
    /// Length of the ramp in steps.
    pub steps: u64,
}

impl Schedule {
    /// Target temperature at `step`, K: `T0 + (T1 − T0) · step / steps` (clamped to the ramp).
    pub fn at(&self, step: u64) -> f64 {
        if self.steps == 0 {
            return self.end;
        }
        let f = (step.min(self.steps)) as f64 / self.steps as f64;
        self.start + (self.end - self.start) * f
    }
}

/// A molecular-dynamics run in progress.
pub struct Md {
    /// Atoms.
    pub sys: System,
    /// Forces and the potential.
    pub engine: ForceEngine,
    /// Thermostat and its state.
    pub thermostat: Thermostat,
    /// Time step, ps.
    pub dt: f64,
    /// Steps done.
    pub step: u64,
    /// Temperature schedule.
    pub schedule: Schedule,
}

impl Md {
    /// Starts a run: computes the initial forces.
    pub fn new(
        sys: System,
        mut engine: ForceEngine,
        thermostat: Thermostat,
        dt: f64,
        schedule: Schedule,
    ) -> Result<Md> {
        engine.compute(&sys)?;
        Ok(Md {
            sys,
            engine,
            thermostat,
            dt,
            step: 0,
            schedule,
        })
    }

    /// Advances one time step.
    pub fn step(&mut self) -> Result<()> {
        let dt = self.dt;
        let t = self.schedule.at(self.step + 1);
        self.thermostat
            .half_step(&mut self.sys, 0.5 * dt, t, self.step, 0);
        kick(&mut self.sys, &self.engine.forces, 0.5 * dt);
        if self.thermostat.splits_drift() {
            drift(&mut self.sys, 0.5 * dt);
            self.thermostat.mid_drift(&mut self.sys, dt, t, self.step);
            drift(&mut self.sys, 0.5 * dt);
        } else {
            drift(&mut self.sys, dt);
        }
        self.engine
            .compute(&self.sys)
            .map_err(|e| e.context(format!("step {}", self.step + 1)))?;
        kick(&mut self.sys, &self.engine.forces, 0.5 * dt);
        self.thermostat
            .half_step(&mut self.sys, 0.5 * dt, t, self.step, 1);
        self.step += 1;
        let temp = self.sys.temperature();
        if temp.is_nan() || temp > BLOWUP_TEMPERATURE {
            bail!(
                "the run has blown up at step {}: temperature {temp:.3e} K (time step {} ps too large, or atoms started too close?)",
                self.step,
                self.dt
            );
        }
        Ok(())
    }

    /// Advances `n` steps.
    pub fn run(&mut self, n: u64) -> Result<()> {
        for _ in 0..n {
            self.step()?;
        }
        Ok(())
    }

    /// Simulated time, ps.
    pub fn time(&self) -> f64 {
        self.step as f64 * self.dt
    }

    /// Potential energy, eV.
    pub fn potential_energy(&self) -> f64 {
        self.engine.energy
    }

    /// Kinetic + potential + thermostat reservoir energy (eV): constant in NVE and for the
    /// Nosé–Hoover chain and CSVR up to integration error.
    pub fn conserved_energy(&self) -> f64 {
        self.engine.energy
            + self.sys.kinetic_energy()
            + self
                .thermostat
                .reservoir_energy(&self.sys, self.schedule.at(self.step))
    }
}

/// v ← v + h F/m.
fn kick(sys: &mut System, f: &[[f64; 3]], h: f64) {
    for i in 0..sys.len() {
        let a = h * FTM2V / sys.mass(i);
        for k in 0..3 {
            sys.vel[i][k] += a * f[i][k];
        }
    }
}

/// x ← x + h v.
fn drift(sys: &mut System, h: f64) {
    for (x, v) in sys.pos.iter_mut().zip(&sys.vel) {
        for k in 0..3 {
            x[k] += h * v[k];
        }
    }
}
