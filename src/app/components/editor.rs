//! The scenario editor: tabs grouped the way a Sales Ops planner thinks, and the list of every problem found.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::app::components::content_factors::ContentText;
use crate::app::components::fields::Ctx;
use crate::app::components::section_audience::section_audience;
use crate::app::components::section_catalog::section_catalog;
use crate::app::components::section_checkout::section_checkout;
use crate::app::components::section_live::section_live;
use crate::app::components::section_offers::section_offers;
use crate::app::components::section_rundown::section_rundown;
use crate::app::components::section_urgency::section_urgency;
use crate::app::doc::Edit;
use crate::app::format::{Formats, use_doc_formats};
use crate::app::i18n::Text;
use crate::app::problems::ShownError;

/// What every editor section receives: the document, the engine's errors, and where edits go.
#[derive(Properties, PartialEq, Clone)]
pub struct SectionProps {
    pub doc: Rc<Value>,
    pub errors: Rc<Vec<ShownError>>,
    pub on_edit: Callback<Edit>,
}

pub type EditorProps = SectionProps;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Live,
    Audience,
    Catalog,
    Rundown,
    Offers,
    Checkout,
    Urgency,
}

const TABS: [(Tab, EditorText, &[&str]); 7] = [
    (Tab::Live, EditorText::live, &["name", "currency", "duration_min", "targets", "schema", "correlations"]),
    (Tab::Audience, EditorText::audience, &["audience"]),
    (Tab::Catalog, EditorText::catalog, &["catalog", "kits"]),
    (Tab::Rundown, EditorText::rundown, &["rundown", "content"]),
    (Tab::Offers, EditorText::offers, &["offers"]),
    (Tab::Checkout, EditorText::checkout, &["checkout", "costs"]),
    (Tab::Urgency, EditorText::urgency, &["urgency", "scarcity", "inventory_sync"]),
];

fn top_key(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or("")
}

/// What the open section keeps between renders; it starts afresh whenever a tab is opened.
pub struct SectionState {
    /// Audience: what a switched-off channel (or fatigue) held, so switching it back on restores it.
    pub kept: Rc<RefCell<BTreeMap<String, Value>>>,
    /// Rundown: the block last picked on the timeline.
    pub picked: UseStateHandle<Option<usize>>,
    /// Rundown: the name of a custom kind being typed, and why it cannot be added.
    pub draft: UseStateHandle<String>,
    pub problem: UseStateHandle<Option<ContentText>>,
}

#[derive(Properties, PartialEq)]
struct OpenSectionProps {
    tab: Tab,
    section: SectionProps,
    /// The formats of the result cards, for readings in the scenario's currency, and the page's words.
    formats: Rc<Formats>,
}

/// The open tab's section. One component draws them all (each section is a function of its fields);
/// keyed by the tab, it is a new one, with fresh state, whenever another tab opens.
#[function_component(OpenSection)]
fn open_section(props: &OpenSectionProps) -> Html {
    let state = SectionState {
        kept: use_mut_ref(BTreeMap::new),
        picked: use_state(|| None),
        draft: use_state(String::new),
        problem: use_state(|| None),
    };
    let ctx = Ctx::new(&props.section, props.formats.clone());
    match props.tab {
        Tab::Live => section_live(&ctx),
        Tab::Audience => section_audience(&ctx, &state),
        Tab::Catalog => section_catalog(&ctx),
        Tab::Rundown => section_rundown(&ctx, &state),
        Tab::Offers => section_offers(&ctx),
        Tab::Checkout => section_checkout(&ctx),
        Tab::Urgency => section_urgency(&ctx),
    }
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let f = use_doc_formats(&props.doc);
    let tab = use_state(|| Tab::Live);
    // Keyed by the label's key, which does not change with the language.
    let key = TABS.iter().find(|(t, ..)| *t == *tab).map_or("", |(_, label, _)| label.key());
    let body = html! { <OpenSection key={key} tab={*tab} section={props.clone()} formats={f.clone()} /> };
    let tabs = TABS.iter().map(|&(t, label, keys)| {
        let count = props.errors.iter().filter(|e| keys.contains(&top_key(&e.path))).count();
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_| tab.set(t))
        };
        html! {
            <button
                type="button"
                role="tab"
                class={if *tab == t { "tab active" } else { "tab" }}
                aria-selected={if *tab == t { "true" } else { "false" }}
                {onclick}
            >
                { f.t(label) }
                if count > 0 { <span class="badge" title={f.t(EditorText::tab_problems)}>{ count }</span> }
            </button>
        }
    });
    html! {
        <section class="editor" aria-label={f.t(EditorText::editor)}>
            <nav class="tabs" role="tablist">{ for tabs }</nav>
            if !props.errors.is_empty() {
                <div class="problems" role="status">
                    <strong>{ match props.errors.len() {
                        1 => f.t(EditorText::one_problem),
                        n => f.fill(EditorText::problems, &[("n", &f.count(n as f64))]),
                    } }</strong>
                    <ul>{ for props.errors.iter().map(|e| html! { <li><code>{ e.to_string() }</code></li> }) }</ul>
                </div>
            }
            <div class="section-body" role="tabpanel">{ body }</div>
        </section>
    }
}

crate::texts! { EditorText "editor" {
    live = "Live";
    audience = "Audience";
    catalog = "Catalog";
    rundown = "Rundown";
    offers = "Offers";
    checkout = "Checkout & costs";
    urgency = "Scarcity & urgency";
    tab_problems = "problems in this tab";
    editor = "Scenario editor";
    one_problem = "1 problem: results show the last valid scenario.";
    problems = "{n} problems: results show the last valid scenario.";
} }
