//! The tools run the same checks as the workflows (issue 14 §4): what `ResultExport`
//! refuses, `careplan check` of the same file reports, with the same problem, line and item;
//! what the export accepts, the check passes.

mod common;

use std::collections::BTreeSet;

use careplan::bundle::workflow::ResultExport;
use careplan::csv::{FileName, FileWriterBuilder, Party, Sequence};
use careplan::model::table6::Table6Record;
use careplan::model::value::{Applicable, YearMonth};
use careplan::model::{FileKind, Problem};

use common::{careplan, dir, report_errors};

/// An error as both sides report it: its code, line and item No.
type Found = (String, Option<u64>, Option<u64>);

const CARE: &str = "1310000001";
const PROVIDER: &str = "1310000002";

fn care() -> Party {
    Party::new(CARE.parse().unwrap(), "43".parse().unwrap())
}

fn provider() -> Party {
    Party::new(PROVIDER.parse().unwrap(), "11".parse().unwrap())
}

fn month() -> YearMonth {
    "202504".parse().unwrap()
}

fn sequence() -> Sequence {
    Sequence::parse("20250501090000").unwrap()
}

/// A 実績 line (layouts/TABLE6.tsv) of user 0000012345: 111111 at the provider on April
/// `day`, planned by the care office (No.6) and updated by the provider (No.24).
fn result(day: u32) -> Table6Record {
    let mut r = Table6Record::new(
        "131001".parse().unwrap(),
        "0000012345".parse().unwrap(),
        "20250325".parse().unwrap(),
        month(),
        CARE.parse().unwrap(),
        250,
        format!("202504{day:02}").parse().unwrap(),
        "1000".parse().unwrap(),
        "1100".parse().unwrap(),
        1,
        "111111".parse().unwrap(),
        PROVIDER.parse().unwrap(),
        Applicable::No,
    );
    r.updater = Some(r.provider);
    r
}

/// The errors of `problems`.
fn errors<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> BTreeSet<Found> {
    problems
        .into_iter()
        .filter(|p| p.is_error())
        .map(|p| {
            let item = p.location.item.map(|i| u64::from(i.no));
            (p.kind.code().to_string(), p.location.line, item)
        })
        .collect()
}

/// The errors `careplan check --json --strict` reports for the files of `dir`, in the
/// files and in their units.
fn checked(dir: &std::path::Path) -> BTreeSet<Found> {
    let (_, out, _) = careplan(&["check", "--json", "--strict", dir.to_str().unwrap()], b"");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    report_errors(&v)
        .iter()
        .map(|p| {
            let code = p["code"].as_str().unwrap_or_default().to_string();
            (code, p["line"].as_u64(), p["item"].as_u64())
        })
        .collect()
}

/// Exports `records` as the provider's answer and checks the same records written to a
/// file of the export's name: the errors the export refuses with (none if it accepts).
fn export_and_check(test: &str, records: Vec<Table6Record>) -> (BTreeSet<Found>, BTreeSet<Found>) {
    let export = ResultExport::new(provider(), care(), month())
        .sequence(sequence())
        .records(records.clone())
        .build();
    let refused = match &export {
        Ok(exported) => errors(exported.problems()),
        Err(e) => {
            assert!(
                !e.problems().is_empty(),
                "{test}: refused without a problem: {e}"
            );
            errors(e.problems())
        }
    };
    let name = FileName::builder(FileKind::UsageResult)
        .month(month())
        .sender_party(provider())
        .receiver_party(care())
        .sequence(sequence())
        .build()
        .unwrap()
        .to_string();
    let mut w = FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsageResult, &name);
    for r in &records {
        w.write(r).unwrap();
    }
    let d = dir(test);
    std::fs::write(d.join(&name), w.finish().unwrap().0).unwrap();
    let found = checked(&d);
    let _ = std::fs::remove_dir_all(&d);
    (refused, found)
}

#[test]
fn what_result_export_refuses_a_check_of_the_same_file_reports() {
    let mut other_care_office = result(2);
    other_care_office.care_office = "1310000003".parse().unwrap();
    let mut other_provider = result(2);
    other_provider.provider = "1310000009".parse().unwrap();
    other_provider.updater = Some(other_provider.provider);
    let mut outside_the_month = result(2);
    outside_the_month.service_date = "20250502".parse().unwrap();
    let cases = [
        // 実績 No.6: the care office the answer is sent to.
        ("care_office", other_care_office, 6),
        // 実績 No.20: the provider that sends it.
        ("provider", other_provider, 20),
        // No.10 サービス利用日 in the service month No.5.
        ("date", outside_the_month, 10),
    ];
    for (test, wrong, item) in cases {
        let (refused, found) = export_and_check(test, vec![result(1), wrong]);
        assert!(
            refused
                .iter()
                .any(|(_, line, no)| (*line, *no) == (Some(2), Some(item))),
            "{test}: the export refuses line 2's No.{item}: {refused:?}"
        );
        assert_eq!(
            found, refused,
            "{test}: the check reports what the export refused"
        );
    }
}

#[test]
fn what_result_export_accepts_a_check_of_the_same_file_passes() {
    let (refused, found) = export_and_check("accepted", vec![result(1), result(8)]);
    assert!(refused.is_empty(), "{refused:?}");
    assert!(found.is_empty(), "{found:?}");
}
