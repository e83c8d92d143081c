//! Writes the seed corpora of the fuzz targets into `seeds/<target>/` (committed) from the
//! layouts: for every layout, a record of a valid value per item, as a file (csv_reader), as
//! fields (typed_views) and zipped (zip_reader); and valid names of every kind in each form
//! (file_name).
//!
//! Run from `fuzz/`: `cargo run --example make_seeds`.

use std::fs;
use std::io::Cursor;
use std::path::Path;

use careplan_bundle::ArchiveWriter;
use careplan_csv::FileWriterBuilder;
use careplan_fuzz::{file_name, kind_byte, raw_record_bytes};
use careplan_model::{AnyRecord, FileKind, Format, Item, Layout, RawRecord};

/// Valid files from the workspace's test fixtures.
const FIXTURES: &[(FileKind, &[&str])] = &[
    (
        FileKind::UsagePlan,
        &[
            "202407,131001,0000012345,20250320,202504,1310000001,\"山田 花子\",250,,20250401,,1000,1100,1,111111,,,\"\",,1310000002,\"訪問介護「和」, 本店\",,0,1310000001,",
            "202407,131001,H123456789,20250320,202504,1310000001,\"山田 花子\",2000,,20250401,1111100000000000000000000000000,9999,9999,1,171001,00001-000010,,\"車いす ｸﾙﾏｲｽ\",1,1310000003,\"福祉用具ﾚﾝﾀﾙ\",01,0,1310000001,",
        ],
    ),
    (
        FileKind::Plan1,
        &["202407,131001,0000012345,20250301,100-0001,\"東京都千代田区千代田1-1\",\"\",\"佐藤 一郎\",\"ケアプランセンター和\",100-0002,\"東京都千代田区丸の内1-1\",\"\",1310000001,20250301,20240401,21,2,20240320,20240401,20260331,22,\"転倒の不安がある。\r\n「外出したい」, \"\"買い物\"\"に行きたい\",\"特になし\",\"安全に在宅生活を続ける\",,\"\",1310000001,"],
    ),
    (
        FileKind::Plan2,
        &[
            "202407,131001,0000012345,20250301,20250301,1,\"転倒の不安\",1,\"安全に歩ける\",\"屋内を一人で歩ける\",\"20250301～20260228\",\"20250301～20250831\",1,\"歩行訓練\",Y,\"訪問介護\",1310000002,\"訪問介護「和」\",\"週2回\",\"20250301～20250831\",1310000001,",
            "202407,131001,0000012345,20250301,20250301,2,\"外出の機会\",1,\"買い物に行ける\",\"週1回外出する\",\"20250301～20260228\",\"20250301～20250831\",1,\"家族の付き添い\",,\"家族\",,\"\",\"週1回\",\"20250301～20250831\",1310000001,",
        ],
    ),
    (
        FileKind::Plan3,
        &[
            "202407,131001,0000012345,20250301,20250301,\"訪問介護\",1,1000,1100,\"起床・朝食\",0700,0730,\"福祉用具貸与（車いす）\"",
            "202407,131001,0000012345,20250301,20250301,\"通所介護\",3,0930,1600,\"\",,,\"\"",
        ],
    ),
];

/// A valid value for `item`, from its format alone.
fn sample(item: &Item) -> &'static str {
    if item.is_version() {
        return "202407";
    }
    match item.format {
        Format::YearMonth => "202504",
        Format::Date => "20250401",
        Format::Time => "0900",
        Format::Digits if item.is_office_number() => "1310000002",
        Format::Digits => "1",
        Format::Integer => "1",
        Format::Code => item.values.first().map_or("", |v| v.key),
        Format::InsurerId => "131045",
        Format::InsuredId => "0123456789",
        Format::Flags31 => "1111100000000000000000000000000",
        Format::Text if item.length.is_some() => "1",
        Format::Text => "山田 花子, \"引用\"\r\n改行ｶﾅ",
        Format::Unused => "",
        Format::ServiceKind => "11",
        Format::ServiceCode => "111111",
        Format::EquipmentCode => "00001-000010",
        Format::Decimal => "11.40",
        Format::Postal => "100-0001",
        Format::Phone => "03-0000-0000",
        _ => "",
    }
}

fn sample_texts(layout: &Layout, version: &'static str) -> Vec<(&'static str, bool)> {
    layout
        .items
        .iter()
        .map(|item| {
            let v = if item.is_version() {
                version
            } else {
                sample(item)
            };
            (v, item.is_text() && !v.is_empty())
        })
        .collect()
}

fn record(texts: &[(&str, bool)]) -> RawRecord {
    let mut r = RawRecord::new();
    for (t, q) in texts {
        r.push_field(t, *q);
    }
    r
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(name), bytes).unwrap();
}

fn main() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut zip = ArchiveWriter::new(Cursor::new(Vec::new()));
    for kind in FileKind::ALL {
        let Some(base) = kind.layout() else { continue };
        let mut variants = vec![(base, "202407")];
        if let Some(v3) = Layout::get(&format!("{}_V3", base.name)) {
            variants.push((v3, "202208"));
        }
        for (layout, version) in variants {
            let texts = sample_texts(layout, version);
            let raw = record(&texts);
            let typed = AnyRecord::from_raw(kind, &raw).is_some();
            println!("{:<10} {:<12} typed: {typed}", kind.prefix(), layout.name);
            let stem = format!("{}_{}", kind.prefix(), layout.name);

            let mut fields = vec![kind_byte(kind), 1];
            fields.extend(raw_record_bytes(&texts));
            write(&seeds.join("typed_views"), &stem, &fields);

            let name = file_name(kind);
            let mut w = FileWriterBuilder::new().to_writer(Vec::new(), kind, &name);
            w.write_raw(&raw).unwrap();
            w.write_raw(&raw).unwrap();
            let (bytes, _) = w.finish().unwrap();
            for (options, mode) in [(0u8, "strict"), (1, "lenient")] {
                let mut input = vec![options, kind_byte(kind)];
                input.extend_from_slice(&bytes);
                write(&seeds.join("csv_reader"), &format!("{stem}_{mode}"), &input);
            }
            if layout.name == base.name {
                zip.add(&format!("202504/{name}"), &bytes).unwrap();
            }
        }
    }
    // Real-looking files (the lines of the workspace's tests/fixtures/mod.rs).
    for (kind, lines) in FIXTURES {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        for (options, mode) in [(0u8, "strict"), (1, "lenient")] {
            let mut input = vec![options, kind_byte(*kind)];
            input.extend_from_slice(&bytes);
            let stem = format!("fixture_{}_{mode}", kind.prefix());
            write(&seeds.join("csv_reader"), &stem, &input);
        }
        zip.add(&file_name(*kind), &bytes).unwrap();
    }
    let archive = zip.finish().unwrap().into_inner();
    write(&seeds.join("zip_reader"), "all_kinds.zip", &archive);
    let mut one = ArchiveWriter::new(Cursor::new(Vec::new()));
    one.add(&file_name(FileKind::UsagePlan), b"202407,131045\r\n")
        .unwrap();
    write(
        &seeds.join("zip_reader"),
        "one.zip",
        &one.finish().unwrap().into_inner(),
    );

    let names = [
        file_name(FileKind::UsagePlan),
        file_name(FileKind::UsageResult),
        file_name(FileKind::YoboKihonImage),
        file_name(FileKind::YoboKihonSub1),
        "UPHOSOKU_000000_0300000100_43_0300000005_11_20191025200201.CSV".into(),
        "UPPLAN_201912_0300000100_0300000005_20191025200201.CSV".into(),
        "UPPLAN_201912_0300000100_430_0300000005_110_20191025200201.CSV".into(),
        "UPPLAN_201912_123456789_43_0300000005_11_201910252002011.CSV".into(),
        "in/up1kyo_0300000100_43_0300000005_11_20191025200201.csv".into(),
        "C:\\x\\UPSIKYU_202504_1310000001_43_1310000002_11_20250401093000.CSV".into(),
    ];
    for (i, n) in names.iter().enumerate() {
        write(
            &seeds.join("file_name"),
            &format!("name{i:02}"),
            n.as_bytes(),
        );
    }
    for kind in FileKind::ALL {
        write(
            &seeds.join("file_name"),
            kind.prefix(),
            file_name(kind).as_bytes(),
        );
    }
}
