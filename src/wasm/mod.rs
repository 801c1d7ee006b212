//! The browser binding: a thin wasm-bindgen layer over the run layer, no physics. One exported
//! [`Engine`] opens a share link or a scenario and holds one of three page engines, one file
//! each, over the [`PageEngine`] trait: MD (+ MC) ([`md`]), kMC neck growth ([`kmc`]), film
//! growth ([`film`]). Everything crosses the boundary as typed values: positions, species,
//! particles and classes as typed arrays; scenarios, states, samples, analysis rows, fits and
//! curves as plain JS objects with named fields (serde-wasm-bindgen); what the engine owns
//! (elements, shapes, presets, thermostats, integrators, potentials, limits) comes from [`catalog`].

mod film;
mod kmc;
mod md;

use crate::base::error::{Error, Result};
use crate::run::{link, presets::PRESETS, scenario::Scenario};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "wasm-threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// Most atoms the page will simulate (larger runs: the CLI or the LAMMPS export).
pub const MAX_PAGE_ATOMS: usize = 40_000;

/// The result of a function the page calls: errors become JS exceptions with the message.
type JsResult<T> = std::result::Result<T, JsError>;

fn js_err(e: Error) -> JsError {
    JsError::new(e.message())
}

/// A value as a plain JS object (maps as objects, absent values as `null`).
fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue> {
    let s = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    v.serialize(&s)
        .map_err(|e| Error::new(format!("cannot hand this value to the page: {e}")))
}

/// A JS value read as `T`, or an error naming `what`.
fn from_js<T: serde::de::DeserializeOwned>(v: JsValue, what: &str) -> Result<T> {
    serde_wasm_bindgen::from_value(v).map_err(|e| Error::new(format!("{what}: {e}")))
}

/// What a page engine shows and does; the page drives every mode through it.
trait PageEngine: Send + Sync {
    /// `md`, `kmc` or `film`.
    fn mode(&self) -> &'static str;
    /// Advances up to `n` units (steps in MD, events in kMC); returns the units done.
    fn step(&mut self, n: u32) -> Result<u32>;
    /// Units a "step" of the page's speed control stands for (1 MD step, 1000 kMC events, …).
    fn units_per_speed_step(&self) -> u32;
    /// Positions x, y, z per atom, Å.
    fn positions(&self) -> Vec<[f64; 3]>;
    /// Element symbols; [`PageEngine::species`] indexes them.
    fn elements(&self) -> Vec<String>;
    /// Element index per atom.
    fn species(&self) -> Vec<u16>;
    /// Particle of origin per atom.
    fn particles(&self) -> Vec<u32>;
    /// The current state (named fields, `mode` and `step` among them), with the positions' hash
    /// if `hash`.
    fn state(&self, hash: bool) -> Result<JsValue>;
    /// What happened since the last call: new samples or analysis rows, for the charts.
    fn frame(&mut self) -> Result<JsValue>;
    /// Everything the charts need from the start (called once after loading).
    fn history(&self) -> Result<JsValue>;
    /// The share-link query of this run, if a link can hold it.
    fn link(&self) -> Option<String>;
    /// SHA-256 of the positions, as the CLI prints it.
    fn positions_sha256(&self) -> String;
    /// How the view should frame the atoms.
    fn view(&self) -> View {
        View::default()
    }
    /// What the engine offers beyond the shared interface.
    fn capabilities(&self) -> Capabilities {
        Capabilities::default()
    }
    /// Per-atom classes for colouring (MD only).
    fn atom_classes(&self, _kind: &str) -> Result<Vec<u8>> {
        bail!("per-atom classes are for MD runs")
    }
    /// Per-atom classes of a recorded frame (positions as the page keeps them, species) (MD only).
    fn atom_classes_of(
        &self,
        _kind: &str,
        _positions: &[f32],
        _species: &[u16],
    ) -> Result<Vec<u8>> {
        bail!("per-atom classes are for MD runs")
    }
    /// g(r) (MD only).
    fn rdf(&self, _r_max: f64, _dr: f64) -> Result<crate::analysis::rdf::Rdf> {
        bail!("g(r) is for MD runs")
    }
    /// The XRD pattern with its Scherrer size (MD only).
    fn xrd(&self, _from: f64, _to: f64, _step: f64) -> Result<Xrd> {
        bail!("XRD is for MD runs")
    }
    /// The LAMMPS deck as a tar archive (MD only).
    fn lammps_deck_tar(&self) -> Result<Vec<u8>> {
        bail!("the LAMMPS export needs an MD scenario (not kMC)")
    }
    /// The recorded frames as extended XYZ (MD only).
    fn trajectory_extxyz(&self) -> Result<String> {
        bail!("the trajectory download is for MD runs")
    }
    /// What defines the run: the MD scenario, or the kMC neck or film spec.
    fn scenario(&self) -> Result<JsValue>;
    /// A live change, kept as an event of the scenario (MD only).
    fn steer(&mut self, _change: crate::run::steering::Steer) -> Result<()> {
        bail!("live steering (temperature, thermostat) is for MD runs")
    }
    /// The recorded table (analysis rows, or the kMC samples) as CSV.
    fn table_csv(&self) -> String;
}

/// The Scherrer analysis of the strongest XRD peak.
#[derive(Serialize)]
struct Scherrer {
    /// Peak position 2θ, degrees.
    peak_two_theta: f64,
    /// Full width at half maximum, degrees.
    fwhm_deg: f64,
    /// Crystallite size, nm.
    size_nm: f64,
}

/// A powder XRD pattern with its Scherrer size.
#[derive(Serialize)]
struct Xrd {
    two_theta: Vec<f64>,
    intensity: Vec<f64>,
    scherrer: Option<Scherrer>,
}

/// What a page engine offers beyond stepping and drawing.
#[derive(Clone, Copy, Debug, Default, Serialize)]
struct Capabilities {
    /// Per-atom classes for colouring, g(r), XRD, the LAMMPS deck and the extxyz download.
    analysis: bool,
    /// The number of atoms changes during the run (species and particles come with each frame).
    growing: bool,
    /// Species change during the run (MC swaps: species come with each frame).
    swaps: bool,
}

/// How the page's view frames the atoms.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub(crate) struct View {
    /// Look straight down on the x–y plane (a substrate), else orbit the atoms' centre.
    top_down: bool,
    /// The centre to look at, Å (top-down views).
    center: [f64; 3],
    /// The side of the area to show, Å (top-down views).
    side: f64,
    /// The plane y of a support under the atoms, Å (drawn as a floor), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    support_y: Option<f64>,
}

/// A support menu entry: its scenario value (none: free particles), a wall's spec or a
/// crystalline substrate.
#[derive(Serialize)]
struct SupportChoice {
    value: &'static str,
    label: &'static str,
    spec: Option<crate::potential::wall::WallSpec>,
    substrate: Option<crate::structure::slab::Slab>,
}

/// The crystalline substrates the support menu offers: (link form, label).
const SUBSTRATE_MENU: [(&str, &str); 6] = [
    ("slab:Cu:fcc001", "Cu(001) crystal (periodic slab)"),
    ("slab:Cu:fcc111", "Cu(111) crystal"),
    ("slab:Ag:fcc001", "Ag(001) crystal"),
    ("slab:Au:fcc111", "Au(111) crystal"),
    ("slab:Pt:fcc111", "Pt(111) crystal"),
    ("slab:Fe:bcc110", "Fe(110) crystal (bcc)"),
];

/// A menu entry: the value the engine reads and what the menu shows.
#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
}

/// What the engine owns and the page lists: elements, shapes, thermostats, integrators, potentials, presets,
/// the default link and the page's limits.
#[derive(Serialize)]
struct Catalog {
    elements: Vec<String>,
    shapes: Vec<&'static str>,
    /// The shapes a kMC neck run takes (one fcc lattice: no twinned shapes).
    kmc_shapes: Vec<&'static str>,
    thermostats: Vec<Choice>,
    integrators: Vec<Choice>,
    kmc_algorithms: Vec<Choice>,
    arrangements: Vec<Choice>,
    /// The supports a run can stand on: none, the carbon-like wall (its spec), or a crystal.
    supports: Vec<SupportChoice>,
    potentials: Vec<Choice>,
    presets: &'static [crate::run::presets::Preset],
    default_link: &'static str,
    max_atoms: usize,
    classifiers: [&'static str; 3],
}

/// The lists the page's menus show, from the engine.
#[wasm_bindgen]
pub fn catalog() -> JsResult<JsValue> {
    use crate::md::thermostat::ThermostatKind as T;
    let c = Catalog {
        elements: crate::base::elements::metals()
            .iter()
            .map(|e| e.symbol.clone())
            .collect(),
        shapes: crate::structure::Shape::ALL
            .iter()
            .map(|s| s.name())
            .collect(),
        kmc_shapes: crate::kmc::neck::KmcNeckSpec::SHAPES
            .iter()
            .map(|s| s.name())
            .collect(),
        thermostats: T::ALL
            .iter()
            .map(|t| Choice {
                value: t.name(),
                label: t.label(),
            })
            .collect(),
        supports: [
            SupportChoice {
                value: "none",
                label: "none (free particles)",
                spec: None,
                substrate: None,
            },
            SupportChoice {
                value: "lj93",
                label: "carbon-like wall (LJ 9-3)",
                spec: Some(crate::potential::wall::WallSpec::CARBON),
                substrate: None,
            },
        ]
        .into_iter()
        .chain(SUBSTRATE_MENU.iter().map(|&(value, label)| SupportChoice {
            value,
            label,
            spec: None,
            substrate: crate::structure::slab::Slab::from_link(value).ok(),
        }))
        .collect(),
        arrangements: crate::structure::Arrangement::MENU
            .iter()
            .map(|&(value, label)| Choice { value, label })
            .collect(),
        kmc_algorithms: crate::kmc::neck::KmcAlgorithm::ALL
            .iter()
            .map(|a| Choice {
                value: a.name(),
                label: a.label(),
            })
            .collect(),
        integrators: crate::md::integrator::Integrator::ALL
            .iter()
            .map(|i| Choice {
                value: i.name(),
                label: i.label(),
            })
            .collect(),
        potentials: link::BUILT_IN_POTENTIALS
            .iter()
            .map(|&(value, label)| Choice { value, label })
            .collect(),
        presets: PRESETS,
        default_link: PRESETS[0].link,
        max_atoms: MAX_PAGE_ATOMS,
        classifiers: crate::analysis::classify::CLASSIFIERS,
    };
    to_js(&c).map_err(js_err)
}

/// True in the threaded build (rayon over Web Workers).
#[wasm_bindgen]
pub fn is_parallel() -> bool {
    cfg!(feature = "wasm-threads")
}

/// How this build computes four lanes at once ([`crate::base::simd::BACKEND`]): `simd128`, or
/// `scalar` in the compatible build for browsers without WebAssembly SIMD.
#[wasm_bindgen]
pub fn simd_backend() -> String {
    crate::base::simd::BACKEND.into()
}

/// Threads rayon uses now (1 before `initThreadPool` or in the single-threaded build).
#[wasm_bindgen]
pub fn thread_count() -> usize {
    crate::base::parallel::current_threads()
}

/// A fresh random seed (the browser's `crypto.getRandomValues`), below 2⁵³.
#[wasm_bindgen]
pub fn fresh_seed() -> JsResult<f64> {
    crate::base::rng::fresh_seed()
        .map(|s| s as f64)
        .map_err(js_err)
}

/// The scenario of an MD share link, or an error naming what is wrong with the link.
#[wasm_bindgen]
pub fn scenario_from_link(url: &str) -> JsResult<JsValue> {
    to_js(&link::parse(url).map_err(js_err)?).map_err(js_err)
}

/// The share-link query (without `?`) of a scenario; an error if a link cannot hold it.
#[wasm_bindgen]
pub fn link_from_scenario(scenario: JsValue) -> JsResult<String> {
    let s: Scenario = from_js(scenario, "scenario").map_err(js_err)?;
    s.validate().map_err(js_err)?;
    link::to_query(&s).map_err(js_err)
}

/// The page's kMC fields: particle radius (nm), shape, temperature (K) and seed.
#[derive(serde::Deserialize)]
struct KmcFields {
    radius_nm: f64,
    #[serde(default = "sphere")]
    shape: crate::structure::Shape,
    temperature: f64,
    seed: u64,
    #[serde(default)]
    algorithm: crate::kmc::neck::KmcAlgorithm,
}

fn sphere() -> crate::structure::Shape {
    crate::structure::Shape::Sphere
}

/// The share-link query of a kMC neck run with the default model from the page's fields
/// `{radius_nm, shape, temperature, seed}`.
#[wasm_bindgen]
pub fn kmc_neck_link(fields: JsValue) -> JsResult<String> {
    let f: KmcFields = from_js(fields, "kMC fields").map_err(js_err)?;
    let spec = crate::kmc::neck::KmcNeckSpec {
        shape: f.shape,
        algorithm: f.algorithm,
        ..crate::kmc::neck::KmcNeckSpec::new(
            f.radius_nm,
            f.temperature,
            crate::kmc::neck::KmcNeckSpec::DEFAULT_EVENTS,
            f.seed,
        )
    };
    spec.validate().map_err(js_err)?;
    Ok(link::kmc_to_query(&spec))
}

/// The share-link query of the page's film run with seed `seed`.
#[wasm_bindgen]
pub fn film_link(seed: f64) -> String {
    link::film_to_query(&crate::kmc::dda::DdaSpec {
        seed: seed as u64,
        ..Default::default()
    })
}

/// A potential file the user dropped on the page, checked: its description (format, elements)
/// and the scenario's `potential` spec naming it, or an error naming the file and the problem.
/// The extension picks the format: `.eam.fs` eam/fs, `.eam` funcfl, anything else setfl.
#[wasm_bindgen]
pub fn check_potential_file(name: &str, text: &str) -> JsResult<JsValue> {
    #[derive(Serialize)]
    struct Checked {
        description: String,
        spec: crate::potential::spec::PotentialSpec,
    }
    let p = crate::potential::spec::potential_from_file(name, text).map_err(js_err)?;
    to_js(&Checked {
        description: p.describe(),
        spec: crate::potential::spec::PotentialSpec::from_files(name),
    })
    .map_err(js_err)
}

/// What the page's neck chart shows of a neck-radius series `r` (times `t` in ps): the points
/// since contact (`t` shifted as the fit's window, `r`), the power-law fit of the growth window
/// (`fit`) and the sintering time of the surface-area-ratio series `a` from contact on
/// (`sintering`; `a` may be empty), and the local exponent d ln r / d ln t of the points since
/// contact (`local`, 7-point windows).
#[wasm_bindgen]
pub fn neck_chart(t: Vec<f64>, r: Vec<f64>, a: Vec<f64>) -> JsResult<JsValue> {
    use crate::analysis::fit;
    #[derive(Serialize)]
    struct NeckChart {
        t: Vec<f64>,
        r: Vec<f64>,
        fit: Option<fit::PowerLaw>,
        sintering: Option<fit::Sintering>,
        local: Vec<fit::LocalExponent>,
    }
    let (ts, rs) = fit::neck_since_contact(&t, &r);
    let from = fit::contact_index(&r);
    let sintering = (a.len() == t.len())
        .then(|| fit::sintering_time(&t[from..], &a[from..]))
        .flatten();
    let local = fit::local_exponents(&ts, &rs, 3);
    to_js(&NeckChart {
        t: ts,
        r: rs,
        local,
        fit: fit::neck_growth(&t, &r),
        sintering,
    })
    .map_err(js_err)
}

/// The caloric curve of a heating run's (temperature K, potential energy per atom eV) points,
/// binned every `bin_k` K: `{temperature, energy, melting_point, latent_heat}` (the melting point
/// at the largest dE/dT), or `null` with too few bins.
#[wasm_bindgen]
pub fn caloric_curve(t: Vec<f64>, e: Vec<f64>, bin_k: f64) -> JsResult<JsValue> {
    to_js(&crate::analysis::caloric::caloric_curve(&t, &e, bin_k, 2)).map_err(js_err)
}

/// Power-law fit y = a·tⁿ of the points with t_from ≤ t ≤ t_to (the user's fit window; t, y > 0):
/// `{prefactor, exponent, r_squared, points, t_from, t_to}`, or `null` with fewer than 3 points.
#[wasm_bindgen]
pub fn power_law_fit(t: Vec<f64>, y: Vec<f64>, t_from: f64, t_to: f64) -> JsResult<JsValue> {
    to_js(&crate::analysis::fit::power_law(&t, &y, t_from, t_to)).map_err(js_err)
}

/// What to open: `{ link }` (a share link of any mode) or `{ scenario }` (an MD scenario).
#[derive(serde::Deserialize)]
struct Request {
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    scenario: Option<Scenario>,
}

/// A run in the page, of any mode.
#[wasm_bindgen]
pub struct Engine {
    inner: Box<dyn PageEngine>,
}

#[wasm_bindgen]
impl Engine {
    /// Opens `{ link }` or `{ scenario }`; `files` maps the names of files the scenario uses (a
    /// dropped potential file) to their text. Errors name what is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(request: JsValue, files: JsValue) -> JsResult<Engine> {
        let r: Request = from_js(request, "what to open").map_err(js_err)?;
        let files = if files.is_undefined() || files.is_null() {
            Default::default()
        } else {
            from_js(files, "the file list").map_err(js_err)?
        };
        let files = crate::run::files::MemoryFiles(files);
        let inner: Box<dyn PageEngine> = match (r.link, r.scenario) {
            (Some(url), None) => match link::kind(&url) {
                link::LinkKind::Film => Box::new(film::FilmEngine::new(&url).map_err(js_err)?),
                link::LinkKind::KmcNeck => Box::new(kmc::KmcEngine::new(&url).map_err(js_err)?),
                link::LinkKind::Md => {
                    let s = link::parse(&url).map_err(js_err)?;
                    Box::new(md::MdEngine::new(s, files).map_err(js_err)?)
                }
            },
            (None, Some(s)) => Box::new(md::MdEngine::new(s, files).map_err(js_err)?),
            _ => return Err(JsError::new("give either a link or a scenario")),
        };
        Ok(Engine { inner })
    }

    /// `md`, `kmc` or `film`.
    pub fn mode(&self) -> String {
        self.inner.mode().into()
    }

    /// Advances up to `n` steps (MD) or events (kMC, film); returns those done. Stops early, with
    /// an error, if the run blows up.
    pub fn step(&mut self, n: u32) -> JsResult<u32> {
        let inner = &mut self.inner;
        crate::base::parallel::in_pool(|| inner.step(n)).map_err(js_err)
    }

    /// A live change made now: `{kind: "temperature", temperature_K}` (jump), `{kind: "ramp",
    /// temperature_K, steps}` or `{kind: "thermostat", thermostat}`. It becomes an event of the
    /// scenario (so the link replays it); refused with a message, the run unchanged, if invalid.
    pub fn steer(&mut self, change: JsValue) -> JsResult<()> {
        let c: crate::run::steering::Steer = from_js(change, "steering change").map_err(js_err)?;
        self.inner.steer(c).map_err(js_err)
    }

    /// Units (steps or events) one step of the page's speed control stands for.
    pub fn units_per_speed_step(&self) -> u32 {
        self.inner.units_per_speed_step()
    }

    /// Positions x, y, z per atom, Å, for the renderer.
    pub fn positions(&self) -> Vec<f32> {
        self.inner
            .positions()
            .iter()
            .flat_map(|p| p.map(|c| c as f32))
            .collect()
    }

    /// Element symbols.
    pub fn elements(&self) -> Vec<String> {
        self.inner.elements()
    }

    /// Element index per atom (into [`Engine::elements`]).
    pub fn species(&self) -> Vec<u16> {
        self.inner.species()
    }

    /// Particle of origin per atom.
    pub fn particles(&self) -> Vec<u32> {
        self.inner.particles()
    }

    /// The current state: `mode`, `step`, `n_atoms`, `positions_sha256`, `threads`, `parallel`
    /// and the mode's own fields.
    pub fn state(&self) -> JsResult<JsValue> {
        self.inner.state(true).map_err(js_err)
    }

    /// [`Engine::state`] without `positions_sha256`, for the frames posted while running: the
    /// hash reads every position (about 2 ms per frame for 10,000 atoms in the browser, on the
    /// worker's thread while the engine's threads wait).
    pub fn frame_state(&self) -> JsResult<JsValue> {
        self.inner.state(false).map_err(js_err)
    }

    /// What happened since the last call (new samples or analysis rows).
    pub fn frame(&mut self) -> JsResult<JsValue> {
        self.inner.frame().map_err(js_err)
    }

    /// Everything the charts need from the start.
    pub fn history(&self) -> JsResult<JsValue> {
        self.inner.history().map_err(js_err)
    }

    /// The share-link query of this run, or `undefined` if a link cannot hold it.
    pub fn link(&self) -> Option<String> {
        self.inner.link()
    }

    /// SHA-256 of the positions (little-endian f64, x y z per atom), as the CLI prints it.
    pub fn positions_sha256(&self) -> String {
        self.inner.positions_sha256()
    }

    /// What the engine offers: `{analysis, growing}`.
    pub fn capabilities(&self) -> JsResult<JsValue> {
        to_js(&self.inner.capabilities()).map_err(js_err)
    }

    /// How the view should frame the atoms: `{top_down, center, side}`.
    pub fn view(&self) -> JsResult<JsValue> {
        to_js(&self.inner.view()).map_err(js_err)
    }

    /// A per-atom class for colouring: `cna` (0 other, 1 FCC, 2 HCP, 3 BCC, 4 ICO),
    /// `coordination` (neighbour count, capped at 255) or `surface` (1 for surface atoms).
    pub fn atom_classes(&self, kind: &str) -> JsResult<Vec<u8>> {
        let inner = &self.inner;
        crate::base::parallel::in_pool(|| inner.atom_classes(kind)).map_err(js_err)
    }

    /// The per-atom classes of a frame the page recorded (the timeline): its positions (x y z per
    /// atom, as sent with the frames) and species, classified as [`Engine::atom_classes`] does.
    pub fn atom_classes_of(
        &self,
        kind: &str,
        positions: Vec<f32>,
        species: Vec<u16>,
    ) -> JsResult<Vec<u8>> {
        let inner = &self.inner;
        crate::base::parallel::in_pool(|| inner.atom_classes_of(kind, &positions, &species))
            .map_err(js_err)
    }

    /// Partial g(r) up to `r_max` in bins of `dr` (Å): `{r, total, partials: [{a, b, g}]}`.
    pub fn rdf(&self, r_max: f64, dr: f64) -> JsResult<JsValue> {
        let inner = &self.inner;
        let g = crate::base::parallel::in_pool(|| inner.rdf(r_max, dr)).map_err(js_err)?;
        to_js(&g).map_err(js_err)
    }

    /// Powder XRD (Debye equation, Cu Kα) for 2θ in [from, to] degrees: `{two_theta,
    /// intensity, scherrer: {peak_two_theta, fwhm_deg, size_nm} | null}`.
    pub fn xrd(&self, from: f64, to: f64, step: f64) -> JsResult<JsValue> {
        let inner = &self.inner;
        let x = crate::base::parallel::in_pool(|| inner.xrd(from, to, step)).map_err(js_err)?;
        to_js(&x).map_err(js_err)
    }

    /// The LAMMPS deck of the scenario (as at step 0) as a tar archive `nanocoalesce-deck/…`.
    pub fn lammps_deck_tar(&self) -> JsResult<Vec<u8>> {
        let inner = &self.inner;
        crate::base::parallel::in_pool(|| inner.lammps_deck_tar()).map_err(js_err)
    }

    /// The recorded frames (every output step, up to the page's budget) as extended XYZ.
    pub fn trajectory_extxyz(&self) -> JsResult<String> {
        self.inner.trajectory_extxyz().map_err(js_err)
    }

    /// The recorded table as CSV: the analysis rows of an MD run (time and the analysis
    /// columns, every output step), or the samples of a kMC run (the CLI's neck.csv, film.csv).
    pub fn table_csv(&self) -> String {
        self.inner.table_csv()
    }

    /// What defines the run: the MD scenario, or the kMC neck or film spec.
    pub fn scenario(&self) -> JsResult<JsValue> {
        self.inner.scenario().map_err(js_err)
    }
}

/// The fields every state has, flattened into each mode's state.
#[derive(Serialize)]
struct Common {
    mode: &'static str,
    step: u64,
    n_atoms: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    positions_sha256: Option<String>,
    threads: usize,
    parallel: bool,
}

impl Common {
    fn of(e: &dyn PageEngine, step: u64, n_atoms: usize, hash: bool) -> Common {
        Common {
            mode: e.mode(),
            step,
            n_atoms,
            positions_sha256: hash.then(|| e.positions_sha256()),
            threads: thread_count(),
            parallel: is_parallel(),
        }
    }
}
