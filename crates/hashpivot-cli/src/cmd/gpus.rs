//! `hashpivot gpus`: the GPU library, with IT kW per GPU derived from system power.

use crate::output::{Table, num, opt, print, print_json};
use anyhow::Result;

/// A library listing takes only `--json`.
pub type GpusArgs = super::JsonArgs;

pub fn run(args: GpusArgs) -> Result<()> {
    let lib = hashpivot::data::bundled_gpus()?;
    if args.json {
        return print_json(&lib.models());
    }
    let mut t = Table::new([
        "gpu",
        "system",
        "GPUs",
        "system kW",
        "kW IT/GPU",
        "GPU W",
        "cooling",
    ]);
    for m in lib.models() {
        t.row([
            m.name.clone(),
            m.system.clone(),
            m.gpus_per_system.to_string(),
            match m.system_kw_high {
                Some(h) => format!("{}–{}", num(m.system_kw, 1), num(h, 1)),
                None => num(m.system_kw, 1),
            },
            num(m.it_kw_per_gpu, 3),
            opt(m.gpu_tdp_w, 0),
            m.cooling.clone(),
        ]);
    }
    let mut s = t.render();
    s.push_str("\nkW IT per GPU = system input power / GPUs (CPUs, networking and fans included); sources: `hashpivot gpus --json`\n");
    print(&s)
}
