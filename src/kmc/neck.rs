//! The set-up of a neck-growth run by kinetic Monte Carlo of surface diffusion: two spheres of
//! radius R cut from the same fcc lattice touch at one site on the x axis; atoms keep the label of
//! the particle they started in. The hop model is [`super::surface_diffusion`]; time is physical
//! (s). The run with its neck measurements (the MD neck observable, at log-spaced event counts)
//! is [`crate::run::kmc_neck`].

use super::surface_diffusion::{HopModel, Lattice};
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
    KmcNeckSpec::DEFAULT_LATTICE
}
fn default_samples() -> usize {
    KmcNeckSpec::DEFAULT_SAMPLES
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
    /// Lattice constant when none is given, Å (Au: order-of-magnitude values for a noble metal).
    pub const DEFAULT_LATTICE: f64 = 4.08;
    /// Neck samples when none are given.
    pub const DEFAULT_SAMPLES: usize = 60;
    /// Run length of a link that gives none, events.
    pub const DEFAULT_EVENTS: u64 = 10_000_000;
    /// Seed when none is given (CLI).
    pub const DEFAULT_SEED: u64 = 1;
    /// The element the lattice's atoms are shown and written as (the default lattice constant is
    /// gold's).
    pub const ELEMENT: &'static str = "Au";

    /// A run of two spheres of radius `radius_nm` at `temperature` (K) with the default hop model,
    /// lattice constant and sampling.
    pub fn new(radius_nm: f64, temperature: f64, events: u64, seed: u64) -> KmcNeckSpec {
        KmcNeckSpec {
            radius_nm,
            lattice: KmcNeckSpec::DEFAULT_LATTICE,
            model: HopModel {
                temperature,
                ..HopModel::default()
            },
            events,
            samples: KmcNeckSpec::DEFAULT_SAMPLES,
            seed,
        }
    }

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
