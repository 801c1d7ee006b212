//! The potential a scenario names ([`PotentialSpec`], part of the scenario JSON and the share
//! link's `pot=`), and the potential built from it: the built-in Zhou 2004 EAM (tabulated or
//! analytic), SMATB, Morse, Lennard-Jones and Johnson (Fe) for the structure's elements, or a LAMMPS EAM file
//! (setfl, eam/fs, funcfl) read through the front end's loader. Every potential built here also
//! knows its LAMMPS equivalent ([`LammpsPotential`]).

use super::eam::Eam;
use super::formats::funcfl::{funcfl_setfl, Funcfl};
use super::formats::setfl::Setfl;
use super::johnson::johnson_model;
use super::lammps::LammpsPotential;
use super::lj::lj_model;
use super::morse::morse_model;
use super::smatb::Smatb;
use super::tabulated::Tabulated;
use super::zhou::{zhou_setfl, ZhouAnalytic};
use crate::base::error::Result;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Reads a file named in a scenario (path as written there) and returns its text.
pub type Loader<'a> = &'a dyn Fn(&str) -> Result<String>;

/// Table size used when tabulating the Zhou potential (LAMMPS' convention).
pub const ZHOU_TABLE_SIZE: usize = 2000;

/// Which potential.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PotentialSpec {
    /// Zhou 2004 EAM for the structure's elements (or the listed ones). Tabulated by default, as the
    /// setfl file LAMMPS would read; `analytic: true` evaluates the functions directly.
    Zhou {
        /// Elements to include (default: the structure's, in order of appearance).
        #[serde(default)]
        elements: Option<Vec<String>>,
        /// Evaluate analytically instead of from tables.
        #[serde(default)]
        analytic: bool,
    },
    /// SMATB / Gupta (Cleri–Rosato; fitted Ag–Cu set; other pairs mixed) for the structure's
    /// elements (or the listed ones).
    Smatb {
        /// Elements to include (default: the structure's, in order of appearance).
        #[serde(default)]
        elements: Option<Vec<String>>,
    },
    /// Morse pair potential (Girifalco–Weizer), shifted-force cutoff.
    Morse {
        /// Elements to include (default: the structure's).
        #[serde(default)]
        elements: Option<Vec<String>>,
    },
    /// Lennard-Jones pair potential (Heinz et al. 2008), shifted-force cutoff.
    Lj {
        /// Elements to include (default: the structure's).
        #[serde(default)]
        elements: Option<Vec<String>>,
    },
    /// Johnson's 1964 pair potential for α-iron (Fe only), shifted-force cutoff at 3.44 Å.
    Johnson {
        /// Elements to include (default: the structure's; only Fe has parameters).
        #[serde(default)]
        elements: Option<Vec<String>>,
    },
    /// A LAMMPS setfl (`eam/alloy`) file (CLI only).
    Setfl {
        /// Path, relative to the scenario file.
        file: String,
    },
    /// A LAMMPS Finnis–Sinclair setfl (`eam/fs`) file (CLI only).
    EamFs {
        /// Path, relative to the scenario file.
        file: String,
    },
    /// DYNAMO funcfl files (LAMMPS `pair_style eam`), one per element; pairs of different
    /// elements mix by the effective charges, as in LAMMPS (CLI only).
    Funcfl {
        /// Paths, relative to the scenario file.
        files: Vec<String>,
    },
}

impl Default for PotentialSpec {
    fn default() -> Self {
        PotentialSpec::Zhou {
            elements: None,
            analytic: false,
        }
    }
}

impl PotentialSpec {
    /// The potential named by one or more potential files, by their extension: `*.eam.fs` is
    /// eam/fs, `*.eam` funcfl (several may be given, comma-separated), anything else a setfl
    /// (eam/alloy) file.
    pub fn from_files(list: &str) -> PotentialSpec {
        let files: Vec<String> = list.split(',').map(|f| f.trim().to_string()).collect();
        if files.len() == 1 && files[0].ends_with(".eam.fs") {
            PotentialSpec::EamFs {
                file: files[0].clone(),
            }
        } else if files.iter().all(|f| f.ends_with(".eam")) {
            PotentialSpec::Funcfl { files }
        } else {
            PotentialSpec::Setfl {
                file: list.to_string(),
            }
        }
    }

    /// True for a potential read from files (its elements are the files', not the structure's).
    pub fn is_file(&self) -> bool {
        matches!(
            self,
            PotentialSpec::Setfl { .. }
                | PotentialSpec::EamFs { .. }
                | PotentialSpec::Funcfl { .. }
        )
    }

    /// True if the potential's fcc lattice constants are the reference ones of
    /// [`crate::base::elements`] by construction (the Zhou 2004 EAM, whose table defines them).
    pub fn has_reference_lattice(&self) -> bool {
        matches!(self, PotentialSpec::Zhou { .. })
    }

    /// The potential, for the elements `present` in the structure (in order of appearance) unless
    /// the spec lists its own; files are read through `load`.
    pub fn build(&self, present: &[String], load: Loader) -> Result<Arc<dyn LammpsPotential>> {
        let list = |elements: &Option<Vec<String>>| -> Vec<String> {
            elements.clone().unwrap_or_else(|| present.to_vec())
        };
        Ok(match self {
            PotentialSpec::Zhou { elements, analytic } => {
                let l = list(elements);
                let r: Vec<&str> = l.iter().map(String::as_str).collect();
                zhou_potential(&r, *analytic)?
            }
            PotentialSpec::Smatb { elements } => {
                let l = list(elements);
                let r: Vec<&str> = l.iter().map(String::as_str).collect();
                Arc::new(Eam::new(Smatb::new(&r)?))
            }
            PotentialSpec::Morse { elements } => {
                let l = list(elements);
                let r: Vec<&str> = l.iter().map(String::as_str).collect();
                Arc::new(Eam::new(morse_model(&r)?))
            }
            PotentialSpec::Lj { elements } => {
                let l = list(elements);
                let r: Vec<&str> = l.iter().map(String::as_str).collect();
                Arc::new(Eam::new(lj_model(&r)?))
            }
            PotentialSpec::Johnson { elements } => {
                let l = list(elements);
                let r: Vec<&str> = l.iter().map(String::as_str).collect();
                Arc::new(Eam::new(johnson_model(&r)?))
            }
            PotentialSpec::Setfl { file } => setfl_potential(&load(file)?, file)?,
            PotentialSpec::EamFs { file } => eam_fs_potential(&load(file)?, file)?,
            PotentialSpec::Funcfl { files } => {
                let texts = files
                    .iter()
                    .map(|f| Ok((f.clone(), load(f)?)))
                    .collect::<Result<Vec<_>>>()?;
                funcfl_potential(&texts)?
            }
        })
    }
}

/// The Zhou 2004 EAM for `elements`: analytic, or tabulated as the setfl file LAMMPS would read.
pub fn zhou_potential(elements: &[&str], analytic: bool) -> Result<Arc<dyn LammpsPotential>> {
    if analytic {
        Ok(Arc::new(Eam::new(ZhouAnalytic::new(elements)?)))
    } else {
        let s = zhou_setfl(elements, ZHOU_TABLE_SIZE, ZHOU_TABLE_SIZE)?;
        Ok(Arc::new(Eam::new(Tabulated::from_setfl(
            &s,
            "Zhou 2004, tabulated",
        ))))
    }
}

/// Reads a setfl file's text into a potential; `name` is used in messages.
pub fn setfl_potential(text: &str, name: &str) -> Result<Arc<dyn LammpsPotential>> {
    let s = Setfl::parse(text).map_err(|e| e.context(name))?;
    Ok(Arc::new(Eam::new(Tabulated::from_setfl(&s, name))))
}

/// Reads an eam/fs (Finnis–Sinclair setfl) file's text into a potential.
pub fn eam_fs_potential(text: &str, name: &str) -> Result<Arc<dyn LammpsPotential>> {
    let s = Setfl::parse_fs(text).map_err(|e| e.context(name))?;
    Ok(Arc::new(Eam::new(Tabulated::from_setfl(&s, name))))
}

/// Reads DYNAMO funcfl files `(name, text)`, one per element, into one potential, converted as
/// LAMMPS' `pair_style eam` converts them.
pub fn funcfl_potential(files: &[(String, String)]) -> Result<Arc<dyn LammpsPotential>> {
    let parsed = files
        .iter()
        .map(|(name, text)| Funcfl::parse(text).map_err(|e| e.context(name)))
        .collect::<Result<Vec<_>>>()?;
    for (k, f) in parsed.iter().enumerate() {
        if parsed[..k]
            .iter()
            .any(|g| g.element.symbol == f.element.symbol)
        {
            bail!("two funcfl files for {} ({})", f.element.symbol, files[k].0);
        }
    }
    let (s, rhomax) = funcfl_setfl(&parsed)?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    Ok(Arc::new(Eam::new(
        Tabulated::from_setfl(&s, &names.join(", ")).restyled("eam", rhomax),
    )))
}

/// The potential of a LAMMPS EAM file given by name (the extension picks the format, see
/// [`PotentialSpec::from_files`]) and text; errors name the file and the problem.
pub fn potential_from_file(name: &str, text: &str) -> Result<Arc<dyn LammpsPotential>> {
    let spec = PotentialSpec::from_files(name);
    let loader = |_: &str| -> Result<String> { Ok(text.to_string()) };
    spec.build(&[], &loader)
}
