//! The chemical elements the engine knows: symbols by atomic number (through uranium, for reading
//! potential and data files), and for the 16 metals the builders and the page offer — those of
//! the Zhou–Johnson–Wadley 2004 EAM table (`data/zhou2004_params.csv`) — the atomic number, the
//! standard mass (amu, as that table gives it) and the reference fcc lattice constant
//! a0 = √2·r_e (Å), the nearest-neighbour distance r_e of the table. Particles are built at a0
//! unless the potential states its own lattice constant.

use std::sync::OnceLock;

/// Chemical symbols by atomic number (index Z − 1), through uranium.
const SYMBOLS: [&str; 92] = [
    "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl",
    "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As",
    "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In",
    "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb",
    "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl",
    "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U",
];

/// The chemical symbol of atomic number z, if 1 ≤ z ≤ 92.
pub fn symbol_of(z: u32) -> Option<&'static str> {
    SYMBOLS.get((z as usize).wrapping_sub(1)).copied()
}

/// The atomic number of a symbol (exact spelling, e.g. `Au`), if it is one of the first 92.
pub fn atomic_number(symbol: &str) -> Option<u32> {
    SYMBOLS
        .iter()
        .position(|s| *s == symbol)
        .map(|k| k as u32 + 1)
}

/// Normal boiling point of the 16 metals of the built-in table, K (CRC Handbook of Chemistry and
/// Physics): above it the potentials, fitted to the solid and the liquid, say nothing reliable,
/// and a blown-up run names it as the likely cause.
pub fn boiling_point(symbol: &str) -> Option<f64> {
    const TABLE: [(&str, f64); 16] = [
        ("Cu", 2835.0),
        ("Ag", 2435.0),
        ("Au", 3129.0),
        ("Ni", 3186.0),
        ("Pd", 3236.0),
        ("Pt", 4098.0),
        ("Al", 2792.0),
        ("Pb", 2022.0),
        ("Fe", 3134.0),
        ("Mo", 4912.0),
        ("Ta", 5731.0),
        ("W", 5828.0),
        ("Mg", 1363.0),
        ("Co", 3200.0),
        ("Ti", 3560.0),
        ("Zr", 4682.0),
    ];
    TABLE.iter().find(|(s, _)| *s == symbol).map(|&(_, t)| t)
}

/// One of the 16 metals of the built-in table.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// Symbol, e.g. `Au`.
    pub symbol: String,
    /// Atomic number.
    pub z: u32,
    /// Standard atomic mass, amu.
    pub mass: f64,
    /// Reference fcc lattice constant a0 = √2·r_e, Å.
    pub a0: f64,
}

/// The table the elements are read from (the Zhou 2004 parameter file).
const TABLE: &str = include_str!("../../data/zhou2004_params.csv");

/// The 16 metals, in table order (Cu, Ag, Au, Ni, Pd, Pt, Al, Pb, Fe, Mo, Ta, W, Mg, Co, Ti, Zr).
pub fn metals() -> &'static [Element] {
    static METALS: OnceLock<Vec<Element>> = OnceLock::new();
    METALS.get_or_init(|| {
        let mut rows = TABLE
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        let header: Vec<&str> = rows.next().unwrap_or("").split(',').collect();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h.trim() == name)
                .expect("column of the embedded element table")
        };
        let (cz, cm, cre) = (col("Z"), col("mass"), col("re"));
        rows.map(|l| {
            let c: Vec<&str> = l.split(',').map(str::trim).collect();
            let num = |k: usize| -> f64 { c[k].parse().expect("number in the embedded table") };
            Element {
                symbol: c[0].to_string(),
                z: num(cz) as u32,
                mass: num(cm),
                a0: std::f64::consts::SQRT_2 * num(cre),
            }
        })
        .collect()
    })
}

/// The metal with this exact symbol.
pub fn metal(symbol: &str) -> Option<&'static Element> {
    metals().iter().find(|e| e.symbol == symbol)
}

/// The metal with this symbol in any case (`au` is Au).
pub fn metal_ignore_case(symbol: &str) -> Option<&'static Element> {
    metals()
        .iter()
        .find(|e| e.symbol.eq_ignore_ascii_case(symbol))
}

/// Standard mass of one of the 16 metals (exact symbol), amu.
pub fn standard_mass(symbol: &str) -> Option<f64> {
    metal(symbol).map(|e| e.mass)
}

/// The reference fcc lattice constant the builders use for an element (any case), Å.
pub fn reference_lattice_constant(symbol: &str) -> Option<f64> {
    metal_ignore_case(symbol).map(|e| e.a0)
}

/// The metal whose standard mass is within `tolerance` amu of `mass`, if any (first in table
/// order).
pub fn metal_of_mass(mass: f64, tolerance: f64) -> Option<&'static Element> {
    metals().iter().find(|e| (e.mass - mass).abs() <= tolerance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_numbers_agree() {
        assert_eq!(symbol_of(79), Some("Au"));
        assert_eq!(symbol_of(0), None);
        assert_eq!(symbol_of(93), None);
        for z in 1..=92 {
            assert_eq!(atomic_number(symbol_of(z).unwrap()), Some(z));
        }
    }

    #[test]
    fn the_sixteen_metals_have_their_numbers_masses_and_lattice_constants() {
        let m = metals();
        assert_eq!(m.len(), 16);
        for e in m {
            assert_eq!(symbol_of(e.z), Some(e.symbol.as_str()), "{}", e.symbol);
            assert!(
                e.mass > 20.0 && e.mass < 210.0 && e.a0 > 3.4 && e.a0 < 5.0,
                "{e:?}"
            );
        }
        let au = metal("Au").unwrap();
        assert_eq!((au.z, au.mass), (79, 196.96654));
        assert!((au.a0 - 4.08).abs() < 1e-3);
        assert_eq!(reference_lattice_constant("au"), Some(au.a0));
        assert_eq!(standard_mass("au"), None);
        assert_eq!(metal_of_mass(196.97, 0.1).unwrap().symbol, "Au");
        assert!(metal_of_mass(150.0, 0.1).is_none());
    }
}
