//! The scenarios being compared, one tab each: open one to edit it, duplicate the open one into a variant, drop one.

use yew::prelude::*;

use crate::app::state::letter;
use crate::engine::compare::MAX_VARIANTS;

/// What a click on the tabs asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScenarioTab {
    Open(usize),
    Duplicate,
    Remove(usize),
}

pub struct ScenarioTabsProps {
    pub names: Vec<String>,
    pub current: usize,
    pub on_tab: Callback<ScenarioTab>,
}

pub fn scenario_tabs(props: &ScenarioTabsProps) -> Html {
    let emit = |tab: ScenarioTab| {
        let on_tab = props.on_tab.clone();
        Callback::from(move |_: MouseEvent| on_tab.emit(tab))
    };
    let several = props.names.len() > 1;
    let tabs = props.names.iter().enumerate().map(|(i, name)| {
        let active = i == props.current;
        let role = if i == 0 { "baseline" } else { "variant" };
        html! {
            <span class={classes!("scenario-tab", active.then_some("active"))}>
                <button type="button" class="tab-open" aria-pressed={active.to_string()} onclick={emit(ScenarioTab::Open(i))}
                    title={format!("Edit {name} ({role})")}>
                    <b class={format!("swatch s{i}")}>{ letter(i) }</b>{ name.clone() }
                </button>
                if several {
                    <button type="button" class="tab-remove" onclick={emit(ScenarioTab::Remove(i))}
                        aria-label={format!("Remove {} ({})", name, letter(i))} title="Remove this scenario from the comparison">{ "×" }</button>
                }
            </span>
        }
    });
    let full = props.names.len() > MAX_VARIANTS;
    html! {
        <nav class="scenario-tabs" aria-label="Scenarios">
            { for tabs }
            <button type="button" class="secondary duplicate" disabled={full} onclick={emit(ScenarioTab::Duplicate)}
                title={if full { "At most four scenarios: a baseline and three variants".to_owned() } else { "Copy the open scenario into a new variant to edit and compare".to_owned() }}>
                { "+ Duplicate as variant" }
            </button>
        </nav>
    }
}
