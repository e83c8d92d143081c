//! The main example: a care office's monthly export, end to end. No input needed.
//!
//! It builds April 2025's 提供票 for two users served by two providers (a 訪問介護 office,
//! and a 福祉用具貸与 office whose line has a 日割 day mask and a TAIS code), with free text
//! holding a comma, quotes, a line break and a 〜 that MS932 writes as ～. For each provider
//! it writes the three-file set — 第6表 (UPPLAN), 第7表 (UPSIKYU) and 利用者補足情報
//! (UPHOSOKU), one sequence number — into one ZIP; then reads the ZIP back, validates every
//! file in strict mode, checks each transmission unit, and prints what it did.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use std::collections::BTreeMap;
use std::error::Error;
use std::io::Cursor;

use careplan::bundle::{group, ArchiveReader, ArchiveWriter, SequenceAllocator};
use careplan::csv::{FileName, FileReaderBuilder, FileWriterBuilder, Mode, Sequence};
use careplan::model::hosoku::{HosokuRecord, PlanDate, TargetMonth};
use careplan::model::table6::Table6Record;
use careplan::model::table7::Table7Record;
use careplan::model::typed::Origin;
use careplan::model::value::{
    Applicable, CareLevel, CsvVersion, Date, DayMask, Decimal, InsuredNumber, InsurerNumber,
    ServiceCode, ServiceTime, Sex, YearMonth,
};
use careplan::FileKind;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// A user's 第6表 lines by (office, service kind), then by service code: (units, count, a line).
type Groups<'a> = BTreeMap<(String, String), BTreeMap<String, (i64, i64, &'a Table6Record)>>;

const CARE_OFFICE: &str = "1310000001";
const HOME_HELP: &str = "1310000002"; // 訪問介護
const EQUIPMENT: &str = "1310000003"; // 福祉用具貸与

struct User {
    insurer: &'static str,
    insured: &'static str,
    kana: &'static str,
    name: &'static str,
    sex: Sex,
    birth: &'static str,
}

const USERS: [User; 2] = [
    User {
        insurer: "131001",
        insured: "0000012345",
        kana: "ﾔﾏﾀﾞ ﾊﾅｺ",
        name: "山田 花子",
        sex: Sex::Female,
        birth: "19400105",
    },
    // 生保単独: H + 9 digits.
    User {
        insurer: "131001",
        insured: "H123456789",
        kana: "ｽｽﾞｷ ｲﾁﾛｳ",
        name: "鈴木 一郎",
        sex: Sex::Male,
        birth: "19380720",
    },
];

fn main() -> Result<()> {
    let month = YearMonth::new(2025, 4).ok_or("month")?;
    let plan = build_plan()?;
    println!(
        "Built the plan for {month}: {} service lines for {} users.",
        plan.len(),
        USERS.len()
    );

    // One transmission unit per provider, each with its own increasing sequence number.
    let mut sequences = SequenceAllocator::new(Sequence::parse("20250325180000")?);
    let mut zip = ArchiveWriter::new(Cursor::new(Vec::new()));
    for (provider, kind) in [(HOME_HELP, "11"), (EQUIPMENT, "17")] {
        // Only users the provider serves are sent, with every provider's lines for them.
        let users: Vec<&User> = USERS
            .iter()
            .filter(|u| {
                plan.iter().any(|r| {
                    r.insured.to_string() == u.insured && r.provider.to_string() == provider
                })
            })
            .collect();
        let lines: Vec<&Table6Record> = plan
            .iter()
            .filter(|r| users.iter().any(|u| r.insured.to_string() == u.insured))
            .collect();
        let sequence = sequences.next().ok_or("sequence")?;
        let name = |k: FileKind| -> Result<FileName> {
            Ok(FileName::builder(k)
                .month("202504".parse()?)
                .sender(CARE_OFFICE.parse()?, "43".parse()?)
                .receiver(provider.parse()?, kind.parse()?)
                .sequence(sequence)
                .build()?)
        };
        let summary = summary_rows(&lines)?;
        let hosoku: Vec<HosokuRecord> = users
            .iter()
            .map(|u| hosoku(u, month))
            .collect::<Result<_>>()?;
        let files = [
            (
                name(FileKind::UsagePlan)?,
                lines
                    .iter()
                    .map(|r| (*r).clone().into())
                    .collect::<Vec<careplan::model::AnyRecord>>(),
            ),
            (
                name(FileKind::UsageSummary)?,
                summary.into_iter().map(Into::into).collect(),
            ),
            (
                name(FileKind::Hosoku)?,
                hosoku.into_iter().map(Into::into).collect(),
            ),
        ];
        for (file_name, records) in files {
            let shown = file_name.to_string();
            let mut w = FileWriterBuilder::new().to_writer(Vec::new(), file_name.kind(), &shown);
            for r in &records {
                w.write_any(r)?;
            }
            let (bytes, substitutions) = w.finish()?;
            println!(
                "  wrote {shown} ({} records, {} bytes)",
                records.len(),
                bytes.len()
            );
            for s in substitutions {
                println!("    {}", s.message_ja());
            }
            zip.add(&format!("202504/{shown}"), &bytes)?;
        }
    }
    let zip = zip.finish()?.into_inner();
    println!("Wrote the ZIP: {} bytes.", zip.len());

    // Read it back as a receiver would.
    let mut archive = ArchiveReader::new(Cursor::new(zip))?;
    let entries = archive.list().to_vec();
    let mut names = Vec::new();
    let mut errors = 0;
    for (i, entry) in entries.iter().enumerate() {
        let bytes = archive.read_entry(i)?;
        let mut reader = FileReaderBuilder::new()
            .mode(Mode::Strict)
            .from_reader(&bytes[..], &entry.file_name);
        let mut problems = Vec::new();
        for parsed in reader.records() {
            problems.extend(parsed?.problems().to_vec());
        }
        let s = reader.finish()?;
        problems.extend(s.problems);
        errors += problems.iter().filter(|p| p.is_error()).count();
        println!(
            "  read {}: {} records, {} users, {} typed, {} problems",
            entry.path,
            s.records,
            s.users,
            s.typed,
            problems.len()
        );
        for p in &problems {
            println!("    {}", p.message_ja());
        }
        if let Some(n) = s.file_name {
            names.push((n, entry.path.clone()));
        }
    }
    for unit in group(names) {
        println!(
            "  unit {} {} → {}: {} ({} files, {} problems)",
            unit.sequence(),
            unit.sender(),
            unit.receiver(),
            unit.kind()
                .map_or("?".to_string(), |k| k.name_ja().to_string()),
            unit.members().len(),
            unit.problems().len()
        );
        errors += unit.problems().iter().filter(|p| p.is_error()).count();
    }
    if errors > 0 {
        return Err(format!("{errors} errors").into());
    }
    println!("Export and import are consistent: no errors.");
    Ok(())
}

/// One 第6表 line.
#[allow(clippy::too_many_arguments)]
fn line(
    user: &User,
    day: u8,
    code: &str,
    units: i64,
    start: &str,
    end: &str,
    provider: &str,
    provider_name: &str,
) -> Result<Table6Record> {
    Ok(Table6Record {
        version: CsvVersion::default(),
        insurer: user.insurer.parse()?,
        insured: user.insured.parse()?,
        created: "20250325".parse()?,
        month: "202504".parse()?,
        care_office: CARE_OFFICE.parse()?,
        care_manager: "佐藤 一郎".to_string(),
        units,
        short_stay_days_before: None,
        service_date: Date::from_ymd(2025, 4, day).ok_or("date")?,
        prorated_days: None,
        start: start.parse::<ServiceTime>()?,
        end: end.parse::<ServiceTime>()?,
        count: 1,
        service_code: code.parse::<ServiceCode>()?,
        tais_code: None,
        notified_code: None,
        equipment_name: String::new(),
        detail_no: None,
        provider: provider.parse()?,
        provider_name: provider_name.to_string(),
        satellite: None,
        over_30_days: Applicable::No,
        updater: Some(CARE_OFFICE.parse()?),
        origin: Origin::none(),
    })
}

fn build_plan() -> Result<Vec<Table6Record>> {
    let [hanako, ichiro] = &USERS;
    let help = "訪問介護ステーション「和」, 本店";
    let mut plan = Vec::new();
    for day in [1, 8, 15] {
        plan.push(line(
            hanako, day, "111111", 250, "1000", "1030", HOME_HELP, help,
        )?);
    }
    plan.push(line(
        hanako, 22, "112211", 396, "1000", "1100", HOME_HELP, help,
    )?);
    for day in [2, 9] {
        plan.push(line(
            ichiro, day, "111111", 250, "1400", "1430", HOME_HELP, help,
        )?);
    }
    // A wheelchair from the 10th: 福祉用具貸与 needs a TAIS (or 届出) code; the days from the
    // 10th to the 30th are billed pro rata (日割).
    let mut chair = line(
        hanako,
        10,
        "171001",
        500,
        "9999",
        "9999",
        EQUIPMENT,
        "ﾌｸｼﾖｳｸﾞ ﾚﾝﾀﾙ",
    )?;
    chair.tais_code = Some("00001-000010".parse()?);
    chair.equipment_name = "車いす（自走式）\n座幅40〜42cm, \"標準型\"".to_string();
    chair.prorated_days = Some(DayMask::from_days(10..=30).ok_or("mask")?);
    chair.detail_no = Some(1);
    plan.push(chair);
    Ok(plan)
}

/// 第7表 from 第6表: a row per user, office and service code; an xxAAAA subtotal for an
/// office's kind with several codes; a grand total per user.
fn summary_rows(lines: &[&Table6Record]) -> Result<Vec<Table7Record>> {
    let price = Decimal::from_hundredths(1140).ok_or("price")?;
    let yen = |units: i64| units * 1140 / 100;
    let mut rows = Vec::new();
    let mut by_user: BTreeMap<String, Vec<&Table6Record>> = BTreeMap::new();
    for l in lines {
        by_user.entry(l.insured.to_string()).or_default().push(l);
    }
    for user_lines in by_user.values() {
        let first = user_lines[0];
        let mut groups: Groups = BTreeMap::new();
        for l in user_lines {
            let kind = l.service_code.to_string()[..2].to_string();
            let e = groups
                .entry((l.provider.to_string(), kind))
                .or_default()
                .entry(l.service_code.to_string())
                .or_insert((l.units, 0, l));
            e.1 += i64::from(l.count);
        }
        let (mut total_units, mut total_cost) = (0, 0);
        for ((_, kind), codes) in &groups {
            let group_units: i64 = codes.values().map(|(u, n, _)| u * n).sum();
            let several = codes.len() > 1;
            for (code, (units, count, l)) in codes {
                let mut r = summary_row(l, code, *units, *count, Some(units * count))?;
                if !several {
                    money(&mut r, price, yen(group_units));
                }
                r.tais_code = l.tais_code;
                r.equipment_name = l.equipment_name.clone();
                rows.push(r);
            }
            if several {
                let l = codes.values().next().ok_or("group")?.2;
                let mut sub = summary_row(l, &format!("{kind}AAAA"), 0, 0, Some(group_units))?;
                money(&mut sub, price, yen(group_units));
                rows.push(sub);
            }
            total_units += group_units;
            total_cost += yen(group_units);
        }
        let mut total = summary_row(first, "999999", 0, 0, Some(total_units))?;
        total.provider = "9999999999".parse()?;
        total.provider_name = String::new();
        total.total_cost = Some(total_cost);
        total.claim = Some(total_cost * 9 / 10);
        total.copay = Some(total_cost - total_cost * 9 / 10);
        total.copay_full = Some(0);
        rows.push(total);
    }
    Ok(rows)
}

fn money(r: &mut Table7Record, price: Decimal, cost: i64) {
    r.unit_price = Some(price);
    r.total_cost = Some(cost);
    r.benefit_rate = Some(90);
    r.claim = Some(cost * 9 / 10);
    r.copay = Some(cost - cost * 9 / 10);
    r.copay_full = Some(0);
}

fn summary_row(
    l: &Table6Record,
    code: &str,
    units: i64,
    count: i64,
    service_units: Option<i64>,
) -> Result<Table7Record> {
    Ok(Table7Record {
        version: l.version,
        insurer: l.insurer,
        insured: l.insured,
        created: l.created,
        month: l.month,
        provider_name: l.provider_name.clone(),
        provider: l.provider,
        satellite: None,
        service_code: code.parse()?,
        tais_code: None,
        notified_code: None,
        equipment_name: String::new(),
        units,
        discount_rate: None,
        discounted_units: None,
        count,
        service_units,
        managed_units: service_units,
        kind_limit_over: None,
        kind_limit_within: None,
        category_limit_over: None,
        category_limit_within: None,
        unit_price: None,
        total_cost: None,
        benefit_rate: None,
        claim: None,
        fixed_copay_price: None,
        copay: None,
        copay_full: None,
        days_before_month: None,
        planned_days: None,
        cumulative_days: None,
        over_30_days: Applicable::No,
        office_code: Some("9999999999".parse()?),
        entry_code: None,
        updater: Some(CARE_OFFICE.parse()?),
        origin: Origin::none(),
    })
}

/// The 利用者補足情報 record of a user for the service month (No.4 00000000, No.63 the month).
fn hosoku(u: &User, month: YearMonth) -> Result<HosokuRecord> {
    let insurer: InsurerNumber = u.insurer.parse()?;
    let insured: InsuredNumber = u.insured.parse()?;
    let mut r: HosokuRecord = serde_json::from_value(serde_json::json!({
        "version": CsvVersion::default(),
        "insurer": insurer,
        "insured": insured,
        "plan_date": PlanDate::ForUsage,
        "name_kana": u.kana,
        "name": u.name,
        "sex": u.sex,
        "birth_date": u.birth,
        "address1": "東京都千代田区千代田1-1",
        "address2": "",
        "month": TargetMonth::Month(month),
    }))?;
    r.care_level = Some(CareLevel::Care2);
    r.category_limit = Some(19705);
    r.consent_office = Some(CARE_OFFICE.parse()?);
    r.updater = Some(CARE_OFFICE.parse()?);
    Ok(r)
}
