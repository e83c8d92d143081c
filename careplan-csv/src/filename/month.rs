//! The 対象年月 of a file name: the model's [`YearMonth`], or `000000` (`None`), which only
//! UPHOSOKU carries when it goes with 第1表/第2表/第3表 (a plan set, not a month).

use careplan_model::value::YearMonth;

use super::error::{NameFlaw, NamePart, Reason};

/// The name's `000000`.
pub(crate) const UNSET: &str = "000000";

/// Six digits: `YYYYMM` (month 01–12), or `000000` for `None`. Whether `None` is allowed
/// depends on the file kind; [`FileName`](super::FileName) parsing and building check it.
pub(crate) fn read_month(text: &str) -> Result<Option<YearMonth>, NameFlaw> {
    let b = text.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return Err(NameFlaw::new(
            NamePart::Month,
            Reason::Digits { want: 6 },
            text,
        ));
    }
    if text == UNSET {
        return Ok(None);
    }
    match text.parse::<YearMonth>() {
        // Year 0000 is no year of a service month.
        Ok(m) if m.year() > 0 => Ok(Some(m)),
        _ => Err(NameFlaw::new(NamePart::Month, Reason::BadMonth, text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(
            read_month("202501").map(|m| m.map(|m| m.to_string())),
            Ok(Some("202501".to_string()))
        );
        assert_eq!(read_month("000000"), Ok(None));
        assert!(read_month("202500").is_err());
        assert!(read_month("000001").is_err());
        assert!(read_month("000012").is_err());
        assert!(read_month("20251").is_err());
        assert!(read_month("2025-1").is_err());
        let e = read_month("201913").unwrap_err();
        assert_eq!(
            e.to_string(),
            "month (対象年月) must be 6 digits of a year and a month from 01 to 12, found 201913"
        );
        assert_eq!(
            e.message_ja(),
            "対象年月は6桁の年月（月は01～12）です。201913 でした"
        );
    }
}
