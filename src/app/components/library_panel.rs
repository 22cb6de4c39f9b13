//! The scenario library: named scenarios kept in the browser, to open in a tab, duplicate, rename or delete.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::draft_input::DraftInput;
use crate::app::format::Formats;
use crate::app::library::{Library, LibraryAction};

pub struct LibraryPanelProps {
    pub library: Library,
    pub on_change: Callback<LibraryAction>,
    pub formats: Rc<Formats>,
}

/// The page's clock, for when an entry was kept (the state stays free of clocks).
fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn library_panel(props: &LibraryPanelProps) -> Html {
    let f = &props.formats;
    let emit = |make: Rc<dyn Fn() -> LibraryAction>| props.on_change.reform(move |_: MouseEvent| make());
    let on_keep = emit(Rc::new(|| LibraryAction::Keep { now_ms: now_ms() }));
    let on_new = {
        let name = f.t(LibraryText::new_name);
        emit(Rc::new(move || LibraryAction::New { name: name.clone(), now_ms: now_ms() }))
    };
    let rows = props.library.iter().map(|entry| {
        let id = entry.id;
        let on_open = emit(Rc::new(move || LibraryAction::Open(id)));
        let on_duplicate = {
            let name = f.fill(LibraryText::copy_name, &[("name", &entry.name)]);
            emit(Rc::new(move || LibraryAction::Duplicate { id, name: name.clone(), now_ms: now_ms() }))
        };
        let on_delete = emit(Rc::new(move || LibraryAction::Delete(id)));
        let on_rename = props.on_change.reform(move |name: String| LibraryAction::Rename { id, name, now_ms: now_ms() });
        let label = |key: LibraryText| f.fill(key, &[("name", &entry.name)]);
        html! {
            <li class="library-entry" key={id}>
                <DraftInput class="library-name" value={entry.name.clone()} on_commit={on_rename} aria_label={label(LibraryText::rename)} />
                <span class="library-saved">{ f.date_time(entry.saved_ms) }</span>
                <button type="button" class="secondary" onclick={on_open} aria-label={label(LibraryText::open_label)}>{ f.t(LibraryText::open) }</button>
                <button type="button" class="secondary" onclick={on_duplicate} aria-label={label(LibraryText::duplicate_label)}>{ f.t(LibraryText::duplicate) }</button>
                <button type="button" class="secondary" onclick={on_delete} aria-label={label(LibraryText::delete_label)}>{ f.t(LibraryText::delete) }</button>
            </li>
        }
    });
    html! {
        <details class="library" id="library">
            <summary>{ f.fill(LibraryText::title, &[("n", &props.library.len().to_string())]) }</summary>
            <div class="library-actions">
                <button type="button" class="secondary" id="library-keep" onclick={on_keep} title={f.t(LibraryText::keep_title)}>{ f.t(LibraryText::keep) }</button>
                <button type="button" class="secondary" id="library-new" onclick={on_new} title={f.t(LibraryText::new_title)}>{ f.t(LibraryText::new) }</button>
            </div>
            if props.library.is_empty() {
                <p class="library-empty">{ f.t(LibraryText::empty) }</p>
            } else {
                <ul class="library-list">{ for rows }</ul>
            }
        </details>
    }
}

crate::texts! { LibraryText "library" {
    title = "Library ({n})";
    keep = "Keep this scenario";
    keep_title = "Keep a copy of the scenario on show in the library, under its name";
    new = "New scenario";
    new_title = "Start a new scenario from the default plan, kept in the library and opened in this tab";
    new_name = "New scenario";
    copy_name = "{name} (copy)";
    empty = "Nothing kept yet. Scenarios you keep here stay in this browser, apart from the tabs.";
    rename = "Name of {name}";
    open = "Open";
    open_label = "Open {name} in this tab";
    duplicate = "Duplicate";
    duplicate_label = "Duplicate {name}";
    delete = "Delete";
    delete_label = "Delete {name}";
} }
