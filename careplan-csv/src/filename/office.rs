//! 事業所番号 (office numbers) as they appear in file names: the model's
//! [`OfficeNumber`], read with the name's errors.

use careplan_model::value::OfficeNumber;

use super::error::{NameFlaw, NamePart, Reason};

/// An office number read from a name's part: ten ASCII digits, or, when `lenient`, the
/// nine digits of the standard's own §2.4 examples (LEGACY.md), read as the number they
/// write (`123456789` is `0123456789`) and flagged with `true` so the reader reports it.
pub(crate) fn read_office(text: &str, lenient: bool) -> Result<(OfficeNumber, bool), NameFlaw> {
    let bytes = text.as_bytes();
    let nine = lenient && bytes.len() == 9;
    if !(bytes.len() == 10 || nine) || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(NameFlaw::new(
            NamePart::Office,
            Reason::Digits { want: 10 },
            text,
        ));
    }
    let value = text
        .parse::<u64>()
        .ok()
        .and_then(OfficeNumber::new)
        .ok_or_else(|| NameFlaw::new(NamePart::Office, Reason::Digits { want: 10 }, text))?;
    Ok((value, nine))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_digits_only_unless_lenient() {
        let ok = |t: &str, lenient| read_office(t, lenient).map(|(n, nine)| (n.to_string(), nine));
        assert_eq!(ok("0300000100", false), Ok(("0300000100".into(), false)));
        assert!(ok("030000010", false).is_err());
        assert!(ok("03000001000", true).is_err());
        assert!(ok("03000001O0", true).is_err());
        assert!(ok("０３００００１００", true).is_err());
        assert!(ok("+30000010", true).is_err());
        assert_eq!(ok("123456789", true), Ok(("0123456789".into(), true)));
        assert!(ok("12345678", true).is_err());
        let e = read_office("123456789", false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "office number must be 10 digits, found 9: 123456789"
        );
    }
}
