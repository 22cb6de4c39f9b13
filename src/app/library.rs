//! The scenario library: named scenarios kept in the browser, apart from the tabs being edited.

use std::rc::Rc;

use serde_json::{Value, json};

/// A scenario kept in the library.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Unique within the library (the largest so far plus one).
    pub id: u64,
    pub name: String,
    pub scenario: Rc<Value>,
    /// When it was kept or last changed (ms since the epoch, from the page's clock).
    pub saved_ms: f64,
}

/// What the library's buttons ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum LibraryAction {
    /// Keep the scenario of the open tab as a new entry.
    Keep {
        now_ms: f64,
    },
    /// A new entry from the default scenario, opened in the current tab.
    New {
        name: String,
        now_ms: f64,
    },
    /// Open an entry in the current tab (undoable, like a load).
    Open(u64),
    Duplicate {
        id: u64,
        name: String,
        now_ms: f64,
    },
    Rename {
        id: u64,
        name: String,
        now_ms: f64,
    },
    Delete(u64),
}

pub type Library = Rc<Vec<Entry>>;

/// The id the next entry gets.
pub fn next_id(library: &[Entry]) -> u64 {
    library.iter().map(|e| e.id).max().map_or(1, |m| m + 1)
}

/// A scenario's own name, if it has one.
pub fn scenario_name(doc: &Value) -> Option<&str> {
    doc.get("name").and_then(Value::as_str).filter(|n| !n.trim().is_empty())
}

/// The library as stored: `[{ "id", "name", "saved_ms", "scenario" }]`.
pub fn to_json(library: &[Entry]) -> Value {
    Value::Array(
        library
            .iter()
            .map(|e| json!({ "id": e.id, "name": e.name, "saved_ms": e.saved_ms, "scenario": *e.scenario }))
            .collect(),
    )
}

/// The library from storage; entries that do not read are skipped (a scenario in them that does not
/// validate is kept: it is the user's work).
pub fn from_json(value: &Value) -> Vec<Entry> {
    let Some(items) = value.as_array() else { return Vec::new() };
    items
        .iter()
        .filter_map(|item| {
            Some(Entry {
                id: item.get("id")?.as_u64()?,
                name: item.get("name")?.as_str()?.to_owned(),
                scenario: Rc::new(item.get("scenario")?.clone()),
                saved_ms: item.get("saved_ms").and_then(Value::as_f64).unwrap_or(0.0),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_reads_back_as_stored_and_skips_what_does_not_read() {
        let library = vec![
            Entry {
                id: 3,
                name: "Black Friday".into(),
                scenario: Rc::new(json!({"schema": "livesim/1"})),
                saved_ms: 1.5e12,
            },
            Entry { id: 7, name: "双11".into(), scenario: Rc::new(json!({"name": "x"})), saved_ms: 0.0 },
        ];
        let stored = to_json(&library);
        assert_eq!(from_json(&stored), library);
        assert_eq!(next_id(&library), 8);
        assert_eq!(next_id(&[]), 1);
        let damaged = json!([{ "id": "x" }, stored[1].clone(), 5]);
        assert_eq!(from_json(&damaged), vec![library[1].clone()]);
        assert_eq!(from_json(&json!({"not": "a list"})), vec![]);
    }
}
