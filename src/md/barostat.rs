//! A Nosé–Hoover barostat for periodic systems, as LAMMPS' `fix npt` (with the Nosé–Hoover
//! chain on the atoms) and `fix nph` (without): the Martyna–Tobias–Klein equations (J. Chem.
//! Phys. 101, 4177 (1994)) in the splitting of Shinoda, Shiga and Mikami (Phys. Rev. B 69,
//! 134103 (2004)) that LAMMPS integrates, with `mtk yes` and a chain of [`CHAIN`] on the
//! barostat (`pchain 3`).
//!
//! Variables: the box's logarithmic strain rates ω̇_k (1/ps), one shared by the three axes
//! (`iso`) or one per axis (`aniso`), of mass `W = (N + 1) k_B T τ_P²` each. Per half step h:
//! - `ω̇_k += h [ (P_kk − P₀) V / (W · nktv2p) + (2K / 3N) / W ]`, with the instantaneous
//!   pressure `P_kk = (Σ m v_k² + Σ r_k f_k) / V` (the virial over atoms and their periodic
//!   images, as LAMMPS' `fdotr`; `P = tr P / 3` for iso), in bar;
//! - velocities scaled by `exp(−h (ω̇_k + Σ_j ω̇_j / 3N))`;
//! - the box and every position scaled about the origin by `exp(h ω̇_k)`, before and after the
//!   drift (LAMMPS' `remap`, with `fixedpoint 0 0 0`).
//!
//! The order of one step ([`Npt`]): barostat chain, atoms' chain, ω̇, velocity scaling, kick,
//! box, drift, box, forces, kick, velocity scaling, ω̇, atoms' chain, barostat chain — LAMMPS'
//! `initial_integrate` then `final_integrate`. The conserved energy adds
//! `Σ ½ W ω̇_k² + P₀ V / nktv2p` and the barostat chain's energy. Cost: O(N) per half step (a
//! kinetic-energy tensor and one scaling of the velocities and positions).

use crate::base::error::Result;
use crate::base::units::{KB, MVV2E, NKTV2P};
use crate::md::thermostat::nose_hoover::{chain_scale, NoseHoover};
use crate::md::thermostat::{Thermostat, VerletStep};
use crate::system::System;
use serde::{Deserialize, Serialize};

/// Length of the Nosé–Hoover chain on the barostat (LAMMPS' default `pchain 3`).
pub const CHAIN: usize = 3;

/// How the box's axes are coupled.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Coupling {
    /// One strain rate for the three axes, driven by the mean pressure (LAMMPS `iso`): the box
    /// keeps its shape.
    #[default]
    Iso,
    /// One strain rate per axis, each driven by its own diagonal pressure (LAMMPS `aniso`).
    Aniso,
}

impl Coupling {
    /// The name used in scenarios and links.
    pub fn name(&self) -> &'static str {
        match self {
            Coupling::Iso => "iso",
            Coupling::Aniso => "aniso",
        }
    }

    /// Parses `iso` or `aniso`.
    pub fn from_name(s: &str) -> Result<Coupling> {
        Ok(match s {
            "iso" => Coupling::Iso,
            "aniso" => Coupling::Aniso,
            _ => bail!(
                "unknown barostat coupling '{}' (use iso or aniso)",
                s.chars().take(20).collect::<String>()
            ),
        })
    }

    /// True for the default (iso), which links leave out.
    pub fn is_default(&self) -> bool {
        *self == Coupling::Iso
    }
}

fn default_period() -> f64 {
    BarostatSpec::DEFAULT_PERIOD_PS
}

/// A barostat as a scenario names it (`barostat`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BarostatSpec {
    /// Target pressure, bar (negative: tension).
    #[serde(rename = "pressure_bar")]
    pub pressure: f64,
    /// Period of the box's oscillation τ_P, ps (LAMMPS' `Pdamp`).
    #[serde(rename = "period_ps", default = "default_period")]
    pub period: f64,
    /// Axes coupled (iso) or each on its own (aniso).
    #[serde(default, skip_serializing_if = "Coupling::is_default")]
    pub coupling: Coupling,
}

impl BarostatSpec {
    /// τ_P when none is given, ps (LAMMPS' advice: about 1000 time steps).
    pub const DEFAULT_PERIOD_PS: f64 = 1.0;
    /// Largest |target pressure|, bar (100 GPa).
    pub const MAX_PRESSURE_BAR: f64 = 1.0e6;

    /// Checks the pressure and the period (against the time step `dt`, ps).
    pub fn validate(&self, dt: f64) -> Result<()> {
        if !(self.pressure.is_finite() && self.pressure.abs() <= Self::MAX_PRESSURE_BAR) {
            bail!(
                "barostat pressure_bar = {} bar is out of range [−{max}, {max}] bar (1 GPa = 10 000 bar)",
                crate::base::error::readable(self.pressure),
                max = Self::MAX_PRESSURE_BAR
            );
        }
        if !(self.period.is_finite() && self.period >= 10.0 * dt && self.period <= 1e4) {
            bail!(
                "barostat period_ps = {} ps is out of range [{} (10 time steps), 10000] ps (about 1000 time steps is usual)",
                crate::base::error::readable(self.period),
                crate::base::error::readable(10.0 * dt)
            );
        }
        Ok(())
    }

    /// The link form: `BAR[:PERIOD_PS[:aniso]]` (defaults left out).
    pub fn to_link(&self) -> String {
        let num = crate::base::error::readable;
        let mut s = num(self.pressure);
        if self.period != Self::DEFAULT_PERIOD_PS || !self.coupling.is_default() {
            s += &format!(":{}", num(self.period));
        }
        if !self.coupling.is_default() {
            s += &format!(":{}", self.coupling.name());
        }
        s
    }

    /// Parses the link form.
    pub fn from_link(v: &str) -> Result<BarostatSpec> {
        let parts: Vec<&str> = v.split(':').collect();
        let num = |s: &str, what: &str| -> Result<f64> {
            s.parse::<f64>().map_err(|_| {
                crate::Error::new(format!(
                    "barostat {what} '{}' is not a number (use baro=BAR[:PERIOD_PS[:iso|aniso]])",
                    s.chars().take(20).collect::<String>()
                ))
            })
        };
        if parts.len() > 3 {
            bail!("baro has too many parts (use baro=BAR[:PERIOD_PS[:iso|aniso]])");
        }
        Ok(BarostatSpec {
            pressure: num(parts[0], "pressure")?,
            period: match parts.get(1) {
                Some(p) => num(p, "period")?,
                None => Self::DEFAULT_PERIOD_PS,
            },
            coupling: match parts.get(2) {
                Some(c) => Coupling::from_name(c)?,
                None => Coupling::Iso,
            },
        })
    }
}

/// Refuses a system the barostat cannot scale: it needs a box periodic along x, y and z, and
/// every atom free (no fixed atoms, no press's plate).
pub fn check_system(sys: &System) -> Result<()> {
    if sys.cell.is_none() {
        bail!("a barostat needs a box periodic along x, y and z (a bulk crystal, or a file with a Lattice): these atoms are an open cluster");
    }
    if sys.fixed > 0 || sys.piston > 0 {
        bail!("a barostat scales every atom with the box: it cannot be used with fixed atoms or a press (a substrate is periodic only along x and z)");
    }
    Ok(())
}

/// Volume of a periodic box, Å³ (0 for none).
pub fn volume(sys: &System) -> f64 {
    sys.cell.map_or(0.0, |l| l[0] * l[1] * l[2])
}

/// The diagonal of the instantaneous pressure tensor, bar: `P_kk = (Σ m v_k² + W_kk) / V` with
/// `virial` = W_kk = Σ r_k f_k (eV) over the atoms and their images (NaN without a box).
/// Cost: O(N) (velocities summed in atom order).
pub fn pressure_tensor(sys: &System, virial: [f64; 3]) -> [f64; 3] {
    pressure_of(volume(sys), kinetic_tensor(sys), virial)
}

/// `(mvv_k + W_kk) / V` in bar (NaN for no volume).
fn pressure_of(v: f64, mvv: [f64; 3], virial: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|k| {
        if v > 0.0 {
            (mvv[k] + virial[k]) / v * NKTV2P
        } else {
            f64::NAN
        }
    })
}

/// The scalar pressure `tr P / 3`, bar.
pub fn pressure(sys: &System, virial: [f64; 3]) -> f64 {
    let p = pressure_tensor(sys, virial);
    (p[0] + p[1] + p[2]) / 3.0
}

/// `Σ m v_k²` per axis over all atoms, eV (twice the kinetic energy per axis).
fn kinetic_tensor(sys: &System) -> [f64; 3] {
    let mut t = [0.0; 3];
    for (i, v) in sys.vel.iter().enumerate() {
        let m = sys.mass(i);
        for k in 0..3 {
            t[k] += m * v[k] * v[k];
        }
    }
    t.map(|x| x * MVV2E)
}

/// The barostat's state.
#[derive(Clone, Debug)]
pub struct Barostat {
    /// What it was asked for.
    pub spec: BarostatSpec,
    /// Strain rates of the box per axis, 1/ps (equal for iso).
    pub omega_dot: [f64; 3],
    /// Positions of the barostat's chain.
    pub eta: [f64; CHAIN],
    /// Velocities of the barostat's chain, 1/ps.
    pub v_eta: [f64; CHAIN],
}

impl Barostat {
    /// A barostat at rest.
    pub fn new(spec: BarostatSpec) -> Barostat {
        Barostat {
            spec,
            omega_dot: [0.0; 3],
            eta: [0.0; CHAIN],
            v_eta: [0.0; CHAIN],
        }
    }

    /// The mass of each strain rate, `W = (N + 1) k_B T τ_P²`, eV·ps².
    fn mass(&self, sys: &System, kt: f64) -> f64 {
        (sys.len() as f64 + 1.0) * kt * self.spec.period * self.spec.period
    }

    /// Twice the kinetic energy of the strain rates, `Σ_k W ω̇_k²`, and its target: k_B T for
    /// iso (one degree of freedom), 3 k_B T for aniso, eV.
    fn kinetic2(&self, w: f64, kt: f64) -> (f64, f64) {
        let ke2 = self.omega_dot.iter().map(|o| w * o * o).sum();
        let dof = match self.spec.coupling {
            Coupling::Iso => 1.0,
            Coupling::Aniso => 3.0,
        };
        (ke2, dof * kt)
    }

    /// Half a step of the barostat's own Nosé–Hoover chain (masses k_B T τ_P²): scales ω̇.
    fn chain_half(&mut self, sys: &System, h: f64, kt: f64) {
        let w = self.mass(sys, kt);
        let (ke2, gkt) = self.kinetic2(w, kt);
        let q = [kt * self.spec.period * self.spec.period; CHAIN];
        let s = chain_scale(ke2, gkt, kt, &q, h, &mut self.eta, &mut self.v_eta);
        self.omega_dot = self.omega_dot.map(|o| o * s);
    }

    /// Half a step of the strain rates under the pressure now (velocities and `virial`).
    fn omega_half(&mut self, sys: &System, virial: [f64; 3], h: f64, kt: f64) {
        let w = self.mass(sys, kt);
        let v = volume(sys);
        let mvv = kinetic_tensor(sys);
        let p = pressure_of(v, mvv, virial);
        let mtk = (mvv[0] + mvv[1] + mvv[2]) / (3.0 * sys.len() as f64) / w;
        let drive = |pk: f64| (pk - self.spec.pressure) * v / (w * NKTV2P) + mtk;
        match self.spec.coupling {
            Coupling::Iso => {
                let f = drive((p[0] + p[1] + p[2]) / 3.0);
                self.omega_dot = self.omega_dot.map(|o| o + h * f);
            }
            Coupling::Aniso => {
                for k in 0..3 {
                    self.omega_dot[k] += h * drive(p[k]);
                }
            }
        }
    }

    /// Scales the velocities by `exp(−h (ω̇_k + Σ_j ω̇_j / 3N))` (the MTK term: ω̇/N for iso).
    fn scale_velocities(&self, sys: &mut System, h: f64) {
        let tr =
            (self.omega_dot[0] + self.omega_dot[1] + self.omega_dot[2]) / (3.0 * sys.len() as f64);
        let f = self.omega_dot.map(|o| libm::exp(-h * (o + tr)));
        for v in &mut sys.vel {
            for k in 0..3 {
                v[k] *= f[k];
            }
        }
    }

    /// Scales the box and every position about the origin by `exp(h ω̇_k)`.
    fn remap(&self, sys: &mut System, h: f64) {
        let f = self.omega_dot.map(|o| libm::exp(h * o));
        if let Some(l) = &mut sys.cell {
            for k in 0..3 {
                l[k] *= f[k];
            }
        }
        for x in &mut sys.pos {
            for k in 0..3 {
                x[k] *= f[k];
            }
        }
    }

    /// The barostat's energy at target temperature t (K): `Σ ½ W ω̇_k² + P₀ V / nktv2p` plus its
    /// chain's, eV.
    pub fn energy(&self, sys: &System, t: f64) -> f64 {
        let kt = KB * t;
        let w = self.mass(sys, kt);
        let (ke2, gkt) = self.kinetic2(w, kt);
        let q = kt * self.spec.period * self.spec.period;
        let mut e = 0.5 * ke2 + self.spec.pressure * volume(sys) / NKTV2P;
        for k in 0..CHAIN {
            e += 0.5 * q * self.v_eta[k] * self.v_eta[k]
                + if k == 0 { gkt } else { kt } * self.eta[k];
        }
        e
    }
}

/// NPT (with a Nosé–Hoover chain on the atoms) or NPH (without): the barostat around velocity
/// Verlet, in LAMMPS' order (see the module's documentation).
pub struct Npt {
    /// The atoms' thermostat (None: NPH).
    pub thermostat: Option<NoseHoover>,
    /// The barostat.
    pub barostat: Barostat,
}

impl Thermostat for Npt {
    fn step(&mut self, s: &mut VerletStep) -> Result<()> {
        let (h, dt) = (0.5 * s.dt, s.dt);
        let kt = KB * s.target;
        self.barostat.chain_half(s.sys, h, kt);
        if let Some(nh) = &mut self.thermostat {
            nh.half_step(s.sys, h, s.target);
        }
        self.barostat.omega_half(s.sys, s.engine.virial, h, kt);
        self.barostat.scale_velocities(s.sys, h);
        s.kick(h);
        self.barostat.remap(s.sys, h);
        s.drift(dt);
        self.barostat.remap(s.sys, h);
        s.forces()?;
        s.kick(h);
        self.barostat.scale_velocities(s.sys, h);
        self.barostat.omega_half(s.sys, s.engine.virial, h, kt);
        if let Some(nh) = &mut self.thermostat {
            nh.half_step(s.sys, h, s.target);
        }
        self.barostat.chain_half(s.sys, h, kt);
        Ok(())
    }

    fn reservoir_energy(&self, sys: &System, t: f64) -> f64 {
        self.thermostat
            .as_ref()
            .map_or(0.0, |nh| nh.reservoir_energy(sys, t))
            + self.barostat.energy(sys, t)
    }

    fn into_barostat(self: Box<Self>) -> Option<Barostat> {
        Some(self.barostat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_round_trips_and_errors_name_the_part() {
        for s in [
            BarostatSpec {
                pressure: 0.0,
                period: 1.0,
                coupling: Coupling::Iso,
            },
            BarostatSpec {
                pressure: -2500.0,
                period: 0.5,
                coupling: Coupling::Iso,
            },
            BarostatSpec {
                pressure: 1e5,
                period: 1.0,
                coupling: Coupling::Aniso,
            },
        ] {
            assert_eq!(BarostatSpec::from_link(&s.to_link()).unwrap(), s);
        }
        assert_eq!(BarostatSpec::from_link("0").unwrap().to_link(), "0");
        let e = BarostatSpec::from_link("0:1:tri").unwrap_err().to_string();
        assert!(e.contains("coupling 'tri'"), "{e}");
        let e = BarostatSpec::from_link("x").unwrap_err().to_string();
        assert!(e.contains("pressure 'x'"), "{e}");
        let e = BarostatSpec::from_link("1e7").unwrap().validate(0.002);
        assert!(e.unwrap_err().to_string().contains("out of range"));
        let e = BarostatSpec::from_link("0:0.001").unwrap().validate(0.002);
        assert!(e.unwrap_err().to_string().contains("period_ps"));
    }

    /// Without forces (a zero virial) the pressure is the ideal gas's, 2K / 3V.
    #[test]
    fn the_kinetic_pressure_is_the_ideal_gas_one() {
        let mut sys = System {
            elements: vec!["Cu".into()],
            masses: vec![63.546],
            species: vec![0; 500],
            particle: vec![0; 500],
            pos: vec![[0.0; 3]; 500],
            vel: vec![[0.0; 3]; 500],
            cell: Some([30.0, 31.0, 32.0]),
            fixed: 0,
            piston: 0,
        };
        crate::md::velocity::maxwell_boltzmann(&mut sys, 1000.0, 3);
        let ke = sys.kinetic_energy();
        let p = pressure(&sys, [0.0; 3]);
        let ideal = 2.0 * ke / (3.0 * volume(&sys)) * NKTV2P;
        assert!((p / ideal - 1.0).abs() < 1e-12, "{p} vs {ideal}");
    }
}
