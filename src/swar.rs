//! Eight bytes at a time in a `u64` ("SIMD within a register"): for the byte
//! searches that run on every string of every policy, whose strings (action
//! names, lines of a pretty-printed file) are too short for a vector search's
//! set-up to pay.

/// 0x01 in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub const HIGHS: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte.
pub const fn splat(b: u8) -> u64 {
    ONES * b as u64
}

/// `chunk`, eight bytes, as a little-endian word (byte `i` is bits
/// `8i..8i+8`); 0 for a chunk of another length. Callers pass slices of
/// eight, so the check is compiled away.
#[inline]
pub fn word(chunk: &[u8]) -> u64 {
    <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes)
}

/// The high bit of each byte of `x` that is zero, and of no other: exact,
/// since no carry crosses a byte.
pub const fn zero_bytes(x: u64) -> u64 {
    !(((x & !HIGHS) + !HIGHS) | x) & HIGHS
}

/// The high bit of each byte of `x` equal to `b`.
pub const fn bytes_equal(x: u64, b: u8) -> u64 {
    zero_bytes(x ^ splat(b))
}

/// `a == b` for the short strings compared most (policy element and
/// declarative member names): a word at a time, with no call. `memcmp` costs a call and
/// its own length dispatch for what is here one or two loads.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        // Up to seven bytes: as two overlapping halves of at most four.
        let half = |s: &[u8], at: usize| {
            s.get(at..at + 4).map_or_else(
                || s.iter().skip(at).fold(0u32, |w, &c| w << 8 | u32::from(c)),
                |h| u32::from_le_bytes([h[0], h[1], h[2], h[3]]),
            )
        };
        let tail = n.saturating_sub(4);
        return half(a, 0) == half(b, 0) && half(a, tail) == half(b, tail);
    }
    // Whole words, then the last eight bytes (overlapping the words before).
    let mut words = a.chunks_exact(8).zip(b.chunks_exact(8));
    words.all(|(x, y)| word(x) == word(y)) && word(&a[n - 8..]) == word(&b[n - 8..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Equal and unequal at every position, for every length up to 40.
    #[test]
    fn same_bytes_is_equality() {
        for n in 0..40 {
            let a: Vec<u8> = (0..n as u8).map(|i| i.wrapping_mul(37).wrapping_add(1)).collect();
            assert!(same_bytes(&a, &a.clone()), "{n}");
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 0x20;
                assert!(!same_bytes(&a, &b), "{n} {at}");
            }
            let longer: Vec<u8> = a.iter().copied().chain([0]).collect();
            assert!(!same_bytes(&a, &longer) && !same_bytes(&longer, &a), "{n}");
        }
    }

    /// Every byte value at every position, among every other value.
    #[test]
    fn bytes_equal_flags_exactly_the_equal_bytes() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for other in [0u8, 1, 0x7f, 0x80, 0xff, b.wrapping_add(1), b.wrapping_sub(1)] {
                    if other == b {
                        continue;
                    }
                    let mut bytes = [other; 8];
                    bytes[at] = b;
                    assert_eq!(
                        bytes_equal(word(&bytes), b),
                        0x80 << (8 * at),
                        "{b:#x} at {at} among {other:#x}"
                    );
                }
            }
        }
        assert_eq!(word(b"abcdefgh"), 0x6867_6665_6463_6261);
        assert_eq!(word(b"ab"), 0);
    }
}
