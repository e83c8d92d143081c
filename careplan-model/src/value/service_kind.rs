//! `ServiceKind`: the 2-character サービス種類コード, from the table SERVICE_KINDS.tsv.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::OnceLock;

use super::digits;
use super::error::{Flaw, ParseError};

/// The table of service kinds, copied from spec/SERVICE_KINDS.tsv.
pub(crate) const SERVICE_KINDS_TSV: &str = include_str!("../../layouts/SERVICE_KINDS.tsv");

/// Which benefit a service kind belongs to (the `benefit` column of SERVICE_KINDS.tsv).
///
/// ```
/// use careplan_model::value::{Benefit, ServiceKind};
/// assert_eq!(ServiceKind::new("67").unwrap().benefit(), Benefit::Preventive);
/// assert_eq!(Benefit::Preventive.name_ja(), "予防給付");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Benefit {
    /// 介護給付.
    Care,
    /// 予防給付.
    Preventive,
    /// 総合事業 (介護予防・日常生活支援総合事業).
    Comprehensive,
}

impl Benefit {
    /// The name in Japanese, as the table writes it.
    pub fn name_ja(self) -> &'static str {
        match self {
            Benefit::Care => "介護給付",
            Benefit::Preventive => "予防給付",
            Benefit::Comprehensive => "総合事業",
        }
    }

    fn from_ja(s: &str) -> Option<Benefit> {
        [Benefit::Care, Benefit::Preventive, Benefit::Comprehensive]
            .into_iter()
            .find(|b| b.name_ja() == s)
    }
}

/// Whether a service kind is exchanged (the `in_scope` column of SERVICE_KINDS.tsv).
///
/// ```
/// use careplan_model::value::{Scope, ServiceKind};
/// assert_eq!(ServiceKind::new("43").unwrap().scope(), Scope::Sender);
/// assert_eq!(ServiceKind::new("73").unwrap().scope(), Scope::OutOfScope);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scope {
    /// Its services are exchanged (`Y`).
    InScope,
    /// Its services are left out of the exchange (`N`).
    OutOfScope,
    /// The kind of a sender of plans (43 居宅介護支援, 46 介護予防支援, AF 介護予防ケアマネジメント).
    Sender,
}

struct Entry {
    code: &'static str,
    name_ja: &'static str,
    benefit: Benefit,
    scope: Scope,
}

struct Table {
    entries: Vec<Entry>,
    /// Entry index by the two characters ([0-9A-Z] each), `u8::MAX` for none.
    index: Vec<u8>,
}

/// 0–35 for `0`–`9`, `A`–`Z`.
fn slot(b: u8) -> Option<usize> {
    match b {
        b'0'..=b'9' => Some(usize::from(b - b'0')),
        b'A'..=b'Z' => Some(usize::from(b - b'A') + 10),
        _ => None,
    }
}

fn key(a: u8, b: u8) -> Option<usize> {
    Some(slot(a)? * 36 + slot(b)?)
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(SERVICE_KINDS_TSV))
}

/// Parses the embedded table. It is this crate's own data, so a malformed row is a bug
/// caught by the unit tests: it panics with the row.
fn parse_table(tsv: &'static str) -> Table {
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("code\tname\tbenefit\tin_scope"),
        "SERVICE_KINDS.tsv: unexpected header"
    );
    let mut entries = Vec::new();
    let mut index = vec![u8::MAX; 36 * 36];
    for line in lines.filter(|l| !l.is_empty()) {
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [code, name_ja, benefit, scope] = cols[..] else {
            panic!("SERVICE_KINDS.tsv: row without 4 columns: {line}");
        };
        let benefit = Benefit::from_ja(benefit)
            .unwrap_or_else(|| panic!("SERVICE_KINDS.tsv: unknown benefit in {line}"));
        let scope = match scope {
            "Y" => Scope::InScope,
            "N" => Scope::OutOfScope,
            "sender" => Scope::Sender,
            _ => panic!("SERVICE_KINDS.tsv: unknown in_scope in {line}"),
        };
        let k = match code.as_bytes() {
            [a, b] => key(*a, *b),
            _ => None,
        }
        .unwrap_or_else(|| panic!("SERVICE_KINDS.tsv: bad code in {line}"));
        assert_eq!(
            index[k],
            u8::MAX,
            "SERVICE_KINDS.tsv: duplicate code {code}"
        );
        index[k] = u8::try_from(entries.len()).expect("SERVICE_KINDS.tsv: too many rows");
        entries.push(Entry {
            code,
            name_ja,
            benefit,
            scope,
        });
    }
    Table { entries, index }
}

/// A サービス種類コード: two characters, digits or upper-case letters (`11`, `2A`, `A1`), that
/// the table of service kinds (spec SERVICE_KINDS.tsv) lists.
///
/// ```
/// use careplan_model::value::{Benefit, ServiceKind};
/// let k: ServiceKind = "17".parse().unwrap();
/// assert_eq!(k.code(), "17");
/// assert_eq!(k.name_ja(), "福祉用具貸与");
/// assert_eq!(k.benefit(), Benefit::Care);
/// assert!(k.in_scope());
/// assert!(k.is_welfare_equipment());
/// assert!("99".parse::<ServiceKind>().is_err());
/// assert!("2a".parse::<ServiceKind>().is_err()); // letters are upper case
/// ```
#[derive(Clone, Copy)]
pub struct ServiceKind {
    /// Index into the table.
    entry: u8,
}

impl ServiceKind {
    /// The kind with this code, or `None` if the table does not list it.
    pub fn new(code: &str) -> Option<ServiceKind> {
        ServiceKind::scan(code).ok()
    }

    /// Every kind of the table, in its order.
    pub fn all() -> impl Iterator<Item = ServiceKind> {
        (0..table().entries.len())
            .filter_map(|i| u8::try_from(i).ok().map(|entry| ServiceKind { entry }))
    }

    fn entry(self) -> &'static Entry {
        // `entry` only ever holds an index of the table, which never changes.
        let entries = &table().entries;
        entries.get(usize::from(self.entry)).unwrap_or(&entries[0])
    }

    /// The two characters.
    pub fn code(self) -> &'static str {
        self.entry().code
    }

    /// The name in Japanese, as the table gives it.
    pub fn name_ja(self) -> &'static str {
        self.entry().name_ja
    }

    /// The benefit it belongs to.
    pub fn benefit(self) -> Benefit {
        self.entry().benefit
    }

    /// Whether its services are exchanged, left out, or it is a sender's kind.
    pub fn scope(self) -> Scope {
        self.entry().scope
    }

    /// Whether its services are exchanged (`in_scope` = `Y`).
    pub fn in_scope(self) -> bool {
        self.scope() == Scope::InScope
    }

    /// Whether it is 17 福祉用具貸与 or 67 介護予防福祉用具貸与, the kinds whose rows need a
    /// TAISコード or a 福祉用具届出コード.
    pub fn is_welfare_equipment(self) -> bool {
        matches!(self.code(), "17" | "67")
    }

    /// Looks up two bytes that are already known to be the code's characters.
    pub(crate) fn lookup(a: u8, b: u8) -> Option<ServiceKind> {
        let k = key(a, b)?;
        let entry = *table().index.get(k)?;
        (entry != u8::MAX).then_some(ServiceKind { entry })
    }

    /// Parses two characters without allocating.
    pub(crate) fn scan(s: &str) -> Result<ServiceKind, Flaw> {
        if let &[a, b] = s.as_bytes() {
            if let Some(kind) = ServiceKind::lookup(a, b) {
                return Ok(kind);
            }
        }
        digits::check_len(s, 2)?;
        ServiceKind::scan_at(s, 0)
    }

    /// Parses the two characters at bytes `at..at + 2` of `s`.
    pub(crate) fn scan_at(s: &str, at: usize) -> Result<ServiceKind, Flaw> {
        let bytes = s.as_bytes();
        let mut pair = [0u8; 2];
        for (j, p) in pair.iter_mut().enumerate() {
            match bytes.get(at + j) {
                Some(&b) if slot(b).is_some() => *p = b,
                _ => {
                    return Err(digits::flaw_at(
                        s,
                        at + j,
                        "a digit or an upper-case letter",
                    ))
                }
            }
        }
        ServiceKind::lookup(pair[0], pair[1]).ok_or(Flaw::UnknownServiceKind {
            found: [char::from(pair[0]), char::from(pair[1])],
        })
    }
}

impl PartialEq for ServiceKind {
    fn eq(&self, other: &ServiceKind) -> bool {
        self.entry == other.entry
    }
}

impl Eq for ServiceKind {}

impl Hash for ServiceKind {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.code().hash(state);
    }
}

impl PartialOrd for ServiceKind {
    fn partial_cmp(&self, other: &ServiceKind) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ServiceKind {
    /// By code.
    fn cmp(&self, other: &ServiceKind) -> Ordering {
        self.code().cmp(other.code())
    }
}

impl fmt::Debug for ServiceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServiceKind({} {})", self.code(), self.name_ja())
    }
}

impl fmt::Display for ServiceKind {
    /// The two characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for ServiceKind {
    type Err = ParseError;

    /// Parses a code the table lists.
    fn from_str(s: &str) -> Result<ServiceKind, ParseError> {
        ServiceKind::scan(s)
            .map_err(|flaw| ParseError::new("サービス種類コード (service kind)", s, flaw))
    }
}

super::serde_as_string!(ServiceKind);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_scan_equals_the_careful_scan() {
        let careful = |s: &str| digits::check_len(s, 2).and_then(|()| ServiceKind::scan_at(s, 0));
        let alphabet = ['1', '7', '9', '0', 'A', 'Z', 'a', '-', '１'];
        for s in digits::texts(&alphabet, 9, 3, 4, 1_000) {
            assert_eq!(ServiceKind::scan(&s), careful(&s), "{s:?}");
        }
    }

    #[test]
    fn embedded_table_parses() {
        let t = table();
        assert_eq!(t.entries.len(), 63);
        assert_eq!(ServiceKind::all().count(), 63);
        for k in ServiceKind::all() {
            assert_eq!(ServiceKind::new(k.code()), Some(k));
            assert_eq!(k.to_string(), k.code());
        }
    }

    #[test]
    fn columns() {
        let k = ServiceKind::new("2A").unwrap();
        assert_eq!(k.name_ja(), "短期入所療養介護（介護医療院）");
        let k = ServiceKind::new("A8").unwrap();
        assert_eq!(k.benefit(), Benefit::Comprehensive);
        assert!(ServiceKind::new("AF").unwrap().scope() == Scope::Sender);
        assert!(ServiceKind::new("67").unwrap().is_welfare_equipment());
        assert!(!ServiceKind::new("11").unwrap().is_welfare_equipment());
        assert!(!ServiceKind::new("33").unwrap().in_scope());
    }

    #[test]
    fn rejects_with_the_part() {
        assert_eq!(
            "99".parse::<ServiceKind>().unwrap_err().into_kind(),
            Flaw::UnknownServiceKind { found: ['9', '9'] }
        );
        assert_eq!(
            "1".parse::<ServiceKind>().unwrap_err().into_kind(),
            Flaw::Length {
                expected: 2,
                found: 1
            }
        );
        assert_eq!(
            "1-".parse::<ServiceKind>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 2,
                found: '-',
                expected: "a digit or an upper-case letter"
            }
        );
        assert_eq!(
            "１１".parse::<ServiceKind>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 1,
                found: '１',
                expected: "a digit or an upper-case letter"
            }
        );
    }

    #[test]
    fn order_hash_serde() {
        let a = ServiceKind::new("11").unwrap();
        let b = ServiceKind::new("2A").unwrap();
        assert!(a < b);
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"2A\"");
        assert_eq!(serde_json::from_str::<ServiceKind>("\"2A\"").unwrap(), b);
        assert_eq!(format!("{a:?}"), "ServiceKind(11 訪問介護)");
    }
}
