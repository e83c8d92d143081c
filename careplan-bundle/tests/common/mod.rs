//! Records and files built from the spec's layouts (TABLE6, UPSIKYU, UPHOSOKU, UP1KYO …),
//! for the bundle's integration tests.

#![allow(dead_code)]

use careplan_bundle::{relations, FileSet};
use careplan_csv::FileWriterBuilder;
use careplan_csv::{Party, Sequence};
use careplan_model::hosoku::HosokuRecord;
use careplan_model::plan1::Plan1Record;
use careplan_model::plan2::Plan2Record;
use careplan_model::plan3::Plan3Record;
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::value::OfficeNumber;
use careplan_model::yobo_kihon::KihonRecord;
use careplan_model::yobo_kihon_sub2::KihonSub2Record;
use careplan_model::yobo_plan::YoboPlanRecord;
use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
use careplan_model::{
    KihonDeleteRecord, KihonSub1Record, Plan1DeleteRecord, Problem, RawRecord, TypedRecord,
    UsagePlanDeleteRecord, UsageResultDeleteRecord,
};

/// The care office (居宅介護支援, 43).
pub const CARE: &str = "0300000100";
/// The provider the care office sends to (訪問介護, 11).
pub const PROV: &str = "0300000005";
/// Another provider of the same users (通所介護, 15).
pub const OTHER: &str = "0300000777";
/// The month of the tickets.
pub const MONTH: &str = "202504";

pub const V41_OUT: &str = "0300000100_43_0300000005_11";
pub const V41_BACK: &str = "0300000005_11_0300000100_43";
pub const LEGACY_OUT: &str = "0300000100_0300000005";
pub const LEGACY_BACK: &str = "0300000005_0300000100";

pub fn party(office: &str, kind: &str) -> Party {
    Party::new(office.parse().unwrap(), kind.parse().unwrap())
}

pub fn care() -> Party {
    party(CARE, "43")
}

pub fn prov() -> Party {
    party(PROV, "11")
}

pub fn office(o: &str) -> OfficeNumber {
    o.parse().unwrap()
}

pub fn seq(s: &str) -> Sequence {
    Sequence::parse(s).unwrap()
}

/// The typed record of `texts`, one per item in layout order.
pub fn typed<T: TypedRecord>(texts: &[&str]) -> T {
    T::from_raw(&RawRecord::from_texts(texts)).unwrap_or_else(|| panic!("not a record: {texts:?}"))
}

/// A 第6表 row of user `insured` on day `day` of 202504 (items per layouts/TABLE6.tsv).
pub fn t6(insured: &str, day: &str, code: &str, provider: &str) -> Table6Record {
    t6_at(insured, day, code, provider, "1000", "1100")
}

/// A 第6表 row with its times.
pub fn t6_at(
    insured: &str,
    day: &str,
    code: &str,
    provider: &str,
    start: &str,
    end: &str,
) -> Table6Record {
    t6_with(insured, day, code, provider, &[(12, start), (13, end)])
}

/// A 第6表 row of the care office CARE, with items replaced by No. (`extra`, in order).
pub fn t6_with(
    insured: &str,
    day: &str,
    code: &str,
    provider: &str,
    extra: &[(usize, &str)],
) -> Table6Record {
    let date = format!("{MONTH}{day}");
    let mut t = [
        "202407",
        "131001",
        insured,
        "20250320",
        MONTH,
        CARE,
        "佐藤 一郎",
        "250",
        "",
        &date,
        "",
        "1000",
        "1100",
        "1",
        code,
        "",
        "",
        "",
        "",
        provider,
        "事業所「和」, 本店",
        "",
        "0",
        CARE,
        "",
    ];
    for &(no, v) in extra {
        t[no - 1] = v;
    }
    typed(&t)
}

/// A 第7表 row: a service (units 250), a subtotal (`xxAAAA` …, units 0) or the grand total
/// (`999999`, office ALL9, units 0).
pub fn t7(insured: &str, provider: &str, code: &str, count: &str, units: &str) -> Table7Record {
    let special = code == "999999" || !code.bytes().skip(2).all(|b| b.is_ascii_digit());
    let unit = if special { "0" } else { "250" };
    typed(&[
        "202407",
        "131001",
        insured,
        "20250320",
        MONTH,
        "事業所",
        provider,
        "",
        code,
        "",
        "",
        "",
        unit,
        "",
        "",
        count,
        units,
        units,
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "0",
        "9999999999",
        "",
        CARE,
        "",
    ])
}

/// The 第7表 of a user with `n` services of 111111 at `provider`: its row and the total.
pub fn t7_user(insured: &str, provider: &str, n: u32) -> Vec<Table7Record> {
    let units = (250 * n).to_string();
    let count = n.to_string();
    vec![
        t7(insured, provider, "111111", &count, &units),
        t7(insured, "9999999999", "999999", &count, &units),
    ]
}

/// A 補足 (layouts/UPHOSOKU.tsv) of 要介護2 (No.18 21) with 区分支給限度基準額 16765 (No.19),
/// No.4 `plan_date`, No.63 `month`, with items replaced by No. (`extra`, in order).
pub fn hosoku_with(
    insured: &str,
    plan_date: &str,
    month: &str,
    extra: &[(usize, &str)],
) -> HosokuRecord {
    let mut t = vec![
        "202407",
        "131001",
        insured,
        plan_date,
        "ﾔﾏﾀﾞ ﾊﾅｺ",
        "山田 花子",
        "2",
        "19400101",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "21",
        "16765",
    ];
    t.extend([""; 43]);
    t.push(month);
    for &(no, v) in extra {
        t[no - 1] = v;
    }
    typed(&t)
}

/// A 補足 sent with 第6表/第7表: No.4 `00000000`, No.63 the month.
pub fn hosoku_usage(insured: &str, month: &str) -> HosokuRecord {
    hosoku_with(insured, "00000000", month, &[])
}

/// A 補足 sent with 第1表: No.4 the plan's date, No.63 `000000`.
pub fn hosoku_plan(insured: &str, date: &str) -> HosokuRecord {
    hosoku_with(insured, date, "000000", &[])
}

/// A 第1表 (layouts/UP1KYO.tsv) of plan date `date`.
pub fn plan1(insured: &str, date: &str) -> Plan1Record {
    typed(&[
        "202407",
        "131001",
        insured,
        date,
        "",
        "",
        "",
        "佐藤 一郎",
        "ケアプランセンター和",
        "",
        "",
        "",
        CARE,
        date,
        "20240401",
        "",
        "",
        "",
        "",
        "",
        "",
        "安全に暮らしたい",
        "",
        "",
        "",
        "",
        CARE,
        "",
    ])
}

/// A 第2表 row of the plan of `date`.
pub fn plan2(insured: &str, date: &str, service_no: &str) -> Plan2Record {
    typed(&[
        "202407",
        "131001",
        insured,
        date,
        date,
        "1",
        "転倒の不安",
        "1",
        "安全に歩ける",
        "屋内を一人で歩ける",
        "",
        "",
        service_no,
        "歩行訓練",
        "Y",
        "訪問介護",
        PROV,
        "",
        "週2回",
        "",
        CARE,
        "",
    ])
}

/// A 第3表 row of the plan of `date`.
pub fn plan3(insured: &str, date: &str) -> Plan3Record {
    typed(&[
        "202407",
        "131001",
        insured,
        date,
        date,
        "訪問介護",
        "1",
        "1000",
        "1100",
        "",
        "",
        "",
        "",
    ])
}

pub fn plan1_delete(insured: &str, date: &str) -> Plan1DeleteRecord {
    typed(&["202407", "131001", insured, date])
}

pub fn plan_delete(insured: &str, month: &str) -> UsagePlanDeleteRecord {
    typed(&["202407", "131001", insured, month])
}

pub fn result_delete(
    insured: &str,
    month: &str,
    provider: &str,
    kind: &str,
) -> UsageResultDeleteRecord {
    typed(&["202407", "131001", insured, month, provider, kind])
}

/// A 利用者基本情報 (layouts/UPKIHON.tsv) of consultation date `date`, naming `image` in
/// No.62.
pub fn kihon(insured: &str, date: &str, image: &str) -> KihonRecord {
    let mut t = vec![""; 71];
    t[..5].copy_from_slice(&["202407", "131001", insured, date, "1"]);
    t[7] = "01";
    t[13] = "ﾔﾏﾀﾞ ﾊﾅｺ";
    t[14] = "山田 花子";
    t[15] = "2";
    t[16] = "19400101";
    t[22] = "12";
    t[61] = image;
    typed(&t)
}

pub fn kihon_sub1(insured: &str, date: &str) -> KihonSub1Record {
    typed(&["202407", "131001", insured, date, "7:00", "起床", "見守り"])
}

pub fn kihon_sub2(insured: &str, date: &str) -> KihonSub2Record {
    typed(&[
        "202407",
        "131001",
        insured,
        date,
        "R2年4月",
        "高血圧症",
        "○○医院",
        "1",
        "03-0000-0000",
        "01",
        "服薬",
    ])
}

pub fn kihon_delete(insured: &str, date: &str) -> KihonDeleteRecord {
    typed(&["202407", "131001", insured, date])
}

pub fn yobo(insured: &str, date: &str) -> YoboPlanRecord {
    let mut t = vec![""; 57];
    t[..5].copy_from_slice(&["202407", "131001", insured, date, "1"]);
    t[7] = "山田 花子";
    typed(&t)
}

pub fn yobo_sub(insured: &str, date: &str) -> YoboPlanSubRecord {
    let mut t = vec![""; 17];
    t[..5].copy_from_slice(&["202407", "131001", insured, date, "1"]);
    t[9] = "1";
    t[13] = "1";
    typed(&t)
}

/// The bytes of a file named `name` holding `records`, in the standard's form.
pub fn file<T: TypedRecord>(name: &str, records: &[T]) -> Vec<u8> {
    let kind = careplan_csv::FileName::parse_with(name, careplan_model::Mode::Lenient)
        .map(|(n, _)| n.kind())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut w = FileWriterBuilder::new().to_writer(Vec::new(), kind, name);
    for r in records {
        w.write(r).unwrap();
    }
    let (bytes, problems): (Vec<u8>, Vec<Problem>) = w.finish().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    bytes
}

/// `PREFIX[_MONTH]_<parties>_<sequence>.CSV`.
pub fn name(head: &str, parties: &str, seq: &str) -> String {
    format!("{head}_{parties}_{seq}.CSV")
}

/// A set of uploads.
pub fn set_of(files: Vec<(String, Vec<u8>)>) -> FileSet {
    let mut set = FileSet::new();
    for (n, b) in files {
        set.add_bytes(&n, b).unwrap();
    }
    set
}

/// A fresh, empty folder for `test`, named after the test file and the process.
pub fn temp_dir(test: &str) -> std::path::PathBuf {
    let crate_name = env!("CARGO_CRATE_NAME");
    let d = std::env::temp_dir().join(format!(
        "careplan-{crate_name}-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// What `set` reports: each file's name, length, summary, problems and key count, then
/// every problem of the checks across files (to compare readings of the same files).
pub fn set_report(set: &FileSet) -> String {
    let mut out = String::new();
    for f in set.files() {
        out.push_str(&format!("{} {} {:?}\n", f.display(), f.len(), f.summary()));
        for p in f.problems() {
            out.push_str(&format!("  {p:?}\n"));
        }
        out.push_str(&format!("  keys {}\n", f.key_count()));
    }
    let units = set.units();
    for problems in relations::check_all(&units) {
        for p in problems {
            out.push_str(&format!("  {p:?}\n"));
        }
    }
    out
}
