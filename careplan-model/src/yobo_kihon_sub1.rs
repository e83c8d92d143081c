//! 利用者基本情報（別表1）１日の生活・すごし方(タイムスケジュール) — UPKIHON_SUB1 (介護予防支援等,
//! spec layouts/UPKIHON_SUB1.tsv and layouts/_notes_yobo.md): one row of a user's day, 7
//! items. One 利用者基本情報 (UPKIHON) record may have many rows; items No.2–4 repeat its key
//! ([`KihonKey`]).
//!
//! The layout states no rule across the items of one record. That each row's key names a
//! UPKIHON record of the linked file is checked where both files are read (the bundle).
//!
//! ```
//! use careplan_model::{KihonSub1Record, RawRecord, TypedRecord};
//! let raw = RawRecord::from_texts([
//!     "202407", "131045", "0123456789", "20250401", "7:30", "起床・朝食", "",
//! ]);
//! let rec = KihonSub1Record::from_raw(&raw).unwrap();
//! assert_eq!(rec.time, "7:30");
//! assert_eq!(rec.key().to_string(), "131045/0123456789/20250401");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use crate::typed::RecordRules;
use crate::value::{CsvVersion, Date, InsuredNumber, InsurerNumber};
use crate::yobo_kihon::KihonKey;

crate::typed_record! {
    /// A row of 利用者基本情報（別表1）: one time of a user's day (タイムスケジュール).
    pub struct KihonSub1Record for [YoboKihonSub1] in "UPKIHON_SUB1" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号 (that of the linked UPKIHON record).
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (that of the linked UPKIHON record).
        3 req insured: InsuredNumber,
        /// No.4 相談日 (that of the linked UPKIHON record).
        4 req consultation_date: Date,
        /// No.5 時間: free text (`6:00`, `7:30`).
        5 text time,
        /// No.6 本人の生活状況.
        6 text user_activity,
        /// No.7 介護者・家族の生活状況.
        7 text family_activity,
    }
}

impl KihonSub1Record {
    /// The key of the UPKIHON record the row belongs to: 保険者番号 + 被保険者番号 + 相談日.
    pub fn key(&self) -> KihonKey {
        KihonKey::new(self.insurer, self.insured, self.consultation_date)
    }
}

impl RecordRules for KihonSub1Record {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, RuleContext, TypedRecord};
    use crate::FileKind;
    use crate::RawRecord;

    const TEXTS: [&str; 7] = [
        "202407",
        "131045",
        "H123456789",
        "20250401",
        "6:00",
        "起床",
        "妻が朝食の準備",
    ];

    #[test]
    fn round_trip_key_and_no_rules() {
        let raw = RawRecord::from_texts(TEXTS);
        let rec = KihonSub1Record::from_raw(&raw).unwrap();
        assert_eq!(rec.to_raw(), raw);
        assert_eq!(rec.key().to_string(), "131045/H123456789/20250401");
        let ctx = RuleContext::new(FileKind::YoboKihonSub1).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        assert!(out.is_empty());
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 7);
        assert!(!out.field(3).unwrap().quoted);
        assert!((4..7).all(|i| out.field(i).unwrap().quoted));
    }

    #[test]
    fn bad_key_items_are_not_typed() {
        let mut t = TEXTS;
        t[3] = "202504";
        assert!(KihonSub1Record::from_raw(&RawRecord::from_texts(t)).is_none());
        assert!(KihonSub1Record::from_raw(&RawRecord::from_texts(&TEXTS[..6])).is_none());
    }
}
