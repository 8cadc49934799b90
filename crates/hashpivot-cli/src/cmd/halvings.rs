//! `hashpivot halvings`: halving heights and their dates, derived from the data's block heights.

use crate::datasets;
use crate::output::{Table, num, print, print_json};
use anyhow::Result;
use clap::Args;
use hashpivot::bounds::HALVINGS_COUNT;

#[derive(Debug, Args)]
pub struct HalvingsArgs {
    /// How many halvings to list.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u64).range(HALVINGS_COUNT.min as u64..=HALVINGS_COUNT.max as u64))]
    pub count: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: HalvingsArgs) -> Result<()> {
    let halvings = datasets::network()?.halvings(args.count);
    if args.json {
        return print_json(&halvings);
    }
    let mut t = Table::new(["halving", "height", "subsidy BTC", "date (UTC)", "basis"]);
    for h in &halvings {
        t.row([
            h.era.to_string(),
            h.height.to_string(),
            num(h.subsidy_btc, 8),
            h.date.map_or("-".into(), |d| d.to_string()),
            match (h.date, h.projected) {
                (None, _) => "beyond the data".to_string(),
                (Some(_), true) => "projected at the last year's block pace".to_string(),
                (Some(_), false) => "block heights in the data".to_string(),
            },
        ]);
    }
    print(&t.render())
}
