//! 第7表 and the 補足 limit slots from the month's 第6表 予定.

use std::collections::BTreeMap;

use careplan_csv::Party;
use careplan_model::__private::item_ref;
use careplan_model::hosoku::{HosokuLink, HosokuRecord};
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::value::{
    Applicable, Decimal, DigitCode, OfficeNumber, ServiceCode, ServiceKind, SubtotalKind,
};
use careplan_model::{FileKind, Format, Origin, Problem, ProblemKind};

use crate::error::Error;
use crate::keys::{UserKey, UserMonthKey};

/// The 給付率 (%) of a user none is given for: 1割負担.
pub const DEFAULT_BENEFIT_RATE: u8 = 90;

/// Units over a limit that one 第7表 service row takes: over the 種類支給限度基準額
/// (No.19) and over the 区分支給限度基準額 (No.21). See
/// [`Table7Builder::allocate`].
///
/// ```
/// use careplan_bundle::build::OverLimit;
/// let over = OverLimit::category(1200);
/// assert_eq!((over.kind, over.category), (0, 1200));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OverLimit {
    /// 種類支給限度基準を超える単位数.
    pub kind: i64,
    /// 区分支給限度基準を超える単位数.
    pub category: i64,
}

impl OverLimit {
    /// Units over the 区分支給限度基準額 only.
    pub const fn category(units: i64) -> OverLimit {
        OverLimit {
            kind: 0,
            category: units,
        }
    }

    /// Units over the 種類支給限度基準額 only.
    pub const fn kind(units: i64) -> OverLimit {
        OverLimit {
            kind: units,
            category: 0,
        }
    }
}

/// Computes 第7表（サービス利用票別表）and the 種類支給限度 slots of 利用者補足情報 from a
/// month's 第6表 予定, as the care office's software does for the printed 別表.
///
/// **In:** the 第6表 records ([`table6`](Table7Builder::table6)); each user's 補足 for the
/// month ([`hosoku`](Table7Builder::hosoku): No.19 区分支給限度基準額 and the slots'
/// サービス種類コード and 支給限度基準額); the 単位数単価 of each office and service kind
/// ([`unit_price`](Table7Builder::unit_price), or one for all:
/// [`default_unit_price`](Table7Builder::default_unit_price)); each user's 給付率
/// ([`benefit_rate`](Table7Builder::benefit_rate), 90 when not given;
/// [`benefit_rate_for`](Table7Builder::benefit_rate_for) for one office and kind, e.g. with
/// 公費); the service codes outside the 区分支給限度
/// ([`outside_limit`](Table7Builder::outside_limit)); and, where the care manager chose
/// them, the rows that take the units over a limit ([`allocate`](Table7Builder::allocate)).
///
/// **Out** ([`Table7Build`]), per user-month (保険者番号 + 被保険者番号 + 対象年月), in the
/// order of the users' first 第6表 line:
///
/// - **Service rows**, one per office and service code (and 単位数, satellite, TAIS/届出
///   code, 明細判別コード, ３０日超区分: lines that differ in these are separate rows), in
///   the order of their first line, grouped by office and kind: No.13 単位数 (第6表 No.8),
///   No.16 回数 (the lines' No.14 summed), No.17 サービス単位/金額 = 単位数 × 回数, No.18
///   給付管理単位数 = No.17 (empty for a code outside the 区分支給限度 and for a ３０日超 row),
///   No.19/20 種類支給限度基準 超/内 and No.21/22 区分支給限度基準 超/内 (see below).
/// - **Subtotals** per office and kind (as the [checks](careplan_model::table7) group rows): `xxAAAA` when the
///   group has more than one service row (No.9: 「その種類のサービスコードが複数行なら必須」),
///   totalling the rows inside the limit (all rows when none is); `xxEEEE` when two or more
///   rows are outside the limit. No.13 単位数 and No.16 回数 `0`, No.14/15 empty.
/// - **The grand total** `999999` at office `9999999999`, summing every row.
///
/// **Limits.** A kind with a 補足 slot has a 種類支給限度基準額 (a slot of kind 22 covers
/// 22, 23 and 2A: 「短期入所療養介護は種類コード22で設定する」): its rows' 給付管理単位数 above
/// it are 種類支給限度基準超. What remains of every row (種類内) counts against No.19
/// 区分支給限度基準額; the excess is 区分支給限度基準超. Which rows take the excess is the
/// care manager's choice: [`allocate`](Table7Builder::allocate) names them; for a limit
/// with no allocation given, **the default takes the excess from the user's last rows
/// first** (the rows in the order above, read from the end: the services planned last lose
/// the insurance first), each row up to its units. A user without No.19 has no 区分 limit.
///
/// **Money** is computed once per covered set of rows — a subtotal's rows, or a row no
/// subtotal covers — and written on that subtotal or row (as the printed 別表 does), with
/// the office's and kind's No.23 単位数単価 and No.25 給付率:
///
/// - No.24 費用総額 = 区分支給限度基準内単位数 × 単位数単価, 1円未満切り捨て (for rows outside
///   the limit, their units; for a ３０日超 row, 0);
/// - No.26 保険請求額 = 費用総額 × 給付率 / 100, 1円未満切り捨て;
/// - No.28 利用者負担（保険対象分）= 費用総額 − 保険請求額;
/// - No.29 利用者負担（全額負担分）= (種類超 + 区分超 単位数) × 単位数単価, 1円未満切り捨て
///   (a ３０日超 row: all its units).
///
/// The grand total sums them. **補足:** every slot with a kind and a 支給限度基準額 gets its
/// 合計単位数 (the kind's 給付管理単位数) and 限度超単位数 (its 種類超); No.56 合計限度超単位数
/// is their sum (empty when no slot is used, as the 補足 check reads the item). 補足 records of other user-months are returned
/// as given.
///
/// Whatever it builds passes the library's checks of 第7表 and 補足. It refuses (an
/// [`ErrorKind::InvalidRecords`](crate::ErrorKind::InvalidRecords) error listing every
/// problem) a user-month without its 補足, a row with no 単位数単価, a 給付率 over 100, and
/// an allocation that names no row, exceeds a row's units or does not add up to the units
/// over the limit.
///
/// ```
/// use careplan_bundle::build::Table7Builder;
/// use careplan_model::hosoku::HosokuRecord;
/// use careplan_model::table6::Table6Record;
/// use careplan_model::value::{ParseError, Sex};
/// // 訪問介護 111111 (250 units) at 0300000005, planned by the care office 0300000100.
/// let user = "131001/0000012345".parse()?;
/// let line = |date: &str| -> Result<Table6Record, ParseError> {
///     let (care_office, created) = ("0300000100".parse()?, "20250320".parse()?);
///     let (code, provider) = ("111111".parse()?, "0300000005".parse()?);
///     Ok(Table6Record::planned(care_office, created, user, date.parse()?, code, 250, provider))
/// };
/// let (month, birth) = ("202504".parse()?, "19400101".parse()?);
/// let mut hosoku = HosokuRecord::for_month(user, month, "ﾔﾏﾀﾞ ﾊﾅｺ", "山田 花子", Sex::Female, birth);
/// hosoku.category_limit = Some(400); // No.19 区分支給限度基準額
///
/// let built = Table7Builder::new()
///     .table6([line("20250401")?, line("20250408")?])
///     .hosoku([hosoku])
///     .default_unit_price("11.40".parse()?)
///     .build()?;
/// let rows = &built.table7;
/// // One service row (2 × 250 units, 100 over the limit of 400) and the grand total.
/// assert_eq!(rows.len(), 2);
/// assert_eq!((rows[0].count, rows[0].service_units), (2, Some(500)));
/// assert_eq!(rows[0].category_limit_over, Some(100));
/// // 400 × 11.40 = 4560 yen; 90 % claimed: 4104; the user pays 456 and 100 × 11.40.
/// assert_eq!((rows[0].total_cost, rows[0].claim), (Some(4560), Some(4104)));
/// assert_eq!((rows[0].copay, rows[0].copay_full), (Some(456), Some(1140)));
/// assert_eq!(rows[1].service_code.to_string(), "999999");
/// assert_eq!(rows[1].copay_full, Some(1140));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct Table7Builder {
    table6: Vec<Table6Record>,
    hosoku: Vec<HosokuRecord>,
    prices: BTreeMap<(OfficeNumber, Option<ServiceKind>), Decimal>,
    default_price: Option<Decimal>,
    rates: BTreeMap<UserKey, u8>,
    group_rates: BTreeMap<(UserKey, OfficeNumber, Option<ServiceKind>), u8>,
    outside: Vec<ServiceCode>,
    allocations: Vec<(UserKey, OfficeNumber, ServiceCode, OverLimit)>,
}

/// What [`Table7Builder::build`] computed: the 第7表 rows and the 補足 records with their
/// limit slots filled.
///
/// See [`Table7Builder`] for an example.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Table7Build {
    /// The 第7表 rows: per user-month its service rows, subtotals and grand total.
    pub table7: Vec<Table7Record>,
    /// The 補足 records given, those of the user-months built with their slots' 合計単位数
    /// and 限度超単位数 and No.56 filled.
    pub hosoku: Vec<HosokuRecord>,
}

impl Table7Builder {
    /// A builder with no records, prices or rates yet.
    pub fn new() -> Table7Builder {
        Table7Builder::default()
    }

    /// Adds 第6表 予定 records (any users; one month per user-month built).
    pub fn table6(mut self, records: impl IntoIterator<Item = Table6Record>) -> Table7Builder {
        self.table6.extend(records);
        self
    }

    /// Adds 利用者補足情報 records linked to the month (No.63 the month): No.19 and the
    /// slots' kinds and limits are read; the slots' sums are filled in the output.
    pub fn hosoku(mut self, records: impl IntoIterator<Item = HosokuRecord>) -> Table7Builder {
        self.hosoku.extend(records);
        self
    }

    /// The 単位数単価 (No.23, yen per unit) of `provider`'s services: those of its office
    /// and service kind (a party without a kind, as in a legacy name or a 4.0 name, whose
    /// 3-digit code is not a kind: every kind of the office that has no price of its own).
    ///
    /// ```
    /// use careplan_bundle::build::Table7Builder;
    /// let builder = Table7Builder::new()
    ///     .unit_price("1310000002_11".parse()?, "11.40".parse()?) // 訪問介護
    ///     .unit_price("1310000004_15".parse()?, "10.90".parse()?); // 通所介護
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit_price(mut self, provider: Party, price: Decimal) -> Table7Builder {
        self.prices
            .insert((provider.office(), provider.kind()), price);
        self
    }

    /// The 単位数単価 of every office and kind none is given for.
    pub fn default_unit_price(mut self, price: Decimal) -> Table7Builder {
        self.default_price = Some(price);
        self
    }

    /// The 給付率 (No.25, %) of `user`: 90, 80 or 70 (1, 2 or 3割負担) …
    /// [`DEFAULT_BENEFIT_RATE`] when not given.
    pub fn benefit_rate(mut self, user: UserKey, percent: u8) -> Table7Builder {
        self.rates.insert(user, percent);
        self
    }

    /// The 給付率 of `user`'s services at `provider` (its office and kind; a party without
    /// a kind: every kind of the office), e.g. 100 where 公費 pays the rest, over the
    /// user's own.
    pub fn benefit_rate_for(
        mut self,
        user: UserKey,
        provider: Party,
        percent: u8,
    ) -> Table7Builder {
        self.group_rates
            .insert((user, provider.office(), provider.kind()), percent);
        self
    }

    /// Service codes outside the 区分支給限度 (加算 the service-code table marks
    /// 支給限度額管理対象外, e.g. 処遇改善加算): their rows have no 給付管理単位数 and count
    /// against no limit. Every other code is inside.
    pub fn outside_limit(mut self, codes: impl IntoIterator<Item = ServiceCode>) -> Table7Builder {
        self.outside.extend(codes);
        self
    }

    /// The care manager's choice: `user`'s row of `code` at `office` takes `over` units
    /// over the limits (rows of one office and code that differ in 単位数 or product take
    /// them from the last one first). Once one row of a user is given an over-limit
    /// amount of a limit, the user's allocation of that limit (区分, or 種類 per kind) is
    /// the one given, and must add up to the units over it.
    pub fn allocate(
        mut self,
        user: UserKey,
        office: OfficeNumber,
        code: ServiceCode,
        over: OverLimit,
    ) -> Table7Builder {
        self.allocations.push((user, office, code, over));
        self
    }

    /// Computes 第7表 and fills the 補足 slots.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRecords`](crate::ErrorKind::InvalidRecords), with every problem
    /// (see the type's docs).
    pub fn build(&self) -> Result<Table7Build, Error> {
        let mut problems = Vec::new();
        let mut index: BTreeMap<UserMonthKey, usize> = BTreeMap::new();
        let mut months: Vec<(UserMonthKey, Vec<&Table6Record>)> = Vec::new();
        for r in &self.table6 {
            let key = UserMonthKey::of_table6(r);
            let at = *index.entry(key).or_insert(months.len());
            match months.get_mut(at) {
                Some((_, lines)) => lines.push(r),
                None => months.push((key, vec![r])),
            }
        }
        let mut hosoku = self.hosoku.clone();
        let mut hosoku_of: BTreeMap<UserMonthKey, usize> = BTreeMap::new();
        for (i, h) in hosoku.iter().enumerate() {
            if let Some(HosokuLink::Usage(m)) = h.link() {
                hosoku_of
                    .entry(UserMonthKey::new(h.insurer, h.insured, m))
                    .or_insert(i);
            }
        }
        let mut table7 = Vec::new();
        for (key, lines) in &months {
            let h = hosoku_of.get(key).and_then(|i| hosoku.get_mut(*i));
            let Some(h) = h else {
                problems.push(
                    // At the 第6表 user-month that lacks its 補足 (the 補足 is named in
                    // `expected`, not twice).
                    Problem::error(ProblemKind::MissingDependent)
                        .in_kind(FileKind::UsagePlan)
                        .found(format!("{key}"))
                        // The 補足 of the month (its No.63 the key's month), which gives the
                        // user's limits.
                        .expected(FileKind::Hosoku.name_ja()),
                );
                continue;
            };
            let mut user = UserMonth::new(self, *key, lines, &mut problems);
            user.limit(self, h, &mut problems);
            user.write(self, &mut table7, &mut problems);
        }
        if problems.iter().any(Problem::is_error) {
            return Err(Error::invalid_records(problems));
        }
        Ok(Table7Build { table7, hosoku })
    }

    fn price(&self, office: OfficeNumber, kind: ServiceKind) -> Option<Decimal> {
        let price = |kind| self.prices.get(&(office, kind)).copied();
        price(Some(kind))
            .or_else(|| price(None))
            .or(self.default_price)
    }

    fn rate(&self, user: UserKey, office: OfficeNumber, kind: ServiceKind) -> u8 {
        let rate = |kind| self.group_rates.get(&(user, office, kind));
        rate(Some(kind))
            .or_else(|| rate(None))
            .or_else(|| self.rates.get(&user))
            .copied()
            .unwrap_or(DEFAULT_BENEFIT_RATE)
    }
}

/// A 第7表 service row being built: the first 第6表 line of it and the sums.
struct Row<'a> {
    line: &'a Table6Record,
    kind: ServiceKind,
    count: i64,
    /// No.17 サービス単位/金額.
    units: i64,
    /// Inside the 区分支給限度 (and not ３０日超): No.18 is given.
    inside: bool,
    over_30: bool,
    over: OverLimit,
}

impl Row<'_> {
    /// 種類内 units: what counts against the 区分 limit.
    fn within_kind(&self) -> i64 {
        if self.inside {
            self.units.saturating_sub(self.over.kind)
        } else {
            0
        }
    }

    /// Whether `line` belongs to this row.
    fn takes(&self, line: &Table6Record) -> bool {
        let a = self.line;
        a.provider == line.provider
            && a.satellite == line.satellite
            && a.service_code == line.service_code
            && a.units == line.units
            && a.tais_code == line.tais_code
            && a.notified_code == line.notified_code
            && a.equipment_name == line.equipment_name
            && a.detail_no == line.detail_no
            && a.over_30_days == line.over_30_days
    }
}

/// Which limit an allocation or a default fills.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Limit {
    Kind,
    Category,
}

/// One user-month's rows, grouped by office and kind in order.
struct UserMonth<'a> {
    key: UserMonthKey,
    rows: Vec<Row<'a>>,
    /// (office, kind) and the indexes of its rows.
    groups: Vec<((OfficeNumber, ServiceKind), Vec<usize>)>,
}

impl<'a> UserMonth<'a> {
    fn new(
        b: &Table7Builder,
        key: UserMonthKey,
        lines: &[&'a Table6Record],
        problems: &mut Vec<Problem>,
    ) -> UserMonth<'a> {
        let mut rows: Vec<Row<'a>> = Vec::new();
        for line in lines {
            let kind = match line.service_code {
                ServiceCode::Service { kind, .. } => kind,
                _ => {
                    problems.push(
                        item_problem(ProblemKind::InvalidFormat, FileKind::UsagePlan, 15)
                            .found(line.service_code.to_string())
                            // A service's own code, not a subtotal or total form.
                            .format(Format::ServiceCode)
                            .expected(Format::ServiceCode.notation()),
                    );
                    continue;
                }
            };
            let count = i64::from(line.count);
            match rows.iter_mut().find(|r| r.takes(line)) {
                Some(row) => {
                    row.count = row.count.saturating_add(count);
                    row.units = row.units.saturating_add(line.units.saturating_mul(count));
                }
                None => {
                    let over_30 = line.over_30_days == Applicable::Yes;
                    rows.push(Row {
                        line,
                        kind,
                        count,
                        units: line.units.saturating_mul(count),
                        inside: !over_30 && !b.outside.contains(&line.service_code),
                        over_30,
                        over: OverLimit::default(),
                    });
                }
            }
        }
        let mut groups: Vec<((OfficeNumber, ServiceKind), Vec<usize>)> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let g = (r.line.provider, r.kind);
            match groups.iter_mut().find(|(k, _)| *k == g) {
                Some((_, list)) => list.push(i),
                None => groups.push((g, vec![i])),
            }
        }
        // Rows in the order they are written: group by group.
        let order: Vec<usize> = groups.iter().flat_map(|(_, l)| l.iter().copied()).collect();
        let mut slots: Vec<Option<Row<'a>>> = rows.into_iter().map(Some).collect();
        let rows: Vec<Row<'a>> = order
            .iter()
            .filter_map(|i| slots.get_mut(*i).and_then(Option::take))
            .collect();

        let mut next = 0;
        for (_, list) in &mut groups {
            for i in list.iter_mut() {
                *i = next;
                next += 1;
            }
        }
        UserMonth { key, rows, groups }
    }

    /// Computes the units over the limits and fills `h`'s slots and No.56.
    fn limit(&mut self, b: &Table7Builder, h: &mut HosokuRecord, problems: &mut Vec<Problem>) {
        let user = self.key.user();
        let given: Vec<&(UserKey, OfficeNumber, ServiceCode, OverLimit)> =
            b.allocations.iter().filter(|a| a.0 == user).collect();
        // Allocations must name a row of the user.
        for (_, office, code, _) in &given {
            if !self
                .rows
                .iter()
                .any(|r| r.line.provider == *office && r.line.service_code == *code && r.inside)
            {
                // The units over the limit go to a row inside the limit: those rows'
                // office and code are what may be named.
                let mut inside: Vec<String> = self
                    .rows
                    .iter()
                    .filter(|r| r.inside)
                    .map(|r| format!("{} {}", r.line.provider, r.line.service_code))
                    .collect();
                inside.dedup();
                problems.push(
                    item_problem(ProblemKind::Inconsistent, FileKind::UsageSummary, 9)
                        .found(format!("{} {office} {code}", self.key))
                        .expected(inside.join("|")),
                );
            }
        }
        // 種類支給限度, slot by slot.
        let mut over_total: Option<i64> = None;
        for n in 1..=careplan_model::hosoku::SLOTS {
            let Some(mut slot) = h.slot(n) else { continue };
            let (Some(kind), Some(limit)) = (slot.kind, slot.limit) else {
                continue;
            };
            let covers = |k: ServiceKind| {
                k == kind || (kind.code() == "22" && matches!(k.code(), "23" | "2A"))
            };
            let members: Vec<usize> = (0..self.rows.len())
                .filter(|i| {
                    self.rows
                        .get(*i)
                        .is_some_and(|r| r.inside && covers(r.kind))
                })
                .collect();
            let total: i64 = members
                .iter()
                .filter_map(|i| self.rows.get(*i))
                .map(|r| r.units)
                .sum();
            let over = total.saturating_sub(limit).max(0);
            let chosen: Vec<_> = given
                .iter()
                .filter(|a| a.3.kind != 0)
                .filter(|a| members.iter().any(|i| self.is(*i, a.1, a.2)))
                .copied()
                .collect();
            self.spread(&members, over, &chosen, Limit::Kind, problems);
            slot.units = Some(total);
            slot.over = Some(over);
            h.set_slot(n, slot);
            over_total = Some(over_total.unwrap_or(0).saturating_add(over));
        }
        h.over_total = over_total;
        // 区分支給限度: what is left within the kind limits.
        if let Some(limit) = h.category_limit {
            let members: Vec<usize> = (0..self.rows.len())
                .filter(|i| self.rows.get(*i).is_some_and(|r| r.inside))
                .collect();
            let within: i64 = self.rows.iter().map(Row::within_kind).sum();
            let over = within.saturating_sub(limit).max(0);
            let chosen: Vec<_> = given
                .iter()
                .filter(|a| a.3.category != 0)
                .copied()
                .collect();
            self.spread(&members, over, &chosen, Limit::Category, problems);
        }
    }

    fn is(&self, i: usize, office: OfficeNumber, code: ServiceCode) -> bool {
        self.rows
            .get(i)
            .is_some_and(|r| r.line.provider == office && r.line.service_code == code)
    }

    /// Shares `over` units of `limit` among the rows `members`: as `chosen` says, or by the
    /// default (the last rows first).
    fn spread(
        &mut self,
        members: &[usize],
        over: i64,
        chosen: &[&(UserKey, OfficeNumber, ServiceCode, OverLimit)],
        limit: Limit,
        problems: &mut Vec<Problem>,
    ) {
        // 種類支給限度基準を超える単位数, 区分支給限度基準を超える単位数.
        let no = match limit {
            Limit::Kind => 19,
            Limit::Category => 21,
        };
        let room = |r: &Row<'_>| match limit {
            Limit::Kind => r.units,
            Limit::Category => r.within_kind(),
        };
        let take = |r: &mut Row<'_>, units: i64| match limit {
            Limit::Kind => r.over.kind = r.over.kind.saturating_add(units),
            Limit::Category => r.over.category = r.over.category.saturating_add(units),
        };
        if chosen.is_empty() {
            let mut left = over;
            for i in members.iter().rev() {
                if left <= 0 {
                    break;
                }
                if let Some(r) = self.rows.get_mut(*i) {
                    let units = left.min(room(r)).max(0);
                    take(r, units);
                    left -= units;
                }
            }
            return;
        }
        let mut sum = 0i64;
        for (_, office, code, amount) in chosen {
            let given = match limit {
                Limit::Kind => amount.kind,
                Limit::Category => amount.category,
            };
            let mut left = given;
            sum = sum.saturating_add(left);
            for i in members.iter().rev() {
                if !self.is(*i, *office, *code) {
                    continue;
                }
                if let Some(r) = self.rows.get_mut(*i) {
                    let units = left.min(room(r)).max(0);
                    take(r, units);
                    left -= units;
                }
            }
            if left != 0 {
                problems.push(
                    item_problem(ProblemKind::Inconsistent, FileKind::UsageSummary, no)
                        // The units given for the line, and at most what its rows hold
                        // (the item, No.19 or No.21, names which units).
                        .found(format!("{} {office} {code} {given}", self.key))
                        .expected(format!("0-{}", given - left)),
                );
            }
        }
        if sum != over {
            problems.push(
                item_problem(ProblemKind::TotalMismatch, FileKind::UsageSummary, no)
                    // The units allocated, and the units over the limit (the item, No.19
                    // or No.21, names which).
                    .found(format!("{} {sum}", self.key))
                    .expected(over.to_string()),
            );
        }
    }

    /// Writes the rows, subtotals and grand total.
    fn write(&self, b: &Table7Builder, out: &mut Vec<Table7Record>, problems: &mut Vec<Problem>) {
        let Some(first) = self.rows.first() else {
            return;
        };
        let user = self.key.user();
        let mut grand = Sums::default();
        for ((office, kind), list) in &self.groups {
            let rows: Vec<&Row<'_>> = list.iter().filter_map(|i| self.rows.get(*i)).collect();
            let Some(head) = rows.first() else { continue };
            let money = match b.price(*office, *kind) {
                Some(price) => Some((price, b.rate(user, *office, *kind))),
                None => {
                    problems.push(
                        item_problem(ProblemKind::MissingRequired, FileKind::UsageSummary, 23)
                            // The user, month, office and kind whose price was not given
                            // (Table7Builder::unit_price).
                            .found(format!("{} {office} {kind}", self.key)),
                    );
                    None
                }
            };
            if let Some((_, rate)) = money.filter(|(_, r)| *r > 100) {
                problems.push(
                    item_problem(ProblemKind::InvalidFormat, FileKind::UsageSummary, 25)
                        .found(format!("{} {office} {kind}: {rate}", self.key))
                        .expected("0-100"),
                );
            }
            let inside: Vec<&Row<'_>> = rows.iter().copied().filter(|r| r.inside).collect();
            let outside: Vec<&Row<'_>> = rows
                .iter()
                .copied()
                .filter(|r| !r.inside && !r.over_30)
                .collect();
            let several = rows.len() > 1;
            // The sets whose money goes on a subtotal: inside rows under xxAAAA (all the
            // regular rows when none is inside), outside rows under xxEEEE when several.
            let (a_rows, e_rows): (Vec<&Row<'_>>, Vec<&Row<'_>>) = if inside.is_empty() {
                (outside.clone(), Vec::new())
            } else {
                (inside.clone(), outside.clone())
            };
            let a_covers = several;
            let e_covers = several && e_rows.len() > 1;
            for r in &rows {
                let covered = (a_covers && a_rows.iter().any(|x| std::ptr::eq(*x, *r)))
                    || (e_covers && e_rows.iter().any(|x| std::ptr::eq(*x, *r)));
                let mut rec = detail(r);
                let sums = Sums::of(&[r], money);
                grand.add_units(&sums);
                if let (false, Some(m)) = (covered, money) {
                    sums.put_money(&mut rec, m);
                    grand.add_money(&sums);
                }
                out.push(rec);
            }
            for (covers, set, sub) in [
                (a_covers, &a_rows, SubtotalKind::Limit),
                (e_covers, &e_rows, SubtotalKind::OutsideLimit),
            ] {
                if !covers {
                    continue;
                }
                let code = ServiceCode::Subtotal {
                    kind: *kind,
                    subtotal: sub,
                };
                let mut rec = special(head.line, code);
                let sums = Sums::of(set, money);
                sums.put_units(&mut rec);
                if let Some(m) = money {
                    sums.put_money(&mut rec, m);
                    grand.add_money(&sums);
                }
                out.push(rec);
            }
        }
        let mut total = special(first.line, ServiceCode::GrandTotal);
        total.provider = OfficeNumber::ALL_NINES;
        total.provider_name = String::new();
        grand.put_units(&mut total);
        grand.put_total_money(&mut total);
        out.push(total);
    }
}

/// The sums of a set of rows: units and money.
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    units: i64,
    managed: Option<i64>,
    kind_over: Option<i64>,
    kind_within: Option<i64>,
    category_over: Option<i64>,
    category_within: Option<i64>,
    cost: i64,
    claim: i64,
    copay: i64,
    copay_full: i64,
}

fn add_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
    }
}

/// `units` × `price` yen, 1円未満切り捨て.
fn yen(units: i64, price: Decimal) -> i64 {
    units.saturating_mul(i64::from(price.hundredths())) / 100
}

impl Sums {
    /// The sums of `rows`, money at `price` and `rate` (none without them).
    fn of(rows: &[&Row<'_>], money: Option<(Decimal, u8)>) -> Sums {
        let mut s = Sums::default();
        let (mut within, mut full, mut plain) = (0i64, 0i64, 0i64);
        for r in rows {
            s.units = s.units.saturating_add(r.units);
            if r.inside {
                let kind_within = r.units.saturating_sub(r.over.kind);
                let category_within = kind_within.saturating_sub(r.over.category);
                s.managed = add_opt(s.managed, Some(r.units));
                s.kind_over = add_opt(s.kind_over, Some(r.over.kind));
                s.kind_within = add_opt(s.kind_within, Some(kind_within));
                s.category_over = add_opt(s.category_over, Some(r.over.category));
                s.category_within = add_opt(s.category_within, Some(category_within));
                within = within.saturating_add(category_within);
                full = full
                    .saturating_add(r.over.kind)
                    .saturating_add(r.over.category);
            } else if r.over_30 {
                full = full.saturating_add(r.units);
            } else {
                plain = plain.saturating_add(r.units);
            }
        }
        let Some((price, rate)) = money else {
            return s;
        };
        s.cost = yen(within.saturating_add(plain), price);
        s.claim = s.cost.saturating_mul(i64::from(rate)) / 100;
        s.copay = s.cost.saturating_sub(s.claim);
        s.copay_full = yen(full, price);
        s
    }

    fn add_units(&mut self, o: &Sums) {
        self.units = self.units.saturating_add(o.units);
        self.managed = add_opt(self.managed, o.managed);
        self.kind_over = add_opt(self.kind_over, o.kind_over);
        self.kind_within = add_opt(self.kind_within, o.kind_within);
        self.category_over = add_opt(self.category_over, o.category_over);
        self.category_within = add_opt(self.category_within, o.category_within);
    }

    fn add_money(&mut self, o: &Sums) {
        self.cost = self.cost.saturating_add(o.cost);
        self.claim = self.claim.saturating_add(o.claim);
        self.copay = self.copay.saturating_add(o.copay);
        self.copay_full = self.copay_full.saturating_add(o.copay_full);
    }

    fn put_units(&self, rec: &mut Table7Record) {
        rec.service_units = Some(self.units);
        rec.managed_units = self.managed;
        rec.kind_limit_over = self.kind_over;
        rec.kind_limit_within = self.kind_within;
        rec.category_limit_over = self.category_over;
        rec.category_limit_within = self.category_within;
    }

    fn put_money(&self, rec: &mut Table7Record, (price, rate): (Decimal, u8)) {
        rec.unit_price = Some(price);
        rec.benefit_rate = Some(i64::from(rate));
        self.put_total_money(rec);
    }

    fn put_total_money(&self, rec: &mut Table7Record) {
        rec.total_cost = Some(self.cost);
        rec.claim = Some(self.claim);
        rec.copay = Some(self.copay);
        rec.copay_full = Some(self.copay_full);
    }
}

/// A problem at item `no` of `kind`.
fn item_problem(problem: ProblemKind, kind: FileKind, no: u16) -> Problem {
    let p = Problem::error(problem).in_kind(kind);
    match item_ref(kind, no) {
        Some(item) => p.item(item),
        None => p,
    }
}

/// The service row of `r`, without money.
fn detail(r: &Row<'_>) -> Table7Record {
    let l = r.line;
    let mut rec = special(l, l.service_code);
    rec.satellite = l.satellite.clone();
    rec.tais_code = l.tais_code;
    rec.notified_code = l.notified_code;
    rec.equipment_name = l.equipment_name.clone();
    rec.units = l.units;
    rec.count = r.count;
    rec.over_30_days = l.over_30_days;
    Sums::of(&[r], None).put_units(&mut rec);
    rec
}

/// A row of `code` for the user, office and month of `l`, every amount empty, 単位数 and
/// 回数 0.
fn special(l: &Table6Record, code: ServiceCode) -> Table7Record {
    Table7Record {
        version: l.version,
        insurer: l.insurer,
        insured: l.insured,
        created: l.created,
        month: l.month,
        provider_name: l.provider_name.clone(),
        provider: l.provider,
        satellite: None::<DigitCode>,
        service_code: code,
        tais_code: None,
        notified_code: None,
        equipment_name: String::new(),
        units: 0,
        discount_rate: None,
        discounted_units: None,
        count: 0,
        service_units: None,
        managed_units: None,
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
        office_code: Some(OfficeNumber::ALL_NINES),
        entry_code: None,
        updater: Some(l.care_office),
        origin: Origin::none(),
    }
}
