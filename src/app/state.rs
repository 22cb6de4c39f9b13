//! The app's one state and the actions that change it (`use_reducer`).

use std::rc::Rc;

use serde_json::Value;
use yew::Reducible;

use crate::app::doc::Edit;
use crate::app::runner::Progress;
use crate::engine::validate::{check, from_value};
use crate::engine::{Plan, ScenarioError};

pub const DEFAULT_RUNS: u64 = 2_000;
pub const MAX_RUNS: u64 = 100_000;

/// The scenario a first visit opens with.
pub const DEFAULT_SCENARIO: &str = include_str!("../../www/scenarios/model-example.json");

/// The last scenario that passed the engine's checks.
#[derive(Clone, Debug, PartialEq)]
pub struct Valid {
    pub plan: Rc<Plan>,
    /// Bumped on every valid change: results are for one revision.
    pub revision: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The scenario exactly as the user has it, valid or not.
    pub doc: Rc<Value>,
    /// The engine's complaints about `doc`, keyed by field path.
    pub errors: Rc<Vec<ScenarioError>>,
    pub valid: Option<Valid>,
    pub runs: u64,
    pub seed: u64,
    pub results: Option<Progress>,
    /// The revision `results` are for.
    pub results_revision: u64,
    /// A message above the results: what was loaded (with an undo), or why a load failed.
    pub notice: Option<Notice>,
}

/// A message for the user about a load.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// The scenario a load replaced: Undo brings it back, so loading never loses work.
    pub replaced: Option<Rc<Value>>,
}

pub enum Action {
    Edit(Edit),
    /// Replace the whole scenario with a preset or a file; `source` names it for the notice.
    Load {
        doc: Value,
        source: String,
    },
    /// Put back the scenario the last load replaced.
    UndoLoad,
    /// A load that failed, with the reason.
    LoadFailed(String),
    DismissNotice,
    SetRuns(u64),
    SetSeed(u64),
    Progress(Progress),
}

impl State {
    pub fn new(doc: Value) -> Self {
        let mut state = State {
            doc: Rc::new(Value::Null),
            errors: Rc::new(Vec::new()),
            valid: None,
            runs: DEFAULT_RUNS,
            seed: 1,
            results: None,
            results_revision: 0,
            notice: None,
        };
        state.set_doc(doc);
        state
    }

    /// The message for the field at `path`, if the engine has one.
    pub fn error_at(&self, path: &str) -> Option<String> {
        self.errors.iter().find(|e| e.path == path).map(|e| e.problem.to_string())
    }

    /// Whether the results shown are for an older scenario than the one on screen.
    pub fn results_stale(&self) -> bool {
        !self.errors.is_empty() || self.valid.as_ref().is_some_and(|v| v.revision != self.results_revision)
    }

    fn set_doc(&mut self, doc: Value) {
        let checked = from_value(&doc).and_then(|s| check(&s));
        match checked {
            Ok(plan) => {
                self.errors = Rc::new(Vec::new());
                let revision = self.valid.as_ref().map_or(1, |v| v.revision + 1);
                self.valid = Some(Valid { plan: Rc::new(plan), revision });
            }
            Err(errors) => self.errors = Rc::new(errors.0),
        }
        self.doc = Rc::new(doc);
    }
}

impl Default for State {
    fn default() -> Self {
        State::new(serde_json::from_str(DEFAULT_SCENARIO).unwrap_or(Value::Null))
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(edit) => {
                let mut doc = (*self.doc).clone();
                edit.apply(&mut doc);
                next.set_doc(doc);
            }
            Action::Load { doc, source } => {
                next.notice = Some(Notice {
                    text: format!("Loaded {source}."),
                    is_error: false,
                    replaced: Some(self.doc.clone()),
                });
                next.set_doc(doc);
            }
            Action::UndoLoad => {
                if let Some(replaced) = self.notice.as_ref().and_then(|n| n.replaced.clone()) {
                    next.set_doc((*replaced).clone());
                    next.notice = None;
                }
            }
            Action::LoadFailed(text) => next.notice = Some(Notice { text, is_error: true, replaced: None }),
            Action::DismissNotice => next.notice = None,
            Action::SetRuns(runs) => next.runs = runs.clamp(1, MAX_RUNS),
            Action::SetSeed(seed) => next.seed = seed,
            Action::Progress(p) => {
                next.results_revision = p.tag;
                next.results = Some(p);
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::app::doc::Path;

    fn reduce(state: State, action: Action) -> State {
        (*Rc::new(state).reduce(action)).clone()
    }

    fn set(path: &str, value: Value) -> Action {
        Action::Edit(Edit::Set(Path::parse(path), value))
    }

    #[test]
    fn an_invalid_edit_keeps_the_last_valid_plan_and_names_the_field() {
        let state = State::default();
        let valid = state.valid.clone().expect("the default scenario is valid");
        let state = reduce(state, set("catalog[0].price", json!(-5)));
        assert_eq!(state.valid, Some(valid.clone()), "the last valid plan stays");
        assert_eq!(state.error_at("catalog[0].price"), Some("must be >= 0, got -5".to_owned()));
        assert!(state.results_stale());
        let state = reduce(state, set("catalog[0].price", json!(150)));
        assert!(state.errors.is_empty());
        let plan = &state.valid.as_ref().expect("valid again").plan;
        assert_eq!(plan.items[0].price, 150.0);
        assert_eq!(state.valid.as_ref().map(|v| v.revision), Some(valid.revision + 1));
    }

    #[test]
    fn a_load_can_be_undone_so_no_work_is_lost() {
        let edited = reduce(State::default(), set("name", json!("My own live")));
        let mine = edited.doc.clone();
        let loaded = reduce(edited, Action::Load { doc: json!({ "schema": "livesim/1" }), source: "x.json".into() });
        assert!(!loaded.errors.is_empty(), "an incomplete file loads, with its problems listed");
        assert_eq!(loaded.notice.as_ref().map(|n| n.text.as_str()), Some("Loaded x.json."));
        let undone = reduce(loaded, Action::UndoLoad);
        assert_eq!(undone.doc, mine);
        assert!(undone.errors.is_empty());
        assert_eq!(undone.notice, None);
    }

    #[test]
    fn a_failed_load_changes_nothing_but_the_notice() {
        let state = State::default();
        let failed = reduce(state.clone(), Action::LoadFailed("a.json: not a JSON file".into()));
        assert_eq!(failed.doc, state.doc);
        assert_eq!(failed.valid, state.valid);
        assert!(failed.notice.as_ref().is_some_and(|n| n.is_error && n.replaced.is_none()));
        assert_eq!(reduce(failed, Action::DismissNotice).notice, None);
    }

    #[test]
    fn runs_stay_within_their_limits() {
        assert_eq!(reduce(State::default(), Action::SetRuns(0)).runs, 1);
        assert_eq!(reduce(State::default(), Action::SetRuns(u64::MAX)).runs, MAX_RUNS);
    }
}
