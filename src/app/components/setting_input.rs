//! A whole-number setting of the run bar (runs, seed): keeps what the user types while results re-render.

use web_sys::HtmlInputElement;
use yew::prelude::*;

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
    // The text being typed is the input's own: progress re-renders many times
    // a second and must not put the old value back under the user's fingers.
    let text = use_state(|| props.value.to_string());
    {
        let text = text.clone();
        use_effect_with(props.value, move |value| text.set(value.to_string()));
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onchange = {
        let (text, value, min, max, on_change) =
            (text.clone(), props.value, props.min, props.max, props.on_change.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<u64>() {
                Ok(v) if (min..=max).contains(&v) => on_change.emit(v),
                // Out of range or not a number: show the value in force again.
                _ => text.set(value.to_string()),
            }
        })
    };
    html! {
        <label class="run-setting" for={props.id.clone()}>
            <span>{ props.label.clone() }</span>
            <input
                id={props.id.clone()}
                type="number"
                min={props.min.to_string()}
                max={props.max.to_string()}
                step="1"
                value={(*text).clone()}
                {oninput}
                {onchange}
            />
        </label>
    }
}
