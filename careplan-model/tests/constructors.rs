//! Every typed record can be made from its required items alone (issue 14 §2): the record
//! made passes its layout and its own rules in strict mode, and reads back equal.

use careplan_model::__private::{validate, Context, RuleContext};
use std::fmt::Debug;
use std::str::FromStr;

use careplan_model::hosoku::{HosokuRecord, PlanDate, TargetMonth};
use careplan_model::plan1::Plan1Record;
use careplan_model::plan2::Plan2Record;
use careplan_model::plan3::Plan3Record;
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::value::{Applicable, CsvVersion, ServiceTime, Sex};
use careplan_model::yobo_kihon::{KihonRecord, YoboPlanKind};
use careplan_model::yobo_kihon_sub2::KihonSub2Record;
use careplan_model::yobo_plan::YoboPlanRecord;
use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
use careplan_model::{
    KihonDeleteRecord, KihonSub1Record, Mode, Plan1DeleteRecord, TypedRecord,
    UsagePlanDeleteRecord, UsageResultDeleteRecord, YoboPlanDeleteRecord,
};

fn v<T: FromStr>(s: &str) -> T
where
    T::Err: Debug,
{
    s.parse().unwrap()
}

/// The record made is of 4.1, valid under its layout and its rules, and reads back equal.
fn clean<R: TypedRecord>(record: R) {
    assert_eq!(record.version(), CsvVersion::V202407);
    assert!(record.origin().is_none());
    let kind = R::KINDS[0];
    let raw = record.to_raw();
    let ctx = Context::new(Mode::Strict).with_kind(kind);
    let problems = validate(kind.layout().unwrap(), &raw, &ctx);
    assert!(problems.is_empty(), "{kind:?}: {problems:#?}");
    let mut problems = Vec::new();
    record.check(&RuleContext::new(kind).unwrap(), &mut problems);
    assert!(problems.is_empty(), "{kind:?}: {problems:#?}");
    assert_eq!(R::from_raw(&raw).unwrap(), record, "{kind:?}");
}

#[test]
fn every_record_is_made_from_its_required_items() {
    let (insurer, insured) = (v("131001"), v("0000012345"));
    let date = v("20250320");
    let month = v("202504");
    clean(Table6Record::new(
        insurer,
        insured,
        date,
        month,
        v("1310000001"),
        250,
        v("20250401"),
        v("1000"),
        v("1100"),
        1,
        v("111111"),
        v("1310000002"),
        Applicable::No,
    ));
    clean(Table7Record::new(
        insurer,
        insured,
        date,
        month,
        v("1310000002"),
        v("111111"),
        250,
        1,
        Applicable::No,
    ));
    clean(UsagePlanDeleteRecord::new(insurer, insured, month));
    clean(UsageResultDeleteRecord::new(
        insurer,
        insured,
        month,
        v("1310000002"),
        v("11"),
    ));
    clean(HosokuRecord::new(
        insurer,
        insured,
        PlanDate::ForUsage,
        "ヤマダ ハナコ",
        "山田 花子",
        Sex::Female,
        v("19400101"),
        TargetMonth::Month(month),
    ));
    clean(Plan1Record::new(
        insurer,
        insured,
        date,
        "佐藤 一郎",
        "居宅介護支援 さくら",
        v("1310000001"),
        date,
        date,
    ));
    clean(Plan1DeleteRecord::new(insurer, insured, date));
    clean(Plan2Record::new(insurer, insured, date, date));
    clean(Plan3Record::new(insurer, insured, date, date));
    clean(KihonRecord::new(
        insurer,
        insured,
        date,
        YoboPlanKind::PreventionSupport,
        "ヤマダ ハナコ",
        "山田 花子",
        Sex::Female,
        v("19400101"),
    ));
    clean(KihonDeleteRecord::new(insurer, insured, date));
    clean(KihonSub1Record::new(insurer, insured, date));
    clean(KihonSub2Record::new(insurer, insured, date));
    clean(YoboPlanRecord::new(
        insurer,
        insured,
        date,
        YoboPlanKind::PreventionSupport,
        "山田 花子",
    ));
    clean(YoboPlanDeleteRecord::new(insurer, insured, date));
    clean(YoboPlanSubRecord::new(insurer, insured, date));
}

#[test]
fn optional_items_of_a_made_record_are_empty_and_can_be_set() {
    let mut row = Table6Record::new(
        v("131001"),
        v("0000012345"),
        v("20250320"),
        v("202504"),
        v("1310000001"),
        250,
        v("20250401"),
        ServiceTime::Unspecified,
        ServiceTime::Unspecified,
        1,
        v("111111"),
        v("1310000002"),
        Applicable::No,
    );
    assert_eq!(row.care_manager, "");
    assert_eq!(row.updater, None);
    let raw = row.to_raw();
    assert_eq!(raw.len(), 25);
    assert_eq!(raw.text(6), Some(""));
    assert_eq!(raw.text(11), Some("9999"));
    row.updater = Some(v("1310000001"));
    row.care_manager = "山田".into();
    assert_eq!(row.to_raw().text(23), Some("1310000001"));
    assert_eq!(row.to_raw().text(6), Some("山田"));
}
