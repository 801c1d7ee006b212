//! A minimal POSIX ustar archive writer: regular files under one directory, mtime 0 and fixed
//! owner, so the same files give the same bytes (the page downloads a LAMMPS deck as one .tar).

/// The archive of `files` (name, contents) under directory `dir`.
pub fn ustar(dir: &str, files: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, text) in files {
        let path = format!("{dir}/{name}");
        out.extend_from_slice(&header(&path, text.len()));
        out.extend_from_slice(text.as_bytes());
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

/// Writes `value` as zero-padded octal of `width − 1` digits and a NUL into `field`.
fn octal(field: &mut [u8], value: u64) {
    let s = format!("{value:0w$o}", w = field.len() - 1);
    field[..s.len()].copy_from_slice(s.as_bytes());
    field[s.len()] = 0;
}

fn header(path: &str, size: usize) -> [u8; 512] {
    let mut h = [0u8; 512];
    let name = path.as_bytes();
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name[..n]);
    octal(&mut h[100..108], 0o644);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size as u64);
    octal(&mut h[136..148], 0);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    // Checksum: the header's byte sum with the checksum field read as spaces.
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| b as u32).sum();
    let s = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(s.as_bytes());
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_layout_and_checksum_follow_ustar() {
        let files = vec![
            ("a.txt".to_string(), "hello\n".to_string()),
            ("b.txt".to_string(), "x".repeat(600)),
        ];
        let t = ustar("deck", &files);
        // Header + 1 block, header + 2 blocks, two zero blocks.
        assert_eq!(t.len(), 512 * (2 + 3 + 2));
        assert_eq!(&t[..10], b"deck/a.txt");
        assert_eq!(&t[124..135], b"00000000006");
        assert_eq!(&t[512..518], b"hello\n");
        assert_eq!(&t[1024 + 124..1024 + 135], b"00000001130"); // 600 in octal
        for h in [&t[..512], &t[1024..1536]] {
            let stored =
                u32::from_str_radix(std::str::from_utf8(&h[148..154]).unwrap(), 8).unwrap();
            let sum: u32 = h
                .iter()
                .enumerate()
                .map(|(i, &b)| {
                    if (148..156).contains(&i) {
                        32
                    } else {
                        b as u32
                    }
                })
                .sum();
            assert_eq!(stored, sum);
            assert_eq!(&h[257..262], b"ustar");
        }
        assert!(t[t.len() - 1024..].iter().all(|&b| b == 0));
    }
}
