//! A tiny deterministic mixer: generated data must be identical on every run and platform.

/// SplitMix64; good enough to spread ids and amounts, and trivially reproducible.
pub(crate) struct Mix(u64);

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

impl Mix {
    pub(crate) fn new(seed: u64) -> Mix {
        Mix(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// `len` URL-safe base64 characters, the shape of the API's ids.
    pub(crate) fn token(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| ALPHABET[self.below(64) as usize] as char)
            .collect()
    }

    /// A version-4-shaped UUID, lowercase and hyphenated.
    pub(crate) fn uuid(&mut self) -> String {
        let h = self.hex(32);
        let variant = ["8", "9", "a", "b"][(self.below(4)) as usize];
        format!(
            "{}-{}-4{}-{}{}-{}",
            &h[..8],
            &h[8..12],
            &h[13..16],
            variant,
            &h[17..20],
            &h[20..32]
        )
    }

    pub(crate) fn hex(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            s.push_str(&format!("{:016x}", self.next()));
        }
        s.truncate(len);
        s
    }
}

/// Combines two numbers into one seed.
pub(crate) fn seed(a: u64, b: u64) -> u64 {
    Mix::new(a.wrapping_mul(0x1000_0000_01B3) ^ b.rotate_left(29)).next()
}
