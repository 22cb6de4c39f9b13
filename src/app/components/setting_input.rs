//! A whole-number setting of the run bar (runs, seed), labelled and kept within its range.

use yew::prelude::*;

use crate::app::components::draft_input::DraftInput;

#[derive(Properties, PartialEq)]
pub struct SettingInputProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: u64,
    pub min: u64,
    pub max: u64,
    pub on_change: Callback<u64>,
}

#[function_component(SettingInput)]
pub fn setting_input(props: &SettingInputProps) -> Html {
    // Out of range or not a number: nothing is emitted and the value in force shows again.
    let on_commit = {
        let (min, max, on_change) = (props.min, props.max, props.on_change.clone());
        Callback::from(move |text: String| {
            if let Some(v) = text.trim().parse::<u64>().ok().filter(|v| (min..=max).contains(v)) {
                on_change.emit(v);
            }
        })
    };
    html! {
        <label class="run-setting" for={props.id.clone()}>
            <span>{ props.label.clone() }</span>
            <DraftInput
                id={props.id.clone()}
                kind="number"
                min={props.min.to_string()}
                max={props.max.to_string()}
                step="1"
                value={props.value.to_string()}
                {on_commit}
            />
        </label>
    }
}
