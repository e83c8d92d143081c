//! A file of a transmission unit: its name, the caller's handle, and how it fits.

use careplan_csv::FileName;
use careplan_model::FileKind;

/// How a file fits the unit it was grouped into.
///
/// Only [`Belongs`](MemberStatus::Belongs) members make up the unit's composition; each
/// other status comes with a problem of the unit naming the file.
///
/// ```
/// use careplan_bundle::{group, MemberStatus};
/// use careplan_csv::FileName;
/// let names = [
///     "UPPLAN_202501_0300000100_43_0300000005_11_20241125100000.CSV",
///     "UPPLAN_202501_0300000100_43_0300000005_11_20241125100000.CSV",
/// ];
/// let files = names.iter().enumerate().map(|(i, n)| Ok((FileName::parse(n)?, i)));
/// let units = group(files.collect::<Result<Vec<_>, careplan_csv::Error>>()?);
/// let status: Vec<MemberStatus> = units[0].members().iter().map(|m| m.status()).collect();
/// assert_eq!(status, [MemberStatus::Belongs, MemberStatus::Duplicate]);
/// # Ok::<(), careplan_csv::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MemberStatus {
    /// The file is part of the unit's composition.
    Belongs,
    /// A second file of a kind the unit holds once (or a second image with the same 枝番);
    /// the first one belongs.
    Duplicate,
    /// A file of a kind the unit's kind does not hold.
    Stray,
    /// A file whose parties disagree with the unit's: other service-kind codes, or a kind
    /// sent by the other side.
    OtherParties,
}

/// A file of a unit: the name as the caller gave it, its parts, the caller's handle (an
/// index, a path, an archive entry …) and how it fits the unit.
///
/// ```
/// use careplan_bundle::{MemberStatus, UnitBuilder};
/// use careplan_csv::FileName;
/// use careplan_model::FileKind;
/// let given = "in/upjsk_202501_0300000005_11_0300000100_43_20250201090000.csv";
/// let mut builder = UnitBuilder::new();
/// builder.add_as(given, FileName::parse(given)?, "entry 7");
/// let units = builder.build();
/// let member = &units[0].members()[0];
/// assert_eq!(member.file(), given);
/// assert_eq!(member.kind(), FileKind::UsageResult);
/// assert_eq!(*member.handle(), "entry 7");
/// assert_eq!(member.status(), MemberStatus::Belongs);
/// # Ok::<(), careplan_csv::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member<T> {
    pub(crate) file: String,
    pub(crate) name: FileName,
    pub(crate) handle: T,
    pub(crate) status: MemberStatus,
}

impl<T> Member<T> {
    pub(crate) fn new(file: String, name: FileName, handle: T) -> Member<T> {
        Member {
            file,
            name,
            handle,
            status: MemberStatus::Belongs,
        }
    }

    /// The file as the caller named it (the name's upper-case text unless given with
    /// [`UnitBuilder::add_as`](super::UnitBuilder::add_as)); problems name files this way.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The parts of the name.
    pub fn name(&self) -> &FileName {
        &self.name
    }

    /// The kind of file.
    pub fn kind(&self) -> FileKind {
        self.name.kind()
    }

    /// The caller's handle.
    pub fn handle(&self) -> &T {
        &self.handle
    }

    /// The caller's handle, by value.
    pub fn into_handle(self) -> T {
        self.handle
    }

    /// How the file fits the unit.
    pub fn status(&self) -> MemberStatus {
        self.status
    }

    /// Whether the file is part of the unit's composition ([`MemberStatus::Belongs`]).
    pub fn belongs(&self) -> bool {
        self.status == MemberStatus::Belongs
    }
}
