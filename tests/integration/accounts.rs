//! Accounts of a team server: adding, roles, disabling, passwords, sign-in and its throttle,
//! sessions and their expiry, personal access tokens; and that no password hash or token
//! (nor a token's hash) ever leaves the server in a result, an export or `ct users list`.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use commitment_tracker::domain::{Actor, Caller, NewUser, Role, SignedIn, User};
use commitment_tracker::error::Error;
use commitment_tracker::services::sign_in::{self, Throttle};
use commitment_tracker::services::{accounts, secrets, sessions, tokens, users};
use commitment_tracker::store::Store;
use commitment_tracker::ErrorKind;
use serde_json::json;

use crate::support::{ct, fresh_db, stderr, stdout, TestDb};

const GOOD: &str = "a long and quiet river";

fn admin() -> Actor {
    Actor::coordinator("Server admin")
}

fn add(store: &Store, email: &str, role: Role, password: Option<&str>) -> User {
    accounts::add(
        store,
        &admin(),
        &NewUser {
            email: email.to_owned(),
            name: format!("Person {email}"),
            role,
            password: password.map(str::to_owned),
        },
    )
    .unwrap_or_else(|e| panic!("add {email}: {e}"))
}

fn addr(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn kind(e: &Error) -> ErrorKind {
    e.kind()
}

fn t0() -> DateTime<Utc> {
    Utc::now()
}

#[test]
fn accounts_are_added_listed_given_roles_disabled_enabled_and_reset() {
    let db = TestDb::empty();
    let s = db.app.store();
    let a = add(s, "ada@example.org", Role::Admin, None);
    assert!(!a.has_password && !a.disabled && a.role == Role::Admin);
    let b = add(s, "  bob@Example.org ", Role::FocalPoint, Some(GOOD));
    assert_eq!(b.email, "bob@Example.org");
    assert!(b.has_password);

    let listed: Vec<String> = users::list(s)
        .unwrap()
        .into_iter()
        .map(|u| u.email)
        .collect();
    assert_eq!(listed, ["ada@example.org", "bob@Example.org"]);

    let dup = accounts::add(
        s,
        &admin(),
        &NewUser {
            email: "BOB@example.ORG".into(),
            name: "Other Bob".into(),
            role: Role::Viewer,
            password: None,
        },
    )
    .unwrap_err();
    assert_eq!(
        (kind(&dup), dup.field()),
        (ErrorKind::Duplicate, Some("email"))
    );

    let long = "x".repeat(101);
    for (email, name, field) in [
        ("no-at-sign", "N", "email"),
        ("a@nodot", "N", "email"),
        ("a b@example.org", "N", "email"),
        ("c@example.org", "   ", "name"),
        ("c@example.org", long.as_str(), "name"),
    ] {
        let e = accounts::add(
            s,
            &admin(),
            &NewUser {
                email: email.into(),
                name: name.into(),
                role: Role::Viewer,
                password: None,
            },
        )
        .unwrap_err();
        assert_eq!(
            (kind(&e), e.field()),
            (ErrorKind::Validation, Some(field)),
            "{email}: {e}"
        );
    }

    let b = accounts::set_role(s, &admin(), "bob@example.org", Role::Coordinator).unwrap();
    assert_eq!(b.role, Role::Coordinator);
    let b = accounts::disable(s, &admin(), &b.id).unwrap();
    assert!(b.disabled);
    let b = accounts::enable(s, &admin(), "BOB@example.org").unwrap();
    assert!(!b.disabled);
    let a = accounts::reset_password(s, &admin(), "ada@example.org", GOOD).unwrap();
    assert!(a.has_password);
    let missing = accounts::disable(s, &admin(), "nobody@example.org").unwrap_err();
    assert_eq!(kind(&missing), ErrorKind::NotFound);
}

#[test]
fn the_password_policy_refuses_short_common_and_personal_passwords() {
    let db = TestDb::empty();
    let s = db.app.store();
    let try_add = |email: &str, password: &str| {
        accounts::add(
            s,
            &admin(),
            &NewUser {
                email: email.into(),
                name: "Carla Ortiz Delgado".into(),
                role: Role::Viewer,
                password: Some(password.into()),
            },
        )
    };
    for refused in [
        "elevenchars",  // 11 characters
        "qwerty123456", // in the list of common passwords
        "QWERTY123456", // the same, in capitals
        "1q2w3e4r5t6y", // also common
        "carla.ortiz@example.org",
        "Carla Ortiz Delgado",
    ] {
        let e = try_add("carla.ortiz@example.org", refused).unwrap_err();
        assert_eq!(
            (kind(&e), e.field()),
            (ErrorKind::Validation, Some("password")),
            "{refused}: {e}"
        );
    }
    let e = try_add("carla.ortiz@example.org", "elevenchars").unwrap_err();
    assert!(e.to_string().contains("at least 12"), "{e}");
    assert!(users::list(s).unwrap().is_empty(), "nothing was added");
    // Exactly 12 characters, not a common one.
    let u = try_add("carla.ortiz@example.org", "twelve chars").unwrap();
    assert!(u.has_password);
    // A reset is held to the same policy.
    let e = accounts::reset_password(s, &admin(), &u.id, "password1234").unwrap_err();
    assert_eq!(e.field(), Some("password"));
}

#[test]
fn the_last_enabled_admin_cannot_be_demoted_or_disabled() {
    let db = TestDb::empty();
    let s = db.app.store();
    let ada = add(s, "ada@example.org", Role::Admin, None);
    let e = accounts::set_role(s, &admin(), &ada.email, Role::Coordinator).unwrap_err();
    assert!(e.to_string().contains("last enabled admin"), "{e}");
    assert_eq!(e.field(), Some("role"));
    let e = accounts::disable(s, &admin(), &ada.email).unwrap_err();
    assert!(e.to_string().contains("last enabled admin"), "{e}");

    // A disabled admin does not count as one.
    let ben = add(s, "ben@example.org", Role::Admin, None);
    accounts::disable(s, &admin(), &ben.email).unwrap();
    assert!(accounts::set_role(s, &admin(), &ada.email, Role::Viewer).is_err());
    accounts::enable(s, &admin(), &ben.email).unwrap();
    // Now there are two: one may go, then the other is the last.
    accounts::set_role(s, &admin(), &ada.email, Role::Viewer).unwrap();
    assert!(accounts::disable(s, &admin(), &ben.email).is_err());
    // No one disables their own account, even with another admin beside them.
    accounts::set_role(s, &admin(), &ada.email, Role::Admin).unwrap();
    let me = Actor::user(&ben.id, &ben.name, Role::Admin);
    let e = accounts::disable(s, &me, &ben.email).unwrap_err();
    assert!(e.to_string().contains("your own account"), "{e}");
    accounts::disable(s, &me, &ada.email).unwrap();
}

#[test]
fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let db = TestDb::empty();
    let s = db.app.store();
    let throttle = Throttle::default();
    let here = addr("192.0.2.1");
    let bob = add(s, "bob@example.org", Role::FocalPoint, Some(GOOD));
    add(s, "sso@example.org", Role::Viewer, None);
    let off = add(s, "off@example.org", Role::Viewer, Some(GOOD));
    accounts::disable(s, &admin(), &off.email).unwrap();

    let (who, secret) = sign_in::password(s, &throttle, "BOB@example.org", GOOD, here).unwrap();
    assert_eq!(who, SignedIn::from(&bob));
    assert_eq!(sign_in::session_user(s, secret.as_str()).unwrap(), who);

    let answers: Vec<(ErrorKind, String)> = [
        ("bob@example.org", "not the password at all"),
        ("nobody@example.org", GOOD),
        ("sso@example.org", GOOD),
        ("off@example.org", GOOD),
    ]
    .iter()
    .map(|(email, pw)| {
        let e = sign_in::password(s, &throttle, email, pw, here).unwrap_err();
        (kind(&e), e.to_string())
    })
    .collect();
    for a in &answers {
        assert_eq!(a, &(ErrorKind::Unauthorized, sign_in::WRONG.to_owned()));
    }
}

#[test]
fn every_sign_in_gets_a_new_session_and_a_planted_one_is_worth_nothing() {
    let db = TestDb::empty();
    let s = db.app.store();
    let throttle = Throttle::default();
    add(s, "bob@example.org", Role::FocalPoint, Some(GOOD));
    let here = addr("192.0.2.1");
    let (_, first) = sign_in::password(s, &throttle, "bob@example.org", GOOD, here).unwrap();
    let (_, second) = sign_in::password(s, &throttle, "bob@example.org", GOOD, here).unwrap();
    assert_ne!(first, second);
    assert_eq!(first.as_str().len(), 43, "256 random bits");
    assert!(sign_in::session_user(s, first.as_str()).is_ok());
    assert!(sign_in::session_user(s, second.as_str()).is_ok());
    // A value an attacker chose (and set in the victim's browser) is not a session.
    let e = sign_in::session_user(s, "attacker-chosen-session-value").unwrap_err();
    assert_eq!(kind(&e), ErrorKind::Unauthorized);
    // The database keeps only the hash: the secret itself is found nowhere.
    let stored = s
        .read(|c| commitment_tracker::store::sessions::get(c, &secrets::digest(first.as_str())))
        .unwrap()
        .expect("stored by its hash");
    assert_ne!(stored.id_hash, first.as_str());
}

#[test]
fn an_account_waits_after_five_failures_even_with_the_right_password() {
    let db = TestDb::empty();
    let s = db.app.store();
    let throttle = Throttle::default();
    add(s, "bob@example.org", Role::FocalPoint, Some(GOOD));
    let now = t0();
    // Each from another address, so only the account's count is at work.
    let from = |i: u8| addr(&format!("198.51.100.{i}"));
    for i in 0..5 {
        let e = sign_in::password_at(
            s,
            &throttle,
            "bob@example.org",
            "wrong guess!",
            from(i),
            now,
        )
        .unwrap_err();
        assert_eq!(kind(&e), ErrorKind::Unauthorized);
    }
    let wait = throttled(sign_in::password_at(
        s,
        &throttle,
        "Bob@example.org",
        GOOD,
        from(9),
        now,
    ));
    assert_eq!(wait, 30);
    // After the wait, a guess is admitted again; a further failure waits longer.
    let later = now + Duration::seconds(30);
    assert!(sign_in::password_at(
        s,
        &throttle,
        "bob@example.org",
        "wrong again!",
        from(9),
        later
    )
    .is_err());
    let longer = throttled(sign_in::password_at(
        s,
        &throttle,
        "bob@example.org",
        GOOD,
        from(9),
        later,
    ));
    assert_eq!(longer, 60);
    // The right password once the wait is over signs in, and the count starts over.
    let after = later + Duration::seconds(60);
    sign_in::password_at(s, &throttle, "bob@example.org", GOOD, from(9), after).unwrap();
    assert!(sign_in::password_at(
        s,
        &throttle,
        "bob@example.org",
        "wrong guess!",
        from(9),
        after
    )
    .is_err());
    sign_in::password_at(s, &throttle, "bob@example.org", GOOD, from(9), after).unwrap();
    // An unknown e-mail is throttled alike (the throttle tells nothing about who exists).
    for _ in 0..5 {
        let _ = sign_in::password_at(s, &throttle, "ghost@example.org", GOOD, from(7), now);
    }
    assert_eq!(
        throttled(sign_in::password_at(
            s,
            &throttle,
            "ghost@example.org",
            GOOD,
            from(8),
            now
        )),
        30
    );
}

#[test]
fn an_address_waits_after_twenty_failures() {
    let db = TestDb::empty();
    let s = db.app.store();
    let throttle = Throttle::default();
    add(s, "bob@example.org", Role::FocalPoint, Some(GOOD));
    let now = t0();
    // Twenty guesses at twenty accounts from one IPv6 /64 (each address of it counts as one).
    for i in 0..20 {
        let from = addr(&format!("2001:db8:1:2::{:x}", i + 1));
        let e = sign_in::password_at(
            s,
            &throttle,
            &format!("guess{i}@example.org"),
            "wrong guess!",
            from,
            now,
        )
        .unwrap_err();
        assert_eq!(kind(&e), ErrorKind::Unauthorized, "{i}: {e}");
    }
    let wait = throttled(sign_in::password_at(
        s,
        &throttle,
        "bob@example.org",
        GOOD,
        addr("2001:db8:1:2::99"),
        now,
    ));
    assert_eq!(wait, 15 * 60);
    // Another address signs in to the same account.
    sign_in::password_at(
        s,
        &throttle,
        "bob@example.org",
        GOOD,
        addr("2001:db8:9::1"),
        now,
    )
    .unwrap();
    // Once the window has passed, the address may try again.
    let later = now + Duration::minutes(15);
    sign_in::password_at(
        s,
        &throttle,
        "bob@example.org",
        GOOD,
        addr("2001:db8:1:2::99"),
        later,
    )
    .unwrap();
}

/// The seconds a throttled sign-in says to wait.
fn throttled<T: std::fmt::Debug>(r: Result<T, Error>) -> u64 {
    match r {
        Err(Error::Throttled {
            retry_after_secs, ..
        }) => retry_after_secs,
        other => panic!("expected throttled, got {other:?}"),
    }
}

#[test]
fn sessions_end_when_idle_for_eight_hours_or_a_week_after_sign_in() {
    let db = TestDb::empty();
    let s = db.app.store();
    let bob = add(s, "bob@example.org", Role::FocalPoint, Some(GOOD));
    let now = t0();

    let idle = sessions::start_session_at(s, &bob.id, now).unwrap();
    let h = |n: i64| Duration::hours(n);
    assert!(sessions::session_user_at(s, idle.as_str(), now + h(7)).is_ok());
    assert!(
        sessions::session_user_at(s, idle.as_str(), now + h(14)).is_ok(),
        "7 h after its last use"
    );
    let e = sessions::session_user_at(s, idle.as_str(), now + h(22) + Duration::minutes(1))
        .unwrap_err();
    assert_eq!(kind(&e), ErrorKind::Unauthorized);
    assert!(e.to_string().contains("expired"), "{e}");
    // It is gone, not just refused at that moment.
    assert!(sessions::session_user_at(s, idle.as_str(), now + h(15)).is_err());

    let busy = sessions::start_session_at(s, &bob.id, now).unwrap();
    let mut t = now;
    while t + h(7) < now + Duration::days(7) {
        t += h(7);
        assert!(
            sessions::session_user_at(s, busy.as_str(), t).is_ok(),
            "used every 7 h"
        );
    }
    let e = sessions::session_user_at(s, busy.as_str(), now + Duration::days(7)).unwrap_err();
    assert!(e.to_string().contains("expired"), "{e}");
}

#[test]
fn a_session_notes_its_use_at_most_once_a_minute() {
    let db = TestDb::empty();
    let s = db.app.store();
    let bob = add(s, "bob@example.org", Role::FocalPoint, Some(GOOD));
    let now = t0();
    let secret = sessions::start_session_at(s, &bob.id, now).unwrap();
    let last_seen = || {
        s.read(|c| commitment_tracker::store::sessions::get(c, &secrets::digest(secret.as_str())))
            .unwrap()
            .unwrap()
            .last_seen_at
    };
    let first = last_seen();
    sessions::session_user_at(s, secret.as_str(), now + Duration::seconds(59)).unwrap();
    assert_eq!(last_seen(), first, "not written again within the minute");
    sessions::session_user_at(s, secret.as_str(), now + Duration::seconds(61)).unwrap();
    assert_ne!(last_seen(), first);
}

#[test]
fn signing_out_ends_one_session_and_everywhere_ends_them_all() {
    let db = TestDb::empty();
    let s = db.app.store();
    let bob = add(s, "bob@example.org", Role::FocalPoint, Some(GOOD));
    let ann = add(s, "ann@example.org", Role::FocalPoint, Some(GOOD));
    let [one, two, three] = [0, 1, 2].map(|_| sign_in::start_session(s, &bob.id).unwrap());
    let anns = sign_in::start_session(s, &ann.id).unwrap();
    sign_in::sign_out(s, one.as_str()).unwrap();
    assert!(sign_in::session_user(s, one.as_str()).is_err());
    assert!(sign_in::session_user(s, two.as_str()).is_ok());
    assert_eq!(sign_in::sign_out_everywhere(s, &bob.id).unwrap(), 2);
    assert!(sign_in::session_user(s, two.as_str()).is_err());
    assert!(sign_in::session_user(s, three.as_str()).is_err());
    assert!(
        sign_in::session_user(s, anns.as_str()).is_ok(),
        "another account's stays"
    );
    // A password reset ends the account's sessions too.
    accounts::reset_password(s, &admin(), &ann.email, "another long passphrase").unwrap();
    assert!(sign_in::session_user(s, anns.as_str()).is_err());
}

#[test]
fn tokens_are_created_used_listed_revoked_and_expire() {
    let db = TestDb::empty();
    let s = db.app.store();
    let bob = add(s, "bob@example.org", Role::FocalPoint, None);
    let ann = add(s, "ann@example.org", Role::Viewer, None);
    for days in [0, 366] {
        let e = accounts::create_token(s, &bob.email, "x", days).unwrap_err();
        assert_eq!(e.field(), Some("days"), "{days}");
    }
    let t = accounts::create_token(s, &bob.email, "laptop", 30).unwrap();
    assert!(
        t.token.starts_with("ct_") && t.token.len() == 46,
        "{}",
        t.token
    );
    assert_eq!(
        sign_in::token_user(s, &t.token).unwrap(),
        SignedIn::from(&bob)
    );

    let list = accounts::list_tokens(s, &bob.id).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].label.as_str(), list[0].id.as_str()),
        ("laptop", t.id.as_str())
    );
    assert!(list[0].last_used_at.is_some(), "its use was noted");
    let text = serde_json::to_string(&list).unwrap();
    assert!(
        !text.contains(&t.token) && !text.contains(&secrets::digest(&t.token)),
        "{text}"
    );
    assert!(accounts::list_tokens(s, &ann.id).unwrap().is_empty());

    // Expiry: a day past its 30.
    let e = sign_in::token_user_at(s, &t.token, Utc::now() + Duration::days(31)).unwrap_err();
    assert!(e.to_string().contains("expired"), "{e}");
    // Nonsense and near misses.
    for bad in [
        "",
        "ct_",
        "Bearer ct_x",
        &t.token[..45],
        &t.token.to_uppercase(),
    ] {
        assert_eq!(
            kind(&sign_in::token_user(s, bad).unwrap_err()),
            ErrorKind::Unauthorized,
            "{bad}"
        );
    }

    // Ann cannot revoke Bob's token; Bob can.
    let e = accounts::revoke_token(s, &ann.id, &t.id).unwrap_err();
    assert_eq!(kind(&e), ErrorKind::NotFound);
    assert!(sign_in::token_user(s, &t.token).is_ok());
    let revoked = accounts::revoke_token(s, &bob.id, &t.id).unwrap();
    assert!(revoked.revoked_at.is_some());
    let e = sign_in::token_user(s, &t.token).unwrap_err();
    assert!(e.to_string().contains("revoked"), "{e}");
}

#[test]
fn a_disabled_account_loses_its_sessions_and_tokens() {
    let db = TestDb::empty();
    let s = db.app.store();
    let throttle = Throttle::default();
    add(s, "ada@example.org", Role::Admin, None);
    let bob = add(s, "bob@example.org", Role::Coordinator, Some(GOOD));
    let here = addr("192.0.2.1");
    let (_, session) = sign_in::password(s, &throttle, &bob.email, GOOD, here).unwrap();
    let token = accounts::create_token(s, &bob.email, "script", 90).unwrap();
    accounts::disable(s, &admin(), &bob.email).unwrap();
    assert_eq!(
        kind(&sign_in::session_user(s, session.as_str()).unwrap_err()),
        ErrorKind::Unauthorized
    );
    assert_eq!(
        kind(&sign_in::token_user(s, &token.token).unwrap_err()),
        ErrorKind::Unauthorized
    );
    assert!(sign_in::password(s, &throttle, &bob.email, GOOD, here).is_err());
    assert!(
        sessions::start_session(s, &bob.id).is_err(),
        "single sign-on is refused too"
    );
    assert!(accounts::create_token(s, &bob.email, "again", 90).is_err());

    accounts::enable(s, &admin(), &bob.email).unwrap();
    sign_in::password(s, &throttle, &bob.email, GOOD, here).unwrap();
    let e = sign_in::token_user(s, &token.token).unwrap_err();
    assert!(
        e.to_string().contains("revoked"),
        "old tokens stay revoked: {e}"
    );
}

#[test]
fn the_command_table_manages_accounts_for_admins_and_tokens_for_their_owner() {
    use commitment_tracker::api::dispatch;
    let db = TestDb::empty();
    let app = &db.app;
    let local = &Caller::Local;
    let ada = dispatch(
        app,
        local,
        "add_user",
        json!({"email": "ada@example.org", "name": "Ada", "role": "Admin", "password": GOOD}),
    )
    .unwrap();
    assert_eq!(ada["hasPassword"], true);
    let ada: User = serde_json::from_value(ada).unwrap();
    let ada_in = Caller::User(SignedIn::from(&ada));
    let bob: User = serde_json::from_value(
        dispatch(
            app,
            &ada_in,
            "add_user",
            json!({"email": "bob@example.org", "name": "Bob", "role": "Viewer"}),
        )
        .unwrap(),
    )
    .unwrap();
    let bob_in = Caller::User(SignedIn::from(&bob));

    let r = dispatch(
        app,
        &ada_in,
        "set_user_role",
        json!({"user": "bob@example.org", "role": "Coordinator"}),
    )
    .unwrap();
    assert_eq!(r["role"], "Coordinator");
    assert_eq!(
        dispatch(app, &ada_in, "disable_user", json!({"user": bob.id})).unwrap()["disabled"],
        true
    );
    assert_eq!(
        dispatch(app, &ada_in, "enable_user", json!({"user": bob.id})).unwrap()["disabled"],
        false
    );
    dispatch(
        app,
        &ada_in,
        "reset_password",
        json!({"user": bob.id, "password": GOOD}),
    )
    .unwrap();
    // Not an admin: refused, and nothing written.
    for (cmd, args) in [
        (
            "add_user",
            json!({"email": "eve@example.org", "name": "Eve", "role": "Admin"}),
        ),
        (
            "set_user_role",
            json!({"user": "bob@example.org", "role": "Admin"}),
        ),
        ("disable_user", json!({"user": "ada@example.org"})),
        (
            "reset_password",
            json!({"user": "ada@example.org", "password": GOOD}),
        ),
    ] {
        let e = dispatch(app, &bob_in, cmd, args).unwrap_err();
        assert_eq!(kind(&e), ErrorKind::Forbidden, "{cmd}");
    }
    assert_eq!(users::list(app.store()).unwrap().len(), 2);

    // Tokens are the caller's own; on one computer there is no account.
    let e = dispatch(app, local, "list_tokens", json!({})).unwrap_err();
    assert_eq!(kind(&e), ErrorKind::BadRequest);
    let made = dispatch(app, &bob_in, "create_token", json!({"label": "cli"})).unwrap();
    let secret = made["token"].as_str().unwrap().to_owned();
    assert_eq!(
        sign_in::token_user(app.store(), &secret).unwrap().id,
        bob.id
    );
    let expires = DateTime::parse_from_rfc3339(made["expiresAt"].as_str().unwrap()).unwrap();
    let days = (expires.with_timezone(&Utc) - Utc::now()).num_days();
    assert!((89..=90).contains(&days), "90 days by default, got {days}");
    let listed = dispatch(app, &bob_in, "list_tokens", json!({})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(
        !listed.to_string().contains(&secret)
            && !listed.to_string().contains(&secrets::digest(&secret))
    );
    assert!(dispatch(app, &ada_in, "list_tokens", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
        .is_empty());
    let e = dispatch(app, &ada_in, "revoke_token", json!({"id": made["id"]})).unwrap_err();
    assert_eq!(kind(&e), ErrorKind::NotFound, "not Ada's token");
    dispatch(app, &bob_in, "revoke_token", json!({"id": made["id"]})).unwrap();
    assert!(sign_in::token_user(app.store(), &secret).is_err());
    assert_eq!(tokens::MAX_DAYS, 365);
}

#[test]
fn ct_users_manages_accounts_and_no_hash_or_token_leaves_in_a_listing_or_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path(), "users");
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut cmd = ct(&db);
        cmd.args(["--keep-backups", "0"]).args(args);
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        {
            use std::io::Write as _;
            let mut pipe = child.stdin.take().unwrap();
            pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        }
        child.wait_with_output().unwrap()
    };
    let ok = |args: &[&str], stdin: Option<&str>| {
        let out = run(args, stdin);
        assert!(out.status.success(), "ct {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    ok(
        &[
            "users",
            "add",
            "ada@example.org",
            "--name",
            "Ada Admin",
            "--role",
            "admin",
        ],
        None,
    );
    let added = ok(
        &[
            "users",
            "add",
            "bob@example.org",
            "--name",
            "Bob",
            "--role",
            "focal-point",
            "--password-stdin",
        ],
        Some(&format!("{GOOD}\n")),
    );
    assert!(
        added.contains("bob@example.org (Bob, focal-point)"),
        "{added}"
    );
    let short = run(
        &[
            "users",
            "add",
            "c@example.org",
            "--name",
            "C",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        Some("elevenchars\n"),
    );
    assert!(!short.status.success());
    assert!(stderr(&short).contains("password"), "{}", stderr(&short));
    let last_admin = run(&["users", "set-role", "ada@example.org", "viewer"], None);
    assert!(!last_admin.status.success() && stderr(&last_admin).contains("last enabled admin"));
    ok(
        &["users", "set-role", "bob@example.org", "coordinator"],
        None,
    );
    ok(&["users", "disable", "bob@example.org"], None);
    ok(&["users", "enable", "bob@example.org"], None);
    let reset = ok(&["users", "reset-password", "bob@example.org"], None);
    let new_password = reset.lines().last().unwrap().to_owned();
    let token_out = ok(
        &[
            "users",
            "token",
            "bob@example.org",
            "--label",
            "laptop",
            "--days",
            "7",
        ],
        None,
    );
    let token = token_out.lines().last().unwrap().to_owned();

    // What ct printed works against the same database.
    let app = commitment_tracker::App::open(&db, Default::default()).unwrap();
    let s = app.store();
    let throttle = Throttle::default();
    let (bob, _) = sign_in::password(
        s,
        &throttle,
        "bob@example.org",
        &new_password,
        addr("127.0.0.1"),
    )
    .unwrap();
    assert_eq!(
        (bob.role, sign_in::token_user(s, &token).unwrap().id),
        (Role::Coordinator, bob.id.clone())
    );
    let hash = s
        .read(|c| commitment_tracker::store::users::password_hash(c, &bob.id))
        .unwrap()
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");

    let listing = ok(&["users", "list", "--format", "json"], None);
    let table = ok(&["users", "list"], None);
    let bundle = dir.path().join("bundle.json");
    ok(
        &[
            "export",
            "--format",
            "json",
            "--out",
            bundle.to_str().unwrap(),
        ],
        None,
    );
    let exported = std::fs::read_to_string(&bundle).unwrap();
    let listed_users = serde_json::to_string(&users::list(s).unwrap()).unwrap();
    for text in [&listing, &table, &exported, &listed_users] {
        for secret in [
            &hash,
            "$argon2",
            &token,
            &secrets::digest(&token),
            &new_password,
        ] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
    }
    let listed: Vec<User> = serde_json::from_str(&listing).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        table.contains("bob@example.org") && table.contains("coordinator"),
        "{table}"
    );
}

/// Every change an admin makes to an account is in its history, with who made it; the
/// history cannot be changed afterwards.
#[test]
fn account_changes_are_in_an_append_only_history_naming_who_made_them() {
    use commitment_tracker::domain::AccountAction as A;
    let db = TestDb::seeded();
    let s = db.app.store();
    let root = add(s, "root@example.org", Role::Admin, None);
    let by_root = Actor::user(&root.id, "Rosa Admin", Role::Admin);
    let nadia = accounts::add(
        s,
        &by_root,
        &NewUser {
            email: "nadia@example.org".to_owned(),
            name: "نادية".to_owned(),
            role: Role::FocalPoint,
            password: None,
        },
    )
    .unwrap();
    accounts::set_role(s, &by_root, "nadia@example.org", Role::Coordinator).unwrap();
    accounts::disable(s, &by_root, "nadia@example.org").unwrap();
    accounts::enable(s, &by_root, "nadia@example.org").unwrap();
    accounts::reset_password(s, &by_root, "nadia@example.org", GOOD).unwrap();
    let events = accounts::history(s, Some("NADIA@example.org"), None).unwrap();
    let actions: Vec<A> = events.iter().rev().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [A::Add, A::SetRole, A::Disable, A::Enable, A::ResetPassword]
    );
    assert!(events.iter().all(|e| e.user_id == nadia.id));
    assert!(events
        .iter()
        .all(|e| e.actor_id.as_deref() == Some(root.id.as_str())));
    assert_eq!(
        events[3].detail,
        Some(json!({"from": "FocalPoint", "to": "Coordinator"}))
    );
    let text = serde_json::to_string(&events).unwrap();
    assert!(!text.contains("$argon2"), "no hash in the history");
    // Everyone's history holds root's own creation too (by the command line's actor).
    assert_eq!(accounts::history(s, None, None).unwrap().len(), 6);
    // Append-only on both engines.
    let tampered = s.write(|tx| {
        tx.execute("DELETE FROM account_events", commitment_tracker::args![])
            .map(|_| ())
    });
    assert!(tampered.is_err(), "the history refuses deletes");
    assert_eq!(accounts::history(s, None, None).unwrap().len(), 6);
}
