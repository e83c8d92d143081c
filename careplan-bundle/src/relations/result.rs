//! The 実績 unit: its records against the parties of its names (a provider sends its 実績
//! to the care office whose plan it answers).

use careplan_csv::FileName;
use careplan_model::table6::Table6Record;
use careplan_model::typed::{item_ref, TypedRecord};
use careplan_model::{FileKind, Location, Problem, ProblemKind, Severity};

use super::finding::files_of;
use crate::loaded::LoadedUnit;

/// Each UPJSK record names the unit's receiver in No.6 プラン担当業者コード and its sender in
/// No.20 サービス事業者コード (satellites share the number): an
/// [`Inconsistent`](ProblemKind::Inconsistent) error otherwise. A service of another kind
/// than the sender's in the name is a warning: 実績 is made per 事業所番号 + サービス種類
/// (spec README "Output units"), but the name's kind is the only place the file's kind is
/// given.
///
/// The rows are checked as the file is read, against the parties of the file's own name
/// (those of its unit), so the records need not be kept; the unit reports what was found.
pub(super) fn check(unit: &LoadedUnit<'_>, out: &mut Vec<Problem>) {
    for f in files_of(unit, Table6Record::KINDS) {
        out.extend(f.keys().row_problems.iter().cloned());
    }
}

/// The problems of one UPJSK row against the parties of its file's name, at `location`.
pub(crate) fn row_problems(name: &FileName, r: &Table6Record, location: &Location) -> Vec<Problem> {
    let mut out = Vec::new();
    let care_office = name.receiver().office();
    let provider = name.sender().office();
    let kind = name.sender().kind();
    let mut check = |ok: bool, no: u16, found: String, expected: String, severity| {
        if ok {
            return;
        }
        let mut p = Problem::new(ProblemKind::Inconsistent, severity)
            .at(location.clone())
            .found(found)
            .expected(expected);
        if let Some(item) = item_ref(FileKind::UsageResult, no) {
            p = p.item(item);
        }
        out.push(p);
    };
    check(
        care_office == r.care_office,
        6,
        r.care_office.to_string(),
        format!("{care_office} (送信先 / the receiver)"),
        Severity::Error,
    );
    check(
        provider == r.provider,
        20,
        r.provider.to_string(),
        format!("{provider} (送信元 / the sender)"),
        Severity::Error,
    );
    let row_kind = r.service_code.kind();
    check(
        kind.is_none() || row_kind == kind,
        15,
        r.service_code.to_string(),
        format!(
            "{} のサービス (送信元のサービス種類 / the sender's service kind)",
            kind.map_or("", |k| k.code())
        ),
        Severity::Warning,
    );
    out
}
