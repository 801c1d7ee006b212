//! The crate's layers: every module imports only from the layers below it, so every arrow points
//! one way — base → system → io | neighbor → potential | structure → md → mc | kmc → analysis →
//! run → wasm. Checked on the source text: each `crate::module` a file names in code (comments
//! aside) must belong to an earlier layer, or to the file's own module.

use std::collections::BTreeMap;
use std::path::Path;

/// The layer of each top-level module (siblings share a layer and may not import each other).
const LAYERS: &[(&str, usize)] = &[
    ("base", 0),
    ("system", 1),
    ("io", 2),
    ("neighbor", 2),
    ("potential", 3),
    ("structure", 3),
    ("md", 4),
    ("mc", 5),
    ("kmc", 5),
    ("analysis", 6),
    ("run", 7),
    ("wasm", 8),
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|l| l.1)
}

/// The `crate::<module>` names in the code of `text` (line comments skipped).
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(k) = rest.find("crate::") {
            let after = &rest[k + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((n + 1, name));
            }
            rest = after;
        }
    }
    out
}

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            visit(&p, files);
        } else if p.extension().is_some_and(|x| x == "rs") {
            files.push(p);
        }
    }
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    visit(&src, &mut files);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "bin" || top == "lib" {
            continue;
        }
        let own = layer(&top).unwrap_or_else(|| panic!("{top} has no layer in tests/layers.rs"));
        *seen.entry(top.clone()).or_default() += 1;
        for (line, dep) in imports(&std::fs::read_to_string(f).unwrap()) {
            // The crate root's re-exports (Error, Result) and macros are the base layer's.
            if matches!(dep.as_str(), "Error" | "Result" | "bail") {
                continue;
            }
            let dep_layer = layer(&dep)
                .unwrap_or_else(|| panic!("{}:{line}: unknown module {dep}", rel.display()));
            if dep != top && dep_layer >= own {
                wrong.push(format!("{}:{line}: {top} imports {dep}", rel.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
    for (m, _) in LAYERS {
        assert!(seen.contains_key(*m), "no source files for module {m}");
    }
}

#[test]
fn the_checker_sees_imports_and_skips_comments() {
    let text = "use crate::run::link; // crate::wasm\nlet x = crate::base::math::v3(p);\n/// [`crate::analysis`]\n";
    let got: Vec<String> = imports(text).into_iter().map(|i| i.1).collect();
    assert_eq!(got, ["run", "base"]);
}
