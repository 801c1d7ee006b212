//! Deposition, diffusion and aggregation (DDA; Jensen, Barabási, Larralde, Havlin & Stanley,
//! Phys. Rev. B 50, 15316 (1994)): thin-film growth by nanoparticles landing on a substrate.
//!
//! An L × L periodic square lattice of sites, each holding at most one particle. Particles land on
//! uniformly random sites with flux F (particles per site per second; a landing on an occupied site
//! is counted but adds no area: it lands on an island, whose footprint is what the film shows);
//! isolated particles hop to each of their 4 neighbour sites with rate D; a particle that touches
//! another one joins its island, and islands do not move (they coalesce by touching: one island is
//! a connected set of particles). Rejection-free: the events are one deposition class (total rate
//! F L²) and one hop class per free particle (4D each), so selection is O(1).
//!
//! Observables: coverage θ (occupied fraction), island density (islands of ≥ 2 particles per site)
//! and the film itself. In the aggregation regime the island density at fixed coverage scales as
//! (D/F)^(−1/3) (critical nucleus of one particle).

use crate::base::error::Result;
use crate::base::rng::{counter_u64, u64_to_open01};
use serde::{Deserialize, Serialize};

/// A DDA run.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct DdaSpec {
    /// Lattice side L (sites).
    pub size: usize,
    /// Deposition flux F, particles per site per second.
    pub flux: f64,
    /// Hop rate D of an isolated particle to one neighbour, 1/s.
    pub diffusion: f64,
    /// Stop at this coverage.
    pub coverage: f64,
    /// Random seed.
    pub seed: u64,
}

impl Default for DdaSpec {
    /// The page's film run: a 200 × 200 substrate, F = 1 /site/s, D = 10⁶ /s, to θ = 0.25.
    fn default() -> DdaSpec {
        DdaSpec {
            size: 200,
            flux: 1.0,
            diffusion: 1e6,
            coverage: 0.25,
            seed: 1,
        }
    }
}

impl DdaSpec {
    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        if !(4..=4096).contains(&self.size) {
            bail!("DDA lattice side {} is out of range [4, 4096]", self.size);
        }
        use crate::base::error::{check_range, readable};
        check_range("film flux F", self.flux, "/site/s", 1e-6, 1e6)?;
        check_range("film hop rate D", self.diffusion, "/s", 0.0, 1e12)?;
        // The run must end: at most 10¹⁰ hops per deposition over the lattice (D/F), and at most
        // 10⁹ hops of the first lone particle before the next one lands (4D/(F L²)).
        let ratio = self.diffusion / self.flux;
        if ratio > 1e10 {
            bail!(
                "film D/F = {} is out of range (at most 1e10): the run would not end (D = {} /s, F = {} /site/s)",
                readable(ratio),
                readable(self.diffusion),
                readable(self.flux)
            );
        }
        let lone = 4.0 * ratio / (self.size * self.size) as f64;
        if lone > 1e9 {
            bail!(
                "film 4D/(F L²) = {} hops between depositions is out of range (at most 1e9): use a larger lattice L or a smaller D/F",
                readable(lone)
            );
        }
        if !(self.coverage > 0.0 && self.coverage <= 0.9) {
            bail!(
                "DDA final coverage {} is out of range (0, 0.9]",
                self.coverage
            );
        }
        Ok(())
    }
}

/// The film.
pub struct Film {
    spec: DdaSpec,
    /// Particle on each site (`u32::MAX` = empty).
    site: Vec<u32>,
    /// Site of each particle.
    pos: Vec<usize>,
    /// Union–find parent of each particle (islands).
    parent: Vec<u32>,
    /// Free (isolated) particles, and each particle's index in it (`u32::MAX` if not free).
    free: Vec<u32>,
    free_slot: Vec<u32>,
    /// Simulated time, s.
    pub time_s: f64,
    /// Events done.
    pub events: u64,
    /// Particles deposited (including those landing on islands).
    pub deposited: u64,
}

const EMPTY: u32 = u32::MAX;

impl Film {
    /// An empty substrate.
    pub fn new(spec: DdaSpec) -> Result<Film> {
        spec.validate()?;
        Ok(Film {
            spec,
            site: vec![EMPTY; spec.size * spec.size],
            pos: Vec::new(),
            parent: Vec::new(),
            free: Vec::new(),
            free_slot: Vec::new(),
            time_s: 0.0,
            events: 0,
            deposited: 0,
        })
    }

    fn neighbours(&self, s: usize) -> [usize; 4] {
        let l = self.spec.size;
        let (x, y) = (s % l, s / l);
        [
            y * l + (x + 1) % l,
            y * l + (x + l - 1) % l,
            ((y + 1) % l) * l + x,
            ((y + l - 1) % l) * l + x,
        ]
    }

    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn find(&mut self, mut a: u32) -> u32 {
        while self.parent[a as usize] != a {
            let p = self.parent[a as usize];
            self.parent[a as usize] = self.parent[p as usize];
            a = p;
        }
        a
    }

    fn set_free(&mut self, p: u32, free: bool) {
        let slot = self.free_slot[p as usize];
        if free && slot == EMPTY {
            self.free_slot[p as usize] = self.free.len() as u32;
            self.free.push(p);
        } else if !free && slot != EMPTY {
            let last = *self.free.last().unwrap();
            self.free[slot as usize] = last;
            self.free_slot[last as usize] = slot;
            self.free.pop();
            self.free_slot[p as usize] = EMPTY;
        }
    }

    /// Joins particle p to every particle it touches; p is free only if it touches none.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    fn aggregate(&mut self, p: u32) {
        let mut touching = false;
        for t in self.neighbours(self.pos[p as usize]) {
            let q = self.site[t];
            if q != EMPTY {
                touching = true;
                self.set_free(q, false);
                let (a, b) = (self.find(p), self.find(q));
                if a != b {
                    self.parent[a.max(b) as usize] = a.min(b);
                }
            }
        }
        self.set_free(p, !touching);
    }

    /// Coverage θ.
    pub fn coverage(&self) -> f64 {
        self.pos.len() as f64 / self.site.len() as f64
    }

    /// Islands (≥ 2 particles) per site.
    pub fn island_density(&mut self) -> f64 {
        let mut size = vec![0u32; self.pos.len()];
        for p in 0..self.pos.len() as u32 {
            let r = self.find(p);
            size[r as usize] += 1;
        }
        size.iter().filter(|&&s| s >= 2).count() as f64 / self.site.len() as f64
    }

    /// One event; false at the final coverage.
    #[cfg_attr(target_arch = "wasm32", optimize(speed))]
    pub fn step(&mut self) -> bool {
        if self.coverage() >= self.spec.coverage {
            return false;
        }
        let l2 = self.site.len() as f64;
        let dep = self.spec.flux * l2;
        let hop = 4.0 * self.spec.diffusion * self.free.len() as f64;
        let total = dep + hop;
        let (seed, c) = (self.spec.seed, 3 * self.events);
        let u1 = u64_to_open01(counter_u64(seed, 0xdda, c));
        let u2 = u64_to_open01(counter_u64(seed, 0xdda, c + 1));
        let r = counter_u64(seed, 0xdda, c + 2);
        self.time_s += -libm::log(u2) / total;
        self.events += 1;
        if u1 * total < dep {
            self.deposited += 1;
            let s = (r % self.site.len() as u64) as usize;
            if self.site[s] == EMPTY {
                let p = self.pos.len() as u32;
                self.site[s] = p;
                self.pos.push(s);
                self.parent.push(p);
                self.free_slot.push(EMPTY);
                self.aggregate(p);
            }
        } else {
            let k = ((r >> 2) % self.free.len() as u64) as usize;
            let p = self.free[k];
            let from = self.pos[p as usize];
            let to = self.neighbours(from)[(r & 3) as usize];
            // A free particle's neighbours are empty (it would have aggregated otherwise).
            self.site[from] = EMPTY;
            self.site[to] = p;
            self.pos[p as usize] = to;
            self.aggregate(p);
        }
        true
    }

    /// The film as rows of 0/1 (occupied), row-major.
    pub fn picture(&self) -> Vec<u8> {
        self.site.iter().map(|&p| u8::from(p != EMPTY)).collect()
    }

    /// Lattice side.
    pub fn size(&self) -> usize {
        self.spec.size
    }

    /// Site spacing of the film's positions, Å: a display scale (one nanoparticle per site), the
    /// same in the page, the CLI and the positions hash.
    pub const VIEW_SPACING: f64 = 3.0;

    /// Side of the substrate at [`Film::VIEW_SPACING`], Å.
    pub fn view_side(&self) -> f64 {
        self.spec.size as f64 * Film::VIEW_SPACING
    }

    /// The particles' positions (Å) at [`Film::VIEW_SPACING`].
    pub fn view_positions(&self) -> Vec<[f64; 3]> {
        self.positions(Film::VIEW_SPACING)
    }

    /// The particles' positions (Å) for a site spacing `spacing` (Å), in the z = 0 plane, in
    /// deposition order.
    pub fn positions(&self, spacing: f64) -> Vec<[f64; 3]> {
        let l = self.spec.size;
        self.pos
            .iter()
            .map(|&s| [(s % l) as f64 * spacing, (s / l) as f64 * spacing, 0.0])
            .collect()
    }

    /// Number of particles on the substrate.
    pub fn particles(&self) -> usize {
        self.pos.len()
    }

    /// The spec.
    pub fn spec(&self) -> &DdaSpec {
        &self.spec
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn density_at(coverage: f64, ratio: f64, seed: u64) -> f64 {
        let mut f = Film::new(DdaSpec {
            size: 300,
            flux: 1.0,
            diffusion: ratio,
            coverage,
            seed,
        })
        .unwrap();
        while f.step() {}
        f.island_density()
    }

    #[test]
    fn island_density_scales_as_the_minus_one_third_power_of_d_over_f() {
        // Average over seeds at θ = 0.1 for D/F = 10⁴ and 10⁶.
        let avg = |r: f64| (1..=3).map(|s| density_at(0.1, r, s)).sum::<f64>() / 3.0;
        let (n1, n2) = (avg(1e4), avg(1e6));
        let chi = (n1 / n2).ln() / 100f64.ln();
        eprintln!("island density at coverage 0.1: {n1:.3e} (D/F = 1e4), {n2:.3e} (1e6): exponent {chi:.3}");
        assert!(
            (chi - 1.0 / 3.0).abs() < 0.06,
            "N ∝ (D/F)^-{chi:.3} ({n1:.2e}, {n2:.2e})"
        );
    }

    #[test]
    fn without_diffusion_particles_stay_where_they_land() {
        let mut f = Film::new(DdaSpec {
            size: 50,
            flux: 1.0,
            diffusion: 0.0,
            coverage: 0.3,
            seed: 1,
        })
        .unwrap();
        while f.step() {}
        assert!((f.coverage() - 0.3).abs() < 1e-3);
        // Random sequential deposition: the deposited count exceeds the particles (landings on
        // islands) and every event is a deposition.
        assert_eq!(f.events, f.deposited);
        assert!(f.deposited as f64 > 0.3 * 2500.0);
    }
}
