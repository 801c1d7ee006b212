//! The MD run: the integrator ([`crate::md::integrator`], velocity Verlet by default) as the
//! thermostat splits it, the temperature schedule, and the blow-up check.
//!
//! `v ← v + (dt/2) F/m; x ← x + dt v; F ← F(x); v ← v + (dt/2) F/m`, with the thermostat's
//! half-steps before and after (or, for Langevin, its O step in the middle of the drift): each
//! thermostat's [`Thermostat::step`] composes the moves of [`VerletStep`] (see
//! [`crate::md::thermostat`]).

use crate::base::error::Result;
use crate::md::forces::ForceEngine;
use crate::md::integrator::Integrator;
use crate::md::thermostat::{Thermostat, VerletStep};
use crate::system::System;

use crate::md::blowup::BlowUpWatch;
pub use crate::md::blowup::BLOWUP_TEMPERATURE;

/// Target temperature over a run: linear from `start` to `end` over `steps` steps, then changed
/// from given steps on by [`TemperatureChange`]s (live steering, in step order).
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// Temperature at step 0, K.
    pub start: f64,
    /// Temperature at the last step, K.
    pub end: f64,
    /// Length of the ramp in steps.
    pub steps: u64,
    /// Changes from given steps on, in non-decreasing step order.
    pub changes: Vec<TemperatureChange>,
}

/// After `step`, the target goes linearly from its value at `step` to `to` (K) over `over`
/// steps (0: a jump), and stays there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TemperatureChange {
    /// The step the change starts at.
    pub step: u64,
    /// Target at the end of the change, K.
    pub to: f64,
    /// Length of the ramp, steps (0: a jump).
    pub over: u64,
}

/// The piece of the schedule in force: a linear ramp from (`from_step`, `from`) to `to` over
/// `over` steps, then `to`.
#[derive(Clone, Copy)]
struct Piece {
    from_step: u64,
    from: f64,
    to: f64,
    over: u64,
}

impl Piece {
    fn at(&self, step: u64) -> f64 {
        if self.over == 0 {
            return self.to;
        }
        let f = (step.saturating_sub(self.from_step).min(self.over)) as f64 / self.over as f64;
        self.from + (self.to - self.from) * f
    }
}

impl Schedule {
    /// A schedule without changes.
    pub fn ramp(start: f64, end: f64, steps: u64) -> Schedule {
        Schedule {
            start,
            end,
            steps,
            changes: Vec::new(),
        }
    }

    /// Target temperature at `step`, K: `T0 + (T1 − T0) · step / steps` (clamped to the ramp)
    /// up to the first change; a change made at step k acts from step k + 1 on (step k's target
    /// was in use when it was made), ramping from the value the schedule had at k to its `to`
    /// over its `over` steps. Cost: O(changes).
    pub fn at(&self, step: u64) -> f64 {
        self.piece(|c| c.step < step).at(step)
    }

    /// The target just after `step` with the changes made at `step` applied (where a segment
    /// starting at `step` starts: the new value after a jump made at `step`), K.
    pub fn at_after(&self, step: u64) -> f64 {
        self.piece(|c| c.step <= step).at(step)
    }

    /// The piece in force after the changes `applies` accepts (a prefix, in step order).
    fn piece(&self, applies: impl Fn(&TemperatureChange) -> bool) -> Piece {
        let base = Piece {
            from_step: 0,
            from: self.start,
            to: self.end,
            over: self.steps,
        };
        self.changes
            .iter()
            .take_while(|c| applies(c))
            .fold(base, |piece, c| Piece {
                from_step: c.step,
                from: piece.at(c.step),
                to: c.to,
                over: c.over,
            })
    }

    /// The steps where the schedule's slope may change (0, each change, each ramp's end, the
    /// base ramp's end), sorted and unique: between two of them the target is linear in the step.
    pub fn breakpoints(&self) -> Vec<u64> {
        let mut b = vec![0, self.steps];
        for c in &self.changes {
            b.push(c.step);
            b.push(c.step + c.over);
        }
        b.sort_unstable();
        b.dedup();
        b
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
    /// Checks after every step that the run is still physical.
    pub watch: BlowUpWatch,
    /// The NVE core of each step (velocity Verlet unless chosen otherwise).
    pub integrator: Integrator,
}

impl Md {
    /// Starts a run: refuses overlapping atoms, computes the initial forces and refuses a
    /// crushed start (see [`BlowUpWatch::check_start`]).
    pub fn new(
        sys: System,
        mut engine: ForceEngine,
        thermostat: Box<dyn Thermostat>,
        dt: f64,
        schedule: Schedule,
    ) -> Result<Md> {
        let closest = engine.check_overlaps(&sys)?;
        let energy = engine.compute(&sys)?;
        let watch = BlowUpWatch::new(&sys, dt, closest);
        watch.check_start(&sys, energy)?;
        Ok(Md {
            watch,
            sys,
            engine,
            thermostat,
            dt,
            step: 0,
            schedule,
            integrator: Integrator::VelocityVerlet,
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
            integrator: self.integrator,
        };
        let target = s.target;
        if let Err(e) = self.thermostat.step(&mut s) {
            return Err(self.watch.failed_step(self.step, target, e));
        }
        self.step += 1;
        self.watch
            .check(&self.sys, self.engine.energy, self.step, target)
    }

    /// Advances `n` steps (with the thread pool held as one team throughout, see
    /// [`crate::base::parallel::with_team`]).
    pub fn run(&mut self, n: u64) -> Result<()> {
        crate::base::parallel::with_team(|| {
            for _ in 0..n {
                self.step()?;
            }
            Ok(())
        })
    }

    /// Simulated time, ps.
    pub fn time(&self) -> f64 {
        self.step as f64 * self.dt
    }

    /// Potential energy, eV.
    pub fn potential_energy(&self) -> f64 {
        self.engine.energy
    }

    /// Kinetic + potential + thermostat reservoir energy (+ a press's load energy, P·A·y) (eV):
    /// constant in NVE and for the Nosé–Hoover chain and CSVR up to integration error.
    pub fn conserved_energy(&self) -> f64 {
        self.engine.energy
            + self.engine.load_energy(&self.sys)
            + self.sys.kinetic_energy()
            + self
                .thermostat
                .reservoir_energy(&self.sys, self.schedule.at(self.step))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_changes_jump_and_ramp_from_the_value_they_find() {
        let mut s = Schedule::ramp(300.0, 500.0, 100);
        assert_eq!(
            (s.at(0), s.at(50), s.at(100), s.at(200)),
            (300.0, 400.0, 500.0, 500.0)
        );
        s.changes = vec![
            TemperatureChange {
                step: 50,
                to: 800.0,
                over: 0,
            },
            TemperatureChange {
                step: 60,
                to: 600.0,
                over: 20,
            },
            TemperatureChange {
                step: 70,
                to: 1000.0,
                over: 10,
            },
        ];
        // Base ramp up to 50, the jump after 50, the ramp from 800 at 60 (700 at 70), then a
        // ramp from 700 towards 1000 that ends at 80 and holds.
        assert_eq!((s.at(49), s.at(50)), (398.0, 400.0));
        assert_eq!((s.at(51), s.at(59)), (800.0, 800.0));
        assert_eq!((s.at(60), s.at(65)), (800.0, 750.0));
        assert_eq!(
            (s.at(70), s.at(75), s.at(80), s.at(1000)),
            (700.0, 850.0, 1000.0, 1000.0)
        );
        assert_eq!(s.breakpoints(), vec![0, 50, 60, 70, 80, 100]);
        assert_eq!(
            (s.at_after(50), s.at_after(49), s.at_after(70)),
            (800.0, 398.0, 700.0)
        );
    }
}
