//! The connection's statement cache: a statement is compiled once and reused, not compiled again
//! on every use (which cost a quarter of a catalogue import's time).

use std::ffi::CStr;

use commitment_tracker::domain::CommitmentFilter;
use commitment_tracker::services::commitments;

use crate::support::{input, TestDb};

/// Each statement the connection holds: its SQL, runs and re-compilations.
fn statements(db: &TestDb) -> Vec<(String, i32, i32)> {
    db.app
        .store()
        .read(|conn| {
            let mut found = Vec::new();
            // SAFETY: the handle is used only while `conn` is borrowed, on this thread, and
            // sqlite3_next_stmt/stmt_status/sql only read the connection's statement list.
            unsafe {
                use rusqlite::ffi;
                let Some(sqlite) = conn.as_sqlite() else {
                    return Ok(found);
                };
                let handle = sqlite.handle();
                let mut s = ffi::sqlite3_next_stmt(handle, std::ptr::null_mut());
                while !s.is_null() {
                    let sql = CStr::from_ptr(ffi::sqlite3_sql(s)).to_string_lossy();
                    found.push((
                        sql.split_whitespace().collect::<Vec<_>>().join(" "),
                        ffi::sqlite3_stmt_status(s, ffi::SQLITE_STMTSTATUS_RUN, 0),
                        ffi::sqlite3_stmt_status(s, ffi::SQLITE_STMTSTATUS_REPREPARE, 0),
                    ));
                    s = ffi::sqlite3_next_stmt(handle, s);
                }
            }
            Ok(found)
        })
        .expect("statements")
}

#[test]
fn cached_statements_with_joins_and_parameters_are_compiled_once() {
    if crate::support::skip_on_postgres(
        "cached statements with joins and parameters are compiled once",
    ) {
        return;
    }
    let db = TestDb::seeded();
    let store = db.app.store();
    let all = commitments::list(store, &CommitmentFilter::default()).expect("list");
    for c in all.iter().chain(&all) {
        commitments::get(store, &c.id).expect("get");
    }
    for n in 0..5 {
        commitments::create(store, &db.actor, &input(&format!("90000{n}"))).expect("create");
    }
    let used = statements(&db);
    let get = used
        .iter()
        .find(|(sql, _, _)| {
            sql.contains("c.retired_at, c.created_at") && sql.contains("WHERE c.id = ?1")
        })
        .expect("the statement that reads one commitment is cached");
    assert!(get.1 >= 2 * all.len() as i32, "{get:?}");
    assert_eq!(get.2, 0, "{get:?}");
    // (SQLite's full-text index compiles one of its own statements again once, after the
    // first write changes its structure: not per use.)
    let recompiled: Vec<_> = used.iter().filter(|(_, _, again)| *again > 1).collect();
    assert!(recompiled.is_empty(), "compiled again: {recompiled:#?}");
}
