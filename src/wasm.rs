//! The browser binding: a thin wasm-bindgen layer over [`crate::sim::Simulation`]. Scenario in
//! (share link or JSON), steps, positions / species / observables out. No physics here.

use crate::sim::{self, Simulation};
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
    crate::parallel::current_threads()
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
}

#[wasm_bindgen]
impl Engine {
    /// Builds the scenario given as JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario_json: &str) -> Result<Engine, JsError> {
        let scenario = Scenario::from_json(scenario_json).map_err(js_err)?;
        let (sys, potential) = sim::prepare(&scenario, &sim::no_files).map_err(js_err)?;
        if sys.len() > MAX_PAGE_ATOMS {
            return Err(JsError::new(&format!(
                "this scenario has {} atoms; the page runs at most {MAX_PAGE_ATOMS} (use smaller particles, or the nanocoalesce CLI / LAMMPS for larger runs)",
                sys.len()
            )));
        }
        let sim = Simulation::from_system(&scenario, sys, potential).map_err(js_err)?;
        Ok(Engine { sim })
    }

    /// Advances `n` steps (stops early, with an error, if the run blows up).
    pub fn step(&mut self, n: u32) -> Result<(), JsError> {
        let md = &mut self.sim.md;
        crate::parallel::in_pool(|| md.run(n as u64)).map_err(js_err)
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

    /// The current frame as extended XYZ.
    pub fn extxyz_frame(&self) -> String {
        let md = &self.sim.md;
        let frame = crate::io::extxyz::Frame::from_system(&md.sys, md.step, md.time());
        let mut s = String::new();
        crate::io::extxyz::write_frame(&mut s, &frame);
        s
    }
}
