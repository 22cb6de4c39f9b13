//! KPI cards: each output's median, its 90 % range, and the chance of meeting its target.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::snap::Snap;

use crate::app::format::Formats;
use crate::engine::summary::Stats;
use crate::engine::{Kpi, Plan, Summary};

pub struct KpiCardsProps {
    pub summary: Rc<Summary>,
    /// The plan the summary is for: its targets' values.
    pub plan: Snap<Plan>,
    pub formats: Rc<Formats>,
}

/// How a KPI's numbers read.
#[derive(Clone, Copy)]
pub enum Unit {
    Money,
    Count,
    Percent,
    Ratio,
    Minutes,
}

pub fn unit_of(kpi: Kpi) -> Unit {
    use Kpi::*;
    match kpi {
        Revenue | DiscountGiven | Cogs | Commission | PaymentFees | Shipping | GrossMargin | AdSpend | FixedCosts
        | Contribution | Aov | Cac | CostPerLead => Unit::Money,
        ConversionRate | AbandonmentRate => Unit::Percent,
        Roas => Unit::Ratio,
        AvgWatchMin => Unit::Minutes,
        _ => Unit::Count,
    }
}

/// A KPI's value as its card shows it; the same precision for a median and its range.
pub fn format_kpi(formats: &Formats, kpi: Kpi, x: f64) -> String {
    match unit_of(kpi) {
        Unit::Money => formats.money(x),
        Unit::Count => formats.count(x),
        Unit::Percent => formats.rate(x),
        Unit::Ratio => format!("{}×", formats.tenths(x)),
        Unit::Minutes => format!("{} min", formats.tenths(x)),
    }
}

/// What people call each output: the cards' titles, and the targets' names in the editor.
pub fn kpi_label(kpi: Kpi) -> &'static str {
    use Kpi::*;
    match kpi {
        UniqueViewers => "Unique viewers",
        PeakViewers => "Peak viewers",
        AvgWatchMin => "Avg watch time",
        ChatMessages => "Chat messages",
        Intents => "Purchase intents",
        CartAbandoned => "Carts abandoned",
        AbandonmentRate => "Cart abandonment",
        Orders => "Orders",
        Units => "Units sold",
        Revenue => "Revenue",
        DiscountGiven => "Discounts given",
        Cogs => "Cost of goods",
        Commission => "Platform commission",
        PaymentFees => "Payment fees",
        Shipping => "Shipping",
        GrossMargin => "Gross margin",
        AdSpend => "Ad spend",
        FixedCosts => "Fixed costs",
        Contribution => "Contribution",
        Buyers => "Buyers",
        BuyersNew => "New buyers",
        BuyersReturning => "Returning buyers",
        ConversionRate => "Conversion",
        Aov => "Average order",
        Roas => "ROAS",
        Cac => "CAC",
        StockoutLost => "Lost to stock-outs",
        OversoldCancelled => "Oversold, cancelled",
        Leads => "Leads",
        CostPerLead => "Cost per lead",
    }
}

/// `at least R$ 60.000,00` or `at most 26,0%` (`≥`, `≤` when `short`): how a run meets a target on `kpi`.
pub fn target_reading(formats: &Formats, kpi: Kpi, value: f64, short: bool) -> String {
    let side = match (kpi.lower_is_better(), short) {
        (true, true) => "≤",
        (false, true) => "≥",
        (true, false) => "at most",
        (false, false) => "at least",
    };
    format!("{side} {}", format_kpi(formats, kpi, value))
}

/// The cards, in the order a strategist reads them; a card of several outputs names each.
const CARDS: [(&str, &[Kpi]); 12] = [
    ("Revenue", &[Kpi::Revenue]),
    ("Contribution", &[Kpi::Contribution]),
    ("Gross margin", &[Kpi::GrossMargin]),
    ("Orders", &[Kpi::Orders]),
    ("Conversion", &[Kpi::ConversionRate]),
    ("Average order", &[Kpi::Aov]),
    ("ROAS", &[Kpi::Roas]),
    ("CAC", &[Kpi::Cac]),
    ("Peak viewers", &[Kpi::PeakViewers]),
    ("Avg watch time", &[Kpi::AvgWatchMin]),
    ("Cart abandonment", &[Kpi::AbandonmentRate]),
    ("Stock-outs & leads", &[Kpi::StockoutLost, Kpi::OversoldCancelled, Kpi::Leads, Kpi::CostPerLead]),
];

fn stat_line(formats: &Formats, kpi: Kpi, stats: Option<&Stats>) -> Html {
    match stats {
        Some(s) => html! {
            <>
                <span class="median">{ format_kpi(formats, kpi, s.p50) }</span>
                // Each value stays whole; a narrow card breaks the range at the dash.
                <span class="spread" title="90 % of runs fall in this range">
                    <span class="v">{ format_kpi(formats, kpi, s.p5) }</span>{ " – " }<span class="v">{ format_kpi(formats, kpi, s.p95) }</span>
                </span>
            </>
        },
        None => html! { <span class="median na" title="no run had a value">{ "n/a" }</span> },
    }
}

pub fn kpi_cards(props: &KpiCardsProps) -> Html {
    let s = &props.summary;
    let f = &props.formats;
    let share = |kpi: Kpi| s.targets.iter().find(|(k, _)| *k == kpi).map(|(_, share)| *share);
    let value = |kpi: Kpi| props.plan.targets.iter().find(|t| t.kpi == kpi).map(|t| t.value);
    html! {
        <div class="kpi-cards">
            { for CARDS.iter().map(|(title, kpis)| {
                let multi = kpis.len() > 1;
                html! {
                    <div class={classes!("kpi-card", multi.then_some("multi"))} data-kpi={kpis[0].name()}>
                        <h3>{ *title }</h3>
                        { for kpis.iter().map(|&kpi| html! {
                            <div class="kpi-line" data-kpi={kpi.name()}>
                                if multi { <span class="kpi-name">{ kpi_label(kpi).to_lowercase() }</span> }
                                { stat_line(f, kpi, s.kpi(kpi)) }
                                if let Some(share) = share(kpi) {
                                    <span class="target" title="share of runs meeting the target">
                                        { match value(kpi) {
                                            Some(v) => format!("target {} met in {}", target_reading(f, kpi, v, true), f.percent(share)),
                                            None => format!("target met in {}", f.percent(share)),
                                        } }
                                    </span>
                                }
                            </div>
                        }) }
                    </div>
                }
            }) }
        </div>
    }
}
