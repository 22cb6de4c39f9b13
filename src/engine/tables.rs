//! The summary and the runs as tables of text cells: what the CSV exports (the CLI's and the app's) are made of.
//!
//! Numbers are written in full (Rust's shortest round-trip form, a dot for the
//! decimal point), not formatted for people: a CSV is read by spreadsheets and
//! scripts, which need the value, not its display in one locale.

use crate::engine::summary::{Stats, Summary};
use crate::engine::{Kpi, Plan, RunRecord};

/// A header and rows of cells, each row as long as the header.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as CSV (RFC 4180 quoting, by the `csv` crate).
    pub fn to_csv(&self) -> Result<String, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.header)?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
        // Every cell came in as UTF-8 text, so the bytes are UTF-8.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

fn cell(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite()).map(|v| v.to_string()).unwrap_or_default()
}

const STATS_HEADER: [&str; 7] = ["output", "mean", "sd", "p5", "p50", "p95", "runs_present"];

fn stats_row(name: String, stats: Option<&Stats>) -> Vec<String> {
    let mut row = vec![name];
    match stats {
        Some(s) => {
            row.extend([s.mean, s.sd, s.p5, s.p50, s.p95].map(|v| cell(Some(v))));
            row.push(s.n.to_string());
        }
        None => row.extend(std::iter::repeat_n(String::new(), 5).chain(["0".to_owned()])),
    }
    row
}

/// One row per output of the summary: the KPIs, then per item and per channel
/// (`item.<id>.<output>`, `channel.<name>.<output>`), then the chance of meeting
/// each target (`target.<kpi>`, in the `mean` column, a share of runs).
pub fn summary_table(summary: &Summary) -> Table {
    let mut rows: Vec<Vec<String>> =
        summary.kpis.iter().map(|(kpi, stats)| stats_row(kpi.name().to_owned(), stats.as_ref())).collect();
    for (id, item) in &summary.items {
        let outputs = [
            ("exposure", &item.exposure),
            ("intents", &item.intents),
            ("orders", &item.orders),
            ("revenue", &item.revenue),
            ("abandoned", &item.abandoned),
            ("sellout_min", &item.sellout_min),
        ];
        rows.extend(outputs.into_iter().map(|(name, s)| stats_row(format!("item.{id}.{name}"), s.as_ref())));
        let mut share = vec![format!("item.{id}.sellout_share"), cell(Some(item.sellout_share))];
        share.extend(std::iter::repeat_n(String::new(), 4).chain([summary.runs.to_string()]));
        rows.push(share);
    }
    for (name, channel) in &summary.channels {
        let outputs = [("arrivals", &channel.arrivals), ("buyers", &channel.buyers), ("revenue", &channel.revenue)];
        rows.extend(outputs.into_iter().map(|(o, s)| stats_row(format!("channel.{name}.{o}"), s.as_ref())));
    }
    for (kpi, chance) in &summary.targets {
        let mut row = vec![format!("target.{}", kpi.name()), cell(Some(*chance))];
        row.extend(std::iter::repeat_n(String::new(), 4).chain([summary.runs.to_string()]));
        rows.push(row);
    }
    Table { header: STATS_HEADER.map(str::to_owned).to_vec(), rows }
}

/// One row per minute (`t = 0 .. T-1`, as the model counts), with each series' p10, median and p90.
pub fn minute_table(summary: &Summary) -> Table {
    let mut header = vec!["minute".to_owned()];
    for (series, _) in &summary.series {
        header.extend(["p10", "p50", "p90"].map(|q| format!("{}_{q}", series.name())));
    }
    let minutes = summary.series.iter().map(|(_, b)| b.p50.len()).max().unwrap_or(0);
    let rows = (0..minutes)
        .map(|t| {
            let mut row = vec![t.to_string()];
            for (_, band) in &summary.series {
                row.extend([&band.p10, &band.p50, &band.p90].map(|q| cell(q.get(t).copied())));
            }
            row
        })
        .collect();
    Table { header, rows }
}

/// One row per run, in run order (the app's workers hand records back in the order chunks finish): its
/// index, every KPI (empty where the model leaves it undefined), and the value each uncertain input was
/// drawn at (by its path), as `livesim run --per-run` writes.
pub fn per_run_table(plan: &Plan, records: &[RunRecord]) -> Table {
    let header = std::iter::once("run")
        .chain(Kpi::ALL.iter().map(|k| k.name()))
        .chain(plan.uncertain.iter().map(|u| u.path.as_str()))
        .map(str::to_owned)
        .collect();
    let mut in_order: Vec<&RunRecord> = records.iter().collect();
    in_order.sort_by_key(|r| r.run);
    let rows = in_order
        .into_iter()
        .map(|r| {
            std::iter::once(r.run.to_string())
                .chain(Kpi::ALL.iter().map(|&k| cell(r.outputs.kpis.get(k))))
                .chain(r.inputs.iter().map(|&v| cell(Some(v))))
                .collect()
        })
        .collect();
    Table { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{load, simulate_range, summarize};

    fn example() -> (Plan, Vec<RunRecord>) {
        let text = include_str!("../../www/scenarios/model-example.json");
        let plan = load(text).expect("the model's example is valid");
        let records = simulate_range(&plan, 7, 0..50);
        (plan, records)
    }

    /// Reads a CSV back with the same crate, as a spreadsheet would.
    fn read(csv_text: &str) -> Vec<csv::StringRecord> {
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(csv_text.as_bytes());
        r.records().collect::<Result<_, _>>().expect("the CSV reads back")
    }

    #[test]
    fn every_table_reads_back_as_written_with_rows_as_long_as_the_header() {
        let (plan, records) = example();
        let summary = summarize(&plan, 7, &records);
        for table in [summary_table(&summary), minute_table(&summary), per_run_table(&plan, &records)] {
            assert!(table.rows.iter().all(|r| r.len() == table.header.len()));
            let back = read(&table.to_csv().unwrap());
            assert_eq!(back.len(), table.rows.len() + 1);
            assert_eq!(back[0].iter().collect::<Vec<_>>(), table.header);
            for (row, read) in table.rows.iter().zip(&back[1..]) {
                assert_eq!(read.iter().collect::<Vec<_>>(), *row);
            }
        }
    }

    #[test]
    fn the_cells_are_the_summarys_numbers() {
        let (plan, records) = example();
        let summary = summarize(&plan, 7, &records);
        let table = summary_table(&summary);
        let revenue = summary.kpi(Kpi::Revenue).unwrap();
        let row = table.rows.iter().find(|r| r[0] == "revenue").unwrap();
        assert_eq!(row[1].parse::<f64>().unwrap(), revenue.mean);
        assert_eq!(row[4].parse::<f64>().unwrap(), revenue.p50);
        assert_eq!(row[6], "50");

        let minutes = minute_table(&summary);
        assert_eq!(minutes.rows.len(), plan.duration as usize);
        let viewers = &summary.series.iter().find(|(s, _)| s.name() == "viewers").unwrap().1;
        let col = minutes.header.iter().position(|h| h == "viewers_p90").unwrap();
        assert_eq!(minutes.rows[30][col].parse::<f64>().unwrap(), viewers.p90[30]);

        let runs = per_run_table(&plan, &records);
        let col = runs.header.iter().position(|h| h == "orders").unwrap();
        assert_eq!(runs.rows[3][0], records[3].run.to_string());
        assert_eq!(runs.rows[3][col].parse::<f64>().unwrap(), records[3].outputs.kpis.get(Kpi::Orders).unwrap());
    }

    #[test]
    fn runs_are_listed_in_run_order_whatever_order_they_came_back_in() {
        let (plan, records) = example();
        let mut shuffled = records.clone();
        shuffled.reverse();
        shuffled.swap(3, 20);
        assert_eq!(per_run_table(&plan, &shuffled), per_run_table(&plan, &records));
        let table = per_run_table(&plan, &shuffled);
        let first: Vec<&str> = table.rows.iter().map(|r| r[0].as_str()).take(3).collect();
        assert_eq!(first, ["0", "1", "2"]);
    }

    #[test]
    fn texts_with_commas_quotes_and_any_script_are_quoted_not_split() {
        let table = Table {
            header: vec!["name".into(), "note".into()],
            rows: vec![vec!["Sérum, 30 ml".into(), "the \"hero\"\nitem 精华".into()]],
        };
        let back = read(&table.to_csv().unwrap());
        assert_eq!(back[1].iter().collect::<Vec<_>>(), ["Sérum, 30 ml", "the \"hero\"\nitem 精华"]);
    }
}
