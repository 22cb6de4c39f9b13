//! The engine's complaints about a scenario, in the page's language.
//!
//! The engine says what is wrong in English (`Problem`'s `Display`, which the
//! CLI prints); the page says the same in the user's language, with the
//! numbers written as the engine writes them. A test holds the English here
//! to the engine's, word for word.

use crate::app::i18n::Words;
use crate::engine::uncertain::RangeError;
use crate::engine::validate::{Num, Problem, ScenarioError};

/// A problem as the editor shows it: where, and what, in the page's language.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownError {
    /// JSON path of the field, as the engine names it.
    pub path: String,
    /// What is wrong there, without the path.
    pub text: String,
}

impl std::fmt::Display for ShownError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() { f.write_str(&self.text) } else { write!(f, "{}: {}", self.path, self.text) }
    }
}

/// The engine's problems, as the editor shows them.
pub fn shown_errors(errors: &[ScenarioError], w: &Words) -> Vec<ShownError> {
    errors.iter().map(|e| ShownError { path: e.path.clone(), text: problem_text(&e.problem, w) }).collect()
}

/// `path: problem`, as the engine's `ScenarioError` reads, in the page's language.
pub fn error_text(e: &ScenarioError, w: &Words) -> String {
    let problem = problem_text(&e.problem, w);
    if e.path.is_empty() { problem } else { format!("{}: {problem}", e.path) }
}

/// What is wrong with a field, in the page's language.
pub fn problem_text(p: &Problem, w: &Words) -> String {
    let n = |v: f64| Num(v).to_string();
    let fill = |key, args: &[(&str, &str)]| w.fill(key, args);
    match p {
        // serde's own words, with the line and column: kept as they are.
        Problem::Json(msg) => msg.clone(),
        Problem::UnsupportedSchema(found) => {
            fill(ProblemText::unsupported_schema, &[("found", found), ("schema", crate::engine::scenario::SCHEMA)])
        }
        Problem::AtLeast { min, got } => fill(ProblemText::at_least, &[("min", &n(*min)), ("got", &n(*got))]),
        Problem::Above { min, got } => fill(ProblemText::above, &[("min", &n(*min)), ("got", &n(*got))]),
        Problem::AtMost { max, got } => fill(ProblemText::at_most, &[("max", &n(*max)), ("got", &n(*got))]),
        Problem::Between { lo, hi, got } => {
            fill(ProblemText::between, &[("lo", &n(*lo)), ("hi", &n(*hi)), ("got", &n(*got))])
        }
        Problem::Required(why) => fill(ProblemText::required, &[("why", why)]),
        Problem::NoItem(id) => fill(ProblemText::no_item, &[("id", id)]),
        Problem::NotAProduct(id) => fill(ProblemText::not_a_product, &[("id", id)]),
        Problem::DuplicateId(id) => fill(ProblemText::duplicate_id, &[("id", id)]),
        Problem::UnknownKind(kind) => fill(ProblemText::unknown_kind, &[("kind", kind)]),
        Problem::UnknownOutput(name) => fill(ProblemText::unknown_output, &[("name", name)]),
        Problem::EmptyText => fill(ProblemText::empty_text, &[]),
        Problem::BadCurrency(code) => fill(ProblemText::bad_currency, &[("code", code)]),
        Problem::WindowEmpty { start, end } => {
            fill(ProblemText::window_empty, &[("start", &start.to_string()), ("end", &end.to_string())])
        }
        Problem::AfterEnd { got, duration } => {
            fill(ProblemText::after_end, &[("duration", &duration.to_string()), ("got", &got.to_string())])
        }
        Problem::AnnounceNotBefore { announce, start } => {
            fill(ProblemText::announce_not_before, &[("start", &start.to_string()), ("got", &announce.to_string())])
        }
        Problem::NotDuringLive { at, duration } => fill(
            ProblemText::not_during_live,
            &[("last", &duration.saturating_sub(1).to_string()), ("got", &at.to_string())],
        ),
        Problem::SharesSum(sum) => fill(ProblemText::shares_sum, &[("sum", &sum.to_string())]),
        Problem::NoComponents => fill(ProblemText::no_components, &[]),
        Problem::Range(e) => range_text(e, w),
        Problem::MayDrawZero => fill(ProblemText::may_draw_zero, &[]),
        Problem::NotFinite(got) => fill(ProblemText::not_finite, &[("got", &got.to_string())]),
        Problem::NotUncertain(path) => fill(ProblemText::not_uncertain, &[("path", path)]),
        Problem::SelfCorrelation => fill(ProblemText::self_correlation, &[]),
        Problem::RepeatedPair(first) => fill(ProblemText::repeated_pair, &[("first", &first.to_string())]),
        Problem::Contradictory(paths) => {
            let quoted: Vec<String> = paths.iter().map(|p| format!("\"{p}\"")).collect();
            let inputs = match quoted.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    fill(ProblemText::list_and, &[("list", &rest.join(", ")), ("last", last)])
                }
                _ => quoted.join(""),
            };
            fill(ProblemText::contradictory, &[("inputs", &inputs)])
        }
    }
}

fn range_text(e: &RangeError, w: &Words) -> String {
    let n = |v: f64| v.to_string();
    match *e {
        RangeError::LoAboveHi { lo, hi } => w.fill(ProblemText::lo_above_hi, &[("lo", &n(lo)), ("hi", &n(hi))]),
        RangeError::LognormalNeedsPositiveLo { lo } => w.fill(ProblemText::lognormal_lo, &[("lo", &n(lo))]),
        RangeError::MissingMode => w.fill(ProblemText::missing_mode, &[]),
        RangeError::ModeOutside { lo, mode, hi } => {
            w.fill(ProblemText::mode_outside, &[("lo", &n(lo)), ("mode", &n(mode)), ("hi", &n(hi))])
        }
        RangeError::ModeWithoutTriangular => w.fill(ProblemText::mode_without_triangular, &[]),
    }
}

crate::texts! { ProblemText "problem" {
    unsupported_schema = "unsupported schema \"{found}\": this version of livesim reads \"{schema}\"";
    at_least = "must be >= {min}, got {got}";
    above = "must be > {min}, got {got}";
    at_most = "must be <= {max}, got {got}";
    between = "must be between {lo} and {hi}, got {got}";
    required = "required {why}";
    no_item = "no item \"{id}\"";
    not_a_product = "\"{id}\" is a kit; kit components must be catalog products";
    duplicate_id = "id \"{id}\" is used more than once (products and kits share ids)";
    unknown_kind = "unknown content kind \"{kind}\" (use one of the six built-in kinds or declare it in content)";
    unknown_output = "unknown output \"{name}\"";
    empty_text = "must not be empty";
    bad_currency = "\"{code}\" is not an ISO 4217 code (three capital letters, e.g. BRL)";
    window_empty = "start_min must be < end_min, got {start} and {end}";
    after_end = "must be <= duration_min ({duration}), got {got}";
    announce_not_before = "must be < start_min ({start}), got {got}";
    not_during_live = "must be a minute of the live, 0 to {last}, got {got}";
    shares_sum = "method shares must sum to 1, got {sum}";
    no_components = "a kit needs at least one component";
    may_draw_zero = "must stay > 0: use a range with lo > 0 that is lognormal, uniform or triangular";
    not_finite = "must be a finite number, got {got}";
    not_uncertain = "\"{path}\" is not an uncertain input of this scenario (give it a range)";
    self_correlation = "must name another input than a";
    repeated_pair = "repeats the pair of correlations[{first}]";
    list_and = "{list} and {last}";
    contradictory = "the correlations between {inputs} contradict each other (no joint distribution has them all): weaken or remove one";
    lo_above_hi = "lo must be <= hi, got lo {lo} and hi {hi}";
    lognormal_lo = "a lognormal range needs lo > 0, got {lo}";
    missing_mode = "a triangular range needs a mode";
    mode_outside = "mode must be within lo..=hi, got {mode} outside {lo}..={hi}";
    mode_without_triangular = "mode is only used with \"dist\": \"triangular\"";
} }

#[cfg(test)]
mod tests {
    use super::*;

    /// In English the page says exactly what the engine (and so the CLI) says.
    #[test]
    fn the_english_is_the_engines_word_for_word() {
        let s = |x: &str| x.to_owned();
        let problems = [
            Problem::Json(s("expected `,` at line 3 column 5")),
            Problem::UnsupportedSchema(s("livesim/2")),
            Problem::AtLeast { min: 0.0, got: -5.0 },
            Problem::Above { min: 0.0, got: 0.0 },
            Problem::AtMost { max: 1e15, got: 1e300 },
            Problem::Between { lo: 0.0, hi: 1.0, got: 1.5 },
            Problem::Required("(\"livesim/1\")"),
            Problem::NoItem(s("mug")),
            Problem::NotAProduct(s("duo")),
            Problem::DuplicateId(s("serum")),
            Problem::UnknownKind(s("dance")),
            Problem::UnknownOutput(s("profit")),
            Problem::EmptyText,
            Problem::BadCurrency(s("brl")),
            Problem::WindowEmpty { start: 10, end: 5 },
            Problem::AfterEnd { got: 95, duration: 90 },
            Problem::AnnounceNotBefore { announce: 60, start: 60 },
            Problem::NotDuringLive { at: 90, duration: 90 },
            Problem::SharesSum(0.9),
            Problem::NoComponents,
            Problem::Range(RangeError::LoAboveHi { lo: 2.0, hi: 1.0 }),
            Problem::Range(RangeError::LognormalNeedsPositiveLo { lo: -1.0 }),
            Problem::Range(RangeError::MissingMode),
            Problem::Range(RangeError::ModeOutside { lo: 1.0, mode: 5.0, hi: 2.0 }),
            Problem::Range(RangeError::ModeWithoutTriangular),
            Problem::MayDrawZero,
            Problem::NotFinite(f64::NAN),
            Problem::NotUncertain(s("audience.direct.followers")),
            Problem::SelfCorrelation,
            Problem::RepeatedPair(0),
            Problem::Contradictory(vec![s("a")]),
            Problem::Contradictory(vec![s("a"), s("b")]),
            Problem::Contradictory(vec![s("a"), s("b"), s("c")]),
        ];
        let english = Words::english();
        for p in &problems {
            assert_eq!(problem_text(p, &english), p.to_string());
            let e = ScenarioError { path: s("catalog[0].price"), problem: p.clone() };
            assert_eq!(error_text(&e, &english), e.to_string());
        }
        let whole = ScenarioError { path: String::new(), problem: Problem::EmptyText };
        assert_eq!(error_text(&whole, &english), whole.to_string());
    }
}
