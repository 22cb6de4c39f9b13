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
use crate::app::format::Formats;

use RundownText as T;

const WINDOW: [Num<RundownText>; 2] =
    [num("start_min", T::starts, "", None, REQUIRED), num("end_min", T::ends, "", None, REQUIRED)];

/// A block's title, its facts apart: "Block 2 · 8–30 min · demo · Vitamin C serum".
fn block_title(f: &Formats, doc: &Value, i: usize, b: &Value) -> String {
    let mut title = f.fill(T::block_n, &[("n", &f.count((i + 1) as f64))]);
    if let (Some(s), Some(e)) = (number(b, "start_min"), number(b, "end_min")) {
        title += " · ";
        title += &f.fill(T::minutes, &[("start", &s.to_string()), ("end", &e.to_string())]);
    }
    let kind = Some(text(b, "kind")).filter(|k| !k.is_empty()).map(|k| format!(" · {k}")).unwrap_or_default();
    let spot =
        b.get("spotlight").and_then(Value::as_str).map(|id| format!(" · {}", item_name(doc, id))).unwrap_or_default();
    title + &kind + &spot
}

/// The earlier blocks this one overlaps (those win the shared minutes).
fn overlapped_by(blocks: &[Value], i: usize) -> Vec<usize> {
    let window = |b: &Value| Some((number(b, "start_min")?, number(b, "end_min")?));
    let Some((s, e)) = window(&blocks[i]) else { return Vec::new() };
    (0..i).filter(|&j| window(&blocks[j]).is_some_and(|(s2, e2)| s < e2 && s2 < e)).collect()
}

/// The section; the block picked on the timeline is `state.picked`.
pub fn section_rundown(ctx: &Ctx, state: &SectionState) -> Html {
    let (doc, f) = (&*ctx.doc, &ctx.f);
    let picked = &state.picked;
    let list = Path::root().key("rundown");
    let blocks = array(doc, "rundown");
    let kinds = Rc::new(content_kinds(doc));
    let kind_options: Vec<(String, String)> = kinds.iter().map(|k| (k.clone(), k.clone())).collect();
    let items = item_choices(doc, &f.words);

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
                { select_field(ctx, path.key("kind"), &f.t(T::kind), &kind_options, None) }
                <div class="span-3">
                    { select_field(ctx, path.key("spotlight"), &f.t(T::spotlight), &items, Some(&f.t(T::no_spotlight))) }
                </div>
            </>
        };
        let after = if over.is_empty() {
            Html::default()
        } else {
            let blocks = over.iter().map(|j| (j + 1).to_string()).collect::<Vec<_>>().join(", ");
            html! { <p class="hint note">{ f.fill(T::overlaps, &[("blocks", &blocks)]) }</p> }
        };
        let card = Card {
            class: if **picked == Some(i) { "card block picked" } else { "card block" }.to_owned(),
            id: format!("rundown-block-{i}"),
            title: block_title(f, doc, i, b),
            title_class: "card-title",
            what: f.fill(T::block_row, &[("n", &f.count((i + 1) as f64))]),
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
            <h2>{ f.t(T::title) }</h2>
            <RundownTimeline doc={ctx.doc.clone()} formats={f.clone()} kinds={kinds.clone()} {on_pick} />
            { para("hint", f.t(T::about)) }
            <h3>{ f.fill(T::blocks, &[("n", &f.count(blocks.len() as f64))]) }</h3>
            { errors_at(&ctx.errors, &list) }
            { for rows }
            <button type="button" class="secondary add-button" onclick={add}>{ f.t(T::add_block) }</button>
            { heading(f.t(T::content_factors)) }
            { content_factors(ctx, state) }
        </div>
    }
}

crate::texts! { RundownText "rundown" {
    title = "Rundown";
    about = "Click a block to edit it. Minutes without a block play as talk, with no spotlight; where blocks overlap, the first in the list plays.";
    blocks = "Blocks ({n})";
    add_block = "+ Add block";
    block_n = "Block {n}";
    block_row = "block {n}";
    minutes = "{start}–{end} min";
    starts = "Starts (min)";
    ends = "Ends (min)";
    kind = "Kind";
    spotlight = "Spotlight";
    no_spotlight = "none (every item in the background)";
    overlaps = "Overlaps block {blocks}: the earlier block plays where they meet.";
    content_factors = "Content factors";
} }
