//! The 第6表 (UPPLAN, サービス利用票) and 第7表 (UPSIKYU, サービス利用票別表) of generated
//! users: deterministic, realistic, MS932-encoded, of any size.
//!
//! No random-number crate: a small xorshift generator seeded by the caller, so the same
//! `(users, month, seed)` always gives the same bytes.
//!
//! What a file holds:
//! - users are numbered from 0; user `i`'s plan (insurer, insured number, care manager,
//!   services with their offices, weekdays and times) depends only on `(seed, i, month)`,
//!   so the UPPLAN and UPSIKYU of the same arguments describe the same plans;
//! - UPPLAN: one record per service line per day, CSVバージョン 202407, dates inside the
//!   month, times `HHMM` or `9999` (both or neither), TAIS or 届出 codes on 福祉用具貸与 lines
//!   (ASCII or full-width hyphen), 明細判別コード for two rails of one code, an occasional
//!   日割対象日 mask, free text with kanji, kana, half-width kana, full-width spaces, commas
//!   and quotes, an IBM-extension kanji (髙);
//! - UPSIKYU: per user, the 第7表 the library computes from the user's UPPLAN lines
//!   ([`Table7Builder`]: a row per office and service code, the `xxAAAA` subtotals, the
//!   `999999` total, the 区分支給限度 split and the money), with each service kind's
//!   単位数単価 of its office, 給付率 90 and the 区分支給限度基準額 of a care level picked
//!   by the user's number (some users go over it).
//!
//! Every record is valid for its layout in a month where CSVバージョン 202407 is in force
//! (from 2025-04); service codes look like those of the 介護給付費単位数等サービスコード表
//! but are not claimed to be current ones.

use std::fmt::Write as _;
use std::io::{self, Read, Write};

use careplan_csv::ms932::{encode_to_vec, Substitutions};
use careplan_csv::{FileWriterBuilder, Party, Reader};
use careplan_model::hosoku::HosokuRecord;
use careplan_model::table6::Table6Record;

use careplan_model::value::{Decimal, YearMonth};
use careplan_model::{FileKind, RawRecord, TypedRecord};

use crate::build::Table7Builder;

/// The CSVバージョン written in every record.
pub(crate) const CSV_VERSION: &str = "202407";
/// The 居宅介護支援事業所 that makes the plans (No.6 / No.24 of 第6表, No.36 of 第7表).
pub(crate) const CARE_OFFICE: &str = "1310000001";

/// Which file to generate.
///
/// ```
/// use careplan_bundle::sample::{file_name, Table};
/// use careplan_model::value::YearMonth;
/// let month = YearMonth::new(2025, 4).unwrap();
/// assert_eq!(Table::Upsikyu.prefix(), "UPSIKYU");
/// assert_eq!(
///     file_name(Table::Upplan, month),
///     "UPPLAN_202504_1310000001_43_1310000002_11_20250325093000.CSV"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// 第6表 予定 (UPPLAN), 25 items.
    Upplan,
    /// 第7表 (UPSIKYU), 37 items.
    Upsikyu,
}

impl Table {
    /// The file-name prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Table::Upplan => "UPPLAN",
            Table::Upsikyu => "UPSIKYU",
        }
    }
}

/// The standard file name of a generated file: from 1310000001 (居宅介護支援, 43) to the
/// 訪問介護 office 1310000002 (11), created on the 25th of the month before.
pub fn file_name(table: Table, month: YearMonth) -> String {
    let prev = month.prev();
    format!(
        "{}_{:04}{:02}_{CARE_OFFICE}_43_1310000002_11_{:04}{:02}25093000.CSV",
        table.prefix(),
        month.year(),
        month.month(),
        prev.year(),
        prev.month()
    )
}

/// Writes the 第6表 (UPPLAN) lines of users `0..users` to `out`; returns the bytes written.
pub fn upplan(users: usize, month: YearMonth, seed: u64, out: &mut impl Write) -> io::Result<u64> {
    write_users(Table::Upplan, users, month, seed, out)
}

/// Writes the 第7表 (UPSIKYU) lines of users `0..users` to `out`; returns the bytes written.
pub fn upsikyu(users: usize, month: YearMonth, seed: u64, out: &mut impl Write) -> io::Result<u64> {
    write_users(Table::Upsikyu, users, month, seed, out)
}

fn write_users(
    table: Table,
    users: usize,
    month: YearMonth,
    seed: u64,
    out: &mut impl Write,
) -> io::Result<u64> {
    let mut gen = Generator::new(table, month, seed);
    let mut buf = Vec::new();
    let mut written = 0u64;
    for _ in 0..users {
        buf.clear();
        gen.next_user(&mut buf)?;
        out.write_all(&buf)?;
        written += buf.len() as u64;
    }
    Ok(written)
}

/// A whole file in memory of at least `target_bytes` (whole users: it stops after the user
/// that reaches the target).
pub fn sized(table: Table, target_bytes: usize, month: YearMonth, seed: u64) -> Vec<u8> {
    let mut gen = Generator::new(table, month, seed);
    let mut out = Vec::with_capacity(target_bytes + 64 * 1024);
    while out.len() < target_bytes {
        // The generator's texts are all MS932: encoding cannot fail.
        if gen.next_user(&mut out).is_err() {
            break;
        }
    }
    out
}

/// The generated file as an `io::Read`, produced user by user as it is read, so a file of
/// any size is read in constant memory. It ends after the user that reaches `target_bytes`.
///
/// ```
/// use std::io::Read;
/// use careplan_bundle::sample::{GenReader, Table};
/// use careplan_model::value::YearMonth;
/// let month = YearMonth::new(2025, 4).unwrap();
/// let mut bytes = Vec::new();
/// GenReader::new(Table::Upplan, month, 7, 64 << 10).read_to_end(&mut bytes)?;
/// assert!(bytes.len() >= 64 << 10 && bytes.ends_with(b"\r\n"));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct GenReader {
    gen: Generator,
    target: u64,
    produced: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl GenReader {
    /// A stream of at least `target_bytes`.
    pub fn new(table: Table, month: YearMonth, seed: u64, target_bytes: u64) -> GenReader {
        GenReader {
            gen: Generator::new(table, month, seed),
            target: target_bytes,
            produced: 0,
            buf: Vec::with_capacity(32 * 1024),
            pos: 0,
        }
    }

    /// The bytes produced so far.
    pub fn produced(&self) -> u64 {
        self.produced
    }
}

impl Read for GenReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.buf.len() {
            if self.produced >= self.target {
                return Ok(0);
            }
            self.buf.clear();
            self.pos = 0;
            self.gen.next_user(&mut self.buf)?;
            self.produced += self.buf.len() as u64;
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Produces the lines of one user after another (behind [`GenReader`], [`upplan`] and
/// [`upsikyu`]).
#[derive(Debug)]
pub(crate) struct Generator {
    table: Table,
    month: YearMonth,
    seed: u64,
    next: u64,
    text: String,
}

impl Generator {
    /// A generator of `table` for service month `month`, starting at user 0.
    pub fn new(table: Table, month: YearMonth, seed: u64) -> Generator {
        Generator {
            table,
            month,
            seed,
            next: 0,
            text: String::with_capacity(16 * 1024),
        }
    }

    /// Appends the MS932 bytes of the next user's records (CRLF after each) to `out`.
    pub fn next_user(&mut self, out: &mut Vec<u8>) -> io::Result<()> {
        let user = User::new(self.seed, self.next, self.month);
        self.next += 1;
        self.text.clear();
        user.upplan(self.month, &mut self.text);
        let (bytes, _) = encode_to_vec(&self.text, &Substitutions::none()).map_err(invalid)?;
        match self.table {
            Table::Upplan => out.extend_from_slice(&bytes),
            Table::Upsikyu => user.upsikyu(&bytes, self.month, out)?,
        }
        Ok(())
    }
}

/// xorshift64*: small, fast, deterministic; plenty for test data.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator from `seed` (any value, 0 included).
    pub fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so nearby seeds give unrelated streams; never 0.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        (self.next_u64() >> 11) % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A service office: number, name (free text), service kind.
struct Office {
    number: &'static str,
    name: &'static str,
}

const HOME_CARE: &[Office] = &[
    Office {
        number: "1310000002",
        name: "ケアステーション「和」, 本店",
    },
    Office {
        number: "1310000003",
        name: "ﾍﾙﾊﾟｰｽﾃｰｼｮﾝ\"すずらん\"",
    },
    Office {
        number: "1310000008",
        name: "訪問介護事業所　髙島屋町",
    },
];
const DAY_CARE: &[Office] = &[
    Office {
        number: "1310000004",
        name: "デイサービスセンター ひまわり",
    },
    Office {
        number: "1310000007",
        name: "リハビリデイ　さくら（第２）",
    },
];
const NURSING: &[Office] = &[Office {
    number: "1310000005",
    name: "訪問看護ステーション青空",
}];
const EQUIPMENT: &[Office] = &[Office {
    number: "1310000006",
    name: "株式会社ﾌｸｼﾖｳｸﾞ, 東京営業所",
}];

const INSURERS: &[&str] = &["131016", "131024", "131032", "131040", "131057", "131065"];
const MANAGERS: &[&str] = &[
    "山田 花子",
    "佐藤　健一",
    "ﾀﾅｶ ﾐﾁｺ",
    "鈴木 ゆかり",
    "髙橋 一郎",
    "渡辺 \"ナベ\" 真理",
];

/// What a service line is: code, units, how its times are written, its kind's unit price
/// (1級地, in hundredths of a yen) and whether it is a 福祉用具貸与 item.
#[derive(Clone, Copy)]
struct ServiceDef {
    code: &'static str,
    units: i64,
    /// Minutes of the visit; `None`: 時間表示の無いサービス (9999).
    minutes: Option<u32>,
    price: i64,
}

const BODY_CARE: ServiceDef = ServiceDef {
    code: "111111",
    units: 244,
    minutes: Some(30),
    price: 1140,
};
const BODY_LIFE: ServiceDef = ServiceDef {
    code: "112211",
    units: 309,
    minutes: Some(45),
    price: 1140,
};
const VISIT_NURSING: ServiceDef = ServiceDef {
    code: "131111",
    units: 471,
    minutes: Some(30),
    price: 1140,
};
const DAY_SERVICE: ServiceDef = ServiceDef {
    code: "151111",
    units: 658,
    minutes: Some(420),
    price: 1090,
};
const BATH_ADDON: ServiceDef = ServiceDef {
    code: "155011",
    units: 40,
    minutes: Some(420),
    price: 1090,
};
const WHEELCHAIR: ServiceDef = ServiceDef {
    code: "171001",
    units: 500,
    minutes: None,
    price: 1000,
};
const HANDRAIL: ServiceDef = ServiceDef {
    code: "171007",
    units: 300,
    minutes: None,
    price: 1000,
};

/// One planned service of a user: what, where, which days, when.
struct Service {
    def: ServiceDef,
    office: &'static Office,
    /// Days of the month (1-based), ascending.
    days: Vec<u8>,
    /// Start (hour, minute) when the service shows times.
    start: Option<(u32, u32)>,
    /// TAIS code, or 福祉用具届出コード when `notified`.
    equipment: Option<(String, bool)>,
    equipment_name: &'static str,
    detail_no: Option<u8>,
    /// 日割対象日 (31 flags) for a rental that starts mid-month.
    day_mask: Option<String>,
}

struct User {
    insurer: &'static str,
    insured: String,
    manager: &'static str,
    created_day: u8,
    services: Vec<Service>,
}

/// 0 = Sunday … 6 = Saturday (Sakamoto's method).
fn weekday(year: u16, month: u8, day: u8) -> u8 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let m = usize::from(month.clamp(1, 12));
    let y = i32::from(year) - i32::from(m < 3);
    ((y + y / 4 - y / 100 + y / 400 + T[m - 1] + i32::from(day)).rem_euclid(7)) as u8
}

/// The days of `month` that fall on one of `weekdays`.
fn days_on(month: YearMonth, weekdays: &[u8]) -> Vec<u8> {
    (1..=month.days_in_month())
        .filter(|&d| weekdays.contains(&weekday(month.year(), month.month(), d)))
        .collect()
}

/// `count` distinct weekdays among Monday–Saturday.
fn pick_weekdays(rng: &mut Rng, count: usize) -> Vec<u8> {
    let mut all: Vec<u8> = (1..=6).collect();
    for i in (1..all.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        all.swap(i, j);
    }
    all.truncate(count);
    all.sort_unstable();
    all
}

impl User {
    fn new(seed: u64, index: u64, month: YearMonth) -> User {
        let mut rng = Rng::new(seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let insured = if rng.chance(2) {
            format!("H{:09}", 100_000_000 + index % 900_000_000)
        } else {
            format!("{:010}", 1_000_000 + index * 7 % 9_000_000_000)
        };
        let mut services = Vec::new();
        if rng.chance(75) {
            let def = if rng.chance(60) { BODY_CARE } else { BODY_LIFE };
            let count = rng.range(2, 5) as usize;
            let weekdays = pick_weekdays(&mut rng, count);
            let hour = rng.range(8, 17) as u32;
            services.push(Service {
                def,
                office: rng.pick(HOME_CARE),
                days: days_on(month, &weekdays),
                start: Some((hour, if rng.chance(50) { 0 } else { 30 })),
                equipment: None,
                equipment_name: "",
                detail_no: None,
                day_mask: None,
            });
        }
        if rng.chance(55) {
            let office = rng.pick(DAY_CARE);
            let count = rng.range(1, 3) as usize;
            let days = days_on(month, &pick_weekdays(&mut rng, count));
            let start = Some((9, if rng.chance(50) { 0 } else { 30 }));
            let bath = rng.chance(50);
            services.push(Service {
                def: DAY_SERVICE,
                office,
                days: days.clone(),
                start,
                equipment: None,
                equipment_name: "",
                detail_no: None,
                day_mask: None,
            });
            if bath {
                // An 加算 carries the days and times of its base service.
                services.push(Service {
                    def: BATH_ADDON,
                    office,
                    days,
                    start,
                    equipment: None,
                    equipment_name: "",
                    detail_no: None,
                    day_mask: None,
                });
            }
        }
        if rng.chance(25) {
            services.push(Service {
                def: VISIT_NURSING,
                office: rng.pick(NURSING),
                days: days_on(month, &pick_weekdays(&mut rng, 1)),
                start: Some((rng.range(9, 16) as u32, 0)),
                equipment: None,
                equipment_name: "",
                detail_no: None,
                day_mask: None,
            });
        }
        if rng.chance(40) {
            // A rental that starts mid-month is billed pro rata from its first day.
            let first = if rng.chance(10) {
                rng.range(2, u64::from(month.days_in_month())) as u8
            } else {
                1
            };
            let mask = (first > 1).then(|| {
                (1..=31u8)
                    .map(|d| {
                        if d >= first && d <= month.days_in_month() {
                            '1'
                        } else {
                            '0'
                        }
                    })
                    .collect::<String>()
            });
            let office = rng.pick(EQUIPMENT);
            if rng.chance(70) {
                services.push(Service {
                    def: WHEELCHAIR,
                    office,
                    days: vec![first],
                    start: None,
                    equipment: Some((equipment_code(&mut rng), false)),
                    equipment_name: "ｶﾙｶﾙ車いす KA-16(自走式)",
                    detail_no: None,
                    day_mask: mask.clone(),
                });
            }
            if rng.chance(50) {
                // Two rails of one code and one unit count: 明細判別コード 1 and 2.
                for (no, name) in [
                    (1, "手すり \"らくらく\", 居室"),
                    (2, "手すり \"らくらく\", 廊下"),
                ] {
                    let notified = rng.chance(20);
                    services.push(Service {
                        def: HANDRAIL,
                        office,
                        days: vec![first],
                        start: None,
                        equipment: Some((equipment_code(&mut rng), notified)),
                        equipment_name: name,
                        detail_no: Some(no),
                        day_mask: mask.clone(),
                    });
                }
            }
        }
        if services.is_empty() {
            let weekdays = pick_weekdays(&mut rng, 2);
            services.push(Service {
                def: BODY_CARE,
                office: &HOME_CARE[0],
                days: days_on(month, &weekdays),
                start: Some((10, 0)),
                equipment: None,
                equipment_name: "",
                detail_no: None,
                day_mask: None,
            });
        }
        let insurer = *rng.pick(INSURERS);
        let manager = *rng.pick(MANAGERS);
        User {
            insurer,
            insured,
            manager,
            created_day: rng.range(20, 28) as u8,
            services,
        }
    }

    /// The 第6表 lines: one per service per day, in day order.
    fn upplan(&self, month: YearMonth, out: &mut String) {
        let prev = month.prev();
        let created = format!(
            "{:04}{:02}{:02}",
            prev.year(),
            prev.month(),
            self.created_day
        );
        let ym = format!("{:04}{:02}", month.year(), month.month());
        let mut lines: Vec<(u8, usize)> = self
            .services
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.days.iter().map(move |&d| (d, i)))
            .collect();
        lines.sort_unstable();
        for (day, i) in lines {
            let s = &self.services[i];
            let (start, end) = times(s);
            let _ = write!(
                out,
                "{CSV_VERSION},{},{},{created},{ym},{CARE_OFFICE},",
                self.insurer, self.insured
            );
            quoted(out, self.manager);
            let _ = write!(
                out,
                ",{},,{ym}{day:02},{},{start},{end},1,{},",
                s.def.units,
                s.day_mask.as_deref().unwrap_or(""),
                s.def.code
            );
            match &s.equipment {
                Some((code, false)) => {
                    let _ = write!(out, "{code},,");
                }
                Some((code, true)) => {
                    let _ = write!(out, ",{code},");
                }
                None => out.push_str(",,"),
            }
            quoted(out, s.equipment_name);
            let _ = write!(
                out,
                ",{},{},",
                s.detail_no.map(|n| n.to_string()).unwrap_or_default(),
                s.office.number
            );
            quoted(out, s.office.name);
            out.push_str(",,0,");
            out.push_str(CARE_OFFICE);
            out.push_str(",\r\n");
        }
    }

    /// The 第7表 rows of the user whose UPPLAN lines are `upplan` (MS932), as the library
    /// computes them, appended to `out` in MS932.
    fn upsikyu(&self, upplan: &[u8], month: YearMonth, out: &mut Vec<u8>) -> io::Result<()> {
        let mut plan = Vec::new();
        for raw in Reader::from_reader(upplan).records() {
            plan.push(
                Table6Record::from_raw(&raw.map_err(invalid)?).ok_or_else(|| invalid("第6表"))?,
            );
        }
        let mut table7 = Table7Builder::new()
            .table6(plan)
            .hosoku([self.hosoku(month)?]);
        for s in &self.services {
            let price = u32::try_from(s.def.price)
                .ok()
                .and_then(Decimal::from_hundredths);
            let price = price.ok_or_else(|| invalid("単位数単価"))?;
            let office = s.office.number.parse().map_err(invalid)?;
            let kind = s.def.code[..2].parse().map_err(invalid)?;
            table7 = table7.unit_price(Party::new(office, kind), price);
        }
        let built = table7.build().map_err(invalid)?;
        let mut w =
            FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsageSummary, "UPSIKYU");
        for r in &built.table7 {
            w.write(r).map_err(invalid)?;
        }
        out.extend_from_slice(&w.finish().map_err(invalid)?.0);
        Ok(())
    }

    /// The user's 利用者補足情報 for `month`: a care level picked by the insured number, and
    /// its 区分支給限度基準額.
    fn hosoku(&self, month: YearMonth) -> io::Result<HosokuRecord> {
        const LEVELS: [(&str, &str); 5] = [
            ("21", "16765"),
            ("22", "19705"),
            ("23", "27048"),
            ("24", "30938"),
            ("25", "36217"),
        ];
        let pick = self.insured.bytes().map(usize::from).sum::<usize>() % LEVELS.len();
        let (level, limit) = LEVELS[pick];
        let ym = format!("{:04}{:02}", month.year(), month.month());
        let mut t = vec![
            CSV_VERSION,
            self.insurer,
            &self.insured,
            "00000000",
            "",
            "",
            "1",
        ];
        t.extend(["19400101", "", "", "", "", "", "", "", "", "", level, limit]);
        t.extend([""; 40]);
        t.extend([CARE_OFFICE, CARE_OFFICE, "", &ym]);
        HosokuRecord::from_raw(&RawRecord::from_texts(t)).ok_or_else(|| invalid("補足"))
    }
}

/// An error of the generator's own data (never expected: its texts are valid).
fn invalid(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

/// Start and end as written: `HHMM`, or `9999` for a service without times.
fn times(s: &Service) -> (String, String) {
    match (s.start, s.def.minutes) {
        (Some((h, m)), Some(minutes)) => {
            let end = (h * 60 + m + minutes).min(23 * 60 + 59);
            (
                format!("{h:02}{m:02}"),
                format!("{:02}{:02}", end / 60, end % 60),
            )
        }
        _ => ("9999".to_string(), "9999".to_string()),
    }
}

/// A TAIS-like code: 5 digits, a hyphen (sometimes the full-width one), 6 digits.
fn equipment_code(rng: &mut Rng) -> String {
    let hyphen = if rng.chance(30) { '－' } else { '-' };
    format!(
        "{:05}{hyphen}{:06}",
        rng.range(1, 1200),
        rng.range(1, 999_999)
    )
}

/// Appends `text` as a quoted CSV field (inner quotes doubled).
fn quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}
