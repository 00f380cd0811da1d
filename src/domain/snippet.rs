//! Search snippets: a window of text around the first match of the searched words, with the
//! matches marked (U+E000 … U+E001), made the way the index tokenises (letters and digits,
//! case and accents folded; words of unspaced scripts such as Chinese found inside the text).

use super::script::{self, Word};
use super::status::{MARK_END, MARK_START};

/// Lower case without the common Latin diacritics ("Déplacé" → "deplace").
pub fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            other => other,
        })
        .collect()
}

/// The searched words: those of spaced scripts folded, the last may be a prefix (`prefix`
/// true); those of unspaced scripts (Chinese, Thai…) matched anywhere inside the text.
pub struct Terms {
    pub words: Vec<String>,
    pub prefix: bool,
    pub unspaced: Vec<String>,
}

impl Terms {
    /// The words of a query as the index sees them.
    pub fn of(text: &str) -> Terms {
        let all = script::words(text);
        let mut words = Vec::new();
        let mut unspaced = Vec::new();
        for w in &all {
            match w {
                Word::Spaced(w) => words.push(fold(w)),
                Word::Unspaced(w) => unspaced.push((*w).to_owned()),
            }
        }
        Terms {
            words,
            prefix: matches!(all.last(), Some(Word::Spaced(_)))
                && text.ends_with(|c: char| c.is_alphanumeric()),
            unspaced,
        }
    }

    fn matches(&self, token: &str) -> bool {
        if self.words.is_empty() {
            // A query of Chinese words only: no token to fold (a snippet has hundreds).
            return false;
        }
        let t = fold(token);
        self.words.iter().enumerate().any(|(i, w)| {
            if self.prefix && i + 1 == self.words.len() {
                t.starts_with(w.as_str())
            } else {
                t == *w
            }
        })
    }

    /// The byte ranges of `text` where an unspaced word occurs.
    fn unspaced_ranges(&self, text: &str) -> Vec<(usize, usize)> {
        self.unspaced
            .iter()
            .flat_map(|w| {
                text.match_indices(w.as_str())
                    .map(|(i, m)| (i, i + m.len()))
            })
            .collect()
    }
}

/// The byte spans of the tokens of `text`: runs of letters and digits, as the index splits,
/// and each character of an unspaced script on its own (a Chinese sentence is one run).
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (a, b, unspaced) in script::spans(text) {
        if unspaced {
            out.extend(
                text[a..b]
                    .char_indices()
                    .map(|(i, c)| (a + i, a + i + c.len_utf8())),
            );
        } else {
            out.push((a, b));
        }
    }
    out
}

/// Which tokens are matches: a whole word of a spaced script, or a character inside an
/// occurrence of an unspaced word.
fn matched(text: &str, spans: &[(usize, usize)], terms: &Terms) -> Vec<bool> {
    let ranges = terms.unspaced_ranges(text);
    spans
        .iter()
        .map(|&(a, b)| ranges.iter().any(|&(x, y)| x <= a && b <= y) || terms.matches(&text[a..b]))
        .collect()
}

/// Whether any searched word occurs in `text`.
pub fn contains(text: &str, terms: &Terms) -> bool {
    terms.unspaced.iter().any(|w| text.contains(w.as_str()))
        || tokens(text)
            .iter()
            .any(|(a, b)| terms.matches(&text[*a..*b]))
}

/// Up to `words` words of `text` around its first match, matches marked, "…" where cut.
/// (A character of an unspaced script counts as a word.)
pub fn snippet(text: &str, terms: &Terms, words: usize) -> String {
    let spans = tokens(text);
    if spans.is_empty() {
        return String::new();
    }
    let hit = matched(text, &spans, terms);
    let first = hit.iter().position(|h| *h).unwrap_or(0);
    let from = first.saturating_sub(words / 3);
    let to = from.saturating_add(words).min(spans.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut cursor = spans[from].0;
    let mut open = false;
    for (&(a, b), &h) in spans[from..to].iter().zip(&hit[from..to]) {
        let between = gap(&text[cursor..a]);
        // Adjacent matched characters (an unspaced word) share one mark.
        if open && (!h || !between.is_empty()) {
            out.push(MARK_END);
            open = false;
        }
        out.push_str(&between);
        if h && !open {
            out.push(MARK_START);
            open = true;
        }
        out.push_str(&text[a..b]);
        cursor = b;
    }
    if open {
        out.push(MARK_END);
    }
    if to < spans.len() {
        out.push('…');
    } else {
        out.push_str(&gap(&text[cursor..]));
    }
    out.trim().to_owned()
}

/// The text between two words as a snippet shows it: across a line break, only what ends the
/// first line (so Markdown list markers and heading marks at line starts do not show).
fn gap(between: &str) -> String {
    match between.split_once(['\n', '\r']) {
        Some((end_of_line, _)) => format!("{} ", end_of_line.trim_end()),
        None => between.to_owned(),
    }
}
