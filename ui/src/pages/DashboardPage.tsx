import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { Breakdown } from "../bindings/Breakdown";
import { CycleStatus } from "../components/CycleStatus";
import { DashboardCountChart } from "../components/DashboardCountChart";
import { DashboardCountTable, type CountRow } from "../components/DashboardCountTable";
import { DashboardFramework } from "../components/DashboardFramework";
import type { Series } from "../components/DashboardGroupChart";
import { DashboardSummary } from "../components/DashboardSummary";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";
import { REVIEW_STATES, STATUSES } from "../reports";
import { useAppInfo, useReportingYears } from "../session";
import { NO_REPORT_COLOR, REVIEW_COLORS, STATUS_COLORS } from "../statusColors";
import { cyclePhase } from "../statusCycle";
import "../styles/status.css";

type BreakBy = "status" | "review";

/** `#/dashboard?year=2019&by=review`: where every commitment stands in a year. */
export function DashboardPage() {
  const { t } = useTranslation("status");
  const { t: tc } = useTranslation();
  const { currentYear } = useAppInfo();
  const years = useReportingYears();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("year"));
  const year = years.includes(asked) ? asked : currentYear;
  const by: BreakBy = params.get("by") === "review" ? "review" : "status";
  const query = useQuery({ ...apiQuery("dashboard", { year }), placeholderData: keepPreviousData });
  // Never show another year's numbers under this year's heading while it loads.
  const dashboard = query.data?.year === year ? query.data : undefined;

  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };

  const noReport = (group: Breakdown) => group.commitments - group.withReport;
  const statusSeries: Series[] = [
    ...STATUSES.map((status) => ({
      key: `status-${status}`,
      label: tc(`status.${status}`),
      color: STATUS_COLORS[status],
      count: (group: Breakdown) => group.byStatus.find((s) => s.status === status)?.count ?? 0,
    })),
    { key: "none", label: t("table.noReport"), color: NO_REPORT_COLOR, count: noReport },
  ];
  const reviewSeries: Series[] = [
    ...REVIEW_STATES.map((state) => ({
      key: `review-${state}`,
      label: tc(`reviewState.${state}`),
      color: REVIEW_COLORS[state],
      count: (group: Breakdown) => group.byReview.find((s) => s.state === state)?.count ?? 0,
    })),
    { key: "none", label: t("table.noReport"), color: NO_REPORT_COLOR, count: noReport },
  ];
  const series = by === "review" ? reviewSeries : statusSeries;
  // The same series as table rows, for the totals.
  const rowsOf = (list: Series[], totals: Breakdown): CountRow[] =>
    list.map((s) => ({
      key: s.key.replace(/^(status|review)-/, ""),
      label: s.label,
      count: s.count(totals),
      color: s.color,
    }));

  return (
    <section className="dashboard" data-testid="dashboard" aria-labelledby="dashboard-heading">
      <div className="page-title">
        <PageHeading id="dashboard-heading">{t("dashboard.heading", { year })}</PageHeading>
        <div className="filter inline-filter">
          <label htmlFor="dashboard-year">{t("dashboard.year")}</label>
          <select
            id="dashboard-year"
            value={year}
            onChange={(e) => setParam("year", e.target.value)}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>

      {query.error && (
        <ErrorAlert
          error={query.error}
          action={{ label: tc("app.retry"), onClick: () => void query.refetch() }}
        >
          {t("dashboard.loadFailed", { year })}
        </ErrorAlert>
      )}
      {!dashboard ? (
        !query.error && <p role="status">{tc("app.loading")}</p>
      ) : (
        <div aria-busy={query.isFetching} className="dashboard-body">
          <DashboardSummary dashboard={dashboard} />
          <CycleStatus dashboard={dashboard} />

          <div className="dash-grid">
            <section aria-labelledby="dash-status-heading" className="dash-panel">
              <h2 id="dash-status-heading">{t("dashboard.byStatus")}</h2>
              <DashboardCountChart
                kind="doughnut"
                rows={rowsOf(statusSeries, dashboard.totals)}
                label={t("dashboard.statusChart", { year })}
                testId="dash-status-chart"
              />
              <DashboardCountTable
                caption={t("dashboard.statusCaption", { year })}
                header={t("table.status")}
                rows={rowsOf(statusSeries, dashboard.totals)}
                total={dashboard.totals.commitments}
                testId="dash-status-table"
              />
            </section>
            <section aria-labelledby="dash-review-heading" className="dash-panel">
              <h2 id="dash-review-heading">{t("dashboard.byReview")}</h2>
              <DashboardCountChart
                kind="bar"
                rows={rowsOf(reviewSeries, dashboard.totals)}
                label={t("dashboard.reviewChart", { year })}
                testId="dash-review-chart"
              />
              <DashboardCountTable
                caption={t("dashboard.reviewCaption", { year })}
                header={t("table.review")}
                rows={rowsOf(reviewSeries, dashboard.totals)}
                total={dashboard.totals.commitments}
                testId="dash-review-table"
              />
            </section>
          </div>

          <section aria-labelledby="dash-breakdown-heading" className="dash-breakdowns">
            <div className="breakdown-head">
              <h2 id="dash-breakdown-heading">{t("dashboard.breakdowns")}</h2>
              <fieldset className="segmented">
                <legend>{t("dashboard.breakBy")}</legend>
                {(["status", "review"] as const).map((option) => (
                  <label key={option} className={option === by ? "selected" : undefined}>
                    <input
                      type="radio"
                      name="break-by"
                      value={option}
                      checked={option === by}
                      data-testid={`break-by-${option}`}
                      onChange={() => setParam("by", option === "status" ? null : option)}
                    />
                    {t(`dashboard.breakByOption.${option}`)}
                  </label>
                ))}
              </fieldset>
            </div>
            <p className="note" data-testid="dash-count-note">
              {t("dashboard.countsOnce")}
            </p>

            {dashboard.byFramework.map((breakdown) => (
              <DashboardFramework
                key={breakdown.framework}
                breakdown={breakdown}
                series={series}
                by={by}
                year={year}
                phase={cyclePhase(dashboard)}
              />
            ))}
          </section>
        </div>
      )}
    </section>
  );
}
