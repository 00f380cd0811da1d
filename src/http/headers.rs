//! Security headers, set once as layers around the whole router (never per handler): a
//! handler that forgets them cannot exist.

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use super::CSP;

/// Two years: what browsers' preload lists ask for.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Wraps `router` in the headers every response carries: the CSP (only our own files and our
/// own API; no framing), no MIME sniffing, no referrer, no framing for older browsers, and
/// nothing cached (API answers and downloads are one person's data; the UI files are small
/// and local). `https`: the browser reaches us over TLS (served directly or by a proxy), so it
/// is told to keep doing so (HSTS).
pub fn secure<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let router = router
        .layer(set(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::CACHE_CONTROL, "no-store"));
    if https {
        router.layer(set(header::STRICT_TRANSPORT_SECURITY, HSTS))
    } else {
        router
    }
}
