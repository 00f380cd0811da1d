import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { newEvidenceRow, type EvidenceRow, type EvidenceRowProblem } from "../reports";
import { FieldError, type FieldProblem } from "./FieldError";

type Props = {
  rows: EvidenceRow[];
  /** The server's complaint about the evidence as a whole. */
  problem: FieldProblem | undefined;
  /** Complaints about single rows, by index, shown next to the input concerned. */
  rowProblems: ReadonlyMap<number, EvidenceRowProblem>;
  onChange: (rows: EvidenceRow[]) => void;
};

/** Titled links to evidence: one row (title + address) each, added and removed by buttons. */
export function EvidenceFields({ rows, problem, rowProblems, onChange }: Props) {
  const { t } = useTranslation();
  const addRef = useRef<HTMLButtonElement>(null);
  // After a row is added its title takes focus; after one is removed, the Add button does.
  const focusNext = useRef<"added" | "removed" | null>(null);

  useEffect(() => {
    if (focusNext.current === "added") {
      document.getElementById(`evidence-title-${rows.length - 1}`)?.focus();
    } else if (focusNext.current === "removed") {
      addRef.current?.focus();
    }
    focusNext.current = null;
  }, [rows.length]);

  const update = (index: number, patch: Partial<EvidenceRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  /** aria-invalid and aria-describedby of one input of row `i`. */
  const described = (i: number, input: EvidenceRowProblem["input"]) => {
    const rowProblem = rowProblems.get(i);
    const own = rowProblem?.input === input;
    return {
      "aria-invalid": own || problem ? true : undefined,
      "aria-describedby": own ? `error-evidence-${i}` : problem ? "error-evidence" : undefined,
    };
  };

  return (
    <fieldset
      id="field-evidence"
      className="evidence-fields"
      aria-describedby={["hint-evidence", problem && "error-evidence"].filter(Boolean).join(" ")}
    >
      <legend>{t("report.field.evidence")}</legend>
      <p id="hint-evidence" className="hint">
        {t("editor.hint.evidence")}
      </p>
      {problem && <FieldError field="evidence" problem={problem} />}
      {rows.length === 0 && <p className="muted">{t("report.noEvidence")}</p>}
      <ol className="evidence-rows">
        {rows.map((row, i) => (
          <li key={row.key} className="evidence-row" data-testid="evidence-row">
            <div className="field">
              <label htmlFor={`evidence-title-${i}`}>{t("editor.evidenceTitle", { n: i + 1 })}</label>
              <input
                id={`evidence-title-${i}`}
                type="text"
                value={row.title}
                {...described(i, "title")}
                onChange={(e) => update(i, { title: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`evidence-url-${i}`}>{t("editor.evidenceUrl", { n: i + 1 })}</label>
              <input
                id={`evidence-url-${i}`}
                type="url"
                inputMode="url"
                placeholder="https://"
                value={row.url}
                {...described(i, "url")}
                onChange={(e) => update(i, { url: e.target.value })}
              />
            </div>
            <button
              type="button"
              className="secondary"
              data-testid={`evidence-remove-${i}`}
              aria-label={t("editor.evidenceRemoveLabel", { n: i + 1 })}
              onClick={() => {
                focusNext.current = "removed";
                onChange(rows.filter((_, j) => j !== i));
              }}
            >
              {t("editor.evidenceRemove")}
            </button>
            {rowProblems.has(i) && (
              <p id={`error-evidence-${i}`} className="field-error evidence-error">
                {t("form.fieldError", { message: t(`editor.evidence.${rowProblems.get(i)?.reason ?? "badUrl"}`) })}
              </p>
            )}
          </li>
        ))}
      </ol>
      <button
        ref={addRef}
        type="button"
        data-testid="evidence-add"
        onClick={() => {
          focusNext.current = "added";
          onChange([...rows, newEvidenceRow()]);
        }}
      >
        {t("editor.evidenceAdd")}
      </button>
    </fieldset>
  );
}
