//! Single sign-on against a real OpenID provider: the npm package `oidc-provider`, run by
//! Node.js on loopback (`tests/support/oidc-provider/provider.mjs`; `scripts/test.sh`
//! installs its packages). A plain HTTP client plays the browser: it follows the sign-in URL,
//! posts the provider's sign-in form as a named person, and brings the answer back.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use commitment_tracker::domain::{AccountAction, Actor, NewUser, Role, User};
use commitment_tracker::error::Error;
use commitment_tracker::services::oidc::{Callback, Oidc, OidcConfig};
use commitment_tracker::services::server_settings::{self, ServerSettings};
use commitment_tracker::services::{accounts, sign_in, users};
use commitment_tracker::store::Store;
use commitment_tracker::ErrorKind;

use crate::support::{ct, TestDb};

pub const CLIENT_ID: &str = "commitment-tracker";
pub const CLIENT_SECRET: &str = "a test secret that is long enough";

/// Where the tests tell the provider the server's callback is (these tests bring the answer
/// back themselves, so nothing listens there).
const REDIRECT: &str = "http://127.0.0.1:9/auth/oidc/callback";

fn provider_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/oidc-provider")
}

/// The provider process; killed when dropped.
pub struct Provider {
    child: Child,
    /// Kept open: the provider may write more, and a closed pipe would kill it.
    _stdout: BufReader<std::process::ChildStdout>,
    pub issuer: String,
    log: PathBuf,
}

impl Provider {
    /// Starts the provider with one confidential client whose redirect URI is `redirect`.
    pub fn start(redirect: &str) -> Provider {
        let dir = provider_dir();
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the test OpenID provider's packages are missing: run `npm ci` in {} (scripts/test.sh does)",
            dir.display()
        );
        let log = std::env::temp_dir().join(format!("ct-oidc-{}.log", uuid::Uuid::new_v4()));
        let log_file = std::fs::File::create(&log).expect("provider log");
        let mut child = Command::new("node")
            .arg(dir.join("provider.mjs"))
            .args(["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET])
            .args(["--redirect-uri", redirect])
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .expect("start node (Node.js is needed for the single sign-on tests)");
        // Read on a thread, so that a provider that never says its issuer fails the test
        // with its log instead of hanging it.
        let mut stdout = BufReader::new(child.stdout.take().expect("provider stdout"));
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut first = String::new();
            let _ = stdout.read_line(&mut first);
            let _ = tx.send(first);
            stdout
        });
        let issuer = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_default()
            .trim()
            .to_owned();
        if !issuer.starts_with("http://127.0.0.1:") {
            let _ = child.kill();
            panic!(
                "the test provider did not start: {:?}\n{}",
                issuer,
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        let stdout = reader.join().expect("the reader thread");
        Provider {
            child,
            _stdout: stdout,
            issuer,
            log,
        }
    }

    /// The single sign-on service configured for this provider.
    pub fn oidc(&self, trust_unverified_email: bool) -> Oidc {
        Oidc::new(OidcConfig {
            issuer: self.issuer.clone(),
            client_id: CLIENT_ID.to_owned(),
            client_secret: CLIENT_SECRET.to_owned(),
            redirect_uri: REDIRECT.to_owned(),
            trust_unverified_email,
        })
        .expect("configuration")
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!(
                "the test provider's log:\n{}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
        }
        let _ = std::fs::remove_file(&self.log);
    }
}

/// The person signing in at the provider, as its directory describes them.
#[derive(Clone, Copy)]
pub struct Person<'a> {
    pub subject: &'a str,
    pub email: &'a str,
    /// "true", "false", or "" (no `email_verified` claim, as Microsoft Entra ID).
    pub email_verified: &'a str,
    pub name: &'a str,
}

pub const ALICE: Person<'static> = Person {
    subject: "alice-0001",
    email: "alice@example.org",
    email_verified: "true",
    name: "Alice Example",
};

/// A browser without JavaScript: follows nothing by itself, keeps the provider's cookies.
pub struct Browser {
    agent: ureq::Agent,
    cookies: HashMap<String, String>,
}

/// One answer: its status, its `Location` (made absolute), its body.
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub body: String,
}

impl Default for Browser {
    fn default() -> Self {
        Browser {
            agent: ureq::Agent::config_builder()
                .max_redirects(0)
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(20)))
                .build()
                .into(),
            cookies: HashMap::new(),
        }
    }
}

fn absolute(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_owned();
    }
    let origin_end = base[8..].find('/').map_or(base.len(), |i| i + 8);
    format!("{}{location}", &base[..origin_end])
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, url: &str, mut r: ureq::http::Response<ureq::Body>) -> Answer {
        let set_cookies: Vec<String> = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        for c in &set_cookies {
            let pair = c.split(';').next().unwrap_or_default();
            if let Some((k, v)) = pair.split_once('=') {
                if v.is_empty() {
                    self.cookies.remove(k.trim());
                } else {
                    self.cookies.insert(k.trim().to_owned(), v.to_owned());
                }
            }
        }
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(|l| absolute(url, l));
        Answer {
            status: r.status().as_u16(),
            location,
            set_cookies,
            body: r.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    /// GET with this browser's cookies.
    pub fn get(&mut self, url: &str) -> Answer {
        let r = self
            .agent
            .get(url)
            .header("cookie", &self.cookie_header())
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        self.keep(url, r)
    }

    /// POST a form with this browser's cookies.
    pub fn post_form(&mut self, url: &str, form: &[(&str, &str)]) -> Answer {
        let r = self
            .agent
            .post(url)
            .header("cookie", &self.cookie_header())
            .send_form(form.iter().copied())
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        self.keep(url, r)
    }

    /// From the provider's sign-in URL to the URL it sends the browser back to (the
    /// server's callback with `code` and `state`, or `error`): signs in as `who` on the
    /// provider's form, or cancels there when `who` is None.
    pub fn through_provider(&mut self, sign_in_url: &str, who: Option<Person<'_>>) -> String {
        let to_form = self.get(sign_in_url);
        let form_url = to_form
            .location
            .unwrap_or_else(|| panic!("no sign-in form ({}): {}", to_form.status, to_form.body));
        let form = self.get(&form_url);
        assert_eq!(form.status, 200, "the sign-in form: {}", form.body);
        assert!(form.body.contains("openid email profile"), "{}", form.body);
        let posted = match who {
            Some(p) => self.post_form(
                &format!("{form_url}/login"),
                &[
                    ("sub", p.subject),
                    ("email", p.email),
                    ("email_verified", p.email_verified),
                    ("name", p.name),
                ],
            ),
            None => self.post_form(&format!("{form_url}/abort"), &[]),
        };
        let resume = posted
            .location
            .unwrap_or_else(|| panic!("the form answered {}: {}", posted.status, posted.body));
        let back = self.get(&resume);
        back.location
            .unwrap_or_else(|| panic!("no way back ({}): {}", back.status, back.body))
    }
}

/// The provider's answer as the callback's query reads it.
pub fn callback_of(url: &str) -> Callback {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let mut cb = Callback::default();
    for (k, v) in form_urlencoded(query) {
        match k.as_str() {
            "code" => cb.code = Some(v),
            "state" => cb.state = Some(v),
            "iss" => cb.iss = Some(v),
            "error" => cb.error = Some(v),
            "error_description" => cb.error_description = Some(v),
            _ => {}
        }
    }
    cb
}

fn form_urlencoded(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                if let Ok(b) = u8::from_str_radix(hex, 16) {
                    out.push(b);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Begins a sign-in, signs in at the provider as `who`, and returns the answer with the
/// state the browser kept.
fn round_trip(oidc: &Oidc, who: Option<Person<'_>>) -> (Callback, String) {
    let started = oidc.begin().expect("begin");
    let back = Browser::default().through_provider(&started.url, who);
    assert!(back.starts_with(REDIRECT), "{back}");
    (callback_of(&back), started.state)
}

fn sign_in_as(oidc: &Oidc, store: &Store, who: Person<'_>) -> Result<User, Error> {
    let (cb, state) = round_trip(oidc, Some(who));
    let (signed, secret) = oidc.finish(store, &cb, Some(&state))?;
    // The session is real: the cookie's value finds the same account.
    assert_eq!(
        sign_in::session_user(store, secret.as_str()).unwrap(),
        signed
    );
    Ok(users::list(store)
        .unwrap()
        .into_iter()
        .find(|u| u.id == signed.id)
        .expect("the signed-in account"))
}

fn admin() -> Actor {
    Actor::coordinator("Server admin")
}

fn add(store: &Store, email: &str, role: Role) -> User {
    accounts::add(
        store,
        &admin(),
        &NewUser {
            email: email.to_owned(),
            name: format!("Account of {email}"),
            role,
            password: None,
        },
    )
    .unwrap()
}

fn allow_sign_up(store: &Store, on: bool) {
    server_settings::set(
        store,
        &ServerSettings {
            separation_of_duties: true,
            sso_sign_up: on,
        },
    )
    .unwrap();
}

fn refused(r: Result<impl std::fmt::Debug, Error>, says: &str) -> Error {
    let e = r.expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::Unauthorized, "{e}");
    assert!(e.to_string().contains(says), "{e:?} should say {says:?}");
    e
}

#[test]
fn a_verified_email_links_the_account_once_then_the_subject_signs_in() {
    let db = TestDb::empty();
    let s = db.app.store();
    let provider = Provider::start(REDIRECT);
    let oidc = provider.oidc(false);
    let alice = add(s, "Alice@example.org", Role::FocalPoint);
    assert!(!alice.single_sign_on);

    let signed = sign_in_as(&oidc, s, ALICE).unwrap();
    assert_eq!(
        (signed.id.as_str(), signed.role),
        (alice.id.as_str(), Role::FocalPoint)
    );
    assert!(signed.single_sign_on);
    let linked = accounts::history(s, Some(&alice.id), None).unwrap();
    assert_eq!(linked[0].action, AccountAction::LinkSso, "{linked:?}");

    // Matched on (issuer, subject) from now on, whatever e-mail the provider shows.
    let renamed = Person {
        email: "a.example@example.org",
        ..ALICE
    };
    assert_eq!(sign_in_as(&oidc, s, renamed).unwrap().id, alice.id);
    assert_eq!(users::list(s).unwrap().len(), 1);

    // Another subject showing Alice's verified e-mail does not get her account.
    let other = Person {
        subject: "someone-else",
        ..ALICE
    };
    refused(
        sign_in_as(&oidc, s, other),
        "linked to another single sign-on identity",
    );
}

#[test]
fn an_unknown_person_is_refused_unless_sign_up_is_on_then_becomes_a_viewer() {
    let db = TestDb::empty();
    let s = db.app.store();
    let provider = Provider::start(REDIRECT);
    let oidc = provider.oidc(false);
    add(s, "admin@example.org", Role::Admin);

    refused(
        sign_in_as(&oidc, s, ALICE),
        "there is no account for alice@example.org on this server: ask an admin to create your account",
    );
    assert_eq!(users::list(s).unwrap().len(), 1, "nothing was created");

    allow_sign_up(s, true);
    let unverified = Person {
        email_verified: "false",
        ..ALICE
    };
    refused(
        sign_in_as(&oidc, s, unverified),
        "no verified e-mail address",
    );
    let created = sign_in_as(&oidc, s, ALICE).unwrap();
    assert_eq!(
        (
            created.email.as_str(),
            created.name.as_str(),
            created.role,
            created.single_sign_on,
            created.has_password
        ),
        (
            "alice@example.org",
            "Alice Example",
            Role::Viewer,
            true,
            false
        )
    );
    assert_eq!(users::list(s).unwrap().len(), 2);
    // The account history says the person made it through the provider.
    let history = accounts::history(s, Some(&created.id), None).unwrap();
    let made = history.iter().find(|e| e.action == AccountAction::Add);
    let link = history.iter().find(|e| e.action == AccountAction::LinkSso);
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(made.unwrap().actor_id.as_deref(), Some(created.id.as_str()));
    let detail = link.unwrap().detail.as_ref().unwrap().to_string();
    assert!(detail.contains(ALICE.subject), "{detail}");
    // The next sign-in finds the same account, even with sign-up off again.
    allow_sign_up(s, false);
    assert_eq!(sign_in_as(&oidc, s, ALICE).unwrap().id, created.id);
}

#[test]
fn an_email_the_provider_does_not_vouch_for_links_only_where_the_admin_trusts_it() {
    let db = TestDb::empty();
    let s = db.app.store();
    let provider = Provider::start(REDIRECT);
    let bob = add(s, "bob@example.org", Role::Coordinator);
    let person = |verified| Person {
        subject: "bob-entra-oid",
        email: "bob@example.org",
        email_verified: verified,
        name: "Bob",
    };

    let strict = provider.oidc(false);
    refused(
        sign_in_as(&strict, s, person("false")),
        "does not say it verified",
    );
    refused(
        sign_in_as(&strict, s, person("")),
        "does not say it verified",
    );

    // Trusting unverified e-mails (Entra ID) covers a missing claim, never an explicit false.
    let trusting = provider.oidc(true);
    refused(
        sign_in_as(&trusting, s, person("false")),
        "does not say it verified",
    );
    assert_eq!(sign_in_as(&trusting, s, person("")).unwrap().id, bob.id);
    assert_eq!(
        sign_in_as(&strict, s, person("false")).unwrap().id,
        bob.id,
        "linked now"
    );
}

#[test]
fn the_state_must_come_back_in_the_browser_that_began_and_only_once() {
    let db = TestDb::empty();
    let s = db.app.store();
    let provider = Provider::start(REDIRECT);
    let oidc = provider.oidc(false);
    add(s, "alice@example.org", Role::Viewer);

    let (cb, state) = round_trip(&oidc, Some(ALICE));
    refused(oidc.finish(s, &cb, None), "not started in this browser");
    let (_, other_state) = round_trip(&oidc, Some(ALICE));
    refused(
        oidc.finish(s, &cb, Some(&other_state)),
        "not started in this browser",
    );
    let mut wrong = cb.clone();
    wrong.state = Some(format!("{state}x"));
    refused(
        oidc.finish(s, &wrong, Some(&format!("{state}x"))),
        "unknown or was already used",
    );
    wrong.state = None;
    refused(oidc.finish(s, &wrong, Some(&state)), "carries no state");

    // Those refusals left the right answer usable: it signs in once, and a replay is refused.
    oidc.finish(s, &cb, Some(&state)).unwrap();
    refused(
        oidc.finish(s, &cb, Some(&state)),
        "unknown or was already used",
    );
}

#[test]
fn an_id_token_with_another_nonce_is_refused() {
    let db = TestDb::empty();
    let s = db.app.store();
    let provider = Provider::start(REDIRECT);
    let oidc = provider.oidc(false);
    add(s, "alice@example.org", Role::Viewer);

    let (cb, state) = round_trip(&oidc, Some(ALICE));
    let pending = oidc
        .claim(cb.state.as_deref().unwrap(), Some(&state))
        .unwrap()
        .with_nonce("a nonce this sign-in never sent");
    let e = refused(oidc.complete(s, pending, &cb), "could not be verified");
    assert!(e.to_string().to_lowercase().contains("nonce"), "{e}");
    assert!(!users::list(s).unwrap()[0].single_sign_on, "not linked");

    // The same flow with its own nonce succeeds (the refusal was the nonce's).
    let (cb, state) = round_trip(&oidc, Some(ALICE));
    let pending = oidc
        .claim(cb.state.as_deref().unwrap(), Some(&state))
        .unwrap();
    oidc.complete(s, pending, &cb).unwrap();
}

#[test]
fn the_provider_checks_the_pkce_verifier() {
    let db = TestDb::empty();
    let s = db.app.store();
    let provider = Provider::start(REDIRECT);
    let oidc = provider.oidc(false);
    add(s, "alice@example.org", Role::Viewer);

    let (cb, state) = round_trip(&oidc, Some(ALICE));
    let pending = oidc
        .claim(cb.state.as_deref().unwrap(), Some(&state))
        .unwrap()
        .with_verifier(&"v".repeat(64));
    refused(
        oidc.complete(s, pending, &cb),
        "refused to complete the sign-in",
    );
}

#[test]
fn a_disabled_account_is_refused() {
    let db = TestDb::empty();
    let s = db.app.store();
    let provider = Provider::start(REDIRECT);
    let oidc = provider.oidc(false);
    add(s, "admin@example.org", Role::Admin);
    let alice = add(s, "alice@example.org", Role::FocalPoint);
    sign_in_as(&oidc, s, ALICE).unwrap();
    accounts::disable(s, &admin(), &alice.id).unwrap();
    refused(sign_in_as(&oidc, s, ALICE), "disabled");

    // Not linked yet and disabled: refused too (and not linked).
    let carol = add(s, "carol@example.org", Role::Viewer);
    accounts::disable(s, &admin(), &carol.id).unwrap();
    let as_carol = Person {
        subject: "carol-1",
        email: "carol@example.org",
        ..ALICE
    };
    refused(sign_in_as(&oidc, s, as_carol), "disabled");
}

#[test]
fn a_sign_in_older_than_ten_minutes_or_cancelled_at_the_provider_is_refused() {
    let db = TestDb::empty();
    let s = db.app.store();
    let provider = Provider::start(REDIRECT);
    let oidc = provider.oidc(false);
    add(s, "alice@example.org", Role::Viewer);

    let (cb, state) = round_trip(&oidc, Some(ALICE));
    let later = Instant::now() + Duration::from_secs(10 * 60 + 1);
    refused(
        oidc.claim_at(cb.state.as_deref().unwrap(), Some(&state), later),
        "took longer than 10 minutes",
    );

    let (cancelled, state) = round_trip(&oidc, None);
    assert_eq!(cancelled.error.as_deref(), Some("access_denied"));
    refused(
        oidc.finish(s, &cancelled, Some(&state)),
        "did not sign you in: the person cancelled the sign-in",
    );
    // A planted answer naming another issuer (mix-up) is refused too.
    let (mut cb, state) = round_trip(&oidc, Some(ALICE));
    cb.iss = Some("https://evil.example".to_owned());
    refused(oidc.finish(s, &cb, Some(&state)), "not \"http://127.0.0.1:");
}

#[test]
fn a_provider_that_cannot_be_reached_or_a_plain_http_issuer_is_said_so() {
    let unreachable = Oidc::new(OidcConfig {
        issuer: "http://127.0.0.1:1".to_owned(),
        client_id: CLIENT_ID.to_owned(),
        client_secret: CLIENT_SECRET.to_owned(),
        redirect_uri: REDIRECT.to_owned(),
        trust_unverified_email: false,
    })
    .unwrap();
    let e = unreachable.begin().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unavailable, "{e}");
    assert!(e.to_string().contains("could not be used"), "{e}");

    let config = |issuer: &str, secret: &str| OidcConfig {
        issuer: issuer.to_owned(),
        client_id: CLIENT_ID.to_owned(),
        client_secret: secret.to_owned(),
        redirect_uri: REDIRECT.to_owned(),
        trust_unverified_email: false,
    };
    let field = |c| {
        Oidc::new(c)
            .err()
            .and_then(|e| e.field().map(str::to_owned))
    };
    assert_eq!(
        field(config(
            "http://login.example.org/tenant/v2.0",
            CLIENT_SECRET
        ))
        .as_deref(),
        Some("oidc-issuer")
    );
    assert_eq!(
        field(config("https://login.example.org/tenant/v2.0", " ")).as_deref(),
        Some("oidc-client-secret")
    );
    assert!(Oidc::new(config("https://login.example.org/t/v2.0", CLIENT_SECRET)).is_ok());
    // The secret never shows in a debug print.
    let printed = format!("{:?}", config("https://x.example", CLIENT_SECRET));
    assert!(!printed.contains(CLIENT_SECRET), "{printed}");
}

/// A port free a moment ago: the provider must know the server's redirect URI before the
/// server starts, and the server the provider's issuer.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The real `ct serve --team` process; killed when dropped.
struct Server {
    child: Child,
    base: String,
    _stdout: BufReader<std::process::ChildStdout>,
    _ui: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the team server on `port`, with single sign-on through `provider` when given.
fn serve(db: &TestDb, port: u16, provider: Option<&Provider>) -> Server {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(
        ui.path().join("index.html"),
        "<!doctype html><title>CT</title>",
    )
    .unwrap();
    let mut cmd = ct(&db.path());
    cmd.args([
        "serve",
        "--team",
        "--listen",
        &format!("127.0.0.1:{port}"),
        "--ui-dir",
    ])
    .arg(ui.path())
    .env_remove("COMMITMENT_TRACKER_OIDC_ISSUER")
    .env_remove("COMMITMENT_TRACKER_OIDC_CLIENT_ID")
    .env_remove("COMMITMENT_TRACKER_OIDC_TRUST_UNVERIFIED_EMAIL")
    .env_remove("COMMITMENT_TRACKER_PUBLIC_URL")
    .stdout(Stdio::piped())
    .stderr(Stdio::inherit());
    if let Some(p) = provider {
        cmd.args(["--oidc-issuer", &p.issuer, "--oidc-client-id", CLIENT_ID])
            .env("COMMITMENT_TRACKER_OIDC_SECRET", CLIENT_SECRET);
    }
    let mut child = cmd.spawn().expect("ct serve");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("Serving a team on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    assert_eq!(base, format!("http://127.0.0.1:{port}"));
    if let Some(p) = provider {
        line.clear();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(
            line.trim(),
            format!(
                "Single sign-on through {} (redirect URI {base}/auth/oidc/callback)",
                p.issuer
            )
        );
    }
    Server {
        child,
        base,
        _stdout: stdout,
        _ui: ui,
    }
}

fn session_cookie(a: &Answer) -> Option<&String> {
    a.set_cookies.iter().find(|c| c.starts_with("ct_session="))
}

#[test]
fn the_team_server_signs_in_through_the_provider_and_sets_the_session_cookie() {
    let db = TestDb::empty();
    let s = db.app.store();
    let alice = add(s, "alice@example.org", Role::Coordinator);
    let port = free_port();
    let provider = Provider::start(&format!("http://127.0.0.1:{port}/auth/oidc/callback"));
    let server = serve(&db, port, Some(&provider));
    let url = |path: &str| format!("{}{path}", server.base);

    let mut browser = Browser::default();
    let methods = browser.get(&url("/auth/methods"));
    assert_eq!(
        (methods.status, methods.body.as_str()),
        (200, r#"{"password":true,"singleSignOn":true}"#)
    );
    assert_eq!(browser.get(&url("/auth/session")).status, 401);

    let start = browser.get(&url("/auth/oidc/start"));
    assert_eq!(start.status, 302, "{}", start.body);
    let to_provider = start.location.clone().unwrap();
    assert!(
        to_provider.starts_with(&format!("{}/auth?", provider.issuer)),
        "{to_provider}"
    );
    for part in [
        "code_challenge_method=S256",
        "nonce=",
        "state=",
        "scope=openid+email+profile",
    ] {
        assert!(to_provider.contains(part), "{to_provider} lacks {part}");
    }
    let state_cookie = &start.set_cookies[0];
    assert!(
        state_cookie.starts_with("ct_oidc=")
            && state_cookie.contains("Max-Age=600")
            && state_cookie.contains("HttpOnly")
            && state_cookie.contains("SameSite=Lax"),
        "{state_cookie}"
    );

    let back = browser.through_provider(&to_provider, Some(ALICE));
    assert!(
        back.starts_with(&url("/auth/oidc/callback?code=")),
        "{back}"
    );

    // Planted in another browser (login CSRF), the answer signs nobody in there...
    let planted = Browser::default().get(&back);
    assert_eq!(planted.status, 302);
    let location = planted.location.clone().unwrap();
    assert!(
        location.starts_with(&url("/?sign_in_error="))
            && location.contains("not+started+in+this+browser"),
        "{location}"
    );
    assert!(session_cookie(&planted).is_none());

    // ...and still signs in the browser that began.
    let signed = browser.get(&back);
    assert_eq!(
        (signed.status, signed.location.as_deref()),
        (302, Some(url("/").as_str()))
    );
    let cookie = session_cookie(&signed).expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        signed
            .set_cookies
            .iter()
            .any(|c| c.starts_with("ct_oidc=;") && c.contains("Max-Age=0")),
        "the state cookie is dropped: {:?}",
        signed.set_cookies
    );
    let session = browser.get(&url("/auth/session"));
    assert_eq!(session.status, 200, "{}", session.body);
    let me: serde_json::Value = serde_json::from_str(&session.body).unwrap();
    assert_eq!(
        (me["id"].as_str(), me["email"].as_str(), me["role"].as_str()),
        (
            Some(alice.id.as_str()),
            Some("alice@example.org"),
            Some("Coordinator")
        )
    );

    // The same answer again (its state cookie put back): refused, no new session.
    let state = callback_of(&back).state.unwrap();
    browser.cookies.insert("ct_oidc".to_owned(), state);
    let replay = browser.get(&back);
    assert!(
        replay
            .location
            .as_deref()
            .unwrap_or_default()
            .contains("already+used"),
        "{:?}",
        replay.location
    );
    assert!(session_cookie(&replay).is_none());

    // Someone without an account (sign-up off): sent back with the reason.
    let mut stranger = Browser::default();
    let start = stranger.get(&url("/auth/oidc/start"));
    let bob = Person {
        subject: "bob-1",
        email: "bob@example.org",
        ..ALICE
    };
    let back = stranger.through_provider(&start.location.unwrap(), Some(bob));
    let refused = stranger.get(&back);
    assert!(
        refused
            .location
            .as_deref()
            .unwrap_or_default()
            .contains("ask+an+admin+to+create+your+account"),
        "{:?}",
        refused.location
    );
    assert_eq!(stranger.get(&url("/auth/session")).status, 401);
}

#[test]
fn a_team_server_without_single_sign_on_says_so() {
    let db = TestDb::empty();
    let server = serve(&db, free_port(), None);
    let mut browser = Browser::default();
    let methods = browser.get(&format!("{}/auth/methods", server.base));
    assert_eq!(methods.body, r#"{"password":true,"singleSignOn":false}"#);
    for path in ["/auth/oidc/start", "/auth/oidc/callback?code=x&state=y"] {
        let r = browser.get(&format!("{}{path}", server.base));
        assert_eq!(r.status, 404, "{path}: {}", r.body);
    }
}

/// A `$BROWSER` that only writes down the URL it is asked to open (the test then acts as the
/// person's browser).
fn recording_browser(dir: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let opened = dir.join("opened-url");
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{0}.part' && mv '{0}.part' '{0}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, opened)
}

fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(s) = std::fs::read_to_string(path) {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_desktop_app_links_a_copy_through_the_system_browser() {
    let db = TestDb::empty();
    let alice = add(db.app.store(), "alice@example.org", Role::FocalPoint);
    let port = free_port();
    let provider = Provider::start(&format!("http://127.0.0.1:{port}/auth/oidc/callback"));
    let server = serve(&db, port, Some(&provider));
    let dir = tempfile::tempdir().unwrap();
    let (script, opened) = recording_browser(dir.path());
    let copy = dir.path().join("copy.sqlite3");
    let child = ct(&copy)
        .args([
            "--keep-backups",
            "0",
            "link",
            "--server",
            &server.base,
            "--sso",
        ])
        .args(["--format", "json"])
        .env("BROWSER", &script)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let url = wait_for_file(&opened);
    assert!(
        url.starts_with(&format!(
            "{}/auth/oidc/start?native=http%3A%2F%2F127.0.0.1%3A",
            server.base
        )) && url.contains("&challenge="),
        "{url}"
    );
    let mut browser = Browser::default();
    let start = browser.get(&url);
    assert_eq!(start.status, 302, "{}", start.body);
    let back = browser.through_provider(&start.location.unwrap(), Some(ALICE));
    let to_app = browser.get(&back);
    let location = to_app.location.clone().unwrap_or_default();
    assert!(
        location.starts_with("http://127.0.0.1:") && location.contains("/signed-in?code="),
        "{location}"
    );
    assert!(
        session_cookie(&to_app).is_none(),
        "the app's sign-in opens no browser session"
    );
    let page = browser.get(&location);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("You are signed in"), "{}", page.body);

    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let linked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(linked["status"]["linked"], true, "{linked}");
    assert_eq!(linked["status"]["email"], "alice@example.org");
    assert_eq!(linked["status"]["role"], "FocalPoint");
    // The token the app keeps is alice's, and works.
    let synced = ct(&copy)
        .args(["sync", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        synced.status.success(),
        "{}",
        String::from_utf8_lossy(&synced.stderr)
    );
    assert_eq!(
        accounts::list_tokens(db.app.store(), &alice.id)
            .unwrap()
            .len(),
        1,
        "one token, made for the app"
    );
}

#[test]
fn an_apps_code_needs_its_secret_works_once_and_goes_only_to_loopback() {
    use commitment_tracker::services::native_sign_in::challenge_of;
    let db = TestDb::empty();
    add(db.app.store(), "alice@example.org", Role::Viewer);
    let port = free_port();
    let provider = Provider::start(&format!("http://127.0.0.1:{port}/auth/oidc/callback"));
    let server = serve(&db, port, Some(&provider));
    let url = |path: &str| format!("{}{path}", server.base);
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let code_for = |challenge: &str| -> String {
        let mut browser = Browser::default();
        let start = browser.get(&url(&format!(
            "/auth/oidc/start?native=http%3A%2F%2F127.0.0.1%3A9%2Fsigned-in&challenge={challenge}"
        )));
        assert_eq!(start.status, 302, "{}", start.body);
        let back = browser.through_provider(&start.location.unwrap(), Some(ALICE));
        let to_app = browser.get(&back).location.unwrap();
        let prefix = "http://127.0.0.1:9/signed-in?code=";
        assert!(to_app.starts_with(prefix), "{to_app}");
        to_app[prefix.len()..].to_owned()
    };
    let exchange = |code: &str, verifier: &str| -> (u16, serde_json::Value) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut r = agent
            .post(&url("/auth/native/token"))
            .header("content-type", "application/json")
            .send(
                serde_json::json!({"code": code, "verifier": verifier, "label": "laptop"})
                    .to_string()
                    .as_bytes(),
            )
            .unwrap();
        let body = r.body_mut().read_to_string().unwrap();
        (r.status().as_u16(), serde_json::from_str(&body).unwrap())
    };

    // Another app's secret: refused, and the code is spent.
    let code = code_for(&challenge_of(verifier));
    let (status, body) = exchange(&code, "another-apps-secret-another-apps-secret-xyz");
    assert_eq!((status, body["kind"].as_str()), (401, Some("unauthorized")));
    assert!(
        body["message"].as_str().unwrap().contains("another app"),
        "{body}"
    );
    let (status, _) = exchange(&code, verifier);
    assert_eq!(status, 401, "a code works once, whatever its first use");

    // The right secret: a token, once.
    let code = code_for(&challenge_of(verifier));
    let (status, body) = exchange(&code, verifier);
    assert_eq!(status, 200, "{body}");
    assert!(body["token"].as_str().unwrap().starts_with("ct_"), "{body}");
    let (status, body) = exchange(&code, verifier);
    assert_eq!(status, 401, "{body}");

    // Only an app's loopback address may receive a code.
    let mut browser = Browser::default();
    for native in [
        "https%3A%2F%2Fevil.example%2Fcb",
        "http%3A%2F%2F127.0.0.1.evil.example%3A80%2F",
    ] {
        let refused = browser.get(&url(&format!(
            "/auth/oidc/start?native={native}&challenge={}",
            challenge_of(verifier)
        )));
        assert_eq!(refused.status, 400, "{}", refused.body);
        assert!(
            refused.body.contains("\"field\":\"native\""),
            "{}",
            refused.body
        );
    }
}
