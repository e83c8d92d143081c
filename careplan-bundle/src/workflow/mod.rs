//! The four workflows of the seed manual (WebQKAN's ケアプランデータ連携), as library calls.
//!
//! | who | manual | call | in | out |
//! |---|---|---|---|---|
//! | care office | 2-1 提供票(予定)出力 | [`PlanExport`] | typed 第6表, 第7表, 補足 records of a month, the receiver | UPPLAN, UPSIKYU, UPHOSOKU with one sequence number ([`Exported`]), as a ZIP |
//! | care office | 2-2 提供票(実績)取込 | [`ResultImport`] | UPJSK files or ZIPs, the plans sent | the 実績 validated, the differences between plan and result |
//! | provider | 3-1 提供票(予定)取込 | [`PlanImport`] | one ZIP or three uploads | the set checked complete, the provider's own services |
//! | provider | 3-2 提供票(実績)出力 | [`ResultExport`] | typed 実績 records of a month for one care office | UPJSK ([`Exported`]), as a ZIP |
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

pub use exported::Exported;
pub use plan_export::PlanExport;
pub use plan_import::{ImportedTicket, ImportedUser, PendingSet, PlanImport, PlanImportReport};
pub use result_export::ResultExport;
pub use result_import::{ResultImport, ResultImportReport, ResultRow};
