//! `hashpivot serve`: a local dashboard. One page (`hashpivot_report::dashboard_page`) and one endpoint,
//! `POST /api/run`: a bundled example or an uploaded scenario, key inputs moved as `sensitivity` moves them
//! ([`hashpivot::decide::Input::edits`], applied by the core's editor [`hashpivot::decide::edit::apply`]),
//! checked as `validate` checks a file, run as `run` runs it, answered with the report's sections and data.
//!
//! Bound to 127.0.0.1 unless `--bind` names another address and `--allow-remote` is given (it has no
//! authentication). A fixed number of workers answers; a request arriving while all are busy and the queue
//! is full gets 503. Request bodies above [`MAX_BODY_BYTES`] are refused. Nothing is written to disk.

use super::run::{MonteCarloArgs, simulate};
use super::validate::{self, Libraries};
use anyhow::{Context, Result, bail};
use clap::Args;
use hashpivot::decide::edit::{Change, apply};
use hashpivot::decide::params::Solve;
use hashpivot::decide::{self, Decision};
use hashpivot_report::ReportData;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::IpAddr;
use std::path::Path;
use std::sync::mpsc::{TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

/// The largest request body accepted (an uploaded scenario is far smaller), bytes.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// The most paths a dashboard run takes (memory and time on a laptop).
pub const MAX_PATHS: u64 = 10_000;

/// `(NAME, text)` of each example `examples/NAME.toml` named, its name written once.
macro_rules! embedded_examples {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../../examples/", $name, ".toml")))),*]
    };
}

/// The bundled examples, embedded so an installed binary has them.
pub const EXAMPLES: &[(&str, &str)] = embedded_examples![
    "terawulf",
    "iren",
    "core_scientific",
    "cipher",
    "galaxy_helios",
    "hut8",
    "pure_miner",
    "west_texas_50mw_plans",
];

/// A slider's range (`None`: ×0.25 to ×2 the value as written).
type Range = Option<(f64, f64)>;

/// The inputs the dashboard moves (keys of [`hashpivot::decide::INPUTS`]), their sliders' range and step.
const FIELDS: &[(&str, Range, f64)] = &[
    ("btc_drift", Some((-0.5, 0.8)), 0.01),
    ("btc_volatility", Some((0.0, 1.5)), 0.01),
    ("power_price", Some((-40.0, 80.0)), 1.0),
    ("rent", None, 1.0),
    ("capex_per_mw", None, 50_000.0),
    ("noi_margin", Some((0.3, 1.0)), 0.01),
    ("discount_rate", Some((0.03, 0.3)), 0.005),
];

#[derive(Debug, Args)]
#[command(mut_arg("paths", |a| a.help("Monte Carlo paths of a run until the page moves them")))]
pub struct ServeArgs {
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// Address to bind. Anything but a loopback address needs --allow-remote.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Allow a non-loopback --bind: the dashboard has no authentication, anyone who reaches the address can
    /// run scenarios on this machine.
    #[arg(long)]
    pub allow_remote: bool,
    /// Requests answered at once; more wait in a queue as long, and past that get 503.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub workers: u16,
    #[command(flatten)]
    pub mc: MonteCarloArgs,
}

/// A run request: an example's name or a scenario's text, the inputs moved, the paths.
#[derive(Debug, Deserialize)]
struct RunRequest {
    example: Option<String>,
    scenario: Option<String>,
    name: Option<String>,
    #[serde(default)]
    overrides: BTreeMap<String, f64>,
    paths: Option<u64>,
}

/// A field of the form: the input, its value now, its slider.
#[derive(Debug, Serialize)]
struct Field {
    key: &'static str,
    label: &'static str,
    unit: String,
    value: f64,
    min: f64,
    max: f64,
    step: f64,
    present: bool,
}

#[derive(Debug, Serialize)]
struct RunResponse {
    html: String,
    data: ReportData,
    inputs: Vec<Field>,
    paths: u64,
    status: String,
}

/// Refuses a non-loopback address unless allowed; warns when it is.
pub fn check_bind(addr: IpAddr, allow_remote: bool) -> Result<()> {
    if addr.is_loopback() {
        return Ok(());
    }
    if !allow_remote {
        bail!(
            "refusing to serve on {addr}: not a loopback address, and the dashboard has no authentication; \
             bind 127.0.0.1 (the default), or pass --allow-remote to let anyone who reaches {addr} run scenarios here"
        );
    }
    eprintln!(
        "warning: serving on {addr}, reachable from other machines; the dashboard has no authentication"
    );
    Ok(())
}

/// Whether a scenario document reads a file beside it (BTC price paths, model `csv`).
fn reads_server_files(doc: &toml::Table) -> bool {
    doc.get("market")
        .and_then(|m| m.get("btc_price"))
        .and_then(|b| b.get("model"))
        .and_then(|m| m.as_str())
        == Some("csv")
}

/// The scenario text and its name (an example, or the uploaded file's).
fn scenario_text(req: &RunRequest) -> Result<(String, String), String> {
    match (&req.scenario, &req.example) {
        (Some(text), _) => Ok((
            req.name.clone().unwrap_or_else(|| "uploaded.toml".into()),
            text.clone(),
        )),
        (None, Some(name)) => EXAMPLES
            .iter()
            .find(|(n, _)| n == name)
            .map(|(n, t)| (format!("examples/{n}.toml"), t.to_string()))
            .ok_or_else(|| {
                format!(
                    "unknown example {name:?}; expected one of {}",
                    EXAMPLES.iter().map(|e| e.0).collect::<Vec<_>>().join(", ")
                )
            }),
        (None, None) => Err("a run needs `example` or `scenario`".into()),
    }
}

/// Runs a request: the scenario checked as `validate` checks it, the inputs moved, the run `run`'s.
fn run_request(
    req: &RunRequest,
    libs: &Libraries,
    mc: &MonteCarloArgs,
) -> Result<RunResponse, String> {
    let started = std::time::Instant::now();
    let (name, text) = scenario_text(req)?;
    let origin = Path::new(&name);
    let paths = req.paths.unwrap_or(mc.paths);
    if !(1..=MAX_PATHS).contains(&paths) {
        return Err(format!(
            "invalid paths: found {paths}, expected 1 to {MAX_PATHS}"
        ));
    }
    let msg = |e: anyhow::Error| format!("{e:#}");
    let parsed = text.parse::<toml::Table>();
    if let Ok(doc) = &parsed
        && reads_server_files(doc)
    {
        return Err(format!(
            "{name}: market.btc_price.model = \"csv\" reads price paths from a file, and the dashboard reads no \
             file of this machine for a page; run it with `hashpivot run` or `hashpivot report`"
        ));
    }
    // The file as written first: an invalid upload gets `validate`'s messages.
    validate::load_text(&text, origin, libs).map_err(msg)?;
    let ctx = super::decide::context(libs);
    let d = Decision::from_file(&text, &name, &ctx).map_err(|e| msg(super::decide::error(e)))?;
    let mut doc = parsed.map_err(|e| format!("{name}: {e}"))?;
    let mut inputs = Vec::new();
    for &(key, range, step) in FIELDS {
        let input = decide::input(key).map_err(|e| e.to_string())?;
        let current = input
            .current(&d)
            .map_err(|e| msg(super::decide::error(e)))?;
        let shift = matches!(input.solve, Solve::Shift);
        let moved = req.overrides.get(key).copied();
        if let (Some(v), Some(_)) = (moved, current) {
            let change = if shift {
                Change::Shift(v)
            } else {
                Change::Number(v)
            };
            for e in input.edits(&d, change) {
                apply(&mut doc, &e, false).map_err(|e| e.to_string())?;
            }
        }
        let shown = if shift { 0.0 } else { current.unwrap_or(0.0) };
        let (min, max) = range.unwrap_or((0.25 * shown, 2.0 * shown.max(step)));
        inputs.push(Field {
            key,
            label: if shift {
                "power price, added to every contract"
            } else {
                input.label
            },
            unit: input.unit.to_string(),
            value: moved.unwrap_or(shown),
            min: min.min(shown),
            max: max.max(shown),
            step,
            present: current.is_some(),
        });
    }
    let unknown: Vec<&String> = req
        .overrides
        .keys()
        .filter(|k| !FIELDS.iter().any(|f| f.0 == k.as_str()))
        .collect();
    if !unknown.is_empty() {
        return Err(format!("unknown inputs {unknown:?}"));
    }
    let edited = toml::to_string(&doc).map_err(|e| e.to_string())?;
    let sc = validate::load_text(&edited, origin, libs).map_err(msg)?;
    let (report, _) =
        simulate(&sc, &libs.power, paths, mc.seed, mc.threads, false, true).map_err(msg)?;
    let data = ReportData::from_run(&report, None);
    let moved = if req.overrides.is_empty() {
        "as written".to_string()
    } else {
        format!("{} input(s) moved", req.overrides.len())
    };
    Ok(RunResponse {
        html: hashpivot_report::html::sections(&data),
        status: format!(
            "{} — {}; {} — ran in {} ms",
            report.summary.scenario,
            super::report::subtitle(&report),
            moved,
            started.elapsed().as_millis()
        ),
        data,
        inputs,
        paths,
    })
}

fn header(value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(&b"Content-Type"[..], value.as_bytes()).expect("a valid header")
}

fn json_response(code: u16, body: String) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string(body)
        .with_status_code(code)
        .with_header(header("application/json"))
}

fn error_json(code: u16, message: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    json_response(code, serde_json::json!({ "error": message }).to_string())
}

/// Answers one request.
fn answer(mut rq: tiny_http::Request, page: &str, libs: &Libraries, mc: &MonteCarloArgs) {
    use tiny_http::Method;
    let url = rq.url().split('?').next().unwrap_or("").to_string();
    let response = match (rq.method(), url.as_str()) {
        (Method::Get, "/") => {
            tiny_http::Response::from_string(page).with_header(header("text/html; charset=utf-8"))
        }
        (Method::Post, "/api/run") => {
            if rq.body_length().is_some_and(|n| n > MAX_BODY_BYTES) {
                error_json(413, &format!("request body above {MAX_BODY_BYTES} bytes"))
            } else {
                let mut body = Vec::new();
                let read = rq
                    .as_reader()
                    .take(MAX_BODY_BYTES as u64 + 1)
                    .read_to_end(&mut body);
                match read {
                    Err(e) => error_json(400, &format!("cannot read the request: {e}")),
                    Ok(_) if body.len() > MAX_BODY_BYTES => {
                        error_json(413, &format!("request body above {MAX_BODY_BYTES} bytes"))
                    }
                    Ok(_) => match serde_json::from_slice::<RunRequest>(&body) {
                        Err(e) => error_json(400, &format!("invalid request: {e}")),
                        Ok(req) => match run_request(&req, libs, mc) {
                            Ok(r) => json_response(
                                200,
                                serde_json::to_string(&r).unwrap_or_else(|e| {
                                    serde_json::json!({ "error": e.to_string() }).to_string()
                                }),
                            ),
                            Err(e) => error_json(422, &e),
                        },
                    },
                }
            }
        }
        (_, "/" | "/api/run") => error_json(405, "method not allowed"),
        _ => error_json(404, "not found"),
    };
    let _ = rq.respond(response);
}

pub fn run(args: ServeArgs) -> Result<()> {
    check_bind(args.bind, args.allow_remote)?;
    let libs = validate::libraries()?;
    let server = tiny_http::Server::http((args.bind, args.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?;
    let page = hashpivot_report::dashboard_page(&EXAMPLES.iter().map(|e| e.0).collect::<Vec<_>>());
    let mut out = std::io::stdout();
    writeln!(
        out,
        "hashpivot dashboard on http://{addr}/ (Ctrl-C to stop)"
    )?;
    out.flush()?;
    let workers = usize::from(args.workers);
    let (tx, rx) = sync_channel::<tiny_http::Request>(workers);
    let rx = Arc::new(Mutex::new(rx));
    std::thread::scope(|s| {
        for _ in 0..workers {
            let rx = Arc::clone(&rx);
            let (page, libs, mc) = (&page, &libs, &args.mc);
            s.spawn(move || {
                loop {
                    let next = rx.lock().map(|r| r.recv());
                    match next {
                        Ok(Ok(rq)) => answer(rq, page, libs, mc),
                        _ => break,
                    }
                }
            });
        }
        loop {
            let rq = match server.recv() {
                Ok(rq) => rq,
                Err(e) => {
                    eprintln!("error: cannot accept a request: {e}");
                    continue;
                }
            };
            match tx.try_send(rq) {
                Ok(()) => {}
                Err(TrySendError::Full(rq)) => {
                    let _ = rq.respond(error_json(503, "busy: every worker is running; try again"));
                }
                Err(TrySendError::Disconnected(_)) => break,
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_binds_without_the_flag() {
        assert!(check_bind("127.0.0.1".parse().unwrap(), false).is_ok());
        assert!(check_bind("::1".parse().unwrap(), false).is_ok());
        let e = check_bind("0.0.0.0".parse().unwrap(), false).unwrap_err();
        assert!(e.to_string().contains("--allow-remote"));
        assert!(check_bind("192.0.2.1".parse().unwrap(), false).is_err());
        assert!(check_bind("0.0.0.0".parse().unwrap(), true).is_ok());
    }

    #[test]
    fn a_scenario_that_reads_price_paths_from_a_file_is_refused() {
        let csv: toml::Table = "[market.btc_price]\nmodel = \"csv\"\nfile = \"/etc/passwd\"\n"
            .parse()
            .unwrap();
        assert!(reads_server_files(&csv));
        let gbm: toml::Table = "[market.btc_price]\nmodel = \"gbm\"\n".parse().unwrap();
        assert!(!reads_server_files(&gbm));
        let req = RunRequest {
            example: None,
            scenario: Some("[market.btc_price]\nmodel = \"csv\"\nfile = \"/etc/passwd\"\n".into()),
            name: Some("x.toml".into()),
            overrides: BTreeMap::new(),
            paths: Some(10),
        };
        let libs = validate::libraries().unwrap();
        let mc = MonteCarloArgs {
            paths: 10,
            seed: 1,
            threads: Some(1),
        };
        let e = run_request(&req, &libs, &mc).err().unwrap();
        assert!(
            e.starts_with("x.toml: market.btc_price.model = \"csv\""),
            "{e}"
        );
    }

    #[test]
    fn every_example_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let p = e.unwrap().path();
                let stem = p.file_stem()?.to_string_lossy().into_owned();
                (p.extension()? == "toml").then_some(stem)
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EXAMPLES.iter().map(|e| e.0.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }
}
