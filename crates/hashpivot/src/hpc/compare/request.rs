//! What a person asks to compare: every number, the ones the bundled data can supply left optional, the fixed
//! defaults ([`FIXED`]) and the check of each number against its bound in [`crate::bounds`].

use crate::bounds;
use crate::date::Date;
use crate::error::Result;

/// The comparison's fixed defaults (the numbers not chosen from the data); their sources are in
/// [`super::Defaults::sources`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixed {
    /// ASIC efficiency, J/TH (an Antminer S21).
    pub j_per_th: f64,
    /// Mining pool fee, a share of revenue: 0 by default, as a scenario's `fleet.pool_fee` (FPPS pools charge
    /// ~1–2.5%, which lowers revenue by as much).
    pub pool_fee: f64,
    /// Grid power price, USD per kWh (the same for every use of the site).
    pub power_usd_per_kwh: f64,
    /// Gross / IT ratio of a mining site: 1, as ASIC fans are inside the ASIC's power.
    pub mining_pue: f64,
    /// ASIC purchase price, USD per TH/s.
    pub asic_usd_per_th: f64,
    /// Mining site build cost per gross MW, excluding ASICs, USD.
    pub mining_site_capex_usd_per_mw: f64,
    /// ASIC life, years (the mining cash flows run this long, no residual value).
    pub mining_life_years: u32,
    /// Gross / IT ratio of the HPC (lease and GPU-cloud) site.
    pub pue: f64,
    /// Landlord net operating income as a share of rent, in [0, 1].
    pub noi_margin: f64,
    /// HPC data-centre build cost per MW of IT (shell, power, cooling), USD; the lease's capex and the GPU cloud's
    /// non-GPU capex.
    pub hpc_capex_usd_per_mw_it: f64,
    /// Months from the decision to the first rent or GPU-hour, earning nothing.
    pub build_months: u32,
    /// Lease base term, whole years.
    pub term_years: u32,
    /// Annual rent escalator (0.03 = 3% a year, on each anniversary).
    pub escalator: f64,
    /// What the ASICs taken off a converted site fetch, USD per TH/s.
    pub asic_resale_usd_per_th: f64,
    /// Yearly decline of the GPU-hour price: none, a take-or-pay fixed price like IREN–Microsoft.
    pub gpu_price_decline: f64,
    /// Share of GPU-hours sold: all of them under take-or-pay.
    pub utilization: f64,
    /// GPU systems (servers, racks, networking) per MW of IT, USD.
    pub gpu_capex_usd_per_mw_it: f64,
    /// GPU depreciation life, years (the GPU-cloud cash flows run this long, no residual value).
    pub gpu_life_years: u32,
    /// Mining running cost other than power, USD per MWh: 0, power is the only one counted.
    pub mining_opex_usd_per_mwh: f64,
    /// Annual discount rate of every NPV, (1 + r)^(−m/12) at the end of month m (see
    /// [`crate::finance::discount_factor`]).
    pub discount_rate: f64,
}

/// The fixed defaults.
pub const FIXED: Fixed = Fixed {
    j_per_th: 17.5,
    pool_fee: 0.0,
    power_usd_per_kwh: 0.05,
    mining_pue: 1.0,
    asic_usd_per_th: 20.0,
    mining_site_capex_usd_per_mw: 550_000.0,
    mining_life_years: 4,
    pue: 1.3,
    noi_margin: 0.85,
    hpc_capex_usd_per_mw_it: 10e6,
    build_months: 12,
    term_years: 10,
    escalator: 0.0,
    asic_resale_usd_per_th: 5.0,
    gpu_price_decline: 0.0,
    utilization: 1.0,
    gpu_capex_usd_per_mw_it: 29e6,
    gpu_life_years: 5,
    mining_opex_usd_per_mwh: 0.0,
    discount_rate: 0.10,
};

/// The GPU model of the fixed defaults, as the GPU library knows it.
pub const FIXED_GPU: &str = "GB300 NVL72";

/// What a person asks to compare. `None` means "choose from the bundled data" (see [`super::Defaults::resolve`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRequest {
    /// UTC day whose network data sets the hashprice (`None`: the last complete day).
    pub date: Option<Date>,
    /// A hashprice instead of a date's, USD/PH/day.
    pub usd_per_ph_day: Option<f64>,
    /// Lease rent, USD per kW-month of IT (`None`: the median of the deal library's leases by the date).
    pub lease_usd_per_kw_month: Option<f64>,
    /// GPU model name as the GPU library knows it.
    pub gpu: String,
    /// GPU price, USD per GPU-hour (`None`: the GPU library's sourced price).
    pub gpu_usd_per_hour: Option<f64>,
    /// GPU-cloud non-power opex (`None`: the data centre's operating cost on the lease's NOI basis).
    pub gpu_opex_usd_per_mw_it_year: Option<f64>,
    /// The numbers that have a fixed default ([`FIXED`]), as asked.
    pub fixed: Fixed,
}

impl CompareRequest {
    /// The names of the request's fields, as errors and texts name them.
    pub const FIELDS: [&'static str; 26] = [
        "date",
        "usd_per_ph_day",
        "j_per_th",
        "pool_fee",
        "power_usd_per_kwh",
        "mining_pue",
        "asic_usd_per_th",
        "mining_site_capex_usd_per_mw",
        "mining_life_years",
        "lease_usd_per_kw_month",
        "pue",
        "noi_margin",
        "hpc_capex_usd_per_mw_it",
        "build_months",
        "term_years",
        "escalator",
        "asic_resale_usd_per_th",
        "gpu",
        "gpu_usd_per_hour",
        "gpu_price_decline",
        "utilization",
        "gpu_capex_usd_per_mw_it",
        "gpu_life_years",
        "gpu_opex_usd_per_mw_it_year",
        "mining_opex_usd_per_mwh",
        "discount_rate",
    ];

    /// Checks every number against its bound in [`crate::bounds`], naming the request's field; the first
    /// number out of its bound, in the table's order, is the error.
    pub fn check(&self) -> Result<()> {
        use Number::{Given, Real, Whole};
        use bounds::*;
        let f = &self.fixed;
        let table = [
            (
                HASHPRICE_USD_PER_PH_DAY,
                "usd_per_ph_day",
                Given(self.usd_per_ph_day),
            ),
            (J_PER_TH, "j_per_th", Real(f.j_per_th)),
            (POOL_FEE, "pool_fee", Real(f.pool_fee)),
            (
                POWER_USD_PER_KWH,
                "power_usd_per_kwh",
                Real(f.power_usd_per_kwh),
            ),
            (PUE, "mining_pue", Real(f.mining_pue)),
            (ASIC_USD_PER_TH, "asic_usd_per_th", Real(f.asic_usd_per_th)),
            (
                SITE_CAPEX_USD_PER_MW,
                "mining_site_capex_usd_per_mw",
                Real(f.mining_site_capex_usd_per_mw),
            ),
            (
                OPEX_USD_PER_MWH,
                "mining_opex_usd_per_mwh",
                Real(f.mining_opex_usd_per_mwh),
            ),
            (
                ASSET_LIFE_YEARS,
                "mining_life_years",
                Whole(f.mining_life_years.into()),
            ),
            (
                RENT_USD_PER_KW_MONTH,
                "lease_usd_per_kw_month",
                Given(self.lease_usd_per_kw_month),
            ),
            (PUE, "pue", Real(f.pue)),
            (NOI_MARGIN, "noi_margin", Real(f.noi_margin)),
            (
                SITE_CAPEX_USD_PER_MW,
                "hpc_capex_usd_per_mw_it",
                Real(f.hpc_capex_usd_per_mw_it),
            ),
            (BUILD_MONTHS, "build_months", Whole(f.build_months.into())),
            (LEASE_TERM_YEARS, "term_years", Whole(f.term_years.into())),
            (ESCALATOR, "escalator", Real(f.escalator)),
            (
                ASIC_USD_PER_TH,
                "asic_resale_usd_per_th",
                Real(f.asic_resale_usd_per_th),
            ),
            (
                GPU_USD_PER_HOUR,
                "gpu_usd_per_hour",
                Given(self.gpu_usd_per_hour),
            ),
            (
                GPU_PRICE_DECLINE_PER_YEAR,
                "gpu_price_decline",
                Real(f.gpu_price_decline),
            ),
            (UTILIZATION, "utilization", Real(f.utilization)),
            (
                GPU_CAPEX_USD_PER_MW_IT,
                "gpu_capex_usd_per_mw_it",
                Real(f.gpu_capex_usd_per_mw_it),
            ),
            (
                GPU_LIFE_YEARS,
                "gpu_life_years",
                Whole(f.gpu_life_years.into()),
            ),
            (
                GPU_OPEX_USD_PER_MW_IT_YEAR,
                "gpu_opex_usd_per_mw_it_year",
                Given(self.gpu_opex_usd_per_mw_it_year),
            ),
            (DISCOUNT_RATE, "discount_rate", Real(f.discount_rate)),
        ];
        for (bound, field, number) in table {
            match number {
                Real(v) | Given(Some(v)) => {
                    bound.check_as(field, v)?;
                }
                // `None` is left to the data.
                Given(None) => {}
                Whole(v) => {
                    bound.check_whole_as(field, v)?;
                }
            }
        }
        Ok(())
    }
}

/// One number of the request as [`CompareRequest::check`] checks it.
enum Number {
    /// A number that is always given.
    Real(f64),
    /// A number the data chooses when it is not given.
    Given(Option<f64>),
    /// A whole number (months, years).
    Whole(u64),
}

impl Default for CompareRequest {
    /// The fixed defaults, and every data-chosen number left to [`super::Defaults::resolve`].
    fn default() -> Self {
        CompareRequest {
            date: None,
            usd_per_ph_day: None,
            lease_usd_per_kw_month: None,
            gpu: FIXED_GPU.to_string(),
            gpu_usd_per_hour: None,
            gpu_opex_usd_per_mw_it_year: None,
            fixed: FIXED,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_number_out_of_its_bound_in_table_order_is_the_error() {
        let mut r = CompareRequest::default();
        assert!(
            r.check().is_ok(),
            "numbers the data chooses are not checked"
        );
        r.fixed.discount_rate = 1.5;
        r.gpu_usd_per_hour = Some(-1.0);
        let e = r.check().unwrap_err().to_string();
        assert!(e.starts_with("invalid gpu_usd_per_hour: found -1"), "{e}");
        r.fixed.gpu_life_years = 0;
        r.fixed.pool_fee = 2.0;
        let e = r.check().unwrap_err().to_string();
        assert!(e.starts_with("invalid pool_fee: found 2"), "{e}");
    }
}
