//! FNV-1a, 64 bits: the stable hash of resolved inputs (sweep results reused by `--resume`,
//! identical year instances of a comparison solved once). std's hasher may change between
//! Rust versions; this one never does.

/// The FNV-1a offset basis: the hash of no bytes.
pub const OFFSET: u64 = 0xcbf29ce484222325;

/// FNV-1a of `bytes`, continuing from `h` ([`OFFSET`] to start afresh).
pub fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// FNV-1a of `bytes` as 16 hexadecimal digits.
pub fn fnv_hex(bytes: &[u8]) -> String {
    format!("{:016x}", fnv(OFFSET, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(fnv(OFFSET, b""), 0xcbf29ce484222325);
        assert_eq!(fnv(OFFSET, b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv_hex(b"foobar"), "85944171f73967e8");
        // Continuing a hash is hashing the concatenation.
        assert_eq!(fnv(fnv(OFFSET, b"foo"), b"bar"), fnv(OFFSET, b"foobar"));
    }
}
