//! Sending e-mail over SMTP (lettre, TLS by rustls with the system's certificate store). Only
//! the transport lives here: which notices are due and what they say is
//! `services::notices`'s.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::SmtpTransport;
use lettre::{Address, Message, Transport};

use crate::error::Error;

/// The environment variable that holds the SMTP URL (it may hold a password: help never
/// shows its value).
pub const SMTP_URL_ENV: &str = "COMMITMENT_TRACKER_SMTP_URL";
/// The environment variable that holds the sender's address.
pub const MAIL_FROM_ENV: &str = "COMMITMENT_TRACKER_MAIL_FROM";

/// How long one SMTP command may take before the server counts as unreachable.
const TIMEOUT: Duration = Duration::from_secs(30);

/// One e-mail to one person: a plain-text body and its HTML alternative, UTF-8 throughout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Why one e-mail was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    /// A message for a person (never the SMTP URL: it may hold a password).
    pub message: String,
    /// The server could not be reached or refused the session (connection, TLS, time-out,
    /// sign-in): the next e-mails would fail the same way. False when the server answered
    /// about this e-mail alone (a refused recipient).
    pub server_down: bool,
}

/// An SMTP server to send through, and the sender's address.
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    /// `host:port`, for messages.
    server: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds the credentials: never printed.
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `smtp_url` and the sender `from`.
    ///
    /// `smtp_url` is lettre's connection URL: `smtps://user:pass@host[:465]` (TLS from the
    /// start), `smtp://user:pass@host[:587]?tls=required` (STARTTLS), or `smtp://host[:25]`
    /// (no encryption: only for a relay on the same machine or network). User and password
    /// are percent-encoded. `from` is an address, optionally with a name:
    /// `Commitment Tracker <tracker@example.org>`. Nothing is connected yet.
    ///
    /// Errors: `Validation` on `smtpUrl` (the message never repeats the URL, which may hold a
    /// password) or on `mailFrom`.
    pub fn new(smtp_url: &str, from: &str) -> Result<Mailer, Error> {
        let from: Mailbox = from.trim().parse().map_err(|e| {
            Error::validation(
                "mailFrom",
                format!("the sender {from:?} is not an e-mail address ({e})"),
            )
        })?;
        let server = server_of(smtp_url).ok_or_else(|| {
            Error::validation(
                "smtpUrl",
                "the SMTP URL is not a URL like smtps://user:password@mail.example.org or smtp://host:port?tls=required",
            )
        })?;
        let transport = SmtpTransport::from_url(smtp_url)
            .map_err(|e| {
                Error::validation(
                    "smtpUrl",
                    format!("the SMTP URL for {server} cannot be used: {e}"),
                )
            })?
            .timeout(Some(TIMEOUT))
            .build();
        Ok(Mailer {
            transport,
            from,
            server,
        })
    }

    /// The server, as `host:port` (no credentials).
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Sends one e-mail, waiting for the server's answer.
    pub fn send(&self, email: &Email) -> Result<(), SendFailure> {
        let message = self.message(email)?;
        self.transport.send(&message).map(|_| ()).map_err(|e| {
            let server_down = !about_this_email(&e);
            SendFailure {
                message: if server_down {
                    format!("the mail server {} cannot be used: {e}", self.server)
                } else {
                    format!("the mail server {} refused the e-mail: {e}", self.server)
                },
                server_down,
            }
        })
    }

    fn message(&self, email: &Email) -> Result<Message, SendFailure> {
        let refused = |message: String| SendFailure {
            message,
            server_down: false,
        };
        let address: Address = email.to_address.parse().map_err(|e| {
            refused(format!(
                "{:?} is not an e-mail address ({e})",
                email.to_address
            ))
        })?;
        Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(email.to_name.clone()), address))
            .subject(email.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| refused(format!("the e-mail could not be written: {e}")))
    }
}

/// Whether the server answered about this e-mail alone: a reply of the mail-system category
/// (x5x: 550 no such mailbox, 552 too large, 451 try later). Anything else (no connection,
/// TLS, a time-out, 421 closing, 530/535 sign-in refused) concerns every e-mail.
fn about_this_email(e: &lettre::transport::smtp::Error) -> bool {
    use lettre::transport::smtp::response::Category;
    e.status()
        .is_some_and(|code| code.category == Category::MailSystem)
}

/// `host:port` of an SMTP URL (the scheme's default port when none is given), or None when
/// it is not a URL of either scheme.
fn server_of(smtp_url: &str) -> Option<String> {
    let (scheme, rest) = smtp_url.trim().split_once("://")?;
    let default_port = match scheme {
        "smtps" => 465,
        "smtp" if rest.contains("tls=") => 587,
        "smtp" => 25,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    // The credentials end at the last '@' (a password may hold one, percent-encoded or not).
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.is_empty() {
        return None;
    }
    let has_port = host_port
        .rsplit_once(':')
        .is_some_and(|(_, p)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !host_port.ends_with(']');
    Some(if has_port {
        host_port.to_owned()
    } else {
        format!("{host_port}:{default_port}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_is_named_without_credentials() {
        assert_eq!(
            server_of("smtps://me:p%40ss@mail.example.org").as_deref(),
            Some("mail.example.org:465")
        );
        assert_eq!(
            server_of("smtp://me:pa@ss@mail.example.org:2525?tls=required").as_deref(),
            Some("mail.example.org:2525")
        );
        assert_eq!(
            server_of("smtp://127.0.0.1").as_deref(),
            Some("127.0.0.1:25")
        );
        assert_eq!(server_of("smtp://[::1]").as_deref(), Some("[::1]:25"));
        assert_eq!(server_of("http://mail.example.org"), None);
        assert_eq!(server_of("mail.example.org"), None);
    }

    #[test]
    fn a_bad_url_is_refused_without_repeating_the_password() {
        let e = Mailer::new("smtp://me:s3cret@host?tls=sometimes", "a@example.org").unwrap_err();
        assert_eq!(e.field(), Some("smtpUrl"));
        assert!(!e.to_string().contains("s3cret"), "{e}");
        let e = Mailer::new("smtp://host", "not an address").unwrap_err();
        assert_eq!(e.field(), Some("mailFrom"));
        assert!(Mailer::new("smtp://127.0.0.1:2525", "CT <ct@example.org>").is_ok());
    }
}
