import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { PendingNotice } from "../components/PendingNotice";
import { ReportWorkspace } from "../components/ReportWorkspace";
import { commitmentHref, reportHref, useAddressedCommitment } from "../addresses";
import { useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";
import { useAppInfo } from "../session";

/** `#/commitments/:org/:ref/reports/:year`. */
export function ReportPage() {
  const { year = "" } = useParams();
  const { key } = useAddressedCommitment();
  // A fresh page per commitment and year: focus, state and loads start over.
  return <ReportPageContent key={`${key}/${year}`} yearParam={year} />;
}

function ReportPageContent({ yearParam }: { yearParam: string }) {
  const { t } = useTranslation();
  const { firstYear, currentYear } = useAppInfo();
  const year = Number(yearParam);
  const validYear = Number.isInteger(year) && year >= firstYear && year <= currentYear + 1;
  const { query: commitment } = useAddressedCommitment();
  const id = commitment.data?.id;
  const key = validYear && id ? { commitment: id, year } : null;
  // Read once for the workspace, which then owns the report (asked again after a change, for
  // whoever else shows it, without starting the workspace over).
  const found = useQuery(apiQuery("find_report", key));
  const kept = useQuery(apiQuery("autosave_get", key));

  if (!validYear) {
    return (
      <section data-testid="report-page">
        <PageHeading>{t("report.badYear", { year: yearParam })}</PageHeading>
        <p>{t("report.yearRange", { first: firstYear, last: currentYear + 1 })}</p>
        {commitment.data && (
          <Link to={commitmentHref(commitment.data)}>{t("report.backToCommitment")}</Link>
        )}
      </section>
    );
  }
  const failed = commitment.error ?? found.error ?? kept.error;
  if (failed) {
    const retry = () => {
      commitment.reload();
      void found.refetch();
      void kept.refetch();
    };
    return (
      <ErrorAlert error={failed} action={{ label: t("app.retry"), onClick: retry }}>
        {t("report.loadFailed")}
      </ErrorAlert>
    );
  }
  if (!commitment.data || !key || found.data === undefined || kept.isPending) {
    return <p role="status">{t("app.loading")}</p>;
  }
  const c = commitment.data;

  return (
    <section className="report-page" data-testid="report-page" aria-labelledby="report-heading">
      <nav className="breadcrumbs" aria-label={t("report.breadcrumbs")}>
        <Link to={commitmentHref(c)}>{t("detail.heading", { id: c.commitmentId })}</Link>
      </nav>
      <PageHeading id="report-heading">
        {t("report.heading", { id: c.commitmentId, year })}
      </PageHeading>
      <nav className="year-nav" aria-label={t("report.otherYears")}>
        {year > firstYear && (
          <Link to={reportHref(c, year - 1)} rel="prev">
            {t("report.previousYear", { year: year - 1 })}
          </Link>
        )}
        {year <= currentYear && (
          <Link to={reportHref(c, year + 1)} rel="next">
            {t("report.nextYear", { year: year + 1 })}
          </Link>
        )}
      </nav>
      <PendingNotice commitment={c.id} year={year} />
      <ReportWorkspace
        commitment={c}
        year={year}
        initialReport={found.data}
        initialKept={kept.data ?? null}
      />
    </section>
  );
}
