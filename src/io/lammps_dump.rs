//! LAMMPS text dump files (`dump custom`), orthogonal boxes, `metal` units (Å, Å/ps).
//!
//! A file is a sequence of snapshots, each:
//!
//! ```text
//! ITEM: TIMESTEP
//! 1000
//! ITEM: NUMBER OF ATOMS
//! 2
//! ITEM: BOX BOUNDS pp pp pp          (pp = periodic; ff, ss, fm … = not)
//! 0 40.8
//! 0 40.8
//! 0 40.8
//! ITEM: ATOMS id type element x y z vx vy vz c_pe
//! 1 1 Au 0.0 1.5 2.0 0.1 0.2 0.3 -3.8
//! 2 1 Au 2.9 1.5 2.0 0.0 0.1 0.0 -3.7
//! ```
//!
//! Columns are found by name: positions from `x y z`, else `xu yu zu`, else scaled `xs ys zs` or
//! `xsu ysu zsu` (converted with the box bounds); velocities from `vx vy vz`; the symbol from
//! `element`, else from `type` and an element list; atoms are sorted by `id` when there is one.
//! Every other numeric column becomes a per-atom property of the frame. `ITEM: UNITS` is skipped
//! and `ITEM: TIME` is kept as the frame's `Time`. Numbers are written with Rust's shortest
//! round-trip formatting, so a written snapshot reads back to the same f64 values.

use super::extxyz::Frame;
use super::lammps::{atom_types, element_of_type, int, positive, real};
use crate::base::error::{Error, Result};
use std::fmt::Write;

/// Column names the reader interprets itself; a property may not take one of them.
const KNOWN_COLUMNS: [&str; 18] = [
    "id", "type", "element", "x", "y", "z", "xu", "yu", "zu", "xs", "ys", "zs", "xsu", "ysu",
    "zsu", "vx", "vy", "vz",
];

/// Position column families, in order of preference, and whether they are scaled by the box.
const POSITION_COLUMNS: [([&str; 3], bool); 4] = [
    (["x", "y", "z"], false),
    (["xu", "yu", "zu"], false),
    (["xs", "ys", "zs"], true),
    (["xsu", "ysu", "zsu"], true),
];

/// Appends one snapshot of `frame` at timestep `step`. Ids are 1..N in frame order and the type of
/// an atom is 1 + the index of its symbol in `elements`. The box is `0 L` per axis, periodic (`pp`),
/// for a frame with a cell, else the atoms' bounding box, non-periodic (`ff`). Columns: `id type
/// element x y z`, then `vx vy vz` if the frame has velocities, then the frame's properties. On an
/// error nothing is appended.
pub fn write_dump(out: &mut String, step: u64, frame: &Frame, elements: &[String]) -> Result<()> {
    frame.check()?;
    let types = atom_types(&frame.symbols, elements)?;
    check_prop_names(frame)?;
    let (flags, bounds) = match frame.cell {
        Some(c) => ("pp pp pp", c.map(|l| [0.0, l])),
        None => ("ff ff ff", bounding_box(&frame.pos)),
    };
    let mut s = String::new();
    let _ = writeln!(s, "ITEM: TIMESTEP\n{step}");
    let _ = writeln!(s, "ITEM: NUMBER OF ATOMS\n{}", frame.pos.len());
    let _ = writeln!(s, "ITEM: BOX BOUNDS {flags}");
    for [lo, hi] in bounds {
        let _ = writeln!(s, "{lo} {hi}");
    }
    s.push_str("ITEM: ATOMS id type element x y z");
    if frame.vel.is_some() {
        s.push_str(" vx vy vz");
    }
    for (name, _) in &frame.props {
        let _ = write!(s, " {name}");
    }
    s.push('\n');
    for (i, p) in frame.pos.iter().enumerate() {
        let _ = write!(
            s,
            "{} {} {} {} {} {}",
            i + 1,
            types[i],
            frame.symbols[i],
            p[0],
            p[1],
            p[2]
        );
        if let Some(v) = &frame.vel {
            let _ = write!(s, " {} {} {}", v[i][0], v[i][1], v[i][2]);
        }
        for (_, values) in &frame.props {
            let _ = write!(s, " {}", values[i]);
        }
        s.push('\n');
    }
    out.push_str(&s);
    Ok(())
}

/// Property names are single words that do not shadow a column the reader interprets.
fn check_prop_names(frame: &Frame) -> Result<()> {
    for (name, _) in &frame.props {
        if name.is_empty() || name.contains(char::is_whitespace) {
            bail!("property name '{name}' must be one word to be a dump column");
        }
        if KNOWN_COLUMNS.contains(&name.as_str()) {
            bail!("property name '{name}' clashes with the dump column of that name");
        }
    }
    Ok(())
}

/// The atoms' bounding box; `[0, 0]` per axis when there are none.
fn bounding_box(pos: &[[f64; 3]]) -> [[f64; 2]; 3] {
    if pos.is_empty() {
        return [[0.0, 0.0]; 3];
    }
    let (lo, hi) = crate::base::math::bounding_box(pos);
    [0, 1, 2].map(|k| [lo[k], hi[k]])
}

/// A snapshot whose `ITEM: ATOMS` has not been read yet.
struct Partial {
    step: u64,
    /// The line of its `ITEM: TIMESTEP`.
    no: usize,
    natoms: Option<usize>,
    bounds: Option<([[f64; 2]; 3], bool)>,
    time: Option<String>,
}

/// Reads every snapshot of a text dump: (timestep, frame) in file order. A frame has a cell (the
/// box lengths) when all three boundaries are periodic (`pp`); positions are kept as written (not
/// shifted when `xlo` is not 0). `elements` names the atom types (type k is `elements[k-1]`) when
/// the dump has no `element` column.
pub fn read_dump(text: &str, elements: Option<&[String]>) -> Result<Vec<(u64, Frame)>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut snapshots = Vec::new();
    let mut cur: Option<Partial> = None;
    let mut time: Option<String> = None;
    let mut after_atoms = false;
    let mut at = 0;
    while at < lines.len() {
        let no = at + 1;
        let t = lines[at].trim();
        if t.is_empty() {
            at += 1;
            continue;
        }
        let Some(item) = t.strip_prefix("ITEM:").map(str::trim) else {
            let hint = if after_atoms {
                " (more atom lines than ITEM: NUMBER OF ATOMS says?)"
            } else {
                ""
            };
            bail!("line {no}: expected an 'ITEM:' line, found '{t}'{hint}");
        };
        after_atoms = false;
        if item == "TIMESTEP" {
            if let Some(p) = &cur {
                bail!(
                    "line {no}: the snapshot of timestep {} (line {}) has no ITEM: ATOMS",
                    p.step,
                    p.no
                );
            }
            let step = int(value_line(&lines, at, item)?, no + 1, "timestep")?;
            cur = Some(Partial {
                step,
                no,
                natoms: None,
                bounds: None,
                time: time.take(),
            });
            at += 2;
        } else if item == "UNITS" {
            value_line(&lines, at, item)?;
            at += 2;
        } else if item == "TIME" {
            let v = value_line(&lines, at, item)?;
            real(v, no + 1, "time")?;
            time = Some(v.to_string());
            at += 2;
        } else if item == "NUMBER OF ATOMS" {
            let n = int(value_line(&lines, at, item)?, no + 1, "number of atoms")?;
            open(&mut cur, no, item)?.natoms = Some(n);
            at += 2;
        } else if let Some(flags) = item.strip_prefix("BOX BOUNDS") {
            let b = read_bounds(&lines, at, flags)?;
            open(&mut cur, no, item)?.bounds = Some(b);
            at += 4;
        } else if let Some(columns) = item.strip_prefix("ATOMS") {
            let p = open(&mut cur, no, item)?;
            let n = p.natoms.ok_or_else(|| {
                Error::new(format!(
                    "line {no}: ITEM: ATOMS before ITEM: NUMBER OF ATOMS (timestep {})",
                    p.step
                ))
            })?;
            let (bounds, periodic) = p.bounds.ok_or_else(|| {
                Error::new(format!(
                    "line {no}: ITEM: ATOMS before ITEM: BOX BOUNDS (timestep {})",
                    p.step
                ))
            })?;
            let rows = atom_rows(&lines, at, n, p.step)?;
            let mut frame = read_atoms(columns, no, rows, &bounds, elements)?;
            if periodic {
                frame.cell = Some(bounds.map(|[lo, hi]| hi - lo));
            }
            if let Some(t) = p.time.take() {
                frame.info.insert("Time".into(), t);
            }
            snapshots.push((p.step, frame));
            cur = None;
            after_atoms = true;
            at += 1 + n;
        } else {
            bail!("line {no}: unknown item 'ITEM: {item}'");
        }
    }
    if let Some(p) = cur {
        bail!(
            "the file ends inside the snapshot of timestep {} (line {}) before its ITEM: ATOMS",
            p.step,
            p.no
        );
    }
    if snapshots.is_empty() {
        bail!("no snapshots: the file has no 'ITEM: TIMESTEP'");
    }
    Ok(snapshots)
}

/// The snapshot an item at line `no` belongs to: there must be one since an `ITEM: TIMESTEP`.
fn open<'a>(cur: &'a mut Option<Partial>, no: usize, item: &str) -> Result<&'a mut Partial> {
    cur.as_mut()
        .ok_or_else(|| Error::new(format!("line {no}: ITEM: {item} before ITEM: TIMESTEP")))
}

/// The line after the `ITEM:` line at index `at`, which must hold its value.
fn value_line<'a>(lines: &[&'a str], at: usize, item: &str) -> Result<&'a str> {
    match lines.get(at + 1).map(|l| l.trim()) {
        Some(v) if !v.is_empty() && !v.starts_with("ITEM:") => Ok(v),
        _ => bail!(
            "line {}: ITEM: {item} has no value on the next line",
            at + 1
        ),
    }
}

/// The three `lo hi` lines after `ITEM: BOX BOUNDS <flags>` at index `at`, and whether all three
/// boundaries are periodic.
fn read_bounds(lines: &[&str], at: usize, flags: &str) -> Result<([[f64; 2]; 3], bool)> {
    let no = at + 1;
    let flags: Vec<&str> = flags.split_whitespace().collect();
    if flags.iter().any(|f| ["xy", "xz", "yz"].contains(f)) {
        bail!("line {no}: triclinic boxes are not supported");
    }
    if !flags.is_empty() && flags.len() != 3 {
        bail!(
            "line {no}: ITEM: BOX BOUNDS needs 3 boundary flags (e.g. pp pp pp), found {}",
            flags.len()
        );
    }
    let periodic: Vec<bool> = flags.iter().map(|f| *f == "pp").collect();
    let all = periodic.iter().all(|&p| p) && !periodic.is_empty();
    if !all && periodic.iter().any(|&p| p) {
        bail!(
            "line {no}: mixed periodicity '{}' is not supported (use all pp or none)",
            flags.join(" ")
        );
    }
    let mut b = [[0.0; 2]; 3];
    for (d, axis) in ["x", "y", "z"].iter().enumerate() {
        let ln = at + 1 + d;
        let line = lines.get(ln).map(|l| l.trim()).unwrap_or("");
        let toks: Vec<&str> = line.split_whitespace().collect();
        if toks.len() != 2 || line.starts_with("ITEM:") {
            bail!(
                "line {}: expected '{axis}lo {axis}hi' after ITEM: BOX BOUNDS, found '{line}'",
                ln + 1
            );
        }
        b[d] = [
            real(toks[0], ln + 1, &format!("{axis}lo"))?,
            real(toks[1], ln + 1, &format!("{axis}hi"))?,
        ];
        if b[d][0] > b[d][1] {
            bail!("line {}: {axis}lo is above {axis}hi", ln + 1);
        }
    }
    Ok((b, all))
}

/// The `n` lines after `ITEM: ATOMS` at index `at`, with their 1-based numbers.
fn atom_rows<'a>(
    lines: &[&'a str],
    at: usize,
    n: usize,
    step: u64,
) -> Result<Vec<(usize, &'a str)>> {
    let rows: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .skip(at + 1)
        .take(n)
        .take_while(|(_, l)| !l.trim_start().starts_with("ITEM:"))
        .map(|(i, l)| (i + 1, *l))
        .collect();
    if rows.len() < n {
        bail!(
            "line {}: timestep {step}: ITEM: NUMBER OF ATOMS says {n} atoms but ITEM: ATOMS has only {} line(s)",
            at + 1,
            rows.len()
        );
    }
    Ok(rows)
}

/// Where each quantity is in an `ITEM: ATOMS` row.
struct Layout {
    ncol: usize,
    id: Option<usize>,
    ty: Option<usize>,
    element: Option<usize>,
    pos: [usize; 3],
    scaled: bool,
    vel: Option<[usize; 3]>,
    /// Other columns: index and name; numeric ones become properties.
    other: Vec<(usize, String)>,
}

/// Finds the columns of `ITEM: ATOMS <columns>` (line `no`).
fn layout(columns: &str, no: usize, have_elements: bool) -> Result<Layout> {
    let names: Vec<&str> = columns.split_whitespace().collect();
    let col = |name: &str| names.iter().position(|c| *c == name);
    let triple = |n: [&str; 3]| Some([col(n[0])?, col(n[1])?, col(n[2])?]);
    let (pos, scaled) = POSITION_COLUMNS
        .iter()
        .find_map(|(n, s)| triple(*n).map(|p| (p, *s)))
        .ok_or_else(|| {
            Error::new(format!(
                "line {no}: ITEM: ATOMS has no positions: it needs columns x y z, xu yu zu, xs ys zs or xsu ysu zsu"
            ))
        })?;
    let vel = triple(["vx", "vy", "vz"]);
    let (id, ty, element) = (col("id"), col("type"), col("element"));
    if element.is_none() && ty.is_none() {
        bail!("line {no}: ITEM: ATOMS needs an 'element' or a 'type' column to know the atoms' elements");
    }
    if element.is_none() && !have_elements {
        bail!(
            "line {no}: ITEM: ATOMS has no 'element' column: pass the element list to map the 'type' column"
        );
    }
    let used: Vec<usize> = [id, ty, element]
        .into_iter()
        .flatten()
        .chain(pos)
        .chain(vel.into_iter().flatten())
        .collect();
    let other = names
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(i, n)| (i, n.to_string()))
        .collect();
    Ok(Layout {
        ncol: names.len(),
        id,
        ty,
        element,
        pos,
        scaled,
        vel,
        other,
    })
}

/// The frame of one `ITEM: ATOMS` block, sorted by id when there is an id column.
fn read_atoms(
    columns: &str,
    no: usize,
    rows: Vec<(usize, &str)>,
    bounds: &[[f64; 2]; 3],
    elements: Option<&[String]>,
) -> Result<Frame> {
    let lay = layout(columns, no, elements.is_some())?;
    if lay.scaled {
        if let Some(d) = (0..3).find(|&d| bounds[d][1] <= bounds[d][0] && !rows.is_empty()) {
            bail!(
                "line {no}: scaled coordinates need a box of non-zero size, but {}lo = {}hi",
                ["x", "y", "z"][d],
                ["x", "y", "z"][d]
            );
        }
    }
    // A non-interpreted column is a property if its value in the first row is a number.
    let first: Vec<&str> = rows
        .first()
        .map(|r| r.1.split_whitespace().collect())
        .unwrap_or_default();
    let props: Vec<(usize, String)> = lay
        .other
        .iter()
        .filter(|(i, _)| first.get(*i).is_some_and(|t| t.parse::<f64>().is_ok()))
        .cloned()
        .collect();

    struct Atom {
        id: u64,
        no: usize,
        symbol: String,
        pos: [f64; 3],
        vel: [f64; 3],
        props: Vec<f64>,
    }
    let mut atoms = Vec::with_capacity(rows.len());
    for (ln, row) in rows {
        let toks: Vec<&str> = row.split_whitespace().collect();
        if toks.len() != lay.ncol {
            bail!(
                "line {ln}: expected {} columns as ITEM: ATOMS says, found {}",
                lay.ncol,
                toks.len()
            );
        }
        let names = ["x", "y", "z"];
        let mut pos = [0.0; 3];
        for d in 0..3 {
            let v = real(toks[lay.pos[d]], ln, names[d])?;
            pos[d] = if lay.scaled {
                bounds[d][0] + v * (bounds[d][1] - bounds[d][0])
            } else {
                v
            };
        }
        let mut vel = [0.0; 3];
        if let Some(c) = lay.vel {
            for d in 0..3 {
                vel[d] = real(toks[c[d]], ln, ["vx", "vy", "vz"][d])?;
            }
        }
        let symbol = match (lay.element, lay.ty, elements) {
            (Some(c), _, _) => toks[c].to_string(),
            (None, Some(c), Some(el)) => {
                let t = positive(toks[c], ln, "atom type")? as usize;
                element_of_type(t, el)
                    .map_err(|e| e.context(format!("line {ln}")))?
                    .to_string()
            }
            _ => bail!("line {ln}: no element for this atom"),
        };
        let id = match lay.id {
            Some(c) => positive(toks[c], ln, "atom id")?,
            None => 0,
        };
        let props = props
            .iter()
            .map(|(c, name)| real(toks[*c], ln, &format!("column '{name}'")))
            .collect::<Result<_>>()?;
        atoms.push(Atom {
            id,
            no: ln,
            symbol,
            pos,
            vel,
            props,
        });
    }
    if lay.id.is_some() {
        atoms.sort_by_key(|a| a.id);
        if let Some(w) = atoms.windows(2).find(|w| w[0].id == w[1].id) {
            let (a, b) = (w[0].no.min(w[1].no), w[0].no.max(w[1].no));
            bail!("line {b}: duplicate atom id {} (also on line {a})", w[0].id);
        }
    }
    Ok(Frame {
        symbols: atoms.iter().map(|a| a.symbol.clone()).collect(),
        pos: atoms.iter().map(|a| a.pos).collect(),
        vel: lay.vel.map(|_| atoms.iter().map(|a| a.vel).collect()),
        props: props
            .iter()
            .enumerate()
            .map(|(k, (_, name))| (name.clone(), atoms.iter().map(|a| a.props[k]).collect()))
            .collect(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    fn bits(f: &Frame) -> Vec<u64> {
        let mut b: Vec<u64> = f.pos.iter().flatten().map(|x| x.to_bits()).collect();
        b.extend(f.vel.iter().flatten().flatten().map(|x| x.to_bits()));
        b.extend(
            f.props
                .iter()
                .flat_map(|(_, v)| v.iter().map(|x| x.to_bits())),
        );
        b
    }

    #[test]
    fn snapshots_round_trip_bitwise() {
        let periodic = Frame {
            symbols: strings(&["Cu", "Ag", "Cu"]),
            pos: vec![
                [0.1 + 0.2, 1.0 / 3.0, 9.5],
                [2.0, -0.0, 1e-9],
                [3.0, 4.0, 5.0],
            ],
            vel: Some(vec![
                [1.5, -2.0 / 7.0, 0.0],
                [0.0, 0.25, 1e5],
                [-1.0, -2.0, -3.0],
            ]),
            cell: Some([10.0, 10.5, 11.0]),
            props: vec![("c_pe".into(), vec![-3.54, -2.85, -1.0 / 9.0])],
            ..Default::default()
        };
        let mut open = periodic.clone();
        open.cell = None;
        open.pos[1][0] = -20.0;
        let els = strings(&["Ag", "Cu"]);
        let mut s = String::new();
        write_dump(&mut s, 0, &periodic, &els).unwrap();
        write_dump(&mut s, 2500, &open, &els).unwrap();
        assert!(
            s.contains("ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10.5\n0 11\n"),
            "{s}"
        );
        assert!(s.contains("ITEM: BOX BOUNDS ff ff ff\n-20 3\n"), "{s}");
        assert!(
            s.contains(
                "ITEM: ATOMS id type element x y z vx vy vz c_pe\n1 2 Cu 0.30000000000000004 "
            ),
            "{s}"
        );
        let back = read_dump(&s, None).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!((back[0].0, back[1].0), (0, 2500));
        assert_eq!(back[0].1, periodic);
        assert_eq!(back[1].1, open);
        assert_eq!(bits(&back[0].1), bits(&periodic));
        assert_eq!(bits(&back[1].1), bits(&open));
    }

    #[test]
    fn reads_scaled_shuffled_typed_atoms() {
        let text = "ITEM: UNITS\nmetal\nITEM: TIME\n0.5\n\
            ITEM: TIMESTEP\n100\nITEM: NUMBER OF ATOMS\n3\n\
            ITEM: BOX BOUNDS pp pp pp\n-5 5\n0 20\n-1 1\n\
            ITEM: ATOMS id type xs ys zs c_pe label\n\
            3 2 0.5 0.5 0.5 -1.5 a\n\
            1 1 0 0.25 1 -3.5 b\n\
            2 1 0.1 0 0.75 -2.5 c\n";
        let els = strings(&["Au", "Pt"]);
        let snaps = read_dump(text, Some(&els)).unwrap();
        let f = &snaps[0].1;
        assert_eq!(snaps[0].0, 100);
        assert_eq!(f.symbols, strings(&["Au", "Au", "Pt"]));
        assert_eq!(
            f.pos,
            [[-5.0, 5.0, 1.0], [-4.0, 0.0, 0.5], [0.0, 10.0, 0.0]]
        );
        assert_eq!(f.cell, Some([10.0, 20.0, 2.0]));
        assert_eq!(f.vel, None);
        assert_eq!(f.props, [("c_pe".to_string(), vec![-3.5, -2.5, -1.5])]);
        assert_eq!(f.info.get("Time").map(String::as_str), Some("0.5"));
        // Unwrapped columns are used when there is no x y z; the others become properties.
        let text = "ITEM: TIMESTEP\n7\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS ss ss ss\n0 1\n0 1\n0 1\n\
            ITEM: ATOMS element xs ys zs xu yu zu\nNi 0.5 0.5 0.5 7 8 9\n";
        let f = &read_dump(text, None).unwrap()[0].1;
        assert_eq!(
            (f.symbols[0].as_str(), f.pos[0], f.cell),
            ("Ni", [7.0, 8.0, 9.0], None)
        );
        let names: Vec<&str> = f.props.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["xs", "ys", "zs"]);
    }

    #[test]
    fn bad_dumps_name_the_problem() {
        let f = Frame {
            symbols: strings(&["Au", "Au"]),
            pos: vec![[0.0, 0.0, 0.0], [1.0, 2.0, 3.0]],
            ..Default::default()
        };
        let mut good = String::new();
        write_dump(&mut good, 5, &f, &strings(&["Au"])).unwrap();
        write_dump(&mut good, 6, &f, &strings(&["Au"])).unwrap();
        assert_eq!(read_dump(&good, None).unwrap().len(), 2);
        let first_atoms = good.find("ITEM: ATOMS").unwrap();
        let cases = [
            (String::new(), "no snapshots"),
            (
                good.replacen("ITEM: NUMBER OF ATOMS\n2\n", "", 1),
                "ITEM: ATOMS before ITEM: NUMBER OF ATOMS (timestep 5)",
            ),
            (
                good.replacen("ITEM: BOX BOUNDS ff ff ff\n0 1\n0 2\n0 3\n", "", 1),
                "ITEM: ATOMS before ITEM: BOX BOUNDS",
            ),
            (
                good.replacen("ITEM: TIMESTEP\n5\n", "", 1),
                "ITEM: NUMBER OF ATOMS before ITEM: TIMESTEP",
            ),
            (
                good.replacen("ATOMS\n2", "ATOMS\n3", 1),
                "says 3 atoms but ITEM: ATOMS has only 2 line(s)",
            ),
            (
                good.replacen("ATOMS\n2", "ATOMS\n1", 1),
                "more atom lines than ITEM: NUMBER OF ATOMS says?",
            ),
            (
                good[..first_atoms].to_string(),
                "the file ends inside the snapshot of timestep 5",
            ),
            (
                good.replace(" x y z", " a b c"),
                "needs columns x y z, xu yu zu, xs ys zs or xsu ysu zsu",
            ),
            (
                good.replace("id type element", "id mass charge"),
                "needs an 'element' or a 'type' column",
            ),
            (
                good.replace("id type element", "id type species"),
                "no 'element' column: pass the element list",
            ),
            (
                good.replace("\n2 1 Au 1 ", "\n2 1 Au one "),
                "line 11: x 'one' is not a number",
            ),
            (
                good.replace("\n2 1 Au 1 ", "\n1 1 Au 1 "),
                "line 11: duplicate atom id 1 (also on line 10)",
            ),
            (
                good.replace("\n2 1 Au 1 2 3", "\n2 1 Au 1 2"),
                "expected 6 columns",
            ),
            (good.replace("ff ff ff", "pp ff pp"), "mixed periodicity"),
            (good.replace("ff ff ff", "xy xz yz ff ff ff"), "triclinic"),
            (
                good.replace("ITEM: TIMESTEP\n6", "ITEM: TIMESTEPS\n6"),
                "unknown item 'ITEM: TIMESTEPS'",
            ),
            (
                good.replace("\n0 2\n", "\n0 two\n"),
                "line 7: yhi 'two' is not a number",
            ),
        ];
        for (text, want) in cases {
            let e = read_dump(&text, None).unwrap_err();
            assert!(e.message().contains(want), "'{want}' not in '{e}'");
        }
        let typed = good.replace(" element", "").replace(" Au", "");
        let e = read_dump(&typed, Some(&[] as &[String])).unwrap_err();
        assert!(
            e.message().contains("line 10: atom type 1 has no element"),
            "{e}"
        );
    }

    #[test]
    fn write_refuses_unknown_symbols_and_clashing_props() {
        let mut f = Frame {
            symbols: strings(&["Au", "Pd"]),
            pos: vec![[0.0; 3], [1.0; 3]],
            props: vec![("x".into(), vec![1.0, 2.0])],
            ..Default::default()
        };
        let mut out = String::from("kept\n");
        let e = write_dump(&mut out, 0, &f, &strings(&["Au"])).unwrap_err();
        assert!(e.message().contains("atom 2 is 'Pd'"), "{e}");
        let e = write_dump(&mut out, 0, &f, &strings(&["Au", "Pd"])).unwrap_err();
        assert!(e.message().contains("'x' clashes"), "{e}");
        f.props[0].0 = "c pe".into();
        let e = write_dump(&mut out, 0, &f, &strings(&["Au", "Pd"])).unwrap_err();
        assert!(e.message().contains("must be one word"), "{e}");
        f.props[0].1.pop();
        let e = write_dump(&mut out, 0, &f, &strings(&["Au", "Pd"])).unwrap_err();
        assert!(
            e.message()
                .contains("2 positions but 1 values of property 'c pe'"),
            "{e}"
        );
        assert_eq!(out, "kept\n");
    }
}
