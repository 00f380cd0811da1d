//! Focal points assigned to commitments: from the command line (`ct commitments assign`,
//! `unassign`, `show`) and through a catalogue import's Focal points column.

use commitment_tracker::domain::{NewUser, Role, User};
use commitment_tracker::import::catalogue::RowAction;
use commitment_tracker::services::{accounts, assignments, catalogue_import, commitments};

use crate::support::{ct, fresh_db, stderr, stdout, TestDb};

fn add_user(db: &TestDb, email: &str, name: &str, role: Role) -> User {
    accounts::add(
        db.app.store(),
        &db.actor,
        &NewUser {
            email: email.to_owned(),
            name: name.to_owned(),
            role,
            password: None,
        },
    )
    .expect("add an account")
}

fn focal_emails(db: &TestDb, commitment_id: &str) -> Vec<String> {
    let c = commitments::find_by_commitment_id(db.app.store(), None, commitment_id).unwrap();
    assignments::assignees(db.app.store(), &c.id)
        .unwrap()
        .into_iter()
        .map(|u| u.email)
        .collect()
}

#[test]
fn focal_points_are_assigned_and_unassigned_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path(), "assign");
    let run = |args: &[&str]| {
        ct(&db)
            .args(["--keep-backups", "0"])
            .args(args)
            .output()
            .unwrap()
    };
    let ok = |args: &[&str]| {
        let out = run(args);
        assert!(out.status.success(), "ct {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    ok(&[
        "users",
        "add",
        "ana@example.org",
        "--name",
        "Ana Silva",
        "--role",
        "focal-point",
    ]);
    ok(&[
        "users",
        "add",
        "bo@example.org",
        "--name",
        "Bo Chen",
        "--role",
        "coordinator",
    ]);
    ok(&[
        "users",
        "add",
        "vic@example.org",
        "--name",
        "Vic Viewer",
        "--role",
        "viewer",
    ]);

    let shown = ok(&["commitments", "show", "200003"]);
    assert!(
        shown
            .lines()
            .any(|l| l.contains("Focal points") && l.contains("none")),
        "{shown}"
    );

    let out = ok(&[
        "commitments",
        "assign",
        "200003",
        "--user",
        "ANA@example.org",
    ]);
    assert_eq!(
        out,
        "focal points of commitment 200003:\n  Ana Silva <ana@example.org> (focal-point)\n"
    );
    let out = ok(&[
        "commitments",
        "assign",
        "200003",
        "--user",
        "bo@example.org",
        "--organisation",
        "IOM",
    ]);
    assert_eq!(
        out,
        "focal points of commitment 200003:\n  Ana Silva <ana@example.org> (focal-point)\n  Bo Chen <bo@example.org> (coordinator)\n"
    );
    // Assigning twice changes nothing.
    let again = ok(&[
        "commitments",
        "assign",
        "200003",
        "--user",
        "bo@example.org",
    ]);
    assert_eq!(again, out);

    let shown = ok(&["commitments", "show", "200003"]);
    assert!(shown.contains("Ana Silva <ana@example.org>"), "{shown}");
    assert!(shown.contains("Bo Chen <bo@example.org>"), "{shown}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["commitments", "show", "200003", "--format", "json"])).unwrap();
    let emails: Vec<&str> = json["focalPoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["ana@example.org", "bo@example.org"]);
    assert_eq!(json["commitmentId"], "200003");

    // A viewer cannot write reports, an unknown e-mail has no account, a missing
    // commitment is named: each exits non-zero and changes nothing.
    let out = run(&[
        "commitments",
        "assign",
        "200003",
        "--user",
        "vic@example.org",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("vic@example.org is a viewer"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "commitments",
        "assign",
        "200003",
        "--user",
        "nobody@example.org",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: user nobody@example.org was not found\n"
    );
    let out = run(&[
        "commitments",
        "assign",
        "999999",
        "--user",
        "ana@example.org",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: commitment 999999 was not found\n");

    let out = ok(&[
        "commitments",
        "unassign",
        "200003",
        "--user",
        "ana@example.org",
    ]);
    assert_eq!(
        out,
        "focal points of commitment 200003:\n  Bo Chen <bo@example.org> (coordinator)\n"
    );
    let out = ok(&[
        "commitments",
        "unassign",
        "200003",
        "--user",
        "bo@example.org",
    ]);
    assert_eq!(out, "commitment 200003 has no focal points\n");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["commitments", "show", "200003", "--format", "json"])).unwrap();
    assert_eq!(json["focalPoints"], serde_json::json!([]));
}

const FIRST: &str = "ID,Type,Description,Theme,Focal points\n\
    300020,Policy,Two focal points.,3,\"ana@example.org,\nBo Chen <BO@example.org>\"\n\
    300021,Policy,None yet.,3,\n";

/// The same commitments; 300021 gains a focal point.
const SECOND: &str = "ID,Type,Description,Theme,Focal points\n\
    300020,Policy,Two focal points.,3,ana@example.org;bo@example.org\n\
    300021,Policy,None yet.,3,ana@example.org\n";

fn import(db: &TestDb, csv: &str, apply: bool) -> catalogue_import::CatalogueImport {
    catalogue_import::import(
        db.app.store(),
        &db.actor,
        "fp.csv",
        csv.as_bytes(),
        &Default::default(),
        apply,
    )
    .unwrap()
}

#[test]
fn a_focal_points_column_assigns_each_account_in_the_import() {
    let db = TestDb::seeded();
    add_user(&db, "ana@example.org", "Ana Silva", Role::FocalPoint);
    add_user(&db, "bo@example.org", "Bo Chen", Role::Coordinator);

    let preview = import(&db, FIRST, false);
    assert_eq!(preview.mapping.fields["focal_points"], ["Focal points"]);
    assert_eq!(
        (preview.added, preview.refused),
        (2, 0),
        "{:?}",
        preview.rows
    );
    assert!(
        db.all_ids().iter().all(|id| id != "300020"),
        "a preview writes nothing"
    );

    let done = import(&db, FIRST, true);
    assert!(done.applied);
    assert_eq!((done.added, done.refused), (2, 0), "{:?}", done.rows);
    assert_eq!(
        focal_emails(&db, "300020"),
        ["ana@example.org", "bo@example.org"]
    );
    assert!(focal_emails(&db, "300021").is_empty());

    // A new focal point is the row's only change: the commitment itself is not saved again.
    let done = import(&db, SECOND, true);
    let row = |r: &catalogue_import::CatalogueImport, id: &str| {
        r.rows
            .iter()
            .find(|x| x.commitment_id == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&done, "300020").action, RowAction::Unchanged);
    let changed = row(&done, "300021");
    assert_eq!(changed.action, RowAction::Change);
    assert_eq!(changed.changes, ["focal points"]);
    assert_eq!(focal_emails(&db, "300021"), ["ana@example.org"]);
    let c = commitments::find_by_commitment_id(db.app.store(), None, "300021").unwrap();
    assert_eq!(c.version, 1);

    // The same file again: everyone is assigned already.
    let again = import(&db, SECOND, true);
    assert_eq!((again.changed, again.unchanged), (0, 2), "{:?}", again.rows);
}

#[test]
fn an_unknown_or_viewer_focal_point_refuses_the_file_naming_row_and_column_and_changes_nothing() {
    let db = TestDb::seeded();
    add_user(&db, "ana@example.org", "Ana Silva", Role::FocalPoint);
    add_user(&db, "vic@example.org", "Vic Viewer", Role::Viewer);
    let before = crate::support::bytes(&db.path());
    let unknown = "ID,Type,Description,Theme,Focal points\n\
        300030,Policy,A good row.,3,ana@example.org\n\
        300031,Policy,A row naming nobody known.,3,ana@example.org;nobody@example.org\n";
    let e = catalogue_import::import(
        db.app.store(),
        &db.actor,
        "team.csv",
        unknown.as_bytes(),
        &Default::default(),
        true,
    )
    .unwrap_err();
    let message = e.to_string();
    assert!(
        message.starts_with(
            "team.csv: row 3, column Focal points: focal point nobody@example.org: no account has this e-mail"
        ),
        "{message}"
    );
    assert!(
        message.ends_with("(1 row(s) refused; nothing was imported)"),
        "{message}"
    );
    assert_eq!(e.field(), Some("file"));

    let viewer = "Commitment ID,Type,Description,Core responsibility,Focal point e-mail\n\
        300032,Policy,A row naming a viewer.,3,vic@example.org\n";
    let e = catalogue_import::import(
        db.app.store(),
        &db.actor,
        "viewer.csv",
        viewer.as_bytes(),
        &Default::default(),
        true,
    )
    .unwrap_err();
    assert!(
        e.to_string().starts_with(
            "viewer.csv: row 2, column Focal point e-mail: focal point vic@example.org: the account is a viewer's"
        ),
        "{e}"
    );

    assert!(
        db.all_ids().iter().all(|id| !id.starts_with("3000")),
        "nothing imported"
    );
    assert_eq!(crate::support::bytes(&db.path()), before, "nothing written");

    // The preview shows the refused row and why.
    let preview = catalogue_import::import(
        db.app.store(),
        &db.actor,
        "team.csv",
        unknown.as_bytes(),
        &Default::default(),
        false,
    )
    .unwrap();
    let refused = preview.rows.iter().find(|r| r.row == 3).unwrap();
    assert_eq!(refused.action, RowAction::Refused);
    assert_eq!(refused.column.as_deref(), Some("Focal points"));
    assert_eq!((preview.added, preview.refused), (1, 1));
}
