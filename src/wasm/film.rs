//! The film-growth (deposition, diffusion, aggregation) engine of the page: a [`FilmRun`] (the
//! CLI's run, with the same samples at every 0.01 of coverage), seen from above.

use super::{to_js, Capabilities, Common, PageEngine, View};
use crate::base::error::Result;

use crate::run::film::{FilmRun, FilmSample};
use crate::run::link;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Film events per step of the page's speed control.
const EVENTS_PER_SPEED_STEP: u32 = 10_000;

pub struct FilmEngine {
    run: FilmRun,
    /// Samples the page has been sent.
    sent: usize,
}

/// The state of a film run.
#[derive(Serialize)]
struct FilmState {
    #[serde(flatten)]
    common: Common,
    time_s: f64,
    coverage: f64,
    island_density: f64,
    done: bool,
}

/// New samples.
#[derive(Serialize)]
struct FilmFrame<'a> {
    samples: &'a [FilmSample],
}

impl FilmEngine {
    pub fn new(url: &str) -> Result<FilmEngine> {
        Ok(FilmEngine {
            run: FilmRun::new(link::parse_film(url)?)?,
            sent: 0,
        })
    }
}

impl PageEngine for FilmEngine {
    fn mode(&self) -> &'static str {
        "film"
    }

    fn step(&mut self, n: u32) -> Result<u32> {
        Ok(self.run.advance(n as u64, |_| {}) as u32)
    }

    fn units_per_speed_step(&self) -> u32 {
        EVENTS_PER_SPEED_STEP
    }

    fn positions(&self) -> Vec<[f64; 3]> {
        self.run.film().view_positions()
    }

    fn elements(&self) -> Vec<String> {
        vec![crate::kmc::neck::KmcNeckSpec::ELEMENT.into()]
    }

    fn species(&self) -> Vec<u16> {
        vec![0; self.run.film().particles()]
    }

    fn particles(&self) -> Vec<u32> {
        vec![0; self.run.film().particles()]
    }

    fn state(&self, hash: bool) -> Result<JsValue> {
        let f = self.run.film();
        let last = self.run.samples().last();
        to_js(&FilmState {
            common: Common::of(self, f.events, f.particles(), hash),
            time_s: f.time_s,
            coverage: f.coverage(),
            island_density: last.map_or(0.0, |s| s.island_density),
            done: self.run.is_done(),
        })
    }

    fn frame(&mut self) -> Result<JsValue> {
        let v = to_js(&FilmFrame {
            samples: &self.run.samples()[self.sent..],
        });
        self.sent = self.run.samples().len();
        v
    }

    fn history(&self) -> Result<JsValue> {
        to_js(&FilmFrame {
            samples: self.run.samples(),
        })
    }

    fn link(&self) -> Option<String> {
        Some(link::film_to_query(self.run.film().spec()))
    }

    fn positions_sha256(&self) -> String {
        self.run.positions_sha256()
    }

    fn scenario(&self) -> Result<JsValue> {
        to_js(self.run.film().spec())
    }

    fn table_csv(&self) -> String {
        self.run.samples_csv()
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            analysis: false,
            growing: true,
            swaps: false,
        }
    }

    fn view(&self) -> View {
        let side = self.run.film().view_side();
        View {
            top_down: true,
            center: [0.5 * side, 0.5 * side, 0.0],
            side,
            support_y: None,
        }
    }
}
