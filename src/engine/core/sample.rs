//! Exact samplers for the model's distributions, cheap for the small means that dominate a run.
//!
//! A run of the model's example makes about 8,000 draws, most with a mean
//! below one. General-purpose samplers spend 35-100 ns a draw on set-up; these
//! pick the cheapest *exact* method for each case:
//! - Poisson: sequential-search inversion for `lambda < 10`, Hörmann's PTRS
//!   (transformed rejection with squeeze, 1993) above;
//! - binomial: inversion for `n p < 10`, Hörmann's BTRS above (both on
//!   `p <= 1/2`, by symmetry);
//! - multivariate hypergeometric: drawing without replacement from the urn.
//!
//! Exactness is checked against the closed-form probability mass functions in
//! the tests below (chi-square at alpha = 1e-6 with fixed seeds).

use super::rng::SimRng;

/// `1 / k` for small `k`: the inversion loops multiply instead of divide.
const RECIPROCALS: [f64; 64] = {
    let mut t = [0.0; 64];
    let mut k = 1;
    while k < 64 {
        t[k] = 1.0 / k as f64;
        k += 1;
    }
    t
};

#[inline]
fn reciprocal(k: u64) -> f64 {
    if k < 64 { RECIPROCALS[k as usize] } else { 1.0 / k as f64 }
}

/// `floor` without a call into libm (x86-64's baseline has no rounding
/// instruction); exact for |x| < 2^52.
#[inline]
fn floor(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x { t - 1.0 } else { t }
}

/// `ln(k!)`, exact from a table for small `k`, Stirling's series above.
pub fn log_factorial(k: u64) -> f64 {
    const TABLE_LEN: usize = 1024;
    static TABLE: std::sync::OnceLock<[f64; TABLE_LEN]> = std::sync::OnceLock::new();
    if (k as usize) < TABLE_LEN {
        let table = TABLE.get_or_init(|| {
            let mut t = [0.0; TABLE_LEN];
            for i in 1..TABLE_LEN {
                t[i] = t[i - 1] + (i as f64).ln();
            }
            t
        });
        return table[k as usize];
    }
    // Stirling's series for ln Γ(n + 1); at n >= 1024 the omitted terms are
    // below 1e-20 relative.
    let n = k as f64;
    let inv = 1.0 / n;
    let inv2 = inv * inv;
    (n + 0.5) * n.ln() - n + 0.918_938_533_204_672_8 // ln(sqrt(2 pi))
        + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)))
}

/// `Poisson(lambda)`; `lambda` must be finite and `>= 0` (anything else gives 0).
/// The largest mean a Poisson draw takes.
pub const MAX_LAMBDA: f64 = 1e13;

pub fn poisson(rng: &mut SimRng, lambda: f64) -> u64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 0;
    }
    // A valid plan never gets near this; it keeps a degenerate mean (a
    // near-zero cost per visit against a huge budget) finite and the counts
    // of a 600-minute run far from u64::MAX.
    let lambda = lambda.min(MAX_LAMBDA);
    if lambda < 10.0 { poisson_inversion(rng, lambda) } else { poisson_ptrs(rng, lambda) }
}

fn poisson_inversion(rng: &mut SimRng, lambda: f64) -> u64 {
    let mut p = (-lambda).exp();
    let mut u = rng.uniform();
    let mut k = 0u64;
    // The tail beyond 20 + 10 lambda holds less than 1e-15 of the mass; the
    // cap only guards against rounding in `u -= p` leaving u above zero.
    let cap = (20.0 + 10.0 * lambda) as u64;
    while u >= p && k < cap {
        u -= p;
        k += 1;
        p *= lambda * reciprocal(k);
    }
    k
}

fn poisson_ptrs(rng: &mut SimRng, lambda: f64) -> u64 {
    let slam = lambda.sqrt();
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = rng.uniform() - 0.5;
        let v = rng.uniform_pos();
        let us = 0.5 - u.abs();
        let k = floor((2.0 * a / us + b) * u + lambda + 0.43);
        if us >= 0.07 && v <= vr {
            return k as u64;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        let lhs = (v * inv_alpha / (a / (us * us) + b)).ln();
        let rhs = -lambda + k * lambda.ln() - log_factorial(k as u64);
        if lhs <= rhs {
            return k as u64;
        }
    }
}

/// `Binomial(n, p)`; `p` outside `(0, 1)` is taken as its nearest bound.
pub fn binomial(rng: &mut SimRng, n: u64, p: f64) -> u64 {
    Binomial::new(p).sample(rng, n)
}

/// Below this mean, inversion (cost growing with the mean) beats BTRS
/// (constant cost, but several logarithms when its quick test fails).
const INVERSION_MAX_MEAN: f64 = 16.0;

/// Binomial draws with one success probability and any number of trials.
/// A minute draws many binomials with the same `p` (one per cohort); making
/// this once per `p` saves a logarithm per draw.
#[derive(Clone, Copy, Debug)]
pub struct Binomial {
    /// `min(p, 1 - p)`: the samplers work on `p <= 1/2` and mirror.
    p: f64,
    mirrored: bool,
    /// `ln(1 - p)`, for `(1 - p)^n` in the inversion.
    ln_q: f64,
}

impl Binomial {
    pub fn new(p: f64) -> Self {
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        let mirrored = p > 0.5;
        let p = if mirrored { 1.0 - p } else { p };
        Binomial { p, mirrored, ln_q: (-p).ln_1p() }
    }

    #[inline]
    pub fn sample(&self, rng: &mut SimRng, n: u64) -> u64 {
        let k = if n == 0 || self.p == 0.0 {
            0
        } else if n == 1 {
            u64::from(rng.uniform() < self.p)
        } else if (n as f64) * self.p < INVERSION_MAX_MEAN {
            self.inversion(rng, n)
        } else {
            binomial_btrs(rng, n, self.p)
        };
        if self.mirrored { n - k } else { k }
    }

    fn inversion(&self, rng: &mut SimRng, n: u64) -> u64 {
        let p = self.p;
        let q = 1.0 - p;
        let s = p / q;
        let a = (n as f64 + 1.0) * s;
        let r0 = ((n as f64) * self.ln_q).exp();
        loop {
            let mut r = r0;
            let mut u = rng.uniform();
            let mut x = 0u64;
            while u >= r {
                u -= r;
                x += 1;
                if x > n {
                    break; // rounding left u above the total mass: draw again
                }
                r *= a * reciprocal(x) - s;
            }
            if x <= n {
                return x;
            }
        }
    }
}

fn binomial_btrs(rng: &mut SimRng, n: u64, p: f64) -> u64 {
    let nf = n as f64;
    let q = 1.0 - p;
    let spq = (nf * p * q).sqrt();
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * p;
    let c = nf * p + 0.5;
    let vr = 0.92 - 4.2 / b;
    // The constants of the slow path are computed once, when first needed.
    let mut slow: Option<(f64, f64, f64, f64)> = None;
    loop {
        let u = rng.uniform() - 0.5;
        let v = rng.uniform_pos();
        let us = 0.5 - u.abs();
        let k = floor((2.0 * a / us + b) * u + c);
        if k < 0.0 || k > nf {
            continue;
        }
        if us >= 0.07 && v <= vr {
            return k as u64;
        }
        let (alpha, lpq, m, h) = *slow.get_or_insert_with(|| {
            let alpha = (2.83 + 5.1 / b) * spq;
            let lpq = (p / q).ln();
            let m = floor((nf + 1.0) * p);
            let h = log_factorial(m as u64) + log_factorial((nf - m) as u64);
            (alpha, lpq, m, h)
        });
        let v = (v * alpha / (a / (us * us) + b)).ln();
        let ku = k as u64;
        if v <= h - log_factorial(ku) - log_factorial(n - ku) + (k - m) * lpq {
            return ku;
        }
    }
}

/// Multivariate hypergeometric: choose `draws` of the `sum(counts)` balls
/// uniformly without replacement; `out[j]` gets how many came from group `j`.
/// Walks the smaller of the drawn and the left-behind sets, so the cost is
/// `min(draws, total - draws)` uniform draws.
pub fn hypergeometric_split(rng: &mut SimRng, counts: &[u64], draws: u64, out: &mut [u64]) {
    let total: u64 = counts.iter().sum();
    let draws = draws.min(total);
    let leave_out = draws * 2 > total;
    let picks = if leave_out { total - draws } else { draws };
    out.fill(0);
    let mut left = total;
    for _ in 0..picks {
        // Ball `r` of those still in the urn; group j has counts[j] - out[j] left.
        let mut r = rng.below(left);
        let mut j = 0;
        while r >= counts[j] - out[j] {
            r -= counts[j] - out[j];
            j += 1;
        }
        out[j] += 1;
        left -= 1;
    }
    if leave_out {
        for (o, c) in out.iter_mut().zip(counts) {
            *o = c - *o;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ln_binomial_pmf(n: u64, p: f64, k: u64) -> f64 {
        log_factorial(n) - log_factorial(k) - log_factorial(n - k) + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()
    }

    fn ln_poisson_pmf(lambda: f64, k: u64) -> f64 {
        -lambda + k as f64 * lambda.ln() - log_factorial(k)
    }

    /// Upper quantile of chi-square with `df` degrees of freedom at alpha =
    /// 1e-6, by the Wilson-Hilferty approximation (z = 4.753).
    fn chi2_critical(df: usize) -> f64 {
        let d = df as f64;
        let z = 4.753;
        d * (1.0 - 2.0 / (9.0 * d) + z * (2.0 / (9.0 * d)).sqrt()).powi(3)
    }

    /// Chi-square goodness of fit of `draws` against `ln_pmf`, with cells
    /// pooled so that each expects at least 5 counts.
    fn chi_square_fits(samples: &[u64], ln_pmf: impl Fn(u64) -> f64, support_max: u64) -> (f64, f64) {
        let n = samples.len() as f64;
        let max_seen = samples.iter().copied().max().unwrap_or(0);
        let top = support_max.min(max_seen.max(1) + 50);
        let mut observed = vec![0f64; top as usize + 1];
        for &s in samples {
            observed[s.min(top) as usize] += 1.0;
        }
        let mut expected: Vec<f64> = (0..=top).map(|k| n * ln_pmf(k).exp()).collect();
        // The last cell takes the whole upper tail.
        let head: f64 = expected[..top as usize].iter().sum();
        expected[top as usize] = (n - head).max(0.0);
        let mut stat = 0.0;
        let mut cells = 0usize;
        let (mut o_acc, mut e_acc) = (0.0, 0.0);
        for (o, e) in observed.iter().zip(&expected) {
            o_acc += o;
            e_acc += e;
            if e_acc >= 5.0 {
                stat += (o_acc - e_acc).powi(2) / e_acc;
                cells += 1;
                o_acc = 0.0;
                e_acc = 0.0;
            }
        }
        if e_acc > 0.0 {
            stat += (o_acc - e_acc).powi(2) / e_acc;
            cells += 1;
        }
        (stat, chi2_critical(cells.saturating_sub(1).max(1)))
    }

    #[test]
    fn log_factorial_matches_the_product() {
        let mut acc = 0.0;
        for k in 1..400u64 {
            acc += (k as f64).ln();
            assert!((log_factorial(k) - acc).abs() < 1e-9 * acc.max(1.0), "k = {k}");
        }
        assert_eq!(log_factorial(0), 0.0);
    }

    #[test]
    fn binomial_is_exact_in_every_regime() {
        let cases: &[(u64, f64)] = &[
            (1, 0.3),
            (5, 0.5),
            (40, 0.02),
            (200, 0.045), // n p = 9: inversion near the switch
            (220, 0.05),  // n p = 11: BTRS near the switch
            (1_000, 0.3),
            (50_000, 0.002),
            (30, 0.9), // symmetry
            (2_000_000, 0.5),
        ];
        for (i, &(n, p)) in cases.iter().enumerate() {
            let mut rng = SimRng::from_seed(1000 + i as u64);
            let samples: Vec<u64> = (0..200_000).map(|_| binomial(&mut rng, n, p)).collect();
            assert!(samples.iter().all(|&k| k <= n));
            let (stat, crit) = chi_square_fits(&samples, |k| ln_binomial_pmf(n, p, k), n);
            assert!(stat < crit, "Binomial({n}, {p}): chi2 {stat:.1} >= {crit:.1}");
        }
    }

    #[test]
    fn poisson_is_exact_in_every_regime() {
        for (i, &lambda) in [0.05, 0.9, 4.0, 9.9, 10.0, 37.5, 850.0, 1.0e6].iter().enumerate() {
            let mut rng = SimRng::from_seed(2000 + i as u64);
            let samples: Vec<u64> = (0..200_000).map(|_| poisson(&mut rng, lambda)).collect();
            let (stat, crit) = chi_square_fits(&samples, |k| ln_poisson_pmf(lambda, k), u64::MAX);
            assert!(stat < crit, "Poisson({lambda}): chi2 {stat:.1} >= {crit:.1}");
        }
    }

    #[test]
    fn degenerate_parameters_never_panic() {
        let mut rng = SimRng::from_seed(3);
        assert_eq!(poisson(&mut rng, 0.0), 0);
        assert_eq!(poisson(&mut rng, -1.0), 0);
        assert_eq!(poisson(&mut rng, f64::NAN), 0);
        assert_eq!(binomial(&mut rng, 0, 0.5), 0);
        assert_eq!(binomial(&mut rng, 10, 0.0), 0);
        assert_eq!(binomial(&mut rng, 10, 1.0), 10);
        assert_eq!(binomial(&mut rng, 10, f64::NAN), 0);
        assert!(binomial(&mut rng, u64::from(u32::MAX), 1e-9) < 100);
        assert!(poisson(&mut rng, 1e15) > 0);
    }

    #[test]
    fn hypergeometric_split_is_exact() {
        // Groups of 3, 5 and 2, draw 4: group 0's count is Hypergeometric(10, 3, 4).
        let counts = [3u64, 5, 2];
        let mut rng = SimRng::from_seed(4);
        let mut out = [0u64; 3];
        let mut hist = [0f64; 4];
        let trials = 200_000;
        for i in 0..trials {
            let draws = if i % 2 == 0 { 4 } else { 6 }; // 6 walks the complement
            hypergeometric_split(&mut rng, &counts, draws, &mut out);
            assert_eq!(out.iter().sum::<u64>(), draws);
            assert!(out.iter().zip(&counts).all(|(o, c)| o <= c));
            let first = if draws == 4 { out[0] } else { counts[0] - out[0] };
            hist[first as usize] += 1.0;
        }
        // P(X = k) = C(3,k) C(7,4-k) / C(10,4); both halves share it.
        let pmf = [35.0 / 210.0, 105.0 / 210.0, 63.0 / 210.0, 7.0 / 210.0];
        let stat: f64 = hist.iter().zip(pmf).map(|(o, p)| (o - p * trials as f64).powi(2) / (p * trials as f64)).sum();
        assert!(stat < chi2_critical(3), "chi2 {stat}");
    }
}
