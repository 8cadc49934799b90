//! `--xlsx FILE` of `run`, `decide` and `value`: the commands' results laid out as sheets of typed cells. The
//! formats, totals and the file itself are `hashpivot_output::xlsx`'s; this module only says which figure goes
//! in which cell.

use crate::store;
use anyhow::{Context, Result};
use hashpivot::assumption::{Assumption, Basis};
use hashpivot::decide::Comparison;
use hashpivot::sim::Report;
use hashpivot::valuation::{SEGMENT_KEYS, Valuation};
use hashpivot_output::xlsx::{Cell, Kind, Sheet, Workbook};
use std::path::Path;

/// Writes `book` to `path` atomically (a temporary file beside it, then a rename).
pub fn write(path: &Path, book: &Workbook) -> Result<()> {
    let bytes = book
        .to_xlsx()
        .with_context(|| format!("cannot build the workbook {}", path.display()))?;
    store::write_atomic(path, &bytes)
}

/// A basis in words: `stated`, `library: ENTRY`, `default: REASON`.
fn basis(b: &Basis) -> String {
    match b {
        Basis::Stated => "stated".into(),
        Basis::Library { entry } => format!("library: {entry}"),
        Basis::Default { reason } => format!("default: {reason}"),
    }
}

/// The Assumptions sheet: one row per assumed number, optionally under a first column (e.g. the plan).
fn assumptions<'a>(rows: impl IntoIterator<Item = (Option<&'a str>, &'a Assumption)>) -> Sheet {
    let rows: Vec<_> = rows.into_iter().collect();
    let by = rows.iter().any(|(k, _)| k.is_some());
    let mut headers = vec!["name", "value", "unit", "basis", "source"];
    if by {
        headers.insert(0, "plan");
    }
    let mut s = Sheet::new("Assumptions", headers);
    for (k, a) in rows {
        let mut cells = vec![
            Cell::text(&a.name),
            Cell::num(a.value, Kind::General),
            Cell::text(a.unit),
            Cell::text(basis(&a.basis)),
            a.source.as_deref().map_or(Cell::Empty, Cell::text),
        ];
        if by {
            cells.insert(0, Cell::text(k.unwrap_or_default()));
        }
        s.row(cells);
    }
    s
}

/// A Summary sheet: figure, value, note.
struct Summary(Sheet);

impl Summary {
    fn new() -> Summary {
        Summary(Sheet::new("Summary", ["figure", "value", "note"]))
    }

    fn add(&mut self, figure: &str, value: Cell, note: &str) -> &mut Summary {
        let note = if note.is_empty() {
            Cell::Empty
        } else {
            Cell::text(note)
        };
        self.0.row([Cell::text(figure), value, note]);
        self
    }

    fn usd(&mut self, figure: &str, v: f64, note: &str) -> &mut Summary {
        self.add(figure, Cell::num(v, Kind::Usd), note)
    }
}

/// `run --xlsx`: Summary, Assumptions, Yearly, Monthly (the base case's cash flows, `monthly_csv`: the rows of
/// `cashflows_base.csv`) and Paths (`paths`: the rows of `paths.csv`).
pub fn run(r: &Report, monthly_csv: &[u8], paths: &hashpivot_output::Table) -> Result<Workbook> {
    let s = &r.summary;
    let usd = |v: f64| Cell::num(v, Kind::Usd);
    let pct = |v: f64| Cell::num(v, Kind::Percent);
    let mode = if r.deterministic {
        "deterministic base case"
    } else {
        "Monte Carlo paths"
    };
    let tv = format!(
        "{}, undiscounted, at {}",
        r.terminal_value.describe(),
        r.last_month
    );
    let mut m = Summary::new();
    for (figure, value, note) in [
        ("scenario", Cell::text(&s.scenario), ""),
        ("paths", Cell::num(s.paths as f64, Kind::Integer), mode),
        ("seed", Cell::num(s.seed as f64, Kind::Integer), ""),
        ("first month", Cell::text(&r.first_month), ""),
        ("horizon", Cell::text(&r.last_month), "last simulated month"),
        (
            "NPV mean",
            usd(s.npv_usd.mean),
            "equity cash flows, USD at the valuation date",
        ),
        ("NPV P5", usd(s.npv_usd.p5), ""),
        ("NPV P50", usd(s.npv_usd.p50), ""),
        ("NPV P95", usd(s.npv_usd.p95), ""),
        (
            "CVaR 5%",
            usd(s.cvar5_usd),
            "mean NPV of the worst 5% of paths",
        ),
        ("P(NPV < 0)", pct(s.prob_npv_negative), ""),
        (
            "IRR P50",
            Cell::opt(s.irr_p50, Kind::Percent),
            "median over the paths with an IRR; empty when fewer than half have one",
        ),
        ("paths with an IRR", pct(r.irr_defined_share), ""),
    ] {
        m.add(figure, value, note);
    }
    for (case, c, note) in [
        (
            "base case",
            &s.cases.base,
            "every volatility at zero (expected path)",
        ),
        ("median case", &s.cases.median, "every shock at its median"),
    ] {
        m.add(&format!("{case} NPV"), usd(c.npv_usd), note);
        m.add(
            &format!("{case} BTC at the horizon"),
            usd(c.final_btc_usd),
            "USD per BTC",
        );
    }
    for (figure, value, note) in [
        (
            "terminal value P50",
            usd(r.terminal_value_usd.p50),
            tv.as_str(),
        ),
        (
            "NPV without terminal value P50",
            usd(r.npv_without_terminal_usd.p50),
            "",
        ),
        (
            "BTC mined P50",
            Cell::num(s.btc_mined_p50, Kind::Btc),
            "over the horizon",
        ),
        (
            "cost per BTC P50",
            Cell::opt(r.cost_per_btc_usd_p50, Kind::Usd),
            "power the mining drew at contract price + variable opex; USD per BTC",
        ),
        (
            "BTC-beta of monthly EBITDA",
            Cell::opt(s.btc_beta_ebitda.map(|b| b * 0.1), Kind::Usd),
            "USD per +0.10 BTC log return",
        ),
    ] {
        m.add(figure, value, note);
    }
    let first_class = m.0.rows();
    for c in &s.npv_by_class_usd {
        let at = c.rate.map_or_else(
            || "at the debt's rate".to_string(),
            |r| format!("at {:.2}%", r * 100.0),
        );
        m.usd(
            &format!("NPV mean: {}", c.class.replace('_', " ")),
            c.mean_usd,
            &at,
        );
    }
    let classes = first_class..m.0.rows();
    m.add(
        "sum of the classes' means",
        Cell::sum_above(classes, Kind::Usd),
        "equals the NPV mean (adjusted present value)",
    );
    Ok(Workbook::new(vec![
        m.0,
        assumptions(s.assumptions.iter().map(|a| (None, a))),
        yearly(r),
        Sheet::from_csv("Monthly", monthly_csv).context("the base case's monthly cash flows")?,
        Sheet::from_table("Paths", paths),
    ]))
}

/// The Yearly sheet: EBITDA quantiles on both bases, the base case's EBITDA, mean revenue by segment and its
/// total, BTC-beta; a total row of the figures that add up across years.
fn yearly(r: &Report) -> Sheet {
    let s = &r.summary;
    let mut t = Sheet::new(
        "Yearly",
        [
            "year",
            "EBITDA P5 (USD)",
            "EBITDA P50",
            "EBITDA P95",
            "accrual EBITDA P5",
            "accrual EBITDA P50",
            "accrual EBITDA P95",
            "base case EBITDA",
            "mining revenue (mean)",
            "hosting/lease revenue (mean)",
            "GPU cloud revenue (mean)",
            "power sales (mean)",
            "revenue (mean)",
            "BTC-beta (USD per +0.10 log return)",
        ],
    );
    let u = |v: f64| Cell::num(v, Kind::Usd);
    for (i, ((y, acc), mix)) in s
        .ebitda_usd_by_year
        .iter()
        .zip(&s.ebitda_accrual_usd_by_year)
        .zip(&s.revenue_mix_by_year)
        .enumerate()
    {
        let beta = r.btc_beta_ebitda_by_year.get(i).copied().flatten();
        t.row([
            Cell::num(y.year as f64, Kind::Integer),
            u(y.p5),
            u(y.p50),
            u(y.p95),
            u(acc.p5),
            u(acc.p50),
            u(acc.p95),
            Cell::opt(s.cases.base.ebitda_usd_by_year.get(i).copied(), Kind::Usd),
            u(mix.self_mining),
            u(mix.hosting_lease),
            u(mix.gpu_cloud),
            u(mix.power_sales),
            Cell::sum_left(8..12, Kind::Usd),
            Cell::opt(beta.map(|b| b * 0.1), Kind::Usd),
        ]);
    }
    let years = 0..t.rows();
    // Quantiles do not add up across years; the base case and the means do.
    let mut total = vec![Cell::text("total")];
    total.extend((1..7).map(|_| Cell::Empty));
    total.extend((7..13).map(|_| Cell::sum_above(years.clone(), Kind::Usd)));
    total.push(Cell::Empty);
    t.row(total);
    t
}

/// `decide --xlsx`: Summary, Plans (side by side with their paired difference to the baseline) and each plan's
/// Assumptions.
pub fn decide(c: &Comparison, plan_assumptions: &[(String, Vec<Assumption>)]) -> Workbook {
    let mut m = Summary::new();
    m.add("company", Cell::text(&c.company), "")
        .add(
            "paths",
            Cell::num(c.paths as f64, Kind::Integer),
            "per plan, the same paths for every plan",
        )
        .add("seed", Cell::num(c.seed as f64, Kind::Integer), "")
        .add("baseline", Cell::text(&c.baseline), "")
        .add("recommendation", Cell::text(&c.recommendation.text), "");
    let mut p = Sheet::new(
        "Plans",
        [
            "plan",
            "kind",
            "NPV mean (USD)",
            "NPV P5",
            "NPV P50",
            "NPV P95",
            "CVaR 5%",
            "P(NPV < 0)",
            "proceeds (USD)",
            "ΔNPV mean vs baseline",
            "ΔNPV P5",
            "ΔNPV P50",
            "ΔNPV P95",
            "P(beats baseline)",
        ],
    );
    let u = |v: f64| Cell::num(v, Kind::Usd);
    for (x, d) in c.plans.iter().zip(&c.versus_baseline) {
        p.row([
            Cell::text(&x.plan),
            Cell::text(&x.kind),
            u(x.npv_usd.mean),
            u(x.npv_usd.p5),
            u(x.npv_usd.p50),
            u(x.npv_usd.p95),
            u(x.cvar5_usd),
            Cell::num(x.prob_npv_negative, Kind::Percent),
            u(x.proceeds_usd),
            u(d.delta_npv_usd.mean),
            u(d.delta_npv_usd.p5),
            u(d.delta_npv_usd.p50),
            u(d.delta_npv_usd.p95),
            Cell::num(d.prob_beats_baseline, Kind::Percent),
        ]);
    }
    let rows = plan_assumptions
        .iter()
        .flat_map(|(plan, list)| list.iter().map(move |a| (Some(plan.as_str()), a)));
    Workbook::new(vec![m.0, p, assumptions(rows)])
}

/// What `value --xlsx` is given: the valuation and the run's settings.
pub struct ValueBook<'a> {
    /// The scenario's name.
    pub scenario: &'a str,
    /// Paths and seed of the run.
    pub paths: u64,
    /// Seed of the run.
    pub seed: u64,
    /// The valuation.
    pub valuation: &'a Valuation,
    /// The scenario's assumptions.
    pub assumptions: &'a [Assumption],
}

/// `value --xlsx`: Summary, the Bridge (operating segments then balance-sheet items, their sum the equity value
/// as a formula, then the market and the residual) and Assumptions.
pub fn value(b: &ValueBook<'_>) -> Workbook {
    let v = b.valuation;
    let mut m = Summary::new();
    m.add(
        "company",
        Cell::text(format!("{} ({})", v.name, v.company)),
        "",
    )
    .add("scenario", Cell::text(b.scenario), "")
    .add("paths", Cell::num(b.paths as f64, Kind::Integer), "")
    .add("seed", Cell::num(b.seed as f64, Kind::Integer), "")
    .add(
        "bridge path",
        Cell::num(v.bridge_path.path as f64, Kind::Integer),
        &format!(
            "rank {} of {} by operations NPV (the P50 path)",
            v.bridge_path.rank + 1,
            v.bridge_path.paths
        ),
    )
    .usd(
        "equity value",
        v.equity_value_usd,
        "on the P50 path: the Bridge's sum",
    )
    .add("shares basic", Cell::num(v.shares_basic, Kind::Count), "")
    .add(
        "shares diluted",
        Cell::num(v.shares_diluted, Kind::Count),
        "after in-the-money conversions and warrants",
    );
    for (q, x) in [
        ("P5", v.per_share_usd.p5),
        ("P50", v.per_share_usd.p50),
        ("P95", v.per_share_usd.p95),
    ] {
        m.add(
            &format!("value per diluted share {q}"),
            Cell::num(x, Kind::UsdCents),
            "",
        );
    }
    let mut g = Sheet::new("Bridge", ["part", "item", "USD", "basis"]);
    for i in &v.items {
        let part = if SEGMENT_KEYS.contains(&i.key) {
            "operating segment"
        } else {
            "balance sheet"
        };
        g.row([
            Cell::text(part),
            Cell::text(&i.label),
            Cell::num(i.usd, Kind::Usd),
            Cell::text(&i.basis),
        ]);
    }
    let items = 0..g.rows();
    g.row([
        Cell::text("total"),
        Cell::text("equity value"),
        Cell::sum_above(items, Kind::Usd),
        Cell::text("sum of the lines above"),
    ]);
    if let Some(k) = &v.market {
        m.add(
            "share price",
            Cell::num(k.share_price_usd, Kind::UsdCents),
            &format!("on {}", k.date),
        )
        .add(
            "residual per share",
            Cell::num(k.residual_usd_per_share, Kind::UsdCents),
            "market − model",
        );
        g.row([
            Cell::text("market"),
            Cell::text(format!("market capitalisation on {}", k.date)),
            Cell::num(k.market_cap_usd, Kind::Usd),
            Cell::text(&k.source),
        ]);
        g.row([
            Cell::text("market"),
            Cell::text("residual (market − model)"),
            Cell::num(k.residual_usd, Kind::Usd),
            Cell::text("pipeline not valued, businesses not modelled, conventions, option value"),
        ]);
    }
    for n in &v.notes {
        m.add("note", Cell::Empty, n);
    }
    Workbook::new(vec![
        m.0,
        g,
        assumptions(b.assumptions.iter().map(|a| (None, a))),
    ])
}
