import { useTranslation } from "react-i18next";
import type { CatalogueImport } from "../bindings/CatalogueImport";
import type { ReportImport } from "../bindings/ReportImport";
import { ImportPreview } from "./ImportPreview";

type Props = {
  prefix: string;
  result: CatalogueImport | ReportImport;
  /** Why importing is not possible yet (a value or required field unmapped), if so. */
  blocked: string | null;
  applying: boolean;
  disabled: boolean;
  onApply: () => void;
};

const isCatalogue = (r: CatalogueImport | ReportImport): r is CatalogueImport => "framework" in r;

/** The check's outcome, row by row, with the button that imports it. */
export function ImportResult({ prefix, result, blocked, applying, disabled, onApply }: Props) {
  const { t } = useTranslation("exchange");
  const catalogue = isCatalogue(result);
  const nothingToDo = result.added + result.changed + result.refused === 0;
  const headingId = `${prefix}-result-heading`;
  const blockedId = `${prefix}-blocked`;
  return (
    <div className="import-result" role="group" aria-labelledby={headingId} data-testid={`${prefix}-result`}>
      <h3 id={headingId} tabIndex={-1}>
        {t("import.previewHeading")}
      </h3>
      <p data-testid={`${prefix}-summary`}>
        {t("import.summary", {
          added: result.added,
          changed: result.changed,
          unchanged: result.unchanged,
          refused: result.refused,
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
            disabled={disabled || blocked !== null}
            aria-describedby={blocked ? blockedId : undefined}
            onClick={onApply}
          >
            {applying ? t("import.applying") : t("import.apply")}
          </button>
          {blocked && (
            <p id={blockedId} className="field-error">
              {blocked}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
