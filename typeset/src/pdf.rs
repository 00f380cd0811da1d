//! Laid-out pages written as a PDF: content streams compressed on all cores, the faces used
//! embedded as subsets with their text (so the PDF can be searched and copied), links, and an
//! outline of the headings.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use pdf_writer::types::{
    ActionType, AnnotationType, CidFontType, FontFlags, SystemInfo, UnicodeCmap,
};
use pdf_writer::{Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rustybuzz::ttf_parser::{RawFace, Tag};

use crate::error::TypesetError;
use crate::flow::{Mark, PAGE_H, PAGE_W};
use crate::fonts::{Face, Fonts};
use crate::page::Page;

/// The document's description.
pub struct Info<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub date: (u16, u8, u8),
}

/// Level 3 of 9: within a few per cent of level 6's size at a fraction of its time.
fn deflate(data: &[u8]) -> Result<Vec<u8>, TypesetError> {
    let mut e = ZlibEncoder::new(Vec::with_capacity(data.len() / 3), Compression::new(3));
    e.write_all(data)?;
    Ok(e.finish()?)
}

/// Every page's content compressed, pages split between the available cores.
fn compress_all(pages: &[Page]) -> Result<Vec<Vec<u8>>, TypesetError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let per = pages.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = pages
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|p| deflate(&p.content))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(pages.len());
        for h in handles {
            out.extend(h.join().map_err(|_| TypesetError::Worker)??);
        }
        Ok(out)
    })
}

const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// One face, embedded as a CID font of the glyphs used.
fn write_font(pdf: &mut Pdf, alloc: &mut Ref, face: &Face, type0: Ref) -> Result<(), TypesetError> {
    let (cid_ref, descriptor_ref, cmap_ref, file_ref) =
        (alloc.bump(), alloc.bump(), alloc.bump(), alloc.bump());
    let subset = subsetter::subset(face.data, face.index, &face.remapper)
        .map_err(|e| TypesetError::Font(e.to_string()))?;
    // A CFF font (Libertinus, Noto CJK) is embedded as its bare CFF program, a TrueType one
    // (the other Noto faces, DejaVu) as the whole subset; either way the subset's glyph ids
    // are the CIDs the content streams show.
    let cff = RawFace::parse(&subset, 0)
        .ok()
        .and_then(|raw| raw.table(Tag::from_bytes(b"CFF ")));
    let metrics = face.metrics();
    let ps_name = metrics
        .names()
        .into_iter()
        .filter(|n| n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| format!("Face{}", type0.get()));
    // A subset's name starts with six capitals of its own (PDF 9.6.4).
    let tag: String = (0..6)
        .map(|i| {
            char::from(b'A' + ((face.widths.len() * 7 + i * 5 + type0.get() as usize) % 26) as u8)
        })
        .collect();
    let base = format!("{tag}+{ps_name}");

    pdf.type0_font(type0)
        .base_font(Name(format!("{base}-Identity-H").as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let mut cid = pdf.cid_font(cid_ref);
    cid.subtype(if cff.is_some() {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    })
    .base_font(Name(base.as_bytes()))
    .system_info(IDENTITY)
    .font_descriptor(descriptor_ref)
    .default_width(0.0);
    if cff.is_none() {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid.widths().consecutive(0, face.widths.iter().copied());
    cid.finish();

    let to_pdf = |v: f32| v / face.units_per_em() * 1000.0;
    let bbox = metrics.global_bounding_box();
    let mut flags = FontFlags::SERIF | FontFlags::SYMBOLIC;
    if metrics.is_italic() {
        flags |= FontFlags::ITALIC;
    }
    let weight = f32::from(metrics.weight().to_number());
    let mut descriptor = pdf.font_descriptor(descriptor_ref);
    descriptor
        .name(Name(base.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(
            to_pdf(f32::from(bbox.x_min)),
            to_pdf(f32::from(bbox.y_min)),
            to_pdf(f32::from(bbox.x_max)),
            to_pdf(f32::from(bbox.y_max)),
        ))
        .italic_angle(metrics.italic_angle())
        .ascent(to_pdf(f32::from(metrics.ascender())))
        .descent(to_pdf(f32::from(metrics.descender())))
        .cap_height(to_pdf(f32::from(
            metrics.capital_height().unwrap_or(metrics.ascender()),
        )))
        .stem_v(10.0 + 0.244 * (weight / 10.0 - 50.0).max(0.0));
    if cff.is_some() {
        descriptor.font_file3(file_ref);
    } else {
        descriptor.font_file2(file_ref);
    }
    descriptor.finish();

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
    for (cid, text) in face.texts.iter().enumerate().skip(1) {
        if let (Ok(cid), false) = (u16::try_from(cid), text.is_empty()) {
            cmap.pair_with_multiple(cid, text.chars());
        }
    }
    let cmap = deflate(&cmap.finish())?;
    pdf.cmap(cmap_ref, &cmap).filter(Filter::FlateDecode);

    match cff {
        Some(cff) => {
            let file = deflate(cff)?;
            pdf.stream(file_ref, &file)
                .filter(Filter::FlateDecode)
                .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        }
        None => {
            let file = deflate(&subset)?;
            pdf.stream(file_ref, &file).filter(Filter::FlateDecode);
        }
    }
    Ok(())
}

/// The outline: each heading under the nearest heading of a higher level before it.
fn write_outline(pdf: &mut Pdf, alloc: &mut Ref, root: Ref, marks: &[Mark], page_refs: &[Ref]) {
    let ids: Vec<Ref> = marks.iter().map(|_| alloc.bump()).collect();
    let mut parent: Vec<Option<usize>> = vec![None; marks.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        while stack.last().is_some_and(|&j| marks[j].level >= m.level) {
            stack.pop();
        }
        parent[i] = stack.last().copied();
        stack.push(i);
    }
    let children =
        |p: Option<usize>| -> Vec<usize> { (0..marks.len()).filter(|&i| parent[i] == p).collect() };
    // Children of each item, found in one pass.
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); marks.len()];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            kids[*p].push(i);
        }
    }
    let top = children(None);
    let siblings = |i: usize| -> &Vec<usize> {
        match parent[i] {
            Some(p) => &kids[p],
            None => &top,
        }
    };
    for (i, m) in marks.iter().enumerate() {
        let mut item = pdf.outline_item(ids[i]);
        item.title(TextStr(&m.title));
        item.parent(parent[i].map_or(root, |p| ids[p]));
        let sib = siblings(i);
        if let Some(pos) = sib.iter().position(|&s| s == i) {
            if pos > 0 {
                item.prev(ids[sib[pos - 1]]);
            }
            if let Some(&next) = sib.get(pos + 1) {
                item.next(ids[next]);
            }
        }
        if let (Some(&first), Some(&last)) = (kids[i].first(), kids[i].last()) {
            item.first(ids[first]).last(ids[last]);
            // Closed: a 2,000-page report opens with its chapters, not 5,000 commitments.
            item.count(-(kids[i].len() as i32));
        }
        item.dest().page(page_refs[m.page]).xyz(0.0, m.y, None);
    }
    let mut outline = pdf.outline(root);
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        outline.first(ids[first]).last(ids[last]);
    }
    outline.count(top.len() as i32);
}

/// The PDF of these pages.
pub fn write(
    pages: &[Page],
    marks: &[Mark],
    fonts: &Fonts,
    info: &Info,
) -> Result<Vec<u8>, TypesetError> {
    let contents = compress_all(pages)?;
    let mut alloc = Ref::new(1);
    let (catalog, tree, resources, outline, doc_info) = (
        alloc.bump(),
        alloc.bump(),
        alloc.bump(),
        alloc.bump(),
        alloc.bump(),
    );
    let page_refs: Vec<Ref> = pages.iter().map(|_| alloc.bump()).collect();
    let mut pdf = Pdf::new();

    let mut c = pdf.catalog(catalog);
    c.pages(tree);
    if !marks.is_empty() {
        c.outlines(outline);
        c.page_mode(pdf_writer::types::PageMode::UseOutlines);
    }
    c.finish();
    pdf.pages(tree)
        .kids(page_refs.iter().copied())
        .count(page_refs.len() as i32);

    for ((page, content), &id) in pages.iter().zip(&contents).zip(&page_refs) {
        let content_ref = alloc.bump();
        pdf.stream(content_ref, content).filter(Filter::FlateDecode);
        let link_refs: Vec<Ref> = page.links.iter().map(|_| alloc.bump()).collect();
        for (link, &r) in page.links.iter().zip(&link_refs) {
            let [x1, y1, x2, y2] = link.rect;
            let mut a = pdf.annotation(r);
            a.subtype(AnnotationType::Link)
                .rect(Rect::new(x1, y1, x2, y2))
                .border(0.0, 0.0, 0.0, None);
            a.action()
                .action_type(ActionType::Uri)
                .uri(Str(link.url.as_bytes()));
        }
        let mut p = pdf.page(id);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(content_ref)
            .pair(Name(b"Resources"), resources);
        if !link_refs.is_empty() {
            p.annotations(link_refs);
        }
    }

    // Only the faces the report used are embedded.
    let mut used = Vec::new();
    for (n, face) in fonts.faces.iter().enumerate() {
        if face.widths.len() > 1 {
            let type0 = alloc.bump();
            write_font(&mut pdf, &mut alloc, face, type0)?;
            used.push((format!("F{n}"), type0));
        }
    }
    let mut res = pdf.indirect(resources).dict();
    let mut font_dict = res.insert(Name(b"Font")).dict();
    for (name, r) in &used {
        font_dict.pair(Name(name.as_bytes()), *r);
    }
    font_dict.finish();
    res.finish();

    if !marks.is_empty() {
        write_outline(&mut pdf, &mut alloc, outline, marks, &page_refs);
    }
    let (y, m, d) = info.date;
    pdf.document_info(doc_info)
        .title(TextStr(info.title))
        .author(TextStr(info.author))
        .creator(TextStr("Commitment Tracker"))
        .creation_date(Date::new(y).month(m).day(d));
    Ok(pdf.finish())
}
