//! The main example: a care office's month and a provider's answer, end to end. No input
//! needed; CI runs it.
//!
//! 1. The care office plans April 2025 for two users (山田 花子 over her 区分支給限度基準額,
//!    鈴木 一郎 at 給付率 80) with three providers (訪問介護, 通所介護, 福祉用具貸与), and
//!    exports one transmission unit per provider: 第6表, 第7表 and 利用者補足情報 with one
//!    sequence number. It writes only the plan and the users: 第7表 and the 補足's limit
//!    figures are computed by the library ([`Table7Builder`], through `PlanExport`), and
//!    every file is validated as the receiver will read it before it is released.
//! 2. The 訪問介護 provider imports its set, and answers with its 実績: one visit cancelled,
//!    one started late. The answer is named in the style of the set it answers.
//! 3. The care office imports the answer and gets the differences from its plan, as data.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! [`Table7Builder`]: careplan::bundle::build::Table7Builder

use careplan::bundle::workflow::{PlanExport, PlanImport, ResultExport, ResultImport};
use careplan::bundle::{build::Table7Builder, FileSet, SequenceAllocator};
use careplan::csv::Party;
use careplan::model::hosoku::{HosokuRecord, PlanDate, TargetMonth};
use careplan::model::table6::Table6Record;
use careplan::model::value::{Applicable, CareLevel, Date, Sex, UserKey};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const CARE_OFFICE: &str = "1310000001"; // 居宅介護支援
/// The providers: office number, service kind, 単位数単価 (yen per unit, 1級地).
const PROVIDERS: [(&str, &str, &str); 3] = [
    ("1310000002", "11", "11.40"), // 訪問介護
    ("1310000004", "15", "10.90"), // 通所介護
    ("1310000006", "17", "10.00"), // 福祉用具貸与
];
const HANAKO: &str = "0000012345"; // 要介護1: 16765 units a month
const ICHIRO: &str = "0000067890"; // 要介護2: 19705 units, 2割負担

fn main() -> Result<()> {
    // 1. The plan (第6表: one line per service per day) and the users (補足).
    let [help, day_care, rental] = PROVIDERS.map(|p| p.0);
    let mut plan = Vec::new();
    for day in 1..=30 {
        plan.push(line(HANAKO, day, "112211", 396, "1000", "1100", help)?);
        if day % 3 == 1 {
            plan.push(line(HANAKO, day, "151111", 658, "0900", "1600", day_care)?);
        }
        if day % 7 == 3 {
            plan.push(line(ICHIRO, day, "111111", 250, "1400", "1430", help)?);
        }
    }
    let mut chair = line(HANAKO, 1, "171001", 500, "9999", "9999", rental)?;
    chair.tais_code = Some("00001-000010".parse()?); // 福祉用具 names its product
    chair.equipment_name = "車いす（自走式）, \"標準型\"".to_string();
    plan.push(chair);
    let hosoku = [
        hosoku(
            HANAKO,
            "ﾔﾏﾀﾞ ﾊﾅｺ",
            "山田 花子",
            Sex::Female,
            CareLevel::Care1,
            16765,
        )?,
        hosoku(
            ICHIRO,
            "ｽｽﾞｷ ｲﾁﾛｳ",
            "鈴木 一郎",
            Sex::Male,
            CareLevel::Care2,
            19705,
        )?,
    ];
    // 第7表 is computed from the plan: the prices of each provider, the 給付率 of each user
    // (90 unless given); the units over a limit go to the last services by default.
    let ichiro = UserKey::new("131001".parse()?, ICHIRO.parse()?);
    let mut table7 = Table7Builder::new().benefit_rate(ichiro, 80);
    for (office, kind, price) in PROVIDERS {
        table7 = table7.unit_price(office.parse()?, kind.parse()?, price.parse()?);
    }

    // One unit per provider, each with its own sequence number; the export refuses files
    // with an error, so what leaves is what the standard asks.
    let care = Party::new(CARE_OFFICE.parse()?, "43".parse()?);
    let mut sequences = SequenceAllocator::now()?;
    let mut zips = Vec::new();
    for (office, kind, _) in PROVIDERS {
        let provider = Party::new(office.parse()?, kind.parse()?);
        let export = PlanExport::new(care, provider, "202504".parse()?)
            .sequence_from(&mut sequences)
            .table6(plan.clone())
            .hosoku(hosoku.clone())
            .table7_from(table7.clone())
            .build()?;
        for f in export.files() {
            println!("wrote {} ({} records)", f.display(), f.records().len());
        }
        zips.push(export.to_zip_in("202504")?);
    }
    // The same computation on its own: the units over 山田 花子's limit (her 999999 row).
    let (rows, _) = table7.table6(plan).hosoku(hosoku).build()?.into_parts();
    let over = rows.iter().filter_map(|r| r.category_limit_over).max();
    println!("山田 花子: {over:?} units over her limit");

    // 2. The 訪問介護 provider imports its set and answers with its 実績.
    let mut import = PlanImport::new(help.parse()?);
    import.upload("202504.zip", zips[0].clone())?;
    let report = import.finish();
    let ticket = report.tickets.first().ok_or("no set imported")?;
    let mut done: Vec<Table6Record> = Vec::new();
    for mut r in ticket.users.iter().flat_map(|u| u.table6.clone()) {
        r.updater = Some(r.provider); // 実績: the provider updates it
        match r.service_date.day() {
            15 => continue,                 // cancelled
            8 => r.start = "1015".parse()?, // started late
            _ => {}
        }
        done.push(r);
    }
    let answer = ResultExport::answering(ticket)
        .sequence_from(&mut sequences)
        .records(done)
        .build()?;
    println!("answered {}", answer.files()[0].display());

    // 3. The care office compares the answer with its plan.
    let (mut sent, mut received) = (FileSet::new(), FileSet::new());
    sent.add_bytes("sent.zip", zips[0].clone())?;
    received.add_bytes("received.zip", answer.to_zip()?)?;
    let diff = ResultImport::new()
        .office(care.office())
        .plans_from(&sent)
        .run(&received);
    println!("{} results match the plan; differences:", diff.matched);
    for d in &diff.differences {
        println!("  {d}\n  {}", d.message_ja());
    }
    if diff.has_errors() || diff.differences.len() != 2 {
        return Err(format!("unexpected: {:#?}", diff.problems).into());
    }
    Ok(())
}

/// One 第6表 line: `who`'s service `code` of `units` at `office` on April `day`.
#[rustfmt::skip]
fn line(who: &str, day: u8, code: &str, units: i64, start: &str, end: &str, office: &str) -> Result<Table6Record> {
    let date = Date::from_ymd(2025, 4, day).ok_or("day")?;
    let mut r = Table6Record::new(
        "131001".parse()?, who.parse()?, "20250325".parse()?, "202504".parse()?, // No.2–5
        CARE_OFFICE.parse()?, units, date, start.parse()?, end.parse()?, 1,      // No.6, 8, 10, 12–14
        code.parse()?, office.parse()?, Applicable::No,                          // No.15, 20, 23
    );
    r.updater = Some(r.care_office); // No.24: in 予定, the care office
    Ok(r)
}

/// A user's 利用者補足情報 for the month (No.4 00000000, No.63 the month): 要介護状態区分
/// `level` with its 区分支給限度基準額 `limit`.
#[rustfmt::skip]
fn hosoku(who: &str, kana: &str, name: &str, sex: Sex, level: CareLevel, limit: i64) -> Result<HosokuRecord> {
    let mut h = HosokuRecord::new(
        "131001".parse()?, who.parse()?, PlanDate::ForUsage, kana, name, // No.2–6
        sex, "19400105".parse()?, TargetMonth::Month("202504".parse()?), // No.7, 8, 63
    );
    (h.care_level, h.category_limit) = (Some(level), Some(limit)); // No.18, 19
    (h.consent_office, h.updater) = (Some(CARE_OFFICE.parse()?), Some(CARE_OFFICE.parse()?));
    Ok(h)
}
