//! Uploads and downloads: files cross the network as request and response bodies, streamed to
//! and from disk (never whole in memory), and each belongs to the account that made it.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;

use super::assets;
use crate::app::App;
use crate::error::Error;
use crate::transfers;

/// The largest upload (a bundle of a large organisation's history fits; imports check their
/// own, smaller limits on what they read).
pub const MAX_UPLOAD: u64 = 64 * 1024 * 1024;

/// `POST /upload?name=FILE`: the file's name (its extension tells an import the format).
#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    #[serde(default)]
    pub name: Option<String>,
}

/// The answer to an upload: `{"uploadId", "name", "bytes"}`. An import names the file as
/// `{"name": …, "uploadId": …}` in its `source`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Uploaded {
    pub upload_id: String,
    pub name: String,
    pub bytes: u64,
}

/// Writes the request body to a new file for `owner`, stopping (and deleting it) past
/// [`MAX_UPLOAD`].
pub async fn receive(app: &App, owner: &str, name: &str, body: Body) -> Result<Uploaded, Error> {
    let name = transfers::safe_name(name);
    let dir = transfers::folder("uploads")?;
    let path = dir.join(transfers::new_id());
    let written = write_body(&path, body).await;
    match written {
        Ok(bytes) => Ok(Uploaded {
            upload_id: app.transfers().add_upload(owner, path, &name),
            name,
            bytes,
        }),
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            Err(e)
        }
    }
}

async fn write_body(path: &PathBuf, body: Body) -> Result<u64, Error> {
    let mut file = tokio::fs::File::create(path)
        .await
        .map_err(|e| Error::io(path, e))?;
    let mut stream = body.into_data_stream();
    let mut bytes: u64 = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| Error::BadRequest {
            message: format!("the upload was cut off: {e}"),
            field: Some("file".to_owned()),
        })?;
        bytes += chunk.len() as u64;
        if bytes > MAX_UPLOAD {
            return Err(Error::BadRequest {
                message: format!(
                    "the file is larger than {} MB, the most a server accepts",
                    MAX_UPLOAD / 1024 / 1024
                ),
                field: Some("file".to_owned()),
            });
        }
        file.write_all(&chunk)
            .await
            .map_err(|e| Error::io(path, e))?;
    }
    file.flush().await.map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

/// Deletes the served file once the response body is dropped (sent, or the reader went
/// away), after the file itself is closed: Windows cannot delete an open file.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `owner`'s export `id`, streamed from disk and then deleted (it is served once). Another
/// account's id is not found.
pub async fn send(app: &App, owner: &str, id: &str) -> Result<Response, Error> {
    let Some((path, name)) = app.transfers().take_download(id, owner) else {
        return Err(Error::NotFound {
            entity: "download",
            id: id.to_owned(),
        });
    };
    let guard = RemoveOnDrop(path.clone());
    let file = tokio::fs::File::open(&path)
        .await
        .map_err(|e| Error::io(&path, e))?;
    let len = file.metadata().await.map(|m| m.len()).ok();
    // Tuple fields drop in order: the reader (and its file) before the guard.
    let reader = tokio_util::io::ReaderStream::new(file);
    let body = futures_util::stream::unfold((reader, guard), |(mut reader, guard)| async move {
        reader.next().await.map(|chunk| (chunk, (reader, guard)))
    });
    let mut r = Response::new(Body::from_stream(body));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(assets::content_type(&name)),
    );
    if let Some(len) = len {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    let ascii: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\')
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}
