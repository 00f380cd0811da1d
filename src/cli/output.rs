//! Printing results as a table, JSON or CSV.

use std::io::Write;

use clap::ValueEnum;
use comfy_table::{ContentArrangement, Table};

use crate::app::App;
use crate::domain::{Commitment, CommitmentSummary, TransformationLink};
use crate::error::Error;
use crate::services;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON, as the UI receives it.
    Json,
    /// CSV (RFC 4180), for spreadsheets.
    Csv,
}

fn stdout_err(e: std::io::Error) -> Error {
    Error::io("standard output", e)
}

fn print_json(value: &impl serde::Serialize) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| stdout_err(e.into()))?;
    writeln!(out).map_err(stdout_err)
}

fn crs_text(crs: &[u8]) -> String {
    crs.iter().map(u8::to_string).collect::<Vec<_>>().join(";")
}

/// "3A?" marks a link that is inferred and awaits confirmation.
fn links_text(links: &[TransformationLink]) -> String {
    links
        .iter()
        .map(|l| {
            if l.inferred {
                format!("{}?", l.code)
            } else {
                l.code.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    t
}

/// Prints a list of commitments.
pub fn commitment_list(list: &[CommitmentSummary], format: Format) -> Result<(), Error> {
    match format {
        Format::Json => print_json(&list),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout().lock());
            let io = |e: csv::Error| stdout_err(e.into());
            w.write_record([
                "commitment_id",
                "organisation",
                "type",
                "core_responsibilities",
                "transformations",
                "retired",
                "summary",
            ])
            .map_err(io)?;
            for c in list {
                w.write_record([
                    c.commitment_id.as_str(),
                    c.organisation.as_str(),
                    c.kind.as_str(),
                    &crs_text(&c.core_responsibilities),
                    &links_text(&c.transformations),
                    if c.retired { "yes" } else { "no" },
                    c.summary.as_str(),
                ])
                .map_err(io)?;
            }
            w.flush().map_err(stdout_err)
        }
        Format::Table => {
            let mut t = new_table(&["ID", "Org", "Type", "CR", "Transformations", "Summary"]);
            for c in list {
                let id = if c.retired {
                    format!("{} (retired)", c.commitment_id)
                } else {
                    c.commitment_id.clone()
                };
                t.add_row(vec![
                    id,
                    c.organisation.clone(),
                    c.kind.to_string(),
                    crs_text(&c.core_responsibilities),
                    links_text(&c.transformations),
                    c.summary.clone(),
                ]);
            }
            println!("{t}");
            println!(
                "{} commitment(s); a code with ? is an inferred link awaiting confirmation",
                list.len()
            );
            Ok(())
        }
    }
}

/// Prints one commitment.
pub fn commitment(c: &Commitment, format: Format) -> Result<(), Error> {
    match format {
        Format::Json => print_json(c),
        Format::Table | Format::Csv => {
            let mut t = new_table(&["Field", "Value"]);
            let rows = [
                ("Commitment ID", c.commitment_id.clone()),
                (
                    "Organisation",
                    format!("{} ({})", c.organisation_name, c.organisation),
                ),
                ("Type", c.kind.to_string()),
                ("Core responsibilities", crs_text(&c.core_responsibilities)),
                ("Transformations", links_text(&c.transformations)),
                ("Description", c.description.clone()),
                (
                    "Retired",
                    c.retired_at.clone().unwrap_or_else(|| "no".to_owned()),
                ),
                ("Created", c.created_at.clone()),
                ("Updated", c.updated_at.clone()),
                ("Version", c.version.to_string()),
            ];
            for (k, v) in rows {
                t.add_row(vec![k.to_owned(), v]);
            }
            println!("{t}");
            Ok(())
        }
    }
}

/// Prints the reference frame.
pub fn catalogue(app: &App, format: Format) -> Result<(), Error> {
    let cat = services::catalogue::catalogue(app.store())?;
    match format {
        Format::Json => print_json(&cat),
        Format::Table | Format::Csv => {
            let mut t = new_table(&["Code", "Name"]);
            for cr in &cat.core_responsibilities {
                t.add_row(vec![format!("CR{}", cr.number), cr.name.clone()]);
                for tr in &cr.transformations {
                    t.add_row(vec![format!("  {}", tr.code), tr.name.clone()]);
                }
            }
            println!("{t}");
            Ok(())
        }
    }
}
