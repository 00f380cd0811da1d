//! The annual self-report laid out: title page, summary, then one chapter per top-level
//! category of a framework (WHS: core responsibility), a section per category below it (WHS:
//! transformation) and an entry per commitment.

use std::rc::Rc;

use crate::data::{Block, Entry, Kind, Report, Span};
use crate::flow::{Flow, Margins, BODY, CAP, CM, LEADING, PAGE_H, PAGE_W};
use crate::fonts::{FaceId, Fonts};
use crate::inline::{self, Rgb, Run, Style};
use crate::page::Page;

/// Body margins.
fn body_margins() -> Margins {
    Margins {
        left: 2.2 * CM,
        right: 2.2 * CM,
        top: 2.4 * CM,
        bottom: 2.6 * CM,
    }
}

/// Runs for one piece of text in one style.
fn text<'a>(face: FaceId, size: f32, color: Rgb, s: &'a str) -> Vec<Run<'a>> {
    vec![Run::Text(
        Rc::new(Style {
            color,
            ..Style::plain(face, size)
        }),
        s,
    )]
}

/// Runs for a narrative's spans: bold, italic, code and links as marked.
fn spans(spans: &[Span], bold: bool, size: f32) -> Vec<Run<'_>> {
    spans
        .iter()
        .map(|s| {
            if s.br {
                return Run::Break;
            }
            let face = if s.code {
                if bold || s.strong {
                    FaceId::MonoBold
                } else {
                    FaceId::Mono
                }
            } else {
                FaceId::of(bold || s.strong, s.emph)
            };
            let style = Style {
                face,
                size: if s.code { size * 0.8 } else { size },
                color: Rgb::BLACK,
                underline: s.link.is_some(),
                link: s.link.as_deref().map(Rc::from),
            };
            Run::Text(Rc::new(style), &s.text)
        })
        .collect()
}

fn heading(flow: &mut Flow, level: u8, title: &str) {
    let (size, above, below, keep) = match level {
        1 => (17.0, 0.0, BODY, 0.0),
        2 => (13.0, 1.6 * BODY, 0.8 * BODY, 3.0 * BODY),
        // A commitment's heading stays with its first lines.
        _ => (11.0, 1.4 * BODY, 0.6 * BODY, 4.0 * BODY),
    };
    let color = if level == 3 { Rgb::BLACK } else { Rgb::BLUE };
    flow.space_fixed(above);
    flow.heading(
        level,
        &text(FaceId::Bold, size, color, title),
        title,
        size,
        keep,
    );
    flow.space_fixed(below);
}

fn paragraph(flow: &mut Flow, runs: &[Run], indent: f32, size: f32) {
    flow.space(1.2 * BODY);
    flow.paragraph(runs, indent, size);
    flow.space(1.2 * BODY);
}

/// A list item: its marker (bullet or number) hanging left of its text.
fn item(flow: &mut Flow, marker: &str, runs: &[Run], indent: f32) {
    let width = flow.width();
    let marker_lines = inline::lines(
        flow.fonts,
        &text(FaceId::Regular, BODY, Rgb::BLACK, marker),
        width,
    );
    let marker_width = marker_lines.first().map_or(0.0, |l| l.width);
    flow.space(LEADING * BODY);
    let fragments = flow.paragraph(runs, indent + marker_width + 0.5 * BODY, BODY);
    if let (Some(f), Some(line)) = (fragments.first(), marker_lines.first()) {
        flow.line_at(f.page, indent, f.top + CAP * BODY, line);
    }
    flow.space(LEADING * BODY);
}

/// A block with a rule on its left (quotes, a commitment's description).
fn ruled(flow: &mut Flow, runs: &[Run], inset: f32, rule: f32, size: f32, color: Rgb) {
    flow.space(1.2 * BODY);
    let fragments = flow.paragraph(runs, inset, size);
    flow.rule(&fragments, 0.0, rule, 2.0, color);
    flow.space(1.2 * BODY);
}

/// Width of one indent step of a narrative (a list item, a quote).
const STEP: f32 = 1.2 * BODY;
/// Deeper nesting is set at this depth, so the text keeps a readable width.
const MAX_INDENT: u8 = 8;

fn indent_of(steps: u8) -> f32 {
    f32::from(steps.min(MAX_INDENT)) * STEP
}

/// Preformatted text: one line per line, in a smaller size.
fn code_runs(text: &str) -> Vec<Run<'_>> {
    let style = Rc::new(Style::plain(FaceId::Mono, 0.8 * BODY));
    let mut runs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            runs.push(Run::Break);
        }
        runs.push(Run::Text(Rc::clone(&style), line));
    }
    runs
}

/// A thematic break: a thin rule across the text's width.
fn thematic_break(flow: &mut Flow, x: f32) {
    flow.space(1.2 * BODY);
    if !flow.fits(0.6) {
        flow.new_page();
    }
    let y = flow.cursor();
    let width = flow.width() - x;
    flow.bar(x, y, width, 0.6, Rgb::luma(150));
    flow.advance_to(y + 0.6);
    flow.space(1.2 * BODY);
}

/// A list item's or footnote's marker, hung left of the block's first line (or on a line of
/// its own when the block is empty).
fn hang(flow: &mut Flow, marker: &str, x: f32, fragments: &[crate::flow::Fragment], size: f32) {
    let runs = text(FaceId::Regular, BODY, Rgb::BLACK, marker);
    let lines = inline::lines(flow.fonts, &runs, f32::MAX);
    let Some(line) = lines.first() else {
        return;
    };
    let at = (x - 0.4 * BODY - line.width).max(-1.5 * CM);
    match fragments.first() {
        Some(f) => flow.line_at(f.page, at, f.top + CAP * size, line),
        None => {
            flow.lines(&lines, at, BODY, 0.0);
        }
    }
}

/// A narrative's blocks, each at its depth in lists and quotes.
fn blocks(flow: &mut Flow, blocks: &[Block]) {
    for b in blocks {
        let x = indent_of(b.indent);
        let (runs, size, gap) = match b.kind {
            Kind::Rule => {
                thematic_break(flow, x);
                continue;
            }
            Kind::H => {
                flow.space_fixed(0.8 * BODY);
                (spans(&b.spans, true, BODY), BODY, 1.2 * BODY)
            }
            Kind::Code => (code_runs(&b.text), 0.8 * BODY, 1.2 * BODY),
            // A paragraph; list items closer.
            Kind::P => {
                let gap = if b.marker.is_some() {
                    LEADING * BODY
                } else {
                    1.2 * BODY
                };
                (spans(&b.spans, false, BODY), BODY, gap)
            }
        };
        flow.space(gap);
        let fragments = if runs.is_empty() {
            Vec::new()
        } else {
            flow.paragraph(&runs, x, size)
        };
        if let Some(m) = &b.marker {
            hang(flow, &m.text, indent_of(m.indent), &fragments, size);
        }
        // Quotes deeper than the indent limit would all be drawn at the same place.
        for q in b.quotes.iter().filter(|q| **q < MAX_INDENT) {
            flow.rule(&fragments, indent_of(*q), 1.5, 2.0, Rgb::luma(170));
        }
        flow.space(gap);
    }
}

fn entry(flow: &mut Flow, e: &Entry) {
    heading(flow, 3, &e.title);
    for n in &e.notes {
        paragraph(flow, &text(FaceId::Italic, 9.5, Rgb::BLACK, n), 0.0, 9.5);
    }
    ruled(
        flow,
        &text(FaceId::Italic, 9.5, Rgb::BLACK, &e.description),
        9.0,
        2.0,
        9.5,
        Rgb::luma(190),
    );
    let Some(r) = &e.report else {
        paragraph(
            flow,
            &text(FaceId::Bold, BODY, Rgb::BLACK, &e.missing),
            0.0,
            BODY,
        );
        return;
    };
    paragraph(
        flow,
        &text(FaceId::Bold, BODY, Rgb::BLACK, &r.status_line),
        0.0,
        BODY,
    );
    let subtitle = |flow: &mut Flow, t: &str| {
        flow.space_fixed(BODY);
        let width = flow.width();
        let lines = inline::lines(flow.fonts, &text(FaceId::Bold, BODY, Rgb::BLACK, t), width);
        flow.lines(&lines, 0.0, BODY, 2.0 * BODY);
        flow.space_fixed(0.5 * BODY);
    };
    for n in &r.narratives {
        subtitle(flow, &n.title);
        blocks(flow, &n.blocks);
    }
    if !r.evidence.is_empty() {
        subtitle(flow, &r.evidence_title);
        for ev in &r.evidence {
            let style = Style {
                underline: ev.url.is_some(),
                link: ev.url.as_deref().map(Rc::from),
                ..Style::plain(FaceId::Regular, BODY)
            };
            item(flow, "•", &[Run::Text(Rc::new(style), &ev.title)], 0.0);
        }
    }
}

fn title_page(flow: &mut Flow, r: &Report) {
    let margins = Margins {
        left: 2.6 * CM,
        right: 2.6 * CM,
        top: 3.0 * CM,
        bottom: 3.0 * CM,
    };
    let height = PAGE_H - margins.top - margins.bottom;
    let (top, bottom) = (margins.top, margins.bottom);
    flow.margins = margins;
    flow.new_page();
    flow.advance_to(top + 0.22 * height);
    let grey = Rgb::luma(90);
    flow.paragraph(&text(FaceId::Regular, 11.0, grey, &r.kicker), 0.0, 11.0);
    flow.space(11.0);
    flow.paragraph(&text(FaceId::Bold, 28.0, Rgb::BLUE, &r.title), 0.0, 28.0);
    flow.space(1.4 * BODY);
    flow.paragraph(
        &text(FaceId::Regular, 15.0, Rgb::BLACK, &r.organisations),
        0.0,
        15.0,
    );
    let generated = text(FaceId::Regular, 10.0, grey, &r.generated);
    let width = flow.width();
    let lines = inline::lines(flow.fonts, &generated, width);
    let lines_height = CAP * 10.0 + (lines.len() as f32 - 1.0) * (CAP + LEADING) * 10.0;
    flow.advance_to(PAGE_H - bottom - lines_height);
    flow.lines(&lines, 0.0, 10.0, 0.0);
    flow.margins = body_margins();
}

fn summary(flow: &mut Flow, r: &Report) {
    flow.new_page();
    heading(flow, 1, "Summary");
    paragraph(
        flow,
        &text(FaceId::Regular, BODY, Rgb::BLACK, &r.summary),
        0.0,
        BODY,
    );

    // The table: status, count (right-aligned), and a bar of its share. A cell wraps within
    // its column's share of the width (a long status label in another language).
    let inset = 6.0;
    let full = flow.width();
    let cell = |flow: &mut Flow, face: FaceId, s: &str, max: f32| {
        inline::lines(flow.fonts, &text(face, BODY, Rgb::BLACK, s), max)
    };
    let (label_max, count_max) = (0.45 * full - 2.0 * inset, 0.2 * full - 2.0 * inset);
    let header = (
        cell(flow, FaceId::Bold, &r.status_header, label_max),
        cell(flow, FaceId::Bold, &r.count_header, count_max),
    );
    let rows: Vec<_> = r
        .statuses
        .iter()
        .map(|s| {
            (
                cell(flow, FaceId::Regular, &s.label, label_max),
                cell(flow, FaceId::Regular, &s.count.to_string(), count_max),
                s,
            )
        })
        .collect();
    let widest = |lines: &[inline::Line]| lines.iter().map(|l| l.width).fold(0.0, f32::max);
    let label_w = rows
        .iter()
        .map(|r| widest(&r.0))
        .fold(widest(&header.0), f32::max)
        + 2.0 * inset;
    let count_w = rows
        .iter()
        .map(|r| widest(&r.1))
        .fold(widest(&header.1), f32::max)
        + 2.0 * inset;
    let bar_w = (full - label_w - count_w - 2.0 * inset).max(0.0);
    let line_h = (CAP + LEADING) * BODY;
    let row_h = |a: &[inline::Line], b: &[inline::Line]| {
        let n = a.len().max(b.len()).max(1) as f32;
        4.0 + 0.9 * BODY + (n - 1.0) * line_h + 4.0
    };
    let table_h = row_h(&header.0, &header.1) + rows.iter().map(|r| row_h(&r.0, &r.1)).sum::<f32>();
    if !flow.fits(table_h) {
        flow.new_page();
    }
    let page = flow.page_index();
    let mut y = flow.cursor();
    let baseline = |y: f32, k: usize| y + 4.0 + 0.9 * BODY + k as f32 * line_h;
    let row = |flow: &mut Flow, y: f32, label: &[inline::Line], count: &[inline::Line]| {
        for (k, l) in label.iter().enumerate() {
            // A right-to-left label ends at the column's right edge.
            let x = if l.rtl {
                label_w - inset - l.width
            } else {
                inset
            };
            flow.line_at(page, x, baseline(y, k), l);
        }
        for (k, l) in count.iter().enumerate() {
            flow.line_at(page, label_w + count_w - inset - l.width, baseline(y, k), l);
        }
    };
    row(flow, y, &header.0, &header.1);
    y += row_h(&header.0, &header.1);
    flow.bar(0.0, y, full, 0.6, Rgb::luma(150));
    for (label, count, s) in &rows {
        row(flow, y, label, count);
        let w = bar_w * s.share.clamp(0.0, 1.0);
        if w > 0.0 {
            flow.bar(
                label_w + count_w + inset,
                y + 4.0,
                w,
                0.9 * BODY,
                Rgb::hex(&s.color),
            );
        }
        y += row_h(label, count);
    }
    flow.advance_to(y);
    flow.space(1.2 * BODY);
    paragraph(
        flow,
        &text(FaceId::Regular, 9.0, Rgb::luma(90), &r.note),
        0.0,
        9.0,
    );
}

/// The running head and the page numbers, on every page from `first` (the title page, and the
/// pages a very long list of organisations runs over to, have none).
fn furniture(fonts: &mut Fonts, pages: &mut [Page], first: usize, r: &Report) {
    let m = body_margins();
    let total = pages.len();
    let grey = Rgb::luma(90);
    let width = PAGE_W - m.left - m.right;
    let one = |fonts: &mut Fonts, s: &str| {
        inline::lines(fonts, &text(FaceId::Regular, 8.5, grey, s), f32::MAX)
            .into_iter()
            .next()
            .unwrap_or_default()
    };
    let title = one(fonts, &r.title);
    let head = one(fonts, &r.running_head);
    let head_baseline = PAGE_H - (m.top - 0.3 * m.top);
    let foot_baseline = m.bottom - 0.3 * m.bottom - CAP * 8.5;
    for (n, page) in pages.iter_mut().enumerate().skip(first) {
        page.line(m.left, head_baseline, &title);
        page.line(m.left + width - head.width, head_baseline, &head);
        let number = one(fonts, &format!("{} / {total}", n + 1));
        page.line(
            m.left + (width - number.width) / 2.0,
            foot_baseline,
            &number,
        );
    }
}

/// The report laid out as pages, with the headings for the outline.
pub fn lay_out(fonts: &mut Fonts, r: &Report) -> (Vec<Page>, Vec<crate::flow::Mark>) {
    let mut flow = Flow::new(fonts, body_margins());
    title_page(&mut flow, r);
    let first = flow.pages.len();
    summary(&mut flow, r);
    for ch in &r.chapters {
        flow.weak_page_break();
        heading(&mut flow, 1, &ch.title);
        for sec in &ch.sections {
            // A framework of one level has no headings below its chapters.
            if !sec.title.is_empty() {
                heading(&mut flow, 2, &sec.title);
            }
            for e in &sec.entries {
                entry(&mut flow, e);
            }
        }
    }
    let Flow {
        mut pages, marks, ..
    } = flow;
    furniture(fonts, &mut pages, first, r);
    (pages, marks)
}
