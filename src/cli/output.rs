//! Printing results as a table, JSON or CSV.

use std::io::Write;

use clap::ValueEnum;
use comfy_table::{ContentArrangement, Table};

use crate::domain::status::{MARK_END, MARK_START};
use crate::domain::{
    Breakdown, Catalogue, CategoryLink, Commitment, CommitmentSummary, Dashboard, Framework,
    Report, ReviewEvent, RevisionSummary, SearchHit, User,
};
use crate::error::Error;
use crate::export::cells::neutralise;

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

/// CSV on standard output, each cell neutralised as the CSV export neutralises it: what a
/// command prints is opened in Excel as often as an export is.
struct SafeCsv(csv::Writer<std::io::StdoutLock<'static>>);

impl SafeCsv {
    fn stdout() -> Self {
        SafeCsv(csv::Writer::from_writer(std::io::stdout().lock()))
    }

    fn record<I, S>(&mut self, cells: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.0.write_record(
            cells
                .into_iter()
                .map(|c| neutralise(c.as_ref()).into_owned()),
        )
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

pub fn print_json(value: &impl serde::Serialize) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| stdout_err(e.into()))?;
    writeln!(out).map_err(stdout_err)
}

/// "3A?" marks a link that is inferred and awaits confirmation.
fn links_text(links: &[CategoryLink]) -> String {
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
            let mut w = SafeCsv::stdout();
            let io = |e: csv::Error| stdout_err(e.into());
            w.record([
                "commitment_id",
                "organisation",
                "framework",
                "type",
                "categories",
                "retired",
                "summary",
            ])
            .map_err(io)?;
            for c in list {
                w.record([
                    c.commitment_id.as_str(),
                    c.organisation.as_str(),
                    c.framework.as_str(),
                    c.kind.as_str(),
                    &links_text(&c.categories),
                    if c.retired { "yes" } else { "no" },
                    c.summary.as_str(),
                ])
                .map_err(io)?;
            }
            w.flush().map_err(stdout_err)
        }
        Format::Table => {
            let mut t = new_table(&["ID", "Org", "Framework", "Type", "Categories", "Summary"]);
            for c in list {
                let id = if c.retired {
                    format!("{} (retired)", c.commitment_id)
                } else {
                    c.commitment_id.clone()
                };
                t.add_row(vec![
                    id,
                    c.organisation.clone(),
                    c.framework.clone(),
                    c.kind.clone(),
                    links_text(&c.categories),
                    // A title says in a few words what the first sentence may not.
                    if c.title.is_empty() {
                        c.summary.clone()
                    } else {
                        c.title.clone()
                    },
                ]);
            }
            outln!("{t}");
            outln!(
                "{} commitment(s); a code with ? is an inferred link awaiting confirmation",
                list.len()
            );
            Ok(())
        }
    }
}

/// "Name <e-mail>" of each account, one a line, or "none".
fn people_text(users: &[User]) -> String {
    if users.is_empty() {
        return "none".to_owned();
    }
    users
        .iter()
        .map(|u| format!("{} <{}>", u.name, u.email))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prints one commitment and its focal points (JSON: the commitment as the UI receives it,
/// with `focalPoints`, the accounts assigned).
pub fn commitment(c: &Commitment, focal_points: &[User], format: Format) -> Result<(), Error> {
    match format {
        Format::Json => {
            #[derive(serde::Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Shown<'a> {
                #[serde(flatten)]
                commitment: &'a Commitment,
                focal_points: &'a [User],
            }
            print_json(&Shown {
                commitment: c,
                focal_points,
            })
        }
        Format::Table | Format::Csv => {
            let mut t = new_table(&["Field", "Value"]);
            let rows = [
                ("Commitment ID", c.commitment_id.clone()),
                (
                    "Organisation",
                    format!("{} ({})", c.organisation_name, c.organisation),
                ),
                ("Framework", c.framework.clone()),
                ("Title", c.title.clone()),
                ("Type", c.kind.clone()),
                ("Categories", links_text(&c.categories)),
                ("Description", c.description.clone()),
                (
                    "Retired",
                    c.retired_at.clone().unwrap_or_else(|| "no".to_owned()),
                ),
                ("Focal points", people_text(focal_points)),
                ("Created", c.created_at.clone()),
                ("Updated", c.updated_at.clone()),
                ("Version", c.version.to_string()),
            ];
            for (k, v) in rows {
                t.add_row(vec![k.to_owned(), v]);
            }
            outln!("{t}");
            Ok(())
        }
    }
}

/// Prints a commitment's focal points after an assignment changed them.
pub fn focal_points(c: &Commitment, users: &[User]) -> Result<(), Error> {
    if users.is_empty() {
        outln!("commitment {} has no focal points", c.commitment_id);
    } else {
        outln!("focal points of commitment {}:", c.commitment_id);
        for u in users {
            outln!("  {} <{}> ({})", u.name, u.email, u.role.cli_name());
        }
    }
    Ok(())
}

/// Prints every framework's categories (`ct catalogue`).
pub fn catalogue(cat: &Catalogue, format: Format) -> Result<(), Error> {
    match format {
        Format::Json => print_json(cat),
        Format::Table | Format::Csv => {
            let mut t = new_table(&["Framework", "Level", "Code", "Name"]);
            for f in &cat.frameworks {
                for c in &f.categories {
                    let indent = "  ".repeat(usize::from(c.level.saturating_sub(1)));
                    t.add_row(vec![
                        f.code.clone(),
                        f.level_name(c.level),
                        format!("{indent}{}", c.code),
                        c.name.clone(),
                    ]);
                }
            }
            outln!("{t}");
            Ok(())
        }
    }
}

/// Prints the frameworks, one a row.
pub fn framework_list(frameworks: &[Framework], format: Format) -> Result<(), Error> {
    match format {
        Format::Json => print_json(&frameworks),
        Format::Csv => {
            let mut w = SafeCsv::stdout();
            let io = |e: csv::Error| stdout_err(e.into());
            w.record(["code", "name", "levels", "types", "categories"])
                .map_err(io)?;
            for f in frameworks {
                w.record([
                    f.code.as_str(),
                    f.name.as_str(),
                    &f.levels.join(" > "),
                    &f.types.join(";"),
                    &f.categories.len().to_string(),
                ])
                .map_err(io)?;
            }
            w.flush().map_err(stdout_err)
        }
        Format::Table => {
            let mut t = new_table(&["Code", "Name", "Levels", "Types", "Categories"]);
            for f in frameworks {
                t.add_row(vec![
                    f.code.clone(),
                    f.name.clone(),
                    f.levels.join(" > "),
                    f.types.join(", "),
                    f.categories.len().to_string(),
                ]);
            }
            outln!("{t}");
            Ok(())
        }
    }
}

/// Prints one framework with its taxonomy.
pub fn framework(f: &Framework, format: Format) -> Result<(), Error> {
    match format {
        Format::Json => print_json(f),
        Format::Table | Format::Csv => {
            let mut t = new_table(&["Field", "Value"]);
            let min = match f.min_categories {
                0 => "none".to_owned(),
                n => format!("at least {n} {}", f.level_name(1).to_lowercase()),
            };
            for (k, v) in [
                ("Code", f.code.clone()),
                ("Name", f.name.clone()),
                ("Description", f.description.clone()),
                ("Source", f.source.clone()),
                ("Levels", f.levels.join(" > ")),
                ("Types", f.types.join(", ")),
                ("Each commitment needs", min),
                ("Version", f.version.to_string()),
            ] {
                t.add_row(vec![k.to_owned(), v]);
            }
            outln!("{t}");
            let mut c = new_table(&["Level", "Code", "Name"]);
            for cat in &f.categories {
                let indent = "  ".repeat(usize::from(cat.level.saturating_sub(1)));
                c.add_row(vec![
                    f.level_name(cat.level),
                    format!("{indent}{}", cat.code),
                    cat.name.clone(),
                ]);
            }
            outln!("{c}");
            Ok(())
        }
    }
}

/// Prints one report.
pub fn report(r: &Report, format: Format) -> Result<(), Error> {
    match format {
        Format::Json => print_json(r),
        Format::Table | Format::Csv => {
            let mut t = new_table(&["Field", "Value"]);
            let c = &r.content;
            let rows = [
                (
                    "Commitment",
                    format!("{} ({})", r.commitment_id, r.organisation),
                ),
                ("Year", r.year.to_string()),
                ("Status", c.status.label().to_owned()),
                ("Review", r.review_state.as_str().to_owned()),
                (
                    "Progress",
                    c.progress.map(|p| format!("{p}%")).unwrap_or_default(),
                ),
                ("Achievements", c.achievements.clone()),
                ("Challenges", c.challenges.clone()),
                ("Next steps", c.next_steps.clone()),
                (
                    "Evidence",
                    c.evidence
                        .iter()
                        .map(|e| format!("{} <{}>", e.title, e.url))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                ("Tags", c.tags.join(", ")),
                ("Author", r.author.clone()),
                ("Updated", format!("{} by {}", r.updated_at, r.updated_by)),
                (
                    "Revision",
                    format!("{} (version {})", r.revision, r.version),
                ),
            ];
            for (k, v) in rows {
                t.add_row(vec![k.to_owned(), v]);
            }
            outln!("{t}");
            Ok(())
        }
    }
}

/// Prints a report's revisions and review steps.
pub fn report_history(revisions: &[RevisionSummary], events: &[ReviewEvent]) -> Result<(), Error> {
    let mut t = new_table(&["When", "Who", "What"]);
    let mut rows: Vec<(String, String, String)> = revisions
        .iter()
        .map(|r| {
            let what = match r.restored_from {
                Some(from) => format!("revision {} (restored {from})", r.revision),
                None => format!("revision {} ({})", r.revision, r.action),
            };
            (r.created_at.clone(), r.actor.clone(), what)
        })
        .chain(events.iter().map(|e| {
            let mut what = format!("{} → {}", e.from_state.as_str(), e.to_state.as_str());
            if let Some(c) = &e.comment {
                what.push_str(&format!(": {c}"));
            }
            (
                e.created_at.clone(),
                format!("{} ({})", e.actor, e.role.as_str()),
                what,
            )
        }))
        .collect();
    rows.sort();
    for (when, who, what) in rows {
        t.add_row(vec![when, who, what]);
    }
    outln!("{t}");
    Ok(())
}

fn breakdown_record(b: &Breakdown) -> Vec<String> {
    let mut rec = vec![
        b.key.clone(),
        b.label.clone(),
        b.commitments.to_string(),
        b.with_report.to_string(),
        b.reported.to_string(),
        b.due.to_string(),
        b.overdue.to_string(),
    ];
    rec.extend(b.by_status.iter().map(|s| s.count.to_string()));
    rec.extend(b.by_review.iter().map(|s| s.count.to_string()));
    rec
}

fn breakdown_header(d: &Dashboard) -> Vec<String> {
    let mut h: Vec<String> = [
        "group",
        "name",
        "commitments",
        "with_report",
        "reported",
        "due",
        "overdue",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    h.extend(
        d.totals
            .by_status
            .iter()
            .map(|s| s.status.label().to_owned()),
    );
    h.extend(
        d.totals
            .by_review
            .iter()
            .map(|s| format!("review: {}", s.state.as_str())),
    );
    h
}

/// Prints a year's dashboard.
pub fn dashboard(d: &Dashboard, format: Format) -> Result<(), Error> {
    let mut groups: Vec<Breakdown> = vec![Breakdown {
        key: "all".to_owned(),
        label: "All commitments".to_owned(),
        ..d.totals.clone()
    }];
    for f in &d.by_framework {
        for level in &f.levels {
            groups.extend(level.groups.iter().map(|b| Breakdown {
                key: format!("{}:{}", f.framework, b.key),
                ..b.clone()
            }));
        }
    }
    match format {
        Format::Json => print_json(d),
        Format::Csv => {
            let mut w = SafeCsv::stdout();
            let io = |e: csv::Error| stdout_err(e.into());
            w.record(breakdown_header(d)).map_err(io)?;
            for g in &groups {
                w.record(breakdown_record(g)).map_err(io)?;
            }
            w.flush().map_err(stdout_err)
        }
        Format::Table => {
            let t = &d.totals;
            let pct = if t.commitments == 0 {
                0.0
            } else {
                100.0 * f64::from(t.with_report) / f64::from(t.commitments)
            };
            outln!(
                "{}: {} of {} commitments have a report ({pct:.0}%); {} reported (submitted or approved)",
                d.year, t.with_report, t.commitments, t.reported
            );
            match &d.cycle {
                Some(c) => outln!(
                    "cycle open, reports due by {} (today {}): {} due, {} overdue",
                    c.deadline,
                    d.today,
                    t.due,
                    t.overdue
                ),
                None => outln!("the {} cycle is not open", d.year),
            }
            let header = breakdown_header(d);
            let mut table = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
            for g in &groups {
                table.add_row(breakdown_record(g));
            }
            outln!("{table}");
            outln!("A commitment under two core responsibilities or transformations counts once in each of them and once in All.");
            Ok(())
        }
    }
}

/// Prints search hits.
pub fn search_hits(hits: &[SearchHit], format: Format) -> Result<(), Error> {
    let plain = |s: &str| s.replace(MARK_START, "[").replace(MARK_END, "]");
    match format {
        Format::Json => print_json(&hits),
        Format::Csv => {
            let mut w = SafeCsv::stdout();
            let io = |e: csv::Error| stdout_err(e.into());
            w.record(["commitment_id", "year", "kind", "snippet"])
                .map_err(io)?;
            for h in hits {
                w.record([
                    h.commitment_id.clone(),
                    h.year.map(|y| y.to_string()).unwrap_or_default(),
                    h.kind.clone(),
                    plain(&h.snippet),
                ])
                .map_err(io)?;
            }
            w.flush().map_err(stdout_err)
        }
        Format::Table => {
            let mut t = new_table(&["Commitment", "Year", "Where", "Snippet"]);
            for h in hits {
                t.add_row(vec![
                    h.commitment_id.clone(),
                    h.year.map(|y| y.to_string()).unwrap_or_default(),
                    h.kind.clone(),
                    plain(&h.snippet),
                ]);
            }
            outln!("{t}");
            outln!("{} hit(s)", hits.len());
            Ok(())
        }
    }
}

/// How an account signs in, in a word.
fn sign_in_kind(u: &User) -> &'static str {
    match (u.has_password, u.single_sign_on) {
        (true, true) => "password, single sign-on",
        (true, false) => "password",
        (false, true) => "single sign-on",
        (false, false) => "single sign-on (not linked yet)",
    }
}

/// Prints accounts (never a password hash: a [`User`] has none).
pub fn user_list(users: &[User], format: Format) -> Result<(), Error> {
    let row = |u: &User| {
        [
            u.email.clone(),
            u.name.clone(),
            u.role.cli_name().to_owned(),
            if u.disabled { "disabled" } else { "enabled" }.to_owned(),
            sign_in_kind(u).to_owned(),
        ]
    };
    match format {
        Format::Json => print_json(&users),
        Format::Csv => {
            let mut w = SafeCsv::stdout();
            let io = |e: csv::Error| stdout_err(e.into());
            w.record(["email", "name", "role", "status", "sign_in"])
                .map_err(io)?;
            for u in users {
                w.record(row(u)).map_err(io)?;
            }
            w.flush().map_err(stdout_err)
        }
        Format::Table => {
            let mut t = new_table(&["E-mail", "Name", "Role", "Status", "Signs in with"]);
            for u in users {
                t.add_row(row(u).to_vec());
            }
            outln!("{t}");
            outln!("{} account(s)", users.len());
            Ok(())
        }
    }
}
