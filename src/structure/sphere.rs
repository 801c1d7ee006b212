//! Spherical particles: every fcc site (one atom at the origin) within a radius R of the origin.
//!
//! The radius is the requested one, R = diameter/2, exactly (sites with |r| ≤ R(1 + 10⁻¹²) are kept
//! so that a shell lying exactly on the sphere is included). The atom count is therefore not a
//! closed-shell "magic" number, and the volume-equivalent diameter of the result is close to, but not
//! exactly, the requested one.

use super::lattice::{sites_where, Site};

/// Fcc sites (units of a/2, atom-centred) with `|r| ≤ radius` (Å) for lattice constant `a` (Å):
/// `i² + j² + k² ≤ (radius / (a/2))²`.
pub fn sphere_sites(a: f64, radius: f64) -> Vec<Site> {
    let h = 0.5 * a;
    let r = radius / h;
    let r2 = r * r * (1.0 + 1e-12);
    let reach = r.floor() as i64 + 1;
    sites_where(reach, 0, |s| {
        ((s[0] * s[0] + s[1] * s[1] + s[2] * s[2]) as f64) <= r2
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sphere_keeps_exactly_the_sites_inside_the_radius() {
        let a = 4.0;
        // Radius equal to the second-neighbour distance a: 1 + 12 + 6 atoms.
        assert_eq!(sphere_sites(a, a).len(), 19);
        // Just below a/√2: only the centre.
        assert_eq!(sphere_sites(a, 0.99 * a / 2f64.sqrt()).len(), 1);
        // Larger sphere: compare with a brute-force scan of a bigger cube.
        let r = 13.7;
        let s = sphere_sites(a, r);
        let brute = sites_where(12, 0, |p| {
            let d2 = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]) as f64 * 4.0;
            d2 <= r * r
        });
        assert_eq!(s, brute);
        // Volume check: N ≈ (4π/3) R³ / (a³/4) within a surface term.
        let ideal = 4.0 * std::f64::consts::PI / 3.0 * r * r * r / (a * a * a / 4.0);
        assert!((s.len() as f64 - ideal).abs() < 0.1 * ideal);
    }
}
