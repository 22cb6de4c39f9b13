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
use crate::app::format::Formats;
use crate::app::i18n::Text;
use crate::app::problems::ShownError;

/// The model lets the number be a range (section 6): the field gets a ± button.
pub const UNCERTAIN: u8 = 1;
/// Emptying the field leaves an empty value for the engine to name, rather than removing it.
pub const REQUIRED: u8 = 2;
/// The field spans two columns of its card's grid.
pub const WIDE: u8 = 4;

/// One number field of a section, as data; its words are keys `K` of the section's table.
pub struct Num<K> {
    pub key: &'static str,
    pub label: K,
    /// The model's default, shown greyed while the field is empty ("" for none): a number as
    /// typed, `{dur}` for the live's length, or `{none}` for no default (said in the page's language).
    pub placeholder: &'static str,
    /// Words after the input.
    pub unit: Option<K>,
    pub flags: u8,
}

/// A [`Num`]; in its words `{cur}` stands for the scenario's currency and `{dur}` for the live's length.
pub const fn num<K>(key: &'static str, label: K, placeholder: &'static str, unit: Option<K>, flags: u8) -> Num<K> {
    Num { key, label, placeholder, unit, flags }
}

/// The scenario's currency code, as the sections name it (USD while there is none).
pub fn currency(doc: &Value) -> &str {
    doc.get("currency").and_then(Value::as_str).filter(|c| !c.is_empty()).unwrap_or("USD")
}

/// What every field of a section needs: the document, the engine's problems, where edits go, and the page's words.
pub struct Ctx {
    pub doc: Rc<Value>,
    pub errors: Rc<Vec<ShownError>>,
    pub on_edit: Callback<Edit>,
    /// The page's words, and numbers and money in the scenario's currency.
    pub f: Rc<Formats>,
}

impl Ctx {
    pub fn new(props: &SectionProps, f: Rc<Formats>) -> Self {
        Ctx { doc: props.doc.clone(), errors: props.errors.clone(), on_edit: props.on_edit.clone(), f }
    }

    /// The text of `key` in the page's language.
    pub fn t(&self, key: impl Text) -> String {
        self.f.t(key)
    }

    /// A spec's words with `{cur}` and `{dur}` filled in.
    fn words(&self, text: &str) -> AttrValue {
        if text.contains('{') {
            let dur = duration(&self.doc).to_string();
            text.replace("{cur}", currency(&self.doc)).replace("{dur}", &dur).into()
        } else {
            text.to_owned().into()
        }
    }

    /// The number field `spec` of the object at `parent`.
    pub fn num<K: Text>(&self, parent: &Path, spec: &Num<K>) -> Html {
        let label = self.words(&self.f.words.get(spec.label));
        let unit = spec.unit.map(|u| self.words(&self.f.words.get(u)));
        self.num_field(parent.key(spec.key), label, spec.placeholder, unit, spec.flags)
    }

    /// The part of [`Ctx::num`] that is the same for every section's table.
    #[inline(never)]
    fn num_field(
        &self,
        path: Path,
        label: AttrValue,
        placeholder: &'static str,
        unit: Option<AttrValue>,
        flags: u8,
    ) -> Html {
        let placeholder = match placeholder {
            "" => None,
            "{none}" => Some(self.t(FieldsText::no_default).into()),
            p if p.contains('{') => Some(self.words(p)),
            p => Some(AttrValue::Static(p)),
        };
        let field = number_field(self, path, label, placeholder, unit, flags);
        if flags & WIDE != 0 {
            html! { <div class="span-2">{ field }</div> }
        } else {
            field
        }
    }

    /// Every field of `specs`, in order.
    pub fn nums<K: Text>(&self, parent: &Path, specs: &[Num<K>]) -> Html {
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
                    { row_tools(&self.on_edit, &self.f.words, &what, list, index, len) }
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
pub fn intro(title: String, about: String) -> Html {
    html! { <><h2>{ title }</h2><p class="hint">{ about }</p></> }
}

/// The heading of a part of a section.
#[inline(never)]
pub fn heading(text: String) -> Html {
    html! { <h3>{ text }</h3> }
}

/// A paragraph of fixed words, `hint` and its kind in `class`.
#[inline(never)]
pub fn para(class: &'static str, text: String) -> Html {
    html! { <p {class}>{ text }</p> }
}

crate::texts! { FieldsText "fields" {
    no_default = "none";
} }
