//! Who may do what, generated from the command table: every command runs as every role (and
//! as a focal point on a commitment that is not theirs); a refused call is kind `forbidden`
//! and writes nothing, an allowed one is not refused. A command added to the table without a
//! row in `args_for` fails here, so no command escapes the check.

use commitment_tracker::api::{self, COMMANDS};
use commitment_tracker::domain::{
    Actor, Caller, CommitmentFilter, NewUser, ReportInput, Role, SignedIn,
};
use commitment_tracker::error::ErrorKind;
use commitment_tracker::services::access::RuleKind;
use commitment_tracker::services::{accounts, assignments, commitments, engine_copy, reports};
use serde_json::{json, Value};

use crate::support::TestDb;

/// The people of the test: one of each role, and a focal point assigned to commitment A only.
struct Team {
    admin: SignedIn,
    coordinator: SignedIn,
    focal_point: SignedIn,
    other_focal_point: SignedIn,
    viewer: SignedIn,
}

/// Two commitments (A assigned to the focal point, B not) with a report each.
struct Fixture {
    a: String,
    b: String,
    report_a: String,
    report_b: String,
}

fn add_user(db: &TestDb, email: &str, role: Role) -> SignedIn {
    let new = NewUser {
        email: email.to_owned(),
        name: email.to_owned(),
        role,
        password: None,
    };
    SignedIn::from(&accounts::add(db.app.store(), &Actor::system(), &new).unwrap())
}

fn setup(db: &TestDb) -> (Team, Fixture) {
    let team = Team {
        admin: add_user(db, "admin@example.org", Role::Admin),
        coordinator: add_user(db, "coordinator@example.org", Role::Coordinator),
        focal_point: add_user(db, "fp@example.org", Role::FocalPoint),
        other_focal_point: add_user(db, "fp2@example.org", Role::FocalPoint),
        viewer: add_user(db, "viewer@example.org", Role::Viewer),
    };
    add_user(db, "spare@example.org", Role::Viewer);
    let list = commitments::list(db.app.store(), &CommitmentFilter::default()).unwrap();
    let (a, b) = (list[0].id.clone(), list[1].id.clone());
    let s = db.app.store();
    let input = ReportInput {
        status: "InProgress".to_owned(),
        achievements: "Trained 40 staff.".to_owned(),
        ..Default::default()
    };
    let report_a = reports::create(s, &db.actor, "tester", &a, 2022, &input).unwrap();
    let report_b = reports::create(s, &db.actor, "tester", &b, 2022, &input).unwrap();
    let coordinator = commitment_tracker::domain::Actor::coordinator("Setup");
    for (c, u) in [
        (&a, "fp@example.org"),
        (&a, "fp2@example.org"),
        (&b, "fp2@example.org"),
    ] {
        let req = assignments::Assignment {
            commitment: c.clone(),
            user: u.to_owned(),
        };
        assignments::assign(s, &coordinator, &req).unwrap();
    }
    (
        team,
        Fixture {
            a,
            b,
            report_a: report_a.id,
            report_b: report_b.id,
        },
    )
}

/// Valid arguments for `cmd` that concern `commitment`/`report`; None: no row for it yet.
fn args_for(cmd: &str, commitment: &str, report: &str) -> Option<Value> {
    let content = json!({"status": "InProgress", "achievements": "Más de 40 personas formadas."});
    let file = json!({"name": "x.csv", "contentBase64": "Q29tbWl0bWVudCBJRAo="});
    Some(match cmd {
        "app_info"
        | "get_identity"
        | "whoami"
        | "catalogue"
        | "framework_template"
        | "framework_template_csv"
        | "list_organisations"
        | "autosave_list"
        | "list_users"
        | "server_settings"
        | "list_cycles"
        | "catalogue_template"
        | "list_backups"
        | "create_backup" => json!({}),
        "ui_ready" => json!({"marks": []}),
        "set_identity" => json!({"name": "Amina", "role": "Coordinator"}),
        "create_framework" => {
            json!({"code": "GB", "name": "Grand Bargain", "levels": ["Workstream"]})
        }
        "update_framework" => json!({"code": "WHS", "expectedVersion": 1,
            "input": {"code": "WHS", "name": "WHS", "levels": ["Core responsibility"]}}),
        "import_framework" | "import_bundle" => json!({"source": file}),
        "list_commitments"
        | "list_commitments_page"
        | "dashboard"
        | "matrix"
        | "audit_log"
        | "my_work" => json!({}),
        "search" => json!({"text": "staff"}),
        "get_commitment" => json!({"id": commitment}),
        "find_commitment" => json!({"commitmentId": "200005"}),
        "create_commitment" => json!({"commitmentId": "999001", "description": "New one"}),
        "update_commitment" => json!({"id": commitment, "expectedVersion": 1,
            "input": {"commitmentId": "999002", "description": "Edited"}}),
        "retire_commitment" | "restore_commitment" => {
            json!({"id": commitment, "expectedVersion": 1})
        }
        "list_reports" | "commitment_timeline" | "list_assignees" => {
            json!({"commitment": commitment})
        }
        "get_report" | "review_history" | "list_revisions" => json!({"id": report}),
        "find_report" | "prefill_report" | "autosave_get" | "autosave_discard" => {
            json!({"commitment": commitment, "year": 2022})
        }
        "create_report" => json!({"commitment": commitment, "year": 2023, "input": content}),
        "update_report" => json!({"id": report, "expectedVersion": 1, "input": content}),
        "submit_report" | "approve_report" | "return_report" | "reopen_report" => {
            json!({"id": report, "expectedVersion": 1, "comment": "Merci"})
        }
        "get_revision" => json!({"id": report, "revision": 1}),
        "diff_revisions" => json!({"id": report, "from": 1, "to": 1}),
        "restore_revision" => json!({"id": report, "expectedVersion": 1, "revision": 1}),
        "autosave_put" => json!({"commitment": commitment, "year": 2022, "input": content}),
        "assign_commitment" | "unassign_commitment" => {
            json!({"commitment": commitment, "user": "fp2@example.org"})
        }
        "set_server_settings" => json!({"separationOfDuties": true, "ssoSignUp": false}),
        "open_cycle" => json!({"year": 2023, "deadline": "2024-03-31"}),
        "export_file" => json!({"jobId": "j1", "format": "Csv"}),
        "job_progress" | "cancel_job" => json!({"jobId": "j1"}),
        "import_catalogue" | "import_reports" => json!({"source": file}),
        "propose_mapping" => json!({"source": file, "kind": "Reports"}),
        "list_import_mappings" => json!({"kind": "Reports"}),
        "restore_backup" => json!({"path": "/nonexistent/backup.sqlite3"}),
        "add_user" => json!({"email": "new@example.org", "name": "Nouvelle", "role": "Viewer"}),
        "set_user_role" => json!({"user": "spare@example.org", "role": "Viewer"}),
        "disable_user" | "enable_user" => json!({"user": "spare@example.org"}),
        "reset_password" => {
            json!({"user": "spare@example.org", "password": "correct horse battery staple"})
        }
        "list_tokens" | "account_history" | "recorded_as" => json!({}),
        "get_framework" => json!({"code": "WHS"}),
        "set_report" => {
            json!({"commitment": commitment, "year": 2023, "changes": {"status": "InProgress"}})
        }
        "create_token" => json!({"label": "laptop"}),
        "sync_pull" => json!({"protocol": 1, "since": 0}),
        "sync_push" => json!({"protocol": 1, "changes": []}),
        "sync_status" | "sync_now" | "unlink_server" => json!({}),
        // Port 9 (discard): nothing answers, nothing is linked.
        "link_server" => json!({"server": "http://127.0.0.1:9", "token": "ct_x"}),
        "link_server_sso" => json!({"server": "http://127.0.0.1:9"}),
        "resolve_sync" => json!({"number": 1, "resolution": {"choice": "takeTheirs"}}),
        "revoke_token" => json!({"id": "01a22d85-70d5-71c0-b6dd-16de39735224"}),
        _ => return None,
    })
}

/// The policy, as the issue states it: reading and exporting for all; a focal point writes
/// and submits their commitments' reports; a coordinator reviews, opens cycles, manages the
/// catalogue and assignments; an admin manages accounts, frameworks and settings; paths on the
/// server's disk and a self-declared identity only on the computer itself.
fn expected_rule(cmd: &str) -> Option<RuleKind> {
    use RuleKind::*;
    Some(match cmd {
        "create_report" | "update_report" | "submit_report" | "restore_revision"
        | "autosave_put" | "set_report" => WriteReport,
        "import_reports" | "sync_push" => WriteReports,
        "create_commitment"
        | "update_commitment"
        | "retire_commitment"
        | "restore_commitment"
        | "approve_report"
        | "return_report"
        | "reopen_report"
        | "open_cycle"
        | "import_catalogue"
        | "import_bundle"
        | "assign_commitment"
        | "unassign_commitment"
        | "list_users" => Coordinate,
        "create_framework"
        | "update_framework"
        | "import_framework"
        | "set_server_settings"
        | "list_backups"
        | "create_backup" => Administer,
        "add_user" | "set_user_role" | "disable_user" | "enable_user" | "reset_password"
        | "account_history" => Administer,
        "set_identity" | "restore_backup" | "link_server" | "link_server_sso" | "sync_now"
        | "resolve_sync" | "unlink_server" => Local,
        _ => Read,
    })
}

/// Whether `who` may run a command of this rule; `assigned`: the command concerns a
/// commitment assigned to them.
fn allowed(rule: RuleKind, role: Role, assigned: bool) -> bool {
    match rule {
        RuleKind::Read => true,
        RuleKind::WriteReports => role >= Role::FocalPoint,
        RuleKind::WriteReport => role.may_review() || (role == Role::FocalPoint && assigned),
        RuleKind::Coordinate => role.may_review(),
        RuleKind::Administer => role == Role::Admin,
        RuleKind::Local => false,
    }
}

#[test]
fn every_command_checks_its_rule_for_every_role() {
    let db = TestDb::seeded();
    let (team, fx) = setup(&db);
    let missing: Vec<&str> = COMMANDS
        .iter()
        .copied()
        .filter(|c| args_for(c, "", "").is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "commands without a row in args_for: {missing:?}"
    );
    // The least rights first, so an allowed call's change cannot hide a refusal's.
    let callers = [
        (&team.viewer, true),
        (&team.focal_point, false),
        (&team.focal_point, true),
        (&team.other_focal_point, true),
        (&team.coordinator, true),
        (&team.admin, true),
    ];
    let mut refusals = 0;
    for cmd in COMMANDS {
        let rule = api::rule_kind(cmd).expect("every command has a rule");
        assert_eq!(
            Some(rule),
            expected_rule(cmd),
            "{cmd} declares another rule"
        );
        for (user, on_assigned) in callers {
            // fp is assigned A only; fp2 is assigned A and B.
            let (commitment, report) = if on_assigned {
                (&fx.a, &fx.report_a)
            } else {
                (&fx.b, &fx.report_b)
            };
            let assigned = on_assigned || user.id == team.other_focal_point.id;
            let args = args_for(cmd, commitment, report).unwrap_or_default();
            let before = engine_copy::checks(db.app.store()).unwrap();
            let caller = Caller::User(user.clone());
            let result = api::dispatch(&db.app, &caller, cmd, args);
            let refused = matches!(&result, Err(e) if e.kind() == ErrorKind::Forbidden);
            let who = format!("{cmd} as {} (assigned: {assigned})", user.email);
            if allowed(rule, user.role, assigned) {
                assert!(!refused, "{who} was refused: {result:?}");
            } else {
                refusals += 1;
                assert!(
                    refused,
                    "{who} should be refused ({rule:?}), got {result:?}"
                );
                let after = engine_copy::checks(db.app.store()).unwrap();
                assert_eq!(before, after, "{who} was refused but wrote");
            }
        }
    }
    assert!(
        refusals > 50,
        "only {refusals} refusals: the table is not being checked"
    );
}

#[test]
fn on_one_computer_every_rule_allows() {
    let db = TestDb::seeded();
    let (_, fx) = setup(&db);
    for cmd in COMMANDS {
        let args = args_for(cmd, &fx.a, &fx.report_a).unwrap_or_default();
        let result = api::dispatch(&db.app, &Caller::Local, cmd, args);
        assert!(
            !matches!(&result, Err(e) if e.kind() == ErrorKind::Forbidden),
            "{cmd} refused on one computer: {result:?}"
        );
    }
}
