//! The line above the results that says what was loaded (with Undo) or why a load failed.

use yew::prelude::*;

use crate::app::i18n::Words;
use crate::app::state::Notice;

pub struct NoticeBarProps {
    pub notice: Option<Notice>,
    pub on_undo: Callback<()>,
    pub on_dismiss: Callback<()>,
    pub words: Words,
}

pub fn notice_bar(props: &NoticeBarProps) -> Html {
    let Some(notice) = &props.notice else { return html! {} };
    let on_undo = props.on_undo.reform(|_: MouseEvent| ());
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let w = &props.words;
    let t = |key: NoticeText| w.get(key).into_owned();
    html! {
        <div class={classes!("notice", notice.is_error.then_some("error"))} role={if notice.is_error { "alert" } else { "status" }}>
            <span class="notice-text">{ &notice.text }</span>
            if notice.replaced.is_some() {
                <button type="button" class="secondary" onclick={on_undo} title={t(NoticeText::undo_title)}>{ t(NoticeText::undo) }</button>
            }
            <button type="button" class="dismiss" onclick={on_dismiss} aria-label={t(NoticeText::dismiss)}>{ "×" }</button>
        </div>
    }
}

crate::texts! { NoticeText "notice" {
    undo_title = "Bring back the scenario you had before";
    undo = "Undo";
    dismiss = "Dismiss";
} }
