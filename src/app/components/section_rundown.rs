//! Editor section "Rundown": the blocks of the live on a timeline with the offers under it, and the content factors.

use std::rc::Rc;

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::content_factors::{content_factors, content_kinds};
use crate::app::components::editor::SectionState;
use crate::app::components::fields::{Card, Ctx, Num, REQUIRED, click_edit, heading, num, para};
use crate::app::components::list_tools::{
    array, duration, errors_at, field_id, focus, item_choices, item_name, number, text,
};
use crate::app::components::rundown_timeline::RundownTimeline;
use crate::app::components::select_field::select_field;
use crate::app::doc::{Edit, Path};

const WINDOW: [Num; 2] =
    [num("start_min", "Starts (min)", "", "", REQUIRED), num("end_min", "Ends (min)", "", "", REQUIRED)];

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

/// The section; the block picked on the timeline is `state.picked`.
pub fn section_rundown(ctx: &Ctx, state: &SectionState) -> Html {
    let doc = &*ctx.doc;
    let picked = &state.picked;
    let list = Path::root().key("rundown");
    let blocks = array(doc, "rundown");
    let kinds = Rc::new(content_kinds(doc));
    let kind_options: Vec<(String, String)> = kinds.iter().map(|k| (k.clone(), k.clone())).collect();
    let items = item_choices(doc);

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
        let grid = html! {
            <>
                { ctx.nums(&path, &WINDOW) }
                { select_field(ctx, path.key("kind"), "Kind", &kind_options, None) }
                <div class="span-3">
                    { select_field(ctx, path.key("spotlight"), "Spotlight", &items, Some("none (every item in the background)")) }
                </div>
            </>
        };
        let after = if over.is_empty() {
            Html::default()
        } else {
            let blocks = over.iter().map(|j| (j + 1).to_string()).collect::<Vec<_>>().join(", ");
            html! { <p class="hint note">{ format!("Overlaps block {blocks}: the earlier block plays where they meet.") }</p> }
        };
        let card = Card {
            class: if **picked == Some(i) { "card block picked" } else { "card block" }.to_owned(),
            id: format!("rundown-block-{i}"),
            title: block_title(doc, i, b),
            title_class: "card-title",
            what: format!("block {}", i + 1),
            grid,
            after,
        };
        ctx.card(&list, i, blocks.len(), card)
    });

    // A new block starts where the last one ends; it exists once the edit has rendered.
    let d = duration(doc);
    let last_end = blocks.last().and_then(|b| b.get("end_min")).and_then(Value::as_u64);
    let start = last_end.map_or(0, |e| e.min(u64::from(d.saturating_sub(1))));
    let end = (start + 10).min(u64::from(d));
    let add = Edit::Push(list.clone(), json!({ "start_min": start, "end_min": end, "kind": "talk" }));
    let add = click_edit(&ctx.on_edit, add, Some(field_id(&list.index(blocks.len()).key("start_min"))), true);

    html! {
        <div class="section rundown">
            <h2>{ "Rundown" }</h2>
            <RundownTimeline doc={ctx.doc.clone()} kinds={kinds.clone()} {on_pick} />
            { para("hint", "Click a block to edit it. Minutes without a block play as talk, with no spotlight; where blocks overlap, the first in the list plays.") }
            <h3>{ format!("Blocks ({})", blocks.len()) }</h3>
            { errors_at(&ctx.errors, &list) }
            { for rows }
            <button type="button" class="secondary add-button" onclick={add}>{ "+ Add block" }</button>
            { heading("Content factors") }
            { content_factors(ctx, state) }
        </div>
    }
}
