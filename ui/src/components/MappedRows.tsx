import { useTranslation } from "react-i18next";
import type { MappingProposal } from "../bindings/MappingProposal";
import { useFieldLabel } from "../hooks/useFieldLabel";
import { isStatus } from "../reports";

/** The first rows of the file as the mapping reads them: one column per mapped field. */
export function MappedRows({ prefix, proposal }: { prefix: string; proposal: MappingProposal }) {
  const { t } = useTranslation("exchange");
  const { t: tc } = useTranslation();
  const label = useFieldLabel();
  // A status as the rest of the app names it; a value still to map stays as the file has it.
  const shown = (field: string, value: string) =>
    field === "status" && isStatus(value) ? tc(`status.${value}`) : value;
  const fields = proposal.fields.filter((f) => (proposal.mapping.fields[f.name] ?? []).length > 0);
  return (
    <div className="mapped-rows">
      <h4>{t("mapping.preview.heading")}</h4>
      {proposal.rows.length === 0 ? (
        <p className="notice">{t("mapping.preview.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table mapped-rows-table" data-testid={`${prefix}-mapped-rows`}>
            <caption>
              {t("mapping.preview.caption", { shown: proposal.rows.length, total: proposal.totalRows })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("mapping.preview.row")}</th>
                {fields.map((f) => (
                  <th scope="col" key={f.name} data-field={f.name}>
                    {label(f.name)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {proposal.rows.map((row) => (
                <tr key={row.row} data-row={row.row}>
                  <th scope="row">{row.row}</th>
                  {fields.map((f) => (
                    <td key={f.name} data-field={f.name}>
                      {shown(f.name, row.values[f.name] ?? "")}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
