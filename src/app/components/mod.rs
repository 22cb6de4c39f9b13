//! The app's components, one per file.

pub mod app;
pub mod channel_table;
pub mod check_field;
pub mod content_factors;
pub mod editor;
pub mod fan_chart;
pub mod histogram;
pub mod item_table;
pub mod kit_components;
pub mod kpi_cards;
pub mod list_tools;
pub mod notice;
pub mod number_field;
pub mod results;
pub mod run_bar;
pub mod rundown_timeline;
pub mod scenario_file;
pub mod section_audience;
pub mod section_catalog;
pub mod section_checkout;
pub mod section_live;
pub mod section_offers;
pub mod section_rundown;
pub mod section_urgency;
pub mod select_field;
pub mod text_field;
