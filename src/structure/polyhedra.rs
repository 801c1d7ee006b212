//! Fcc polyhedra cut from an atom-centred fcc lattice by crystal planes. Coordinates in units of
//! a/2 (fcc sites have i + j + k even); a shell index m sets the size.
//!
//! - sphere: sites with |r| ≤ R.
//! - cuboctahedron: {100} faces |i| ≤ m and {111} faces |i|+|j|+|k| ≤ 2m; closed shells
//!   13, 55, 147, 309, … (10m³/3 + 5m² + 11m/3 + 1).
//! - octahedron: {111} faces |i|+|j|+|k| ≤ 2m; atom-centred series 19, 85, 231, 489, …
//! - truncated octahedron: the octahedron |i|+|j|+|k| ≤ 2m with its six vertices cut by {100}
//!   planes |i| ≤ round(4m/3), i.e. at a third of the edge (for m divisible by 3 exactly the
//!   regular truncated octahedron, all edges equal, e.g. Au201 for m = 3); one {111} layer per step.

/// Membership test of a sphere of radius `r2_max` (in (a/2)² units).
pub fn in_sphere(r2_max: f64) -> impl Fn(i64, i64, i64) -> bool {
    move |i, j, k| ((i * i + j * j + k * k) as f64) <= r2_max
}

/// Membership test of the m-th closed-shell cuboctahedron.
pub fn in_cuboctahedron(m: i64) -> impl Fn(i64, i64, i64) -> bool {
    move |i, j, k| {
        i.abs() <= m && j.abs() <= m && k.abs() <= m && i.abs() + j.abs() + k.abs() <= 2 * m
    }
}

/// Membership test of the m-th atom-centred octahedron.
pub fn in_octahedron(m: i64) -> impl Fn(i64, i64, i64) -> bool {
    move |i, j, k| i.abs() + j.abs() + k.abs() <= 2 * m
}

/// Membership test of the m-th regular truncated octahedron.
pub fn in_truncated_octahedron(m: i64) -> impl Fn(i64, i64, i64) -> bool {
    let t = (4 * m + 1) / 3;
    move |i, j, k| {
        i.abs() + j.abs() + k.abs() <= 2 * m && i.abs() <= t && j.abs() <= t && k.abs() <= t
    }
}

#[cfg(test)]
mod tests {
    use super::super::lattice::count_fcc_sites;
    use super::*;

    #[test]
    fn closed_shell_magic_numbers() {
        let cubo: Vec<usize> = (1..=4)
            .map(|m| count_fcc_sites(m, in_cuboctahedron(m)))
            .collect();
        assert_eq!(cubo, vec![13, 55, 147, 309]);
        let octa: Vec<usize> = (1..=4)
            .map(|m| count_fcc_sites(2 * m, in_octahedron(m)))
            .collect();
        assert_eq!(octa, vec![19, 85, 231, 489]);
        let trunc: Vec<usize> = (1..=9)
            .map(|m| count_fcc_sites(2 * m, in_truncated_octahedron(m)))
            .collect();
        println!("{trunc:?}");
        // m = 3, 6, 9 are the regular truncated octahedra of 201, 1289 and 4033 atoms.
        assert_eq!((trunc[2], trunc[5], trunc[8]), (201, 1289, 4033));
    }
}
