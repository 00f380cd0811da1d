import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, type ApiError } from "../api";
import type { CatalogueImport } from "../bindings/CatalogueImport";
import type { FileSource } from "../bindings/FileSource";
import { ErrorAlert } from "./ErrorAlert";
import type { FieldProblem } from "./FieldError";
import { FileChooser } from "./FileChooser";
import { ImportPreview } from "./ImportPreview";
import { ImportTemplate } from "./ImportTemplate";

type Busy = "checking" | "applying" | null;

/**
 * Adds or updates commitments from a spreadsheet: the file is checked first (nothing changes)
 * and every row shown with what it would do; "Import" then applies all rows or none.
 */
export function ImportSection() {
  const { t } = useTranslation("exchange");
  const [source, setSource] = useState<FileSource | null>(null);
  const [preview, setPreview] = useState<CatalogueImport | null>(null);
  const [applied, setApplied] = useState<CatalogueImport | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [fileProblem, setFileProblem] = useState<FieldProblem | null>(null);
  const [error, setError] = useState<{ error: ApiError; during: "preview" | "apply" } | null>(null);
  // Bumped by each failure, so that the same message twice still moves focus.
  const [failures, setFailures] = useState(0);
  // How many checks of a chosen file have finished (tests wait for the next one).
  const [checks, setChecks] = useState(0);

  useEffect(() => {
    if (failures === 0) return;
    document.getElementById(error ? "import-error" : "import-file")?.focus();
    // Only a new failure moves focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [failures]);

  const fail = (err: ApiError, during: "preview" | "apply") => {
    if (err.field === "file") {
      setFileProblem({ message: err.message });
      setError(null);
    } else {
      setFileProblem(null);
      setError({ error: err, during });
    }
    setFailures((n) => n + 1);
  };

  const check = async (chosen: FileSource) => {
    setSource(chosen);
    setPreview(null);
    setApplied(null);
    setFileProblem(null);
    setError(null);
    setBusy("checking");
    try {
      setPreview(await call("import_catalogue", { source: chosen, apply: false }));
    } catch (err) {
      fail(err as ApiError, "preview");
    } finally {
      setBusy(null);
      setChecks((n) => n + 1);
    }
  };

  const apply = async () => {
    if (!source || busy) return;
    setFileProblem(null);
    setError(null);
    setBusy("applying");
    try {
      const result = await call("import_catalogue", { source, apply: true });
      setApplied(result);
      setPreview(null);
      setSource(null);
    } catch (err) {
      fail(err as ApiError, "apply");
    } finally {
      setBusy(null);
    }
  };

  const nothingToDo = preview !== null && preview.added + preview.changed + preview.refused === 0;
  return (
    <section
      className="exchange-section"
      data-testid="import-section"
      data-checks={checks}
      aria-busy={busy !== null}
      aria-labelledby="import-heading"
    >
      <h2 id="import-heading">{t("import.heading")}</h2>
      <p className="section-intro">{t("import.intro")}</p>
      <ImportTemplate />
      <FileChooser
        id="import-file"
        label={t("import.file")}
        extensions={["csv", "xlsx", "json"]}
        chosen={source}
        onChoose={(chosen) => void check(chosen)}
        onError={(err) => fail(err, "preview")}
        problem={fileProblem}
        disabled={busy !== null}
      />
      <p className="flash" role="status" data-testid="import-status">
        {busy === "checking" && t("import.checking")}
        {busy === "applying" && t("import.applying")}
        {applied &&
          t("import.applied", {
            file: applied.file,
            added: applied.added,
            changed: applied.changed,
            unchanged: applied.unchanged,
          })}
      </p>
      {error && (
        <ErrorAlert id="import-error" error={error.error}>
          {error.during === "apply" ? t("import.applyFailed") : t("import.previewFailed")}
        </ErrorAlert>
      )}
      {preview && (
        <div className="import-result" aria-labelledby="import-preview-heading" role="group">
          <h3 id="import-preview-heading">{t("import.previewHeading")}</h3>
          <p data-testid="import-summary">
            {t("import.summary", {
              added: preview.added,
              changed: preview.changed,
              unchanged: preview.unchanged,
              refused: preview.refused,
            })}
          </p>
          {preview.refused > 0 && <p className="note">{t("import.refusedNote")}</p>}
          {nothingToDo && <p className="notice">{t("import.nothingToDo")}</p>}
          <ImportPreview preview={preview} />
          {!nothingToDo && (
            <div className="actions">
              <button
                type="button"
                className="primary"
                data-testid="import-apply"
                disabled={busy !== null}
                onClick={() => void apply()}
              >
                {busy === "applying" ? t("import.applying") : t("import.apply")}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
