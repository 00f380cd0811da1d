//! The two engines' migration series make the same schema: tables, columns (type family,
//! nullability), primary keys, foreign keys with their delete rule, and index names.

use commitment_tracker::store::schema;
use commitment_tracker::{App, OpenOptions};

#[test]
fn both_engines_make_the_same_tables_columns_and_indexes() {
    let Some(_) = crate::support::postgres_cluster() else {
        eprintln!("skipped without a PostgreSQL cluster (CT_TEST_PG)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let no_seed = || OpenOptions {
        seed: false,
        daily_backup: false,
        ..Default::default()
    };
    let lite = App::open(dir.path().join("s.sqlite3"), no_seed()).unwrap();
    let pg = App::open(crate::support::fresh_db(dir.path(), "s"), no_seed()).unwrap();
    let read = |app: &App| {
        app.store()
            .read(|c| Ok((schema::columns(c)?, schema::indexes(c)?)))
            .unwrap()
    };
    let (lite_columns, lite_indexes) = read(&lite);
    let (pg_columns, pg_indexes) = read(&pg);
    assert!(lite_columns.len() > 80, "{}", lite_columns.len());
    let only = |a: &[schema::ColumnShape], b: &[schema::ColumnShape]| -> Vec<String> {
        a.iter()
            .filter(|c| !b.contains(c))
            .map(|c| format!("{}.{} {} null={}", c.table, c.column, c.family, c.nullable))
            .collect()
    };
    assert_eq!(
        (
            only(&lite_columns, &pg_columns),
            only(&pg_columns, &lite_columns)
        ),
        (vec![], vec![]),
        "columns only in SQLite's schema, then only in PostgreSQL's"
    );
    assert_eq!(lite_indexes, pg_indexes);
    let keys = |app: &App| {
        app.store()
            .read(|c| Ok((schema::primary_keys(c)?, schema::foreign_keys(c)?)))
            .unwrap()
    };
    let (lite_pks, lite_fks) = keys(&lite);
    let (pg_pks, pg_fks) = keys(&pg);
    assert!(lite_fks.len() >= 10, "{lite_fks:?}");
    assert_eq!(lite_pks, pg_pks, "primary keys");
    assert_eq!(lite_fks, pg_fks, "foreign keys");
}
