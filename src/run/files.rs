//! The atoms and the potential a scenario starts from ([`prepare`]), read through a loader the
//! front end provides (the CLI reads files relative to the scenario file; the page holds dropped
//! files in memory, [`MemoryFiles`]; a share link has none, [`no_files`]), so the engine itself
//! does no I/O.

use super::scenario::{Scenario, StructureSpec};
use crate::base::elements::reference_lattice_constant;
use crate::base::error::{Error, Result};
use crate::io::extxyz;
use crate::potential::lammps::LammpsPotential;
use crate::potential::Potential;
use crate::structure::press::Press;
use crate::structure::slab::Slab;
use crate::structure::{build_scene, Cluster, SceneSpec};
use crate::system::System;
use std::sync::Arc;

pub use crate::potential::spec::Loader;

/// Files held in memory (e.g. potential files dropped on the page), by the name a scenario uses.
#[derive(Clone, Debug, Default)]
pub struct MemoryFiles(pub std::collections::BTreeMap<String, String>);

impl MemoryFiles {
    /// The text of file `name`, or an error saying it has not been loaded.
    pub fn load(&self, name: &str) -> Result<String> {
        self.0.get(name).cloned().ok_or_else(|| {
            Error::new(format!(
                "the scenario needs the file '{name}', which has not been loaded (drop it on the page)"
            ))
        })
    }
}

/// A loader for front ends without files.
pub fn no_files(path: &str) -> Result<String> {
    Err(Error::new(format!(
        "cannot read '{path}': files are not available here"
    )))
}

/// Atoms before they meet a potential: element symbols, positions, particle labels, box.
struct Atoms {
    symbols: Vec<String>,
    pos: Vec<[f64; 3]>,
    particle: Option<Vec<u32>>,
    cell: Option<[f64; 3]>,
    /// The last atoms held fixed (a substrate's bottom layers).
    fixed: usize,
    /// The atoms just before the fixed ones that are a press's plate.
    piston: usize,
}

impl From<Cluster> for Atoms {
    fn from(c: Cluster) -> Atoms {
        Atoms {
            symbols: c
                .species
                .iter()
                .map(|&t| c.elements[t as usize].clone())
                .collect(),
            pos: c.positions,
            particle: Some(c.particle),
            cell: None,
            fixed: 0,
            piston: 0,
        }
    }
}

impl Atoms {
    /// The elements in order of first appearance (case-insensitively distinct): the default
    /// element list of a built-in potential.
    fn elements_in_order(&self) -> Vec<String> {
        let mut present: Vec<String> = Vec::new();
        for s in &self.symbols {
            if !present.iter().any(|x| x.eq_ignore_ascii_case(s)) {
                present.push(s.clone());
            }
        }
        present
    }
}

/// A [`System`] from element symbols and positions, with species mapped to the potential's
/// elements; errors name the atom whose element the potential lacks.
pub fn system_from_atoms(
    potential: &dyn Potential,
    symbols: &[String],
    pos: Vec<[f64; 3]>,
    particle: Option<Vec<u32>>,
    cell: Option<[f64; 3]>,
) -> Result<System> {
    let n = pos.len();
    if n == 0 {
        bail!("the structure has no atoms");
    }
    let mut species = Vec::with_capacity(n);
    for (i, s) in symbols.iter().enumerate() {
        species.push(
            potential
                .element_index(s)
                .map_err(|e| e.context(format!("atom {}", i + 1)))?,
        );
    }
    let elements: Vec<String> = potential.elements().to_vec();
    let masses = (0..elements.len()).map(|t| potential.mass(t)).collect();
    Ok(System {
        elements,
        masses,
        species,
        particle: particle.unwrap_or_else(|| vec![0; n]),
        pos,
        vel: vec![[0.0; 3]; n],
        cell,
        fixed: 0,
        piston: 0,
    })
}

/// The fcc lattice constant (Å) the builders use for an element symbol.
type LatticeOf<'a> = Box<dyn Fn(&str) -> Option<f64> + 'a>;

/// The lattice constant the builders use for each element: the reference a0 of
/// [`crate::base::elements`], unless some element's fcc lattice constant under `potential`
/// differs from it by more than 0.1 % (SMATB, pair potentials): then the potential's own for every
/// element it states, so the particles start unstrained.
fn builder_lattice(potential: &dyn Potential) -> LatticeOf<'_> {
    let own = |t: usize| potential.lattice_constant(t);
    let differs = (0..potential.elements().len()).any(|t| {
        match (own(t), reference_lattice_constant(&potential.elements()[t])) {
            (Some(a), Some(b)) => (a / b - 1.0).abs() > 1e-3,
            _ => false,
        }
    });
    if !differs {
        return Box::new(reference_lattice_constant);
    }
    Box::new(move |el: &str| {
        potential
            .element_index(el)
            .ok()
            .and_then(|t| potential.lattice_constant(t as usize))
            .or_else(|| reference_lattice_constant(el))
    })
}

/// The lattice constants the structure builders use: those of a potential from files
/// ([`builder_lattice`]), the reference ones where the potential has them, or else those of the
/// built-in potential made for the `declared` elements.
fn builders_lattice<'a>(
    scenario: &Scenario,
    from_files: Option<&'a dyn LammpsPotential>,
    load: Loader,
    declared: impl FnOnce() -> Vec<String>,
) -> Result<LatticeOf<'a>> {
    let spec = &scenario.potential;
    Ok(match from_files {
        Some(p) => builder_lattice(p),
        None if spec.has_reference_lattice() => Box::new(reference_lattice_constant),
        None => own_lattice_table(spec.build(&declared(), load)?.as_ref()),
    })
}

/// The builders' lattice constants of a potential made for the declared elements, as a table
/// that outlives it ([`builder_lattice`]; the reference a0 for any other element).
fn own_lattice_table(declared: &dyn Potential) -> LatticeOf<'static> {
    let own = builder_lattice(declared);
    let table: Vec<(String, Option<f64>)> = declared
        .elements()
        .iter()
        .map(|e| (e.clone(), own(e)))
        .collect();
    Box::new(move |el: &str| {
        table
            .iter()
            .find(|(e, _)| e.eq_ignore_ascii_case(el))
            .map_or_else(|| reference_lattice_constant(el), |(_, a)| *a)
    })
}

/// The elements a scene (and its substrate, last) declares, in order of declaration, each once.
fn declared_elements(scene: &SceneSpec, substrate: Option<&Slab>) -> Vec<String> {
    let particles = scene.particles.iter().flat_map(|p| p.chemistry.declared());
    dedup(
        particles
            .chain(substrate.map(|s| s.element.clone()))
            .collect(),
    )
}

/// Element symbols each once (case-insensitively), in order of first appearance.
fn dedup(symbols: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in symbols {
        if !out.iter().any(|x| x.eq_ignore_ascii_case(&e)) {
            out.push(e);
        }
    }
    out
}

/// The atoms a scenario starts from, with the potential it names.
///
/// A built-in potential is made for the structure's elements in order of first appearance. The
/// particles are built once, at the builders' lattice constants: the reference ones, or for SMATB
/// and pair potentials those of the potential for the scene's declared elements (per-element
/// lattice constants do not depend on the elements' order). A potential from files is read first:
/// its elements are the files'.
pub fn prepare(scenario: &Scenario, load: Loader) -> Result<(System, Arc<dyn LammpsPotential>)> {
    scenario.validate()?;
    let spec = &scenario.potential;
    let from_files = match spec.is_file() {
        true => Some(spec.build(&[], load)?),
        false => None,
    };
    let atoms: Atoms = match &scenario.structure {
        StructureSpec::Scene(scene) => {
            let lattice = builders_lattice(scenario, from_files.as_deref(), load, || {
                declared_elements(scene, scenario.substrate.as_ref())
            })?;
            let particles = build_scene(scene, &*lattice, scenario.seed)?;
            match &scenario.substrate {
                None => particles.into(),
                Some(slab) => on_substrate(
                    slab,
                    scenario.press.map(|p| (p, scene.gap_angstrom)),
                    particles,
                    &*lattice,
                )?,
            }
        }
        StructureSpec::Bulk { bulk } => {
            let lattice = builders_lattice(scenario, from_files.as_deref(), load, || {
                dedup(bulk.chemistry.declared())
            })?;
            let (c, cell) = bulk.build(&*lattice, scenario.seed)?;
            let mut atoms: Atoms = c.into();
            atoms.cell = Some(cell);
            atoms
        }
        StructureSpec::File { file } => {
            let f = extxyz::read(&load(file)?).map_err(|e| e.context(file))?;
            Atoms {
                symbols: f.symbols,
                pos: f.pos,
                particle: f.particle,
                cell: f.cell,
                fixed: 0,
                piston: 0,
            }
        }
    };
    let potential = match from_files {
        Some(p) => p,
        None => spec.build(&atoms.elements_in_order(), load)?,
    };
    let mut sys = system_from_atoms(
        potential.as_ref(),
        &atoms.symbols,
        atoms.pos,
        atoms.particle,
        atoms.cell,
    )?;
    sys.fixed = atoms.fixed;
    sys.piston = atoms.piston;
    Ok((sys, potential))
}

/// The particles set on a crystalline substrate (and under a press's plate), at the builders'
/// lattice constant of its element, in a box periodic along x and z.
fn on_substrate(
    slab: &Slab,
    press: Option<(Press, f64)>,
    particles: Cluster,
    lattice: &dyn Fn(&str) -> Option<f64>,
) -> Result<Atoms> {
    let a = lattice(&slab.element).ok_or_else(|| {
        Error::new(format!(
            "no lattice constant is known for the substrate element '{}'",
            slab.element
        ))
    })?;
    let s = match press {
        None => slab.support(particles, a)?,
        Some((p, gap)) => {
            slab.support_under_plate(particles, a, p.plate_layers, Press::margin(gap))?
        }
    };
    let mut atoms: Atoms = s.atoms.into();
    atoms.cell = Some(s.cell);
    atoms.fixed = s.fixed_atoms;
    atoms.piston = s.plate_atoms;
    Ok(atoms)
}
