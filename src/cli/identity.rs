//! `identity`: who changes are recorded against.

use clap::Args;

use crate::app::App;
use crate::domain::{Identity, Role};
use crate::error::Error;
use crate::services::identity;

/// Show, or set with --name and --role, who you are.
#[derive(Debug, Args)]
pub struct IdentityArgs {
    #[arg(long, requires = "role")]
    name: Option<String>,
    /// focal-point or coordinator.
    #[arg(long, requires = "name")]
    role: Option<String>,
}

pub fn run(app: &App, a: &IdentityArgs) -> Result<(), Error> {
    if let (Some(name), Some(role)) = (&a.name, &a.role) {
        let role: Role = role.parse()?;
        identity::set(
            app.store(),
            app.local_account(),
            &Identity {
                name: name.clone(),
                role,
            },
        )?;
    }
    match identity::get(app.store(), app.local_account())? {
        Some(i) => outln!("{} ({})", i.name, i.role.as_str()),
        None => outln!(
            "not set: changes are recorded as {}",
            app.local_actor()?.name
        ),
    }
    Ok(())
}
