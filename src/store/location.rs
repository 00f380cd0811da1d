//! Where a database lives: a SQLite file, or a PostgreSQL database named by a URL.

use std::fmt;
use std::path::{Path, PathBuf};

/// A database: a file path, or a `postgres://` / `postgresql://` URL (libpq style, a unix
/// socket directory as `?host=/path` too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Postgres(String),
}

impl Location {
    /// Reads `--db`'s value: a URL when it starts with `postgres://` or `postgresql://`,
    /// else a file path.
    pub fn parse(s: &str) -> Location {
        let lower = s.get(..13).unwrap_or(s).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Location::Postgres(s.to_owned())
        } else {
            Location::File(PathBuf::from(s))
        }
    }

    /// A path that looks like a URL of another (or a mistyped) scheme: `postgresql:/x`,
    /// `postgress://x`, `pg://x`. Opening it as a file would quietly make a new local database
    /// (with the password in a folder's name) where a server was meant. One-letter "schemes"
    /// are Windows drives (`C:/…`).
    pub fn mistyped_url(&self) -> Option<&str> {
        let Location::File(p) = self else {
            return None;
        };
        let s = p.to_str()?;
        let (scheme, rest) = s.split_once(':')?;
        let looks_like_scheme = scheme.len() >= 2
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic());
        (looks_like_scheme && rest.starts_with('/')).then_some(scheme)
    }

    /// The file, for a SQLite database.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(p) => Some(p),
            Location::Postgres(_) => None,
        }
    }

    /// How to show it: the path, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(url) => redact_password(url),
        }
    }

    /// As a path, for messages that name the database (a URL without its password).
    pub fn as_message_path(&self) -> PathBuf {
        PathBuf::from(self.display())
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (auth, tail) = match rest.find('@') {
        Some(at) if rest[..at].find('/').is_none() => (&rest[..at], &rest[at..]),
        _ => return url.to_owned(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***{tail}"),
        None => url.to_owned(),
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

// A path that reads as a `postgres://` URL is one (`--db` arrives as an OS string).
impl From<&Path> for Location {
    fn from(p: &Path) -> Self {
        match p.to_str() {
            Some(s) => Location::parse(s),
            None => Location::File(p.to_owned()),
        }
    }
}
impl From<PathBuf> for Location {
    fn from(p: PathBuf) -> Self {
        Location::from(p.as_path())
    }
}
impl From<&PathBuf> for Location {
    fn from(p: &PathBuf) -> Self {
        Location::from(p.as_path())
    }
}
impl From<&str> for Location {
    fn from(s: &str) -> Self {
        Location::parse(s)
    }
}
impl From<&String> for Location {
    fn from(s: &String) -> Self {
        Location::parse(s)
    }
}
impl From<&Location> for Location {
    fn from(l: &Location) -> Self {
        l.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        assert!(matches!(
            Location::parse("postgresql://ct@/db?host=/tmp"),
            Location::Postgres(_)
        ));
        assert!(matches!(
            Location::parse("POSTGRES://h/db"),
            Location::Postgres(_)
        ));
        assert!(matches!(
            Location::parse("postgres.sqlite3"),
            Location::File(_)
        ));
        assert_eq!(
            Location::parse("postgres://ct:secret@h:5432/db").display(),
            "postgres://ct:***@h:5432/db"
        );
    }
}
