import { useTranslation } from "react-i18next";
import type { ImportRow } from "../bindings/ImportRow";
import type { ReportImportRow } from "../bindings/ReportImportRow";
import { rowProblem } from "../importRows";

type Props = {
  prefix: string;
  file: string;
  rows: (ImportRow | ReportImportRow)[];
  /** Report imports: each row's year. */
  showYear: boolean;
};

/** Row by row, what an import would do (or did); refused rows name their column and why. */
export function ImportPreview({ prefix, file, rows, showYear }: Props) {
  const { t } = useTranslation("exchange");
  const problem = (row: ImportRow | ReportImportRow) => rowProblem(row.error ?? "", file, row.row, row.column);
  return (
    <div className="table-scroll">
      <table className="data-table import-preview" data-testid={`${prefix}-preview`}>
        <caption>{t("import.caption", { file })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("import.column.row")}</th>
            <th scope="col">{t("import.column.commitment")}</th>
            {showYear && <th scope="col">{t("import.column.year")}</th>}
            <th scope="col">{t("import.column.action")}</th>
            <th scope="col">{t("import.column.details")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.row}
              data-row={row.row}
              data-action={row.action}
              className={row.action === "Refused" ? "refused" : undefined}
            >
              <th scope="row">{row.row}</th>
              <td>{row.commitmentId}</td>
              {showYear && <td data-testid="import-row-year">{"year" in row ? (row.year ?? "") : ""}</td>}
              <td>
                <span className={`import-action import-${row.action}`}>{t(`import.action.${row.action}`)}</span>
              </td>
              <td data-testid="import-row-details">
                {row.action === "Refused"
                  ? row.column
                    ? t("import.inColumn", { column: row.column, error: problem(row) })
                    : problem(row)
                  : row.changes.length > 0 && t("import.changes", { fields: row.changes.join(", ") })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
