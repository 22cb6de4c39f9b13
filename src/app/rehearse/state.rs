//! The rehearsal page's one `State` and `enum Move`: setup, the live being played from its action log, the debrief.
//!
//! The state holds no engine `Session`: each minute it replays `(plan, seed,
//! run, log)` up to the minute shown ([`engine::rehearsal::replay`]), so what
//! the trainee saw is exactly what the debrief and a challenge's replay see.

use std::rc::Rc;

use serde_json::Value;
use yew::Reducible;

use crate::app::i18n::Words;
use crate::app::runner::Progress;
use crate::engine::outputs::{Kpi, Minute, RunOutputs};
use crate::engine::plan::Plan;
use crate::engine::rehearsal::{Alert, ChatLine, Logged, Missed, biggest_missed, chat_lines, replay};
use crate::engine::session::{Action, ActionError, Session};

/// The audience of a rehearsal: run 0 of the seed (a challenge's class all face this one).
pub const RUN: u64 = 0;
/// Runs of the plan behind the p10-p90 bands and the debrief's percentiles.
pub const PLAN_RUNS: u64 = 1000;
/// Chat lines shown per minute at most (the rest of the model's count is summarised).
pub const CHAT_PER_MINUTE: usize = 6;
/// Chat lines kept on screen.
pub const CHAT_KEPT: usize = 40;
/// The page ticks this often (ms): the clock within a minute, counters and chat.
pub const TICK_MS: u32 = 100;

/// What a challenge asks: a KPI at least a target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Goal {
    pub kpi: Kpi,
    pub target: f64,
}

/// KPIs a goal can name.
pub const GOAL_KPIS: [Kpi; 4] = [Kpi::Revenue, Kpi::Contribution, Kpi::Orders, Kpi::Buyers];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Setup,
    Live,
    Over,
}

/// The trainee's settings for the actions they fire (the forms beside the buttons).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The item the discount, flash sale and stock counter act on.
    pub item: usize,
    pub discount_pct: f64,
    pub discount_minutes: u32,
    pub flash_price: f64,
    pub flash_qty: u64,
    pub flash_minutes: u32,
    pub flash_ahead: u32,
    pub stock_below: u64,
    pub signup_rate: f64,
}

impl Settings {
    /// Before a scenario is open.
    const NONE: Settings = Settings {
        item: 0,
        discount_pct: 0.15,
        discount_minutes: 5,
        flash_price: 0.0,
        flash_qty: 50,
        flash_minutes: 5,
        flash_ahead: 0,
        stock_below: 20,
        signup_rate: 0.05,
    };

    fn for_plan(plan: &Plan) -> Settings {
        Settings {
            flash_price: flash_default(plan.items.first().map_or(0.0, |i| i.price)),
            stock_below: if plan.show_below > 0 { plan.show_below } else { 20 },
            ..Settings::NONE
        }
    }
}

/// One field of [`Settings`], as the forms change it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Setting {
    Item(usize),
    DiscountPct(f64),
    DiscountMinutes(u32),
    FlashPrice(f64),
    FlashQty(u64),
    FlashMinutes(u32),
    FlashAhead(u32),
    StockBelow(u64),
    SignupRate(f64),
}

/// The live as it stands after the minutes shown: read by the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveView {
    pub minutes: Vec<Minute>,
    pub outputs: RunOutputs,
    /// Per item: units it can still sell, and the price viewers saw last minute.
    pub stock: Vec<u64>,
    pub prices: Vec<f64>,
    pub alerts: Vec<Alert>,
    /// Content kind and spotlight of the minute being played next.
    pub kind: usize,
    pub spotlight: Option<usize>,
    /// Whether the stock counter shows (and below how many units).
    pub show_below: u64,
}

/// A chat line with the minute it belongs to and its place in that minute (0..1), when it appears.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Said {
    pub minute: u32,
    pub at: f64,
    pub line: ChatLine,
}

/// What the debrief reads that costs replays: computed once when the live ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Debrief {
    pub outputs: RunOutputs,
    /// The same audience with the scenario's plan and no actions.
    pub plan_outputs: RunOutputs,
    pub missed: Option<Missed>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub words: Words,
    pub doc: Option<Rc<Value>>,
    pub plan: Option<Rc<Plan>>,
    /// Why there is nothing to rehearse, if so.
    pub problem: Option<Problem>,
    /// The challenge link made last, on show to copy.
    pub challenge_link: Option<String>,
    pub seed: u64,
    pub goal: Option<Goal>,
    /// Seconds of real time per minute of the live (1 to 10).
    pub speed: u32,
    pub phase: Phase,
    pub paused: bool,
    /// Minutes simulated and shown.
    pub shown: u32,
    /// Real time (ms) spent on the minute being played (counted in whole ticks, so no drift).
    pub elapsed_ms: u32,
    pub log: Rc<Vec<Logged>>,
    pub view: Option<Rc<LiveView>>,
    pub chat: Rc<Vec<Said>>,
    pub settings: Settings,
    /// The plan's Monte Carlo runs (bands, percentiles), as they come.
    pub plan_runs: Option<Progress>,
    pub debrief: Option<Rc<Debrief>>,
    /// Why the last action was refused, if it was.
    pub refused: Option<ActionError>,
}

impl Default for State {
    fn default() -> Self {
        State {
            words: Words::english(),
            doc: None,
            plan: None,
            problem: None,
            challenge_link: None,
            seed: 1,
            goal: None,
            speed: 3,
            phase: Phase::Setup,
            paused: false,
            shown: 0,
            elapsed_ms: 0,
            log: Rc::new(Vec::new()),
            view: None,
            chat: Rc::new(Vec::new()),
            settings: Settings::NONE,
            plan_runs: None,
            debrief: None,
            refused: None,
        }
    }
}

/// A button or keyboard shortcut of the live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    TogglePause,
    Faster,
    Slower,
    /// Spotlight the item at this index; `None` for no item.
    Spotlight(Option<usize>),
    /// Switch to the content kind of this name (`demo`, `talk`, `qa`, `offer`, `closing`, `intro`).
    Kind(&'static str),
    FollowRundown,
    Discount,
    Flash,
    StockCounter,
    LeadMagnet,
}

/// The shortcut of a key pressed outside a form field.
pub fn shortcut(key: &str) -> Option<Command> {
    Some(match key {
        " " | "p" | "P" => Command::TogglePause,
        "+" | "=" => Command::Faster,
        "-" | "_" => Command::Slower,
        "0" => Command::Spotlight(None),
        "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" => {
            Command::Spotlight(Some(usize::from(key.as_bytes()[0] - b'1')))
        }
        "d" | "D" => Command::Kind("demo"),
        "t" | "T" => Command::Kind("talk"),
        "q" | "Q" => Command::Kind("qa"),
        "o" | "O" => Command::Kind("offer"),
        "c" | "C" => Command::Kind("closing"),
        "i" | "I" => Command::Kind("intro"),
        "r" | "R" => Command::FollowRundown,
        "x" | "X" => Command::Discount,
        "f" | "F" => Command::Flash,
        "s" | "S" => Command::StockCounter,
        "l" | "L" => Command::LeadMagnet,
        _ => return None,
    })
}

/// Why the page has nothing to rehearse.
pub use crate::app::link::OpenProblem as Problem;

/// What can happen to the page.
#[derive(Debug)]
pub enum Move {
    Words(Words),
    /// A scenario to rehearse, with the seed and goal it came with.
    Open {
        doc: Value,
        plan: Rc<Plan>,
        seed: u64,
        goal: Option<Goal>,
    },
    Problem(Problem),
    ChallengeLink(String),
    SetSeed(u64),
    SetGoal(Option<Goal>),
    SetSpeed(u32),
    Set(Setting),
    Start,
    /// `TICK_MS` of real time went by.
    Tick,
    Pause,
    Resume,
    /// The trainee's action, from the next minute.
    Act(Action),
    /// A button or shortcut, read with the current settings.
    Command(Command),
    /// Play the rest of the live with no more actions, now.
    FinishNow,
    /// Back to the setup, same scenario, seed and goal.
    Again,
    PlanRuns(Progress),
}

impl Reducible for State {
    type Action = Move;

    fn reduce(self: Rc<Self>, action: Move) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Move::Words(words) => s.words = words,
            Move::Open { doc, plan, seed, goal } => {
                s.settings = Settings::for_plan(&plan);
                s.doc = Some(Rc::new(doc));
                s.plan = Some(plan);
                s.seed = seed;
                s.goal = goal;
                s.problem = None;
                s.reset();
            }
            Move::Problem(why) => s.problem = Some(why),
            Move::ChallengeLink(url) => s.challenge_link = Some(url),
            // The same seed again keeps the plan's runs (nothing would start them again).
            Move::SetSeed(seed) if s.phase == Phase::Setup && seed != s.seed => {
                s.seed = seed;
                s.plan_runs = None;
            }
            Move::SetGoal(goal) if s.phase == Phase::Setup => s.goal = goal,
            Move::SetSpeed(speed) => s.speed = speed.clamp(1, 10),
            Move::Set(setting) => s.settings.set(setting, s.plan.as_deref()),
            Move::Start if s.plan.is_some() && s.phase == Phase::Setup => {
                s.phase = Phase::Live;
                s.paused = false;
                s.refresh();
            }
            Move::Tick if s.phase == Phase::Live && !s.paused => {
                s.elapsed_ms += TICK_MS;
                if s.elapsed_ms >= s.speed * 1000 {
                    s.elapsed_ms = 0;
                    s.advance(s.shown + 1);
                }
            }
            Move::Pause if s.phase == Phase::Live => s.paused = true,
            Move::Resume if s.phase == Phase::Live => s.paused = false,
            Move::Act(action) if s.phase == Phase::Live => s.act(action),
            Move::Command(command) => return s.command(command, self),
            Move::FinishNow if s.phase == Phase::Live => {
                let end = s.plan.as_ref().map_or(0, |p| p.duration);
                s.advance(end);
            }
            Move::Again => s.reset(),
            Move::PlanRuns(progress) => {
                if s.plan.as_ref().is_some_and(|p| Rc::ptr_eq(p, &progress.plan)) && progress.tag == s.seed {
                    s.plan_runs = Some(progress);
                }
            }
            _ => return self,
        }
        Rc::new(s)
    }
}

impl Settings {
    fn set(&mut self, setting: Setting, plan: Option<&Plan>) {
        match setting {
            Setting::Item(i) => {
                self.item = i;
                if let Some(item) = plan.and_then(|p| p.items.get(i)) {
                    self.flash_price = flash_default(item.price);
                }
            }
            Setting::DiscountPct(v) => self.discount_pct = v,
            Setting::DiscountMinutes(v) => self.discount_minutes = v,
            Setting::FlashPrice(v) => self.flash_price = v,
            Setting::FlashQty(v) => self.flash_qty = v,
            Setting::FlashMinutes(v) => self.flash_minutes = v,
            Setting::FlashAhead(v) => self.flash_ahead = v,
            Setting::StockBelow(v) => self.stock_below = v,
            Setting::SignupRate(v) => self.signup_rate = v,
        }
    }
}

impl State {
    fn reset(&mut self) {
        self.phase = Phase::Setup;
        self.paused = false;
        self.shown = 0;
        self.elapsed_ms = 0;
        self.log = Rc::new(Vec::new());
        self.view = None;
        self.chat = Rc::new(Vec::new());
        self.debrief = None;
        self.refused = None;
    }

    /// The live replayed to `minute`; the view, chat and (at the end) the debrief from it.
    fn advance(&mut self, minute: u32) {
        let Some(plan) = self.plan.clone() else { return };
        let until = minute.min(plan.duration);
        let Ok(mut session) = replay(&plan, self.seed, RUN, &self.log, self.shown) else { return };
        let mut chat = (*self.chat).clone();
        while session.minute() < until {
            let Some(m) = session.step() else { break };
            let lines = chat_lines(&session, &m, CHAT_PER_MINUTE);
            let n = lines.len() as f64;
            chat.extend(lines.into_iter().enumerate().map(|(i, line)| Said {
                minute: m.minute,
                at: i as f64 / n,
                line,
            }));
        }
        let keep = chat.len().saturating_sub(CHAT_KEPT);
        chat.drain(..keep);
        self.chat = Rc::new(chat);
        self.shown = until;
        self.view = Some(Rc::new(view_of(&session)));
        if self.shown >= plan.duration {
            self.phase = Phase::Over;
            self.debrief = Some(Rc::new(self.debrief_of(&plan)));
        }
    }

    /// The view of the live at the minutes shown (when it starts).
    fn refresh(&mut self) {
        let Some(plan) = self.plan.clone() else { return };
        if let Ok(session) = replay(&plan, self.seed, RUN, &self.log, self.shown) {
            self.view = Some(Rc::new(view_of(&session)));
        }
    }

    /// Logs `action` at the next minute if the live takes it; says why not otherwise.
    fn act(&mut self, action: Action) {
        let Some(plan) = self.plan.clone() else { return };
        let Ok(mut session) = replay(&plan, self.seed, RUN, &self.log, self.shown) else { return };
        match session.apply(action) {
            Ok(()) => {
                let mut log = (*self.log).clone();
                log.push(Logged { minute: self.shown, action });
                self.log = Rc::new(log);
                self.refused = None;
                self.view = Some(Rc::new(view_of(&session)));
            }
            Err(error) => self.refused = Some(error),
        }
    }

    fn debrief_of(&self, plan: &Plan) -> Debrief {
        let kpi = self.goal.map_or(Kpi::Revenue, |g| g.kpi);
        let played = replay(plan, self.seed, RUN, &self.log, plan.duration).map(|s| s.outputs());
        let plan_outputs = crate::engine::Session::new(plan, self.seed, RUN).finish();
        Debrief {
            outputs: played.unwrap_or_else(|_| plan_outputs.clone()),
            plan_outputs,
            missed: biggest_missed(plan, self.seed, RUN, &self.log, kpi),
        }
    }

    fn command(mut self, command: Command, before: Rc<State>) -> Rc<State> {
        if self.phase != Phase::Live {
            return before;
        }
        let Some(plan) = self.plan.clone() else { return before };
        let set = self.settings;
        let action = match command {
            Command::TogglePause => {
                self.paused = !self.paused;
                return Rc::new(self);
            }
            Command::Faster | Command::Slower => {
                let faster = command == Command::Faster;
                self.speed = if faster { self.speed.saturating_sub(1) } else { self.speed + 1 }.clamp(1, 10);
                return Rc::new(self);
            }
            Command::Spotlight(Some(i)) if i >= plan.items.len() => return before,
            Command::Spotlight(item) => Action::Spotlight(item),
            Command::Kind(name) => match plan.kinds.iter().position(|k| k == name) {
                Some(kind) => Action::Block { kind },
                None => return before,
            },
            Command::FollowRundown => Action::FollowRundown,
            Command::Discount => {
                Action::Discount { item: set.item, pct: set.discount_pct, minutes: set.discount_minutes }
            }
            Command::Flash => Action::Flash {
                item: set.item,
                price: set.flash_price,
                qty: set.flash_qty,
                minutes: set.flash_minutes,
                announce_ahead: set.flash_ahead,
            },
            Command::StockCounter => {
                let showing = self.view.as_ref().is_some_and(|v| v.show_below > 0);
                Action::ShowStock { below: if showing { 0 } else { set.stock_below } }
            }
            Command::LeadMagnet => Action::LeadMagnet { signup_rate: set.signup_rate },
        };
        self.act(action);
        Rc::new(self)
    }

    /// How far the clock is into the minute being played (0 to 1).
    pub fn clock(&self) -> f64 {
        (f64::from(self.elapsed_ms) / f64::from(self.speed * 1000)).min(1.0)
    }

    /// The item names, for views.
    pub fn item_names(&self) -> Vec<String> {
        self.plan.as_ref().map_or_else(Vec::new, |p| p.items.iter().map(|i| i.name.clone()).collect())
    }
}

/// What the dashboard reads of a live replayed to the minutes shown.
fn view_of(session: &Session) -> LiveView {
    let plan = session.plan();
    let next = session.minute().min(plan.duration.saturating_sub(1));
    let (kind, spotlight) = session.live_plan().content_at(next);
    LiveView {
        minutes: session.minutes().to_vec(),
        outputs: session.outputs(),
        stock: (0..plan.items.len()).map(|i| session.available(i)).collect(),
        prices: (0..plan.items.len()).map(|i| session.last_price(i)).collect(),
        alerts: crate::engine::rehearsal::alerts(session),
        kind,
        spotlight,
        show_below: session.live_plan().show_below,
    }
}

/// A flash sale's suggested price: 30 % off the item's list price, to the cent.
fn flash_default(list_price: f64) -> f64 {
    (list_price * 0.7 * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::load;

    fn opened() -> Rc<State> {
        let text = include_str!("../../../www/scenarios/model-example.json");
        let plan = Rc::new(load(text).unwrap());
        let doc: Value = serde_json::from_str(text).unwrap();
        Rc::new(State::default()).reduce(Move::Open { doc, plan, seed: 9, goal: None })
    }

    fn ticks(mut s: Rc<State>, n: usize) -> Rc<State> {
        for _ in 0..n {
            s = s.reduce(Move::Tick);
        }
        s
    }

    #[test]
    fn a_minute_passes_after_speed_seconds_of_ticks() {
        let s = opened().reduce(Move::SetSpeed(1)).reduce(Move::Start);
        assert_eq!(s.shown, 0);
        let per_minute = (1000 / TICK_MS) as usize;
        let s = ticks(s, per_minute - 1);
        assert_eq!(s.shown, 0);
        let s = ticks(s, 1);
        assert_eq!(s.shown, 1);
        assert_eq!(s.view.as_ref().unwrap().minutes.len(), 1);
        let paused = ticks(s.clone().reduce(Move::Pause), 3 * per_minute);
        assert_eq!(paused.shown, 1, "a paused live stands still");
    }

    #[test]
    fn an_action_is_logged_at_the_next_minute_and_the_live_is_its_replay() {
        let s = ticks(opened().reduce(Move::SetSpeed(1)).reduce(Move::Start), 30 * 10);
        assert_eq!(s.shown, 30);
        let s = s.reduce(Move::Act(Action::Flash { item: 1, price: 5.0, qty: 20, minutes: 5, announce_ahead: 0 }));
        assert_eq!(
            *s.log,
            vec![Logged {
                minute: 30,
                action: Action::Flash { item: 1, price: 5.0, qty: 20, minutes: 5, announce_ahead: 0 }
            }]
        );
        let refused = s.clone().reduce(Move::Act(Action::Spotlight(Some(99))));
        assert_eq!(refused.refused, Some(ActionError::NoSuchItem(99)));
        assert_eq!(refused.log.len(), 1, "a refused action is not logged");
        let over = s.reduce(Move::FinishNow);
        assert_eq!(over.phase, Phase::Over);
        let plan = over.plan.clone().unwrap();
        let mut again = replay(&plan, 9, RUN, &over.log, plan.duration).unwrap();
        again.run_to_end();
        let debrief = over.debrief.clone().unwrap();
        assert_eq!(debrief.outputs, again.outputs(), "the debrief's live is the replay of the log");
        assert_eq!(over.view.as_ref().unwrap().minutes, debrief.outputs.minutes, "and what the dashboard showed");
        assert_ne!(debrief.outputs.kpis, debrief.plan_outputs.kpis, "the flash sale changed the live");
    }

    #[test]
    fn the_seed_in_force_again_changes_nothing_and_another_drops_the_plan_runs_of_the_old() {
        let s = opened();
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Move::SetSeed(9))), "the bands of seed 9 are kept");
        let other = s.reduce(Move::SetSeed(10));
        assert_eq!((other.seed, other.plan_runs.is_none()), (10, true));
    }

    #[test]
    fn chat_keeps_the_latest_lines_in_order() {
        let s = opened().reduce(Move::Start).reduce(Move::FinishNow);
        assert!(!s.chat.is_empty() && s.chat.len() <= CHAT_KEPT);
        assert!(s.chat.windows(2).all(|w| (w[0].minute, w[0].at) <= (w[1].minute, w[1].at)));
    }
}
