//! The HTML report: one self-contained file that a plant manager opens in a browser.
//!
//! Everything is inline: the style sheet, the charts (SVG drawn here, tooltips as SVG
//! `<title>`), and a few lines of script that only record errors (for the tests). A content
//! security policy forbids loading anything, so the page reads the same offline. Every name
//! that comes from the input files goes through [`escape_html`].
//!
//! - [`format`]: escaping and numbers;
//! - [`chart`]: the SVG chart kit (scales, legends, weekly, bar, band and heatmap charts);
//! - [`assets`] and [`layout`]: the style sheet and script, the frame every page shares;
//! - one module per page: [`plan`] ([`html`]), [`sweep`] ([`sweep_html`]) and
//!   [`comparison`] ([`comparison_html`]).

mod assets;
mod chart;
mod comparison;
mod format;
mod layout;
mod plan;
mod sweep;

pub use comparison::comparison_html;
pub use format::escape_html;
pub use plan::html;
pub use sweep::sweep_html;
