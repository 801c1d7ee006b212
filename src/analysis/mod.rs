//! Coalescence analysis: the observables papers report, one file per observable, all behind the
//! [`Observable`] trait (a row of numbers per frame), plus curves computed on demand ([`rdf`],
//! [`xrd`]) and fits over time series ([`fit`], [`caloric`]).
//!
//! Every observable works on a [`System`] (positions, elements, masses, particle labels; atoms
//! keep their labels for the whole run) and is deterministic: parallel loops write per-atom
//! results and every sum runs in a fixed order. Each one states its cost per call.
//!
//! | name | columns |
//! |---|---|
//! | `shrinkage` | centre-of-mass distance of particles 0 and 1 |
//! | `rg` | radius of gyration, principal radii, aspect ratio |
//! | `neck` | neck radius and diameter, atoms in the neck slab, contact plane position |
//! | `surface` | surface atoms, probe-sphere surface area and its ratio to the first frame, surface fraction of each element |
//! | `cna` | fraction of atoms per adaptive-CNA class (FCC, HCP, BCC, ICO, other) |
//! | `coordination` | mean coordination number |
//! | `rotation` | rotation of each particle and their relative rotation since the first frame |
//! | `lindemann` | Lindemann index over the frames so far |
//! | `scherrer` | XRD Scherrer crystallite size, position and width of the strongest peak |
//! | `support` | metal–support energy, contact atoms, height, width, contact angle (runs on a support) |
//! | `epitaxy` | misorientation of particles 0 and 1 to the substrate lattice (runs on a crystalline substrate) |
//! | `press` | gap between a press's plates, relative density, void fraction, shrinkage (runs in a press) |

pub mod caloric;
pub mod cell;
pub mod classify;
pub mod cna;
pub mod coordination;
pub mod epitaxy;
pub mod fit;
pub mod gyration;
pub mod linalg;
pub mod lindemann;
pub mod neck;
pub mod press;
pub mod rdf;
pub mod rotation;
pub mod scherrer;
pub mod shrinkage;
pub mod support;
pub mod surface;
pub mod xrd;

use crate::base::error::Result;
use crate::system::System;

/// A quantity computed from one frame (and, for some, from the frames before it).
pub trait Observable: Send + Sync {
    /// The name used to select it (`--observables neck,rg`).
    fn name(&self) -> &'static str;
    /// Column names of [`Observable::evaluate`]'s row (with units, e.g. `neck_radius_A`).
    fn columns(&self, sys: &System) -> Vec<String>;
    /// The row for this frame. `time_ps` is the simulated time of the frame.
    fn evaluate(&mut self, sys: &System, time_ps: f64) -> Result<Vec<f64>>;
    /// The row for a frame of a run, which may tell more than its atoms (a press's plates): by
    /// default [`Observable::evaluate`] of its atoms.
    fn evaluate_frame(&mut self, frame: &Frame) -> Result<Vec<f64>> {
        self.evaluate(frame.sys, frame.time_ps)
    }
}

/// One frame of a run as the observables see it.
#[derive(Clone, Copy, Debug)]
pub struct Frame<'a> {
    /// The particles' atoms.
    pub sys: &'a System,
    /// Simulated time, ps.
    pub time_ps: f64,
    /// Heights of a press's plates, Å: the mean y of the lower plate's top layer and of the upper
    /// plate's bottom layer (None: no press, or not known, as for a trajectory file).
    pub plates: Option<[f64; 2]>,
    /// The diagonal of the forces' virial Σ r_k f_k, eV, for the pressure (None: not known, as
    /// for a trajectory file).
    pub virial: Option<[f64; 3]>,
}

/// The observables, by name, with a one-line description.
pub const OBSERVABLES: &[(&str, &str)] = &[
    ("shrinkage", "centre-of-mass distance of particles 0 and 1 (Å)"),
    ("rg", "radius of gyration, principal radii and aspect ratio (Å)"),
    ("neck", "neck radius and diameter at the contact plane (Å)"),
    (
        "surface",
        "surface atoms, surface area (Å², and relative to the first frame), surface fraction per element",
    ),
    ("cna", "fractions of FCC, HCP, BCC, ICO and other atoms (adaptive CNA)"),
    ("coordination", "mean coordination number"),
    (
        "rotation",
        "rotation of particles 0 and 1 and their relative rotation since the first frame (degrees)",
    ),
    ("lindemann", "Lindemann index over the frames so far"),
    (
        "scherrer",
        "XRD (Cu Kα) Scherrer crystallite size (nm), position and FWHM of the strongest peak in 30–50° 2θ",
    ),
    (
        "support",
        "metal–support energy (eV), contact atoms, height, width (Å), height/width, contact angle (°) on a support",
    ),
    (
        "epitaxy",
        "misorientation of particles 0 and 1 to a crystalline substrate's lattice (degrees)",
    ),
    (
        "press",
        "gap between a press's plates (Å), relative density and void fraction of the compact, its shrinkage",
    ),
    (
        "box",
        "periodic box: volume (Å³), volume per atom, lattice constant (Å), pressure (bar), box lengths (Å)",
    ),
];

/// The default set of `analyze`.
pub const DEFAULT_OBSERVABLES: &[&str] = &["shrinkage", "rg", "neck", "surface"];

/// The default set of `run`/`md` output and the page (the simulation itself reports the
/// centre-of-mass distance).
pub const DEFAULT_RUN_OBSERVABLES: &[&str] = &["rg", "neck", "surface"];

/// The observables a run's set-up adds to the default ones (the CLI's and the page's): `support`
/// on a wall or a crystal, `epitaxy` on a crystal, `press` in a press, `box` for a bulk crystal or
/// under a barostat.
pub fn setup_observables(info: &RunInfo) -> Vec<&'static str> {
    let mut names = Vec::new();
    if info.support.is_some() || info.substrate.is_some() {
        names.push("support");
    }
    if info.substrate.is_some() {
        names.push("epitaxy");
    }
    if info.press.is_some() {
        names.push("press");
    }
    if info.bulk.is_some() || info.barostat {
        names.push("box");
    }
    names
}

/// What the analysis may know about a run beyond its atoms.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RunInfo {
    /// Initial lattice orientations (crystal frame → lab) of particles 0 and 1.
    pub orientations: Option<[crate::base::math::DMat3; 2]>,
    /// The support under the atoms, if any.
    pub support: Option<crate::potential::wall::Wall>,
    /// The crystalline substrate under the particles, if any (the observables see the
    /// particles' atoms alone).
    pub substrate: Option<SubstrateInfo>,
    /// The press the particles are in, if any.
    pub press: Option<PressInfo>,
    /// The lattice of a bulk crystal run, if it is one.
    pub bulk: Option<crate::structure::bulk::Lattice>,
    /// True if a barostat sets the box.
    pub barostat: bool,
}

/// What the analysis knows of a press ([`crate::structure::press`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PressInfo {
    /// Cross-section of the periodic box, Lx·Lz, Å².
    pub area: f64,
    /// Spacing of the plates' atomic layers, Å.
    pub layer_spacing: f64,
    /// Volume of the particles' atoms as bulk crystal, Σ aₑ³/4 over their atoms (aₑ each
    /// element's fcc lattice constant), Å³.
    pub solid_volume: f64,
}

/// What the analysis knows of a crystalline substrate ([`crate::structure::slab`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SubstrateInfo {
    /// The substrate lattice's orientation (crystal frame → lab).
    pub orientation: crate::base::math::DMat3,
    /// Height of its top layer at the start, Å.
    pub surface_y: f64,
    /// Spacing of its atomic layers, Å.
    pub layer_spacing: f64,
    /// Initial lattice orientations (crystal frame → lab) of particles 0 and 1, where they exist.
    pub particles: [Option<crate::base::math::DMat3>; 2],
}

/// A fresh observable by name.
pub fn observable(name: &str) -> Result<Box<dyn Observable>> {
    observable_for(name, &RunInfo::default())
}

/// A fresh observable by name, told what is known of the run.
pub fn observable_for(name: &str, info: &RunInfo) -> Result<Box<dyn Observable>> {
    Ok(match name {
        "shrinkage" => Box::new(shrinkage::Shrinkage),
        "rg" => Box::new(gyration::Gyration),
        "neck" => Box::new(neck::Neck::default()),
        "surface" => Box::new(surface::Surface::default()),
        "cna" => Box::new(cna::CnaFractions),
        "coordination" => Box::new(coordination::MeanCoordination),
        "rotation" => Box::new(rotation::Rotation::with_orientations(info.orientations)),
        "lindemann" => Box::new(lindemann::Lindemann::default()),
        "scherrer" => Box::new(scherrer::ScherrerSize),
        "support" => Box::new(support::Support::new(info)),
        "epitaxy" => Box::new(epitaxy::Epitaxy::new(info)),
        "press" => Box::new(press::PressObservable::new(info)),
        "box" => Box::new(cell::BoxObservable::new(info)),
        _ => bail!(
            "unknown observable '{name}' (known: {})",
            OBSERVABLES
                .iter()
                .map(|o| o.0)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// Several observables evaluated together, one table row per frame.
pub struct Analyzer {
    list: Vec<Box<dyn Observable>>,
}

impl Analyzer {
    /// Observables from a comma-separated list of names (`"neck,rg"`); `"all"` selects every one.
    pub fn from_names(names: &str) -> Result<Analyzer> {
        Analyzer::for_run(names, &RunInfo::default())
    }

    /// As [`Analyzer::from_names`], for a run described by `info`.
    pub fn for_run(names: &str, info: &RunInfo) -> Result<Analyzer> {
        let names: Vec<&str> = if names.trim() == "all" {
            OBSERVABLES.iter().map(|o| o.0).collect()
        } else {
            names
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        };
        let mut list: Vec<Box<dyn Observable>> = Vec::new();
        for n in names {
            if list.iter().any(|o| o.name() == n) {
                continue;
            }
            list.push(observable_for(n, info)?);
        }
        Ok(Analyzer { list })
    }

    /// Drops the observable `name`, if selected.
    pub fn remove(&mut self, name: &str) {
        self.list.retain(|o| o.name() != name);
    }

    /// True if no observable is selected.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Column names of [`Analyzer::evaluate`].
    pub fn columns(&self, sys: &System) -> Vec<String> {
        self.list.iter().flat_map(|o| o.columns(sys)).collect()
    }

    /// One row: every observable's columns, in order.
    pub fn evaluate(&mut self, sys: &System, time_ps: f64) -> Result<Vec<f64>> {
        self.evaluate_frame(&Frame {
            sys,
            time_ps,
            plates: None,
            virial: None,
        })
    }

    /// One row for a frame of a run.
    pub fn evaluate_frame(&mut self, frame: &Frame) -> Result<Vec<f64>> {
        let mut row = Vec::new();
        for o in &mut self.list {
            let name = o.name();
            row.extend(
                o.evaluate_frame(frame)
                    .map_err(|e| e.context(format!("observable '{name}'")))?,
            );
        }
        Ok(row)
    }
}

/// The typical bond length of `sys` (mean first-shell bond length, Å; see
/// [`crate::neighbor::typical_bond_length`]), the length scale the structural observables derive their
/// cut-offs from. Errors if no atom has a neighbour within
/// 5 Å.
pub fn bond_length(sys: &System) -> Result<f64> {
    crate::neighbor::typical_bond_length(&sys.pos, sys.cell, 5.0)?
        .ok_or_else(|| crate::Error::new("no two atoms are within 5 Å of each other"))
}

#[cfg(test)]
pub(crate) mod testutil {
    use crate::system::System;

    /// A system of one element from positions, with particle labels.
    pub fn system(symbol: &str, pos: Vec<[f64; 3]>, particle: Vec<u32>) -> System {
        let n = pos.len();
        System {
            elements: vec![symbol.to_string()],
            masses: vec![crate::base::elements::standard_mass(symbol).unwrap_or(1.0)],
            species: vec![0; n],
            particle,
            pos,
            vel: vec![[0.0; 3]; n],
            cell: None,
            fixed: 0,
            piston: 0,
        }
    }

    /// fcc lattice sites of lattice constant `a` in a cube of `n` cells per side, centred at 0.
    pub fn fcc_block(a: f64, n: i32) -> Vec<[f64; 3]> {
        let n = n as i64;
        crate::base::math::fcc_points([-n; 3], [n; 3], a).collect()
    }

    /// fcc sites within `radius` of `center`.
    pub fn fcc_sphere(a: f64, center: [f64; 3], radius: f64) -> Vec<[f64; 3]> {
        crate::base::math::fcc_ball(a, center, radius)
    }
}
