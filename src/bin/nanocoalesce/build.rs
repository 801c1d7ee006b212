//! `nanocoalesce build`: particles in a chain or another arrangement, written as extxyz.

use crate::cli::{finite, write_file, Seed};
use nanocoalesce::base::elements::reference_lattice_constant;
use nanocoalesce::io::extxyz::{self, Frame};
use nanocoalesce::run::link::{parse_particle, parse_vec3};
use nanocoalesce::structure::slab::Slab;
use nanocoalesce::structure::{build_scene, Arrangement, SceneSpec};
use nanocoalesce::{Error, Result};
use std::path::Path;

/// Particles CHEM:DIAMETER_NM:SHAPE[:RX,RY,RZ] (rotation in degrees about x, then y, then z) in a
/// chain along --axis with a surface-to-surface --gap (Å), built at the reference lattice
/// constants, written as extxyz with particle labels.
#[derive(clap::Args)]
pub struct Args {
    /// A particle, CHEM:DIAMETER_NM:SHAPE[:RX,RY,RZ] (repeat for more).
    #[arg(long, value_name = "CHEM:DIAMETER_NM:SHAPE[:RX,RY,RZ]")]
    particle: Vec<String>,
    /// Gap between facing surfaces, Å.
    #[arg(long, value_name = "A", value_parser = finite)]
    gap: Option<f64>,
    /// Chain direction x,y,z.
    #[arg(long, value_name = "X,Y,Z")]
    axis: Option<String>,
    /// Arrangement: chain (default), triangle, square, tetrahedron or random:BOX_A (a random
    /// packing in a cube of side BOX_A Å, --gap the smallest gap).
    #[arg(long, value_name = "chain|triangle|square|tetrahedron|random:BOX_A")]
    arrangement: Option<String>,
    /// A crystalline substrate under the particles, slab:ELEMENT:FACE[:LAYERS:FIXED[:GAP_A]]
    /// (FACE fcc001, fcc111, bcc001 or bcc110): the file gets the periodic box (its fixed bottom
    /// layers are the last atoms; extxyz does not mark them).
    #[arg(long, value_name = "slab:ELEMENT:FACE[:LAYERS:FIXED[:GAP_A]]")]
    substrate: Option<String>,
    /// Seed of random alloys, or `random` for a fresh one.
    #[arg(long, value_name = "S|random", value_parser = crate::cli::seed)]
    seed: Option<Seed>,
    /// Output file.
    #[arg(short = 'o', long = "out", value_name = "FILE.extxyz")]
    out: Option<String>,
}

pub fn main(a: Args) -> Result<()> {
    if a.particle.is_empty() {
        return Err(Error::new(
            "give at least one --particle ELEMENT:DIAMETER_NM:SHAPE",
        ));
    }
    let particles = a
        .particle
        .iter()
        .map(|t| parse_particle(t).map_err(|e| e.context(format!("--particle '{t}'"))))
        .collect::<Result<Vec<_>>>()?;
    let scene = SceneSpec {
        particles,
        gap_angstrom: a.gap.unwrap_or(SceneSpec::DEFAULT_GAP),
        axis: match a.axis.as_deref() {
            Some(s) => parse_vec3(s).map_err(|e| e.context("--axis"))?,
            None => SceneSpec::DEFAULT_AXIS,
        },
        arrangement: match a.arrangement.as_deref() {
            Some(s) => Arrangement::from_link(s).map_err(|e| e.context("--arrangement"))?,
            None => Arrangement::Chain,
        },
    };
    let seed = Seed::resolve(a.seed, 1)?;
    let mut c = build_scene(&scene, &reference_lattice_constant, seed)?;
    let mut cell = None;
    if let Some(v) = a.substrate.as_deref() {
        let slab = Slab::from_link(v).map_err(|e| e.context("--substrate"))?;
        let a0 = reference_lattice_constant(&slab.element)
            .ok_or_else(|| Error::new(format!("no lattice constant for '{}'", slab.element)))?;
        let s = slab.support(c, a0)?;
        c = s.atoms;
        cell = Some(s.cell);
    }
    let frame = Frame {
        symbols: c
            .species
            .iter()
            .map(|&t| c.elements[t as usize].clone())
            .collect(),
        pos: c.positions.clone(),
        particle: Some(c.particle.clone()),
        cell,
        ..Default::default()
    };
    let mut s = String::new();
    extxyz::write_frame(&mut s, &frame);
    let out = a
        .out
        .ok_or_else(|| Error::new("missing output file: give -o FILE"))?;
    write_file(Path::new(&out), &s)?;
    println!(
        "wrote {} atoms ({} particle(s)) to {out}",
        c.positions.len(),
        scene.particles.len()
    );
    Ok(())
}
