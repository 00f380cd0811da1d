import { useTranslation } from "react-i18next";
import { STATUSES } from "../reports";
import { useLabels } from "../catalogue";
import type { FieldName } from "../importFields";
import { useFieldLabel } from "../hooks/useFieldLabel";

type Props = {
  prefix: string;
  /** Enumerated field → the values to show: those still unmapped and those the person mapped. */
  values: Partial<Record<FieldName, string[]>>;
  /** Enumerated field → source value → target, as the person chose. */
  chosen: Record<string, Record<string, string>>;
  /** The commitment types offered (the chosen framework's). */
  types: string[];
  /** How many values are still to map. */
  left: number;
  onChoose: (field: FieldName, value: string, target: string) => void;
  disabled: boolean;
};

/**
 * The values of enumerated fields (report status, commitment type) that mean nothing yet, each
 * with what it means. Nothing is guessed: a value stays unmapped until the person chooses.
 */
export function ValueMapping({ prefix, values, chosen, types, left, onChoose, disabled }: Props) {
  const { t } = useTranslation("exchange");
  const { t: tc } = useTranslation();
  const labels = useLabels();
  const label = useFieldLabel();
  const fields = (Object.keys(values) as FieldName[]).filter((f) => (values[f] ?? []).length > 0);
  if (fields.length === 0) return null;
  const targets = (field: FieldName): { value: string; label: string }[] =>
    field === "status"
      ? STATUSES.map((s) => ({ value: s, label: tc(`status.${s}`) }))
      : types.map((type) => ({ value: type, label: labels.type(type) }));

  return (
    <div className="value-mapping" data-testid={`${prefix}-values`}>
      <h4>{t("mapping.values.heading")}</h4>
      <p className="hint">{t("mapping.values.intro")}</p>
      {fields.map((field) => {
        const options = targets(field);
        return (
          <fieldset key={field} data-field={field}>
            <legend>{t("mapping.values.field", { field: label(field) })}</legend>
            {options.length === 0 && <p className="hint">{t("mapping.values.noTypes")}</p>}
            {(values[field] ?? []).map((value, i) => {
              const id = `${prefix}-value-${field}-${i}`;
              const target = chosen[field]?.[value] ?? "";
              return (
                <div className="field value-choice" key={value} data-value={value}>
                  <label htmlFor={id}>{t("mapping.values.value", { value })}</label>
                  <select
                    id={id}
                    value={target}
                    disabled={disabled}
                    aria-invalid={target ? undefined : true}
                    onChange={(e) => onChoose(field, value, e.target.value)}
                  >
                    <option value="">{t("mapping.values.choose")}</option>
                    {options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </fieldset>
        );
      })}
      {left > 0 && (
        <p className="field-error" id={`error-${prefix}-values`} data-testid={`${prefix}-values-left`}>
          {t("mapping.values.left", { count: left })}
        </p>
      )}
    </div>
  );
}
