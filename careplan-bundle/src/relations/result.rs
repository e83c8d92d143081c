//! The 実績 unit: its records against the parties of its names (a provider sends its 実績
//! to the care office whose plan it answers).

use careplan_model::table6::Table6Record;
use careplan_model::typed::item_ref;
use careplan_model::{FileKind, Problem, ProblemKind, Severity};

use crate::loaded::LoadedUnit;

/// Each UPJSK record names the unit's receiver in No.6 プラン担当業者コード: an
/// [`Inconsistent`](ProblemKind::Inconsistent) error otherwise. Its sender in No.20
/// サービス事業者コード and the sender's kind in No.15 are the file reader's rules
/// ([`SenderMismatch`](ProblemKind::SenderMismatch), careplan-model `table6`).
pub(super) fn check(unit: &LoadedUnit<'_>, out: &mut Vec<Problem>) {
    let u = unit.unit();
    let care_office = u.receiver().office();
    for r in unit.records::<Table6Record>() {
        let mut check = |ok: bool, no: u16, found: String, expected: String, severity| {
            if ok {
                return;
            }
            let mut p = Problem::new(ProblemKind::Inconsistent, severity)
                .at(r.location())
                .found(found)
                .expected(expected);
            if let Some(item) = item_ref(FileKind::UsageResult, no) {
                p = p.item(item);
            }
            out.push(p);
        };
        check(
            care_office == r.record.care_office,
            6,
            r.record.care_office.to_string(),
            format!("{} (送信先 / the receiver)", u.receiver().office()),
            Severity::Error,
        );
        // No.20 against the sender and No.15's kind against the sender's kind: the file
        // reader's 第6表 rules (SenderMismatch), which see every UPJSK file, in a unit or
        // not, and say it once per file.
    }
}
