import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "./ErrorAlert";
import { ReviewStateBadge } from "./ReviewStateBadge";
import { StatusBadge } from "./StatusBadge";
import { useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";
import { reportHref } from "../addresses";
import type { Commitment } from "../bindings/Commitment";
import { useReportingYears } from "../session";
import { useReportRights } from "../account";

/** One row per reporting year, newest first, so that a missing report stands out. */
export function ReportYears({ commitment }: { commitment: Commitment }) {
  const { t } = useTranslation();
  const years = useReportingYears();
  const query = useQuery(apiQuery("list_reports", { commitment: commitment.id }));
  // "Write it" only for whoever may (a team server's viewers and other focal points read).
  const rights = useReportRights(commitment.id);
  const mayWrite = rights.known && rights.write === null;
  const byYear = new Map(query.data?.map((r) => [r.year, r]));

  if (query.error) {
    return (
      <ErrorAlert
        error={query.error}
        action={{ label: t("app.retry"), onClick: () => void query.refetch() }}
      >
        {t("reports.loadFailed")}
      </ErrorAlert>
    );
  }
  return (
    <div className="table-scroll">
      <table className="data-table report-years" data-testid="report-years" aria-busy={query.isFetching}>
        <caption className="visually-hidden">{t("reports.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reports.column.year")}</th>
            <th scope="col">{t("reports.column.status")}</th>
            <th scope="col">{t("reports.column.review")}</th>
            <th scope="col">{t("reports.column.excerpt")}</th>
          </tr>
        </thead>
        <tbody>
          {years.map((year) => {
            const report = byYear.get(year);
            const href = reportHref(commitment, year);
            return (
              <tr key={year} data-year={year} className={report ? undefined : "gap"}>
                <th scope="row">
                  <Link to={href} aria-label={t("reports.yearLink", { year })}>
                    {year}
                  </Link>
                </th>
                {report ? (
                  <>
                    <td>
                      <StatusBadge status={report.status} />
                    </td>
                    <td>
                      <ReviewStateBadge state={report.reviewState} />
                    </td>
                    <td className="excerpt">{report.excerpt || t("reports.noText")}</td>
                  </>
                ) : (
                  <>
                    <td className="muted">{query.data ? t("reports.none") : ""}</td>
                    <td />
                    <td>
                      {query.data && mayWrite && (
                        <Link to={href} aria-label={t("reports.writeFor", { year })}>
                          {t("reports.write")}
                        </Link>
                      )}
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
