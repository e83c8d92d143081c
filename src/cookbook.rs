//! # Cookbook
//!
//! Short recipes for what vendors ask most. Every example runs as a test.
//!
//! ## Lenient import of a sloppy file
//!
//! Real files arrive with LF line endings, a header line, quoted numbers, trailing blank
//! lines or in UTF-8. Lenient mode (the default) reads them and reports each deviation it
//! forgave as a warning; strict mode reports the same deviations as errors. Both keep every
//! record.
//!
//! ```
//! use careplan::csv::FileReaderBuilder;
//! use careplan::model::{Mode, ProblemKind, Severity};
//!
//! let sloppy = "CSVバージョン,保険者番号,被保険者番号,削除対象年月\n\
//!               202407,131001,0000012345,\"202504\"\n\n";
//! let name = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.csv";
//! let mut reader = FileReaderBuilder::new().mode(Mode::Lenient).from_reader(sloppy.as_bytes(), name);
//! let records: Vec<_> = reader.records().collect::<Result<_, _>>().unwrap();
//! assert_eq!(records.len(), 1);
//! let record_problems: Vec<_> = records[0].problems().iter().map(|p| p.kind).collect();
//! assert_eq!(record_problems, [ProblemKind::QuotedNonText]);
//! let summary = reader.finish().unwrap();
//! let file_problems: Vec<_> = summary.problems.iter().map(|p| (p.kind, p.severity)).collect();
//! assert!(file_problems.contains(&(ProblemKind::Utf8Encoding, Severity::Warning)));
//! assert!(file_problems.contains(&(ProblemKind::HeaderLine, Severity::Warning)));
//! assert!(file_problems.contains(&(ProblemKind::LineEnding, Severity::Warning)));
//! assert!(file_problems.contains(&(ProblemKind::BlankLine, Severity::Warning)));
//! assert_eq!(summary.errors, 0);
//! ```
//!
//! ## Characters outside MS932: custom substitutions
//!
//! The seven characters with two Unicode forms (〜/～, ‖/∥, ¢/￠, £/￡, ¬/￢, —/―, −/－) are
//! written as their MS932 pair and reported. Anything else MS932 cannot hold (𠮷, emoji) is
//! an error — unless you say what to write instead. Every substitution made is reported.
//!
//! ```
//! use careplan::csv::ms932::Substitutions;
//! use careplan::csv::WriterBuilder;
//! use careplan::model::RawRecord;
//!
//! let mut w = WriterBuilder::new()
//!     .substitutions(Substitutions::standard().with('𠮷', "吉"))
//!     .from_writer(Vec::new());
//! w.write_record(&RawRecord::from_texts(["𠮷田 〜"])).unwrap();
//! assert_eq!(w.problems().len(), 2); // 𠮷→吉 and 〜→～, each reported
//!
//! let mut strict = WriterBuilder::new().substitutions(Substitutions::none()).from_writer(Vec::new());
//! let err = strict.write_record(&RawRecord::from_texts(["𠮷田"])).unwrap_err();
//! assert!(err.to_string().contains("cannot be written in MS932"));
//! ```
//!
//! ## The JSON bridge: exchanging records with a system not written in Rust
//!
//! Most care software is .NET, Java or PHP. The `careplan convert` command turns a file into
//! JSON Lines and back (`careplan convert to-json FILE`, `… to-csv --name FILENAME
//! < records.jsonl`, `… fields UPPLAN` for the field names). In Rust the same calls are
//! [`AnyRecord::serialize_record`](crate::model::AnyRecord::serialize_record) and
//! [`AnyRecord::deserialize_record`](crate::model::AnyRecord::deserialize_record): the JSON
//! object holds the typed record's fields (English snake_case keys, listed with their item
//! No. by [`AnyRecord::fields`](crate::model::AnyRecord::fields)), each value the text the
//! standard writes; the file name gives the kind.
//!
//! ```
//! use careplan::model::{AnyRecord, FileKind, RawRecord};
//!
//! let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504"]);
//! let record = AnyRecord::from_raw(FileKind::UsagePlanDelete, &raw).unwrap();
//! let json = record.serialize_record(serde_json::value::Serializer).unwrap();
//! assert_eq!(json, serde_json::json!({
//!     "version": "202407", "insurer": "131001", "insured": "0000012345", "month": "202504"
//! }));
//! let back = AnyRecord::deserialize_record(FileKind::UsagePlanDelete, json).unwrap();
//! assert_eq!(back, record);
//! assert_eq!(back.to_raw(), raw);
//! assert_eq!(AnyRecord::fields(FileKind::UsagePlanDelete)[3], (4, "month"));
//! ```
//!
//! JSON carries values, not bytes: a value written in an MS932 byte pair that has a twin
//! (0xED40 and 0xFA5C are both 纊, spec OPEN_QUESTIONS 8) comes back in its Windows form.
//! `convert to-json` names every such value on standard error.
//!
//! ## Applying delete units: what a receiver holds after an import
//!
//! Units are applied in sequence-number order; a resent unit replaces what it names, and a
//! delete unit removes what the standard says (1表 → its 2表 and 3表; 6表予定 → its 7表;
//! 実績削除 by office and service kind). [`ReceiverState`](crate::bundle::ReceiverState)
//! is that state in memory, with a report of every change, so the effect of an import can be
//! shown (or checked) before it is committed to a database.
//!
//! ```
//! use careplan::bundle::{Action, ReceiverState};
//! use careplan::bundle::FileSet;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut files = FileSet::new();
//! files.add_bytes(
//!     "UPJSK_202504_0300000005_11_0300000100_43_20250501090000.CSV",
//!     b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1100,1,\
//!       111111,,,\"\",,0300000005,\"\",,0,0300000005,\r\n".to_vec(),
//! )?;
//! files.add_bytes(
//!     "DLTJSK_202504_0300000005_11_0300000100_43_20250502090000.CSV",
//!     b"202407,131001,0000012345,202504,0300000005,11\r\n".to_vec(),
//! )?;
//! let mut state = ReceiverState::new();
//! let reports = state.apply_all(&files.units());
//! assert_eq!(reports[0].changes[0].action, Action::Added);   // the 実績 of 0300000005, kind 11
//! assert_eq!(reports[1].changes[0].action, Action::Deleted); // removed by its 実績削除
//! assert!(state.is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! ## Reading large files fast
//!
//! A month of 第6表 for a large office runs to hundreds of megabytes. Memory stays flat
//! whatever the size, and three habits keep the speed up (figures in BENCHMARKS.md):
//!
//! - Take each record, use it, and let it go before asking for the next one: the reader then
//!   reads into the same buffers again (a typed record shares the reader's record as its
//!   origin until it is dropped). Keep the values you need, not whole records.
//! - When only one kind is expected, [`FileReader::typed`](crate::csv::FileReader::typed)
//!   gives records of that type directly.
//! - When a record's layout is not needed (copying, counting, a first look), the raw
//!   [`Reader`](crate::csv::Reader) into one reused [`RawRecord`](crate::model::RawRecord) is about
//!   twice as fast as typed reading.
//!
//! ```
//! use careplan::csv::{FileReaderBuilder, ReaderBuilder};
//! use careplan::model::table6::Table6Record;
//! use careplan::model::RawRecord;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let line = "202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,\
//!             1000,1100,1,111111,,,\"\",,0300000005,\"\",,0,0300000005,\r\n";
//! let data = line.repeat(1000);
//! let name = "UPJSK_202504_0300000005_11_0300000100_43_20250501090000.CSV";
//!
//! // Typed: the units of every record, one record at a time.
//! let mut reader = FileReaderBuilder::new().from_reader(data.as_bytes(), name);
//! let mut units = 0i64;
//! for parsed in reader.typed::<Table6Record>()? {
//!     if let Some(record) = parsed?.typed() {
//!         units += record.units;
//!     }
//! }
//! assert_eq!(units, 250_000);
//!
//! // Raw: one reused record, no layout.
//! let mut raw = ReaderBuilder::new().from_reader(data.as_bytes());
//! let mut record = RawRecord::new();
//! let mut records = 0;
//! while raw.read_record(&mut record)? {
//!     records += 1;
//! }
//! assert_eq!(records, 1000);
//! # Ok(())
//! # }
//! ```
