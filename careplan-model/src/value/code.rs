//! Code enumerations: items whose value is one of the codes the standard lists, each with
//! its meaning (`1:男性;2:女性`).
//!
//! Each enumeration is declared with [`code_enum!`](crate::code_enum) from the same
//! key/meaning pairs as the layout's `values` column; the kind modules' tests check that the
//! two agree. Each implements [`Code`]: what every code enumeration answers is said once.

/// A code enumeration of the standard: an item whose value is one of the codes its layout
/// lists (`1:男性;2:女性`). Every enumeration of the value types and of the file kinds'
/// modules implements it; it parses from its key (`FromStr`) and prints as it (`Display`).
///
/// ```
/// use careplan_model::value::{Code, Sex};
/// assert_eq!(Sex::ALL, &[Sex::Male, Sex::Female]);
/// assert_eq!(Sex::Female.key(), "2");
/// assert_eq!(Sex::Female.meaning_ja(), "女性");
/// assert_eq!("2".parse::<Sex>().unwrap(), Sex::Female);
/// ```
pub trait Code: Copy + Sized + 'static {
    /// Every code, in the order the standard lists them.
    const ALL: &'static [Self];

    /// The code as written in the file.
    fn key(self) -> &'static str;

    /// The meaning the standard gives the code.
    fn meaning_ja(self) -> &'static str;
}

/// Declares a code enumeration: `Variant = "key" "meaning"` (the tests below show one).
macro_rules! code_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal $meaning:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $(
                #[doc = concat!("`", $key, "`: ", $meaning)]
                $(#[$vmeta])*
                $variant,
            )+
        }

        impl $crate::value::Code for $name {
            const ALL: &'static [$name] = &[$($name::$variant),+];

            fn key(self) -> &'static str {
                match self { $($name::$variant => $key,)+ }
            }

            fn meaning_ja(self) -> &'static str {
                match self { $($name::$variant => $meaning,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::value::Code::key(*self))
            }
        }

        impl $crate::typed::ItemValue for $name {
            /// The code of the key the layout engine found (a key of the item's layout,
            /// written as the text is: what `from_str` parses from the text).
            fn from_scanned(scanned: &$crate::layout::Scanned) -> Option<$name> {
                match *scanned {
                    $crate::layout::Scanned::Code(key) => match key {
                        $($key => Some($name::$variant),)+
                        _ => None,
                    },
                    _ => None,
                }
            }
        }
        impl $crate::value::ItemText for $name {
            const PLAIN: bool = true $(&& $crate::value::is_plain($key))+;

            fn push_text(&self, out: &mut Vec<u8>) {
                out.extend_from_slice($crate::value::Code::key(*self).as_bytes())
            }

            fn is_text_of(&self, text: &[u8], _: &mut Vec<u8>) -> bool {
                $crate::__private::same_bytes(text, $crate::value::Code::key(*self).as_bytes())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::value::ParseError;

            fn from_str(s: &str) -> Result<$name, $crate::value::ParseError> {
                match s {
                    $($key => Ok($name::$variant),)+
                    _ => Err($crate::value::ParseError::new(
                        stringify!($name),
                        s,
                        $crate::value::Flaw::UnknownCode { codes: &[$($key),+] },
                    )),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::value::Code::key(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use code_enum;

crate::code_enum! {
    /// A yes/no item of the standard written `1:該当;0:非該当` (３０日超区分, 障害等認定 …).
    pub enum Applicable { Yes = "1" "該当", No = "0" "非該当" }
}

crate::code_enum! {
    /// 要介護状態区分 of the 居宅 files (コード表 (3)).
    pub enum CareLevel {
        Jigyotaisho = "06" "事業対象者",
        Support1 = "12" "要支援１",
        Support2 = "13" "要支援２",
        Care1 = "21" "要介護１",
        Care2 = "22" "要介護２",
        Care3 = "23" "要介護３",
        Care4 = "24" "要介護４",
        Care5 = "25" "要介護５",
    }
}

crate::code_enum! {
    /// 利用者性別.
    pub enum Sex { Male = "1" "男性", Female = "2" "女性" }
}

crate::code_enum! {
    /// 認定状況区分.
    pub enum CertificationStatus { Applying = "1" "申請中", Certified = "2" "認定済" }
}

crate::code_enum! {
    /// 計画書区分 (初回・紹介・継続 and their combinations).
    pub enum PlanCategory {
        First = "11" "初回",
        Referral = "12" "紹介",
        Continuing = "21" "継続",
        FirstReferral = "51" "初回＆紹介",
        FirstContinuing = "52" "初回＆継続",
        ReferralContinuing = "53" "紹介＆継続",
        FirstReferralContinuing = "54" "初回＆紹介＆継続",
    }
}

/// A code made of digits whose leading zeros matter (サテライト枝番, 入力者コード): kept as
/// written.
///
/// ```
/// use careplan_model::value::DigitCode;
/// let c: DigitCode = "01".parse().unwrap();
/// assert_eq!(c.as_str(), "01");
/// assert!("1a".parse::<DigitCode>().is_err());
/// assert!("".parse::<DigitCode>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DigitCode(String);

impl DigitCode {
    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DigitCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for DigitCode {
    type Err = super::ParseError;

    fn from_str(s: &str) -> Result<DigitCode, super::ParseError> {
        if s.is_empty() {
            return Err(super::ParseError::new("digit code", s, super::Flaw::Empty));
        }
        match s.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            None => Ok(DigitCode(s.to_string())),
            Some((position, found)) => Err(super::ParseError::new(
                "digit code",
                s,
                super::Flaw::Character {
                    position: position + 1,
                    found,
                    expected: "0-9",
                },
            )),
        }
    }
}

super::serde_as_string!(DigitCode);

#[cfg(test)]
mod tests {
    use super::Code;

    crate::code_enum! {
        /// 利用者性別, declared again for the macro's own test.
        pub enum Gender { Male = "1" "男性", Female = "2" "女性" }
    }

    #[test]
    fn a_declared_enumeration_parses_prints_and_names_its_codes() {
        assert_eq!("2".parse::<Gender>().unwrap(), Gender::Female);
        assert_eq!(Gender::Female.meaning_ja(), "女性");
        assert_eq!(Gender::Male.to_string(), "1");
        assert_eq!(Gender::ALL, &[Gender::Male, Gender::Female]);
        let err = "3".parse::<Gender>().unwrap_err();
        assert_eq!(
            err.kind(),
            &crate::value::Flaw::UnknownCode { codes: &["1", "2"] }
        );
        assert_eq!(
            err.to_string(),
            "\"3\" is not a valid Gender: it is not one of the codes 1, 2"
        );
    }
}
