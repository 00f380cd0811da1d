//! The framework and category filter options shared by `commitments list`, `search` and
//! `export`.

use clap::Args;

use crate::domain::framework::WHS;
use crate::domain::CommitmentFilter;
use crate::error::Error;

/// `--framework`, `--category`, and the WHS shorthands `--cr` and `--transformation`.
#[derive(Debug, Clone, Default, Args)]
pub struct CategoryArgs {
    /// A framework code (e.g. WHS).
    #[arg(long)]
    framework: Option<String>,
    /// A category code within the framework (WHS: a core responsibility 1–5 or a
    /// transformation 1A–5E).
    #[arg(long, conflicts_with_all = ["core_responsibility", "transformation"])]
    category: Option<String>,
    /// WHS: a core responsibility number (1–5); the same as --framework WHS --category N.
    #[arg(long = "cr", conflicts_with = "transformation")]
    core_responsibility: Option<u8>,
    /// WHS: a transformation code (1A–5E); the same as --framework WHS --category CODE.
    #[arg(long)]
    transformation: Option<String>,
}

impl CategoryArgs {
    /// Sets the filter's framework and category.
    pub fn apply(&self, filter: &mut CommitmentFilter) -> Result<(), Error> {
        let whs = self
            .core_responsibility
            .map(|n| n.to_string())
            .or_else(|| self.transformation.clone());
        match whs {
            Some(code) => {
                if let Some(f) = self.framework.as_deref() {
                    if !f.eq_ignore_ascii_case(WHS) {
                        return Err(Error::validation(
                            "framework",
                            "--cr and --transformation belong to the WHS framework; use --category with another framework",
                        ));
                    }
                }
                filter.framework = Some(WHS.to_owned());
                filter.category = Some(code);
            }
            None => {
                filter.framework = self.framework.clone();
                filter.category = self.category.clone();
            }
        }
        Ok(())
    }
}
