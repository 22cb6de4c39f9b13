//! The fourteen case studies as presets: a picker (titles from `presets/index.json`), and the story of the one open.

use std::rc::Rc;

use serde_json::Value;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::format::use_words;
use crate::app::open::{fetch_text, parse_json};
use crate::app::state::CaseStory;

#[derive(Properties, PartialEq)]
pub struct CaseStudiesProps {
    /// The language to show titles in (a BCP 47 tag).
    pub lang: String,
    /// A case study's scenarios (baseline first), its story, and its title.
    pub on_open: Callback<(Vec<Value>, CaseStory, String)>,
    pub on_error: Callback<String>,
}

/// A preset of the index: its file, case number and titles.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    pub file: String,
    pub case: u64,
    pub title: Value,
}

/// The picker; the index is fetched once, when the page opens (a few KB, out of the wasm).
#[function_component(CaseStudies)]
pub fn case_studies(props: &CaseStudiesProps) -> Html {
    let words = use_words();
    let index = use_state(|| None::<Rc<Vec<Listed>>>);
    {
        let (index, words) = (index.clone(), words.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // Without the index there is simply no picker: the rest of the page works.
                if let Ok(listed) = fetch_text("./presets/index.json", &words).await.and_then(|t| read_index(&t)) {
                    index.set(Some(Rc::new(listed)));
                }
            });
        });
    }
    let Some(listed) = (*index).clone() else { return html! {} };
    let on_change = {
        let (on_open, on_error, listed, lang, words) =
            (props.on_open.clone(), props.on_error.clone(), listed.clone(), props.lang.clone(), words.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let Some(entry) = listed.iter().find(|l| l.file == select.value()).cloned() else { return };
            select.set_value("");
            let (on_open, on_error, lang, words) = (on_open.clone(), on_error.clone(), lang.clone(), words.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let url = format!("./presets/{}", entry.file);
                let read = fetch_text(&url, &words)
                    .await
                    .and_then(|text| parse_json(&url, &text, &words))
                    .and_then(|v| read_preset(&v).map_err(|why| words.fill(CaseText::not_a_preset, &[("why", &why)])));
                match read {
                    Ok((docs, story)) => {
                        let title = in_language(&story.title, &lang);
                        on_open.emit((docs, story, title));
                    }
                    Err(message) => on_error.emit(message),
                }
            });
        })
    };
    html! {
        <label class="run-setting">
            <span>{ words.get(CaseText::case_study) }</span>
            <select id="case-study" aria-label={words.get(CaseText::open_case).into_owned()} onchange={on_change}>
                <option value="" selected=true>{ words.get(CaseText::open) }</option>
                { for listed.iter().map(|l| html! {
                    <option value={l.file.clone()}>{ format!("{} · {}", l.case, in_language(&l.title, &props.lang)) }</option>
                }) }
            </select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct CaseStoryViewProps {
    pub story: Rc<CaseStory>,
    pub lang: String,
    pub on_close: Callback<()>,
}

/// What the business did, what the preset shows, and what is assumed; the tabs' roles.
#[function_component(CaseStoryView)]
pub fn case_story_view(props: &CaseStoryViewProps) -> Html {
    let words = use_words();
    let s = &props.story;
    // The story in the same language as the title, by the same choice.
    let story = in_language_value(&s.story, &props.lang);
    let part = |key: &str| story.and_then(|parts| parts[key].as_str()).unwrap_or_default().to_owned();
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="story" id="case-story" data-case={s.case.to_string()} aria-label={words.get(CaseText::case_study).into_owned()}>
            <div class="story-head">
                <h2>{ words.fill(CaseText::heading, &[("case", &s.case.to_string()), ("title", &in_language(&s.title, &props.lang))]) }</h2>
                <button type="button" class="dismiss" onclick={on_close} aria-label={words.get(CaseText::close).into_owned()}>{ "×" }</button>
            </div>
            <dl>
                <dt>{ words.get(CaseText::did) }</dt><dd>{ part("did") }</dd>
                <dt>{ words.get(CaseText::shows) }</dt><dd>{ part("shows") }</dd>
                <dt>{ words.get(CaseText::assumed) }</dt><dd>{ part("assumptions") }</dd>
            </dl>
            <ol class="story-tabs" type="A">
                { for s.labels.iter().map(|label| html! { <li>{ in_language(label, &props.lang) }</li> }) }
            </ol>
        </section>
    }
}

/// A text in `lang` (the exact tag, else its language, else English) from `{ "en": ..., "pt-BR": ... }`;
/// a plain string is itself.
pub fn in_language(texts: &Value, lang: &str) -> String {
    if let Some(text) = texts.as_str() {
        return text.to_owned();
    }
    in_language_value(texts, lang).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// The entry of `{ "en": ..., "pt-BR": ... }` for `lang`: the exact tag, else its language, else English.
fn in_language_value<'v>(texts: &'v Value, lang: &str) -> Option<&'v Value> {
    let primary = lang.split('-').next().unwrap_or(lang);
    let of_language =
        texts.as_object().and_then(|o| o.iter().find(|(k, _)| k.split('-').next() == Some(primary)).map(|(_, v)| v));
    texts.get(lang).or(of_language).or_else(|| texts.get("en"))
}

/// `presets/index.json`.
pub fn read_index(text: &str) -> Result<Vec<Listed>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("presets/index.json: {e}"))?;
    let presets = v["presets"].as_array().ok_or("presets/index.json: no list of presets")?;
    Ok(presets
        .iter()
        .filter_map(|p| {
            let file = p["file"].as_str()?.to_owned();
            Some(Listed { file, case: p["case"].as_u64()?, title: p["title"].clone() })
        })
        .collect())
}

/// A `livesim-preset/1` file: its scenarios, baseline first, and its story. The scenarios are
/// documents like any file the user opens: the editor validates them.
pub fn read_preset(v: &Value) -> Result<(Vec<Value>, CaseStory), String> {
    if v["schema"] != "livesim-preset/1" {
        return Err(format!("not a livesim-preset/1 file (schema {})", v["schema"]));
    }
    let docs: Vec<Value> = v["scenarios"]
        .as_array()
        .map(|list| list.iter().map(|s| s["scenario"].clone()).filter(Value::is_object).collect())
        .unwrap_or_default();
    if docs.is_empty() {
        return Err("the preset has no scenarios".to_owned());
    }
    let labels = v["scenarios"].as_array().map(|l| l.iter().map(|s| s["label"].clone()).collect()).unwrap_or_default();
    let story = CaseStory {
        case: v["case"].as_u64().unwrap_or(0),
        title: v["title"].clone(),
        story: v["story"].clone(),
        labels,
    };
    Ok((docs, story))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preset(file: &str) -> Value {
        let path = format!("{}/www/presets/{file}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn a_preset_opens_as_its_scenarios_with_its_story_in_the_page_language() {
        let (docs, story) = read_preset(&preset("04-toys-threshold-kits.json")).unwrap();
        assert_eq!(docs.len(), 2);
        assert!(docs.iter().all(|d| d["schema"] == "livesim/1"));
        assert_eq!(story.case, 4);
        assert_eq!(story.labels.len(), 2);
        assert!(in_language(&story.labels[0], "en").starts_with("Before"));
        assert_eq!(in_language(&story.title, "en"), "Toys: price threshold and kits");
        assert_eq!(in_language(&story.title, "pt-BR"), "Brinquedos: limite de preço e kits");
        assert_eq!(in_language(&story.title, "pt-PT"), "Brinquedos: limite de preço e kits");
        assert_eq!(in_language(&story.title, "ja-JP"), in_language(&story.title, "ja"));
        // The story picks its language the way the title does.
        assert_eq!(in_language_value(&story.story, "ja-JP"), story.story.get("ja"));
        assert_eq!(in_language(&story.title, "de"), "Toys: price threshold and kits");
        assert!(read_preset(&serde_json::json!({ "schema": "livesim/1" })).unwrap_err().contains("livesim-preset/1"));
        assert_eq!(
            read_preset(&serde_json::json!({ "schema": "livesim-preset/1", "scenarios": [] })).unwrap_err(),
            "the preset has no scenarios"
        );
    }

    #[test]
    fn the_index_reads_into_fourteen_presets_in_case_order() {
        let text = std::fs::read_to_string(format!("{}/www/presets/index.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let listed = read_index(&text).unwrap();
        assert_eq!(listed.iter().map(|l| l.case).collect::<Vec<_>>(), (1..=14).collect::<Vec<_>>());
        assert_eq!(in_language(&listed[8].title, "en"), in_language(&preset(&listed[8].file)["title"], "en"));
    }
}

crate::texts! { CaseText "case" {
    case_study = "Case study";
    open_case = "Open a case study";
    open = "open…";
    not_a_preset = "not a case study: {why}";
    heading = "Case {case} · {title}";
    close = "Close the story";
    did = "What they did";
    shows = "What it shows";
    assumed = "Assumed";
} }
