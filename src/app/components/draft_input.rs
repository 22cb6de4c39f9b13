//! An input whose text is the user's while they type, committed on change (Enter or leaving the field).
//!
//! Yew sets an input's `value` from the virtual DOM on every render when the
//! two differ, so a field bound to committed state alone loses what is being
//! typed whenever anything else re-renders before the change event: a job's
//! progress, a rehearsal's clock. Here the typed text is held as the
//! component's own until it is committed; then the value in force shows again
//! (the new one if the owner took it, the old one if it refused it).

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DraftInputProps {
    /// The committed value.
    pub value: AttrValue,
    /// The text as typed, when the user leaves the field or presses Enter.
    pub on_commit: Callback<String>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    #[prop_or_default]
    pub max: Option<AttrValue>,
    #[prop_or_default]
    pub step: Option<AttrValue>,
    #[prop_or_default]
    pub size: Option<AttrValue>,
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
}

#[function_component(DraftInput)]
pub fn draft_input(props: &DraftInputProps) -> Html {
    let typed = use_state(|| None::<String>);
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| typed.set(Some(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let onchange = {
        let (typed, on_commit) = (typed.clone(), props.on_commit.clone());
        Callback::from(move |e: Event| {
            typed.set(None);
            on_commit.emit(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let value = (*typed).clone().map_or_else(|| props.value.clone(), AttrValue::from);
    html! {
        <input
            id={props.id.clone()}
            class={props.class.clone()}
            type={props.kind.clone()}
            inputmode={props.inputmode.clone()}
            min={props.min.clone()}
            max={props.max.clone()}
            step={props.step.clone()}
            size={props.size.clone()}
            aria-label={props.aria_label.clone()}
            disabled={props.disabled}
            {value}
            {oninput}
            {onchange}
        />
    }
}
