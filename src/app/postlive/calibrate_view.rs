//! Calibration: its options, its progress round by round, the fitted values with their intervals, and the
//! goodness of fit (the calibrated scenario's fan charts with the live over them, minutes inside its band).

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::draft_input::DraftInput;
use crate::app::download::{download, slug};
use crate::app::format::Formats;
use crate::app::link;
use crate::app::postlive::state::{Calibrating, Move, ROUNDS, RUNS_PER_ROUND, Stage, State};
use crate::app::postlive::versus_view::{VersusText, fan_charts, series_label};
use crate::app::state::DEFAULT_RUNS;
use crate::engine::calibrate::{CalibrationError, CalibrationNote, Estimate};
use crate::share::Shared;

pub fn calibrate_view(s: &State, f: &Rc<Formats>, dispatch: &Callback<Move>) -> Html {
    use CalibrateText as T;
    let running = s.calibrating();
    let on_rounds = dispatch.reform(|text: String| Move::SetRounds(text.trim().parse().unwrap_or(0)));
    let on_runs = dispatch.reform(|text: String| Move::SetRunsPerRound(text.trim().parse().unwrap_or(0)));
    let on_content =
        dispatch.reform(|e: Event| Move::SetContent(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()));
    let can_start = !running && !s.lives.is_empty() && s.plan_runs.is_some();
    let refused = s.refused.as_ref().map(|why| {
        let text = match why {
            CalibrationError::NoLives => f.t(T::no_lives),
            CalibrationError::NothingToFit => f.t(T::nothing_to_fit),
            CalibrationError::BadOptions(what) => f.fill(T::bad_options, &[("what", what)]),
        };
        html! { <p class="notice error" role="alert" id="calibration-refused">{ text }</p> }
    });
    let (rounds, runs) = (s.options.rounds, s.options.runs_per_round);
    html! {
        <section class="panel calibrate" id="calibrate-panel">
            <h2>{ f.t(T::title) }</h2>
            <p class="hint">{ f.t(T::intro) }</p>
            <div class="setup-grid">
                <label>{ f.t(T::rounds) }
                    <DraftInput id="cal-rounds" kind="number" min="1" max="100" step="1" value={rounds.to_string()} on_commit={on_rounds} disabled={running} />
                    <small>{ f.fill(T::rounds_hint, &[("lo", &f.count(f64::from(*ROUNDS.start()))), ("hi", &f.count(f64::from(*ROUNDS.end())))]) }</small>
                </label>
                <label>{ f.t(T::candidates) }
                    <DraftInput id="cal-runs" kind="number" min="100" step="100" value={runs.to_string()} on_commit={on_runs} disabled={running} />
                    <small>{ f.fill(T::candidates_hint, &[("lo", &f.count(*RUNS_PER_ROUND.start() as f64)), ("hi", &f.count(*RUNS_PER_ROUND.end() as f64))]) }</small>
                </label>
                <label class="check">
                    <input type="checkbox" id="cal-content" checked={s.options.content} disabled={running} onchange={on_content} />
                    { f.t(T::content) }
                    <small>{ f.t(T::content_hint) }</small>
                </label>
            </div>
            <p class="actions">
                <button type="button" id="calibrate" disabled={!can_start} onclick={dispatch.reform(|_: MouseEvent| Move::Calibrate)}>{ f.t(T::start) }</button>
                if running {
                    <button type="button" class="secondary" id="cancel-calibration" onclick={dispatch.reform(|_: MouseEvent| Move::Cancel)}>{ f.t(T::cancel) }</button>
                }
                if s.lives.is_empty() { <span class="hint">{ f.t(T::import_first) }</span> }
            </p>
            { for refused }
            { for s.calibration.as_ref().map(|c| calibration(s, c, f)) }
        </section>
    }
}

fn calibration(s: &State, c: &Calibrating, f: &Rc<Formats>) -> Html {
    use CalibrateText as T;
    let rounds = c.calibration.options.rounds;
    let counts = [("done", f.count(c.simulated() as f64)), ("total", f.count(c.total as f64))];
    let status = match c.stage {
        Stage::Noise => Some(f.fill(T::noise, &args(&counts))),
        Stage::Round(r) => {
            let mut a = counts.to_vec();
            a.push(("round", f.count(f64::from(r + 1))));
            a.push(("rounds", f.count(f64::from(rounds))));
            Some(f.fill(T::round, &args(&a)))
        }
        Stage::Finished => Some(f.fill(T::finished, &args(&counts))),
        Stage::Failed => None,
    };
    let progress = status.map(|text| {
        html! {
            <div class="progress" id="calibration-progress" aria-live="polite" data-stage={stage_name(c.stage)}>
                <progress max={c.total.max(1).to_string()} value={c.simulated().to_string()}></progress>
                <span>{ text }</span>
            </div>
        }
    });
    let failed = c.error.as_ref().map(|why| {
        html! { <p class="notice error" role="alert">{ f.fill(T::failed, &[("why", why)]) }</p> }
    });
    let estimates = c.round.as_ref().map(|round| {
        let settled = match c.stage {
            Stage::Round(r) => r,
            _ => rounds,
        };
        let lives = c.names.join(", ");
        let caption = f.fill(
            T::fitted_to,
            &[
                ("lives", &lives),
                ("seed", &c.seed.to_string()),
                ("round", &f.count(f64::from(settled))),
                ("rounds", &f.count(f64::from(rounds))),
            ],
        );
        html! {
            <>
                <h3>{ f.t(T::estimates_title) }</h3>
                <p class="hint">{ caption }</p>
                <div class="table-scroll">
                    <table id="calibration-estimates" data-final={(c.stage == Stage::Finished).to_string()}>
                        <thead><tr>
                            <th scope="col">{ f.t(T::field) }</th><th scope="col">{ f.t(T::plan_value) }</th>
                            <th scope="col">{ f.t(T::prior) }</th><th scope="col">{ f.t(T::median) }</th>
                            <th scope="col">{ f.t(T::interval) }</th>
                        </tr></thead>
                        <tbody>{ for round.estimates.iter().map(|e| estimate_row(e, f)) }</tbody>
                    </table>
                </div>
            </>
        }
    });
    let notes = c.calibration.notes.iter().map(|note| {
        let name = |live: usize| c.names.get(live).cloned().unwrap_or_default();
        let text = match *note {
            CalibrationNote::LiveLonger { live, minutes, duration } => f.fill(
                T::live_longer,
                &[
                    ("name", &name(live)),
                    ("minutes", &f.count(f64::from(minutes))),
                    ("duration", &f.count(f64::from(duration))),
                ],
            ),
            CalibrationNote::LiveShorter { live, minutes, duration } => f.fill(
                T::live_shorter,
                &[
                    ("name", &name(live)),
                    ("minutes", &f.count(f64::from(minutes))),
                    ("duration", &f.count(f64::from(duration))),
                ],
            ),
        };
        html! { <li>{ text }</li> }
    });
    html! {
        <>
            { for progress }
            { for failed }
            { for estimates }
            if !c.calibration.notes.is_empty() { <ul class="notes" id="calibration-notes">{ for notes }</ul> }
            if c.stage == Stage::Finished { { fit(s, c, f) } }
        </>
    }
}

fn args<'a>(pairs: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Noise => "noise",
        Stage::Round(_) => "round",
        Stage::Finished => "finished",
        Stage::Failed => "failed",
    }
}

fn estimate_row(e: &Estimate, f: &Formats) -> Html {
    use CalibrateText as T;
    let range = |lo: f64, hi: f64| f.fill(T::range, &[("lo", &f.precise(lo)), ("hi", &f.precise(hi))]);
    html! {
        <tr data-path={e.path.clone()} data-median={e.median.to_string()} data-lo={e.lo.to_string()} data-hi={e.hi.to_string()}>
            <th scope="row">{ field_label(f, &e.path) }<br /><code>{ &e.path }</code></th>
            <td>{ f.precise(e.plan_value) }</td>
            <td>{ range(e.prior_lo, e.prior_hi) }</td>
            <td class="fitted-median">{ f.precise(e.median) }</td>
            <td class="interval">{ range(e.lo, e.hi) }</td>
        </tr>
    }
}

/// A fitted number's path in words.
pub fn field_label(f: &Formats, path: &str) -> String {
    use CalibrateText as T;
    let key = match path {
        "audience.direct.show_up_rate" => T::show_up_rate,
        "audience.direct.arrival_tau_min" => T::arrival_tau,
        "audience.organic.base_per_min" => T::base_per_min,
        "audience.segments.new.intent_per_min" => T::intent_new,
        "audience.segments.returning.intent_per_min" => T::intent_returning,
        "audience.segments.new.leave_per_min" => T::leave_new,
        "audience.segments.returning.leave_per_min" => T::leave_returning,
        _ => {
            let content = path.strip_prefix("content.").and_then(|rest| rest.rsplit_once('.'));
            return match content {
                Some((kind, "intent")) => f.fill(T::content_intent, &[("kind", kind)]),
                Some((kind, "leave")) => f.fill(T::content_leave, &[("kind", kind)]),
                _ => path.to_owned(),
            };
        }
    };
    f.t(key)
}

/// The goodness of fit, and the calibrated scenario to take away.
fn fit(s: &State, c: &Calibrating, f: &Rc<Formats>) -> Html {
    use CalibrateText as T;
    let Some(calibrated) = &c.calibrated else { return html! {} };
    let on_download = {
        let doc = calibrated.doc.clone();
        Callback::from(move |_: MouseEvent| {
            let name = doc.get("name").and_then(serde_json::Value::as_str).unwrap_or("scenario");
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            download(&format!("{}.json", slug(name)), "application/json", &text);
        })
    };
    let shared = Shared::new(calibrated.doc.clone(), c.seed, DEFAULT_RUNS, Some(s.words.lang.code().to_owned()));
    let open = link::page_link("../", &shared);
    let take_away = html! {
        <p class="actions">
            <button type="button" id="download-calibrated" onclick={on_download}>{ f.t(T::download) }</button>
            { for open.map(|href| html! {
                <a class="button secondary" id="open-calibrated" {href} target="_blank" rel="noopener">{ f.t(T::open) }</a>
            }) }
        </p>
    };
    let body = match &calibrated.checked {
        Err(why) => html! { <p class="notice error" role="alert">{ f.fill(T::not_valid, &[("why", why)]) }</p> },
        Ok(_) => {
            let fit_runs = s.fit.as_ref();
            let result = fit_runs.and_then(|r| r.result.as_ref());
            match (result, &s.fit_versus, s.live()) {
                (Some(sim), Some(fitted), Some(live)) => {
                    let lines = fitted.series.iter().map(|sv| {
                        let plan = s.versus.as_ref().and_then(|v| v.series.iter().find(|p| p.series == sv.series));
                        let text = f.fill(
                            T::goodness,
                            &[
                                ("series", &series_label(f, sv.series)),
                                ("share", &f.percent(sv.inside)),
                                ("plan", &plan.map_or_else(|| "–".to_owned(), |p| f.percent(p.inside))),
                            ],
                        );
                        html! { <li data-series={sv.series.name()} data-inside={sv.inside.to_string()}>{ text }</li> }
                    });
                    html! {
                        <>
                            <p class="hint">{ f.fill(T::fit_intro, &[("name", &live.name), ("runs", &f.count(sim.records.len() as f64))]) }</p>
                            <ul class="goodness" id="goodness-of-fit">{ for lines }</ul>
                            { fan_charts("fit-", sim, &live.actual, f, VersusText::fit_chart_title) }
                        </>
                    }
                }
                _ => match fit_runs {
                    Some(r) if r.error.is_some() => html! {
                        <p class="notice error" role="alert">{ f.fill(T::failed, &[("why", r.error.as_deref().unwrap_or_default())]) }</p>
                    },
                    Some(r) if r.result.is_none() => html! {
                        <div class="progress" id="fit-progress" aria-live="polite">
                            <progress max={r.total.max(1).to_string()} value={r.done.to_string()}></progress>
                            <span>{ f.fill(T::fit_running, &[("done", &f.count(r.done as f64)), ("total", &f.count(r.total as f64))]) }</span>
                        </div>
                    },
                    _ => html! { <p class="hint">{ f.t(T::select_live) }</p> },
                },
            }
        }
    };
    html! {
        <>
            <h3>{ f.t(T::fit_title) }</h3>
            { body }
            { take_away }
        </>
    }
}

crate::texts! { CalibrateText "postlive_calibrate" {
    title = "Calibrate the scenario to the past lives";
    intro = "Fits the scenario's audience and purchase rates to every live imported: candidates drawn from the scenario's ranges (or its value give or take a factor of three) are simulated, the nearest to the real lives are kept, and each round narrows the next. Each fitted number comes with a 90 % interval, and the new scenario carries those intervals as its ranges.";
    rounds = "Rounds";
    rounds_hint = "{lo} to {hi}";
    candidates = "Candidates per round";
    candidates_hint = "{lo} to {hi}; each simulates every past live once";
    content = "Also fit content factors";
    content_hint = "The intent and leave factors of the content kinds the rundown uses.";
    start = "Calibrate";
    cancel = "Cancel";
    import_first = "Import at least one past live first.";
    no_lives = "Calibration needs at least one past live.";
    nothing_to_fit = "The scenario has nothing to calibrate: no direct or organic viewers and no segment rate above 0.";
    bad_options = "The calibration's options are out of range: {what}.";
    noise = "measuring how much a live varies · {done} of {total} lives";
    round = "round {round} of {rounds} · {done} of {total} lives";
    finished = "done · {done} of {total} lives";
    failed = "The calibration stopped: {why}";
    estimates_title = "Fitted values";
    fitted_to = "Fitted to {lives} (seed {seed}), after round {round} of {rounds}.";
    field = "Number";
    plan_value = "The plan's value";
    prior = "Before the data (90 %)";
    median = "Fitted median";
    interval = "Fitted 90 % interval";
    range = "{lo} – {hi}";
    live_longer = "{name}: {minutes} minutes, longer than the scenario's {duration}; only its first {duration} are compared.";
    live_shorter = "{name}: {minutes} minutes, shorter than the scenario's {duration}; only those {minutes} are compared.";
    show_up_rate = "Show-up rate of followers (direct)";
    arrival_tau = "Arrival pace of followers, minutes (direct)";
    base_per_min = "Feed visitors per minute (organic)";
    intent_new = "Purchase intent per minute, new viewers";
    intent_returning = "Purchase intent per minute, returning viewers";
    leave_new = "Leave rate per minute, new viewers";
    leave_returning = "Leave rate per minute, returning viewers";
    content_intent = "Intent factor of {kind} content";
    content_leave = "Leave factor of {kind} content";
    fit_title = "Goodness of fit";
    fit_running = "Simulating the calibrated scenario: {done} of {total} runs";
    fit_intro = "The calibrated scenario's {runs} simulated lives against {name}:";
    goodness = "{series}: {share} of the actual's minutes inside the calibrated p10–p90 band ({plan} inside the plan's); about 80 % is expected of a good fit.";
    select_live = "Select a past live to see the fit.";
    not_valid = "The calibrated scenario does not pass the model's checks: {why}";
    download = "Download the calibrated scenario";
    open = "Open it in livesim";
} }
