//! Words, numbers and money for people: the page's language, and the browser's `Intl.NumberFormat` for its locale and the scenario's currency.

use js_sys::{Array, Function, Intl::NumberFormat, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::app::i18n::{Text, Words};

/// The words and formatters of one (language, locale, currency); cheap to share, compared by what they format for.
pub struct Formats {
    pub locale: String,
    pub currency: String,
    pub words: Words,
    money: Function,
    money_compact: Function,
    count: Function,
    compact: Function,
    percent: Function,
    decimal: Function,
    precise: Function,
    rate: Function,
    tenths: Function,
}

impl PartialEq for Formats {
    fn eq(&self, other: &Self) -> bool {
        self.locale == other.locale && self.currency == other.currency && self.words == other.words
    }
}

fn formatter(locale: &str, options: &[(&str, JsValue)]) -> Function {
    let opts = Object::new();
    for (key, value) in options {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&opts, &JsValue::from_str(key), value);
    }
    // A value that rounds to zero shows no sign ("R$ 0,00", not "-R$ 0,00").
    let _ = Reflect::set(&opts, &JsValue::from_str("signDisplay"), &JsValue::from_str("negative"));
    let locales = Array::of1(&JsValue::from_str(locale));
    NumberFormat::new(&locales, &opts).format()
}

fn call(f: &Function, x: f64) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    f.call1(&JsValue::NULL, &JsValue::from_f64(x)).ok().and_then(|v| v.as_string()).unwrap_or_else(|| x.to_string())
}

/// Numbers to a chosen number of decimals (see [`Formats::decimals`]).
pub struct Decimals(Function);

impl Decimals {
    pub fn format(&self, x: f64) -> String {
        call(&self.0, x)
    }
}

/// The page's words, as the app provides them (English outside it).
#[yew::hook]
pub fn use_words() -> Words {
    yew::use_context::<Words>().unwrap_or_else(Words::english)
}

/// The formats of the page's language (in the browser's locale when it is of that language) for `currency`.
pub fn for_page(currency: &str, words: Words) -> Formats {
    Formats::new(&words.lang.locale(&browser_locale()), currency).speaking(words)
}

/// The browser's preferred language, e.g. `pt-BR`.
pub fn browser_locale() -> String {
    web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".to_owned())
}

impl Formats {
    pub fn new(locale: &str, currency: &str) -> Self {
        let s = |v: &str| JsValue::from_str(v);
        let n = |v: f64| JsValue::from_f64(v);
        let money = [("style", s("currency")), ("currency", s(currency))];
        Formats {
            locale: locale.to_owned(),
            currency: currency.to_owned(),
            words: Words::english(),
            money: formatter(locale, &money),
            money_compact: formatter(
                locale,
                &[
                    ("style", s("currency")),
                    ("currency", s(currency)),
                    ("notation", s("compact")),
                    ("maximumSignificantDigits", n(3.0)),
                ],
            ),
            count: formatter(locale, &[("maximumFractionDigits", n(0.0))]),
            compact: formatter(locale, &[("notation", s("compact")), ("maximumSignificantDigits", n(3.0))]),
            percent: formatter(locale, &[("style", s("percent")), ("maximumFractionDigits", n(1.0))]),
            decimal: formatter(locale, &[("maximumFractionDigits", n(2.0))]),
            precise: formatter(
                locale,
                &[
                    ("maximumFractionDigits", n(2.0)),
                    ("maximumSignificantDigits", n(3.0)),
                    ("roundingPriority", s("morePrecision")),
                ],
            ),
            rate: formatter(
                locale,
                &[("style", s("percent")), ("minimumFractionDigits", n(1.0)), ("maximumFractionDigits", n(1.0))],
            ),
            tenths: formatter(locale, &[("minimumFractionDigits", n(1.0)), ("maximumFractionDigits", n(1.0))]),
        }
    }

    /// The same formats, with the texts of `words`.
    pub fn speaking(self, words: Words) -> Self {
        Formats { words, ..self }
    }

    /// The text of `key` in the page's language.
    pub fn t(&self, key: impl Text) -> String {
        self.words.get(key).into_owned()
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: impl Text, args: &[(&str, &str)]) -> String {
        self.words.fill(key, args)
    }

    /// `R$ 74.658,87`
    pub fn money(&self, x: f64) -> String {
        call(&self.money, x)
    }

    /// `R$ 74,7 mil`, for axes and tight spaces.
    pub fn money_compact(&self, x: f64) -> String {
        call(&self.money_compact, x)
    }

    /// `11.463`
    pub fn count(&self, x: f64) -> String {
        call(&self.count, x)
    }

    /// `11,5 mil`
    pub fn compact(&self, x: f64) -> String {
        call(&self.compact, x)
    }

    /// `4,9 %` from 0.049.
    pub fn percent(&self, x: f64) -> String {
        call(&self.percent, x)
    }

    /// `17,89`
    pub fn decimal(&self, x: f64) -> String {
        call(&self.decimal, x)
    }

    /// `0,024` and `1.234,57`: two decimals, or three significant digits where that shows more,
    /// for values that may be small rates (an input sought) as well as amounts.
    pub fn precise(&self, x: f64) -> String {
        call(&self.precise, x)
    }

    /// A formatter to at most `digits` decimals (at least two), e.g. for values a
    /// search has pinned down to a given precision.
    pub fn decimals(&self, digits: u32) -> Decimals {
        let digits = f64::from(digits.clamp(2, 20));
        Decimals(formatter(&self.locale, &[("maximumFractionDigits", JsValue::from_f64(digits))]))
    }

    /// `26,0 %` from 0.26: always one decimal, for a KPI or a column whose values line up.
    pub fn rate(&self, x: f64) -> String {
        call(&self.rate, x)
    }

    /// `24,0`: always one decimal, for ratios and minutes whose median and range must match.
    /// A moment (ms since the epoch) as the locale writes a date and time, e.g. "24 Nov 2026, 14:05".
    pub fn date_time(&self, ms: f64) -> String {
        if !ms.is_finite() || ms <= 0.0 {
            return "–".to_owned();
        }
        let opts = Object::new();
        let _ = Reflect::set(&opts, &JsValue::from_str("dateStyle"), &JsValue::from_str("medium"));
        let _ = Reflect::set(&opts, &JsValue::from_str("timeStyle"), &JsValue::from_str("short"));
        let locales = Array::of1(&JsValue::from_str(&self.locale));
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &opts).format();
        let date = js_sys::Date::new(&JsValue::from_f64(ms));
        format.call1(&JsValue::NULL, &date).ok().and_then(|v| v.as_string()).unwrap_or_default()
    }

    pub fn tenths(&self, x: f64) -> String {
        call(&self.tenths, x)
    }
}

/// The scenario's currency if it is well formed (Intl throws on a malformed code, which the editor may hold mid-typing), else the model's USD.
pub fn doc_currency(doc: &serde_json::Value) -> String {
    match doc.get("currency").and_then(serde_json::Value::as_str) {
        Some(c) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => c.to_owned(),
        _ => "USD".to_owned(),
    }
}

/// The formats for the scenario being edited, rebuilt only when its currency changes.
#[yew::hook]
pub fn use_doc_formats(doc: &serde_json::Value) -> std::rc::Rc<Formats> {
    let words = use_words();
    yew::use_memo((doc_currency(doc), words), |(currency, words)| for_page(currency, words.clone()))
}
