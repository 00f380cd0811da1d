//! One connection handle over either engine, so each store function is written once.
//!
//! Store functions take a [`Conn`] and run SQL through it. SQL is written once in the dialect
//! both engines share: `?` (or `?N`) parameters, which the PostgreSQL side turns into `$N`;
//! `ON CONFLICT`, `RETURNING`, `string_agg`, `COLLATE NOCASE` (a case-insensitive ICU collation
//! of that name on PostgreSQL). Where the dialects differ, a store function asks
//! [`Conn::engine`] and picks its dialect's statement; the search index, the migrations runner
//! and backups have a file per engine.
//!
//! Values cross the boundary as five SQLite-like kinds ([`Value`]): integers, reals, text,
//! bytes and null. On PostgreSQL, parameters are converted to the column's own type when bound
//! (text to `uuid`, `timestamptz`, `jsonb`; integers to `int2`/`int4`/`int8`/`bool`) and cells
//! back when read, with timestamps written as the app writes them (`2026-11-30T20:05:45.123Z`),
//! so that the domain and every export see the same values on either engine.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;

use postgres::types::{FromSql, IsNull, ToSql, Type};
use postgres::Statement;

use crate::error::Error;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// A file on this computer (rusqlite, bundled SQLite).
    Sqlite,
    /// A server (the `postgres` crate).
    Postgres,
}

/// An owned value, for arguments built at run time (filters) and generic rows (bundles).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A borrowed value: a parameter about to be bound, or a cell just read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl Value {
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(r) => ValueRef::Real(*r),
            Value::Text(s) => ValueRef::Text(s),
            Value::Blob(b) => ValueRef::Blob(b),
        }
    }
}

impl ValueRef<'_> {
    pub fn to_owned(self) -> Value {
        match self {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(r) => Value::Real(r),
            ValueRef::Text(s) => Value::Text(s.to_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

/// Something that can be bound as a parameter.
pub trait ToArg {
    fn to_arg(&self) -> ValueRef<'_>;
}

impl ToArg for Value {
    fn to_arg(&self) -> ValueRef<'_> {
        self.as_ref()
    }
}
impl ToArg for str {
    fn to_arg(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}
impl ToArg for String {
    fn to_arg(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}
impl ToArg for Cow<'_, str> {
    fn to_arg(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}
impl ToArg for [u8] {
    fn to_arg(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}
impl ToArg for Vec<u8> {
    fn to_arg(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}
impl ToArg for bool {
    fn to_arg(&self) -> ValueRef<'_> {
        ValueRef::Integer(i64::from(*self))
    }
}
impl ToArg for f64 {
    fn to_arg(&self) -> ValueRef<'_> {
        ValueRef::Real(*self)
    }
}
macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> ValueRef<'_> {
                ValueRef::Integer(*self as i64)
            }
        }
    )*};
}
int_arg!(i64, i32, i16, u8, u16, u32, usize, u64);
impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> ValueRef<'_> {
        (**self).to_arg()
    }
}
impl<T: ToArg> ToArg for Option<T> {
    fn to_arg(&self) -> ValueRef<'_> {
        match self {
            Some(v) => v.to_arg(),
            None => ValueRef::Null,
        }
    }
}

/// Parameters for [`Conn`]'s calls: `args![a, b]`.
#[macro_export]
macro_rules! args {
    () => { &[] as &[&dyn $crate::store::db::ToArg] };
    ($($a:expr),+ $(,)?) => { &[$(&$a as &dyn $crate::store::db::ToArg),+] as &[&dyn $crate::store::db::ToArg] };
}
pub use crate::args;

/// A cell that could not be read as the type asked for.
#[derive(Debug, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct CellError {
    pub column: usize,
    pub message: String,
}

/// A type a cell can be read as.
pub trait FromCell: Sized {
    fn from_cell(v: ValueRef<'_>) -> Result<Self, String>;
}

fn mismatch(want: &str, v: ValueRef<'_>) -> String {
    let got = match v {
        ValueRef::Null => "null",
        ValueRef::Integer(_) => "an integer",
        ValueRef::Real(_) => "a real",
        ValueRef::Text(_) => "text",
        ValueRef::Blob(_) => "bytes",
    };
    format!("expected {want}, found {got}")
}

impl FromCell for String {
    fn from_cell(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Text(s) => Ok(s.to_owned()),
            _ => Err(mismatch("text", v)),
        }
    }
}
impl FromCell for Vec<u8> {
    fn from_cell(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            ValueRef::Text(s) => Ok(s.as_bytes().to_vec()),
            _ => Err(mismatch("bytes", v)),
        }
    }
}
impl FromCell for f64 {
    fn from_cell(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Real(r) => Ok(r),
            ValueRef::Integer(i) => Ok(i as f64),
            _ => Err(mismatch("a number", v)),
        }
    }
}
impl FromCell for bool {
    fn from_cell(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Integer(i) => Ok(i != 0),
            _ => Err(mismatch("a boolean", v)),
        }
    }
}
impl FromCell for Value {
    fn from_cell(v: ValueRef<'_>) -> Result<Self, String> {
        Ok(v.to_owned())
    }
}
impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_cell(v).map(Some),
        }
    }
}
macro_rules! int_cell {
    ($($t:ty),*) => {$(
        impl FromCell for $t {
            fn from_cell(v: ValueRef<'_>) -> Result<Self, String> {
                match v {
                    ValueRef::Integer(i) => <$t>::try_from(i)
                        .map_err(|_| format!("{i} is out of range for {}", stringify!($t))),
                    _ => Err(mismatch("an integer", v)),
                }
            }
        }
    )*};
}
int_cell!(i64, i32, i16, u8, u16, u32, u64, usize);

/// One row being read.
pub struct Row<'r>(RowInner<'r>);

enum RowInner<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r [Value]),
}

impl<'r> Row<'r> {
    /// Column `i` (from 0) read as `T`.
    pub fn get<T: FromCell>(&self, i: usize) -> Result<T, Error> {
        T::from_cell(self.value(i)?).map_err(|message| cell_error(i, message))
    }

    /// Column `i` as text borrowed from the row (no copy): for reads that stream many rows.
    pub fn str(&self, i: usize) -> Result<&'r str, Error> {
        match self.value(i)? {
            ValueRef::Text(s) => Ok(s),
            v => Err(cell_error(i, mismatch("text", v))),
        }
    }

    /// Column `i` as it came.
    pub fn value(&self, i: usize) -> Result<ValueRef<'r>, Error> {
        match &self.0 {
            RowInner::Sqlite(row) => sqlite_value(row.get_ref(i)?, i),
            RowInner::Postgres(cells) => cells
                .get(i)
                .map(Value::as_ref)
                .ok_or_else(|| cell_error(i, "no such column".to_owned())),
        }
    }
}

fn cell_error(column: usize, message: String) -> Error {
    Error::Cell(CellError { column, message })
}

/// Checked with SIMD: an export of 50,000 reports checks ~100 MB of text, which std's check
/// made a tenth of the export's time.
fn sqlite_value(v: rusqlite::types::ValueRef<'_>, i: usize) -> Result<ValueRef<'_>, Error> {
    use rusqlite::types::ValueRef as V;
    Ok(match v {
        V::Null => ValueRef::Null,
        V::Integer(n) => ValueRef::Integer(n),
        V::Real(r) => ValueRef::Real(r),
        V::Text(bytes) => ValueRef::Text(
            simdutf8::basic::from_utf8(bytes).map_err(|e| cell_error(i, e.to_string()))?,
        ),
        V::Blob(b) => ValueRef::Blob(b),
    })
}

impl rusqlite::ToSql for ValueRef<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef as V};
        Ok(ToSqlOutput::Borrowed(match *self {
            ValueRef::Null => V::Null,
            ValueRef::Integer(i) => V::Integer(i),
            ValueRef::Real(r) => V::Real(r),
            ValueRef::Text(s) => V::Text(s.as_bytes()),
            ValueRef::Blob(b) => V::Blob(b),
        }))
    }
}

/// The prepared statements of one PostgreSQL connection, by the SQL as written.
#[derive(Default)]
pub struct StatementCache(HashMap<String, Statement>);

/// How many distinct statements a connection keeps prepared (filters build their SQL, so the
/// set is open-ended).
const STATEMENT_CACHE: usize = 512;

/// The calls the store makes on a PostgreSQL transaction (object-safe, unlike
/// `postgres::GenericClient`).
pub trait PgClient {
    fn prepare(&mut self, sql: &str) -> Result<Statement, postgres::Error>;
    fn execute(
        &mut self,
        stmt: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, postgres::Error>;
    fn query(
        &mut self,
        stmt: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, postgres::Error>;
    /// Every row as it arrives (not collected), each given to `f`; stops at `f`'s first error.
    fn for_each_row(
        &mut self,
        stmt: &Statement,
        params: &[&(dyn ToSql + Sync)],
        f: &mut dyn FnMut(&postgres::Row) -> Result<(), Error>,
    ) -> Result<(), Error>;
    fn batch_execute(&mut self, sql: &str) -> Result<(), postgres::Error>;
}

impl PgClient for postgres::Transaction<'_> {
    fn prepare(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        postgres::Transaction::prepare(self, sql)
    }
    fn execute(
        &mut self,
        stmt: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, postgres::Error> {
        postgres::Transaction::execute(self, stmt, params)
    }
    fn query(
        &mut self,
        stmt: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, postgres::Error> {
        postgres::Transaction::query(self, stmt, params)
    }
    fn for_each_row(
        &mut self,
        stmt: &Statement,
        params: &[&(dyn ToSql + Sync)],
        f: &mut dyn FnMut(&postgres::Row) -> Result<(), Error>,
    ) -> Result<(), Error> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut rows = postgres::Transaction::query_raw(self, stmt, params.iter().copied())?;
        while let Some(row) = rows.next()? {
            f(&row)?;
        }
        Ok(())
    }
    fn batch_execute(&mut self, sql: &str) -> Result<(), postgres::Error> {
        postgres::Transaction::batch_execute(self, sql)
    }
}

struct PgConn<'c> {
    client: &'c mut (dyn PgClient + 'c),
    cache: &'c mut StatementCache,
}

/// A connection (or a transaction on one) of either engine.
pub struct Conn<'c>(ConnInner<'c>);

enum ConnInner<'c> {
    Sqlite(&'c rusqlite::Connection),
    Postgres(RefCell<PgConn<'c>>),
}

impl<'c> Conn<'c> {
    pub fn sqlite(conn: &'c rusqlite::Connection) -> Conn<'c> {
        Conn(ConnInner::Sqlite(conn))
    }

    pub fn postgres(
        client: &'c mut (dyn PgClient + 'c),
        cache: &'c mut StatementCache,
    ) -> Conn<'c> {
        Conn(ConnInner::Postgres(RefCell::new(PgConn { client, cache })))
    }

    pub fn engine(&self) -> Engine {
        match self.0 {
            ConnInner::Sqlite(_) => Engine::Sqlite,
            ConnInner::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for the SQLite dialect's own modules.
    pub fn as_sqlite(&self) -> Option<&'c rusqlite::Connection> {
        match self.0 {
            ConnInner::Sqlite(c) => Some(c),
            ConnInner::Postgres(_) => None,
        }
    }

    /// Runs a statement; returns how many rows it changed.
    pub fn execute(&self, sql: &str, args: &[&dyn ToArg]) -> Result<usize, Error> {
        match &self.0 {
            ConnInner::Sqlite(c) => Ok(c.prepare_cached(sql)?.execute(sqlite_params(args))?),
            ConnInner::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let stmt = pg.prepare(sql)?;
                let n = pg.client.execute(&stmt, &pg_params(args).refs())?;
                Ok(usize::try_from(n).unwrap_or(usize::MAX))
            }
        }
    }

    /// Runs statements separated by `;`, without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<(), Error> {
        match &self.0 {
            ConnInner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            ConnInner::Postgres(pg) => Ok(pg.borrow_mut().client.batch_execute(sql)?),
        }
    }

    /// Calls `f` on each row, in order, without collecting them (on SQLite the rows stream;
    /// PostgreSQL's are read first, so `f` may run other statements on either engine only
    /// through another connection).
    pub fn for_each(
        &self,
        sql: &str,
        args: &[&dyn ToArg],
        mut f: impl FnMut(&Row<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        match &self.0 {
            ConnInner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(sqlite_params(args))?;
                while let Some(row) = rows.next()? {
                    f(&Row(RowInner::Sqlite(row)))?;
                }
                Ok(())
            }
            ConnInner::Postgres(_) => {
                for cells in self.pg_rows(sql, args)? {
                    f(&Row(RowInner::Postgres(&cells)))?;
                }
                Ok(())
            }
        }
    }

    /// Every row, each read by `f`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        args: &[&dyn ToArg],
        mut f: impl FnMut(&Row<'_>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        self.for_each(sql, args, |row| {
            out.push(f(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Every row, each read by `f`, into any collection (a map of pairs).
    pub fn query_map_into<T, C: FromIterator<T>>(
        &self,
        sql: &str,
        args: &[&dyn ToArg],
        f: impl FnMut(&Row<'_>) -> Result<T, Error>,
    ) -> Result<C, Error> {
        Ok(self.query_map(sql, args, f)?.into_iter().collect())
    }

    /// The first row read by `f`, if there is one.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        args: &[&dyn ToArg],
        f: impl FnOnce(&Row<'_>) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        match &self.0 {
            ConnInner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(sqlite_params(args))?;
                match rows.next()? {
                    Some(row) => f(&Row(RowInner::Sqlite(row))).map(Some),
                    None => Ok(None),
                }
            }
            ConnInner::Postgres(_) => match self.pg_rows(sql, args)?.first() {
                Some(cells) => f(&Row(RowInner::Postgres(cells))).map(Some),
                None => Ok(None),
            },
        }
    }

    /// The first row read by `f`; a statement that returns none is a storage error (use it
    /// for aggregates, which always return one).
    pub fn query_one<T>(
        &self,
        sql: &str,
        args: &[&dyn ToArg],
        f: impl FnOnce(&Row<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.query_opt(sql, args, f)?
            .ok_or(Error::Storage(rusqlite::Error::QueryReturnedNoRows))
    }

    /// Whether the statement returns a row.
    pub fn exists(&self, sql: &str, args: &[&dyn ToArg]) -> Result<bool, Error> {
        Ok(self.query_opt(sql, args, |_| Ok(()))?.is_some())
    }

    /// Like [`Conn::for_each`], but on PostgreSQL the rows are streamed as they arrive instead
    /// of collected first (a large read: the CSV export's single statement). `f` must not use
    /// this `Conn` (the connection is busy with the rows).
    pub fn for_each_streamed(
        &self,
        sql: &str,
        args: &[&dyn ToArg],
        mut f: impl FnMut(&Row<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let ConnInner::Postgres(pg) = &self.0 else {
            return self.for_each(sql, args, f);
        };
        let mut pg = pg.borrow_mut();
        let stmt = pg.prepare(sql)?;
        let params = pg_params(args);
        let mut cells = Vec::new();
        pg.client.for_each_row(&stmt, &params.refs(), &mut |row| {
            cells.clear();
            for i in 0..row.len() {
                cells.push(
                    row.try_get::<_, PgCell>(i)
                        .map(|c| c.0)
                        .map_err(|e| cell_error(i, e.to_string()))?,
                );
            }
            f(&Row(RowInner::Postgres(&cells)))
        })
    }

    fn pg_rows(&self, sql: &str, args: &[&dyn ToArg]) -> Result<Vec<Vec<Value>>, Error> {
        let ConnInner::Postgres(pg) = &self.0 else {
            return Ok(Vec::new());
        };
        let mut pg = pg.borrow_mut();
        let stmt = pg.prepare(sql)?;
        let rows = match pg.client.query(&stmt, &pg_params(args).refs()) {
            Err(e) if is_not_a_uuid(&e) => return Ok(Vec::new()),
            other => other?,
        };
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| {
                        row.try_get::<_, PgCell>(i)
                            .map(|c| c.0)
                            .map_err(|e| cell_error(i, e.to_string()))
                    })
                    .collect()
            })
            .collect()
    }
}

impl PgConn<'_> {
    fn prepare(&mut self, sql: &str) -> Result<Statement, Error> {
        if let Some(stmt) = self.cache.0.get(sql) {
            return Ok(stmt.clone());
        }
        let translated = postgres_sql(sql);
        let stmt = self.client.prepare(&translated).inspect_err(|e| {
            // Test builds: the statement PostgreSQL refused, for whoever reads the log.
            if cfg!(debug_assertions) && std::env::var_os("CT_SQL_ERRORS").is_some() {
                eprintln!(
                    "PostgreSQL refused: {}\n{translated}",
                    e.as_db_error()
                        .map_or(e.to_string(), |d| d.message().to_owned())
                );
            }
        })?;
        if self.cache.0.len() >= STATEMENT_CACHE {
            self.cache.0.clear();
        }
        self.cache.0.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }
}

/// A list of owned values as parameters.
pub fn arg_refs(values: &[Value]) -> Vec<&dyn ToArg> {
    values.iter().map(|v| v as &dyn ToArg).collect()
}

fn sqlite_params<'a>(args: &'a [&'a dyn ToArg]) -> rusqlite::ParamsFromIter<Vec<ValueRef<'a>>> {
    rusqlite::params_from_iter(args.iter().map(|a| a.to_arg()).collect::<Vec<_>>())
}

struct PgParams<'a>(Vec<PgArg<'a>>);

impl<'a> PgParams<'a> {
    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
    }
}

fn pg_params<'a>(args: &'a [&'a dyn ToArg]) -> PgParams<'a> {
    PgParams(args.iter().map(|a| PgArg(a.to_arg())).collect())
}

/// Rewrites `?` and `?N` parameters as PostgreSQL's `$N`, leaving quoted text and comments
/// alone.
pub fn postgres_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 1u32;
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' | '"' => {
                out.push(ch);
                for c in chars.by_ref() {
                    out.push(c);
                    if c == ch {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(ch);
                for c in chars.by_ref() {
                    out.push(c);
                    if c == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                out.push('$');
                if digits.is_empty() {
                    out.push_str(&next.to_string());
                    next += 1;
                } else {
                    out.push_str(&digits);
                    next = digits.parse::<u32>().unwrap_or(next) + 1;
                }
            }
            _ => out.push(ch),
        }
    }
    out
}

/// A parameter bound as whatever type PostgreSQL expects in its place.
#[derive(Debug)]
struct PgArg<'a>(ValueRef<'a>);

type BoxError = Box<dyn StdError + Sync + Send>;

impl ToSql for PgArg<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match self.0 {
            ValueRef::Null => Ok(IsNull::Yes),
            ValueRef::Integer(i) => integer_to_sql(i, ty, out),
            ValueRef::Real(r) => match *ty {
                Type::FLOAT4 => (r as f32).to_sql(ty, out),
                _ => r.to_sql(&Type::FLOAT8, out),
            },
            ValueRef::Text(s) => text_to_sql(s, ty, out),
            ValueRef::Blob(b) => b.to_sql(&Type::BYTEA, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn integer_to_sql(i: i64, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
    match *ty {
        Type::BOOL => (i != 0).to_sql(ty, out),
        Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
        Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
        Type::FLOAT8 => (i as f64).to_sql(ty, out),
        Type::FLOAT4 => (i as f32).to_sql(ty, out),
        Type::TEXT | Type::VARCHAR => i.to_string().as_str().to_sql(&Type::TEXT, out),
        _ => i.to_sql(&Type::INT8, out),
    }
}

fn text_to_sql(s: &str, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
    match *ty {
        Type::UUID => uuid::Uuid::parse_str(s)
            .map_err(|_| NotAUuid)?
            .to_sql(ty, out),
        Type::TIMESTAMPTZ => parse_timestamp(s)?.to_sql(ty, out),
        Type::DATE => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")?.to_sql(ty, out),
        Type::JSONB => {
            out.extend_from_slice(&[1]);
            out.extend_from_slice(s.as_bytes());
            Ok(IsNull::No)
        }
        Type::INT8 => s.trim().parse::<i64>()?.to_sql(ty, out),
        Type::INT4 => s.trim().parse::<i32>()?.to_sql(ty, out),
        Type::INT2 => s.trim().parse::<i16>()?.to_sql(ty, out),
        _ => {
            out.extend_from_slice(s.as_bytes());
            Ok(IsNull::No)
        }
    }
}

/// A parameter bound to a `uuid` is not one: a read finds nothing by it (as SQLite's text
/// comparison would), a write is refused.
#[derive(Debug, thiserror::Error)]
#[error("not a UUID")]
struct NotAUuid;

fn is_not_a_uuid(e: &postgres::Error) -> bool {
    StdError::source(e).is_some_and(|s| s.is::<NotAUuid>())
}

/// The app's timestamps are RFC 3339 in UTC; older rows may lack the fraction or the zone.
fn parse_timestamp(s: &str) -> Result<chrono::DateTime<chrono::Utc>, BoxError> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, format) {
            return Ok(t.and_utc());
        }
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, format) {
            return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
        }
    }
    Err(format!("{s:?} is not a timestamp").into())
}

/// How the app writes a timestamp: RFC 3339, UTC, milliseconds.
pub fn format_timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A PostgreSQL cell of any type, as one of the five kinds.
struct PgCell(Value);

impl<'a> FromSql<'a> for PgCell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(PgCell(match *ty {
            Type::BOOL => Value::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::UUID => Value::Text(uuid::Uuid::from_sql(ty, raw)?.to_string()),
            Type::TIMESTAMPTZ => Value::Text(format_timestamp(
                chrono::DateTime::<chrono::Utc>::from_sql(ty, raw)?,
            )),
            Type::TIMESTAMP => Value::Text(format_timestamp(
                chrono::NaiveDateTime::from_sql(ty, raw)?.and_utc(),
            )),
            Type::DATE => Value::Text(
                chrono::NaiveDate::from_sql(ty, raw)?
                    .format("%Y-%m-%d")
                    .to_string(),
            ),
            Type::JSONB => {
                Value::Text(std::str::from_utf8(raw.get(1..).unwrap_or(&[]))?.to_owned())
            }
            Type::BYTEA => Value::Blob(raw.to_vec()),
            _ => Value::Text(std::str::from_utf8(raw)?.to_owned()),
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(PgCell(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// NUMERIC's binary form (what `sum` of a `bigint` returns): an integer when it has no
/// fraction, else a real.
fn numeric(raw: &[u8]) -> Result<Value, BoxError> {
    let word = |i: usize| -> Result<i16, BoxError> {
        let b = raw.get(i * 2..i * 2 + 2).ok_or("short numeric")?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    };
    let (ndigits, weight, sign, scale) = (word(0)?, word(1)?, word(2)? as u16, word(3)?);
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut value = 0f64;
    for d in 0..ndigits.max(0) as usize {
        let digit = f64::from(word(4 + d)?);
        value += digit * 10_000f64.powi(i32::from(weight) - d as i32);
    }
    if sign == 0x4000 {
        value = -value;
    }
    if scale == 0 && value.abs() < 9.0e15 {
        Ok(Value::Integer(value as i64))
    } else {
        Ok(Value::Real(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_become_numbered_outside_quotes() {
        assert_eq!(
            postgres_sql("SELECT '?', a FROM t WHERE b = ? AND c = ? -- ?\n AND d = ?"),
            "SELECT '?', a FROM t WHERE b = $1 AND c = $2 -- ?\n AND d = $3"
        );
        assert_eq!(
            postgres_sql("UPDATE t SET a = ?2 WHERE id = ?1 AND v = ?2"),
            "UPDATE t SET a = $2 WHERE id = $1 AND v = $2"
        );
    }

    #[test]
    fn timestamps_keep_the_apps_form() {
        let t = parse_timestamp("2026-11-30T20:05:45.123Z").unwrap();
        assert_eq!(format_timestamp(t), "2026-11-30T20:05:45.123Z");
        let t = parse_timestamp("2026-11-30 20:05:45").unwrap();
        assert_eq!(format_timestamp(t), "2026-11-30T20:05:45.000Z");
    }
}
