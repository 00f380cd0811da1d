//! The UI's TypeScript types are generated from Rust; the committed copy must be current.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use commitment_tracker::api;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(e.path()).unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
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
    assert_eq!(
        read_dir(&committed),
        expected,
        "ui/src/bindings is stale: run `UPDATE_BINDINGS=1 cargo test bindings` and commit the result"
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
