//! The blow-up watch: after every MD step, checks that the run is still a physical one and
//! otherwise stops it with a message naming the step, what went wrong and the likely cause.
//!
//! A run has blown up when any of these holds (checked in this order):
//! - the temperature is not a number or above [`BLOWUP_TEMPERATURE`];
//! - an atom's position or velocity is not finite;
//! - an atom's kinetic energy ½·m·v² exceeds max(10 eV, 30·k_B·T_target) — in a Maxwell
//!   distribution one atom in e³⁰ ≈ 10¹³ per sample is that fast, so it was shot out by a force
//!   no physical configuration makes (too large a time step, atoms pushed into each other);
//! - the potential energy per atom is above +5 eV (a bound metal atom has −1 to −9 eV; a positive
//!   mean means the atoms are crushed into each other).
//!
//! An open cluster whose atom is slow but far from the scene — more than
//! `2·R₀ + 50 Å` from the centre of the starting atoms, R₀ their largest distance from it — has
//! evaporated an atom: that is physics, not a blow-up, but the run stops there too (as LAMMPS
//! stops on lost atoms), because an atom far away coarsens the neighbour grids and the cost per
//! step would grow without bound. The message says which it is.
//!
//! Cost: one pass over the atoms per step (no force evaluation), the temperature's included.

use crate::base::elements::boiling_point;
use crate::base::error::Result;
use crate::base::units::{KB, MVV2E};
use crate::system::System;

/// Instantaneous temperature above which a run is declared blown up, K (ten times the highest
/// temperature a scenario may ask for).
pub const BLOWUP_TEMPERATURE: f64 = 2.0e5;

/// Potential energy per atom above which a run is declared blown up, eV.
pub const MAX_ENERGY_PER_ATOM: f64 = 5.0;

/// Kinetic energy of one atom above which it is declared shot out, eV: the larger of this and
/// 30·k_B·T of the target.
pub const MAX_ATOM_KINETIC: f64 = 10.0;

/// Extra reach of the scene beyond twice its starting radius, Å.
pub const SCENE_MARGIN: f64 = 50.0;

/// What the watch knows of the run from its start.
#[derive(Clone, Debug)]
pub struct BlowUpWatch {
    /// Time step, ps.
    dt: f64,
    /// Centre of the starting atoms and the distance from it beyond which an atom has left the
    /// scene, Å (open clusters; `None` for a periodic box).
    scene: Option<([f64; 3], f64)>,
    /// The element present with the lowest boiling point, and that point (K).
    boiling: Option<(String, f64)>,
    /// The closest pair of starting atoms (system order) and their distance (Å), if it is
    /// closer than [`CLOSE_START`] of the element's nearest-neighbour distance.
    close_start: Option<(usize, usize, f64)>,
}

/// A starting pair closer than this fraction of the nearest-neighbour distance a0/√2 of its
/// element is named as the likely cause of a blow-up.
pub const CLOSE_START: f64 = 0.7;

/// The atom that most stands out in a pass: the fastest and the farthest.
struct Extremes {
    /// Index, kinetic energy (eV).
    fastest: (usize, f64),
    /// Index, squared distance from the scene's centre (Å²).
    farthest: (usize, f64),
    /// First atom whose position or velocity is not finite.
    not_finite: Option<usize>,
    /// Σ m·v² (amu Å²/ps², in atom order, as [`System::kinetic_energy`] sums it).
    mv2: f64,
}

impl BlowUpWatch {
    /// The watch of a run starting from `sys` with time step `dt` (ps), whose closest pair of
    /// atoms is `closest` (system order, distance in Å).
    pub fn new(sys: &System, dt: f64, closest: Option<(usize, usize, f64)>) -> BlowUpWatch {
        let close_start = closest.filter(|&(i, _, d)| {
            let el = &sys.elements[sys.species[i] as usize];
            crate::base::elements::metal(el)
                .is_some_and(|m| d < CLOSE_START * m.a0 / std::f64::consts::SQRT_2)
        });
        let scene = (sys.cell.is_none() && !sys.is_empty()).then(|| {
            let (lo, hi) = crate::base::math::bounding_box(&sys.pos);
            let c = [0, 1, 2].map(|k| 0.5 * (lo[k] + hi[k]));
            let r0 = sys
                .pos
                .iter()
                .map(|p| crate::base::math::dist2(p, &c))
                .fold(0.0, f64::max)
                .sqrt();
            (c, 2.0 * r0 + SCENE_MARGIN)
        });
        let boiling = sys
            .elements
            .iter()
            .filter_map(|e| boiling_point(e).map(|t| (e.clone(), t)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        BlowUpWatch {
            dt,
            scene,
            boiling,
            close_start,
        }
    }

    /// Refuses a start whose potential energy per atom (`energy`, eV, in total) is already
    /// beyond [`MAX_ENERGY_PER_ATOM`]: atoms crushed together, which no time step integrates.
    pub fn check_start(&self, sys: &System, energy: f64) -> Result<()> {
        let per_atom = energy / sys.len().max(1) as f64;
        if per_atom > MAX_ENERGY_PER_ATOM {
            let pair = self.close_start.map_or(String::new(), |(i, j, d)| {
                format!(" (atoms {} and {} are {d:.2} Å apart)", i + 1, j + 1)
            });
            bail!(
                "the starting atoms are crushed together: the potential energy is {per_atom:+.2} eV per atom (a bound metal atom has −1 to −9 eV){pair}; move them apart"
            );
        }
        Ok(())
    }

    /// Checks the state after `step` (target temperature `target`, K; potential energy
    /// `energy`, eV).
    pub fn check(&self, sys: &System, energy: f64, step: u64, target: f64) -> Result<()> {
        let x = self.extremes(sys);
        // System::temperature's formula (its sum in other blocks: the last digits may differ).
        let temp = 2.0 * (0.5 * MVV2E * x.mv2) / (sys.dof() * KB);
        if temp.is_nan() || temp > BLOWUP_TEMPERATURE {
            bail!(
                "{}: the temperature is {temp:.3e} K. Likely cause: {}",
                self.at(step),
                self.likely_cause(target)
            );
        }
        if let Some(i) = x.not_finite {
            bail!(
                "{}: atom {} has a position or velocity that is not a number. Likely cause: {}",
                self.at(step),
                i + 1,
                self.likely_cause(target)
            );
        }
        let (i, ke) = x.fastest;
        if ke > MAX_ATOM_KINETIC.max(30.0 * KB * target) {
            let v = (2.0 * ke / (MVV2E * sys.mass(i))).sqrt();
            bail!(
                "{}: atom {} moves at {v:.0} Å/ps ({:.2} Å per step, a kinetic energy of {ke:.0} eV). Likely cause: {}",
                self.at(step),
                i + 1,
                v * self.dt,
                self.likely_cause(target)
            );
        }
        let per_atom = energy / sys.len().max(1) as f64;
        if per_atom > MAX_ENERGY_PER_ATOM {
            bail!(
                "{}: the potential energy is {per_atom:+.2} eV per atom (a bound metal atom has −1 to −9 eV). Likely cause: {}",
                self.at(step),
                self.likely_cause(target)
            );
        }
        if let Some((_, reach)) = self.scene {
            let (i, d2) = x.farthest;
            if d2 > reach * reach {
                let above = match &self.boiling {
                    Some((el, tb)) if target > *tb => {
                        format!(", above the boiling point of {el}, {tb:.0} K")
                    }
                    _ => String::new(),
                };
                bail!(
                    "atom {} evaporated: at step {step} (t = {} ps) it is {:.0} Å from the centre of the scene, past the {:.0} Å the run follows; the run stops so that its cost per step stays bounded — a lower temperature keeps the atoms on the particles (target {} K{above})",
                    i + 1,
                    self.time_ps(step),
                    d2.sqrt(),
                    reach,
                    crate::base::error::readable(target)
                );
            }
        }
        Ok(())
    }

    /// A failure inside the step after `step` (a force or neighbour computation that met a
    /// non-finite number) as a blow-up at the step it happened, with the likely cause.
    pub fn failed_step(&self, step: u64, target: f64, e: crate::Error) -> crate::Error {
        crate::Error::new(format!(
            "{}: {e}. Likely cause: {}",
            self.at(step + 1),
            self.likely_cause(target)
        ))
    }

    /// "the run has blown up at step N (t = … ps)": the start of every blow-up message (built
    /// only when one is reported).
    fn at(&self, step: u64) -> String {
        format!(
            "the run has blown up at step {step} (t = {} ps)",
            self.time_ps(step)
        )
    }

    /// The time at `step`, ps, as the messages print it.
    fn time_ps(&self, step: u64) -> String {
        crate::base::error::readable(step as f64 * self.dt)
    }

    /// The fastest atom, the farthest from the scene's centre, and the first not finite, in one
    /// pass in atom order.
    fn extremes(&self, sys: &System) -> Extremes {
        let c = self.scene.map_or([0.0; 3], |s| s.0);
        let of_block = |r: std::ops::Range<usize>| extremes_of(sys, c, r);
        // Blocks in order, so the first atom wins a tie, as in one pass over the atoms. Blocks of
        // the element-wise loops' length, not of the engine's sums: the Σmv² here only guards
        // against a blow-up (it steers nothing), and a small system then splits too.
        let blocks = crate::base::parallel::map_blocks(
            sys.len(),
            crate::base::parallel::atom_chunk(sys.len()),
            of_block,
        );
        let mut all = of_block(0..0);
        for b in blocks {
            all.mv2 += b.mv2;
            if all.not_finite.is_none() {
                all.not_finite = b.not_finite;
            }
            if b.fastest.1 > all.fastest.1 {
                all.fastest = b.fastest;
            }
            if b.farthest.1 > all.farthest.1 {
                all.farthest = b.farthest;
            }
        }
        all
    }

    /// The likeliest reason for a blow-up at target temperature `target` (K), with what to try.
    fn likely_cause(&self, target: f64) -> String {
        let dt = self.dt;
        if let Some((i, j, d)) = self.close_start {
            return format!(
                "atoms {} and {} started only {d:.2} Å apart: their repulsion shoots them off — start them farther apart",
                i + 1,
                j + 1
            );
        }
        if dt > 0.005 {
            return format!(
                "the time step {dt} ps is large for metals (1–5 fs is usual): try {} ps",
                dt / 2.0
            );
        }
        if let Some((el, tb)) = &self.boiling {
            if target > *tb {
                return format!(
                    "the target temperature {} K is above the boiling point of {el} ({tb:.0} K), beyond what the potential was fitted to",
                    crate::base::error::readable(target)
                );
            }
        }
        format!(
            "the time step {dt} ps is too large for this run (try {} ps), or atoms were pushed into each other",
            dt / 2.0
        )
    }
}

/// [`Extremes`] of atoms `r` of `sys` (distances from `c`), in atom order.
#[cfg_attr(target_arch = "wasm32", optimize(speed))]
fn extremes_of(sys: &System, c: [f64; 3], r: std::ops::Range<usize>) -> Extremes {
    let mut x = Extremes {
        fastest: (0, 0.0),
        farthest: (0, 0.0),
        not_finite: None,
        mv2: 0.0,
    };
    for i in r {
        let (p, v) = (&sys.pos[i], &sys.vel[i]);
        let m_v2 = sys.mass(i) * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        x.mv2 += m_v2;
        let ke = 0.5 * MVV2E * m_v2;
        let d2 = crate::base::math::dist2(p, &c);
        if !(ke.is_finite() && d2.is_finite()) {
            x.not_finite.get_or_insert(i);
            continue;
        }
        if ke > x.fastest.1 {
            x.fastest = (i, ke);
        }
        if d2 > x.farthest.1 {
            x.farthest = (i, d2);
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1000 Au atoms at rest on a 10×10×10 cubic grid of spacing 3 Å (centre 13.5 Å from the
    /// origin along each axis, starting radius 13.5·√3 Å).
    fn cloud() -> System {
        let pos: Vec<[f64; 3]> = (0..1000)
            .map(|i| {
                [
                    (i % 10) as f64 * 3.0,
                    (i / 10 % 10) as f64 * 3.0,
                    (i / 100) as f64 * 3.0,
                ]
            })
            .collect();
        System {
            elements: vec!["Au".into()],
            masses: vec![196.97],
            species: vec![0; 1000],
            particle: vec![0; 1000],
            vel: vec![[0.0; 3]; 1000],
            pos,
            cell: None,
            fixed: 0,
            piston: 0,
        }
    }

    #[test]
    fn a_quiet_state_passes() {
        let s = cloud();
        BlowUpWatch::new(&s, 0.002, None)
            .check(&s, -7.0, 10, 300.0)
            .unwrap();
    }

    #[test]
    fn a_shot_out_atom_names_the_atom_its_speed_and_the_time_step() {
        let mut s = cloud();
        let w = BlowUpWatch::new(&s, 0.01, None);
        // 400 Å/ps: ½·196.97·400²·1.0364e-4 = 1633 eV.
        s.vel[1] = [400.0, 0.0, 0.0];
        let e = w.check(&s, -7.0, 12, 300.0).unwrap_err().to_string();
        assert!(
            e.starts_with(
                "the run has blown up at step 12 (t = 0.12 ps): atom 2 moves at 400 Å/ps"
            ),
            "{e}"
        );
        assert!(
            e.contains("the time step 0.01 ps is large for metals"),
            "{e}"
        );
    }

    #[test]
    fn a_crushed_state_and_a_state_above_boiling_name_their_cause() {
        let s = cloud();
        let w = BlowUpWatch::new(&s, 0.002, None);
        let e = w.check(&s, 6000.0, 3, 300.0).unwrap_err().to_string();
        assert!(
            e.contains("+6.00 eV per atom") && e.contains("try 0.001 ps"),
            "{e}"
        );
        let e = w.check(&s, 6000.0, 3, 5000.0).unwrap_err().to_string();
        assert!(e.contains("above the boiling point of Au (3129 K)"), "{e}");
    }

    #[test]
    fn atoms_that_start_too_close_are_the_cause_named_and_a_crushed_start_is_refused() {
        let s = cloud();
        // Au: a0 = 4.08 Å, nearest neighbours 2.885 Å; 1.2 Å is closer than 0.7 of that.
        let w = BlowUpWatch::new(&s, 0.002, Some((3, 7, 1.2)));
        let e = w.check_start(&s, 6000.0).unwrap_err().to_string();
        assert!(
            e.contains("+6.00 eV per atom") && e.contains("atoms 4 and 8 are 1.20 Å apart"),
            "{e}"
        );
        w.check_start(&s, -3000.0).unwrap();
        let mut fast = s.clone();
        fast.vel[0] = [400.0, 0.0, 0.0];
        let e = w.check(&fast, -3000.0, 1, 300.0).unwrap_err().to_string();
        assert!(
            e.contains("Likely cause: atoms 4 and 8 started only 1.20 Å apart"),
            "{e}"
        );
        // 2.5 Å is an ordinary (if compressed) bond: not named.
        let w = BlowUpWatch::new(&s, 0.002, Some((3, 7, 2.5)));
        let e = w.check(&fast, -3000.0, 1, 300.0).unwrap_err().to_string();
        assert!(
            e.contains("Likely cause: the time step 0.002 ps is too large"),
            "{e}"
        );
    }

    #[test]
    fn a_not_finite_atom_is_named() {
        let mut s = cloud();
        let w = BlowUpWatch::new(&s, 0.002, None);
        s.pos[0][2] = f64::NAN;
        let e = w.check(&s, -7.0, 3, 300.0).unwrap_err().to_string();
        assert!(
            e.contains("atom 1 has a position or velocity that is not a number"),
            "{e}"
        );
    }

    #[test]
    fn a_slow_atom_far_away_has_evaporated() {
        let mut s = cloud();
        let w = BlowUpWatch::new(&s, 0.002, None);
        // The scene reaches 2·r0 + 50 Å from its centre.
        let (c, r0) = (13.5, 13.5 * 3f64.sqrt());
        s.pos[1] = [c + 2.0 * r0 + 49.0, c, c];
        s.vel[1] = [3.0, 0.0, 0.0];
        w.check(&s, -1.0, 5, 300.0).unwrap();
        s.pos[1] = [c + 2.0 * r0 + 51.0, c, c];
        let e = w.check(&s, -1.0, 5, 300.0).unwrap_err().to_string();
        assert!(e.starts_with("atom 2 evaporated: at step 5"), "{e}");
        assert!(e.ends_with("(target 300 K)"), "{e}");
        let e = w.check(&s, -1.0, 5, 4000.0).unwrap_err().to_string();
        assert!(
            e.ends_with("(target 4000 K, above the boiling point of Au, 3129 K)"),
            "{e}"
        );
        // A periodic box has no scene to leave.
        s.cell = Some([200.0; 3]);
        BlowUpWatch::new(&s, 0.002, None)
            .check(&s, -1.0, 5, 300.0)
            .unwrap();
    }
}
