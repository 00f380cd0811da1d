import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { downloadText, frameworkTemplate, importFramework, type ApiError } from "../api";
import { apiKey, invalidateAfterChange } from "../api/queryKeys";
import type { FileSource } from "../bindings/FileSource";
import type { FrameworkImport } from "../bindings/FrameworkImport";
import { frameworkHref } from "../frameworkAddresses";
import { ErrorAlert } from "./ErrorAlert";
import type { FieldProblem } from "./FieldError";
import { FileChooser } from "./FileChooser";
// The file chooser's and the import sections' look (the page that first drew them is loaded lazily).
import "../styles/exchange.css";

type Busy = "checking" | "applying" | null;
type Format = "csv" | "json";

/** The CSV template's columns, to show before anyone downloads it (names hold no commas). */
const FRAMEWORK_COLUMNS = "Framework code, Framework name, Level, Code, Name, Parent, Reference text";

/**
 * Adds a framework from a file (CSV/XLSX with one category a row, or JSON), or updates the one
 * with the file's code: the file is checked first and what it would do is shown; "Import" then
 * applies it. Refusals (the file's row and column) are shown next to the file chooser.
 */
export function FrameworkImportSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // A check changes nothing; an import adds or changes a framework.
  const importFile = useMutation({
    mutationFn: importFramework,
    onSuccess: (_, request) => {
      if (request.apply) void invalidateAfterChange(queryClient, "framework");
    },
  });
  const [source, setSource] = useState<FileSource | null>(null);
  const [preview, setPreview] = useState<FrameworkImport | null>(null);
  const [applied, setApplied] = useState<FrameworkImport | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  // Bumped by each failure, so that the same message twice still moves focus.
  const [failures, setFailures] = useState(0);
  // How many checks of a chosen file have finished (tests wait for the next one).
  const [checks, setChecks] = useState(0);
  const [template, setTemplate] = useState<{ saved: string | null; error: ApiError | null }>({
    saved: null,
    error: null,
  });

  useEffect(() => {
    if (failures > 0) document.getElementById("framework-file")?.focus();
  }, [failures]);

  const fail = (err: ApiError) => {
    // A refusal naming a field of the framework (not the file itself) says which one.
    const message =
      err.field && err.field !== "file"
        ? t("frameworks.import.fieldProblem", { message: err.message, field: err.field })
        : err.message;
    setProblem({ message });
    setFailures((n) => n + 1);
  };

  const check = async (chosen: FileSource) => {
    setSource(chosen);
    setPreview(null);
    setApplied(null);
    setProblem(null);
    setBusy("checking");
    try {
      setPreview(await importFile.mutateAsync({ source: chosen, apply: false }));
    } catch (err) {
      fail(err as ApiError);
    } finally {
      setBusy(null);
      setChecks((n) => n + 1);
    }
  };

  const apply = async () => {
    if (!source || busy) return;
    setProblem(null);
    setBusy("applying");
    try {
      const result = await importFile.mutateAsync({ source, apply: true });
      setApplied(result);
      setPreview(null);
      setSource(null);
    } catch (err) {
      fail(err as ApiError);
    } finally {
      setBusy(null);
    }
  };

  const downloadTemplate = async (format: Format) => {
    setTemplate({ saved: null, error: null });
    try {
      const file = await queryClient.fetchQuery({
        queryKey: apiKey(format === "csv" ? "framework_template_csv" : "framework_template", {}),
        queryFn: () => frameworkTemplate(format),
      });
      downloadText(file.name, file.content, format === "csv" ? "text/csv" : "application/json");
      setTemplate({ saved: file.name, error: null });
    } catch (err) {
      setTemplate({ saved: null, error: err as ApiError });
    }
  };

  const summary = (result: FrameworkImport, done: boolean) => {
    const values = {
      name: result.framework.name,
      code: result.framework.code,
      count: result.framework.categories.length,
    };
    if (done) {
      return result.existed
        ? t("frameworks.import.updated", values)
        : t("frameworks.import.added", values);
    }
    return result.existed
      ? t("frameworks.import.wouldUpdate", values)
      : t("frameworks.import.wouldAdd", values);
  };

  return (
    <section
      className="exchange-section framework-import"
      data-testid="framework-import"
      data-checks={checks}
      aria-busy={busy !== null}
      aria-labelledby="framework-import-heading"
    >
      <h2 id="framework-import-heading">{t("frameworks.import.heading")}</h2>
      <p className="section-intro">{t("frameworks.import.intro")}</p>

      <div className="actions">
        <button
          type="button"
          className="secondary"
          data-testid="framework-template-csv"
          onClick={() => void downloadTemplate("csv")}
        >
          {t("frameworks.import.templateCsv")}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="framework-template-json"
          onClick={() => void downloadTemplate("json")}
        >
          {t("frameworks.import.templateJson")}
        </button>
      </div>
      <p className="template-saved" role="status" data-testid="framework-template-status">
        {template.saved && t("frameworks.import.templateSaved", { name: template.saved })}
      </p>
      {template.error && (
        <ErrorAlert error={template.error}>{t("frameworks.import.templateFailed")}</ErrorAlert>
      )}

      <FileChooser
        id="framework-file"
        label={t("frameworks.import.file")}
        hint={t("frameworks.import.fileHint", { columns: FRAMEWORK_COLUMNS })}
        extensions={["csv", "xlsx", "json"]}
        chosen={source}
        onChoose={(chosen) => void check(chosen)}
        onError={fail}
        problem={problem}
        disabled={busy !== null}
      />

      <p className="flash" role="status" data-testid="framework-import-status">
        {busy === "checking" && t("frameworks.import.checking")}
        {busy === "applying" && t("frameworks.import.applying")}
        {applied && (
          <>
            {summary(applied, true)}{" "}
            <Link to={frameworkHref(applied.framework.code)} data-testid="framework-import-open">
              {t("frameworks.import.open", { code: applied.framework.code })}
            </Link>
          </>
        )}
      </p>

      {preview && (
        <div
          className="import-result"
          role="group"
          aria-labelledby="framework-import-preview-heading"
          data-testid="framework-import-preview"
        >
          <h3 id="framework-import-preview-heading">{t("frameworks.import.previewHeading")}</h3>
          <p data-testid="framework-import-summary">{summary(preview, false)}</p>
          <p className="hint">
            {t("frameworks.import.levels", { levels: preview.framework.levels.join(" › ") })}
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              data-testid="framework-import-apply"
              disabled={busy !== null}
              onClick={() => void apply()}
            >
              {busy === "applying" ? t("frameworks.import.applying") : t("frameworks.import.apply")}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
