//! Share links in the browser: the link for the page as it is, and the one the page was opened with.

use wasm_bindgen::JsValue;

use crate::app::i18n::{Lang, Words};
use crate::share::{LinkError, Shared, decode, encode, encode_embed, is_embed, is_link};

/// The address that opens `shared` on this page (its own path, so a link works wherever the page is hosted).
pub fn link_to(shared: &Shared) -> Option<String> {
    let location = web_sys::window()?.location();
    let (origin, path, query) = (location.origin().ok()?, location.pathname().ok()?, location.search().ok()?);
    Some(format!("{origin}{path}{query}{}", encode(shared)))
}

/// The notice of a page a folder down that has nothing to open: why (`no_scenario`, or `invalid`
/// given the engine's reason), and the way back to the app.
pub fn problem_notice(
    id: &'static str,
    problem: &OpenProblem,
    words: &Words,
    no_scenario: String,
    invalid: impl Fn(&str) -> String,
    to_app: String,
) -> yew::Html {
    let text = match problem {
        OpenProblem::NoScenario => no_scenario,
        OpenProblem::Link(error) => link_error_text(error, words),
        OpenProblem::Invalid(why) => invalid(why),
    };
    yew::html! {
        <p class="notice error" {id} role="alert">{ text }{ " " }<a href="../">{ to_app }</a></p>
    }
}

/// The address of another page of livesim, `relative` to this one (`rehearse/` and `postlive/` from the
/// app, `../` back to it), opening `shared`.
pub fn page_link(relative: &str, shared: &Shared) -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    let url = web_sys::Url::new_with_base(relative, &href).ok()?;
    Some(format!("{}{}", url.href(), encode(shared)))
}

/// Why a page opened from the app (the rehearsal, the post-live page) has no scenario to show.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenProblem {
    /// No link, and no scenario open in the app in this browser.
    NoScenario,
    /// The link does not open.
    Link(LinkError),
    /// The scenario breaks the model's rules (the engine's message).
    Invalid(String),
}

/// The scenario such a page opens: the document, its plan, and the seed and goal of its link.
pub struct Opened {
    pub doc: serde_json::Value,
    pub plan: crate::engine::Plan,
    pub seed: u64,
    pub goal: Option<crate::share::Goal>,
}

/// What the address opens: a share link (the app's buttons, a challenge); else the app's open tab in this
/// browser, on seed 1. With the language the link asks for, if any.
pub fn open_from_address() -> (Result<Opened, OpenProblem>, Option<Lang>) {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    if is_link(&hash) {
        return match decode(&hash) {
            Ok(shared) => {
                let lang = link_language(&shared);
                (opened(shared.scenario, shared.seed, shared.goal), lang)
            }
            Err(error) => (Err(OpenProblem::Link(error)), None),
        };
    }
    match crate::app::storage::load_set().and_then(|(set, current)| set.into_iter().nth(current)) {
        Some(doc) => (opened(doc, 1, None), None),
        None => (Err(OpenProblem::NoScenario), None),
    }
}

fn opened(doc: serde_json::Value, seed: u64, goal: Option<crate::share::Goal>) -> Result<Opened, OpenProblem> {
    let scenario = crate::engine::parse(&doc.to_string()).map_err(|e| OpenProblem::Invalid(e.to_string()))?;
    let plan = crate::engine::check(&scenario).map_err(|e| OpenProblem::Invalid(e.to_string()))?;
    Ok(Opened { doc, plan, seed, goal })
}

/// What an embedded view shows, when the page is one: `#embed=...`, or `?embed` with a share link.
/// The address is left as it is (a reload shows the same view).
pub fn embed_request() -> Option<Result<Shared, LinkError>> {
    let location = web_sys::window()?.location();
    let hash = location.hash().ok()?;
    let asked = is_embed(&hash) || web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?.has("embed");
    asked.then(|| decode(&hash))
}

/// The address of an embedded view of `shared` on this page.
pub fn embed_link(shared: &Shared) -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!("{}{}{}", location.origin().ok()?, location.pathname().ok()?, encode_embed(shared)))
}

/// The share link in the address, if there is one (read once: the fragment is then cleared, so a reload
/// does not open it again as yet another tab).
pub fn take_link() -> Option<Result<Shared, LinkError>> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    if !is_link(&hash) || is_embed(&hash) {
        return None;
    }
    let location = window.location();
    let without = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&without));
    }
    Some(decode(&hash))
}

/// The language a link asks for, if the page speaks it.
pub fn link_language(shared: &Shared) -> Option<Lang> {
    shared.lang.as_deref().and_then(Lang::from_tag)
}

/// Puts `text` on the clipboard if the browser lets the page (the link also stays on show to copy by hand).
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Why a link did not open, in the page's language.
pub fn link_error_text(error: &LinkError, words: &Words) -> String {
    let why = match error {
        LinkError::NotALink => words.get(LinkText::not_a_link).into_owned(),
        LinkError::NotBase64 => words.get(LinkText::changed).into_owned(),
        LinkError::Damaged => words.get(LinkText::damaged).into_owned(),
        LinkError::NotContent(detail) => words.fill(LinkText::not_content, &[("detail", detail)]),
        LinkError::Newer(version) => words.fill(LinkText::newer, &[("version", &version.to_string())]),
    };
    words.fill(LinkText::not_opened, &[("why", &why)])
}

crate::texts! { LinkText "link" {
    not_opened = "The shared link could not be opened: {why}. Your work is unchanged.";
    not_a_link = "it is not a livesim share link";
    changed = "it has characters a share link never has, so it was changed on the way";
    damaged = "it is incomplete or damaged, perhaps cut short when it was copied; ask for it again";
    not_content = "it does not hold a scenario ({detail})";
    newer = "it was made by a newer version of livesim (link version {version})";
    share = "Share link";
    share_title = "A link that opens this scenario, with its seed, runs, language and view, on any machine";
    made = "Link to this scenario (copied to the clipboard where the browser allows):";
    link_label = "Share link";
    copy = "Copy";
    rehearse = "Rehearse";
    rehearse_title = "Practise this live in real time, with an audience, chat and a debrief (opens a new tab)";
    postlive = "Post-live";
    postlive_title = "Compare a past live with this plan, and calibrate the scenario to past lives (opens a new tab)";
} }
