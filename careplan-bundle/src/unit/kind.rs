//! The kinds of transmission unit and the files each one holds.

use std::fmt;

use careplan_model::{FileKind, Side};
use serde::{Deserialize, Serialize};

/// Whether a unit of some kind must hold a file of some kind.
///
/// ```
/// use careplan_bundle::Presence;
/// assert!(Presence::Required.is_required(true));
/// assert!(Presence::RequiredUnlessLegacy.is_required(false));
/// assert!(!Presence::RequiredUnlessLegacy.is_required(true));
/// assert!(!Presence::Repeated.is_required(false));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Presence {
    /// Exactly one file of the kind.
    Required,
    /// Exactly one file of the kind, except in a unit whose names are all in the legacy
    /// (pre-4.0) form, where it may be absent: 第3表 (UP3KYO) is new in 4.0, and a unit named
    /// by a pre-4.0 writer has none.
    RequiredUnlessLegacy,
    /// At most one file of the kind (a 別表).
    Optional,
    /// Any number of files of the kind, one per 枝番 (the family-structure images).
    Repeated,
}

impl Presence {
    /// Whether a unit must hold a file of the kind; `legacy` tells whether every name of the
    /// unit is in the legacy form.
    pub fn is_required(self, legacy: bool) -> bool {
        match self {
            Presence::Required => true,
            Presence::RequiredUnlessLegacy => !legacy,
            Presence::Optional | Presence::Repeated => false,
        }
    }
}

/// One kind of file a unit may hold, and whether it must.
///
/// ```
/// use careplan_bundle::{Presence, UnitKind};
/// use careplan_model::FileKind;
/// let slot = UnitKind::PlanDocuments.slot(FileKind::Plan3).unwrap();
/// assert_eq!(slot.presence, Presence::RequiredUnlessLegacy);
/// assert!(UnitKind::PlanDocuments.slot(FileKind::UsagePlan).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Slot {
    /// The kind of file.
    pub kind: FileKind,
    /// Whether the unit must hold it, and how many.
    pub presence: Presence,
}

const fn slot(kind: FileKind, presence: Presence) -> Slot {
    Slot { kind, presence }
}

use FileKind as F;
use Presence::{Optional, Repeated, Required, RequiredUnlessLegacy};

const PLAN_DOCUMENTS: [Slot; 4] = [
    slot(F::Plan1, Required),
    slot(F::Plan2, Required),
    slot(F::Plan3, RequiredUnlessLegacy),
    slot(F::Hosoku, Required),
];
const SERVICE_TICKET: [Slot; 3] = [
    slot(F::UsagePlan, Required),
    slot(F::UsageSummary, Required),
    slot(F::Hosoku, Required),
];
const PLAN1_DELETE: [Slot; 1] = [slot(F::Plan1Delete, Required)];
const USAGE_PLAN_DELETE: [Slot; 1] = [slot(F::UsagePlanDelete, Required)];
const USAGE_RESULT: [Slot; 1] = [slot(F::UsageResult, Required)];
const USAGE_RESULT_DELETE: [Slot; 1] = [slot(F::UsageResultDelete, Required)];
const KIHON: [Slot; 4] = [
    slot(F::YoboKihon, Required),
    slot(F::YoboKihonSub1, Optional),
    slot(F::YoboKihonSub2, Optional),
    slot(F::YoboKihonImage, Repeated),
];
const KIHON_AND_YOBO_PLAN: [Slot; 6] = [
    slot(F::YoboPlan, Required),
    slot(F::YoboPlanSub, Optional),
    slot(F::YoboKihon, Required),
    slot(F::YoboKihonSub1, Optional),
    slot(F::YoboKihonSub2, Optional),
    slot(F::YoboKihonImage, Repeated),
];
const YOBO_PLAN: [Slot; 2] = [slot(F::YoboPlan, Required), slot(F::YoboPlanSub, Optional)];
const KIHON_DELETE: [Slot; 1] = [slot(F::YoboKihonDelete, Required)];
const YOBO_PLAN_DELETE: [Slot; 1] = [slot(F::YoboPlanDelete, Required)];

/// A kind of transmission unit (送信単位): which files are sent together under one
/// sequence number (spec README "Transmission units").
///
/// | kind | direction | required | optional |
/// |---|---|---|---|
/// | `PlanDocuments` | 居宅 → 事業所 | UP1KYO, UP2KYO, UP3KYO (not in an all-legacy-named unit), UPHOSOKU `000000` | – |
/// | `ServiceTicket` | 居宅 → 事業所 | UPPLAN, UPSIKYU, UPHOSOKU (the month) | – |
/// | `Plan1Delete` | 居宅 → 事業所 | DLT1KYO | – |
/// | `UsagePlanDelete` | 居宅 → 事業所 | DLTPLAN | – |
/// | `UsageResult` | 事業所 → 居宅 | UPJSK | – |
/// | `UsageResultDelete` | 事業所 → 居宅 | DLTJSK | – |
/// | `Kihon` | 包括 → 事業所 | UPKIHON | UPKIHON_SUB1, UPKIHON_SUB2, UPKIHON_IMAGE (any number) |
/// | `KihonAndYoboPlan` | 包括 → 事業所 | UPYOBO, UPKIHON | UPYOBO_SUB, UPKIHON_SUB1, UPKIHON_SUB2, UPKIHON_IMAGE (any number) |
/// | `YoboPlan` | 包括 → 事業所 | UPYOBO | UPYOBO_SUB |
/// | `KihonDelete` | 包括 → 事業所 | DLTKIHON | – |
/// | `YoboPlanDelete` | 包括 → 事業所 | DLTYOBO | – |
///
/// The 予防 サービス利用票 / 別表 / 実績 and their deletes use the 第6表 / 第7表 files
/// (spec README "介護予防 files"), so they are `ServiceTicket`, `UsageResult`,
/// `UsagePlanDelete` and `UsageResultDelete` units.
///
/// ```
/// use careplan_bundle::UnitKind;
/// use careplan_model::{FileKind, Side};
/// let kind = UnitKind::ServiceTicket;
/// let kinds: Vec<FileKind> = kind.slots().iter().map(|s| s.kind).collect();
/// assert_eq!(kinds, [FileKind::UsagePlan, FileKind::UsageSummary, FileKind::Hosoku]);
/// assert_eq!(kind.sender(), Side::CareOffice);
/// assert!(kind.carries_month());
/// assert_eq!(kind.name_ja(), "第6表・第7表・利用者補足情報");
/// assert_eq!(UnitKind::UsageResult.sender(), Side::Provider);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnitKind {
    /// 居宅サービス計画書: {第1表, 第2表, 第3表, 利用者補足情報 (対象年月 `000000`)}.
    PlanDocuments,
    /// サービス利用票: {第6表 予定, 第7表, 利用者補足情報 (the service month)}.
    ServiceTicket,
    /// {居宅サービス計画1表_削除}.
    Plan1Delete,
    /// {第6表 予定削除}.
    UsagePlanDelete,
    /// {第6表 実績情報}, sent by the provider.
    UsageResult,
    /// {第6表 実績情報削除}, sent by the provider.
    UsageResultDelete,
    /// {利用者基本情報} with its 別表1, 別表2 and family-structure images.
    Kihon,
    /// {介護予防サービス・支援計画書, 利用者基本情報} with their 別表 and images.
    KihonAndYoboPlan,
    /// {介護予防サービス・支援計画書} with its 別表.
    YoboPlan,
    /// {利用者基本情報_削除}.
    KihonDelete,
    /// {介護予防サービス・支援計画書_削除}.
    YoboPlanDelete,
}

impl UnitKind {
    /// Every kind of unit. When two kinds explain a set of files equally well, the one that
    /// comes first here is taken.
    pub const ALL: [UnitKind; 11] = [
        UnitKind::PlanDocuments,
        UnitKind::ServiceTicket,
        UnitKind::Plan1Delete,
        UnitKind::UsagePlanDelete,
        UnitKind::UsageResult,
        UnitKind::UsageResultDelete,
        UnitKind::Kihon,
        UnitKind::YoboPlan,
        UnitKind::KihonAndYoboPlan,
        UnitKind::KihonDelete,
        UnitKind::YoboPlanDelete,
    ];

    /// The kinds of file the unit holds, the parent first.
    pub fn slots(self) -> &'static [Slot] {
        match self {
            UnitKind::PlanDocuments => &PLAN_DOCUMENTS,
            UnitKind::ServiceTicket => &SERVICE_TICKET,
            UnitKind::Plan1Delete => &PLAN1_DELETE,
            UnitKind::UsagePlanDelete => &USAGE_PLAN_DELETE,
            UnitKind::UsageResult => &USAGE_RESULT,
            UnitKind::UsageResultDelete => &USAGE_RESULT_DELETE,
            UnitKind::Kihon => &KIHON,
            UnitKind::KihonAndYoboPlan => &KIHON_AND_YOBO_PLAN,
            UnitKind::YoboPlan => &YOBO_PLAN,
            UnitKind::KihonDelete => &KIHON_DELETE,
            UnitKind::YoboPlanDelete => &YOBO_PLAN_DELETE,
        }
    }

    /// The slot of a kind of file, or `None` when the unit does not hold that kind.
    pub fn slot(self, kind: FileKind) -> Option<Slot> {
        self.slots().iter().copied().find(|s| s.kind == kind)
    }

    /// The files of the unit in Japanese, as used in messages: `第6表・第7表・利用者補足情報`.
    pub fn name_ja(self) -> &'static str {
        match self {
            UnitKind::PlanDocuments => "第1表・第2表・第3表・利用者補足情報",
            UnitKind::ServiceTicket => "第6表・第7表・利用者補足情報",
            UnitKind::Plan1Delete => "第1表削除",
            UnitKind::UsagePlanDelete => "第6表予定削除",
            UnitKind::UsageResult => "第6表実績",
            UnitKind::UsageResultDelete => "第6表実績削除",
            UnitKind::Kihon => "利用者基本情報（別表1・別表2・家族構成画像）",
            UnitKind::KihonAndYoboPlan => {
                "支援計画書（別表）・利用者基本情報（別表1・別表2・家族構成画像）"
            }
            UnitKind::YoboPlan => "支援計画書（別表）",
            UnitKind::KihonDelete => "利用者基本情報削除",
            UnitKind::YoboPlanDelete => "支援計画書削除",
        }
    }

    /// Which side sends the unit: the side that sends its files ([`FileKind::sender`]).
    pub fn sender(self) -> Side {
        match self {
            UnitKind::UsageResult | UnitKind::UsageResultDelete => Side::Provider,
            _ => Side::CareOffice,
        }
    }

    /// Whether the unit's files are for one service month (their names carry it): the
    /// 第6表/第7表 units and their deletes. A plan-documents unit has none; its 補足 carries
    /// `000000`.
    pub fn carries_month(self) -> bool {
        matches!(
            self,
            UnitKind::ServiceTicket
                | UnitKind::UsagePlanDelete
                | UnitKind::UsageResult
                | UnitKind::UsageResultDelete
        )
    }
}

impl fmt::Display for UnitKind {
    /// The files of the unit in Japanese ([`UnitKind::name_ja`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_ja())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_kind_has_a_unit() {
        for k in FileKind::ALL {
            assert!(
                UnitKind::ALL.iter().any(|u| u.slot(k).is_some()),
                "{k} belongs to no unit"
            );
        }
    }

    #[test]
    fn senders_agree_with_the_file_kinds() {
        for u in UnitKind::ALL {
            for s in u.slots() {
                assert_eq!(s.kind.sender(), u.sender(), "{u:?} {}", s.kind);
            }
            assert_eq!(
                u.carries_month(),
                u.slots()
                    .iter()
                    .any(|s| s.kind.month_in_name() && s.kind != FileKind::Hosoku),
                "{u:?}"
            );
        }
    }

    #[test]
    fn every_unit_has_a_required_parent_first() {
        for u in UnitKind::ALL {
            let first = u.slots().first().map(|s| s.presence);
            assert_eq!(first, Some(Presence::Required), "{u:?}");
        }
    }
}
