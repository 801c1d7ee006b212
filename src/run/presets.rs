//! The page's presets: share links of the studies the review describes (the project's science
//! spec, §5), with
//! the name the preset menu shows. The engine owns the list; the page and the tests read it.

use serde::Serialize;

/// One preset.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Preset {
    /// What the menu shows.
    pub name: &'static str,
    /// The share-link query of the run.
    pub link: &'static str,
}

/// The presets, in menu order; the first is the page's default run.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "Two Au particles, 873 K",
        link: "v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42",
    },
    Preset {
        name: "Au at 500 K (rotation after contact)",
        link:
            "v=1&a=Au:3:truncated-octahedron&b=Au:3:truncated-octahedron:0,0,20&gap=3&T=500&seed=7",
    },
    Preset {
        name: "Au at 1100 K (fast interface diffusion)",
        link:
            "v=1&a=Au:3:truncated-octahedron&b=Au:3:truncated-octahedron:0,0,20&gap=3&T=1100&seed=7",
    },
    Preset {
        name: "Ag + Au, 700 K (Ag-rich surface)",
        link: "v=1&a=Ag:3:sphere&b=Au:3:sphere&gap=4&T=700&seed=3",
    },
    Preset {
        name: "Cu + Ag, 700 K",
        link: "v=1&a=Cu:2.5:sphere&b=Ag:3:sphere&gap=4&T=700&seed=5",
    },
    Preset {
        name: "Pt + Pd truncated octahedra, 600 K",
        link:
            "v=1&a=Pt:3:truncated-octahedron&b=Pd:3:truncated-octahedron:0,0,15&gap=3&T=600&seed=11",
    },
    Preset {
        name: "Ag + Au, 700 K, MD + MC swaps (segregation)",
        link: "v=1&a=Ag:3:sphere&b=Au:3:sphere&gap=4&T=700&seed=3&mc=20:500",
    },
    Preset {
        name: "AuAg random alloy, 700 K, MD + MC swaps",
        link: "v=1&a=Au~0.5,Ag~0.5:3:sphere&T=700&seed=6&mc=10:300",
    },
    Preset {
        name: "kMC: nanoparticle film growth (deposition, diffusion, aggregation)",
        link: "v=1&kmc=film&L=200&F=1&D=1e6&theta=0.25&seed=1",
    },
    Preset {
        name: "kMC: neck growth of two 2 nm Au spheres, 700 K",
        link: "v=1&kmc=neck&r=1&T=700&seed=1&events=20000000",
    },
    Preset {
        name:
            "Two Au particles, 873 K, Lennard-Jones (pair potential: compare with the EAM preset)",
        link: "v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42&pot=lj",
    },
    Preset {
        name: "Ag + Cu, 700 K, SMATB (Ferrando AgCu set)",
        link: "v=1&a=Cu:2.5:sphere&b=Ag:3:sphere&gap=4&T=700&seed=5&pot=smatb",
    },
    Preset {
        name: "Ni + Au, 800 K (Au spreads over Ni)",
        link: "v=1&a=Ni:2.5:sphere&b=Au:3:sphere&gap=4&T=800&seed=13",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::link;

    #[test]
    fn every_preset_link_parses_and_names_are_unique() {
        for p in PRESETS {
            if link::is_kmc(p.link) {
                let ok = link::parse_kmc(p.link).is_ok() || link::parse_film(p.link).is_ok();
                assert!(ok, "{}: {}", p.name, p.link);
            } else {
                link::parse(p.link).unwrap_or_else(|e| panic!("{}: {e}", p.name));
            }
            assert_eq!(PRESETS.iter().filter(|q| q.name == p.name).count(), 1);
        }
    }
}
