//! The command table: every command the UI may call, its argument and result types, and the
//! service function behind it. The window (one Tauri command) and the browser mode (one HTTP
//! route) both call [`dispatch`]; TypeScript types for the table come from [`bindings`].

pub mod args;
pub mod bindings;

use serde_json::Value;

use crate::app::App;
use crate::domain::{
    Catalogue, Commitment, CommitmentFilter, CommitmentInput, CommitmentSummary, Organisation,
};
use crate::error::Error;
use crate::services;
pub use args::{AppInfo, ById, NoArgs, UpdateCommitment, VersionedId};

/// Declares the table once; generates [`dispatch`], [`COMMANDS`] and the TypeScript map.
macro_rules! commands {
    ($( $name:ident ( $app:ident, $args:ident : $args_ty:ty ) -> $res:ty => $body:expr ; )*) => {
        /// Runs the command `cmd` with JSON `args`, returning its JSON result.
        pub fn dispatch(app: &App, cmd: &str, args: Value) -> Result<Value, Error> {
            match cmd {
                $( stringify!($name) => {
                    let $args: $args_ty = args::parse(cmd, args)?;
                    let $app = app;
                    let out: $res = $body?;
                    serde_json::to_value(out).map_err(|e| Error::BadRequest {
                        message: format!("could not encode the result of {cmd}: {e}"),
                        field: None,
                    })
                } )*
                _ => Err(Error::BadRequest {
                    message: format!("unknown command {cmd:?}"),
                    field: None,
                }),
            }
        }

        /// Every command name.
        pub const COMMANDS: &[&str] = &[$( stringify!($name) ),*];

        /// Exports the TypeScript types of every command's arguments and result, and the
        /// `Commands` map, into `dir`.
        pub fn export_bindings(dir: &std::path::Path) -> Result<(), bindings::BindingsError> {
            let mut map = bindings::CommandMap::new(dir);
            $( map.add::<$args_ty, $res>(stringify!($name))?; )*
            map.finish()
        }
    };
}

commands! {
    app_info(app, _a: NoArgs) -> AppInfo => Ok::<_, Error>(AppInfo::of(app));
    catalogue(app, _a: NoArgs) -> Catalogue => services::catalogue::catalogue(app.store());
    list_organisations(app, _a: NoArgs) -> Vec<Organisation> =>
        services::catalogue::list_organisations(app.store());
    list_commitments(app, a: CommitmentFilter) -> Vec<CommitmentSummary> =>
        services::commitments::list(app.store(), &a);
    get_commitment(app, a: ById) -> Commitment => services::commitments::get(app.store(), &a.id);
    create_commitment(app, a: CommitmentInput) -> Commitment =>
        services::commitments::create(app.store(), app.actor(), &a);
    update_commitment(app, a: UpdateCommitment) -> Commitment =>
        services::commitments::update(app.store(), app.actor(), &a.id, a.expected_version, &a.input);
    retire_commitment(app, a: VersionedId) -> Commitment =>
        services::commitments::retire(app.store(), app.actor(), &a.id, a.expected_version);
    restore_commitment(app, a: VersionedId) -> Commitment =>
        services::commitments::restore(app.store(), app.actor(), &a.id, a.expected_version);
}
