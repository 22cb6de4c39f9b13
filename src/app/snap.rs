//! `Snap<T>`: a shared result that is never changed in place (a plan, an optimisation), compared by identity.
//!
//! Props are compared on every render. `Rc<T>` compares the values behind it,
//! which for a plan or an optimisation means walking all of it, and costs the
//! wasm a deep `PartialEq` per type; a new result is always a new `Rc`, so
//! identity says the same thing at once.

use std::ops::Deref;
use std::rc::Rc;

#[derive(Debug)]
pub struct Snap<T>(pub Rc<T>);

impl<T> Clone for Snap<T> {
    fn clone(&self) -> Self {
        Snap(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Snap<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Snap<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_only_to_itself_and_its_clones() {
        let a = Snap(Rc::new(vec![1.0]));
        let same_value = Snap(Rc::new(vec![1.0]));
        assert_eq!(a, a.clone());
        assert_ne!(a, same_value);
        assert_eq!(a.len(), 1);
    }
}
