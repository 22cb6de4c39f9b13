//! Compare the scenarios on paired runs: per KPI each one's median and 90 % range, the paired difference to the baseline, the chance a variant beats it, and overlaid per-minute medians.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::decide::runs_progress;

use crate::app::components::kpi_cards::{format_kpi, kpi_label};
use crate::app::components::overlay_chart::OverlayChart;
use crate::app::format::Formats;
use crate::app::state::{BatchRun, CompareResult, letter};
use crate::engine::outputs::Series;
use crate::engine::summary::Stats;

pub struct CompareViewProps {
    pub names: Vec<String>,
    pub batch: Option<BatchRun>,
    pub result: Option<CompareResult>,
    pub stale: bool,
    pub formats: Rc<Formats>,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
}

pub fn compare_view(props: &CompareViewProps) -> Html {
    let f = &props.formats;
    let n = props.names.len();
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    let controls = match &props.batch {
        Some(b) => runs_progress(&f.t(CompareText::progress), b, f, &props.on_cancel),
        None => html! {
            <button type="button" class="primary" id="run-compare" disabled={n < 2} onclick={on_run}>
                { f.fill(CompareText::run, &[("n", &n.to_string())]) }
            </button>
        },
    };
    let hint = (n < 2).then(|| {
        html! {
            <p class="muted">{ f.t(CompareText::hint) }</p>
        }
    });
    let result = props.result.as_ref().map(|r| {
        let c = &r.comparison;
        let names: Vec<String> = (0..c.summaries.len())
            .map(|i| format!("{} {}", letter(i), props.names.get(i).cloned().unwrap_or_default()))
            .collect();
        let head = (0..c.summaries.len()).map(|i| {
            let scenario = html! { <th scope="col"><b class={format!("swatch s{i}")}>{ letter(i) }</b>{ f.t(CompareText::median_range) }</th> };
            if i == 0 {
                return scenario;
            }
            html! {
                <>
                    { scenario }
                    <th scope="col">{ f.fill(CompareText::paired, &[("variant", &letter(i).to_string())]) }</th>
                    <th scope="col" title={f.t(CompareText::better_title)}>{ f.fill(CompareText::better, &[("variant", &letter(i).to_string())]) }</th>
                </>
            }
        });
        let rows = c.kpis.iter().map(|(kpi, row)| {
            let kpi = *kpi;
            let stats = |s: Option<&Stats>| match s {
                Some(s) => html! { <td>{ format_kpi(f, kpi, s.p50) }<span class="range">{ format!("{} – {}", format_kpi(f, kpi, s.p5), format_kpi(f, kpi, s.p95)) }</span></td> },
                None => html! { <td class="muted">{ "—" }</td> },
            };
            let signed = |x: f64| if x > 0.0 { format!("+{}", format_kpi(f, kpi, x)) } else { format_kpi(f, kpi, x) };
            let cells = row.scenarios.iter().enumerate().map(|(i, s)| {
                if i == 0 {
                    return stats(s.as_ref());
                }
                let diff = match row.differences.get(i - 1).copied().flatten() {
                    Some(d) => {
                        let sure = if d.p_better >= 0.9 { "good" } else if d.p_better + d.p_tie <= 0.1 { "bad" } else { "" };
                        let ties = (d.p_tie >= 0.05).then(|| f.fill(CompareText::ties, &[("share", &f.percent(d.p_tie))]));
                        html! {
                            <>
                                <td>{ signed(d.p50) }<span class="range">{ format!("{} – {}", signed(d.p5), signed(d.p95)) }</span></td>
                                <td class={classes!("p-better", sure)}>{ f.percent(d.p_better) }
                                    if let Some(ties) = ties { <span class="range">{ ties }</span> }
                                </td>
                            </>
                        }
                    }
                    None => html! { <><td class="muted">{ "—" }</td><td class="muted">{ "—" }</td></> },
                };
                html! { <>{ stats(s.as_ref()) }{ diff }</> }
            });
            html! { <tr data-kpi={kpi.name()}><th scope="row">{ kpi_label(f, kpi) }</th>{ for cells }</tr> }
        });
        let bands = |series: Series| -> Rc<Vec<_>> { Rc::new(c.summaries.iter().map(|s| s.band(series).clone()).collect()) };
        html! {
            <div class={classes!("compare-result", props.stale.then_some("stale"))}>
                if props.stale {
                    <p class="notice-inline">{ f.t(CompareText::stale) }</p>
                }
                <p class="muted">{ f.fill(CompareText::details, &[
                    ("runs", &f.count(c.runs as f64)),
                    ("seed", &c.seed.to_string()),
                    ("ms", &f.count(r.elapsed_ms.round())),
                ]) }</p>
                <div class="table-scroll">
                    <table class="compare-table">
                        <thead><tr><th scope="col">{ f.t(CompareText::kpi) }</th>{ for head }</tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
                <div class="charts">
                    <OverlayChart id="compare-viewers" title={f.t(CompareText::viewers)} bands={bands(Series::Viewers)} names={names.clone()} formats={props.formats.clone()} />
                    <OverlayChart id="compare-orders" title={f.t(CompareText::orders)} bands={bands(Series::Orders)} names={names} formats={props.formats.clone()} />
                </div>
            </div>
        }
    });
    html! {
        <div class="compare-view">
            <div class="results-head">
                <h2>{ f.t(CompareText::title) }</h2>
                { controls }
            </div>
            { hint.unwrap_or_default() }
            { result.unwrap_or_default() }
        </div>
    }
}

crate::texts! { CompareText "compare" {
    progress = "Comparison progress";
    run = "Compare {n} scenarios";
    hint = "Duplicate the scenario (“+ Duplicate as variant” above the editor), change the copy, then compare: each variant runs on the same random numbers as the baseline, run by run, so the difference you see is the change, not luck.";
    median_range = "median (90 % range)";
    paired = "{variant} − A, paired";
    better_title = "The share of paired runs in which the variant beats the baseline (ties: equal in both)";
    better = "P({variant} better)";
    ties = "ties {share}";
    stale = "The scenarios have changed since this comparison: compare again to update it.";
    details = "{runs} runs of each scenario on common random numbers (seed {seed}), in {ms} ms. P(better): the share of paired runs in which the variant beats the baseline.";
    kpi = "KPI";
    viewers = "Viewers per minute, median of each scenario";
    orders = "Orders per minute, median of each scenario";
    title = "Which plan is better, and how sure are we?";
} }
