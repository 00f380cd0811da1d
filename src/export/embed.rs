//! A narrative's Markdown rewritten to sit inside the report's Markdown without changing the
//! document around it. Pasted as typed, an unclosed code fence turned every later chapter into
//! code, a `# heading` became a chapter, an unclosed `<!--` or `<pre>` swallowed the rest of
//! the report and a link reference definition changed links in other narratives.
//!
//! The narrative is parsed (with the PDF's extensions) and written back by
//! pulldown-cmark-to-cmark, which closes every block by construction, with:
//! - its headings moved below the report's own levels;
//! - raw HTML written as text (an HTML block as a code block): the app never interprets it;
//! - reference links written inline, and footnote labels made its own, so nothing it defines
//!   reaches another narrative.
//!
//! The result is then checked: parsed with a heading after it, every heading must be below
//! the report's levels, that heading must still be a top-level heading, and the text must read
//! the same. Anything that fails the check is written as escaped plain text instead, which has
//! no structure to leak.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use pulldown_cmark_to_cmark::{cmark_with_options, Options};

use super::blocks::OPTIONS;

/// The narrative's Markdown, its headings one level below `above` (the deepest heading level
/// of the report around it) or deeper, its footnote labels prefixed with `prefix`.
pub fn embed(markdown: &str, above: u8, prefix: &str) -> String {
    rewrite(markdown, above, prefix).unwrap_or_else(|| plain_text(markdown))
}

/// The narrative re-written, or None if the result would not stay contained (or would
/// nest too deep).
pub fn rewrite(markdown: &str, above: u8, prefix: &str) -> Option<String> {
    let events = contained(markdown, above, prefix);
    (nesting(&events) <= MAX_NESTING).then_some(())?;
    write(&events, above)
}

/// Deeper nesting of quotes and lists is written as plain text: every line of a container
/// repeats the prefixes of all containers around it, so 3,000 nested quotes in 7 KB of text
/// became 13 MB of Markdown.
const MAX_NESTING: usize = 32;

/// How deep quotes, lists and footnotes nest.
fn nesting(events: &[Event<'_>]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for event in events {
        match event {
            Event::Start(
                Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Item
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionListDefinition,
            ) => {
                depth += 1;
                max = max.max(depth);
            }
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListDefinition,
            ) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Plain text (not Markdown: a commitment's description) as a block quote, each line of it a
/// line of the quote, nothing in it read as Markdown.
pub fn quote(text: &str) -> String {
    let mut events = Vec::new();
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        events.push(Event::Start(Tag::Paragraph));
        for (n, line) in paragraph.trim().lines().enumerate() {
            if n > 0 {
                events.push(Event::SoftBreak);
            }
            events.push(Event::Text(line.trim().into()));
        }
        events.push(Event::End(TagEnd::Paragraph));
    }
    let quoted = |body: &str| -> String {
        let lines: Vec<String> = body
            .trim()
            .lines()
            .map(|l| format!("> {l}").trim_end().to_owned())
            .collect();
        lines.join("\n")
    };
    written(&events)
        .map(|body| quoted(&body))
        .filter(|q| is_contained(q, 6, &visible(&events)))
        .unwrap_or_else(|| quoted(&plain_text(text)))
}

/// One line of plain text (a heading's words: a category name anyone can edit) escaped so
/// that nothing in it is read as Markdown.
pub fn inline_text(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let events = [
        Event::Start(Tag::Paragraph),
        Event::Text(line.as_str().into()),
        Event::End(TagEnd::Paragraph),
    ];
    written(&events)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.contains('\n'))
        .unwrap_or_else(|| plain_text(&line))
}

/// Titled links (evidence) as a list, the titles as text.
pub fn links<'a>(links: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let links: Vec<(&str, &str)> = links.into_iter().collect();
    let mut events = vec![Event::Start(Tag::List(None))];
    for (title, url) in &links {
        events.extend([
            Event::Start(Tag::Item),
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: (*url).into(),
                title: "".into(),
                id: "".into(),
            }),
            Event::Text((*title).into()),
            Event::End(TagEnd::Link),
            Event::End(TagEnd::Item),
        ]);
    }
    events.push(Event::End(TagEnd::List(false)));
    write(&events, 6).unwrap_or_else(|| {
        let items: Vec<String> = links
            .iter()
            .map(|(title, url)| {
                format!(
                    "- {}",
                    plain_text(&format!("{title} {url}")).replace('\n', " ")
                )
            })
            .collect();
        items.join("\n")
    })
}

/// Markdown for `events`, or None unless it stays contained (see `is_contained`).
fn write(events: &[Event<'_>], above: u8) -> Option<String> {
    // Only blank lines are trimmed: leading spaces can be an indented code block's.
    let out = written(events)?
        .trim_start_matches(['\n', '\r'])
        .trim_end()
        .to_owned();
    is_contained(&out, above, &visible(events)).then_some(out)
}

/// Markdown for `events`, unchecked.
fn written(events: &[Event<'_>]) -> Option<String> {
    let mut out = String::new();
    let options = Options {
        list_token: '-',
        // "1. 2. 3." as people write them, not "1. 1. 1.".
        increment_ordered_list_bullets: true,
        ..Options::default()
    };
    cmark_with_options(events.iter(), &mut out, OPTIONS, options).ok()?;
    Some(out)
}

/// The characters a reader sees (whitespace aside), to check that writing lost none.
fn visible<'e>(events: impl IntoIterator<Item = &'e Event<'e>>) -> String {
    let mut s = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) = event {
            s.extend(t.chars().filter(|c| !c.is_whitespace()));
        }
    }
    s
}

fn level(n: u8) -> HeadingLevel {
    match n {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The narrative's events, made unable to reach outside it.
fn contained<'a>(markdown: &'a str, above: u8, prefix: &str) -> Vec<Event<'a>> {
    let label = |l: CowStr<'a>| -> CowStr<'a> { format!("{prefix}{l}").into() };
    let events = Parser::new_ext(markdown, OPTIONS)
        .map(|event| match event {
            Event::Start(Tag::Heading {
                level: l,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: level(above.saturating_add(l as u8)),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(l)) => {
                Event::End(TagEnd::Heading(level(above.saturating_add(l as u8))))
            }
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::CodeBlock(
                pulldown_cmark::CodeBlockKind::Fenced("".into()),
            )),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::CodeBlock),
            Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => Event::Start(Tag::Link {
                link_type: inline(link_type),
                dest_url,
                title,
                id: "".into(),
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => Event::Start(Tag::Image {
                link_type: inline(link_type),
                dest_url,
                title,
                id: "".into(),
            }),
            Event::FootnoteReference(l) => Event::FootnoteReference(label(l)),
            Event::Start(Tag::FootnoteDefinition(l)) => {
                Event::Start(Tag::FootnoteDefinition(label(l)))
            }
            other => other,
        })
        .collect();
    tidy(events)
}

/// Ends every code block's text with a line break: a block whose text does not end with one
/// can only come from a fence left open at the end, and the writer faithfully writes it open
/// again. Puts each heading on one line: the writer sets a heading of several lines as a
/// setext heading, which can only be of level 1 or 2.
fn tidy(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len() + 1);
    let mut open_line = false;
    let mut in_heading = false;
    for event in events {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => open_line = false,
            Event::Text(t) => open_line = !t.ends_with('\n'),
            Event::End(TagEnd::CodeBlock) if open_line => {
                out.push(Event::Text("\n".into()));
                open_line = false;
            }
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::SoftBreak | Event::HardBreak if in_heading => {
                out.push(Event::Text(" ".into()));
                continue;
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

/// Reference links become inline links: the definitions they used are not written out.
fn inline(t: LinkType) -> LinkType {
    match t {
        LinkType::Autolink | LinkType::Email => t,
        _ => LinkType::Inline,
    }
}

const SENTINEL: &str = "Sentinel heading after the narrative";

/// Whether `out`, followed by a report heading, keeps its headings below `above`, leaves
/// that heading a top-level heading, and reads as `text` (whitespace aside).
fn is_contained(out: &str, above: u8, text: &str) -> bool {
    let doc = format!("{out}\n\n# {SENTINEL}\n");
    let events: Vec<Event> = Parser::new_ext(&doc, OPTIONS).collect();
    let sentinel: String = SENTINEL.split_whitespace().collect();
    visible(&events) == format!("{text}{sentinel}") && keeps_structure(&events, above)
}

/// Whether Markdown written by this module (`embed`, `quote`, `links`), followed by a report
/// heading, keeps its headings below `above` and leaves that heading a top-level heading: the
/// fuzzer's check.
pub fn stays_contained(out: &str, above: u8) -> bool {
    let doc = format!("{out}\n\n# {SENTINEL}\n");
    let events: Vec<Event> = Parser::new_ext(&doc, OPTIONS).collect();
    keeps_structure(&events, above)
}

fn keeps_structure(events: &[Event<'_>], above: u8) -> bool {
    // Each heading: level, how many containers it is inside, text.
    let mut headings: Vec<(u8, usize, String)> = Vec::new();
    let mut depth = 0usize;
    let mut in_heading = false;
    for event in events {
        match event {
            Event::Start(Tag::Heading { level: l, .. }) => {
                headings.push((*l as u8, depth, String::new()));
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) if in_heading => {
                if let Some(h) = headings.last_mut() {
                    h.2.push_str(t);
                }
            }
            _ => {}
        }
    }
    let Some(last) = headings.pop() else {
        return false;
    };
    last == (1, 0, SENTINEL.to_owned()) && headings.iter().all(|h| h.0 > above)
}

/// Every line as a paragraph line of text, its punctuation escaped: no construct at all.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    for line in markdown.trim().lines() {
        for c in line.trim().chars() {
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('\n');
    }
    out.trim_end().to_owned()
}
