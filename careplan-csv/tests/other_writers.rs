//! Files written by other implementations (issue 13, "Done when"): a 14-record UPJSK with
//! CSVバージョン 202410 (the 4.1 publication month, not a version) and free text without
//! quotes, under names with an empty receiver or a browser's `(1)` suffix. They read with
//! every record kept, as the kind their prefix names.

mod common;

use careplan_csv::{FileReaderBuilder, Parsed, Summary};
use careplan_model::Mode;
use careplan_model::{AnyRecord, FileKind, ProblemKind};

/// One UPJSK line as another writer makes it: version 202410, free text bare.
fn line(day: u32) -> String {
    format!(
        "202410,131001,0000012345,20250320,202504,1310000001,山田 花子,250,,202504{day:02},,1000,1100,1,111111,,,,,1310000002,ケアステーション和,,0,1310000002,\r\n"
    )
}

fn data() -> Vec<u8> {
    common::file(&(1..=14).map(line).collect::<Vec<_>>())
}

const NAMES: [&str; 2] = [
    "UPJSK_202504_1310000002_11___20250430093000.CSV",
    "UPJSK_202504_1310000002_11_1310000001_43_20250430093000(1).CSV",
];

fn read(mode: Mode, name: &str) -> (Vec<Parsed<AnyRecord>>, Summary) {
    common::read_all(mode, name, &data())
}

/// How many problems of `kind` the file and its records hold.
fn count(recs: &[Parsed<AnyRecord>], summary: &Summary, kind: ProblemKind) -> usize {
    recs.iter()
        .flat_map(|r| r.problems())
        .chain(&summary.problems)
        .filter(|p| p.kind == kind)
        .count()
}

#[test]
fn every_record_is_kept_as_the_kind_the_prefix_names() {
    for name in NAMES {
        for mode in [Mode::Lenient, Mode::Strict] {
            let (recs, summary) = read(mode, name);
            assert_eq!(recs.len(), 14, "{name} {mode:?}");
            assert_eq!(summary.records, 14);
            assert_eq!(summary.kind, Some(FileKind::UsageResult), "{name}");
            assert_eq!(count(&recs, &summary, ProblemKind::KindFromContent), 0);
            assert_eq!(
                count(&recs, &summary, ProblemKind::InvalidFileName),
                1,
                "{name}"
            );
            // The unquoted free text is reported (a deviation) and kept.
            assert!(count(&recs, &summary, ProblemKind::UnquotedText) > 0);
            for r in &recs {
                let text = match r {
                    Parsed::Typed { record, .. } => record.origin().and_then(|o| o.text(6)),
                    Parsed::Raw { record, .. } => record.text(6),
                    _ => None,
                };
                assert_eq!(text, Some("山田 花子"));
            }
        }
    }
}

/// The unknown version is one message for the file, not one per record (issue 13 §3: one
/// mistake, one message), under every name another writer gives the file.
#[test]
fn the_unknown_version_is_reported_once_per_file() {
    for name in NAMES {
        for mode in [Mode::Lenient, Mode::Strict] {
            let (recs, summary) = read(mode, name);
            assert_eq!(
                count(&recs, &summary, ProblemKind::UnknownVersion),
                1,
                "{name} {mode:?}"
            );
            let p = summary
                .problems
                .iter()
                .find(|p| p.kind == ProblemKind::UnknownVersion)
                .expect("said of the file");
            assert!(p.message_en().contains("202407"), "{}", p.message_en());
        }
    }
}

/// Rewriting such a file keeps every record and says the unknown version once, with the
/// number of records that hold it, not once per record.
#[test]
fn a_rewrite_says_the_unknown_version_once() {
    for name in NAMES {
        let data = data();
        let rdr = FileReaderBuilder::new().from_reader(&data[..], name);
        let done = careplan_csv::rewrite(rdr, Vec::new()).expect("rewritten");
        assert_eq!(done.summary.records, 14);
        let versions: Vec<_> = done
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::UnknownVersion)
            .collect();
        assert_eq!(versions.len(), 1, "{name}: {versions:?}");
        assert_eq!(versions[0].found.as_deref(), Some("202410"));
        assert_eq!(versions[0].location.record, Some(1));
        assert!(
            versions[0].message_en().ends_with("(in 14 records)"),
            "{}",
            versions[0].message_en()
        );
        // Every record written, its free text now quoted as the layout says.
        let mut text = String::new();
        assert!(careplan_csv::ms932::decode_into(&done.output, &mut text).is_empty());
        assert_eq!(text.matches("\r\n").count(), 14);
        assert_eq!(text.matches(",\"ケアステーション和\",").count(), 14);
    }
}
