//! Extended XYZ: read and write frames of atoms.
//!
//! Line 1: atom count. Line 2: `key=value` pairs (values may be quoted), notably
//! `Properties=species:S:1:pos:R:3[:vel:R:3][:particle:I:1][:name:R:1]…`,
//! `Lattice="ax ay az bx by bz cx cy cz"` (orthogonal only) and `pbc="T T T"`. Then one line per
//! atom. Without `Properties`, columns are `species x y z`. Any other real (R) or integer (I) column
//! of width 1 (e.g. `c_pe:R:1`, `charge:R:1`) is kept as a per-atom property in
//! `Frame::props`; other unknown columns (wider, or string/logical) are skipped. A file may
//! hold several frames one after another. Numbers are written in the shortest form that reads
//! back to the same f64, so a trajectory frame is an exact snapshot.

use crate::base::error::{Error, Result};
use crate::system::System;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    /// Element symbol per atom.
    pub symbols: Vec<String>,
    /// Positions, Å.
    pub pos: Vec<[f64; 3]>,
    /// Velocities, Å/ps, if present.
    pub vel: Option<Vec<[f64; 3]>>,
    /// Particle of origin, if present.
    pub particle: Option<Vec<u32>>,
    /// Orthogonal periodic box lengths, when `pbc="T T T"` with a Lattice.
    pub cell: Option<[f64; 3]>,
    /// Other key=value pairs of the comment line, e.g. `Time`, `Step`.
    pub info: BTreeMap<String, String>,
    /// Extra per-atom scalar columns (name, one value per atom), in file order, e.g. `c_pe`,
    /// `charge`. Written as `name:R:1` after the known columns; a name must not contain `:` or
    /// whitespace (such characters are written as `_`).
    pub props: Vec<(String, Vec<f64>)>,
    /// Per-atom integer columns (name, one value per atom), written as `name:I:1` after the real
    /// ones (e.g. a classification). The reader puts integer columns of a file into `props`.
    pub ints: Vec<(String, Vec<i64>)>,
}

impl Frame {
    /// A frame of a system's atoms with velocities and particle labels, tagged with `Step` and
    /// `Time` (ps).
    pub fn from_system(sys: &System, step: u64, time_ps: f64) -> Frame {
        Frame {
            symbols: sys
                .species
                .iter()
                .map(|&t| sys.elements[t as usize].clone())
                .collect(),
            pos: sys.pos.clone(),
            vel: Some(sys.vel.clone()),
            particle: Some(sys.particle.clone()),
            cell: sys.cell,
            info: [
                ("Step".to_string(), step.to_string()),
                ("Time".to_string(), format!("{time_ps}")),
            ]
            .into_iter()
            .collect(),
            props: Vec::new(),
            ints: Vec::new(),
        }
    }

    /// The atoms as a [`System`] for analysis: species in order of first appearance, masses
    /// from [`crate::base::elements`] where the element is one of its metals, else 1 amu (used
    /// only for centres of mass), velocities zero if the frame has none.
    pub fn to_system(&self) -> System {
        let mut elements: Vec<String> = Vec::new();
        let mut species = Vec::with_capacity(self.symbols.len());
        for s in &self.symbols {
            let t = match elements.iter().position(|e| e == s) {
                Some(t) => t,
                None => {
                    elements.push(s.clone());
                    elements.len() - 1
                }
            };
            species.push(t as u16);
        }
        let masses = elements
            .iter()
            .map(|e| crate::base::elements::standard_mass(e).unwrap_or(1.0))
            .collect();
        let n = self.pos.len();
        System {
            elements,
            masses,
            species,
            particle: self.particle.clone().unwrap_or_else(|| vec![0; n]),
            pos: self.pos.clone(),
            vel: self.vel.clone().unwrap_or_else(|| vec![[0.0; 3]; n]),
            cell: self.cell,
            fixed: 0,
            piston: 0,
        }
    }

    /// Checks that every per-atom array has one entry per atom and that positions, velocities and
    /// properties are finite: what a writer needs before it emits a file another program reads.
    pub fn check(&self) -> Result<()> {
        let n = self.pos.len();
        let same = |what: &str, len: usize| -> Result<()> {
            if len != n {
                bail!("the frame has {n} positions but {len} {what}");
            }
            Ok(())
        };
        same("symbols", self.symbols.len())?;
        if let Some(v) = &self.vel {
            same("velocities", v.len())?;
        }
        if let Some(p) = &self.particle {
            same("particle labels", p.len())?;
        }
        for (name, values) in &self.props {
            same(&format!("values of property '{name}'"), values.len())?;
        }
        for (name, values) in &self.ints {
            same(&format!("values of property '{name}'"), values.len())?;
        }
        let vectors = [
            ("position", Some(&self.pos)),
            ("velocity", self.vel.as_ref()),
        ];
        for (what, values) in vectors {
            for (i, v) in values.into_iter().flatten().enumerate() {
                if v.iter().any(|x| !x.is_finite()) {
                    bail!("atom {}: {what} {v:?} is not finite", i + 1);
                }
            }
        }
        for (name, values) in &self.props {
            if let Some(i) = values.iter().position(|x| !x.is_finite()) {
                bail!("atom {}: property '{name}' is {}", i + 1, values[i]);
            }
        }
        Ok(())
    }
}

/// Splits the comment line into key=value pairs (double-quoted values may hold spaces).
fn parse_info(line: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        if key.is_empty() {
            break;
        }
        let mut val = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            if chars.peek() == Some(&'"') {
                chars.next();
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    val.push(c);
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    val.push(c);
                    chars.next();
                }
            }
        } else {
            val.push('T');
        }
        out.insert(key, val);
    }
    out
}

/// A column group from `Properties`: name, type letter, width.
struct Column {
    name: String,
    kind: char,
    width: usize,
}

fn parse_properties(p: &str) -> Result<Vec<Column>> {
    let parts: Vec<&str> = p.split(':').collect();
    if !parts.len().is_multiple_of(3) {
        bail!("Properties '{p}' must be name:type:count triples");
    }
    parts
        .chunks(3)
        .map(|c| {
            let width: usize = c[2]
                .parse()
                .map_err(|_| Error::new(format!("Properties: bad count '{}'", c[2])))?;
            let kind = c[1].chars().next().unwrap_or('?').to_ascii_uppercase();
            if !"SRIL".contains(kind) || width == 0 {
                bail!("Properties: bad column '{}:{}:{}'", c[0], c[1], c[2]);
            }
            Ok(Column {
                name: c[0].to_string(),
                kind,
                width,
            })
        })
        .collect()
}

/// Parses all frames of an extxyz text.
pub fn read_frames(text: &str) -> Result<Vec<Frame>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut frames = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        if lines[at].trim().is_empty() {
            at += 1;
            continue;
        }
        let (frame, next) = read_frame_at(&lines, at)?;
        frames.push(frame);
        at = next;
    }
    if frames.is_empty() {
        bail!("no atoms: the file is empty");
    }
    Ok(frames)
}

/// Parses the first frame of an extxyz text.
pub fn read(text: &str) -> Result<Frame> {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .ok_or_else(|| Error::new("no atoms: the file is empty"))?;
    Ok(read_frame_at(&lines, first)?.0)
}

/// The width-1 real or integer columns not at one of the `known` offsets: (offset, name).
fn scalar_columns(cols: &[Column], known: &[Option<usize>]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut off = 0;
    for c in cols {
        if c.width == 1 && (c.kind == 'R' || c.kind == 'I') && !known.contains(&Some(off)) {
            out.push((off, c.name.clone()));
        }
        off += c.width;
    }
    out
}

/// A property name usable in `Properties`: `:` and whitespace become `_`.
fn column_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c == ':' || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

fn read_frame_at(lines: &[&str], at: usize) -> Result<(Frame, usize)> {
    let n: usize = lines[at].trim().parse().map_err(|_| {
        Error::new(format!(
            "line {}: expected the atom count, got '{}'",
            at + 1,
            lines[at].trim()
        ))
    })?;
    if n == 0 {
        bail!("line {}: the frame has 0 atoms", at + 1);
    }
    if n > lines.len().saturating_sub(at + 2) {
        bail!(
            "line {}: the frame says {n} atoms but the file has only {} more line(s)",
            at + 1,
            lines.len().saturating_sub(at + 2)
        );
    }
    let info = parse_info(lines.get(at + 1).copied().unwrap_or(""));
    let cols = match info.get("Properties") {
        Some(p) => parse_properties(p)?,
        None => vec![
            Column {
                name: "species".into(),
                kind: 'S',
                width: 1,
            },
            Column {
                name: "pos".into(),
                kind: 'R',
                width: 3,
            },
        ],
    };
    let find = |names: &[&str]| {
        let mut off = 0;
        for c in &cols {
            if names.contains(&c.name.as_str()) {
                return Some((off, c));
            }
            off += c.width;
        }
        None
    };
    let (sp_off, _) = find(&["species", "element", "type_symbol"])
        .ok_or_else(|| Error::new("Properties has no species column"))?;
    let (pos_off, pos_col) =
        find(&["pos", "positions"]).ok_or_else(|| Error::new("Properties has no pos column"))?;
    if pos_col.width != 3 || pos_col.kind != 'R' {
        bail!("pos must be 3 real (R) components");
    }
    let vel_off = find(&["vel", "velo", "velocities"])
        .filter(|(_, c)| c.width == 3)
        .map(|(o, _)| o);
    let part_off = find(&["particle"]).map(|(o, _)| o);
    let known = [Some(sp_off), Some(pos_off), vel_off, part_off];
    let prop_cols = scalar_columns(&cols, &known);
    let ncol: usize = cols.iter().map(|c| c.width).sum();
    let mut f = Frame {
        info: info.clone(),
        ..Default::default()
    };
    let mut vel = Vec::new();
    let mut part = Vec::new();
    let mut props: Vec<(String, Vec<f64>)> = prop_cols
        .iter()
        .map(|(_, name)| (name.clone(), Vec::with_capacity(n)))
        .collect();
    for k in 0..n {
        let ln = at + 2 + k;
        let toks: Vec<&str> = lines[ln].split_whitespace().collect();
        if toks.len() < ncol {
            bail!(
                "line {}: expected {ncol} columns, found {}",
                ln + 1,
                toks.len()
            );
        }
        let num = |c: usize| -> Result<f64> {
            let v: f64 = toks[c].parse().map_err(|_| {
                Error::new(format!("line {}: '{}' is not a number", ln + 1, toks[c]))
            })?;
            if !v.is_finite() {
                bail!("line {}: non-finite value '{}'", ln + 1, toks[c]);
            }
            Ok(v)
        };
        f.symbols.push(toks[sp_off].to_string());
        f.pos
            .push([num(pos_off)?, num(pos_off + 1)?, num(pos_off + 2)?]);
        if let Some(o) = vel_off {
            vel.push([num(o)?, num(o + 1)?, num(o + 2)?]);
        }
        if let Some(o) = part_off {
            part.push(toks[o].parse::<u32>().map_err(|_| {
                Error::new(format!("line {}: bad particle label '{}'", ln + 1, toks[o]))
            })?);
        }
        for ((o, _), (_, values)) in prop_cols.iter().zip(props.iter_mut()) {
            values.push(num(*o)?);
        }
    }
    f.props = props;
    if vel_off.is_some() {
        f.vel = Some(vel);
    }
    if part_off.is_some() {
        f.particle = Some(part);
    }
    let periodic = info.get("pbc").map(|p| {
        p.split_whitespace()
            .filter(|t| t.eq_ignore_ascii_case("T"))
            .count()
    });
    if let Some(np) = periodic {
        if np == 3 {
            let lat = info
                .get("Lattice")
                .ok_or_else(|| Error::new("pbc=\"T T T\" needs a Lattice"))?;
            let v: Vec<f64> = lat
                .split_whitespace()
                .map(|t| t.parse::<f64>())
                .collect::<std::result::Result<_, _>>()
                .map_err(|_| Error::new(format!("Lattice '{lat}' is not 9 numbers")))?;
            if v.len() != 9 {
                bail!("Lattice '{lat}' is not 9 numbers");
            }
            let off = [v[1], v[2], v[3], v[5], v[6], v[7]];
            if off.iter().any(|x| *x != 0.0) {
                bail!("only orthogonal boxes are supported (Lattice has off-diagonal terms)");
            }
            f.cell = Some([v[0], v[4], v[8]]);
        } else if np != 0 {
            bail!(
                "mixed periodicity pbc=\"{}\" is not supported (use all T or all F)",
                info["pbc"]
            );
        }
    }
    f.info.remove("Properties");
    f.info.remove("Lattice");
    f.info.remove("pbc");
    Ok((f, at + 2 + n))
}

/// Writes one frame. `info` pairs (e.g. Time, Step) go on the comment line.
pub fn write_frame(out: &mut String, f: &Frame) {
    let _ = writeln!(out, "{}", f.pos.len());
    let mut props = String::from("species:S:1:pos:R:3");
    if f.vel.is_some() {
        props.push_str(":vel:R:3");
    }
    if f.particle.is_some() {
        props.push_str(":particle:I:1");
    }
    for (name, _) in &f.props {
        let _ = write!(props, ":{}:R:1", column_name(name));
    }
    for (name, _) in &f.ints {
        let _ = write!(props, ":{}:I:1", column_name(name));
    }
    if let Some(c) = f.cell {
        let _ = write!(out, "Lattice=\"{} 0 0 0 {} 0 0 0 {}\" ", c[0], c[1], c[2]);
    }
    let _ = write!(out, "Properties={props}");
    for (k, v) in &f.info {
        if v.contains(' ') {
            let _ = write!(out, " {k}=\"{v}\"");
        } else {
            let _ = write!(out, " {k}={v}");
        }
    }
    let _ = writeln!(
        out,
        " pbc=\"{}\"",
        if f.cell.is_some() { "T T T" } else { "F F F" }
    );
    for i in 0..f.pos.len() {
        let p = f.pos[i];
        let _ = write!(out, "{} {} {} {}", f.symbols[i], p[0], p[1], p[2]);
        if let Some(v) = &f.vel {
            let _ = write!(out, " {} {} {}", v[i][0], v[i][1], v[i][2]);
        }
        if let Some(pl) = &f.particle {
            let _ = write!(out, " {}", pl[i]);
        }
        for (_, values) in &f.props {
            let _ = write!(out, " {}", values[i]);
        }
        for (_, values) in &f.ints {
            let _ = write!(out, " {}", values[i]);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_velocities_particles_and_cell() {
        let f = Frame {
            symbols: vec!["Au".into(), "Ag".into()],
            pos: vec![[0.0, 1.5, -2.25], [3.0, 0.125, 1.0]],
            vel: Some(vec![[1.0, -2.0, 0.5], [0.0, 0.0, 0.25]]),
            particle: Some(vec![0, 1]),
            cell: Some([10.0, 11.0, 12.0]),
            info: [("Time".to_string(), "0.5".to_string())]
                .into_iter()
                .collect(),
            props: Vec::new(),
            ints: Vec::new(),
        };
        let mut s = String::new();
        write_frame(&mut s, &f);
        write_frame(&mut s, &f);
        let back = read_frames(&s).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0], f);
    }

    #[test]
    fn round_trip_with_two_props_is_bitwise() {
        let awkward = [0.1 + 0.2, -1.0 / 3.0, 6.02214076e23, 1e-300, -0.0];
        let f = Frame {
            symbols: vec!["Cu".into(), "Ni".into(), "Cu".into()],
            pos: vec![
                [awkward[0], 1.0, 2.0],
                [awkward[1], 3.5, 0.0],
                [7.0, 8.0, 9.0],
            ],
            vel: Some(vec![
                [awkward[2], 0.0, 1.0],
                [0.5, awkward[3], -2.0],
                [0.0; 3],
            ]),
            particle: Some(vec![0, 0, 3]),
            cell: None,
            info: BTreeMap::new(),
            props: vec![
                ("c_pe".into(), vec![-3.54, awkward[4], -4.4]),
                ("charge".into(), vec![awkward[1], 0.0, 2.0]),
            ],
            ints: Vec::new(),
        };
        let mut s = String::new();
        write_frame(&mut s, &f);
        assert!(s.contains("particle:I:1:c_pe:R:1:charge:R:1"), "{s}");
        let back = read(&s).unwrap();
        assert_eq!(back, f);
        let bits = |fr: &Frame| -> Vec<u64> {
            let mut b: Vec<u64> = fr.pos.iter().flatten().map(|x| x.to_bits()).collect();
            b.extend(fr.vel.iter().flatten().flatten().map(|x| x.to_bits()));
            b.extend(
                fr.props
                    .iter()
                    .flat_map(|(_, v)| v.iter().map(|x| x.to_bits())),
            );
            b
        };
        assert_eq!(bits(&back), bits(&f));
    }

    #[test]
    fn foreign_columns_become_props_in_file_order() {
        let text =
            "2\nProperties=id:I:1:species:S:1:pos:R:3:forces:R:3:tag:S:1:c_pe:R:1:charge:R:1\n\
                    7 Au 0 0 0 1 2 3 a -3.8 0.5\n\
                    9 Ag 1 2 3 4 5 6 b -2.9 -0.25\n";
        let f = read(text).unwrap();
        assert_eq!(f.pos[1], [1.0, 2.0, 3.0]);
        let names: Vec<&str> = f.props.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["id", "c_pe", "charge"]);
        assert_eq!(f.props[0].1, [7.0, 9.0]);
        assert_eq!(f.props[1].1, [-3.8, -2.9]);
        assert_eq!(f.props[2].1, [0.5, -0.25]);
        let bad = text.replace("-2.9", "oops");
        let e = read(&bad).unwrap_err();
        assert!(
            e.message().contains("line 4: 'oops' is not a number"),
            "{e}"
        );
    }

    #[test]
    fn plain_xyz_and_errors() {
        let f = read("2\nsome comment\nCu 0 0 0\nCu 1.8 0 0\n").unwrap();
        assert_eq!(f.symbols, vec!["Cu", "Cu"]);
        assert_eq!(f.cell, None);
        for (text, want) in [
            ("", "empty"),
            ("x\n\n", "expected the atom count"),
            ("3\n\nCu 0 0 0\n", "only 1 more line"),
            ("1\n\nCu 0 zero 0\n", "not a number"),
            ("1\n\nCu 0 0\n", "expected 4 columns"),
            ("1\npbc=\"T T T\"\nCu 0 0 0\n", "needs a Lattice"),
            (
                "1\nLattice=\"1 1 0 0 1 0 0 0 1\" pbc=\"T T T\"\nCu 0 0 0\n",
                "orthogonal",
            ),
            ("1\n\nCu nan 0 0\n", "non-finite"),
        ] {
            let e = read(text).unwrap_err();
            assert!(e.message().contains(want), "'{want}' not in '{e}'");
        }
    }
}
