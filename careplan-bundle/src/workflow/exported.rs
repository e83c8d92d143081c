//! The files an export made, validated.

use careplan_csv::Sequence;
use careplan_model::{FileKind, Problem};

use crate::error::Error;
use crate::keys::UserKey;
use crate::loaded::{FileSet, LoadedFile};

/// The files an export wrote, as the receiver will read them: names of the standard, one
/// sequence number, bytes in the standard's form. Built only when they hold no error; the
/// warnings are in [`problems`](Exported::problems).
///
/// ```
/// use careplan_bundle::workflow::ResultExport;
/// use careplan_csv::{Party, Sequence};
/// use careplan_model::value::OfficeNumber;
/// use careplan_model::table6::Table6Record;
/// use careplan_model::{FileKind, RawRecord, TypedRecord};
/// let row = Table6Record::from_raw(&RawRecord::from_texts([
///     "202407", "131001", "0000012345", "20250320", "202504", "0300000100", "佐藤", "250", "",
///     "20250401", "", "1000", "1100", "1", "111111", "", "", "", "", "0300000005", "A", "",
///     "0", "0300000005", "",
/// ])).unwrap();
/// let provider = Party::new("0300000005".parse::<OfficeNumber>()?, "11".parse()?);
/// let care_office = Party::new("0300000100".parse::<OfficeNumber>()?, "43".parse()?);
/// let exported = ResultExport::new(provider, care_office, "202504".parse()?)
///     .sequence(Sequence::parse("20250501090000")?)
///     .records([row])
///     .build()?;
/// let file = exported.file(FileKind::UsageResult).unwrap();
/// assert!(file.bytes().ends_with(b",0300000005,\r\n"));
/// assert_eq!(exported.sequence().map(|s| s.to_string()).as_deref(), Some("20250501090000"));
/// assert!(exported.problems().is_empty() && exported.left_out().is_empty());
/// assert!(exported.set().units()[0].problems().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`PlanExport`](super::PlanExport) shows a plan export and its ZIP.
#[derive(Clone, Debug)]
pub struct Exported {
    pub(crate) set: FileSet,
    pub(crate) problems: Vec<Problem>,
    pub(crate) left_out: Vec<UserKey>,
}

impl Exported {
    /// The files, in the order of the unit (第6表, 第7表, 補足 for a plan export).
    pub fn files(&self) -> &[LoadedFile] {
        self.set.files()
    }

    /// The file of `kind`.
    pub fn file(&self, kind: FileKind) -> Option<&LoadedFile> {
        self.set.files().iter().find(|f| f.kind() == Some(kind))
    }

    /// The files as a set, e.g. to apply them to a [`ReceiverState`](crate::ReceiverState).
    pub fn set(&self) -> &FileSet {
        &self.set
    }

    /// The sequence number the files share.
    pub fn sequence(&self) -> Option<Sequence> {
        self.files()
            .first()
            .and_then(|f| f.name())
            .map(|n| n.sequence())
    }

    /// The warnings found writing and reading back the files (substituted characters, a
    /// legacy name form …).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The users whose records were given but not written, as they have no service of
    /// the receiver.
    pub fn left_out(&self) -> &[UserKey] {
        &self.left_out
    }

    /// The files in a ZIP archive, at its top under their standard names. Read back, each
    /// entry gives the file's bytes.
    ///
    /// # Errors
    /// An error of the archive writer.
    pub fn to_zip(&self) -> Result<Vec<u8>, Error> {
        self.set.to_zip(None)
    }

    /// The files in a ZIP archive, inside `folder` (as the seed manual's export unpacks
    /// into a folder).
    ///
    /// # Errors
    /// A folder name the archive writer refuses.
    pub fn to_zip_in(&self, folder: &str) -> Result<Vec<u8>, Error> {
        self.set.to_zip(Some(folder))
    }
}
