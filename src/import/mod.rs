//! Imports: the catalogue from CSV, XLSX or JSON (with a row-by-row preview, applied all or
//! nothing), report history from organisations' own spreadsheets (read through a column
//! mapping, `mapping`), and report bundles (see `export::bundle`).

pub mod catalogue;
pub mod catalogue_file;
pub mod framework_file;
pub mod mapping;
pub mod reports;
pub mod table;
pub mod text;
pub mod values;

/// The largest catalogue file read.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
