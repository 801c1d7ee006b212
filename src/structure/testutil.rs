//! Geometry checks shared by the structure tests (O(N²); for test-sized clusters).

/// Euclidean distance, Å.
fn distance(p: [f64; 3], q: [f64; 3]) -> f64 {
    crate::base::math::v3(p).distance(crate::base::math::v3(q))
}

/// Number of other atoms within `cutoff` of each atom.
pub fn neighbour_counts(p: &[[f64; 3]], cutoff: f64) -> Vec<usize> {
    let mut counts = vec![0; p.len()];
    for i in 0..p.len() {
        for j in i + 1..p.len() {
            if distance(p[i], p[j]) < cutoff {
                counts[i] += 1;
                counts[j] += 1;
            }
        }
    }
    counts
}

/// Smallest interatomic distance (∞ for fewer than two atoms).
pub fn min_distance(p: &[[f64; 3]]) -> f64 {
    let mut dmin = f64::INFINITY;
    for i in 0..p.len() {
        for j in i + 1..p.len() {
            dmin = dmin.min(distance(p[i], p[j]));
        }
    }
    dmin
}

/// Whether `image` is a permutation of `set` within `tol` (every image point has a partner in the
/// set within tol, the partners are distinct, and the sizes agree).
pub fn maps_onto_itself(set: &[[f64; 3]], image: &[[f64; 3]], tol: f64) -> bool {
    if set.len() != image.len() {
        return false;
    }
    let mut used = vec![false; set.len()];
    for q in image {
        match (0..set.len()).find(|&j| !used[j] && distance(set[j], *q) < tol) {
            Some(j) => used[j] = true,
            None => return false,
        }
    }
    true
}
