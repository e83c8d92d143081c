//! # Tutorial
//!
//! From a file on disk to typed records, and back. Every example here runs as a test.
//!
//! ## 1. Reading a file
//!
//! A file of the standard is named after what it holds: the name gives its kind (第6表 予定,
//! 第7表 …), the service month, the sender and receiver and the sequence number. Open it
//! with a [`FileReader`](crate::csv::FileReader) and iterate: every record comes out, either
//! as its typed view or — if an item does not hold a value of its type — as the raw record,
//! each with the problems found in it. Nothing is skipped.
//!
//! ```
//! use careplan::csv::{FileReaderBuilder, Mode, Parsed};
//! use careplan::model::AnyRecord;
//!
//! // The bytes of a one-record 第6表 予定 (UPPLAN) file, MS932, CRLF.
//! let bytes = careplan::csv::ms932::encode_to_vec(
//!     "202407,131001,0000012345,20250320,202504,1310000001,\"山田 花子\",250,,20250401,,\
//!      1000,1100,1,111111,,,\"\",,1310000002,\"訪問介護A\",,0,1310000001,\r\n",
//!     &Default::default(),
//! ).unwrap().0;
//! let name = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
//!
//! let mut reader = FileReaderBuilder::new().mode(Mode::Strict).from_reader(&bytes[..], name);
//! for parsed in reader.records() {
//!     match parsed.unwrap() {
//!         Parsed::Typed { record: AnyRecord::Table6(r), problems } => {
//!             assert!(problems.is_empty());
//!             assert_eq!(r.service_date.to_string(), "20250401");
//!             assert_eq!(r.care_manager, "山田 花子");
//!         }
//!         other => panic!("unexpected {other:?}"),
//!     }
//! }
//! let summary = reader.finish().unwrap();
//! assert_eq!((summary.records, summary.users), (1, 1));
//! assert_eq!(summary.month.unwrap().to_string(), "202504");
//! ```
//!
//! When you know the kind, ask for its record type directly with
//! [`FileReader::typed`](crate::csv::FileReader::typed):
//!
//! ```
//! # use careplan::csv::FileReaderBuilder;
//! use careplan::model::table6::Table6Record;
//! # let bytes = careplan::csv::ms932::encode_to_vec(
//! #     "202407,131001,0000012345,20250320,202504,1310000001,\"山田 花子\",250,,20250401,,\
//! #      1000,1100,1,111111,,,\"\",,1310000002,\"訪問介護A\",,0,1310000001,\r\n",
//! #     &Default::default()).unwrap().0;
//! # let name = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
//! let mut reader = FileReaderBuilder::new().from_reader(&bytes[..], name);
//! let units: i64 = reader
//!     .typed::<Table6Record>()
//!     .unwrap()
//!     .filter_map(|p| p.ok()?.typed().map(|r| r.units))
//!     .sum();
//! assert_eq!(units, 250);
//! ```
//!
//! Problems carry where (file, line, record, item No. and its Japanese name) and what
//! (expected vs found), with a message in English and one in Japanese for care staff:
//! [`Problem::message_ja`](crate::Problem::message_ja) gives
//! 「2行目 第6表 No.10 サービス利用日: 20250230 は存在しない日付です」.
//!
//! ## 2. Writing a file
//!
//! Build the name from its parts with [`FileName::builder`](crate::csv::FileName::builder)
//! — every part is required, so a file is never named with an empty segment — and write the
//! typed records with a [`FileWriter`](crate::csv::FileWriter). Free text is quoted, `"`
//! doubled, every record ends with CRLF, and the text is MS932: a character MS932 cannot
//! hold is an error naming it, never a silent `?`.
//!
//! ```
//! use careplan::csv::{FileName, FileWriterBuilder, Sequence};
//! use careplan::model::table6::Table6Record;
//! use careplan::model::typed::TypedRecord;
//! use careplan::FileKind;
//! # let bytes = careplan::csv::ms932::encode_to_vec(
//! #     "202407,131001,0000012345,20250320,202504,1310000001,\"山田 花子\",250,,20250401,,\
//! #      1000,1100,1,111111,,,\"\",,1310000002,\"訪問介護A\",,0,1310000001,\r\n",
//! #     &Default::default()).unwrap().0;
//! # let raw = careplan::csv::Reader::from_reader(&bytes[..]).records().next().unwrap().unwrap();
//! let mut record = Table6Record::from_raw(&raw).unwrap();
//! record.care_manager = "佐藤 〜 一郎".to_string(); // 〜 (U+301C) has no MS932 form of its own
//!
//! let name = FileName::builder(FileKind::UsagePlan)
//!     .month("202504".parse().unwrap())
//!     .sender("1310000001".parse().unwrap(), "43".parse().unwrap())
//!     .receiver("1310000002".parse().unwrap(), "11".parse().unwrap())
//!     .sequence(Sequence::parse("20250401093000").unwrap())
//!     .build()
//!     .unwrap();
//! assert_eq!(name.to_string(), "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV");
//!
//! let mut w = FileWriterBuilder::new().to_writer(Vec::new(), name.kind(), &name.to_string());
//! w.write(&record).unwrap();
//! let (bytes, substitutions) = w.finish().unwrap();
//! // 〜 was written as the MS932 pair of ～ (0x8160), and the substitution is reported.
//! assert_eq!(substitutions.len(), 1);
//! assert!(substitutions[0].message_en().contains("No.7 プラン担当者名"));
//! assert!(bytes.windows(2).any(|w| w == [0x81, 0x60]));
//! ```
//!
//! Reading a file and writing its records again reproduces it byte for byte: a value that was
//! not changed is written with the bytes it was read with (even MS932 byte pairs that decode
//! to the same character, spec OPEN_QUESTIONS 8); a changed value is written in the standard's
//! form.
//!
//! ## 3. A monthly export (care office, 提供票(予定)出力)
//!
//! Each month a care office sends every provider the 第6表, 第7表 and 利用者補足情報 of the
//! users that provider serves, as one transmission unit (three files, one sequence number),
//! usually zipped. [`PlanExport`](crate::bundle::workflow::PlanExport) builds it from typed
//! records: it picks the users related to the receiver, names the files, writes them, reads
//! them back as the receiver will and refuses the export if anything is an error.
//!
//! ```
//! use careplan::bundle::workflow::PlanExport;
//! use careplan::bundle::FileSet;
//! use careplan::csv::{Party, Sequence};
//! # use careplan::model::{hosoku::HosokuRecord, table6::Table6Record, table7::Table7Record};
//! # use careplan::model::typed::TypedRecord;
//! # use careplan::RawRecord;
//! # fn t6(day: &str) -> Table6Record {
//! #     let date = format!("202504{day}");
//! #     Table6Record::from_raw(&RawRecord::from_texts([
//! #         "202407", "131001", "0000012345", "20250320", "202504", "0300000100", "佐藤", "250", "",
//! #         &date, "", "1000", "1100", "1", "111111", "", "", "", "", "0300000005", "訪問介護A", "",
//! #         "0", "0300000100", "",
//! #     ])).unwrap()
//! # }
//! # fn t7(provider: &str, code: &str) -> Table7Record {
//! #     let unit = if code == "999999" { "0" } else { "250" };
//! #     Table7Record::from_raw(&RawRecord::from_texts([
//! #         "202407", "131001", "0000012345", "20250320", "202504", "訪問介護A", provider, "", code,
//! #         "", "", "", unit, "", "", "2", "500", "500", "", "", "", "", "", "", "", "", "", "",
//! #         "", "", "", "", "0", "9999999999", "", "0300000100", "",
//! #     ])).unwrap()
//! # }
//! # fn hosoku() -> HosokuRecord {
//! #     let mut t = vec!["202407", "131001", "0000012345", "00000000", "ﾔﾏﾀﾞ ﾊﾅｺ", "山田 花子", "2",
//! #         "19400101", "", "", "", "", "", "", "", "", "", "21", "16765"];
//! #     t.extend([""; 43]);
//! #     t.push("202504");
//! #     HosokuRecord::from_raw(&RawRecord::from_texts(t)).unwrap()
//! # }
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let care_office = Party::new("0300000100".parse()?, "43".parse()?);
//! let provider = Party::new("0300000005".parse()?, "11".parse()?);
//! let export = PlanExport::new(care_office, provider, "202504".parse()?)
//!     .sequence(Sequence::parse("20250325100000")?)
//!     .table6([t6("01"), t6("08")])                               // 第6表: a line per day
//!     .table7([t7("0300000005", "111111"), t7("9999999999", "999999")]) // 第7表 and its total
//!     .hosoku([hosoku()])                                         // 利用者補足情報
//!     .build()?;
//! assert_eq!(export.files()[0].display(), "UPPLAN_202504_0300000100_43_0300000005_11_20250325100000.CSV");
//! let zip: Vec<u8> = export.to_zip_in("202504")?;                // what the manual's screen saves
//!
//! // The provider's side (提供票(予定)取込) reads the same ZIP as one complete unit.
//! let mut received = FileSet::new();
//! received.add_bytes("202504.zip", zip)?;
//! let units = received.units();
//! assert_eq!(units.len(), 1);
//! assert!(units[0].problems().is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! Use a [`SequenceAllocator`](crate::bundle::SequenceAllocator) when one run exports to
//! several providers: each unit gets its own, increasing sequence number, even within one
//! second. `cargo run --example quickstart` shows a whole month for two providers.
//!
//! ## 4. Importing results (care office, 提供票(実績)取込)
//!
//! Providers answer with 第6表 実績 (UPJSK) files. [`ResultImport`](crate::bundle::workflow::ResultImport)
//! reads them (files or ZIPs), validates them, matches each result line to the plan the care
//! office sent (user, month, office, service code, day) and reports every difference —
//! a result without a plan, a planned service without a result, another day, time, count or
//! number of units — as a [`PlanResultDifference`](crate::ProblemKind::PlanResultDifference)
//! naming both files and lines.
//!
//! ```
//! use careplan::bundle::workflow::ResultImport;
//! use careplan::bundle::FileSet;
//! use careplan::ProblemKind;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut received = FileSet::new();
//! received.add_bytes(
//!     "UPJSK_202504_0300000005_11_0300000100_43_20250501090000.CSV",
//!     b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1100,1,\
//!       111111,,,\"\",,0300000005,\"\",,0,0300000005,\r\n".to_vec(),
//! )?;
//! let report = ResultImport::new().run(&received);
//! assert_eq!(report.results.len(), 1);
//! assert_eq!(report.results[0].record.service_code.to_string(), "111111");
//! // No plan was given here, so the line is reported as a result without a plan.
//! assert_eq!(report.differences[0].kind, ProblemKind::PlanResultDifference);
//! assert!(!report.has_errors());
//! # Ok(())
//! # }
//! ```
//!
//! Give it the plans you sent ([`ResultImport`](crate::bundle::workflow::ResultImport)'s
//! builder takes plan files or records) to have each result matched. The provider's side of
//! the exchange is [`PlanImport`](crate::bundle::workflow::PlanImport) (the three-file set,
//! from one ZIP or three uploads, and the provider's own services) and
//! [`ResultExport`](crate::bundle::workflow::ResultExport) (UPJSK for one month and one care
//! office).
