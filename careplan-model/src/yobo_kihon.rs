//! 利用者基本情報 — UPKIHON (介護予防支援等, spec layouts/UPKIHON.tsv and
//! layouts/_notes_yobo.md): one record per user and consultation (相談日), 71 items.
//!
//! Its key, 保険者番号 + 被保険者番号 + 相談日 ([`KihonKey`]), links the rows of 別表1
//! ([`KihonSub1Record`](crate::KihonSub1Record)) and 別表2 ([`crate::yobo_kihon_sub2`]) to it and names the
//! record a 利用者基本情報_削除 ([`KihonDeleteRecord`](crate::KihonDeleteRecord)) deletes.
//!
//! The rules across items checked here (spec layouts/UPKIHON.tsv):
//! - No.8 相談方法 `03:その他` ↔ No.9 相談方法(その他の内容) (notes of No.8 and No.9): その他
//!   without its details, or details with another method, is a warning
//!   ([`MissingConditional`](ProblemKind::MissingConditional) /
//!   [`UnexpectedValue`](ProblemKind::UnexpectedValue));
//! - No.12 利用者の現況 `02:入院又は入所中` → No.13 利用者の現況(状況補足) is described (note of
//!   No.12): a warning when it is empty;
//! - No.24 認定有効期限開始日 ≤ No.25 認定有効期間終了日: a warning
//!   ([`DateOrder`](ProblemKind::DateOrder)) when the period ends before it starts, marked
//!   [inferred](crate::Problem::inferred): the standard states no order; inferred from the item names;
//! - No.62 家族構成 画像ファイル名, when given, has the shape of a family-structure image
//!   name `UPKIHON_IMAGE_…_NNNN.jpg` (note of No.62; `.jpg` in any case): a warning
//!   ([`InvalidFormat`](ProblemKind::InvalidFormat)) otherwise. Only the shape is checked
//!   here (`looks_like_image_name`); the name's parts are parsed by `careplan-csv`.
//!
//! Across the records of one file (checked by the file reader): a [`KihonKey`] appears once
//! ([`DuplicateKey`](ProblemKind::DuplicateKey), of the mode's severity).
//!
//! ```
//! use careplan_model::value::Code;
//! use careplan_model::yobo_kihon::{ConsultationMethod, KihonRecord, YoboCareLevel};
//! use careplan_model::{RawRecord, TypedRecord};
//! let mut items = vec![""; 71];
//! items[..5].copy_from_slice(&["202407", "131045", "0123456789", "20250401", "1"]);
//! items[7] = "01";
//! items[13] = "ﾔﾏﾀﾞ ﾊﾅｺ";
//! items[14] = "山田 花子";
//! items[15] = "2";
//! items[16] = "19400101";
//! items[22] = "12";
//! items[45] = "山田 一郎";
//! items[48] = "03-0000-0000";
//! let raw = RawRecord::from_texts(items);
//! let rec = KihonRecord::from_raw(&raw).unwrap();
//! assert_eq!(rec.consultation_method, Some(ConsultationMethod::Visit));
//! assert_eq!(rec.care_level.unwrap().meaning_ja(), "要支援１");
//! assert_eq!(rec.key().to_string(), "131045/0123456789/20250401");
//! assert_eq!(rec.emergency_contacts()[0].name, "山田 一郎");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::problem::{ProblemKind, Severity};
use crate::typed::{Keyed, RecordRules, RuleContext, UniqueKeys};
use crate::value::{
    Applicable, Code, CsvVersion, Date, InsuredNumber, InsurerNumber, PhoneNumber, Sex,
};
use crate::Problem;

crate::code_enum! {
    /// 計画種類 (UPKIHON No.5, UPYOBO No.5).
    pub enum YoboPlanKind {
        /// 介護予防支援.
        PreventionSupport = "1" "介護予防支援",
        /// 介護予防ケアマネジメント.
        PreventionCareManagement = "2" "介護予防ケアマネジメント",
    }
}

crate::code_enum! {
    /// 委託の有無 (UPKIHON No.6, UPYOBO No.6): whether the plan is made in house or
    /// entrusted to a 居宅介護支援事業所.
    pub enum Entrustment { InHouse = "1" "自前", Entrusted = "2" "委託" }
}

crate::code_enum! {
    /// 相談方法 (No.8).
    pub enum ConsultationMethod { Visit = "01" "来所", Phone = "02" "電話", Other = "03" "その他" }
}

crate::code_enum! {
    /// 相談回数 (No.10).
    pub enum ConsultationCount { First = "01" "初回", Repeat = "02" "再来" }
}

crate::code_enum! {
    /// 利用者の現況 (No.12).
    pub enum CurrentSituation { AtHome = "01" "在宅", InHospitalOrFacility = "02" "入院又は入所中" }
}

crate::code_enum! {
    /// 障害高齢者の日常生活自立度 (No.21): 自立 and ranks J1 to C2.
    pub enum DisabilityIndependence {
        Independent = "01" "自立",
        J1 = "11" "J1",
        J2 = "12" "J2",
        A1 = "21" "A1",
        A2 = "22" "A2",
        B1 = "31" "B1",
        B2 = "32" "B2",
        C1 = "41" "C1",
        C2 = "42" "C2",
    }
}

crate::code_enum! {
    /// 認知症高齢者の日常生活自立度 (No.22): 自立 and ranks Ⅰ to Ｍ, with the full-width
    /// meanings the standard prints.
    pub enum DementiaIndependence {
        Independent = "01" "自立",
        Rank1 = "02" "Ⅰ",
        Rank2a = "03" "Ⅱａ",
        Rank2b = "04" "Ⅱｂ",
        Rank3a = "05" "Ⅲａ",
        Rank3b = "06" "Ⅲｂ",
        Rank4 = "07" "Ⅳ",
        RankM = "08" "Ｍ",
    }
}

crate::code_enum! {
    /// 要介護状態区分 and 前回の介護度 of UPKIHON (No.23, No.26). Unlike
    /// [`CareLevel`](crate::value::CareLevel) of the 居宅 files (`06:事業対象者`), this set
    /// starts with `01:非該当`.
    pub enum YoboCareLevel {
        NotApplicable = "01" "非該当",
        Support1 = "12" "要支援１",
        Support2 = "13" "要支援２",
        Care1 = "21" "要介護１",
        Care2 = "22" "要介護２",
        Care3 = "23" "要介護３",
        Care4 = "24" "要介護４",
        Care5 = "25" "要介護５",
    }
}

crate::code_enum! {
    /// 基本チェックリスト記入結果 (No.27).
    pub enum ChecklistResult {
        Applicable = "1" "事業対象者の該当あり",
        NotApplicable = "2" "事業対象者の該当なし",
    }
}

crate::code_enum! {
    /// 居住形態 (No.34).
    pub enum Residence {
        Own = "01" "自宅",
        Rented = "02" "借家",
        Detached = "03" "一戸建て",
        Apartment = "04" "集合住宅",
        OwnDetached = "05" "自宅・一戸建て",
        OwnApartment = "06" "自宅・集合住宅",
        RentedDetached = "07" "借家・一戸建て",
        RentedApartment = "08" "借家・集合住宅",
    }
}

crate::code_enum! {
    /// An item written `1:有;2:無`: 住宅改修の有無 (UPKIHON No.36) and 領域における課題の有無
    /// (UPYOBO No.26, 30, 34, 38).
    pub enum Presence { Yes = "1" "有", No = "2" "無" }
}

crate::typed_record! {
    /// A record of 利用者基本情報 (UPKIHON): one user's basic information at one consultation.
    pub struct KihonRecord for [YoboKihon] in "UPKIHON" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 相談日: with No.2 and No.3 the record's key.
        4 req consultation_date: Date,
        /// No.5 計画種類.
        5 req plan_kind: YoboPlanKind,
        /// No.6 委託の有無.
        6 opt entrustment: Entrustment,
        /// No.7 作成担当者.
        7 text author,
        /// No.8 相談方法.
        8 opt consultation_method: ConsultationMethod,
        /// No.9 相談方法(その他の内容): details when No.8 is `03:その他`.
        9 text consultation_method_other,
        /// No.10 相談回数.
        10 opt consultation_count: ConsultationCount,
        /// No.11 前回相談日.
        11 opt previous_consultation_date: Date,
        /// No.12 利用者の現況.
        12 opt situation: CurrentSituation,
        /// No.13 利用者の現況(状況補足): described when No.12 is `02:入院又は入所中`.
        13 text situation_note,
        /// No.14 利用者氏名ﾌﾘｶﾞﾅ.
        14 text_req name_kana,
        /// No.15 利用者氏名.
        15 text_req name,
        /// No.16 利用者性別.
        16 req sex: Sex,
        /// No.17 利用者生年月日.
        17 req birth_date: Date,
        /// No.18 利用者住所.
        18 text address,
        /// No.19 利用者電話番号.
        19 opt phone: PhoneNumber,
        /// No.20 利用者Fax番号 (free text in the layout, unlike the other numbers).
        20 text fax,
        /// No.21 障害高齢者の日常生活自立度.
        21 opt disability_independence: DisabilityIndependence,
        /// No.22 認知症高齢者の日常生活自立度.
        22 opt dementia_independence: DementiaIndependence,
        /// No.23 要介護状態区分.
        23 opt care_level: YoboCareLevel,
        /// No.24 認定有効期限開始日.
        24 opt certification_start: Date,
        /// No.25 認定有効期間終了日.
        25 opt certification_end: Date,
        /// No.26 前回の介護度.
        26 opt previous_care_level: YoboCareLevel,
        /// No.27 基本チェックリスト記入結果.
        27 opt checklist_result: ChecklistResult,
        /// No.28 基本チェックリスト記入日.
        28 opt checklist_date: Date,
        /// No.29 障害等認定(身障).
        29 opt physical_disability: Applicable,
        /// No.30 障害等認定(療育).
        30 opt intellectual_disability: Applicable,
        /// No.31 障害等認定(精神).
        31 opt mental_disability: Applicable,
        /// No.32 障害等認定(難病).
        32 opt intractable_disease: Applicable,
        /// No.33 障害等認定特記事項.
        33 text disability_note,
        /// No.34 居住形態.
        34 opt residence: Residence,
        /// No.35 自室の階数.
        35 opt room_floor: i32,
        /// No.36 住宅改修の有無.
        36 opt home_modification: Presence,
        /// No.37 経済状況(国民年金).
        37 opt national_pension: Applicable,
        /// No.38 経済状況(厚生年金).
        38 opt employees_pension: Applicable,
        /// No.39 経済状況(障害年金).
        39 opt disability_pension: Applicable,
        /// No.40 経済状況(生活保護).
        40 opt public_assistance: Applicable,
        /// No.41 経済状況詳細.
        41 text economic_note,
        /// No.42 来所者(相談者)氏名.
        42 text visitor_name,
        /// No.43 来所者(相談者)住所 (other data may appear here, the standard warns).
        43 text visitor_address,
        /// No.44 来所者(相談者)電話番号.
        44 opt visitor_phone: PhoneNumber,
        /// No.45 来所者(相談者)続柄.
        45 text visitor_relation,
        /// No.46 1 緊急連絡先(氏名).
        46 text emergency1_name,
        /// No.47 1 緊急連絡先(続柄).
        47 text emergency1_relation,
        /// No.48 1 緊急連絡先(住所).
        48 text emergency1_address,
        /// No.49 1 緊急連絡先(電話番号).
        49 opt emergency1_phone: PhoneNumber,
        /// No.50 2 緊急連絡先(氏名).
        50 text emergency2_name,
        /// No.51 2 緊急連絡先(続柄).
        51 text emergency2_relation,
        /// No.52 2 緊急連絡先(住所).
        52 text emergency2_address,
        /// No.53 2 緊急連絡先(電話番号).
        53 opt emergency2_phone: PhoneNumber,
        /// No.54 3 緊急連絡先(氏名).
        54 text emergency3_name,
        /// No.55 3 緊急連絡先(続柄).
        55 text emergency3_relation,
        /// No.56 3 緊急連絡先(住所).
        56 text emergency3_address,
        /// No.57 3 緊急連絡先(電話番号).
        57 opt emergency3_phone: PhoneNumber,
        /// No.58 4 緊急連絡先(氏名).
        58 text emergency4_name,
        /// No.59 4 緊急連絡先(続柄).
        59 text emergency4_relation,
        /// No.60 4 緊急連絡先(住所).
        60 text emergency4_address,
        /// No.61 4 緊急連絡先(電話番号).
        61 opt emergency4_phone: PhoneNumber,
        /// No.62 家族構成 画像ファイル名: the UPKIHON_IMAGE file of this record.
        62 text family_image,
        /// No.63 家族関係等の状況.
        63 text family_relations,
        /// No.64 今までの生活.
        64 text life_history,
        /// No.65 １日の生活・すごし方(生活全般) (the time schedule is in 別表1).
        65 text daily_life,
        /// No.66 趣味・楽しみ・特技.
        66 text hobbies,
        /// No.67 友人・地域との関係.
        67 text community_relations,
        /// No.68 現在利用している公的サービス.
        68 text public_services,
        /// No.69 現在利用している非公的サービス.
        69 text informal_services,
        /// No.70 同意日.
        70 opt consent_date: Date,
        /// No.71 同意者氏名.
        71 text consenter,
    }
}

/// The key of a 利用者基本情報 record: 保険者番号 + 被保険者番号 + 相談日. 別表1, 別表2 and
/// 利用者基本情報_削除 records carry the same three items to name their UPKIHON record.
///
/// It prints as `保険者番号/被保険者番号/相談日`.
///
/// ```
/// use careplan_model::yobo_kihon::KihonKey;
/// let key = KihonKey::new("131045".parse().unwrap(), "0123456789".parse().unwrap(),
///     "20250401".parse().unwrap());
/// assert_eq!(key.to_string(), "131045/0123456789/20250401");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct KihonKey {
    /// 保険者番号.
    pub insurer: InsurerNumber,
    /// 被保険者番号.
    pub insured: InsuredNumber,
    /// 相談日.
    pub consultation_date: Date,
}

impl KihonKey {
    /// The key of these three items.
    pub fn new(insurer: InsurerNumber, insured: InsuredNumber, consultation_date: Date) -> Self {
        KihonKey {
            insurer,
            insured,
            consultation_date,
        }
    }
}

impl fmt::Display for KihonKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}",
            self.insurer, self.insured, self.consultation_date
        )
    }
}

/// One of the four 緊急連絡先 of a 利用者基本情報 record (No.46–61), borrowed.
///
/// ```
/// use careplan_model::yobo_kihon::EmergencyContact;
/// let c = EmergencyContact { name: "", relation: "", address: "", phone: None };
/// assert!(c.is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmergencyContact<'a> {
    /// 緊急連絡先(氏名).
    pub name: &'a str,
    /// 緊急連絡先(続柄).
    pub relation: &'a str,
    /// 緊急連絡先(住所) (other data may appear here, the standard warns).
    pub address: &'a str,
    /// 緊急連絡先(電話番号).
    pub phone: Option<&'a PhoneNumber>,
}

impl EmergencyContact<'_> {
    /// Whether all four items are empty.
    pub fn is_empty(&self) -> bool {
        self.name.is_empty()
            && self.relation.is_empty()
            && self.address.is_empty()
            && self.phone.is_none()
    }
}

impl KihonRecord {
    /// The record's key: 保険者番号 + 被保険者番号 + 相談日.
    pub fn key(&self) -> KihonKey {
        KihonKey::new(self.insurer, self.insured, self.consultation_date)
    }

    /// The four 緊急連絡先 (No.46–49, 50–53, 54–57, 58–61), in order, empty ones included.
    pub fn emergency_contacts(&self) -> [EmergencyContact<'_>; 4] {
        [
            EmergencyContact {
                name: &self.emergency1_name,
                relation: &self.emergency1_relation,
                address: &self.emergency1_address,
                phone: self.emergency1_phone.as_ref(),
            },
            EmergencyContact {
                name: &self.emergency2_name,
                relation: &self.emergency2_relation,
                address: &self.emergency2_address,
                phone: self.emergency2_phone.as_ref(),
            },
            EmergencyContact {
                name: &self.emergency3_name,
                relation: &self.emergency3_relation,
                address: &self.emergency3_address,
                phone: self.emergency3_phone.as_ref(),
            },
            EmergencyContact {
                name: &self.emergency4_name,
                relation: &self.emergency4_relation,
                address: &self.emergency4_address,
                phone: self.emergency4_phone.as_ref(),
            },
        ]
    }
}

/// The prefix of a family-structure image name.
const IMAGE_PREFIX: &str = "UPKIHON_IMAGE_";

/// Whether `name` has the shape of a family-structure image name (UPKIHON No.62):
/// `UPKIHON_IMAGE_`, something, `_`, a 4-digit 枝番 and `.jpg`, letters in any case.
///
/// Only the shape is checked; the parts between the prefix and the 枝番 (sender, receiver,
/// timestamp) are parsed with the file names in `careplan-csv`.
pub(crate) fn looks_like_image_name(name: &str) -> bool {
    let b = name.as_bytes();
    // Prefix, at least one character, then `_NNNN.jpg` (9 bytes).
    let Some(tail_start) = b.len().checked_sub(9) else {
        return false;
    };
    let (Some(prefix), Some(tail)) = (b.get(..IMAGE_PREFIX.len()), b.get(tail_start..)) else {
        return false;
    };
    if !prefix.eq_ignore_ascii_case(IMAGE_PREFIX.as_bytes()) || tail_start <= IMAGE_PREFIX.len() {
        return false;
    }
    match tail {
        [b'_', d @ .., b'.', j, p, g] => {
            d.len() == 4
                && d.iter().all(u8::is_ascii_digit)
                && [*j, *p, *g].eq_ignore_ascii_case(b"jpg")
        }
        _ => false,
    }
}

/// Whether a free-text item says nothing (empty, or only spaces, full-width ones included).
pub(crate) fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// `No.8 相談方法` for item `no` of the context's layout.
pub(crate) fn item_label(ctx: &RuleContext<'_>, no: u16) -> String {
    match ctx.layout.item(no) {
        Some(item) => format!("No.{no} {}", item.name),
        None => format!("No.{no}"),
    }
}

impl RecordRules for KihonRecord {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let other = self.consultation_method == Some(ConsultationMethod::Other);
        let details = !is_blank(&self.consultation_method_other);
        if other && !details {
            out.push(
                ctx.problem(ProblemKind::MissingConditional, Severity::Warning, 9)
                    .expected(format!("{} = 03:その他", item_label(ctx, 8))),
            );
        } else if details && !other {
            let method = self.consultation_method.map_or_else(
                || "\"\"".to_string(),
                |m| format!("{}:{}", m.key(), m.meaning_ja()),
            );
            // Inferred: the standard says where the details of 03:その他 go, not that No.9
            // must be empty otherwise.
            out.push(
                ctx.problem(ProblemKind::UnexpectedValue, Severity::Warning, 9)
                    .found(self.consultation_method_other.clone())
                    .expected(format!("{} = 03:その他 ({method})", item_label(ctx, 8)))
                    .inferred(),
            );
        }
        if self.situation == Some(CurrentSituation::InHospitalOrFacility)
            && is_blank(&self.situation_note)
        {
            out.push(
                ctx.problem(ProblemKind::MissingConditional, Severity::Warning, 13)
                    .expected(format!("{} = 02:入院又は入所中", item_label(ctx, 12))),
            );
        }
        if let (Some(start), Some(end)) = (self.certification_start, self.certification_end) {
            if end < start {
                // Inferred: the standard states no order; inferred from the item names
                // (認定有効期間 開始日/終了日: a period does not end before it starts).
                out.push(
                    ctx.problem(ProblemKind::DateOrder, Severity::Warning, 24)
                        .found(start.to_string())
                        .expected(format!("{} {end}", item_label(ctx, 25)))
                        .inferred(),
                );
            }
        }
        if !is_blank(&self.family_image) && !looks_like_image_name(&self.family_image) {
            out.push(
                ctx.problem(ProblemKind::InvalidFormat, Severity::Warning, 62)
                    .found(self.family_image.clone())
                    .expected("UPKIHON_IMAGE_…_NNNN.jpg"),
            );
        }
    }
}

/// The rules across the records of one UPKIHON file: each [`KihonKey`] once, since 別表1,
/// 別表2 and 利用者基本情報_削除 name a record by it. A repeated key is a
/// [`DuplicateKey`](ProblemKind::DuplicateKey) of the mode's severity, related to the first
/// record with that key.
pub(crate) type KihonRules = UniqueKeys<KihonRecord>;

impl Keyed for KihonRecord {
    type Key = KihonKey;
    const KEY_ITEM: u16 = 4;

    fn key(&self) -> KihonKey {
        KihonRecord::key(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::FileKind;
    use crate::Position;
    use crate::RawRecord;

    fn texts() -> Vec<&'static str> {
        let mut t = vec![""; 71];
        t[0] = "202407";
        t[1] = "131045";
        t[2] = "0123456789";
        t[3] = "20250401";
        t[4] = "1";
        t[5] = "2";
        t[6] = "包括 太郎";
        t[7] = "01";
        t[13] = "ﾔﾏﾀﾞ ﾊﾅｺ";
        t[14] = "山田 花子";
        t[15] = "2";
        t[16] = "19400101";
        t[18] = "03-0000-0000";
        t[19] = "03-0000-0001";
        t[21] = "03";
        t[22] = "12";
        t[23] = "20250101";
        t[24] = "20251231";
        t[34] = "2";
        t[61] = "UPKIHON_IMAGE_0300000100_43_0300000005_11_20191025200201_0001.JPG";
        t
    }

    fn check(t: &[&str]) -> Vec<Problem> {
        let rec = KihonRecord::from_raw(&RawRecord::from_texts(t)).unwrap();
        let mut ctx = RuleContext::new(FileKind::YoboKihon).unwrap();
        ctx.position = Position::new(300, 2, 2);
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        out
    }

    fn kinds(t: &[&str]) -> Vec<(ProblemKind, Severity, u16)> {
        check(t)
            .iter()
            .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
            .collect()
    }

    #[test]
    fn round_trip_and_clean() {
        let raw = RawRecord::from_texts(texts());
        let rec = KihonRecord::from_raw(&raw).unwrap();
        assert!(check(&texts()).is_empty());
        assert_eq!(rec.to_raw(), raw);
        assert_eq!(rec.fax, "03-0000-0001");
        assert_eq!(rec.room_floor, Some(2));
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 71);
        // No.7 作成担当者 and No.20 利用者Fax番号 are free text; No.19 電話番号 is not.
        assert!(out.field(6).unwrap().quoted);
        assert!(out.field(19).unwrap().quoted);
        assert!(!out.field(18).unwrap().quoted);
        assert!(!out.field(3).unwrap().quoted);
    }

    #[test]
    fn consultation_method_other_both_ways() {
        let mut t = texts();
        t[7] = "03";
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::MissingConditional, Severity::Warning, 9)]
        );
        t[8] = "　";
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::MissingConditional, Severity::Warning, 9)]
        );
        t[8] = "訪問時に聞き取り";
        assert!(kinds(&t).is_empty());
        t[7] = "02";
        let p = check(&t);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].kind, ProblemKind::UnexpectedValue);
        assert_eq!(
            p[0].message_ja(),
            "2行目 利用者基本情報 No.9 相談方法(その他の内容): 訪問時に聞き取り が入っていますが、この項目は No.8 相談方法 = 03:その他 (02:電話) の場合だけ使います（規格に明記のない推定による確認です）"
        );
        t[7] = "";
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::UnexpectedValue, Severity::Warning, 9)]
        );
    }

    #[test]
    fn situation_note() {
        let mut t = texts();
        t[11] = "02";
        let p = check(&t);
        assert_eq!(
            p.iter().map(|p| p.kind).collect::<Vec<_>>(),
            vec![ProblemKind::MissingConditional]
        );
        assert_eq!(
            p[0].message_en(),
            "line 2, 利用者基本情報 No.13 利用者の現況(状況補足): this item is empty, but No.12 利用者の現況 = 02:入院又は入所中 requires it"
        );
        t[12] = "○○病院に入院中";
        assert!(check(&t).is_empty());
        t[11] = "01";
        assert!(check(&t).is_empty());
    }

    #[test]
    fn certification_period() {
        let mut t = texts();
        t[24] = "20241231";
        let p = check(&t);
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::DateOrder, Severity::Warning, 24)]
        );
        assert_eq!(
            p[0].message_ja(),
            "2行目 利用者基本情報 No.24 認定有効期限開始日: 20250101 が No.25 認定有効期間終了日 20241231 より後の日付です（規格に明記のない推定による確認です）"
        );
        t[24] = "20250101";
        assert!(check(&t).is_empty());
        t[23] = "";
        t[24] = "20000101";
        assert!(check(&t).is_empty());
    }

    #[test]
    fn image_name_shape() {
        let mut t = texts();
        for bad in [
            "家族構成.jpg",
            "UPKIHON_IMAGE_0001.jpg",
            "UPKIHON_IMAGE_x_001.jpg",
            "UPKIHON_IMAGE_x_0001.png",
            "UPKIHON_x_0001.jpg",
            "UPKIHON_IMAGE_x_000１.jpg",
        ] {
            t[61] = bad;
            let p = check(&t);
            assert_eq!(
                kinds(&t),
                vec![(ProblemKind::InvalidFormat, Severity::Warning, 62)],
                "{bad}"
            );
            assert_eq!(p[0].found.as_deref(), Some(bad));
        }
        for good in ["", "upkihon_image_a_0002.Jpg", "UPKIHON_IMAGE_a_9999.jpg"] {
            t[61] = good;
            assert!(check(&t).is_empty(), "{good}");
        }
        assert!(!looks_like_image_name(""));
        assert!(!looks_like_image_name("UPKIHON_IMAGE_"));
        assert!(!looks_like_image_name("ＵPKIHON_IMAGE_x_0001.jpg"));
    }

    #[test]
    fn emergency_contacts() {
        let mut t = texts();
        t[53] = "佐藤 次郎";
        t[54] = "長男";
        t[56] = "090-1234-5678";
        let rec = KihonRecord::from_raw(&RawRecord::from_texts(&t)).unwrap();
        let c = rec.emergency_contacts();
        assert!(c[0].is_empty() && c[1].is_empty() && c[3].is_empty());
        assert_eq!(c[2].name, "佐藤 次郎");
        assert_eq!(c[2].relation, "長男");
        assert_eq!(c[2].phone.map(PhoneNumber::as_str), Some("090-1234-5678"));
    }

    #[test]
    fn bad_phone_is_not_typed() {
        let mut t = texts();
        t[18] = "03 0000 0000";
        assert!(KihonRecord::from_raw(&RawRecord::from_texts(&t)).is_none());
        // No.20 is free text: anything goes.
        let mut t = texts();
        t[19] = "FAXなし";
        assert!(KihonRecord::from_raw(&RawRecord::from_texts(&t)).is_some());
    }
}

#[cfg(test)]
mod looks_like_image_name_examples {
    #[test]
    fn looks_like_image_name_example() {
        use crate::yobo_kihon::looks_like_image_name;
        assert!(looks_like_image_name(
            "UPKIHON_IMAGE_0300000100_43_0300000005_11_20191025200201_0001.JPG"
        ));
        assert!(looks_like_image_name("upkihon_image_x_0002.jpg"));
        assert!(!looks_like_image_name("UPKIHON_IMAGE_x_1.jpg"));
        assert!(!looks_like_image_name("家族構成.jpg"));
    }
}
