//! The three uses of a megawatt on one footing — self-mining, a hosting lease (as the landlord, after
//! converting the site) and a GPU cloud (as the operator) — with every per-kWh figure on two bases: per kWh
//! drawn from the grid and per kWh of IT load. The denominators differ by the PUE, and so do the press's
//! comparisons.
//!
//! - `inputs`: what a comparison takes, each field checked against [`crate::bounds`];
//! - `request`: what a person asks for, the fixed defaults and the bounds of each number;
//! - `defaults`: how the bundled data fills the rest, each default with its basis;
//! - `rows`: the three rows and their flows;
//! - `seed_claim`: the seed claim "$0.17–0.20 vs $3–5 per kWh" taken apart, and the notes.

mod defaults;
mod inputs;
mod request;
mod rows;
mod seed_claim;

pub use defaults::{Defaults, Resolved};
pub use inputs::{CompareInputs, H100_BOARD_KW, H100_IT_KW_PER_GPU, LeaseInputs, MiningInputs};
pub use request::{CompareRequest, FIXED, FIXED_GPU, Fixed};
pub use rows::{CompareRow, Comparison, compare};
pub use seed_claim::{AI_CLAIM_USD_PER_KWH, ClaimDays, MINING_CLAIM_USD_PER_KWH, SeedClaim};

#[cfg(test)]
mod tests {
    use super::seed_claim::{claim_days_note, mining_claim_days};
    use super::*;
    use crate::date::Date;
    use crate::finance::npv;
    use crate::hpc::Pue;
    use crate::hpc::gpu_cloud::GpuCloudParams;

    pub(crate) fn inputs() -> CompareInputs {
        CompareInputs {
            mining: MiningInputs {
                usd_per_ph_day: 55.97,
                pool_fee: 0.0,
                j_per_th: 17.5,
                power_usd_per_kwh: 0.05,
                pue: 1.0,
                opex_usd_per_mwh: 0.0,
                asic_usd_per_th: 20.0,
                site_capex_usd_per_mw_gross: 550_000.0,
                life_years: 4,
            },
            lease: LeaseInputs {
                usd_per_kw_month: 148.8,
                pue: 1.3,
                noi_margin: 0.85,
                capex_usd_per_mw_it: 10e6,
                build_months: 12,
                term_years: 10,
                escalator_per_year: 0.0,
                asic_resale_usd_per_th: 5.0,
            },
            gpu_name: "H100 SXM".into(),
            gpu: GpuCloudParams {
                it_kw_per_gpu: 1.275,
                pue: Pue::new(1.3).unwrap(),
                usd_per_gpu_hour: 2.0,
                price_decline_per_year: 0.0,
                utilization: 1.0,
                gpu_capex_usd_per_mw_it: 29e6,
                life_years: 5,
                non_gpu_capex_usd_per_mw_it: 10e6,
                opex_usd_per_mw_it_year: 0.0,
                power_usd_per_kwh: 0.05,
                build_months: 0,
                first_month: crate::date::Month {
                    year: 2025,
                    month: 1,
                },
            },
            gpu_board_kw: Some(0.7),
            discount_rate: 0.1,
            library_rent_range_usd_per_kw_month: (100.0, 175.0),
        }
    }

    #[test]
    fn per_kwh_figures_on_both_bases() {
        let c = compare(&inputs()).unwrap();
        let m = &c.rows[0];
        assert_eq!(m.use_of_power, "self_mining");
        assert!((m.revenue_usd_per_it_kwh - 55.97 / (24.0 * 17.5)).abs() < 1e-12);
        assert!((m.margin_usd_per_grid_kwh - (55.97 / 420.0 - 0.05)).abs() < 1e-12);
        // 20 $/TH × 57,143 TH + $0.55M.
        assert!((m.capex_usd_per_mw_it - (20.0 * 1e6 / 17.5 + 550_000.0)).abs() < 1e-6);
        let l = &c.rows[1];
        assert!((l.revenue_usd_per_it_kwh - 148.8 / 730.0).abs() < 1e-12);
        assert!((l.revenue_usd_per_grid_kwh - 148.8 / 730.0 / 1.3).abs() < 1e-12);
        let g = &c.rows[2];
        assert!((g.revenue_usd_per_it_kwh - 2.0 / 1.275).abs() < 1e-12);
        assert!((g.revenue_usd_per_grid_kwh - 2.0 / 1.275 / 1.3).abs() < 1e-12);
        assert_eq!(g.capex_usd_per_mw_it, 39e6);
        for r in &c.rows {
            assert!(r.irr.is_some_and(f64::is_finite), "{}", r.use_of_power);
            assert!(r.npv_usd_per_mw_it.is_finite());
        }
    }

    #[test]
    fn seed_claim_is_taken_apart() {
        let s = compare(&inputs()).unwrap().seed_claim;
        // $0.17–0.20 at 17.5 J/TH needs 0.17 × 24 × 17.5 = $71.4 to $84/PH/day.
        assert!((s.hashprice_usd_per_ph_day_needed[0] - 71.4).abs() < 1e-9);
        assert!((s.hashprice_usd_per_ph_day_needed[1] - 84.0).abs() < 1e-9);
        // At $55.97/PH/day: 55.97 / (24 × 0.20) = 11.66 J/TH.
        assert!((s.j_per_th_needed[1] - 55.97 / 4.8).abs() < 1e-9);
        assert!((s.usd_per_gpu_hour_needed_per_it_kwh[0] - 3.825).abs() < 1e-12);
        assert!((s.usd_per_gpu_hour_needed_per_grid_kwh[1] - 6.375 * 1.3).abs() < 1e-12);
        // Landlord range per IT kWh: 100/730 = 0.137 to 175/730 = 0.240.
        assert!((s.landlord_usd_per_it_kwh[0] - 0.136_986).abs() < 1e-6);
        assert!((s.landlord_usd_per_it_kwh[1] - 0.239_726).abs() < 1e-6);
        assert!((s.h100_market_usd_per_it_kwh[0] - 1.333_333).abs() < 1e-6);
        // The press's basis: $2.10–3.50 per H100-hour over a 0.7 kW board is $3–5 per kWh.
        assert!((s.h100_press_usd_per_gpu_hour[0] - 2.10).abs() < 1e-12);
        assert!((s.h100_press_usd_per_gpu_hour[1] - 3.50).abs() < 1e-12);
        assert!((s.h100_press_usd_per_board_kwh[0] - 3.0).abs() < 1e-12);
        assert!((s.h100_press_usd_per_board_kwh[1] - 5.0).abs() < 1e-12);
        assert!((s.h100_press_usd_per_it_kwh[1] - 3.5 / 1.275).abs() < 1e-12);
        let b = s.usd_per_gpu_hour_needed_per_board_kwh.unwrap();
        assert!((b[0] - 2.1).abs() < 1e-12 && (b[1] - 3.5).abs() < 1e-12);
    }

    #[test]
    fn claim_days_count_the_range() {
        let d = |s: &str| Date::parse(s).unwrap();
        // At 17.5 J/TH, no fee: $0.17–0.20 is $71.4–84 per PH/day.
        let days = [
            (d("2021-01-01"), 100.0),
            (d("2021-01-02"), 80.0),
            (d("2021-01-03"), f64::NAN),
            (d("2021-01-04"), 71.4),
            (d("2021-01-05"), 50.0),
        ];
        let c = mining_claim_days(days, 0.0, 17.5, [0.17, 0.20]);
        assert_eq!((c.days_checked, c.days_in_range, c.days_above), (4, 2, 1));
        assert_eq!(c.first_in_range, Some(d("2021-01-02")));
        assert_eq!(c.last_in_range, Some(d("2021-01-04")));
        assert_eq!(c.last_above, Some(d("2021-01-01")));
        assert!(claim_days_note(&c).contains("on 2 of the 4 days"));
    }

    #[test]
    fn asic_resale_is_per_gross_mw_of_the_mining_site() {
        // Per MW of HPC IT the site draws 1.3 MW; at mining PUE 1.1 that fed 1.3 / 1.1 MW of ASICs, of
        // 1e6 / 17.5 TH per MW each, sold at $5/TH.
        let mut i = inputs();
        i.mining.pue = 1.1;
        let c = compare(&i).unwrap();
        let resale = 5.0 * (1e6 / 17.5) * 1.3 / 1.1;
        assert!((c.conversion.asic_resale_usd - resale).abs() < 1e-6);
        // The lease flows at t = 0 are the resale (capex is spread over the 12 build months).
        let mut flows = vec![0.0; 12 + 120 + 1];
        flows[0] = resale;
        for f in flows.iter_mut().skip(1).take(12) {
            *f = -10e6 / 12.0;
        }
        for f in flows.iter_mut().skip(13) {
            *f = 148.8 * 1_000.0 * 0.85;
        }
        let r = c.rows[1].irr.unwrap();
        assert!(npv(r, &flows).unwrap().abs() < 1e-3, "{r}");
        assert!((c.rows[1].npv_usd_per_mw_it - npv(0.1, &flows).unwrap()).abs() < 1e-6);
        // Forgone mining margin: (revenue − power × PUE) / PUE per grid kWh × 1,300 kW × 12 × 730 h.
        let margin_grid = (55.97 / 420.0 - 0.05 * 1.1) / 1.1;
        assert!(
            (c.conversion.forgone_mining_margin_usd - margin_grid * 1_300.0 * 8_760.0).abs() < 1e-6
        );
    }

    #[test]
    fn discount_rates_outside_the_range_are_refused() {
        let mut i = inputs();
        i.discount_rate = 5.0;
        let e = compare(&i).unwrap_err().to_string();
        assert!(e.contains("[-0.5, 1]"), "{e}");
        i.discount_rate = -0.5;
        let c = compare(&i).unwrap();
        assert!(c.rows.iter().all(|r| r.npv_usd_per_mw_it.is_finite()));
    }

    #[test]
    fn early_hashprices_are_accepted() {
        // 2012-06-01 earned ~$3.3M/PH/day: physical, if absurd per kWh today.
        let mut i = inputs();
        i.mining.usd_per_ph_day = 3_341_572.36;
        assert!(compare(&i).is_ok());
        i.mining.usd_per_ph_day = 2e9;
        assert!(
            compare(&i)
                .unwrap_err()
                .to_string()
                .contains("usd_per_ph_day")
        );
    }

    #[test]
    fn zero_discount_rate_npv_is_the_sum_and_unprofitable_mining_has_no_payback() {
        let mut i = inputs();
        i.discount_rate = 0.0;
        i.mining.power_usd_per_kwh = 0.5;
        let c = compare(&i).unwrap();
        let m = &c.rows[0];
        let monthly = (55.97 / 420.0 - 0.5) * 1000.0 * 730.0;
        assert!((m.npv_usd_per_mw_it - (monthly * 48.0 - m.capex_usd_per_mw_it)).abs() < 1e-3);
        // Every flow negative: no IRR, no payback — never NaN.
        assert_eq!(m.irr, None);
        assert_eq!(m.payback_years, None);
        assert!(serde_json::to_string(&c).unwrap().find("NaN").is_none());
    }

    fn request() -> CompareRequest {
        CompareRequest {
            date: Some(Date::parse("2024-11-12").unwrap()),
            ..CompareRequest::default()
        }
    }

    fn resolve(r: &CompareRequest) -> crate::Result<Defaults> {
        Defaults::resolve(
            r,
            &crate::data::bundled_network().unwrap(),
            &crate::data::bundled_deals().unwrap(),
            &crate::data::bundled_gpus().unwrap(),
        )
    }

    #[test]
    fn defaults_come_from_the_data_with_their_basis() {
        let d = resolve(&request()).unwrap();
        let deals = crate::data::bundled_deals().unwrap();
        let date = Date::parse("2024-11-12").unwrap();
        // The rent is the median of the leases announced by the date.
        let mut rents: Vec<f64> = deals
            .lease_rents_as_of(Some(date))
            .unwrap()
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert!(!rents.is_empty());
        rents.sort_by(f64::total_cmp);
        let n = rents.len();
        let median = if n % 2 == 1 {
            rents[n / 2]
        } else {
            (rents[n / 2 - 1] + rents[n / 2]) / 2.0
        };
        assert!((d.lease_usd_per_kw_month.value - median).abs() < 1e-9 * median);
        assert!(!d.lease_usd_per_kw_month.given);
        assert!(d.lease_usd_per_kw_month.basis.contains(&format!(
            "median implied rent (contract value / term / IT kW) of {n} leases"
        )));
        // The hashprice is the date's.
        let net = crate::data::bundled_network().unwrap();
        let e = net.day(date, crate::network::FeeWindow::Day).unwrap();
        assert_eq!(d.hashprice_usd_per_ph_day.value, e.usd_per_ph_day);
        assert!(d.hashprice_usd_per_ph_day.basis.contains("2024-11-12"));
        // GB300's price comes from the IREN–Microsoft contract.
        assert!(
            d.gpu_usd_per_hour.basis.contains("IREN"),
            "{}",
            d.gpu_usd_per_hour.basis
        );
        // GPU opex on the lease's NOI basis.
        let o = 0.15 * d.lease_usd_per_kw_month.value * 12_000.0;
        assert!((d.gpu_opex_usd_per_mw_it_year.value - o).abs() < 1e-6);
        // Every chosen basis is in the sources, and the comparison runs on it.
        assert_eq!(
            d.sources["lease_usd_per_kw_month"],
            d.lease_usd_per_kw_month.basis
        );
        let c = d.compare().unwrap();
        assert!(c.seed_claim.mining_claim_days.is_some());
        assert!(c.notes[2].starts_with("history:"));
    }

    #[test]
    fn given_values_win_and_say_so() {
        let mut r = request();
        r.date = None;
        r.usd_per_ph_day = Some(50.0);
        r.lease_usd_per_kw_month = Some(146.0);
        r.gpu = "H100".into();
        r.gpu_usd_per_hour = Some(2.5);
        r.gpu_opex_usd_per_mw_it_year = Some(1e5);
        let d = resolve(&r).unwrap();
        assert_eq!(d.date, None);
        assert_eq!(d.inputs.mining.usd_per_ph_day, 50.0);
        assert_eq!(d.inputs.lease.usd_per_kw_month, 146.0);
        assert_eq!(d.inputs.gpu.usd_per_gpu_hour, 2.5);
        assert_eq!(d.inputs.gpu.opex_usd_per_mw_it_year, 1e5);
        assert_eq!(d.gpu_price_as_of, None);
        assert_eq!(d.sources["usd_per_ph_day"], "given with `usd_per_ph_day`");
        assert!(d.gpu_usd_per_hour.given);
    }

    #[test]
    fn request_bounds_name_the_field_and_use_the_shared_ranges() {
        let e = |f: &dyn Fn(&mut CompareRequest)| {
            let mut r = request();
            f(&mut r);
            r.check().unwrap_err().to_string()
        };
        assert_eq!(
            e(&|r| r.fixed.build_months = 121),
            "invalid build_months: found 121, expected 0 to 120 months"
        );
        assert!(request().check().is_ok());
        assert!(
            e(&|r| r.fixed.discount_rate = 1.5).starts_with("invalid discount_rate: found 1.5")
        );
        assert!(e(&|r| r.fixed.mining_pue = 0.5).starts_with("invalid mining_pue: found 0.5"));
        assert!(e(&|r| r.fixed.term_years = 0).starts_with("invalid term_years: found 0"));
        assert!(
            e(&|r| r.fixed.utilization = f64::NAN).starts_with("invalid utilization: found NaN")
        );
        // A GPU without a sourced price needs one, named by the request's field.
        let mut r = request();
        r.gpu = "B200".into();
        let msg = resolve(&r).unwrap_err().to_string();
        assert!(
            msg.starts_with("invalid gpu_usd_per_hour: found none"),
            "{msg}"
        );
        // Core messages do not name a command.
        assert!(!msg.contains("hashpivot"));
    }
}
