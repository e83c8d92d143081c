//! 利用者基本情報_削除 — DLTKIHON (介護予防支援等, spec layouts/DLTKIHON.tsv and
//! layouts/_notes_yobo.md): names a 利用者基本情報 (UPKIHON) record to delete by its key
//! ([`KihonKey`]: 保険者番号 + 被保険者番号 + 相談日), 4 items, all required.
//!
//! The layout states no rule across items. The standard says nothing about whether the
//! record's 別表1/別表2 rows or image are deleted with it; the bundle layer decides.
//!
//! ```
//! use careplan_model::{KihonDeleteRecord, RawRecord, TypedRecord};
//! let raw = RawRecord::from_texts(["202407", "131045", "0123456789", "20250401"]);
//! let rec = KihonDeleteRecord::from_raw(&raw).unwrap();
//! assert_eq!(rec.key().to_string(), "131045/0123456789/20250401");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use crate::typed::RecordRules;
use crate::value::{CsvVersion, Date, InsuredNumber, InsurerNumber};
use crate::yobo_kihon::KihonKey;

crate::typed_record! {
    /// A record of 利用者基本情報_削除: the key of the UPKIHON record to delete.
    pub struct KihonDeleteRecord for [YoboKihonDelete] in "DLTKIHON" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号.
        3 req insured: InsuredNumber,
        /// No.4 相談日 of the UPKIHON record to delete.
        4 req consultation_date: Date,
    }
}

impl KihonDeleteRecord {
    /// The key of the UPKIHON record to delete.
    pub fn key(&self) -> KihonKey {
        KihonKey::new(self.insurer, self.insured, self.consultation_date)
    }
}

impl RecordRules for KihonDeleteRecord {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::RawRecord;

    #[test]
    fn round_trip_and_key() {
        let raw = RawRecord::from_texts(["202407", "131045", "0123456789", "20250401"]);
        let rec = KihonDeleteRecord::from_raw(&raw).unwrap();
        assert_eq!(rec.to_raw(), raw);
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 4);
        assert!(out.fields().all(|f| !f.quoted));
        assert!(KihonDeleteRecord::from_raw(&RawRecord::from_texts([
            "202407",
            "131045",
            "0123456789",
            ""
        ]))
        .is_none());
    }
}
