//! Reading modes: strict (the standard to the letter) and lenient (real files).

use serde::{Deserialize, Serialize};

use crate::problem::Severity;

/// How strictly a file is read.
///
/// Both modes read every record and never drop one; they differ in how a deviation from the
/// standard's form (LF line endings, quoted numbers, a header line, a UTF-8 file …) is
/// reported: strict mode reports it as an error, lenient mode forgives it and reports it as
/// a warning.
///
/// ```
/// use careplan_model::{Mode, Severity};
/// assert_eq!(Mode::Strict.deviation(), Severity::Error);
/// assert_eq!(Mode::Lenient.deviation(), Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The standard to the letter.
    Strict,
    /// Real files: forgiving, every deviation reported.
    #[default]
    Lenient,
}

impl Mode {
    /// The severity of a deviation from the standard's form in this mode.
    #[doc(hidden)]
    pub fn deviation(self) -> Severity {
        match self {
            Mode::Strict => Severity::Error,
            Mode::Lenient => Severity::Warning,
        }
    }
}
