//! LAMMPS data files (`read_data` / `write_data`), `atom_style atomic`, orthogonal boxes, `metal`
//! units (Å, Å/ps, amu).
//!
//! Line 1 is a title and is ignored. Then the header, one count or box line each, in any order:
//! `N atoms`, `T atom types`, `xlo xhi`, `ylo yhi`, `zlo zhi` (each after two numbers), and
//! optionally `0 0 0 xy xz yz` (a tilted box is refused) or zero counts of bonds, angles, ….
//! Then sections, each a keyword line followed by its lines:
//!
//! ```text
//! Masses
//!
//! 1 196.96654 # Au          type mass [# Symbol]
//!
//! Atoms # atomic
//!
//! 1 1 0.0 1.5 -2.0          id type x y z [ix iy iz]
//!
//! Velocities
//!
//! 1 0.1 -0.2 0.3            id vx vy vz
//! ```
//!
//! `#` starts a comment anywhere; blank lines are ignored; atoms may come in any id order.
//! `Pair Coeffs` / `PairIJ Coeffs` sections are skipped. Numbers are written with Rust's shortest
//! round-trip formatting, so a written file reads back to the same f64 values.

use super::extxyz::Frame;
use super::lammps::{atom_types, element_of_type, int, positive, real};
use crate::base::error::{Error, Result};
use std::fmt::Write;

/// A LAMMPS data file read back.
#[derive(Clone, Debug, PartialEq)]
pub struct DataFile {
    /// The atoms, sorted by id, with velocities if the file has a `Velocities` section. `cell` is
    /// None: periodicity is set by the input script's `boundary`, not by the data file (use
    /// `box_lo_hi` for a periodic box). Image flags are read but not applied.
    pub frame: Frame,
    /// Mass of each atom type, amu: `masses[k]` is type k + 1.
    pub masses: Vec<f64>,
    /// Box bounds `[[xlo, xhi], [ylo, yhi], [zlo, zhi]]`, Å.
    pub box_lo_hi: [[f64; 2]; 3],
}

/// Vacuum, Å, around the atoms of a non-periodic frame in the default box of [`write_data`].
pub const BOX_PADDING: f64 = 50.0;

/// How far, amu, a `Masses` value may be from the standard mass of one of the 16 metals of
/// [`crate::base::elements`] and still name the element.
const MASS_TOLERANCE: f64 = 0.1;

/// Header keywords an atomic system has no use for: accepted only with a count of 0.
const ZERO_ONLY: [&str; 17] = [
    "bonds",
    "angles",
    "dihedrals",
    "impropers",
    "bond types",
    "angle types",
    "dihedral types",
    "improper types",
    "extra bond per atom",
    "extra angle per atom",
    "extra dihedral per atom",
    "extra improper per atom",
    "extra special per atom",
    "ellipsoids",
    "lines",
    "triangles",
    "bodies",
];

/// Sections skipped without reading (pair coefficients belong to the input script here).
const SKIPPED_SECTIONS: [&str; 2] = ["Pair Coeffs", "PairIJ Coeffs"];

/// Writes `frame` as a data file. Atom ids are 1..N in frame order; the type of an atom is 1 + the
/// index of its symbol in `elements`, whose masses (amu) are `masses`. The box is `box_lo_hi` if
/// given, else `0 L` per axis for a frame with a cell, else the atoms' bounding box padded by
/// [`BOX_PADDING`] (room for a `boundary f f f` or `s s s` run). Velocities are written when the
/// frame has them; particle labels and extra properties are not part of `atom_style atomic`.
pub fn write_data(
    frame: &Frame,
    elements: &[String],
    masses: &[f64],
    box_lo_hi: Option<[[f64; 2]; 3]>,
) -> Result<String> {
    frame.check()?;
    check_masses(elements, masses)?;
    let types = atom_types(&frame.symbols, elements)?;
    let bounds = match box_lo_hi {
        Some(b) => check_box(b)?,
        None => default_box(frame),
    };
    if frame.cell.is_none() {
        check_inside(frame, &bounds)?;
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "LAMMPS data file written by nanocoalesce (atom_style atomic, units metal)\n"
    );
    let _ = writeln!(out, "{} atoms", frame.pos.len());
    let _ = writeln!(out, "{} atom types\n", elements.len());
    for (axis, [lo, hi]) in ["x", "y", "z"].iter().zip(bounds) {
        let _ = writeln!(out, "{lo} {hi} {axis}lo {axis}hi");
    }
    out.push_str("\nMasses\n\n");
    for (k, (el, m)) in elements.iter().zip(masses).enumerate() {
        let _ = writeln!(out, "{} {m} # {el}", k + 1);
    }
    out.push_str("\nAtoms # atomic\n\n");
    for (i, (p, t)) in frame.pos.iter().zip(&types).enumerate() {
        let _ = writeln!(out, "{} {t} {} {} {}", i + 1, p[0], p[1], p[2]);
    }
    if let Some(vel) = &frame.vel {
        out.push_str("\nVelocities\n\n");
        for (i, v) in vel.iter().enumerate() {
            let _ = writeln!(out, "{} {} {} {}", i + 1, v[0], v[1], v[2]);
        }
    }
    Ok(out)
}

/// One mass per element, each positive and finite.
fn check_masses(elements: &[String], masses: &[f64]) -> Result<()> {
    if elements.is_empty() {
        bail!("the element list is empty");
    }
    if elements.len() != masses.len() {
        bail!(
            "{} elements but {} masses: give one mass per element",
            elements.len(),
            masses.len()
        );
    }
    for (el, m) in elements.iter().zip(masses) {
        if !(m.is_finite() && *m > 0.0) {
            bail!("the mass of {el} must be a positive number, got {m}");
        }
    }
    Ok(())
}

/// A box with finite bounds and lo < hi on every axis.
fn check_box(b: [[f64; 2]; 3]) -> Result<[[f64; 2]; 3]> {
    for (axis, [lo, hi]) in ["x", "y", "z"].iter().zip(b) {
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            bail!("box bounds {axis}lo {lo} {axis}hi {hi}: need finite values with lo < hi");
        }
    }
    Ok(b)
}

/// `0 L` per axis with a cell, else the bounding box padded by [`BOX_PADDING`].
fn default_box(frame: &Frame) -> [[f64; 2]; 3] {
    if let Some(c) = frame.cell {
        return c.map(|l| [0.0, l]);
    }
    let mut b = [[f64::INFINITY, f64::NEG_INFINITY]; 3];
    for p in &frame.pos {
        for (d, x) in p.iter().enumerate() {
            b[d] = [b[d][0].min(*x), b[d][1].max(*x)];
        }
    }
    if frame.pos.is_empty() {
        b = [[0.0, 0.0]; 3];
    }
    b.map(|[lo, hi]| [lo - BOX_PADDING, hi + BOX_PADDING])
}

/// Every atom within the bounds (LAMMPS drops atoms outside a non-periodic box).
fn check_inside(frame: &Frame, bounds: &[[f64; 2]; 3]) -> Result<()> {
    for (i, p) in frame.pos.iter().enumerate() {
        for (d, axis) in ["x", "y", "z"].iter().enumerate() {
            let [lo, hi] = bounds[d];
            if !(lo..=hi).contains(&p[d]) {
                bail!(
                    "atom {} ({axis} = {}) lies outside the box {axis}lo {lo} {axis}hi {hi}",
                    i + 1,
                    p[d]
                );
            }
        }
    }
    Ok(())
}

/// One line of the file split at `#`: 1-based number, data before the comment, comment after it.
struct Line<'a> {
    no: usize,
    data: &'a str,
    comment: &'a str,
}

/// A section: its keyword, the line it starts on, its keyword line's comment and its data lines.
struct Section<'a> {
    name: String,
    no: usize,
    comment: &'a str,
    body: Vec<Line<'a>>,
}

/// The header values; each may be given once.
#[derive(Default)]
struct Header {
    atoms: Option<usize>,
    types: Option<usize>,
    bounds: [Option<[f64; 2]>; 3],
}

/// The non-blank lines after the title line.
fn split_lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .skip(1)
        .map(|(i, l)| {
            let (data, comment) = l.split_once('#').unwrap_or((l, ""));
            Line {
                no: i + 1,
                data: data.trim(),
                comment: comment.trim(),
            }
        })
        .filter(|l| !l.data.is_empty())
        .collect()
}

/// Header lines start with a number; section keywords do not.
fn starts_with_number(l: &Line) -> bool {
    l.data
        .split_whitespace()
        .next()
        .is_some_and(|t| t.parse::<f64>().is_ok())
}

/// Parses a LAMMPS data file. Symbols come from `elements` if given (type k is `elements[k-1]`),
/// else from the `# Symbol` comment of the type's `Masses` line, else from its mass when that is
/// within 0.1 amu of a common metal's (Cu Ag Au Ni Pd Pt Al Pb Fe Co Ti Zr Mo Ta W Mg).
pub fn read_data(text: &str, elements: Option<&[String]>) -> Result<DataFile> {
    let lines = split_lines(text);
    let n_header = lines.iter().take_while(|l| starts_with_number(l)).count();
    let mut h = Header::default();
    for l in &lines[..n_header] {
        read_header_line(&mut h, l)?;
    }
    let sections = collect_sections(lines.into_iter().skip(n_header))?;
    let section = |name: &str| sections.iter().find(|s| s.name == name);

    let n = h
        .atoms
        .ok_or_else(|| Error::new("the header has no 'N atoms' line"))?;
    let ntypes = h
        .types
        .ok_or_else(|| Error::new("the header has no 'N atom types' line"))?;
    let mut box_lo_hi = [[0.0; 2]; 3];
    for (d, b) in h.bounds.iter().enumerate() {
        let axis = ["x", "y", "z"][d];
        box_lo_hi[d] =
            b.ok_or_else(|| Error::new(format!("the header has no '{axis}lo {axis}hi' line")))?;
    }
    let masses_sec = section("Masses")
        .ok_or_else(|| Error::new("no Masses section: the atom masses are needed"))?;
    // Checked before anything is sized by it (a hand-edited count must not allocate gigabytes).
    if ntypes > masses_sec.body.len() {
        bail!(
            "the header says {ntypes} atom types, but the Masses section (line {}) has {} line(s)",
            masses_sec.no,
            masses_sec.body.len()
        );
    }
    let (masses, comments) = read_masses(masses_sec, ntypes)?;
    let atoms = read_atoms(section("Atoms"), n, ntypes)?;
    let vel = match section("Velocities") {
        Some(s) => Some(read_velocities(s, &atoms)?),
        None => None,
    };

    let mut type_symbol: Vec<Option<String>> = vec![None; ntypes];
    for a in &atoms {
        if type_symbol[a.ty - 1].is_none() {
            let sym = symbol_of_type(a.ty, elements, comments[a.ty - 1], masses[a.ty - 1])?;
            type_symbol[a.ty - 1] = Some(sym);
        }
    }
    let frame = Frame {
        symbols: atoms
            .iter()
            .map(|a| type_symbol[a.ty - 1].clone().unwrap_or_default())
            .collect(),
        pos: atoms.iter().map(|a| a.pos).collect(),
        vel,
        ..Default::default()
    };
    Ok(DataFile {
        frame,
        masses,
        box_lo_hi,
    })
}

/// Reads one header line (`numbers keyword`) into `h`.
fn read_header_line(h: &mut Header, l: &Line) -> Result<()> {
    let toks: Vec<&str> = l.data.split_whitespace().collect();
    let nnum = toks.iter().take_while(|t| t.parse::<f64>().is_ok()).count();
    let (nums, words) = toks.split_at(nnum);
    let keyword = words.join(" ");
    let want = |k: usize| -> Result<()> {
        if nnum != k {
            bail!(
                "line {}: '{keyword}' takes {k} number(s), found {nnum}",
                l.no
            );
        }
        Ok(())
    };
    let twice = || Error::new(format!("line {}: '{keyword}' is given twice", l.no));
    match keyword.as_str() {
        "atoms" | "atom types" => {
            want(1)?;
            let v: usize = int(nums[0], l.no, &format!("the number of {keyword}"))?;
            let slot = if keyword == "atoms" {
                &mut h.atoms
            } else {
                &mut h.types
            };
            if slot.replace(v).is_some() {
                return Err(twice());
            }
        }
        "xlo xhi" | "ylo yhi" | "zlo zhi" => {
            want(2)?;
            let lo = real(nums[0], l.no, words[0])?;
            let hi = real(nums[1], l.no, words[1])?;
            if lo >= hi {
                bail!("line {}: {keyword} {lo} {hi}: lo must be below hi", l.no);
            }
            let d = (keyword.as_bytes()[0] - b'x') as usize;
            if h.bounds[d].replace([lo, hi]).is_some() {
                return Err(twice());
            }
        }
        "xy xz yz" => {
            want(3)?;
            for t in nums {
                if real(t, l.no, "tilt factor")? != 0.0 {
                    bail!(
                        "line {}: triclinic boxes are not supported (xy xz yz = {})",
                        l.no,
                        nums.join(" ")
                    );
                }
            }
        }
        k if ZERO_ONLY.contains(&k) => {
            want(1)?;
            if real(nums[0], l.no, k)? != 0.0 {
                bail!(
                    "line {}: '{}': only atom_style atomic is supported (no {k})",
                    l.no,
                    l.data
                );
            }
        }
        _ => bail!("line {}: unknown header line '{}'", l.no, l.data),
    }
    Ok(())
}

/// Groups the lines after the header into sections: a keyword line and the number lines after it.
fn collect_sections<'a>(lines: impl Iterator<Item = Line<'a>>) -> Result<Vec<Section<'a>>> {
    let mut sections: Vec<Section> = Vec::new();
    for l in lines {
        if starts_with_number(&l) {
            // The header stops at the first non-number line, so a section is open here.
            if let Some(s) = sections.last_mut() {
                s.body.push(l);
            }
            continue;
        }
        let name = l.data.split_whitespace().collect::<Vec<_>>().join(" ");
        let known = ["Masses", "Atoms", "Velocities"].contains(&name.as_str())
            || SKIPPED_SECTIONS.contains(&name.as_str());
        if !known {
            bail!(
                "line {}: section '{name}' is not supported (atom_style atomic reads Masses, Atoms and Velocities)",
                l.no
            );
        }
        if let Some(first) = sections.iter().find(|s| s.name == name) {
            bail!(
                "line {}: a second '{name}' section (the first is on line {})",
                l.no,
                first.no
            );
        }
        sections.push(Section {
            name,
            no: l.no,
            comment: l.comment,
            body: Vec::new(),
        });
    }
    Ok(sections)
}

/// An atom type from a token: an integer from 1 to `ntypes`.
fn atom_type(tok: &str, no: usize, ntypes: usize) -> Result<usize> {
    let t = positive(tok, no, "atom type")?;
    if t > ntypes as u64 {
        bail!("line {no}: atom type {t} is beyond the {ntypes} atom types of the header");
    }
    Ok(t as usize)
}

/// The mass of every type, and the comment of its line.
fn read_masses<'a>(sec: &Section<'a>, ntypes: usize) -> Result<(Vec<f64>, Vec<&'a str>)> {
    let mut masses = vec![None; ntypes];
    let mut comments = vec![""; ntypes];
    for l in &sec.body {
        let toks: Vec<&str> = l.data.split_whitespace().collect();
        if toks.len() != 2 {
            bail!(
                "line {}: a Masses line is 'type mass', found '{}'",
                l.no,
                l.data
            );
        }
        let t = atom_type(toks[0], l.no, ntypes)?;
        let m = real(toks[1], l.no, "mass")?;
        if m <= 0.0 {
            bail!("line {}: the mass of atom type {t} must be positive", l.no);
        }
        if masses[t - 1].replace(m).is_some() {
            bail!("line {}: a second mass for atom type {t}", l.no);
        }
        comments[t - 1] = l.comment;
    }
    let masses = masses
        .iter()
        .enumerate()
        .map(|(k, m)| {
            m.ok_or_else(|| {
                Error::new(format!(
                    "Masses section (line {}): no mass for atom type {}",
                    sec.no,
                    k + 1
                ))
            })
        })
        .collect::<Result<_>>()?;
    Ok((masses, comments))
}

/// One line of the Atoms section.
struct Atom {
    id: u64,
    ty: usize,
    pos: [f64; 3],
    no: usize,
}

/// The atoms, sorted by id.
fn read_atoms(sec: Option<&Section>, n: usize, ntypes: usize) -> Result<Vec<Atom>> {
    let Some(sec) = sec else {
        if n > 0 {
            bail!("no Atoms section, but the header says {n} atoms");
        }
        return Ok(Vec::new());
    };
    if let Some(style) = sec.comment.split_whitespace().next() {
        if style != "atomic" {
            bail!(
                "line {}: the Atoms section is atom_style '{style}'; only atomic is supported",
                sec.no
            );
        }
    }
    if sec.body.len() != n {
        bail!(
            "the Atoms section (line {}) has {} lines, but the header says {n} atoms",
            sec.no,
            sec.body.len()
        );
    }
    let mut atoms = Vec::with_capacity(n);
    for l in &sec.body {
        let toks: Vec<&str> = l.data.split_whitespace().collect();
        if toks.len() != 5 && toks.len() != 8 {
            bail!(
                "line {}: an atomic Atoms line is 'id type x y z [ix iy iz]', found {} columns (other atom styles are not supported)",
                l.no,
                toks.len()
            );
        }
        let id = positive(toks[0], l.no, "atom id")?;
        let ty = atom_type(toks[1], l.no, ntypes)?;
        let pos = [
            real(toks[2], l.no, "x")?,
            real(toks[3], l.no, "y")?,
            real(toks[4], l.no, "z")?,
        ];
        for t in toks.iter().skip(5) {
            int::<i64>(t, l.no, "image flag")?;
        }
        atoms.push(Atom {
            id,
            ty,
            pos,
            no: l.no,
        });
    }
    atoms.sort_by_key(|a| a.id);
    if let Some(w) = atoms.windows(2).find(|w| w[0].id == w[1].id) {
        let (a, b) = (w[0].no.min(w[1].no), w[0].no.max(w[1].no));
        bail!("line {b}: duplicate atom id {} (also on line {a})", w[0].id);
    }
    Ok(atoms)
}

/// The velocity of every atom, in the order of `atoms` (sorted by id).
fn read_velocities(sec: &Section, atoms: &[Atom]) -> Result<Vec<[f64; 3]>> {
    if sec.body.len() != atoms.len() {
        bail!(
            "the Velocities section (line {}) has {} lines, but there are {} atoms",
            sec.no,
            sec.body.len(),
            atoms.len()
        );
    }
    let mut vel = vec![None; atoms.len()];
    for l in &sec.body {
        let toks: Vec<&str> = l.data.split_whitespace().collect();
        if toks.len() != 4 {
            bail!(
                "line {}: a Velocities line is 'id vx vy vz', found '{}'",
                l.no,
                l.data
            );
        }
        let id = positive(toks[0], l.no, "atom id")?;
        let k = atoms.binary_search_by_key(&id, |a| a.id).map_err(|_| {
            Error::new(format!(
                "line {}: a velocity for atom id {id}, which is not in the Atoms section",
                l.no
            ))
        })?;
        let v = [
            real(toks[1], l.no, "vx")?,
            real(toks[2], l.no, "vy")?,
            real(toks[3], l.no, "vz")?,
        ];
        if vel[k].replace(v).is_some() {
            bail!("line {}: a second velocity for atom id {id}", l.no);
        }
    }
    // As many lines as atoms, each a different atom: every atom has its velocity.
    vel.into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| Error::new("the Velocities section misses some atoms"))
}

/// `Au`, `W`: an uppercase letter and at most one lowercase one.
fn looks_like_symbol(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.len(), 1 | 2)
        && b[0].is_ascii_uppercase()
        && b[1..].iter().all(|c| c.is_ascii_lowercase())
}

/// The element of atom type `t`: from `elements`, else the Masses comment, else the mass.
fn symbol_of_type(
    t: usize,
    elements: Option<&[String]>,
    comment: &str,
    mass: f64,
) -> Result<String> {
    if let Some(el) = elements {
        return element_of_type(t, el).map(str::to_string);
    }
    if let Some(sym) = comment
        .split_whitespace()
        .next()
        .filter(|s| looks_like_symbol(s))
    {
        return Ok(sym.to_string());
    }
    if let Some(e) = crate::base::elements::metal_of_mass(mass, MASS_TOLERANCE) {
        return Ok(e.symbol.clone());
    }
    bail!(
        "atom type {t} (mass {mass}) has no element: name it on its Masses line ('{t} {mass} # Symbol') or pass the element list"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    fn bits(a: &[[f64; 3]]) -> Vec<u64> {
        a.iter().flatten().map(|x| x.to_bits()).collect()
    }

    fn cluster() -> Frame {
        Frame {
            symbols: strings(&["Au", "Ag", "Au"]),
            pos: vec![
                [0.1 + 0.2, -1.0 / 3.0, 2.0],
                [4.08, 0.0, -7.5e-3],
                [1e-7, 3.3, 1.25],
            ],
            vel: Some(vec![
                [1.0 / 7.0, -2.5, 0.0],
                [0.0, 1e-12, -3.75],
                [9.0, 8.0, 7.0],
            ]),
            ..Default::default()
        }
    }

    #[test]
    fn write_then_read_is_bitwise() {
        let f = cluster();
        let masses = [196.966569, 107.8682];
        let text = write_data(&f, &strings(&["Au", "Ag"]), &masses, None).unwrap();
        assert!(text.contains("\n3 atoms\n2 atom types\n"), "{text}");
        assert!(text.contains("\n2 107.8682 # Ag\n"), "{text}");
        assert!(
            text.contains("\nAtoms # atomic\n\n1 1 0.30000000000000004 "),
            "{text}"
        );
        let d = read_data(&text, None).unwrap();
        assert_eq!(d.frame.symbols, f.symbols);
        assert_eq!(bits(&d.frame.pos), bits(&f.pos));
        assert_eq!(
            bits(d.frame.vel.as_ref().unwrap()),
            bits(f.vel.as_ref().unwrap())
        );
        let mass_bits = |m: &[f64]| m.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(mass_bits(&d.masses), mass_bits(&masses));
        assert_eq!(d.frame.cell, None);
        // Bounding box x: 1e-7 .. 4.08, padded by 50 Å.
        assert_eq!(d.box_lo_hi[0], [1e-7 - 50.0, 4.08 + 50.0]);
        assert_eq!(d.box_lo_hi[2], [-7.5e-3 - 50.0, 2.0 + 50.0]);
    }

    #[test]
    fn box_from_cell_or_argument() {
        let mut f = cluster();
        f.vel = None;
        f.cell = Some([10.0, 11.0, 12.5]);
        let els = strings(&["Ag", "Au"]);
        let text = write_data(&f, &els, &[107.8682, 196.966569], None).unwrap();
        assert!(text.contains("0 12.5 zlo zhi"), "{text}");
        assert!(!text.contains("Velocities"));
        let d = read_data(&text, None).unwrap();
        assert_eq!(d.box_lo_hi, [[0.0, 10.0], [0.0, 11.0], [0.0, 12.5]]);
        assert_eq!(d.frame.symbols, f.symbols);
        assert_eq!(d.frame.vel, None);
        let b = [[-5.0, 5.0], [-6.0, 6.0], [-7.0, 7.0]];
        let d = read_data(&write_data(&f, &els, &[1.0, 2.0], Some(b)).unwrap(), None).unwrap();
        assert_eq!(d.box_lo_hi, b);
        // Masses 1 and 2 are no metal's, but the '# Symbol' comments name the types.
        assert_eq!(d.frame.symbols, f.symbols);
        assert_eq!(d.masses, [1.0, 2.0]);
    }

    #[test]
    fn reads_a_foreign_file_in_any_order() {
        let text = "title line: 5 atoms would be ignored here\n\
            2 atom types # comment\n\
            -1 9 zlo zhi\n\
            \n\
            3 atoms\n\
            0 bonds\n\
            0.0 10.0 xlo xhi\n\
            0 0 0 xy xz yz\n\
            0 10 ylo yhi\n\
            \n\
            Pair Coeffs # eam\n\
            1 1.0\n\
            2 2.0\n\
            \n\
            Velocities\n\
            \n\
            2 0.2 0 0\n\
            7 0.7 0 0\n\
            1 0.1 0 0 # trailing comment\n\
            Masses\n\
            \n\
            1 196.97\n\
            2 107.87 # silver\n\
            \n\
            Atoms\n\
            \n\
            7 2 7.0 0 0 0 1 -1\n\
            1 1 1.0 0 0 0 0 0\n\
            2 2 2.0 0 0 0 0 0\n";
        let d = read_data(text, None).unwrap();
        assert_eq!(d.frame.symbols, strings(&["Au", "Ag", "Ag"]));
        assert_eq!(
            d.frame.pos,
            [[1.0, 0.0, 0.0], [2.0, 0.0, 0.0], [7.0, 0.0, 0.0]]
        );
        let vx: Vec<f64> = d.frame.vel.unwrap().iter().map(|v| v[0]).collect();
        assert_eq!(vx, [0.1, 0.2, 0.7]);
        assert_eq!(d.box_lo_hi, [[0.0, 10.0], [0.0, 10.0], [-1.0, 9.0]]);
        assert_eq!(d.masses, [196.97, 107.87]);
        // An element list overrides comments and masses.
        let d = read_data(text, Some(&strings(&["Pt", "Pd"]))).unwrap();
        assert_eq!(d.frame.symbols, strings(&["Pt", "Pd", "Pd"]));
        let e = read_data(text, Some(&strings(&["Pt"]))).unwrap_err();
        assert!(e.message().contains("atom type 2 has no element"), "{e}");
        let e = read_data(&text.replace("196.97", "150.0"), None).unwrap_err();
        assert!(
            e.message()
                .contains("atom type 1 (mass 150) has no element"),
            "{e}"
        );
    }

    #[test]
    fn bad_files_name_the_problem() {
        let good =
            write_data(&cluster(), &strings(&["Au", "Ag"]), &[196.97, 107.87], None).unwrap();
        assert!(read_data(&good, None).is_ok());
        let atoms_at = good.find("\n1 1 ").unwrap();
        let atoms_section_at = good.find("\nAtoms").unwrap();
        let velocities_at = good.find("\nVelocities").unwrap();
        let cases = [
            // Truncated in the Atoms section.
            (
                good[..good.find("\n3 1 ").unwrap()].to_string(),
                "has 2 lines, but the header says 3 atoms",
            ),
            (
                good.replace("\n2 2 4.08", "\n2 3 4.08"),
                "atom type 3 is beyond the 2 atom types",
            ),
            (good.replace("\n3 1 ", "\n1 1 "), "duplicate atom id 1"),
            (
                good.replace("\n2 2 4.08", "\n2 2 4.O8"),
                "x '4.O8' is not a number",
            ),
            (good.replace("\n2 2 4.08", "\n2 2 NaN"), "x is non-finite"),
            (
                good.replace("2 atom types", "2 atom types\n0.5 0 0 xy xz yz"),
                "triclinic boxes are not supported",
            ),
            (
                good.replace("Atoms # atomic", "Atoms # full"),
                "atom_style 'full'",
            ),
            (
                good.replace("\n2 2 4.08", "\n2 1 2 0.5 4.08"),
                "found 7 columns",
            ),
            (
                good.replace("Masses", "Bonds"),
                "section 'Bonds' is not supported",
            ),
            (
                format!(
                    "{}{}",
                    &good[..good.find("\nMasses").unwrap()],
                    &good[atoms_section_at..]
                ),
                "no Masses section",
            ),
            (
                good[..atoms_at].to_string() + &good[velocities_at..],
                "has 0 lines, but the header says 3 atoms",
            ),
            (
                good.replace("\n3 9 8 7", "\n4 9 8 7"),
                "velocity for atom id 4, which is not in the Atoms section",
            ),
            (
                good.replace("3 atoms", "3 atoms\n3 atoms"),
                "'atoms' is given twice",
            ),
            (
                good.replace("zlo zhi", "zlo zhi\n1 impropers"),
                "no impropers",
            ),
            (
                good.replace("zlo zhi", "zlo zhi\n1 2 spheres"),
                "unknown header line '1 2 spheres'",
            ),
            (good.replace("3 atoms\n", ""), "no 'N atoms' line"),
            (good.replace(" ylo yhi", " yhi ylo"), "unknown header line"),
        ];
        for (text, want) in cases {
            let e = read_data(&text, None).unwrap_err();
            assert!(e.message().contains(want), "'{want}' not in '{e}'");
        }
    }

    #[test]
    fn a_huge_type_count_is_an_error_not_an_allocation() {
        // Found by fuzzing (fuzz/corpus/lammps_data/regression-types-oom).
        let text = "sm\n2 atoms\n1578360399 atom types\n\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n1 195.97\n\nAtoms # atomic\n\n1 1 1.0 0 1\n2 1 3.9 1. 1.0\n";
        let e = read_data(text, None).unwrap_err().to_string();
        assert!(
            e.contains("the header says 1578360399 atom types, but the Masses section"),
            "{e}"
        );
    }

    #[test]
    fn write_refuses_what_lammps_could_not_read() {
        let f = cluster();
        let els = strings(&["Au", "Ag"]);
        let e = write_data(&f, &strings(&["Au"]), &[196.97], None).unwrap_err();
        assert!(
            e.message()
                .contains("atom 2 is 'Ag', which is not in the element list [Au]"),
            "{e}"
        );
        let e = write_data(&f, &els, &[196.97], None).unwrap_err();
        assert!(e.message().contains("2 elements but 1 masses"), "{e}");
        let e = write_data(&f, &els, &[196.97, -1.0], None).unwrap_err();
        assert!(
            e.message().contains("mass of Ag must be a positive number"),
            "{e}"
        );
        let tight = [[0.0, 1.0], [-1.0, 4.0], [-1.0, 3.0]];
        let e = write_data(&f, &els, &[1.0, 2.0], Some(tight)).unwrap_err();
        assert!(
            e.message().contains("atom 2 (x = 4.08) lies outside"),
            "{e}"
        );
        let mut g = f.clone();
        g.pos[2][1] = f64::NAN;
        let e = write_data(&g, &els, &[1.0, 2.0], None).unwrap_err();
        assert!(e.message().contains("atom 3: position"), "{e}");
    }
}
