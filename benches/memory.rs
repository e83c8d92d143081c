//! Peak heap while reading a 第6表 (UPPLAN) file record by record, typed and validated with
//! `FileReader`, for a 10 MB and a 500 MB file streamed from the generator (never held in
//! memory): reading must take the same memory whatever the file's size.
//!
//! A counting global allocator wraps the system one and tracks the bytes in use and their
//! peak. The peak is taken from the moment the reader is built to the end of the file, less
//! the bytes in use before; it includes the generator's own buffer of one user's lines.
//!
//! `cargo bench --bench memory` prints both peaks and fails if they differ by 1 MiB or more.
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

use careplan::csv::{FileReaderBuilder, Parsed};

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

/// What one read took.
struct Run {
    bytes: u64,
    records: u64,
    typed: u64,
    users: u64,
    peak: usize,
    seconds: f64,
}

/// Reads a streamed UPPLAN of `target` bytes with `FileReader`, typed and validated.
fn read(target: u64) -> Run {
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
    let mut rdr = FileReaderBuilder::new().from_reader(source, &name);
    let (mut records, mut typed) = (0u64, 0u64);
    while let Some(parsed) = rdr.next_record().expect("generated data is readable") {
        records += 1;
        if let Parsed::Typed { problems, .. } = &parsed {
            assert!(problems.is_empty(), "record {records}: {problems:?}");
            typed += 1;
        }
    }
    let summary = rdr.summary().clone();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let seconds = started.elapsed().as_secs_f64();
    drop(rdr);
    assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    Run {
        bytes: bytes.get(),
        records,
        typed,
        users: summary.users,
        peak,
        seconds,
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

fn main() -> ExitCode {
    let (small, large) = if support::full_run() {
        (10_000_000, 500_000_000)
    } else {
        (256 << 10, 2 << 20)
    };
    let mut runs = Vec::new();
    for target in [small, large] {
        let run = read(target);
        println!(
            "UPPLAN {:>5.0} MB: {:>9} records ({} typed), {:>7} users, peak heap {:>9} bytes ({:.2} MiB), {:.1} s",
            run.bytes as f64 / 1e6,
            run.records,
            run.typed,
            run.users,
            run.peak,
            run.peak as f64 / f64::from(1 << 20),
            run.seconds
        );
        runs.push(run);
    }
    let diff = runs[1].peak.abs_diff(runs[0].peak);
    println!(
        "peak difference: {diff} bytes ({:.2} MiB); limit 1 MiB",
        diff as f64 / f64::from(1 << 20)
    );
    if diff < 1 << 20 {
        println!("memory: constant (ok)");
        ExitCode::SUCCESS
    } else {
        println!("memory: grows with the file (FAILED)");
        ExitCode::FAILURE
    }
}
