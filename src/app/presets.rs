//! The example scenarios shipped with the app (the files of `www/scenarios/`), by file name.

pub const PRESETS: &[(&str, &str)] = &[
    ("model-example.json", include_str!("../../www/scenarios/model-example.json")),
    ("beauty-kits-brl.json", include_str!("../../www/scenarios/beauty-kits-brl.json")),
    ("flash-scarcity-cny.json", include_str!("../../www/scenarios/flash-scarcity-cny.json")),
    ("no-sync-oversell-krw.json", include_str!("../../www/scenarios/no-sync-oversell-krw.json")),
    ("lead-magnet-inr.json", include_str!("../../www/scenarios/lead-magnet-inr.json")),
    ("uncertain-launch-zar.json", include_str!("../../www/scenarios/uncertain-launch-zar.json")),
    ("room-tour-decor-jpy.json", include_str!("../../www/scenarios/room-tour-decor-jpy.json")),
];
