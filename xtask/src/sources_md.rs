//! The run summary and `data/SOURCES.md`. Every measured number in SOURCES.md comes from the same strings
//! the summary prints.

use crate::asics::{self, Asic, AsicReport};
use crate::network::{Built, Dist, FEE_OUTLIER, FEE_PAIR_TOL, FeeSrc, PRICE_DISAGREE, fmt_btc};
use std::fmt::Write as _;

fn pct(x: f64) -> String {
    format!("{:.3}%", x * 100.0)
}

fn dist_abs(d: &Dist) -> String {
    format!(
        "median |diff| {}, p95 {}, p99 {} over {} days",
        pct(d.median),
        pct(d.p95),
        pct(d.p99),
        d.n
    )
}

fn dist_ratio(d: &Dist) -> String {
    format!(
        "ratio median {:.4}, p5 {:.4}, p95 {:.4} over {} days",
        d.median, d.p5, d.p95, d.n
    )
}

fn spans(v: &[(hashpivot::Date, hashpivot::Date)]) -> String {
    v.iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a} → {b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

struct Measured {
    network: Vec<String>,
    heights: Vec<String>,
    fees: Vec<String>,
    prices: Vec<String>,
    sanity: Vec<String>,
    retargets: Vec<String>,
    asics: Vec<String>,
}

fn measured(net: &Built, models: &[Asic], ar: &AsicReport) -> Measured {
    let r = &net.report;
    let mut m = Measured {
        network: vec![],
        heights: vec![],
        fees: vec![],
        prices: vec![],
        sanity: vec![],
        retargets: vec![],
        asics: vec![],
    };
    m.network.push(format!(
        "{} rows, {} → {}",
        r.rows,
        r.first.map(|d| d.to_string()).unwrap_or_default(),
        r.last.map(|d| d.to_string()).unwrap_or_default()
    ));
    for (name, (a, b)) in &r.column_spans {
        m.network.push(format!("{name}: {a} → {b}"));
    }
    m.heights.push(format!(
        "2009-01-03: height 0, blocks 1 (the genesis block). Coin Metrics BlkCnt is {} on that day (it does not count the genesis block), but its cumulative BlkCnt still runs {} above the true height later on",
        r.cm_genesis_blk_cnt, r.cm_offset
    ));
    m.heights.push(format!(
        "Coin Metrics cumulative BlkCnt minus true height: the only constant consistent with every retarget block time is {} (lower bound {} from {}, upper bound {} from {})",
        r.cm_offset, r.offset_lo.1, r.offset_lo.0, r.offset_hi.1, r.offset_hi.0
    ));
    if let Some((d, a, b)) = r.offset_removed_on {
        m.heights.push(format!(
            "the {} extra blocks are removed on {d} by assumption (the first day with at least {} blocks; BlkCnt {a} written as {b}); where Coin Metrics actually counts them is not known",
            r.cm_offset, r.cm_offset
        ));
        let (u, uh) = r.offset_unpinned_until;
        m.heights.push(format!(
            "the retarget block times pin the offset from below only from {}, so heights from {d} to {u} (height {uh} on {u}) may be off by up to {} blocks. No economic effect: all those heights are below the first halving at 210000, each dated retarget block stays inside the UTC day of its header time (so difficulty is unchanged), and the block count changes only on {d}, before the first price",
            r.offset_lo.0, r.cm_offset
        ));
    }
    m.heights.push(format!(
        "Coin Metrics cumulative BlkCnt to {} (height {}); per-block sums agree on {} of {} overlapping complete days (same last height and block count)",
        r.cm_last.map(|d| d.to_string()).unwrap_or_default(),
        r.cm_last_height,
        r.block_stats_overlap_equal,
        r.block_stats_overlap_days
    ));
    m.heights.push(format!(
        "{} retargets with a known block time checked: each falls inside the height range of the UTC day of its header time; no Coin Metrics day boundary is moved",
        r.exact_retargets_checked
    ));
    m.heights.push(format!(
        "2024-04-20 covers heights {}..={} (halving block 840000 inside)",
        r.halving_day_range.0, r.halving_day_range.1
    ));
    for (src, sp) in &r.fee_spans {
        let replaced = r
            .fee_outliers_replaced
            .iter()
            .filter(|x| x.3 == *src)
            .count();
        if replaced == 0 {
            m.fees.push(format!("{}: {}", src.label(), spans(sp)));
        } else {
            m.fees.push(format!(
                "{}: {}, except {replaced} days replaced by {} (listed below)",
                src.label(),
                spans(sp),
                FeeSrc::CoinMetricsGuard.label()
            ));
        }
    }
    for (src, d) in &r.fee_vs_cm {
        m.fees.push(format!(
            "{} vs Coin Metrics (days from 2016 on): {}",
            src.label(),
            dist_ratio(d)
        ));
    }
    m.fees.push(format!(
        "outlier guard: {} days from sources other than Coin Metrics compared with Coin Metrics; {} differ by more than {} (Coin Metrics 0: any difference); {} of them are explained by a ±1-day pair (two-day sum within {} of Coin Metrics' two-day sum) and kept; {} are not and are replaced by Coin Metrics; 0 unexplained outliers remain (the build fails otherwise)",
        r.fee_guard_checked,
        r.fee_outliers_paired.len() + r.fee_outliers_replaced.len(),
        pct(FEE_OUTLIER),
        r.fee_outliers_paired.len(),
        pct(FEE_PAIR_TOL),
        r.fee_outliers_replaced.len()
    ));
    for (d, old, new, src) in &r.fee_outliers_replaced {
        m.fees.push(format!(
            "  replaced {d}: {} BTC ({}) → {} BTC (Coin Metrics)",
            fmt_btc(*old),
            src.label(),
            fmt_btc(*new)
        ));
    }
    m.fees.push(format!(
        "blockchaincom_2019-05_2022-04 (not used): {} rows, {} duplicated days",
        r.bc2019_rows_dups.0, r.bc2019_rows_dups.1
    ));
    for (src, sp) in &r.price_spans {
        m.prices.push(format!("{}: {}", src.label(), spans(sp)));
    }
    for (what, absdiff) in [
        (
            "chosen price vs Coin Metrics PriceUSD",
            &r.price_vs_cm_absdiff,
        ),
        ("CryptoCompare vs Yahoo", &r.cc_vs_yahoo_absdiff),
        (
            "CryptoCompare vs blockchain.com from 2016, shifted -1 day",
            &r.cc_vs_bc_shifted_absdiff,
        ),
        (
            "CryptoCompare vs blockchain.com from 2016, unshifted",
            &r.cc_vs_bc_unshifted_absdiff,
        ),
    ] {
        m.prices.push(format!("{what}: {}", dist_abs(absdiff)));
    }
    m.prices.push(format!(
        "Jan-Feb 2014: {} days replaced by shifted blockchain.com",
        r.jan_feb_2014_replaced
    ));
    m.prices.push(format!(
        "outside Jan-Feb 2014, CryptoCompare and shifted blockchain.com differ by more than {}: {} days replaced (blockchain.com closer to Coin Metrics), {} days kept (CryptoCompare closer)",
        pct(PRICE_DISAGREE),
        r.referee_replacements.len(),
        r.referee_kept_cc
    ));
    let by_year = r.referee_replacements.iter().fold(
        std::collections::BTreeMap::<i32, usize>::new(),
        |mut acc, (d, ..)| {
            *acc.entry(d.ymd().0).or_default() += 1;
            acc
        },
    );
    m.prices.push(format!(
        "  replaced days by year: {}",
        by_year
            .iter()
            .map(|(y, n)| format!("{y}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if let Some((d, c, b, cm)) = r
        .referee_replacements
        .iter()
        .max_by(|a, b| (a.1 / a.3).total_cmp(&(b.1 / b.3)))
    {
        m.prices.push(format!(
            "  largest: {d}, CryptoCompare {c}, blockchain.com {b}, Coin Metrics {cm:.2}"
        ));
    }
    for s in &r.dropped_partial {
        m.prices.push(format!("dropped {s}"));
    }
    m.prices.push(format!(
        "hashprice/network.csv btc_price_usd vs Yahoo, same day, before its last 5 days: {}",
        dist_abs(&r.yahoo_vs_network_csv)
    ));
    for (d, p, same, prev) in &r.network_csv_lag_days {
        let f = |x: f64| {
            if x.is_nan() {
                "n/a (no Yahoo close)".to_string()
            } else {
                pct(x)
            }
        };
        m.prices.push(format!(
            "  network.csv {d}: {p}; |diff| vs Yahoo same day {}, vs Yahoo previous day {}",
            f(*same),
            f(*prev)
        ));
    }
    for s in &r.sanity {
        m.sanity.push(format!(
            "{}: {:.2} USD/PH/day (published {}; {} apart), price {}, difficulty {:.4e}, fees {} of rewards",
            s.day,
            s.usd_per_ph_day,
            s.published,
            pct(s.usd_per_ph_day / s.published - 1.0),
            s.price,
            s.difficulty,
            pct(s.fee_share)
        ));
    }
    let last = net.retargets.last().expect("non-empty");
    m.retargets.push(format!(
        "{} retargets, heights 0 → {} (every multiple of 2016); {} epochs of 2009 at difficulty 1 filled between 0 and the first listed rise; {} without a date",
        r.retargets,
        last.height,
        r.retargets_filled_2009,
        net.retargets.iter().filter(|x| x.day.is_none()).count()
    ));
    m.asics.push(format!(
        "{} models: {} from miners.json ({} with hand-set rated figures), {} from KodyParsons, {} from the F2Pool list, {} hand-curated",
        models.len(),
        ar.from_miners_json,
        ar.spec_overridden,
        ar.from_kody,
        ar.from_f2pool,
        ar.from_overrides
    ));
    m.asics.push(format!(
        "release month for miners.json rows: {} from the F2Pool list, {} from KodyParsons, {} year only (YYYY-01)",
        ar.month_from_f2pool, ar.month_from_kody, ar.month_year_only
    ));
    for c in &ar.spec_conflicts {
        m.asics
            .push(format!("spec differs (miners.json kept): {c}"));
    }
    m.asics.push(format!(
        "F2Pool rows not added ({}): {}",
        ar.skipped_f2pool.len(),
        ar.skipped_f2pool.join("; ")
    ));
    m
}

pub fn summary(net: &Built, models: &[Asic], ar: &AsicReport) -> String {
    let m = measured(net, models, ar);
    let mut out = String::new();
    for (title, lines) in [
        ("network_daily.csv", &m.network),
        ("heights", &m.heights),
        ("fees", &m.fees),
        ("prices", &m.prices),
        ("hashprice checks", &m.sanity),
        ("difficulty_retargets.csv", &m.retargets),
        ("asics.csv", &m.asics),
    ] {
        let _ = writeln!(out, "== {title}");
        for l in lines {
            let _ = writeln!(out, "  {l}");
        }
    }
    // The hand-set ASIC tables, as SOURCES.md lists them.
    let _ = writeln!(out, "== asics.csv hand-set tables");
    for (model, _, th, w, month, cool, src) in asics::OVERRIDES {
        let _ = writeln!(
            out,
            "  added {model}: {th} TH/s, {w} W, {month}, {cool} — {src}"
        );
    }
    for (model, th, w, src) in asics::SPEC_OVERRIDES {
        let _ = writeln!(out, "  rated figures {model}: {th} TH/s, {w} W — {src}");
    }
    for (model, why) in asics::EXCLUDED {
        let _ = writeln!(out, "  excluded {model}: {why}");
    }
    out
}

fn bullets(out: &mut String, lines: &[String]) {
    for l in lines {
        match l.strip_prefix("  ") {
            Some(rest) => {
                let _ = writeln!(out, "  - {rest}");
            }
            None => {
                let _ = writeln!(out, "- {l}");
            }
        }
    }
}

pub fn render(net: &Built, models: &[Asic], ar: &AsicReport) -> String {
    let m = measured(net, models, ar);
    let mut o = String::new();
    o.push_str(
        "# Data sources\n\n\
         Generated by `cargo xtask data` (default raw directory `../shared/data`; `--raw DIR` to change it). \
         Same raw files in, byte-identical files out. The raw files are not in this repository; each is named below \
         by repository, path and commit, as recorded in the raw directory's PROVENANCE.md. Measured figures below are \
         printed by the same run.\n\n",
    );
    o.push_str("## Licences\n\n\
        - Coin Metrics community data (`Hakimaxxxx/Haki_Crypto2025` `coin_data/btc_onchain_metrics_cm.csv` @75fca56): **CC BY-NC 4.0**. Used for block counts to 2025-09-26, fees where no direct series exists, and as a cross-check/referee for prices. Non-commercial terms apply to figures derived from it.\n\
        - `marceloceccon/bitcoinmining` `data/miners.json` @13068ae: **MIT**.\n\
        - `m-marqx/BTC-RPC-Data` (source of the derived per-block sums) @34548a5: **MIT**.\n\
        - All other repositories: no licence stated. The numbers come from blockchain.com, CryptoCompare, Yahoo Finance, mempool.space, F2Pool and Coinbase, each under its own terms. Block heights and difficulty are public-blockchain facts.\n\n");
    o.push_str("## network_daily.csv\n\n`date,height,blocks,difficulty,fees_btc,price_usd`, one row per UTC day. An empty cell means no source covers that value.\n\n");
    bullets(&mut o, &m.network);
    o.push_str("\n### height, blocks\n\n\
        - `height` is the height of the day's last block, `blocks` the blocks of that UTC day; height[d] = height[d-1] + blocks[d].\n\
        - To 2025-09-26: Coin Metrics `BlkCnt` cumulated (`btc-network/coinmetrics_community_2009-01_2025-09/btc_onchain_metrics_cm.csv`).\n\
        - From 2025-09-27: `btc-network/derived_daily_fees_from_block_stats_2025-08-10_2026-02-01.csv` (per-block `getblockstats` of `m-marqx/BTC-RPC-Data` @34548a5 grouped by header-time UTC day), complete days only; the partial 2026-02-01 is not used. After that heights are empty.\n\
        - Verification against block times: mempool.space retarget list (`kenta-sakai-0/bitcoin-mining-economics-pipeline` `hashrate.json` @39ad087, `difficulty[].time`) and the derived retarget rows whose header time is known. Each such retarget block must fall inside the heights of the UTC day of its header time, or the build fails.\n");
    bullets(&mut o, &m.heights);
    o.push_str("\n### difficulty\n\nDifficulty of the day's last block: the difficulty of the retarget epoch containing `height` (from `difficulty_retargets.csv`). Only where the height is known.\n\n");
    o.push_str("### fees_btc\n\nTotal fees of the day's blocks, BTC, rounded to the satoshi. Priority: per-block sums (complete days), then blockchain.com direct BTC/day series (EAAL file only up to 2019-04-30), then Coin Metrics FeeTotUSD / PriceUSD. \
        Outlier guard: where a day's fee from a source other than Coin Metrics differs from Coin Metrics FeeTotUSD / PriceUSD by more than the threshold below and neither adjacent day explains it (the two days' sum agreeing with Coin Metrics' two-day sum, i.e. fees counted on the neighbouring day), Coin Metrics is taken for that day; every replaced day is listed below. \
        `blockchaincom_2019-05_2022-04` (`laura00san/BC4` @5c521c3) is not used: its timestamps are DST-shifted and it has duplicated days; Coin Metrics covers that range. Early 2009 fees are 0 because the EAAL blockchain.com series reports 0.\n\n\
        Sources: EAAL/Bitcoin `transaction-fees.csv` @5aaa32f; leirisyue/fed-yfinance-demo `data/transaction-fees.csv` @0e76811; Krisp140/TargetedNakomoto `data/transaction-fees.json` @ccf4d78 (identical to the previous on their overlap, checked); derived per-block sums from m-marqx/BTC-RPC-Data @34548a5; Coin Metrics as above.\n\n");
    bullets(&mut o, &m.fees);
    let _ = write!(
        o,
        "\n### price_usd\n\nBTC/USD close of the UTC day. Empty before 2010-07-17.\n\n\
        - 2010-07-17 → 2024-08-07: CryptoCompare CCCAGG (`notp1ssed/ProjetoFinal-PosGraduacaoEngenhariaFinanceira` `variables_data/BTC_quotes.csv` @7ce9c84). Its last row 2024-08-08 is a partial day and is dropped.\n\
        - Jan–Feb 2014 (CryptoCompare corrupted by the Mt.Gox collapse): blockchain.com `market-price` (same repo, `variables_data/market-price-btc-blockchain-com.csv` @7ce9c84), whose value dated D is the close of D−1, so it is shifted by −1 day.\n\
        - Elsewhere, where CryptoCompare and shifted blockchain.com differ by more than {}: the one closer to Coin Metrics PriceUSD is taken (Coin Metrics is only the referee, never the value). In 2010–2012 this keeps CryptoCompare (blockchain.com is the outlier then); in 2013 it replaces CryptoCompare's Mt.Gox premium days.\n\
        - 2024-08-08 → : Yahoo Finance BTC-USD (`ifxquantbot/edge-data` `data/btc.csv` @76426d1). Its last row is dropped as partial.\n\
        - `hashprice/network.csv` (`xddai1688-svg/btc-mining-monitor` @5f3abb4, Coinbase) is not used: its last days lag Yahoo's close by a day (intraday snapshots, see below) and its final day is the commit day.\n\n",
        pct(PRICE_DISAGREE)
    );
    bullets(&mut o, &m.prices);
    o.push_str("\n### Hashprice checks\n\nusd_per_ph_day = 1e15 × 86400 / (difficulty × 2^32) × (subsidy + fees / blocks) × price, against published Hashrate Index values (the build fails beyond 3%).\n\n");
    bullets(&mut o, &m.sanity);
    o.push_str("\n## difficulty_retargets.csv\n\n`height,difficulty,date`: every retarget (multiple of 2016) from 0 to the last known. Heights 2016 … 30240 stayed at difficulty 1 in 2009 and are missing from the mempool list; they are filled at 1 with an empty date. \
        Up to 887,040: mempool.space `difficulty[]` (date = UTC day of the retarget block's time). 889,056 → 961,632: `btc-network/derived_difficulty_retargets_2025-03_2026-08.csv` (its `retarget_date_utc`; exact header times for 911,232–933,408, a ±1 day estimate from daily series otherwise, see PROVENANCE.md). The two lists agree at 887,040 (checked).\n\n");
    bullets(&mut o, &m.retargets);
    o.push_str("\n## asics.csv\n\n`model,manufacturer,hashrate_th_s,power_w,release_month,cooling,source`. Rated hashrate and power are the data; J/TH is derived by the core.\n\n\
        - `asic-specs/miners.json` (MIT) first; models it lacks from `asic-specs/KodyParsons_BTCBESS/miners.csv`, then from the F2Pool 2020 list `asic-specs/mining-devices.csv` (Bitmain, MicroBT and Canaan models only; variants with a parenthesised hashrate or underclock left out).\n\
        - Release month: F2Pool list, else KodyParsons `release_date`, else miners.json `release_year` as YYYY-01 (marked \"year only\" in the row's source).\n\
        - Cooling: `Hyd`/`Hydro` in the name or miners.json `watercooled` → hydro; MicroBT M?3 models → hydro and M?6 → immersion (MicroBT's series naming, overriding miners.json's watercooled=false for M33S++, M53S++, M56S++, M66S; not checked against a cited page); otherwise air.\n\
        - Hand-curated rows (in `xtask/src/asics.rs`), figures found with a web search on the page cited in each row:\n");
    for (model, _, th, w, month, cool, src) in asics::OVERRIDES {
        let _ = writeln!(o, "  - {model}: {th} TH/s, {w} W, {month}, {cool} — {src}");
    }
    o.push_str("- Hand-set rated figures replacing a miners.json row's hashrate and power (in `xtask/src/asics.rs`):\n");
    for (model, th, w, src) in asics::SPEC_OVERRIDES {
        let _ = writeln!(o, "  - {model}: {th} TH/s, {w} W — {src}");
    }
    o.push_str("- Excluded:\n");
    for (model, why) in asics::EXCLUDED {
        let _ = writeln!(o, "  - {model}: {why}");
    }
    o.push_str("- Sought but not added (no page with both hashrate and power found):\n");
    for s in asics::NOT_SOURCED {
        let _ = writeln!(o, "  - {s}");
    }
    bullets(&mut o, &m.asics);
    o.push_str("\n## Rebuild\n\n```\ncargo xtask data            # raw files in ../shared/data\ncargo xtask data --raw DIR\n```\n");
    o.push_str("\n## Other bundled files\n\n\
        - `deals.toml` (the real deal library) and `gpus.csv` (the GPU library): sources, confidence and licences in [SOURCES-hpc.md](SOURCES-hpc.md). They are curated by hand from public releases, not built from raw files.\n\
        - ERCOT hourly hub prices (`ercot_*.csv`): built by `cargo xtask power`; sources, licences and DST handling in [SOURCES-power.md](SOURCES-power.md).\n\
        - `tenants.toml` (the tenant table: each lease tenant's rating category and the category's 10-year default rate, giving its default hazard): sources and confidence in [SOURCES-tenants.md](SOURCES-tenants.md). Curated by hand.\n\
        - `companies.toml` (the company dataset: listed miners' and hosts' shares, cash, BTC, debt, contracted and energized MW, market capitalisation, each figure with its date and source): sources in [SOURCES-companies.md](SOURCES-companies.md). Curated by hand from filings and releases, checked by its loader.\n\
        - `pools.toml` (pool shares of blocks at dated snapshots, and estimates of the US share of hashrate) and `energy_estimates.toml` (published estimates of the network's electricity use): every row with its source address, repository path and commit where it has one, and its as-of date; see [SOURCES-network.md](SOURCES-network.md). Curated by hand.\n");
    o
}
