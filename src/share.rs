//! Share links: a scenario with the seed, runs, language and view that reproduce its numbers, packed into a
//! URL fragment (`#s=...`): JSON, deflated with a zlib checksum (miniz_oxide), in URL-safe base64.
//!
//! The fragment never reaches a server, so a shared plan stays between the people who pass the link.
//! The checksum makes a truncated or altered link fail to open with a clear message rather than open
//! as some other scenario.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// The version of the link's content this build writes and reads.
pub const LINK_VERSION: u32 = 1;

/// What the fragment starts with.
pub const FRAGMENT_PREFIX: &str = "#s=";

/// What an embedded view's fragment starts with (the same content; the page shows only results and controls).
pub const EMBED_PREFIX: &str = "#embed=";

/// A control an embedding author chose: a decision (its text form, e.g. `offer:1.start_min`) and its slider.
#[derive(Clone, Debug, PartialEq)]
pub struct Control {
    pub decision: String,
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

/// A link's content: the scenario and how it was run and shown. It is written and read as a JSON value
/// by hand (a derived serde impl would be another copy of serde_json's generic reader in the page's wasm).
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    /// `LINK_VERSION` of the build that wrote it.
    pub v: u32,
    /// The scenario (a `livesim/1` document, as the sender had it).
    pub scenario: Value,
    pub seed: u64,
    pub runs: u64,
    /// The sender's page language (a BCP 47 tag), if any.
    pub lang: Option<String>,
    /// The decision tool on show (`compare`, `drivers`, `optimize`, `goal-seek`), if any.
    pub view: Option<String>,
    /// An embedded view's sliders (empty for a plain share link).
    pub controls: Vec<Control>,
    /// A rehearsal challenge's goal: a KPI (by its output name) to reach.
    pub goal: Option<Goal>,
}

/// What a challenge asks of a trainee: `kpi` (an output name, e.g. `revenue`) at least `target`.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub kpi: String,
    pub target: f64,
}

impl Shared {
    /// A link to `scenario` run with `seed` and `runs`, in `lang`; no view, no sliders.
    pub fn new(scenario: Value, seed: u64, runs: u64, lang: Option<String>) -> Shared {
        Shared { v: LINK_VERSION, scenario, seed, runs, lang, view: None, controls: Vec::new(), goal: None }
    }
}

/// Why a link cannot be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// The fragment is not `#s=...`.
    NotALink,
    /// Characters outside URL-safe base64: the link was changed (or cut inside a character).
    NotBase64,
    /// The data does not unpack or its checksum fails: the link was cut short or altered.
    Damaged,
    /// It unpacks, but is not a link's content (the reason, from the JSON reader).
    NotContent(String),
    /// Written by a newer livesim.
    Newer(u32),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotALink => write!(f, "not a livesim share link (it should end in {FRAGMENT_PREFIX}...)"),
            LinkError::NotBase64 => f.write_str("the link has characters a share link never has: it was changed"),
            LinkError::Damaged => {
                f.write_str("the link is incomplete or damaged: it may have been cut short when copied")
            }
            LinkError::NotContent(why) => write!(f, "the link does not hold a scenario ({why})"),
            LinkError::Newer(v) => {
                write!(f, "the link was made by a newer livesim (link version {v}; this one reads {LINK_VERSION})")
            }
        }
    }
}

/// The fragment (`#s=...`) for `shared`.
pub fn encode(shared: &Shared) -> String {
    format!("{FRAGMENT_PREFIX}{}", payload(shared))
}

/// The fragment (`#embed=...`) of an embedded view of `shared`.
pub fn encode_embed(shared: &Shared) -> String {
    format!("{EMBED_PREFIX}{}", payload(shared))
}

fn payload(shared: &Shared) -> String {
    let mut content = Map::new();
    content.insert("v".into(), shared.v.into());
    content.insert("scenario".into(), shared.scenario.clone());
    content.insert("seed".into(), shared.seed.into());
    content.insert("runs".into(), shared.runs.into());
    for (key, text) in [("lang", &shared.lang), ("view", &shared.view)] {
        if let Some(text) = text {
            content.insert(key.into(), text.as_str().into());
        }
    }
    if !shared.controls.is_empty() {
        let controls = shared
            .controls
            .iter()
            .map(|c| serde_json::json!({ "decision": c.decision, "min": c.min, "max": c.max, "step": c.step }));
        content.insert("controls".into(), Value::Array(controls.collect()));
    }
    if let Some(goal) = &shared.goal {
        content.insert("goal".into(), serde_json::json!({ "kpi": goal.kpi, "target": goal.target }));
    }
    let json = Value::Object(content).to_string();
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 9);
    URL_SAFE_NO_PAD.encode(packed)
}

/// The content of a fragment (`#s=...` or `#embed=...`, with or without its `#`), or why it cannot be opened.
pub fn decode(fragment: &str) -> Result<Shared, LinkError> {
    let fragment = fragment.trim();
    let payload = [FRAGMENT_PREFIX, EMBED_PREFIX]
        .iter()
        .find_map(|prefix| fragment.strip_prefix(prefix).or_else(|| fragment.strip_prefix(&prefix[1..])))
        .ok_or(LinkError::NotALink)?;
    let packed = URL_SAFE_NO_PAD.decode(payload).map_err(|e| match e {
        base64::DecodeError::InvalidByte(..) => LinkError::NotBase64,
        // A length or a last character no encoder writes: the link ends early.
        _ => LinkError::Damaged,
    })?;
    // A link is a scenario, not a bomb: 8 MB unpacked is far beyond any real one.
    let json =
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, 8 << 20).map_err(|_| LinkError::Damaged)?;
    let text = std::str::from_utf8(&json).map_err(|_| LinkError::Damaged)?;
    let content: Value = serde_json::from_str(text).map_err(|e| LinkError::NotContent(e.to_string()))?;
    let missing = |field: &str| LinkError::NotContent(format!("no `{field}`"));
    let v = content.get("v").and_then(Value::as_u64).ok_or_else(|| missing("v"))?;
    if v > LINK_VERSION as u64 {
        return Err(LinkError::Newer(v.min(u32::MAX as u64) as u32));
    }
    let text_of = |key: &str| content.get(key).and_then(Value::as_str).map(str::to_owned);
    Ok(Shared {
        v: v as u32,
        scenario: content.get("scenario").filter(|s| s.is_object()).cloned().ok_or_else(|| missing("scenario"))?,
        seed: content.get("seed").and_then(Value::as_u64).ok_or_else(|| missing("seed"))?,
        runs: content.get("runs").and_then(Value::as_u64).ok_or_else(|| missing("runs"))?,
        lang: text_of("lang"),
        view: text_of("view"),
        controls: content.get("controls").and_then(Value::as_array).map_or_else(Vec::new, |list| {
            list.iter()
                .filter_map(|c| {
                    let number = |key: &str| c.get(key).and_then(Value::as_f64);
                    let control = Control {
                        decision: c.get("decision")?.as_str()?.to_owned(),
                        min: number("min")?,
                        max: number("max")?,
                        step: number("step")?,
                    };
                    (control.min < control.max && control.step > 0.0).then_some(control)
                })
                .collect()
        }),
        goal: content.get("goal").and_then(|g| {
            let target = g.get("target")?.as_f64().filter(|t| t.is_finite())?;
            Some(Goal { kpi: g.get("kpi")?.as_str()?.to_owned(), target })
        }),
    })
}

/// Whether a fragment is meant as a share link (so a broken one is reported, not ignored).
pub fn is_link(fragment: &str) -> bool {
    fragment.starts_with(FRAGMENT_PREFIX) || is_embed(fragment)
}

/// Whether a fragment asks for the embedded view.
pub fn is_embed(fragment: &str) -> bool {
    fragment.starts_with(EMBED_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn example() -> Shared {
        let scenario = serde_json::from_str(include_str!("../www/scenarios/model-example.json")).unwrap();
        Shared {
            v: LINK_VERSION,
            scenario,
            seed: 42,
            runs: 5000,
            lang: Some("pt-BR".into()),
            view: Some("compare".into()),
            controls: vec![],
            goal: None,
        }
    }

    #[test]
    fn a_link_round_trips_and_is_url_safe() {
        let shared = example();
        let link = encode(&shared);
        assert!(link[FRAGMENT_PREFIX.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(&link), Ok(shared.clone()));
        assert_eq!(decode(&link[1..]), Ok(shared), "without its #");
    }

    #[test]
    fn the_models_example_fits_a_link_any_browser_takes() {
        let link = encode(&example());
        let json = example().scenario.to_string();
        // Deflate pays for base64's 4/3 and more: the link is shorter than the JSON it carries.
        assert!(
            link.len() * 3 / 4 < json.len() / 2,
            "{} characters for {} bytes of the scenario's JSON",
            link.len(),
            json.len()
        );
        assert!(link.len() < 2000, "{} characters", link.len());
    }

    #[test]
    fn an_embed_carries_its_controls() {
        let mut shared = example();
        shared.controls = vec![Control { decision: "offer:1.start_min".into(), min: 40.0, max: 80.0, step: 5.0 }];
        let embed = encode_embed(&shared);
        assert!(is_embed(&embed) && is_link(&embed));
        assert_eq!(decode(&embed), Ok(shared));
    }

    #[test]
    fn a_challenge_carries_its_goal() {
        let mut shared = example();
        shared.goal = Some(Goal { kpi: "contribution".into(), target: 12_345.5 });
        assert_eq!(decode(&encode(&shared)), Ok(shared));
    }

    #[test]
    fn every_cut_of_a_link_is_refused_never_misread() {
        let link = encode(&example());
        for cut in FRAGMENT_PREFIX.len()..link.len() {
            let got = decode(&link[..cut]);
            assert_eq!(got, Err(LinkError::Damaged), "cut at {cut}");
        }
    }

    #[test]
    fn a_changed_character_is_caught_by_the_checksum() {
        let link = encode(&example());
        for at in FRAGMENT_PREFIX.len()..link.len() {
            let mut bytes = link.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).unwrap();
            assert!(decode(&changed).is_err(), "a change at {at} was read as a link");
        }
    }

    #[test]
    fn other_fragments_say_what_is_wrong() {
        assert_eq!(decode("#view=compare"), Err(LinkError::NotALink));
        assert_eq!(decode("#s=abc$def"), Err(LinkError::NotBase64));
        let packed = |v: &Value| {
            let bytes = miniz_oxide::deflate::compress_to_vec_zlib(v.to_string().as_bytes(), 6);
            format!("#s={}", URL_SAFE_NO_PAD.encode(bytes))
        };
        assert_eq!(decode(&packed(&json!({ "v": 2, "scenario": {} }))), Err(LinkError::Newer(2)));
        assert!(
            matches!(decode(&packed(&json!({ "v": 1, "seed": 1 }))), Err(LinkError::NotContent(why)) if why.contains("scenario"))
        );
        assert!(LinkError::Damaged.to_string().contains("cut short"));
    }
}
