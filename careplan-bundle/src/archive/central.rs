//! The end record and the central directory, read by hand before the `zip` crate opens the
//! archive.
//!
//! The `zip` crate keeps entries in a map keyed by their decoded name, so two entries with
//! the same name collapse into one, and it gives no access to the entry count or the raw
//! flags before it has parsed everything. Reading the directory here first lets the reader
//! refuse an archive (too many entries, duplicates, hidden entries) before any allocation
//! that grows with what the archive claims, and check the `zip` crate's view against it.

use std::io::{self, BufReader, Read, Seek, SeekFrom};

use crate::error::{Error, ErrorKind};

const EOCD_SIG: u32 = 0x0605_4b50;
const EOCD_LEN: usize = 22;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const ZIP64_LOCATOR_LEN: u64 = 20;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const ZIP64_EOCD_LEN: usize = 56;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const CENTRAL_LEN: usize = 46;
const MAX_COMMENT: usize = u16::MAX as usize;

const ZIP64_FIELD: u16 = 0x0001;
const UNICODE_PATH_FIELD: u16 = 0x7075;

/// One central directory record, with ZIP64 sizes applied.
#[derive(Debug, Clone)]
pub(crate) struct CentralEntry {
    pub(crate) name_raw: Vec<u8>,
    /// The UTF-8 name of an Info-ZIP Unicode Path field (0x7075), when present.
    pub(crate) unicode_name: Option<Vec<u8>>,
    pub(crate) made_by: u16,
    pub(crate) flags: u16,
    pub(crate) method: u16,
    pub(crate) dos_time: u16,
    pub(crate) dos_date: u16,
    pub(crate) compressed_size: u64,
    pub(crate) size: u64,
    pub(crate) external_attrs: u32,
    /// The local header's position from the start of the input.
    pub(crate) header_offset: u64,
}

/// The central directory as read.
#[derive(Debug)]
pub(crate) struct Directory {
    pub(crate) entries: Vec<CentralEntry>,
    /// Where the central directory starts, from the start of the input.
    pub(crate) start: u64,
}

fn le16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .and_then(|s| s.try_into().ok())
        .map(u16::from_le_bytes)
        .unwrap_or(0)
}

fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes)
        .unwrap_or(0)
}

fn le64(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_le_bytes)
        .unwrap_or(0)
}

fn not_zip(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::NotZip {
        detail: detail.into(),
    })
}

fn malformed(detail: impl Into<String>) -> Error {
    Error::new(ErrorKind::Malformed {
        detail: detail.into(),
    })
}

/// What the end record (or its ZIP64 form) says.
struct End {
    /// Where the end record (the ZIP64 one when present) starts.
    position: u64,
    entries: u64,
    cd_size: u64,
    cd_offset: u64,
}

/// Reads `len` bytes at `at`, or `None` when the input is shorter.
fn read_at<R: Read + Seek>(r: &mut R, at: u64, len: usize) -> io::Result<Option<Vec<u8>>> {
    r.seek(SeekFrom::Start(at))?;
    let mut buf = Vec::with_capacity(len);
    r.take(len as u64).read_to_end(&mut buf)?;
    Ok((buf.len() == len).then_some(buf))
}

fn find_end<R: Read + Seek>(r: &mut R) -> Result<End, Error> {
    let file_len = r.seek(SeekFrom::End(0))?;
    if file_len < EOCD_LEN as u64 {
        return Err(not_zip(format!(
            "{file_len} bytes is too short for a ZIP archive"
        )));
    }
    let tail_len = file_len.min((EOCD_LEN + MAX_COMMENT) as u64);
    let tail_start = file_len - tail_len;
    let tail = read_at(r, tail_start, tail_len as usize)?
        .ok_or_else(|| not_zip("the input ended while it was being read"))?;

    // The last record whose comment ends exactly at the end of the input; failing that,
    // the last one whose comment fits (some tools append bytes after the archive).
    let mut exact = None;
    let mut fitting = None;
    for at in (0..=tail.len().saturating_sub(EOCD_LEN)).rev() {
        if le32(&tail, at) != EOCD_SIG {
            continue;
        }
        let end = at + EOCD_LEN + usize::from(le16(&tail, at + 20));
        if end == tail.len() {
            exact = Some(at);
            break;
        }
        if end < tail.len() && fitting.is_none() {
            fitting = Some(at);
        }
    }
    let at = exact.or(fitting).ok_or_else(|| {
        not_zip("no end-of-central-directory record was found; the input is not a ZIP archive")
    })?;
    let record = tail.get(at..at + EOCD_LEN).unwrap_or_default();
    let position = tail_start + at as u64;
    let disk = le16(record, 4);
    let cd_disk = le16(record, 6);
    let entries_here = le16(record, 8);
    let mut end = End {
        position,
        entries: u64::from(le16(record, 10)),
        cd_size: u64::from(le32(record, 12)),
        cd_offset: u64::from(le32(record, 16)),
    };
    if disk != 0 || cd_disk != 0 || u64::from(entries_here) != end.entries {
        return Err(not_zip(
            "the archive is split into parts (multi-disk), which is not supported",
        ));
    }

    // A ZIP64 end record, when there is one, holds the real values (the plain record then
    // holds 0xFFFF…, or the same values).
    if let Some(zip64) = find_zip64_end(r, position)? {
        end = zip64;
    }
    Ok(end)
}

fn find_zip64_end<R: Read + Seek>(r: &mut R, eocd_position: u64) -> Result<Option<End>, Error> {
    let Some(locator_at) = eocd_position.checked_sub(ZIP64_LOCATOR_LEN) else {
        return Ok(None);
    };
    let Some(locator) = read_at(r, locator_at, ZIP64_LOCATOR_LEN as usize)? else {
        return Ok(None);
    };
    if le32(&locator, 0) != ZIP64_LOCATOR_SIG {
        return Ok(None);
    }
    if le32(&locator, 4) != 0 || le32(&locator, 16) > 1 {
        return Err(not_zip(
            "the archive is split into parts (multi-disk), which is not supported",
        ));
    }
    // Where the locator says, or right before the locator (prepended bytes shift the first).
    let candidates = [
        Some(le64(&locator, 8)),
        locator_at.checked_sub(ZIP64_EOCD_LEN as u64),
    ];
    for at in candidates.into_iter().flatten() {
        let Some(record) = read_at(r, at, ZIP64_EOCD_LEN)? else {
            continue;
        };
        if le32(&record, 0) != ZIP64_EOCD_SIG {
            continue;
        }
        let disk = le32(&record, 16);
        let cd_disk = le32(&record, 20);
        let entries_here = le64(&record, 24);
        let entries = le64(&record, 32);
        if disk != 0 || cd_disk != 0 || entries_here != entries {
            return Err(not_zip(
                "the archive is split into parts (multi-disk), which is not supported",
            ));
        }
        return Ok(Some(End {
            position: at,
            entries,
            cd_size: le64(&record, 40),
            cd_offset: le64(&record, 48),
        }));
    }
    Err(malformed(
        "a ZIP64 end locator points to no ZIP64 end record",
    ))
}

/// Reads the central directory. Refuses more than `max_entries` entries before reading
/// any of them when the end record says so, and again while walking if it lied.
pub(crate) fn read_directory<R: Read + Seek>(
    r: &mut R,
    max_entries: usize,
) -> Result<Directory, Error> {
    let end = find_end(r)?;
    if end.entries > max_entries as u64 {
        return Err(Error::new(ErrorKind::TooManyEntries {
            count: end.entries,
            limit: max_entries,
        }));
    }
    let start = end
        .position
        .checked_sub(end.cd_size)
        .ok_or_else(|| malformed("the central directory is said to be larger than the archive"))?;
    // Bytes before the archive (a self-extractor stub) shift every offset by the same amount.
    let archive_offset = start
        .checked_sub(end.cd_offset)
        .ok_or_else(|| malformed("the central directory is said to start after where it ends"))?;

    r.seek(SeekFrom::Start(start))?;
    let mut cd = BufReader::new((&mut *r).take(end.cd_size));
    let mut entries = Vec::new();
    let mut count: u64 = 0;
    loop {
        let mut fixed = [0u8; CENTRAL_LEN];
        let got = read_up_to(&mut cd, &mut fixed)?;
        if got == 0 {
            break;
        }
        if le32(&fixed, 0) != CENTRAL_SIG {
            // Something other than an entry (a digital signature record) ends the walk.
            break;
        }
        if got < CENTRAL_LEN {
            return Err(malformed("the central directory is cut short"));
        }
        count += 1;
        let name_len = usize::from(le16(&fixed, 28));
        let extra_len = usize::from(le16(&fixed, 30));
        let comment_len = usize::from(le16(&fixed, 32));
        if count > max_entries as u64 {
            // Keep counting for the message, storing nothing.
            let skip = (name_len + extra_len + comment_len) as u64;
            if io::copy(&mut (&mut cd).take(skip), &mut io::sink())? < skip {
                return Err(malformed("the central directory is cut short"));
            }
            continue;
        }
        let mut name_raw = vec![0u8; name_len];
        let mut extra = vec![0u8; extra_len];
        let mut comment = vec![0u8; comment_len];
        for buf in [&mut name_raw, &mut extra, &mut comment] {
            if read_up_to(&mut cd, buf)? < buf.len() {
                return Err(malformed("the central directory is cut short"));
            }
        }
        let mut entry = CentralEntry {
            name_raw,
            unicode_name: None,
            made_by: le16(&fixed, 4),
            flags: le16(&fixed, 8),
            method: le16(&fixed, 10),
            dos_time: le16(&fixed, 12),
            dos_date: le16(&fixed, 14),
            compressed_size: u64::from(le32(&fixed, 20)),
            size: u64::from(le32(&fixed, 24)),
            external_attrs: le32(&fixed, 38),
            header_offset: u64::from(le32(&fixed, 42)),
        };
        apply_extra(&mut entry, &extra, le16(&fixed, 34))?;
        entry.header_offset = entry
            .header_offset
            .checked_add(archive_offset)
            .ok_or_else(|| malformed("an entry's offset is out of range"))?;
        entries.push(entry);
    }
    if count > max_entries as u64 {
        return Err(Error::new(ErrorKind::TooManyEntries {
            count,
            limit: max_entries,
        }));
    }
    if count != end.entries {
        return Err(malformed(format!(
            "the end record declares {} entries but the central directory holds {count}",
            end.entries
        )));
    }
    Ok(Directory { entries, start })
}

/// Reads until `buf` is full or the input ends; returns how much was read.
fn read_up_to<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..) {
        if rest.is_empty() {
            break;
        }
        match r.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Applies the ZIP64 sizes and picks up the Unicode Path name from the extra field.
fn apply_extra(entry: &mut CentralEntry, extra: &[u8], disk_start: u16) -> Result<(), Error> {
    let mut at = 0;
    while let (Some(id), Some(len)) = (
        extra.get(at..at + 2).map(|_| le16(extra, at)),
        extra
            .get(at + 2..at + 4)
            .map(|_| usize::from(le16(extra, at + 2))),
    ) {
        let Some(data) = extra.get(at + 4..at + 4 + len) else {
            break; // A truncated trailing field is ignored, as other readers do.
        };
        match id {
            ZIP64_FIELD => {
                let mut pos = 0;
                let mut next = |field: &mut u64| -> Result<(), Error> {
                    if *field == u64::from(u32::MAX) {
                        if data.len() < pos + 8 {
                            return Err(malformed("a ZIP64 extra field is too short"));
                        }
                        *field = le64(data, pos);
                        pos += 8;
                    }
                    Ok(())
                };
                next(&mut entry.size)?;
                next(&mut entry.compressed_size)?;
                next(&mut entry.header_offset)?;
                if disk_start == u16::MAX && data.len() >= pos + 4 && le32(data, pos) != 0 {
                    return Err(not_zip(
                        "the archive is split into parts (multi-disk), which is not supported",
                    ));
                }
            }
            UNICODE_PATH_FIELD if data.first() == Some(&1) => {
                entry.unicode_name = data.get(5..).map(<[u8]>::to_vec);
            }
            _ => {}
        }
        at += 4 + len;
    }
    if disk_start != 0 && disk_start != u16::MAX {
        return Err(not_zip(
            "the archive is split into parts (multi-disk), which is not supported",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn an_empty_archive_has_no_entries() {
        let mut eocd = vec![0x50, 0x4b, 0x05, 0x06];
        eocd.extend_from_slice(&[0; 18]);
        let dir = read_directory(&mut Cursor::new(eocd), 10).expect("empty archive");
        assert!(dir.entries.is_empty());
        assert_eq!(dir.start, 0);
    }

    #[test]
    fn short_or_foreign_input_is_not_a_zip() {
        for input in [&b""[..], b"PK", &[b'x'; 100]] {
            let err = read_directory(&mut Cursor::new(input.to_vec()), 10).expect_err("not zip");
            assert!(matches!(err.kind(), ErrorKind::NotZip { .. }), "{err}");
        }
    }

    #[test]
    fn a_directory_larger_than_the_archive_is_malformed() {
        let mut eocd = vec![0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0];
        eocd.extend_from_slice(&1000u32.to_le_bytes());
        eocd.extend_from_slice(&[0; 6]);
        let err = read_directory(&mut Cursor::new(eocd), 10).expect_err("malformed");
        assert!(matches!(err.kind(), ErrorKind::Malformed { .. }), "{err}");
    }

    #[test]
    fn the_declared_count_is_checked_before_walking() {
        let mut eocd = vec![0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0];
        eocd.extend_from_slice(&60_000u16.to_le_bytes());
        eocd.extend_from_slice(&60_000u16.to_le_bytes());
        eocd.extend_from_slice(&[0; 10]);
        let err = read_directory(&mut Cursor::new(eocd), 10).expect_err("too many");
        assert!(matches!(
            err.kind(),
            ErrorKind::TooManyEntries {
                count: 60_000,
                limit: 10
            }
        ));
    }
}
