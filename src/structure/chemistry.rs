//! Which element each atom of a particle gets.

use super::Cluster;
use crate::error::Result;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Chemical arrangement of a particle.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Chemistry {
    /// One element.
    Pure {
        /// Element symbol.
        element: String,
    },
    /// `core` inside radius `core_fraction · R_max`, `shell` outside.
    CoreShell {
        /// Core element.
        core: String,
        /// Shell element.
        shell: String,
        /// Core radius as a fraction of the particle radius, in (0, 1).
        core_fraction: f64,
    },
    /// Each atom independently element i with probability fractions[i] (normalised).
    RandomAlloy {
        /// Element symbols.
        elements: Vec<String>,
        /// Relative amounts (normalised).
        fractions: Vec<f64>,
    },
    /// Two halves split by a plane perpendicular to the particle's x axis (before rotation):
    /// `a` on the −x side with a fraction `fraction_a` of the atoms, `b` on the +x side.
    Janus {
        /// Element on the −x side.
        a: String,
        /// Element on the +x side.
        b: String,
        /// Fraction of atoms that are `a`, in (0, 1).
        fraction_a: f64,
    },
}

impl Chemistry {
    /// The elements named, in order.
    pub fn elements(&self) -> Vec<String> {
        match self {
            Chemistry::Pure { element } => vec![element.clone()],
            Chemistry::CoreShell { core, shell, .. } => vec![core.clone(), shell.clone()],
            Chemistry::RandomAlloy { elements, .. } => elements.clone(),
            Chemistry::Janus { a, b, .. } => vec![a.clone(), b.clone()],
        }
    }

    /// Checks fractions and lists.
    pub fn validate(&self) -> Result<()> {
        let unit = |name: &str, f: f64| -> Result<()> {
            if !(f.is_finite() && f > 0.0 && f < 1.0) {
                bail!("{name} = {f} must be strictly between 0 and 1");
            }
            Ok(())
        };
        match self {
            Chemistry::Pure { .. } => Ok(()),
            Chemistry::CoreShell { core_fraction, .. } => unit("core_fraction", *core_fraction),
            Chemistry::Janus { fraction_a, .. } => unit("fraction_a", *fraction_a),
            Chemistry::RandomAlloy {
                elements,
                fractions,
            } => {
                if elements.is_empty() || elements.len() != fractions.len() {
                    bail!(
                        "random alloy: {} element(s) but {} fraction(s)",
                        elements.len(),
                        fractions.len()
                    );
                }
                if fractions.iter().any(|f| !(f.is_finite() && *f >= 0.0))
                    || fractions.iter().sum::<f64>() <= 0.0
                {
                    bail!("random alloy fractions {fractions:?} must be non-negative with a positive sum");
                }
                Ok(())
            }
        }
    }

    /// Composition-weighted (Vegard) fcc lattice constant, Å.
    pub fn lattice_constant(&self, lattice: &dyn Fn(&str) -> Option<f64>) -> Result<f64> {
        let a = |el: &str| {
            lattice(el)
                .ok_or_else(|| crate::Error::new(format!("unknown element '{el}' in a particle")))
        };
        Ok(match self {
            Chemistry::Pure { element } => a(element)?,
            Chemistry::CoreShell {
                core,
                shell,
                core_fraction,
            } => {
                let w = core_fraction.powi(3);
                w * a(core)? + (1.0 - w) * a(shell)?
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

    /// Sets `c.elements` and `c.species` for atoms centred at the origin.
    pub fn assign(&self, c: &mut Cluster, seed: u64) {
        c.elements = self.elements();
        let n = c.len();
        c.species = match self {
            Chemistry::Pure { .. } => vec![0; n],
            Chemistry::CoreShell { core_fraction, .. } => {
                let r: Vec<f64> = c
                    .positions
                    .iter()
                    .map(|p| (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt())
                    .collect();
                let rmax = r.iter().copied().fold(0.0, f64::max);
                r.iter()
                    .map(|&x| if x < core_fraction * rmax { 0 } else { 1 })
                    .collect()
            }
            Chemistry::RandomAlloy { fractions, .. } => {
                let total: f64 = fractions.iter().sum();
                let mut rng = Rng::new(seed, 0x0061_6c6c_6f79);
                (0..n)
                    .map(|_| {
                        let u = rng.uniform() * total;
                        let mut acc = 0.0;
                        let mut pick = fractions.len() - 1;
                        for (k, f) in fractions.iter().enumerate() {
                            acc += f;
                            if u < acc {
                                pick = k;
                                break;
                            }
                        }
                        pick as u16
                    })
                    .collect()
            }
            Chemistry::Janus { fraction_a, .. } => {
                let mut idx: Vec<usize> = (0..n).collect();
                idx.sort_by(|&i, &j| {
                    c.positions[i][0]
                        .total_cmp(&c.positions[j][0])
                        .then(i.cmp(&j))
                });
                let na = (fraction_a * n as f64).round() as usize;
                let mut s = vec![1u16; n];
                for &i in &idx[..na] {
                    s[i] = 0;
                }
                s
            }
        };
        // Drop elements no atom received (keeps element lists honest for tiny particles).
        let used: Vec<bool> = (0..c.elements.len())
            .map(|t| c.species.contains(&(t as u16)))
            .collect();
        if used.iter().any(|u| !u) {
            let map: Vec<u16> = used
                .iter()
                .scan(0u16, |k, &u| {
                    let v = *k;
                    if u {
                        *k += 1;
                    }
                    Some(v)
                })
                .collect();
            c.elements = c
                .elements
                .iter()
                .zip(&used)
                .filter(|(_, &u)| u)
                .map(|(e, _)| e.clone())
                .collect();
            c.species.iter_mut().for_each(|t| *t = map[*t as usize]);
        }
    }
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
            _ => None,
        }
    }

    fn spec(chemistry: Chemistry) -> ParticleSpec {
        ParticleSpec {
            shape: Shape::Sphere,
            diameter_nm: 3.0,
            chemistry,
            rotation_deg: [0.0; 3],
        }
    }

    #[test]
    fn core_shell_puts_every_core_atom_inside_every_shell_atom() {
        let c = build_particle(
            &spec(Chemistry::CoreShell {
                core: "Cu".into(),
                shell: "Ag".into(),
                core_fraction: 0.6,
            }),
            &lat,
            1,
        )
        .unwrap();
        assert_eq!(c.elements, vec!["Cu", "Ag"]);
        let r = |i: usize| c.positions[i].iter().map(|x| x * x).sum::<f64>().sqrt();
        let core_max = (0..c.len())
            .filter(|&i| c.species[i] == 0)
            .map(r)
            .fold(0.0, f64::max);
        let shell_min = (0..c.len())
            .filter(|&i| c.species[i] == 1)
            .map(r)
            .fold(f64::INFINITY, f64::min);
        assert!(core_max < shell_min);
    }

    #[test]
    fn random_alloy_fraction_is_binomial_and_seeded() {
        let ch = Chemistry::RandomAlloy {
            elements: vec!["Au".into(), "Ag".into()],
            fractions: vec![0.3, 0.7],
        };
        let c = build_particle(&spec(ch.clone()), &lat, 5).unwrap();
        let n = c.len() as f64;
        let k = c.species.iter().filter(|&&t| t == 0).count() as f64;
        let sigma = (n * 0.3 * 0.7).sqrt();
        assert!((k - 0.3 * n).abs() < 3.0 * sigma, "{k} of {n}");
        assert_eq!(c, build_particle(&spec(ch.clone()), &lat, 5).unwrap());
        assert_ne!(
            c.species,
            build_particle(&spec(ch), &lat, 6).unwrap().species
        );
    }

    #[test]
    fn janus_plane_separates_the_elements() {
        let c = build_particle(
            &spec(Chemistry::Janus {
                a: "Au".into(),
                b: "Cu".into(),
                fraction_a: 0.4,
            }),
            &lat,
            1,
        )
        .unwrap();
        let xa = (0..c.len())
            .filter(|&i| c.species[i] == 0)
            .map(|i| c.positions[i][0])
            .fold(f64::NEG_INFINITY, f64::max);
        let xb = (0..c.len())
            .filter(|&i| c.species[i] == 1)
            .map(|i| c.positions[i][0])
            .fold(f64::INFINITY, f64::min);
        assert!(xa <= xb);
        let na = c.species.iter().filter(|&&t| t == 0).count();
        assert_eq!(na, (0.4 * c.len() as f64).round() as usize);
    }

    #[test]
    fn bad_chemistry_is_refused() {
        for ch in [
            Chemistry::CoreShell {
                core: "Cu".into(),
                shell: "Ag".into(),
                core_fraction: 1.5,
            },
            Chemistry::Janus {
                a: "Au".into(),
                b: "Cu".into(),
                fraction_a: f64::NAN,
            },
            Chemistry::RandomAlloy {
                elements: vec!["Au".into()],
                fractions: vec![],
            },
            Chemistry::RandomAlloy {
                elements: vec!["Au".into()],
                fractions: vec![-1.0],
            },
        ] {
            assert!(build_particle(&spec(ch), &lat, 1).is_err());
        }
    }
}
