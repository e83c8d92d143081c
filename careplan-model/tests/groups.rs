//! Repeating groups held as arrays (issue 14 §1): 補足's nine 種類支給限度 slots and
//! UPYOBO's four 領域 and six 事業プログラム areas are read from and written to the layout's
//! columns, byte for byte when unchanged, and their JSON form is an array.

use careplan_model::hosoku::{HosokuRecord, LimitSlot, PlanDate, TargetMonth};
use careplan_model::value::Sex;
use careplan_model::yobo_plan::{Area, Domain, Program, ProgramRow, YoboPlanRecord};
use careplan_model::{RawRecord, TypedRecord};

fn hosoku() -> HosokuRecord {
    HosokuRecord::new(
        "131001".parse().unwrap(),
        "0000012345".parse().unwrap(),
        PlanDate::ForUsage,
        "ヤマダ ハナコ",
        "山田 花子",
        Sex::Female,
        "19400101".parse().unwrap(),
        TargetMonth::Month("202504".parse().unwrap()),
    )
}

#[test]
fn hosoku_slots_are_written_to_their_columns_and_read_back() {
    let mut rec = hosoku();
    let slot = LimitSlot::new(
        Some("11".parse().unwrap()),
        Some(10000),
        Some(12000),
        Some(2000),
    );
    rec.slots[0] = slot;
    assert!(rec.set_slot(3, slot));
    assert!(!rec.set_slot(10, slot));
    let raw = rec.to_raw();
    assert_eq!(raw.len(), 63);
    // Slot 1 is No.20–23, slot 3 No.28–31; the others are empty.
    let texts: Vec<&str> = (19..55).map(|c| raw.text(c).unwrap()).collect();
    assert_eq!(&texts[..4], ["11", "10000", "12000", "2000"]);
    assert_eq!(&texts[4..8], ["", "", "", ""]);
    assert_eq!(&texts[8..12], ["11", "10000", "12000", "2000"]);
    assert!(texts[12..].iter().all(|t| t.is_empty()));
    let back = HosokuRecord::from_raw(&raw).unwrap();
    assert_eq!(back.slots, rec.slots);
    assert_eq!(back.slot(3), Some(slot));
    assert_eq!(back.kind_limits().count(), 2);
}

#[test]
fn hosoku_slots_keep_the_bytes_they_were_read_with() {
    let made = hosoku().to_raw();
    let mut raw: Vec<String> = (0..made.len())
        .map(|c| made.text(c).unwrap().to_string())
        .collect();
    raw[19] = "11".into();
    raw[20] = "010000".into(); // a leading zero: the same value
    raw[21] = "12000".into();
    raw[22] = "2000".into();
    let raw = RawRecord::from_texts(&raw);
    let rec = HosokuRecord::from_raw(&raw).unwrap();
    assert_eq!(rec.slots[0].limit, Some(10000));
    assert_eq!(rec.to_raw(), raw);
    let mut changed = rec.clone();
    changed.slots[0].units = Some(12500);
    let out = changed.to_raw();
    assert_eq!(out.text(20), Some("010000"));
    assert_eq!(out.text(21), Some("12500"));
}

#[test]
fn hosoku_slots_in_json_are_an_array_of_nine() {
    let mut rec = hosoku();
    rec.slots[0] = LimitSlot::new(Some("17".parse().unwrap()), Some(5000), Some(4000), Some(0));
    let json = serde_json::to_value(&rec).unwrap();
    let slots = json["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 9);
    assert_eq!(
        slots[0],
        serde_json::json!({"kind": "17", "limit": 5000, "units": 4000, "over": 0})
    );
    assert_eq!(
        slots[8],
        serde_json::json!({"kind": null, "limit": null, "units": null, "over": null})
    );
    assert!(json.get("slot1_kind").is_none());
    let back: HosokuRecord = serde_json::from_value(json).unwrap();
    assert_eq!(back, rec);
}

#[test]
fn yobo_plan_groups_follow_the_layout_order() {
    let mut plan = YoboPlanRecord::new(
        "131045".parse().unwrap(),
        "0123456789".parse().unwrap(),
        "20250401".parse().unwrap(),
        "1".parse().unwrap(),
        "山田 花子",
    );
    plan.areas[3] = Area {
        status: "血圧が高い".into(),
        intention: "減塩したい".into(),
        has_issue: Some("1".parse().unwrap()),
        issue: "食生活".into(),
    };
    plan.programs[4] = ProgramRow {
        applicable_count: Some(2),
        need: Some("1".parse().unwrap()),
    };
    let raw = plan.to_raw();
    assert_eq!(raw.len(), 57);
    // 【健康管理】 is No.36–39.
    let first = usize::from(Domain::Health.first_item()) - 1;
    let health: Vec<&str> = (first..first + 4).map(|c| raw.text(c).unwrap()).collect();
    assert_eq!(health, ["血圧が高い", "減塩したい", "1", "食生活"]);
    // 物忘れ予防: its count at No.47, its need at No.53.
    assert_eq!(
        raw.text(usize::from(Program::Memory.count_item()) - 1),
        Some("2")
    );
    assert_eq!(
        raw.text(usize::from(Program::Memory.need_item()) - 1),
        Some("1")
    );
    let back = YoboPlanRecord::from_raw(&raw).unwrap();
    assert_eq!(back, plan);
    assert_eq!(back.area(Domain::Health).issue, "食生活");
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["areas"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["programs"][4]["applicable_count"], 2);
}
