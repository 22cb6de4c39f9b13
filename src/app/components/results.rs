//! The results pane: KPI cards, charts and tables for the latest summary.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::channel_table::{ChannelTableProps, channel_table};
use crate::app::components::fan_chart::FanChart;
use crate::app::components::histogram::Histogram;
use crate::app::components::item_table::{ItemTableProps, item_table};
use crate::app::components::kpi_cards::{KpiCardsProps, kpi_cards};
use crate::app::download::{download, slug};
use crate::app::format::Formats;
use crate::app::runner::Progress;
use crate::app::snap::Snap;
use crate::engine::Kpi;
use crate::engine::outputs::Series;
use crate::engine::tables::{Table, minute_table, per_run_table, summary_table};

pub struct ResultsProps {
    pub progress: Option<Progress>,
    pub stale: bool,
    pub formats: Rc<Formats>,
    /// The embedded view's results: the KPI cards and the per-minute charts only.
    pub compact: bool,
}

pub fn results(props: &ResultsProps) -> Html {
    let f = &props.formats;
    let Some(p) = &props.progress else {
        return html! { <section class="results empty" aria-label={f.t(ResultsText::results)}><p>{ f.t(ResultsText::simulating) }</p></section> };
    };
    let on_download = {
        let summary = p.summary.clone();
        let name = slug(&p.plan.name);
        Callback::from(move |_| {
            if let Ok(json) = serde_json::to_string_pretty(&*summary) {
                download(&format!("{name}-summary.json"), "application/json", &json);
            }
        })
    };
    // Spreadsheets read CSV; the cells are the engine's numbers in full (engine::tables).
    let csv_download = |what: &'static str, table: Rc<dyn Fn() -> Option<Table>>| {
        let name = slug(&p.plan.name);
        Callback::from(move |_| {
            if let Some(Ok(text)) = table().map(|t| t.to_csv()) {
                download(&format!("{name}-{what}.csv"), "text/csv", &text);
            }
        })
    };
    let on_summary_csv = {
        let summary = p.summary.clone();
        csv_download("summary", Rc::new(move || Some(summary_table(&summary))))
    };
    let on_minutes_csv = {
        let summary = p.summary.clone();
        csv_download("per-minute", Rc::new(move || Some(minute_table(&summary))))
    };
    let on_runs_csv = {
        let (plan, records) = (p.plan.clone(), p.records.clone());
        csv_download("per-run", Rc::new(move || records.as_ref().map(|r| per_run_table(&plan, r))))
    };
    let target = |kpi: Kpi| p.plan.targets.iter().find(|t| t.kpi == kpi).map(|t| t.value);
    html! {
        <section class={classes!("results", props.stale.then_some("stale"))} aria-label={f.t(ResultsText::results)} aria-busy={(!p.finished).to_string()}>
            <div class="results-head">
                <h2>{ f.fill(ResultsText::title, &[("n", &p.done.to_string())]) }</h2>
                if !props.compact {
                <div class="downloads" role="group" aria-label={f.t(ResultsText::downloads)}>
                    <button type="button" class="secondary" id="download-summary" onclick={on_download} disabled={!p.finished}
                        title={f.t(ResultsText::download_title)}>{ f.t(ResultsText::download) }</button>
                    <button type="button" class="secondary" id="download-summary-csv" onclick={on_summary_csv} disabled={!p.finished}
                        title={f.t(ResultsText::summary_csv_title)}>{ f.t(ResultsText::summary_csv) }</button>
                    <button type="button" class="secondary" id="download-minutes-csv" onclick={on_minutes_csv} disabled={!p.finished}
                        title={f.t(ResultsText::minutes_csv_title)}>{ f.t(ResultsText::minutes_csv) }</button>
                    <button type="button" class="secondary" id="download-runs-csv" onclick={on_runs_csv} disabled={p.records.is_none()}
                        title={f.t(ResultsText::runs_csv_title)}>{ f.t(ResultsText::runs_csv) }</button>
                </div>
                }
            </div>
            { kpi_cards(&KpiCardsProps { summary: p.summary.clone(), plan: Snap(p.plan.clone()), formats: props.formats.clone() }) }
            <div class="charts">
                <FanChart id="viewers" title={f.t(ResultsText::viewers)} band={p.summary.band(Series::Viewers).clone()} plan={Snap(p.plan.clone())} formats={props.formats.clone()} />
                <FanChart id="orders" title={f.t(ResultsText::orders)} band={p.summary.band(Series::Orders).clone()} plan={Snap(p.plan.clone())} formats={props.formats.clone()} />
                if !props.compact {
                <FanChart id="revenue-cumulative" title={f.t(ResultsText::revenue_so_far)} money=true band={p.summary.band(Series::RevenueCumulative).clone()} plan={Snap(p.plan.clone())} formats={props.formats.clone()} />
                <Histogram id="revenue-histogram" title={f.t(ResultsText::revenue_over_runs)} values={p.revenue.clone()} target={target(Kpi::Revenue)} formats={props.formats.clone()} />
                <Histogram id="contribution-histogram" title={f.t(ResultsText::contribution_over_runs)} values={p.contribution.clone()} target={target(Kpi::Contribution)} formats={props.formats.clone()} />
                }
            </div>
            if !props.compact {
                { item_table(&ItemTableProps { plan: Snap(p.plan.clone()), summary: p.summary.clone(), formats: props.formats.clone() }) }
                { channel_table(&ChannelTableProps { summary: p.summary.clone(), formats: props.formats.clone() }) }
            }
        </section>
    }
}

crate::texts! { ResultsText "results" {
    results = "Results";
    simulating = "Simulating…";
    title = "Projected outcome over {n} runs";
    download_title = "The same livesim-summary/1 JSON the command line prints";
    download = "Download summary (JSON)";
    downloads = "Downloads";
    summary_csv = "Summary (CSV)";
    summary_csv_title = "Every output's mean, sd, p5, median and p95, per KPI, item and channel, and the chance of each target";
    minutes_csv = "Per minute (CSV)";
    minutes_csv_title = "Each minute's p10, median and p90 of viewers, arrivals, orders, revenue, chat and abandonment";
    runs_csv = "Per run (CSV)";
    runs_csv_title = "One row per run: every KPI and the value each uncertain input was drawn at (as livesim run --per-run)";
    viewers = "Viewers per minute";
    orders = "Orders per minute";
    revenue_so_far = "Revenue so far";
    revenue_over_runs = "Revenue over runs";
    contribution_over_runs = "Contribution over runs";
} }
