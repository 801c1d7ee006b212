//! Plain PGM (P2) pictures: a header `P2`, the width and height, the largest value, then one row
//! of space-separated values per line. Any image viewer opens them.

/// A square `side × side` picture of `values` (row-major) with largest value 1.
pub fn write_bitmap(side: usize, values: &[u8]) -> String {
    let mut pgm = format!("P2\n{side} {side}\n1\n");
    for row in values.chunks(side.max(1)) {
        pgm += &row
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        pgm.push('\n');
    }
    pgm
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_two_by_two_bitmap() {
        assert_eq!(
            super::write_bitmap(2, &[1, 0, 0, 1]),
            "P2\n2 2\n1\n1 0\n0 1\n"
        );
    }
}
