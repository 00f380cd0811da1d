//! Report history import at scale: 10,000 rows of an organisation's CSV imported through
//! `services::report_import::apply` (mapping, cleaning, checks, revisions and audit entries,
//! one transaction), printed beside its floor: the same reports, revisions and audit entries
//! written by a plain prepared-statement loop in one transaction.
//!
//!   cargo bench --bench import

use std::time::Instant;

use commitment_tracker::domain::{Actor, CategoryLink, CommitmentInput};
use commitment_tracker::services::access::WriteScope;
use commitment_tracker::services::commitments;
use commitment_tracker::services::report_import::{self, ReportImportOptions};
use commitment_tracker::{App, OpenOptions};

const ROWS: usize = 10_000;
const YEAR: i32 = 2023;

fn id(i: usize) -> String {
    format!("B{i:06}")
}

fn narrative(i: usize, what: &str) -> String {
    format!(
        "{what} {i}: trained field staff in three regions, published the protection data and \
         reviewed the referral pathways with partners. Coverage rose from 40% to 65% of sites."
    )
}

/// A seeded database with ROWS more commitments (B000000…).
fn database(dir: &std::path::Path, name: &str) -> App {
    let actor = Actor::new("Bench");
    let app = App::open(
        dir.join(name),
        OpenOptions {
            seed: true,
            actor: actor.clone(),
            account: "bench".to_owned(),
            daily_backup: false,
            ..Default::default()
        },
    )
    .expect("open");
    app.store()
        .write(|tx| {
            for i in 0..ROWS {
                commitments::create_tx(
                    tx,
                    &actor,
                    &CommitmentInput {
                        organisation: None,
                        framework: None,
                        commitment_id: id(i),
                        title: String::new(),
                        kind: "Policy".to_owned(),
                        description: format!("IOM commits to measure {i}."),
                        categories: vec![CategoryLink::stated("3"), CategoryLink::stated("3A")],
                        tags: Vec::new(),
                    },
                )?;
            }
            Ok(())
        })
        .expect("commitments");
    app
}

fn csv() -> String {
    let mut out = String::from(
        "Commitment ID;Année;Statut;Réalisations;Difficultés;Prochaines étapes;Tags\n",
    );
    let statuses = [
        "En cours",
        "Terminé",
        "Non commencé",
        "Substantial progress",
    ];
    for i in 0..ROWS {
        out.push_str(&format!(
            "{};{YEAR};{};\"{}\";\"{}\";\"{}\";\"DTM, GBV\"\n",
            id(i),
            statuses[i % statuses.len()],
            narrative(i, "Achievements"),
            narrative(i, "Challenges"),
            narrative(i, "Next steps"),
        ));
    }
    out
}

/// The floor: the rows a successful import writes (report, revision, audit entry), by a
/// plain prepared-statement loop in one transaction.
fn floor(app: &App) -> f64 {
    let started = Instant::now();
    app.store()
        .write(|conn| {
            let tx = conn.as_sqlite().expect("the floor is measured on SQLite");
            // Commitments by public ID in one scan, as the import finds them.
            let ids: std::collections::HashMap<String, String> = tx
                .prepare("SELECT public_id, id FROM commitments")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut report = tx.prepare(
                "INSERT INTO reports (id, commitment_id, year, status, achievements, challenges, next_steps,
                                      evidence, tags, progress, review_state, author, created_at, updated_at,
                                      updated_by, revision, version)
                 VALUES (?1, ?2, ?3, 'InProgress', ?4, ?5, ?6, '[]', '[\"DTM\",\"GBV\"]', NULL, 'Draft', 'Bench',
                         ?7, ?7, 'Bench', 1, 1)",
            )?;
            let mut revision = tx.prepare(
                "INSERT INTO report_revisions (id, report_id, revision, content, actor, action, source, created_at)
                 VALUES (?1, ?2, 1, ?3, 'Bench', 'import', 'bench.csv', ?4)",
            )?;
            let mut audit = tx.prepare(
                "INSERT INTO audit_log (id, at, actor, entity_type, entity_id, commitment_id, action, after, source)
                 VALUES (?1, ?2, 'Bench', 'report', ?3, ?4, 'import', ?5, 'bench.csv')",
            )?;
            let now = "2026-11-30T00:00:00Z";
            for i in 0..ROWS {
                let commitment = &ids[&id(i)];
                let rid = uuid::Uuid::now_v7().to_string();
                let (a, c, n) = (
                    narrative(i, "Achievements"),
                    narrative(i, "Challenges"),
                    narrative(i, "Next steps"),
                );
                report.execute(rusqlite::params![rid, commitment, YEAR, a, c, n, now])?;
                let content = serde_json::json!({
                    "status": "InProgress", "achievements": a, "challenges": c, "nextSteps": n,
                    "evidence": [], "progress": null, "tags": ["DTM", "GBV"]
                })
                .to_string();
                revision.execute(rusqlite::params![
                    uuid::Uuid::now_v7().to_string(),
                    rid,
                    content,
                    now
                ])?;
                audit.execute(rusqlite::params![
                    uuid::Uuid::now_v7().to_string(),
                    now,
                    rid,
                    commitment,
                    content
                ])?;
            }
            Ok(())
        })
        .expect("floor");
    started.elapsed().as_secs_f64()
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = csv();
    println!(
        "report import: {ROWS} rows, {:.1} MB of CSV",
        file.len() as f64 / 1e6
    );

    let app = database(dir.path(), "import.sqlite3");
    let options = ReportImportOptions::default();
    let started = Instant::now();
    let preview = report_import::preview(
        app.store(),
        "bench.csv",
        file.as_bytes(),
        &options,
        &WriteScope::All,
    )
    .expect("preview");
    let preview_s = started.elapsed().as_secs_f64();
    assert_eq!(preview.added as usize, ROWS, "{:?}", preview.rows.first());
    let actor = Actor::new("Bench");
    let started = Instant::now();
    let done = report_import::apply(
        app.store(),
        &actor,
        "bench",
        "bench.csv",
        file.as_bytes(),
        &options,
        &WriteScope::All,
    )
    .expect("apply");
    let apply_s = started.elapsed().as_secs_f64();
    assert_eq!(done.added as usize, ROWS);

    let plain = database(dir.path(), "floor.sqlite3");
    let floor_s = floor(&plain);

    println!("  preview (reads only)        {preview_s:>7.3} s");
    println!("  import (apply, one tx)      {apply_s:>7.3} s   target <= 2 s");
    println!(
        "  floor (prepared-stmt loop)  {floor_s:>7.3} s   import/floor = {:.1}x",
        apply_s / floor_s
    );
}
