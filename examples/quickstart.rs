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
//! Its own code is held to what issue 14 asks (part 1 under 80 lines, parts 2 and 3 under
//! 40, counted as rustfmt lays it out): `tests/quickstart_lines.rs`.
//!
//! [`Table7Builder`]: careplan::bundle::build::Table7Builder

use careplan::bundle::workflow::{PlanExport, PlanImport, ResultExport, ResultImport};
use careplan::bundle::{build::Table7Builder, FileSet, SequenceAllocator};
use careplan::csv::Party;
use careplan::model::hosoku::HosokuRecord;
use careplan::model::table6::Table6Record;
use careplan::model::value::{CareLevel, Date, Sex, UserKey};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The care office (居宅介護支援): office number and service kind, as names write them.
const CARE_OFFICE: &str = "1310000001_43";
/// The providers and their 単位数単価 (yen per unit, 1級地).
const PROVIDERS: [(&str, &str); 3] = [
    ("1310000002_11", "11.40"), // 訪問介護
    ("1310000004_15", "10.90"), // 通所介護
    ("1310000006_17", "10.00"), // 福祉用具貸与
];

fn main() -> Result<()> {
    // 1. The users: their 補足 for the month, with the 要介護状態区分 and its
    // 区分支給限度基準額 (山田 花子: 16765 units; 鈴木 一郎: 19705, and 2割負担).
    let mut hanako = user("131001/0000012345", "ﾔﾏﾀﾞ ﾊﾅｺ", "山田 花子", Sex::Female)?;
    let mut ichiro = user("131001/0000067890", "ｽｽﾞｷ ｲﾁﾛｳ", "鈴木 一郎", Sex::Male)?;
    hanako.care_level = Some(CareLevel::Care1);
    hanako.category_limit = Some(16765);
    ichiro.care_level = Some(CareLevel::Care2);
    ichiro.category_limit = Some(19705);
    // The plan (第6表): one line per service per day, naming each user by the key
    // (保険者番号/被保険者番号) of their 補足.
    let (yamada, suzuki) = (hanako.user(), ichiro.user());
    let [help, daycare, rental] = PROVIDERS.map(|p| p.0);
    let mut plan = Vec::new();
    for day in 1..=30 {
        plan.push(line(yamada, day, "112211", 396, ["1000", "1100"], help)?);
        if day % 3 == 1 {
            plan.push(line(yamada, day, "151111", 658, ["0900", "1600"], daycare)?);
        }
        if day % 7 == 3 {
            plan.push(line(suzuki, day, "111111", 250, ["1400", "1430"], help)?);
        }
    }
    let mut chair = line(yamada, 1, "171001", 500, ["9999", "9999"], rental)?;
    chair.tais_code = Some("00001-000010".parse()?); // 福祉用具 names its product
    chair.equipment_name = "車いす（自走式）, \"標準型\"".to_string();
    plan.push(chair);

    // 第7表 is computed from the plan: the prices of each provider, the 給付率 of each user
    // (90 unless given); the units over a limit go to the last services by default.
    let mut table7 = Table7Builder::new().benefit_rate(suzuki, 80);
    for (provider, price) in PROVIDERS {
        table7 = table7.unit_price(provider.parse()?, price.parse()?);
    }
    // One unit per provider of the plan, each with its own sequence number; the export
    // refuses files with an error, so what leaves is what the standard asks.
    let care: Party = CARE_OFFICE.parse()?;
    let exports = PlanExport::new(care, "202504".parse()?)
        .table6(plan.clone())
        .hosoku([hanako.clone(), ichiro.clone()])
        .table7_from(table7.clone())
        .build_each(&mut SequenceAllocator::now()?)?;
    let mut zips = Vec::new();
    for export in &exports {
        for f in export.files() {
            println!("wrote {} ({} records)", f.display(), f.records().len());
        }
        zips.push(export.to_zip_in("202504")?);
    }
    // The same computation on its own: the units over 山田 花子's limit (her 999999 row).
    let built = table7.table6(plan).hosoku([hanako, ichiro]).build()?;
    let over = built.table7.iter().filter_map(|r| r.category_limit_over);
    println!("山田 花子: {:?} units over her limit", over.max());

    // 2. The 訪問介護 provider imports its set and answers with its 実績.
    let mut import = PlanImport::new(help.parse::<Party>()?.office());
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
        .sequence_from(&mut SequenceAllocator::now()?)
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

/// A user's 利用者補足情報 for April, the month of the plan it is sent with.
fn user(key: &str, kana: &str, name: &str, sex: Sex) -> Result<HosokuRecord> {
    let key = key.parse()?;
    let month = "202504".parse()?;
    let born = "19400105".parse()?;
    Ok(HosokuRecord::for_month(key, month, kana, name, sex, born))
}

/// One 第6表 line of the care office's plan: `who`'s service `code` of `units` at
/// `provider` on April `day`, from `time[0]` to `time[1]`.
fn line(
    who: UserKey,
    day: u8,
    code: &str,
    units: i64,
    time: [&str; 2],
    provider: &str,
) -> Result<Table6Record> {
    let date = Date::from_ymd(2025, 4, day).ok_or("day")?;
    let care = CARE_OFFICE.parse::<Party>()?.office();
    let created = "20250325".parse()?; // the day the plan was made
    let office = provider.parse::<Party>()?.office();
    let mut r = Table6Record::planned(care, created, who, date, code.parse()?, units, office);
    r.start = time[0].parse()?;
    r.end = time[1].parse()?;
    Ok(r)
}
