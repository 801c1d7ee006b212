//! Physical constants in LAMMPS `metal` units: Å, eV, ps, amu, K.

/// Boltzmann constant k_B in eV/K (CODATA 2018).
pub const KB: f64 = 8.617333262e-5;

/// Converts m·v² (amu·Å²/ps²) to eV: 1 amu·Å²/ps² = 1.0364269e-4 eV (LAMMPS `mvv2e`).
pub const MVV2E: f64 = 1.0364269e-4;

/// Converts force/mass (eV/Å/amu) to acceleration (Å/ps²): 1/MVV2E (LAMMPS `ftm2v`).
pub const FTM2V: f64 = 1.0 / MVV2E;

/// Converts eV/Å³ to bar (pressure): 1 eV/Å³ = 1.602176634e6 bar (LAMMPS `nktv2p`, 1.6021765e6).
pub const NKTV2P: f64 = 1.602176634e6;
