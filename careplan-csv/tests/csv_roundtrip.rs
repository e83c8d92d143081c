//! Property: any sequence of MS932-representable strings written as free-text fields reads
//! back identical — quotes, commas, CR and LF inside included — and rewriting what was read
//! gives the same bytes.

use careplan_csv::{ErrorKind, ReaderBuilder, WriterBuilder};
use careplan_model::{Mode, RawRecord};
use proptest::prelude::*;

/// Characters MS932 holds: ASCII (with the CSV-significant ones over-represented),
/// half-width katakana, and double-byte characters decoded from valid lead/trail pairs.
fn ms932_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec!['"', ',', '\r', '\n', ' ', 'a', '0', '-']),
        3 => (0x20u8..0x7f).prop_map(char::from),
        2 => (0xA1u8..=0xDF).prop_map(|b| decode_one(&[b])),
        4 => (prop_oneof![0x81u8..=0x84, 0x88u8..=0x9F, 0xE0u8..=0xEA], 0x40u8..=0xFC)
            .prop_filter("0x7F is not a trail byte", |(_, t)| *t != 0x7F)
            .prop_map(|(l, t)| decode_one(&[l, t]))
            .prop_filter("a pair MS932 does not assign", |c| *c != '\u{FFFD}'),
    ]
}

fn decode_one(bytes: &[u8]) -> char {
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
    if bad {
        return '\u{FFFD}';
    }
    text.chars().next().unwrap_or('\u{FFFD}')
}

fn free_text() -> impl Strategy<Value = String> {
    prop::collection::vec(ms932_char(), 0..24).prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #[test]
    fn free_text_fields_read_back_identical(rows in prop::collection::vec(prop::collection::vec(free_text(), 1..6), 1..8)) {
        let mut w = WriterBuilder::new().from_writer(Vec::new());
        for row in &rows {
            let mut r = RawRecord::new();
            for t in row {
                r.push_field(t, true);
            }
            w.write_record(&r).unwrap();
        }
        prop_assert!(w.problems().is_empty());
        let bytes = w.into_inner().unwrap();

        let mut rdr = ReaderBuilder::new().mode(Mode::Strict).detect_header(false).from_reader(&bytes[..]);
        let read: Vec<RawRecord> = rdr.records().collect::<Result<_, _>>().unwrap();
        prop_assert!(rdr.problems().is_empty(), "{:?}", rdr.problems());
        prop_assert_eq!(read.len(), rows.len());
        for (rec, row) in read.iter().zip(&rows) {
            prop_assert!(rec.problems().is_empty(), "{:?}", rec.problems());
            let texts: Vec<&str> = rec.fields().map(|f| f.text).collect();
            let expected: Vec<&str> = row.iter().map(String::as_str).collect();
            prop_assert_eq!(texts, expected);
            prop_assert!(rec.fields().all(|f| f.quoted));
        }

        let mut w = WriterBuilder::new().from_writer(Vec::new());
        for r in &read {
            w.write_record(r).unwrap();
        }
        prop_assert_eq!(w.into_inner().unwrap(), bytes);
    }

    #[test]
    fn reading_arbitrary_bytes_never_panics_and_keeps_every_line(data in prop::collection::vec(any::<u8>(), 0..400), strict in any::<bool>()) {
        let mode = if strict { Mode::Strict } else { Mode::Lenient };
        let mut rdr = ReaderBuilder::new().mode(mode).buffer_capacity(1024).from_reader(&data[..]);
        let mut last_line = 0;
        for rec in rdr.records() {
            // The one error arbitrary bytes may earn is the UTF-16 refusal: a byte order mark
            // (FF FE / FE FF) or NULs in every other byte make the file UTF-16, which is named
            // as such and not read (issue 13 §5). Anything else must come back as a record.
            let rec = match rec {
                Ok(rec) => rec,
                Err(e) => {
                    prop_assert!(matches!(e.kind(), ErrorKind::Utf16 { .. }), "{e}");
                    break;
                }
            };
            prop_assert!(rec.position().line() > last_line);
            last_line = rec.position().line();
        }
    }
}
