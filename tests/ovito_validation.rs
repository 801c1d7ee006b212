//! Adaptive common neighbour analysis and coordination numbers against OVITO (the PyPI `ovito`
//! module, headless), atom by atom, on: a Mackay icosahedron, a Marks decahedron, a truncated
//! octahedron, and frames of a hot coalescence run (900 K, where thermal disorder makes many
//! atoms "other" and a few HCP/BCC: the hard cases).
//!
//! OVITO is found through `NANOCOALESCE_OVITO_PYTHON` (set by scripts/test.sh, which installs it)
//! or at target/ovito-venv/bin/python. Without it the test fails under CI and is skipped, with a
//! notice, elsewhere.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ovito_python() -> Option<PathBuf> {
    common::tool_python(
        "NANOCOALESCE_OVITO_PYTHON",
        "target/ovito-venv/bin/python",
        "OVITO",
        "scripts/setup-ovito.sh",
    )
}

fn nanocoalesce(args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_nanocoalesce"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "nanocoalesce {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// (our cna, our coordination, cutoff) from a per-atom file written by `analyze --atoms`.
fn ours(path: &PathBuf) -> (Vec<i64>, Vec<i64>, f64) {
    let f = nanocoalesce::io::extxyz::read(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cutoff: f64 = f.info["CoordinationCutoff"].parse().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let mut cna = Vec::new();
    let mut coord = Vec::new();
    for line in text.lines().skip(2) {
        let c: Vec<&str> = line.split_whitespace().collect();
        cna.push(c[4].parse().unwrap());
        coord.push(c[5].parse().unwrap());
    }
    (cna, coord, cutoff)
}

#[test]
fn adaptive_cna_and_coordination_match_ovito_atom_by_atom() {
    let Some(py) = ovito_python() else { return };
    let dir = repo().join("target/ovito-validation");
    std::fs::create_dir_all(&dir).unwrap();
    let mut cases: Vec<(String, PathBuf)> = Vec::new();
    for (name, particle) in [
        ("icosahedron", "Au:3.0:icosahedron"),
        ("marks-decahedron", "Ag:3.5:marks-decahedron"),
        ("truncated-octahedron", "Pt:3.0:truncated-octahedron"),
    ] {
        let p = dir.join(format!("{name}.extxyz"));
        nanocoalesce(&["build", "--particle", particle, "-o", p.to_str().unwrap()]);
        cases.push((name.into(), p));
    }
    let run = dir.join("run");
    let _ = std::fs::remove_dir_all(&run);
    nanocoalesce(&[
        "run",
        "--link",
        "v=1&a=Au:2.5:sphere&b=Ag:2.5:icosahedron&gap=3&T=900&seed=8&every=300",
        "--steps",
        "600",
        "--out",
        run.to_str().unwrap(),
        "--observables",
        "none",
    ]);
    for k in [1, 2] {
        cases.push((
            format!("900 K run, frame {k}"),
            run.join("trajectory.extxyz"),
        ));
    }
    let mut classes_seen = [false; 5];
    for (k, (name, file)) in cases.iter().enumerate() {
        let frame = if name.contains("frame 2") {
            "2"
        } else if name.contains("frame 1") {
            "1"
        } else {
            "0"
        };
        let per_atom = dir.join(format!("atoms-{k}.extxyz"));
        nanocoalesce(&[
            "analyze",
            file.to_str().unwrap(),
            "--observables",
            "rg",
            "-o",
            dir.join("t.csv").to_str().unwrap(),
            "--frame",
            frame,
            "--atoms",
            per_atom.to_str().unwrap(),
        ]);
        let (cna, coord, cutoff) = ours(&per_atom);
        let o = Command::new(&py)
            .arg(repo().join("scripts/ovito_cna.py"))
            .arg(&per_atom)
            .arg(format!("{cutoff}"))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "OVITO: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let ov_cna: Vec<i64> = v["cna"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap())
            .collect();
        let ov_coord: Vec<i64> = v["coordination"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap())
            .collect();
        assert_eq!(ov_cna.len(), cna.len());
        let differ = (0..cna.len()).filter(|&i| cna[i] != ov_cna[i]).count();
        assert_eq!(
            differ,
            0,
            "{name}: a-CNA differs from OVITO on {differ} of {} atoms",
            cna.len()
        );
        assert_eq!(
            coord, ov_coord,
            "{name}: coordination numbers differ from OVITO's"
        );
        for &c in &cna {
            classes_seen[c as usize] = true;
        }
        eprintln!(
            "{name}: {} atoms, a-CNA and coordination identical to OVITO",
            cna.len()
        );
    }
    // The cases exercise FCC, HCP and ICO (and "other").
    assert!(
        classes_seen[0] && classes_seen[1] && classes_seen[2] && classes_seen[4],
        "{classes_seen:?}"
    );
}
