//! Plan versus actual for the selected live: where each KPI fell among the plan's runs, the fan charts with
//! the live drawn over them, the minutes it left the band, items, the drop-off curve, channels and buyers.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::channel_table::ChannelText;
use crate::app::components::fan_chart::FanChart;
use crate::app::components::kpi_cards::{format_kpi, kpi_label};
use crate::app::format::Formats;
use crate::app::postlive::dropoff_chart::dropoff_chart;
use crate::app::postlive::state::{Live, Simulated, State};
use crate::app::snap::Snap;
use crate::engine::Series;
use crate::engine::actual::Actual;
use crate::engine::postlive::{Outside, Placed, SeriesVersus, Versus, minute_value};

/// The series drawn as fan charts, and whether each is money.
pub const CHARTED: [(Series, bool); 4] =
    [(Series::Viewers, false), (Series::Arrivals, false), (Series::Orders, false), (Series::Revenue, true)];

pub fn versus_view(s: &State, f: &Rc<Formats>) -> Html {
    use VersusText as T;
    let Some(live) = s.live() else { return html! {} };
    let title = html! { <h2>{ f.fill(T::title, &[("name", &live.name)]) }</h2> };
    let (Some(v), Some(sim)) = (&s.versus, s.plan_runs.as_ref().and_then(|r| r.result.as_ref())) else {
        return html! {
            <section class="panel versus" id="versus">{ title }<p class="hint">{ f.t(T::waiting) }</p></section>
        };
    };
    html! {
        <section class="panel versus" id="versus">
            { title }
            <p class="hint">{ f.fill(T::intro, &[("runs", &f.count(v.runs as f64)), ("minutes", &f.count(v.minutes as f64))]) }</p>
            { kpi_table(v, f) }
            { fan_charts("", sim, &live.actual, f, T::chart_title) }
            <h3>{ f.t(T::outside_title) }</h3>
            <ul class="outside" id="versus-outside">
                { for v.series.iter().map(|sv| html! { <li data-series={sv.series.name()}>{ outside_line(sv, f) }</li> }) }
            </ul>
            { items(v, f) }
            <h3>{ f.t(T::dropoff_title) }</h3>
            { dropoff_chart(&v.dropoff, f) }
            { channels(v, live, f) }
        </section>
    }
}

/// A series' name, as the charts and lists say it.
pub fn series_label(f: &Formats, series: Series) -> String {
    f.t(match series {
        Series::Viewers => VersusText::viewers,
        Series::Arrivals => VersusText::arrivals,
        Series::Orders => VersusText::orders,
        Series::Revenue => VersusText::revenue,
        Series::Chat => VersusText::chat,
        Series::Abandoned => VersusText::abandoned,
        Series::RevenueCumulative => VersusText::revenue_so_far,
    })
}

/// The live's values of `series`, minute by minute.
pub fn curve(live: &Actual, series: Series) -> Rc<Vec<f64>> {
    Rc::new((0..live.minutes.len()).map(|t| minute_value(live, t, series)).collect())
}

/// The fan charts of `sim` with `live` over them (ids `chart-{prefix}viewers`, ...).
pub fn fan_charts(prefix: &str, sim: &Simulated, live: &Actual, f: &Rc<Formats>, heading: VersusText) -> Html {
    html! {
        <div class="fan-grid">
            { for CHARTED.iter().map(|&(series, money)| html! {
                <FanChart
                    id={format!("{prefix}{}", series.name())}
                    title={f.fill(heading, &[("series", &series_label(f, series))])}
                    band={sim.summary.band(series).clone()}
                    plan={Snap(sim.plan.clone())}
                    formats={f.clone()}
                    {money}
                    actual={Some(curve(live, series))}
                />
            }) }
        </div>
    }
}

/// `percentile 73`: where a value fell among the runs.
pub fn percentile(f: &Formats, p: &Placed) -> String {
    f.fill(VersusText::percentile, &[("p", &f.count((p.percentile * 100.0).round()))])
}

/// The plan's p10 to p90 of a placed value.
fn band(f: &Formats, p: &Placed, value: impl Fn(f64) -> String) -> String {
    f.fill(VersusText::range, &[("lo", &value(p.plan_p10)), ("hi", &value(p.plan_p90))])
}

/// Outside the plan's 80 % band.
fn outside(p: &Placed) -> bool {
    p.actual < p.plan_p10 || p.actual > p.plan_p90
}

fn kpi_table(v: &Versus, f: &Formats) -> Html {
    use VersusText as T;
    html! {
        <div class="table-scroll">
            <table id="versus-kpis">
                <thead><tr>
                    <th scope="col">{ f.t(T::kpi) }</th><th scope="col">{ f.t(T::actual) }</th>
                    <th scope="col">{ f.t(T::plan_band) }</th><th scope="col">{ f.t(T::where_) }</th>
                </tr></thead>
                <tbody>
                { for v.kpis.iter().map(|k| {
                    let p = &k.placed;
                    html! {
                        <tr data-kpi={k.kpi.name()} data-percentile={p.percentile.to_string()} class={classes!(outside(p).then_some("flagged"))}>
                            <th scope="row">{ kpi_label(f, k.kpi) }</th>
                            <td>{ format_kpi(f, k.kpi, p.actual) }</td>
                            <td>{ band(f, p, |x| format_kpi(f, k.kpi, x)) }</td>
                            <td class="percentile">{ percentile(f, p) }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </div>
    }
}

/// "Viewers: 84 % of minutes inside the plan's p10–p90; min 12–18 above the plan's p90, …"
fn outside_line(sv: &SeriesVersus, f: &Formats) -> String {
    use VersusText as T;
    const SHOWN: usize = 6;
    let head = f.fill(T::inside, &[("series", &series_label(f, sv.series)), ("share", &f.percent(sv.inside))]);
    if sv.outside.is_empty() {
        return format!("{head} {}", f.t(T::all_inside));
    }
    let mut runs: Vec<String> = sv.outside.iter().take(SHOWN).map(|o| outside_run(o, f)).collect();
    if sv.outside.len() > SHOWN {
        runs.push(f.fill(T::more, &[("n", &f.count((sv.outside.len() - SHOWN) as f64))]));
    }
    format!("{head} {}", runs.join("; "))
}

fn outside_run(o: &Outside, f: &Formats) -> String {
    use VersusText as T;
    let minutes = if o.from == o.to {
        f.fill(T::minute, &[("t", &f.count(f64::from(o.from)))])
    } else {
        f.fill(T::minutes, &[("from", &f.count(f64::from(o.from))), ("to", &f.count(f64::from(o.to)))])
    };
    f.fill(if o.above { T::above } else { T::below }, &[("minutes", &minutes)])
}

fn items(v: &Versus, f: &Formats) -> Html {
    use VersusText as T;
    if v.items.is_empty() {
        return html! { <><h3>{ f.t(T::items_title) }</h3><p class="hint" id="no-items">{ f.t(T::no_items) }</p></> };
    }
    html! {
        <>
            <h3>{ f.t(T::items_title) }</h3>
            <p class="hint">{ f.t(T::items_hint) }</p>
            <div class="table-scroll">
                <table id="versus-items">
                    <thead><tr>
                        <th scope="col">{ f.t(T::item) }</th><th scope="col">{ f.t(T::exposure) }</th>
                        <th scope="col">{ f.t(T::orders_column) }</th><th scope="col">{ f.t(T::per_thousand) }</th>
                        <th scope="col">{ f.t(T::plan_orders) }</th><th scope="col">{ f.t(T::where_) }</th>
                    </tr></thead>
                    <tbody>
                    { for v.items.iter().map(|i| html! {
                        <tr data-item={i.id.clone()} class={classes!(i.high_exposure_low_conversion.then_some("flagged"))}>
                            <th scope="row">{ &i.name }
                                if i.high_exposure_low_conversion { <span class="flag">{ " " }{ f.t(T::flag) }</span> }
                            </th>
                            <td>{ f.count(i.exposure as f64) }</td>
                            <td>{ f.count(i.orders as f64) }</td>
                            <td>{ i.per_thousand.map_or_else(|| "–".to_owned(), |x| f.decimal(x)) }</td>
                            <td>{ band(f, &i.placed, |x| f.count(x)) }</td>
                            <td>{ percentile(f, &i.placed) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            </div>
        </>
    }
}

fn channels(v: &Versus, live: &Live, f: &Formats) -> Html {
    use VersusText as T;
    let channel = |name: &str| match name {
        "direct" => f.t(ChannelText::direct),
        "paid" => f.t(ChannelText::paid),
        _ => f.t(ChannelText::organic),
    };
    let table = if v.channels.is_empty() {
        html! { <p class="hint" id="no-channels">{ f.t(T::no_channels) }</p> }
    } else {
        html! {
            <div class="table-scroll">
                <table id="versus-channels">
                    <thead><tr>
                        <th scope="col">{ f.t(T::channel) }</th><th scope="col">{ f.t(T::arrivals_column) }</th>
                        <th scope="col">{ f.t(T::plan_band) }</th><th scope="col">{ f.t(T::where_) }</th>
                    </tr></thead>
                    <tbody>
                    { for v.channels.iter().map(|c| html! {
                        <tr data-channel={c.channel} class={classes!(outside(&c.placed).then_some("flagged"))}>
                            <th scope="row">{ channel(c.channel) }</th>
                            <td>{ f.count(c.placed.actual) }</td>
                            <td>{ band(f, &c.placed, |x| f.count(x)) }</td>
                            <td>{ percentile(f, &c.placed) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            </div>
        }
    };
    let has_buyers = live.actual.minutes.iter().all(|m| m.buyers_new.is_some() && m.buyers_returning.is_some());
    let returning = match &v.returning_share {
        Some(p) => f.fill(
            T::returning,
            &[
                ("share", &f.percent(p.actual)),
                ("lo", &f.percent(p.plan_p10)),
                ("hi", &f.percent(p.plan_p90)),
                ("where", &percentile(f, p)),
            ],
        ),
        None if has_buyers => f.t(T::no_buyers_yet),
        None => f.t(T::no_buyers),
    };
    html! {
        <>
            <h3>{ f.t(T::channels_title) }</h3>
            { table }
            <h3>{ f.t(T::buyers_title) }</h3>
            <p id="returning-share">{ returning }</p>
        </>
    }
}

crate::texts! { VersusText "postlive_versus" {
    title = "Plan versus actual: {name}";
    waiting = "The plan's runs are still being simulated.";
    intro = "The live's {minutes} minutes against the plan's {runs} simulated lives: where each number fell among them (percentile 50 is the plan's median; below 10 or above 90 is outside the band 80 % of its lives fall in).";
    kpi = "KPI";
    actual = "Actual";
    plan_band = "Plan p10–p90";
    where_ = "Where it fell";
    percentile = "percentile {p}";
    range = "{lo} – {hi}";
    chart_title = "{series}: the plan and the live";
    fit_chart_title = "{series}: the calibrated scenario and the live";
    viewers = "Viewers per minute";
    arrivals = "Arrivals per minute";
    orders = "Orders per minute";
    revenue = "Revenue per minute";
    chat = "Chat messages per minute";
    abandoned = "Abandoned carts per minute";
    revenue_so_far = "Revenue so far";
    outside_title = "Minutes outside the plan's band";
    inside = "{series}: {share} of minutes inside the plan's p10–p90.";
    all_inside = "No minute outside it.";
    minute = "min {t}";
    minutes = "min {from}–{to}";
    above = "{minutes} above the plan's p90";
    below = "{minutes} below the plan's p10";
    more = "and {n} more";
    items_title = "Items";
    items_hint = "Exposure is viewer-minutes while the rundown spotlighted the item; conversion is orders per 1,000 of them.";
    no_items = "The file has no orders:<item id> columns for the scenario's items.";
    item = "Item";
    exposure = "Exposure (viewer-minutes)";
    orders_column = "Orders";
    per_thousand = "Orders per 1,000 viewer-minutes";
    plan_orders = "Plan's orders p10–p90";
    flag = "high exposure, low conversion";
    dropoff_title = "Drop-off: viewers leaving each minute";
    channels_title = "Performance by channel";
    channel = "Channel";
    arrivals_column = "Arrivals";
    no_channels = "The file has no per-channel arrivals (arrivals:direct, arrivals:paid, arrivals:organic columns).";
    buyers_title = "New versus returning buyers";
    returning = "Returning customers were {share} of the buyers (plan p10–p90 {lo} – {hi}, {where}).";
    no_buyers = "The file has no buyers_new and buyers_returning columns.";
    no_buyers_yet = "The live had no buyers, so no share of returning ones.";
} }
