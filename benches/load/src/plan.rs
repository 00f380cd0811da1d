//! What the simulated users need, made through the server's API as an admin before the run:
//! the accounts (150 focal points, 30 coordinators, 20 viewers by default), each focal point's
//! assignments, and the current year's reporting cycle, open.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::Failure;

/// Every simulated account's password (12+ characters, not a common one, not its e-mail).
pub const PASSWORD: &str = "load-bench-Kq7v-2Wz9";

/// Commitments per focal point of its own; each also shares one with the next focal point
/// (that commitment is the next one's first), so two people sometimes save the same report.
pub const OWN_COMMITMENTS: usize = 3;

/// How many accounts of each kind (also the Goose scenarios' weights).
#[derive(Debug, Clone, Copy)]
pub struct Accounts {
    pub focal_points: usize,
    pub coordinators: usize,
    pub viewers: usize,
}

/// The benchmark's settings, from the environment (see the crate's documentation).
#[derive(Debug, Clone)]
pub struct Config {
    pub url: String,
    pub admin_token: String,
    pub summary: Option<String>,
    pub label: String,
    pub accounts: Accounts,
    /// How often a focal point's turn also opens "My work" (0 to 1; default 0.15).
    pub my_work_share: f64,
}

fn env_count(name: &str, default: usize) -> Result<usize, Failure> {
    match std::env::var(name) {
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{name} must be a positive number, not {v:?}").into()),
        },
        Err(_) => Ok(default),
    }
}

impl Config {
    pub fn from_env() -> Result<Config, Failure> {
        let admin_token = std::env::var("CT_LOAD_ADMIN_TOKEN")
            .map_err(|_| "set CT_LOAD_ADMIN_TOKEN to an admin's token (ct users token EMAIL)")?;
        Ok(Config {
            url: std::env::var("CT_LOAD_URL")
                .unwrap_or_else(|_| "http://127.0.0.1:8787".to_owned())
                .trim_end_matches('/')
                .to_owned(),
            admin_token,
            summary: std::env::var("CT_LOAD_SUMMARY").ok(),
            label: std::env::var("CT_LOAD_LABEL").unwrap_or_else(|_| "load".to_owned()),
            accounts: Accounts {
                focal_points: env_count("CT_LOAD_FOCAL_POINTS", 150)?,
                coordinators: env_count("CT_LOAD_COORDINATORS", 30)?,
                viewers: env_count("CT_LOAD_VIEWERS", 20)?,
            },
            my_work_share: match std::env::var("CT_LOAD_MY_WORK") {
                Ok(v) => v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| (0.0..=1.0).contains(x))
                    .ok_or_else(|| format!("CT_LOAD_MY_WORK must be between 0 and 1, not {v:?}"))?,
                Err(_) => 0.15,
            },
        })
    }
}

/// The admin's side of the API: setup before the run, read-back after it (not timed by Goose).
pub struct Admin {
    client: reqwest::Client,
    url: String,
    token: String,
}

impl Admin {
    pub fn new(config: &Config) -> Result<Admin, Failure> {
        Ok(Admin {
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(120))
                .build()?,
            url: config.url.clone(),
            token: config.admin_token.clone(),
        })
    }

    /// Runs a command; `Ok(Err(kind))` is the server's refusal with its error kind.
    pub async fn try_call(&self, cmd: &str, args: Value) -> Result<Result<Value, String>, Failure> {
        let response = self
            .client
            .post(format!("{}/api/{cmd}", self.url))
            .bearer_auth(&self.token)
            .header("x-ct-csrf", "1")
            .json(&args)
            .send()
            .await?;
        let ok = response.status().is_success();
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if ok {
            Ok(Ok(body))
        } else {
            let kind = body["kind"].as_str().unwrap_or("?").to_owned();
            let message = body["message"].as_str().unwrap_or("").to_owned();
            Ok(Err(format!("{kind} ({status}): {message}")))
        }
    }

    /// Runs a command that must succeed.
    pub async fn call(&self, cmd: &str, args: Value) -> Result<Value, Failure> {
        self.try_call(cmd, args)
            .await?
            .map_err(|e| format!("{cmd}: {e}").into())
    }
}

/// One focal point: its e-mail and the commitments (UUIDs) it is assigned to.
#[derive(Debug, Clone)]
pub struct FocalPoint {
    pub email: String,
    pub commitments: Vec<String>,
}

/// Everything the simulated users read from.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The reporting year (the server's current year), whose cycle is open.
    pub year: i32,
    /// "Sqlite" or "Postgres", as the server says.
    pub engine: String,
    pub focal_points: Vec<FocalPoint>,
    pub coordinators: Vec<String>,
    pub viewers: Vec<String>,
    /// How many commitments the catalogue lists (for picking pages).
    pub commitments: u32,
    /// See [`Config::my_work_share`].
    pub my_work_share: f64,
}

fn email(kind: &str, n: usize) -> String {
    format!("{kind}{n:03}@load.example")
}

async fn add_account(admin: &Admin, email: &str, role: &str) -> Result<(), Failure> {
    let name = format!("Load {}", email.split('@').next().unwrap_or(email));
    let made = admin
        .try_call(
            "add_user",
            json!({"email": email, "name": name, "role": role, "password": PASSWORD}),
        )
        .await?;
    match made {
        Ok(_) => Ok(()),
        // A second run on the same database: the account is there already.
        Err(e) if e.starts_with("duplicate") => Ok(()),
        Err(e) => Err(format!("add_user {email}: {e}").into()),
    }
}

/// Makes the accounts, assignments and cycle (again on a database that has them: nothing
/// changes) and returns the plan.
pub async fn prepare(admin: &Admin, config: &Config) -> Result<Plan, Failure> {
    let started = Instant::now();
    let info = admin.call("app_info", json!({})).await?;
    let year = info["currentYear"]
        .as_i64()
        .ok_or("app_info has no currentYear")? as i32;
    let engine = info["engine"].as_str().unwrap_or("?").to_owned();
    let me = admin.call("whoami", json!({})).await?;
    if me["role"].as_str() != Some("Admin") {
        return Err(format!("CT_LOAD_ADMIN_TOKEN is not an admin's: {me}").into());
    }

    let mut commitments = Vec::new();
    loop {
        let page = admin
            .call(
                "list_commitments_page",
                json!({"filter": {}, "offset": commitments.len(), "limit": 1000}),
            )
            .await?;
        let rows = page["rows"].as_array().cloned().unwrap_or_default();
        if rows.is_empty() {
            break;
        }
        commitments.extend(
            rows.iter()
                .filter_map(|r| r["id"].as_str().map(str::to_owned)),
        );
        if commitments.len() as u64 >= page["total"].as_u64().unwrap_or(0) {
            break;
        }
    }
    let n = config.accounts.focal_points;
    if commitments.len() < n * OWN_COMMITMENTS {
        return Err(format!(
            "{} focal points need {} commitments; the catalogue has {}",
            n,
            n * OWN_COMMITMENTS,
            commitments.len()
        )
        .into());
    }

    let focal_points: Vec<FocalPoint> = (0..n)
        .map(|i| {
            let own = (0..OWN_COMMITMENTS).map(|k| commitments[i * OWN_COMMITMENTS + k].clone());
            let shared = commitments[((i + 1) % n) * OWN_COMMITMENTS].clone();
            let mut mine: Vec<String> = own.collect();
            if n > 1 {
                mine.push(shared);
            }
            FocalPoint {
                email: email("fp", i),
                commitments: mine,
            }
        })
        .collect();
    let coordinators: Vec<String> = (0..config.accounts.coordinators)
        .map(|i| email("coord", i))
        .collect();
    let viewers: Vec<String> = (0..config.accounts.viewers)
        .map(|i| email("viewer", i))
        .collect();

    for fp in &focal_points {
        add_account(admin, &fp.email, "FocalPoint").await?;
    }
    for c in &coordinators {
        add_account(admin, c, "Coordinator").await?;
    }
    for v in &viewers {
        add_account(admin, v, "Viewer").await?;
    }
    let accounts_done = started.elapsed();
    for fp in &focal_points {
        for c in &fp.commitments {
            admin
                .call(
                    "assign_commitment",
                    json!({"commitment": c, "user": fp.email}),
                )
                .await?;
        }
    }
    admin
        .call(
            "open_cycle",
            json!({"year": year, "deadline": format!("{year}-12-31")}),
        )
        .await?;
    eprintln!(
        "ct-load: {engine} server at {}: {} accounts ({:.1} s), {} assignments, cycle {year} open ({:.1} s in all)",
        config.url,
        focal_points.len() + coordinators.len() + viewers.len(),
        accounts_done.as_secs_f64(),
        focal_points.iter().map(|f| f.commitments.len()).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
    Ok(Plan {
        year,
        engine,
        focal_points,
        coordinators,
        viewers,
        commitments: commitments.len() as u32,
        my_work_share: config.my_work_share,
    })
}
