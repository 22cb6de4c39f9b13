//! A past live, minute by minute: the post-live CSV (a live's own numbers, or a plan's per-minute export) read and written.
//!
//! The format (documented for users in `www/docs/model.md`, "Past lives"): a
//! header line, then one row per minute from minute 0, with the model's
//! per-minute outputs (section 3) as columns `minute, viewers, arrivals,
//! orders, revenue, chat`, and optionally `abandoned`, `buyers_new`,
//! `buyers_returning`, `arrivals:<channel>` and `orders:<item id>`. Real
//! exports are untidy, so the reader is lenient where nothing is lost (column
//! order and case, extra columns, `;` with a decimal comma, a BOM, blank
//! lines) and strict where a number would be guessed (an empty cell, a
//! fraction of an order, a missing or repeated minute). Numbers that are
//! possible but disagree with each other (more buyers than orders) are kept,
//! with a warning: the data is what happened, the model is what may be wrong.
//!
//! Text in, text out: no file I/O here (the CLI and the app read the files).

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::outputs::{Kpi, Series};
use crate::engine::plan::{CHANNELS, Plan};
use crate::engine::session::Session;
use crate::engine::tables::Table;

/// The model's longest live: `duration_min` is at most 600 (section 1).
pub const MAX_MINUTES: u32 = 600;
/// The largest count a cell may hold: the bound livesim puts on a scenario's
/// counts, so that every sum over a live stays exact in a `u64` and an `f64`.
pub const MAX_COUNT: u64 = 1_000_000_000_000;
/// The largest revenue of one minute (10^15): far above any live, in any
/// currency, and small enough that sums over 600 minutes stay finite.
pub const MAX_REVENUE: u64 = 1_000_000_000_000_000;

/// One past live as imported: minute 0.. in order, one entry per minute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actual {
    pub minutes: Vec<ActualMinute>,
    /// Orders per minute of each item given as an `orders:<item id>` column, in column order.
    pub items: Vec<ItemSeries>,
    /// Arrivals per minute by entry channel, in model order [direct, paid, organic]; None for a channel without its column.
    pub channels: [Option<Vec<u64>>; 3],
    /// Where the numbers come from.
    pub source: ActualSource,
}

/// One item's orders, minute by minute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemSeries {
    pub id: String,
    pub orders: Vec<u64>,
}

/// Where the numbers of an [`Actual`] come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActualSource {
    /// A live's own numbers.
    Live,
    /// A plan's per-minute export (`livesim` / the app's "every minute" CSV): its p50 per minute read as a live.
    PlanMedian,
}

/// One minute of a past live: the model's per-minute outputs (section 3), and
/// what a platform may also report. `None`: the file has no such column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActualMinute {
    pub minute: u32,
    /// Everyone present after the minute's arrivals (the model's `V(t)`).
    pub viewers: u64,
    pub arrivals: u64,
    pub orders: u64,
    /// In the scenario's currency.
    pub revenue: f64,
    pub chat: u64,
    pub abandoned: Option<u64>,
    /// Viewers who bought for the first time in this live during this minute, new to the shop.
    pub buyers_new: Option<u64>,
    /// Viewers who bought for the first time in this live during this minute, returning customers.
    pub buyers_returning: Option<u64>,
}

/// A past live read from CSV, and what in it looked odd but was kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub actual: Actual,
    pub warnings: Vec<ActualWarning>,
}

/// Why a CSV is not a past live: where (line, from 1 with the header as line 1, and column, by its header) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActualError {
    pub line: Option<u64>,
    /// The column's name as the header writes it (a missing column: the name it should have).
    pub column: Option<String>,
    pub kind: ActualErrorKind,
}

/// What a cell should hold (error messages say it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A count: a whole number, 0 or more.
    Count,
    /// A count of a plan's export: its median, rounded to a whole number.
    MedianCount,
    /// Revenue: an amount of money, 0 or more.
    Revenue,
}

/// Why a file is not CSV text at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotCsvReason {
    /// It holds control characters (NUL, ...) that no CSV of numbers has: a binary file.
    Binary,
    /// It starts with `{` or `[`: a JSON file (a scenario, a summary).
    Json,
    /// The CSV reader could not read it.
    Malformed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActualErrorKind {
    /// Nothing but blank lines.
    Empty,
    NotCsv(NotCsvReason),
    /// A required column is not in the header (the list depends on the format).
    MissingColumn {
        name: &'static str,
        source: ActualSource,
    },
    /// The column is in the header a second time (columns numbered from 1).
    DuplicateColumn {
        first: usize,
        again: usize,
    },
    /// An `orders:` column with no item id after the colon.
    ItemIdMissing,
    /// A header and no row.
    NoMinutes,
    /// A row with more or fewer cells than the header has columns.
    RowLength {
        expected: usize,
        found: usize,
    },
    EmptyCell {
        expected: Expected,
    },
    /// A count with a fraction.
    NotACount {
        text: String,
    },
    Negative {
        text: String,
        expected: Expected,
    },
    NotANumber {
        text: String,
    },
    /// `inf`, `NaN`, or a number too large for a float.
    NotFinite {
        text: String,
    },
    TooLarge {
        text: String,
        max: u64,
    },
    FirstMinuteNotZero {
        minute: u64,
    },
    MinuteOutOfOrder {
        expected: u64,
        found: u64,
    },
    TooManyMinutes {
        max: u32,
    },
}

/// Something in a past live that real data can have but the model cannot: the numbers are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActualWarning {
    /// The header's line for a column's warning; the first row concerned for a row's.
    pub line: Option<u64>,
    pub kind: ActualWarningKind,
}

/// A header column that was not read, numbered from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoredColumn {
    pub position: usize,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActualWarningKind {
    /// Columns the format does not know (platform exports carry many), ignored.
    UnknownColumns(Vec<IgnoredColumn>),
    /// The file is a plan's per-minute export, read as a live through its medians.
    PlanExport,
    /// `viewers < arrivals` in `rows` rows.
    ViewersBelowArrivals { rows: u64 },
    /// `viewers(t) > viewers(t-1) + arrivals(t)` in `rows` rows.
    ViewersAboveReachable { rows: u64 },
    /// Per-channel arrivals that are not the minute's arrivals (all three given) or exceed them (fewer given).
    ChannelsDoNotAddUp { rows: u64 },
    /// Per-item orders adding up to more than the minute's orders.
    ItemOrdersAboveOrders { rows: u64 },
    /// `buyers_new + buyers_returning > orders`.
    BuyersAboveOrders { rows: u64 },
}

const LIVE_REQUIRED: [&str; 6] = ["minute", "viewers", "arrivals", "orders", "revenue", "chat"];
const PLAN_REQUIRED: [&str; 6] = ["minute", "viewers_p50", "arrivals_p50", "orders_p50", "revenue_p50", "chat_p50"];
/// The column that marks a plan's per-minute export (`tables::minute_table`).
const PLAN_MARK: &str = "viewers_p50";
/// Longest cell text an error quotes: a garbage cell must not make a page-long message.
const QUOTED_CHARS: usize = 40;

fn required(source: ActualSource) -> &'static [&'static str; 6] {
    match source {
        ActualSource::Live => &LIVE_REQUIRED,
        ActualSource::PlanMedian => &PLAN_REQUIRED,
    }
}

/// What a column of the file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Role {
    Minute,
    Viewers,
    Arrivals,
    Orders,
    Revenue,
    Chat,
    Abandoned,
    BuyersNew,
    BuyersReturning,
    /// Index in [`CHANNELS`].
    Channel(usize),
    /// Index in the item columns, in column order.
    Item(usize),
    /// A column of a plan's export that is part of its format but not read (its p10 and p90, revenue so far).
    Unread,
    /// A column the format does not know: ignored, with a warning.
    Unknown,
}

/// The role of a column by its name (trimmed, lower case, spaces around a `:` removed); not items.
fn role_of(name: &str, source: ActualSource) -> Role {
    const SERIES: [(&str, Role); 6] = [
        ("viewers", Role::Viewers),
        ("arrivals", Role::Arrivals),
        ("orders", Role::Orders),
        ("revenue", Role::Revenue),
        ("chat", Role::Chat),
        ("abandoned", Role::Abandoned),
    ];
    match name {
        "minute" => return Role::Minute,
        "buyers_new" => return Role::BuyersNew,
        "buyers_returning" => return Role::BuyersReturning,
        _ => {}
    }
    let series = match source {
        ActualSource::Live => Some(name),
        ActualSource::PlanMedian => name.strip_suffix("_p50"),
    };
    if let Some(&(_, role)) = series.and_then(|s| SERIES.iter().find(|(n, _)| *n == s)) {
        return role;
    }
    if source == ActualSource::PlanMedian
        && Series::ALL.iter().any(|s| ["_p10", "_p50", "_p90"].iter().any(|q| name == format!("{}{q}", s.name())))
    {
        return Role::Unread;
    }
    match name.strip_prefix("arrivals:") {
        Some(channel) => CHANNELS.iter().position(|c| *c == channel).map_or(Role::Unknown, Role::Channel),
        None => Role::Unknown,
    }
}

/// A header name as matched: trimmed, lower case, no spaces around a `:`.
fn normalised(name: &str) -> String {
    match name.split_once(':') {
        Some((before, after)) => format!("{}:{}", before.trim(), after.trim()).to_lowercase(),
        None => name.trim().to_lowercase(),
    }
}

/// The header, read: what each column holds.
struct Layout {
    source: ActualSource,
    roles: Vec<Role>,
    /// The header's cells, trimmed, as written: errors name columns by them.
    names: Vec<String>,
    /// Item ids of the `orders:<id>` columns, in column order.
    items: Vec<String>,
    channels: [bool; 3],
    /// Columns the format does not know.
    unknown: Vec<IgnoredColumn>,
    header_line: Option<u64>,
}

impl Layout {
    fn read(header: &csv::StringRecord, line: Option<u64>) -> Result<Layout, ActualError> {
        let names: Vec<String> = header.iter().map(|c| c.trim().to_owned()).collect();
        let source = if names.iter().any(|n| normalised(n) == PLAN_MARK) {
            ActualSource::PlanMedian
        } else {
            ActualSource::Live
        };
        let mut layout = Layout {
            source,
            roles: Vec::with_capacity(names.len()),
            names: Vec::new(),
            items: Vec::new(),
            channels: [false; 3],
            unknown: Vec::new(),
            header_line: line,
        };
        // Where each role was first seen, to refuse a second column of it.
        let mut seen: HashMap<Role, usize> = HashMap::new();
        for (at, name) in names.iter().enumerate() {
            let error = |kind| ActualError { line, column: Some(name.clone()), kind };
            let role = match name.split_once(':') {
                Some((prefix, id)) if prefix.trim().eq_ignore_ascii_case("orders") => {
                    let id = id.trim();
                    if id.is_empty() {
                        return Err(error(ActualErrorKind::ItemIdMissing));
                    }
                    // Item ids are case-sensitive, as in a scenario: `orders:Serum` is not `orders:serum`.
                    match layout.items.iter().position(|known| known == id) {
                        Some(i) => Role::Item(i),
                        None => {
                            layout.items.push(id.to_owned());
                            Role::Item(layout.items.len() - 1)
                        }
                    }
                }
                _ => role_of(&normalised(name), source),
            };
            match role {
                Role::Unknown => layout.unknown.push(IgnoredColumn { position: at + 1, name: name.clone() }),
                Role::Unread => {}
                _ => {
                    if let Some(&first) = seen.get(&role) {
                        return Err(error(ActualErrorKind::DuplicateColumn { first: first + 1, again: at + 1 }));
                    }
                    seen.insert(role, at);
                }
            }
            if let Role::Channel(c) = role {
                layout.channels[c] = true;
            }
            layout.roles.push(role);
        }
        let must = [Role::Minute, Role::Viewers, Role::Arrivals, Role::Orders, Role::Revenue, Role::Chat];
        for (role, name) in must.iter().zip(required(source)) {
            if !seen.contains_key(role) {
                return Err(ActualError {
                    line,
                    column: Some((*name).to_owned()),
                    kind: ActualErrorKind::MissingColumn { name, source },
                });
            }
        }
        layout.names = names;
        Ok(layout)
    }
}

/// A check that can fail in many rows, reported once: its first line and how many rows.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    first: Option<u64>,
    rows: u64,
}

impl Tally {
    fn note(&mut self, failed: bool, line: Option<u64>) {
        if failed {
            if self.rows == 0 {
                self.first = line;
            }
            self.rows += 1;
        }
    }

    fn warning(self, kind: impl FnOnce(u64) -> ActualWarningKind) -> Option<ActualWarning> {
        (self.rows > 0).then(|| ActualWarning { line: self.first, kind: kind(self.rows) })
    }
}

#[derive(Default)]
struct Tallies {
    viewers_below_arrivals: Tally,
    viewers_above_reachable: Tally,
    channels: Tally,
    items: Tally,
    buyers: Tally,
}

/// `text` as an error quotes it: at most [`QUOTED_CHARS`] characters.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A cell as a number of the kind expected (a count's value is whole, within bounds).
fn number(cell: &str, expected: Expected, decimal_comma: bool) -> Result<f64, ActualErrorKind> {
    let text = cell.trim();
    if text.is_empty() {
        return Err(ActualErrorKind::EmptyCell { expected });
    }
    // With `;` between cells, spreadsheets in many languages write 12,5 for 12.5
    // (a cell with both a dot and a comma is grouped, "1.234,5": refused, not guessed).
    let with_dot;
    let written = if decimal_comma && text.contains(',') && !text.contains('.') {
        with_dot = text.replacen(',', ".", 1);
        with_dot.as_str()
    } else {
        text
    };
    let value: f64 = written.parse().map_err(|_| ActualErrorKind::NotANumber { text: quoted(text) })?;
    if !value.is_finite() {
        return Err(ActualErrorKind::NotFinite { text: quoted(text) });
    }
    if value < 0.0 {
        return Err(ActualErrorKind::Negative { text: quoted(text), expected });
    }
    // `-0` is 0 (adding 0.0 turns -0.0 into +0.0), so nothing negative is ever kept.
    let value = match expected {
        Expected::Count if value.fract() != 0.0 => return Err(ActualErrorKind::NotACount { text: quoted(text) }),
        Expected::MedianCount => value.round() + 0.0,
        _ => value + 0.0,
    };
    let max = if expected == Expected::Revenue { MAX_REVENUE } else { MAX_COUNT };
    if value > max as f64 {
        return Err(ActualErrorKind::TooLarge { text: quoted(text), max });
    }
    Ok(value)
}

/// The line of the first control character no CSV of numbers and names holds, if any.
fn binary_line(text: &str) -> Option<u64> {
    let at = text.find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))?;
    Some(text[..at].matches('\n').count() as u64 + 1)
}

/// Reads a past live from CSV text: a live's own numbers, or a plan's per-minute export (its medians).
///
/// Never panics; the first problem found is the error, with its line and column.
pub fn read_actual(text: &str) -> Result<Imported, ActualError> {
    let whole = |kind| ActualError { line: None, column: None, kind };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(whole(ActualErrorKind::Empty));
    }
    if let Some(line) = binary_line(text) {
        return Err(ActualError {
            line: Some(line),
            column: None,
            kind: ActualErrorKind::NotCsv(NotCsvReason::Binary),
        });
    }
    if text.trim_start().starts_with(['{', '[']) {
        return Err(whole(ActualErrorKind::NotCsv(NotCsvReason::Json)));
    }
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let delimiter = if header_line.contains(';') && !header_line.contains(',') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        // Rows of the wrong length are refused below, with their line and both lengths.
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut read: Option<(Layout, Rows)> = None;
    for record in reader.records() {
        let record = record.map_err(|e| ActualError {
            line: e.position().map(|p| p.line()),
            column: None,
            kind: ActualErrorKind::NotCsv(NotCsvReason::Malformed),
        })?;
        // Blank lines, and rows of empty cells that spreadsheets leave under a table, hold no minute.
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = record.position().map(|p| p.line());
        match &mut read {
            None => {
                let layout = Layout::read(&record, line)?;
                let rows = Rows::new(&layout);
                read = Some((layout, rows));
            }
            Some((layout, rows)) => rows.push(layout, &record, line, delimiter == b';')?,
        }
    }
    let (layout, rows) = read.ok_or(whole(ActualErrorKind::Empty))?;
    if rows.minutes.is_empty() {
        return Err(whole(ActualErrorKind::NoMinutes));
    }
    Ok(rows.finish(layout))
}

/// The minutes read so far, and the checks that warn.
struct Rows {
    minutes: Vec<ActualMinute>,
    items: Vec<Vec<u64>>,
    channels: [Vec<u64>; 3],
    tallies: Tallies,
}

impl Rows {
    fn new(layout: &Layout) -> Rows {
        Rows {
            minutes: Vec::new(),
            items: vec![Vec::new(); layout.items.len()],
            channels: Default::default(),
            tallies: Tallies::default(),
        }
    }

    fn push(
        &mut self,
        layout: &Layout,
        record: &csv::StringRecord,
        line: Option<u64>,
        decimal_comma: bool,
    ) -> Result<(), ActualError> {
        if record.len() != layout.roles.len() {
            let kind = ActualErrorKind::RowLength { expected: layout.roles.len(), found: record.len() };
            return Err(ActualError { line, column: None, kind });
        }
        let at = |column: usize, kind| ActualError { line, column: Some(layout.names[column].clone()), kind };
        let count_kind = match layout.source {
            ActualSource::Live => Expected::Count,
            ActualSource::PlanMedian => Expected::MedianCount,
        };
        // The minute first: a row out of place is the problem, whatever its other cells say.
        let minute_column = layout.roles.iter().position(|r| *r == Role::Minute).unwrap_or_default();
        let expected = self.minutes.len() as u64;
        let found = number(record.get(minute_column).unwrap_or_default(), Expected::Count, decimal_comma)
            .map_err(|kind| at(minute_column, kind))? as u64;
        if found != expected {
            let kind = if expected == 0 {
                ActualErrorKind::FirstMinuteNotZero { minute: found }
            } else {
                ActualErrorKind::MinuteOutOfOrder { expected, found }
            };
            return Err(at(minute_column, kind));
        }
        if expected >= u64::from(MAX_MINUTES) {
            return Err(at(minute_column, ActualErrorKind::TooManyMinutes { max: MAX_MINUTES }));
        }
        let mut minute = ActualMinute { minute: expected as u32, ..ActualMinute::default() };
        let mut optional = [None; 3];
        let mut channels = [None; 3];
        let mut item_orders = vec![0; layout.items.len()];
        for (column, (role, cell)) in layout.roles.iter().zip(record.iter()).enumerate() {
            let expected = match role {
                Role::Minute | Role::Unread | Role::Unknown => continue,
                Role::Revenue => Expected::Revenue,
                _ => count_kind,
            };
            let value = number(cell, expected, decimal_comma).map_err(|kind| at(column, kind))?;
            // A count is whole and at most MAX_COUNT, so the conversion is exact.
            let count = value as u64;
            match *role {
                Role::Viewers => minute.viewers = count,
                Role::Arrivals => minute.arrivals = count,
                Role::Orders => minute.orders = count,
                Role::Revenue => minute.revenue = value,
                Role::Chat => minute.chat = count,
                Role::Abandoned => optional[0] = Some(count),
                Role::BuyersNew => optional[1] = Some(count),
                Role::BuyersReturning => optional[2] = Some(count),
                Role::Channel(c) => channels[c] = Some(count),
                Role::Item(i) => item_orders[i] = count,
                Role::Minute | Role::Unread | Role::Unknown => {}
            }
        }
        [minute.abandoned, minute.buyers_new, minute.buyers_returning] = optional;
        self.check(layout, &minute, &channels, &item_orders, line);
        for (series, value) in self.channels.iter_mut().zip(channels) {
            series.extend(value);
        }
        for (series, value) in self.items.iter_mut().zip(item_orders) {
            series.push(value);
        }
        self.minutes.push(minute);
        Ok(())
    }

    /// Notes what this minute has that the model cannot produce (warnings; the numbers stay).
    fn check(
        &mut self,
        layout: &Layout,
        minute: &ActualMinute,
        channels: &[Option<u64>; 3],
        item_orders: &[u64],
        line: Option<u64>,
    ) {
        let t = &mut self.tallies;
        t.viewers_below_arrivals.note(minute.viewers < minute.arrivals, line);
        // Medians do not add up (the median of a sum is not the sum of the medians),
        // so a plan's export is not held to the viewers of the minute before.
        if layout.source == ActualSource::Live {
            if let Some(before) = self.minutes.last() {
                t.viewers_above_reachable.note(minute.viewers > before.viewers.saturating_add(minute.arrivals), line);
            }
        }
        if layout.channels.iter().any(|&given| given) {
            let sum: u64 = channels.iter().flatten().sum();
            let all_three = layout.channels.iter().all(|&given| given);
            t.channels.note(if all_three { sum != minute.arrivals } else { sum > minute.arrivals }, line);
        }
        if !item_orders.is_empty() {
            // Each at most MAX_COUNT, but a header may name many items: saturate, never overflow.
            let sum = item_orders.iter().fold(0u64, |sum, &orders| sum.saturating_add(orders));
            t.items.note(sum > minute.orders, line);
        }
        if let (Some(new), Some(returning)) = (minute.buyers_new, minute.buyers_returning) {
            t.buyers.note(new + returning > minute.orders, line);
        } else if let Some(some) = minute.buyers_new.or(minute.buyers_returning) {
            t.buyers.note(some > minute.orders, line);
        }
    }

    fn finish(self, layout: Layout) -> Imported {
        let mut warnings = Vec::new();
        if layout.source == ActualSource::PlanMedian {
            warnings.push(ActualWarning { line: None, kind: ActualWarningKind::PlanExport });
        }
        if !layout.unknown.is_empty() {
            let kind = ActualWarningKind::UnknownColumns(layout.unknown);
            warnings.push(ActualWarning { line: layout.header_line, kind });
        }
        let t = self.tallies;
        warnings.extend(
            [
                t.viewers_below_arrivals.warning(|rows| ActualWarningKind::ViewersBelowArrivals { rows }),
                t.viewers_above_reachable.warning(|rows| ActualWarningKind::ViewersAboveReachable { rows }),
                t.channels.warning(|rows| ActualWarningKind::ChannelsDoNotAddUp { rows }),
                t.items.warning(|rows| ActualWarningKind::ItemOrdersAboveOrders { rows }),
                t.buyers.warning(|rows| ActualWarningKind::BuyersAboveOrders { rows }),
            ]
            .into_iter()
            .flatten(),
        );
        let mut channels = self.channels.map(Some);
        for (series, given) in channels.iter_mut().zip(layout.channels) {
            if !given {
                *series = None;
            }
        }
        let items = layout.items.into_iter().zip(self.items).map(|(id, orders)| ItemSeries { id, orders }).collect();
        Imported { actual: Actual { minutes: self.minutes, items, channels, source: layout.source }, warnings }
    }
}

/// A past live as a table in the format [`read_actual`] reads: `minute, viewers, arrivals,
/// orders, revenue, chat`, then `abandoned`, `buyers_new`, `buyers_returning` when every
/// minute has them, `arrivals:<channel>` for the channels given, `orders:<item id>`.
///
/// Numbers are written in full (revenue in Rust's shortest form that reads back to the
/// same `f64`), so for a live read from CSV, `read_actual` of this table's CSV gives it back.
/// A series shorter than the minutes leaves empty cells, which `read_actual` refuses.
pub fn actual_table(actual: &Actual) -> Table {
    type Optional = (&'static str, fn(&ActualMinute) -> Option<u64>);
    let optional: [Optional; 3] = [
        ("abandoned", |m| m.abandoned),
        ("buyers_new", |m| m.buyers_new),
        ("buyers_returning", |m| m.buyers_returning),
    ];
    let optional: Vec<Optional> =
        optional.into_iter().filter(|(_, get)| actual.minutes.iter().all(|m| get(m).is_some())).collect();
    let channels: Vec<(&str, &Vec<u64>)> =
        CHANNELS.iter().zip(&actual.channels).filter_map(|(name, series)| Some((*name, series.as_ref()?))).collect();
    let header = LIVE_REQUIRED
        .iter()
        .map(|name| (*name).to_owned())
        .chain(optional.iter().map(|(name, _)| (*name).to_owned()))
        .chain(channels.iter().map(|(name, _)| format!("arrivals:{name}")))
        .chain(actual.items.iter().map(|item| format!("orders:{}", item.id)))
        .collect();
    let cell = |series: &[u64], t: usize| series.get(t).map(u64::to_string).unwrap_or_default();
    let rows = actual
        .minutes
        .iter()
        .enumerate()
        .map(|(t, m)| {
            [m.minute.to_string(), m.viewers.to_string(), m.arrivals.to_string(), m.orders.to_string()]
                .into_iter()
                .chain([m.revenue.to_string(), m.chat.to_string()])
                .chain(optional.iter().map(|(_, get)| get(m).map(|v| v.to_string()).unwrap_or_default()))
                .chain(channels.iter().map(|(_, series)| cell(series, t)))
                .chain(actual.items.iter().map(|item| cell(&item.orders, t)))
                .collect()
        })
        .collect();
    Table { header, rows }
}

/// Run `run` of `plan` under `seed` as if it were a past live, with every column
/// the format has: abandoned carts, first-time buyers by segment, arrivals by
/// channel, and the orders of each of the plan's items (in plan order).
pub fn simulated_live(plan: &Plan, seed: u64, run: u64) -> Actual {
    let duration = plan.duration as usize;
    let mut session = Session::new(plan, seed, run);
    let mut minutes = Vec::with_capacity(duration);
    let mut items: Vec<ItemSeries> =
        plan.items.iter().map(|i| ItemSeries { id: i.id.clone(), orders: Vec::with_capacity(duration) }).collect();
    let mut channels: [Vec<u64>; 3] = Default::default();
    // The session keeps running totals; a minute's numbers are their differences.
    let mut item_orders_before = vec![0; plan.items.len()];
    let mut arrivals_before = [0; 3];
    let mut buyers_before = [0; 2];
    while let Some(minute) = session.step() {
        for ((series, before), sold) in items.iter_mut().zip(&mut item_orders_before).zip(session.item_outputs()) {
            series.orders.push(sold.orders.saturating_sub(*before));
            *before = sold.orders;
        }
        // `outputs` copies the minutes so far: quadratic in the duration, yet only
        // milliseconds for the longest live, and one live is all this makes.
        let so_far = session.outputs();
        for ((series, before), channel) in channels.iter_mut().zip(&mut arrivals_before).zip(&so_far.channels) {
            series.push(channel.arrivals.saturating_sub(*before));
            *before = channel.arrivals;
        }
        // Buyer counts are whole numbers well below 2^53, so the KPI's f64 is exact.
        let buyers = [Kpi::BuyersNew, Kpi::BuyersReturning].map(|k| so_far.kpis.get(k).map_or(0, |v| v as u64));
        let [buyers_new, buyers_returning] = [0, 1].map(|s| buyers[s].saturating_sub(buyers_before[s]));
        buyers_before = buyers;
        minutes.push(ActualMinute {
            minute: minute.minute,
            viewers: minute.viewers,
            arrivals: minute.arrivals,
            orders: minute.orders,
            revenue: minute.revenue,
            chat: minute.chat,
            abandoned: Some(minute.abandoned),
            buyers_new: Some(buyers_new),
            buyers_returning: Some(buyers_returning),
        });
    }
    Actual { minutes, items, channels: channels.map(Some), source: ActualSource::Live }
}

impl fmt::Display for ActualError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column}: {}", self.kind),
            (Some(line), None) => write!(f, "line {line}: {}", self.kind),
            (None, Some(column)) => write!(f, "column {column}: {}", self.kind),
            (None, None) => self.kind.fmt(f),
        }
    }
}

impl std::error::Error for ActualError {}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Count => "a whole number, 0 or more",
            Expected::MedianCount => "a number, 0 or more",
            Expected::Revenue => "an amount of money, 0 or more",
        })
    }
}

/// `10^k` for a power of ten, else the number.
fn bound(max: u64) -> String {
    let mut exponent = 0;
    let mut rest = max;
    while rest >= 10 && rest % 10 == 0 {
        rest /= 10;
        exponent += 1;
    }
    if rest == 1 && exponent > 3 { format!("10^{exponent}") } else { max.to_string() }
}

impl fmt::Display for ActualErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHAPE: &str = "a past live is a CSV file: a header line (minute, viewers, arrivals, orders, revenue, \
                             chat), then one row per minute";
        match self {
            ActualErrorKind::Empty => write!(f, "the file is empty: {SHAPE}"),
            ActualErrorKind::NotCsv(NotCsvReason::Binary) => {
                write!(f, "this is not a text file (it holds binary data): {SHAPE}")
            }
            ActualErrorKind::NotCsv(NotCsvReason::Json) => {
                write!(f, "this is a JSON file (a scenario or a result?), not a CSV: {SHAPE}")
            }
            ActualErrorKind::NotCsv(NotCsvReason::Malformed) => {
                write!(f, "the CSV cannot be read (its quotes do not pair up?): {SHAPE}")
            }
            ActualErrorKind::MissingColumn { name, source } => {
                let what = match source {
                    ActualSource::Live => "a past live needs the columns",
                    ActualSource::PlanMedian => "a plan's per-minute export needs the columns",
                };
                write!(f, "the header has no column {name}: {what} {}", required(*source).join(", "))
            }
            ActualErrorKind::DuplicateColumn { first, again } => {
                write!(f, "this column is in the header twice (columns {first} and {again}): keep one")
            }
            ActualErrorKind::ItemIdMissing => {
                f.write_str("names no item: a column of an item's orders is orders:<item id>, e.g. orders:serum")
            }
            ActualErrorKind::NoMinutes => {
                f.write_str("the file has a header but no minutes: add one row per minute, from minute 0")
            }
            ActualErrorKind::RowLength { expected, found } => {
                write!(f, "this row has {found} cells, but the header has {expected} columns")
            }
            ActualErrorKind::EmptyCell { expected } => write!(f, "the cell is empty: expected {expected}"),
            ActualErrorKind::NotACount { text } => {
                write!(f, "\"{text}\" is not a whole number: counts are whole numbers")
            }
            ActualErrorKind::Negative { text, expected } => match expected {
                Expected::Revenue => write!(f, "\"{text}\" is negative: revenue cannot be negative"),
                _ => write!(f, "\"{text}\" is negative: counts cannot be negative"),
            },
            ActualErrorKind::NotANumber { text } => write!(
                f,
                "\"{text}\" is not a number: write plain numbers, without thousands separators, currency signs or units"
            ),
            ActualErrorKind::NotFinite { text } => write!(f, "\"{text}\" is not a finite number"),
            ActualErrorKind::TooLarge { text, max } => write!(f, "\"{text}\" is too large: at most {}", bound(*max)),
            ActualErrorKind::FirstMinuteNotZero { minute } => {
                write!(f, "the first minute is {minute}, but minutes count from 0, the live's first minute")?;
                if *minute == 1 {
                    f.write_str(" (numbered from 1? subtract one from every minute)")?;
                }
                Ok(())
            }
            ActualErrorKind::MinuteOutOfOrder { expected, found } => {
                write!(f, "expected minute {expected} (one more than the row before), found {found}")?;
                if found.checked_add(1) == Some(*expected) {
                    f.write_str(": a minute is repeated")
                } else if found > expected {
                    let missing = if found - expected == 1 {
                        format!("minute {expected} is missing")
                    } else {
                        format!("minutes {expected} to {} are missing", found - 1)
                    };
                    write!(f, ": {missing}")
                } else {
                    f.write_str(": the rows are out of order (sort them by minute)")
                }
            }
            ActualErrorKind::TooManyMinutes { max } => write!(
                f,
                "a live lasts at most {max} minutes (minutes 0 to {}), as in the model: this row is minute {max}",
                max.saturating_sub(1)
            ),
        }
    }
}

impl fmt::Display for ActualWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = match self.kind {
            ActualWarningKind::ViewersBelowArrivals { rows }
            | ActualWarningKind::ViewersAboveReachable { rows }
            | ActualWarningKind::ChannelsDoNotAddUp { rows }
            | ActualWarningKind::ItemOrdersAboveOrders { rows }
            | ActualWarningKind::BuyersAboveOrders { rows } => rows,
            ActualWarningKind::UnknownColumns(_) | ActualWarningKind::PlanExport => 0,
        };
        match (self.line, rows) {
            (Some(line), 0 | 1) => write!(f, "line {line}: ")?,
            (Some(line), 2) => write!(f, "line {line} and 1 more row: ")?,
            (Some(line), rows) => write!(f, "line {line} and {} more rows: ", rows - 1)?,
            (None, 0 | 1) => {}
            (None, rows) => write!(f, "{rows} rows: ")?,
        }
        self.kind.fmt(f)
    }
}

impl fmt::Display for ActualWarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KEPT: &str = "the numbers are kept as given";
        match self {
            ActualWarningKind::UnknownColumns(columns) => {
                let names: Vec<String> =
                    columns
                        .iter()
                        .map(|c| {
                            if c.name.is_empty() { format!("(unnamed, column {})", c.position) } else { c.name.clone() }
                        })
                        .collect();
                let (one, many) = (
                    "this column is not part of the format and is",
                    "these columns are not part of the format and are",
                );
                write!(f, "{} ignored: {}", if names.len() == 1 { one } else { many }, names.join(", "))
            }
            ActualWarningKind::PlanExport => f.write_str(
                "this is a plan's per-minute export (livesim's \"every minute\" CSV), not a live's own numbers: its \
                 median (p50) of each minute is read as if it were a live",
            ),
            ActualWarningKind::ViewersBelowArrivals { .. } => write!(
                f,
                "fewer viewers than arrivals (viewers count everyone present after the minute's arrivals, so at \
                 least the arrivals); {KEPT}"
            ),
            ActualWarningKind::ViewersAboveReachable { .. } => write!(
                f,
                "more viewers than could be there (the viewers of the minute before plus this minute's \
                 arrivals); {KEPT}"
            ),
            ActualWarningKind::ChannelsDoNotAddUp { .. } => write!(
                f,
                "arrivals by channel (arrivals:direct, arrivals:paid, arrivals:organic) do not add up to \
                 arrivals; {KEPT}"
            ),
            ActualWarningKind::ItemOrdersAboveOrders { .. } => {
                write!(f, "the orders of the items (orders:<item id>) add up to more than orders; {KEPT}")
            }
            ActualWarningKind::BuyersAboveOrders { .. } => write!(
                f,
                "more first-time buyers (buyers_new plus buyers_returning) than orders, yet each places an \
                 order; {KEPT}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tables::minute_table;
    use crate::engine::{load, simulate_range, summarize};

    const HEADER: &str = "minute,viewers,arrivals,orders,revenue,chat";

    fn example_plan() -> Plan {
        load(include_str!("../../www/scenarios/model-example.json")).expect("the model's example is valid")
    }

    fn read(text: &str) -> Imported {
        read_actual(text).unwrap_or_else(|e| panic!("should read, got: {e}\n{text}"))
    }

    /// Reads `text`, expects an error at `line` and `column`, and that its message names both.
    fn refused(text: &str, line: Option<u64>, column: Option<&str>) -> ActualErrorKind {
        let e = read_actual(text).expect_err("should be refused");
        assert_eq!((e.line, e.column.as_deref()), (line, column), "{e}");
        let message = e.to_string();
        if let Some(line) = line {
            assert!(message.starts_with(&format!("line {line}")), "{message}");
        }
        if let Some(column) = column {
            assert!(message.contains(&format!("column {column}:")), "{message}");
        }
        e.kind
    }

    /// A live of `rows` (cells after the minute), minutes numbered from 0.
    fn live(header: &str, rows: &[&str]) -> String {
        let mut text = format!("{header}\n");
        for (t, row) in rows.iter().enumerate() {
            text.push_str(&format!("{t},{row}\n"));
        }
        text
    }

    #[test]
    fn a_plain_live_is_read_minute_by_minute() {
        let imported = read(&live(HEADER, &["10,10,1,25.5,3", "15,6,0,0,4"]));
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let a = imported.actual;
        assert_eq!(a.source, ActualSource::Live);
        assert_eq!(
            a.minutes,
            [
                ActualMinute {
                    minute: 0,
                    viewers: 10,
                    arrivals: 10,
                    orders: 1,
                    revenue: 25.5,
                    chat: 3,
                    ..Default::default()
                },
                ActualMinute {
                    minute: 1,
                    viewers: 15,
                    arrivals: 6,
                    orders: 0,
                    revenue: 0.0,
                    chat: 4,
                    ..Default::default()
                },
            ]
        );
        assert!(a.items.is_empty());
        assert_eq!(a.channels, [None, None, None]);
    }

    #[test]
    fn optional_columns_in_any_order_with_any_case_and_spaces() {
        let header = " Chat ,ORDERS:Serum, minute,Revenue,viewers,arrivals : Paid,orders,abandoned,arrivals,\
                      buyers_new,Buyers_Returning,arrivals:direct,arrivals:organic, orders : kit ";
        let text = format!("{header}\n3,2,0,50,8,2,2,1,5,1,0,2,1,0\n1,0,1,0,9,0,0,0,1,0,0,1,0,0\n");
        let imported = read(&text);
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let a = imported.actual;
        assert_eq!(a.minutes[0].viewers, 8);
        assert_eq!(a.minutes[0].chat, 3);
        assert_eq!(a.minutes[0].revenue, 50.0);
        assert_eq!(a.minutes[0].abandoned, Some(1));
        assert_eq!((a.minutes[0].buyers_new, a.minutes[0].buyers_returning), (Some(1), Some(0)));
        assert_eq!(a.minutes[1].minute, 1);
        let ids: Vec<&str> = a.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["Serum", "kit"], "ids keep their case, in column order");
        assert_eq!(a.items[0].orders, [2, 0]);
        assert_eq!(a.channels, [Some(vec![2, 1]), Some(vec![2, 0]), Some(vec![1, 0])]);
    }

    #[test]
    fn a_bom_and_trailing_blank_lines_are_fine() {
        let text = format!("\u{feff}{HEADER}\r\n0,5,5,0,0,0\r\n1,5,0,0,0,0\r\n\r\n,,,,,\r\n  \n\n");
        let a = read(&text).actual;
        assert_eq!(a.minutes.len(), 2);
    }

    #[test]
    fn semicolons_bring_a_decimal_comma() {
        let text =
            "minute;viewers;arrivals;orders;revenue;chat\n0;5;5;1;12,5;0\n1;5;0;2;\"1234,75\";0\n2;5;0;1;3.25;1,0\n";
        let a = read(text).actual;
        assert_eq!(a.minutes.iter().map(|m| m.revenue).collect::<Vec<_>>(), [12.5, 1234.75, 3.25]);
        assert_eq!(a.minutes[2].chat, 1);
        // A grouped number is not guessed at.
        let text = "minute;viewers;arrivals;orders;revenue;chat\n0;5;5;1;1.234,5;0\n";
        let kind = refused(text, Some(2), Some("revenue"));
        assert_eq!(kind, ActualErrorKind::NotANumber { text: "1.234,5".into() });
        // With commas between cells, a comma is never a decimal point.
        let kind = refused(&format!("{HEADER}\n0,5,5,1,\"12,5\",0\n"), Some(2), Some("revenue"));
        assert!(matches!(kind, ActualErrorKind::NotANumber { .. }));
    }

    #[test]
    fn counts_may_be_written_with_a_zero_fraction() {
        let a = read(&live(HEADER, &["12.0,12,1.00,9.5,0"])).actual;
        assert_eq!((a.minutes[0].viewers, a.minutes[0].orders, a.minutes[0].revenue), (12, 1, 9.5));
        let a = read(&live(HEADER, &["-0,0,0,-0,0"])).actual;
        assert!(a.minutes[0].revenue.is_sign_positive());
    }

    #[test]
    fn empty_text_is_refused() {
        for text in ["", "\u{feff}", "  \n\n\t\r\n"] {
            assert_eq!(refused(text, None, None), ActualErrorKind::Empty);
        }
        let message = read_actual("").unwrap_err().to_string();
        assert!(message.contains("empty") && message.contains("minute, viewers"), "{message}");
    }

    #[test]
    fn binary_and_json_are_not_csv() {
        let kind = refused("minute,viewers\n0,\u{0}\u{1}\u{2}", Some(2), None);
        assert_eq!(kind, ActualErrorKind::NotCsv(NotCsvReason::Binary));
        assert!(read_actual("\u{0}PNG").unwrap_err().to_string().contains("binary"));
        let scenario = include_str!("../../www/scenarios/model-example.json");
        let kind = refused(scenario, None, None);
        assert_eq!(kind, ActualErrorKind::NotCsv(NotCsvReason::Json));
        assert!(read_actual(scenario).unwrap_err().to_string().contains("JSON"));
        let e = ActualError { line: Some(3), column: None, kind: ActualErrorKind::NotCsv(NotCsvReason::Malformed) };
        assert!(e.to_string().starts_with("line 3: the CSV cannot be read"), "{e}");
    }

    #[test]
    fn a_missing_column_is_named_with_the_required_ones() {
        let kind = refused("minute,viewers,arrivals,orders,chat\n0,1,1,0,0\n", Some(1), Some("revenue"));
        assert_eq!(kind, ActualErrorKind::MissingColumn { name: "revenue", source: ActualSource::Live });
        let message = read_actual("minute,viewers,arrivals,orders,chat\n").unwrap_err().to_string();
        assert!(message.contains("minute, viewers, arrivals, orders, revenue, chat"), "{message}");
        // Something else altogether: the first column it lacks.
        let kind = refused("date,time,likes\n2026-01-01,20:00,5\n", Some(1), Some("minute"));
        assert!(matches!(kind, ActualErrorKind::MissingColumn { name: "minute", .. }));
    }

    #[test]
    fn a_column_twice_is_refused() {
        let kind = refused("minute,viewers,arrivals,orders,revenue,chat, Orders \n", Some(1), Some("Orders"));
        assert_eq!(kind, ActualErrorKind::DuplicateColumn { first: 4, again: 7 });
        assert!(
            read_actual("minute,viewers,arrivals,orders,revenue,chat,orders\n")
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let kind = refused(&format!("{HEADER},orders:mug,orders: mug\n"), Some(1), Some("orders: mug"));
        assert_eq!(kind, ActualErrorKind::DuplicateColumn { first: 7, again: 8 });
        let kind = refused(&format!("{HEADER},arrivals:paid,Arrivals:Paid\n"), Some(1), Some("Arrivals:Paid"));
        assert_eq!(kind, ActualErrorKind::DuplicateColumn { first: 7, again: 8 });
    }

    #[test]
    fn an_item_column_needs_an_id() {
        let kind = refused(&format!("{HEADER},orders: \n0,1,1,0,0,0,0\n"), Some(1), Some("orders:"));
        assert_eq!(kind, ActualErrorKind::ItemIdMissing);
        assert!(read_actual(&format!("{HEADER},orders:\n")).unwrap_err().to_string().contains("orders:<item id>"));
    }

    #[test]
    fn a_header_alone_has_no_minutes() {
        assert_eq!(refused(&format!("{HEADER}\n\n"), None, None), ActualErrorKind::NoMinutes);
        assert!(read_actual(HEADER).unwrap_err().to_string().contains("no minutes"));
    }

    #[test]
    fn a_row_of_the_wrong_length_is_refused_with_its_line() {
        let kind = refused(&live(HEADER, &["1,1,0,0,0", "1,0,0,0"]), Some(3), None);
        assert_eq!(kind, ActualErrorKind::RowLength { expected: 6, found: 5 });
        let message = read_actual(&live(HEADER, &["1,1,0,0,0,9"])).unwrap_err().to_string();
        assert!(message.contains("7 cells") && message.contains("6 columns"), "{message}");
    }

    #[test]
    fn cells_that_are_not_what_the_column_holds() {
        let cases: [(&str, &str, ActualErrorKind, &str); 9] = [
            ("1,1,,0,0", "orders", ActualErrorKind::EmptyCell { expected: Expected::Count }, "empty"),
            ("1,1,0, ,0", "revenue", ActualErrorKind::EmptyCell { expected: Expected::Revenue }, "amount of money"),
            ("1,1,12.5,0,0", "orders", ActualErrorKind::NotACount { text: "12.5".into() }, "whole numbers"),
            (
                "1,-3,0,0,0",
                "arrivals",
                ActualErrorKind::Negative { text: "-3".into(), expected: Expected::Count },
                "counts cannot be negative",
            ),
            (
                "1,1,0,-0.5,0",
                "revenue",
                ActualErrorKind::Negative { text: "-0.5".into(), expected: Expected::Revenue },
                "revenue cannot be negative",
            ),
            ("1,1,0,R$ 10,0", "revenue", ActualErrorKind::NotANumber { text: "R$ 10".into() }, "not a number"),
            ("1,1,0,0,many", "chat", ActualErrorKind::NotANumber { text: "many".into() }, "not a number"),
            ("1,1,0,NaN,0", "revenue", ActualErrorKind::NotFinite { text: "NaN".into() }, "finite"),
            (
                "2e12,1,0,0,0",
                "viewers",
                ActualErrorKind::TooLarge { text: "2e12".into(), max: MAX_COUNT },
                "at most 10^12",
            ),
        ];
        for (row, column, kind, says) in cases {
            let text = live(HEADER, &["1,1,0,0,0", row]);
            assert_eq!(refused(&text, Some(3), Some(column)), kind, "{row}");
            let message = read_actual(&text).unwrap_err().to_string();
            assert!(message.contains(says), "{message}");
        }
        let kind = refused(&live(HEADER, &["1,1,0,1e16,0"]), Some(2), Some("revenue"));
        assert_eq!(kind, ActualErrorKind::TooLarge { text: "1e16".into(), max: MAX_REVENUE });
        assert_eq!(
            refused(&live(HEADER, &["1,1,0,1e999,0"]), Some(2), Some("revenue")),
            ActualErrorKind::NotFinite { text: "1e999".into() }
        );
    }

    #[test]
    fn a_long_cell_is_quoted_shortened() {
        let long = "x".repeat(500);
        let message = read_actual(&live(HEADER, &[&format!("1,1,0,{long},0")])).unwrap_err().to_string();
        assert!(message.len() < 200 && message.contains('…'), "{message}");
    }

    #[test]
    fn minutes_count_from_zero() {
        let text = format!("{HEADER}\n1,1,1,0,0,0\n2,1,0,0,0,0\n");
        assert_eq!(refused(&text, Some(2), Some("minute")), ActualErrorKind::FirstMinuteNotZero { minute: 1 });
        assert!(read_actual(&text).unwrap_err().to_string().contains("numbered from 1? subtract one"));
        let text = format!("{HEADER}\n5,1,1,0,0,0\n");
        assert_eq!(refused(&text, Some(2), Some("minute")), ActualErrorKind::FirstMinuteNotZero { minute: 5 });
        let message = read_actual(&text).unwrap_err().to_string();
        assert!(message.contains("count from 0") && !message.contains("subtract"), "{message}");
        let text = format!("{HEADER}\n0.5,1,1,0,0,0\n");
        assert!(matches!(refused(&text, Some(2), Some("minute")), ActualErrorKind::NotACount { .. }));
    }

    #[test]
    fn minutes_follow_one_another() {
        let rows = |minutes: &[u32]| {
            let mut text = format!("{HEADER}\n");
            for m in minutes {
                text.push_str(&format!("{m},1,1,0,0,0\n"));
            }
            text
        };
        let cases: [(&[u32], u64, u64, &str); 3] = [
            (&[0, 1, 3], 2, 3, "minute 2 is missing"),
            (&[0, 1, 1], 2, 1, "repeated"),
            (&[0, 1, 2, 0], 3, 0, "out of order"),
        ];
        for (minutes, expected, found, says) in cases {
            let text = rows(minutes);
            let line = minutes.len() as u64 + 1;
            let kind = refused(&text, Some(line), Some("minute"));
            assert_eq!(kind, ActualErrorKind::MinuteOutOfOrder { expected, found });
            let message = read_actual(&text).unwrap_err().to_string();
            assert!(message.contains(&format!("expected minute {expected}")) && message.contains(says), "{message}");
        }
        assert!(read_actual(&rows(&[0, 4])).unwrap_err().to_string().contains("minutes 1 to 3 are missing"));
    }

    #[test]
    fn a_live_lasts_at_most_600_minutes() {
        let minutes: Vec<u32> = (0..=600).collect();
        let mut text = format!("{HEADER}\n");
        for m in &minutes[..600] {
            text.push_str(&format!("{m},1,1,0,0,0\n"));
        }
        assert_eq!(read(&text).actual.minutes.len(), 600);
        text.push_str("600,1,0,0,0,0\n");
        let kind = refused(&text, Some(602), Some("minute"));
        assert_eq!(kind, ActualErrorKind::TooManyMinutes { max: 600 });
        assert!(read_actual(&text).unwrap_err().to_string().contains("at most 600 minutes"));
    }

    #[test]
    fn unknown_columns_are_ignored_with_one_warning_naming_them() {
        let text = format!("likes,{HEADER},arrivals:tiktok,\n3,0,1,1,0,0,0,9,\n");
        let imported = read(&text);
        assert_eq!(imported.actual.minutes[0].viewers, 1);
        let names = vec![
            IgnoredColumn { position: 1, name: "likes".into() },
            IgnoredColumn { position: 8, name: "arrivals:tiktok".into() },
            IgnoredColumn { position: 9, name: String::new() },
        ];
        assert_eq!(
            imported.warnings,
            [ActualWarning { line: Some(1), kind: ActualWarningKind::UnknownColumns(names) }]
        );
        let message = imported.warnings[0].to_string();
        assert!(message.starts_with("line 1: "), "{message}");
        assert!(message.contains("likes, arrivals:tiktok, (unnamed, column 9)"), "{message}");
    }

    /// The warnings of `rows` (one kind each, per the test).
    fn warnings(header: &str, rows: &[&str]) -> Vec<ActualWarning> {
        read(&live(header, rows)).warnings
    }

    #[test]
    fn inconsistent_minutes_warn_once_per_kind_with_the_first_line_and_a_count() {
        let found = warnings(HEADER, &["5,5,0,0,0", "3,4,0,0,0", "4,2,0,0,0", "1,3,0,0,0"]);
        assert_eq!(found, [ActualWarning { line: Some(3), kind: ActualWarningKind::ViewersBelowArrivals { rows: 2 } }]);
        assert!(found[0].to_string().starts_with("line 3 and 1 more row: fewer viewers than arrivals"), "{}", found[0]);

        let found = warnings(HEADER, &["5,5,0,0,0", "11,5,0,0,0", "9,0,0,0,0", "10,0,0,0,0", "12,1,0,0,0"]);
        assert_eq!(
            found,
            [ActualWarning { line: Some(3), kind: ActualWarningKind::ViewersAboveReachable { rows: 3 } }]
        );
        assert!(found[0].to_string().starts_with("line 3 and 2 more rows: more viewers than could be there"));

        let header = format!("{HEADER},arrivals:direct,arrivals:paid,arrivals:organic");
        let found = warnings(&header, &["5,5,0,0,0,3,1,1", "5,2,0,0,0,1,0,0"]);
        assert_eq!(found, [ActualWarning { line: Some(3), kind: ActualWarningKind::ChannelsDoNotAddUp { rows: 1 } }]);
        assert!(found[0].to_string().contains("arrivals:paid"));
        // With only some channels, their arrivals may not exceed the minute's.
        let header = format!("{HEADER},arrivals:paid");
        assert!(warnings(&header, &["5,5,0,0,0,3", "5,2,0,0,0,0"]).is_empty());
        let found = warnings(&header, &["5,5,0,0,0,6"]);
        assert_eq!(found, [ActualWarning { line: Some(2), kind: ActualWarningKind::ChannelsDoNotAddUp { rows: 1 } }]);

        let header = format!("{HEADER},orders:mug,orders:kit");
        let found = warnings(&header, &["5,5,3,0,0,2,1", "5,0,1,0,0,1,1", "5,0,0,0,0,0,1"]);
        assert_eq!(
            found,
            [ActualWarning { line: Some(3), kind: ActualWarningKind::ItemOrdersAboveOrders { rows: 2 } }]
        );
        assert!(found[0].to_string().contains("orders:<item id>"));

        let header = format!("{HEADER},buyers_new,buyers_returning");
        let found = warnings(&header, &["5,5,2,0,0,1,1", "5,0,1,0,0,1,1"]);
        assert_eq!(found, [ActualWarning { line: Some(3), kind: ActualWarningKind::BuyersAboveOrders { rows: 1 } }]);
        assert!(found[0].to_string().starts_with("line 3: more first-time buyers"));
        let found = warnings(&format!("{HEADER},buyers_new"), &["5,5,2,0,0,3"]);
        assert_eq!(found, [ActualWarning { line: Some(2), kind: ActualWarningKind::BuyersAboveOrders { rows: 1 } }]);
    }

    #[test]
    fn the_data_is_kept_whatever_the_warnings() {
        let header = format!("{HEADER},buyers_new,buyers_returning,orders:mug");
        let imported = read(&live(&header, &["1,5,0,0,0,2,2,7"]));
        assert_eq!(imported.warnings.len(), 3, "{:?}", imported.warnings);
        let m = imported.actual.minutes[0];
        assert_eq!((m.viewers, m.arrivals, m.buyers_new, m.buyers_returning), (1, 5, Some(2), Some(2)));
        assert_eq!(imported.actual.items[0].orders, [7]);
    }

    #[test]
    fn a_plans_per_minute_export_is_read_through_its_medians() {
        let plan = example_plan();
        let records = simulate_range(&plan, 5, 0..20);
        let summary = summarize(&plan, 5, &records);
        let table = minute_table(&summary);
        let imported = read(&table.to_csv().unwrap());
        assert_eq!(imported.warnings, [ActualWarning { line: None, kind: ActualWarningKind::PlanExport }]);
        assert!(imported.warnings[0].to_string().contains("median"));
        let a = imported.actual;
        assert_eq!(a.source, ActualSource::PlanMedian);
        assert_eq!(a.minutes.len(), plan.duration as usize);
        let band = |name: &str| &summary.series.iter().find(|(s, _)| s.name() == name).unwrap().1.p50;
        for (t, m) in a.minutes.iter().enumerate() {
            assert_eq!(m.viewers, band("viewers")[t].round() as u64);
            assert_eq!(m.arrivals, band("arrivals")[t].round() as u64);
            assert_eq!(m.orders, band("orders")[t].round() as u64);
            assert_eq!(m.chat, band("chat")[t].round() as u64);
            assert_eq!(m.abandoned, Some(band("abandoned")[t].round() as u64));
            assert_eq!(m.revenue, band("revenue")[t]);
            assert_eq!((m.buyers_new, m.buyers_returning), (None, None));
        }
        assert!(a.items.is_empty() && a.channels == [None, None, None]);
        // Medians of an even number of runs fall between two counts: rounded, half away from zero.
        let text = "minute,viewers_p50,arrivals_p50,orders_p50,revenue_p50,chat_p50\n0,2.5,2,0.5,0,0.49\n";
        let m = read(text).actual.minutes[0];
        assert_eq!((m.viewers, m.orders, m.chat), (3, 1, 0));
        // Its medians are not held to adding up.
        let text = "minute,viewers_p50,arrivals_p50,orders_p50,revenue_p50,chat_p50\n0,2,2,0,0,0\n1,9,1,0,0,0\n";
        assert_eq!(read(text).warnings.len(), 1);
        let kind = refused("minute,viewers_p50,arrivals_p50,revenue_p50,chat_p50\n", Some(1), Some("orders_p50"));
        assert_eq!(kind, ActualErrorKind::MissingColumn { name: "orders_p50", source: ActualSource::PlanMedian });
        assert!(read_actual("minute,viewers_p50\n").unwrap_err().to_string().contains("per-minute export"));
    }

    #[test]
    fn a_simulated_live_is_the_sessions_run() {
        let plan = example_plan();
        for run in [0, 7] {
            let live = simulated_live(&plan, 11, run);
            let outputs = Session::new(&plan, 11, run).finish();
            assert_eq!(live.minutes.len(), outputs.minutes.len());
            for (m, o) in live.minutes.iter().zip(&outputs.minutes) {
                assert_eq!(
                    (m.minute, m.viewers, m.arrivals, m.orders, m.revenue, m.chat, m.abandoned),
                    (o.minute, o.viewers, o.arrivals, o.orders, o.revenue, o.chat, Some(o.abandoned))
                );
            }
            let ids: Vec<&str> = plan.items.iter().map(|i| i.id.as_str()).collect();
            assert_eq!(live.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ids);
            for (series, item) in live.items.iter().zip(&outputs.items) {
                assert_eq!(series.orders.iter().sum::<u64>(), item.orders, "{}", series.id);
            }
            for (t, m) in live.minutes.iter().enumerate() {
                let by_channel: u64 = live.channels.iter().map(|c| c.as_ref().unwrap()[t]).sum();
                assert_eq!(by_channel, m.arrivals, "minute {t}");
                let items: u64 = live.items.iter().map(|i| i.orders[t]).sum();
                assert_eq!(items, m.orders, "minute {t}");
            }
            for (c, channel) in outputs.channels.iter().enumerate() {
                assert_eq!(live.channels[c].as_ref().unwrap().iter().sum::<u64>(), channel.arrivals);
            }
            let new: u64 = live.minutes.iter().map(|m| m.buyers_new.unwrap()).sum();
            let returning: u64 = live.minutes.iter().map(|m| m.buyers_returning.unwrap()).sum();
            assert_eq!(Some(new as f64), outputs.kpis.get(Kpi::BuyersNew));
            assert_eq!(Some(returning as f64), outputs.kpis.get(Kpi::BuyersReturning));
        }
    }

    #[test]
    fn a_simulated_live_reads_back_as_written_without_warnings() {
        let live = simulated_live(&example_plan(), 3, 0);
        let table = actual_table(&live);
        assert_eq!(
            table.header[..9],
            LIVE_REQUIRED.iter().chain(&["abandoned", "buyers_new", "buyers_returning"]).copied().collect::<Vec<_>>()[..]
        );
        assert!(table.rows.iter().all(|r| r.len() == table.header.len()));
        let imported = read(&table.to_csv().unwrap());
        assert_eq!(imported.actual, live);
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    }

    #[test]
    fn only_the_columns_given_are_written() {
        let a = read(&live(&format!("{HEADER},arrivals:organic,orders:mug"), &["1,1,0,0.1,0,1,0"])).actual;
        let table = actual_table(&a);
        assert_eq!(
            table.header,
            ["minute", "viewers", "arrivals", "orders", "revenue", "chat", "arrivals:organic", "orders:mug"]
        );
        assert_eq!(table.rows, [["0", "1", "1", "0", "0.1", "0", "1", "0"]]);
        assert_eq!(read(&table.to_csv().unwrap()).actual, a);
    }
}
