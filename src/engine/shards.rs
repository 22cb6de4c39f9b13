//! Shards of a sweep (`livesim-rows/1`): the per-run rows of a range of runs, and their exact merge.
//!
//! A run depends only on `(scenario, seed, run index)` (model section 5), so
//! runs `0..N` may be split into ranges simulated on different machines: each
//! writes a *shard*, and merging the shards gives exactly the summary (or
//! comparison) of all `N` runs on one machine, bit for bit.
//!
//! A shard is JSON Lines: a [`ShardHeader`] line (schema, [`ShardKind`], seed,
//! total runs, the half-open run range, the scenarios' texts and their
//! [`fingerprint`]), then one row per run and scenario ([`row_line`]). The
//! engine only turns lines into values and back and merges; reading and
//! writing files is the caller's business.
//!
//! Floating-point numbers in rows are written as JSON *strings* holding the
//! shortest decimal that reads back to the same `f64` (`"1234.5"`):
//! JSON readers, serde_json's default among them, may round a long decimal
//! to a neighbouring `f64`, and a merge must see exactly the numbers the
//! runs produced. Integers stay JSON numbers. The scenarios are embedded as
//! their original text, so a shard is read with exactly the parser the
//! single-machine command used.
//!
//! An `optimize` shard holds one scenario, the base, and its header also holds
//! the [`Sweep`] (decisions with their grids, objective with its direction,
//! constraints) as the command line's texts ([`SweepText`]), which the reader
//! parses with the command line's parsers; its fingerprint covers the sweep too.
//! Its rows are one per valid candidate and run, `scenario` being the
//! candidate's *grid index* (its index in the result's `candidates`; an invalid
//! candidate has no rows), and carry only the run index and the KPIs
//! ([`kpi_row_line`]): a candidate is scored from its KPIs alone
//! ([`evaluate_candidate`]), and a full record (per-item, per-channel and
//! per-minute outputs) is 10 to 30 times larger (about 430 bytes a row
//! against 5 to 13 KB for the shipped example scenarios). Merged, a row
//! is held as a [`RunRecord`] with only its KPIs (about 630 bytes).
//!
//! Adding a kind: a variant of [`ShardKind`] with its scenario count in
//! [`ShardKind::scenarios`], and an arm in [`Merged::outcome`] (with a variant
//! of [`Outcome`]). Headers, the reader and the coverage checks are shared by
//! every kind.

use std::ops::{Range, RangeInclusive};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::compare::{CompareError, Comparison, MAX_VARIANTS, compare_records};
use super::decision::{Decision, Range as Values, parse_decision_range};
use super::montecarlo::RunRecord;
use super::optimize::{
    Axis, CandidateResult, Constraint, Measure, Objective, Optimization, assemble, axes, candidate_plan,
    evaluate_candidate, grid, rank,
};
use super::outputs::{Kpis, RunOutputs};
use super::plan::Plan;
use super::scenario::Scenario;
use super::summary::{Summary, summarize};
use super::validate::{ScenarioErrors, check, parse};

pub const ROWS_SCHEMA: &str = "livesim-rows/1";

/// Which command wrote a shard, so which result the merge gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShardKind {
    /// `livesim run`: one scenario; merges into a `livesim-summary/1`.
    Run,
    /// `livesim compare`: a base and 1 to 3 variants; merges into a `livesim-compare/1`.
    Compare,
    /// `livesim optimize`: one scenario and a [`Sweep`] over it; merges into a `livesim-optimize/1`.
    Optimize,
}

impl ShardKind {
    pub fn name(self) -> &'static str {
        match self {
            ShardKind::Run => "run",
            ShardKind::Compare => "compare",
            ShardKind::Optimize => "optimize",
        }
    }

    /// How many scenarios a shard of this kind holds.
    pub fn scenarios(self) -> RangeInclusive<usize> {
        match self {
            ShardKind::Run => 1..=1,
            ShardKind::Compare => 2..=1 + MAX_VARIANTS,
            ShardKind::Optimize => 1..=1,
        }
    }
}

/// A scenario as a shard carries it: the file it was read from (a label) and its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardScenario {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub text: String,
}

/// What `livesim optimize` sweeps: the decisions with their grids, the objective with its
/// direction, the constraints.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    pub decisions: Vec<(Decision, Values)>,
    pub objective: Objective,
    pub constraints: Vec<Constraint>,
}

/// A [`Sweep`] as a header holds it: each part in the text the command line takes,
/// every number written as the shortest decimal that reads back to the same `f64`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepText {
    /// `DECISION=FROM..TO:STEP`, as `--var` takes it (the step always written).
    pub decisions: Vec<String>,
    /// As `--objective` takes it, the threshold always written (`p:revenue>=900`, never `p:revenue`).
    pub objective: String,
    /// `maximize` or `minimize`.
    pub direction: String,
    /// As `--constraint` takes it, the bound's comparison as given (`<` stays `<`).
    pub constraints: Vec<String>,
}

impl Sweep {
    /// The header's text form; [`Sweep::parse`] reads it back to exactly `self`.
    pub fn text(&self) -> SweepText {
        SweepText {
            decisions: self.decisions.iter().map(|(d, r)| format!("{d}={r}")).collect(),
            objective: self.objective.measure.to_string(),
            direction: if self.objective.maximize { "maximize" } else { "minimize" }.into(),
            constraints: self
                .constraints
                .iter()
                .map(|c| format!("p:{}{}{}", c.event, c.bound.symbol(), c.probability))
                .collect(),
        }
    }

    /// Reads the text form with the command line's parsers (`--var`, `--objective`, `--constraint`).
    pub fn parse(text: &SweepText) -> Result<Sweep, String> {
        let decisions = text.decisions.iter().map(|d| parse_decision_range(d)).collect::<Result<Vec<_>, _>>()?;
        let measure = Measure::parse(&text.objective, &[])?;
        let maximize = match text.direction.as_str() {
            "maximize" => true,
            "minimize" => false,
            other => return Err(format!("direction `{other}`: expected maximize or minimize")),
        };
        let constraints = text.constraints.iter().map(|c| Constraint::parse(c)).collect::<Result<Vec<_>, _>>()?;
        Ok(Sweep { decisions, objective: Objective { measure, maximize }, constraints })
    }
}

/// An `optimize` shard's grid over its scenario.
#[derive(Clone, Debug)]
pub struct Candidates {
    pub sweep: Sweep,
    /// The scenario the decisions are set on, as parsed.
    pub scenario: Scenario,
    pub axes: Vec<Axis>,
    /// Per grid point (in grid order): its values, and the index of its plan among the
    /// shard's plans, or why it is invalid.
    pub points: Vec<(Vec<f64>, Result<usize, String>)>,
}

impl Candidates {
    /// The candidates of `sweep` on `scenario`, and the plans of the valid ones.
    fn new(scenario: Scenario, sweep: Sweep) -> Result<(Candidates, Vec<Plan>), ShardProblem> {
        let axes = axes(&scenario, &sweep.decisions).map_err(|e| ShardProblem::Sweep(e.to_string()))?;
        let mut plans = Vec::new();
        let points = grid(&axes)
            .into_iter()
            .map(|values| {
                let slot = candidate_plan(&scenario, &axes, &values).map(|plan| {
                    plans.push(plan);
                    plans.len() - 1
                });
                (values, slot)
            })
            .collect();
        Ok((Candidates { sweep, scenario, axes, points }, plans))
    }

    /// The grid index of the candidate whose plan is `slot`.
    fn grid_index(&self, slot: usize) -> usize {
        self.points.iter().position(|(_, s)| s.as_ref().ok() == Some(&slot)).unwrap_or(slot)
    }
}

/// The first line of a shard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardHeader {
    pub schema: String,
    pub kind: ShardKind,
    pub seed: u64,
    /// The runs of the whole sweep: the shards together hold runs `0..runs`.
    pub runs: u64,
    /// The runs this shard holds, `[start, end)`.
    pub range: [u64; 2],
    /// [`fingerprint`] of the scenarios (and of the sweep, for `optimize`), 16 hexadecimal digits.
    pub fingerprint: String,
    pub scenarios: Vec<ShardScenario>,
    /// `optimize` only: what is swept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<SweepText>,
}

impl ShardHeader {
    /// The header of a shard of runs `range` of `0..runs`; checks the range, the
    /// number of scenarios for `kind`, and that every scenario parses.
    pub fn new(
        kind: ShardKind,
        seed: u64,
        runs: u64,
        range: Range<u64>,
        scenarios: Vec<ShardScenario>,
    ) -> Result<ShardHeader, ShardProblem> {
        if kind == ShardKind::Optimize {
            return Err(ShardProblem::Sweep("an optimize shard needs its sweep (ShardHeader::optimize)".into()));
        }
        check_range(&range, runs).map_err(ShardProblem::Range)?;
        let parsed = parse_all(kind, &scenarios)?;
        Ok(ShardHeader {
            schema: ROWS_SCHEMA.into(),
            kind,
            seed,
            runs,
            range: [range.start, range.end],
            fingerprint: hex(fingerprint(&parsed)),
            scenarios,
            sweep: None,
        })
    }

    /// The header of a shard of `livesim optimize`: checks the range, that the scenario
    /// parses, that the sweep fits it (as `optimize` checks its grid), and that the
    /// sweep's text reads back to exactly `sweep`.
    pub fn optimize(
        seed: u64,
        runs: u64,
        range: Range<u64>,
        scenario: ShardScenario,
        sweep: &Sweep,
    ) -> Result<ShardHeader, ShardProblem> {
        check_range(&range, runs).map_err(ShardProblem::Range)?;
        let scenarios = vec![scenario];
        let parsed = parse_all(ShardKind::Optimize, &scenarios)?;
        let text = sweep.text();
        if Sweep::parse(&text).as_ref() != Ok(sweep) {
            return Err(ShardProblem::Sweep(format!("{text:?} does not read back as written")));
        }
        axes(&parsed[0], &sweep.decisions).map_err(|e| ShardProblem::Sweep(e.to_string()))?;
        Ok(ShardHeader {
            schema: ROWS_SCHEMA.into(),
            kind: ShardKind::Optimize,
            seed,
            runs,
            range: [range.start, range.end],
            fingerprint: hex(sweep_fingerprint(&parsed, &text)),
            scenarios,
            sweep: Some(text),
        })
    }

    pub fn range(&self) -> Range<u64> {
        self.range[0]..self.range[1]
    }

    /// The header as one line of JSON (no newline).
    pub fn line(&self) -> String {
        serde_json::to_string(self).expect("a header always serialises")
    }
}

/// A stable 64-bit hash of scenarios: FNV-1a over the compact JSON of the parsed
/// [`Scenario`]s as a list (fields in declaration order, maps sorted by key),
/// so formatting and key order in the files do not matter but any value does.
pub fn fingerprint(scenarios: &[Scenario]) -> u64 {
    let canonical = serde_json::to_string(scenarios).expect("a scenario always serialises");
    fnv(&canonical)
}

/// The fingerprint of an `optimize` shard: FNV-1a over the compact JSON of the parsed
/// scenarios and of the sweep's canonical text (as [`Sweep::text`] writes it).
pub fn sweep_fingerprint(scenarios: &[Scenario], sweep: &SweepText) -> u64 {
    let canonical = serde_json::to_string(&(scenarios, sweep)).expect("a scenario always serialises");
    fnv(&canonical)
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn hex(h: u64) -> String {
    format!("{h:016x}")
}

fn parse_all(kind: ShardKind, scenarios: &[ShardScenario]) -> Result<Vec<Scenario>, ShardProblem> {
    if !kind.scenarios().contains(&scenarios.len()) {
        return Err(ShardProblem::ScenarioCount { kind, got: scenarios.len() });
    }
    scenarios
        .iter()
        .enumerate()
        .map(|(index, s)| parse(&s.text).map_err(|errors| ShardProblem::Scenario { index, errors }))
        .collect()
}

/// Why a run range is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunRangeError {
    /// `start >= end`.
    Empty(Range<u64>),
    /// `end > runs`.
    Outside { range: Range<u64>, runs: u64 },
}

impl std::fmt::Display for RunRangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunRangeError::Empty(r) => {
                write!(f, "run range {}..{} is empty (it is start..end, end excluded)", r.start, r.end)
            }
            RunRangeError::Outside { range, runs } => {
                write!(f, "run range {}..{} is not within the runs 0..{runs}", range.start, range.end)
            }
        }
    }
}

impl std::error::Error for RunRangeError {}

/// A non-empty range within `0..runs`.
pub fn check_range(range: &Range<u64>, runs: u64) -> Result<(), RunRangeError> {
    if range.start >= range.end {
        Err(RunRangeError::Empty(range.clone()))
    } else if range.end > runs {
        Err(RunRangeError::Outside { range: range.clone(), runs })
    } else {
        Ok(())
    }
}

/// One row: run `record.run` of scenario `scenario` (0 is the base), as one line of JSON (no newline).
pub fn row_line(scenario: usize, record: &RunRecord) -> String {
    let mut value = serde_json::to_value(record).expect("a run record always serialises");
    floats_to_strings(&mut value);
    if let Value::Object(map) = &mut value {
        map.insert("scenario".into(), Value::from(scenario));
    }
    value.to_string()
}

fn floats_to_strings(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(x) = n.as_f64() {
                *value = Value::String(format!("{x:?}"));
            }
        }
        Value::Array(xs) => xs.iter_mut().for_each(floats_to_strings),
        Value::Object(map) => map.values_mut().for_each(floats_to_strings),
        _ => {}
    }
}

/// Every string back to the `f64` it holds (a run record has no other strings).
fn strings_to_floats(value: &mut Value) -> Result<(), ShardProblem> {
    match value {
        Value::String(s) => {
            let number = s.parse::<f64>().ok().and_then(serde_json::Number::from_f64);
            *value = Value::Number(number.ok_or_else(|| ShardProblem::Number(s.clone()))?);
        }
        Value::Array(xs) => xs.iter_mut().try_for_each(strings_to_floats)?,
        Value::Object(map) => map.values_mut().try_for_each(strings_to_floats)?,
        _ => {}
    }
    Ok(())
}

/// One row of an `optimize` shard: run `record.run` of the candidate at grid index
/// `candidate`, its KPIs only (`{"scenario":3,"run":17,"kpis":["1234.5",null,...]}`), as one line.
pub fn kpi_row_line(candidate: usize, record: &RunRecord) -> String {
    let mut value = serde_json::json!({ "scenario": candidate, "run": record.run, "kpis": record.outputs.kpis });
    floats_to_strings(&mut value);
    value.to_string()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KpiRow {
    run: u64,
    kpis: Kpis,
}

/// Reads a row of an `optimize` shard back: the grid index and a record holding the
/// run index and the KPIs (no inputs, items, channels or minutes).
pub fn parse_kpi_row(line: &str) -> Result<(usize, RunRecord), ShardProblem> {
    let (candidate, value) = row_value(line)?;
    let row = KpiRow::deserialize(value).map_err(|e| ShardProblem::Json(e.to_string()))?;
    let outputs = RunOutputs { kpis: row.kpis, items: Vec::new(), channels: Default::default(), minutes: Vec::new() };
    Ok((candidate, RunRecord { run: row.run, inputs: Vec::new(), outputs }))
}

/// Reads a row back: the scenario index and the record.
pub fn parse_row(line: &str) -> Result<(usize, RunRecord), ShardProblem> {
    let (scenario, value) = row_value(line)?;
    let record = RunRecord::deserialize(value).map_err(|e| ShardProblem::Json(e.to_string()))?;
    Ok((scenario, record))
}

/// A row's scenario index, and the rest with its numbers back as numbers.
fn row_value(line: &str) -> Result<(usize, Value), ShardProblem> {
    let mut value: Value = serde_json::from_str(line).map_err(|e| ShardProblem::Json(e.to_string()))?;
    let Value::Object(map) = &mut value else {
        return Err(ShardProblem::Json("a row must be a JSON object".into()));
    };
    if map.contains_key("schema") {
        return Err(ShardProblem::SecondHeader);
    }
    let scenario = match map.remove("scenario") {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    }
    .ok_or_else(|| ShardProblem::Json("a row needs \"scenario\", a scenario index".into()))?;
    strings_to_floats(&mut value)?;
    Ok((scenario, value))
}

/// What is wrong with a shard (or one of its lines).
#[derive(Clone, Debug, PartialEq)]
pub enum ShardProblem {
    /// Not JSON, or not the shape of a row (the parser's message).
    Json(String),
    /// The first line is not JSON, or not the shape of a header (the parser's message).
    Header(String),
    /// The file is empty.
    NoHeader,
    /// The first line is not a `livesim-rows/1` header; the schema found, if any.
    Schema(Option<String>),
    Range(RunRangeError),
    ScenarioCount {
        kind: ShardKind,
        got: usize,
    },
    /// An embedded scenario does not parse or is invalid.
    Scenario {
        index: usize,
        errors: ScenarioErrors,
    },
    /// The header's fingerprint is not that of its scenarios.
    Fingerprint {
        stated: String,
        actual: String,
    },
    /// A header where a row was expected (e.g. two shards concatenated).
    SecondHeader,
    /// A row of a scenario the header does not have.
    ScenarioIndex {
        index: usize,
        scenarios: usize,
    },
    RunOutside {
        run: u64,
        range: Range<u64>,
    },
    /// A string that is not a finite number where a row holds numbers.
    Number(String),
    /// An `optimize` header's sweep does not read, or does not fit its scenario; or a
    /// header of another kind has one, or an `optimize` header none.
    Sweep(String),
    /// A row of a candidate that is invalid (so has no runs).
    InvalidCandidate(usize),
    /// A row whose lists do not fit its scenario (`what`: "inputs", "items").
    Shape {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    Duplicate {
        scenario: usize,
        run: u64,
    },
    Missing {
        scenario: usize,
        run: u64,
    },
}

impl std::fmt::Display for ShardProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShardProblem::Json(e) => write!(f, "not a valid row: {e}"),
            ShardProblem::Header(e) => write!(f, "not a {ROWS_SCHEMA} header: {e}"),
            ShardProblem::NoHeader => write!(f, "empty: a {ROWS_SCHEMA} file starts with its header line"),
            ShardProblem::Schema(None) => write!(f, "not a {ROWS_SCHEMA} file (no \"schema\" in the first line)"),
            ShardProblem::Schema(Some(s)) => write!(f, "not a {ROWS_SCHEMA} file (schema \"{s}\")"),
            ShardProblem::Range(e) => e.fmt(f),
            ShardProblem::ScenarioCount { kind, got } => {
                let want = kind.scenarios();
                write!(f, "a {} shard holds {} to {} scenarios, this one {got}", kind.name(), want.start(), want.end())
            }
            ShardProblem::Scenario { index, errors } => {
                write!(f, "embedded scenario {index} is invalid")?;
                if let Some(first) = errors.0.first() {
                    write!(f, ": {first}")?;
                }
                Ok(())
            }
            ShardProblem::Fingerprint { stated, actual } => {
                write!(
                    f,
                    "fingerprint {stated} does not match the embedded scenarios ({actual}): the header was altered"
                )
            }
            ShardProblem::SecondHeader => f.write_str("a second header (one shard per file)"),
            ShardProblem::ScenarioIndex { index, scenarios } => {
                write!(f, "row of scenario {index}, but the shard has {scenarios} scenario(s)")
            }
            ShardProblem::RunOutside { run, range } => {
                write!(f, "run {run} is outside the shard's range {}..{}", range.start, range.end)
            }
            ShardProblem::Number(s) => write!(f, "\"{s}\" is not a finite number"),
            ShardProblem::Sweep(e) => write!(f, "the sweep (decisions, objective, constraints): {e}"),
            ShardProblem::InvalidCandidate(i) => {
                write!(f, "row of candidate {i}, which is invalid (an invalid candidate has no runs)")
            }
            ShardProblem::Shape { what, expected, got } => {
                write!(f, "the row has {got} {what}, its scenario {expected}")
            }
            ShardProblem::Duplicate { scenario, run } => write!(f, "run {run} of scenario {scenario} appears twice"),
            ShardProblem::Missing { scenario, run } => {
                write!(f, "run {run} of scenario {scenario} is missing (a truncated file?)")
            }
        }
    }
}

/// A problem, with the 1-based line it is on (`None`: the file as a whole).
#[derive(Clone, Debug, PartialEq)]
pub struct ShardError {
    pub line: Option<usize>,
    pub problem: ShardProblem,
}

impl std::fmt::Display for ShardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.problem),
            None => self.problem.fmt(f),
        }
    }
}

impl std::error::Error for ShardError {}

/// One shard, read and checked: its header, its scenarios' plans, and its records per scenario.
#[derive(Clone, Debug)]
pub struct Shard {
    pub header: ShardHeader,
    /// The scenarios' plans; for `optimize`, the valid candidates' plans in grid order.
    pub plans: Vec<Plan>,
    /// `records[i]`: the runs of the scenario of `plans[i]`, in run order, exactly the header's range.
    pub records: Vec<Vec<RunRecord>>,
    /// `optimize` only: the grid, and which plan is which candidate.
    pub candidates: Option<Candidates>,
}

/// Reads a shard line by line (so a large file need not be held as text).
#[derive(Default)]
pub struct ShardReader {
    line: usize,
    shard: Option<Shard>,
}

impl ShardReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the next line (without its newline). Blank lines are skipped.
    pub fn push(&mut self, text: &str) -> Result<(), ShardError> {
        self.line += 1;
        let line = Some(self.line);
        let at = |problem| ShardError { line, problem };
        if text.trim().is_empty() {
            return Ok(());
        }
        match &mut self.shard {
            None => self.shard = Some(read_header(text).map_err(at)?),
            Some(shard) if shard.candidates.is_some() => {
                let (index, record) = parse_kpi_row(text).map_err(at)?;
                let points = shard.candidates.as_ref().map_or(&[][..], |c| &c.points[..]);
                let slot = match points.get(index) {
                    None => return Err(at(ShardProblem::ScenarioIndex { index, scenarios: points.len() })),
                    Some((_, Err(_))) => return Err(at(ShardProblem::InvalidCandidate(index))),
                    Some((_, Ok(slot))) => *slot,
                };
                let range = shard.header.range();
                if !range.contains(&record.run) {
                    return Err(at(ShardProblem::RunOutside { run: record.run, range }));
                }
                shard.records[slot].push(record);
            }
            Some(shard) => {
                let (scenario, record) = parse_row(text).map_err(at)?;
                let scenarios = shard.plans.len();
                let plan =
                    shard.plans.get(scenario).ok_or(at(ShardProblem::ScenarioIndex { index: scenario, scenarios }))?;
                let range = shard.header.range();
                if !range.contains(&record.run) {
                    return Err(at(ShardProblem::RunOutside { run: record.run, range }));
                }
                for (what, expected, got) in [
                    ("inputs", plan.uncertain.len(), record.inputs.len()),
                    ("items", plan.items.len(), record.outputs.items.len()),
                ] {
                    if expected != got {
                        return Err(at(ShardProblem::Shape { what, expected, got }));
                    }
                }
                shard.records[scenario].push(record);
            }
        }
        Ok(())
    }

    /// The shard, once every line was pushed: each scenario must hold each run of the range once.
    pub fn finish(self) -> Result<Shard, ShardError> {
        let whole = |problem| ShardError { line: None, problem };
        let mut shard = self.shard.ok_or(whole(ShardProblem::NoHeader))?;
        let range = shard.header.range();
        for (slot, records) in shard.records.iter_mut().enumerate() {
            // Problems name a candidate by its grid index, as its rows do.
            let scenario = shard.candidates.as_ref().map_or(slot, |c| c.grid_index(slot));
            records.sort_by_key(|r| r.run);
            if let Some(w) = records.windows(2).find(|w| w[0].run == w[1].run) {
                return Err(whole(ShardProblem::Duplicate { scenario, run: w[0].run }));
            }
            // Distinct sorted runs within the range: the first one out of step is missing.
            let missing = (range.start..range.end).zip(records.iter()).find(|(want, r)| r.run != *want).map(|(w, _)| w);
            let missing = missing.or_else(|| {
                let held = range.start + records.len() as u64;
                (held < range.end).then_some(held)
            });
            if let Some(run) = missing {
                return Err(whole(ShardProblem::Missing { scenario, run }));
            }
        }
        Ok(shard)
    }
}

fn read_header(text: &str) -> Result<Shard, ShardProblem> {
    let value: Value = serde_json::from_str(text).map_err(|e| ShardProblem::Header(e.to_string()))?;
    match value.get("schema") {
        Some(Value::String(s)) if s == ROWS_SCHEMA => {}
        Some(Value::String(s)) => return Err(ShardProblem::Schema(Some(s.clone()))),
        _ => return Err(ShardProblem::Schema(None)),
    }
    let header = ShardHeader::deserialize(value).map_err(|e| ShardProblem::Header(e.to_string()))?;
    check_range(&header.range(), header.runs).map_err(ShardProblem::Range)?;
    let mut parsed = parse_all(header.kind, &header.scenarios)?;
    let sweep = match (header.kind, &header.sweep) {
        (ShardKind::Optimize, Some(text)) => Some(Sweep::parse(text).map_err(ShardProblem::Sweep)?),
        (ShardKind::Optimize, None) => return Err(ShardProblem::Sweep("an optimize shard's header has none".into())),
        (kind, Some(_)) => return Err(ShardProblem::Sweep(format!("a {} shard has none", kind.name()))),
        (_, None) => None,
    };
    let actual = hex(match &sweep {
        Some(sweep) => sweep_fingerprint(&parsed, &sweep.text()),
        None => fingerprint(&parsed),
    });
    if actual != header.fingerprint {
        return Err(ShardProblem::Fingerprint { stated: header.fingerprint, actual });
    }
    let plans = parsed
        .iter()
        .enumerate()
        .map(|(index, s)| check(s).map_err(|errors| ShardProblem::Scenario { index, errors }))
        .collect::<Result<Vec<_>, _>>()?;
    let (plans, candidates) = match sweep {
        Some(sweep) => {
            let (candidates, plans) = Candidates::new(parsed.remove(0), sweep)?;
            (plans, Some(candidates))
        }
        None => (plans, None),
    };
    let records = vec![Vec::new(); plans.len()];
    Ok(Shard { header, plans, records, candidates })
}

/// What two shards disagree on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Kind,
    Seed,
    Runs,
    /// `optimize`: the decisions or their grids.
    Decisions,
    /// `optimize`: the objective or its direction.
    Objective,
    /// `optimize`: the constraints.
    Constraints,
    Scenarios,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Kind => "kind (run, compare or optimize)",
            Field::Seed => "seed",
            Field::Runs => "total runs (--runs)",
            Field::Decisions => "decisions (--var)",
            Field::Objective => "objective (--objective, --maximize, --minimize)",
            Field::Constraints => "constraints (--constraint)",
            Field::Scenarios => "scenarios (fingerprint)",
        }
    }
}

/// Why shards do not merge. Shards are named by their index in the list given to [`merge`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeError {
    NoShards,
    /// Shard `other` has another `field` than shard `first`.
    Differ {
        field: Field,
        first: usize,
        other: usize,
    },
    /// Shards `a` and `b` both hold `runs`.
    Overlap {
        a: usize,
        b: usize,
        runs: Range<u64>,
    },
    /// No shard holds `runs`; `after` and `before` are the shards around the gap.
    Gap {
        runs: Range<u64>,
        after: Option<usize>,
        before: Option<usize>,
    },
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shard = |i: &usize| format!("shard {i}");
        match self {
            MergeError::NoShards => f.write_str("no shards to merge"),
            MergeError::Differ { field, first, other } => {
                write!(f, "{} and {} differ in {}", shard(first), shard(other), field.name())
            }
            MergeError::Overlap { a, b, runs } => {
                write!(f, "{} and {} overlap: both hold runs {}..{}", shard(a), shard(b), runs.start, runs.end)
            }
            MergeError::Gap { runs, .. } => write!(f, "no shard holds runs {}..{}", runs.start, runs.end),
        }
    }
}

impl std::error::Error for MergeError {}

/// Shards merged: every run `0..runs` of every scenario, once.
#[derive(Clone, Debug)]
pub struct Merged {
    pub kind: ShardKind,
    pub seed: u64,
    pub runs: u64,
    /// The scenarios as the shard of run 0 names them.
    pub scenarios: Vec<ShardScenario>,
    pub plans: Vec<Plan>,
    /// Per scenario (per valid candidate for `optimize`), every run in run order.
    pub records: Vec<Vec<RunRecord>>,
    /// `optimize` only: the grid, and which plan is which candidate.
    pub candidates: Option<Candidates>,
}

/// Merges shards given in any order: they must share kind, seed, total runs and
/// scenarios, and their ranges must cover `0..runs` exactly once.
pub fn merge(shards: Vec<Shard>) -> Result<Merged, MergeError> {
    let first = shards.first().ok_or(MergeError::NoShards)?;
    for (other, s) in shards.iter().enumerate().skip(1) {
        let (a, b) = (&first.header, &s.header);
        let sweeps = first.candidates.as_ref().map(|c| &c.sweep).zip(s.candidates.as_ref().map(|c| &c.sweep));
        let differ = if a.kind != b.kind {
            Some(Field::Kind)
        } else if a.seed != b.seed {
            Some(Field::Seed)
        } else if a.runs != b.runs {
            Some(Field::Runs)
        } else if sweeps.is_some_and(|(x, y)| x.decisions != y.decisions) {
            Some(Field::Decisions)
        } else if sweeps.is_some_and(|(x, y)| x.objective != y.objective) {
            Some(Field::Objective)
        } else if sweeps.is_some_and(|(x, y)| x.constraints != y.constraints) {
            Some(Field::Constraints)
        } else if a.fingerprint != b.fingerprint {
            Some(Field::Scenarios)
        } else {
            None
        };
        if let Some(field) = differ {
            return Err(MergeError::Differ { field, first: 0, other });
        }
    }
    let runs = first.header.runs;
    let mut order: Vec<usize> = (0..shards.len()).collect();
    order.sort_by_key(|&i| (shards[i].header.range[0], shards[i].header.range[1]));
    let mut covered = 0; // runs 0..covered are held, by shard `last`
    let mut last = None;
    for &i in &order {
        let range = shards[i].header.range();
        if range.start > covered {
            return Err(MergeError::Gap { runs: covered..range.start, after: last, before: Some(i) });
        }
        if range.start < covered {
            let a = last.unwrap_or(i);
            return Err(MergeError::Overlap { a, b: i, runs: range.start..covered.min(range.end) });
        }
        covered = range.end;
        last = Some(i);
    }
    if covered < runs {
        return Err(MergeError::Gap { runs: covered..runs, after: last, before: None });
    }

    let mut shards: Vec<Option<Shard>> = shards.into_iter().map(Some).collect();
    let mut merged: Option<Merged> = None;
    for i in order {
        let Some(shard) = shards[i].take() else { continue };
        match &mut merged {
            None => {
                let h = shard.header;
                merged = Some(Merged {
                    kind: h.kind,
                    seed: h.seed,
                    runs: h.runs,
                    scenarios: h.scenarios,
                    plans: shard.plans,
                    records: shard.records,
                    candidates: shard.candidates,
                });
            }
            Some(m) => {
                for (all, mut more) in m.records.iter_mut().zip(shard.records) {
                    all.append(&mut more);
                }
            }
        }
    }
    merged.ok_or(MergeError::NoShards)
}

/// The result of merged shards: what the single-machine command prints.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Summary(Summary),
    Comparison(Comparison),
    Optimization(Optimization),
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Outcome::Summary(s) => s.serialize(serializer),
            Outcome::Comparison(c) => c.serialize(serializer),
            Outcome::Optimization(o) => o.report().serialize(serializer),
        }
    }
}

impl Merged {
    /// The summary (`run`), comparison (`compare`, scenarios labelled with their files)
    /// or optimisation (`optimize`).
    pub fn outcome(&self) -> Result<Outcome, CompareError> {
        match self.kind {
            ShardKind::Run => Ok(Outcome::Summary(summarize(&self.plans[0], self.seed, &self.records[0]))),
            ShardKind::Compare => {
                let plans: Vec<&Plan> = self.plans.iter().collect();
                let mut comparison = compare_records(&plans, self.seed, &self.records)?;
                for (label, s) in comparison.scenarios.iter_mut().zip(&self.scenarios) {
                    label.file.clone_from(&s.file);
                }
                Ok(Outcome::Comparison(comparison))
            }
            ShardKind::Optimize => {
                // `merge` of `optimize` shards (read by `ShardReader`) always sets them.
                let c = self.candidates.as_ref().expect("merged optimize shards carry their candidates");
                Ok(Outcome::Optimization(self.optimization(c)))
            }
        }
    }

    /// As [`crate::engine::optimize()`] scores and ranks the candidates, from the merged runs.
    fn optimization(&self, c: &Candidates) -> Optimization {
        let Sweep { objective, constraints, .. } = &c.sweep;
        let mut results: Vec<CandidateResult> = c
            .points
            .iter()
            .map(|(values, slot)| match slot {
                Ok(i) => CandidateResult {
                    values: values.clone(),
                    ..evaluate_candidate(objective, constraints, &self.records[*i])
                },
                Err(message) => CandidateResult::invalid(values.clone(), message.clone()),
            })
            .collect();
        // `optimize` keeps per-run scores only for the best and the runner-up.
        let (best, runner_up) = rank(objective, &results);
        for (i, r) in results.iter_mut().enumerate() {
            if Some(i) != best && Some(i) != runner_up {
                r.scores = Vec::new();
            }
        }
        let runs = usize::try_from(self.runs).unwrap_or(usize::MAX);
        assemble(c.scenario.name.clone(), self.seed, runs, c.axes.clone(), *objective, constraints, results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{load, simulate};

    const SCENARIO: &str = r#"{"schema": "livesim/1", "name": "Tiny", "duration_min": 20,
        "audience": {"organic": {"base_per_min": {"lo": 10, "hi": 40}}},
        "catalog": [{"id": "mug", "name": "Mug", "price": 10.1, "unit_cost": 4.3, "stock": 40}]}"#;

    fn bits(r: &RunRecord) -> Vec<u64> {
        let o = &r.outputs;
        let mut xs: Vec<u64> = r.inputs.iter().map(|x| x.to_bits()).collect();
        xs.extend(o.kpis.0.iter().map(|k| k.map_or(u64::MAX, f64::to_bits)));
        xs.extend(o.items.iter().map(|i| i.revenue.to_bits()));
        xs.extend(o.channels.iter().map(|c| c.revenue.to_bits()));
        xs.extend(o.minutes.iter().flat_map(|m| [m.revenue.to_bits(), m.revenue_total.to_bits()]));
        xs
    }

    #[test]
    fn a_record_round_trips_bit_for_bit() {
        let plan = load(SCENARIO).unwrap();
        for run in 0..50 {
            let record = simulate(&plan, 7, run);
            let (scenario, back) = parse_row(&row_line(2, &record)).unwrap();
            assert_eq!(scenario, 2);
            assert_eq!(back, record);
            assert_eq!(bits(&back), bits(&record), "run {run}");
        }
        // Awkward values: long decimals that a fast JSON reader rounds wrongly, -0, extremes.
        let mut record = simulate(&plan, 7, 0);
        record.inputs = vec![57414.518664216484, 47960.756426982596, -0.0, f64::MIN_POSITIVE, f64::MAX, 0.1 + 0.2];
        let (_, back) = parse_row(&row_line(0, &record)).unwrap();
        let want: Vec<u64> = record.inputs.iter().map(|x| x.to_bits()).collect();
        assert_eq!(back.inputs.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
    }

    #[test]
    fn rows_refuse_what_is_not_a_finite_number() {
        let record = simulate(&load(SCENARIO).unwrap(), 1, 0);
        let line = row_line(0, &record).replacen("\"inputs\":[\"", "\"inputs\":[\"x", 1);
        assert!(matches!(parse_row(&line), Err(ShardProblem::Number(_))), "{line}");
        let line = row_line(0, &record).replacen("\"inputs\":[\"", "\"inputs\":[\"NaN\",\"", 1);
        assert_eq!(parse_row(&line).unwrap_err(), ShardProblem::Number("NaN".into()));
    }

    #[test]
    fn the_fingerprint_ignores_formatting_but_not_values() {
        let a = parse(SCENARIO).unwrap();
        let b = parse(&serde_json::to_string_pretty(&a).unwrap()).unwrap();
        let c = parse(&SCENARIO.replace("10.1", "10.2")).unwrap();
        assert_eq!(fingerprint(std::slice::from_ref(&a)), fingerprint(&[b]));
        assert_ne!(fingerprint(std::slice::from_ref(&a)), fingerprint(&[c]));
    }

    #[test]
    fn an_optimize_header_round_trips_exactly() {
        use crate::engine::Kpi;
        use crate::engine::optimize::{Cmp, Event};
        let price = Values::new(0.1 + 0.2, 57414.518664216484, 1234.5678901234567).unwrap();
        let stock = Values::new(1e-7, 0.1 + 0.2 + 2.7, 0.30000000000000004).unwrap();
        let sweep = Sweep {
            decisions: vec![("item:mug.price".parse().unwrap(), price), ("item:mug.stock".parse().unwrap(), stock)],
            objective: Objective {
                measure: Measure::Probability(Event {
                    kpi: Kpi::Contribution,
                    cmp: Cmp::Lt,
                    threshold: -1.2345678901234567,
                }),
                maximize: false,
            },
            constraints: vec![
                Constraint {
                    event: Event { kpi: Kpi::Revenue, cmp: Cmp::Gt, threshold: 1e21 },
                    bound: Cmp::Lt,
                    probability: 0.1 + 0.2,
                },
                Constraint {
                    event: Event { kpi: Kpi::StockoutLost, cmp: Cmp::Ge, threshold: -0.0 },
                    bound: Cmp::Ge,
                    probability: 1.0 / 3.0,
                },
            ],
        };
        let text = sweep.text();
        assert_eq!(text.decisions[0], "item:mug.price=0.30000000000000004..57414.518664216484:1234.5678901234567");
        assert_eq!(text.constraints[0], "p:revenue>1000000000000000000000<0.30000000000000004");
        let back = Sweep::parse(&text).unwrap();
        assert_eq!(back, sweep);
        let bits = |s: &Sweep| {
            let mut xs: Vec<u64> =
                s.decisions.iter().flat_map(|(_, r)| [r.from, r.to, r.step]).map(f64::to_bits).collect();
            xs.extend(s.constraints.iter().flat_map(|c| [c.event.threshold, c.probability]).map(f64::to_bits));
            xs
        };
        assert_eq!(bits(&back), bits(&sweep), "-0 and every last digit survive");

        let scenario = ShardScenario { file: Some("tiny.json".into()), text: SCENARIO.into() };
        let header = ShardHeader::optimize(3, 100, 10..40, scenario, &sweep).unwrap();
        let line = header.line();
        let mut reader = ShardReader::new();
        reader.push(&line).unwrap();
        let shard = reader.shard.as_ref().unwrap();
        assert_eq!(shard.header, header);
        assert_eq!(shard.header.line(), line);
        let candidates = shard.candidates.as_ref().unwrap();
        assert_eq!(candidates.sweep, sweep);
        assert_eq!(candidates.points.len(), 47 * 10);
        // The sweep is part of the fingerprint: the same scenario alone hashes otherwise.
        assert_ne!(header.fingerprint, hex(fingerprint(&[parse(SCENARIO).unwrap()])));
        assert!(matches!(
            ShardHeader::new(ShardKind::Optimize, 3, 100, 0..1, vec![header.scenarios[0].clone()]),
            Err(ShardProblem::Sweep(_))
        ));
    }

    #[test]
    fn ranges_must_be_non_empty_and_within_the_runs() {
        assert_eq!(check_range(&(0..10), 10), Ok(()));
        assert_eq!(check_range(&(5..5), 10), Err(RunRangeError::Empty(5..5)));
        assert_eq!(check_range(&(5..11), 10), Err(RunRangeError::Outside { range: 5..11, runs: 10 }));
    }
}
