//! 第6表（サービス利用票）— UPPLAN (予定, care office → provider) and UPJSK (実績, provider →
//! care office). Both files share one layout (spec layouts/TABLE6.tsv): one record per
//! service line per day.
//!
//! The rules across items checked here (spec layouts/TABLE6.tsv notes):
//! - No.10 サービス利用日 lies in No.5 対象年月;
//! - No.11 日割対象日 marks only days No.5's month has;
//! - No.16 TAISコード or No.17 福祉用具届出コード is given when No.15's kind is 17 or 67
//!   (4.x records; 3.x records have neither item);
//! - No.12 開始時刻 and No.13 終了時刻 are both `9999` (時間表示の無いサービス) or both times.
//!
//! That a file holds one service month (ファイル作成単位) is checked by the file reader.
//!
//! ```
//! use careplan_model::table6::Table6Record;
//! use careplan_model::typed::TypedRecord;
//! use careplan_model::RawRecord;
//! let raw = RawRecord::from_texts([
//!     "202407", "131001", "0000012345", "20250320", "202504", "1310000001", "", "250", "",
//!     "20250401", "", "1000", "1100", "1", "111111", "", "", "", "", "1310000002", "",
//!     "", "0", "1310000001", "",
//! ]);
//! let rec = Table6Record::from_raw(&raw).unwrap();
//! assert_eq!(rec.service_date.to_string(), "20250401");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use crate::kind::FileKind;
use crate::problem::{ProblemKind, Severity};
use crate::typed::{RecordRules, RuleContext};
use crate::value::{
    Applicable, CsvVersion, Date, DayMask, DigitCode, EquipmentCode, InsuredNumber, InsurerNumber,
    OfficeNumber, ServiceCode, ServiceTime, YearMonth,
};
use crate::Problem;

crate::typed_record! {
    /// A record of 第6表: one service line on one day, planned (UPPLAN) or delivered (UPJSK).
    pub struct Table6Record for [UsagePlan, UsageResult] in "TABLE6" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 作成年月日.
        4 req created: Date,
        /// No.5 対象年月: the service month.
        5 req month: YearMonth,
        /// No.6 プラン担当業者コード: the care office's number.
        6 req care_office: OfficeNumber,
        /// No.7 プラン担当者名: the care manager.
        7 text care_manager,
        /// No.8 単位数 (after discount; negative for reductions).
        8 req units: i64,
        /// No.9 前月までの短期入所利用日数.
        9 opt short_stay_days_before: u32,
        /// No.10 サービス利用日: the planned or actual day.
        10 req service_date: Date,
        /// No.11 日割対象日: the days that can be billed pro rata.
        11 opt prorated_days: DayMask,
        /// No.12 サービス開始時刻.
        12 req start: ServiceTime,
        /// No.13 サービス終了時刻.
        13 req end: ServiceTime,
        /// No.14 サービス回数.
        14 req count: u32,
        /// No.15 サービスコード.
        15 req service_code: ServiceCode,
        /// No.16 TAISコード.
        16 opt tais_code: EquipmentCode,
        /// No.17 福祉用具届出コード.
        17 opt notified_code: EquipmentCode,
        /// No.18 用具名称（機種名）.
        18 text equipment_name,
        /// No.19 明細判別コード (福祉用具貸与 lines of the same code and units: 1, 2, 3 …).
        19 opt detail_no: u32,
        /// No.20 サービス事業者コード: the provider's number.
        20 req provider: OfficeNumber,
        /// No.21 サービス事業所名.
        21 text provider_name,
        /// No.22 サテライト枝番.
        22 opt satellite: DigitCode,
        /// No.23 ３０日超区分.
        23 req over_30_days: Applicable,
        /// No.24 更新業者コード.
        24 opt updater: OfficeNumber,
        /// No.25 識別子 (使用しない).
        25 unused,
    }
}

impl Table6Record {
    /// The user's key: 保険者番号 + 被保険者番号.
    pub fn user(&self) -> crate::value::UserKey {
        crate::value::UserKey::new(self.insurer, self.insured)
    }

    /// Whether it is a 福祉用具貸与 line (service kind 17 or 67).
    pub fn is_welfare_equipment(&self) -> bool {
        self.service_code
            .kind()
            .is_some_and(|k| k.is_welfare_equipment())
    }
}

impl RecordRules for Table6Record {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        // No.19 明細判別コード: 「17以外の行は空」 (福祉用具貸与 and its 予防 kind only).
        if let Some(no) = self.detail_no.filter(|_| !self.is_welfare_equipment()) {
            out.push(
                ctx.problem(ProblemKind::UnexpectedValue, Severity::Warning, 19)
                    .found(no.to_string())
                    .expected("the line is of 17 福祉用具貸与 or 67 介護予防福祉用具貸与 (17・67 以外の行は空)"),
            );
        }
        // Services of kinds the standard does not exchange are left out of both tables
        // (spec README; SERVICE_KINDS.tsv in_scope N), as DLTJSK's rule says too.
        if let Some(kind) = self.service_code.kind().filter(|k| !k.in_scope()) {
            out.push(
                ctx.problem(ProblemKind::UnknownCode, Severity::Warning, 15)
                    .found(format!(
                        "{} ({} {})",
                        self.service_code,
                        kind,
                        kind.name_ja()
                    ))
                    .expected("連携対象のサービス種類 (a service kind the standard exchanges)"),
            );
        }
        if !self.month.contains(self.service_date.naive()) {
            out.push(
                ctx.problem(ProblemKind::DateOutsideMonth, Severity::Error, 10)
                    .found(self.service_date.to_string())
                    .expected(self.month.to_string()),
            );
        }
        if let Some(mask) = self.prorated_days {
            if let Some(day) = mask.first_day_beyond(self.month) {
                out.push(
                    ctx.problem(ProblemKind::DayMaskBeyondMonth, Severity::Error, 11)
                        .found(mask.to_string())
                        .expected(format!(
                            "{}: {} 日まで (day {day} does not exist)",
                            self.month,
                            self.month.days_in_month()
                        )),
                );
            }
        }
        // 3.x records have no TAIS/届出 items (LEGACY.md): the rule is 4.x only.
        let v4 = self.version.generation() == crate::value::Generation::V4;
        if v4
            && self.is_welfare_equipment()
            && self.tais_code.is_none()
            && self.notified_code.is_none()
        {
            out.push(
                ctx.problem(ProblemKind::EquipmentCodeMissing, Severity::Error, 16)
                    .found(self.service_code.to_string()),
            );
        }
        let unspecified = (
            self.start == ServiceTime::Unspecified,
            self.end == ServiceTime::Unspecified,
        );
        if unspecified.0 != unspecified.1 {
            out.push(
                ctx.problem(
                    ProblemKind::TimeInconsistent,
                    Severity::Error,
                    if unspecified.0 { 13 } else { 12 },
                )
                .found(format!("{}-{}", self.start, self.end))
                .expected("開始・終了とも 9999 か、とも時刻 (both 9999 or both times)"),
            );
        }
    }
}

/// The kinds this module reads.
pub const KINDS: [FileKind; 2] = [FileKind::UsagePlan, FileKind::UsageResult];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::TypedRecord;
    use crate::RawRecord;

    fn texts() -> Vec<&'static str> {
        vec![
            "202407",
            "131001",
            "0000012345",
            "20250320",
            "202504",
            "1310000001",
            "山田 花子",
            "250",
            "",
            "20250401",
            "",
            "1000",
            "1100",
            "1",
            "111111",
            "",
            "",
            "",
            "",
            "1310000002",
            "訪問介護A",
            "",
            "0",
            "1310000001",
            "",
        ]
    }

    fn check(rec: &Table6Record) -> Vec<ProblemKind> {
        let ctx = RuleContext::new(FileKind::UsagePlan).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        out.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn round_trip_and_clean() {
        let raw = RawRecord::from_texts(texts());
        let rec = Table6Record::from_raw(&raw).unwrap();
        assert!(check(&rec).is_empty());
        assert_eq!(rec.to_raw(), raw);
        let mut fresh = rec.clone();
        fresh.origin = crate::typed::Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 25);
        assert!(out.field(6).unwrap().quoted && !out.field(7).unwrap().quoted);
    }

    #[test]
    fn each_rule() {
        let mut t = texts();
        t[9] = "20250501";
        assert_eq!(
            check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()),
            vec![ProblemKind::DateOutsideMonth]
        );
        let mut t = texts();
        t[4] = "202502";
        t[9] = "20250201";
        t[10] = "1111111111111111111111111111110";
        assert_eq!(
            check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()),
            vec![ProblemKind::DayMaskBeyondMonth]
        );
        let mut t = texts();
        t[14] = "171001";
        assert_eq!(
            check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()),
            vec![ProblemKind::EquipmentCodeMissing]
        );
        t[15] = "00001-000010";
        assert!(check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()).is_empty());
        let mut t = texts();
        t[12] = "9999";
        assert_eq!(
            check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()),
            vec![ProblemKind::TimeInconsistent]
        );
    }

    #[test]
    fn value_equal_items_keep_their_text() {
        let mut t = texts();
        t[13] = "01";
        let raw = RawRecord::from_texts(&t);
        let mut rec = Table6Record::from_raw(&raw).unwrap();
        assert_eq!(rec.to_raw().text(13), Some("01"));
        rec.count = 2;
        assert_eq!(rec.to_raw().text(13), Some("2"));
    }

    #[test]
    fn version_3_records_have_22_items() {
        let mut t = texts();
        t[0] = "202208";
        t.drain(15..18);
        let raw = RawRecord::from_texts(&t);
        let rec = Table6Record::from_raw(&raw).unwrap();
        assert_eq!(rec.provider.to_string(), "1310000002");
        assert_eq!(rec.to_raw(), raw);
        assert!(Table6Record::from_raw(&RawRecord::from_texts(&texts()[..24])).is_none());
    }
}
