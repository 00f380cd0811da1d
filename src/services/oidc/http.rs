//! The HTTP client `openidconnect` speaks to the provider through: ureq (blocking, like the
//! services; rustls with the Mozilla roots; the `HTTPS_PROXY`/`NO_PROXY` variables honoured),
//! never following redirects (the crate's advice against server-side request forgery), with
//! a time limit and a cap on answers' size.

use std::time::Duration;

use openidconnect::{HttpRequest, HttpResponse, SyncHttpClient};

/// How long one request to the provider may take, connecting included.
const TIMEOUT: Duration = Duration::from_secs(15);

/// The largest answer read from the provider (a discovery document or key set is a few KB).
const MAX_BODY: u64 = 1024 * 1024;

/// A blocking HTTP client for the provider's discovery, key-set and token endpoints.
pub(crate) struct ProviderHttp(ureq::Agent);

/// A request to the provider that failed before it answered (or its answer was unreadable).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct HttpFailure(String);

impl ProviderHttp {
    pub(crate) fn new() -> ProviderHttp {
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            // Error statuses are answers too: the crate reads the provider's error JSON.
            .http_status_as_error(false)
            .timeout_global(Some(TIMEOUT))
            .user_agent(concat!("commitment-tracker/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        ProviderHttp(agent)
    }
}

impl SyncHttpClient for ProviderHttp {
    type Error = HttpFailure;

    fn call(&self, request: HttpRequest) -> Result<HttpResponse, HttpFailure> {
        let uri = request.uri().to_string();
        let response = self
            .0
            .run(request)
            .map_err(|e| HttpFailure(format!("{uri}: {e}")))?;
        let (parts, mut body) = response.into_parts();
        let bytes = body
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| HttpFailure(format!("{uri}: {e}")))?;
        Ok(HttpResponse::from_parts(parts, bytes))
    }
}
