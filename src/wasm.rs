//! The browser binding: a thin wasm-bindgen layer over [`crate::run::simulation::Simulation`]. Scenario in
//! (share link or JSON), steps, positions / species / observables out. No physics here.

use crate::analysis::{self, Analyzer};
use crate::run::simulation::{self, Simulation};
use crate::{link, scenario::Scenario};
use wasm_bindgen::prelude::*;

#[cfg(feature = "wasm-threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// Most atoms the page will simulate (larger runs: the CLI or the LAMMPS export).
pub const MAX_PAGE_ATOMS: usize = 40_000;

fn js_err(e: crate::Error) -> JsError {
    JsError::new(e.message())
}

/// True in the threaded build (rayon over Web Workers).
#[wasm_bindgen]
pub fn is_parallel() -> bool {
    cfg!(feature = "wasm-threads")
}

/// Threads rayon uses now (1 before `initThreadPool` or in the single-threaded build).
#[wasm_bindgen]
pub fn thread_count() -> usize {
    crate::base::parallel::current_threads()
}

/// Largest atom count the page accepts.
#[wasm_bindgen]
pub fn max_page_atoms() -> usize {
    MAX_PAGE_ATOMS
}

/// Scenario JSON of a share link, or an error naming what is wrong with the link.
#[wasm_bindgen]
pub fn scenario_from_link(url: &str) -> Result<String, JsError> {
    Ok(link::parse(url).map_err(js_err)?.to_json())
}

/// Share-link query (without `?`) of a scenario JSON.
#[wasm_bindgen]
pub fn link_from_scenario(json: &str) -> Result<String, JsError> {
    let s = Scenario::from_json(json).map_err(js_err)?;
    link::to_query(&s).map_err(js_err)
}

/// Column names of [`Engine::observables`].
#[wasm_bindgen]
pub fn observable_names() -> Vec<String> {
    Simulation::observable_names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// A simulation in the page.
#[wasm_bindgen]
pub struct Engine {
    sim: Simulation,
    analyzer: Analyzer,
    /// Files the scenario names (user potential files), for rebuilding it (LAMMPS export).
    files: sim::MemoryFiles,
}

/// Checks a potential file the user dropped on the page: its description (format, elements), or
/// an error naming the file and the problem. The extension picks the format: `.eam.fs` eam/fs,
/// `.eam` funcfl, anything else setfl (eam/alloy).
#[wasm_bindgen]
pub fn check_potential_file(name: &str, text: &str) -> Result<String, JsError> {
    let p = sim::potential_from_file(name, text).map_err(js_err)?;
    Ok(p.describe())
}

/// The scenario `potential` JSON for a potential file name (`{"kind": "setfl", "file": …}` etc.).
#[wasm_bindgen]
pub fn potential_spec_of_file(name: &str) -> String {
    serde_json::to_string(&crate::run::scenario::PotentialSpec::from_files(name))
        .unwrap_or_default()
}

/// The observables the page charts.
const PAGE_OBSERVABLES: &[&str] = &["shrinkage", "rg", "neck", "surface", "rotation"];

/// Neck-growth power law fitted to a neck-radius series (times in ps): [exponent, prefactor,
/// R², window start, window end (ps after contact), points], or empty when there is no fit.
#[wasm_bindgen]
pub fn fit_neck_growth(t: Vec<f64>, r: Vec<f64>) -> Vec<f64> {
    let (ts, rs) = analysis::fit::neck_growth_window(&t, &r);
    analysis::fit::power_law(&ts, &rs, 0.0, f64::INFINITY).map_or(vec![], |f| {
        vec![
            f.exponent,
            f.prefactor,
            f.r_squared,
            f.t_from,
            f.t_to,
            f.points as f64,
        ]
    })
}

/// Characteristic sintering time of a surface-area-ratio series: [τ ps, final ratio], or empty.
#[wasm_bindgen]
pub fn fit_sintering_time(t: Vec<f64>, a: Vec<f64>) -> Vec<f64> {
    analysis::fit::sintering_time(&t, &a).map_or(vec![], |(tau, inf)| vec![tau, inf])
}

#[wasm_bindgen]
impl Engine {
    /// Builds the scenario given as JSON.
    #[wasm_bindgen(constructor)]
    /// `files_json`, if given, maps file names the scenario uses (a dropped potential file) to
    /// their text.
    pub fn new(scenario_json: &str, files_json: Option<String>) -> Result<Engine, JsError> {
        let scenario = Scenario::from_json(scenario_json).map_err(js_err)?;
        let files = match files_json {
            Some(j) => sim::MemoryFiles(
                serde_json::from_str(&j)
                    .map_err(|e| JsError::new(&format!("bad file list: {e}")))?,
            ),
            None => sim::MemoryFiles::default(),
        };
        let (sys, potential) =
            sim::prepare(&scenario, &|name: &str| files.load(name)).map_err(js_err)?;
        if sys.len() > MAX_PAGE_ATOMS {
            return Err(JsError::new(&format!(
                "this scenario has {} atoms; the page runs at most {MAX_PAGE_ATOMS} (use smaller particles, or the nanocoalesce CLI / LAMMPS for larger runs)",
                sys.len()
            )));
        }
        let sim = Simulation::from_system(&scenario, sys, potential).map_err(js_err)?;
        let analyzer = Analyzer::for_run(
            &PAGE_OBSERVABLES.join(","),
            &analysis::RunInfo::of_scenario(&sim.scenario),
        )
        .map_err(js_err)?;
        Ok(Engine {
            sim,
            analyzer,
            files,
        })
    }

    /// The LAMMPS deck of the scenario (as at step 0) as a tar archive `nanocoalesce-deck/…`.
    pub fn lammps_deck_tar(&self) -> Result<Vec<u8>, JsError> {
        let scenario = &self.sim.scenario;
        let files = &self.files;
        let sim = crate::base::parallel::in_pool(|| {
            Simulation::new(scenario, &|name: &str| files.load(name))
        })
        .map_err(js_err)?;
        let deck = crate::run::lammps_deck::lammps_deck(scenario, &sim).map_err(js_err)?;
        Ok(crate::io::tar::ustar("nanocoalesce-deck", &deck.files))
    }

    /// Advances `n` steps (stops early, with an error, if the run blows up).
    pub fn step(&mut self, n: u32) -> Result<(), JsError> {
        let sim = &mut self.sim;
        crate::base::parallel::in_pool(|| sim.run(n as u64)).map_err(js_err)
    }

    /// Number of atoms.
    pub fn n_atoms(&self) -> usize {
        self.sim.md.sys.len()
    }

    /// Steps done.
    pub fn steps_done(&self) -> f64 {
        self.sim.md.step as f64
    }

    /// Positions x, y, z per atom, Å, as f32 for the renderer.
    pub fn positions(&self) -> Vec<f32> {
        self.sim
            .md
            .sys
            .pos
            .iter()
            .flat_map(|p| p.map(|c| c as f32))
            .collect()
    }

    /// Element index per atom (into [`Engine::elements`]).
    pub fn species(&self) -> Vec<u16> {
        self.sim.md.sys.species.clone()
    }

    /// Particle of origin per atom.
    pub fn particles(&self) -> Vec<u32> {
        self.sim.md.sys.particle.clone()
    }

    /// Element symbols.
    pub fn elements(&self) -> Vec<String> {
        self.sim.md.sys.elements.clone()
    }

    /// The observables row (see [`observable_names`]).
    pub fn observables(&self) -> Vec<f64> {
        self.sim.observables()
    }

    /// SHA-256 of the positions (little-endian f64, x y z per atom), as the CLI prints it.
    pub fn positions_sha256(&self) -> String {
        sim::positions_sha256(&self.sim.md.sys.pos)
    }

    /// The scenario as JSON.
    pub fn scenario_json(&self) -> String {
        self.sim.scenario.to_json()
    }

    /// Column names of [`Engine::analyze`].
    pub fn analysis_names(&self) -> Vec<String> {
        self.analyzer.columns(&self.sim.md.sys)
    }

    /// The analysis row of the current state (neck, shrinkage, Rg, surface, rotation).
    pub fn analyze(&mut self) -> Result<Vec<f64>, JsError> {
        let (an, md) = (&mut self.analyzer, &self.sim.md);
        crate::base::parallel::in_pool(|| an.evaluate(&md.sys, md.time())).map_err(js_err)
    }

    /// A per-atom class for colouring: `cna` (0 other, 1 FCC, 2 HCP, 3 BCC, 4 ICO),
    /// `coordination` (neighbour count, capped at 255) or `surface` (1 for surface atoms).
    pub fn atom_classes(&self, kind: &str) -> Result<Vec<u8>, JsError> {
        let sys = &self.sim.md.sys;
        crate::base::parallel::in_pool(|| -> crate::Result<Vec<u8>> {
            let d = analysis::bond_length(sys)?;
            Ok(match kind {
                "cna" => analysis::cna::adaptive_cna(&sys.pos, sys.cell, d)?
                    .into_iter()
                    .map(|c| c as u8)
                    .collect(),
                "coordination" => analysis::coordination::coordination_numbers(sys, d)?
                    .into_iter()
                    .map(|c| c.min(255) as u8)
                    .collect(),
                "surface" => analysis::surface::measure_surface(sys, d)?
                    .is_surface
                    .into_iter()
                    .map(u8::from)
                    .collect(),
                other => bail!("unknown atom class '{other}' (cna, coordination, surface)"),
            })
        })
        .map_err(js_err)
    }

    /// Partial g(r) up to `r_max` in bins of `dr` (Å) as JSON:
    /// `{"r": [...], "total": [...], "partials": [{"a": "Au", "b": "Ag", "g": [...]}]}`.
    pub fn rdf_json(&self, r_max: f64, dr: f64) -> Result<String, JsError> {
        let sys = &self.sim.md.sys;
        let g = crate::base::parallel::in_pool(|| analysis::rdf::pair_distribution(sys, r_max, dr))
            .map_err(js_err)?;
        let partials: Vec<_> = g
            .partials
            .iter()
            .map(|(a, b, v)| serde_json::json!({"a": a, "b": b, "g": v}))
            .collect();
        Ok(serde_json::json!({"r": g.r, "total": g.total, "partials": partials}).to_string())
    }

    /// Powder XRD (Debye equation, Cu Kα) for 2θ in [from, to] degrees, as JSON:
    /// `{"two_theta": [...], "intensity": [...], "scherrer": {"peak": °, "fwhm": °, "size_nm": nm} | null}`.
    pub fn xrd_json(&self, from: f64, to: f64, step: f64) -> Result<String, JsError> {
        let sys = &self.sim.md.sys;
        let p = crate::base::parallel::in_pool(|| {
            analysis::xrd::debye_pattern(sys, analysis::xrd::CU_K_ALPHA, from, to, step)
        })
        .map_err(js_err)?;
        let sc = analysis::xrd::scherrer(&p, 0.9).map(|s| {
            serde_json::json!({"peak": s.peak_two_theta, "fwhm": s.fwhm_deg, "size_nm": s.size / 10.0})
        });
        Ok(
            serde_json::json!({"two_theta": p.two_theta, "intensity": p.intensity, "scherrer": sc})
                .to_string(),
        )
    }

    /// The current frame as extended XYZ.
    pub fn extxyz_frame(&self) -> String {
        let md = &self.sim.md;
        let frame = crate::io::extxyz::Frame::from_system(&md.sys, md.step, md.time());
        let mut s = String::new();
        crate::io::extxyz::write_frame(&mut s, &frame);
        s
    }
}

/// True if a share link describes a kinetic Monte Carlo run.
#[wasm_bindgen]
pub fn is_kmc_link(url: &str) -> bool {
    link::is_kmc(url)
}

/// A kinetic Monte Carlo neck-growth run in the page.
#[wasm_bindgen]
pub struct KmcEngine {
    spec: crate::kmc::neck::KmcNeckSpec,
    lattice: crate::kmc::surface_diffusion::Lattice,
    samples: Vec<crate::kmc::neck::NeckSample>,
}

#[wasm_bindgen]
impl KmcEngine {
    /// Builds the run of a kMC share link (an error names what is wrong with the link).
    #[wasm_bindgen(constructor)]
    pub fn new(url: &str) -> Result<KmcEngine, JsError> {
        let spec = link::parse_kmc(url).map_err(js_err)?;
        let lattice = spec.build().map_err(js_err)?;
        let mut e = KmcEngine {
            spec,
            lattice,
            samples: Vec::new(),
        };
        e.sample()?;
        Ok(e)
    }

    /// Runs up to `n` events (fewer at the end of the run or when nothing can move), then
    /// samples the neck. Returns the events done in this call.
    pub fn step(&mut self, n: u32) -> Result<u32, JsError> {
        let mut done = 0;
        while done < n && self.lattice.events < self.spec.events && self.lattice.step() {
            done += 1;
        }
        self.sample()?;
        Ok(done)
    }

    fn sample(&mut self) -> Result<(), JsError> {
        let (radius, atoms) =
            crate::kmc::neck::neck_of(&self.lattice, self.spec.lattice).map_err(js_err)?;
        if self
            .samples
            .last()
            .is_none_or(|s| s.events != self.lattice.events)
        {
            self.samples.push(crate::kmc::neck::NeckSample {
                events: self.lattice.events,
                time_s: self.lattice.time_s,
                radius,
                atoms,
            });
        }
        Ok(())
    }

    /// Events done.
    pub fn events(&self) -> f64 {
        self.lattice.events as f64
    }

    /// Simulated time, s.
    pub fn time_s(&self) -> f64 {
        self.lattice.time_s
    }

    /// Number of atoms.
    pub fn n_atoms(&self) -> usize {
        self.lattice.len()
    }

    /// Positions x, y, z per atom, Å, as f32.
    pub fn positions(&self) -> Vec<f32> {
        self.lattice
            .positions(self.spec.lattice)
            .iter()
            .flat_map(|p| p.map(|c| c as f32))
            .collect()
    }

    /// Particle of origin per atom.
    pub fn particles(&self) -> Vec<u32> {
        self.lattice.label.clone()
    }

    /// Neck samples: time (s), radius (Å), atoms, flattened.
    pub fn samples(&self) -> Vec<f64> {
        self.samples
            .iter()
            .flat_map(|s| [s.time_s, s.radius, s.atoms as f64])
            .collect()
    }

    /// The growth fit [exponent, prefactor, R², points, last time (s)], or empty.
    pub fn fit(&self) -> Vec<f64> {
        crate::kmc::neck::fit_growth(&self.samples).map_or(vec![], |f| {
            vec![
                f.exponent,
                f.prefactor,
                f.r_squared,
                f.points as f64,
                f.t_to,
            ]
        })
    }

    /// SHA-256 of the positions (as for MD).
    pub fn positions_sha256(&self) -> String {
        sim::positions_sha256(&self.lattice.positions(self.spec.lattice))
    }

    /// The share-link query of this run.
    pub fn link(&self) -> String {
        link::kmc_to_query(&self.spec)
    }
}

/// Site spacing of the film view, Å (one nanoparticle per site; a display scale).
const FILM_SPACING: f64 = 3.0;

/// A film-growth (deposition, diffusion, aggregation) run in the page.
#[wasm_bindgen]
pub struct FilmEngine {
    film: crate::kmc::dda::Film,
    /// (coverage, island density, time s) samples.
    samples: Vec<[f64; 3]>,
}

#[wasm_bindgen]
impl FilmEngine {
    /// Builds the run of a film share link (`kmc=film`).
    #[wasm_bindgen(constructor)]
    pub fn new(url: &str) -> Result<FilmEngine, JsError> {
        let spec = link::parse_film(url).map_err(js_err)?;
        let film = crate::kmc::dda::Film::new(spec).map_err(js_err)?;
        Ok(FilmEngine {
            film,
            samples: vec![[0.0, 0.0, 0.0]],
        })
    }

    /// Runs up to `n` events (fewer at the final coverage), then samples; returns events done.
    pub fn step(&mut self, n: u32) -> u32 {
        let mut done = 0;
        while done < n && self.film.step() {
            done += 1;
        }
        let d = self.film.island_density();
        self.samples
            .push([self.film.coverage(), d, self.film.time_s]);
        done
    }

    /// Events done.
    pub fn events(&self) -> f64 {
        self.film.events as f64
    }

    /// Simulated time, s.
    pub fn time_s(&self) -> f64 {
        self.film.time_s
    }

    /// Particles on the substrate.
    pub fn n_atoms(&self) -> usize {
        self.film.particles()
    }

    /// Positions (x, y, 0) per particle, Å (3 Å per site), as f32.
    pub fn positions(&self) -> Vec<f32> {
        self.film
            .positions(FILM_SPACING)
            .iter()
            .flat_map(|p| p.map(|c| c as f32))
            .collect()
    }

    /// Samples: coverage, island density (per site), time (s), flattened.
    pub fn samples(&self) -> Vec<f64> {
        self.samples.iter().flatten().copied().collect()
    }

    /// SHA-256 of the positions (as for MD).
    pub fn positions_sha256(&self) -> String {
        sim::positions_sha256(&self.film.positions(FILM_SPACING))
    }

    /// The share-link query of this run.
    pub fn link(&self) -> String {
        link::film_to_query(self.film.spec())
    }
}
