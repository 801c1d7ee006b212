// Presets: share-link queries of the studies the review describes (see SCIENCE.md §5).
export const PRESETS = [
  { name: 'Two Au particles, 873 K', link: 'v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42' },
  { name: 'Au at 500 K (rotation after contact)', link: 'v=1&a=Au:3:truncated-octahedron&b=Au:3:truncated-octahedron:0,0,20&gap=3&T=500&seed=7' },
  { name: 'Au at 1100 K (fast interface diffusion)', link: 'v=1&a=Au:3:truncated-octahedron&b=Au:3:truncated-octahedron:0,0,20&gap=3&T=1100&seed=7' },
  { name: 'Ag + Au, 700 K (Ag-rich surface)', link: 'v=1&a=Ag:3:sphere&b=Au:3:sphere&gap=4&T=700&seed=3' },
  { name: 'Cu + Ag, 700 K', link: 'v=1&a=Cu:2.5:sphere&b=Ag:3:sphere&gap=4&T=700&seed=5' },
  { name: 'Pt + Pd truncated octahedra, 600 K', link: 'v=1&a=Pt:3:truncated-octahedron&b=Pd:3:truncated-octahedron:0,0,15&gap=3&T=600&seed=11' },
  { name: 'Ag + Au, 700 K, MD + MC swaps (segregation)', link: 'v=1&a=Ag:3:sphere&b=Au:3:sphere&gap=4&T=700&seed=3&mc=20:500' },
  { name: 'AuAg random alloy, 700 K, MD + MC swaps', link: 'v=1&a=Au~0.5,Ag~0.5:3:sphere&T=700&seed=6&mc=10:300' },
  { name: 'kMC: nanoparticle film growth (deposition, diffusion, aggregation)', link: 'v=1&kmc=film&L=200&F=1&D=1e6&theta=0.25&seed=1' },
  { name: 'kMC: neck growth of two 2 nm Au spheres, 700 K', link: 'v=1&kmc=neck&r=1&T=700&seed=1&events=20000000' },
  { name: 'Two Au particles, 873 K, Lennard-Jones (pair potential: compare with the EAM preset)', link: 'v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42&pot=lj' },
  { name: 'Ag + Cu, 700 K, SMATB (Ferrando AgCu set)', link: 'v=1&a=Cu:2.5:sphere&b=Ag:3:sphere&gap=4&T=700&seed=5&pot=smatb' },
  { name: 'Ni + Au, 800 K (Au spreads over Ni)', link: 'v=1&a=Ni:2.5:sphere&b=Au:3:sphere&gap=4&T=800&seed=13' },
];
export const DEFAULT_LINK = PRESETS[0].link;
