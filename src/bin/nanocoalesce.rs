//! `nanocoalesce`: the native command line. A thin front end: parses arguments, reads and writes
//! files, and calls the engine. Every error is one line on stderr and a non-zero exit.

use nanocoalesce::analysis::{self, Analyzer};
use nanocoalesce::base::error::{Error, Result};
use nanocoalesce::io::extxyz::{self, Frame};
use nanocoalesce::potential::zhou::zhou_setfl;
use nanocoalesce::scenario::{PotentialSpec, Scenario, StructureSpec};
use nanocoalesce::sim::{self, Simulation};
use nanocoalesce::structure::{build_scene, SceneSpec};
use nanocoalesce::thermostat::ThermostatKind;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

const USAGE: &str = "\
nanocoalesce: metal nanoparticle coalescence by EAM molecular dynamics (units: Å, eV, ps, amu, K)

USAGE:
  nanocoalesce energy --potential FILE --structure FILE.extxyz [--threads N]
  nanocoalesce md --potential FILE --structure FILE.extxyz --steps N --dt PS --temperature K
                  [--final-temperature K] [--thermostat none|langevin|nose-hoover|csvr] [--damping PS]
                  [--seed S] [--threads N] [--out DIR] [--every M] [--skin A]
                  [--mc EVERY:ATTEMPTS[:surface]]
  nanocoalesce run SCENARIO.json | --link URL [--steps N] [--threads N] [--out DIR]
  nanocoalesce export-lammps SCENARIO.json | --link URL --out DIR [--steps N]
  nanocoalesce sweep SCENARIO.json | --link URL --temperatures T1,T2,... [--diameters D1,D2,...]
                  --out DIR
  nanocoalesce build --particle CHEM:DIAMETER_NM:SHAPE[:RX,RY,RZ] [--particle ...] [--gap A]
                  [--axis X,Y,Z] [--seed S] -o FILE.extxyz
  nanocoalesce potential zhou EL [EL ...] -o FILE.eam.alloy [--nr N] [--nrho N]
  nanocoalesce analyze TRAJECTORY.extxyz [--observables LIST|all] [-o TABLE.csv] [--frame K]
                  [--rdf FILE.csv] [--rmax A] [--xrd FILE.csv] [--wavelength A] [--atoms FILE.extxyz]
                  [--threads N]
  nanocoalesce caloric OBSERVABLES.csv [--bin K]
  nanocoalesce kmc-neck --radius-nm R --temperature K --events N [--nu HZ] [--e0 EV] [--eb EV]
                  [--lattice A] [--samples S] [--seed S] [--out DIR]
  nanocoalesce kmc-neck --link URL [--events N] [--out DIR]
  nanocoalesce kmc-film --size L --flux F --diffusion D --coverage THETA [--seed S] [--out DIR]
  nanocoalesce kmc-film --link URL [--out DIR]

`md` and `run` with --out DIR write DIR/observables.csv (energies, temperature and the analysis
observables, default rg,neck,surface; --observables LIST|all|none) and
DIR/trajectory.extxyz every --every steps. Observables: shrinkage, rg, neck, surface, cna,
coordination, rotation, lindemann. `analyze` computes them for every frame of a trajectory (and
fits the neck growth exponent and the sintering time), g(r) and the XRD pattern (Debye equation,
Cu Kα by default; Scherrer size) of frame K (default: the last); --atoms writes frame K with
per-atom a-CNA class, coordination and surface flag. `caloric` reads temperature_K and
potential_per_atom_eV from a heating run's observables.csv and prints the melting point.
`kmc-neck` grows the neck between two touching fcc spheres by kinetic Monte Carlo of surface
diffusion (hop rate ν·exp(−(E0 + n·Eb)/kT) for an atom with n bonds; defaults ν = 1e13 /s,
E0 = 0, Eb = 0.2 eV, a = 4.08 Å), prints neck radius vs time (s) and the fitted growth exponent,
and with --out writes neck.csv and the final atoms as final.extxyz. `kmc-film` grows a film by
deposition, diffusion and aggregation of nanoparticles on an L × L substrate (flux F per site per
s, hop rate D per direction), prints coverage and island density vs time, and with --out writes
film.csv and the picture film.pgm.

CHEM is an element (Au), core@shell~fraction (Cu@Ag~0.6), a random alloy (Au~0.3,Ag~0.7) or a
Janus particle (Au/Ag~0.5). Shapes: sphere, cuboctahedron, octahedron, truncated-octahedron, icosahedron, ino-decahedron,
marks-decahedron. The potential FILE is a LAMMPS EAM file: setfl (eam/alloy), *.eam.fs
(eam/fs) or DYNAMO funcfl *.eam (several comma-separated, one per element).
`export-lammps` writes a runnable LAMMPS deck for the scenario (atoms.data with our initial
velocities, the potential file, in.coalesce, README.md): `mpirun -np N lmp -in in.coalesce`.
`sweep` writes one deck per temperature (× particle diameter) point, points.txt, a Slurm job-array
script submit.slurm and run_all.sh.
A share link (`--link`) is the page's URL or its query, e.g. \
`?v=1&a=Au:3.0:sphere&b=Ag:3.0:icosahedron&gap=4&T=700&seed=42`; `--steps N` runs only the first N
steps of the scenario (its temperature schedule unchanged).
`md` and `run` print `positions_sha256 <hex>` last: SHA-256 of the final positions
(little-endian f64, x y z per atom, in atom order).";

fn main() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        eprintln!("error: internal error ({msg}); please report this with the command you ran");
    }));
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = dispatch(&args) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn dispatch(args: &[String]) -> Result<()> {
    let Some(cmd) = args.first() else {
        println!("{USAGE}");
        return Ok(());
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "energy" => cmd_energy(&Args::parse(
            rest,
            &["potential", "structure", "threads"],
            &[],
        )?),
        "md" => cmd_md(&Args::parse(
            rest,
            &[
                "potential",
                "structure",
                "steps",
                "dt",
                "temperature",
                "final-temperature",
                "thermostat",
                "damping",
                "seed",
                "threads",
                "out",
                "every",
                "skin",
                "observables",
                "mc",
            ],
            &[],
        )?),
        "run" => cmd_run(&Args::parse(
            rest,
            &["threads", "out", "link", "steps", "observables"],
            &[],
        )?),
        "export-lammps" => cmd_export_lammps(&Args::parse(
            rest,
            &["out", "link", "steps", "threads"],
            &[],
        )?),
        "sweep" => cmd_sweep(&Args::parse(
            rest,
            &["out", "link", "temperatures", "diameters", "threads"],
            &[],
        )?),
        "build" => cmd_build(&Args::parse(
            rest,
            &["gap", "axis", "seed", "o", "out"],
            &["particle"],
        )?),
        "potential" => cmd_potential(&Args::parse(rest, &["o", "out", "nr", "nrho"], &[])?),
        "analyze" => cmd_analyze(&Args::parse(
            rest,
            &[
                "observables",
                "o",
                "out",
                "frame",
                "rdf",
                "rmax",
                "xrd",
                "wavelength",
                "threads",
                "atoms",
            ],
            &[],
        )?),
        "caloric" => cmd_caloric(&Args::parse(rest, &["bin"], &[])?),
        "kmc-film" => cmd_kmc_film(&Args::parse(
            rest,
            &["size", "flux", "diffusion", "coverage", "seed", "out", "link"],
            &[],
        )?),
        "kmc-neck" => cmd_kmc_neck(&Args::parse(
            rest,
            &[
                "radius-nm",
                "temperature",
                "events",
                "nu",
                "e0",
                "eb",
                "lattice",
                "samples",
                "seed",
                "out",
                "link",
            ],
            &[],
        )?),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail(format!(
            "unknown command '{other}' (try: energy, md, run, build, potential, analyze, caloric, kmc-neck, kmc-film, help)"
        )),
    }
}

fn bail<T>(msg: String) -> Result<T> {
    Err(Error::new(msg))
}

/// `--key value` options (single or repeatable) and positional arguments.
struct Args {
    single: BTreeMap<String, String>,
    multi: BTreeMap<String, Vec<String>>,
    positional: Vec<String>,
}

impl Args {
    fn parse(args: &[String], single: &[&str], multi: &[&str]) -> Result<Args> {
        let mut a = Args {
            single: BTreeMap::new(),
            multi: BTreeMap::new(),
            positional: Vec::new(),
        };
        let mut i = 0;
        while i < args.len() {
            let t = &args[i];
            let key = t
                .strip_prefix("--")
                .or_else(|| t.strip_prefix('-').filter(|k| k.len() == 1));
            match key {
                Some(k) if single.contains(&k) || multi.contains(&k) => {
                    let v = args
                        .get(i + 1)
                        .ok_or_else(|| Error::new(format!("option --{k} needs a value")))?;
                    if multi.contains(&k) {
                        a.multi.entry(k.to_string()).or_default().push(v.clone());
                    } else if a.single.insert(k.to_string(), v.clone()).is_some() {
                        return bail(format!("option --{k} is given twice"));
                    }
                    i += 2;
                }
                Some(k) if t.starts_with('-') && t.parse::<f64>().is_err() => {
                    return bail(format!("unknown option '--{k}'"));
                }
                _ => {
                    a.positional.push(t.clone());
                    i += 1;
                }
            }
        }
        Ok(a)
    }

    fn get(&self, k: &str) -> Option<&str> {
        self.single.get(k).map(String::as_str)
    }

    fn req(&self, k: &str) -> Result<&str> {
        self.get(k)
            .ok_or_else(|| Error::new(format!("missing required option --{k}")))
    }

    fn num<T: std::str::FromStr>(&self, k: &str, what: &str) -> Result<Option<T>> {
        match self.get(k) {
            None => Ok(None),
            Some(v) => v
                .parse::<T>()
                .map(Some)
                .map_err(|_| Error::new(format!("--{k}: '{v}' is not {what}"))),
        }
    }

    fn float(&self, k: &str) -> Result<Option<f64>> {
        let v: Option<f64> = self.num(k, "a number")?;
        if let Some(x) = v {
            if !x.is_finite() {
                return bail(format!("--{k}: '{x}' is not a finite number"));
            }
        }
        Ok(v)
    }

    fn out_path(&self) -> Result<&str> {
        self.get("o")
            .or(self.get("out"))
            .ok_or_else(|| Error::new("missing output file: give -o FILE".to_string()))
    }
}

fn read_file(path: &str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::new(format!("cannot read '{path}': {e}")))
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text)
        .map_err(|e| Error::new(format!("cannot write '{}': {e}", path.display())))
}

/// Runs `f` on a pool of `--threads` threads (default: all cores).
fn with_threads<T: Send>(a: &Args, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let n: usize = a.num("threads", "a positive integer")?.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    if n == 0 || n > 1024 {
        return bail(format!("--threads {n} is out of range (1 to 1024)"));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| Error::new(format!("cannot start {n} threads: {e}")))?;
    pool.install(f)
}

/// The potential of one or more LAMMPS EAM files, by extension (see
/// [`PotentialSpec::from_files`]).
fn potential_of_files(
    list: &str,
) -> Result<std::sync::Arc<dyn nanocoalesce::potential::Potential>> {
    sim::potential_of_spec(&PotentialSpec::from_files(list), &[], &|f: &str| {
        read_file(f)
    })
}

/// The atoms of an extxyz file, with the potential of LAMMPS EAM file(s).
fn load_system(
    a: &Args,
) -> Result<(
    nanocoalesce::system::System,
    std::sync::Arc<dyn nanocoalesce::potential::Potential>,
)> {
    let pfile = a.req("potential")?;
    let sfile = a.req("structure")?;
    let potential = potential_of_files(pfile)?;
    let frame = extxyz::read(&read_file(sfile)?).map_err(|e| e.context(sfile))?;
    let sys = sim::system_from_atoms(
        potential.as_ref(),
        &frame.symbols,
        frame.pos,
        frame.particle,
        frame.cell,
    )
    .map_err(|e| e.context(sfile))?;
    Ok((sys, potential))
}

fn cmd_energy(a: &Args) -> Result<()> {
    let (sys, potential) = load_system(a)?;
    let (e, f) = with_threads(a, || {
        let mut engine =
            nanocoalesce::forces::ForceEngine::new(potential, nanocoalesce::forces::DEFAULT_SKIN);
        sim::check_overlaps(&mut engine, &sys)?;
        let e = engine.compute(&sys)?;
        Ok((e, engine.forces.clone()))
    })?;
    let mut s = String::with_capacity(80 * f.len() + 100);
    let _ = write!(
        s,
        "{{\"n_atoms\": {}, \"energy_eV\": {}, \"forces_eV_per_A\": [",
        sys.len(),
        json_f64(e)
    );
    for (i, v) in f.iter().enumerate() {
        let _ = write!(
            s,
            "{}[{}, {}, {}]",
            if i > 0 { ", " } else { "" },
            json_f64(v[0]),
            json_f64(v[1]),
            json_f64(v[2])
        );
    }
    s.push_str("]}");
    println!("{s}");
    Ok(())
}

/// A float as JSON with full round-trip precision.
fn json_f64(x: f64) -> String {
    serde_json::to_string(&x).unwrap_or_else(|_| "null".into())
}

fn cmd_md(a: &Args) -> Result<()> {
    let steps: u64 = a
        .num("steps", "a non-negative integer")?
        .ok_or_else(|| Error::new("missing required option --steps"))?;
    let temperature = a
        .float("temperature")?
        .ok_or_else(|| Error::new("missing required option --temperature"))?;
    let scenario = Scenario {
        version: nanocoalesce::scenario::SCENARIO_VERSION,
        structure: StructureSpec::File {
            file: a.req("structure")?.to_string(),
        },
        potential: PotentialSpec::from_files(a.req("potential")?),
        temperature,
        final_temperature: a.float("final-temperature")?,
        thermostat: ThermostatKind::from_name(a.get("thermostat").unwrap_or("none"))?,
        damping_ps: a.float("damping")?.unwrap_or(0.1),
        dt_ps: a
            .float("dt")?
            .ok_or_else(|| Error::new("missing required option --dt"))?,
        steps,
        seed: a.num("seed", "a non-negative integer")?.unwrap_or(1),
        output_every: a.num("every", "a positive integer")?.unwrap_or(100),
        skin: a
            .float("skin")?
            .unwrap_or(nanocoalesce::forces::DEFAULT_SKIN),
        mc: match a.get("mc") {
            None => None,
            Some(v) => Some(nanocoalesce::link::parse_mc(v).map_err(|e| e.context("--mc"))?),
        },
    };
    scenario.validate()?;
    let (sys, potential) = load_system(a)?;
    let sim = with_threads(a, || Simulation::from_system(&scenario, sys, potential))?;
    run_and_report(a, sim, None)
}

/// A file loader resolving paths relative to a scenario file's directory.
type FileLoader = Box<dyn Fn(&str) -> Result<String> + Send + Sync>;

/// The scenario named by `SCENARIO.json` or `--link URL`, with the loader for the files it names;
/// `usage` is the message for anything else.
fn scenario_of(a: &Args, usage: &str) -> Result<(Scenario, FileLoader)> {
    match (a.get("link"), a.positional.as_slice()) {
        (Some(link), []) => {
            if nanocoalesce::link::is_kmc(link) {
                return bail(
                    "--link: this is a kinetic Monte Carlo link; run it with `nanocoalesce \
                     kmc-neck --link URL` or `kmc-film --link URL` (MD commands need an MD link)"
                        .into(),
                );
            }
            let scenario = nanocoalesce::link::parse(link).map_err(|e| e.context("--link"))?;
            Ok((scenario, Box::new(|p: &str| sim::no_files(p))))
        }
        (None, [file]) => {
            let scenario = Scenario::from_json(&read_file(file)?).map_err(|e| e.context(file))?;
            let base = Path::new(file)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let loader = move |p: &str| -> Result<String> {
                let path = if Path::new(p).is_absolute() {
                    PathBuf::from(p)
                } else {
                    base.join(p)
                };
                read_file(&path.to_string_lossy())
            };
            Ok((scenario, Box::new(loader)))
        }
        _ => bail(usage.into()),
    }
}

fn cmd_run(a: &Args) -> Result<()> {
    let stop: Option<u64> = a.num("steps", "a non-negative integer")?;
    let (scenario, loader) = scenario_of(
        a,
        "usage: nanocoalesce run SCENARIO.json | --link URL [--steps N] [--threads N] [--out DIR]",
    )?;
    let sim = with_threads(a, || Simulation::new(&scenario, &*loader))?;
    run_and_report(a, sim, stop)
}

/// Writes the files of a LAMMPS deck into `dir`.
fn write_deck(dir: &Path, deck: &nanocoalesce::io::lammps_deck::Deck) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::new(format!("cannot create '{}': {e}", dir.display())))?;
    for (name, text) in &deck.files {
        write_file(&dir.join(name), text)?;
    }
    Ok(())
}

/// The frames of an extxyz trajectory or of a LAMMPS text dump (`*.lammpstrj`, `*.dump`, or any
/// file starting with `ITEM:`); a dump's `v_particle` (or `particle`) column gives the particle
/// labels, as the exported decks write it.
fn read_trajectory(file: &str) -> Result<Vec<extxyz::Frame>> {
    let text = read_file(file)?;
    let is_dump = file.ends_with(".lammpstrj")
        || file.ends_with(".dump")
        || text.trim_start().starts_with("ITEM:");
    if !is_dump {
        return extxyz::read_frames(&text).map_err(|e| e.context(file));
    }
    let snapshots =
        nanocoalesce::io::lammps_dump::read_dump(&text, None).map_err(|e| e.context(file))?;
    Ok(snapshots
        .into_iter()
        .map(|(step, mut f)| {
            if let Some(k) = f
                .props
                .iter()
                .position(|(n, _)| n == "v_particle" || n == "particle")
            {
                let (_, v) = f.props.remove(k);
                f.particle = Some(v.iter().map(|&x| x.max(0.0) as u32).collect());
            }
            f.info.insert("Step".into(), step.to_string());
            f
        })
        .collect())
}

fn cmd_export_lammps(a: &Args) -> Result<()> {
    let usage =
        "usage: nanocoalesce export-lammps SCENARIO.json | --link URL --out DIR [--steps N]";
    let (mut scenario, loader) = scenario_of(a, usage)?;
    if let Some(n) = a.num("steps", "a non-negative integer")? {
        scenario.steps = n;
    }
    let out = PathBuf::from(a.get("out").ok_or_else(|| Error::new(usage))?);
    let sim = with_threads(a, || Simulation::new(&scenario, &*loader))?;
    let deck = nanocoalesce::io::lammps_deck::lammps_deck(&scenario, &sim)?;
    write_deck(&out, &deck)?;
    for (name, _) in &deck.files {
        println!("wrote {}", out.join(name).display());
    }
    println!(
        "initial_potential_energy_eV {}",
        json_f64(sim.md.potential_energy())
    );
    println!(
        "run it: cd {} && mpirun -np 4 lmp -in in.coalesce",
        out.display()
    );
    Ok(())
}

/// Parses a comma-separated list of numbers for option `name`.
fn number_list(a: &Args, name: &str) -> Result<Vec<f64>> {
    let Some(v) = a.get(name) else {
        return Ok(Vec::new());
    };
    v.split(',')
        .map(|x| {
            x.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| Error::new(format!("--{name}: '{x}' is not a number")))
        })
        .collect()
}

fn cmd_sweep(a: &Args) -> Result<()> {
    use nanocoalesce::io::lammps_deck::{lammps_deck, local_script, slurm_script, sweep_points};
    let usage = "usage: nanocoalesce sweep SCENARIO.json | --link URL --temperatures T1,T2,... \
                 [--diameters D1,D2,...] --out DIR";
    let (scenario, loader) = scenario_of(a, usage)?;
    let out = PathBuf::from(a.get("out").ok_or_else(|| Error::new(usage))?);
    let points = sweep_points(
        &scenario,
        &number_list(a, "temperatures")?,
        &number_list(a, "diameters")?,
    )?;
    let mut list = String::new();
    for (name, s) in &points {
        let sim = with_threads(a, || Simulation::new(s, &*loader))
            .map_err(|e| e.context(format!("sweep point {name}")))?;
        write_deck(&out.join(name), &lammps_deck(s, &sim)?)?;
        println!("{name}: {} atoms", sim.md.sys.len());
        list += &format!("{name}\n");
    }
    write_file(&out.join("points.txt"), &list)?;
    write_file(&out.join("submit.slurm"), &slurm_script(points.len()))?;
    write_file(&out.join("run_all.sh"), &local_script())?;
    println!(
        "wrote {} decks under {}; on a Slurm cluster: cd {} && sbatch submit.slurm",
        points.len(),
        out.display(),
        out.display()
    );
    Ok(())
}

/// Runs a simulation to its end (or to step `stop`), writing outputs every `output_every` steps,
/// then prints the summary, the timing line and the positions hash (last).
fn run_and_report(a: &Args, mut sim: Simulation, stop: Option<u64>) -> Result<()> {
    let out = a.get("out").map(PathBuf::from);
    if let Some(dir) = &out {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::new(format!(
                "cannot create output directory '{}': {e}",
                dir.display()
            ))
        })?;
    }
    let steps = stop.map_or(sim.scenario.steps, |n| n.min(sim.scenario.steps));
    let every = sim.scenario.output_every;
    let mut csv = String::new();
    let mut traj = String::new();
    let info = analysis::RunInfo::of_scenario(&sim.scenario);
    let mut analyzer = match a.get("observables").unwrap_or("default") {
        "none" => Analyzer::from_names("")?,
        "default" => Analyzer::for_run(&analysis::DEFAULT_RUN_OBSERVABLES.join(","), &info)?,
        list => Analyzer::for_run(list, &info).map_err(|e| e.context("--observables"))?,
    };
    let mut names: Vec<String> = Simulation::observable_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    names.extend(analyzer.columns(&sim.md.sys));
    csv.push_str(&names.join(","));
    csv.push('\n');
    let mut record = |sim: &Simulation, csv: &mut String, traj: &mut String| -> Result<()> {
        let mut row = sim.observables();
        row.extend(analyzer.evaluate(&sim.md.sys, sim.md.time())?);
        let row: Vec<String> = row.iter().map(|v| format!("{v}")).collect();
        csv.push_str(&row.join(","));
        csv.push('\n');
        let frame = Frame::from_system(&sim.md.sys, sim.md.step, sim.md.time());
        extxyz::write_frame(traj, &frame);
        Ok(())
    };
    println!(
        "nanocoalesce: {} atoms, {}, thermostat {}, dt {} ps, {} steps, seed {}",
        sim.md.sys.len(),
        sim.md.engine.potential.describe(),
        sim.scenario.thermostat.name(),
        sim.scenario.dt_ps,
        steps,
        sim.scenario.seed
    );
    let mut md_time = 0.0;
    with_threads(a, || {
        if out.is_some() {
            record(&sim, &mut csv, &mut traj)?;
        }
        while sim.md.step < steps {
            let chunk = (every - sim.md.step % every).min(steps - sim.md.step);
            let t = Instant::now();
            sim.run(chunk)?;
            md_time += t.elapsed().as_secs_f64();
            if out.is_some() && (sim.md.step.is_multiple_of(every) || sim.md.step == steps) {
                record(&sim, &mut csv, &mut traj)?;
            }
        }
        Ok(())
    })?;
    if let Some(dir) = &out {
        write_file(&dir.join("observables.csv"), &csv)?;
        write_file(&dir.join("trajectory.extxyz"), &traj)?;
    }
    let obs = sim.observables();
    println!(
        "final: step {} time {:.4} ps T {:.2} K PE {:.6} eV KE {:.6} eV total {:.6} eV conserved {:.6} eV",
        sim.md.step, obs[1], obs[2], obs[4], obs[5], obs[6], obs[7]
    );
    if sim.scenario.mc.is_some() {
        println!(
            "swaps: {} attempted, {} accepted (acceptance {:.4})",
            sim.swaps.attempted,
            sim.swaps.accepted,
            sim.swaps.acceptance()
        );
    }
    let per = if steps > 0 {
        md_time * 1e6 / (steps as f64 * sim.md.sys.len() as f64)
    } else {
        0.0
    };
    println!("timing {md_time:.4} s, {per:.4} us/atom-step");
    println!(
        "positions_sha256 {}",
        sim::positions_sha256(&sim.md.sys.pos)
    );
    Ok(())
}

fn cmd_build(a: &Args) -> Result<()> {
    let toks = a.multi.get("particle").cloned().unwrap_or_default();
    if toks.is_empty() {
        return bail("give at least one --particle ELEMENT:DIAMETER_NM:SHAPE".into());
    }
    let particles = toks
        .iter()
        .map(|t| {
            nanocoalesce::link::parse_particle(t)
                .map_err(|e| e.context(format!("--particle '{t}'")))
        })
        .collect::<Result<Vec<_>>>()?;
    let scene = SceneSpec {
        particles,
        gap_angstrom: a.float("gap")?.unwrap_or(4.0),
        axis: match a.get("axis") {
            Some(s) => nanocoalesce::link::parse_vec3(s).map_err(|e| e.context("--axis"))?,
            None => [1.0, 0.0, 0.0],
        },
    };
    let seed: u64 = a.num("seed", "a non-negative integer")?.unwrap_or(1);
    let c = build_scene(
        &scene,
        &|el: &str| nanocoalesce::base::elements::reference_lattice_constant(el),
        seed,
    )?;
    let frame = Frame {
        symbols: c
            .species
            .iter()
            .map(|&t| c.elements[t as usize].clone())
            .collect(),
        pos: c.positions.clone(),
        vel: None,
        particle: Some(c.particle.clone()),
        cell: None,
        info: BTreeMap::new(),
        props: Vec::new(),
    };
    let mut s = String::new();
    extxyz::write_frame(&mut s, &frame);
    let out = a.out_path()?;
    write_file(Path::new(out), &s)?;
    println!(
        "wrote {} atoms ({} particle(s)) to {out}",
        c.positions.len(),
        scene.particles.len()
    );
    Ok(())
}

fn cmd_potential(a: &Args) -> Result<()> {
    let Some((kind, elements)) = a.positional.split_first() else {
        return bail("usage: nanocoalesce potential zhou EL [EL ...] -o FILE.eam.alloy".into());
    };
    if kind != "zhou" {
        return bail(format!(
            "unknown potential family '{kind}' (available: zhou)"
        ));
    }
    if elements.is_empty() {
        return bail(
            "list at least one element, e.g. nanocoalesce potential zhou Au Ag -o AuAg.eam.alloy"
                .into(),
        );
    }
    let nr: usize = a
        .num("nr", "a positive integer")?
        .unwrap_or(sim::ZHOU_TABLE_SIZE);
    let nrho: usize = a
        .num("nrho", "a positive integer")?
        .unwrap_or(sim::ZHOU_TABLE_SIZE);
    if nr > 1_000_000 || nrho > 1_000_000 {
        return bail("--nr/--nrho at most 1000000".into());
    }
    let refs: Vec<&str> = elements.iter().map(String::as_str).collect();
    let setfl = zhou_setfl(&refs, nr, nrho)?;
    let out = a.out_path()?;
    write_file(Path::new(out), &setfl.write())?;
    println!(
        "wrote Zhou 2004 EAM for {} to {out} (Nr = {nr}, Nrho = {nrho}, cutoff {:.6} Å)",
        elements.join(" "),
        setfl.cutoff
    );
    Ok(())
}

/// A number formatted for CSV (NaN as an empty cell would hide it; keep it explicit).
fn csv_num(v: f64) -> String {
    format!("{v}")
}

fn cmd_analyze(a: &Args) -> Result<()> {
    let [file] = a.positional.as_slice() else {
        return bail("usage: nanocoalesce analyze TRAJECTORY.extxyz [--observables LIST] [-o TABLE.csv] [--rdf FILE.csv] [--xrd FILE.csv]".into());
    };
    let frames = read_trajectory(file)?;
    if frames.is_empty() {
        return bail(format!("'{file}' holds no frames"));
    }
    let systems = frames
        .iter()
        .enumerate()
        .map(|(k, f)| {
            analysis::system_from_frame(f).map_err(|e| e.context(format!("{file}, frame {k}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let time_of = |k: usize| -> f64 {
        frames[k]
            .info
            .get("Time")
            .and_then(|t| t.parse().ok())
            .unwrap_or(k as f64)
    };
    let list = a.get("observables").unwrap_or("default");
    let list = if list == "default" {
        analysis::DEFAULT_OBSERVABLES.join(",")
    } else {
        list.to_string()
    };
    let mut analyzer = Analyzer::from_names(&list).map_err(|e| e.context("--observables"))?;
    let mut names = vec!["frame".to_string(), "step".into(), "time_ps".into()];
    names.extend(analyzer.columns(&systems[0]));
    let mut rows: Vec<Vec<f64>> = Vec::new();
    with_threads(a, || {
        for (k, sys) in systems.iter().enumerate() {
            if sys.len() != systems[0].len() {
                return bail(format!(
                    "frame {k} has {} atoms, frame 0 has {}: a trajectory keeps its atoms",
                    sys.len(),
                    systems[0].len()
                ));
            }
            let step = frames[k]
                .info
                .get("Step")
                .and_then(|s| s.parse().ok())
                .unwrap_or(k as f64);
            let mut row = vec![k as f64, step, time_of(k)];
            row.extend(
                analyzer
                    .evaluate(sys, time_of(k))
                    .map_err(|e| e.context(format!("frame {k}")))?,
            );
            rows.push(row);
        }
        Ok(())
    })?;
    let mut table = names.join(",") + "\n";
    for r in &rows {
        table += &r.iter().map(|v| csv_num(*v)).collect::<Vec<_>>().join(",");
        table.push('\n');
    }
    match a.get("o").or(a.get("out")) {
        Some(path) => write_file(Path::new(path), &table)?,
        None => print!("{table}"),
    }
    let col = |name: &str| names.iter().position(|n| n == name);
    let series = |c: usize| rows.iter().map(|r| r[c]).collect::<Vec<f64>>();
    let times = series(2);
    if let Some(c) = col("neck_radius_A") {
        let (t, r) = analysis::fit::neck_growth_window(&times, &series(c));
        match analysis::fit::power_law(&t, &r, 0.0, f64::INFINITY) {
            Some(f) => eprintln!(
                "neck growth: r = {:.4} Å · t^{:.4} (t in ps from contact), R² {:.4}, {} frames from {:.4} to {:.4} ps after contact",
                f.prefactor, f.exponent, f.r_squared, f.points, f.t_from, f.t_to
            ),
            None => eprintln!("neck growth: fewer than 3 frames with a neck, no power-law fit"),
        }
    }
    if let Some(c) = col("area_ratio") {
        let from = col("neck_atoms").map_or(0, |n| analysis::fit::contact_index(&series(n)));
        match analysis::fit::sintering_time(&times[from..], &series(c)[from..]) {
            Some((tau, inf)) => eprintln!(
                "sintering time: tau {tau:.4} ps (surface area ratio relaxing to {inf:.4}, fitted from frame {from}, the first with a neck)"
            ),
            None => eprintln!("sintering time: not determined (the surface area does not decrease, or less than one relaxation time is covered)"),
        }
    }
    let k: usize = a
        .num("frame", "a frame number")?
        .unwrap_or(frames.len() - 1);
    let sys = systems.get(k).ok_or_else(|| {
        Error::new(format!(
            "--frame {k}: the trajectory has {} frames",
            frames.len()
        ))
    })?;
    if let Some(path) = a.get("atoms") {
        let text = with_threads(a, || per_atom_extxyz(sys, &frames[k]))?;
        write_file(Path::new(path), &text)?;
        eprintln!("per-atom cna, coordination and surface of frame {k} written to {path}");
    }
    if let Some(path) = a.get("rdf") {
        let rmax = a.float("rmax")?.unwrap_or(10.0);
        let g = with_threads(a, || analysis::rdf::pair_distribution(sys, rmax, 0.02))?;
        let mut s = String::from("r_A,g_total");
        for (x, y, _) in &g.partials {
            let _ = write!(s, ",g_{x}_{y}");
        }
        s.push('\n');
        for (i, r) in g.r.iter().enumerate() {
            let _ = write!(s, "{r},{}", g.total[i]);
            for (_, _, v) in &g.partials {
                let _ = write!(s, ",{}", v[i]);
            }
            s.push('\n');
        }
        write_file(Path::new(path), &s)?;
        eprintln!("g(r) of frame {k} written to {path}");
    }
    if let Some(path) = a.get("xrd") {
        let wl = a.float("wavelength")?.unwrap_or(analysis::xrd::CU_K_ALPHA);
        let p = with_threads(a, || {
            analysis::xrd::debye_pattern(sys, wl, 20.0, 100.0, 0.05)
        })?;
        let mut s = String::from("two_theta_deg,intensity\n");
        for (x, y) in p.two_theta.iter().zip(&p.intensity) {
            let _ = writeln!(s, "{x},{y}");
        }
        write_file(Path::new(path), &s)?;
        match analysis::xrd::scherrer(&p, 0.9) {
            Some(sc) => eprintln!(
                "XRD of frame {k} written to {path}; strongest peak at 2θ = {:.2}°, FWHM {:.3}°, Scherrer size (K = 0.9) {:.2} nm",
                sc.peak_two_theta,
                sc.fwhm_deg,
                sc.size / 10.0
            ),
            None => eprintln!("XRD of frame {k} written to {path}; no peak for a Scherrer size"),
        }
    }
    Ok(())
}

/// One extxyz frame with per-atom columns: a-CNA class (0 other, 1 FCC, 2 HCP, 3 BCC, 4 ICO),
/// coordination number, surface flag (probe sphere) and particle of origin.
fn per_atom_extxyz(sys: &nanocoalesce::system::System, frame: &Frame) -> Result<String> {
    let d = analysis::bond_length(sys)?;
    let cna = analysis::cna::adaptive_cna(&sys.pos, sys.cell, d)?;
    let coord = analysis::coordination::coordination_numbers(sys, d)?;
    let surf = analysis::surface::measure_surface(sys, d)?.is_surface;
    let mut s = format!("{}\n", sys.len());
    if let Some(c) = sys.cell {
        let _ = write!(
            s,
            "Lattice=\"{} 0 0 0 {} 0 0 0 {}\" pbc=\"T T T\" ",
            c[0], c[1], c[2]
        );
    }
    let _ = writeln!(
        s,
        "Properties=species:S:1:pos:R:3:cna:I:1:coordination:I:1:surface:I:1:particle:I:1 Time={} BondLength={d} CoordinationCutoff={}",
        frame.info.get("Time").map_or("0", String::as_str),
        analysis::neck::FIRST_SHELL_FACTOR * d
    );
    for i in 0..sys.len() {
        let p = sys.pos[i];
        let _ = writeln!(
            s,
            "{} {} {} {} {} {} {} {}",
            sys.elements[sys.species[i] as usize],
            p[0],
            p[1],
            p[2],
            cna[i] as u8,
            coord[i],
            u8::from(surf[i]),
            sys.particle[i]
        );
    }
    Ok(s)
}

fn cmd_caloric(a: &Args) -> Result<()> {
    let [file] = a.positional.as_slice() else {
        return bail("usage: nanocoalesce caloric OBSERVABLES.csv [--bin K]".into());
    };
    let text = read_file(file)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let find = |n: &str| {
        header
            .iter()
            .position(|h| *h == n)
            .ok_or_else(|| Error::new(format!("'{file}' has no column {n}")))
    };
    let (ct, ce) = (find("temperature_K")?, find("potential_per_atom_eV")?);
    let (mut t, mut e) = (Vec::new(), Vec::new());
    for (k, line) in lines.enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let get = |c: usize| -> Result<f64> {
            f.get(c).and_then(|v| v.parse().ok()).ok_or_else(|| {
                Error::new(format!(
                    "'{file}', data line {}: bad or missing value",
                    k + 1
                ))
            })
        };
        t.push(get(ct)?);
        e.push(get(ce)?);
    }
    let bin = a.float("bin")?.unwrap_or(10.0);
    let c = analysis::caloric::caloric_curve(&t, &e, bin, 2).ok_or_else(|| {
        Error::new(format!(
            "'{file}': too few temperature bins of {bin} K for a caloric curve (need 15; run a longer ramp or give a smaller --bin)"
        ))
    })?;
    println!("temperature_K,potential_per_atom_eV");
    for (t, e) in c.temperature.iter().zip(&c.energy) {
        println!("{t},{e}");
    }
    eprintln!(
        "melting point {:.0} K (largest dE/dT), latent heat {:.4} eV/atom",
        c.melting_point, c.latent_heat
    );
    Ok(())
}

fn cmd_kmc_neck(a: &Args) -> Result<()> {
    use nanocoalesce::kmc::{neck, surface_diffusion::HopModel};
    let d = HopModel::default();
    let spec = if let Some(link) = a.get("link") {
        let mut s = nanocoalesce::link::parse_kmc(link).map_err(|e| e.context("--link"))?;
        if let Some(n) = a.num("events", "a non-negative integer")? {
            s.events = n;
        }
        s
    } else {
        neck::KmcNeckSpec {
            radius_nm: a
                .float("radius-nm")?
                .ok_or_else(|| Error::new("missing required option --radius-nm"))?,
            lattice: a.float("lattice")?.unwrap_or(4.08),
            model: HopModel {
                nu_per_s: a.float("nu")?.unwrap_or(d.nu_per_s),
                e0: a.float("e0")?.unwrap_or(d.e0),
                eb: a.float("eb")?.unwrap_or(d.eb),
                temperature: a
                    .float("temperature")?
                    .ok_or_else(|| Error::new("missing required option --temperature"))?,
            },
            events: a
                .num("events", "a non-negative integer")?
                .ok_or_else(|| Error::new("missing required option --events"))?,
            samples: a.num("samples", "a positive integer")?.unwrap_or(60),
            seed: a.num("seed", "a non-negative integer")?.unwrap_or(1),
        }
    };
    spec.validate()?;
    let out = a.get("out").map(PathBuf::from);
    let mut csv = String::from("events,time_s,neck_radius_A,neck_atoms\n");
    let t0 = Instant::now();
    println!("events,time_s,neck_radius_A,neck_atoms");
    let (samples, lattice) = neck::run_neck(&spec, |s| {
        let line = format!("{},{},{},{}", s.events, s.time_s, s.radius, s.atoms);
        println!("{line}");
        csv += &line;
        csv.push('\n');
    })?;
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "{} atoms, {} events in {secs:.3} s ({:.3} M events/s, neck measurements included)",
        lattice.len(),
        lattice.events,
        lattice.events as f64 / secs / 1e6
    );
    match neck::fit_growth(&samples) {
        Some(f) => eprintln!(
            "neck growth: r = {:.4e} Å · t^{:.4} (t in s), R² {:.4}, {} samples up to {:.4e} s",
            f.prefactor, f.exponent, f.r_squared, f.points, f.t_to
        ),
        None => eprintln!("neck growth: too few samples for a fit"),
    }
    if let Some(dir) = out {
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::new(format!("cannot create '{}': {e}", dir.display())))?;
        write_file(&dir.join("neck.csv"), &csv)?;
        let sys = neck::lattice_system(&lattice, spec.lattice, "Au", 196.97);
        let mut text = String::new();
        extxyz::write_frame(
            &mut text,
            &Frame::from_system(&sys, lattice.events, lattice.time_s * 1e12),
        );
        write_file(&dir.join("final.extxyz"), &text)?;
    }
    println!(
        "positions_sha256 {}",
        sim::positions_sha256(&lattice.positions(spec.lattice))
    );
    Ok(())
}

fn cmd_kmc_film(a: &Args) -> Result<()> {
    use nanocoalesce::kmc::dda::{DdaSpec, Film};
    let req = |k: &str| -> Result<f64> {
        a.float(k)?
            .ok_or_else(|| Error::new(format!("missing required option --{k}")))
    };
    let spec = match a.get("link") {
        Some(link) => nanocoalesce::link::parse_film(link).map_err(|e| e.context("--link"))?,
        None => DdaSpec {
            size: a
                .num("size", "a positive integer")?
                .ok_or_else(|| Error::new("missing required option --size"))?,
            flux: req("flux")?,
            diffusion: req("diffusion")?,
            coverage: req("coverage")?,
            seed: a.num("seed", "a non-negative integer")?.unwrap_or(1),
        },
    };
    let mut film = Film::new(spec)?;
    let mut csv = String::from("time_s,coverage,island_density,events\n");
    println!("time_s,coverage,island_density,events");
    let t0 = Instant::now();
    let mut next = 0.0;
    loop {
        let more = film.step();
        if film.coverage() >= next || !more {
            let density = film.island_density();
            let line = format!(
                "{},{},{},{}",
                film.time_s,
                film.coverage(),
                density,
                film.events
            );
            println!("{line}");
            csv += &line;
            csv.push('\n');
            next = film.coverage() + 0.01;
        }
        if !more {
            break;
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let density = film.island_density();
    eprintln!(
        "{} events in {secs:.3} s ({:.2} M events/s); coverage {:.3}, {:.4e} islands per site",
        film.events,
        film.events as f64 / secs / 1e6,
        film.coverage(),
        density
    );
    if let Some(dir) = a.get("out").map(PathBuf::from) {
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::new(format!("cannot create '{}': {e}", dir.display())))?;
        write_file(&dir.join("film.csv"), &csv)?;
        let l = film.size();
        let mut pgm = format!("P2\n{l} {l}\n1\n");
        for row in film.picture().chunks(l) {
            pgm += &row
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(" ");
            pgm.push('\n');
        }
        write_file(&dir.join("film.pgm"), &pgm)?;
    }
    println!(
        "positions_sha256 {}",
        sim::positions_sha256(&film.positions(3.0))
    );
    Ok(())
}
