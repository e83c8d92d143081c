//! 居宅サービス計画1表_削除 — DLT1KYO (care office → provider, optional): deletes a 1表
//! (spec layouts/DLT1KYO.tsv, 4 items). Deleting a 1表 deletes the 2表 and 3表 rows of the
//! same plan too (the layout's note on No.4).
//!
//! The record names the plan to delete by its key, 保険者番号 + 被保険者番号 + No.4
//! 居宅サービス計画作成（変更）日 ([`PlanKey`]). It has no rules across items.
//!
//! ```
//! use careplan_model::{Plan1DeleteRecord, RawRecord, TypedRecord};
//! let raw = RawRecord::from_texts(["202407", "131045", "0123456789", "20250301"]);
//! let rec = Plan1DeleteRecord::from_raw(&raw).unwrap();
//! assert_eq!(rec.key().to_string(), "131045/0123456789/20250301");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use crate::plan1::PlanKey;
use crate::typed::RecordRules;
use crate::value::{CsvVersion, Date, InsuredNumber, InsurerNumber};

crate::typed_record! {
    /// A record of 居宅サービス計画1表_削除: the key of a plan to delete.
    pub struct Plan1DeleteRecord for [Plan1Delete] in "DLT1KYO" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 居宅サービス計画作成（変更）日 of the 1表 to delete.
        4 req plan_date: Date,
    }
}

impl Plan1DeleteRecord {
    /// The key of the plan to delete.
    pub fn key(&self) -> PlanKey {
        PlanKey {
            insurer: self.insurer,
            insured: self.insured,
            plan_date: self.plan_date,
        }
    }
}

/// No rule across items.
impl RecordRules for Plan1DeleteRecord {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, RuleContext, TypedRecord};
    use crate::FileKind;
    use crate::RawRecord;

    #[test]
    fn round_trip_and_key() {
        let raw = RawRecord::from_texts(["202407", "131045", "H123456789", "20250301"]);
        let rec = Plan1DeleteRecord::from_raw(&raw).unwrap();
        assert_eq!(rec.to_raw(), raw);
        assert_eq!(rec.key().plan_date.to_string(), "20250301");
        let mut out = Vec::new();
        rec.check(&RuleContext::new(FileKind::Plan1Delete).unwrap(), &mut out);
        assert!(out.is_empty());
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        assert_eq!(fresh.to_raw(), raw);
    }

    #[test]
    fn not_typed_when_an_item_is_not_its_type() {
        let raw = RawRecord::from_texts(["202407", "131045", "H123456789", "20250230"]);
        assert!(Plan1DeleteRecord::from_raw(&raw).is_none());
        let raw = RawRecord::from_texts(["202407", "131045", "H123456789"]);
        assert!(Plan1DeleteRecord::from_raw(&raw).is_none());
    }
}
