//! Single sign-on through the organisation's OpenID Connect provider (Microsoft Entra ID, or
//! any other): the authorization code flow with PKCE and a nonce, for a confidential client
//! (client id and secret).
//!
//! 1. [`Oidc::begin`] makes the provider's sign-in URL and keeps a [`Pending`] sign-in (state,
//!    nonce, PKCE verifier) in this server's memory for 10 minutes, keyed by its state. The
//!    caller also gives the state to the browser (a cookie), so that the answer can be tied to
//!    the browser that started: a code obtained by someone else and planted in a victim's
//!    browser finds no matching cookie there (login cross-site request forgery).
//! 2. [`Oidc::finish`] takes the provider's answer ([`Callback`]) and the browser's copy of the
//!    state: both states must be equal (compared in constant time) and name a pending sign-in,
//!    which is then used up (a replayed answer finds nothing). The code is exchanged with the
//!    PKCE verifier; the ID token's signature, issuer, audience, expiry and nonce are checked;
//!    then the account is found (see [`Oidc::finish`]) and a session starts
//!    ([`sign_in::start_session`]).
//!
//! Why memory rather than a signed cookie for the pending sign-ins: a single server process
//! serves the team, a sign-in lasts seconds, and a memory entry can be used exactly once (a
//! signed cookie cannot be revoked after use without a server-side list anyway). A restart
//! loses sign-ins in progress: the person clicks again.
//!
//! The provider's metadata and signing keys are fetched (discovery) at the first use, again
//! after an hour, and at once when an ID token is signed with a key not yet seen (the provider
//! rotated its keys).

mod http;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreIdTokenClaims, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, SignatureVerificationError,
    TokenResponse as _,
};
use serde::Deserialize;

use self::http::ProviderHttp;
use crate::domain::{SignedIn, User};
use crate::error::Error;
use crate::services::accounts::{self, MAX_NAME};
use crate::services::native_sign_in::NativeClient;
use crate::services::sign_in::{self, SessionSecret};
use crate::services::{secrets, server_settings};
use crate::store::{self, Conn, Store};

/// The path the provider sends the browser back to, under the server's public URL.
pub const CALLBACK_PATH: &str = "/auth/oidc/callback";

/// How long a sign-in may take between [`Oidc::begin`] and [`Oidc::finish`].
pub const PENDING_MINUTES: u64 = 10;

/// At most this many sign-ins are pending at once; more are refused (kind `throttled`) until
/// some finish or expire, so that a flood of starts cannot fill the server's memory.
pub const MAX_PENDING: usize = 10_000;

/// The provider's metadata and keys are fetched again after this long.
const REDISCOVER_AFTER: Duration = Duration::from_secs(3600);

/// How single sign-on is set up (`ct serve --team --oidc-issuer … --oidc-client-id …`).
#[derive(Clone)]
pub struct OidcConfig {
    /// The provider's issuer URL, exactly as its discovery document
    /// (`<issuer>/.well-known/openid-configuration`) names it: for Microsoft Entra ID
    /// `https://login.microsoftonline.com/<tenant id>/v2.0`. `https://`, or `http://` on this
    /// computer only (a test provider).
    pub issuer: String,
    /// The client (application) id the provider gave this server.
    pub client_id: String,
    /// The client secret the provider gave this server.
    pub client_secret: String,
    /// Where the provider sends the browser back: `<public URL>/auth/oidc/callback`
    /// ([`OidcConfig::redirect_uri_for`]); registered with the provider exactly so.
    pub redirect_uri: String,
    /// Link an existing account by the token's e-mail even when the provider does not say it
    /// verified the address (Microsoft Entra ID never says, and a single tenant's e-mails are
    /// set by its own administrators). An explicit `email_verified: false` is never trusted.
    pub trust_unverified_email: bool,
}

impl OidcConfig {
    /// The redirect URI for a server reached at `public_url` (`https://tracker.example.org`).
    pub fn redirect_uri_for(public_url: &str) -> String {
        format!("{}{CALLBACK_PATH}", public_url.trim_end_matches('/'))
    }
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"…")
            .field("redirect_uri", &self.redirect_uri)
            .field("trust_unverified_email", &self.trust_unverified_email)
            .finish()
    }
}

/// The client once the provider's metadata is known: sign-in and token endpoints set.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
    EndpointMaybeSet,
>;

struct Discovered {
    client: Arc<Client>,
    at: Instant,
}

/// A sign-in begun and not yet finished. Its secrets never leave the server except the state
/// (in the sign-in URL and the browser's cookie).
pub struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    created: Instant,
    /// The desktop app or `ct` that began it through the system browser, if one did.
    native: Option<NativeClient>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pending(…)")
    }
}

impl Pending {
    /// The app that began this sign-in through the system browser (None: a browser signing
    /// in to the web UI).
    pub fn native(&self) -> Option<&NativeClient> {
        self.native.as_ref()
    }

    /// The same sign-in expecting another nonce in the ID token: for tests that prove a token
    /// whose nonce differs is refused. Not for production use.
    #[doc(hidden)]
    pub fn with_nonce(mut self, nonce: &str) -> Pending {
        nonce.clone_into(&mut self.nonce);
        self
    }

    /// The same sign-in presenting another PKCE verifier: for tests that prove the provider
    /// checks it. Not for production use.
    #[doc(hidden)]
    pub fn with_verifier(mut self, verifier: &str) -> Pending {
        verifier.clone_into(&mut self.verifier);
        self
    }
}

/// A sign-in just begun: send the browser to `url`, and give it `state` in a short-lived
/// cookie for [`Oidc::finish`].
#[derive(Debug, Clone)]
pub struct Started {
    /// The provider's sign-in page, with this sign-in's parameters.
    pub url: String,
    /// The sign-in's state (43 URL-safe characters): what the browser must show again.
    pub state: String,
}

/// The provider's answer, as the query of `GET /auth/oidc/callback`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    /// The issuer (RFC 9207), when the provider says it.
    pub iss: Option<String>,
    /// Set instead of `code` when the provider did not sign the person in.
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// Who the provider says signed in, from a verified ID token.
#[derive(Debug, Clone)]
struct Identity {
    issuer: String,
    subject: String,
    email: Option<String>,
    email_verified: Option<bool>,
    name: Option<String>,
    username: Option<String>,
}

/// Single sign-on with one OpenID Connect provider. Shared by all requests (`Arc<Oidc>`);
/// its calls block on the network and the database (run them off the async runtime).
pub struct Oidc {
    config: OidcConfig,
    issuer: IssuerUrl,
    redirect: RedirectUrl,
    http: ProviderHttp,
    provider: Mutex<Option<Discovered>>,
    pending: Mutex<HashMap<String, Pending>>,
}

fn unauthorized(message: impl Into<String>) -> Error {
    Error::Unauthorized(message.into())
}

/// An error's message followed by its sources' (the crate's top-level messages alone say
/// "Request failed").
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn is_loopback_host(url: &openidconnect::url::Url) -> bool {
    match url.host() {
        Some(openidconnect::url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(openidconnect::url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(openidconnect::url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

impl Oidc {
    /// Checks the configuration (no network yet). Kind `validation` with field `oidc-issuer`
    /// (not a URL, or `http://` beyond this computer: the client secret and the tokens would
    /// cross the network in clear), `oidc-client-id`, `oidc-client-secret` (empty) or
    /// `public-url` (the redirect URI is not a URL).
    pub fn new(config: OidcConfig) -> Result<Oidc, Error> {
        let issuer = IssuerUrl::new(config.issuer.trim().to_owned()).map_err(|e| {
            Error::validation(
                "oidc-issuer",
                format!("{:?} is not a URL: {e}", config.issuer),
            )
        })?;
        let url = issuer.url();
        let secure = url.scheme() == "https" || (url.scheme() == "http" && is_loopback_host(url));
        if !secure {
            return Err(Error::validation(
                "oidc-issuer",
                format!(
                    "the issuer {:?} must be an https:// URL (http:// only on this computer)",
                    config.issuer
                ),
            ));
        }
        if config.client_id.trim().is_empty() {
            return Err(Error::validation(
                "oidc-client-id",
                "the client id is empty",
            ));
        }
        if config.client_secret.trim().is_empty() {
            return Err(Error::validation(
                "oidc-client-secret",
                "the client secret is empty",
            ));
        }
        let redirect = RedirectUrl::new(config.redirect_uri.clone()).map_err(|e| {
            Error::validation(
                "public-url",
                format!(
                    "the redirect URI {:?} is not a URL: {e}",
                    config.redirect_uri
                ),
            )
        })?;
        Ok(Oidc {
            config,
            issuer,
            redirect,
            http: ProviderHttp::new(),
            provider: Mutex::new(None),
            pending: Mutex::new(HashMap::new()),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &OidcConfig {
        &self.config
    }

    /// Fetches the provider's metadata and keys now (the server does it at start, to say at
    /// once when the issuer is wrong). Kind `unavailable` when the provider cannot be
    /// reached or its discovery document is wrong (for Entra ID: an issuer with `common` or
    /// `organizations` instead of the tenant id names another issuer inside).
    pub fn discover(&self) -> Result<(), Error> {
        self.rediscover().map(|_| ())
    }

    fn rediscover(&self) -> Result<Arc<Client>, Error> {
        let issuer = self.issuer.as_str();
        let metadata = CoreProviderMetadata::discover(&self.issuer, &self.http).map_err(|e| {
            Error::Unavailable(format!(
                "the sign-in service {issuer} could not be used (its discovery document at {issuer}/.well-known/openid-configuration): {}",
                chain(&e)
            ))
        })?;
        let token_uri = metadata.token_endpoint().cloned().ok_or_else(|| {
            Error::Unavailable(format!(
                "the sign-in service {issuer} names no token endpoint"
            ))
        })?;
        let client = Arc::new(
            CoreClient::from_provider_metadata(
                metadata,
                ClientId::new(self.config.client_id.trim().to_owned()),
                Some(ClientSecret::new(
                    self.config.client_secret.trim().to_owned(),
                )),
            )
            .set_redirect_uri(self.redirect.clone())
            .set_token_uri(token_uri),
        );
        *self.provider.lock().unwrap_or_else(PoisonError::into_inner) = Some(Discovered {
            client: Arc::clone(&client),
            at: Instant::now(),
        });
        Ok(client)
    }

    /// The client, discovering the provider first when never done or over an hour ago (a
    /// failed refresh keeps the last good metadata).
    fn client(&self) -> Result<Arc<Client>, Error> {
        let known = self
            .provider
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|d| (Arc::clone(&d.client), d.at.elapsed() < REDISCOVER_AFTER));
        match known {
            Some((client, true)) => Ok(client),
            Some((client, false)) => Ok(self.rediscover().unwrap_or(client)),
            None => self.rediscover(),
        }
    }

    /// Begins a sign-in: the provider's sign-in URL (scopes `openid email profile`, a PKCE
    /// S256 challenge, a random state and nonce) and its state. Kind `unavailable` when the
    /// provider cannot be discovered; `throttled` when [`MAX_PENDING`] sign-ins are pending.
    pub fn begin(&self) -> Result<Started, Error> {
        self.begin_at(Instant::now())
    }

    /// [`Oidc::begin`] for the desktop app or `ct` ([`crate::services::native_sign_in`]):
    /// the callback then hands the app a one-time code instead of setting a session cookie.
    pub fn begin_native(&self, native: NativeClient) -> Result<Started, Error> {
        self.begin_with(Instant::now(), Some(native))
    }

    /// [`Oidc::begin`] at the moment `now`.
    pub fn begin_at(&self, now: Instant) -> Result<Started, Error> {
        self.begin_with(now, None)
    }

    fn begin_with(&self, now: Instant, native: Option<NativeClient>) -> Result<Started, Error> {
        let client = self.client()?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                || CsrfToken::new_random_len(32),
                || Nonce::new_random_len(32),
            )
            .add_scope(Scope::new("email".to_owned()))
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        let state = state.into_secret();
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        pending.retain(|_, p| !expired(p, now));
        if pending.len() >= MAX_PENDING {
            return Err(Error::Throttled {
                message: "too many sign-ins are in progress: try again in a minute".to_owned(),
                retry_after_secs: 60,
            });
        }
        pending.insert(
            state.clone(),
            Pending {
                state: state.clone(),
                nonce: nonce.secret().clone(),
                verifier: verifier.into_secret(),
                created: now,
                native,
            },
        );
        Ok(Started {
            url: url.to_string(),
            state,
        })
    }

    /// Finishes a sign-in from the provider's answer and the state the browser kept
    /// (`browser_state`, its cookie): the account and a new session.
    ///
    /// The account is the one linked to the token's (issuer, subject); else, once, the
    /// account with the token's e-mail when the provider says it verified it (or says nothing
    /// and [`OidcConfig::trust_unverified_email`] is set), which is then linked; else a new
    /// viewer when the server's settings allow sign-up (`sso_sign_up`) and the e-mail is
    /// trusted so. All refusals are kind `unauthorized` with a message for the person: states
    /// missing, different or unknown (replayed, or begun over [`PENDING_MINUTES`] minutes
    /// ago); the provider's own refusal (`error`); a code the provider will not exchange (a
    /// wrong PKCE verifier); an ID token whose signature, issuer, audience, expiry or nonce is
    /// wrong; no account and sign-up off ("ask an admin to create your account"); a disabled
    /// account. Kind `unavailable` when the provider cannot be reached.
    pub fn finish(
        &self,
        store: &Store,
        callback: &Callback,
        browser_state: Option<&str>,
    ) -> Result<(SignedIn, SessionSecret), Error> {
        let state = callback.state.as_deref().unwrap_or_default();
        let pending = self.claim(state, browser_state)?;
        self.complete(store, pending, callback)
    }

    /// The first half of [`Oidc::finish`]: the pending sign-in of this state, used up. Kind
    /// `unauthorized` when the browser's state is missing or differs, or the state is unknown
    /// or expired.
    pub fn claim(&self, state: &str, browser_state: Option<&str>) -> Result<Pending, Error> {
        self.claim_at(state, browser_state, Instant::now())
    }

    /// [`Oidc::claim`] at the moment `now`.
    pub fn claim_at(
        &self,
        state: &str,
        browser_state: Option<&str>,
        now: Instant,
    ) -> Result<Pending, Error> {
        let again = "start the sign-in again";
        if state.is_empty() {
            return Err(unauthorized(format!(
                "the sign-in service's answer carries no state: {again}"
            )));
        }
        if !browser_state.is_some_and(|b| secrets::same(b, state)) {
            return Err(unauthorized(format!(
                "this sign-in was not started in this browser (or its cookie was lost): {again}"
            )));
        }
        let found = self
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(state);
        let Some(pending) = found.filter(|p| secrets::same(&p.state, state)) else {
            return Err(unauthorized(format!(
                "this sign-in is unknown or was already used: {again}"
            )));
        };
        if expired(&pending, now) {
            return Err(unauthorized(format!(
                "this sign-in took longer than {PENDING_MINUTES} minutes: {again}"
            )));
        }
        Ok(pending)
    }

    /// The second half of [`Oidc::finish`], for a claimed pending sign-in.
    pub fn complete(
        &self,
        store: &Store,
        pending: Pending,
        callback: &Callback,
    ) -> Result<(SignedIn, SessionSecret), Error> {
        let user = self.account(store, pending, callback)?;
        let secret = sign_in::start_session(store, &user.id)?;
        Ok((SignedIn::from(&user), secret))
    }

    /// The account a claimed sign-in's answer signs in, without starting a session (a native
    /// app's sign-in gets a one-time code instead). Errors as [`Oidc::finish`]'s.
    pub fn account(
        &self,
        store: &Store,
        pending: Pending,
        callback: &Callback,
    ) -> Result<User, Error> {
        if let Some(error) = &callback.error {
            let why = callback.error_description.as_deref().unwrap_or(error);
            return Err(unauthorized(format!(
                "the organisation's sign-in service did not sign you in: {why}"
            )));
        }
        if let Some(iss) = &callback.iss {
            if iss != self.issuer.as_str() {
                return Err(unauthorized(format!(
                    "the answer names the sign-in service {iss:?}, not {:?}: start the sign-in again",
                    self.issuer.as_str()
                )));
            }
        }
        let Some(code) = callback.code.as_deref().filter(|c| !c.is_empty()) else {
            return Err(unauthorized(
                "the sign-in service's answer carries no code: start the sign-in again",
            ));
        };
        let identity = self.identity(pending, code)?;
        self.account_for(store, &identity)
    }

    /// Exchanges the code (with the PKCE verifier) and verifies the ID token.
    fn identity(&self, pending: Pending, code: &str) -> Result<Identity, Error> {
        let client = self.client()?;
        let issuer = self.issuer.as_str();
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier))
            .request(&self.http)
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(refusal) => unauthorized(format!(
                    "the sign-in service refused to complete the sign-in ({refusal}): start again"
                )),
                other => Error::Unavailable(format!(
                    "the sign-in service {issuer} could not complete the sign-in: {}",
                    chain(&other)
                )),
            })?;
        let token = response.id_token().ok_or_else(|| {
            Error::Unavailable(format!(
                "the sign-in service {issuer} sent no ID token (is the client registered for OpenID Connect?)"
            ))
        })?;
        let nonce = Nonce::new(pending.nonce);
        let mut checked = verified(&client, token, &nonce);
        if let Err(ClaimsVerificationError::SignatureVerification(
            SignatureVerificationError::NoMatchingKey,
        )) = checked
        {
            // The provider may have rotated its keys since they were fetched.
            let fresh = self.rediscover()?;
            checked = verified(&fresh, token, &nonce);
        }
        let claims = checked.map_err(|e| {
            unauthorized(format!(
                "the sign-in could not be verified ({}): start again",
                chain(&e)
            ))
        })?;
        Ok(Identity {
            issuer: self.issuer.as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
            email: claims.email().map(|e| e.as_str().trim().to_owned()),
            email_verified: claims.email_verified(),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_owned()),
            username: claims.preferred_username().map(|u| u.as_str().to_owned()),
        })
    }

    /// Whether the token's e-mail may stand for the person's (see
    /// [`OidcConfig::trust_unverified_email`]).
    fn email_trusted(&self, identity: &Identity) -> bool {
        identity
            .email_verified
            .unwrap_or(self.config.trust_unverified_email)
    }

    /// The account the identity signs in to, linked or created on the way (one transaction).
    fn account_for(&self, store: &Store, identity: &Identity) -> Result<User, Error> {
        let trusted = self.email_trusted(identity);
        store.write(|tx| {
            if let Some(u) = store::users::by_oidc(tx, &identity.issuer, &identity.subject)? {
                return enabled(u);
            }
            let email = identity.email.as_deref().filter(|e| !e.is_empty());
            if let Some(e) = email {
                if let Some(u) = store::users::by_email(tx, e)? {
                    return link(tx, u, identity, trusted);
                }
            }
            if !server_settings::get_tx(tx)?.sso_sign_up {
                return Err(unauthorized(match email {
                    Some(e) => format!(
                        "there is no account for {e} on this server: ask an admin to create your account"
                    ),
                    None => "there is no account for you on this server: ask an admin to create your account".to_owned(),
                }));
            }
            let Some(e) = email.filter(|_| trusted) else {
                return Err(unauthorized(
                    "the sign-in service gave no verified e-mail address, which a new account needs: ask an admin to create your account",
                ));
            };
            accounts::add_linked_viewer_tx(
                tx,
                e,
                &display_name(identity, e),
                &identity.issuer,
                &identity.subject,
            )
        })
    }
}

fn expired(p: &Pending, now: Instant) -> bool {
    now.saturating_duration_since(p.created) > Duration::from_secs(PENDING_MINUTES * 60)
}

fn verified<'t>(
    client: &Client,
    token: &'t CoreIdToken,
    nonce: &Nonce,
) -> Result<&'t CoreIdTokenClaims, ClaimsVerificationError> {
    token.claims(&client.id_token_verifier(), nonce)
}

fn enabled(u: User) -> Result<User, Error> {
    if u.disabled {
        return Err(unauthorized("this account is disabled: ask an admin"));
    }
    Ok(u)
}

/// Links the account with the token's e-mail to the identity, when the e-mail is trusted and
/// the account is not linked to another identity already.
fn link(tx: &Conn<'_>, u: User, identity: &Identity, trusted: bool) -> Result<User, Error> {
    if !trusted {
        return Err(unauthorized(format!(
            "an account with the e-mail {} exists, but the sign-in service does not say it verified that address, so you were not signed in to it: ask an admin",
            u.email
        )));
    }
    if u.single_sign_on {
        return Err(unauthorized(format!(
            "the account {} is linked to another single sign-on identity: ask an admin",
            u.email
        )));
    }
    let u = enabled(u)?;
    store::users::link_oidc(
        tx,
        &u.id,
        &identity.issuer,
        &identity.subject,
        &crate::domain::time::now(),
    )?;
    accounts::record_sso_link(tx, &u, &identity.issuer, &identity.subject)?;
    Ok(User {
        single_sign_on: true,
        ..u
    })
}

/// A new account's name: the token's `name`, else its `preferred_username`, else the
/// e-mail's part before the @; at most [`MAX_NAME`] characters.
fn display_name(identity: &Identity, email: &str) -> String {
    let chosen = [identity.name.as_deref(), identity.username.as_deref()]
        .into_iter()
        .flatten()
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_owned());
    chosen.chars().take(MAX_NAME).collect()
}
