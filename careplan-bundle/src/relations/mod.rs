//! Cross-file checks on the keys of the spec (README "relations").
//!
//! Within a unit ([`check_unit`], also [`LoadedUnit::problems`]):
//!
//! | unit | check | problem | severity | at | related |
//! |---|---|---|---|---|---|
//! | 第6表・第7表・補足 | a 第7表 user-month without its 第6表 | `MissingParent` | error | the user-month's first 第7表 row | the 第6表 file |
//! | | a 補足 record without its 第6表 user-month | `MissingParent` | error | the 補足 record | the 第6表 file |
//! | | a 第6表 user-month without its 補足 record | `MissingDependent` | error | the first 第6表 row | the 補足 file |
//! | | a 第6表 user-month without 第7表 rows | `MissingDependent` | warning | the first 第6表 row | the 第7表 file |
//! | | a 補足 record not linked to the month: No.4 not `00000000`, or No.63 not the unit's month (in a 補足 named for another month: a 補足 named for the unit's month has the reader's MonthMismatch) | `Inconsistent` (No.4 / No.63) | error | the 補足 record | the 第6表 file |
//! | | two 補足 records of one user-month | `DuplicateKey` | error | the second | the first |
//! | 第1表・第2表・第3表・補足 | a 第2表, 第3表 or 補足 plan without its 第1表 | `MissingParent` | error | the plan's first row | the 第1表 file |
//! | | a 補足 record not linked to a plan: No.63 not `000000` | `Inconsistent` (No.63) | error | the 補足 record | the 第1表 file |
//! | | a 第1表 plan without its 補足 record | `MissingDependent` | warning | the 第1表 record | the 補足 file |
//! | | two 第1表 records, or two 補足 records, of one plan | `DuplicateKey` | error | the second | the first |
//! | 利用者基本情報 (± 支援計画書) | a 別表1 / 別表2 row without its 利用者基本情報 | `MissingParent` | error | the row | the UPKIHON file |
//! | | No.62 names an image the unit does not hold | `MissingDependent` | warning | the record | an image file, if any |
//! | 支援計画書 (± 利用者基本情報) | a 別表 row without its 支援計画書 | `MissingParent` | error | the row | the UPYOBO file |
//! | 実績 | a UPJSK record whose No.6 is not the name's receiver, or No.20 not its sender | `Inconsistent` (No.6 / No.20) | error | the record | — |
//! | | a UPJSK record of another service kind than the sender's in the name | `Inconsistent` (No.15) | warning | the record | — |
//!
//! Across units ([`check_across`]): a 実績 user-month without a 第6表 予定 of that
//! user-month, when the input holds 予定 units for the same parties (reversed) and month:
//! `MissingParent`, a warning (the plan may have been sent in a unit not at hand), at the
//! user-month's first 実績 row, related to the latest 第6表 file.
//!
//! Each problem names the file and line of the record it is about (`location`) and the
//! other file (`related`); `found` gives the record's kind, key and `FILE:LINE`,
//! `expected` the other kind and key. A check needs both files: when one is missing from
//! the unit, the unit's [`MissingMember`](careplan_model::ProblemKind::MissingMember) says
//! so and the records are not reported one by one. Records the reader could not type are
//! not checked (their problems say why), but a parent record among them still gives its key
//! from its raw items (保険者番号, 被保険者番号 and the key's third item, when they hold
//! values of their types), so its children are not reported as orphans on top of its own
//! error (issue 13 §3); and a 補足 whose No.4 or No.63 already has an
//! error of the reader (a month that differs from the file name's) is not reported again.
//!
//! *Decisions.* The spec makes 第6表 the parent of 第7表 and 補足 but does not say every
//! user-month must have them; the issue this follows requires the 補足 (an error), and a
//! 第6表 without 第7表 rows is a warning, since 第7表 always has a grand-total row for a
//! user-month it covers. A 第1表 without a 補足 record is a warning: the unit must hold
//! the 補足 file, but the spec links only from 補足 to 第1表.
//!
//! ```
//! use careplan_bundle::FileSet;
//! use careplan_bundle::relations;
//! use careplan_model::ProblemKind;
//! let mut set = FileSet::new();
//! set.add_bytes(
//!     "UP1KYO_0300000100_43_0300000005_11_20250401093000.CSV",
//!     b"202407,131001,0000012345,20250301,,\"\",\"\",\"\",\"\",,\"\",\"\",0300000100,20250301,20240401,,,,,,,\"\",\"\",\"\",,\"\",0300000100,\r\n".to_vec(),
//! )?;
//! set.add_bytes(
//!     "UP3KYO_0300000100_43_0300000005_11_20250401093000.CSV",
//!     b"202407,131001,0000012345,20250301,20250302,\"\",,,,\"\",,,\"\"\r\n".to_vec(),
//! )?;
//! let units = set.units();
//! let problems = relations::check_unit(&units[0]);
//! assert_eq!(problems.len(), 1);
//! assert_eq!(problems[0].kind, ProblemKind::MissingParent);
//! assert_eq!(problems[0].location.line, Some(1));
//! assert_eq!(
//!     problems[0].message_ja(),
//!     "1行目 第3表: 131001/0000012345/20250302 に対応する 居宅サービス計画1表 がありません"
//! );
//! # Ok::<(), careplan_bundle::Error>(())
//! ```
//!
//! [`LoadedUnit::problems`]: crate::loaded::LoadedUnit::problems

mod across;
pub(crate) mod finding;
mod plan_set;
pub(crate) mod result;
mod ticket;
pub(crate) mod yobo;

use careplan_model::Problem;
use rayon::prelude::*;

use crate::loaded::LoadedUnit;
use crate::unit::UnitKind;

/// The problems of the relations between the files of one unit (see the
/// [module](self)).
pub fn check_unit(unit: &LoadedUnit<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    match unit.kind() {
        Some(UnitKind::ServiceTicket) => ticket::check(unit, &mut out),
        Some(UnitKind::PlanDocuments) => plan_set::check(unit, &mut out),
        Some(UnitKind::Kihon) => yobo::check_kihon(unit, &mut out),
        Some(UnitKind::KihonAndYoboPlan) => {
            yobo::check_plan(unit, &mut out);
            yobo::check_kihon(unit, &mut out);
        }
        Some(UnitKind::YoboPlan) => yobo::check_plan(unit, &mut out),
        Some(UnitKind::UsageResult) => result::check(unit, &mut out),
        _ => {}
    }
    out
}

/// The problems of the relations across units (see the [module](self)), each with the
/// index in `units` of the unit it is reported on.
pub fn check_across(units: &[LoadedUnit<'_>]) -> Vec<(usize, Problem)> {
    across::results_against_plans(units)
}

/// The problems of every unit: its composition's and its relations'
/// ([`LoadedUnit::problems`]), then those across units reported on it
/// ([`check_across`]), one list per unit in the order of `units`. Units are checked in
/// parallel (on the current rayon pool); the lists are the same as checked one by one.
///
/// ```
/// use careplan_bundle::FileSet;
/// use careplan_bundle::relations;
/// use careplan_model::ProblemKind;
/// let mut set = FileSet::new();
/// set.add_bytes(
///     "UP3KYO_0300000100_43_0300000005_11_20250401093000.CSV",
///     b"202407,131001,0000012345,20250301,20250302,\"\",,,,\"\",,,\"\"\r\n".to_vec(),
/// )?;
/// let units = set.units();
/// let problems = relations::check_all(&units);
/// assert_eq!(problems.len(), 1);
/// assert_eq!(problems[0], units[0].problems());
/// assert!(problems[0].iter().any(|p| p.kind == ProblemKind::MissingMember));
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
pub fn check_all(units: &[LoadedUnit<'_>]) -> Vec<Vec<Problem>> {
    let mut out: Vec<Vec<Problem>> = units.par_iter().map(LoadedUnit::problems).collect();
    for (i, p) in check_across(units) {
        if let Some(list) = out.get_mut(i) {
            list.push(p);
        }
    }
    out
}
