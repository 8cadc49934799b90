//! hashpivot's pictures: the run report (`hashpivot report`), the dispatch report (`dispatch --report`) and the
//! dashboard page (`hashpivot serve`), each one self-contained HTML string. Pure rendering: result structs in,
//! strings out, no I/O.
//!
//! One chart module serves all three: `assets/charts.js` (hand-written) draws every chart with Apache ECharts
//! (`assets/echarts.min.js`, vendored from the npm registry by `scripts/vendor-charts.sh`, licence beside it)
//! from one JSON object, [`ReportData`]. Both scripts are embedded here, so a page needs no network.

#![warn(missing_docs)]

pub mod data;
pub mod figures;
pub mod html;
mod pages;

pub use data::{DispatchData, Histogram, Plans, ReportData};
pub use pages::{dashboard_page, dispatch_page, figures_page, report_page};

/// Apache ECharts, minified, as vendored (version in `assets/ECHARTS-VERSION`).
pub const ECHARTS_JS: &str = include_str!("../assets/echarts.min.js");
/// ECharts' licence (Apache-2.0) and notice, kept with the vendored file.
pub const ECHARTS_LICENSE: &str = include_str!("../assets/ECHARTS-LICENSE");
/// The chart module: `HP.renderCharts(data, root)` draws every `[data-chart]` element under `root`.
pub const CHARTS_JS: &str = include_str!("../assets/charts.js");
/// The pages' style sheet (screen and print).
pub const REPORT_CSS: &str = include_str!("../assets/report.css");
/// The dashboard's script: the form, the re-run on change, the charts redrawn through [`CHARTS_JS`].
pub const DASHBOARD_JS: &str = include_str!("../assets/dashboard.js");
