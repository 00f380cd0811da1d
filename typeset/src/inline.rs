//! Runs of styled text broken into lines: greedy, at spaces, as Typst sets ragged-right text. A
//! word wider than the line is broken between glyphs rather than run into the margin.

use std::ops::Range;
use std::rc::Rc;

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
}

/// Input: text in a style, or a forced line break.
pub enum Run<'a> {
    Text(Rc<Style>, &'a str),
    Break,
}

/// Glyphs of one word (or part of one, or a space) in one style, placed on a line.
#[derive(Clone)]
pub struct Piece {
    pub style: Rc<Style>,
    pub word: Rc<Shaped>,
    pub glyphs: Range<usize>,
    /// Width in points.
    pub width: f32,
    /// Offset from the line's start, in points.
    pub x: f32,
}

/// One line.
#[derive(Default)]
pub struct Line {
    pub pieces: Vec<Piece>,
    pub width: f32,
    /// The largest font size on the line (0 for an empty line: the caller's size applies).
    pub size: f32,
}

impl Line {
    fn push(&mut self, mut piece: Piece) {
        piece.x = self.width;
        self.width += piece.width;
        self.size = self.size.max(piece.style.size);
        self.pieces.push(piece);
    }
}

enum Tok {
    Word(Piece),
    Space(Piece),
    Break,
}

fn piece(style: &Rc<Style>, word: Rc<Shaped>) -> Piece {
    Piece {
        style: Rc::clone(style),
        width: word.width * style.size,
        glyphs: 0..word.glyphs.len(),
        word,
        x: 0.0,
    }
}

fn tokens(fonts: &mut Fonts, runs: &[Run]) -> Vec<Tok> {
    let mut toks = Vec::new();
    for run in runs {
        match run {
            Run::Break => toks.push(Tok::Break),
            Run::Text(style, text) => {
                let face = fonts.face(style.face);
                for (n, word) in text.split([' ', '\n', '\t', '\r']).enumerate() {
                    if n > 0 && !matches!(toks.last(), Some(Tok::Space(_))) {
                        toks.push(Tok::Space(piece(style, face.shape(" "))));
                    }
                    if !word.is_empty() {
                        toks.push(Tok::Word(piece(style, face.shape(word))));
                    }
                }
            }
        }
    }
    toks
}

/// `runs` broken into lines no wider than `width` points.
pub fn lines(fonts: &mut Fonts, runs: &[Run], width: f32) -> Vec<Line> {
    let toks = tokens(fonts, runs);
    let mut lines = Vec::new();
    let mut line = Line::default();
    let mut space: Option<&Piece> = None;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Break => {
                lines.push(std::mem::take(&mut line));
                space = None;
                i += 1;
            }
            Tok::Space(p) => {
                if !line.pieces.is_empty() {
                    space = Some(p);
                }
                i += 1;
            }
            Tok::Word(_) => {
                // Words not parted by a space (a bold word and its comma) stay together.
                let chunk: Vec<&Piece> = toks[i..]
                    .iter()
                    .map_while(|t| match t {
                        Tok::Word(p) => Some(p),
                        _ => None,
                    })
                    .collect();
                i += chunk.len();
                let chunk_width: f32 = chunk.iter().map(|p| p.width).sum();
                let space_width = space.map_or(0.0, |s| s.width);
                if !line.pieces.is_empty() && line.width + space_width + chunk_width > width {
                    lines.push(std::mem::take(&mut line));
                    space = None;
                }
                if let Some(s) = space.take() {
                    if !line.pieces.is_empty() {
                        line.push(s.clone());
                    }
                }
                if line.pieces.is_empty() && chunk_width > width {
                    split_into(&mut lines, &mut line, &chunk, width);
                } else {
                    for p in chunk {
                        line.push(p.clone());
                    }
                }
            }
        }
    }
    if !line.pieces.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A chunk wider than a line, broken between glyphs.
fn split_into(lines: &mut Vec<Line>, line: &mut Line, chunk: &[&Piece], width: f32) {
    for p in chunk {
        let size = p.style.size;
        let mut start = p.glyphs.start;
        let mut w = 0.0;
        for g in p.glyphs.clone() {
            let a = p.word.glyphs[g].advance * size;
            if line.width + w + a > width && (g > start || !line.pieces.is_empty()) {
                if g > start {
                    line.push(Piece {
                        glyphs: start..g,
                        width: w,
                        ..(*p).clone()
                    });
                }
                lines.push(std::mem::take(line));
                start = g;
                w = 0.0;
            }
            w += a;
        }
        if start < p.glyphs.end {
            line.push(Piece {
                glyphs: start..p.glyphs.end,
                width: w,
                ..(*p).clone()
            });
        }
    }
}
