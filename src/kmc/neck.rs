//! Neck growth between two particles by surface diffusion, by kinetic Monte Carlo.
//!
//! Two spheres of radius R cut from the same fcc lattice touch at one site on the x axis; atoms
//! keep the label of the particle they started in. The hop model is
//! [`super::surface_diffusion`]. The neck is measured exactly as in MD
//! ([`crate::analysis::neck::measure_neck`]) at log-spaced event counts, and its growth fitted as
//! r ∝ tⁿ ([`crate::analysis::fit::power_law`]) from the first sample to the first one at 90 % of
//! the largest neck. Time is physical (s).

use super::surface_diffusion::{HopModel, Lattice};
use crate::analysis::{fit, neck::measure_neck};
use crate::base::error::Result;
use crate::system::System;
use serde::{Deserialize, Serialize};

/// A kMC neck-growth run.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct KmcNeckSpec {
    /// Particle radius, nm.
    pub radius_nm: f64,
    /// Lattice constant, Å (Au: 4.08).
    #[serde(rename = "lattice_A", default = "default_a")]
    pub lattice: f64,
    /// The hop model.
    #[serde(default)]
    pub model: HopModel,
    /// Number of events.
    pub events: u64,
    /// Samples of the neck (log-spaced in events).
    #[serde(default = "default_samples")]
    pub samples: usize,
    /// Random seed.
    pub seed: u64,
}

fn default_a() -> f64 {
    4.08
}
fn default_samples() -> usize {
    60
}

/// One sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeckSample {
    /// Events so far.
    pub events: u64,
    /// Time, s.
    pub time_s: f64,
    /// Neck radius, Å.
    pub radius: f64,
    /// Neck atoms.
    pub atoms: usize,
}

impl KmcNeckSpec {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        self.model.validate()?;
        if !(self.radius_nm.is_finite() && self.radius_nm >= 0.5 && self.radius_nm <= 20.0) {
            bail!(
                "kMC particle radius {} nm is out of range [0.5, 20]",
                self.radius_nm
            );
        }
        if !(self.lattice.is_finite() && (2.0..=7.0).contains(&self.lattice)) {
            bail!("lattice constant {} Å is out of range [2, 7]", self.lattice);
        }
        if self.events > 10_000_000_000 {
            bail!("kMC events {} is too many (at most 1e10)", self.events);
        }
        if !(2..=10_000).contains(&self.samples) {
            bail!("kMC samples {} is out of range [2, 10000]", self.samples);
        }
        Ok(())
    }

    /// The lattice of two touching spheres.
    pub fn build(&self) -> Result<Lattice> {
        self.validate()?;
        let r = (10.0 * self.radius_nm / (0.5 * self.lattice)).round() as i32;
        let margin = 6;
        let (ca, cb) = (
            [margin + r, margin + r, margin + r],
            [margin + 3 * r, margin + r, margin + r],
        );
        let mut sites = Vec::new();
        let mut labels = Vec::new();
        for x in margin - 1..=margin + 4 * r + 1 {
            for y in margin - 1..=margin + 2 * r + 1 {
                for z in margin - 1..=margin + 2 * r + 1 {
                    if (x + y + z) % 2 != 0 {
                        continue;
                    }
                    let d2 =
                        |c: [i32; 3]| (x - c[0]).pow(2) + (y - c[1]).pow(2) + (z - c[2]).pow(2);
                    if d2(ca) <= r * r || d2(cb) <= r * r {
                        sites.push([x, y, z]);
                        labels.push(u32::from(x > ca[0] + r));
                    }
                }
            }
        }
        let dims = [
            2 * margin + 4 * r + 1,
            2 * margin + 2 * r + 1,
            2 * margin + 2 * r + 1,
        ];
        Lattice::new(dims, &sites, &labels, &self.model, self.seed)
    }
}

/// The lattice's atoms as a system of one element (lattice constant `a`, Å), labelled by particle.
pub fn lattice_system(l: &Lattice, a: f64, element: &str, mass: f64) -> System {
    let n = l.len();
    System {
        elements: vec![element.into()],
        masses: vec![mass],
        species: vec![0; n],
        particle: l.label.clone(),
        pos: l.positions(a),
        vel: vec![[0.0; 3]; n],
        cell: None,
    }
}

/// The neck of the current lattice state.
pub fn neck_of(l: &Lattice, a: f64) -> Result<(f64, usize)> {
    let sys = lattice_system(l, a, "X", 1.0);
    Ok(measure_neck(&sys, a / 2f64.sqrt())?.map_or((0.0, 0), |m| (m.radius, m.atoms)))
}

/// Runs the events, sampling the neck; `progress(sample)` is called after each sample.
pub fn run_neck(
    spec: &KmcNeckSpec,
    mut progress: impl FnMut(&NeckSample),
) -> Result<(Vec<NeckSample>, Lattice)> {
    let mut l = spec.build()?;
    let mut out = Vec::new();
    let (r0, n0) = neck_of(&l, spec.lattice)?;
    let first = NeckSample {
        events: 0,
        time_s: 0.0,
        radius: r0,
        atoms: n0,
    };
    progress(&first);
    out.push(first);
    let lo = 100f64.min(spec.events as f64).max(1.0);
    for k in 0..spec.samples {
        let target = if spec.samples == 1 {
            spec.events
        } else {
            (lo * (spec.events as f64 / lo).powf(k as f64 / (spec.samples - 1) as f64)).round()
                as u64
        };
        while l.events < target {
            if !l.step() {
                break;
            }
        }
        if out.last().is_some_and(|s| s.events == l.events) {
            continue;
        }
        let (r, n) = neck_of(&l, spec.lattice)?;
        let s = NeckSample {
            events: l.events,
            time_s: l.time_s,
            radius: r,
            atoms: n,
        };
        progress(&s);
        out.push(s);
    }
    Ok((out, l))
}

/// Power-law fit r ∝ tⁿ of the samples, from the first sample with t > 0 to the first at 90 % of
/// the largest neck.
pub fn fit_growth(samples: &[NeckSample]) -> Option<fit::PowerLaw> {
    let rmax = samples.iter().map(|s| s.radius).fold(0.0, f64::max);
    let end = samples.iter().position(|s| s.radius >= 0.9 * rmax)?;
    let t: Vec<f64> = samples[..=end].iter().map(|s| s.time_s).collect();
    let r: Vec<f64> = samples[..=end].iter().map(|s| s.radius).collect();
    fit::power_law(&t, &r, 0.0, f64::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_touching_particles_grow_a_neck() {
        let spec = KmcNeckSpec {
            radius_nm: 1.0,
            lattice: 4.08,
            model: HopModel {
                temperature: 700.0,
                ..Default::default()
            },
            events: 200_000,
            samples: 30,
            seed: 2,
        };
        let (s, l) = run_neck(&spec, |_| {}).unwrap();
        l.check().unwrap();
        let first = s[0];
        let last = s[s.len() - 1];
        assert!(
            first.atoms <= 6 && first.radius < 3.5,
            "the particles start touching at a point: {first:?}"
        );
        assert!(
            last.radius > 3.0 && last.radius > first.radius + 2.0,
            "{first:?} → {last:?}"
        );
        assert!(s.windows(2).all(|w| w[1].time_s > w[0].time_s));
        let f = fit_growth(&s).expect("a fit");
        assert!(
            f.exponent > 0.05 && f.exponent < 1.0,
            "exponent {}",
            f.exponent
        );
        // Same seed, same run.
        let (s2, _) = run_neck(&spec, |_| {}).unwrap();
        assert_eq!(s, s2);
    }
}
