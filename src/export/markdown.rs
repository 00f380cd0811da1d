//! The annual self-report as Markdown, for pasting into other tools.

use std::fmt::Write as _;
use std::io::Write;

use super::annual::{entry_title, review_label, AnnualReport};
use super::embed::{embed, inline_text, links, quote};
use crate::error::Error;

/// The deepest heading level of the report itself (a commitment's); a narrative's headings go
/// below it.
const DEEPEST: u8 = 4;

/// Writes the report; returns the number of commitment entries.
pub fn write(report: &AnnualReport, out: &mut (dyn Write + Send)) -> Result<u64, Error> {
    let mut s = String::new();
    let orgs = report.organisations.join(", ");
    let _ = writeln!(s, "# Annual self-report {} — {orgs}\n", report.year);
    let t = &report.totals;
    let _ = writeln!(
        s,
        "{} of {} commitments have a report for {} ({} submitted or approved).\n",
        t.with_report, t.commitments, report.year, t.reported
    );
    let _ = writeln!(s, "| Implementation status | Reports |\n| --- | ---: |");
    for c in &t.by_status {
        let _ = writeln!(s, "| {} | {} |", c.status.label(), c.count);
    }
    let _ = writeln!(s, "| No report | {} |\n", t.commitments - t.with_report);
    let mut entries = 0u64;
    let mut narratives = 0u64;
    for ch in &report.chapters {
        let _ = writeln!(s, "## {}\n", inline_text(&ch.title));
        for sec in &ch.sections {
            if !sec.title.is_empty() {
                let _ = writeln!(s, "### {}\n", inline_text(&sec.title));
            }
            for e in &sec.entries {
                entries += 1;
                let c = &e.commitment;
                let _ = writeln!(s, "#### {}\n", inline_text(&entry_title(c)));
                if e.inferred {
                    let _ = writeln!(
                        s,
                        "*Linked to {} by inference; to be confirmed.*\n",
                        sec.code
                    );
                }
                if !e.also_under.is_empty() {
                    let _ = writeln!(s, "*Also reported under {}.*\n", e.also_under.join("; "));
                }
                let _ = writeln!(s, "{}\n", quote(&c.description));
                match &e.report {
                    None => {
                        let _ = writeln!(s, "**No report for {}.**\n", report.year);
                    }
                    Some(r) => {
                        let rc = &r.content;
                        let progress = rc.progress.map(|p| format!(", {p}%")).unwrap_or_default();
                        let _ = writeln!(
                            s,
                            "**Status:** {}{progress} — {}\n",
                            rc.status.label(),
                            review_label(r.review_state)
                        );
                        for (title, text) in [
                            ("Achievements", &rc.achievements),
                            ("Challenges", &rc.challenges),
                            ("Next steps", &rc.next_steps),
                        ] {
                            if !text.trim().is_empty() {
                                narratives += 1;
                                let body = embed(text, DEEPEST, &format!("n{narratives}-"));
                                let _ = writeln!(s, "**{title}**\n\n{body}\n");
                            }
                        }
                        if !rc.evidence.is_empty() {
                            let list = links(
                                rc.evidence
                                    .iter()
                                    .map(|ev| (ev.title.as_str(), ev.url.as_str())),
                            );
                            let _ = writeln!(s, "**Evidence**\n\n{list}\n");
                        }
                    }
                }
            }
        }
    }
    out.write_all(s.as_bytes())
        .map_err(|e| Error::io("Markdown export", e))?;
    Ok(entries)
}
