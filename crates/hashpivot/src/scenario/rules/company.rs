//! Company rules: a valuation date with complete network data, a Gordon growth below the discount rate.

use super::Finding;
use crate::date::{Date, Month};
use crate::network::NetworkDay;
use crate::scenario::collector::Collector;
use crate::scenario::lenient::Parts;
use crate::scenario::model::{Accounting, Company};
use crate::scenario::raw::RawTerminalValue;
use crate::scenario::validate::Context;

/// A Gordon terminal value needs the discount rate above the growth.
pub(crate) fn gordon_growth_below_discount_rate(
    growth_per_year: f64,
    discount_rate: f64,
) -> Option<Finding> {
    (growth_per_year >= discount_rate).then(|| Finding {
        field: "terminal_value.growth_per_year",
        subject: "terminal value",
        found: growth_per_year.to_string(),
        expected: format!(
            "a growth below the discount rate ({discount_rate}): the Gordon value needs r > g"
        ),
    })
}

/// What the company part gives the other elements' rules.
pub(crate) struct CompanyPart {
    /// Calendar month of month 1 (from the fallback date when the start date is unusable).
    pub first_month: Month,
    /// Months simulated; unknown when `horizon_years` failed the schema (the horizon rules are then skipped).
    pub months: Option<usize>,
    /// The network day the market starts from: the start date's, else the last complete one.
    pub market_day: Option<NetworkDay>,
    /// The checked company, when its part is whole and no rule objects.
    pub company: Option<Company>,
}

pub(crate) fn build(parts: &Parts, ctx: &Context<'_>, c: &mut Collector<'_>) -> CompanyPart {
    let since = c.count();
    let net = ctx.network;
    let last = net.last_complete_date();
    let ck = &parts.company.key;
    let start_date = match &ck.start_date {
        None => last,
        Some(s) => match Date::parse(s) {
            Ok(d) => Some(d),
            Err(e) => {
                c.at("company.start_date", format!("\"{s}\""), e.expected);
                None
            }
        },
    };
    let day = start_date.and_then(|d| net.row(d).ok().copied());
    let complete = day.filter(|d| {
        d.height.is_some()
            && d.difficulty.is_some()
            && d.price_usd.is_some()
            && d.fees_btc.is_some()
    });
    if start_date.is_some() && complete.is_none() {
        c.at(
            "company.start_date",
            start_date.map(|d| d.to_string()).unwrap_or_default(),
            format!(
                "a date with complete network data (height, difficulty, price, fees), {} to {}",
                net.first_date(),
                last.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
            ),
        );
    }
    let start = start_date.unwrap_or(Date::from_ymd(2025, 1, 1).expect("a date"));
    if let (Some(RawTerminalValue::GordonGrowth { growth_per_year }), Some(r)) =
        (ck.terminal_value, ck.discount_rate)
    {
        c.finding(
            "company",
            gordon_growth_below_discount_rate(growth_per_year, r),
        );
    }
    let company = match (&parts.company.full, c.count() == since) {
        (Some(raw), true) => {
            let made = Company::new(&raw.name, start, raw.horizon_years, raw.discount_rate)
                .and_then(|co| co.with_discount_rates(raw.discount_rates))
                .and_then(|co| {
                    co.with_accounting(Accounting {
                        tax_rate: raw.tax_rate,
                        depreciation_years: raw.depreciation_years,
                        lives: raw.depreciation_lives,
                        building_share_of_build_capex: raw.building_share_of_build_capex,
                        bonus_depreciation: raw.bonus_depreciation,
                        loss_offset_limit: raw.loss_offset_limit,
                    })
                })
                .and_then(|co| co.with_overhead(raw.overhead_usd_per_year))
                .and_then(|co| co.with_terminal_value(raw.terminal_value));
            c.built("company", since, made)
        }
        _ => None,
    };
    CompanyPart {
        first_month: Company::first_month_after(start),
        months: ck.horizon_years.map(|y| y as usize * 12),
        market_day: complete.or_else(|| last.and_then(|d| net.row(d).ok().copied())),
        company,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::rules::testing::{parse, parts, problems, with, with_after};

    #[test]
    fn a_gordon_growth_at_the_discount_rate_is_refused() {
        let f = gordon_growth_below_discount_rate(0.1, 0.1).unwrap();
        assert_eq!(
            parts(&f),
            (
                "terminal_value.growth_per_year",
                "0.1",
                "a growth below the discount rate (0.1): the Gordon value needs r > g"
            )
        );
        assert_eq!(gordon_growth_below_discount_rate(0.02, 0.1), None);
        let text = with_after(
            "discount_rate = 0.1\n",
            "terminal_value = { method = \"gordon_growth\", growth_per_year = 0.2 }\n",
        );
        assert_eq!(
            problems(&text),
            [
                "company.terminal_value.growth_per_year: 0.2 | a growth below the discount rate (0.1): the Gordon value needs r > g"
            ]
        );
    }

    #[test]
    fn month_one_is_the_first_whole_month_after_the_valuation_date() {
        let sc = parse(&with("")).unwrap();
        assert_eq!(sc.first_month().to_string(), "2025-07");
        assert_eq!(sc.months(), 36);
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(
            Company::first_month_after(d("2025-06-29")).to_string(),
            "2025-07"
        );
        assert_eq!(
            Company::first_month_after(d("2025-07-01")).to_string(),
            "2025-08"
        );
    }

    #[test]
    fn a_start_date_that_is_not_a_date_is_refused() {
        let text = with("").replace("2025-06-30", "2025-13-01");
        assert_eq!(
            problems(&text),
            ["company.start_date: \"2025-13-01\" | YYYY-MM-DD, e.g. 2024-11-12"]
        );
    }

    #[test]
    fn a_negative_discount_rate_within_the_bound_is_valid() {
        let text = with("").replace("discount_rate = 0.1", "discount_rate = -0.1");
        assert_eq!(parse(&text).unwrap().discount_rate(), -0.1);
        let text = with("").replace("discount_rate = 0.1", "discount_rate = -0.6");
        assert_eq!(
            problems(&text),
            ["company.discount_rate: -0.6 | a number in [-0.5, 1]"]
        );
    }
}
