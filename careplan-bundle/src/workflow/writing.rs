//! Writing the files of an export and reading them back to validate them.

use careplan_csv::FileWriterBuilder;
use careplan_csv::{FileName, NameStyle, Party, Sequence};
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Mode, Problem, TypedRecord};

use super::exported::Exported;
use crate::error::Error;
use crate::keys::UserKey;
use crate::loaded::{FileSet, LoadOptions, LoadedFile};

/// Who sends what to whom under which number and name form.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Naming {
    pub(crate) sender: Party,
    /// Required by [`Naming::name`]: `None` until a [`PlanExport`](super::PlanExport) is
    /// given its receiver.
    pub(crate) receiver: Option<Party>,
    pub(crate) sequence: Option<Sequence>,
    pub(crate) style: NameStyle,
}

impl Naming {
    /// The name of the file of `kind` for `month` (a `None` month: the kind has none).
    pub(crate) fn name(&self, kind: FileKind, month: Option<YearMonth>) -> Result<FileName, Error> {
        let mut b = FileName::builder(kind)
            .sender_party(self.sender)
            .style(self.style);
        if let Some(r) = self.receiver {
            b = b.receiver_party(r);
        }
        if let Some(m) = month {
            b = b.month(m);
        }
        if let Some(s) = self.sequence {
            b = b.sequence(s);
        }
        Ok(b.build()?)
    }
}

/// The bytes of a file of `records` in the standard's form, and the substitutions made.
pub(crate) fn write<T: TypedRecord>(
    name: &FileName,
    records: &[&T],
) -> Result<(Vec<u8>, Vec<Problem>), Error> {
    let display = name.to_string();
    let mut w = FileWriterBuilder::new().to_writer(Vec::new(), name.kind(), &display);
    for r in records {
        w.write(*r)?;
    }
    Ok(w.finish()?)
}

/// Reads the written files back as the receiver will, in `mode`: the set, and every
/// problem of the files and of their unit (composition and relations).
fn read_back(
    files: Vec<(FileName, Vec<u8>)>,
    mode: Mode,
) -> Result<(FileSet, Vec<Problem>), Error> {
    let mut set = FileSet::with_options(LoadOptions::new().mode(mode));
    for (name, bytes) in files {
        set.push(LoadedFile::read(name.to_string(), bytes, mode)?);
    }
    let mut problems: Vec<Problem> = set
        .files()
        .iter()
        .flat_map(|f| f.problems().cloned())
        .collect();
    for unit in set.units() {
        problems.extend(unit.problems());
    }
    Ok((set, problems))
}

/// Releases written files: reads them back as the receiver will (in `mode`) and returns
/// them with every problem — those of `written` (the substitutions of writing) and of
/// reading back — or, when one is an error, refuses them with all the problems.
pub(crate) fn release(
    files: Vec<(FileName, Vec<u8>)>,
    mut problems: Vec<Problem>,
    mode: Mode,
    left_out: Vec<UserKey>,
) -> Result<Exported, Error> {
    let (set, read) = read_back(files, mode)?;
    problems.extend(read);
    if problems.iter().any(Problem::is_error) {
        return Err(Error::invalid_records(problems));
    }
    Ok(Exported {
        set,
        problems,
        left_out,
    })
}

/// The records grouped by user, users in the order they first appear in `order`, records
/// of a user in the order given; records of users not in `order` after them (kept when
/// `keep_others`, else returned as left out).
pub(crate) fn by_user<'a, T, K: PartialEq + Copy>(
    records: &'a [T],
    key: impl Fn(&T) -> K,
    order: &[K],
    keep_others: bool,
) -> (Vec<&'a T>, Vec<K>) {
    let mut placed: Vec<(usize, usize, &T)> = Vec::with_capacity(records.len());
    let mut left_out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let k = key(r);
        match order.iter().position(|o| *o == k) {
            Some(p) => placed.push((p, i, r)),
            None if keep_others => placed.push((order.len(), i, r)),
            None => {
                if !left_out.contains(&k) {
                    left_out.push(k);
                }
            }
        }
    }
    placed.sort_by_key(|(p, i, _)| (*p, *i));
    (placed.into_iter().map(|(_, _, r)| r).collect(), left_out)
}
