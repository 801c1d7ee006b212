//! The README's share-link tables list exactly the keys the link parser reads (the parser's own
//! lists, which `run::link`'s tests hold to what it parses), and its presets table lists exactly
//! the presets, so the two cannot drift apart.

use nanocoalesce::run::link::{FILM_KEYS, KMC_NECK_KEYS, MD_KEYS, PAGE_KEYS};

/// The first-column keys of the markdown table that follows the line containing `marker`.
fn table_keys(readme: &str, marker: &str) -> Vec<String> {
    first_column(readme, marker, "| key |")
}

/// The backquoted words of the first column of the table with header `header` after `marker`.
fn first_column(readme: &str, marker: &str, header: &str) -> Vec<String> {
    let start = readme
        .find(marker)
        .unwrap_or_else(|| panic!("the README has no '{marker}'"));
    readme[start..]
        .lines()
        .skip_while(|l| !l.starts_with(header))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .flat_map(|row| {
            let first = row.split('|').nth(1).unwrap_or("");
            first
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_link_tables_list_every_key_the_parser_reads() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut md = table_keys(&readme, "An MD run (also MD + MC):");
    md.retain(|k| !["a", "b", "c"].contains(&k.as_str()));
    assert_eq!(md, MD_KEYS, "MD link table");
    assert_eq!(
        table_keys(&readme, "A kinetic Monte Carlo neck-growth run"),
        KMC_NECK_KEYS,
        "kMC link table"
    );
    assert_eq!(
        table_keys(&readme, "A film-growth run"),
        FILM_KEYS,
        "film link table"
    );
    let page = &readme[readme.find("The page's own keys").expect("the page keys")..];
    let page = &page[..page.find("\n\n").unwrap_or(page.len())];
    for k in PAGE_KEYS {
        assert!(page.contains(&format!("`{k}`")), "page key {k}");
    }
}

#[test]
fn the_presets_table_lists_every_preset_in_menu_order() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let ids: Vec<&str> = nanocoalesce::run::presets::PRESETS
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(
        first_column(&readme, "## What the presets show", "| preset "),
        ids,
        "README presets table"
    );
}
