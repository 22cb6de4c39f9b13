//! The example scenarios shipped beside the app (`www/scenarios/`, copied to `dist/scenarios/`), by file and name.
//!
//! Only the default scenario is compiled in (`state::DEFAULT_SCENARIO`); the
//! others are fetched when picked, which keeps them out of the wasm bundle.

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
        }
    }
}
