//! Column mapping: which columns of an organisation's own spreadsheet hold which of our
//! fields, and which of its values mean which of ours. Every import reads its file through
//! a [`ColumnMapping`]: [`propose`] (or [`propose_for_table`]) guesses one from the header,
//! the person corrects it, [`apply`] reads the rows through it.
//!
//! Headers match a field's synonyms (English, French, Spanish) ignoring case, accents,
//! spacing, punctuation and underscores ("N°", "Código", "commitment_status"); when no header
//! matches exactly, a header that contains a synonym's words matches ("aug_2023_progress" →
//! achievements), the longest synonym winning.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::table::Table;
use super::values::{self, ListStyle, ITEM_SEPARATOR};
use crate::domain::ImplementationStatus;
use crate::error::Error;

/// What is being imported; each kind has its own fields ([`fields`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum ImportKind {
    Catalogue,
    Reports,
}

impl ImportKind {
    /// The stored name (`import_mappings.kind`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ImportKind::Catalogue => "Catalogue",
            ImportKind::Reports => "Reports",
        }
    }
}

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldShape {
    /// One value; several columns are joined with no separator ("34" + "a" → "34a").
    Id,
    /// One line of text; several columns are joined with a space.
    Text,
    /// Markdown narrative (HTML converted); several columns joined with a blank line.
    Narrative,
    /// Items; several columns joined with [`ITEM_SEPARATOR`], then split in this style.
    List(ListStyle),
    /// One of a closed set of values, mapped through [`ColumnMapping::values`].
    Enumerated,
}

/// One field an import reads.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// snake_case, as in [`ColumnMapping::fields`].
    pub name: &'static str,
    pub required: bool,
    pub shape: FieldShape,
    /// Headers that name it, in English, French and Spanish (matched as [`header_key`] does).
    pub synonyms: &'static [&'static str],
}

impl FieldSpec {
    pub fn multi_valued(&self) -> bool {
        matches!(self.shape, FieldShape::List(_))
    }

    pub fn enumerated(&self) -> bool {
        matches!(self.shape, FieldShape::Enumerated)
    }
}

const ID_SYNONYMS: &[&str] = &[
    "ID",
    "N°",
    "No",
    "Nr",
    "Number",
    "Code",
    "Commitment ID",
    "Commitment number",
    "Commitment no",
    "Commitment code",
    "Identifiant",
    "Identifiant de l'engagement",
    "N° d'engagement",
    "Numéro",
    "Numéro d'engagement",
    "Código",
    "Código del compromiso",
    "ID del compromiso",
    "Número",
    "Número de compromiso",
];

const TAG_SYNONYMS: &[&str] = &[
    "Tags",
    "Tag",
    "Keywords",
    "Mots-clés",
    "Mots clés",
    "Étiquettes",
    "Etiquetas",
    "Palabras clave",
];

const CATALOGUE: &[FieldSpec] = &[
    FieldSpec {
        name: "id",
        required: true,
        shape: FieldShape::Id,
        synonyms: ID_SYNONYMS,
    },
    FieldSpec {
        name: "title",
        required: false,
        shape: FieldShape::Text,
        synonyms: &[
            "Title",
            "Short title",
            "Commitment title",
            "Name",
            "Titre",
            "Intitulé",
            "Título",
            "Nombre del compromiso",
        ],
    },
    FieldSpec {
        name: "description",
        required: true,
        shape: FieldShape::Narrative,
        synonyms: &[
            "Commitment",
            "Commitments",
            "Commitment text",
            "Commitment description",
            "Description",
            "Engagement",
            "Texte de l'engagement",
            "Compromiso",
            "Texto del compromiso",
            "Descripción",
        ],
    },
    FieldSpec {
        name: "type",
        required: false,
        shape: FieldShape::Enumerated,
        synonyms: &[
            "Type",
            "Commitment type",
            "Kind",
            "Type d'engagement",
            "Nature",
            "Tipo",
            "Tipo de compromiso",
        ],
    },
    FieldSpec {
        name: "organisation",
        required: false,
        shape: FieldShape::Text,
        synonyms: &[
            "Organisation",
            "Organization",
            "Org",
            "Organisation code",
            "Organization code",
            "Entity",
            "Organisme",
            "Entité",
            "Organización",
            "Entidad",
        ],
    },
    FieldSpec {
        name: "organisation_name",
        required: false,
        shape: FieldShape::Text,
        synonyms: &[
            "Organisation name",
            "Organization name",
            "Nom de l'organisation",
            "Nombre de la organización",
        ],
    },
    FieldSpec {
        name: "categories",
        required: false,
        shape: FieldShape::List(ListStyle::Categories),
        synonyms: &[
            "Theme",
            "Themes",
            "Category",
            "Categories",
            "Core responsibilities",
            "Core responsibility",
            "CR",
            "Transformations",
            "Transformation",
            "Workstream",
            "Pillar",
            "Thème",
            "Catégorie",
            "Catégories",
            "Axe",
            "Pilier",
            "Tema",
            "Categoría",
            "Eje",
            "Pilar",
        ],
    },
    FieldSpec {
        name: "tags",
        required: false,
        shape: FieldShape::List(ListStyle::Tags),
        synonyms: TAG_SYNONYMS,
    },
    // The e-mails of the accounts assigned to write the commitment's reports (separated by
    // `;`, `,` or line breaks, as tags are).
    FieldSpec {
        name: "focal_points",
        required: false,
        shape: FieldShape::List(ListStyle::Tags),
        synonyms: &[
            "Focal points",
            "Focal point",
            "Focal point e-mail",
            "Focal point email",
            "Focal points e-mails",
            "Assigned to",
            "Assignees",
            "Points focaux",
            "Point focal",
            "Courriel du point focal",
            "Puntos focales",
            "Punto focal",
            "Correo del punto focal",
        ],
    },
];

const REPORTS: &[FieldSpec] = &[
    FieldSpec {
        name: "id",
        required: true,
        shape: FieldShape::Id,
        synonyms: ID_SYNONYMS,
    },
    FieldSpec {
        name: "year",
        required: false,
        shape: FieldShape::Text,
        synonyms: &[
            "Year",
            "Reporting year",
            "Report year",
            "Année",
            "Année de rapport",
            "Año",
            "Año del informe",
        ],
    },
    FieldSpec {
        name: "status",
        required: true,
        shape: FieldShape::Enumerated,
        synonyms: &[
            "Status",
            "commitment_status",
            "Implementation status",
            "Progress status",
            "Statut",
            "Etat",
            "État d'avancement",
            "Statut de mise en œuvre",
            "Estado",
            "Estado de implementación",
        ],
    },
    FieldSpec {
        name: "achievements",
        required: false,
        shape: FieldShape::Narrative,
        synonyms: &[
            "Progress",
            "Progress update",
            "Progress report",
            "Achievements",
            "Results",
            "Update",
            "Progrès",
            "Réalisations",
            "Résultats",
            "Mise à jour",
            "Avances",
            "Logros",
            "Resultados",
            "Actualización",
        ],
    },
    FieldSpec {
        name: "challenges",
        required: false,
        shape: FieldShape::Narrative,
        synonyms: &[
            "Challenges",
            "Constraints",
            "Difficulties",
            "Difficultés",
            "Défis",
            "Contraintes",
            "Desafíos",
            "Retos",
            "Dificultades",
        ],
    },
    FieldSpec {
        name: "next_steps",
        required: false,
        shape: FieldShape::Narrative,
        synonyms: &[
            "Next steps",
            "Way forward",
            "Prochaines étapes",
            "Étapes suivantes",
            "Próximos pasos",
            "Siguientes pasos",
        ],
    },
    FieldSpec {
        name: "evidence",
        required: false,
        shape: FieldShape::List(ListStyle::Evidence),
        synonyms: &[
            "Evidence",
            "Links",
            "Sources",
            "Means of verification",
            "Preuves",
            "Liens",
            "Moyens de vérification",
            "Evidencia",
            "Pruebas",
            "Enlaces",
            "Medios de verificación",
        ],
    },
    FieldSpec {
        name: "progress",
        required: false,
        shape: FieldShape::Text,
        // "%" is read as the word "percent" (see `header_key`), so "Progress (%)" is this
        // field while a bare "Progress" is the achievements narrative.
        synonyms: &[
            "Progress %",
            "% complete",
            "Percent complete",
            "Percentage",
            "Completion",
            "Avancement %",
            "Pourcentage",
            "Porcentaje",
            "% de avance",
        ],
    },
    FieldSpec {
        name: "tags",
        required: false,
        shape: FieldShape::List(ListStyle::Tags),
        synonyms: TAG_SYNONYMS,
    },
    FieldSpec {
        name: "author",
        required: false,
        shape: FieldShape::Text,
        synonyms: &[
            "Author",
            "Reported by",
            "Submitted by",
            "Focal point",
            "Auteur",
            "Rédigé par",
            "Point focal",
            "Autor",
            "Punto focal",
        ],
    },
];

/// A field an import reads, as the mapping screen offers it (from [`fields`]: the UI keeps no
/// list of its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportField {
    /// snake_case, as in [`ColumnMapping::fields`].
    pub name: String,
    pub required: bool,
    /// One of a closed set of values, mapped value by value (report status, commitment type).
    pub enumerated: bool,
}

/// [`fields`] as the mapping screen lists them.
pub fn field_list(kind: ImportKind) -> Vec<ImportField> {
    fields(kind)
        .iter()
        .map(|f| ImportField {
            name: f.name.to_owned(),
            required: f.required,
            enumerated: f.enumerated(),
        })
        .collect()
}

/// The fields of an import kind, in the order previews show them.
pub fn fields(kind: ImportKind) -> &'static [FieldSpec] {
    match kind {
        ImportKind::Catalogue => CATALOGUE,
        ImportKind::Reports => REPORTS,
    }
}

/// The spec of one field, if the kind has it.
pub fn field(kind: ImportKind, name: &str) -> Option<&'static FieldSpec> {
    fields(kind).iter().find(|f| f.name == name)
}

/// Which columns hold which fields, and which values mean which. Saved by name
/// (`--save-mapping`) and sent by the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// Field (snake_case, see [`fields`]) → the source column names, in order. Several
    /// columns are joined: with no separator for `id` ("34" + "a" → "34a"), with a blank
    /// line ("\n\n") for narratives, with `;` for multi-valued fields, with a space for
    /// other text.
    #[serde(default)]
    pub fields: BTreeMap<String, Vec<String>>,
    /// Enumerated field → source value → target value (e.g. "status" → "delayed" →
    /// "InProgress"). Source values match as headers do (case, accents, spacing ignored).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// The worksheet to read (XLSX); None: the first that looks like a table.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The header's row number (1-based); None: detected.
    #[serde(default)]
    pub header_row: Option<u32>,
}

/// One data row read through a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MappedRow {
    /// The row number in the file (1-based, as a spreadsheet shows it).
    pub row: u32,
    /// Field → cleaned value (see [`apply`]); fields whose cells are all empty are absent.
    pub values: BTreeMap<String, String>,
}

/// A file read through a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Mapped {
    /// Every column of the file's header, in order.
    pub columns: Vec<String>,
    /// The columns no field reads (listed, never refused).
    pub ignored_columns: Vec<String>,
    pub rows: Vec<MappedRow>,
    /// Enumerated field → the source values that no default and no user mapping covers
    /// (kept as they are in the rows; the import refuses them until mapped).
    pub unmapped_values: BTreeMap<String, Vec<String>>,
}

/// A header (or a value) as compared: accents and case dropped, `%` read as "percent",
/// every run of other characters (spaces, punctuation, underscores) one space.
pub fn header_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c == '%' {
            out.push_str(" percent ");
            gap = false;
        } else if c.is_alphanumeric() {
            if gap && !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            out.extend(c.to_lowercase());
            gap = false;
        } else {
            gap = true;
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn compact(key: &str) -> String {
    key.replace(' ', "")
}

/// Short synonyms that match only a whole header, never inside a longer one ("No" in "Notes
/// on progress", "CR" anywhere).
const WHOLE_ONLY: &[&str] = &[
    "n", "no", "nr", "cr", "org", "code", "name", "type", "update",
];

/// A header's words, as [`header_key`] splits them.
fn words(header: &str) -> Vec<String> {
    header_key(header)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn contains_run(words: &[String], run: &[&str]) -> bool {
    !run.is_empty()
        && words
            .windows(run.len())
            .any(|w| w.iter().zip(run).all(|(a, b)| a == b))
}

/// A containment match is distinctive while its words occur in at most this many headers:
/// words that most headers share ("commitment_id", "commitment_status", "commitment_agency")
/// are a prefix, not a name.
const DISTINCTIVE_IN_AT_MOST: usize = 2;

/// How well a header names a field, best first: an exact match (tier 2) beats any
/// containment (tier 1); among containments, a distinctive one ([`DISTINCTIVE_IN_AT_MOST`])
/// beats a shared one, then a longer synonym a shorter one. `all` is every header's words.
fn score(header: &str, spec: &FieldSpec, all: &[Vec<String>]) -> Option<(u8, u8, usize)> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    let whole = compact(&key);
    let own = words(header);
    let mut best: Option<(u8, u8, usize)> = None;
    for synonym in spec.synonyms.iter().copied().chain([spec.name]) {
        let s = header_key(synonym);
        if compact(&s) == whole {
            return Some((2, 1, s.len()));
        }
        if WHOLE_ONLY.contains(&s.as_str()) || s.is_empty() {
            continue;
        }
        let run: Vec<&str> = s.split(' ').collect();
        if contains_run(&own, &run) {
            let sharing = all.iter().filter(|w| contains_run(w, &run)).count();
            let distinctive = u8::from(sharing <= DISTINCTIVE_IN_AT_MOST);
            best = best.max(Some((1, distinctive, s.len())));
        }
    }
    best
}

/// Proposes a mapping from a header alone: each field gets the column that names it best
/// (multi-valued fields every column that names them exactly); a column serves one field.
pub fn propose(kind: ImportKind, header: &[String]) -> ColumnMapping {
    let all: Vec<Vec<String>> = header.iter().map(|h| words(h)).collect();
    // (score, field index, column index), best first.
    let mut candidates: Vec<((u8, u8, usize), usize, usize)> = Vec::new();
    for (fi, spec) in fields(kind).iter().enumerate() {
        for (ci, h) in header.iter().enumerate() {
            if let Some(s) = score(h, spec, &all) {
                candidates.push((s, fi, ci));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_columns = BTreeSet::new();
    let mut chosen: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (s, fi, ci) in candidates {
        if used_columns.contains(&ci) {
            continue;
        }
        let spec = &fields(kind)[fi];
        let taken = chosen.get(&fi).map_or(0, Vec::len);
        let more = taken == 0 || (spec.multi_valued() && s.0 == 2);
        if more {
            chosen.entry(fi).or_default().push(ci);
            used_columns.insert(ci);
        }
    }
    let mut mapping = ColumnMapping::default();
    for (fi, mut columns) in chosen {
        columns.sort_unstable();
        mapping.fields.insert(
            fields(kind)[fi].name.to_owned(),
            columns.into_iter().map(|c| header[c].clone()).collect(),
        );
    }
    mapping
}

/// [`propose`], then checked against the data: if the proposed `id` column repeats a value
/// (within a year, when a year column is mapped) while another column whose header also
/// names an ID holds distinct values, that one is the ID (a file of sub-commitments keeps
/// the parent's ID beside each row's own: "US0113" beside "US0113.1"). Also fills `values`
/// with the default meaning of every value the file's enumerated columns hold, so the
/// person sees (and may change) them.
pub fn propose_for_table(kind: ImportKind, table: &Table) -> ColumnMapping {
    let mut mapping = propose(kind, &table.header);
    let index: HashMap<&str, usize> = table
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let cell = |row: &[String], column: &str| {
        index
            .get(column)
            .and_then(|&i| row.get(i))
            .map_or("", String::as_str)
            .trim()
            .to_owned()
    };
    let year_column = mapping.fields.get("year").and_then(|c| c.first()).cloned();
    let distinct = |column: &str| {
        let mut seen = BTreeSet::new();
        table.rows.iter().all(|(_, cells)| {
            let id = cell(cells, column);
            let year = year_column.as_deref().map(|y| cell(cells, y));
            id.is_empty() || seen.insert((id, year))
        })
    };
    if let (Some(spec), Some(current)) = (field(kind, "id"), mapping.fields.get("id")) {
        if current.len() == 1 && !distinct(&current[0]) {
            let used: BTreeSet<&String> = mapping.fields.values().flatten().collect();
            let all: Vec<Vec<String>> = table.header.iter().map(|h| words(h)).collect();
            let better = table
                .header
                .iter()
                .filter(|h| !used.contains(h) && score(h, spec, &all).is_some())
                .find(|h| distinct(h))
                .cloned();
            if let Some(b) = better {
                mapping.fields.insert("id".to_owned(), vec![b]);
            }
        }
    }
    for spec in fields(kind).iter().filter(|f| f.enumerated()) {
        let Some(columns) = mapping.fields.get(spec.name) else {
            continue;
        };
        let mut defaults = BTreeMap::new();
        for (_, cells) in &table.rows {
            let source = joined(spec, columns.iter().map(|c| cell(cells, c)));
            if source.is_empty() {
                continue;
            }
            if let Some(target) = default_value(kind, spec.name, &source) {
                defaults.insert(source, target.to_owned());
            }
        }
        if !defaults.is_empty() {
            mapping.values.insert(spec.name.to_owned(), defaults);
        }
    }
    mapping
}

/// Report statuses in English, French and Spanish, as [`header_key`] leaves them.
const STATUS_WORDS: &[(&str, ImplementationStatus)] = &[
    ("not started", ImplementationStatus::NotStarted),
    ("not yet started", ImplementationStatus::NotStarted),
    ("non commence", ImplementationStatus::NotStarted),
    ("pas commence", ImplementationStatus::NotStarted),
    ("pas encore commence", ImplementationStatus::NotStarted),
    ("no iniciado", ImplementationStatus::NotStarted),
    ("sin iniciar", ImplementationStatus::NotStarted),
    ("no comenzado", ImplementationStatus::NotStarted),
    ("in progress", ImplementationStatus::InProgress),
    ("ongoing", ImplementationStatus::InProgress),
    ("en cours", ImplementationStatus::InProgress),
    ("en curso", ImplementationStatus::InProgress),
    ("en progreso", ImplementationStatus::InProgress),
    ("en proceso", ImplementationStatus::InProgress),
    (
        "substantial progress",
        ImplementationStatus::SubstantialProgress,
    ),
    (
        "progres substantiels",
        ImplementationStatus::SubstantialProgress,
    ),
    (
        "progres substantiel",
        ImplementationStatus::SubstantialProgress,
    ),
    (
        "progres significatifs",
        ImplementationStatus::SubstantialProgress,
    ),
    (
        "avance sustancial",
        ImplementationStatus::SubstantialProgress,
    ),
    (
        "avances sustanciales",
        ImplementationStatus::SubstantialProgress,
    ),
    (
        "progreso sustancial",
        ImplementationStatus::SubstantialProgress,
    ),
    ("complete", ImplementationStatus::Completed),
    ("completed", ImplementationStatus::Completed),
    ("done", ImplementationStatus::Completed),
    ("termine", ImplementationStatus::Completed),
    ("acheve", ImplementationStatus::Completed),
    ("realise", ImplementationStatus::Completed),
    ("completado", ImplementationStatus::Completed),
    ("terminado", ImplementationStatus::Completed),
    ("finalizado", ImplementationStatus::Completed),
    ("cumplido", ImplementationStatus::Completed),
    ("discontinued", ImplementationStatus::Discontinued),
    ("abandoned", ImplementationStatus::Discontinued),
    ("abandonne", ImplementationStatus::Discontinued),
    ("interrompu", ImplementationStatus::Discontinued),
    ("discontinue", ImplementationStatus::Discontinued),
    ("abandonado", ImplementationStatus::Discontinued),
    ("descontinuado", ImplementationStatus::Discontinued),
    ("interrumpido", ImplementationStatus::Discontinued),
    ("no update", ImplementationStatus::NoUpdate),
    ("pas de mise a jour", ImplementationStatus::NoUpdate),
    ("sans mise a jour", ImplementationStatus::NoUpdate),
    ("sin actualizacion", ImplementationStatus::NoUpdate),
];

/// The default meaning of an enumerated value: report statuses by their stored name
/// ("InProgress", "in_progress") or an English, French or Spanish label ("Terminé",
/// "En curso"). None when it means nothing certain ("delayed", "N/A"): never guessed.
pub fn default_value(kind: ImportKind, field: &str, source: &str) -> Option<&'static str> {
    match (kind, field) {
        (ImportKind::Reports, "status") => {
            let key = header_key(source);
            let flat = compact(&key);
            ImplementationStatus::ALL
                .into_iter()
                .find(|s| s.as_str().to_lowercase() == flat)
                .or_else(|| {
                    STATUS_WORDS
                        .iter()
                        .find(|(w, _)| compact(w) == flat)
                        .map(|&(_, s)| s)
                })
                .map(ImplementationStatus::as_str)
        }
        _ => None,
    }
}

/// The target of an enumerated value: the person's mapping first (matched as headers are),
/// then the default.
fn map_value(
    kind: ImportKind,
    field: &str,
    source: &str,
    mapping: &ColumnMapping,
) -> Option<String> {
    let key = compact(&header_key(source));
    mapping
        .values
        .get(field)
        .and_then(|m| {
            m.iter()
                .find(|(from, _)| compact(&header_key(from)) == key)
                // A target may be written as any known spelling ("en cours" for InProgress).
                .map(|(_, to)| {
                    default_value(kind, field, to)
                        .map(str::to_owned)
                        .unwrap_or_else(|| to.clone())
                })
        })
        .or_else(|| default_value(kind, field, source).map(str::to_owned))
}

fn joined(spec: &FieldSpec, parts: impl Iterator<Item = String>) -> String {
    let separator = match spec.shape {
        FieldShape::Id => "",
        FieldShape::Narrative => "\n\n",
        FieldShape::List(_) => ";",
        FieldShape::Text | FieldShape::Enumerated => " ",
    };
    parts
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(separator)
}

fn bad(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadRequest {
        message: format!("{name}: {message}"),
        field: Some("mapping".to_owned()),
    }
}

/// Reads `table` (from the file `name`) through `mapping`. Each row's values are cleaned:
/// `id` as [`values::commitment_id`]; narratives as [`values::narrative`] (HTML to
/// Markdown); multi-valued fields split (see [`ListStyle`]) and written back joined with
/// [`ITEM_SEPARATOR`]; enumerated fields as their target value, or as they are when
/// unmapped (then listed in `unmapped_values`); other text trimmed.
///
/// Errors (`BadRequest`, naming the file): a field the kind does not have, or a column the
/// header does not have.
pub fn apply(
    kind: ImportKind,
    name: &str,
    table: &Table,
    mapping: &ColumnMapping,
) -> Result<Mapped, Error> {
    let mut plan: Vec<(&FieldSpec, Vec<usize>)> = Vec::new();
    let mut used = BTreeSet::new();
    for (field_name, columns) in &mapping.fields {
        let spec = field(kind, field_name).ok_or_else(|| {
            bad(
                name,
                format!(
                    "there is no field {field_name:?} to map (the fields are: {})",
                    fields(kind)
                        .iter()
                        .map(|f| f.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        let mut indexes = Vec::new();
        for column in columns {
            let i = table
                .header
                .iter()
                .position(|h| h == column)
                .or_else(|| {
                    let want = compact(&header_key(column));
                    table
                        .header
                        .iter()
                        .position(|h| compact(&header_key(h)) == want)
                })
                .ok_or_else(|| {
                    bad(
                        name,
                        format!(
                            "the column {column:?} (mapped to {field_name}) is not in the file's header ({})",
                            table.header.join(", ")
                        ),
                    )
                })?;
            used.insert(i);
            indexes.push(i);
        }
        plan.push((spec, indexes));
    }
    let ignored_columns = table
        .header
        .iter()
        .enumerate()
        .filter(|(i, h)| !used.contains(i) && !h.is_empty())
        .map(|(_, h)| h.clone())
        .collect();
    let mut unmapped: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut rows = Vec::with_capacity(table.rows.len());
    for (row, cells) in &table.rows {
        let mut out = BTreeMap::new();
        for (spec, indexes) in &plan {
            let parts = indexes
                .iter()
                .map(|&i| cells.get(i).map_or("", String::as_str).trim());
            // Narratives are converted column by column: HTML would fold the blank line
            // between two columns into a space.
            let raw = match spec.shape {
                FieldShape::Narrative => joined(spec, parts.map(values::narrative)),
                _ => joined(spec, parts.map(str::to_owned)),
            };
            if raw.is_empty() {
                continue;
            }
            let value = match spec.shape {
                FieldShape::Id => values::commitment_id(&raw),
                FieldShape::Narrative => raw,
                FieldShape::List(style) => {
                    values::split_items(&raw, style).join(&ITEM_SEPARATOR.to_string())
                }
                FieldShape::Text => raw.trim().to_owned(),
                FieldShape::Enumerated => match map_value(kind, spec.name, &raw, mapping) {
                    Some(target) => target,
                    None => {
                        unmapped
                            .entry(spec.name.to_owned())
                            .or_default()
                            .insert(raw.clone());
                        raw
                    }
                },
            };
            if !value.is_empty() {
                out.insert(spec.name.to_owned(), value);
            }
        }
        rows.push(MappedRow {
            row: *row,
            values: out,
        });
    }
    Ok(Mapped {
        columns: table.header.clone(),
        ignored_columns,
        rows,
        unmapped_values: unmapped
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect(),
    })
}

/// Checks that a mapping names only fields the kind has, and maps values only of its
/// enumerated fields. Errors (`BadRequest`, field `mapping`) name the file and the field.
pub fn check(kind: ImportKind, name: &str, mapping: &ColumnMapping) -> Result<(), Error> {
    let names = || {
        fields(kind)
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    for f in mapping.fields.keys() {
        if field(kind, f).is_none() {
            return Err(bad(
                name,
                format!(
                    "there is no field {f:?} to map (the fields are: {})",
                    names()
                ),
            ));
        }
    }
    for f in mapping.values.keys() {
        if !field(kind, f).is_some_and(FieldSpec::enumerated) {
            let enumerated: Vec<&str> = fields(kind)
                .iter()
                .filter(|x| x.enumerated())
                .map(|x| x.name)
                .collect();
            return Err(bad(
                name,
                format!(
                    "values are mapped for {f:?}, which is not a field with a fixed set of values ({})",
                    enumerated.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// The required fields a mapping leaves unmapped.
pub fn missing_required(kind: ImportKind, mapping: &ColumnMapping) -> Vec<&'static str> {
    fields(kind)
        .iter()
        .filter(|f| f.required && mapping.fields.get(f.name).is_none_or(Vec::is_empty))
        .map(|f| f.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn table(names: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            header: header(names),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| ((i + 2) as u32, header(r)))
                .collect(),
            ..Table::default()
        }
    }

    fn cols(m: &ColumnMapping, field: &str) -> Vec<String> {
        m.fields.get(field).cloned().unwrap_or_default()
    }

    #[test]
    fn keys_ignore_case_accents_spacing_and_punctuation() {
        assert_eq!(
            header_key("  Código_del  Compromiso "),
            "codigo del compromiso"
        );
        assert_eq!(header_key("N°"), "n");
        assert_eq!(header_key("Progress (%)"), "progress percent");
        assert_eq!(header_key("Réalisations"), "realisations");
    }

    #[test]
    fn french_and_spanish_headers_are_proposed() {
        let m = propose(
            ImportKind::Reports,
            &header(&[
                "N°",
                "Année",
                "Statut",
                "Réalisations",
                "Difficultés",
                "Prochaines étapes",
                "Liens",
            ]),
        );
        assert_eq!(cols(&m, "id"), ["N°"]);
        assert_eq!(cols(&m, "year"), ["Année"]);
        assert_eq!(cols(&m, "status"), ["Statut"]);
        assert_eq!(cols(&m, "achievements"), ["Réalisations"]);
        assert_eq!(cols(&m, "challenges"), ["Difficultés"]);
        assert_eq!(cols(&m, "next_steps"), ["Prochaines étapes"]);
        assert_eq!(cols(&m, "evidence"), ["Liens"]);
        let m = propose(
            ImportKind::Reports,
            &header(&[
                "Código",
                "Año",
                "ESTADO",
                "Logros",
                "Desafíos",
                "Próximos pasos",
            ]),
        );
        assert_eq!(cols(&m, "id"), ["Código"]);
        assert_eq!(cols(&m, "year"), ["Año"]);
        assert_eq!(cols(&m, "status"), ["ESTADO"]);
        assert_eq!(cols(&m, "achievements"), ["Logros"]);
    }

    #[test]
    fn a_header_containing_a_synonym_matches_when_none_is_exact() {
        let m = propose(
            ImportKind::Reports,
            &header(&[
                "commitment_id",
                "commitment_status",
                "aug_2023_progress",
                "Notes",
            ]),
        );
        assert_eq!(cols(&m, "id"), ["commitment_id"]);
        assert_eq!(cols(&m, "status"), ["commitment_status"]);
        assert_eq!(cols(&m, "achievements"), ["aug_2023_progress"]);
        // "No" never matches inside a longer header.
        assert!(!m.fields.values().flatten().any(|c| c == "Notes"));
    }

    #[test]
    fn progress_percent_is_not_the_narrative() {
        let m = propose(
            ImportKind::Reports,
            &header(&["ID", "Progress", "Progress (%)"]),
        );
        assert_eq!(cols(&m, "achievements"), ["Progress"]);
        assert_eq!(cols(&m, "progress"), ["Progress (%)"]);
    }

    #[test]
    fn multi_valued_fields_take_every_exact_column() {
        let m = propose(
            ImportKind::Catalogue,
            &header(&[
                "Commitment ID",
                "Core responsibilities",
                "Description",
                "Transformations",
                "Organisation name",
                "Organisation",
            ]),
        );
        assert_eq!(
            cols(&m, "categories"),
            ["Core responsibilities", "Transformations"]
        );
        assert_eq!(cols(&m, "organisation"), ["Organisation"]);
        assert_eq!(cols(&m, "organisation_name"), ["Organisation name"]);
        assert_eq!(cols(&m, "description"), ["Description"]);
    }

    #[test]
    fn a_repeating_id_column_gives_way_to_a_distinct_one() {
        let t = table(
            &[
                "commitment_id",
                "commitment_detail_sub_id",
                "commitment_status",
            ],
            &[
                &["US0113", "US0113.1", "Complete"],
                &["US0113", "US0113.2", "In Progress"],
            ],
        );
        let m = propose_for_table(ImportKind::Reports, &t);
        assert_eq!(cols(&m, "id"), ["commitment_detail_sub_id"]);
        assert_eq!(m.values["status"]["Complete"], "Completed");
        assert_eq!(m.values["status"]["In Progress"], "InProgress");
        // Repeats across years are fine.
        let t = table(
            &["ID", "Year", "Other ID"],
            &[&["1", "2022", "a"], &["1", "2023", "b"]],
        );
        assert_eq!(
            cols(&propose_for_table(ImportKind::Reports, &t), "id"),
            ["ID"]
        );
    }

    #[test]
    fn statuses_default_in_three_languages_and_never_guess() {
        let d = |s| default_value(ImportKind::Reports, "status", s);
        assert_eq!(d("Complete"), Some("Completed"));
        assert_eq!(d("Terminé"), Some("Completed"));
        assert_eq!(d("Completado"), Some("Completed"));
        assert_eq!(d("in_progress"), Some("InProgress"));
        assert_eq!(d("En cours"), Some("InProgress"));
        assert_eq!(d("En curso"), Some("InProgress"));
        assert_eq!(d("Not Started"), Some("NotStarted"));
        assert_eq!(d("Non commencé"), Some("NotStarted"));
        assert_eq!(d("No iniciado"), Some("NotStarted"));
        assert_eq!(d("SubstantialProgress"), Some("SubstantialProgress"));
        assert_eq!(d("delayed"), None);
        assert_eq!(d("N/A"), None);
    }

    #[test]
    fn apply_joins_cleans_and_lists() {
        let t = table(
            &["No", "Letter", "Status", "Progress", "More", "Tags", "Junk"],
            &[
                &[
                    "34",
                    "a",
                    "delayed",
                    "Did <b>it</b><br>well",
                    "and more",
                    "x, y",
                    "?",
                ],
                &["200001.0", "", "Terminé", "plain < text", "", "", ""],
            ],
        );
        let mut m = ColumnMapping::default();
        m.fields
            .insert("id".into(), vec!["No".into(), "Letter".into()]);
        m.fields.insert("status".into(), vec!["status".into()]);
        m.fields.insert(
            "achievements".into(),
            vec!["Progress".into(), "More".into()],
        );
        m.fields.insert("tags".into(), vec!["Tags".into()]);
        let out = apply(ImportKind::Reports, "f.csv", &t, &m).unwrap();
        assert_eq!(out.ignored_columns, ["Junk"]);
        assert_eq!(out.rows[0].row, 2);
        assert_eq!(out.rows[0].values["id"], "34a");
        assert_eq!(out.rows[0].values["status"], "delayed");
        assert_eq!(
            out.rows[0].values["achievements"],
            "Did **it**\nwell\n\nand more"
        );
        assert_eq!(out.rows[0].values["tags"], "x;y");
        assert_eq!(out.rows[1].values["id"], "200001");
        assert_eq!(out.rows[1].values["status"], "Completed");
        assert_eq!(out.rows[1].values["achievements"], "plain < text");
        assert_eq!(out.unmapped_values["status"], ["delayed"]);
        m.values.insert(
            "status".into(),
            BTreeMap::from([("DELAYED".into(), "InProgress".into())]),
        );
        let out = apply(ImportKind::Reports, "f.csv", &t, &m).unwrap();
        assert_eq!(out.rows[0].values["status"], "InProgress");
        assert!(out.unmapped_values.is_empty());
    }

    #[test]
    fn unknown_columns_and_fields_are_errors_naming_the_file() {
        let t = table(&["ID"], &[&["1"]]);
        let mut m = ColumnMapping::default();
        m.fields.insert("id".into(), vec!["Nope".into()]);
        let e = apply(ImportKind::Reports, "f.csv", &t, &m)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("f.csv: the column \"Nope\""), "{e}");
        let mut m = ColumnMapping::default();
        m.fields.insert("colour".into(), vec!["ID".into()]);
        let e = apply(ImportKind::Reports, "f.csv", &t, &m)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no field \"colour\""), "{e}");
    }

    #[test]
    fn mapping_serialises_in_camel_case() {
        let mut m = ColumnMapping {
            header_row: Some(3),
            ..ColumnMapping::default()
        };
        m.fields.insert("id".into(), vec!["N°".into()]);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"fields":{"id":["N°"]},"values":{},"sheet":null,"headerRow":3}"#
        );
        let back: ColumnMapping =
            serde_json::from_str(r#"{"fields":{"id":["N°"]},"headerRow":3}"#).unwrap();
        assert_eq!(back, m);
    }
}
