//! `hashpivot deals`: the library of real AI/HPC deals and the figures implied by each one's own inputs.

use crate::output::{Table, num, opt, print, print_json};
use anyhow::Result;
use clap::{Args, Subcommand};
use hashpivot::Date;
use hashpivot::bounds::DISCOUNT_RATE;
use hashpivot::hpc::deals::{
    DEFAULT_DISCOUNT_RATE, Deal, DealKind, DealMetrics, DealSource, DealStatus,
};
use serde::Serialize;

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
    /// USD guaranteed: the cap, or the whole base-term rent (the contract value) when that is guaranteed.
    pub backstop_usd: Option<f64>,
    /// "capped amount" or "full base-term rent".
    pub backstop_basis: Option<&'static str>,
    pub announced: Date,
    pub status: DealStatus,
    pub status_date: Date,
    pub status_note: &'a str,
    pub mw_it: Option<f64>,
    pub mw_gross: Option<f64>,
    pub term_years: Option<f64>,
    pub contract_value_usd: Option<f64>,
    /// What `contract_value_usd` is: a contract's total value, or an acquisition offer's equity value.
    pub value_basis: &'static str,
    pub escalator_per_year: Option<f64>,
    pub power_pass_through: &'static str,
    pub implied_usd_per_kw_month: Option<f64>,
    pub revenue_usd_per_it_kwh: Option<f64>,
    pub revenue_usd_per_grid_kwh: Option<f64>,
    /// Present value of the contracted gross revenue (rent, or compute revenue, before any cost) at
    /// `discount_rate`, as of the announcement: not the landlord's or operator's net value.
    pub npv_usd: Option<f64>,
    pub npv_basis: &'static str,
    pub discount_rate: f64,
    pub landlord_irr: Option<f64>,
    pub not_applicable: Option<String>,
    pub confidence: &'a str,
    /// Landlord NOI as a share of rent (every lease has one) and how it was found.
    pub noi_margin: Option<f64>,
    pub noi_margin_basis: &'a str,
    /// The deal this row amends or expands.
    pub parent: Option<&'a str>,
    /// True for a row that sums others (left out of medians and totals).
    pub aggregate: bool,
    pub backstop_structure: &'a str,
    pub build_months: Option<u32>,
    /// The first source's address and date (every source is in `sources`).
    pub source_url: &'a str,
    pub source_date: Date,
    pub sources: &'a [DealSource],
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
        backstop_usd: d.backstop.as_ref().and_then(|b| {
            if b.full_base_term {
                d.contract_value_usd
            } else {
                b.amount_usd
            }
        }),
        backstop_basis: d.backstop.as_ref().map(|b| {
            if b.full_base_term {
                "full base-term rent"
            } else {
                "capped amount"
            }
        }),
        announced: d.announced,
        status: d.status,
        status_date: d.status_date,
        status_note: &d.status_note,
        mw_it: d.mw_it,
        mw_gross: d.mw_gross,
        term_years: d.term_years,
        contract_value_usd: d.contract_value_usd,
        value_basis: match d.kind {
            DealKind::Acquisition => "equity value of the offer (not a contract for capacity)",
            _ => "total contract value over the base term",
        },
        escalator_per_year: d.escalator_per_year,
        power_pass_through: d.power_pass_through.as_str(),
        implied_usd_per_kw_month: m.implied_usd_per_kw_month,
        revenue_usd_per_it_kwh: m.revenue_usd_per_it_kwh,
        revenue_usd_per_grid_kwh: m.revenue_usd_per_grid_kwh,
        npv_usd: m.npv_usd,
        npv_basis: NPV_BASIS,
        discount_rate: m.discount_rate,
        landlord_irr: m.landlord_irr,
        not_applicable: m.not_applicable,
        confidence: &d.confidence,
        noi_margin: d.noi_margin,
        noi_margin_basis: &d.noi_margin_basis,
        parent: d.parent.as_deref(),
        aggregate: d.is_aggregate(),
        backstop_structure: &d.backstop_structure,
        build_months: d.build_months,
        source_url: d.sources.first().map_or("", |s| s.url.as_str()),
        source_date: d.sources.first().map_or(d.announced, |s| s.date),
        sources: &d.sources,
        notes: &d.notes,
        deal: d,
    }
}

/// What the `npv_usd` field means.
pub const NPV_BASIS: &str = "present value of the contracted gross revenue (rent or compute revenue, before any cost), \
     as of the announcement";

fn kind_str(k: DealKind) -> &'static str {
    match k {
        DealKind::Lease => "lease",
        DealKind::GpuCloud => "gpu_cloud",
        DealKind::Acquisition => "acquisition",
    }
}

fn status_str(s: DealStatus) -> &'static str {
    match s {
        DealStatus::Active => "active",
        DealStatus::Terminated => "terminated",
    }
}

fn bn(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| num(v / 1e9, 2))
}

pub fn run(args: DealsArgs) -> Result<()> {
    let lib = hashpivot::data::bundled_deals()?;
    DISCOUNT_RATE.check_as("--discount-rate", args.discount_rate)?;
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
        "announced",
        "MW IT",
        "years",
        "value $B",
        "NOI %",
        "$/kW-month IT",
        "$/IT kWh",
        &format!("PV@{}% $B", num(args.discount_rate * 100.0, 1)),
    ]);
    for r in &rows {
        t.row([
            if r.aggregate {
                format!("{} (sum)", r.id)
            } else {
                r.id.to_string()
            },
            r.announced.to_string(),
            opt(r.mw_it, 0),
            opt(r.term_years, 0),
            bn(r.contract_value_usd),
            match (r.noi_margin, r.noi_margin_basis.starts_with("disclosed")) {
                (Some(m), true) => num(m * 100.0, 1),
                (Some(m), false) => format!("{}*", num(m * 100.0, 1)),
                (None, _) => "-".into(),
            },
            match (r.kind, r.implied_usd_per_kw_month) {
                (_, Some(v)) => num(v, 1),
                (DealKind::GpuCloud | DealKind::Acquisition, None) => "n/a".into(),
                _ => "-".into(),
            },
            opt(r.revenue_usd_per_it_kwh, 3),
            bn(r.npv_usd),
        ]);
        let mut note = format!("{} → {}", r.landlord, r.tenant);
        match r.kind {
            DealKind::Acquisition => note.push_str(
                " (target → acquirer); value: the offer's equity value; no rent (an acquisition)",
            ),
            DealKind::GpuCloud => note.push_str("; no rent (a GPU-cloud contract)"),
            _ => {}
        }
        if r.status == DealStatus::Terminated {
            note.push_str(&format!("; terminated {}", r.status_date));
        }
        t.note(note);
    }
    let mut s = t.render();
    let aggregates = rows.iter().filter(|r| r.aggregate).count();
    s.push_str(&format!(
        "\n{} rows: {} contracts, each counted once, and {aggregates} sums of other rows (marked \"(sum)\", left out of medians).\n\
         NOI % = landlord NOI / rent: disclosed by the company, or * = assumed from the named peers (`deals show ID`).",
        rows.len(),
        rows.len() - aggregates
    ));
    s.push_str(
        "\n$/kW-month IT = contract value / term months / IT kW (before escalators and ramps); $/IT kWh = that / 730 h.\n\
         PV = present value of the contracted gross revenue (the JSON's npv_usd): monthly rent or compute revenue \
         from the announcement (build months earn nothing), level unless an escalator is disclosed; before any cost.\n\
         An acquisition's value is the offer's equity value, not a contract.\n\
         `hashpivot deals show ID` gives a deal's sources, backstop, pass-through and landlord IRR.\n",
    );
    print(&s)
}

fn show(lib: &hashpivot::hpc::deals::DealLibrary, args: ShowArgs) -> Result<()> {
    DISCOUNT_RATE.check_as("--discount-rate", args.discount_rate)?;
    let d = lib.find(&args.id).map_err(|e| match e {
        // The core lists the ids; the command that lists the deals is the CLI's to name.
        hashpivot::Error::InvalidInput {
            field,
            found,
            expected,
        } => hashpivot::Error::InvalidInput {
            field,
            found,
            expected: format!("{expected}; `hashpivot deals` lists them"),
        },
        e => e,
    })?;
    let o = output(d, d.metrics(args.discount_rate)?);
    if args.json {
        return print_json(&o);
    }
    let mut t = Table::new(["field", "value"]);
    let mut add = |k: &str, v: String| t.row([k.to_string(), v]);
    let acquisition = o.kind == DealKind::Acquisition;
    add("deal", o.name.to_string());
    add("kind", kind_str(o.kind).to_string());
    if acquisition {
        add(
            "target → acquirer",
            format!("{} → {}", o.landlord, o.tenant),
        );
    } else if o.kind == DealKind::GpuCloud {
        add("operator (sells compute)", o.landlord.to_string());
        add("customer", o.tenant.to_string());
    } else {
        add("landlord", o.landlord.to_string());
        add("tenant", o.tenant.to_string());
        add(
            "backstop",
            match &d.backstop {
                Some(b) if b.full_base_term => format!(
                    "{}, full base-term rent{}",
                    b.guarantor,
                    o.contract_value_usd
                        .map_or_else(String::new, |v| format!(" (${} B)", num(v / 1e9, 2)))
                ),
                Some(b) => format!(
                    "{}, capped at ${} B",
                    b.guarantor,
                    num(b.amount_usd.unwrap_or(0.0) / 1e9, 2)
                ),
                None => "-".into(),
            },
        );
    }
    if let Some(p) = o.parent {
        add("expands / amends", p.to_string());
    }
    if o.aggregate {
        add("sum of", d.aggregate_of.join(", "));
    }
    add("announced", o.announced.to_string());
    add(
        "status",
        format!(
            "{} (as of {}: {})",
            status_str(o.status),
            o.status_date,
            o.status_note
        ),
    );
    add("MW IT", opt(o.mw_it, 0));
    add("MW gross", opt(o.mw_gross, 0));
    if acquisition {
        add("equity value ($B)", bn(o.contract_value_usd));
    } else {
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
        add(
            "NOI margin",
            o.noi_margin.map_or_else(
                || "-".into(),
                |m| format!("{}% ({})", num(m * 100.0, 1), o.noi_margin_basis),
            ),
        );
        if !o.backstop_structure.is_empty() {
            add("backstop structure", o.backstop_structure.to_string());
        }
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
            &format!(
                "PV of contracted gross revenue @ {}% ($B)",
                num(o.discount_rate * 100.0, 1)
            ),
            bn(o.npv_usd),
        );
        add(
            "landlord unlevered IRR",
            o.landlord_irr
                .map_or_else(|| "-".into(), |r| format!("{}%", num(r * 100.0, 1))),
        );
    }
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
        s.push_str(&format!("  - {} ({}): {}\n", src.what, src.date, src.url));
    }
    print(&s)
}
