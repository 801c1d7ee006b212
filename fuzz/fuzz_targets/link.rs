//! Share links (MD, kMC neck, film): a run or an error; a link that parses writes back to a link
//! that parses to the same run.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nanocoalesce::run::link;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = link::parse(&text) {
        if let Ok(q) = link::to_query(&s) {
            assert_eq!(link::parse(&q).expect("a written link parses"), s, "{q}");
        }
    }
    if let Ok(k) = link::parse_kmc(&text) {
        let q = link::kmc_to_query(&k);
        assert_eq!(link::parse_kmc(&q).expect("a written kMC link parses"), k, "{q}");
    }
    if let Ok(f) = link::parse_film(&text) {
        let q = link::film_to_query(&f);
        assert_eq!(link::parse_film(&q).expect("a written film link parses"), f, "{q}");
    }
});
