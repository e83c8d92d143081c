//! Decoding MS932 bytes to text.

use std::fmt;

use careplan_model::ProblemKind;
use encoding_rs::{DecoderResult, SHIFT_JIS};

use super::variants::GAIJI_RANGE;

/// What is wrong with a stretch of input bytes.
///
/// ```
/// use careplan_csv::ms932::{decode_into, DecodeIssueKind};
///
/// let mut text = String::new();
/// let issues = decode_into(&[0xF0, 0x40, 0xFF], &mut text);
/// assert_eq!(issues[0].kind, DecodeIssueKind::Gaiji);
/// assert_eq!(issues[1].kind, DecodeIssueKind::Malformed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeIssueKind {
    /// Not a valid MS932 sequence; decoded as U+FFFD.
    Malformed,
    /// A 外字 (lead byte 0xF0–0xF9), forbidden by the standard; decoded as the private-use
    /// character Windows gives it (U+E000…).
    Gaiji,
}

impl DecodeIssueKind {
    /// The [`ProblemKind`] a reader reports for this issue.
    ///
    /// ```
    /// use careplan_csv::ms932::DecodeIssueKind;
    /// use careplan_model::ProblemKind;
    ///
    /// assert_eq!(DecodeIssueKind::Gaiji.problem_kind(), ProblemKind::Gaiji);
    /// ```
    pub fn problem_kind(self) -> ProblemKind {
        match self {
            DecodeIssueKind::Malformed => ProblemKind::MalformedBytes,
            DecodeIssueKind::Gaiji => ProblemKind::Gaiji,
        }
    }
}

/// A problem found while decoding, with its byte offset in the input.
///
/// ```
/// use careplan_csv::ms932::{decode_into, DecodeIssue, DecodeIssueKind};
///
/// let mut text = String::new();
/// let issues = decode_into(b"AB\x81", &mut text);
/// assert_eq!(
///     issues,
///     [DecodeIssue { kind: DecodeIssueKind::Malformed, offset: 2, bytes: vec![0x81] }]
/// );
/// assert_eq!(text, "AB\u{FFFD}");
/// assert_eq!(issues[0].to_string(), "bytes 0x81 at byte offset 2 are not valid MS932");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DecodeIssue {
    /// What is wrong.
    pub kind: DecodeIssueKind,
    /// The 0-based offset of the first offending byte in the input.
    pub offset: usize,
    /// The offending bytes.
    pub bytes: Vec<u8>,
}

impl fmt::Display for DecodeIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bytes ")?;
        for (i, b) in self.bytes.iter().enumerate() {
            if i == 0 {
                write!(f, "0x{b:02X}")?;
            } else {
                write!(f, "{b:02X}")?;
            }
        }
        match self.kind {
            DecodeIssueKind::Malformed => {
                write!(f, " at byte offset {} are not valid MS932", self.offset)
            }
            DecodeIssueKind::Gaiji => write!(
                f,
                " at byte offset {} are a 外字 (user-defined character), which the standard forbids",
                self.offset
            ),
        }
    }
}

/// Decodes `bytes` as MS932 and appends the text to `out`; returns every issue found, in
/// byte order (an empty vector, which does not allocate, when there is none).
///
/// - A malformed sequence becomes one U+FFFD in the text and one
///   [`Malformed`](DecodeIssueKind::Malformed) issue. What one sequence is follows the WHATWG
///   Shift_JIS decoder (as `encoding_rs` implements it): a lead byte followed by an ASCII byte
///   is malformed alone and the ASCII byte is decoded normally; a lead byte followed by a
///   non-ASCII byte that does not form a character is malformed together with it. The byte
///   0x80, which `encoding_rs` passes through as U+0080, is malformed here: MS932 does not
///   define it.
/// - A 外字 (a lead byte 0xF0–0xF9 with a valid trail byte) becomes the private-use
///   character Windows gives it (U+E000 for 0xF040 … U+E757 for 0xF9FC) and a
///   [`Gaiji`](DecodeIssueKind::Gaiji) issue. A lead byte in that range with an invalid trail
///   byte is [`Malformed`](DecodeIssueKind::Malformed).
///
/// Never panics. ASCII input takes a fast path that copies the bytes.
///
/// ```
/// use careplan_csv::ms932::decode_into;
///
/// let mut text = String::from("氏名:");
/// let issues = decode_into(&[0x8E, 0x52, 0x93, 0x63], &mut text);
/// assert!(issues.is_empty());
/// assert_eq!(text, "氏名:山田");
/// ```
pub fn decode_into(bytes: &[u8], out: &mut String) -> Vec<DecodeIssue> {
    if bytes.is_ascii() {
        // ASCII is the same in MS932; most items (dates, codes, numbers) take this path.
        if let Ok(ascii) = std::str::from_utf8(bytes) {
            out.push_str(ascii);
            return Vec::new();
        }
    }
    // Most text decodes by table; anything the table does not hold (malformed bytes, 外字,
    // 0x80) goes through the careful decoder below, which reports it.
    if decode_by_table(bytes, out) {
        return Vec::new();
    }
    // Without a 0x80 or a 外字 lead byte (0xF0–0xF9) anywhere, the decoder can write neither
    // U+0080 nor a 外字, so its output need not be walked: only malformed sequences, which it
    // reports itself, remain to be found.
    let plain = !bytes
        .iter()
        .any(|&b| b == 0x80 || (0xF0..=0xF9).contains(&b));
    let mut issues = Vec::new();
    let mut decoder = SHIFT_JIS.new_decoder_without_bom_handling();
    // Bytes handed to the decoder so far.
    let mut pos = 0usize;
    // The input offset of the next character the decoder writes.
    let mut cursor = 0usize;
    loop {
        let rest = bytes.get(pos..).unwrap_or_default();
        let needed = decoder
            .max_utf8_buffer_length_without_replacement(rest.len())
            .unwrap_or(rest.len());
        out.reserve(needed);
        let segment_start = out.len();
        let (result, read) = decoder.decode_to_string_without_replacement(rest, out, true);
        pos = pos.saturating_add(read);
        let saw_0x80 = !plain
            && scan_segment(
                bytes,
                out.get(segment_start..).unwrap_or_default(),
                &mut cursor,
                &mut issues,
            );
        if saw_0x80 {
            let fixed = out
                .get(segment_start..)
                .unwrap_or_default()
                .replace('\u{0080}', "\u{FFFD}");
            out.truncate(segment_start);
            out.push_str(&fixed);
        }
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => out.reserve(rest.len().saturating_add(16)),
            DecoderResult::Malformed(bad, after) => {
                let bad = usize::from(bad);
                let offset = pos.saturating_sub(usize::from(after).saturating_add(bad));
                let end = offset.saturating_add(bad);
                issues.push(DecodeIssue {
                    kind: DecodeIssueKind::Malformed,
                    offset,
                    bytes: bytes.get(offset..end).unwrap_or_default().to_vec(),
                });
                out.push('\u{FFFD}');
                cursor = end;
            }
        }
    }
    issues
}

include!(concat!(env!("OUT_DIR"), "/ms932_pairs.rs"));

/// Decodes `bytes` by table and returns `true` when every byte is ASCII, half-width
/// katakana or a pair the table holds (generated from `encoding_rs` by build.rs: a valid pair
/// outside the 外字 rows). Otherwise returns `false` and leaves `out` as it was, for the
/// careful decoder. The same text as `encoding_rs` by construction; a test checks every pair.
fn decode_by_table(bytes: &[u8], out: &mut String) -> bool {
    let mark = out.len();
    // Each byte becomes at most three UTF-8 bytes (half-width katakana).
    out.reserve(bytes.len().saturating_mul(3));
    let mut rest = bytes;
    while let Some((&b, tail)) = rest.split_first() {
        let single = SINGLE[usize::from(b)];
        if single != NOT_IN_TABLE {
            out.push(single);
            rest = tail;
            continue;
        }
        let row = usize::from(LEAD_ROW[usize::from(b)]);
        let ch = match tail.split_first() {
            Some((&t @ 0x40..=0xFC, after)) if row > 0 => {
                rest = after;
                PAIRS
                    .get((row - 1) * 189 + usize::from(t - 0x40))
                    .copied()
                    .unwrap_or(NOT_IN_TABLE)
            }
            _ => NOT_IN_TABLE,
        };
        if ch == NOT_IN_TABLE {
            out.truncate(mark);
            return false;
        }
        out.push(ch);
    }
    true
}

/// Every non-ASCII character a single byte or a pair decodes to by table: half-width
/// katakana, then the pairs' characters in byte order (a character two pairs decode to
/// comes twice).
pub(super) fn table_chars() -> impl Iterator<Item = char> {
    SINGLE
        .iter()
        .chain(PAIRS.iter())
        .copied()
        .filter(|c| !c.is_ascii() && *c != NOT_IN_TABLE)
}

/// What the tables hold where the careful decoder must decide (a noncharacter: no MS932
/// sequence decodes to it).
const NOT_IN_TABLE: char = '\u{FFFF}';

/// Single bytes: ASCII and half-width katakana (0xA1–0xDF → U+FF61–U+FF9F); other bytes
/// are [`NOT_IN_TABLE`].
const SINGLE: [char; 256] = {
    let mut t = [NOT_IN_TABLE; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = b as u8 as char;
        b += 1;
    }
    let mut b = 0xA1;
    while b <= 0xDF {
        t[b] = match char::from_u32(0xFF61 + (b as u32 - 0xA1)) {
            Some(c) => c,
            None => NOT_IN_TABLE,
        };
        b += 1;
    }
    t
};

/// The row of a lead byte in [`PAIRS`], plus one (0: not a lead byte).
const LEAD_ROW: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0x81;
    while b <= 0x9F {
        t[b] = (b - 0x81 + 1) as u8;
        b += 1;
    }
    let mut b = 0xE0;
    while b <= 0xFC {
        t[b] = (b - 0xE0 + 31 + 1) as u8;
        b += 1;
    }
    t
};

/// Decodes `bytes` as MS932 into a new string; see [`decode_into`].
///
/// ```
/// use careplan_csv::ms932::decode_to_string;
///
/// let (text, issues) = decode_to_string(&[0xB1, 0xB2]);
/// assert_eq!(text, "ｱｲ");
/// assert!(issues.is_empty());
/// ```
pub fn decode_to_string(bytes: &[u8]) -> (String, Vec<DecodeIssue>) {
    let mut text = String::new();
    let issues = decode_into(bytes, &mut text);
    (text, issues)
}

/// Walks the characters the decoder wrote for input starting at `*cursor`, advancing the
/// cursor by the number of bytes each character came from, and records 外字 and 0x80
/// issues. Returns whether a U+0080 (from the byte 0x80) was seen.
///
/// In `encoding_rs`'s Shift_JIS decoder a character comes from one byte exactly when it is
/// U+0000–U+0080 or half-width katakana U+FF61–U+FF9F; every other character comes from a
/// two-byte pair (checked exhaustively by a unit test below).
fn scan_segment(
    bytes: &[u8],
    segment: &str,
    cursor: &mut usize,
    issues: &mut Vec<DecodeIssue>,
) -> bool {
    let mut saw_0x80 = false;
    for ch in segment.chars() {
        let width = byte_width(ch);
        if ch == '\u{0080}' {
            saw_0x80 = true;
            issues.push(DecodeIssue {
                kind: DecodeIssueKind::Malformed,
                offset: *cursor,
                bytes: vec![0x80],
            });
        } else if GAIJI_RANGE.contains(&ch) {
            let end = cursor.saturating_add(width);
            issues.push(DecodeIssue {
                kind: DecodeIssueKind::Gaiji,
                offset: *cursor,
                bytes: bytes.get(*cursor..end).unwrap_or_default().to_vec(),
            });
        }
        *cursor = cursor.saturating_add(width);
    }
    saw_0x80
}

/// How many MS932 bytes the decoded character `ch` came from.
fn byte_width(ch: char) -> usize {
    if ch <= '\u{0080}' || ('\u{FF61}'..='\u{FF9F}').contains(&ch) {
        1
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_lead(b: u8) -> bool {
        matches!(b, 0x81..=0x9F | 0xE0..=0xFC)
    }

    /// The width model in `byte_width` holds for every sequence `encoding_rs` decodes.
    #[test]
    fn byte_width_matches_encoding_rs_for_every_sequence() {
        let mut two_byte = 0;
        for lead in 0u8..=0xFF {
            if is_lead(lead) {
                for trail in 0u8..=0xFF {
                    let pair = [lead, trail];
                    let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(&pair);
                    let valid_trail = matches!(trail, 0x40..=0x7E | 0x80..=0xFC);
                    if had_errors || !valid_trail {
                        continue;
                    }
                    let mut chars = text.chars();
                    let ch = chars.next();
                    assert!(chars.next().is_none(), "{pair:02X?} gave {text:?}");
                    assert_eq!(ch.map(byte_width), Some(2), "{pair:02X?} gave {text:?}");
                    two_byte += 1;
                }
            } else {
                let single = [lead];
                let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(&single);
                if had_errors {
                    continue;
                }
                let mut chars = text.chars();
                let ch = chars.next();
                assert!(chars.next().is_none());
                assert_eq!(ch.map(byte_width), Some(1), "{lead:02X} gave {text:?}");
            }
        }
        // JIS X 0208 + NEC row 13 + NEC-selected IBM + IBM extensions + 1880 外字 pairs.
        assert!(two_byte > 9000, "only {two_byte} two-byte characters");
    }

    /// The careful path alone (what `decode_into` does when the table cannot decode).
    fn careful(bytes: &[u8]) -> (String, Vec<DecodeIssue>) {
        let mut with_bad_tail = bytes.to_vec();
        // A lone lead byte at the end is never in the table: forces the careful decoder.
        with_bad_tail.push(0x81);
        let mut text = String::new();
        let mut issues = decode_into(&with_bad_tail, &mut text);
        assert_eq!(text.pop(), Some('\u{FFFD}'));
        assert_eq!(issues.pop().map(|i| i.offset), Some(bytes.len()));
        (text, issues)
    }

    /// Every single byte and every pair decodes by table exactly as the careful decoder
    /// decodes it, or is left to the careful decoder.
    #[test]
    fn the_table_agrees_with_the_careful_decoder_on_every_sequence() {
        let mut by_table = 0;
        for lead in 0u8..=0xFF {
            let mut inputs = vec![vec![lead]];
            inputs.extend((0u8..=0xFF).map(|trail| vec![lead, trail]));
            for input in inputs {
                let mut fast = String::from("前");
                if decode_by_table(&input, &mut fast) {
                    by_table += 1;
                    let (text, issues) = careful(&input);
                    assert!(issues.is_empty(), "{input:02X?}: {issues:?}");
                    assert_eq!(fast, format!("前{text}"), "{input:02X?}");
                } else {
                    assert_eq!(fast, "前", "{input:02X?}: output left as it was");
                }
            }
        }
        // 191 single bytes (128 ASCII, 63 half-width katakana), the 191 × 191 two of them,
        // and the 7,724 pairs MS932 defines outside the 外字 rows (JIS X 0208 6,879, NEC
        // row 13 83, NEC-selected IBM 374, IBM 388).
        assert_eq!(by_table, 191 + 191 * 191 + 7_724);
        // 外字, 0x80 and malformed pairs are never decoded by table.
        for input in [
            &[0xF0, 0x40][..],
            &[0xF9, 0xFC],
            &[0x80],
            &[0x81, 0x7F],
            &[0xA0],
            &[0x82],
        ] {
            assert!(!decode_by_table(input, &mut String::new()), "{input:02X?}");
        }
    }

    /// Mixed input decodes the same through `decode_into` (table) as through the careful path.
    #[test]
    fn table_and_careful_decoding_agree_on_mixed_text() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let alphabet: [&[u8]; 9] = [
            b"A",
            b",",
            &[0x8E, 0x52],
            &[0x93, 0x63],
            &[0xB1],
            &[0x81, 0x60],
            &[0xED, 0x40],
            &[0xFB, 0xFC],
            &[0x87, 0x90],
        ];
        for _ in 0..2000 {
            let mut input = Vec::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 24) {
                input.extend_from_slice(alphabet[((seed >> (k * 2 % 60)) % 9) as usize]);
            }
            let mut text = String::new();
            assert!(decode_into(&input, &mut text).is_empty());
            assert_eq!((text, Vec::new()), careful(&input), "{input:02X?}");
        }
    }

    #[test]
    fn display_reads_as_a_sentence() {
        let issue = DecodeIssue {
            kind: DecodeIssueKind::Gaiji,
            offset: 4,
            bytes: vec![0xF0, 0x40],
        };
        assert_eq!(
            issue.to_string(),
            "bytes 0xF040 at byte offset 4 are a 外字 (user-defined character), which the standard forbids"
        );
    }

    #[test]
    fn output_is_appended_not_replaced() {
        let mut text = String::from("前");
        assert!(decode_into(b"x", &mut text).is_empty());
        assert!(decode_into(&[0x82, 0xA0], &mut text).is_empty());
        assert_eq!(text, "前xあ");
    }

    #[test]
    fn a_tiny_initial_capacity_still_decodes_everything() {
        // Long non-ASCII input with an empty string: reserve must cover it.
        let input: Vec<u8> = std::iter::repeat_n([0x82, 0xA0, 0xF0, 0x40, 0x80], 500)
            .flatten()
            .collect();
        let mut text = String::new();
        let issues = decode_into(&input, &mut text);
        assert_eq!(text.chars().count(), 1500);
        assert_eq!(issues.len(), 1000);
        assert_eq!(issues[998].offset, 499 * 5 + 2);
        assert_eq!(issues[999].offset, 499 * 5 + 4);
    }
}
