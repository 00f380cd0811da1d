//! Commitment Tracker's display-free core: the domain, the SQLite store, one service function
//! per use case, the command table shared by the desktop window and the browser mode, the CLI
//! and the browser-mode HTTP server. Nothing here depends on Tauri or a webview.

pub mod api;
pub mod app;
pub mod browser_sign_in;
pub mod cli;
pub mod domain;
pub mod error;
pub mod export;
pub mod harness;
pub mod http;
pub mod import;
pub mod mail;
pub mod paths;
pub mod remote;
pub mod services;
pub mod store;
pub mod transfers;

pub use app::{App, OpenOptions};
pub use error::{ApiError, Error, ErrorKind};
