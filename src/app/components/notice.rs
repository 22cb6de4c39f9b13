//! The line above the results that says what was loaded (with Undo) or why a load failed.

use yew::prelude::*;

use crate::app::state::Notice;

pub struct NoticeBarProps {
    pub notice: Option<Notice>,
    pub on_undo: Callback<()>,
    pub on_dismiss: Callback<()>,
}

pub fn notice_bar(props: &NoticeBarProps) -> Html {
    let Some(notice) = &props.notice else { return html! {} };
    let on_undo = props.on_undo.reform(|_: MouseEvent| ());
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("notice", notice.is_error.then_some("error"))} role={if notice.is_error { "alert" } else { "status" }}>
            <span class="notice-text">{ &notice.text }</span>
            if notice.replaced.is_some() {
                <button type="button" class="secondary" onclick={on_undo} title="Bring back the scenario you had before">{ "Undo" }</button>
            }
            <button type="button" class="dismiss" onclick={on_dismiss} aria-label="Dismiss">{ "×" }</button>
        </div>
    }
}
