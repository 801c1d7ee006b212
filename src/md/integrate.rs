//! The MD run: velocity Verlet as the thermostat splits it, the temperature schedule, and the
//! blow-up check.
//!
//! `v ← v + (dt/2) F/m; x ← x + dt v; F ← F(x); v ← v + (dt/2) F/m`, with the thermostat's
//! half-steps before and after (or, for Langevin, its O step in the middle of the drift): each
//! thermostat's [`Thermostat::step`] composes the moves of [`VerletStep`] (see
//! [`crate::md::thermostat`]).

use crate::base::error::Result;
use crate::md::forces::ForceEngine;
use crate::md::thermostat::{Thermostat, VerletStep};
use crate::system::System;

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
    pub thermostat: Box<dyn Thermostat>,
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
        thermostat: Box<dyn Thermostat>,
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
        let mut s = VerletStep {
            sys: &mut self.sys,
            engine: &mut self.engine,
            dt: self.dt,
            target: self.schedule.at(self.step + 1),
            step: self.step,
        };
        self.thermostat.step(&mut s)?;
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
