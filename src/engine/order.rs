//! The engine's few sorts, each written once.
//!
//! Every distinct sort (element type × comparator) is a fresh copy of the
//! standard library's sort in the web app's wasm, about 3.5 KB each; sorting
//! through these functions keeps it to one copy per kind. They are unstable
//! sorts where that gives the same order as a stable one: run indices are
//! unique, equal floats under `total_cmp` are the same bits, and index
//! orders break ties by index.

use super::montecarlo::RunRecord;

/// `records` in increasing run index (each run index once).
pub fn in_run_order(records: &[RunRecord]) -> Vec<&RunRecord> {
    let mut order: Vec<&RunRecord> = records.iter().collect();
    order.sort_unstable_by_key(|r| r.run);
    order
}

/// Sorts `xs` increasingly in `f64::total_cmp` order.
pub fn sort_floats(xs: &mut [f64]) {
    xs.sort_unstable_by(f64::total_cmp);
}

/// The indices of `keys` in increasing order of key (`total_cmp`), equal keys in index order.
pub fn order_by(keys: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    idx.sort_unstable_by(|&a, &b| keys[a].total_cmp(&keys[b]).then(a.cmp(&b)));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_by_breaks_ties_by_index_like_a_stable_sort() {
        let keys = [2.0, -1.0, 2.0, f64::INFINITY, -1.0, 0.0];
        let mut stable: Vec<usize> = (0..keys.len()).collect();
        stable.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
        assert_eq!(order_by(&keys), stable);
        assert_eq!(order_by(&keys), vec![1, 4, 5, 0, 2, 3]);
    }

    #[test]
    fn sort_floats_orders_signed_zeros_and_infinities() {
        let mut xs = [3.0, f64::NEG_INFINITY, 0.0, -0.0, -2.5];
        sort_floats(&mut xs);
        assert_eq!(xs.map(f64::to_bits), [f64::NEG_INFINITY, -2.5, -0.0, 0.0, 3.0].map(f64::to_bits));
    }
}
