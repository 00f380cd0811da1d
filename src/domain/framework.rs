//! Frameworks: the reference frames commitments are made under (the World Humanitarian
//! Summit's Agenda for Humanity, the Grand Bargain, an Open Government Partnership action
//! plan…), each with its named levels, coded categories and commitment types. See
//! docs/decisions/0002-frameworks-as-data.md.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use crate::error::Error;

/// The seeded framework's code.
pub const WHS: &str = "WHS";
/// The longest framework or category code.
pub const MAX_CODE_LEN: usize = 32;
/// The longest name (framework, level, category, type).
pub const MAX_NAME_LEN: usize = 300;
/// The longest description, source or reference text, in characters.
pub const MAX_TEXT_LEN: usize = 20_000;
/// How deep a taxonomy may go.
pub const MAX_LEVELS: usize = 4;
/// How many categories one framework may hold.
pub const MAX_CATEGORIES: usize = 2_000;
/// How many commitment types one framework may define.
pub const MAX_TYPES: usize = 50;

/// One coded category of a framework's taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    /// Unique within the framework ("3", "3A", "GB-2").
    pub code: String,
    pub name: String,
    /// 1 for the top level; its name is `levels[level - 1]`.
    pub level: u8,
    /// The code of the category one level up (None at level 1).
    pub parent: Option<String>,
    /// Text users read beside it (Markdown), e.g. the WHS core commitments.
    pub reference_text: String,
}

/// A framework with its whole taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Framework {
    /// Short code, e.g. "WHS".
    pub code: String,
    pub name: String,
    pub description: String,
    /// Where it is published (URL or citation).
    pub source: String,
    /// The names of its levels, from the top ("Core responsibility", "Transformation").
    pub levels: Vec<String>,
    /// Its commitment types, in display order (may be empty).
    pub types: Vec<String>,
    /// How many top-level categories each commitment must link.
    pub min_categories: u32,
    /// Depth-first: each category followed by its children, siblings in order.
    pub categories: Vec<Category>,
    /// Bumped by every save; an update must name the version it was based on.
    pub version: i32,
}

impl Framework {
    /// The category with this code (exact, then case-insensitively).
    pub fn category(&self, code: &str) -> Option<&Category> {
        let code = code.trim();
        self.categories.iter().find(|c| c.code == code).or_else(|| {
            self.categories
                .iter()
                .find(|c| c.code.to_lowercase() == code.to_lowercase())
        })
    }

    /// The category whose code or name is this text (codes first), for imports.
    pub fn category_by_code_or_name(&self, text: &str) -> Option<&Category> {
        let wanted = fold(text);
        self.category(text)
            .or_else(|| self.categories.iter().find(|c| fold(&c.name) == wanted))
    }

    /// The type of this framework spelt as `text` (case-insensitive), if it has one.
    pub fn type_named(&self, text: &str) -> Option<&str> {
        let t = text.trim();
        self.types
            .iter()
            .find(|k| k.to_lowercase() == t.to_lowercase())
            .map(String::as_str)
    }

    /// The name of a level (1-based), or "Level n".
    pub fn level_name(&self, level: u8) -> String {
        self.levels
            .get(usize::from(level).saturating_sub(1))
            .cloned()
            .unwrap_or_else(|| format!("Level {level}"))
    }

    /// The categories of one level, in order.
    pub fn at_level(&self, level: u8) -> impl Iterator<Item = &Category> {
        self.categories.iter().filter(move |c| c.level == level)
    }
}

/// Case, accents and spacing folded, to match a typed name to a category.
fn fold(s: &str) -> String {
    s.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every framework: what the commitment form, filters and checks read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Catalogue {
    pub frameworks: Vec<Framework>,
}

impl Catalogue {
    /// The framework with this code (case-insensitive).
    pub fn framework(&self, code: &str) -> Option<&Framework> {
        let code = code.trim();
        self.frameworks
            .iter()
            .find(|f| f.code.eq_ignore_ascii_case(code))
    }

    /// The framework a commitment goes to when none is named: WHS if present, else the first.
    pub fn default_framework(&self) -> Option<&Framework> {
        self.framework(WHS).or_else(|| self.frameworks.first())
    }

    /// The named framework or the default; errors name the field `framework`.
    pub fn resolve(&self, code: Option<&str>) -> Result<&Framework, Error> {
        match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => self.framework(code).ok_or_else(|| {
                Error::validation(
                    "framework",
                    format!(
                        "framework {code:?} does not exist (known: {})",
                        self.frameworks
                            .iter()
                            .map(|f| f.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            }),
            None => self
                .default_framework()
                .ok_or_else(|| Error::validation("framework", "no framework exists yet")),
        }
    }
}

/// A category as a person enters it (its level follows from its parent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryInput {
    pub code: String,
    pub name: String,
    /// The code of its parent, a category of the level above (None or "" for the top level).
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub reference_text: String,
}

/// What a person enters to add or edit a framework (or what a framework file holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FrameworkInput {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub source: String,
    /// Level names from the top; at least one.
    pub levels: Vec<String>,
    #[serde(default)]
    pub types: Vec<String>,
    #[serde(default)]
    pub min_categories: u32,
    #[serde(default)]
    pub categories: Vec<CategoryInput>,
}

/// An edit of a framework, based on the version the person saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FrameworkUpdate {
    /// The framework's code before the edit.
    pub code: String,
    pub expected_version: i32,
    pub input: FrameworkInput,
}

/// An edit given option by option (the command line's): what is not given keeps its value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameworkChanges {
    pub code: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    /// Replaces the levels when not empty.
    pub levels: Vec<String>,
    pub types: Option<Vec<String>>,
    pub min_categories: Option<u32>,
    /// Added, or renamed (moved when a parent is given, its reference text replaced when one
    /// is given) by code, case aside.
    pub categories: Vec<CategoryInput>,
    /// Codes of categories to drop; one the framework lacks is an error (field `categories`).
    pub remove: Vec<String>,
}

impl FrameworkChanges {
    /// The input for `current` (None: a new framework) with these changes laid over it.
    pub fn over(&self, current: Option<&Framework>) -> Result<FrameworkInput, Error> {
        if let Some(f) = current {
            if let Some(missing) = self.remove.iter().find(|r| f.category(r).is_none()) {
                return Err(Error::validation(
                    "categories",
                    format!("framework {} has no category {missing}", f.code),
                ));
            }
        }
        let mut categories: Vec<CategoryInput> = current
            .map(|f| {
                f.categories
                    .iter()
                    .filter(|c| !self.remove.iter().any(|r| r.eq_ignore_ascii_case(&c.code)))
                    .map(|c| CategoryInput {
                        code: c.code.clone(),
                        name: c.name.clone(),
                        parent: c.parent.clone(),
                        reference_text: c.reference_text.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        for given in &self.categories {
            match categories
                .iter_mut()
                .find(|c| c.code.eq_ignore_ascii_case(given.code.trim()))
            {
                Some(c) => {
                    c.name = given.name.clone();
                    if given.parent.is_some() {
                        c.parent = given.parent.clone();
                    }
                    if !given.reference_text.is_empty() {
                        c.reference_text = given.reference_text.clone();
                    }
                }
                None => categories.push(given.clone()),
            }
        }
        let pick = |given: &Option<String>, old: Option<&String>| {
            given.clone().or_else(|| old.cloned()).unwrap_or_default()
        };
        Ok(FrameworkInput {
            code: pick(&self.code, current.map(|f| &f.code)),
            name: pick(&self.name, current.map(|f| &f.name)),
            description: pick(&self.description, current.map(|f| &f.description)),
            source: pick(&self.source, current.map(|f| &f.source)),
            levels: if self.levels.is_empty() {
                current.map(|f| f.levels.clone()).unwrap_or_default()
            } else {
                self.levels.clone()
            },
            types: match &self.types {
                Some(t) => t.clone(),
                None => current.map(|f| f.types.clone()).unwrap_or_default(),
            },
            min_categories: self
                .min_categories
                .or(current.map(|f| f.min_categories))
                .unwrap_or(0),
            categories,
        })
    }
}

fn text_field(field: &str, label: &str, value: &str, max: usize) -> Result<String, Error> {
    let value = value.trim().to_owned();
    if value.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("{label} is longer than {max} characters"),
        ));
    }
    Ok(value)
}

fn name_field(field: &str, label: &str, value: &str) -> Result<String, Error> {
    let value = text_field(field, label, value, MAX_NAME_LEN)?;
    if value.is_empty() {
        return Err(Error::validation(field, format!("{label} is required")));
    }
    Ok(value)
}

/// A framework or category code: NFKC, trimmed, 1 to [`MAX_CODE_LEN`] letters, digits and
/// `- _ . /`.
pub fn validate_code(field: &str, code: &str) -> Result<String, Error> {
    let code: String = code.nfkc().collect::<String>().trim().to_owned();
    if code.is_empty() {
        return Err(Error::validation(field, "the code is required"));
    }
    if code.chars().count() > MAX_CODE_LEN {
        return Err(Error::validation(
            field,
            format!("the code {code:?} is longer than {MAX_CODE_LEN} characters"),
        ));
    }
    if !code
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        return Err(Error::validation(
            field,
            format!("the code {code:?} may hold only letters, digits and - _ . /"),
        ));
    }
    Ok(code)
}

impl FrameworkInput {
    /// Checks every rule and returns the framework as it will be stored (version 0: the store
    /// sets it). Categories come back depth-first; the first broken rule is reported, naming
    /// its field (`categories[3].parent` for the fourth category's parent).
    pub fn validate(&self) -> Result<Framework, Error> {
        let code = validate_code("code", &self.code)?;
        let name = name_field("name", "the name", &self.name)?;
        let description = text_field(
            "description",
            "the description",
            &self.description,
            MAX_TEXT_LEN,
        )?;
        let source = text_field("source", "the source", &self.source, MAX_TEXT_LEN)?;
        if self.levels.is_empty() || self.levels.len() > MAX_LEVELS {
            return Err(Error::validation(
                "levels",
                format!("a framework has 1 to {MAX_LEVELS} levels"),
            ));
        }
        let levels = self
            .levels
            .iter()
            .map(|l| name_field("levels", "a level's name", l))
            .collect::<Result<Vec<_>, _>>()?;
        let types = self.validate_types()?;
        if self.min_categories > 100 {
            return Err(Error::validation(
                "minCategories",
                "at most 100 top-level categories can be required",
            ));
        }
        let categories = self.validate_categories(levels.len())?;
        if self.min_categories > 0 && !categories.iter().any(|c| c.level == 1) {
            return Err(Error::validation(
                "minCategories",
                "commitments cannot need a top-level category while the framework has none",
            ));
        }
        Ok(Framework {
            code,
            name,
            description,
            source,
            levels,
            types,
            min_categories: self.min_categories,
            categories,
            version: 0,
        })
    }

    fn validate_types(&self) -> Result<Vec<String>, Error> {
        if self.types.len() > MAX_TYPES {
            return Err(Error::validation(
                "types",
                format!("a framework has at most {MAX_TYPES} commitment types"),
            ));
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for t in &self.types {
            let t = name_field("types", "a type's name", t)?;
            if !seen.insert(t.to_lowercase()) {
                return Err(Error::validation(
                    "types",
                    format!("the type {t:?} appears twice"),
                ));
            }
            out.push(t);
        }
        Ok(out)
    }

    fn validate_categories(&self, depth: usize) -> Result<Vec<Category>, Error> {
        if self.categories.len() > MAX_CATEGORIES {
            return Err(Error::validation(
                "categories",
                format!("a framework has at most {MAX_CATEGORIES} categories"),
            ));
        }
        let mut by_code: HashMap<String, usize> = HashMap::new();
        let mut checked: Vec<Category> = Vec::new();
        for (i, c) in self.categories.iter().enumerate() {
            let at = |f: &str| format!("categories[{i}].{f}");
            let code = validate_code(&at("code"), &c.code)?;
            if by_code.insert(code.to_lowercase(), i).is_some() {
                return Err(Error::validation(
                    at("code"),
                    format!("the category code {code:?} appears twice"),
                ));
            }
            checked.push(Category {
                code,
                name: name_field(&at("name"), "a category's name", &c.name)?,
                level: 0,
                parent: c
                    .parent
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned),
                reference_text: text_field(
                    &at("referenceText"),
                    "the reference text",
                    &c.reference_text,
                    MAX_TEXT_LEN,
                )?,
            });
        }
        // Levels follow from parents; a parent must be listed and the chain may not loop.
        for i in 0..checked.len() {
            let mut level = 1usize;
            let mut cursor = checked[i].parent.clone();
            while let Some(p) = cursor {
                let Some(&j) = by_code.get(&p.to_lowercase()) else {
                    return Err(Error::validation(
                        format!("categories[{i}].parent"),
                        format!("the parent {p:?} is not a category of this framework"),
                    ));
                };
                level += 1;
                if level > depth {
                    return Err(Error::validation(
                        format!("categories[{i}].parent"),
                        format!(
                            "category {:?} would sit at level {level}, below the framework's {depth} level(s) (or its parents loop)",
                            checked[i].code
                        ),
                    ));
                }
                cursor = checked[j].parent.clone();
            }
            checked[i].level = level as u8;
            if let Some(p) = checked[i].parent.clone() {
                checked[i].parent = Some(checked[by_code[&p.to_lowercase()]].code.clone());
            }
        }
        Ok(depth_first(checked))
    }
}

/// Categories ordered depth-first, siblings in their given order.
fn depth_first(categories: Vec<Category>) -> Vec<Category> {
    fn walk(parent: Option<&str>, all: &[Category], out: &mut Vec<Category>) {
        for c in all.iter().filter(|c| c.parent.as_deref() == parent) {
            out.push(c.clone());
            walk(Some(&c.code), all, out);
        }
    }
    let mut out = Vec::with_capacity(categories.len());
    walk(None, &categories, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> FrameworkInput {
        FrameworkInput {
            code: "OGP-US5".into(),
            name: "US NAP5".into(),
            description: String::new(),
            source: String::new(),
            levels: vec!["Theme".into(), "Milestone".into()],
            types: vec![],
            min_categories: 1,
            categories: vec![
                CategoryInput {
                    code: "T1.a".into(),
                    name: "Child".into(),
                    parent: Some("t1".into()),
                    reference_text: String::new(),
                },
                CategoryInput {
                    code: "T1".into(),
                    name: "Data".into(),
                    parent: None,
                    reference_text: String::new(),
                },
            ],
        }
    }

    #[test]
    fn levels_follow_parents_and_order_is_depth_first() {
        let f = input().validate().expect("valid");
        assert_eq!(f.categories[0].code, "T1");
        assert_eq!(f.categories[1].level, 2);
        assert_eq!(f.categories[1].parent.as_deref(), Some("T1"));
    }

    #[test]
    fn a_loop_or_too_deep_a_chain_is_refused_on_its_field() {
        let mut i = input();
        i.categories[1].parent = Some("T1.a".into());
        let e = i.validate().expect_err("loop");
        assert!(e.field().is_some_and(|f| f.ends_with(".parent")), "{e:?}");
    }
}
