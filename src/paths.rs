//! Where the data lives. The desktop shell and the CLI agree on it, so `ct` finds the
//! database the window uses.

use std::path::PathBuf;

/// The app identifier; also the name of the per-user data directory (Tauri's app data dir).
pub const APP_IDENTIFIER: &str = "org.commitmenttracker.desktop";

/// The environment variable that names the database file, overriding the default.
pub const DB_ENV: &str = "COMMITMENT_TRACKER_DB";

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "commitment-tracker.sqlite3";

/// The per-user data directory (`~/.local/share/org.commitmenttracker.desktop` on Linux).
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
}

/// The default database path.
pub fn default_db_path() -> PathBuf {
    data_dir().join(DB_FILE)
}
