//! A kinetic Monte Carlo neck-growth run ([`crate::kmc::neck`]) with its neck measurements: the
//! neck is measured exactly as in MD ([`crate::analysis::neck::measure_neck`], bond length a/√2)
//! at log-spaced event counts (from 100 events, or the whole run if shorter, to its end), and its
//! growth fitted as r ∝ tⁿ ([`crate::analysis::fit::power_law`]) from the first sample to the
//! first one at 90 % of the largest neck. The one sampling loop of the CLI and the page.

use crate::analysis::{fit, neck::measure_neck};
use crate::base::error::Result;
use crate::kmc::neck::{lattice_system, KmcNeckSpec};
use crate::kmc::surface_diffusion::Lattice;
use serde::Serialize;

/// One sample.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
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

impl NeckSample {
    /// The CSV header of [`NeckSample::csv_line`].
    pub const CSV_HEADER: &'static str = "events,time_s,neck_radius_A,neck_atoms";

    /// The sample as a CSV line (numbers in the shortest form that reads back exactly).
    pub fn csv_line(&self) -> String {
        format!(
            "{},{},{},{}",
            self.events, self.time_s, self.radius, self.atoms
        )
    }
}

/// The neck (radius Å, atoms) of a lattice state with lattice constant `a` (Å).
pub fn neck_of(l: &Lattice, a: f64) -> Result<(f64, usize)> {
    let sys = lattice_system(l, a, "X", 1.0);
    Ok(measure_neck(&sys, a / 2f64.sqrt())?.map_or((0.0, 0), |m| (m.radius, m.atoms)))
}

/// A neck-growth run with its samples.
pub struct NeckRun {
    spec: KmcNeckSpec,
    lattice: Lattice,
    samples: Vec<NeckSample>,
    /// Index of the next sample of the schedule.
    next: usize,
    /// True when nothing can move any more.
    frozen: bool,
}

impl NeckRun {
    /// The two touching spheres of `spec`, with the first sample (no events).
    pub fn new(spec: &KmcNeckSpec) -> Result<NeckRun> {
        let lattice = spec.build()?;
        let (radius, atoms) = neck_of(&lattice, spec.lattice)?;
        Ok(NeckRun {
            spec: *spec,
            lattice,
            samples: vec![NeckSample {
                events: 0,
                time_s: 0.0,
                radius,
                atoms,
            }],
            next: 0,
            frozen: false,
        })
    }

    /// Events at sample k of the schedule: `lo · (events/lo)^(k/(samples − 1))`, rounded, with
    /// lo = min(100, events) (at least 1).
    fn target(&self, k: usize) -> u64 {
        let (events, samples) = (self.spec.events, self.spec.samples);
        if samples == 1 {
            return events;
        }
        let lo = 100f64.min(events as f64).max(1.0);
        (lo * (events as f64 / lo).powf(k as f64 / (samples - 1) as f64)).round() as u64
    }

    /// Runs up to `n` more events (fewer at the end of the run or when nothing can move),
    /// measuring the neck at each event count of the schedule it passes; `on_sample` sees each
    /// new sample. Returns the events done.
    pub fn advance(&mut self, n: u64, mut on_sample: impl FnMut(&NeckSample)) -> Result<u64> {
        let start = self.lattice.events;
        let stop = start.saturating_add(n);
        while self.next < self.spec.samples {
            let target = self.target(self.next);
            while self.lattice.events < target.min(stop) && !self.frozen {
                self.frozen = !self.lattice.step();
            }
            if self.lattice.events < target && !self.frozen {
                break; // `n` events done before the next sample
            }
            self.next += 1;
            if self
                .samples
                .last()
                .is_some_and(|s| s.events == self.lattice.events)
            {
                continue;
            }
            let (radius, atoms) = neck_of(&self.lattice, self.spec.lattice)?;
            let s = NeckSample {
                events: self.lattice.events,
                time_s: self.lattice.time_s,
                radius,
                atoms,
            };
            on_sample(&s);
            self.samples.push(s);
        }
        Ok(self.lattice.events - start)
    }

    /// True at the end of the run (all events done, or nothing can move).
    pub fn is_done(&self) -> bool {
        self.next >= self.spec.samples
    }

    /// The samples so far.
    pub fn samples(&self) -> &[NeckSample] {
        &self.samples
    }

    /// The lattice.
    pub fn lattice(&self) -> &Lattice {
        &self.lattice
    }

    /// The run's spec.
    pub fn spec(&self) -> &KmcNeckSpec {
        &self.spec
    }

    /// The atoms' positions, Å.
    pub fn positions(&self) -> Vec<[f64; 3]> {
        self.lattice.positions(self.spec.lattice)
    }

    /// SHA-256 of the positions (see [`crate::system::positions_sha256`]).
    pub fn positions_sha256(&self) -> String {
        crate::system::positions_sha256(&self.positions())
    }

    /// The samples as CSV.
    pub fn samples_csv(&self) -> String {
        let mut s = format!("{}\n", NeckSample::CSV_HEADER);
        for x in &self.samples {
            s += &x.csv_line();
            s.push('\n');
        }
        s
    }

    /// The atoms as a system of the lattice's display element (Au: the default lattice constant
    /// is gold's), labelled by particle.
    pub fn system(&self) -> crate::system::System {
        let mass = crate::base::elements::standard_mass(KmcNeckSpec::ELEMENT).unwrap_or(1.0);
        lattice_system(&self.lattice, self.spec.lattice, KmcNeckSpec::ELEMENT, mass)
    }

    /// The local growth exponent of the samples so far (see [`local_growth`]).
    pub fn local_growth(&self) -> Vec<fit::LocalExponent> {
        local_growth(&self.samples)
    }

    /// The growth fit of the samples so far (see [`fit_growth`]).
    pub fn fit(&self) -> Option<fit::PowerLaw> {
        fit_growth(&self.samples)
    }
}

/// Half width (samples each side) of the local exponent's window: with the default 60 samples
/// log-spaced over 10² to 10⁷ events, a window of 7 spans about a factor 3 in events.
pub const LOCAL_HALF_WINDOW: usize = 3;

/// The local growth exponent d ln r / d ln t of the samples (see [`fit::local_exponents`]; t in s).
pub fn local_growth(samples: &[NeckSample]) -> Vec<fit::LocalExponent> {
    let t: Vec<f64> = samples.iter().map(|s| s.time_s).collect();
    let r: Vec<f64> = samples.iter().map(|s| s.radius).collect();
    fit::local_exponents(&t, &r, LOCAL_HALF_WINDOW)
}

/// Power-law fit r ∝ tⁿ of the samples with t_from ≤ t ≤ t_to (s): the user's fit window.
pub fn fit_growth_between(samples: &[NeckSample], t_from: f64, t_to: f64) -> Option<fit::PowerLaw> {
    let t: Vec<f64> = samples.iter().map(|s| s.time_s).collect();
    let r: Vec<f64> = samples.iter().map(|s| s.radius).collect();
    fit::power_law(&t, &r, t_from, t_to)
}

/// Power-law fit r ∝ tⁿ of the samples, from the first sample with t > 0 to the first at 90 % of
/// the largest neck.
pub fn fit_growth(samples: &[NeckSample]) -> Option<fit::PowerLaw> {
    let radii: Vec<f64> = samples.iter().map(|s| s.radius).collect();
    let end = fit::first_at_fraction_of_max(&radii, 0.9)?;
    let t: Vec<f64> = samples[..=end].iter().map(|s| s.time_s).collect();
    let r: Vec<f64> = samples[..=end].iter().map(|s| s.radius).collect();
    fit::power_law(&t, &r, 0.0, f64::INFINITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(events: u64) -> KmcNeckSpec {
        KmcNeckSpec {
            samples: 30,
            ..KmcNeckSpec::new(1.0, 700.0, events, 2)
        }
    }

    #[test]
    fn two_touching_particles_grow_a_neck() {
        let mut run = NeckRun::new(&spec(200_000)).unwrap();
        run.advance(u64::MAX, |_| {}).unwrap();
        assert!(run.is_done());
        run.lattice().check().unwrap();
        let s = run.samples();
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
        assert_eq!(last.events, 200_000);
        assert!(s.windows(2).all(|w| w[1].time_s > w[0].time_s));
        let f = run.fit().expect("a fit");
        assert!(
            f.exponent > 0.05 && f.exponent < 1.0,
            "exponent {}",
            f.exponent
        );
    }

    #[test]
    fn advancing_in_pieces_gives_the_run_and_the_samples_of_one_go() {
        let mut whole = NeckRun::new(&spec(50_000)).unwrap();
        whole.advance(u64::MAX, |_| {}).unwrap();
        let mut pieces = NeckRun::new(&spec(50_000)).unwrap();
        let mut seen = 1;
        let mut calls = 0;
        while !pieces.is_done() {
            let done = pieces.advance(3_333, |_| seen += 1).unwrap();
            assert!(done <= 3_333);
            calls += 1;
        }
        assert!(calls >= 15);
        assert_eq!(pieces.samples(), whole.samples());
        assert_eq!(seen, whole.samples().len());
        assert_eq!(pieces.positions_sha256(), whole.positions_sha256());
    }
}
