//! LAMMPS data files (atoms from a file): the atoms or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = nanocoalesce::io::lammps_data::read_data(&text, None);
    let els = ["Au".to_string(), "Ag".to_string()];
    let _ = nanocoalesce::io::lammps_data::read_data(&text, Some(&els));
});
