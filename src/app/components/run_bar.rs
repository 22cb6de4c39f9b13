//! The bar above the results: runs, seed, preset scenarios, and the progress of the runs in flight.

use serde_json::Value;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::components::setting_input::SettingInput;
use crate::app::i18n::Words;
use crate::app::open::{fetch_text, parse_json};
use crate::app::presets::{PRESETS, example_title, preset_url};
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
    pub words: Words,
}

pub fn run_bar(props: &RunBarProps) -> Html {
    let w = &props.words;
    let t = |key: RunBarText| w.get(key).into_owned();
    let on_preset = {
        let (on_load, on_error, words) = (props.on_load.clone(), props.on_load_error.clone(), w.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(&(file, name)) = PRESETS.iter().find(|(file, _)| *file == select.value()) {
                let (on_load, on_error, words) = (on_load.clone(), on_error.clone(), words.clone());
                let source = words.fill(RunBarText::example_source, &[("name", name)]);
                wasm_bindgen_futures::spawn_local(async move {
                    let url = preset_url(file);
                    match fetch_text(&url, &words).await.and_then(|text| parse_json(&url, &text, &words)) {
                        Ok(doc) => on_load.emit((doc, source)),
                        Err(message) => on_error.emit(message),
                    }
                });
            }
            select.set_value("");
        })
    };
    html! {
        <div class="run-bar">
            <label class="run-setting">
                <span>{ t(RunBarText::example) }</span>
                <select id="example" aria-label={t(RunBarText::load_example)} onchange={on_preset}>
                    <option value="" selected=true>{ t(RunBarText::load) }</option>
                    { for PRESETS.iter().map(|&(file, _)| html! { <option value={file}>{ example_title(file, w) }</option> }) }
                </select>
            </label>
            <SettingInput id="runs" label={t(RunBarText::runs)} value={props.runs} min={1} max={MAX_RUNS} on_change={props.on_runs.clone()} />
            <SettingInput id="seed" label={t(RunBarText::seed)} value={props.seed} min={0} max={u64::MAX} on_change={props.on_seed.clone()} />
            { progress_status(&props.progress, props.stale, props.workers, w) }
        </div>
    }
}

/// The progress bar and status line of the runs on show (its data attributes tell tests and benchmarks
/// which job is shown and how far it got).
pub fn progress_status(progress: &Option<Progress>, stale: bool, workers: usize, w: &Words) -> Html {
    let t = |key: RunBarText| w.get(key).into_owned();
    let (done, total, finished) = progress.as_ref().map_or((0, 0, false), |p| (p.done, p.total, p.finished));
    let status = match progress {
        Some(p) if p.finished => w.fill(
            if workers == 1 { RunBarText::finished_one_worker } else { RunBarText::finished },
            &[
                ("runs", &p.done.to_string()),
                ("ms", &format!("{:.0}", p.elapsed_ms)),
                ("workers", &workers.to_string()),
            ],
        ),
        Some(p) => w.fill(RunBarText::running, &[("done", &p.done.to_string()), ("total", &p.total.to_string())]),
        None => t(RunBarText::starting),
    };
    html! {
        <div class="progress" aria-live="polite">
            <progress max={total.max(1).to_string()} value={done.to_string()} aria-label={t(RunBarText::runs_done)}></progress>
            <span
                class={classes!("status", (stale || !finished).then_some("busy"))}
                data-finished={finished.to_string()}
                data-job={progress.as_ref().map(|p| p.job.to_string())}
                data-done={done.to_string()}
                data-first-at={progress.as_ref().map(|p| format!("{:.1}", p.started + p.first_ms))}
                data-finished-at={progress.as_ref().filter(|p| p.finished).map(|p| format!("{:.1}", p.started + p.elapsed_ms))}
            >
                { status }
            </span>
        </div>
    }
}

crate::texts! { RunBarText "run_bar" {
    example_source = "the example “{name}”";
    finished_one_worker = "{runs} runs in {ms} ms on {workers} worker";
    finished = "{runs} runs in {ms} ms on {workers} workers";
    running = "{done} / {total} runs…";
    starting = "starting…";
    example = "Example";
    load_example = "Load an example scenario";
    load = "load…";
    runs = "Runs";
    seed = "Seed";
    runs_done = "Runs done";
} }
