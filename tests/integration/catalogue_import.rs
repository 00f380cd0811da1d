//! Catalogue files of the organisations' own shapes, one quirk a file, each checked against
//! the exact values stored.

use commitment_tracker::import::catalogue::RowAction;
use commitment_tracker::import::mapping::ColumnMapping;
use commitment_tracker::services::catalogue_import::{
    self, CatalogueImport, CatalogueImportOptions,
};
use commitment_tracker::services::commitments;
use commitment_tracker::services::import_mapping::MappingChoice;

use crate::support::{ct, stderr, stdout, TestDb};

fn options(fields: &[(&str, &[&str])], values: &[(&str, &str, &str)]) -> CatalogueImportOptions {
    let mut mapping = ColumnMapping::default();
    for (field, columns) in fields {
        mapping.fields.insert(
            (*field).to_owned(),
            columns.iter().map(|c| (*c).to_owned()).collect(),
        );
    }
    for (field, from, to) in values {
        mapping
            .values
            .entry((*field).to_owned())
            .or_default()
            .insert((*from).to_owned(), (*to).to_owned());
    }
    CatalogueImportOptions {
        choice: MappingChoice {
            mapping_name: None,
            mapping,
        },
        ..Default::default()
    }
}

fn import(
    db: &TestDb,
    name: &str,
    bytes: &[u8],
    options: &CatalogueImportOptions,
    apply: bool,
) -> Result<CatalogueImport, commitment_tracker::Error> {
    catalogue_import::import(db.app.store(), &db.actor, name, bytes, options, apply)
}

/// A French Excel export: `;` separated, Windows-1252, the ID in two columns, HTML in the text,
/// types and categories in French or by name, an ID written as a float.
const FRENCH: &str = "Numéro;Lettre;Engagement;Nature;Thème;Mots-clés\r\n\
34;a;L'OIM s'engage<br>à publier <a href=\"https://example.org/donnees\">ses données</a>.;Opérationnel;\"Leave No One Behind; 3A?\";données, déplacement\r\n\
300005.0;;Deuxième engagement, sans balises.;Plaidoyer;CR4;\r\n";

fn windows_1252(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
}

#[test]
fn joined_ids_french_types_html_and_float_ids_are_stored_exactly() {
    let db = TestDb::seeded();
    let bytes = windows_1252(FRENCH);
    let fields: &[(&str, &[&str])] = &[("id", &["Numéro", "Lettre"])];
    // The proposal reads the French headers; the types mean nothing yet and are listed.
    let p = import(&db, "engagements.csv", &bytes, &options(fields, &[]), false).unwrap();
    assert_eq!(p.mapping.fields["description"], ["Engagement"]);
    assert_eq!(p.mapping.fields["type"], ["Nature"]);
    assert_eq!(p.mapping.fields["categories"], ["Thème"]);
    assert_eq!(p.mapping.fields["tags"], ["Mots-clés"]);
    assert_eq!(p.unmapped_values["type"], ["Opérationnel", "Plaidoyer"]);
    assert_eq!(p.refused, 2, "{:?}", p.rows);
    let values = [
        ("type", "Opérationnel", "Operational"),
        ("type", "plaidoyer", "Advocacy"),
    ];
    let done = import(
        &db,
        "engagements.csv",
        &bytes,
        &options(fields, &values),
        true,
    )
    .unwrap();
    assert_eq!((done.added, done.refused), (2, 0), "{:?}", done.rows);
    let c = commitments::find_by_commitment_id(db.app.store(), None, "34a").unwrap();
    assert_eq!(c.kind, "Operational");
    let codes: Vec<(&str, bool)> = c
        .categories
        .iter()
        .map(|l| (l.code.as_str(), l.inferred))
        .collect();
    assert_eq!(codes, [("3", false), ("3A", true)]);
    assert_eq!(c.tags, ["données", "déplacement"]);
    assert!(!c.description.contains('<'), "{}", c.description);
    assert!(
        c.description
            .contains("[ses données](https://example.org/donnees)"),
        "{}",
        c.description
    );
    assert!(
        c.description.starts_with("L'OIM s'engage"),
        "{}",
        c.description
    );
    let second = commitments::find_by_commitment_id(db.app.store(), None, "300005").unwrap();
    assert_eq!(second.kind, "Advocacy");
    assert_eq!(second.description, "Deuxième engagement, sans balises.");
    assert_eq!(second.categories.len(), 1);
    assert_eq!(second.categories[0].code, "4");
}

#[test]
fn unknown_categories_are_listed_and_a_refused_file_changes_nothing() {
    let db = TestDb::seeded();
    let csv = "ID,Type,Description,Theme\n\
        300010,Policy,A commitment.,3\n\
        300011,Policy,Another.,Climate finance\n";
    let before = crate::support::bytes(&db.path());
    let e = import(&db, "t.csv", csv.as_bytes(), &Default::default(), true).unwrap_err();
    assert!(
        e.to_string()
            .contains("t.csv: row 3, column Theme: \"Climate finance\" is not a category of WHS"),
        "{e}"
    );
    let p = import(&db, "t.csv", csv.as_bytes(), &Default::default(), false).unwrap();
    assert_eq!(p.unknown_categories, ["Climate finance"]);
    assert_eq!((p.added, p.refused), (1, 1));
    assert!(db.ids(&Default::default()).iter().all(|id| id != "300010"));
    assert_eq!(crate::support::bytes(&db.path()), before, "byte-identical");
}

#[test]
fn a_mapping_saved_by_name_reads_next_years_file_from_the_cli() {
    let db = TestDb::seeded();
    let path = db.path();
    drop(db.app);
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("2024.csv");
    let second = dir.path().join("2025.csv");
    // Headers no synonym knows: only the saved mapping reads them.
    std::fs::write(
        &first,
        "Ref,Texte,Kind of pledge\n400001,First pledge.,Policy\n",
    )
    .unwrap();
    std::fs::write(
        &second,
        "Ref,Texte,Kind of pledge\n400002,Second pledge.,Financial\n",
    )
    .unwrap();
    let run = |args: Vec<&str>| {
        let out = ct(&path).args(&args).output().unwrap();
        assert!(out.status.success(), "ct {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    run(vec![
        "frameworks",
        "add",
        "--code",
        "GRF",
        "--name",
        "Global Refugee Forum pledges",
        "--level",
        "Area",
        "--types",
        "Policy, Financial",
    ]);
    run(vec![
        "import",
        "catalogue",
        first.to_str().unwrap(),
        "--framework",
        "GRF",
        "--map",
        "id=Ref",
        "--map",
        "description=Texte",
        "--map",
        "type=Kind of pledge",
        "--organisation",
        "UNHCR",
        "--save-mapping",
        "pledges",
        "--apply",
    ]);
    // Without the saved mapping, nothing reads the description.
    let out = ct(&path)
        .args([
            "import",
            "catalogue",
            second.to_str().unwrap(),
            "--framework",
            "GRF",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no column is mapped to id, description"),
        "{}",
        stderr(&out)
    );
    let json = run(vec![
        "import",
        "catalogue",
        second.to_str().unwrap(),
        "--framework",
        "GRF",
        "--mapping",
        "pledges",
        "--organisation",
        "UNHCR",
        "--format",
        "json",
        "--apply",
    ]);
    let r: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!((&r["added"], &r["framework"]), (&1.into(), &"GRF".into()));
    assert_eq!(r["mapping"]["fields"]["type"][0], "Kind of pledge");
    let shown = run(vec!["commitments", "show", "400002", "--format", "json"]);
    let c: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(
        (&c["framework"], &c["type"]),
        (&"GRF".into(), &"Financial".into())
    );
}

#[test]
fn empty_rows_are_skipped_not_refused() {
    let db = TestDb::seeded();
    let csv = "ID,Type,Description,CR,Notes\n300020,Policy,Text.,3,\n,,,,a note only\n";
    let r = import(&db, "e.csv", csv.as_bytes(), &Default::default(), true).unwrap();
    assert_eq!((r.added, r.skipped, r.refused), (1, 1, 0));
    assert_eq!(r.rows[1].action, RowAction::Skipped);
}

#[test]
fn a_french_report_file_with_title_lines_and_mistyped_flags_says_what_is_wrong() {
    let db = TestDb::seeded();
    let path = db.path();
    drop(db.app);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("titres.csv");
    // Title lines above the header, with no separator in them (as a person types them).
    std::fs::write(
        &file,
        "Rapport annuel IOM\nExtrait le 3 mars\nN°;Statut;Réalisations;Année\n\
         200009;en retard;Formations faites, enfin.;2024\n200012;En cours;Commencé;2024\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let err = |args: &[&str]| {
        let out = ct(&path).args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        stderr(&out)
    };
    assert!(err(&["import", "reports", f, "--map", "idd=N°"])
        .contains("titres.csv: there is no field \"idd\" to map"),);
    assert!(err(&[
        "import",
        "reports",
        f,
        "--value",
        "stat:en retard=Completed"
    ])
    .contains(
        "values are mapped for \"stat\", which is not a field with a fixed set of values (status)"
    ));
    // The target may be written in French too.
    let out = ct(&path)
        .args([
            "import",
            "reports",
            f,
            "--value",
            "status:en retard=en cours",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (&r["headerRow"], &r["added"], &r["refused"]),
        (&3.into(), &2.into(), &0.into())
    );
    assert_eq!(r["mapping"]["fields"]["id"][0], "N°");
    assert_eq!(r["mapping"]["fields"]["achievements"][0], "Réalisations");
    // A header and no rows is said, not "imported".
    let empty = dir.path().join("vide.csv");
    std::fs::write(&empty, "N°;Statut;Année\n").unwrap();
    assert!(
        err(&["import", "reports", empty.to_str().unwrap(), "--apply"])
            .contains("vide.csv: the file has a header but no reports")
    );
}
