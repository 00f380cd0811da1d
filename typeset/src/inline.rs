//! Runs of styled text broken into lines, ragged right as Typst sets it, greedily. The Unicode
//! parts are libraries' (docs/decisions/0009-pdf-scripts.md): break opportunities by UAX #14
//! (`unicode-linebreak`; Thai, Lao, Khmer and Myanmar words by ICU4X's dictionaries), the
//! order of right-to-left text by UAX #9 (`unicode-bidi`), hyphenation by `hypher`, grapheme
//! clusters by `unicode-segmentation` (a word wider than the line is split between them).

use std::ops::Range;
use std::rc::Rc;

use unicode_bidi::BidiInfo;
use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::fonts::{FaceId, Fonts, Shaped};

/// A colour, 0–1 per channel.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
    /// The report's blue (#1b4f8a).
    pub const BLUE: Rgb = Rgb(27.0 / 255.0, 79.0 / 255.0, 138.0 / 255.0);

    /// A grey of this luma (0–255).
    pub fn luma(l: u8) -> Self {
        let v = f32::from(l) / 255.0;
        Rgb(v, v, v)
    }

    /// `#rrggbb`, or grey when it is not one.
    pub fn hex(s: &str) -> Self {
        let channel = |i: usize| {
            s.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .map_or(0.7, |v| f32::from(v) / 255.0)
        };
        if s.len() == 7 && s.starts_with('#') {
            Rgb(channel(1), channel(3), channel(5))
        } else {
            Rgb(0.7, 0.7, 0.7)
        }
    }
}

/// How a run of text looks.
#[derive(Clone, PartialEq, Debug)]
pub struct Style {
    pub face: FaceId,
    pub size: f32,
    pub color: Rgb,
    pub underline: bool,
    pub link: Option<Rc<str>>,
}

impl Style {
    /// Plain text of this face and size.
    pub fn plain(face: FaceId, size: f32) -> Self {
        Style {
            face,
            size,
            color: Rgb::BLACK,
            underline: false,
            link: None,
        }
    }

    /// Code keeps its runs of spaces (indentation); other text collapses them.
    fn keeps_spaces(&self) -> bool {
        matches!(self.face, FaceId::Mono | FaceId::MonoBold)
    }
}

/// Input: text in a style, or a forced line break.
pub enum Run<'a> {
    Text(Rc<Style>, &'a str),
    Break,
}

/// Glyphs of one face and style (a word, part of one, or a space), placed on a line.
#[derive(Clone)]
pub struct Piece {
    pub style: Rc<Style>,
    pub word: Rc<Shaped>,
    pub glyphs: Range<usize>,
    /// Width in points.
    pub width: f32,
    /// Offset from the line's start, in points.
    pub x: f32,
    /// Bidirectional embedding level (odd: right to left).
    level: u8,
}

/// One line, its pieces in visual order.
#[derive(Default)]
pub struct Line {
    pub pieces: Vec<Piece>,
    pub width: f32,
    /// The largest font size on the line (0 for an empty line: the caller's size applies).
    pub size: f32,
    /// A line of a right-to-left paragraph: set flush right by whoever places it.
    pub rtl: bool,
}

impl Line {
    fn push(&mut self, piece: Piece) {
        self.width += piece.width;
        self.size = self.size.max(piece.style.size);
        self.pieces.push(piece);
    }
}

/// Text between two break opportunities: what must stay on one line, and the spaces after it.
struct Item {
    pieces: Vec<Piece>,
    width: f32,
    /// The spaces after it (set only when something follows on the line).
    space: Option<Piece>,
    /// A forced break after it.
    hard: bool,
    /// Its text (spaces excluded), in the paragraph's text.
    text: Range<usize>,
}

/// The runs as one text: spaces collapsed (but in code), control characters dropped, a
/// forced break as a line feed; with the style of each stretch and the bidi levels.
struct Paragraph {
    text: String,
    /// (start, style), by start.
    styles: Vec<(usize, Rc<Style>)>,
    /// One level per byte; `None` when the text has no right-to-left characters.
    levels: Option<Vec<u8>>,
    /// Whether the paragraph runs right to left (its first strong character is).
    rtl: bool,
    /// Whether it has Thai, Lao, Khmer or Myanmar text (words found by a dictionary).
    complex: bool,
}

/// Characters whose presence calls for the bidi algorithm (Hebrew, Arabic, Syriac, Thaana,
/// NKo, …, their presentation forms, the explicit marks and embeddings).
fn maybe_rtl(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF
        | 0x1E800..=0x1EFFF | 0x200F | 0x202B | 0x202E | 0x2067)
}

/// Scripts written without spaces whose words UAX #14 leaves to a dictionary (line break
/// class SA): Thai, Lao, Myanmar, Khmer, Tai Tham, Tai Viet and others.
fn complex(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x1950..=0x19FF | 0x1A20..=0x1AAF
        | 0xA9E0..=0xA9FF | 0xAA60..=0xAADF)
}

impl Paragraph {
    fn new(runs: &[Run]) -> Self {
        let mut text = String::new();
        let mut styles: Vec<(usize, Rc<Style>)> = Vec::new();
        for run in runs {
            match run {
                Run::Break => text.push('\n'),
                Run::Text(style, s) => {
                    styles.push((text.len(), Rc::clone(style)));
                    let keep = style.keeps_spaces();
                    for c in s.chars() {
                        let c = if matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}') {
                            ' '
                        } else {
                            c
                        };
                        if c == ' '
                            && !keep
                            && (text.is_empty() || text.ends_with(' ') || text.ends_with('\n'))
                        {
                            continue;
                        }
                        // Control characters draw nothing (a font would show glyph 0).
                        if c.is_control() {
                            continue;
                        }
                        text.push(c);
                    }
                }
            }
        }
        // Most text is Latin: one look at whether anything past it is there at all.
        let wide = text.chars().any(|c| c >= '\u{0590}');
        let (levels, rtl) = if wide && text.chars().any(maybe_rtl) {
            let info = BidiInfo::new(&text, None);
            let rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
            (Some(info.levels.iter().map(|l| l.number()).collect()), rtl)
        } else {
            (None, false)
        };
        Paragraph {
            complex: wide && text.chars().any(complex),
            text,
            styles,
            levels,
            rtl,
        }
    }

    fn style_at(&self, i: usize) -> Option<&Rc<Style>> {
        let n = self.styles.partition_point(|(s, _)| *s <= i);
        self.styles.get(n.checked_sub(1)?).map(|(_, s)| s)
    }

    /// Where the style after `i` starts (or the end).
    fn style_end(&self, i: usize) -> usize {
        let n = self.styles.partition_point(|(s, _)| *s <= i);
        self.styles.get(n).map_or(self.text.len(), |(s, _)| *s)
    }

    fn level(&self, i: usize) -> u8 {
        self.levels
            .as_ref()
            .and_then(|l| l.get(i).copied())
            .unwrap_or(0)
    }

    /// Break opportunities: (position, forced), the end of the text last.
    fn breaks(&self) -> Vec<(usize, bool)> {
        let mut breaks: Vec<(usize, bool)> = linebreaks(&self.text)
            .map(|(i, o)| (i, o == BreakOpportunity::Mandatory))
            .collect();
        if self.complex {
            self.complex_breaks(&mut breaks);
            breaks.sort_by_key(|b| b.0);
            breaks.dedup_by(|b, a| {
                if a.0 == b.0 {
                    a.1 |= b.1;
                    true
                } else {
                    false
                }
            });
        }
        breaks
    }

    /// Breaks between the words of each stretch of Thai, Lao, Khmer or Myanmar text, found by
    /// ICU4X's dictionaries.
    fn complex_breaks(&self, breaks: &mut Vec<(usize, bool)>) {
        let segmenter = icu_segmenter::LineSegmenter::new_dictionary(Default::default());
        let mut start: Option<usize> = None;
        let end = (self.text.len(), ' ');
        for (i, c) in self.text.char_indices().chain(std::iter::once(end)) {
            match (complex(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let run = &self.text[s..i];
                    breaks.extend(
                        segmenter
                            .segment_str(run)
                            .filter(|&b| b > 0 && b < run.len())
                            .map(|b| (s + b, false)),
                    );
                    start = None;
                }
                _ => {}
            }
        }
    }

    /// The text cut at its break opportunities, each part shaped.
    fn items(&self, fonts: &mut Fonts) -> Vec<Item> {
        let mut items = Vec::new();
        let mut start = 0;
        for (end, forced) in self.breaks() {
            if end <= start {
                continue;
            }
            let part = &self.text[start..end];
            let content_end = start + part.trim_end_matches([' ', '\n']).len();
            let mut item = Item {
                pieces: Vec::new(),
                width: 0.0,
                space: None,
                hard: forced && end < self.text.len(),
                text: start..content_end,
            };
            self.shape(fonts, start..content_end, &mut item);
            let spaces = self.text[content_end..end].trim_end_matches('\n');
            if !spaces.is_empty() {
                if let Some(style) = self.style_at(content_end) {
                    let word = fonts.word(style.face, spaces, false);
                    item.space = word.parts.first().map(|p| Piece {
                        style: Rc::clone(style),
                        width: p.width * style.size,
                        glyphs: 0..p.glyphs.len(),
                        word: Rc::clone(p),
                        x: 0.0,
                        level: self.level(content_end),
                    });
                }
            }
            items.push(item);
            start = end;
        }
        items
    }

    /// The pieces of `range`: one per stretch of one style and direction, and per face.
    fn shape(&self, fonts: &mut Fonts, range: Range<usize>, item: &mut Item) {
        let mut i = range.start;
        while i < range.end {
            let Some(style) = self.style_at(i) else {
                return;
            };
            let mut j = self.style_end(i).min(range.end);
            let level = self.level(i);
            if self.levels.is_some() {
                if let Some((k, _)) = self.text[i..j]
                    .char_indices()
                    .find(|&(k, _)| self.level(i + k) != level)
                {
                    j = i + k;
                }
            }
            if j <= i {
                // A style starting inside a character cannot happen; never loop for ever.
                return;
            }
            let word = fonts.word(style.face, &self.text[i..j], level % 2 == 1);
            for part in &word.parts {
                let width = part.width * style.size;
                item.width += width;
                item.pieces.push(Piece {
                    style: Rc::clone(style),
                    word: Rc::clone(part),
                    glyphs: 0..part.glyphs.len(),
                    width,
                    x: 0.0,
                    level,
                });
            }
            i = j;
        }
    }
}

/// Lines are not hyphenated unless this share of the line would otherwise stay empty: ragged
/// text needs few hyphens.
const HYPHENATE_GAP: f32 = 0.15;

/// The longest head of `item` that, with a hyphen, fits in `room` points: the head's pieces
/// and what is left of the item.
fn hyphenate(
    fonts: &mut Fonts,
    para: &Paragraph,
    item: &Item,
    room: f32,
) -> Option<(Vec<Piece>, Item)> {
    let lang = fonts.lang?;
    let [piece] = &item.pieces[..] else {
        return None;
    };
    if piece.level % 2 == 1 {
        return None;
    }
    let text = &para.text[item.text.clone()];
    let lead = text.len() - text.trim_start_matches(|c: char| !c.is_alphabetic()).len();
    let core = text[lead..].trim_end_matches(|c: char| !c.is_alphabetic());
    if core.chars().count() < 5 || !core.chars().all(char::is_alphabetic) {
        return None;
    }
    let mut cuts = Vec::new();
    let mut at = lead;
    for syllable in hypher::hyphenate(core, lang) {
        at += syllable.len();
        cuts.push(at);
    }
    cuts.pop();
    let size = piece.style.size;
    let hyphen = fonts.word(piece.style.face, "-", false);
    let hyphen = hyphen.parts.first()?;
    let hyphen_width = hyphen.width * size;
    let glyphs = &piece.word.glyphs;
    for &cut in cuts.iter().rev() {
        // A cut inside a ligature has no glyph of its own to start at: not a place to break.
        let Some(g) = glyphs
            .iter()
            .position(|g| g.cluster as usize == cut && g.breakable)
        else {
            continue;
        };
        let head: f32 = glyphs[..g].iter().map(|g| g.advance).sum::<f32>() * size;
        if head + hyphen_width > room {
            continue;
        }
        let pieces = vec![
            Piece {
                glyphs: 0..g,
                width: head,
                ..piece.clone()
            },
            Piece {
                style: Rc::clone(&piece.style),
                word: Rc::clone(hyphen),
                glyphs: 0..hyphen.glyphs.len(),
                width: hyphen_width,
                x: 0.0,
                level: piece.level,
            },
        ];
        let rest = Item {
            pieces: vec![Piece {
                glyphs: g..glyphs.len(),
                width: piece.width - head,
                ..piece.clone()
            }],
            width: item.width - head,
            space: item.space.clone(),
            hard: item.hard,
            text: item.text.start + cut..item.text.end,
        };
        return Some((pieces, rest));
    }
    None
}

/// `line` (pieces in logical order) put in visual order and placed.
fn finish(lines: &mut Vec<Line>, line: &mut Line, rtl: bool) {
    let mut line = std::mem::take(line);
    let max = line.pieces.iter().map(|p| p.level).max().unwrap_or(0);
    if max > 0 {
        // UAX #9, L2: from the highest level down to the lowest odd one, reverse every run of
        // pieces at that level or higher (each piece's glyphs are already in visual order).
        let lowest_odd = line
            .pieces
            .iter()
            .map(|p| p.level)
            .filter(|l| l % 2 == 1)
            .min()
            .unwrap_or(max + 1);
        let pieces = &mut line.pieces;
        for level in (lowest_odd..=max).rev() {
            let mut i = 0;
            while i < pieces.len() {
                if pieces[i].level >= level {
                    let j = pieces[i..]
                        .iter()
                        .position(|p| p.level < level)
                        .map_or(pieces.len(), |n| i + n);
                    pieces[i..j].reverse();
                    i = j;
                } else {
                    i += 1;
                }
            }
        }
    }
    line.rtl = rtl;
    let mut x = 0.0;
    for p in &mut line.pieces {
        p.x = x;
        x += p.width;
    }
    lines.push(line);
}

/// `runs` broken into lines no wider than `width` points.
pub fn lines(fonts: &mut Fonts, runs: &[Run], width: f32) -> Vec<Line> {
    let para = Paragraph::new(runs);
    let items = para.items(fonts);
    let mut lines = Vec::new();
    let mut line = Line::default();
    let mut space: Option<Piece> = None;
    for item in items {
        let mut item = item;
        if item.pieces.is_empty() {
            // Only spaces: indentation at the start of a line of code, else a space.
            let keep = item.space.as_ref().is_some_and(|s| s.style.keeps_spaces());
            match item.space.take() {
                Some(s) if keep && line.pieces.is_empty() => line.push(s),
                Some(s) => space = Some(s),
                None => {}
            }
        } else {
            let space_width = space.as_ref().map_or(0.0, |s| s.width);
            if !line.pieces.is_empty() && line.width + space_width + item.width > width {
                let room = width - line.width - space_width;
                let head = if width - line.width > HYPHENATE_GAP * width {
                    hyphenate(fonts, &para, &item, room)
                } else {
                    None
                };
                if let Some((pieces, rest)) = head {
                    if let Some(s) = space.take() {
                        line.push(s);
                    }
                    for p in pieces {
                        line.push(p);
                    }
                    item = rest;
                }
                finish(&mut lines, &mut line, para.rtl);
                space = None;
            }
            if let Some(s) = space.take() {
                if !line.pieces.is_empty() {
                    line.push(s);
                }
            }
            if line.pieces.is_empty() && item.width > width {
                split_into(&mut lines, &mut line, &item.pieces, width, para.rtl);
            } else {
                for p in item.pieces {
                    line.push(p);
                }
            }
            space = item.space;
        }
        if item.hard {
            finish(&mut lines, &mut line, para.rtl);
            space = None;
        }
    }
    if !line.pieces.is_empty() || lines.is_empty() {
        finish(&mut lines, &mut line, para.rtl);
    }
    lines
}

/// Pieces wider than a line, broken between grapheme clusters.
fn split_into(lines: &mut Vec<Line>, line: &mut Line, pieces: &[Piece], width: f32, rtl: bool) {
    for p in pieces {
        let size = p.style.size;
        let mut start = p.glyphs.start;
        let mut w = 0.0;
        for g in p.glyphs.clone() {
            let glyph = &p.word.glyphs[g];
            let a = glyph.advance * size;
            if line.width + w + a > width
                && glyph.breakable
                && (g > start || !line.pieces.is_empty())
            {
                if g > start {
                    line.push(Piece {
                        glyphs: start..g,
                        width: w,
                        ..p.clone()
                    });
                }
                finish(lines, line, rtl);
                start = g;
                w = 0.0;
            }
            w += a;
        }
        if start < p.glyphs.end {
            line.push(Piece {
                glyphs: start..p.glyphs.end,
                width: w,
                ..p.clone()
            });
        }
    }
}
