//! Files handed between a browser and the server: uploads waiting to be imported and exports
//! waiting to be downloaded. Each belongs to the account that made it (its key: the signed-in
//! account's id on a team server, the computer's account otherwise); another account neither
//! sees nor takes it. A team server never reads or writes a path a client names: files come
//! in as uploads and go out as downloads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::Error;

/// How long an upload or an export not yet downloaded is kept.
pub const KEEP_FOR: Duration = Duration::from_secs(60 * 60);

/// A file on the server's disk that one account handed in or is to take away.
#[derive(Debug, Clone)]
struct Held {
    owner: String,
    path: PathBuf,
    /// The name the person knows the file by (its extension tells the import its format).
    name: String,
    since: Instant,
}

/// An upload, as an import finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub path: PathBuf,
    pub name: String,
}

/// Uploads and downloads under way, by random id.
#[derive(Debug, Default)]
pub struct Transfers {
    uploads: Mutex<HashMap<String, Held>>,
    downloads: Mutex<HashMap<String, Held>>,
}

/// The folder this process keeps its uploads or downloads in (created when missing). The
/// first time in a process, files older than [`KEEP_FOR`] are deleted from it: those of a
/// server that was killed before it could clean up after itself.
pub fn folder(kind: &str) -> Result<PathBuf, Error> {
    static SWEPT: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let dir = std::env::temp_dir().join(format!("commitment-tracker-{kind}"));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut swept = lock(&SWEPT);
    if !swept.iter().any(|k| k == kind) {
        swept.push(kind.to_owned());
        remove_stale(&dir);
    }
    Ok(dir)
}

fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > KEEP_FOR);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A new random id (32 hex digits: unguessable, and safe in a file name and a URL).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Forgets (and deletes) the files held longer than [`KEEP_FOR`].
fn sweep(map: &mut HashMap<String, Held>) {
    map.retain(|_, h| {
        let keep = h.since.elapsed() < KEEP_FOR;
        if !keep {
            let _ = std::fs::remove_file(&h.path);
        }
        keep
    });
}

impl Transfers {
    /// Registers a file written for `owner` to download once; returns its id.
    pub fn add_download(&self, owner: &str, path: PathBuf, name: &str) -> String {
        let id = new_id();
        let mut map = lock(&self.downloads);
        sweep(&mut map);
        map.insert(
            id.clone(),
            Held {
                owner: owner.to_owned(),
                path,
                name: name.to_owned(),
                since: Instant::now(),
            },
        );
        id
    }

    /// Takes `owner`'s download `id` (it is served once): its path and file name. Another
    /// account's id is answered as unknown and stays for its owner.
    pub fn take_download(&self, id: &str, owner: &str) -> Option<(PathBuf, String)> {
        let mut map = lock(&self.downloads);
        if map.get(id)?.owner != owner {
            return None;
        }
        map.remove(id).map(|h| (h.path, h.name))
    }

    /// Registers a file `owner` uploaded (already on disk at `path`); returns its id.
    pub fn add_upload(&self, owner: &str, path: PathBuf, name: &str) -> String {
        let id = new_id();
        let mut map = lock(&self.uploads);
        sweep(&mut map);
        map.insert(
            id.clone(),
            Held {
                owner: owner.to_owned(),
                path,
                name: name.to_owned(),
                since: Instant::now(),
            },
        );
        id
    }

    /// `owner`'s upload `id`. It stays until it expires, so a preview and the import after it
    /// read the same file. Another account's id is not found.
    pub fn upload(&self, id: &str, owner: &str) -> Result<Upload, Error> {
        let map = lock(&self.uploads);
        match map.get(id) {
            Some(h) if h.owner == owner && h.since.elapsed() < KEEP_FOR => Ok(Upload {
                path: h.path.clone(),
                name: h.name.clone(),
            }),
            _ => Err(Error::NotFound {
                entity: "upload",
                id: id.to_owned(),
            }),
        }
    }
}

impl Drop for Transfers {
    fn drop(&mut self) {
        for map in [&self.uploads, &self.downloads] {
            for h in lock(map).values() {
                let _ = std::fs::remove_file(&h.path);
            }
        }
    }
}

/// A file name a person gave, reduced to what is safe in a header and on disk: no folders,
/// no quotes or control characters, at most 120 characters; "file" when nothing is left.
pub fn safe_name(name: &str) -> String {
    let base = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = base.rsplit('\\').next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '/' | '\\' | ';'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "file".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_is_only_its_owners_and_served_once() {
        let t = Transfers::default();
        let id = t.add_download("ana", PathBuf::from("/nonexistent/x.csv"), "x.csv");
        assert_eq!(t.take_download(&id, "bob"), None);
        assert!(t.take_download(&id, "ana").is_some());
        assert_eq!(t.take_download(&id, "ana"), None);
    }

    #[test]
    fn an_upload_is_only_its_owners() {
        let t = Transfers::default();
        let id = t.add_upload("ana", PathBuf::from("/nonexistent/u"), "a.csv");
        assert!(t.upload(&id, "bob").is_err());
        assert_eq!(t.upload(&id, "ana").unwrap().name, "a.csv");
        // Still there for the import after the preview.
        assert!(t.upload(&id, "ana").is_ok());
    }

    #[test]
    fn names_lose_folders_and_quotes() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\x\\a\"b.csv"), "ab.csv");
        assert_eq!(safe_name(""), "file");
        assert_eq!(safe_name("..."), "file");
    }
}
