//! Passwords: the policy a new one must meet, and hashing with argon2id (through
//! `password-auth`, RustCrypto's wrapper: argon2id with OWASP's parameters, a random salt, the
//! result as a PHC string that records its own parameters).

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::error::Error;

/// Shorter passwords are refused: length is what resists guessing (NIST SP 800-63B).
pub const MIN_CHARS: usize = 12;

/// Longer passwords are refused: hashing cost grows with length, and no one types more.
pub const MAX_CHARS: usize = 1_000;

/// The common passwords of Django's `CommonPasswordValidator`, one a line, lowercase (19,640
/// lines, from the PyPI package `django` 5.2, `django/contrib/auth/common-passwords.txt.gz`;
/// compiled by Royce Williams; BSD-3-Clause, see `common_passwords.NOTICE`). Only about 190
/// of them have 12 characters or more; the rest would count only under a shorter minimum.
const COMMON: &str = include_str!("common_passwords.txt");

fn common() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| COMMON.lines().map(|l| l.trim().to_lowercase()).collect())
}

/// Whether the password is in the shipped list of common passwords (compared without case).
pub fn is_common(password: &str) -> bool {
    common().contains(&password.trim().to_lowercase())
}

/// Refuses (kind `validation`, field `password`) a password shorter than [`MIN_CHARS`] or
/// longer than [`MAX_CHARS`], a common one, or one equal to the account's e-mail, the part of
/// it before `@`, or its name (without case).
pub fn check(password: &str, email: &str, name: &str) -> Result<(), Error> {
    let chars = password.chars().count();
    let refuse = |why: String| Err(Error::validation("password", why));
    if chars < MIN_CHARS {
        return refuse(format!(
            "the password has {chars} characters: it needs at least {MIN_CHARS} (a few words make a good one)"
        ));
    }
    if chars > MAX_CHARS {
        return refuse(format!(
            "the password is longer than {MAX_CHARS} characters"
        ));
    }
    if is_common(password) {
        return refuse("this password is one of the most common ones: choose another".to_owned());
    }
    let lower = password.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if [email, local, name]
        .iter()
        .any(|s| !s.trim().is_empty() && s.trim().to_lowercase() == lower)
    {
        return refuse("the password may not be the account's e-mail or name".to_owned());
    }
    Ok(())
}

/// The argon2id hash of a password, as a PHC string.
pub fn hash(password: &str) -> String {
    password_auth::generate_hash(password)
}

/// Whether the password matches the stored hash (false for a hash that cannot be read).
pub fn verify(password: &str, hash: &str) -> bool {
    password_auth::verify_password(password, hash).is_ok()
}

/// Spends the time of one [`verify`] and answers false: for an unknown e-mail, so that how long
/// a refusal takes does not tell whether the account exists.
pub fn verify_nothing(password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("no account has this password, nor any"));
    let _ = verify(password, dummy);
    false
}
