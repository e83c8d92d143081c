//! Property: every valid record of every CSV kind survives a round trip through a file.
//!
//! For each of the 17 CSV kinds, files of 1–6 arbitrary valid records (one CSVバージョン per
//! file, 3.x and 4.x; see `strategies` for what "valid" covers) are generated from the
//! layouts, and:
//!
//! - every generated record types (`AnyRecord::from_raw`), and the layout engine finds no
//!   problem in it;
//! - (a) written with `FileWriter` and read back with `FileReader` in strict mode, each
//!   record comes back typed, equal to the record written (equality ignores the origin),
//!   with no problem of form or encoding, no problem the layout engine finds in its items,
//!   and no substitution by the writer. The kinds' own rules (across items and records, and
//!   item rules from the layouts' notes such as 第2表's `1～99`) may still flag a record: the
//!   generator does not aim at them, and the property is about round trips. This is checked twice: for the records as generated
//!   (which keep the generated text, e.g. `007` for 7) and for the same records rebuilt from
//!   JSON (no origin: every item written in the standard's form);
//! - (b) the records read, written again, give the same bytes.

mod fixtures;
mod strategies;

use careplan::model::__private::{Context, Validator};
use careplan::model::{AnyRecord, FileKind, Mode, ProblemKind};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use strategies::GenFile;

/// Cases per kind.
const CASES: u32 = 64;
/// Records per file, at most.
const MAX_RECORDS: usize = 6;

/// The problems only the reader gives (form and encoding): a file written from valid
/// records must have none. Item problems are checked by running the layout engine on each
/// record read (the kinds' own rules use some of the same kinds, e.g. 第2表's 課題ＮＯ
/// `1～99` is an `InvalidFormat` of a rule, so kinds alone cannot tell them apart).
const FORM: &[ProblemKind] = &[
    ProblemKind::MalformedBytes,
    ProblemKind::Gaiji,
    ProblemKind::Unmappable,
    ProblemKind::Substituted,
    ProblemKind::Utf8Bom,
    ProblemKind::Utf8Encoding,
    ProblemKind::LineEnding,
    ProblemKind::MissingFinalLineBreak,
    ProblemKind::BlankLine,
    ProblemKind::HeaderLine,
    ProblemKind::QuotedNonText,
    ProblemKind::UnquotedText,
    ProblemKind::IrregularQuoting,
    ProblemKind::FieldCount,
    ProblemKind::UnknownVersion,
];

/// The typed records of a generated file; fails when one does not type or the layout
/// engine finds a problem in it (the generator's own check).
fn typed(file: &GenFile) -> Result<Vec<AnyRecord>, TestCaseError> {
    let validator = Validator::for_kind(file.kind, file.version, Context::new(Mode::Strict))
        .expect("a CSV kind");
    let mut out = Vec::new();
    for (raw, rec) in file.raws.iter().zip(file.typed()) {
        let problems = validator.validate(raw);
        prop_assert!(
            problems.is_empty(),
            "generated record is not valid: {problems:?}\n{raw:?}"
        );
        match rec {
            Some(r) => out.push(r),
            None => {
                return Err(TestCaseError::fail(format!(
                    "a valid record does not type: {raw:?}"
                )))
            }
        }
    }
    Ok(out)
}

/// The same records without origin, as a program builds them (through JSON).
fn fresh(records: &[AnyRecord]) -> Result<Vec<AnyRecord>, TestCaseError> {
    let json = serde_json::to_string(records).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: Vec<AnyRecord> =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&back, records, "JSON round trip");
    prop_assert!(back.iter().all(|r| r.origin().is_none()));
    Ok(back)
}

/// Properties (a) and (b) for `records` written as a file of `kind`.
fn round_trip(kind: FileKind, records: &[AnyRecord]) -> Result<(), TestCaseError> {
    let name = fixtures::name(kind);
    let (bytes, subs) = strategies::write(kind, &name, records);
    prop_assert!(subs.is_empty(), "substitutions: {subs:?}");
    // MS932 text whose bytes are also UTF-8 of three-byte characters (燿｡ is E0 A1 A1,
    // U+0861) is read as UTF-8 by the reader's detection (OPEN_QUESTIONS 4: the file says
    // which it is only by its bytes); such a file is not the standard's unambiguous case.
    prop_assume!(
        bytes.is_ascii() || std::str::from_utf8(&bytes).is_err(),
        "the MS932 bytes are UTF-8 as well"
    );
    let version = records.first().map(AnyRecord::version).unwrap_or_default();
    let validator =
        Validator::for_kind(kind, version, Context::new(Mode::Strict)).expect("a CSV kind");

    // (a) write → read (strict) gives every record, typed and equal.
    let (parsed, summary) = strategies::read(&bytes, &name, Mode::Strict)
        .map_err(|e| TestCaseError::fail(format!("read error: {e}")))?;
    prop_assert_eq!(parsed.len(), records.len());
    prop_assert_eq!(summary.records, records.len() as u64);
    prop_assert_eq!(summary.typed, records.len() as u64);
    let file_form: Vec<_> = summary
        .problems
        .iter()
        .filter(|p| FORM.contains(&p.kind))
        .collect();
    prop_assert!(file_form.is_empty(), "file problems: {file_form:?}");
    let mut again = Vec::with_capacity(parsed.len());
    for (i, (p, written)) in parsed.iter().zip(records).enumerate() {
        let form: Vec<_> = p
            .problems()
            .iter()
            .filter(|p| FORM.contains(&p.kind))
            .collect();
        prop_assert!(form.is_empty(), "record {}: {form:?}", i + 1);
        let Some(read) = p.typed() else {
            return Err(TestCaseError::fail(format!(
                "record {} read raw: {:?}",
                i + 1,
                p.problems()
            )));
        };
        prop_assert_eq!(read, written, "record {}", i + 1);
        let origin = read.origin().expect("a record read has its origin");
        let items = validator.validate(origin);
        prop_assert!(items.is_empty(), "record {}: {items:?}", i + 1);
        again.push(read.clone());
    }

    // (b) read → write gives the same bytes.
    let (bytes2, subs2) = strategies::write(kind, &name, &again);
    prop_assert!(subs2.is_empty());
    prop_assert!(
        bytes2 == bytes,
        "rewrite differs:\n{}\n{}",
        String::from_utf8_lossy(&bytes),
        String::from_utf8_lossy(&bytes2)
    );
    Ok(())
}

fn check_kind(kind: FileKind, file: &GenFile) -> Result<(), TestCaseError> {
    prop_assert_eq!(file.kind, kind);
    let generated = typed(file)?;
    round_trip(kind, &generated)?;
    round_trip(kind, &fresh(&generated)?)
}

macro_rules! kinds {
    ($($test:ident: $kind:ident,)+) => {
        proptest! {
            #![proptest_config(ProptestConfig {
                cases: strategies::cases(CASES),
                failure_persistence: None,
                ..ProptestConfig::default()
            })]
            $(
                #[test]
                fn $test(file in strategies::file(FileKind::$kind, MAX_RECORDS)) {
                    check_kind(FileKind::$kind, &file)?;
                }
            )+
        }

        /// Every CSV kind has its property above.
        #[test]
        fn every_csv_kind_is_covered() {
            let covered = [$(FileKind::$kind),+];
            for k in strategies::csv_kinds() {
                assert!(covered.contains(&k), "{k:?} has no round-trip property");
            }
            assert_eq!(covered.len(), 17);
        }
    };
}

kinds! {
    hosoku: Hosoku,
    table6_plan: UsagePlan,
    table6_result: UsageResult,
    table7: UsageSummary,
    table6_plan_delete: UsagePlanDelete,
    table6_result_delete: UsageResultDelete,
    plan1: Plan1,
    plan1_delete: Plan1Delete,
    plan2: Plan2,
    plan3: Plan3,
    yobo_kihon: YoboKihon,
    yobo_kihon_sub1: YoboKihonSub1,
    yobo_kihon_sub2: YoboKihonSub2,
    yobo_kihon_delete: YoboKihonDelete,
    yobo_plan: YoboPlan,
    yobo_plan_sub: YoboPlanSub,
    yobo_plan_delete: YoboPlanDelete,
}

/// Regression (found while writing these properties): a valid MS932 file whose only bytes
/// above 0x7F happen to form valid UTF-8 — here the name ﾏｷ (half-width kana, 0xCF 0xB7,
/// which is UTF-8 for U+03F7 Ϸ) — was taken for UTF-8. The reader now guesses UTF-8 only
/// from three-byte sequences, which Japanese UTF-8 is made of.
#[test]
fn a_valid_ms932_file_that_is_also_valid_utf8_is_ms932() {
    use careplan::csv::ms932::{encode_to_vec, Substitutions};
    let line =
        "202407,131001,0000012345,20250301,20250301,\"ﾏｷ\",1,1000,1100,\"\",0700,0730,\"\"\r\n";
    let (bytes, _) = encode_to_vec(line, &Substitutions::none()).unwrap();
    let name = fixtures::name(FileKind::Plan3);
    for mode in [Mode::Strict, Mode::Lenient] {
        let (recs, summary) = strategies::read(&bytes, &name, mode).unwrap();
        let kinds: Vec<ProblemKind> = summary.problems.iter().map(|p| p.kind).collect();
        assert!(
            !kinds.contains(&ProblemKind::Utf8Encoding),
            "{mode:?}: {kinds:?}"
        );
        let rec = recs[0].typed().and_then(AnyRecord::origin).unwrap();
        assert_eq!(rec.text(5), Some("ﾏｷ"), "{mode:?}");
    }
}

/// The character pool of free text is broad: kana, kanji, symbols, the IBM extensions.
#[test]
fn text_pool_is_broad() {
    let pool = strategies::ms932_chars();
    for c in ['ｱ', 'ﾟ', '山', '髙', '纊', '①', '～', '－', '\u{3000}'] {
        assert!(pool.contains(&c), "{c}");
    }
    for c in ['〜', '−', '\u{E000}', '¥'] {
        assert!(!pool.contains(&c), "{c}");
    }
    assert!(pool.len() > 7000, "{}", pool.len());
}
