//! The pages of one command's figures ([`crate::figures_page`]): each names its heading, the command that
//! writes it and its charts (`charts.js` draws each from the command's `--json` object).

/// A figures page: heading, command and charts (`data-chart` name, title, note).
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    /// The page's heading, before the subject.
    pub heading: &'static str,
    /// The command that writes the page, as the footer names it.
    pub command: &'static str,
    /// Each chart: its name in `charts.js`, its title and a note under it (empty for none).
    pub charts: &'static [(&'static str, &'static str, &'static str)],
}

/// `hashpivot dispatch --report`: the heatmap of running MW and the monthly margin (data: the dispatch's
/// [`crate::DispatchData`] in [`crate::ReportData`]).
pub const DISPATCH: Figures = Figures {
    heading: "Dispatch",
    command: "hashpivot dispatch --report",
    charts: &[
        (
            "dispatch_heatmap",
            "Mining MW running, hour of day × day",
            "Hours of the day on the dispatch's clock (Central Prevailing Time unless --utc-days).",
        ),
        ("dispatch_margin", "Monthly margin and its parts (USD)", ""),
    ],
};

/// `hashpivot power bid --report`: the bid curves (data: `power bid --json`).
pub const POWER_BID: Figures = Figures {
    heading: "Who outbids whom for power",
    command: "hashpivot power bid --report",
    charts: &[
        (
            "bid_curve",
            "Willingness to pay per grid MWh against the hub's price duration curve",
            "The curve: the hub's hourly prices sorted, at every 5th percentile of the hours. A use can bid in the \
             hours left of where its line crosses the curve. Mining tiers at the year's mean WTP (their daily range in \
             the chart below). The curve's top hours are off the scale when they exceed it; the table gives them.",
        ),
        (
            "bid_hours",
            "Hours each use can bid and hours it wins",
            "An hour is won by the use with the highest WTP among those at or above the hub price.",
        ),
        (
            "bid_stop_prices",
            "Each mining tier's stop price, day by day (USD per grid MWh)",
            "A tier stops in an hour whose hub price is above the day's value (its WTP at the day's hashprice). \
             The lease and the GPU cloud bid a constant WTP.",
        ),
    ],
};

/// `hashpivot network exodus --report`: hashprice and network fans with and without the exodus (data:
/// `network exodus --json`).
pub const EXODUS: Figures = Figures {
    heading: "Miners leaving",
    command: "hashpivot network exodus --report",
    charts: &[
        (
            "exodus_hashprice",
            "Hashprice, USD per PH/s per day: P5–P95 and P50, with and without the exodus",
            "Before pool fees; the same paths with and without the fleets switched off.",
        ),
        (
            "exodus_network",
            "Network hashrate (EH/s, left) and difficulty (right): P5–P95 and P50, with and without the exodus",
            "The market is monthly: each month's difficulty is its hashrate × 10^18 × 600 s / 2^32, so one band \
             reads as both. The difficulty's P50 and P5–P95 of each month are in the tooltip (the P50 in the table \
             below).",
        ),
    ],
};

/// `hashpivot network energy --report`: TWh by year against published estimates (data: `network energy
/// --json`).
pub const ENERGY: Figures = Figures {
    heading: "Network energy",
    command: "hashpivot network energy --report",
    charts: &[(
        "energy_twh",
        "Electricity used by the network, TWh per year: lower bound, best guess, upper bound",
        "Points: published estimates of the same years (sources in the table below).",
    )],
};

/// `hashpivot network concentration --report`: listed share, HHI and Nakamoto coefficient over the dates
/// covered (data: `network concentration --json`).
pub const CONCENTRATION: Figures = Figures {
    heading: "Concentration",
    command: "hashpivot network concentration --report",
    charts: &[
        (
            "concentration_listed",
            "Listed miners' share of the network hashrate, and the estimated US share",
            "",
        ),
        (
            "concentration_pools",
            "Pool concentration: HHI (range where the pool table is incomplete) and Nakamoto coefficient",
            "",
        ),
    ],
};
