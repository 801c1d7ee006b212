//! Which element each atom of a particle gets, and the particle's (Vegard) lattice constant.

use super::Cluster;
use crate::base::error::{Error, Result};
use crate::base::math::v3;
use crate::base::rng::Rng;
use serde::{Deserialize, Serialize};

/// Lattice constants accepted from the lookup, Å (every fcc metal lies well inside).
pub const LATTICE_CONSTANT_RANGE: (f64, f64) = (2.0, 7.0);

/// Random stream tag for alloy draws ("alloy").
const ALLOY_STREAM: u64 = 0x0061_6c6c_6f79;

/// Atoms whose x differ by less than this (Å) belong to the same lattice plane (Janus split).
const PLANE_TOLERANCE: f64 = 1e-6;

/// Chemical arrangement of a particle.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Chemistry {
    /// One element.
    Pure {
        /// Element symbol.
        element: String,
    },
    /// `core` inside radius `core_fraction · R` (R = distance of the outermost atom from the
    /// centre), `shell` outside; core_fraction in (0, 1).
    CoreShell {
        /// Core element.
        core: String,
        /// Shell element.
        shell: String,
        /// Core radius as a fraction of the particle radius, in (0, 1).
        core_fraction: f64,
    },
    /// Each atom independently element i with probability `fractions[i] / Σ fractions`
    /// (deterministic given the seed).
    RandomAlloy {
        /// Element symbols.
        elements: Vec<String>,
        /// Relative amounts (normalised internally).
        fractions: Vec<f64>,
    },
    /// Two halves split by a plane perpendicular to the particle's local x axis (before rotation):
    /// `a` on the −x side, `b` on the +x side. The plane is put between two lattice planes so that
    /// the fraction of `a` atoms is as close to `fraction_a` as whole planes allow.
    Janus {
        /// Element on the −x side.
        a: String,
        /// Element on the +x side.
        b: String,
        /// Target fraction of `a` atoms, in (0, 1).
        fraction_a: f64,
    },
}

impl Chemistry {
    /// The element symbols named, in declaration order (may repeat).
    pub fn declared(&self) -> Vec<String> {
        match self {
            Chemistry::Pure { element } => vec![element.clone()],
            Chemistry::CoreShell { core, shell, .. } => vec![core.clone(), shell.clone()],
            Chemistry::RandomAlloy { elements, .. } => elements.clone(),
            Chemistry::Janus { a, b, .. } => vec![a.clone(), b.clone()],
        }
    }

    /// Checks fractions and lists: core_fraction and fraction_a strictly inside (0, 1); alloy
    /// fractions one per element, finite, non-negative, with a positive sum.
    pub fn validate(&self) -> Result<()> {
        let open_unit = |name: &str, f: f64| -> Result<()> {
            if !(f.is_finite() && f > 0.0 && f < 1.0) {
                bail!("{name} = {f} must be strictly between 0 and 1");
            }
            Ok(())
        };
        match self {
            Chemistry::Pure { .. } => Ok(()),
            Chemistry::CoreShell { core_fraction, .. } => {
                open_unit("core-shell core_fraction", *core_fraction)
            }
            Chemistry::Janus { fraction_a, .. } => open_unit("Janus fraction_a", *fraction_a),
            Chemistry::RandomAlloy {
                elements,
                fractions,
            } => {
                if elements.is_empty() {
                    bail!("random alloy: no elements given");
                }
                if elements.len() != fractions.len() {
                    bail!(
                        "random alloy: {} element(s) but {} fraction(s)",
                        elements.len(),
                        fractions.len()
                    );
                }
                if fractions.iter().any(|f| !(f.is_finite() && *f >= 0.0)) {
                    bail!("random alloy fractions {fractions:?} must be finite and non-negative");
                }
                if fractions.iter().sum::<f64>() <= 0.0 {
                    bail!("random alloy fractions {fractions:?} must not all be zero");
                }
                Ok(())
            }
        }
    }

    /// Composition-weighted (Vegard) fcc lattice constant, Å: `Σ x_e a_e` with x_e the nominal atom
    /// fraction of element e (core-shell: x_core = core_fraction³, the core's volume share; Janus:
    /// x_a = fraction_a; alloy: the normalised fractions). Errors name an unknown element.
    pub fn lattice_constant(&self, lattice: &dyn Fn(&str) -> Option<f64>) -> Result<f64> {
        let a = |el: &str| lookup(lattice, el);
        Ok(match self {
            Chemistry::Pure { element } => a(element)?,
            Chemistry::CoreShell {
                core,
                shell,
                core_fraction,
            } => {
                let x = core_fraction * core_fraction * core_fraction;
                x * a(core)? + (1.0 - x) * a(shell)?
            }
            Chemistry::RandomAlloy {
                elements,
                fractions,
            } => {
                let total: f64 = fractions.iter().sum();
                let mut s = 0.0;
                for (e, f) in elements.iter().zip(fractions) {
                    s += f / total * a(e)?;
                }
                s
            }
            Chemistry::Janus {
                a: ea,
                b,
                fraction_a,
            } => fraction_a * a(ea)? + (1.0 - fraction_a) * a(b)?,
        })
    }

    /// Sets `c.elements` and `c.species` for atoms centred at the origin (before rotation).
    /// Element order is declaration order (duplicates merged); elements no atom received are dropped.
    pub fn assign(&self, c: &mut Cluster, seed: u64) {
        // Slot per declared element, then slot → unique element.
        let slots: Vec<u16> = match self {
            Chemistry::Pure { .. } => vec![0; c.len()],
            Chemistry::CoreShell { core_fraction, .. } => core_shell_slots(c, *core_fraction),
            Chemistry::RandomAlloy { fractions, .. } => alloy_slots(c.len(), fractions, seed),
            Chemistry::Janus { fraction_a, .. } => janus_slots(c, *fraction_a),
        };
        let declared = self.declared();
        let mut elements: Vec<String> = Vec::new();
        let slot_to_element: Vec<u16> = declared
            .iter()
            .map(|e| match elements.iter().position(|x| x == e) {
                Some(k) => k as u16,
                None => {
                    elements.push(e.clone());
                    (elements.len() - 1) as u16
                }
            })
            .collect();
        let species: Vec<u16> = slots.iter().map(|&s| slot_to_element[s as usize]).collect();
        let (elements, species) = drop_unused(elements, species);
        c.elements = elements;
        c.species = species;
    }
}

/// The lattice constant of one element, or an error naming it.
fn lookup(lattice: &dyn Fn(&str) -> Option<f64>, el: &str) -> Result<f64> {
    let (lo, hi) = LATTICE_CONSTANT_RANGE;
    match lattice(el) {
        None => Err(Error::new(format!(
            "unknown element '{el}' in the particle's chemistry (no lattice constant for it)"
        ))),
        Some(a) if !(a.is_finite() && a >= lo && a <= hi) => Err(Error::new(format!(
            "lattice constant {a} Å of element '{el}' is outside [{lo}, {hi}] Å"
        ))),
        Some(a) => Ok(a),
    }
}

/// Core-shell: slot 0 (core) for atoms with |r| ≤ f · max|r|, slot 1 (shell) otherwise.
fn core_shell_slots(c: &Cluster, core_fraction: f64) -> Vec<u16> {
    let r: Vec<f64> = c.positions.iter().map(|p| v3(*p).length()).collect();
    let rmax = r.iter().copied().fold(0.0, f64::max);
    r.iter()
        .map(|&x| if x <= core_fraction * rmax { 0 } else { 1 })
        .collect()
}

/// Random alloy: atom by atom, in atom order, slot i with probability fractions[i] / Σ fractions.
fn alloy_slots(n: usize, fractions: &[f64], seed: u64) -> Vec<u16> {
    let total: f64 = fractions.iter().sum();
    let mut rng = Rng::new(seed, ALLOY_STREAM);
    // Fallback for u rounding up to the total: the last element actually present.
    let last = fractions.iter().rposition(|f| *f > 0.0).unwrap_or(0);
    (0..n)
        .map(|_| {
            let u = rng.uniform() * total;
            let mut acc = 0.0;
            let mut pick = last;
            for (k, f) in fractions.iter().enumerate() {
                acc += f;
                if u < acc && *f > 0.0 {
                    pick = k;
                    break;
                }
            }
            pick as u16
        })
        .collect()
}

/// Janus: atoms sorted by x and grouped into planes (x equal within [`PLANE_TOLERANCE`]); the cut
/// between two planes whose number of atoms below it is closest to `fraction_a · N` (both sides
/// non-empty when there are at least two planes) puts slot 0 (`a`) below, slot 1 (`b`) above.
fn janus_slots(c: &Cluster, fraction_a: f64) -> Vec<u16> {
    let n = c.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| {
        c.positions[i][0]
            .total_cmp(&c.positions[j][0])
            .then(i.cmp(&j))
    });
    let x = |r: usize| c.positions[order[r]][0];
    // Possible cuts: after rank r − 1, where the next atom starts a new plane.
    let cuts: Vec<usize> = (1..n)
        .filter(|&r| x(r) - x(r - 1) > PLANE_TOLERANCE)
        .collect();
    let target = fraction_a * n as f64;
    let below = if cuts.is_empty() {
        if target < 0.5 * n as f64 {
            0
        } else {
            n
        }
    } else {
        cuts.iter()
            .copied()
            .min_by(|&p, &q| {
                (p as f64 - target)
                    .abs()
                    .total_cmp(&(q as f64 - target).abs())
            })
            .unwrap_or(0)
    };
    let mut s = vec![1u16; n];
    for &i in &order[..below] {
        s[i] = 0;
    }
    s
}

/// Removes elements no atom uses, renumbering species; keeps the order of the rest.
fn drop_unused(elements: Vec<String>, species: Vec<u16>) -> (Vec<String>, Vec<u16>) {
    let used: Vec<bool> = (0..elements.len())
        .map(|t| species.contains(&(t as u16)))
        .collect();
    let mut new_index = vec![0u16; elements.len()];
    let mut kept = Vec::new();
    for (t, e) in elements.into_iter().enumerate() {
        if used[t] {
            new_index[t] = kept.len() as u16;
            kept.push(e);
        }
    }
    let species = species.iter().map(|&t| new_index[t as usize]).collect();
    (kept, species)
}

#[cfg(test)]
mod tests {
    use super::super::{build_particle, ParticleSpec, Shape};
    use super::*;

    fn lat(e: &str) -> Option<f64> {
        match e {
            "Au" => Some(4.08),
            "Ag" => Some(4.09),
            "Cu" => Some(3.615),
            "Pd" => Some(3.89),
            _ => None,
        }
    }

    fn spec(shape: Shape, chemistry: Chemistry) -> ParticleSpec {
        ParticleSpec {
            shape,
            diameter_nm: 3.0,
            chemistry,
            rotation_deg: [0.0; 3],
        }
    }

    fn radius(p: [f64; 3]) -> f64 {
        v3(p).length()
    }

    #[test]
    fn core_shell_puts_every_core_atom_inside_every_shell_atom() {
        for shape in [
            Shape::Sphere,
            Shape::Icosahedron,
            Shape::TruncatedOctahedron,
        ] {
            for f in [0.3, 0.6, 0.9] {
                let ch = Chemistry::CoreShell {
                    core: "Cu".into(),
                    shell: "Ag".into(),
                    core_fraction: f,
                };
                let c = &build_particle(&spec(shape, ch), &lat, 1).unwrap();
                assert_eq!(c.elements, vec!["Cu", "Ag"]);
                let of = |t: u16| {
                    (0..c.len())
                        .filter(move |&i| c.species[i] == t)
                        .map(|i| radius(c.positions[i]))
                };
                let core_max = of(0).fold(0.0, f64::max);
                let shell_min = of(1).fold(f64::INFINITY, f64::min);
                assert!(core_max < shell_min, "{shape:?} f = {f}");
                let rmax = c.positions.iter().map(|p| radius(*p)).fold(0.0, f64::max);
                assert!(core_max <= f * rmax + 1e-9 && shell_min > f * rmax);
            }
        }
    }

    #[test]
    fn random_alloy_fraction_is_binomial_and_seeded() {
        let ch = Chemistry::RandomAlloy {
            elements: vec!["Au".into(), "Ag".into(), "Pd".into()],
            fractions: vec![3.0, 5.0, 2.0],
        };
        let c = build_particle(&spec(Shape::Sphere, ch.clone()), &lat, 5).unwrap();
        assert_eq!(c.elements, vec!["Au", "Ag", "Pd"]);
        let n = c.len() as f64;
        for (t, x) in [0.3, 0.5, 0.2].into_iter().enumerate() {
            let k = c.species.iter().filter(|&&s| s as usize == t).count() as f64;
            let sigma = (n * x * (1.0 - x)).sqrt();
            assert!((k - x * n).abs() < 3.0 * sigma, "{t}: {k} of {n}");
        }
        assert_eq!(
            c,
            build_particle(&spec(Shape::Sphere, ch.clone()), &lat, 5).unwrap()
        );
        let other = build_particle(&spec(Shape::Sphere, ch), &lat, 6).unwrap();
        assert_eq!(other.positions, c.positions);
        assert_ne!(other.species, c.species);
    }

    #[test]
    fn zero_fraction_elements_and_duplicates_are_merged_away() {
        let ch = Chemistry::RandomAlloy {
            elements: vec!["Au".into(), "Cu".into(), "Au".into()],
            fractions: vec![1.0, 0.0, 1.0],
        };
        let c = build_particle(&spec(Shape::Cuboctahedron, ch), &lat, 2).unwrap();
        assert_eq!(c.elements, vec!["Au"]);
        assert!(c.species.iter().all(|&s| s == 0));
    }

    #[test]
    fn janus_plane_separates_the_elements() {
        for shape in [Shape::Sphere, Shape::Icosahedron, Shape::MarksDecahedron] {
            for f in [0.25, 0.5, 0.7] {
                let ch = Chemistry::Janus {
                    a: "Au".into(),
                    b: "Cu".into(),
                    fraction_a: f,
                };
                let c = &build_particle(&spec(shape, ch), &lat, 1).unwrap();
                assert_eq!(c.elements, vec!["Au", "Cu"]);
                let xs = |t: u16| {
                    (0..c.len())
                        .filter(move |&i| c.species[i] == t)
                        .map(|i| c.positions[i][0])
                };
                let xa = xs(0).fold(f64::NEG_INFINITY, f64::max);
                let xb = xs(1).fold(f64::INFINITY, f64::min);
                assert!(xa < xb, "{shape:?} f = {f}: planes mixed");
                // Fraction within the largest lattice-plane population of the target.
                let na = xs(0).count() as f64;
                let mut planes: Vec<i64> = c
                    .positions
                    .iter()
                    .map(|p| (p[0] * 1e4).round() as i64)
                    .collect();
                planes.sort();
                let mut biggest = 0;
                let mut run = 0;
                for w in 0..planes.len() {
                    run = if w > 0 && planes[w] == planes[w - 1] {
                        run + 1
                    } else {
                        1
                    };
                    biggest = biggest.max(run);
                }
                assert!(
                    (na - f * c.len() as f64).abs() <= biggest as f64,
                    "{shape:?} f = {f}: {na} of {}",
                    c.len()
                );
            }
        }
    }

    #[test]
    fn vegard_lattice_constant() {
        let ch = Chemistry::Janus {
            a: "Au".into(),
            b: "Cu".into(),
            fraction_a: 0.25,
        };
        let a = ch.lattice_constant(&lat).unwrap();
        assert!((a - (0.25 * 4.08 + 0.75 * 3.615)).abs() < 1e-12);
        let ch = Chemistry::RandomAlloy {
            elements: vec!["Au".into(), "Cu".into()],
            fractions: vec![1.0, 3.0],
        };
        assert!((ch.lattice_constant(&lat).unwrap() - a).abs() < 1e-12);
    }

    #[test]
    fn bad_chemistry_is_refused_with_a_clear_message() {
        let cases = [
            (
                Chemistry::CoreShell {
                    core: "Cu".into(),
                    shell: "Ag".into(),
                    core_fraction: 1.5,
                },
                "core_fraction",
            ),
            (
                Chemistry::CoreShell {
                    core: "Cu".into(),
                    shell: "Ag".into(),
                    core_fraction: 0.0,
                },
                "core_fraction",
            ),
            (
                Chemistry::Janus {
                    a: "Au".into(),
                    b: "Cu".into(),
                    fraction_a: f64::NAN,
                },
                "fraction_a",
            ),
            (
                Chemistry::RandomAlloy {
                    elements: vec![],
                    fractions: vec![],
                },
                "no elements",
            ),
            (
                Chemistry::RandomAlloy {
                    elements: vec!["Au".into()],
                    fractions: vec![],
                },
                "1 element(s) but 0 fraction(s)",
            ),
            (
                Chemistry::RandomAlloy {
                    elements: vec!["Au".into(), "Cu".into()],
                    fractions: vec![-1.0, 2.0],
                },
                "non-negative",
            ),
            (
                Chemistry::RandomAlloy {
                    elements: vec!["Au".into(), "Cu".into()],
                    fractions: vec![f64::NAN, 2.0],
                },
                "finite",
            ),
            (
                Chemistry::RandomAlloy {
                    elements: vec!["Au".into(), "Cu".into()],
                    fractions: vec![0.0, 0.0],
                },
                "all be zero",
            ),
            (
                Chemistry::CoreShell {
                    core: "Xx".into(),
                    shell: "Ag".into(),
                    core_fraction: 0.5,
                },
                "unknown element 'Xx'",
            ),
        ];
        for (ch, msg) in cases {
            let e = build_particle(&spec(Shape::Sphere, ch.clone()), &lat, 1).unwrap_err();
            assert!(e.message().contains(msg), "{ch:?}: {}", e.message());
        }
        let bad_lookup = |_: &str| Some(0.0);
        let e = build_particle(
            &spec(
                Shape::Sphere,
                Chemistry::Pure {
                    element: "Au".into(),
                },
            ),
            &bad_lookup,
            1,
        )
        .unwrap_err();
        assert!(e.message().contains("outside"), "{}", e.message());
    }

    #[test]
    fn serde_uses_kind_tags() {
        let ch = Chemistry::CoreShell {
            core: "Cu".into(),
            shell: "Ag".into(),
            core_fraction: 0.5,
        };
        let j = serde_json::to_string(&ch).unwrap();
        assert!(j.contains("\"kind\":\"core-shell\""), "{j}");
        assert_eq!(serde_json::from_str::<Chemistry>(&j).unwrap(), ch);
    }
}
