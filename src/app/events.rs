//! Page-wide event listeners: the undo and redo shortcuts (Ctrl+Z / ⌘Z, Ctrl+Shift+Z, Ctrl+Y), and the address's fragment changing.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::Callback;

/// An event listener on the document or the window, removed when dropped.
pub struct Listener<E: 'static> {
    target: web_sys::EventTarget,
    event: &'static str,
    closure: Closure<dyn FnMut(E)>,
}

impl<E: 'static> Drop for Listener<E> {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}

fn listen<E: wasm_bindgen::convert::FromWasmAbi + 'static>(
    target: web_sys::EventTarget,
    event: &'static str,
    handler: impl FnMut(E) + 'static,
) -> Option<Listener<E>> {
    let closure = Closure::<dyn FnMut(E)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref()).ok()?;
    Some(Listener { target, event, closure })
}

/// What a key press asks of the history: `Some(false)` undo, `Some(true)` redo.
pub fn history_key(key: &str, ctrl_or_meta: bool, shift: bool, alt: bool) -> Option<bool> {
    if !ctrl_or_meta || alt {
        return None;
    }
    match key {
        "z" | "Z" => Some(shift),
        "y" | "Y" if !shift => Some(true),
        _ => None,
    }
}

/// Calls `on_history` (true = redo) on the undo and redo shortcuts pressed anywhere on the page.
pub fn on_undo_keys(on_history: Callback<bool>) -> Option<Listener<web_sys::KeyboardEvent>> {
    let document = web_sys::window()?.document()?;
    listen(document.into(), "keydown", move |e: web_sys::KeyboardEvent| {
        if let Some(redo) = history_key(&e.key(), e.ctrl_key() || e.meta_key(), e.shift_key(), e.alt_key()) {
            e.prevent_default();
            on_history.emit(redo);
        }
    })
}

/// Calls `on_key` on every key pressed anywhere on the page.
pub fn on_key(on_key: Callback<web_sys::KeyboardEvent>) -> Option<Listener<web_sys::KeyboardEvent>> {
    let document = web_sys::window()?.document()?;
    listen(document.into(), "keydown", move |e: web_sys::KeyboardEvent| on_key.emit(e))
}

/// Calls `on_change` when the address's fragment changes (a link pasted into the open page).
pub fn on_hash_change(on_change: Callback<()>) -> Option<Listener<web_sys::Event>> {
    listen(web_sys::window()?.into(), "hashchange", move |_: web_sys::Event| on_change.emit(()))
}

#[cfg(test)]
mod tests {
    use super::history_key;

    #[test]
    fn the_shortcuts_of_every_platform_and_nothing_else() {
        assert_eq!(history_key("z", true, false, false), Some(false));
        assert_eq!(history_key("Z", true, true, false), Some(true));
        assert_eq!(history_key("y", true, false, false), Some(true));
        assert_eq!(history_key("z", false, false, false), None, "a plain z is typing");
        assert_eq!(history_key("z", true, false, true), None, "AltGr+Z types a character on some layouts");
        assert_eq!(history_key("a", true, false, false), None);
    }
}
