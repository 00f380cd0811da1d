//! Markdown narratives as plain structured blocks (paragraphs, lists, quotes, code) of text
//! spans, so a renderer can typeset them without ever interpreting the text: raw HTML stays
//! text, and only web and mail links stay links.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::domain::report::is_safe_url;

/// A run of text with its styling.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emph: bool,
    pub code: bool,
    /// A line break instead of text.
    pub br: bool,
    /// A safe link target, if the span is a link.
    pub link: Option<String>,
}

/// One list item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Nesting depth (0 = top level).
    pub level: u8,
    pub spans: Vec<Span>,
}

/// One block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Block {
    /// "p", "h", "quote", "code", "ul" or "ol".
    pub kind: &'static str,
    pub spans: Vec<Span>,
    pub items: Vec<Item>,
    pub text: String,
}

#[derive(Default)]
struct Style {
    strong: u8,
    emph: u8,
    link: Vec<Option<String>>,
}

/// Parses Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut style = Style::default();
    let mut list_depth: u8 = 0;
    let mut quote_depth: u8 = 0;
    let mut in_code = false;
    let push_span = |blocks: &mut Vec<Block>, span: Span, list_depth: u8| {
        if list_depth > 0 {
            if let Some(item) = blocks.last_mut().and_then(|b| b.items.last_mut()) {
                item.spans.push(span);
                return;
            }
        }
        match blocks.last_mut() {
            Some(b) if matches!(b.kind, "p" | "h" | "quote") => b.spans.push(span),
            _ => blocks.push(Block {
                kind: "p",
                spans: vec![span],
                ..Default::default()
            }),
        }
    };
    for event in Parser::new(markdown) {
        let current = |text: String, style: &Style| Span {
            text,
            strong: style.strong > 0,
            emph: style.emph > 0,
            link: style.link.last().cloned().flatten(),
            ..Default::default()
        };
        match event {
            Event::Start(Tag::Paragraph) if list_depth == 0 => {
                let kind = if quote_depth > 0 { "quote" } else { "p" };
                blocks.push(Block {
                    kind,
                    ..Default::default()
                });
            }
            Event::Start(Tag::Heading { .. }) => blocks.push(Block {
                kind: "h",
                ..Default::default()
            }),
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                blocks.push(Block {
                    kind: "code",
                    ..Default::default()
                });
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::List(start)) => {
                if list_depth == 0 {
                    let kind = if start.is_some() { "ol" } else { "ul" };
                    blocks.push(Block {
                        kind,
                        ..Default::default()
                    });
                }
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                if let Some(b) = blocks.last_mut() {
                    b.items.push(Item {
                        level: list_depth.saturating_sub(1),
                        spans: vec![],
                    });
                }
            }
            Event::Start(Tag::Strong) => style.strong += 1,
            Event::End(TagEnd::Strong) => style.strong = style.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => style.emph += 1,
            Event::End(TagEnd::Emphasis) => style.emph = style.emph.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                style
                    .link
                    .push(is_safe_url(&dest_url).then(|| dest_url.trim().to_string()));
            }
            Event::End(TagEnd::Link) => {
                style.link.pop();
            }
            Event::Text(t) if in_code => {
                if let Some(b) = blocks.last_mut() {
                    b.text.push_str(&t);
                }
            }
            // Raw HTML is shown as the characters it is made of, never run.
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push_span(&mut blocks, current(t.to_string(), &style), list_depth)
            }
            Event::Code(t) => {
                let mut s = current(t.to_string(), &style);
                s.code = true;
                push_span(&mut blocks, s, list_depth);
            }
            Event::SoftBreak => push_span(&mut blocks, current(" ".to_owned(), &style), list_depth),
            Event::HardBreak => push_span(
                &mut blocks,
                Span {
                    br: true,
                    ..Default::default()
                },
                list_depth,
            ),
            _ => {}
        }
    }
    blocks.retain(|b| !b.spans.is_empty() || !b.items.is_empty() || !b.text.is_empty());
    blocks
}
