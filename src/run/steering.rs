//! Live steering: changes a user makes while a run goes (a temperature jump or ramp from now, the
//! thermostat switched), each an *event* of the scenario at the step it was made, so that the
//! share link, the CLI's replay and the LAMMPS deck reproduce the steered run. The temperature
//! events become [`TemperatureChange`]s of the MD schedule (acting from the step after the
//! event's); a thermostat event replaces the thermostat (fresh state, same seed) for the steps
//! after the event's. Either way an event made at step k leaves steps ≤ k (and their outputs and
//! swap blocks) as they were, so a replay from step 0 matches the live run.
//!
//! Link form (`ev=`, comma-separated, in step order): `STEP:T:K` (jump to K), `STEP:ramp:K:N`
//! (ramp to K over N steps), `STEP:thermostat:NAME` (none, langevin, nose-hoover, csvr).

use crate::base::error::{Error, Result};
use crate::md::integrate::TemperatureChange;
use crate::md::thermostat::ThermostatKind;
use serde::{Deserialize, Serialize};

/// The most events a scenario may carry (a link stays shareable).
pub const MAX_EVENTS: usize = 200;

/// One change, made at `step` (after that many steps were integrated).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct SteerEvent {
    /// The step it was made at.
    pub step: u64,
    /// What changed.
    #[serde(flatten)]
    pub change: Steer,
}

/// What a steering event changes.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Steer {
    /// The target temperature jumps to `temperature_K` and stays.
    Temperature {
        /// New target, K.
        #[serde(rename = "temperature_K")]
        temperature: f64,
    },
    /// The target ramps linearly from its current value to `temperature_K` over `steps`.
    Ramp {
        /// Target at the end of the ramp, K.
        #[serde(rename = "temperature_K")]
        temperature: f64,
        /// Length of the ramp, steps.
        steps: u64,
    },
    /// The thermostat is switched (`none`: NVE from here).
    Thermostat {
        /// The new thermostat.
        thermostat: ThermostatKind,
    },
}

impl SteerEvent {
    /// The event's link form (see the module docs).
    pub fn to_link(&self) -> String {
        let s = self.step;
        match self.change {
            Steer::Temperature { temperature } => format!("{s}:T:{temperature}"),
            Steer::Ramp { temperature, steps } => format!("{s}:ramp:{temperature}:{steps}"),
            Steer::Thermostat { thermostat } => format!("{s}:thermostat:{}", thermostat.name()),
        }
    }

    /// Parses one event of a link's `ev=` list; the message quotes the event.
    pub fn from_link(text: &str) -> Result<SteerEvent> {
        let bad = |why: &str| Error::new(format!("link event '{text}': {why}"));
        let parts: Vec<&str> = text.split(':').collect();
        let step: u64 = parts[0]
            .parse()
            .map_err(|_| bad("the step must be a whole number"))?;
        let temp = |s: &str| -> Result<f64> {
            s.parse::<f64>()
                .ok()
                .filter(|t| t.is_finite())
                .ok_or_else(|| bad("the temperature is not a number"))
        };
        let change = match parts.get(1..) {
            Some(["T", t]) => Steer::Temperature {
                temperature: temp(t)?,
            },
            Some(["ramp", t, n]) => Steer::Ramp {
                temperature: temp(t)?,
                steps: n
                    .parse()
                    .map_err(|_| bad("the ramp length must be a whole number of steps"))?,
            },
            Some(["thermostat", name]) => Steer::Thermostat {
                thermostat: ThermostatKind::from_name(name).map_err(|e| bad(e.message()))?,
            },
            _ => {
                return Err(bad(
                    "use STEP:T:K, STEP:ramp:K:STEPS or STEP:thermostat:NAME",
                ))
            }
        };
        Ok(SteerEvent { step, change })
    }
}

/// Checks a scenario's events: in non-decreasing step order, within the run, at most
/// [`MAX_EVENTS`], temperatures in range, ramps that end within the run.
pub fn validate(events: &[SteerEvent], run_steps: u64) -> Result<()> {
    if events.len() > MAX_EVENTS {
        bail!(
            "{} steering events is too many (at most {MAX_EVENTS})",
            events.len()
        );
    }
    for (k, e) in events.iter().enumerate() {
        let at = e.to_link();
        if k > 0 && e.step < events[k - 1].step {
            bail!(
                "steering event '{at}' comes before the event it follows (events go in step order)"
            );
        }
        if e.step >= run_steps {
            bail!("steering event '{at}' is at or after the end of the run ({run_steps} steps)");
        }
        match e.change {
            Steer::Temperature { temperature } | Steer::Ramp { temperature, .. }
                if !(temperature.is_finite() && (0.0..=20_000.0).contains(&temperature)) =>
            {
                bail!("steering event '{at}': temperature {temperature} K is out of range [0, 20000] K")
            }
            Steer::Ramp { steps, .. } if steps == 0 || steps > 100_000_000 => {
                bail!("steering event '{at}': a ramp takes 1 to 10⁸ steps")
            }
            _ => {}
        }
    }
    Ok(())
}

/// The temperature events as schedule changes.
pub fn temperature_changes(events: &[SteerEvent]) -> Vec<TemperatureChange> {
    events
        .iter()
        .filter_map(|e| match e.change {
            Steer::Temperature { temperature } => Some(TemperatureChange {
                step: e.step,
                to: temperature,
                over: 0,
            }),
            Steer::Ramp { temperature, steps } => Some(TemperatureChange {
                step: e.step,
                to: temperature,
                over: steps,
            }),
            Steer::Thermostat { .. } => None,
        })
        .collect()
}

/// The thermostat in force after `step` steps: the scenario's, or that of the last thermostat
/// event at or before `step`.
pub fn thermostat_at(events: &[SteerEvent], initial: ThermostatKind, step: u64) -> ThermostatKind {
    events
        .iter()
        .take_while(|e| e.step <= step)
        .fold(initial, |t, e| match e.change {
            Steer::Thermostat { thermostat } => thermostat,
            _ => t,
        })
}

/// The first thermostat event strictly after `step`, if any (its step).
pub fn next_thermostat_switch(events: &[SteerEvent], step: u64) -> Option<u64> {
    events
        .iter()
        .find(|e| e.step > step && matches!(e.change, Steer::Thermostat { .. }))
        .map(|e| e.step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_through_their_link_form_and_bad_ones_are_named() {
        let events = [
            SteerEvent {
                step: 100,
                change: Steer::Temperature { temperature: 950.5 },
            },
            SteerEvent {
                step: 200,
                change: Steer::Ramp {
                    temperature: 1200.0,
                    steps: 500,
                },
            },
            SteerEvent {
                step: 200,
                change: Steer::Thermostat {
                    thermostat: ThermostatKind::None,
                },
            },
        ];
        for e in events {
            assert_eq!(SteerEvent::from_link(&e.to_link()).unwrap(), e);
        }
        assert_eq!(events[1].to_link(), "200:ramp:1200:500");
        validate(&events, 1000).unwrap();
        for (text, want) in [
            ("x:T:900", "whole number"),
            ("10:T:hot", "not a number"),
            ("10:ramp:900", "use STEP:T:K"),
            ("10:thermostat:berendsen", "unknown thermostat"),
            ("10:melt", "use STEP:T:K"),
        ] {
            let e = SteerEvent::from_link(text).unwrap_err().to_string();
            assert!(e.contains(text) && e.contains(want), "{text}: {e}");
        }
        let reversed = [events[1], events[0]];
        assert!(validate(&reversed, 1000)
            .unwrap_err()
            .to_string()
            .contains("step order"));
        assert!(validate(&events, 150)
            .unwrap_err()
            .to_string()
            .contains("end of the run"));
        let hot = [SteerEvent::from_link("5:T:1e9").unwrap()];
        assert!(validate(&hot, 10)
            .unwrap_err()
            .to_string()
            .contains("out of range"));
        assert_eq!(
            thermostat_at(&events, ThermostatKind::Csvr, 199),
            ThermostatKind::Csvr
        );
        assert_eq!(
            thermostat_at(&events, ThermostatKind::Csvr, 200),
            ThermostatKind::None
        );
        assert_eq!(next_thermostat_switch(&events, 0), Some(200));
        assert_eq!(next_thermostat_switch(&events, 200), None);
        assert_eq!(temperature_changes(&events).len(), 2);
    }
}
