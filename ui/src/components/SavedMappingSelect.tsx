import { useTranslation } from "react-i18next";
import { FieldError, type FieldProblem } from "./FieldError";

type Props = {
  prefix: string;
  names: string[];
  /** The chosen name, null for none (the proposal). */
  value: string | null;
  onChange: (name: string | null) => void;
  problem: FieldProblem | null;
  disabled: boolean;
};

/** A mapping saved with an earlier import of the same kind, to start from. */
export function SavedMappingSelect({ prefix, names, value, onChange, problem, disabled }: Props) {
  const { t } = useTranslation("exchange");
  const id = `${prefix}-saved-mapping`;
  if (names.length === 0 && value === null) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{t("mapping.saved")}</label>
      <select
        id={id}
        value={value ?? ""}
        disabled={disabled}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `error-${id}` : undefined}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">{t("mapping.savedNone")}</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      {problem && <FieldError field={id} problem={problem} />}
    </div>
  );
}
