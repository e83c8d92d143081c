//! 第7表 (UPSIKYU) through the public API: conversions, serde, record rules and the totals
//! over a whole file.

use careplan_model::__private::{validate, AnyFileRules, Context, RuleContext};
use careplan_model::table7::{RowKind, Table7Record};
use careplan_model::value::{CsvVersion, SubtotalKind};
use careplan_model::{
    FileKind, Layout, Mode, Origin, Position, Problem, ProblemKind, RawRecord, Severity,
    TypedRecord,
};

/// A 4.x row of user `insured`: `code` at `office`, 単位数 `units`, 回数 `count`, then
/// サービス単位金額 … as given by `amounts` (No.17, 18, 20, 22, 24, 26, 28; "" for empty).
fn row(
    insured: &'static str,
    office: &'static str,
    code: &'static str,
    units: &'static str,
    count: &'static str,
    amounts: [&'static str; 7],
) -> Vec<&'static str> {
    let [a17, a18, a20, a22, a24, a26, a28] = amounts;
    let name = if office == "9999999999" {
        ""
    } else {
        "事業所, \"A\""
    };
    let price = if a24.is_empty() { "" } else { "11.40" };
    let rate = if a26.is_empty() { "" } else { "90" };
    vec![
        "202407",
        "131001",
        insured,
        "20250320",
        "202504",
        name,
        office,
        "",
        code,
        "",
        "",
        "",
        units,
        "",
        "",
        count,
        a17,
        a18,
        "",
        a20,
        "",
        a22,
        price,
        a24,
        rate,
        a26,
        "",
        a28,
        "",
        "",
        "",
        "",
        "0",
        "9999999999",
        "",
        "1310000001",
        "",
    ]
}

/// One user's rows: 訪問介護 twice and its subtotal at one office, 通所介護 once at another,
/// the grand total.
fn user(insured: &'static str) -> Vec<Vec<&'static str>> {
    vec![
        row(
            insured,
            "1310000002",
            "111111",
            "250",
            "4",
            ["1000", "1000", "", "", "", "", ""],
        ),
        row(
            insured,
            "1310000002",
            "112111",
            "500",
            "2",
            ["1000", "1000", "", "", "", "", ""],
        ),
        row(
            insured,
            "1310000002",
            "11AAAA",
            "0",
            "1",
            ["2000", "2000", "2000", "2000", "22800", "20520", "2280"],
        ),
        row(
            insured,
            "1310000003",
            "151111",
            "700",
            "4",
            ["2800", "2800", "2800", "2800", "31920", "28728", "3192"],
        ),
        row(
            insured,
            "9999999999",
            "999999",
            "0",
            "1",
            ["4800", "4800", "4800", "4800", "54720", "49248", "5472"],
        ),
    ]
}

fn records(rows: &[Vec<&'static str>]) -> Vec<Table7Record> {
    rows.iter()
        .map(|t| Table7Record::from_raw(&RawRecord::from_texts(t)).unwrap())
        .collect()
}

/// Every record's own rules and the file's totals, lines from 1.
fn check_file(recs: &[Table7Record]) -> Vec<Problem> {
    let file = "UPSIKYU_202504_1310000001_43_1310000002_11_20250320120000.CSV";
    let mut totals = AnyFileRules::for_kind(FileKind::UsageSummary);
    let mut out = Vec::new();
    for (line, rec) in (1..).zip(recs) {
        let mut ctx = RuleContext::new(FileKind::UsageSummary).unwrap();
        ctx.file = Some(file);
        ctx.mode = Mode::Strict;
        ctx.layout = Layout::for_version(FileKind::UsageSummary, rec.version).unwrap();
        ctx.position = Position::new(line * 200, line, line);
        rec.check(&ctx, &mut out);
        totals.record_of(rec, &ctx, &mut out);
    }
    totals.finish(&mut out);
    out
}

#[test]
fn rows_round_trip_and_are_written_in_the_standard_form() {
    let layout = FileKind::UsageSummary.layout().unwrap();
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::UsageSummary);
    for t in user("0000012345") {
        let raw = RawRecord::from_texts(&t);
        let rec = Table7Record::from_raw(&raw).unwrap();
        assert_eq!(rec.to_raw(), raw);
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 37);
        assert_eq!(validate(layout, &out, &ctx), vec![], "{t:?}");
        assert_eq!(Table7Record::from_raw(&out), Some(rec));
    }
}

#[test]
fn serde_round_trip() {
    for rec in records(&user("0000012345")) {
        let json = serde_json::to_string(&rec).unwrap();
        let back: Table7Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rec);
        assert_eq!(
            back.to_raw().text(8),
            Some(rec.service_code.to_string().as_str())
        );
    }
    let recs = records(&user("0000012345"));
    let json = serde_json::to_string(&recs[2]).unwrap();
    assert!(json.contains(r#""service_code":"11AAAA""#), "{json}");
    assert!(json.contains(r#""unit_price":"11.40""#), "{json}");
}

#[test]
fn row_kinds() {
    let recs = records(&user("0000012345"));
    let kinds: Vec<RowKind> = recs.iter().map(Table7Record::row).collect();
    assert!(kinds[0].is_detail());
    assert!(matches!(
        kinds[2],
        RowKind::Subtotal {
            subtotal: SubtotalKind::Limit,
            ..
        }
    ));
    assert_eq!(kinds[4], RowKind::GrandTotal);
}

#[test]
fn a_clean_file_of_several_users() {
    let mut rows = user("0000012345");
    rows.extend(user("0000067890"));
    rows.extend(user("H123456789"));
    assert_eq!(check_file(&records(&rows)), vec![]);
}

/// The standard asks for output per user, not an order (README, 出力単位): a user whose rows
/// are split by another user's is totalled over all its rows, with nothing reported.
#[test]
fn a_users_rows_need_not_be_together() {
    let first = user("0000012345");
    let second = user("0000067890");
    let mut rows: Vec<_> = first[..2].to_vec();
    rows.extend(second.iter().cloned());
    rows.extend(first[2..].iter().cloned());
    assert_eq!(check_file(&records(&rows)), vec![]);
}

#[test]
fn problems_of_a_file() {
    let mut rows = user("0000012345");
    rows.extend(user("0000067890"));
    // The second user: no 11AAAA, and a wrong grand total.
    rows.remove(7);
    rows[8][16] = "4700";
    let p = check_file(&records(&rows));
    let found: Vec<_> = p
        .iter()
        .map(|p| {
            (
                p.kind,
                p.severity,
                p.location.line.unwrap(),
                p.location.item.map(|i| i.no),
            )
        })
        .collect();
    // Without its subtotal the 訪問介護 rows count themselves in the grand total; they do
    // not give the limit and money items, which the total then finds missing.
    let mut expected = vec![
        (ProblemKind::MissingTotalRow, Severity::Error, 6, Some(9)),
        (ProblemKind::TotalMismatch, Severity::Error, 9, Some(17)),
    ];
    for no in [20, 22, 24, 26, 28] {
        expected.push((ProblemKind::TotalMismatch, Severity::Error, 9, Some(no)));
    }
    assert_eq!(found, expected);
    assert!(p.iter().all(|p| p.location.file.is_some()));
    assert_eq!(
        p[1].message_ja(),
        "9行目 第7表 No.17 サービス単位金額: 999999 4700 が明細の合計 4800 と一致しません"
    );
}

#[test]
fn record_rules_run_beside_the_totals() {
    let mut rows = user("0000012345");
    rows[2][12] = "250"; // 単位数 on a subtotal row
    rows[4][6] = "1310000002"; // the grand total without ALL9
    let p = check_file(&records(&rows));
    let found: Vec<_> = p
        .iter()
        .map(|p| {
            (
                p.kind,
                p.location.line.unwrap(),
                p.location.item.map(|i| i.no),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (ProblemKind::SpecialRowValue, 3, Some(13)),
            (ProblemKind::SpecialRowValue, 5, Some(7)),
        ]
    );
}

#[test]
fn version_3_files_are_totalled_too() {
    let rows: Vec<Vec<&'static str>> = user("0000012345")
        .into_iter()
        .map(|mut t| {
            t[0] = "202208";
            t.drain(9..12);
            t
        })
        .collect();
    let mut recs = records(&rows);
    assert!(recs.iter().all(|r| r.version == CsvVersion::V202208));
    assert_eq!(check_file(&recs), vec![]);
    recs[2].service_units = Some(1999);
    recs[4].service_units = Some(4799);
    let p = check_file(&recs);
    assert_eq!(p.len(), 1);
    let item = p[0].location.item.unwrap();
    // 3.x numbering: サービス単位金額 is No.14.
    assert_eq!((item.no, item.name), (14, "サービス単位金額"));
    assert_eq!(p[0].location.line, Some(3));
    let raw = recs[2].to_raw();
    assert_eq!(raw.len(), 34);
    assert_eq!(raw.text(13), Some("1999"));
}
