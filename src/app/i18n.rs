//! The page's words in seven languages: a typed key table with English compiled in, the other languages fetched as data.
//!
//! Every text the page shows is a key of a table declared with [`texts!`]
//! beside the code that shows it; English ([`Text::en`]) is in the binary; `www/i18n/{code}.json` holds each other language as
//! `{ "key": "text" }`, fetched when it is chosen, so six languages cost the
//! bundle nothing. A test holds every file to the table: the same keys, no
//! others, the same `{placeholders}` in each text. A key a file lacks anyway
//! (a stale file in a cache) shows as `⟦key⟧`, so it is seen, not hidden.

use std::borrow::Cow;
use std::rc::Rc;

/// A language of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    PtBr,
    ZhCn,
    Ja,
    Ko,
    Hi,
    Af,
}

impl Lang {
    pub const ALL: [Lang; 7] = [Lang::En, Lang::PtBr, Lang::ZhCn, Lang::Ja, Lang::Ko, Lang::Hi, Lang::Af];

    /// The BCP 47 tag, as in the catalogue's file name and the page's `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::PtBr => "pt-BR",
            Lang::ZhCn => "zh-CN",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::Hi => "hi",
            Lang::Af => "af",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::PtBr => "Português (Brasil)",
            Lang::ZhCn => "简体中文",
            Lang::Ja => "日本語",
            Lang::Ko => "한국어",
            Lang::Hi => "हिन्दी",
            Lang::Af => "Afrikaans",
        }
    }

    /// The language of a tag, by its primary subtag (`pt-PT` reads Brazilian
    /// Portuguese rather than English; any `zh` reads Simplified Chinese).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code().split('-').next() == Some(primary.as_str()))
    }

    /// The first of the browser's languages (in its order of preference) that the page speaks; English otherwise.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred.into_iter().find_map(Lang::from_tag).unwrap_or(Lang::En)
    }

    /// The locale numbers and money are formatted in: the browser's own when it is
    /// of this language (`en-GB` keeps its conventions) or, for English, of a
    /// language the page does not speak (`de-DE` reads English with German
    /// numbers); else the language's usual one.
    pub fn locale(self, browser: &str) -> String {
        let of_browser = Lang::from_tag(browser);
        if of_browser == Some(self) || (self == Lang::En && of_browser.is_none()) {
            return browser.to_owned();
        }
        match self {
            Lang::En => "en-US",
            Lang::PtBr => "pt-BR",
            Lang::ZhCn => "zh-CN",
            Lang::Ja => "ja-JP",
            Lang::Ko => "ko-KR",
            Lang::Hi => "hi-IN",
            Lang::Af => "af-ZA",
        }
        .to_owned()
    }
}

/// A text of the page: a key of one of the key tables that [`texts!`] declares.
pub trait Text: Copy {
    /// `area.key`, as in the catalogue files (for tests and tools: the page never needs the name).
    fn key(self) -> &'static str;
    /// The key's FNV-1a hash, computed at compile time: the page finds texts by it, so
    /// ~650 key names stay out of the wasm bundle.
    fn id(self) -> u64;
    /// The English text.
    fn en(self) -> &'static str;
}

/// FNV-1a, 64 bits: the id of a key name (a test checks that no two keys collide).
pub const fn key_id(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// A key table beside the code that shows its texts:
/// `texts! { GoalText "goal" { title = "What setting reaches a goal?"; ... } }`,
/// `{name}` in a text for what is filled in. Register the table in [`all_texts`].
#[macro_export]
macro_rules! texts {
    ($name:ident $area:literal { $($key:ident = $en:literal;)* }) => {
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($key,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$key,)*];
        }

        impl $crate::app::i18n::Text for $name {
            fn key(self) -> &'static str {
                match self {
                    $($name::$key => concat!($area, ".", stringify!($key)),)*
                }
            }

            fn id(self) -> u64 {
                match self {
                    $($name::$key => const { $crate::app::i18n::key_id(concat!($area, ".", stringify!($key))) },)*
                }
            }

            fn en(self) -> &'static str {
                match self {
                    $($name::$key => $en,)*
                }
            }
        }
    };
}

texts! { Common "common" {
    language = "Language";
} }

/// Every key of every table with its English text: what each catalogue file must translate.
pub fn all_texts() -> Vec<(&'static str, &'static str)> {
    fn of<K: Text>(all: &[K]) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        all.iter().map(|k| (k.key(), k.en()))
    }
    use crate::app::components::app::AppText;
    use crate::app::components::case_studies::CaseText;
    use crate::app::components::channel_table::ChannelText;
    use crate::app::components::compare_view::CompareText;
    use crate::app::components::content_factors::ContentText;
    use crate::app::components::decide::DecideText;
    use crate::app::components::decision_swings::SwingsText;
    use crate::app::components::drivers::DriversText;
    use crate::app::components::editor::EditorText;
    use crate::app::components::embed_builder::BuilderText;
    use crate::app::components::embed_view::EmbedText;
    use crate::app::components::fan_chart::FanText;
    use crate::app::components::fields::FieldsText;
    use crate::app::components::goalseek_view::GoalText;
    use crate::app::components::histogram::HistogramText;
    use crate::app::components::item_table::ItemTableText;
    use crate::app::components::kit_components::KitText;
    use crate::app::components::kpi_cards::KpiText;
    use crate::app::components::library_panel::LibraryText;
    use crate::app::components::list_tools::ListText;
    use crate::app::components::notice::NoticeText;
    use crate::app::components::number_field::NumberText;
    use crate::app::components::optimize_view::OptimizeViewText;
    use crate::app::components::overlay_chart::OverlayText;
    use crate::app::components::png_button::PngText;
    use crate::app::components::response_chart::ResponseText;
    use crate::app::components::results::ResultsText;
    use crate::app::components::run_bar::RunBarText;
    use crate::app::components::rundown_timeline::TimelineText;
    use crate::app::components::scenario_file::FileText;
    use crate::app::components::scenario_tabs::TabsText;
    use crate::app::components::section_audience::AudienceText;
    use crate::app::components::section_catalog::CatalogText;
    use crate::app::components::section_checkout::CheckoutText;
    use crate::app::components::section_live::LiveText;
    use crate::app::components::section_offers::OffersText;
    use crate::app::components::section_rundown::RundownText;
    use crate::app::components::section_urgency::UrgencyText;
    use crate::app::components::select_field::SelectText;
    use crate::app::link::LinkText;
    use crate::app::open::OpenText;
    use crate::app::optimise::OptimiseText;
    use crate::app::postlive::calibrate_view::CalibrateText;
    use crate::app::postlive::dropoff_chart::DropoffText;
    use crate::app::postlive::import::ImportText;
    use crate::app::postlive::page::PostLiveText;
    use crate::app::postlive::versus_view::VersusText;
    use crate::app::presets::ExampleText;
    use crate::app::problems::ProblemText;
    use crate::app::rehearse::chat::ChatText;
    use crate::app::rehearse::controls::ControlsText;
    use crate::app::rehearse::dashboard::DashText;
    use crate::app::rehearse::debrief::DebriefText;
    use crate::app::rehearse::page::PageText;
    use crate::app::rehearse::setup::SetupText;
    use crate::app::state::StateText;
    of(Common::ALL)
        .chain(of(AppText::ALL))
        .chain(of(CaseText::ALL))
        .chain(of(ChannelText::ALL))
        .chain(of(CompareText::ALL))
        .chain(of(ContentText::ALL))
        .chain(of(DecideText::ALL))
        .chain(of(SwingsText::ALL))
        .chain(of(DriversText::ALL))
        .chain(of(EditorText::ALL))
        .chain(of(BuilderText::ALL))
        .chain(of(EmbedText::ALL))
        .chain(of(FanText::ALL))
        .chain(of(FieldsText::ALL))
        .chain(of(GoalText::ALL))
        .chain(of(HistogramText::ALL))
        .chain(of(ItemTableText::ALL))
        .chain(of(KitText::ALL))
        .chain(of(KpiText::ALL))
        .chain(of(LibraryText::ALL))
        .chain(of(ListText::ALL))
        .chain(of(NoticeText::ALL))
        .chain(of(NumberText::ALL))
        .chain(of(OptimizeViewText::ALL))
        .chain(of(OverlayText::ALL))
        .chain(of(PngText::ALL))
        .chain(of(ResponseText::ALL))
        .chain(of(ResultsText::ALL))
        .chain(of(RunBarText::ALL))
        .chain(of(TimelineText::ALL))
        .chain(of(FileText::ALL))
        .chain(of(TabsText::ALL))
        .chain(of(AudienceText::ALL))
        .chain(of(CatalogText::ALL))
        .chain(of(CheckoutText::ALL))
        .chain(of(LiveText::ALL))
        .chain(of(OffersText::ALL))
        .chain(of(RundownText::ALL))
        .chain(of(UrgencyText::ALL))
        .chain(of(SelectText::ALL))
        .chain(of(LinkText::ALL))
        .chain(of(OpenText::ALL))
        .chain(of(OptimiseText::ALL))
        .chain(of(ExampleText::ALL))
        .chain(of(ProblemText::ALL))
        .chain(of(StateText::ALL))
        .chain(of(ChatText::ALL))
        .chain(of(ControlsText::ALL))
        .chain(of(DashText::ALL))
        .chain(of(DebriefText::ALL))
        .chain(of(PageText::ALL))
        .chain(of(SetupText::ALL))
        .chain(of(PostLiveText::ALL))
        .chain(of(ImportText::ALL))
        .chain(of(VersusText::ALL))
        .chain(of(DropoffText::ALL))
        .chain(of(CalibrateText::ALL))
        .collect()
}

/// The texts of one language.
#[derive(Clone, Debug)]
pub struct Words {
    pub lang: Lang,
    /// By key id, sorted; empty for English.
    texts: Rc<Vec<(u64, Rc<str>)>>,
}

/// Two catalogues are the same when they are the same load (a catalogue never changes once read).
impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang && Rc::ptr_eq(&self.texts, &other.texts)
    }
}

impl Words {
    pub fn english() -> Words {
        Words { lang: Lang::En, texts: Rc::default() }
    }

    /// A language's catalogue file: an object of texts by key. A value that is
    /// not a text is refused; unknown keys are kept but never asked for (the
    /// completeness test keeps them out of the files).
    pub fn from_json(lang: Lang, text: &str) -> Result<Words, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("the {} catalogue is not JSON: {e}", lang.code()))?;
        let serde_json::Value::Object(object) = value else {
            return Err(format!("the {} catalogue is not an object", lang.code()));
        };
        let mut texts = object
            .into_iter()
            .map(|(key, v)| match v {
                serde_json::Value::String(s) => Ok((key_id(&key), Rc::from(s))),
                _ => Err(format!("{}: {key} is not a text", lang.code())),
            })
            .collect::<Result<Vec<_>, _>>()?;
        texts.sort_unstable_by_key(|(id, _)| *id);
        Ok(Words { lang, texts: Rc::new(texts) })
    }

    /// The text of `key`.
    pub fn get(&self, key: impl Text) -> Cow<'_, str> {
        self.text(key.id(), key.en())
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: impl Text, args: &[(&str, &str)]) -> String {
        self.filled(key.id(), key.en(), args)
    }

    // One copy of the lookup for every table (the generic entry points only pass the key's id and English).
    #[inline(never)]
    fn text(&self, id: u64, en: &'static str) -> Cow<'_, str> {
        if self.lang == Lang::En {
            return Cow::Borrowed(en);
        }
        match self.texts.binary_search_by_key(&id, |(k, _)| *k) {
            Ok(i) => Cow::Borrowed(&self.texts[i].1),
            // A catalogue without the key (a stale file in a cache): seen, not hidden.
            Err(_) => Cow::Owned(format!("⟦{en}⟧")),
        }
    }

    #[inline(never)]
    fn filled(&self, id: u64, en: &'static str, args: &[(&str, &str)]) -> String {
        let mut out = self.text(id, en).into_owned();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

/// The `{placeholders}` of a text, in order of appearance.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_language_picks_the_page_language() {
        assert_eq!(Lang::negotiate(["fr-FR", "pt-PT", "en"]), Lang::PtBr);
        assert_eq!(Lang::negotiate(["zh-TW"]), Lang::ZhCn);
        assert_eq!(Lang::negotiate(["ja"]), Lang::Ja);
        assert_eq!(Lang::negotiate(["ko-KR", "en"]), Lang::Ko);
        assert_eq!(Lang::negotiate(["hi_IN"]), Lang::Hi);
        assert_eq!(Lang::negotiate(["af"]), Lang::Af);
        assert_eq!(Lang::negotiate(["de", "fr"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), Some(lang));
        }
        assert_eq!(Lang::En.locale("en-GB"), "en-GB");
        assert_eq!(Lang::PtBr.locale("en-GB"), "pt-BR");
        assert_eq!(Lang::Ja.locale("ja"), "ja");
        assert_eq!(Lang::En.locale("de-DE"), "de-DE");
        assert_eq!(Lang::En.locale("pt-BR"), "en-US");
    }

    #[test]
    fn a_missing_key_is_marked_and_placeholders_are_filled() {
        let words = Words::from_json(Lang::Af, "{}").unwrap();
        assert_eq!(words.get(Common::language), "⟦Language⟧");
        assert_eq!(Words::english().get(Common::language), "Language");
        let words = Words::from_json(Lang::PtBr, r#"{"common.language": "Idioma {a} e {b}"}"#).unwrap();
        assert_eq!(words.fill(Common::language, &[("a", "1"), ("b", "2")]), "Idioma 1 e 2");
        let bad = Words::from_json(Lang::PtBr, r#"{"common.language": 3}"#).unwrap_err();
        assert_eq!(bad, "pt-BR: common.language is not a text");
        assert!(Words::from_json(Lang::PtBr, "[").is_err());
        assert_eq!(placeholders("{n} of {total}, {n}"), ["n", "total", "n"]);
    }

    /// `www/i18n/en.json` is the key tables' English (the translators' source, and the
    /// browser tests' list of English texts). `UPDATE_I18N=1 cargo test ...` rewrites it.
    #[test]
    fn the_english_reference_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/i18n/en.json");
        let table: serde_json::Map<String, serde_json::Value> =
            all_texts().into_iter().map(|(k, en)| (k.to_owned(), serde_json::Value::from(en))).collect();
        let want = serde_json::to_string_pretty(&table).expect("texts serialise") + "\n";
        if std::env::var_os("UPDATE_I18N").is_some() {
            std::fs::write(path, &want).expect("www/i18n is writable");
        }
        let found = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            found == want,
            "{path} is not the key tables' English: run UPDATE_I18N=1 cargo test --no-default-features --features app --lib i18n"
        );
    }

    /// Every catalogue file has exactly the table's keys, each text non-empty
    /// with the English text's placeholders: a missing key fails here.
    #[test]
    fn every_language_file_is_complete() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/i18n");
        let table = all_texts();
        let mut keys: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), before, "a key is declared twice");
        let mut ids: Vec<u64> = keys.iter().map(|k| key_id(k)).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), keys.len(), "two keys have the same id: rename one");
        for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::En) {
            let path = format!("{dir}/{}.json", lang.code());
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
            let object = value.as_object().unwrap_or_else(|| panic!("{path}: not an object"));
            let mut found: Vec<&str> = object.keys().map(String::as_str).collect();
            found.sort_unstable();
            let missing: Vec<_> = keys.iter().filter(|k| !object.contains_key(**k)).collect();
            let extra: Vec<_> = found.iter().filter(|k| keys.binary_search(k).is_err()).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{path}: missing {missing:?}, unknown {extra:?}");
            for &(key, en) in &table {
                let text = object[key].as_str().unwrap_or_else(|| panic!("{path}: {key} is not a text"));
                assert!(!text.trim().is_empty(), "{path}: {key} is empty");
                let mut want = placeholders(en);
                let mut got = placeholders(text);
                want.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, want, "{path}: {key} has other placeholders than English");
            }
        }
    }
}
