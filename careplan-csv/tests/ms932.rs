//! The MS932 codec against the standard's rules and against `encoding_rs` itself.

use std::sync::OnceLock;

use careplan_csv::ms932::{
    decode_into, decode_to_string, encode_into, encode_to_vec, is_representable,
    reencodes_identically, DecodeIssue, DecodeIssueKind, Substitution, Substitutions, VARIANTS,
};
use careplan_csv::{Error, ErrorKind};
use encoding_rs::SHIFT_JIS;
use proptest::prelude::*;

fn malformed(offset: usize, bytes: &[u8]) -> DecodeIssue {
    DecodeIssue {
        kind: DecodeIssueKind::Malformed,
        offset,
        bytes: bytes.to_vec(),
    }
}

fn gaiji(offset: usize, bytes: &[u8]) -> DecodeIssue {
    DecodeIssue {
        kind: DecodeIssueKind::Gaiji,
        offset,
        bytes: bytes.to_vec(),
    }
}

/// The facts of an [`ErrorKind::Unmappable`] of a text (no item).
#[derive(Debug, PartialEq)]
struct Unmappable {
    ch: char,
    char_index: usize,
    byte_index: usize,
    replacing: Option<char>,
}

fn unmappable(err: Error) -> Unmappable {
    match err.into_kind() {
        ErrorKind::Unmappable {
            ch,
            item: 0,
            name: "",
            char_index,
            byte_index,
            replacing,
        } => Unmappable {
            ch,
            char_index,
            byte_index,
            replacing,
        },
        other => panic!("not an unmappable text: {other:?}"),
    }
}

fn encode(text: &str, subs: &Substitutions) -> Result<(Vec<u8>, Vec<Substitution>), Unmappable> {
    encode_to_vec(text, subs).map_err(unmappable)
}

// ---------------------------------------------------------------- decoding

#[test]
fn malformed_sequences_are_reported_with_their_offsets() {
    let cases: &[(&[u8], &str, Vec<DecodeIssue>)] = &[
        // A lead byte cut off at the end.
        (b"AB\x81", "AB\u{FFFD}", vec![malformed(2, &[0x81])]),
        (b"\xE0", "\u{FFFD}", vec![malformed(0, &[0xE0])]),
        (b"x\xFC", "x\u{FFFD}", vec![malformed(1, &[0xFC])]),
        // A lead byte with an ASCII trail: the lead alone is bad, the ASCII byte is kept.
        (b"a\x81 b", "a\u{FFFD} b", vec![malformed(1, &[0x81])]),
        (b"\x81\x7F", "\u{FFFD}\u{7F}", vec![malformed(0, &[0x81])]),
        (b"\xF0 ", "\u{FFFD} ", vec![malformed(0, &[0xF0])]),
        // Row 9 is empty in MS932: 0x8540 is not a character; '@' survives.
        (b"\x85\x40", "\u{FFFD}@", vec![malformed(0, &[0x85])]),
        // A lead byte with a non-ASCII invalid trail: both bytes are one bad sequence.
        (b"\x81\xFD", "\u{FFFD}", vec![malformed(0, &[0x81, 0xFD])]),
        (
            b"ok\x85\x9F!",
            "ok\u{FFFD}!",
            vec![malformed(2, &[0x85, 0x9F])],
        ),
        // Bytes MS932 does not define at all.
        (b"\x80", "\u{FFFD}", vec![malformed(0, &[0x80])]),
        (b"a\x80b", "a\u{FFFD}b", vec![malformed(1, &[0x80])]),
        (b"\xA0", "\u{FFFD}", vec![malformed(0, &[0xA0])]),
        (b"\xB1\xA0\xB1", "ｱ\u{FFFD}ｱ", vec![malformed(1, &[0xA0])]),
        (b"\xFD", "\u{FFFD}", vec![malformed(0, &[0xFD])]),
        (b"\xFE", "\u{FFFD}", vec![malformed(0, &[0xFE])]),
        (b"12\xFF", "12\u{FFFD}", vec![malformed(2, &[0xFF])]),
        // Several in a row, after a two-byte character.
        (
            b"\x82\xA0\x80\xFF\x81",
            "あ\u{FFFD}\u{FFFD}\u{FFFD}",
            vec![
                malformed(2, &[0x80]),
                malformed(3, &[0xFF]),
                malformed(4, &[0x81]),
            ],
        ),
    ];
    for (bytes, text, issues) in cases {
        let (got_text, got_issues) = decode_to_string(bytes);
        assert_eq!(&got_text, text, "{bytes:02X?}");
        assert_eq!(&got_issues, issues, "{bytes:02X?}");
    }
}

#[test]
fn byte_0x80_as_trail_byte_is_valid() {
    // 0x8180 is ÷: 0x80 is only malformed where a character starts.
    let (text, issues) = decode_to_string(&[0x81, 0x80]);
    assert_eq!(text, "÷");
    assert!(issues.is_empty());
}

#[test]
fn gaiji_are_reported_and_decode_to_private_use_characters() {
    let (text, issues) = decode_to_string(&[0xF0, 0x40]);
    assert_eq!(text, "\u{E000}");
    assert_eq!(issues, [gaiji(0, &[0xF0, 0x40])]);

    let (text, issues) = decode_to_string(b"ID\xF9\xFC.");
    assert_eq!(text, "ID\u{E757}.");
    assert_eq!(issues, [gaiji(2, &[0xF9, 0xFC])]);

    // Same characters as encoding_rs gives, so the mapping is Windows'.
    for pair in [[0xF0u8, 0x40], [0xF5, 0x9F], [0xF9, 0xFC]] {
        let (ours, _) = decode_to_string(&pair);
        let (theirs, had_errors) = SHIFT_JIS.decode_without_bom_handling(&pair);
        assert!(!had_errors);
        assert_eq!(ours, theirs);
    }

    // A 外字 among issues and ordinary text keeps byte order.
    let (text, issues) = decode_to_string(b"\xFF\x82\xA0\xF0\x41\x81");
    assert_eq!(text, "\u{FFFD}あ\u{E001}\u{FFFD}");
    assert_eq!(
        issues,
        [
            malformed(0, &[0xFF]),
            gaiji(3, &[0xF0, 0x41]),
            malformed(5, &[0x81])
        ]
    );
}

#[test]
fn every_gaiji_pair_is_an_issue() {
    let mut count = 0;
    for lead in 0xF0u8..=0xF9 {
        for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
            let (text, issues) = decode_to_string(&[b'a', lead, trail]);
            assert_eq!(issues, [gaiji(1, &[lead, trail])]);
            let pua = text.chars().nth(1).map(u32::from);
            assert!(
                matches!(pua, Some(0xE000..=0xE757)),
                "{lead:02X}{trail:02X}"
            );
            count += 1;
        }
    }
    assert_eq!(count, 1880);
}

#[test]
fn decode_appends_to_existing_text() {
    let mut text = String::from("既存");
    let issues = decode_into(&[0x82, 0xA0, 0x80], &mut text);
    assert_eq!(text, "既存あ\u{FFFD}");
    assert_eq!(issues, [malformed(2, &[0x80])]);
}

#[test]
fn half_width_katakana_round_trips() {
    let (text, issues) = decode_to_string(&[0xB1]);
    assert_eq!(text, "ｱ");
    assert!(issues.is_empty());
    let (bytes, report) = encode("ｱ", &Substitutions::standard()).unwrap();
    assert_eq!(bytes, [0xB1]);
    assert!(report.is_empty());
    let all: Vec<u8> = (0xA1..=0xDF).collect();
    let (text, issues) = decode_to_string(&all);
    assert!(issues.is_empty());
    assert_eq!(text.chars().count(), all.len());
    assert_eq!(encode(&text, &Substitutions::none()).unwrap().0, all);
}

// ---------------------------------------------------------------- variants

/// (JIS form, Windows form, MS932 bytes), from spec/OPEN_QUESTIONS.md 7.
const VARIANT_BYTES: [(char, char, [u8; 2]); 7] = [
    ('〜', '～', [0x81, 0x60]),
    ('‖', '∥', [0x81, 0x61]),
    ('¢', '￠', [0x81, 0x91]),
    ('£', '￡', [0x81, 0x92]),
    ('¬', '￢', [0x81, 0xCA]),
    ('—', '―', [0x81, 0x5C]),
    ('−', '－', [0x81, 0x7C]),
];

#[test]
fn variant_table_matches_the_spec() {
    let pairs: Vec<(char, char)> = VARIANT_BYTES.iter().map(|(j, w, _)| (*j, *w)).collect();
    assert_eq!(pairs, VARIANTS);
    let standard: Vec<(char, String)> = Substitutions::standard()
        .iter()
        .map(|(c, to)| (c, to.to_owned()))
        .collect();
    let mut expected: Vec<(char, String)> =
        VARIANTS.iter().map(|(j, w)| (*j, w.to_string())).collect();
    expected.sort();
    assert_eq!(standard, expected);
}

#[test]
fn variant_byte_pairs_decode_to_the_windows_form() {
    for (jis, windows, bytes) in VARIANT_BYTES {
        // encoding_rs, independently of our decoder.
        let (theirs, had_errors) = SHIFT_JIS.decode_without_bom_handling(&bytes);
        assert!(!had_errors);
        assert_eq!(theirs, windows.to_string(), "{bytes:02X?}");
        let (ours, issues) = decode_to_string(&bytes);
        assert!(issues.is_empty());
        assert_eq!(ours, windows.to_string());
        assert_ne!(ours, jis.to_string());
    }
}

#[test]
fn both_forms_of_a_variant_encode_to_the_same_pair() {
    for (jis, windows, bytes) in VARIANT_BYTES {
        // The Windows form: no substitution, with either table.
        for subs in [Substitutions::standard(), Substitutions::none()] {
            let (got, report) = encode(&windows.to_string(), &subs).unwrap();
            assert_eq!(got, bytes, "{windows}");
            assert!(report.is_empty(), "{windows}");
        }
        // The JIS form: same bytes, reported.
        let text = format!("a{jis}");
        let (got, report) = encode(&text, &Substitutions::standard()).unwrap();
        assert_eq!(got, [b'a', bytes[0], bytes[1]], "{jis}");
        assert_eq!(
            report,
            [Substitution {
                from: jis,
                to: windows.to_string(),
                char_index: 1,
                byte_index: 1,
            }]
        );
        // Without the table the JIS form is unmappable, never silently written.
        let err = encode(&text, &Substitutions::none()).unwrap_err();
        assert_eq!((err.ch, err.char_index, err.byte_index), (jis, 1, 1));
        let err = encode(&text, &Substitutions::standard().without(jis)).unwrap_err();
        assert_eq!(err.ch, jis);
    }
}

#[test]
fn minus_sign_is_not_written_silently() {
    // encoding_rs maps U+2212 to 0x817C on its own; we must report it.
    let (theirs, _, had_errors) = SHIFT_JIS.encode("−");
    assert!(!had_errors);
    assert_eq!(&theirs[..], [0x81, 0x7C]);
    assert!(encode("−", &Substitutions::none()).is_err());
    assert_eq!(encode("−", &Substitutions::standard()).unwrap().1.len(), 1);
}

// ---------------------------------------------------------------- unmappable

#[test]
fn unmappable_characters_are_named_with_their_index() {
    let subs = Substitutions::standard();
    let cases = [
        ("吉田𠮷", '𠮷', 2, 6),
        ("😀", '😀', 0, 0),
        ("Café", 'é', 3, 3),
        ("値\u{E000}", '\u{E000}', 1, 3),
        ("\u{E757}", '\u{E757}', 0, 0),
        ("¥100", '¥', 0, 0),
        ("a‾", '‾', 1, 1),
        ("\u{80}", '\u{80}', 0, 0),
        ("\u{FFFD}", '\u{FFFD}', 0, 0),
        // After a substitution, indices still count the original text.
        ("〜〜😀", '😀', 2, 6),
    ];
    for (text, ch, char_index, byte_index) in cases {
        assert!(encode_to_vec(text, &subs)
            .unwrap_err()
            .to_string()
            .contains("cannot be written in MS932"));
        let err = encode(text, &subs).unwrap_err();
        assert_eq!(
            err,
            Unmappable {
                ch,
                char_index,
                byte_index,
                replacing: None
            },
            "{text}"
        );
    }
}

#[test]
fn encoding_rs_would_hide_unmappable_characters() {
    // What the plain encode does, and why we do not use it.
    let (bytes, _, had_errors) = SHIFT_JIS.encode("〜");
    assert!(had_errors);
    assert_eq!(&bytes[..], b"&#12316;");
    // 外字: encoding_rs cannot encode private-use characters either.
    let (bytes, _, had_errors) = SHIFT_JIS.encode("\u{E000}");
    assert!(had_errors);
    assert_eq!(&bytes[..], b"&#57344;");
    // ¥ and ‾ are written as 0x5C and 0x7E, which decode to \ and ~.
    let (bytes, _, had_errors) = SHIFT_JIS.encode("¥‾");
    assert!(!had_errors);
    assert_eq!(&bytes[..], b"\\~");
    assert_eq!(decode_to_string(b"\\~").0, "\\~");
}

#[test]
fn nothing_of_an_unmappable_character_is_written() {
    let mut out = Vec::new();
    let mut report = Vec::new();
    let err = encode_into("あé", &Substitutions::standard(), &mut out, &mut report);
    assert_eq!(err.map_err(|e| unmappable(e).ch), Err('é'));
    assert_eq!(out, [0x82, 0xA0]);
}

#[test]
fn gaiji_characters_are_refused_even_with_no_table() {
    for cp in 0xE000u32..=0xE757 {
        let ch = char::from_u32(cp).unwrap();
        assert!(!is_representable(ch), "U+{cp:04X}");
        assert!(encode(&ch.to_string(), &Substitutions::none()).is_err());
    }
    // A caller may still substitute them explicitly (and is told).
    let subs = Substitutions::none().with('\u{E000}', "〓");
    let (bytes, report) = encode("\u{E000}", &subs).unwrap();
    assert_eq!(bytes, [0x81, 0xAC]);
    assert_eq!(report[0].from, '\u{E000}');
}

// ---------------------------------------------------------------- caller substitutions

#[test]
fn caller_substitution_is_applied_and_reported() {
    let subs = Substitutions::standard().with('𠮷', "吉");
    let (bytes, report) = encode("𠮷野家〜", &subs).unwrap();
    let (expected, _) = encode("吉野家～", &Substitutions::none()).unwrap();
    assert_eq!(bytes, expected);
    assert_eq!(
        report,
        [
            Substitution {
                from: '𠮷',
                to: "吉".to_owned(),
                char_index: 0,
                byte_index: 0,
            },
            Substitution {
                from: '〜',
                to: "～".to_owned(),
                char_index: 3,
                byte_index: 10,
            },
        ]
    );
}

#[test]
fn caller_substitution_may_replace_a_representable_character() {
    let subs = Substitutions::none().with('髙', "高");
    let (bytes, report) = encode("髙橋", &subs).unwrap();
    assert_eq!(decode_to_string(&bytes).0, "高橋");
    assert_eq!(report.len(), 1);
    // Without it, 髙 (IBM extension) is written as itself.
    let (bytes, report) = encode("髙橋", &Substitutions::none()).unwrap();
    assert_eq!(decode_to_string(&bytes).0, "髙橋");
    assert!(report.is_empty());
}

#[test]
fn unencodable_replacement_is_an_error_naming_the_replacement() {
    let subs = Substitutions::standard().with('𠮷', "𠮷");
    let err = encode("田𠮷", &subs).unwrap_err();
    assert_eq!(
        err,
        Unmappable {
            ch: '𠮷',
            char_index: 1,
            byte_index: 3,
            replacing: Some('𠮷'),
        }
    );
    // Replacements are not substituted again: 〜 in a replacement is refused.
    let subs = Substitutions::standard().with('😀', "〜");
    assert_eq!(encode("😀", &subs).unwrap_err().ch, '〜');
}

#[test]
fn later_with_overrides_earlier_and_without_removes() {
    let subs = Substitutions::standard().with('〜', "~");
    let (bytes, report) = encode("〜", &subs).unwrap();
    assert_eq!(bytes, b"~");
    assert_eq!(report[0].to, "~");
    assert_eq!(subs.len(), 7);
    assert!(encode("〜", &subs.without('〜')).is_err());
}

// ---------------------------------------------------------------- duplicate pairs

#[test]
fn duplicate_pairs_decode_equal_and_only_the_canonical_one_reencodes() {
    let text = |b: &[u8]| {
        let (t, issues) = decode_to_string(b);
        assert!(issues.is_empty());
        t
    };
    assert_eq!(text(&[0xED, 0x40]), "纊");
    assert_eq!(text(&[0xFA, 0x5C]), "纊");
    assert_eq!(text(&[0x87, 0x90]), "≒");
    assert_eq!(text(&[0x81, 0xE0]), "≒");
    assert!(!reencodes_identically(&[0xED, 0x40]));
    assert!(!reencodes_identically(&[0x87, 0x90]));
    assert!(reencodes_identically(&[0xFA, 0x5C]));
    assert!(reencodes_identically(&[0x81, 0xE0]));
    assert_eq!(
        encode("纊≒", &Substitutions::none()).unwrap().0,
        [0xFA, 0x5C, 0x81, 0xE0]
    );
    // In context too.
    assert!(!reencodes_identically(b"A\x82\xA0\xED\x40"));
    assert!(reencodes_identically(b"A\x82\xA0\xFA\x5C"));
    assert!(reencodes_identically(b""));
    assert!(!reencodes_identically(b"\xF0\x40"));
    assert!(!reencodes_identically(b"\x80"));
}

/// Every valid pair either re-encodes to itself, or to another pair that decodes the same
/// and re-encodes to itself.
#[test]
fn every_non_canonical_pair_has_a_canonical_twin() {
    let mut duplicates = 0;
    for lead in (0x81u8..=0x9F).chain(0xE0..=0xEF).chain(0xFA..=0xFC) {
        for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
            let pair = [lead, trail];
            let (text, issues) = decode_to_string(&pair);
            if !issues.is_empty() {
                continue;
            }
            if reencodes_identically(&pair) {
                continue;
            }
            duplicates += 1;
            let (twin, report) = encode(&text, &Substitutions::none()).unwrap();
            assert!(report.is_empty());
            assert_ne!(twin, pair);
            assert_eq!(decode_to_string(&twin).0, text, "{pair:02X?}");
            assert!(reencodes_identically(&twin), "{pair:02X?} → {twin:02X?}");
        }
    }
    // NEC-selected IBM extension (0xED/0xEE) and some NEC row 13 / IBM pairs at least.
    assert!(duplicates > 374, "only {duplicates} duplicates");
}

// ---------------------------------------------------------------- ASCII

#[test]
fn ascii_passes_through_both_ways() {
    let all: Vec<u8> = (0u8..0x80).collect();
    let (text, issues) = decode_to_string(&all);
    assert!(issues.is_empty());
    assert_eq!(text.as_bytes(), &all[..]);
    let (bytes, report) = encode(&text, &Substitutions::standard()).unwrap();
    assert_eq!(bytes, all);
    assert!(report.is_empty());
    assert!(reencodes_identically(&all));
}

// ---------------------------------------------------------------- properties

/// Every character MS932 holds (all in the BMP).
fn representable() -> &'static [char] {
    static CHARS: OnceLock<Vec<char>> = OnceLock::new();
    CHARS.get_or_init(|| {
        (0u32..=0xFFFF)
            .filter_map(char::from_u32)
            .filter(|c| is_representable(*c))
            .collect()
    })
}

#[test]
fn representable_characters_are_exactly_those_that_round_trip() {
    let chars = representable();
    // 128 ASCII + 63 katakana + the two-byte characters, minus duplicates.
    assert!(chars.len() > 7000, "{}", chars.len());
    for &ch in chars {
        let (bytes, report) = encode(&ch.to_string(), &Substitutions::none()).unwrap();
        assert!(report.is_empty());
        let (text, issues) = decode_to_string(&bytes);
        assert!(issues.is_empty(), "{ch:?}");
        assert_eq!(text, ch.to_string());
    }
    // Nothing outside the BMP.
    for cp in [0x10000u32, 0x20BB7, 0x1F600, 0x10FFFF] {
        assert!(!is_representable(char::from_u32(cp).unwrap()));
    }
}

fn is_pua(ch: char) -> bool {
    ('\u{E000}'..='\u{E757}').contains(&ch)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_never_panics_and_reports_within_the_input(
        bytes in prop::collection::vec(any::<u8>(), 0..300)
    ) {
        let mut text = String::from("prefix");
        let issues = decode_into(&bytes, &mut text);
        let text = text.strip_prefix("prefix").unwrap_or_default().to_owned();
        let mut last_end = 0;
        for issue in &issues {
            prop_assert!(!issue.bytes.is_empty());
            prop_assert!(issue.offset >= last_end, "issues overlap or are out of order");
            let end = issue.offset + issue.bytes.len();
            prop_assert!(end <= bytes.len());
            prop_assert_eq!(&bytes[issue.offset..end], &issue.bytes[..]);
            last_end = end;
        }
        let malformed = issues.iter().filter(|i| i.kind == DecodeIssueKind::Malformed).count();
        let gaiji = issues.iter().filter(|i| i.kind == DecodeIssueKind::Gaiji).count();
        prop_assert_eq!(text.chars().filter(|c| *c == '\u{FFFD}').count(), malformed);
        prop_assert_eq!(text.chars().filter(|c| is_pua(*c)).count(), gaiji);
        prop_assert!(!text.contains(char::from(0x80u8)));
        // Same text as encoding_rs, except that the byte 0x80 is malformed for us.
        let (theirs, _) = SHIFT_JIS.decode_without_bom_handling(&bytes);
        prop_assert_eq!(text, theirs.replace('\u{80}', "\u{FFFD}"));
    }

    #[test]
    fn decode_handles_arbitrary_mixes_of_interesting_bytes(
        bytes in prop::collection::vec(
            prop::sample::select(vec![0x00u8, 0x20, 0x40, 0x7F, 0x80, 0x81, 0x9F, 0xA0, 0xB1,
                                      0xE0, 0xED, 0xF0, 0xF9, 0xFA, 0xFC, 0xFD, 0xFF]),
            0..64,
        )
    ) {
        let (text, issues) = decode_to_string(&bytes);
        let (theirs, _) = SHIFT_JIS.decode_without_bom_handling(&bytes);
        prop_assert_eq!(text, theirs.replace('\u{80}', "\u{FFFD}"));
        for issue in &issues {
            let is_gaiji_lead = matches!(issue.bytes.first(), Some(0xF0..=0xF9));
            if issue.kind == DecodeIssueKind::Gaiji {
                prop_assert!(is_gaiji_lead && issue.bytes.len() == 2);
            }
        }
    }

    #[test]
    fn representable_text_round_trips(
        chars in prop::collection::vec(prop::sample::select(representable()), 0..80)
    ) {
        let text: String = chars.into_iter().collect();
        for subs in [Substitutions::none(), Substitutions::standard()] {
            let (bytes, report) = encode(&text, &subs).unwrap();
            prop_assert!(report.is_empty());
            let (back, issues) = decode_to_string(&bytes);
            prop_assert!(issues.is_empty());
            prop_assert_eq!(&back, &text);
            // The bytes we write are canonical.
            prop_assert!(reencodes_identically(&bytes));
        }
    }

    #[test]
    fn encode_never_writes_hidden_replacements(
        chars in prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(representable()),
                2 => prop::sample::select(vec!['〜', '‖', '¢', '£', '¬', '—', '−', '𠮷', '¥', '\u{E000}']),
                1 => any::<char>(),
            ],
            0..40,
        )
    ) {
        let text: String = chars.into_iter().collect();
        let subs = Substitutions::standard().with('𠮷', "吉");
        let mut out = Vec::new();
        let mut report = Vec::new();
        match encode_into(&text, &subs, &mut out, &mut report).map_err(unmappable) {
            Ok(()) => {
                // Decoding gives the text back with the reported substitutions applied.
                let (back, issues) = decode_to_string(&out);
                prop_assert!(issues.is_empty());
                let mut expected = String::new();
                for (i, ch) in text.chars().enumerate() {
                    match report.iter().find(|s| s.char_index == i) {
                        Some(s) => {
                            prop_assert_eq!(s.from, ch);
                            prop_assert_eq!(text.get(s.byte_index..).and_then(|t| t.chars().next()), Some(ch));
                            expected.push_str(&s.to);
                        }
                        None => {
                            prop_assert!(is_representable(ch));
                            expected.push(ch);
                        }
                    }
                }
                prop_assert_eq!(back, expected);
            }
            Err(err) => {
                prop_assert_eq!(err.replacing, None);
                prop_assert!(!is_representable(err.ch));
                prop_assert!(subs.get(err.ch).is_none());
                prop_assert_eq!(text.chars().nth(err.char_index), Some(err.ch));
                prop_assert_eq!(text.get(err.byte_index..).and_then(|t| t.chars().next()), Some(err.ch));
                // Every character before it was encodable.
                for ch in text.chars().take(err.char_index) {
                    prop_assert!(is_representable(ch) || subs.get(ch).is_some());
                }
            }
        }
    }
}
