//! The 第6表 line, the file and the read that careplan-csv's integration tests share,
//! built from the spec's layout (layouts/TABLE6.tsv: 25 items).

#![allow(dead_code)]

use careplan_csv::ms932::{encode_to_vec, Substitutions};
use careplan_csv::{FileReaderBuilder, Parsed, Summary};
use careplan_model::AnyRecord;
use careplan_model::Mode;

/// A 第6表 予定 name of the care office 1310000001 (43) for the provider 1310000002 (11).
pub const UPPLAN: &str = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";

/// One 第6表 record line in the standard's form: user `insured` of insurer 131001, service
/// month 202504 on `date`, planned by the care office 1310000001 for the provider
/// 1310000002, whose name (No.21) holds a comma and brackets so that it must be quoted.
/// `extra` replaces items by No., in order.
pub fn line(insured: &str, date: &str, extra: &[(usize, &str)]) -> String {
    let mut items: Vec<&str> = vec![
        "202407",                           // No.1 CSVバージョン
        "131001",                           // No.2 保険者番号
        insured,                            // No.3 被保険者番号
        "20250320",                         // No.4 作成年月日
        "202504",                           // No.5 対象年月
        "1310000001",                       // No.6 プラン担当業者コード
        "\"山田 花子\"",                    // No.7 プラン担当者名
        "250",                              // No.8 単位数
        "",                                 // No.9 前月までの短期入所利用日数
        date,                               // No.10 サービス利用日
        "",                                 // No.11 日割対象日
        "1000",                             // No.12 サービス開始時刻
        "1100",                             // No.13 サービス終了時刻
        "1",                                // No.14 サービス回数
        "111111",                           // No.15 サービスコード
        "",                                 // No.16 TAISコード
        "",                                 // No.17 福祉用具届出コード
        "\"\"",                             // No.18 用具名称（機種名）
        "",                                 // No.19 明細判別コード
        "1310000002",                       // No.20 サービス事業者コード
        "\"ケアステーション「和」, 本店\"", // No.21 サービス事業所名
        "",                                 // No.22 サテライト枝番
        "0",                                // No.23 ３０日超区分
        "1310000001",                       // No.24 更新業者コード
        "",                                 // No.25 識別子
    ];
    for &(no, v) in extra {
        items[no - 1] = v;
    }
    items.join(",") + "\r\n"
}

/// The MS932 bytes of `lines`, nothing substituted.
pub fn file(lines: &[String]) -> Vec<u8> {
    encode_to_vec(&lines.concat(), &Substitutions::none())
        .expect("MS932")
        .0
}

/// Every record of `data` read as the file `name` in `mode`, and the file's summary.
pub fn read_all(mode: Mode, name: &str, data: &[u8]) -> (Vec<Parsed<AnyRecord>>, Summary) {
    let mut rdr = FileReaderBuilder::new().mode(mode).from_reader(data, name);
    let recs: Vec<_> = rdr.records().collect::<Result<_, _>>().expect("readable");
    (recs, rdr.finish().expect("readable"))
}
