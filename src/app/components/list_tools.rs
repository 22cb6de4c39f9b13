//! Row buttons (move up, move down, remove) for the list editors, and the small helpers those sections share.

use serde_json::{Number, Value, json};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::components::fields::click_edit;
use crate::app::doc::{Edit, Path};
use crate::app::i18n::Words;
use crate::app::problems::ShownError;

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

/// `12.0` as `12`, which the engine reads as an integer.
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
pub fn item_choices(doc: &Value, words: &Words) -> Vec<(String, String)> {
    let products = array(doc, "catalog").iter().map(|p| (p, ListText::product_choice));
    let kits = array(doc, "kits").iter().map(|k| (k, ListText::kit_choice));
    products
        .chain(kits)
        .filter(|(v, _)| !text(v, "id").is_empty())
        .map(|(v, unnamed)| {
            let (id, name) = (text(v, "id"), text(v, "name"));
            let label = if name.is_empty() {
                words.fill(unnamed, &[("id", id)])
            } else {
                words.fill(ListText::named_choice, &[("name", name), ("id", id)])
            };
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

/// The engine's problems with the value at `key` itself.
pub fn problems_at(errors: &[ShownError], key: &str) -> Vec<String> {
    errors.iter().filter(|e| e.path == key).map(|e| e.text.clone()).collect()
}

/// The engine's problems with the value at `key` and inside it, each named by where inside (`lo: …`, `share: …`).
pub fn problems_under(errors: &[ShownError], key: &str) -> Vec<String> {
    errors
        .iter()
        .filter_map(|e| match e.path.strip_prefix(key)? {
            "" => Some(e.text.clone()),
            rest => rest.strip_prefix('.').map(|part| format!("{part}: {}", e.text)),
        })
        .collect()
}

/// Problems as alerts, under the field or row they are about.
pub fn alerts(problems: Vec<String>) -> Html {
    problems.into_iter().map(|p| html! { <p class="field-error" role="alert">{ p }</p> }).collect()
}

/// The engine's problems with the object at `path` itself (a missing field, an empty kit), which no field shows.
pub fn errors_at(errors: &[ShownError], path: &Path) -> Html {
    alerts(problems_at(errors, &path.to_string()))
}

/// A new id `stem<n>` that no product or kit uses yet, counting from `from`.
pub fn unique_id(doc: &Value, stem: &str, from: usize) -> String {
    let taken = |id: &str| array(doc, "catalog").iter().chain(array(doc, "kits")).any(|v| text(v, "id") == id);
    (from.max(1)..).map(|n| format!("{stem}{n}")).find(|id| !taken(id)).unwrap_or_else(|| stem.to_owned())
}

/// ↑ ↓ ✕ for row `i` of the `len` rows of the array at `list`; the focus follows the row it moved, or the next row after a removal.
pub fn row_tools(on_edit: &Callback<Edit>, words: &Words, what: &str, list: &Path, i: usize, len: usize) -> Html {
    let base = format!("rt-{}", dom_id(list));
    let id = |index: usize, which: &str| format!("{base}-{index}-{which}");
    // Rows are positional, so the row now at `to` owns these buttons; at an end, the focus goes to the one still enabled.
    let (up, down) = (i.saturating_sub(1), (i + 1).min(len.saturating_sub(1)));
    let up_focus = id(up, if up == 0 { "down" } else { "up" });
    let down_focus = id(down, if down + 1 == len { "up" } else { "down" });
    let remove_focus = (len > 1).then(|| id(if i + 1 < len { i } else { i - 1 }, "remove"));
    let button = |which: &'static str, to: Option<usize>, focus_on: Option<String>| {
        let ((label, title), sign, class, edit) = match (to, which) {
            (Some(to), "up") => {
                ((ListText::move_up_label, ListText::move_up), "↑", "icon", Edit::Move(list.clone(), i, to))
            }
            (Some(to), _) => {
                ((ListText::move_down_label, ListText::move_down), "↓", "icon", Edit::Move(list.clone(), i, to))
            }
            (None, _) => {
                ((ListText::remove_label, ListText::remove), "✕", "icon remove", Edit::Remove(list.clone(), i))
            }
        };
        let (label, title) = (words.fill(label, &[("what", what)]), words.get(title).into_owned());
        let disabled = match which {
            "up" => i == 0,
            "down" => i + 1 >= len,
            _ => false,
        };
        html! {
            <button type="button" {class} id={id(i, which)} {disabled} aria-label={label} {title}
                onclick={click_edit(on_edit, edit, focus_on, false)}>{ sign }</button>
        }
    };
    html! {
        <span class="row-tools">
            { button("up", Some(up), Some(up_focus)) }
            { button("down", Some(down), Some(down_focus)) }
            { button("remove", None, remove_focus) }
        </span>
    }
}

crate::texts! { ListText "list_tools" {
    move_up_label = "Move {what} up";
    move_down_label = "Move {what} down";
    remove_label = "Remove {what}";
    move_up = "Move up";
    move_down = "Move down";
    remove = "Remove";
    product_choice = "{id} (product)";
    kit_choice = "{id} (kit)";
    named_choice = "{name} ({id})";
} }
