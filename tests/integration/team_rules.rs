//! A team server's rules beyond the command table's gate: separation of duties, a focal
//! point's imports and "My work", and changes recorded against the signed-in account.

use commitment_tracker::api;
use commitment_tracker::domain::{
    Actor, AuditQuery, Caller, CommitmentFilter, NewUser, ReportInput, ReviewState, Role, SignedIn,
};
use commitment_tracker::error::ErrorKind;
use commitment_tracker::services::{accounts, assignments, commitments, engine_copy, reports};
use serde_json::{json, Value};

use crate::support::TestDb;

fn user(db: &TestDb, email: &str, name: &str, role: Role) -> Caller {
    let new = NewUser {
        email: email.to_owned(),
        name: name.to_owned(),
        role,
        password: None,
    };
    let u = accounts::add(db.app.store(), &Actor::system(), &new).unwrap();
    Caller::User(SignedIn::from(&u))
}

fn call(db: &TestDb, who: &Caller, cmd: &str, args: Value) -> Result<Value, ErrorKind> {
    api::dispatch(&db.app, who, cmd, args).map_err(|e| e.kind())
}

fn two_commitments(db: &TestDb) -> (String, String) {
    let list = commitments::list(db.app.store(), &CommitmentFilter::default()).unwrap();
    (list[0].id.clone(), list[1].id.clone())
}

fn assign(db: &TestDb, commitment: &str, email: &str) {
    let req = assignments::Assignment {
        commitment: commitment.to_owned(),
        user: email.to_owned(),
    };
    let setup = commitment_tracker::domain::Actor::coordinator("Setup");
    assignments::assign(db.app.store(), &setup, &req).unwrap();
}

#[test]
fn the_author_of_the_latest_content_cannot_approve_it_unless_the_setting_is_off() {
    let db = TestDb::seeded();
    let (a, _) = two_commitments(&db);
    let fatima = user(&db, "fatima@example.org", "Fatima Zahra", Role::Coordinator);
    let lucia = user(&db, "lucia@example.org", "Lucía Pérez", Role::Coordinator);
    let admin = user(&db, "admin@example.org", "Admin", Role::Admin);
    let input = json!({"status": "InProgress", "achievements": "Formation de 40 agents."});
    let r = call(
        &db,
        &fatima,
        "create_report",
        json!({"commitment": a, "year": 2022, "input": input}),
    )
    .unwrap();
    let id = r["id"].as_str().unwrap().to_owned();
    let r = call(
        &db,
        &fatima,
        "submit_report",
        json!({"id": id, "expectedVersion": r["version"]}),
    )
    .unwrap();
    let version = r["version"].clone();
    let before = engine_copy::checks(db.app.store()).unwrap();
    assert_eq!(
        call(
            &db,
            &fatima,
            "approve_report",
            json!({"id": id, "expectedVersion": version})
        ),
        Err(ErrorKind::Forbidden)
    );
    assert_eq!(
        before,
        engine_copy::checks(db.app.store()).unwrap(),
        "a refusal writes nothing"
    );
    // Turned off by an admin, the author may approve.
    call(
        &db,
        &admin,
        "set_server_settings",
        json!({"separationOfDuties": false, "ssoSignUp": false}),
    )
    .unwrap();
    let approved = call(
        &db,
        &fatima,
        "approve_report",
        json!({"id": id, "expectedVersion": version}),
    );
    assert_eq!(approved.unwrap()["reviewState"], "Approved");
    // On again: another coordinator approves what Fatima wrote.
    call(
        &db,
        &admin,
        "set_server_settings",
        json!({"separationOfDuties": true, "ssoSignUp": false}),
    )
    .unwrap();
    let r = reports::get(db.app.store(), &id).unwrap();
    let r = call(
        &db,
        &lucia,
        "reopen_report",
        json!({"id": id, "expectedVersion": r.version, "comment": "Chiffres"}),
    )
    .unwrap();
    let r = call(
        &db,
        &fatima,
        "submit_report",
        json!({"id": id, "expectedVersion": r["version"]}),
    )
    .unwrap();
    let r = call(
        &db,
        &lucia,
        "approve_report",
        json!({"id": id, "expectedVersion": r["version"]}),
    )
    .unwrap();
    assert_eq!(r["reviewState"], "Approved");
}

#[test]
fn changes_record_the_signed_in_account_and_its_name() {
    let db = TestDb::seeded();
    let (a, _) = two_commitments(&db);
    let amina = user(&db, "amina@example.org", "أمينة ديالو", Role::FocalPoint);
    let Caller::User(me) = &amina else {
        unreachable!()
    };
    assign(&db, &a, "amina@example.org");
    let input = json!({"status": "InProgress", "achievements": "تدريب ٤٠ موظفا"});
    let r = call(
        &db,
        &amina,
        "create_report",
        json!({"commitment": a, "year": 2022, "input": input}),
    )
    .unwrap();
    let id = r["id"].as_str().unwrap().to_owned();
    call(
        &db,
        &amina,
        "submit_report",
        json!({"id": id, "expectedVersion": r["version"]}),
    )
    .unwrap();
    let s = db.app.store();
    let revisions = reports::revisions(s, &id).unwrap();
    assert_eq!(revisions[0].actor, "أمينة ديالو");
    assert_eq!(revisions[0].actor_id.as_deref(), Some(me.id.as_str()));
    let events = reports::history(s, &id).unwrap();
    assert_eq!(
        (events[0].actor_id.as_deref(), events[0].role),
        (Some(me.id.as_str()), Role::FocalPoint)
    );
    let audit = commitment_tracker::services::audit::list(
        s,
        &AuditQuery {
            entity: Some(id.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        audit
            .iter()
            .all(|e| e.actor_id.as_deref() == Some(me.id.as_str())),
        "{audit:?}"
    );
    assert!(audit.iter().all(|e| e.actor == "أمينة ديالو"));
}

#[test]
fn a_focal_point_imports_only_their_commitments_reports() {
    use base64::Engine;
    let db = TestDb::seeded();
    let list = commitments::list(db.app.store(), &CommitmentFilter::default()).unwrap();
    let (mine, theirs) = (&list[0], &list[1]);
    let fp = user(&db, "fp@example.org", "Jean Dupont", Role::FocalPoint);
    assign(&db, &mine.id, "fp@example.org");
    let csv = format!(
        "Commitment ID,Year,Status,Achievements\n{},2022,In progress,Done a bit.\n{},2022,Completed,Not mine.\n",
        mine.commitment_id, theirs.commitment_id
    );
    let source = json!({"name": "history.csv",
        "contentBase64": base64::engine::general_purpose::STANDARD.encode(csv)});
    let before = engine_copy::checks(db.app.store()).unwrap();
    let preview = call(&db, &fp, "import_reports", json!({"source": source})).unwrap();
    assert_eq!(preview["refused"], 1, "{preview}");
    let error = preview["rows"][1]["error"].as_str().unwrap();
    assert!(
        error.contains("row 3") && error.contains("not a focal point"),
        "{error}"
    );
    let applied = api::dispatch(
        &db.app,
        &fp,
        "import_reports",
        json!({"source": source, "apply": true}),
    );
    let e = applied.unwrap_err();
    assert!(e.to_string().contains("nothing was imported"), "{e}");
    assert_eq!(
        before,
        engine_copy::checks(db.app.store()).unwrap(),
        "nothing was imported"
    );
    // Their own row alone goes in.
    let csv = format!(
        "Commitment ID,Year,Status,Achievements\n{},2022,In progress,Done a bit.\n",
        mine.commitment_id
    );
    let source = json!({"name": "history.csv",
        "contentBase64": base64::engine::general_purpose::STANDARD.encode(csv)});
    let done = call(
        &db,
        &fp,
        "import_reports",
        json!({"source": source, "apply": true}),
    )
    .unwrap();
    assert_eq!(done["added"], 1);
}

#[test]
fn my_work_lists_a_focal_points_assignments_and_a_coordinators_everything() {
    let db = TestDb::seeded();
    let (a, b) = two_commitments(&db);
    let s = db.app.store();
    let input = ReportInput {
        status: "InProgress".to_owned(),
        achievements: "x".to_owned(),
        ..Default::default()
    };
    let year = reports::current_year();
    let ra = reports::create(s, &db.actor, "tester", &a, year, &input).unwrap();
    reports::create(s, &db.actor, "tester", &b, year, &input).unwrap();
    let fp = user(&db, "fp@example.org", "Jean", Role::FocalPoint);
    let coordinator = user(&db, "c@example.org", "Coord", Role::Coordinator);
    assign(&db, &a, "fp@example.org");
    let mine = call(&db, &fp, "my_work", json!({"year": year})).unwrap();
    assert_eq!(mine["assignedOnly"], true);
    assert_eq!(mine["assigned"], 1);
    let to_write: Vec<&str> = mine["toWrite"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(to_write, [ra.id.as_str()]);
    assert!(
        mine["notStarted"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] == a),
        "only A is mine"
    );
    assert!(mine["toReview"].as_array().unwrap().is_empty());
    let all = call(&db, &coordinator, "my_work", json!({"year": year})).unwrap();
    assert_eq!(all["assignedOnly"], false);
    assert_eq!(all["assigned"], Value::Null);
    assert_eq!(all["toWrite"].as_array().unwrap().len(), 2);
    assert!(all["notStarted"].as_array().unwrap().len() > 10);
    // Returned reports come first in a focal point's list.
    let r = call(
        &db,
        &fp,
        "submit_report",
        json!({"id": ra.id, "expectedVersion": ra.version}),
    )
    .unwrap();
    call(
        &db,
        &coordinator,
        "return_report",
        json!({"id": ra.id, "expectedVersion": r["version"], "comment": "Ajoutez les chiffres"}),
    )
    .unwrap();
    let mine = call(&db, &fp, "my_work", json!({"year": year})).unwrap();
    assert_eq!(mine["returned"][0]["report"]["id"], ra.id.as_str());
    assert_eq!(mine["returned"][0]["comment"], "Ajoutez les chiffres");
    assert_eq!(
        ReviewState::Returned,
        reports::get(s, &ra.id).unwrap().review_state
    );
    // Saved again (a draft after a return), it stays first in their returned work.
    let returned = reports::get(s, &ra.id).unwrap();
    let input = json!({"status": "InProgress", "achievements": "Chiffres ajoutés."});
    let args = json!({"id": ra.id, "expectedVersion": returned.version, "input": input});
    call(&db, &fp, "update_report", args).unwrap();
    let mine = call(&db, &fp, "my_work", json!({"year": year})).unwrap();
    assert_eq!(mine["returned"].as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine["returned"][0]["report"]["reviewState"], "Draft");
    assert!(
        mine["toWrite"].as_array().unwrap().is_empty(),
        "not twice: {mine}"
    );
}
