//! The page's presets: share links of the studies the review describes (the project's science
//! spec, §5), with
//! the name the preset menu shows. The engine owns the list; the page and the tests read it.

use serde::Serialize;

/// One preset: a run and the claim it makes. A preset is a claim: the page shows the study, its
/// finding and what to watch, and `tests/findings.rs` runs the preset and asserts what `watch`
/// says (the test of each preset is named after its `id`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Preset {
    /// A stable name for tests and the README (`au-coalescence`).
    pub id: &'static str,
    /// What the menu shows.
    pub name: &'static str,
    /// The share-link query of the run.
    pub link: &'static str,
    /// The study (authors, journal, year) or the source of the finding.
    pub study: &'static str,
    /// What the study found.
    pub finding: &'static str,
    /// What to watch here, in which chart or colouring, with the numbers this run shows.
    pub watch: &'static str,
    /// The page's chart that shows it (its `data-key`: `cna`, `neck`, `rotation`, `surface`,
    /// `caloric`, `kmcneck`, `film`, `support`, `contact`, `epitaxy`); the page highlights it.
    pub chart: &'static str,
    /// How long to run before it shows (simulated time or events).
    pub show_after: &'static str,
    /// What the page does not show (and where to go for it), or empty.
    pub caveat: &'static str,
}

/// The presets, in menu order; the first is the page's default run.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "au-873k-liquid",
        name: "Two 3 nm Au particles, 873 K: too small to stay solid",
        link: "v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42",
        study: "Lewis, Jensen & Barrat, Phys. Rev. B 56, 2248 (1997); Buffat & Borel, Phys. Rev. A 13, 2287 (1976)",
        finding: "Gold particles of a few nm melt far below bulk gold's 1337 K. Coalescence studies at 873 K that see solid particles sinter use particles of 10 nm and more.",
        watch: "Crystalline order chart: the FCC fraction falls from 0.54 to below 0.05 within 30 ps. These particles are liquid at 873 K: a lone 3 nm particle melts just the same, since its melting point here lies between 800 and 873 K. The neck and surface area charts show two liquid drops merging. Compare the 4 nm preset at 873 K, which melts only because the particles merge.",
        chart: "cna",
        show_after: "30 ps",
        caveat: "The 873 K study's particles (about 19 nm, 220 000 atoms each) are too big for the page: export the LAMMPS deck.",
    },
    Preset {
        id: "au-melting-on-contact",
        name: "Two 4 nm Au particles, 873 K: they melt as they merge",
        link: "v=1&a=Au:4:sphere&b=Au:4:sphere&gap=4&T=873&thermo=nose-hoover&seed=42",
        study: "Darvishi Kamachali, Solids 3, 361 (2022)",
        finding: "Solid particles can melt when they coalesce, below their own melting point. The surface energy freed at the neck disorders them, and the gap between the coalescence and melting temperatures grows as the particles shrink.",
        watch: "Crystalline order chart: the FCC fraction falls from 0.64 to about 0.1 within 30 ps, while a lone 4 nm particle at 873 K keeps about 0.3 (it stays solid: load it with one particle to compare).",
        chart: "cna",
        show_after: "30 ps",
        caveat: "",
    },
    Preset {
        id: "au-solid-sintering",
        name: "Two 4 nm Au particles, 700 K: solid-state neck growth",
        link: "v=1&a=Au:4:sphere&b=Au:4:sphere&gap=4&T=700&thermo=nose-hoover&seed=42",
        study: "Lewis, Jensen & Barrat, Phys. Rev. B 56, 2248 (1997); the review's Au studies (science spec §5)",
        finding: "Below their melting point, touching particles sinter by surface diffusion: a neck forms and grows fast, then the shape relaxes slowly while the particles stay crystalline.",
        watch: "Neck diameter chart: the neck radius passes 14 Å within 15 ps and then grows slowly. Crystalline order: the FCC fraction drops from 0.64 (atoms at the neck and the surface) but stays above 0.3, as does a lone 4 nm particle at 700 K: the particles stay solid.",
        chart: "neck",
        show_after: "20 ps",
        caveat: "Shape relaxation into one sphere takes ns: export the LAMMPS deck.",
    },
    Preset {
        id: "au-rotation-500k",
        name: "Au truncated octahedra, 500 K: lattices rotate into alignment",
        link:
            "v=1&a=Au:3:truncated-octahedron&b=Au:3:truncated-octahedron:0,0,20&gap=3&T=500&seed=7",
        study: "The review's Au coalescence study at 500 and 1100 K (science spec §5)",
        finding: "At low temperature, particles that touch with misaligned lattices rotate as rigid bodies right after contact until their lattices align.",
        watch: "Rotation chart: the lattice misorientation falls from 20° to below 5° within 20 ps while the particles turn by about 20° relative to each other. Crystalline order stays near 0.5 FCC: the particles are solid.",
        chart: "rotation",
        show_after: "20 ps",
        caveat: "The study's contrast (little rotation at 1100 K) is not reproduced at this size. At 800 K these lattices align too, and at 1100 K 3 nm particles are liquid.",
    },
    Preset {
        id: "au-1100k-liquid",
        name: "Au truncated octahedra, 1100 K: liquid merging",
        link:
            "v=1&a=Au:3:truncated-octahedron&b=Au:3:truncated-octahedron:0,0,20&gap=3&T=1100&seed=7",
        study: "The review's Au coalescence study at 500 and 1100 K (science spec §5)",
        finding: "At high temperature the particles merge by fast diffusion through the interface rather than by rotating.",
        watch: "Crystalline order chart: the FCC fraction falls from 0.57 to below 0.05 within 20 ps. At this size 1100 K is above the melting point, so the particles merge as liquid drops. The lattice misorientation of a liquid means nothing.",
        chart: "cna",
        show_after: "20 ps",
        caveat: "To stay solid at 1100 K, particles must be larger than 5 nm here (over 5000 atoms each): export the LAMMPS deck.",
    },
    Preset {
        id: "agau-segregation-mc",
        name: "Ag + Au, 700 K, MD + MC swaps: Ag goes to the surface",
        link: "v=1&a=Ag:3:sphere&b=Au:3:sphere&gap=4&T=700&seed=3&mc=20:500",
        study: "Goudeli & Pratsinis, ACS Nano 11, 11653 (2017)",
        finding: "Equal Ag and Au particles sintered at 600–800 K end up segregated, with an Ag-enriched surface (more so at higher temperature).",
        watch: "Surface composition chart: the Ag fraction of the surface rises from 0.50 to above 0.75 within 5 ps. The MC swaps (500 every 20 steps) stand in for the nanoseconds of diffusion MD alone would need: without them the surface stays at 0.50 for 40 ps.",
        chart: "surface",
        show_after: "5 ps",
        caveat: "The temperature trend is a result of ns-long MD: the swaps take the surface to equilibrium instead. Export the LAMMPS deck for plain MD.",
    },
    Preset {
        id: "ag-small-on-au",
        name: "Ag 2 nm + Au 4 nm, 700 K, MC swaps: a patchy Ag layer",
        link: "v=1&a=Ag:2:sphere&b=Au:4:sphere&gap=4&T=700&seed=3&mc=20:500",
        study: "Goudeli & Pratsinis, ACS Nano 11, 11653 (2017)",
        finding: "A small Ag particle on a large Au one spreads into a patchy Ag layer over the Au surface.",
        watch: "Surface composition chart: Ag rises from 0.18 to above 0.23 of the surface within 10 ps. There are too few Ag atoms for a full shell: colour by element to see the patches.",
        chart: "surface",
        show_after: "10 ps",
        caveat: "",
    },
    Preset {
        id: "au-small-in-ag",
        name: "Ag 4 nm + Au 2 nm, 700 K, MC swaps: the small Au particle embeds",
        link: "v=1&a=Ag:4:sphere&b=Au:2:sphere&gap=4&T=700&seed=3&mc=20:500",
        study: "Goudeli & Pratsinis, ACS Nano 11, 11653 (2017)",
        finding: "A small Au particle on a large Ag one is embedded: it sinks under an Ag surface.",
        watch: "Surface composition chart: the Au fraction of the surface falls from 0.17 to below 0.05 within 10 ps (the small Au particle is buried under Ag).",
        chart: "surface",
        show_after: "10 ps",
        caveat: "",
    },
    Preset {
        id: "cuag-core-shell",
        name: "Cu 3 nm + Ag 2 nm (Cu-rich), 700 K, MC swaps: Ag coats the Cu",
        link: "v=1&a=Cu:3:sphere&b=Ag:2:sphere&gap=4&T=700&seed=5&mc=20:500",
        study: "Grammatikopoulos et al., Nanoscale 8, 9780 (2016)",
        finding: "Cu-rich Cu–Ag particles form Cu@Ag core–shell structures: Ag, with the lower surface energy, wraps the Cu. Ag-rich particles coalesce faster.",
        watch: "Surface composition chart: Ag rises from 0.27 to above 0.45 of the surface within 10 ps. The 2 nm Ag particle has a fifth as many atoms as the Cu one, enough to cover about half of it: colour by element to see the shell grow.",
        chart: "surface",
        show_after: "10 ps",
        caveat: "Not shown: how fast Ag-rich particles coalesce, or the kinetic trapping that plain MD finds in ns. Export the LAMMPS deck for those.",
    },
    Preset {
        id: "cuag-core-shell-smatb",
        name: "Cu 3 nm + Ag 2 nm, 700 K, MC swaps, SMATB (Ferrando AgCu set)",
        link: "v=1&a=Cu:3:sphere&b=Ag:2:sphere&gap=4&T=700&seed=5&mc=20:500&pot=smatb",
        study: "Grammatikopoulos et al., Nanoscale 8, 9780 (2016); SMATB parameters of Ferrando's group",
        finding: "As the Cu-rich preset: Ag coats the Cu. The second-moment tight-binding potential gives the same segregation as the Zhou EAM.",
        watch: "Surface composition chart: Ag rises from 0.27 to above 0.45 of the surface within 10 ps, as with the default EAM.",
        chart: "surface",
        show_after: "10 ps",
        caveat: "",
    },
    Preset {
        id: "niau-encapsulation",
        name: "Ni 2.5 nm + Au 3 nm, 800 K, MC swaps: Au encapsulates Ni",
        link: "v=1&a=Ni:2.5:sphere&b=Au:3:sphere&gap=4&T=800&seed=13&mc=20:500",
        study: "Li, Li, Su & Cui, Sci. Rep. 11 (2021)",
        finding: "During Au–Ni coalescence Au diffuses over the Ni surface; with a large Au fraction it encapsulates the Ni.",
        watch: "Surface composition chart: Au rises from 0.57 to above 0.85 of the surface within 10 ps. About half of the atoms are Au, enough to bury the Ni core.",
        chart: "surface",
        show_after: "10 ps",
        caveat: "Without swaps, plain MD shows the start (surface Au 0.57 → 0.65 in 40 ps); the rest takes ns.",
    },
    Preset {
        id: "niau-spreading",
        name: "Ni 3 nm + Au 2 nm, 800 K, MC swaps: Au spreads over Ni",
        link: "v=1&a=Ni:3:sphere&b=Au:2:sphere&gap=4&T=800&seed=13&mc=20:500",
        study: "Li, Li, Su & Cui, Sci. Rep. 11 (2021)",
        finding: "A small Au fraction spreads over the Ni surface rather than staying a separate particle.",
        watch: "Surface composition chart: Au rises from 0.23 to above 0.4 of the surface within 10 ps, though only one atom in six is Au.",
        chart: "surface",
        show_after: "10 ps",
        caveat: "",
    },
    Preset {
        id: "ptpd-alignment",
        name: "Pt + Pd truncated octahedra, 600 K: lattices align first",
        link:
            "v=1&a=Pt:3:truncated-octahedron&b=Pd:3:truncated-octahedron:0,0,15&gap=3&T=600&seed=11",
        study: "Nelli, Cerbelaud, Ferrando & Minnai, Nanoscale Adv. 3, 836 (2021)",
        finding: "PtPd particles (~5 nm, 500–700 K) coalesce in four stages on separate time scales: atomic columns align, close-packed planes align, the shape equilibrates, and chemical ordering comes last.",
        watch: "Rotation chart: the lattice misorientation falls from 15° to below 8° within 20 ps as the columns and planes align. Surface composition hardly moves (Pd 0.50 → 0.53): chemical ordering, the slowest stage, is far off.",
        chart: "rotation",
        show_after: "20 ps",
        caveat: "Shape and chemical equilibration take ns to µs, at the study's 5 nm: export the LAMMPS deck (add swaps for the chemical ordering).",
    },
    Preset {
        id: "auag-alloy-mc",
        name: "AuAg random alloy, 700 K, MD + MC swaps: Ag segregates to the surface",
        link: "v=1&a=Au~0.5,Ag~0.5:3:sphere&T=700&seed=6&mc=10:300",
        study: "Ferrando, Jellinek & Johnston, Chem. Rev. 108, 845 (2008)",
        finding: "In Au–Ag nanoalloys the surface is enriched in Ag, the element of lower surface energy.",
        watch: "Surface composition chart: in a random 50:50 alloy the Ag fraction of the surface rises from 0.48 to above 0.7 within 5 ps.",
        chart: "surface",
        show_after: "5 ps",
        caveat: "",
    },
    Preset {
        id: "ag-chain-sintering",
        name: "Four 3 nm Ag particles in a straight chain, 600 K: slow sintering",
        link: "v=1&a=Ag:3:sphere&b=Ag:3:sphere&c=Ag:3:sphere&d=Ag:3:sphere&gap=3&T=600&thermo=nose-hoover&seed=42",
        study: "Buesser & Pratsinis, J. Phys. Chem. C 119, 10116 (2015)",
        finding: "Straight chains of silver particles sinter much more slowly than compact clusters of the same particles: a chain has fewer contacts, and must bend and shorten before it can round up.",
        watch: "Surface area chart: A/A₀ falls steadily, to 0.95 at 4 ps and 0.76 at 20 ps, still falling; the radius of gyration falls from 37 to 27 Å as the chain shortens. The compact preset of the same four particles (a tetrahedron) reaches 0.76 within 4 ps.",
        chart: "area",
        show_after: "20 ps",
        caveat: "The study's particles and chains are larger and its runs longer: export the LAMMPS deck.",
    },
    Preset {
        id: "ag-compact-sintering",
        name: "Four 3 nm Ag particles in a tetrahedron, 600 K: fast sintering",
        link: "v=2&a=Ag:3:sphere&b=Ag:3:sphere&c=Ag:3:sphere&d=Ag:3:sphere&gap=3&arr=tetrahedron&T=600&thermo=nose-hoover&seed=42",
        study: "Buesser & Pratsinis, J. Phys. Chem. C 119, 10116 (2015)",
        finding: "A compact cluster of silver particles sinters much faster than a straight chain of the same particles: every particle touches the three others at once.",
        watch: "Surface area chart: A/A₀ drops to 0.76 within 4 ps (six necks grow at once) and levels off near 0.71, while the straight chain of the same particles (the chain preset) is at 0.95 after 4 ps and needs 20 ps to reach 0.76.",
        chart: "area",
        show_after: "20 ps",
        caveat: "",
    },
    Preset {
        id: "hea-cu-segregation",
        name: "Two 3 nm Co–Cu–Fe–Ni–Pd high-entropy particles, 700 K, MD + MC swaps: Cu to the surface",
        link: "v=1&a=Co~0.2,Cu~0.2,Fe~0.2,Ni~0.2,Pd~0.2:3:sphere&b=Co~0.2,Cu~0.2,Fe~0.2,Ni~0.2,Pd~0.2:3:sphere&gap=4&T=700&thermo=nose-hoover&seed=42&mc=20:500",
        study: "The review, §4.1: coalescence of medium- and high-entropy-alloy particles is rarely reported; surface energies: Tyson & Miller, Surf. Sci. 62, 267 (1977)",
        finding: "In an alloy particle the element of lowest surface energy enriches the surface; among Co, Cu, Fe, Ni and Pd that is Cu. How five-element particles coalesce is little studied: this run is new ground.",
        watch: "Surface composition chart: Cu rises from 0.21 to about 0.40 of the surface within 4 ps while Co (0.19 → 0.02) and Ni (0.19 → 0.06) leave it; without the swaps (mode MD) each element keeps about 0.2 of the surface for 10 ps. Crystalline order chart: the FCC fraction falls from 0.59 to 0.25 in 10 ps as the particles merge.",
        chart: "surface",
        show_after: "10 ps",
        caveat: "Zhou's EAM fits Co to hcp and Fe to bcc; every particle here is built fcc, and the alloy is treated as one fcc solid, as Cantor-like alloys are.",
    },
    Preset {
        id: "agau-on-carbon",
        name: "Ag and Au particles on a carbon-like support, 600 K: a weak support",
        link: "v=2&a=Ag:2.5:sphere&b=Au:2.5:sphere&gap=2.5&sup=lj93&T=600&thermo=nose-hoover&seed=1",
        study: "Akbarzadeh et al., AgAu clusters on a graphite-like support (the review's supported-particle studies, science spec §5)",
        finding: "On a graphite-like support the metal–support energy is small against the metal–metal energy, so supported particles coalesce much as free ones do, and round up rather than spread.",
        watch: "Metal–support energy chart: between −0.9 and −4.8 eV for 918 atoms, under 0.2 % of their metal–metal energy (about −2790 eV). As the particles merge (neck radius 12 Å by 20 ps) the pair rounds up and lifts off: the contact angle chart climbs from about 120° to above 150°, and the atoms in contact fall from 47 at 12 ps to 14 at 20 ps.",
        chart: "support",
        show_after: "20 ps",
        caveat: "The support is a smooth wall (LAMMPS fix wall/lj93) with order-of-magnitude carbon-like parameters, not a graphite lattice: it has no registry and no steps.",
    },
    Preset {
        id: "cu-on-cu001",
        name: "A Cu particle on a Cu(001) crystal, 700 K: it turns into registry",
        link: "v=2&a=Cu:2.5:sphere:0,20,0&sup=slab:Cu:fcc001&T=700&thermo=nose-hoover&seed=1",
        study: "Yeadon, Ghaly, Yang, Averback & Gibson, Appl. Phys. Lett. 73, 3208 (1998); Zhu & Averback, Phil. Mag. Lett. 73, 27 (1996) (Cu particles on Cu(001); science spec §5)",
        finding: "Copper particles set on a Cu(001) surface in a random orientation turn into the substrate's orientation (cube on cube) as the neck to the substrate grows: the contact acts as a grain boundary that sweeps through the particle.",
        watch: "Misorientation chart: the particle's lattice starts 20° off the substrate's (turned about the surface normal) and stays near 19° for 5 ps while the neck to the substrate grows (contact atoms 21 → 76); then it turns, to 6° at 10 ps and below 3° from 13 ps on. The contact angle chart falls from 150° to about 95° as the particle spreads.",
        chart: "epitaxy",
        show_after: "15 ps",
        caveat: "A 2.5 nm particle (677 atoms) on a 6-layer slab (2028 atoms, the bottom two fixed); the experiments' particles were 10–20 nm. The crystalline-order chart counts the particle's atoms alone, so atoms in contact with the substrate (missing their substrate neighbours) count as 'other'.",
    },
    Preset {
        id: "press-cu-ag",
        name: "Ag-coated Cu particles pressed at 1 GPa between Cu plates, 600 K: the pores close",
        link: "v=2&a=Cu@Ag~0.7:2.5:sphere&b=Cu@Ag~0.7:2.5:sphere&gap=3&sup=slab:Cu:fcc001&press=10000&T=600&thermo=nose-hoover&seed=1",
        study: "Kim & Chung, pressure-assisted sintering of Ag-coated Cu particles (the review's pressure studies, science spec §5)",
        finding: "Pressure lowers the void fraction of a sintering Ag-coated Cu compact, with diminishing returns past a level.",
        watch: "Relative density chart: the particles (2.5 nm, Cu core, Ag shell, two per periodic cell) fill 41 % of the space between the plates at the start. Pressed at 1 GPa (10 000 bar) the compact reaches 0.67 at 4 ps and 0.91 at 8 ps; in the companion preset without load it reaches only 0.49 and 0.66. Past 1 GPa more pressure gains little: at 4 GPa it is 0.94 at 8 ps. Edit Press (bar) and apply to try other loads.",
        chart: "press",
        show_after: "8 ps",
        caveat: "Two particles per periodic cell between a 6-layer Cu(001) substrate and a 3-layer Cu plate (3270 atoms), pressed a billion times faster than in a real press: MD can show the trend, not the hours-long densification of a paste at 10–20 MPa. Without load the compact densifies too, only slower (0.91 by 20 ps): the particles bond to the plates and to each other and pull the plate down.",
    },
    Preset {
        id: "press-cu-ag-free",
        name: "The same Ag-coated Cu particles between Cu plates without load, 600 K",
        link: "v=2&a=Cu@Ag~0.7:2.5:sphere&b=Cu@Ag~0.7:2.5:sphere&gap=3&sup=slab:Cu:fcc001&press=0&T=600&thermo=nose-hoover&seed=1",
        study: "Kim & Chung, pressure-assisted sintering of Ag-coated Cu particles (the review's pressure studies, science spec §5)",
        finding: "Pressure lowers the void fraction of a sintering Ag-coated Cu compact; without it the same compact at the same temperature densifies more slowly.",
        watch: "Relative density chart: from 0.41 the compact reaches 0.49 at 4 ps and 0.66 at 8 ps, where the 1 GPa preset is at 0.67 and 0.91. The upper plate still comes down (gap chart, 28.7 Å at the start): the particles' bonds to the plates and to each other pull it, and by 20 ps the density is near 0.91, close to the pressed run's.",
        chart: "press",
        show_after: "8 ps",
        caveat: "The control run of the 1 GPa preset: the same atoms, plate and seed, at 0 bar.",
    },
    Preset {
        id: "au-lj-873k",
        name: "Two 3 nm Au particles, 873 K, Lennard-Jones: a pair potential stays solid",
        link: "v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42&pot=lj",
        study: "Why metals need many-body potentials: the EAM of Daw & Baskes, Phys. Rev. B 29, 6443 (1984)",
        finding: "A pair potential fitted to gold's bulk properties gets its surfaces wrong: it overbinds them and melts at the wrong temperature.",
        watch: "Crystalline order chart: the FCC fraction stays near 0.5 for 30 ps and the neck stays near 10 Å, where the EAM preset at the same temperature melts (FCC below 0.05) and grows a 16 Å neck.",
        chart: "cna",
        show_after: "30 ps",
        caveat: "",
    },
    Preset {
        id: "integrators-energy",
        name: "Integrators: leapfrog vs velocity Verlet, energy conservation (NVE)",
        link: "v=1&a=Au:2:sphere&b=Au:2:sphere&gap=3&T=600&thermo=none&int=leapfrog&dt=0.002&steps=1000&every=5&seed=7",
        study: "Verlet, Phys. Rev. 159, 98 (1967); Swope, Andersen, Berens & Wilson, J. Chem. Phys. 76, 637 (1982); the review's MD methods (science spec §2)",
        finding: "Verlet, leapfrog and velocity Verlet move the atoms along the same path to second order in the time step; velocity Verlet knows positions and velocities at the same moment, so the energy it reports is the one it conserves.",
        watch: "Total energy chart (no thermostat): with leapfrog the energy per atom wobbles by about 1.3e-4 eV (standard deviation) because its velocities are half a step behind its positions. Choose velocity Verlet (or position Verlet) in the Integrator menu and apply: the wobble shrinks about 80-fold, to under 2e-6 eV. Halve dt to 1 fs: velocity Verlet's wobble falls 4-fold (dt²), leapfrog's only 2-fold (dt).",
        chart: "energy",
        show_after: "2 ps",
        caveat: "The three move the atoms the same way to second order (tests/integrators.rs compares their positions); what differs is what each knows at the step. Langevin runs keep their own splitting and take velocity Verlet only.",
    },
    Preset {
        id: "au-melting-ramp",
        name: "One 3 nm Au particle heated 500 → 1400 K: size-dependent melting",
        link: "v=1&a=Au:3:sphere&T=500&T1=1400&thermo=langevin&tau=0.5&steps=60000&every=100&seed=1",
        study: "Buffat & Borel, Phys. Rev. A 13, 2287 (1976)",
        finding: "Small gold particles melt far below bulk gold's 1337 K, and the smaller they are the lower they melt.",
        watch: "Caloric curve chart: the potential energy per atom jumps near 975 K, with a latent heat of about 0.05 eV/atom (bulk gold melts at 1337 K). The ramp is fast (7.5 K/ps), so the particle superheats: at 2 K/ps the jump comes at 932 K. Held at a fixed temperature, a lone 3 nm particle stays crystalline at 800 K and melts within 30 ps at 873 K. With 4 nm the jump comes near 1109 K, with 5 nm near 1189 K.",
        chart: "caloric",
        show_after: "120 ps (the whole ramp, 60 000 steps)",
        caveat: "",
    },
    Preset {
        id: "au-bulk-melting",
        name: "Bulk Au heated 800 → 2000 K at 0 bar (NPT): no surface, no early melting",
        link: "v=3&bulk=Au:fcc:5&baro=0&T=800&T1=2000&thermo=nose-hoover&steps=30000&every=100&seed=1",
        study: "Lutsko, Wolf, Phillpot & Yip, Phys. Rev. B 40, 2841 (1989); Buffat & Borel, Phys. Rev. A 13, 2287 (1976)",
        finding: "Melting starts at surfaces: a perfect crystal in a periodic box, which has none, stays solid past its melting point (it superheats), while a nanoparticle, nearly all surface, melts hundreds of kelvin below it.",
        watch: "Lattice constant chart: the box grows smoothly with temperature (thermal expansion, from 4.08 Å at 0 K), then jumps by about 0.9 % (2.7 % in volume) when the crystal melts, at 1440 K at this rate (40 K/ps) and seed; seed 2 melts at 1570 K: when a superheated crystal gives way is a matter of chance — above gold's 1337 K and far above the 975 K where the 3 nm particle of the melting-ramp preset melts. Caloric curve chart: the energy per atom jumps there too, by about 0.12 eV/atom (the latent heat). The a-CNA fraction falls gradually before: at these temperatures thermal vibrations blur the fcc signature; it reaches 0 at the jump.",
        chart: "lattice",
        show_after: "60 ps (the whole ramp, 30 000 steps)",
        caveat: "A small periodic box (500 atoms) and a fast ramp: the jump is the limit of superheating, not the melting point (which needs a crystal and its liquid side by side). The Zhou potential's gold expands with temperature more than real gold.",
    },
    Preset {
        id: "kmc-film",
        name: "kMC: nanoparticle film growth (deposition, diffusion, aggregation)",
        link: "v=1&kmc=film&L=200&F=1&D=1e6&theta=0.25&seed=1",
        study: "Jensen, Rev. Mod. Phys. 71, 1695 (1999); Venables, Philos. Mag. 27, 697 (1973)",
        finding: "When particles land, diffuse and stick, the island density at saturation scales as (F/D)^(1/3): ten times faster diffusion gives about half as many islands (10^(-1/3) = 0.46).",
        watch: "Island density: about 0.0026 islands per site at coverage 0.25. Set D=1e5 and there are about 0.0055, twice as many.",
        chart: "film",
        show_after: "coverage 0.25 (a fraction of a second)",
        caveat: "",
    },
    Preset {
        id: "kmc-neck",
        name: "kMC: neck growth of two 2 nm Au spheres, 700 K",
        link: "v=1&kmc=neck&r=1&T=700&seed=1&events=20000000",
        study: "Lattice kMC of fcc particle sintering (the review's §3); Lim et al. (2009)",
        finding: "Lattice kMC of fcc particles finds the neck radius growing as r ∝ tⁿ, with n ≈ 1/3 just after contact and n ≈ 1/6 in the intermediate stage. Lim et al. fit 0.32 to late-stage growth of faceted decahedra.",
        watch: "Neck chart (log–log): the fit over the growth stage gives n ≈ 0.12–0.18 (seeds 1–4: 0.12, 0.18, 0.14, 0.13), the intermediate-stage regime. Local exponent chart: between 1e-5 and 1e-4 s it sits near the 1/6 line (seeds 1–6: 0.15–0.23), then drops to 0 as the neck stops near 13 Å, when the two spheres have merged. Type a fit window under the neck chart to fit one stage.",
        chart: "kmcneck",
        show_after: "20 M events",
        caveat: "At 2 nm the first decade after contact is a neck of a few atoms whose local exponent jumps by ±0.2 rather than showing the early 1/3. Faceted starts (truncated octahedra, cuboctahedra) are in the shape menu; Lim's decahedra are twinned and do not fit on the kMC lattice, so their late-stage 0.32 is not reproduced.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::link;

    #[test]
    fn every_preset_link_parses_and_names_and_ids_are_unique() {
        for p in PRESETS {
            if link::is_kmc(p.link) {
                let ok = link::parse_kmc(p.link).is_ok() || link::parse_film(p.link).is_ok();
                assert!(ok, "{}: {}", p.name, p.link);
            } else {
                link::parse(p.link).unwrap_or_else(|e| panic!("{}: {e}", p.name));
            }
            assert_eq!(PRESETS.iter().filter(|q| q.name == p.name).count(), 1);
            assert_eq!(PRESETS.iter().filter(|q| q.id == p.id).count(), 1);
            assert!(
                p.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "id '{}' is not kebab-case",
                p.id
            );
        }
    }
}
