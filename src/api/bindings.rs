//! TypeScript bindings for the UI, generated from the Rust types by ts-rs: one file per type,
//! plus `Commands.ts`, the map from command name to argument and result types.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ts_rs::{Config, ExportError, TypeVisitor, TS};

use crate::error::{ApiError, ErrorKind};

/// Why the bindings could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BindingsError {
    #[error("ts-rs could not export a type: {0}")]
    Export(#[from] ExportError),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Collects the command table's types while exporting them.
pub struct CommandMap {
    cfg: Config,
    dir: PathBuf,
    imports: BTreeSet<String>,
    entries: String,
}

/// Exports every exportable type it visits (with its dependencies) and remembers its name for
/// the imports of `Commands.ts`.
struct Exporter<'a> {
    cfg: &'a Config,
    imports: &'a mut BTreeSet<String>,
    error: Option<ExportError>,
}

impl TypeVisitor for Exporter<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() {
            // A container such as Vec<T>: its element types are what gets exported.
            T::visit_generics(self);
            return;
        }
        self.imports.insert(T::ident(self.cfg));
        if let Err(e) = T::export_all(self.cfg) {
            self.error.get_or_insert(e);
        }
    }
}

impl CommandMap {
    /// A map that writes into `dir`.
    pub fn new(dir: &Path) -> Self {
        CommandMap {
            // JSON numbers arrive as numbers: u64 counts are far below 2^53.
            cfg: Config::new().with_out_dir(dir).with_large_int("number"),
            dir: dir.to_owned(),
            imports: BTreeSet::new(),
            entries: String::new(),
        }
    }

    fn export<T: TS + 'static + ?Sized>(&mut self) -> Result<(), BindingsError> {
        let mut v = Exporter {
            cfg: &self.cfg,
            imports: &mut self.imports,
            error: None,
        };
        v.visit::<T>();
        match v.error {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }

    /// Adds one command.
    pub fn add<A: TS + 'static, R: TS + 'static>(
        &mut self,
        name: &str,
    ) -> Result<(), BindingsError> {
        self.export::<A>()?;
        self.export::<R>()?;
        let _ = writeln!(
            self.entries,
            "  {name}: {{ args: {}; result: {} }};",
            A::name(&self.cfg),
            R::name(&self.cfg)
        );
        Ok(())
    }

    /// Exports the error types and writes `Commands.ts`.
    pub fn finish(self) -> Result<(), BindingsError> {
        // Not part of any command's types, but every call may reject with them.
        ApiError::export_all(&self.cfg)?;
        ErrorKind::export_all(&self.cfg)?;
        // The team server's sign-in page reads it from `GET /auth/methods`, outside the table.
        crate::domain::SignInMethods::export_all(&self.cfg)?;
        let mut out = String::from(
            "// Generated from src/api/mod.rs by `UPDATE_BINDINGS=1 cargo test bindings`. Do not edit.\n\n",
        );
        for ident in &self.imports {
            let _ = writeln!(out, "import type {{ {ident} }} from \"./{ident}\";");
        }
        out.push_str("\n/** Every backend command: its arguments and its result. */\nexport type Commands = {\n");
        out.push_str(&self.entries);
        out.push_str("};\n");
        let path = self.dir.join("Commands.ts");
        std::fs::write(&path, out).map_err(|source| BindingsError::Io { path, source })
    }
}
