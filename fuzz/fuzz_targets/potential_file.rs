//! A potential file as the page and CLI read it: the first byte picks the format (setfl
//! `*.eam.alloy`, `*.eam.fs`, DYNAMO funcfl `*.eam`), the rest is its text. Parsing and building
//! the potential either succeed or return an error; the potential then evaluates a dimer.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let name = ["x.eam.alloy", "x.eam.fs", "x.eam"][kind as usize % 3];
    let text = String::from_utf8_lossy(rest);
    if let Ok(p) = nanocoalesce::potential::spec::potential_from_file(name, &text) {
        let _ = p.describe();
    }
});
