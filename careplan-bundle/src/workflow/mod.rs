//! The four workflows of the seed manual (WebQKAN's ケアプランデータ連携), as library calls.
//!
//! | who | manual | call | in | out |
//! |---|---|---|---|---|
//! | care office | 2-1 提供票(予定)出力 | [`PlanExport`] | typed 第6表 and 補足 records of a month (第7表 given, or computed: [`PlanExport::table7_from`]), the receiver | UPPLAN, UPSIKYU, UPHOSOKU with one sequence number ([`Exported`]), as a ZIP |
//! | care office | 2-2 提供票(実績)取込 | [`ResultImport`] | UPJSK and DLTJSK files or ZIPs, the plans sent | the 実績 validated, the differences between plan and result as values ([`Difference`]) |
//! | provider | 3-1 提供票(予定)取込 | [`PlanImport`] | one ZIP or three uploads | the set checked complete, the provider's own services |
//! | provider | 3-2 提供票(実績)出力 | [`ResultExport`] ([`ResultExport::answering`] a set imported) | typed 実績 records of a month for one care office | UPJSK ([`Exported`]), as a ZIP |
//!
//! Every flow reads and writes the 4.1 names and the legacy (pre-4.0) names the manual
//! still shows. Exports validate what they wrote by reading it back as the receiver will,
//! and refuse files with errors; imports report every problem and leave the decision to
//! the caller. Each type's page has a worked example.

mod diff;
mod exported;
mod plan_export;
mod plan_import;
mod result_export;
mod result_import;
mod writing;

pub use diff::{Difference, DifferenceKind};
pub use exported::Exported;
pub use plan_export::PlanExport;
pub use plan_import::{ImportedTicket, ImportedUser, PendingSet, PlanImport, PlanImportReport};
pub use result_export::ResultExport;
pub use result_import::{ResultImport, ResultImportReport, ResultRow};

use careplan_model::{Problem, ProblemKind};

use crate::loaded::{LoadedFile, LoadedUnit};

/// What an import does with a unit it does not take: the unit's composition problems (a
/// file the unit must not hold, a file twice …), which say why its files may not be where
/// the sender meant them, and a [`NotTaken`](ProblemKind::NotTaken) warning for each of its
/// files, located in the file, `found` the unit it is in, `takes` (`expected`) the units
/// the import takes.
fn not_taken_unit(unit: &LoadedUnit<'_>, takes: &str) -> Vec<Problem> {
    let mut out = unit.unit().problems().to_vec();
    // The unit's kind, by the standard's name (none when the unit is of no kind).
    let within = unit.kind().map(|k| k.name_ja());
    out.extend(unit.all_files().map(|f| not_taken(f, within, takes)));
    out
}

/// A file of the standard an import does not take.
fn not_taken(f: &LoadedFile, within: Option<&str>, takes: &str) -> Problem {
    let mut p = Problem::warning(ProblemKind::NotTaken)
        .at(f.file_location())
        .expected(takes.to_string());
    // The file is named by its location; `found` is the unit it is in (none when the unit
    // is of no kind).
    if let Some(unit) = within {
        p = p.found(unit);
    }
    // The unit is named in `found`; the table name would only repeat it.
    p.location.kind = None;
    p
}
