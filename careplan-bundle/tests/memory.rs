//! Memory of a set as it reads: bounded by keys (users), never by records, whatever the
//! input (issue 15 §2). Measured with a counting global allocator, so this binary holds
//! only these tests, run one at a time; the figures are heap bytes, not wall-clock.

mod common;

use std::io::{self, Cursor, Read};
use std::sync::Mutex;

use careplan_bundle::{ArchiveLimits, ArchiveWriter};
use careplan_bundle::{FileSet, LoadOptions};
use careplan_model::ProblemKind;
use common::*;
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// One measurement at a time.
static ONE: Mutex<()> = Mutex::new(());

const MB: usize = 1 << 20;

/// What `f` allocated at its peak over what was in use before, and what it left in use.
fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let out = f();
    let peak = HEAP.peak_usage().saturating_sub(before);
    let kept = HEAP.current_usage().saturating_sub(before);
    eprintln!("heap: peak {peak} bytes over the start, {kept} bytes kept");
    (out, peak, kept)
}

/// A 第6表 予定 file of `users` users with `rows` rows each, in the standard's form.
fn upplan(users: usize, rows: usize) -> Vec<u8> {
    let n = name(&format!("UPPLAN_{MONTH}"), V41_OUT, "20250325100000");
    let line = file(&n, &[t6("0000000001", "01", "111111", PROV)]);
    let line = String::from_utf8_lossy(&line).into_owned();
    let mut out = Vec::with_capacity(users * rows * line.len());
    for u in 0..users {
        let user = line.replace("0000000001", &format!("{:010}", u + 1));
        for _ in 0..rows {
            out.extend_from_slice(user.as_bytes());
        }
    }
    out
}

fn upplan_name(seq: &str) -> String {
    name(&format!("UPPLAN_{MONTH}"), V41_OUT, seq)
}

#[test]
fn a_large_file_keeps_its_keys_not_its_records() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let bytes = upplan(2_000, 20);
    assert!(bytes.len() > 5 * MB);
    let d = temp_dir("large");
    let path = d.join(upplan_name("20250325100000"));
    std::fs::write(&path, &bytes).unwrap();
    drop(bytes);
    let (set, peak, kept) = measure(|| {
        let mut set = FileSet::new();
        set.add_path(&path).unwrap();
        set
    });
    let f = &set.files()[0];
    assert_eq!(f.summary().records, 40_000);
    assert_eq!(f.key_count(), 2_000);
    assert!(!f.records_kept());
    // The records alone took about 100 MB when they were kept.
    assert!(kept < MB, "kept {kept} bytes");
    assert!(peak < 8 * MB, "peak {peak} bytes");
    // Going through the records again (to write them, say) holds one at a time.
    let (count, peak, _) = measure(|| {
        let mut n = 0u64;
        f.for_each_record(|r| n += u64::from(r.typed().is_some()))
            .unwrap();
        n
    });
    assert_eq!(count, 40_000);
    assert!(peak < 8 * MB, "peak {peak} bytes");
    assert!(!f.records_kept());
    // A workflow that asks for the records gets them, read again from the path.
    assert_eq!(f.records().len(), 40_000);
}

#[test]
fn zip_entries_are_streamed() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let entry = upplan(2_000, 20);
    let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
    for seq in ["20250325100000", "20250326100000", "20250327100000"] {
        w.add(&format!("202504/{}", upplan_name(seq)), &entry)
            .unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    drop(entry);
    let (set, peak, kept) = measure(|| {
        // The rows repeat more than real files do: the ratio limit is not what is tested.
        let limits = ArchiveLimits::new().with_max_ratio(100_000);
        let mut set = FileSet::with_options(LoadOptions::new().limits(limits));
        set.add_bytes("month.zip", zip).unwrap();
        set
    });
    assert_eq!(set.files().len(), 3);
    assert!(set.files().iter().all(|f| f.summary().records == 40_000));
    // The archive's bytes are the set's source: they stay, the entries' bytes do not.
    assert!(kept < 2 * MB, "kept {kept} bytes");
    assert!(peak < 8 * MB, "peak {peak} bytes");
}

/// Gives `len` bytes of `byte`, without holding them.
struct Repeat {
    byte: u8,
    left: u64,
    given: u64,
}

impl Read for Repeat {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        buf[..n].fill(self.byte);
        self.left -= n as u64;
        self.given += n as u64;
        Ok(n)
    }
}

#[test]
fn a_line_of_a_gigabyte_is_refused_at_the_record_limit() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let mut line = Repeat {
        byte: b'a',
        left: 1 << 30,
        given: 0,
    };
    let (result, peak, _) = measure(|| {
        let mut set = FileSet::new();
        set.add_reader(&upplan_name("20250325100000"), &mut line)
            .map(|_| ())
    });
    let e = result.unwrap_err();
    assert!(e.to_string().contains("larger than"), "{e}");
    assert!(line.given < 20 * MB as u64, "read {} bytes", line.given);
    assert!(peak < 100 * MB, "peak {peak} bytes");
}

#[test]
fn a_record_of_commas_is_bounded_by_the_record_limit() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let mut commas = Repeat {
        byte: b',',
        left: 16 * MB as u64 - 64,
        given: 0,
    };
    let (result, peak, kept) = measure(|| {
        let mut set = FileSet::new();
        set.add_reader(&upplan_name("20250325100000"), &mut commas)
            .map(|s| s.files().len())
    });
    let e = result.unwrap_err();
    assert!(e.to_string().contains("larger than"), "{e}");
    // 16 MiB of commas took 1 GB when each empty field cost its bookkeeping freely.
    assert!(peak < 64 * MB, "peak {peak} bytes");
    assert!(kept < 2 * MB, "kept {kept} bytes");
}

#[test]
fn a_file_of_random_bytes_stays_small() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    // xorshift: the same bytes every run.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let garbage: Vec<u8> = (0..8 * MB)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect();
    let (set, peak, kept) = measure(|| {
        let mut set = FileSet::new();
        let _ = set.add_reader(&upplan_name("20250325100000"), &garbage[..]);
        set
    });
    let problems = set.files().first().map_or(0, |f| f.problems().count());
    assert!(peak < 32 * MB, "peak {peak} bytes, {problems} problems");
    assert!(kept < 16 * MB, "kept {kept} bytes, {problems} problems");
}

/// A ZIP of `entries` entries of `len` bytes of garbage each (lines of bytes no file of
/// the standard holds: a broken MS932 pair, a 外字, a NUL, stray quotes, both line breaks),
/// every entry named as a 第6表 予定 of its own sequence number.
fn garbage_zip(entries: usize, len: usize) -> Vec<u8> {
    const TOKENS: [&[u8]; 8] = [
        b"\x81\xff",
        b",",
        b"\"",
        b"\xf0\x40",
        b"\r\n",
        b"\n",
        b"\x00",
        b"a,\"b\"x,",
    ];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
    for i in 0..entries {
        let mut bytes = Vec::with_capacity(len + 8);
        while bytes.len() < len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.extend_from_slice(TOKENS[(x >> 61) as usize]);
        }
        let seq = format!("2025032510{:04}", i);
        w.add(&upplan_name(&seq), &bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn many_files_of_garbage_cost_what_one_run_of_them_does() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    // Each entry lists hundreds of problems: the set's memory grew with the entries (a
    // 27 MB archive of 2,000 such entries took 19 GB), and now stops at the set's limit.
    let limit = 20_000;
    let read = |entries| {
        let zip = garbage_zip(entries, 16 * 1024);
        let ((listed, has_errors), peak, _) = measure(|| {
            let mut set = FileSet::with_options(LoadOptions::new().max_listed(limit));
            set.add_bytes("garbage.zip", zip).unwrap();
            let listed = (set.files().iter())
                .flat_map(|f| f.problems())
                .filter(|p| p.location.line.is_some() && p.kind != ProblemKind::NotListed)
                .count() as u64;
            (listed, set.files().iter().all(|f| f.has_errors()))
        });
        (listed, has_errors, peak)
    };
    let (few, few_errors, few_peak) = read(100);
    let (many, many_errors, many_peak) = read(400);
    assert!(
        few_errors && many_errors,
        "every entry keeps its errors, counted"
    );
    assert_eq!((few, many), (limit, limit), "the set lists up to its limit");
    assert!(
        many_peak < few_peak + few_peak / 2,
        "400 entries: peak {many_peak} bytes; 100 entries: {few_peak} bytes"
    );
}
