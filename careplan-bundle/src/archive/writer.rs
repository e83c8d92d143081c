//! Writing an archive: deflate, plain names, deterministic bytes.

use std::io::{self, Seek, Write};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::limits::ArchiveLimits;
use super::name::{self, EntryPath, NameSet};
use crate::error::{Error, ErrorKind};

/// The time written for every entry of an archive. ZIP stores local date and time from
/// 1980 to 2107 with 2-second precision; odd seconds and fractions are dropped.
///
/// The default is 1980-01-01 00:00:00, the earliest a ZIP can hold, so that the same files
/// always give the same archive bytes. Give the export time instead when the receiver
/// should see it.
///
/// ```
/// use careplan_bundle::ArchiveTime;
/// use chrono::NaiveDate;
/// let at = NaiveDate::from_ymd_opt(2024, 12, 25).unwrap().and_hms_opt(13, 45, 31).unwrap();
/// let time = ArchiveTime::new(at)?;
/// assert_eq!(time.get().to_string(), "2024-12-25 13:45:30");
/// assert_eq!(ArchiveTime::default().get().to_string(), "1980-01-01 00:00:00");
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveTime {
    at: NaiveDateTime,
    dos: zip::DateTime,
}

impl ArchiveTime {
    /// The time `at`, rounded down to an even second; an error outside 1980–2107.
    pub fn new(at: NaiveDateTime) -> Result<ArchiveTime, Error> {
        let invalid = || {
            Error::new(ErrorKind::InvalidTime {
                time: at.format("%Y-%m-%d %H:%M:%S").to_string(),
            })
        };
        let second = at.second() - at.second() % 2;
        let rounded = at
            .date()
            .and_hms_opt(at.hour(), at.minute(), second)
            .ok_or_else(invalid)?;
        let year = u16::try_from(rounded.year()).map_err(|_| invalid())?;
        let dos = zip::DateTime::from_date_and_time(
            year,
            rounded.month() as u8,
            rounded.day() as u8,
            rounded.hour() as u8,
            rounded.minute() as u8,
            rounded.second() as u8,
        )
        .map_err(|_| invalid())?;
        Ok(ArchiveTime { at: rounded, dos })
    }

    /// 1980-01-01 00:00:00, the earliest time a ZIP can hold.
    pub fn dos_epoch() -> ArchiveTime {
        ArchiveTime {
            at: NaiveDate::from_ymd_opt(1980, 1, 1)
                .unwrap_or_default()
                .and_time(chrono::NaiveTime::MIN),
            dos: zip::DateTime::default(),
        }
    }

    /// The time as written.
    pub fn get(&self) -> NaiveDateTime {
        self.at
    }
}

impl Default for ArchiveTime {
    fn default() -> ArchiveTime {
        ArchiveTime::dos_epoch()
    }
}

/// Options for an [`ArchiveWriter`].
///
/// ```
/// use std::io::Cursor;
/// use careplan_bundle::{ArchiveLimits, ArchiveTime, ArchiveWriterBuilder};
/// let mut w = ArchiveWriterBuilder::new()
///     .time(ArchiveTime::default())
///     .limits(ArchiveLimits::new().with_max_entries(2))
///     .build(Cursor::new(Vec::new()));
/// w.add("a.CSV", b"1")?;
/// w.add("b.CSV", b"2")?;
/// assert!(w.add("c.CSV", b"3").is_err());
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ArchiveWriterBuilder {
    time: ArchiveTime,
    limits: ArchiveLimits,
}

impl ArchiveWriterBuilder {
    /// Default options: [`ArchiveTime::default`] and [`ArchiveLimits::default`].
    pub fn new() -> ArchiveWriterBuilder {
        ArchiveWriterBuilder::default()
    }

    /// The time written for every entry.
    pub fn time(&mut self, time: ArchiveTime) -> &mut ArchiveWriterBuilder {
        self.time = time;
        self
    }

    /// The limits the written archive must stay within (name length, entry count, sizes),
    /// so that a reader with the same limits accepts it.
    pub fn limits(&mut self, limits: ArchiveLimits) -> &mut ArchiveWriterBuilder {
        self.limits = limits;
        self
    }

    /// A writer into `inner`.
    pub fn build<W: Write + Seek>(&self, inner: W) -> ArchiveWriter<W> {
        ArchiveWriter {
            zip: ZipWriter::new(inner),
            time: self.time,
            limits: self.limits,
            names: NameSet::default(),
            count: 0,
            total: 0,
        }
    }
}

/// Writes a ZIP archive of care-plan files.
///
/// Entries are deflated and all carry the same [`ArchiveTime`], so the same files added in
/// the same order give the same bytes. Names must be plain file names or `folder/name`
/// (checked with the reader's rules, `/` only, no `.` or `..` parts); a name already added
/// (without regard to case) is refused. ASCII names (all of the standard's) are written as
/// they are; other names are written in UTF-8 with the UTF-8 flag set.
///
/// After an error from [`add`](Self::add) other than a refused name or limit, the archive
/// should be abandoned.
///
/// ```
/// use std::io::Cursor;
/// use careplan_bundle::{ArchiveReader, ArchiveWriter};
///
/// let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
/// w.add("UPPLAN_202412_0300000100_43_0300000005_11_20241125100000.CSV", b"202407,...\r\n")?;
/// assert!(w.add("../escape.CSV", b"").is_err());
/// let archive = w.finish()?;
///
/// let r = ArchiveReader::new(archive)?;
/// assert_eq!(r.list()[0].file_name, "UPPLAN_202412_0300000100_43_0300000005_11_20241125100000.CSV");
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
pub struct ArchiveWriter<W: Write + Seek> {
    zip: ZipWriter<W>,
    time: ArchiveTime,
    limits: ArchiveLimits,
    names: NameSet,
    count: usize,
    total: u64,
}

impl<W: Write + Seek> std::fmt::Debug for ArchiveWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArchiveWriter")
            .field("time", &self.time)
            .field("limits", &self.limits)
            .field("count", &self.count)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl<W: Write + Seek> ArchiveWriter<W> {
    /// A writer into `inner` with the default options.
    pub fn new(inner: W) -> ArchiveWriter<W> {
        ArchiveWriterBuilder::new().build(inner)
    }

    /// Adds a file named `name` (a plain file name or `folder/name`) holding `bytes`.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let fail = |kind: ErrorKind| Error::new(kind).for_entry(name);
        if name.len() > self.limits.max_name_len() {
            return Err(fail(ErrorKind::NameTooLong {
                length: name.len(),
                limit: self.limits.max_name_len(),
            }));
        }
        name::validate_plain(name).map_err(fail)?;
        if self.count >= self.limits.max_entries() {
            return Err(fail(ErrorKind::TooManyEntries {
                count: self.count as u64 + 1,
                limit: self.limits.max_entries(),
            }));
        }
        let size = bytes.len() as u64;
        if size > self.limits.max_entry_size() {
            return Err(fail(ErrorKind::EntryTooLarge {
                size,
                limit: self.limits.max_entry_size(),
            }));
        }
        let total = self.total.saturating_add(size);
        if total > self.limits.max_total_size() {
            return Err(fail(ErrorKind::TotalTooLarge {
                total,
                limit: self.limits.max_total_size(),
            }));
        }
        self.names
            .insert(&EntryPath {
                path: name.to_string(),
                is_dir: false,
            })
            .map_err(|first| fail(ErrorKind::DuplicateName { first }))?;

        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(self.time.dos)
            .unix_permissions(0o644)
            .large_file(size >= u64::from(u32::MAX));
        self.zip
            .start_file(name, options)
            .map_err(|e| write_error(e).for_entry(name))?;
        self.zip
            .write_all(bytes)
            .map_err(|e| Error::from(e).for_entry(name))?;
        self.count += 1;
        self.total = total;
        Ok(())
    }

    /// Writes the central directory and gives back the underlying writer.
    pub fn finish(self) -> Result<W, Error> {
        self.zip.finish().map_err(write_error)
    }
}

fn write_error(e: ZipError) -> Error {
    match e {
        ZipError::Io(e) => Error::from(e),
        other => Error::from(io::Error::other(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, s))
            .expect("valid test time")
    }

    #[test]
    fn times_outside_the_zip_range_are_refused() {
        for t in [at(1979, 12, 31, 23, 59, 58), at(2108, 1, 1, 0, 0, 0)] {
            let err = ArchiveTime::new(t).expect_err("out of range");
            assert!(matches!(err.kind(), ErrorKind::InvalidTime { .. }), "{err}");
        }
        assert!(ArchiveTime::new(at(1980, 1, 1, 0, 0, 0)).is_ok());
        assert!(ArchiveTime::new(at(2107, 12, 31, 23, 59, 59)).is_ok());
    }

    #[test]
    fn the_epoch_is_1980() {
        assert_eq!(ArchiveTime::dos_epoch().get(), at(1980, 1, 1, 0, 0, 0));
        assert_eq!(
            ArchiveTime::new(at(1980, 1, 1, 0, 0, 1)).ok(),
            Some(ArchiveTime::dos_epoch()),
            "odd seconds round down"
        );
    }
}
