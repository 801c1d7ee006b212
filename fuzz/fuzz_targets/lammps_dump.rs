//! LAMMPS dumps (`analyze traj.lammpstrj`): the frames or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = nanocoalesce::io::lammps_dump::read_dump(&text, None);
    let _ = nanocoalesce::io::read_trajectory("x.lammpstrj", &text);
});
