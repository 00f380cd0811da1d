import { useTranslation } from "react-i18next";
import type { MappingProposal } from "../bindings/MappingProposal";
import { fieldOfColumn, isFieldName } from "../importFields";
import { FieldError, type FieldProblem } from "./FieldError";
import { useFieldLabel } from "../hooks/useFieldLabel";

type Props = {
  /** Prefix of every id ("import", "report-import"). */
  prefix: string;
  proposal: MappingProposal;
  /** Maps `column` to `field` ("": not imported). */
  onMap: (column: string, field: string) => void;
  /** The server's complaint about the mapping (an unknown column of a saved mapping…). */
  problem: FieldProblem | null;
  disabled: boolean;
};

/**
 * The file's columns, each with the field it is imported as. A field may take several columns,
 * joined in the order shown; required fields without a column are named next to the table.
 */
export function MappingTable({ prefix, proposal, onMap, problem, disabled }: Props) {
  const { t } = useTranslation("exchange");
  const label = useFieldLabel();
  const fields = proposal.fields;
  const { mapping } = proposal;
  const missing = proposal.missingFields;
  const errorId = `${prefix}-mapping`;
  return (
    <div className="mapping-table" data-testid={`${prefix}-mapping`}>
      <div className="table-scroll">
        <table className="data-table">
          <caption>{t("mapping.caption", { file: proposal.file })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("mapping.column.source")}</th>
              <th scope="col">{t("mapping.column.field")}</th>
            </tr>
          </thead>
          <tbody>
            {proposal.columns.map((column, i) => {
              const id = `${prefix}-column-${i}`;
              const field = fieldOfColumn(mapping, column) ?? "";
              const joined = field ? (mapping.fields[field] ?? []) : [];
              const noteId = `${id}-joined`;
              return (
                <tr key={`${i}:${column}`} data-column={column} data-field={field}>
                  <th scope="row">
                    <label htmlFor={id}>{column}</label>
                  </th>
                  <td>
                    <select
                      id={id}
                      value={field}
                      disabled={disabled}
                      aria-describedby={joined.length > 1 ? noteId : undefined}
                      onChange={(e) => onMap(column, e.target.value)}
                    >
                      <option value="">{t("mapping.ignore")}</option>
                      {fields.map((f) => (
                        <option key={f.name} value={f.name}>
                          {f.required ? t("mapping.required", { label: label(f.name) }) : label(f.name)}
                        </option>
                      ))}
                    </select>
                    {joined.length > 1 && (
                      <p id={noteId} className="hint mapping-joined">
                        {t("mapping.joined", {
                          n: joined.indexOf(column) + 1,
                          count: joined.length,
                          columns: joined.join(" + "),
                        })}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {missing.length > 0 && (
        <p id={`error-${errorId}`} className="field-error" data-testid={`${prefix}-missing`}>
          {t("mapping.missing", {
            count: missing.length,
            fields: missing.map((f) => (isFieldName(fields, f) ? label(f) : f)).join(", "),
          })}
        </p>
      )}
      {problem && <FieldError field={`${errorId}-server`} problem={problem} />}
      {proposal.ignoredColumns.length > 0 && (
        <p className="hint" data-testid={`${prefix}-ignored`}>
          {t("mapping.ignored", { columns: proposal.ignoredColumns.join(", ") })}
        </p>
      )}
    </div>
  );
}
