//! A kinetic Monte Carlo neck-growth run ([`crate::kmc::neck`]) with its neck measurements: the
//! neck is measured exactly as in MD ([`crate::analysis::neck::measure_neck`], bond length a/√2)
//! at log-spaced event counts (from 100 events, or the whole run if shorter, to its end), and its
//! growth fitted as r ∝ tⁿ ([`crate::analysis::fit::power_law`]) from the first sample to the
//! first one at 90 % of the largest neck. The one sampling loop of the CLI and the page.

use crate::analysis::{fit, neck::measure_neck};
use crate::base::error::{readable, Result};
use crate::kmc::neck::{lattice_system, KmcAlgorithm, KmcNeckSpec};
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

/// The most attempts a rejection-kMC run may be expected to need (from its rejection rate at the
/// start): about a minute of work natively.
pub const MAX_ATTEMPTS: u64 = 2_000_000_000;
/// The most attempts one rejection-kMC event may take before the run stops with a message.
pub const MAX_ATTEMPTS_PER_EVENT: u64 = 200_000_000;

/// A neck-growth run with its samples.
pub struct NeckRun {
    spec: KmcNeckSpec,
    lattice: Lattice,
    samples: Vec<NeckSample>,
    /// Index of the next sample of the schedule.
    next: usize,
    /// True when nothing can move any more.
    frozen: bool,
    /// True once the frozen state was reported (the run then ends quietly).
    stopped: bool,
}

impl NeckRun {
    /// The two touching spheres of `spec`, with the first sample (no events).
    pub fn new(spec: &KmcNeckSpec) -> Result<NeckRun> {
        let lattice = spec.build()?;
        if lattice.total_rate() <= 0.0 {
            bail!(
                "kMC: at T = {} K every atom of the two particles has a hop rate of 0 \
                 (ν·exp(−(e0 + n·eb)/k_B·T) underflows for the bond counts n they have): nothing \
                 would move — raise T or lower eb",
                readable(spec.model.temperature)
            );
        }
        if spec.algorithm == KmcAlgorithm::Rejection {
            let per_event = 12.0 * lattice.len() as f64 * spec.model.rate(0) / lattice.total_rate();
            let expected = per_event * spec.events as f64;
            if expected > MAX_ATTEMPTS as f64 {
                bail!(
                    "rejection kMC would need about {expected:.1e} attempts for {} events \
                     ({per_event:.0} per event at the start: only {:.1e} of the attempts accepted), more than the {:.0e} \
                     allowed — that waste is why rejection-free kMC is used: run alg=bkl, or fewer \
                     events, or a higher T",
                    spec.events,
                    1.0 / per_event,
                    MAX_ATTEMPTS as f64
                );
            }
        }
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
            stopped: false,
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
                self.frozen = !self.event()?;
            }
            self.check_clock()?;
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
        self.check_frozen()?;
        Ok(self.lattice.events - start)
    }

    /// One event by the spec's algorithm; false if nothing can move. Rejection kMC gives up on
    /// an event after [`MAX_ATTEMPTS_PER_EVENT`] attempts with an error (the run keeps its
    /// samples), so that no call hangs.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn event(&mut self) -> Result<bool> {
        match self.spec.algorithm {
            KmcAlgorithm::RejectionFree => Ok(self.lattice.step()),
            KmcAlgorithm::Rejection => {
                if self.lattice.rejection_step(MAX_ATTEMPTS_PER_EVENT) {
                    return Ok(true);
                }
                if self.lattice.total_rate() <= 0.0 {
                    return Ok(false);
                }
                self.next = self.spec.samples;
                bail!(
                    "rejection kMC: no hop in {MAX_ATTEMPTS_PER_EVENT:e} attempts after {} events \
                     ({:.6} % of all attempts rejected): the run stops here and keeps its samples — \
                     the rejection-free algorithm (alg=bkl) runs the same dynamics without them",
                    self.lattice.events,
                    100.0 * self.rejected_fraction().unwrap_or(1.0)
                );
            }
        }
    }

    /// The fraction of rejected attempts of a rejection-kMC run (None for rejection-free).
    pub fn rejected_fraction(&self) -> Option<f64> {
        (self.spec.algorithm == KmcAlgorithm::Rejection && self.lattice.attempts > 0)
            .then(|| self.lattice.rejected as f64 / self.lattice.attempts as f64)
    }

    /// Stops a run whose clock is no longer a number (a total rate that underflowed to a
    /// subnormal, so 1/R overflowed): the samples so far stay, the message names the event.
    /// Cost O(1) per sample.
    fn check_clock(&mut self) -> Result<()> {
        let (events, t) = (self.lattice.events, self.lattice.time_s);
        if !t.is_finite() {
            self.next = self.spec.samples;
            bail!(
                "kMC: the clock reached {t} s after {events} events (the total hop rate is {:e} /s): \
                 the rates are too small to time — raise T or lower the barriers",
                self.lattice.total_rate()
            );
        }
        Ok(())
    }

    /// Reports, once, a run that froze before its last event (every atom left in a state whose
    /// hop rates are 0): the samples so far, the frozen state's included, stay.
    fn check_frozen(&mut self) -> Result<()> {
        if self.frozen && self.lattice.events < self.spec.events && !self.stopped {
            self.stopped = true;
            bail!(
                "kMC: nothing can move after {} events (t = {:e} s): every atom left is in a \
                 state whose hop rate is 0 at T = {} K; the neck so far is kept — raise T or lower \
                 the barriers to go on",
                self.lattice.events,
                self.lattice.time_s,
                readable(self.spec.model.temperature)
            );
        }
        Ok(())
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
    use crate::kmc::surface_diffusion::HopModel;

    fn spec(events: u64) -> KmcNeckSpec {
        KmcNeckSpec {
            samples: 30,
            ..KmcNeckSpec::new(1.0, 700.0, events, 2)
        }
    }

    /// Rejection kMC at the default barriers would waste ~10⁸ attempts per event: refused up
    /// front with the numbers; at E_b = 0.05 eV it runs and reports its rejected fraction.
    #[test]
    fn rejection_kmc_is_refused_when_it_would_take_too_long_and_reports_its_rejections() {
        let mut s = KmcNeckSpec::new(1.0, 700.0, 1000, 1);
        s.algorithm = KmcAlgorithm::Rejection;
        let e = NeckRun::new(&s).err().expect("refused").to_string();
        assert!(
            e.contains("attempts") && e.contains("rejection-free"),
            "{e}"
        );
        s.model.eb = 0.05;
        let mut run = NeckRun::new(&s).unwrap();
        run.advance(u64::MAX, |_| {}).unwrap();
        assert_eq!(run.lattice().events, 1000);
        let f = run.rejected_fraction().unwrap();
        assert!((0.95..1.0).contains(&f), "rejected fraction {f}");
        s.algorithm = KmcAlgorithm::RejectionFree;
        assert_eq!(NeckRun::new(&s).unwrap().rejected_fraction(), None);
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

    /// A model at 10 K with the rates of atoms with n bonds, ν·exp(−(e0 + n·eb)/k_B·T),
    /// chosen through x = eb/(k_B·T) and y = e0/(k_B·T).
    fn cold(y: f64, x: f64, events: u64) -> KmcNeckSpec {
        let kt = crate::base::units::KB * 10.0;
        let mut s = spec(events);
        s.model = HopModel {
            nu_per_s: 1.0,
            e0: y * kt,
            eb: x * kt,
            temperature: 10.0,
        };
        s
    }

    #[test]
    fn a_run_where_nothing_can_move_is_refused_with_the_reason() {
        // exp(−1000) = 0: every bonded atom's rate underflows.
        let e = NeckRun::new(&cold(0.0, 1000.0, 1000))
            .err()
            .expect("refused")
            .to_string();
        assert!(
            e.contains("nothing would move") && e.contains("T = 10 K"),
            "{e}"
        );
        // ... and with e0 so large that even a free atom's rate is 0, the model itself.
        let e = cold(800.0, 0.0, 1000)
            .build()
            .err()
            .expect("refused")
            .to_string();
        assert!(e.contains("no atom could ever move"), "{e}");
    }

    #[test]
    fn a_clock_that_overflows_stops_the_run_with_the_event_named() {
        // Every rate 1e-310 /s (subnormal): the waiting times 1/R ≈ 1e307 s add to infinity
        // within a few dozen events.
        let y = -libm::log(1e-310);
        let mut run = NeckRun::new(&cold(y, 0.0, 10_000)).unwrap();
        let e = run
            .advance(u64::MAX, |_| {})
            .expect_err("stopped")
            .to_string();
        assert!(e.contains("the clock reached inf s after"), "{e}");
        assert!(run.is_done());
        assert!(run.samples().iter().all(|s| s.time_s.is_finite()));
    }

    #[test]
    fn a_run_that_freezes_midway_says_so_and_keeps_its_samples() {
        // Atoms with at most 5 bonds hop (exp(−5·125) > 0), atoms with 6 or more cannot
        // (exp(−6·125) = 0): the few loosely bound surface atoms settle and the run freezes.
        let mut run = NeckRun::new(&cold(0.0, 125.0, 1_000_000)).unwrap();
        let e = run
            .advance(u64::MAX, |_| {})
            .expect_err("stopped")
            .to_string();
        assert!(e.contains("nothing can move after"), "{e}");
        let events = run.lattice().events;
        assert!(events > 0 && events < 1_000_000);
        assert_eq!(run.samples().last().unwrap().events, events);
        assert!(run.is_done());
        // Asked again, the run has ended: no second message.
        assert_eq!(run.advance(u64::MAX, |_| {}).unwrap(), 0);
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
