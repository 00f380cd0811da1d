//! Argument and result types that exist only at the command boundary.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::app::App;
use crate::domain::CommitmentInput;
use crate::error::Error;
use crate::store::migrations;

/// No arguments (`{}`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct NoArgs {}

/// A record named by its UUID.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ById {
    pub id: String,
}

/// A record named by its UUID and the version the caller last saw.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionedId {
    pub id: String,
    pub expected_version: i32,
}

/// An edit of a commitment, based on the version the editor loaded.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCommitment {
    pub id: String,
    pub expected_version: i32,
    pub input: CommitmentInput,
}

/// About the running app.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub schema_version: u32,
}

impl AppInfo {
    /// The running app's facts.
    pub fn of(app: &App) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            db_path: app.store().path().display().to_string(),
            schema_version: migrations::latest_version(),
        }
    }
}

/// Decodes a command's arguments; `null` counts as `{}`. A malformed field is named.
pub fn parse<T: DeserializeOwned>(cmd: &str, args: Value) -> Result<T, Error> {
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    serde_json::from_value(args).map_err(|e| {
        let message = e.to_string();
        // serde_json names the field in its message ("missing field `commitmentId`").
        let field = message
            .split('`')
            .nth(1)
            .filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .map(str::to_owned);
        Error::BadRequest {
            message: format!("bad arguments for {cmd}: {message}"),
            field,
        }
    })
}
