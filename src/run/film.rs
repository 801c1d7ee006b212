//! A film-growth run (deposition, diffusion, aggregation; [`crate::kmc::dda`]) with its samples:
//! coverage, island density and time at every 0.01 of coverage and at the end — the one sampling
//! loop of the CLI and the page.

use crate::base::error::Result;
use crate::kmc::dda::{DdaSpec, Film};
use serde::Serialize;

/// Coverage between samples.
pub const SAMPLE_COVERAGE: f64 = 0.01;

/// One sample of a film run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FilmSample {
    /// Simulated time, s.
    pub time_s: f64,
    /// Occupied fraction of the sites.
    pub coverage: f64,
    /// Islands of two or more particles per site.
    pub island_density: f64,
    /// Events so far.
    pub events: u64,
}

impl FilmSample {
    /// The CSV header of [`FilmSample::csv_line`].
    pub const CSV_HEADER: &'static str = "time_s,coverage,island_density,events";

    /// The sample as a CSV line (numbers in the shortest form that reads back exactly).
    pub fn csv_line(&self) -> String {
        format!(
            "{},{},{},{}",
            self.time_s, self.coverage, self.island_density, self.events
        )
    }
}

/// A film run with its samples.
pub struct FilmRun {
    film: Film,
    samples: Vec<FilmSample>,
    next: f64,
    done: bool,
}

impl FilmRun {
    /// An empty substrate for `spec`.
    pub fn new(spec: DdaSpec) -> Result<FilmRun> {
        Ok(FilmRun {
            film: Film::new(spec)?,
            samples: Vec::new(),
            next: 0.0,
            done: false,
        })
    }

    /// Runs up to `n` events (fewer at the final coverage), sampling after the first event that
    /// reaches the next 0.01 of coverage and after the last one; `on_sample` sees each new
    /// sample. Returns the events done.
    pub fn advance(&mut self, n: u64, mut on_sample: impl FnMut(&FilmSample)) -> u64 {
        let mut done = 0;
        while done < n && !self.done {
            let more = self.film.step();
            if more {
                done += 1;
            }
            if self.film.coverage() >= self.next || !more {
                let s = FilmSample {
                    time_s: self.film.time_s,
                    coverage: self.film.coverage(),
                    island_density: self.film.island_density(),
                    events: self.film.events,
                };
                on_sample(&s);
                self.samples.push(s);
                self.next = self.film.coverage() + SAMPLE_COVERAGE;
            }
            self.done = !more;
        }
        done
    }

    /// True once the final coverage is reached.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The samples so far.
    pub fn samples(&self) -> &[FilmSample] {
        &self.samples
    }

    /// The samples as CSV.
    pub fn samples_csv(&self) -> String {
        let mut s = format!("{}\n", FilmSample::CSV_HEADER);
        for x in &self.samples {
            s += &x.csv_line();
            s.push('\n');
        }
        s
    }

    /// The film.
    pub fn film(&self) -> &Film {
        &self.film
    }

    /// Islands per site now.
    pub fn island_density(&mut self) -> f64 {
        self.film.island_density()
    }

    /// SHA-256 of the particles' view positions.
    pub fn positions_sha256(&self) -> String {
        crate::system::positions_sha256(&self.film.view_positions())
    }

    /// The film as a PGM picture (P2, one pixel per site, 1 = occupied).
    pub fn picture_pgm(&self) -> String {
        crate::io::pgm::write_bitmap(self.film.size(), &self.film.picture())
    }
}
