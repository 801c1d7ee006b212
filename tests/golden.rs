//! Behaviour snapshot: the SHA-256 of every output the command line produces on a fixed set of
//! inputs — stdout, stderr and every file written — for the MD presets (2,000 steps each, with the
//! analysis columns), the kMC and film links, and the inputs of the other CLI tests (every command,
//! every thermostat, hybrid MD/MC, the LAMMPS exports, the analysis of a trajectory and of a LAMMPS
//! dump, and the error messages).
//!
//! The hashes live in `tests/golden/outputs.txt`. A change of behaviour shows up as a named
//! mismatch; a deliberate one (a new physics default, a faster kernel with another summation
//! order) is recorded with `NANOCOALESCE_BLESS=1 cargo test --release --test golden` and committed
//! with the change that caused it. Wall-clock timing lines are dropped before hashing, and the
//! scratch directory's path is replaced by `$DIR`, so the snapshot holds on any machine.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The MD presets of the page as of the snapshot (run 2,000 steps each).
const PRESET_LINKS: &[(&str, &str)] = &[
    (
        "au873",
        "v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42",
    ),
    (
        "au500",
        "v=1&a=Au:3:truncated-octahedron&b=Au:3:truncated-octahedron:0,0,20&gap=3&T=500&seed=7",
    ),
    (
        "au1100",
        "v=1&a=Au:3:truncated-octahedron&b=Au:3:truncated-octahedron:0,0,20&gap=3&T=1100&seed=7",
    ),
    (
        "agau700",
        "v=1&a=Ag:3:sphere&b=Au:3:sphere&gap=4&T=700&seed=3",
    ),
    (
        "cuag700",
        "v=1&a=Cu:2.5:sphere&b=Ag:3:sphere&gap=4&T=700&seed=5",
    ),
    (
        "ptpd600",
        "v=1&a=Pt:3:truncated-octahedron&b=Pd:3:truncated-octahedron:0,0,15&gap=3&T=600&seed=11",
    ),
    (
        "agau700mc",
        "v=1&a=Ag:3:sphere&b=Au:3:sphere&gap=4&T=700&seed=3&mc=20:500",
    ),
    (
        "auag-alloy-mc",
        "v=1&a=Au~0.5,Ag~0.5:3:sphere&T=700&seed=6&mc=10:300",
    ),
    (
        "au873lj",
        "v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42&pot=lj",
    ),
    (
        "cuag700smatb",
        "v=1&a=Cu:2.5:sphere&b=Ag:3:sphere&gap=4&T=700&seed=5&pot=smatb",
    ),
    (
        "niau800",
        "v=1&a=Ni:2.5:sphere&b=Au:3:sphere&gap=4&T=800&seed=13",
    ),
];

/// Steps of each preset run.
const PRESET_STEPS: &str = "2000";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nanocoalesce"))
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Collects the hashes of one command's outputs and of the files it wrote.
struct Recorder {
    dir: PathBuf,
    dir_text: String,
    hashes: BTreeMap<String, String>,
}

impl Recorder {
    fn new() -> Recorder {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("golden");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let dir_text = dir.to_string_lossy().into_owned();
        Recorder {
            dir,
            dir_text,
            hashes: BTreeMap::new(),
        }
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).to_string_lossy().into_owned()
    }

    fn write(&self, name: &str, text: &str) -> String {
        let p = self.path(name);
        if let Some(parent) = Path::new(&p).parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Text with the scratch directory's path replaced and wall-clock lines removed.
    fn normalise(&self, text: &str) -> String {
        text.replace(&self.dir_text, "$DIR")
            .lines()
            .filter(|l| !l.starts_with("timing ") && !l.contains("events/s"))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    fn record(&mut self, key: String, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let norm = self.normalise(&text);
        assert!(
            self.hashes
                .insert(key.clone(), sha(norm.as_bytes()))
                .is_none(),
            "{key} recorded twice"
        );
    }

    /// Runs the CLI with `args` (`$DIR` stands for the scratch directory), records stdout,
    /// stderr, the exit status and every file under `outputs` (files or directories, relative to
    /// the scratch directory).
    fn run(&mut self, name: &str, args: &[&str], outputs: &[&str]) {
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("$DIR", &self.dir_text))
            .collect();
        let o = bin().args(&args).output().expect("binary runs");
        self.record(
            format!("{name} status"),
            o.status.code().unwrap_or(-1).to_string().as_bytes(),
        );
        self.record(format!("{name} stdout"), &o.stdout);
        self.record(format!("{name} stderr"), &o.stderr);
        for out in outputs {
            let p = self.dir.join(out);
            let mut files = Vec::new();
            collect_files(&p, &mut files);
            assert!(!files.is_empty(), "{name}: no output at {out}");
            for f in files {
                let rel = f
                    .strip_prefix(&self.dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let bytes = std::fs::read(&f).unwrap();
                self.record(format!("{name} file {rel}"), &bytes);
            }
        }
    }
}

fn collect_files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for e in entries {
            collect_files(&e, out);
        }
    } else if p.exists() {
        out.push(p.to_path_buf());
    }
}

/// A small valid funcfl text for Au (as in the CLI tests).
fn funcfl_text() -> String {
    let mut s = String::from("Au test\n79 196.97 4.08 FCC\n10 0.5 10 0.6 5.4\n");
    for _ in 0..3 {
        s += "0 1 2 3 4\n5 6 7 8 9\n";
    }
    s
}

/// A LAMMPS text dump of two small Au clusters (two frames), as an exported deck writes it.
fn dump_text() -> String {
    let mut s = String::new();
    for (step, shift) in [(0, 0.0), (100, 0.05)] {
        s += &format!("ITEM: TIMESTEP\n{step}\nITEM: NUMBER OF ATOMS\n8\n");
        s += "ITEM: BOX BOUNDS mm mm mm\n-10 20\n-10 10\n-10 10\n";
        s += "ITEM: ATOMS id type x y z v_particle\n";
        let mut id = 1;
        for (p, cx) in [(0, 0.0), (1, 6.5)] {
            for (dx, dy, dz) in [
                (0.0, 0.0, 0.0),
                (2.04, 2.04, 0.0),
                (2.04, 0.0, 2.04),
                (0.0, 2.04, 2.04),
            ] {
                s += &format!("{id} 1 {} {} {} {p}\n", cx + dx + shift * p as f64, dy, dz);
                id += 1;
            }
        }
    }
    s
}

fn inputs(r: &mut Recorder) {
    // Potentials and structures.
    r.run(
        "potential-au",
        &["potential", "zhou", "Au", "-o", "$DIR/Au.eam.alloy"],
        &["Au.eam.alloy"],
    );
    r.run(
        "potential-auag",
        &[
            "potential",
            "zhou",
            "Au",
            "Ag",
            "-o",
            "$DIR/AuAg.eam.alloy",
            "--nr",
            "500",
            "--nrho",
            "700",
        ],
        &["AuAg.eam.alloy"],
    );
    r.run(
        "build-pair",
        &[
            "build",
            "--particle",
            "Au:1.6:sphere",
            "--particle",
            "Au:1.6:sphere",
            "--gap",
            "4",
            "-o",
            "$DIR/pair.extxyz",
        ],
        &["pair.extxyz"],
    );
    r.run(
        "build-chemistries",
        &[
            "build",
            "--particle",
            "Cu@Ag~0.6:2:truncated-octahedron:0,0,30",
            "--particle",
            "Au~0.3,Ag~0.7:2:icosahedron",
            "--particle",
            "Au/Ni~0.4:2:marks-decahedron:10,20,30",
            "--particle",
            "Pt:1.5:cuboctahedron",
            "--particle",
            "Pd:1.5:octahedron",
            "--particle",
            "Ag:1.5:ino-decahedron",
            "--axis",
            "1,1,0",
            "--gap",
            "3.5",
            "--seed",
            "7",
            "-o",
            "$DIR/chem.extxyz",
        ],
        &["chem.extxyz"],
    );
    let dimer = r.write(
        "dimer.extxyz",
        "3\nProperties=species:S:1:pos:R:3\nAu 0 0 0\nAu 2.9 0 0\nAu 0 2.9 0\n",
    );
    r.run(
        "energy-dimer",
        &[
            "energy",
            "--potential",
            "$DIR/Au.eam.alloy",
            "--structure",
            &dimer,
            "--threads",
            "1",
        ],
        &[],
    );
    r.run(
        "energy-pair",
        &[
            "energy",
            "--potential",
            "$DIR/Au.eam.alloy",
            "--structure",
            "$DIR/pair.extxyz",
            "--threads",
            "2",
        ],
        &[],
    );
    let funcfl = r.write("Au_test.eam", &funcfl_text());
    let one = r.write(
        "one.extxyz",
        "2\nProperties=species:S:1:pos:R:3\nAu 0 0 0\nAu 2.9 0 0\n",
    );
    r.run(
        "energy-funcfl",
        &["energy", "--potential", &funcfl, "--structure", &one],
        &[],
    );

    // MD with each thermostat, a ramp, hybrid MD/MC.
    for (name, thermo) in [
        ("langevin", "langevin"),
        ("nh", "nose-hoover"),
        ("csvr", "csvr"),
        ("nve", "none"),
    ] {
        let out = format!("$DIR/md-{name}");
        r.run(
            &format!("md-{name}"),
            &[
                "md",
                "--potential",
                "$DIR/Au.eam.alloy",
                "--structure",
                "$DIR/pair.extxyz",
                "--steps",
                "50",
                "--dt",
                "0.002",
                "--temperature",
                "800",
                "--thermostat",
                thermo,
                "--damping",
                "0.1",
                "--seed",
                "3",
                "--threads",
                "2",
                "--out",
                &out,
                "--every",
                "20",
            ],
            &[&format!("md-{name}")],
        );
    }
    r.run(
        "build-auag",
        &[
            "build",
            "--particle",
            "Au:1.6:sphere",
            "--particle",
            "Ag:1.6:sphere",
            "-o",
            "$DIR/auag.extxyz",
        ],
        &["auag.extxyz"],
    );
    r.run(
        "md-ramp-mc",
        &[
            "md",
            "--potential",
            "$DIR/AuAg.eam.alloy",
            "--structure",
            "$DIR/auag.extxyz",
            "--steps",
            "60",
            "--dt",
            "0.003",
            "--temperature",
            "600",
            "--final-temperature",
            "900",
            "--thermostat",
            "csvr",
            "--seed",
            "5",
            "--mc",
            "10:50:surface",
            "--observables",
            "all",
            "--skin",
            "0.8",
            "--out",
            "$DIR/md-mc",
            "--every",
            "15",
        ],
        &["md-mc"],
    );

    // Scenario files and links.
    let sc = r.write(
        "scenario.json",
        r#"{"version":1,"structure":{"particles":[{"shape":"sphere","diameter_nm":1.5,"chemistry":{"kind":"pure","element":"Ag"}},{"shape":"sphere","diameter_nm":1.5,"chemistry":{"kind":"pure","element":"Au"}}],"gap_angstrom":4.0,"axis":[1,0,0]},"temperature_K":700,"thermostat":"csvr","steps":20,"seed":9,"output_every":10}"#,
    );
    r.run(
        "run-scenario",
        &["run", &sc, "--threads", "2", "--out", "$DIR/run-scenario"],
        &["run-scenario"],
    );
    let sc_file = r.write(
        "scenario-file.json",
        r#"{"version":1,"structure":{"file":"auag.extxyz"},"potential":{"kind":"setfl","file":"AuAg.eam.alloy"},"temperature_K":500,"thermostat":"langevin","steps":30,"seed":2,"output_every":10}"#,
    );
    r.run(
        "run-scenario-files",
        &["run", &sc_file, "--out", "$DIR/run-files"],
        &["run-files"],
    );
    r.run(
        "run-link",
        &["run", "--link", "https://example.org/?v=1&a=Au:1.5:sphere&b=Ag:1.5:icosahedron&gap=4&T=700&seed=42&thermo=langevin", "--steps", "30", "--threads", "1"],
        &[],
    );
    for (name, pot) in [
        ("smatb", "smatb"),
        ("morse", "morse"),
        ("lj", "lj"),
        ("analytic", "zhou-analytic"),
    ] {
        r.run(
            &format!("run-{name}"),
            &[
                "run",
                "--link",
                &format!("v=1&a=Cu:1.5:sphere&b=Ag:1.5:sphere&gap=4&T=600&seed=4&pot={pot}"),
                "--steps",
                "40",
                "--out",
                &format!("$DIR/run-{name}"),
                "--observables",
                "all",
            ],
            &[&format!("run-{name}")],
        );
    }

    // Analysis of a trajectory (every observable, g(r), XRD, per-atom classes) and of a dump.
    r.run(
        "run-analysis",
        &[
            "run",
            "--link",
            "v=1&a=Au:2.0:sphere&b=Au:2.0:sphere&gap=4&T=600&seed=5&steps=1000&every=50",
            "--out",
            "$DIR/analysis-run",
        ],
        &["analysis-run"],
    );
    r.run(
        "analyze",
        &[
            "analyze",
            "$DIR/analysis-run/trajectory.extxyz",
            "--observables",
            "all",
            "-o",
            "$DIR/table.csv",
            "--rdf",
            "$DIR/rdf.csv",
            "--xrd",
            "$DIR/xrd.csv",
            "--atoms",
            "$DIR/atoms.extxyz",
        ],
        &["table.csv", "rdf.csv", "xrd.csv", "atoms.extxyz"],
    );
    r.run(
        "analyze-default",
        &[
            "analyze",
            "$DIR/analysis-run/trajectory.extxyz",
            "--frame",
            "3",
            "--rmax",
            "6",
            "--rdf",
            "$DIR/rdf3.csv",
        ],
        &["rdf3.csv"],
    );
    let dump = r.write("traj.lammpstrj", &dump_text());
    r.run(
        "analyze-dump",
        &[
            "analyze",
            &dump,
            "--observables",
            "shrinkage,rg,coordination",
        ],
        &[],
    );
    let mut csv = String::from("step,temperature_K,potential_per_atom_eV\n");
    for k in 0..3000 {
        let t = 300.0 + 0.4 * k as f64;
        let e = -3.9 + 2.6e-4 * t + 0.08 / (1.0 + (-(t - 1010.0) / 6.0f64).exp());
        csv += &format!("{k},{t},{e}\n");
    }
    let cal = r.write("caloric.csv", &csv);
    r.run("caloric", &["caloric", &cal, "--bin", "8"], &[]);

    // LAMMPS exports and sweeps.
    for (name, link) in [
        (
            "deck-nh",
            "v=1&a=Au:2:sphere&b=Ag:2:sphere&gap=4&T=700&T1=900&seed=1&steps=1000",
        ),
        (
            "deck-langevin",
            "v=1&a=Au:2:sphere&b=Au:2:sphere&T=700&seed=1&thermo=langevin&tau=0.2",
        ),
        (
            "deck-csvr-mc",
            "v=1&a=Au:2:sphere&b=Ag:2:sphere&T=700&seed=1&thermo=csvr&mc=10:100:surface",
        ),
        (
            "deck-nve",
            "v=1&a=Au:2:sphere&T=300&seed=1&thermo=none&every=25",
        ),
        (
            "deck-smatb",
            "v=1&a=Cu:2:sphere&b=Ag:2:sphere&T=600&seed=2&pot=smatb",
        ),
        (
            "deck-morse",
            "v=1&a=Au:2:sphere&b=Au:2:sphere&T=600&seed=2&pot=morse",
        ),
        (
            "deck-lj",
            "v=1&a=Au:2:sphere&b=Au:2:sphere&T=600&seed=2&pot=lj",
        ),
        (
            "deck-analytic",
            "v=1&a=Au:2:sphere&b=Au:2:sphere&T=600&seed=2&pot=zhou-analytic",
        ),
    ] {
        r.run(
            name,
            &[
                "export-lammps",
                "--link",
                link,
                "--out",
                &format!("$DIR/{name}"),
                "--steps",
                "500",
            ],
            &[name],
        );
    }
    r.run(
        "deck-file",
        &["export-lammps", &sc_file, "--out", "$DIR/deck-file"],
        &["deck-file"],
    );
    r.run(
        "sweep",
        &[
            "sweep",
            "--link",
            "v=1&a=Au:2:sphere&b=Ag:2:sphere&gap=4&T=700&seed=1&steps=1000",
            "--temperatures",
            "500,800",
            "--diameters",
            "2,2.5",
            "--out",
            "$DIR/sweep",
        ],
        &["sweep"],
    );

    // Kinetic Monte Carlo.
    r.run(
        "kmc-neck",
        &[
            "kmc-neck",
            "--radius-nm",
            "1",
            "--temperature",
            "700",
            "--events",
            "200000",
            "--samples",
            "30",
            "--seed",
            "2",
            "--out",
            "$DIR/kmc-neck",
        ],
        &["kmc-neck"],
    );
    r.run(
        "kmc-neck-options",
        &[
            "kmc-neck",
            "--radius-nm",
            "0.8",
            "--temperature",
            "900",
            "--events",
            "50000",
            "--nu",
            "2e12",
            "--e0",
            "0.05",
            "--eb",
            "0.25",
            "--lattice",
            "3.9",
            "--seed",
            "3",
        ],
        &[],
    );
    r.run(
        "kmc-neck-preset",
        &[
            "kmc-neck",
            "--link",
            "v=1&kmc=neck&r=1&T=700&seed=1&events=20000000",
            "--events",
            "2000000",
            "--out",
            "$DIR/kmc-preset",
        ],
        &["kmc-preset"],
    );
    r.run(
        "kmc-film-preset",
        &[
            "kmc-film",
            "--link",
            "v=1&kmc=film&L=200&F=1&D=1e6&theta=0.25&seed=1",
            "--out",
            "$DIR/film",
        ],
        &["film"],
    );
    r.run(
        "kmc-film",
        &[
            "kmc-film",
            "--size",
            "120",
            "--flux",
            "1",
            "--diffusion",
            "1e5",
            "--coverage",
            "0.15",
            "--seed",
            "3",
        ],
        &[],
    );

    // Errors: one line each.
    let badpot = r.write(
        "bad.eam.alloy",
        "a\nb\nc\n1 Au\n100 0.1 100 0.1 5.0\n79 196.97 4.08 fcc\n1 2 3\n",
    );
    let silver = r.write("silver.extxyz", "2\n\nAu 0 0 0\nAg 2.9 0 0\n");
    let overlap = r.write("overlap.extxyz", "3\n\nAu 0 0 0\nAu 0.3 0 0\nAu 5 0 0\n");
    let nan = r.write("nan.extxyz", "2\n\nAu 0 0 0\nAu nan 0 0\n");
    let close = r.write("close.extxyz", "2\n\nAu 0 0 0\nAu 1.02 0 0\n");
    let bad_funcfl = r.write("bad.eam", "comment\n79 196.97\n");
    let bad_fs = r.write(
        "bad.eam.fs",
        "a\nb\nc\n2 Cu Zr\n10 0.1 10 0.1 5.0\n29 63.5 3.6 fcc\n1 2 3\n",
    );
    let bad_csv = r.write("bad.csv", "a,b\n1,2\n");
    let md = |s: &str, steps: &str, dt: &str| -> Vec<String> {
        [
            "md",
            "--potential",
            "$DIR/Au.eam.alloy",
            "--structure",
            s,
            "--steps",
            steps,
            "--dt",
            dt,
            "--temperature",
            "300",
            "--threads",
            "1",
        ]
        .iter()
        .map(|x| x.to_string())
        .collect()
    };
    let errors: Vec<(&str, Vec<String>)> = vec![
        (
            "no-potential-file",
            strs(&[
                "energy",
                "--potential",
                "/no/such/file",
                "--structure",
                &one,
            ]),
        ),
        (
            "no-structure-file",
            strs(&[
                "energy",
                "--potential",
                "$DIR/Au.eam.alloy",
                "--structure",
                "/no/such.extxyz",
            ]),
        ),
        (
            "element-missing",
            strs(&[
                "energy",
                "--potential",
                "$DIR/Au.eam.alloy",
                "--structure",
                &silver,
            ]),
        ),
        (
            "overlap",
            strs(&[
                "energy",
                "--potential",
                "$DIR/Au.eam.alloy",
                "--structure",
                &overlap,
            ]),
        ),
        (
            "nan",
            strs(&[
                "energy",
                "--potential",
                "$DIR/Au.eam.alloy",
                "--structure",
                &nan,
            ]),
        ),
        (
            "bad-setfl",
            strs(&["energy", "--potential", &badpot, "--structure", &one]),
        ),
        (
            "bad-funcfl",
            strs(&["energy", "--potential", &bad_funcfl, "--structure", &one]),
        ),
        (
            "bad-fs",
            strs(&["energy", "--potential", &bad_fs, "--structure", &one]),
        ),
        (
            "dup-funcfl",
            strs(&[
                "energy",
                "--potential",
                &format!("{funcfl},{funcfl}"),
                "--structure",
                &one,
            ]),
        ),
        ("negative-steps", md(&one, "-5", "0.002")),
        ("nan-dt", md(&one, "10", "nan")),
        ("big-dt", md(&one, "10", "0.5")),
        ("blowup", md(&close, "200", "0.02")),
        (
            "unknown-element",
            strs(&[
                "build",
                "--particle",
                "Xx:3.0:sphere",
                "-o",
                "$DIR/x.extxyz",
            ]),
        ),
        (
            "unknown-shape",
            strs(&["build", "--particle", "Au:3.0:blob", "-o", "$DIR/x.extxyz"]),
        ),
        ("no-particle", strs(&["build", "-o", "$DIR/x.extxyz"])),
        (
            "unknown-zhou",
            strs(&["potential", "zhou", "Au", "Unobtainium", "-o", "$DIR/u.eam"]),
        ),
        (
            "unknown-family",
            strs(&["potential", "gupta", "Au", "-o", "$DIR/u.eam"]),
        ),
        ("unknown-command", strs(&["frobnicate"])),
        ("unknown-option", strs(&["md", "--wibble", "3"])),
        (
            "missing-option",
            strs(&["md", "--potential", "$DIR/Au.eam.alloy"]),
        ),
        (
            "option-twice",
            strs(&["md", "--steps", "3", "--steps", "4"]),
        ),
        ("option-no-value", strs(&["energy", "--potential"])),
        (
            "threads-0",
            strs(&[
                "energy",
                "--potential",
                "$DIR/Au.eam.alloy",
                "--structure",
                &one,
                "--threads",
                "0",
            ]),
        ),
        (
            "link-no-seed",
            strs(&["run", "--link", "v=1&a=Au:1.5:sphere&T=700"]),
        ),
        (
            "link-kmc-in-md",
            strs(&[
                "export-lammps",
                "--link",
                "v=1&kmc=neck&r=1&T=700&seed=1",
                "--out",
                "$DIR/x",
            ]),
        ),
        (
            "deck-no-out",
            strs(&["export-lammps", "--link", "v=1&a=Au:2:sphere&T=700&seed=1"]),
        ),
        (
            "unknown-pot",
            strs(&["run", "--link", "v=1&a=Au:2:sphere&T=700&seed=1&pot=gupta"]),
        ),
        (
            "smatb-fe",
            strs(&["run", "--link", "v=1&a=Fe:2:sphere&T=700&seed=1&pot=smatb"]),
        ),
        ("run-usage", strs(&["run"])),
        ("analyze-missing", strs(&["analyze", "/nonexistent.extxyz"])),
        (
            "analyze-bogus",
            strs(&["analyze", &one, "--observables", "neck,bogus"]),
        ),
        (
            "analyze-frame",
            strs(&[
                "analyze",
                &one,
                "--observables",
                "rg",
                "--frame",
                "7",
                "--rdf",
                "$DIR/x.csv",
            ]),
        ),
        ("caloric-no-column", strs(&["caloric", &bad_csv])),
        (
            "sweep-bad-number",
            strs(&[
                "sweep",
                "--link",
                "v=1&a=Au:2:sphere&T=700&seed=1",
                "--temperatures",
                "500,x",
                "--out",
                "$DIR/x",
            ]),
        ),
        (
            "sweep-no-temperature",
            strs(&[
                "sweep",
                "--link",
                "v=1&a=Au:2:sphere&T=700&seed=1",
                "--out",
                "$DIR/x",
            ]),
        ),
        (
            "kmc-bad-rate",
            strs(&[
                "kmc-neck",
                "--radius-nm",
                "1",
                "--temperature",
                "-3",
                "--events",
                "10",
            ]),
        ),
        (
            "kmc-link-bad",
            strs(&["kmc-neck", "--link", "v=1&kmc=neck&T=600&seed=1"]),
        ),
        (
            "film-missing",
            strs(&["kmc-film", "--size", "100", "--flux", "1"]),
        ),
        (
            "film-link-bad",
            strs(&[
                "kmc-film",
                "--link",
                "v=1&kmc=film&L=120&F=1&theta=0.15&seed=3",
            ]),
        ),
    ];
    for (name, args) in &errors {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        r.run(&format!("error-{name}"), &refs, &[]);
    }

    // The presets, 2,000 steps each, with trajectory and analysis columns.
    for (name, link) in PRESET_LINKS {
        r.run(
            &format!("preset-{name}"),
            &[
                "run",
                "--link",
                link,
                "--steps",
                PRESET_STEPS,
                "--threads",
                "2",
                "--out",
                &format!("$DIR/preset-{name}"),
            ],
            &[&format!("preset-{name}")],
        );
    }
}

fn strs(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_output_is_as_recorded() {
    let mut r = Recorder::new();
    inputs(&mut r);
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/outputs.txt");
    let table: String = r.hashes.iter().map(|(k, v)| format!("{v} {k}\n")).collect();
    if std::env::var_os("NANOCOALESCE_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &table).unwrap();
        eprintln!("recorded {} hashes in {}", r.hashes.len(), file.display());
        return;
    }
    let want = std::fs::read_to_string(&file)
        .expect("tests/golden/outputs.txt (record it with NANOCOALESCE_BLESS=1)");
    let want: BTreeMap<String, String> = want
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(h, k)| (k.to_string(), h.to_string()))
        .collect();
    let mut diffs = Vec::new();
    for (k, h) in &r.hashes {
        match want.get(k) {
            Some(w) if w == h => {}
            Some(_) => diffs.push(format!("changed: {k}")),
            None => diffs.push(format!("new: {k}")),
        }
    }
    for k in want.keys() {
        if !r.hashes.contains_key(k) {
            diffs.push(format!("missing: {k}"));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} of {} outputs differ from tests/golden/outputs.txt:\n{}",
        diffs.len(),
        r.hashes.len(),
        diffs.join("\n")
    );
}
