//! The command tree (one file per command declares its options), clap's parse errors as one
//! line each, and what the commands share: file reading and writing, the thread pool, number
//! parsers with messages that name the option, the scenario of a file or a share link, seeds.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Parser, Subcommand};
use nanocoalesce::run::files::no_files;
use nanocoalesce::run::link;
use nanocoalesce::run::scenario::Scenario;
use nanocoalesce::{Error, Result};
use std::path::{Path, PathBuf};

/// nanocoalesce: metal nanoparticle coalescence by EAM molecular dynamics (units: Å, eV, ps, amu,
/// K).
///
/// A share link (`--link`) is the page's URL or its query, e.g.
/// `?v=1&a=Au:3.0:sphere&b=Ag:3.0:icosahedron&gap=4&T=700&seed=42`. CHEM is an element (Au),
/// core@shell~fraction (Cu@Ag~0.6), a random alloy (Au~0.3,Ag~0.7) or a Janus particle
/// (Au/Ag~0.5). Shapes: sphere, cuboctahedron, octahedron, truncated-octahedron, icosahedron,
/// ino-decahedron, marks-decahedron. A potential FILE is a LAMMPS EAM file: setfl (eam/alloy),
/// *.eam.fs (eam/fs) or DYNAMO funcfl *.eam (several comma-separated, one per element).
#[derive(Parser)]
#[command(
    name = "nanocoalesce",
    version,
    arg_required_else_help = true,
    allow_negative_numbers = true,
    disable_help_subcommand = false,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(allow_negative_numbers = true)]
    Energy(crate::energy::Args),
    #[command(allow_negative_numbers = true)]
    Md(crate::md::Args),
    #[command(allow_negative_numbers = true)]
    Run(crate::run::Args),
    #[command(allow_negative_numbers = true)]
    ExportLammps(crate::export::Args),
    #[command(allow_negative_numbers = true)]
    Sweep(crate::sweep::Args),
    #[command(allow_negative_numbers = true)]
    Build(crate::build::Args),
    #[command(allow_negative_numbers = true)]
    Potential(crate::potential::Args),
    #[command(allow_negative_numbers = true)]
    Analyze(crate::analyze::Args),
    #[command(allow_negative_numbers = true)]
    Caloric(crate::caloric::Args),
    #[command(allow_negative_numbers = true)]
    KmcNeck(crate::kmc_neck::Args),
    #[command(allow_negative_numbers = true)]
    KmcFilm(crate::kmc_film::Args),
}

/// Runs the parsed command.
pub fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Energy(a) => crate::energy::main(a),
        Command::Md(a) => crate::md::main(a),
        Command::Run(a) => crate::run::main(a),
        Command::ExportLammps(a) => crate::export::main(a),
        Command::Sweep(a) => crate::sweep::main(a),
        Command::Build(a) => crate::build::main(a),
        Command::Potential(a) => crate::potential::main(a),
        Command::Analyze(a) => crate::analyze::main(a),
        Command::Caloric(a) => crate::caloric::main(a),
        Command::KmcNeck(a) => crate::kmc_neck::main(a),
        Command::KmcFilm(a) => crate::kmc_film::main(a),
    }
}

/// The option name of a clap argument description (`--steps <N>` → `--steps`).
fn option_name(e: &clap::Error) -> String {
    match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => s.split([' ', '=']).next().unwrap_or(s).to_string(),
        _ => String::from("?"),
    }
}

/// The one-line message of a parse error, in the words the rest of the CLI uses.
fn parse_error_message(e: &clap::Error) -> String {
    match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let name = match e.get(ContextKind::InvalidSubcommand) {
                Some(ContextValue::String(s)) => s.clone(),
                _ => String::new(),
            };
            let mut names: Vec<String> = <Cli as clap::CommandFactory>::command()
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            names.push("help".into());
            format!("unknown command '{name}' (try: {})", names.join(", "))
        }
        ErrorKind::UnknownArgument => format!("unknown option '{}'", option_name(e)),
        ErrorKind::ArgumentConflict => format!("option {} is given twice", option_name(e)),
        ErrorKind::InvalidValue | ErrorKind::WrongNumberOfValues => {
            format!("option {} needs a value", option_name(e))
        }
        ErrorKind::MissingRequiredArgument => {
            let what = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(v)) => v.first().cloned().unwrap_or_default(),
                _ => String::new(),
            };
            format!("missing required argument {what}")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("{}: {why}", option_name(e))
        }
        _ => e
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string(),
    }
}

/// Prints help or version (exit 0) or a parse error as one line (exit 1).
pub fn exit_with_parse_error(e: clap::Error) -> ! {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => e.exit(),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = <Cli as clap::CommandFactory>::command().print_help();
            std::process::exit(0);
        }
        _ => {
            eprintln!("error: {}", parse_error_message(&e));
            std::process::exit(1);
        }
    }
}

/// Parses a non-negative integer option.
pub fn non_negative(v: &str) -> std::result::Result<u64, String> {
    v.parse()
        .map_err(|_| format!("'{v}' is not a non-negative integer"))
}

/// Parses an option documented as a positive integer (the range is checked where it is used).
pub fn positive(v: &str) -> std::result::Result<usize, String> {
    v.parse()
        .map_err(|_| format!("'{v}' is not a positive integer"))
}

/// Parses a positive integer option that counts steps or events (u64).
pub fn positive_u64(v: &str) -> std::result::Result<u64, String> {
    v.parse()
        .map_err(|_| format!("'{v}' is not a positive integer"))
}

/// Parses a frame number.
pub fn frame_number(v: &str) -> std::result::Result<usize, String> {
    v.parse()
        .map_err(|_| format!("'{v}' is not a frame number"))
}

/// Parses a finite number.
pub fn finite(v: &str) -> std::result::Result<f64, String> {
    let x: f64 = v.parse().map_err(|_| format!("'{v}' is not a number"))?;
    if !x.is_finite() {
        return Err(format!("'{x}' is not a finite number"));
    }
    Ok(x)
}

/// A seed: a number, or `random` for a fresh one from the operating system.
#[derive(Clone, Copy, Debug)]
pub enum Seed {
    /// This seed.
    Fixed(u64),
    /// A fresh seed ([`nanocoalesce::base::rng::fresh_seed`]), printed so the run can be repeated.
    Random,
}

/// Parses `--seed N|random`.
pub fn seed(v: &str) -> std::result::Result<Seed, String> {
    if v == "random" {
        return Ok(Seed::Random);
    }
    non_negative(v).map(Seed::Fixed)
}

impl Seed {
    /// The seed to use (`default` without the option); a fresh one is announced on stderr.
    pub fn resolve(seed: Option<Seed>, default: u64) -> Result<u64> {
        match seed {
            None => Ok(default),
            Some(Seed::Fixed(s)) => Ok(s),
            Some(Seed::Random) => {
                let s = nanocoalesce::base::rng::fresh_seed()?;
                eprintln!("seed {s} (fresh; give --seed {s} to repeat this run)");
                Ok(s)
            }
        }
    }
}

/// A required option's value, or the one-line error naming it.
pub fn required<T>(v: Option<T>, name: &str) -> Result<T> {
    v.ok_or_else(|| Error::new(format!("missing required option --{name}")))
}

/// The text of a file.
pub fn read_file(path: &str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::new(format!("cannot read '{path}': {e}")))
}

/// Writes a file.
pub fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text)
        .map_err(|e| Error::new(format!("cannot write '{}': {e}", path.display())))
}

/// Creates a directory (and its parents).
pub fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::new(format!("cannot create '{}': {e}", dir.display())))
}

/// The `--threads` option of the commands that compute (declared once, flattened into each).
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct Threads {
    /// Threads (default: all cores); results are the same for any number.
    #[arg(long = "threads", value_name = "N", value_parser = positive)]
    pub n: Option<usize>,
}

/// Runs `f` on a pool of `threads` threads (default: all cores).
pub fn with_threads<T: Send>(threads: Threads, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let threads = threads.n;
    let n = threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    if n == 0 || n > 1024 {
        return Err(Error::new(format!(
            "--threads {n} is out of range (1 to 1024)"
        )));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| Error::new(format!("cannot start {n} threads: {e}")))?;
    pool.install(f)
}

/// A float as JSON with full round-trip precision.
pub fn json_f64(x: f64) -> String {
    serde_json::to_string(&x).unwrap_or_else(|_| "null".into())
}

/// A file loader resolving paths relative to a scenario file's directory.
pub type FileLoader = Box<dyn Fn(&str) -> Result<String> + Send + Sync>;

/// The scenario named by `SCENARIO.json` or `--link URL`, with the loader for the files it names;
/// `usage` is the message for anything else.
pub fn scenario_of(
    file: Option<&str>,
    link: Option<&str>,
    usage: &str,
) -> Result<(Scenario, FileLoader)> {
    match (link, file) {
        (Some(url), None) => {
            if link::is_kmc(url) {
                return Err(Error::new(
                    "--link: this is a kinetic Monte Carlo link; run it with `nanocoalesce \
                     kmc-neck --link URL` or `kmc-film --link URL` (MD commands need an MD link)",
                ));
            }
            let scenario = link::parse(url).map_err(|e| e.context("--link"))?;
            Ok((scenario, Box::new(|p: &str| no_files(p))))
        }
        (None, Some(file)) => {
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
        _ => Err(Error::new(usage)),
    }
}
