//! LAMMPS `setfl` files (`pair_style eam/alloy`) and their Finnis–Sinclair variant
//! (`pair_style eam/fs`): read and write.
//!
//! Layout: 3 comment lines; line 4 `Nelements El1 El2 …`; line 5 `Nrho drho Nr dr cutoff`; per
//! element a line `Z mass a0 lattice` followed by F(ρ) (Nrho values) and the density: for
//! eam/alloy one f(r) (Nr values), the density an atom of this element gives any host; for eam/fs
//! Nelements tables f_{I→J}(r), J = 1…Nelements, the density an atom of this element I gives a
//! host of element J. Then r·φ(r) (Nr values) for each element pair i ≥ j in the order 11, 21,
//! 22, 31, 32, 33, … Tables start at ρ = 0 and r = 0. Values may be spread over lines freely.

use crate::base::error::{Error, Result};

/// One element's header in a setfl file.
#[derive(Clone, Debug, PartialEq)]
pub struct SetflElement {
    /// Chemical symbol, from line 4.
    pub symbol: String,
    /// Atomic number.
    pub z: u32,
    /// Mass in amu.
    pub mass: f64,
    /// Lattice constant in Å (informational).
    pub a0: f64,
    /// Lattice name, e.g. `fcc` (informational).
    pub lattice: String,
}

/// Which density layout a setfl file has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SetflKind {
    /// `eam/alloy`: one density function per element.
    #[default]
    Alloy,
    /// `eam/fs`: one density function per ordered (source, host) element pair.
    FinnisSinclair,
}

impl SetflKind {
    /// The LAMMPS pair style that reads this layout.
    pub fn pair_style(self) -> &'static str {
        match self {
            SetflKind::Alloy => "eam/alloy",
            SetflKind::FinnisSinclair => "eam/fs",
        }
    }
}

/// The raw tables of a setfl file.
#[derive(Clone, Debug, PartialEq)]
pub struct Setfl {
    /// Density layout (eam/alloy or eam/fs).
    pub kind: SetflKind,
    /// The three comment lines.
    pub comments: [String; 3],
    /// Elements, in file order (LAMMPS type mapping uses these symbols).
    pub elements: Vec<SetflElement>,
    /// Number of ρ knots.
    pub nrho: usize,
    /// ρ spacing.
    pub drho: f64,
    /// Number of r knots.
    pub nr: usize,
    /// r spacing, Å.
    pub dr: f64,
    /// Cutoff, Å.
    pub cutoff: f64,
    /// F_e(ρ) per element, eV.
    pub frho: Vec<Vec<f64>>,
    /// Density tables: for eam/alloy f_e(r) per element e (the density an atom of element e
    /// contributes); for eam/fs f_{s→h}(r) at index `s·Nelements + h` (source s, host h). Use
    /// [`Setfl::density`].
    pub rhor: Vec<Vec<f64>>,
    /// r·φ(r) per pair, packed lower triangle: index of (i, j), i ≥ j, is `i(i+1)/2 + j`. eV·Å.
    pub z2r: Vec<Vec<f64>>,
}

/// Index of the unordered element pair (i, j) in a packed lower triangle.
#[inline]
pub fn pair_index(i: usize, j: usize) -> usize {
    let (a, b) = if i >= j { (i, j) } else { (j, i) };
    a * (a + 1) / 2 + b
}

/// Reads whitespace-separated tokens line by line, remembering line numbers for messages.
pub(super) struct Tokens<'a> {
    lines: std::iter::Enumerate<std::str::Lines<'a>>,
    pending: Vec<&'a str>,
    line_no: usize,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Tokens<'a> {
        Tokens {
            lines: text.lines().enumerate(),
            pending: Vec::new(),
            line_no: 0,
        }
    }

    /// Reads the grid line `Nrho drho Nr dr cutoff` (`which` names it, e.g. "line 5") and checks
    /// it: at least 5 and at most 10⁷ knots, positive finite spacings and cutoff.
    pub(super) fn grid_line(&mut self, which: &str) -> Result<(usize, f64, usize, f64, f64)> {
        let (ln, line) = self.next_line(&format!("{which} (Nrho drho Nr dr cutoff)"))?;
        let toks: Vec<&str> = line.split_whitespace().collect();
        let bad = || {
            Error::new(format!(
                "line {ln}: expected 'Nrho drho Nr dr cutoff', got '{}'",
                line.trim()
            ))
        };
        if toks.len() < 5 {
            return Err(bad());
        }
        let nrho: usize = toks[0].parse().map_err(|_| bad())?;
        let drho = parse_num(toks[1]).ok_or_else(bad)?;
        let nr: usize = toks[2].parse().map_err(|_| bad())?;
        let dr = parse_num(toks[3]).ok_or_else(bad)?;
        let cutoff = parse_num(toks[4]).ok_or_else(bad)?;
        if nrho < 5 || nr < 5 {
            bail!("line {ln}: Nrho = {nrho} and Nr = {nr}; both must be at least 5");
        }
        if nrho > 10_000_000 || nr > 10_000_000 {
            bail!("line {ln}: table sizes Nrho = {nrho}, Nr = {nr} are absurdly large");
        }
        for (name, v) in [("drho", drho), ("dr", dr), ("cutoff", cutoff)] {
            if !(v.is_finite() && v > 0.0) {
                bail!("line {ln}: {name} = {v} must be a positive number");
            }
        }
        Ok((nrho, drho, nr, dr, cutoff))
    }

    /// Checks that only blank lines remain after the last table.
    pub(super) fn finish(self) -> Result<()> {
        for (i, l) in self.lines {
            if !l.trim().is_empty() {
                bail!("line {}: unexpected data after the last table", i + 1);
            }
        }
        Ok(())
    }

    pub(super) fn next_line(&mut self, what: &str) -> Result<(usize, &'a str)> {
        match self.lines.next() {
            Some((i, l)) => {
                self.line_no = i + 1;
                Ok((i + 1, l))
            }
            None => Err(Error::new(format!("file ends before {what}"))),
        }
    }

    /// Reads `n` numbers, possibly spread over several lines; a table must end at a line end.
    pub(super) fn numbers(&mut self, n: usize, what: &str) -> Result<Vec<f64>> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            if self.pending.is_empty() {
                let (_, l) = self.next_line(what).map_err(|_| {
                    Error::new(format!(
                        "file ends after {} of {n} values of {what}",
                        out.len()
                    ))
                })?;
                self.pending = l.split_whitespace().rev().collect();
                continue;
            }
            let tok = self.pending.pop().unwrap();
            let v: f64 = parse_num(tok).ok_or_else(|| {
                Error::new(format!(
                    "line {}: '{tok}' is not a number (reading {what})",
                    self.line_no
                ))
            })?;
            if !v.is_finite() {
                return Err(Error::new(format!(
                    "line {}: non-finite value '{tok}' in {what}",
                    self.line_no
                )));
            }
            out.push(v);
        }
        if !self.pending.is_empty() {
            return Err(Error::new(format!(
                "line {}: {} extra value(s) after the {n} values of {what}",
                self.line_no,
                self.pending.len()
            )));
        }
        Ok(out)
    }
}

/// Parses a number as LAMMPS accepts it (also Fortran `D` exponents).
pub(super) fn parse_num(tok: &str) -> Option<f64> {
    tok.parse::<f64>()
        .ok()
        .or_else(|| tok.replace(['D', 'd'], "e").parse::<f64>().ok())
}

impl Setfl {
    /// The density table of an atom of element `source` at a host of element `host`.
    pub fn density(&self, source: usize, host: usize) -> &[f64] {
        match self.kind {
            SetflKind::Alloy => &self.rhor[source],
            SetflKind::FinnisSinclair => &self.rhor[source * self.elements.len() + host],
        }
    }

    /// Parses eam/alloy setfl text. Errors name the line and what was expected.
    pub fn parse(text: &str) -> Result<Setfl> {
        Setfl::parse_kind(text, SetflKind::Alloy)
    }

    /// Parses eam/fs (Finnis–Sinclair setfl) text.
    pub fn parse_fs(text: &str) -> Result<Setfl> {
        Setfl::parse_kind(text, SetflKind::FinnisSinclair)
    }

    /// Parses setfl text with the given density layout.
    pub fn parse_kind(text: &str, kind: SetflKind) -> Result<Setfl> {
        let mut t = Tokens::new(text);
        let mut comments: [String; 3] = Default::default();
        for c in comments.iter_mut() {
            *c = t.next_line("the 3 comment lines")?.1.to_string();
        }
        let (ln, l4) = t.next_line("line 4 (Nelements El1 El2 ...)")?;
        let toks: Vec<&str> = l4.split_whitespace().collect();
        let nel: usize = toks.first().and_then(|s| s.parse().ok()).ok_or_else(|| {
            Error::new(format!(
                "line {ln}: expected 'Nelements El1 El2 ...', got '{}'",
                l4.trim()
            ))
        })?;
        if nel == 0 || toks.len() - 1 != nel {
            bail!(
                "line {ln}: says {nel} element(s) but lists {} symbol(s)",
                toks.len().saturating_sub(1)
            );
        }
        let symbols: Vec<String> = toks[1..].iter().map(|s| s.to_string()).collect();
        let (nrho, drho, nr, dr, cutoff) = t.grid_line("line 5")?;
        // A cutoff slightly past the table end (e.g. LAMMPS' Cu_zhou.eam.alloy) is accepted, as
        // LAMMPS does: lookups past the last knot hold its value.
        let mut elements = Vec::with_capacity(nel);
        let mut frho = Vec::with_capacity(nel);
        let mut rhor = Vec::with_capacity(nel);
        for sym in &symbols {
            let (ln, h) = t.next_line(&format!("the header line of element {sym}"))?;
            let ht: Vec<&str> = h.split_whitespace().collect();
            let bad = || {
                Error::new(format!(
                    "line {ln}: expected 'Z mass a0 lattice' for element {sym}, got '{}'",
                    h.trim()
                ))
            };
            if ht.len() < 3 {
                return Err(bad());
            }
            let z = parse_num(ht[0]).ok_or_else(bad)?;
            let mass = parse_num(ht[1]).ok_or_else(bad)?;
            let a0 = parse_num(ht[2]).ok_or_else(bad)?;
            if !(mass.is_finite() && mass > 0.0) {
                bail!("line {ln}: mass of {sym} is {mass}; it must be positive");
            }
            elements.push(SetflElement {
                symbol: sym.clone(),
                z: z.max(0.0) as u32,
                mass,
                a0,
                lattice: ht.get(3).unwrap_or(&"").to_string(),
            });
            frho.push(t.numbers(nrho, &format!("F(rho) of {sym}"))?);
            match kind {
                SetflKind::Alloy => rhor.push(t.numbers(nr, &format!("f(r) of {sym}"))?),
                SetflKind::FinnisSinclair => {
                    for host in &symbols {
                        rhor.push(t.numbers(nr, &format!("f(r) of {sym} at {host}"))?);
                    }
                }
            }
        }
        let mut z2r = Vec::with_capacity(nel * (nel + 1) / 2);
        for i in 0..nel {
            for j in 0..=i {
                z2r.push(t.numbers(nr, &format!("r*phi(r) of {}-{}", symbols[i], symbols[j]))?);
            }
        }
        t.finish()?;
        Ok(Setfl {
            kind,
            comments,
            elements,
            nrho,
            drho,
            nr,
            dr,
            cutoff,
            frho,
            rhor,
            z2r,
        })
    }

    /// Writes the file in the usual layout (5 values a line, 17 significant digits so the values
    /// read back bit-exactly, by us and by LAMMPS).
    pub fn write(&self) -> String {
        use std::fmt::Write;
        let mut s = String::with_capacity(
            24 * (self.frho.len() * (self.nrho + self.nr) + self.z2r.len() * self.nr) + 1024,
        );
        for c in &self.comments {
            let _ = writeln!(s, "{}", c.replace('\n', " "));
        }
        let syms: Vec<&str> = self.elements.iter().map(|e| e.symbol.as_str()).collect();
        let _ = writeln!(s, "{} {}", syms.len(), syms.join(" "));
        let _ = writeln!(
            s,
            "{} {:.16e} {} {:.16e} {:.16e}",
            self.nrho, self.drho, self.nr, self.dr, self.cutoff
        );
        let table = |s: &mut String, v: &[f64]| {
            for chunk in v.chunks(5) {
                for x in chunk {
                    let _ = write!(s, " {x:.16e}");
                }
                s.push('\n');
            }
        };
        for (k, e) in self.elements.iter().enumerate() {
            let _ = writeln!(
                s,
                "{} {} {} {}",
                e.z,
                e.mass,
                e.a0,
                if e.lattice.is_empty() {
                    "fcc"
                } else {
                    &e.lattice
                }
            );
            table(&mut s, &self.frho[k]);
            match self.kind {
                SetflKind::Alloy => table(&mut s, &self.rhor[k]),
                SetflKind::FinnisSinclair => {
                    for h in 0..self.elements.len() {
                        table(&mut s, self.density(k, h));
                    }
                }
            }
        }
        for z in &self.z2r {
            table(&mut s, z);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Setfl {
        let nr = 7;
        let nrho = 6;
        Setfl {
            kind: SetflKind::Alloy,
            comments: ["a".into(), "b".into(), "c".into()],
            elements: vec![
                SetflElement {
                    symbol: "Au".into(),
                    z: 79,
                    mass: 196.96654,
                    a0: 4.08,
                    lattice: "fcc".into(),
                },
                SetflElement {
                    symbol: "Ag".into(),
                    z: 47,
                    mass: 107.8682,
                    a0: 4.09,
                    lattice: "fcc".into(),
                },
            ],
            nrho,
            drho: 0.1,
            nr,
            dr: 1.0 / 3.0,
            cutoff: 2.0,
            frho: vec![(0..nrho).map(|i| -(i as f64) / 7.0).collect(); 2],
            rhor: vec![(0..nr).map(|i| 1.0 / (1.0 + i as f64)).collect(); 2],
            z2r: vec![(0..nr).map(|i| 0.1 * i as f64 - 1e-300).collect(); 3],
        }
    }

    #[test]
    fn a_huge_element_count_is_an_error_not_an_overflow() {
        // Found by fuzzing (fuzz/corpus/potential_file/regression-nelements-overflow).
        let text = "a\nb\nc\n18446744073709551615 Au\n5 0.5 5 1.0 4.0\n";
        let e = Setfl::parse(text).unwrap_err().to_string();
        assert!(
            e.contains("says 18446744073709551615 element(s) but lists 1 symbol(s)"),
            "{e}"
        );
    }

    #[test]
    fn write_then_parse_round_trips_bit_exactly() {
        let s = tiny();
        let back = Setfl::parse(&s.write()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn fs_write_then_parse_round_trips_and_keeps_the_pair_densities_apart() {
        let mut s = tiny();
        s.kind = SetflKind::FinnisSinclair;
        s.rhor = (0..4)
            .map(|k| {
                (0..s.nr)
                    .map(|i| (k + 1) as f64 / (1.0 + i as f64))
                    .collect()
            })
            .collect();
        let text = s.write();
        let back = Setfl::parse_fs(&text).unwrap();
        assert_eq!(back, s);
        // Au at Ag is table 1, Ag at Au table 2.
        assert_eq!(back.density(0, 1)[0], 2.0);
        assert_eq!(back.density(1, 0)[0], 3.0);
        // Read as eam/alloy, the same text has too many tables.
        assert!(Setfl::parse(&text).is_err());
    }

    #[test]
    fn malformed_files_give_line_numbered_messages() {
        let good = tiny().write();
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "file ends before"),
            (
                good.replacen("2 Au Ag", "3 Au Ag", 1),
                "says 3 element(s) but lists 2",
            ),
            (
                good.replacen(" 5.0000000000000000e-1", " 5.0x", 1),
                "not a number",
            ),
            (
                good.lines().take(20).collect::<Vec<_>>().join("\n"),
                "file ends after",
            ),
            (good.replacen("79 196.96654", "79 -1", 1), "mass of Au"),
            (format!("{good}1.0\n"), "unexpected data"),
        ];
        for (text, want) in cases {
            let err = Setfl::parse(&text).unwrap_err();
            assert!(err.message().contains(want), "expected '{want}' in '{err}'");
        }
    }

    #[test]
    fn pair_index_is_lammps_order() {
        assert_eq!(pair_index(0, 0), 0);
        assert_eq!(pair_index(1, 0), 1);
        assert_eq!(pair_index(0, 1), 1);
        assert_eq!(pair_index(1, 1), 2);
        assert_eq!(pair_index(2, 0), 3);
        assert_eq!(pair_index(2, 2), 5);
    }
}
