//! `hashpivot asics`: the ASIC library.

use crate::output::{Table, num, print, print_json};
use anyhow::Result;

/// A library listing takes only `--json`.
pub type AsicsArgs = super::JsonArgs;

pub fn run(args: AsicsArgs) -> Result<()> {
    let lib = hashpivot::data::bundled_asics()?;
    if args.json {
        return print_json(&lib.models());
    }
    let mut t = Table::new(["model", "maker", "released", "TH/s", "W", "J/TH", "cooling"]);
    for a in lib.models() {
        t.row([
            a.model.clone(),
            a.manufacturer.clone(),
            a.release.to_string(),
            num(a.hashrate_th_s, 1),
            num(a.power_w, 0),
            num(a.j_per_th, 2),
            format!("{:?}", a.cooling).to_lowercase(),
        ]);
    }
    print(&t.render())
}
