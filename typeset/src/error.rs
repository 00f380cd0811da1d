//! What can go wrong while typesetting; each becomes one line on standard error.

/// A typesetting failure.
#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    #[error("usage: ct-typeset YYYY-MM-DD < data.json > report.pdf")]
    Usage,
    #[error("not a date (YYYY-MM-DD): {0}")]
    Date(String),
    #[error("the report data: {0}")]
    Data(#[from] serde_json::Error),
    #[error("the built-in fonts: {0}")]
    Font(String),
    #[error("a compression worker stopped")]
    Worker,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
