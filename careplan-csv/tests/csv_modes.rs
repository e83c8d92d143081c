//! Strict vs lenient reading, deviation by deviation, and byte-exact rewrites.

use careplan_csv::{ReaderBuilder, WriterBuilder};
use careplan_model::{Mode, ProblemKind, RawRecord, Severity, SourceEncoding};

struct Read {
    records: Vec<RawRecord>,
    file_problems: Vec<(ProblemKind, Severity, Option<u64>)>,
    record_problems: Vec<(ProblemKind, Severity, Option<u64>)>,
    final_line_break: Option<bool>,
}

fn read(mode: Mode, data: &[u8]) -> Read {
    let mut rdr = ReaderBuilder::new()
        .mode(mode)
        .file_name("T.CSV")
        .from_reader(data);
    let records: Vec<RawRecord> = rdr
        .records()
        .collect::<Result<_, _>>()
        .expect("no I/O error");
    let file_problems = rdr
        .problems()
        .iter()
        .map(|p| (p.kind, p.severity, p.location.line))
        .collect();
    let record_problems = records
        .iter()
        .flat_map(|r| {
            r.problems()
                .iter()
                .map(|p| (p.kind, p.severity, p.location.line))
        })
        .collect();
    Read {
        records,
        file_problems,
        record_problems,
        final_line_break: rdr.final_line_break(),
    }
}

fn write_standard(records: &[RawRecord]) -> Vec<u8> {
    let mut w = WriterBuilder::new().from_writer(Vec::new());
    for r in records {
        w.write_record(r).expect("encodable");
    }
    w.into_inner().expect("flush")
}

const STANDARD: &[u8] =
    b"202407,131001,\"\x8eR\x93c \x91\xbe\x98Y\"\r\n202407,131002,\"\xb1\xb2\xb3\"\r\n";

#[test]
fn the_standard_form_reads_clean_in_both_modes_and_rewrites_exactly() {
    for mode in [Mode::Strict, Mode::Lenient] {
        let r = read(mode, STANDARD);
        assert!(r.file_problems.is_empty() && r.record_problems.is_empty());
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[0].text(2), Some("山田 太郎"));
        assert_eq!(r.records[1].text(2), Some("ｱｲｳ"));
        assert_eq!(write_standard(&r.records), STANDARD);
    }
}

/// Each deviation of a real file, with the problem it gives: an error in strict mode, a
/// warning in lenient mode, at the line where it is.
#[test]
fn each_deviation_is_an_error_in_strict_and_a_warning_in_lenient() {
    let cases: &[(&str, &[u8], ProblemKind, u64, usize)] = &[
        (
            "trailing blank lines",
            b"202407,1\r\n\r\n\r\n",
            ProblemKind::BlankLine,
            2,
            1,
        ),
        (
            "blank line between",
            b"202407,1\r\n\r\n202407,2\r\n",
            ProblemKind::BlankLine,
            2,
            2,
        ),
        (
            "whitespace line",
            b"202407,1\r\n  \r\n202407,2\r\n",
            ProblemKind::BlankLine,
            2,
            2,
        ),
        (
            "UTF-8 BOM",
            b"\xef\xbb\xbf202407,1\r\n",
            ProblemKind::Utf8Bom,
            1,
            1,
        ),
        (
            "UTF-8 file",
            "202407,\"山田\"\r\n".as_bytes(),
            ProblemKind::Utf8Encoding,
            1,
            1,
        ),
    ];
    for (what, data, kind, line, count) in cases {
        let strict = read(Mode::Strict, data);
        let lenient = read(Mode::Lenient, data);
        assert_eq!(
            lenient.records.len(),
            *count,
            "{what}: lenient keeps every record"
        );
        assert_eq!(
            strict.records.len(),
            *count,
            "{what}: strict keeps every record"
        );
        assert!(
            strict
                .file_problems
                .contains(&(*kind, Severity::Error, Some(*line))),
            "{what}: strict {:?}",
            strict.file_problems
        );
        assert!(
            lenient
                .file_problems
                .contains(&(*kind, Severity::Warning, Some(*line))),
            "{what}: lenient {:?}",
            lenient.file_problems
        );
    }
}

/// Line endings are a convention the standard does not print (OPEN_QUESTIONS 1–2): LF, CR
/// and a missing final line break are a warning in both modes, and every record is read.
#[test]
fn line_endings_are_a_warning_in_both_modes() {
    let cases: &[(&str, &[u8], ProblemKind, u64, usize)] = &[
        (
            "LF endings",
            b"202407,1\n202407,2\n",
            ProblemKind::LineEnding,
            1,
            2,
        ),
        (
            "CR endings",
            b"202407,1\r202407,2\r",
            ProblemKind::LineEnding,
            1,
            2,
        ),
        (
            "one LF among CRLF",
            b"202407,1\r\n202407,2\n202407,3\r\n",
            ProblemKind::LineEnding,
            2,
            3,
        ),
        (
            "no final line break",
            b"202407,1\r\n202407,2",
            ProblemKind::MissingFinalLineBreak,
            2,
            2,
        ),
        (
            "LF and no final line break",
            b"202407,1\n202407,2\n202407,3",
            ProblemKind::MissingFinalLineBreak,
            3,
            3,
        ),
    ];
    for (what, data, kind, line, count) in cases {
        for mode in [Mode::Strict, Mode::Lenient] {
            let r = read(mode, data);
            assert_eq!(
                r.records.len(),
                *count,
                "{what}: {mode:?} keeps every record"
            );
            assert!(
                r.file_problems
                    .contains(&(*kind, Severity::Warning, Some(*line))),
                "{what}: {mode:?} {:?}",
                r.file_problems
            );
            assert!(
                r.file_problems.iter().all(|p| p.1 == Severity::Warning)
                    && r.record_problems.is_empty(),
                "{what}: {mode:?} no error {:?} {:?}",
                r.file_problems,
                r.record_problems
            );
        }
    }
}

#[test]
fn header_line_is_skipped_and_reported_in_lenient_and_an_error_record_in_strict() {
    let (data, _, _) = encoding_rs::SHIFT_JIS
        .encode("CSVバージョン,保険者番号,被保険者番号\r\n202407,131001,0000012345\r\n");
    let data = &data[..];
    let lenient = read(Mode::Lenient, data);
    assert_eq!(lenient.records.len(), 1);
    assert_eq!(lenient.records[0].position().line(), 2);
    assert_eq!(
        lenient.file_problems,
        vec![(ProblemKind::HeaderLine, Severity::Warning, Some(1))]
    );
    let strict = read(Mode::Strict, data);
    assert_eq!(strict.records.len(), 2);
    assert_eq!(
        strict.record_problems,
        vec![(ProblemKind::HeaderLine, Severity::Error, Some(1))]
    );
}

#[test]
fn missing_final_line_break_is_a_warning_in_both_modes_and_remembered() {
    for mode in [Mode::Strict, Mode::Lenient] {
        let r = read(mode, b"202407,1\r\n202407,2");
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.final_line_break, Some(false));
        assert_eq!(
            r.file_problems,
            vec![(
                ProblemKind::MissingFinalLineBreak,
                Severity::Warning,
                Some(2)
            )]
        );
        let mut w = WriterBuilder::new()
            .final_line_break(false)
            .from_writer(Vec::new());
        for rec in &r.records {
            w.write_record(rec).unwrap();
        }
        assert_eq!(w.into_inner().unwrap(), b"202407,1\r\n202407,2");
    }
}

#[test]
fn stray_quotes_are_reported_on_the_record_with_the_item() {
    for (mode, severity) in [
        (Mode::Strict, Severity::Error),
        (Mode::Lenient, Severity::Warning),
    ] {
        let r = read(mode, b"202407,1\r\n202407,ab\"c\r\n");
        assert_eq!(r.records.len(), 2);
        assert_eq!(
            r.record_problems,
            vec![(ProblemKind::IrregularQuoting, severity, Some(2))]
        );
        let p = &r.records[1].problems()[0];
        assert_eq!(p.location.item.map(|i| i.no), Some(2));
        assert_eq!(p.location.file.as_deref(), Some("T.CSV"));
        assert_eq!(p.found.as_deref(), Some("ab\"c"));
    }
}

#[test]
fn a_sloppy_file_rewritten_is_the_standards_form() {
    let sloppy: &[u8] = b"version,no,name\n202407,131001,\"\x8eR\x93c \x91\xbe\x98Y\"\n\n202407,131002,\"\xb1\xb2\xb3\"";
    let r = read(Mode::Lenient, sloppy);
    assert_eq!(r.records.len(), 2);
    let kinds: Vec<_> = r.file_problems.iter().map(|p| p.0).collect();
    assert_eq!(
        kinds,
        vec![
            ProblemKind::HeaderLine,
            ProblemKind::LineEnding,
            ProblemKind::BlankLine,
            ProblemKind::MissingFinalLineBreak
        ]
    );
    assert_eq!(write_standard(&r.records), STANDARD);
}

#[test]
fn byte_exact_rewrite_of_duplicate_pairs_and_half_width_katakana() {
    // 0xED40 (NEC-selected IBM 纊), 0xFA5C (IBM 纊), 0x8790 (NEC ≒), 0x81E0 (JIS ≒), ｱ.
    let data: &[u8] = b"202407,\"\xed\x40\xfa\x5c\",\"\x87\x90\x81\xe0\",\"\xb1\"\r\n";
    let r = read(Mode::Strict, data);
    assert!(r.record_problems.is_empty());
    assert_eq!(r.records[0].text(1), Some("纊纊"));
    assert_eq!(r.records[0].text(2), Some("≒≒"));
    assert_eq!(write_standard(&r.records), data);
}

#[test]
fn gaiji_and_malformed_bytes_are_errors_with_their_offset_and_kept_raw() {
    // 外字 0xF040 at byte 8 of the file (after `202407,"`), a lone lead byte 0x82 at the end
    // of the next field.
    let data: &[u8] = b"202407,\"\xf0\x40\",\x82\r\n";
    for mode in [Mode::Strict, Mode::Lenient] {
        let r = read(mode, data);
        let probs = r.records[0].problems();
        assert_eq!(probs.len(), 2, "{probs:?}");
        assert_eq!(
            (probs[0].kind, probs[0].severity),
            (ProblemKind::Gaiji, Severity::Error)
        );
        assert_eq!(probs[0].location.byte, Some(8));
        assert_eq!(probs[0].found.as_deref(), Some("0xF040"));
        assert_eq!(probs[1].kind, ProblemKind::MalformedBytes);
        assert_eq!(probs[1].location.byte, Some(12));
        assert_eq!(r.records[0].field(1).unwrap().raw, Some(&b"\xf0\x40"[..]));
    }
}

/// Records of ASCII only, 70 KB of them (more than the reader's first 64 KiB window), then
/// one record whose 4th item holds `text` between quotes; and the line of that record.
fn ascii_then(text: &[u8]) -> (Vec<u8>, u64) {
    let mut data = Vec::new();
    let mut lines = 0;
    while data.len() < 70_000 {
        data.extend_from_slice(b"202407,131001,0000012345,\"Yamada Hanako\",250\r\n");
        lines += 1;
    }
    data.extend_from_slice(b"202407,131001,0000012345,\"");
    data.extend_from_slice(text);
    data.extend_from_slice(b"\",250\r\n");
    (data, lines + 1)
}

#[test]
fn utf8_text_after_the_first_window_is_detected_where_it_starts() {
    let (data, line) = ascii_then("山田".as_bytes());
    let lenient = read(Mode::Lenient, &data);
    let last = lenient.records.last().expect("records");
    assert_eq!(last.text(3), Some("山田"));
    assert_eq!(last.source(), SourceEncoding::Utf8);
    assert_eq!(
        lenient.file_problems,
        vec![(ProblemKind::Utf8Encoding, Severity::Warning, Some(line))]
    );
    assert!(lenient.record_problems.is_empty());
    // Strict mode reports the error the start would have, and reads on as MS932.
    let strict = read(Mode::Strict, &data);
    let last = strict.records.last().expect("records");
    assert_eq!(last.text(3), Some("螻ｱ逕ｰ"));
    assert_eq!(last.source(), SourceEncoding::Ms932);
    assert_eq!(
        strict.file_problems,
        vec![(ProblemKind::Utf8Encoding, Severity::Error, Some(line))]
    );
    // The problem names the record and the item where the UTF-8 text starts: its value
    // starts 13 bytes before the end (`山田",250` CRLF).
    let mut rdr = ReaderBuilder::new().from_reader(&data[..]);
    let count = rdr.records().count() as u64;
    let p = &rdr.problems()[0];
    assert_eq!(p.location.record, Some(count));
    assert_eq!(p.location.item.map(|i| i.no), Some(4));
    assert_eq!(p.location.byte, Some(data.len() as u64 - 13));
}

#[test]
fn ms932_text_after_the_first_window_stays_ms932() {
    // 山田 in MS932.
    let (data, _) = ascii_then(b"\x8e\x52\x93\x63");
    for mode in [Mode::Strict, Mode::Lenient] {
        let r = read(mode, &data);
        assert!(r.file_problems.is_empty(), "{:?}", r.file_problems);
        assert!(r.record_problems.is_empty(), "{:?}", r.record_problems);
        assert_eq!(r.records.last().and_then(|r| r.text(3)), Some("山田"));
    }
}

/// A first line that is a data record with a damaged CSVバージョン (and items No.2 and No.3
/// empty, or not numbers) is not a header: it is returned as a record, for the layout to
/// report its version.
#[test]
fn a_data_record_with_a_bad_version_is_not_taken_for_a_header() {
    let (full_width, _, _) =
        encoding_rs::SHIFT_JIS.encode("２０２４０７,１３１００１,０００００１２３４５\r\n");
    let firsts: [&[u8]; 3] = [
        b"2024-07,,,20250320,202504,1310000001,\"A\",250,,20250401,,1000,1100,1,111111,,,\"\",,1310000002,\"B\",,0,1310000001,\r\n",
        b"R06.07,ABC,DEF,20250320\r\n",
        &full_width,
    ];
    for first in firsts {
        let mut data = first.to_vec();
        data.extend_from_slice(b"202407,131001,0000012345\r\n");
        for mode in [Mode::Strict, Mode::Lenient] {
            let r = read(mode, &data);
            assert_eq!(r.records.len(), 2, "{mode:?} {first:?}");
            assert_eq!(r.records[0].position().line(), 1);
            assert_eq!(r.records[0].position().record(), 1);
            assert!(r.file_problems.is_empty(), "{:?}", r.file_problems);
            assert!(r.record_problems.is_empty(), "{:?}", r.record_problems);
        }
    }
}

/// Past the first 1000 problems of one kind, the rest are counted, and one problem at the
/// end of the file's problems says how many more of that kind there were, from where.
#[test]
fn problems_past_a_thousand_of_a_kind_are_counted_and_said_at_the_end() {
    let mut data = b"202407,1\r\n".to_vec();
    data.extend_from_slice(&b"\r\n".repeat(1500));
    data.extend_from_slice(b"202407,2\r\n");
    for (mode, severity) in [
        (Mode::Strict, Severity::Error),
        (Mode::Lenient, Severity::Warning),
    ] {
        let mut rdr = ReaderBuilder::new()
            .mode(mode)
            .file_name("T.CSV")
            .from_reader(&data[..]);
        assert_eq!(rdr.records().count(), 2);
        assert_eq!(rdr.suppressed_problems(), 500);
        let problems = rdr.problems();
        assert_eq!(problems.len(), 1001);
        assert!(problems[..1000]
            .iter()
            .all(|p| (p.kind, p.severity) == (ProblemKind::BlankLine, severity)));
        let last = &problems[1000];
        assert_eq!(
            (last.kind, last.severity),
            (ProblemKind::NotListed, severity)
        );
        assert_eq!(last.found.as_deref(), Some("500"));
        assert_eq!(last.expected.as_deref(), Some("blank_line"));
        assert_eq!(last.location.line, Some(1002), "the first not listed");
        assert_eq!(last.location.file.as_deref(), Some("T.CSV"));
        assert_eq!(
            last.message_en(),
            "line 1002: 500 more problems of the same kind (a blank line) were found and not listed"
        );
        assert_eq!(
            last.message_ja(),
            "1002行目: 同じ種類の問題（空行）がほかに 500 件ありますが、一覧には載せていません"
        );
    }
}

/// Problems found in a record's bytes (外字, malformed bytes, stray quotes) name the record
/// by its number, whichever way the record was read (its first record field by field, the
/// next ones whole when they are in the standard's form), after a skipped header line and
/// a blank line.
#[test]
fn problems_found_in_bytes_carry_the_record_number() {
    let data: &[u8] =
        b"version,no\r\n202407,\"\xf0\x40\",\x82\r\n202407,\"\xf0\x40\",\x82\r\n\r\n202407,ab\"c\r\n";
    let numbers = |r: &Read| -> Vec<Vec<(ProblemKind, Option<u64>)>> {
        r.records
            .iter()
            .map(|rec| {
                rec.problems()
                    .iter()
                    .map(|p| (p.kind, p.location.record))
                    .collect()
            })
            .collect()
    };
    let bytes = |n| {
        vec![
            (ProblemKind::Gaiji, Some(n)),
            (ProblemKind::MalformedBytes, Some(n)),
        ]
    };
    let quote = |n| vec![(ProblemKind::IrregularQuoting, Some(n))];
    let lenient = read(Mode::Lenient, data);
    assert_eq!(numbers(&lenient), vec![bytes(1), bytes(2), quote(3)]);
    let strict = read(Mode::Strict, data);
    assert_eq!(
        numbers(&strict),
        vec![
            vec![(ProblemKind::HeaderLine, Some(1))],
            bytes(2),
            bytes(3),
            quote(4)
        ]
    );
}

/// The text of an irregularly quoted field is shown as the file's encoding reads it, cut
/// after at most 60 bytes between two characters.
#[test]
fn stray_quote_excerpts_are_decoded_in_the_files_encoding_and_cut_between_characters() {
    let found = |data: &[u8]| {
        let r = read(Mode::Lenient, data);
        assert_eq!(r.record_problems.len(), 1, "{:?}", r.record_problems);
        r.records[0].problems()[0].found.clone()
    };
    let utf8 = "\u{feff}202407,ab\"山田c\r\n".as_bytes();
    assert_eq!(found(utf8).as_deref(), Some("ab\"山田c"));
    // Detected as UTF-8 without a BOM too.
    let utf8 = "202407,\"山田\"c\r\n".as_bytes();
    assert_eq!(found(utf8).as_deref(), Some("\"山田\"c"));
    // Many 山 between quotes, text after the closing one: the 20th 山 of UTF-8 (bytes 58 to
    // 60) and the 30th of MS932 (bytes 59 and 60) are cut off whole.
    let long = format!("\u{feff}202407,\"{}\"x\r\n", "山".repeat(25));
    let expected = format!("\"{}…", "山".repeat(19));
    assert_eq!(found(long.as_bytes()), Some(expected));
    let mut ms932 = b"202407,\"".to_vec();
    ms932.extend_from_slice(&b"\x8e\x52".repeat(40));
    ms932.extend_from_slice(b"\"x\r\n");
    let expected = format!("\"{}…", "山".repeat(29));
    assert_eq!(found(&ms932), Some(expected));
}
