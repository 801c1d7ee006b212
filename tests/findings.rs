//! A preset is a claim. Each test runs a preset's own run (its share link, the page's defaults)
//! and asserts what the preset tells the user to watch, on the observables the page charts. The
//! tests are named after the presets' ids; a preset without a test here fails
//! `every_preset_has_a_claim_test`.
//!
//! CI runs each claim over the time the preset says it needs (`show_after`); the long tier
//! (`NANOCOALESCE_LONG=1`) runs twice as long and checks that the claim still holds.

use nanocoalesce::run::files::no_files;
use nanocoalesce::run::film::FilmRun;
use nanocoalesce::run::kmc_neck::NeckRun;
use nanocoalesce::run::link;
use nanocoalesce::run::presets::{Preset, PRESETS};
use nanocoalesce::run::simulation::{Recorder, Simulation};

/// This file, to check that every preset has its test.
const THIS_FILE: &str = include_str!("findings.rs");

fn preset(id: &str) -> &'static Preset {
    PRESETS
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no preset {id}"))
}

fn long() -> bool {
    std::env::var_os("NANOCOALESCE_LONG").is_some()
}

/// A run's table: column names and one row per output step.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<f64>>,
}

impl Table {
    fn col(&self, name: &str) -> Vec<f64> {
        let k = self
            .columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.columns));
        self.rows.iter().map(|r| r[k]).collect()
    }

    fn first(&self, name: &str) -> f64 {
        self.col(name)[0]
    }

    fn last(&self, name: &str) -> f64 {
        *self.col(name).last().unwrap()
    }

    fn max(&self, name: &str) -> f64 {
        self.col(name)
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// The value of `name` at the output step nearest to `t_ps`.
    fn at(&self, name: &str, t_ps: f64) -> f64 {
        let t = self.col("time_ps");
        let k = (0..t.len())
            .min_by(|&i, &j| (t[i] - t_ps).abs().total_cmp(&(t[j] - t_ps).abs()))
            .unwrap();
        self.col(name)[k]
    }
}

/// Runs an MD link for `ps` picoseconds (twice that in the long tier) on all cores, recording
/// `observables` every `every` steps (the thermo row always).
fn md(link_query: &str, ps: f64, observables: &str, every: u64) -> Table {
    let dt = link::parse(link_query).unwrap().dt_ps;
    let ps = if long() { 2.0 * ps } else { ps };
    md_steps(link_query, (ps / dt).round() as u64, observables, every)
}

/// Runs an MD link for `steps` steps, recording `observables` every `every` steps.
fn md_steps(link_query: &str, steps: u64, observables: &str, every: u64) -> Table {
    let mut scenario = link::parse(link_query).unwrap();
    scenario.output_every = every;
    let mut sim = Simulation::new(&scenario, &no_files).unwrap();
    let mut recorder = Recorder::new(&sim, observables).unwrap();
    let mut rows = vec![recorder.row(&sim).unwrap()];
    sim.advance(steps, |s| {
        rows.push(recorder.row(s)?);
        Ok(())
    })
    .unwrap();
    Table {
        columns: recorder.columns().to_vec(),
        rows,
    }
}

#[test]
fn every_preset_has_a_claim_test() {
    for p in PRESETS {
        let name = p.id.replace('-', "_");
        assert!(
            THIS_FILE.contains(&format!("#[test]\nfn {name}() {{")),
            "preset '{}' has no claim test `fn {name}()` in tests/findings.rs",
            p.id
        );
        assert!(
            !p.study.is_empty() && !p.finding.is_empty() && !p.watch.is_empty(),
            "preset '{}' states no claim",
            p.id
        );
    }
}

#[test]
fn au_873k_liquid() {
    let p = preset("au-873k-liquid");
    let pair = md(p.link, 30.0, "cna,neck", 500);
    assert!(pair.first("frac_fcc") > 0.5, "{}", pair.first("frac_fcc"));
    assert!(
        pair.at("frac_fcc", 30.0) < 0.05,
        "pair fcc {}",
        pair.at("frac_fcc", 30.0)
    );
    assert!(pair.last("frac_fcc") < 0.05);
    assert!(pair.max("neck_radius_A") > 14.0);
    // A lone particle melts just the same: the liquid is not caused by the coalescence.
    let lone = md(
        "v=1&a=Au:3:sphere&T=873&thermo=nose-hoover&seed=42",
        30.0,
        "cna",
        500,
    );
    assert!(
        lone.last("frac_fcc") < 0.1,
        "lone fcc {}",
        lone.last("frac_fcc")
    );
}

#[test]
fn au_melting_on_contact() {
    let p = preset("au-melting-on-contact");
    let pair = md(p.link, 30.0, "cna", 500);
    let lone = md(
        "v=1&a=Au:4:sphere&T=873&thermo=nose-hoover&seed=42",
        30.0,
        "cna",
        500,
    );
    let (merged, alone) = (pair.at("frac_fcc", 30.0), lone.at("frac_fcc", 30.0));
    assert!(pair.first("frac_fcc") > 0.6);
    assert!(merged < 0.12, "the pair keeps fcc {merged}");
    assert!(alone > 0.2, "the lone particle fell to fcc {alone}");
}

#[test]
fn au_solid_sintering() {
    let p = preset("au-solid-sintering");
    let t = md(p.link, 20.0, "cna,neck", 500);
    assert!(
        t.at("neck_radius_A", 15.0) > 14.0,
        "neck {}",
        t.at("neck_radius_A", 15.0)
    );
    assert!(t.first("frac_fcc") > 0.6);
    // Solid all along: the FCC fraction never falls below 0.3.
    let lowest = t.col("frac_fcc").into_iter().skip(5).fold(1.0, f64::min);
    assert!(lowest > 0.3, "fcc fell to {lowest}");
    let lone = md(
        "v=1&a=Au:4:sphere&T=700&thermo=nose-hoover&seed=42",
        20.0,
        "cna",
        500,
    );
    assert!(
        lone.last("frac_fcc") > 0.3,
        "lone fcc {}",
        lone.last("frac_fcc")
    );
}

#[test]
fn au_rotation_500k() {
    let p = preset("au-rotation-500k");
    let t = md(p.link, 20.0, "cna,rotation", 250);
    assert!((t.first("misorientation_deg") - 20.0).abs() < 0.5);
    assert!(
        t.at("misorientation_deg", 20.0) < 5.0,
        "{}",
        t.at("misorientation_deg", 20.0)
    );
    assert!(t.last("misorientation_deg") < 5.0);
    assert!(t.max("relative_rotation_deg") > 15.0);
    assert!(t.last("frac_fcc") > 0.4, "fcc {}", t.last("frac_fcc"));
}

#[test]
fn au_1100k_liquid() {
    let p = preset("au-1100k-liquid");
    let t = md(p.link, 20.0, "cna,neck", 250);
    assert!(t.first("frac_fcc") > 0.5);
    assert!(
        t.at("frac_fcc", 20.0) < 0.05,
        "fcc {}",
        t.at("frac_fcc", 20.0)
    );
    assert!(t.max("neck_radius_A") > 12.0);
}

/// Surface fraction of `element` at the start, at `t_ps` and at the end of an MC preset.
fn surface(t: &Table, element: &str, t_ps: f64) -> (f64, f64, f64) {
    let c = format!("surface_frac_{element}");
    (t.first(&c), t.at(&c, t_ps), t.last(&c))
}

#[test]
fn agau_segregation_mc() {
    let t = md(preset("agau-segregation-mc").link, 5.0, "surface", 250);
    let (a, b, c) = surface(&t, "Ag", 5.0);
    assert!(
        (a - 0.5).abs() < 0.03 && b > 0.75 && c > 0.75,
        "Ag {a} {b} {c}"
    );
    // Without swaps the surface does not move in page time.
    let md_only = preset("agau-segregation-mc").link.replace("&mc=20:500", "");
    let t = md(&md_only, 5.0, "surface", 250);
    let (a, _, c) = surface(&t, "Ag", 5.0);
    assert!((c - a).abs() < 0.05, "MD alone: Ag {a} -> {c}");
}

#[test]
fn ag_small_on_au() {
    let t = md(preset("ag-small-on-au").link, 10.0, "surface", 500);
    let (a, b, c) = surface(&t, "Ag", 10.0);
    assert!(
        (a - 0.18).abs() < 0.02 && b > 0.23 && c > 0.23,
        "Ag {a} {b} {c}"
    );
    // Patchy: far from a full shell.
    assert!(c < 0.5);
}

#[test]
fn au_small_in_ag() {
    let t = md(preset("au-small-in-ag").link, 10.0, "surface", 500);
    let (a, b, c) = surface(&t, "Au", 10.0);
    assert!(
        (a - 0.17).abs() < 0.02 && b < 0.05 && c < 0.05,
        "Au {a} {b} {c}"
    );
}

#[test]
fn cuag_core_shell() {
    let t = md(preset("cuag-core-shell").link, 10.0, "surface", 500);
    let (a, b, c) = surface(&t, "Ag", 10.0);
    assert!(
        (a - 0.27).abs() < 0.02 && b > 0.45 && c > 0.45,
        "Ag {a} {b} {c}"
    );
}

#[test]
fn cuag_core_shell_smatb() {
    let t = md(preset("cuag-core-shell-smatb").link, 10.0, "surface", 500);
    let (a, b, c) = surface(&t, "Ag", 10.0);
    assert!(
        (a - 0.27).abs() < 0.02 && b > 0.45 && c > 0.45,
        "Ag {a} {b} {c}"
    );
}

#[test]
fn niau_encapsulation() {
    let t = md(preset("niau-encapsulation").link, 10.0, "surface", 500);
    let (a, b, c) = surface(&t, "Au", 10.0);
    assert!(
        (a - 0.57).abs() < 0.02 && b > 0.85 && c > 0.85,
        "Au {a} {b} {c}"
    );
}

#[test]
fn niau_spreading() {
    let t = md(preset("niau-spreading").link, 10.0, "surface", 500);
    let (a, b, c) = surface(&t, "Au", 10.0);
    assert!(
        (a - 0.23).abs() < 0.02 && b > 0.4 && c > 0.4,
        "Au {a} {b} {c}"
    );
}

#[test]
fn ptpd_alignment() {
    let t = md(preset("ptpd-alignment").link, 20.0, "rotation,surface", 500);
    assert!((t.first("misorientation_deg") - 15.0).abs() < 0.5);
    let m = t.at("misorientation_deg", 20.0);
    assert!(m < 8.0, "misorientation {m}");
    let (a, _, c) = surface(&t, "Pd", 20.0);
    assert!(
        (c - a).abs() < 0.06,
        "Pd {a} -> {c}: chemical ordering is not expected in page time"
    );
}

#[test]
fn auag_alloy_mc() {
    let t = md(preset("auag-alloy-mc").link, 5.0, "surface", 250);
    let (a, b, c) = surface(&t, "Ag", 5.0);
    assert!(
        (a - 0.48).abs() < 0.03 && b > 0.7 && c > 0.7,
        "Ag {a} {b} {c}"
    );
}

#[test]
fn ag_chain_sintering() {
    let p = preset("ag-chain-sintering");
    let t = md(p.link, 20.0, "surface,rg", 500);
    let (a4, a20) = (t.at("area_ratio", 4.0), t.at("area_ratio", 20.0));
    println!(
        "chain: A/A0 {a4:.3} at 4 ps, {a20:.3} at 20 ps; Rg {:.1} → {:.1} Å",
        t.first("rg_A"),
        t.at("rg_A", 20.0)
    );
    assert!(a4 > 0.92, "chain A/A0 at 4 ps {a4}");
    assert!((0.72..0.82).contains(&a20), "chain A/A0 at 20 ps {a20}");
    assert!(
        t.first("rg_A") - t.at("rg_A", 20.0) > 5.0,
        "the chain shortens"
    );
}

#[test]
fn ag_compact_sintering() {
    let p = preset("ag-compact-sintering");
    let t = md(p.link, 20.0, "surface", 500);
    let (a4, a8, a20) = (
        t.at("area_ratio", 4.0),
        t.at("area_ratio", 8.0),
        t.at("area_ratio", 20.0),
    );
    println!("tetrahedron: A/A0 {a4:.3} at 4 ps, {a8:.3} at 8 ps, {a20:.3} at 20 ps");
    assert!(a4 < 0.8, "compact A/A0 at 4 ps {a4}");
    assert!(
        a20 < 0.74 && a8 - a20 < 0.03,
        "compact A/A0 levels off: {a8} → {a20}"
    );
}

#[test]
fn hea_cu_segregation() {
    let p = preset("hea-cu-segregation");
    let t = md(p.link, 10.0, "surface,cna", 500);
    let s = |el: &str, ps: f64| t.at(&format!("surface_frac_{el}"), ps);
    for el in ["Co", "Cu", "Fe", "Ni", "Pd"] {
        assert!(
            (s(el, 0.0) - 0.2).abs() < 0.03,
            "{el} at start {}",
            s(el, 0.0)
        );
    }
    println!(
        "surface at 4 ps: Cu {:.3} Co {:.3} Ni {:.3} Fe {:.3} Pd {:.3}; Cu at 10 ps {:.3}; FCC {:.3} → {:.3}",
        s("Cu", 4.0), s("Co", 4.0), s("Ni", 4.0), s("Fe", 4.0), s("Pd", 4.0), s("Cu", 10.0),
        t.first("frac_fcc"), t.at("frac_fcc", 10.0)
    );
    assert!(
        s("Cu", 4.0) > 0.35 && s("Cu", 10.0) > 0.33,
        "Cu {} {}",
        s("Cu", 4.0),
        s("Cu", 10.0)
    );
    assert!(
        s("Co", 4.0) < 0.06 && s("Ni", 4.0) < 0.1,
        "Co {} Ni {}",
        s("Co", 4.0),
        s("Ni", 4.0)
    );
    assert!(t.first("frac_fcc") > 0.55 && t.at("frac_fcc", 10.0) < 0.35);
    // Without the swaps the surface keeps its composition.
    let md_only = md(&p.link.replace("&mc=20:500", ""), 10.0, "surface", 500);
    let cu = md_only.at("surface_frac_Cu", 10.0);
    assert!(cu < 0.26, "Cu without swaps {cu}");
}

#[test]
fn agau_on_carbon() {
    let p = preset("agau-on-carbon");
    let t = md(p.link, 20.0, "support,neck", 500);
    let support = t.col("support_energy_eV");
    let (lo, hi) = support
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &e| {
            (a.min(e), b.max(e))
        });
    let metal = t.at("potential_eV", 20.0) - t.at("support_energy_eV", 20.0);
    println!(
        "support energy {lo:.2} … {hi:.2} eV, metal–metal {metal:.1} eV; contact atoms {} (12 ps) → {} (20 ps); angle {:.0}° → {:.0}°; neck {:.1} Å",
        t.at("contact_atoms", 12.0), t.at("contact_atoms", 20.0),
        t.first("contact_angle_deg"), t.at("contact_angle_deg", 20.0), t.at("neck_radius_A", 20.0)
    );
    let window = if long() { 40.0 } else { 20.0 };
    assert!(
        lo > -5.0 && hi < -0.8,
        "support energy {lo} … {hi} eV over {window} ps"
    );
    assert!(lo / metal < 0.002, "the support's share {}", lo / metal);
    assert!(t.at("neck_radius_A", 20.0) > 10.0);
    assert!(t.at("contact_atoms", 12.0) > 40.0 && t.at("contact_atoms", 20.0) < 20.0);
    assert!(t.first("contact_angle_deg") < 130.0 && t.at("contact_angle_deg", 20.0) > 150.0);
}

#[test]
fn cu_on_cu001() {
    let p = preset("cu-on-cu001");
    let end = if long() { 40.0 } else { 20.0 };
    let t = md(p.link, end, "support,epitaxy", 500);
    let mis = |ps: f64| t.at("misorientation_a_substrate_deg", ps);
    let after: f64 = t
        .col("time_ps")
        .iter()
        .zip(t.col("misorientation_a_substrate_deg"))
        .filter(|(time, _)| **time >= 13.0)
        .map(|(_, m)| m)
        .fold(0.0, f64::max);
    println!(
        "misorientation {:.1}° (0) {:.1}° (5 ps) {:.1}° (10 ps), at most {after:.1}° from 13 ps to {end} ps; contact atoms {} → {} (5 ps); contact angle {:.0}° → {:.0}°",
        mis(0.0), mis(5.0), mis(10.0),
        t.first("contact_atoms"), t.at("contact_atoms", 5.0),
        t.first("contact_angle_deg"), t.at("contact_angle_deg", end)
    );
    assert!(
        (mis(0.0) - 20.0).abs() < 1e-6,
        "starts 20° off: {}",
        mis(0.0)
    );
    assert!(mis(5.0) > 17.0, "holds while the neck grows: {}", mis(5.0));
    assert!(mis(10.0) < 8.0, "turns by 10 ps: {}", mis(10.0));
    assert!(after < 3.0, "in registry from 13 ps: {after}");
    assert!(t.at("contact_atoms", 5.0) > 3.0 * t.first("contact_atoms"));
    assert!(t.first("contact_angle_deg") > 140.0 && t.at("contact_angle_deg", end) < 105.0);
}

/// A press preset's link run at another pressure (bar) for 8 ps (16 ps in the long tier),
/// recording the `press` columns.
fn pressed(link_query: &str, bar: &str) -> Table {
    let l = link_query.replace("press=10000", &format!("press={bar}"));
    let l = l.replace("press=0&", &format!("press={bar}&"));
    md(&l, 8.0, "press", 1000)
}

#[test]
fn press_cu_ag() {
    let p = preset("press-cu-ag");
    let free = preset("press-cu-ag-free");
    assert_eq!(
        p.link.replace("press=10000", "press=0"),
        free.link,
        "the presets differ only in the load"
    );
    let (loaded, none, hard) = (
        pressed(p.link, "10000"),
        pressed(p.link, "0"),
        pressed(p.link, "40000"),
    );
    let rho = |t: &Table, ps: f64| t.at("relative_density", ps);
    println!(
        "relative density 0 bar: {:.3} → {:.3} (4 ps) → {:.3} (8 ps); 10 kbar: {:.3} (4 ps) → {:.3} (8 ps); 40 kbar: {:.3} (8 ps); plate gap {:.1} → {:.1} Å at 10 kbar",
        rho(&none, 0.0), rho(&none, 4.0), rho(&none, 8.0),
        rho(&loaded, 4.0), rho(&loaded, 8.0), rho(&hard, 8.0),
        loaded.first("plate_gap_A"), loaded.at("plate_gap_A", 8.0)
    );
    assert!((rho(&none, 0.0) - 0.41).abs() < 0.01 && rho(&loaded, 0.0) == rho(&none, 0.0));
    // Pressure lowers the void fraction …
    assert!(rho(&loaded, 4.0) > rho(&none, 4.0) + 0.1);
    assert!(rho(&loaded, 8.0) > rho(&none, 8.0) + 0.15);
    assert!(rho(&loaded, 8.0) > 0.85 && rho(&none, 8.0) < 0.75);
    // … with diminishing returns: 4× the load closes less than a quarter of what the first did.
    let first = rho(&loaded, 8.0) - rho(&none, 8.0);
    let more = rho(&hard, 8.0) - rho(&loaded, 8.0);
    assert!(more > 0.0 && more < 0.25 * first, "{first} then {more}");
    assert!(loaded.at("plate_gap_A", 8.0) < loaded.first("plate_gap_A") - 8.0);
}

#[test]
fn press_cu_ag_free() {
    let t = pressed(preset("press-cu-ag-free").link, "0");
    let rho = |ps: f64| t.at("relative_density", ps);
    // Slower without load, but it densifies: the plate comes down.
    assert!(
        rho(4.0) < 0.55 && rho(8.0) > rho(4.0) + 0.1,
        "{} {}",
        rho(4.0),
        rho(8.0)
    );
    assert!(t.at("plate_gap_A", 8.0) < t.first("plate_gap_A") - 2.0);
    if long() {
        assert!(rho(16.0) > 0.85, "{}", rho(16.0));
    }
}

#[test]
fn au_lj_873k() {
    let p = preset("au-lj-873k");
    let lj = md(p.link, 30.0, "cna,neck", 500);
    assert!(lj.last("frac_fcc") > 0.4, "LJ fcc {}", lj.last("frac_fcc"));
    assert!(
        lj.max("neck_radius_A") < 12.0,
        "LJ neck {}",
        lj.max("neck_radius_A")
    );
    // The same run with the EAM (the first preset) melts and grows a wider neck.
    let eam = md(&p.link.replace("&pot=lj", ""), 30.0, "cna,neck", 500);
    assert!(eam.last("frac_fcc") < 0.05);
    assert!(eam.max("neck_radius_A") > 15.0);
}

/// Standard deviation of the total energy per atom over a run, eV.
fn energy_wobble(t: &Table) -> f64 {
    let n = t.first("potential_eV") / t.first("potential_per_atom_eV");
    let e: Vec<f64> = t.col("total_eV").iter().map(|x| x / n).collect();
    let mean = e.iter().sum::<f64>() / e.len() as f64;
    (e.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / e.len() as f64).sqrt()
}

#[test]
fn integrators_energy() {
    let p = preset("integrators-energy");
    let run = |link: &str| energy_wobble(&md_steps(link, 1000, "none", 5));
    let leapfrog = run(p.link);
    let vv = run(&p.link.replace("int=leapfrog", "int=velocity-verlet"));
    let pv = run(&p.link.replace("int=leapfrog", "int=position-verlet"));
    let half = |l: &str| l.replace("dt=0.002&steps=1000", "dt=0.001&steps=2000");
    let leapfrog_1fs = energy_wobble(&md_steps(&half(p.link), 2000, "none", 10));
    let vv_1fs = energy_wobble(&md_steps(
        &half(&p.link.replace("int=leapfrog", "int=velocity-verlet")),
        2000,
        "none",
        10,
    ));
    println!(
        "wobble (eV/atom) at 2 fs: leapfrog {leapfrog:.2e}, velocity Verlet {vv:.2e}, position Verlet {pv:.2e}; at 1 fs: leapfrog {leapfrog_1fs:.2e}, velocity Verlet {vv_1fs:.2e}"
    );
    assert!((1e-4..3e-4).contains(&leapfrog), "leapfrog {leapfrog}");
    assert!(
        (40.0..160.0).contains(&(leapfrog / vv)),
        "leapfrog / vv = {}",
        leapfrog / vv
    );
    assert!(
        (40.0..160.0).contains(&(leapfrog / pv)),
        "leapfrog / pv = {}",
        leapfrog / pv
    );
    assert!(
        (3.0..5.5).contains(&(vv / vv_1fs)),
        "vv 2 fs / 1 fs = {}",
        vv / vv_1fs
    );
    assert!(
        (1.5..2.8).contains(&(leapfrog / leapfrog_1fs)),
        "leapfrog 2 fs / 1 fs = {}",
        leapfrog / leapfrog_1fs
    );
}

#[test]
fn au_melting_ramp() {
    use nanocoalesce::analysis::caloric::caloric_curve;
    let p = preset("au-melting-ramp");
    let t = md_steps(p.link, link::parse(p.link).unwrap().steps, "none", 100);
    let c = caloric_curve(
        &t.col("temperature_K"),
        &t.col("potential_per_atom_eV"),
        10.0,
        2,
    )
    .expect("a caloric curve");
    assert!(
        (925.0..1025.0).contains(&c.melting_point),
        "melting point {} K",
        c.melting_point
    );
    assert!(
        (0.03..0.07).contains(&c.latent_heat),
        "latent heat {}",
        c.latent_heat
    );
}

#[test]
fn au_bulk_melting() {
    use nanocoalesce::analysis::caloric::caloric_curve;
    let p = preset("au-bulk-melting");
    let t = md_steps(p.link, link::parse(p.link).unwrap().steps, "box,cna", 100);
    let (temp, a) = (t.col("temperature_K"), t.col("lattice_constant_A"));
    let c =
        caloric_curve(&temp, &t.col("potential_per_atom_eV"), 10.0, 2).expect("a caloric curve");
    // The lattice constant's jump: the largest rise over 2 ps (10 rows), after the first 5 ps
    // (where the perfect start expands to its thermal lattice constant).
    let (k, jump) = (60..a.len())
        .map(|k| (k, a[k] / a[k - 10] - 1.0))
        .fold((0, 0.0), |b, x| if x.1 > b.1 { x } else { b });
    let fcc = t.col("frac_fcc");
    println!(
        "bulk Au: caloric jump at {:.0} K ({:.3} eV/atom); lattice constant +{:.2} % over 2 ps ending at {:.0} K; fcc fraction {:.2} at 1200 K, {:.2} at the end",
        c.melting_point,
        c.latent_heat,
        100.0 * jump,
        temp[k],
        fcc[t.col("target_temperature_K").iter().position(|&x| x >= 1200.0).unwrap()],
        fcc[fcc.len() - 1]
    );
    assert!(
        (1350.0..1650.0).contains(&c.melting_point),
        "melting at {} K",
        c.melting_point
    );
    assert!(
        (0.06..0.16).contains(&c.latent_heat),
        "latent heat {}",
        c.latent_heat
    );
    assert!(
        jump > 0.006 && (temp[k] - c.melting_point).abs() < 150.0,
        "lattice jump {jump} at {} K",
        temp[k]
    );
    assert!(fcc[fcc.len() - 1] < 0.02, "the end is not liquid");
}

/// Island density at the end of a film run.
fn island_density(link_query: &str) -> f64 {
    let mut run = FilmRun::new(link::parse_film(link_query).unwrap()).unwrap();
    while !run.is_done() {
        run.advance(1_000_000, |_| {});
    }
    run.island_density()
}

#[test]
fn kmc_film() {
    let p = preset("kmc-film");
    let seeds: &[u64] = if long() { &[1, 2, 3, 4] } else { &[1, 2] };
    let mean = |d: &str| {
        seeds
            .iter()
            .map(|s| {
                island_density(&format!(
                    "{}&seed={s}",
                    p.link.replace("&seed=1", "").replace("D=1e6", d)
                ))
            })
            .sum::<f64>()
            / seeds.len() as f64
    };
    let (n5, n6) = (mean("D=1e5"), mean("D=1e6"));
    assert!((0.0022..0.0031).contains(&n6), "D=1e6: {n6}");
    assert!((0.0047..0.0063).contains(&n5), "D=1e5: {n5}");
    // N ∝ (F/D)^(1/3): the exponent from one decade of D.
    let exponent = (n5 / n6).log10();
    assert!((0.25..0.40).contains(&exponent), "exponent {exponent}");
}

#[test]
fn kmc_neck() {
    let p = preset("kmc-neck");
    let seeds: &[u64] = if long() {
        &[1, 2, 3, 4, 5, 6]
    } else {
        &[1, 2, 3, 4]
    };
    let mut exponents = Vec::new();
    for s in seeds {
        let spec = link::parse_kmc(&p.link.replace("seed=1", &format!("seed={s}"))).unwrap();
        let mut run = NeckRun::new(&spec).unwrap();
        run.advance(u64::MAX, |_| {}).unwrap();
        let fit = run.fit().expect("a growth fit");
        exponents.push(fit.exponent);
        // The local exponent: near 1/6 in the decade from 1e-5 s, then ≈ 0 once merged (1e-3 s on).
        let local = run.local_growth();
        let mean_in = |lo: f64, hi: f64| {
            let v: Vec<f64> = local
                .iter()
                .filter(|e| (lo..hi).contains(&e.t))
                .map(|e| e.exponent)
                .collect();
            assert!(
                v.len() >= 3,
                "seed {s}: {} local points in [{lo}, {hi}) s",
                v.len()
            );
            v.iter().sum::<f64>() / v.len() as f64
        };
        let (mid, late) = (mean_in(1e-5, 1e-4), mean_in(1e-3, 1e-1));
        assert!(
            (0.1..0.28).contains(&mid),
            "seed {s}: local exponent {mid} at 1e-5..1e-4 s"
        );
        assert!(
            late.abs() < 0.05,
            "seed {s}: local exponent {late} after 1e-3 s"
        );
        let last = run.samples().last().unwrap().radius;
        assert!(
            (11.0..15.0).contains(&last),
            "seed {s}: final neck {last} Å"
        );
    }
    let mean = exponents.iter().sum::<f64>() / exponents.len() as f64;
    assert!(
        exponents.iter().all(|n| (0.08..0.25).contains(n)),
        "{exponents:?}"
    );
    assert!(
        (0.11..0.2).contains(&mean),
        "mean exponent {mean} of {exponents:?}"
    );
}
