//! The four built-in Libertinus Serif faces: shaping (rustybuzz), and the record of every glyph
//! used, under the compact glyph ids the embedded subset will have.

use std::collections::HashMap;
use std::rc::Rc;

use subsetter::GlyphRemapper;

const FONTS: [&[u8]; 4] = [
    include_bytes!("fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("fonts/LibertinusSerif-BoldItalic.otf"),
];

/// Which face.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FaceId {
    Regular = 0,
    Bold = 1,
    Italic = 2,
    BoldItalic = 3,
}

impl FaceId {
    /// The face with this weight and slant.
    pub fn of(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Self::Regular,
            (true, false) => Self::Bold,
            (false, true) => Self::Italic,
            (true, true) => Self::BoldItalic,
        }
    }
}

/// One shaped glyph. Advances are in em.
#[derive(Clone, Copy, Debug)]
pub struct Glyph {
    /// The id in the embedded subset (what the content stream shows).
    pub cid: u16,
    /// Advance after shaping (kerning included).
    pub advance: f32,
    /// Advance the PDF reader will use (the font's own width for the glyph).
    pub width: f32,
}

/// A shaped word (no spaces in it).
#[derive(Debug)]
pub struct Shaped {
    pub glyphs: Vec<Glyph>,
    /// Sum of the advances, in em.
    pub width: f32,
}

/// One face: its data, shaper, and what has been used of it.
pub struct Face {
    pub data: &'static [u8],
    shaper: rustybuzz::Face<'static>,
    upem: f32,
    pub remapper: GlyphRemapper,
    /// Width of each subset glyph, in thousandths of an em (the PDF's `W` array).
    pub widths: Vec<f32>,
    /// Text of each subset glyph, for copying and searching (the PDF's ToUnicode map).
    pub texts: Vec<String>,
    cache: HashMap<Box<str>, Rc<Shaped>>,
}

impl Face {
    fn new(data: &'static [u8]) -> Option<Self> {
        let shaper = rustybuzz::Face::from_slice(data, 0)?;
        let upem = shaper.units_per_em() as f32;
        let mut face = Self {
            data,
            shaper,
            upem,
            remapper: GlyphRemapper::new(),
            widths: Vec::new(),
            texts: Vec::new(),
            cache: HashMap::new(),
        };
        face.record(0, "");
        Some(face)
    }

    /// Font units per em.
    pub fn units_per_em(&self) -> f32 {
        self.upem
    }

    /// The parsed font (metrics for the PDF's font descriptor).
    pub fn metrics(&self) -> &rustybuzz::ttf_parser::Face<'static> {
        &self.shaper
    }

    fn record(&mut self, gid: u16, text: &str) -> (u16, f32) {
        let cid = self.remapper.remap(gid);
        let i = usize::from(cid);
        if i >= self.widths.len() {
            let advance = self
                .shaper
                .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
                .map_or(0.0, f32::from);
            self.widths.resize(i + 1, 0.0);
            self.texts.resize(i + 1, String::new());
            self.widths[i] = advance / self.upem * 1000.0;
        }
        if self.texts[i].is_empty() && !text.is_empty() {
            self.texts[i] = text.to_owned();
        }
        (cid, self.widths[i] / 1000.0)
    }

    /// `word` shaped (cached: reports repeat their words).
    pub fn shape(&mut self, word: &str) -> Rc<Shaped> {
        if let Some(s) = self.cache.get(word) {
            return Rc::clone(s);
        }
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(word);
        let out = rustybuzz::shape(&self.shaper, &[], buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (k, (info, pos)) in infos.iter().zip(positions).enumerate() {
            // A glyph stands for the text from its cluster to the next one's (a ligature for
            // several letters; the letters of a cluster go with its first glyph).
            let start = info.cluster as usize;
            let end = infos[k + 1..]
                .iter()
                .map(|i| i.cluster as usize)
                .find(|&c| c > start)
                .unwrap_or(word.len());
            let first_of_cluster = k == 0 || infos[k - 1].cluster as usize != start;
            let text = if first_of_cluster {
                word.get(start..end).unwrap_or("")
            } else {
                ""
            };
            let gid = u16::try_from(info.glyph_id).unwrap_or(0);
            let (cid, w) = self.record(gid, text);
            let advance = pos.x_advance as f32 / self.upem;
            width += advance;
            glyphs.push(Glyph {
                cid,
                advance,
                width: w,
            });
        }
        let shaped = Rc::new(Shaped { glyphs, width });
        self.cache.insert(word.into(), Rc::clone(&shaped));
        shaped
    }
}

/// The four faces.
pub struct Fonts {
    pub faces: Vec<Face>,
}

impl Fonts {
    /// Loads the built-in faces.
    pub fn new() -> Option<Self> {
        let faces = FONTS
            .iter()
            .map(|d| Face::new(d))
            .collect::<Option<Vec<_>>>()?;
        Some(Self { faces })
    }

    /// One face.
    pub fn face(&mut self, id: FaceId) -> &mut Face {
        &mut self.faces[id as usize]
    }
}
