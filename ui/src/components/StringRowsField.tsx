import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { FieldError, type FieldProblem } from "./FieldError";

type Props = {
  /** The fieldset's id; row n's input is `${id}-${n}`. */
  id: string;
  legend: string;
  hint: string;
  values: string[];
  onChange: (values: string[]) => void;
  min: number;
  max: number;
  /** The visible label of row `index` (0-based). */
  rowLabel: (index: number) => string;
  addLabel: string;
  removeLabel: (index: number) => string;
  problem: FieldProblem | undefined;
};

/** An ordered list of short texts (a framework's level names or types): add and remove rows. */
export function StringRowsField(props: Props) {
  const { id, legend, hint, values, onChange, min, max, rowLabel, addLabel, removeLabel, problem } =
    props;
  const { t } = useTranslation();
  // After "Add", the new row's input takes focus so the keyboard can go on typing.
  const added = useRef(false);
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    document.getElementById(`${id}-${values.length - 1}`)?.focus();
  }, [id, values.length]);

  const describedBy = [`${id}-hint`, problem && `error-${id}`].filter(Boolean).join(" ");
  return (
    <fieldset id={id} className="rows-field" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {problem && <FieldError field={id} problem={problem} />}
      {values.map((value, index) => (
        <div key={index} className="row-field">
          <label htmlFor={`${id}-${index}`}>{rowLabel(index)}</label>
          <input
            id={`${id}-${index}`}
            type="text"
            autoComplete="off"
            value={value}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => onChange(values.map((v, i) => (i === index ? e.target.value : v)))}
          />
          {values.length > min && (
            <button
              type="button"
              className="link-button"
              data-testid={`${id}-remove-${index}`}
              onClick={() => {
                onChange(values.filter((_, i) => i !== index));
                // Focus would be lost with the removed button: keep it in the list.
                document.getElementById(id)?.querySelector("input")?.focus();
              }}
            >
              {removeLabel(index)}
            </button>
          )}
        </div>
      ))}
      {values.length === 0 && <p className="muted">{t("frameworks.none")}</p>}
      {values.length < max && (
        <button
          type="button"
          data-testid={`${id}-add`}
          onClick={() => {
            added.current = true;
            onChange([...values, ""]);
          }}
        >
          {addLabel}
        </button>
      )}
    </fieldset>
  );
}
