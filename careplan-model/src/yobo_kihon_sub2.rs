//! 利用者基本情報（別表2）現病歴・既往歴 — UPKIHON_SUB2 (介護予防支援等, spec
//! layouts/UPKIHON_SUB2.tsv and layouts/_notes_yobo.md): one illness of a user's present or
//! past history, 11 items. One 利用者基本情報 (UPKIHON) record may have many rows; items
//! No.2–4 repeat its key ([`KihonKey`]).
//!
//! The layout states no rule across the items of one record (No.11 治療中の内容 is not tied to
//! No.10 経過 by the standard). That each row's key names a UPKIHON record of the linked file
//! is checked where both files are read (the bundle).
//!
//! ```
//! use careplan_model::value::Code;
//! use careplan_model::yobo_kihon_sub2::{Course, DoctorRole, KihonSub2Record};
//! use careplan_model::{RawRecord, TypedRecord};
//! let raw = RawRecord::from_texts([
//!     "202407", "131045", "0123456789", "20250401", "R2年4月", "高血圧症", "○○医院",
//!     "1", "03-0000-0000", "01", "服薬",
//! ]);
//! let rec = KihonSub2Record::from_raw(&raw).unwrap();
//! assert_eq!(rec.doctor_role, Some(DoctorRole::AttendingPhysician));
//! assert_eq!(rec.course.unwrap().meaning_ja(), "治療中");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use crate::typed::RecordRules;
use crate::value::{CsvVersion, Date, InsuredNumber, InsurerNumber, PhoneNumber};
use crate::yobo_kihon::KihonKey;

crate::code_enum! {
    /// 主治医・意見作成者フラグ (No.8).
    pub enum DoctorRole { AttendingPhysician = "1" "主治医", Other = "2" "それ以外" }
}

crate::code_enum! {
    /// 経過 (No.10).
    pub enum Course {
        UnderTreatment = "01" "治療中",
        UnderObservation = "02" "経過観察中",
        Other = "03" "その他",
    }
}

crate::typed_record! {
    /// A row of 利用者基本情報（別表2）: one illness (現病歴・既往歴).
    pub struct KihonSub2Record for [YoboKihonSub2] in "UPKIHON_SUB2" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号 (that of the linked UPKIHON record).
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (that of the linked UPKIHON record).
        3 req insured: InsuredNumber,
        /// No.4 相談日 (that of the linked UPKIHON record).
        4 req consultation_date: Date,
        /// No.5 年月日: free text (`H12年10月`, `R2年4月`, `2023/6`), not a date format.
        5 text onset,
        /// No.6 病名.
        6 text disease,
        /// No.7 医療機関・医師名.
        7 text institution,
        /// No.8 主治医・意見作成者フラグ.
        8 opt doctor_role: DoctorRole,
        /// No.9 医療機関・医師電話番号.
        9 opt institution_phone: PhoneNumber,
        /// No.10 経過.
        10 opt course: Course,
        /// No.11 治療中の内容.
        11 text treatment,
    }
}

impl KihonSub2Record {
    /// The key of the UPKIHON record the row belongs to: 保険者番号 + 被保険者番号 + 相談日.
    pub fn key(&self) -> KihonKey {
        KihonKey::new(self.insurer, self.insured, self.consultation_date)
    }
}

impl RecordRules for KihonSub2Record {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, RuleContext, TypedRecord};
    use crate::FileKind;
    use crate::RawRecord;

    const TEXTS: [&str; 11] = [
        "202407",
        "131045",
        "0123456789",
        "20250401",
        "H12年10月",
        "糖尿病",
        "○○病院 △△医師",
        "2",
        "03-0000-0000",
        "02",
        "",
    ];

    #[test]
    fn round_trip_key_and_no_rules() {
        let raw = RawRecord::from_texts(TEXTS);
        let rec = KihonSub2Record::from_raw(&raw).unwrap();
        assert_eq!(rec.to_raw(), raw);
        assert_eq!(rec.doctor_role, Some(DoctorRole::Other));
        assert_eq!(rec.course, Some(Course::UnderObservation));
        assert_eq!(rec.key().to_string(), "131045/0123456789/20250401");
        let ctx = RuleContext::new(FileKind::YoboKihonSub2).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        assert!(out.is_empty());
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 11);
        assert!(out.field(4).unwrap().quoted && out.field(10).unwrap().quoted);
        assert!(!out.field(7).unwrap().quoted && !out.field(8).unwrap().quoted);
    }

    #[test]
    fn unknown_codes_are_not_typed() {
        let mut t = TEXTS;
        t[9] = "2";
        assert!(KihonSub2Record::from_raw(&RawRecord::from_texts(t)).is_none());
        let mut t = TEXTS;
        t[7] = "0";
        assert!(KihonSub2Record::from_raw(&RawRecord::from_texts(t)).is_none());
    }
}
