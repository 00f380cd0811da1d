//! Signing in to a team server's single sign-on from the desktop app or `ct`, through the
//! system browser (RFC 8252): the person signs in where they always do (their browser, its
//! saved passwords and second factors), and the app never sees their password.
//!
//! The app listens on a loopback port, opens the browser at the server's
//! `/auth/oidc/start?native=http://127.0.0.1:PORT/signed-in&challenge=…`, receives the
//! one-time code on that port, and exchanges it with its secret for a personal access token
//! (the server's side: [`crate::services::native_sign_in`]).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::remote::Remote;
use crate::services::native_sign_in::challenge_of;
use crate::services::secrets;

/// How long the app waits for the person to finish signing in.
pub const WAIT: Duration = Duration::from_secs(300);

/// Opens `url` in the system browser (`$BROWSER`, xdg-open, `open`, the Windows shell).
///
/// Errors: `unavailable` when no browser can be started (the caller shows the URL).
pub fn open_system_browser(url: &str) -> Result<(), Error> {
    webbrowser::open(url).map_err(|e| {
        Error::Unavailable(format!("no web browser could be opened ({e}): open {url}"))
    })
}

/// Signs in through the browser and returns a [`Remote`] holding the new personal access
/// token (labelled `label`). `open` is given the sign-in URL (it opens a browser; if it fails
/// the person can still open the URL themselves: the wait goes on).
///
/// Errors: `unauthorized` (the provider or the server refused: their message), `cancelled`
/// (nobody finished within `wait`), the server's others.
pub fn sign_in(
    server: &str,
    label: &str,
    open: impl FnOnce(&str) -> Result<(), Error>,
    wait: Duration,
) -> Result<Remote, Error> {
    if !Remote::sign_in_methods(server)?.single_sign_on {
        return Err(Error::BadRequest {
            message: format!(
                "{server} has no single sign-on: sign in with your e-mail and password, or a personal access token"
            ),
            field: Some("server".to_owned()),
        });
    }
    let verifier = secrets::new_secret("")?;
    let listener =
        TcpListener::bind(("127.0.0.1", 0)).map_err(|e| Error::io("127.0.0.1 (loopback)", e))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::io("127.0.0.1 (loopback)", e))?
        .port();
    let redirect = format!("http://127.0.0.1:{port}/signed-in");
    let enc = |s: &str| -> String {
        openidconnect::url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
    };
    let url = format!(
        "{}/auth/oidc/start?native={}&challenge={}",
        server.trim().trim_end_matches('/'),
        enc(&redirect),
        challenge_of(&verifier)
    );
    if let Err(e) = open(&url) {
        eprintln!("{e}");
    }
    let code = wait_for_code(&listener, wait)?;
    Remote::exchange_code(server, &code, &verifier, label)
}

/// The code (or the refusal) the browser brings to the loopback port.
fn wait_for_code(listener: &TcpListener, wait: Duration) -> Result<String, Error> {
    let loopback = |e| Error::io("127.0.0.1 (loopback)", e);
    listener.set_nonblocking(true).map_err(loopback)?;
    let deadline = Instant::now() + wait;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                if let Some(answer) = answer_of(stream) {
                    return answer;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(Error::Cancelled);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => return Err(loopback(e)),
        }
    }
}

/// Reads one request; the sign-in's answer if it is `GET /signed-in?…` (None for anything
/// else the browser asks, e.g. a favicon).
fn answer_of(mut stream: TcpStream) -> Option<Result<String, Error>> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("GET "))
        .and_then(|l| l.split(' ').next())
        .unwrap_or_default();
    let Some(query) = target.strip_prefix("/signed-in?") else {
        let _ = stream
            .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        return None;
    };
    let mut code = None;
    let mut error = None;
    for (k, v) in openidconnect::url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "code" => code = Some(v.into_owned()),
            "error" => error = Some(v.into_owned()),
            _ => {}
        }
    }
    let (title, said) = match (&code, &error) {
        (Some(_), _) => (
            "Signed in",
            "You are signed in. You can close this tab and go back to Commitment Tracker."
                .to_owned(),
        ),
        (None, Some(e)) => ("Not signed in", format!("You are not signed in: {e}")),
        (None, None) => ("Not signed in", "The answer held no code.".to_owned()),
    };
    let page = format!(
        "<!doctype html><meta charset=utf-8><title>{title}</title><p>{}</p>",
        html_escape(&said)
    );
    let _ = stream.write_all(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{page}",
            page.len()
        )
        .as_bytes(),
    );
    Some(match (code, error) {
        (Some(c), _) => Ok(c),
        (None, Some(e)) => Err(Error::Unauthorized(e)),
        (None, None) => Err(Error::Unauthorized(
            "the sign-in's answer held no code: sign in again".to_owned(),
        )),
    })
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
