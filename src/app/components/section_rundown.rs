//! Editor section "Rundown": the blocks of the live on a timeline with the offers under it, and the content factors.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::content_factors::{ContentFactors, content_kinds};
use crate::app::components::editor::SectionProps;
use crate::app::components::list_tools::{
    RowTools, array, duration, errors_at, field_id, focus, item_choices, item_name, number, text, whole_numbers,
};
use crate::app::components::number_field::NumberField;
use crate::app::components::rundown_timeline::RundownTimeline;
use crate::app::components::select_field::SelectField;
use crate::app::doc::{Edit, Path};

/// A block's title: "Block 2 · 8–30 min · demo · Vitamin C serum".
fn block_title(doc: &Value, i: usize, b: &Value) -> String {
    let minutes = match (number(b, "start_min"), number(b, "end_min")) {
        (Some(s), Some(e)) => format!(" · {s}–{e} min"),
        _ => String::new(),
    };
    let kind = Some(text(b, "kind")).filter(|k| !k.is_empty()).map(|k| format!(" · {k}")).unwrap_or_default();
    let spot =
        b.get("spotlight").and_then(Value::as_str).map(|id| format!(" · {}", item_name(doc, id))).unwrap_or_default();
    format!("Block {}{minutes}{kind}{spot}", i + 1)
}

/// The earlier blocks this one overlaps (those win the shared minutes).
fn overlapped_by(blocks: &[Value], i: usize) -> Vec<usize> {
    let window = |b: &Value| Some((number(b, "start_min")?, number(b, "end_min")?));
    let Some((s, e)) = window(&blocks[i]) else { return Vec::new() };
    (0..i).filter(|&j| window(&blocks[j]).is_some_and(|(s2, e2)| s < e2 && s2 < e)).collect()
}

#[function_component(SectionRundown)]
pub fn section_rundown(props: &SectionProps) -> Html {
    let SectionProps { doc, errors, on_edit } = props.clone();
    let picked = use_state(|| None::<usize>);
    let whole = whole_numbers(&on_edit);
    let list = Path::root().key("rundown");
    let blocks = array(&doc, "rundown");
    let kinds = Rc::new(content_kinds(&doc));
    let kind_options: Vec<(String, String)> = kinds.iter().map(|k| (k.clone(), k.clone())).collect();
    let items = item_choices(&doc);

    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |i: usize| {
            picked.set(Some(i));
            focus(&field_id(&Path::root().key("rundown").index(i).key("start_min")));
        })
    };

    let rows = blocks.iter().enumerate().map(|(i, b)| {
        let path = list.index(i);
        let over = overlapped_by(blocks, i);
        html! {
            <div class={classes!("card", "block", (*picked == Some(i)).then_some("picked"))} id={format!("rundown-block-{i}")}>
                <div class="card-head">
                    <span class="card-title">{ block_title(&doc, i, b) }</span>
                    <RowTools what={format!("block {}", i + 1)} list={list.clone()} index={i} len={blocks.len()}
                        on_edit={on_edit.clone()} />
                </div>
                { errors_at(&errors, &path) }
                <div class="card-grid">
                    <NumberField label="Starts (min)" required=true path={path.key("start_min")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={whole.clone()} />
                    <NumberField label="Ends (min)" required=true path={path.key("end_min")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={whole.clone()} />
                    <SelectField label="Kind" path={path.key("kind")} options={kind_options.clone()}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <div class="span-3">
                        <SelectField label="Spotlight" path={path.key("spotlight")} options={items.clone()}
                            none="none (every item in the background)"
                            doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    </div>
                </div>
                if !over.is_empty() {
                    <p class="hint note">{ format!(
                        "Overlaps block {}: the earlier block plays where they meet.",
                        over.iter().map(|j| (j + 1).to_string()).collect::<Vec<_>>().join(", ")
                    ) }</p>
                }
            </div>
        }
    });

    let add = {
        let on_edit = on_edit.clone();
        let doc = doc.clone();
        Callback::from(move |_| {
            let d = duration(&doc);
            let last_end = array(&doc, "rundown").last().and_then(|b| b.get("end_min")).and_then(Value::as_u64);
            let start = last_end.map_or(0, |e| e.min(u64::from(d.saturating_sub(1))));
            let end = (start + 10).min(u64::from(d));
            on_edit.emit(Edit::Push(
                Path::root().key("rundown"),
                json!({ "start_min": start, "end_min": end, "kind": "talk" }),
            ));
            // The new row exists once the edit has rendered.
            let id = field_id(&Path::root().key("rundown").index(array(&doc, "rundown").len()).key("start_min"));
            Timeout::new(0, move || focus(&id)).forget();
        })
    };

    html! {
        <div class="section rundown">
            <h2>{ "Rundown" }</h2>
            <RundownTimeline doc={doc.clone()} kinds={kinds.clone()} {on_pick} />
            <p class="hint">{ "Click a block to edit it. Minutes without a block play as talk, with no spotlight; where blocks overlap, the first in the list plays." }</p>
            <h3>{ format!("Blocks ({})", blocks.len()) }</h3>
            { errors_at(&errors, &list) }
            { for rows }
            <button type="button" class="secondary add-button" onclick={add}>{ "+ Add block" }</button>
            <h3>{ "Content factors" }</h3>
            <ContentFactors doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
        </div>
    }
}
