//! Extended XYZ trajectories (`analyze`, atoms from a file): frames or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = nanocoalesce::io::extxyz::read_frames(&text);
    let _ = nanocoalesce::io::read_trajectory("x.xyz", &text);
});
