//! # Tutorial
//!
//! From a file on disk to typed records and back, then a whole month: the care office's
//! export with 第7表 computed from the plan, the provider's answer, and the differences
//! between plan and result. Every example runs as a test, and every line of it is shown.
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
//! use careplan::csv::{FileReaderBuilder, Parsed};
//! use careplan::model::{AnyRecord, Mode};
//! use careplan::model::table6::Table6Record;
//!
//! // The bytes of a one-record 第6表 予定 (UPPLAN) file, MS932, CRLF.
//! let text = "202407,131001,0000012345,20250320,202504,1310000001,\"山田 花子\",250,,20250401,,\
//!             1000,1100,1,111111,,,\"\",,1310000002,\"訪問介護A\",,0,1310000001,\r\n";
//! let bytes = careplan::csv::ms932::encode_to_vec(text, &Default::default()).unwrap().0;
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
//!
//! // When you know the kind, ask for its record type directly.
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
//! [`Problem::message_ja`](crate::model::Problem::message_ja) gives
//! 「2行目 第6表 No.10 サービス利用日: 20250230 は存在しない日付です」.
//!
//! ## 2. Making records and writing a file
//!
//! A typed record is a struct of value types. Its constructor `new` takes the items the
//! layout requires, in item order (parse each, or build it from the value types); every
//! other item starts empty, and the fields are public: set what the record needs. (The
//! records a care office makes every month have shorter ones, shown in part 3.) Build the
//! name from its parts with [`FileName::builder`](crate::csv::FileName::builder) — every
//! part is required, so a file is never named with an empty segment — and write the
//! records with a [`FileWriter`](crate::csv::FileWriter). Free text is quoted, `"`
//! doubled, every record ends with CRLF, and the text is MS932: a character MS932 cannot
//! hold is an error naming it, never a silent `?`.
//!
//! ```
//! use careplan::csv::{FileName, FileWriterBuilder, Sequence};
//! use careplan::model::table6::Table6Record;
//! use careplan::model::value::Applicable;
//! use careplan::model::FileKind;
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let mut record = Table6Record::new(
//!         "131001".parse()?,     // No.2 保険者番号
//!         "0000012345".parse()?, // No.3 被保険者番号
//!         "20250320".parse()?,   // No.4 作成年月日
//!         "202504".parse()?,     // No.5 対象年月
//!         "1310000001".parse()?, // No.6 プラン担当業者コード (the care office)
//!         250,                   // No.8 単位数
//!         "20250401".parse()?,   // No.10 サービス利用日
//!         "1000".parse()?,       // No.12 開始時刻
//!         "1100".parse()?,       // No.13 終了時刻
//!         1,                     // No.14 サービス回数
//!         "111111".parse()?,     // No.15 サービスコード
//!         "1310000002".parse()?, // No.20 サービス事業者コード (the provider)
//!         Applicable::No,        // No.23 ３０日超区分
//!     );
//!     record.care_manager = "佐藤 〜 一郎".to_string(); // 〜 (U+301C) has no MS932 form of its own
//!     record.provider_name = "訪問介護A".to_string();
//!     record.updater = Some(record.care_office); // No.24: in 予定, the care office
//!
//!     let name = FileName::builder(FileKind::UsagePlan)
//!         .month("202504".parse()?)
//!         .sender("1310000001".parse()?, "43".parse()?)
//!         .receiver("1310000002".parse()?, "11".parse()?)
//!         .sequence(Sequence::parse("20250401093000")?)
//!         .build()?;
//!     assert_eq!(name.to_string(), "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV");
//!
//!     let mut w = FileWriterBuilder::new().to_writer(Vec::new(), name.kind(), &name.to_string());
//!     w.write(&record)?;
//!     let (bytes, substitutions) = w.finish()?;
//!     // 〜 was written as the MS932 pair of ～ (0x8160), and the substitution is reported.
//!     assert_eq!(substitutions.len(), 1);
//!     assert!(substitutions[0].message_en().contains("No.7 プラン担当者名"));
//!     assert!(bytes.windows(2).any(|w| w == [0x81, 0x60]));
//!     Ok(())
//! }
//! ```
//!
//! Reading a file and writing its records again reproduces it byte for byte: a value that was
//! not changed is written with the bytes it was read with (even MS932 byte pairs that decode
//! to the same character, spec OPEN_QUESTIONS 8); a changed value is written in the standard's
//! form.
//!
//! ## 3. A month, end to end
//!
//! Each month a care office sends every provider the 第6表, 第7表 and 利用者補足情報 of the
//! users that provider serves, as one transmission unit (three files, one sequence number),
//! usually zipped. The care office writes the plan (第6表: a line per service per day,
//! [`Table6Record::planned`](crate::model::table6::Table6Record::planned) taking a line's
//! own items and filling those a plan's lines share) and the users (補足 for the month,
//! [`HosokuRecord::for_month`](crate::model::hosoku::HosokuRecord::for_month), with their
//! 区分支給限度基準額); 第7表 follows from them, with each provider's 単位数単価 and each
//! user's 給付率: [`Table7Builder`](crate::bundle::build::Table7Builder) computes its rows
//! (units, subtotals, the split at the limits, the money) and the 補足's limit figures.
//! [`PlanExport`](crate::bundle::workflow::PlanExport) picks the users related to a
//! receiver, names the files, computes 第7表 with the builder, writes the files, reads them
//! back as the receiver will and refuses the export if anything is an error;
//! [`build_each`](crate::bundle::workflow::PlanExport::build_each) makes the unit of every
//! provider of the plan, each numbered by a
//! [`SequenceAllocator`](crate::bundle::SequenceAllocator).
//!
//! The provider reads the set with [`PlanImport`](crate::bundle::workflow::PlanImport) (one
//! ZIP, or three uploads) and answers with its 実績:
//! [`ResultExport::answering`](crate::bundle::workflow::ResultExport::answering) names the
//! answer for the care office that sent the set, in the set's name style. The care office
//! reads the answer with [`ResultImport`](crate::bundle::workflow::ResultImport), which
//! matches each result to the plan it sent and returns the differences as values
//! ([`Difference`](crate::bundle::workflow::Difference): the user, the provider, the
//! planned and result rows, what differs).
//!
//! ```
//! use careplan::bundle::build::Table7Builder;
//! use careplan::bundle::workflow::{DifferenceKind, PlanExport, PlanImport, ResultExport, ResultImport};
//! use careplan::bundle::{FileSet, SequenceAllocator};
//! use careplan::csv::{Party, Sequence};
//! use careplan::model::hosoku::HosokuRecord;
//! use careplan::model::table6::Table6Record;
//! use careplan::model::value::{CareLevel, Sex, UserKey};
//! use careplan::model::FileKind;
//!
//! type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;
//!
//! /// A 第6表 line of the care office 1310000001's plan (made on 2025-03-20): `user`'s
//! /// service `code` of `units` at `provider` on `date`, from 10:00 to 11:00.
//! fn line(user: UserKey, date: &str, code: &str, units: i64, provider: &str) -> Result<Table6Record> {
//!     let (care, created) = ("1310000001".parse()?, "20250320".parse()?);
//!     let (date, code, office) = (date.parse()?, code.parse()?, provider.parse()?);
//!     let mut r = Table6Record::planned(care, created, user, date, code, units, office);
//!     (r.start, r.end) = ("1000".parse()?, "1100".parse()?);
//!     Ok(r)
//! }
//!
//! fn main() -> Result<()> {
//!     // The care office: the user's 補足 for the month (No.18 要介護状態区分, No.19
//!     // 区分支給限度基準額: 1000 units, to go over it) and the plan.
//!     let (user, month) = ("131001/0000012345".parse()?, "202504".parse()?);
//!     let mut hosoku = HosokuRecord::for_month(
//!         user, month, "ﾔﾏﾀﾞ ﾊﾅｺ", "山田 花子", Sex::Female, "19400105".parse()?,
//!     );
//!     (hosoku.care_level, hosoku.category_limit) = (Some(CareLevel::Care1), Some(1000));
//!     let plan = vec![
//!         line(user, "20250401", "111111", 250, "1310000002")?, // 訪問介護
//!         line(user, "20250408", "111111", 250, "1310000002")?,
//!         line(user, "20250402", "151111", 658, "1310000004")?, // 通所介護
//!     ];
//!     // Each provider's 単位数単価, by its party (office number and service kind).
//!     let prices = Table7Builder::new()
//!         .unit_price("1310000002_11".parse()?, "11.40".parse()?)
//!         .unit_price("1310000004_15".parse()?, "10.90".parse()?);
//!
//!     // One unit to each provider of the plan, numbered from the allocator.
//!     let care: Party = "1310000001_43".parse()?;
//!     let mut sequences = SequenceAllocator::new(Sequence::parse("20250325100000")?);
//!     let exports = PlanExport::new(care, month)
//!         .table6(plan)
//!         .hosoku([hosoku])
//!         .table7_from(prices)
//!         .build_each(&mut sequences)?;
//!     assert_eq!(
//!         exports[1].files()[0].display(),
//!         "UPPLAN_202504_1310000001_43_1310000004_15_20250325100001.CSV"
//!     );
//!     let mut zips = Vec::new();
//!     for export in &exports {
//!         zips.push(export.to_zip_in("202504")?);
//!     }
//!     // 第7表 as computed: 500 + 658 = 1158 units, 158 over the limit, taken from the last
//!     // service (通所介護); the user pays 158 × 10.90 = 1722.2 → 1722 yen of it in full.
//!     let mut sent = FileSet::new();
//!     sent.add_bytes("help.zip", zips[0].clone())?;
//!     let summary = sent.files().iter().find(|f| f.kind() == Some(FileKind::UsageSummary));
//!     let total = summary.ok_or("第7表")?.typed::<careplan::model::table7::Table7Record>().last();
//!     let total = total.ok_or("999999")?;
//!     assert_eq!(total.record.service_code.to_string(), "999999");
//!     assert_eq!(total.record.category_limit_over, Some(158));
//!     assert_eq!(total.record.copay_full, Some(1722));
//!
//!     // The 訪問介護 provider imports its set and answers: the 8th started 15 minutes late.
//!     let mut import = PlanImport::new("1310000002".parse()?);
//!     import.upload("202504.zip", zips[0].clone())?;
//!     let report = import.finish();
//!     let ticket = &report.tickets[0];
//!     let mut done = ticket.users[0].table6.clone(); // its own services only
//!     for r in &mut done {
//!         r.updater = Some(r.provider);
//!         if r.service_date.day() == 8 {
//!             r.start = "1015".parse()?;
//!         }
//!     }
//!     let answer = ResultExport::answering(ticket)
//!         .sequence(Sequence::parse("20250501090000")?)
//!         .records(done)
//!         .build()?;
//!     assert_eq!(
//!         answer.files()[0].display(),
//!         "UPJSK_202504_1310000002_11_1310000001_43_20250501090000.CSV"
//!     );
//!
//!     // The care office compares the answer with what it sent.
//!     let mut received = FileSet::new();
//!     received.add_bytes("answer.zip", answer.to_zip()?)?;
//!     let diff = ResultImport::new()
//!         .office(care.office())
//!         .plans_from(&sent)
//!         .run(&received);
//!     assert!(!diff.has_errors());
//!     assert_eq!(diff.matched, 1);
//!     let d = &diff.differences[0];
//!     assert_eq!(d.kind, DifferenceKind::Start);
//!     assert_eq!(
//!         d.message_ja(),
//!         "利用者 131001/0000012345 202504 事業所 1310000002: 111111（20250408）の開始時刻が予定の 1000 と違い 1015 です"
//!     );
//!     Ok(())
//! }
//! ```
//!
//! `cargo run --example quickstart` runs the same path for two users and three providers.
//! The care office's plan import side and the provider's deletes are in the
//! [`workflow`](crate::bundle::workflow) module's table.
