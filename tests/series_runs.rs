//! The per-minute bands use only the first `SERIES_RUNS` runs, so a front end may drop the minutes of later runs.

use livesim::engine::summary::SERIES_RUNS;
use livesim::engine::{load, simulate_parallel, summarize};

#[test]
fn dropping_the_minutes_of_runs_past_series_runs_changes_nothing() {
    let text = include_str!("../www/scenarios/model-example.json");
    let plan = load(text).expect("the example is valid");
    let runs = SERIES_RUNS + 200;
    let records = simulate_parallel(&plan, 7, 0..runs, 2);
    let full = summarize(&plan, 7, &records);
    let trimmed: Vec<_> = records
        .into_iter()
        .map(|mut r| {
            if r.run >= SERIES_RUNS {
                r.outputs.minutes.clear();
            }
            r
        })
        .collect();
    let summary = summarize(&plan, 7, &trimmed);
    assert_eq!(summary, full);
    // And the later runs do count for the KPIs: the revenue median moves when they go.
    let first_only = summarize(&plan, 7, &trimmed[..SERIES_RUNS as usize]);
    assert_eq!(first_only.series, full.series);
    assert_ne!(first_only.kpis, full.kpis);
}
