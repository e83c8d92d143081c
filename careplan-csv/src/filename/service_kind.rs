//! Service-kind codes (サービス種類コード) as they appear in file names: the table of spec
//! SERVICE_KINDS.tsv, copied into the crate.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use super::error::{NameError, NamePart, Reason};

/// Where a service kind stands in the exchange (the `in_scope` column of SERVICE_KINDS.tsv).
///
/// ```
/// use careplan_csv::filename::{KindScope, ServiceKindCode};
/// assert_eq!(ServiceKindCode::parse("11")?.scope(), KindScope::Exchanged);
/// assert_eq!(ServiceKindCode::parse("43")?.scope(), KindScope::CareManagement);
/// assert_eq!(ServiceKindCode::parse("73")?.scope(), KindScope::NotExchanged);
/// # Ok::<(), careplan_csv::filename::NameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KindScope {
    /// A service whose plans and results are exchanged (`Y`).
    Exchanged,
    /// A service outside the exchange (`N`): a valid code, but its data is not exchanged.
    NotExchanged,
    /// The care-management office's own kind (`sender`): 43 居宅介護支援, 46 介護予防支援,
    /// AF 介護予防ケアマネジメント.
    CareManagement,
}

use KindScope::{CareManagement as Sender, Exchanged, NotExchanged};

struct KindRow {
    code: &'static str,
    name: &'static str,
    benefit: &'static str,
    scope: KindScope,
}

const fn row(
    code: &'static str,
    name: &'static str,
    benefit: &'static str,
    scope: KindScope,
) -> KindRow {
    KindRow {
        code,
        name,
        benefit,
        scope,
    }
}

/// Spec SERVICE_KINDS.tsv, row for row (a test compares the two when the spec is present).
#[rustfmt::skip]
const KINDS: [KindRow; 63] = [
    row("11", "訪問介護", "介護給付", Exchanged),
    row("12", "訪問入浴介護", "介護給付", Exchanged),
    row("13", "訪問看護（定期巡回連携型も対象）", "介護給付", Exchanged),
    row("14", "訪問リハビリテーション", "介護給付", Exchanged),
    row("15", "通所介護", "介護給付", Exchanged),
    row("16", "通所リハビリテーション", "介護給付", Exchanged),
    row("17", "福祉用具貸与", "介護給付", Exchanged),
    row("21", "短期入所生活介護", "介護給付", Exchanged),
    row("22", "短期入所療養介護（介護老人保健施設）", "介護給付", Exchanged),
    row("23", "短期入所療養介護（介護療養型医療施設等）", "介護給付", Exchanged),
    row("2A", "短期入所療養介護（介護医療院）", "介護給付", Exchanged),
    row("31", "居宅療養管理指導", "介護給付", Exchanged),
    row("71", "夜間対応型訪問介護", "介護給付", Exchanged),
    row("76", "定期巡回・随時対応型訪問介護看護", "介護給付", Exchanged),
    row("72", "認知症対応型通所介護", "介護給付", Exchanged),
    row("78", "地域密着型通所介護", "介護給付", Exchanged),
    row("73", "小規模多機能型居宅介護", "介護給付", NotExchanged),
    row("68", "小規模多機能型居宅介護（短期利用）", "介護給付", Exchanged),
    row("77", "看護小規模多機能型居宅介護", "介護給付", NotExchanged),
    row("79", "看護小規模多機能型居宅介護（短期利用）", "介護給付", Exchanged),
    row("33", "特定施設入居者生活介護", "介護給付", NotExchanged),
    row("27", "特定施設入居者生活介護（短期利用）", "介護給付", Exchanged),
    row("36", "地域密着型特定施設入居者生活介護", "介護給付", NotExchanged),
    row("28", "地域密着型特定施設入居者生活介護（短期利用）", "介護給付", Exchanged),
    row("32", "認知症対応型共同生活介護（短期利用以外）", "介護給付", NotExchanged),
    row("38", "認知症対応型共同生活介護（短期利用）", "介護給付", Exchanged),
    row("41", "特定福祉用具販売", "介護給付", NotExchanged),
    row("42", "住宅改修", "介護給付", NotExchanged),
    row("51", "介護福祉施設サービス", "介護給付", NotExchanged),
    row("52", "介護保健施設サービス", "介護給付", NotExchanged),
    row("53", "介護療養施設サービス", "介護給付", NotExchanged),
    row("54", "地域密着型介護老人福祉施設入所者生活介護", "介護給付", NotExchanged),
    row("59", "特定介護サービス等", "介護給付", NotExchanged),
    row("81", "市町村特別給付", "介護給付", NotExchanged),
    row("43", "居宅介護支援", "介護給付", Sender),
    row("46", "介護予防支援", "予防給付", Sender),
    row("AF", "介護予防ケアマネジメント", "総合事業", Sender),
    row("62", "介護予防訪問入浴介護", "予防給付", Exchanged),
    row("63", "介護予防訪問看護", "予防給付", Exchanged),
    row("64", "介護予防訪問リハビリテーション", "予防給付", Exchanged),
    row("66", "介護予防通所リハビリテーション", "予防給付", Exchanged),
    row("67", "介護予防福祉用具貸与", "予防給付", Exchanged),
    row("24", "介護予防短期入所生活介護", "予防給付", Exchanged),
    row("25", "介護予防短期入所療養介護（介護老人保健施設）", "予防給付", Exchanged),
    row("26", "介護予防短期入所療養介護（介護療養型医療施設等）", "予防給付", Exchanged),
    row("2B", "介護予防短期入所療養介護（介護医療院）", "予防給付", Exchanged),
    row("34", "介護予防居宅療養管理指導", "予防給付", Exchanged),
    row("74", "介護予防認知症対応型通所介護", "予防給付", Exchanged),
    row("75", "介護予防小規模多機能型居宅介護", "予防給付", Exchanged),
    row("69", "介護予防小規模多機能型居宅介護（短期利用）", "予防給付", Exchanged),
    row("35", "介護予防特定施設入居者生活介護", "予防給付", NotExchanged),
    row("37", "介護予防認知症対応型共同生活介護（短期利用以外）", "予防給付", NotExchanged),
    row("39", "介護予防認知症対応型共同生活介護（短期利用）", "予防給付", Exchanged),
    row("44", "特定介護予防福祉用具販売", "予防給付", NotExchanged),
    row("45", "介護予防住宅改修", "予防給付", NotExchanged),
    row("A1", "訪問型サービス（みなし）", "総合事業", Exchanged),
    row("A2", "訪問型サービス（独自）", "総合事業", Exchanged),
    row("A3", "訪問型サービス（独自／定率）", "総合事業", Exchanged),
    row("A4", "訪問型サービス（独自／定額）", "総合事業", Exchanged),
    row("A5", "通所型サービス（みなし）", "総合事業", Exchanged),
    row("A6", "通所型サービス（独自）", "総合事業", Exchanged),
    row("A7", "通所型サービス（独自／定率）", "総合事業", Exchanged),
    row("A8", "通所型サービス（独自／定額）", "総合事業", Exchanged),
];

/// A サービス種類コード of a file name: two characters (digits or upper-case letters) that
/// are a code of spec SERVICE_KINDS.tsv.
///
/// Any code of the table is accepted, whether or not its services are exchanged: the
/// standard's examples use 43 (居宅介護支援) for the care office, and a 地域包括支援センター
/// sends as 46 or AF (OPEN_QUESTIONS 9). An unknown code is an error. Reading ignores case
/// (`2a` is `2A`); the code is kept and written in upper case.
///
/// ```
/// use careplan_csv::filename::ServiceKindCode;
/// let k = ServiceKindCode::parse("2a")?;
/// assert_eq!(k.as_str(), "2A");
/// assert_eq!(k.name_ja(), "短期入所療養介護（介護医療院）");
/// assert_eq!(k.benefit_ja(), "介護給付");
/// assert_eq!(
///     ServiceKindCode::parse("99").unwrap_err().to_string(),
///     "service-kind code must be a service-kind code of the standard, found unknown code 99"
/// );
/// # Ok::<(), careplan_csv::filename::NameError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServiceKindCode(u8);

impl ServiceKindCode {
    /// Reads a 2-character code, ignoring case.
    ///
    /// # Errors
    /// A [`NameError`] of part [`NamePart::ServiceKind`] when `code` is not two characters or
    /// not a code of the table.
    pub fn parse(code: &str) -> Result<ServiceKindCode, NameError> {
        if code.chars().count() != 2 {
            return Err(NameError::new(
                NamePart::ServiceKind,
                Reason::KindLength,
                code,
            ));
        }
        KINDS
            .iter()
            .position(|r| r.code.eq_ignore_ascii_case(code))
            .and_then(|i| u8::try_from(i).ok())
            .map(ServiceKindCode)
            .ok_or_else(|| NameError::new(NamePart::ServiceKind, Reason::UnknownKind, code))
    }

    /// Every code of the table, in the order of SERVICE_KINDS.tsv.
    pub fn all() -> impl Iterator<Item = ServiceKindCode> {
        (0..KINDS.len()).filter_map(|i| u8::try_from(i).ok().map(ServiceKindCode))
    }

    fn row(self) -> &'static KindRow {
        // The index is always one from KINDS (see `parse` and `all`); fall back to the
        // first row rather than panic.
        KINDS.get(usize::from(self.0)).unwrap_or(&KINDS[0])
    }

    /// The code, upper case (`11`, `2A`, `AF`).
    pub fn as_str(self) -> &'static str {
        self.row().code
    }

    /// The Japanese name of the service kind (`訪問介護`).
    pub fn name_ja(self) -> &'static str {
        self.row().name
    }

    /// The benefit it belongs to: `介護給付`, `予防給付` or `総合事業`.
    pub fn benefit_ja(self) -> &'static str {
        self.row().benefit
    }

    /// Where it stands in the exchange.
    pub fn scope(self) -> KindScope {
        self.row().scope
    }
}

impl fmt::Debug for ServiceKindCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServiceKindCode({:?})", self.as_str())
    }
}

impl fmt::Display for ServiceKindCode {
    /// The code, upper case.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialOrd for ServiceKindCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ServiceKindCode {
    /// Orders by the code (`11` < `2A` < `43` < `A1` < `AF`).
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl FromStr for ServiceKindCode {
    type Err = NameError;

    /// The same as [`ServiceKindCode::parse`].
    fn from_str(s: &str) -> Result<ServiceKindCode, NameError> {
        ServiceKindCode::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = KINDS.iter().map(|r| r.code).collect();
        for c in &codes {
            assert_eq!(c.len(), 2);
            assert!(c
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), KINDS.len());
        assert_eq!(ServiceKindCode::all().count(), KINDS.len());
    }

    #[test]
    fn lookups() {
        let k = ServiceKindCode::parse("af").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(k.as_str(), "AF");
        assert_eq!(k.scope(), KindScope::CareManagement);
        assert_eq!(k.benefit_ja(), "総合事業");
        let e = ServiceKindCode::parse("431").unwrap_err();
        assert_eq!(e.part(), NamePart::ServiceKind);
        assert_eq!(
            e.to_string(),
            "service-kind code must be 2 characters, found 3: 431"
        );
        assert!(ServiceKindCode::parse("").is_err());
        assert!(ServiceKindCode::parse("Ａ1").is_err());
        let a = ServiceKindCode::parse("A1").unwrap_or_else(|e| panic!("{e}"));
        let b = ServiceKindCode::parse("2A").unwrap_or_else(|e| panic!("{e}"));
        assert!(b < a);
    }

    /// The copy in the crate equals spec SERVICE_KINDS.tsv, when the spec is present.
    #[test]
    fn table_matches_the_spec() {
        // The workspace root is /work/<tree> (spec at ../shared) or /work/wt/<tree>.
        let candidates = [
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../shared/spec/SERVICE_KINDS.tsv"
            ),
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/spec/SERVICE_KINDS.tsv"
            ),
        ];
        let Some(text) = candidates
            .iter()
            .find_map(|p| std::fs::read_to_string(p).ok())
        else {
            eprintln!("spec SERVICE_KINDS.tsv not found; skipping");
            return;
        };
        let rows: Vec<Vec<&str>> = text
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split('\t').collect())
            .collect();
        assert_eq!(rows.len(), KINDS.len());
        for (spec, ours) in rows.iter().zip(KINDS.iter()) {
            let scope = match ours.scope {
                Exchanged => "Y",
                NotExchanged => "N",
                Sender => "sender",
            };
            assert_eq!(
                spec.as_slice(),
                [ours.code, ours.name, ours.benefit, scope].as_slice()
            );
        }
    }
}
