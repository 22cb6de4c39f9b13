//! What drives a KPI's spread (a tornado): each uncertain input's rank correlation with the KPI over the live runs, and the KPI's swing between the input's lowest and highest decile.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::components::kpi_cards::{format_kpi, kpi_label};
use crate::app::format::Formats;
use crate::app::runner::Progress;
use crate::app::state::{CompareResult, letter};
use crate::engine::sensitivity::{Sensitivity, sensitivity_of_difference};
use crate::engine::{Kpi, sensitivity};

#[derive(Properties, PartialEq)]
pub struct DriversProps {
    pub progress: Option<Progress>,
    pub stale: bool,
    pub kpi: Kpi,
    pub formats: Rc<Formats>,
    pub on_kpi: Callback<Kpi>,
    /// The last comparison: its differences can be explained too.
    pub comparison: Option<CompareResult>,
    pub comparison_stale: bool,
    pub names: Vec<String>,
    /// The one-at-a-time swings of decisions, shown under the spread's drivers.
    pub swings: Html,
}

#[function_component(Drivers)]
pub fn drivers(props: &DriversProps) -> Html {
    let f: &Formats = &props.formats;
    // What to explain: 0 the open scenario's spread, i the difference variant i - baseline.
    let subject = use_state(|| 0usize);
    let variants = props.comparison.as_ref().map_or(0, |c| c.plans.len().saturating_sub(1));
    let subject_now = if *subject <= variants { *subject } else { 0 };
    let job = props.progress.as_ref().filter(|p| p.records.is_some()).map(|p| p.job);
    let compared = props.comparison.as_ref().map(|c| Rc::as_ptr(&c.comparison) as usize);
    let ranking = {
        let (progress, comparison) = (props.progress.clone(), props.comparison.clone());
        use_memo((job, compared, props.kpi, subject_now), move |&(_, _, kpi, subject)| {
            if subject > 0 {
                let c = comparison?;
                let (base, variant) = (c.records.first()?, c.records.get(subject)?);
                return Some(Rc::new(sensitivity_of_difference(c.plans.first()?, base, variant, kpi)));
            }
            let p = progress?;
            Some(Rc::new(sensitivity(&p.plan, p.records.as_ref()?, kpi)))
        })
    };
    let on_subject = {
        let subject = subject.clone();
        Callback::from(move |e: Event| {
            subject.set(e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(0));
        })
    };
    let explain = (variants > 0).then(|| {
        html! {
            <label class="inline-field">{ f.t(DriversText::explain) }{ " " }
                <select id="drivers-subject" onchange={on_subject}>
                    <option value="0" selected={subject_now == 0}>{ f.t(DriversText::spread) }</option>
                    { for (1..=variants).map(|i| html! {
                        <option value={i.to_string()} selected={subject_now == i}>
                            { f.fill(DriversText::difference, &[
                                ("variant", &letter(i).to_string()),
                                ("name", &props.names.get(i).cloned().unwrap_or_default()),
                            ]) }
                        </option>
                    }) }
                </select>
            </label>
        }
    });
    let on_change = props.on_kpi.reform(|e: Event| {
        let name = e.target_unchecked_into::<HtmlSelectElement>().value();
        Kpi::from_name(&name).unwrap_or(Kpi::Contribution)
    });
    let select = html! {
        <label class="inline-field">{ f.t(DriversText::kpi) }{ " " }
            <select id="drivers-kpi" onchange={on_change}>
                { for Kpi::ALL.iter().map(|&k| html! { <option value={k.name()} selected={k == props.kpi}>{ kpi_label(f, k) }</option> }) }
            </select>
        </label>
    };
    let body = match (*ranking).clone() {
        None => html! { <p class="muted">{ f.t(DriversText::waiting) }</p> },
        Some(s) if s.inputs.is_empty() => html! {
            <p class="muted">{ f.t(DriversText::no_inputs) }</p>
        },
        Some(s) => {
            let args = [
                ("n", f.count(s.n as f64)),
                ("kpi", kpi_label(f, props.kpi)),
                ("variant", letter(subject_now).to_string()),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let key = if subject_now > 0 { DriversText::over_difference } else { DriversText::over_runs };
            tornado(&s, props.kpi, f, &f.fill(key, &args))
        }
    };
    html! {
        <div class={classes!("drivers", props.stale.then_some("stale"))}>
            <div class="results-head">
                <h2>{ f.t(DriversText::title) }</h2>
                { explain.unwrap_or_default() }
                { select }
            </div>
            { body }
            { if subject_now == 0 { props.swings.clone() } else { Html::default() } }
        </div>
    }
}

/// Sorted bars of signed swings, centred: right when the KPI rises, left when it falls (also the decisions' swings).
pub fn tornado_bars(
    bars: impl Iterator<Item = (String, String, Option<f64>)> + Clone,
    kpi: Kpi,
    f: &Formats,
    label: String,
) -> Html {
    let widest = bars.clone().filter_map(|(_, _, swing)| swing).map(f64::abs).fold(0.0, f64::max);
    let bars = bars.map(|(name, title, swing)| {
        let x = swing.unwrap_or(0.0);
        let share = if widest > 0.0 { x.abs() / widest * 50.0 } else { 0.0 };
        let style = if x >= 0.0 { format!("left: 50%; width: {share:.2}%") } else { format!("left: {:.2}%; width: {share:.2}%", 50.0 - share) };
        let signed = match swing {
            Some(x) if x > 0.0 => format!("+{}", format_kpi(f, kpi, x)),
            Some(x) => format_kpi(f, kpi, x),
            None => "—".to_owned(),
        };
        html! {
            <li>
                <span class="driver-name" {title}>{ name }</span>
                <span class="driver-track"><i class={classes!("driver-bar", (x < 0.0).then_some("down"))} style={style} /></span>
                <span class="driver-value">{ signed }</span>
            </li>
        }
    });
    html! { <ol class="tornado" aria-label={label}>{ for bars }</ol> }
}

/// The bars and the table of `s`, under `intro` (what the runs are and what a bar measures).
fn tornado(s: &Sensitivity, kpi: Kpi, f: &Formats, intro: &str) -> Html {
    let bars = s.inputs.iter().map(|input| (input.path.clone(), input.path.clone(), input.swing.swing()));
    let rows = s.inputs.iter().map(|input| {
        let mean = |m: Option<f64>| m.map(|x| format_kpi(f, kpi, x)).unwrap_or_else(|| "—".into());
        html! {
            <tr>
                <th scope="row">{ input.path.clone() }</th>
                <td>{ f.decimal(input.spearman) }</td>
                <td>{ mean(input.swing.low_mean) }</td>
                <td>{ mean(input.swing.high_mean) }</td>
                <td>{ input.swing.swing().map(|x| format_kpi(f, kpi, x)).unwrap_or_else(|| "—".into()) }</td>
            </tr>
        }
    });
    html! {
        <>
            <p class="muted">{ intro }</p>
            { tornado_bars(bars, kpi, f, f.fill(DriversText::bars_label, &[("kpi", &kpi_label(f, kpi))])) }
            <div class="table-scroll">
                <table class="drivers-table">
                    <thead><tr>
                        <th scope="col">{ f.t(DriversText::input) }</th><th scope="col">{ f.t(DriversText::spearman) }</th>
                        <th scope="col">{ f.t(DriversText::lowest) }</th><th scope="col">{ f.t(DriversText::highest) }</th>
                        <th scope="col">{ f.t(DriversText::swing) }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </>
    }
}

crate::texts! { DriversText "drivers" {
    explain = "Explain";
    spread = "the open scenario's spread";
    difference = "the difference {variant} − A ({name})";
    kpi = "KPI";
    waiting = "Waiting for the runs of the scenario to finish…";
    no_inputs = "This scenario has no uncertain inputs: give a number a range (lo–hi) in the editor, and its share of the spread shows here.";
    over_runs = "Over {n} runs of the scenario. Bars: the mean {kpi} when the input is in its highest tenth of draws minus when it is in its lowest; sorted by the rank correlation (Spearman ρ).";
    over_difference = "Over {n} paired runs of A and {variant}; the KPI here is the difference {variant} − A, run by run. Bars: the mean {kpi} when the input is in its highest tenth of draws minus when it is in its lowest; sorted by the rank correlation (Spearman ρ).";
    title = "What drives the result?";
    bars_label = "Drivers of {kpi}";
    input = "Uncertain input";
    spearman = "Spearman ρ";
    lowest = "Mean, lowest tenth";
    highest = "Mean, highest tenth";
    swing = "Swing";
} }
