//! What the editor's sections share: the context every field needs, number fields written as data, list cards, and the few callbacks they all use.
//!
//! Yew's `html!` costs wasm per element, per component use and per closure type,
//! so the sections describe their fields in tables and draw them through the
//! functions here, and every "click makes one edit" button shares one closure type.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use serde_json::Value;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::components::editor::SectionProps;
use crate::app::components::list_tools::{duration, errors_at, focus, row_tools};
use crate::app::components::number_field::number_field;
use crate::app::doc::{Edit, Path};
use crate::engine::ScenarioError;

/// The model lets the number be a range (section 6): the field gets a ± button.
pub const UNCERTAIN: u8 = 1;
/// Emptying the field leaves an empty value for the engine to name, rather than removing it.
pub const REQUIRED: u8 = 2;
/// The field spans two columns of its card's grid.
pub const WIDE: u8 = 4;

/// One number field of a section, as data.
pub struct Num {
    pub key: &'static str,
    pub label: &'static str,
    /// The model's default, shown greyed while the field is empty ("" for none).
    pub placeholder: &'static str,
    /// Words after the input ("" for none).
    pub unit: &'static str,
    pub flags: u8,
}

/// A [`Num`]; in its words `{cur}` stands for the scenario's currency and `{dur}` for the live's length.
pub const fn num(
    key: &'static str,
    label: &'static str,
    placeholder: &'static str,
    unit: &'static str,
    flags: u8,
) -> Num {
    Num { key, label, placeholder, unit, flags }
}

/// The scenario's currency code, as the sections name it (USD while there is none).
pub fn currency(doc: &Value) -> &str {
    doc.get("currency").and_then(Value::as_str).filter(|c| !c.is_empty()).unwrap_or("USD")
}

/// What every field of a section needs: the document, the engine's problems, and where edits go.
pub struct Ctx {
    pub doc: Rc<Value>,
    pub errors: Rc<Vec<ScenarioError>>,
    pub on_edit: Callback<Edit>,
}

impl Ctx {
    pub fn new(props: &SectionProps) -> Self {
        Ctx { doc: props.doc.clone(), errors: props.errors.clone(), on_edit: props.on_edit.clone() }
    }

    /// A spec's words with `{cur}` and `{dur}` filled in; "" is none.
    fn words(&self, text: &'static str) -> Option<AttrValue> {
        if text.is_empty() {
            None
        } else if text.contains('{') {
            let dur = duration(&self.doc).to_string();
            Some(text.replace("{cur}", currency(&self.doc)).replace("{dur}", &dur).into())
        } else {
            Some(AttrValue::Static(text))
        }
    }

    /// The number field `spec` of the object at `parent`.
    #[inline(never)]
    pub fn num(&self, parent: &Path, spec: &Num) -> Html {
        let label = self.words(spec.label).unwrap_or_default();
        let field = number_field(
            self,
            parent.key(spec.key),
            label,
            self.words(spec.placeholder),
            self.words(spec.unit),
            spec.flags,
        );
        if spec.flags & WIDE != 0 {
            html! { <div class="span-2">{ field }</div> }
        } else {
            field
        }
    }

    /// Every field of `specs`, in order.
    pub fn nums(&self, parent: &Path, specs: &[Num]) -> Html {
        specs.iter().map(|s| self.num(parent, s)).collect()
    }

    /// A click that makes `edit`.
    pub fn click(&self, edit: Edit) -> Callback<MouseEvent> {
        click_edit(&self.on_edit, edit, None, false)
    }
}

/// A click that makes one edit (worked out when the view was drawn), then moves the focus
/// to the element `focus_on`: at once, or once the edit has rendered (`later`), for an element it creates.
pub fn click_edit(on_edit: &Callback<Edit>, edit: Edit, focus_on: Option<String>, later: bool) -> Callback<MouseEvent> {
    let on_edit = on_edit.clone();
    Callback::from(move |_: MouseEvent| {
        on_edit.emit(edit.clone());
        match focus_on.clone() {
            Some(id) if later => {
                Timeout::new(0, move || focus(&id)).forget();
            }
            Some(id) => focus(&id),
            None => {}
        }
    })
}

/// A drop-down's choice set at `path` ("" removes it).
pub fn set_choice(on_edit: &Callback<Edit>, path: Path) -> Callback<Event> {
    let on_edit = on_edit.clone();
    Callback::from(move |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        on_edit.emit(Edit::Set(path.clone(), if v.is_empty() { Value::Null } else { Value::String(v) }));
    })
}

/// A drop-down that adds its choice as a key of the object at `path`, holding `value`, then shows its prompt again.
pub fn add_choice(on_edit: &Callback<Edit>, path: Path, value: Value) -> Callback<Event> {
    let on_edit = on_edit.clone();
    Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        let key = select.value();
        if !key.is_empty() {
            on_edit.emit(Edit::Set(path.key(&key), value.clone()));
        }
        select.set_value("");
    })
}

/// One row of a list drawn as a card.
pub struct Card {
    /// The card's classes, `card` first.
    pub class: String,
    pub id: String,
    pub title: String,
    /// The title's classes, `card-title` first.
    pub title_class: &'static str,
    /// What the row is, for its buttons' labels: "product serum".
    pub what: String,
    /// The fields, in the card's grid.
    pub grid: Html,
    /// What comes under the grid.
    pub after: Html,
}

impl Ctx {
    /// Row `index` of the `len` rows of the array at `list`, as a card with ↑ ↓ ✕ and the problems of the row itself.
    pub fn card(&self, list: &Path, index: usize, len: usize, card: Card) -> Html {
        let Card { class, id, title, title_class, what, grid, after } = card;
        html! {
            <div {class} {id}>
                <div class="card-head">
                    <span class={title_class}>{ title }</span>
                    { row_tools(&self.on_edit, &what, list, index, len) }
                </div>
                { errors_at(&self.errors, &list.index(index)) }
                <div class="card-grid">{ grid }</div>
                { after }
            </div>
        }
    }
}

/// A section's title and what it is about.
#[inline(never)]
pub fn intro(title: &'static str, about: &'static str) -> Html {
    html! { <><h2>{ title }</h2><p class="hint">{ about }</p></> }
}

/// The heading of a part of a section.
#[inline(never)]
pub fn heading(text: &'static str) -> Html {
    html! { <h3>{ text }</h3> }
}

/// A paragraph of fixed words, `hint` and its kind in `class`.
#[inline(never)]
pub fn para(class: &'static str, text: &'static str) -> Html {
    html! { <p {class}>{ text }</p> }
}
