//! Peak heap while reading a 第6表 (UPPLAN) file record by record, typed and validated with
//! `FileReader`, for a 10 MB and a 500 MB file streamed from the generator (never held in
//! memory): reading must take the same memory whatever the file's size.
//!
//! A counting global allocator wraps the system one and tracks the bytes in use and their
//! peak. The peak is taken from the moment the reader is built to the end of the file, less
//! the bytes in use before; it includes the generator's own buffer of one user's lines. A
//! small read first builds what is built once per process (the layout tables).
//!
//! The same is measured for the bare `Reader` (raw records, decoded), for reference.
//! `cargo bench --bench memory` prints the peaks and fails if `FileReader`'s differ by 1 MiB
//! or more.
//! Without `--bench` (e.g. `cargo test --benches`) it runs on 256 KiB and 2 MiB as a check.

// The library forbids `unsafe`; implementing `GlobalAlloc` needs it, so this bench (and only
// this bench) allows it. The allocator only forwards to `System` and counts.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{self, Read};
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use careplan::csv::{FileReaderBuilder, Parsed, ReaderBuilder};
use careplan::model::RawRecord;

mod support;
use support::gen::{self, GenReader, Table};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    CURRENT.fetch_sub(bytes, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds the `GlobalAlloc`
// contract; the counters do not touch the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Which reader a run uses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Path {
    /// `FileReader::next_record`: typed and validated, with the summary (what is asserted).
    Typed,
    /// `Reader::read_record` into one reused `RawRecord`: tokenized and decoded only.
    Raw,
}

/// What one read took.
struct Run {
    bytes: u64,
    records: u64,
    users: u64,
    peak: usize,
    seconds: f64,
}

/// Reads a streamed UPPLAN of `target` bytes and measures the peak heap from the moment
/// the reader is built (the generator's own buffer included) to the end of the file.
fn read(path: Path, target: u64) -> Run {
    let month = support::month();
    let name = gen::file_name(Table::Upplan, month);
    let started = Instant::now();
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let bytes = Rc::new(Cell::new(0));
    let source = Counted {
        inner: GenReader::new(Table::Upplan, month, support::SEED, target),
        bytes: Rc::clone(&bytes),
    };
    let (records, users) = match path {
        Path::Typed => {
            let mut rdr = FileReaderBuilder::new().from_reader(source, &name);
            let mut records = 0u64;
            while let Some(parsed) = rdr.next_record().expect("generated data is readable") {
                records += 1;
                assert!(
                    matches!(&parsed, Parsed::Typed { problems, .. } if problems.is_empty()),
                    "record {records}: {:?}",
                    parsed.problems()
                );
            }
            let summary = rdr.summary();
            assert!(summary.problems.is_empty(), "{:?}", summary.problems);
            (records, summary.users)
        }
        Path::Raw => {
            let mut rdr = ReaderBuilder::new().from_reader(source);
            let mut record = RawRecord::new();
            let mut records = 0u64;
            while rdr
                .read_record(&mut record)
                .expect("generated data is readable")
            {
                records += 1;
            }
            (records, 0)
        }
    };
    Run {
        bytes: bytes.get(),
        records,
        users,
        peak: PEAK.load(Ordering::Relaxed).saturating_sub(base),
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    bytes: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / f64::from(1 << 20)
}

fn main() -> ExitCode {
    let (small, large) = if support::full_run() {
        (10_000_000, 500_000_000)
    } else {
        (256 << 10, 2 << 20)
    };
    let mut verdict = ExitCode::SUCCESS;
    for (path, label) in [
        (Path::Typed, "FileReader (typed, validated)"),
        (Path::Raw, "Reader (raw, decoded)"),
    ] {
        println!("{label}:");
        // A first small read builds what is built once per process (the layout tables), so
        // neither measured run pays for it.
        read(path, 64 << 10);
        let runs: Vec<Run> = [small, large].iter().map(|&t| read(path, t)).collect();
        for run in &runs {
            println!(
                "  UPPLAN {:>6.1} MB: {:>9} records, {:>7} users, peak heap {:>9} bytes ({:.2} MiB), {:.1} s",
                run.bytes as f64 / 1e6,
                run.records,
                run.users,
                run.peak,
                mib(run.peak),
                run.seconds
            );
        }
        let diff = runs[1].peak.abs_diff(runs[0].peak);
        let ok = diff < 1 << 20;
        println!(
            "  peak difference: {diff} bytes ({:.2} MiB), limit 1 MiB: {}",
            mib(diff),
            if ok {
                "constant (ok)"
            } else {
                "grows with the file (FAILED)"
            }
        );
        if path == Path::Typed && !ok {
            verdict = ExitCode::FAILURE;
        }
    }
    verdict
}
