//! The faces text is set in: the four built-in Libertinus Serif faces, a monospace face for
//! code, and a fallback chain of Noto faces (and a few symbol faces) read from the system's font
//! packages the first time a report needs them. Text is shaped with rustybuzz, each grapheme
//! cluster in the first face of the chain that has all its characters; every glyph used is
//! recorded under the compact id the embedded subset will give it.
//!
//! See docs/decisions/0009-pdf-scripts.md for the chain and what happens to a character no face
//! has (drawn as U+FFFD, never as glyph 0, and reported).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{Mutex, OnceLock};

use rustybuzz::ttf_parser::name_id;
use subsetter::GlyphRemapper;
use unicode_segmentation::UnicodeSegmentation;

const BUILT_IN: [&[u8]; 4] = [
    include_bytes!("fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("fonts/LibertinusSerif-BoldItalic.otf"),
];

/// The face a style asks for (its first choice; clusters it lacks go down the chain).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum FaceId {
    Regular = 0,
    Bold = 1,
    Italic = 2,
    BoldItalic = 3,
    /// Code: DejaVu Sans Mono (Debian's fonts-dejavu-core), else Libertinus.
    Mono = 4,
    MonoBold = 5,
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

    fn bold(self) -> bool {
        matches!(self, Self::Bold | Self::BoldItalic | Self::MonoBold)
    }
}

/// A face of the fallback chain: its files (regular, bold) and, for a script's face, the
/// characters it is meant for (the face is only read when a cluster starting with one of them
/// is not in the faces before it). A face without ranges is tried for anything left.
struct Fallback {
    regular: &'static str,
    bold: Option<&'static str>,
    /// For a collection (.ttc): the face whose family name ends so.
    family: Option<&'static str>,
    ranges: &'static [(u32, u32)],
}

const fn script(
    regular: &'static str,
    bold: &'static str,
    ranges: &'static [(u32, u32)],
) -> Fallback {
    Fallback {
        regular,
        bold: Some(bold),
        family: None,
        ranges,
    }
}

/// The chain after the style's own face, serif faces to go with Libertinus Serif. Files are
/// Debian 12's (fonts-noto-core, fonts-noto-cjk, fonts-symbola, fonts-dejavu-core).
const CHAIN: &[Fallback] = &[
    script(
        "NotoNaskhArabic-Regular.ttf",
        "NotoNaskhArabic-Bold.ttf",
        &[
            (0x0600, 0x06FF),
            (0x0750, 0x077F),
            (0x0870, 0x08FF),
            (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF),
        ],
    ),
    script(
        "NotoSerifHebrew-Regular.ttf",
        "NotoSerifHebrew-Bold.ttf",
        &[(0x0590, 0x05FF), (0xFB1D, 0xFB4F)],
    ),
    script(
        "NotoSerifDevanagari-Regular.ttf",
        "NotoSerifDevanagari-Bold.ttf",
        &[(0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF)],
    ),
    script(
        "NotoSerifBengali-Regular.ttf",
        "NotoSerifBengali-Bold.ttf",
        &[(0x0980, 0x09FF)],
    ),
    script(
        "NotoSerifTamil-Regular.ttf",
        "NotoSerifTamil-Bold.ttf",
        &[(0x0B80, 0x0BFF)],
    ),
    script(
        "NotoSerifThai-Regular.ttf",
        "NotoSerifThai-Bold.ttf",
        &[(0x0E00, 0x0E7F)],
    ),
    script(
        "NotoSerifLao-Regular.ttf",
        "NotoSerifLao-Bold.ttf",
        &[(0x0E80, 0x0EFF)],
    ),
    script(
        "NotoSerifKhmer-Regular.ttf",
        "NotoSerifKhmer-Bold.ttf",
        &[(0x1780, 0x17FF), (0x19E0, 0x19FF)],
    ),
    script(
        "NotoSerifMyanmar-Regular.ttf",
        "NotoSerifMyanmar-Bold.ttf",
        &[(0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)],
    ),
    script(
        "NotoSerifEthiopic-Regular.ttf",
        "NotoSerifEthiopic-Bold.ttf",
        &[(0x1200, 0x139F), (0x2D80, 0x2DDF)],
    ),
    script(
        "NotoSerifArmenian-Regular.ttf",
        "NotoSerifArmenian-Bold.ttf",
        &[(0x0530, 0x058F)],
    ),
    script(
        "NotoSerifGeorgian-Regular.ttf",
        "NotoSerifGeorgian-Bold.ttf",
        &[(0x10A0, 0x10FF), (0x2D00, 0x2D2F)],
    ),
    // Chinese, Japanese, Korean: one large collection (~25 MB), read only for a report that has
    // such text; the Simplified Chinese face of it.
    Fallback {
        regular: "NotoSerifCJK-Regular.ttc",
        bold: Some("NotoSerifCJK-Bold.ttc"),
        family: Some(" SC"),
        ranges: &[
            (0x1100, 0x11FF),
            (0x2E80, 0x2FFF),
            (0x3000, 0x30FF),
            (0x3100, 0x31FF),
            (0x3200, 0x9FFF),
            (0xA960, 0xA97F),
            (0xAC00, 0xD7FF),
            (0xF900, 0xFAFF),
            (0xFE10, 0xFE1F),
            (0xFE30, 0xFE4F),
            (0xFF00, 0xFFEF),
            (0x20000, 0x3FFFF),
        ],
    },
    // Anything else: more Latin, Greek and Cyrillic, then symbols, arrows, mathematics and
    // (monochrome) emoji.
    script("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", &[]),
    Fallback {
        regular: "NotoSansSymbols2-Regular.ttf",
        bold: None,
        family: None,
        ranges: &[],
    },
    script(
        "NotoSansSymbols-Regular.ttf",
        "NotoSansSymbols-Bold.ttf",
        &[],
    ),
    Fallback {
        regular: "NotoSansMath-Regular.ttf",
        bold: None,
        family: None,
        ranges: &[],
    },
    Fallback {
        regular: "Symbola_hint.ttf",
        bold: None,
        family: None,
        ranges: &[],
    },
    script("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", &[]),
];

const MONO: [&str; 2] = ["DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"];

/// Where the font files are looked for: `CT_FONT_DIRS` (`:`-separated) if set, else Debian's
/// directories.
fn font_dirs() -> Vec<PathBuf> {
    match std::env::var_os("CT_FONT_DIRS") {
        Some(dirs) => std::env::split_paths(&dirs).collect(),
        None => [
            "/usr/share/fonts/truetype/noto",
            "/usr/share/fonts/opentype/noto",
            "/usr/share/fonts/truetype/ancient-scripts",
            "/usr/share/fonts/truetype/dejavu",
        ]
        .iter()
        .map(PathBuf::from)
        .collect(),
    }
}

/// The bytes of a font file, read once per process on first use and kept for its life (the
/// shaper borrows them; the program ends after one report, and fuzzing in-process reads each
/// file once, not once per report). `None` when no directory has it.
fn font_file(name: &'static str) -> Option<&'static [u8]> {
    type Files = HashMap<&'static str, Option<&'static [u8]>>;
    static FILES: OnceLock<Mutex<Files>> = OnceLock::new();
    let files = FILES.get_or_init(|| Mutex::new(HashMap::new()));
    let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
    *files.entry(name).or_insert_with(|| {
        font_dirs()
            .iter()
            .find_map(|d| std::fs::read(d.join(name)).ok())
            .map(|bytes| &*Box::leak(bytes.into_boxed_slice()))
    })
}

/// Characters that draw nothing and need no glyph of their own (joiners, variation selectors,
/// direction marks, the soft hyphen): a face need not have them to set a cluster holding them.
fn ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF | 0xE0000..=0xE0FFF)
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
    /// Byte offset, in the shaped text, of the characters this glyph is part of.
    pub cluster: u32,
    /// Whether a line may be broken before this glyph: it starts a grapheme cluster, so an
    /// over-long word is never split inside a letter and its marks.
    pub breakable: bool,
}

/// Glyphs of one face for a piece of text (no spaces in it), in visual order.
#[derive(Debug)]
pub struct Shaped {
    /// The face (its index in [`Fonts::faces`]).
    pub face: usize,
    pub glyphs: Vec<Glyph>,
    /// Sum of the advances, in em.
    pub width: f32,
    /// The text, when the font's map from glyphs to text cannot give it back: a cluster of
    /// several glyphs (a Devanagari vowel sign drawn before its consonant, Thai marks), or a
    /// glyph first seen standing for other text. The page marks the glyphs with it
    /// (`ActualText`), so copying and searching get the words as typed.
    pub actual: Option<Box<str>>,
}

/// A word shaped: one part per face it needed (usually one), in visual order.
#[derive(Debug)]
pub struct Word {
    pub parts: Vec<Rc<Shaped>>,
}

/// One face: its data, shaper, and what has been used of it.
pub struct Face {
    pub data: &'static [u8],
    /// Its index in a collection.
    pub index: u32,
    shaper: rustybuzz::Face<'static>,
    upem: f32,
    pub remapper: GlyphRemapper,
    /// Width of each subset glyph, in thousandths of an em (the PDF's `W` array).
    pub widths: Vec<f32>,
    /// Text of each subset glyph, for copying and searching (the PDF's ToUnicode map).
    pub texts: Vec<String>,
}

impl Face {
    fn new(data: &'static [u8], index: u32) -> Option<Self> {
        let shaper = rustybuzz::Face::from_slice(data, index)?;
        let upem = shaper.units_per_em() as f32;
        let mut face = Self {
            data,
            index,
            shaper,
            upem,
            remapper: GlyphRemapper::new(),
            widths: Vec::new(),
            texts: Vec::new(),
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

    /// Whether the face has a glyph for every character of `cluster` that needs one.
    fn covers(&self, cluster: &str) -> bool {
        cluster
            .chars()
            .all(|c| ignorable(c) || self.shaper.glyph_index(c).is_some())
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

    /// Shapes `text` (right to left when `rtl`), recording its glyphs; `offset` is added to the
    /// clusters (where `text` starts in the word). `None` if the face drew a glyph 0.
    fn shape(&mut self, text: &str, rtl: bool, offset: usize) -> Option<Shaped> {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        if rtl {
            buffer.set_direction(rustybuzz::Direction::RightToLeft);
        }
        buffer.guess_segment_properties();
        let out = rustybuzz::shape(&self.shaper, &[], buffer);
        let infos = out.glyph_infos();
        if infos.iter().any(|i| i.glyph_id == 0) {
            return None;
        }
        let positions = out.glyph_positions();
        // A glyph stands for the text from its cluster to the next cluster (a ligature for
        // several letters; the letters of a cluster go with its first glyph in logical order).
        let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let graphemes: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        let mut seen: Vec<usize> = Vec::new();
        // Whether each glyph's text in the font's map is exactly its cluster, in order.
        let mut simple = true;
        for (k, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let new_cluster = k == 0 || infos[k - 1].cluster != info.cluster;
            let first_of_cluster = !seen.contains(&start);
            if first_of_cluster {
                seen.push(start);
            }
            let text_of = if first_of_cluster {
                let end = starts
                    .iter()
                    .find(|&&c| c > start)
                    .copied()
                    .unwrap_or(text.len());
                text.get(start..end).unwrap_or("")
            } else {
                ""
            };
            let gid = u16::try_from(info.glyph_id).unwrap_or(0);
            let (cid, w) = self.record(gid, text_of);
            let in_order = k == 0
                || if rtl {
                    infos[k - 1].cluster > info.cluster
                } else {
                    infos[k - 1].cluster < info.cluster
                };
            simple &= in_order && !text_of.is_empty() && self.texts[usize::from(cid)] == text_of;
            let advance = pos.x_advance as f32 / self.upem;
            width += advance;
            glyphs.push(Glyph {
                cid,
                advance,
                width: w,
                cluster: (start + offset) as u32,
                breakable: new_cluster && graphemes.binary_search(&start).is_ok(),
            });
        }
        Some(Shaped {
            face: 0,
            glyphs,
            width,
            actual: (!simple).then(|| text.into()),
        })
    }
}

/// All faces, loaded as needed, and the words shaped so far.
pub struct Fonts {
    pub faces: Vec<Face>,
    /// Chain entries and monospace files already looked for: their face index, `None` when the
    /// file is not installed.
    loaded: HashMap<(&'static str, bool), Option<usize>>,
    /// Which face sets a cluster, by first choice and cluster (`None`: no face has it).
    choices: HashMap<(FaceId, Box<str>), Option<usize>>,
    /// Words shaped, by face asked for and direction (12 maps), then text (reports repeat their
    /// words; looked up by `&str`, without allocating).
    words: Vec<HashMap<Box<str>, Rc<Word>>>,
    /// Characters no face has: drawn as U+FFFD and reported as a warning.
    pub missing: BTreeSet<char>,
    /// The hyphenation patterns of the report's language (none: no hyphenation). Kept here
    /// because every line breaker is handed the fonts.
    pub lang: Option<hypher::Lang>,
}

impl Fonts {
    /// Loads the built-in faces; the others are read when text needs them.
    pub fn new() -> Option<Self> {
        let faces = BUILT_IN
            .iter()
            .map(|d| Face::new(d, 0))
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            faces,
            loaded: HashMap::new(),
            choices: HashMap::new(),
            words: vec![HashMap::new(); 12],
            missing: BTreeSet::new(),
            lang: Some(hypher::Lang::English),
        })
    }

    /// The index of the face in `file` (the collection's face whose family ends with `family`),
    /// read on first use.
    fn load(&mut self, file: &'static str, family: Option<&str>, bold: bool) -> Option<usize> {
        if let Some(&i) = self.loaded.get(&(file, bold)) {
            return i;
        }
        let face = font_file(file).and_then(|data| {
            let count = rustybuzz::ttf_parser::fonts_in_collection(data).unwrap_or(1);
            let index = match family {
                Some(suffix) => (0..count).find(|&i| {
                    rustybuzz::ttf_parser::Face::parse(data, i).is_ok_and(|f| {
                        f.names().into_iter().any(|n| {
                            n.name_id == name_id::FAMILY
                                && n.to_string().is_some_and(|s| s.ends_with(suffix))
                        })
                    })
                })?,
                None => 0,
            };
            Face::new(data, index)
        });
        let i = face.map(|f| {
            self.faces.push(f);
            self.faces.len() - 1
        });
        self.loaded.insert((file, bold), i);
        i
    }

    /// The style's own face.
    fn primary(&mut self, id: FaceId) -> usize {
        match id {
            FaceId::Mono | FaceId::MonoBold => {
                let bold = id == FaceId::MonoBold;
                self.load(MONO[usize::from(bold)], None, false)
                    .unwrap_or(if bold { 1 } else { 0 })
            }
            _ => id as usize,
        }
    }

    /// The first face of `id`'s chain that has every character of `cluster`.
    fn choose(&mut self, id: FaceId, cluster: &str) -> Option<usize> {
        if let Some(&c) = self.choices.get(&(id, cluster.into())) {
            return c;
        }
        let bold = id.bold();
        let first = cluster
            .chars()
            .find(|c| !ignorable(*c))
            .map_or(0, |c| c as u32);
        let primary = self.primary(id);
        let mut choice = self.faces[primary].covers(cluster).then_some(primary);
        if choice.is_none() && matches!(id, FaceId::Mono | FaceId::MonoBold) {
            let serif = usize::from(bold);
            choice = self.faces[serif].covers(cluster).then_some(serif);
        }
        if choice.is_none() {
            for f in CHAIN {
                if !f.ranges.is_empty() && !f.ranges.iter().any(|&(a, b)| (a..=b).contains(&first))
                {
                    continue;
                }
                let file = match (bold, f.bold) {
                    (true, Some(b)) => b,
                    _ => f.regular,
                };
                if let Some(i) = self.load(file, f.family, bold) {
                    if self.faces[i].covers(cluster) {
                        choice = Some(i);
                        break;
                    }
                }
            }
        }
        self.choices.insert((id, cluster.into()), choice);
        choice
    }

    /// `text` (no spaces in it) shaped in face `id`, right to left when `rtl`; each cluster the
    /// face lacks in the next face of the chain that has it (cached).
    pub fn word(&mut self, id: FaceId, text: &str, rtl: bool) -> Rc<Word> {
        let slot = id as usize * 2 + usize::from(rtl);
        if let Some(w) = self.words[slot].get(text) {
            return Rc::clone(w);
        }
        let primary = self.primary(id);
        let parts = match self.faces[primary].shape(text, rtl, 0) {
            Some(shaped) => vec![Rc::new(Shaped {
                face: primary,
                ..shaped
            })],
            None => self.fall_back(id, text, rtl),
        };
        let word = Rc::new(Word { parts });
        self.words[slot].insert(text.into(), Rc::clone(&word));
        word
    }

    /// The slow path: clusters grouped by the face that has them, each group shaped in it.
    fn fall_back(&mut self, id: FaceId, text: &str, rtl: bool) -> Vec<Rc<Shaped>> {
        let mut groups: Vec<(Option<usize>, usize, usize)> = Vec::new();
        for (start, cluster) in text.grapheme_indices(true) {
            let face = self.choose(id, cluster);
            let end = start + cluster.len();
            match groups.last_mut() {
                Some((f, _, e)) if *f == face && face.is_some() => *e = end,
                _ => groups.push((face, start, end)),
            }
        }
        let mut parts = Vec::new();
        for (face, start, end) in groups {
            let piece = &text[start..end];
            let shaped = face.and_then(|f| {
                self.faces[f]
                    .shape(piece, rtl, start)
                    .map(|s| Shaped { face: f, ..s })
            });
            match shaped {
                Some(s) => parts.push(Rc::new(s)),
                None => parts.push(Rc::new(self.replacement(id, piece, start))),
            }
        }
        // In logical order: the line puts right-to-left pieces in visual order.
        parts
    }

    /// What stands for text no face can set: U+FFFD (in the first face that has it), once per
    /// cluster, so the loss shows on the page; the characters are kept for the warning.
    fn replacement(&mut self, id: FaceId, text: &str, offset: usize) -> Shaped {
        self.missing.extend(
            text.chars()
                .filter(|c| !ignorable(*c) && !c.is_whitespace()),
        );
        let (face, mark) = match self.choose(id, "\u{FFFD}") {
            Some(f) => (f, "\u{FFFD}"),
            None => (0, "?"),
        };
        let mut glyphs = Vec::new();
        let mut width = 0.0;
        for (start, _) in text.grapheme_indices(true) {
            if let Some(s) = self.faces[face].shape(mark, false, offset + start) {
                for g in s.glyphs {
                    width += g.advance;
                    glyphs.push(Glyph {
                        breakable: true,
                        ..g
                    });
                }
            }
        }
        Shaped {
            face,
            glyphs,
            width,
            actual: None,
        }
    }
}
