//! The flow of blocks down pages: spacing between blocks, lines moving to a new page when the
//! page is full, headings kept with what follows, and the marks the PDF outline is made from.

use crate::fonts::Fonts;
use crate::inline::{self, Line, Rgb, Run};
use crate::page::Page;

/// A4, in points.
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
/// Points per centimetre.
pub const CM: f32 = 28.3465;
/// Body text size.
pub const BODY: f32 = 10.5;
/// Height of capitals, in em (Libertinus): a block's first baseline is this far below its top.
pub const CAP: f32 = 0.65;
/// Space between lines (bottom of one to the capitals of the next), in em.
pub const LEADING: f32 = 0.62;

/// The body area.
pub struct Margins {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

/// A heading, for the PDF outline.
pub struct Mark {
    pub level: u8,
    pub title: String,
    pub page: usize,
    /// Top of the heading, PDF coordinates.
    pub y: f32,
}

/// Part of a block on one page (for rules beside it): page, top and bottom from the page top.
pub struct Fragment {
    pub page: usize,
    pub top: f32,
    pub bottom: f32,
}

/// Pages being filled from the top.
pub struct Flow<'f> {
    pub fonts: &'f mut Fonts,
    pub pages: Vec<Page>,
    pub marks: Vec<Mark>,
    pub margins: Margins,
    /// Bottom of what is on the page so far, from the page top.
    y: f32,
    /// Space owed before the next block.
    pending: f32,
    /// Whether `pending` was asked for explicitly (a heading's), which paragraph spacing does
    /// not override (as in Typst).
    fixed: bool,
    at_top: bool,
}

impl<'f> Flow<'f> {
    /// An empty flow with these margins.
    pub fn new(fonts: &'f mut Fonts, margins: Margins) -> Self {
        Flow {
            fonts,
            pages: Vec::new(),
            marks: Vec::new(),
            margins,
            y: 0.0,
            pending: 0.0,
            fixed: false,
            at_top: true,
        }
    }

    /// Width of the body.
    pub fn width(&self) -> f32 {
        PAGE_W - self.margins.left - self.margins.right
    }

    fn limit(&self) -> f32 {
        PAGE_H - self.margins.bottom
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.margins.top;
        self.pending = 0.0;
        self.fixed = false;
        self.at_top = true;
    }

    /// A new page unless this one is still empty.
    pub fn weak_page_break(&mut self) {
        if !self.at_top || self.pages.is_empty() {
            self.new_page();
        }
    }

    /// Paragraph spacing: at least `v` points before the next block, unless explicit spacing
    /// was asked for.
    pub fn space(&mut self, v: f32) {
        if !self.at_top && !self.fixed {
            self.pending = self.pending.max(v);
        }
    }

    /// Explicit spacing (a heading's above or below): replaces paragraph spacing; the larger of
    /// two explicit ones wins.
    pub fn space_fixed(&mut self, v: f32) {
        if !self.at_top {
            self.pending = if self.fixed { self.pending.max(v) } else { v };
            self.fixed = true;
        }
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Height of `lines` set as one block.
    fn height(lines: &[Line], size: f32) -> f32 {
        lines
            .iter()
            .enumerate()
            .map(|(n, l)| {
                let s = if l.size > 0.0 { l.size } else { size };
                if n == 0 {
                    CAP * s
                } else {
                    (CAP + LEADING) * s
                }
            })
            .sum()
    }

    /// Sets `lines` at `x` (from the left margin); `size` is the block's text size. With `keep`,
    /// the block moves to a new page unless it and `keep` more points fit on this one.
    pub fn lines(&mut self, lines: &[Line], x: f32, size: f32, keep: f32) -> Vec<Fragment> {
        let mut fragments: Vec<Fragment> = Vec::new();
        if keep > 0.0
            && !self.at_top
            && self.y + self.pending + Self::height(lines, size) + keep > self.limit()
        {
            self.new_page();
        }
        let left = self.margins.left + x;
        for (n, line) in lines.iter().enumerate() {
            let s = if line.size > 0.0 { line.size } else { size };
            let step = if n == 0 {
                self.pending + CAP * s
            } else {
                (CAP + LEADING) * s
            };
            if !self.at_top && self.y + step > self.limit() {
                self.new_page();
            }
            let baseline = if self.at_top {
                self.margins.top + CAP * s
            } else {
                self.y + step
            };
            self.pending = 0.0;
            self.fixed = false;
            self.at_top = false;
            self.y = baseline;
            let page = self.pages.len() - 1;
            let top = baseline - CAP * s;
            match fragments.last_mut() {
                Some(f) if f.page == page => f.bottom = baseline,
                _ => fragments.push(Fragment {
                    page,
                    top,
                    bottom: baseline,
                }),
            }
            // A right-to-left paragraph's lines end at the right margin.
            let right = if line.rtl {
                (self.width() - x - line.width).max(0.0)
            } else {
                0.0
            };
            self.page().line(left + right, PAGE_H - baseline, line);
        }
        fragments
    }

    /// A paragraph of `runs`, `indent` points in from the left margin.
    pub fn paragraph(&mut self, runs: &[Run], indent: f32, size: f32) -> Vec<Fragment> {
        let width = self.width() - indent;
        let lines = inline::lines(self.fonts, runs, width);
        self.lines(&lines, indent, size, 0.0)
    }

    /// A heading: recorded for the outline, kept with `keep` points of what follows.
    pub fn heading(&mut self, level: u8, runs: &[Run], title: &str, size: f32, keep: f32) {
        let lines = inline::lines(self.fonts, runs, self.width());
        let fragments = self.lines(&lines, 0.0, size, keep);
        if let Some(f) = fragments.first() {
            self.marks.push(Mark {
                level,
                title: title.to_owned(),
                page: f.page,
                y: PAGE_H - f.top + size,
            });
        }
    }

    /// A rule `width` points wide left of each fragment, `x` points from the left margin,
    /// reaching `pad` points above and below the text.
    pub fn rule(&mut self, fragments: &[Fragment], x: f32, width: f32, pad: f32, color: Rgb) {
        for f in fragments {
            let left = self.margins.left + x;
            let bottom = PAGE_H - f.bottom - pad - 0.25 * BODY;
            let height = f.bottom - f.top + 2.0 * pad + 0.25 * BODY;
            self.pages[f.page].rect(left, bottom, width, height, color);
        }
    }

    /// A filled box placed on the current line of the body (`y` from the page top).
    pub fn bar(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        let left = self.margins.left + x;
        self.page().rect(left, PAGE_H - y - h, w, h, color);
    }

    /// Vertical position: where the next block would start (from the page top), spacing included.
    pub fn cursor(&self) -> f32 {
        self.y + self.pending
    }

    /// Moves down to `y` (from the page top) on the current page, e.g. past a table drawn by hand.
    pub fn advance_to(&mut self, y: f32) {
        self.y = y;
        self.pending = 0.0;
        self.fixed = false;
        self.at_top = false;
    }

    /// Whether `h` more points fit on this page.
    pub fn fits(&self, h: f32) -> bool {
        self.at_top || self.cursor() + h <= self.limit()
    }
}

impl Flow<'_> {
    /// Index of the page being filled.
    pub fn page_index(&mut self) -> usize {
        self.page();
        self.pages.len() - 1
    }

    /// One line drawn with its baseline at `baseline` (from the page top) on page `page`, `x`
    /// points from the left margin; the flow does not move.
    pub fn line_at(&mut self, page: usize, x: f32, baseline: f32, line: &Line) {
        let left = self.margins.left + x;
        self.pages[page].line(left, PAGE_H - baseline, line);
    }
}
