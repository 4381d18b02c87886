//! A stable hash of a leaflet's inputs, so an incremental batch knows what to skip.
//!
//! FNV-1a with 128 bits, written here rather than taken from a crate: the value is
//! stored in `batch-report.json` and must never change with a dependency update or
//! between runs (std's `DefaultHasher` is randomly seeded and may change between releases).

use std::fmt;

/// FNV-1a 128-bit offset basis.
const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;

/// An FNV-1a 128-bit hasher over a sequence of length-prefixed fields.
#[derive(Clone, Copy, Debug)]
pub struct InputHash(u128);

/// A finished hash, shown as 32 lowercase hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest(pub u128);

impl InputHash {
    /// A hasher that has seen nothing.
    pub fn new() -> Self {
        InputHash(OFFSET)
    }

    /// Feeds raw bytes (FNV-1a: xor, then multiply by the 128-bit prime).
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        for b in bytes {
            // The prime is 2^88 + 0x13B, so the product is a shift and a small multiply;
            // the same value as `wrapping_mul(PRIME)`, without a full 128-bit multiply.
            let h = self.0 ^ u128::from(*b);
            self.0 = (h << 88).wrapping_add(h.wrapping_mul(0x13B));
        }
        self
    }

    /// Feeds one field with its length first, so that fields cannot run into each
    /// other: ("ab", "c") and ("a", "bc") hash differently.
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.bytes(&(bytes.len() as u64).to_le_bytes()).bytes(bytes)
    }

    /// The hash of everything fed so far.
    pub fn finish(&self) -> Digest {
        Digest(self.0)
    }
}

impl Default for InputHash {
    fn default() -> Self {
        InputHash::new()
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        InputHash::new().bytes(bytes).finish().to_string()
    }

    #[test]
    fn matches_the_published_fnv1a_128_vectors() {
        let cases = [
            ("", "6c62272e07bb014262b821756295c58d"),
            ("a", "d228cb696f1a8caf78912b704e4a8964"),
            ("foobar", "343e1662793c64bf6f0d3597ba446f18"),
        ];
        for (input, expected) in cases {
            assert_eq!(hex(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn the_shortcut_equals_the_full_multiply() {
        const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
        let bytes = "Джульетта Базеян, 2021".as_bytes();
        let full = bytes
            .iter()
            .fold(OFFSET, |h, b| (h ^ u128::from(*b)).wrapping_mul(PRIME));
        assert_eq!(InputHash::new().bytes(bytes).finish(), Digest(full));
    }

    #[test]
    fn fields_are_length_prefixed() {
        let ab_c = InputHash::new().field(b"ab").field(b"c").finish();
        let a_bc = InputHash::new().field(b"a").field(b"bc").finish();
        assert_ne!(ab_c, a_bc);
        assert_eq!(ab_c, InputHash::new().field(b"ab").field(b"c").finish());
    }
}
