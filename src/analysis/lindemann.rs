//! Lindemann index over the frames seen so far.
//!
//! δ = (1/P) Σ_{pairs} √(⟨r²⟩ − ⟨r⟩²) / ⟨r⟩, averages over frames, over the P pairs of atoms that
//! are within the second-shell cut-off 1.6·d (d the bond length) in the first frame (a local
//! Lindemann index: the all-pairs form needs O(N²) memory). The pairs are followed by atom index,
//! so diffusion after melting makes δ grow without bound; a solid stays well below ~0.1. Cost:
//! O(P) per frame, P ≈ 20 N.

use super::Observable;
use crate::base::error::Result;
use crate::base::math::{minimum_image, v3};
use crate::neighbor::NeighborLists;
use crate::system::System;

/// `lindemann`: the index over the frames so far.
#[derive(Default)]
pub struct Lindemann {
    pairs: Vec<(u32, u32)>,
    sum: Vec<f64>,
    sum2: Vec<f64>,
    frames: usize,
}

impl Lindemann {
    /// Adds a frame; returns the index over the frames so far (0 after one frame).
    pub fn add_frame(&mut self, sys: &System) -> Result<f64> {
        if self.frames == 0 {
            let d = super::bond_length(sys)?;
            let nl = NeighborLists::build(&sys.pos, sys.cell, 1.6 * d)?;
            self.pairs = (0..sys.len())
                .flat_map(|i| {
                    nl.of(i)
                        .iter()
                        .filter(move |n| (n.j as usize) > i)
                        .map(move |n| (i as u32, n.j))
                })
                .collect();
            self.sum = vec![0.0; self.pairs.len()];
            self.sum2 = vec![0.0; self.pairs.len()];
        } else if sys.len() <= self.pairs.iter().map(|p| p.1 as usize).max().unwrap_or(0) {
            bail!("the number of atoms changed between frames");
        }
        for (k, &(i, j)) in self.pairs.iter().enumerate() {
            let mut d = v3(sys.pos[j as usize]) - v3(sys.pos[i as usize]);
            if let Some(l) = sys.cell {
                d = minimum_image(d, l);
            }
            let r = d.length();
            self.sum[k] += r;
            self.sum2[k] += r * r;
        }
        self.frames += 1;
        let f = self.frames as f64;
        let total: f64 = (0..self.pairs.len())
            .map(|k| {
                let m = self.sum[k] / f;
                (self.sum2[k] / f - m * m).max(0.0).sqrt() / m
            })
            .sum();
        Ok(total / self.pairs.len().max(1) as f64)
    }
}

impl Observable for Lindemann {
    fn name(&self) -> &'static str {
        "lindemann"
    }
    fn columns(&self, _: &System) -> Vec<String> {
        vec!["lindemann_index".into()]
    }
    fn evaluate(&mut self, sys: &System, _: f64) -> Result<Vec<f64>> {
        Ok(vec![self.add_frame(sys)?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testutil::*;

    #[test]
    fn uniform_breathing_gives_the_relative_spread_of_the_scale() {
        // Frames scaled by s_k: every distance is s_k r₀, so δ = std(s)/mean(s) exactly.
        let pos = fcc_sphere(4.08, [0.0; 3], 9.0);
        let n = pos.len();
        let scales = [1.0, 1.02, 0.97, 1.05, 0.99];
        let mut l = Lindemann::default();
        let mut last = 0.0;
        for (k, s) in scales.iter().enumerate() {
            let sys = system(
                "Au",
                pos.iter().map(|p| p.map(|v| v * s)).collect(),
                vec![0; n],
            );
            last = l.add_frame(&sys).unwrap();
            if k == 0 {
                assert_eq!(last, 0.0);
            }
        }
        let m = scales.iter().sum::<f64>() / 5.0;
        let sd = (scales.iter().map(|s| s * s).sum::<f64>() / 5.0 - m * m).sqrt();
        assert!((last - sd / m).abs() < 1e-10, "{last} vs {}", sd / m);
    }

    #[test]
    fn a_rigid_cluster_has_zero_index() {
        let pos = fcc_sphere(4.08, [0.0; 3], 9.0);
        let n = pos.len();
        let mut l = Lindemann::default();
        for k in 0..3 {
            let shifted = pos.iter().map(|p| p.map(|v| v + k as f64)).collect();
            assert!(l.add_frame(&system("Au", shifted, vec![0; n])).unwrap() < 1e-12);
        }
    }
}
