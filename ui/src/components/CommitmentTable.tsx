import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CommitmentSummary } from "../bindings/CommitmentSummary";
import { useLabels } from "../catalogue";
import { TransformationCode } from "./TransformationCode";

type Props = { rows: CommitmentSummary[]; busy: boolean };

export function CommitmentTable({ rows, busy }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <table className="commitment-table" data-testid="commitment-table" aria-busy={busy}>
      <caption>{t("catalogue.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("catalogue.column.id")}</th>
          <th scope="col">{t("catalogue.column.type")}</th>
          <th scope="col">{t("catalogue.column.coreResponsibilities")}</th>
          <th scope="col">{t("catalogue.column.transformations")}</th>
          <th scope="col">{t("catalogue.column.summary")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            data-commitment-id={row.commitmentId}
            className={row.retired ? "retired" : undefined}
          >
            <th scope="row">
              <Link to={`/commitments/${row.id}`}>{row.commitmentId}</Link>
              {row.retired && <span className="badge">{t("catalogue.retired")}</span>}
            </th>
            <td>{t(`type.${row.type}`)}</td>
            <td>
              <ul className="inline-list">
                {row.coreResponsibilities.map((number) => (
                  <li key={number}>
                    <abbr className="code" title={labels.coreResponsibility(number)}>
                      {t("coreResponsibility.short", { number })}
                    </abbr>
                  </li>
                ))}
              </ul>
            </td>
            <td>
              <ul className="inline-list">
                {row.transformations.map((link) => (
                  <li key={link.code}>
                    <TransformationCode link={link} />
                  </li>
                ))}
              </ul>
            </td>
            <td className="summary">{row.summary}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
