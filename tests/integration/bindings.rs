//! The UI's TypeScript types are generated from Rust; the committed copy must be current.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use commitment_tracker::api;

/// Every .ts file below `dir`, by relative path.
fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.filter_map(Result::ok) {
            let path = e.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|x| x == "ts") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn bindings_in_ui_are_current() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        if committed.exists() {
            std::fs::remove_dir_all(&committed).unwrap();
        }
        api::export_bindings(&committed).unwrap();
    }
    let fresh = tempfile::tempdir().unwrap();
    api::export_bindings(fresh.path()).unwrap();
    let expected = read_dir(fresh.path());
    assert!(expected.contains_key("Commands.ts"));
    assert!(expected["Commands.ts"].contains(
        "list_commitments: { args: CommitmentFilter; result: Array<CommitmentSummary> };"
    ));
    let committed = read_dir(&committed);
    let stale: Vec<&String> = expected
        .keys()
        .chain(committed.keys())
        .filter(|name| expected.get(*name) != committed.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale ({stale:?}): run `UPDATE_BINDINGS=1 cargo test bindings` and commit the result"
    );
}

#[test]
fn every_command_is_in_the_map() {
    let fresh = tempfile::tempdir().unwrap();
    api::export_bindings(fresh.path()).unwrap();
    let map = std::fs::read_to_string(fresh.path().join("Commands.ts")).unwrap();
    for cmd in api::COMMANDS {
        assert!(
            map.contains(&format!("  {cmd}: {{")),
            "{cmd} missing from Commands.ts"
        );
    }
}
