//! The files an export made, validated.

use careplan_csv::filename::Sequence;
use careplan_model::{FileKind, Problem};

use crate::error::Error;
use crate::keys::UserKey;
use crate::loaded::{FileSet, LoadedFile};

/// The files an export wrote, as the receiver will read them: names of the standard, one
/// sequence number, bytes in the standard's form. Built only when they hold no error; the
/// warnings are in [`problems`](Exported::problems).
///
/// See [`PlanExport`](super::PlanExport) and [`ResultExport`](super::ResultExport) for
/// examples.
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
