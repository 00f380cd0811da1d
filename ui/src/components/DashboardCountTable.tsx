import { useTranslation } from "react-i18next";
import { formatShare } from "../statusCycle";

export type CountRow = { key: string; label: string; count: number; color: string };

type Props = {
  caption: string;
  /** Heading of the first column ("Status", "Review state"). */
  header: string;
  rows: CountRow[];
  /** All the commitments counted (the share's denominator and the footer). */
  total: number;
  testId: string;
};

/** The numbers of a chart, as a table: one row per slice, with its share of the catalogue. */
export function DashboardCountTable({ caption, header, rows, total, testId }: Props) {
  const { t, i18n } = useTranslation("status");
  return (
    <div className="table-scroll">
      <table className="data-table count-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{header}</th>
            <th scope="col" className="num">
              {t("table.commitments")}
            </th>
            <th scope="col" className="num">
              {t("table.share")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-key={row.key}>
              <th scope="row">
                <span className="swatch" style={{ backgroundColor: row.color }} aria-hidden="true" />
                {row.label}
              </th>
              <td className="num" data-col="count">
                {row.count}
              </td>
              <td className="num" data-col="share">
                {formatShare(row.count, total, i18n.resolvedLanguage)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-key="total">
            <th scope="row">{t("table.allCommitments")}</th>
            <td className="num" data-col="count">
              {total}
            </td>
            <td className="num" data-col="share">
              {formatShare(total, total, i18n.resolvedLanguage)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
