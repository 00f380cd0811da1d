import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { useApiMutation } from "../api/queries";
import type { BundleImport } from "../bindings/BundleImport";
import type { FileSource } from "../bindings/FileSource";
import type { Take } from "../bindings/Take";
import { BundleConflictChoice } from "./BundleConflictChoice";
import { BundleSummary } from "./BundleSummary";
import { ErrorAlert } from "./ErrorAlert";
import type { FieldProblem } from "./FieldError";
import { FileChooser } from "./FileChooser";

type Busy = "checking" | "applying" | null;

/** Whether a preview finds anything to bring in (or to decide). */
function hasWork(result: BundleImport): boolean {
  if (result.mode === "restore") return Object.values(result.restored).some((n) => n > 0);
  return (
    result.organisationsAdded +
      result.commitmentsAdded +
      result.reportsAdded +
      result.reportsUpdated +
      result.conflicts.length >
    0
  );
}

/**
 * Brings in a bundle from another copy of the app: a preview first (what would be added or
 * brought up to date, and each report changed on both sides, with a choice to make), then the
 * import with those choices. Nothing is overwritten without a choice.
 */
export function BundleSection() {
  const { t } = useTranslation("exchange");
  const [source, setSource] = useState<FileSource | null>(null);
  const [preview, setPreview] = useState<BundleImport | null>(null);
  const [applied, setApplied] = useState<BundleImport | null>(null);
  const [takes, setTakes] = useState<Record<string, Take>>({});
  const [busy, setBusy] = useState<Busy>(null);
  const [fileProblem, setFileProblem] = useState<FieldProblem | null>(null);
  const [error, setError] = useState<{ error: ApiError; during: "preview" | "apply" } | null>(null);
  const [failures, setFailures] = useState(0);
  // How many checks of a chosen file have finished (tests wait for the next one).
  const [checks, setChecks] = useState(0);
  // A preview changes nothing; an import can change anything (commitments, reports, frameworks).
  const importBundle = useApiMutation("import_bundle", (args) => (args.apply ? "all" : null));

  useEffect(() => {
    if (failures === 0) return;
    document.getElementById(error ? "bundle-error" : "bundle-file")?.focus();
    // Only a new failure moves focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [failures]);

  useEffect(() => {
    if (applied) document.getElementById("bundle-applied-heading")?.focus();
  }, [applied]);

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
    setTakes({});
    setFileProblem(null);
    setError(null);
    setBusy("checking");
    try {
      setPreview(await importBundle.mutateAsync({ source: chosen, apply: false, resolutions: [] }));
    } catch (err) {
      fail(err as ApiError, "preview");
    } finally {
      setBusy(null);
      setChecks((n) => n + 1);
    }
  };

  const undecided = preview ? preview.conflicts.filter((c) => !takes[c.reportId]).length : 0;

  const apply = async () => {
    if (!source || !preview || busy || undecided > 0) return;
    setFileProblem(null);
    setError(null);
    setBusy("applying");
    try {
      const resolutions = preview.conflicts.flatMap((c) => {
        const take = takes[c.reportId];
        return take ? [{ reportId: c.reportId, take }] : [];
      });
      const result = await importBundle.mutateAsync({ source, apply: true, resolutions });
      setApplied(result);
      setPreview(null);
      setSource(null);
      setTakes({});
    } catch (err) {
      fail(err as ApiError, "apply");
    } finally {
      setBusy(null);
    }
  };

  return (
    <section
      className="exchange-section"
      data-testid="bundle-section"
      data-checks={checks}
      aria-busy={busy !== null}
      aria-labelledby="bundle-heading"
    >
      <h2 id="bundle-heading">{t("bundle.heading")}</h2>
      <p className="section-intro">{t("bundle.intro")}</p>
      <FileChooser
        id="bundle-file"
        label={t("bundle.file")}
        extensions={["json"]}
        chosen={source}
        onChoose={(chosen) => void check(chosen)}
        onError={(err) => fail(err, "preview")}
        problem={fileProblem}
        disabled={busy !== null}
      />
      <p className="flash" role="status" data-testid="bundle-status">
        {busy === "checking" && t("bundle.checking")}
        {busy === "applying" && t("bundle.applying")}
      </p>
      {error && (
        <ErrorAlert id="bundle-error" error={error.error}>
          {error.during === "apply" ? t("bundle.applyFailed") : t("bundle.previewFailed")}
        </ErrorAlert>
      )}

      {preview && (
        <div className="bundle-preview" role="group" aria-labelledby="bundle-preview-heading">
          <h3 id="bundle-preview-heading">{t("bundle.previewHeading")}</h3>
          <BundleSummary result={preview} />
          {!hasWork(preview) && (
            <p className="notice" data-testid="bundle-nothing">
              {t("bundle.nothingToDo")}
            </p>
          )}
          {preview.conflicts.length > 0 && (
            <>
              <h3>{t("bundle.conflictsHeading")}</h3>
              <p>{t("bundle.conflictsIntro")}</p>
              {preview.conflicts.map((conflict) => (
                <BundleConflictChoice
                  key={conflict.reportId}
                  conflict={conflict}
                  take={takes[conflict.reportId] ?? null}
                  onTake={(take) => setTakes((all) => ({ ...all, [conflict.reportId]: take }))}
                />
              ))}
            </>
          )}
          {hasWork(preview) && (
            <div className="actions">
              <button
                type="button"
                className="primary"
                data-testid="bundle-apply"
                disabled={busy !== null || undecided > 0}
                aria-describedby={undecided > 0 ? "bundle-undecided" : undefined}
                onClick={() => void apply()}
              >
                {busy === "applying" ? t("bundle.applying") : t("bundle.apply")}
              </button>
              {undecided > 0 && (
                <p id="bundle-undecided" className="hint">
                  {t("bundle.chooseAll", { count: undecided })}
                </p>
              )}
            </div>
          )}
        </div>
      )}

      {applied && (
        <div className="bundle-applied" role="group" aria-labelledby="bundle-applied-heading">
          <h3 id="bundle-applied-heading" tabIndex={-1}>
            {t("bundle.applied")}
          </h3>
          <BundleSummary result={applied} />
          {applied.conflicts.map((conflict) => (
            <BundleConflictChoice key={conflict.reportId} conflict={conflict} take={null} onTake={null} />
          ))}
        </div>
      )}
    </section>
  );
}
