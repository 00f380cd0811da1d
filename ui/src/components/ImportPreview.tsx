import { useTranslation } from "react-i18next";
import type { CatalogueImport } from "../bindings/CatalogueImport";

/** Row by row, what a catalogue import would do; refused rows name their column and why. */
export function ImportPreview({ preview }: { preview: CatalogueImport }) {
  const { t } = useTranslation("exchange");
  return (
    <div className="table-scroll">
      <table className="data-table import-preview" data-testid="import-preview">
        <caption>{t("import.caption", { file: preview.file })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("import.column.row")}</th>
            <th scope="col">{t("import.column.commitment")}</th>
            <th scope="col">{t("import.column.action")}</th>
            <th scope="col">{t("import.column.details")}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr
              key={row.row}
              data-row={row.row}
              data-action={row.action}
              className={row.action === "Refused" ? "refused" : undefined}
            >
              <th scope="row">{row.row}</th>
              <td>{row.commitmentId}</td>
              <td>
                <span className={`import-action import-${row.action}`}>{t(`import.action.${row.action}`)}</span>
              </td>
              <td data-testid="import-row-details">
                {row.action === "Refused"
                  ? row.column
                    ? t("import.inColumn", { column: row.column, error: row.error ?? "" })
                    : row.error
                  : row.changes.length > 0 && t("import.changes", { fields: row.changes.join(", ") })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
