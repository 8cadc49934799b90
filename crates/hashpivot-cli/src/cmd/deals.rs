//! `hashpivot deals`: the library of real AI/HPC deals and the figures implied by each one's own inputs.

use crate::output::{Table, num, opt, print, print_json};
use anyhow::Result;
use clap::{Args, Subcommand};
use hashpivot::Date;
use hashpivot::hpc::deals::{Deal, DealKind, DealMetrics, DealStatus};
use serde::Serialize;

/// Default discount rate for deal NPVs.
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.10;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DealsArgs {
    #[command(subcommand)]
    pub command: Option<DealsCommand>,
    /// Annual discount rate for the NPV column (0.1 = 10%).
    #[arg(long, default_value_t = DEFAULT_DISCOUNT_RATE, allow_negative_numbers = true)]
    pub discount_rate: f64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DealsCommand {
    /// One deal in full: inputs, derived figures and sources.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Deal id (`hashpivot deals` lists them).
    pub id: String,
    /// Annual discount rate for the NPV (0.1 = 10%).
    #[arg(long, default_value_t = DEFAULT_DISCOUNT_RATE, allow_negative_numbers = true)]
    pub discount_rate: f64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The `deals show` contract.
#[derive(Debug, Serialize)]
pub struct DealOutput<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: DealKind,
    pub landlord: &'a str,
    pub tenant: &'a str,
    pub backstop_guarantor: Option<&'a str>,
    pub backstop_usd: Option<f64>,
    pub announced: Date,
    pub status: DealStatus,
    pub status_date: Date,
    pub status_note: &'a str,
    pub mw_it: Option<f64>,
    pub mw_gross: Option<f64>,
    pub term_years: Option<f64>,
    pub contract_value_usd: Option<f64>,
    pub escalator_per_year: Option<f64>,
    pub power_pass_through: &'static str,
    pub implied_usd_per_kw_month: Option<f64>,
    pub revenue_usd_per_it_kwh: Option<f64>,
    pub revenue_usd_per_grid_kwh: Option<f64>,
    pub npv_usd: Option<f64>,
    pub discount_rate: f64,
    pub landlord_irr: Option<f64>,
    pub not_applicable: Option<String>,
    pub confidence: &'a str,
    pub sources: &'a [String],
    pub notes: &'a [String],
    pub deal: &'a Deal,
}

fn output(d: &Deal, m: DealMetrics) -> DealOutput<'_> {
    DealOutput {
        id: &d.id,
        name: &d.name,
        kind: d.kind,
        landlord: &d.landlord,
        tenant: &d.tenant,
        backstop_guarantor: d.backstop.as_ref().map(|b| b.guarantor.as_str()),
        backstop_usd: d.backstop.as_ref().and_then(|b| b.amount_usd),
        announced: d.announced,
        status: d.status,
        status_date: d.status_date,
        status_note: &d.status_note,
        mw_it: d.mw_it,
        mw_gross: d.mw_gross,
        term_years: d.term_years,
        contract_value_usd: d.contract_value_usd,
        escalator_per_year: d.escalator_per_year,
        power_pass_through: d.power_pass_through.as_str(),
        implied_usd_per_kw_month: m.implied_usd_per_kw_month,
        revenue_usd_per_it_kwh: m.revenue_usd_per_it_kwh,
        revenue_usd_per_grid_kwh: m.revenue_usd_per_grid_kwh,
        npv_usd: m.npv_usd,
        discount_rate: m.discount_rate,
        landlord_irr: m.landlord_irr,
        not_applicable: m.not_applicable,
        confidence: &d.confidence,
        sources: &d.sources,
        notes: &d.notes,
        deal: d,
    }
}

fn bn(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| num(v / 1e9, 2))
}

pub fn run(args: DealsArgs) -> Result<()> {
    let lib = hashpivot::data::bundled_deals()?;
    if let Some(DealsCommand::Show(s)) = args.command {
        return show(&lib, s);
    }
    let mut rows = Vec::new();
    for d in lib.deals() {
        rows.push(output(d, d.metrics(args.discount_rate)?));
    }
    if args.json {
        return print_json(&rows);
    }
    let mut t = Table::new([
        "id",
        "landlord → tenant",
        "announced",
        "status",
        "MW IT",
        "years",
        "value $B",
        "$/kW-month IT",
        "$/IT kWh",
        &format!("NPV@{}% $B", num(args.discount_rate * 100.0, 1)),
    ]);
    for r in &rows {
        t.row([
            r.id.to_string(),
            format!("{} → {}", r.landlord, r.tenant),
            r.announced.to_string(),
            match r.status {
                DealStatus::Active => "active".to_string(),
                DealStatus::Terminated => format!("terminated {}", r.status_date),
            },
            opt(r.mw_it, 0),
            opt(r.term_years, 0),
            bn(r.contract_value_usd),
            match (r.kind, r.implied_usd_per_kw_month) {
                (_, Some(v)) => num(v, 1),
                (DealKind::GpuCloud, None) => "n/a (GPU cloud)".into(),
                (DealKind::Acquisition, None) => "n/a (acquisition)".into(),
                _ => "-".into(),
            },
            opt(r.revenue_usd_per_it_kwh, 3),
            bn(r.npv_usd),
        ]);
    }
    let mut s = t.render();
    s.push_str(
        "\n$/kW-month IT = contract value / term months / IT kW (before escalators and ramps); $/IT kWh = that / 730 h.\n\
         NPV: monthly rent from the announcement (build months earn nothing), level unless an escalator is disclosed.\n\
         `hashpivot deals show ID` gives a deal's sources, backstop, pass-through and landlord IRR.\n",
    );
    print(&s)
}

fn show(lib: &hashpivot::hpc::deals::DealLibrary, args: ShowArgs) -> Result<()> {
    let d = lib.find(&args.id)?;
    let o = output(d, d.metrics(args.discount_rate)?);
    if args.json {
        return print_json(&o);
    }
    let mut t = Table::new(["field", "value"]);
    let mut add = |k: &str, v: String| t.row([k.to_string(), v]);
    add("deal", o.name.to_string());
    add("kind", format!("{:?}", o.kind).to_lowercase());
    add("landlord", o.landlord.to_string());
    add("tenant", o.tenant.to_string());
    add(
        "backstop",
        match (o.backstop_guarantor, o.backstop_usd) {
            (Some(g), Some(a)) => format!("{g}, ${} B", num(a / 1e9, 2)),
            (Some(g), None) => format!("{g}, the whole base-term rent"),
            _ => "-".into(),
        },
    );
    add("announced", o.announced.to_string());
    add(
        "status",
        format!("{:?} since {} — {}", o.status, o.status_date, o.status_note).to_lowercase(),
    );
    add("MW IT", opt(o.mw_it, 0));
    add("MW gross", opt(o.mw_gross, 0));
    add("term (years)", opt(o.term_years, 0));
    add("contract value ($B)", bn(o.contract_value_usd));
    add(
        "escalator (/yr)",
        o.escalator_per_year.map_or_else(
            || {
                if d.escalator_note.is_empty() {
                    "not disclosed (level rent assumed)".into()
                } else {
                    d.escalator_note.clone()
                }
            },
            |e| format!("{}%", num(e * 100.0, 1)),
        ),
    );
    add("power pass-through", o.power_pass_through.to_string());
    add(
        "extension options",
        if d.extension_options.is_empty() {
            "-".into()
        } else {
            d.extension_options.clone()
        },
    );
    add(
        "value with extensions ($B)",
        bn(d.value_with_extensions_usd),
    );
    add("implied $/kW-month IT", opt(o.implied_usd_per_kw_month, 2));
    add(
        "revenue $/IT kWh (full load)",
        opt(o.revenue_usd_per_it_kwh, 4),
    );
    add(
        "revenue $/grid kWh (full load)",
        opt(o.revenue_usd_per_grid_kwh, 4),
    );
    add(
        &format!("NPV @ {}% ($B)", num(o.discount_rate * 100.0, 1)),
        bn(o.npv_usd),
    );
    add(
        "landlord unlevered IRR",
        o.landlord_irr
            .map_or_else(|| "-".into(), |r| format!("{}%", num(r * 100.0, 1))),
    );
    add("confidence", o.confidence.to_string());
    let mut s = t.render();
    if let Some(na) = &o.not_applicable {
        s.push_str(&format!("\nnot applicable: {na}\n"));
    }
    s.push_str("\nnotes:\n");
    for n in o.notes {
        s.push_str(&format!("  - {n}\n"));
    }
    s.push_str("sources:\n");
    for src in o.sources {
        s.push_str(&format!("  - {src}\n"));
    }
    print(&s)
}
