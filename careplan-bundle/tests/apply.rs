//! Applying units in order: what the receiver holds, resends that replace, each delete of
//! the spec, deletes of what is not held, other receivers; the state as JSON.

mod common;

use careplan_bundle::keys::ResultKey;
use careplan_bundle::FileSet;
use careplan_bundle::{Action, HeldKey, ReceiverState};
use careplan_model::plan1::PlanKey;
use careplan_model::value::UserMonthKey;
use careplan_model::{ProblemKind, Severity};
use common::*;

const A: &str = "0000012345";
const B: &str = "0000067890";
const D1: &str = "20250301";

fn add<T: careplan_model::TypedRecord>(set: &mut FileSet, name: &str, records: &[T]) {
    set.add_bytes(name, file(name, records)).unwrap();
}

fn plan_key(insured: &str, date: &str) -> PlanKey {
    PlanKey {
        insurer: "131001".parse().unwrap(),
        insured: insured.parse().unwrap(),
        plan_date: date.parse().unwrap(),
    }
}

fn user_month(insured: &str) -> UserMonthKey {
    UserMonthKey::new(
        "131001".parse().unwrap(),
        insured.parse().unwrap(),
        MONTH.parse().unwrap(),
    )
}

fn plan_set(set: &mut FileSet, seq: &str, parties: &str, rows2: usize) {
    add(
        set,
        &name("UP1KYO", parties, seq),
        &[plan1(A, D1), plan1(B, D1)],
    );
    let p2: Vec<_> = (1..=rows2).map(|i| plan2(A, D1, &i.to_string())).collect();
    add(set, &name("UP2KYO", parties, seq), &p2);
    add(
        set,
        &name("UP3KYO", parties, seq),
        &[plan3(A, D1), plan3(B, D1)],
    );
    add(
        set,
        &name("UPHOSOKU_000000", parties, seq),
        &[hosoku_plan(A, D1), hosoku_plan(B, D1)],
    );
}

fn ticket(set: &mut FileSet, seq: &str, parties: &str) {
    let rows = vec![
        t6(A, "01", "111111", PROV),
        t6(A, "02", "151111", OTHER),
        t6(B, "03", "111111", PROV),
    ];
    let mut t7s = t7_user(A, PROV, 1);
    t7s.extend(t7_user(B, PROV, 1));
    add(set, &name(&format!("UPPLAN_{MONTH}"), parties, seq), &rows);
    add(set, &name(&format!("UPSIKYU_{MONTH}"), parties, seq), &t7s);
    add(
        set,
        &name(&format!("UPHOSOKU_{MONTH}"), parties, seq),
        &[hosoku_usage(A, MONTH), hosoku_usage(B, MONTH)],
    );
}

#[test]
fn a_plan_set_is_held_and_a_resend_replaces_it() {
    let mut set = FileSet::new();
    plan_set(&mut set, "20250301100000", V41_OUT, 3);
    plan_set(&mut set, "20250302100000", V41_OUT, 1);
    let mut state = ReceiverState::new();
    let reports = state.apply_all(&set.units());
    assert_eq!(reports.len(), 2);
    assert!(reports[0].keys(Action::Added).count() == 2 && reports[0].applied);
    assert_eq!(reports[1].keys(Action::Replaced).count(), 2);
    let held = state.plan(office(CARE), plan_key(A, D1)).unwrap();
    assert_eq!(
        held.plan2.len(),
        1,
        "the resent plan replaced the three rows"
    );
    assert_eq!(held.plan3.len(), 1);
    assert!(held.plan1.is_some() && held.hosoku.is_some());
    assert_eq!(held.sequence.as_str(), "20250302100000");
}

#[test]
fn deleting_a_table1_removes_its_table2_table3_and_hosoku() {
    let mut set = FileSet::new();
    plan_set(&mut set, "20250301100000", V41_OUT, 2);
    let del = name("DLT1KYO", V41_OUT, "20250310100000");
    add(
        &mut set,
        &del,
        &[plan1_delete(A, D1), plan1_delete(A, "20250302")],
    );
    let mut state = ReceiverState::new();
    let reports = state.apply_all(&set.units());
    let deleted: Vec<&HeldKey> = reports[1].keys(Action::Deleted).collect();
    assert_eq!(
        deleted,
        [&HeldKey::Plan {
            sender: office(CARE),
            key: plan_key(A, D1)
        }]
    );
    assert!(state.plan(office(CARE), plan_key(A, D1)).is_none());
    assert!(state.plan(office(CARE), plan_key(B, D1)).is_some());
    // The second record names a plan not held: a warning at its line.
    let p = &reports[1].problems[0];
    assert_eq!(
        (p.kind, p.severity),
        (ProblemKind::MissingParent, Severity::Warning)
    );
    assert_eq!(p.location.file.as_deref(), Some(del.as_str()));
    assert_eq!(p.location.line, Some(2));
    assert!(p
        .expected
        .as_deref()
        .unwrap()
        .starts_with("居宅サービス計画1表 131001/0000012345/20250302"));
}

#[test]
fn dltplan_removes_the_month_s_table6_and_table7() {
    let mut set = FileSet::new();
    ticket(&mut set, "20250325100000", V41_OUT);
    add(
        &mut set,
        &name(&format!("DLTPLAN_{MONTH}"), V41_OUT, "20250328100000"),
        &[plan_delete(A, MONTH)],
    );
    let mut state = ReceiverState::new();
    let reports = state.apply_all(&set.units());
    assert_eq!(reports[0].keys(Action::Added).count(), 2);
    let ticket_b = state.ticket(office(CARE), user_month(B)).unwrap();
    assert_eq!((ticket_b.table6.len(), ticket_b.table7.len()), (1, 2));
    assert!(ticket_b.hosoku.is_some());
    assert_eq!(
        reports[1].keys(Action::Deleted).collect::<Vec<_>>(),
        [&HeldKey::Ticket {
            sender: office(CARE),
            key: user_month(A)
        }]
    );
    assert!(state.ticket(office(CARE), user_month(A)).is_none());
    assert_eq!(state.tickets().count(), 1);
}

#[test]
fn results_are_held_per_office_and_kind_and_dltjsk_deletes_one_kind() {
    let mut set = FileSet::new();
    let upjsk = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250501090000");
    // Two kinds from one office (11 訪問介護 and A2 総合事業), one user.
    add(
        &mut set,
        &upjsk,
        &[
            t6(A, "01", "111111", PROV),
            t6(A, "02", "A21111", PROV),
            t6(A, "03", "111111", PROV),
        ],
    );
    let dltjsk = name(&format!("DLTJSK_{MONTH}"), V41_BACK, "20250502090000");
    add(
        &mut set,
        &dltjsk,
        &[
            result_delete(A, MONTH, PROV, "A2"),
            result_delete(A, MONTH, PROV, "15"),
        ],
    );
    let mut state = ReceiverState::for_receiver(office(CARE));
    let reports = state.apply_all(&set.units());
    assert_eq!(reports[0].keys(Action::Added).count(), 2);
    let kind = |k: &str| ResultKey {
        user_month: user_month(A),
        provider: PROV.parse().unwrap(),
        kind: k.parse().unwrap(),
    };
    assert_eq!(
        reports[1].keys(Action::Deleted).collect::<Vec<_>>(),
        [&HeldKey::Result {
            sender: office(PROV),
            key: kind("A2")
        }]
    );
    assert_eq!(reports[1].problems.len(), 1, "kind 15 was not held");
    let left = state.result(office(PROV), kind("11")).unwrap();
    assert_eq!(left.rows.len(), 2);
    assert!(state.result(office(PROV), kind("A2")).is_none());
}

#[test]
fn a_corrected_result_replaces_every_service_of_its_kind() {
    let mut set = FileSet::new();
    add(
        &mut set,
        &name(&format!("UPJSK_{MONTH}"), LEGACY_BACK, "20250501090000"),
        &[t6(A, "01", "111111", PROV), t6(A, "03", "111111", PROV)],
    );
    add(
        &mut set,
        &name(&format!("UPJSK_{MONTH}"), LEGACY_BACK, "20250505090000"),
        &[t6(A, "04", "111111", PROV)],
    );
    let mut state = ReceiverState::new();
    let reports = state.apply_all(&set.units());
    assert_eq!(reports[1].keys(Action::Replaced).count(), 1);
    let held: Vec<_> = state.results().collect();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].rows.len(), 1);
    assert_eq!(held[0].rows[0].service_date.to_string(), "20250404");
}

#[test]
fn units_are_applied_in_sequence_order_whatever_order_they_come_in() {
    let mut later = FileSet::new();
    add(
        &mut later,
        &name(&format!("DLTPLAN_{MONTH}"), V41_OUT, "20250328100000"),
        &[plan_delete(A, MONTH)],
    );
    let mut earlier = FileSet::new();
    ticket(&mut earlier, "20250325100000", V41_OUT);
    let mut units = later.units();
    units.extend(earlier.units());
    let mut state = ReceiverState::new();
    let reports = state.apply_all(&units);
    assert_eq!(reports[0].sequence.as_str(), "20250325100000");
    assert!(
        reports[1].problems.is_empty(),
        "the delete found the ticket"
    );
    assert!(state.ticket(office(CARE), user_month(A)).is_none());
}

#[test]
fn deletes_of_one_sender_leave_another_sender_s_data() {
    let mut set = FileSet::new();
    ticket(&mut set, "20250325100000", V41_OUT);
    let other = "0300000200_43_0300000005_11";
    add(
        &mut set,
        &name(&format!("DLTPLAN_{MONTH}"), other, "20250328100000"),
        &[plan_delete(A, MONTH)],
    );
    let mut state = ReceiverState::new();
    let reports = state.apply_all(&set.units());
    assert_eq!(reports[1].changes.len(), 0);
    assert_eq!(reports[1].problems[0].kind, ProblemKind::MissingParent);
    assert!(state.ticket(office(CARE), user_month(A)).is_some());
}

#[test]
fn a_unit_for_another_receiver_is_not_applied() {
    let mut set = FileSet::new();
    ticket(&mut set, "20250325100000", V41_OUT);
    let mut state = ReceiverState::for_receiver(office(OTHER));
    let report = state.apply(&set.units()[0]);
    assert!(!report.applied);
    assert_eq!(report.problems[0].kind, ProblemKind::OtherReceiver);
    assert_eq!(report.problems[0].found.as_deref(), Some("0300000005_11"));
    assert!(state.is_empty());
}

#[test]
fn yobo_units_and_their_deletes() {
    let mut set = FileSet::new();
    let image = "UPKIHON_IMAGE_0300000100_43_0300000005_11_20250325100000_0001.JPG";
    let s = "20250325100000";
    add(
        &mut set,
        &name("UPKIHON", V41_OUT, s),
        &[kihon(A, D1, image)],
    );
    add(
        &mut set,
        &name("UPKIHON_SUB1", V41_OUT, s),
        &[kihon_sub1(A, D1), kihon_sub1(A, D1)],
    );
    add(
        &mut set,
        &name("UPKIHON_SUB2", V41_OUT, s),
        &[kihon_sub2(A, D1)],
    );
    set.add_bytes(image, b"\xFF\xD8jpeg".to_vec()).unwrap();
    add(&mut set, &name("UPYOBO", V41_OUT, s), &[yobo(A, D1)]);
    add(
        &mut set,
        &name("UPYOBO_SUB", V41_OUT, s),
        &[yobo_sub(A, D1)],
    );
    let mut state = ReceiverState::new();
    let reports = state.apply_all(&set.units());
    assert_eq!(reports[0].keys(Action::Added).count(), 2);
    let kihon: Vec<_> = state.kihon().collect();
    assert_eq!((kihon[0].sub1.len(), kihon[0].sub2.len()), (2, 1));
    assert_eq!(kihon[0].images[0].name, image);
    assert_eq!(kihon[0].images[0].bytes, b"\xFF\xD8jpeg");
    assert_eq!(state.yobo_plans().next().unwrap().sub.len(), 1);

    let mut dels = FileSet::new();
    add(
        &mut dels,
        &name("DLTKIHON", V41_OUT, "20250326100000"),
        &[kihon_delete(A, D1)],
    );
    let reports = state.apply_all(&dels.units());
    assert_eq!(reports[0].keys(Action::Deleted).count(), 1);
    assert_eq!(state.kihon().count(), 0);
    assert_eq!(state.yobo_plans().count(), 1);
}

#[test]
fn untyped_records_are_listed_not_applied() {
    let mut set = FileSet::new();
    let n = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250501090000");
    let mut bytes = file(&n, &[t6(A, "01", "111111", PROV)]);
    bytes.extend_from_slice(b"202407,131001,0000012345,20250230\r\n");
    set.add_bytes(&n, bytes).unwrap();
    let mut state = ReceiverState::new();
    let report = state.apply(&set.units()[0]);
    assert_eq!(report.changes.len(), 1);
    assert_eq!(report.not_applied.len(), 1);
    assert_eq!(report.not_applied[0].line, Some(2));
}

#[test]
fn the_state_serializes_as_json_a_vendor_can_read() {
    let mut set = FileSet::new();
    ticket(&mut set, "20250325100000", V41_OUT);
    let mut state = ReceiverState::new();
    let reports = state.apply_all(&set.units());
    let json = serde_json::to_value(&state).unwrap();
    let tickets = json["tickets"].as_array().unwrap();
    assert_eq!(tickets.len(), 2);
    assert_eq!(tickets[0]["sender"], "0300000100");
    assert_eq!(tickets[0]["key"]["insured"], A);
    assert_eq!(tickets[0]["key"]["month"], MONTH);
    assert_eq!(tickets[0]["sequence"], "20250325100000");
    assert_eq!(tickets[0]["table6"].as_array().unwrap().len(), 2);
    assert_eq!(tickets[0]["table6"][1]["provider"], OTHER);
    let report = serde_json::to_value(&reports[0]).unwrap();
    assert_eq!(report["kind"], "service_ticket");
    assert_eq!(report["changes"][0]["action"], "added");
    assert_eq!(report["changes"][0]["key"]["held"], "ticket");
}
