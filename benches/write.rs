//! Write throughput (MB/s of file bytes) of a generated 第6表 (UPPLAN) file, the records held
//! in memory beforehand, written into a `Vec<u8>`:
//!
//! - `csv_floor`: `csv::Writer` writing the MS932 bytes of each field (`ByteRecord`s): no
//!   encoding, quoting only where needed — the floor;
//! - `csv_encoded`: the floor plus what a program must add to write text: each field of the
//!   `RawRecord`s below encoded with `encoding_rs` (ASCII taken as it is; no check for
//!   characters MS932 cannot hold, which `encoding_rs` would write as `&#…;`) — for
//!   comparison, not a target;
//! - `raw_records`: careplan's `Writer::write_record` of `RawRecord`s built in memory (text
//!   only, no source bytes): MS932 encoding, quoting free text, CRLF;
//! - `typed_new`: `FileWriter::write` of `Table6Record`s built in memory (no origin): each
//!   value formatted in the standard's form, then encoded and written;
//! - `typed_rewrite`: `FileWriter::write` of the `Table6Record`s as read (origin kept):
//!   unchanged values are written with the bytes they were read with (a byte-exact rewrite).
//! - `rewrite_any`: `FileWriter::write_any` of the records as read, as `AnyRecord`s: what
//!   `careplan check --rewrite` writes (a file of any kind);
//! - `rewrite_streamed`: the whole of a `--rewrite` of one file: `careplan_csv::rewrite`,
//!   the function `careplan check --rewrite` calls (through `rewrite_into_dir`), reading
//!   each record with `FileReader::next_record` and writing it at once, through
//!   `write_any` when it typed without an error, against `csv_copy`: `csv` reading
//!   `ByteRecord`s and writing them;
//! - `rewrite_2_threads`: the same on two threads, as `careplan check --rewrite` rewrites a
//!   large file on two cores (`FileReaderBuilder::threads(2).rewrite_slice`; `rewrite_file`
//!   for a path): each part of the file read and written on the thread that takes it, the
//!   parts' bytes joined in order (target: >= 40 % of `csv_copy`).
//!
//! Throughput counts the bytes of the file (what careplan writes; `csv_floor` writes about
//! as much, quoting only the fields that need it).
//!
//! `cargo bench --bench write` (8 MiB); without `--bench` it runs once on 128 KiB as a check.
//! `cargo bench --bench write -- --paired` times `rewrite_2_threads` and `rewrite_streamed`
//! in pairs with `csv_copy` instead (see `support::paired`).

use std::hint::black_box;
use std::time::Duration;

use careplan::csv::{rewrite, FileReaderBuilder, FileWriterBuilder, ReaderBuilder, WriterBuilder};
use careplan::model::table6::Table6Record;
use careplan::model::{AnyRecord, FileKind, Origin, RawRecord};
use criterion::{criterion_group, BenchmarkId, Criterion, SamplingMode, Throughput};

mod support;
use support::gen::{self, Table};

fn write(c: &mut Criterion) {
    let (data, name) = upplan();

    let byte_records: Vec<csv::ByteRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&data[..])
        .byte_records()
        .collect::<Result<_, _>>()
        .expect("readable");
    let raw_records: Vec<RawRecord> = ReaderBuilder::new()
        .from_reader(&data[..])
        .records()
        .map(|r| {
            let r = r.expect("readable");
            let mut fresh = RawRecord::new();
            for f in r.fields() {
                fresh.push_field(f.text, f.quoted);
            }
            fresh
        })
        .collect();
    let read: Vec<Table6Record> = {
        let mut rdr = FileReaderBuilder::new().from_reader(&data[..], &name);
        let typed = rdr.typed::<Table6Record>().expect("a 第6表 file");
        typed
            .map(|p| p.expect("readable").typed().cloned().expect("typed"))
            .collect()
    };
    let fresh: Vec<Table6Record> = read
        .iter()
        .cloned()
        .map(|mut r| {
            r.origin = Origin::none();
            r
        })
        .collect();

    let any: Vec<AnyRecord> = read.iter().cloned().map(AnyRecord::from).collect();

    // The writers produce the file that was read (the rewrite byte for byte).
    let rewritten = typed_file(&read, &name);
    assert_eq!(
        rewritten, data,
        "a rewrite of unchanged records is byte-exact"
    );
    assert_eq!(
        any_file(&any, &name),
        data,
        "write_any rewrites byte for byte"
    );
    assert_eq!(
        rewrite_streamed(&data, &name),
        data,
        "so does a streamed rewrite"
    );
    assert_eq!(
        rewrite_2_threads(&data, &name),
        data,
        "and one on two threads"
    );
    let done = rewrite(
        FileReaderBuilder::new().from_reader(&data[..], &name),
        Vec::new(),
    )
    .expect("rewritten");
    assert_eq!(
        done.typed, done.summary.records,
        "the rewrite writes every record through the typed writer"
    );
    assert_eq!(typed_file(&fresh, &name).len(), data.len());
    assert_eq!(raw_file(&raw_records).len(), data.len());

    let mut group = c.benchmark_group("write");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Bytes(data.len() as u64));
    let id = |f: &str| BenchmarkId::new(f, "UPPLAN");
    group.bench_function(id("csv_floor"), |b| {
        b.iter(|| {
            let mut w = csv::Writer::from_writer(Vec::with_capacity(data.len()));
            for r in &byte_records {
                w.write_byte_record(black_box(r)).expect("written");
            }
            w.into_inner().expect("flushed").len()
        })
    });
    group.bench_function(id("csv_encoded"), |b| {
        b.iter(|| csv_encoded(black_box(&raw_records)).len())
    });
    group.bench_function(id("raw_records"), |b| {
        b.iter(|| raw_file(black_box(&raw_records)).len())
    });
    group.bench_function(id("typed_new"), |b| {
        b.iter(|| typed_file(black_box(&fresh), &name).len())
    });
    group.bench_function(id("typed_rewrite"), |b| {
        b.iter(|| typed_file(black_box(&read), &name).len())
    });
    group.bench_function(id("rewrite_any"), |b| {
        b.iter(|| any_file(black_box(&any), &name).len())
    });
    group.bench_function(id("csv_copy"), |b| {
        b.iter(|| csv_copy(black_box(&data)).len())
    });
    group.bench_function(id("rewrite_streamed"), |b| {
        b.iter(|| rewrite_streamed(black_box(&data), &name).len())
    });
    group.bench_function(id("rewrite_2_threads"), |b| {
        b.iter(|| rewrite_2_threads(black_box(&data), &name).len())
    });
    group.finish();
}

/// `csv` reading each `ByteRecord` and writing it: the floor of a read-and-write.
#[inline(never)]
fn csv_copy(data: &[u8]) -> Vec<u8> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(data);
    let mut w = csv::Writer::from_writer(Vec::with_capacity(data.len()));
    let mut record = csv::ByteRecord::new();
    while rdr.read_byte_record(&mut record).expect("readable") {
        w.write_byte_record(&record).expect("written");
    }
    w.into_inner().expect("flushed")
}

/// A `--rewrite` of one file on the calling thread alone, into memory.
#[inline(never)]
fn rewrite_streamed(data: &[u8], name: &str) -> Vec<u8> {
    let rdr = FileReaderBuilder::new().from_reader(data, name);
    let done = rewrite(rdr, Vec::with_capacity(data.len())).expect("rewritten");
    done.output
}

/// A `--rewrite` of one large file as `careplan check --rewrite` runs it on two cores, into
/// memory: `FileReaderBuilder::threads(2).rewrite_slice` (`rewrite_file` for a path), each
/// part of the file read and written on the thread that takes it.
#[inline(never)]
fn rewrite_2_threads(data: &[u8], name: &str) -> Vec<u8> {
    let done = FileReaderBuilder::new()
        .threads(2)
        .rewrite_slice(data, name, Vec::with_capacity(data.len()))
        .expect("rewritten");
    done.output
}

#[inline(never)]
fn any_file(records: &[AnyRecord], name: &str) -> Vec<u8> {
    let mut w = FileWriterBuilder::new().to_writer(
        Vec::with_capacity(records.len() * 256),
        FileKind::UsagePlan,
        name,
    );
    for r in records {
        w.write_any(r).expect("written");
    }
    w.finish().expect("flushed").0
}

/// The free-text columns of 第6表: No.7, 18 and 21.
fn text_columns() -> Vec<bool> {
    (1..=25).map(|no| matches!(no, 7 | 18 | 21)).collect()
}

fn csv_encoded(records: &[RawRecord]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(records.len() * 256));
    let mut fields: Vec<Vec<u8>> = Vec::new();
    for r in records {
        fields.resize_with(r.len(), Vec::new);
        for (out, field) in fields.iter_mut().zip(r.fields()) {
            out.clear();
            if field.text.is_ascii() {
                out.extend_from_slice(field.text.as_bytes());
            } else {
                let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(field.text);
                out.extend_from_slice(&bytes);
            }
        }
        w.write_record(&fields).expect("written");
    }
    w.into_inner().expect("flushed")
}

fn raw_file(records: &[RawRecord]) -> Vec<u8> {
    let mut w = WriterBuilder::new()
        .quoting(text_columns())
        .from_writer(Vec::with_capacity(records.len() * 256));
    for r in records {
        w.write_record(r).expect("written");
    }
    w.into_inner().expect("flushed")
}

fn typed_file(records: &[Table6Record], name: &str) -> Vec<u8> {
    let mut w = FileWriterBuilder::new().to_writer(
        Vec::with_capacity(records.len() * 256),
        FileKind::UsagePlan,
        name,
    );
    for r in records {
        w.write(r).expect("written");
    }
    w.finish().expect("flushed").0
}

/// The bench's 第6表 (8 MiB; 128 KiB as a check) and its name, checked clean.
fn upplan() -> (Vec<u8>, String) {
    let data = gen::sized(
        Table::Upplan,
        support::size(8 << 20, 128 << 10),
        support::month(),
        support::SEED,
    );
    let name = gen::file_name(Table::Upplan, support::month());
    support::assert_clean(&data, &name, true);
    (data, name)
}

/// `--paired`: `rewrite_2_threads` and `rewrite_streamed` timed in pairs with `csv_copy`
/// (see `support::paired`).
fn paired() {
    let rounds = support::paired::rounds(31);
    let (data, name) = upplan();
    let floor = || {
        black_box(csv_copy(black_box(&data)));
    };
    support::paired::compare(
        "write/rewrite_2_threads/UPPLAN against csv_copy (target >= 40 %)",
        data.len(),
        rounds,
        floor,
        || {
            black_box(rewrite_2_threads(black_box(&data), &name));
        },
    );
    support::paired::compare(
        "write/rewrite_streamed/UPPLAN against csv_copy",
        data.len(),
        rounds,
        floor,
        || {
            black_box(rewrite_streamed(black_box(&data), &name));
        },
    );
}

criterion_group!(benches, write);

fn main() {
    support::paired::main(paired, benches);
}
