//! Byte searches eight bytes at a time ("SIMD within a register"), for the
//! escapers: most of the text they write needs no escape, and a word test
//! passes over eight plain bytes in a handful of instructions.
//!
//! A mark is bit 7 of a byte. Only the lowest mark of a word is exact: a
//! true mark's borrow can set false marks in the bytes above it, never
//! below, and [`find`] reads the lowest alone.

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Marks the bytes of `word` equal to `b`.
#[inline]
pub(crate) fn eq(word: u64, b: u8) -> u64 {
    let x = word ^ (LOW * u64::from(b));
    x.wrapping_sub(LOW) & !x & HIGH
}

/// Marks the bytes of `word` below `n` (`n` at most 0x80).
#[inline]
pub(crate) fn below(word: u64, n: u8) -> u64 {
    debug_assert!(n <= 0x80);
    word.wrapping_sub(LOW * u64::from(n)) & !word & HIGH
}

/// The index of the first byte at or after `from` that `marks` marks (`None`
/// also when `from` is past the end).
#[inline]
pub(crate) fn find(bytes: &[u8], from: usize, marks: impl Fn(u64) -> u64) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let m = marks(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..).unwrap_or_default();
    if rest.is_empty() {
        return None;
    }
    // The last one to seven bytes, as one word; the empty high bytes are
    // zeros, which some tests would mark, so their marks are masked off.
    let m = marks(tail_word(rest)) & ((1u64 << (8 * rest.len())) - 1);
    (m != 0).then(|| i + (m.trailing_zeros() / 8) as usize)
}

/// One to seven bytes as the low bytes of a little-endian word, read as at
/// most two overlapping loads instead of a byte loop.
#[inline]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    debug_assert!((1..8).contains(&n));
    if n >= 4 {
        let lo = u32::from_le_bytes(rest[..4].try_into().expect("four bytes"));
        let hi = u32::from_le_bytes(rest[n - 4..].try_into().expect("four bytes"));
        u64::from(lo) | (u64::from(hi) << (8 * (n - 4)))
    } else if n >= 2 {
        let lo = u16::from_le_bytes(rest[..2].try_into().expect("two bytes"));
        let hi = u16::from_le_bytes(rest[n - 2..].try_into().expect("two bytes"));
        u64::from(lo) | (u64::from(hi) << (8 * (n - 2)))
    } else {
        u64::from(rest[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tail_words_hold_the_bytes_in_order() {
        let bytes = b"abcdefg";
        for n in 1..8 {
            let mut expected = [0u8; 8];
            expected[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_word(&bytes[..n]), u64::from_le_bytes(expected), "{n}");
        }
    }

    fn wanted(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == 0xEF || b == 0x80
    }

    fn marks(w: u64) -> u64 {
        below(w, 0x20) | eq(w, b'"') | eq(w, 0xEF) | eq(w, 0x80)
    }

    proptest! {
        #[test]
        fn find_finds_the_first_byte_a_scan_finds(
            bytes in proptest::collection::vec(
                prop_oneof![Just(0u8), Just(0x1f), Just(0x20), Just(b'"'), Just(0xEF), Just(0xEE), Just(0x80), Just(0xFF), any::<u8>()],
                0..40,
            ),
            from in 0usize..48,
        ) {
            let scan = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|&b| wanted(b)))
                .map(|p| from + p);
            prop_assert_eq!(find(&bytes, from, marks), scan);
        }
    }
}
