//! The archive layer against crafted archives: one for each refusal, and the ordinary
//! shapes care offices send (folders, macOS leftovers, MS932 names, several units).
//!
//! Archives come from the `zip` crate's writer where it can make them, and from a small
//! hand-written ZIP builder (`RawZip`) or byte patches where the writer refuses (names
//! with `..`, duplicates, lying sizes, encryption flags).

use std::io::{Cursor, Read, Write};

use careplan_bundle::{
    ArchiveLimits, ArchiveNote, ArchiveReader, ArchiveTime, ArchiveWriter, ArchiveWriterBuilder,
    Error, ErrorKind, NameEncoding, NameIssue, SkipReason,
};
use chrono::NaiveDate;
use encoding_rs::SHIFT_JIS;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

// ---------------------------------------------------------------------------------------
// Fixtures

const HOSOKU: &str = "UPHOSOKU_202412_0300000100_43_0300000005_11_20241125100000.CSV";
const PLAN: &str = "UPPLAN_202412_0300000100_43_0300000005_11_20241125100000.CSV";
const SIKYU: &str = "UPSIKYU_202412_0300000100_43_0300000005_11_20241125100000.CSV";
const PLAN_NEXT: &str = "UPPLAN_202501_0300000100_43_0300000005_11_20241126090000.CSV";

/// A record in the shape of the standard (CSV version, then items), in MS932.
fn csv_bytes(text: &str) -> Vec<u8> {
    SHIFT_JIS.encode(text).0.into_owned()
}

fn plan_csv() -> Vec<u8> {
    csv_bytes("202407,\"介護 太郎\",0300000100,43,202412\r\n202407,\"介護 花子\",0300000100,43,202412\r\n")
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One entry of a hand-built archive.
#[derive(Clone)]
struct RawEntry {
    name: Vec<u8>,
    flags: u16,
    method: u16,
    /// The bytes as stored (compressed or not).
    data: Vec<u8>,
    crc: u32,
    /// The declared uncompressed size.
    size: u32,
    made_by: u16,
    external: u32,
    /// The extra field, written in the local header and the central record.
    extra: Vec<u8>,
    /// When set, no local header is written and the central record points at the local
    /// header of this earlier entry (an overlapping entry).
    points_at: Option<usize>,
}

impl RawEntry {
    fn stored(name: impl AsRef<[u8]>, data: &[u8]) -> RawEntry {
        RawEntry {
            name: name.as_ref().to_vec(),
            flags: 0,
            method: 0,
            data: data.to_vec(),
            crc: crc32(data),
            size: data.len() as u32,
            made_by: 20,
            external: 0,
            extra: Vec::new(),
            points_at: None,
        }
    }

    /// The compressed size as written in the 32-bit field (0xFFFFFFFF when the declared
    /// size is, as ZIP64 entries do).
    fn compressed_field(&self) -> u32 {
        if self.size == u32::MAX {
            u32::MAX
        } else {
            self.data.len() as u32
        }
    }

    /// Adds one extra-field record.
    fn extra(mut self, id: u16, data: &[u8]) -> RawEntry {
        self.extra.extend_from_slice(&id.to_le_bytes());
        self.extra
            .extend_from_slice(&(data.len() as u16).to_le_bytes());
        self.extra.extend_from_slice(data);
        self
    }

    fn flags(mut self, flags: u16) -> RawEntry {
        self.flags = flags;
        self
    }

    fn unix_mode(mut self, mode: u32) -> RawEntry {
        self.made_by = (3 << 8) | 20;
        self.external = mode << 16;
        self
    }
}

/// A hand-built ZIP: local headers, central directory, end record.
struct RawZip {
    entries: Vec<RawEntry>,
    /// The entry count written in the end record, when not the real one.
    declared_count: Option<u16>,
}

impl RawZip {
    fn new(entries: Vec<RawEntry>) -> RawZip {
        RawZip {
            entries,
            declared_count: None,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut offsets = Vec::new();
        for e in &self.entries {
            if let Some(i) = e.points_at {
                offsets.push(offsets[i]);
                continue;
            }
            offsets.push(out.len() as u32);
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            out.extend_from_slice(&20u16.to_le_bytes());
            out.extend_from_slice(&e.flags.to_le_bytes());
            out.extend_from_slice(&e.method.to_le_bytes());
            out.extend_from_slice(&[0; 4]); // time, date
            out.extend_from_slice(&e.crc.to_le_bytes());
            out.extend_from_slice(&e.compressed_field().to_le_bytes());
            out.extend_from_slice(&e.size.to_le_bytes());
            out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            out.extend_from_slice(&(e.extra.len() as u16).to_le_bytes());
            out.extend_from_slice(&e.name);
            out.extend_from_slice(&e.extra);
            out.extend_from_slice(&e.data);
        }
        let cd_start = out.len() as u32;
        for (e, offset) in self.entries.iter().zip(&offsets) {
            out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            out.extend_from_slice(&e.made_by.to_le_bytes());
            out.extend_from_slice(&20u16.to_le_bytes());
            out.extend_from_slice(&e.flags.to_le_bytes());
            out.extend_from_slice(&e.method.to_le_bytes());
            out.extend_from_slice(&[0; 4]);
            out.extend_from_slice(&e.crc.to_le_bytes());
            out.extend_from_slice(&e.compressed_field().to_le_bytes());
            out.extend_from_slice(&e.size.to_le_bytes());
            out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            out.extend_from_slice(&(e.extra.len() as u16).to_le_bytes());
            out.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
            out.extend_from_slice(&e.external.to_le_bytes());
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&e.name);
            out.extend_from_slice(&e.extra);
        }
        let cd_size = out.len() as u32 - cd_start;
        let count = self.declared_count.unwrap_or(self.entries.len() as u16);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&cd_size.to_le_bytes());
        out.extend_from_slice(&cd_start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }
}

/// An archive from the `zip` crate's writer; `files` are (name, bytes, method).
fn zip_crate_archive(files: &[(&str, &[u8], CompressionMethod)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes, method) in files {
        if name.ends_with('/') {
            w.add_directory(*name, SimpleFileOptions::default())
                .expect("directory");
            continue;
        }
        w.start_file(
            *name,
            SimpleFileOptions::default().compression_method(*method),
        )
        .expect("start file");
        w.write_all(bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// Overwrites the declared uncompressed size of `name` in its local header and central record.
fn patch_declared_size(archive: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    let mut at = 0;
    while at + 46 <= archive.len() {
        let sig = u32::from_le_bytes(archive[at..at + 4].try_into().unwrap());
        let (size_at, name_len_at, name_at) = match sig {
            0x0403_4b50 => (at + 22, at + 26, at + 30),
            0x0201_4b50 => (at + 24, at + 28, at + 46),
            _ => {
                at += 1;
                continue;
            }
        };
        let name_len = u16::from_le_bytes([archive[name_len_at], archive[name_len_at + 1]]);
        if archive.get(name_at..name_at + usize::from(name_len)) == Some(name.as_bytes()) {
            archive[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        at += 4;
    }
    assert_eq!(patched, 2, "local header and central record patched");
}

/// (name, flags, method) of each central record, found through the end record.
fn central_records(archive: &[u8]) -> Vec<(String, u16, u16)> {
    let end = archive.len() - 22;
    let le16 = |at: usize| u16::from_le_bytes([archive[at], archive[at + 1]]);
    let count = le16(end + 10);
    let mut at = u32::from_le_bytes(archive[end + 16..end + 20].try_into().unwrap()) as usize;
    let mut out = Vec::new();
    for _ in 0..count {
        let name_len = usize::from(le16(at + 28));
        let skip = name_len + usize::from(le16(at + 30)) + usize::from(le16(at + 32));
        let name = String::from_utf8_lossy(&archive[at + 46..at + 46 + name_len]).into_owned();
        out.push((name, le16(at + 8), le16(at + 10)));
        at += 46 + skip;
    }
    out
}

fn open(bytes: Vec<u8>) -> Result<ArchiveReader<Cursor<Vec<u8>>>, Error> {
    ArchiveReader::new(Cursor::new(bytes))
}

fn open_with(
    bytes: Vec<u8>,
    limits: ArchiveLimits,
) -> Result<ArchiveReader<Cursor<Vec<u8>>>, Error> {
    ArchiveReader::with_limits(Cursor::new(bytes), limits)
}

fn refused(result: Result<ArchiveReader<Cursor<Vec<u8>>>, Error>) -> Error {
    match result {
        Ok(r) => panic!("archive accepted: {:?}", r.list()),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------------------
// Refusals, one crafted archive each

#[test]
fn path_traversal_is_refused_with_either_separator() {
    for name in [
        "../evil.CSV",
        "202412/../../evil.CSV",
        "..\\evil.CSV",
        "202412\\..\\..\\evil.CSV",
    ] {
        let bytes = RawZip::new(vec![
            RawEntry::stored(PLAN, b"202407\r\n"),
            RawEntry::stored(name, b"x"),
        ])
        .bytes();
        let err = refused(open(bytes));
        assert!(
            matches!(err.kind(), ErrorKind::PathTraversal),
            "{name}: {err}"
        );
        assert_eq!(err.entry(), Some(name));
        assert!(err.to_string().contains("path traversal"), "{err}");
        assert!(
            err.message_ja().contains("パストラバーサル"),
            "{}",
            err.message_ja()
        );
        assert!(err.message_ja().contains(&name.escape_debug().to_string()));
    }
}

#[test]
fn absolute_paths_are_refused() {
    for name in [
        "/etc/x",
        "\\x.CSV",
        "C:\\x.CSV",
        "c:x.CSV",
        "D:/data/x.CSV",
        "\\\\server\\share\\x.CSV",
    ] {
        let bytes = RawZip::new(vec![RawEntry::stored(name, b"x")]).bytes();
        let err = refused(open(bytes));
        assert!(
            matches!(err.kind(), ErrorKind::AbsolutePath),
            "{name}: {err}"
        );
        assert_eq!(err.entry(), Some(name));
    }
}

#[test]
fn encrypted_entries_are_refused() {
    // Traditional PKWARE encryption flag, strong encryption flag, AES (method 99).
    let cases = [
        RawEntry::stored(PLAN, b"ciphertext").flags(1),
        RawEntry::stored(PLAN, b"ciphertext").flags(1 | (1 << 6)),
        RawEntry {
            method: 99,
            ..RawEntry::stored(PLAN, b"ciphertext")
        },
    ];
    for entry in cases {
        let bytes = RawZip::new(vec![RawEntry::stored(HOSOKU, b"h"), entry]).bytes();
        let err = refused(open(bytes));
        assert!(matches!(err.kind(), ErrorKind::Encrypted), "{err}");
        assert_eq!(err.entry(), Some(PLAN));
        assert!(err.message_ja().contains("暗号化"));
    }
}

#[test]
fn a_declared_size_over_the_entry_limit_is_refused_before_reading() {
    // 4 GiB declared from 10 bytes: refused by the default limits without any data.
    let bomb = RawEntry {
        method: 8,
        size: u32::MAX - 1,
        ..RawEntry::stored(PLAN, &[0x4b; 10])
    };
    let err = refused(open(RawZip::new(vec![bomb]).bytes()));
    assert!(
        matches!(
            err.kind(),
            ErrorKind::EntryTooLarge { size, limit } if *size == u64::from(u32::MAX - 1) && *limit == 512 << 20
        ),
        "{err}"
    );
    assert_eq!(err.entry(), Some(PLAN));

    // A real 2000-byte entry against a 1000-byte limit.
    let bytes = RawZip::new(vec![RawEntry::stored(PLAN, &[b'1'; 2000])]).bytes();
    let err = refused(open_with(
        bytes,
        ArchiveLimits::new().with_max_entry_size(1000),
    ));
    assert!(matches!(
        err.kind(),
        ErrorKind::EntryTooLarge {
            size: 2000,
            limit: 1000
        }
    ));
}

#[test]
fn a_total_over_the_limit_is_refused_naming_the_entry_that_passes_it() {
    let bytes = RawZip::new(vec![
        RawEntry::stored(HOSOKU, &[b'1'; 600]),
        RawEntry::stored(PLAN, &[b'2'; 600]),
        RawEntry::stored(SIKYU, &[b'3'; 600]),
    ])
    .bytes();
    let err = refused(open_with(
        bytes,
        ArchiveLimits::new().with_max_total_size(1000),
    ));
    assert!(matches!(
        err.kind(),
        ErrorKind::TotalTooLarge {
            total: 1200,
            limit: 1000
        }
    ));
    assert_eq!(err.entry(), Some(PLAN));
}

#[test]
fn data_larger_than_declared_stops_at_the_declared_size() {
    // 1 MiB of zeros deflated, then the header claims 100 bytes: a bomb that lies.
    let zeros = vec![0u8; 1 << 20];
    let mut bytes = zip_crate_archive(&[(PLAN, &zeros, CompressionMethod::Deflated)]);
    patch_declared_size(&mut bytes, PLAN, 100);
    let mut reader = open(bytes).expect("the directory itself looks harmless");
    assert_eq!(reader.list()[0].size, 100);

    let err = reader
        .read_entry(0)
        .expect_err("must not read past 100 bytes");
    assert!(
        matches!(err.kind(), ErrorKind::ExceedsDeclaredSize { declared: 100 }),
        "{err}"
    );
    assert_eq!(err.entry(), Some(PLAN));

    // Streaming: no more than the declared bytes come out before the error.
    let mut entry = reader.open_entry(0).expect("open");
    let mut delivered = 0usize;
    let mut buf = [0u8; 7];
    let failure = loop {
        match entry.read(&mut buf) {
            Ok(0) => panic!("ended without noticing the lie"),
            Ok(n) => delivered += n,
            Err(e) => break e,
        }
    };
    assert!(delivered <= 100, "delivered {delivered}");
    let inner = failure
        .into_inner()
        .and_then(|e| e.downcast::<Error>().ok())
        .expect("the crate's error inside");
    assert!(matches!(
        inner.kind(),
        ErrorKind::ExceedsDeclaredSize { declared: 100 }
    ));
}

#[test]
fn data_shorter_than_declared_is_corrupt() {
    let data = vec![b'7'; 5000];
    let mut bytes = zip_crate_archive(&[(PLAN, &data, CompressionMethod::Deflated)]);
    patch_declared_size(&mut bytes, PLAN, 6000);
    let mut reader = open(bytes).expect("open");
    let err = reader.read_entry(0).expect_err("short data");
    assert!(
        matches!(err.kind(), ErrorKind::CorruptEntry { .. }),
        "{err}"
    );
    assert_eq!(err.entry(), Some(PLAN));
}

#[test]
fn damaged_deflate_data_is_corrupt_not_a_panic() {
    let data = plan_csv().repeat(50);
    let mut bytes = zip_crate_archive(&[(PLAN, &data, CompressionMethod::Deflated)]);
    // Flip bytes in the middle of the compressed stream (after the 30-byte header + name).
    let start = 30 + PLAN.len() + 5;
    for b in &mut bytes[start..start + 8] {
        *b ^= 0xA5;
    }
    let mut reader = open(bytes).expect("open");
    let err = reader.read_entry(0).expect_err("damaged");
    assert!(
        matches!(err.kind(), ErrorKind::CorruptEntry { .. }),
        "{err}"
    );
    assert!(err.message_ja().contains("データが壊れています"));
}

#[test]
fn a_ratio_bomb_is_refused_from_the_central_directory() {
    // 512 KiB of zeros deflates to about 500 bytes: ratio about 1000.
    let zeros = vec![0u8; 512 << 10];
    let bytes = zip_crate_archive(&[(PLAN, &zeros, CompressionMethod::Deflated)]);
    let small = ArchiveLimits::new()
        .with_max_ratio(200)
        .with_ratio_min_size(64 << 10);
    let err = refused(open_with(bytes.clone(), small));
    match err.kind() {
        ErrorKind::RatioTooHigh {
            size,
            compressed,
            limit: 200,
        } => {
            assert_eq!(*size, 512 << 10);
            assert!(*size > compressed * 200);
        }
        other => panic!("{other}"),
    }
    assert_eq!(err.entry(), Some(PLAN));
    assert!(err.message_ja().contains("ZIP 爆弾"));

    // Below the default minimum size the same entry is harmless and read in full.
    let mut reader = open(bytes).expect("default limits");
    assert_eq!(reader.read_entry(0).expect("read"), zeros);
}

#[test]
fn too_many_entries_are_refused() {
    let entries = (0..5)
        .map(|i| RawEntry::stored(format!("f{i}.CSV"), b"x"))
        .collect();
    let bytes = RawZip::new(entries).bytes();
    let err = refused(open_with(
        bytes.clone(),
        ArchiveLimits::new().with_max_entries(4),
    ));
    assert!(
        matches!(err.kind(), ErrorKind::TooManyEntries { count: 5, limit: 4 }),
        "{err}"
    );
    assert!(open_with(bytes, ArchiveLimits::new().with_max_entries(5)).is_ok());
}

#[test]
fn entries_hidden_from_the_end_record_are_refused() {
    // The end record says 1 entry; the central directory holds 2 (and would pass the limit
    // of 1 if only the end record were believed).
    let mut raw = RawZip::new(vec![
        RawEntry::stored(PLAN, b"x"),
        RawEntry::stored(SIKYU, b"y"),
    ]);
    raw.declared_count = Some(1);
    let err = refused(open_with(
        raw.bytes(),
        ArchiveLimits::new().with_max_entries(1),
    ));
    assert!(
        matches!(err.kind(), ErrorKind::TooManyEntries { count: 2, limit: 1 }),
        "{err}"
    );
    let err = refused(open(raw.bytes()));
    assert!(matches!(err.kind(), ErrorKind::Malformed { .. }), "{err}");
}

#[test]
fn duplicate_names_are_refused_without_regard_to_case_or_separator() {
    let cases: [(&[u8], &[u8], &str); 5] = [
        (PLAN.as_bytes(), PLAN.as_bytes(), PLAN),
        (
            b"UPPLAN_202412_A.CSV",
            b"upplan_202412_a.csv",
            "UPPLAN_202412_A.CSV",
        ),
        (
            b"202412/UPPLAN.CSV",
            b"202412\\upplan.CSV",
            "202412/UPPLAN.CSV",
        ),
        (b"202412", b"202412/UPPLAN.CSV", "202412"),
        (b"202412/UPPLAN.CSV", b"202412", "202412/UPPLAN.CSV"),
    ];
    for (first, second, first_path) in cases {
        let bytes = RawZip::new(vec![
            RawEntry::stored(first, b"1"),
            RawEntry::stored(second, b"2"),
        ])
        .bytes();
        let err = refused(open(bytes));
        match err.kind() {
            ErrorKind::DuplicateName { first } => assert_eq!(first, first_path),
            other => panic!("{other}"),
        }
        assert_eq!(err.entry(), Some(String::from_utf8_lossy(second).as_ref()));
        assert!(err.message_ja().contains("大文字・小文字は区別しません"));
    }
}

#[test]
fn symlinks_and_special_files_are_refused() {
    // From the zip crate's writer.
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file(PLAN, SimpleFileOptions::default())
        .expect("file");
    w.write_all(b"202407\r\n").expect("write");
    w.add_symlink("link.CSV", "/etc/passwd", SimpleFileOptions::default())
        .expect("symlink");
    let bytes = w.finish().expect("finish").into_inner();
    let err = refused(open(bytes));
    assert!(matches!(err.kind(), ErrorKind::Symlink), "{err}");
    assert_eq!(err.entry(), Some("link.CSV"));

    // Hand-built: a symlink with a plain-looking name, and a FIFO.
    let bytes = RawZip::new(vec![
        RawEntry::stored(PLAN, b"../../etc").unix_mode(0o120_777)
    ])
    .bytes();
    assert!(matches!(refused(open(bytes)).kind(), ErrorKind::Symlink));
    let bytes = RawZip::new(vec![RawEntry::stored(PLAN, b"").unix_mode(0o010_644)]).bytes();
    let err = refused(open(bytes));
    assert!(
        matches!(err.kind(), ErrorKind::SpecialFile { mode: 0o010_644 }),
        "{err}"
    );
}

#[test]
fn unsupported_compression_is_refused_before_reading() {
    let bzip2 = RawEntry {
        method: 12,
        ..RawEntry::stored(PLAN, b"BZh9...")
    };
    let err = refused(open(RawZip::new(vec![bzip2]).bytes()));
    assert!(
        matches!(err.kind(), ErrorKind::UnsupportedCompression { method: 12 }),
        "{err}"
    );
    assert_eq!(err.entry(), Some(PLAN));
}

#[test]
fn overlong_and_unusable_names_are_refused() {
    let bytes = RawZip::new(vec![RawEntry::stored(PLAN, b"x")]).bytes();
    let err = refused(open_with(bytes, ArchiveLimits::new().with_max_name_len(20)));
    assert!(
        matches!(err.kind(), ErrorKind::NameTooLong { length, limit: 20 } if *length == PLAN.len()),
        "{err}"
    );

    let bytes = RawZip::new(vec![RawEntry::stored("a\u{1}b.CSV", b"x")]).bytes();
    let err = refused(open(bytes));
    assert!(matches!(
        err.kind(),
        ErrorKind::InvalidName {
            issue: NameIssue::ControlCharacter
        }
    ));
    assert!(err.to_string().contains("\\u{1}"), "escaped: {err}");

    let bytes = RawZip::new(vec![RawEntry::stored("data/x.CSV:stream", b"x")]).bytes();
    assert!(matches!(
        refused(open(bytes)).kind(),
        ErrorKind::InvalidName {
            issue: NameIssue::Colon
        }
    ));
}

#[test]
fn overlapping_entries_are_refused() {
    // Two central records for one compressed stream: the overlapping-bomb trick.
    let first = RawEntry::stored(PLAN, &[b'1'; 100]);
    let second = RawEntry {
        points_at: Some(0),
        ..RawEntry::stored(SIKYU, &[b'1'; 100])
    };
    let err = refused(open(RawZip::new(vec![first, second]).bytes()));
    assert!(matches!(err.kind(), ErrorKind::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("overlaps"), "{err}");
}

#[test]
fn input_that_is_not_a_zip_gives_a_clear_error() {
    let good = zip_crate_archive(&[(PLAN, &plan_csv(), CompressionMethod::Deflated)]);
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("a CSV file", plan_csv()),
        ("text", b"PK but not really a zip archive at all".to_vec()),
        ("cut in half", good[..good.len() / 2].to_vec()),
        ("end record cut", good[..good.len() - 3].to_vec()),
    ];
    for (what, bytes) in inputs {
        let err = refused(open(bytes));
        assert!(
            matches!(err.kind(), ErrorKind::NotZip { .. }),
            "{what}: {err}"
        );
        assert!(
            err.to_string()
                .starts_with("the input is not a readable ZIP archive"),
            "{what}: {err}"
        );
        assert!(err
            .message_ja()
            .starts_with("ZIP ファイルとして読み取れません"));
    }
    // A damaged central directory: refused (not a panic), whatever the exact reason.
    let mut damaged = good.clone();
    let end = damaged.len() - 22;
    let cd = u32::from_le_bytes(damaged[end + 16..end + 20].try_into().unwrap()) as usize;
    damaged[cd] = b'X';
    assert!(open(damaged).is_err());
}

#[test]
fn every_truncation_of_an_archive_is_refused_without_a_panic() {
    let good = zip_crate_archive(&[
        (HOSOKU, b"202407,1\r\n", CompressionMethod::Deflated),
        (PLAN, &plan_csv(), CompressionMethod::Stored),
    ]);
    for cut in 0..good.len() {
        assert!(open(good[..cut].to_vec()).is_err(), "cut at {cut}");
    }
    let mut whole = open(good).expect("whole archive");
    assert_eq!(whole.read_entry(1).expect("read"), plan_csv());
}

// ---------------------------------------------------------------------------------------
// What care offices send

#[test]
fn files_inside_a_folder_are_found_and_the_folder_is_noted() {
    let plan = plan_csv();
    let bytes = zip_crate_archive(&[
        ("202412/", b"", CompressionMethod::Stored),
        (
            &format!("202412/{HOSOKU}"),
            b"202407,h\r\n",
            CompressionMethod::Deflated,
        ),
        (
            &format!("202412/{PLAN}"),
            &plan,
            CompressionMethod::Deflated,
        ),
        (
            &format!("202412/{SIKYU}"),
            b"202407,s\r\n",
            CompressionMethod::Deflated,
        ),
        // A second transmission unit (another sequence number) in the same archive.
        (
            &format!("202412/{PLAN_NEXT}"),
            b"202407,n\r\n",
            CompressionMethod::Deflated,
        ),
    ]);
    let mut r = open(bytes).expect("open");
    let names: Vec<_> = r.list().iter().map(|e| e.file_name.as_str()).collect();
    assert_eq!(names, [HOSOKU, PLAN, SIKYU, PLAN_NEXT]);
    assert_eq!(r.list()[1].path, format!("202412/{PLAN}"));
    assert_eq!(r.list()[1].size, plan.len() as u64);
    assert_eq!(
        r.notes(),
        [ArchiveNote::Skipped {
            path: "202412".into(),
            reason: SkipReason::Directory
        }]
    );
    let i = r
        .find(&format!("202412\\{}", PLAN.to_lowercase()))
        .expect("find");
    assert_eq!(r.read_entry(i).expect("read"), plan);
    assert!(matches!(
        r.read_entry(4).expect_err("no such entry").kind(),
        ErrorKind::NoSuchEntry { index: 4, len: 4 }
    ));
}

#[test]
fn macos_and_desktop_leftovers_are_skipped_and_noted() {
    let bytes = zip_crate_archive(&[
        ("202412/", b"", CompressionMethod::Stored),
        (
            &format!("202412/{PLAN}"),
            b"202407\r\n",
            CompressionMethod::Deflated,
        ),
        ("__MACOSX/", b"", CompressionMethod::Stored),
        ("__MACOSX/202412/", b"", CompressionMethod::Stored),
        (
            &format!("__MACOSX/202412/._{PLAN}"),
            b"\0\x05\x16\x07",
            CompressionMethod::Stored,
        ),
        ("202412/.DS_Store", b"Bud1", CompressionMethod::Stored),
        (
            "202412/._UPSIKYU.CSV",
            b"\0\x05\x16\x07",
            CompressionMethod::Stored,
        ),
        ("Thumbs.db", b"\xd0\xcf", CompressionMethod::Stored),
        (
            "desktop.ini",
            b"[.ShellClassInfo]",
            CompressionMethod::Stored,
        ),
    ]);
    let r = open(bytes).expect("open");
    assert_eq!(r.len(), 1);
    assert_eq!(r.list()[0].path, format!("202412/{PLAN}"));
    let skipped: Vec<(&str, SkipReason)> = r
        .notes()
        .iter()
        .map(|n| match n {
            ArchiveNote::Skipped { path, reason } => (path.as_str(), *reason),
            other => panic!("{other}"),
        })
        .collect();
    let mac = format!("__MACOSX/202412/._{PLAN}");
    assert_eq!(
        skipped,
        [
            ("202412", SkipReason::Directory),
            ("__MACOSX", SkipReason::Directory),
            ("__MACOSX/202412", SkipReason::Directory),
            (mac.as_str(), SkipReason::MacMetadata),
            ("202412/.DS_Store", SkipReason::SystemFile),
            ("202412/._UPSIKYU.CSV", SkipReason::MacMetadata),
            ("Thumbs.db", SkipReason::SystemFile),
            ("desktop.ini", SkipReason::SystemFile),
        ]
    );
    for note in r.notes() {
        assert!(!note.message_ja().is_empty() && !note.to_string().is_empty());
    }
}

#[test]
fn ms932_names_without_the_utf8_flag_are_decoded_and_reported() {
    // 表 ends in byte 0x5C in MS932: it must not be taken for a backslash.
    let folder = "ケアプラン連携/計画表";
    let ms932_name = SHIFT_JIS.encode(&format!("{folder}/{PLAN}")).0.into_owned();
    assert!(
        ms932_name.contains(&0x5C),
        "fixture holds a 0x5C trail byte"
    );
    let utf8_flagged = RawEntry::stored(format!("利用者/{SIKYU}"), b"s").flags(1 << 11);
    let utf8_unflagged = RawEntry::stored(format!("ケアプラン/{HOSOKU}"), b"h");
    let bytes = RawZip::new(vec![
        RawEntry::stored(&ms932_name, b"p"),
        utf8_flagged,
        utf8_unflagged,
    ])
    .bytes();
    let mut r = open(bytes).expect("open");
    let plan = &r.list()[0];
    assert_eq!(plan.path, format!("{folder}/{PLAN}"));
    assert_eq!(plan.file_name, PLAN);
    assert_eq!(plan.name_encoding, NameEncoding::Ms932);
    assert_eq!(r.list()[1].path, format!("利用者/{SIKYU}"));
    assert_eq!(r.list()[1].name_encoding, NameEncoding::Utf8);
    assert_eq!(r.list()[2].path, format!("ケアプラン/{HOSOKU}"));
    assert_eq!(r.list()[2].name_encoding, NameEncoding::Utf8Unflagged);
    assert_eq!(
        r.notes(),
        [
            ArchiveNote::NameDecoded {
                path: format!("{folder}/{PLAN}"),
                encoding: NameEncoding::Ms932
            },
            ArchiveNote::NameDecoded {
                path: format!("ケアプラン/{HOSOKU}"),
                encoding: NameEncoding::Utf8Unflagged
            },
        ]
    );
    assert_eq!(r.read_entry(0).expect("read"), b"p");
}

#[test]
fn an_archive_after_prepended_bytes_is_read() {
    let mut bytes = vec![b'#'; 100];
    bytes.extend(zip_crate_archive(&[
        (HOSOKU, b"202407,h\r\n", CompressionMethod::Deflated),
        (PLAN, &plan_csv(), CompressionMethod::Stored),
    ]));
    let mut r = open(bytes).expect("open");
    assert_eq!(r.read_entry(1).expect("read"), plan_csv());
    assert_eq!(r.read_entry(0).expect("read"), b"202407,h\r\n");
}

#[test]
fn zip64_records_are_read() {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().large_file(true);
    w.start_file(PLAN, opts).expect("file");
    w.write_all(&plan_csv()).expect("write");
    w.start_file(SIKYU, opts).expect("file");
    w.write_all(b"202407,s\r\n").expect("write");
    let bytes = w.finish().expect("finish").into_inner();
    let mut r = open(bytes).expect("open");
    assert_eq!(r.list()[0].size, plan_csv().len() as u64);
    assert_eq!(r.read_entry(0).expect("read"), plan_csv());
    assert_eq!(r.read_entry(1).expect("read"), b"202407,s\r\n");
}

#[test]
fn zip64_sizes_in_the_extra_field_are_checked_against_the_limits() {
    // Sizes of 0xFFFFFFFF in the record, the real ones in the ZIP64 extra field.
    let data = plan_csv();
    let zip64 = |size: u64| {
        let mut field = size.to_le_bytes().to_vec();
        field.extend_from_slice(&(data.len() as u64).to_le_bytes());
        RawEntry {
            size: u32::MAX,
            ..RawEntry::stored(PLAN, &data)
        }
        .extra(0x0001, &field)
    };
    let mut r = open(RawZip::new(vec![zip64(data.len() as u64)]).bytes()).expect("open");
    assert_eq!(r.list()[0].size, data.len() as u64);
    assert_eq!(r.read_entry(0).expect("read"), data);

    // A stored entry claiming 8 GiB in its ZIP64 field: refused from the directory.
    let err = refused(open(RawZip::new(vec![zip64(8 << 30)]).bytes()));
    assert!(
        matches!(err.kind(), ErrorKind::EntryTooLarge { size, .. } if *size == 8 << 30),
        "{err}"
    );
}

#[test]
fn the_unicode_path_field_names_the_entry() {
    // MS932 bytes in the name, the UTF-8 name in an Info-ZIP Unicode Path field (0x7075)
    // whose CRC covers the stored name, as 7-Zip and WinRAR write.
    let name = format!("計画表/{PLAN}");
    let stored = SHIFT_JIS.encode(&name).0.into_owned();
    let mut field = vec![1];
    field.extend_from_slice(&crc32(&stored).to_le_bytes());
    field.extend_from_slice(name.as_bytes());
    let entry = RawEntry::stored(&stored, b"p").extra(0x7075, &field);
    let r = open(RawZip::new(vec![entry]).bytes()).expect("open");
    assert_eq!(r.list()[0].path, name);
    assert_eq!(r.list()[0].name_encoding, NameEncoding::UnicodePathField);
    assert!(r.notes().is_empty(), "declared, so nothing to report");
}

// ---------------------------------------------------------------------------------------
// Writing

fn sample_files() -> Vec<(String, Vec<u8>)> {
    vec![
        (HOSOKU.to_string(), csv_bytes("202407,\"補足\"\r\n")),
        (format!("202412/{PLAN}"), plan_csv()),
        (format!("202412/{SIKYU}"), Vec::new()),
        (
            "メモ/連絡事項.txt".to_string(),
            "よろしく".as_bytes().to_vec(),
        ),
        (PLAN_NEXT.to_string(), plan_csv().repeat(200)),
    ]
}

fn write_archive(time: ArchiveTime, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = ArchiveWriterBuilder::new()
        .time(time)
        .build(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.add(name, bytes).expect("add");
    }
    w.finish().expect("finish").into_inner()
}

#[test]
fn a_written_archive_reads_back_the_same_names_and_bytes() {
    let files = sample_files();
    let bytes = write_archive(ArchiveTime::default(), &files);
    let mut r = open(bytes.clone()).expect("open");
    assert!(r.notes().is_empty(), "{:?}", r.notes());
    assert_eq!(r.len(), files.len());
    for (i, (name, data)) in files.iter().enumerate() {
        assert_eq!(&r.list()[i].path, name);
        assert_eq!(r.read_entry(i).expect("read"), *data, "{name}");
    }
    // Deflated, ASCII names unflagged, the one non-ASCII name flagged UTF-8.
    let records = central_records(&bytes);
    assert_eq!(records.len(), files.len());
    for (name, flags, method) in records {
        assert_eq!(method, 8, "{name} deflated");
        assert_eq!(flags & (1 << 11) != 0, !name.is_ascii(), "{name}");
    }
    assert_eq!(r.list()[3].name_encoding, NameEncoding::Utf8);
}

#[test]
fn the_writer_is_deterministic_and_writes_the_given_time() {
    let files = sample_files();
    let first = write_archive(ArchiveTime::default(), &files);
    let second = write_archive(ArchiveTime::default(), &files);
    assert_eq!(first, second, "same files, same bytes");

    let at = NaiveDate::from_ymd_opt(2024, 11, 25)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("time");
    let dated = write_archive(ArchiveTime::new(at).expect("in range"), &files);
    assert_ne!(first, dated, "the time is written");
    assert_eq!(
        dated,
        write_archive(ArchiveTime::new(at).expect("time"), &files)
    );
    let r = open(dated).expect("open");
    assert!(r.list().iter().all(|e| e.modified == Some(at)));
    let r = open(first).expect("open");
    let epoch = ArchiveTime::default().get();
    assert!(r.list().iter().all(|e| e.modified == Some(epoch)));
}

#[test]
fn the_writer_refuses_unsafe_names_duplicates_and_limits() {
    let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
    w.add(PLAN, b"1").expect("first");
    let kind_of = |r: Result<(), Error>| r.expect_err("refused").kind().to_string();
    for (name, expected) in [
        ("../x.CSV", ErrorKind::PathTraversal.to_string()),
        ("/x.CSV", ErrorKind::AbsolutePath.to_string()),
        ("C:/x.CSV", ErrorKind::AbsolutePath.to_string()),
        (
            "a\\x.CSV",
            ErrorKind::InvalidName {
                issue: NameIssue::Backslash,
            }
            .to_string(),
        ),
        (
            "a//x.CSV",
            ErrorKind::InvalidName {
                issue: NameIssue::NotPlain,
            }
            .to_string(),
        ),
        (
            "folder/",
            ErrorKind::InvalidName {
                issue: NameIssue::NotPlain,
            }
            .to_string(),
        ),
        (
            "",
            ErrorKind::InvalidName {
                issue: NameIssue::Empty,
            }
            .to_string(),
        ),
        (
            "__MACOSX/x.CSV",
            ErrorKind::InvalidName {
                issue: NameIssue::Reserved,
            }
            .to_string(),
        ),
    ] {
        assert_eq!(kind_of(w.add(name, b"x")), expected, "{name:?}");
    }
    let err = w.add(&PLAN.to_lowercase(), b"2").expect_err("duplicate");
    assert!(matches!(err.kind(), ErrorKind::DuplicateName { first } if first == PLAN));
    assert_eq!(err.entry(), Some(PLAN.to_lowercase().as_str()));
    // Refusals leave the archive usable.
    w.add(SIKYU, b"3").expect("still writable");
    let r = open(w.finish().expect("finish").into_inner()).expect("open");
    assert_eq!(r.len(), 2);

    let mut w = ArchiveWriterBuilder::new()
        .limits(
            ArchiveLimits::new()
                .with_max_entries(2)
                .with_max_entry_size(10)
                .with_max_total_size(15)
                .with_max_name_len(70),
        )
        .build(Cursor::new(Vec::new()));
    assert!(matches!(
        w.add(PLAN, &[0; 11]).expect_err("size").kind(),
        ErrorKind::EntryTooLarge {
            size: 11,
            limit: 10
        }
    ));
    w.add(PLAN, &[0; 10]).expect("fits");
    assert!(matches!(
        w.add(SIKYU, &[0; 6]).expect_err("total").kind(),
        ErrorKind::TotalTooLarge {
            total: 16,
            limit: 15
        }
    ));
    assert!(matches!(
        w.add(&"x".repeat(71), b"").expect_err("name").kind(),
        ErrorKind::NameTooLong {
            length: 71,
            limit: 70
        }
    ));
    w.add(SIKYU, &[0; 5]).expect("fits");
    assert!(matches!(
        w.add(HOSOKU, b"").expect_err("count").kind(),
        ErrorKind::TooManyEntries { count: 3, limit: 2 }
    ));
}

#[test]
fn streaming_an_entry_gives_the_same_bytes_as_reading_it_whole() {
    let data = plan_csv().repeat(300);
    let bytes = write_archive(ArchiveTime::default(), &[(PLAN.to_string(), data.clone())]);
    let mut r = open(bytes).expect("open");
    let mut streamed = Vec::new();
    let mut entry = r.open_entry(0).expect("open entry");
    assert_eq!(entry.declared_size(), data.len() as u64);
    let mut buf = [0u8; 333];
    loop {
        let n = entry.read(&mut buf).expect("read");
        if n == 0 {
            break;
        }
        streamed.extend_from_slice(&buf[..n]);
    }
    assert_eq!(streamed, data);
    drop(entry);
    assert_eq!(r.read_entry(0).expect("whole"), data);
}

// --- streamed into a set ----------------------------------------------------------------

#[test]
fn a_set_streams_entries_and_gives_the_archive_error_of_a_damaged_one() {
    use careplan_bundle::FileSet;
    let data = plan_csv().repeat(50);
    let mut bytes = zip_crate_archive(&[
        (PLAN_NEXT, &plan_csv(), CompressionMethod::Deflated),
        (PLAN, &data, CompressionMethod::Deflated),
    ]);
    // Damage the second entry's compressed stream.
    let at = bytes
        .windows(PLAN.len())
        .position(|w| w == PLAN.as_bytes())
        .unwrap();
    let start = at + PLAN.len() + 5;
    for b in &mut bytes[start..start + 8] {
        *b ^= 0xA5;
    }
    let mut set = FileSet::new();
    let err = set.add_bytes("month.zip", bytes).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::CorruptEntry { .. }),
        "{err}"
    );
    assert_eq!(err.entry(), Some(PLAN));
    assert_eq!(err.file(), Some("month.zip"));
    // Nothing of a refused archive is added, not even the sound entry.
    assert!(set.files().is_empty());
}

#[test]
fn a_set_stops_an_entry_that_lies_about_its_size() {
    use careplan_bundle::FileSet;
    let zeros = vec![b'0'; 1 << 20];
    let mut bytes = zip_crate_archive(&[(PLAN, &zeros, CompressionMethod::Deflated)]);
    patch_declared_size(&mut bytes, PLAN, 100);
    let mut set = FileSet::new();
    let err = set.add_bytes("month.zip", bytes).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::ExceedsDeclaredSize { declared: 100 }),
        "{err}"
    );
    assert_eq!(err.entry(), Some(PLAN));
}

#[test]
fn clones_of_a_reader_read_entries_on_several_threads() {
    let files: Vec<(String, Vec<u8>)> = (0..8)
        .map(|i| (format!("{i}/{PLAN}"), plan_csv().repeat(i + 1)))
        .collect();
    let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
    for (n, b) in &files {
        w.add(n, b).unwrap();
    }
    let reader = ArchiveReader::new(w.finish().unwrap()).unwrap();
    let read: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..files.len())
            .map(|i| {
                let mut own = reader.clone();
                s.spawn(move || own.read_entry(i).unwrap())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for ((_, expected), got) in files.iter().zip(&read) {
        assert_eq!(got, expected);
    }
}
