//! Every file kind, through whole files: valid fixtures built from the spec read clean in
//! strict mode, become typed records and are rewritten byte for byte; each fixture that
//! breaks one rule gives that problem, at its line and item, with both messages.

mod fixtures;

use careplan::csv::{FileReaderBuilder, FileWriterBuilder, Mode, Parsed};
use careplan::model::AnyRecord;
use careplan::FileKind;

/// The kinds whose fixtures exist (all CSV kinds once every typed view has landed).
fn kinds_with_fixtures() -> Vec<FileKind> {
    FileKind::ALL
        .iter()
        .copied()
        .filter(|k| !fixtures::valid(*k).is_empty())
        .collect()
}

#[test]
fn every_valid_fixture_reads_clean_typed_and_rewrites_byte_for_byte() {
    for kind in kinds_with_fixtures() {
        let name = fixtures::name(kind);
        let bytes = fixtures::encode(&fixtures::valid(kind));
        let mut rdr = FileReaderBuilder::new()
            .mode(Mode::Strict)
            .from_reader(&bytes[..], &name);
        let recs: Vec<Parsed<AnyRecord>> = rdr.records().collect::<Result<_, _>>().unwrap();
        let summary = rdr.finish().unwrap();
        assert!(
            summary.problems.is_empty(),
            "{kind:?}: {:?}",
            summary.problems
        );
        assert_eq!(summary.kind, Some(kind));
        for r in &recs {
            assert!(r.problems().is_empty(), "{kind:?}: {:?}", r.problems());
        }
        let mut w = FileWriterBuilder::new().to_writer(Vec::new(), kind, &name);
        for r in &recs {
            w.write_any(r.typed().unwrap_or_else(|| panic!("{kind:?} typed")))
                .unwrap();
        }
        let (out, subs) = w.finish().unwrap();
        assert!(subs.is_empty());
        assert_eq!(out, bytes, "{kind:?} rewrite");
    }
}

#[test]
fn every_broken_fixture_gives_its_problem() {
    for case in fixtures::all_broken() {
        let name = fixtures::name(case.kind);
        let bytes = fixtures::encode(&case.lines);
        let mut rdr = FileReaderBuilder::new()
            .mode(Mode::Strict)
            .from_reader(&bytes[..], &name);
        let mut problems = Vec::new();
        for r in rdr.records() {
            problems.extend(r.unwrap().problems().to_vec());
        }
        problems.extend(rdr.finish().unwrap().problems);
        let found = problems.iter().find(|p| {
            p.kind == case.problem
                && p.location.line == Some(case.line)
                && (case.item.is_none() || p.location.item.map(|i| i.no) == case.item)
        });
        let p = found.unwrap_or_else(|| {
            panic!(
                "{:?} {}: no {:?} at line {} item {:?} in {problems:#?}",
                case.kind, case.what, case.problem, case.line, case.item
            )
        });
        assert_eq!(p.location.kind, Some(case.kind));
        assert!(p.message_en().starts_with(&format!("line {}", case.line)));
        assert!(
            p.message_ja().starts_with(&format!("{}行目 ", case.line)),
            "{}",
            p.message_ja()
        );
        if let Some(item) = p.location.item {
            assert!(!item.name.is_empty());
            assert!(p
                .message_ja()
                .contains(&format!("No.{} {}", item.no, item.name)));
        }
    }
}
