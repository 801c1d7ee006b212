//! The scenario: everything that defines a run, seed included, as one serde type. The CLI's JSON
//! input, the web page's share link and the LAMMPS export are all views of it.
//!
//! JSON example:
//! ```json
//! { "version": 1,
//!   "structure": { "particles": [
//!       { "shape": "sphere", "diameter_nm": 3.0, "chemistry": { "kind": "pure", "element": "Au" } },
//!       { "shape": "sphere", "diameter_nm": 3.0, "chemistry": { "kind": "pure", "element": "Au" } } ],
//!     "gap_angstrom": 4.0, "axis": [1, 0, 0] },
//!   "potential": { "kind": "zhou" },
//!   "temperature_K": 873, "thermostat": "nose-hoover", "damping_ps": 0.1,
//!   "dt_ps": 0.002, "steps": 10000, "seed": 42, "output_every": 100 }
//! ```

use crate::analysis::RunInfo;
use crate::base::error::Result;
use crate::base::math::rotation_matrix;
use crate::md::integrator::Integrator;
use crate::md::thermostat::ThermostatKind;
pub use crate::potential::spec::PotentialSpec;
use crate::structure::SceneSpec;
use serde::{Deserialize, Serialize};

/// Current scenario format version.
pub const SCENARIO_VERSION: u32 = 1;

/// Where the atoms come from.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
pub enum StructureSpec {
    /// Built particles.
    Scene(SceneSpec),
    /// A bulk crystal in a box periodic along x, y and z ([`crate::structure::bulk`]).
    Bulk {
        /// The crystal.
        bulk: crate::structure::bulk::Bulk,
    },
    /// An extxyz file (CLI only).
    File {
        /// Path, relative to the scenario file.
        file: String,
    },
}

/// The defaults of a scenario's optional parameters (JSON, share links and the CLI alike).
impl Scenario {
    /// Thermostat.
    pub const DEFAULT_THERMOSTAT: ThermostatKind = ThermostatKind::NoseHoover;
    /// Thermostat damping, ps.
    pub const DEFAULT_DAMPING_PS: f64 = 0.1;
    /// Time step, ps.
    pub const DEFAULT_DT_PS: f64 = 0.002;
    /// Output cadence, steps.
    pub const DEFAULT_OUTPUT_EVERY: u64 = 100;
}

fn default_version() -> u32 {
    SCENARIO_VERSION
}
fn default_thermostat() -> ThermostatKind {
    Scenario::DEFAULT_THERMOSTAT
}
fn default_damping() -> f64 {
    Scenario::DEFAULT_DAMPING_PS
}
fn default_dt() -> f64 {
    Scenario::DEFAULT_DT_PS
}
fn default_every() -> u64 {
    Scenario::DEFAULT_OUTPUT_EVERY
}
fn default_skin() -> f64 {
    crate::md::forces::DEFAULT_SKIN
}

/// A complete run definition.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version.
    #[serde(default = "default_version")]
    pub version: u32,
    /// Atoms.
    pub structure: StructureSpec,
    /// Potential.
    #[serde(default)]
    pub potential: PotentialSpec,
    /// Temperature at the start (and of the initial velocities), K.
    #[serde(rename = "temperature_K")]
    pub temperature: f64,
    /// Temperature at the end of a linear ramp, K (default: constant).
    #[serde(
        rename = "final_temperature_K",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub final_temperature: Option<f64>,
    /// Thermostat (`none` = NVE after drawing velocities).
    #[serde(default = "default_thermostat")]
    pub thermostat: ThermostatKind,
    /// Thermostat damping/period, ps.
    #[serde(default = "default_damping")]
    pub damping_ps: f64,
    /// Time step, ps.
    #[serde(default = "default_dt")]
    pub dt_ps: f64,
    /// The integrator (velocity Verlet unless given; see [`crate::md::integrator`]).
    #[serde(default, skip_serializing_if = "Integrator::is_default")]
    pub integrator: Integrator,
    /// Number of steps.
    pub steps: u64,
    /// Random seed (velocities, thermostat noise, random alloys).
    pub seed: u64,
    /// Output cadence, steps.
    #[serde(default = "default_every")]
    pub output_every: u64,
    /// Verlet skin, Å.
    #[serde(rename = "skin_A", default = "default_skin")]
    pub skin: f64,
    /// Hybrid MD/MC: Metropolis species swaps every so many steps (none: plain MD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mc: Option<crate::mc::swap::SwapSpec>,
    /// A support under the particles (a Lennard-Jones 9-3 wall; none: free particles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<crate::potential::wall::WallSpec>,
    /// A crystalline substrate under the particles (a periodic slab, its bottom layers fixed;
    /// see [`crate::structure::slab`]). Not with `support`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substrate: Option<crate::structure::slab::Slab>,
    /// A press: a plate of the substrate's crystal on the particles, pushed down at a set
    /// pressure (see [`crate::structure::press`]). Needs `substrate`, the lower plate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub press: Option<crate::structure::press::Press>,
    /// A barostat (NPT with the Nosé–Hoover thermostat, NPH without one) for a box periodic
    /// along x, y and z (see [`crate::md::barostat`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barostat: Option<crate::md::barostat::BarostatSpec>,
    /// Live changes (temperature, thermostat) at given steps, in step order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<crate::run::steering::SteerEvent>,
}

impl Scenario {
    /// Parses scenario JSON with a clear message on failure.
    pub fn from_json(text: &str) -> Result<Scenario> {
        let s: Scenario = serde_json::from_str(text)
            .map_err(|e| crate::Error::new(format!("scenario JSON: {e}")))?;
        s.validate()?;
        Ok(s)
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("scenario serialises")
    }

    /// What the analysis may know of this run beyond its atoms: the initial lattice orientations
    /// of the first two particles of a built scene (none for atoms from a file or a single
    /// particle).
    pub fn run_info(&self) -> RunInfo {
        let orientations = match &self.structure {
            StructureSpec::Scene(scene) if scene.particles.len() >= 2 => {
                Some([0, 1].map(|p| rotation_matrix(scene.particles[p].rotation_deg)))
            }
            _ => None,
        };
        RunInfo {
            orientations,
            support: None,
            substrate: None,
            press: None,
            bulk: match &self.structure {
                StructureSpec::Bulk { bulk } => Some(bulk.lattice),
                _ => None,
            },
            barostat: self.barostat.is_some(),
        }
    }

    /// Checks every parameter is physically sensible; the message names the offending one.
    pub fn validate(&self) -> Result<()> {
        if self.version != SCENARIO_VERSION {
            bail!("scenario version {} is not supported (this build reads version {SCENARIO_VERSION})", self.version);
        }
        check_temperature("temperature_K", self.temperature)?;
        crate::run::steering::validate(&self.events, self.steps)?;
        if let Some(t) = self.final_temperature {
            check_temperature("final_temperature_K", t)?;
        }
        if !(self.dt_ps.is_finite() && self.dt_ps > 0.0 && self.dt_ps <= 0.02) {
            bail!("dt_ps = {} ps is out of range: use a time step in (0, 0.02] ps (1–5 fs is usual for metals)", self.dt_ps);
        }
        if self.thermostat != ThermostatKind::None
            && !(self.damping_ps.is_finite()
                && self.damping_ps >= self.dt_ps
                && self.damping_ps <= 1e6)
        {
            bail!(
                "damping_ps = {} ps is out of range [{} (the time step), 1e6] ps",
                crate::base::error::readable(self.damping_ps),
                self.dt_ps
            );
        }
        if self.steps > 1_000_000_000 {
            bail!("steps = {} is too many (at most 1e9)", self.steps);
        }
        if self.output_every == 0 {
            bail!("output_every must be at least 1");
        }
        if !(self.skin.is_finite() && self.skin > 0.0 && self.skin <= 5.0) {
            bail!("skin_A = {} Å is out of range (0, 5]", self.skin);
        }
        if let Some(mc) = &self.mc {
            mc.validate()?;
        }
        if let Some(w) = &self.support {
            w.validate()?;
        }
        if let Some(slab) = &self.substrate {
            slab.validate()?;
            if self.support.is_some() {
                bail!("choose one support: a wall (support) or a crystalline substrate (substrate), not both");
            }
            if !matches!(self.structure, StructureSpec::Scene(_)) {
                bail!("a substrate goes under built particles: it cannot be added to atoms read from a file");
            }
        }
        if let Some(p) = &self.press {
            p.validate()?;
            if self.substrate.is_none() {
                bail!("a press needs a crystalline substrate as its lower plate (add a substrate)");
            }
        }
        if let StructureSpec::Bulk { bulk } = &self.structure {
            bulk.validate()?;
            if self.support.is_some() || self.substrate.is_some() {
                bail!("a bulk crystal fills its periodic box: it takes no support or substrate");
            }
        }
        if let Some(b) = &self.barostat {
            b.validate(self.dt_ps)?;
            if !self.integrator.is_default() {
                bail!("the barostat integrates with velocity Verlet (as LAMMPS' fix npt): choose velocity-verlet, not {}", self.integrator.name());
            }
            let kinds =
                std::iter::once(self.thermostat).chain(self.events.iter().filter_map(|e| {
                    match e.change {
                        crate::run::steering::Steer::Thermostat { thermostat } => Some(thermostat),
                        _ => None,
                    }
                }));
            for k in kinds {
                if !matches!(k, ThermostatKind::NoseHoover | ThermostatKind::None) {
                    bail!("the barostat works with the Nosé–Hoover thermostat (NPT, as LAMMPS' fix npt) or none (NPH): not with {}", k.label());
                }
            }
            if matches!(self.structure, StructureSpec::Scene(_)) && self.substrate.is_none() {
                bail!("a barostat needs a box periodic along x, y and z: use a bulk crystal (or a file with a Lattice), not free particles");
            }
            if self.substrate.is_some() {
                bail!("a barostat scales every atom with the box: it cannot be used with a substrate (periodic only along x and z, its bottom layers fixed)");
            }
        }
        if !self.integrator.is_default() {
            let langevin = self.thermostat == ThermostatKind::Langevin
                || self.events.iter().any(|e| {
                    e.change
                        == crate::run::steering::Steer::Thermostat {
                            thermostat: ThermostatKind::Langevin,
                        }
                });
            if langevin {
                bail!(
                    "the Langevin thermostat integrates with its own BAOAB splitting: use it with velocity-verlet, or choose another thermostat for {}",
                    self.integrator.name()
                );
            }
        }
        Ok(())
    }
}

fn check_temperature(name: &str, t: f64) -> Result<()> {
    if !(t.is_finite() && (0.0..=20_000.0).contains(&t)) {
        bail!("{name} = {t} K is out of range [0, 20000] K");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Found by `fuzz/fuzz_targets/scenario_json.rs`: serde_json's default float reader is off by
    /// one ulp for some long decimals (`1.083888888888000000000E80` read as `…880001e80`), so a
    /// scenario written back and read again was a different scenario. The `float_roundtrip`
    /// feature makes the reader exact; the value read equals Rust's own correctly rounded parse.
    #[test]
    fn json_numbers_are_read_exactly_and_round_trip() {
        let text = "1.083888888888000000000E80";
        let read: f64 = serde_json::from_str(text).unwrap();
        assert_eq!(read, text.parse::<f64>().unwrap());
        let back: f64 = serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
        assert_eq!(back.to_bits(), read.to_bits());
    }
}
