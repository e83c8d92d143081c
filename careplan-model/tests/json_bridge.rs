//! The typed records' serde form, the JSON bridge's (issue 13 §5): a key that is no item is
//! an error naming the key; numbers given as strings are accepted.

mod common;

use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::TypedRecord;
use careplan_model::{AnyRecord, FileKind};
use serde_json::{json, Value};

use common::{with, TABLE6_VALID, UPSIKYU_VALID};

/// A 福祉用具貸与 line with every numeric item set: 単位数, 前月までの短期入所利用日数,
/// サービス回数, 明細判別コード.
fn table6() -> Table6Record {
    let raw = with(
        &TABLE6_VALID,
        &[
            (8, "250"),
            (9, "3"),
            (15, "171001"),
            (16, "00001-000010"),
            (18, "手すり"),
            (19, "1"),
        ],
    );
    Table6Record::from_raw(&raw).expect("a 第6表 record")
}

fn as_json<T: serde::Serialize>(r: &T) -> Value {
    serde_json::to_value(r).expect("serialized")
}

#[test]
fn an_unknown_key_is_an_error_naming_the_key() {
    let mut v = as_json(&table6());
    v["unit"] = json!(250);
    let err = serde_json::from_value::<Table6Record>(v.clone()).expect_err("unknown key");
    assert!(err.to_string().contains("unknown field `unit`"), "{err}");
    let err = AnyRecord::deserialize_record(FileKind::UsagePlan, v).expect_err("unknown key");
    assert!(err.to_string().contains("unknown field `unit`"), "{err}");
    // 第7表 too: every typed record.
    let mut v = as_json(&table6());
    v.as_object_mut().expect("an object").clear();
    v["provider_nam"] = json!("x");
    let err = AnyRecord::deserialize_record(FileKind::UsageSummary, v).expect_err("unknown key");
    assert!(err.to_string().contains("provider_nam"), "{err}");
}

#[test]
fn numbers_given_as_strings_are_accepted() {
    let r = table6();
    let mut v = as_json(&r);
    for (key, value) in [
        ("units", "250"),
        ("short_stay_days_before", "3"),
        ("count", "1"),
        ("detail_no", "1"),
    ] {
        assert!(v[key].is_number(), "{key}: {}", v[key]);
        v[key] = json!(value);
    }
    let back: Table6Record = serde_json::from_value(v.clone()).expect("numbers as strings");
    assert_eq!(back, r);
    let any = AnyRecord::deserialize_record(FileKind::UsageResult, v).expect("as any record");
    assert_eq!(any, AnyRecord::Table6(r.clone()));
    // Negative numbers and optional items left out.
    let mut v = as_json(&r);
    v["units"] = json!("-30");
    v.as_object_mut().expect("an object").remove("detail_no");
    let back: Table6Record = serde_json::from_value(v).expect("read");
    assert_eq!((back.units, back.detail_no), (-30, None));
    // A string that is no number is still an error, naming what was expected.
    let mut v = as_json(&r);
    v["count"] = json!("one");
    let err = serde_json::from_value::<Table6Record>(v).expect_err("not a number");
    assert!(err.to_string().contains("\"one\""), "{err}");
}

#[test]
fn table7_amounts_as_strings() {
    let raw = with(&UPSIKYU_VALID, &[]);
    let r = Table7Record::from_raw(&raw).expect("a 第7表 record");
    let mut v = as_json(&r);
    let numbers: Vec<String> = v
        .as_object()
        .expect("an object")
        .iter()
        .filter(|(_, x)| x.is_i64() || x.is_u64())
        .map(|(k, _)| k.clone())
        .collect();
    assert!(!numbers.is_empty());
    for k in &numbers {
        let text = v[k.as_str()].to_string();
        v[k.as_str()] = json!(text);
    }
    let back: Table7Record = serde_json::from_value(v).expect("numbers as strings");
    assert_eq!(back, r);
}
