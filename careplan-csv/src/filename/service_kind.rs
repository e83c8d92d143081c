//! サービス種類コード as they appear in file names: the model's [`ServiceKind`] (spec
//! SERVICE_KINDS.tsv, the one table), read with the name's errors.

use careplan_model::value::ServiceKind;

use super::error::{NameFlaw, NamePart, Reason};

/// A 2-character code of SERVICE_KINDS.tsv, case ignored (`2a` is `2A`; names are read in
/// any case, OPEN_QUESTIONS 11). Any code of the table is accepted for either party,
/// whether or not its services are exchanged (43 for the care office; 46 or AF for a
/// 地域包括支援センター, OPEN_QUESTIONS 9); an unknown code is an error.
pub(crate) fn read_kind(code: &str) -> Result<ServiceKind, NameFlaw> {
    if code.chars().count() != 2 {
        return Err(NameFlaw::new(
            NamePart::ServiceKind,
            Reason::KindLength,
            code,
        ));
    }
    ServiceKind::new(&code.to_ascii_uppercase())
        .ok_or_else(|| NameFlaw::new(NamePart::ServiceKind, Reason::UnknownKind, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_the_table_in_any_case() {
        assert_eq!(read_kind("af").map(|k| k.code()), Ok("AF"));
        assert_eq!(read_kind("2a").map(|k| k.code()), Ok("2A"));
        assert_eq!(read_kind("73").map(|k| k.code()), Ok("73"));
        let e = read_kind("431").unwrap_err();
        assert_eq!(e.part(), NamePart::ServiceKind);
        assert_eq!(
            e.to_string(),
            "service-kind code must be 2 characters, found 3: 431"
        );
        assert_eq!(
            read_kind("99").unwrap_err().to_string(),
            "service-kind code must be a service-kind code of the standard, found unknown code 99"
        );
        assert!(read_kind("").is_err());
        assert!(read_kind("Ａ1").is_err());
    }
}
