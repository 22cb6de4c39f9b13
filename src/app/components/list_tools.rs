//! Row buttons (move up, move down, remove) for the list editors, and the small helpers those sections share.

use std::rc::Rc;

use serde_json::{Number, Value, json};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::doc::{Edit, Path};
use crate::engine::ScenarioError;

/// The id an element gets from a path, the way the field components make theirs (`catalog[2].price` → `catalog-2--price`).
pub fn dom_id(path: &Path) -> String {
    path.to_string().replace(['.', '[', ']'], "-")
}

/// The id of the input of a field component bound to `path`.
pub fn field_id(path: &Path) -> String {
    format!("f-{}", dom_id(path))
}

/// Moves the keyboard focus to the element with this id, if there is one.
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// Edits for fields the format holds as whole numbers (stock, minutes, quantities):
/// `12.0` is written `12`, which the engine reads as an integer; `12.5` stays as typed so the engine names the problem.
pub fn whole_numbers(on_edit: &Callback<Edit>) -> Callback<Edit> {
    let on_edit = on_edit.clone();
    Callback::from(move |edit: Edit| {
        on_edit.emit(match edit {
            Edit::Set(path, Value::Number(n)) => Edit::Set(path, whole(n)),
            other => other,
        })
    })
}

fn whole(n: Number) -> Value {
    match n.as_f64() {
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => {
            if x >= 0.0 {
                json!(x as u64)
            } else {
                json!(x as i64)
            }
        }
        _ => Value::Number(n),
    }
}

/// A price for a starter value, rounded to cents and written `80` rather than `80.0`.
pub fn money(x: f64) -> Value {
    Number::from_f64((x * 100.0).round() / 100.0).map_or(Value::Null, whole)
}

/// The string at `key` of an object, or "".
pub fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The plain number at `key` of an object, if it is one.
pub fn number(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

/// The array at `key` of the document (empty if absent or not an array).
pub fn array<'v>(doc: &'v Value, key: &str) -> &'v [Value] {
    doc.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The live's length in minutes, for starter values and the timeline (60 while the field is not a valid number).
pub fn duration(doc: &Value) -> u32 {
    doc.get("duration_min").and_then(Value::as_u64).filter(|d| (1..=600).contains(d)).map_or(60, |d| d as u32)
}

/// Every item id (catalog products, then kits) with the label a select shows: `Night cream (cream)`.
pub fn item_choices(doc: &Value) -> Vec<(String, String)> {
    let products = array(doc, "catalog").iter().map(|p| (p, "product"));
    let kits = array(doc, "kits").iter().map(|k| (k, "kit"));
    products
        .chain(kits)
        .filter(|(v, _)| !text(v, "id").is_empty())
        .map(|(v, what)| {
            let (id, name) = (text(v, "id"), text(v, "name"));
            let label = if name.is_empty() { format!("{id} ({what})") } else { format!("{name} ({id})") };
            (id.to_owned(), label)
        })
        .collect()
}

/// What an item is called: its name, or its id when it has none (or is unknown).
pub fn item_name(doc: &Value, id: &str) -> String {
    array(doc, "catalog")
        .iter()
        .chain(array(doc, "kits"))
        .find(|v| text(v, "id") == id)
        .map(|v| text(v, "name"))
        .filter(|n| !n.is_empty())
        .unwrap_or(id)
        .to_owned()
}

/// A number for a sentence: `149.9`, `120`, `0.05`.
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// The engine's problems with the object at `path` itself (a missing field, an empty kit), which no field shows.
pub fn errors_at(errors: &Rc<Vec<ScenarioError>>, path: &Path) -> Html {
    let key = path.to_string();
    html! {
        { for errors.iter().filter(|e| e.path == key).map(|e| html! {
            <p class="field-error" role="alert">{ e.problem.to_string() }</p>
        }) }
    }
}

/// A new id `stem<n>` that no product or kit uses yet, counting from `from`.
pub fn unique_id(doc: &Value, stem: &str, from: usize) -> String {
    let taken = |id: &str| array(doc, "catalog").iter().chain(array(doc, "kits")).any(|v| text(v, "id") == id);
    (from.max(1)..).map(|n| format!("{stem}{n}")).find(|id| !taken(id)).unwrap_or_else(|| stem.to_owned())
}

#[derive(Properties, PartialEq)]
pub struct RowToolsProps {
    /// What the row is, for the buttons' labels: "product serum".
    pub what: AttrValue,
    /// The array the row belongs to.
    pub list: Path,
    pub index: usize,
    pub len: usize,
    pub on_edit: Callback<Edit>,
}

/// ↑ ↓ ✕ for one row of a list; the focus follows the row it moved, or the next row after a removal.
#[function_component(RowTools)]
pub fn row_tools(props: &RowToolsProps) -> Html {
    let (i, len) = (props.index, props.len);
    let base = format!("rt-{}", dom_id(&props.list));
    let button_id = move |index: usize, which: &str| format!("{base}-{index}-{which}");
    let moved = |to: usize, which: &'static str| {
        let on_edit = props.on_edit.clone();
        let list = props.list.clone();
        let button_id = button_id.clone();
        Callback::from(move |_: MouseEvent| {
            on_edit.emit(Edit::Move(list.clone(), i, to));
            // Rows are positional, so the row now at `to` owns these buttons; at an end, use the one still enabled.
            let which = match which {
                "up" if to == 0 => "down",
                "down" if to + 1 == len => "up",
                w => w,
            };
            focus(&button_id(to, which));
        })
    };
    let remove = {
        let on_edit = props.on_edit.clone();
        let list = props.list.clone();
        let button_id = button_id.clone();
        Callback::from(move |_: MouseEvent| {
            on_edit.emit(Edit::Remove(list.clone(), i));
            if len > 1 {
                focus(&button_id(if i + 1 < len { i } else { i - 1 }, "remove"));
            }
        })
    };
    html! {
        <span class="row-tools">
            <button type="button" class="icon" id={button_id(i, "up")} disabled={i == 0}
                aria-label={format!("Move {} up", props.what)} title="Move up" onclick={moved(i.saturating_sub(1), "up")}>{ "↑" }</button>
            <button type="button" class="icon" id={button_id(i, "down")} disabled={i + 1 >= len}
                aria-label={format!("Move {} down", props.what)} title="Move down"
                onclick={moved((i + 1).min(len.saturating_sub(1)), "down")}>{ "↓" }</button>
            <button type="button" class="icon remove" id={button_id(i, "remove")}
                aria-label={format!("Remove {}", props.what)} title="Remove" onclick={remove}>{ "✕" }</button>
        </span>
    }
}
