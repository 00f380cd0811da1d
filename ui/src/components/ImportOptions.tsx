import { useTranslation } from "react-i18next";
import type { ImportKind } from "../bindings/ImportKind";
import { useCatalogue } from "../catalogue";
import { FieldError, type FieldProblem } from "./FieldError";

export type ImportOptionValues = {
  /** Catalogue: the framework's code. */
  framework: string;
  /** Catalogue: for rows that name no organisation ("" = the default). */
  organisation: string;
  createCategories: boolean;
  /** Reports: the year of rows without one, as typed ("" = none). */
  year: string;
  /** The name to save the mapping as with the import ("" = do not save). */
  saveAs: string;
};

type Props = {
  prefix: string;
  kind: ImportKind;
  /** Without a mapping (a .json catalogue) there is nothing to save. */
  canSave: boolean;
  values: ImportOptionValues;
  onChange: (values: ImportOptionValues) => void;
  /** The server's complaints by field ("framework", "organisation", "year", "saveMapping"). */
  problems: Partial<Record<string, FieldProblem>>;
  disabled: boolean;
};

/** What the import needs beyond the columns, and the name to keep the mapping under. */
export function ImportOptions({ prefix, kind, canSave, values, onChange, problems, disabled }: Props) {
  const { t } = useTranslation("exchange");
  const { frameworks } = useCatalogue();
  const set = (patch: Partial<ImportOptionValues>) => onChange({ ...values, ...patch });

  /** A labelled control with its hint and the server's error next to it. */
  const describe = (id: string, problem: FieldProblem | undefined) =>
    [`${id}-hint`, problem && `error-${id}`].filter(Boolean).join(" ");

  const ids = {
    framework: `${prefix}-framework`,
    organisation: `${prefix}-organisation`,
    create: `${prefix}-create-categories`,
    year: `${prefix}-year`,
    saveAs: `${prefix}-save-as`,
  };

  return (
    <fieldset className="import-options">
      <legend>{t("options.heading")}</legend>
      {kind === "Catalogue" ? (
        <>
          <div className="field">
            <label htmlFor={ids.framework}>{t("options.framework")}</label>
            <p id={`${ids.framework}-hint`} className="hint">
              {t("options.frameworkHint")}
            </p>
            <select
              id={ids.framework}
              value={values.framework}
              disabled={disabled}
              aria-invalid={problems.framework ? true : undefined}
              aria-describedby={describe(ids.framework, problems.framework)}
              onChange={(e) => set({ framework: e.target.value })}
            >
              {frameworks.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.name === f.code ? f.code : `${f.code} — ${f.name}`}
                </option>
              ))}
            </select>
            {problems.framework && <FieldError field={ids.framework} problem={problems.framework} />}
          </div>
          <div className="field">
            <label htmlFor={ids.organisation}>{t("options.organisation")}</label>
            <p id={`${ids.organisation}-hint`} className="hint">
              {t("options.organisationHint")}
            </p>
            <input
              id={ids.organisation}
              type="text"
              value={values.organisation}
              disabled={disabled}
              aria-invalid={problems.organisation ? true : undefined}
              aria-describedby={describe(ids.organisation, problems.organisation)}
              onChange={(e) => set({ organisation: e.target.value })}
            />
            {problems.organisation && (
              <FieldError field={ids.organisation} problem={problems.organisation} />
            )}
          </div>
          <div className="checkbox">
            <input
              id={ids.create}
              type="checkbox"
              checked={values.createCategories}
              disabled={disabled}
              aria-describedby={`${ids.create}-hint`}
              onChange={(e) => set({ createCategories: e.target.checked })}
            />
            <div>
              <label htmlFor={ids.create}>{t("options.createCategories")}</label>
              <p id={`${ids.create}-hint`} className="hint">
                {t("options.createCategoriesHint")}
              </p>
            </div>
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor={ids.year}>{t("options.year")}</label>
          <p id={`${ids.year}-hint`} className="hint">
            {t("options.yearHint")}
          </p>
          <input
            id={ids.year}
            type="number"
            inputMode="numeric"
            min={1900}
            step={1}
            value={values.year}
            disabled={disabled}
            aria-invalid={problems.year ? true : undefined}
            aria-describedby={describe(ids.year, problems.year)}
            onChange={(e) => set({ year: e.target.value })}
          />
          {problems.year && <FieldError field={ids.year} problem={problems.year} />}
        </div>
      )}
      {canSave && (
        <div className="field">
          <label htmlFor={ids.saveAs}>{t("options.saveAs")}</label>
          <p id={`${ids.saveAs}-hint`} className="hint">
            {t("options.saveAsHint")}
          </p>
          <input
            id={ids.saveAs}
            type="text"
            value={values.saveAs}
            disabled={disabled}
            aria-invalid={problems.saveMapping ? true : undefined}
            aria-describedby={describe(ids.saveAs, problems.saveMapping)}
            onChange={(e) => set({ saveAs: e.target.value })}
          />
          {problems.saveMapping && <FieldError field={ids.saveAs} problem={problems.saveMapping} />}
        </div>
      )}
    </fieldset>
  );
}
