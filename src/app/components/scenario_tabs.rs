//! The scenarios being compared, one tab each: open one to edit it, duplicate the open one into a variant, drop one.

use yew::prelude::*;

use crate::app::i18n::Words;
use crate::app::state::letter;
use crate::engine::compare::MAX_VARIANTS;

use TabsText as T;

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
    pub words: Words,
}

pub fn scenario_tabs(props: &ScenarioTabsProps) -> Html {
    let words = &props.words;
    let t = |key: TabsText| words.get(key).into_owned();
    let emit = |tab: ScenarioTab| {
        let on_tab = props.on_tab.clone();
        Callback::from(move |_: MouseEvent| on_tab.emit(tab))
    };
    let several = props.names.len() > 1;
    let tabs = props.names.iter().enumerate().map(|(i, name)| {
        let active = i == props.current;
        let edit = if i == 0 { T::edit_baseline } else { T::edit_variant };
        html! {
            <span class={classes!("scenario-tab", active.then_some("active"))}>
                <button type="button" class="tab-open" aria-pressed={active.to_string()} onclick={emit(ScenarioTab::Open(i))}
                    title={words.fill(edit, &[("name", name)])}>
                    <b class={format!("swatch s{i}")}>{ letter(i) }</b>{ name.clone() }
                </button>
                if several {
                    <button type="button" class="tab-remove" onclick={emit(ScenarioTab::Remove(i))}
                        aria-label={words.fill(T::remove_label, &[("name", name), ("letter", &letter(i).to_string())])}
                        title={t(T::remove)}>{ "×" }</button>
                }
            </span>
        }
    });
    let full = props.names.len() > MAX_VARIANTS;
    html! {
        <nav class="scenario-tabs" aria-label={t(T::scenarios)}>
            { for tabs }
            <button type="button" class="secondary duplicate" disabled={full} onclick={emit(ScenarioTab::Duplicate)}
                title={t(if full { T::full } else { T::duplicate_about })}>
                { t(T::duplicate) }
            </button>
        </nav>
    }
}

crate::texts! { TabsText "scenario_tabs" {
    scenarios = "Scenarios";
    edit_baseline = "Edit {name} (baseline)";
    edit_variant = "Edit {name} (variant)";
    remove_label = "Remove {name} ({letter})";
    remove = "Remove this scenario from the comparison";
    duplicate = "+ Duplicate as variant";
    duplicate_about = "Copy the open scenario into a new variant to edit and compare";
    full = "At most four scenarios: a baseline and three variants";
} }
