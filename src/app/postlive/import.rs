//! The past lives: a file picker and a drop zone for CSV files, the list of lives imported (each selectable
//! and removable, its warnings under it), and why a file was not imported.

use std::rc::Rc;

use web_sys::{DragEvent, FileList, HtmlInputElement};
use yew::prelude::*;

use crate::app::format::Formats;
use crate::app::i18n::Words;
use crate::app::open::file_text;
use crate::app::postlive::state::{Move, State};

/// The example past live, copied into `dist/actuals/` by the app's `index.html`.
pub const EXAMPLE: &str = "../actuals/model-example-live.csv";

/// Reads every file of `files` as text and imports it, in order.
fn import_files(files: Option<FileList>, words: Words, dispatch: Callback<Move>) {
    let Some(files) = files else { return };
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    wasm_bindgen_futures::spawn_local(async move {
        for file in files {
            let name = file.name();
            dispatch.emit(match file_text(&file, &words).await {
                Ok(text) => Move::Import { name, text },
                Err(message) => Move::ImportFailed { name, message },
            });
        }
    });
}

pub fn import_panel(s: &State, f: &Rc<Formats>, dispatch: &Callback<Move>) -> Html {
    use ImportText as T;
    let onchange = {
        let (dispatch, words) = (dispatch.clone(), f.words.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            import_files(input.files(), words.clone(), dispatch.clone());
            // The same file picked again (corrected) imports again.
            input.set_value("");
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let (dispatch, words) = (dispatch.clone(), f.words.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let files = e.data_transfer().and_then(|d| d.files());
            import_files(files, words.clone(), dispatch.clone());
        })
    };
    let error = s.import_error.as_ref().map(|e| {
        html! {
            <div class="notice error" role="alert" id="import-error">
                <span class="notice-text">{ f.fill(T::not_imported, &[("file", &e.file), ("why", &e.message)]) }</span>
                <button type="button" class="dismiss" aria-label={f.t(T::dismiss)}
                    onclick={dispatch.reform(|_: MouseEvent| Move::DismissImportError)}>{ "×" }</button>
            </div>
        }
    });
    let lives = s.lives.iter().enumerate().map(|(i, live)| {
        let minutes = live.actual.minutes.len() as f64;
        let selected = i == s.selected;
        html! {
            <li class={classes!("live-entry", selected.then_some("selected"))} data-name={live.name.clone()}>
                <label class="live-pick">
                    <input type="radio" name="live" checked={selected} onchange={dispatch.reform(move |_: Event| Move::Select(i))} />
                    <strong>{ &live.name }</strong>
                    <span class="hint">{ f.fill(T::minutes, &[("n", &f.count(minutes))]) }</span>
                </label>
                <button type="button" class="icon remove" title={f.fill(T::remove, &[("file", &live.name)])}
                    aria-label={f.fill(T::remove, &[("file", &live.name)])}
                    onclick={dispatch.reform(move |_: MouseEvent| Move::Remove(i))}>{ "×" }</button>
                if !live.warnings.is_empty() {
                    <ul class="warnings">
                        { for live.warnings.iter().map(|w| html! { <li>{ w.to_string() }</li> }) }
                    </ul>
                }
            </li>
        }
    });
    html! {
        <section class="panel import" id="import-panel" {ondragover} {ondrop}>
            <h2>{ f.t(T::title) }</h2>
            <p class="hint">{ f.t(T::intro) }{ " " }<a href={EXAMPLE} download="model-example-live.csv" id="example-live">{ f.t(T::example) }</a></p>
            <p class="import-row">
                <label class="file-button">
                    { f.t(T::choose) }
                    <input type="file" id="import-live" accept=".csv,text/csv" multiple=true {onchange} />
                </label>
                <span class="hint">{ f.t(T::or_drop) }</span>
            </p>
            { for error }
            if s.lives.is_empty() {
                <p class="hint" id="no-lives">{ f.t(T::none_yet) }</p>
            } else {
                <ul class="lives" id="lives">{ for lives }</ul>
            }
        </section>
    }
}

crate::texts! { ImportText "postlive_import" {
    title = "Past lives";
    intro = "Import a past live as a CSV file: one row per minute with minute, viewers, arrivals, orders, revenue and chat; optionally orders:<item id>, arrivals:<channel>, abandoned, buyers_new and buyers_returning.";
    example = "Example file";
    choose = "Import a CSV…";
    or_drop = "or drop files here. Several lives can be imported.";
    none_yet = "No past live imported yet.";
    minutes = "{n} minutes";
    remove = "Remove {file}";
    dismiss = "Dismiss";
    not_imported = "{file} was not imported: {why}";
} }
