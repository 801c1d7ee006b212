//! Share links: the whole run in a URL query, human-readable enough to edit by hand — an MD
//! scenario (`?v=1&a=Au:3.0:icosahedron&b=Ag:3.0:sphere:0,0,30&gap=4&T=700&seed=42`), a kMC
//! neck-growth run (`kmc=neck`) or a film-growth run (`kmc=film`). The keys each kind reads are
//! [`MD_KEYS`] (and `a`, `b`, `c`, … for the particles, `CHEM:DIAMETER_NM:SHAPE[:RX,RY,RZ]`),
//! [`KMC_NECK_KEYS`] and [`FILM_KEYS`]; the README's share-link tables give their meaning and
//! defaults (a test holds the tables to these lists). CHEM is `Au` (pure), `Cu@Ag~0.6`
//! (core@shell, core radius fraction), `Au~0.3,Ag~0.7` (random alloy with these fractions) or
//! `Au/Ag~0.5` (Janus, fraction of the first). Unknown keys, repeated keys and malformed values
//! are errors that name the key.

use crate::base::error::{Error, Result};
use crate::kmc::neck::KmcNeckSpec;
use crate::md::integrator::Integrator;
use crate::md::thermostat::ThermostatKind;
use crate::run::scenario::{PotentialSpec, Scenario, StructureSpec, SCENARIO_VERSION};
use crate::structure::{Chemistry, ParticleSpec, SceneSpec, Shape};
use std::collections::BTreeMap;

/// Newest link format version this build reads and writes. Version 2 added `int` (integrator),
/// `arr` (arrangement), `sup` (support: a wall or a crystalline substrate), `press` and, in kMC
/// links, `alg` (algorithm); version 3 added `bulk` (a periodic bulk crystal instead of
/// particles) and `baro` (a barostat). A link is written with the lowest version that holds it,
/// so that links an older build can read stay readable there (and an older build refuses a newer
/// link with its "newer format" notice instead of an unknown key).
pub const LINK_VERSION: u32 = 3;

/// Run length when a link gives none.
pub const DEFAULT_STEPS: u64 = 100_000;

/// Letters naming particles in chain order.
const PARTICLE_KEYS: &str = "abcdefghijklmnopqrstuvwxyz";

/// The keys of an MD link besides the particles `a`, `b`, `c`, … (the README's link table lists
/// them, and a test holds the two together).
pub const MD_KEYS: [&str; 20] = [
    "v", "bulk", "gap", "axis", "arr", "sup", "press", "baro", "T", "T1", "thermo", "tau", "dt",
    "int", "steps", "seed", "every", "pot", "mc", "ev",
];

/// The keys of a kMC neck-growth link (`kmc=neck`).
pub const KMC_NECK_KEYS: [&str; 12] = [
    "v", "kmc", "r", "shape", "T", "eb", "e0", "nu", "a", "events", "seed", "alg",
];

/// The keys of a film-growth link (`kmc=film`).
pub const FILM_KEYS: [&str; 7] = ["v", "kmc", "L", "F", "D", "theta", "seed"];

/// Keys the page reads for itself, which the parser passes over: `embed=1` (the compact layout
/// for an iframe), `coi=0` (no cross-origin-isolation service worker on a static host),
/// `controls=none|basic|full`, `autoplay=1`, `lock=…` (parameters a reader may not change) and
/// `pace=…` (the pace control's starting value, for slow motion). None changes the run.
pub const PAGE_KEYS: [&str; 6] = ["embed", "coi", "controls", "autoplay", "lock", "pace"];

/// Decodes `%XX` escapes (and `+` as a space, as HTML forms write it).
fn percent_decode(s: &str) -> Result<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(hex.ok_or_else(|| Error::new(format!("bad %-escape in '{s}'")))?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out)
        .map_err(|_| Error::new(format!("'{s}' is not valid UTF-8 after decoding")))
}

/// The query part of a URL (after `?`, before `#`), or the whole string if it has no `?`; a
/// leading `#` (links kept in the fragment) is accepted too.
fn query_of(url: &str) -> &str {
    let q = match url.find('?') {
        Some(k) => &url[k + 1..],
        None => url.trim_start_matches('#'),
    };
    q.split('#').next().unwrap_or("")
}

/// True if the link describes a kinetic Monte Carlo run (`kmc=…`).
pub fn is_kmc(url: &str) -> bool {
    kind(url) != LinkKind::Md
}

/// What a link describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// An MD (+ MC) run.
    Md,
    /// A kMC neck-growth run (`kmc=neck`, or any other `kmc=` value, which its parser refuses
    /// by name).
    KmcNeck,
    /// A film-growth run (`kmc=film`).
    Film,
}

/// What a link describes, from its `kmc` key.
pub fn kind(url: &str) -> LinkKind {
    let kmc = query_of(url.trim())
        .split('&')
        .find_map(|p| p.strip_prefix("kmc="));
    match kmc {
        None => LinkKind::Md,
        Some("film") => LinkKind::Film,
        Some(_) => LinkKind::KmcNeck,
    }
}

/// Parses a kinetic Monte Carlo link:
/// `?v=1&kmc=neck&r=2&T=700&seed=1[&shape=sphere][&eb=0.2][&e0=0][&nu=1e13][&a=4.08][&events=10000000]`
/// (r: particle radius, nm; eb, e0: barriers, eV; nu: attempt frequency, 1/s; a: lattice
/// constant, Å; events: run length).
pub fn parse_kmc(url: &str) -> Result<KmcNeckSpec> {
    let mut kv = query_map(url)?;
    match kv.remove("kmc").as_deref() {
        Some("neck") => {}
        Some(m) => bail!("unknown kMC model kmc='{m}' (this build has: neck)"),
        None => bail!("not a kMC link (kmc=neck)"),
    }
    let (num, int) = (take_num, take_int);
    let d = crate::kmc::surface_diffusion::HopModel::default();
    let radius_nm = num(&mut kv, "r")?
        .ok_or_else(|| Error::new("the kMC link has no particle radius (r=… nm)"))?;
    let temperature =
        num(&mut kv, "T")?.ok_or_else(|| Error::new("the link has no temperature (T=…)"))?;
    let shape = match kv.remove("shape") {
        None => crate::structure::Shape::Sphere,
        Some(s) => {
            crate::structure::Shape::from_name(&s).map_err(|e| e.context("link parameter shape"))?
        }
    };
    let spec = KmcNeckSpec {
        radius_nm,
        shape,
        lattice: num(&mut kv, "a")?.unwrap_or(KmcNeckSpec::DEFAULT_LATTICE),
        model: crate::kmc::surface_diffusion::HopModel {
            nu_per_s: num(&mut kv, "nu")?.unwrap_or(d.nu_per_s),
            e0: num(&mut kv, "e0")?.unwrap_or(d.e0),
            eb: num(&mut kv, "eb")?.unwrap_or(d.eb),
            temperature,
        },
        events: int(&mut kv, "events")?.unwrap_or(KmcNeckSpec::DEFAULT_EVENTS),
        samples: KmcNeckSpec::DEFAULT_SAMPLES,
        seed: int(&mut kv, "seed")?.ok_or_else(|| Error::new("the link has no seed (seed=…)"))?,
        algorithm: match kv.remove("alg") {
            None => Default::default(),
            Some(a) => crate::kmc::neck::KmcAlgorithm::from_name(&a)
                .map_err(|e| e.context("link parameter alg"))?,
        },
    };
    if let Some(k) = kv.keys().next() {
        bail!("unknown link parameter '{k}' for a kMC link");
    }
    spec.validate()?;
    Ok(spec)
}

/// Parses a film-growth (DDA) link: `?v=1&kmc=film&L=200&F=1&D=1e6&theta=0.2&seed=1` (L: lattice
/// side; F: flux per site per s; D: hop rate per direction, 1/s; theta: final coverage).
pub fn parse_film(url: &str) -> Result<crate::kmc::dda::DdaSpec> {
    let mut kv = query_map(url)?;
    match kv.remove("kmc").as_deref() {
        Some("film") => {}
        _ => bail!("not a film-growth link (kmc=film)"),
    }
    let mut num = |k: &str, what: &str| -> Result<f64> {
        take_num(&mut kv, k)?
            .ok_or_else(|| Error::new(format!("the film link has no {what} ({k}=…)")))
    };
    let size = num("L", "lattice side")?;
    let flux = num("F", "flux")?;
    let diffusion = num("D", "hop rate")?;
    let coverage = num("theta", "final coverage")?;
    let seed = num("seed", "seed")?;
    if size.fract() != 0.0 || size < 0.0 || seed.fract() != 0.0 || seed < 0.0 {
        bail!("film link: L and seed must be non-negative integers");
    }
    if let Some(k) = kv.keys().next() {
        bail!("unknown link parameter '{k}' for a film link");
    }
    let spec = crate::kmc::dda::DdaSpec {
        size: size as usize,
        flux,
        diffusion,
        coverage,
        seed: seed as u64,
    };
    spec.validate()?;
    Ok(spec)
}

/// The share-link query of a film-growth run.
pub fn film_to_query(s: &crate::kmc::dda::DdaSpec) -> String {
    format!(
        "v=1&kmc=film&L={}&F={}&D={}&theta={}&seed={}",
        s.size, s.flux, s.diffusion, s.coverage, s.seed
    )
}

/// The share-link query (without `?`) of a kMC neck run.
pub fn kmc_to_query(s: &KmcNeckSpec) -> String {
    let shape = match s.shape {
        crate::structure::Shape::Sphere => String::new(),
        sh => format!("&shape={}", sh.name()),
    };
    let (version, alg) = if s.algorithm.is_default() {
        (1, String::new())
    } else {
        (LINK_VERSION, format!("&alg={}", s.algorithm.name()))
    };
    format!(
        "v={version}&kmc=neck&r={}{shape}&T={}&eb={}&e0={}&nu={}&a={}&events={}&seed={}{alg}",
        num(s.radius_nm),
        num(s.model.temperature),
        num(s.model.eb),
        num(s.model.e0),
        s.model.nu_per_s,
        num(s.lattice),
        s.events,
        s.seed
    )
}

/// A value as a message quotes it: at most 40 characters (a hand-edited link may carry a
/// megabyte), cut with "…".
fn shown(v: &str) -> String {
    match v.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v.to_string(),
    }
}

/// Removes key `k` and reads it as a finite number.
fn take_num(kv: &mut BTreeMap<String, String>, k: &str) -> Result<Option<f64>> {
    match kv.remove(k) {
        None => Ok(None),
        Some(v) => match v.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(Error::new(format!(
                "link parameter {k}='{}' is not a number",
                shown(&v)
            ))),
        },
    }
}

/// Removes key `k` and reads it as a non-negative integer.
fn take_int(kv: &mut BTreeMap<String, String>, k: &str) -> Result<Option<u64>> {
    match kv.remove(k) {
        None => Ok(None),
        Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
            Error::new(format!(
                "link parameter {k}='{}' is not a non-negative integer",
                shown(&v)
            ))
        }),
    }
}

/// The key=value pairs of a link, page-only keys dropped, the version checked and removed.
fn query_map(url: &str) -> Result<BTreeMap<String, String>> {
    let mut kv: BTreeMap<String, String> = BTreeMap::new();
    for part in query_of(url.trim()).split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let (k, v) = (percent_decode(k)?, percent_decode(v)?);
        if kv.insert(k.clone(), v).is_some() {
            bail!("link parameter '{k}' is given twice");
        }
    }
    for k in PAGE_KEYS {
        kv.remove(k);
    }
    let version: u32 = match kv.remove("v") {
        None => bail!("the link has no format version (v=1)"),
        Some(v) => v
            .parse()
            .map_err(|_| Error::new(format!("link version v='{}' is not a number", shown(&v))))?,
    };
    if version > LINK_VERSION {
        bail!("this link is format version {version}, made by a newer nanocoalesce; this page reads version {LINK_VERSION}");
    }
    if version < 1 {
        bail!("link version v={version} does not exist");
    }
    Ok(kv)
}

#[cfg(test)]
mod kmc_link_tests {
    use super::*;

    #[test]
    fn the_declared_keys_are_the_keys_the_parser_reads() {
        // A link with every declared key parses (so the parser reads each), and one key more is
        // refused by name.
        let md =
            "v=1&a=Au:2:sphere&b=Ag:2:sphere&gap=3&axis=1,0,0&arr=chain&sup=slab:Cu:fcc001&press=1000&T=600&T1=700&thermo=csvr&tau=0.2\
                  &dt=0.002&int=leapfrog&steps=100&seed=1&every=10&pot=smatb&mc=10:20&ev=50:T:900&embed=1&coi=0";
        let kmc = "v=1&kmc=neck&r=1&shape=octahedron&T=600&eb=0.2&e0=0&nu=1e13&a=4.08&events=100&seed=1&alg=rkmc&embed=1";
        let film = "v=1&kmc=film&L=50&F=1&D=1e4&theta=0.1&seed=1&coi=0";
        let keys = |l: &str| -> Vec<String> {
            l.split('&')
                .map(|p| p.split('=').next().unwrap().to_string())
                .filter(|k| !PAGE_KEYS.contains(&k.as_str()))
                .collect()
        };
        // A bulk crystal takes the place of the particles (and of their placement keys).
        let bulk = "v=3&bulk=Cu:fcc:4&baro=0:1:aniso&T=600&thermo=nose-hoover&seed=1";
        let mut md_keys = keys(md);
        md_keys.retain(|k| k.len() > 1 || !PARTICLE_KEYS.contains(k.as_str()) || k == "v");
        md_keys.extend(keys(bulk));
        let mut declared = MD_KEYS.to_vec();
        declared.sort_unstable();
        md_keys.sort_unstable();
        md_keys.dedup();
        assert_eq!(md_keys, declared);
        assert_eq!(
            to_query(&parse(bulk).unwrap())
                .unwrap()
                .split('&')
                .take(3)
                .collect::<Vec<_>>(),
            ["v=3", "bulk=Cu:fcc:4x4x4", "baro=0:1:aniso"]
        );
        assert_eq!(keys(kmc), KMC_NECK_KEYS);
        assert_eq!(keys(film), FILM_KEYS);
        parse(md).unwrap();
        parse_kmc(kmc).unwrap();
        parse_film(film).unwrap();
        for (link, extra) in [(md, "&colour=1"), (kmc, "&L=3"), (film, "&r=2")] {
            let k = &extra[1..extra.find('=').unwrap()];
            let e = match link {
                l if l == md => parse(&format!("{l}{extra}")).unwrap_err(),
                l if l == kmc => parse_kmc(&format!("{l}{extra}")).unwrap_err(),
                l => parse_film(&format!("{l}{extra}")).unwrap_err(),
            };
            assert!(
                e.message()
                    .contains(&format!("unknown link parameter '{k}'")),
                "{e}"
            );
        }
    }

    #[test]
    fn kmc_links_round_trip_and_name_their_errors() {
        let s =
            parse_kmc("https://x/?v=1&kmc=neck&r=1.5&T=650&eb=0.25&seed=4&events=5000").unwrap();
        assert_eq!(
            (
                s.radius_nm,
                s.model.temperature,
                s.model.eb,
                s.seed,
                s.events
            ),
            (1.5, 650.0, 0.25, 4, 5000)
        );
        assert!(is_kmc("?v=1&kmc=neck&r=1") && !is_kmc("?v=1&a=Au:3:sphere"));
        assert_eq!(parse_kmc(&kmc_to_query(&s)).unwrap(), s);
        // A sphere link names no shape (links made before shapes read the same); others do.
        assert!(!kmc_to_query(&s).contains("shape"));
        let to = parse_kmc("v=1&kmc=neck&r=2&shape=truncated-octahedron&T=700&seed=1").unwrap();
        assert_eq!(to.shape, crate::structure::Shape::TruncatedOctahedron);
        assert!(kmc_to_query(&to).contains("&shape=truncated-octahedron&"));
        assert_eq!(parse_kmc(&kmc_to_query(&to)).unwrap(), to);
        // The algorithm: rejection-free unless alg=rkmc, which the link keeps.
        assert!(!kmc_to_query(&s).contains("alg="));
        let rk = parse_kmc("v=1&kmc=neck&r=1&T=700&eb=0.05&seed=1&alg=rkmc").unwrap();
        assert_eq!(rk.algorithm, crate::kmc::neck::KmcAlgorithm::Rejection);
        assert!(kmc_to_query(&rk).ends_with("&alg=rkmc"));
        assert_eq!(parse_kmc(&kmc_to_query(&rk)).unwrap(), rk);
        let e = parse_kmc("v=1&kmc=neck&r=1&T=700&seed=1&alg=metropolis").unwrap_err();
        assert!(
            e.to_string().contains("unknown kMC algorithm 'metropolis'"),
            "{e}"
        );
        let f = parse_film("v=1&kmc=film&L=120&F=1&D=1e5&theta=0.15&seed=3").unwrap();
        assert_eq!(
            (f.size, f.diffusion, f.coverage, f.seed),
            (120, 1e5, 0.15, 3)
        );
        assert_eq!(parse_film(&film_to_query(&f)).unwrap(), f);
        assert!(parse_film("v=1&kmc=film&L=120&F=1&theta=0.15&seed=3")
            .unwrap_err()
            .to_string()
            .contains("hop rate"));
        for (bad, want) in [
            ("v=1&kmc=film&r=1&T=600&seed=1", "unknown kMC model"),
            ("v=1&kmc=neck&T=600&seed=1", "radius"),
            (
                "v=1&kmc=neck&r=1&T=600&seed=1&x=2",
                "unknown link parameter 'x'",
            ),
            ("v=1&kmc=neck&r=1&T=-5&seed=1", "temperature"),
            ("v=4&kmc=neck&r=1&T=600&seed=1", "newer"),
            (
                "v=1&kmc=neck&r=1&T=600&seed=1&shape=cube",
                "link parameter shape: unknown shape 'cube'",
            ),
            (
                "v=1&kmc=neck&r=1&T=600&seed=1&shape=icosahedron",
                "'icosahedron' is twinned",
            ),
        ] {
            let e = parse_kmc(bad).unwrap_err().to_string();
            assert!(e.contains(want), "{bad}: {e}");
        }
    }
}

/// Parses a link (full URL or bare query) into a scenario.
pub fn parse(url: &str) -> Result<Scenario> {
    let mut kv = query_map(url)?;
    let take = |kv: &mut BTreeMap<String, String>, k: &str| kv.remove(k);
    let mut particles = Vec::new();
    for (n, key) in PARTICLE_KEYS.chars().enumerate() {
        match take(&mut kv, &key.to_string()) {
            Some(tok) => particles
                .push(parse_particle(&tok).map_err(|e| e.context(format!("particle {key}")))?),
            None => {
                if let Some(later) = PARTICLE_KEYS
                    .chars()
                    .skip(n + 1)
                    .find(|c| kv.contains_key(&c.to_string()))
                {
                    bail!("particle '{later}' is given but '{key}' is missing (particles are a, b, c, … in order)");
                }
                break;
            }
        }
    }
    let bulk = match take(&mut kv, "bulk") {
        None => None,
        Some(v) => Some(parse_bulk(&v).map_err(|e| e.context("link parameter bulk"))?),
    };
    if bulk.is_some() {
        if !particles.is_empty() {
            bail!("the link gives both particles (a=…) and a bulk crystal (bulk=…): give one");
        }
        if let Some(k) = ["gap", "axis", "arr", "sup", "press"]
            .into_iter()
            .find(|k| kv.contains_key(*k))
        {
            bail!("link parameter {k} places particles: a bulk crystal (bulk=…) takes none");
        }
    } else if particles.is_empty() {
        bail!("the link names no particle (a=ELEMENT:DIAMETER_NM:SHAPE) and no bulk crystal (bulk=ELEMENT:fcc:NXxNYxNZ)");
    }
    let (num, int) = (take_num, take_int);
    let gap = num(&mut kv, "gap")?.unwrap_or(SceneSpec::DEFAULT_GAP);
    let axis = match take(&mut kv, "axis") {
        None => SceneSpec::DEFAULT_AXIS,
        Some(a) => parse_vec3(&a).map_err(|e| e.context("axis"))?,
    };
    let arrangement = match take(&mut kv, "arr") {
        None => Default::default(),
        Some(a) => crate::structure::Arrangement::from_link(&a)
            .map_err(|e| e.context("link parameter arr"))?,
    };
    let (support, substrate) = match take(&mut kv, "sup") {
        None => (None, None),
        Some(v) if v.starts_with("slab") => (
            None,
            Some(
                crate::structure::slab::Slab::from_link(&v)
                    .map_err(|e| e.context("link parameter sup"))?,
            ),
        ),
        Some(v) => (
            Some(
                crate::potential::wall::WallSpec::from_link(&v)
                    .map_err(|e| e.context("link parameter sup"))?,
            ),
            None,
        ),
    };
    let press = match take(&mut kv, "press") {
        None => None,
        Some(v) => Some(
            crate::structure::press::Press::from_link(&v)
                .map_err(|e| e.context("link parameter press"))?,
        ),
    };
    let barostat = match take(&mut kv, "baro") {
        None => None,
        Some(v) => Some(
            crate::md::barostat::BarostatSpec::from_link(&v)
                .map_err(|e| e.context("link parameter baro"))?,
        ),
    };
    let temperature =
        num(&mut kv, "T")?.ok_or_else(|| Error::new("the link has no temperature (T=…)"))?;
    let final_temperature = num(&mut kv, "T1")?;
    let thermostat = match take(&mut kv, "thermo") {
        None => Scenario::DEFAULT_THERMOSTAT,
        Some(t) => ThermostatKind::from_name(&t)?,
    };
    let damping_ps = num(&mut kv, "tau")?.unwrap_or(Scenario::DEFAULT_DAMPING_PS);
    let dt_ps = num(&mut kv, "dt")?.unwrap_or(Scenario::DEFAULT_DT_PS);
    let integrator = match take(&mut kv, "int") {
        None => Integrator::default(),
        Some(i) => Integrator::from_name(&i)?,
    };
    let steps = int(&mut kv, "steps")?.unwrap_or(DEFAULT_STEPS);
    let seed = int(&mut kv, "seed")?.ok_or_else(|| Error::new("the link has no seed (seed=…)"))?;
    let output_every = int(&mut kv, "every")?.unwrap_or(Scenario::DEFAULT_OUTPUT_EVERY);
    let potential = match take(&mut kv, "pot") {
        None => PotentialSpec::default(),
        Some(p) => potential_of_key(&p).ok_or_else(|| {
            let keys: Vec<&str> = BUILT_IN_POTENTIALS.iter().map(|k| k.0).collect();
            Error::new(format!(
                "unknown potential pot='{p}' (use {} or {})",
                keys[..keys.len() - 1].join(", "),
                keys[keys.len() - 1]
            ))
        })?,
    };
    let mc = match take(&mut kv, "mc") {
        None => None,
        Some(v) => Some(
            parse_mc(&v).map_err(|e| e.context(format!("link parameter mc='{}'", shown(&v))))?,
        ),
    };
    let events = match take(&mut kv, "ev") {
        None => Vec::new(),
        Some(v) if v.is_empty() => Vec::new(),
        Some(v) => v
            .split(',')
            .map(crate::run::steering::SteerEvent::from_link)
            .collect::<Result<Vec<_>>>()?,
    };
    if let Some(k) = kv.keys().next() {
        bail!("unknown link parameter '{k}'");
    }
    let s = Scenario {
        version: SCENARIO_VERSION,
        structure: match bulk {
            Some(bulk) => StructureSpec::Bulk { bulk },
            None => StructureSpec::Scene(SceneSpec {
                particles,
                gap_angstrom: gap,
                axis,
                arrangement,
            }),
        },
        potential,
        temperature,
        final_temperature,
        thermostat,
        damping_ps,
        dt_ps,
        integrator,
        steps,
        seed,
        output_every,
        skin: crate::md::forces::DEFAULT_SKIN,
        mc,
        support,
        substrate,
        press,
        barostat,
        events,
    };
    s.validate()?;
    Ok(s)
}

/// Parses `CHEM:LATTICE:NXxNYxNZ` (or `CHEM:LATTICE:N` for N×N×N).
fn parse_bulk(v: &str) -> Result<crate::structure::bulk::Bulk> {
    let parts: Vec<&str> = v.split(':').collect();
    let [chem, lattice, cells] = parts.as_slice() else {
        bail!(
            "'{}' is not CHEM:LATTICE:NXxNYxNZ (e.g. Cu:fcc:6x6x6)",
            shown(v)
        );
    };
    crate::structure::bulk::Bulk::from_link_parts(parse_chemistry(chem)?, lattice, cells)
}

/// The built-in potentials a link names with `pot=`: (key, what the page's menu shows).
pub const BUILT_IN_POTENTIALS: [(&str, &str); 6] = [
    ("zhou", "Zhou EAM (tabulated)"),
    ("zhou-analytic", "Zhou EAM (analytic)"),
    ("smatb", "SMATB / Gupta"),
    ("morse", "Morse (pair)"),
    ("lj", "Lennard-Jones (pair)"),
    ("johnson", "Johnson 1964 (pair, Fe only)"),
];

/// The potential of a `pot=` key, for the structure's elements.
pub fn potential_of_key(key: &str) -> Option<PotentialSpec> {
    Some(match key {
        "zhou" => PotentialSpec::Zhou {
            elements: None,
            analytic: false,
        },
        "zhou-analytic" => PotentialSpec::Zhou {
            elements: None,
            analytic: true,
        },
        "smatb" => PotentialSpec::Smatb { elements: None },
        "morse" => PotentialSpec::Morse { elements: None },
        "lj" => PotentialSpec::Lj { elements: None },
        "johnson" => PotentialSpec::Johnson { elements: None },
        _ => return None,
    })
}

/// The `pot=` key of a potential, if a link can name it (built-in, for the structure's elements).
pub fn key_of_potential(spec: &PotentialSpec) -> Option<&'static str> {
    BUILT_IN_POTENTIALS
        .iter()
        .map(|k| k.0)
        .find(|k| potential_of_key(k).as_ref() == Some(spec))
}

/// Parses the hybrid MD/MC setting `EVERY:ATTEMPTS[:surface]`.
pub fn parse_mc(v: &str) -> Result<crate::mc::swap::SwapSpec> {
    let f: Vec<&str> = v.split(':').collect();
    let int = |s: &str, what: &str| -> Result<u64> {
        s.parse::<u64>()
            .map_err(|_| Error::new(format!("{what} '{s}' is not a non-negative integer")))
    };
    if !(2..=3).contains(&f.len()) {
        bail!("use mc=EVERY:ATTEMPTS or mc=EVERY:ATTEMPTS:surface");
    }
    let region = match f.get(2) {
        None | Some(&"all") => crate::mc::swap::SwapRegion::All,
        Some(&"surface") => crate::mc::swap::SwapRegion::Surface,
        Some(r) => bail!("unknown swap region '{r}' (all or surface)"),
    };
    Ok(crate::mc::swap::SwapSpec {
        every: int(f[0], "swap interval")?,
        attempts: int(f[1], "swap attempts")?,
        region,
    })
}

/// Parses `x,y,z` (three finite numbers).
pub fn parse_vec3(s: &str) -> Result<[f64; 3]> {
    let v: Vec<f64> = s
        .split(',')
        .map(|t| t.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| Error::new(format!("'{s}' is not three comma-separated numbers")))?;
    match v.as_slice() {
        [x, y, z] if v.iter().all(|c| c.is_finite()) => Ok([*x, *y, *z]),
        _ => bail!("'{s}' is not three comma-separated numbers"),
    }
}

fn frac(s: &str, what: &str) -> Result<f64> {
    s.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .ok_or_else(|| Error::new(format!("{what} '{s}' is not a number")))
}

/// Parses `Au`, `Cu@Ag~0.6`, `Au~0.3,Ag~0.7` or `Au/Ag~0.5`.
fn parse_chemistry(s: &str) -> Result<Chemistry> {
    if let Some((core, rest)) = s.split_once('@') {
        let (shell, f) = rest.split_once('~').ok_or_else(|| {
            Error::new(format!("core-shell '{s}' needs ~FRACTION, e.g. Cu@Ag~0.6"))
        })?;
        return Ok(Chemistry::CoreShell {
            core: symbol(core)?,
            shell: symbol(shell)?,
            core_fraction: frac(f, "core fraction")?,
        });
    }
    if let Some((a, rest)) = s.split_once('/') {
        let (b, f) = rest
            .split_once('~')
            .ok_or_else(|| Error::new(format!("Janus '{s}' needs ~FRACTION, e.g. Au/Ag~0.5")))?;
        return Ok(Chemistry::Janus {
            a: symbol(a)?,
            b: symbol(b)?,
            fraction_a: frac(f, "Janus fraction")?,
        });
    }
    if s.contains('~') {
        let mut elements = Vec::new();
        let mut fractions = Vec::new();
        for part in s.split(',') {
            let (e, f) = part
                .split_once('~')
                .ok_or_else(|| Error::new(format!("alloy part '{part}' needs ~FRACTION")))?;
            elements.push(symbol(e)?);
            fractions.push(frac(f, "alloy fraction")?);
        }
        return Ok(Chemistry::RandomAlloy {
            elements,
            fractions,
        });
    }
    Ok(Chemistry::Pure {
        element: symbol(s)?,
    })
}

/// An element symbol as a link may hold it: one to three ASCII letters (whether the element is
/// one the engine knows is checked when the scene is built, with its own message).
fn symbol(s: &str) -> Result<String> {
    if s.is_empty() || s.len() > 3 || !s.chars().all(|c| c.is_ascii_alphabetic()) {
        bail!("'{}' is not an element symbol", shown(s));
    }
    Ok(s.to_string())
}

/// Parses `CHEM:DIAMETER_NM:SHAPE[:RX,RY,RZ]`.
pub fn parse_particle(tok: &str) -> Result<ParticleSpec> {
    let parts: Vec<&str> = tok.split(':').collect();
    if parts.len() < 3 || parts.len() > 4 {
        bail!("'{tok}' is not CHEM:DIAMETER_NM:SHAPE[:RX,RY,RZ] (e.g. Au:3.0:sphere)");
    }
    let diameter_nm = frac(parts[1], "diameter")?;
    let shape = Shape::from_name(parts[2])?;
    let rotation_deg = match parts.get(3) {
        Some(r) => parse_vec3(r)?,
        None => [0.0; 3],
    };
    Ok(ParticleSpec {
        shape,
        diameter_nm,
        chemistry: parse_chemistry(parts[0])?,
        rotation_deg,
    })
}

/// Formats a number as the shortest text that parses back to the same f64.
fn num(x: f64) -> String {
    format!("{x}")
}

fn chemistry_token(c: &Chemistry) -> String {
    match c {
        Chemistry::Pure { element } => element.clone(),
        Chemistry::CoreShell {
            core,
            shell,
            core_fraction,
        } => format!("{core}@{shell}~{}", num(*core_fraction)),
        Chemistry::Janus { a, b, fraction_a } => format!("{a}/{b}~{}", num(*fraction_a)),
        Chemistry::RandomAlloy {
            elements,
            fractions,
        } => elements
            .iter()
            .zip(fractions)
            .map(|(e, f)| format!("{e}~{}", num(*f)))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The particle token of a spec.
pub fn particle_token(p: &ParticleSpec) -> String {
    let mut t = format!(
        "{}:{}:{}",
        chemistry_token(&p.chemistry),
        num(p.diameter_nm),
        p.shape.name()
    );
    if p.rotation_deg != [0.0; 3] {
        let r = p.rotation_deg;
        t.push_str(&format!(":{},{},{}", num(r[0]), num(r[1]), num(r[2])));
    }
    t
}

/// The query string (without `?`) of a scenario. Errors for scenarios a link cannot hold
/// (structures or potentials from files, more than 26 particles).
pub fn to_query(s: &Scenario) -> Result<String> {
    let scene = match &s.structure {
        StructureSpec::Scene(scene) => Some(scene),
        StructureSpec::Bulk { .. } => None,
        StructureSpec::File { .. } => {
            bail!("a share link cannot hold a structure read from a file")
        }
    };
    let Some(pot) = key_of_potential(&s.potential) else {
        bail!(
            "a share link holds only the built-in potentials (Zhou, SMATB, Morse, LJ, Johnson for the \
             structure's elements), not potential files"
        );
    };
    if scene.is_some_and(|sc| sc.particles.len() > PARTICLE_KEYS.len()) {
        bail!(
            "a share link holds at most {} particles",
            PARTICLE_KEYS.len()
        );
    }
    let version = if scene.is_none() || s.barostat.is_some() {
        LINK_VERSION
    } else if s.integrator.is_default()
        && scene.is_some_and(|sc| sc.arrangement.is_chain())
        && s.support.is_none()
        && s.substrate.is_none()
        && s.press.is_none()
    {
        1
    } else {
        2
    };
    let mut q = vec![format!("v={version}")];
    if let StructureSpec::Bulk { bulk } = &s.structure {
        q.push(format!(
            "bulk={}",
            bulk.to_link(&chemistry_token(&bulk.chemistry))
        ));
    }
    if let Some(scene) = scene {
        for (p, k) in scene.particles.iter().zip(PARTICLE_KEYS.chars()) {
            q.push(format!("{k}={}", particle_token(p)));
        }
        q.push(format!("gap={}", num(scene.gap_angstrom)));
        if scene.axis != SceneSpec::DEFAULT_AXIS {
            q.push(format!(
                "axis={},{},{}",
                num(scene.axis[0]),
                num(scene.axis[1]),
                num(scene.axis[2])
            ));
        }
        if !scene.arrangement.is_chain() {
            q.push(format!("arr={}", scene.arrangement.to_link()));
        }
    }
    if let Some(w) = &s.support {
        q.push(format!("sup={}", w.to_link()));
    }
    if let Some(slab) = &s.substrate {
        q.push(format!("sup={}", slab.to_link()));
    }
    if let Some(p) = &s.press {
        q.push(format!("press={}", p.to_link()));
    }
    if let Some(b) = &s.barostat {
        q.push(format!("baro={}", b.to_link()));
    }
    q.push(format!("T={}", num(s.temperature)));
    if let Some(t1) = s.final_temperature {
        q.push(format!("T1={}", num(t1)));
    }
    q.push(format!("thermo={}", s.thermostat.name()));
    q.push(format!("tau={}", num(s.damping_ps)));
    q.push(format!("dt={}", num(s.dt_ps)));
    if !s.integrator.is_default() {
        q.push(format!("int={}", s.integrator.name()));
    }
    q.push(format!("steps={}", s.steps));
    q.push(format!("seed={}", s.seed));
    q.push(format!("every={}", s.output_every));
    if let Some(mc) = &s.mc {
        let region = match mc.region {
            crate::mc::swap::SwapRegion::All => "",
            crate::mc::swap::SwapRegion::Surface => ":surface",
        };
        q.push(format!("mc={}:{}{region}", mc.every, mc.attempts));
    }
    if pot != "zhou" {
        q.push(format!("pot={pot}"));
    }
    if !s.events.is_empty() {
        let ev: Vec<String> = s.events.iter().map(|e| e.to_link()).collect();
        q.push(format!("ev={}", ev.join(",")));
    }
    Ok(q.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_chemistry_and_option() {
        let link = "v=1&a=Cu@Ag~0.6:3:truncated-octahedron:0,0,30&b=Au~0.3,Ag~0.7:2.5:icosahedron&c=Au/Ni~0.4:2:marks-decahedron&gap=3.5&axis=1,1,0&T=700&T1=900&thermo=csvr&tau=0.05&dt=0.003&steps=5000&seed=42&every=50&mc=10:100:surface&pot=zhou-analytic";
        let s = parse(link).unwrap();
        assert_eq!(to_query(&s).unwrap(), link);
        assert_eq!(
            parse(&format!(
                "https://example.org/app/?{}#frag",
                to_query(&s).unwrap()
            ))
            .unwrap(),
            s
        );
        let StructureSpec::Scene(scene) = &s.structure else {
            panic!()
        };
        assert_eq!(scene.particles.len(), 3);
        assert_eq!(scene.particles[0].rotation_deg, [0.0, 0.0, 30.0]);
    }

    #[test]
    fn defaults_fill_in_and_page_parameters_are_ignored() {
        let s = parse("?v=1&a=Au:3.0:sphere&b=Au:3.0:sphere&T=873&seed=1&embed=1").unwrap();
        assert_eq!(s.thermostat, ThermostatKind::NoseHoover);
        assert_eq!(s.dt_ps, 0.002);
        assert_eq!(s.steps, DEFAULT_STEPS);
        assert_eq!(parse(&to_query(&s).unwrap()).unwrap(), s);
        // Percent-escapes decode.
        assert_eq!(
            parse("v=1&a=Cu%40Ag~0.5:2:sphere&T=600&seed=2")
                .unwrap()
                .structure,
            parse("v=1&a=Cu@Ag~0.5:2:sphere&T=600&seed=2")
                .unwrap()
                .structure
        );
    }

    #[test]
    fn malformed_links_name_the_problem() {
        for (link, want) in [
            ("a=Au:3:sphere&T=700&seed=1", "no format version"),
            ("v=4&a=Au:3:sphere&T=700&seed=1", "newer nanocoalesce"),
            ("v=1&T=700&seed=1", "names no particle"),
            (
                "v=1&a=Au:3:sphere&c=Au:3:sphere&T=700&seed=1",
                "'c' is given but 'b' is missing",
            ),
            ("v=1&a=Au:3:blob&T=700&seed=1", "unknown shape 'blob'"),
            ("v=1&a=Au:big:sphere&T=700&seed=1", "diameter 'big'"),
            ("v=1&a=Au:3:sphere&T=hot&seed=1", "T='hot'"),
            ("v=1&a=Au:3:sphere&T=700", "no seed"),
            (
                "v=1&a=Au:3:sphere&T=700&seed=1&colour=red",
                "unknown link parameter 'colour'",
            ),
            (
                "v=1&a=Au:3:sphere&T=700&seed=1&seed=2",
                "'seed' is given twice",
            ),
            ("v=1&a=Au:3:sphere&T=700&seed=1&dt=5", "dt_ps = 5"),
            (
                "v=1&a=Au:3:sphere&T=700&seed=1&thermo=magic",
                "unknown thermostat",
            ),
            ("v=1&a=Cu@Ag:3:sphere&T=700&seed=1", "needs ~FRACTION"),
            ("v=1&a=Au:3:sphere&T=700&seed=-4", "seed='-4'"),
            // Found by fuzz/fuzz_targets/link.rs: a '?' inside a symbol was written back into a
            // link whose query then began after it (and lost v=1). Every symbol form is checked.
            (
                "?v=1&a=Csh?g~0.6:3:sphere&T=700&seed=4",
                "'Csh?g' is not an element symbol",
            ),
            (
                "v=1&a=C&u/Ag~0.6:3:sphere&T=700&seed=4",
                "not CHEM:DIAMETER_NM",
            ),
            ("v=1&a=Au/A%3Fg~0.6:3:sphere&T=700&seed=4", "'A?g' is not"),
            (
                "v=1&a=Auuu~0.5,Ag~0.5:3:sphere&T=700&seed=4",
                "'Auuu' is not",
            ),
            // Found by fuzz/fuzz_targets/link_run.rs: 2.8 million swap attempts in one block held
            // one step for 11 s.
            (
                "v=1&a=Au:0.2:sphere&b=Ag:2.2:icosahedron&gap=2&T=620&seed=1&steps=20&mc=10:2778200",
                "mc attempts = 2778200 is too many per block (at most 1e5",
            ),
        ] {
            let e = parse(link).unwrap_err();
            assert!(e.message().contains(want), "{link}: '{want}' not in '{e}'");
        }
    }
}
