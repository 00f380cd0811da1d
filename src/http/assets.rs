//! Where browser mode finds the built UI's files.

use std::path::{Component, Path, PathBuf};

/// A source of the built UI's files, by URL path ("/index.html", "/assets/x.js").
pub trait AssetSource: Send + Sync {
    /// The file's bytes, if it exists.
    fn get(&self, path: &str) -> Option<Vec<u8>>;
}

/// The files of a directory (`ui/dist`).
pub struct DirAssets {
    root: PathBuf,
}

impl DirAssets {
    /// Serves the files below `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirAssets { root: root.into() }
    }

    /// The directory served.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl AssetSource for DirAssets {
    fn get(&self, path: &str) -> Option<Vec<u8>> {
        let rel = Path::new(path.trim_start_matches('/'));
        // Only plain names: no "..", no absolute paths, so nothing outside the root is served.
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return None;
        }
        std::fs::read(self.root.join(rel)).ok()
    }
}

/// The Content-Type for a file name.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}
