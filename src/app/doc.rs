//! The scenario as the user is editing it: a JSON document addressed by paths, checked by the engine.
//!
//! The editor never holds a half-typed scenario in typed structs: it edits a
//! `serde_json::Value`, so an invalid value stays on screen (and in storage)
//! exactly as typed, while the engine's errors, keyed by the same paths
//! (`catalog[2].price`), are shown next to the field at fault.

use std::fmt;

use serde_json::{Map, Value};

/// One step of a path into the document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into the document, e.g. `catalog[2].price`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// `path.key("price")`
    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_owned()));
        Path(segs)
    }

    /// `path.index(2)`
    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        Path(segs)
    }

    /// Parses `a.b[2].c` (keys never contain `.` or `[` in livesim/1).
    pub fn parse(text: &str) -> Self {
        let mut segs = Vec::new();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let mut rest = part;
            if let Some(open) = rest.find('[') {
                if open > 0 {
                    segs.push(Seg::Key(rest[..open].to_owned()));
                }
                rest = &rest[open..];
                while let Some(close) = rest.find(']') {
                    if let Ok(i) = rest[1..close].parse() {
                        segs.push(Seg::Index(i));
                    }
                    rest = &rest[close + 1..];
                }
            } else {
                segs.push(Seg::Key(rest.to_owned()));
            }
        }
        Path(segs)
    }

    pub fn get<'v>(&self, doc: &'v Value) -> Option<&'v Value> {
        self.0.iter().try_fold(doc, |v, seg| match seg {
            Seg::Key(k) => v.get(k.as_str()),
            Seg::Index(i) => v.get(*i),
        })
    }

    /// Sets the value at the path, creating objects on the way; `Value::Null` removes an object key.
    pub fn set(&self, doc: &mut Value, value: Value) {
        let Some((last, parents)) = self.0.split_last() else {
            *doc = value;
            return;
        };
        let mut node = doc;
        for seg in parents {
            node = match seg {
                Seg::Key(k) => {
                    if !node.is_object() {
                        *node = Value::Object(Map::new());
                    }
                    node.as_object_mut().expect("made an object").entry(k.clone()).or_insert(Value::Null)
                }
                Seg::Index(i) => match node.get_mut(*i) {
                    Some(n) => n,
                    None => return,
                },
            };
        }
        match last {
            Seg::Key(k) => {
                if value.is_null() {
                    if let Some(map) = node.as_object_mut() {
                        map.remove(k);
                    }
                } else {
                    if !node.is_object() {
                        *node = Value::Object(Map::new());
                    }
                    node.as_object_mut().expect("made an object").insert(k.clone(), value);
                }
            }
            Seg::Index(i) => {
                if let Some(slot) = node.get_mut(*i) {
                    *slot = value;
                }
            }
        }
    }

    /// The array at the path (made one if absent).
    pub fn array_mut<'v>(&self, doc: &'v mut Value) -> Option<&'v mut Vec<Value>> {
        if self.get(doc).is_none_or(|v| v.is_null()) {
            self.set(doc, Value::Array(Vec::new()));
        }
        let mut node = doc;
        for seg in &self.0 {
            node = match seg {
                Seg::Key(k) => node.get_mut(k.as_str())?,
                Seg::Index(i) => node.get_mut(*i)?,
            };
        }
        node.as_array_mut()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if n == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// An edit of the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Set (or, with `Null`, remove) the value at a path.
    Set(Path, Value),
    /// Append to the array at a path.
    Push(Path, Value),
    /// Remove element `index` of the array at a path.
    Remove(Path, usize),
    /// Move element `from` of the array at a path to `to`.
    Move(Path, usize, usize),
}

impl Edit {
    /// The field a typed value changes: consecutive edits of it are one step of Undo.
    /// Lists and switches (a row added, a box ticked) are steps of their own.
    pub fn field(&self) -> Option<String> {
        match self {
            Edit::Set(path, Value::Number(_) | Value::String(_)) => Some(path.to_string()),
            _ => None,
        }
    }

    pub fn apply(&self, doc: &mut Value) {
        match self {
            Edit::Set(path, value) => path.set(doc, value.clone()),
            Edit::Push(path, value) => {
                if let Some(a) = path.array_mut(doc) {
                    a.push(value.clone());
                }
            }
            Edit::Remove(path, index) => {
                if let Some(a) = path.array_mut(doc) {
                    if *index < a.len() {
                        a.remove(*index);
                    }
                }
            }
            Edit::Move(path, from, to) => {
                if let Some(a) = path.array_mut(doc) {
                    if *from < a.len() && *to < a.len() {
                        let v = a.remove(*from);
                        a.insert(*to, v);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_print_and_parse_like_the_engine() {
        let p = Path::root().key("catalog").index(2).key("price");
        assert_eq!(p.to_string(), "catalog[2].price");
        assert_eq!(Path::parse("catalog[2].price"), p);
        assert_eq!(Path::parse("audience.direct.show_up_rate").to_string(), "audience.direct.show_up_rate");
    }

    #[test]
    fn edits_change_only_their_path() {
        let mut doc = json!({"catalog": [{"id": "a", "price": 1}, {"id": "b"}], "x": 1});
        Edit::Set(Path::parse("catalog[1].price"), json!(5)).apply(&mut doc);
        Edit::Set(Path::parse("audience.direct.followers"), json!(10)).apply(&mut doc);
        Edit::Set(Path::parse("x"), Value::Null).apply(&mut doc);
        assert_eq!(
            doc,
            json!({"catalog": [{"id": "a", "price": 1}, {"id": "b", "price": 5}],
                               "audience": {"direct": {"followers": 10}}})
        );
        Edit::Move(Path::parse("catalog"), 1, 0).apply(&mut doc);
        Edit::Remove(Path::parse("catalog"), 1).apply(&mut doc);
        Edit::Push(Path::parse("kits"), json!({"id": "k"})).apply(&mut doc);
        assert_eq!(doc["catalog"], json!([{"id": "b", "price": 5}]));
        assert_eq!(doc["kits"], json!([{"id": "k"}]));
    }
}
