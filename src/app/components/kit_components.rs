//! The parts of one kit: product → quantity, with a product picker to add one, and what the parts cost and allow.

use std::rc::Rc;

use serde_json::{Value, json};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::components::list_tools::{array, errors_at, fmt_num, number, text, whole_numbers};
use crate::app::components::number_field::NumberField;
use crate::app::doc::{Edit, Path};
use crate::engine::ScenarioError;

#[derive(Properties, PartialEq)]
pub struct KitComponentsProps {
    /// The kit's path, e.g. `kits[0]`.
    pub path: Path,
    /// What the kit is called, for labels.
    pub kit: AttrValue,
    pub doc: Rc<Value>,
    pub errors: Rc<Vec<ScenarioError>>,
    pub on_edit: Callback<Edit>,
}

#[function_component(KitComponents)]
pub fn kit_components(props: &KitComponentsProps) -> Html {
    let doc = props.doc.clone();
    let path = props.path.key("components");
    let parts = path.get(&doc).and_then(Value::as_object).cloned().unwrap_or_default();
    let products = array(&doc, "catalog");
    let product = |id: &str| products.iter().find(|p| text(p, "id") == id);
    let whole = whole_numbers(&props.on_edit);

    // Bought separately, and how many kits the stock makes (when every part is known).
    let mut separately = Some(0.0);
    let mut makes: Option<u64> = None;
    for (id, qty) in &parts {
        let (p, q) = (product(id), qty.as_u64().filter(|q| *q > 0));
        separately = match (separately, p.and_then(|p| number(p, "price")), q) {
            (Some(sum), Some(price), Some(q)) => Some(sum + price * q as f64),
            _ => None,
        };
        let can = p.and_then(|p| p.get("stock")).and_then(Value::as_u64).zip(q).map(|(s, q)| s / q);
        makes = match (makes, can) {
            (None, Some(c)) => Some(c),
            (Some(m), Some(c)) => Some(m.min(c)),
            (m, None) => m,
        };
    }

    let rows = parts.keys().map(|id| {
        let known = product(id).is_some();
        let label = match product(id) {
            Some(p) if !text(p, "name").is_empty() => format!("{} ({id})", text(p, "name")),
            _ if known => id.clone(),
            _ => format!("{id} (not in the catalog)"),
        };
        let remove = {
            let on_edit = props.on_edit.clone();
            let part = path.key(id);
            Callback::from(move |_| on_edit.emit(Edit::Set(part.clone(), Value::Null)))
        };
        html! {
            <div class="part-row">
                <NumberField label={label} unit="per kit" required=true path={path.key(id)}
                    doc={doc.clone()} errors={props.errors.clone()} on_edit={whole.clone()} />
                <button type="button" class="icon remove" aria-label={format!("Remove {id} from {}", props.kit)}
                    title="Remove from the kit" onclick={remove}>{ "✕" }</button>
            </div>
        }
    });

    let addable: Vec<(&str, &str)> = products
        .iter()
        .map(|p| (text(p, "id"), text(p, "name")))
        .filter(|(id, _)| !id.is_empty() && !parts.contains_key(*id))
        .collect();
    let on_add = {
        let on_edit = props.on_edit.clone();
        let path = path.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            if !id.is_empty() {
                on_edit.emit(Edit::Set(path.key(&id), json!(1)));
            }
            select.set_value("");
        })
    };
    let facts: Vec<String> = [
        separately.filter(|_| !parts.is_empty()).map(|s| format!("parts bought separately: {}", fmt_num(s))),
        makes.map(|m| format!("stock makes {m} kit{}", if m == 1 { "" } else { "s" })),
    ]
    .into_iter()
    .flatten()
    .collect();

    html! {
        <div class="parts" role="group" aria-label={format!("Components of {}", props.kit)}>
            <div class="parts-head">
                <span class="parts-title">{ "Components" }</span>
                if !facts.is_empty() { <span class="hint">{ facts.join(" · ") }</span> }
            </div>
            { errors_at(&props.errors, &path) }
            { for rows }
            if addable.is_empty() {
                if products.is_empty() { <p class="hint">{ "Add products to the catalog to build a kit from them." }</p> }
            } else {
                <label class="add">
                    <span>{ "Add a product" }</span>
                    <select aria-label={format!("Add a product to {}", props.kit)} onchange={on_add}>
                        <option value="" selected=true>{ "choose a product…" }</option>
                        { for addable.iter().map(|(id, name)| html! {
                            <option value={id.to_string()}>{ if name.is_empty() { id.to_string() } else { format!("{name} ({id})") } }</option>
                        }) }
                    </select>
                </label>
            }
        </div>
    }
}
