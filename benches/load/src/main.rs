//! The team server's load benchmark (issue 16): simulated focal points, coordinators and
//! viewers against `ct serve --team`, driven by Goose.
//!
//! Before the run, the accounts, their assignments and an open reporting cycle are made
//! through the server's own API as an admin (`CT_LOAD_ADMIN_TOKEN`, from `ct users token`).
//! Goose then runs the three kinds of user (its usual options: `--users`, `--increase-time`,
//! `--run-time`, …); each kind of call is a named request, so Goose keeps its times apart.
//! After the run every report a focal point saved is read back and compared with the last
//! content the server acknowledged for it (lost updates), and a Markdown summary is printed
//! (and written to `CT_LOAD_SUMMARY` when set).
//!
//! Environment: `CT_LOAD_URL` (default `http://127.0.0.1:8787`), `CT_LOAD_ADMIN_TOKEN`
//! (required), `CT_LOAD_SUMMARY` (a file for the summary), `CT_LOAD_LABEL` (its heading),
//! `CT_LOAD_FOCAL_POINTS` / `CT_LOAD_COORDINATORS` / `CT_LOAD_VIEWERS` (accounts of each
//! kind, default 150 / 30 / 20: also the scenarios' weights), `CT_LOAD_MY_WORK` (how often a
//! focal point's turn also opens "My work", 0 to 1, default 0.15).

mod plan;
mod scenarios;
mod tally;

use std::time::Duration;

use goose::prelude::*;
use scenarios::{
    coordinator_browse, coordinator_sign_in, focal_point_edit, focal_point_sign_in, viewer_search,
    viewer_sign_in,
};

/// Whatever stops the run before it starts, or its read-back.
pub type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    // First, so that `--help` answers without the environment.
    let attack = GooseAttack::initialize()?;
    let config = plan::Config::from_env()?;
    let admin = plan::Admin::new(&config)?;
    let plan = plan::prepare(&admin, &config).await?;
    let engine = plan.engine.clone();
    scenarios::PLAN
        .set(plan)
        .map_err(|_| "the plan was set twice")?;

    let weights = &config.accounts;
    let metrics = attack
        .set_default(GooseDefault::Host, config.url.as_str())?
        .register_scenario(
            scenario!("FocalPoint")
                .set_weight(weights.focal_points)?
                .set_wait_time(Duration::from_secs(3), Duration::from_secs(5))?
                .register_transaction(
                    transaction!(focal_point_sign_in)
                        .set_on_start()
                        .set_name("sign in"),
                )
                .register_transaction(transaction!(focal_point_edit).set_name("edit")),
        )
        .register_scenario(
            scenario!("Coordinator")
                .set_weight(weights.coordinators)?
                .set_wait_time(Duration::from_secs(3), Duration::from_secs(6))?
                .register_transaction(
                    transaction!(coordinator_sign_in)
                        .set_on_start()
                        .set_name("sign in"),
                )
                .register_transaction(transaction!(coordinator_browse).set_name("browse")),
        )
        .register_scenario(
            scenario!("Viewer")
                .set_weight(weights.viewers)?
                .set_wait_time(Duration::from_secs(3), Duration::from_secs(6))?
                .register_transaction(
                    transaction!(viewer_sign_in)
                        .set_on_start()
                        .set_name("sign in"),
                )
                .register_transaction(transaction!(viewer_search).set_name("search")),
        )
        .execute()
        .await?;

    let check = tally::read_back(&admin).await?;
    let summary = tally::summary(&metrics, &check, &config, &engine);
    println!("{summary}");
    if let Some(path) = &config.summary {
        std::fs::write(path, &summary)?;
    }
    Ok(())
}
