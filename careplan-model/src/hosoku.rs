//! 利用者補足情報 — UPHOSOKU (care office → provider). One record per user (spec
//! layouts/UPHOSOKU.tsv, 63 items): the user's address, certification, 区分支給限度基準額
//! and the service-kind limits (種類支給限度) the 居宅 office manages.
//!
//! A record belongs to one of two sets (spec README.md, relations):
//! - sent with 第1表/第2表/第3表, it links to 第1表 by No.4 居宅サービス計画作成（変更）日 and
//!   its No.63 対象年月 is `000000` ([`TargetMonth::ForPlan`]);
//! - sent with 第6表/第7表, it links to them by No.63 対象年月 and its No.4 is `00000000`
//!   ([`PlanDate::ForUsage`]).
//!
//! [`HosokuRecord::link`] says which. The nine 種類支給限度 slots (No.20–55, four items each)
//! are one field, [`HosokuRecord::slots`], an array of nine [`LimitSlot`]s.
//!
//! The rules across items checked here (spec layouts/UPHOSOKU.tsv notes):
//! - No.4 is `00000000` exactly when No.63 is a month, and No.63 is `000000` exactly when
//!   No.4 is a date ([`ProblemKind::Inconsistent`], naming No.4 in both cases: when both are
//!   real values the month links the record to 第6表/第7表, whose records carry
//!   `00000000` in No.4; when both are zeros, No.4 lacks the 第1表's date);
//! - slots are filled from slot 1 in order (No.20–55 「第1枠から順に詰めて設定」): a filled
//!   slot after an empty one is [`ProblemKind::SlotGap`];
//! - a slot's サービス種類コード is given exactly when its three amounts are (No.20–55: the
//!   amounts are those of the slot's kind): the missing items are
//!   [`ProblemKind::MissingRequired`];
//! - No.56 合計限度超単位数 equals the sum of the slots' 限度超単位数 when slots are used. The
//!   name says so but the standard prints no note for the item, so a difference is a
//!   warning ([`ProblemKind::TotalMismatch`]).
//!
//! That a file's name carries the month of No.63 is checked by the file reader.
//!
//! ```
//! use careplan_model::hosoku::{HosokuLink, HosokuRecord};
//! use careplan_model::{RawRecord, TypedRecord};
//! let mut texts = vec![
//!     "202407", "131001", "0000012345", "00000000", "ヤマダ ハナコ", "山田 花子", "2",
//!     "19400101", "", "", "", "", "", "", "", "", "", "21", "16765",
//! ];
//! texts.extend(["11", "10000", "12000", "2000"]);
//! texts.extend([""; 32]);
//! texts.extend(["2000", "", "", "", "", "", "", "202504"]);
//! let raw = RawRecord::from_texts(&texts);
//! let rec = HosokuRecord::from_raw(&raw).unwrap();
//! assert_eq!(rec.link(), Some(HosokuLink::Usage("202504".parse().unwrap())));
//! assert_eq!(rec.kind_limits().count(), 1);
//! assert_eq!(rec.to_raw(), raw);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::layout::Scanned;
use crate::problem::{ProblemKind, Severity};
use crate::record::Field;
use crate::typed::{
    FieldSink, ItemGroup, ItemReader, ItemValue, ItemWriter, RecordRules, RuleContext,
};
use crate::value::{
    CareLevel, CertificationStatus, CsvVersion, Date, InsuredNumber, InsurerNumber, OfficeNumber,
    ParseError, PhoneNumber, PostalCode, ServiceKind, Sex, YearMonth,
};
use crate::Problem;

/// No.4 居宅サービス計画作成（変更）日: the date of the 第1表 the record links to, or
/// `00000000` when the record links to 第6表/第7表.
///
/// ```
/// use careplan_model::hosoku::PlanDate;
/// let d: PlanDate = "20250320".parse().unwrap();
/// assert_eq!(d.date().unwrap().to_string(), "20250320");
/// let z: PlanDate = "00000000".parse().unwrap();
/// assert_eq!(z, PlanDate::ForUsage);
/// assert_eq!(z.to_string(), "00000000");
/// assert!("20250230".parse::<PlanDate>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlanDate {
    /// The plan's date (the record links to 第1表).
    Date(Date),
    /// `00000000`: 6表・7表に紐づく場合.
    ForUsage,
}

impl PlanDate {
    /// The special value, as written.
    pub const FOR_USAGE: &'static str = "00000000";

    /// The date, unless the record links to 第6表/第7表.
    pub fn date(self) -> Option<Date> {
        match self {
            PlanDate::Date(d) => Some(d),
            PlanDate::ForUsage => None,
        }
    }
}

impl fmt::Display for PlanDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanDate::Date(d) => d.fmt(f),
            PlanDate::ForUsage => f.write_str(PlanDate::FOR_USAGE),
        }
    }
}

impl FromStr for PlanDate {
    type Err = ParseError;

    /// `00000000` or a date `YYYYMMDD`.
    fn from_str(s: &str) -> Result<PlanDate, ParseError> {
        if s == PlanDate::FOR_USAGE {
            Ok(PlanDate::ForUsage)
        } else {
            s.parse().map(PlanDate::Date)
        }
    }
}

crate::value::serde_as_string!(PlanDate);

impl ItemValue for PlanDate {
    fn from_scanned(scanned: &Scanned) -> Option<PlanDate> {
        // A date found is never `00000000`.
        Date::from_scanned(scanned).map(PlanDate::Date)
    }
}

/// No.63 対象年月: the service month of the 第6表/第7表 the record links to, or `000000`
/// when the record links to 第1表/第2表.
///
/// ```
/// use careplan_model::hosoku::TargetMonth;
/// let m: TargetMonth = "202504".parse().unwrap();
/// assert_eq!(m.month().unwrap().to_string(), "202504");
/// let z: TargetMonth = "000000".parse().unwrap();
/// assert_eq!(z, TargetMonth::ForPlan);
/// assert_eq!(z.to_string(), "000000");
/// assert!("202513".parse::<TargetMonth>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TargetMonth {
    /// The service month (the record links to 第6表/第7表).
    Month(YearMonth),
    /// `000000`: 1表・2表に紐づく場合.
    ForPlan,
}

impl TargetMonth {
    /// The special value, as written.
    pub const FOR_PLAN: &'static str = "000000";

    /// The month, unless the record links to 第1表/第2表.
    pub fn month(self) -> Option<YearMonth> {
        match self {
            TargetMonth::Month(m) => Some(m),
            TargetMonth::ForPlan => None,
        }
    }
}

impl fmt::Display for TargetMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetMonth::Month(m) => m.fmt(f),
            TargetMonth::ForPlan => f.write_str(TargetMonth::FOR_PLAN),
        }
    }
}

impl FromStr for TargetMonth {
    type Err = ParseError;

    /// `000000` or a month `YYYYMM`.
    fn from_str(s: &str) -> Result<TargetMonth, ParseError> {
        if s == TargetMonth::FOR_PLAN {
            Ok(TargetMonth::ForPlan)
        } else {
            s.parse().map(TargetMonth::Month)
        }
    }
}

crate::value::serde_as_string!(TargetMonth);

impl ItemValue for TargetMonth {
    fn from_scanned(scanned: &Scanned) -> Option<TargetMonth> {
        // A month found is never `000000`.
        YearMonth::from_scanned(scanned).map(TargetMonth::Month)
    }
}

/// What a 利用者補足情報 record links to (spec README.md, relations).
///
/// ```
/// use careplan_model::hosoku::{HosokuLink, PlanDate, TargetMonth};
/// let d = "20250320".parse().unwrap();
/// assert_eq!(HosokuLink::of(PlanDate::Date(d), TargetMonth::ForPlan), Some(HosokuLink::Plan(d)));
/// assert_eq!(HosokuLink::of(PlanDate::ForUsage, TargetMonth::ForPlan), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HosokuLink {
    /// To the 第1表 of this 居宅サービス計画作成（変更）日 (sent with 第1表/第2表/第3表).
    Plan(Date),
    /// To the 第6表/第7表 of this service month.
    Usage(YearMonth),
}

impl HosokuLink {
    /// The link of No.4 and No.63, or `None` when they disagree (both values, or both zeros).
    pub fn of(plan_date: PlanDate, month: TargetMonth) -> Option<HosokuLink> {
        match (plan_date, month) {
            (PlanDate::Date(d), TargetMonth::ForPlan) => Some(HosokuLink::Plan(d)),
            (PlanDate::ForUsage, TargetMonth::Month(m)) => Some(HosokuLink::Usage(m)),
            _ => None,
        }
    }
}

/// The number of 種類支給限度 slots (No.20–55).
pub const SLOTS: usize = 9;

/// The item No. of slot `n`'s サービス種類コード (slot 1 is No.20; the amounts follow).
fn slot_first_item(n: u16) -> u16 {
    20u16.saturating_add(4u16.saturating_mul(n.saturating_sub(1)))
}

/// One 種類支給限度 slot as written: each of its four items may be empty.
///
/// ```
/// use careplan_model::hosoku::{KindLimit, LimitSlot};
/// let kind = "11".parse().unwrap();
/// let slot = LimitSlot::new(Some(kind), Some(10000), Some(12000), Some(2000));
/// assert_eq!(slot.kind_limit(), Some(KindLimit { kind, limit: 10000, units: 12000, over: 2000 }));
/// assert!(LimitSlot::default().is_empty());
/// assert_eq!(LimitSlot::new(Some(kind), None, None, None).kind_limit(), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitSlot {
    /// サービス種類コード.
    pub kind: Option<ServiceKind>,
    /// 支給限度基準額 (種類支給限度基準額, units).
    pub limit: Option<i64>,
    /// 合計単位数.
    pub units: Option<i64>,
    /// 限度超単位数.
    pub over: Option<i64>,
}

impl LimitSlot {
    /// A slot of these four items.
    pub const fn new(
        kind: Option<ServiceKind>,
        limit: Option<i64>,
        units: Option<i64>,
        over: Option<i64>,
    ) -> LimitSlot {
        LimitSlot {
            kind,
            limit,
            units,
            over,
        }
    }

    /// Whether all four items are empty (the slot is not used).
    pub fn is_empty(&self) -> bool {
        self.kind.is_none() && self.limit.is_none() && self.units.is_none() && self.over.is_none()
    }

    /// The slot as a kind's limit, when all four items are given.
    pub fn kind_limit(&self) -> Option<KindLimit> {
        Some(KindLimit {
            kind: self.kind?,
            limit: self.limit?,
            units: self.units?,
            over: self.over?,
        })
    }
}

impl From<KindLimit> for LimitSlot {
    fn from(k: KindLimit) -> LimitSlot {
        LimitSlot::new(Some(k.kind), Some(k.limit), Some(k.units), Some(k.over))
    }
}

/// A complete 種類支給限度 slot: a service kind whose limit the 居宅 office manages.
///
/// ```
/// use careplan_model::hosoku::{KindLimit, LimitSlot};
/// let k = KindLimit { kind: "17".parse().unwrap(), limit: 5000, units: 4000, over: 0 };
/// assert_eq!(LimitSlot::from(k).kind_limit(), Some(k));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindLimit {
    /// サービス種類コード.
    pub kind: ServiceKind,
    /// 支給限度基準額 (種類支給限度基準額, units).
    pub limit: i64,
    /// 合計単位数.
    pub units: i64,
    /// 限度超単位数.
    pub over: i64,
}

impl ItemGroup for [LimitSlot; SLOTS] {
    fn read(r: &ItemReader<'_>, first: u16) -> Option<[LimitSlot; SLOTS]> {
        let mut slots = [LimitSlot::default(); SLOTS];
        for (n, slot) in (1u16..).zip(&mut slots) {
            let no = first + 4 * (n - 1);
            *slot = LimitSlot::new(r.opt(no)?, r.opt(no + 1)?, r.opt(no + 2)?, r.opt(no + 3)?);
        }
        Some(slots)
    }

    fn write<'a, S: FieldSink, O: Iterator<Item = Field<'a>>>(
        &self,
        w: &mut ItemWriter<'_, S, O>,
        first: u16,
    ) {
        for (n, slot) in (1u16..).zip(self) {
            let no = first + 4 * (n - 1);
            w.opt(no, &slot.kind);
            w.opt(no + 1, &slot.limit);
            w.opt(no + 2, &slot.units);
            w.opt(no + 3, &slot.over);
        }
    }
}

crate::typed_record! {
    /// A record of 利用者補足情報 (UPHOSOKU): one user's supplementary information, linked to
    /// a 第1表 (No.4) or to a month's 第6表/第7表 (No.63).
    pub struct HosokuRecord for [Hosoku] in "UPHOSOKU" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 居宅サービス計画作成（変更）日 (`00000000` when linked to 第6表/第7表).
        4 req plan_date: PlanDate,
        /// No.5 利用者氏名フリガナ.
        5 text_req name_kana,
        /// No.6 利用者氏名.
        6 text_req name,
        /// No.7 利用者性別.
        7 req sex: Sex,
        /// No.8 利用者生年月日.
        8 req birth_date: Date,
        /// No.9 利用者郵便番号.
        9 opt postal_code: PostalCode,
        /// No.10 利用者住所１.
        10 text address1,
        /// No.11 利用者住所２.
        11 text address2,
        /// No.12 利用者電話番号.
        12 opt phone: PhoneNumber,
        /// No.13 認定日.
        13 opt certified: Date,
        /// No.14 限度額適用開始年月日.
        14 opt limit_from: Date,
        /// No.15 限度額適用終了年月日.
        15 opt limit_to: Date,
        /// No.16 認定状況区分.
        16 opt certification_status: CertificationStatus,
        /// No.17 要介護状態変更日.
        17 opt care_level_changed: Date,
        /// No.18 要介護状態区分.
        18 opt care_level: CareLevel,
        /// No.19 区分支給限度基準額 (units).
        19 opt category_limit: i64,
        /// No.20–55 種類支給限度 第1〜9枠: each slot's サービス種類コード, 支給限度基準額,
        /// 合計単位数 and 限度超単位数 (slot 1 is No.20–23). The JSON form is an array of
        /// nine objects (`kind`, `limit`, `units`, `over`; `null` when empty).
        20 group slots: [LimitSlot; SLOTS],
        /// No.56 合計限度超単位数.
        56 opt over_total: i64,
        /// No.57 入所前月迄利用日数.
        57 opt days_before_admission_month: i64,
        /// No.58 入所累積利用日数.
        58 opt admission_days_total: i64,
        /// No.59 前回要介護状態区分.
        59 opt previous_care_level: CareLevel,
        /// No.60 同意書受付業者 (the 居宅支援事業者's number).
        60 opt consent_office: OfficeNumber,
        /// No.61 更新業者コード.
        61 opt updater: OfficeNumber,
        /// No.62 識別子 (使用しない).
        62 unused,
        /// No.63 対象年月 (`000000` when linked to 第1表/第2表).
        63 req month: TargetMonth,
    }
}

impl HosokuRecord {
    /// The 補足 a care office sends with `month`'s 第6表 and 第7表: `user`'s names, sex and
    /// birth date, No.4 `00000000` and No.63 `month` (the link to the month's plan), every
    /// other item empty — set the 要介護状態区分 and the 区分支給限度基準額 that the month's
    /// 第7表 is computed with on the value. [`HosokuRecord::new`] takes every required
    /// item, for a 補足 sent with 第1表.
    ///
    /// ```
    /// use careplan_model::hosoku::{HosokuLink, HosokuRecord};
    /// use careplan_model::value::{CareLevel, Sex};
    /// let key = "131001/0000012345".parse()?;
    /// let (month, birth) = ("202504".parse()?, "19400105".parse()?);
    /// let mut hanako = HosokuRecord::for_month(key, month, "ﾔﾏﾀﾞ ﾊﾅｺ", "山田 花子", Sex::Female, birth);
    /// hanako.care_level = Some(CareLevel::Care1); // No.18
    /// hanako.category_limit = Some(16765); // No.19 区分支給限度基準額
    /// assert_eq!(hanako.link(), Some(HosokuLink::Usage(month)));
    /// assert_eq!(hanako.user(), key);
    /// # Ok::<(), careplan_model::value::ParseError>(())
    /// ```
    pub fn for_month(
        user: crate::value::UserKey,
        month: YearMonth,
        name_kana: impl Into<String>,
        name: impl Into<String>,
        sex: Sex,
        birth_date: Date,
    ) -> HosokuRecord {
        HosokuRecord::new(
            user.insurer,
            user.insured,
            PlanDate::ForUsage,
            name_kana,
            name,
            sex,
            birth_date,
            TargetMonth::Month(month),
        )
    }

    /// The user's key: 保険者番号 + 被保険者番号.
    pub fn user(&self) -> crate::value::UserKey {
        crate::value::UserKey::new(self.insurer, self.insured)
    }

    /// What the record links to, or `None` when No.4 and No.63 disagree.
    pub fn link(&self) -> Option<HosokuLink> {
        HosokuLink::of(self.plan_date, self.month)
    }

    /// Slot `n` (1–9), or `None` for another `n`.
    pub fn slot(&self, n: usize) -> Option<LimitSlot> {
        n.checked_sub(1).and_then(|i| self.slots.get(i).copied())
    }

    /// Sets slot `n` (1–9); returns `false` (and changes nothing) for another `n`.
    pub fn set_slot(&mut self, n: usize, slot: LimitSlot) -> bool {
        match n.checked_sub(1).and_then(|i| self.slots.get_mut(i)) {
            Some(s) => {
                *s = slot;
                true
            }
            None => false,
        }
    }

    /// The complete slots, in order.
    pub fn kind_limits(&self) -> impl Iterator<Item = KindLimit> {
        self.slots.into_iter().filter_map(|s| s.kind_limit())
    }

    fn check_link(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        match (self.plan_date, self.month) {
            // A month in No.63 is the link to 第6表/第7表, which only a record tied to them
            // has: its No.4 is the item that is wrong (「6表・7表に紐づくレコードでは
            // 00000000を入れる」). A file named for 1表 (000000) also has its No.63 reported
            // by the reader against the name's month.
            (PlanDate::Date(d), TargetMonth::Month(m)) => out.push(
                ctx.problem(ProblemKind::Inconsistent, Severity::Error, 4)
                    .found(d.to_string())
                    .expected(format!("{} (No.63 {m})", PlanDate::FOR_USAGE)),
            ),
            (PlanDate::ForUsage, TargetMonth::ForPlan) => out.push(
                ctx.problem(ProblemKind::Inconsistent, Severity::Error, 4)
                    .found(PlanDate::FOR_USAGE)
                    .expected(format!("YYYYMMDD (No.63 {})", TargetMonth::FOR_PLAN)),
            ),
            _ => {}
        }
    }

    fn check_slots(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let mut first_empty: Option<u16> = None;
        let mut over_sum: i64 = 0;
        let mut used = false;
        for (n, slot) in (1u16..).zip(self.slots) {
            let base = slot_first_item(n);
            if slot.is_empty() {
                first_empty.get_or_insert(n);
                continue;
            }
            used = true;
            if let Some(gap) = first_empty {
                out.push(
                    ctx.problem(ProblemKind::SlotGap, Severity::Error, base)
                        .found(n.to_string())
                        .expected(gap.to_string()),
                );
            }
            // 「短期入所療養介護は種類コード22（短期入所療養介護（介護老人保健施設））で設定する」
            if let Some(kind) = slot.kind.filter(|k| matches!(k.code(), "23" | "2A")) {
                out.push(
                    ctx.problem(ProblemKind::UnknownCode, Severity::Error, base)
                        .found(format!("{} {}", kind, kind.name_ja()))
                        .expected("22"),
                );
            }
            if slot.kind.is_none() {
                out.push(
                    ctx.problem(ProblemKind::MissingRequired, Severity::Error, base)
                        // The slot's amounts given, which make its kind required.
                        .expected(
                            [slot.limit, slot.units, slot.over]
                                .iter()
                                .zip(base + 1..)
                                .filter(|(v, _)| v.is_some())
                                .map(|(_, no)| crate::yobo_kihon::item_label(ctx, no))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                );
            } else {
                let amounts = [slot.limit, slot.units, slot.over];
                for (no, value) in (base + 1..).zip(amounts) {
                    if value.is_none() {
                        out.push(
                            ctx.problem(ProblemKind::MissingRequired, Severity::Error, no)
                                // The slot's kind given, which makes its amounts required.
                                .expected(crate::yobo_kihon::item_label(ctx, base)),
                        );
                    }
                }
            }
            over_sum = over_sum.saturating_add(slot.over.unwrap_or(0));
        }
        if used && self.over_total.unwrap_or(0) != over_sum {
            out.push(
                ctx.problem(ProblemKind::TotalMismatch, Severity::Warning, 56)
                    .found(
                        self.over_total
                            .map_or_else(|| "\"\"".to_string(), |v| v.to_string()),
                    )
                    .expected(over_sum.to_string())
                    // Inferred from the item's name: the standard does not say No.56 is the
                    // sum of the slots (issue 13).
                    .inferred(),
            );
        }
    }
}

impl RecordRules for HosokuRecord {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        self.check_link(ctx, out);
        self.check_slots(ctx, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::value::Code;
    use crate::value::ParseError;
    use crate::FileKind;
    use crate::RawRecord;

    /// A record linked to 第1表, with slots 1 and 2 used.
    fn texts() -> Vec<&'static str> {
        let mut t = vec![
            "202407",
            "131001",
            "0000012345",
            "20250320",
            "ヤマダ ハナコ",
            "山田 花子",
            "2",
            "19400101",
            "100-0001",
            "東京都千代田区千代田1-1",
            "",
            "03-0000-0000",
            "20250301",
            "20250301",
            "20260228",
            "2",
            "20250301",
            "22",
            "19705",
        ];
        t.extend(["11", "10000", "12000", "2000"]);
        t.extend(["17", "5000", "4000", "0"]);
        t.extend([""; 28]);
        t.extend([
            "2000",
            "3",
            "10",
            "21",
            "1310000001",
            "1310000001",
            "",
            "000000",
        ]);
        t
    }

    fn problems(t: &[&str]) -> Vec<Problem> {
        let rec = HosokuRecord::from_raw(&RawRecord::from_texts(t)).unwrap();
        let mut ctx = RuleContext::new(FileKind::Hosoku).unwrap();
        ctx.position = crate::Position::new(120, 2, 2);
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        out
    }

    fn kinds(t: &[&str]) -> Vec<(ProblemKind, Severity, u16)> {
        problems(t)
            .iter()
            .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
            .collect()
    }

    #[test]
    fn a_hosoku_for_a_month_is_linked_to_its_plan_and_clean() {
        let rec = HosokuRecord::for_month(
            "131001/0000012345".parse().unwrap(),
            "202504".parse().unwrap(),
            "ﾔﾏﾀﾞ ﾊﾅｺ",
            "山田 花子",
            Sex::Female,
            "19400101".parse().unwrap(),
        );
        let raw = rec.to_raw();
        let mut expected = vec![
            "202407",
            "131001",
            "0000012345",
            "00000000",
            "ﾔﾏﾀﾞ ﾊﾅｺ",
            "山田 花子",
            "2",
            "19400101",
        ];
        expected.extend([""; 54]);
        expected.push("202504");
        let written: Vec<&str> = (0..63).filter_map(|i| raw.text(i)).collect();
        assert_eq!(written, expected);
        assert!(kinds(&expected).is_empty());
    }

    #[test]
    fn round_trip_and_clean() {
        let t = texts();
        assert_eq!(t.len(), 63);
        let raw = RawRecord::from_texts(&t);
        let rec = HosokuRecord::from_raw(&raw).unwrap();
        assert!(kinds(&t).is_empty());
        assert_eq!(rec.to_raw(), raw);
        assert_eq!(
            rec.link(),
            Some(HosokuLink::Plan("20250320".parse().unwrap()))
        );
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), FileKind::Hosoku.layout().unwrap().len());
        for (i, f) in out.fields().enumerate() {
            assert_eq!(f.quoted, [4, 5, 9, 10].contains(&i), "column {i}");
        }
    }

    #[test]
    fn codes_and_special_values_equal_the_layout() {
        fn keys<T: Copy + fmt::Display>(
            all: &[T],
            meaning: fn(T) -> &'static str,
        ) -> Vec<(String, &'static str)> {
            all.iter().map(|c| (c.to_string(), meaning(*c))).collect()
        }
        let layout = FileKind::Hosoku.layout().unwrap();
        let values = |no: u16| -> Vec<(String, &'static str)> {
            layout
                .item(no)
                .unwrap()
                .values
                .iter()
                .map(|v| (v.key.to_string(), v.meaning))
                .collect()
        };
        assert_eq!(values(7), keys(Sex::ALL, Sex::meaning_ja));
        assert_eq!(
            values(16),
            keys(CertificationStatus::ALL, CertificationStatus::meaning_ja)
        );
        assert_eq!(values(18), keys(CareLevel::ALL, CareLevel::meaning_ja));
        assert_eq!(values(59), keys(CareLevel::ALL, CareLevel::meaning_ja));
        assert_eq!(
            values(4),
            vec![(PlanDate::FOR_USAGE.to_string(), "6表・7表に紐づく場合")]
        );
        assert_eq!(
            values(63),
            vec![(TargetMonth::FOR_PLAN.to_string(), "1表・2表に紐づく場合")]
        );
        let err: ParseError = "26".parse::<CareLevel>().unwrap_err();
        assert_eq!(err.input(), "26");
    }

    #[test]
    fn link_to_usage_and_disagreements() {
        let mut t = texts();
        t[3] = "00000000";
        t[62] = "202504";
        assert!(kinds(&t).is_empty());
        let rec = HosokuRecord::from_raw(&RawRecord::from_texts(&t)).unwrap();
        assert_eq!(rec.plan_date, PlanDate::ForUsage);
        assert_eq!(rec.to_raw().text(3), Some("00000000"));

        let mut t = texts();
        t[62] = "202504";
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::Inconsistent, Severity::Error, 4)]
        );
        let p = &problems(&t)[0];
        assert_eq!(
            p.message_ja(),
            "2行目 利用者補足情報 No.4 居宅サービス計画作成（変更）日: 20250320 が 00000000 (No.63 202504) と食い違っています"
        );
        assert_eq!(
            p.message_en(),
            "line 2, 利用者補足情報 No.4 居宅サービス計画作成（変更）日: 20250320 disagrees with 00000000 (No.63 202504)"
        );

        let mut t = texts();
        t[3] = "00000000";
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::Inconsistent, Severity::Error, 4)]
        );
        let rec = HosokuRecord::from_raw(&RawRecord::from_texts(&t)).unwrap();
        assert_eq!(rec.link(), None);
    }

    #[test]
    fn slots_are_filled_in_order() {
        let mut t = texts();
        // Move slot 2 to slot 3: slot 2 is empty.
        for i in 0..4 {
            t[27 + i] = t[23 + i];
            t[23 + i] = "";
        }
        assert_eq!(kinds(&t), vec![(ProblemKind::SlotGap, Severity::Error, 28)]);
        let p = &problems(&t)[0];
        assert_eq!(
            p.message_ja(),
            "2行目 利用者補足情報 No.28 ３サービス種類コード: 第3枠が空の第2枠の後に設定されています。第1枠から順に詰めて設定します"
        );
        assert_eq!(
            p.message_en(),
            "line 2, 利用者補足情報 No.28 ３サービス種類コード: slot 3 is filled after the empty slot 2; slots are filled from slot 1 in order"
        );
    }

    /// 短期入所療養介護 goes into a slot as kind 22, whatever its facility.
    #[test]
    fn short_stay_care_is_set_as_kind_22() {
        for kind in ["23", "2A"] {
            let mut t = texts();
            t[19] = kind;
            assert_eq!(
                kinds(&t),
                vec![(ProblemKind::UnknownCode, Severity::Error, 20)],
                "{kind}"
            );
        }
        let mut t = texts();
        t[19] = "22";
        assert_eq!(kinds(&t), vec![]);
    }

    #[test]
    fn a_slot_has_its_kind_and_its_amounts() {
        let mut t = texts();
        t[19] = "";
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::MissingRequired, Severity::Error, 20)]
        );
        let mut t = texts();
        t[24] = "";
        t[26] = "";
        assert_eq!(
            kinds(&t),
            vec![
                (ProblemKind::MissingRequired, Severity::Error, 25),
                (ProblemKind::MissingRequired, Severity::Error, 27),
            ]
        );
        // Required by the slot's kind, not by the layout: the message says so.
        assert_eq!(
            problems(&t)[0].message_ja(),
            "2行目 利用者補足情報 No.25 ２支給限度基準額: No.24 ２サービス種類コード があるため必須ですが、空です"
        );
        assert_eq!(
            problems(&t)[0].message_en(),
            "line 2, 利用者補足情報 No.25 ２支給限度基準額: this item is empty, but required as No.24 ２サービス種類コード is given"
        );
    }

    #[test]
    fn over_total_is_the_sum_of_the_slots() {
        let mut t = texts();
        t[55] = "1999";
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::TotalMismatch, Severity::Warning, 56)]
        );
        assert_eq!(
            problems(&t)[0].message_ja(),
            "2行目 利用者補足情報 No.56 合計限度超単位数: 1999 が明細の合計 2000 と一致しません（規格に明記のない推定による確認です）"
        );
        t[55] = "";
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::TotalMismatch, Severity::Warning, 56)]
        );
        // No slot used: No.56 is not checked.
        let mut t = texts();
        for c in t.iter_mut().take(27).skip(19) {
            *c = "";
        }
        t[55] = "5";
        assert!(kinds(&t).is_empty());
    }

    #[test]
    fn slot_accessors() {
        let mut rec = HosokuRecord::from_raw(&RawRecord::from_texts(texts())).unwrap();
        let slots = rec.slots;
        assert_eq!(slots[1].kind.map(|k| k.code()), Some("17"));
        assert!(slots[2..].iter().all(LimitSlot::is_empty));
        assert_eq!(rec.slot(1), Some(slots[0]));
        assert_eq!(rec.slot(0), None);
        assert_eq!(rec.slot(10), None);
        let k = KindLimit {
            kind: "15".parse().unwrap(),
            limit: 9000,
            units: 100,
            over: 0,
        };
        assert!(rec.set_slot(3, k.into()));
        assert!(!rec.set_slot(10, k.into()));
        assert_eq!(rec.kind_limits().nth(2), Some(k));
        let raw = rec.to_raw();
        assert_eq!(raw.text(27), Some("15"));
        assert_eq!(raw.text(28), Some("9000"));
        assert_eq!(raw.text(19), Some("11"));
    }
}
