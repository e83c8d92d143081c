//! `Table7Builder`: 第7表 and the 補足 limit slots computed from 第6表, checked against a
//! month computed by hand and against the library's own checks.

mod common;

use careplan_bundle::build::{OverLimit, Table7Build, Table7Builder};
use careplan_bundle::workflow::PlanExport;
use careplan_bundle::ErrorKind;
use careplan_csv::{Party, Sequence};
use careplan_model::hosoku::HosokuRecord;
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::value::UserKey;
use careplan_model::value::{Decimal, ServiceCode, ServiceKind};
use careplan_model::ProblemKind;

use common::{hosoku_with, office, t6_with};

const CARE: &str = "1310000001";
const HELP: &str = "1310000002"; // 訪問介護 (11), 11.40
const DAY: &str = "1310000004"; // 通所介護 (15), 10.90
const NURSE: &str = "1310000005"; // 訪問看護 (13), 11.40
const RENT: &str = "1310000006"; // 福祉用具貸与 (17), 10.00
const A: &str = "0000012345";
const B: &str = "0000067890";

/// One 第6表 line: `insured`'s service `code` of `units` at `office` on `day` of April 2025,
/// planned by CARE.
fn line(insured: &str, office: &str, code: &str, units: i64, day: u8) -> Table6Record {
    let (day, units) = (format!("{day:02}"), units.to_string());
    let (start, end) = match &code[..2] {
        "11" | "13" => ("1000", "1030"),
        "15" if code != "156102" => ("0900", "1600"),
        _ => ("9999", "9999"),
    };
    let tais = if code.starts_with("17") {
        "00001-000010"
    } else {
        ""
    };
    let items = [
        (6, CARE),
        (8, &units),
        (12, start),
        (13, end),
        (16, tais),
        (24, CARE),
    ];
    t6_with(insured, &day, code, office, &items)
}

/// `insured`'s 補足 for April 2025 with 区分支給限度基準額 `limit` and slot 1 `slot`
/// (kind, 支給限度基準額) with its sums left empty.
fn hosoku(insured: &str, limit: &str, slot: Option<(&str, &str)>) -> HosokuRecord {
    let (kind, amount) = slot.unwrap_or(("", ""));
    hosoku_with(
        insured,
        "00000000",
        "202504",
        &[(19, limit), (20, kind), (21, amount)],
    )
}

fn kind(s: &str) -> ServiceKind {
    s.parse().unwrap()
}

fn price(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn user(insured: &str) -> UserKey {
    UserKey::new("131001".parse().unwrap(), insured.parse().unwrap())
}

/// The worked month's plan.
///
/// User A (給付率 90, 区分支給限度基準額 16765, a 福祉用具 slot of 400 units):
/// - 訪問介護 at HELP: 111111 250 units on days 1–20, 112211 396 units on days 21–28;
/// - 通所介護 at DAY: 151111 658 units and 155011 (入浴) 40 units on 13 days, and 156102
///   (an 加算 outside the 区分支給限度) 600 units once;
/// - 福祉用具貸与 at RENT: 171001 500 units once.
///
/// User B (給付率 70, 19705): 訪問介護 111111 250 units and 訪問看護 131111 471 units, on
/// 4 days each.
fn plan() -> Vec<Table6Record> {
    let mut p = Vec::new();
    for d in 1..=20 {
        p.push(line(A, HELP, "111111", 250, d));
    }
    for d in 21..=28 {
        p.push(line(A, HELP, "112211", 396, d));
    }
    for d in 1..=13 {
        p.push(line(A, DAY, "151111", 658, d * 2));
        p.push(line(A, DAY, "155011", 40, d * 2));
    }
    p.push(line(A, DAY, "156102", 600, 1));
    p.push(line(A, RENT, "171001", 500, 1));
    for d in [3, 10, 17, 24] {
        p.push(line(B, HELP, "111111", 250, d));
        p.push(line(B, NURSE, "131111", 471, d));
    }
    p
}

fn builder() -> Table7Builder {
    Table7Builder::new()
        .table6(plan())
        .hosoku([
            hosoku(A, "16765", Some(("17", "400"))),
            hosoku(B, "19705", None),
        ])
        .unit_price(Party::new(office(HELP), kind("11")), price("11.40"))
        .unit_price(Party::new(office(NURSE), kind("13")), price("11.40"))
        .unit_price(Party::new(office(DAY), kind("15")), price("10.90"))
        .unit_price(Party::new(office(RENT), kind("17")), price("10.00"))
        .benefit_rate(user(B), 70)
        .outside_limit(["156102".parse::<ServiceCode>().unwrap()])
}

/// (code, office, 回数, No.17–22, No.23 price, 24 費用総額, 25 給付率, 26 請求額, 28 負担, 29 全額).
type Expected = (
    &'static str,
    &'static str,
    i64,
    [Option<i64>; 6],
    Option<&'static str>,
    [Option<i64>; 5],
);

fn shape(r: &Table7Record) -> Expected {
    (
        "",
        "",
        r.count,
        [
            r.service_units,
            r.managed_units,
            r.kind_limit_over,
            r.kind_limit_within,
            r.category_limit_over,
            r.category_limit_within,
        ],
        None,
        [r.total_cost, r.benefit_rate, r.claim, r.copay, r.copay_full],
    )
}

fn check(rows: &[Table7Record], expected: &[Expected]) {
    assert_eq!(rows.len(), expected.len());
    for (r, e) in rows.iter().zip(expected) {
        let (code, off, ..) = *e;
        assert_eq!(r.service_code.to_string(), code);
        assert_eq!(r.provider.to_string(), off, "{code}");
        let got = shape(r);
        assert_eq!((got.2, got.3, got.5), (e.2, e.3, e.5), "{code} at {off}");
        assert_eq!(
            r.unit_price.map(|p| p.to_string()).as_deref(),
            e.4,
            "{code}"
        );
    }
}

/// Every file the builder's output makes, validated as a receiver reads it (strict): the
/// export refuses any error and lists every warning.
fn exported(built: &Table7Build, plan: Vec<Table6Record>) {
    let party = |o: &str, k: &str| Party::new(office(o), kind(k));
    let export = PlanExport::new(party(CARE, "43"), "202504".parse().unwrap())
        .receiver(party(HELP, "11"))
        .sequence(Sequence::parse("20250325100000").unwrap())
        .all_users()
        .table6(plan)
        .table7(built.table7.clone())
        .hosoku(built.hosoku.clone())
        .build()
        .unwrap_or_else(|e| panic!("{:#?}", e.problems()));
    assert!(export.problems().is_empty(), "{:#?}", export.problems());
}

#[test]
fn a_month_computed_by_hand() {
    let built = builder().build().unwrap();
    let n = None;
    let s = Some;
    // User A. Units: 111111 250 × 20 = 5000; 112211 396 × 8 = 3168; 151111 658 × 13 =
    // 8554; 155011 40 × 13 = 520; 156102 600 × 1 = 600 (outside the limit: no No.18–22);
    // 171001 500 × 1 = 500.
    //
    // 種類支給限度 (slot 1, kind 17, 400): 500 − 400 = 100 over, on the only kind-17 row:
    // 171001 種類超 100, 種類内 400.
    //
    // 区分支給限度 (16765): 種類内 5000 + 3168 + 8554 + 520 + 400 = 17642, over by 877.
    // Default: the last rows first. 171001 takes its 400, 155011 the remaining 477 (区分内
    // 520 − 477 = 43); 区分内 in all: 17642 − 877 = 16765.
    //
    // Money (per covered set, floor at each step, 負担 = 総額 − 請求額):
    // - 11AAAA (111111 + 112211, 8168 units within), 11.40, 90 %: 8168 × 11.40 = 93115.2 →
    //   93115; × 0.9 = 83803.5 → 83803; 負担 9312; 全額 0.
    // - 15AAAA (151111 + 155011: 区分内 8554 + 43 = 8597, 区分超 477), 10.90: 8597 × 10.90
    //   = 93707.3 → 93707; × 0.9 = 84336.3 → 84336; 負担 9371; 全額 477 × 10.90 = 5199.3
    //   → 5199.
    // - 156102 (its own row: one row outside the limit), 10.90: 600 × 10.90 = 6540; × 0.9 =
    //   5886; 負担 654; 全額 0.
    // - 171001 (a group of one row), 10.00: 区分内 0 → 0; 0; 0; 全額 (100 + 400) × 10.00 =
    //   5000.
    // - 999999: units 5000 + 3168 + 8554 + 520 + 600 + 500 = 18342; 給付管理 17742; 種類超
    //   100, 種類内 17642, 区分超 877, 区分内 16765; 総額 93115 + 93707 + 6540 + 0 = 193362;
    //   請求 83803 + 84336 + 5886 + 0 = 174025; 負担 9312 + 9371 + 654 + 0 = 19337; 全額
    //   0 + 5199 + 0 + 5000 = 10199.
    let rows_a: Vec<Expected> = vec![
        (
            "111111",
            HELP,
            20,
            [s(5000), s(5000), s(0), s(5000), s(0), s(5000)],
            None,
            [n; 5],
        ),
        (
            "112211",
            HELP,
            8,
            [s(3168), s(3168), s(0), s(3168), s(0), s(3168)],
            None,
            [n; 5],
        ),
        (
            "11AAAA",
            HELP,
            0,
            [s(8168), s(8168), s(0), s(8168), s(0), s(8168)],
            Some("11.40"),
            [s(93115), s(90), s(83803), s(9312), s(0)],
        ),
        (
            "151111",
            DAY,
            13,
            [s(8554), s(8554), s(0), s(8554), s(0), s(8554)],
            None,
            [n; 5],
        ),
        (
            "155011",
            DAY,
            13,
            [s(520), s(520), s(0), s(520), s(477), s(43)],
            None,
            [n; 5],
        ),
        (
            "156102",
            DAY,
            1,
            [s(600), n, n, n, n, n],
            Some("10.90"),
            [s(6540), s(90), s(5886), s(654), s(0)],
        ),
        (
            "15AAAA",
            DAY,
            0,
            [s(9074), s(9074), s(0), s(9074), s(477), s(8597)],
            Some("10.90"),
            [s(93707), s(90), s(84336), s(9371), s(5199)],
        ),
        (
            "171001",
            RENT,
            1,
            [s(500), s(500), s(100), s(400), s(400), s(0)],
            Some("10.00"),
            [s(0), s(90), s(0), s(0), s(5000)],
        ),
        (
            "999999",
            "9999999999",
            0,
            [s(18342), s(17742), s(100), s(17642), s(877), s(16765)],
            None,
            [s(193362), n, s(174025), s(19337), s(10199)],
        ),
    ];
    // User B (給付率 70, under 19705: nothing over). Each office has one row, so each row
    // carries its money:
    // - 111111 250 × 4 = 1000; 1000 × 11.40 = 11400; × 0.7 = 7980; 負担 3420.
    // - 131111 471 × 4 = 1884; 1884 × 11.40 = 21477.6 → 21477; × 0.7 = 15033.9 → 15033;
    //   負担 6444.
    // - 999999: 2884 units; 総額 32877, 請求 23013, 負担 9864, 全額 0.
    let rows_b: Vec<Expected> = vec![
        (
            "111111",
            HELP,
            4,
            [s(1000), s(1000), s(0), s(1000), s(0), s(1000)],
            Some("11.40"),
            [s(11400), s(70), s(7980), s(3420), s(0)],
        ),
        (
            "131111",
            NURSE,
            4,
            [s(1884), s(1884), s(0), s(1884), s(0), s(1884)],
            Some("11.40"),
            [s(21477), s(70), s(15033), s(6444), s(0)],
        ),
        (
            "999999",
            "9999999999",
            0,
            [s(2884), s(2884), s(0), s(2884), s(0), s(2884)],
            None,
            [s(32877), n, s(23013), s(9864), s(0)],
        ),
    ];
    let rows = &built.table7;
    check(&rows[..9], &rows_a);
    check(&rows[9..], &rows_b);
    // Special rows: 単位数 and 回数 0, 割引 empty; the total at ALL9 with no office name.
    assert!(rows
        .iter()
        .filter(|r| !r.row().is_detail())
        .all(|r| r.units == 0 && r.discount_rate.is_none() && r.discounted_units.is_none()));
    assert_eq!(rows[8].provider_name, "");
    assert_eq!(
        rows[7].tais_code.map(|c| c.to_string()).as_deref(),
        Some("00001-000010")
    );

    // 補足: A's slot 1 gets the kind's 500 units and 100 over; No.56 their sum. B has no slot.
    let h = &built.hosoku;
    let slot = h[0].slot(1).unwrap();
    assert_eq!((slot.units, slot.over), (Some(500), Some(100)));
    assert_eq!(h[0].over_total, Some(100));
    assert_eq!(h[1].over_total, None);

    exported(&built, plan());

    // The export checks what it is given: a subtotal one unit off is refused.
    let Table7Build {
        mut table7, hosoku, ..
    } = built;
    table7[2].service_units = Some(8169);
    let err = PlanExport::new(
        Party::new(office(CARE), kind("43")),
        "202504".parse().unwrap(),
    )
    .receiver(Party::new(office(HELP), kind("11")))
    .sequence(Sequence::parse("20250325100000").unwrap())
    .all_users()
    .table6(plan())
    .table7(table7)
    .hosoku(hosoku)
    .build()
    .unwrap_err();
    assert_eq!(err.problems()[0].kind, ProblemKind::TotalMismatch);
}

#[test]
fn an_explicit_allocation_moves_the_units_over_the_limit() {
    // The care manager puts A's 877 units over the 区分 limit on 通所介護 151111.
    let built = builder()
        .allocate(
            user(A),
            office(DAY),
            "151111".parse().unwrap(),
            OverLimit::category(877),
        )
        .build()
        .unwrap();
    let rows = &built.table7;
    let over: Vec<(String, Option<i64>)> = rows[..9]
        .iter()
        .map(|r| (r.service_code.to_string(), r.category_limit_over))
        .collect();
    assert_eq!(over[3], ("151111".to_string(), Some(877)));
    assert_eq!(over[4], ("155011".to_string(), Some(0)));
    assert_eq!(over[7], ("171001".to_string(), Some(0)));
    // 171001 keeps its 400 within; 15AAAA: 区分内 (8554 − 877) + 520 = 8197 → 8197 × 10.90
    // = 89347.3 → 89347; 全額 877 × 10.90 = 9559.3 → 9559.
    assert_eq!(rows[6].total_cost, Some(89347));
    assert_eq!(rows[6].copay_full, Some(9559));
    assert_eq!(rows[7].copay_full, Some(1000)); // the 100 種類超 units only
    exported(&built, plan());

    // An allocation that does not add up to the units over the limit is refused.
    let err = builder()
        .allocate(
            user(A),
            office(DAY),
            "151111".parse().unwrap(),
            OverLimit::category(800),
        )
        .build()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidRecords { .. }));
    let p = &err.problems()[0];
    assert_eq!(p.kind, ProblemKind::TotalMismatch);
    assert_eq!(p.location.item.map(|i| i.no), Some(21));
    assert!(p.expected.as_deref().unwrap().starts_with("877"));
}

#[test]
fn what_cannot_be_computed_is_refused() {
    // No 補足 for B, no price for 訪問看護, a 給付率 over 100.
    let err = Table7Builder::new()
        .table6(plan())
        .hosoku([hosoku(A, "16765", None)])
        .unit_price(Party::new(office(HELP), kind("11")), price("11.40"))
        .default_unit_price(price("10.00"))
        .benefit_rate(user(A), 101)
        .build()
        .unwrap_err();
    let kinds: Vec<(ProblemKind, Option<u16>)> = err
        .problems()
        .iter()
        .map(|p| (p.kind, p.location.item.map(|i| i.no)))
        .collect();
    assert_eq!(
        kinds,
        [
            (ProblemKind::InvalidFormat, Some(25)),
            (ProblemKind::InvalidFormat, Some(25)),
            (ProblemKind::InvalidFormat, Some(25)),
            (ProblemKind::MissingDependent, None),
        ]
    );
    let err = Table7Builder::new()
        .table6(plan())
        .hosoku([hosoku(A, "16765", None), hosoku(B, "19705", None)])
        .unit_price(Party::new(office(HELP), kind("11")), price("11.40"))
        .build()
        .unwrap_err();
    let missing: Vec<&str> = err
        .problems()
        .iter()
        .filter_map(|p| p.found.as_deref())
        .collect();
    assert_eq!(
        missing,
        [
            "131001/0000012345/202504 1310000004 15",
            "131001/0000012345/202504 1310000006 17",
            "131001/0000067890/202504 1310000005 13",
        ]
    );
}

#[test]
fn rows_outside_the_limit_public_rates_and_the_30_day_rows() {
    // B's 訪問介護 with two 加算 outside the limit (an xxEEEE subtotal totals them), paid
    // at 100 % by a 公費 at HELP; a 短期入所 day beyond 30 (３０日超区分 1) at another office.
    let mut plan = vec![
        line(B, HELP, "111111", 250, 3),
        line(B, HELP, "116275", 30, 3),
        line(B, HELP, "116278", 20, 3),
    ];
    let mut stay = line(B, NURSE, "211111", 700, 30);
    stay.over_30_days = careplan_model::value::Applicable::Yes;
    stay.start = "9999".parse().unwrap();
    stay.end = "9999".parse().unwrap();
    plan.push(stay);
    let built = Table7Builder::new()
        .table6(plan.clone())
        .hosoku([hosoku(B, "19705", None)])
        .default_unit_price(price("10.00"))
        .outside_limit(["116275", "116278"].map(|c| c.parse::<ServiceCode>().unwrap()))
        .benefit_rate_for(user(B), Party::new(office(HELP), kind("11")), 100)
        .build()
        .unwrap();
    let codes: Vec<String> = built
        .table7
        .iter()
        .map(|r| r.service_code.to_string())
        .collect();
    assert_eq!(
        codes,
        ["111111", "116275", "116278", "11AAAA", "11EEEE", "211111", "999999"]
    );
    let rows = &built.table7;
    // 11AAAA: 250 units × 10.00 = 2500 yen, all claimed at 100 %.
    assert_eq!(
        (rows[3].total_cost, rows[3].claim, rows[3].copay),
        (Some(2500), Some(2500), Some(0))
    );
    // 11EEEE: the 加算 (50 units) outside the limit: no 給付管理単位数, 500 yen.
    assert_eq!(
        (rows[4].service_units, rows[4].managed_units),
        (Some(50), None)
    );
    assert_eq!(rows[4].total_cost, Some(500));
    // The day beyond 30: no insurance, the user pays it all (700 × 10.00).
    assert_eq!((rows[5].managed_units, rows[5].total_cost), (None, Some(0)));
    assert_eq!(rows[5].copay_full, Some(7000));
    assert_eq!(rows[6].copay_full, Some(7000));
    assert_eq!(rows[6].total_cost, Some(3000));
    exported(&built, plan);
}

#[test]
fn a_slot_of_kind_22_limits_every_short_stay_of_care_kind() {
    // 補足 sets 短期入所療養介護 as kind 22 (UPHOSOKU No.20–55): rows of 22 and 23 share
    // slot 1's 1000 units. 600 + 700 = 1300: 300 over, from the last row (the 23 row).
    let mut plan = Vec::new();
    for (office, code, units, day) in [(NURSE, "221111", 600, 5), (DAY, "231111", 700, 12)] {
        let mut l = line(B, office, code, units, day);
        (l.start, l.end) = ("9999".parse().unwrap(), "9999".parse().unwrap());
        plan.push(l);
    }
    let built = Table7Builder::new()
        .table6(plan.clone())
        .hosoku([hosoku(B, "19705", Some(("22", "1000")))])
        .default_unit_price(price("10.00"))
        .build()
        .unwrap();
    let slot = built.hosoku[0].slot(1).unwrap();
    assert_eq!((slot.units, slot.over), (Some(1300), Some(300)));
    assert_eq!(built.hosoku[0].over_total, Some(300));
    let over: Vec<Option<i64>> = built.table7.iter().map(|r| r.kind_limit_over).collect();
    assert_eq!(over, [Some(0), Some(300), Some(300)]);
    exported(&built, plan);
}

/// Issue 13 §3: a refused build's problems hold values in `expected` and `found`, and say
/// the rest in words, each message in its own language (no hiragana in `message_en` once
/// the values and the place are taken out; no English word in `message_ja`).
fn own_languages(p: &careplan_model::Problem) {
    let values = [p.expected.as_deref(), p.found.as_deref()];
    let strip = |mut m: String| {
        for v in values.into_iter().flatten().filter(|v| !v.is_empty()) {
            m = m.replace(v, "");
        }
        if let Some(item) = p.location.item {
            m = m.replace(item.name, "");
        }
        m
    };
    let en = strip(p.message_en());
    assert!(
        !en.chars().any(|c| ('\u{3041}'..='\u{309F}').contains(&c)),
        "{}",
        p.message_en()
    );
    let ja = strip(p.message_ja());
    assert!(
        !ja.split(|c: char| !c.is_ascii_lowercase())
            .any(|w| w.len() >= 3),
        "{}",
        p.message_ja()
    );
    for v in values.into_iter().flatten() {
        let japanese = v.chars().any(|c| !c.is_ascii() && c != '|' && c != '…');
        let english = v
            .split(|c: char| !c.is_ascii_lowercase())
            .any(|w| w.len() >= 3);
        assert!(!(japanese && english), "bilingual: {v:?}");
    }
}

#[test]
fn refused_builds_say_values_in_expected_and_found() {
    // An allocation that does not add up: the units allocated against those over the limit.
    let err = builder()
        .allocate(
            user(A),
            office(DAY),
            "151111".parse().unwrap(),
            OverLimit::category(800),
        )
        .build()
        .unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.kind, ProblemKind::TotalMismatch);
    assert_eq!(p.expected.as_deref(), Some("877"));
    assert_eq!(p.found.as_deref(), Some("131001/0000012345/202504 800"));
    own_languages(p);

    // More than a row holds (171001 keeps 400 within its 種類 limit): at most 400 placed.
    let err = builder()
        .allocate(
            user(A),
            office(RENT),
            "171001".parse().unwrap(),
            OverLimit::category(877),
        )
        .build()
        .unwrap_err();
    let p = err
        .problems()
        .iter()
        .find(|p| p.kind == ProblemKind::Inconsistent)
        .expect("too many units for the row");
    assert_eq!(p.location.item.map(|i| i.no), Some(21));
    assert_eq!(p.expected.as_deref(), Some("0-400"));
    assert_eq!(
        p.found.as_deref(),
        Some("131001/0000012345/202504 1310000006 171001 877")
    );
    err.problems().iter().for_each(own_languages);

    // An allocation to a service the user has no row of inside the limit: the rows that
    // may take it are listed.
    let err = builder()
        .allocate(
            user(A),
            office(DAY),
            "151111".parse().unwrap(),
            OverLimit::category(877),
        )
        .allocate(
            user(A),
            office(HELP),
            "119999".parse().unwrap(),
            OverLimit::category(0),
        )
        .build()
        .unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(
        (p.kind, p.location.item.map(|i| i.no)),
        (ProblemKind::Inconsistent, Some(9))
    );
    let expected = p.expected.as_deref().unwrap();
    assert!(
        expected.split('|').any(|r| r == "1310000004 151111"),
        "{expected}"
    );
    own_languages(p);

    // A 第6表 line whose service code is a subtotal form.
    let mut subtotal = plan();
    subtotal[0].service_code = "11AAAA".parse().unwrap();
    let err = builder().table6(subtotal).build().unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.kind, ProblemKind::InvalidFormat);
    assert_eq!(p.expected.as_deref(), Some("XXNNNN"));
    assert!(p
        .message_en()
        .ends_with("11AAAA is not a service code of a service kind and 4 digits"));
    own_languages(p);

    // No 補足 for B, no price, a 給付率 over 100.
    let err = Table7Builder::new()
        .table6(plan())
        .hosoku([hosoku(A, "16765", None)])
        .unit_price(Party::new(office(HELP), kind("11")), price("11.40"))
        .benefit_rate(user(A), 101)
        .build()
        .unwrap_err();
    let by_kind = |k: ProblemKind| {
        err.problems()
            .iter()
            .find(|p| p.kind == k)
            .unwrap_or_else(|| panic!("{k:?}"))
    };
    assert_eq!(
        by_kind(ProblemKind::InvalidFormat).expected.as_deref(),
        Some("0-100")
    );
    assert_eq!(
        by_kind(ProblemKind::MissingDependent).expected.as_deref(),
        Some("利用者補足情報")
    );
    // The user-month is the key found, said once.
    assert_eq!(
        by_kind(ProblemKind::MissingDependent).message_ja(),
        "第6表: 131001/0000067890/202504 と一緒に送るべき 利用者補足情報 がありません"
    );
    let missing_price = by_kind(ProblemKind::MissingRequired);
    assert_eq!(missing_price.expected, None);
    assert!(missing_price
        .message_en()
        .ends_with("this required item is empty (for 131001/0000012345/202504 1310000004 15)"));
    err.problems().iter().for_each(own_languages);
}

#[test]
fn a_price_for_an_office_without_a_kind_serves_its_kinds_without_their_own() {
    // HELP gives 訪問介護 (11) and 訪問看護 (13) to B; the office's price (a party without a
    // kind) serves 11, the 13 has its own.
    let mut plan = Vec::new();
    for d in [3, 10, 17, 24] {
        plan.push(line(B, HELP, "111111", 250, d));
        plan.push(line(B, HELP, "131111", 471, d));
    }
    let built = Table7Builder::new()
        .table6(plan)
        .hosoku([hosoku(B, "19705", None)])
        .unit_price(Party::legacy(office(HELP)), price("10.00"))
        .unit_price(Party::new(office(HELP), kind("13")), price("11.40"))
        .build()
        .unwrap();
    let cost = |code: &str| {
        let row = built
            .table7
            .iter()
            .find(|r| r.service_code.to_string() == code);
        row.and_then(|r| r.total_cost)
    };
    // 4 × 250 × 10.00; 4 × 471 × 11.40 = 21477.6, 1円未満切り捨て.
    assert_eq!(cost("111111"), Some(10000));
    assert_eq!(cost("131111"), Some(21477));
    assert_eq!(cost("999999"), Some(31477));
}
