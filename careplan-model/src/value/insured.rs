//! `InsuredNumber`: the 被保険者番号, ten digits or `H` + nine digits for 生保単独.

use std::fmt;
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};

/// A 被保険者番号: ten ASCII digits, or for a person on public assistance only (生保単独)
/// an upper-case `H` followed by nine digits (`H123456789`).
///
/// ```
/// use careplan_model::value::InsuredNumber;
/// let n: InsuredNumber = "H123456789".parse().unwrap();
/// assert!(n.is_seiho());
/// assert_eq!(n.to_string(), "H123456789");
/// let n: InsuredNumber = "0000012345".parse().unwrap();
/// assert!(!n.is_seiho());
/// assert_eq!(n.to_string(), "0000012345");
/// assert!("123456789".parse::<InsuredNumber>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InsuredNumber {
    seiho: bool,
    number: u64,
}

impl InsuredNumber {
    /// The number of characters.
    pub const LEN: usize = 10;

    /// A ten-digit number (0–9999999999), or `None` if it has more digits.
    pub const fn insured(number: u64) -> Option<InsuredNumber> {
        if number <= 9_999_999_999 {
            Some(InsuredNumber {
                seiho: false,
                number,
            })
        } else {
            None
        }
    }

    /// A 生保単独 number `H` + nine digits (0–999999999), or `None` if it has more digits.
    pub const fn seiho(number: u32) -> Option<InsuredNumber> {
        if number <= 999_999_999 {
            Some(InsuredNumber {
                seiho: true,
                number: number as u64,
            })
        } else {
            None
        }
    }

    /// Whether it is a 生保単独 number (`H` + nine digits).
    pub const fn is_seiho(self) -> bool {
        self.seiho
    }

    /// The digits as an integer (without the `H`).
    pub const fn digits(self) -> u64 {
        self.number
    }

    /// Parses without allocating.
    pub(crate) fn scan(s: &str) -> Result<InsuredNumber, Flaw> {
        match InsuredNumber::scan_fast(s.as_bytes()) {
            Some(n) => Ok(n),
            None => InsuredNumber::scan_careful(s),
        }
    }

    /// The fast path of [`InsuredNumber::scan`], on the text's bytes: `None` for any flaw.
    #[inline(always)]
    pub(crate) fn scan_fast(bytes: &[u8]) -> Option<InsuredNumber> {
        match bytes {
            [b'H', rest @ ..] if rest.len() == 9 => {
                digits::value(rest).map(|number| InsuredNumber {
                    seiho: true,
                    number,
                })
            }
            all if all.len() == InsuredNumber::LEN => {
                digits::value(all).map(|number| InsuredNumber {
                    seiho: false,
                    number,
                })
            }
            _ => None,
        }
    }

    /// [`InsuredNumber::scan`] step by step, for the flaw of a text the fast path rejected.
    #[cold]
    #[inline(never)]
    fn scan_careful(s: &str) -> Result<InsuredNumber, Flaw> {
        digits::check_len(s, InsuredNumber::LEN)?;
        if s.as_bytes().first() == Some(&b'H') {
            let number = digits::digits(s, 1, s.len())?;
            Ok(InsuredNumber {
                seiho: true,
                number,
            })
        } else {
            match digits::digits(s, 0, s.len()) {
                Ok(number) => Ok(InsuredNumber {
                    seiho: false,
                    number,
                }),
                Err(Flaw::Character {
                    position: 1, found, ..
                }) => Err(Flaw::Character {
                    position: 1,
                    found,
                    expected: "H or a digit",
                }),
                Err(flaw) => Err(flaw),
            }
        }
    }
}

impl fmt::Display for InsuredNumber {
    /// Ten digits, or `H` and nine digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.seiho {
            write!(f, "H{:09}", self.number)
        } else {
            write!(f, "{:010}", self.number)
        }
    }
}

impl FromStr for InsuredNumber {
    type Err = ParseError;

    /// Parses ten ASCII digits or `H` and nine digits.
    fn from_str(s: &str) -> Result<InsuredNumber, ParseError> {
        InsuredNumber::scan(s)
            .map_err(|flaw| ParseError::new("被保険者番号 (insured number)", s, flaw))
    }
}

super::serde_as_string!(InsuredNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_scan_equals_the_careful_scan() {
        let alphabet = ['0', '1', '9', 'H', 'h', 'a', '-', '１'];
        for s in digits::texts(&alphabet, 4, 4, 12, 200_000) {
            assert_eq!(
                InsuredNumber::scan(&s),
                InsuredNumber::scan_careful(&s),
                "{s:?}"
            );
        }
    }

    #[test]
    fn both_forms() {
        let n: InsuredNumber = "H000000001".parse().unwrap();
        assert!(n.is_seiho());
        assert_eq!(n.digits(), 1);
        assert_eq!(n, InsuredNumber::seiho(1).unwrap());
        assert_ne!(n, InsuredNumber::insured(1).unwrap());
        assert_eq!(InsuredNumber::insured(1).unwrap().to_string(), "0000000001");
        assert_eq!(InsuredNumber::seiho(1_000_000_000), None);
    }

    #[test]
    fn rejects_with_the_part() {
        assert_eq!(
            "h123456789"
                .parse::<InsuredNumber>()
                .unwrap_err()
                .into_kind(),
            Flaw::Character {
                position: 1,
                found: 'h',
                expected: "H or a digit"
            }
        );
        assert_eq!(
            "H12345678"
                .parse::<InsuredNumber>()
                .unwrap_err()
                .into_kind(),
            Flaw::Length {
                expected: 10,
                found: 9
            }
        );
        assert_eq!(
            "HH12345678"
                .parse::<InsuredNumber>()
                .unwrap_err()
                .into_kind(),
            Flaw::Character {
                position: 2,
                found: 'H',
                expected: "a digit"
            }
        );
        assert_eq!(
            "12345678H9"
                .parse::<InsuredNumber>()
                .unwrap_err()
                .into_kind(),
            Flaw::Character {
                position: 9,
                found: 'H',
                expected: "a digit"
            }
        );
    }
}
