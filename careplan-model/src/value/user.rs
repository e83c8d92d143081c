//! `UserKey` and `UserMonthKey`: the keys that name a user, and a user's month, in every
//! file and every crate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Flaw, InsuredNumber, InsurerNumber, ParseError, YearMonth};

/// A user: 保険者番号 + 被保険者番号. Written `保険者番号/被保険者番号`, and parsed from
/// what it writes.
///
/// ```
/// use careplan_model::value::UserKey;
/// let user = UserKey::new("131001".parse().unwrap(), "H123456789".parse().unwrap());
/// assert_eq!(user.to_string(), "131001/H123456789");
/// assert_eq!("131001/H123456789".parse(), Ok(user));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UserKey {
    /// 保険者番号.
    pub insurer: InsurerNumber,
    /// 被保険者番号.
    pub insured: InsuredNumber,
}

impl UserKey {
    /// The user of these two items.
    pub fn new(insurer: InsurerNumber, insured: InsuredNumber) -> UserKey {
        UserKey { insurer, insured }
    }

    /// The user's month `month`.
    pub fn month(self, month: YearMonth) -> UserMonthKey {
        UserMonthKey::new(self.insurer, self.insured, month)
    }
}

impl fmt::Display for UserKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.insurer, self.insured)
    }
}

impl FromStr for UserKey {
    type Err = ParseError;

    /// Parses `保険者番号/被保険者番号`, each part as its own type does (an error in a part
    /// is that part's error).
    fn from_str(s: &str) -> Result<UserKey, ParseError> {
        let Some((insurer, insured)) = s.split_once('/') else {
            // Where the slash should stand: after the 保険者番号's digits.
            let digits = s.chars().take_while(char::is_ascii_digit).count();
            let flaw = match s.chars().nth(digits) {
                Some(found) => Flaw::Character {
                    position: digits + 1,
                    found,
                    expected: "a slash",
                },
                None if s.is_empty() => Flaw::Empty,
                None => Flaw::Length {
                    expected: digits + 11,
                    found: digits,
                },
            };
            return Err(ParseError::new("user (保険者番号/被保険者番号)", s, flaw));
        };
        Ok(UserKey::new(insurer.parse()?, insured.parse()?))
    }
}

/// A user's month: 保険者番号 + 被保険者番号 + 対象年月, the key that links 第7表 and
/// 利用者補足情報 to 第6表, and 実績 to 予定. Written `保険者番号/被保険者番号/対象年月`.
///
/// ```
/// use careplan_model::value::{UserKey, UserMonthKey};
/// let key = UserMonthKey::new("131001".parse().unwrap(), "0000012345".parse().unwrap(), "202504".parse().unwrap());
/// assert_eq!(key.to_string(), "131001/0000012345/202504");
/// assert_eq!(key.user().to_string(), "131001/0000012345");
/// assert_eq!(key.user().month(key.month), key);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UserMonthKey {
    /// 保険者番号.
    pub insurer: InsurerNumber,
    /// 被保険者番号.
    pub insured: InsuredNumber,
    /// 対象年月.
    pub month: YearMonth,
}

impl UserMonthKey {
    /// The key of these three items.
    pub fn new(insurer: InsurerNumber, insured: InsuredNumber, month: YearMonth) -> UserMonthKey {
        UserMonthKey {
            insurer,
            insured,
            month,
        }
    }

    /// The user of the user-month.
    pub fn user(&self) -> UserKey {
        UserKey::new(self.insurer, self.insured)
    }

    /// The key of a 第6表 row (予定 or 実績).
    pub fn of_table6(r: &crate::table6::Table6Record) -> UserMonthKey {
        UserMonthKey::new(r.insurer, r.insured, r.month)
    }

    /// The key of a 第7表 row.
    pub fn of_table7(r: &crate::table7::Table7Record) -> UserMonthKey {
        UserMonthKey::new(r.insurer, r.insured, r.month)
    }

    /// The key of a 第6表予定削除 record (its 削除対象年月).
    pub fn of_plan_delete(r: &crate::table6_plan_delete::UsagePlanDeleteRecord) -> UserMonthKey {
        UserMonthKey::new(r.insurer, r.insured, r.month)
    }

    /// The key of a 利用者補足情報 sent with 第6表/第7表 (`None` for one sent with 第1表).
    pub fn of_hosoku(r: &crate::hosoku::HosokuRecord) -> Option<UserMonthKey> {
        match r.link()? {
            crate::hosoku::HosokuLink::Usage(m) => Some(UserMonthKey::new(r.insurer, r.insured, m)),
            crate::hosoku::HosokuLink::Plan(_) => None,
        }
    }
}

impl fmt::Display for UserMonthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.insurer, self.insured, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_key_parses_what_it_writes_and_names_what_is_wrong() {
        let key: UserKey = "131001/0000012345".parse().unwrap();
        assert_eq!(key.to_string(), "131001/0000012345");
        assert_eq!(key.insured.to_string(), "0000012345");

        // No slash: where it should stand.
        let err = "131001-0000012345".parse::<UserKey>().unwrap_err();
        assert_eq!(
            err.kind(),
            &Flaw::Character {
                position: 7,
                found: '-',
                expected: "a slash"
            }
        );
        assert!(err.to_string().contains("保険者番号/被保険者番号"));
        assert!(matches!(
            "131001".parse::<UserKey>().unwrap_err().into_kind(),
            Flaw::Length { found: 6, .. }
        ));
        assert_eq!("".parse::<UserKey>().unwrap_err().into_kind(), Flaw::Empty);
        // A part that is wrong: that part's error.
        let err = "131001/00000123".parse::<UserKey>().unwrap_err();
        assert_eq!(err.input(), "00000123");
    }
}
