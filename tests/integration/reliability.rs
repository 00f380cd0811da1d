//! Crash safety, migrations killed half-way, backups and restores, concurrent writers and
//! storage failures: what must hold for years of institutional memory.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use commitment_tracker::domain::{Actor, ReportInput};
use commitment_tracker::services::{backups, commitments, reports};
use commitment_tracker::store::{filesystem, migrations};
use commitment_tracker::{App, ErrorKind, OpenOptions};
use rusqlite::Connection;

use crate::support::TestDb;

fn options() -> OpenOptions {
    OpenOptions {
        daily_backup: false,
        ..Default::default()
    }
}

fn text(n: u64) -> ReportInput {
    ReportInput {
        status: "In progress".into(),
        achievements: format!("Write number {n}: trained enumerators; déplacement suivi."),
        challenges: String::new(),
        next_steps: String::new(),
        evidence: vec![],
        progress: Some((n % 100) as u8),
        tags: vec![],
    }
}

/// A tiny deterministic generator (the test prints its seed to reproduce a run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// Not a test on its own: the child process of `killed_writers_lose_nothing_committed`. It
/// writes reports in a loop and prints each one after its commit returned.
#[test]
#[ignore = "run by killed_writers_lose_nothing_committed as a child process"]
fn crash_child_writer() {
    let Ok(db) = std::env::var("CT_CRASH_DB") else {
        return;
    };
    let seed: u64 = std::env::var("CT_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let app = App::open(Path::new(&db), options()).unwrap();
    let s = app.store();
    let ids: Vec<String> = commitments::list(s, &Default::default())
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let actor = Actor::new("Crash Writer");
    let mut rng = Lcg(seed);
    println!("ready");
    for n in 0.. {
        let c = &ids[(rng.next() % ids.len() as u64) as usize];
        let year = 2016 + (rng.next() % 10) as i32;
        let saved = match reports::find(s, c, year).unwrap() {
            Some(r) => reports::update(s, &actor, "crash", &r.id, r.version, &text(n)).unwrap(),
            None => reports::create(s, &actor, "crash", c, year, &text(n)).unwrap(),
        };
        println!("committed {} {}", saved.id, saved.revision);
    }
}

fn check_health(db: &Path) -> Vec<(String, i64)> {
    if let Some(url) = db.to_str().filter(|d| d.starts_with("postgresql://")) {
        // The server checks references itself; what matters is what it holds.
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        return c
            .query("SELECT id::text, revision FROM reports", &[])
            .unwrap()
            .iter()
            .map(|r| (r.get(0), i64::from(r.get::<_, i32>(1))))
            .collect();
    }
    let conn = Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "foreign key problems");
    let mut stmt = conn.prepare("SELECT id, revision FROM reports").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn killed_writers_lose_nothing_committed() {
    let kills: u64 = std::env::var("CT_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "crash");
    drop(App::open(&db, options()).unwrap());
    let mut rng = Lcg(0x5eed);
    let (mut committed_total, mut mid_write_kills) = (0u64, 0u64);
    for round in 0..kills {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "reliability::crash_child_writer",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
                "-q",
            ])
            .env("CT_CRASH_DB", &db)
            .env("CT_CRASH_SEED", (round + 1).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (ready_tx, ready) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .inspect(|l| {
                    if l == "ready" {
                        let _ = ready_tx.send(());
                    }
                })
                .filter_map(|l| {
                    let mut parts = l.strip_prefix("committed ")?.split(' ');
                    Some((parts.next()?.to_owned(), parts.next()?.parse::<i64>().ok()?))
                })
                .collect::<Vec<_>>()
        });
        // The kill lands at a random point once the child has opened the database (a
        // PostgreSQL client takes longer to connect than a file to open).
        let _ = ready.recv_timeout(Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(20 + rng.next() % 100));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let printed = reader.join().unwrap();
        if !printed.is_empty() {
            mid_write_kills += 1;
        }
        committed_total += printed.len() as u64;
        let present = check_health(&db);
        for (id, revision) in &printed {
            let found = present.iter().find(|(p, _)| p == id);
            assert!(
                found.is_some_and(|(_, r)| r >= revision),
                "round {round}: report {id} revision {revision} was printed as committed but is missing"
            );
        }
    }
    println!("crash loop: {kills} kills ({mid_write_kills} while writing), {committed_total} committed writes checked");
    assert!(
        mid_write_kills > kills / 2,
        "most kills must land while the child writes"
    );
    // The file still opens and works.
    let app = App::open(&db, options()).unwrap();
    let first = &commitments::list(app.store(), &Default::default()).unwrap()[0].id;
    assert!(reports::list_for_commitment(app.store(), first).is_ok());
}

#[test]
fn a_kill_during_a_migration_leaves_the_old_schema_then_the_next_start_migrates() {
    if crate::support::skip_on_postgres(
        "a kill during a migration leaves the old schema then the next start migrates",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite3");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ct"))
        .args(["--db"])
        .arg(&db)
        .args(["commitments", "list"])
        .env("CT_FAILPOINT_MIGRATION", "3:5000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until migrations 1 and 2 are committed and 3 is under way.
    let conn = Connection::open(&db).unwrap();
    let mut waited = 0;
    loop {
        std::thread::sleep(Duration::from_millis(50));
        waited += 50;
        let v: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap_or(0);
        if v == 2 || waited > 10_000 {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(conn);
    let conn = Connection::open(&db).unwrap();
    let v: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 2, "the killed migration left no version bump");
    let reports_table: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'reports'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        reports_table, 0,
        "and none of its tables: the old schema, not a mix"
    );
    drop(conn);
    let app = App::open(&db, options()).unwrap();
    assert_eq!(app.open_report().to_version, migrations::latest_version());
    assert!(
        app.open_report().pre_migration_backup.is_some(),
        "a copy was taken before migrating"
    );
    assert_eq!(
        commitments::list(app.store(), &Default::default())
            .unwrap()
            .len(),
        19,
        "seeded once the schema is complete"
    );
}

#[test]
fn backups_are_taken_daily_rotated_and_restored_after_checks() {
    if crate::support::skip_on_postgres("backups are taken daily rotated and restored after checks")
    {
        return;
    }
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitments::find_by_commitment_id(s, None, "200009").unwrap();
    reports::create(s, &db.actor, "fp", &c.id, 2019, &text(1)).unwrap();
    let manual = backups::create(s, "manual").unwrap();
    assert_eq!(manual.reason, "manual");

    // Later work, then a mistake: restore the copy.
    let r = reports::find(s, &c.id, 2019).unwrap().unwrap();
    reports::update(s, &db.actor, "fp", &r.id, r.version, &text(2)).unwrap();
    let out = backups::restore(s, Path::new(&manual.path)).unwrap();
    assert_eq!(
        reports::find(s, &c.id, 2019)
            .unwrap()
            .unwrap()
            .content
            .achievements,
        text(1).achievements
    );
    // What was replaced is kept, and can itself be restored.
    assert!(Path::new(&out.replaced_kept_at).exists());
    backups::restore(s, Path::new(&out.replaced_kept_at)).unwrap();
    assert_eq!(
        reports::find(s, &c.id, 2019)
            .unwrap()
            .unwrap()
            .content
            .achievements,
        text(2).achievements
    );

    // A file that is not ours, or damaged, is refused before anything is replaced.
    let before = reports::find(s, &c.id, 2019).unwrap().unwrap();
    let junk = db.dir.path().join("junk.sqlite3");
    std::fs::write(&junk, vec![7u8; 8192]).unwrap();
    assert_eq!(
        backups::restore(s, &junk).unwrap_err().kind(),
        ErrorKind::NotOurDatabase
    );
    let damaged = db.dir.path().join("damaged.sqlite3");
    let mut bytes = std::fs::read(&manual.path).unwrap();
    for b in bytes.iter_mut().skip(4096).take(4096 * 3) {
        *b = 0xA5;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let e = backups::restore(s, &damaged).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::NotOurDatabase | ErrorKind::Storage),
        "{e}"
    );
    assert_eq!(
        reports::find(s, &c.id, 2019).unwrap().unwrap(),
        before,
        "nothing replaced"
    );
    let n = backups::list(s).unwrap().len();

    // Daily copies: the first start took one; a start on the same day takes no other.
    assert!(backups::list(s)
        .unwrap()
        .iter()
        .any(|b| b.reason == "daily"));
    let path = db.path();
    drop(db.app);
    let app = App::open(
        &path,
        OpenOptions {
            keep_backups: 2,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(app.wait_for_daily_backup().unwrap(), None);
    assert_eq!(
        backups::list(app.store()).unwrap().len(),
        n,
        "not twice a day"
    );
    // Rotation keeps the newest automatic copies; manual ones are kept.
    for _ in 0..3 {
        backups::create(app.store(), "daily").unwrap();
    }
    assert_eq!(backups::rotate(app.store(), 2).unwrap(), 2);
    assert!(backups::list(app.store())
        .unwrap()
        .iter()
        .any(|b| b.reason == "manual"));
}

#[test]
fn eight_concurrent_writers_get_no_busy_errors_and_the_exact_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "c");
    drop(App::open(&db, options()).unwrap());
    let handles: Vec<_> = (0..8)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                // Each writer has its own connection, as a second app instance would.
                let app = App::open(&db, options()).unwrap();
                let s = app.store();
                let ids: Vec<String> = commitments::list(s, &Default::default())
                    .unwrap()
                    .into_iter()
                    .map(|c| c.id)
                    .collect();
                let actor = Actor::new(format!("Writer {w}"));
                let mut errors = Vec::new();
                for i in 0..25u64 {
                    let slot = w * 25 + i as usize;
                    let (c, year) = (&ids[slot % ids.len()], 2016 + (slot / ids.len()) as i32);
                    match reports::create(s, &actor, "w", c, year, &text(i)) {
                        Ok(r) => {
                            if let Err(e) =
                                reports::update(s, &actor, "w", &r.id, r.version, &text(i + 1000))
                            {
                                errors.push(e.to_string());
                            }
                        }
                        Err(e) => errors.push(e.to_string()),
                    }
                }
                errors
            })
        })
        .collect();
    let errors: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let app = App::open(&db, options()).unwrap();
    let (reports, revisions): (i64, i64) = app
        .store()
        .read(|conn| {
            conn.query_one(
                "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM report_revisions)",
                commitment_tracker::args![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
        .unwrap();
    assert_eq!((reports, revisions), (200, 400));
}

#[test]
fn a_full_disk_or_a_read_only_file_refuses_the_save_clearly() {
    if crate::support::skip_on_postgres("a full disk or a read only file refuses the save clearly")
    {
        return;
    }
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitments::find_by_commitment_id(s, None, "200001").unwrap();
    // A database that cannot grow behaves as a full disk does.
    s.exclusive(|conn| {
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    })
    .unwrap();
    let big = ReportInput {
        achievements: "x".repeat(40_000),
        ..text(1)
    };
    let e = reports::create(s, &db.actor, "fp", &c.id, 2019, &big).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Storage);
    assert!(e.to_string().starts_with("the disk is full"), "{e}");
    assert!(
        reports::find(s, &c.id, 2019).unwrap().is_none(),
        "nothing half-written"
    );

    s.exclusive(|conn| Ok(conn.pragma_update(None, "query_only", true)?))
        .unwrap();
    let e = reports::create(s, &db.actor, "fp", &c.id, 2019, &text(2)).unwrap_err();
    assert!(
        e.to_string().starts_with("the database file is read-only"),
        "{e}"
    );
}

#[test]
fn network_file_systems_are_recognised() {
    if crate::support::skip_on_postgres("network file systems are recognised") {
        return;
    }
    assert_eq!(filesystem::kind_of(0x6969), Some("NFS"));
    assert_eq!(filesystem::kind_of(0xFF53_4D42u32 as i64), Some("CIFS"));
    assert_eq!(filesystem::kind_of(0x6573_5546), Some("FUSE (e.g. sshfs)"));
    assert_eq!(filesystem::kind_of(0xEF53), None, "ext4 is local");
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        filesystem::network_filesystem(&dir.path().join("x.sqlite3")),
        None
    );
    let db = TestDb::seeded();
    assert!(db.app.store().warning().is_none());
}

#[test]
fn the_daily_backup_is_taken_beside_the_open_app_and_an_unfinished_copy_is_never_listed() {
    if crate::support::skip_on_postgres(
        "the daily backup is taken beside the open app and an unfinished copy is never listed",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    drop(App::open(&db, options()).unwrap());
    let backups_dir = dir.path().join("backups");
    std::fs::create_dir_all(&backups_dir).unwrap();
    // Left by an app that closed while copying: one old, one recent.
    let old = backups_dir.join("d-20260101T000000.000Z-daily.sqlite3.partial");
    let recent = backups_dir.join("d-20260102T000000.000Z-daily.sqlite3.partial");
    for p in [&old, &recent] {
        std::fs::write(p, b"half a copy").unwrap();
    }
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        .unwrap();

    let app = App::open(
        &db,
        OpenOptions {
            seed: true,
            ..Default::default()
        },
    )
    .unwrap();
    // The app works while the copy is taken (its own connection stays free).
    let before = commitments::list(app.store(), &Default::default()).unwrap();
    assert_eq!(before.len(), 19);
    let made = app
        .wait_for_daily_backup()
        .unwrap()
        .expect("a daily copy was due");
    assert_eq!(made.reason, "daily");
    let listed = backups::list(app.store()).unwrap();
    assert!(listed.iter().any(|b| b.path == made.path));
    assert!(
        listed.iter().all(|b| !b.file_name.ends_with(".partial")),
        "unfinished copies are never offered: {listed:?}"
    );
    assert!(
        !old.exists(),
        "an unfinished copy over an hour old is removed"
    );
    assert!(recent.exists(), "a recent one may still be being written");
    // The copy is a whole database with the catalogue in it.
    let copy = rusqlite::Connection::open(&made.path).unwrap();
    let n: i64 = copy
        .query_row("SELECT count(*) FROM commitments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 19);
}

/// A cluster of this test's own (`scripts/pg-cluster.sh`), so stopping it disturbs no other.
fn own_cluster(dir: &Path, command: &str) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-cluster.sh");
    // The cluster runs with synchronous_commit=off, which loses the last acknowledged commits
    // in a crash: the app's own write transactions must turn it on (this test failed before).
    let out = Command::new("bash")
        .env("PG_SYNCHRONOUS_COMMIT", "off")
        .arg(script)
        .arg(command)
        .arg(dir.join("cluster"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn a_postgresql_server_stopped_mid_write_keeps_every_acknowledged_save() {
    if crate::support::postgres_cluster().is_none() {
        eprintln!("skipped without a PostgreSQL cluster (CT_TEST_PG)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The cluster runs as the postgres user when the tests run as root.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let base = own_cluster(dir.path(), "start");
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).unwrap();
    admin.batch_execute("CREATE DATABASE crash").unwrap();
    drop(admin);
    let url = base.replacen("/postgres?", "/crash?", 1);
    let app = std::sync::Arc::new(App::open(url.as_str(), options()).unwrap());
    let ids: Vec<String> = commitments::list(app.store(), &Default::default())
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let writer = {
        let (app, acknowledged, ids) = (app.clone(), acknowledged.clone(), ids.clone());
        std::thread::spawn(move || {
            let actor = Actor::new("Writer");
            for i in 0..10_000u64 {
                let (c, year) = (
                    &ids[i as usize % ids.len()],
                    2016 + (i as usize / ids.len()) as i32,
                );
                match reports::create(app.store(), &actor, "w", c, year, &text(i)) {
                    Ok(_) => acknowledged.lock().unwrap().push((c.clone(), year, i)),
                    Err(_) => return,
                }
            }
        })
    };
    // Let some saves land, then stop the server as a crash would (no checkpoint).
    while acknowledged.lock().unwrap().len() < 20 {
        std::thread::sleep(Duration::from_millis(20));
    }
    own_cluster(dir.path(), "stop");
    writer.join().unwrap();
    let saved = acknowledged.lock().unwrap().clone();
    own_cluster(dir.path(), "restart");
    // The same app's pooled connections died with the server (they are not pinged on
    // check-out): its next read and write start on a fresh connection, without an error.
    assert_eq!(
        commitments::list(app.store(), &Default::default())
            .unwrap()
            .len(),
        ids.len()
    );
    let again_actor = Actor::new("After restart");
    reports::create(app.store(), &again_actor, "w", &ids[0], 2027, &text(0)).unwrap();
    drop(app);
    let again = App::open(url.as_str(), options()).unwrap();
    for (c, year, i) in &saved {
        let r = reports::find(again.store(), c, *year)
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged save {i} is missing"));
        assert_eq!(r.content.achievements, text(*i).achievements);
    }
    eprintln!(
        "{} acknowledged saves, every one present after the restart",
        saved.len()
    );
    drop(again);
    own_cluster(dir.path(), "stop");
}
