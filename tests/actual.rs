//! Past lives as CSV (`engine::actual`): any valid live written by `actual_table` reads back
//! exactly, and no text, however broken, makes `read_actual` panic or hand back a NaN.

use livesim::engine::actual::{
    Actual, ActualMinute, ActualSource, Imported, ItemSeries, MAX_COUNT, MAX_REVENUE, actual_table, read_actual,
    simulated_live,
};
use livesim::engine::load;
use proptest::prelude::*;

/// A count: mostly small, as lives are, sometimes anywhere up to the largest allowed.
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![4 => 0u64..200, 1 => 0..=MAX_COUNT]
}

/// Revenue of a minute: cents, whole amounts, any float in range, and the bounds.
fn revenue() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => (0u64..10_000_000).prop_map(|cents| cents as f64 / 100.0),
        2 => 0.0..1e6f64,
        1 => 0.0..=MAX_REVENUE as f64,
        1 => Just(0.0),
        1 => Just(MAX_REVENUE as f64),
        1 => 1e-300..1e-3f64,
    ]
}

/// Item ids as a scenario may have them: trimmed, non-empty, with commas, quotes and any script.
fn item_ids() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set("[A-Za-z0-9_é精][A-Za-z0-9_é精,\"' :;.-]{0,8}[A-Za-z0-9_]", 0..4)
        .prop_map(|ids| ids.into_iter().collect())
}

prop_compose! {
    fn live()(minutes in 1usize..60)
             (rows in prop::collection::vec((count(), count(), count(), revenue(), count(), count(), count(), count()),
                                            minutes),
              optional in any::<[bool; 3]>(), channel_given in any::<[bool; 3]>(),
              channels in prop::collection::vec(prop::collection::vec(count(), minutes), 3),
              ids in item_ids(), item_orders in prop::collection::vec(prop::collection::vec(count(), minutes), 4))
             -> Actual {
        let minutes = rows
            .iter()
            .enumerate()
            .map(|(t, &(viewers, arrivals, orders, revenue, chat, abandoned, new, returning))| ActualMinute {
                minute: t as u32,
                viewers,
                arrivals,
                orders,
                revenue,
                chat,
                abandoned: optional[0].then_some(abandoned),
                buyers_new: optional[1].then_some(new),
                buyers_returning: optional[2].then_some(returning),
            })
            .collect();
        let items = ids.into_iter().zip(item_orders).map(|(id, orders)| ItemSeries { id, orders }).collect();
        let mut by_channel = channels.into_iter();
        let channels = channel_given.map(|given| by_channel.next().filter(|_| given));
        Actual { minutes, items, channels, source: ActualSource::Live }
    }
}

/// What every live read must be, whatever the text: minutes 0.. in order, every series as long, no NaN.
fn well_formed(imported: &Imported) {
    let a = &imported.actual;
    assert!(!a.minutes.is_empty() && a.minutes.len() <= 600);
    for (t, m) in a.minutes.iter().enumerate() {
        assert_eq!(m.minute as usize, t);
        assert!(m.revenue.is_finite() && m.revenue >= 0.0 && m.revenue <= MAX_REVENUE as f64);
        for count in [m.viewers, m.arrivals, m.orders, m.chat] {
            assert!(count <= MAX_COUNT);
        }
    }
    let n = a.minutes.len();
    assert!(a.items.iter().all(|i| i.orders.len() == n && !i.id.is_empty()));
    assert!(a.channels.iter().flatten().all(|c| c.len() == n));
    for w in &imported.warnings {
        assert!(!w.to_string().is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_live_written_reads_back_exactly(actual in live()) {
        let csv = actual_table(&actual).to_csv().expect("a table writes");
        let imported = read_actual(&csv).map_err(|e| TestCaseError::fail(format!("{e}\n{csv}")))?;
        prop_assert_eq!(&imported.actual, &actual);
        well_formed(&imported);
    }

    #[test]
    fn any_text_is_read_or_refused_never_a_panic(text in any::<String>()) {
        if let Ok(imported) = read_actual(&text) {
            well_formed(&imported);
        }
    }

    #[test]
    fn csv_like_text_is_read_or_refused_never_a_panic(
        header in "(minute|viewers|arrivals|orders|revenue|chat|abandoned|buyers_new|orders:|arrivals:paid|x|viewers_p50|[,;]| )*",
        body in "([0-9]|[,;.]|-|e|\n|\r|\"| |NaN|inf)*",
    ) {
        for text in [format!("{header}\n{body}"), format!("minute,viewers,arrivals,orders,revenue,chat\n{body}")] {
            match read_actual(&text) {
                Ok(imported) => well_formed(&imported),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }

    #[test]
    fn a_damaged_live_is_read_or_refused_never_a_panic(
        actual in live(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), "[0-9,;.\n\"a-z:-]?"), 1..4),
    ) {
        let mut csv = actual_table(&actual).to_csv().expect("a table writes");
        for (at, with) in edits {
            let boundaries: Vec<usize> = csv.char_indices().map(|(i, _)| i).collect();
            let i = boundaries[at.index(boundaries.len())];
            let len = csv[i..].chars().next().map_or(0, char::len_utf8);
            csv.replace_range(i..i + len, &with);
        }
        if let Ok(imported) = read_actual(&csv) {
            well_formed(&imported);
        }
    }
}

#[test]
fn every_live_of_the_example_reads_back_exactly() {
    let plan = load(include_str!("../www/scenarios/model-example.json")).expect("the model's example is valid");
    for run in 0..20 {
        let live = simulated_live(&plan, 2026, run);
        let csv = actual_table(&live).to_csv().expect("a table writes");
        let imported = read_actual(&csv).expect("a simulated live reads back");
        assert_eq!(imported.actual, live, "run {run}");
        assert!(imported.warnings.is_empty(), "a simulated live is consistent: {:?}", imported.warnings);
    }
}

#[test]
fn the_example_file_is_a_simulated_live_of_the_example() {
    let text = include_str!("../www/actuals/model-example-live.csv");
    let plan = load(include_str!("../www/scenarios/model-example.json")).expect("the model's example is valid");
    let imported = read_actual(text).expect("the example reads");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(imported.actual, simulated_live(&plan, 2026, 0), "made by `livesim live ... --seed 2026`");
}
