//! Reading a file on several threads gives the report of reading it on one: every record
//! (its text, its problems, its position), and the summary, on generated files of several
//! sizes cut into many small parts — users whose records cross the cuts, quoted values
//! holding line breaks, blank lines and lines of spaces, mixed line breaks, a header line,
//! and records with problems of every level.

use careplan_csv::{FileReaderBuilder, Parsed, Summary};
use careplan_model::{AnyRecord, Mode};

const UPPLAN: &str = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
const UPSIKYU: &str = "UPSIKYU_202504_1310000001_43_1310000002_11_20250401093000.CSV";
const DLTPLAN: &str = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";

/// 山田 in MS932.
const YAMADA: &[u8] = b"\x8E\x52\x93\x63";

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// What a generated file may hold besides clean records.
#[derive(Clone, Copy)]
struct Mess {
    /// Records with problems (bad dates, a missing item, another version or month).
    problems: bool,
    /// Blank lines, lines of spaces, LF and CR line breaks.
    lines: bool,
    /// Quoted values holding line breaks, quotes and commas.
    quotes: bool,
}

/// A 第6表 (UPPLAN) line of `user`, day `day`.
fn upplan_line(rng: &mut Rng, user: u64, day: u64, mess: Mess, out: &mut Vec<u8>) {
    let mut fields: Vec<Vec<u8>> = vec![
        b"202407".to_vec(),
        b"131001".to_vec(),
        format!("{user:010}").into_bytes(),
        b"20250320".to_vec(),
        b"202504".to_vec(),
        b"1310000001".to_vec(),
        [b"\"".as_slice(), YAMADA, b"\""].concat(),
        b"250".to_vec(),
        b"\"\"".to_vec(),
        format!("202504{:02}", day % 30 + 1).into_bytes(),
        Vec::new(),
        b"1000".to_vec(),
        b"1100".to_vec(),
        b"1".to_vec(),
        b"111111".to_vec(),
        Vec::new(),
        Vec::new(),
        b"\"\"".to_vec(),
        Vec::new(),
        b"1310000002".to_vec(),
        b"\"A\"".to_vec(),
        Vec::new(),
        b"0".to_vec(),
        b"1310000001".to_vec(),
        Vec::new(),
    ];
    if mess.quotes {
        match rng.below(12) {
            0 => fields[6] = [b"\"".as_slice(), YAMADA, b"\r\n", YAMADA, b"\""].concat(),
            1 => fields[20] = b"\"a \"\"b\"\", c\nd\"".to_vec(),
            2 => fields[20] = b"\"x\r\n\r\ny\"".to_vec(),
            3 => fields[20] = b"a\"b".to_vec(),
            _ => {}
        }
    }
    if mess.problems {
        match rng.below(40) {
            0 => fields[9] = b"20250231".to_vec(),
            1 => {
                fields.pop();
            }
            2 => fields[0] = b"202208".to_vec(),
            3 => fields[4] = b"202505".to_vec(),
            4 => fields[14] = b"11111X".to_vec(),
            5 => fields[2] = b"12345".to_vec(),
            // Unknown versions: said once per file with their counts, up to 16 values.
            6 => fields[0] = b"202410".to_vec(),
            7 => fields[0] = format!("20{}07", 30 + rng.below(25)).into_bytes(),
            _ => {}
        }
    }
    out.extend_from_slice(&fields.join(&b","[..]));
    line_break(rng, mess, out);
}

/// A 第7表 (UPSIKYU) line of `user`: a detail row, a subtotal or the grand total.
fn upsikyu_line(rng: &mut Rng, user: u64, row: u64, mess: Mess, out: &mut Vec<u8>) {
    let code = match row % 4 {
        0 | 1 => "111111",
        2 => "11AAAA",
        _ => "999999",
    };
    let units = 250 + rng.below(3) * 10;
    let line = format!(
        "202407,131001,{user:010},20250320,202504,\"\u{0}\",1310000002,,{code},,,,{units},,,4,1000,1000,,,,,,,,,,,,,,,0,9999999999,,1310000001,"
    );
    let mut bytes = line.into_bytes();
    let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
    let name: &[u8] = if mess.quotes && rng.below(5) == 0 {
        b"a\r\n\"\"b\"\", c"
    } else {
        YAMADA
    };
    bytes.splice(at..=at, name.iter().copied());
    out.extend_from_slice(&bytes);
    line_break(rng, mess, out);
}

fn line_break(rng: &mut Rng, mess: Mess, out: &mut Vec<u8>) {
    if !mess.lines {
        out.extend_from_slice(b"\r\n");
        return;
    }
    match rng.below(30) {
        0 => out.extend_from_slice(b"\n"),
        1 => out.extend_from_slice(b"\r"),
        2 => out.extend_from_slice(b"\r\n\r\n"),
        3 => out.extend_from_slice(b"\r\n  \t\r\n"),
        4 => out.extend_from_slice(b"\r\n\x81\x40 \n"),
        5 => out.extend_from_slice(b"\n\n\n"),
        _ => out.extend_from_slice(b"\r\n"),
    }
}

/// A file of `records` lines of the kind of `name`; users have a few records each, and in
/// 第7表 some come back later (rows out of order).
fn file(name: &str, records: u64, seed: u64, mess: Mess, header: bool) -> Vec<u8> {
    let mut rng = Rng(seed | 1);
    let mut out = Vec::new();
    if header {
        out.extend_from_slice(b"version,insurer,insured,date\r\n");
    }
    let mut user = 0;
    let mut left = 0;
    for i in 0..records {
        if left == 0 {
            user = if name == UPSIKYU && rng.below(10) == 0 {
                rng.below(user + 1)
            } else {
                user + 1
            };
            left = 1 + rng.below(9);
        }
        left -= 1;
        match name {
            UPPLAN => upplan_line(&mut rng, user, i, mess, &mut out),
            UPSIKYU => upsikyu_line(&mut rng, user, i, mess, &mut out),
            _ => {
                out.extend_from_slice(format!("202407,131001,{user:010},202504").as_bytes());
                line_break(&mut rng, mess, &mut out);
            }
        }
    }
    out
}

/// Everything a reading says: the records, each with its problems and its origin as read
/// (position, texts, quoting and source bytes), then the summary — or the error.
#[derive(Debug, PartialEq)]
struct Report {
    records: Vec<Parsed<AnyRecord>>,
    origins: Vec<String>,
    summary: String,
}

/// A record's origin: its position, fields (text, quoting, source bytes) and problems.
fn origin_of(p: &Parsed<AnyRecord>) -> String {
    let origin = match p {
        Parsed::Typed { record, .. } => record.origin(),
        Parsed::Raw { record, .. } => Some(record),
        _ => None,
    };
    match origin {
        Some(o) => format!(
            "{:?} {:?} {:?}",
            o.position(),
            o.fields().collect::<Vec<_>>(),
            o.problems()
        ),
        None => "no origin".to_string(),
    }
}

fn report_of(records: Vec<Parsed<AnyRecord>>, summary: Result<Summary, String>) -> Report {
    let origins = records.iter().map(origin_of).collect();
    Report {
        records,
        origins,
        summary: format!("{summary:?}"),
    }
}

fn sequential(data: &[u8], name: &str, mode: Mode) -> Report {
    let mut rdr = FileReaderBuilder::new()
        .mode(mode)
        .max_record_bytes(8192)
        .from_reader(data, name);
    let mut records = Vec::new();
    let summary = loop {
        match rdr.next_record() {
            Ok(Some(p)) => records.push(p),
            Ok(None) => break Ok(rdr.summary().clone()),
            Err(e) => break Err(e.to_string()),
        }
    };
    report_of(records, summary)
}

fn parallel(data: &[u8], name: &str, mode: Mode, threads: usize, part: usize) -> Report {
    let mut records = Vec::new();
    let summary = FileReaderBuilder::new()
        .mode(mode)
        .max_record_bytes(8192)
        .threads(threads)
        .part_bytes(part)
        .read_slice(data, name, |p| records.push(p))
        .map_err(|e| e.to_string());
    report_of(records, summary)
}

/// The records folded on `threads` threads ([`FileReaderBuilder::fold_slice`]) into lists
/// joined in order, and how many parts' lists were joined (parts folded on their own).
fn folded(data: &[u8], name: &str, mode: Mode, threads: usize, part: usize) -> (Report, usize) {
    let joined = std::cell::Cell::new(0);
    let result = FileReaderBuilder::new()
        .mode(mode)
        .max_record_bytes(8192)
        .threads(threads)
        .part_bytes(part)
        .fold_slice(
            data,
            name,
            Vec::new,
            |v, p| v.push(p),
            |v, later| {
                joined.set(joined.get() + 1);
                v.extend(later)
            },
        );
    let report = match result {
        Ok((records, summary)) => report_of(records, Ok(summary)),
        // On an error the value is not given back: only the error is compared.
        Err(e) => report_of(Vec::new(), Err(e.to_string())),
    };
    (report, joined.get())
}

fn assert_same(data: &[u8], name: &str, mode: Mode, what: &str) {
    let one = sequential(data, name, mode);
    for (threads, part) in [(2, 4096), (3, 4096), (4, 9000), (2, 512 * 1024)] {
        let many = parallel(data, name, mode, threads, part);
        let what = format!("{what}, {threads} threads, parts of {part}");
        assert_same_report(&one, &many, &what);
        let (fold, _) = folded(data, name, mode, threads, part);
        if one.summary.starts_with("Err") {
            assert_eq!(one.summary, fold.summary, "{what}, folded");
        } else {
            assert_same_report(&one, &fold, &format!("{what}, folded"));
        }
    }
}

fn assert_same_report(one: &Report, many: &Report, what: &str) {
    assert_eq!(one.records.len(), many.records.len(), "{what}");
    for (i, (a, b)) in one.records.iter().zip(&many.records).enumerate() {
        assert_eq!(a, b, "{what}: record {i}");
    }
    for (i, (a, b)) in one.origins.iter().zip(&many.origins).enumerate() {
        assert_eq!(a, b, "{what}: record {i}");
    }
    assert_eq!(one.summary, many.summary, "{what}");
}

const CLEAN: Mess = Mess {
    problems: false,
    lines: false,
    quotes: false,
};
const MESSY: Mess = Mess {
    problems: true,
    lines: true,
    quotes: true,
};

#[test]
fn clean_files_of_every_size_read_the_same_on_several_threads() {
    for name in [UPPLAN, UPSIKYU, DLTPLAN] {
        for records in [0, 1, 2, 50, 400, 3000] {
            let data = file(name, records, 7, CLEAN, false);
            assert_same(
                &data,
                name,
                Mode::Strict,
                &format!("{name}, {records} records"),
            );
        }
    }
}

#[test]
fn messy_files_read_the_same_on_several_threads() {
    for name in [UPPLAN, UPSIKYU, DLTPLAN] {
        for (records, seed) in [(300, 1), (2500, 2), (6000, 3)] {
            let data = file(name, records, seed, MESSY, seed == 2);
            for mode in [Mode::Lenient, Mode::Strict] {
                let what = format!("{name}, {records} records, seed {seed}, {mode:?}");
                assert_same(&data, name, mode, &what);
            }
        }
    }
}

/// Past 1000 problems of one kind the rest are counted: the count and the first of them
/// are the same whichever part they fall in.
#[test]
fn problems_past_the_listed_thousand_are_counted_the_same() {
    let mess = Mess {
        problems: false,
        lines: true,
        quotes: false,
    };
    let data = file(DLTPLAN, 40_000, 5, mess, false);
    let one = sequential(&data, DLTPLAN, Mode::Lenient);
    assert!(
        one.summary.contains("NotListed"),
        "the file has more than 1000 blank lines"
    );
    assert_same(
        &data,
        DLTPLAN,
        Mode::Lenient,
        "40,000 records, many blank lines",
    );
}

/// Where the quick scan cannot read the file as the reader does (a line of spaces longer
/// than it looks at, a record over the size limit), the report is still the same.
#[test]
fn files_the_scan_cannot_cut_read_the_same() {
    let mut data = file(UPPLAN, 500, 9, CLEAN, false);
    let mut spaces = vec![b' '; 70 * 1024];
    spaces.extend_from_slice(b"\r\n");
    let at = data.len() / 3;
    let at = at + data[at..].iter().position(|&b| b == b'\n').unwrap_or(0) + 1;
    data.splice(at..at, spaces);
    data.extend(file(UPPLAN, 500, 10, CLEAN, false));
    assert_same(&data, UPPLAN, Mode::Lenient, "a long line of spaces");

    // A quote left open swallows the lines after it: the record is too large.
    let mut data = file(UPPLAN, 800, 11, CLEAN, false);
    let at = data.len() / 2;
    let at = at + data[at..].iter().position(|&b| b == b'\n').unwrap_or(0) + 1;
    let open: Vec<u8> = [b"202407,\"131001".as_slice(), &b"x,y\r\n".repeat(3000)].concat();
    data.splice(at..at, open);
    let one = sequential(&data, UPPLAN, Mode::Lenient);
    assert!(one.summary.starts_with("Err"), "{}", one.summary);
    assert_same(&data, UPPLAN, Mode::Lenient, "an unterminated quote");

    // UTF-8 (lenient mode reads it as UTF-8 and says so).
    let text = String::from_utf8(
        file(UPPLAN, 2000, 12, CLEAN, false)
            .iter()
            .map(|&b| if b >= 0x80 { b'x' } else { b })
            .collect(),
    )
    .unwrap_or_default()
    .replace("xxxx", "山田");
    assert_same(text.as_bytes(), UPPLAN, Mode::Lenient, "UTF-8");
    let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    assert_same(&bom, UPPLAN, Mode::Lenient, "UTF-8 with a BOM");
}

/// A caller that lets each record go once it has looked at it (as `check` does) makes the
/// readers of the parts read into the records let go again instead of new ones: every
/// record is still the one reading on one thread gives, and so is every record the caller
/// keeps among them (one read into again while kept would show another's items).
#[test]
fn records_let_go_are_read_into_again_and_read_the_same() {
    for name in [UPPLAN, UPSIKYU, DLTPLAN] {
        let data = file(name, 6000, 21, MESSY, false);
        let one = sequential(&data, name, Mode::Lenient);
        for (keep_every, part) in [(0, 4096), (0, 65536), (7, 4096), (2, 9000)] {
            let what = format!("{name}, every {keep_every}th kept, parts of {part}");
            let mut seen = 0;
            let mut kept = Vec::new();
            let summary = FileReaderBuilder::new()
                .max_record_bytes(8192)
                .threads(2)
                .part_bytes(part)
                .read_slice(&data, name, |p| {
                    assert_eq!(Some(&p), one.records.get(seen), "{what}: record {seen}");
                    assert_eq!(
                        Some(&origin_of(&p)),
                        one.origins.get(seen),
                        "{what}: record {seen}"
                    );
                    if keep_every > 0 && seen % keep_every == 0 {
                        kept.push((seen, p));
                    }
                    seen += 1;
                })
                .map_err(|e| e.to_string());
            assert_eq!(format!("{summary:?}"), one.summary, "{what}");
            assert_eq!(seen, one.records.len(), "{what}");
            for (i, p) in &kept {
                assert_eq!(Some(p), one.records.get(*i), "{what}: record {i} kept");
                assert_eq!(
                    Some(&origin_of(p)),
                    one.origins.get(*i),
                    "{what}: record {i} kept"
                );
            }
        }
    }
}

/// A file on disk reads the same through `read_file`, on one thread or several.
#[test]
fn read_file_reads_a_file_on_disk_the_same() {
    let dir = std::env::temp_dir().join(format!("careplan-parallel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = file(UPPLAN, 5000, 13, MESSY, false);
    let path = dir.join(UPPLAN);
    std::fs::write(&path, &data).unwrap();
    let one = sequential(&data, UPPLAN, Mode::Lenient);
    for threads in [1, 2, 3] {
        let mut records = Vec::new();
        let summary = FileReaderBuilder::new()
            .max_record_bytes(8192)
            .threads(threads)
            .part_bytes(8192)
            .read_file(&path, |p| records.push(p))
            .map_err(|e| e.to_string());
        let many = report_of(records, summary);
        assert_same_report(&one, &many, &format!("{threads} threads"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Readers dropped in the middle of a quoted value give their tokenizer to the readers
/// built after them (it is built once, not per file): each new reader starts clean.
#[test]
fn a_reader_after_one_dropped_inside_quotes_starts_clean() {
    use careplan_csv::ReaderBuilder;
    for _ in 0..100 {
        let open = [b"202407,\"131001,".as_slice(), &b"x".repeat(5000)].concat();
        let mut rdr = ReaderBuilder::new()
            .max_record_bytes(1024)
            .from_reader(&open[..]);
        assert!(rdr.records().next().is_some_and(|r| r.is_err()));
        drop(rdr);
        let mut rdr = ReaderBuilder::new().from_reader(&b"202407,131001\r\n"[..]);
        let records: Vec<_> = rdr.records().collect::<Result<_, _>>().unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].text(1), Some("131001"));
        assert!(records[0].problems().is_empty());
    }
}

/// The 第6表 and 第7表 lines of `user`, `rows` of them, starting at row `from`.
fn user_lines(name: &str, rng: &mut Rng, user: u64, from: u64, rows: u64, out: &mut Vec<u8>) {
    for row in from..from + rows {
        match name {
            UPPLAN => upplan_line(rng, user, row, CLEAN, out),
            UPSIKYU => upsikyu_line(rng, user, row, CLEAN, out),
            _ => out.extend_from_slice(format!("202407,131001,{user:010},202504\r\n").as_bytes()),
        }
    }
}

/// A user's records may lie across many parts (the part readers see a user begin in one
/// part and go on in the next ones) or come back after other users' (a user not contiguous
/// in the file): the users counted, the 第7表 totals and every problem are still those of
/// reading on one thread, whichever thread read which part.
#[test]
fn users_across_cuts_and_users_that_come_back_read_the_same() {
    for name in [UPPLAN, UPSIKYU, DLTPLAN] {
        let mut rng = Rng(31);
        let mut data = Vec::new();
        // User 1 over many parts of 4096 bytes (about 25 records a part).
        user_lines(name, &mut rng, 1, 0, 700, &mut data);
        for user in 2..60 {
            let rows = 1 + rng.below(6);
            user_lines(name, &mut rng, user, 0, rows, &mut data);
        }
        // User 1 comes back, then user 2, each far from their first records.
        user_lines(name, &mut rng, 1, 700, 40, &mut data);
        user_lines(name, &mut rng, 2, 10, 3, &mut data);
        for user in 60..120 {
            let rows = 1 + rng.below(6);
            user_lines(name, &mut rng, user, 0, rows, &mut data);
        }
        let one = sequential(&data, name, Mode::Strict);
        assert!(
            one.summary.contains("users: 119,"),
            "{name}: users 1 to 119 counted once each: {}",
            one.summary
        );
        for mode in [Mode::Strict, Mode::Lenient] {
            assert_same(&data, name, mode, &format!("{name}, users that come back"));
        }
    }
}

/// Past the users tracked one by one (16,384), users are counted by runs of records: a user
/// who comes back then counts again, as on one thread, and the summary says the count is
/// not exact — whichever part the runs start in.
#[test]
fn users_beyond_those_tracked_are_counted_by_runs_the_same() {
    let mut data = Vec::new();
    let mut rng = Rng(41);
    for user in 0..17_000 {
        user_lines(DLTPLAN, &mut rng, user, 0, 1 + (user % 2), &mut data);
    }
    // Users past the 16,384 tracked come back: each counts once more (the first users,
    // tracked, would not).
    for user in (16_900..16_950).chain(0..50) {
        user_lines(DLTPLAN, &mut rng, user, 0, 2, &mut data);
    }
    let one = sequential(&data, DLTPLAN, Mode::Strict);
    assert!(
        one.summary.contains("users: 17050,") && one.summary.contains("users_exact: false"),
        "{}",
        one.summary
    );
    assert_same(&data, DLTPLAN, Mode::Strict, "17,050 users counted");
}

/// Folding, the parts read on other threads are folded there and joined: not every part
/// is read again on the calling thread (which would be right, but one thread's speed).
#[test]
fn parts_folded_on_other_threads_are_joined() {
    // (The 第7表 of `file` repeats each user's totals every four rows: its parts rightly
    // do not join, the duplicates being across the cuts.)
    for name in [DLTPLAN, UPPLAN] {
        // A first line that is not ASCII, so that the encoding is known from the first
        // buffer (an all-ASCII file is read on one thread); 第6表 has names.
        let mut data = Vec::new();
        if name == DLTPLAN {
            data.extend_from_slice(b"202407,131001,0000000000,202504,\"\x8E\x52\"\r\n");
        }
        data.extend(file(name, 20_000, 5, CLEAN, false));
        let one = sequential(&data, name, Mode::Strict);
        let (fold, joined) = folded(&data, name, Mode::Strict, 2, 4096);
        assert_same_report(&one, &fold, name);
        assert!(joined > 0, "{name}: no part joined");
    }
}

/// The first value `init` makes is made on the calling thread, before any part is read,
/// and it is the value returned: the parts' values are joined into it (as `fold_file`'s
/// docs promise; `rewrite_file` relies on it).
#[test]
fn the_first_value_made_is_the_callers_and_is_returned() {
    let mut data = b"202407,131001,0000000000,202504,\"\x8E\x52\"\r\n".to_vec();
    data.extend(file(DLTPLAN, 20_000, 5, CLEAN, false));
    let caller = std::thread::current().id();
    let made = std::sync::atomic::AtomicUsize::new(0);
    // A value: the order in which it was made, the thread that made it, and the number
    // of records folded into it and into the values joined to it.
    let result = FileReaderBuilder::new()
        .threads(2)
        .part_bytes(4096)
        .fold_slice(
            &data,
            DLTPLAN,
            || {
                let n = made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                (n, std::thread::current().id(), 0u64)
            },
            |v, _| v.2 += 1,
            |v, later| v.2 += later.2,
        );
    let ((order, thread, records), summary) = result.expect("readable");
    assert_eq!((order, thread), (0, caller));
    assert_eq!(records, summary.records);
    assert!(made.into_inner() > 1, "no part made a value of its own");
}

/// `data` with the first `from` of each line `i` for which `to(i)` gives bytes replaced by
/// them.
fn edit_lines(data: &[u8], from: &[u8], to: impl Fn(usize) -> Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for (i, line) in data.split_inclusive(|&b| b == b'\n').enumerate() {
        match (to(i), line.windows(from.len()).position(|w| w == from)) {
            (Some(to), Some(at)) => {
                out.extend_from_slice(&line[..at]);
                out.extend_from_slice(&to);
                out.extend_from_slice(&line[at + from.len()..]);
            }
            _ => out.extend_from_slice(line),
        }
    }
    out
}

/// A 第7表 row that does not become a typed record (No.17 not a number) leaves its
/// user-month's totals unchecked, with one warning, whichever part it falls in: the
/// caller's merge tells the rules of it as the reader of the whole file does.
#[test]
fn a_row_that_did_not_type_is_told_to_the_rules_the_same() {
    let data = file(UPSIKYU, 3000, 9, CLEAN, false);
    for row in [5usize, 1500, 2990] {
        let broken = edit_lines(&data, b",4,1000,1000,", |i| {
            (i == row).then(|| b",4,x,1000,".to_vec())
        });
        assert_ne!(broken, data, "row {row} changed");
        assert_same(
            &broken,
            UPSIKYU,
            Mode::Strict,
            &format!("row {row} not typed"),
        );
    }
}

/// A fact of the file found again and again (a 居宅介護支援事業所番号 that is not the
/// sender's, on every 7th line): listed once, the rest counted, as one reading does — and
/// the parts folded after the one that listed it still join (they count it as known).
#[test]
fn a_repeated_fact_of_the_file_is_listed_once_and_parts_still_join() {
    let data = file(UPPLAN, 20_000, 11, CLEAN, false);
    let changed = edit_lines(&data, b",202504,1310000001,", |i| {
        (i % 7 == 0).then(|| b",202504,1310000009,".to_vec())
    });
    let one = sequential(&changed, UPPLAN, Mode::Strict);
    assert!(one.summary.contains("sender_mismatch"), "{}", one.summary);
    assert_same(&changed, UPPLAN, Mode::Strict, "sender on every 7th line");
    let (fold, joined) = folded(&changed, UPPLAN, Mode::Strict, 2, 4096);
    assert_same_report(&one, &fold, "sender on every 7th line");
    // Parts folded before the first was taken may be read again; the others join (none
    // did when a part did not know what was listed before it). How many are folded on
    // the other thread depends on the scheduling: only that some joined is asserted.
    assert!(joined > 0, "no part joined");
}

/// More unknown CSVバージョン values than are said one by one (16): the first 16 said
/// once each, the others on their records, as one reading says them — and the parts
/// folded after the first values were taken still join (they know them).
#[test]
fn unknown_versions_past_those_said_once_are_the_same_and_parts_still_join() {
    let data = file(UPPLAN, 20_000, 17, CLEAN, false);
    // The version is the first item of a line.
    let changed = edit_lines(&data, b"202407,", |i| {
        let v = (i / 50) % 20;
        (i % 50 == 25).then(|| format!("20{}{:02},", 31 + v / 12, v % 12 + 1).into_bytes())
    });
    let one = sequential(&changed, UPPLAN, Mode::Lenient);
    assert!(one.summary.contains("UnknownVersion"), "{}", one.summary);
    assert_same(&changed, UPPLAN, Mode::Lenient, "20 unknown versions");
    let (fold, joined) = folded(&changed, UPPLAN, Mode::Lenient, 2, 4096);
    assert_same_report(&one, &fold, "20 unknown versions");
    // How many parts are folded on the other thread depends on the scheduling.
    assert!(joined > 0, "no part joined");
}

/// A line of only white space longer than the scan's window (64 KiB), which the reader
/// skips, is skipped the same on several threads, from a slice and from a file on disk.
#[test]
fn a_long_white_space_line_is_skipped_the_same_on_several_threads() {
    let data = file(UPPLAN, 3000, 17, CLEAN, false);
    let mut lines: Vec<&[u8]> = data.split_inclusive(|b| *b == b'\n').collect();
    let blank = [vec![b' '; 70_000], b"\r\n".to_vec()].concat();
    for at in [lines.len() / 3, 2 * lines.len() / 3] {
        lines.insert(at, &blank);
    }
    let data = lines.concat();
    let read = |threads: usize, part: usize, from_disk: bool| {
        let mut records = Vec::new();
        let builder = FileReaderBuilder::new()
            .threads(threads)
            .part_bytes(part)
            .clone();
        let summary = if from_disk {
            let dir = std::env::temp_dir().join(format!("careplan-blank-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(UPPLAN);
            std::fs::write(&path, &data).unwrap();
            let s = builder.read_file(&path, |p| records.push(p));
            std::fs::remove_dir_all(&dir).unwrap();
            s
        } else {
            builder.read_slice(&data, UPPLAN, |p| records.push(p))
        };
        report_of(records, summary.map_err(|e| e.to_string()))
    };
    let one = read(1, 1 << 20, false);
    for (threads, part) in [(2, 4096), (2, 100_000), (3, 9000)] {
        for from_disk in [false, true] {
            let many = read(threads, part, from_disk);
            let what = format!("{threads} threads, parts of {part}, from disk {from_disk}");
            assert_same_report(&one, &many, &what);
        }
    }
}
