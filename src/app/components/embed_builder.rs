//! "Embed…": the author picks up to three sliders and copies the iframe code of an embedded view.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::format::Formats;
use crate::app::link::{copy_to_clipboard, embed_link};
use crate::app::optimise::{Choice, default_range, menu};
use crate::app::snap::Snap;
use crate::engine::scenario::Scenario;
use crate::share::{Control, Shared};

/// Sliders an embedded view can hold (an embed is a glance, not the editor).
pub const MAX_CONTROLS: usize = 3;

#[derive(Properties, PartialEq)]
pub struct EmbedBuilderProps {
    pub doc: Rc<serde_json::Value>,
    pub scenario: Option<Snap<Scenario>>,
    pub seed: u64,
    pub runs: u64,
    pub formats: Rc<Formats>,
}

/// The iframe code for an embedded view at `url` (the title is escaped for an HTML attribute).
pub fn iframe_code(url: &str, title: &str) -> String {
    let attr = |text: &str| text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"720\" height=\"820\" style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>",
        attr(url),
        attr(title)
    )
}

#[function_component(EmbedBuilder)]
pub fn embed_builder(props: &EmbedBuilderProps) -> Html {
    let picked = use_state(Vec::<usize>::new);
    // The code (a deflated copy of the scenario) is built only while the panel is open, not on every edit.
    let open = use_state(|| false);
    let f = &props.formats;
    let Some(scenario) = &props.scenario else { return html! {} };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::Element>().has_attribute("open")))
    };
    if !*open {
        return html! {
            <details class="embed-builder" id="embed-builder" {ontoggle}>
                <summary>{ f.t(BuilderText::title) }</summary>
            </details>
        };
    }
    let choices: Vec<Choice> = menu(scenario, &f.words);
    let controls: Vec<Control> = picked
        .iter()
        .filter_map(|&i| choices.get(i))
        .map(|c| {
            let (min, max, step) = default_range(c, scenario);
            Control { decision: c.decision.to_string(), min, max, step }
        })
        .collect();
    let name = props.doc.get("name").and_then(|n| n.as_str()).unwrap_or("livesim").to_owned();
    let lang = Some(f.words.lang.code().to_owned());
    let shared = Shared { controls, ..Shared::new((*props.doc).clone(), props.seed, props.runs, lang) };
    let code = embed_link(&shared).map(|url| iframe_code(&url, &name)).unwrap_or_default();
    let boxes = choices.iter().enumerate().map(|(i, choice)| {
        let checked = picked.contains(&i);
        let full = picked.len() >= MAX_CONTROLS && !checked;
        let onchange = {
            let picked = picked.clone();
            Callback::from(move |_: Event| {
                let mut now = (*picked).clone();
                match now.iter().position(|&p| p == i) {
                    Some(at) => drop(now.remove(at)),
                    None if now.len() < MAX_CONTROLS => now.push(i),
                    None => {}
                }
                picked.set(now);
            })
        };
        html! {
            <label class="embed-choice"><input type="checkbox" {checked} disabled={full} {onchange} />{ &choice.label }</label>
        }
    });
    let on_copy = {
        let code = code.clone();
        Callback::from(move |_: MouseEvent| copy_to_clipboard(&code))
    };
    html! {
        <details class="embed-builder" id="embed-builder" open=true {ontoggle}>
            <summary>{ f.t(BuilderText::title) }</summary>
            <p class="hint">{ f.fill(BuilderText::pick, &[("max", &MAX_CONTROLS.to_string())]) }</p>
            <div class="embed-choices">{ for boxes }</div>
            <textarea id="embed-code" readonly=true rows="4" value={code} aria-label={f.t(BuilderText::code)} />
            <button type="button" class="secondary" id="copy-embed" onclick={on_copy}>{ f.t(BuilderText::copy) }</button>
        </details>
    }
}

crate::texts! { BuilderText "embed_builder" {
    title = "Embed in a page…";
    pick = "Pick up to {max} sliders for readers to move; the embedded view shows the results with this seed and these runs.";
    code = "Embed code";
    copy = "Copy embed code";
} }

#[cfg(test)]
mod tests {
    #[test]
    fn the_iframe_code_escapes_the_title_and_keeps_the_address() {
        let code = super::iframe_code("https://x.test/?embed#embed=abc_-", "Tom & Jerry's \"live\" <b>");
        assert!(code.starts_with("<iframe src=\"https://x.test/?embed#embed=abc_-\""));
        assert!(code.contains("title=\"Tom &amp; Jerry's &quot;live&quot; &lt;b&gt;\""));
    }
}
