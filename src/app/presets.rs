//! The example scenarios shipped beside the app (`www/scenarios/`, copied to `dist/scenarios/`), by file and name.
//!
//! Only the default scenario is compiled in (`state::DEFAULT_SCENARIO`); the
//! others are fetched when picked, which keeps them out of the wasm bundle.

use crate::app::i18n::Words;

/// `(file, the scenario's "name")`, in the picker's order.
pub const PRESETS: &[(&str, &str)] = &[
    ("model-example.json", "Autumn skincare live"),
    ("beauty-kits-brl.json", "Beauty kits live (BRL): low-ticket kits next to a R$ 899 device"),
    (
        "flash-scarcity-cny.json",
        "Clearance of discontinued devices (CNY): announced flash sales with capped units and a scarcity counter",
    ),
    ("no-sync-oversell-krw.json", "Shoe store live without stock integration (KRW): popular sizes oversell"),
    ("lead-magnet-inr.json", "Anti-ageing masterclass with a free e-book (INR): a lead-generation live"),
    (
        "uncertain-launch-zar.json",
        "First live launch of an air fryer (ZAR): guesses as ranges, fatigue after 30 minutes and a surprise discount",
    ),
    ("room-tour-decor-jpy.json", "One room per episode (JPY): a 30-minute home-decor room tour"),
];

/// An example's name in the page's language (the file's own `name` is the English one).
pub fn example_title(file: &str, words: &Words) -> String {
    let key = match file {
        "model-example.json" => ExampleText::model_example,
        "beauty-kits-brl.json" => ExampleText::beauty_kits,
        "flash-scarcity-cny.json" => ExampleText::flash_scarcity,
        "no-sync-oversell-krw.json" => ExampleText::no_sync,
        "lead-magnet-inr.json" => ExampleText::lead_magnet,
        "uncertain-launch-zar.json" => ExampleText::uncertain_launch,
        "room-tour-decor-jpy.json" => ExampleText::room_tour,
        _ => return file.to_owned(),
    };
    words.get(key).into_owned()
}

/// Where the page finds a preset, relative to itself.
pub fn preset_url(file: &str) -> String {
    format!("./scenarios/{file}")
}

#[cfg(test)]
mod tests {
    use super::PRESETS;

    /// The picker's labels are the files' own names, and every shipped file is offered.
    #[test]
    fn presets_match_the_files_in_www_scenarios() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/scenarios");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("www/scenarios exists")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| f.ends_with(".json"))
            .collect();
        files.sort();
        let mut offered: Vec<String> = PRESETS.iter().map(|(f, _)| (*f).to_owned()).collect();
        offered.sort();
        assert_eq!(offered, files);
        for (file, name) in PRESETS {
            let text = std::fs::read_to_string(format!("{dir}/{file}")).expect("readable");
            let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(doc["name"].as_str(), Some(*name), "{file}");
            // The picker's English is the file's own name.
            assert_eq!(super::example_title(file, &crate::app::i18n::Words::english()), *name);
        }
    }
}

crate::texts! { ExampleText "example" {
    model_example = "Autumn skincare live";
    beauty_kits = "Beauty kits live (BRL): low-ticket kits next to a R$ 899 device";
    flash_scarcity = "Clearance of discontinued devices (CNY): announced flash sales with capped units and a scarcity counter";
    no_sync = "Shoe store live without stock integration (KRW): popular sizes oversell";
    lead_magnet = "Anti-ageing masterclass with a free e-book (INR): a lead-generation live";
    uncertain_launch = "First live launch of an air fryer (ZAR): guesses as ranges, fatigue after 30 minutes and a surprise discount";
    room_tour = "One room per episode (JPY): a 30-minute home-decor room tour";
} }
