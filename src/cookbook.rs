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
//! use careplan::csv::{FileReaderBuilder, Mode};
//! use careplan::{ProblemKind, Severity};
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
//! use careplan::RawRecord;
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
//! Most care software is .NET, Java or PHP. The `convert` example turns a file into JSON
//! Lines and back (`cargo run --example convert -- to-json FILE`, `… to-csv --name FILENAME
//! < records.jsonl`, `… fields UPPLAN` for the field names). In Rust the same calls are
//! [`AnyRecord::serialize_record`](crate::model::AnyRecord::serialize_record) and
//! [`AnyRecord::deserialize_record`](crate::model::AnyRecord::deserialize_record): the JSON
//! object holds the typed record's fields (English snake_case keys, listed with their item
//! No. by [`AnyRecord::fields`](crate::model::AnyRecord::fields)), each value the text the
//! standard writes; the file name gives the kind.
//!
//! ```
//! use careplan::model::AnyRecord;
//! use careplan::{FileKind, RawRecord};
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
