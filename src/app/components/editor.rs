//! The scenario editor: tabs grouped the way a Sales Ops planner thinks, and the list of every problem found.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::app::components::section_audience::SectionAudience;
use crate::app::components::section_catalog::SectionCatalog;
use crate::app::components::section_checkout::SectionCheckout;
use crate::app::components::section_live::SectionLive;
use crate::app::components::section_offers::SectionOffers;
use crate::app::components::section_rundown::SectionRundown;
use crate::app::components::section_urgency::SectionUrgency;
use crate::app::doc::Edit;
use crate::engine::ScenarioError;

/// What every editor section receives: the document, the engine's errors, and where edits go.
#[derive(Properties, PartialEq, Clone)]
pub struct SectionProps {
    pub doc: Rc<Value>,
    pub errors: Rc<Vec<ScenarioError>>,
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

const TABS: [(Tab, &str, &[&str]); 7] = [
    (Tab::Live, "Live", &["name", "currency", "duration_min", "targets", "schema"]),
    (Tab::Audience, "Audience", &["audience"]),
    (Tab::Catalog, "Catalog", &["catalog", "kits"]),
    (Tab::Rundown, "Rundown", &["rundown", "content"]),
    (Tab::Offers, "Offers", &["offers"]),
    (Tab::Checkout, "Checkout & costs", &["checkout", "costs"]),
    (Tab::Urgency, "Scarcity & urgency", &["urgency", "scarcity", "inventory_sync"]),
];

fn top_key(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or("")
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let tab = use_state(|| Tab::Live);
    let section = props.clone();
    let body = match *tab {
        Tab::Live => html! { <SectionLive ..section /> },
        Tab::Audience => html! { <SectionAudience ..section /> },
        Tab::Catalog => html! { <SectionCatalog ..section /> },
        Tab::Rundown => html! { <SectionRundown ..section /> },
        Tab::Offers => html! { <SectionOffers ..section /> },
        Tab::Checkout => html! { <SectionCheckout ..section /> },
        Tab::Urgency => html! { <SectionUrgency ..section /> },
    };
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
                class={classes!("tab", (*tab == t).then_some("active"))}
                aria-selected={(*tab == t).to_string()}
                {onclick}
            >
                { label }
                if count > 0 { <span class="badge" title="problems in this tab">{ count }</span> }
            </button>
        }
    });
    html! {
        <section class="editor" aria-label="Scenario editor">
            <nav class="tabs" role="tablist">{ for tabs }</nav>
            if !props.errors.is_empty() {
                <div class="problems" role="status">
                    <strong>{ match props.errors.len() {
                        1 => "1 problem: results show the last valid scenario.".to_owned(),
                        n => format!("{n} problems: results show the last valid scenario."),
                    } }</strong>
                    <ul>{ for props.errors.iter().map(|e| html! { <li><code>{ e.to_string() }</code></li> }) }</ul>
                </div>
            }
            <div class="section-body" role="tabpanel">{ body }</div>
        </section>
    }
}
