//! The keys that link records across files (spec README "relations"), beside those the
//! model gives ([`UserKey`], [`UserMonthKey`], [`PlanKey`],
//! [`KihonKey`](careplan_model::yobo_kihon::KihonKey),
//! [`YoboPlanKey`](careplan_model::yobo_plan::YoboPlanKey)).

use std::fmt;

use careplan_model::hosoku::{HosokuLink, HosokuRecord};
use careplan_model::plan1::PlanKey;
use careplan_model::plan2::Plan2Record;
use careplan_model::plan3::Plan3Record;
use careplan_model::table6::Table6Record;
use careplan_model::value::{InsuredNumber, InsurerNumber, OfficeNumber, ServiceKind};
pub(crate) use careplan_model::value::{UserKey, UserMonthKey};
use careplan_model::UsageResultDeleteRecord;
use serde::Serialize;

/// The key of a provider's 実績 for a user's month: the user-month, the サービス事業者コード
/// and the サービス種類コード. 実績 is sent per office and kind, a correction resends them,
/// and 実績_削除 deletes by this key (spec README "Output units", DLTJSK).
/// Written `保険者番号/被保険者番号/対象年月/事業所番号/種類`.
///
/// ```
/// use careplan_bundle::keys::ResultKey;
/// use careplan_model::{RawRecord, TypedRecord, UsageResultDeleteRecord};
/// let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504", "1310000002", "11"]);
/// let del = UsageResultDeleteRecord::from_raw(&raw).unwrap();
/// assert_eq!(ResultKey::of_delete(&del).to_string(), "131001/0000012345/202504/1310000002/11");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ResultKey {
    /// The user-month.
    #[serde(flatten)]
    pub user_month: UserMonthKey,
    /// サービス事業者コード.
    pub provider: OfficeNumber,
    /// サービス種類コード.
    pub kind: ServiceKind,
}

impl ResultKey {
    /// The key of a 実績 row: its user-month, No.20 サービス事業者コード and the kind of its
    /// No.15 サービスコード (`None` for the code `999999`, which has no kind).
    pub fn of_row(r: &Table6Record) -> Option<ResultKey> {
        Some(ResultKey {
            user_month: UserMonthKey::of_table6(r),
            provider: r.provider,
            kind: r.service_code.kind()?,
        })
    }

    /// The key a 実績_削除 record deletes.
    pub fn of_delete(r: &UsageResultDeleteRecord) -> ResultKey {
        ResultKey {
            user_month: UserMonthKey::new(r.insurer, r.insured, r.month),
            provider: r.provider,
            kind: r.kind,
        }
    }
}

impl fmt::Display for ResultKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.user_month, self.provider, self.kind)
    }
}

/// The plan a 第2表 row belongs to.
pub(crate) fn plan2_key(r: &Plan2Record) -> PlanKey {
    PlanKey {
        insurer: r.insurer,
        insured: r.insured,
        plan_date: r.plan_date,
    }
}

/// The plan a 第3表 row belongs to.
pub(crate) fn plan3_key(r: &Plan3Record) -> PlanKey {
    PlanKey {
        insurer: r.insurer,
        insured: r.insured,
        plan_date: r.plan_date,
    }
}

/// The plan a 利用者補足情報 sent with 第1表 belongs to (`None` for one sent with 第6表).
pub(crate) fn hosoku_plan_key(r: &HosokuRecord) -> Option<PlanKey> {
    match r.link()? {
        HosokuLink::Plan(plan_date) => Some(PlanKey {
            insurer: r.insurer,
            insured: r.insured,
            plan_date,
        }),
        HosokuLink::Usage(_) => None,
    }
}

/// The items of a key read from a record that did not become a typed record: 保険者番号
/// (No.2), 被保険者番号 (No.3) and item No. `third`, each parsed as its value type. `None`
/// when one of them does not hold a value of its type.
///
/// A parent record that fails to type on another item still links its children by these
/// (issue 13: its children are not orphans on top of its own error).
pub(crate) fn raw_key<T: std::str::FromStr>(
    raw: &careplan_model::RawRecord,
    third: u16,
) -> Option<(InsurerNumber, InsuredNumber, T)> {
    let text = |no: u16| raw.text(usize::from(no).checked_sub(1)?);
    Some((
        text(2)?.parse().ok()?,
        text(3)?.parse().ok()?,
        text(third)?.parse().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::raw_key;
    use careplan_model::value::YearMonth;
    use careplan_model::RawRecord;

    #[test]
    fn raw_key_parses_insurer_insured_and_the_third_item_or_gives_none() {
        let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "x", "202504"]);
        let (insurer, insured, month) = raw_key::<YearMonth>(&raw, 5).unwrap();
        assert_eq!(
            (insurer.to_string(), insured.to_string(), month.to_string()),
            (
                "131001".to_string(),
                "0000012345".to_string(),
                "202504".to_string()
            )
        );
        assert!(raw_key::<YearMonth>(&raw, 4).is_none());
        assert!(raw_key::<YearMonth>(&raw, 9).is_none());
    }
}
