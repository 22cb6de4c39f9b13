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
    /// Its JSON text, as sent to the workers.
    pub text: String,
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
    pub run_error: Option<String>,
}

pub enum Action {
    Edit(Edit),
    /// Replace the whole scenario (a preset, a file, or what storage kept).
    Load(Value),
    SetRuns(u64),
    SetSeed(u64),
    Progress(Progress),
    RunFailed(String),
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
            run_error: None,
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
        let checked = from_value(doc.clone()).and_then(|s| check(&s));
        match checked {
            Ok(plan) => {
                self.errors = Rc::new(Vec::new());
                let revision = self.valid.as_ref().map_or(1, |v| v.revision + 1);
                let text = doc.to_string();
                self.valid = Some(Valid { plan: Rc::new(plan), text, revision });
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
            Action::Load(doc) => next.set_doc(doc),
            Action::SetRuns(runs) => next.runs = runs.clamp(1, MAX_RUNS),
            Action::SetSeed(seed) => next.seed = seed,
            Action::Progress(p) => {
                next.run_error = None;
                next.results_revision = p.tag;
                next.results = Some(p);
            }
            Action::RunFailed(message) => next.run_error = Some(message),
        }
        Rc::new(next)
    }
}
