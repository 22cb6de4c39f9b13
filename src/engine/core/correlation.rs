//! Rank correlations between uncertain inputs (an extension of `livesim/1`),
//! drawn through a Gaussian copula run by run.
//!
//! Iman-Conover would reorder a whole sample of runs, so run `i` would depend
//! on the other runs; a copula draws each run on its own (model section 5).
//! For Spearman's `rho` the normal copula needs the Pearson correlation
//! `2 sin(pi rho / 6)`; each input then maps its normal score through its own
//! quantile function, so every marginal is exactly its distribution.

/// Inputs drawn jointly: a connected set of declared correlations.
#[derive(Clone, Debug, PartialEq)]
pub struct CorrelatedGroup {
    /// Indices into `Plan::uncertain`, ascending.
    pub inputs: Vec<usize>,
    /// Lower-triangular Cholesky factor of the group's Pearson matrix:
    /// `cholesky[r]` holds row `r`, columns `0..=r`.
    pub cholesky: Vec<Vec<f64>>,
}

/// Why a set of declared correlations cannot be drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Contradiction {
    /// Indices into `Plan::uncertain` of the inputs whose correlations contradict each other.
    pub inputs: Vec<usize>,
}

/// The Pearson correlation whose normal copula has Spearman correlation `rho` (in `[-1, 1]`).
pub fn pearson_of_spearman(rho: f64) -> f64 {
    let x = std::f64::consts::PI * rho / 6.0;
    // In wasm, `sin` is compiler-builtins' port of musl's, whose argument
    // reduction (rem_pio2) is most of its 7 KB; an angle within pi/6 never
    // needs it, so the kernel alone gives the same bits. Natively, `sin` is
    // the platform's, kept as it was.
    #[cfg(target_arch = "wasm32")]
    let sin = sin_within_pi_4(x);
    #[cfg(not(target_arch = "wasm32"))]
    let sin = x.sin();
    2.0 * sin
}

/// musl's `sin` for `|x| <= pi/4`: `x` itself below 2^-26, else its `__sin` kernel.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn sin_within_pi_4(x: f64) -> f64 {
    // musl's coefficients, by their bits.
    const S1: f64 = f64::from_bits(0xBFC5_5555_5555_5549);
    const S2: f64 = f64::from_bits(0x3F81_1111_1110_F8A6);
    const S3: f64 = f64::from_bits(0xBF2A_01A0_19C1_61D5);
    const S4: f64 = f64::from_bits(0x3EC7_1DE3_57B1_FE7D);
    const S5: f64 = f64::from_bits(0xBE5A_E5E6_8A2B_9CEB);
    const S6: f64 = f64::from_bits(0x3DE5_D93A_5ACF_D57C);
    if x.abs() < f64::from_bits(0x3e50_0000_0000_0000) {
        return x;
    }
    let z = x * x;
    let w = z * z;
    let r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    let v = z * x;
    x + v * (S1 + z * r)
}

/// The standard normal CDF.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// A pivot at or below this is zero: the matrix is singular there (an
/// exact +-1), which is allowed when the rest of the column agrees.
const PIVOT_TOL: f64 = 1e-10;

/// Cholesky factor of a symmetric matrix that is positive semi-definite up to
/// rounding, or the index of the first row at which it is not.
fn cholesky(m: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, usize> {
    let n = m.len();
    let mut l: Vec<Vec<f64>> = (0..n).map(|r| vec![0.0; r + 1]).collect();
    for j in 0..n {
        let pivot = m[j][j] - l[j][..j].iter().map(|v| v * v).sum::<f64>();
        if pivot < -PIVOT_TOL {
            return Err(j);
        }
        let d = if pivot <= PIVOT_TOL { 0.0 } else { pivot.sqrt() };
        l[j][j] = d;
        for i in j + 1..n {
            let num = m[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if d == 0.0 {
                // A singular column: the rest must follow it exactly.
                if num.abs() > PIVOT_TOL.sqrt() {
                    return Err(i);
                }
            } else {
                l[i][j] = num / d;
            }
        }
    }
    Ok(l)
}

/// Groups checked correlations `(a, b, rho)` (indices into the plan's
/// uncertain inputs, `a != b`, each pair once, `rho` in `[-1, 1]`) into
/// connected groups, each with its Cholesky factor. Pairs not declared are
/// uncorrelated.
pub fn groups(pairs: &[(usize, usize, f64)]) -> Result<Vec<CorrelatedGroup>, Contradiction> {
    // Sorted and unique by insertion: a group has a handful of inputs, and
    // `sort_unstable` would be a sort of its own in the web app's wasm.
    let mut members: Vec<usize> = Vec::new();
    for x in pairs.iter().flat_map(|&(a, b, _)| [a, b]) {
        if let Err(at) = members.binary_search(&x) {
            members.insert(at, x);
        }
    }
    // Connected components by union-find over positions in `members`.
    let pos = |x: usize| members.binary_search(&x).unwrap_or(0);
    let mut parent: Vec<usize> = (0..members.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for &(a, b, _) in pairs {
        let (ra, rb) = (root(&mut parent, pos(a)), root(&mut parent, pos(b)));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut out = Vec::new();
    for r in 0..members.len() {
        if root(&mut parent, r) != r {
            continue;
        }
        let inputs: Vec<usize> =
            (0..members.len()).filter(|&p| root(&mut parent, p) == r).map(|p| members[p]).collect();
        let n = inputs.len();
        let mut m = vec![vec![0.0; n]; n];
        for (i, row) in m.iter_mut().enumerate() {
            row[i] = 1.0;
        }
        for &(a, b, rho) in pairs {
            if let (Ok(i), Ok(j)) = (inputs.binary_search(&a), inputs.binary_search(&b)) {
                let p = pearson_of_spearman(rho);
                m[i][j] = p;
                m[j][i] = p;
            }
        }
        match cholesky(&m) {
            Ok(cholesky) => out.push(CorrelatedGroup { inputs, cholesky }),
            Err(at) => return Err(Contradiction { inputs: inputs[..=at].to_vec() }),
        }
    }
    Ok(out)
}

impl CorrelatedGroup {
    /// Correlated standard normal scores from independent ones `e` (one per input).
    pub fn correlate(&self, e: &[f64]) -> Vec<f64> {
        self.cholesky.iter().map(|row| row.iter().zip(e).map(|(l, x)| l * x).sum()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sine_kernel_is_libm_sine_within_pi_over_4() {
        // The same bits as libm's `sin` (musl's, as compiler-builtins has it in wasm).
        let quarter = std::f64::consts::FRAC_PI_4;
        let mut x = -quarter;
        while x <= quarter {
            assert_eq!(sin_within_pi_4(x).to_bits(), libm::sin(x).to_bits(), "{x}");
            x += 1e-5 * (1.0 + x.abs());
        }
        for rho in [-1.0, -0.5, -0.0, 0.0, 1e-300, -3e-9, 1e-8, 0.3, 0.999, 1.0] {
            let x = std::f64::consts::PI * rho / 6.0;
            assert_eq!(sin_within_pi_4(x).to_bits(), libm::sin(x).to_bits(), "{rho}");
        }
    }

    #[test]
    fn the_pearson_conversion_fixes_the_ends_and_zero() {
        assert_eq!(pearson_of_spearman(0.0), 0.0);
        assert!((pearson_of_spearman(1.0) - 1.0).abs() < 1e-15);
        assert!((pearson_of_spearman(-1.0) + 1.0).abs() < 1e-15);
        // Spearman 0.5 is Pearson 2 sin(pi / 12) = 0.5176.
        assert!((pearson_of_spearman(0.5) - 0.517_638_090_205_041_5).abs() < 1e-12);
    }

    #[test]
    fn the_normal_cdf_has_its_known_values() {
        assert_eq!(normal_cdf(0.0), 0.5);
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-15);
        assert!((normal_cdf(-1.644_853_626_951_472_2) - 0.05).abs() < 1e-15);
        assert!(normal_cdf(-40.0) >= 0.0 && normal_cdf(40.0) <= 1.0);
    }

    #[test]
    fn separate_pairs_make_separate_groups_and_factor_their_matrix() {
        let g = groups(&[(4, 1, 0.5), (7, 9, -0.3)]).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].inputs, vec![1, 4]);
        assert_eq!(g[1].inputs, vec![7, 9]);
        let p = pearson_of_spearman(0.5);
        assert_eq!(g[0].cholesky[1][0], p);
        assert!((g[0].cholesky[1][1] - (1.0 - p * p).sqrt()).abs() < 1e-15);
        // L L^T gives back the matrix.
        let z = g[0].correlate(&[1.0, 0.0]);
        assert_eq!(z, vec![1.0, p]);
    }

    #[test]
    fn exact_plus_or_minus_one_is_allowed_and_contradictions_are_not() {
        let g = groups(&[(0, 1, 1.0), (0, 2, 0.5), (1, 2, 0.5)]).unwrap();
        let z = g[0].correlate(&[0.7, 0.3, -0.2]);
        assert!((z[0] - z[1]).abs() < 1e-12);
        assert_eq!(groups(&[(0, 1, 1.0), (0, 2, 0.5), (1, 2, -0.5)]), Err(Contradiction { inputs: vec![0, 1, 2] }));
        assert_eq!(groups(&[(0, 1, 0.9), (1, 2, 0.9), (0, 2, -0.9)]), Err(Contradiction { inputs: vec![0, 1, 2] }));
    }
}
