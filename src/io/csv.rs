//! Comma-separated tables with a header line, as `observables.csv` is written: named numeric
//! columns read back (e.g. the caloric curve of a heating run).

use crate::base::error::{Error, Result};

/// The columns `names` of the CSV text of file `file` (named in messages), one vector per name:
/// errors name the missing column or the first bad line.
pub fn read_columns(file: &str, text: &str, names: &[&str]) -> Result<Vec<Vec<f64>>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let cols = names
        .iter()
        .map(|n| {
            header
                .iter()
                .position(|h| h == n)
                .ok_or_else(|| Error::new(format!("'{file}' has no column {n}")))
        })
        .collect::<Result<Vec<usize>>>()?;
    let mut out = vec![Vec::new(); names.len()];
    for (k, line) in lines.enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        for (c, v) in cols.iter().zip(out.iter_mut()) {
            v.push(f.get(*c).and_then(|x| x.parse().ok()).ok_or_else(|| {
                Error::new(format!(
                    "'{file}', data line {}: bad or missing value",
                    k + 1
                ))
            })?);
        }
    }
    Ok(out)
}

/// One table line of `values`, numbers in the shortest form that reads back to the same f64
/// (`NaN` for a missing number), without the line break.
pub fn line(values: impl IntoIterator<Item = f64>) -> String {
    let cells: Vec<String> = values.into_iter().map(|v| format!("{v}")).collect();
    cells.join(",")
}

/// A table with a header line of `names` and one line per row of `columns` (all of the same
/// length), numbers as in [`line`].
pub fn write_table(names: &[String], columns: &[&[f64]]) -> String {
    let mut s = names.join(",");
    s.push('\n');
    let rows = columns.first().map_or(0, |c| c.len());
    for i in 0..rows {
        s.push_str(&line(columns.iter().map(|c| c[i])));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_name_and_errors_that_name_the_problem() {
        let t = "step,temperature_K,e\n0,300,-1.5\n1,310,-1.25\n";
        let c = read_columns("a.csv", t, &["e", "temperature_K"]).unwrap();
        assert_eq!(c, vec![vec![-1.5, -1.25], vec![300.0, 310.0]]);
        let e = read_columns("a.csv", t, &["x"]).unwrap_err();
        assert_eq!(e.message(), "'a.csv' has no column x");
        let e = read_columns("a.csv", "e\n1\nq\n", &["e"]).unwrap_err();
        assert_eq!(e.message(), "'a.csv', data line 2: bad or missing value");
    }

    #[test]
    fn a_written_table_reads_back() {
        let names = ["x".to_string(), "y".to_string()];
        let t = write_table(&names, &[&[0.1, 2.0], &[1.0 / 3.0, -0.0]]);
        assert_eq!(t, "x,y\n0.1,0.3333333333333333\n2,-0\n");
        let c = read_columns("t", &t, &["y", "x"]).unwrap();
        assert_eq!(c, vec![vec![1.0 / 3.0, -0.0], vec![0.1, 2.0]]);
    }
}
