//! Scenario JSON (`nanocoalesce run scenario.json`): a scenario or an error; a scenario that
//! parses writes back to JSON that parses to the same scenario.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nanocoalesce::run::scenario::Scenario;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = Scenario::from_json(&text) {
        let back = Scenario::from_json(&s.to_json()).expect("written JSON parses");
        assert_eq!(back.to_json(), s.to_json());
    }
});
