//! Secrets handed to people (session cookies, access tokens): random from the operating
//! system, stored only as their SHA-256, compared in constant time.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::Error;

/// 32 random bytes from the operating system, as 43 characters of unpadded base64url after
/// `prefix` (256 bits: no guessing, and safe in a cookie, a header or a shell).
pub fn new_secret(prefix: &str) -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::Unsupported(format!("the operating system gave no random bytes: {e}"))
    })?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The SHA-256 of a secret, as 64 lowercase hex digits: what the database keeps. A fast hash
/// is enough here (unlike passwords): the secret is 256 random bits, not something a person
/// chose.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Whether two secrets (or digests) are equal, in time that does not depend on where they
/// first differ.
pub fn same(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_url_safe() {
        let a = new_secret("ct_").unwrap();
        let b = new_secret("ct_").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 3 + 43);
        assert!(a[3..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn digest_is_sha256_hex() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(same(&digest("x"), &digest("x")));
        assert!(!same(&digest("x"), &digest("y")));
        assert!(!same("ab", "abc"));
    }
}
