//! Scripts written without spaces between words (Chinese, Japanese, Korean word-runs, Thai,
//! Lao, Khmer, Myanmar): FTS5's word tokenizer sees a whole run of them as one word, so
//! search finds their words by substring instead (see docs/decisions/0001-cjk-search.md).

/// Whether `c` belongs to a script searched by substring. Keep in step with the GLOB class in
/// migrations/0009_search_unspaced_scripts.sql, which picks the records indexed for it.
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'       // CJK Unified Ideographs Extension A
        | '\u{4E00}'..='\u{9FFF}'     // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}'     // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{323AF}'   // CJK Extensions B–H
        | '\u{3005}'..='\u{3007}'     // 々 〆 〇
        | '\u{3041}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}'     // Katakana Phonetic Extensions
        | '\u{FF66}'..='\u{FF9F}'     // Halfwidth Katakana
        | '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{3130}'..='\u{318F}'     // Hangul Compatibility Jamo
        | '\u{A960}'..='\u{A97F}'     // Hangul Jamo Extended-A
        | '\u{AC00}'..='\u{D7FF}'     // Hangul Syllables, Jamo Extended-B
        | '\u{0E00}'..='\u{0E7F}'     // Thai
        | '\u{0E80}'..='\u{0EFF}'     // Lao
        | '\u{1000}'..='\u{109F}'     // Myanmar
        | '\u{A9E0}'..='\u{A9FF}'     // Myanmar Extended-B
        | '\u{AA60}'..='\u{AA7F}'     // Myanmar Extended-A
        | '\u{1780}'..='\u{17FF}'     // Khmer
        | '\u{19E0}'..='\u{19FF}'     // Khmer Symbols
    )
}

/// One word of a query: letters and digits of a spaced script (searched as a word, as
/// before), or a run of an unspaced script (searched as a substring).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word<'a> {
    Spaced(&'a str),
    Unspaced(&'a str),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Spaced,
    Unspaced,
    Separator,
}

fn class(c: char) -> Class {
    // Unspaced first: Thai tone marks, for one, are not alphanumeric but belong to the word.
    if is_unspaced(c) {
        Class::Unspaced
    } else if c.is_alphanumeric() {
        Class::Spaced
    } else {
        Class::Separator
    }
}

/// The words of `text` in order; a run mixing both kinds ("DTM数据") is split where the
/// script changes.
pub fn words(text: &str) -> Vec<Word<'_>> {
    spans(text)
        .into_iter()
        .map(|(from, to, unspaced)| {
            if unspaced {
                Word::Unspaced(&text[from..to])
            } else {
                Word::Spaced(&text[from..to])
            }
        })
        .collect()
}

/// The byte spans of the words of `text`, each with whether it is of an unspaced script.
pub fn spans(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut run: Option<(usize, Class)> = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        match run {
            Some((_, prev)) if prev == k => {}
            Some((from, prev)) => {
                if prev != Class::Separator {
                    out.push((from, i, prev == Class::Unspaced));
                }
                run = Some((i, k));
            }
            None => run = Some((i, k)),
        }
    }
    if let Some((from, k)) = run {
        if k != Class::Separator {
            out.push((from, text.len(), k == Class::Unspaced));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_by_script() {
        assert_eq!(
            words("DTM数据, 移民 réfugiés ผู้ลี้ภัย"),
            [
                Word::Spaced("DTM"),
                Word::Unspaced("数据"),
                Word::Unspaced("移民"),
                Word::Spaced("réfugiés"),
                Word::Unspaced("ผู้ลี้ภัย"),
            ]
        );
        assert!(words(" ,. ").is_empty());
    }

    /// The class of characters migration 0009 copies into the trigram index is this module's.
    #[test]
    fn the_migration_picks_the_same_characters() {
        let sql = include_str!("../../migrations/0009_search_unspaced_scripts.sql");
        let classes: Vec<&str> = sql
            .split("GLOB '*[")
            .skip(1)
            .filter_map(|rest| rest.split_once("]*'").map(|(class, _)| class))
            .collect();
        assert_eq!(
            classes.len(),
            6,
            "the triggers that copy rows, and the fill"
        );
        assert!(classes.iter().all(|c| *c == classes[0]));
        let chars: Vec<char> = classes[0].chars().collect();
        let ranges: Vec<(char, char)> = chars.chunks(3).map(|r| (r[0], r[2])).collect();
        assert!(chars.chunks(3).all(|r| r.len() == 3 && r[1] == '-'));
        for c in (0..=0x3_FFFF).filter_map(char::from_u32) {
            let in_sql = ranges.iter().any(|&(a, b)| a <= c && c <= b);
            assert_eq!(in_sql, is_unspaced(c), "U+{:04X}", c as u32);
        }
    }

    /// PostgreSQL's `search_documents.unspaced` keeps the characters of the same class.
    #[test]
    fn the_postgresql_schema_keeps_the_same_characters() {
        let sqlite = include_str!("../../migrations/0009_search_unspaced_scripts.sql");
        let class = sqlite
            .split("GLOB '*[")
            .nth(1)
            .and_then(|rest| rest.split_once("]*'"))
            .map(|(class, _)| class)
            .unwrap();
        let pg = include_str!("../../migrations/postgres/0001_schema.sql");
        assert!(
            pg.contains(&format!("'[^{class}]+', ' ', 'g'")),
            "search_documents.unspaced"
        );
    }
}
