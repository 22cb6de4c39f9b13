//! The synthetic chat: as many lines as the model's chat count (up to a few a minute), arriving across the minute.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::format::Formats;
use crate::app::rehearse::state::{Phase, State};
use crate::engine::rehearsal::{ChatLine, Cue};

#[derive(Clone, PartialEq, Properties)]
pub struct ChatProps {
    pub state: Rc<State>,
    pub formats: Rc<Formats>,
}

pub fn chat(props: &ChatProps) -> Html {
    let (s, f) = (&props.state, &props.formats);
    let names = s.item_names();
    let last = s.shown.saturating_sub(1);
    // The last minute's lines appear as its clock runs; all of them once the live is over.
    let visible = s.chat.iter().filter(|said| s.phase != Phase::Live || said.minute < last || said.at <= s.clock());
    html! {
        <div class="chat" id="chat">
            <h3>{ f.t(ChatText::title) }</h3>
            <ol class="chat-lines" aria-live="off">
                { for visible.collect::<Vec<_>>().into_iter().rev().map(|said| html! {
                    <li class={classes!("chat-line", cue_class(said.line.cue))}>
                        <b>{ f.fill(ChatText::handle, &[("n", &said.line.handle.to_string())]) }</b>{ " " }{ line_text(f, &said.line, &names) }
                    </li>
                }) }
            </ol>
        </div>
    }
}

fn cue_class(cue: Cue) -> &'static str {
    match cue {
        Cue::StockWorry(_) | Cue::PriceComplaint(_) => "chat-warn",
        Cue::FlashHype(_) | Cue::Bought(_) => "chat-buy",
        _ => "",
    }
}

/// A chat line's words: one of the cue's templates in the page's language.
pub fn line_text(f: &Formats, line: &ChatLine, names: &[String]) -> String {
    use ChatText as T;
    let v = usize::from(line.variant);
    let pick = |keys: [T; 3]| keys[v.min(2)];
    let (key, item) = match line.cue {
        Cue::Hello => (pick([T::hello_0, T::hello_1, T::hello_2]), None),
        Cue::DemoQuestion(i) => (pick([T::demo_0, T::demo_1, T::demo_2]), Some(i)),
        Cue::Question => (pick([T::question_0, T::question_1, T::question_2]), None),
        Cue::StockWorry(i) => (pick([T::stock_0, T::stock_1, T::stock_2]), Some(i)),
        Cue::PriceComplaint(i) => (pick([T::price_0, T::price_1, T::price_2]), Some(i)),
        Cue::FlashHype(i) => (pick([T::flash_0, T::flash_1, T::flash_2]), Some(i)),
        Cue::Bought(i) => (pick([T::bought_0, T::bought_1, T::bought_2]), Some(i)),
        Cue::Chatter => (pick([T::chatter_0, T::chatter_1, T::chatter_2]), None),
    };
    let name = item.and_then(|i| names.get(i)).map_or("", String::as_str);
    f.fill(key, &[("item", name)])
}

crate::texts! { ChatText "rehearse_chat" {
    title = "Chat";
    handle = "viewer{n}";
    hello_0 = "Hi everyone! Just joined 👋";
    hello_1 = "Hello from here! What are we seeing today?";
    hello_2 = "Made it on time 😄";
    demo_0 = "Does {item} work for sensitive skin?";
    demo_1 = "How long does {item} last?";
    demo_2 = "Can you show {item} up close?";
    question_0 = "Do you ship to my city?";
    question_1 = "Which one would you pick for a gift?";
    question_2 = "Is there a guarantee?";
    stock_0 = "Is {item} sold out already??";
    stock_1 = "How many {item} are left?";
    stock_2 = "Hurry, {item} is almost gone!";
    price_0 = "{item} is too expensive for me 😕";
    price_1 = "Any discount on {item}?";
    price_2 = "Hmm, {item} costs less elsewhere…";
    flash_0 = "Flash sale on {item}!! 🔥";
    flash_1 = "Got the {item} deal in time!";
    flash_2 = "Adding {item} to cart NOW";
    bought_0 = "Just ordered {item} ✅";
    bought_1 = "Bought {item}, can't wait!";
    bought_2 = "{item} in my cart 🛒";
    chatter_0 = "Love this live ❤️";
    chatter_1 = "The lighting is great today";
    chatter_2 = "Greetings from the office 😂";
} }
