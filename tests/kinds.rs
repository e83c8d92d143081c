//! Every file kind, through whole files: valid fixtures built from the spec read clean in
//! strict and lenient mode, become typed records and are rewritten byte for byte; each
//! fixture that breaks one rule gives that problem, at its line and item, with both
//! messages. Every CSV kind has its fixtures, and every kind the spec lists (FILES.tsv, when
//! present) is known.

mod fixtures;

use std::collections::BTreeSet;

use careplan::csv::{FileReaderBuilder, FileWriterBuilder, Parsed};
use careplan::model::{AnyRecord, FileKind, Mode};

/// The CSV kinds: every kind but the family-structure image (a JPEG).
fn csv_kinds() -> Vec<FileKind> {
    FileKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != FileKind::YoboKihonImage)
        .collect()
}

/// Reads `lines` as a file of `kind` named `name` in `mode`, and asserts that it reads
/// clean: no problem in the file or any record, every record typed. Returns the records and
/// the file's bytes.
fn read_clean(
    kind: FileKind,
    name: &str,
    lines: &[String],
    mode: Mode,
) -> (Vec<AnyRecord>, Vec<u8>) {
    let bytes = fixtures::encode(lines);
    let mut rdr = FileReaderBuilder::new()
        .mode(mode)
        .from_reader(&bytes[..], name);
    let recs: Vec<Parsed<AnyRecord>> = rdr.records().collect::<Result<_, _>>().unwrap();
    let summary = rdr.finish().unwrap();
    assert!(
        summary.problems.is_empty(),
        "{kind:?} {mode:?}: {:#?}",
        summary.problems
    );
    assert_eq!(summary.kind, Some(kind), "{mode:?}");
    assert_eq!(recs.len(), lines.len(), "{kind:?} {mode:?}: records");
    let mut typed = Vec::new();
    for r in recs {
        assert!(
            r.problems().is_empty(),
            "{kind:?} {mode:?}: {:#?}",
            r.problems()
        );
        typed.push(
            r.typed()
                .unwrap_or_else(|| panic!("{kind:?} {mode:?} typed"))
                .clone(),
        );
    }
    (typed, bytes)
}

/// Reads the valid fixture of `kind` in `mode` (see [`read_clean`]).
fn read_valid(kind: FileKind, mode: Mode) -> (Vec<AnyRecord>, Vec<u8>) {
    read_clean(kind, &fixtures::name(kind), &fixtures::valid(kind), mode)
}

#[test]
fn every_valid_fixture_reads_clean_typed_and_rewrites_byte_for_byte() {
    for kind in csv_kinds() {
        let (recs, bytes) = read_valid(kind, Mode::Strict);
        let name = fixtures::name(kind);
        let mut w = FileWriterBuilder::new().to_writer(Vec::new(), kind, &name);
        for r in &recs {
            w.write_any(r).unwrap();
        }
        let (out, subs) = w.finish().unwrap();
        assert!(subs.is_empty());
        assert_eq!(out, bytes, "{kind:?} rewrite");
    }
}

#[test]
fn every_valid_fixture_reads_clean_in_lenient_mode() {
    for kind in csv_kinds() {
        let (recs, _) = read_valid(kind, Mode::Lenient);
        assert_eq!(recs.len(), fixtures::valid(kind).len());
    }
}

/// The 補足 fixture goes with 第6表/第7表; sent with 第1表/第2表/第3表 instead, No.4 is the
/// 第1表's 作成（変更）日, No.63 `000000`, and so is the name's month (spec README.md, file
/// names and relations).
#[test]
fn a_hosoku_of_a_plan_set_reads_clean() {
    let kind = FileKind::Hosoku;
    let lines: Vec<String> = fixtures::valid(kind)
        .iter()
        .map(|l| fixtures::set(&fixtures::set(l, 4, "20250301"), 63, "000000"))
        .collect();
    let name = fixtures::name(kind).replace(&format!("_{}_", fixtures::MONTH), "_000000_");
    assert!(name.starts_with("UPHOSOKU_000000_"), "{name}");
    for mode in [Mode::Strict, Mode::Lenient] {
        let (recs, _) = read_clean(kind, &name, &lines, mode);
        for r in recs {
            let AnyRecord::Hosoku(h) = r else {
                panic!("{kind:?}: {r:?}")
            };
            assert_eq!(
                h.link(),
                Some(careplan::model::hosoku::HosokuLink::Plan(
                    "20250301".parse().unwrap()
                ))
            );
        }
    }
}

#[test]
fn every_csv_kind_has_a_valid_fixture_and_broken_cases() {
    for kind in FileKind::ALL {
        assert_eq!(
            kind.is_csv(),
            kind != FileKind::YoboKihonImage,
            "{kind:?}: only the family-structure image is not a CSV"
        );
    }
    let no_valid: Vec<FileKind> = csv_kinds()
        .into_iter()
        .filter(|k| fixtures::valid(*k).is_empty())
        .collect();
    assert!(no_valid.is_empty(), "no valid fixture for {no_valid:?}");
    let broken: BTreeSet<FileKind> = fixtures::all_broken().iter().map(|b| b.kind).collect();
    let no_broken: Vec<FileKind> = csv_kinds()
        .into_iter()
        .filter(|k| !broken.contains(k))
        .collect();
    assert!(no_broken.is_empty(), "no broken fixture for {no_broken:?}");
}

/// Spec FILES.tsv, when the spec is beside the workspace (two places, depending on where
/// the work tree sits).
fn spec_files_tsv() -> Option<String> {
    ["/../../shared/spec/FILES.tsv", "/../shared/spec/FILES.tsv"]
        .iter()
        .find_map(|rel| {
            std::fs::read_to_string(format!("{}{rel}", env!("CARGO_MANIFEST_DIR"))).ok()
        })
}

#[test]
fn every_kind_of_the_spec_is_known_and_has_a_valid_fixture() {
    let Some(text) = spec_files_tsv() else {
        eprintln!("spec FILES.tsv not found beside the workspace: skipped");
        return;
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("FILES.tsv has no column {name}: {header:?}"))
    };
    let (prefix_col, layout_col) = (column("prefix"), column("layout"));
    let mut faults = Vec::new();
    let mut listed = BTreeSet::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (Some(prefix), Some(layout)) = (cells.get(prefix_col), cells.get(layout_col)) else {
            faults.push(format!("short row: {line}"));
            continue;
        };
        let Some(kind) = FileKind::from_prefix(prefix) else {
            faults.push(format!(
                "{prefix}: listed in FILES.tsv, unknown to FileKind"
            ));
            continue;
        };
        listed.insert(kind);
        let csv = *layout != "-";
        if kind.is_csv() != csv {
            faults.push(format!(
                "{prefix}: FILES.tsv layout {layout}, is_csv {}",
                kind.is_csv()
            ));
        }
        if csv && fixtures::valid(kind).is_empty() {
            faults.push(format!("{prefix}: no valid fixture"));
        }
    }
    for kind in FileKind::ALL {
        if !listed.contains(&kind) {
            faults.push(format!(
                "{}: a FileKind FILES.tsv does not list",
                kind.prefix()
            ));
        }
    }
    assert!(faults.is_empty(), "{faults:#?}");
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
                && case.severity.is_none_or(|s| p.severity == s)
        });
        let p = found.unwrap_or_else(|| {
            panic!(
                "{:?} {}: no {:?} ({:?}) at line {} item {:?} in {problems:#?}",
                case.kind, case.what, case.problem, case.severity, case.line, case.item
            )
        });
        assert_eq!(p.location.kind, Some(case.kind));
        assert_eq!(p.location.file.as_deref(), Some(name.as_str()));
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
