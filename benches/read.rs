//! Read throughput (MB/s of file bytes) of large generated 第6表 (UPPLAN) and 第7表 (UPSIKYU)
//! files held in memory, three ways side by side:
//!
//! - `csv_floor`: `csv::Reader` reading raw `ByteRecord`s: tokenizing only, no decoding — the
//!   floor nothing that reads CSV can beat;
//! - `csv_decoded`: the floor plus what a program must add to have text: each field decoded
//!   from MS932 with `encoding_rs` into a reused `String` (no checks, no problems kept) —
//!   for comparison, not a target;
//! - `raw_decoded`: careplan's `Reader::read_record` into one reused `RawRecord`: tokenizing,
//!   MS932 decoding, source bytes, positions, form checks;
//! - `typed_validated`: `FileReader::next_record`: all of the above plus the layout engine,
//!   the typed view and its rules, version/month/user bookkeeping;
//! - `typed_2_threads`: the same records and report through
//!   `FileReaderBuilder::threads(2).read_slice`: the file cut into parts read on two
//!   threads, the records handed back in order;
//! - `typed_fold_2_threads`: the same records and report through
//!   `FileReaderBuilder::threads(2).fold_slice`: each part's records looked at (counted)
//!   on the thread that read them, the parts' counts joined in order (target ≥ 45 % of
//!   `csv_floor`: the library's typed read on two threads).
//!
//! `per_file` measures the fixed cost of a file: a `FileReader` built and one user's few
//! records read, as a folder of many small files pays it per file.
//!
//! Targets: `typed_validated` ≥ 50 % of `csv_floor`, `raw_decoded` ≥ 80 %.
//!
//! `cargo bench --bench read` (24 MiB per file); without `--bench` (e.g.
//! `cargo test --benches`) it runs once on 256 KiB as a check. `READ_BENCH_BYTES=n` makes
//! each file `n` bytes instead, for a profiler (see BENCHMARKS.md).
//! `cargo bench --bench read -- --paired` times `typed_fold_2_threads` and
//! `typed_validated` in pairs with `csv_floor` instead (`PAIRED_ROUNDS`, 31 by default):
//! the median ratio of the pairs, steadier than two runs taken apart on a noisy machine.

use std::hint::black_box;
use std::time::Duration;

use careplan::csv::{FileReaderBuilder, Parsed, ReaderBuilder};
use careplan::model::RawRecord;
use criterion::{criterion_group, BenchmarkId, Criterion, SamplingMode, Throughput};

mod support;
use support::gen::{self, Table};

// Never inlined, so a profiler can count its instructions by name.
#[inline(never)]
fn csv_floor(data: &[u8]) -> usize {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(data);
    let mut record = csv::ByteRecord::new();
    let mut fields = 0;
    while rdr.read_byte_record(&mut record).expect("readable") {
        fields += record.len();
    }
    fields
}

// Never inlined, so a profiler can count its instructions by name.
#[inline(never)]
fn csv_decoded(data: &[u8]) -> usize {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(data);
    let mut record = csv::ByteRecord::new();
    let mut text = String::new();
    let mut chars = 0;
    while rdr.read_byte_record(&mut record).expect("readable") {
        for field in record.iter() {
            text.clear();
            // ASCII is its own MS932: only the other fields go through the decoder.
            match field.is_ascii().then(|| std::str::from_utf8(field)) {
                Some(Ok(ascii)) => text.push_str(ascii),
                _ => {
                    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
                    text.reserve(field.len() * 3);
                    let _ = decoder.decode_to_string_without_replacement(field, &mut text, true);
                }
            }
            chars += text.len();
        }
    }
    chars
}

// Never inlined, so a profiler can count its instructions by name.
#[inline(never)]
fn raw_decoded(data: &[u8]) -> usize {
    let mut rdr = ReaderBuilder::new().from_reader(data);
    let mut record = RawRecord::new();
    let mut fields = 0;
    while rdr.read_record(&mut record).expect("readable") {
        fields += record.len();
    }
    fields
}

// Never inlined, so a profiler can count its instructions by name.
#[inline(never)]
fn typed_validated(data: &[u8], name: &str) -> (u64, u64) {
    let mut rdr = FileReaderBuilder::new().from_reader(data, name);
    let (mut typed, mut raw) = (0, 0);
    while let Some(parsed) = rdr.next_record().expect("readable") {
        match parsed {
            Parsed::Typed { .. } => typed += 1,
            _ => raw += 1,
        }
    }
    (typed, raw)
}

// Never inlined, so a profiler can count its instructions by name.
#[inline(never)]
fn per_file(data: &[u8], name: &str) -> u64 {
    let mut rdr = FileReaderBuilder::new().from_reader(data, name);
    let mut records = 0;
    while rdr.next_record().expect("readable").is_some() {
        records += 1;
    }
    records
}

/// The fixed cost of a file: building a `FileReader` and reading one user's records (a few
/// hundred bytes), as a folder of many small files pays it once per file.
fn small_files(c: &mut Criterion) {
    let mut data = Vec::new();
    gen::upplan(1, support::month(), support::SEED, &mut data).expect("in memory");
    let name = gen::file_name(Table::Upplan, support::month());
    support::assert_clean(&data, &name, true);
    let mut group = c.benchmark_group("per_file");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_with_input(
        BenchmarkId::new("typed_validated", data.len()),
        &data,
        |b, d| b.iter(|| per_file(black_box(d), &name)),
    );
    group.finish();
}

// Never inlined, so a profiler can count its instructions by name.
#[inline(never)]
fn typed_threads(data: &[u8], name: &str, threads: usize) -> u64 {
    let mut typed = 0;
    FileReaderBuilder::new()
        .threads(threads)
        .part_bytes(part_bytes(data))
        .read_slice(data, name, |p| {
            if let Parsed::Typed { .. } = p {
                typed += 1;
            }
        })
        .expect("readable");
    typed
}

// Never inlined, so a profiler can count its instructions by name.
#[inline(never)]
fn typed_fold(data: &[u8], name: &str, threads: usize) -> u64 {
    let (typed, _) = FileReaderBuilder::new()
        .threads(threads)
        .part_bytes(part_bytes(data))
        .fold_slice(
            data,
            name,
            || 0u64,
            |n, p| *n += u64::from(matches!(p, Parsed::Typed { .. })),
            |n, m| *n += m,
        )
        .expect("readable");
    typed
}

/// The parts `typed_2_threads` cuts a file into: the default (256 KiB) for the 24 MiB of a
/// real run, a quarter of the 256 KiB of a check (so that the check reads in parts too).
fn part_bytes(data: &[u8]) -> usize {
    (256 << 10).min(data.len() / 4)
}

fn read(c: &mut Criterion) {
    // `READ_BENCH_BYTES` sets the size of each file, to count instructions of the threads
    // reading parts as they do in a real run, past the first parts: the check of the
    // records read on two threads is then left out, so that a profiler counts the bench's
    // call alone.
    let bytes: Option<usize> = std::env::var("READ_BENCH_BYTES")
        .ok()
        .and_then(|b| b.parse().ok());
    let target = bytes.unwrap_or_else(|| support::size(24 << 20, 256 << 10));
    let mut group = c.benchmark_group("read");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    for table in [Table::Upplan, Table::Upsikyu] {
        let data = gen::sized(table, target, support::month(), support::SEED);
        let name = gen::file_name(table, support::month());
        // Both files come back as typed records (第6表 Table6Record, 第7表 Table7Record).
        let (records, users) = support::assert_clean(&data, &name, true);
        // The same records on two threads (counted here, not in `typed_threads`, so that a
        // profiler counts the bench's call alone).
        if bytes.is_none() {
            let mut typed = 0;
            let summary = FileReaderBuilder::new()
                .threads(2)
                .part_bytes(part_bytes(&data))
                .read_slice(&data, &name, |p| typed += u64::from(p.typed().is_some()))
                .expect("readable");
            assert_eq!(
                (typed, summary.typed),
                (records, records),
                "every record typed"
            );
            assert_eq!(typed_fold(&data, &name, 2), records, "every record typed");
        }
        eprintln!(
            "{}: {} bytes, {records} records, {users} users",
            table.prefix(),
            data.len()
        );
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("csv_floor", table.prefix()),
            &data,
            |b, d| b.iter(|| csv_floor(black_box(d))),
        );
        group.bench_with_input(
            BenchmarkId::new("csv_decoded", table.prefix()),
            &data,
            |b, d| b.iter(|| csv_decoded(black_box(d))),
        );
        group.bench_with_input(
            BenchmarkId::new("raw_decoded", table.prefix()),
            &data,
            |b, d| b.iter(|| raw_decoded(black_box(d))),
        );
        group.bench_with_input(
            BenchmarkId::new("typed_validated", table.prefix()),
            &data,
            |b, d| b.iter(|| typed_validated(black_box(d), &name)),
        );
        group.bench_with_input(
            BenchmarkId::new("typed_2_threads", table.prefix()),
            &data,
            |b, d| b.iter(|| typed_threads(black_box(d), &name, 2)),
        );
        group.bench_with_input(
            BenchmarkId::new("typed_fold_2_threads", table.prefix()),
            &data,
            |b, d| b.iter(|| typed_fold(black_box(d), &name, 2)),
        );
    }
    group.finish();
}

/// `--paired`: each target path timed in pairs with `csv_floor` (see `support::paired`).
fn paired() {
    let rounds = support::paired::rounds(31);
    for table in [Table::Upplan, Table::Upsikyu] {
        let data = gen::sized(
            table,
            support::size(24 << 20, 256 << 10),
            support::month(),
            support::SEED,
        );
        let name = gen::file_name(table, support::month());
        support::assert_clean(&data, &name, true);
        let floor = || {
            black_box(csv_floor(black_box(&data)));
        };
        let prefix = table.prefix();
        support::paired::compare(
            &format!("read/typed_fold_2_threads/{prefix} (target >= 45 %)"),
            data.len(),
            rounds,
            floor,
            || {
                black_box(typed_fold(black_box(&data), &name, 2));
            },
        );
        support::paired::compare(
            &format!("read/typed_validated/{prefix}"),
            data.len(),
            rounds,
            floor,
            || {
                black_box(typed_validated(black_box(&data), &name));
            },
        );
    }
}

criterion_group!(benches, read, small_files);

fn main() {
    support::paired::main(paired, benches);
}
