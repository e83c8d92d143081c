//! Characters with two Unicode forms, and characters MS932 must not be asked to hold.

/// The characters that have a JIS (Unicode) form and a Windows form, as `(jis, windows)`
/// pairs (spec/OPEN_QUESTIONS.md 7).
///
/// MS932 decodes the byte pair to the Windows form. Text typed on a Mac, in Java or on the
/// web often carries the JIS form; [`Substitutions::standard`](super::Substitutions::standard)
/// writes it as the Windows form's byte pair and reports that it did.
///
/// ```
/// use careplan_csv::ms932::{decode_into, VARIANTS};
///
/// // 〜 WAVE DASH (JIS) and ～ FULLWIDTH TILDE (Windows) share the byte pair 0x8160.
/// assert!(VARIANTS.contains(&('〜', '～')));
/// let mut text = String::new();
/// assert!(decode_into(&[0x81, 0x60], &mut text).is_empty());
/// assert_eq!(text, "～");
/// ```
pub const VARIANTS: [(char, char); 7] = [
    // 〜 WAVE DASH → ～ FULLWIDTH TILDE (0x8160)
    ('\u{301C}', '\u{FF5E}'),
    // ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO (0x8161)
    ('\u{2016}', '\u{2225}'),
    // ¢ CENT SIGN → ￠ FULLWIDTH CENT SIGN (0x8191)
    ('\u{00A2}', '\u{FFE0}'),
    // £ POUND SIGN → ￡ FULLWIDTH POUND SIGN (0x8192)
    ('\u{00A3}', '\u{FFE1}'),
    // ¬ NOT SIGN → ￢ FULLWIDTH NOT SIGN (0x81CA)
    ('\u{00AC}', '\u{FFE2}'),
    // — EM DASH → ― HORIZONTAL BAR (0x815C)
    ('\u{2014}', '\u{2015}'),
    // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS (0x817C)
    ('\u{2212}', '\u{FF0D}'),
];

/// The private-use characters a 外字 decodes to (lead bytes 0xF0–0xF9).
pub(crate) const GAIJI_RANGE: std::ops::RangeInclusive<char> = '\u{E000}'..='\u{E757}';

/// Whether `ch` must be refused even where `encoding_rs` would encode it, because the bytes
/// would not decode back to `ch` or would be bytes the standard forbids:
///
/// - U+0080 would become the byte 0x80, which MS932 does not define (decoding reports it);
/// - ¥ U+00A5 and ‾ U+203E would become 0x5C and 0x7E, which decode to `\` and `~`;
/// - − U+2212 would silently become the bytes of － U+FF0D (a variant, see [`VARIANTS`]);
/// - U+E000–U+E757 are 外字, which the standard forbids (`encoding_rs` cannot encode them
///   anyway; refusing them here keeps the rule independent of that).
pub(crate) fn is_refused(ch: char) -> bool {
    matches!(ch, '\u{0080}' | '\u{00A5}' | '\u{203E}' | '\u{2212}') || GAIJI_RANGE.contains(&ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_pairs_are_distinct_and_jis_forms_are_refused_or_unencodable() {
        for (i, (jis, windows)) in VARIANTS.iter().enumerate() {
            assert_ne!(jis, windows);
            for (other_jis, _) in VARIANTS.iter().skip(i + 1) {
                assert_ne!(jis, other_jis, "duplicate JIS form");
            }
            assert!(
                !crate::ms932::is_representable(*jis),
                "{jis} must not encode directly"
            );
            assert!(
                crate::ms932::is_representable(*windows),
                "{windows} must encode"
            );
        }
    }

    #[test]
    fn refused_characters() {
        for ch in ['\u{80}', '¥', '‾', '−', '\u{E000}', '\u{E757}'] {
            assert!(is_refused(ch), "{ch:?}");
        }
        for ch in ['\u{7F}', '\u{81}', '\\', '~', '－', '\u{D7FF}', '\u{E758}'] {
            assert!(!is_refused(ch), "{ch:?}");
        }
    }
}
