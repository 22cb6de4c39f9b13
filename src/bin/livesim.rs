//! The `livesim` command line: validate a scenario, or run it and print the summary as JSON.
//!
//! Exit codes: 0 success; 1 a file could not be read or written; 2 the
//! scenario is invalid or the command line is wrong. Errors go to stderr,
//! one per line; nothing here panics on bad input.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use livesim::engine::{Kpi, Plan, RunRecord, ScenarioErrors, load, simulate_parallel, summarize};

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
        /// Indent the JSON for reading.
        #[arg(long)]
        pretty: bool,
    },
    /// Check a scenario: a one-line description, or every problem found.
    Validate {
        /// Scenario file (livesim/1 JSON); `-` reads standard input.
        scenario: PathBuf,
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
        Command::Run { scenario, runs, seed, per_run, threads, pretty } => {
            run(&scenario, runs, seed, per_run.as_deref(), threads, pretty)
        }
        Command::Validate { scenario } => validate(&scenario),
        Command::Compare { base, variants, runs, seed, threads, pretty } => {
            compare(&base, &variants, runs, seed, threads, pretty)
        }
        Command::Sensitivity { scenario, kpi, runs, seed, threads, pretty } => {
            sensitivity(&scenario, kpi, runs, seed, threads, pretty)
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
    // Create the per-run file before simulating, so that a bad path fails at once
    // rather than after the runs.
    let cannot_write = |file: &Path, e: csv::Error| Failure::Io(format!("cannot write {}: {e}", file.display()));
    let per_run = match per_run {
        Some(file) => Some((file, csv::Writer::from_path(file).map_err(|e| cannot_write(file, e))?)),
        None => None,
    };
    let threads =
        threads.map(|t| t as usize).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
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

fn write_per_run(plan: &Plan, records: &[RunRecord], mut w: csv::Writer<std::fs::File>) -> Result<(), csv::Error> {
    let header = std::iter::once("run")
        .chain(Kpi::ALL.iter().map(|k| k.name()))
        .chain(plan.uncertain.iter().map(|u| u.path.as_str()));
    w.write_record(header)?;
    let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in records {
        let row = std::iter::once(r.run.to_string())
            .chain(Kpi::ALL.iter().map(|&k| cell(r.outputs.kpis.get(k))))
            .chain(r.inputs.iter().map(|&v| cell(Some(v))));
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

fn sensitivity(path: &Path, kpi: Kpi, runs: u64, seed: u64, threads: Option<u64>, pretty: bool) -> Result<(), Failure> {
    let plan = load_plan(path)?;
    if plan.uncertain.is_empty() {
        eprintln!("livesim: the scenario has no uncertain inputs (no ranges): nothing to rank");
    }
    let threads =
        threads.map(|t| t as usize).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let records = simulate_parallel(&plan, seed, 0..runs, threads);
    let ranking = livesim::engine::sensitivity(&plan, &records, kpi);
    let mut out = io::stdout().lock();
    let report = ranking.report(seed);
    let written =
        if pretty { serde_json::to_writer_pretty(&mut out, &report) } else { serde_json::to_writer(&mut out, &report) };
    written.map_err(|e| Failure::from(io::Error::from(e)))?;
    writeln!(out)?;
    Ok(())
}

/// `compare`: every file is read first (exit 1 if one cannot be), then every one is checked, and
/// the errors of all invalid ones are printed, each line prefixed with its file name (exit 2).
fn compare(
    base: &Path,
    variants: &[PathBuf],
    runs: u64,
    seed: u64,
    threads: Option<u64>,
    pretty: bool,
) -> Result<(), Failure> {
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
    let threads =
        threads.map(|t| t as usize).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
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
