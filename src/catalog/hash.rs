//! The case-insensitive hash of catalogue names, and the hash tables laid
//! out by it. `build.rs` includes this file too: the table of every
//! `service:Action` it generates is keyed by this hash.

/// A hash of `s` with ASCII letters lower-cased: equal for names equal
/// ignoring ASCII case. Eight bytes at a time (a byte-at-a-time hash was
/// most of TL209's time). Stored only in the tables `build.rs` generates
/// into this same binary.
pub(crate) fn no_case_hash(s: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| (h.rotate_left(23) ^ w).wrapping_mul(K);
    let bytes = s.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let mut h = mix(0, bytes.len() as u64);
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        h = mix(h, lower8(u64::from_le_bytes(word)));
    }
    let rest = words.remainder().len();
    if rest > 0 {
        h = mix(h, lower8(last_bytes(bytes, rest)));
    }
    h ^ (h >> 32)
}

/// The last `n` (1 to 7) bytes of `bytes` as a little-endian word, zero
/// above them. Read with loads: copying them into a zeroed `[u8; 8]` and
/// reading that back made every hash wait on a store (most of TL209's time).
fn last_bytes(bytes: &[u8], n: usize) -> u64 {
    let len = bytes.len();
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map_or(0, |b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    if let Some(last) = len.checked_sub(8).and_then(|at| bytes.get(at..)) {
        // The eight bytes that end the text, shifted down past those hashed already.
        let w = <[u8; 8]>::try_from(last).map_or(0, u64::from_le_bytes);
        w >> (8 * (8 - n))
    } else if n >= 4 {
        // Four to seven bytes: two overlapping halves.
        u32_at(0) | u32_at(n - 4) << (8 * (n - 4))
    } else {
        // One to three: the first, middle and last bytes.
        let at = |i: usize| u64::from(bytes.get(i).copied().unwrap_or(0)) << (8 * i);
        at(0) | at(n / 2) | at(n - 1)
    }
}

/// Eight bytes with their ASCII capitals lower-cased, all at once: a byte
/// is a capital when adding 0x3f carries it past 0x7f (it is at least `A`)
/// and adding 0x25 does not (it is at most `Z`), and it was ASCII.
pub(crate) fn lower8(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & LOW7;
    let at_least_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let above_z = low + 0x2525_2525_2525_2525;
    let capital = !x & (at_least_a & !above_z) & HIGH;
    x | (capital >> 2)
}

/// A hash table of `entries` (hash, value): open addressing, linear
/// probing, at most half full. Each slot is (the hash's high 32 bits,
/// value + 1); (0, 0) is an empty slot, so a value may not be `u32::MAX`.
/// Of entries equal for the caller's test, the first is found first.
#[allow(dead_code)] // only the crate builds these; build.rs has its own
pub(crate) fn open_table(entries: impl ExactSizeIterator<Item = (u64, u32)>) -> Vec<(u32, u32)> {
    let size = (entries.len() * 2).next_power_of_two().max(2);
    let mask = size - 1;
    let mut slots = vec![(0, 0); size];
    for (h, value) in entries {
        let mut at = h as usize & mask;
        while slots[at].1 != 0 {
            at = (at + 1) & mask;
        }
        slots[at] = (
            (h >> 32) as u32,
            value.checked_add(1).expect("a table value below u32::MAX"),
        );
    }
    slots
}

/// The first value of an [`open_table`] of `size` slots, read by `slot`,
/// whose hash is `h` and which `is` accepts (hashes can collide).
#[allow(dead_code)] // build.rs builds tables; only the crate probes them
pub(crate) fn probe(
    size: usize,
    h: u64,
    slot: impl Fn(usize) -> Option<(u32, u32)>,
    mut is: impl FnMut(u32) -> bool,
) -> Option<u32> {
    let mask = size.checked_sub(1)?;
    let high = (h >> 32) as u32;
    let mut at = h as usize & mask;
    loop {
        let (slot_high, stored) = slot(at)?;
        let value = stored.checked_sub(1)?; // an empty slot ends the search
        if slot_high == high && is(value) {
            return Some(value);
        }
        at = (at + 1) & mask;
    }
}
