//! A crystalline substrate: a slab of one metal, periodic in x and z, its surface normal +y (the
//! page's vertical, as for the weak support of [`crate::potential::wall`]), with vacuum above
//! it, and the particles of a scene set on it. Its bottom layers are held fixed
//! ([`crate::system::System::fixed`]), so the slab stays put and its top layers stand for a
//! semi-infinite crystal.
//!
//! Faces ([`Face`]), with the crystal directions along the lab axes (x, y = normal, z), the
//! in-plane periods and the spacing d of the atomic layers (a the cubic lattice constant):
//!
//! | face | x | y | z | periods | d | atoms per layer and period cell |
//! |---|---|---|---|---|---|---|
//! | fcc(001) | [100] | [010] | [001] | a × a | a/2 | 2 |
//! | fcc(111) | [1-10] | [111] | [-1-12] | a/√2 × a√6/2 | a/√3 | 2 |
//! | bcc(001) | [100] | [010] | [001] | a × a | a/2 | 1 |
//! | bcc(110) | [1-10] | [110] | [001] | a√2 × a | a/√2 | 2 |
//!
//! The fcc faces use the builders' fcc lattice constant of the element (the particles' own, so
//! Cu on Cu(001) is unstrained); the bcc faces keep its nearest-neighbour distance,
//! a_bcc = √(2/3)·a_fcc (exact for the Zhou set's bcc metals Fe, Mo, Ta, W, whose table bond r_e is
//! the bcc one). The box is as wide as the particles' footprint plus [`Slab::MARGIN`] on every side
//! (rounded up to whole periods), so a particle does not meet its periodic image, and as tall as
//! slab, particles and [`Slab::VACUUM`] of vacuum. Substrate atoms come after the particles',
//! labelled particle `n` (the number of particles), ordered top layer first so the fixed bottom
//! layers are the last atoms. Cost: O(slab atoms).

use super::Cluster;
use crate::base::error::Result;
use crate::base::math::{v3, DMat3};
use serde::{Deserialize, Serialize};

/// A surface of a cubic crystal.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Face {
    /// fcc (001).
    Fcc001,
    /// fcc (111).
    Fcc111,
    /// bcc (001).
    Bcc001,
    /// bcc (110).
    Bcc110,
}

impl Face {
    /// Every face, in the order menus list them.
    pub const ALL: [Face; 4] = [Face::Fcc001, Face::Fcc111, Face::Bcc001, Face::Bcc110];

    /// The name in scenarios, links and on the command line (`fcc001`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Face::Fcc001 => "fcc001",
            Face::Fcc111 => "fcc111",
            Face::Bcc001 => "bcc001",
            Face::Bcc110 => "bcc110",
        }
    }

    /// What a menu shows: `fcc(001)`.
    pub fn label(&self) -> &'static str {
        match self {
            Face::Fcc001 => "fcc(001)",
            Face::Fcc111 => "fcc(111)",
            Face::Bcc001 => "bcc(001)",
            Face::Bcc110 => "bcc(110)",
        }
    }

    /// Parses a name (any case, parentheses allowed: `fcc(001)`).
    pub fn from_name(s: &str) -> Result<Face> {
        let k: String = s
            .chars()
            .filter(|c| !matches!(c, '(' | ')'))
            .collect::<String>()
            .to_ascii_lowercase();
        Face::ALL
            .into_iter()
            .find(|f| f.name() == k)
            .ok_or_else(|| {
                crate::Error::new(format!(
                    "unknown substrate face '{s}' (use fcc001, fcc111, bcc001 or bcc110)"
                ))
            })
    }

    /// True for the body-centred faces.
    pub fn is_bcc(&self) -> bool {
        matches!(self, Face::Bcc001 | Face::Bcc110)
    }

    /// The crystal's orientation: the matrix taking crystal (cube) coordinates to the lab, whose
    /// rows are the lab x, y (normal), z axes in crystal coordinates.
    pub fn orientation(&self) -> DMat3 {
        let (s2, s3, s6) = (2f64.sqrt(), 3f64.sqrt(), 6f64.sqrt());
        let rows = match self {
            Face::Fcc001 | Face::Bcc001 => [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            Face::Fcc111 => [
                [1.0 / s2, -1.0 / s2, 0.0],
                [1.0 / s3, 1.0 / s3, 1.0 / s3],
                [-1.0 / s6, -1.0 / s6, 2.0 / s6],
            ],
            Face::Bcc110 => [
                [1.0 / s2, -1.0 / s2, 0.0],
                [1.0 / s2, 1.0 / s2, 0.0],
                [0.0, 0.0, 1.0],
            ],
        };
        crate::base::math::from_rows(rows)
    }

    /// In-plane periods along x and z, in units of the cubic lattice constant.
    fn periods(&self) -> [f64; 2] {
        match self {
            Face::Fcc001 | Face::Bcc001 => [1.0, 1.0],
            Face::Fcc111 => [1.0 / 2f64.sqrt(), 6f64.sqrt() / 2.0],
            Face::Bcc110 => [2f64.sqrt(), 1.0],
        }
    }

    /// Spacing of the atomic layers, in units of the cubic lattice constant.
    pub fn layer_spacing(&self) -> f64 {
        match self {
            Face::Fcc001 | Face::Bcc001 => 0.5,
            Face::Fcc111 => 1.0 / 3f64.sqrt(),
            Face::Bcc110 => 1.0 / 2f64.sqrt(),
        }
    }

    /// Atoms per layer in one period cell.
    fn atoms_per_cell_layer(&self) -> usize {
        match self {
            Face::Bcc001 => 1,
            _ => 2,
        }
    }

    /// The cubic cell's basis, in units of the lattice constant.
    fn basis(&self) -> &'static [[f64; 3]] {
        if self.is_bcc() {
            &[[0.0, 0.0, 0.0], [0.5, 0.5, 0.5]]
        } else {
            &[
                [0.0, 0.0, 0.0],
                [0.5, 0.5, 0.0],
                [0.5, 0.0, 0.5],
                [0.0, 0.5, 0.5],
            ]
        }
    }

    /// The cubic lattice constant of this face's lattice for an element whose fcc lattice
    /// constant is `a_fcc`, Å: `a_fcc`, or √(2/3)·a_fcc for bcc (same nearest-neighbour distance).
    pub fn lattice_constant(&self, a_fcc: f64) -> f64 {
        if self.is_bcc() {
            a_fcc * (2.0f64 / 3.0).sqrt()
        } else {
            a_fcc
        }
    }

    /// Nearest-neighbour distance for cubic lattice constant `a`, Å.
    pub fn bond(&self, a: f64) -> f64 {
        if self.is_bcc() {
            a * 3f64.sqrt() / 2.0
        } else {
            a / 2f64.sqrt()
        }
    }
}

fn default_layers() -> u32 {
    Slab::DEFAULT_LAYERS
}
fn default_fixed() -> u32 {
    Slab::DEFAULT_FIXED
}
fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// A crystalline substrate (the scenario's `substrate`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Slab {
    /// Element symbol of the slab.
    pub element: String,
    /// Its surface.
    pub face: Face,
    /// Atomic layers.
    #[serde(default = "default_layers")]
    pub layers: u32,
    /// Bottom layers held fixed.
    #[serde(default = "default_fixed")]
    pub fixed_layers: u32,
    /// Extra height of the particles' lowest atoms above the top layer, beyond one bond length,
    /// Å (0: they start a bond length above it).
    #[serde(rename = "gap_A", default, skip_serializing_if = "is_zero")]
    pub gap: f64,
}

/// A slab built under a scene: the atoms (particles first) and what the run needs to know of it.
#[derive(Clone, Debug)]
pub struct Supported {
    /// Particles and substrate.
    pub atoms: Cluster,
    /// Periodic box, Å.
    pub cell: [f64; 3],
    /// Substrate atoms (the last ones).
    pub substrate_atoms: usize,
    /// Of those, the fixed ones (the very last).
    pub fixed_atoms: usize,
    /// Height of the top layer, Å.
    pub surface_y: f64,
    /// Atoms of a press's top plate ([`crate::structure::press`]; 0 without one): they come just
    /// before the fixed atoms, bottom layer first, counted in `substrate_atoms`.
    pub plate_atoms: usize,
    /// Height of the plate's bottom layer, Å (NaN without a plate).
    pub plate_y: f64,
    /// Atoms in one layer of the slab (and of the plate).
    pub layer_atoms: usize,
}

impl Slab {
    /// Layers when none are given.
    pub const DEFAULT_LAYERS: u32 = 6;
    /// Fixed layers when none are given.
    pub const DEFAULT_FIXED: u32 = 2;
    /// Room between the particles' footprint and the box's side, Å.
    pub const MARGIN: f64 = 12.0;
    /// Vacuum above the highest atom, Å (more than twice any cutoff plus skin: the top of the
    /// particles does not meet the bottom of the slab's periodic image).
    pub const VACUUM: f64 = 25.0;
    /// Most substrate atoms.
    pub const MAX_ATOMS: usize = 200_000;

    /// A slab of `element` with `face` and the default layers.
    pub fn new(element: &str, face: Face) -> Slab {
        Slab {
            element: element.into(),
            face,
            layers: Slab::DEFAULT_LAYERS,
            fixed_layers: Slab::DEFAULT_FIXED,
            gap: 0.0,
        }
    }

    /// Checks the parameters.
    pub fn validate(&self) -> Result<()> {
        if crate::base::elements::metal_ignore_case(&self.element).is_none() {
            bail!(
                "substrate element '{}' is not one of the built-in metals",
                self.element
            );
        }
        if !(2..=40).contains(&self.layers) {
            bail!("substrate layers = {} is out of range [2, 40]", self.layers);
        }
        if self.fixed_layers >= self.layers {
            bail!(
                "substrate fixed_layers = {} must be fewer than its {} layers (some must move)",
                self.fixed_layers,
                self.layers
            );
        }
        crate::base::error::check_range("substrate gap", self.gap, "Å", -1.0, 20.0)?;
        Ok(())
    }

    /// The link form: `slab:EL:FACE` with the default layers and gap, else
    /// `slab:EL:FACE:LAYERS:FIXED[:GAP]`.
    pub fn to_link(&self) -> String {
        let mut s = format!("slab:{}:{}", self.element, self.face.name());
        if self.layers != Slab::DEFAULT_LAYERS
            || self.fixed_layers != Slab::DEFAULT_FIXED
            || self.gap != 0.0
        {
            s += &format!(":{}:{}", self.layers, self.fixed_layers);
            if self.gap != 0.0 {
                s += &format!(":{}", crate::base::error::readable(self.gap));
            }
        }
        s
    }

    /// Parses the link form.
    pub fn from_link(v: &str) -> Result<Slab> {
        let f: Vec<&str> = v.split(':').collect();
        if f[0] != "slab" || !matches!(f.len(), 3 | 5 | 6) {
            bail!("use sup=slab:ELEMENT:FACE or sup=slab:ELEMENT:FACE:LAYERS:FIXED[:GAP_A] (e.g. slab:Cu:fcc001)");
        }
        let el = crate::base::elements::metal_ignore_case(f[1]).ok_or_else(|| {
            crate::Error::new(format!(
                "substrate element '{}' is not one of the built-in metals",
                f[1]
            ))
        })?;
        let mut s = Slab::new(&el.symbol, Face::from_name(f[2])?);
        if f.len() >= 5 {
            let int = |x: &str, what: &str| -> Result<u32> {
                x.parse::<u32>().map_err(|_| {
                    crate::Error::new(format!("substrate {what} '{x}' is not a whole number"))
                })
            };
            s.layers = int(f[3], "layers")?;
            s.fixed_layers = int(f[4], "fixed layers")?;
        }
        if f.len() == 6 {
            s.gap = f[5]
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    crate::Error::new(format!("substrate gap '{}' is not a number", f[5]))
                })?;
        }
        s.validate()?;
        Ok(s)
    }

    /// Sets `particles` on this slab; `a_fcc` is the element's fcc lattice constant (Å).
    pub fn support(&self, particles: Cluster, a_fcc: f64) -> Result<Supported> {
        self.support_under_plate(particles, a_fcc, 0, Slab::MARGIN)
    }

    /// Sets `particles` on this slab and, for `plate_layers` > 0, lays a plate of as many layers
    /// of the same crystal on top of them (mirrored: its bottom layer a bond length above the
    /// particles' highest atom, plus the gap), labelled particle n + 1, its atoms just before the
    /// fixed ones (see [`Supported::plate_atoms`]). The box is the particles' footprint plus
    /// `margin` (Å) on each side, rounded up to whole periods ([`Slab::MARGIN`] keeps a particle
    /// from its periodic images; a press uses less, so the particles form a periodic compact).
    pub fn support_under_plate(
        &self,
        particles: Cluster,
        a_fcc: f64,
        plate_layers: u32,
        margin: f64,
    ) -> Result<Supported> {
        self.validate()?;
        if particles.is_empty() {
            bail!("there are no particles to put on the substrate");
        }
        let face = self.face;
        let a = face.lattice_constant(a_fcc);
        let d = face.layer_spacing() * a;
        let [px, pz] = face.periods().map(|p| p * a);
        let (mut lo, mut hi) = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
        for p in &particles.positions {
            for k in 0..3 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        let cells = |extent: f64, period: f64| {
            (((extent + 2.0 * margin.max(0.0)) / period).ceil() as usize).max(1)
        };
        let (nx, nz) = (cells(hi[0] - lo[0], px), cells(hi[2] - lo[2], pz));
        let n_layer = nx * nz * face.atoms_per_cell_layer();
        let all_layers = (self.layers + plate_layers) as usize;
        if n_layer.saturating_mul(all_layers) > Slab::MAX_ATOMS {
            bail!(
                "the substrate{} around these particles would have {} atoms (at most {}): use fewer layers or smaller particles",
                if plate_layers > 0 { " and plate" } else { "" },
                n_layer.saturating_mul(all_layers),
                Slab::MAX_ATOMS
            );
        }
        let (lx, lz) = (nx as f64 * px, nz as f64 * pz);
        let thickness = (self.layers - 1) as f64 * d;
        // The slab's bottom layer at y = d/2 above the box's floor, its top at `surface_y`.
        let surface_y = 0.5 * d + thickness;
        let layers = self.lattice_sites(a, d, [px, pz], [nx, nz]);
        if layers.len() != self.layers as usize || layers.iter().any(|l| l.len() != n_layer) {
            bail!(
                "internal error: the {} slab (a = {a} Å, box {lx} × {lz}) has layers of {:?} atoms, expected {} × {n_layer}",
                face.label(),
                layers.iter().map(Vec::len).collect::<Vec<_>>(),
                self.layers
            );
        }
        let lift = surface_y + face.bond(a) + self.gap - lo[1];
        let shift = [
            0.5 * lx - 0.5 * (lo[0] + hi[0]),
            lift,
            0.5 * lz - 0.5 * (lo[2] + hi[2]),
        ];
        let n_particles = particles.len();
        let mut atoms = particles;
        for p in &mut atoms.positions {
            for k in 0..3 {
                p[k] += shift[k];
            }
        }
        let top = hi[1] + lift;
        let label = atoms.particle.iter().copied().max().map_or(0, |m| m + 1);
        let t = match atoms
            .elements
            .iter()
            .position(|e| e.eq_ignore_ascii_case(&self.element))
        {
            Some(t) => t,
            None => {
                atoms.elements.push(self.element.clone());
                atoms.elements.len() - 1
            }
        } as u16;
        let push = |atoms: &mut Cluster, x: f64, y: f64, z: f64, label: u32| {
            atoms.positions.push([x, y, z]);
            atoms.species.push(t);
            atoms.particle.push(label);
        };
        let free = (self.layers - self.fixed_layers) as usize;
        for (k, layer) in layers.iter().enumerate().take(free) {
            for &[x, z] in layer {
                push(&mut atoms, x, surface_y - k as f64 * d, z, label);
            }
        }
        // A press's plate: the top layers of the same crystal, mirrored onto the particles.
        let plate_y = top + face.bond(a) + self.gap;
        let mut high = top;
        let plate_start = atoms.len();
        if plate_layers > 0 {
            let plate = Slab {
                layers: plate_layers,
                ..self.clone()
            };
            for (k, layer) in plate
                .lattice_sites(a, d, [px, pz], [nx, nz])
                .iter()
                .enumerate()
            {
                let y = plate_y + k as f64 * d;
                high = y;
                for &[x, z] in layer {
                    push(&mut atoms, x, y, z, label + 1);
                }
            }
        }
        let plate_atoms = atoms.len() - plate_start;
        for (k, layer) in layers.iter().enumerate().skip(free) {
            for &[x, z] in layer {
                push(&mut atoms, x, surface_y - k as f64 * d, z, label);
            }
        }
        Ok(Supported {
            substrate_atoms: atoms.len() - n_particles,
            atoms,
            cell: [lx, high + Slab::VACUUM, lz],
            fixed_atoms: self.fixed_layers as usize * n_layer,
            surface_y,
            plate_atoms,
            plate_y: if plate_layers > 0 { plate_y } else { f64::NAN },
            layer_atoms: n_layer,
        })
    }

    /// The sites of each layer, top first, as in-plane (x, z) in [0, Lx) × [0, Lz) (L = n × the
    /// period p), sorted. Lattice points of the rotated crystal are enumerated over a cube of
    /// cells that covers the box and folded into it. Every site lies on a multiple of p/12 along
    /// x and z (the faces' layers are offset by halves, thirds or sixths of a period), so sites are
    /// identified, and placed, by that integer grid: exact, with no rounding ties.
    fn lattice_sites(&self, a: f64, d: f64, p: [f64; 2], n: [usize; 2]) -> Vec<Vec<[f64; 2]>> {
        const GRID: f64 = 12.0;
        let o = self.face.orientation();
        let (lx, lz) = (n[0] as f64 * p[0], n[1] as f64 * p[1]);
        let depth = self.layers as f64 * d;
        let reach = ((lx * lx + lz * lz + depth * depth).sqrt() / a).ceil() as i64 + 2;
        let wrap = [GRID as i64 * n[0] as i64, GRID as i64 * n[1] as i64];
        let mut seen = std::collections::BTreeSet::new();
        let mut layers: Vec<Vec<(i64, i64)>> = vec![Vec::new(); self.layers as usize];
        for i in -reach..=reach {
            for j in -reach..=reach {
                for k in -reach..=reach {
                    for b in self.face.basis() {
                        let c = v3([i as f64 + b[0], j as f64 + b[1], k as f64 + b[2]]) * a;
                        let r = o * c;
                        // Layer index below the top layer (at 0).
                        let layer = (-r.y / d).round();
                        if (r.y + layer * d).abs() > 1e-6 * a
                            || !(0.0..self.layers as f64).contains(&layer)
                        {
                            continue;
                        }
                        let gx = ((r.x / p[0]) * GRID).round() as i64;
                        let gz = ((r.z / p[1]) * GRID).round() as i64;
                        let key = (gx.rem_euclid(wrap[0]), gz.rem_euclid(wrap[1]));
                        if seen.insert((layer as i64, key)) {
                            layers[layer as usize].push(key);
                        }
                    }
                }
            }
        }
        layers
            .into_iter()
            .map(|mut layer| {
                layer.sort_unstable();
                layer
                    .into_iter()
                    .map(|(gx, gz)| [gx as f64 * p[0] / GRID, gz as f64 * p[1] / GRID])
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neighbor::NeighborLists;

    fn particle() -> Cluster {
        Cluster {
            positions: vec![[0.0, 0.0, 0.0], [2.5, 0.0, 0.0], [1.25, 2.1, 0.0]],
            species: vec![0; 3],
            elements: vec!["Cu".into()],
            particle: vec![0; 3],
        }
    }

    /// Every face gives layers of the right size, a perfect periodic crystal (12 or 8 nearest
    /// neighbours at the bond length inside, across the periodic sides too), its top layer at
    /// `surface_y`, the fixed atoms at the bottom, and the particle a bond length above the top.
    /// Also at SMATB's Ag lattice constant, whose fcc(111) period 2.8885 Å once put sites on
    /// rounding ties of a position key (and doubled some).
    #[test]
    fn every_face_is_a_periodic_crystal_under_the_particles() {
        for (face, a_fcc) in Face::ALL
            .into_iter()
            .flat_map(|f| [(f, 3.615), (f, 4.0849558749146855)])
        {
            let slab = Slab::new("Cu", face);
            let s = slab.support(particle(), a_fcc).unwrap();
            let a = face.lattice_constant(a_fcc);
            let bond = face.bond(a);
            let n = s.atoms.len();
            assert_eq!(n - s.substrate_atoms, 3);
            assert_eq!(s.substrate_atoms % 6, 0, "{face:?}");
            assert_eq!(s.fixed_atoms, s.substrate_atoms / 3, "{face:?}");
            let sub: Vec<[f64; 3]> = s.atoms.positions[3..].to_vec();
            let nl = NeighborLists::build(&sub, Some(s.cell), 1.1 * bond).unwrap();
            let want = if face.is_bcc() { 8 } else { 12 };
            // The middle layers (2 and 3 of 6) are bulk: every atom has the full shell.
            let d = face.layer_spacing() * a;
            for (i, p) in sub.iter().enumerate() {
                let layer = ((s.surface_y - p[1]) / d).round();
                if layer == 2.0 || layer == 3.0 {
                    let nbrs = nl.of(i);
                    assert_eq!(nbrs.len(), want, "{face:?} atom {i}");
                    assert!(nbrs.iter().all(|n| (n.r - bond).abs() < 1e-6));
                }
            }
            let top = sub.iter().map(|p| p[1]).fold(f64::MIN, f64::max);
            assert!((top - s.surface_y).abs() < 1e-9);
            let fixed_top = sub[sub.len() - s.fixed_atoms..]
                .iter()
                .map(|p| p[1])
                .fold(f64::MIN, f64::max);
            assert!(fixed_top < s.surface_y - 3.5 * d, "{face:?}");
            let lowest = s.atoms.positions[..3]
                .iter()
                .map(|p| p[1])
                .fold(f64::MAX, f64::min);
            assert!((lowest - s.surface_y - bond).abs() < 1e-9);
            // The footprint plus the margin fits in the box.
            assert!(s.cell[0] >= 2.5 + 2.0 * Slab::MARGIN && s.cell[2] >= 2.0 * Slab::MARGIN);
            assert_eq!(s.atoms.particle[3], 1);
        }
    }

    #[test]
    fn links_round_trip_and_bad_ones_are_named() {
        let mut s = Slab::new("Cu", Face::Fcc111);
        assert_eq!(s.to_link(), "slab:Cu:fcc111");
        assert_eq!(Slab::from_link("slab:cu:fcc(111)").unwrap(), s);
        s.layers = 8;
        s.fixed_layers = 3;
        s.gap = 0.5;
        assert_eq!(Slab::from_link(&s.to_link()).unwrap(), s);
        for (bad, says) in [
            ("slab:Xx:fcc001", "not one of the built-in metals"),
            ("slab:Cu:fcc011", "unknown substrate face"),
            ("slab:Cu:fcc001:6:6", "must be fewer than"),
            ("slab:Cu:fcc001:1:0", "out of range"),
            ("slab:Cu:fcc001:six:2", "not a whole number"),
            ("slab:Cu", "use sup=slab"),
        ] {
            let e = Slab::from_link(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
