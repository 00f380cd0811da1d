//! Framework files, format only: JSON in the shape of [`FrameworkInput`], or a table (CSV or
//! XLSX) with one category a row. The table's columns, matched as headers are (case, accents
//! and spacing aside), are `Framework code`, `Framework name`, `Level`, `Code`, `Name`,
//! `Parent` and `Reference text`: the framework's code and name come from the first row that
//! gives them, and its levels are the `Level` values in the order they first appear (a
//! category's level must be one below its parent's). Types and the minimum of categories are
//! set in the app afterwards (or given in JSON).

use super::mapping::header_key;
use super::table::{read_table, TableOptions};
use crate::domain::{CategoryInput, FrameworkInput};
use crate::error::Error;

/// The template for the table form.
pub const TEMPLATE_CSV: &str =
    "Framework code,Framework name,Level,Code,Name,Parent,Reference text\n\
GB,Grand Bargain,Workstream,1,Greater transparency,,\n\
GB,Grand Bargain,Workstream,2,More support and funding tools for local and national responders,,\n\
GB,Grand Bargain,Workstream,3,Increase the use and coordination of cash-based programming,,\n";

fn bad(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadRequest {
        message: format!("{name}: {message}"),
        field: Some("file".to_owned()),
    }
}

/// A framework file as read.
#[derive(Debug, Clone)]
pub struct FrameworkFile {
    pub input: FrameworkInput,
    /// The table form: each category's row, code and the level (1-based) its `Level` cell
    /// names, to check against the level its parent gives it.
    pub declared_levels: Vec<(u32, String, u8)>,
}

impl FrameworkFile {
    /// Refuses a category whose `Level` cell disagrees with the level its parent gives it in
    /// `framework` (the file's input, validated).
    pub fn check_levels(
        &self,
        name: &str,
        framework: &crate::domain::Framework,
    ) -> Result<(), Error> {
        for (row, code, declared) in &self.declared_levels {
            if let Some(c) = framework.category(code).filter(|c| c.level != *declared) {
                return Err(bad(
                    name,
                    format!(
                        "row {row}, column Level: category {code} is at the level {} by its parent, not {}",
                        framework.level_name(c.level),
                        framework.level_name(*declared)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Reads a framework file by its extension (`.json`, else a table).
pub fn parse(name: &str, bytes: &[u8]) -> Result<FrameworkFile, Error> {
    if name.to_lowercase().ends_with(".json") {
        let text = super::text::decode(bytes).text;
        let input = serde_json::from_str(&text).map_err(|e| {
            bad(
                name,
                format!(
                    "not a framework file (line {}, column {}: {e}); see the template",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        return Ok(FrameworkFile {
            input,
            declared_levels: Vec::new(),
        });
    }
    let table = read_table(name, bytes, &TableOptions::default())?;
    let column = |wanted: &str| {
        table
            .header
            .iter()
            .position(|h| header_key(h) == header_key(wanted))
    };
    let need = |wanted: &str| {
        column(wanted).ok_or_else(|| {
            bad(
                name,
                format!(
                    "the column {wanted:?} is missing (the columns are: {})",
                    table.header.join(", ")
                ),
            )
        })
    };
    let (level, code, cat_name) = (need("Level")?, need("Code")?, need("Name")?);
    let (fw_code, fw_name) = (need("Framework code")?, need("Framework name")?);
    let (parent, reference) = (column("Parent"), column("Reference text"));
    let mut input = FrameworkInput {
        code: String::new(),
        name: String::new(),
        description: String::new(),
        source: String::new(),
        levels: Vec::new(),
        types: Vec::new(),
        min_categories: 0,
        categories: Vec::new(),
    };
    let mut declared_levels = Vec::new();
    for (row, cells) in &table.rows {
        let cell = |i: Option<usize>| {
            i.and_then(|i| cells.get(i))
                .map(|c| c.trim().to_owned())
                .unwrap_or_default()
        };
        if input.code.is_empty() {
            input.code = cell(Some(fw_code));
        }
        if input.name.is_empty() {
            input.name = cell(Some(fw_name));
        }
        let level_name = cell(Some(level));
        if level_name.is_empty() {
            return Err(bad(name, format!("row {row}, column Level: it is empty")));
        }
        let depth = match input.levels.iter().position(|l| *l == level_name) {
            Some(i) => i + 1,
            None => {
                input.levels.push(level_name);
                input.levels.len()
            }
        };
        declared_levels.push((*row, cell(Some(code)), depth.min(255) as u8));
        input.categories.push(CategoryInput {
            code: cell(Some(code)),
            name: cell(Some(cat_name)),
            parent: Some(cell(parent)).filter(|p| !p.is_empty()),
            reference_text: cell(reference),
        });
    }
    Ok(FrameworkFile {
        input,
        declared_levels,
    })
}
