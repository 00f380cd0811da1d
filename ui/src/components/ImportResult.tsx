import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import type { CatalogueImport } from "../bindings/CatalogueImport";
import type { ReportImport } from "../bindings/ReportImport";
import { ErrorAlert } from "./ErrorAlert";
import { ImportPreview } from "./ImportPreview";

type Props = {
  prefix: string;
  result: CatalogueImport | ReportImport;
  /** Why importing is not possible yet (a value or required field unmapped), if so. */
  blocked: string | null;
  applying: boolean;
  disabled: boolean;
  onApply: () => void;
  /** Why the last Import failed (nothing was imported), shown next to the button. */
  applyError: ApiError | null;
};

const isCatalogue = (r: CatalogueImport | ReportImport): r is CatalogueImport => "framework" in r;

/** The check's outcome, row by row, with the button that imports it. */
export function ImportResult({ prefix, result, blocked, applying, disabled, onApply, applyError }: Props) {
  const { t } = useTranslation("exchange");
  const catalogue = isCatalogue(result);
  const nothingToDo = result.added + result.changed + result.refused === 0;
  const headingId = `${prefix}-result-heading`;
  const blockedId = `${prefix}-blocked`;
  const refusedId = `${prefix}-refused-hint`;
  // The server refuses the whole file while a row is refused: no use sending it.
  const refused = result.refused > 0;
  const describedBy = [blocked && blockedId, refused && refusedId].filter(Boolean).join(" ");
  return (
    <div className="import-result" role="group" aria-labelledby={headingId} data-testid={`${prefix}-result`}>
      <h3 id={headingId} tabIndex={-1}>
        {t("import.previewHeading")}
      </h3>
      <p data-testid={`${prefix}-summary`}>
        {t("import.summary", {
          added: t("import.counts.toAdd", { count: result.added }),
          changed: t("import.counts.toChange", { count: result.changed }),
          unchanged: t("import.counts.unchanged", { count: result.unchanged }),
          refused: t("import.counts.refused", { count: result.refused }),
        })}
      </p>
      {result.skipped > 0 && <p className="hint">{t("import.skipped", { count: result.skipped })}</p>}
      {catalogue && result.unknownCategories.length > 0 && (
        <div className="note" data-testid={`${prefix}-unknown-categories`}>
          <p>{t("import.unknownCategories", { categories: result.unknownCategories.join(", ") })}</p>
          <p className="hint">{t("import.unknownCategoriesHint")}</p>
        </div>
      )}
      {result.refused > 0 && <p className="note">{t("import.refusedNote")}</p>}
      {nothingToDo && (
        <p className="notice">{catalogue ? t("import.nothingToDo") : t("import.nothingToDoReports")}</p>
      )}
      <ImportPreview prefix={prefix} file={result.file} rows={result.rows} showYear={!catalogue} />
      {!nothingToDo && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            data-testid={`${prefix}-apply`}
            disabled={disabled || blocked !== null || refused}
            aria-describedby={describedBy || undefined}
            onClick={onApply}
          >
            {applying ? t("import.applying") : t("import.apply")}
          </button>
          {blocked && (
            <p id={blockedId} className="field-error">
              {blocked}
            </p>
          )}
          {refused && (
            <p id={refusedId} className="hint" data-testid={refusedId}>
              {t("import.refusedHint")}
            </p>
          )}
        </div>
      )}
      {!nothingToDo && applyError && (
        <ErrorAlert id={`${prefix}-error`} error={applyError}>
          {t("import.applyFailed")}
        </ErrorAlert>
      )}
    </div>
  );
}
