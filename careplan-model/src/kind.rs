//! File kinds: every kind of file in spec FILES.tsv, with its prefix, Japanese name, layout
//! and which side sends it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::layout::Layout;
use crate::value::{Flaw, ParseError};

/// Which side of the exchange sends a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Side {
    /// 居宅介護支援事業所 / 地域包括支援センター等 (the care-management office).
    CareOffice,
    /// サービス事業所 (the care-service provider).
    Provider,
}

impl Side {
    /// The side in Japanese.
    pub fn name_ja(self) -> &'static str {
        match self {
            Side::CareOffice => "居宅介護支援事業所 / 地域包括支援センター等",
            Side::Provider => "サービス事業所",
        }
    }

    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::CareOffice => Side::Provider,
            Side::Provider => Side::CareOffice,
        }
    }
}

/// A kind of file of the standard (spec FILES.tsv).
///
/// ```
/// use careplan_model::{FileKind, Side};
/// let k: FileKind = "UPPLAN".parse().unwrap();
/// assert_eq!(k, FileKind::UsagePlan);
/// assert_eq!(k.name_ja(), "第6表（サービス利用票）予定");
/// assert_eq!(k.sender(), Side::CareOffice);
/// assert!(k.month_in_name());
/// assert_eq!(FileKind::from_id("usage_result"), Some(FileKind::UsageResult));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FileKind {
    /// 利用者補足情報 (UPHOSOKU).
    Hosoku,
    /// 居宅サービス計画1表 (UP1KYO).
    Plan1,
    /// 居宅サービス計画1表_削除 (DLT1KYO).
    Plan1Delete,
    /// 居宅サービス計画2表 (UP2KYO).
    Plan2,
    /// 居宅サービス計画3表 (UP3KYO).
    Plan3,
    /// 第6表（サービス利用票）予定 (UPPLAN).
    UsagePlan,
    /// 第6表（サービス利用票）予定削除 (DLTPLAN).
    UsagePlanDelete,
    /// 第6表 実績情報 (UPJSK).
    UsageResult,
    /// 第6表 実績情報削除 (DLTJSK).
    UsageResultDelete,
    /// 第7表（サービス利用票別表） (UPSIKYU).
    UsageSummary,
    /// 利用者基本情報 (UPKIHON).
    YoboKihon,
    /// 利用者基本情報（別表1）タイムスケジュール (UPKIHON_SUB1).
    YoboKihonSub1,
    /// 利用者基本情報（別表2）現病歴・既往歴 (UPKIHON_SUB2).
    YoboKihonSub2,
    /// 家族構成 画像 (UPKIHON_IMAGE, a JPEG, not a CSV).
    YoboKihonImage,
    /// 利用者基本情報_削除 (DLTKIHON).
    YoboKihonDelete,
    /// 介護予防サービス・支援計画書 (UPYOBO).
    YoboPlan,
    /// 介護予防サービス・支援計画書（別表）支援計画 (UPYOBO_SUB).
    YoboPlanSub,
    /// 介護予防サービス・支援計画書_削除 (DLTYOBO).
    YoboPlanDelete,
}

struct KindInfo {
    kind: FileKind,
    id: &'static str,
    name_ja: &'static str,
    label_ja: &'static str,
    prefix: &'static str,
    layout: Option<&'static str>,
    month_in_name: bool,
    sender: Side,
}

// One positional row per kind keeps the table below readable as a table.
#[allow(clippy::too_many_arguments)]
const fn info(
    kind: FileKind,
    id: &'static str,
    name_ja: &'static str,
    label_ja: &'static str,
    prefix: &'static str,
    layout: Option<&'static str>,
    month_in_name: bool,
    sender: Side,
) -> KindInfo {
    KindInfo {
        kind,
        id,
        name_ja,
        label_ja,
        prefix,
        layout,
        month_in_name,
        sender,
    }
}

use FileKind::*;
use Side::*;

/// One row per kind, in the order of spec FILES.tsv.
const KINDS: [KindInfo; 18] = [
    info(
        Hosoku,
        "hosoku",
        "利用者補足情報",
        "利用者補足情報",
        "UPHOSOKU",
        Some("UPHOSOKU"),
        true,
        CareOffice,
    ),
    info(
        Plan1,
        "plan1",
        "居宅サービス計画1表",
        "第1表",
        "UP1KYO",
        Some("UP1KYO"),
        false,
        CareOffice,
    ),
    info(
        Plan1Delete,
        "plan1_delete",
        "居宅サービス計画1表_削除",
        "第1表削除",
        "DLT1KYO",
        Some("DLT1KYO"),
        false,
        CareOffice,
    ),
    info(
        Plan2,
        "plan2",
        "居宅サービス計画2表",
        "第2表",
        "UP2KYO",
        Some("UP2KYO"),
        false,
        CareOffice,
    ),
    info(
        Plan3,
        "plan3",
        "居宅サービス計画3表",
        "第3表",
        "UP3KYO",
        Some("UP3KYO"),
        false,
        CareOffice,
    ),
    info(
        UsagePlan,
        "usage_plan",
        "第6表（サービス利用票）予定",
        "第6表",
        "UPPLAN",
        Some("TABLE6"),
        true,
        CareOffice,
    ),
    info(
        UsagePlanDelete,
        "usage_plan_delete",
        "第6表（サービス利用票）予定削除",
        "第6表予定削除",
        "DLTPLAN",
        Some("DLTPLAN"),
        true,
        CareOffice,
    ),
    info(
        UsageResult,
        "usage_result",
        "第6表 実績情報",
        "第6表実績",
        "UPJSK",
        Some("TABLE6"),
        true,
        Provider,
    ),
    info(
        UsageResultDelete,
        "usage_result_delete",
        "第6表 実績情報削除",
        "第6表実績削除",
        "DLTJSK",
        Some("DLTJSK"),
        true,
        Provider,
    ),
    info(
        UsageSummary,
        "usage_summary",
        "第7表（サービス利用票別表）",
        "第7表",
        "UPSIKYU",
        Some("UPSIKYU"),
        true,
        CareOffice,
    ),
    info(
        YoboKihon,
        "yobo_kihon",
        "利用者基本情報",
        "利用者基本情報",
        "UPKIHON",
        Some("UPKIHON"),
        false,
        CareOffice,
    ),
    info(
        YoboKihonSub1,
        "yobo_kihon_sub1",
        "利用者基本情報（別表1）タイムスケジュール",
        "利用者基本情報別表1",
        "UPKIHON_SUB1",
        Some("UPKIHON_SUB1"),
        false,
        CareOffice,
    ),
    info(
        YoboKihonSub2,
        "yobo_kihon_sub2",
        "利用者基本情報（別表2）現病歴・既往歴",
        "利用者基本情報別表2",
        "UPKIHON_SUB2",
        Some("UPKIHON_SUB2"),
        false,
        CareOffice,
    ),
    info(
        YoboKihonImage,
        "yobo_kihon_image",
        "家族構成 画像",
        "家族構成画像",
        "UPKIHON_IMAGE",
        None,
        false,
        CareOffice,
    ),
    info(
        YoboKihonDelete,
        "yobo_kihon_delete",
        "利用者基本情報_削除",
        "利用者基本情報削除",
        "DLTKIHON",
        Some("DLTKIHON"),
        false,
        CareOffice,
    ),
    info(
        YoboPlan,
        "yobo_plan",
        "介護予防サービス・支援計画書",
        "支援計画書",
        "UPYOBO",
        Some("UPYOBO"),
        false,
        CareOffice,
    ),
    info(
        YoboPlanSub,
        "yobo_plan_sub",
        "介護予防サービス・支援計画書（別表）支援計画",
        "支援計画書別表",
        "UPYOBO_SUB",
        Some("UPYOBO_SUB"),
        false,
        CareOffice,
    ),
    info(
        YoboPlanDelete,
        "yobo_plan_delete",
        "介護予防サービス・支援計画書_削除",
        "支援計画書削除",
        "DLTYOBO",
        Some("DLTYOBO"),
        false,
        CareOffice,
    ),
];

impl FileKind {
    /// Every kind, in the order of spec FILES.tsv.
    pub const ALL: [FileKind; 18] = [
        Hosoku,
        Plan1,
        Plan1Delete,
        Plan2,
        Plan3,
        UsagePlan,
        UsagePlanDelete,
        UsageResult,
        UsageResultDelete,
        UsageSummary,
        YoboKihon,
        YoboKihonSub1,
        YoboKihonSub2,
        YoboKihonImage,
        YoboKihonDelete,
        YoboPlan,
        YoboPlanSub,
        YoboPlanDelete,
    ];

    fn info(self) -> &'static KindInfo {
        // KINDS is in the same order as the enum; the test below checks it.
        &KINDS[self as usize]
    }

    /// The id of spec FILES.tsv (`usage_plan`, `hosoku` …).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The Japanese name as the standard gives it.
    pub fn name_ja(self) -> &'static str {
        self.info().name_ja
    }

    /// A short Japanese label used in messages (`第6表`, `第7表`, `利用者補足情報`).
    #[doc(hidden)]
    pub fn label_ja(self) -> &'static str {
        self.info().label_ja
    }

    /// The file-name prefix (`UPPLAN` …).
    pub fn prefix(self) -> &'static str {
        self.info().prefix
    }

    /// The name of its layout table (the TSV stem in spec/layouts: `TABLE6` for both UPPLAN
    /// and UPJSK), or `None` for the family-structure image, which is not a CSV.
    pub(crate) fn layout_name(self) -> Option<&'static str> {
        self.info().layout
    }

    /// The layout of this kind in the current (4.x) standard, or `None` for the
    /// family-structure image. Use [`Layout::for_version`] for records of older versions.
    ///
    /// ```
    /// use careplan_model::FileKind;
    /// assert_eq!(FileKind::UsageResult.layout().unwrap().name, "TABLE6");
    /// assert_eq!(FileKind::Hosoku.layout().unwrap().len(), 63);
    /// assert!(FileKind::YoboKihonImage.layout().is_none());
    /// ```
    pub fn layout(self) -> Option<&'static Layout> {
        Layout::of_kind(self)
    }

    /// Whether the file name carries a 対象年月 segment.
    pub fn month_in_name(self) -> bool {
        self.info().month_in_name
    }

    /// Which side sends it.
    pub fn sender(self) -> Side {
        self.info().sender
    }

    /// Which side receives it.
    pub fn receiver(self) -> Side {
        self.sender().other()
    }

    /// Whether it is a CSV file (all kinds but the family-structure image).
    pub fn is_csv(self) -> bool {
        self.layout_name().is_some()
    }

    /// Whether it is a delete file.
    pub fn is_delete(self) -> bool {
        self.prefix().starts_with("DLT")
    }

    /// The kind with this file-name prefix (exact, upper case).
    #[doc(hidden)]
    pub fn from_prefix(prefix: &str) -> Option<FileKind> {
        KINDS.iter().find(|k| k.prefix == prefix).map(|k| k.kind)
    }

    /// The kind with this FILES.tsv id.
    pub fn from_id(id: &str) -> Option<FileKind> {
        KINDS.iter().find(|k| k.id == id).map(|k| k.kind)
    }
}

impl fmt::Display for FileKind {
    /// The prefix, e.g. `UPPLAN`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

impl FromStr for FileKind {
    type Err = ParseError;

    /// Parses a prefix, ignoring case (`UPPLAN`, `upplan`).
    fn from_str(s: &str) -> Result<FileKind, ParseError> {
        FileKind::from_prefix(&s.to_ascii_uppercase())
            .ok_or_else(|| ParseError::new("file kind prefix", s, Flaw::UnknownKind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_enum() {
        for (i, k) in FileKind::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
            assert_eq!(KINDS[i].kind, *k);
            assert_eq!(FileKind::from_prefix(k.prefix()), Some(*k));
            assert_eq!(FileKind::from_id(k.id()), Some(*k));
        }
    }

    #[test]
    fn sides_and_deletes() {
        assert_eq!(FileKind::UsageResult.sender(), Side::Provider);
        assert_eq!(FileKind::UsageResult.receiver(), Side::CareOffice);
        assert!(FileKind::UsageResultDelete.is_delete());
        assert!(!FileKind::YoboKihonImage.is_csv());
        assert!("upsikyu".parse::<FileKind>().is_ok());
        assert!("UPKHON".parse::<FileKind>().is_err());
    }
}
