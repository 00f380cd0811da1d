import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { apiQuery, useApiMutation } from "../api/queries";
import type { CatalogueImport } from "../bindings/CatalogueImport";
import type { ColumnMapping } from "../bindings/ColumnMapping";
import type { FileSource } from "../bindings/FileSource";
import type { ImportKind } from "../bindings/ImportKind";
import type { MappingChoice } from "../bindings/MappingChoice";
import type { MappingProposal } from "../bindings/MappingProposal";
import type { ReportImport } from "../bindings/ReportImport";
import { useCatalogue } from "../catalogue";
import { remapColumn, unmappedValues, type FieldName } from "../importFields";
import { ErrorAlert } from "./ErrorAlert";
import type { FieldProblem } from "./FieldError";
import { FileChooser } from "./FileChooser";
import { ImportOptions, type ImportOptionValues } from "./ImportOptions";
import { ImportResult } from "./ImportResult";
import { ImportTemplate } from "./ImportTemplate";
import { MappedRows } from "./MappedRows";
import { MappingTable } from "./MappingTable";
import { SavedMappingSelect } from "./SavedMappingSelect";
import { SheetChoice } from "./SheetChoice";
import { ValueMapping } from "./ValueMapping";

type Busy = "proposing" | "checking" | "applying" | null;
type During = "propose" | "check" | "apply";
type Result = CatalogueImport | ReportImport;

/** The person's own choices over the saved or proposed mapping. */
type Explicit = {
  /** Every field with its columns, once the person changed one (null: as proposed). */
  fields: ColumnMapping["fields"] | null;
  values: ColumnMapping["values"];
  sheet: string | null;
  headerRow: number | null;
};
const NO_CHOICE: Explicit = { fields: null, values: {}, sheet: null, headerRow: null };

/** Fields whose errors show next to a control of this section. */
const FIELD_CONTROLS = ["file", "mappingName", "mapping", "framework", "organisation", "year", "saveMapping"];

const isJson = (source: FileSource) => source.name.toLowerCase().endsWith(".json");

/**
 * Imports commitments (kind Catalogue) or the history of reports (kind Reports) from a file in
 * the organisation's own columns: the file is read and its columns proposed; the person maps
 * columns and values, checks (nothing changes) and imports (every row or none).
 */
export function ImportSection({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation("exchange");
  const prefix = kind === "Catalogue" ? "import" : "report-import";
  const catalogue = useCatalogue();
  const saved = useQuery(apiQuery("list_import_mappings", { kind }));
  // Reading a file is asked for by the person, once per choice, and never cached (the file's
  // content is the argument): a mutation that changes nothing. Applying changes what it imports.
  const proposeMapping = useApiMutation("propose_mapping", null);
  const importCatalogue = useApiMutation("import_catalogue", (a) => (a.apply ? "catalogue" : null));
  const importReports = useApiMutation("import_reports", (a) => (a.apply ? "report" : null));
  const [source, setSource] = useState<FileSource | null>(null);
  const [mappingName, setMappingName] = useState<string | null>(null);
  const [explicit, setExplicit] = useState<Explicit>(NO_CHOICE);
  const [proposal, setProposal] = useState<MappingProposal | null>(null);
  const [options, setOptions] = useState<ImportOptionValues>({
    framework: catalogue.defaultFramework?.code ?? "",
    organisation: "",
    createCategories: false,
    year: "",
    saveAs: "",
  });
  const [check, setCheck] = useState<Result | null>(null);
  const [applied, setApplied] = useState<Result | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [problems, setProblems] = useState<Partial<Record<string, FieldProblem>>>({});
  const [error, setError] = useState<{ error: ApiError; during: During } | null>(null);
  // Where focus goes after a check or a failure; bumped each time, so that the same place twice
  // still moves it.
  const [focus, setFocus] = useState<{ n: number; id: string }>({ n: 0, id: "" });
  // How many readings or checks of the file have finished (tests wait for the next one).
  const [checks, setChecks] = useState(0);
  // Answers to requests overtaken by a newer one are dropped.
  const latest = useRef(0);

  useEffect(() => {
    if (focus.n === 0) return;
    document.getElementById(focus.id)?.focus();
  }, [focus]);
  const moveFocus = (id: string) => setFocus((f) => ({ n: f.n + 1, id }));

  const framework = catalogue.byFramework.get(options.framework) ?? catalogue.defaultFramework;
  const json = source !== null && isJson(source);

  const fail = (err: ApiError, during: During, hasProposal: boolean) => {
    const field = err.field ?? "";
    // Import's failures show next to its button, where the person is (a refusal of the whole
    // file names field "file", far above).
    const shown = during !== "apply" && FIELD_CONTROLS.includes(field) && (field !== "mapping" || hasProposal);
    if (shown) {
      setProblems({ [field]: { message: err.message } });
      setError(null);
    } else {
      setProblems({});
      setError({ error: err, during });
    }
    const controls: Record<string, string> = {
      file: `${prefix}-file`,
      mappingName: `${prefix}-saved-mapping`,
      mapping: `${prefix}-column-0`,
      framework: `${prefix}-framework`,
      organisation: `${prefix}-organisation`,
      year: `${prefix}-year`,
      saveMapping: `${prefix}-save-as`,
    };
    moveFocus(shown ? (controls[field] ?? "") : `${prefix}-error`);
  };

  const choiceOf = (name: string | null, ex: Explicit): MappingChoice => ({
    mappingName: name,
    mapping: { fields: ex.fields ?? {}, values: ex.values, sheet: ex.sheet, headerRow: ex.headerRow },
  });

  /** `fromSaved`: the person just chose a saved mapping, so a mapping error is that mapping's. */
  const propose = async (chosen: FileSource, name: string | null, ex: Explicit, fromSaved = false) => {
    const n = ++latest.current;
    setBusy("proposing");
    setCheck(null);
    setProblems({});
    setError(null);
    try {
      const choice = choiceOf(name, ex);
      const p = await proposeMapping.mutateAsync({ source: chosen, kind, choice });
      if (n === latest.current) setProposal(p);
    } catch (err) {
      const e = err as ApiError;
      const at = fromSaved && e.field === "mapping" ? { ...e, field: "mappingName" } : e;
      if (n === latest.current) fail(at, "propose", proposal !== null);
    } finally {
      if (n === latest.current) setBusy(null);
      setChecks((c) => c + 1);
    }
  };

  const request = (chosen: FileSource, apply: boolean, name: string | null, ex: Explicit) => {
    const choice = isJson(chosen) ? choiceOf(null, NO_CHOICE) : choiceOf(name, ex);
    const saveMapping = apply && !isJson(chosen) ? options.saveAs.trim() || null : null;
    if (kind === "Catalogue") {
      return importCatalogue.mutateAsync({
        source: chosen,
        apply,
        options: {
          choice,
          framework: options.framework || null,
          organisation: options.organisation.trim() || null,
          createCategories: options.createCategories,
          saveMapping,
        },
      });
    }
    const year = options.year.trim();
    return importReports.mutateAsync({
      source: chosen,
      apply,
      options: { choice, year: year ? Number(year) : null, saveMapping },
    });
  };

  const runCheck = async (chosen: FileSource) => {
    const n = ++latest.current;
    setBusy("checking");
    setProblems({});
    setError(null);
    try {
      const result = await request(chosen, false, mappingName, explicit);
      if (n === latest.current) {
        setCheck(result);
        moveFocus(`${prefix}-result-heading`);
      }
    } catch (err) {
      if (n === latest.current) fail(err as ApiError, "check", proposal !== null);
    } finally {
      if (n === latest.current) setBusy(null);
      setChecks((c) => c + 1);
    }
  };

  const apply = async () => {
    if (!source || busy) return;
    const n = ++latest.current;
    setBusy("applying");
    setProblems({});
    setError(null);
    try {
      const result = await request(source, true, mappingName, explicit);
      if (n !== latest.current) return;
      setApplied(result);
      setSource(null);
      setProposal(null);
      setCheck(null);
      setMappingName(null);
      setExplicit(NO_CHOICE);
      setOptions((o) => ({ ...o, saveAs: "" }));
    } catch (err) {
      if (n === latest.current) fail(err as ApiError, "apply", proposal !== null);
    } finally {
      if (n === latest.current) setBusy(null);
    }
  };

  const choose = (chosen: FileSource) => {
    setSource(chosen);
    setProposal(null);
    setCheck(null);
    setApplied(null);
    setMappingName(null);
    setExplicit(NO_CHOICE);
    if (isJson(chosen) && kind === "Catalogue") void runCheck(chosen);
    else void propose(chosen, null, NO_CHOICE);
  };

  /** A new choice of the person's: remembered, and the file read again through it. */
  const rechoose = (name: string | null, ex: Explicit) => {
    if (!source) return;
    setMappingName(name);
    setExplicit(ex);
    void propose(source, name, ex, name !== mappingName);
  };

  const mapColumn = (column: string, field: string) => {
    if (!proposal) return;
    // The person's latest mapping, even while the file is still being read through the one before.
    const current = explicit.fields ?? proposal.mapping.fields;
    rechoose(mappingName, { ...explicit, fields: remapColumn(proposal.fields, current, column, field) });
  };

  const mapValue = (field: FieldName, value: string, target: string) => {
    const forField = { ...(explicit.values[field] ?? {}) };
    if (target) forField[value] = target;
    else delete forField[value];
    rechoose(mappingName, { ...explicit, values: { ...explicit.values, [field]: forField } });
  };

  const changeOptions = (next: ImportOptionValues) => {
    const read = (o: ImportOptionValues) => [o.framework, o.organisation, o.createCategories, o.year];
    if (JSON.stringify(read(options)) !== JSON.stringify(read(next))) setCheck(null);
    setOptions(next);
  };

  // Values still meaning nothing, and those to show (the person's choices stay in view).
  const left = proposal ? unmappedValues(proposal, framework) : {};
  const leftCount = Object.values(left).reduce((sum, v) => sum + v.length, 0);
  const shownValues: Partial<Record<FieldName, string[]>> = {};
  for (const f of (proposal?.fields ?? []).filter((f) => f.enumerated)) {
    const values = new Set([...(left[f.name] ?? []), ...Object.keys(explicit.values[f.name] ?? {})]);
    if (values.size > 0) shownValues[f.name] = [...values].sort((a, b) => a.localeCompare(b));
  }
  const missing = proposal?.missingFields ?? [];
  const blocked = missing.length > 0 || leftCount > 0 ? t("import.blocked") : null;
  const ready = source !== null && (proposal !== null || json);
  const kindText = `import.kind.${kind}` as const;

  return (
    <section
      className="exchange-section"
      data-testid={`${prefix}-section`}
      data-checks={checks}
      aria-busy={busy !== null}
      aria-labelledby={`${prefix}-heading`}
    >
      <h2 id={`${prefix}-heading`}>{t(`${kindText}.heading`)}</h2>
      <p className="section-intro">{t(`${kindText}.intro`)}</p>
      {kind === "Catalogue" && <ImportTemplate />}
      <FileChooser
        id={`${prefix}-file`}
        label={t(`${kindText}.file`)}
        extensions={kind === "Catalogue" ? ["csv", "xlsx", "json"] : ["csv", "xlsx"]}
        chosen={source}
        onChoose={choose}
        onError={(err) => fail(err, "propose", false)}
        problem={problems.file ?? null}
        disabled={busy === "applying"}
      />
      <p className="flash" role="status" data-testid={`${prefix}-status`}>
        {busy === "proposing" && t("import.proposing")}
        {busy === "checking" && t("import.checking")}
        {busy === "applying" && t("import.applying")}
        {applied &&
          t("import.applied", {
            file: applied.file,
            added: t("import.counts.added", { count: applied.added }),
            changed: t("import.counts.changed", { count: applied.changed }),
            unchanged: t("import.counts.unchanged", { count: applied.unchanged }),
          })}
      </p>
      {applied && "createdCategories" in applied && applied.createdCategories.length > 0 && (
        <p className="hint">{t("import.createdCategories", { categories: applied.createdCategories.join(", ") })}</p>
      )}
      {error && error.during !== "apply" && (
        <ErrorAlert id={`${prefix}-error`} error={error.error}>
          {error.during === "check" ? t("import.checkFailed") : t("import.proposeFailed")}
        </ErrorAlert>
      )}
      {source && !json && (
        <SavedMappingSelect
          prefix={prefix}
          names={saved.data ?? []}
          value={mappingName}
          onChange={(name) => rechoose(name, NO_CHOICE)}
          problem={problems.mappingName ?? null}
          disabled={busy === "applying"}
        />
      )}
      {source && proposal && (
        <div className="mapping" role="group" aria-labelledby={`${prefix}-mapping-heading`}>
          <h3 id={`${prefix}-mapping-heading`}>{t("mapping.heading")}</h3>
          <p className="hint">{t("mapping.intro")}</p>
          <SheetChoice
            prefix={prefix}
            proposal={proposal}
            onSheet={(sheet) => rechoose(mappingName, { ...NO_CHOICE, values: explicit.values, sheet })}
            onHeaderRow={(headerRow) =>
              rechoose(mappingName, { ...NO_CHOICE, values: explicit.values, sheet: explicit.sheet, headerRow })
            }
            disabled={busy === "applying"}
          />
          <MappingTable
            prefix={prefix}
            proposal={proposal}
            onMap={mapColumn}
            problem={problems.mapping ?? null}
            disabled={busy === "applying"}
          />
          <ValueMapping
            prefix={prefix}
            values={shownValues}
            chosen={explicit.values}
            types={framework?.types ?? []}
            left={leftCount}
            onChoose={mapValue}
            disabled={busy === "applying"}
          />
          <MappedRows prefix={prefix} proposal={proposal} />
        </div>
      )}
      {ready && (
        <>
          <ImportOptions
            prefix={prefix}
            kind={kind}
            canSave={!json}
            values={options}
            onChange={changeOptions}
            problems={problems}
            disabled={busy === "applying"}
          />
          <div className="actions">
            <button
              type="button"
              className="secondary"
              data-testid={`${prefix}-check`}
              disabled={busy !== null || missing.length > 0}
              aria-describedby={`${prefix}-check-hint`}
              onClick={() => void runCheck(source)}
            >
              {busy === "checking" ? t("import.checking") : t("import.check")}
            </button>
            <p id={`${prefix}-check-hint`} className="hint">
              {t("import.checkHint")}
            </p>
          </div>
        </>
      )}
      {check && (
        <ImportResult
          prefix={prefix}
          result={check}
          blocked={blocked}
          applying={busy === "applying"}
          disabled={busy !== null}
          onApply={() => void apply()}
          applyError={error?.during === "apply" ? error.error : null}
        />
      )}
    </section>
  );
}
