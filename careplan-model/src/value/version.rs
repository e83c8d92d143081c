//! `CsvVersion`: item No.1 of every record (CSVバージョン), and which layouts it implies.

use std::fmt;
use std::str::FromStr;

use super::error::{Flaw, ParseError};
use super::year_month::YearMonth;

/// The generation of layouts a version follows (spec LEGACY.md).
///
/// ```
/// use careplan_model::value::{CsvVersion, Generation};
/// assert_eq!(CsvVersion::V202208.generation(), Generation::V3);
/// assert_eq!(CsvVersion::V202407.generation(), Generation::V4);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Generation {
    /// Before 4.0 (201910, 202003, 202208): 第6表 and 第7表 have no TAISコード,
    /// 福祉用具届出コード or 用具名称, and 第7表's 回数／日数 has 2 digits.
    V3,
    /// 4.0 and 4.1 (202504, 202407): the layouts of spec/layouts.
    V4,
}

/// A CSVバージョン: the `YYYYMM` value in item No.1 of every record.
///
/// Any valid year-month parses, because a reader must carry what a file says; whether the
/// value is one of the standard's versions is [`CsvVersion::is_known`]. The known values and
/// their editions (spec LEGACY.md):
///
/// | value | edition | layouts |
/// |---|---|---|
/// | 201910 | first (2019-05) | 3.x |
/// | 202003 | 2020-03 | 3.x |
/// | 202208 | 3.0–3.2 | 3.x |
/// | 202504 | 4.0 | 4.x |
/// | 202407 | 4.1 (default for writing) | 4.x |
///
/// Values found in real software that are not versions (202410, the 4.1 publication month;
/// 202404, the 予防 examples) read as unknown, and unknown values use the 4.1 layouts.
///
/// ```
/// use careplan_model::value::{CsvVersion, Generation};
/// let v: CsvVersion = "202410".parse().unwrap();
/// assert!(!v.is_known());
/// assert_eq!(v.generation(), Generation::V4);
/// assert!(CsvVersion::parse_known("202410").is_err());
/// assert_eq!(CsvVersion::default(), CsvVersion::V202407);
/// assert_eq!(CsvVersion::V202407.edition(), Some("4.1"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CsvVersion(YearMonth);

const fn ym(year: u16, month: u8) -> YearMonth {
    match YearMonth::new(year, month) {
        Some(m) => m,
        None => panic!("not a month"),
    }
}

impl CsvVersion {
    /// 201910: the first edition (published 2019-05).
    pub const V201910: CsvVersion = CsvVersion(ym(2019, 10));
    /// 202003: the 2020-03 edition.
    pub const V202003: CsvVersion = CsvVersion(ym(2020, 3));
    /// 202208: editions 3.0, 3.1 and 3.2.
    pub const V202208: CsvVersion = CsvVersion(ym(2022, 8));
    /// 202504: edition 4.0.
    pub const V202504: CsvVersion = CsvVersion(ym(2025, 4));
    /// 202407: edition 4.1, the default for writing.
    pub const V202407: CsvVersion = CsvVersion(ym(2024, 7));

    /// The standard's versions, oldest edition first.
    pub const KNOWN: [CsvVersion; 5] = [
        CsvVersion::V201910,
        CsvVersion::V202003,
        CsvVersion::V202208,
        CsvVersion::V202504,
        CsvVersion::V202407,
    ];

    /// The known values as a list for messages: `201910, 202003, 202208, 202504, 202407`.
    #[doc(hidden)]
    pub const KNOWN_LIST: &'static str = "201910, 202003, 202208, 202504, 202407";

    /// The version of this year-month (known or not).
    pub const fn new(month: YearMonth) -> CsvVersion {
        CsvVersion(month)
    }

    /// The version as a year-month.
    pub const fn year_month(self) -> YearMonth {
        self.0
    }

    /// Whether it is one of the standard's versions.
    pub fn is_known(self) -> bool {
        CsvVersion::KNOWN.contains(&self)
    }

    /// The edition of the standard that writes this value, or `None` for an unknown value.
    pub fn edition(self) -> Option<&'static str> {
        match self.0.as_number() {
            201910 => Some("2019-05"),
            202003 => Some("2020-03"),
            202208 => Some("3.0–3.2"),
            202504 => Some("4.0"),
            202407 => Some("4.1"),
            _ => None,
        }
    }

    /// The layouts records of this version follow; an unknown version follows 4.1's.
    pub fn generation(self) -> Generation {
        match self.0.as_number() {
            201910 | 202003 | 202208 => Generation::V3,
            _ => Generation::V4,
        }
    }

    /// The first service month this version is used for (spec LEGACY.md, 「新しい版は、その
    /// 適用年月に当たるサービス提供年月のデータから使う」), or `None` for an unknown value.
    ///
    /// ```
    /// use careplan_model::value::{CsvVersion, YearMonth};
    /// assert_eq!(CsvVersion::V202407.applies_from(), YearMonth::new(2025, 4));
    /// assert_eq!(CsvVersion::V202208.applies_from(), YearMonth::new(2023, 1));
    /// assert_eq!("202410".parse::<CsvVersion>().unwrap().applies_from(), None);
    /// ```
    pub fn applies_from(self) -> Option<YearMonth> {
        let (year, month) = match self.0.as_number() {
            201910 => (2020, 3),
            202003 => (2020, 10),
            202208 => (2023, 1),
            // 4.0 and 4.1 both apply from 2025-04 (4.1 changed the value, not the month).
            202504 | 202407 => (2025, 4),
            _ => return None,
        };
        YearMonth::new(year, month)
    }

    /// The versions in force for service month `month`: the known versions that apply from
    /// the latest applicable month not after `month` (202504 and 202407 from 2025-04;
    /// 202208 from 2023-01 to 2025-03 …). Empty before the first edition applied (2020-03).
    ///
    /// ```
    /// use careplan_model::value::{CsvVersion, YearMonth};
    /// let m = |y, m| YearMonth::new(y, m).unwrap();
    /// assert_eq!(CsvVersion::in_force(m(2025, 3)), vec![CsvVersion::V202208]);
    /// assert_eq!(CsvVersion::in_force(m(2025, 4)), vec![CsvVersion::V202504, CsvVersion::V202407]);
    /// assert!(CsvVersion::in_force(m(2019, 12)).is_empty());
    /// ```
    pub fn in_force(month: YearMonth) -> Vec<CsvVersion> {
        let latest = CsvVersion::KNOWN
            .iter()
            .filter_map(|v| v.applies_from())
            .filter(|from| *from <= month)
            .max();
        CsvVersion::KNOWN
            .into_iter()
            .filter(|v| latest.is_some() && v.applies_from() == latest)
            .collect()
    }

    /// Whether a known version is out of force for service month `month`: a 4.x version for
    /// a month before 2025-04, a 3.x version for 2025-04 on (or any version superseded by a
    /// later one that applies by then). `false` for an unknown version (reported on its
    /// own) and for a month no version applies to.
    ///
    /// ```
    /// use careplan_model::value::{CsvVersion, YearMonth};
    /// let m = |y, m| YearMonth::new(y, m).unwrap();
    /// assert!(CsvVersion::V202407.out_of_force(m(2025, 3)));
    /// assert!(CsvVersion::V202208.out_of_force(m(2025, 4)));
    /// assert!(!CsvVersion::V202504.out_of_force(m(2025, 4)));
    /// assert!(!"202410".parse::<CsvVersion>().unwrap().out_of_force(m(2025, 3)));
    /// ```
    #[doc(hidden)]
    pub fn out_of_force(self, month: YearMonth) -> bool {
        if !self.is_known() {
            return false;
        }
        let in_force = CsvVersion::in_force(month);
        !in_force.is_empty() && !in_force.contains(&self)
    }

    /// Parses a value and requires it to be a known version (for writers and strict callers).
    pub fn parse_known(s: &str) -> Result<CsvVersion, ParseError> {
        let v: CsvVersion = s.parse()?;
        if v.is_known() {
            Ok(v)
        } else {
            Err(ParseError::new(WHAT, s, Flaw::UnknownVersion))
        }
    }

    /// Parses without allocating.
    pub(crate) fn scan(s: &str) -> Result<CsvVersion, Flaw> {
        YearMonth::scan(s).map(CsvVersion)
    }
}

const WHAT: &str = "CSVバージョン (CSV version, YYYYMM)";

impl Default for CsvVersion {
    /// 202407, the version of 4.1, which writers use unless told otherwise.
    fn default() -> CsvVersion {
        CsvVersion::V202407
    }
}

impl fmt::Display for CsvVersion {
    /// `YYYYMM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for CsvVersion {
    type Err = ParseError;

    /// Parses any `YYYYMM` value, known or not.
    fn from_str(s: &str) -> Result<CsvVersion, ParseError> {
        CsvVersion::scan(s).map_err(|flaw| ParseError::new(WHAT, s, flaw))
    }
}

super::serde_as_string!(CsvVersion);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_apply_from_their_service_month() {
        let m = |y, mo| YearMonth::new(y, mo).unwrap();
        // LEGACY.md: 4.0 and 4.1 apply from 2025-04; 3.x (202208) from 2023-01.
        assert!(CsvVersion::V202407.out_of_force(m(2025, 3)));
        assert!(CsvVersion::V202504.out_of_force(m(2024, 12)));
        assert!(!CsvVersion::V202407.out_of_force(m(2025, 4)));
        assert!(CsvVersion::V202208.out_of_force(m(2025, 4)));
        assert!(CsvVersion::V202208.out_of_force(m(2026, 1)));
        assert!(!CsvVersion::V202208.out_of_force(m(2025, 3)));
        assert!(!CsvVersion::V202208.out_of_force(m(2023, 1)));
        assert!(CsvVersion::V202208.out_of_force(m(2022, 12)));
        assert!(CsvVersion::V202003.out_of_force(m(2023, 1)));
        assert!(!CsvVersion::V201910.out_of_force(m(2020, 3)));
        assert!(!CsvVersion::V201910.out_of_force(m(2019, 12)));
        assert_eq!(CsvVersion::in_force(m(2020, 10)), vec![CsvVersion::V202003]);
    }

    #[test]
    fn known_values() {
        let list: Vec<String> = CsvVersion::KNOWN.iter().map(|v| v.to_string()).collect();
        assert_eq!(list.join(", "), CsvVersion::KNOWN_LIST);
        for v in CsvVersion::KNOWN {
            assert!(v.is_known());
            assert!(v.edition().is_some());
            assert_eq!(CsvVersion::parse_known(&v.to_string()), Ok(v));
        }
    }

    #[test]
    fn generations() {
        for (s, g) in [
            ("201910", Generation::V3),
            ("202003", Generation::V3),
            ("202208", Generation::V3),
            ("202504", Generation::V4),
            ("202407", Generation::V4),
            ("202410", Generation::V4),
            ("202404", Generation::V4),
            ("201905", Generation::V4),
        ] {
            assert_eq!(s.parse::<CsvVersion>().unwrap().generation(), g, "{s}");
        }
    }

    #[test]
    fn unknown_values_parse_but_are_not_known() {
        for s in ["202410", "202404"] {
            let v: CsvVersion = s.parse().unwrap();
            assert!(!v.is_known());
            assert_eq!(v.edition(), None);
            assert_eq!(
                CsvVersion::parse_known(s).unwrap_err().into_kind(),
                Flaw::UnknownVersion
            );
        }
        assert!("2024-7".parse::<CsvVersion>().is_err());
        assert_eq!(
            serde_json::to_string(&CsvVersion::default()).unwrap(),
            "\"202407\""
        );
    }
}
