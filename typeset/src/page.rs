//! One page: its content stream (PDF operators, written as text) and its links. Coordinates
//! are PDF points from the page's bottom-left corner.

use std::io::Write;

use crate::inline::{Line, Rgb};

/// A link area and its target.
pub struct Link {
    pub rect: [f32; 4],
    pub url: String,
}

/// A page being drawn.
#[derive(Default)]
pub struct Page {
    pub content: Vec<u8>,
    pub links: Vec<Link>,
}

/// Numbers in content streams: two decimals are a hundredth of a point.
fn num(buf: &mut Vec<u8>, v: f32) {
    let r = (v * 100.0).round() / 100.0;
    // Writing to a Vec cannot fail.
    let _ = if r == r.trunc() {
        write!(buf, "{}", r as i64)
    } else {
        write!(buf, "{r}")
    };
}

fn color(buf: &mut Vec<u8>, c: Rgb, op: &str) {
    for v in [c.0, c.1, c.2] {
        num(buf, v);
        buf.push(b' ');
    }
    buf.extend_from_slice(op.as_bytes());
    buf.push(b'\n');
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

impl Page {
    /// A filled rectangle (`y` is its bottom).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        let b = &mut self.content;
        color(b, fill, "rg");
        for v in [x, y, w, h] {
            num(b, v);
            b.push(b' ');
        }
        b.extend_from_slice(b"re f\n");
    }

    /// A line of text with its baseline at `y`, starting at `x`.
    pub fn line(&mut self, x: f32, y: f32, line: &Line) {
        let pieces = &line.pieces;
        let mut k = 0;
        while k < pieces.len() {
            let style = &pieces[k].style;
            let face = pieces[k].word.face;
            // Pieces in the same face, size and colour go in one text-showing operator.
            let end = pieces[k..]
                .iter()
                .position(|p| {
                    p.word.face != face
                        || p.style.size != style.size
                        || p.style.color != style.color
                })
                .map_or(pieces.len(), |n| k + n);
            let b = &mut self.content;
            b.extend_from_slice(b"BT\n");
            color(b, style.color, "rg");
            write!(b, "/F{face} ").ok();
            num(b, style.size);
            b.extend_from_slice(b" Tf 1 0 0 1 ");
            num(b, x + pieces[k].x);
            b.push(b' ');
            num(b, y);
            b.extend_from_slice(b" Tm [<");
            for p in &pieces[k..end] {
                // A whole word whose glyphs the font's map cannot turn back into its text
                // carries the text itself (PDF 14.9.4).
                let actual = p
                    .word
                    .actual
                    .as_deref()
                    .filter(|_| p.glyphs == (0..p.word.glyphs.len()));
                if let Some(text) = actual {
                    b.extend_from_slice(b">] TJ\n/Span<</ActualText<FEFF");
                    for unit in text.encode_utf16() {
                        for shift in [12, 8, 4, 0] {
                            b.push(HEX[usize::from((unit >> shift) & 15)]);
                        }
                    }
                    b.extend_from_slice(b">>>BDC\n[<");
                }
                for g in &p.word.glyphs[p.glyphs.clone()] {
                    b.extend_from_slice(&[
                        HEX[usize::from(g.cid >> 12)],
                        HEX[usize::from((g.cid >> 8) & 15)],
                        HEX[usize::from((g.cid >> 4) & 15)],
                        HEX[usize::from(g.cid & 15)],
                    ]);
                    // The reader advances by the font's width; kerning is the difference.
                    let adjust = (g.width - g.advance) * 1000.0;
                    if adjust.abs() >= 0.5 {
                        b.extend_from_slice(b">");
                        num(b, adjust.round());
                        b.extend_from_slice(b"<");
                    }
                }
                if actual.is_some() {
                    b.extend_from_slice(b">] TJ\nEMC\n[<");
                }
            }
            b.extend_from_slice(b">] TJ\nET\n");
            for p in &pieces[k..end] {
                let s = &p.style;
                if s.underline {
                    let (px, w) = (x + p.x, p.width);
                    self.rect(px, y - 0.12 * s.size, w, 0.05 * s.size, s.color);
                }
                if let Some(url) = &s.link {
                    let rect = [
                        x + p.x,
                        y - 0.25 * s.size,
                        x + p.x + p.width,
                        y + 0.8 * s.size,
                    ];
                    // The words of one link on one line make one link area.
                    match self.links.last_mut() {
                        Some(l)
                            if l.url == **url
                                && l.rect[1] == rect[1]
                                && l.rect[2] <= rect[0] + 0.01 =>
                        {
                            l.rect[2] = rect[2];
                        }
                        _ => self.links.push(Link {
                            rect,
                            url: url.to_string(),
                        }),
                    }
                }
            }
            k = end;
        }
    }
}
