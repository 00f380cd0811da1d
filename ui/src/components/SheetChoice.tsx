import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { MappingProposal } from "../bindings/MappingProposal";
import { FieldError } from "./FieldError";

type Props = {
  prefix: string;
  proposal: MappingProposal;
  onSheet: (sheet: string) => void;
  onHeaderRow: (row: number) => void;
  disabled: boolean;
};

/**
 * Where the table is in the file: the worksheet (when the workbook has several) and the row of
 * the column names. A change reads the file again.
 */
export function SheetChoice({ prefix, proposal, onSheet, onHeaderRow, disabled }: Props) {
  const { t } = useTranslation("exchange");
  const sheetId = `${prefix}-sheet`;
  const rowId = `${prefix}-header-row`;
  // The row as typed; read again once the person is done with it (Enter or leaving the field).
  const [draft, setDraft] = useState<{ shown: number; text: string } | null>(null);
  const text = draft && draft.shown === proposal.headerRow ? draft.text : String(proposal.headerRow);
  const parsed = Number(text);
  const invalid = !Number.isInteger(parsed) || parsed < 1;

  const commit = () => {
    if (!invalid && parsed !== proposal.headerRow) onHeaderRow(parsed);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    commit();
  };

  return (
    <form className="sheet-choice" onSubmit={submit}>
      {proposal.sheets.length > 1 && (
        <div className="field">
          <label htmlFor={sheetId}>{t("mapping.sheet")}</label>
          <select
            id={sheetId}
            value={proposal.sheet ?? ""}
            disabled={disabled}
            onChange={(e) => onSheet(e.target.value)}
          >
            {proposal.sheets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={rowId}>{t("mapping.headerRow")}</label>
        <p id={`${rowId}-hint`} className="hint">
          {t("mapping.headerRowHint")}
        </p>
        <input
          id={rowId}
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          value={text}
          disabled={disabled}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={`${rowId}-hint${invalid ? ` error-${rowId}` : ""}`}
          onChange={(e) => setDraft({ shown: proposal.headerRow, text: e.target.value })}
          onBlur={commit}
        />
        {invalid && <FieldError field={rowId} problem={{ message: t("mapping.headerRowInvalid") }} />}
      </div>
    </form>
  );
}
