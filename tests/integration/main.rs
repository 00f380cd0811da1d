mod bindings;
mod catalogue;
mod cli;
mod commitments;
mod http;
mod migrations;
mod reports;
mod support;
