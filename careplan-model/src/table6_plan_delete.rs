//! 第6表（サービス利用票）予定削除 — DLTPLAN (care office → provider, optional). One record
//! per user-month to delete (spec layouts/DLTPLAN.tsv, 4 items): deleting the month's 第6表
//! plan also deletes its 第7表.
//!
//! Every item is required; the layout engine checks that. The record has no rules across
//! items. Its key is 保険者番号 + 被保険者番号 + 削除対象年月 ([`UsagePlanDeleteRecord::key`]).
//!
//! ```
//! use careplan_model::{RawRecord, TypedRecord, UsagePlanDeleteRecord};
//! let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504"]);
//! let rec = UsagePlanDeleteRecord::from_raw(&raw).unwrap();
//! assert_eq!(rec.month.to_string(), "202504");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use crate::typed::RecordRules;
use crate::value::{CsvVersion, InsuredNumber, InsurerNumber, YearMonth};

crate::typed_record! {
    /// A record of 第6表予定削除 (DLTPLAN): the user-month whose 第6表 plan (and 第7表) the
    /// receiver deletes.
    pub struct UsagePlanDeleteRecord for [UsagePlanDelete] in "DLTPLAN" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 削除対象年月: the service month to delete.
        4 req month: YearMonth,
    }
}

impl UsagePlanDeleteRecord {
    /// The record's key: 保険者番号 + 被保険者番号 + 削除対象年月.
    pub fn key(&self) -> (InsurerNumber, InsuredNumber, YearMonth) {
        (self.insurer, self.insured, self.month)
    }
}

/// No rules across items: the layout states none.
impl RecordRules for UsagePlanDeleteRecord {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, RuleContext, TypedRecord};
    use crate::FileKind;
    use crate::RawRecord;

    #[test]
    fn round_trip_and_no_rules() {
        let raw = RawRecord::from_texts(["202407", "131001", "H123456789", "202504"]);
        let rec = UsagePlanDeleteRecord::from_raw(&raw).unwrap();
        assert!(rec.insured.is_seiho());
        assert_eq!(rec.to_raw(), raw);
        let ctx = RuleContext::new(FileKind::UsagePlanDelete).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        assert!(out.is_empty());
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 4);
        assert!(out.fields().all(|f| !f.quoted));
        assert_eq!(
            rec.key().2,
            "202504".parse::<YearMonth>().unwrap(),
            "the key ends with 削除対象年月"
        );
    }

    #[test]
    fn every_item_must_hold_its_type() {
        for (i, bad) in [(1, "13100"), (2, "012345678"), (3, "202513")] {
            let mut t = vec!["202407", "131001", "0000012345", "202504"];
            t[i] = bad;
            assert!(
                UsagePlanDeleteRecord::from_raw(&RawRecord::from_texts(&t)).is_none(),
                "{bad}"
            );
        }
        assert!(
            UsagePlanDeleteRecord::from_raw(&RawRecord::from_texts(["202407", "131001"])).is_none()
        );
    }
}
