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
        Unit::Ratio => formats.fill(KpiText::ratio, &[("x", &formats.tenths(x))]),
        Unit::Minutes => formats.fill(KpiText::minutes, &[("x", &formats.tenths(x))]),
    }
}

/// What people call each output: the cards' titles, and the targets' names in the editor.
pub fn kpi_label(formats: &Formats, kpi: Kpi) -> String {
    use Kpi::*;
    formats.t(match kpi {
        UniqueViewers => KpiText::unique_viewers,
        PeakViewers => KpiText::peak_viewers,
        AvgWatchMin => KpiText::avg_watch_min,
        ChatMessages => KpiText::chat_messages,
        Intents => KpiText::intents,
        CartAbandoned => KpiText::cart_abandoned,
        AbandonmentRate => KpiText::abandonment_rate,
        Orders => KpiText::orders,
        Units => KpiText::units,
        Revenue => KpiText::revenue,
        DiscountGiven => KpiText::discount_given,
        Cogs => KpiText::cogs,
        Commission => KpiText::commission,
        PaymentFees => KpiText::payment_fees,
        Shipping => KpiText::shipping,
        GrossMargin => KpiText::gross_margin,
        AdSpend => KpiText::ad_spend,
        FixedCosts => KpiText::fixed_costs,
        Contribution => KpiText::contribution,
        Buyers => KpiText::buyers,
        BuyersNew => KpiText::buyers_new,
        BuyersReturning => KpiText::buyers_returning,
        ConversionRate => KpiText::conversion_rate,
        Aov => KpiText::aov,
        Roas => KpiText::roas,
        Cac => KpiText::cac,
        StockoutLost => KpiText::stockout_lost,
        OversoldCancelled => KpiText::oversold_cancelled,
        Leads => KpiText::leads,
        CostPerLead => KpiText::cost_per_lead,
    })
}

/// `at least R$ 60.000,00` or `at most 26,0%` (`≥`, `≤` when `short`): how a run meets a target on `kpi`.
pub fn target_reading(formats: &Formats, kpi: Kpi, value: f64, short: bool) -> String {
    let value = format_kpi(formats, kpi, value);
    match (kpi.lower_is_better(), short) {
        (true, true) => format!("≤ {value}"),
        (false, true) => format!("≥ {value}"),
        (true, false) => formats.fill(KpiText::at_most, &[("value", &value)]),
        (false, false) => formats.fill(KpiText::at_least, &[("value", &value)]),
    }
}

/// The cards, in the order a strategist reads them; a card of one output is titled by its name, a card of several names each.
const CARDS: [&[Kpi]; 12] = [
    &[Kpi::Revenue],
    &[Kpi::Contribution],
    &[Kpi::GrossMargin],
    &[Kpi::Orders],
    &[Kpi::ConversionRate],
    &[Kpi::Aov],
    &[Kpi::Roas],
    &[Kpi::Cac],
    &[Kpi::PeakViewers],
    &[Kpi::AvgWatchMin],
    &[Kpi::AbandonmentRate],
    &[Kpi::StockoutLost, Kpi::OversoldCancelled, Kpi::Leads, Kpi::CostPerLead],
];

fn stat_line(formats: &Formats, kpi: Kpi, stats: Option<&Stats>) -> Html {
    match stats {
        Some(s) => html! {
            <>
                <span class="median">{ format_kpi(formats, kpi, s.p50) }</span>
                // Each value stays whole; a narrow card breaks the range at the dash.
                <span class="spread" title={formats.t(KpiText::spread_title)}>
                    <span class="v">{ format_kpi(formats, kpi, s.p5) }</span>{ " – " }<span class="v">{ format_kpi(formats, kpi, s.p95) }</span>
                </span>
            </>
        },
        None => {
            html! { <span class="median na" title={formats.t(KpiText::no_value_title)}>{ formats.t(KpiText::no_value) }</span> }
        }
    }
}

pub fn kpi_cards(props: &KpiCardsProps) -> Html {
    let s = &props.summary;
    let f = &props.formats;
    let share = |kpi: Kpi| s.targets.iter().find(|(k, _)| *k == kpi).map(|(_, share)| *share);
    let value = |kpi: Kpi| props.plan.targets.iter().find(|t| t.kpi == kpi).map(|t| t.value);
    html! {
        <div class="kpi-cards">
            { for CARDS.iter().map(|kpis| {
                let multi = kpis.len() > 1;
                let title = if multi { f.t(KpiText::stockouts_and_leads) } else { kpi_label(f, kpis[0]) };
                html! {
                    <div class={classes!("kpi-card", multi.then_some("multi"))} data-kpi={kpis[0].name()}>
                        <h3>{ title }</h3>
                        { for kpis.iter().map(|&kpi| html! {
                            <div class="kpi-line" data-kpi={kpi.name()}>
                                if multi { <span class="kpi-name">{ kpi_label(f, kpi).to_lowercase() }</span> }
                                { stat_line(f, kpi, s.kpi(kpi)) }
                                if let Some(share) = share(kpi) {
                                    <span class="target" title={f.t(KpiText::target_title)}>
                                        { match value(kpi) {
                                            Some(v) => f.fill(KpiText::target_met, &[("target", &target_reading(f, kpi, v, true)), ("share", &f.percent(share))]),
                                            None => f.fill(KpiText::met, &[("share", &f.percent(share))]),
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

crate::texts! { KpiText "kpi" {
    unique_viewers = "Unique viewers";
    peak_viewers = "Peak viewers";
    avg_watch_min = "Avg watch time";
    chat_messages = "Chat messages";
    intents = "Purchase intents";
    cart_abandoned = "Carts abandoned";
    abandonment_rate = "Cart abandonment";
    orders = "Orders";
    units = "Units sold";
    revenue = "Revenue";
    discount_given = "Discounts given";
    cogs = "Cost of goods";
    commission = "Platform commission";
    payment_fees = "Payment fees";
    shipping = "Shipping";
    gross_margin = "Gross margin";
    ad_spend = "Ad spend";
    fixed_costs = "Fixed costs";
    contribution = "Contribution";
    buyers = "Buyers";
    buyers_new = "New buyers";
    buyers_returning = "Returning buyers";
    conversion_rate = "Conversion";
    aov = "Average order";
    roas = "ROAS";
    cac = "CAC";
    stockout_lost = "Lost to stock-outs";
    oversold_cancelled = "Oversold, cancelled";
    leads = "Leads";
    cost_per_lead = "Cost per lead";
    stockouts_and_leads = "Stock-outs & leads";
    ratio = "{x}×";
    minutes = "{x} min";
    at_most = "at most {value}";
    at_least = "at least {value}";
    spread_title = "90 % of runs fall in this range";
    no_value_title = "no run had a value";
    no_value = "n/a";
    target_title = "share of runs meeting the target";
    target_met = "target {target} met in {share}";
    met = "target met in {share}";
} }
