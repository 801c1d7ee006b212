//! Scenes: several particles in a chain along an axis with a surface-to-surface gap.

use super::{build_particle, Cluster, ParticleSpec};
use crate::error::Result;
use crate::rng::mix64;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Particles placed in a chain.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SceneSpec {
    /// The particles, in chain order.
    pub particles: Vec<ParticleSpec>,
    /// Gap between consecutive particles along the axis, Å: the distance between the facing
    /// outermost atomic planes (max projection of particle k to min projection of particle k+1).
    /// Negative values overlap the particles (down to −½ the smaller diameter).
    pub gap_angstrom: f64,
    /// Direction of the chain (normalised internally).
    #[serde(default = "default_axis")]
    pub axis: [f64; 3],
}

fn default_axis() -> [f64; 3] {
    [1.0, 0.0, 0.0]
}

/// Most particles in one scene.
pub const MAX_PARTICLES: usize = 64;

/// Builds the particles (particle k with seed `mix(seed + k)`), places them along the axis with the
/// gap, and centres the scene (centre of geometry at the origin).
pub fn build_scene(
    scene: &SceneSpec,
    lattice: &dyn Fn(&str) -> Option<f64>,
    seed: u64,
) -> Result<Cluster> {
    if scene.particles.is_empty() {
        bail!("the scene has no particles");
    }
    if scene.particles.len() > MAX_PARTICLES {
        bail!(
            "the scene has {} particles; at most {MAX_PARTICLES}",
            scene.particles.len()
        );
    }
    let norm = scene.axis.iter().map(|x| x * x).sum::<f64>().sqrt();
    if !(norm.is_finite() && norm > 1e-12) {
        bail!("the scene axis {:?} must be a non-zero vector", scene.axis);
    }
    let u = scene.axis.map(|x| x / norm);
    if !scene.gap_angstrom.is_finite() {
        bail!("the gap {} Å must be a finite number", scene.gap_angstrom);
    }
    let proj = |p: &[f64; 3]| p[0] * u[0] + p[1] * u[1] + p[2] * u[2];
    let mut out = Cluster::default();
    let mut prev_max = 0.0;
    let mut prev_diameter = f64::INFINITY;
    for (k, spec) in scene.particles.iter().enumerate() {
        let mut c = build_particle(spec, lattice, mix64(seed.wrapping_add(k as u64)))
            .map_err(|e| e.context(format!("particle {}", k + 1)))?;
        let lo = c.positions.iter().map(proj).fold(f64::INFINITY, f64::min);
        let hi = c
            .positions
            .iter()
            .map(proj)
            .fold(f64::NEG_INFINITY, f64::max);
        if k > 0 {
            let smaller = prev_diameter.min(10.0 * spec.diameter_nm);
            if scene.gap_angstrom < -0.5 * smaller {
                bail!(
                    "gap {} Å overlaps particles {k} and {} by more than half the smaller diameter",
                    scene.gap_angstrom,
                    k + 1
                );
            }
            let shift = prev_max + scene.gap_angstrom - lo;
            c.translate(u.map(|x| x * shift));
            prev_max = hi + shift;
        } else {
            prev_max = hi;
        }
        prev_diameter = 10.0 * spec.diameter_nm;
        out.append(&c, k as u32);
    }
    let g = out.center_of_geometry();
    out.translate(g.map(|v| -v));
    check_separation(&out, lattice)?;
    Ok(out)
}

/// Errors if atoms of different particles are closer than half the smallest nearest-neighbour
/// distance of the elements present.
fn check_separation(c: &Cluster, lattice: &dyn Fn(&str) -> Option<f64>) -> Result<()> {
    let dnn = c
        .elements
        .iter()
        .filter_map(|e| lattice(e))
        .fold(f64::INFINITY, f64::min)
        / std::f64::consts::SQRT_2;
    let lim = 0.5 * dnn;
    let cell = |p: &[f64; 3]| p.map(|x| (x / lim).floor() as i64);
    let mut grid: HashMap<[i64; 3], Vec<usize>> = HashMap::new();
    for (i, p) in c.positions.iter().enumerate() {
        grid.entry(cell(p)).or_default().push(i);
    }
    for (i, p) in c.positions.iter().enumerate() {
        let ci = cell(p);
        for dx in -1..=1 {
            for dy in -1..=1 {
                for dz in -1..=1 {
                    let Some(js) = grid.get(&[ci[0] + dx, ci[1] + dy, ci[2] + dz]) else {
                        continue;
                    };
                    for &j in js {
                        if j > i && c.particle[i] != c.particle[j] {
                            let d = (0..3)
                                .map(|k| (p[k] - c.positions[j][k]).powi(2))
                                .sum::<f64>()
                                .sqrt();
                            if d < lim {
                                bail!(
                                    "particles {} and {} overlap: atoms {:.2} Å apart (minimum {:.2} Å); increase the gap",
                                    c.particle[i] + 1,
                                    c.particle[j] + 1,
                                    d,
                                    lim
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Chemistry, Shape};
    use super::*;

    fn au(_: &str) -> Option<f64> {
        Some(4.08)
    }

    fn sphere(d: f64) -> ParticleSpec {
        ParticleSpec {
            shape: Shape::Sphere,
            diameter_nm: d,
            chemistry: Chemistry::Pure {
                element: "Au".into(),
            },
            rotation_deg: [0.0; 3],
        }
    }

    #[test]
    fn facing_planes_are_the_gap_apart() {
        let scene = SceneSpec {
            particles: vec![sphere(3.0), sphere(3.0)],
            gap_angstrom: 4.0,
            axis: [1.0, 0.0, 0.0],
        };
        let c = build_scene(&scene, &au, 1).unwrap();
        let max0 = (0..c.len())
            .filter(|&i| c.particle[i] == 0)
            .map(|i| c.positions[i][0])
            .fold(f64::NEG_INFINITY, f64::max);
        let min1 = (0..c.len())
            .filter(|&i| c.particle[i] == 1)
            .map(|i| c.positions[i][0])
            .fold(f64::INFINITY, f64::min);
        assert!((min1 - max0 - 4.0).abs() < 1e-9);
        assert!(c.center_of_geometry().iter().all(|x| x.abs() < 1e-9));
        assert_eq!(c.particle.iter().filter(|&&p| p == 1).count(), c.len() / 2);
    }

    #[test]
    fn diagonal_axis_and_three_particle_chains() {
        let scene = SceneSpec {
            particles: vec![sphere(2.0), sphere(1.5), sphere(2.0)],
            gap_angstrom: 3.0,
            axis: [1.0, 1.0, 0.0],
        };
        let c = build_scene(&scene, &au, 1).unwrap();
        let u = [1.0 / 2f64.sqrt(), 1.0 / 2f64.sqrt(), 0.0];
        let pr = |i: usize| c.positions[i][0] * u[0] + c.positions[i][1] * u[1];
        for k in 0..2u32 {
            let hi = (0..c.len())
                .filter(|&i| c.particle[i] == k)
                .map(pr)
                .fold(f64::NEG_INFINITY, f64::max);
            let lo = (0..c.len())
                .filter(|&i| c.particle[i] == k + 1)
                .map(pr)
                .fold(f64::INFINITY, f64::min);
            assert!((lo - hi - 3.0).abs() < 1e-9);
        }
    }

    #[test]
    fn bad_scenes_are_refused() {
        let mk = |gap: f64, axis: [f64; 3]| SceneSpec {
            particles: vec![sphere(2.0), sphere(2.0)],
            gap_angstrom: gap,
            axis,
        };
        assert!(build_scene(&mk(-15.0, [1.0, 0.0, 0.0]), &au, 1)
            .unwrap_err()
            .message()
            .contains("more than half"));
        assert!(build_scene(&mk(-3.0, [1.0, 0.0, 0.0]), &au, 1)
            .unwrap_err()
            .message()
            .contains("overlap"));
        assert!(build_scene(&mk(4.0, [0.0, 0.0, 0.0]), &au, 1)
            .unwrap_err()
            .message()
            .contains("non-zero"));
        assert!(build_scene(
            &SceneSpec {
                particles: vec![],
                gap_angstrom: 1.0,
                axis: [1.0, 0.0, 0.0]
            },
            &au,
            1
        )
        .is_err());
    }
}
