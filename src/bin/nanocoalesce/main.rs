//! `nanocoalesce`: the native command line. A thin front end: parses arguments (options declared
//! once, in each command's file, with clap's derive API), reads and writes files, and calls the
//! engine. Every error is one line on stderr and a non-zero exit.

mod analyze;
mod build;
mod caloric;
mod cli;
mod energy;
mod export;
mod kmc_film;
mod kmc_neck;
mod md;
mod potential;
mod run;
mod sweep;

use clap::Parser;

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
    let parsed = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => cli::exit_with_parse_error(e),
    };
    if let Err(e) = cli::dispatch(parsed) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
