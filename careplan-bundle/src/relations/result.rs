//! The 実績 unit: its records against the parties of its names (a provider sends its 実績
//! to the care office whose plan it answers).

use careplan_model::table6::Table6Record;
use careplan_model::typed::item_ref;
use careplan_model::{FileKind, Problem, ProblemKind, Severity};

use crate::loaded::LoadedUnit;

/// Each UPJSK record names the unit's receiver in No.6 プラン担当業者コード and its sender in
/// No.20 サービス事業者コード (satellites share the number): an
/// [`Inconsistent`](ProblemKind::Inconsistent) error otherwise. A service of another kind
/// than the sender's in the name is a warning: 実績 is made per 事業所番号 + サービス種類
/// (spec README "Output units"), but the name's kind is the only place the file's kind is
/// given.
pub(super) fn check(unit: &LoadedUnit<'_>, out: &mut Vec<Problem>) {
    let u = unit.unit();
    let care_office = u.receiver().office();
    let provider = u.sender().office();
    let kind = u.sender().kind();
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
        check(
            provider == r.record.provider,
            20,
            r.record.provider.to_string(),
            format!("{} (送信元 / the sender)", u.sender().office()),
            Severity::Error,
        );
        let row_kind = r.record.service_code.kind();
        check(
            kind.is_none() || row_kind == kind,
            15,
            r.record.service_code.to_string(),
            format!(
                "{} のサービス (送信元のサービス種類 / the sender's service kind)",
                kind.map_or("", |k| k.code())
            ),
            Severity::Warning,
        );
    }
}
