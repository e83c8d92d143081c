//! The MS932 (Windows-31J) codec: explicit about malformed bytes, 外字 and characters MS932
//! cannot hold. Nothing is ever replaced without a report.
//!
//! The mapping is `encoding_rs`'s `SHIFT_JIS`, which is the WHATWG Shift_JIS encoding, which
//! is Windows code page 932. This module adds what a plain `encoding_rs` call hides.
//!
//! # Decoding
//!
//! [`decode_into`] appends the text and returns a [`DecodeIssue`] for every
//!
//! - malformed sequence ([`DecodeIssueKind::Malformed`]): a lead byte at the end of the
//!   input, a lead byte with an invalid trail byte, a lone 0x80, 0xA0 or 0xFD–0xFF. The text
//!   gets U+FFFD;
//! - 外字 ([`DecodeIssueKind::Gaiji`]): a lead byte 0xF0–0xF9 with a valid trail byte,
//!   forbidden by the standard (spec/OPEN_QUESTIONS.md 8b). The text gets the private-use
//!   character Windows gives it, U+E000 (0xF040) … U+E757 (0xF9FC).
//!
//! Each issue carries the byte offset of its first byte in the input and the bytes
//! themselves. Decoding never panics.
//!
//! ```
//! use careplan_csv::ms932::{decode_into, DecodeIssueKind};
//!
//! // ＡＢ 外字 ｱ, then a lead byte cut off at the end.
//! let bytes = [0x82, 0x60, 0x82, 0x61, 0xF0, 0x40, 0xB1, 0x81];
//! let mut text = String::new();
//! let issues = decode_into(&bytes, &mut text);
//! assert_eq!(text, "ＡＢ\u{E000}ｱ\u{FFFD}");
//! assert_eq!(issues.len(), 2);
//! assert_eq!((issues[0].kind, issues[0].offset), (DecodeIssueKind::Gaiji, 4));
//! assert_eq!((issues[1].kind, issues[1].offset), (DecodeIssueKind::Malformed, 7));
//! ```
//!
//! # Encoding
//!
//! [`encode_into`] (or [`encode_to_vec`]) never writes a `?`, an HTML reference such as
//! `&#12316;` (what `encoding_rs`'s own `encode` produces) or a best-fit guess. A character
//! MS932 cannot hold is an [`Unmappable`] error naming the character and its character and
//! byte index. 外字 (U+E000–U+E757) are never written.
//!
//! Seven characters have a JIS form and a Windows form ([`VARIANTS`],
//! spec/OPEN_QUESTIONS.md 7): 〜/～, ‖/∥, ¢/￠, £/￡, ¬/￢, —/―, −/－. MS932 decodes to the
//! Windows form; the [`Substitutions::standard`] table writes the JIS form as the same
//! bytes and reports a [`Substitution`]. Callers add their own entries (e.g. 𠮷 → 吉) and
//! get a report of every substitution made.
//!
//! ```
//! use careplan_csv::ms932::{encode_to_vec, Substitutions};
//!
//! let subs = Substitutions::standard().with('𠮷', "吉");
//! let (bytes, report) = encode_to_vec("𠮷田 9〜17時", &subs)?;
//! assert_eq!(&bytes[..4], [0x8B, 0x67, 0x93, 0x63]);
//! let made: Vec<_> = report.iter().map(|s| (s.from, s.char_index)).collect();
//! assert_eq!(made, [('𠮷', 0), ('〜', 4)]);
//!
//! // Without the caller's entry, 𠮷 is an error, not a `?`.
//! let err = encode_to_vec("𠮷田", &Substitutions::standard()).unwrap_err();
//! assert_eq!((err.ch, err.char_index), ('𠮷', 0));
//! # Ok::<(), careplan_csv::ms932::Unmappable>(())
//! ```
//!
//! ¥ U+00A5 and ‾ U+203E are not in the standard table: MS932 has no byte for them that
//! decodes back to them (`encoding_rs` writes them as 0x5C and 0x7E, which read as `\` and
//! `~`). Add an entry such as `.with('¥', "￥")` to write them.
//!
//! # Byte pairs that decode to the same character
//!
//! MS932 has duplicates (spec/OPEN_QUESTIONS.md 8): the NEC-selected IBM extension (lead
//! bytes 0xED–0xEE) repeats kanji of the IBM extension (0xFA–0xFC), e.g. 0xED40 and 0xFA5C
//! are both 纊, and NEC row 13 repeats JIS symbols, e.g. 0x8790 and 0x81E0 are both ≒.
//! Encoding writes one canonical pair (0xFA5C, 0x81E0), so decoding and re-encoding can
//! change bytes. A byte-exact rewrite therefore keeps the bytes it read for every value it
//! did not change (`RawRecord` stores them). [`reencodes_identically`] tells whether bytes
//! survive the trip.
//!
//! ```
//! use careplan_csv::ms932::{decode_to_string, reencodes_identically};
//!
//! assert_eq!(decode_to_string(&[0xED, 0x40]).0, decode_to_string(&[0xFA, 0x5C]).0);
//! assert!(!reencodes_identically(&[0xED, 0x40]));
//! assert!(reencodes_identically(&[0xFA, 0x5C]));
//! ```

mod decode;
mod encode;
mod variants;

pub use decode::{decode_into, decode_to_string, DecodeIssue, DecodeIssueKind};
pub(crate) use encode::{encode_by_table, substitutes_table_characters};
pub use encode::{
    encode_into, encode_to_vec, is_representable, Substitution, Substitutions, Unmappable,
};
pub use variants::VARIANTS;

/// Whether decoding `bytes` and encoding the text again (with no substitutions) gives the
/// same bytes. False for bytes with any decode issue, and for the non-canonical member of a
/// duplicate pair (0xED40 纊, 0x8790 ≒ …); true for the canonical one (0xFA5C, 0x81E0).
///
/// ```
/// use careplan_csv::ms932::reencodes_identically;
///
/// assert!(reencodes_identically("ASCII".as_bytes()));
/// assert!(reencodes_identically(&[0x81, 0xE0]));
/// assert!(!reencodes_identically(&[0x87, 0x90]));
/// assert!(!reencodes_identically(&[0xF0, 0x40])); // 外字
/// assert!(!reencodes_identically(&[0x81])); // malformed
/// ```
pub fn reencodes_identically(bytes: &[u8]) -> bool {
    if bytes.is_ascii() {
        return true;
    }
    let mut text = String::with_capacity(bytes.len().saturating_mul(2));
    if !decode_into(bytes, &mut text).is_empty() {
        return false;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut report = Vec::new();
    encode_into(&text, &Substitutions::none(), &mut out, &mut report).is_ok() && out == bytes
}
