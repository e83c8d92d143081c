//! Hostile input (issue 13 §5): stray quotes that swallow lines, UTF-16, control
//! characters, blank lines and the record-size limit, header lines on rewrite, values a
//! writer must refuse, and refused rewrites that must leave no file.

mod common;

use careplan_csv::Refusal;
use careplan_csv::{
    rewrite, rewrite_into_dir, ErrorKind, FileName, FileReaderBuilder, FileWriter,
    FileWriterBuilder, Parsed,
};
use careplan_model::table6::Table6Record;
use careplan_model::{AnyRecord, FileKind, Mode, Problem, ProblemKind, RawRecord, Severity};

use common::{file, line, read_all, UPPLAN as NAME};

fn of_kind(recs: &[Parsed<AnyRecord>], kind: ProblemKind) -> Vec<&Problem> {
    recs.iter()
        .flat_map(|r| r.problems())
        .filter(|p| p.kind == kind)
        .collect()
}

/// A quote left open in item No.21 of line 2 runs into line 3, whose own quote closes it:
/// lines 2 and 3 come out as one record. The record says which line it absorbed, so that
/// lines in = records out + lines reported.
#[test]
fn a_line_swallowed_by_a_stray_quote_is_named() {
    let data = file(&[
        line("0000012345", "20250401", &[]),
        line("0000012345", "20250402", &[(21, "\"ケアステーション和")]),
        line("0000012345", "20250403", &[]),
        line("0000012345", "20250404", &[]),
    ]);
    for mode in [Mode::Strict, Mode::Lenient] {
        let (recs, summary) = read_all(mode, NAME, &data);
        assert_eq!(summary.records, 3);
        let absorbed = of_kind(&recs, ProblemKind::AbsorbedLines);
        assert_eq!(absorbed.len(), 1, "{mode:?}");
        let p = absorbed[0];
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.found.as_deref(), Some("3"));
        assert_eq!(
            (p.location.line, p.location.record),
            (Some(2), Some(2)),
            "at the record that absorbed it"
        );
        assert_eq!(p.location.item.map(|i| i.no), Some(21));
        assert!(
            p.message_ja().contains("3行目がこの項目に取り込まれ"),
            "{}",
            p.message_ja()
        );
        assert!(p.message_en().contains("line 3 was read into this item"));
        // Records in (4 lines) = records out + lines reported.
        assert_eq!(summary.records + 1, 4);
        // The record after it is on its own line.
        assert_eq!(
            recs[2]
                .typed()
                .and_then(|r| r.origin())
                .map(|o| o.position().line()),
            Some(4)
        );
    }
    // A quote left open to the end of the file absorbs every line after it.
    let data = file(&[
        line("0000012345", "20250401", &[(21, "\"ケアステーション和")]),
        line(
            "0000012345",
            "20250402",
            &[(7, "山田"), (18, ""), (21, "ケア")],
        ),
        line(
            "0000012345",
            "20250403",
            &[(7, "山田"), (18, ""), (21, "ケア")],
        ),
    ]);
    let (recs, summary) = read_all(Mode::Lenient, NAME, &data);
    assert_eq!(summary.records, 1);
    let absorbed = of_kind(&recs, ProblemKind::AbsorbedLines);
    assert_eq!(absorbed[0].found.as_deref(), Some("2-3"));
    assert!(absorbed[0].message_en().contains("lines 2-3 were read"));
}

/// Free text may hold line breaks (README: kept, not removed): a quoted value over two
/// lines is one value, not a swallowed line.
#[test]
fn a_line_break_in_free_text_absorbs_nothing() {
    let data = file(&[
        line("0000012345", "20250401", &[]),
        line(
            "0000012345",
            "20250402",
            &[(21, "\"ケア\r\nステーション\"")],
        ),
        line("0000012345", "20250403", &[]),
    ]);
    let (recs, summary) = read_all(Mode::Strict, NAME, &data);
    assert_eq!(summary.records, 3);
    assert!(of_kind(&recs, ProblemKind::AbsorbedLines).is_empty());
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    for u in units {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_is_named_as_such() {
    let text = [
        line("0000012345", "20250401", &[]),
        line("0000012345", "20250402", &[]),
    ]
    .concat();
    for (big_endian, bom) in [(false, true), (true, true), (false, false), (true, false)] {
        let data = utf16(&text, big_endian, bom);
        for mode in [Mode::Strict, Mode::Lenient] {
            let mut rdr = FileReaderBuilder::new()
                .mode(mode)
                .from_reader(&data[..], NAME);
            let err = rdr
                .records()
                .find_map(Result::err)
                .expect("UTF-16 is not read as MS932");
            assert!(
                matches!(err.kind(), ErrorKind::Utf16 { big_endian: b, bom: m } if *b == big_endian && *m == bom),
                "{err}"
            );
            assert!(err.to_string().contains("UTF-16"), "{err}");
            assert!(err.message_ja().contains("UTF-16"), "{}", err.message_ja());
        }
    }
}

/// NUL, TAB and other C0 controls are reported where they are (a warning: the standard
/// names no rule on them), by the record-at-once reading and the field-by-field one alike.
#[test]
fn control_characters_in_text_are_reported() {
    let data = file(&[
        line("0000012345", "20250401", &[]),
        line(
            "0000012345",
            "20250402",
            &[(7, "\"山田\0花子\""), (21, "\"ケア\tステーション\"")],
        ),
        line("0000012345", "20250403", &[(21, "\"ケアス\"\"テ\u{1b}\"")]),
    ]);
    let (recs, _) = read_all(Mode::Strict, NAME, &data);
    let found: Vec<_> = of_kind(&recs, ProblemKind::ControlCharacter)
        .iter()
        .map(|p| {
            (
                p.location.line,
                p.location.item.map(|i| i.no),
                p.found.clone().unwrap_or_default(),
                p.severity,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                Some(2),
                Some(7),
                "NUL U+0000".to_string(),
                Severity::Warning
            ),
            (
                Some(2),
                Some(21),
                "TAB U+0009".to_string(),
                Severity::Warning
            ),
            (
                Some(3),
                Some(21),
                "ESC U+001B".to_string(),
                Severity::Warning
            ),
        ]
    );
    // Where: the byte of the character itself.
    let p = of_kind(&recs, ProblemKind::ControlCharacter)[0];
    let byte = p.location.byte.expect("byte") as usize;
    assert_eq!(data[byte], 0);
    assert!(p.message_ja().contains("制御文字 NUL U+0000"));
    assert!(p.inferred, "no words of the standard: marked inferred");
}

/// Blank lines are not part of a record: any number of them between records never reaches
/// the record-size limit, and each record's position names its real line.
#[test]
fn blank_lines_do_not_count_toward_the_record_limit() {
    let mut lines = vec![line("0000012345", "20250401", &[])];
    lines.extend(std::iter::repeat_n("\r\n".to_string(), 3000));
    lines.push(line("0000012345", "20250402", &[]));
    let data = file(&lines);
    let mut rdr = FileReaderBuilder::new()
        .max_record_bytes(1000)
        .from_reader(&data[..], NAME);
    let recs: Vec<_> = rdr.records().collect::<Result<_, _>>().expect("readable");
    assert_eq!(recs.len(), 2);
    let lines: Vec<_> = recs
        .iter()
        .map(|r| {
            r.typed()
                .and_then(|t| t.origin())
                .map(|o| o.position().line())
        })
        .collect();
    assert_eq!(lines, [Some(1), Some(3002)]);
    let summary = rdr.finish().expect("readable");
    assert_eq!(summary.warnings, 3000);
}

/// A record over the limit is named at the line it starts on, blank lines before it
/// counted.
#[test]
fn a_record_over_the_limit_names_its_real_line() {
    let mut data = file(&[line("0000012345", "20250401", &[])]);
    data.extend_from_slice(b"\r\n\r\n\n");
    data.extend_from_slice(b"202407,131001,0000012345,20250320,202504,1310000001,\"");
    data.extend(std::iter::repeat_n(b'a', 5000));
    let mut rdr = FileReaderBuilder::new()
        .max_record_bytes(1000)
        .from_reader(&data[..], NAME);
    let err = rdr.records().find_map(Result::err).expect("too large");
    assert!(matches!(
        err.kind(),
        ErrorKind::RecordTooLarge { limit: 1000 }
    ));
    let at = err.position().expect("where");
    assert_eq!((at.line(), at.record()), (5, 2));
    assert_eq!(data[at.byte() as usize..][..6], *b"202407");
}

/// The 第6表 record of a line read.
fn table6(line: &str) -> Table6Record {
    let data = file(&[line.to_string()]);
    let mut rdr = FileReaderBuilder::new().from_reader(&data[..], NAME);
    let mut typed = rdr.typed::<Table6Record>().expect("第6表");
    match typed.next() {
        Some(Ok(Parsed::Typed { record, .. })) => record,
        other => panic!("not typed: {other:?}"),
    }
}

/// What a write of `record` after a good one was refused for: the error's kind, record and
/// item, and the bytes written.
fn refused(
    write: impl FnOnce(&mut FileWriter<Vec<u8>>) -> Result<(), careplan_csv::Error>,
    limit: Option<usize>,
) -> (careplan_csv::Error, Vec<u8>) {
    let good = table6(&line("0000012345", "20250401", &[]));
    let mut b = FileWriterBuilder::new();
    if let Some(l) = limit {
        b.max_record_bytes(l);
    }
    let mut w = b.to_writer(Vec::new(), FileKind::UsagePlan, NAME);
    w.write(&good).expect("a good record");
    let err = write(&mut w).expect_err("refused");
    let (bytes, _) = w.finish().expect("finished");
    (err, bytes)
}

/// Writing refuses what reading would reject, naming the record and the item, and writes
/// nothing of the record.
#[test]
fn writing_refuses_values_reading_would_reject() {
    let good = file(&[line("0000012345", "20250401", &[])]);
    // A number longer than its item (No.14 サービス回数: 2 digits), typed, both ways.
    let mut long = table6(&line("0000012345", "20250402", &[]));
    long.count = 123;
    for direct in [true, false] {
        let (err, bytes) = refused(
            |w| match direct {
                true => w.write(&long),
                false => w.write_any(&AnyRecord::Table6(long.clone())),
            },
            None,
        );
        assert!(
            matches!(err.kind(), ErrorKind::InvalidValue { item: 14, name: "サービス回数", found, reason: Refusal::TooLong { max: 2 } } if &**found == "123"),
            "{err:?}"
        );
        assert_eq!(err.position().map(|p| p.record()), Some(2));
        assert_eq!(
            err.to_string(),
            format!("{NAME}: record 2: item No.14 サービス回数: 123 would be rejected on reading (longer than the item's 2 characters), so the record is not written")
        );
        assert!(err
            .message_ja()
            .starts_with(&format!("{NAME} 2件目: No.14 サービス回数 の値 123 は")));
        assert_eq!(bytes, good, "nothing of the refused record is written");
    }
    // A line break or a comma in an item that is not free text (No.15 サービスコード), in
    // a record made in memory.
    for bad in ["11,111", "11\r\n1111", "1111\n1"] {
        let mut texts: Vec<String> = line("0000012345", "20250402", &[])
            .trim_end()
            .split(',')
            .map(|t| t.trim_matches('"').to_string())
            .collect();
        texts[14] = bad.to_string();
        let raw = RawRecord::from_texts(texts.iter().map(String::as_str));
        let (err, bytes) = refused(|w| w.write_raw(&raw), None);
        assert!(
            matches!(
                err.kind(),
                ErrorKind::InvalidValue {
                    item: 15,
                    reason: Refusal::Delimiter,
                    ..
                }
            ),
            "{bad:?}: {err:?}"
        );
        assert_eq!(bytes, good);
    }
    // A free text over the record limit a reader accepts: named by its item.
    let mut huge = table6(&line("0000012345", "20250402", &[]));
    huge.provider_name = "事業所".repeat(400);
    let (err, bytes) = refused(|w| w.write(&huge), Some(1000));
    assert!(
        matches!(
            err.kind(),
            ErrorKind::InvalidValue {
                item: 21,
                name: "サービス事業所名",
                reason: Refusal::RecordTooLarge { limit: 1000 },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(bytes, good);
}

/// A value read from a file is written as it was read, even one reading reports: passing
/// on a record that failed validation, or rewriting a file, never loses it.
#[test]
fn a_value_read_from_a_file_is_rewritten_as_read() {
    let data = file(&[line("0000012345", "20250401", &[(14, "123")])]);
    let mut rdr = FileReaderBuilder::new().from_reader(&data[..], NAME);
    let mut w = FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsagePlan, NAME);
    for parsed in rdr.records() {
        match parsed.expect("readable") {
            Parsed::Typed { record, .. } => w.write_any(&record).expect("written"),
            Parsed::Raw { record, .. } => w.write_raw(&record).expect("written"),
            _ => unreachable!(),
        }
    }
    assert_eq!(w.finish().expect("finished").0, data);
}

/// A fresh, empty folder for one test.
fn folder(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("careplan-hostile-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a folder");
    dir
}

fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("listed")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A first line lenient reading skips as a header comes back on rewrite, where it was,
/// with every record and the final line break as the file had it (or not).
#[test]
fn a_header_line_is_never_lost_on_rewrite() {
    let mut lines = vec!["CSVバージョン,保険者番号,被保険者番号,\"作成年月日\"\r\n".to_string()];
    lines.push(line("0000012345", "20250401", &[]));
    lines.push(line("0000012345", "20250402", &[]));
    let data = file(&lines);
    let without_last_break = &data[..data.len() - 2];
    for input in [&data[..], without_last_break] {
        let rdr = FileReaderBuilder::new().from_reader(input, NAME);
        let done = rewrite(rdr, Vec::new()).expect("rewritten");
        assert_eq!(done.output, input);
        assert_eq!(done.summary.records, 2);
        assert!(done.problems.is_empty(), "{:?}", done.problems);
    }
    // Into a folder, under the file's name.
    let dir = folder("header");
    let rdr = FileReaderBuilder::new().from_reader(&data[..], NAME);
    let done = rewrite_into_dir(rdr, &dir).expect("rewritten");
    assert_eq!(std::fs::read(&done.output).expect("written"), data);
    assert_eq!(entries(&dir), [NAME]);
    std::fs::remove_dir_all(&dir).expect("removed");
}

/// A rewrite that cannot be completed leaves no file behind: neither the file, nor a part
/// of it under another name.
#[test]
fn a_refused_rewrite_leaves_no_file() {
    let dir = folder("refused");
    // The reader stops at the third record (an open quote past the limit): the two records
    // before it were written already, to a file that never takes its name.
    let mut data = file(&[
        line("0000012345", "20250401", &[]),
        line("0000012345", "20250402", &[]),
    ]);
    data.extend_from_slice(b"202407,131001,0000012345,20250320,202504,1310000001,\"");
    data.extend(std::iter::repeat_n(b'a', 5000));
    let rdr = FileReaderBuilder::new()
        .max_record_bytes(1000)
        .from_reader(&data[..], NAME);
    let err = rewrite_into_dir(rdr, &dir).expect_err("refused");
    assert!(matches!(err.kind(), ErrorKind::RecordTooLarge { .. }));
    assert!(entries(&dir).is_empty(), "{:?}", entries(&dir));
    // UTF-16: nothing.
    let utf = utf16(
        &String::from_utf8_lossy(&file(&[line("0000012345", "20250401", &[])])),
        false,
        true,
    );
    let rdr = FileReaderBuilder::new().from_reader(&utf[..], NAME);
    assert!(rewrite_into_dir(rdr, &dir).is_err());
    assert!(entries(&dir).is_empty(), "{:?}", entries(&dir));

    // A file written through FileWriterBuilder::create whose record is refused.
    let name: FileName = NAME.parse().expect("a name");
    let good = table6(&line("0000012345", "20250401", &[]));
    let mut bad = good.clone();
    bad.count = 123;
    let mut w = FileWriterBuilder::new()
        .create(&dir, &name)
        .expect("created");
    w.write(&good).expect("written");
    assert!(w.write(&bad).is_err());
    drop(w);
    assert!(entries(&dir).is_empty(), "{:?}", entries(&dir));
    // And one that is committed takes its name.
    let mut w = FileWriterBuilder::new()
        .create(&dir, &name)
        .expect("created");
    w.write(&good).expect("written");
    assert!(w.commit().expect("committed").is_empty());
    assert_eq!(entries(&dir), [NAME]);
    std::fs::remove_dir_all(&dir).expect("removed");
}
