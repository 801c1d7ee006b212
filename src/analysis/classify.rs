//! Per-atom classifiers behind one trait: one small integer per atom, for the page's colouring,
//! the per-atom file of `analyze --atoms` and the surface-only Monte Carlo swaps.
//!
//! | name | class |
//! |---|---|
//! | `cna` | adaptive CNA: 0 other, 1 FCC, 2 HCP, 3 BCC, 4 ICO ([`super::cna`]) |
//! | `coordination` | neighbours within the first-shell cut-off ([`super::coordination`]) |
//! | `surface` | 1 for atoms the probe sphere touches, else 0 ([`super::surface`]) |

use crate::base::error::Result;
use crate::io::extxyz::Frame;
use crate::system::System;

/// A per-atom classification.
pub trait AtomClassifier: Send + Sync {
    /// The name used to select it.
    fn name(&self) -> &'static str;
    /// One class per atom of `sys`, whose typical bond length is `d` (Å).
    fn classify(&self, sys: &System, d: f64) -> Result<Vec<u32>>;
}

/// The classifiers, by name.
pub const CLASSIFIERS: [&str; 3] = ["cna", "coordination", "surface"];

/// The classifier called `name`.
pub fn classifier(name: &str) -> Result<Box<dyn AtomClassifier>> {
    Ok(match name {
        "cna" => Box::new(super::cna::CnaClasses),
        "coordination" => Box::new(super::coordination::Coordination),
        "surface" => Box::new(super::surface::SurfaceAtoms),
        other => bail!("unknown atom class '{other}' ({})", CLASSIFIERS.join(", ")),
    })
}

/// A frame of `sys` (element `symbols`, tagged with `Time` = `time`) with an integer column per
/// classifier — cna, coordination, surface — and the particle labels, and the bond length and
/// coordination cut-off it used in its comment line (`BondLength`, `CoordinationCutoff`): what
/// `analyze --atoms` writes and OVITO reads.
pub fn classified_frame(sys: &System, symbols: &[String], time: &str) -> Result<Frame> {
    let d = super::bond_length(sys)?;
    let mut ints = Vec::new();
    for name in CLASSIFIERS {
        let c = classifier(name)?.classify(sys, d)?;
        ints.push((name.to_string(), c.into_iter().map(i64::from).collect()));
    }
    ints.push((
        "particle".to_string(),
        sys.particle.iter().map(|&p| i64::from(p)).collect(),
    ));
    Ok(Frame {
        symbols: symbols.to_vec(),
        pos: sys.pos.clone(),
        cell: sys.cell,
        info: [
            ("Time".to_string(), time.to_string()),
            ("BondLength".to_string(), format!("{d}")),
            (
                "CoordinationCutoff".to_string(),
                format!("{}", super::neck::FIRST_SHELL_FACTOR * d),
            ),
        ]
        .into_iter()
        .collect(),
        ints,
        ..Default::default()
    })
}

/// The classes of `sys` by the classifier `name`, with the system's own bond length.
pub fn classify(sys: &System, name: &str) -> Result<Vec<u32>> {
    let c = classifier(name)?;
    c.classify(sys, super::bond_length(sys)?)
}
