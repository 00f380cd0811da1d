//! Markdown narratives as a flat list of plain blocks (paragraphs, a narrative's own headings,
//! preformatted text, rules) of text spans, so a renderer can typeset them without ever
//! interpreting the text: raw HTML stays text, and only web and mail links stay links.
//!
//! Nesting (list items, quotes, footnotes) is flattened into each block's indent, list marker
//! and quote rules, so every block nested anywhere reaches the page: a code block or a heading
//! inside a list item used to end the list there, silently dropping the items after it.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::domain::report::is_safe_url;

/// The Markdown extensions narratives are read with, by the PDF and the Markdown export alike:
/// the GitHub ones people type (tables, footnotes, strikethrough, task lists).
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS);

// The block types are the typesetter's JSON contract too: defined once, in `report-data`.
pub use report_data::{Block, Kind, Marker, Span};

/// A container the parser is inside.
enum Frame {
    /// A list; the number of its next item if ordered.
    List(Option<u64>),
    Item,
    Quote,
    Footnote,
    Definition,
    Other,
}

#[derive(Default)]
struct Style {
    strong: u8,
    emph: u8,
    link: Vec<Option<String>>,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    frames: Vec<Frame>,
    style: Style,
    /// The last block takes inline content (an open paragraph, heading or row).
    open: bool,
    /// The last block takes preformatted text (an open code or HTML block).
    verbatim: bool,
    /// A list item's or footnote's marker, for the next block.
    marker: Option<Marker>,
}

impl Builder {
    /// Indent steps and quote rules from the enclosing containers.
    fn place(&self) -> (u8, Vec<u8>) {
        let mut indent: u8 = 0;
        let mut quotes = Vec::new();
        for f in &self.frames {
            match f {
                Frame::Quote => {
                    quotes.push(indent);
                    indent = indent.saturating_add(1);
                }
                Frame::Item | Frame::Footnote | Frame::Definition => {
                    indent = indent.saturating_add(1)
                }
                Frame::List(_) | Frame::Other => {}
            }
        }
        (indent, quotes)
    }

    fn start(&mut self, kind: Kind) {
        let (indent, quotes) = self.place();
        self.blocks.push(Block {
            kind,
            indent,
            quotes,
            marker: self.marker.take(),
            ..Default::default()
        });
        self.open = matches!(kind, Kind::P | Kind::H);
        self.verbatim = kind == Kind::Code;
    }

    fn close(&mut self) {
        self.open = false;
        self.verbatim = false;
    }

    /// An item or footnote whose marker no block took yet (it is empty, or starts with a
    /// nested list) keeps its marker on an empty line of its own.
    fn flush_marker(&mut self) {
        if self.marker.is_some() {
            self.start(Kind::P);
            self.close();
        }
    }

    fn span(&mut self, text: String) -> Span {
        Span {
            text,
            strong: self.style.strong > 0,
            emph: self.style.emph > 0,
            link: self.style.link.last().cloned().flatten(),
            ..Default::default()
        }
    }

    fn push(&mut self, span: Span) {
        if !self.open {
            self.start(Kind::P);
        }
        if let Some(b) = self.blocks.last_mut() {
            b.spans.push(span);
        }
    }

    fn text(&mut self, text: &str) {
        if self.verbatim {
            if let Some(b) = self.blocks.last_mut() {
                b.text.push_str(text);
            }
        } else {
            let span = self.span(text.to_owned());
            self.push(span);
        }
    }

    fn enter(&mut self, frame: Frame) {
        self.close();
        // A quote starting an item takes the item's marker on its first line.
        if !matches!(frame, Frame::Quote) {
            self.flush_marker();
        }
        self.frames.push(frame);
    }

    /// Sets the marker of the item or footnote just entered.
    fn mark(&mut self, text: String) {
        let indent = self.place().0;
        self.marker = Some(Marker { text, indent });
    }

    fn leave(&mut self) {
        self.close();
        self.flush_marker();
        self.frames.pop();
    }

    fn item(&mut self) {
        let marker = match self.frames.last_mut() {
            Some(Frame::List(Some(n))) => {
                let m = format!("{n}.");
                *n = n.saturating_add(1);
                m
            }
            _ => "•".to_owned(),
        };
        self.enter(Frame::Item);
        self.mark(marker);
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.open_tag(tag),
            Event::End(tag) => self.close_tag(tag),
            // Raw HTML is shown as the characters it is made of, never run.
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                let mut s = self.span(t.to_string());
                s.code = true;
                self.push(s);
            }
            Event::FootnoteReference(label) => {
                let s = self.span(format!("[{label}]"));
                self.push(s);
            }
            Event::TaskListMarker(done) => {
                let s = self.span(if done { "[x] " } else { "[ ] " }.to_owned());
                self.push(s);
            }
            Event::SoftBreak => self.text(if self.verbatim { "\n" } else { " " }),
            Event::HardBreak => self.push(Span {
                br: true,
                ..Default::default()
            }),
            Event::Rule => {
                self.close();
                self.start(Kind::Rule);
                self.close();
            }
        }
    }

    fn open_tag(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::TableHead | Tag::TableRow | Tag::DefinitionListTitle => {
                self.close();
                self.start(Kind::P);
                if matches!(tag, Tag::TableHead | Tag::DefinitionListTitle) {
                    self.style.strong += 1;
                }
            }
            Tag::Heading { .. } => {
                self.close();
                self.start(Kind::H);
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.close();
                self.start(Kind::Code);
            }
            Tag::TableCell => {
                let first = self.blocks.last().is_none_or(|b| b.spans.is_empty());
                if self.open && !first {
                    let s = self.span(" | ".to_owned());
                    self.push(s);
                }
            }
            Tag::BlockQuote(_) => self.enter(Frame::Quote),
            Tag::List(start) => self.enter(Frame::List(start)),
            Tag::Item => self.item(),
            Tag::FootnoteDefinition(label) => {
                self.enter(Frame::Footnote);
                self.mark(format!("[{label}]"));
            }
            Tag::DefinitionListDefinition => self.enter(Frame::Definition),
            Tag::Table(_) | Tag::DefinitionList | Tag::MetadataBlock(_) => self.enter(Frame::Other),
            Tag::Strong => self.style.strong += 1,
            Tag::Emphasis => self.style.emph += 1,
            Tag::Link { dest_url, .. } => self
                .style
                .link
                .push(is_safe_url(&dest_url).then(|| dest_url.trim().to_string())),
            // An image is its alt text (the events inside it); the picture is not fetched.
            Tag::Image { .. } | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
        }
    }

    fn close_tag(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::TableRow => self.close(),
            TagEnd::TableHead | TagEnd::DefinitionListTitle => {
                self.style.strong = self.style.strong.saturating_sub(1);
                self.close();
            }
            TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListDefinition
            | TagEnd::Table
            | TagEnd::DefinitionList
            | TagEnd::MetadataBlock(_) => self.leave(),
            TagEnd::Strong => self.style.strong = self.style.strong.saturating_sub(1),
            TagEnd::Emphasis => self.style.emph = self.style.emph.saturating_sub(1),
            TagEnd::Link => {
                self.style.link.pop();
            }
            TagEnd::TableCell
            | TagEnd::Image
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }
}

/// Parses Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, OPTIONS) {
        b.event(event);
    }
    b.flush_marker();
    let mut blocks = b.blocks;
    blocks.retain(|b| {
        !b.spans.is_empty() || !b.text.is_empty() || b.marker.is_some() || b.kind == Kind::Rule
    });
    blocks
}
