//! What one run produces: the model's KPIs (section 3), per item, per channel and per minute.

use serde::{Deserialize, Serialize};

/// The run-level outputs, named exactly as the model's section 3 names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kpi {
    UniqueViewers,
    PeakViewers,
    AvgWatchMin,
    ChatMessages,
    Intents,
    CartAbandoned,
    AbandonmentRate,
    Orders,
    Units,
    Revenue,
    DiscountGiven,
    Cogs,
    Commission,
    PaymentFees,
    Shipping,
    GrossMargin,
    AdSpend,
    FixedCosts,
    Contribution,
    Buyers,
    BuyersNew,
    BuyersReturning,
    ConversionRate,
    Aov,
    Roas,
    Cac,
    StockoutLost,
    OversoldCancelled,
    Leads,
    CostPerLead,
}

impl Kpi {
    pub const COUNT: usize = 30;
    pub const ALL: [Kpi; Kpi::COUNT] = [
        Kpi::UniqueViewers,
        Kpi::PeakViewers,
        Kpi::AvgWatchMin,
        Kpi::ChatMessages,
        Kpi::Intents,
        Kpi::CartAbandoned,
        Kpi::AbandonmentRate,
        Kpi::Orders,
        Kpi::Units,
        Kpi::Revenue,
        Kpi::DiscountGiven,
        Kpi::Cogs,
        Kpi::Commission,
        Kpi::PaymentFees,
        Kpi::Shipping,
        Kpi::GrossMargin,
        Kpi::AdSpend,
        Kpi::FixedCosts,
        Kpi::Contribution,
        Kpi::Buyers,
        Kpi::BuyersNew,
        Kpi::BuyersReturning,
        Kpi::ConversionRate,
        Kpi::Aov,
        Kpi::Roas,
        Kpi::Cac,
        Kpi::StockoutLost,
        Kpi::OversoldCancelled,
        Kpi::Leads,
        Kpi::CostPerLead,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kpi::UniqueViewers => "unique_viewers",
            Kpi::PeakViewers => "peak_viewers",
            Kpi::AvgWatchMin => "avg_watch_min",
            Kpi::ChatMessages => "chat_messages",
            Kpi::Intents => "intents",
            Kpi::CartAbandoned => "cart_abandoned",
            Kpi::AbandonmentRate => "abandonment_rate",
            Kpi::Orders => "orders",
            Kpi::Units => "units",
            Kpi::Revenue => "revenue",
            Kpi::DiscountGiven => "discount_given",
            Kpi::Cogs => "cogs",
            Kpi::Commission => "commission",
            Kpi::PaymentFees => "payment_fees",
            Kpi::Shipping => "shipping",
            Kpi::GrossMargin => "gross_margin",
            Kpi::AdSpend => "ad_spend",
            Kpi::FixedCosts => "fixed_costs",
            Kpi::Contribution => "contribution",
            Kpi::Buyers => "buyers",
            Kpi::BuyersNew => "buyers_new",
            Kpi::BuyersReturning => "buyers_returning",
            Kpi::ConversionRate => "conversion_rate",
            Kpi::Aov => "aov",
            Kpi::Roas => "roas",
            Kpi::Cac => "cac",
            Kpi::StockoutLost => "stockout_lost",
            Kpi::OversoldCancelled => "oversold_cancelled",
            Kpi::Leads => "leads",
            Kpi::CostPerLead => "cost_per_lead",
        }
    }

    pub fn from_name(name: &str) -> Option<Kpi> {
        Kpi::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Targets on these are met at or below the value (model section 4).
    pub fn lower_is_better(self) -> bool {
        matches!(self, Kpi::Cac | Kpi::CostPerLead | Kpi::AbandonmentRate | Kpi::StockoutLost | Kpi::OversoldCancelled)
    }
}

/// A run's KPIs; `None` is a ratio whose denominator was 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpis(pub [Option<f64>; Kpi::COUNT]);

impl Kpis {
    pub fn get(&self, kpi: Kpi) -> Option<f64> {
        self.0[kpi as usize]
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemOutputs {
    pub orders: u64,
    pub revenue: f64,
    pub intents: u64,
    pub abandoned: u64,
    /// Viewer-minutes while the item was spotlighted.
    pub exposure: u64,
    pub sellout_min: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelOutputs {
    pub arrivals: u64,
    pub buyers: u64,
    pub revenue: f64,
}

/// The per-minute series of the model's section 3, and (an extension) revenue so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Series {
    Viewers,
    Arrivals,
    Orders,
    Revenue,
    Chat,
    Abandoned,
    /// Revenue from the start of the live to the end of the minute: its
    /// quantiles are not sums of the per-minute quantiles, so it is its own series.
    RevenueCumulative,
}

impl Series {
    pub const ALL: [Series; 7] = [
        Series::Viewers,
        Series::Arrivals,
        Series::Orders,
        Series::Revenue,
        Series::Chat,
        Series::Abandoned,
        Series::RevenueCumulative,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Series::Viewers => "viewers",
            Series::Arrivals => "arrivals",
            Series::Orders => "orders",
            Series::Revenue => "revenue",
            Series::Chat => "chat",
            Series::Abandoned => "abandoned",
            Series::RevenueCumulative => "revenue_cumulative",
        }
    }
}

/// What one minute did; [`crate::session::Session::step`] returns it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Minute {
    pub minute: u32,
    pub viewers: u64,
    pub arrivals: u64,
    pub orders: u64,
    pub revenue: f64,
    pub chat: u64,
    pub abandoned: u64,
    /// Revenue of the run up to the end of this minute.
    pub revenue_total: f64,
}

impl Minute {
    pub fn value(&self, series: Series) -> f64 {
        match series {
            Series::Viewers => self.viewers as f64,
            Series::Arrivals => self.arrivals as f64,
            Series::Orders => self.orders as f64,
            Series::Revenue => self.revenue,
            Series::Chat => self.chat as f64,
            Series::Abandoned => self.abandoned as f64,
            Series::RevenueCumulative => self.revenue_total,
        }
    }
}

/// Everything one run produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunOutputs {
    pub kpis: Kpis,
    pub items: Vec<ItemOutputs>,
    /// In [`crate::plan::CHANNELS`] order.
    pub channels: [ChannelOutputs; 3],
    pub minutes: Vec<Minute>,
}
