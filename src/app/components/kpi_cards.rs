//! KPI cards: each output's median, its 90 % range, and the chance of meeting its target.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::format::Formats;
use crate::engine::summary::Stats;
use crate::engine::{Kpi, Summary};

#[derive(Properties, PartialEq)]
pub struct KpiCardsProps {
    pub summary: Rc<Summary>,
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

pub fn format_kpi(formats: &Formats, kpi: Kpi, x: f64) -> String {
    match unit_of(kpi) {
        Unit::Money => formats.money(x),
        Unit::Count => formats.count(x),
        Unit::Percent => formats.percent(x),
        Unit::Ratio => format!("{}×", formats.decimal(x)),
        Unit::Minutes => format!("{} min", formats.decimal(x)),
    }
}

/// The cards, in the order a strategist reads them, with a short label each.
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
    ("Stock-outs · oversells · leads", &[Kpi::StockoutLost, Kpi::OversoldCancelled, Kpi::Leads, Kpi::CostPerLead]),
];

fn stat_line(formats: &Formats, kpi: Kpi, stats: Option<&Stats>) -> Html {
    match stats {
        Some(s) => html! {
            <>
                <span class="median">{ format_kpi(formats, kpi, s.p50) }</span>
                <span class="spread" title="90 % of runs fall in this range">
                    { format!("{} – {}", format_kpi(formats, kpi, s.p5), format_kpi(formats, kpi, s.p95)) }
                </span>
            </>
        },
        None => html! { <span class="median na" title="no run had a value">{ "n/a" }</span> },
    }
}

#[function_component(KpiCards)]
pub fn kpi_cards(props: &KpiCardsProps) -> Html {
    let s = &props.summary;
    let f = &props.formats;
    let target = |kpi: Kpi| s.targets.iter().find(|(k, _)| *k == kpi).map(|(_, share)| *share);
    html! {
        <div class="kpi-cards">
            { for CARDS.iter().map(|(title, kpis)| {
                let multi = kpis.len() > 1;
                html! {
                    <div class="kpi-card" data-kpi={kpis[0].name()}>
                        <h3>{ *title }</h3>
                        { for kpis.iter().map(|&kpi| html! {
                            <div class="kpi-line" data-kpi={kpi.name()}>
                                if multi { <span class="kpi-name">{ kpi.name().replace('_', " ") }</span> }
                                { stat_line(f, kpi, s.kpi(kpi)) }
                                if let Some(share) = target(kpi) {
                                    <span class="target" title="share of runs meeting the target">
                                        { format!("target met in {}", f.percent(share)) }
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
