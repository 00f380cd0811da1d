//! `ct`: the headless command line (and browser-mode server) of Commitment Tracker. It needs
//! no display and no webview libraries.

use std::process::ExitCode;

use clap::Parser;
use commitment_tracker::cli::{self, Cli};

fn main() -> ExitCode {
    cli::run(Cli::parse(), None)
}
