//! Transmission units from file names: every composition of the spec (4.1 and legacy
//! names), each problem with its exact messages, grouping and order, and the sequence
//! allocator.

use std::collections::BTreeSet;

use careplan_bundle::{
    group, MemberStatus, Presence, SequenceAllocator, Unit, UnitBuilder, UnitKind,
};
use careplan_csv::{FileName, NameStyle, Sequence};
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Location, Mode, Problem, ProblemKind, Severity, Side};

// ---------------------------------------------------------------------------------------
// Fixtures

/// The parties of the spec's examples: care office 0300000100 (43) → provider 0300000005 (11).
const V41: &str = "0300000100_43_0300000005_11";
const LEGACY: &str = "0300000100_0300000005";
const SEQ: &str = "20241125100000";

/// `PREFIX[_MONTH]_<parties>_<sequence>.CSV` (or `.JPG` with a branch for images).
fn name(head: &str, parties: &str, seq: &str) -> String {
    match head.strip_prefix("UPKIHON_IMAGE_") {
        Some(branch) => format!("UPKIHON_IMAGE_{parties}_{seq}_{branch}.JPG"),
        None => format!("{head}_{parties}_{seq}.CSV"),
    }
}

fn v41(head: &str) -> String {
    name(head, V41, SEQ)
}

fn legacy(head: &str) -> String {
    name(head, LEGACY, SEQ)
}

/// Parses names (leniently, for the 4.0 form) and groups them with their index as handle.
fn units_of<S: AsRef<str>>(names: &[S]) -> Vec<Unit<usize>> {
    let files = names.iter().enumerate().map(|(i, n)| {
        let (parsed, _) = FileName::parse_with(n.as_ref(), Mode::Lenient)
            .unwrap_or_else(|e| panic!("{}: {e}", n.as_ref()));
        (parsed, i)
    });
    group(files)
}

/// The one unit the names make.
fn unit_of<S: AsRef<str>>(names: &[S]) -> Unit<usize> {
    let mut units = units_of(names);
    assert_eq!(units.len(), 1, "expected one unit");
    units.remove(0)
}

fn kinds_of(problems: &[Problem]) -> Vec<ProblemKind> {
    problems.iter().map(|p| p.kind).collect()
}

fn statuses(unit: &Unit<usize>) -> Vec<MemberStatus> {
    unit.members().iter().map(|m| m.status()).collect()
}

fn month(y: u16, m: u8) -> YearMonth {
    YearMonth::new(y, m).unwrap_or_else(|| panic!("{y} {m}"))
}

fn related_file(p: &Problem) -> Option<&str> {
    p.related.as_deref().and_then(|l| l.file.as_deref())
}

// ---------------------------------------------------------------------------------------
// Every composition is a sound unit

/// Each unit of the spec as name heads, with the kind it must be classified as.
fn compositions() -> Vec<(UnitKind, Vec<&'static str>)> {
    vec![
        (
            UnitKind::PlanDocuments,
            vec!["UP1KYO", "UP2KYO", "UP3KYO", "UPHOSOKU_000000"],
        ),
        (
            UnitKind::ServiceTicket,
            vec!["UPPLAN_202501", "UPSIKYU_202501", "UPHOSOKU_202501"],
        ),
        (UnitKind::Plan1Delete, vec!["DLT1KYO"]),
        (UnitKind::UsagePlanDelete, vec!["DLTPLAN_202501"]),
        (UnitKind::Kihon, vec!["UPKIHON"]),
        (
            UnitKind::Kihon,
            vec![
                "UPKIHON",
                "UPKIHON_SUB1",
                "UPKIHON_SUB2",
                "UPKIHON_IMAGE_0001",
                "UPKIHON_IMAGE_0002",
            ],
        ),
        (UnitKind::KihonAndYoboPlan, vec!["UPYOBO", "UPKIHON"]),
        (
            UnitKind::KihonAndYoboPlan,
            vec![
                "UPKIHON_IMAGE_0001",
                "UPYOBO_SUB",
                "UPKIHON_SUB2",
                "UPYOBO",
                "UPKIHON_SUB1",
                "UPKIHON",
            ],
        ),
        (UnitKind::YoboPlan, vec!["UPYOBO"]),
        (UnitKind::YoboPlan, vec!["UPYOBO", "UPYOBO_SUB"]),
        (UnitKind::KihonDelete, vec!["DLTKIHON"]),
        (UnitKind::YoboPlanDelete, vec!["DLTYOBO"]),
    ]
}

#[test]
fn every_care_office_composition_is_sound_in_both_name_forms() {
    for (kind, heads) in compositions() {
        for (style, make) in [
            (NameStyle::V41, v41 as fn(&str) -> String),
            (NameStyle::Legacy, legacy),
        ] {
            let names: Vec<String> = heads.iter().map(|h| make(h)).collect();
            let unit = unit_of(&names);
            assert_eq!(unit.kind(), Some(kind), "{names:?}");
            assert_eq!(unit.problems(), &[] as &[Problem], "{names:?}");
            assert_eq!(unit.side(), Side::CareOffice);
            assert_eq!(unit.is_legacy(), style == NameStyle::Legacy);
            assert_eq!(unit.members().len(), names.len());
            assert!(unit.members().iter().all(|m| m.belongs()));
            let want_month = kind.carries_month().then(|| month(2025, 1));
            assert_eq!(unit.month(), want_month, "{names:?}");
            assert_eq!(unit.sequence().as_str(), SEQ);
            assert_eq!(unit.sender().office().to_string(), "0300000100");
            assert_eq!(unit.receiver().office().to_string(), "0300000005");
        }
    }
}

#[test]
fn provider_units_are_sound_in_both_name_forms() {
    for (kind, head) in [
        (UnitKind::UsageResult, "UPJSK_202501"),
        (UnitKind::UsageResultDelete, "DLTJSK_202501"),
    ] {
        for parties in ["0300000005_11_0300000100_43", "0300000005_0300000100"] {
            let unit = unit_of(&[name(head, parties, "20250201090000")]);
            assert_eq!(unit.kind(), Some(kind));
            assert_eq!(unit.side(), Side::Provider);
            assert!(unit.problems().is_empty(), "{:?}", unit.problems());
            assert_eq!(unit.month(), Some(month(2025, 1)));
            assert_eq!(unit.sender().office().to_string(), "0300000005");
        }
    }
}

#[test]
fn the_standards_upjsk_example_with_swapped_kind_codes_is_a_sound_result_unit() {
    // Sender kind 43 on a file the provider sends: direction comes from the kind, not codes.
    let unit = unit_of(&["UPJSK_201912_0300000005_43_0300000100_11_20191025200201.CSV"]);
    assert_eq!(unit.kind(), Some(UnitKind::UsageResult));
    assert_eq!(unit.side(), Side::Provider);
    assert!(unit.problems().is_empty());
}

#[test]
fn the_seed_manuals_legacy_set_uploaded_one_by_one_is_one_unit() {
    // A provider uploads the three files of a ZIP one at a time, in any order.
    let names = [
        legacy("UPHOSOKU_202412"),
        legacy("UPSIKYU_202412"),
        legacy("UPPLAN_202412"),
    ];
    let mut builder = UnitBuilder::new();
    for (i, n) in names.iter().enumerate() {
        let path = format!("C:\\Users\\care\\Downloads\\{}", n.to_lowercase());
        let parsed = FileName::parse(&path).unwrap_or_else(|e| panic!("{e}"));
        builder.add_as(path, parsed, i);
    }
    let units = builder.build();
    assert_eq!(units.len(), 1);
    let unit = &units[0];
    assert_eq!(unit.kind(), Some(UnitKind::ServiceTicket));
    assert!(unit.is_legacy());
    assert!(unit.problems().is_empty());
    assert_eq!(
        unit.member(FileKind::UsagePlan).map(|m| *m.handle()),
        Some(2)
    );
    assert_eq!(
        unit.members()[0].file(),
        "C:\\Users\\care\\Downloads\\uphosoku_202412_0300000100_0300000005_20241125100000.csv"
    );
}

#[test]
fn yobo_units_with_the_hokatsu_codes_are_sound() {
    // 地域包括支援センター (46) → 総合事業 provider (A2): the 予防 利用票 set uses UPPLAN/UPSIKYU.
    let parties = "0300000100_46_0300000005_A2";
    let ticket = unit_of(&[
        name("UPPLAN_202504", parties, SEQ),
        name("UPSIKYU_202504", parties, SEQ),
        name("UPHOSOKU_202504", parties, SEQ),
    ]);
    assert_eq!(ticket.kind(), Some(UnitKind::ServiceTicket));
    assert!(ticket.problems().is_empty());
    assert_eq!(ticket.receiver().to_string(), "0300000005_A2");
}

#[test]
fn plan3_is_required_unless_every_name_is_legacy() {
    let legacy_set = unit_of(&[
        legacy("UP1KYO"),
        legacy("UP2KYO"),
        legacy("UPHOSOKU_000000"),
    ]);
    assert_eq!(legacy_set.kind(), Some(UnitKind::PlanDocuments));
    assert!(legacy_set.problems().is_empty());

    let v41_set = unit_of(&[v41("UP1KYO"), v41("UP2KYO"), v41("UPHOSOKU_000000")]);
    assert_eq!(kinds_of(v41_set.problems()), [ProblemKind::MissingMember]);
    assert_eq!(
        v41_set.problems()[0].message_ja(),
        "送信単位に 居宅サービス計画3表 (UP3KYO) がありません"
    );

    // One 4.1 name in the set makes it a 4.x unit.
    let mixed = unit_of(&[legacy("UP1KYO"), v41("UP2KYO"), legacy("UPHOSOKU_000000")]);
    assert!(!mixed.is_legacy());
    assert_eq!(kinds_of(mixed.problems()), [ProblemKind::MissingMember]);

    // 4.0 names (3-digit segments) are 4.x names too.
    let v40 = unit_of(&[
        name("UP1KYO", "0300000100_430_0300000005_110", SEQ),
        name("UP2KYO", "0300000100_430_0300000005_110", SEQ),
        name("UPHOSOKU_000000", "0300000100_430_0300000005_110", SEQ),
    ]);
    assert!(!v40.is_legacy());
    assert_eq!(kinds_of(v40.problems()), [ProblemKind::MissingMember]);
}

#[test]
fn legacy_and_v41_names_of_one_unit_agree_on_parties() {
    let unit = unit_of(&[
        v41("UPPLAN_202501"),
        legacy("UPSIKYU_202501"),
        v41("UPHOSOKU_202501"),
    ]);
    assert!(unit.problems().is_empty());
    assert_eq!(unit.sender().to_string(), "0300000100_43");
}

// ---------------------------------------------------------------------------------------
// Problems, with their exact messages

#[test]
fn missing_members_are_named_with_the_month_they_must_carry() {
    let plan = v41("UPPLAN_202501");
    let unit = unit_of(std::slice::from_ref(&plan));
    assert_eq!(unit.kind(), Some(UnitKind::ServiceTicket));
    let p = unit.problems();
    assert_eq!(
        kinds_of(p),
        [ProblemKind::MissingMember, ProblemKind::MissingMember]
    );
    assert_eq!(
        p[0].message_ja(),
        "送信単位に 第7表（サービス利用票別表） (UPSIKYU_202501) がありません"
    );
    assert_eq!(
        p[0].message_en(),
        "the transmission unit lacks 第7表（サービス利用票別表） (UPSIKYU_202501)"
    );
    assert_eq!(
        p[1].message_ja(),
        "送信単位に 利用者補足情報 (UPHOSOKU_202501) がありません"
    );
    for problem in p {
        assert_eq!(problem.severity, Severity::Error);
        assert_eq!(problem.location.file.as_deref(), Some(plan.as_str()));
        assert_eq!(problem.related, None);
    }
    assert_eq!(
        p[0].to_string(),
        format!("{plan}: the transmission unit lacks 第7表（サービス利用票別表） (UPSIKYU_202501)")
    );
}

#[test]
fn a_plan_set_lacking_its_parent_names_the_first_file_present() {
    let hosoku = v41("UPHOSOKU_000000");
    let unit = unit_of(&[v41("UP3KYO"), hosoku.clone(), v41("UP2KYO")]);
    assert_eq!(unit.kind(), Some(UnitKind::PlanDocuments));
    let p = unit.problems();
    assert_eq!(kinds_of(p), [ProblemKind::MissingMember]);
    assert_eq!(
        p[0].message_ja(),
        "送信単位に 居宅サービス計画1表 (UP1KYO) がありません"
    );
    assert_eq!(
        p[0].message_en(),
        "the transmission unit lacks 居宅サービス計画1表 (UP1KYO)"
    );
    // The parent in slot order that is present: 第2表.
    assert_eq!(p[0].location.file, Some(v41("UP2KYO")));

    let lone = unit_of(&[hosoku]);
    assert_eq!(lone.kind(), Some(UnitKind::PlanDocuments));
    let messages: Vec<String> = lone.problems().iter().map(|p| p.message_ja()).collect();
    assert_eq!(
        messages,
        [
            "送信単位に 居宅サービス計画1表 (UP1KYO) がありません",
            "送信単位に 居宅サービス計画2表 (UP2KYO) がありません",
            "送信単位に 居宅サービス計画3表 (UP3KYO) がありません",
        ]
    );

    let no_hosoku = unit_of(&[v41("UP1KYO"), v41("UP2KYO"), v41("UP3KYO")]);
    assert_eq!(
        no_hosoku.problems()[0].message_ja(),
        "送信単位に 利用者補足情報 (UPHOSOKU_000000) がありません"
    );
}

#[test]
fn a_yobo_plan_with_kihon_companions_lacks_the_kihon() {
    let unit = unit_of(&[v41("UPYOBO"), v41("UPKIHON_SUB1")]);
    assert_eq!(unit.kind(), Some(UnitKind::KihonAndYoboPlan));
    assert_eq!(
        unit.problems()
            .iter()
            .map(|p| p.message_ja())
            .collect::<Vec<_>>(),
        ["送信単位に 利用者基本情報 (UPKIHON) がありません"]
    );
    assert_eq!(unit.problems()[0].location.file, Some(v41("UPYOBO")));

    let sub_only = unit_of(&[v41("UPYOBO_SUB")]);
    assert_eq!(sub_only.kind(), Some(UnitKind::YoboPlan));
    assert_eq!(
        sub_only.problems()[0].message_en(),
        "the transmission unit lacks 介護予防サービス・支援計画書 (UPYOBO)"
    );
}

#[test]
fn a_file_of_another_unit_kind_is_stray() {
    let plan = v41("UPPLAN_202501");
    let unit = unit_of(&[
        v41("UP1KYO"),
        v41("UP2KYO"),
        plan.clone(),
        v41("UP3KYO"),
        v41("UPHOSOKU_000000"),
    ]);
    assert_eq!(unit.kind(), Some(UnitKind::PlanDocuments));
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::StrayMember]);
    let p = &unit.problems()[0];
    assert_eq!(
        p.message_ja(),
        "第6表（サービス利用票）予定 (UPPLAN) はこの送信単位に含められません（第1表・第2表・第3表・利用者補足情報）"
    );
    assert_eq!(
        p.message_en(),
        "第6表（サービス利用票）予定 (UPPLAN) does not belong in this transmission unit (第1表・第2表・第3表・利用者補足情報)"
    );
    assert_eq!(p.location.file.as_deref(), Some(plan.as_str()));
    assert_eq!(
        statuses(&unit),
        [
            MemberStatus::Belongs,
            MemberStatus::Belongs,
            MemberStatus::Stray,
            MemberStatus::Belongs,
            MemberStatus::Belongs
        ]
    );
    // A stray file's month is not the unit's.
    assert_eq!(unit.month(), None);
}

#[test]
fn two_deletes_of_different_kinds_make_one_delete_and_a_stray() {
    let kihon_delete = v41("DLTKIHON");
    let yobo_delete = v41("DLTYOBO");
    let unit = unit_of(&[yobo_delete.clone(), kihon_delete.clone()]);
    // Equally good fits: the first kind of UnitKind::ALL wins.
    assert_eq!(unit.kind(), Some(UnitKind::KihonDelete));
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::StrayMember]);
    assert_eq!(
        unit.problems()[0].message_ja(),
        "介護予防サービス・支援計画書_削除 (DLTYOBO) はこの送信単位に含められません（利用者基本情報削除）"
    );
    assert_eq!(unit.problems()[0].location.file, Some(yobo_delete));
}

#[test]
fn a_mix_is_classified_by_the_kind_that_explains_most_files() {
    // One plan file with a full service ticket: the ticket wins, 第1表 is stray.
    let unit = unit_of(&[
        v41("UP1KYO"),
        v41("UPPLAN_202501"),
        v41("UPSIKYU_202501"),
        v41("UPHOSOKU_202501"),
    ]);
    assert_eq!(unit.kind(), Some(UnitKind::ServiceTicket));
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::StrayMember]);
    assert_eq!(
        unit.problems()[0].message_ja(),
        "居宅サービス計画1表 (UP1KYO) はこの送信単位に含められません（第6表・第7表・利用者補足情報）"
    );

    // A tie on files: the kind lacking fewer required files wins (DLT1KYO needs nothing more).
    let tie = unit_of(&[v41("UPPLAN_202501"), v41("DLT1KYO")]);
    assert_eq!(tie.kind(), Some(UnitKind::Plan1Delete));
    assert_eq!(
        tie.problems()[0].message_ja(),
        "第6表（サービス利用票）予定 (UPPLAN) はこの送信単位に含められません（第1表削除）"
    );
}

#[test]
fn two_files_of_one_kind_are_duplicates() {
    // The same 第7表 found twice, e.g. in the ZIP and in the folder it was unpacked to.
    let summary = v41("UPSIKYU_202501");
    let first = format!("export.zip/{summary}");
    let second = format!("export/{}", summary.to_lowercase());
    let mut builder = UnitBuilder::new();
    for (i, (file, n)) in [
        (v41("UPPLAN_202501"), v41("UPPLAN_202501")),
        (first.clone(), summary.clone()),
        (v41("UPHOSOKU_202501"), v41("UPHOSOKU_202501")),
        (second.clone(), summary.clone()),
    ]
    .into_iter()
    .enumerate()
    {
        builder.add_as(
            file,
            FileName::parse(&n).unwrap_or_else(|e| panic!("{e}")),
            i,
        );
    }
    let units = builder.build();
    let unit = &units[0];
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::DuplicateMember]);
    let p = &unit.problems()[0];
    assert_eq!(
        p.message_ja(),
        "送信単位に 第7表（サービス利用票別表） (UPSIKYU) が2つあります"
    );
    assert_eq!(
        p.message_en(),
        "第7表（サービス利用票別表） (UPSIKYU) appears twice in one transmission unit"
    );
    assert_eq!(p.location.file.as_deref(), Some(second.as_str()));
    assert_eq!(related_file(p), Some(first.as_str()));
    assert_eq!(
        p.to_string(),
        format!("{second}: 第7表（サービス利用票別表） (UPSIKYU) appears twice in one transmission unit")
    );
    assert_eq!(statuses(unit)[3], MemberStatus::Duplicate);
    assert_eq!(
        unit.member(FileKind::UsageSummary).map(|m| *m.handle()),
        Some(1)
    );
}

#[test]
fn the_duplicate_carrying_the_units_month_belongs() {
    let plan = v41("UPPLAN_202501");
    let other_month = v41("UPPLAN_202412");
    let unit = unit_of(&[
        other_month.clone(),
        v41("UPSIKYU_202501"),
        v41("UPHOSOKU_202501"),
        plan.clone(),
    ]);
    assert_eq!(unit.month(), Some(month(2025, 1)));
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::DuplicateMember]);
    let p = &unit.problems()[0];
    assert_eq!(p.location.file.as_deref(), Some(other_month.as_str()));
    assert_eq!(related_file(p), Some(plan.as_str()));
    assert_eq!(
        p.message_ja(),
        "送信単位に 第6表（サービス利用票）予定 (UPPLAN) が2つあります"
    );
    assert_eq!(
        unit.member(FileKind::UsagePlan).map(|m| *m.handle()),
        Some(3)
    );
}

#[test]
fn images_repeat_but_not_with_one_branch_number() {
    let image1 = v41("UPKIHON_IMAGE_0001");
    let unit = unit_of(&[
        v41("UPKIHON"),
        image1.clone(),
        v41("UPKIHON_IMAGE_0002"),
        v41("UPKIHON_IMAGE_0001").to_lowercase(),
    ]);
    assert_eq!(unit.kind(), Some(UnitKind::Kihon));
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::DuplicateMember]);
    let p = &unit.problems()[0];
    assert_eq!(
        p.message_ja(),
        "送信単位に 家族構成 画像 (UPKIHON_IMAGE) 枝番 0001 が2つあります"
    );
    assert_eq!(related_file(p), Some(image1.as_str()));
    assert_eq!(
        statuses(&unit),
        [
            MemberStatus::Belongs,
            MemberStatus::Belongs,
            MemberStatus::Belongs,
            MemberStatus::Duplicate
        ]
    );
}

#[test]
fn a_hosoku_without_month_in_a_service_ticket_mixes_months() {
    let plan = v41("UPPLAN_202501");
    let hosoku = v41("UPHOSOKU_000000");
    let unit = unit_of(&[plan.clone(), v41("UPSIKYU_202501"), hosoku.clone()]);
    assert_eq!(unit.kind(), Some(UnitKind::ServiceTicket));
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::MixedMonths]);
    let p = &unit.problems()[0];
    assert_eq!(
        p.message_ja(),
        "送信単位に異なる対象年月 202501, 000000 が混在しています"
    );
    assert_eq!(
        p.message_en(),
        "months 202501, 000000 are mixed in one transmission unit"
    );
    assert_eq!(p.location.file.as_deref(), Some(hosoku.as_str()));
    assert_eq!(related_file(p), Some(plan.as_str()));
    // The 補足 still belongs: the set is complete, its month is wrong.
    assert!(unit.members().iter().all(|m| m.belongs()));
}

#[test]
fn a_hosoku_with_a_month_in_a_plan_set_mixes_months() {
    let hosoku = v41("UPHOSOKU_202501");
    let unit = unit_of(&[v41("UP1KYO"), v41("UP2KYO"), v41("UP3KYO"), hosoku.clone()]);
    assert_eq!(unit.kind(), Some(UnitKind::PlanDocuments));
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::MixedMonths]);
    let p = &unit.problems()[0];
    assert_eq!(
        p.message_ja(),
        "送信単位に異なる対象年月 000000, 202501 が混在しています"
    );
    assert_eq!(p.location.file, Some(hosoku));
    // The month comes from the 補足 itself: nothing else to relate to.
    assert_eq!(p.related, None);
}

#[test]
fn the_month_most_files_carry_is_the_units() {
    let summary = v41("UPSIKYU_202412");
    let unit = unit_of(&[
        v41("UPPLAN_202501"),
        summary.clone(),
        v41("UPHOSOKU_202501"),
    ]);
    assert_eq!(unit.month(), Some(month(2025, 1)));
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::MixedMonths]);
    assert_eq!(
        unit.problems()[0].message_en(),
        "months 202501, 202412 are mixed in one transmission unit"
    );
    assert_eq!(unit.problems()[0].location.file, Some(summary));

    // Two against one, even against the 第6表.
    let plan = v41("UPPLAN_202502");
    let unit = unit_of(&[plan.clone(), v41("UPSIKYU_202501"), v41("UPHOSOKU_202501")]);
    assert_eq!(unit.month(), Some(month(2025, 1)));
    assert_eq!(
        unit.problems()[0].message_ja(),
        "送信単位に異なる対象年月 202501, 202502 が混在しています"
    );
    assert_eq!(unit.problems()[0].location.file, Some(plan.clone()));
    assert_eq!(
        related_file(&unit.problems()[0]),
        Some(v41("UPSIKYU_202501").as_str())
    );

    // On a tie the 第6表's month is the unit's.
    let unit = unit_of(&[v41("UPSIKYU_202501"), plan.clone()]);
    assert_eq!(unit.month(), Some(month(2025, 2)));
    assert_eq!(
        kinds_of(unit.problems()),
        [ProblemKind::MixedMonths, ProblemKind::MissingMember]
    );
    assert_eq!(
        unit.problems()[1].message_ja(),
        "送信単位に 利用者補足情報 (UPHOSOKU_202502) がありません"
    );
}

#[test]
fn other_service_kind_codes_in_one_unit_mix_parties() {
    let odd = name("UPHOSOKU_202501", "0300000100_43_0300000005_15", SEQ);
    let unit = unit_of(&[v41("UPPLAN_202501"), v41("UPSIKYU_202501"), odd.clone()]);
    assert_eq!(
        kinds_of(unit.problems()),
        [ProblemKind::MixedParties, ProblemKind::MissingMember]
    );
    let p = &unit.problems()[0];
    assert_eq!(
        p.message_ja(),
        "送信単位に異なる送信元・送信先 0300000100_43 → 0300000005_11, 0300000100_43 → 0300000005_15 が混在しています"
    );
    assert_eq!(
        p.message_en(),
        "parties 0300000100_43 → 0300000005_11, 0300000100_43 → 0300000005_15 are mixed in one transmission unit"
    );
    assert_eq!(p.location.file, Some(odd));
    assert_eq!(related_file(p), Some(v41("UPPLAN_202501").as_str()));
    // Set apart, the 補足 leaves the unit without one.
    assert_eq!(
        unit.problems()[1].message_ja(),
        "送信単位に 利用者補足情報 (UPHOSOKU_202501) がありません"
    );
    assert_eq!(statuses(&unit)[2], MemberStatus::OtherParties);
    assert_eq!(unit.receiver().to_string(), "0300000005_11");
}

#[test]
fn two_sets_for_two_service_kinds_of_one_office_collide_as_mixed_parties() {
    // The same second, the same provider office, two of its service kinds: one unit for the
    // receiver, so each file of the second set is reported, and none as a duplicate.
    let to_15 = "0300000100_43_0300000005_15";
    let unit = unit_of(&[
        v41("UPPLAN_202501"),
        v41("UPSIKYU_202501"),
        v41("UPHOSOKU_202501"),
        name("UPPLAN_202501", to_15, SEQ),
        name("UPSIKYU_202501", to_15, SEQ),
        name("UPHOSOKU_202501", to_15, SEQ),
    ]);
    assert_eq!(unit.kind(), Some(UnitKind::ServiceTicket));
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::MixedParties; 3]);
    assert_eq!(unit.receiver().to_string(), "0300000005_11");
    assert_eq!(
        unit.belonging().map(|m| *m.handle()).collect::<Vec<_>>(),
        [0, 1, 2]
    );
}

#[test]
fn the_parties_most_names_carry_are_the_units() {
    let odd = name("UPPLAN_202501", "0300000100_46_0300000005_11", SEQ);
    let unit = unit_of(&[odd.clone(), v41("UPSIKYU_202501"), v41("UPHOSOKU_202501")]);
    assert_eq!(unit.sender().to_string(), "0300000100_43");
    assert_eq!(
        unit.problems()[0].message_ja(),
        "送信単位に異なる送信元・送信先 0300000100_43 → 0300000005_11, 0300000100_46 → 0300000005_11 が混在しています"
    );
    assert_eq!(unit.problems()[0].location.file, Some(odd));
}

#[test]
fn a_kind_sent_by_the_other_side_mixes_parties() {
    // The care office's set, and a UPJSK that claims the same office as its sender.
    let result = v41("UPJSK_202501");
    let unit = unit_of(&[
        v41("UPPLAN_202501"),
        result.clone(),
        v41("UPSIKYU_202501"),
        v41("UPHOSOKU_202501"),
    ]);
    assert_eq!(unit.kind(), Some(UnitKind::ServiceTicket));
    assert_eq!(unit.side(), Side::CareOffice);
    assert_eq!(kinds_of(unit.problems()), [ProblemKind::MixedParties]);
    let p = &unit.problems()[0];
    assert_eq!(
        p.message_ja(),
        "送信単位に異なる送信元・送信先 UPPLAN (居宅 → 事業所), UPJSK (事業所 → 居宅) が混在しています"
    );
    assert_eq!(
        p.message_en(),
        "parties UPPLAN (居宅 → 事業所), UPJSK (事業所 → 居宅) are mixed in one transmission unit"
    );
    assert_eq!(p.location.file, Some(result));
    assert_eq!(related_file(p), Some(v41("UPPLAN_202501").as_str()));
    assert_eq!(statuses(&unit)[1], MemberStatus::OtherParties);

    // On a tie the care office's side wins: it sends 16 of the 18 kinds.
    let tie = unit_of(&[legacy("UPJSK_202501"), legacy("UPPLAN_202501")]);
    assert_eq!(tie.side(), Side::CareOffice);
    assert_eq!(tie.kind(), Some(UnitKind::ServiceTicket));
    assert_eq!(
        statuses(&tie),
        [MemberStatus::OtherParties, MemberStatus::Belongs]
    );
    assert_eq!(
        tie.problems()[0].message_ja(),
        "送信単位に異なる送信元・送信先 UPPLAN (居宅 → 事業所), UPJSK (事業所 → 居宅) が混在しています"
    );

    // The provider's side wins when most files are the provider's.
    let care = legacy("UPHOSOKU_202501");
    let unit = unit_of(&[
        legacy("UPJSK_202501"),
        care.clone(),
        legacy("DLTJSK_202501"),
    ]);
    assert_eq!(unit.side(), Side::Provider);
    assert_eq!(unit.kind(), Some(UnitKind::UsageResult));
    assert_eq!(
        kinds_of(unit.problems()),
        [ProblemKind::MixedParties, ProblemKind::StrayMember]
    );
    assert_eq!(
        unit.problems()[0].message_ja(),
        "送信単位に異なる送信元・送信先 UPJSK (事業所 → 居宅), UPHOSOKU (居宅 → 事業所) が混在しています"
    );
    assert_eq!(unit.problems()[0].location.file, Some(care));
    assert_eq!(
        unit.problems()[1].message_ja(),
        "第6表 実績情報削除 (DLTJSK) はこの送信単位に含められません（第6表実績）"
    );
}

#[test]
fn problems_name_files_as_given() {
    let given = "outbox/202501/upplan_202501_0300000100_43_0300000005_11_20241125100000.csv";
    let mut builder = UnitBuilder::new();
    builder.add_as(
        given,
        FileName::parse(given).unwrap_or_else(|e| panic!("{e}")),
        (),
    );
    let units = builder.build();
    assert_eq!(units[0].problems().len(), 2);
    for p in units[0].problems() {
        assert_eq!(p.location.file.as_deref(), Some(given));
    }
    let want = Location::in_file(given);
    assert_eq!(units[0].problems()[0].location, want);
}

// ---------------------------------------------------------------------------------------
// Grouping and order

/// Sequence, sender office, receiver office, kind and member handles of a unit.
type UnitSummary = (String, String, String, Option<UnitKind>, Vec<usize>);

#[test]
fn several_units_in_one_list_are_grouped_and_sorted() {
    let later = "20241126090000";
    let names = [
        // A later plan set to the same provider.
        name("UP1KYO", V41, later),
        // The result the provider sends back (its own sender office).
        name("UPJSK_202501", "0300000005_11_0300000100_43", SEQ),
        v41("UPPLAN_202501"),
        // The same second, another provider: another unit.
        name("UPPLAN_202501", "0300000100_43_0300000004_11", SEQ),
        name("UP2KYO", V41, later),
        v41("UPSIKYU_202501"),
        name("UPSIKYU_202501", "0300000100_43_0300000004_11", SEQ),
        v41("UPHOSOKU_202501"),
        name("UPHOSOKU_202501", "0300000100_43_0300000004_11", SEQ),
        name("UP3KYO", V41, later),
        name("UPHOSOKU_000000", V41, later),
    ];
    let units = units_of(&names);
    let summary: Vec<UnitSummary> = units
        .iter()
        .map(|u| {
            (
                u.sequence().to_string(),
                u.sender().office().to_string(),
                u.receiver().office().to_string(),
                u.kind(),
                u.members().iter().map(|m| *m.handle()).collect(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, k: UnitKind, m: &[usize]| {
        (
            a.to_string(),
            b.to_string(),
            c.to_string(),
            Some(k),
            m.to_vec(),
        )
    };
    assert_eq!(
        summary,
        [
            s(SEQ, "0300000005", "0300000100", UnitKind::UsageResult, &[1]),
            s(
                SEQ,
                "0300000100",
                "0300000004",
                UnitKind::ServiceTicket,
                &[3, 6, 8]
            ),
            s(
                SEQ,
                "0300000100",
                "0300000005",
                UnitKind::ServiceTicket,
                &[2, 5, 7]
            ),
            s(
                later,
                "0300000100",
                "0300000005",
                UnitKind::PlanDocuments,
                &[0, 4, 9, 10]
            ),
        ]
    );
    assert!(units.iter().all(|u| u.problems().is_empty()));
}

#[test]
fn the_order_does_not_depend_on_the_input_order() {
    let names = [
        name("DLTPLAN_202501", V41, "20250102000000"),
        name("DLT1KYO", V41, "20241231235959"),
        name(
            "UPJSK_202501",
            "0300000005_11_0300000100_43",
            "20250101000000",
        ),
    ];
    let forward: Vec<String> = units_of(&names)
        .iter()
        .map(|u| u.sequence().to_string())
        .collect();
    let mut reversed = names.to_vec();
    reversed.reverse();
    let backward: Vec<String> = units_of(&reversed)
        .iter()
        .map(|u| u.sequence().to_string())
        .collect();
    assert_eq!(
        forward,
        ["20241231235959", "20250101000000", "20250102000000"]
    );
    assert_eq!(forward, backward);
}

#[test]
fn builder_collects_from_iterators_and_keeps_handles() {
    let names = [v41("UP1KYO"), v41("UP2KYO")];
    let mut builder: UnitBuilder<&str> = names
        .iter()
        .map(|n| {
            (
                FileName::parse(n).unwrap_or_else(|e| panic!("{e}")),
                n.as_str(),
            )
        })
        .collect();
    builder.extend([(
        FileName::parse(&v41("UPHOSOKU_000000")).unwrap_or_else(|e| panic!("{e}")),
        "hosoku",
    )]);
    assert_eq!(builder.len(), 3);
    assert!(!builder.is_empty());
    let units = builder.build();
    let handles: Vec<&str> = units[0]
        .clone()
        .into_members()
        .into_iter()
        .map(|m| m.into_handle())
        .collect();
    assert_eq!(handles, [names[0].as_str(), names[1].as_str(), "hosoku"]);
    assert!(UnitBuilder::<()>::new().build().is_empty());
    assert!(group(Vec::<(FileName, ())>::new()).is_empty());
}

// ---------------------------------------------------------------------------------------
// Composition table

#[test]
fn the_composition_table_matches_the_spec() {
    let table: Vec<(UnitKind, Vec<(&str, Presence)>)> = UnitKind::ALL
        .iter()
        .map(|k| {
            (
                *k,
                k.slots()
                    .iter()
                    .map(|s| (s.kind.prefix(), s.presence))
                    .collect(),
            )
        })
        .collect();
    use Presence::*;
    assert_eq!(
        table,
        [
            (
                UnitKind::PlanDocuments,
                vec![
                    ("UP1KYO", Required),
                    ("UP2KYO", Required),
                    ("UP3KYO", RequiredUnlessLegacy),
                    ("UPHOSOKU", Required)
                ]
            ),
            (
                UnitKind::ServiceTicket,
                vec![
                    ("UPPLAN", Required),
                    ("UPSIKYU", Required),
                    ("UPHOSOKU", Required)
                ]
            ),
            (UnitKind::Plan1Delete, vec![("DLT1KYO", Required)]),
            (UnitKind::UsagePlanDelete, vec![("DLTPLAN", Required)]),
            (UnitKind::UsageResult, vec![("UPJSK", Required)]),
            (UnitKind::UsageResultDelete, vec![("DLTJSK", Required)]),
            (
                UnitKind::Kihon,
                vec![
                    ("UPKIHON", Required),
                    ("UPKIHON_SUB1", Optional),
                    ("UPKIHON_SUB2", Optional),
                    ("UPKIHON_IMAGE", Repeated)
                ]
            ),
            (
                UnitKind::YoboPlan,
                vec![("UPYOBO", Required), ("UPYOBO_SUB", Optional)]
            ),
            (
                UnitKind::KihonAndYoboPlan,
                vec![
                    ("UPYOBO", Required),
                    ("UPYOBO_SUB", Optional),
                    ("UPKIHON", Required),
                    ("UPKIHON_SUB1", Optional),
                    ("UPKIHON_SUB2", Optional),
                    ("UPKIHON_IMAGE", Repeated)
                ]
            ),
            (UnitKind::KihonDelete, vec![("DLTKIHON", Required)]),
            (UnitKind::YoboPlanDelete, vec![("DLTYOBO", Required)]),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Sequence numbers for writers

#[test]
fn the_allocator_hands_out_distinct_increasing_numbers() {
    let start = Sequence::parse("20241231235000").unwrap_or_else(|e| panic!("{e}"));
    let numbers: Vec<Sequence> = SequenceAllocator::new(start).take(1000).collect();
    assert_eq!(numbers.len(), 1000);
    assert!(numbers.windows(2).all(|w| w[0] < w[1]));
    assert!(numbers.iter().all(Sequence::is_standard));
    let distinct: BTreeSet<String> = numbers.iter().map(|s| s.to_string()).collect();
    assert_eq!(distinct.len(), 1000);
    assert_eq!(numbers[0].to_string(), "20241231235000");
    // 600 seconds later the year has turned.
    assert_eq!(numbers[600].to_string(), "20250101000000");

    // One unit per number: the same file kinds, never merged.
    let names: Vec<String> = numbers
        .iter()
        .map(|s| name("UPPLAN_202501", V41, s.as_str()))
        .collect();
    let units = units_of(&names);
    assert_eq!(units.len(), 1000);
    assert!(units.iter().all(|u| u.members().len() == 1));
}

#[test]
fn the_allocator_moves_past_numbers_in_use_and_lenient_starts() {
    let seq = |s: &str| Sequence::parse(s).unwrap_or_else(|e| panic!("{e}"));
    let mut a = SequenceAllocator::new(seq("20241125100000"));
    let first = a.next();
    a.skip_past(seq("20241125100005"));
    assert_eq!(first, Some(seq("20241125100000")));
    assert_eq!(a.next(), Some(seq("20241125100006")));

    // A 15-digit number from the standard's examples is never handed out.
    let (typo, _) = FileName::parse_with(
        "UPPLAN_201911_0300000100_43_0300000005_11_201911110102233.CSV",
        Mode::Lenient,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut a = SequenceAllocator::new(typo.sequence());
    assert_eq!(a.next(), Some(seq("20191111010224")));
}
