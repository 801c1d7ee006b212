//! LAMMPS data files (`atom_style atomic`, orthogonal box): write. (Interim version; reading
//! comes with the full module.)

use super::extxyz::Frame;
use crate::error::Result;
use std::fmt::Write;

/// A data file of the frame's atoms (ids 1…N in frame order, type = 1 + index of the symbol in
/// `elements`), with a Velocities section when the frame has velocities. Without `box_lo_hi`, a
/// periodic frame gets `0 L` per axis and a cluster its bounding box padded by 50 Å.
pub fn write_data(
    frame: &Frame,
    elements: &[String],
    masses: &[f64],
    box_lo_hi: Option<[[f64; 2]; 3]>,
) -> Result<String> {
    let n = frame.pos.len();
    let mut types = Vec::with_capacity(n);
    for s in &frame.symbols {
        let t = elements.iter().position(|e| e == s).ok_or_else(|| {
            crate::Error::new(format!("element '{s}' is not among the types {elements:?}"))
        })?;
        types.push(t + 1);
    }
    let bx = box_lo_hi.unwrap_or_else(|| match frame.cell {
        Some(c) => [[0.0, c[0]], [0.0, c[1]], [0.0, c[2]]],
        None => std::array::from_fn(|k| {
            let lo = frame.pos.iter().map(|p| p[k]).fold(f64::INFINITY, f64::min);
            let hi = frame
                .pos
                .iter()
                .map(|p| p[k])
                .fold(f64::NEG_INFINITY, f64::max);
            [lo - 50.0, hi + 50.0]
        }),
    });
    let mut s = String::new();
    let _ = writeln!(s, "LAMMPS data file written by nanocoalesce\n");
    let _ = writeln!(s, "{n} atoms\n{} atom types\n", elements.len());
    for (k, ax) in ["x", "y", "z"].iter().enumerate() {
        let _ = writeln!(s, "{} {} {ax}lo {ax}hi", bx[k][0], bx[k][1]);
    }
    let _ = writeln!(s, "\nMasses\n");
    for (t, (e, m)) in elements.iter().zip(masses).enumerate() {
        let _ = writeln!(s, "{} {m} # {e}", t + 1);
    }
    let _ = writeln!(s, "\nAtoms # atomic\n");
    for (i, p) in frame.pos.iter().enumerate() {
        let _ = writeln!(s, "{} {} {} {} {}", i + 1, types[i], p[0], p[1], p[2]);
    }
    if let Some(v) = &frame.vel {
        let _ = writeln!(s, "\nVelocities\n");
        for (i, v) in v.iter().enumerate() {
            let _ = writeln!(s, "{} {} {} {}", i + 1, v[0], v[1], v[2]);
        }
    }
    Ok(s)
}
