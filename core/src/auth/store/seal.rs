//! Sealing a token for a shared store: ChaCha20-Poly1305 under a key derived from the client
//! secret (HKDF-SHA256), bound to the entry's key. A reader without the secret learns nothing
//! and cannot plant a token; a client with another secret cannot open the entry.

use chacha20poly1305::{
    aead::{Aead, KeyInit, Payload},
    ChaCha20Poly1305, Key, Nonce,
};
use hkdf::Hkdf;
use rand::RngCore as _;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::SecretString;

const VERSION: u8 = 1;
const NONCE: usize = 12;

/// Seals and opens the entries of one client.
pub(crate) struct Sealer {
    cipher: ChaCha20Poly1305,
    /// Authenticated with every entry, so an entry cannot be moved to another key.
    context: Vec<u8>,
}

/// An opened entry.
pub(crate) struct Opened {
    pub(crate) token: SecretString,
    /// When the token expires, in milliseconds since the Unix epoch.
    pub(crate) expires_ms: u64,
    /// The whole lifetime it was granted with, in milliseconds.
    pub(crate) lifetime_ms: u64,
}

impl Sealer {
    pub(crate) fn new(secret: &SecretString, key_name: &str) -> Sealer {
        let hkdf = Hkdf::<Sha256>::new(
            Some(b"candescent token cache v1"),
            secret.expose().as_bytes(),
        );
        let mut key = Zeroizing::new([0u8; 32]);
        hkdf.expand(key_name.as_bytes(), key.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 length");
        Sealer {
            cipher: ChaCha20Poly1305::new(Key::from_slice(key.as_ref())),
            context: key_name.as_bytes().to_vec(),
        }
    }

    /// `version ‖ nonce ‖ ciphertext` of `expires ‖ lifetime ‖ token`.
    pub(crate) fn seal(&self, token: &str, expires_ms: u64, lifetime_ms: u64) -> Vec<u8> {
        let mut plain = Zeroizing::new(Vec::with_capacity(16 + token.len()));
        plain.extend_from_slice(&expires_ms.to_be_bytes());
        plain.extend_from_slice(&lifetime_ms.to_be_bytes());
        plain.extend_from_slice(token.as_bytes());
        let mut nonce = [0u8; NONCE];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: &self.context,
                },
            )
            .expect("ChaCha20-Poly1305 seals any message of this size");
        let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// `None` when the entry was sealed with another secret, for another key, or is damaged.
    pub(crate) fn open(&self, entry: &[u8]) -> Option<Opened> {
        if entry.len() < 1 + NONCE || entry[0] != VERSION {
            return None;
        }
        let (nonce, sealed) = entry[1..].split_at(NONCE);
        let plain = Zeroizing::new(
            self.cipher
                .decrypt(
                    Nonce::from_slice(nonce),
                    Payload {
                        msg: sealed,
                        aad: &self.context,
                    },
                )
                .ok()?,
        );
        if plain.len() < 17 {
            return None;
        }
        let expires_ms = u64::from_be_bytes(plain[..8].try_into().ok()?);
        let lifetime_ms = u64::from_be_bytes(plain[8..16].try_into().ok()?);
        let token = std::str::from_utf8(&plain[16..]).ok()?;
        Some(Opened {
            token: SecretString::new(token),
            expires_ms,
            lifetime_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_secret_and_key_open_an_entry() {
        let sealer = Sealer::new(&SecretString::new("secret"), "p:token:1");
        let entry = sealer.seal("the-token", 1_000, 3_600_000);
        let opened = sealer.open(&entry).unwrap();
        assert_eq!(opened.token.expose(), "the-token");
        assert_eq!((opened.expires_ms, opened.lifetime_ms), (1_000, 3_600_000));
        assert!(!entry.windows(9).any(|w| w == b"the-token"));
        assert!(Sealer::new(&SecretString::new("wrong"), "p:token:1")
            .open(&entry)
            .is_none());
        assert!(Sealer::new(&SecretString::new("secret"), "p:token:2")
            .open(&entry)
            .is_none());
        let mut damaged = entry.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert!(sealer.open(&damaged).is_none());
        assert!(sealer.open(b"").is_none());
        assert_ne!(
            entry,
            sealer.seal("the-token", 1_000, 3_600_000),
            "fresh nonce"
        );
    }
}
