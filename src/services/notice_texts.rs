//! What the e-mail notices say, all in one place so that they can be translated (issue #18
//! will pick each recipient's language; English for now). Each notice is a [`Letter`]: a
//! subject and blocks, rendered once as plain text and once as its HTML alternative.

use chrono::NaiveDate;
use unicode_segmentation::UnicodeSegmentation;

use crate::domain::ReviewState;
use crate::store::notices::CommitmentRef;

/// How many user-perceived characters of a commitment's title a notice quotes.
const TITLE_CHARS: usize = 100;

/// A part of a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// Someone's words, quoted as written (a coordinator's comment).
    Quote(String),
    Link {
        label: String,
        url: String,
    },
    /// A list; each item may link somewhere.
    Items(Vec<(String, Option<String>)>),
}

/// A notice's subject and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub blocks: Vec<Block>,
}

impl Letter {
    /// The plain-text body: blocks separated by blank lines, quotes marked with "> ".
    pub fn text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !out.is_empty() {
                out.push('\n');
            }
            match block {
                Block::Paragraph(p) => out.push_str(p),
                Block::Quote(q) => {
                    for (i, line) in q.lines().enumerate() {
                        if i > 0 {
                            out.push('\n');
                        }
                        out.push_str("> ");
                        out.push_str(line);
                    }
                }
                Block::Link { label, url } => {
                    out.push_str(label);
                    out.push_str(": ");
                    out.push_str(url);
                }
                Block::Items(items) => {
                    for (i, (item, url)) in items.iter().enumerate() {
                        if i > 0 {
                            out.push('\n');
                        }
                        out.push_str("- ");
                        out.push_str(item);
                        if let Some(url) = url {
                            out.push_str("\n  ");
                            out.push_str(url);
                        }
                    }
                }
            }
            out.push('\n');
        }
        out
    }

    /// The HTML alternative: the same blocks, every text escaped.
    pub fn html(&self) -> String {
        let mut out =
            String::from("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
        let link =
            |url: &str, label: &str| format!("<a href=\"{}\">{}</a>", escape(url), escape(label));
        for block in &self.blocks {
            match block {
                Block::Paragraph(p) => out.push_str(&format!("<p>{}</p>\n", escape(p))),
                Block::Quote(q) => out.push_str(&format!(
                    "<blockquote style=\"white-space: pre-wrap\">{}</blockquote>\n",
                    escape(q)
                )),
                Block::Link { label, url } => {
                    out.push_str(&format!("<p>{}</p>\n", link(url, label)))
                }
                Block::Items(items) => {
                    out.push_str("<ul>\n");
                    for (item, url) in items {
                        let shown = match url {
                            Some(url) => link(url, item),
                            None => escape(item),
                        };
                        out.push_str(&format!("<li>{shown}</li>\n"));
                    }
                    out.push_str("</ul>\n");
                }
            }
        }
        out.push_str("</body></html>\n");
        out
    }
}

/// Text for HTML, in an element or an attribute.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// "IOM 200009".
fn code(c: &CommitmentRef) -> String {
    format!("{} {}", c.organisation, c.commitment_id)
}

/// "IOM 200009 (Open data on displacement…)": the title cut between user-perceived
/// characters, on one line.
fn named(c: &CommitmentRef) -> String {
    let flat = c.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut graphemes = flat.graphemes(true);
    let mut title: String = graphemes.by_ref().take(TITLE_CHARS).collect();
    if graphemes.next().is_some() {
        title.push('…');
    }
    if title.is_empty() {
        code(c)
    } else {
        format!("{} ({title})", code(c))
    }
}

fn greeting(name: &str) -> Block {
    Block::Paragraph(format!("Hello {name},"))
}

fn footer(why: &str) -> Block {
    Block::Paragraph(format!("This e-mail was sent by Commitment Tracker {why}."))
}

fn open_report(url: Option<String>) -> Option<Block> {
    url.map(|url| Block::Link {
        label: "Open the report".to_owned(),
        url,
    })
}

/// To a focal point: a coordinator returned a report of theirs with a comment.
pub fn returned(
    to_name: &str,
    c: &CommitmentRef,
    year: i32,
    by: &str,
    comment: Option<&str>,
    url: Option<String>,
) -> Letter {
    let mut blocks = vec![
        greeting(to_name),
        Block::Paragraph(format!(
            "{by} returned the {year} report of commitment {} for changes.",
            named(c)
        )),
    ];
    match comment {
        Some(comment) => {
            blocks.push(Block::Paragraph(format!("{by} wrote:")));
            blocks.push(Block::Quote(comment.to_owned()));
        }
        None => blocks.push(Block::Paragraph("No comment was given.".to_owned())),
    }
    blocks.push(Block::Paragraph(
        "Please make the changes and submit the report again.".to_owned(),
    ));
    blocks.extend(open_report(url));
    blocks.push(footer("because you are assigned to this commitment"));
    Letter {
        subject: format!("Returned for changes: {} report {year}", code(c)),
        blocks,
    }
}

/// To a coordinator: a report waits for review.
pub fn submitted(
    to_name: &str,
    c: &CommitmentRef,
    year: i32,
    by: &str,
    url: Option<String>,
) -> Letter {
    let mut blocks = vec![
        greeting(to_name),
        Block::Paragraph(format!(
            "{by} submitted the {year} report of commitment {}. It waits for your review.",
            named(c)
        )),
    ];
    blocks.extend(open_report(url));
    blocks.push(footer("because you review reports"));
    Letter {
        subject: format!("Submitted for review: {} report {year}", code(c)),
        blocks,
    }
}

/// "in 14 days", "tomorrow", "today".
fn when(days_left: i64) -> String {
    match days_left {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days"),
    }
}

fn state_note(state: Option<ReviewState>) -> &'static str {
    match state {
        None => "not started",
        Some(ReviewState::Returned) => "returned for changes",
        Some(_) => "draft",
    }
}

/// One commitment of a deadline reminder, with the address of its report.
pub struct DueItem<'a> {
    pub commitment: &'a CommitmentRef,
    pub state: Option<ReviewState>,
    pub url: Option<String>,
}

/// To a focal point: a year's reports are due soon and theirs are not all submitted.
pub fn deadline(
    to_name: &str,
    year: i32,
    deadline: NaiveDate,
    days_left: i64,
    items: &[DueItem<'_>],
    my_work_url: Option<String>,
) -> Letter {
    let due = when(days_left);
    let mut blocks = vec![
        greeting(to_name),
        Block::Paragraph(format!(
            "The {year} reports are due {due}, on {}. These commitments assigned to you have no submitted report yet:",
            deadline.format("%Y-%m-%d")
        )),
        Block::Items(
            items
                .iter()
                .map(|i| {
                    (
                        format!("{}: {}", named(i.commitment), state_note(i.state)),
                        i.url.clone(),
                    )
                })
                .collect(),
        ),
    ];
    if let Some(url) = my_work_url {
        blocks.push(Block::Link {
            label: "Your work".to_owned(),
            url,
        });
    }
    blocks.push(footer("because you are assigned to these commitments"));
    let count = match items.len() {
        1 => "1 report".to_owned(),
        n => format!("{n} reports"),
    };
    Letter {
        subject: format!("Reports for {year} due {due} ({count} to submit)"),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commitment(title: &str) -> CommitmentRef {
        CommitmentRef {
            id: "c".into(),
            commitment_id: "200009".into(),
            organisation: "IOM".into(),
            title: title.into(),
        }
    }

    #[test]
    fn html_escapes_what_people_wrote_and_text_keeps_it() {
        let l = returned(
            "Zoé <Z>",
            &commitment("Data & \"maps\""),
            2026,
            "Carla",
            Some("Add <b>figures</b>\nand sources"),
            Some("https://ct.example.org/#/commitments/IOM/200009/reports/2026".into()),
        );
        let html = l.html();
        assert!(html.contains("Hello Zoé &lt;Z&gt;,"), "{html}");
        assert!(html.contains("Add &lt;b&gt;figures&lt;/b&gt;\nand sources"));
        assert!(html.contains("Data &amp; &quot;maps&quot;"));
        assert!(!html.contains("<b>"));
        let text = l.text();
        assert!(
            text.contains("> Add <b>figures</b>\n> and sources\n"),
            "{text}"
        );
        assert!(text.contains(
            "Open the report: https://ct.example.org/#/commitments/IOM/200009/reports/2026"
        ));
    }

    #[test]
    fn a_long_title_is_cut_between_characters() {
        let title = "é\u{301}".repeat(150);
        let shown = named(&commitment(&title));
        assert!(shown.ends_with("…)"));
        assert_eq!(shown.matches("é\u{301}").count(), TITLE_CHARS);
    }
}
