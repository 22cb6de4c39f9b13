//! The app's one state and the actions that change it (`use_reducer`).

use std::rc::Rc;

use serde_json::Value;
use yew::Reducible;

use crate::app::doc::Edit;
use crate::app::i18n::Words;
use crate::app::library::{self, Entry, Library, LibraryAction};
use crate::app::optimise::{GoalSetup, Prepared, PreparedSwings, Setup, SwingSetup, advance, finish, finish_swings};
use crate::app::problems::problem_text;
use crate::app::runner::{BatchProgress, Progress};
use crate::app::snap::Snap;
use crate::engine::compare::{MAX_VARIANTS, compare_records};
use crate::engine::decision::Decision;
use crate::engine::goalseek::{GoalSeek, GoalSpec, Point, Points, Step, count_met};
use crate::engine::optimize::Optimization;
use crate::engine::scenario::Scenario;
use crate::engine::sensitivity::DecisionSwing;
use crate::engine::validate::{check, from_value};
use crate::engine::{Comparison, Kpi, Plan, RunRecord, ScenarioError};
use crate::share::Shared;

pub const DEFAULT_RUNS: u64 = 2_000;
pub const MAX_RUNS: u64 = 100_000;

/// The scenario a first visit opens with.
pub const DEFAULT_SCENARIO: &str = include_str!("../../www/scenarios/model-example.json");

/// The last scenario that passed the engine's checks.
#[derive(Clone, Debug)]
pub struct Valid {
    pub plan: Rc<Plan>,
    /// The document the plan was checked from (what the workers are sent).
    pub doc: Rc<Value>,
    /// Bumped on every valid change: results are for one revision.
    pub revision: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The scenario exactly as the user has it, valid or not.
    pub doc: Rc<Value>,
    /// The engine's complaints about `doc`, keyed by field path.
    pub errors: Rc<Vec<ScenarioError>>,
    /// `doc` as read into the format's types (before the semantic checks), if it reads.
    pub scenario: Option<Snap<Scenario>>,
    pub valid: Option<Valid>,
    pub runs: u64,
    pub seed: u64,
    /// The page's language and its texts (English until another is loaded).
    pub words: Words,
    pub results: Option<Progress>,
    /// The revision `results` are for.
    pub results_revision: u64,
    /// A message above the results: what was loaded (with an undo), or why a load failed.
    pub notice: Option<Notice>,
    /// The case study whose scenarios are open, and its story (until closed).
    pub story: Option<Rc<CaseStory>>,
    /// The scenarios being compared, the baseline first; `set[current]` is `doc`.
    pub set: Vec<Rc<Value>>,
    pub current: usize,
    /// The decision tool on show.
    pub tool: Tool,
    /// The KPI whose drivers the tornado shows.
    pub drivers_kpi: Kpi,
    /// The batch job under way (a comparison), with what it is for.
    pub batch: Option<BatchRun>,
    pub comparison: Option<CompareResult>,
    /// The optimisation form, as the user left it.
    pub optimize_setup: Setup,
    pub optimization: Option<OptimizeResult>,
    /// The goal-seek form, as the user left it.
    pub goal_setup: GoalSetup,
    /// The goal seek under way, done or cancelled.
    pub goal: Option<Rc<GoalRun>>,
    /// The decisions to swing one at a time, as the user left them.
    pub swing_setup: SwingSetup,
    pub swings: Option<SwingResult>,
    /// What Undo and Redo bring back (edits, loads, variants added or removed).
    pub history: History,
    /// Why the work could not be saved in the browser (storage full or off), until a save succeeds.
    pub storage_problem: Option<String>,
    /// The share link last made, on show until dismissed.
    pub share_link: Option<String>,
    /// Named scenarios kept in the browser.
    pub library: Library,
}

/// How many steps Undo reaches back.
pub const UNDO_DEPTH: usize = 200;

/// The set of scenarios before each change (Undo) and after each undone one (Redo).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    undo: Vec<UndoStep>,
    redo: Vec<UndoStep>,
    /// Set by Undo and Redo: the next edit starts a step of its own.
    sealed: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct UndoStep {
    before: Rc<Replaced>,
    /// The field a run of edits changed: typing into one field is one step, not one per key.
    field: Option<String>,
}

impl History {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Records the scenarios as they were before a change (of `field`, for an edit of one value).
    fn record(&mut self, before: Rc<Replaced>, field: Option<String>) {
        self.redo.clear();
        let sealed = std::mem::take(&mut self.sealed);
        if !sealed && field.is_some() && self.undo.last().is_some_and(|last| last.field == field) {
            return;
        }
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(UndoStep { before, field });
    }
}

/// The decision tools, one tab each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Compare,
    Drivers,
    Optimize,
    GoalSeek,
}

impl Tool {
    const NAMES: [(Tool, &'static str); 4] = [
        (Tool::Compare, "compare"),
        (Tool::Drivers, "drivers"),
        (Tool::Optimize, "optimize"),
        (Tool::GoalSeek, "goal-seek"),
    ];

    /// Its name in a share link.
    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(t, _)| *t == self).map_or("compare", |(_, n)| n)
    }

    pub fn from_name(name: &str) -> Option<Tool> {
        Self::NAMES.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
    }
}

/// A batch job in flight: the plans it runs and how far it has got.
#[derive(Clone, Debug)]
pub struct BatchRun {
    pub job: u64,
    pub work: Work,
    pub plans: Vec<Rc<Plan>>,
    /// The scenarios the plans came from, to tell when results are out of date.
    pub docs: Vec<Rc<Value>>,
    pub seed: u64,
    pub runs: u64,
    pub done: u64,
    pub total: u64,
}

/// What a batch job is for, with what it needs to read its records once they are in.
#[derive(Clone, Debug)]
pub enum Work {
    Compare,
    /// An optimisation's grid, to score the candidates.
    Optimize(Rc<Prepared>),
    GoalSeek,
    /// Decision swings' parts.
    Swings(Rc<PreparedSwings>),
}

impl BatchRun {
    /// The tool whose view shows this job's progress.
    pub fn tool(&self) -> Tool {
        match self.work {
            Work::Compare => Tool::Compare,
            Work::Optimize(_) => Tool::Optimize,
            Work::GoalSeek => Tool::GoalSeek,
            Work::Swings(_) => Tool::Drivers,
        }
    }
}

/// Finished decision swings: the runs of each decision's low and high value
/// (kept, so another KPI is read from them at once) and the swings of the KPI on show.
#[derive(Clone, Debug)]
pub struct SwingResult {
    pub prepared: Rc<PreparedSwings>,
    pub records: Rc<Vec<Vec<RunRecord>>>,
    pub swings: Rc<Vec<DecisionSwing>>,
    pub doc: Rc<Value>,
    pub runs: u64,
    pub elapsed_ms: f64,
}

impl PartialEq for SwingResult {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.swings, &other.swings) && Rc::ptr_eq(&self.doc, &other.doc)
    }
}

/// A finished optimisation, with the scenario it was run on.
#[derive(Clone, Debug)]
pub struct OptimizeResult {
    pub optimization: Rc<Optimization>,
    pub doc: Rc<Value>,
    pub elapsed_ms: f64,
}

/// A goal seek, run one value at a time: the page starts a batch for `need`,
/// its runs come back as a point, and the search is replayed for the next value.
#[derive(Clone, Debug)]
pub struct GoalRun {
    pub spec: Rc<GoalSpec>,
    /// The scenario sought on (values it refuses are settled without a run).
    pub scenario: Rc<Scenario>,
    pub doc: Rc<Value>,
    pub points: Points,
    /// The value being run; `None` once done or cancelled.
    pub need: Option<f64>,
    pub result: Option<Rc<GoalSeek>>,
    /// The batches' time, summed.
    pub elapsed_ms: f64,
}

// The same search at the same step is the same run: spares a deep comparison.
impl PartialEq for GoalRun {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.spec, &other.spec)
            && self.points.len() == other.points.len()
            && self.need.map(f64::to_bits) == other.need.map(f64::to_bits)
            && self.result.is_some() == other.result.is_some()
    }
}

impl GoalRun {
    fn new(spec: GoalSpec, scenario: Scenario, doc: Rc<Value>) -> GoalRun {
        let (spec, scenario) = (Rc::new(spec), Rc::new(scenario));
        let mut run = GoalRun { spec, scenario, doc, points: Points::new(), need: None, result: None, elapsed_ms: 0.0 };
        run.advance();
        run
    }

    fn advance(&mut self) {
        match advance(&self.spec, &self.scenario, &mut self.points) {
            Step::Need(value) => self.need = Some(value),
            Step::Done(result) => (self.need, self.result) = (None, Some(Rc::new(result))),
        }
    }

    /// The runs of the value being tried are in (or a worker's reason it could not run them).
    fn measured(&mut self, records: &[RunRecord], error: Option<String>, elapsed_ms: f64) {
        let Some(value) = self.need else { return };
        let point = match error {
            Some(message) => Point::invalid(value, message),
            None => Point::measured(value, count_met(&self.spec.event, records)),
        };
        self.points.insert(point);
        self.elapsed_ms += elapsed_ms;
        self.advance();
    }
}

/// A finished comparison, with the scenarios it was made of and their runs.
#[derive(Clone, Debug)]
pub struct CompareResult {
    pub comparison: Rc<Comparison>,
    pub docs: Vec<Rc<Value>>,
    pub elapsed_ms: f64,
    /// The scenarios' plans and records (per scenario, in run order), for what drives a difference.
    pub plans: Vec<Rc<Plan>>,
    pub records: Rc<Vec<Vec<RunRecord>>>,
}

// These are snapshots, never changed in place: comparing them by identity
// spares every render a deep comparison of plans, documents and runs (and the
// wasm the code for one).
impl PartialEq for Valid {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && Rc::ptr_eq(&self.plan, &other.plan) && Rc::ptr_eq(&self.doc, &other.doc)
    }
}

impl PartialEq for BatchRun {
    fn eq(&self, other: &Self) -> bool {
        (self.job, self.done, self.total) == (other.job, other.done, other.total)
    }
}

impl PartialEq for OptimizeResult {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.optimization, &other.optimization) && Rc::ptr_eq(&self.doc, &other.doc)
    }
}

impl PartialEq for CompareResult {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.comparison, &other.comparison)
    }
}

/// A message for the user about a load.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// What a load replaced: Undo brings it back, so loading never loses work.
    pub replaced: Option<Rc<Replaced>>,
}

/// The scenarios (and the case study on show) as they were before a load.
#[derive(Clone, Debug, PartialEq)]
pub struct Replaced {
    pub set: Vec<Rc<Value>>,
    pub current: usize,
    pub story: Option<Rc<CaseStory>>,
    pub library: Library,
}

/// A case study opened from the presets: its number, and its title and story in every language it has.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseStory {
    pub case: u64,
    /// `{ "en": "...", "pt-BR": "...", ... }`.
    pub title: Value,
    /// `{ "en": { "did", "shows", "assumptions" }, ... }`.
    pub story: Value,
    /// Each scenario's role (`{ "en": "Before: ..." }`), in tab order.
    pub labels: Vec<Value>,
}

pub enum Action {
    Edit(Edit),
    /// Replace the whole scenario with a preset or a file; `source` names it for the notice.
    Load {
        doc: Value,
        source: String,
    },
    /// Replace the set of scenarios with a case study's (baseline first), and show its story.
    OpenCase {
        docs: Vec<Value>,
        story: CaseStory,
        title: String,
    },
    /// Hide the case study's story.
    CloseStory,
    /// Put back the scenario the last load replaced.
    UndoLoad,
    /// A load that failed, with the reason.
    LoadFailed(String),
    DismissNotice,
    SetRuns(u64),
    SetSeed(u64),
    /// Speak another language (its texts loaded).
    SetWords(Words),
    Progress(Progress),
    /// Copy the scenario being edited into a new variant, and edit that.
    Duplicate,
    /// Edit another scenario of the set.
    Switch(usize),
    /// Drop a scenario from the set (never the last one).
    Remove(usize),
    ShowTool(Tool),
    SetDriversKpi(Kpi),
    /// A batch job the page has just started.
    BatchStarted(BatchRun),
    Batch(BatchProgress),
    CancelBatch,
    SetOptimizeSetup(Setup),
    SetGoalSetup(GoalSetup),
    SetSwingSetup(SwingSetup),
    /// Start a goal seek of the form on the scenario being edited.
    SeekGoal,
    /// The scenario with a decision tool's answer applied (undoable, like a load); `what` says what changed.
    Apply {
        doc: Value,
        what: String,
    },
    /// Bring back the scenarios as they were before the last change (Ctrl+Z).
    Undo,
    /// Redo the last change undone (Ctrl+Shift+Z).
    Redo,
    /// Saving in the browser failed (storage full, or off in private mode), with the browser's reason.
    StorageFailed(String),
    /// A save succeeded after one had failed.
    StorageOk,
    /// Open a shared link's scenario as a new tab, with its seed, runs and view.
    OpenShared(Shared),
    /// Show a share link just made (`None` hides it).
    ShowLink(Option<String>),
    /// A change to the library, or a scenario opened from it (undoable).
    Library(LibraryAction),
    /// An embedded view's slider moved: the decision set to the value.
    SetControl(Decision, f64),
}

/// Why a document is not a scenario livesim can read (not opened, so the work stays), if it is not.
/// A scenario that reads but breaks the model's rules does open: its problems are
/// shown at their fields, to be fixed there (refusing it would lock out one's own saved work in progress).
pub fn unreadable(doc: &Value) -> Option<ScenarioError> {
    from_value(doc).err().and_then(|errors| errors.0.into_iter().next())
}

/// The notice for a file that was not opened: what it is, where, and that nothing changed.
fn refusal(source: &str, problem: &ScenarioError, words: &Words) -> String {
    use crate::engine::validate::Problem;
    if let Problem::UnsupportedSchema(schema) = &problem.problem {
        let newer = schema.strip_prefix("livesim/").and_then(|v| v.parse::<u32>().ok()).is_some_and(|v| v > 1);
        if newer {
            return words.fill(StateText::newer_schema, &[("source", source), ("schema", schema)]);
        }
    }
    let at = if problem.path.is_empty() { String::new() } else { format!("{}: ", problem.path) };
    words.fill(
        StateText::not_a_scenario,
        &[("source", source), ("problem", &format!("{at}{}", problem_text(&problem.problem, words)))],
    )
}

impl State {
    pub fn new(doc: Value) -> Self {
        let mut state = State {
            doc: Rc::new(Value::Null),
            errors: Rc::new(Vec::new()),
            scenario: None,
            valid: None,
            runs: DEFAULT_RUNS,
            seed: 1,
            words: Words::english(),
            results: None,
            results_revision: 0,
            notice: None,
            story: None,
            set: vec![Rc::new(Value::Null)],
            current: 0,
            tool: Tool::Compare,
            drivers_kpi: Kpi::Contribution,
            batch: None,
            comparison: None,
            optimize_setup: Setup::default(),
            optimization: None,
            goal_setup: GoalSetup::default(),
            goal: None,
            swing_setup: SwingSetup::default(),
            swings: None,
            history: History::default(),
            storage_problem: None,
            share_link: None,
            library: Rc::new(Vec::new()),
        };
        state.set_doc(doc);
        state
    }

    /// The message for the field at `path`, if the engine has one.
    pub fn error_at(&self, path: &str) -> Option<String> {
        self.errors.iter().find(|e| e.path == path).map(|e| problem_text(&e.problem, &self.words))
    }

    /// Whether the results shown are for an older scenario than the one on screen.
    pub fn results_stale(&self) -> bool {
        !self.errors.is_empty() || self.valid.as_ref().is_some_and(|v| v.revision != self.results_revision)
    }

    fn set_doc(&mut self, doc: Value) {
        // Read once here; the decision tools take their menu from the same reading.
        let read = from_value(&doc).map(|s| Snap(Rc::new(s)));
        let checked = match &read {
            Ok(scenario) => check(scenario),
            Err(errors) => Err(errors.clone()),
        };
        self.scenario = read.ok();
        match checked {
            Ok(plan) => {
                self.errors = Rc::new(Vec::new());
                let revision = self.valid.as_ref().map_or(1, |v| v.revision + 1);
                self.doc = Rc::new(doc);
                self.valid = Some(Valid { plan: Rc::new(plan), doc: self.doc.clone(), revision });
            }
            Err(errors) => {
                self.errors = Rc::new(errors.0);
                self.doc = Rc::new(doc);
            }
        }
        self.set[self.current] = self.doc.clone();
    }

    /// The state of an embedded view: the link's scenario, seed and runs, and nothing of the browser's storage.
    pub fn embedded(shared: &Shared) -> Self {
        let mut state = State::new(shared.scenario.clone());
        state.seed = shared.seed;
        state.runs = shared.runs.clamp(1, MAX_RUNS);
        state
    }

    /// A state for a saved set of scenarios (the one being edited is `current`).
    pub fn with_set(set: Vec<Value>, current: usize) -> Self {
        let mut set: Vec<Rc<Value>> = set.into_iter().take(MAX_VARIANTS + 1).map(Rc::new).collect();
        if set.is_empty() {
            return State::default();
        }
        let current = current.min(set.len() - 1);
        let doc = (*set[current]).clone();
        let mut state = State::new(Value::Null);
        state.set = std::mem::take(&mut set);
        state.current = current;
        state.valid = None;
        state.set_doc(doc);
        state
    }

    /// What each scenario of the set is called: its `name`, or its letter.
    pub fn names(&self) -> Vec<String> {
        self.set
            .iter()
            .enumerate()
            .map(|(i, doc)| match doc.get("name").and_then(Value::as_str) {
                Some(name) if !name.trim().is_empty() => name.to_owned(),
                _ => self.words.fill(StateText::unnamed, &[("letter", &letter(i).to_string())]),
            })
            .collect()
    }

    /// Every scenario of the set checked into a plan, or the first one's problem, named.
    pub fn plans(&self) -> Result<Vec<Rc<Plan>>, String> {
        let names = self.names();
        self.set
            .iter()
            .enumerate()
            .map(|(i, doc)| match from_value(doc).and_then(|s| check(&s)) {
                Ok(plan) => Ok(Rc::new(plan)),
                Err(errors) => Err(self.words.fill(
                    StateText::tab_has_problems,
                    &[
                        ("letter", &letter(i).to_string()),
                        ("name", &names[i]),
                        ("count", &errors.0.len().to_string()),
                        ("example", &errors.0.first().map(|e| e.to_string()).unwrap_or_default()),
                    ],
                )),
            })
            .collect()
    }

    /// Whether a finished comparison is of other scenarios than the set on screen.
    pub fn comparison_stale(&self) -> bool {
        self.comparison.as_ref().is_some_and(|c| c.docs != self.set)
    }

    /// Whether a finished optimisation is of another scenario than the one on screen.
    pub fn optimization_stale(&self) -> bool {
        self.optimization.as_ref().is_some_and(|o| o.doc != self.doc)
    }

    /// Whether finished decision swings are of another scenario than the one on screen.
    pub fn swings_stale(&self) -> bool {
        self.swings.as_ref().is_some_and(|w| w.doc != self.doc)
    }

    /// Whether the goal seek is of another scenario than the one on screen.
    pub fn goal_stale(&self) -> bool {
        self.goal.as_ref().is_some_and(|g| g.doc != self.doc)
    }

    /// A goal seek of the form, or why there cannot be one.
    fn seek(&self) -> Result<GoalRun, String> {
        let plan =
            &self.valid.as_ref().filter(|_| self.errors.is_empty()).ok_or("fix the scenario's problems first")?.plan;
        let scenario = from_value(&self.doc).map_err(|e| e.to_string())?;
        let spec = self.goal_setup.spec(&scenario, plan, self.seed, self.runs, &self.words)?;
        Ok(GoalRun::new(spec, scenario, self.doc.clone()))
    }

    /// Stops a goal seek under way (its batch is gone); the values tried stay on show.
    fn stop_goal(&mut self) {
        if let Some(goal) = self.goal.as_mut().filter(|g| g.need.is_some()) {
            Rc::make_mut(goal).need = None;
        }
    }

    /// The scenarios as they are, for Undo to bring back.
    fn replaced(&self) -> Rc<Replaced> {
        Rc::new(Replaced {
            set: self.set.clone(),
            current: self.current,
            story: self.story.clone(),
            library: self.library.clone(),
        })
    }

    /// Puts back a set of scenarios (and story), with `current` open.
    fn restore(&mut self, r: &Replaced) {
        self.set = r.set.clone();
        self.current = r.current.min(self.set.len().saturating_sub(1));
        self.story = r.story.clone();
        self.library = r.library.clone();
        let doc = (*self.set[self.current]).clone();
        self.set_doc(doc);
    }

    /// Applies a library change; opening an entry replaces the open tab, like a load (Undo brings it back).
    fn change_library(&mut self, change: LibraryAction) {
        let before = self.replaced();
        let mut library = (*self.library).clone();
        let position = |id: u64| library.iter().position(|e| e.id == id);
        let mut notice = None;
        match change {
            LibraryAction::Keep { now_ms } => {
                let name = library::scenario_name(&self.doc)
                    .map(str::to_owned)
                    .unwrap_or_else(|| self.names()[self.current].clone());
                let id = library::next_id(&library);
                library.push(Entry { id, name: name.clone(), scenario: self.doc.clone(), saved_ms: now_ms });
                notice = Some((self.words.fill(StateText::kept, &[("name", &name)]), None));
            }
            LibraryAction::New { name, now_ms } => {
                let mut doc: Value = serde_json::from_str(DEFAULT_SCENARIO).unwrap_or(Value::Null);
                doc["name"] = Value::String(name.clone());
                let id = library::next_id(&library);
                library.push(Entry { id, name: name.clone(), scenario: Rc::new(doc.clone()), saved_ms: now_ms });
                self.set_doc(doc);
                notice = Some((self.words.fill(StateText::created, &[("name", &name)]), Some(before.clone())));
            }
            LibraryAction::Open(id) => {
                if let Some(entry) = position(id).map(|i| library[i].clone()) {
                    self.set_doc((*entry.scenario).clone());
                    notice = Some((
                        self.words.fill(StateText::opened_entry, &[("name", &entry.name)]),
                        Some(before.clone()),
                    ));
                }
            }
            LibraryAction::Duplicate { id, name, now_ms } => {
                if let Some(i) = position(id) {
                    let mut doc = (*library[i].scenario).clone();
                    if doc.get("name").is_some() {
                        doc["name"] = Value::String(name.clone());
                    }
                    let id = library::next_id(&library);
                    library.insert(i + 1, Entry { id, name, scenario: Rc::new(doc), saved_ms: now_ms });
                }
            }
            LibraryAction::Rename { id, name, now_ms } => {
                let name = name.trim().to_owned();
                if let Some(entry) = position(id).map(|i| &mut library[i]).filter(|_| !name.is_empty()) {
                    let mut doc = (*entry.scenario).clone();
                    if doc.get("name").is_some() {
                        doc["name"] = Value::String(name.clone());
                    }
                    *entry = Entry { id, name, scenario: Rc::new(doc), saved_ms: now_ms };
                }
            }
            LibraryAction::Delete(id) => {
                if let Some(i) = position(id) {
                    let gone = library.remove(i);
                    notice = Some((self.words.fill(StateText::deleted, &[("name", &gone.name)]), Some(before.clone())));
                }
            }
        }
        self.library = Rc::new(library);
        self.notice = notice.map(|(text, replaced)| Notice { text, is_error: false, replaced });
    }

    /// A shared scenario opens beside the user's own (a new tab), never in place of them.
    fn open_shared(&mut self, shared: Shared) {
        let name = shared.scenario.get("name").and_then(Value::as_str).unwrap_or("").to_owned();
        if self.set.len() > MAX_VARIANTS {
            let text = self
                .words
                .fill(StateText::no_room_for_link, &[("name", &name), ("max", &(MAX_VARIANTS + 1).to_string())]);
            self.notice = Some(Notice { text, is_error: true, replaced: None });
            return;
        }
        self.set.push(Rc::new(shared.scenario));
        let index = self.set.len() - 1;
        let doc = (*self.set[index]).clone();
        self.current = index;
        self.set_doc(doc);
        self.seed = shared.seed;
        self.runs = shared.runs.clamp(1, MAX_RUNS);
        if let Some(tool) = shared.view.as_deref().and_then(Tool::from_name) {
            self.tool = tool;
        }
        let text = self.words.fill(StateText::opened_link, &[("name", &name), ("letter", &letter(index).to_string())]);
        self.notice = Some(Notice { text, is_error: false, replaced: None });
    }

    fn switch(&mut self, index: usize) {
        if index < self.set.len() && index != self.current {
            let doc = (*self.set[index]).clone();
            self.current = index;
            self.set_doc(doc);
        }
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
        // A file that does not read is refused before anything changes (and there is nothing to undo).
        if let Action::Load { doc, source } = &action {
            if let Some(problem) = unreadable(doc) {
                next.notice =
                    Some(Notice { text: refusal(source, &problem, &self.words), is_error: true, replaced: None });
                return Rc::new(next);
            }
        }
        match &action {
            Action::Edit(edit) => {
                let field = edit.field().map(|path| format!("{}:{path}", self.current));
                next.history.record(self.replaced(), field)
            }
            Action::Load { .. }
            | Action::OpenCase { .. }
            | Action::UndoLoad
            | Action::Duplicate
            | Action::Remove(_)
            | Action::Apply { .. } => next.history.record(self.replaced(), None),
            Action::OpenShared(_) if self.set.len() <= MAX_VARIANTS => next.history.record(self.replaced(), None),
            Action::Library(_) => next.history.record(self.replaced(), None),
            _ => {}
        }
        match action {
            Action::Edit(edit) => {
                let mut doc = (*self.doc).clone();
                edit.apply(&mut doc);
                next.set_doc(doc);
            }
            Action::Undo => {
                if let Some(step) = next.history.undo.pop() {
                    next.history.redo.push(UndoStep { before: self.replaced(), field: None });
                    next.history.sealed = true;
                    next.restore(&step.before);
                    next.notice = None;
                }
            }
            Action::Redo => {
                if let Some(step) = next.history.redo.pop() {
                    next.history.undo.push(UndoStep { before: self.replaced(), field: None });
                    next.history.sealed = true;
                    next.restore(&step.before);
                    next.notice = None;
                }
            }
            Action::StorageFailed(why) => next.storage_problem = Some(why),
            Action::StorageOk => next.storage_problem = None,
            Action::ShowLink(link) => next.share_link = link,
            Action::Library(change) => next.change_library(change),
            Action::SetControl(decision, value) => {
                match crate::app::optimise::apply_to_doc(&self.doc, &[decision], &[value], &self.words) {
                    Ok(doc) => next.set_doc(doc),
                    Err(why) => next.notice = Some(Notice { text: why, is_error: true, replaced: None }),
                }
            }
            Action::OpenShared(shared) => next.open_shared(shared),
            Action::Load { doc, source } => {
                next.notice = Some(Notice {
                    text: self.words.fill(StateText::loaded, &[("source", &source)]),
                    is_error: false,
                    replaced: Some(self.replaced()),
                });
                next.set_doc(doc);
            }
            Action::OpenCase { docs, story, title } if !docs.is_empty() => {
                next.notice = Some(Notice {
                    text: self.words.fill(StateText::opened_case, &[("title", &title)]),
                    is_error: false,
                    replaced: Some(self.replaced()),
                });
                next.restore(&Replaced {
                    set: docs.into_iter().take(MAX_VARIANTS + 1).map(Rc::new).collect(),
                    current: 0,
                    story: Some(Rc::new(story)),
                    library: self.library.clone(),
                });
                next.tool = Tool::Compare;
            }
            Action::OpenCase { .. } => {}
            Action::CloseStory => next.story = None,
            Action::UndoLoad => {
                if let Some(replaced) = self.notice.as_ref().and_then(|n| n.replaced.clone()) {
                    next.restore(&replaced);
                    next.notice = None;
                }
            }
            Action::LoadFailed(text) => next.notice = Some(Notice { text, is_error: true, replaced: None }),
            Action::DismissNotice => next.notice = None,
            Action::SetRuns(runs) => next.runs = runs.clamp(1, MAX_RUNS),
            Action::SetSeed(seed) => next.seed = seed,
            Action::SetWords(words) => next.words = words,
            Action::Progress(p) => {
                next.results_revision = p.tag;
                next.results = Some(p);
            }
            Action::Duplicate => {
                if self.set.len() <= MAX_VARIANTS {
                    let mut copy = (*self.doc).clone();
                    let letter = letter(self.set.len());
                    if let Some(Value::String(name)) = copy.get_mut("name") {
                        // A copy of a copy is "Live (C)", not "Live (B) (C)".
                        let stem = match name.strip_suffix(')').and_then(|n| n.rsplit_once(" (")) {
                            Some((stem, l)) if l.len() == 1 && l.chars().all(|c| c.is_ascii_uppercase()) => stem,
                            _ => name.as_str(),
                        };
                        *name = format!("{stem} ({letter})");
                    }
                    next.set.push(Rc::new(copy));
                    next.switch(self.set.len());
                }
            }
            Action::Switch(index) => next.switch(index),
            Action::Remove(index) => {
                if self.set.len() > 1 && index < self.set.len() {
                    next.set.remove(index);
                    let current = match self.current {
                        c if c > index => c - 1,
                        c if c == index => index.min(next.set.len() - 1),
                        c => c,
                    };
                    next.current = current;
                    let doc = (*next.set[current]).clone();
                    next.set_doc(doc);
                }
            }
            Action::ShowTool(tool) => next.tool = tool,
            Action::SetDriversKpi(kpi) => {
                next.drivers_kpi = kpi;
                if let Some(w) = next.swings.as_mut() {
                    w.swings = Rc::new(finish_swings(&w.prepared, &w.records, kpi));
                }
            }
            Action::SetSwingSetup(setup) => next.swing_setup = setup,
            Action::BatchStarted(run) => {
                if !matches!(run.work, Work::GoalSeek) {
                    next.stop_goal();
                }
                next.batch = Some(run);
            }
            Action::Batch(p) => {
                let Some(run) = next.batch.as_mut().filter(|run| run.job == p.job) else { return self };
                run.done = p.done;
                run.total = p.total;
                if let Some(error) = &p.error {
                    next.notice = Some(Notice {
                        text: self.words.fill(StateText::worker_failed, &[("error", error)]),
                        is_error: true,
                        replaced: None,
                    });
                }
                if let Some(records) = p.records {
                    let run = next.batch.take().expect("matched above");
                    let plans: Vec<&Plan> = run.plans.iter().map(|p| &**p).collect();
                    match &run.work {
                        Work::Optimize(prepared) => {
                            next.optimization = Some(OptimizeResult {
                                optimization: Rc::new(finish(prepared, &records, run.seed, run.runs as usize)),
                                doc: run.docs.first().cloned().unwrap_or_default(),
                                elapsed_ms: p.elapsed_ms,
                            });
                        }
                        Work::Swings(prepared) => {
                            let prepared = prepared.clone();
                            next.swings = Some(SwingResult {
                                swings: Rc::new(finish_swings(&prepared, &records, next.drivers_kpi)),
                                prepared,
                                records,
                                doc: run.docs.first().cloned().unwrap_or_default(),
                                runs: run.runs,
                                elapsed_ms: p.elapsed_ms,
                            });
                        }
                        Work::GoalSeek => {
                            if let Some(goal) = next.goal.as_mut() {
                                let records = records.first().map_or(&[][..], Vec::as_slice);
                                Rc::make_mut(goal).measured(records, p.error, p.elapsed_ms);
                            }
                        }
                        Work::Compare => {
                            if let Ok(comparison) = compare_records(&plans, run.seed, &records) {
                                next.comparison = Some(CompareResult {
                                    comparison: Rc::new(comparison),
                                    docs: run.docs,
                                    elapsed_ms: p.elapsed_ms,
                                    plans: run.plans.clone(),
                                    records,
                                });
                            }
                        }
                    }
                }
            }
            Action::CancelBatch => {
                next.batch = None;
                next.stop_goal();
            }
            Action::SetOptimizeSetup(setup) => next.optimize_setup = setup,
            Action::SetGoalSetup(setup) => next.goal_setup = setup,
            Action::SeekGoal => match self.seek() {
                Ok(run) => next.goal = Some(Rc::new(run)),
                Err(message) => {
                    next.notice = Some(Notice {
                        text: self.words.fill(StateText::cannot_seek, &[("why", &message)]),
                        is_error: true,
                        replaced: None,
                    })
                }
            },
            Action::Apply { doc, what } => {
                next.notice = Some(Notice {
                    text: self.words.fill(StateText::applied, &[("what", &what)]),
                    is_error: false,
                    replaced: Some(self.replaced()),
                });
                next.set_doc(doc);
            }
        }
        Rc::new(next)
    }
}

/// The letter a scenario of the set goes by: A for the baseline, then B, C, D.
pub fn letter(index: usize) -> char {
    (b'A' + (index.min(25) as u8)) as char
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::app::doc::Path;
    use crate::app::optimise::VarSetup;
    use crate::app::protocol::RunChunk;
    use crate::app::worker::run_chunk;
    use crate::engine::goal_seek;
    use crate::engine::goalseek::Status;
    use crate::engine::optimize::Event;

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

    /// The default scenario with one value out of the model's range.
    fn with_bad_duration() -> Value {
        let mut doc: Value = serde_json::from_str(DEFAULT_SCENARIO).unwrap();
        doc["duration_min"] = json!(0);
        doc
    }

    #[test]
    fn a_load_can_be_undone_so_no_work_is_lost() {
        let edited = reduce(State::default(), set("name", json!("My own live")));
        let mine = edited.doc.clone();
        let loaded = reduce(edited, Action::Load { doc: with_bad_duration(), source: "x.json".into() });
        assert!(!loaded.errors.is_empty(), "a scenario with a bad value loads, with its problems listed");
        assert_eq!(loaded.notice.as_ref().map(|n| n.text.as_str()), Some("Loaded x.json."));
        let undone = reduce(loaded, Action::UndoLoad);
        assert_eq!(undone.doc, mine);
        assert!(undone.errors.is_empty());
        assert_eq!(undone.notice, None);
    }

    #[test]
    fn a_file_that_is_not_a_readable_scenario_is_refused_and_the_work_stays() {
        let edited = reduce(State::default(), set("name", json!("My own live")));
        let cases = [
            (json!({ "schema": "livesim/2", "name": "future" }), "written for a newer livesim (livesim/2)"),
            (json!({ "schema": "livesim-summary/1" }), "schema: unsupported schema \"livesim-summary/1\""),
            (json!([1, 2]), "a scenario must be a JSON object"),
        ];
        for (doc, says) in cases {
            let refused = reduce(edited.clone(), Action::Load { doc, source: "f.json".into() });
            let notice = refused.notice.as_ref().expect("a notice");
            assert!(notice.is_error && notice.replaced.is_none());
            assert!(notice.text.starts_with("f.json was not opened, your work is unchanged"), "{}", notice.text);
            assert!(notice.text.contains(says), "{}", notice.text);
            assert_eq!((&refused.set, &refused.doc, &refused.valid), (&edited.set, &edited.doc, &edited.valid));
            assert_eq!(refused.history, edited.history, "nothing to undo: nothing changed");
        }
        let mut wrong_type: Value = serde_json::from_str(DEFAULT_SCENARIO).unwrap();
        wrong_type["catalog"][1]["price"] = json!("cheap");
        let refused = reduce(edited.clone(), Action::Load { doc: wrong_type, source: "g.json".into() });
        let text = &refused.notice.as_ref().unwrap().text;
        assert!(text.contains("catalog[1].price"), "the place is named: {text}");
        assert_eq!(refused.doc, edited.doc);
    }

    #[test]
    fn typing_into_one_field_is_one_step_of_undo_and_redo_brings_it_back() {
        let start = State::default();
        let mut state = start.clone();
        for name in ["B", "Bl", "Bla"] {
            state = reduce(state, set("name", json!(name)));
        }
        state = reduce(state, set("duration_min", json!(90)));
        state = reduce(state, set("duration_min", json!(95)));
        let typed = state.doc.clone();

        let once = reduce(state, Action::Undo);
        assert_eq!(once.doc["duration_min"], start.doc["duration_min"]);
        assert_eq!(once.doc["name"], json!("Bla"));
        let twice = reduce(once, Action::Undo);
        assert_eq!(twice.doc, start.doc);
        assert!(!twice.history.can_undo());
        let nothing = reduce(twice.clone(), Action::Undo);
        assert_eq!(nothing.doc, start.doc);

        let redone = reduce(reduce(twice, Action::Redo), Action::Redo);
        assert_eq!(redone.doc, typed);
        assert!(!redone.history.can_redo());
        assert!(redone.errors.is_empty() && redone.valid.as_ref().is_some_and(|v| v.doc == redone.doc));
    }

    #[test]
    fn a_new_edit_after_undo_is_its_own_step_and_clears_redo() {
        let start = State::default();
        let typed = reduce(reduce(start.clone(), set("name", json!("One"))), set("name", json!("Two")));
        let undone = reduce(typed, Action::Undo);
        assert_eq!(undone.doc, start.doc);
        let retyped = reduce(undone, set("name", json!("Three")));
        assert!(!retyped.history.can_redo());
        let back = reduce(retyped, Action::Undo);
        assert_eq!(back.doc, start.doc);
    }

    #[test]
    fn undo_takes_back_a_variant_a_removal_and_a_load() {
        let start = State::default();
        let two = reduce(start.clone(), Action::Duplicate);
        assert_eq!(two.set.len(), 2);
        let one = reduce(two.clone(), Action::Remove(0));
        assert_eq!(reduce(one, Action::Undo).set, two.set);
        assert_eq!(reduce(two.clone(), Action::Undo).set, start.set);
        let loaded = reduce(two.clone(), Action::Load { doc: with_bad_duration(), source: "x.json".into() });
        let undone = reduce(loaded, Action::Undo);
        assert_eq!((undone.set, undone.current), (two.set, two.current));
    }

    #[test]
    fn undo_reaches_back_a_bounded_number_of_steps() {
        let mut state = State::default();
        for i in 0..(UNDO_DEPTH + 20) {
            // A switch between fields makes each edit a step of its own.
            let path = if i % 2 == 0 { "name" } else { "currency" };
            state = reduce(state, set(path, json!(format!("v{i}"))));
        }
        assert_eq!(state.history.undo.len(), UNDO_DEPTH);
    }

    fn shared(name: &str) -> Shared {
        let mut scenario: Value = serde_json::from_str(DEFAULT_SCENARIO).unwrap();
        scenario["name"] = json!(name);
        Shared {
            v: 1,
            scenario,
            seed: 77,
            runs: 1234,
            lang: None,
            view: Some("drivers".into()),
            controls: vec![],
            goal: None,
        }
    }

    #[test]
    fn a_shared_scenario_opens_as_a_new_tab_and_the_users_own_stay() {
        let mine = reduce(State::default(), set("name", json!("My own live")));
        let opened = reduce(mine.clone(), Action::OpenShared(shared("Their live")));
        assert_eq!(opened.set.len(), 2);
        assert_eq!(opened.set[0], mine.set[0]);
        assert_eq!((opened.current, opened.doc["name"].clone()), (1, json!("Their live")));
        assert_eq!((opened.seed, opened.runs, opened.tool), (77, 1234, Tool::Drivers));
        assert!(opened.valid.as_ref().is_some_and(|v| v.doc == opened.doc));
        assert!(opened.notice.as_ref().is_some_and(|n| !n.is_error && n.text.contains("Their live")));
        assert_eq!(reduce(opened, Action::Undo).set, mine.set, "and Undo takes it away");

        let mut full = mine.clone();
        while full.set.len() <= MAX_VARIANTS {
            full = reduce(full, Action::Duplicate);
        }
        let refused = reduce(full.clone(), Action::OpenShared(shared("Theirs")));
        assert_eq!(refused.set, full.set);
        assert!(refused.notice.as_ref().is_some_and(|n| n.is_error && n.text.contains("Remove one")));
    }

    fn lib(action: LibraryAction) -> Action {
        Action::Library(action)
    }

    #[test]
    fn the_library_keeps_opens_duplicates_renames_and_deletes_and_undo_brings_an_entry_back() {
        let mine = reduce(State::default(), set("name", json!("Black Friday")));
        let kept = reduce(mine.clone(), lib(LibraryAction::Keep { now_ms: 1.0 }));
        assert_eq!(kept.library.len(), 1);
        assert_eq!((kept.library[0].name.as_str(), &kept.library[0].scenario), ("Black Friday", &mine.doc));
        assert_eq!(kept.doc, mine.doc, "keeping changes nothing on show");

        let id = kept.library[0].id;
        let copied =
            reduce(kept, lib(LibraryAction::Duplicate { id, name: "Black Friday (copy)".into(), now_ms: 2.0 }));
        assert_eq!(copied.library.len(), 2);
        assert_eq!(copied.library[1].scenario["name"], json!("Black Friday (copy)"));
        let copy_id = copied.library[1].id;
        assert_ne!(copy_id, id);

        let renamed =
            reduce(copied, lib(LibraryAction::Rename { id: copy_id, name: "  Cyber Monday ".into(), now_ms: 3.0 }));
        assert_eq!((renamed.library[1].name.as_str(), renamed.library[1].saved_ms), ("Cyber Monday", 3.0));
        assert_eq!(renamed.library[1].scenario["name"], json!("Cyber Monday"));
        let blank = reduce(renamed.clone(), lib(LibraryAction::Rename { id: copy_id, name: " ".into(), now_ms: 4.0 }));
        assert_eq!(blank.library, renamed.library, "a blank name is not a name");

        let edited = reduce(renamed, set("name", json!("Scratch")));
        let opened = reduce(edited.clone(), lib(LibraryAction::Open(copy_id)));
        assert_eq!(opened.doc["name"], json!("Cyber Monday"));
        assert_eq!(reduce(opened.clone(), Action::UndoLoad).doc, edited.doc, "opening is undoable like a load");

        let deleted = reduce(opened.clone(), lib(LibraryAction::Delete(id)));
        assert_eq!(deleted.library.len(), 1);
        assert!(
            deleted.notice.as_ref().is_some_and(|n| n.text.contains("Deleted “Black Friday”") && n.replaced.is_some())
        );
        assert_eq!(reduce(deleted.clone(), Action::UndoLoad).library, opened.library);
        assert_eq!(reduce(deleted, Action::Undo).library, opened.library);

        let fresh = reduce(State::default(), lib(LibraryAction::New { name: "New scenario".into(), now_ms: 5.0 }));
        assert_eq!(
            (fresh.doc["name"].clone(), fresh.library[0].name.as_str()),
            (json!("New scenario"), "New scenario")
        );
        assert!(fresh.errors.is_empty());
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
    fn a_variant_is_a_copy_edited_on_its_own_and_the_baseline_keeps_its_values() {
        let base = State::default();
        let state = reduce(base.clone(), Action::Duplicate);
        assert_eq!((state.set.len(), state.current), (2, 1));
        assert_eq!(state.names()[1], "Autumn skincare live (B)");
        let state = reduce(state, set("offers[0].pct", json!(0.25)));
        assert_eq!(state.set[1].pointer("/offers/0/pct"), Some(&json!(0.25)));
        assert_eq!(state.set[0], base.doc, "the baseline did not move");
        // Back to the baseline: its own values and plan, not the variant's.
        let state = reduce(state, Action::Switch(0));
        assert_eq!(state.doc, base.doc);
        let pct = |s: &State| match s.valid.as_ref().map(|v| &v.plan.offers[0]) {
            Some(crate::engine::plan::OfferPlan::Discount { pct, .. }) => *pct,
            other => panic!("the example's first offer is a discount, got {other:?}"),
        };
        assert_eq!(pct(&state), 0.15);
        assert_eq!(pct(&reduce(state, Action::Switch(1))), 0.25);
    }

    #[test]
    fn the_set_holds_a_baseline_and_at_most_three_variants_and_never_drops_the_last() {
        let mut state = State::default();
        for _ in 0..6 {
            state = reduce(state, Action::Duplicate);
        }
        assert_eq!(state.set.len(), MAX_VARIANTS + 1);
        assert_eq!(state.names()[3], "Autumn skincare live (D)");
        let state = reduce(state, Action::Switch(2));
        let removed_before = reduce(state.clone(), Action::Remove(0));
        assert_eq!((removed_before.set.len(), removed_before.current), (3, 1), "the open one stays open");
        assert_eq!(removed_before.doc, state.doc);
        let removed_open = reduce(state.clone(), Action::Remove(2));
        assert_eq!(removed_open.current, 2);
        assert_eq!(removed_open.doc, state.set[3], "the next one opens");
        let mut one = State::default();
        one = reduce(one, Action::Remove(0));
        assert_eq!(one.set.len(), 1);
    }

    #[test]
    fn plans_name_the_scenario_that_has_problems() {
        let state = reduce(State::default(), Action::Duplicate);
        assert_eq!(state.plans().map(|p| p.len()), Ok(2));
        let state = reduce(state, set("catalog[0].price", json!(-5)));
        let message = state.plans().expect_err("variant B is invalid");
        assert!(message.starts_with("B · Autumn skincare live (B) has 1 problem(s)"), "{message}");
        assert!(message.contains("catalog[0].price"), "{message}");
    }

    #[test]
    fn a_saved_set_comes_back_with_its_open_scenario() {
        let base = State::default();
        let variant = reduce(reduce(base.clone(), Action::Duplicate), set("name", json!("Later flash")));
        let saved: Vec<Value> = variant.set.iter().map(|d| (**d).clone()).collect();
        let restored = State::with_set(saved.clone(), 1);
        assert_eq!(
            (restored.current, restored.names()),
            (1, vec!["Autumn skincare live".to_owned(), "Later flash".to_owned()])
        );
        assert!(restored.valid.is_some() && restored.errors.is_empty());
        assert_eq!(State::with_set(saved, 9).current, 1, "an index past the end opens the last one");
        assert_eq!(State::with_set(Vec::new(), 0).set.len(), 1, "nothing saved: the default");
    }

    fn seek(decision: &str, from: f64, to: f64) -> State {
        let var =
            VarSetup { decision: decision.into(), from: from.to_string(), to: to.to_string(), step: String::new() };
        let setup = GoalSetup { var, threshold: "75000".into(), goal: "50".into(), ..GoalSetup::default() };
        let state = reduce(reduce(State::default(), Action::SetRuns(200)), Action::SetGoalSetup(setup));
        reduce(state, Action::SeekGoal)
    }

    fn started(state: State, job: u64, tool: Tool) -> State {
        let docs = vec![state.doc.clone()];
        let work = if tool == Tool::GoalSeek { Work::GoalSeek } else { Work::Compare };
        let run = BatchRun { job, work, plans: Vec::new(), docs, seed: 1, runs: 200, done: 0, total: 200 };
        reduce(state, Action::BatchStarted(run))
    }

    /// Runs each value the search needs as the page does (a batch of one scenario, on the worker's code).
    fn drive(mut state: State) -> (State, u64) {
        let mut job = 0;
        while let Some(g) = state.goal.clone().filter(|g| g.need.is_some()) {
            job += 1;
            state = started(state, job, Tool::GoalSeek);
            let decisions = vec![(g.spec.decision.to_string(), g.need.unwrap())];
            let chunk = RunChunk {
                job,
                scenario: g.doc.to_string(),
                parts: vec![0],
                decisions: vec![decisions],
                seed: 1,
                runs: 0..200,
                minutes_below: 0,
            };
            let records = Some(Rc::new(vec![run_chunk(chunk).records]));
            let p = BatchProgress { job, tag: 0, done: 200, total: 200, elapsed_ms: 1.0, records, error: None };
            state = reduce(state, Action::Batch(p));
        }
        (state, job)
    }

    fn engine(state: &State, decision: &str, bracket: (f64, f64)) -> GoalSeek {
        let s = from_value(&state.doc).unwrap();
        let event = Event::target(Kpi::Revenue, 75000.0);
        goal_seek(&s, &decision.parse().unwrap(), bracket, event, 0.5, None, 1, 0..200, 1).unwrap()
    }

    #[test]
    fn a_goal_seek_stepped_through_the_reducer_is_the_engines() {
        let state = seek("offer:0.percent", 0.0, 40.0);
        assert_eq!(state.goal.as_ref().and_then(|g| g.need), Some(0.0), "the bracket's low end first");
        let (state, batches) = drive(state);
        let goal = state.goal.as_ref().unwrap();
        let result = goal.result.as_ref().expect("done");
        let want = engine(&state, "offer:0.percent", (0.0, 40.0));
        assert_eq!((**result).clone(), want);
        assert_eq!((result.status, batches as usize), (Status::Found, want.points.len()));
        assert_eq!((goal.elapsed_ms, &state.batch), (batches as f64, &None));
        // A value the model refuses is settled without a batch: only the low end runs.
        let (state, batches) = drive(seek("offer:0.percent", 0.0, 150.0));
        let result = state.goal.as_ref().and_then(|g| g.result.clone()).unwrap();
        assert_eq!((result.status, batches), (Status::Invalid, 1));
        assert_eq!(*result, engine(&state, "offer:0.percent", (0.0, 150.0)));
    }

    #[test]
    fn a_goal_seek_stops_when_cancelled_or_when_another_batch_takes_the_workers() {
        for (action, tool) in [(Some(Action::CancelBatch), Tool::GoalSeek), (None, Tool::Compare)] {
            let mut state = started(seek("offer:0.percent", 0.0, 40.0), 1, tool);
            if let Some(action) = action {
                state = reduce(state, action);
            }
            let goal = state.goal.as_ref().unwrap();
            assert_eq!((goal.need, goal.result.is_none(), goal.points.len()), (None, true, 0), "{tool:?}");
        }
        let state = reduce(State::default(), Action::SeekGoal);
        assert_eq!(state.goal, None);
        let notice = state.notice.map(|n| (n.text, n.is_error));
        assert_eq!(notice, Some(("Cannot seek: choose a decision to seek.".to_owned(), true)));
    }

    #[test]
    fn runs_stay_within_their_limits() {
        assert_eq!(reduce(State::default(), Action::SetRuns(0)).runs, 1);
        assert_eq!(reduce(State::default(), Action::SetRuns(u64::MAX)).runs, MAX_RUNS);
    }
}

crate::texts! { StateText "state" {
    unnamed = "Scenario {letter}";
    tab_has_problems = "{letter} · {name} has {count} problem(s), e.g. {example}: fix it in its tab first";
    loaded = "Loaded {source}.";
    worker_failed = "A worker could not run a scenario: {error}";
    cannot_seek = "Cannot seek: {why}.";
    applied = "Applied {what}.";
    opened_case = "Opened the case study “{title}”.";
    newer_schema = "{source} was not opened, your work is unchanged: it was written for a newer livesim ({schema}); this page reads livesim/1.";
    not_a_scenario = "{source} was not opened, your work is unchanged: it is not a livesim/1 scenario ({problem}).";
    kept = "“{name}” is kept in the library.";
    created = "Created “{name}” in the library and opened it in this tab.";
    opened_entry = "Opened “{name}” from the library in this tab.";
    deleted = "Deleted “{name}” from the library.";
    opened_link = "Opened the shared scenario “{name}” as tab {letter}, with the sender's seed and runs; your own scenarios are unchanged.";
    no_room_for_link = "The shared scenario “{name}” was not opened: {max} tabs are open already. Remove one, then open the link again.";
} }
