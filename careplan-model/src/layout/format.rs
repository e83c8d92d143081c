//! `Format`: the vocabulary of the `format` column of the layout tables (spec FORMAT.md).

use std::fmt;
use std::str::FromStr;

use crate::value::{Flaw, ParseError};

/// How an item's value is written: one word of the `format` column of spec FORMAT.md.
///
/// ```
/// use careplan_model::Format;
/// let f: Format = "yyyymmdd".parse().unwrap();
/// assert_eq!(f, Format::Date);
/// assert_eq!(f.to_string(), "yyyymmdd");
/// assert_eq!(f.notation(), "YYYYMMDD");
/// assert_eq!(f.describe_en(), "a date");
/// assert_eq!(f.describe_ja(), "年月日");
/// assert!("date".parse::<Format>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `yyyymm`: a year-month (special values such as `000000` are listed in `values`).
    YearMonth,
    /// `yyyymmdd`: a date of the calendar (special values such as `00000000` in `values`).
    Date,
    /// `hhmm`: a time of day, 0000–2359 (`9999` where `values` lists it).
    Time,
    /// `digits`: a fixed code of ASCII digits, leading zeros significant (事業所番号 …).
    Digits,
    /// `integer`: a count or an amount (ASCII digits, optionally after `-`).
    Integer,
    /// `code`: one of the keys listed in `values`.
    Code,
    /// `insurer_id`: 保険者番号, six digits.
    InsurerId,
    /// `insured_id`: 被保険者番号, ten digits or `H` + nine digits.
    InsuredId,
    /// `flags31`: the 31-character 0/1 day mask.
    Flags31,
    /// `text`: free text (フリーテキスト), written between double quotes.
    Text,
    /// `unused`: not used (※使用しない); must be empty.
    Unused,
    /// `service_kind`: a 2-character service-kind code from the table of service kinds.
    ServiceKind,
    /// `service_code`: a 6-character service code (第7表's subtotal and total forms where
    /// `values` lists them).
    ServiceCode,
    /// `equipment_code`: a TAIS or 届出 code, `NNNNN-NNNNNN`.
    EquipmentCode,
    /// `decimal`: a number with two decimals, `99.99`.
    Decimal,
    /// `postal`: a postal code, `XXX-XXXX`.
    Postal,
    /// `phone`: a telephone number, digits and hyphens.
    Phone,
}

impl Format {
    /// Every format, in the order of FORMAT.md.
    pub const ALL: [Format; 17] = [
        Format::YearMonth,
        Format::Date,
        Format::Time,
        Format::Digits,
        Format::Integer,
        Format::Code,
        Format::InsurerId,
        Format::InsuredId,
        Format::Flags31,
        Format::Text,
        Format::Unused,
        Format::ServiceKind,
        Format::ServiceCode,
        Format::EquipmentCode,
        Format::Decimal,
        Format::Postal,
        Format::Phone,
    ];

    /// The word of the `format` column (`yyyymmdd`, `service_code` …).
    #[doc(hidden)]
    pub const fn word(self) -> &'static str {
        match self {
            Format::YearMonth => "yyyymm",
            Format::Date => "yyyymmdd",
            Format::Time => "hhmm",
            Format::Digits => "digits",
            Format::Integer => "integer",
            Format::Code => "code",
            Format::InsurerId => "insurer_id",
            Format::InsuredId => "insured_id",
            Format::Flags31 => "flags31",
            Format::Text => "text",
            Format::Unused => "unused",
            Format::ServiceKind => "service_kind",
            Format::ServiceCode => "service_code",
            Format::EquipmentCode => "equipment_code",
            Format::Decimal => "decimal",
            Format::Postal => "postal",
            Format::Phone => "phone",
        }
    }

    /// What the format expects, as a language-neutral notation: the `expected` of an
    /// [`InvalidFormat`](crate::ProblemKind::InvalidFormat) problem. `N` is a half-width
    /// digit, `X` a half-width digit or capital letter, `…` "and more of the same",
    /// `|` separates alternatives, `[-]` is an optional sign; `YYYYMMDD`, `HHMM` and
    /// `99.99` are written as the standard writes them. The words for people are
    /// [`Format::describe_ja`] and [`Format::describe_en`], which the messages use.
    ///
    /// ```
    /// use careplan_model::Format;
    /// assert_eq!(Format::InsurerId.notation(), "NNNNNN");
    /// assert_eq!(Format::Flags31.notation(), "0|1 ×31");
    /// assert_eq!(Format::Unused.notation(), "");
    /// ```
    pub const fn notation(self) -> &'static str {
        match self {
            Format::YearMonth => "YYYYMM",
            Format::Date => "YYYYMMDD",
            Format::Time => "HHMM",
            Format::Digits => "N…",
            Format::Integer => "[-]N…",
            Format::Code => "",
            Format::InsurerId => "NNNNNN",
            Format::InsuredId => "NNNNNNNNNN|HNNNNNNNNN",
            Format::Flags31 => "0|1 ×31",
            Format::Text => "…",
            Format::Unused => "",
            Format::ServiceKind => "XX",
            Format::ServiceCode => "XXNNNN",
            Format::EquipmentCode => "NNNNN-NNNNNN",
            Format::Decimal => "99.99",
            Format::Postal => "NNN-NNNN",
            Format::Phone => "N…-N…",
        }
    }

    /// What the format is, in Japanese words for care staff (`半角数字6桁の保険者番号`),
    /// as the Japanese messages of problems say it.
    ///
    /// ```
    /// use careplan_model::Format;
    /// assert_eq!(Format::Date.describe_ja(), "年月日");
    /// ```
    pub const fn describe_ja(self) -> &'static str {
        match self {
            Format::YearMonth => "年月",
            Format::Date => "年月日",
            Format::Time => "0000〜2359 または 2400 の時刻",
            Format::Digits => "半角数字",
            Format::Integer => "整数",
            Format::Code => "コード",
            Format::InsurerId => "半角数字6桁の保険者番号",
            Format::InsuredId => "半角数字10桁またはHと数字9桁の被保険者番号",
            Format::Flags31 => "0と1の31桁",
            Format::Text => "フリーテキスト",
            Format::Unused => "空",
            Format::ServiceKind => "2桁のサービス種類コード",
            Format::ServiceCode => "サービス種類コード2桁と数字4桁のサービスコード",
            Format::EquipmentCode => "数字5桁-数字6桁のTAISコードまたは福祉用具届出コード",
            Format::Decimal => "整数2桁・小数2桁の小数",
            Format::Postal => "数字3桁-数字4桁の郵便番号",
            Format::Phone => "数字とハイフンの電話番号",
        }
    }

    /// What the format is, in English words (`an insurer number of 6 digits`), as the
    /// English messages of problems say it.
    ///
    /// ```
    /// use careplan_model::Format;
    /// assert_eq!(Format::Date.describe_en(), "a date");
    /// ```
    pub const fn describe_en(self) -> &'static str {
        match self {
            Format::YearMonth => "a year and month",
            Format::Date => "a date",
            Format::Time => "a time of day from 0000 to 2359, or 2400",
            Format::Digits => "digits",
            Format::Integer => "a whole number",
            Format::Code => "a code",
            Format::InsurerId => "an insurer number of 6 digits",
            Format::InsuredId => "an insured person's number of 10 digits, or H and 9 digits",
            Format::Flags31 => "31 characters of 0 and 1",
            Format::Text => "free text",
            Format::Unused => "empty",
            Format::ServiceKind => "a service kind of 2 characters",
            Format::ServiceCode => "a service code of a service kind and 4 digits",
            Format::EquipmentCode => "an equipment code of 5 digits, a hyphen and 6 digits",
            Format::Decimal => "a number of 2 digits, a point and 2 decimals",
            Format::Postal => "a postal code of 3 digits, a hyphen and 4 digits",
            Format::Phone => "a telephone number of digits and hyphens",
        }
    }

    /// Whether the standard writes the item between double quotes (free text only).
    #[doc(hidden)]
    pub const fn is_text(self) -> bool {
        matches!(self, Format::Text)
    }
}

impl fmt::Display for Format {
    /// The word of the `format` column.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl FromStr for Format {
    type Err = ParseError;

    /// Parses a word of the `format` column.
    ///
    /// ```
    /// use careplan_model::value::Flaw;
    /// let err = "date".parse::<careplan_model::Format>().unwrap_err();
    /// assert_eq!(err.kind(), &Flaw::UnknownFormat);
    /// assert_eq!(err.to_string(), "\"date\" is not a valid format word: it is not a format word of the layout tables");
    /// ```
    fn from_str(s: &str) -> Result<Format, ParseError> {
        Format::ALL
            .into_iter()
            .find(|f| f.word() == s)
            .ok_or_else(|| ParseError::new("format word", s, Flaw::UnknownFormat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.word().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.word());
            assert!(!f.describe_en().is_empty() && !f.describe_ja().is_empty());
            // The notation is language-neutral: no Japanese, no English words.
            let n = f.notation();
            assert!(
                n.is_ascii() || n.contains('…') || n.contains('×'),
                "{f:?}: {n}"
            );
            assert!(!n.chars().any(|c| c.is_ascii_lowercase()), "{f:?}: {n}");
            // The English words hold no Japanese, the Japanese no English words.
            assert!(f.describe_en().is_ascii(), "{f:?}");
            assert!(
                !f.describe_ja().chars().any(|c| c.is_ascii_lowercase()),
                "{f:?}"
            );
        }
        let err = "flags".parse::<Format>().unwrap_err();
        assert_eq!((err.input(), err.kind()), ("flags", &Flaw::UnknownFormat));
    }
}
