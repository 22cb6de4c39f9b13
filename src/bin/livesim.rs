//! The `livesim` command line: validate a scenario, or run it and print the summary as JSON.
//!
//! Exit codes: 0 success; 1 a file could not be read or written; 2 the
//! scenario is invalid, the shards do not merge, or the command line is
//! wrong. Errors go to stderr, one per line; nothing here panics on bad input.
//!
//! Post-live: `live` writes one simulated run as a past live's CSV
//! (`engine::actual`), `versus` sets past lives against the plan's runs
//! (`engine::postlive`), `calibrate` fits the scenario to them
//! (`engine::calibrate`, its rounds' candidates spread over threads).
//!
//! Sweeps split over machines: `run`, `compare` and `optimize` with `--rows`
//! (and `--run-range A..B`) write a `livesim-rows/1` shard instead of the
//! result; `summarize` merges shards into that result (`engine::shards`).

use std::io::{self, BufRead, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use livesim::engine::actual::{Actual, read_actual};
use livesim::engine::calibrate::{self, Calibration, Options};
use livesim::engine::decision::{self as decision, Decision, Range as Values};
use livesim::engine::optimize::{self as optimize, Constraint, Event, Measure, Objective};
use livesim::engine::postlive;
use livesim::engine::shards::{
    self, MergeError, Outcome, ShardError, ShardHeader, ShardKind, ShardReader, ShardScenario, Sweep, kpi_row_line,
    row_line,
};
use livesim::engine::tables::per_run_table;
use livesim::engine::{Kpi, Plan, RunRecord, ScenarioErrors, load, simulate_parallel, summarize};
use livesim::engine::{Scenario, check, parse};

#[derive(Parser)]
#[command(name = "livesim", version, about = "Monte Carlo planning bench for live-commerce sessions")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario many times and print the summary (livesim-summary/1 JSON) on stdout.
    Run {
        /// Scenario file (livesim/1 JSON); `-` reads standard input.
        scenario: PathBuf,
        /// Number of runs.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        runs: u64,
        /// Seed: the same scenario, seed and runs give the same summary.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also write one CSV row per run (KPIs and drawn uncertain inputs) to this file.
        #[arg(long, value_name = "FILE.csv")]
        per_run: Option<PathBuf>,
        /// Threads to spread runs over (default: all cores); the summary does not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
        threads: Option<u64>,
        /// Write the runs as a livesim-rows/1 shard to this file (`-`: standard output) instead of
        /// printing the summary; `livesim summarize` merges shards.
        #[arg(long, value_name = "FILE.jsonl", conflicts_with = "pretty")]
        rows: Option<PathBuf>,
        /// Only runs A to B of 0..N, end excluded (e.g. 2000..3000), for a shard; needs --rows.
        #[arg(long, value_name = "A..B", value_parser = parse_run_range, requires = "rows")]
        run_range: Option<Range<u64>>,
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
    /// Rank the uncertain inputs by how much each drives a KPI (livesim-sensitivity/1 JSON) on stdout.
    Sensitivity {
        /// Scenario file (livesim/1 JSON); `-` reads standard input.
        scenario: PathBuf,
        /// The KPI to explain, by its model name (e.g. contribution; a wrong name lists them all).
        #[arg(long, hide_possible_values = true, value_parser = kpi_parser())]
        kpi: Kpi,
        /// Number of runs.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        runs: u64,
        /// Seed: the same scenario, seed and runs give the same ranking.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Threads to spread runs over (default: all cores); the ranking does not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
        threads: Option<u64>,
        /// Also swing a decision down and up by DELTA (e.g. offer:0.percent=5), one at a time, on
        /// the same runs; listed under `decisions`. Repeatable. See `livesim optimize --help` for names.
        #[arg(long = "decision", value_name = "DECISION=DELTA", value_parser = decision::parse_decision_delta)]
        decisions: Vec<(Decision, f64)>,
        /// Explain the difference this variant makes instead: VARIANT - SCENARIO of the KPI, run by
        /// run on the same random numbers (what drives the difference, not the level).
        #[arg(long, value_name = "VARIANT.json", conflicts_with = "decisions")]
        versus: Option<PathBuf>,
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
    /// Compare variants with a base scenario on paired runs (livesim-compare/1 JSON) on stdout.
    Compare {
        /// The base scenario (livesim/1 JSON); `-` reads standard input (for one file at most).
        base: PathBuf,
        /// One to three variant scenarios, each compared with the base.
        #[arg(required = true, num_args = 1..=3)]
        variants: Vec<PathBuf>,
        /// Number of runs of each scenario.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        runs: u64,
        /// Seed: run i of every scenario uses the same random numbers (common random numbers).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Threads to spread runs over (default: all cores); the comparison does not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
        threads: Option<u64>,
        /// Write the runs as a livesim-rows/1 shard to this file (`-`: standard output) instead of
        /// printing the comparison; `livesim summarize` merges shards.
        #[arg(long, value_name = "FILE.jsonl", conflicts_with = "pretty")]
        rows: Option<PathBuf>,
        /// Only runs A to B of 0..N, end excluded (e.g. 2000..3000), for a shard; needs --rows.
        #[arg(long, value_name = "A..B", value_parser = parse_run_range, requires = "rows")]
        run_range: Option<Range<u64>>,
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
    /// Merge shards written with --rows (any order) into what `run`, `compare` or `optimize` prints for all runs.
    Summarize {
        /// Shard files (livesim-rows/1) that together hold runs 0..N; `-` reads standard input (once).
        #[arg(required = true, value_name = "ROWS")]
        rows: Vec<PathBuf>,
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
    #[command(flatten)]
    Decide(DecideCommand),
    /// Check a scenario: a one-line description, or every problem found.
    Validate {
        /// Scenario file (livesim/1 JSON); `-` reads standard input.
        scenario: PathBuf,
    },
    /// Simulate one live of a scenario and write it minute by minute as a past-live CSV (the format
    /// `livesim calibrate` and the app's import read).
    Live {
        /// Scenario file (livesim/1 JSON); `-` reads standard input.
        scenario: PathBuf,
        /// Seed: the same scenario, seed and run give the same live.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Which run of the seed to write (0, 1, 2, ...: run i of `livesim run`).
        #[arg(long, default_value_t = 0)]
        run: u64,
        /// Write the CSV to this file instead of standard output (`-`: standard output).
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
    },
    /// Compare past lives with the plan's runs (livesim-versus/1 JSON) on stdout: each KPI's
    /// percentile, the minutes outside the p10-p90 band, items, drop-off, channels.
    Versus {
        /// Scenario file (livesim/1 JSON); `-` reads standard input.
        scenario: PathBuf,
        /// Past lives, one CSV each (as `livesim live` writes them; see www/actuals/README.md).
        #[arg(required = true, value_name = "LIVE.csv")]
        lives: Vec<PathBuf>,
        /// Runs of the plan.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        runs: u64,
        /// Seed of the plan's runs.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Threads to spread runs over (default: all cores); the answer does not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
        threads: Option<u64>,
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
    /// Fit the scenario's audience and purchase rates to past lives (livesim-calibration/1 JSON) on
    /// stdout: each fitted number with its 90 % interval, the goodness of fit, the calibrated scenario.
    Calibrate {
        /// Scenario file (livesim/1 JSON); `-` reads standard input.
        scenario: PathBuf,
        /// Past lives of this scenario, one CSV each (as `livesim live` writes them).
        #[arg(required = true, value_name = "LIVE.csv")]
        lives: Vec<PathBuf>,
        /// Seed: the same scenario, lives, options and seed give the same calibration.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Rounds of the search; each keeps the candidates nearest the lives and proposes around them.
        #[arg(long, default_value_t = Options::default().rounds, value_parser = clap::value_parser!(u32).range(1..=100))]
        rounds: u32,
        /// Candidates per round; each simulates every past live once.
        #[arg(long, default_value_t = Options::default().runs_per_round, value_parser = clap::value_parser!(u64).range(100..=1_000_000))]
        runs_per_round: u64,
        /// Also fit the intent and leave factors of the content kinds the rundown uses.
        #[arg(long)]
        content: bool,
        /// Runs of the plan and of the calibrated scenario for the goodness of fit.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        check_runs: u64,
        /// Threads to spread candidates over (default: all cores); the answer does not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
        threads: Option<u64>,
        /// Also write the calibrated scenario (livesim/1 JSON) to this file.
        #[arg(long, value_name = "FILE.json")]
        out: Option<PathBuf>,
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
}

/// How a command failed: the exit code and what to tell the user.
enum Failure {
    Io(String),
    Invalid(ScenarioErrors),
    /// Errors of several scenarios, each with its file name.
    InvalidFiles(Vec<(String, ScenarioErrors)>),
    /// A wrong command line that clap cannot see (exit 2).
    Usage(String),
    /// Standard output was closed (e.g. piped into `head`): stop quietly.
    ClosedOutput,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe { Failure::ClosedOutput } else { Failure::Io(e.to_string()) }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let result = match cli.command {
        Command::Run { scenario, runs, seed, per_run, threads, rows: Some(rows), run_range, .. } => {
            run_rows(&scenario, runs, seed, per_run.as_deref(), threads, &rows, run_range)
        }
        Command::Run { scenario, runs, seed, per_run, threads, rows: None, pretty, .. } => {
            run(&scenario, runs, seed, per_run.as_deref(), threads, pretty)
        }
        Command::Validate { scenario } => validate(&scenario),
        Command::Compare { base, variants, runs, seed, threads, rows, run_range, pretty } => {
            let rows = rows.as_deref().map(|file| (file, run_range));
            compare(&base, &variants, runs, seed, threads, rows, pretty)
        }
        Command::Summarize { rows, pretty } => summarize_rows(&rows, pretty),
        Command::Sensitivity { scenario, kpi, runs, seed, threads, decisions, versus: None, pretty } => {
            sensitivity(&scenario, kpi, runs, seed, threads, &decisions, pretty)
        }
        Command::Sensitivity { scenario, kpi, runs, seed, threads, versus: Some(variant), pretty, .. } => {
            sensitivity_versus(&scenario, &variant, kpi, runs, seed, threads, pretty)
        }
        Command::Decide(command) => decide(command),
        Command::Live { scenario, seed, run, out } => live(&scenario, seed, run, out.as_deref()),
        Command::Versus { scenario, lives, runs, seed, threads, pretty } => {
            versus(&scenario, &lives, runs, seed, thread_count(threads), pretty)
        }
        Command::Calibrate {
            scenario,
            lives,
            seed,
            rounds,
            runs_per_round,
            content,
            check_runs,
            threads,
            out,
            pretty,
        } => {
            let options = Options { content, runs_per_round, rounds, ..Options::default() };
            let threads = thread_count(threads);
            calibrate(&scenario, &lives, seed, options, check_runs, threads, out.as_deref(), pretty)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Io(msg)) => {
            eprintln!("livesim: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Invalid(errors)) => {
            for e in &errors.0 {
                eprintln!("{}", one_line(&e.to_string()));
            }
            ExitCode::from(2)
        }
        Err(Failure::InvalidFiles(files)) => {
            for (file, errors) in &files {
                for e in &errors.0 {
                    eprintln!("{}: {}", one_line(file), one_line(&e.to_string()));
                }
            }
            ExitCode::from(2)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("livesim: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::ClosedOutput) => ExitCode::from(1),
    }
}

fn read_scenario(path: &Path) -> Result<String, Failure> {
    let shown = path.display();
    if path == Path::new("-") {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::Io(format!("cannot read the scenario from standard input: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| Failure::Io(format!("cannot read {shown}: {e}")))
}

fn load_plan(path: &Path) -> Result<Plan, Failure> {
    load(&read_scenario(path)?).map_err(Failure::Invalid)
}

fn validate(path: &Path) -> Result<(), Failure> {
    let plan = load_plan(path)?;
    let products =
        plan.items.iter().filter(|i| matches!(i.kind, livesim::engine::plan::ItemKind::Product { .. })).count();
    let kits = plan.items.len() - products;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "ok: {} ({}), {} min, {}, {}, {}, {}, {}, {}",
        one_line(&serde_json::to_string(&plan.name).unwrap_or_default()),
        plan.currency,
        plan.duration,
        counted(products, "product", "products"),
        counted(kits, "kit", "kits"),
        counted(plan.blocks.len(), "rundown block", "rundown blocks"),
        counted(plan.offers.len(), "offer", "offers"),
        counted(plan.uncertain.len(), "uncertain input", "uncertain inputs"),
        counted(plan.targets.len(), "target", "targets"),
    )?;
    Ok(())
}

/// `text` with control characters escaped (`\n` as `\\n`), so that a name or an
/// unknown key that holds a newline still prints as one line.
fn one_line(text: &str) -> String {
    text.chars().fold(String::with_capacity(text.len()), |mut out, c| {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        out
    })
}

/// `n` followed by the singular or plural noun: "1 kit", "0 kits", "2 kits".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn run(
    path: &Path,
    runs: u64,
    seed: u64,
    per_run: Option<&Path>,
    threads: Option<u64>,
    pretty: bool,
) -> Result<(), Failure> {
    let plan = load_plan(path)?;
    let per_run = open_per_run(per_run)?;
    let threads = thread_count(threads);
    let records = simulate_parallel(&plan, seed, 0..runs, threads);
    if let Some((file, writer)) = per_run {
        write_per_run(&plan, &records, writer).map_err(|e| cannot_write(file, e))?;
    }
    let summary = summarize(&plan, seed, &records);
    let mut out = io::stdout().lock();
    let written = if pretty {
        serde_json::to_writer_pretty(&mut out, &summary)
    } else {
        serde_json::to_writer(&mut out, &summary)
    };
    written.map_err(|e| Failure::from(io::Error::from(e)))?;
    writeln!(out)?;
    Ok(())
}

fn cannot_write(file: &Path, e: csv::Error) -> Failure {
    Failure::Io(format!("cannot write {}: {e}", file.display()))
}

/// Creates the per-run file before simulating, so that a bad path fails at once rather than after the runs.
fn open_per_run(per_run: Option<&Path>) -> Result<Option<(&Path, csv::Writer<std::fs::File>)>, Failure> {
    per_run.map(|file| Ok((file, csv::Writer::from_path(file).map_err(|e| cannot_write(file, e))?))).transpose()
}

fn write_per_run(plan: &Plan, records: &[RunRecord], mut w: csv::Writer<std::fs::File>) -> Result<(), csv::Error> {
    let table = per_run_table(plan, records);
    w.write_record(&table.header)?;
    for row in &table.rows {
        w.write_record(row)?;
    }
    w.flush()?;
    Ok(())
}

/// `--kpi`: one of the model's KPI names; a wrong name lists them all.
fn kpi_parser() -> impl clap::builder::TypedValueParser<Value = Kpi> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Kpi::ALL.map(Kpi::name))
        .try_map(|name: String| Kpi::from_name(&name).ok_or("not a KPI of the model"))
}

fn sensitivity(
    path: &Path,
    kpi: Kpi,
    runs: u64,
    seed: u64,
    threads: Option<u64>,
    decisions: &[(Decision, f64)],
    pretty: bool,
) -> Result<(), Failure> {
    let (scenario, plan) = load_scenario(path)?;
    if plan.uncertain.is_empty() && decisions.is_empty() {
        eprintln!("livesim: the scenario has no uncertain inputs (no ranges): nothing to rank");
    }
    for (d, _) in decisions {
        d.resolve(&scenario).map_err(|e| Failure::Usage(e.to_string()))?;
    }
    let threads = thread_count(threads);
    let records = simulate_parallel(&plan, seed, 0..runs, threads);
    let ranking = livesim::engine::sensitivity(&plan, &records, kpi);
    let swings =
        livesim::engine::sensitivity::decision_swings(&scenario, &records, kpi, decisions, seed, 0..runs, threads)
            .map_err(|e| Failure::Usage(e.to_string()))?;
    let mut out = io::stdout().lock();
    let report = ranking.report_with(seed, &swings);
    let written =
        if pretty { serde_json::to_writer_pretty(&mut out, &report) } else { serde_json::to_writer(&mut out, &report) };
    written.map_err(|e| Failure::from(io::Error::from(e)))?;
    writeln!(out)?;
    Ok(())
}

/// `sensitivity --versus`: what drives the paired difference a variant makes.
fn sensitivity_versus(
    path: &Path,
    variant: &Path,
    kpi: Kpi,
    runs: u64,
    seed: u64,
    threads: Option<u64>,
    pretty: bool,
) -> Result<(), Failure> {
    let (_, plan) = load_scenario(path)?;
    let (_, other) = load_scenario(variant)?;
    if plan.uncertain.is_empty() {
        eprintln!("livesim: the scenario has no uncertain inputs (no ranges): nothing to rank");
    }
    let threads = thread_count(threads);
    let base = simulate_parallel(&plan, seed, 0..runs, threads);
    let records = simulate_parallel(&other, seed, 0..runs, threads);
    let ranking = livesim::engine::sensitivity::sensitivity_of_difference(&plan, &base, &records, kpi);
    let versus = variant.display().to_string();
    write_json(&ranking.report_with(seed, &[]).versus(&versus), pretty)
}

/// `compare`: every file is read first (exit 1 if one cannot be), then every one is checked, and
/// the errors of all invalid ones are printed, each line prefixed with its file name (exit 2).
fn compare(
    base: &Path,
    variants: &[PathBuf],
    runs: u64,
    seed: u64,
    threads: Option<u64>,
    rows: Option<(&Path, Option<Range<u64>>)>,
    pretty: bool,
) -> Result<(), Failure> {
    let range = match &rows {
        Some((_, range)) => Some(shard_range(range.clone(), runs)?),
        None => None,
    };
    let paths: Vec<&Path> = std::iter::once(base).chain(variants.iter().map(PathBuf::as_path)).collect();
    if paths.iter().filter(|p| **p == Path::new("-")).count() > 1 {
        return Err(Failure::Usage("standard input (`-`) can be read for one scenario only".into()));
    }
    let texts = paths.iter().map(|p| read_scenario(p)).collect::<Result<Vec<_>, _>>()?;
    let mut plans = Vec::with_capacity(texts.len());
    let mut invalid = Vec::new();
    for (path, text) in paths.iter().zip(&texts) {
        match load(text) {
            Ok(plan) => plans.push(plan),
            Err(errors) => invalid.push((path.display().to_string(), errors)),
        }
    }
    if !invalid.is_empty() {
        return Err(Failure::InvalidFiles(invalid));
    }
    let threads = thread_count(threads);
    if let (Some((file, _)), Some(range)) = (rows, range) {
        let scenarios =
            paths.iter().zip(texts).map(|(p, text)| ShardScenario { file: Some(p.display().to_string()), text });
        let header = ShardHeader::new(ShardKind::Compare, seed, runs, range.clone(), scenarios.collect())
            .map_err(|e| Failure::Usage(e.to_string()))?;
        let mut out = RowsOut::create(file)?;
        out.line(&header.line())?;
        // One scenario's runs are held at a time, as in a comparison on one machine.
        for (i, plan) in plans.iter().enumerate() {
            for r in simulate_parallel(plan, seed, range.clone(), threads) {
                out.line(&row_line(i, &r))?;
            }
        }
        return out.finish();
    }
    let mut comparison = livesim::engine::compare(&plans[0], &plans[1..], seed, 0..runs, threads)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    for (label, path) in comparison.scenarios.iter_mut().zip(&paths) {
        label.file = Some(path.display().to_string());
    }
    let mut out = io::stdout().lock();
    let written = if pretty {
        serde_json::to_writer_pretty(&mut out, &comparison)
    } else {
        serde_json::to_writer(&mut out, &comparison)
    };
    written.map_err(|e| Failure::from(io::Error::from(e)))?;
    writeln!(out)?;
    Ok(())
}

/// `--run-range A..B`: two run indices, the end excluded.
fn parse_run_range(text: &str) -> Result<Range<u64>, String> {
    let (a, b) = text.split_once("..").ok_or("expected A..B, e.g. 2000..3000 (end excluded)")?;
    let index = |s: &str| s.trim().parse::<u64>().map_err(|_| format!("\"{s}\" is not a run index (0, 1, 2, ...)"));
    Ok(index(a)?..index(b)?)
}

/// The runs a shard holds: `--run-range` (checked against `--runs`), or all of them.
fn shard_range(range: Option<Range<u64>>, runs: u64) -> Result<Range<u64>, Failure> {
    let range = range.unwrap_or(0..runs);
    shards::check_range(&range, runs).map_err(|e| Failure::Usage(format!("--run-range: {e}")))?;
    Ok(range)
}

/// A shard being written: to a file, created before any run (so a bad path fails at
/// once), or to standard output (`-`).
struct RowsOut {
    file: Option<PathBuf>,
    out: Box<dyn Write>,
}

impl RowsOut {
    fn create(path: &Path) -> Result<RowsOut, Failure> {
        if path == Path::new("-") {
            return Ok(RowsOut { file: None, out: Box::new(io::BufWriter::new(io::stdout().lock())) });
        }
        let file =
            std::fs::File::create(path).map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
        Ok(RowsOut { file: Some(path.to_path_buf()), out: Box::new(io::BufWriter::new(file)) })
    }

    fn failed(&self, e: io::Error) -> Failure {
        match &self.file {
            Some(file) => Failure::Io(format!("cannot write {}: {e}", file.display())),
            None => Failure::from(e),
        }
    }

    fn line(&mut self, text: &str) -> Result<(), Failure> {
        writeln!(self.out, "{text}").map_err(|e| self.failed(e))
    }

    fn finish(mut self) -> Result<(), Failure> {
        self.out.flush().map_err(|e| self.failed(e))
    }
}

/// `run --rows`: the runs of `--run-range` (default all) as a shard, instead of the summary.
fn run_rows(
    path: &Path,
    runs: u64,
    seed: u64,
    per_run: Option<&Path>,
    threads: Option<u64>,
    rows: &Path,
    range: Option<Range<u64>>,
) -> Result<(), Failure> {
    let range = shard_range(range, runs)?;
    let text = read_scenario(path)?;
    let plan = load(&text).map_err(Failure::Invalid)?;
    let scenario = ShardScenario { file: Some(path.display().to_string()), text };
    let header = ShardHeader::new(ShardKind::Run, seed, runs, range.clone(), vec![scenario])
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let per_run = open_per_run(per_run)?;
    let mut out = RowsOut::create(rows)?;
    let threads = thread_count(threads);
    let records = simulate_parallel(&plan, seed, range, threads);
    if let Some((file, writer)) = per_run {
        write_per_run(&plan, &records, writer).map_err(|e| cannot_write(file, e))?;
    }
    out.line(&header.line())?;
    for r in &records {
        out.line(&row_line(0, r))?;
    }
    out.finish()
}

/// `summarize`: reads every shard (checking each line), merges them, and prints the
/// result the single-machine command prints. Problems name the file (and line).
fn summarize_rows(files: &[PathBuf], pretty: bool) -> Result<(), Failure> {
    if files.iter().filter(|p| p.as_path() == Path::new("-")).count() > 1 {
        return Err(Failure::Usage("standard input (`-`) can be read for one shard only".into()));
    }
    let names: Vec<String> = files.iter().map(|p| one_line(&p.display().to_string())).collect();
    let mut read = Vec::with_capacity(files.len());
    for (path, name) in files.iter().zip(&names) {
        let lines: Box<dyn BufRead> = if path.as_path() == Path::new("-") {
            Box::new(io::stdin().lock())
        } else {
            let file = std::fs::File::open(path).map_err(|e| Failure::Io(format!("cannot read {name}: {e}")))?;
            Box::new(io::BufReader::new(file))
        };
        let bad = |e: ShardError| match e.line {
            Some(line) => Failure::Usage(format!("{name}:{line}: {}", one_line(&e.problem.to_string()))),
            None => Failure::Usage(format!("{name}: {}", one_line(&e.problem.to_string()))),
        };
        let mut shard = ShardReader::new();
        for (i, line) in lines.lines().enumerate() {
            let line = line.map_err(|e| match e.kind() {
                io::ErrorKind::InvalidData => Failure::Usage(format!("{name}:{}: not UTF-8 text", i + 1)),
                _ => Failure::Io(format!("cannot read {name}: {e}")),
            })?;
            shard.push(&line).map_err(bad)?;
        }
        read.push(shard.finish().map_err(bad)?);
    }
    let merged = shards::merge(read).map_err(|e| Failure::Usage(merge_message(&e, &names)))?;
    let outcome = merged.outcome().map_err(|e| Failure::Usage(e.to_string()))?;
    if matches!(&outcome, Outcome::Optimization(o) if o.best.is_none()) {
        eprintln!("livesim: no candidate is feasible");
    }
    let mut out = io::stdout().lock();
    let written = if pretty {
        serde_json::to_writer_pretty(&mut out, &outcome)
    } else {
        serde_json::to_writer(&mut out, &outcome)
    };
    written.map_err(|e| Failure::from(io::Error::from(e)))?;
    writeln!(out)?;
    Ok(())
}

/// `live`: one run of the scenario as a past live's CSV (`engine::actual`), on stdout or in `--out`.
fn live(path: &Path, seed: u64, run: u64, out: Option<&Path>) -> Result<(), Failure> {
    let plan = load_plan(path)?;
    let live = livesim::engine::actual::simulated_live(&plan, seed, run);
    let csv = livesim::engine::actual::actual_table(&live)
        .to_csv()
        .map_err(|e| Failure::Io(format!("cannot write the live as CSV: {e}")))?;
    match out.filter(|file| *file != Path::new("-")) {
        Some(file) => {
            std::fs::write(file, csv).map_err(|e| Failure::Io(format!("cannot write {}: {e}", file.display())))
        }
        None => Ok(io::stdout().lock().write_all(csv.as_bytes())?),
    }
}

/// Threads to use: as asked, else every core.
fn thread_count(threads: Option<u64>) -> usize {
    threads.map(|t| t as usize).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Reads past lives; warnings go to stderr, a file that does not read fails with its name, line and column.
fn read_lives(paths: &[PathBuf]) -> Result<Vec<Actual>, Failure> {
    paths
        .iter()
        .map(|path| {
            let shown = path.display();
            let text = std::fs::read_to_string(path).map_err(|e| Failure::Io(format!("cannot read {shown}: {e}")))?;
            let imported = read_actual(&text).map_err(|e| Failure::Usage(one_line(&format!("{shown}: {e}"))))?;
            for warning in &imported.warnings {
                eprintln!("livesim: {}", one_line(&format!("{shown}: warning: {warning}")));
            }
            Ok(imported.actual)
        })
        .collect()
}

/// The plan's runs (with their minutes) and summary, which past lives are set against.
fn plan_runs(plan: &Plan, seed: u64, runs: u64, threads: usize) -> (Vec<RunRecord>, livesim::engine::Summary) {
    let records = simulate_parallel(plan, seed, 0..runs, threads);
    let summary = summarize(plan, seed, &records);
    (records, summary)
}

/// `versus`: each past live against the plan's runs.
fn versus(path: &Path, lives: &[PathBuf], runs: u64, seed: u64, threads: usize, pretty: bool) -> Result<(), Failure> {
    let plan = load_plan(path)?;
    let actuals = read_lives(lives)?;
    let (records, summary) = plan_runs(&plan, seed, runs, threads);
    let lives: Vec<serde_json::Value> = lives
        .iter()
        .zip(&actuals)
        .map(|(file, live)| {
            serde_json::json!({ "file": file.display().to_string(), "versus": postlive::versus(&plan, &records, &summary, live) })
        })
        .collect();
    let out = serde_json::json!({ "schema": "livesim-versus/1", "scenario": plan.name, "runs": runs, "seed": seed, "lives": lives });
    write_json(&out, pretty)
}

/// `calibrate`: the rounds on `threads` threads, then the goodness of fit of the plan and of the calibrated scenario.
#[allow(clippy::too_many_arguments)]
fn calibrate(
    path: &Path,
    lives: &[PathBuf],
    seed: u64,
    options: Options,
    check_runs: u64,
    threads: usize,
    out: Option<&Path>,
    pretty: bool,
) -> Result<(), Failure> {
    let text = read_scenario(path)?;
    let plan = load(&text).map_err(Failure::Invalid)?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| Failure::Io(e.to_string()))?;
    let actuals = read_lives(lives)?;
    let calibration = Calibration::new(&plan, &actuals, options).map_err(|e| Failure::Usage(e.to_string()))?;
    for note in &calibration.notes {
        eprintln!("livesim: {}", one_line(&note.to_string()));
    }
    let rounds = calibrate::calibrate(&calibration, |proposal, runs| {
        // Candidates depend only on their run index: any split gives the same ones.
        let per = (runs.end - runs.start).div_ceil(threads as u64).max(1);
        std::thread::scope(|scope| {
            let parts: Vec<_> = (0..threads as u64)
                .map(|t| runs.start + t * per..(runs.start + (t + 1) * per).min(runs.end))
                .filter(|r| !r.is_empty())
                .map(|r| scope.spawn(|| calibration.candidates(proposal, seed, r)))
                .collect();
            parts.into_iter().flat_map(|p| p.join().unwrap_or_default()).collect()
        })
    });
    let Some(last) = rounds.last() else { return Err(Failure::Usage("no round was run".into())) };
    let calibrated = calibrate::calibrated_scenario(&doc, &last.estimates);
    let calibrated_plan = load(&calibrated.to_string()).map_err(Failure::Invalid)?;
    if let Some(file) = out {
        let written = serde_json::to_string_pretty(&calibrated).map_err(|e| Failure::Io(e.to_string()))? + "\n";
        std::fs::write(file, written).map_err(|e| Failure::Io(format!("cannot write {}: {e}", file.display())))?;
    }
    // The goodness of fit: how much of each live falls in the plan's band, and in the calibrated scenario's.
    let inside = |plan: &Plan| {
        let (records, summary) = plan_runs(plan, seed, check_runs, threads);
        actuals
            .iter()
            .map(|live| {
                postlive::versus(plan, &records, &summary, live)
                    .series
                    .iter()
                    .map(|s| (s.series.name().to_owned(), serde_json::json!(s.inside)))
                    .collect::<serde_json::Map<_, _>>()
            })
            .collect::<Vec<_>>()
    };
    let (before, after) = (inside(&plan), inside(&calibrated_plan));
    let fit: Vec<serde_json::Value> = lives
        .iter()
        .zip(before.into_iter().zip(after))
        .map(|(file, (plan, calibrated))| {
            serde_json::json!({ "file": file.display().to_string(), "inside_plan": plan, "inside_calibrated": calibrated })
        })
        .collect();
    let answer = serde_json::json!({
        "schema": "livesim-calibration/1",
        "scenario": plan.name,
        "lives": lives.len(),
        "seed": seed,
        "options": options,
        "notes": calibration.notes.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "rounds": rounds.iter().map(|r| serde_json::json!({ "epsilon": r.epsilon, "kept": r.kept, "effective": r.effective })).collect::<Vec<_>>(),
        "estimates": last.estimates,
        "fit": fit,
        "calibrated": calibrated,
    });
    write_json(&answer, pretty)
}

// Decisions: `optimize` and `goal-seek` (kept apart from the other commands to ease merges).

const DECISION_NAMES: &str = "Decisions (KIND:WHO.FIELD): offer:N.start (moves the whole window), offer:N.length, \
offer:N.percent (a discount, in percent), offer:N.price and offer:N.qty (a flash sale), kit:ID.price, item:ID.price, \
item:ID.stock, paid.budget, block:N.order (1 = first in the running order). N is the offer's or block's index in the \
file (0-based); an offer may also be named by the id of the one item it is on (offer:duo.price).\n\n\
An input the file gives can be sought too, as if it were known: input:PATH, with PATH as errors name it \
(input:audience.direct.show_up_rate, input:catalog[0].unit_cost). Each value tried fixes it (a range included); \
the other inputs keep their ranges, and correlations naming it are dropped.\n\n\
Example:\n  livesim goal-seek show.json --var input:audience.direct.show_up_rate=0.02..0.12 --kpi revenue \\\n    \
--target 60000 --probability 0.8";

#[derive(Subcommand)]
enum DecideCommand {
    /// Try every value (or pair of values) of one or two decisions on the same runs, and report the best
    /// (livesim-optimize/1 JSON) on stdout.
    #[command(after_help = concat!(
        "Decisions (KIND:WHO.FIELD): offer:N.start (moves the whole window), offer:N.length, ",
        "offer:N.percent (a discount, in percent), offer:N.price and offer:N.qty (a flash sale), kit:ID.price, ",
        "item:ID.price, item:ID.stock, paid.budget, block:N.order (1 = first in the running order). N is the ",
        "offer's or block's index in the file (0-based); an offer may also be named by the id of the one item ",
        "it is on (offer:duo.price).\n\n",
        "Example:\n  livesim optimize show.json --var offer:1.start=30..70:5 --objective mean:contribution \\\n",
        "    --constraint 'p:stockout_lost>0<=0.10' --runs 500"
    ))]
    Optimize {
        /// Scenario file (livesim/1 JSON); `-` reads standard input.
        scenario: PathBuf,
        /// A decision and its grid, DECISION=FROM..TO[:STEP] (step 1 by default for whole-number
        /// fields; at most 201 values). Give one or two; two make a grid of every pair.
        #[arg(long = "var", value_name = "DECISION=FROM..TO[:STEP]", required = true,
              value_parser = decision::parse_decision_range)]
        vars: Vec<(Decision, Values)>,
        /// What to optimise: mean:KPI, median:KPI, p:KPI>=VALUE (also >, <=, <: the share of runs
        /// meeting it), or p:KPI (meeting the scenario's target on KPI).
        #[arg(long, value_name = "OBJECTIVE")]
        objective: String,
        /// Highest objective is best (default, except a mean or median of a KPI where lower is better).
        #[arg(long, conflicts_with = "minimize")]
        maximize: bool,
        /// Lowest objective is best.
        #[arg(long)]
        minimize: bool,
        /// A bound on the share of runs meeting an event, p:KPI<OP>VALUE<=P or >=P,
        /// e.g. 'p:stockout_lost>0<=0.10' or 'p:contribution<0<=0.05'. Repeatable.
        #[arg(long = "constraint", value_name = "p:KPI<OP>VALUE<=P", value_parser = Constraint::parse)]
        constraints: Vec<Constraint>,
        /// Runs of each candidate (the same run indices for all: common random numbers).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        runs: u64,
        /// Seed: the same scenario, grid, seed and runs give the same answer.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Threads to spread runs over (default: all cores); the answer does not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
        threads: Option<u64>,
        /// Write every valid candidate's runs (their KPIs) as a livesim-rows/1 shard to this file
        /// (`-`: standard output) instead of printing the answer; `livesim summarize` merges shards.
        #[arg(long, value_name = "FILE.jsonl", conflicts_with = "pretty")]
        rows: Option<PathBuf>,
        /// Only runs A to B of 0..N, end excluded (e.g. 2000..3000), for a shard; needs --rows.
        #[arg(long, value_name = "A..B", value_parser = parse_run_range, requires = "rows")]
        run_range: Option<Range<u64>>,
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
    /// Find the value of one decision (or input) at which the share of runs meeting a target reaches a
    /// probability, by bisection on the same runs (livesim-goalseek/1 JSON) on stdout.
    #[command(after_help = DECISION_NAMES)]
    GoalSeek {
        /// Scenario file (livesim/1 JSON); `-` reads standard input.
        scenario: PathBuf,
        /// The decision (or input:PATH) and the bracket to search, DECISION=FROM..TO (e.g. offer:0.percent=0..40).
        #[arg(long = "var", value_name = "DECISION=FROM..TO", value_parser = decision::parse_decision_bracket)]
        var: (Decision, f64, f64),
        /// The KPI of the target (a wrong name lists them all).
        #[arg(long, hide_possible_values = true, value_parser = kpi_parser())]
        kpi: Kpi,
        /// The target: met at or above it (at or below for cac, cost_per_lead, abandonment_rate,
        /// stockout_lost, oversold_cancelled), as the scenario's targets are.
        #[arg(long, allow_negative_numbers = true)]
        target: f64,
        /// The share of runs that should meet the target, in (0, 1].
        #[arg(long)]
        probability: f64,
        /// Stop when the bracket is this narrow (default: a thousandth of it; whole-number decisions: 1).
        #[arg(long)]
        tolerance: Option<f64>,
        /// Runs of each value tried (the same run indices for all: common random numbers).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        runs: u64,
        /// Seed: the same scenario, bracket, seed and runs give the same answer.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Threads to spread runs over (default: all cores); the answer does not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
        threads: Option<u64>,
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
}

/// The scenario as written (decisions are set on it) and its checked plan.
fn load_scenario(path: &Path) -> Result<(Scenario, Plan), Failure> {
    let scenario = parse(&read_scenario(path)?).map_err(Failure::Invalid)?;
    let plan = check(&scenario).map_err(Failure::Invalid)?;
    Ok((scenario, plan))
}

fn write_json(value: &impl serde::Serialize, pretty: bool) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    let written =
        if pretty { serde_json::to_writer_pretty(&mut out, value) } else { serde_json::to_writer(&mut out, value) };
    written.map_err(|e| Failure::from(io::Error::from(e)))?;
    writeln!(out)?;
    Ok(())
}

/// `optimize --rows`: every valid candidate's runs of `range` as a shard (rows by grid index,
/// KPIs only), one candidate's runs held at a time, instead of the answer.
#[allow(clippy::too_many_arguments)]
fn optimize_rows(
    scenario: &Scenario,
    shard: ShardScenario,
    sweep: &Sweep,
    seed: u64,
    runs: u64,
    range: Range<u64>,
    threads: usize,
    rows: &Path,
) -> Result<(), Failure> {
    // The grid's errors as `optimize` words them.
    let axes = optimize::axes(scenario, &sweep.decisions).map_err(|e| Failure::Usage(e.to_string()))?;
    let header =
        ShardHeader::optimize(seed, runs, range.clone(), shard, sweep).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut out = RowsOut::create(rows)?;
    out.line(&header.line())?;
    for (i, values) in optimize::grid(&axes).iter().enumerate() {
        if let Ok(plan) = optimize::candidate_plan(scenario, &axes, values) {
            for r in simulate_parallel(&plan, seed, range.clone(), threads) {
                out.line(&kpi_row_line(i, &r))?;
            }
        }
    }
    out.finish()
}

/// A merge error with the shards named by their files.
fn merge_message(e: &MergeError, names: &[String]) -> String {
    let name = |i: &usize| names.get(*i).map_or("?", String::as_str);
    match e {
        MergeError::NoShards => e.to_string(),
        MergeError::Differ { field, first, other } => {
            format!("{} and {} are not shards of one sweep: they differ in {}", name(other), name(first), field.name())
        }
        MergeError::Overlap { a, b, runs } => {
            format!("{} and {} overlap: both hold runs {}..{}", name(a), name(b), runs.start, runs.end)
        }
        MergeError::Gap { runs, after, before } => {
            let around = match (after, before) {
                (Some(a), Some(b)) => format!(" (between {} and {})", name(a), name(b)),
                (Some(a), None) => format!(" (after {}, the last)", name(a)),
                (None, Some(b)) => format!(" (before {}, the first)", name(b)),
                (None, None) => String::new(),
            };
            format!("no shard holds runs {}..{}{around}", runs.start, runs.end)
        }
    }
}

fn decide(command: DecideCommand) -> Result<(), Failure> {
    match command {
        DecideCommand::Optimize {
            scenario,
            vars,
            objective,
            maximize,
            minimize,
            constraints,
            runs,
            seed,
            threads,
            rows,
            run_range,
            pretty,
        } => {
            let range = rows.as_ref().map(|_| shard_range(run_range, runs)).transpose()?;
            let path = scenario;
            let text = read_scenario(&path)?;
            let scenario = parse(&text).map_err(Failure::Invalid)?;
            let plan = check(&scenario).map_err(Failure::Invalid)?;
            let targets: Vec<(Kpi, f64)> = plan.targets.iter().map(|t| (t.kpi, t.value)).collect();
            let measure = Measure::parse(&objective, &targets).map_err(Failure::Usage)?;
            let mut objective = Objective::new(measure);
            if maximize || minimize {
                objective.maximize = maximize;
            }
            if let (Some(file), Some(range)) = (rows, range) {
                let sweep = Sweep { decisions: vars, objective, constraints };
                let shard = ShardScenario { file: Some(path.display().to_string()), text };
                return optimize_rows(&scenario, shard, &sweep, seed, runs, range, thread_count(threads), &file);
            }
            let result = livesim::engine::optimize(
                &scenario,
                &vars,
                objective,
                &constraints,
                seed,
                0..runs,
                thread_count(threads),
            )
            .map_err(|e| Failure::Usage(e.to_string()))?;
            if result.best.is_none() {
                eprintln!("livesim: no candidate is feasible");
            }
            write_json(&result.report(), pretty)
        }
        DecideCommand::GoalSeek {
            scenario,
            var: (decision, from, to),
            kpi,
            target,
            probability,
            tolerance,
            runs,
            seed,
            threads,
            pretty,
        } => {
            let (scenario, _) = load_scenario(&scenario)?;
            let result = livesim::engine::goal_seek(
                &scenario,
                &decision,
                (from, to),
                Event::target(kpi, target),
                probability,
                tolerance,
                seed,
                0..runs,
                thread_count(threads),
            )
            .map_err(|e| Failure::Usage(e.to_string()))?;
            write_json(&result.report(), pretty)
        }
    }
}
