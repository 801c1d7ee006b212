//! The application layer: what defines a run and runs it, for every front end.
//! - [`scenario`]: the one serde type that defines an MD run (seed included);
//! - [`link`]: the share link, a view of the scenario (and of the kMC and film runs);
//! - [`files`]: the atoms and potential a scenario starts from, through a loader;
//! - [`simulation`]: the MD (+ MC) run with its output rows;
//! - [`steering`]: changes made while a run goes, as events of the scenario;
//! - [`lammps_deck`]: the LAMMPS export of a scenario, and parameter sweeps;
//! - [`kmc_neck`], [`film`]: the kinetic Monte Carlo runs with their sampling.

pub mod files;
pub mod film;
pub mod kmc_neck;
pub mod lammps_deck;
pub mod link;
pub mod presets;
pub mod scenario;
pub mod simulation;
pub mod steering;
