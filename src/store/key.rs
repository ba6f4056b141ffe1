//! The store's encryption key, and the recovery phrase a person can write down to get it back.
//!
//! The key is 32 random bytes handed to SQLCipher as a raw key, so no passphrase stretching sits
//! between the keychain and the file. The recovery phrase is the same 32 bytes written in groups of
//! base32 letters with a short checksum, so a mistyped phrase is caught before it is tried.

use std::fmt;

use data_encoding::BASE32_NOPAD;
use sha2::{Digest, Sha256};
use thiserror::Error;
use zeroize::{Zeroize, Zeroizing};

/// How many bytes of checksum the recovery phrase carries.
const CHECKSUM_BYTES: usize = 3;
/// Letters per group in the written phrase.
const GROUP: usize = 4;
/// Letters in a phrase: the key and its checksum in base32, five bits a letter.
const PHRASE_LETTERS: usize = ((32 + CHECKSUM_BYTES) * 8).div_ceil(5);

/// A 256-bit store key. Never printed: its `Debug` shows nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct StoreKey([u8; 32]);

impl StoreKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<StoreKey, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(StoreKey(bytes))
    }

    /// The key as SQLCipher's raw-key literal, `x'…'`, in memory that is wiped when dropped.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex(&self.0)))
    }

    /// The key as stored in the keychain: lowercase hex.
    pub(crate) fn to_secret_text(&self) -> Zeroizing<String> {
        Zeroizing::new(hex(&self.0))
    }

    /// Reads the keychain's text back; `None` when it is not a key this app wrote.
    pub(crate) fn from_secret_text(text: &str) -> Option<StoreKey> {
        let text = text.trim();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        Some(StoreKey(bytes))
    }

    /// The recovery phrase: fourteen groups of four letters and digits, e.g. `ABCD-EFGH-…`.
    pub fn recovery_phrase(&self) -> RecoveryPhrase {
        let mut payload = Zeroizing::new(Vec::with_capacity(32 + CHECKSUM_BYTES));
        payload.extend_from_slice(&self.0);
        payload.extend_from_slice(&checksum(&self.0));
        let letters = Zeroizing::new(BASE32_NOPAD.encode(&payload));
        let groups: Vec<&str> = letters
            .as_bytes()
            .chunks(GROUP)
            .map(|chunk| std::str::from_utf8(chunk).unwrap_or_default())
            .collect();
        RecoveryPhrase(Zeroizing::new(groups.join("-")))
    }

    /// The key written in `phrase`. Spaces, hyphens and letter case do not matter; the checksum
    /// catches a mistyped letter.
    pub fn from_recovery_phrase(phrase: &str) -> Result<StoreKey, PhraseError> {
        let letters: Zeroizing<String> = Zeroizing::new(
            phrase
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        // Characters first, then length, so a person hears the mistake they made: a stray symbol,
        // or a group missed or written twice.
        if !letters
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
        {
            return Err(PhraseError::NotAPhrase);
        }
        if letters.len() != PHRASE_LETTERS {
            return Err(PhraseError::WrongLength);
        }
        let payload = Zeroizing::new(
            BASE32_NOPAD
                .decode(letters.as_bytes())
                .map_err(|_| PhraseError::Mistyped)?,
        );
        let (key, sum) = payload.split_at(32);
        if sum != checksum(key) {
            return Err(PhraseError::Mistyped);
        }
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(key);
        Ok(StoreKey(bytes))
    }
}

impl Drop for StoreKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StoreKey(…)")
    }
}

/// A recovery phrase to show once and let the person write down. Wiped from memory when dropped.
pub struct RecoveryPhrase(Zeroizing<String>);

impl RecoveryPhrase {
    /// The phrase as the person should write it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RecoveryPhrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryPhrase(…)")
    }
}

/// Why a recovery phrase was not accepted.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PhraseError {
    /// Characters that never appear in a phrase.
    #[error("this is not a recovery phrase: it may only hold the letters A–Z, the digits 2–7 and hyphens")]
    NotAPhrase,
    /// Too short or too long: a group is missing or repeated.
    #[error(
        "the recovery phrase has the wrong length: check that no group is missing or written twice"
    )]
    WrongLength,
    /// The checksum does not match: a letter is wrong.
    #[error("the recovery phrase does not check out: one of its letters is wrong")]
    Mistyped,
}

fn checksum(key: &[u8]) -> [u8; CHECKSUM_BYTES] {
    let digest = Sha256::digest(key);
    let mut sum = [0u8; CHECKSUM_BYTES];
    sum.copy_from_slice(&digest[..CHECKSUM_BYTES]);
    sum
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::{PhraseError, StoreKey};

    #[test]
    fn a_phrase_gives_back_its_key_however_it_is_written() {
        let key = StoreKey::generate().unwrap();
        let phrase = key.recovery_phrase();
        assert_eq!(
            StoreKey::from_recovery_phrase(phrase.as_str()).unwrap(),
            key
        );
        let relaxed = phrase.as_str().replace('-', " ").to_lowercase();
        assert_eq!(StoreKey::from_recovery_phrase(&relaxed).unwrap(), key);
    }

    #[test]
    fn a_mistyped_or_shortened_phrase_is_refused_with_the_reason() {
        let key = StoreKey::generate().unwrap();
        let phrase = key.recovery_phrase().as_str().to_owned();
        let first = phrase.chars().next().unwrap();
        let other = if first == 'A' { 'B' } else { 'A' };
        let mistyped = format!("{other}{}", &phrase[1..]);
        assert_eq!(
            StoreKey::from_recovery_phrase(&mistyped),
            Err(PhraseError::Mistyped)
        );
        assert_eq!(
            StoreKey::from_recovery_phrase(&phrase[5..]),
            Err(PhraseError::WrongLength)
        );
        assert_eq!(
            StoreKey::from_recovery_phrase("ほげ"),
            Err(PhraseError::NotAPhrase)
        );
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let key = StoreKey::generate().unwrap();
        let secret = key.to_secret_text();
        assert!(!format!("{key:?}").contains(&secret[..8]));
        assert_eq!(StoreKey::from_secret_text(&secret).unwrap(), key);
        assert!(StoreKey::from_secret_text("not a key").is_none());
    }
}
