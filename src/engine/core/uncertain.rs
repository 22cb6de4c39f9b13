//! Distributions of uncertain inputs (model section 6) and the draw of a run's inputs.

use rand_distr::StandardNormal;

use super::correlation::normal_cdf;
use super::plan::{Plan, Slot};
use super::rng::{SimRng, Stream};

/// Money and counts above this are refused: no live is that large, and it
/// keeps every sum of a run finite.
pub const MAX_AMOUNT: f64 = 1e12;

/// Multipliers, uplifts, elasticities and times above this are refused: no
/// live needs them, and unbounded ones would let a single minute's means
/// overflow every counter (an extension of the model's checks).
pub const MAX_FACTOR: f64 = 1e4;

/// The shape a range asks for (`"dist"` in a scenario).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DistKind {
    Uniform,
    Normal,
    Lognormal,
    Triangular,
}

impl DistKind {
    /// What a `"dist"` may be, as an error message says it.
    pub const EXPECTED: &str = "one of \"uniform\", \"normal\", \"lognormal\", \"triangular\"";

    /// The kind a scenario names (`"lognormal"`).
    pub fn from_name(name: &str) -> Option<DistKind> {
        match name {
            "uniform" => Some(DistKind::Uniform),
            "normal" => Some(DistKind::Normal),
            "lognormal" => Some(DistKind::Lognormal),
            "triangular" => Some(DistKind::Triangular),
            _ => None,
        }
    }
}

/// `2 * 1.644854`: a 90 % interval spans this many standard deviations.
const Z90_SPAN: f64 = 3.2897;

/// A checked distribution, ready to draw from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dist {
    Uniform { lo: f64, hi: f64 },
    Normal { mean: f64, sd: f64 },
    LogNormal { mu: f64, sigma: f64 },
    Triangular { lo: f64, mode: f64, hi: f64 },
}

/// Why a range cannot be turned into a distribution.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RangeError {
    LoAboveHi { lo: f64, hi: f64 },
    LognormalNeedsPositiveLo { lo: f64 },
    MissingMode,
    ModeOutside { lo: f64, mode: f64, hi: f64 },
    ModeWithoutTriangular,
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            RangeError::LoAboveHi { lo, hi } => write!(f, "lo must be <= hi, got lo {lo} and hi {hi}"),
            RangeError::LognormalNeedsPositiveLo { lo } => write!(f, "a lognormal range needs lo > 0, got {lo}"),
            RangeError::MissingMode => f.write_str("a triangular range needs a mode"),
            RangeError::ModeOutside { lo, mode, hi } => {
                write!(f, "mode must be within lo..=hi, got {mode} outside {lo}..={hi}")
            }
            RangeError::ModeWithoutTriangular => f.write_str("mode is only used with \"dist\": \"triangular\""),
        }
    }
}

impl Dist {
    /// The distribution of a range `lo..hi` (a 90 % interval, or the support of a uniform or triangular one).
    pub fn from_range(lo: f64, hi: f64, dist: Option<DistKind>, mode: Option<f64>) -> Result<Dist, RangeError> {
        if lo > hi {
            return Err(RangeError::LoAboveHi { lo, hi });
        }
        let kind = dist.unwrap_or(if lo > 0.0 { DistKind::Lognormal } else { DistKind::Normal });
        if mode.is_some() && kind != DistKind::Triangular {
            return Err(RangeError::ModeWithoutTriangular);
        }
        Ok(match kind {
            DistKind::Uniform => Dist::Uniform { lo, hi },
            DistKind::Normal => Dist::Normal { mean: (lo + hi) / 2.0, sd: (hi - lo) / Z90_SPAN },
            DistKind::Lognormal => {
                if lo <= 0.0 {
                    return Err(RangeError::LognormalNeedsPositiveLo { lo });
                }
                Dist::LogNormal { mu: (lo.ln() + hi.ln()) / 2.0, sigma: (hi.ln() - lo.ln()) / Z90_SPAN }
            }
            DistKind::Triangular => {
                let mode = mode.ok_or(RangeError::MissingMode)?;
                if !(lo..=hi).contains(&mode) {
                    return Err(RangeError::ModeOutside { lo, mode, hi });
                }
                Dist::Triangular { lo, mode, hi }
            }
        })
    }

    /// Whether every draw is > 0 (before any clamping).
    pub fn is_strictly_positive(&self) -> bool {
        match *self {
            Dist::Uniform { lo, .. } | Dist::Triangular { lo, .. } => lo > 0.0,
            Dist::Normal { sd, mean } => sd == 0.0 && mean > 0.0,
            Dist::LogNormal { .. } => true,
        }
    }

    pub fn draw(&self, rng: &mut SimRng) -> f64 {
        match *self {
            Dist::Uniform { lo, hi } => lo + (hi - lo) * rng.uniform(),
            Dist::Normal { mean, sd } => mean + sd * rng.sample::<f64, _>(&StandardNormal),
            Dist::LogNormal { mu, sigma } => (mu + sigma * rng.sample::<f64, _>(&StandardNormal)).exp(),
            Dist::Triangular { lo, mode, hi } => triangular_quantile(lo, mode, hi, rng.uniform()),
        }
    }

    /// The value at normal score `z`: the quantile of `Phi(z)`, so a
    /// standard normal `z` gives a draw of this distribution (the Gaussian
    /// copula of correlated inputs). Normal and lognormal use `z` directly.
    pub fn at_normal_score(&self, z: f64) -> f64 {
        match *self {
            Dist::Uniform { lo, hi } => lo + (hi - lo) * normal_cdf(z),
            Dist::Normal { mean, sd } => mean + sd * z,
            Dist::LogNormal { mu, sigma } => (mu + sigma * z).exp(),
            Dist::Triangular { lo, mode, hi } => triangular_quantile(lo, mode, hi, normal_cdf(z)),
        }
    }

    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Uniform { lo, hi } => (lo + hi) / 2.0,
            Dist::Normal { mean, .. } => mean,
            Dist::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Dist::Triangular { lo, mode, hi } => (lo + mode + hi) / 3.0,
        }
    }
}

/// The inverse CDF of the triangular distribution at `u` in `[0, 1]`.
fn triangular_quantile(lo: f64, mode: f64, hi: f64, u: f64) -> f64 {
    let width = hi - lo;
    if width == 0.0 {
        return lo;
    }
    let cut = (mode - lo) / width;
    if u < cut { lo + (u * width * (mode - lo)).sqrt() } else { hi - ((1.0 - u) * width * (hi - mode)).sqrt() }
}

/// The largest value a run may draw for `slot`: 1 for a probability (model
/// section 6), else the most validation accepts as a plain number (money and
/// counts 10^12, multipliers and rates 10^4), so a run never sees a value its
/// scenario could not have set, and the tails of a wide lognormal cannot push
/// a sum of the run past what an `f64` holds.
pub fn max_draw(slot: Slot) -> f64 {
    match slot {
        _ if slot.is_probability() => 1.0,
        Slot::Followers
        | Slot::CostPerVisit
        | Slot::BasePerMin
        | Slot::ItemCost(_)
        | Slot::ThresholdPrice
        | Slot::ShippingPerOrder
        | Slot::FixedCosts => MAX_AMOUNT,
        _ => MAX_FACTOR,
    }
}

/// Run `run`'s draws of every uncertain input of `plan`, clamped as the
/// model says (and to [`max_draw`]), in the order of `plan.uncertain`.
pub fn draw_inputs(plan: &Plan, seed: u64, run: u64) -> Vec<f64> {
    if plan.uncertain.is_empty() {
        return Vec::new();
    }
    // An overflowed draw (+inf) is at the cap, like any other beyond it.
    let clamp = |v: f64, slot: Slot| if v.is_nan() { 0.0 } else { v.clamp(0.0, max_draw(slot)) };
    let mut rng = SimRng::for_stream(seed, run, Stream::Inputs);
    let mut draws: Vec<f64> = plan.uncertain.iter().map(|input| clamp(input.dist.draw(&mut rng), input.slot)).collect();
    // Correlated inputs are drawn again, jointly, from the same stream after
    // every independent draw: an input named in no correlation keeps exactly
    // the value it has without correlations (and its stream position).
    for group in &plan.correlated {
        let e: Vec<f64> = group.inputs.iter().map(|_| rng.sample::<f64, _>(&StandardNormal)).collect();
        for (&ix, z) in group.inputs.iter().zip(group.correlate(&e)) {
            let input = &plan.uncertain[ix];
            draws[ix] = clamp(input.dist.at_normal_score(z), input.slot);
        }
    }
    draws
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(lo: f64, hi: f64, dist: Option<DistKind>, mode: Option<f64>) -> Result<Dist, RangeError> {
        Dist::from_range(lo, hi, dist, mode)
    }

    fn quantile(sorted: &[f64], q: f64) -> f64 {
        sorted[((sorted.len() - 1) as f64 * q).round() as usize]
    }

    #[test]
    fn a_plain_range_is_a_90_percent_interval() {
        // lo > 0 gives a lognormal, lo <= 0 a normal; both put 5 % below lo
        // and 5 % above hi. With n = 200,000 the sample 5 % point has a
        // standard error of about sqrt(.05 * .95 / n) = 0.00049 in
        // probability; 5 standard errors is 0.0025.
        for (lo, hi) in [(0.04, 0.08), (-10.0, 30.0)] {
            let dist = range(lo, hi, None, None).unwrap();
            let mut rng = SimRng::from_seed(11);
            let n = 200_000;
            let below = (0..n).filter(|_| dist.draw(&mut rng) < lo).count() as f64 / n as f64;
            let above = (0..n).filter(|_| dist.draw(&mut rng) > hi).count() as f64 / n as f64;
            assert!((below - 0.05).abs() < 0.0025, "{lo}..{hi}: {below}");
            assert!((above - 0.05).abs() < 0.0025, "{lo}..{hi}: {above}");
        }
    }

    #[test]
    fn triangular_and_uniform_have_their_closed_form_quantiles() {
        let tri = range(0.0, 10.0, Some(DistKind::Triangular), Some(2.0)).unwrap();
        let uni = range(2.0, 4.0, Some(DistKind::Uniform), None).unwrap();
        let mut rng = SimRng::from_seed(12);
        let mut t: Vec<f64> = (0..100_000).map(|_| tri.draw(&mut rng)).collect();
        let mut u: Vec<f64> = (0..100_000).map(|_| uni.draw(&mut rng)).collect();
        t.sort_by(f64::total_cmp);
        u.sort_by(f64::total_cmp);
        // Triangular(0, 2, 10): F(2) = 0.2, median = 10 - sqrt(0.5 * 10 * 8).
        assert!((quantile(&t, 0.2) - 2.0).abs() < 0.06);
        assert!((quantile(&t, 0.5) - (10.0 - 40f64.sqrt())).abs() < 0.06);
        assert!((quantile(&u, 0.25) - 2.5).abs() < 0.02);
        assert!(t.iter().all(|v| (0.0..=10.0).contains(v)));
    }

    #[test]
    fn a_normal_score_maps_to_the_matching_quantile() {
        // z = 0 is the median, z = 1.644854 the 95 % point, of every distribution.
        let uni = Dist::Uniform { lo: 2.0, hi: 4.0 };
        let tri = Dist::Triangular { lo: 0.0, mode: 2.0, hi: 10.0 };
        let logn = range(0.04, 0.08, None, None).unwrap();
        let norm = range(-10.0, 30.0, None, None).unwrap();
        assert_eq!(uni.at_normal_score(0.0), 3.0);
        assert!((tri.at_normal_score(0.0) - (10.0 - 40f64.sqrt())).abs() < 1e-12);
        assert!((logn.at_normal_score(0.0) - (0.04f64 * 0.08).sqrt()).abs() < 1e-15);
        assert_eq!(norm.at_normal_score(0.0), 10.0);
        let z95 = 1.644_853_626_951_472_2;
        assert!((uni.at_normal_score(z95) - 3.9).abs() < 1e-12);
        assert!((logn.at_normal_score(z95) - 0.08).abs() < 1e-4);
        assert!((norm.at_normal_score(z95) - 30.0).abs() < 1e-3);
        // Far tails stay within the support.
        assert_eq!(tri.at_normal_score(-40.0), 0.0);
        assert_eq!(uni.at_normal_score(40.0), 4.0);
    }

    #[test]
    fn bad_ranges_are_refused_with_their_reason() {
        assert_eq!(range(2.0, 1.0, None, None), Err(RangeError::LoAboveHi { lo: 2.0, hi: 1.0 }));
        assert_eq!(
            range(0.0, 1.0, Some(DistKind::Lognormal), None),
            Err(RangeError::LognormalNeedsPositiveLo { lo: 0.0 })
        );
        assert_eq!(range(0.0, 1.0, Some(DistKind::Triangular), None), Err(RangeError::MissingMode));
        assert_eq!(
            range(0.0, 1.0, Some(DistKind::Triangular), Some(3.0)),
            Err(RangeError::ModeOutside { lo: 0.0, mode: 3.0, hi: 1.0 })
        );
        assert_eq!(range(0.0, 1.0, Some(DistKind::Uniform), Some(0.5)), Err(RangeError::ModeWithoutTriangular));
    }
}
