//! Search snippets: a window of text around the first match of the searched words, with the
//! matches marked (U+E000 … U+E001), made the way the index tokenises (letters and digits,
//! case and accents folded).

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

/// The searched words, folded; the last may be a prefix (`prefix` true).
pub struct Terms {
    pub words: Vec<String>,
    pub prefix: bool,
}

impl Terms {
    /// The words of a query as the index sees them.
    pub fn of(text: &str) -> Terms {
        Terms {
            words: text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(fold)
                .collect(),
            prefix: text.ends_with(|c: char| c.is_alphanumeric()),
        }
    }

    fn matches(&self, token: &str) -> bool {
        let t = fold(token);
        self.words.iter().enumerate().any(|(i, w)| {
            if self.prefix && i + 1 == self.words.len() {
                t.starts_with(w.as_str())
            } else {
                t == *w
            }
        })
    }
}

/// The byte spans of the tokens of `text`: runs of letters and digits, as the index splits.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Whether any searched word occurs in `text`.
pub fn contains(text: &str, terms: &Terms) -> bool {
    tokens(text)
        .iter()
        .any(|(a, b)| terms.matches(&text[*a..*b]))
}

/// Up to `words` words of `text` around its first match, matches marked, "…" where cut.
pub fn snippet(text: &str, terms: &Terms, words: usize) -> String {
    let spans = tokens(text);
    if spans.is_empty() {
        return String::new();
    }
    let first = spans
        .iter()
        .position(|(a, b)| terms.matches(&text[*a..*b]))
        .unwrap_or(0);
    let from = first.saturating_sub(words / 3);
    let to = from.saturating_add(words).min(spans.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut cursor = spans[from].0;
    for &(a, b) in &spans[from..to] {
        out.push_str(&gap(&text[cursor..a]));
        if terms.matches(&text[a..b]) {
            out.push(MARK_START);
            out.push_str(&text[a..b]);
            out.push(MARK_END);
        } else {
            out.push_str(&text[a..b]);
        }
        cursor = b;
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
