//! The 実績 unit: its records against the parties of its names (a provider sends its 実績
//! to the care office whose plan it answers).

use careplan_csv::FileName;
use careplan_model::__private::item_ref;
use careplan_model::table6::Table6Record;
use careplan_model::{FileKind, Location, Problem, ProblemKind, Severity, TypedRecord};

use super::finding::files_of;
use crate::loaded::LoadedUnit;

/// Each UPJSK record names the unit's receiver in No.6 プラン担当業者コード: an
/// [`Inconsistent`](ProblemKind::Inconsistent) error otherwise. Its sender in No.20
/// サービス事業者コード and the sender's kind in No.15 are the file reader's rules
/// ([`SenderMismatch`](ProblemKind::SenderMismatch), careplan-model `table6`), which see every
/// UPJSK file, in a unit or not, and say it once per file.
///
/// The rows are checked as the file is read, against the parties of the file's own name
/// (those of its unit), so the records need not be kept; the unit reports what was found:
/// one problem per value found, at its first row, with the number of rows (a wrong name
/// makes every row differ: one mistake, one message). A receiver whose office number the
/// name wrote with nine digits is not compared (the name's own warning says it).
pub(super) fn check(unit: &LoadedUnit<'_>, out: &mut Vec<Problem>) {
    for f in files_of(unit, Table6Record::KINDS) {
        out.extend(f.keys().row_problems.iter().cloned());
    }
}

/// The problems of one UPJSK row against the parties of its file's name, at `location`.
pub(crate) fn row_problems(name: &FileName, r: &Table6Record, location: &Location) -> Vec<Problem> {
    let mut out = Vec::new();
    let care_office = name.receiver().office();
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
        care_office.to_string(),
        Severity::Error,
    );
    out
}
