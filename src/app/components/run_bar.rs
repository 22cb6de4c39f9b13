//! The bar above the results: runs, seed, preset scenarios, and the progress of the runs in flight.

use serde_json::Value;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::components::setting_input::SettingInput;
use crate::app::open::{fetch_text, parse_json};
use crate::app::presets::{PRESETS, preset_url};
use crate::app::runner::Progress;
use crate::app::state::MAX_RUNS;

pub struct RunBarProps {
    pub runs: u64,
    pub seed: u64,
    pub workers: usize,
    pub progress: Option<Progress>,
    pub stale: bool,
    pub on_runs: Callback<u64>,
    pub on_seed: Callback<u64>,
    /// A fetched example and its name.
    pub on_load: Callback<(Value, String)>,
    pub on_load_error: Callback<String>,
}

pub fn run_bar(props: &RunBarProps) -> Html {
    let on_preset = {
        let (on_load, on_error) = (props.on_load.clone(), props.on_load_error.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(&(file, name)) = PRESETS.iter().find(|(file, _)| *file == select.value()) {
                let (on_load, on_error) = (on_load.clone(), on_error.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let url = preset_url(file);
                    let words = crate::app::i18n::Words::english(); // MERGE: the run bar's words (helper B's edit)
                    match fetch_text(&url, &words).await.and_then(|text| parse_json(&url, &text, &words)) {
                        Ok(doc) => on_load.emit((doc, format!("the example “{name}”"))),
                        Err(message) => on_error.emit(message),
                    }
                });
            }
            select.set_value("");
        })
    };
    let (done, total, finished) = props.progress.as_ref().map_or((0, 0, false), |p| (p.done, p.total, p.finished));
    let status = match &props.progress {
        Some(p) if p.finished => format!(
            "{} runs in {:.0} ms on {} {}",
            p.done,
            p.elapsed_ms,
            props.workers,
            if props.workers == 1 { "worker" } else { "workers" }
        ),
        Some(p) => format!("{} / {} runs…", p.done, p.total),
        None => "starting…".to_owned(),
    };
    html! {
        <div class="run-bar">
            <label class="run-setting">
                <span>{ "Example" }</span>
                <select aria-label="Load an example scenario" onchange={on_preset}>
                    <option value="" selected=true>{ "load…" }</option>
                    { for PRESETS.iter().map(|&(file, name)| html! { <option value={file}>{ name }</option> }) }
                </select>
            </label>
            <SettingInput id="runs" label="Runs" value={props.runs} min={1} max={MAX_RUNS} on_change={props.on_runs.clone()} />
            <SettingInput id="seed" label="Seed" value={props.seed} min={0} max={u64::MAX} on_change={props.on_seed.clone()} />
            <div class="progress" aria-live="polite">
                <progress max={total.max(1).to_string()} value={done.to_string()} aria-label="Runs done"></progress>
                <span
                    class={classes!("status", (props.stale || !finished).then_some("busy"))}
                    data-finished={finished.to_string()}
                    data-job={props.progress.as_ref().map(|p| p.job.to_string())}
                    data-done={done.to_string()}
                    data-first-at={props.progress.as_ref().map(|p| format!("{:.1}", p.started + p.first_ms))}
                    data-finished-at={props.progress.as_ref().filter(|p| p.finished).map(|p| format!("{:.1}", p.started + p.elapsed_ms))}
                >
                    { status }
                </span>
            </div>
        </div>
    }
}
