//! 介護予防サービス・支援計画書_削除 — DLTYOBO (介護予防支援等, spec layouts/DLTYOBO.tsv and
//! layouts/_notes_yobo.md): names a 介護予防サービス・支援計画書 (UPYOBO) record to delete by its
//! key ([`YoboPlanKey`]: 保険者番号 + 被保険者番号 + 計画作成(変更)日), 4 items, all required.
//!
//! The layout states no rule across items. The standard says nothing about whether the
//! plan's 別表 (UPYOBO_SUB) rows are deleted with it; the bundle layer decides.
//!
//! ```
//! use careplan_model::{RawRecord, TypedRecord, YoboPlanDeleteRecord};
//! let raw = RawRecord::from_texts(["202407", "131045", "0123456789", "20250401"]);
//! let rec = YoboPlanDeleteRecord::from_raw(&raw).unwrap();
//! assert_eq!(rec.key().to_string(), "131045/0123456789/20250401");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use crate::typed::RecordRules;
use crate::value::{CsvVersion, Date, InsuredNumber, InsurerNumber};
use crate::yobo_plan::YoboPlanKey;

crate::typed_record! {
    /// A record of 介護予防サービス・支援計画書_削除: the key of the UPYOBO record to delete.
    pub struct YoboPlanDeleteRecord for [YoboPlanDelete] in "DLTYOBO" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号.
        3 req insured: InsuredNumber,
        /// No.4 計画作成(変更)日 of the UPYOBO record to delete.
        4 req plan_date: Date,
    }
}

impl YoboPlanDeleteRecord {
    /// The key of the UPYOBO record to delete.
    pub fn key(&self) -> YoboPlanKey {
        YoboPlanKey::new(self.insurer, self.insured, self.plan_date)
    }
}

impl RecordRules for YoboPlanDeleteRecord {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::RawRecord;

    #[test]
    fn round_trip_and_key() {
        let raw = RawRecord::from_texts(["202407", "131045", "H123456789", "20250401"]);
        let rec = YoboPlanDeleteRecord::from_raw(&raw).unwrap();
        assert_eq!(rec.to_raw(), raw);
        assert_eq!(rec.key().to_string(), "131045/H123456789/20250401");
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 4);
        assert!(out.fields().all(|f| !f.quoted));
        assert!(YoboPlanDeleteRecord::from_raw(&RawRecord::from_texts([
            "202407",
            "131045",
            "H123456789",
            "202404"
        ]))
        .is_none());
    }
}
