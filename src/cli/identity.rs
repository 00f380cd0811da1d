//! `identity`: who changes are recorded against.

use clap::Args;

use super::backend::Backend;
use crate::api::NoArgs;
use crate::domain::{Identity, Role};
use crate::error::Error;

/// Show, or set with --name and --role, who you are.
#[derive(Debug, Args)]
pub struct IdentityArgs {
    #[arg(long, requires = "role")]
    name: Option<String>,
    /// focal-point or coordinator.
    #[arg(long, requires = "name")]
    role: Option<String>,
}

pub fn run(b: &Backend, a: &IdentityArgs) -> Result<(), Error> {
    if let (Some(name), Some(role)) = (&a.name, &a.role) {
        let role: Role = role.parse()?;
        let _: Identity = b.call(
            "set_identity",
            &Identity {
                name: name.clone(),
                role,
            },
        )?;
    }
    let identity: Option<Identity> = b.call("get_identity", &NoArgs {})?;
    match identity {
        Some(i) => outln!("{} ({})", i.name, i.role.as_str()),
        None => {
            let fallback: Identity = b.call("recorded_as", &NoArgs {})?;
            outln!("not set: changes are recorded as {}", fallback.name)
        }
    }
    Ok(())
}
