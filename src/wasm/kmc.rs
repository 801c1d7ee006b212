//! The kinetic Monte Carlo neck-growth engine of the page: a [`NeckRun`] (the CLI's run, with the
//! same log-spaced neck samples) its growth fit and
//! local growth exponent.

use super::{to_js, Common, PageEngine};
use crate::analysis::fit::{LocalExponent, PowerLaw};
use crate::base::error::Result;
use crate::kmc::neck::KmcNeckSpec;
use crate::run::kmc_neck::{NeckRun, NeckSample};
use crate::run::link;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// kMC events per step of the page's speed control.
const EVENTS_PER_SPEED_STEP: u32 = 1000;

pub struct KmcEngine {
    run: NeckRun,
    /// Samples the page has been sent.
    sent: usize,
}

/// The state of a kMC neck run.
#[derive(Serialize)]
struct KmcState {
    #[serde(flatten)]
    common: Common,
    time_s: f64,
    neck_radius: f64,
    done: bool,
    /// Fraction of rejected attempts (rejection kMC only).
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected_fraction: Option<f64>,
}

/// New samples, the default-window fit of all samples so far and their local exponent
/// d ln r / d ln t (all points: a few dozen).
#[derive(Serialize)]
struct KmcFrame<'a> {
    samples: &'a [NeckSample],
    fit: Option<PowerLaw>,
    local: Vec<LocalExponent>,
}

impl KmcEngine {
    pub fn new(url: &str) -> Result<KmcEngine> {
        let spec = link::parse_kmc(url)?;
        Ok(KmcEngine {
            run: NeckRun::new(&spec)?,
            sent: 0,
        })
    }
}

impl PageEngine for KmcEngine {
    fn mode(&self) -> &'static str {
        "kmc"
    }

    fn step(&mut self, n: u32) -> Result<u32> {
        Ok(self.run.advance(n as u64, |_| {})? as u32)
    }

    fn units_per_speed_step(&self) -> u32 {
        EVENTS_PER_SPEED_STEP
    }

    fn positions(&self) -> Vec<[f64; 3]> {
        self.run.positions()
    }

    fn elements(&self) -> Vec<String> {
        vec![KmcNeckSpec::ELEMENT.into()]
    }

    fn species(&self) -> Vec<u16> {
        vec![0; self.run.lattice().len()]
    }

    fn particles(&self) -> Vec<u32> {
        self.run.lattice().label.clone()
    }

    fn state(&self, hash: bool) -> Result<JsValue> {
        let l = self.run.lattice();
        to_js(&KmcState {
            common: Common::of(self, l.events, l.len(), hash),
            time_s: l.time_s,
            neck_radius: self.run.samples().last().map_or(0.0, |s| s.radius),
            done: self.run.is_done(),
            rejected_fraction: self.run.rejected_fraction(),
        })
    }

    fn frame(&mut self) -> Result<JsValue> {
        let v = to_js(&KmcFrame {
            samples: &self.run.samples()[self.sent..],
            fit: self.run.fit(),
            local: self.run.local_growth(),
        });
        self.sent = self.run.samples().len();
        v
    }

    fn history(&self) -> Result<JsValue> {
        to_js(&KmcFrame {
            samples: self.run.samples(),
            fit: self.run.fit(),
            local: self.run.local_growth(),
        })
    }

    fn link(&self) -> Option<String> {
        Some(link::kmc_to_query(self.run.spec()))
    }

    fn positions_sha256(&self) -> String {
        self.run.positions_sha256()
    }

    fn scenario(&self) -> Result<JsValue> {
        to_js(self.run.spec())
    }

    fn table_csv(&self) -> String {
        self.run.samples_csv()
    }
}
