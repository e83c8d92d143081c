//! 第6表 実績情報削除 — DLTJSK (provider → care office, optional). One record per user-month,
//! office and service kind whose 実績 (UPJSK) the receiver deletes (spec layouts/DLTJSK.tsv,
//! 6 items): deletion works per service kind.
//!
//! Every item is required; the layout engine checks that. The rule across items checked here:
//! - No.6 サービス種類コード is a kind whose services are exchanged (spec SERVICE_KINDS.tsv
//!   `in_scope` = `Y`): 実績 of other kinds is never sent, so deleting it is suspect
//!   (a warning, [`ProblemKind::UnknownCode`]).
//! - With the file name's parties (as the file reader gives them): No.5 is the sender's office
//!   (「削除対象の実績を送ったサービス事業者の事業所番号」, and DLTJSK is sent by that
//!   provider: an error otherwise), and No.6 the sender's service kind (a warning: the
//!   name's kind segment is the file's only statement of its kind, and the standard's own
//!   UPJSK example puts 43 there) — [`ProblemKind::SenderMismatch`].
//!
//! Its key is 保険者番号 + 被保険者番号 + 削除対象年月 + サービス事業者コード + サービス種類コード
//! ([`UsageResultDeleteRecord::key`]).
//!
//! ```
//! use careplan_model::{RawRecord, TypedRecord, UsageResultDeleteRecord};
//! let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504", "1310000002", "11"]);
//! let rec = UsageResultDeleteRecord::from_raw(&raw).unwrap();
//! assert_eq!(rec.kind.name_ja(), "訪問介護");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use crate::problem::{ProblemKind, Severity};
use crate::typed::{RecordRules, RuleContext};
use crate::value::{
    CsvVersion, InsuredNumber, InsurerNumber, OfficeNumber, ServiceKind, YearMonth,
};
use crate::Problem;

crate::typed_record! {
    /// A record of 第6表実績削除 (DLTJSK): the 実績 of one service kind of one office for one
    /// user-month, to delete.
    pub struct UsageResultDeleteRecord for [UsageResultDelete] in "DLTJSK" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 削除対象年月: the service month to delete.
        4 req month: YearMonth,
        /// No.5 サービス事業者コード: the office that sent the 実績.
        5 req provider: OfficeNumber,
        /// No.6 サービス種類コード: the service kind to delete.
        6 req kind: ServiceKind,
    }
}

/// The key of a [`UsageResultDeleteRecord`]: 保険者番号, 被保険者番号, 削除対象年月,
/// サービス事業者コード, サービス種類コード.
pub type ResultDeleteKey = (
    InsurerNumber,
    InsuredNumber,
    YearMonth,
    OfficeNumber,
    ServiceKind,
);

impl UsageResultDeleteRecord {
    /// The record's key: 保険者番号 + 被保険者番号 + 削除対象年月 + サービス事業者コード +
    /// サービス種類コード.
    pub fn key(&self) -> ResultDeleteKey {
        (
            self.insurer,
            self.insured,
            self.month,
            self.provider,
            self.kind,
        )
    }
}

impl RecordRules for UsageResultDeleteRecord {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        if !self.kind.in_scope() {
            // No `expected`: the kinds exchanged are too many to list; the
            // messages say it in words.
            out.push(
                ctx.problem(ProblemKind::UnknownCode, Severity::Warning, 6)
                    .found(format!("{} {}", self.kind, self.kind.name_ja())),
            );
        }
        let Some(sender) = ctx.parties.sender else {
            return;
        };
        if self.provider != sender.office {
            out.push(
                ctx.problem(ProblemKind::SenderMismatch, Severity::Error, 5)
                    .found(self.provider.to_string())
                    .expected(sender.office.to_string()),
            );
        }
        if let Some(named) = sender.kind.filter(|k| *k != self.kind) {
            out.push(
                ctx.problem(ProblemKind::SenderMismatch, Severity::Warning, 6)
                    .found(format!("{} {}", self.kind.code(), self.kind.name_ja()))
                    .expected(format!("{} {}", named.code(), named.name_ja())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::FileKind;
    use crate::RawRecord;

    fn texts() -> Vec<&'static str> {
        vec![
            "202407",
            "131001",
            "0000012345",
            "202504",
            "1310000002",
            "2A",
        ]
    }

    fn check(rec: &UsageResultDeleteRecord) -> Vec<Problem> {
        let ctx = RuleContext::new(FileKind::UsageResultDelete).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        out
    }

    #[test]
    fn round_trip_and_clean() {
        let raw = RawRecord::from_texts(texts());
        let rec = UsageResultDeleteRecord::from_raw(&raw).unwrap();
        assert_eq!(rec.kind.code(), "2A");
        assert!(check(&rec).is_empty());
        assert_eq!(rec.to_raw(), raw);
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 6);
        assert!(out.fields().all(|f| !f.quoted));
        assert_eq!(rec.key().3.to_string(), "1310000002");
    }

    #[test]
    fn out_of_scope_kind_is_a_warning() {
        for kind in ["73", "43"] {
            let mut t = texts();
            t[5] = kind;
            let p = check(&UsageResultDeleteRecord::from_raw(&RawRecord::from_texts(&t)).unwrap());
            assert_eq!(p.len(), 1, "{kind}");
            assert_eq!(p[0].kind, ProblemKind::UnknownCode);
            assert_eq!(p[0].severity, Severity::Warning);
            assert_eq!(p[0].location.item.unwrap().no, 6);
        }
    }

    #[test]
    fn office_and_kind_are_the_senders() {
        use crate::parties::{NameParties, NameParty};
        let rec = UsageResultDeleteRecord::from_raw(&RawRecord::from_texts(texts())).unwrap();
        let check_from = |office: &str, kind: &str| {
            let ctx = RuleContext::new(FileKind::UsageResultDelete)
                .unwrap()
                .with_parties(NameParties {
                    sender: NameParty::parse(office, Some(kind)),
                    receiver: NameParty::parse("1310000001", Some("43")),
                });
            let mut out = Vec::new();
            rec.check(&ctx, &mut out);
            out.iter()
                .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
                .collect::<Vec<_>>()
        };
        assert!(check_from("1310000002", "2A").is_empty());
        assert_eq!(
            check_from("1310000003", "2A"),
            [(ProblemKind::SenderMismatch, Severity::Error, 5)]
        );
        assert_eq!(
            check_from("1310000002", "11"),
            [(ProblemKind::SenderMismatch, Severity::Warning, 6)]
        );
    }

    #[test]
    fn unknown_kind_is_not_a_record() {
        let mut t = texts();
        t[5] = "99";
        assert!(UsageResultDeleteRecord::from_raw(&RawRecord::from_texts(&t)).is_none());
    }
}
