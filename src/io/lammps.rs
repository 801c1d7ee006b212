//! Pieces shared by the LAMMPS data and dump formats: atom types from an element list, and numbers
//! read with errors that name the line.

use crate::base::error::{Error, Result};
use std::str::FromStr;

/// The LAMMPS atom type (1-based) of each symbol: 1 + its index in `elements`.
pub(super) fn atom_types(symbols: &[String], elements: &[String]) -> Result<Vec<usize>> {
    symbols
        .iter()
        .enumerate()
        .map(|(i, s)| {
            elements
                .iter()
                .position(|e| e == s)
                .map(|k| k + 1)
                .ok_or_else(|| {
                    Error::new(format!(
                        "atom {} is '{s}', which is not in the element list [{}]",
                        i + 1,
                        elements.join(", ")
                    ))
                })
        })
        .collect()
}

/// The element of 1-based atom type `t`: `elements[t - 1]`.
pub(super) fn element_of_type(t: usize, elements: &[String]) -> Result<&str> {
    match t.checked_sub(1).and_then(|k| elements.get(k)) {
        Some(e) => Ok(e),
        None => bail!(
            "atom type {t} has no element: the element list [{}] covers types 1..{}",
            elements.join(", "),
            elements.len()
        ),
    }
}

/// A finite real from token `tok` of 1-based line `line`; `what` names the field, e.g. "x".
pub(super) fn real(tok: &str, line: usize, what: &str) -> Result<f64> {
    let v: f64 = tok
        .parse()
        .map_err(|_| Error::new(format!("line {line}: {what} '{tok}' is not a number")))?;
    if !v.is_finite() {
        bail!("line {line}: {what} is non-finite ('{tok}')");
    }
    Ok(v)
}

/// An integer from token `tok` of 1-based line `line`; `what` names the field, e.g. "atom id".
pub(super) fn int<T: FromStr>(tok: &str, line: usize, what: &str) -> Result<T> {
    tok.parse().map_err(|_| {
        Error::new(format!(
            "line {line}: {what} '{tok}' is not a valid integer"
        ))
    })
}

/// A positive integer (ids and atom types start at 1).
pub(super) fn positive(tok: &str, line: usize, what: &str) -> Result<u64> {
    match int::<u64>(tok, line, what)? {
        0 => bail!("line {line}: {what} must be at least 1, got 0"),
        v => Ok(v),
    }
}
